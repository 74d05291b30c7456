/* daoview-levels.h — which values map to the ends of the colormap.
 *
 * Two layers in one place. The measurements: min/max and exact percentiles
 * of a frame's finite values (daoview-levels.c, daoview-percentile.c). The
 * policy on top of them: how levels are chosen (the mode: min/max,
 * percentile clip or manual values) and when they follow the data (the
 * policy: every frame, frozen after the first frame, or left where the user
 * put them). Percentiles need a histogram, so the policy recomputes them at
 * a lower rate than the display (every `percentile_interval` seconds).
 * GTK-free, no GLib.
 */
#ifndef DAOVIEW_LEVELS_H
#define DAOVIEW_LEVELS_H

#include <stdbool.h>
#include <stddef.h>

#include "daoview-render.h"

/* ---- measurements ------------------------------------------------------- */

/* Levels over `count` elements: finite values only (NaN and ±Inf are
 * skipped). Return 0, or -1 when no element is finite (then *low = *high = 0). */
int daoview_levels_minmax (dao_type type, const void *data, size_t count,
                           DaoviewComplexPart part, double *low, double *high);

/* Percentile levels (e.g. 0.5 and 99.5) of the finite values, exact (not
 * just to within a histogram bin, as first planned): the p-th percentile
 * is the element of rank round(p / 100 * (n - 1)) among the n finite
 * values in ascending order (p clamped to [0, 100], NaN as 0), so 0 and 100
 * give min and max. Integer types of up to 32 bits whose values span fewer
 * than 65536 take one histogram pass with a bin per value; other data takes
 * a radix selection on the values' bits (two passes for float32, four for
 * the rest), which no outlier can blur. (Complex phase: of the phase as
 * the display computes it, see daoview-render.h.) Returns -1 (levels 0, 0)
 * when no element is finite. Meant for a lower rate than the display: see
 * tests/core/bench-render for its cost. */
int daoview_levels_percentile (dao_type type, const void *data, size_t count,
                               DaoviewComplexPart part, double low_percent,
                               double high_percent, double *low, double *high);

/* Makes [low, high] symmetric about zero: ±max(|low|, |high|). For the
 * diverging colormap on signed data such as mirror commands. */
void daoview_levels_symmetric (double *low, double *high);

/* Does this type (and complex part) hold negative values, so that the
 * diverging colormap should be centred on zero? */
bool daoview_level_is_signed (dao_type type, DaoviewComplexPart part);

/* ---- policy ------------------------------------------------------------- */

typedef enum {
  DAOVIEW_LEVEL_MODE_MINMAX,
  DAOVIEW_LEVEL_MODE_PERCENTILE,
  DAOVIEW_LEVEL_MODE_MANUAL,
  DAOVIEW_N_LEVEL_MODES
} DaoviewLevelMode;

typedef enum {
  DAOVIEW_LEVEL_POLICY_FOLLOW,
  DAOVIEW_LEVEL_POLICY_FREEZE,
  DAOVIEW_LEVEL_POLICY_MANUAL,
  DAOVIEW_N_LEVEL_POLICIES
} DaoviewLevelPolicy;

typedef struct {
  /* Choices */
  DaoviewLevelMode mode;
  DaoviewLevelPolicy policy;
  double percentile_low, percentile_high; /* e.g. 0.5 and 99.5 */
  double manual_low, manual_high;
  double percentile_interval; /* seconds between two percentile computations */
  bool symmetric;             /* ±max(|low|, |high|): diverging map on signed data */

  /* Result */
  double low, high;
  bool valid;         /* low/high come from a frame (or from manual values) */
  double computed_at; /* when low/high were last computed, seconds */
} DaoviewLevelState;

void daoview_level_state_init (DaoviewLevelState *levels);

/* Forget levels computed from earlier frames (a new stream shape or type,
 * or a change of mode), so the next update computes them afresh. */
void daoview_level_state_reset (DaoviewLevelState *levels);

/* Are the levels the user's own (the manual mode, or the policy that keeps
 * them where they were put)? Then they ignore the data, and a plot's y range
 * is fixed to them too. */
bool daoview_level_state_is_manual (const DaoviewLevelState *levels);

/* Switch the policy. "Keep where I put them" starts from the levels on
 * screen, so choosing it never makes the image jump. */
void daoview_level_state_set_policy (DaoviewLevelState *levels, DaoviewLevelPolicy policy);

/* Update low/high for a frame of `count` elements at time `now` (seconds,
 * any monotonic origin). Returns 1 if low or high changed, else 0. */
int daoview_level_state_update (DaoviewLevelState *levels, dao_type type, const void *data,
                                size_t count, DaoviewComplexPart part, double now);

#endif /* DAOVIEW_LEVELS_H */
