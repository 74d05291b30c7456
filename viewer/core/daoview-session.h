/* daoview-session.h — one stream being shown: its watcher, the pipeline its
 * frames go through, the display choices, and the counts the status bar
 * reads.
 *
 * The window calls daoview_session_tick() from its frame clock (the
 * display-less runner from a timer); the tick takes the newest frame from
 * the watcher (at most once per max-fps interval, not while paused), hands
 * it to the pipeline, and says what changed, so the caller redraws only
 * what it must.
 *
 * The display choices are properties, named like the GSettings keys they
 * are bound to (daoview_session_bind_settings) and read by the menus'
 * property actions: "colormap", "scale", "complex-part", "level-mode",
 * "level-policy" (strings, daoview-names.h), "percentile-low",
 * "percentile-high", "manual-low", "manual-high" (doubles; remembered, so
 * manual levels come back with the mode), "auto-level-mode" (the last
 * automatic mode chosen, where a reset goes back to), "max-fps",
 * "plot" ("image", "row", "column"), "plot-index", "slice", "newest-slice",
 * "paused", "playback-rate" (a recording's frames per second; 0: the
 * recorded intervals), "loop", "vector-view" ("plot" or "map": 1-D streams as a line plot or
 * through an actuator map, a setting), "dm-map-file" (the map file of
 * --dm-map; "" for the stream's keywords or the built-in layout),
 * "strip-chart" (the quantity followed, daoview-quantity.h; "": none),
 * "strip-chart-seconds" (a setting), "history-index" (read-only: the
 * history frame shown, -1 when live); the spot's measurement options
 * "psf-lambda-over-d", "psf-obstruction", "psf-ee-radius" (doubles,
 * daoview-psf.h); the overlays (daoview-overlay.h) "reticle" (a name),
 * "overlay-circles" (radii as "5,10,20"), "show-circles", "show-region"
 * (booleans), and "reticle-x", "reticle-y" (the position set by hand, not a
 * setting). Every change is notified ("notify::NAME"): the window redraws
 * then; a dark, flat or reference PSF loaded or dropped notifies
 * "calibration" (read-only). GTK-free.
 */
#pragma once

#include <gio/gio.h>

#include "daoview-options.h"
#include "daoview-pipeline.h"
#include "daoview-quantity.h"
#include "daoview-timeseries.h"
#include "daoview-stream-status.h"

G_BEGIN_DECLS

#define DAOVIEW_LABEL_INTERVAL_US (250 * 1000) /* text figures: as fast as anyone reads */

typedef enum {
  DAOVIEW_SESSION_STATE_CHANGED = 1 << 0, /* the stream's state is new (or the first one) */
  DAOVIEW_SESSION_NEW_FRAME = 1 << 1,     /* the pipeline holds a new frame: draw it */
  DAOVIEW_SESSION_LABELS_DUE = 1 << 2,    /* time to refresh the figures shown as text */
} DaoviewSessionEvents;

/* What the status bar and the stats lines of --print-state show. */
typedef struct {
  double time;                       /* monotonic, seconds */
  const DaoviewStreamStatus *status; /* borrowed */
  gboolean have_frame;
  guint64 shown_counter;             /* the frame on screen */
  gint64 shown_write_time_ns;        /* … and when it was written (0: unknown) */
  guint64 frames_shown;
  guint64 not_shown;                 /* frames the stream wrote that were never drawn */
  /* Rates, Hz. Until the first estimate over a whole interval (a
   * screenshot after 10 frames of a fast stream comes sooner), they are
   * measured over the frames shown so far: the stream's from their
   * counters and write times, the display's from when they were taken. */
  double stream_rate;
  double display_rate;
  gboolean paused;
  double low, high;                  /* the levels in force */
  unsigned slice;
  /* What is taken off the frame shown: "-" (nothing), "applied", or
   * "unmatched" (loaded, but not the frame's size or type); the reference
   * also "capturing". Static strings. */
  const char *dark, *flat, *reference;
  /* The pixel under the pointer (filled by the window, which has one) */
  gboolean pointer_valid;            /* FALSE: not over the image */
  int pointer_x, pointer_y;
  double pointer_value;              /* as shown: after dark, flat and reference */
  double pointer_raw;                /* the frame's own value there */
  /* A recording (frame_count > 0; all 0 for a stream): the frame asked
   * for, and the one shown with the frames missing just before it */
  guint64 frame_count;
  double recorded_rate;              /* Hz, over the whole recording; 0: no times */
  guint64 position;
  guint64 shown_index, shown_lost, shown_dropped;
  /* A FIFO's history being stepped through */
  gboolean in_history;
  guint history_index, history_length;
} DaoviewSessionReport;

