/* test-daoview-options.c — the command line as GApplication hands it over
 * (a GVariantDict), read by daoview-options.c: settings become this run's
 * overrides under the settings' own names, the rest a window's starting
 * state; values that cannot be used are refused with a message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "daoview-options.h"

/* Parse `dict`; returns the parse result, options in *o. */
static gboolean
parse (GVariantDict *dict, DaoviewOptions *o, GError **error)
{
  daoview_options_init (o);
  gboolean ok = daoview_options_parse (o, dict, error);
  g_variant_dict_unref (dict);
  return ok;
}

static void
settings_become_overrides (void **state)
{
  GVariantDict *d = g_variant_dict_new (NULL);
  DaoviewOptions o;
  g_variant_dict_insert (d, "colormap", "s", "viridis");
  g_variant_dict_insert (d, "percentile", "s", "1:99");
  g_variant_dict_insert (d, "max-fps", "s", "0");
  assert_true (parse (d, &o, NULL));
  const char *s;
  double low, high;
  int fps;
  assert_true (g_variant_dict_lookup (o.overrides, "colormap", "&s", &s) && g_str_equal (s, "viridis"));
  assert_true (g_variant_dict_lookup (o.overrides, "level-mode", "&s", &s) && g_str_equal (s, "percentile"));
  assert_true (g_variant_dict_lookup (o.overrides, "percentile-low", "d", &low) && low == 1);
  assert_true (g_variant_dict_lookup (o.overrides, "percentile-high", "d", &high) && high == 99);
  /* 0, which GApplication cannot tell from an absent integer option. */
  assert_true (g_variant_dict_lookup (o.overrides, "max-fps", "i", &fps) && fps == 0);
  assert_false (g_variant_dict_contains (o.overrides, "scale"));
  assert_false (o.manual_levels);
  daoview_options_clear (&o);
}

static void
levels_are_manual_and_starting_state (void **state)
{
  GVariantDict *d = g_variant_dict_new (NULL);
  DaoviewOptions o;
  g_variant_dict_insert (d, "levels", "s", "-50:250");
  g_variant_dict_insert (d, "plot", "s", "column:7");
  g_variant_dict_insert (d, "slice", "s", "3");
  g_variant_dict_insert (d, "slot", "s", "0");
  g_variant_dict_insert (d, "profile", "s", "0,20,47,20.5");
  g_variant_dict_insert (d, "pause", "b", TRUE);
  g_variant_dict_insert (d, "frames", "i", 10);
  g_variant_dict_insert (d, "save-npy", "^ay", "/tmp/f.npy");
  assert_true (parse (d, &o, NULL));
  const char *s;
  assert_true (g_variant_dict_lookup (o.overrides, "level-mode", "&s", &s) && g_str_equal (s, "manual"));
  assert_true (o.manual_levels && o.manual_low == -50 && o.manual_high == 250);
  assert_true (o.plot == DAOVIEW_PLOT_COLUMN && o.plot_index == 7);
  assert_true (o.slice == 3 && o.slot == 0 && o.paused && o.frames == 10);
  assert_true (o.selection.tool == DAOVIEW_TOOL_LINE && o.selection.y1 == 20.5);
  assert_string_equal (o.save[DAOVIEW_SAVE_NPY], "/tmp/f.npy");
  assert_true (daoview_options_headless (&o));
  /* A window's copy is its own. */
  DaoviewOptions copy;
  daoview_options_copy (&copy, &o);
  daoview_options_clear (&o);
  assert_string_equal (copy.save[DAOVIEW_SAVE_NPY], "/tmp/f.npy");
  assert_true (g_variant_dict_contains (copy.overrides, "level-mode"));
  daoview_options_clear (&copy);
}

static void
defaults_ask_for_nothing (void **state)
{
  DaoviewOptions o;
  assert_true (parse (g_variant_dict_new (NULL), &o, NULL));
  assert_true (o.slot == -1 && o.frames == 3 && o.plot == DAOVIEW_PLOT_IMAGE);
  assert_false (daoview_options_headless (&o));
  /* Defaults of settings are the schema's: nothing is overridden. */
  g_autoptr (GVariant) all = g_variant_dict_end (o.overrides);
  assert_int_equal (g_variant_n_children (all), 0);
  daoview_options_clear (&o);
}

