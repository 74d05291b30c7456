/* daoview-analysis-panel.c — the figures beside the image. */
#define G_LOG_DOMAIN "daoview-analysis-panel"

#include "config.h"

#include "daoview-analysis-panel.h"

#include <glib/gi18n.h>

#include "daoview-overlay.h"

#include "daoview-histogram-view.h"
#include "daoview-plot-view.h"

struct _DaoviewAnalysisPanel
{
  GtkBox parent_instance;

  /* Template widgets */
  DaoviewHistogramView *histogram_view;
  GtkLabel *frame_stats_label;
  GtkLabel *selection_stats_label;
  DaoviewPlotView *profile_view;
  GtkLabel *reference_label;
  GtkLabel *spot_label;
  GtkSpinButton *lambda_spin;
  GtkSpinButton *obstruction_spin;
  GtkSpinButton *ee_spin;
  GtkEntry *circles_entry;
  GtkWidget *tools_box;

  gboolean log_counts;
};

G_DEFINE_FINAL_TYPE (DaoviewAnalysisPanel, daoview_analysis_panel, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_LOG_COUNTS,
  PROP_LAMBDA_OVER_D,
  PROP_OBSTRUCTION,
  PROP_EE_RADIUS,
  PROP_CIRCLES,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

/* The statistics as an AO engineer reads them: standard deviation (the
 * rms about the mean), and the sum, the flux of what is measured. */
static char *
stats_text (const DaoviewStats *st)
{
  return g_strdup_printf (_("mean %g  std. dev. %g\nmin %g  max %g\nsum %g\nmaximum at (%u, %u)"),
                          st->mean, st->stddev, st->min, st->max, st->sum, st->max_x, st->max_y);
}

static void
show_selection (DaoviewAnalysisPanel *self, const DaoviewAnalysis *a)
{
  const DaoviewSelection *s = &a->selection;
  g_autofree char *text = NULL;
  gboolean profile = s->tool == DAOVIEW_TOOL_LINE;

  gtk_widget_set_visible (GTK_WIDGET (self->profile_view), profile);
  if (profile)
    {
      daoview_plot_view_set_values (self->profile_view, a->profile, a->profile_length);
      text = g_strdup_printf (_("Profile from (%.0f, %.0f) to (%.0f, %.0f): %zu pixels"), s->x0, s->y0,
                              s->x1, s->y1, a->profile_length);
    }
  else if (s->tool == DAOVIEW_TOOL_RECT && a->have_rect_stats)
    {
      const DaoviewStats *st = &a->rect_stats;
      g_autofree char *figures = stats_text (st);
      text = g_strdup_printf (_("Rectangle (%.0f, %.0f)–(%.0f, %.0f)\n%s"), (double) a->rect[0],
                              (double) a->rect[1], (double) a->rect[2], (double) a->rect[3], figures);
    }
  else if (s->tool == DAOVIEW_TOOL_RECT)
    text = g_strdup (_("No finite pixel in the rectangle"));
  else
    text = g_strdup (_("Choose Profile or Rectangle, then drag on the image."));
  gtk_label_set_text (self->selection_stats_label, text);
}

/* The spot's figures, or why there are none. */
static void
show_spot (DaoviewAnalysisPanel *self, const DaoviewAnalysis *a)
{
  const DaoviewPsfResult *p = &a->psf;
  GString *text = g_string_new (NULL);

  if (!a->have_psf)
    {
      gtk_label_set_text (self->spot_label, _("No spot above the background"));
      g_string_free (text, TRUE);
      return;
    }
  g_string_append (text, a->selection.tool == DAOVIEW_TOOL_RECT && a->have_rect_stats
                           ? _("In the rectangle")
                           : _("Whole frame (draw a rectangle round the spot to leave hot pixels out)"));
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("Centroid (%.2f, %.2f)\nFWHM %.2f × %.2f px, mean %.2f\n"
                                  "Peak %g at (%u, %u)\nFlux %g, background %g ± %g"),
                          p->centroid_x, p->centroid_y, p->fwhm_x, p->fwhm_y, p->fwhm, p->peak, p->peak_x,
                          p->peak_y, p->flux, p->background, p->noise);
  if (a->psf_options.ee_radius > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Encircled energy within %g px: %.3f"), p->ee_radius, p->ee);
    }
  if (p->strehl_method != DAOVIEW_STREHL_NONE)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, p->strehl_method == DAOVIEW_STREHL_MODEL ? _("Strehl %.3f (Airy, λ/D %g px)")
                                                                               : _("Strehl %.3f (reference PSF)"),
                              p->strehl, a->psf_options.lambda_over_d);
    }
  gtk_label_set_text (self->spot_label, text->str);
  g_string_free (text, TRUE);
}

