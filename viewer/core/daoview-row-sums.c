/* daoview-row-sums.c — the loops over many pixels of the spot measurement
 * and the strip chart's region mean and maximum (see daoview-row-sums.h).
 *
 * 8- and 16-bit cameras have integer loops for the peak and sum (exact
 * sums, which vectorise). Everything else runs one kernel per getter with
 * AVX2 where the CPU has it (asked once per row: a flag libgcc set at
 * start), eight elements an iteration read in place as doubles
 * (daoview-load4-private.h). Elsewhere a chunk of the run is converted to
 * doubles by the getter (a loop of a constant count, which the compiler
 * vectorises) and a portable kernel of two-lane vector types (SSE2 on any
 * x86-64, NEON) takes it. On float32 at 1024² the spot went from 1.5 to
 * 0.6 ms (bench-render, psf).
 *
 * Every type takes the same kernel, with the same order of additions, so
 * integer-valued frames of any type give the same figures
 * (tests/core/test-daoview-psf). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "daoview-load4-private.h"
#include "daoview-row-sums.h"


#define CHUNK 256

/* ---- 8- and 16-bit peak and sum ------------------------------------------ */

/* Exact sums in 32 bits over runs of at most 65536 elements (65535 × 65536
 * < 2³²), which vectorise as 32-bit adds, then added up in 64 bits; the
 * maximum in the type. No NaN to look for: one pass at memory speed, the
 * usual camera's case. */
#define SMALL_RUN 65536u
#define DEFINE_INT_ROW(name, ctype, acc)                                                       \
  static void row_##name (const void *data, size_t first, unsigned n, double *hi, double *sum, \
                          size_t *count)                                                       \
  {                                                                                            \
    const ctype *p = (const ctype *) data + first;                                             \
    ctype h = p[0];                                                                            \
    int64_t s = 0;                                                                             \
    for (unsigned x0 = 0; x0 < n; x0 += SMALL_RUN)                                             \
      {                                                                                        \
        unsigned end = n - x0 < SMALL_RUN ? n : x0 + SMALL_RUN;                                \
        acc run = 0;                                                                           \
        for (unsigned x = x0; x < end; x++)                                                    \
          {                                                                                    \
            h = p[x] > h ? p[x] : h;                                                           \
            run += (acc) p[x];                                                                 \
          }                                                                                    \
        s += (int64_t) run;                                                                    \
      }                                                                                        \
    *hi = (double) h;                                                                          \
    *sum = (double) s;                                                                         \
    *count = n;                                                                                \
  }

DEFINE_INT_ROW (u8, uint8_t, uint32_t)
DEFINE_INT_ROW (i8, int8_t, int32_t)
DEFINE_INT_ROW (u16, uint16_t, uint32_t)
DEFINE_INT_ROW (i16, int16_t, int32_t)

/* ---- a chunk as doubles --------------------------------------------------- */

static inline DAOVIEW__ALWAYS_INLINE void
convert (int getter, const void *data, size_t first, unsigned n, double *out)
{
  switch (getter)
    {
#define CONVERT(id, fn)                                                                            \
    case DAOVIEW__GET_##id:                                                                        \
      for (unsigned i = 0; i < n; i++)                                                             \
        out[i] = daoview__get_##fn (data, first + i);                                              \
      return;
      DAOVIEW__FOR_EACH_DISPLAY_GETTER (CONVERT)
#undef CONVERT
    }
  for (unsigned i = 0; i < n; i++)
    out[i] = NAN;
}

/* n ≤ CHUNK; the full chunks with the count known to the compiler. */
static void
convert_chunk (int getter, const void *data, size_t first, unsigned n, double *out)
{
  if (n == CHUNK)
    convert (getter, data, first, CHUNK, out);
  else
    convert (getter, data, first, n, out);
}

/* ---- kernels on doubles: peak, sum and count of the finite values -------- */

typedef double Vd2 __attribute__ ((vector_size (16)));
typedef int64_t Vl2 __attribute__ ((vector_size (16)));

