/* daoview-copy-budget.c — torn copies counted over two one-second windows
 * (see daoview-copy-budget.h). */
#include "daoview-copy-budget.h"

void
daoview_copy_budget_init (DaoviewCopyBudget *b, int64_t now_us)
{
  *b = (DaoviewCopyBudget) { .window_start_us = now_us };
}

/* Move on to a new window when the current one is over; a gap of more
 * than a window leaves nothing to remember. */
static void
roll (DaoviewCopyBudget *b, int64_t now_us)
{
  int64_t elapsed = now_us - b->window_start_us;
  if (elapsed < DAOVIEW_COPY_BUDGET_WINDOW_US)
    return;
  bool gap = elapsed >= 2 * DAOVIEW_COPY_BUDGET_WINDOW_US;
  b->last_attempts = gap ? 0 : b->attempts;
  b->last_torn = gap ? 0 : b->torn;
  b->attempts = b->torn = 0;
  b->window_start_us = now_us;
}

void
daoview_copy_budget_note (DaoviewCopyBudget *b, bool torn, int64_t duration_us, int64_t now_us)
{
  roll (b, now_us);
  b->attempts++;
  if (torn)
    {
      b->torn++;
      return;
    }
  /* A running mean that forgets: the machine's load changes. */
  b->whole++;
  b->copy_us = b->whole == 1 ? (double) duration_us : 0.8 * b->copy_us + 0.2 * (double) duration_us;
}

DaoviewCopyVerdict
daoview_copy_budget_verdict (DaoviewCopyBudget *b, double stream_hz, unsigned fifo_depth, int64_t now_us)
{
  roll (b, now_us);
  DaoviewCopyVerdict v = { 0 };
  v.attempts = b->attempts + b->last_attempts;
  v.torn = b->torn + b->last_torn;
  v.copy_ms = b->copy_us / 1000;
  v.period_ms = stream_hz > 0 ? 1000 / stream_hz : 0;
  v.exceeded = fifo_depth <= 1 && v.attempts >= DAOVIEW_COPY_BUDGET_MIN_ATTEMPTS && 2 * v.torn > v.attempts;
  return v;
}
