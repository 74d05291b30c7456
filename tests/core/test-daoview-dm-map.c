/* test-daoview-dm-map.c — actuator maps (daoview-dm-map.c,
 * daoview-dm-map-file.c): the built-in layouts and their counts, masks and
 * index maps from .npy and FITS files, coordinates from JSON, keywords, and
 * a vector of known values drawn through a map by the pipeline, pixel by
 * pixel. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <glib/gstdio.h>

#include "daoview-capture.h"
#include "daoview-dm-map.h"
#include "daoview-pipeline.h"
#include "render-test-util.h"

/* Cells with an actuator in row y of a map. */
static unsigned
row_count (const DaoviewDmMap *map, unsigned y)
{
  unsigned n = 0;
  for (unsigned x = 0; x < map->width; x++)
    n += map->cells[y * map->width + x] >= 0;
  return n;
}

static void
builtin_layouts_of_known_mirrors (void **state)
{
  static const struct { unsigned n, side; } known[] = {
    { 69, 9 }, { 97, 11 }, { 241, 17 }, { 468, 24 }, { 820, 32 }, { 3228, 64 },
    { 144, 12 }, { 1024, 32 },
  };
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    {
      g_autoptr (DaoviewDmMap) map = daoview_dm_map_new_builtin (known[i].n);
      assert_non_null (map);
      assert_int_equal (map->width, known[i].side);
      assert_int_equal (map->height, known[i].side);
      assert_int_equal (map->n_actuators, known[i].n);
    }

  /* ALPAO's DM97: rows of 5, 7, 9, then five of 11, then 9, 7, 5, numbered
   * along the rows: actuator 0 is the third cell of the top row. */
  g_autoptr (DaoviewDmMap) dm97 = daoview_dm_map_new_builtin (97);
  static const unsigned rows[11] = { 5, 7, 9, 11, 11, 11, 11, 11, 9, 7, 5 };
  for (unsigned y = 0; y < 11; y++)
    assert_int_equal (row_count (dm97, y), rows[y]);
  assert_int_equal (daoview_dm_map_actuator_at (dm97, 3, 0), 0);
  assert_int_equal (daoview_dm_map_actuator_at (dm97, 2, 0), -1);
  assert_int_equal (daoview_dm_map_actuator_at (dm97, 7, 0), 4);
  assert_int_equal (daoview_dm_map_actuator_at (dm97, 2, 1), 5);
  assert_int_equal (daoview_dm_map_actuator_at (dm97, 7, 10), 96);
  assert_int_equal (daoview_dm_map_actuator_at (dm97, 11, 0), -1);

  /* Lengths no disc holds: no built-in layout. */
  assert_null (daoview_dm_map_new_builtin (2));
  assert_null (daoview_dm_map_new_builtin (3));
  assert_null (daoview_dm_map_new_builtin (0));
}

