/* daoview-report-time.c — the --print-state lines about time: the FIFO
 * history shown and the strip chart's series (see daoview-report.h). */
#include "daoview-report.h"

#include <math.h>

char *
daoview_report_time (DaoviewSession *session)
{
  GString *out = g_string_new (NULL);
  guint index, length;
  const DaoviewFrame *frame;

  if (daoview_session_get_history (session, &index, &length, &frame))
    g_string_append_printf (out, "history index=%u of=%u counter=%" G_GUINT64_FORMAT " time=%.9f\n",
                            index, length, frame->counter, frame->write_time_ns / 1e9);

  const DaoviewQuantityClass *quantity = daoview_session_get_quantity (session);
  DaoviewTimeseries *series = daoview_session_get_timeseries (session);
  guint n = daoview_timeseries_length (series);
  if (quantity && n > 0)
    {
      DaoviewSpectrum spectrum = { 0 };
      daoview_timeseries_spectrum (series, &spectrum);
      const DaoviewSample *first = daoview_timeseries_sample (series, 0);
      const DaoviewSample *last = daoview_timeseries_sample (series, n - 1);
      g_string_append_printf (out, "series quantity=%s n=%u frames=%" G_GUINT64_FORMAT " last=%g"
                              " fs=%g step=%u bin-hz=%g peak-hz=%g\n", quantity->name, n,
                              last->counter - first->counter + 1, last->value, spectrum.sample_rate,
                              spectrum.step, spectrum.bin_width, daoview_spectrum_peak (&spectrum));
      daoview_spectrum_clear (&spectrum);
    }
  return g_string_free (out, FALSE);
}