void
daoview_analysis_panel_show (DaoviewAnalysisPanel *self, const DaoviewAnalysis *a,
                             gboolean selection_only)
{
  g_return_if_fail (DAOVIEW_IS_ANALYSIS_PANEL (self));

  show_spot (self, a);
  if (!selection_only)
    {
      g_autofree char *text = NULL;
      daoview_histogram_view_show (self->histogram_view, a);
      if (a->have_stats)
        text = stats_text (&a->stats);
      else
        text = g_strdup (_("No finite pixel"));
      gtk_label_set_text (self->frame_stats_label, text);
    }
  show_selection (self, a);
}

void
daoview_analysis_panel_show_reference (DaoviewAnalysisPanel *self, const DaoviewReference *ref)
{
  g_return_if_fail (DAOVIEW_IS_ANALYSIS_PANEL (self));
  g_autofree char *text = NULL;

  if (!ref || daoview_reference_state (ref) == DAOVIEW_REFERENCE_EMPTY)
    text = g_strdup (_("No reference"));
  else if (daoview_reference_state (ref) == DAOVIEW_REFERENCE_CAPTURING)
    text = g_strdup_printf (_("Capturing: %u of %u frames"), daoview_reference_frames (ref),
                            daoview_reference_frames_wanted (ref));
  else
    text = g_strdup_printf (_("Showing frame − reference (mean of %u frames)"),
                            daoview_reference_frames (ref));
  gtk_label_set_text (self->reference_label, text);
}