/* A mask and an index map of the same layout give the same map. */
static void
masks_and_index_maps (void **state)
{
  const double mask[12] = { 0, 1, 1, 0,
                            1, 1, 1, 1,
                            0, 1, 1, 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (DaoviewDmMap) m = daoview_dm_map_new_from_grid (mask, 4, 3, &error);
  assert_non_null (m);
  assert_int_equal (m->n_actuators, 8);
  assert_int_equal (daoview_dm_map_actuator_at (m, 1, 0), 0);
  assert_int_equal (daoview_dm_map_actuator_at (m, 0, 1), 2);
  assert_int_equal (daoview_dm_map_actuator_at (m, 2, 2), 7);
  assert_int_equal (daoview_dm_map_actuator_at (m, 0, 0), -1);

  /* An index map numbering the same cells backwards, NaN and -1 empty. */
  const double index[12] = { NAN, 7, 6, -1,
                             5, 4, 3, 2,
                             -1, 1, 0, NAN };
  g_autoptr (DaoviewDmMap) ix = daoview_dm_map_new_from_grid (index, 4, 3, &error);
  assert_non_null (ix);
  assert_int_equal (ix->n_actuators, 8);
  assert_int_equal (daoview_dm_map_actuator_at (ix, 2, 2), 0);
  assert_int_equal (daoview_dm_map_actuator_at (ix, 1, 0), 7);

  /* Refused: an index twice, a fraction, nothing at all. */
  const double twice[4] = { 0, 2, 2, -1 };
  assert_null (daoview_dm_map_new_from_grid (twice, 2, 2, &error));
  assert_non_null (error);
  g_clear_error (&error);
  const double fraction[4] = { 0, 2.5, 3, -1 };
  assert_null (daoview_dm_map_new_from_grid (fraction, 2, 2, &error));
  g_clear_error (&error);
  const double empty[4] = { 0, 0, 0, 0 };
  assert_null (daoview_dm_map_new_from_grid (empty, 2, 2, &error));
  g_clear_error (&error);
}

static void
coordinates (void **state)
{
  /* A plus of 5 actuators, pitch 2.5 mm, in vector order: centre, right,
   * left, bottom, top. */
  const double x[5] = { 10, 12.5, 7.5, 10, 10 };
  const double y[5] = { -3, -3, -3, -0.5, -5.5 };
  g_autoptr (GError) error = NULL;
  g_autoptr (DaoviewDmMap) m = daoview_dm_map_new_from_coordinates (x, y, 5, &error);
  assert_non_null (m);
  assert_int_equal (m->width, 3);
  assert_int_equal (m->height, 3);
  assert_int_equal (daoview_dm_map_actuator_at (m, 1, 1), 0);
  assert_int_equal (daoview_dm_map_actuator_at (m, 2, 1), 1);
  assert_int_equal (daoview_dm_map_actuator_at (m, 0, 1), 2);
  assert_int_equal (daoview_dm_map_actuator_at (m, 1, 2), 3);
  assert_int_equal (daoview_dm_map_actuator_at (m, 1, 0), 4);
  assert_int_equal (daoview_dm_map_actuator_at (m, 0, 0), -1);

  /* Two in one cell. */
  const double x2[3] = { 0, 1, 1 }, y2[3] = { 0, 0, 0 };
  assert_null (daoview_dm_map_new_from_coordinates (x2, y2, 3, &error));
  assert_non_null (error);
}

static char *
temp_path (const char *suffix)
{
  return g_strdup_printf ("%s/dmmap-%d-%s", g_get_tmp_dir (), (int) getpid (), suffix);
}

static void
save_grid (const char *path, gboolean fits, const double *grid, unsigned w, unsigned h)
{
  daoview_capture_frame f = { grid, (size_t) w * h * sizeof (double), DAO_DOUBLE, 2, { h, w, 0 } };
  daoview_capture_error err;
  int rc = fits ? daoview_capture_save_fits (path, &f, NULL, &err) : daoview_capture_save_npy (path, &f, &err);
  assert_int_equal (rc, 0);
}

static void
files (void **state)
{
  /* An index map in .npy and FITS, the first row of the file at the top. */
  const double index[6] = { 2, 1, 0,
                            -1, 3, -1 };
  g_autoptr (GError) error = NULL;
  for (int fits = 0; fits < 2; fits++)
    {
      if (fits && !daoview_capture_have_fits ())
        continue;
      g_autofree char *path = temp_path (fits ? "map.fits" : "map.npy");
      save_grid (path, fits, index, 3, 2);
      g_autoptr (DaoviewDmMap) m = daoview_dm_map_load (path, &error);
      if (!m)
        fail_msg ("%s: %s", path, error->message);
      assert_int_equal (m->width, 3);
      assert_int_equal (m->height, 2);
      assert_int_equal (m->n_actuators, 4);
      assert_int_equal (daoview_dm_map_actuator_at (m, 0, 0), 2);
      assert_int_equal (daoview_dm_map_actuator_at (m, 1, 1), 3);
      assert_int_equal (daoview_dm_map_actuator_at (m, 0, 1), -1);
      g_unlink (path);
    }

  /* JSON coordinates; then a JSON that is not pairs, and a file that is no
   * map at all. */
  g_autofree char *json = temp_path ("map.json");
  assert_true (g_file_set_contents (json, "[[0, 0], [1, 0],\n [0.5e0, 1]]", -1, NULL));
  g_autoptr (DaoviewDmMap) j = daoview_dm_map_load (json, &error);
  if (!j)
    fail_msg ("%s", error->message);
  assert_int_equal (j->n_actuators, 3);
  assert_int_equal (j->width, 3); /* pitch 0.5 */
  assert_int_equal (daoview_dm_map_actuator_at (j, 2, 0), 1);
  assert_int_equal (daoview_dm_map_actuator_at (j, 1, 2), 2);
  assert_true (g_file_set_contents (json, "{\"x\": [1, 2]}", -1, NULL));
  assert_null (daoview_dm_map_load (json, &error));
  assert_non_null (strstr (error->message, json));
  g_clear_error (&error);
  assert_true (g_file_set_contents (json, "[[1, 2, 3]]", -1, NULL));
  assert_null (daoview_dm_map_load (json, &error));
  g_clear_error (&error);
  g_unlink (json);

  g_autofree char *bad = temp_path ("bad.npy");
  assert_true (g_file_set_contents (bad, "\x93NUMPY garbage", -1, NULL));
  assert_null (daoview_dm_map_load (bad, &error));
  assert_non_null (error);
  g_clear_error (&error);
  g_unlink (bad);
  assert_null (daoview_dm_map_load ("/nonexistent/map.npy", &error));
  g_clear_error (&error);
  assert_null (daoview_dm_map_load ("/tmp/map.txt", &error));
  g_clear_error (&error);
}

static void
keywords (void **state)
{
  dao_keyword kw[2];
  memset (kw, 0, sizeof kw);
  g_autoptr (GError) error = NULL;

  /* DMDIAM: the circular layout on that grid (97 on 11 × 11). */
  strcpy (kw[0].name, "DMDIAM");
  kw[0].type = DAO_KEYWORD_INT;
  kw[0].value.i = 11;
  g_autoptr (DaoviewDmMap) m = daoview_dm_map_from_keywords (kw, 1, 97, NULL, &error);
  assert_non_null (m);
  assert_int_equal (m->width, 11);
  kw[0].value.i = 3;
  assert_null (daoview_dm_map_from_keywords (kw, 1, 97, NULL, &error));
  assert_non_null (error);
  g_clear_error (&error);

  /* DMMAP: a file beside the stream, before DMDIAM. */
  g_autofree char *dir = g_dir_make_tmp ("dmmap-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "m.npy", NULL);
  const double mask[4] = { 1, 1, 0, 1 };
  save_grid (path, FALSE, mask, 2, 2);
  strcpy (kw[1].name, "DMMAP");
  kw[1].type = DAO_KEYWORD_STRING;
  strcpy (kw[1].value.s, "m.npy");
  g_autoptr (DaoviewDmMap) f = daoview_dm_map_from_keywords (kw, 2, 3, dir, &error);
  assert_non_null (f);
  assert_int_equal (f->n_actuators, 3);
  assert_null (daoview_dm_map_from_keywords (kw + 1, 0, 3, dir, &error)); /* none asked for */
  assert_null (error);
  g_unlink (path);
  g_rmdir (dir);
}

/* The pipeline draws a vector of known values through the built-in DM97
 * map: actuator k has value k, each cell shows its actuator's value, and
 * cells without one are NaN (DAOVIEW_NAN_COLOR on screen). */
static void
pipeline_draws_the_vector_as_the_mirror (void **state)
{
  const uint32_t shape[3] = { 97, 0, 0 };
  DaoviewFrame *f = daoview_frame_new (DAO_FLOAT, 1, shape);
  for (unsigned k = 0; k < 97; k++)
    ((float *) f->data)[k] = (float) k;

  DaoviewPipeline *p = daoview_pipeline_new ();
  daoview_frame_free (daoview_pipeline_set_frame (p, f, 0));
  assert_int_equal (daoview_pipeline_plot_mode (p), DAOVIEW_PLOT_ROW);
  daoview_pipeline_set_dm_map (p, daoview_dm_map_new_builtin (97));
  assert_int_equal (daoview_pipeline_plot_mode (p), DAOVIEW_PLOT_IMAGE);

  const DaoviewPlane *plane = daoview_pipeline_plane (p);
  assert_int_equal (plane->width, 11);
  assert_int_equal (plane->height, 11);
  const DaoviewDmMap *map = daoview_pipeline_dm_map (p);
  for (unsigned y = 0; y < 11; y++)
    for (unsigned x = 0; x < 11; x++)
      {
        double v = -1;
        assert_true (daoview_plane_value_at (plane, x, y, &v));
        int k = daoview_dm_map_actuator_at (map, x, y);
        if (k < 0)
          assert_true (isnan (v));
        else
          assert_near (v, k, 0);
      }
  /* Levels over the actuators only: 0 … 96, grey from black to white. */
  assert_near (daoview_pipeline_params (p)->low, 0, 0);
  assert_near (daoview_pipeline_params (p)->high, 96, 0);
  unsigned w, h;
  daoview_pipeline_render_size (p, &w, &h, NULL);
  uint32_t *pixels = calloc ((size_t) w * h, 4);
  daoview_pipeline_render (p, pixels, w * 4);
  assert_color (pixels[0], DAOVIEW_NAN_COLOR);     /* a corner: no actuator */
  assert_color (pixels[3], GREY (0));              /* actuator 0 */
  assert_color (pixels[10 * 11 + 7], GREY (255));  /* actuator 96 */
  free (pixels);

  /* Back to the line plot. */
  daoview_pipeline_set_dm_map (p, NULL);
  assert_int_equal (daoview_pipeline_plot_mode (p), DAOVIEW_PLOT_ROW);
  assert_int_equal (daoview_pipeline_plane (p)->width, 97);
  daoview_pipeline_free (p);
}

/* The plot's y range: the levels on whole ticks, kept while the levels stay
 * inside and fill half of it (the DM vector of issue 16 whose axis jumped
 * between −0.4…0.6 and −0.4…0.4). */
static void
plot_range_is_stable (void **state)
{
  const uint32_t shape[3] = { 4, 0, 0 };
  DaoviewPipeline *p = daoview_pipeline_new ();
  const float a[4] = { -0.38f, 0.1f, 0.55f, 0 }, b[4] = { -0.38f, 0.1f, 0.35f, 0 };
  double low, high;
  assert_false (daoview_pipeline_plot_range (p, &low, &high));
  for (int i = 0; i < 6; i++)
    {
      DaoviewFrame *f = daoview_frame_new (DAO_FLOAT, 1, shape);
      memcpy (f->data, i % 2 ? b : a, sizeof a);
      daoview_frame_free (daoview_pipeline_set_frame (p, f, i));
      assert_true (daoview_pipeline_plot_range (p, &low, &high));
      assert_near (low, -0.4, 1e-12);
      assert_near (high, 0.6, 1e-12);
    }
  /* Far larger values: the axis follows. */
  const float c[4] = { -4, 1, 5, 0 };
  DaoviewFrame *f = daoview_frame_new (DAO_FLOAT, 1, shape);
  memcpy (f->data, c, sizeof c);
  daoview_frame_free (daoview_pipeline_set_frame (p, f, 7));
  assert_true (daoview_pipeline_plot_range (p, &low, &high));
  assert_true (low <= -4 && high >= 5);
  daoview_pipeline_free (p);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (builtin_layouts_of_known_mirrors),
    cmocka_unit_test (masks_and_index_maps),
    cmocka_unit_test (coordinates),
    cmocka_unit_test (files),
    cmocka_unit_test (keywords),
    cmocka_unit_test (pipeline_draws_the_vector_as_the_mirror),
    cmocka_unit_test (plot_range_is_stable),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
