/* daoview-levels-avx2.h — min/max levels with AVX2 (daoview-levels-avx2.c).
 * Private to viewer/core. */
#ifndef DAOVIEW_LEVELS_AVX2_H
#define DAOVIEW_LEVELS_AVX2_H

#include <stddef.h>

/* The smallest and largest finite value of `count` elements, as
 * daoview_levels_minmax finds them, for float32 and the 32-bit integers
 * in their own lanes: 1 and *low, *high set; 0 when no value is finite; -1,
 * nothing set, where the CPU has no AVX2 or for any other getter. A zero level may come out as −0 where the frame has
 * both zeros. */
int daoview__minmax_avx2(int getter, const void *data, size_t count, double *low, double *high);

#endif /* DAOVIEW_LEVELS_AVX2_H */