static void
daoview_analysis_panel_set_property (GObject *object, guint prop_id, const GValue *value,
                                     GParamSpec *pspec)
{
  DaoviewAnalysisPanel *self = DAOVIEW_ANALYSIS_PANEL (object);

  switch (prop_id)
    {
    case PROP_LOG_COUNTS:
      self->log_counts = g_value_get_boolean (value);
      daoview_histogram_view_set_log (self->histogram_view, self->log_counts);
      break;
    case PROP_LAMBDA_OVER_D:
      gtk_spin_button_set_value (self->lambda_spin, g_value_get_double (value));
      break;
    case PROP_OBSTRUCTION:
      gtk_spin_button_set_value (self->obstruction_spin, g_value_get_double (value));
      break;
    case PROP_EE_RADIUS:
      gtk_spin_button_set_value (self->ee_spin, g_value_get_double (value));
      break;
    case PROP_CIRCLES:
      gtk_editable_set_text (GTK_EDITABLE (self->circles_entry), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
daoview_analysis_panel_get_property (GObject *object, guint prop_id, GValue *value,
                                     GParamSpec *pspec)
{
  DaoviewAnalysisPanel *self = DAOVIEW_ANALYSIS_PANEL (object);

  switch (prop_id)
    {
    case PROP_LOG_COUNTS:
      g_value_set_boolean (value, self->log_counts);
      break;
    case PROP_LAMBDA_OVER_D:
      g_value_set_double (value, gtk_spin_button_get_value (self->lambda_spin));
      break;
    case PROP_OBSTRUCTION:
      g_value_set_double (value, gtk_spin_button_get_value (self->obstruction_spin));
      break;
    case PROP_EE_RADIUS:
      g_value_set_double (value, gtk_spin_button_get_value (self->ee_spin));
      break;
    case PROP_CIRCLES:
      g_value_set_string (value, gtk_editable_get_text (GTK_EDITABLE (self->circles_entry)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
daoview_analysis_panel_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), DAOVIEW_TYPE_ANALYSIS_PANEL);

  G_OBJECT_CLASS (daoview_analysis_panel_parent_class)->dispose (object);
}

static void
daoview_analysis_panel_class_init (DaoviewAnalysisPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daoview_analysis_panel_dispose;
  object_class->set_property = daoview_analysis_panel_set_property;
  object_class->get_property = daoview_analysis_panel_get_property;

  /* Log counts by default: a camera frame is mostly background, whose bins
   * would otherwise flatten everything else. */
  properties[PROP_LOG_COUNTS] = g_param_spec_boolean ("log-counts", NULL, NULL, TRUE,
                                                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAMBDA_OVER_D] = g_param_spec_double ("lambda-over-d", NULL, NULL, 0, 1000, 0,
                                                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OBSTRUCTION] = g_param_spec_double ("obstruction", NULL, NULL, 0, 0.99, 0,
                                                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EE_RADIUS] = g_param_spec_double ("ee-radius", NULL, NULL, 0, 10000, 0,
                                                    G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CIRCLES] = g_param_spec_string ("circles", NULL, NULL, "",
                                                  G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DAOVIEW_TYPE_HISTOGRAM_VIEW);
  g_type_ensure (DAOVIEW_TYPE_PLOT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/daoproject/Daoview/daoview-analysis-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, DaoviewAnalysisPanel, histogram_view);
  gtk_widget_class_bind_template_child (widget_class, DaoviewAnalysisPanel, frame_stats_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewAnalysisPanel, selection_stats_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewAnalysisPanel, profile_view);
  gtk_widget_class_bind_template_child (widget_class, DaoviewAnalysisPanel, reference_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewAnalysisPanel, spot_label);
  gtk_widget_class_bind_template_child (widget_class, DaoviewAnalysisPanel, lambda_spin);
  gtk_widget_class_bind_template_child (widget_class, DaoviewAnalysisPanel, obstruction_spin);
  gtk_widget_class_bind_template_child (widget_class, DaoviewAnalysisPanel, ee_spin);
  gtk_widget_class_bind_template_child (widget_class, DaoviewAnalysisPanel, circles_entry);
  gtk_widget_class_bind_template_child (widget_class, DaoviewAnalysisPanel, tools_box);
}

/* Radii that read: taken (notified); others: marked, not taken. */
static void
on_circles_activate (GtkEntry *entry, DaoviewAnalysisPanel *self)
{
  double radii[DAOVIEW_OVERLAY_MAX_RADII];
  if (daoview_overlay_parse_radii (gtk_editable_get_text (GTK_EDITABLE (entry)), radii,
                                   DAOVIEW_OVERLAY_MAX_RADII) < 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CIRCLES]);
}

static void
on_spin_changed (GtkSpinButton *spin, DaoviewAnalysisPanel *self)
{
  guint prop = spin == self->lambda_spin ? PROP_LAMBDA_OVER_D
               : spin == self->obstruction_spin ? PROP_OBSTRUCTION : PROP_EE_RADIUS;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
daoview_analysis_panel_init (DaoviewAnalysisPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->log_counts = TRUE;
  daoview_histogram_view_set_log (self->histogram_view, TRUE);
  GtkSpinButton *spins[] = { self->lambda_spin, self->obstruction_spin, self->ee_spin };
  for (guint i = 0; i < G_N_ELEMENTS (spins); i++)
    g_signal_connect_object (spins[i], "value-changed", G_CALLBACK (on_spin_changed), self, 0);
  g_signal_connect_object (self->circles_entry, "activate", G_CALLBACK (on_circles_activate), self, 0);
}

void
daoview_analysis_panel_set_tools_visible (DaoviewAnalysisPanel *self, gboolean visible)
{
  g_return_if_fail (DAOVIEW_IS_ANALYSIS_PANEL (self));
  gtk_widget_set_visible (self->tools_box, visible);
}
