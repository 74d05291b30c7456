/* daoview-row-sums.c — the reductions over many pixels (see
 * daoview-row-sums.h): a run's extremes, sum and count (the spot's pass,
 * the strip chart's region mean and maximum, the statistics' first pass),
 * the centroid's moments, and the statistics' scaled sums.
 *
 * Each runs one kernel per getter with AVX2 where the CPU has it
 * (daoview__cpu_has_avx2), eight elements an iteration read in place as
 * doubles (daoview-load4-private.h). Elsewhere (or with DAOVIEW_NO_AVX2) a
 * chunk of the run is converted to doubles by the getter and a portable
 * kernel takes it. 8- and 16-bit extremes and sums stay in integers either
 * way: exact, and at memory speed. On float32 at 1024² the spot went from 1.5 to 0.6 ms
 * and the statistics from 3.4–6 to about 1 ms (bench-render).
 *
 * Every other type takes the same kernel, with the same order of
 * additions, so integer-valued frames of any type give the same figures
 * (tests/core/test-daoview-psf). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "daoview-load4-private.h"
#include "daoview-row-sums.h"

#define CHUNK 256

/* ---- 8- and 16-bit: integers ---------------------------------------------- */

/* The extremes in the type, the sum exact in 32 bits (the rows below hand
 * them runs of at most SMALL_RUN: 65536 × 65535 < 2³²), which vectorises as
 * 32-bit adds. No NaN to look for. */
#define SMALL_RUN 65536u
#define DEFINE_INT_EXTREMES(name, ctype, acc)                                                  \
  static inline DAOVIEW__ALWAYS_INLINE void int_extremes_##name (                              \
      const void *data, size_t first, unsigned n, int with_min, double *lo, double *hi,        \
      double *sum, size_t *count)                                                              \
  {                                                                                            \
    const ctype *p = (const ctype *) data + first;                                             \
    ctype l = p[0], h = p[0];                                                                  \
    acc s = 0;                                                                                 \
    for (unsigned x = 0; x < n; x++)                                                           \
      {                                                                                        \
        if (with_min)                                                                          \
          l = p[x] < l ? p[x] : l;                                                             \
        h = p[x] > h ? p[x] : h;                                                               \
        s += (acc) p[x];                                                                       \
      }                                                                                        \
    *lo = (double) l, *hi = (double) h, *sum = (double) s, *count = n;                         \
  }                                                                                            \
  static void extremes_##name (const void *data, size_t first, unsigned n, double *lo,         \
                               double *hi, double *sum, size_t *count)                         \
  {                                                                                            \
    int_extremes_##name (data, first, n, 1, lo, hi, sum, count);                               \
  }                                                                                            \
  static void peak_sum_##name (const void *data, size_t first, unsigned n, double *lo,         \
                               double *hi, double *sum, size_t *count)                         \
  {                                                                                            \
    int_extremes_##name (data, first, n, 0, lo, hi, sum, count);                               \
  }

DEFINE_INT_EXTREMES (u8, uint8_t, uint32_t)
DEFINE_INT_EXTREMES (i8, int8_t, int32_t)
DEFINE_INT_EXTREMES (u16, uint16_t, uint32_t)
DEFINE_INT_EXTREMES (i16, int16_t, int32_t)

/* ---- a chunk as doubles --------------------------------------------------- */

/* n ≤ CHUNK elements as doubles (viewer/core builds with
 * -fvect-cost-model=dynamic, so each getter's loop vectorises). */
static void
convert_chunk (int getter, const void *data, size_t first, unsigned n, double *out)
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

/* ---- portable kernels on a chunk of doubles -------------------------------- */

typedef double Vd2 __attribute__ ((vector_size (16)));
typedef int64_t Vl2 __attribute__ ((vector_size (16)));

static inline Vd2
vselect (Vl2 mask, Vd2 a, Vd2 b)
{
  return (Vd2) (((Vl2) a & mask) | ((Vl2) b & ~mask));
}

