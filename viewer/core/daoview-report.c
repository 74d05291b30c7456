/* daoview-report.c — the --print-state lines (see daoview-report.h). */
#include "daoview-report.h"

#include <inttypes.h>
#include <stdio.h>

#include "daocommon-shape.h"

char *
daoview_report_state (const DaoviewStreamStatus *status)
{
  g_autofree char *text = daoview_stream_status_text (status);
  const char *name = daoview_stream_state_name (status->state);
  return g_strdup_printf ("state %s: %s%s%s\n", name ? name : "unknown", text,
                          status->error ? " — " : "", status->error ? status->error->message : "");
}

char *
daoview_report_stats (const DaoviewSessionReport *r)
{
  const DaoviewStreamStatus *st = r->status;
  const char *state = daoview_stream_state_name (st->state);
  char shape[64] = "-", pointer[64] = "-";

  if (st->attached)
    daocommon_shape_format (shape, sizeof shape, st->naxis, st->shape, DAOCOMMON_SHAPE_COMPACT);
  if (r->pointer_valid)
    g_snprintf (pointer, sizeof pointer, "%d,%d value=%g raw=%g", r->pointer_x, r->pointer_y,
                r->pointer_value, r->pointer_raw);
  g_autofree char *recording = NULL;
  if (r->frame_count > 0 && r->have_frame)
    recording = g_strdup_printf (" index=%" G_GUINT64_FORMAT " frame-count=%" G_GUINT64_FORMAT
                                 " lost-before=%" G_GUINT64_FORMAT " dropped-before=%" G_GUINT64_FORMAT,
                                 r->shown_index, r->frame_count, r->shown_lost, r->shown_dropped);
  char budget[160] = "";
  if (st->copy_budget_exceeded)
    g_snprintf (budget, sizeof budget,
                "copy-budget exceeded torn=%" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT
                " copy-ms=%.3f period-ms=%.3f fix=fifo-depth>=2\n",
                st->copy_torn, st->copy_attempts, st->copy_ms, st->period_ms);
  return g_strdup_printf ("stats t=%.3f state=%s counter=%" G_GUINT64_FORMAT
                          " shown-counter=%" G_GUINT64_FORMAT " shown=%" G_GUINT64_FORMAT
                          " stream-hz=%.1f display-hz=%.1f not-shown=%" G_GUINT64_FORMAT
                          " torn=%" G_GUINT64_FORMAT " shape=%s type=%s format=%s slot=%d polling=%d"
                          " paused=%d low=%g high=%g slice=%u dark=%s flat=%s reference=%s fifo-depth=%u"
                          " copy-ms=%.3f period-ms=%.3f pointer=%s%s\n%s",
                          r->time, state ? state : "unknown", st->counter, r->shown_counter,
                          r->frames_shown, r->stream_rate, r->display_rate, r->not_shown, st->torn,
                          shape, st->attached ? dao_type_name (st->type) : "-",
                          st->attached && st->format ? st->format : "-", st->slot, st->polling ? 1 : 0,
                          r->paused ? 1 : 0, r->low, r->high, r->slice, r->dark ? r->dark : "-",
                          r->flat ? r->flat : "-", r->reference ? r->reference : "-", st->fifo_depth,
                          st->copy_ms, st->period_ms, pointer, recording ? recording : "", budget);
}

static void
append_stats (GString *out, const DaoviewStats *st)
{
  g_string_append_printf (out, " min=%g max=%g mean=%g stddev=%g sum=%g max-x=%u max-y=%u", st->min,
                          st->max, st->mean, st->stddev, st->sum, st->max_x, st->max_y);
}

