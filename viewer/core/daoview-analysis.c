/* daoview-analysis.c — statistics, histogram and selection figures of the
 * displayed plane (see daoview-analysis.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "daoview-analysis.h"
#include "daoview-profile.h"

void
daoview_analysis_init (DaoviewAnalysis *a)
{
  static const DaoviewPsfOptions psf_defaults = DAOVIEW_PSF_OPTIONS_INIT;
  memset (a, 0, sizeof *a);
  a->psf_options = psf_defaults;
}

void
daoview_analysis_clear (DaoviewAnalysis *a)
{
  DaoviewPsfOptions options = a->psf_options;
  free (a->profile);
  daoview_analysis_init (a);
  a->psf_options = options;
}

/* In the rectangle drawn (as clipped by compute_rect), or everywhere. */
void
daoview_analysis_measure_psf (DaoviewAnalysis *a, const DaoviewPlane *plane)
{
  DaoviewPsfOptions o = a->psf_options;
  bool rect = a->selection.tool == DAOVIEW_TOOL_RECT && a->have_rect_stats;
  o.x = rect ? a->rect[0] : 0;
  o.y = rect ? a->rect[1] : 0;
  o.width = rect ? a->rect[2] - a->rect[0] + 1 : 0;
  o.height = rect ? a->rect[3] - a->rect[1] + 1 : 0;
  a->have_psf = daoview_psf_measure (plane, &o, &a->psf) == 0;
}

static void
compute_profile (DaoviewAnalysis *a, const DaoviewPlane *plane, const DaoviewSelection *s)
{
  size_t n = daoview_profile_length (s->x0, s->y0, s->x1, s->y1);
  DaoviewProfileSample *samples = n ? malloc (n * sizeof *samples) : NULL;
  double *values = n ? malloc (n * sizeof *values) : NULL;

  a->profile_length = 0;
  if (samples && values)
    {
      n = daoview_profile_sample (plane->type, plane->values, plane->width, plane->height,
                                  plane->part, s->x0, s->y0, s->x1, s->y1, samples, n);
      for (size_t i = 0; i < n; i++)
        values[i] = samples[i].value;
      free (a->profile);
      a->profile = values;
      a->profile_length = n;
      values = NULL;
    }
  free (values);
  free (samples);
}

/* The rectangle's corner pixels, rounded and put in order, clipped at 0
 * (daoview_stats_rect() clips at the far edges). */
static void
compute_rect (DaoviewAnalysis *a, const DaoviewPlane *plane, const DaoviewSelection *s)
{
  double x0 = fmax (round (fmin (s->x0, s->x1)), 0), y0 = fmax (round (fmin (s->y0, s->y1)), 0);
  double x1 = round (fmax (s->x0, s->x1)), y1 = round (fmax (s->y0, s->y1));

  a->have_rect_stats = false;
  if (x1 < 0 || y1 < 0 || !isfinite (x1) || !isfinite (y1))
    return;
  a->rect[0] = (unsigned) x0;
  a->rect[1] = (unsigned) y0;
  a->rect[2] = (unsigned) x1;
  a->rect[3] = (unsigned) y1;
  a->have_rect_stats = daoview_stats_rect (plane->type, plane->values, plane->width, plane->height,
                                           plane->part, a->rect[0], a->rect[1],
                                           a->rect[2] - a->rect[0] + 1, a->rect[3] - a->rect[1] + 1,
                                           &a->rect_stats) == 0;
}

void
daoview_analysis_compute_selection (DaoviewAnalysis *a, const DaoviewPlane *plane,
                                    const DaoviewSelection *selection)
{
  static const DaoviewSelection none = { DAOVIEW_TOOL_PAN, 0, 0, 0, 0 };

  a->selection = selection ? *selection : none;
  a->have_rect_stats = false;
  a->have_psf = false;
  a->profile_length = 0;
  if (!plane || !plane->values)
    return;
  if (a->selection.tool == DAOVIEW_TOOL_LINE)
    compute_profile (a, plane, &a->selection);
  else if (a->selection.tool == DAOVIEW_TOOL_RECT)
    compute_rect (a, plane, &a->selection);
  daoview_analysis_measure_psf (a, plane);
}

void
daoview_analysis_compute (DaoviewAnalysis *a, const DaoviewPlane *plane, double low, double high,
                          const DaoviewSelection *selection)
{
  a->have_stats = a->have_histogram = false;
  a->low = low;
  a->high = high;
  if (plane && plane->values)
    {
      size_t count = daoview_plane_count (plane);
      /* Binned over the data's range (NaN levels), with the display's levels
       * marked on it: the histogram shows what lies outside them too. */
      a->have_histogram = daoview_histogram (plane->type, plane->values, count, plane->part, NAN,
                                             NAN, a->counts, DAOVIEW_HISTOGRAM_BINS,
                                             &a->histogram) == 0;
      a->have_stats = daoview_stats_frame (plane->type, plane->values, plane->width, plane->height,
                                           plane->part, &a->stats) == 0;
    }
  daoview_analysis_compute_selection (a, plane, selection);
}
