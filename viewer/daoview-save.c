/* daoview-save.c — PNG of the view, FITS and .npy of the frame. */
#define G_LOG_DOMAIN "daoview-save"

#include "config.h"

#include "daoview-save.h"

#include <glib/gi18n.h>
#include <string.h>

#include "daoview-capture.h"

#define BAR_WIDTH 20
#define BAR_GAP 12
#define LABEL_WIDTH 90
#define MIN_SIDE 512

static void
draw_bar (cairo_t *cr, const DaoviewRenderParams *params, double x, double height)
{
  int n = (int) height;
  cairo_surface_t *bar = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, n);
  double *values = g_new (double, n);
  for (int i = 0; i < n; i++)
    values[i] = params->high - (params->high - params->low) * i / MAX (1, n - 1);
  cairo_surface_flush (bar);
  daoview_render_argb32 (DAO_DOUBLE, values, 1, n, params,
                         (uint32_t *) cairo_image_surface_get_data (bar),
                         cairo_image_surface_get_stride (bar));
  cairo_surface_mark_dirty (bar);
  g_free (values);

  cairo_save (cr);
  cairo_translate (cr, x, 0);
  cairo_scale (cr, BAR_WIDTH, 1);
  cairo_set_source_surface (cr, bar, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_rectangle (cr, 0, 0, 1, n);
  cairo_fill (cr);
  cairo_restore (cr);
  cairo_surface_destroy (bar);

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 12);
  for (int t = 0; t < 5; t++)
    {
      double y = (n - 1) * t / 4.0;
      char text[32];
      g_snprintf (text, sizeof text, "%.4g", params->high - (params->high - params->low) * t / 4.0);
      cairo_move_to (cr, x + BAR_WIDTH + 4, CLAMP (y + 4, 12, n - 2));
      cairo_show_text (cr, text);
    }
}

gboolean
daoview_save_view_png (const char *path, cairo_surface_t *image, const DaoviewRenderParams *params,
                       int *scale, GError **error)
{
  if (!image)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No frame to save yet"));
      return FALSE;
    }
  int w = cairo_image_surface_get_width (image), h = cairo_image_surface_get_height (image);
  int m = MAX (1, MIN_SIDE / MAX (w, h));
  int out_w = w * m + BAR_GAP + BAR_WIDTH + LABEL_WIDTH, out_h = MAX (h * m, 64);

  cairo_surface_t *out = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, out_w, out_h);
  cairo_t *cr = cairo_create (out);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);

  cairo_save (cr);
  cairo_scale (cr, m, m);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_fill (cr);
  cairo_restore (cr);

  draw_bar (cr, params, w * m + BAR_GAP, out_h);
  cairo_destroy (cr);

  cairo_status_t status = cairo_surface_write_to_png (out, path);
  cairo_surface_destroy (out);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  if (scale)
    *scale = m;
  return TRUE;
}

gboolean
daoview_save_frame (DaoviewSaveKind kind, const char *path, const DaoviewFrame *frame,
                    const char *stream_path, const dao_keyword *keywords, unsigned n_keywords,
                    GError **error)
{
  daoview_capture_frame cf = { 0 };
  daoview_capture_meta meta = { 0 };
  daoview_capture_error err = { 0 };
  int rc;

  if (!frame)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No frame to save yet"));
      return FALSE;
    }
  cf.data = frame->data;
  cf.size = frame->size;
  cf.type = frame->type;
  cf.naxis = frame->naxis;
  memcpy (cf.shape, frame->shape, sizeof cf.shape);
  meta.stream_path = stream_path;
  meta.counter = frame->counter;
  meta.write_time_ns = frame->write_time_ns;
  meta.keywords = keywords;
  meta.n_keywords = n_keywords;

  if (kind == DAOVIEW_SAVE_FITS)
    rc = daoview_capture_save_fits (path, &cf, &meta, &err);
  else
    {
      rc = daoview_capture_save_npy (path, &cf, &err);
      if (rc == 0)
        {
          g_autofree char *stem = g_str_has_suffix (path, ".npy")
                                    ? g_strndup (path, strlen (path) - 4) : g_strdup (path);
          g_autofree char *json = g_strconcat (stem, ".json", NULL);
          rc = daoview_capture_save_header_json (json, &cf, &meta, &err);
        }
    }
  if (rc < 0)
    {
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (-rc), err.message);
      return FALSE;
    }
  return TRUE;
}
