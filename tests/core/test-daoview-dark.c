/* test-daoview-dark.c — calibration images (daoview-dark.c, and the loader
 * of viewer/capture under it): .npy files as numpy writes them (either
 * byte order, versions 1 and 2, 1-D to 3-D), FITS files with BZERO, a DAO
 * stream's newest frame, the files that must be refused with a reason,
 * and the arithmetic (frame − dark, frame / flat, a zero in the flat). */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "daoview-capture.h"
#include "daoview-dark.h"
#include "render-test-util.h"

static char dir[64];

static char *
path_of (const char *name)
{
  static char buf[4][128];
  static int next;
  char *p = buf[next++ % 4];
  snprintf (p, sizeof buf[0], "%s/%s", dir, name);
  return p;
}

static void
write_bytes (const char *path, const void *data, size_t n)
{
  FILE *f = fopen (path, "wb");
  assert_non_null (f);
  assert_int_equal (fwrite (data, 1, n, f), n);
  fclose (f);
}

/* A .npy file: version `major`, the dict, then `data`. */
static void
write_npy (const char *path, int major, const char *dict, const void *data, size_t n)
{
  unsigned char head[256];
  size_t pre = major == 1 ? 10 : 12, len = strlen (dict) + 1;
  memcpy (head, "\x93NUMPY", 6);
  head[6] = (unsigned char) major;
  head[7] = 0;
  if (major == 1)
    head[8] = (unsigned char) len, head[9] = 0;
  else
    head[8] = (unsigned char) len, head[9] = head[10] = head[11] = 0;
  memcpy (head + pre, dict, len - 1);
  head[pre + len - 1] = '\n';
  unsigned char *all = malloc (pre + len + n);
  memcpy (all, head, pre + len);
  memcpy (all + pre + len, data, n);
  write_bytes (path, all, pre + len + n);
  free (all);
}

static DaoviewDark *
load_ok (const char *location)
{
  DaoviewDark *d = NULL;
  char why[512] = "";
  int rc = daoview_dark_load (&d, location, why, sizeof why);
  if (rc != 0)
    print_error ("%s: %s\n", location, why);
  assert_int_equal (rc, 0);
  assert_non_null (d);
  return d;
}

static void
load_fails (const char *location, int code, const char *words)
{
  DaoviewDark *d = (DaoviewDark *) 1;
  char why[512] = "";
  assert_int_equal (daoview_dark_load (&d, location, why, sizeof why), code);
  assert_null (d);
  if (!strstr (why, words))
    {
      print_error ("'%s' does not say '%s'\n", why, words);
      fail ();
    }
}

static double
value (const DaoviewDark *d, unsigned x, unsigned y)
{
  DaoviewPlane p = daoview_dark_plane (d);
  double v = NAN;
  assert_true (daoview_plane_value_at (&p, x, y, &v));
  return v;
}

static void
npy_as_numpy_writes_it (void **state)
{
  /* What daoview itself saves: '<u2', (2, 3), version 1. */
  uint16_t u[6] = { 1, 2, 3, 400, 500, 65535 };
  daoview_capture_frame frame = { u, sizeof u, DAO_UINT16, 2, { 2, 3, 0 } };
  daoview_capture_error err;
  assert_int_equal (daoview_capture_save_npy (path_of ("u2.npy"), &frame, &err), 0);
  DaoviewDark *d = load_ok (path_of ("u2.npy"));
  assert_int_equal (daoview_dark_width (d), 3);
  assert_int_equal (daoview_dark_height (d), 2);
  assert_near (value (d, 0, 1), 400, 0);
  assert_near (value (d, 2, 1), 65535, 0);
  assert_string_equal (daoview_dark_name (d), "u2.npy");
  assert_string_equal (daoview_dark_location (d), path_of ("u2.npy"));
  daoview_dark_free (d);

  /* Big-endian int16, version 2, a 3-D array of one plane. */
  unsigned char be[8] = { 0xff, 0xfe, 0x00, 0x05, 0x01, 0x00, 0x80, 0x00 }; /* -2, 5, 256, -32768 */
  write_npy (path_of ("be.npy"), 2, "{'descr': '>i2', 'fortran_order': False, 'shape': (1, 2, 2), }", be,
             sizeof be);
  d = load_ok (path_of ("be.npy"));
  assert_int_equal (daoview_dark_width (d), 2);
  assert_int_equal (daoview_dark_height (d), 2);
  assert_near (value (d, 0, 0), -2, 0);
  assert_near (value (d, 1, 0), 5, 0);
  assert_near (value (d, 0, 1), 256, 0);
  assert_near (value (d, 1, 1), -32768, 0);
  daoview_dark_free (d);

  /* 1-D float64: one row. */
  double f8[3] = { 0.5, -1e300, NAN };
  write_npy (path_of ("f8.npy"), 1, "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (3,)}", f8,
             sizeof f8);
  d = load_ok (path_of ("f8.npy"));
  assert_int_equal (daoview_dark_height (d), 1);
  assert_near (value (d, 1, 0), -1e300, 0);
  assert_true (isnan (value (d, 2, 0)));
  daoview_dark_free (d);
}