#define DAOVIEW_TYPE_SESSION (daoview_session_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewSession, daoview_session, DAOVIEW, SESSION, GObject)

DaoviewSession *daoview_session_new (void);

/* Bind the display choices that are settings to `settings`, both ways,
 * except those in `overrides` (command-line values, keyed by setting name,
 * may be NULL): those start from the given value, which is not stored, and
 * only a later change (from the menu) is. */
void daoview_session_bind_settings (DaoviewSession *self, GSettings *settings,
                                    GVariantDict *overrides);

/* How a window (or the display-less runner) starts: the settings bound
 * with the options' overrides, then the options' starting state (manual
 * levels, pause, slice, plot, a reference to capture, the dark, flat and
 * reference PSF to load). FALSE when a calibration image cannot be read
 * (*error says which and why; the rest has started). */
gboolean daoview_session_start (DaoviewSession *self, GSettings *settings, const DaoviewOptions *options,
                                GError **error);

/* Calibration images (daoview-dark.h) from a FITS or .npy file or a
 * stream: the dark (SUBTRACT) or the flat (DIVIDE) applied to every frame
 * of their size, or NULL to drop it. Notifies "calibration". FALSE with
 * *error (G_IO_ERROR) when it cannot be read; the one in use stays. */
gboolean daoview_session_load_dark (DaoviewSession *self, DaoviewDarkOp op, const char *location,
                                    GError **error);

/* The PSF the Strehl ratio is measured against instead of the Airy model
 * (NULL: back to the model). Notifies "calibration". */
gboolean daoview_session_load_psf_reference (DaoviewSession *self, const char *location, GError **error);
const DaoviewDark *daoview_session_get_psf_reference (DaoviewSession *self);

/* Watch `location` (nothing need be there yet) on reader slot `slot` (-1:
 * the highest free one), or nothing when location is NULL. Forgets the
 * frame and counts of the stream watched before. */
void daoview_session_watch (DaoviewSession *self, const char *location, int slot);
const char *daoview_session_get_location (DaoviewSession *self); /* NULL: none */

/* One step at `now_us` (monotonic). Returns DaoviewSessionEvents. After
 * drawing a NEW_FRAME, call daoview_session_frame_drawn(). */
guint daoview_session_tick (DaoviewSession *self, gint64 now_us);

/* The frame taken by the last tick has been drawn: the reader thread may
 * copy the next one now, while the drawing thread is idle. */
void daoview_session_frame_drawn (DaoviewSession *self);

DaoviewPipeline *daoview_session_get_pipeline (DaoviewSession *self);
const DaoviewStreamStatus *daoview_session_get_status (DaoviewSession *self);
void daoview_session_get_report (DaoviewSession *self, DaoviewSessionReport *report);

/* Fill the report's pointer fields for the pixel (x, y) of the frame
 * shown: the displayed and the raw value, or pointer_valid FALSE when it
 * lies outside the frame (x, y are image pixels, -1 for none). */
void daoview_session_report_pointer (DaoviewSession *self, DaoviewSessionReport *report, int x, int y);

/* When the session started watching, and when it last took a frame
 * (monotonic µs; 0: none yet). */
gint64 daoview_session_get_start_time (DaoviewSession *self);
gint64 daoview_session_get_last_frame_time (DaoviewSession *self);

