/* dao-keyword.c — the keyword table after the data (format §3).
 *
 * Strings in the file are fixed-size and need not be NUL-terminated; every
 * copy handed out is. Writes refuse what does not fit rather than cutting a
 * name or a value short without saying so.
 */
#include <errno.h>
#include <string.h>

#include "dao-private.h"

static void copy_out(const dao__keyword *kw, dao_keyword *out)
{
    memset(out, 0, sizeof(*out));
    memcpy(out->name, kw->name, sizeof(kw->name));
    memcpy(out->comment, kw->comment, sizeof(kw->comment));
    switch (kw->type) {
    case DAO_KEYWORD_INT:
        out->type = DAO_KEYWORD_INT;
        out->value.i = kw->value.i;
        break;
    case DAO_KEYWORD_DOUBLE:
        out->type = DAO_KEYWORD_DOUBLE;
        out->value.d = kw->value.d;
        break;
    case DAO_KEYWORD_STRING:
        out->type = DAO_KEYWORD_STRING;
        memcpy(out->value.s, kw->value.s, sizeof(kw->value.s));
        break;
    default:
        out->type = DAO_KEYWORD_UNUSED;
        break;
    }
}

static bool is_used(const dao__keyword *kw)
{
    return kw->type == DAO_KEYWORD_INT || kw->type == DAO_KEYWORD_DOUBLE || kw->type == DAO_KEYWORD_STRING;
}

unsigned dao_stream_keyword_capacity(const dao_stream *s)
{
    return s->nkeywords;
}

int dao_stream_keyword_get(const dao_stream *s, unsigned index, dao_keyword *out)
{
    if (index >= s->nkeywords || !out)
        return -EINVAL;
    copy_out(&s->keywords[index], out);
    return 0;
}

static int find_index(const dao_stream *s, const char *name)
{
    for (unsigned k = 0; k < s->nkeywords; k++) {
        const dao__keyword *kw = &s->keywords[k];
        if (is_used(kw) && strncmp(kw->name, name, sizeof(kw->name)) == 0)
            return (int)k;
    }
    return DAO_E_NO_KEYWORD;
}

int dao_stream_keyword_find(const dao_stream *s, const char *name, dao_keyword *out)
{
    if (!name || !out)
        return -EINVAL;
    int k = find_index(s, name);
    if (k < 0)
        return k;
    copy_out(&s->keywords[k], out);
    return 0;
}

/* Fills the slot for `name` with everything but the value, which the caller
 * stores next. */
static int prepare(dao_stream *s, const char *name, const char *comment, char type, dao__keyword **out)
{
    if (s->read_only)
        return DAO_E_READ_ONLY;
    if (!name || !*name)
        return -EINVAL;
    if (strlen(name) > DAO_KEYWORD_NAME_MAX)
        return -ENAMETOOLONG;
    if (comment && strlen(comment) > DAO_KEYWORD_COMMENT_MAX)
        return -EOVERFLOW;
    int k = find_index(s, name);
    if (k == DAO_E_NO_KEYWORD) {
        for (unsigned i = 0; i < s->nkeywords && k < 0; i++) {
            if (!is_used(&s->keywords[i]))
                k = (int)i;
        }
        if (k < 0)
            return DAO_E_KEYWORDS_FULL;
    }
    dao__keyword *kw = &s->keywords[k];
    memset(kw, 0, sizeof(*kw));
    /* Lengths were checked above; the file's fields need no terminator. */
    memcpy(kw->name, name, strlen(name));
    if (comment)
        memcpy(kw->comment, comment, strlen(comment));
    kw->type = type;
    *out = kw;
    return 0;
}

int dao_stream_keyword_set_int(dao_stream *s, const char *name, int64_t value, const char *comment)
{
    dao__keyword *kw;
    int rc = prepare(s, name, comment, DAO_KEYWORD_INT, &kw);
    if (rc == 0)
        kw->value.i = value;
    return rc;
}

int dao_stream_keyword_set_double(dao_stream *s, const char *name, double value, const char *comment)
{
    dao__keyword *kw;
    int rc = prepare(s, name, comment, DAO_KEYWORD_DOUBLE, &kw);
    if (rc == 0)
        kw->value.d = value;
    return rc;
}

int dao_stream_keyword_set_string(dao_stream *s, const char *name, const char *value, const char *comment)
{
    if (!value)
        return -EINVAL;
    if (strlen(value) > DAO_KEYWORD_STRING_MAX)
        return -EOVERFLOW;
    dao__keyword *kw;
    int rc = prepare(s, name, comment, DAO_KEYWORD_STRING, &kw);
    if (rc == 0)
        memcpy(kw->value.s, value, strlen(value));
    return rc;
}
