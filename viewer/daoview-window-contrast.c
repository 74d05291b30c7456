/* daoview-window-contrast.c — the levels set by hand, from wherever the
 * hand is: a drag on the colour bar, a right-drag on the image (DS9's bias
 * and contrast), values typed in the levels popover (win.levels, C), and
 * the reset to the automatic levels (win.levels-reset, Shift+C: Home is the
 * frame keys' first frame). Each ends in daoview_session_set_levels() or
 * daoview_session_reset_levels(), so the values go to the settings and
 * come back at the next launch. */
#define G_LOG_DOMAIN "daoview-window"

#include "config.h"

#include "daoview-window-private.h"

#include "daoview-contrast.h"

static void
on_colorbar_levels (DaoviewColorbar *bar, double low, double high, DaoviewWindow *self)
{
  daoview_session_set_levels (self->session, low, high);
}

static void
on_bias_contrast (DaoviewImageView *view, gboolean start, double dx, double dy, DaoviewWindow *self)
{
  const DaoviewRenderParams *params = daoview_pipeline_params (daoview_session_get_pipeline (self->session));
  double low, high;

  if (start)
    {
      self->drag_low = params->low;
      self->drag_high = params->high;
      return;
    }
  daoview_contrast_bias (self->drag_low, self->drag_high, dx, dy, &low, &high);
  daoview_session_set_levels (self->session, low, high);
}

/* The levels in force when the popover opens. */
static void
on_popover_shown (GtkWidget *popover, GParamSpec *pspec, DaoviewWindow *self)
{
  const DaoviewRenderParams *params = daoview_pipeline_params (daoview_session_get_pipeline (self->session));
  if (gtk_widget_get_visible (popover))
    daoview_contrast_popover_set_levels (self->contrast_popover, params->low, params->high);
}

static void
on_popover_apply (DaoviewContrastPopover *popover, double low, double high, DaoviewWindow *self)
{
  daoview_session_set_levels (self->session, low, high);
}

static void
on_popover_automatic (DaoviewContrastPopover *popover, DaoviewWindow *self)
{
  daoview_session_reset_levels (self->session);
}

static void
levels_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  gtk_menu_button_popup (DAOVIEW_WINDOW (data)->levels_button);
}

static void
levels_reset_activated (GSimpleAction *action, GVariant *parameter, gpointer data)
{
  daoview_session_reset_levels (DAOVIEW_WINDOW (data)->session);
}

static const GActionEntry contrast_actions[] = {
  { "levels", levels_activated },
  { "levels-reset", levels_reset_activated },
};

void
daoview_window_add_contrast (DaoviewWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), contrast_actions, G_N_ELEMENTS (contrast_actions),
                                   self);
  g_signal_connect_object (self->colorbar, "levels-changed", G_CALLBACK (on_colorbar_levels), self, 0);
  g_signal_connect_object (self->image_view, "bias-contrast", G_CALLBACK (on_bias_contrast), self, 0);
  g_signal_connect_object (self->contrast_popover, "notify::visible", G_CALLBACK (on_popover_shown), self, 0);
  g_signal_connect_object (self->contrast_popover, "apply", G_CALLBACK (on_popover_apply), self, 0);
  g_signal_connect_object (self->contrast_popover, "automatic", G_CALLBACK (on_popover_automatic), self, 0);
}
