/* daoview-strip-chart.c — the series and its spectrum (see
 * daoview-strip-chart.h). Both are plot views; this widget only turns the
 * series into their values and axes. */
#define G_LOG_DOMAIN "daoview-strip-chart"

#include "config.h"

#include "daoview-strip-chart.h"

#include <glib/gi18n.h>
#include <math.h>

#include "daoview-plot-view.h"

struct _DaoviewStripChart
{
  GtkBox parent_instance;

  /* Owned children */
  DaoviewPlotView *series_view;
  DaoviewPlotView *spectrum_view;
  GtkLabel *caption;
};

G_DEFINE_FINAL_TYPE (DaoviewStripChart, daoview_strip_chart, GTK_TYPE_BOX)

static void
daoview_strip_chart_class_init (DaoviewStripChartClass *klass)
{
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "daoview-strip-chart");
}

static DaoviewPlotView *
add_plot (DaoviewStripChart *self)
{
  GtkWidget *plot = daoview_plot_view_new ();
  gtk_widget_set_vexpand (plot, TRUE);
  gtk_widget_set_size_request (plot, 320, 140);
  gtk_box_append (GTK_BOX (self), plot);
  return DAOVIEW_PLOT_VIEW (plot);
}

static void
daoview_strip_chart_init (DaoviewStripChart *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 4);
  self->series_view = add_plot (self);
  self->spectrum_view = add_plot (self);
  self->caption = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->caption, TRUE);
  gtk_label_set_xalign (self->caption, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->caption), "caption");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->caption));
  daoview_plot_view_set_axis_titles (self->spectrum_view, _("Hz"), _("log₁₀ PSD"));
}

GtkWidget *
daoview_strip_chart_new (void)
{
  return g_object_new (DAOVIEW_TYPE_STRIP_CHART, NULL);
}

void
daoview_strip_chart_update (DaoviewStripChart *self, DaoviewTimeseries *series, const char *label)
{
  g_return_if_fail (DAOVIEW_IS_STRIP_CHART (self));
  DaoviewGrid grid = { 0 };
  DaoviewSpectrum spectrum = { 0 };

  daoview_plot_view_set_axis_titles (self->series_view, _("seconds"), label);
  if (!daoview_timeseries_grid (series, &grid) || !daoview_timeseries_spectrum (series, &spectrum))
    {
      daoview_plot_view_set_values (self->series_view, NULL, 0);
      daoview_plot_view_set_values (self->spectrum_view, NULL, 0);
      gtk_label_set_text (self->caption, _("Collecting samples…"));
      return;
    }
  daoview_plot_view_set_x_range (self->series_view, grid.first_time - grid.last_time, 0);
  daoview_plot_view_set_values (self->series_view, grid.values, grid.n);

  /* The spectrum from its first bin above 0 Hz (the mean is removed). */
  g_autofree double *log_psd = g_new (double, spectrum.n_bins);
  for (guint k = 0; k < spectrum.n_bins; k++)
    log_psd[k] = spectrum.psd[k] > 0 ? log10 (spectrum.psd[k]) : NAN;
  log_psd[0] = NAN;
  daoview_plot_view_set_x_range (self->spectrum_view, 0, spectrum.sample_rate / 2);
  daoview_plot_view_set_values (self->spectrum_view, log_psd, spectrum.n_bins);

  g_autofree char *text = g_strdup_printf (
    _("%u samples over %.1f s; sampled every %u frames (%.1f Hz), peak at %.2f Hz, bins of %.3f Hz"),
    daoview_timeseries_length (series), grid.last_time - grid.first_time, grid.step,
    spectrum.sample_rate, daoview_spectrum_peak (&spectrum), spectrum.bin_width);
  gtk_label_set_text (self->caption, text);
  daoview_grid_clear (&grid);
  daoview_spectrum_clear (&spectrum);
}