static inline Vd2
vmax (Vd2 a, Vd2 b)
{
  Vl2 greater = a > b;
  return (Vd2) (((Vl2) a & greater) | ((Vl2) b & ~greater));
}

/* Non-finite values (v − v is not 0) masked to −∞ for the maximum and to
 * 0 for the sum; two lane pairs, so that neither the maximum nor the sum
 * is one chain of dependent operations. */
static void
stats_portable (const double *v, unsigned n, double *hi, double *sum, size_t *count)
{
  const Vd2 minus_inf = { -INFINITY, -INFINITY }, zero = { 0, 0 };
  Vd2 h[2] = { minus_inf, minus_inf }, s[2] = { zero, zero };
  Vl2 c[2] = { { 0, 0 }, { 0, 0 } };
  unsigned x = 0;
  for (; x + 4 <= n; x += 4)
    for (int k = 0; k < 2; k++)
      {
        Vd2 a;
        memcpy (&a, v + x + 2 * k, sizeof a);
        Vl2 finite = (a - a) == zero;
        s[k] += (Vd2) ((Vl2) a & finite);
        h[k] = vmax (h[k], (Vd2) (((Vl2) a & finite) | ((Vl2) minus_inf & ~finite)));
        c[k] -= finite; /* −1 per finite lane */
      }
  Vd2 hv = vmax (h[0], h[1]), sv = s[0] + s[1];
  Vl2 cv = c[0] + c[1];
  double hh = fmax (hv[0], hv[1]), ss = sv[0] + sv[1];
  size_t cc = (size_t) (cv[0] + cv[1]);
  for (; x < n; x++)
    if (v[x] - v[x] == 0.0)
      hh = v[x] > hh ? v[x] : hh, ss += v[x], cc++;
  *hi = hh, *sum = ss, *count = cc;
}

/* The moments: d = v − background kept where d > threshold, four
 * accumulators of each sum. */
static void
moments_portable (const double *v, unsigned n, double x_first, double background, double threshold,
                  double *sw, double *swx)
{
  double w[4] = { 0, 0, 0, 0 }, wx[4] = { 0, 0, 0, 0 };
  unsigned x = 0;
  for (; x + 4 <= n; x += 4)
    for (int k = 0; k < 4; k++)
      {
        double d = v[x + k] - background;
        double keep = d > threshold ? d : 0.0;
        w[k] += keep;
        wx[k] += keep * (x_first + x + k);
      }
  double a = (w[0] + w[1]) + (w[2] + w[3]), b = (wx[0] + wx[1]) + (wx[2] + wx[3]);
  for (; x < n; x++)
    {
      double d = v[x] - background;
      double keep = d > threshold ? d : 0.0;
      a += keep;
      b += keep * (x_first + x);
    }
  *sw += a, *swx += b;
}

/* The statistics' kernels: extremes and count, and the scaled sums. */
static void
extremes_portable (const double *v, unsigned n, double *lo, double *hi, double *sum, size_t *count)
{
  double l = INFINITY, h = -INFINITY, s = 0;
  size_t c = 0;
  for (unsigned x = 0; x < n; x++)
    if (v[x] - v[x] == 0.0)
      l = v[x] < l ? v[x] : l, h = v[x] > h ? v[x] : h, s += v[x], c++;
  *lo = l, *hi = h, *sum = s, *count = c;
}

/* 8- and 16-bit: the extremes in the type, the sum exact (every value is
 * finite). */
