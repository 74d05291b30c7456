/* daocommon-json.c — see daocommon-json.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "daocommon-json.h"
#include "daocommon-utf8.h"

void daocommon_json_init(daocommon_json *j, FILE *out, bool pretty)
{
    memset(j, 0, sizeof(*j));
    j->out = out;
    j->pretty = pretty;
}

static void newline_indent(daocommon_json *j)
{
    if (!j->pretty)
        return;
    fputc('\n', j->out);
    for (int i = 0; i < j->depth; i++)
        fputs("  ", j->out);
}

/* Everything that starts a value: the comma after a previous item and the
 * indentation, unless the value follows its key on the same line. */
static void before_value(daocommon_json *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->depth > 0) {
        if (j->has_items[j->depth])
            fputc(',', j->out);
        j->has_items[j->depth] = true;
        newline_indent(j);
    }
}

static void open_container(daocommon_json *j, char bracket)
{
    before_value(j);
    fputc(bracket, j->out);
    if (j->depth + 1 < DAOCOMMON_JSON_MAX_DEPTH)
        j->depth++;
    j->has_items[j->depth] = false;
}

static void close_container(daocommon_json *j, char bracket)
{
    bool had_items = j->has_items[j->depth];
    if (j->depth > 0)
        j->depth--;
    if (had_items)
        newline_indent(j);
    fputc(bracket, j->out);
}

void daocommon_json_begin_object(daocommon_json *j)
{
    open_container(j, '{');
}

void daocommon_json_end_object(daocommon_json *j)
{
    close_container(j, '}');
}

void daocommon_json_begin_array(daocommon_json *j)
{
    open_container(j, '[');
}

void daocommon_json_end_array(daocommon_json *j)
{
    close_container(j, ']');
}

void daocommon_json_write_string(FILE *out, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    fputc('"', out);
    while (*s) {
        unsigned char c = *s;
        switch (c) {
        case '"':
            fputs("\\\"", out);
            break;
        case '\\':
            fputs("\\\\", out);
            break;
        case '\b':
            fputs("\\b", out);
            break;
        case '\f':
            fputs("\\f", out);
            break;
        case '\n':
            fputs("\\n", out);
            break;
        case '\r':
            fputs("\\r", out);
            break;
        case '\t':
            fputs("\\t", out);
            break;
        default:
            if (c < 0x20 || c == 0x7F) {
                fprintf(out, "\\u%04x", c);
            } else if (c >= 0x80) {
                size_t len = daocommon_utf8_sequence_length(s);
                if (len == 0) {
                    fputs("\\ufffd", out);
                } else {
                    fwrite(s, 1, len, out);
                    s += len - 1;
                }
            } else {
                fputc(c, out);
            }
        }
        s++;
    }
    fputc('"', out);
}

void daocommon_json_key(daocommon_json *j, const char *key)
{
    before_value(j);
    daocommon_json_write_string(j->out, key);
    fputs(j->pretty ? ": " : ":", j->out);
    j->after_key = true;
}

void daocommon_json_string(daocommon_json *j, const char *value)
{
    if (!value) {
        daocommon_json_null(j);
        return;
    }
    before_value(j);
    daocommon_json_write_string(j->out, value);
}

void daocommon_json_int(daocommon_json *j, int64_t value)
{
    before_value(j);
    fprintf(j->out, "%lld", (long long)value);
}

void daocommon_json_uint(daocommon_json *j, uint64_t value)
{
    before_value(j);
    fprintf(j->out, "%llu", (unsigned long long)value);
}

int daocommon_json_format_double(char *buf, size_t len, double value)
{
    int n = 0;
    for (int digits = 15; digits <= 17; digits++) {
        n = snprintf(buf, len, "%.*g", digits, value);
        if (strtod(buf, NULL) == value)
            break;
    }
    return n;
}

void daocommon_json_double(daocommon_json *j, double value)
{
    if (!isfinite(value)) {
        daocommon_json_null(j); /* JSON has no NaN or Infinity */
        return;
    }
    before_value(j);
    char buf[40];
    daocommon_json_format_double(buf, sizeof(buf), value);
    fputs(buf, j->out);
}

void daocommon_json_bool(daocommon_json *j, bool value)
{
    before_value(j);
    fputs(value ? "true" : "false", j->out);
}

void daocommon_json_null(daocommon_json *j)
{
    before_value(j);
    fputs("null", j->out);
}

void daocommon_json_shape(daocommon_json *j, unsigned naxis, const uint32_t *shape)
{
    daocommon_json_begin_array(j);
    for (unsigned i = 0; i < naxis; i++)
        daocommon_json_uint(j, shape[i]);
    daocommon_json_end_array(j);
}

void daocommon_json_finish(daocommon_json *j)
{
    fputc('\n', j->out);
    fflush(j->out);
}

void daocommon_json_kv_string(daocommon_json *j, const char *key, const char *value)
{
    daocommon_json_key(j, key);
    daocommon_json_string(j, value);
}

void daocommon_json_kv_int(daocommon_json *j, const char *key, int64_t value)
{
    daocommon_json_key(j, key);
    daocommon_json_int(j, value);
}

void daocommon_json_kv_uint(daocommon_json *j, const char *key, uint64_t value)
{
    daocommon_json_key(j, key);
    daocommon_json_uint(j, value);
}

void daocommon_json_kv_double(daocommon_json *j, const char *key, double value)
{
    daocommon_json_key(j, key);
    daocommon_json_double(j, value);
}

void daocommon_json_kv_bool(daocommon_json *j, const char *key, bool value)
{
    daocommon_json_key(j, key);
    daocommon_json_bool(j, value);
}
