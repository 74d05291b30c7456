/* daoview-view-notes.h — what a saved picture of the view says about
 * itself: which stream, which frame and when it was written, what was
 * taken off it (dark, flat, reference), the levels, and the overlays drawn
 * on it. The view PNG and the screenshots carry it twice: as a caption in
 * the image (daoview_view_notes_caption) and as PNG text entries
 * (daoview_view_notes_text, daoview-png-text.h), so a picture in a log
 * book still says where it came from. GTK-free.
 *
 * The PNG entries: "Title" (the stream's file name), "Source" (its
 * location), "Software" ("daoview VERSION"), "Creation Time" (when saved,
 * ISO 8601 UTC), "Comment" (the caption), and "DAO:stream", "DAO:counter",
 * "DAO:write-time" (ISO 8601 UTC to the nanosecond), "DAO:write-time-ns"
 * (nanoseconds since the epoch), "DAO:levels" ("LOW HIGH colormap scale"),
 * "DAO:calibration" (when something is taken off).
 */
#pragma once

#include <glib.h>

#include "daoview-analysis.h"
#include "daoview-overlay.h"
#include "daoview-session.h"

G_BEGIN_DECLS

typedef struct {
  char *location;        /* the stream, or NULL */
  gboolean have_frame;
  guint64 counter;       /* the frame shown */
  gint64 write_time_ns;  /* its write time (CLOCK_REALTIME), 0: unknown */
  char *calibration;     /* daoview_status_text_calibration(); "" when nothing */
  DaoviewRenderParams params;
  /* The overlays, as drawn on screen */
  DaoviewOverlay overlay;
  gboolean have_point;   /* the reticle's point */
  double point_x, point_y;
  DaoviewSelection selection;
} DaoviewViewNotes;

/* The notes of what `session` shows now, with the selection drawn (may be
 * NULL) and the spot measured (may be NULL: the reticle on the centroid is
 * then measured here). Clear with daoview_view_notes_clear(). */
void daoview_view_notes_init (DaoviewViewNotes *notes, DaoviewSession *session,
                              const DaoviewSelection *selection, const DaoviewPsfResult *psf);
void daoview_view_notes_clear (DaoviewViewNotes *notes);

/* "cam.im.shm   frame 12345   2025-01-02 03:04:05.123 UTC   − dark.fits"
 * (parts unknown are left out). Newly allocated. */
char *daoview_view_notes_caption (const DaoviewViewNotes *notes);

/* The PNG entries above: two NULL-terminated arrays of the same length
 * (g_strfreev both). `software` is "daoview VERSION". */
void daoview_view_notes_text (const DaoviewViewNotes *notes, const char *software, char ***keys,
                              char ***values);

/* A write time as "2025-01-02 03:04:05.123 UTC" (date TRUE) or
 * "03:04:05.123 UTC", or "" for 0. Newly allocated. */
char *daoview_format_write_time (gint64 time_ns, gboolean date);

G_END_DECLS