#define DEFINE_INT_EXTREMES(name, ctype, acc)                                                  \
  static void extremes_##name (const void *data, size_t first, unsigned n, double *lo,         \
                               double *hi, double *sum, size_t *count)                         \
  {                                                                                            \
    const ctype *p = (const ctype *) data + first;                                             \
    ctype l = p[0], h = p[0];                                                                  \
    int64_t s = 0;                                                                             \
    for (unsigned x0 = 0; x0 < n; x0 += SMALL_RUN)                                             \
      {                                                                                        \
        unsigned end = n - x0 < SMALL_RUN ? n : x0 + SMALL_RUN;                                \
        acc run = 0;                                                                           \
        for (unsigned x = x0; x < end; x++)                                                    \
          {                                                                                    \
            l = p[x] < l ? p[x] : l;                                                           \
            h = p[x] > h ? p[x] : h;                                                           \
            run += (acc) p[x];                                                                 \
          }                                                                                    \
        s += (int64_t) run;                                                                    \
      }                                                                                        \
    *lo = (double) l, *hi = (double) h, *sum = (double) s, *count = n;                         \
  }

DEFINE_INT_EXTREMES (u8, uint8_t, uint32_t)
DEFINE_INT_EXTREMES (i8, int8_t, int32_t)
DEFINE_INT_EXTREMES (u16, uint16_t, uint32_t)
DEFINE_INT_EXTREMES (i16, int16_t, int32_t)

static double
scaled_sum_portable (const double *v, unsigned n, double scale, double shift, int squares)
{
  double s[4] = { 0, 0, 0, 0 };
  unsigned x = 0;
  for (; x + 4 <= n; x += 4)
    for (int k = 0; k < 4; k++)
      {
        double d = v[x + k] * scale - shift;
        double keep = v[x + k] - v[x + k] == 0.0 ? (squares ? d * d : d) : 0.0;
        s[k] += keep;
      }
  double sum = (s[0] + s[1]) + (s[2] + s[3]);
  for (; x < n; x++)
    if (v[x] - v[x] == 0.0)
      {
        double d = v[x] * scale - shift;
        sum += squares ? d * d : d;
      }
  return sum;
}

#if DAOVIEW__HAVE_LOAD4
/* The same two kernels, eight elements an iteration in two registers of
 * four doubles each, reading the frame in place through the type's load
 * (daoview-load4-private.h); the tails and the reductions are in the
 * portable ones' order. */
