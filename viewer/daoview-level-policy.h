/* daoview-level-policy.h — which values map to the ends of the colormap, with no GTK.
 *
 * Two choices combine: how levels are computed from a frame (the mode:
 * min/max, percentile clip or manual values) and when they follow the data
 * (the policy: every frame, frozen after the first frame, or left where the
 * user put them). Percentiles need a histogram, so they are recomputed at a
 * lower rate than the display (every `percentile_interval` seconds).
 */
#ifndef DAOVIEW_LEVEL_POLICY_H
#define DAOVIEW_LEVEL_POLICY_H

#include <stddef.h>

#include "daoview-render.h"

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
  int symmetric;              /* ±max(|low|, |high|): diverging map on signed data */

  /* Result */
  double low, high;
  int valid; /* low/high come from a frame (or from manual values) */
  double computed_at; /* when low/high were last computed, seconds */
} DaoviewLevelState;

void daoview_level_state_init (DaoviewLevelState *levels);

/* Forget levels computed from earlier frames (a new stream shape or type,
 * or a change of mode), so the next update computes them afresh. */
void daoview_level_state_reset (DaoviewLevelState *levels);

/* Update low/high for a frame of `count` elements at time `now` (seconds,
 * any monotonic origin). Returns 1 if low or high changed, else 0. */
int daoview_level_state_update (DaoviewLevelState *levels, dao_type type, const void *data,
                                size_t count, DaoviewComplexPart part, double now);

/* Does this type (and complex part) hold negative values, so that the
 * diverging colormap should be centred on zero? */
int daoview_level_is_signed (dao_type type, DaoviewComplexPart part);

/* Stable names ("minmax", "percentile", "manual"; "follow", "freeze",
 * "manual") for settings and the command line; from_name returns -1. */
const char *daoview_level_mode_name (DaoviewLevelMode mode);
int daoview_level_mode_from_name (const char *name);
const char *daoview_level_policy_name (DaoviewLevelPolicy policy);
int daoview_level_policy_from_name (const char *name);

#endif /* DAOVIEW_LEVEL_POLICY_H */
