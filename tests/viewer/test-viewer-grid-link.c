/* test-viewer-grid-link.c — linked zoom and pan in a grid window: three
 * live streams, two of 32 × 32 and one of 16 × 24. Zooming or panning one
 * of the same-shape panes does the same to the other, never to the pane of
 * another shape; with link-zoom off (the setting) the panes are apart.
 * A window's "add-split" action (the menu's Add a Stream Beside This One)
 * turns it into a grid of its stream, with a chooser for the next one. */
#include <dao.h>
#include <gtk/gtk.h>
#include <stdio.h>

#include "daoview-application.h"
#include "daoview-grid-window.h"
#include "daoview-settings.h"
#include "daoview-stream-chooser.h"
#include "daoview-window.h"
#include "viewer-test-util.h"

static DaoviewImageViewState
view_of (DaoviewGridWindow *grid, guint i)
{
  DaoviewImageViewState v;
  daoview_image_view_get_view (daoview_stream_pane_get_image_view (daoview_grid_window_get_pane (grid, i)),
                               &v);
  return v;
}

static gboolean
all_drawn (DaoviewGridWindow *grid)
{
  for (guint i = 0; i < daoview_grid_window_get_n_panes (grid); i++)
    if (view_of (grid, i).image_width == 0)
      return FALSE;
  return TRUE;
}

static void
spin (int ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }
  g_autoptr (GError) error = NULL;
  DaoviewApplication *app = daoview_application_new ();
  VT_CHECK (g_application_register (G_APPLICATION (app), NULL, &error), "register");
  g_autoptr (GSettings) settings = daoview_settings_new (DAOVIEW_APPLICATION_ID);

  g_autofree char *a = vt_unique_path ("linka");
  g_autofree char *b = vt_unique_path ("linkb");
  g_autofree char *c = vt_unique_path ("linkc");
  VtProcess *wa = vt_start_writer (a, "uint16", 32, 32, "quadrants", 50, 0);
  VtProcess *wb = vt_start_writer (b, "float32", 32, 32, "ramp", 50, 0);
  VtProcess *wc = vt_start_writer (c, "uint16", 16, 24, "ramp", 50, 0);

  DaoviewOptions options;
  daoview_options_init (&options);
  DaoviewGridWindow *grid = daoview_grid_window_new (GTK_APPLICATION (app), settings, &options);
  daoview_grid_window_add (grid, a);
  daoview_grid_window_add (grid, b);
  daoview_grid_window_add (grid, c);
  gtk_window_set_default_size (GTK_WINDOW (grid), 900, 700);
  gtk_window_present (GTK_WINDOW (grid));
  gint64 end = g_get_monotonic_time () + 20 * 1000000;
  while (!all_drawn (grid) && g_get_monotonic_time () < end)
    spin (10);
  VT_CHECK (all_drawn (grid), "not every pane shows its stream");
  spin (200);

  DaoviewImageView *va = daoview_stream_pane_get_image_view (daoview_grid_window_get_pane (grid, 0));
  DaoviewImageViewState c0 = view_of (grid, 2);
  daoview_image_view_zoom_in (va);
  daoview_image_view_zoom_in (va);
  DaoviewImageViewState s0 = view_of (grid, 0), s1 = view_of (grid, 1), s2 = view_of (grid, 2);
  VT_CHECK (!s0.best_fit && s1.zoom == s0.zoom && s1.offset_x == s0.offset_x && s1.offset_y == s0.offset_y,
            "pane 1 did not follow pane 0's zoom: %g vs %g", s1.zoom, s0.zoom);
  VT_CHECK (s2.zoom == c0.zoom && s2.best_fit, "the pane of another shape followed: zoom %g", s2.zoom);
  printf ("ok: zoom %g linked between the two 32 × 32 panes, not the 16 × 24 one (%g)\n", s1.zoom, s2.zoom);

  g_settings_set_boolean (settings, "link-zoom", FALSE);
  daoview_image_view_zoom_out (va);
  VT_CHECK (view_of (grid, 1).zoom == s0.zoom && view_of (grid, 0).zoom != s0.zoom,
            "panes still linked with link-zoom off");
  printf ("ok: apart with link-zoom off\n");

  gtk_window_destroy (GTK_WINDOW (grid));

  /* A split from a window's menu. */
  DaoviewWindow *window = daoview_window_new (GTK_APPLICATION (app), settings, &options);
  daoview_window_watch (window, a);
  gtk_window_present (GTK_WINDOW (window));
  spin (100);
  g_action_group_activate_action (G_ACTION_GROUP (window), "add-split", NULL);
  spin (100);
  DaoviewGridWindow *split = NULL;
  guint dialogs = 0;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    {
      VT_CHECK (!DAOVIEW_IS_WINDOW (l->data), "the window stayed beside its grid");
      if (DAOVIEW_IS_GRID_WINDOW (l->data))
        split = l->data;
    }
  VT_CHECK (split && daoview_grid_window_get_n_panes (split) == 1, "no grid of the window's stream");
  VT_CHECK (g_str_equal (daoview_session_get_location (daoview_stream_pane_get_session (
                           daoview_grid_window_get_pane (split, 0))), a), "the grid does not show %s", a);
  GList *toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l; l = l->next)
    dialogs += gtk_window_get_transient_for (l->data) == GTK_WINDOW (split)
               && DAOVIEW_IS_STREAM_CHOOSER (gtk_window_get_child (l->data));
  g_list_free (toplevels);
  VT_CHECK (dialogs == 1, "no chooser for the stream to add");
  daoview_grid_window_add (split, b);
  VT_CHECK (daoview_grid_window_get_n_panes (split) == 2, "the stream chosen was not added");
  printf ("ok: a split from the menu: the window became a grid of its stream, and another was added\n");
  gtk_window_destroy (GTK_WINDOW (split));

  vt_stop (wa, SIGTERM, 5000);
  vt_stop (wb, SIGTERM, 5000);
  vt_stop (wc, SIGTERM, 5000);
  vt_free (wa);
  vt_free (wb);
  vt_free (wc);
  dao_stream_unlink (a);
  dao_stream_unlink (b);
  dao_stream_unlink (c);
  g_object_unref (app);
  return 0;
}