#define DEFINE_AVX2_KERNELS(id, fn)                                                                \
  __attribute__ ((target ("avx2"))) static void stats_avx2_##id (                                  \
      const void *data, size_t first, unsigned n, double *hi, double *sum, size_t *count)          \
  {                                                                                                \
    const __m256d zero = _mm256_setzero_pd (), minus_inf = _mm256_set1_pd (-INFINITY);            \
    __m256d h0 = minus_inf, h1 = minus_inf, s0 = zero, s1 = zero;                                  \
    __m256i c0 = _mm256_setzero_si256 (), c1 = _mm256_setzero_si256 ();                            \
    unsigned x = 0;                                                                                \
    for (; x + 8 <= n; x += 8)                                                                     \
      {                                                                                            \
        __m256d a = daoview__load4_##fn (data, first + x);                                         \
        __m256d b = daoview__load4_##fn (data, first + x + 4);                                     \
        __m256d fa = _mm256_cmp_pd (_mm256_sub_pd (a, a), zero, _CMP_EQ_OQ);                       \
        __m256d fb = _mm256_cmp_pd (_mm256_sub_pd (b, b), zero, _CMP_EQ_OQ);                       \
        s0 = _mm256_add_pd (s0, _mm256_and_pd (a, fa));                                            \
        s1 = _mm256_add_pd (s1, _mm256_and_pd (b, fb));                                            \
        h0 = _mm256_max_pd (h0, _mm256_blendv_pd (minus_inf, a, fa));                              \
        h1 = _mm256_max_pd (h1, _mm256_blendv_pd (minus_inf, b, fb));                              \
        c0 = _mm256_sub_epi64 (c0, _mm256_castpd_si256 (fa));                                      \
        c1 = _mm256_sub_epi64 (c1, _mm256_castpd_si256 (fb));                                      \
      }                                                                                            \
    double hl[4], sl[4];                                                                           \
    int64_t cl[4];                                                                                 \
    _mm256_storeu_pd (hl, _mm256_max_pd (h0, h1));                                                 \
    _mm256_storeu_pd (sl, _mm256_add_pd (s0, s1));                                                 \
    _mm256_storeu_si256 ((__m256i *) cl, _mm256_add_epi64 (c0, c1));                               \
    double hh = hl[0] > hl[1] ? hl[0] : hl[1], hk = hl[2] > hl[3] ? hl[2] : hl[3];                 \
    hh = hh > hk ? hh : hk;                                                                        \
    double ss = (sl[0] + sl[1]) + (sl[2] + sl[3]);                                                 \
    size_t cc = (size_t) (cl[0] + cl[1] + cl[2] + cl[3]);                                          \
    for (; x < n; x++)                                                                             \
      {                                                                                            \
        double e = daoview__get_##fn (data, first + x);                                            \
        if (e - e == 0.0)                                                                          \
          hh = e > hh ? e : hh, ss += e, cc++;                                                     \
      }                                                                                            \
    *hi = hh, *sum = ss, *count = cc;                                                              \
  }                                                                                                \
                                                                                                   \
  __attribute__ ((target ("avx2"))) static void moments_avx2_##id (                                \
      const void *data, size_t first, unsigned n, double x_first, double background,              \
      double threshold, double *sw, double *swx)                                                   \
  {                                                                                                \
    const __m256d bg = _mm256_set1_pd (background), thr = _mm256_set1_pd (threshold);              \
    const __m256d four = _mm256_set1_pd (4), eight = _mm256_set1_pd (8);                           \
    __m256d xa = _mm256_add_pd (_mm256_set1_pd (x_first), _mm256_setr_pd (0, 1, 2, 3));           \
    __m256d xb = _mm256_add_pd (xa, four);                                                         \
    __m256d w0 = _mm256_setzero_pd (), w1 = w0, wx0 = w0, wx1 = w0;                                \
    unsigned x = 0;                                                                                \
    for (; x + 8 <= n; x += 8)                                                                     \
      {                                                                                            \
        __m256d da = _mm256_sub_pd (daoview__load4_##fn (data, first + x), bg);                    \
        __m256d db = _mm256_sub_pd (daoview__load4_##fn (data, first + x + 4), bg);                \
        /* Ordered compare: false for NaN, as d > threshold is. */                                 \
        da = _mm256_and_pd (da, _mm256_cmp_pd (da, thr, _CMP_GT_OQ));                              \
        db = _mm256_and_pd (db, _mm256_cmp_pd (db, thr, _CMP_GT_OQ));                              \
        w0 = _mm256_add_pd (w0, da);                                                               \
        w1 = _mm256_add_pd (w1, db);                                                               \
        wx0 = _mm256_add_pd (wx0, _mm256_mul_pd (da, xa));                                         \
        wx1 = _mm256_add_pd (wx1, _mm256_mul_pd (db, xb));                                         \
        xa = _mm256_add_pd (xa, eight);                                                            \
        xb = _mm256_add_pd (xb, eight);                                                            \
      }                                                                                            \
    double wl[4], xl[4];                                                                           \
    _mm256_storeu_pd (wl, _mm256_add_pd (w0, w1));                                                 \
    _mm256_storeu_pd (xl, _mm256_add_pd (wx0, wx1));                                               \
    double a = (wl[0] + wl[1]) + (wl[2] + wl[3]), b = (xl[0] + xl[1]) + (xl[2] + xl[3]);           \
    for (; x < n; x++)                                                                             \
      {                                                                                            \
        double d = daoview__get_##fn (data, first + x) - background;                               \
        double keep = d > threshold ? d : 0.0;                                                     \
        a += keep;                                                                                 \
        b += keep * (x_first + x);                                                                 \
      }                                                                                            \
    *sw += a, *swx += b;                                                                           \
  }

DAOVIEW__FOR_EACH_DISPLAY_GETTER (DEFINE_AVX2_KERNELS)
#undef DEFINE_AVX2_KERNELS

#define DEFINE_AVX2_STATS_KERNELS(id, fn)                                                          \
  __attribute__ ((target ("avx2"))) static void extremes_avx2_##id (                               \
      const void *data, size_t first, unsigned n, double *lo, double *hi, double *sum,             \
      size_t *count)                                                                               \
  {                                                                                                \
    const __m256d zero = _mm256_setzero_pd ();                                                     \
    const __m256d plus_inf = _mm256_set1_pd (INFINITY), minus_inf = _mm256_set1_pd (-INFINITY);    \
    __m256d l0 = plus_inf, l1 = plus_inf, h0 = minus_inf, h1 = minus_inf, s0 = zero, s1 = zero;    \
    __m256i c0 = _mm256_setzero_si256 (), c1 = _mm256_setzero_si256 ();                            \
    unsigned x = 0;                                                                                \
    for (; x + 8 <= n; x += 8)                                                                     \
      {                                                                                            \
        __m256d a = daoview__load4_##fn (data, first + x);                                         \
        __m256d b = daoview__load4_##fn (data, first + x + 4);                                     \
        __m256d fa = _mm256_cmp_pd (_mm256_sub_pd (a, a), zero, _CMP_EQ_OQ);                       \
        __m256d fb = _mm256_cmp_pd (_mm256_sub_pd (b, b), zero, _CMP_EQ_OQ);                       \
        l0 = _mm256_min_pd (l0, _mm256_blendv_pd (plus_inf, a, fa));                               \
        l1 = _mm256_min_pd (l1, _mm256_blendv_pd (plus_inf, b, fb));                               \
        h0 = _mm256_max_pd (h0, _mm256_blendv_pd (minus_inf, a, fa));                              \
        h1 = _mm256_max_pd (h1, _mm256_blendv_pd (minus_inf, b, fb));                              \
        s0 = _mm256_add_pd (s0, _mm256_and_pd (a, fa));                                            \
        s1 = _mm256_add_pd (s1, _mm256_and_pd (b, fb));                                            \
        c0 = _mm256_sub_epi64 (c0, _mm256_castpd_si256 (fa));                                      \
        c1 = _mm256_sub_epi64 (c1, _mm256_castpd_si256 (fb));                                      \
      }                                                                                            \
    double ll[4], hl[4], sl[4];                                                                    \
    int64_t cl[4];                                                                                 \
    _mm256_storeu_pd (ll, _mm256_min_pd (l0, l1));                                                 \
    _mm256_storeu_pd (hl, _mm256_max_pd (h0, h1));                                                 \
    _mm256_storeu_pd (sl, _mm256_add_pd (s0, s1));                                                 \
    _mm256_storeu_si256 ((__m256i *) cl, _mm256_add_epi64 (c0, c1));                               \
    double l = INFINITY, h = -INFINITY, s = (sl[0] + sl[1]) + (sl[2] + sl[3]);                     \
    for (int k = 0; k < 4; k++)                                                                    \
      l = ll[k] < l ? ll[k] : l, h = hl[k] > h ? hl[k] : h;                                        \
    size_t c = (size_t) (cl[0] + cl[1] + cl[2] + cl[3]);                                           \
    for (; x < n; x++)                                                                             \
      {                                                                                            \
        double e = daoview__get_##fn (data, first + x);                                            \
        if (e - e == 0.0)                                                                          \
          l = e < l ? e : l, h = e > h ? e : h, s += e, c++;                                       \
      }                                                                                            \
    *lo = l, *hi = h, *sum = s, *count = c;                                                        \
  }                                                                                                \
                                                                                                   \
  __attribute__ ((target ("avx2"))) static double scaled_sum_avx2_##id (                           \
      const void *data, size_t first, unsigned n, double scale, double shift, int squares)         \
  {                                                                                                \
    const __m256d zero = _mm256_setzero_pd (), sc = _mm256_set1_pd (scale);                        \
    const __m256d sh = _mm256_set1_pd (shift);                                                     \
    __m256d s0 = zero, s1 = zero;                                                                  \
    unsigned x = 0;                                                                                \
    for (; x + 8 <= n; x += 8)                                                                     \
      {                                                                                            \
        __m256d a = daoview__load4_##fn (data, first + x);                                         \
        __m256d b = daoview__load4_##fn (data, first + x + 4);                                     \
        __m256d fa = _mm256_cmp_pd (_mm256_sub_pd (a, a), zero, _CMP_EQ_OQ);                       \
        __m256d fb = _mm256_cmp_pd (_mm256_sub_pd (b, b), zero, _CMP_EQ_OQ);                       \
        __m256d da = _mm256_sub_pd (_mm256_mul_pd (a, sc), sh);                                    \
        __m256d db = _mm256_sub_pd (_mm256_mul_pd (b, sc), sh);                                    \
        if (squares)                                                                               \
          da = _mm256_mul_pd (da, da), db = _mm256_mul_pd (db, db);                                \
        s0 = _mm256_add_pd (s0, _mm256_and_pd (da, fa));                                           \
        s1 = _mm256_add_pd (s1, _mm256_and_pd (db, fb));                                           \
      }                                                                                            \
    double sl[4];                                                                                  \
    _mm256_storeu_pd (sl, _mm256_add_pd (s0, s1));                                                 \
    double sum = (sl[0] + sl[1]) + (sl[2] + sl[3]);                                                \
    for (; x < n; x++)                                                                             \
      {                                                                                            \
        double e = daoview__get_##fn (data, first + x);                                            \
        if (e - e == 0.0)                                                                          \
          {                                                                                        \
            double d = e * scale - shift;                                                          \
            sum += squares ? d * d : d;                                                            \
          }                                                                                        \
      }                                                                                            \
    return sum;                                                                                    \
  }

