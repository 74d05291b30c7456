/* daoview-png-text.h — text chunks in a PNG file written by cairo or GDK
 * (neither writes any): the stream, frame counter and time a saved view or
 * screenshot shows, readable by any PNG tool (`exiftool`, `identify -verbose`,
 * Pillow's `Image.text`). Plain C, no GLib.
 *
 * The entries are iTXt chunks (PNG 1.2 §4.2.3.3: UTF-8, uncompressed, no
 * language tag), inserted right after IHDR; keywords must be 1 to 79
 * printable Latin-1 characters without leading, trailing or double spaces,
 * as the format requires. The file is rewritten whole through a temporary
 * file beside it, renamed over it once complete.
 */
#ifndef DAOVIEW_PNG_TEXT_H
#define DAOVIEW_PNG_TEXT_H

#include <stddef.h>

/* Add n entries (keys[i], values[i]) to the PNG at path. Returns 0, -errno
 * from the file system, or -EINVAL when the file is not a PNG (no
 * signature, no IHDR first) or a keyword is not valid. */
int daoview_png_add_text (const char *path, const char *const *keys, const char *const *values, size_t n);

/* The value of the first tEXt or iTXt (uncompressed) entry with keyword
 * `key`, newly allocated (free()), or NULL when there is none or the file
 * is not a PNG. Every chunk length is checked against the file. */
char *daoview_png_get_text (const char *path, const char *key);

#endif /* DAOVIEW_PNG_TEXT_H */
