/* dao-keyword.c — the keyword table after the data (format §3).
 *
 * Strings in the file are fixed-size and need not be NUL-terminated; every
 * copy handed out is. Writes refuse what does not fit rather than cutting a
 * name or a value short without saying so. The table may be misaligned (it
 * starts wherever the data ends), so entries are copied in and out whole.
 */
#include <errno.h>
#include <string.h>

#include "dao-milk.h"
#include "dao-private.h"

static void load(const dao_stream *s, unsigned index, dao__keyword *kw)
{
    if (s->milk) {
        dao__milk_keyword_load_dao(s, index, kw);
        return;
    }
    memcpy(kw, s->keywords + (size_t)index * DAO__KEYWORD_SIZE, sizeof(*kw));
}

static void store(dao_stream *s, unsigned index, const dao__keyword *kw)
{
    memcpy(s->keywords + (size_t)index * DAO__KEYWORD_SIZE, kw, sizeof(*kw));
}

static bool is_used(const dao__keyword *kw)
{
    return kw->type == DAO_KEYWORD_INT || kw->type == DAO_KEYWORD_DOUBLE || kw->type == DAO_KEYWORD_STRING;
}

static void copy_out(const dao__keyword *kw, dao_keyword *out)
{
    memset(out, 0, sizeof(*out));
    memcpy(out->name, kw->name, sizeof(kw->name));
    memcpy(out->comment, kw->comment, sizeof(kw->comment));
    out->type = is_used(kw) ? kw->type : DAO_KEYWORD_UNUSED;
    if (kw->type == DAO_KEYWORD_INT)
        out->value.i = kw->value.i;
    else if (kw->type == DAO_KEYWORD_DOUBLE)
        out->value.d = kw->value.d;
    else if (kw->type == DAO_KEYWORD_STRING)
        memcpy(out->value.s, kw->value.s, sizeof(kw->value.s));
}

unsigned dao_stream_keyword_capacity(const dao_stream *s)
{
    return s->nkeywords;
}

int dao_stream_keyword_get(const dao_stream *s, unsigned index, dao_keyword *out)
{
    if (index >= s->nkeywords || !out)
        return -EINVAL;
    dao__keyword kw;
    load(s, index, &kw);
    copy_out(&kw, out);
    /* Zeros from a shrunk file, or another stream's table, are no answer. */
    return dao__check_mapping(s);
}

/* Index of the used entry named `name`; DAO_E_NO_KEYWORD if none. */
static int find_index(const dao_stream *s, const char *name)
{
    for (unsigned k = 0; k < s->nkeywords; k++) {
        dao__keyword kw;
        load(s, k, &kw);
        if (is_used(&kw) && strncmp(kw.name, name, sizeof(kw.name)) == 0)
            return (int)k;
    }
    return DAO_E_NO_KEYWORD;
}

int dao_stream_keyword_find(const dao_stream *s, const char *name, dao_keyword *out)
{
    if (!name || !out)
        return -EINVAL;
    int k = find_index(s, name);
    int changed = dao__check_mapping(s);
    if (changed < 0)
        return changed;
    if (k < 0)
        return k;
    return dao_stream_keyword_get(s, (unsigned)k, out);
}

/* Checks the strings, picks the entry (same name, else the first unused)
 * and fills `kw` with everything but the value. */
static int prepare(dao_stream *s, const char *name, const char *comment, char type, dao__keyword *kw)
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
    for (unsigned i = 0; i < s->nkeywords && k < 0; i++) {
        dao__keyword other;
        load(s, i, &other);
        if (!is_used(&other))
            k = (int)i;
    }
    int changed = dao__check_mapping(s);
    if (changed < 0)
        return changed; /* never write into another stream's table */
    if (k < 0)
        return DAO_E_KEYWORDS_FULL;
    memset(kw, 0, sizeof(*kw));
    /* Lengths were checked above; the file's fields need no terminator. */
    memcpy(kw->name, name, strlen(name));
    if (comment)
        memcpy(kw->comment, comment, strlen(comment));
    kw->type = type;
    return k;
}

/* Every setter: the entry with its name, comment and type from prepare(),
 * then the value's bytes (already checked to fit), stored whole. The value
 * is copied into a zeroed union, so a short string ends in NULs and no
 * stale byte of an earlier value stays in the file. */
static int set_entry(dao_stream *s, const char *name, const char *comment, char type, const void *value,
                     size_t value_size)
{
    dao__keyword kw;
    int k = prepare(s, name, comment, type, &kw);
    if (k < 0)
        return k;
    memcpy(&kw.value, value, value_size);
    store(s, (unsigned)k, &kw);
    return 0;
}

int dao_stream_keyword_set_int(dao_stream *s, const char *name, int64_t value, const char *comment)
{
    return set_entry(s, name, comment, DAO_KEYWORD_INT, &value, sizeof(value));
}

int dao_stream_keyword_set_double(dao_stream *s, const char *name, double value, const char *comment)
{
    return set_entry(s, name, comment, DAO_KEYWORD_DOUBLE, &value, sizeof(value));
}

int dao_stream_keyword_set_string(dao_stream *s, const char *name, const char *value, const char *comment)
{
    if (!value)
        return -EINVAL;
    if (strlen(value) > DAO_KEYWORD_STRING_MAX)
        return -EOVERFLOW;
    return set_entry(s, name, comment, DAO_KEYWORD_STRING, value, strlen(value));
}
