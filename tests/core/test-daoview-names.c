/* test-daoview-names.c — the stable names of colormaps, scales and complex
 * parts (daoview-names.c): every name round-trips, unknown ones are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "daoview-names.h"

static void colormap_names_round_trip(void **state)
{
    static const char *const expected[DAOVIEW_N_COLORMAPS] = {
        "grey", "viridis", "inferno", "diverging", "cyclic",
    };
    for (int i = 0; i < DAOVIEW_N_COLORMAPS; i++) {
        assert_string_equal(daoview_colormap_name(i), expected[i]);
        assert_int_equal(daoview_colormap_from_name(expected[i]), i);
    }
}

static void scale_names_round_trip(void **state)
{
    static const char *const expected[DAOVIEW_N_SCALES] = {"linear", "log", "sqrt", "asinh"};
    for (int i = 0; i < DAOVIEW_N_SCALES; i++) {
        assert_string_equal(daoview_scale_name(i), expected[i]);
        assert_int_equal(daoview_scale_from_name(expected[i]), i);
    }
}

static void complex_part_names_round_trip(void **state)
{
    static const char *const expected[DAOVIEW_N_COMPLEX_PARTS] = {
        "amplitude", "phase", "real", "imaginary",
    };
    for (int i = 0; i < DAOVIEW_N_COMPLEX_PARTS; i++) {
        assert_string_equal(daoview_complex_part_name(i), expected[i]);
        assert_int_equal(daoview_complex_part_from_name(expected[i]), i);
    }
}

static void unknown_names_are_refused(void **state)
{
    const char *bad[] = {"", "Grey", "gray ", "viridis2", "LOG", "phases", "linear\n"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(daoview_colormap_from_name(bad[i]), -1);
        assert_int_equal(daoview_scale_from_name(bad[i]), -1);
        assert_int_equal(daoview_complex_part_from_name(bad[i]), -1);
    }
    assert_int_equal(daoview_colormap_from_name(NULL), -1);
    assert_int_equal(daoview_scale_from_name(NULL), -1);
    assert_int_equal(daoview_complex_part_from_name(NULL), -1);
    /* The names of one kind are not names of another. */
    assert_int_equal(daoview_colormap_from_name("log"), -1);
    assert_int_equal(daoview_scale_from_name("phase"), -1);
}

static void unknown_values_have_no_name(void **state)
{
    assert_null(daoview_colormap_name(DAOVIEW_N_COLORMAPS));
    assert_null(daoview_colormap_name((DaoviewColormap)-1));
    assert_null(daoview_scale_name(DAOVIEW_N_SCALES));
    assert_null(daoview_complex_part_name(DAOVIEW_N_COMPLEX_PARTS));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(colormap_names_round_trip),
        cmocka_unit_test(scale_names_round_trip),
        cmocka_unit_test(complex_part_names_round_trip),
        cmocka_unit_test(unknown_names_are_refused),
        cmocka_unit_test(unknown_values_have_no_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
