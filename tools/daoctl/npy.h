/* npy.h — reading numpy's .npy files (format versions 1.0, 2.0 and 3.0), as
 * far as `daoctl write --from` needs: one plain little-endian array of one of
 * the twelve DAO element types, in C order.
 *
 * Everything in the file is checked before use — magic, version, header
 * length, the header dict, the dtype, the shape and the data length — and a
 * file that fails a check is refused with a sentence saying which.
 */
#ifndef DAOCTL_NPY_H
#define DAOCTL_NPY_H

#include <stddef.h>
#include <stdint.h>

#include "dao.h"

#define NPY_MAX_DIMS 32

typedef struct npy_array {
    dao_type type;
    unsigned ndim;
    uint64_t shape[NPY_MAX_DIMS];
    uint64_t count;     /* product of the shape (1 for a 0-d array) */
    const void *data;   /* count × dao_type_size(type) bytes, inside the parsed buffer */
    size_t data_size;
} npy_array;

/* Parses a whole .npy file held in memory. Returns NULL on success (out
 * points into buf), else the reason the file was refused. */
const char *npy_parse(const unsigned char *buf, size_t len, npy_array *out);

/* Reads the file at `path` into *buf (malloc'ed; free it after use) and
 * parses it. Returns 0, -errno when the file cannot be read, or 1 when it is
 * not a usable .npy file, with the reason in *why. */
int npy_load(const char *path, unsigned char **buf, npy_array *out, const char **why);

#endif /* DAOCTL_NPY_H */
