/* daoview-analysis-panel.h — histogram, statistics, line profile and
 * reference state of the displayed frame, beside the image.
 *
 * The panel only shows: the figures are computed in the core
 * (daoview-analysis.h) from the displayed plane, and the window hands them
 * over at a modest rate. Property "log-counts" (boolean): the histogram's
 * counts on a log scale; "lambda-over-d", "obstruction", "ee-radius"
 * (doubles): the spot's measurement options, as its spin buttons show
 * them (the window binds them to the session's psf-* properties);
 * "circles" (string): the overlay's radii ("5,10,20"), taken from its
 * entry when Enter is pressed there and the radii read.
 */
#pragma once

#include <gtk/gtk.h>

#include "daoview-analysis.h"
#include "daoview-reference.h"

G_BEGIN_DECLS

#define DAOVIEW_TYPE_ANALYSIS_PANEL (daoview_analysis_panel_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewAnalysisPanel, daoview_analysis_panel, DAOVIEW, ANALYSIS_PANEL, GtkBox)

/* Show the figures; selection_only: only those of the selection changed
 * (a drag on the image). */
void daoview_analysis_panel_show (DaoviewAnalysisPanel *self, const DaoviewAnalysis *analysis,
                                  gboolean selection_only);

/* The reference's state in words (ref may be NULL). */
void daoview_analysis_panel_show_reference (DaoviewAnalysisPanel *self, const DaoviewReference *ref);

/* The image's drag tools (pan, profile, rectangle): hidden while a plot is
 * shown, where they mean nothing. */
void daoview_analysis_panel_set_tools_visible (DaoviewAnalysisPanel *self, gboolean visible);

G_END_DECLS
