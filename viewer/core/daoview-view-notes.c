/* daoview-view-notes.c — what a saved picture says about itself (see
 * daoview-view-notes.h). */
#include "daoview-view-notes.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "daoview-names.h"
#include "daoview-status-text.h"

char *
daoview_format_write_time (gint64 time_ns, gboolean date)
{
  if (time_ns <= 0)
    return g_strdup ("");
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_utc (time_ns / 1000000000);
  if (!t)
    return g_strdup ("");
  g_autofree char *base = g_date_time_format (t, date ? "%Y-%m-%d %H:%M:%S" : "%H:%M:%S");
  return g_strdup_printf ("%s.%03d UTC", base, (int) (time_ns % 1000000000 / 1000000));
}

static char *
iso_time (gint64 time_ns)
{
  g_autoptr (GDateTime) t = g_date_time_new_from_unix_utc (time_ns / 1000000000);
  g_autofree char *base = t ? g_date_time_format (t, "%Y-%m-%dT%H:%M:%S") : g_strdup ("");
  return g_strdup_printf ("%s.%09" PRId64 "Z", base, time_ns % 1000000000);
}

void
daoview_view_notes_init (DaoviewViewNotes *n, DaoviewSession *session, const DaoviewSelection *selection,
                         const DaoviewPsfResult *psf)
{
  DaoviewPipeline *pipeline = daoview_session_get_pipeline (session);
  const DaoviewFrame *frame = daoview_pipeline_frame (pipeline);
  const DaoviewPlane *plane = daoview_pipeline_plane (pipeline);
  static const DaoviewSelection none = { DAOVIEW_TOOL_PAN, 0, 0, 0, 0 };

  memset (n, 0, sizeof *n);
  n->location = g_strdup (daoview_session_get_location (session));
  n->have_frame = frame != NULL;
  n->counter = frame ? frame->counter : 0;
  n->write_time_ns = frame ? frame->write_time_ns : 0;
  n->calibration = daoview_status_text_calibration (pipeline);
  n->params = *daoview_pipeline_params (pipeline);
  n->selection = selection ? *selection : none;
  daoview_session_get_overlay (session, &n->overlay);

  DaoviewAnalysis a;
  daoview_analysis_init (&a);
  if (n->overlay.reticle == DAOVIEW_RETICLE_CENTROID && !psf && plane->values)
    {
      daoview_session_get_psf_options (session, &a.psf_options);
      daoview_analysis_compute_selection (&a, plane, &n->selection);
      psf = a.have_psf ? &a.psf : NULL;
    }
  n->have_point = plane->values
                  && daoview_overlay_point (&n->overlay, plane->width, plane->height, psf, &n->point_x,
                                            &n->point_y);
  daoview_analysis_clear (&a);
}

void
daoview_view_notes_clear (DaoviewViewNotes *n)
{
  g_free (n->location);
  g_free (n->calibration);
  memset (n, 0, sizeof *n);
}

char *
daoview_view_notes_caption (const DaoviewViewNotes *n)
{
  GString *text = g_string_new (NULL);
  if (n->location)
    {
      g_autofree char *name = g_path_get_basename (n->location);
      g_string_append (text, name);
    }
  if (n->have_frame)
    {
      g_autofree char *time = daoview_format_write_time (n->write_time_ns, TRUE);
      g_string_append_printf (text, "%s", text->len ? "   " : "");
      g_string_append_printf (text, _("frame %" PRIu64), (uint64_t) n->counter);
      if (*time)
        g_string_append_printf (text, "   %s", time);
    }
  if (n->calibration && *n->calibration)
    g_string_append_printf (text, "%s%s", text->len ? "   " : "", n->calibration);
  return g_string_free (text, FALSE);
}

void
daoview_view_notes_text (const DaoviewViewNotes *n, const char *software, char ***keys, char ***values)
{
  GPtrArray *k = g_ptr_array_new (), *v = g_ptr_array_new ();
#define ADD(key, value) (g_ptr_array_add (k, g_strdup (key)), g_ptr_array_add (v, (value)))

  if (n->location)
    {
      ADD ("Title", g_path_get_basename (n->location));
      ADD ("Source", g_strdup (n->location));
      ADD ("DAO:stream", g_strdup (n->location));
    }
  ADD ("Software", g_strdup (software));
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  ADD ("Creation Time", g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ"));
  ADD ("Comment", daoview_view_notes_caption (n));
  if (n->have_frame)
    {
      ADD ("DAO:counter", g_strdup_printf ("%" G_GUINT64_FORMAT, n->counter));
      if (n->write_time_ns > 0)
        {
          ADD ("DAO:write-time", iso_time (n->write_time_ns));
          ADD ("DAO:write-time-ns", g_strdup_printf ("%" G_GINT64_FORMAT, n->write_time_ns));
        }
      char low[G_ASCII_DTOSTR_BUF_SIZE], high[G_ASCII_DTOSTR_BUF_SIZE];
      ADD ("DAO:levels", g_strdup_printf ("%s %s %s %s", g_ascii_formatd (low, sizeof low, "%.9g", n->params.low),
                                          g_ascii_formatd (high, sizeof high, "%.9g", n->params.high),
                                          daoview_colormap_name (n->params.colormap),
                                          daoview_scale_name (n->params.scale)));
    }
  if (n->calibration && *n->calibration)
    ADD ("DAO:calibration", g_strdup (n->calibration));
#undef ADD
  g_ptr_array_add (k, NULL);
  g_ptr_array_add (v, NULL);
  *keys = (char **) g_ptr_array_free (k, FALSE);
  *values = (char **) g_ptr_array_free (v, FALSE);
}
