/* daoview-playback.c — the clock of a sequence being played (see
 * daoview-playback.h). */
#include "daoview-playback.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>

static gint64
time_of (const DaoviewPlayback *p, guint64 index)
{
  gint64 t = 0;
  if (!p->time_of || !p->time_of (p->time_data, index, &t))
    return 0;
  return t;
}

void
daoview_playback_start (DaoviewPlayback *p, guint64 index, gint64 now_us)
{
  p->start_index = p->length ? MIN (index, p->length - 1) : 0;
  p->start_us = now_us;
  p->start_time_ns = p->rate_hz > 0 ? 0 : time_of (p, p->start_index);
}

/* At a fixed rate: frames counted from the start. */
static guint64
due_at_rate (DaoviewPlayback *p, double hz, gint64 elapsed_us, gboolean *ended)
{
  double steps = floor ((double) elapsed_us * hz / 1e6);
  double index = (double) p->start_index + steps;
  if (index < (double) p->length)
    return (guint64) index;
  if (!p->loop)
    {
      *ended = TRUE;
      return p->length - 1;
    }
  return (guint64) fmod (index, (double) p->length);
}

/* The last frame at or before `target` (ns) from start_index on: the times
 * are those a writer stamped, in order; a frame without one is passed. */
static guint64
last_due (const DaoviewPlayback *p, gint64 target)
{
  guint64 lo = p->start_index, hi = p->length - 1;
  gint64 t = time_of (p, hi);
  if (t == 0 || t <= target)
    return hi;
  while (hi - lo > 1)
    {
      guint64 mid = lo + (hi - lo) / 2;
      gint64 tm = time_of (p, mid);
      if (tm == 0 || tm <= target)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

guint64
daoview_playback_due (DaoviewPlayback *p, gint64 now_us, gboolean *ended)
{
  gboolean dummy;
  ended = ended ? ended : &dummy;
  *ended = FALSE;
  if (p->length == 0)
    {
      *ended = TRUE;
      return 0;
    }
  gint64 elapsed_us = MAX (now_us - p->start_us, 0);
  if (p->rate_hz > 0 || p->start_time_ns == 0)
    return due_at_rate (p, p->rate_hz > 0 ? p->rate_hz : DAOVIEW_PLAYBACK_UNTIMED_HZ, elapsed_us, ended);

  /* Recorded times: a few passes at most (a loop that wrapped while the
   * caller was away). */
  for (int pass = 0; pass < 4; pass++)
    {
      gint64 target = p->start_time_ns + elapsed_us * 1000;
      guint64 index = last_due (p, target);
      if (index < p->length - 1)
        return index;
      if (!p->loop)
        {
          *ended = TRUE;
          return index;
        }
      /* The first frame again, one mean interval after the last. */
      gint64 first = time_of (p, 0), last = time_of (p, p->length - 1);
      gint64 period_us = p->length > 1 && last > first ? (last - first) / 1000 / (gint64) (p->length - 1)
                                                        : (gint64) (1e6 / DAOVIEW_PLAYBACK_UNTIMED_HZ);
      gint64 restart_us = p->start_us + MAX (last - p->start_time_ns, 0) / 1000 + MAX (period_us, 1);
      if (now_us < restart_us)
        return index;
      daoview_playback_start (p, 0, restart_us);
      if (p->start_time_ns == 0)
        return 0;
      elapsed_us = now_us - restart_us;
    }
  daoview_playback_start (p, 0, now_us);
  return 0;
}

char *
daoview_playback_frame_text (const DaoviewFrame *frame, guint64 length)
{
  GString *text = g_string_new (NULL);
  g_string_append_printf (text, _("Frame %" PRIu64 " (0–%" PRIu64 ")"), frame->index,
                          length ? length - 1 : 0);
  g_string_append (text, " · ");
  g_string_append_printf (text, _("counter %" PRIu64), frame->counter);
  if (frame->write_time_ns > 0)
    {
      g_autoptr (GDateTime) second = g_date_time_new_from_unix_local (frame->write_time_ns / 1000000000);
      g_autoptr (GDateTime) when = second ? g_date_time_add (second, (frame->write_time_ns % 1000000000) / 1000)
                                          : NULL;
      g_autofree char *stamp = when ? g_date_time_format (when, "%Y-%m-%d %H:%M:%S.%f") : NULL;
      if (stamp)
        g_string_append_printf (text, " · %s", stamp);
    }
  if (frame->lost > 0)
    {
      g_string_append (text, " · ");
      if (frame->dropped > 0)
        g_string_append_printf (text, _("%" PRIu64 " missing before it, %" PRIu64 " of them dropped"),
                                frame->lost, frame->dropped);
      else
        g_string_append_printf (text, _("%" PRIu64 " missing before it"), frame->lost);
    }
  return g_string_free (text, FALSE);
}
