/* daoview-levels.c — choosing low and high: min/max of the finite values,
 * symmetric levels, and the mode and policy on top of them (percentiles:
 * daoview-percentile.c; see daoview-levels.h). Where the CPU has AVX2 the
 * min/max of float32 and the 32-bit integers is daoview-levels-avx2.c's. */
#include <math.h>
#include <string.h>

#include "daoview-element-private.h"
#include "daoview-levels.h"
#include "daoview-levels-avx2.h"
#include "daoview-row-sums.h"

/* Integer types up to 32 bits: min/max in the element's own type
 * (vectorises). */
#define DEFINE_INT_MINMAX(name, ctype)                                            \
    static void minmax_##name(const ctype *p, size_t count, double *low, double *high) \
    {                                                                             \
        ctype lo = p[0], hi = p[0];                                               \
        for (size_t i = 1; i < count; i++) {                                      \
            lo = p[i] < lo ? p[i] : lo;                                           \
            hi = p[i] > hi ? p[i] : hi;                                           \
        }                                                                         \
        *low = (double)lo;                                                        \
        *high = (double)hi;                                                       \
    }

DEFINE_INT_MINMAX(u8, uint8_t)
DEFINE_INT_MINMAX(i16, int16_t)
DEFINE_INT_MINMAX(u32, uint32_t)
DEFINE_INT_MINMAX(i32, int32_t)

/* uint16, the common camera type: SSE2 has a signed 16-bit min/max but not
 * an unsigned one, so flip the top bit (0 … 65535 becomes -32768 … 32767,
 * in the same order) and use that. */
static void minmax_u16(const uint16_t *p, size_t count, double *low, double *high)
{
    int16_t lo = INT16_MAX, hi = INT16_MIN;
    for (size_t i = 0; i < count; i++) {
        int16_t key = (int16_t)(p[i] ^ 0x8000u);
        lo = key < lo ? key : lo;
        hi = key > hi ? key : hi;
    }
    *low = (double)((uint16_t)lo ^ 0x8000u);
    *high = (double)((uint16_t)hi ^ 0x8000u);
}

/* int8: SSE2 has an unsigned byte min/max but not a signed one, so the
 * same flip the other way (-128 … 127 becomes 0 … 255, in order). */
static void minmax_i8(const int8_t *p, size_t count, double *low, double *high)
{
    uint8_t lo = UINT8_MAX, hi = 0;
    for (size_t i = 0; i < count; i++) {
        uint8_t key = (uint8_t)((uint8_t)p[i] ^ 0x80u);
        lo = key < lo ? key : lo;
        hi = key > hi ? key : hi;
    }
    *low = (double)(int8_t)(lo ^ 0x80u);
    *high = (double)(int8_t)(hi ^ 0x80u);
}

/* float32, the common floating camera type, as integers: a finite float's
 * bits, with the magnitude bits flipped when the sign is set, order like the
 * floats themselves as int32. Integer compares and selects vectorise with
 * plain SSE2, float ones (NaN-aware min/max) do not without -ffast-math.
 * Non-finite values (exponent all ones) are replaced by the sentinels, which
 * are keys of NaNs and so never the key of a finite value. */
static inline int32_t float_key(uint32_t bits)
{
    return (int32_t)(bits ^ ((0u - (bits >> 31)) >> 1));
}

static int minmax_f32(const float *p, size_t count, double *low, double *high)
{
    int32_t lo = INT32_MAX, hi = INT32_MIN;
    for (size_t i = 0; i < count; i++) {
        uint32_t bits;
        memcpy(&bits, p + i, sizeof bits);
        int32_t key = float_key(bits);
        /* All ones for NaN/Inf: masks rather than ?:, which GCC 12 would not
         * vectorise inside a min/max reduction. */
        uint32_t bad = 0u - (uint32_t)((bits & 0x7f800000u) == 0x7f800000u);
        int32_t for_min = (int32_t)(((uint32_t)key & ~bad) | (0x7fffffffu & bad));
        int32_t for_max = (int32_t)(((uint32_t)key & ~bad) | (0x80000000u & bad));
        lo = for_min < lo ? for_min : lo;
        hi = for_max > hi ? for_max : hi;
    }
    if (lo > hi)
        return -1;
    /* The key transform is its own inverse. */
    uint32_t lo_bits = (uint32_t)float_key((uint32_t)lo), hi_bits = (uint32_t)float_key((uint32_t)hi);
    float lo_value, hi_value;
    memcpy(&lo_value, &lo_bits, sizeof lo_value);
    memcpy(&hi_value, &hi_bits, sizeof hi_value);
    *low = lo_value;
    *high = hi_value;
    return 0;
}

/* The wider types (64-bit integers, float64, complex parts): the extremes
 * kernel of daoview-row-sums.h (AVX2 where the CPU has it), in runs that
 * fit its unsigned count. Its doubles round 64-bit integers in a way that
 * keeps their order, so the levels are their own type's min and max. */
