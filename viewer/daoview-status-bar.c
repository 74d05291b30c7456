/* daoview-status-bar.c — the figures under the image (their words come from
 * daoview-status-text.c). */
#define G_LOG_DOMAIN "daoview-status-bar"

#include "config.h"

#include "daoview-status-bar.h"

#include <glib/gi18n.h>

#include "daoview-status-text.h"

struct _DaoviewStatusBar
{
  GtkBox parent_instance;

  /* Template widgets */
  GtkWidget *slice_box;
  GtkSpinButton *slice_spin;
  GtkLabel *counter_label;
  GtkLabel *time_label;
  GtkLabel *stream_rate_label;
  GtkLabel *display_rate_label;
  GtkLabel *not_shown_label;
  GtkLabel *torn_label;
  GtkLabel *geometry_label;
  GtkLabel *slot_label;
  GtkLabel *notice_label;
  GtkLabel *scale_label;
  GtkLabel *budget_label;
  GtkLabel *pixel_label;

  unsigned factor;
};

G_DEFINE_FINAL_TYPE (DaoviewStatusBar, daoview_status_bar, GTK_TYPE_BOX)

enum {
  SIGNAL_SLICE_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* A figure in the flow box is shown or hidden with the box's cell around
 * it, so a hidden one leaves no gap. */
static void
show_figure (GtkLabel *label, gboolean visible)
{
  GtkWidget *cell = gtk_widget_get_parent (GTK_WIDGET (label));
  gtk_widget_set_visible (GTK_WIDGET (label), visible);
  if (GTK_IS_FLOW_BOX_CHILD (cell))
    gtk_widget_set_visible (cell, visible);
}

/* Set a figure's text; an empty one takes no room. */
static void
set_figure (GtkLabel *label, const char *text)
{
  gtk_label_set_text (label, text ? text : "");
  show_figure (label, text && *text);
}

void
daoview_status_bar_update (DaoviewStatusBar *self, const DaoviewSessionReport *report)
{
  g_return_if_fail (DAOVIEW_IS_STATUS_BAR (self));
  DaoviewStatusText text;

  daoview_status_text_init (&text, report);
  set_figure (self->counter_label, text.counter);
  set_figure (self->time_label, text.time);
  set_figure (self->stream_rate_label, text.stream_rate);
  set_figure (self->display_rate_label, text.display_rate);
  set_figure (self->not_shown_label, text.not_shown);
  set_figure (self->torn_label, text.torn);
  set_figure (self->geometry_label, text.geometry);
  set_figure (self->slot_label, text.slot);
  set_figure (self->budget_label, text.copy_budget);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->budget_label), text.copy_budget_detail);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->slot_label), text.slot_detail);
  daoview_status_text_clear (&text);
}

void
daoview_status_bar_set_pixel (DaoviewStatusBar *self, gboolean valid, int x, int y, double value,
                              const double *raw)
{
  g_return_if_fail (DAOVIEW_IS_STATUS_BAR (self));
  char text[160] = "";
  if (valid && raw)
    g_snprintf (text, sizeof text, _("x %d  y %d  value %g  raw %g"), x, y, value, *raw);
  else if (valid)
    g_snprintf (text, sizeof text, _("x %d  y %d  value %g"), x, y, value);
  gtk_label_set_text (self->pixel_label, text);
}

void
daoview_status_bar_set_notice (DaoviewStatusBar *self, const char *text)
{
  g_return_if_fail (DAOVIEW_IS_STATUS_BAR (self));
  set_figure (self->notice_label, text);
}

void
daoview_status_bar_set_scale_notice (DaoviewStatusBar *self, unsigned factor)
{
  g_return_if_fail (DAOVIEW_IS_STATUS_BAR (self));
  if (factor == self->factor)
    return;
  self->factor = factor;
  show_figure (self->scale_label, factor > 1);
  if (factor > 1)
    {
      g_autofree char *text = g_strdup_printf (_("Drawn at 1/%u size"), factor);
      gtk_label_set_text (self->scale_label, text);
      g_autofree char *why = g_strdup_printf (_("The frame is larger than cairo can draw (32 767 pixels "
                                                "a side): one pixel in %u of each row and column is "
                                                "drawn. The value under the pointer is read from the "
                                                "whole frame."),
                                              factor);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->scale_label), why);
    }
}

void
daoview_status_bar_set_slices (DaoviewStatusBar *self, unsigned depth, unsigned slice)
{
  g_return_if_fail (DAOVIEW_IS_STATUS_BAR (self));
  gtk_widget_set_visible (self->slice_box, depth > 1);
  if (depth <= 1)
    return;
  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->slice_spin), depth - 1);
  if ((unsigned) gtk_spin_button_get_value_as_int (self->slice_spin) != slice)
    gtk_spin_button_set_value (self->slice_spin, slice);
}

static void
on_slice_value_changed (GtkSpinButton *spin, DaoviewStatusBar *self)
{
  g_signal_emit (self, signals[SIGNAL_SLICE_CHANGED], 0, (guint) gtk_spin_button_get_value_as_int (spin));
}

static void
daoview_status_bar_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DAOVIEW_TYPE_STATUS_BAR);

  G_OBJECT_CLASS (daoview_status_bar_parent_class)->dispose (object);
}

static void
daoview_status_bar_class_init (DaoviewStatusBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daoview_status_bar_dispose;

  signals[SIGNAL_SLICE_CHANGED] =
    g_signal_new ("slice-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/daoproject/Daoview/daoview-status-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, DaoviewStatusBar, slice_box);
  gtk_widget_class_bind_template_child (widget_class, DaoviewStatusBar, slice_spin);
  gtk_widget_class_bind_template_child (widget_class, DaoviewStatusBar, counter_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewStatusBar, time_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewStatusBar, stream_rate_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewStatusBar, display_rate_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewStatusBar, not_shown_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewStatusBar, torn_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewStatusBar, geometry_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewStatusBar, slot_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewStatusBar, notice_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewStatusBar, scale_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewStatusBar, budget_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewStatusBar, pixel_label);
}

static void
daoview_status_bar_init (DaoviewStatusBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->factor = 1;
  g_signal_connect_object (self->slice_spin, "value-changed", G_CALLBACK (on_slice_value_changed),
                           self, 0);
}