/* Extremes, sum and count of the finite values (v − v is 0), two lane
 * pairs so that no result is one chain of dependent operations;
 * non-finite values masked to ±∞ for the extremes and 0 for the sum. */
static void
extremes_portable (const double *v, unsigned n, double *lo, double *hi, double *sum, size_t *count)
{
  const Vd2 plus_inf = { INFINITY, INFINITY }, minus_inf = { -INFINITY, -INFINITY };
  const Vd2 zero = { 0, 0 };
  Vd2 l[2] = { plus_inf, plus_inf }, h[2] = { minus_inf, minus_inf }, s[2] = { zero, zero };
  Vl2 c[2] = { { 0, 0 }, { 0, 0 } };
  unsigned x = 0;
  for (; x + 4 <= n; x += 4)
    for (int k = 0; k < 2; k++)
      {
        Vd2 a;
        memcpy (&a, v + x + 2 * k, sizeof a);
        Vl2 finite = (a - a) == zero;
        Vd2 for_lo = vselect (finite, a, plus_inf), for_hi = vselect (finite, a, minus_inf);
        l[k] = vselect (for_lo < l[k], for_lo, l[k]);
        h[k] = vselect (for_hi > h[k], for_hi, h[k]);
        s[k] += (Vd2) ((Vl2) a & finite);
        c[k] -= finite; /* −1 per finite lane */
      }
  double ll = INFINITY, hh = -INFINITY;
  for (int k = 0; k < 2; k++)
    for (int j = 0; j < 2; j++)
      ll = l[k][j] < ll ? l[k][j] : ll, hh = h[k][j] > hh ? h[k][j] : hh;
  Vd2 sv = s[0] + s[1];
  Vl2 cv = c[0] + c[1];
  double ss = sv[0] + sv[1];
  size_t cc = (size_t) (cv[0] + cv[1]);
  for (; x < n; x++)
    if (v[x] - v[x] == 0.0)
      ll = v[x] < ll ? v[x] : ll, hh = v[x] > hh ? v[x] : hh, ss += v[x], cc++;
  *lo = ll, *hi = hh, *sum = ss, *count = cc;
}

/* The moments: d = v − background kept where d > threshold and finite
 * (an Inf pixel would make the centroid Inf / Inf), four accumulators of
 * each sum. */
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
        double keep = d > threshold && d < INFINITY ? d : 0.0;
        w[k] += keep;
        wx[k] += keep * (x_first + x + k);
      }
  double a = (w[0] + w[1]) + (w[2] + w[3]), b = (wx[0] + wx[1]) + (wx[2] + wx[3]);
  for (; x < n; x++)
    {
      double d = v[x] - background;
      double keep = d > threshold && d < INFINITY ? d : 0.0;
      a += keep;
      b += keep * (x_first + x);
    }
  *sw += a, *swx += b;
}

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

/* ---- AVX2 kernels, reading the frame in place ----------------------------- */

#if DAOVIEW__HAVE_LOAD4
/* The portable kernels' work, eight elements an iteration in two registers
 * of four doubles each, through the getter's load, and the tail one at a
 * time: the same figures up to the order of the additions. */
