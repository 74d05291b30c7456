/* test-daoview-reference.c — reference capture and subtraction
 * (daoview-reference.c): one frame, the mean of N, the state machine,
 * mismatching frames, phase wrapping, huge values. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "daoview-reference.h"
#include "render-test-util.h"

static const DaoviewComplexPart AMP = DAOVIEW_COMPLEX_AMPLITUDE;

static int setup(void **state)
{
    *state = daoview_reference_new();
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    daoview_reference_free(*state);
    return 0;
}

static void empty_until_started(void **state)
{
    DaoviewReference *ref = *state;
    const uint16_t f[] = {1, 2, 3};
    double out[3] = {-1, -1, -1};
    assert_int_equal(daoview_reference_state(ref), DAOVIEW_REFERENCE_EMPTY);
    /* Frames offered without a capture are ignored. */
    assert_int_equal(daoview_reference_add(ref, DAO_UINT16, f, 3, AMP), DAOVIEW_REFERENCE_EMPTY);
    assert_int_equal(daoview_reference_subtract(ref, DAO_UINT16, f, 3, AMP, out), -1);
    assert_near(out[0], -1, 0); /* untouched */
    assert_null(daoview_reference_values(ref, NULL));
}

static void capture_one_frame(void **state)
{
    DaoviewReference *ref = *state;
    const uint16_t reference[] = {10, 20, 30, 65535};
    const uint16_t frame[] = {12, 20, 25, 0};
    double out[4];
    daoview_reference_start(ref, 1);
    assert_int_equal(daoview_reference_state(ref), DAOVIEW_REFERENCE_CAPTURING);
    assert_int_equal(daoview_reference_add(ref, DAO_UINT16, reference, 4, AMP), DAOVIEW_REFERENCE_READY);
    assert_int_equal(daoview_reference_frames(ref), 1);
    /* Later frames do not change a ready reference. */
    assert_int_equal(daoview_reference_add(ref, DAO_UINT16, frame, 4, AMP), DAOVIEW_REFERENCE_READY);
    assert_int_equal(daoview_reference_subtract(ref, DAO_UINT16, frame, 4, AMP, out), 0);
    assert_near(out[0], 2, 0);
    assert_near(out[1], 0, 0);
    assert_near(out[2], -5, 0);
    assert_near(out[3], -65535, 0); /* unsigned data, signed difference */
    size_t n;
    const double *values = daoview_reference_values(ref, &n);
    assert_non_null(values);
    assert_int_equal(n, 4);
    assert_near(values[3], 65535, 0);
    daoview_reference_clear(ref);
    assert_int_equal(daoview_reference_state(ref), DAOVIEW_REFERENCE_EMPTY);
    assert_int_equal(daoview_reference_subtract(ref, DAO_UINT16, frame, 4, AMP, out), -1);
}

static void average_of_n_frames(void **state)
{
    DaoviewReference *ref = *state;
    daoview_reference_start(ref, 4);
    assert_int_equal(daoview_reference_frames_wanted(ref), 4);
    for (int k = 0; k < 4; k++) {
        const float f[] = {(float)k, 10.0f * k, NAN};
        int st = daoview_reference_add(ref, DAO_FLOAT, f, 3, AMP);
        assert_int_equal(st, k < 3 ? DAOVIEW_REFERENCE_CAPTURING : DAOVIEW_REFERENCE_READY);
        assert_int_equal(daoview_reference_frames(ref), k + 1);
        /* No reference to subtract while capturing. */
        double out[3];
        if (k < 3)
            assert_int_equal(daoview_reference_subtract(ref, DAO_FLOAT, f, 3, AMP, out), -1);
    }
    const float frame[] = {1.5f, 15.0f, 1.0f};
    double out[3];
    assert_int_equal(daoview_reference_subtract(ref, DAO_FLOAT, frame, 3, AMP, out), 0);
    assert_near(out[0], 0, 1e-12); /* mean of 0, 1, 2, 3 */
    assert_near(out[1], 0, 1e-12); /* mean of 0, 10, 20, 30 */
    assert_true(isnan(out[2]));    /* NaN in the reference stays NaN */
    /* Starting again drops the old reference. */
    daoview_reference_start(ref, 0); /* 0 means 1 */
    assert_int_equal(daoview_reference_frames_wanted(ref), 1);
    assert_int_equal(daoview_reference_state(ref), DAOVIEW_REFERENCE_CAPTURING);
    assert_null(daoview_reference_values(ref, NULL));
}

static void mismatching_frames(void **state)
{
    DaoviewReference *ref = *state;
    const int32_t a[] = {1, 2, 3, 4};
    const int32_t b[] = {100, 200, 300, 400};
    const int16_t c[] = {7, 7, 7, 7};
    double out[4];
    daoview_reference_start(ref, 2);
    assert_int_equal(daoview_reference_add(ref, DAO_INT32, a, 4, AMP), DAOVIEW_REFERENCE_CAPTURING);
    /* The stream was recreated with another type: the capture restarts. */
    assert_int_equal(daoview_reference_add(ref, DAO_INT16, c, 4, AMP), DAOVIEW_REFERENCE_CAPTURING);
    assert_int_equal(daoview_reference_frames(ref), 1);
    /* …and with another size. */
    assert_int_equal(daoview_reference_add(ref, DAO_INT32, b, 3, AMP), DAOVIEW_REFERENCE_CAPTURING);
    assert_int_equal(daoview_reference_frames(ref), 1);
    assert_int_equal(daoview_reference_add(ref, DAO_INT32, a, 3, AMP), DAOVIEW_REFERENCE_READY);
    /* The reference is the mean of b[0..2] and a[0..2]. */
    assert_int_equal(daoview_reference_subtract(ref, DAO_INT32, a, 3, AMP, out), 0);
    assert_near(out[0], 1 - 50.5, 1e-12);
    assert_near(out[2], 3 - 151.5, 1e-12);
    /* Subtracting from a frame that does not match is refused. */
    out[0] = 42;
    assert_int_equal(daoview_reference_subtract(ref, DAO_INT32, a, 4, AMP, out), -1);
    assert_int_equal(daoview_reference_subtract(ref, DAO_INT16, c, 3, AMP, out), -1);
    assert_near(out[0], 42, 0);
}

