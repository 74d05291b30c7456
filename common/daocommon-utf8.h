/* daocommon-utf8.h — telling well-formed UTF-8 from other bytes.
 *
 * Stream paths, keyword names and comments are bytes: a file name need not
 * be UTF-8, and a foreign writer may put Latin-1 in a comment. Everything
 * that hands such text to a format that must be UTF-8 (JSON, Python str)
 * decides byte sequence by byte sequence with this one function.
 */
#ifndef DAOCOMMON_UTF8_H
#define DAOCOMMON_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Length (1 … 4) of the well-formed UTF-8 sequence that starts at `s`, or 0
 * when the bytes there are not one: a stray continuation byte, a lead byte
 * without its continuations (the NUL that ends a string stops the check),
 * an overlong form, a UTF-16 surrogate or a code point above U+10FFFF.
 * `s` points into a NUL-terminated string; *s == 0 gives 1. */
size_t daocommon_utf8_sequence_length(const unsigned char *s);

/* Is the whole NUL-terminated string well-formed UTF-8? */
bool daocommon_utf8_is_valid(const char *text);

#ifdef __cplusplus
}
#endif

#endif /* DAOCOMMON_UTF8_H */
