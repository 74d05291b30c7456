/* daoview-histogram-view.h — the histogram of the displayed frame, with the
 * current levels marked; linear or log counts. */
#pragma once

#include <gtk/gtk.h>

#include "daoview-analysis.h"

G_BEGIN_DECLS

#define DAOVIEW_TYPE_HISTOGRAM_VIEW (daoview_histogram_view_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewHistogramView, daoview_histogram_view, DAOVIEW, HISTOGRAM_VIEW, GtkWidget)

GtkWidget *daoview_histogram_view_new (void);

/* Show the analysis' histogram (copied), with its levels marked. */
void daoview_histogram_view_show (DaoviewHistogramView *self, const DaoviewAnalysis *analysis);

void daoview_histogram_view_set_log (DaoviewHistogramView *self, gboolean log_counts);

G_END_DECLS
