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
 * (Indented one value a line by common/daocommon-json.h; shown denser here.)
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

#include "daocommon-json.h"
#include "daoview-capture-i18n.h"
#include "daoview-capture-private.h"

/* JSON numbers cannot be NaN or infinite: this document spells them as
 * strings, the way its FITS twin does. */
static void put_double(daocommon_json *j, double value)
{
    if (isnan(value))
        daocommon_json_string(j, "NaN");
    else if (isinf(value))
        daocommon_json_string(j, value > 0 ? "Inf" : "-Inf");
    else
        daocommon_json_double(j, value);
}

static void put_keyword(daocommon_json *j, const dao_keyword *kw)
{
    daocommon_json_begin_object(j);
    daocommon_json_kv_string(j, "name", kw->name);
    switch (kw->type) {
    case DAO_KEYWORD_INT:
        daocommon_json_kv_string(j, "type", "int");
        daocommon_json_kv_int(j, "value", kw->value.i);
        break;
    case DAO_KEYWORD_DOUBLE:
        daocommon_json_kv_string(j, "type", "double");
        daocommon_json_key(j, "value");
        put_double(j, kw->value.d);
        break;
    default:
        daocommon_json_kv_string(j, "type", "string");
        daocommon_json_kv_string(j, "value", kw->value.s);
        break;
    }
    daocommon_json_kv_string(j, "comment", kw->comment);
    daocommon_json_end_object(j);
}

static void put_header(FILE *out, const daoview_capture_frame *frame, const daoview_capture_meta *meta)
{
    daocommon_json j;
    daocommon_json_init(&j, out, true);
    daocommon_json_begin_object(&j);
    daocommon_json_kv_string(&j, "format", "daoview-frame-header/1");
    daocommon_json_kv_string(&j, "stream", meta ? meta->stream_path : NULL);
    daocommon_json_key(&j, "counter");
    if (meta)
        daocommon_json_uint(&j, meta->counter);
    else
        daocommon_json_null(&j);
    if (meta && meta->write_time_ns != 0) {
        char iso[64];
        daoview_capture__iso8601_utc(meta->write_time_ns, iso, sizeof iso);
        strcat(iso, "Z");
        daocommon_json_kv_int(&j, "write_time_ns", meta->write_time_ns);
        daocommon_json_kv_string(&j, "write_time", iso);
    } else {
        daocommon_json_key(&j, "write_time_ns");
        daocommon_json_null(&j);
        daocommon_json_key(&j, "write_time");
        daocommon_json_null(&j);
    }
    daocommon_json_kv_string(&j, "dtype", dao_type_name(frame->type));
    daocommon_json_key(&j, "shape");
    daocommon_json_shape(&j, frame->naxis, frame->shape);
    daocommon_json_key(&j, "keywords");
    daocommon_json_begin_array(&j);
    for (unsigned i = 0; meta && i < meta->n_keywords; i++) {
        const dao_keyword *kw = &meta->keywords[i];
        if (kw->type != DAO_KEYWORD_UNUSED && kw->name[0])
            put_keyword(&j, kw);
    }
    daocommon_json_end_array(&j);
    daocommon_json_end_object(&j);
    daocommon_json_finish(&j);
}

int daoview_capture_save_header_json(const char *path, const daoview_capture_frame *frame,
                                     const daoview_capture_meta *meta, daoview_capture_error *err)
{
    int rc = daoview_capture__check_save(path, frame, err);
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
