/* daocommon-json.h — a small streaming JSON writer, for everything daoctl
 * and daoview write as JSON (daoctl's --json documents, the header file
 * saved beside a .npy frame).
 *
 *     daocommon_json j;
 *     daocommon_json_init(&j, stdout, true);
 *     daocommon_json_begin_object(&j);
 *     daocommon_json_kv_string(&j, "path", path);
 *     daocommon_json_key(&j, "shape");
 *     daocommon_json_shape(&j, naxis, shape);
 *     daocommon_json_end_object(&j);
 *     daocommon_json_finish(&j);
 *
 * Call in document order: begin and end objects and arrays, and inside an
 * object give each value a key first. The writer places commas and
 * indentation, and escapes strings so that any byte sequence comes out as
 * valid JSON: a file name is not necessarily UTF-8, so bytes that are not
 * well-formed UTF-8 become U+FFFD (daocommon-utf8.h decides). Numbers are
 * written exactly: integers in full 64 bits, doubles with the fewest digits
 * that read back as the same double.
 *
 * Plain C and stdio: no GLib, no allocation. Errors of the FILE (a full
 * disk) are the caller's to check with ferror()/fclose().
 */
#ifndef DAOCOMMON_JSON_H
#define DAOCOMMON_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Nesting deeper than this is written flat (no indentation past it, and
 * commas may be missed): no document of ours comes close. */
#define DAOCOMMON_JSON_MAX_DEPTH 16

typedef struct daocommon_json {
    FILE *out;
    bool pretty; /* indented, one value a line; else a single line */
    int depth;
    bool has_items[DAOCOMMON_JSON_MAX_DEPTH]; /* a comma is due before the next item */
    bool after_key;                           /* the next value completes a key */
} daocommon_json;

void daocommon_json_init(daocommon_json *j, FILE *out, bool pretty);

void daocommon_json_begin_object(daocommon_json *j);
void daocommon_json_end_object(daocommon_json *j);
void daocommon_json_begin_array(daocommon_json *j);
void daocommon_json_end_array(daocommon_json *j);

void daocommon_json_key(daocommon_json *j, const char *key);

void daocommon_json_string(daocommon_json *j, const char *value); /* NULL writes null */
void daocommon_json_int(daocommon_json *j, int64_t value);
void daocommon_json_uint(daocommon_json *j, uint64_t value);
/* NaN and infinities, which JSON numbers cannot express, write null; a
 * document that must tell them apart writes strings of its own instead. */
void daocommon_json_double(daocommon_json *j, double value);
void daocommon_json_bool(daocommon_json *j, bool value);
void daocommon_json_null(daocommon_json *j);

/* A stream shape as an array of extents, C order: [480, 640]. */
void daocommon_json_shape(daocommon_json *j, unsigned naxis, const uint32_t *shape);

/* Ends the document: a newline after the last closing bracket, and a flush. */
void daocommon_json_finish(daocommon_json *j);

/* Shorthands for a key and its value. */
void daocommon_json_kv_string(daocommon_json *j, const char *key, const char *value);
void daocommon_json_kv_int(daocommon_json *j, const char *key, int64_t value);
void daocommon_json_kv_uint(daocommon_json *j, const char *key, uint64_t value);
void daocommon_json_kv_double(daocommon_json *j, const char *key, double value);
void daocommon_json_kv_bool(daocommon_json *j, const char *key, bool value);

/* Writes `text` as a JSON string literal, quotes included, to `out`. */
void daocommon_json_write_string(FILE *out, const char *text);

/* The shortest of %.15g, %.16g and %.17g that reads back as `value` exactly
 * (0.2 stays "0.2"); `value` must be finite. Returns what snprintf did. */
int daocommon_json_format_double(char *buf, size_t len, double value);

#ifdef __cplusplus
}
#endif

#endif /* DAOCOMMON_JSON_H */
