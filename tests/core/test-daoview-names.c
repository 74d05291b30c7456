/* test-daoview-names.c — the stable names of every choice (daoview-names.c):
 * every name round-trips, unknown ones are refused. */
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

static void choice_names_round_trip(void **state)
{
    static const char *const modes[] = {"minmax", "percentile", "manual"};
    static const char *const policies[] = {"follow", "freeze", "manual"};
    static const char *const plots[] = {"image", "row", "column"};
    static const char *const tools[] = {"pan", "line", "rect"};
    static const char *const saves[] = {"view", "fits", "npy"};
    static const char *const states[] = {"waiting", "live", "stale", "writer-gone", "recreated",
                                         "invalid", "disconnected", "reconnecting", "recorded"};
    for (int i = 0; i < DAOVIEW_N_LEVEL_MODES; i++)
        assert_int_equal(daoview_level_mode_from_name(modes[i]), i);
    for (int i = 0; i < DAOVIEW_N_LEVEL_POLICIES; i++)
        assert_string_equal(daoview_level_policy_name(i), policies[i]);
    for (int i = 0; i < DAOVIEW_N_PLOT_MODES; i++)
        assert_int_equal(daoview_plot_mode_from_name(daoview_plot_mode_name(i)), i);
    for (int i = 0; i < DAOVIEW_N_PLOT_MODES; i++)
        assert_string_equal(daoview_plot_mode_name(i), plots[i]);
    for (int i = 0; i < DAOVIEW_N_TOOLS; i++)
        assert_int_equal(daoview_tool_from_name(tools[i]), i);
    for (int i = 0; i < DAOVIEW_N_SAVE_KINDS; i++)
        assert_string_equal(daoview_save_kind_name(i), saves[i]);
    for (int i = 0; i < DAOVIEW_N_STREAM_STATES; i++) {
        assert_string_equal(daoview_stream_state_name(i), states[i]);
        assert_int_equal(daoview_stream_state_from_name(states[i]), i);
    }
    assert_int_equal(daoview_level_policy_from_name("bogus"), -1);
    assert_int_equal(daoview_tool_from_name(NULL), -1);
    assert_null(daoview_stream_state_name(DAOVIEW_N_STREAM_STATES));
    /* "manual" is a mode and a policy, and nothing else. */
    assert_int_equal(daoview_level_mode_from_name("manual"), DAOVIEW_LEVEL_MODE_MANUAL);
    assert_int_equal(daoview_level_policy_from_name("manual"), DAOVIEW_LEVEL_POLICY_MANUAL);
    assert_int_equal(daoview_plot_mode_from_name("manual"), -1);
    static const char *const reticles[] = {"off", "centre", "centroid", "position"};
    for (int i = 0; i < DAOVIEW_N_RETICLES; i++) {
        assert_string_equal(daoview_reticle_name(i), reticles[i]);
        assert_int_equal(daoview_reticle_from_name(reticles[i]), i);
    }
    assert_int_equal(daoview_reticle_from_name("center"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(colormap_names_round_trip),
        cmocka_unit_test(scale_names_round_trip),
        cmocka_unit_test(complex_part_names_round_trip),
        cmocka_unit_test(unknown_names_are_refused),
        cmocka_unit_test(unknown_values_have_no_name),
        cmocka_unit_test(choice_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
