/* daoview-render.h — turning a raw DAO frame into pixels, with no GTK.
 *
 * This is the viewer's middle layer (see docs/house-style): element types,
 * complex parts, levels, scales and colormaps, all plain C on top of libdao's
 * types, so every pixel value can be tested without a display. The GTK layer
 * only hands a frame in and paints the ARGB32 buffer that comes out.
 *
 * Pixel order is the format's: a 2-D frame of shape (ny, nx) is `height` =
 * ny rows of `width` = nx elements, element (y, x) at y*nx + x; a 1-D frame is
 * one row; a 3-D frame (nz, ny, nx) is nz such images one after the other.
 */
#ifndef DAOVIEW_RENDER_H
#define DAOVIEW_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include <dao.h>

typedef enum {
  DAOVIEW_COLORMAP_GREY,
  DAOVIEW_COLORMAP_VIRIDIS,
  DAOVIEW_COLORMAP_INFERNO,
  DAOVIEW_COLORMAP_DIVERGING, /* blue–white–red; use with symmetric levels */
  DAOVIEW_COLORMAP_CYCLIC,    /* same colour at both ends; for phase */
  DAOVIEW_N_COLORMAPS
} DaoviewColormap;

typedef enum {
  DAOVIEW_SCALE_LINEAR,
  DAOVIEW_SCALE_LOG,
  DAOVIEW_SCALE_SQRT,
  DAOVIEW_SCALE_ASINH,
  DAOVIEW_N_SCALES
} DaoviewScale;

typedef enum {
  DAOVIEW_COMPLEX_AMPLITUDE,
  DAOVIEW_COMPLEX_PHASE, /* radians, -pi … pi */
  DAOVIEW_COMPLEX_REAL,
  DAOVIEW_COMPLEX_IMAGINARY,
  DAOVIEW_N_COMPLEX_PARTS
} DaoviewComplexPart;

/* Stable lowercase names ("grey", "viridis", "inferno", "diverging",
 * "cyclic"; "linear", "log", "sqrt", "asinh"; "amplitude", "phase", "real",
 * "imaginary") for settings and the command line. from_name returns -1 for an
 * unknown name. */
const char *daoview_colormap_name (DaoviewColormap colormap);
int daoview_colormap_from_name (const char *name);
const char *daoview_scale_name (DaoviewScale scale);
int daoview_scale_from_name (const char *name);
const char *daoview_complex_part_name (DaoviewComplexPart part);
int daoview_complex_part_from_name (const char *name);

/* Colour at position t in [0, 1] (clamped) as 0xAARRGGBB, alpha 0xff. */
uint32_t daoview_colormap_color (DaoviewColormap colormap, double t);

/* Colour used for NaN elements (not a colormap colour, so they stand out). */
#define DAOVIEW_NAN_COLOR 0xffff00ffu

/* The value of element `index` as a double (the chosen part for complex
 * types; ignored otherwise). */
double daoview_element_value (dao_type type, const void *data, size_t index,
                              DaoviewComplexPart part);

/* Levels over `count` elements: finite values only (NaN and ±Inf are
 * skipped). Return 0, or -1 when no element is finite (then *low = *high = 0). */
int daoview_levels_minmax (dao_type type, const void *data, size_t count,
                           DaoviewComplexPart part, double *low, double *high);

/* Percentile levels (e.g. 0.5 and 99.5) from a histogram of the finite
 * values; exact to within one histogram bin of the data's range. */
int daoview_levels_percentile (dao_type type, const void *data, size_t count,
                               DaoviewComplexPart part, double low_percent,
                               double high_percent, double *low, double *high);

/* Makes [low, high] symmetric about zero: ±max(|low|, |high|). For the
 * diverging colormap on signed data such as mirror commands. */
void daoview_levels_symmetric (double *low, double *high);

typedef struct {
  DaoviewColormap colormap;
  DaoviewScale scale;
  DaoviewComplexPart complex_part;
  double low;  /* value drawn with the colormap's first colour */
  double high; /* value drawn with its last colour; high == low draws all at t = 0 */
} DaoviewRenderParams;

/* Render a width × height frame into a cairo CAIRO_FORMAT_ARGB32 buffer
 * (native-endian 0xAARRGGBB, opaque) with `dst_stride` bytes per row.
 * Values are clamped to [low, high], scaled, then coloured; NaN gets
 * DAOVIEW_NAN_COLOR, +Inf the last colour, -Inf the first. For the log scale
 * values at or below `low` get the first colour. */
void daoview_render_argb32 (dao_type type, const void *data, unsigned width,
                            unsigned height, const DaoviewRenderParams *params,
                            uint32_t *dst, size_t dst_stride);

#endif /* DAOVIEW_RENDER_H */
