/* daoview-printer.c — a window's signals to --print-state lines. The
 * formats are the core's (daoview-report.c); this file only listens. */
#include "daoview-printer.h"

#include "daoview-report.h"

static void
print (char *text)
{
  daoview_report_print (text);
  g_free (text);
}

static void
on_state_changed (DaoviewWindow *window, const DaoviewStreamStatus *status, gpointer data)
{
  print (daoview_report_state (status));
}

static void
on_report (DaoviewWindow *window, const DaoviewSessionReport *report, gpointer data)
{
  print (daoview_report_stats (report));
  print (daoview_report_time (daoview_window_get_session (window)));
}

static void
on_analysed (DaoviewWindow *window, const DaoviewAnalysis *analysis, gboolean selection_only,
             gpointer data)
{
  print (daoview_report_analysis (analysis, selection_only));
}

static void
on_saved (DaoviewWindow *window, int kind, const char *path, guint64 counter, int scale,
          const GError *error, gpointer data)
{
  print (daoview_report_saved (kind, path, counter, scale, error));
}

static void
on_plot_drawn (DaoviewWindow *window, double x, double y, const DaoviewPlotArea *area, const char *what,
               gpointer data)
{
  print (daoview_report_plot_area (x, y, area));
  print (daoview_report_plot (what));
}

static void
on_screenshot_taken (DaoviewWindow *window, const char *path, const double *image_area, gpointer data)
{
  print (daoview_report_screenshot (path, image_area));
}

static void
on_layout (DaoviewWindow *window, int width, int height, const double *view, const double *image,
           const double *colorbar, double zoom, gboolean fit, gpointer data)
{
  print (daoview_report_layout (width, height, view, image, colorbar, zoom, fit));
}

void
daoview_printer_attach (DaoviewWindow *window)
{
  g_signal_connect (window, "state-changed", G_CALLBACK (on_state_changed), NULL);
  g_signal_connect (window, "report", G_CALLBACK (on_report), NULL);
  g_signal_connect (window, "analysed", G_CALLBACK (on_analysed), NULL);
  g_signal_connect (window, "saved", G_CALLBACK (on_saved), NULL);
  g_signal_connect (window, "plot-drawn", G_CALLBACK (on_plot_drawn), NULL);
  g_signal_connect (window, "screenshot-taken", G_CALLBACK (on_screenshot_taken), NULL);
  g_signal_connect (window, "layout", G_CALLBACK (on_layout), NULL);
}
