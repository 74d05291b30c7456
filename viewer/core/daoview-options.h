/* daoview-options.h — daoview's command line: the options, and what they
 * ask for once parsed.
 *
 * Options that name a setting (--colormap, --scale, --complex-part,
 * --levels and --percentile for the level mode, --max-fps) become
 * `overrides`: values keyed by the setting's name, applied to this run only
 * (daoview_session_bind_settings). The rest is the starting state of a
 * window (slice, plot, selection …) or headless work (saving after N
 * frames). Defaults of the settings are the schema's, and nowhere else.
 * GTK-free.
 */
#pragma once

#include <gio/gio.h>

#include "daoview-analysis.h"
#include "daoview-names.h"
#include "daoview-pipeline.h"

G_BEGIN_DECLS

typedef struct {
  /* Which stream */
  gboolean demo;
  int slot; /* reader slot to force, or -1 for the highest free one */

  /* Settings given on the command line, for this run */
  GVariantDict *overrides;

  /* How a window starts */
  gboolean manual_levels; /* --levels: manual_low/high hold them (also in overrides) */
  double manual_low, manual_high;
  unsigned slice;
  gboolean newest_slice;
  DaoviewPlotMode plot;
  int plot_index;
  gboolean paused;
  gboolean show_analysis;
  unsigned reference_frames; /* > 0: subtract the mean of the first N frames */
  char *dark, *flat;         /* calibration images to load (daoview-dark.h), or NULL */
  char *psf_reference;       /* the PSF the Strehl ratio is measured against, or NULL */
  gboolean reticle_position; /* --reticle X,Y: reticle_x/y hold it (the mode is an override) */
  double reticle_x, reticle_y;
  DaoviewSelection selection;
  /* A recording: the frame to open at (negative: from the end), playing
   * or paused (the default), at play_rate frames per second or (0) with the
   * recorded intervals, looping */
  gint64 seek;
  gboolean play;
  double play_rate;
  gboolean loop;
  char *dm_map_file; /* --dm-map: 1-D streams drawn through this actuator map */
  char *strip_chart; /* --strip-chart: the quantity followed (daoview-quantity.h) */
  gboolean strip_pixel; /* --strip-chart pixel:X,Y gave the pixel */
  int strip_x, strip_y;
  char **grid;       /* --grid / --diff: the streams of one window (NULL: one each) */
  gboolean diff;     /* --diff A B: show A − B */

  /* Headless work: after `frames` frames, save what was asked, then quit */
  char *screenshot;
  char *save[DAOVIEW_N_SAVE_KINDS];
  int frames;
  gboolean print_state; /* state changes and figures on stdout (daoview-report.h) */
} DaoviewOptions;

void daoview_options_init (DaoviewOptions *options);
void daoview_options_clear (DaoviewOptions *options);

/* A copy for one window (overrides shared, strings copied). */
void daoview_options_copy (DaoviewOptions *dst, const DaoviewOptions *src);

/* The option entries (for g_application_add_main_option_entries). */
const GOptionEntry *daoview_options_entries (void);

/* Read the parsed options. FALSE for a value that cannot be used, with a
 * translated message ready for standard error ("daoview: …\n"). */
gboolean daoview_options_parse (DaoviewOptions *options, GVariantDict *dict, GError **error);

/* Anything to save, or a screenshot to take? */
gboolean daoview_options_headless (const DaoviewOptions *options);

G_END_DECLS
