/* json.h — a small streaming JSON writer for daoctl's --json output.
 *
 * Call in document order: begin/end objects and arrays, and inside an object
 * give each value a key first. The writer tracks commas and indentation, and
 * escapes strings so that any byte sequence — a file name is not necessarily
 * UTF-8 — comes out as valid JSON (bytes that are not UTF-8 become U+FFFD).
 */
#ifndef DAOCTL_JSON_H
#define DAOCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

typedef struct json_writer {
    FILE *out;
    bool pretty;   /* indented, one value a line; else a single line */
    int depth;
    bool has_items[JSON_MAX_DEPTH]; /* a comma is due before the next item */
    bool after_key;                 /* the next value completes a key */
} json_writer;

void json_init(json_writer *j, FILE *out, bool pretty);

void json_begin_object(json_writer *j);
void json_end_object(json_writer *j);
void json_begin_array(json_writer *j);
void json_end_array(json_writer *j);

void json_key(json_writer *j, const char *key);

void json_string(json_writer *j, const char *value); /* NULL writes null */
void json_int(json_writer *j, int64_t value);
void json_uint(json_writer *j, uint64_t value);
void json_double(json_writer *j, double value); /* NaN and infinities write null */
void json_bool(json_writer *j, bool value);
void json_null(json_writer *j);

/* Ends the document: a newline after the last closing bracket. */
void json_finish(json_writer *j);

/* Shorthands for a key and its value. */
void json_kv_string(json_writer *j, const char *key, const char *value);
void json_kv_int(json_writer *j, const char *key, int64_t value);
void json_kv_uint(json_writer *j, const char *key, uint64_t value);
void json_kv_double(json_writer *j, const char *key, double value);
void json_kv_bool(json_writer *j, const char *key, bool value);

/* Writes `text` as a JSON string literal (with quotes) to `out`. */
void json_write_escaped(FILE *out, const char *text);

#endif /* DAOCTL_JSON_H */
