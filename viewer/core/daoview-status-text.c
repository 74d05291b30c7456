/* daoview-status-text.c — the status bar's figures in words. */
#include "daoview-status-text.h"

#include "daoview-view-notes.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "daocommon-shape.h"
#include "daoview-remote.h"

void
daoview_status_text_init (DaoviewStatusText *t, const DaoviewSessionReport *r)
{
  const DaoviewStreamStatus *st = r->status;
  char shape[64];

  /* A recording shows the frame asked for, paused or not. */
  if (r->paused && r->have_frame && r->frame_count == 0)
    t->counter = g_strdup_printf (_("Frame %" PRIu64 " (showing %" PRIu64 ", +%" PRIu64 ")"),
                                  st->counter, r->shown_counter,
                                  st->counter >= r->shown_counter ? st->counter - r->shown_counter : 0);
  else
    t->counter = g_strdup_printf (_("Frame %" PRIu64), st->counter);
  t->time = daoview_format_write_time (r->have_frame ? r->shown_write_time_ns : 0, FALSE);
  if (r->frame_count == 0)
    t->stream_rate = g_strdup_printf (_("Stream %.1f Hz"), r->stream_rate);
  else if (r->recorded_rate > 0)
    t->stream_rate = g_strdup_printf (_("Recorded at %.1f Hz"), r->recorded_rate);
  else
    t->stream_rate = g_strdup (_("No recorded times"));
  t->display_rate = g_strdup_printf (_("Display %.1f Hz"), r->display_rate);
  t->not_shown = g_strdup_printf (_("Not shown %" PRIu64), r->not_shown);
  t->torn = g_strdup_printf (_("Torn reads retried %" PRIu64), st->torn);
  if (r->frame_count > 0)
    {
      /* A recording: the playback bar says which frame; nothing races a
       * writer and nothing goes unshown. */
      g_free (t->counter), t->counter = g_strdup ("");
      g_free (t->not_shown), t->not_shown = g_strdup ("");
      g_free (t->torn), t->torn = g_strdup ("");
    }
  /* DAO is the default kind; any other (milk) is named after the type. */
  gboolean other_format = st->format && g_strcmp0 (st->format, "DAO") != 0;
  if (st->attached)
    daocommon_shape_format (shape, sizeof shape, st->naxis, st->shape, DAOCOMMON_SHAPE_LABEL);
  t->geometry = st->attached ? g_strdup_printf ("%s %s%s%s", shape,
                                                dao_type_name (st->type), other_format ? " · " : "",
                                                other_format ? st->format : "")
                             : g_strdup ("");
  /* A remote stream's server reads it and a recording is a file: no slot here. */
  if (!st->attached || daoview_remote_is_format (st->format) || r->frame_count > 0)
    t->slot = g_strdup ("");
  else if (st->polling || st->slot < 0)
    /* slot < 0 without polling: a source woken otherwise (a milk stream,
     * whose counter libdao polls). */
    t->slot = g_strdup (_("No slot: polling the counter"));
  else
    t->slot = g_strdup_printf (_("Slot %d"), st->slot);
  t->slot_detail = st->polling && st->error ? g_strdup (st->error->message) : NULL;
  t->copy_budget = g_strdup (st->copy_budget_exceeded ? _("Copies torn: FIFO depth ≥ 2 needed") : "");
  t->copy_budget_detail = NULL;
  if (st->copy_budget_exceeded)
    {
      guint64 bytes = dao_type_size (st->type);
      for (unsigned i = 0; i < st->naxis && i < DAO_MAX_AXES; i++)
        bytes *= st->shape[i];
      g_autofree char *size = g_format_size (bytes);
      g_autofree char *copy = st->copy_ms > 0 ? g_strdup_printf (_("a copy of it takes %.2f ms"), st->copy_ms)
                                              : g_strdup (_("no copy of it finished"));
      t->copy_budget_detail = g_strdup_printf (
        _("The writer overtook %" PRIu64 " of the last %" PRIu64 " copies of this %s frame: %s, and the writer "
          "writes one every %.2f ms, in place, so it is writing nearly all the time. A stream of FIFO depth 2 "
          "or more lets daoview copy a whole frame the writer is not touching."),
        st->copy_torn, st->copy_attempts, size, copy, st->period_ms);
    }
}

void
daoview_status_text_clear (DaoviewStatusText *t)
{
  g_free (t->counter);
  g_free (t->time);
  g_free (t->stream_rate);
  g_free (t->display_rate);
  g_free (t->not_shown);
  g_free (t->torn);
  g_free (t->geometry);
  g_free (t->slot);
  g_free (t->slot_detail);
  g_free (t->copy_budget);
  g_free (t->copy_budget_detail);
  memset (t, 0, sizeof *t);
}

char *
daoview_status_text_plot_title (const DaoviewPipeline *p, gboolean stable)
{
  const DaoviewFrame *frame = daoview_pipeline_frame (p);
  DaoviewPlotMode mode = daoview_pipeline_plot_mode (p);
  unsigned index = daoview_pipeline_plot_index (p);
  if (!frame || mode == DAOVIEW_PLOT_IMAGE)
    return g_strdup ("");
  if (frame->naxis == 1)
    return g_strdup (stable ? "vector" : "");
  if (stable)
    return g_strdup_printf ("%s:%u", daoview_plot_mode_name (mode), index);
  return g_strdup_printf (mode == DAOVIEW_PLOT_ROW ? _("Row %u") : _("Column %u"), index);
}

char *
daoview_status_text_calibration (const DaoviewPipeline *p)
{
  GString *text = g_string_new (NULL);
  static const char *const signs[DAOVIEW_N_DARK_OPS] = { "−", "÷" };

  for (int op = 0; op < DAOVIEW_N_DARK_OPS; op++)
    {
      const DaoviewDark *dark = daoview_pipeline_dark (p, op);
      if (!dark)
        continue;
      if (text->len)
        g_string_append (text, "  ");
      if (daoview_pipeline_dark_applied (p, op) || !daoview_pipeline_frame (p))
        g_string_append_printf (text, "%s %s", signs[op], daoview_dark_name (dark));
      else
        /* Translators: a dark or flat file whose size is not the frame's. */
        g_string_append_printf (text, _("%s not applied: %u × %u"), daoview_dark_name (dark),
                                daoview_dark_width (dark), daoview_dark_height (dark));
    }
  const DaoviewReference *ref = daoview_pipeline_reference (p);
  if (daoview_reference_state (ref) == DAOVIEW_REFERENCE_READY)
    {
      if (text->len)
        g_string_append (text, "  ");
      if (daoview_pipeline_reference_applied (p) || !daoview_pipeline_frame (p))
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "− reference (%u frame)",
                                                   "− reference (%u frames)", daoview_reference_frames (ref)),
                                daoview_reference_frames (ref));
      else
        g_string_append (text, _("reference not applied: the frame changed"));
    }
  return g_string_free (text, FALSE);
}

char *
daoview_status_text_join (const DaoviewStatusText *t)
{
  const char *parts[] = { t->counter, t->time, t->stream_rate, t->display_rate, t->not_shown, t->torn,
                          t->geometry, t->slot, t->copy_budget };
  GString *line = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] && *parts[i])
      g_string_append_printf (line, "%s%s", line->len ? "   " : "", parts[i]);
  return g_string_free (line, FALSE);
}
