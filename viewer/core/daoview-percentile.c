/* daoview-percentile.c — percentile levels, exact (see daoview-levels.h).
 *
 * Small-span integers: one histogram bin per value, one pass. Everything
 * else: radix selection on order-preserving keys of the values (below). No
 * tolerance either way: the result is the element of the requested rank
 * (complex phase: as the display computes it, see daoview-render.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "daoview-element-private.h"
#include "daoview-levels.h"

/* Integer data spanning fewer values gets one bin per value. */
#define HIST_BINS 65536u

/* ---- one bin per value -------------------------------------------------- */

#define DEFINE_INT_HISTOGRAM(name, ctype)                                         \
    static void histogram_##name(const ctype *p, size_t count, double min,        \
                                 uint32_t *bins)                                  \
    {                                                                             \
        int64_t offset = (int64_t)min;                                            \
        for (size_t i = 0; i < count; i++)                                        \
            bins[(int64_t)p[i] - offset]++;                                       \
    }

DEFINE_INT_HISTOGRAM(u8, uint8_t)
DEFINE_INT_HISTOGRAM(i8, int8_t)
DEFINE_INT_HISTOGRAM(u16, uint16_t)
DEFINE_INT_HISTOGRAM(i16, int16_t)
DEFINE_INT_HISTOGRAM(u32, uint32_t)
DEFINE_INT_HISTOGRAM(i32, int32_t)

/* The bin holding the element of rank `rank` (0-based), in sorted order. */
static size_t bin_of_rank(const uint32_t *bins, size_t nbins, uint64_t rank)
{
    uint64_t seen = 0;
    for (size_t b = 0; b < nbins; b++) {
        seen += bins[b];
        if (seen > rank)
            return b;
    }
    return nbins - 1;
}

/* ---- radix selection on order-preserving keys ----------------------------
 *
 * A finite double's bits, with all bits flipped for negatives and the sign
 * bit set for positives, compare as unsigned integers like the doubles
 * themselves. Selecting the element of rank r then takes one histogram of
 * the top 16 key bits, one of the next 16 bits among the values sharing the
 * chosen top bits, and so on: 4 passes give the exact element for any
 * double data, however wide its range (a hot pixel at 1e30 changes
 * nothing), 2 passes for float32 with 32-bit keys. Both ends are selected
 * in the same passes. */

static inline uint64_t key64(double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    return u >> 63 ? ~u : u | 0x8000000000000000u;
}

static inline double value64(uint64_t key)
{
    uint64_t u = key >> 63 ? key & ~0x8000000000000000u : ~key;
    double v;
    memcpy(&v, &u, sizeof v);
    return v;
}

static inline uint64_t key32(double v)
{
    float f = (float)v; /* exact: only used for float32 data */
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u >> 31 ? (uint32_t)~u : u | 0x80000000u;
}

