/* daoview-psf.h — the figures an AO engineer reads off a spot: background,
 * peak, flux, centroid, FWHM, encircled energy and a Strehl estimate,
 * measured on the displayed plane (daoview-plane.h: the frame as shown,
 * after the reference or dark). GTK-free, no GLib; one call per frame, so
 * that a strip chart can sample it at the display rate (≤ 1 ms at 1024²:
 * tests/core/bench-render prints its cost).
 *
 *     DaoviewPsfOptions o = DAOVIEW_PSF_OPTIONS_INIT;
 *     o.lambda_over_d = 2.1;                    // Nyquist-ish sampling
 *     DaoviewPsfResult r;
 *     if (daoview_psf_measure (daoview_pipeline_plane (p), &o, &r) == 0)
 *       printf ("%.2f %.2f  FWHM %.2f  SR %.2f\n", r.centroid_x, r.centroid_y, r.fwhm, r.strehl);
 *
 * The method, step by step (pixel (x, y) has its centre at (x, y)):
 *
 * 1. The window: options->x, y, width, height clipped to the plane (width
 *    or height 0: the whole plane). Non-finite pixels (NaN, ±Inf) are
 *    skipped everywhere.
 * 2. Background (options->background): BORDER, the median of the window's
 *    outermost ring of pixels, its noise 1.4826 × their median absolute
 *    deviation (the standard deviation for Gaussian noise, unmoved by the
 *    spot's wings where they reach the edge); NONE, 0 (a plane whose dark
 *    was subtracted); VALUE, options->background_value. Noise is 0 unless
 *    BORDER.
 * 3. Peak: the brightest pixel (the first in row order), minus the
 *    background. A hot pixel brighter than the spot wins: measure inside a
 *    rectangle drawn around the spot.
 * 4. Flux: the sum of (value − background) over the whole window, every
 *    finite pixel, no threshold (noise averages out; a threshold would not).
 * 5. FWHM: along the peak's row (x) and column (y), the distance between
 *    the two points where the value falls to half the profile's maximum
 *    above the background, each interpolated between the pixels either
 *    side of it by the parabola through the logarithms of those two and the
 *    one before them (a straight line where a logarithm is not defined).
 *    The maximum is that of the parabola through
 *    the logarithms of the peak pixel and its two neighbours (exact for a
 *    Gaussian): the peak pixel alone, a fraction of a pixel off the spot's
 *    centre, would read a 2-pixel spot up to 15 % too wide. The mean is
 *    (x + y) / 2. NaN where the profile does not fall to half inside the
 *    window. For a sampled Gaussian of FWHM ≥ 2 px it is within 1 % of the
 *    true FWHM wherever the spot sits on the pixels (test-daoview-psf).
 * 6. Centroid: the centre of gravity of (value − background) over the
 *    pixels that exceed the background by more than threshold_sigmas ×
 *    noise (with no noise: by more than 0), inside a box of half-width
 *    max(3 FWHM, 4) px about the peak (the whole window when the FWHM is
 *    unknown): noise pixels far from the spot, above the threshold by
 *    chance, would otherwise pull it towards the window's centre.
 * 7. Encircled energy (ee_radius > 0): the flux inside the circle of that
 *    radius about the centroid (pixels the circle cuts count by the part
 *    of them inside, on an 8 × 8 grid) over the flux of step 4.
 * 8. Strehl (peak-ratio method): the measured peak over flux, divided by
 *    the same ratio of the ideal PSF. With options->reference, the ideal is
 *    that plane (a measured or computed diffraction-limited PSF), measured
 *    by steps 1–4 with its own border background. Otherwise, with
 *    lambda_over_d > 0, it is the Airy pattern of a circular pupil with a
 *    central obstruction (fraction of the diameter), λ/D pixels per λ/D,
 *    unit flux, centred on the centroid, integrated over its brightest
 *    pixel — the one that holds the centroid, whose centre is
 *    (round(cx) − cx, round(cy) − cy) from it (daoview_psf_airy_pixel) —
 *    so a spot centred on a pixel corner is not read as aberrated, and a
 *    speckle or a clipped spot whose peak lies far from the centroid is
 *    not judged against the model's dark ring (a ratio of 30 where it
 *    should be below 1). Noise, pixel response and a background error all
 *    move it: it is an estimate.
 */
#ifndef DAOVIEW_PSF_H
#define DAOVIEW_PSF_H

#include <stdbool.h>
#include <stddef.h>

#include "daoview-plane.h"

typedef enum {
  DAOVIEW_PSF_BACKGROUND_BORDER, /* median of the window's outer ring (default) */
  DAOVIEW_PSF_BACKGROUND_NONE,   /* 0 */
  DAOVIEW_PSF_BACKGROUND_VALUE,  /* background_value */
} DaoviewPsfBackground;

typedef struct {
  unsigned x, y, width, height;  /* window; width or height 0: the whole plane */
  DaoviewPsfBackground background;
  double background_value;       /* VALUE */
  double threshold_sigmas;       /* centroid threshold in noise units (3) */
  double ee_radius;              /* px; <= 0: no encircled energy */
  double lambda_over_d;          /* px; > 0: Strehl against the Airy model */
  double obstruction;            /* central obstruction / diameter, [0, 1) */
  const DaoviewPlane *reference; /* not NULL: Strehl against this PSF instead */
} DaoviewPsfOptions;

#define DAOVIEW_PSF_OPTIONS_INIT { 0, 0, 0, 0, DAOVIEW_PSF_BACKGROUND_BORDER, 0, 3, 0, 0, 0, NULL }

typedef enum {
  DAOVIEW_STREHL_NONE,      /* not asked (no reference, no λ/D) */
  DAOVIEW_STREHL_MODEL,     /* against the Airy model */
  DAOVIEW_STREHL_REFERENCE, /* against options->reference */
} DaoviewStrehlMethod;

typedef struct {
  unsigned x0, y0, x1, y1; /* the window measured, corners included */
  size_t count;            /* finite pixels in it */
  double background, noise;
  double peak;             /* brightest pixel − background */
  unsigned peak_x, peak_y;
  double flux;             /* Σ (value − background) over the window */
  double centroid_x, centroid_y;
  double fwhm_x, fwhm_y, fwhm; /* px; NaN where unknown (step 5) */
  double ee_radius, ee;        /* fraction in [0, 1] or so; NaN when not asked */
  DaoviewStrehlMethod strehl_method;
  double strehl;               /* NaN when not asked or not measurable */
} DaoviewPsfResult;

/* Measure `plane` as above. Returns 0, or -1 when there is nothing to
 * measure: no frame, an empty window, no finite pixel, or no pixel above
 * the background (a flat frame); then every figure is NaN except the
 * window, count, background and noise, which are filled in where known. */
int daoview_psf_measure (const DaoviewPlane *plane, const DaoviewPsfOptions *options,
                         DaoviewPsfResult *out);

/* The fraction of a unit-flux Airy pattern (λ/D = lambda_over_d px,
 * central obstruction `obstruction` of the diameter) that falls in a
 * 1 × 1 px pixel whose centre is (dx, dy) px from the pattern's centre
 * (16 × 16 samples). π (1 − ε²) / (4 s²) for a point-like pixel at the
 * centre, less for a real one. NaN for lambda_over_d <= 0. */
double daoview_psf_airy_pixel (double lambda_over_d, double obstruction, double dx, double dy);

#endif /* DAOVIEW_PSF_H */
