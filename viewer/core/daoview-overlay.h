/* daoview-overlay.h — what is drawn over the image: a reticle (a
 * crosshair with a gap at its centre) at the frame's centre, at a position
 * set by hand, or following the spot's centroid; circles of given radii
 * about the reticle's point; and the outline of the region drawn (the
 * rectangle or line of the analysis). The geometry is here, GTK-free (GLib
 * only for numbers written without the locale's decimal comma); the
 * painting is daoview-overlay-painter.h, the same on screen and in a saved
 * view PNG.
 *
 * Image coordinates throughout: pixel (x, y) covers [x, x + 1) × [y, y + 1)
 * on screen, its centre at (x + 0.5, y + 0.5); the reticle points at pixel
 * centres or between them, as the frame's centre or a centroid fall.
 */
#ifndef DAOVIEW_OVERLAY_H
#define DAOVIEW_OVERLAY_H

#include <stdbool.h>

#include "daoview-psf.h"

typedef enum {
  DAOVIEW_RETICLE_OFF,
  DAOVIEW_RETICLE_CENTRE,   /* the frame's centre, ((w − 1) / 2, (h − 1) / 2) */
  DAOVIEW_RETICLE_CENTROID, /* the spot's centroid (daoview-psf.h), once measured */
  DAOVIEW_RETICLE_POSITION, /* a pixel set by hand */
  DAOVIEW_N_RETICLES
} DaoviewReticle;

#define DAOVIEW_OVERLAY_MAX_RADII 8

typedef struct {
  DaoviewReticle reticle;
  double position_x, position_y;             /* POSITION, in pixels (centres on integers) */
  double radii[DAOVIEW_OVERLAY_MAX_RADII];   /* circles about the reticle's point, px */
  unsigned n_radii;
  bool show_circles;
  bool show_region;
} DaoviewOverlay;

/* No reticle, no position set (NaN), no circles, the region shown. */
void daoview_overlay_init (DaoviewOverlay *overlay);

/* Where the reticle points, in pixel coordinates (centres on integers),
 * for a width × height frame: true and (x, y), or false when there is none
 * (off, no frame, or the centroid not measured). psf may be NULL. */
bool daoview_overlay_point (const DaoviewOverlay *overlay, unsigned width, unsigned height,
                            const DaoviewPsfResult *psf, double *x, double *y);

/* The next reticle for the key that cycles them: off → centre → centroid
 * → the position set (if one was) → off. */
DaoviewReticle daoview_overlay_next_reticle (const DaoviewOverlay *overlay, bool have_position);

/* Radii from text such as "5,10, 20.5": up to DAOVIEW_OVERLAY_MAX_RADII
 * positive finite numbers. Returns how many (0 for "" or "none"), or -1
 * for anything else. The text written back is daoview_overlay_format_radii
 * ("5,10,20.5"), into buf of len bytes. */
int daoview_overlay_parse_radii (const char *text, double *radii, unsigned max);
void daoview_overlay_format_radii (const double *radii, unsigned n, char *buf, unsigned long len);

#endif /* DAOVIEW_OVERLAY_H */
