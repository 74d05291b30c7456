/* daoview-render.h — turning a raw DAO frame into pixels, with no GTK.
 *
 * Part of the viewer's GTK-free core (viewer/core): element types, complex
 * parts, scales and colormaps, all plain C on top of libdao's types, so
 * every pixel value can be tested without a display. The pipeline
 * (daoview-pipeline.h) hands a plane in; the GTK layer paints the ARGB32
 * buffer that comes out. Levels: daoview-levels.h; stable names:
 * daoview-names.h.
 *
 * Pixel order is the format's: a 2-D frame of shape (ny, nx) is `height` =
 * ny rows of `width` = nx elements, element (y, x) at y*nx + x; a 1-D frame is
 * one row; a 3-D frame (nz, ny, nx) is nz such images one after the other.
 *
 * Every function may be called from any thread (a reader thread can render
 * while the GUI thread computes levels): the only shared state is the
 * per-(colormap, scale) colour tables, built once under a lock and
 * read-only afterwards. Of the per-frame calls only the percentile levels
 * (histograms) allocate memory; the 16-bit renderer keeps a 256 KiB table
 * per thread that renders, freed when the thread ends.
 *
 * The analysis behind the views has its own headers beside this one:
 * daoview-stats.h, daoview-histogram.h, daoview-profile.h,
 * daoview-reference.h, daoview-cube.h, daoview-plot.h, gathered by
 * daoview-analysis.h. Speeds: tests/core/bench-render.
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

/* Colour at position t in [0, 1] (clamped) as 0xAARRGGBB, alpha 0xff: entry
 * round(t * 255) of the colormap's 256-entry table (no interpolation). A NaN
 * t gives DAOVIEW_NAN_COLOR; an unknown colormap is drawn as grey. */
uint32_t daoview_colormap_color (DaoviewColormap colormap, double t);

/* The scales, on the normalised value u = (v - low) / (high - low), clamped
 * to [0, 1]; each maps 0 to 0 and 1 to 1 and is increasing:
 *   linear  t = u
 *   sqrt    t = sqrt(u)                          (t(0.5) = 0.7071)
 *   log     t = log(1 + 1000 u) / log(1001)      (t(0.5) = 0.8998)
 *   asinh   t = asinh(10 u) / asinh(10)          (t(0.5) = 0.7713)
 * The log scale is ds9's: it spans three decades of (high - low) above low
 * (u = 0.001 is t = 0.10, u = 0.01 is t = 0.35, u = 0.1 is t = 0.67), so it
 * needs no positive low and treats low <= 0 like any other low. asinh is
 * linear near low and logarithmic towards high (astropy's a = 0.1).
 * daoview_scale_invert is the inverse (t to u), e.g. to place colour bar
 * ticks. An unknown scale is linear; a NaN stays NaN. */
double daoview_scale_apply (DaoviewScale scale, double u);
double daoview_scale_invert (DaoviewScale scale, double t);

/* Colour used for NaN elements (not a colormap colour, so they stand out). */
#define DAOVIEW_NAN_COLOR 0xffff00ffu

/* The value of element `index` as a double (the chosen part for complex
 * types; ignored otherwise). */
double daoview_element_value (dao_type type, const void *data, size_t index,
                              DaoviewComplexPart part);

typedef struct {
  DaoviewColormap colormap;
  DaoviewScale scale;
  DaoviewComplexPart complex_part;
  double low;  /* value drawn with the colormap's first colour */
  double high; /* value drawn with its last colour; high == low: see below */
  /* Complex phase only: elements whose amplitude is at most this are drawn
   * in DAOVIEW_MASKED_COLOR, not as a phase (which is noise, or
   * atan2(0, 0) = 0, where there is no light). 0 masks exact zeros; the
   * pipeline sets DAOVIEW_PHASE_MASK_FRACTION of the frame's largest
   * amplitude. */
  double phase_mask;
} DaoviewRenderParams;

/* Colour of a phase where the amplitude is negligible: a dark grey that
 * the cyclic map (light at both ends) never takes. */
#define DAOVIEW_MASKED_COLOR 0xff303030u

/* The amplitude below which a phase is masked, as a fraction of the
 * frame's largest amplitude: 10⁻³, 60 dB below the peak — a pupil's edge
 * and the dark outside it, not the faint parts of the pupil itself. */
#define DAOVIEW_PHASE_MASK_FRACTION 1e-3

/* Levels in detail (the GUI may hand in anything):
 * - high == low: a threshold. Values <= low (so every element of a constant
 *   frame) are drawn at t = 0, values above at t = 1.
 * - high < low: the colormap runs backwards (low still gets the first colour).
 * - a NaN level counts as 0, ±Inf as ±DBL_MAX.
 * - Huge values and ranges (uint64 near 2^64, doubles at ±1e308) are mapped
 *   without overflow.
 * Colours come from a table of 16385 entries over u in [0, 1] (entry i is
 * daoview_colormap_color(daoview_scale_apply(scale, i / 16384))), so a pixel
 * is exact where u * 16384 is an integer and within one table step otherwise.
 * Complex phase is atan2(imaginary, real); the per-frame paths (rendering,
 * min/max and percentile levels, and the histogram and statistics of
 * daoview-histogram.h and daoview-stats.h) compute it with an atan2 of
 * their own, within 2e-8 rad of libm's and exact at 0, ±pi/2 and pi, ten
 * times faster; daoview_element_value (the numbers shown) and reference
 * subtraction use libm's.
 * An unknown element type, or NULL data, draws every pixel in
 * DAOVIEW_NAN_COLOR. The destination rows must hold width pixels each
 * (dst_stride >= 4 * width, as cairo's strides do). */

/* Render a width × height frame into a cairo CAIRO_FORMAT_ARGB32 buffer
 * (native-endian 0xAARRGGBB, opaque) with `dst_stride` bytes per row.
 * Values are clamped to [low, high], scaled, then coloured; NaN gets
 * DAOVIEW_NAN_COLOR, +Inf the last colour, -Inf the first. For the log scale
 * values at or below `low` get the first colour. */
void daoview_render_argb32 (dao_type type, const void *data, unsigned width,
                            unsigned height, const DaoviewRenderParams *params,
                            uint32_t *dst, size_t dst_stride);

#endif /* DAOVIEW_RENDER_H */
