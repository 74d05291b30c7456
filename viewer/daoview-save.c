/* daoview-save.c — PNG of the view, FITS and .npy of the frame. No display
 * needed: the display-less runner saves through here too. */
#define G_LOG_DOMAIN "daoview-save"

#include "config.h"

#include "daoview-save.h"

#include <glib/gi18n.h>
#include <string.h>

#include "daoview-capture.h"
#include "daoview-colorbar.h"
#include "daoview-overlay-painter.h"
#include "daoview-plot-view.h"
#include "daoview-png-text.h"
#include "daoview-state-style.h"

#define LABEL_FONT "Sans 9"
#define BAR_WIDTH 20
#define BAR_GAP 12
#define LABEL_WIDTH 90
#define MIN_SIDE 512

static PangoLayout *
label_layout (cairo_t *cr, const char *font_name)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (font_name);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  return layout;
}

/* The magnification that makes the longer side at least MIN_SIDE pixels. */
static int
view_scale (cairo_surface_t *image)
{
  int w = cairo_image_surface_get_width (image), h = cairo_image_surface_get_height (image);
  return MAX (1, MIN_SIDE / MAX (w, h));
}

static int
view_width (cairo_surface_t *image, int m)
{
  return cairo_image_surface_get_width (image) * m + BAR_GAP + BAR_WIDTH + LABEL_WIDTH;
}

static int
view_height (cairo_surface_t *image, int m)
{
  return MAX (cairo_image_surface_get_height (image) * m, 64);
}

/* The image magnified m times at (0, y), the overlays on it, the colour
 * bar beside it, in black on the white page. */
static void
paint_view (cairo_t *cr, cairo_surface_t *image, const DaoviewRenderParams *params,
            const DaoviewViewNotes *notes, int m, double y)
{
  int w = cairo_image_surface_get_width (image), h = cairo_image_surface_get_height (image);
  int height = view_height (image, m);

  cairo_save (cr);
  cairo_translate (cr, 0, y);
  cairo_scale (cr, m, m);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_rectangle (cr, 0, 0, w, h);
  cairo_fill (cr);
  cairo_restore (cr);
  if (notes)
    daoview_overlay_paint (cr, &notes->overlay, notes->have_point, notes->point_x, notes->point_y,
                           &notes->selection, 0, y, m, w, h);

  cairo_save (cr);
  cairo_translate (cr, 0, y);
  PangoLayout *layout = label_layout (cr, LABEL_FONT);
  cairo_set_source_rgb (cr, 0, 0, 0);
  daoview_colorbar_paint (cr, layout, params, w * m + BAR_GAP, 0, BAR_WIDTH, height, height);
  g_object_unref (layout);
  cairo_restore (cr);
}

static gboolean
write_png (cairo_surface_t *out, const char *path, GError **error)
{
  cairo_status_t status = cairo_surface_write_to_png (out, path);
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"), path,
               cairo_status_to_string (status));
  return FALSE;
}

static gboolean
no_frame_yet (GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No frame to save yet"));
  return FALSE;
}

gboolean
daoview_save_add_notes (const char *path, const DaoviewViewNotes *notes, GError **error)
{
  g_auto (GStrv) keys = NULL, values = NULL;
  daoview_view_notes_text (notes, "daoview " PACKAGE_VERSION, &keys, &values);
  int rc = daoview_png_add_text (path, (const char *const *) keys, (const char *const *) values,
                                 g_strv_length (keys));
  if (rc == 0)
    return TRUE;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (-rc), _("Cannot write %s: %s"), path, g_strerror (-rc));
  return FALSE;
}

/* The caption's height in the layout's font (0 for no text). */
static int
caption_height (PangoLayout *layout, const char *caption)
{
  int w, h;
  if (!caption || !*caption)
    return 0;
  pango_layout_set_text (layout, caption, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  return h + 6;
}

gboolean
daoview_save_view_png (const char *path, cairo_surface_t *image, const DaoviewRenderParams *params,
                       const DaoviewViewNotes *notes, int *scale, GError **error)
{
  if (!image)
    return no_frame_yet (error);
  int m = view_scale (image);
  g_autofree char *caption = notes ? daoview_view_notes_caption (notes) : NULL;
  cairo_surface_t *probe = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *pcr = cairo_create (probe);
  PangoLayout *probe_layout = label_layout (pcr, LABEL_FONT);
  int ch = caption_height (probe_layout, caption);
  g_object_unref (probe_layout);
  cairo_destroy (pcr);
  cairo_surface_destroy (probe);

  cairo_surface_t *out = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, view_width (image, m),
                                                     view_height (image, m) + ch);
  cairo_t *cr = cairo_create (out);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  paint_view (cr, image, params, notes, m, 0);
  if (ch)
    {
      PangoLayout *layout = label_layout (cr, LABEL_FONT);
      pango_layout_set_text (layout, caption, -1);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, 4, view_height (image, m) + 3);
      pango_cairo_show_layout (cr, layout);
      g_object_unref (layout);
    }
  cairo_destroy (cr);

  gboolean ok = write_png (out, path, error) && (!notes || daoview_save_add_notes (path, notes, error));
  cairo_surface_destroy (out);
  if (ok && scale)
    *scale = m;
  return ok;
}