static int minmax_rows(int getter, const void *data, size_t count, double *low, double *high)
{
    const size_t run = (size_t)1 << 30;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < count; i += run) {
        double l, h, sum;
        size_t finite;
        daoview__row_extremes(getter, data, i, (unsigned)(count - i < run ? count - i : run), &l, &h,
                              &sum, &finite);
        lo = l < lo ? l : lo;
        hi = h > hi ? h : hi;
    }
    if (!(lo <= hi))
        return -1;
    *low = lo;
    *high = hi;
    return 0;
}

int daoview_levels_minmax(dao_type type, const void *data, size_t count,
                          DaoviewComplexPart part, double *low, double *high)
{
    double lo = 0.0, hi = 0.0;
    int ret = -1;
    int getter = daoview__getter_for(type, part);
    int fast = data && count > 0 && getter >= 0 ? daoview__minmax_avx2(getter, data, count, &lo, &hi)
                                                : -1;
    if (fast >= 0) {
        ret = fast ? 0 : -1;
    } else if (data && count > 0 && getter >= 0) {
        ret = 0;
        switch (getter) {
        case DAOVIEW__GET_u8: minmax_u8(data, count, &lo, &hi); break;
        case DAOVIEW__GET_i8: minmax_i8(data, count, &lo, &hi); break;
        case DAOVIEW__GET_u16: minmax_u16(data, count, &lo, &hi); break;
        case DAOVIEW__GET_i16: minmax_i16(data, count, &lo, &hi); break;
        case DAOVIEW__GET_u32: minmax_u32(data, count, &lo, &hi); break;
        case DAOVIEW__GET_i32: minmax_i32(data, count, &lo, &hi); break;
        case DAOVIEW__GET_f32: ret = minmax_f32(data, count, &lo, &hi); break;
        default: ret = minmax_rows(getter, data, count, &lo, &hi); break;
        }
    }
    if (ret < 0)
        lo = hi = 0.0;
    if (low)
        *low = lo;
    if (high)
        *high = hi;
    return ret;
}

void daoview_levels_symmetric(double *low, double *high)
{
    if (!low || !high)
        return;
    double m = fmax(fabs(*low), fabs(*high));
    *low = -m;
    *high = m;
}

bool daoview_level_is_signed(dao_type type, DaoviewComplexPart part)
{
    switch (type) {
    case DAO_INT8:
    case DAO_INT16:
    case DAO_INT32:
    case DAO_INT64:
    case DAO_FLOAT:
    case DAO_DOUBLE:
        return true;
    case DAO_COMPLEX_FLOAT:
    case DAO_COMPLEX_DOUBLE:
        return part != DAOVIEW_COMPLEX_AMPLITUDE;
    default:
        return false;
    }
}

/* ---- policy ------------------------------------------------------------- */

void daoview_level_state_init(DaoviewLevelState *levels)
{
    memset(levels, 0, sizeof *levels);
    levels->mode = DAOVIEW_LEVEL_MODE_MINMAX;
    levels->policy = DAOVIEW_LEVEL_POLICY_FOLLOW;
    levels->percentile_low = 0.5;
    levels->percentile_high = 99.5;
    levels->manual_low = 0;
    levels->manual_high = 1;
    levels->percentile_interval = 0.25;
}

void daoview_level_state_reset(DaoviewLevelState *levels)
{
    levels->valid = false;
}

bool daoview_level_state_is_manual(const DaoviewLevelState *levels)
{
    return levels->mode == DAOVIEW_LEVEL_MODE_MANUAL
           || levels->policy == DAOVIEW_LEVEL_POLICY_MANUAL;
}

void daoview_level_state_set_policy(DaoviewLevelState *levels, DaoviewLevelPolicy policy)
{
    if (policy == DAOVIEW_LEVEL_POLICY_MANUAL && levels->policy != policy && levels->valid) {
        levels->manual_low = levels->low;
        levels->manual_high = levels->high;
    }
    levels->policy = policy;
}

int daoview_level_state_update(DaoviewLevelState *levels, dao_type type, const void *data,
                               size_t count, DaoviewComplexPart part, double now)
{
    double low = levels->low, high = levels->high;
    bool manual = daoview_level_state_is_manual(levels);

    if (manual) {
        low = levels->manual_low;
        high = levels->manual_high;
    } else if (levels->valid && levels->policy == DAOVIEW_LEVEL_POLICY_FREEZE) {
        return 0;
    } else if (levels->mode == DAOVIEW_LEVEL_MODE_PERCENTILE) {
        /* A histogram per displayed frame would cost more than the drawing;
         * levels that lag by a quarter second are not visible. */
        if (levels->valid && now - levels->computed_at < levels->percentile_interval)
            return 0;
        if (daoview_levels_percentile(type, data, count, part, levels->percentile_low,
                                      levels->percentile_high, &low, &high) < 0
            && levels->valid)
            return 0;
    } else {
        /* A frame with no finite value keeps the previous levels, if any. */
        if (daoview_levels_minmax(type, data, count, part, &low, &high) < 0 && levels->valid)
            return 0;
    }

    if (levels->symmetric && !manual)
        daoview_levels_symmetric(&low, &high);

    int changed = !levels->valid || low != levels->low || high != levels->high;
    levels->low = low;
    levels->high = high;
    levels->valid = true;
    levels->computed_at = now;
    return changed;
}
