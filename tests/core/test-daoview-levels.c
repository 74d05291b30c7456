/* test-daoview-levels.c — min/max and symmetric levels (daoview-levels.c):
 * every type, non-finite values skipped, the vectorised float32 and uint16
 * paths against plain loops; and the policy on top of them: follow, freeze,
 * manual, percentiles at a lower rate. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "daoview-levels.h"
#include "render-test-util.h"

static const DaoviewComplexPart AMP = DAOVIEW_COMPLEX_AMPLITUDE;

static void minmax_every_integer_type(void **state)
{
    double lo, hi;
    const uint8_t u8[] = {7, 3, 250, 9};
    const int8_t i8[] = {5, -100, 120, 0};
    const uint16_t u16[] = {1000, 65535, 2};
    const uint16_t u16_mid[] = {32768, 32767, 32768};
    const uint16_t u16_zero[] = {0};
    const int16_t i16[] = {-32768, 5, 32767};
    const uint32_t u32[] = {4000000000u, 12, 70000};
    const int32_t i32[] = {-2000000000, 2000000000, 0};
    const uint64_t u64[] = {UINT64_MAX, 1ull << 40, 5};
    const int64_t i64[] = {INT64_MAX, INT64_MIN, -3};
    struct {
        dao_type type;
        const void *data;
        size_t count;
        double lo, hi;
    } cases[] = {
        {DAO_UINT8, u8, 4, 3, 250},
        {DAO_INT8, i8, 4, -100, 120},
        {DAO_UINT16, u16, 3, 2, 65535},
        {DAO_UINT16, u16_mid, 3, 32767, 32768},
        {DAO_UINT16, u16_zero, 1, 0, 0},
        {DAO_INT16, i16, 3, -32768, 32767},
        {DAO_UINT32, u32, 3, 12, 4000000000.0},
        {DAO_INT32, i32, 3, -2000000000.0, 2000000000.0},
        {DAO_UINT64, u64, 3, 5, 18446744073709551615.0},
        {DAO_INT64, i64, 3, -9223372036854775808.0, 9223372036854775807.0},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        assert_int_equal(daoview_levels_minmax(cases[c].type, cases[c].data, cases[c].count, AMP,
                                               &lo, &hi), 0);
        assert_near(lo, cases[c].lo, 0);
        assert_near(hi, cases[c].hi, 0);
    }
}

static void minmax_skips_nan_and_inf(void **state)
{
    double lo, hi;
    const float f32[] = {NAN, INFINITY, 2.5f, -INFINITY, -1.25f, NAN};
    assert_int_equal(daoview_levels_minmax(DAO_FLOAT, f32, 6, AMP, &lo, &hi), 0);
    assert_near(lo, -1.25, 0);
    assert_near(hi, 2.5, 0);
    const double f64[] = {-INFINITY, -DBL_MAX, NAN, DBL_MAX, INFINITY};
    assert_int_equal(daoview_levels_minmax(DAO_DOUBLE, f64, 5, AMP, &lo, &hi), 0);
    assert_near(lo, -DBL_MAX, 0);
    assert_near(hi, DBL_MAX, 0);
}

/* float32 min/max works on the bit patterns: check it against a plain loop
 * on random patterns (many NaN and Inf among them), negatives, signed zeros
 * and subnormals. */
static void minmax_float_bits_match_a_plain_loop(void **state)
{
    enum { N = 4099 };
    float *v = malloc(N * sizeof *v);
    assert_non_null(v);
    uint64_t x = 0x2545f4914f6cdd1dull;
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < N; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            uint32_t bits = (uint32_t)(x >> 32);
            if (round % 2)
                bits |= 0x80000000u; /* all negative */
            if (round % 3 == 0 && i % 5)
                bits = (bits & 0x807fffffu) | 0x7f800000u; /* mostly NaN/Inf */
            memcpy(&v[i], &bits, sizeof bits);
        }
        double lo = INFINITY, hi = -INFINITY;
        for (size_t i = 0; i < N; i++) {
            if (isfinite(v[i])) {
                lo = v[i] < lo ? v[i] : lo;
                hi = v[i] > hi ? v[i] : hi;
            }
        }
        double got_lo, got_hi;
        assert_int_equal(daoview_levels_minmax(DAO_FLOAT, v, N, AMP, &got_lo, &got_hi), 0);
        assert_near(got_lo, lo, 0);
        assert_near(got_hi, hi, 0);
    }
    free(v);

    double lo, hi;
    const float negative[] = {-3.5f, -FLT_MAX, -1e-45f, NAN};
    assert_int_equal(daoview_levels_minmax(DAO_FLOAT, negative, 4, AMP, &lo, &hi), 0);
    assert_near(lo, -FLT_MAX, 0);
    assert_near(hi, -1e-45f, 0);
    const float zeros[] = {-0.0f, 0.0f, 1e-45f};
    assert_int_equal(daoview_levels_minmax(DAO_FLOAT, zeros, 3, AMP, &lo, &hi), 0);
    assert_near(lo, 0, 0);
    assert_near(hi, 1e-45f, 0);
    const float none[] = {NAN, -NAN, INFINITY, -INFINITY};
    assert_int_equal(daoview_levels_minmax(DAO_FLOAT, none, 4, AMP, &lo, &hi), -1);
}

