/* test-daoview-pipeline.c — the displayed plane, worked out once per frame
 * (daoview-pipeline.c): the slice shown, frame − reference, the levels by
 * colormap and complex part, the pixels, the plotted row or column, the
 * value under the pointer, and frames too wide for one cairo surface. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "daoview-pipeline.h"
#include "render-test-util.h"

static DaoviewFrame *
frame_u16 (unsigned naxis, const uint32_t *shape, uint16_t (*value) (size_t i))
{
  DaoviewFrame *f = daoview_frame_new (DAO_UINT16, naxis, shape);
  assert_non_null (f);
  for (size_t i = 0; i < f->count; i++)
    ((uint16_t *) f->data)[i] = value (i);
  return f;
}

static uint16_t ramp (size_t i) { return (uint16_t) i; }
static uint16_t ten (size_t i) { return 10; }
static uint16_t twelve (size_t i) { return 12; }

/* Show `f`, freeing what the pipeline hands back. */
static void
show (DaoviewPipeline *p, DaoviewFrame *f, double now)
{
  daoview_frame_free (daoview_pipeline_set_frame (p, f, now));
}

static void
plane_is_the_slice_shown (void **state)
{
  const uint32_t cube[3] = { 3, 2, 4 };
  DaoviewPipeline *p = daoview_pipeline_new ();
  assert_null (daoview_pipeline_plane (p)->values);
  daoview_pipeline_set_slice (p, 1);
  show (p, frame_u16 (3, cube, ramp), 0);
  const DaoviewPlane *plane = daoview_pipeline_plane (p);
  assert_int_equal (plane->width, 4);
  assert_int_equal (plane->height, 2);
  assert_int_equal (plane->type, DAO_UINT16);
  assert_int_equal (((const uint16_t *) plane->values)[0], 8);
  assert_int_equal (daoview_pipeline_depth (p), 3);
  /* Beyond the last slice: the last one. */
  daoview_pipeline_set_slice (p, 7);
  assert_int_equal (daoview_pipeline_slice (p), 2);
  assert_int_equal (((const uint16_t *) daoview_pipeline_plane (p)->values)[0], 16);
  daoview_pipeline_free (p);
}

/* The pointer may rest where a larger frame was: a pixel outside the frame
 * now shown has no value (daoview used to read it anyway). */
static void
value_at_checks_the_plane_bounds (void **state)
{
  const uint32_t big[2] = { 64, 64 }, small[2] = { 2, 2 };
  DaoviewPipeline *p = daoview_pipeline_new ();
  double v = -1;
  assert_false (daoview_plane_value_at (daoview_pipeline_plane (p), 0, 0, &v));
  show (p, frame_u16 (2, big, ramp), 0);
  assert_true (daoview_plane_value_at (daoview_pipeline_plane (p), 40, 30, &v));
  assert_true (v == 30 * 64 + 40);
  show (p, frame_u16 (2, small, ramp), 1);
  v = -1;
  assert_false (daoview_plane_value_at (daoview_pipeline_plane (p), 40, 30, &v));
  assert_false (daoview_plane_value_at (daoview_pipeline_plane (p), 2, 0, &v));
  assert_false (daoview_plane_value_at (daoview_pipeline_plane (p), -1, 0, &v));
  assert_true (v == -1);
  assert_true (daoview_plane_value_at (daoview_pipeline_plane (p), 1, 1, &v));
  assert_true (v == 3);
  daoview_pipeline_free (p);
}

/* With a reference, everything reads frame − reference: the plane, the
 * value under the pointer, the plot, the levels. */
static void
reference_difference_is_what_everything_reads (void **state)
{
  const uint32_t shape[2] = { 2, 3 };
  DaoviewPipeline *p = daoview_pipeline_new ();
  daoview_pipeline_start_reference (p, 1);
  show (p, frame_u16 (2, shape, ten), 0);
  assert_int_equal (daoview_reference_state (daoview_pipeline_reference (p)), DAOVIEW_REFERENCE_READY);
  show (p, frame_u16 (2, shape, twelve), 1);
  const DaoviewPlane *plane = daoview_pipeline_plane (p);
  assert_int_equal (plane->type, DAO_DOUBLE);
  double v;
  assert_true (daoview_plane_value_at (plane, 2, 1, &v) && v == 2);
  daoview_pipeline_set_plot (p, DAOVIEW_PLOT_ROW, 1);
  double row[3];
  assert_int_equal (daoview_pipeline_plot_values (p, row, 3), 3);
  assert_true (row[0] == 2 && row[2] == 2);
  assert_true (daoview_pipeline_params (p)->low == 2 && daoview_pipeline_params (p)->high == 2);
  daoview_pipeline_clear_reference (p);
  assert_int_equal (daoview_pipeline_plane (p)->type, DAO_UINT16);
  daoview_pipeline_free (p);
}

