/* daoview-capture-json.c — a frame's header values as JSON, to keep beside
 * a .npy file, whose own header has room for dtype and shape only.
 *
 *     {
 *       "format": "daoview-frame-header/1",
 *       "stream": "/tmp/cam.im.shm",
 *       "counter": 1234,
 *       "write_time_ns": 1764354612123456789,
 *       "write_time": "2025-11-28T18:30:12.123456789Z",
 *       "dtype": "uint16",
 *       "shape": [512, 640],
 *       "keywords": [
 *         {"name": "EXPTIME", "type": "double", "value": 0.001, "comment": "s"}
 *       ]
 *     }
 *
 * Keywords are a list, in the stream's order, so that duplicate names in a
 * foreign stream survive. Strings are UTF-8 (bytes that are not become
 * U+FFFD); NaN and infinities, which JSON numbers cannot express, are the
 * strings "NaN", "Inf" and "-Inf" as in the FITS header. Fields the caller
 * left unknown (no stream path, write time 0) are null. */
/* open_memstream() is POSIX 2008; the project builds with _GNU_SOURCE. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daoview-capture-i18n.h"
#include "daoview-capture-private.h"

/* Length of the valid UTF-8 sequence at s (1 … 4), or 0 if it is not one. */
static int utf8_sequence_length(const unsigned char *s)
{
    int n;
    unsigned min;
    unsigned cp;
    if (s[0] < 0x80)
        return 1;
    else if ((s[0] & 0xe0) == 0xc0)
        n = 2, min = 0x80, cp = s[0] & 0x1f;
    else if ((s[0] & 0xf0) == 0xe0)
        n = 3, min = 0x800, cp = s[0] & 0x0f;
    else if ((s[0] & 0xf8) == 0xf0)
        n = 4, min = 0x10000, cp = s[0] & 0x07;
    else
        return 0;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80) /* also stops at the NUL */
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    /* Overlong forms, surrogates and code points past Unicode are invalid. */
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

static void put_string(FILE *out, const char *text)
{
    const unsigned char *s = (const unsigned char *)text;
    fputc('"', out);
    while (*s) {
        int n = utf8_sequence_length(s);
        if (n == 0) {
            fputs("\\ufffd", out);
            s++;
        } else if (n > 1) {
            fwrite(s, 1, (size_t)n, out);
            s += n;
        } else {
            if (*s == '"' || *s == '\\')
                fprintf(out, "\\%c", *s);
            else if (*s < 0x20)
                fprintf(out, "\\u%04x", *s);
            else
                fputc(*s, out);
            s++;
        }
    }
    fputc('"', out);
}

static void put_double(FILE *out, double value)
{
    if (isnan(value)) {
        fputs("\"NaN\"", out);
    } else if (isinf(value)) {
        fputs(value > 0 ? "\"Inf\"" : "\"-Inf\"", out);
    } else {
        /* The fewest digits that read back as the same double. */
        char text[40];
        for (int digits = 15; digits <= 17; digits++) {
            snprintf(text, sizeof text, "%.*g", digits, value);
            if (strtod(text, NULL) == value)
                break;
        }
        fputs(text, out);
    }
}

static void put_keyword(FILE *out, const dao_keyword *kw)
{
    fputs("    {\"name\": ", out);
    put_string(out, kw->name);
    switch (kw->type) {
    case DAO_KEYWORD_INT:
        fprintf(out, ", \"type\": \"int\", \"value\": %lld", (long long)kw->value.i);
        break;
    case DAO_KEYWORD_DOUBLE:
        fputs(", \"type\": \"double\", \"value\": ", out);
        put_double(out, kw->value.d);
        break;
    default:
        fputs(", \"type\": \"string\", \"value\": ", out);
        put_string(out, kw->value.s);
        break;
    }
    fputs(", \"comment\": ", out);
    put_string(out, kw->comment);
    fputs("}", out);
}

static void put_header(FILE *out, const daoview_capture_frame *frame, const daoview_capture_meta *meta)
{
    fputs("{\n  \"format\": \"daoview-frame-header/1\",\n  \"stream\": ", out);
    if (meta && meta->stream_path)
        put_string(out, meta->stream_path);
    else
        fputs("null", out);
    if (meta)
        fprintf(out, ",\n  \"counter\": %llu", (unsigned long long)meta->counter);
    else
        fputs(",\n  \"counter\": null", out);
    if (meta && meta->write_time_ns != 0) {
        char iso[64];
        daoview_capture__iso8601_utc(meta->write_time_ns, iso, sizeof iso);
        fprintf(out, ",\n  \"write_time_ns\": %lld,\n  \"write_time\": \"%sZ\"",
                (long long)meta->write_time_ns, iso);
    } else {
        fputs(",\n  \"write_time_ns\": null,\n  \"write_time\": null", out);
    }
    fprintf(out, ",\n  \"dtype\": \"%s\",\n  \"shape\": [", dao_type_name(frame->type));
    for (unsigned i = 0; i < frame->naxis; i++)
        fprintf(out, i ? ", %u" : "%u", frame->shape[i]);
    fputs("],\n  \"keywords\": [", out);
    int first = 1;
    for (unsigned i = 0; meta && i < meta->n_keywords; i++) {
        const dao_keyword *kw = &meta->keywords[i];
        if (kw->type == DAO_KEYWORD_UNUSED || !kw->name[0])
            continue;
        fputs(first ? "\n" : ",\n", out);
        put_keyword(out, kw);
        first = 0;
    }
    fputs(first ? "]\n}\n" : "\n  ]\n}\n", out);
}

int daoview_capture_save_header_json(const char *path, const daoview_capture_frame *frame,
                                     const daoview_capture_meta *meta, daoview_capture_error *err)
{
    int rc = daoview_capture__check_path(path, err);
    if (rc < 0)
        return rc;
    rc = daoview_capture__check_frame(frame, err);
    if (rc < 0)
        return rc;

    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out)
        return daoview_capture__fail(err, -ENOMEM, _("Not enough memory to save “%s”."), path);
    put_header(out, frame, meta);
    if (fclose(out) != 0) {
        free(text);
        return daoview_capture__fail(err, -ENOMEM, _("Not enough memory to save “%s”."), path);
    }
    struct iovec part = {.iov_base = text, .iov_len = len};
    rc = daoview_capture__write_file(path, &part, 1, err);
    free(text);
    return rc;
}
