/* daocommon-npy.h — numpy's .npy files, both ways, for the twelve DAO
 * element types.
 *
 * Writing (daoview's "Save Frame as NumPy"): format version 1.0, C order,
 * the exact little-endian descr of each type ('|u1', '<u2' … '<f8', '<c8',
 * '<c16') and the shape in C order, padded as numpy 1.24's np.save pads it
 * (room for the first extent to grow, data on a 64-byte boundary): the
 * header is numpy's byte for byte. The stream's bytes are little-endian C
 * order already, so they follow the header unchanged.
 *
 * Reading (`daoctl write --from`): versions 1.0, 2.0 and 3.0, one plain
 * little-endian array in C order. Everything in the file is checked before
 * use — magic, version, header length, the header dict (parsed strictly,
 * not searched for substrings, so a crafted header cannot smuggle a second
 * 'shape' past the check), the dtype, the shape and the data length — and a
 * file that fails a check is refused with a sentence saying which.
 *
 * The format: numpy/lib/format.py — the magic "\x93NUMPY", a major and a
 * minor version byte, a little-endian header length (2 bytes in 1.0, 4 in
 * 2.0 and 3.0), then a Python dict literal with the keys descr,
 * fortran_order and shape, padded with spaces and ended by '\n'.
 */
#ifndef DAOCOMMON_NPY_H
#define DAOCOMMON_NPY_H

#include <stddef.h>
#include <stdint.h>

#include <dao.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The .npy descr of a type ("<u2", "<c16" …), or NULL for a code that is
 * not a dao_type. A static string. */
const char *daocommon_npy_descr(dao_type type);

/* Room for the header of any DAO frame: three 10-digit extents make a dict
 * of about 110 bytes, 128 with numpy's padding. */
#define DAOCOMMON_NPY_HEADER_MAX 256

/* Writes the header of a .npy file holding one frame (magic, version 1.0,
 * length, dict, padding) into buf. Returns its length in bytes (a multiple
 * of 64; the data follows it), or -EINVAL for a type that is not a
 * dao_type, naxis outside 1 … DAO_MAX_AXES or a zero extent. */
int daocommon_npy_header(unsigned char buf[DAOCOMMON_NPY_HEADER_MAX], dao_type type, unsigned naxis,
                         const uint32_t *shape);

#define DAOCOMMON_NPY_MAX_DIMS 32 /* numpy's own limit */

typedef struct daocommon_npy_array {
    dao_type type;
    unsigned ndim;
    uint64_t shape[DAOCOMMON_NPY_MAX_DIMS];
    uint64_t count;   /* product of the shape (1 for a 0-d array) */
    const void *data; /* count × dao_type_size(type) bytes, inside the parsed buffer */
    size_t data_size;
} daocommon_npy_array;

/* Parses a whole .npy file held in memory. Returns NULL on success (out
 * points into buf), else the reason the file was refused. */
const char *daocommon_npy_parse(const unsigned char *buf, size_t len, daocommon_npy_array *out);

/* Reads the file at `path` into *buf (malloc'ed; free it after use) and
 * parses it. Returns 0, -errno when the file cannot be read, or 1 when it is
 * not a usable .npy file, with the reason in *why. */
int daocommon_npy_load(const char *path, unsigned char **buf, daocommon_npy_array *out, const char **why);

#ifdef __cplusplus
}
#endif

#endif /* DAOCOMMON_NPY_H */
