/* daoview-status-text.h — the status bar's figures in words, translated:
 * shown by the status bar widget, and written under the image by a
 * screenshot taken without a display. GTK-free. */
#pragma once

#include "daoview-session.h"

G_BEGIN_DECLS

typedef struct {
  char *counter;      /* "Frame 1234", or "Frame 1234 (showing 1200, +34)" when paused */
  char *time;         /* "12:34:56.789 UTC": when the frame shown was written, or "" */
  char *stream_rate;  /* "Stream 400.0 Hz" */
  char *display_rate; /* "Display 60.0 Hz" */
  char *not_shown;    /* "Not shown 12" */
  char *torn;         /* "Torn reads retried 0" */
  char *geometry;     /* "256 × 256 uint16", or "" before a stream is open */
  char *slot;         /* "Slot 9", "No slot: polling the counter", or "" */
  char *slot_detail;  /* why it polls, or NULL */
  char *copy_budget;  /* "Copies torn: FIFO depth ≥ 2 needed" when they do not fit, or "" */
  char *copy_budget_detail; /* what was measured, and why a FIFO fixes it; or NULL */
} DaoviewStatusText;

void daoview_status_text_init (DaoviewStatusText *text, const DaoviewSessionReport *report);
void daoview_status_text_clear (DaoviewStatusText *text);

/* The figures on one line, as a screenshot without a window shows them. */
char *daoview_status_text_join (const DaoviewStatusText *text);

/* Which row or column of the image a plot shows, for its title: "Row 64",
 * "Column 12"; "" for a 1-D frame (which is all there is) or the image.
 * Newly allocated. Its stable name for scripts, "row:64", "column:12",
 * "vector", or "" for the image, with `stable` TRUE. */
char *daoview_status_text_plot_title (const DaoviewPipeline *pipeline, gboolean stable);

/* What is taken off the frame shown, named for the header and the saved
 * PNGs: "" when nothing, else e.g. "− dark.fits  ÷ flat.fits  − reference
 * (10 frames)"; one that does not fit the frame says so ("dark.fits not
 * applied: 64 × 64"). Newly allocated. */
char *daoview_status_text_calibration (const DaoviewPipeline *pipeline);

G_END_DECLS