#define DEFINE_AVX2_KERNELS(id, fn)                                                          \
  /* with_min is a constant in each caller below: the peak-and-sum form                         \
   * (the spot's pass, every frame of a strip chart) drops the minimum's work. */                  \
  __attribute__ ((target ("avx2"), always_inline)) static inline void extremes_body_##id (         \
      const void *data, size_t first, unsigned n, int with_min, double *lo, double *hi,            \
      double *sum, size_t *count)                                                                  \
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
        if (with_min)                                                                              \
          {                                                                                        \
            l0 = _mm256_min_pd (l0, _mm256_blendv_pd (plus_inf, a, fa));                           \
            l1 = _mm256_min_pd (l1, _mm256_blendv_pd (plus_inf, b, fb));                           \
          }                                                                                        \
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
  __attribute__ ((target ("avx2"))) static void extremes_avx2_##id (                               \
      const void *data, size_t first, unsigned n, double *lo, double *hi, double *sum,             \
      size_t *count)                                                                               \
  {                                                                                                \
    extremes_body_##id (data, first, n, 1, lo, hi, sum, count);                                    \
  }                                                                                                \
                                                                                                   \
  __attribute__ ((target ("avx2"))) static void peak_sum_avx2_##id (                               \
      const void *data, size_t first, unsigned n, double *lo, double *hi, double *sum,             \
      size_t *count)                                                                               \
  {                                                                                                \
    extremes_body_##id (data, first, n, 0, lo, hi, sum, count);                                    \
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
  }                                                                                                   \
                                                                                                   \
  __attribute__ ((target ("avx2"))) static void moments_avx2_##id (                                \
      const void *data, size_t first, unsigned n, double x_first, double background,              \
      double threshold, double *sw, double *swx)                                                   \
  {                                                                                                \
    const __m256d bg = _mm256_set1_pd (background), thr = _mm256_set1_pd (threshold);              \
    const __m256d four = _mm256_set1_pd (4), eight = _mm256_set1_pd (8);                           \
    const __m256d inf = _mm256_set1_pd (INFINITY);                                                 \
    __m256d xa = _mm256_add_pd (_mm256_set1_pd (x_first), _mm256_setr_pd (0, 1, 2, 3));           \
    __m256d xb = _mm256_add_pd (xa, four);                                                         \
    __m256d w0 = _mm256_setzero_pd (), w1 = w0, wx0 = w0, wx1 = w0;                                \
    unsigned x = 0;                                                                                \
    for (; x + 8 <= n; x += 8)                                                                     \
      {                                                                                            \
        __m256d da = _mm256_sub_pd (daoview__load4_##fn (data, first + x), bg);                    \
        __m256d db = _mm256_sub_pd (daoview__load4_##fn (data, first + x + 4), bg);                \
        /* Ordered compares: false for NaN, as d > threshold is; +Inf left out. */                 \
        da = _mm256_and_pd (da, _mm256_and_pd (_mm256_cmp_pd (da, thr, _CMP_GT_OQ),                \
                                               _mm256_cmp_pd (da, inf, _CMP_LT_OQ)));               \
        db = _mm256_and_pd (db, _mm256_and_pd (_mm256_cmp_pd (db, thr, _CMP_GT_OQ),                \
                                               _mm256_cmp_pd (db, inf, _CMP_LT_OQ)));               \
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
        double keep = d > threshold && d < INFINITY ? d : 0.0;                                                     \
        a += keep;                                                                                 \
        b += keep * (x_first + x);                                                                 \
      }                                                                                            \
    *sw += a, *swx += b;                                                                           \
  }

DAOVIEW__FOR_EACH_DISPLAY_GETTER (DEFINE_AVX2_KERNELS)
#undef DEFINE_AVX2_KERNELS
#endif

/* ---- the rows ------------------------------------------------------------- */

static int
is_small_integer (int getter)
{
  return getter == DAOVIEW__GET_u8 || getter == DAOVIEW__GET_i8 || getter == DAOVIEW__GET_u16
         || getter == DAOVIEW__GET_i16;
}

typedef void (*ExtremesFn) (const void *data, size_t first, unsigned n, double *lo, double *hi,
                            double *sum, size_t *count);

typedef struct {
  ExtremesFn extremes;
  ExtremesFn peak_sum; /* the same with no minimum (*lo undefined); NULL: extremes */
  void (*moments) (const void *data, size_t first, unsigned n, double x_first, double background,
                   double threshold, double *sw, double *swx);
  double (*scaled_sum) (const void *data, size_t first, unsigned n, double scale, double shift,
                        int squares);
} Kernels;

/* The kernels reading the getter's elements in place; NULL ones go through
 * the chunk of doubles and the portable kernels. */
static Kernels
kernels_for (int getter)
{
  Kernels k = { NULL, NULL, NULL, NULL };
#if DAOVIEW__HAVE_LOAD4
  if (daoview__cpu_has_avx2 ())
    switch (getter)
      {
#define CASE(id, fn)                                                                               \
      case DAOVIEW__GET_##id:                                                                      \
        k = (Kernels) { extremes_avx2_##id, peak_sum_avx2_##id, moments_avx2_##id,                 \
                        scaled_sum_avx2_##id };                                                    \
        break;
        DAOVIEW__FOR_EACH_DISPLAY_GETTER (CASE)
#undef CASE
      default: break;
      }
#endif
  switch (getter)
    {
    case DAOVIEW__GET_u8: k.extremes = extremes_u8, k.peak_sum = peak_sum_u8; break;
    case DAOVIEW__GET_i8: k.extremes = extremes_i8, k.peak_sum = peak_sum_i8; break;
    case DAOVIEW__GET_u16: k.extremes = extremes_u16, k.peak_sum = peak_sum_u16; break;
    case DAOVIEW__GET_i16: k.extremes = extremes_i16, k.peak_sum = peak_sum_i16; break;
    default: break;
    }
  return k;
}

/* Extremes, sum and count by the kernel given, or through the chunk of
 * doubles and the portable kernel where it is NULL. */
static void
extremes_by (ExtremesFn kernel, int getter, const void *data, size_t first, unsigned n, double *lo,
             double *hi, double *sum, size_t *count)
{
  /* The integer kernels take long runs; the others a chunk at a time (the
   * portable ones need the chunk of doubles). */
  unsigned step = kernel && is_small_integer (getter) ? SMALL_RUN : CHUNK;
  double values[CHUNK];
  double l = INFINITY, h = -INFINITY, s = 0;
  size_t c = 0;
  for (unsigned x = 0; x < n; x += step)
    {
      unsigned m = n - x < step ? n - x : step;
      double cl, ch, cs;
      size_t cc;
      if (kernel)
        kernel (data, first + x, m, &cl, &ch, &cs, &cc);
      else
        {
          convert_chunk (getter, data, first + x, m, values);
          extremes_portable (values, m, &cl, &ch, &cs, &cc);
        }
      l = cl < l ? cl : l, h = ch > h ? ch : h, s += cs, c += cc;
    }
  *lo = l, *hi = h, *sum = s, *count = c;
}

void
daoview__row_extremes (int getter, const void *data, size_t first, unsigned n, double *lo, double *hi,
                       double *sum, size_t *count)
{
  extremes_by (kernels_for (getter).extremes, getter, data, first, n, lo, hi, sum, count);
}

void
daoview__row_peak_sum (int getter, const void *data, size_t first, unsigned n, double *hi, double *sum,
                       size_t *count)
{
  double lo;
  extremes_by (kernels_for (getter).peak_sum, getter, data, first, n, &lo, hi, sum, count);
}

void
daoview__row_moments (int getter, const void *data, size_t first, unsigned n, double x_first,
                      double background, double threshold, double *sw, double *swx)
{
  Kernels k = kernels_for (getter);
  double values[CHUNK];
  for (unsigned x = 0; x < n; x += CHUNK)
    {
      unsigned m = n - x < CHUNK ? n - x : CHUNK;
      if (k.moments)
        k.moments (data, first + x, m, x_first + x, background, threshold, sw, swx);
      else
        {
          convert_chunk (getter, data, first + x, m, values);
          moments_portable (values, m, x_first + x, background, threshold, sw, swx);
        }
    }
}

double
daoview__row_scaled_sum (int getter, const void *data, size_t first, unsigned n, double scale,
                         double shift, int squares)
{
  Kernels k = kernels_for (getter);
  double values[CHUNK];
  double sum = 0;
  for (unsigned x = 0; x < n; x += CHUNK)
    {
      unsigned m = n - x < CHUNK ? n - x : CHUNK;
      if (k.scaled_sum)
        sum += k.scaled_sum (data, first + x, m, scale, shift, squares);
      else
        {
          convert_chunk (getter, data, first + x, m, values);
          sum += scaled_sum_portable (values, m, scale, shift, squares);
        }
    }
  return sum;
}
