/* test-daoview-plot.c — nice ticks, labels, plot ranges and the mapping of a
 * vector to plot coordinates (daoview-plot.c): a 1-D ramp plots as a
 * straight line, rows and columns of an image, NaN gaps, bad vectors. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "daoview-plot.h"
#include "render-test-util.h"

static void steps_are_1_2_5(void **state)
{
    assert_near(daoview_ticks_step(0, 10, 5), 2, 0);
    assert_near(daoview_ticks_step(0, 10, 10), 1, 0);
    assert_near(daoview_ticks_step(0, 1, 5), 0.2, 1e-16);
    assert_near(daoview_ticks_step(0, 1, 10), 0.1, 1e-16);
    assert_near(daoview_ticks_step(0, 65535, 5), 20000, 0);
    assert_near(daoview_ticks_step(-3.2, 7.9, 4), 5, 0);
    assert_near(daoview_ticks_step(1e-9, 4e-9, 3), 1e-9, 1e-24);
    assert_near(daoview_ticks_step(0, 3, 0), 5, 0); /* target 0 counts as 1 */
    /* Every step is 1, 2 or 5 times a power of ten, and gives at most target intervals. */
    for (double span = 1e-6; span < 1e9; span *= 1.37) {
        for (unsigned target = 2; target < 12; target += 3) {
            double step = daoview_ticks_step(-span / 3, span, target);
            double mantissa = step / pow(10, floor(log10(step) + 1e-12));
            assert_true(fabs(mantissa - 1) < 1e-9 || fabs(mantissa - 2) < 1e-9 ||
                        fabs(mantissa - 5) < 1e-9);
            assert_true((span + span / 3) / step <= target * (1 + 1e-9));
        }
    }
    assert_true(isnan(daoview_ticks_step(1, 1, 5)));
    assert_true(isnan(daoview_ticks_step(2, 1, 5)));
    assert_true(isnan(daoview_ticks_step(NAN, 1, 5)));
    assert_true(isfinite(daoview_ticks_step(-DBL_MAX, DBL_MAX, 4)));
}

static void ticks_inside_the_range(void **state)
{
    double t[16];
    assert_int_equal(daoview_ticks(-3.2, 7.9, 5, t, 16), 2);
    assert_near(t[0], 0, 0);
    assert_near(t[1], 5, 0);
    assert_int_equal(daoview_ticks(0, 1, 0.2, t, 16), 6);
    for (int i = 0; i < 6; i++)
        assert_near(t[i], 0.2 * i, 1e-15);
    /* Zero is exactly zero even when reached by rounding. */
    assert_int_equal(daoview_ticks(-0.3, 0.3, 0.1, t, 16), 7);
    assert_true(t[3] == 0.0);
    /* Counting without writing, and truncated output. */
    assert_int_equal(daoview_ticks(0, 100, 1, NULL, 0), 101);
    assert_int_equal(daoview_ticks(0, 100, 1, t, 4), 101);
    assert_near(t[3], 3, 0);
    assert_int_equal(daoview_ticks(0, 1, 0, t, 16), 0);
    assert_int_equal(daoview_ticks(0, 1e300, 1, t, 16), 0); /* absurd step */
}

static void labels(void **state)
{
    char buf[32];
    assert_string_equal(daoview_tick_label(0.25, 0.05, buf, sizeof buf), "0.25");
    assert_string_equal(daoview_tick_label(0.2, 0.2, buf, sizeof buf), "0.2");
    assert_string_equal(daoview_tick_label(1500, 500, buf, sizeof buf), "1500");
    assert_string_equal(daoview_tick_label(-3, 1, buf, sizeof buf), "-3");
    assert_string_equal(daoview_tick_label(0, 0.001, buf, sizeof buf), "0");
    assert_string_equal(daoview_tick_label(1.5e6, 5e5, buf, sizeof buf), "1500000");
    assert_string_equal(daoview_tick_label(2e6, 1e6, buf, sizeof buf), "2e+06");
    assert_string_equal(daoview_tick_label(2.5e7, 5e6, buf, sizeof buf), "2.5e+07");
    assert_string_equal(daoview_tick_label(2e-7, 1e-7, buf, sizeof buf), "2e-07");
    assert_string_equal(daoview_tick_label(1.4e-6, 2e-7, buf, sizeof buf), "1.4e-06");
    assert_string_equal(daoview_tick_label(NAN, 1, buf, sizeof buf), "nan");
    char tiny[4];
    daoview_tick_label(123456, 1, tiny, sizeof tiny);
    assert_int_equal(strlen(tiny), 3); /* truncated, terminated */
}

static void plot_ranges(void **state)
{
    double lo, hi;
    daoview_plot_range(0.3, 9.2, 5, &lo, &hi);
    assert_near(lo, 0, 0);
    assert_near(hi, 10, 0);
    daoview_plot_range(-0.013, 0.021, 4, &lo, &hi);
    assert_near(lo, -0.02, 1e-15);
    assert_near(hi, 0.03, 1e-15);
    daoview_plot_range(5, 5, 4, &lo, &hi); /* constant: ±1 */
    assert_true(lo <= 4 && hi >= 6);
    daoview_plot_range(1000, 1000, 4, &lo, &hi); /* constant: ±10 % */
    assert_true(lo <= 900 && hi >= 1100 && lo > 0);
    daoview_plot_range(NAN, 1, 4, &lo, &hi);
    assert_near(lo, 0, 0);
    assert_near(hi, 1, 0);
    daoview_plot_range(-DBL_MAX, DBL_MAX, 4, &lo, &hi);
    assert_true(isfinite(lo) && isfinite(hi) && lo < 0 && hi > 0);
}

