/* daoview-analysis.h — the figures beside the image, computed from the
 * displayed plane: statistics of the frame, its histogram with the levels
 * marked, those of the selection drawn on the image (a rectangle's
 * statistics, or a line's profile), and the spot's measurements
 * (daoview-psf.h) inside the rectangle, or over the whole plane when none
 * is drawn. GTK-free, no GLib.
 *
 * The analysis panel shows a DaoviewAnalysis, and --print-state prints the
 * same struct (daoview-report.h): what a script reads is what the panel
 * shows.
 */
#ifndef DAOVIEW_ANALYSIS_H
#define DAOVIEW_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "daoview-histogram.h"
#include "daoview-plane.h"
#include "daoview-psf.h"
#include "daoview-stats.h"

#define DAOVIEW_HISTOGRAM_BINS 128

/* What a drag on the image does, and what was drawn with it. */
typedef enum {
  DAOVIEW_TOOL_PAN,  /* move the image; nothing selected */
  DAOVIEW_TOOL_LINE, /* draw a line: its profile is shown */
  DAOVIEW_TOOL_RECT, /* draw a rectangle: its statistics are shown */
  DAOVIEW_N_TOOLS
} DaoviewTool;

/* The line or rectangle drawn, in image pixels (pixel (x, y) has its
 * centre at (x, y)); a rectangle's corners are pixels, both included. */
typedef struct {
  DaoviewTool tool; /* PAN: none */
  double x0, y0, x1, y1;
} DaoviewSelection;

typedef struct {
  /* The whole plane */
  bool have_stats;  /* false: no finite pixel */
  DaoviewStats stats;
  bool have_histogram; /* binned over the data's range */
  DaoviewHistogramInfo histogram;
  uint64_t counts[DAOVIEW_HISTOGRAM_BINS];
  double low, high; /* the levels, marked on the histogram */

  /* The selection */
  DaoviewSelection selection;
  bool have_rect_stats;      /* RECT: false when no finite pixel is inside */
  DaoviewStats rect_stats;
  unsigned rect[4];          /* RECT: x0, y0, x1, y1 as clipped to the frame, inclusive */
  size_t profile_length;     /* LINE: samples in profile[] */
  double *profile;           /* LINE: the values along it (NaN outside the frame); owned */

  /* The spot: the caller sets the options (λ/D, encircled-energy radius,
   * a reference PSF …); their window is replaced by the rectangle drawn,
   * or the whole plane. */
  DaoviewPsfOptions psf_options;
  bool have_psf;             /* false: nothing to measure (see daoview_psf_measure) */
  DaoviewPsfResult psf;
} DaoviewAnalysis;

/* An empty analysis (nothing computed, no selection, the spot measured
 * with DAOVIEW_PSF_OPTIONS_INIT). */
void daoview_analysis_init (DaoviewAnalysis *a);
void daoview_analysis_clear (DaoviewAnalysis *a);

/* Everything, for `plane` (NULL values: no frame); low/high are the levels
 * to mark. */
void daoview_analysis_compute (DaoviewAnalysis *a, const DaoviewPlane *plane, double low,
                               double high, const DaoviewSelection *selection);

/* Only the spot's figures, in the rectangle as last computed (≤ 1 ms at
 * 1024²: the reticle follows the centroid frame by frame with it). */
void daoview_analysis_measure_psf (DaoviewAnalysis *a, const DaoviewPlane *plane);

/* Only the selection's figures and the spot's (cheap enough for every
 * drag event). */
void daoview_analysis_compute_selection (DaoviewAnalysis *a, const DaoviewPlane *plane,
                                         const DaoviewSelection *selection);

#endif /* DAOVIEW_ANALYSIS_H */
