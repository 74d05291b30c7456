/* daoview-status-text.c — the status bar's figures in words. */
#include "daoview-status-text.h"

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
  if (r->frame_count == 0)
    t->stream_rate = g_strdup_printf (_("Stream %.1f Hz"), st->stream_rate);
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
}

void
daoview_status_text_clear (DaoviewStatusText *t)
{
  g_free (t->counter);
  g_free (t->stream_rate);
  g_free (t->display_rate);
  g_free (t->not_shown);
  g_free (t->torn);
  g_free (t->geometry);
  g_free (t->slot);
  g_free (t->slot_detail);
  memset (t, 0, sizeof *t);
}

char *
daoview_status_text_join (const DaoviewStatusText *t)
{
  const char *parts[] = { t->counter, t->stream_rate, t->display_rate, t->not_shown, t->torn,
                          t->geometry, t->slot };
  GString *line = g_string_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] && *parts[i])
      g_string_append_printf (line, "%s%s", line->len ? "   " : "", parts[i]);
  return g_string_free (line, FALSE);
}
