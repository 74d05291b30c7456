/* daoview-analysis-panel.c — the figures beside the image. */
#define G_LOG_DOMAIN "daoview-analysis-panel"

#include "config.h"

#include "daoview-analysis-panel.h"

#include <glib/gi18n.h>

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

  gboolean log_counts;
};

G_DEFINE_FINAL_TYPE (DaoviewAnalysisPanel, daoview_analysis_panel, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_LOG_COUNTS,
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

void
daoview_analysis_panel_show (DaoviewAnalysisPanel *self, const DaoviewAnalysis *a,
                             gboolean selection_only)
{
  g_return_if_fail (DAOVIEW_IS_ANALYSIS_PANEL (self));

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
}

static void
daoview_analysis_panel_init (DaoviewAnalysisPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->log_counts = TRUE;
  daoview_histogram_view_set_log (self->histogram_view, TRUE);
}
