/* daoview-contrast.h — setting the levels by hand: the arithmetic behind
 * the gestures, so that it is the same wherever it is done and tested
 * without a display. GTK-free, no GLib.
 *
 * Every function starts from the levels at the start of the gesture (low0,
 * high0) and the distance moved since, so a drag that goes back to where it
 * started gives the starting levels back exactly, and the results are
 * always finite with low < high (a span that would vanish keeps a floor of
 * 1e-12 of the levels' magnitude, or 1e-300).
 *
 * - The colour bar (daoview_contrast_bar): dragging its middle moves both
 *   levels with the pointer; dragging within DAOVIEW_CONTRAST_BAR_END of an
 *   end moves that end only (stretching the map). `fraction` is the
 *   distance moved up, as a fraction of the bar's height: the value under
 *   the pointer stays under it.
 * - The image, with the right button (DS9's bias and contrast,
 *   daoview_contrast_bias): moving right by a fraction dx of the view's
 *   width moves both levels down by dx of the span (the image brightens);
 *   moving up by dy narrows the span by a factor e^(3 dy) (more contrast),
 *   down widens it, about its centre.
 * - The wheel over the colour bar (daoview_contrast_zoom): each step
 *   narrows (steps > 0) or widens the span by 10 % about its centre.
 */
#ifndef DAOVIEW_CONTRAST_H
#define DAOVIEW_CONTRAST_H

/* Which part of the colour bar a drag started on. */
typedef enum {
  DAOVIEW_CONTRAST_MOVE, /* the middle: both levels */
  DAOVIEW_CONTRAST_LOW,  /* the bottom end: low only */
  DAOVIEW_CONTRAST_HIGH, /* the top end: high only */
} DaoviewContrastGrip;

/* The ends' grips, as a fraction of the bar's height. */
#define DAOVIEW_CONTRAST_BAR_END 0.15

/* The grip at height `position` of the bar, 0 at the bottom (low) and 1 at
 * the top (high). */
DaoviewContrastGrip daoview_contrast_grip (double position);

void daoview_contrast_bar (double low0, double high0, DaoviewContrastGrip grip, double fraction,
                           double *low, double *high);

void daoview_contrast_bias (double low0, double high0, double dx, double dy, double *low, double *high);

void daoview_contrast_zoom (double low0, double high0, double steps, double *low, double *high);

#endif /* DAOVIEW_CONTRAST_H */
