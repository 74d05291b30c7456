/* test-daoview-levels-avx2.c — the min/max levels, through the AVX2 lanes
 * (daoview-levels-avx2.h) and the row kernels, find the finite values'
 * minimum and maximum as the element getters read them, for every getter,
 * on random bit patterns (NaN, ±Inf, subnormals, 64-bit integers beyond 2^53) and counts
 * that leave every tail length; frames without a finite value are said
 * to have none. The AVX2 calls are left out where the CPU has no AVX2. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "daoview-levels.h"
#include "daoview-levels-avx2.h"
#include "daoview-load4-private.h"
#include "getter-test-util.h"

enum { ELEMENTS = 300 };

static unsigned char frame[ELEMENTS * 16];

/* The element type and complex part each getter reads. */
static void type_of(int getter, dao_type *type, DaoviewComplexPart *part)
{
    static const dao_type real[] = {
        [DAOVIEW__GET_u8] = DAO_UINT8,   [DAOVIEW__GET_i8] = DAO_INT8,   [DAOVIEW__GET_u16] = DAO_UINT16,
        [DAOVIEW__GET_i16] = DAO_INT16,  [DAOVIEW__GET_u32] = DAO_UINT32, [DAOVIEW__GET_i32] = DAO_INT32,
        [DAOVIEW__GET_u64] = DAO_UINT64, [DAOVIEW__GET_i64] = DAO_INT64, [DAOVIEW__GET_f32] = DAO_FLOAT,
        [DAOVIEW__GET_f64] = DAO_DOUBLE,
    };
    *part = DAOVIEW_COMPLEX_AMPLITUDE;
    switch (getter) {
    case DAOVIEW__GET_cf_amp: *type = DAO_COMPLEX_FLOAT; return;
    case DAOVIEW__GET_cf_phase: *type = DAO_COMPLEX_FLOAT, *part = DAOVIEW_COMPLEX_PHASE; return;
    case DAOVIEW__GET_cf_re: *type = DAO_COMPLEX_FLOAT, *part = DAOVIEW_COMPLEX_REAL; return;
    case DAOVIEW__GET_cf_im: *type = DAO_COMPLEX_FLOAT, *part = DAOVIEW_COMPLEX_IMAGINARY; return;
    case DAOVIEW__GET_cd_amp: *type = DAO_COMPLEX_DOUBLE; return;
    case DAOVIEW__GET_cd_phase: *type = DAO_COMPLEX_DOUBLE, *part = DAOVIEW_COMPLEX_PHASE; return;
    case DAOVIEW__GET_cd_re: *type = DAO_COMPLEX_DOUBLE, *part = DAOVIEW_COMPLEX_REAL; return;
    case DAOVIEW__GET_cd_im: *type = DAO_COMPLEX_DOUBLE, *part = DAOVIEW_COMPLEX_IMAGINARY; return;
    default: *type = real[getter]; return;
    }
}

/* daoview_levels_minmax, whichever loop it takes for the getter (its own
 * AVX2 lanes for float32 and the 32-bit integers, the row kernels for the
 * wider types, own-type loops for 8/16-bit), and daoview__minmax_avx2
 * where it takes the getter, against the getter's values. */
static void finite_minimum_and_maximum_of_every_getter(void **state)
{
    (void)state;
    int checked = 0, taken = 0;
    for (size_t gi = 0; gi < sizeof getters / sizeof getters[0]; gi++) {
        const Getter *g = &getters[gi];
        dao_type type;
        DaoviewComplexPart part;
        type_of(g->getter, &type, &part);
        double lo = 7, hi = 7;
        int avx2 = daoview__minmax_avx2(g->getter, frame, ELEMENTS, &lo, &hi) >= 0;
        if (is_small_integer(g->getter))
            assert_false(avx2); /* own-type loops only */
        taken += avx2;
        for (uint64_t seed = 1; seed <= 6; seed++) {
            uint64_t s = seed * 0x9e3779b97f4a7c15u;
            for (size_t i = 0; i < sizeof frame; i += 8) {
                uint64_t bits = next_random(&s);
                memcpy(frame + i, &bits, 8);
            }
            for (size_t count = 1; count <= ELEMENTS; count += count < 40 ? 1 : 37) {
                double want_lo = INFINITY, want_hi = -INFINITY;
                for (size_t i = 0; i < count; i++) {
                    double v = g->get(frame, i);
                    if (isfinite(v)) {
                        want_lo = fmin(want_lo, v);
                        want_hi = fmax(want_hi, v);
                    }
                }
                int ret = daoview_levels_minmax(type, frame, count, part, &lo, &hi);
                if (want_lo > want_hi)
                    assert_int_equal(ret, -1);
                else if (ret != 0 || lo != want_lo || hi != want_hi)
                    fail_msg("%s, %zu elements: %d, %.17g … %.17g, want %.17g … %.17g", g->name,
                             count, ret, lo, hi, want_lo, want_hi);
                if (!avx2)
                    continue;
                int found = daoview__minmax_avx2(g->getter, frame, count, &lo, &hi);
                if (want_lo > want_hi)
                    assert_int_equal(found, 0);
                else if (found != 1 || lo != want_lo || hi != want_hi)
                    fail_msg("%s (AVX2), %zu elements: %d, %.17g … %.17g, want %.17g … %.17g",
                             g->name, count, found, lo, hi, want_lo, want_hi);
            }
        }
        checked++;
    }
    assert_int_equal(checked, 18);
    /* float32 and the 32-bit integers, where the CPU has AVX2. */
    assert_int_equal(taken, daoview__cpu_has_avx2() ? 3 : 0);
}

static void no_finite_value_is_reported(void **state)
{
    (void)state;
    double none[37];
    for (size_t i = 0; i < 37; i++)
        none[i] = i % 3 == 0 ? NAN : i % 3 == 1 ? INFINITY : -INFINITY;
    double lo = 7, hi = 7;
    /* The row kernels' path (the public call's documented failure: 0 … 0). */
    assert_int_equal(daoview_levels_minmax(DAO_DOUBLE, none, 37, DAOVIEW_COMPLEX_AMPLITUDE, &lo, &hi), -1);
    assert_true(lo == 0 && hi == 0);
    float nonef[37];
    for (size_t i = 0; i < 37; i++)
        nonef[i] = (float)none[i];
    /* The float32 lanes, where the CPU has AVX2; the public call either way. */
    if (daoview__cpu_has_avx2()) {
        lo = hi = 7;
        assert_int_equal(daoview__minmax_avx2(DAOVIEW__GET_f32, nonef, 37, &lo, &hi), 0);
        assert_true(lo == 7 && hi == 7); /* nothing set */
    }
    assert_int_equal(daoview_levels_minmax(DAO_FLOAT, nonef, 37, DAOVIEW_COMPLEX_AMPLITUDE, &lo, &hi), -1);
    nonef[33] = -2.5f;
    nonef[2] = 1e-45f;
    if (daoview__cpu_has_avx2()) {
        assert_int_equal(daoview__minmax_avx2(DAOVIEW__GET_f32, nonef, 37, &lo, &hi), 1);
        assert_true(lo == -2.5 && hi == (double)1e-45f);
    }
    assert_int_equal(daoview_levels_minmax(DAO_FLOAT, nonef, 37, DAOVIEW_COMPLEX_AMPLITUDE, &lo, &hi), 0);
    assert_true(lo == -2.5 && hi == (double)1e-45f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finite_minimum_and_maximum_of_every_getter),
        cmocka_unit_test(no_finite_value_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