static void complex_parts_and_phase_wrap(void **state)
{
    DaoviewReference *ref = *state;
    /* Reference phase 170°, frame phase -170°: the difference is +20°. */
    double r = 170 * M_PI / 180, f = -170 * M_PI / 180;
    const double reference[] = {cos(r), sin(r)};
    const double frame[] = {cos(f), sin(f)};
    double out[1];
    daoview_reference_start(ref, 1);
    assert_int_equal(daoview_reference_add(ref, DAO_COMPLEX_DOUBLE, reference, 1, DAOVIEW_COMPLEX_PHASE),
                     DAOVIEW_REFERENCE_READY);
    assert_int_equal(daoview_reference_subtract(ref, DAO_COMPLEX_DOUBLE, frame, 1, DAOVIEW_COMPLEX_PHASE, out), 0);
    assert_near(out[0], 20 * M_PI / 180, 1e-12);
    /* The other way round: -20°. */
    daoview_reference_start(ref, 1);
    daoview_reference_add(ref, DAO_COMPLEX_DOUBLE, frame, 1, DAOVIEW_COMPLEX_PHASE);
    assert_int_equal(daoview_reference_subtract(ref, DAO_COMPLEX_DOUBLE, reference, 1, DAOVIEW_COMPLEX_PHASE, out), 0);
    assert_near(out[0], -20 * M_PI / 180, 1e-12);
    /* A reference of one part does not subtract from another. */
    assert_int_equal(daoview_reference_subtract(ref, DAO_COMPLEX_DOUBLE, reference, 1, DAOVIEW_COMPLEX_REAL, out), -1);
    /* For real types the part does not matter. */
    const double v[] = {5};
    daoview_reference_start(ref, 1);
    daoview_reference_add(ref, DAO_DOUBLE, v, 1, DAOVIEW_COMPLEX_PHASE);
    assert_int_equal(daoview_reference_subtract(ref, DAO_DOUBLE, v, 1, DAOVIEW_COMPLEX_REAL, out), 0);
    assert_near(out[0], 0, 0);
}

static void huge_values(void **state)
{
    DaoviewReference *ref = *state;
    const double a[] = {DBL_MAX, -DBL_MAX};
    const double b[] = {-DBL_MAX, -DBL_MAX};
    double out[2];
    daoview_reference_start(ref, 2);
    daoview_reference_add(ref, DAO_DOUBLE, a, 2, AMP);
    assert_int_equal(daoview_reference_add(ref, DAO_DOUBLE, b, 2, AMP), DAOVIEW_REFERENCE_READY);
    const double *mean = daoview_reference_values(ref, NULL);
    assert_near(mean[0], 0, 0);         /* no overflow in the running mean */
    assert_near(mean[1], -DBL_MAX, 0);
    assert_int_equal(daoview_reference_subtract(ref, DAO_DOUBLE, a, 2, AMP, out), 0);
    assert_near(out[0], DBL_MAX, 0);
    assert_near(out[1], 0, 0);
    /* A difference beyond the double range is +Inf, not garbage. */
    daoview_reference_start(ref, 1);
    daoview_reference_add(ref, DAO_DOUBLE, b, 2, AMP);
    assert_int_equal(daoview_reference_subtract(ref, DAO_DOUBLE, a, 2, AMP, out), 0);
    assert_true(out[0] == INFINITY);
}

static void bad_arguments(void **state)
{
    DaoviewReference *ref = *state;
    const double v[] = {1};
    double out[1];
    daoview_reference_start(ref, 1);
    assert_int_equal(daoview_reference_add(ref, (dao_type)0, v, 1, AMP), -1);
    assert_int_equal(daoview_reference_add(ref, DAO_DOUBLE, NULL, 1, AMP), -1);
    assert_int_equal(daoview_reference_add(ref, DAO_DOUBLE, v, 0, AMP), -1);
    assert_int_equal(daoview_reference_add(NULL, DAO_DOUBLE, v, 1, AMP), -1);
    assert_int_equal(daoview_reference_state(ref), DAOVIEW_REFERENCE_CAPTURING);
    assert_int_equal(daoview_reference_subtract(NULL, DAO_DOUBLE, v, 1, AMP, out), -1);
    assert_int_equal(daoview_reference_state(NULL), DAOVIEW_REFERENCE_EMPTY);
    daoview_reference_clear(NULL);
    daoview_reference_start(NULL, 3);
    daoview_reference_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(empty_until_started, setup, teardown),
        cmocka_unit_test_setup_teardown(capture_one_frame, setup, teardown),
        cmocka_unit_test_setup_teardown(average_of_n_frames, setup, teardown),
        cmocka_unit_test_setup_teardown(mismatching_frames, setup, teardown),
        cmocka_unit_test_setup_teardown(complex_parts_and_phase_wrap, setup, teardown),
        cmocka_unit_test_setup_teardown(huge_values, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_arguments, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
