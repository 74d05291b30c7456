/* test-daoview-profile.c — samples along a segment (daoview-profile.c):
 * lengths, exact ends, one sample per pixel step, diagonal and steep lines,
 * points outside the frame, and wild coordinates. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "daoview-profile.h"
#include "render-test-util.h"

#define W 8
#define H 5

/* Element (y, x) = 10 y + x: the value names the pixel. */
static float frame[H * W];

static int setup(void **state)
{
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            frame[y * W + x] = (float)(10 * y + x);
    return 0;
}

static size_t sample(double x0, double y0, double x1, double y1, DaoviewProfileSample *out,
                     size_t max)
{
    return daoview_profile_sample(DAO_FLOAT, frame, W, H, DAOVIEW_COMPLEX_AMPLITUDE, x0, y0, x1,
                                  y1, out, max);
}

static void lengths(void **state)
{
    assert_int_equal(daoview_profile_length(0, 0, 7, 0), 8);
    assert_int_equal(daoview_profile_length(0, 0, 0, 4), 5);
    assert_int_equal(daoview_profile_length(0, 0, 4, 4), 5);
    assert_int_equal(daoview_profile_length(7, 4, 0, 0), 8);
    assert_int_equal(daoview_profile_length(2.2, 1.4, 2.3, 1.1), 1); /* one pixel */
    assert_int_equal(daoview_profile_length(0.4, 0, 2.6, 0), 4);     /* pixels 0 … 3 */
    assert_int_equal(daoview_profile_length(NAN, 0, 1, 1), 0);
    assert_int_equal(daoview_profile_length(0, 0, INFINITY, 1), 0);
    assert_int_equal(daoview_profile_length(0, 0, 1e300, 1), 0);
    assert_int_equal(daoview_profile_length(0, 0, 1e12, 0), DAOVIEW_PROFILE_MAX_SAMPLES);
}

static void horizontal_row(void **state)
{
    DaoviewProfileSample s[16];
    assert_int_equal(sample(0, 2, 7, 2, s, 16), 8);
    for (int i = 0; i < 8; i++) {
        assert_int_equal(s[i].x, i);
        assert_int_equal(s[i].y, 2);
        assert_near(s[i].value, 20 + i, 0);
        assert_near(s[i].distance, i, 1e-12);
    }
}

static void vertical_reversed(void **state)
{
    DaoviewProfileSample s[16];
    assert_int_equal(sample(3, 4, 3, 0, s, 16), 5);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(s[i].x, 3);
        assert_int_equal(s[i].y, 4 - i);
        assert_near(s[i].value, 10 * (4 - i) + 3, 0);
    }
}

static void diagonal_and_steep(void **state)
{
    DaoviewProfileSample s[16];
    assert_int_equal(sample(0, 0, 4, 4, s, 16), 5);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(s[i].x, i);
        assert_int_equal(s[i].y, i);
        assert_near(s[i].value, 11 * i, 0);
        assert_near(s[i].distance, i * sqrt(2), 1e-12);
    }
    /* (1, 0) to (3, 4): 5 samples, one per row, x advancing by half. */
    assert_int_equal(sample(1, 0, 3, 4, s, 16), 5);
    const long xs[] = {1, 2, 2, 3, 3}; /* 1, 1.5, 2, 2.5, 3 rounded half up */
    for (int i = 0; i < 5; i++) {
        assert_int_equal(s[i].y, i);
        assert_int_equal(s[i].x, xs[i]);
        assert_near(s[i].value, 10 * i + xs[i], 0);
    }
    /* Consecutive samples are neighbouring pixels: no gaps. */
    assert_int_equal(sample(0.3, 4.2, 7.4, 0.1, s, 16), 8);
    for (int i = 1; i < 8; i++) {
        assert_true(labs(s[i].x - s[i - 1].x) <= 1);
        assert_true(labs(s[i].y - s[i - 1].y) <= 1);
    }
    assert_int_equal(s[0].x, 0);
    assert_int_equal(s[0].y, 4);
    assert_int_equal(s[7].x, 7);
    assert_int_equal(s[7].y, 0);
}

static void outside_points_are_nan(void **state)
{
    DaoviewProfileSample s[16];
    assert_int_equal(sample(-2, 1, 9, 1, s, 16), 12);
    assert_int_equal(s[0].x, -2);
    assert_true(isnan(s[0].value));
    assert_true(isnan(s[1].value));
    assert_near(s[2].value, 10, 0);
    assert_near(s[9].value, 17, 0);
    assert_true(isnan(s[10].value));
    assert_true(isnan(s[11].value));
}

static void output_is_truncated_not_resampled(void **state)
{
    DaoviewProfileSample s[3];
    assert_int_equal(sample(0, 0, 7, 0, s, 3), 3);
    assert_int_equal(s[2].x, 2);
    assert_int_equal(sample(0, 0, 7, 0, s, 0), 0);
}

static void single_point(void **state)
{
    DaoviewProfileSample s[2];
    assert_int_equal(sample(5.2, 3.4, 5.2, 3.4, s, 2), 1);
    assert_int_equal(s[0].x, 5);
    assert_int_equal(s[0].y, 3);
    assert_near(s[0].value, 35, 0);
    assert_near(s[0].distance, 0, 0);
}

static void bad_arguments(void **state)
{
    DaoviewProfileSample s[2];
    assert_int_equal(sample(NAN, 0, 1, 1, s, 2), 0);
    assert_int_equal(sample(0, 0, 1, 1, NULL, 2), 0);
    assert_int_equal(daoview_profile_sample((dao_type)0, frame, W, H, 0, 0, 0, 1, 1, s, 2), 0);
    assert_int_equal(daoview_profile_sample(DAO_FLOAT, NULL, W, H, 0, 0, 0, 1, 1, s, 2), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lengths),
        cmocka_unit_test(horizontal_row),
        cmocka_unit_test(vertical_reversed),
        cmocka_unit_test(diagonal_and_steep),
        cmocka_unit_test(outside_points_are_nan),
        cmocka_unit_test(output_is_truncated_not_resampled),
        cmocka_unit_test(single_point),
        cmocka_unit_test(bad_arguments),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