/* (frame − dark) / flat − reference, the raw value beside it, and images
 * of another size kept but not applied. */
static void
dark_flat_and_reference_in_that_order (void **state)
{
  const uint32_t shape[2] = { 2, 3 };
  const double dark[6] = { 2, 2, 2, 2, 2, 2 }, flat[6] = { 1, 2, 4, 1, 2, 5 };
  DaoviewPipeline *p = daoview_pipeline_new ();
  daoview_pipeline_set_dark (p, DAOVIEW_DARK_SUBTRACT, daoview_dark_new (dark, 3, 2, "dark.npy"));
  show (p, frame_u16 (2, shape, twelve), 0);
  double v = 0, raw = 0;
  assert_true (daoview_pipeline_dark_applied (p, DAOVIEW_DARK_SUBTRACT));
  assert_false (daoview_pipeline_plane_is_raw (p));
  assert_true (daoview_plane_value_at (daoview_pipeline_plane (p), 2, 1, &v) && v == 10);
  assert_true (daoview_pipeline_raw_value_at (p, 2, 1, &raw) && raw == 12);
  assert_false (daoview_pipeline_raw_value_at (p, 3, 1, &raw));
  daoview_pipeline_set_dark (p, DAOVIEW_DARK_DIVIDE, daoview_dark_new (flat, 3, 2, "flat.npy"));
  assert_true (daoview_plane_value_at (daoview_pipeline_plane (p), 2, 1, &v) && v == 2);
  assert_true (daoview_pipeline_params (p)->low == 2 && daoview_pipeline_params (p)->high == 10);

  /* A reference captured now is of calibrated frames, and subtracted from
   * them. */
  daoview_pipeline_start_reference (p, 1);
  show (p, frame_u16 (2, shape, ten), 1);
  show (p, frame_u16 (2, shape, twelve), 2);
  assert_true (daoview_pipeline_reference_applied (p));
  assert_true (daoview_plane_value_at (daoview_pipeline_plane (p), 0, 0, &v) && v == 2); /* 10 − 8 */
  assert_true (daoview_plane_value_at (daoview_pipeline_plane (p), 2, 1, &v));
  assert_near (v, 0.4, 1e-12); /* 2 − 1.6 */
  assert_true (daoview_pipeline_raw_value_at (p, 2, 1, &raw) && raw == 12);

  /* Another size: kept, not applied (and no reference either). */
  const uint32_t wide[2] = { 2, 4 };
  show (p, frame_u16 (2, wide, twelve), 3);
  assert_non_null (daoview_pipeline_dark (p, DAOVIEW_DARK_SUBTRACT));
  assert_false (daoview_pipeline_dark_applied (p, DAOVIEW_DARK_SUBTRACT));
  assert_false (daoview_pipeline_reference_applied (p));
  assert_true (daoview_pipeline_plane_is_raw (p));
  assert_int_equal (daoview_pipeline_plane (p)->type, DAO_UINT16);
  daoview_pipeline_set_dark (p, DAOVIEW_DARK_SUBTRACT, NULL);
  assert_null (daoview_pipeline_dark (p, DAOVIEW_DARK_SUBTRACT));
  daoview_pipeline_free (p);
}

static void
phase_has_levels_of_plus_minus_pi (void **state)
{
  const uint32_t shape[1] = { 2 };
  DaoviewFrame *f = daoview_frame_new (DAO_COMPLEX_FLOAT, 1, shape);
  float z[4] = { 1, 0, 0, 1 }; /* phases 0 and π/2 */
  memcpy (f->data, z, sizeof z);
  DaoviewPipeline *p = daoview_pipeline_new ();
  daoview_pipeline_set_complex_part (p, DAOVIEW_COMPLEX_PHASE);
  show (p, f, 0);
  assert_true (daoview_pipeline_params (p)->low == -M_PI && daoview_pipeline_params (p)->high == M_PI);
  /* The phase is masked below 10⁻³ of the largest amplitude (1 here). */
  assert_near (daoview_pipeline_params (p)->phase_mask, DAOVIEW_PHASE_MASK_FRACTION, 1e-12);
  /* Manual levels win over the phase's range. */
  daoview_pipeline_set_manual_levels (p, -1, 1);
  daoview_pipeline_set_level_mode (p, DAOVIEW_LEVEL_MODE_MANUAL);
  assert_true (daoview_pipeline_params (p)->low == -1 && daoview_pipeline_params (p)->high == 1);
  daoview_pipeline_free (p);
}

