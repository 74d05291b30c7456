/* daoview-pipeline.h — one frame on its way to the screen, worked out once.
 *
 * Each new frame is handed to the pipeline, which computes, once: the
 * displayed plane (daoview-plane.h: the slice shown, calibrated by the
 * dark and the flat, daoview-dark.h, minus the reference when one is
 * subtracted), then the levels. Everything that shows the
 * frame reads that plane: the pixels (daoview_pipeline_render), the value
 * under the pointer (daoview_pipeline_plane + daoview_plane_value_at), the
 * figures of the analysis panel (daoview-analysis.h), the row or column
 * plot (daoview_pipeline_plot_values). A change of choice (colormap, slice,
 * complex part, reference …) works the plane out again, once.
 *
 * GTK-free, no GLib: the window and the display-less runner both drive it,
 * and the core tests drive it with frames of known values.
 */
#ifndef DAOVIEW_PIPELINE_H
#define DAOVIEW_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "daoview-dark.h"
#include "daoview-dm-map.h"
#include "daoview-frame.h"
#include "daoview-levels.h"
#include "daoview-plane.h"
#include "daoview-reference.h"
#include "daoview-render.h"

/* What the window shows of a 2-D or 3-D frame: the image, or a plot of one
 * of its rows or columns. A 1-D frame is always plotted. */
typedef enum {
  DAOVIEW_PLOT_IMAGE,
  DAOVIEW_PLOT_ROW,
  DAOVIEW_PLOT_COLUMN,
  DAOVIEW_N_PLOT_MODES
} DaoviewPlotMode;

/* Cairo draws image surfaces of at most this many pixels a side: a larger
 * plane is rendered at 1/k of its size (every k-th pixel), k the smallest
 * whole factor that fits. */
#define DAOVIEW_RENDER_MAX_SIDE 32767u

typedef struct DaoviewPipeline DaoviewPipeline;

/* NULL when out of memory. free(NULL) does nothing. */
DaoviewPipeline *daoview_pipeline_new (void);
void daoview_pipeline_free (DaoviewPipeline *p);

/* ---- frames ---------------------------------------------------------------- */

/* Show `frame` (the pipeline owns it from now on) at time `now` (seconds,
 * any monotonic origin). Returns the frame shown before, for the caller to
 * recycle (NULL the first time). A frame of another geometry than the one
 * before starts the levels afresh; while a reference is being captured the
 * frame is added to it. */
DaoviewFrame *daoview_pipeline_set_frame (DaoviewPipeline *p, DaoviewFrame *frame, double now);

/* Drop the frame (another stream is about to be shown); returns it. The
 * levels start afresh with the next frame. */
DaoviewFrame *daoview_pipeline_take_frame (DaoviewPipeline *p);

/* The frame shown, or NULL. Borrowed: until the next set_frame/take_frame. */
const DaoviewFrame *daoview_pipeline_frame (const DaoviewPipeline *p);

/* The displayed plane; its values are NULL until a frame is shown.
 * Borrowed: until the next call that changes the pipeline. */
const DaoviewPlane *daoview_pipeline_plane (const DaoviewPipeline *p);

/* The plane `frame` (of the geometry of the frame shown) would be shown
 * as — its slice, minus the reference, through the actuator map — without
 * showing it, for measuring frames that are not drawn; NULL: the frame
 * shown. The plane returned is the pipeline's own: call again with NULL
 * before anything else reads daoview_pipeline_plane(). Levels untouched. */
const DaoviewPlane *daoview_pipeline_plane_of (DaoviewPipeline *p, const DaoviewFrame *frame);

/* ---- choices (each works the plane and the levels out again) ---------- */

void daoview_pipeline_set_colormap (DaoviewPipeline *p, DaoviewColormap colormap);
void daoview_pipeline_set_scale (DaoviewPipeline *p, DaoviewScale scale);
void daoview_pipeline_set_complex_part (DaoviewPipeline *p, DaoviewComplexPart part);
/* The manual mode starts from the levels on screen, if there are any
 * (daoview_pipeline_set_manual_levels then moves them). */
void daoview_pipeline_set_level_mode (DaoviewPipeline *p, DaoviewLevelMode mode);
void daoview_pipeline_set_level_policy (DaoviewPipeline *p, DaoviewLevelPolicy policy);
void daoview_pipeline_set_percentiles (DaoviewPipeline *p, double low_percent, double high_percent);
void daoview_pipeline_set_manual_levels (DaoviewPipeline *p, double low, double high);

/* 3-D frames: the slice shown, clamped to the frame's depth when one is
 * shown. newest: follow the slice that changed last (daoview-cube.h). */
