/* fill.h — one element value, typed for a stream, from text (write --fill). */
#ifndef DAOCTL_FILL_H
#define DAOCTL_FILL_H

#include "dao.h"

#define FILL_MAX_ELEMENT 16 /* complex128 */

/* Parses `text` as one element of `type` into `out` (dao_type_size(type)
 * bytes, native byte order). Integers are decimal and must fit the type;
 * floats take anything strtod does ("1.5", "-inf", "nan"); complex values are
 * "RE" or "RE,IM". Returns NULL on success, else why the text was refused. */
const char *fill_parse(dao_type type, const char *text, unsigned char out[FILL_MAX_ELEMENT]);

/* Repeats one element over a buffer of `size` bytes. */
void fill_repeat(void *buf, size_t size, const unsigned char *element, size_t element_size);

#endif /* DAOCTL_FILL_H */