static void
npy_that_cannot_be_a_dark (void **state)
{
  float c[4] = { 0 };
  write_npy (path_of ("c8.npy"), 1, "{'descr': '<c8', 'fortran_order': False, 'shape': (1, 2), }", c, 16);
  load_fails (path_of ("c8.npy"), -EINVAL, "real numbers");
  write_npy (path_of ("fo.npy"), 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", c, 16);
  load_fails (path_of ("fo.npy"), -EINVAL, "C order");
  write_npy (path_of ("cube.npy"), 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 2), }", c,
             16);
  load_fails (path_of ("cube.npy"), -EINVAL, "one plane");
  /* Shorter, and longer, than the shape says. */
  write_npy (path_of ("short.npy"), 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }", c,
             16);
  load_fails (path_of ("short.npy"), -EINVAL, "not as long");
  write_npy (path_of ("long.npy"), 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 3), }", c, 16);
  load_fails (path_of ("long.npy"), -EINVAL, "not as long");
  /* A header length past the end of the file. */
  unsigned char cut[12] = { 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0xff, 0x7f, '{', '}' };
  write_bytes (path_of ("cut.npy"), cut, sizeof cut);
  load_fails (path_of ("cut.npy"), -EINVAL, "cut short");
  /* Not a file we read, a missing one, a directory. */
  write_bytes (path_of ("text.txt"), "hello, world", 12);
  load_fails (path_of ("text.txt"), -EINVAL, "neither");
  load_fails (path_of ("missing.npy"), -ENOENT, "missing.npy");
  load_fails (NULL, -EINVAL, "No file");
}

static void
fits_with_bzero (void **state)
{
  if (!daoview_capture_have_fits ())
    {
      skip ();
      return;
    }
  /* uint16 is BITPIX 16 with BZERO 32768: read back exactly. */
  uint16_t u[6] = { 0, 1, 32768, 40000, 65535, 7 };
  daoview_capture_frame frame = { u, sizeof u, DAO_UINT16, 2, { 3, 2, 0 } };
  daoview_capture_error err;
  assert_int_equal (daoview_capture_save_fits (path_of ("u2.fits"), &frame, NULL, &err), 0);
  DaoviewDark *d = load_ok (path_of ("u2.fits"));
  assert_int_equal (daoview_dark_width (d), 2);
  assert_int_equal (daoview_dark_height (d), 3);
  for (int i = 0; i < 6; i++)
    assert_near (value (d, i % 2, i / 2), u[i], 0);
  daoview_dark_free (d);

  /* A complex frame is a cube of two planes: refused. */
  float c[4] = { 1, 2, 3, 4 };
  daoview_capture_frame cf = { c, sizeof c, DAO_COMPLEX_FLOAT, 2, { 1, 2, 0 } };
  assert_int_equal (daoview_capture_save_fits (path_of ("c8.fits"), &cf, NULL, &err), 0);
  load_fails (path_of ("c8.fits"), -EINVAL, "one image");
}

