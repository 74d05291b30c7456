/* keywords.c — see keywords.h. */
#include "keywords.h"

#include <stdio.h>

static const char *kind(char type)
{
    switch (type) {
    case DAO_KEYWORD_INT:
        return "int";
    case DAO_KEYWORD_DOUBLE:
        return "double";
    case DAO_KEYWORD_STRING:
        return "string";
    default:
        return NULL;
    }
}

/* Entry k if it is used. */
static bool used_entry(const dao_stream *s, unsigned k, dao_keyword *kw)
{
    return dao_stream_keyword_get(s, k, kw) == 0 && kind(kw->type);
}

void daoctl_keywords_json(daocommon_json *j, const dao_stream *s)
{
    daocommon_json_kv_uint(j, "keyword_capacity", dao_stream_keyword_capacity(s));
    daocommon_json_key(j, "keywords");
    daocommon_json_begin_array(j);
    for (unsigned k = 0; k < dao_stream_keyword_capacity(s); k++) {
        dao_keyword kw;
        if (!used_entry(s, k, &kw))
            continue;
        daocommon_json_begin_object(j);
        daocommon_json_kv_uint(j, "index", k);
        daocommon_json_kv_string(j, "name", kw.name);
        daocommon_json_kv_string(j, "type", kind(kw.type));
        daocommon_json_key(j, "value");
        if (kw.type == DAO_KEYWORD_INT)
            daocommon_json_int(j, kw.value.i);
        else if (kw.type == DAO_KEYWORD_DOUBLE)
            daocommon_json_double(j, kw.value.d);
        else
            daocommon_json_string(j, kw.value.s);
        daocommon_json_kv_string(j, "comment", kw.comment);
        daocommon_json_end_object(j);
    }
    daocommon_json_end_array(j);
}

void daoctl_keywords_text(const dao_stream *s, int label_width)
{
    unsigned used = 0, capacity = dao_stream_keyword_capacity(s);
    dao_keyword kw;
    for (unsigned k = 0; k < capacity; k++)
        used += used_entry(s, k, &kw);
    printf("%-*s%u of %u entries used\n", label_width, "keywords:", used, capacity);
    for (unsigned k = 0; k < capacity; k++) {
        if (!used_entry(s, k, &kw))
            continue;
        printf("  %-16s %-6s ", kw.name, kind(kw.type));
        if (kw.type == DAO_KEYWORD_INT)
            printf("%-20lld", (long long)kw.value.i);
        else if (kw.type == DAO_KEYWORD_DOUBLE)
            printf("%-20.10g", kw.value.d);
        else
            printf("%-20s", kw.value.s);
        printf(" %s\n", kw.comment);
    }
}