static void coordinates(void **state)
{
    DaoviewPlotArea a = {.x = 10, .y = 20, .width = 100, .height = 50,
                         .x_min = 0, .x_max = 4, .y_min = -1, .y_max = 1};
    assert_near(daoview_plot_x(&a, 0), 10, 0);
    assert_near(daoview_plot_x(&a, 4), 110, 0);
    assert_near(daoview_plot_x(&a, 1), 35, 1e-12);
    assert_near(daoview_plot_y(&a, -1), 70, 0); /* bottom */
    assert_near(daoview_plot_y(&a, 1), 20, 0);  /* top */
    assert_near(daoview_plot_y(&a, 0), 45, 1e-12);
    assert_true(isnan(daoview_plot_y(&a, NAN)));
    DaoviewPlotArea flat = a;
    flat.y_min = flat.y_max = 3;
    assert_near(daoview_plot_y(&flat, 3), 45, 0); /* empty range: middle */
    DaoviewPlotArea huge = a;
    huge.y_min = -DBL_MAX;
    huge.y_max = DBL_MAX;
    assert_near(daoview_plot_y(&huge, 0), 45, 1e-9);
}

static void a_ramp_plots_as_a_straight_line(void **state)
{
    uint16_t ramp[64];
    for (int i = 0; i < 64; i++)
        ramp[i] = (uint16_t)(100 + 3 * i);
    DaoviewPlotArea a = {.x = 0, .y = 0, .width = 630, .height = 200,
                         .x_min = 0, .x_max = 63, .y_min = 100, .y_max = 289};
    double px[64], py[64];
    assert_int_equal(daoview_plot_vector(DAO_UINT16, ramp, 64, 0, 1, 64, 0, &a, px, py), 64);
    for (int i = 0; i < 64; i++) {
        assert_near(px[i], 10 * i, 1e-9);
        assert_near(py[i], 200 - 200.0 * i / 63, 1e-9);
    }
}

static void rows_columns_and_gaps(void **state)
{
    /* 4 x 3 float image, element (y, x) = 10 y + x, one NaN. */
    float img[12];
    for (int i = 0; i < 12; i++)
        img[i] = (float)(10 * (i / 4) + i % 4);
    img[6] = NAN;
    DaoviewPlotArea a = {.x = 0, .y = 0, .width = 3, .height = 30,
                         .x_min = 0, .x_max = 3, .y_min = 0, .y_max = 30};
    double px[4], py[4];
    /* Row 1: 10, 11, NaN, 13. */
    assert_int_equal(daoview_plot_vector(DAO_FLOAT, img, 12, 4, 1, 4, 0, &a, px, py), 4);
    assert_near(py[0], 20, 1e-12);
    assert_near(py[1], 19, 1e-12);
    assert_true(isnan(py[2]));
    assert_near(px[2], 2, 1e-12);
    assert_near(py[3], 17, 1e-12);
    /* Column 3: 3, 13, 23. */
    assert_int_equal(daoview_plot_vector(DAO_FLOAT, img, 12, 3, 4, 3, 0, &a, px, py), 3);
    assert_near(py[0], 27, 1e-12);
    assert_near(py[2], 7, 1e-12);
    /* Reaching past the frame is refused, not read. */
    assert_int_equal(daoview_plot_vector(DAO_FLOAT, img, 12, 4, 4, 3, 0, &a, px, py), 0);
    assert_int_equal(daoview_plot_vector(DAO_FLOAT, img, 12, 12, 1, 1, 0, &a, px, py), 0);
    assert_int_equal(daoview_plot_vector(DAO_FLOAT, img, 12, 0, SIZE_MAX, 2, 0, &a, px, py), 0);
    assert_int_equal(daoview_plot_vector(DAO_FLOAT, img, 12, 0, 0, 2, 0, &a, px, py), 0);
    assert_int_equal(daoview_plot_vector(DAO_FLOAT, img, 12, 0, 1, 0, 0, &a, px, py), 0);
    assert_int_equal(daoview_plot_vector((dao_type)0, img, 12, 0, 1, 2, 0, &a, px, py), 0);
    assert_int_equal(daoview_plot_vector(DAO_FLOAT, NULL, 12, 0, 1, 2, 0, &a, px, py), 0);
    /* The last element exactly: fine. */
    assert_int_equal(daoview_plot_vector(DAO_FLOAT, img, 12, 11, 1, 1, 0, &a, px, py), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(steps_are_1_2_5),
        cmocka_unit_test(ticks_inside_the_range),
        cmocka_unit_test(labels),
        cmocka_unit_test(plot_ranges),
        cmocka_unit_test(coordinates),
        cmocka_unit_test(a_ramp_plots_as_a_straight_line),
        cmocka_unit_test(rows_columns_and_gaps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