/* "paused": the frame on screen stays (the first one is still taken, so a
 * session started paused shows something); the counter keeps moving.
 * "max-fps": take at most that many frames per second (0: every tick). */
gboolean daoview_session_get_paused (DaoviewSession *self);

/* The overlays to draw (daoview-overlay.h). */
void daoview_session_get_overlay (DaoviewSession *self, DaoviewOverlay *overlay);

/* Levels set by hand (a drag on the colour bar or the image, typed
 * values): the manual mode at low … high. */
void daoview_session_set_levels (DaoviewSession *self, double low, double high);

/* Back to the automatic levels: the last automatic mode chosen
 * ("auto-level-mode"), and the policy that follows the frames if it was
 * "keep where I put them". */
void daoview_session_reset_levels (DaoviewSession *self);

/* The options the spot is measured with (λ/D, obstruction, encircled-energy
 * radius, the reference PSF if one is loaded; the rest
 * DAOVIEW_PSF_OPTIONS_INIT's). The reference is borrowed from the session. */
void daoview_session_get_psf_options (DaoviewSession *self, DaoviewPsfOptions *options);
/* ---- a recording (DaoviewStreamStatus.frame_count > 0) ----------------------
 *
 * A recording opens paused at its first frame (or at --seek's, playing with
 * --play). "paused" is then its playback: unpaused, the frame due by the
 * recorded intervals (or "playback-rate") is asked for at every tick, and
 * playing stops at the last frame unless "loop". Every frame asked for is
 * shown, paused or not. */

/* The frame asked for and the recording's length; FALSE when the location
 * is not a recording (or is not open yet). */
gboolean daoview_session_get_sequence (DaoviewSession *self, guint64 *index, guint64 *length);

/* Show frame `index` (beyond the end: the last); playing goes on from it. */
void daoview_session_seek (DaoviewSession *self, guint64 index);

/* Pause, and show the frame delta frames after the one asked for (before
 * it when negative; clamped to the recording). */
void daoview_session_step (DaoviewSession *self, gint64 delta);

/* Is the frame shown the one asked for (what --seek and --save-* wait
 * for)? FALSE for a stream. */
gboolean daoview_session_showing_position (DaoviewSession *self);
/* Choose the actuator map for the frame shown again (vector-view "map"),
 * and why none could be had (NULL: a map is shown, or none was asked for). */
void daoview_session_update_dm_map (DaoviewSession *self);
const GError *daoview_session_get_dm_map_error (DaoviewSession *self);

/* ---- quantities over time ------------------------------------------- */

/* The strip chart's samples: one per frame taken, and, on a FIFO stream,
 * one per frame of each gap that the FIFO still held (the watcher's
 * fill_gaps), all measured on the plane as shown (after the reference, the
 * actuator map). */
DaoviewTimeseries *daoview_session_get_timeseries (DaoviewSession *self);
const DaoviewQuantityClass *daoview_session_get_quantity (DaoviewSession *self); /* NULL: off */
/* Where it is measured (the pixel, the region): the caller may change it. */
DaoviewQuantityContext *daoview_session_get_quantity_context (DaoviewSession *self);

/* ---- a FIFO's history -------------------------------------------------- */

/* Step through the frames a FIFO stream holds: the first step pauses and
 * has every segment copied (the next tick shows the newest of them), the
 * next ones show older (delta < 0) or newer frames. Unpausing goes back to
 * the live stream. Does nothing visible for a stream of depth 1 beyond
 * pausing. */
void daoview_session_history_step (DaoviewSession *self, int delta);
/* The history frame shown (index of length, oldest 0) and the frame; FALSE
 * when live. frame may be NULL. */
gboolean daoview_session_get_history (DaoviewSession *self, guint *index, guint *length,
                                      const DaoviewFrame **frame);
unsigned daoview_session_get_fifo_depth (DaoviewSession *self);

/* The keywords of the stream watched, for saving (free() the array). */
gboolean daoview_session_copy_keywords (DaoviewSession *self, dao_keyword **out, unsigned *n);

G_END_DECLS
