/* daoview-colormap.c — colormap lookups, and the per-scale tables the
 * renderer indexes so that no pixel ever calls log() or sqrt(). */
#include <math.h>
#include <pthread.h>
#include <stdbool.h>

#include "daoview-colormap-private.h"

uint32_t daoview_colormap_color(DaoviewColormap colormap, double t)
{
    if (isnan(t))
        return DAOVIEW_NAN_COLOR;
    if ((unsigned)colormap >= DAOVIEW_N_COLORMAPS)
        colormap = DAOVIEW_COLORMAP_GREY;
    t = t > 0.0 ? t : 0.0;
    t = t < 1.0 ? t : 1.0;
    return daoview__colormap_data[colormap][(unsigned)(t * 255.0 + 0.5)];
}

/* 20 tables of 64 KiB: only the ones a viewer actually uses are built (and
 * their pages touched). Building one costs 16385 scale evaluations, ~0.3 ms,
 * once per process instead of once per frame. */
static uint32_t scaled[DAOVIEW_N_COLORMAPS][DAOVIEW_N_SCALES][DAOVIEW__SCALED_NAN + 1];
static bool scaled_ready[DAOVIEW_N_COLORMAPS][DAOVIEW_N_SCALES];
static pthread_mutex_t scaled_lock = PTHREAD_MUTEX_INITIALIZER;

const uint32_t *daoview__scaled_table(DaoviewColormap colormap, DaoviewScale scale)
{
    if ((unsigned)colormap >= DAOVIEW_N_COLORMAPS)
        colormap = DAOVIEW_COLORMAP_GREY;
    if ((unsigned)scale >= DAOVIEW_N_SCALES)
        scale = DAOVIEW_SCALE_LINEAR;

    /* A plain lock, taken once per frame (tens of ns uncontended): simpler
     * to trust than double-checked atomics, and what valgrind's thread
     * checkers understand. After the unlock the table is only read. */
    pthread_mutex_lock(&scaled_lock);
    if (!scaled_ready[colormap][scale]) {
        uint32_t *table = scaled[colormap][scale];
        for (unsigned i = 0; i <= DAOVIEW__SCALED_LAST; i++) {
            double u = (double)i / DAOVIEW__SCALED_LAST;
            table[i] = daoview_colormap_color(colormap, daoview_scale_apply(scale, u));
        }
        table[DAOVIEW__SCALED_NAN] = DAOVIEW_NAN_COLOR;
        scaled_ready[colormap][scale] = true;
    }
    pthread_mutex_unlock(&scaled_lock);
    return scaled[colormap][scale];
}