/* Positions and widths to a thousandth of a pixel; "nan" where unknown. */
static void
append_psf (GString *out, const DaoviewPsfResult *p, const DaoviewPsfOptions *o)
{
  g_string_append_printf (out,
                          "centroid x=%.3f y=%.3f peak=%g peak-x=%u peak-y=%u background=%g noise=%g"
                          " flux=%g window=%u,%u,%u,%u\n",
                          p->centroid_x, p->centroid_y, p->peak, p->peak_x, p->peak_y, p->background,
                          p->noise, p->flux, p->x0, p->y0, p->x1, p->y1);
  g_string_append_printf (out, "fwhm x=%.3f y=%.3f mean=%.3f\n", p->fwhm_x, p->fwhm_y, p->fwhm);
  if (o->ee_radius > 0)
    g_string_append_printf (out, "ee radius=%g fraction=%.4f\n", p->ee_radius, p->ee);
  if (p->strehl_method == DAOVIEW_STREHL_MODEL)
    g_string_append_printf (out, "strehl value=%.4f method=model lambda-over-d=%g obstruction=%g\n",
                            p->strehl, o->lambda_over_d, o->obstruction);
  else if (p->strehl_method == DAOVIEW_STREHL_REFERENCE)
    g_string_append_printf (out, "strehl value=%.4f method=reference\n", p->strehl);
}

char *
daoview_report_analysis (const DaoviewAnalysis *a, gboolean selection_only)
{
  GString *out = g_string_new (NULL);

  if (!selection_only && a->have_histogram)
    g_string_append_printf (out, "histogram low=%g high=%g binned=%" PRIu64 " first=%" PRIu64
                            " last=%" PRIu64 "\n", a->histogram.low, a->histogram.high,
                            a->histogram.binned, a->counts[0], a->counts[DAOVIEW_HISTOGRAM_BINS - 1]);
  if (!selection_only && a->have_stats)
    {
      g_string_append (out, "frame-stats");
      append_stats (out, &a->stats);
      g_string_append_c (out, '\n');
    }
  if (a->selection.tool == DAOVIEW_TOOL_RECT && a->have_rect_stats)
    {
      g_string_append_printf (out, "rect-stats count=%zu", a->rect_stats.count);
      append_stats (out, &a->rect_stats);
      g_string_append_c (out, '\n');
    }
  else if (a->selection.tool == DAOVIEW_TOOL_LINE && a->profile_length > 0)
    {
      g_string_append_printf (out, "profile n=%zu values=", a->profile_length);
      for (size_t i = 0; i < a->profile_length; i++)
        g_string_append_printf (out, i ? ",%g" : "%g", a->profile[i]);
      g_string_append_c (out, '\n');
    }
  if (a->have_psf)
    append_psf (out, &a->psf, &a->psf_options);
  return g_string_free (out, FALSE);
}

char *
daoview_report_saved (DaoviewSaveKind kind, const char *path, guint64 counter, int scale,
                      const GError *error)
{
  const char *name = daoview_save_kind_name (kind);
  if (error)
    return g_strdup_printf ("save-failed %s %s: %s\n", name, path, error->message);
  return g_strdup_printf ("saved %s %s counter=%" G_GUINT64_FORMAT " scale=%d\n", name, path, counter,
                          scale);
}

char *
daoview_report_plot_area (double x, double y, const DaoviewPlotArea *area)
{
  return g_strdup_printf ("plot-area %g %g %g %g x %g %g y %g %g\n", x, y, area->width, area->height,
                          area->x_min, area->x_max, area->y_min, area->y_max);
}

char *
daoview_report_plot (const char *what)
{
  return g_strdup_printf ("plot %s\n", what && *what ? what : "-");
}

char *
daoview_report_screenshot (const char *path, const double *image_area)
{
  if (!image_area)
    return g_strdup_printf ("screenshot %s image-area none\n", path);
  return g_strdup_printf ("screenshot %s image-area %.0f %.0f %.0f %.0f\n", path, image_area[0],
                          image_area[1], image_area[2], image_area[3]);
}

char *
daoview_report_layout (int width, int height, const double view[4], const double image[4],
                       const double *colorbar, double zoom, gboolean fit)
{
  char bar[96] = "none";
  if (colorbar)
    g_snprintf (bar, sizeof bar, "%.0f %.0f %.0f %.0f", colorbar[0], colorbar[1], colorbar[2], colorbar[3]);
  return g_strdup_printf ("layout window %d %d view %.0f %.0f %.0f %.0f image %.0f %.0f %.0f %.0f colorbar %s"
                          " zoom %g fit=%d\n",
                          width, height, view[0], view[1], view[2], view[3], image[0], image[1], image[2],
                          image[3], bar, zoom, fit ? 1 : 0);
}

void
daoview_report_print (const char *text)
{
  fputs (text, stdout);
  fflush (stdout);
}
