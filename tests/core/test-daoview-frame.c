/* test-daoview-frame.c — frame buffers, their geometry and the shape
 * formatter (daoview-frame.c). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "daoview-frame.h"

static void
frame_geometry_follows_c_order (void **state)
{
  const uint32_t image[2] = { 3, 5 }, line[1] = { 7 }, cube[3] = { 4, 3, 5 };
  DaoviewFrame *f = daoview_frame_new (DAO_UINT16, 2, image);
  assert_non_null (f);
  assert_int_equal (daoview_frame_width (f), 5);
  assert_int_equal (daoview_frame_height (f), 3);
  assert_int_equal (daoview_frame_depth (f), 1);
  assert_int_equal (f->size, 30);
  daoview_frame_free (f);

  f = daoview_frame_new (DAO_FLOAT, 1, line);
  assert_int_equal (daoview_frame_width (f), 7);
  assert_int_equal (daoview_frame_height (f), 1);
  daoview_frame_free (f);

  f = daoview_frame_new (DAO_DOUBLE, 3, cube);
  assert_int_equal (daoview_frame_depth (f), 4);
  assert_ptr_equal (daoview_frame_plane (f, 2), (char *) f->data + 2 * 15 * 8);
  assert_ptr_equal (daoview_frame_plane (f, 99), (char *) f->data + 3 * 15 * 8); /* clamped */
  DaoviewFrame *g = daoview_frame_new (DAO_DOUBLE, 3, cube);
  assert_true (daoview_frame_same_geometry (f, g));
  daoview_frame_free (g);
  daoview_frame_free (f);

  assert_null (daoview_frame_new (99, 2, image));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (frame_geometry_follows_c_order),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