static void
newest_frame_of_a_stream (void **state)
{
  /* The stem names the semaphores in /dev/shm: unique to this process. */
  char path[96];
  snprintf (path, sizeof path, "%s/dvtest-dark-%d.im.shm", dir, (int) getpid ());
  const uint32_t shape[2] = { 2, 3 };
  dao_stream *s = NULL;
  assert_int_equal (dao_stream_create (&s, path, DAO_FLOAT, 2, shape, NULL), 0);
  float frame[6] = { 10, 11, 12, 13, 14, 15 };
  assert_int_equal (dao_stream_write (s, frame, sizeof frame), 0);

  char prefixed[128];
  snprintf (prefixed, sizeof prefixed, "stream:%s", path);
  DaoviewDark *d = load_ok (prefixed);
  assert_int_equal (daoview_dark_width (d), 3);
  assert_near (value (d, 2, 1), 15, 0);
  daoview_dark_free (d);
  d = load_ok (path); /* a stream file, whatever its name */
  assert_near (value (d, 0, 0), 10, 0);
  daoview_dark_free (d);
  dao_stream_close (s);
  dao_stream_unlink (path);
  load_fails (prefixed, -ENOENT, "dvtest-dark-");
}

static void
subtract_and_divide (void **state)
{
  const double dv[4] = { 1, 2, 0, 4 };
  DaoviewDark *d = daoview_dark_new (dv, 2, 2, "/x/d.npy");
  assert_string_equal (daoview_dark_name (d), "d.npy");
  uint16_t in[4] = { 10, 20, 30, 40 };
  DaoviewPlane p = { DAO_UINT16, in, 2, 2, DAOVIEW_COMPLEX_AMPLITUDE };
  double out[4];
  assert_int_equal (daoview_dark_apply (d, DAOVIEW_DARK_SUBTRACT, &p, out), 0);
  assert_near (out[0], 9, 0);
  assert_near (out[3], 36, 0);
  assert_int_equal (daoview_dark_apply (d, DAOVIEW_DARK_DIVIDE, &p, out), 0);
  assert_near (out[1], 10, 0);
  assert_true (isnan (out[2])); /* a dead pixel of the flat */
  /* In place, on doubles. */
  double v[4] = { 1, 1, 1, 1 };
  DaoviewPlane dp = { DAO_DOUBLE, v, 2, 2, DAOVIEW_COMPLEX_REAL };
  assert_int_equal (daoview_dark_apply (d, DAOVIEW_DARK_SUBTRACT, &dp, v), 0);
  assert_near (v[3], -3, 0);
  /* Complex: the part shown. */
  float c[8] = { 3, 4, 0, 2, 1, 0, 0, -5 };
  DaoviewPlane cp = { DAO_COMPLEX_FLOAT, c, 2, 2, DAOVIEW_COMPLEX_AMPLITUDE };
  assert_int_equal (daoview_dark_apply (d, DAOVIEW_DARK_SUBTRACT, &cp, out), 0);
  assert_near (out[0], 4, 1e-12);
  assert_near (out[3], 1, 1e-12);
  /* Another size: not applied, out untouched. */
  DaoviewPlane wide = { DAO_UINT16, in, 4, 1, DAOVIEW_COMPLEX_AMPLITUDE };
  out[0] = -7;
  assert_int_equal (daoview_dark_apply (d, DAOVIEW_DARK_SUBTRACT, &wide, out), -1);
  assert_near (out[0], -7, 0);
  daoview_dark_free (d);
  daoview_dark_free (NULL);
}

static int
setup (void **state)
{
  snprintf (dir, sizeof dir, "/tmp/dvtest-dark-%d", (int) getpid ());
  return mkdir (dir, 0700);
}

static int
teardown (void **state)
{
  char cmd[96];
  snprintf (cmd, sizeof cmd, "rm -rf %s", dir);
  return system (cmd) == 0 ? 0 : -1;
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (npy_as_numpy_writes_it),
    cmocka_unit_test (npy_that_cannot_be_a_dark),
    cmocka_unit_test (fits_with_bzero),
    cmocka_unit_test (newest_frame_of_a_stream),
    cmocka_unit_test (subtract_and_divide),
  };
  return cmocka_run_group_tests (tests, setup, teardown);
}