static void minmax_fails_cleanly_without_finite_values(void **state)
{
    double lo = 9, hi = 9;
    const double f64[] = {NAN, INFINITY, -INFINITY};
    assert_int_equal(daoview_levels_minmax(DAO_DOUBLE, f64, 3, AMP, &lo, &hi), -1);
    assert_near(lo, 0, 0);
    assert_near(hi, 0, 0);
    lo = hi = 9;
    assert_int_equal(daoview_levels_minmax(DAO_DOUBLE, f64, 0, AMP, &lo, &hi), -1);
    assert_near(lo, 0, 0);
    lo = hi = 9;
    assert_int_equal(daoview_levels_minmax(DAO_DOUBLE, NULL, 3, AMP, &lo, &hi), -1);
    assert_near(hi, 0, 0);
    lo = hi = 9;
    assert_int_equal(daoview_levels_minmax((dao_type)42, f64, 3, AMP, &lo, &hi), -1);
    assert_near(lo, 0, 0);
}

static void minmax_of_complex_parts(void **state)
{
    double lo, hi;
    const float c[] = {3, 4, -1, 0, 0, -2, NAN, 1};
    assert_int_equal(daoview_levels_minmax(DAO_COMPLEX_FLOAT, c, 4, AMP, &lo, &hi), 0);
    assert_near(lo, 1, 0);
    assert_near(hi, 5, 1e-12);
    assert_int_equal(daoview_levels_minmax(DAO_COMPLEX_FLOAT, c, 4, DAOVIEW_COMPLEX_PHASE, &lo, &hi), 0);
    assert_near(lo, -M_PI / 2, 1e-12);
    assert_near(hi, M_PI, 1e-12);
    assert_int_equal(daoview_levels_minmax(DAO_COMPLEX_FLOAT, c, 4, DAOVIEW_COMPLEX_REAL, &lo, &hi), 0);
    assert_near(lo, -1, 0);
    assert_near(hi, 3, 0);
    /* The NaN real part does not hide the finite imaginary part. */
    assert_int_equal(daoview_levels_minmax(DAO_COMPLEX_FLOAT, c, 4, DAOVIEW_COMPLEX_IMAGINARY, &lo, &hi), 0);
    assert_near(lo, -2, 0);
    assert_near(hi, 4, 0);
    const double d[] = {-1e300, 0, 0, 1e300};
    assert_int_equal(daoview_levels_minmax(DAO_COMPLEX_DOUBLE, d, 2, DAOVIEW_COMPLEX_IMAGINARY, &lo, &hi), 0);
    assert_near(lo, 0, 0);
    assert_near(hi, 1e300, 0);
    assert_int_equal(daoview_levels_minmax(DAO_COMPLEX_DOUBLE, d, 2, AMP, &lo, &hi), 0);
    assert_near(lo, 1e300, 0);
}

static void symmetric_levels(void **state)
{
    double lo = -1, hi = 3;
    daoview_levels_symmetric(&lo, &hi);
    assert_near(lo, -3, 0);
    assert_near(hi, 3, 0);
    lo = 2, hi = 5;
    daoview_levels_symmetric(&lo, &hi);
    assert_near(lo, -5, 0);
    assert_near(hi, 5, 0);
    lo = -7, hi = -6;
    daoview_levels_symmetric(&lo, &hi);
    assert_near(lo, -7, 0);
    assert_near(hi, 7, 0);
    lo = -DBL_MAX, hi = 1;
    daoview_levels_symmetric(&lo, &hi);
    assert_near(hi, DBL_MAX, 0);
    daoview_levels_symmetric(NULL, &hi); /* does nothing, does not crash */
}

/* ---- the policy (mode, policy, throttled percentiles) ---- */

static void
follow_policy_tracks_every_frame (void **state)
{
  DaoviewLevelState l;
  uint16_t a[4] = { 10, 20, 30, 40 }, b[4] = { 5, 6, 7, 1000 };
  daoview_level_state_init (&l);
  assert_int_equal (daoview_level_state_update (&l, DAO_UINT16, a, 4, 0, 0.0), 1);
  assert_true (l.low == 10 && l.high == 40);
  assert_int_equal (daoview_level_state_update (&l, DAO_UINT16, b, 4, 0, 0.01), 1);
  assert_true (l.low == 5 && l.high == 1000);
  assert_int_equal (daoview_level_state_update (&l, DAO_UINT16, b, 4, 0, 0.02), 0);
}

