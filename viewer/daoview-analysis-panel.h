/* daoview-analysis-panel.h — histogram, statistics, line profile and
 * reference state of the displayed frame, beside the image.
 *
 * The window hands it the values on screen (the displayed plane, or plane −
 * reference) at a modest rate; the panel computes and shows the figures.
 * With printing on, it also writes them on stdout (daoview --print-state):
 *   histogram low=… high=… binned=… first=… last=…
 *   frame-stats min=… max=… mean=… rms=… max-x=… max-y=…
 *   rect-stats count=… min=… …       profile n=… values=v0,v1,…
 */
#pragma once

#include <gtk/gtk.h>

#include "daoview-image-view.h"
#include "daoview-reference.h"
#include "daoview-render.h"

G_BEGIN_DECLS

#define DAOVIEW_TYPE_ANALYSIS_PANEL (daoview_analysis_panel_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewAnalysisPanel, daoview_analysis_panel, DAOVIEW, ANALYSIS_PANEL, GtkBox)

void daoview_analysis_panel_set_print (DaoviewAnalysisPanel *self, gboolean print);
void daoview_analysis_panel_set_log_counts (DaoviewAnalysisPanel *self, gboolean log_counts);

/* The line (tool LINE) or rectangle (RECT) drawn on the image, in image
 * pixels; PAN for none. Shown at the next update. */
void daoview_analysis_panel_set_selection (DaoviewAnalysisPanel *self, DaoviewImageTool tool,
                                           const double selection[4]);

/* Everything, for a width × height plane of `type` values (complex: part);
 * low/high are the levels to mark on the histogram. */
void daoview_analysis_panel_update (DaoviewAnalysisPanel *self, dao_type type, const void *values,
                                    unsigned width, unsigned height, DaoviewComplexPart part,
                                    double low, double high);

/* Only the selection's profile or statistics (cheap enough for every drag
 * event). */
void daoview_analysis_panel_update_selection (DaoviewAnalysisPanel *self, dao_type type,
                                              const void *values, unsigned width, unsigned height,
                                              DaoviewComplexPart part);

/* The reference's state in words (ref may be NULL). */
void daoview_analysis_panel_show_reference (DaoviewAnalysisPanel *self, const DaoviewReference *ref);

G_END_DECLS