DAOVIEW__FOR_EACH_DISPLAY_GETTER (DEFINE_AVX2_STATS_KERNELS)
#undef DEFINE_AVX2_STATS_KERNELS
#endif

/* ---- the rows ------------------------------------------------------------- */

typedef void (*StatsFn) (const void *data, size_t first, unsigned n, double *hi, double *sum,
                         size_t *count);
typedef void (*MomentsFn) (const void *data, size_t first, unsigned n, double x_first,
                           double background, double threshold, double *sw, double *swx);

/* The AVX2 kernels of the getter, or NULL (no AVX2 here): the portable
 * ones, through a chunk of doubles. */
static void
kernels_for (int getter, StatsFn *stats, MomentsFn *moments)
{
  *stats = NULL, *moments = NULL;
#if DAOVIEW__HAVE_LOAD4
  if (!daoview__cpu_has_avx2 ())
    return;
  switch (getter)
    {
#define CASE(id, fn)                                                                               \
    case DAOVIEW__GET_##id: *stats = stats_avx2_##id, *moments = moments_avx2_##id; return;
      DAOVIEW__FOR_EACH_DISPLAY_GETTER (CASE)
#undef CASE
    default: return;
    }
#else
  (void) getter;
#endif
}

void
daoview__row_peak_sum (int getter, const void *data, size_t first, unsigned n, double *hi,
                           double *sum, size_t *count)
{
  switch (getter)
    {
    case DAOVIEW__GET_u8: row_u8 (data, first, n, hi, sum, count); return;
    case DAOVIEW__GET_i8: row_i8 (data, first, n, hi, sum, count); return;
    case DAOVIEW__GET_u16: row_u16 (data, first, n, hi, sum, count); return;
    case DAOVIEW__GET_i16: row_i16 (data, first, n, hi, sum, count); return;
    default: break;
    }
  StatsFn in_place;
  MomentsFn unused;
  kernels_for (getter, &in_place, &unused);
  double values[CHUNK];
  double h = -INFINITY, s = 0;
  size_t c = 0;
  for (unsigned x = 0; x < n; x += CHUNK)
    {
      unsigned m = n - x < CHUNK ? n - x : CHUNK;
      double ch, cs;
      size_t cc;
      if (in_place)
        in_place (data, first + x, m, &ch, &cs, &cc);
      else
        {
          convert_chunk (getter, data, first + x, m, values);
          stats_portable (values, m, &ch, &cs, &cc);
        }
      h = ch > h ? ch : h, s += cs, c += cc;
    }
  *hi = h, *sum = s, *count = c;
}

