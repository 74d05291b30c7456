/* daoview-window.h — one window watching one stream (or choosing one). */
#pragma once

#include <gtk/gtk.h>

#include "daoview-level-policy.h"
#include "daoview-render.h"

G_BEGIN_DECLS

/* What the window starts with: settings merged with the command line. */
typedef struct {
  /* Attaching */
  int slot;    /* reader slot to force, or -1 for any free one */
  int max_fps; /* display rate cap; 0 or less: the display's refresh */

  /* Showing */
  DaoviewColormap colormap;
  DaoviewScale scale;
  DaoviewComplexPart complex_part;
  DaoviewLevelMode level_mode;
  DaoviewLevelPolicy level_policy;
  double percentile_low, percentile_high;
  double manual_low, manual_high;
  gboolean show_colorbar;
  gboolean show_analysis;
  gboolean paused;        /* start with the display paused */
  int slice;              /* 3-D streams: the slice shown */
  gboolean newest_slice;  /* follow the slice that changed last */
  int reference_frames;   /* > 0: subtract the mean of the first N frames */
  int plot;               /* 0 image, 1 row, 2 column (of plot_index) */
  int plot_index;
  int selection_tool;     /* a DaoviewImageTool: a line or rectangle given up front */
  double selection[4];    /* x0, y0, x1, y1 in image pixels */

  /* Headless use */
  const char *screenshot; /* save the window to this PNG after `frames` frames, then quit */
  const char *save_view;  /* same moment: the view with colour bar, the raw frame */
  const char *save_fits;
  const char *save_npy;
  int frames;
  gboolean print_state; /* state changes and stats on stdout, for scripts and tests */
} DaoviewWindowOptions;

#define DAOVIEW_TYPE_WINDOW (daoview_window_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewWindow, daoview_window, DAOVIEW, WINDOW, GtkApplicationWindow)

/* settings may be NULL (no installed schema): choices then live in memory. */
DaoviewWindow *daoview_window_new (GtkApplication *application, GSettings *settings,
                                   const DaoviewWindowOptions *options);

/* Watch `path` (the file need not exist yet), or show the stream chooser
 * when path is NULL. */
void daoview_window_watch (DaoviewWindow *self, const char *path);

G_END_DECLS
