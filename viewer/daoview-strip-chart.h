/* daoview-strip-chart.h — a quantity over the last N seconds and its
 * temporal power spectrum, one plot above the other: the series against
 * seconds before the newest frame, log₁₀ of the power spectral density
 * against hertz (daoview-timeseries.h), and a line saying at what rate it
 * was sampled. */
#pragma once

#include <gtk/gtk.h>

#include "daoview-timeseries.h"

G_BEGIN_DECLS

#define DAOVIEW_TYPE_STRIP_CHART (daoview_strip_chart_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewStripChart, daoview_strip_chart, DAOVIEW, STRIP_CHART, GtkBox)

GtkWidget *daoview_strip_chart_new (void);

/* Draw `series` (borrowed for the call) of the quantity labelled `label`. */
void daoview_strip_chart_update (DaoviewStripChart *self, DaoviewTimeseries *series, const char *label);

G_END_DECLS