void
daoview__row_moments (int getter, const void *data, size_t first, unsigned n, double x_first,
                          double background, double threshold, double *sw, double *swx)
{
  StatsFn unused;
  MomentsFn in_place;
  kernels_for (getter, &unused, &in_place);
  double values[CHUNK];
  for (unsigned x = 0; x < n; x += CHUNK)
    {
      unsigned m = n - x < CHUNK ? n - x : CHUNK;
      if (in_place)
        in_place (data, first + x, m, x_first + x, background, threshold, sw, swx);
      else
        {
          convert_chunk (getter, data, first + x, m, values);
          moments_portable (values, m, x_first + x, background, threshold, sw, swx);
        }
    }
}

typedef void (*ExtremesFn) (const void *data, size_t first, unsigned n, double *lo, double *hi,
                            double *sum, size_t *count);
typedef double (*ScaledSumFn) (const void *data, size_t first, unsigned n, double scale, double shift,
                               int squares);

static void
stats_kernels_for (int getter, ExtremesFn *extremes, ScaledSumFn *scaled_sum)
{
  *extremes = NULL, *scaled_sum = NULL;
  switch (getter)
    {
    case DAOVIEW__GET_u8: *extremes = extremes_u8; break;
    case DAOVIEW__GET_i8: *extremes = extremes_i8; break;
    case DAOVIEW__GET_u16: *extremes = extremes_u16; break;
    case DAOVIEW__GET_i16: *extremes = extremes_i16; break;
    default: break;
    }
#if DAOVIEW__HAVE_LOAD4
  if (!daoview__cpu_has_avx2 ())
    return;
  switch (getter)
    {
#define CASE(id, fn)                                                                               \
    case DAOVIEW__GET_##id:                                                                        \
      *extremes = *extremes ? *extremes : extremes_avx2_##id, *scaled_sum = scaled_sum_avx2_##id;  \
      return;
      DAOVIEW__FOR_EACH_DISPLAY_GETTER (CASE)
#undef CASE
    default: return;
    }
#else
  (void) getter;
#endif
}

