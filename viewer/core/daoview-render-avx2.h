/* daoview-render-avx2.h — the renderer's mapped loops with AVX2
 * (daoview-render-avx2.c). Private to viewer/core. */
#ifndef DAOVIEW_RENDER_AVX2_H
#define DAOVIEW_RENDER_AVX2_H

#include <stddef.h>
#include <stdint.h>

#include "daoview-mapping-private.h"

/* Render as daoview-render.c's mapped and phase loops do, for every getter
 * but the 8- and 16-bit ones (`phase_floor2`: the phase mask's amplitude,
 * squared). -1, and nothing written, where the CPU has no AVX2 or the
 * getter is not one of these. */
int daoview__render_avx2(int getter, const void *data, unsigned width, unsigned height,
                         const DaoviewMapping *m, const uint32_t *table, double phase_floor2,
                         uint32_t *dst, size_t dst_stride);

/* lut[bits] = the colour of the value whose bit pattern (of an unsigned or
 * signed integer of log2(entries) bits) is `bits`, for entries a multiple
 * of 8 up to 65536. -1, nothing written, where the CPU has no AVX2. */
int daoview__lut_avx2(uint32_t *lut, size_t entries, int is_signed, const DaoviewMapping *m,
                      const uint32_t *table);

/* dst pixel = lut[element] for frames of 1- or 2-byte elements (`bytes`),
 * read as unsigned. -1, nothing written, where the CPU has no AVX2. */
int daoview__render_lut_avx2(const void *data, int bytes, unsigned width, unsigned height,
                             const uint32_t *lut, uint32_t *dst, size_t dst_stride);

#endif /* DAOVIEW_RENDER_AVX2_H */