void daoview_pipeline_set_slice (DaoviewPipeline *p, unsigned slice);
unsigned daoview_pipeline_slice (const DaoviewPipeline *p);
void daoview_pipeline_set_newest_slice (DaoviewPipeline *p, bool newest);
/* Slices in the frame shown (1 unless 3-D, 0 without a frame). */
unsigned daoview_pipeline_depth (const DaoviewPipeline *p);

/* Reference subtraction: capture the mean of the next n frames (1: just the
 * next one), or forget the reference. */
void daoview_pipeline_start_reference (DaoviewPipeline *p, unsigned n_frames);
void daoview_pipeline_clear_reference (DaoviewPipeline *p);
const DaoviewReference *daoview_pipeline_reference (const DaoviewPipeline *p);
/* Is the reference subtracted from the plane shown (it is READY and
 * matches the frame)? */
bool daoview_pipeline_reference_applied (const DaoviewPipeline *p);

/* Calibration images: the pipeline owns `dark` (NULL: none). It is
 * applied to every frame of its size (displayed = (frame − dark) / flat −
 * reference); a reference captured before stays, but no longer matches
 * frames calibrated differently and is then not subtracted. */
void daoview_pipeline_set_dark (DaoviewPipeline *p, DaoviewDarkOp op, DaoviewDark *dark);
const DaoviewDark *daoview_pipeline_dark (const DaoviewPipeline *p, DaoviewDarkOp op);
/* Was it applied to the plane shown (there is one, and it has the frame's
 * size)? */
bool daoview_pipeline_dark_applied (const DaoviewPipeline *p, DaoviewDarkOp op);

/* The frame's own value at (x, y) of the slice shown (its complex part),
 * before any dark, flat or reference: the raw value beside the displayed
 * one. false outside the frame or without one. */
bool daoview_pipeline_raw_value_at (const DaoviewPipeline *p, long x, long y, double *value);

/* Is the plane shown the frame's slice itself (nothing applied to it)? */
bool daoview_pipeline_plane_is_raw (const DaoviewPipeline *p);

/* Image, or the plot of row/column `index` (clamped to the frame). */
void daoview_pipeline_set_plot (DaoviewPipeline *p, DaoviewPlotMode mode, int index);

/* ---- what the views read ---------------------------------------------- */

/* Colormap, scale, complex part and the levels now in force (for the
 * colour bar, and for rendering). */
const DaoviewRenderParams *daoview_pipeline_params (const DaoviewPipeline *p);
const DaoviewLevelState *daoview_pipeline_levels (const DaoviewPipeline *p);

/* The size of the pixels daoview_pipeline_render() writes: the plane's,
 * or 1/factor of it where a side exceeds DAOVIEW_RENDER_MAX_SIDE (factor
 * may be NULL). 0 × 0 without a frame. */
void daoview_pipeline_render_size (const DaoviewPipeline *p, unsigned *width, unsigned *height,
                                   unsigned *factor);

/* Render the displayed plane into an ARGB32 buffer of render_size() pixels
 * with `stride` bytes per row (see daoview-render.h). */
void daoview_pipeline_render (const DaoviewPipeline *p, uint32_t *dst, size_t stride);

/* What is shown: the image, or a plot (a 1-D frame is always a row plot). */
DaoviewPlotMode daoview_pipeline_plot_mode (const DaoviewPipeline *p);

/* The plotted row or column (clamped), or 0 for a 1-D frame. */
unsigned daoview_pipeline_plot_index (const DaoviewPipeline *p);

/* The plotted values as doubles: writes min(n, max) values to out and
 * returns n, the vector's length (0 when the image is shown, or no frame). */
size_t daoview_pipeline_plot_values (const DaoviewPipeline *p, double *out, size_t max);

/* The plot's y range: the manual levels when the levels are the user's own;
 * otherwise the levels of the level policy widened to whole ticks, which
 * moves only when the levels leave it or fill less than half of it (so a
 * vector's axis does not jump from frame to frame). false before a frame. */
bool daoview_pipeline_plot_range (const DaoviewPipeline *p, double *low, double *high);

/* ---- vectors as deformable mirrors ---------------------------------- */

/* Draw 1-D frames through `map` (the pipeline owns it; NULL: as a line
 * plot): the displayed plane is then the map's grid, NaN where no actuator
 * is, and the vector minus the reference when one is subtracted. */
void daoview_pipeline_set_dm_map (DaoviewPipeline *p, DaoviewDmMap *map);

/* The map in use for the frame shown, or NULL (none, or not a 1-D frame). */
const DaoviewDmMap *daoview_pipeline_dm_map (const DaoviewPipeline *p);

#endif /* DAOVIEW_PIPELINE_H */