/* One line of text at (x, y), in the layout's font. Returns its height. */
static int
paint_line (cairo_t *cr, PangoLayout *layout, const char *text, double x, double y)
{
  int w, h;
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  return h;
}

#define PLOT_WIDTH 800
#define PLOT_HEIGHT 400

gboolean
daoview_save_summary_png (const char *path, const DaoviewSummary *sm, double image_area[4],
                          gboolean *have_image, DaoviewPlotArea *plot_area, gboolean *have_plot,
                          GError **error)
{
  gboolean plot = sm->plot != NULL;
  cairo_surface_t *image = plot ? NULL : sm->image;
  int m = image ? view_scale (image) : 1;
  int view_w = plot ? PLOT_WIDTH : image ? view_width (image, m) : 0;
  int view_h = plot ? PLOT_HEIGHT : image ? view_height (image, m) : 0;

  /* Measure the text first: the page is as wide as its widest part. */
  cairo_surface_t *probe = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *pcr = cairo_create (probe);
  PangoLayout *title_layout = label_layout (pcr, "Sans Bold 11");
  PangoLayout *text_layout = label_layout (pcr, LABEL_FONT);
  int tw, th, sw, sh, fw, fh;
  pango_layout_set_text (title_layout, sm->title, -1);
  pango_layout_get_pixel_size (title_layout, &tw, &th);
  pango_layout_set_text (text_layout, sm->subtitle, -1);
  pango_layout_get_pixel_size (text_layout, &sw, &sh);
  pango_layout_set_text (text_layout, sm->status, -1);
  pango_layout_get_pixel_size (text_layout, &fw, &fh);
  g_object_unref (title_layout);
  g_object_unref (text_layout);
  cairo_destroy (pcr);
  cairo_surface_destroy (probe);

  int margin = 8, header = margin + th + sh + margin;
  int width = MAX (MAX (view_w, tw + 2 * margin), MAX (sw, fw) + 2 * margin);
  int height = header + view_h + margin + fh + margin;

  cairo_surface_t *out = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (out);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  title_layout = label_layout (cr, "Sans Bold 11");
  text_layout = label_layout (cr, LABEL_FONT);
  int y = margin + paint_line (cr, title_layout, sm->title, margin, margin);
  paint_line (cr, text_layout, sm->subtitle, margin, y);
  DaoviewPlotArea pa;
  gboolean plotted = FALSE;
  if (plot)
    {
      const GdkRGBA black = { 0, 0, 0, 1 };
      cairo_save (cr);
      cairo_translate (cr, 0, header);
      plotted = daoview_plot_view_paint (cr, text_layout, &black, sm->plot, sm->plot_length,
                                         sm->plot_low, sm->plot_high, PLOT_WIDTH, PLOT_HEIGHT, &pa);
      if (plotted)
        daoview_plot_view_paint_title (cr, text_layout, &black, &pa, sm->plot_title);
      cairo_restore (cr);
      pa.y += header;
    }
  else if (image)
    paint_view (cr, image, sm->params, sm->notes, m, header);
  DaoviewStateStyle style = daoview_state_style (sm->state);
  if (image && !plot && style.dim > 0)
    {
      cairo_set_source_rgba (cr, 0, 0, 0, style.dim);
      cairo_rectangle (cr, 0, header, cairo_image_surface_get_width (image) * m,
                       cairo_image_surface_get_height (image) * m);
      cairo_fill (cr);
    }
  if (style.border && view_w > 0)
    {
      double b = DAOVIEW_STATE_BORDER_WIDTH;
      cairo_set_line_width (cr, b);
      cairo_set_source_rgb (cr, (style.rgb >> 16) / 255.0, (style.rgb >> 8 & 0xff) / 255.0,
                            (style.rgb & 0xff) / 255.0);
      cairo_rectangle (cr, b / 2, header + b / 2, view_w - b, view_h - b);
      cairo_stroke (cr);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  paint_line (cr, text_layout, sm->status, margin, header + view_h + margin);
  g_object_unref (title_layout);
  g_object_unref (text_layout);
  cairo_destroy (cr);

  gboolean ok = write_png (out, path, error) && (!sm->notes || daoview_save_add_notes (path, sm->notes, error));
  cairo_surface_destroy (out);
  if (have_image)
    *have_image = ok && image;
  if (have_plot)
    *have_plot = ok && plotted;
  if (ok && image && image_area)
    {
      image_area[0] = 0;
      image_area[1] = header;
      image_area[2] = cairo_image_surface_get_width (image) * m;
      image_area[3] = cairo_image_surface_get_height (image) * m;
    }
  if (ok && plotted && plot_area)
    *plot_area = pa;
  return ok;
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
    return no_frame_yet (error);
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