static void
bad_values_are_refused (void **state)
{
  static const char *const bad[][2] = {
    { "colormap", "rainbow" }, { "scale", "LOG" }, { "levels", "5:1" }, { "levels", "1" },
    { "percentile", "a:b" }, { "plot", "row:" }, { "plot", "diagonal:3" }, { "slice", "-1" },
    { "max-fps", "fast" }, { "rect", "1,2,3" }, { "slot", "100" },
    { "strip-chart", "flux" }, { "strip-chart", "pixel:3" }, { "strip-chart", "region-mean:1,2" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GVariantDict *d = g_variant_dict_new (NULL);
      DaoviewOptions o;
      GError *error = NULL;
      g_variant_dict_insert (d, bad[i][0], "s", bad[i][1]);
      assert_false (parse (d, &o, &error));
      assert_non_null (error);
      assert_true (g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE));
      assert_true (g_str_has_prefix (error->message, "daoview: "));
      if (!g_str_equal (bad[i][0], "slot"))
        assert_non_null (strstr (error->message, bad[i][1]));
      g_error_free (error);
      daoview_options_clear (&o);
    }
}

/* Issue 16's options: the actuator map and vector view, the strip chart,
 * a grid and a difference of the streams named. */
static void
beyond_one_image (void **state)
{
  GVariantDict *d = g_variant_dict_new (NULL);
  DaoviewOptions o;
  const char *paths[] = { "/tmp/a.im.shm", "/tmp/b.im.shm", NULL };
  const char *s;
  g_variant_dict_insert (d, "dm-map", "^ay", "/tmp/map.npy");
  g_variant_dict_insert (d, "strip-chart", "s", "pixel:12,34");
  g_variant_dict_insert (d, "diff", "b", TRUE);
  g_variant_dict_insert (d, G_OPTION_REMAINING, "^aay", paths);
  assert_true (parse (d, &o, NULL));
  assert_string_equal (o.dm_map_file, "/tmp/map.npy");
  assert_true (g_variant_dict_lookup (o.overrides, "vector-view", "&s", &s) && g_str_equal (s, "map"));
  assert_string_equal (o.strip_chart, "pixel");
  assert_true (o.strip_pixel && o.strip_x == 12 && o.strip_y == 34);
  assert_true (o.diff && g_strv_length (o.grid) == 2 && g_str_equal (o.grid[1], "/tmp/b.im.shm"));
  /* A difference is drawn with its zero in the middle of the colormap. */
  assert_true (g_variant_dict_lookup (o.overrides, "colormap", "&s", &s) && g_str_equal (s, "diverging"));
  DaoviewOptions copy;
  daoview_options_copy (&copy, &o);
  daoview_options_clear (&o);
  assert_string_equal (copy.grid[0], "/tmp/a.im.shm");
  assert_string_equal (copy.strip_chart, "pixel");
  daoview_options_clear (&copy);

  /* --diff takes exactly two streams; --grid at least one. */
  const char *three[] = { "/a", "/b", "/c", NULL };
  GError *error = NULL;
  d = g_variant_dict_new (NULL);
  g_variant_dict_insert (d, "diff", "b", TRUE);
  g_variant_dict_insert (d, G_OPTION_REMAINING, "^aay", three);
  assert_false (parse (d, &o, &error));
  assert_non_null (strstr (error->message, "--diff"));
  g_clear_error (&error);
  daoview_options_clear (&o);
  d = g_variant_dict_new (NULL);
  g_variant_dict_insert (d, "grid", "b", TRUE);
  assert_false (parse (d, &o, &error));
  g_clear_error (&error);
  daoview_options_clear (&o);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (settings_become_overrides),
    cmocka_unit_test (levels_are_manual_and_starting_state),
    cmocka_unit_test (defaults_ask_for_nothing),
    cmocka_unit_test (bad_values_are_refused),
    cmocka_unit_test (beyond_one_image),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
