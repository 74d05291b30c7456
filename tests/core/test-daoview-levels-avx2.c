/* test-daoview-levels-avx2.c — the AVX2 min/max finds the finite values'
 * minimum and maximum as the element getters read them
 * (daoview-levels-avx2.h), for every getter it takes, on random bit
 * patterns (NaN, ±Inf, subnormals, 64-bit integers beyond 2^53) and counts
 * that leave every tail length; frames without a finite value give 0.
 * Skipped where the CPU has no AVX2. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "daoview-levels-avx2.h"
#include "daoview-load4-private.h"
#include "getter-test-util.h"

enum { ELEMENTS = 300 };

static unsigned char frame[ELEMENTS * 16];

static void finite_minimum_and_maximum_of_every_getter(void **state)
{
    (void)state;
    if (!daoview__cpu_has_avx2())
        skip();
    int checked = 0;
    for (size_t gi = 0; gi < sizeof getters / sizeof getters[0]; gi++) {
        const Getter *g = &getters[gi];
        double lo = 7, hi = 7;
        if (is_small_integer(g->getter)) {
            assert_int_equal(daoview__minmax_avx2(g->getter, frame, ELEMENTS, &lo, &hi), -1);
            continue;
        }
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
                int found = daoview__minmax_avx2(g->getter, frame, count, &lo, &hi);
                if (want_lo > want_hi) {
                    assert_int_equal(found, 0);
                    continue;
                }
                if (found != 1 || lo != want_lo || hi != want_hi)
                    fail_msg("%s, %zu elements: %d, %.17g … %.17g, want %.17g … %.17g", g->name,
                             count, found, lo, hi, want_lo, want_hi);
            }
        }
        checked++;
    }
    assert_int_equal(checked, 14);
}

static void no_finite_value_is_reported(void **state)
{
    (void)state;
    if (!daoview__cpu_has_avx2())
        skip();
    double none[37];
    for (size_t i = 0; i < 37; i++)
        none[i] = i % 3 == 0 ? NAN : i % 3 == 1 ? INFINITY : -INFINITY;
    double lo = 7, hi = 7;
    assert_int_equal(daoview__minmax_avx2(DAOVIEW__GET_f64, none, 37, &lo, &hi), 0);
    assert_true(lo == 7 && hi == 7);
    float nonef[37];
    for (size_t i = 0; i < 37; i++)
        nonef[i] = (float)none[i];
    assert_int_equal(daoview__minmax_avx2(DAOVIEW__GET_f32, nonef, 37, &lo, &hi), 0);
    nonef[33] = -2.5f;
    nonef[2] = 1e-45f;
    assert_int_equal(daoview__minmax_avx2(DAOVIEW__GET_f32, nonef, 37, &lo, &hi), 1);
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
