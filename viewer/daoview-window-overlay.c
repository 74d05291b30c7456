/* daoview-window-overlay.c — the overlays of the window: the reticle (X
 * cycles off → centre → centroid → the position set with Ctrl+click), the
 * circles about it (O), the region's outline (U), and the menu's choices;
 * all of them the session's properties, so they are remembered. A reticle
 * that follows the centroid is measured on every frame drawn. */
#define G_LOG_DOMAIN "daoview-window"

#include "config.h"

#include "daoview-window-private.h"

#include "daoview-names.h"

void
daoview_window_update_overlay (DaoviewWindow *self)
{
  const DaoviewPlane *plane = daoview_pipeline_plane (daoview_session_get_pipeline (self->session));
  DaoviewOverlay overlay;
  double x = 0, y = 0;

  daoview_session_get_overlay (self->session, &overlay);
  if (overlay.reticle == DAOVIEW_RETICLE_CENTROID && plane->values)
    {
      daoview_session_get_psf_options (self->session, &self->figures.psf_options);
      daoview_analysis_measure_psf (&self->figures, plane);
    }
  gboolean have = plane->values
                  && daoview_overlay_point (&overlay, plane->width, plane->height,
                                            self->figures.have_psf ? &self->figures.psf : NULL, &x, &y);
  daoview_image_view_set_overlay (self->image_view, &overlay, have, x, y);
}

void
daoview_window_view_notes (DaoviewWindow *self, DaoviewViewNotes *notes)
{
  daoview_view_notes_init (notes, self->session, &self->selection,
                           self->figures.have_psf ? &self->figures.psf : NULL);
}

static void
on_reticle_set (DaoviewImageView *view, double x, double y, DaoviewWindow *self)
{
  g_object_set (self->session, "reticle-x", x, "reticle-y", y, "reticle",
                daoview_reticle_name (DAOVIEW_RETICLE_POSITION), NULL);
}

static void
reticle_next (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  DaoviewWindow *self = data;
  DaoviewOverlay overlay;
  daoview_session_get_overlay (self->session, &overlay);
  gboolean have_position = isfinite (overlay.position_x) && isfinite (overlay.position_y);
  g_object_set (self->session, "reticle",
                daoview_reticle_name (daoview_overlay_next_reticle (&overlay, have_position)), NULL);
}

static const GActionEntry overlay_actions[] = {
  { "reticle-next", reticle_next },
};

void
daoview_window_add_overlay_actions (DaoviewWindow *self)
{
  static const char *const choices[] = { "reticle", "show-circles", "show-region" };
  g_action_map_add_action_entries (G_ACTION_MAP (self), overlay_actions, G_N_ELEMENTS (overlay_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      g_autoptr (GPropertyAction) action = g_property_action_new (choices[i], self->session, choices[i]);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
    }
  g_signal_connect_object (self->image_view, "reticle-set", G_CALLBACK (on_reticle_set), self, 0);
}
