/* daoview-quantity.h — a number measured on every frame, for the strip
 * chart (daoview-timeseries.h): the value of a pixel, the mean or maximum
 * of a region, the spot's centroid or FWHM, the stream's rate. Each kind
 * is a row of one table (name, label, how it is measured), so that a new
 * one is one more row: the strip chart and --strip-chart list the table,
 * the window's menu names each.
 * The spot's centroid x and y and its FWHM (daoview-psf.h) are measured in
 * the region, or the whole plane, as the analysis panel measures them.
 * GLib, no GTK.
 */
#pragma once

#include <glib.h>

#include "daoview-plane.h"

G_BEGIN_DECLS

/* Where and on what a quantity is measured. */
typedef struct {
  int x, y;                   /* pixel: the one under the pointer, or chosen */
  gboolean have_region;       /* region: the rectangle; FALSE: the whole plane */
  unsigned region[4];         /* x0, y0, x1, y1, inclusive */
  double stream_rate;         /* Hz, the watcher's figure */
} DaoviewQuantityContext;

typedef struct {
  const char *name;  /* stable: --strip-chart, settings, CSV header */
  const char *label; /* for people, translated with _() where shown */
  /* The value, or NaN when it cannot be measured on this plane (a pixel
   * outside it, a region without a finite value). */
  double (*measure) (const DaoviewPlane *plane, const DaoviewQuantityContext *context);
} DaoviewQuantityClass;

/* The table: quantity i for i in 0 … daoview_quantity_count() - 1. */
guint daoview_quantity_count (void);
const DaoviewQuantityClass *daoview_quantity_get (guint index);

/* The quantity named `name`, or NULL. */
const DaoviewQuantityClass *daoview_quantity_find (const char *name);

G_END_DECLS