static void
freeze_policy_keeps_the_first_frame_levels (void **state)
{
  DaoviewLevelState l;
  uint16_t a[4] = { 10, 20, 30, 40 }, b[4] = { 5, 6, 7, 1000 };
  daoview_level_state_init (&l);
  l.policy = DAOVIEW_LEVEL_POLICY_FREEZE;
  daoview_level_state_update (&l, DAO_UINT16, a, 4, 0, 0.0);
  assert_int_equal (daoview_level_state_update (&l, DAO_UINT16, b, 4, 0, 1.0), 0);
  assert_true (l.low == 10 && l.high == 40);
  daoview_level_state_reset (&l); /* e.g. a new shape */
  daoview_level_state_update (&l, DAO_UINT16, b, 4, 0, 2.0);
  assert_true (l.low == 5 && l.high == 1000);
}

static void
manual_levels_ignore_the_data (void **state)
{
  DaoviewLevelState l;
  float a[3] = { -1e9f, 0, 1e9f };
  daoview_level_state_init (&l);
  l.mode = DAOVIEW_LEVEL_MODE_MANUAL;
  l.manual_low = 100;
  l.manual_high = 200;
  daoview_level_state_update (&l, DAO_FLOAT, a, 3, 0, 0);
  assert_true (l.low == 100 && l.high == 200);
  /* The manual policy does the same whatever the mode. */
  daoview_level_state_init (&l);
  l.policy = DAOVIEW_LEVEL_POLICY_MANUAL;
  l.manual_low = -3;
  l.manual_high = 3;
  daoview_level_state_update (&l, DAO_FLOAT, a, 3, 0, 0);
  assert_true (l.low == -3 && l.high == 3);
}

static void
percentile_levels_are_recomputed_at_a_lower_rate (void **state)
{
  DaoviewLevelState l;
  uint16_t a[1000], b[1000];
  for (int i = 0; i < 1000; i++)
    a[i] = (uint16_t) i, b[i] = (uint16_t) (10000 + i);
  daoview_level_state_init (&l);
  l.mode = DAOVIEW_LEVEL_MODE_PERCENTILE;
  l.percentile_low = 10;
  l.percentile_high = 90;
  daoview_level_state_update (&l, DAO_UINT16, a, 1000, 0, 0.0);
  assert_true (l.low >= 95 && l.low <= 105 && l.high >= 895 && l.high <= 905);
  /* 0.1 s later: too soon, the levels stay. */
  assert_int_equal (daoview_level_state_update (&l, DAO_UINT16, b, 1000, 0, 0.1), 0);
  assert_true (l.high < 1000);
  /* After the interval they follow. */
  assert_int_equal (daoview_level_state_update (&l, DAO_UINT16, b, 1000, 0, 0.3), 1);
  assert_true (l.low > 10000);
}

static void
symmetric_levels_for_signed_data (void **state)
{
  DaoviewLevelState l;
  int16_t a[3] = { -5, 2, 20 };
  daoview_level_state_init (&l);
  l.symmetric = 1;
  daoview_level_state_update (&l, DAO_INT16, a, 3, 0, 0);
  assert_true (l.low == -20 && l.high == 20);
  assert_true (daoview_level_is_signed (DAO_INT16, DAOVIEW_COMPLEX_AMPLITUDE));
  assert_false (daoview_level_is_signed (DAO_UINT16, DAOVIEW_COMPLEX_AMPLITUDE));
  assert_false (daoview_level_is_signed (DAO_COMPLEX_FLOAT, DAOVIEW_COMPLEX_AMPLITUDE));
  assert_true (daoview_level_is_signed (DAO_COMPLEX_FLOAT, DAOVIEW_COMPLEX_PHASE));
}

static void
frame_without_finite_values_keeps_previous_levels (void **state)
{
  DaoviewLevelState l;
  float a[2] = { 1, 2 }, nan_frame[2] = { NAN, INFINITY };
  daoview_level_state_init (&l);
  daoview_level_state_update (&l, DAO_FLOAT, a, 2, 0, 0);
  assert_int_equal (daoview_level_state_update (&l, DAO_FLOAT, nan_frame, 2, 0, 1), 0);
  assert_true (l.low == 1 && l.high == 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(minmax_every_integer_type),
        cmocka_unit_test(minmax_skips_nan_and_inf),
        cmocka_unit_test(minmax_float_bits_match_a_plain_loop),
        cmocka_unit_test(minmax_fails_cleanly_without_finite_values),
        cmocka_unit_test(minmax_of_complex_parts),
        cmocka_unit_test(symmetric_levels),
        cmocka_unit_test(follow_policy_tracks_every_frame),
        cmocka_unit_test(freeze_policy_keeps_the_first_frame_levels),
        cmocka_unit_test(manual_levels_ignore_the_data),
        cmocka_unit_test(percentile_levels_are_recomputed_at_a_lower_rate),
        cmocka_unit_test(symmetric_levels_for_signed_data),
        cmocka_unit_test(frame_without_finite_values_keeps_previous_levels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
