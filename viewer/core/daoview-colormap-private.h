/* daoview-colormap-private.h — the colour tables the renderer indexes.
 *
 * Not installed; shared by the files of viewer/core only. */
#ifndef DAOVIEW_COLORMAP_PRIVATE_H
#define DAOVIEW_COLORMAP_PRIVATE_H

#include "daoview-render.h"

/* The five 256-entry tables, generated into daoview-colormap-data.c. */
extern const uint32_t daoview__colormap_data[DAOVIEW_N_COLORMAPS][256];

/* A scaled table has DAOVIEW__SCALED_LAST + 1 entries over u in [0, 1]:
 * entry i is the colour of u = i / DAOVIEW__SCALED_LAST after the scale. A
 * power of two, so that u = 1/2, 1/4 … land exactly on an entry. */
#define DAOVIEW__SCALED_LAST 16384u

/* One entry more follows the last: DAOVIEW_NAN_COLOR, so that a NaN can be
 * looked up like any value (the renderer's index pass then has no branch). */
#define DAOVIEW__SCALED_NAN (DAOVIEW__SCALED_LAST + 1)

/* The scaled table of (colormap, scale), built on first use and then kept
 * for the life of the process (read-only afterwards, safe from any thread).
 * Unknown enum values fall back to grey / linear. */
const uint32_t *daoview__scaled_table(DaoviewColormap colormap, DaoviewScale scale);

#endif /* DAOVIEW_COLORMAP_PRIVATE_H */
