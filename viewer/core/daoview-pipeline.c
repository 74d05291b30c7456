/* daoview-pipeline.c — from a frame to the displayed plane, its levels and
 * its pixels (see daoview-pipeline.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daoview-cube.h"
#include "daoview-pipeline.h"
#include "daoview-plot-range.h"

struct DaoviewPipeline {
  /* Choices */
  DaoviewRenderParams params; /* low/high: the result */
  DaoviewLevelState levels;
  unsigned slice;
  bool newest_slice;
  DaoviewPlotMode plot_mode;
  int plot_index;

  /* Owned */
  DaoviewFrame *frame;
  DaoviewReference *reference;
  DaoviewDark *darks[DAOVIEW_N_DARK_OPS];
  double *calibrated; /* (frame − dark) / flat, when either is applied */
  size_t calibrated_count;
  double *difference; /* frame − reference, when one is subtracted */
  size_t difference_count;
  bool dark_applied[DAOVIEW_N_DARK_OPS];
  DaoviewDmMap *dm_map; /* a 1-D frame drawn as a deformable mirror */
  double *dm_plane;     /* its width × height cells */
  DaoviewPlotRange plot_range;

  /* Derived, once per frame or choice */
  DaoviewPlane plane;
  double now; /* seconds (CLOCK_MONOTONIC) of the last update */
};

