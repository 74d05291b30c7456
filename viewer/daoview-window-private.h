/* daoview-window-private.h — the window's instance, shared by the files
 * that make it up (as GNOME Text Editor splits its window):
 *   daoview-window.c          template, frame-clock tick, watching, drawing
 *   daoview-window-actions.c  the win.* actions and saving
 *   daoview-window-headless.c --screenshot / --save-* after N frames
 *   daoview-window-playback.c a recording's playback bar and frame actions */
#pragma once

#include "daoview-analysis-panel.h"
#include "daoview-colorbar.h"
#include "daoview-contrast-popover.h"
#include "daoview-playback-bar.h"
#include "daoview-frame-surfaces.h"
#include "daoview-image-view.h"
#include "daoview-plot-view.h"
#include "daoview-session.h"
#include "daoview-view-notes.h"
#include "daoview-status-bar.h"
#include "daoview-stream-chooser.h"
#include "daoview-strip-chart.h"
#include "daoview-title.h"
#include "daoview-window.h"

G_BEGIN_DECLS

struct _DaoviewWindow
{
  GtkApplicationWindow parent_instance;

  /* Template widgets */
  DaoviewTitle *title;
  GtkStack *stack;
  DaoviewStreamChooser *chooser;
  GtkStack *view_stack;
  DaoviewImageView *image_view;
  DaoviewColorbar *colorbar;
  GtkLabel *message_label;
  DaoviewPlotView *plot_view;
  GtkWidget *analysis_panel; /* the scrolled window around `analysis` */
  DaoviewAnalysisPanel *analysis;
  DaoviewStatusBar *status_bar;
  GtkMenuButton *levels_button;
  DaoviewContrastPopover *contrast_popover;
  GtkLabel *zoom_label;
  DaoviewPlaybackBar *playback_bar; /* added by daoview-window-playback.c */
  GtkWidget *zoom_box;
  DaoviewStripChart *strip_chart; /* added by daoview-window-time.c */

  /* Owned */
  DaoviewSession *session;
  DaoviewOptions options;        /* how the window started, and its headless work */
  DaoviewFrameSurfaces surfaces;
  DaoviewAnalysis figures;       /* what the analysis panel shows */
  GtkFileChooserNative *save_dialog;
  char *layout;                  /* the layout last reported, to report changes only */

  /* Borrowed */
  GSettings *settings;

  /* State */
  guint tick_id;
  int hover_x, hover_y;          /* the image pixel under the pointer, or -1 */
  DaoviewSelection selection;
  DaoviewSaveKind save_kind;     /* what the open save dialog saves */
  int screenshot_stage;          /* 0 waiting, 1 labels updated, 2 files saved, 3 done */
  int settle_paints, settle_width, settle_height;
  double drag_low, drag_high;    /* the levels when a right-drag began */
};

enum {
  DAOVIEW_WINDOW_STATE_CHANGED,
  DAOVIEW_WINDOW_REPORT,
  DAOVIEW_WINDOW_ANALYSED,
  DAOVIEW_WINDOW_SAVED,
  DAOVIEW_WINDOW_PLOT_DRAWN,
  DAOVIEW_WINDOW_SCREENSHOT_TAKEN,
  DAOVIEW_WINDOW_LAYOUT,
  DAOVIEW_WINDOW_N_SIGNALS
};
extern guint daoview_window_signals[DAOVIEW_WINDOW_N_SIGNALS];

/* daoview-window.c */
void daoview_window_update_labels (DaoviewWindow *self);
void daoview_window_emit_report (DaoviewWindow *self); /* the stats, for --print-state */
void daoview_window_update_pixel (DaoviewWindow *self); /* the value under the pointer */
void daoview_window_redraw (DaoviewWindow *self); /* the frame shown, after a choice changed */
void daoview_window_update_analysis (DaoviewWindow *self, gboolean selection_only);

/* daoview-window-actions.c */
void daoview_window_add_actions (DaoviewWindow *self);
gboolean daoview_window_save_as (DaoviewWindow *self, DaoviewSaveKind kind, const char *path,
                                 GError **error);

/* daoview-window-overlay.c */
void daoview_window_add_overlay_actions (DaoviewWindow *self);
/* The reticle's point for the frame shown (the centroid measured now if it
 * follows it), to the image view. */
void daoview_window_update_overlay (DaoviewWindow *self);
/* What a saved picture of this window says about itself (clear it). */
void daoview_window_view_notes (DaoviewWindow *self, DaoviewViewNotes *notes);

/* daoview-window-contrast.c */
void daoview_window_add_contrast (DaoviewWindow *self);

/* daoview-window-calibration.c */
void daoview_window_add_calibration_actions (DaoviewWindow *self);
/* daoview-window-playback.c: the bar (above the status bar) and its
 * actions; update whenever a frame is shown or the stream changes. */
void daoview_window_playback_init (DaoviewWindow *self);
void daoview_window_playback_update (DaoviewWindow *self);
/* daoview-window-time.c: the strip chart (beside `beside`), the history
 * actions; update at the label rate. */
void daoview_window_time_init (DaoviewWindow *self, GtkWidget *beside);
void daoview_window_time_update (DaoviewWindow *self);
gboolean daoview_window_export_series (DaoviewWindow *self, const char *path, GError **error);

/* daoview-window-headless.c: call from every tick; does the options'
 * headless work when its moment has come. */
void daoview_window_headless_tick (DaoviewWindow *self, gint64 now_us);

G_END_DECLS
