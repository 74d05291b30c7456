/* daoview-screenshot.c — a widget's render node to PNG.
 *
 * The recipe works with every GSK renderer (GSK_RENDERER=cairo makes it
 * deterministic for tests): snapshot the widget through a widget paintable,
 * render the node to a texture with the window's renderer, save the texture.
 */
#define G_LOG_DOMAIN "daoview-screenshot"

#include "config.h"

#include "daoview-screenshot.h"

#include <glib/gi18n.h>

gboolean
daoview_screenshot_save_png (GtkWidget *widget, const char *filename, GError **error)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;

  if (!renderer || width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window is not shown yet"));
      return FALSE;
    }

  /* A widget paintable of a toplevel yields no node in GTK 4.8, so ask the
   * widget class to snapshot itself, as GTK does when it draws the window. */
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  g_autoptr (GskRenderNode) node = gtk_snapshot_free_to_node (snapshot);
  if (!node)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window has nothing to render"));
      return FALSE;
    }

  g_autoptr (GdkTexture) texture =
    gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, filename))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s"), filename);
      return FALSE;
    }
  return TRUE;
}
