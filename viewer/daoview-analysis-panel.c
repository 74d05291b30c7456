/* daoview-analysis-panel.c — the figures beside the image. */
#define G_LOG_DOMAIN "daoview-analysis-panel"

#include "config.h"

#include "daoview-analysis-panel.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "daoview-histogram-view.h"
#include "daoview-plot-view.h"
#include "daoview-profile.h"
#include "daoview-stats.h"

struct _DaoviewAnalysisPanel
{
  GtkBox parent_instance;

  /* Template widgets */
  DaoviewHistogramView *histogram_view;
  GtkLabel *frame_stats_label;
  GtkLabel *selection_stats_label;
  DaoviewPlotView *profile_view;
  GtkLabel *reference_label;

  DaoviewImageTool selection_tool;
  double selection[4];
  gboolean print;
};

G_DEFINE_FINAL_TYPE (DaoviewAnalysisPanel, daoview_analysis_panel, GTK_TYPE_BOX)

static void
print_line (const char *line)
{
  printf ("%s\n", line);
  fflush (stdout);
}

static void
show_profile (DaoviewAnalysisPanel *self, dao_type type, const void *values, unsigned width,
              unsigned height, DaoviewComplexPart part)
{
  const double *s = self->selection;
  size_t n = daoview_profile_length (s[0], s[1], s[2], s[3]);
  DaoviewProfileSample *samples = g_new (DaoviewProfileSample, MAX (n, 1));
  n = daoview_profile_sample (type, values, width, height, part, s[0], s[1], s[2], s[3], samples, n);
  double *v = g_new (double, MAX (n, 1));
  for (size_t i = 0; i < n; i++)
    v[i] = samples[i].value;

  daoview_plot_view_set_values (self->profile_view, v, n);
  gtk_widget_set_visible (GTK_WIDGET (self->profile_view), TRUE);
  g_autofree char *text = g_strdup_printf (_("Profile from (%.0f, %.0f) to (%.0f, %.0f): %zu pixels"),
                                           s[0], s[1], s[2], s[3], n);
  gtk_label_set_text (self->selection_stats_label, text);

  if (self->print && n)
    {
      GString *line = g_string_new (NULL);
      g_string_printf (line, "profile n=%zu values=", n);
      for (size_t i = 0; i < n; i++)
        g_string_append_printf (line, i ? ",%g" : "%g", v[i]);
      print_line (line->str);
      g_string_free (line, TRUE);
    }
  g_free (v);
  g_free (samples);
}

static void
show_rectangle (DaoviewAnalysisPanel *self, dao_type type, const void *values, unsigned width,
                unsigned height, DaoviewComplexPart part)
{
  const double *s = self->selection;
  double x0 = MAX (round (MIN (s[0], s[2])), 0), y0 = MAX (round (MIN (s[1], s[3])), 0);
  double x1 = round (MAX (s[0], s[2])), y1 = round (MAX (s[1], s[3]));
  DaoviewStats st;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->profile_view), FALSE);
  if (x1 < 0 || y1 < 0
      || daoview_stats_rect (type, values, width, height, part, (unsigned) x0, (unsigned) y0,
                             (unsigned) (x1 - x0 + 1), (unsigned) (y1 - y0 + 1), &st) < 0)
    text = g_strdup (_("No finite pixel in the rectangle"));
  else
    {
      text = g_strdup_printf (_("Rectangle (%.0f, %.0f)–(%.0f, %.0f)\nmin %g  max %g\nmean %g  rms %g\nmaximum at (%u, %u)"),
                              x0, y0, x1, y1, st.min, st.max, st.mean, st.rms, st.max_x, st.max_y);
      if (self->print)
        {
          g_autofree char *line = g_strdup_printf ("rect-stats count=%zu min=%g max=%g mean=%g rms=%g max-x=%u max-y=%u",
                                                   st.count, st.min, st.max, st.mean, st.rms, st.max_x, st.max_y);
          print_line (line);
        }
    }
  gtk_label_set_text (self->selection_stats_label, text);
}

void
daoview_analysis_panel_update_selection (DaoviewAnalysisPanel *self, dao_type type,
                                         const void *values, unsigned width, unsigned height,
                                         DaoviewComplexPart part)
{
  g_return_if_fail (DAOVIEW_IS_ANALYSIS_PANEL (self));

  if (!values || self->selection_tool == DAOVIEW_IMAGE_TOOL_PAN)
    {
      gtk_label_set_text (self->selection_stats_label,
                          _("Choose Profile or Rectangle, then drag on the image."));
      gtk_widget_set_visible (GTK_WIDGET (self->profile_view), FALSE);
    }
  else if (self->selection_tool == DAOVIEW_IMAGE_TOOL_LINE)
    show_profile (self, type, values, width, height, part);
  else
    show_rectangle (self, type, values, width, height, part);
}

void
daoview_analysis_panel_update (DaoviewAnalysisPanel *self, dao_type type, const void *values,
                               unsigned width, unsigned height, DaoviewComplexPart part,
                               double low, double high)
{
  g_return_if_fail (DAOVIEW_IS_ANALYSIS_PANEL (self));
  size_t count = (size_t) width * height;
  DaoviewStats st;
  g_autofree char *text = NULL;

  daoview_histogram_view_update (self->histogram_view, type, values, count, part, low, high);
  const DaoviewHistogramInfo *info = daoview_histogram_view_get_info (self->histogram_view);
  const guint64 *counts = daoview_histogram_view_get_counts (self->histogram_view);
  if (self->print && info && counts)
    {
      g_autofree char *line = g_strdup_printf ("histogram low=%g high=%g binned=%" G_GUINT64_FORMAT
                                               " first=%" G_GUINT64_FORMAT " last=%" G_GUINT64_FORMAT,
                                               info->low, info->high, info->binned, counts[0],
                                               counts[DAOVIEW_HISTOGRAM_BINS - 1]);
      print_line (line);
    }

  if (daoview_stats_frame (type, values, width, height, part, &st) == 0)
    {
      text = g_strdup_printf (_("min %g  max %g\nmean %g  rms %g\nmaximum at (%u, %u)"), st.min,
                              st.max, st.mean, st.rms, st.max_x, st.max_y);
      if (self->print)
        {
          g_autofree char *line = g_strdup_printf ("frame-stats min=%g max=%g mean=%g rms=%g max-x=%u max-y=%u",
                                                   st.min, st.max, st.mean, st.rms, st.max_x, st.max_y);
          print_line (line);
        }
    }
  else
    text = g_strdup (_("No finite pixel"));
  gtk_label_set_text (self->frame_stats_label, text);

  daoview_analysis_panel_update_selection (self, type, values, width, height, part);
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

void
daoview_analysis_panel_set_print (DaoviewAnalysisPanel *self, gboolean print)
{
  g_return_if_fail (DAOVIEW_IS_ANALYSIS_PANEL (self));
  self->print = print;
}

void
daoview_analysis_panel_set_log_counts (DaoviewAnalysisPanel *self, gboolean log_counts)
{
  g_return_if_fail (DAOVIEW_IS_ANALYSIS_PANEL (self));
  daoview_histogram_view_set_log (self->histogram_view, log_counts);
}

void
daoview_analysis_panel_set_selection (DaoviewAnalysisPanel *self, DaoviewImageTool tool,
                                      const double selection[4])
{
  g_return_if_fail (DAOVIEW_IS_ANALYSIS_PANEL (self));
  self->selection_tool = tool;
  memcpy (self->selection, selection, sizeof self->selection);
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
  daoview_histogram_view_set_log (self->histogram_view, TRUE);
}