void
daoview__row_extremes (int getter, const void *data, size_t first, unsigned n, double *lo, double *hi,
                       double *sum, size_t *count)
{
  ExtremesFn in_place;
  ScaledSumFn unused;
  stats_kernels_for (getter, &in_place, &unused);
  double values[CHUNK];
  double l = INFINITY, h = -INFINITY, s = 0;
  size_t c = 0;
  for (unsigned x = 0; x < n; x += CHUNK)
    {
      unsigned m = n - x < CHUNK ? n - x : CHUNK;
      double cl, ch, cs;
      size_t cc;
      if (in_place)
        in_place (data, first + x, m, &cl, &ch, &cs, &cc);
      else
        {
          convert_chunk (getter, data, first + x, m, values);
          extremes_portable (values, m, &cl, &ch, &cs, &cc);
        }
      l = cl < l ? cl : l, h = ch > h ? ch : h, s += cs, c += cc;
    }
  *lo = l, *hi = h, *sum = s, *count = c;
}

double
daoview__row_scaled_sum (int getter, const void *data, size_t first, unsigned n, double scale,
                         double shift, int squares)
{
  ExtremesFn unused;
  ScaledSumFn in_place;
  stats_kernels_for (getter, &unused, &in_place);
  double values[CHUNK];
  double sum = 0;
  for (unsigned x = 0; x < n; x += CHUNK)
    {
      unsigned m = n - x < CHUNK ? n - x : CHUNK;
      if (in_place)
        sum += in_place (data, first + x, m, scale, shift, squares);
      else
        {
          convert_chunk (getter, data, first + x, m, values);
          sum += scaled_sum_portable (values, m, scale, shift, squares);
        }
    }
  return sum;
}
