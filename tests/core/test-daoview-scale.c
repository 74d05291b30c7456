/* test-daoview-scale.c — the display scales (daoview-scale.c): the formulas
 * the header documents, at the ends, the midpoint and beyond. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "daoview-render.h"
#include "render-test-util.h"

static void ends_map_to_ends(void **state)
{
    for (int s = 0; s < DAOVIEW_N_SCALES; s++) {
        assert_near(daoview_scale_apply(s, 0.0), 0.0, 1e-15);
        assert_near(daoview_scale_apply(s, 1.0), 1.0, 1e-15);
        /* Outside [0, 1]: clamped. */
        assert_near(daoview_scale_apply(s, -3.0), 0.0, 1e-15);
        assert_near(daoview_scale_apply(s, 7.0), 1.0, 1e-15);
        assert_near(daoview_scale_apply(s, -INFINITY), 0.0, 1e-15);
        assert_near(daoview_scale_apply(s, INFINITY), 1.0, 1e-15);
        assert_true(isnan(daoview_scale_apply(s, NAN)));
    }
}

static void midpoints_are_the_documented_ones(void **state)
{
    assert_near(daoview_scale_apply(DAOVIEW_SCALE_LINEAR, 0.5), 0.5, 1e-15);
    assert_near(daoview_scale_apply(DAOVIEW_SCALE_SQRT, 0.5), sqrt(0.5), 1e-15);
    assert_near(daoview_scale_apply(DAOVIEW_SCALE_LOG, 0.5), log(501.0) / log(1001.0), 1e-12);
    assert_near(daoview_scale_apply(DAOVIEW_SCALE_ASINH, 0.5), asinh(5.0) / asinh(10.0), 1e-12);
    /* The rounded figures quoted in daoview-render.h. */
    assert_near(daoview_scale_apply(DAOVIEW_SCALE_SQRT, 0.5), 0.7071, 5e-5);
    assert_near(daoview_scale_apply(DAOVIEW_SCALE_LOG, 0.5), 0.8998, 5e-5);
    assert_near(daoview_scale_apply(DAOVIEW_SCALE_ASINH, 0.5), 0.7713, 5e-5);
}

static void log_spans_three_decades(void **state)
{
    /* u = 0.001, 0.01, 0.1 as the header says: 0.10, 0.35, 0.67. */
    assert_near(daoview_scale_apply(DAOVIEW_SCALE_LOG, 0.001), 0.10, 0.005);
    assert_near(daoview_scale_apply(DAOVIEW_SCALE_LOG, 0.01), 0.35, 0.005);
    assert_near(daoview_scale_apply(DAOVIEW_SCALE_LOG, 0.1), 0.67, 0.005);
}

static void scales_increase(void **state)
{
    for (int s = 0; s < DAOVIEW_N_SCALES; s++) {
        double previous = daoview_scale_apply(s, 0.0);
        for (int i = 1; i <= 1000; i++) {
            double t = daoview_scale_apply(s, i / 1000.0);
            assert_true(t > previous);
            previous = t;
        }
    }
}

static void invert_undoes_apply(void **state)
{
    for (int s = 0; s < DAOVIEW_N_SCALES; s++) {
        for (int i = 0; i <= 100; i++) {
            double u = i / 100.0;
            assert_near(daoview_scale_invert(s, daoview_scale_apply(s, u)), u, 1e-12);
        }
    }
}

static void unknown_scale_is_linear(void **state)
{
    assert_near(daoview_scale_apply(DAOVIEW_N_SCALES, 0.25), 0.25, 0.0);
    assert_near(daoview_scale_apply((DaoviewScale)-1, 0.25), 0.25, 0.0);
    assert_near(daoview_scale_invert(DAOVIEW_N_SCALES, 0.25), 0.25, 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ends_map_to_ends),
        cmocka_unit_test(midpoints_are_the_documented_ones),
        cmocka_unit_test(log_spans_three_decades),
        cmocka_unit_test(scales_increase),
        cmocka_unit_test(invert_undoes_apply),
        cmocka_unit_test(unknown_scale_is_linear),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
