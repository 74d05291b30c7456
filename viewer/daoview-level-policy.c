/* daoview-level-policy.c — level modes and policies on top of the render layer. */
#include "daoview-level-policy.h"

#include <string.h>

static const char *const mode_names[DAOVIEW_N_LEVEL_MODES] = { "minmax", "percentile", "manual" };
static const char *const policy_names[DAOVIEW_N_LEVEL_POLICIES] = { "follow", "freeze", "manual" };

void
daoview_level_state_init (DaoviewLevelState *levels)
{
  memset (levels, 0, sizeof *levels);
  levels->mode = DAOVIEW_LEVEL_MODE_MINMAX;
  levels->policy = DAOVIEW_LEVEL_POLICY_FOLLOW;
  levels->percentile_low = 0.5;
  levels->percentile_high = 99.5;
  levels->manual_low = 0;
  levels->manual_high = 1;
  levels->percentile_interval = 0.25;
}

void
daoview_level_state_reset (DaoviewLevelState *levels)
{
  levels->valid = 0;
}

int
daoview_level_is_signed (dao_type type, DaoviewComplexPart part)
{
  switch (type)
    {
    case DAO_INT8:
    case DAO_INT16:
    case DAO_INT32:
    case DAO_INT64:
    case DAO_FLOAT:
    case DAO_DOUBLE:
      return 1;
    case DAO_COMPLEX_FLOAT:
    case DAO_COMPLEX_DOUBLE:
      return part != DAOVIEW_COMPLEX_AMPLITUDE;
    default:
      return 0;
    }
}

int
daoview_level_state_update (DaoviewLevelState *levels, dao_type type, const void *data,
                            size_t count, DaoviewComplexPart part, double now)
{
  double low = levels->low, high = levels->high;
  int manual = levels->mode == DAOVIEW_LEVEL_MODE_MANUAL
               || levels->policy == DAOVIEW_LEVEL_POLICY_MANUAL;

  if (manual)
    {
      low = levels->manual_low;
      high = levels->manual_high;
    }
  else if (levels->valid && levels->policy == DAOVIEW_LEVEL_POLICY_FREEZE)
    {
      return 0;
    }
  else if (levels->mode == DAOVIEW_LEVEL_MODE_PERCENTILE)
    {
      /* A histogram per displayed frame would cost more than the drawing;
       * levels that lag by a quarter second are not visible. */
      if (levels->valid && now - levels->computed_at < levels->percentile_interval)
        return 0;
      if (daoview_levels_percentile (type, data, count, part, levels->percentile_low,
                                     levels->percentile_high, &low, &high) < 0
          && levels->valid)
        return 0;
    }
  else
    {
      /* A frame with no finite value keeps the previous levels, if any. */
      if (daoview_levels_minmax (type, data, count, part, &low, &high) < 0 && levels->valid)
        return 0;
    }

  if (levels->symmetric && !manual)
    daoview_levels_symmetric (&low, &high);

  int changed = !levels->valid || low != levels->low || high != levels->high;
  levels->low = low;
  levels->high = high;
  levels->valid = 1;
  levels->computed_at = now;
  return changed;
}

const char *
daoview_level_mode_name (DaoviewLevelMode mode)
{
  return (unsigned) mode < DAOVIEW_N_LEVEL_MODES ? mode_names[mode] : NULL;
}

int
daoview_level_mode_from_name (const char *name)
{
  for (int i = 0; name && i < DAOVIEW_N_LEVEL_MODES; i++)
    if (strcmp (name, mode_names[i]) == 0)
      return i;
  return -1;
}

const char *
daoview_level_policy_name (DaoviewLevelPolicy policy)
{
  return (unsigned) policy < DAOVIEW_N_LEVEL_POLICIES ? policy_names[policy] : NULL;
}

int
daoview_level_policy_from_name (const char *name)
{
  for (int i = 0; name && i < DAOVIEW_N_LEVEL_POLICIES; i++)
    if (strcmp (name, policy_names[i]) == 0)
      return i;
  return -1;
}
