/* daoview-timeseries.h — a quantity over the last N seconds: one sample
 * (frame counter, write time, value) per frame the viewer looked at, and
 * the temporal power spectrum of it.
 *
 * Samples come in counter order; one whose counter is not above the last
 * is dropped (a frame seen twice). The series keeps the samples whose write
 * time lies within `seconds` of the newest one's.
 *
 * Which frames: daoview copies only the newest frame each time it draws
 * (at most the display rate), so a faster stream leaves gaps; where the
 * stream is a FIFO, the frames of each gap that it still holds are copied
 * too (daoview-session.h), so a stream slower than depth × the display rate
 * is sampled at every frame. The spectrum says what it could use.
 *
 * The spectrum (daoview_timeseries_spectrum): the samples are put on a
 * regular grid of `step` frames, step the median difference of consecutive
 * counters (1 when every frame was sampled), each grid value interpolated
 * linearly in counter between the samples around it. The frame period is
 * the write times' (newest − oldest) / (counters' newest − oldest), so the
 * sampling rate is fs = 1 / (step × period) and the frequency axis is in
 * Hz whatever the display did. The grid's mean is removed, a Hann window
 * applied and the grid zero-padded to a power of two N; the one-sided power
 * spectral density is P(k) = c |X(k)|² / (fs Σ w²) at f = k fs / N,
 * k = 0 … N/2, c = 2 except at 0 and fs/2 (units²/Hz: its sum times
 * fs / N is the series' variance, less the window's leakage). GLib, no GTK.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DAOVIEW_TIMESERIES_MAX_SAMPLES (1u << 20)

typedef struct {
  guint64 counter;
  double time;  /* write time, seconds (any origin: the CLOCK_REALTIME stamp / 1e9) */
  double value;
} DaoviewSample;

typedef struct DaoviewTimeseries DaoviewTimeseries;

DaoviewTimeseries *daoview_timeseries_new (double seconds);
void daoview_timeseries_free (DaoviewTimeseries *series);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaoviewTimeseries, daoview_timeseries_free)

void daoview_timeseries_set_seconds (DaoviewTimeseries *series, double seconds);
double daoview_timeseries_get_seconds (const DaoviewTimeseries *series);
void daoview_timeseries_clear (DaoviewTimeseries *series);

/* Add a sample; FALSE when dropped (counter not above the last one's, or
 * a non-finite time). A NaN value is kept (the line breaks there). */
gboolean daoview_timeseries_add (DaoviewTimeseries *series, guint64 counter, double time, double value);

guint daoview_timeseries_length (const DaoviewTimeseries *series);
/* Sample i, oldest first (0 … length - 1). */
const DaoviewSample *daoview_timeseries_sample (const DaoviewTimeseries *series, guint i);
/* The counter of the newest sample, or 0. */
guint64 daoview_timeseries_last_counter (const DaoviewTimeseries *series);

/* The samples on the spectrum's regular grid (see above): n values, one
 * every `step` frames of `period` seconds, from first_time to last_time.
 * For drawing the series and computing its spectrum. */
typedef struct {
  guint n;
  double *values; /* owned */
  guint step;
  double period;
  double first_time, last_time;
} DaoviewGrid;

gboolean daoview_timeseries_grid (const DaoviewTimeseries *series, DaoviewGrid *out);
void daoview_grid_clear (DaoviewGrid *grid);

typedef struct {
  guint n_bins;       /* N/2 + 1; 0 when there is no spectrum */
  double *psd;        /* n_bins values, units² / Hz; owned */
  double bin_width;   /* Hz: fs / N */
  double sample_rate; /* fs, Hz */
  guint step;         /* frames between two grid points */
  guint n_points;     /* grid points used (before zero-padding) */
} DaoviewSpectrum;

/* The spectrum of the series (see above), into *out (cleared first).
 * FALSE (and n_bins 0) with fewer than 8 finite samples or write times
 * that do not advance. */
gboolean daoview_timeseries_spectrum (const DaoviewTimeseries *series, DaoviewSpectrum *out);
void daoview_spectrum_clear (DaoviewSpectrum *spectrum);

/* The frequency of the highest bin above 0 Hz, or NaN. */
double daoview_spectrum_peak (const DaoviewSpectrum *spectrum);

/* The series as text: a header line "counter,time,NAME", then one line per
 * sample (time in seconds with nanoseconds, %.17g values). */
char *daoview_timeseries_to_csv (const DaoviewTimeseries *series, const char *name);

/* The series as a .npy file of float64, shape (length, 3): counter, time,
 * value per row. FALSE with *error when it cannot be written. */
gboolean daoview_timeseries_save_npy (const DaoviewTimeseries *series, const char *path,
                                      GError **error);

G_END_DECLS
