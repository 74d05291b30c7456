/* daoview-report.h — the lines of `daoview --print-state`, which scripts and
 * tests parse. One function per kind of line, each formatting what a widget
 * or the session exposes (never reading widgets): the window and the
 * display-less runner print the same lines from the same structs.
 *
 *   state NAME: TEXT[ — ERROR]                    on every change of state
 *   stats t=… state=… counter=… shown-counter=… shown=… stream-hz=…
 *         display-hz=… not-shown=… torn=… shape=NYxNX type=… slot=…
 *         polling=0|1 paused=0|1 low=… high=… slice=…
 *         dark=-|applied|unmatched flat=… reference=-|capturing|applied|unmatched
 *         fifo-depth=N copy-ms=… period-ms=…
 *         pointer=X,Y value=V raw=R|-             four times a second
 *                                                 (value as shown, raw the frame's)
 *         [index=K frame-count=N lost-before=L dropped-before=D]
 *                                                 a recording: the frame shown
 *   copy-budget exceeded torn=T/A copy-ms=… period-ms=… fix=fifo-depth>=2
 *                                                 after it, while most copies
 *                                                 are torn (daoview-copy-budget.h)
 *   histogram low=… high=… binned=… first=… last=…
 *   frame-stats min=… max=… mean=… stddev=… sum=… max-x=… max-y=…
 *   rect-stats count=… min=… max=… mean=… stddev=… sum=… max-x=… max-y=…
 *   profile n=… values=v0,v1,…                    with the analysis
 *   centroid x=… y=… peak=… peak-x=… peak-y=… background=… noise=…
 *            flux=… window=X0,Y0,X1,Y1           the spot (daoview-psf.h)
 *   fwhm x=… y=… mean=…                          (nan where unknown)
 *   ee radius=… fraction=…                        when a radius is set
 *   strehl value=… method=model|reference [lambda-over-d=… obstruction=…]
 *   saved KIND PATH counter=… scale=…  |  save-failed KIND PATH: MESSAGE
 *   plot-area X Y W H x XMIN XMAX y YMIN YMAX       where the plot was drawn
 *   plot row:Y|column:X|vector                     what it shows (its title)
 *   screenshot PATH image-area X Y W H|none
 *   layout window W H view X Y W H image X Y W H colorbar X Y W H|none
 *          zoom Z fit=0|1                         when the window's layout or
 *                                                 zoom changes (window
 *                                                 coordinates; view: the image
 *                                                 widget, image: the image
 *                                                 drawn in it)
 *   history index=I of=N counter=C time=T         a FIFO's history shown
 *   series quantity=NAME n=… frames=… last=V fs=HZ step=K bin-hz=… peak-hz=…
 *                                                 the strip chart, with stats
 *
 * Each function returns newly allocated text, one or more lines each ending
 * in '\n' (possibly empty). GTK-free.
 */
#pragma once

#include <glib.h>

#include "daoview-analysis.h"
#include "daoview-names.h"
#include "daoview-plot.h"
#include "daoview-session.h"

G_BEGIN_DECLS

char *daoview_report_state (const DaoviewStreamStatus *status);
char *daoview_report_stats (const DaoviewSessionReport *report);

/* The histogram and frame figures, then the selection's and the spot's;
 * only the selection's and the spot's when selection_only (a drag on the
 * image). */
char *daoview_report_analysis (const DaoviewAnalysis *analysis, gboolean selection_only);

/* error NULL: saved. counter: the frame saved; scale: a view's magnification. */
char *daoview_report_saved (DaoviewSaveKind kind, const char *path, guint64 counter, int scale,
                            const GError *error);

/* The plot's data rectangle (area) drawn at (x, y) of the window. */
char *daoview_report_plot_area (double x, double y, const DaoviewPlotArea *area);

/* What a plot shows (daoview_status_text_plot_title, stable). */
char *daoview_report_plot (const char *what);

/* image_area: x, y, width, height of the image in the screenshot, or NULL. */
char *daoview_report_screenshot (const char *path, const double *image_area);

/* The window's size, where the image view, the image in it and the
 * colour bar are (colorbar NULL when hidden), and the zoom (fit: best
 * fit). */
char *daoview_report_layout (int width, int height, const double view[4], const double image[4],
                             const double *colorbar, double zoom, gboolean fit);
/* The history and series lines of a session (daoview-report-time.c). */
char *daoview_report_time (DaoviewSession *session);

/* Write text to standard output at once (scripts read it line by line). */
void daoview_report_print (const char *text);

G_END_DECLS