static void
diverging_colormap_centres_signed_data (void **state)
{
  const uint32_t shape[1] = { 3 };
  DaoviewFrame *f = daoview_frame_new (DAO_INT16, 1, shape);
  int16_t v[3] = { -5, 2, 20 };
  memcpy (f->data, v, sizeof v);
  DaoviewPipeline *p = daoview_pipeline_new ();
  show (p, f, 0);
  assert_true (daoview_pipeline_params (p)->low == -5 && daoview_pipeline_params (p)->high == 20);
  daoview_pipeline_set_colormap (p, DAOVIEW_COLORMAP_DIVERGING);
  assert_true (daoview_pipeline_params (p)->low == -20 && daoview_pipeline_params (p)->high == 20);
  daoview_pipeline_free (p);
}

/* Frozen levels stay across frames of the same geometry; another geometry
 * (a stream re-created with another shape) starts afresh. */
static void
new_geometry_starts_the_levels_afresh (void **state)
{
  const uint32_t a[2] = { 2, 2 }, b[2] = { 1, 4 };
  DaoviewPipeline *p = daoview_pipeline_new ();
  daoview_pipeline_set_level_policy (p, DAOVIEW_LEVEL_POLICY_FREEZE);
  show (p, frame_u16 (2, a, ramp), 0);
  assert_true (daoview_pipeline_params (p)->high == 3);
  show (p, frame_u16 (2, a, twelve), 1);
  assert_true (daoview_pipeline_params (p)->high == 3);
  show (p, frame_u16 (2, b, twelve), 2);
  assert_true (daoview_pipeline_params (p)->low == 12 && daoview_pipeline_params (p)->high == 12);
  daoview_pipeline_free (p);
}

static void
manual_levels_fix_the_plot_range (void **state)
{
  const uint32_t shape[1] = { 4 };
  DaoviewPipeline *p = daoview_pipeline_new ();
  double low, high;
  show (p, frame_u16 (1, shape, ramp), 0);
  /* Automatic levels 0 … 3: the range on whole ticks (see test-daoview-dm-map
   * for how it stays put). */
  assert_true (daoview_pipeline_plot_range (p, &low, &high) && low <= 0 && high >= 3);
  /* Manual starts from the levels on screen, not from values set before
   * (issue 13: a silent 0:1), then moves where it is put. */
  daoview_pipeline_set_manual_levels (p, 0, 1);
  daoview_pipeline_set_level_mode (p, DAOVIEW_LEVEL_MODE_MANUAL);
  assert_true (daoview_pipeline_plot_range (p, &low, &high) && low == 0 && high == 3);
  daoview_pipeline_set_manual_levels (p, 1, 5);
  assert_true (daoview_pipeline_plot_range (p, &low, &high) && low == 1 && high == 5);
  assert_true (daoview_pipeline_params (p)->low == 1 && daoview_pipeline_params (p)->high == 5);
  /* Without levels on screen yet (a new pipeline, the settings' values
   * applied at start-up), the values given are kept. */
  DaoviewPipeline *fresh = daoview_pipeline_new ();
  daoview_pipeline_set_level_mode (fresh, DAOVIEW_LEVEL_MODE_MANUAL);
  daoview_pipeline_set_manual_levels (fresh, 10, 500);
  show (fresh, frame_u16 (1, shape, ramp), 0);
  assert_true (daoview_pipeline_params (fresh)->low == 10 && daoview_pipeline_params (fresh)->high == 500);
  daoview_pipeline_free (fresh);
  /* "Keep where I put them" starts from the levels on screen. */
  daoview_pipeline_set_level_mode (p, DAOVIEW_LEVEL_MODE_MINMAX);
  daoview_pipeline_set_level_policy (p, DAOVIEW_LEVEL_POLICY_MANUAL);
  assert_true (daoview_pipeline_plot_range (p, &low, &high) && low == 0 && high == 3);
  daoview_pipeline_free (p);
}

static void
plots_of_rows_columns_and_vectors (void **state)
{
  const uint32_t image[2] = { 3, 4 }, line[1] = { 5 };
  DaoviewPipeline *p = daoview_pipeline_new ();
  double v[8];
  show (p, frame_u16 (2, image, ramp), 0);
  assert_int_equal (daoview_pipeline_plot_mode (p), DAOVIEW_PLOT_IMAGE);
  assert_int_equal (daoview_pipeline_plot_values (p, v, 8), 0);
  daoview_pipeline_set_plot (p, DAOVIEW_PLOT_ROW, 1);
  assert_int_equal (daoview_pipeline_plot_values (p, v, 8), 4);
  assert_true (v[0] == 4 && v[3] == 7);
  daoview_pipeline_set_plot (p, DAOVIEW_PLOT_COLUMN, 99); /* clamped to the last column */
  assert_int_equal (daoview_pipeline_plot_index (p), 3);
  assert_int_equal (daoview_pipeline_plot_values (p, v, 8), 3);
  assert_true (v[0] == 3 && v[1] == 7 && v[2] == 11);
  /* A 1-D frame is always the plot of itself. */
  daoview_pipeline_set_plot (p, DAOVIEW_PLOT_IMAGE, 0);
  show (p, frame_u16 (1, line, ramp), 1);
  assert_int_equal (daoview_pipeline_plot_mode (p), DAOVIEW_PLOT_ROW);
  assert_int_equal (daoview_pipeline_plot_values (p, v, 8), 5);
  assert_true (v[4] == 4);
  daoview_pipeline_free (p);
}

