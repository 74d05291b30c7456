/* daoview-zoom.h — zoom and pan arithmetic of the image view, with no GTK.
 *
 * The view draws image pixel (ix, iy) at widget point (ox + ix·zoom,
 * oy + iy·zoom). Zoom steps are powers of 2^(1/4) built with ldexp(), so the
 * steps pass exactly through 100 %, 200 %, 50 % … and a pixel at 1:1 is one
 * screen pixel, never 0.999 of one.
 */
#ifndef DAOVIEW_ZOOM_H
#define DAOVIEW_ZOOM_H

#define DAOVIEW_ZOOM_MIN (1.0 / 64.0)
#define DAOVIEW_ZOOM_MAX 256.0

/* The largest zoom at which an image_w × image_h image fits in the view
 * (it may magnify: AO frames are often 64² in an 800-pixel window). */
double daoview_zoom_best_fit (double view_w, double view_h, double image_w, double image_h);

/* The next zoom step strictly above / below `zoom`, clamped to the limits. */
double daoview_zoom_step_in (double zoom);
double daoview_zoom_step_out (double zoom);

/* New offset along one axis so that the image point under widget
 * coordinate `anchor` stays under it when the zoom goes from old to new. */
double daoview_zoom_anchor_offset (double offset, double anchor, double old_zoom,
                                   double new_zoom);

/* Keep the image in view along one axis: an image smaller than the view is
 * centred; a larger one may not leave a gap at either edge. */
double daoview_zoom_clamp_offset (double offset, double view_len, double image_len_scaled);

#endif /* DAOVIEW_ZOOM_H */
