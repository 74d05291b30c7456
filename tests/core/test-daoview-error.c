/* test-daoview-error.c — codes become GError once (daoview-error.c):
 * -errno is a G_IO_ERROR that callers can test, DAO_E_* a positive code of
 * DAOVIEW_STREAM_ERROR, a source's own code DAOVIEW_STREAM_ERROR_SOURCE with
 * its class's words. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "daoview-error.h"

static void
errno_codes_are_io_errors (void **state)
{
  GError *e = daoview_error_new (NULL, -ENOENT, NULL);
  assert_true (g_error_matches (e, G_IO_ERROR, G_IO_ERROR_NOT_FOUND));
  assert_string_equal (e->message, dao_strerror (-ENOENT));
  g_error_free (e);
  e = daoview_error_new (NULL, -EACCES, "Cannot show this file");
  assert_true (g_error_matches (e, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED));
  g_autofree char *want = g_strdup_printf ("Cannot show this file: %s", dao_strerror (-EACCES));
  assert_string_equal (e->message, want);
  g_error_free (e);
}

static void
protocol_codes_are_positive_stream_errors (void **state)
{
  GError *e = daoview_error_new (NULL, DAO_E_TORN, NULL);
  assert_true (g_error_matches (e, DAOVIEW_STREAM_ERROR, DAOVIEW_STREAM_ERROR_TORN));
  assert_true (e->code > 0);
  assert_string_equal (e->message, dao_strerror (DAO_E_TORN));
  g_error_free (e);
  /* Every code of libdao's table has its own. */
  assert_int_equal (DAOVIEW_STREAM_ERROR_EMPTY, -DAO_E_EMPTY);
  assert_int_equal (DAOVIEW_STREAM_ERROR_NOT_WRITING, -DAO_E_NOT_WRITING);
  e = daoview_error_new (NULL, DAO_E_BAD_NAXIS, "Cannot show this file");
  assert_true (g_error_matches (e, DAOVIEW_STREAM_ERROR, DAOVIEW_STREAM_ERROR_BAD_NAXIS));
  g_error_free (e);
}

#define WIRE_BAD_MAGIC (DAOVIEW_SOURCE_ERROR_BASE - 1)

static const char *
wire_strerror (int code)
{
  return code == WIRE_BAD_MAGIC ? "the server does not speak this protocol" : NULL;
}

static void
a_sources_own_codes_use_its_words (void **state)
{
  DaoviewSourceClass remote = { .name = "remote", .strerror = wire_strerror };
  GError *e = daoview_error_new (&remote, WIRE_BAD_MAGIC, "Cannot show this stream");
  assert_true (g_error_matches (e, DAOVIEW_STREAM_ERROR, DAOVIEW_STREAM_ERROR_SOURCE));
  assert_string_equal (e->message, "Cannot show this stream: the server does not speak this protocol");
  g_error_free (e);
  /* Codes that are not its own still read as libdao's. */
  assert_string_equal (daoview_source_strerror (&remote, DAO_E_TORN), dao_strerror (DAO_E_TORN));
  assert_string_equal (daoview_source_strerror (NULL, -EIO), dao_strerror (-EIO));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (errno_codes_are_io_errors),
    cmocka_unit_test (protocol_codes_are_positive_stream_errors),
    cmocka_unit_test (a_sources_own_codes_use_its_words),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
