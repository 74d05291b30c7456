/* json.c — see json.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

void json_init(json_writer *j, FILE *out, bool pretty)
{
    memset(j, 0, sizeof(*j));
    j->out = out;
    j->pretty = pretty;
}

static void newline_indent(json_writer *j)
{
    if (!j->pretty)
        return;
    fputc('\n', j->out);
    for (int i = 0; i < j->depth; i++)
        fputs("  ", j->out);
}

/* Everything that starts a value: the comma after a previous item and the
 * indentation, unless the value follows its key on the same line. */
static void before_value(json_writer *j)
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

static void open_container(json_writer *j, char bracket)
{
    before_value(j);
    fputc(bracket, j->out);
    if (j->depth + 1 < JSON_MAX_DEPTH)
        j->depth++;
    j->has_items[j->depth] = false;
}

static void close_container(json_writer *j, char bracket)
{
    bool had_items = j->has_items[j->depth];
    if (j->depth > 0)
        j->depth--;
    if (had_items)
        newline_indent(j);
    fputc(bracket, j->out);
}

void json_begin_object(json_writer *j)
{
    open_container(j, '{');
}

void json_end_object(json_writer *j)
{
    close_container(j, '}');
}

void json_begin_array(json_writer *j)
{
    open_container(j, '[');
}

void json_end_array(json_writer *j)
{
    close_container(j, ']');
}

/* Length of the well-formed UTF-8 sequence at s (1 … 4), or 0 if the bytes
 * there are not one: stray continuation bytes, overlong forms, surrogates and
 * code points above U+10FFFF are all refused. */
static size_t utf8_sequence_length(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) /* also stops at the terminating NUL */
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

void json_write_escaped(FILE *out, const char *text)
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
                size_t len = utf8_sequence_length(s);
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

void json_key(json_writer *j, const char *key)
{
    before_value(j);
    json_write_escaped(j->out, key);
    fputs(j->pretty ? ": " : ":", j->out);
    j->after_key = true;
}

void json_string(json_writer *j, const char *value)
{
    if (!value) {
        json_null(j);
        return;
    }
    before_value(j);
    json_write_escaped(j->out, value);
}

void json_int(json_writer *j, int64_t value)
{
    before_value(j);
    fprintf(j->out, "%lld", (long long)value);
}

void json_uint(json_writer *j, uint64_t value)
{
    before_value(j);
    fprintf(j->out, "%llu", (unsigned long long)value);
}

void json_double(json_writer *j, double value)
{
    if (!isfinite(value)) {
        json_null(j); /* JSON has no NaN or Infinity */
        return;
    }
    before_value(j);
    /* The shortest of %.15g and %.17g that reads back as the same double:
     * 0.2 stays "0.2", and nothing is lost. Both forms are valid JSON. */
    char buf[40];
    snprintf(buf, sizeof(buf), "%.15g", value);
    if (strtod(buf, NULL) != value)
        snprintf(buf, sizeof(buf), "%.17g", value);
    fputs(buf, j->out);
}

void json_bool(json_writer *j, bool value)
{
    before_value(j);
    fputs(value ? "true" : "false", j->out);
}

void json_null(json_writer *j)
{
    before_value(j);
    fputs("null", j->out);
}

void json_finish(json_writer *j)
{
    fputc('\n', j->out);
    fflush(j->out);
}

void json_kv_string(json_writer *j, const char *key, const char *value)
{
    json_key(j, key);
    json_string(j, value);
}

void json_kv_int(json_writer *j, const char *key, int64_t value)
{
    json_key(j, key);
    json_int(j, value);
}

void json_kv_uint(json_writer *j, const char *key, uint64_t value)
{
    json_key(j, key);
    json_uint(j, value);
}

void json_kv_double(json_writer *j, const char *key, double value)
{
    json_key(j, key);
    json_double(j, value);
}

void json_kv_bool(json_writer *j, const char *key, bool value)
{
    json_key(j, key);
    json_bool(j, value);
}
