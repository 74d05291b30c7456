/* daoview-contrast-popover.c — typed levels (see daoview-contrast-popover.h). */
#define G_LOG_DOMAIN "daoview-contrast"

#include "config.h"

#include "daoview-contrast-popover.h"

#include <glib/gi18n.h>
#include <math.h>

struct _DaoviewContrastPopover
{
  GtkPopover parent_instance;

  /* Template widgets */
  GtkEntry *low_entry;
  GtkEntry *high_entry;
  GtkLabel *message_label;
  GtkButton *apply_button;
  GtkButton *automatic_button;
};

G_DEFINE_FINAL_TYPE (DaoviewContrastPopover, daoview_contrast_popover, GTK_TYPE_POPOVER)

enum {
  SIGNAL_APPLY,
  SIGNAL_AUTOMATIC,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* Why the values were refused, or nothing (the line then takes no room). */
static void
say (DaoviewContrastPopover *self, const char *text)
{
  gtk_label_set_text (self->message_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), *text != '\0');
}

/* A finite number, the whole of the entry's text (spaces around allowed). */
static gboolean
read_number (GtkEntry *entry, double *out)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);
  gboolean ok = *text && end && *end == '\0' && isfinite (v);
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  *out = v;
  return ok;
}

static void
apply (DaoviewContrastPopover *self)
{
  double low, high;
  gboolean ok_low = read_number (self->low_entry, &low);
  gboolean ok_high = read_number (self->high_entry, &high);
  if (!ok_low || !ok_high)
    {
      say (self, _("Type a number in each field, such as 120 or 1.5e4."));
      return;
    }
  if (!(low < high))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->low_entry), "error");
      say (self, _("The low level must be below the high level."));
      return;
    }
  say (self, "");
  g_signal_emit (self, signals[SIGNAL_APPLY], 0, low, high);
}

static void
on_activate (GtkEntry *entry, DaoviewContrastPopover *self)
{
  apply (self);
}

static void
on_apply_clicked (GtkButton *button, DaoviewContrastPopover *self)
{
  apply (self);
}

static void
on_automatic_clicked (GtkButton *button, DaoviewContrastPopover *self)
{
  g_signal_emit (self, signals[SIGNAL_AUTOMATIC], 0);
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
daoview_contrast_popover_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DAOVIEW_TYPE_CONTRAST_POPOVER);

  G_OBJECT_CLASS (daoview_contrast_popover_parent_class)->dispose (object);
}

static void
daoview_contrast_popover_class_init (DaoviewContrastPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daoview_contrast_popover_dispose;

  signals[SIGNAL_APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                        NULL, NULL, G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[SIGNAL_AUTOMATIC] = g_signal_new ("automatic", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/daoproject/Daoview/daoview-contrast-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, DaoviewContrastPopover, low_entry);
  gtk_widget_class_bind_template_child (widget_class, DaoviewContrastPopover, high_entry);
  gtk_widget_class_bind_template_child (widget_class, DaoviewContrastPopover, message_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewContrastPopover, apply_button);
  gtk_widget_class_bind_template_child (widget_class, DaoviewContrastPopover, automatic_button);
}

static void
daoview_contrast_popover_init (DaoviewContrastPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->low_entry, "activate", G_CALLBACK (on_activate), self, 0);
  g_signal_connect_object (self->high_entry, "activate", G_CALLBACK (on_activate), self, 0);
  g_signal_connect_object (self->apply_button, "clicked", G_CALLBACK (on_apply_clicked), self, 0);
  g_signal_connect_object (self->automatic_button, "clicked", G_CALLBACK (on_automatic_clicked), self, 0);
}

void
daoview_contrast_popover_set_levels (DaoviewContrastPopover *self, double low, double high)
{
  g_return_if_fail (DAOVIEW_IS_CONTRAST_POPOVER (self));
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  /* %.6g: what the colour bar and --print-state show, not 17 digits. */
  gtk_editable_set_text (GTK_EDITABLE (self->low_entry), g_ascii_formatd (text, sizeof text, "%.6g", low));
  gtk_editable_set_text (GTK_EDITABLE (self->high_entry), g_ascii_formatd (text, sizeof text, "%.6g", high));
  gtk_widget_remove_css_class (GTK_WIDGET (self->low_entry), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->high_entry), "error");
  say (self, "");
}
