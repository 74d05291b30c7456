/* test-daoview-overlay.c — the overlays' geometry (daoview-overlay.c):
 * where the reticle points for each mode, the cycle of the key, and the
 * radii as typed and as written back. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "daoview-overlay.h"

static void
reticle_points (void **state)
{
  DaoviewOverlay o;
  double x = -1, y = -1;
  daoview_overlay_init (&o);
  assert_true (o.show_region && !o.show_circles && o.reticle == DAOVIEW_RETICLE_OFF);
  assert_false (daoview_overlay_point (&o, 96, 64, NULL, &x, &y));

  o.reticle = DAOVIEW_RETICLE_CENTRE;
  assert_true (daoview_overlay_point (&o, 96, 64, NULL, &x, &y));
  assert_true (x == 47.5 && y == 31.5); /* between the middle pixels */
  assert_true (daoview_overlay_point (&o, 5, 1, NULL, &x, &y) && x == 2 && y == 0);
  assert_false (daoview_overlay_point (&o, 0, 0, NULL, &x, &y));

  o.reticle = DAOVIEW_RETICLE_CENTROID;
  assert_false (daoview_overlay_point (&o, 96, 64, NULL, &x, &y));
  DaoviewPsfResult psf = { 0 };
  psf.centroid_x = 38.7, psf.centroid_y = NAN;
  assert_false (daoview_overlay_point (&o, 96, 64, &psf, &x, &y));
  psf.centroid_y = 38.2;
  assert_true (daoview_overlay_point (&o, 96, 64, &psf, &x, &y) && x == 38.7 && y == 38.2);

  o.reticle = DAOVIEW_RETICLE_POSITION;
  o.position_x = 10, o.position_y = 20;
  assert_true (daoview_overlay_point (&o, 96, 64, &psf, &x, &y) && x == 10 && y == 20);
}

static void
the_key_cycles (void **state)
{
  DaoviewOverlay o;
  daoview_overlay_init (&o);
  DaoviewReticle seen[5];
  for (int i = 0; i < 5; i++)
    seen[i] = o.reticle = daoview_overlay_next_reticle (&o, true);
  assert_int_equal (seen[0], DAOVIEW_RETICLE_CENTRE);
  assert_int_equal (seen[1], DAOVIEW_RETICLE_CENTROID);
  assert_int_equal (seen[2], DAOVIEW_RETICLE_POSITION);
  assert_int_equal (seen[3], DAOVIEW_RETICLE_OFF);
  o.reticle = DAOVIEW_RETICLE_CENTROID;
  assert_int_equal (daoview_overlay_next_reticle (&o, false), DAOVIEW_RETICLE_OFF);
}

static void
radii (void **state)
{
  double r[DAOVIEW_OVERLAY_MAX_RADII];
  assert_int_equal (daoview_overlay_parse_radii ("5,10, 20.5", r, DAOVIEW_OVERLAY_MAX_RADII), 3);
  assert_true (r[0] == 5 && r[1] == 10 && r[2] == 20.5);
  char text[64];
  daoview_overlay_format_radii (r, 3, text, sizeof text);
  assert_string_equal (text, "5,10,20.5");
  assert_int_equal (daoview_overlay_parse_radii ("", r, 8), 0);
  assert_int_equal (daoview_overlay_parse_radii ("none", r, 8), 0);
  daoview_overlay_format_radii (r, 0, text, sizeof text);
  assert_string_equal (text, "");
  assert_int_equal (daoview_overlay_parse_radii ("5,-1", r, 8), -1);
  assert_int_equal (daoview_overlay_parse_radii ("5,,6", r, 8), -1);
  assert_int_equal (daoview_overlay_parse_radii ("5 6", r, 8), -1);
  assert_int_equal (daoview_overlay_parse_radii ("inf", r, 8), -1);
  assert_int_equal (daoview_overlay_parse_radii ("1,2,3", r, 2), -1);
  assert_int_equal (daoview_overlay_parse_radii (NULL, r, 2), -1);
  /* Written back into a small buffer: cut, never overrun. */
  double many[3] = { 1, 22, 333 };
  char small[5];
  daoview_overlay_format_radii (many, 3, small, sizeof small);
  assert_true (strlen (small) < sizeof small);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (reticle_points),
    cmocka_unit_test (the_key_cycles),
    cmocka_unit_test (radii),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