static inline double value32(uint64_t key)
{
    uint32_t k = (uint32_t)key;
    uint32_t u = k >> 31 ? k & ~0x80000000u : ~k;
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

#define RADIX_BITS 16
#define RADIX (1u << RADIX_BITS)

typedef struct {
    uint64_t prefix; /* key bits chosen so far */
    uint64_t rank;   /* rank among the values with that prefix */
} Selection;

/* One pass at `shift`: histograms of key bits [shift, shift + 16) of the
 * finite values whose higher bits equal each selection's prefix (at the
 * first level there are none: one histogram serves both). */
static inline DAOVIEW__ALWAYS_INLINE void
radix_pass(const void *data, size_t count, DaoviewGetFn get, int float_keys, unsigned shift,
           int first, const Selection *sel, uint32_t *hist_lo, uint32_t *hist_hi)
{
    const uint64_t prefix_lo = sel[0].prefix, prefix_hi = sel[1].prefix;
    const unsigned above = shift + RADIX_BITS;
    for (size_t i = 0; i < count; i++) {
        double v = get(data, i);
        if (!(v - v == 0.0)) /* NaN or ±Inf */
            continue;
        uint64_t key = float_keys ? key32(v) : key64(v);
        uint32_t digit = (uint32_t)(key >> shift) & (RADIX - 1);
        if (first) {
            hist_lo[digit]++;
            continue;
        }
        uint64_t prefix = key >> above; /* above < 64: shift <= 48 */
        if (prefix == prefix_lo)
            hist_lo[digit]++;
        if (prefix == prefix_hi)
            hist_hi[digit]++;
    }
}

/* float32 data: the same on the raw bits, with no conversion to double (the
 * common floating camera type; twice as fast). */
static void radix_pass_f32(const float *data, size_t count, unsigned shift, int first,
                           const Selection *sel, uint32_t *hist_lo, uint32_t *hist_hi)
{
    const uint32_t prefix_lo = (uint32_t)sel[0].prefix, prefix_hi = (uint32_t)sel[1].prefix;
    for (size_t i = 0; i < count; i++) {
        uint32_t u;
        memcpy(&u, data + i, sizeof u);
        if ((u & 0x7f800000u) == 0x7f800000u) /* NaN or ±Inf */
            continue;
        uint32_t key = u >> 31 ? ~u : u | 0x80000000u;
        uint32_t digit = (key >> shift) & (RADIX - 1);
        if (first) {
            hist_lo[digit]++;
            continue;
        }
        uint32_t prefix = key >> RADIX_BITS; /* two levels: shift is 0 here */
        /* Branches, not adds of 0: most values match neither prefix. */
        if (prefix == prefix_lo)
            hist_lo[digit]++;
        if (prefix == prefix_hi)
            hist_hi[digit]++;
    }
}

/* Chooses the digit holding sel->rank and makes the rank relative to it. */
static void choose_digit(Selection *sel, const uint32_t *hist)
{
    uint64_t seen = 0;
    uint32_t d = 0;
    for (; d < RADIX - 1; d++) {
        if (seen + hist[d] > sel->rank)
            break;
        seen += hist[d];
    }
    sel->rank -= seen;
    sel->prefix = (sel->prefix << RADIX_BITS) | d;
}

/* Nearest rank: round(p / 100 * (n - 1)), p clamped to [0, 100]. */
static uint64_t rank_of(double percent, uint64_t n)
{
    if (!(percent > 0.0))
        return 0;
    if (percent >= 100.0)
        return n - 1;
    return (uint64_t)(percent / 100.0 * (double)(n - 1) + 0.5);
}

static int percentile_radix(int getter, const void *data, size_t count, int float_keys,
                            double low_percent, double high_percent, double *low, double *high)
{
    uint32_t *hist = malloc(2 * RADIX * sizeof *hist);
    if (!hist)
        return -1;
    uint32_t *hist_lo = hist, *hist_hi = hist + RADIX;
    Selection sel[2] = {{0, 0}, {0, 0}};
    int levels = float_keys ? 2 : 4;
    for (int level = 0; level < levels; level++) {
        unsigned shift = (unsigned)(RADIX_BITS * (levels - 1 - level));
        memset(hist, 0, 2 * RADIX * sizeof *hist);
        if (float_keys)
            radix_pass_f32(data, count, shift, level == 0, sel, hist_lo, hist_hi);
        else switch (getter) {
#define CASE(id, fn)                                                              \
        case DAOVIEW__GET_##id:                                                 \
            radix_pass(data, count, daoview__get_##fn, float_keys, shift, level == 0, sel, \
                       hist_lo, hist_hi);                                          \
            break;
            DAOVIEW__FOR_EACH_DISPLAY_GETTER(CASE)
#undef CASE
        }
        if (level == 0) {
            /* Every finite value is in the first histogram: n, and the ranks. */
            uint64_t n = 0;
            for (uint32_t d = 0; d < RADIX; d++)
                n += hist_lo[d];
            sel[0].rank = rank_of(low_percent, n);
            sel[1].rank = rank_of(high_percent, n);
            choose_digit(&sel[0], hist_lo);
            choose_digit(&sel[1], hist_lo);
        } else {
            choose_digit(&sel[0], hist_lo);
            choose_digit(&sel[1], hist_hi);
        }
    }
    free(hist);
    *low = float_keys ? value32(sel[0].prefix) : value64(sel[0].prefix);
    *high = float_keys ? value32(sel[1].prefix) : value64(sel[1].prefix);
    return 0;
}

int daoview_levels_percentile(dao_type type, const void *data, size_t count,
                              DaoviewComplexPart part, double low_percent,
                              double high_percent, double *low, double *high)
{
    double min, max, ignored;
    if (!low)
        low = &ignored;
    if (!high)
        high = &ignored;
    if (daoview_levels_minmax(type, data, count, part, &min, &max) < 0) {
        *low = *high = 0.0;
        return -1;
    }
    if (min == max || count > UINT32_MAX) {
        /* Constant data, or too many elements for 32-bit bins: min/max. */
        *low = min;
        *high = max;
        return 0;
    }

    int getter = daoview__getter_for(type, part);
    /* 64-bit integers go through doubles (which cannot hold them all exactly),
     * so only types up to 32 bits get one bin per value. */
    int small_int = type == DAO_UINT8 || type == DAO_INT8 || type == DAO_UINT16 ||
                    type == DAO_INT16 || type == DAO_UINT32 || type == DAO_INT32;
    if (!small_int || max - min >= (double)HIST_BINS) {
        if (percentile_radix(getter, data, count, type == DAO_FLOAT, low_percent, high_percent,
                             low, high) < 0) {
            *low = min;
            *high = max;
            return -1;
        }
        return 0;
    }

    size_t nbins = (size_t)(max - min) + 1;
    uint32_t *bins = calloc(nbins, sizeof *bins);
    if (!bins) {
        *low = min;
        *high = max;
        return -1;
    }
    switch (getter) {
#define CASE(name)                                                                \
    case DAOVIEW__GET_##name: histogram_##name(data, count, min, bins); break;
        CASE(u8) CASE(i8) CASE(u16) CASE(i16) CASE(u32) CASE(i32)
#undef CASE
    }
    /* Integers are all finite: n = count. */
    size_t bin_low = bin_of_rank(bins, nbins, rank_of(low_percent, count));
    size_t bin_high = bin_of_rank(bins, nbins, rank_of(high_percent, count));
    free(bins);
    *low = min + (double)bin_low;
    *high = min + (double)bin_high;
    return 0;
}
