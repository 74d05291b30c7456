/* daocommon-shape.h — a stream's shape as text, the same way everywhere.
 *
 * Three spellings, one for each audience, all C order (the last extent is
 * the fastest axis, nx):
 *
 *   DAOCOMMON_SHAPE_COMPACT  "480x640", "100"        daoctl's tables and
 *                                                    --print-state lines:
 *                                                    one word, easy to parse
 *   DAOCOMMON_SHAPE_LABEL    "480 × 640", "100"      what a person reads in
 *                                                    daoview's window
 *   DAOCOMMON_SHAPE_NUMPY    "(480, 640)", "(100,)"  numpy's and Python's
 *                                                    tuple, for .npy headers,
 *                                                    FITS DAOSHAPE cards and
 *                                                    Python reprs
 */
#ifndef DAOCOMMON_SHAPE_H
#define DAOCOMMON_SHAPE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum daocommon_shape_style {
    DAOCOMMON_SHAPE_COMPACT,
    DAOCOMMON_SHAPE_LABEL,
    DAOCOMMON_SHAPE_NUMPY,
} daocommon_shape_style;

/* Room for any shape of up to three 32-bit extents in any style. */
#define DAOCOMMON_SHAPE_TEXT_MAX 48

/* Writes the shape into buf (always NUL-terminated when len > 0) and
 * returns the length of the whole text, as snprintf does: a result >= len
 * means it was cut. naxis 0 gives "" ("()" in the NumPy style). */
size_t daocommon_shape_format(char *buf, size_t len, unsigned naxis, const uint32_t *shape,
                              daocommon_shape_style style);

/* The same for 64-bit extents and any number of them (a .npy file's
 * shape, before it is checked against a stream's). */
size_t daocommon_shape_format_u64(char *buf, size_t len, unsigned ndim, const uint64_t *shape,
                                  daocommon_shape_style style);

#ifdef __cplusplus
}
#endif

#endif /* DAOCOMMON_SHAPE_H */
