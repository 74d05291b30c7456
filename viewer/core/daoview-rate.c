/* daoview-rate.c — rates from counts over time (see daoview-rate.h). */
#include "daoview-rate.h"

void
daoview_rate_start (DaoviewRate *rate, uint64_t count, int64_t now_us)
{
  rate->since_us = now_us;
  rate->since_count = count;
  rate->hz = 0;
  rate->estimated = false;
}

bool
daoview_rate_update (DaoviewRate *rate, uint64_t count, int64_t now_us)
{
  if (count < rate->since_count)
    {
      daoview_rate_start (rate, count, now_us);
      return true;
    }
  int64_t window = rate->estimated ? DAOVIEW_RATE_WINDOW_US : DAOVIEW_RATE_FIRST_US;
  int64_t elapsed = now_us - rate->since_us;
  if (elapsed < window || elapsed <= 0)
    return false;
  rate->hz = (double) (count - rate->since_count) * 1e6 / (double) elapsed;
  rate->estimated = true;
  rate->since_us = now_us;
  rate->since_count = count;
  return true;
}
