/* daoview-playback-bar.c — the slider, buttons and frame line of a
 * sequence (see daoview-playback-bar.h). */
#define G_LOG_DOMAIN "daoview-playback-bar"

#include "config.h"

#include "daoview-playback-bar.h"

#include <glib/gi18n.h>
#include <math.h>

struct _DaoviewPlaybackBar
{
  GtkBox parent_instance;

  /* Template widgets */
  GtkButton *play_button;
  GtkScale *scale;
  GtkAdjustment *adjustment;
  GtkDropDown *speed;
  GtkWidget *loop_button;
  GtkLabel *frame_label;

  /* State */
  gboolean updating; /* the slider is being moved by set_range(), not by the user */
  double rate;
};

G_DEFINE_FINAL_TYPE (DaoviewPlaybackBar, daoview_playback_bar, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_RATE,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_SEEK,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

/* 0: the recorded intervals; then frames per second. */
static const double rates[] = { 0, 1, 5, 10, 25, 100, 1000 };

const double *
daoview_playback_bar_rates (guint *n)
{
  *n = G_N_ELEMENTS (rates);
  return rates;
}

void
daoview_playback_bar_set_range (DaoviewPlaybackBar *self, guint64 length, guint64 position)
{
  g_return_if_fail (DAOVIEW_IS_PLAYBACK_BAR (self));
  double upper = length > 0 ? (double) (length - 1) : 0;
  self->updating = TRUE;
  if (gtk_adjustment_get_upper (self->adjustment) != upper)
    {
      gtk_adjustment_set_upper (self->adjustment, upper);
      /* Page Up/Down: a tenth of the recording. */
      gtk_adjustment_set_page_increment (self->adjustment, MAX (1, round (upper / 10)));
    }
  gtk_adjustment_set_value (self->adjustment, (double) position);
  self->updating = FALSE;
}

void
daoview_playback_bar_set_text (DaoviewPlaybackBar *self, const char *text)
{
  g_return_if_fail (DAOVIEW_IS_PLAYBACK_BAR (self));
  gtk_label_set_text (self->frame_label, text ? text : "");
}

void
daoview_playback_bar_set_playing (DaoviewPlaybackBar *self, gboolean playing)
{
  g_return_if_fail (DAOVIEW_IS_PLAYBACK_BAR (self));
  gtk_button_set_icon_name (self->play_button,
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
}

void
daoview_playback_bar_set_playable (DaoviewPlaybackBar *self, gboolean playable)
{
  g_return_if_fail (DAOVIEW_IS_PLAYBACK_BAR (self));
  gtk_widget_set_visible (GTK_WIDGET (self->speed), playable);
  gtk_widget_set_visible (self->loop_button, playable);
}

static void
on_value_changed (GtkAdjustment *adjustment, DaoviewPlaybackBar *self)
{
  if (self->updating)
    return;
  double value = round (gtk_adjustment_get_value (adjustment));
  g_signal_emit (self, signals[SIGNAL_SEEK], 0, (guint64) MAX (value, 0));
}

static void
on_speed_selected (GtkDropDown *speed, GParamSpec *pspec, DaoviewPlaybackBar *self)
{
  guint i = gtk_drop_down_get_selected (speed);
  if (i < G_N_ELEMENTS (rates) && rates[i] != self->rate)
    g_object_set (self, "rate", rates[i], NULL);
}

static void
select_rate (DaoviewPlaybackBar *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    if (rates[i] == self->rate)
      {
        gtk_drop_down_set_selected (self->speed, i);
        return;
      }
  /* A rate from the command line that the menu does not offer. */
  gtk_drop_down_set_selected (self->speed, GTK_INVALID_LIST_POSITION);
}

static void
daoview_playback_bar_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  DaoviewPlaybackBar *self = DAOVIEW_PLAYBACK_BAR (object);
  switch (prop_id)
    {
    case PROP_RATE:
      self->rate = g_value_get_double (value);
      select_rate (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
daoview_playback_bar_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DaoviewPlaybackBar *self = DAOVIEW_PLAYBACK_BAR (object);
  switch (prop_id)
    {
    case PROP_RATE: g_value_set_double (value, self->rate); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
daoview_playback_bar_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DAOVIEW_TYPE_PLAYBACK_BAR);

  G_OBJECT_CLASS (daoview_playback_bar_parent_class)->dispose (object);
}

static void
daoview_playback_bar_class_init (DaoviewPlaybackBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = daoview_playback_bar_set_property;
  object_class->get_property = daoview_playback_bar_get_property;
  object_class->dispose = daoview_playback_bar_dispose;

  properties[PROP_RATE] = g_param_spec_double ("rate", NULL, NULL, 0, 1e6, 0,
                                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SEEK] = g_signal_new ("seek", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/daoproject/Daoview/daoview-playback-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, DaoviewPlaybackBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, DaoviewPlaybackBar, scale);
  gtk_widget_class_bind_template_child (widget_class, DaoviewPlaybackBar, adjustment);
  gtk_widget_class_bind_template_child (widget_class, DaoviewPlaybackBar, speed);
  gtk_widget_class_bind_template_child (widget_class, DaoviewPlaybackBar, loop_button);
  gtk_widget_class_bind_template_child (widget_class, DaoviewPlaybackBar, frame_label);
}

static void
daoview_playback_bar_init (DaoviewPlaybackBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      g_autofree char *name = rates[i] > 0 ? g_strdup_printf ("%g Hz", rates[i])
                                           : g_strdup (_("Recorded timing"));
      gtk_string_list_append (names, name);
    }
  gtk_drop_down_set_model (self->speed, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->speed, 0);

  g_signal_connect_object (self->adjustment, "value-changed", G_CALLBACK (on_value_changed), self, 0);
  g_signal_connect_object (self->speed, "notify::selected", G_CALLBACK (on_speed_selected), self, 0);
}

GtkWidget *
daoview_playback_bar_new (void)
{
  return g_object_new (DAOVIEW_TYPE_PLAYBACK_BAR, NULL);
}