static void
pixels_are_the_render_layers (void **state)
{
  const uint32_t shape[2] = { 3, 4 };
  DaoviewPipeline *p = daoview_pipeline_new ();
  uint32_t got[12], want[12];
  unsigned w, h, factor;
  daoview_pipeline_set_colormap (p, DAOVIEW_COLORMAP_VIRIDIS);
  show (p, frame_u16 (2, shape, ramp), 0);
  daoview_pipeline_render_size (p, &w, &h, &factor);
  assert_true (w == 4 && h == 3 && factor == 1);
  daoview_pipeline_render (p, got, 4 * sizeof (uint32_t));
  const DaoviewPlane *plane = daoview_pipeline_plane (p);
  daoview_render_argb32 (plane->type, plane->values, 4, 3, daoview_pipeline_params (p), want,
                         4 * sizeof (uint32_t));
  assert_memory_equal (got, want, sizeof got);
  assert_color (got[11], daoview_colormap_color (DAOVIEW_COLORMAP_VIRIDIS, 1));
  daoview_pipeline_free (p);
}

/* Cairo draws no surface wider than 32 767 pixels: a 40 000-wide frame is
 * drawn at half its size, every second pixel, instead of not at all. */
static void
too_wide_frames_render_at_a_fraction (void **state)
{
  const uint32_t shape[2] = { 2, 40000 };
  DaoviewFrame *f = daoview_frame_new (DAO_UINT8, 2, shape);
  uint8_t *d = f->data;
  for (size_t x = 0; x < 40000; x++)
    {
      d[x] = x < 20000 ? 0 : 40;         /* row 0 */
      d[40000 + x] = x < 20000 ? 80 : 120; /* row 1 */
    }
  d[1] = 255; /* an odd column: skipped at half size */
  DaoviewPipeline *p = daoview_pipeline_new ();
  daoview_pipeline_set_manual_levels (p, 0, 120);
  daoview_pipeline_set_level_mode (p, DAOVIEW_LEVEL_MODE_MANUAL);
  show (p, f, 0);
  unsigned w, h, factor;
  daoview_pipeline_render_size (p, &w, &h, &factor);
  assert_true (w == 20000 && h == 1 && factor == 2);
  assert_true (w <= DAOVIEW_RENDER_MAX_SIDE);
  uint32_t *px = malloc ((size_t) w * h * sizeof *px);
  daoview_pipeline_render (p, px, (size_t) w * sizeof *px);
  assert_color (px[0], GREY (0));
  assert_color (px[9999], GREY (0));
  assert_color (px[10000], daoview_colormap_color (DAOVIEW_COLORMAP_GREY, 40 / 120.0));
  assert_color (px[19999], daoview_colormap_color (DAOVIEW_COLORMAP_GREY, 40 / 120.0));
  free (px);
  /* The plane itself is whole: the pointer reads any pixel. */
  double v;
  assert_true (daoview_plane_value_at (daoview_pipeline_plane (p), 39999, 1, &v) && v == 120);
  daoview_pipeline_free (p);
}

static void
newest_slice_follows_the_changed_slice (void **state)
{
  const uint32_t cube[3] = { 4, 1, 2 };
  DaoviewPipeline *p = daoview_pipeline_new ();
  daoview_pipeline_set_newest_slice (p, true);
  show (p, frame_u16 (3, cube, ten), 0);
  DaoviewFrame *f = frame_u16 (3, cube, ten);
  ((uint16_t *) f->data)[2 * 2] = 99; /* slice 2 changed */
  show (p, f, 1);
  assert_int_equal (daoview_pipeline_slice (p), 2);
  daoview_pipeline_free (p);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (plane_is_the_slice_shown),
    cmocka_unit_test (value_at_checks_the_plane_bounds),
    cmocka_unit_test (reference_difference_is_what_everything_reads),
    cmocka_unit_test (dark_flat_and_reference_in_that_order),
    cmocka_unit_test (phase_has_levels_of_plus_minus_pi),
    cmocka_unit_test (diverging_colormap_centres_signed_data),
    cmocka_unit_test (new_geometry_starts_the_levels_afresh),
    cmocka_unit_test (manual_levels_fix_the_plot_range),
    cmocka_unit_test (plots_of_rows_columns_and_vectors),
    cmocka_unit_test (pixels_are_the_render_layers),
    cmocka_unit_test (too_wide_frames_render_at_a_fraction),
    cmocka_unit_test (newest_slice_follows_the_changed_slice),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
