/* test-daoview-png-text.c — text chunks added to a PNG cairo wrote
 * (daoview-png-text.c): read back by our reader and by Python's zlib CRC
 * check of every chunk (the file must stay a valid PNG), refused keywords,
 * files that are not PNGs, a value with UTF-8. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "daoview-png-text.h"

/* A 1 × 1 PNG (as cairo writes it: signature, IHDR, IDAT, IEND). */
static const unsigned char tiny_png[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
  0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
  0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
  0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
  0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

static char path[64];

static void
write_file (const void *data, size_t n)
{
  FILE *f = fopen (path, "wb");
  assert_non_null (f);
  assert_int_equal (fwrite (data, 1, n, f), n);
  fclose (f);
}

/* Every chunk's CRC checked with zlib, as a PNG reader does. */
static int
png_is_valid (void)
{
  char cmd[512];
  snprintf (cmd, sizeof cmd,
            "/usr/bin/python3 -c \"import struct,sys,zlib;d=open('%s','rb').read();assert d[:8]==b'\\x89PNG\\r\\n\\x1a\\n';"
            "i=8\nwhile i<len(d):\n n,=struct.unpack('>I',d[i:i+4]);t=d[i+4:i+8];c,=struct.unpack('>I',d[i+8+n:i+12+n]);"
            "assert zlib.crc32(t+d[i+8:i+8+n])==c,t;i+=12+n\nassert t==b'IEND'\"",
            path);
  return system (cmd) == 0;
}

static void
entries_round_trip (void **state)
{
  write_file (tiny_png, sizeof tiny_png);
  const char *keys[] = { "Title", "DAO:counter", "DAO:write-time", "Comment" };
  const char *values[] = { "cam.im.shm", "123456", "2025-01-02T03:04:05.123456789Z", "− dark.fits ÷ flat.npy" };
  assert_int_equal (daoview_png_add_text (path, keys, values, 4), 0);
  assert_true (png_is_valid ());
  for (int i = 0; i < 4; i++)
    {
      char *v = daoview_png_get_text (path, keys[i]);
      assert_non_null (v);
      assert_string_equal (v, values[i]);
      free (v);
    }
  assert_null (daoview_png_get_text (path, "Missing"));
  assert_null (daoview_png_get_text (path, "Titl")); /* a prefix is not the key */
}

static void
refusals (void **state)
{
  write_file (tiny_png, sizeof tiny_png);
  const char *bad_keys[] = { "", " lead", "trail ", "two  spaces", "tab\there" };
  const char *v[] = { "x" };
  for (int i = 0; i < 5; i++)
    assert_int_equal (daoview_png_add_text (path, &bad_keys[i], v, 1), -EINVAL);
  char long_key[81];
  memset (long_key, 'k', 80);
  long_key[80] = '\0';
  const char *lk[] = { long_key };
  assert_int_equal (daoview_png_add_text (path, lk, v, 1), -EINVAL);
  /* Nothing was written. */
  FILE *f = fopen (path, "rb");
  fseek (f, 0, SEEK_END);
  assert_int_equal (ftell (f), sizeof tiny_png);
  fclose (f);

  write_file ("GIF89a not a png at all........................", 48);
  const char *k[] = { "Title" };
  assert_int_equal (daoview_png_add_text (path, k, v, 1), -EINVAL);
  assert_null (daoview_png_get_text (path, "Title"));
  /* A chunk length past the end of the file: no read beyond it. */
  unsigned char cut[sizeof tiny_png];
  memcpy (cut, tiny_png, sizeof tiny_png);
  cut[33] = 0x7f; /* IDAT's length */
  write_file (cut, sizeof cut);
  assert_null (daoview_png_get_text (path, "Title"));
  unlink (path);
  assert_int_equal (daoview_png_add_text (path, k, v, 1), -ENOENT);
}

int
main (void)
{
  snprintf (path, sizeof path, "/tmp/dvtest-png-%d.png", (int) getpid ());
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (entries_round_trip),
    cmocka_unit_test (refusals),
  };
  int rc = cmocka_run_group_tests (tests, NULL, NULL);
  unlink (path);
  return rc;
}
