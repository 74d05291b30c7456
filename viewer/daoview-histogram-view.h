/* daoview-histogram-view.h — the histogram of the displayed frame, with the
 * current levels marked; linear or log counts. */
#pragma once

#include <gtk/gtk.h>

#include "daoview-histogram.h"

G_BEGIN_DECLS

#define DAOVIEW_HISTOGRAM_BINS 128

#define DAOVIEW_TYPE_HISTOGRAM_VIEW (daoview_histogram_view_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewHistogramView, daoview_histogram_view, DAOVIEW, HISTOGRAM_VIEW, GtkWidget)

GtkWidget *daoview_histogram_view_new (void);

/* Bin `count` values over the data's range and mark [low, high]. */
void daoview_histogram_view_update (DaoviewHistogramView *self, dao_type type, const void *data,
                                    size_t count, DaoviewComplexPart part, double low,
                                    double high);

void daoview_histogram_view_set_log (DaoviewHistogramView *self, gboolean log_counts);

/* The binned range and counts, as last computed (for tests and scripts). */
const DaoviewHistogramInfo *daoview_histogram_view_get_info (DaoviewHistogramView *self);
const guint64 *daoview_histogram_view_get_counts (DaoviewHistogramView *self); /* DAOVIEW_HISTOGRAM_BINS */

G_END_DECLS