static double
monotonic_seconds (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

DaoviewPipeline *
daoview_pipeline_new (void)
{
  DaoviewPipeline *p = calloc (1, sizeof *p);
  if (!p)
    return NULL;
  p->reference = daoview_reference_new ();
  if (!p->reference)
    {
      free (p);
      return NULL;
    }
  p->params.colormap = DAOVIEW_COLORMAP_GREY;
  p->params.scale = DAOVIEW_SCALE_LINEAR;
  p->params.complex_part = DAOVIEW_COMPLEX_AMPLITUDE;
  daoview_level_state_init (&p->levels);
  return p;
}

void
daoview_pipeline_free (DaoviewPipeline *p)
{
  if (!p)
    return;
  daoview_frame_free (p->frame);
  daoview_reference_free (p->reference);
  for (int op = 0; op < DAOVIEW_N_DARK_OPS; op++)
    daoview_dark_free (p->darks[op]);
  free (p->calibrated);
  free (p->difference);
  daoview_dm_map_free (p->dm_map);
  free (p->dm_plane);
  free (p);
}

static void update_plane (DaoviewPipeline *p);

static bool
is_complex (dao_type type)
{
  return type == DAO_COMPLEX_FLOAT || type == DAO_COMPLEX_DOUBLE;
}

static bool
dm_map_active (const DaoviewPipeline *p)
{
  return p->dm_map && p->dm_plane && p->frame && p->frame->naxis == 1;
}

/* A 1-D frame shown through an actuator map: the vector (minus the
 * reference) drawn in its cells. */
static void
map_vector (DaoviewPipeline *p)
{
  DaoviewPlane *plane = &p->plane;
  if (!dm_map_active (p) || !plane->values)
    return;
  daoview_dm_map_apply (p->dm_map, plane->type, plane->values, daoview_plane_count (plane), plane->part,
                        p->dm_plane);
  plane->type = DAO_DOUBLE;
  plane->values = p->dm_plane;
  plane->width = p->dm_map->width;
  plane->height = p->dm_map->height;
  plane->part = DAOVIEW_COMPLEX_REAL;
}

/* A buffer of `count` doubles, kept between frames; false when out of
 * memory (the stage is then skipped). */
static bool
ensure_doubles (double **buffer, size_t *have, size_t count)
{
  if (*have == count)
    return true;
  free (*buffer);
  *buffer = count <= SIZE_MAX / sizeof (double) ? malloc (count * sizeof (double)) : NULL;
  *have = *buffer ? count : 0;
  return *buffer != NULL;
}

/* The slice shown, as the frame holds it. */
static DaoviewPlane
raw_plane (const DaoviewPipeline *p)
{
  DaoviewPlane plane = { 0 };
  const DaoviewFrame *frame = p->frame;
  if (!frame)
    return plane;
  plane.type = frame->type;
  plane.width = daoview_frame_width (frame);
  plane.height = daoview_frame_height (frame);
  plane.values = daoview_frame_plane (frame, p->slice);
  plane.part = p->params.complex_part;
  return plane;
}

/* Stage 1: the slice, minus the dark and over the flat that match it. */
static void
calibrate (DaoviewPipeline *p)
{
  DaoviewPlane *plane = &p->plane;

  memset (plane, 0, sizeof *plane);
  memset (p->dark_applied, 0, sizeof p->dark_applied);
  if (!p->frame)
    return;
  unsigned depth = daoview_frame_depth (p->frame);
  if (p->slice >= depth)
    p->slice = depth - 1;
  *plane = raw_plane (p);

  size_t count = daoview_plane_count (plane);
  for (int op = 0; op < DAOVIEW_N_DARK_OPS; op++)
    if (p->darks[op] && count > 0 && ensure_doubles (&p->calibrated, &p->calibrated_count, count)
        && daoview_dark_apply (p->darks[op], op, plane, p->calibrated) == 0)
      {
        *plane = (DaoviewPlane) { DAO_DOUBLE, p->calibrated, plane->width, plane->height,
                                  DAOVIEW_COMPLEX_REAL };
        p->dark_applied[op] = true;
      }
}

/* Stage 2: minus the reference. */
static void
subtract_reference (DaoviewPipeline *p)
{
  DaoviewPlane *plane = &p->plane;
  size_t count = daoview_plane_count (plane);
  if (!plane->values || daoview_reference_state (p->reference) != DAOVIEW_REFERENCE_READY || count == 0
      || !ensure_doubles (&p->difference, &p->difference_count, count))
    return;
  /* A frame that does not match the reference (type, count, part) is shown
   * as it is; the panel says what the reference is. */
  if (daoview_reference_subtract (p->reference, plane->type, plane->values, count, plane->part,
                                  p->difference) == 0)
    {
      plane->type = DAO_DOUBLE;
      plane->values = p->difference;
      plane->part = DAOVIEW_COMPLEX_REAL; /* the part was taken already */
    }
}

/* Levels for the plane, by the policy. */
static void
update_levels (DaoviewPipeline *p)
{
  const DaoviewPlane *plane = &p->plane;
  if (!plane->values)
    return;
  bool raw = plane->values == daoview_frame_plane (p->frame, p->slice);
  p->params.phase_mask = 0;
  if (raw && is_complex (p->frame->type) && p->params.complex_part == DAOVIEW_COMPLEX_PHASE)
    {
      double lo, hi;
      if (daoview_levels_minmax (plane->type, plane->values, daoview_plane_count (plane),
                                 DAOVIEW_COMPLEX_AMPLITUDE, &lo, &hi) == 0)
        p->params.phase_mask = DAOVIEW_PHASE_MASK_FRACTION * hi;
    }
  if (!daoview_level_state_is_manual (&p->levels) && is_complex (p->frame->type) && raw
      && p->params.complex_part == DAOVIEW_COMPLEX_PHASE)
    {
      /* Phase has a known range: the cyclic map wraps exactly at ±π. */
      p->params.low = -M_PI;
      p->params.high = M_PI;
      return;
    }
  p->levels.symmetric = p->params.colormap == DAOVIEW_COLORMAP_DIVERGING
                        && (plane->type == DAO_DOUBLE
                            || daoview_level_is_signed (p->frame->type, p->params.complex_part));
  daoview_level_state_update (&p->levels, plane->type, plane->values, daoview_plane_count (plane),
                              plane->part, p->now);
  p->params.low = p->levels.low;
  p->params.high = p->levels.high;
  /* A plot's y range: the levels, on whole ticks, changed only when the
   * levels leave it or fill less than half of it. */
  if (p->levels.valid)
    daoview_plot_range_update (&p->plot_range, p->levels.low, p->levels.high);
}

static void
update_plane (DaoviewPipeline *p)
{
  calibrate (p);
  subtract_reference (p);
  map_vector (p);
}

static void
refresh (DaoviewPipeline *p)
{
  update_plane (p);
  update_levels (p);
}

/* A choice changed: the levels are computed afresh from the frame shown. */
static void
refresh_afresh (DaoviewPipeline *p)
{
  daoview_level_state_reset (&p->levels);
  p->plot_range.valid = false;
  p->now = monotonic_seconds ();
  refresh (p);
}

DaoviewFrame *
daoview_pipeline_set_frame (DaoviewPipeline *p, DaoviewFrame *frame, double now)
{
  DaoviewFrame *old = p->frame;
  bool same = old && daoview_frame_same_geometry (old, frame);

  /* A recreated stream with the same shape and type keeps its levels;
   * another shape or type starts afresh. */
  if (old && !same)
    daoview_level_state_reset (&p->levels);

  if (p->newest_slice && same && daoview_frame_depth (frame) > 1)
    {
      DaoviewGeometry g;
      if (daoview_geometry_from_shape (frame->naxis, frame->shape, &g) == 0)
        {
          long newest = daoview_cube_newest_slice (frame->type, old->data, frame->data, &g);
          if (newest >= 0)
            p->slice = (unsigned) newest;
        }
    }

  p->frame = frame;
  p->now = now;
  /* The reference is captured from calibrated frames, as it is subtracted. */
  calibrate (p);
  if (daoview_reference_state (p->reference) == DAOVIEW_REFERENCE_CAPTURING)
    daoview_reference_add (p->reference, p->plane.type, p->plane.values, daoview_plane_count (&p->plane),
                           p->plane.part);
  subtract_reference (p);
  map_vector (p);
  update_levels (p);
  return old;
}

DaoviewFrame *
daoview_pipeline_take_frame (DaoviewPipeline *p)
{
  DaoviewFrame *frame = p->frame;
  p->frame = NULL;
  daoview_level_state_reset (&p->levels);
  update_plane (p);
  return frame;
}

const DaoviewFrame *
daoview_pipeline_frame (const DaoviewPipeline *p)
{
  return p->frame;
}

const DaoviewPlane *
daoview_pipeline_plane (const DaoviewPipeline *p)
{
  return &p->plane;
}

void
daoview_pipeline_set_colormap (DaoviewPipeline *p, DaoviewColormap colormap)
{
  p->params.colormap = colormap;
  refresh_afresh (p);
}

void
daoview_pipeline_set_scale (DaoviewPipeline *p, DaoviewScale scale)
{
  p->params.scale = scale;
  refresh_afresh (p);
}

void
daoview_pipeline_set_complex_part (DaoviewPipeline *p, DaoviewComplexPart part)
{
  p->params.complex_part = part;
  refresh_afresh (p);
}

void
daoview_pipeline_set_level_mode (DaoviewPipeline *p, DaoviewLevelMode mode)
{
  /* Manual starts from the levels on screen: choosing it never makes the
   * image jump, nor shows values left from another stream. */
  if (mode == DAOVIEW_LEVEL_MODE_MANUAL && !daoview_level_state_is_manual (&p->levels) && p->levels.valid)
    {
      p->levels.manual_low = p->levels.low;
      p->levels.manual_high = p->levels.high;
    }
  p->levels.mode = mode;
  refresh_afresh (p);
}

void
daoview_pipeline_set_level_policy (DaoviewPipeline *p, DaoviewLevelPolicy policy)
{
  daoview_level_state_set_policy (&p->levels, policy);
  refresh_afresh (p);
}

void
daoview_pipeline_set_percentiles (DaoviewPipeline *p, double low_percent, double high_percent)
{
  p->levels.percentile_low = low_percent;
  p->levels.percentile_high = high_percent;
  refresh_afresh (p);
}

void
daoview_pipeline_set_manual_levels (DaoviewPipeline *p, double low, double high)
{
  p->levels.manual_low = low;
  p->levels.manual_high = high;
  refresh_afresh (p);
}

void
daoview_pipeline_set_slice (DaoviewPipeline *p, unsigned slice)
{
  p->slice = slice;
  p->now = monotonic_seconds ();
  refresh (p);
}

unsigned
daoview_pipeline_slice (const DaoviewPipeline *p)
{
  return p->slice;
}

void
daoview_pipeline_set_newest_slice (DaoviewPipeline *p, bool newest)
{
  p->newest_slice = newest;
}

unsigned
daoview_pipeline_depth (const DaoviewPipeline *p)
{
  return p->frame ? daoview_frame_depth (p->frame) : 0;
}

void
daoview_pipeline_start_reference (DaoviewPipeline *p, unsigned n_frames)
{
  daoview_reference_start (p->reference, n_frames);
  refresh (p);
}

void
daoview_pipeline_clear_reference (DaoviewPipeline *p)
{
  daoview_reference_clear (p->reference);
  refresh_afresh (p);
}

const DaoviewReference *
daoview_pipeline_reference (const DaoviewPipeline *p)
{
  return p->reference;
}

bool
daoview_pipeline_reference_applied (const DaoviewPipeline *p)
{
  return p->plane.values && p->plane.values == p->difference;
}

void
daoview_pipeline_set_dark (DaoviewPipeline *p, DaoviewDarkOp op, DaoviewDark *dark)
{
  if ((unsigned) op >= DAOVIEW_N_DARK_OPS)
    {
      daoview_dark_free (dark);
      return;
    }
  daoview_dark_free (p->darks[op]);
  p->darks[op] = dark;
  refresh_afresh (p);
}

const DaoviewDark *
daoview_pipeline_dark (const DaoviewPipeline *p, DaoviewDarkOp op)
{
  return (unsigned) op < DAOVIEW_N_DARK_OPS ? p->darks[op] : NULL;
}

bool
daoview_pipeline_dark_applied (const DaoviewPipeline *p, DaoviewDarkOp op)
{
  return (unsigned) op < DAOVIEW_N_DARK_OPS && p->dark_applied[op];
}

bool
daoview_pipeline_plane_is_raw (const DaoviewPipeline *p)
{
  return !p->frame || p->plane.values == daoview_frame_plane (p->frame, p->slice);
}

bool
daoview_pipeline_raw_value_at (const DaoviewPipeline *p, long x, long y, double *value)
{
  DaoviewPlane raw = raw_plane (p);
  return daoview_plane_value_at (&raw, x, y, value);
}

void
daoview_pipeline_set_plot (DaoviewPipeline *p, DaoviewPlotMode mode, int index)
{
  p->plot_mode = (unsigned) mode < DAOVIEW_N_PLOT_MODES ? mode : DAOVIEW_PLOT_IMAGE;
  p->plot_index = index;
}

const DaoviewRenderParams *
daoview_pipeline_params (const DaoviewPipeline *p)
{
  return &p->params;
}

const DaoviewLevelState *
daoview_pipeline_levels (const DaoviewPipeline *p)
{
  return &p->levels;
}

static unsigned
render_factor (const DaoviewPlane *plane)
{
  unsigned side = plane->width > plane->height ? plane->width : plane->height;
  return side > DAOVIEW_RENDER_MAX_SIDE ? (side + DAOVIEW_RENDER_MAX_SIDE - 1) / DAOVIEW_RENDER_MAX_SIDE
                                        : 1;
}

void
daoview_pipeline_render_size (const DaoviewPipeline *p, unsigned *width, unsigned *height,
                              unsigned *factor)
{
  const DaoviewPlane *plane = &p->plane;
  unsigned f = render_factor (plane);
  *width = plane->values ? (plane->width + f - 1) / f : 0;
  *height = plane->values ? (plane->height + f - 1) / f : 0;
  if (factor)
    *factor = f;
}

void
daoview_pipeline_render (const DaoviewPipeline *p, uint32_t *dst, size_t stride)
{
  const DaoviewPlane *plane = &p->plane;
  unsigned w, h, f;

  daoview_pipeline_render_size (p, &w, &h, &f);
  if (w == 0 || h == 0)
    return;
  if (f == 1)
    {
      daoview_render_argb32 (plane->type, plane->values, w, h, &p->params, dst, stride);
      return;
    }

  /* Too large for one surface: every f-th pixel of every f-th row, as a
   * plane of its own (1/f² of the frame), rendered as usual. */
  size_t element = dao_type_size (plane->type);
  char *small = malloc ((size_t) w * h * element);
  if (!small)
    {
      daoview_render_argb32 (plane->type, NULL, w, h, &p->params, dst, stride);
      return;
    }
  for (unsigned y = 0; y < h; y++)
    {
      const char *row = (const char *) plane->values + (size_t) y * f * plane->width * element;
      for (unsigned x = 0; x < w; x++)
        memcpy (small + ((size_t) y * w + x) * element, row + (size_t) x * f * element, element);
    }
  daoview_render_argb32 (plane->type, small, w, h, &p->params, dst, stride);
  free (small);
}

DaoviewPlotMode
daoview_pipeline_plot_mode (const DaoviewPipeline *p)
{
  if (p->frame && p->frame->naxis == 1)
    return dm_map_active (p) ? DAOVIEW_PLOT_IMAGE : DAOVIEW_PLOT_ROW;
  return p->plot_mode;
}

unsigned
daoview_pipeline_plot_index (const DaoviewPipeline *p)
{
  DaoviewPlotMode mode = daoview_pipeline_plot_mode (p);
  const DaoviewPlane *plane = &p->plane;
  if (!plane->values || mode == DAOVIEW_PLOT_IMAGE || p->frame->naxis == 1)
    return 0;
  unsigned limit = mode == DAOVIEW_PLOT_ROW ? plane->height : plane->width;
  if (p->plot_index < 0)
    return 0;
  return (unsigned) p->plot_index >= limit ? limit - 1 : (unsigned) p->plot_index;
}

size_t
daoview_pipeline_plot_values (const DaoviewPipeline *p, double *out, size_t max)
{
  DaoviewPlotMode mode = daoview_pipeline_plot_mode (p);
  const DaoviewPlane *plane = &p->plane;
  if (!plane->values || mode == DAOVIEW_PLOT_IMAGE)
    return 0;

  unsigned index = daoview_pipeline_plot_index (p);
  size_t n = mode == DAOVIEW_PLOT_ROW ? plane->width : plane->height;
  size_t first = mode == DAOVIEW_PLOT_ROW ? (size_t) index * plane->width : index;
  size_t stride = mode == DAOVIEW_PLOT_ROW ? 1 : plane->width;
  for (size_t i = 0; i < n && i < max; i++)
    out[i] = daoview_element_value (plane->type, plane->values, first + i * stride, plane->part);
  return n;
}

bool
daoview_pipeline_plot_range (const DaoviewPipeline *p, double *low, double *high)
{
  if (daoview_level_state_is_manual (&p->levels))
    {
      *low = p->levels.manual_low;
      *high = p->levels.manual_high;
      return true;
    }
  if (!p->plot_range.valid)
    return false;
  *low = p->plot_range.low;
  *high = p->plot_range.high;
  return true;
}

void
daoview_pipeline_set_dm_map (DaoviewPipeline *p, DaoviewDmMap *map)
{
  daoview_dm_map_free (p->dm_map);
  free (p->dm_plane);
  p->dm_map = map;
  p->dm_plane = map ? malloc ((size_t) map->width * map->height * sizeof (double)) : NULL;
  refresh_afresh (p);
}

const DaoviewDmMap *
daoview_pipeline_dm_map (const DaoviewPipeline *p)
{
  return dm_map_active (p) ? p->dm_map : NULL;
}

const DaoviewPlane *
daoview_pipeline_plane_of (DaoviewPipeline *p, const DaoviewFrame *frame)
{
  DaoviewFrame *shown = p->frame;
  if (frame && shown && daoview_frame_same_geometry (frame, shown))
    p->frame = (DaoviewFrame *) frame;
  update_plane (p);
  p->frame = shown;
  return &p->plane;
}
