/* test-daoview-source-remote.c — the remote frame source
 * (daoview-source-remote.c) against a real libdao-remote server in a forked
 * process, over loopback: which locations it claims, "waiting" until the
 * server offers the stream, the exact bytes and keywords of a frame, a
 * wait woken by a new frame, a remote re-creation seen as DAO_E_REPLACED
 * and attached again at once with the new shape, the link going down and
 * being re-made when the server is killed and restarted, a stream the
 * server cannot read, CURVE keys (daoview --curve-keys), and the chooser's
 * listing.
 *
 * Nothing asserts a duration: each fact is waited for with a generous cap. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "dao-remote.h"
#include "daoview-options.h"
#include "daoview-remote.h"
#include "daoview-source.h"
#include "remote-test-util.h"
#include "test-util.h"

#define SECOND 1000000000LL
#define CAP (30 * SECOND)

static int64_t
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static const uint32_t shape_a[2] = { 3, 5 };
static const uint32_t shape_b[2] = { 4, 2 };

static dao_stream *
create (const char *path, dao_type type, const uint32_t *shape)
{
  dao_create_options o = DAO_CREATE_OPTIONS_INIT;
  o.keywords = 2;
  dao_stream *s = NULL;
  assert_dao_ok (dao_stream_create (&s, path, type, 2, shape, &o));
  return s;
}

static void
write_u16 (dao_stream *s, uint16_t first)
{
  uint16_t frame[15];
  for (int i = 0; i < 15; i++)
    frame[i] = (uint16_t) (first + 7 * i);
  assert_dao_ok (dao_stream_write (s, frame, sizeof frame));
}

static pid_t
serve (const char *path, char *endpoint, size_t len, const char *bind, const char *curve_dir)
{
  server_args a = { .paths = { path }, .n_paths = 1, .curve_dir = curve_dir };
  if (bind)
    snprintf (a.bind, sizeof a.bind, "%s", bind);
  pid_t pid = remote_server_start (&a, endpoint, len);
  if (pid < 0)
    fail_msg ("server did not start: '%s'", endpoint);
  return pid;
}

static void
url_of (char *url, size_t len, const char *endpoint, const char *path)
{
  char stem[128];
  assert_true (dao_stream_stem (stem, sizeof stem, path) > 0);
  snprintf (url, len, "%s/%s", endpoint, stem);
}

/* A uint16 stream with one frame (pixel 0 = first), served in a child. */
typedef struct {
  const char *path;
  dao_stream *s;
  pid_t pid;
  char ep[128];
  char url[256];
} Served;

static void
serve_new_stream (Served *v, uint16_t first, const char *curve_dir)
{
  v->path = test_stream_path ();
  v->s = create (v->path, DAO_UINT16, shape_a);
  write_u16 (v->s, first);
  v->pid = serve (v->path, v->ep, sizeof v->ep, NULL, curve_dir);
  url_of (v->url, sizeof v->url, v->ep, v->path);
}

static void
served_stop (Served *v, DaoviewSource *src)
{
  daoview_source_close (src);
  if (v->pid > 0)
    remote_server_stop (v->pid);
  dao_stream_close (v->s);
  test_cleanup_paths ();
}

/* Open until it succeeds (the reader retries -ENOENT the same way); the
 * last code when the cap runs out. */
static int
open_within (DaoviewSource **out, const char *url, int64_t cap)
{
  int64_t end = now_ns () + cap;
  int rc;
  do
    rc = daoview_source_open (out, url, NULL);
  while (rc == -ENOENT && now_ns () < end);
  return rc;
}

/* Let the source work (wait + check, as the reader does) until check()
 * reports `link`, or returns a code; returns check()'s last code. */
static int
until_link (DaoviewSource *src, DaoviewSourceLink link, int64_t cap)
{
  int64_t end = now_ns () + cap;
  DaoviewSourceHealth h;
  int rc;
  do
    {
      daoview_source_wait (src, 50000000);
      rc = daoview_source_check (src, &h);
    }
  while (rc == 0 && h.link != link && now_ns () < end);
  if (rc == 0 && h.link != link)
    fail_msg ("link %d, expected %d", (int) h.link, (int) link);
  return rc;
}

/* Wait until the source's counter reaches `counter` (frames are asked for
 * by wait(), as the reader does). */
static void
until_counter (DaoviewSource *src, uint64_t counter, int64_t cap)
{
  int64_t end = now_ns () + cap;
  while (daoview_source_counter (src) < counter && now_ns () < end)
    daoview_source_wait (src, 50000000);
  assert_int_equal (daoview_source_counter (src), counter);
}

/* ---- which locations ---------------------------------------------------- */

static void
test_claims_tcp_locations (void **state)
{
  assert_ptr_equal (daoview_source_class_for ("tcp://rtc:5556/cam"), &daoview_remote_source_class);
  assert_ptr_equal (daoview_source_class_for ("/tmp/cam.im.shm"), &daoview_dao_source_class);
  assert_ptr_equal (daoview_source_class_for ("tcpcam.im.shm"), &daoview_dao_source_class);
  assert_true (daoview_remote_available ());
  assert_true (daoview_remote_is_server ("tcp://rtc:5556"));
  assert_true (daoview_remote_is_server ("tcp://rtc:5556/"));
  assert_true (daoview_remote_is_server ("tcp://[::1]:5556/"));
  assert_false (daoview_remote_is_server ("tcp://rtc:5556/cam"));
  assert_false (daoview_remote_is_server ("/tmp/cam.im.shm"));
  assert_false (daoview_remote_is_server (NULL));

  /* A malformed address is invalid, in the library's words, not "waiting". */
  DaoviewSource *src = NULL;
  int rc = daoview_source_open (&src, "tcp://rtc:99999/cam", NULL);
  assert_int_equal (rc, DAO_REMOTE_E_BAD_URL);
  assert_null (src);
  assert_string_equal (daoview_source_strerror (&daoview_remote_source_class, rc),
                       dao_remote_strerror (DAO_REMOTE_E_BAD_URL));
  assert_int_equal (daoview_source_open (&src, "tcp://rtc:5556/no/such", NULL), DAO_REMOTE_E_BAD_NAME);
  /* -ENOENT is no file here. */
  assert_null (strstr (daoview_source_strerror (&daoview_remote_source_class, -ENOENT), "file"));
}

/* ---- frames --------------------------------------------------------------- */

static void
test_waits_then_shows_exact_frames (void **state)
{
  const char *path = test_stream_path ();
  char ep[128], url[256];
  /* Offered before it exists: the server answers "no such stream". */
  pid_t pid = serve (path, ep, sizeof ep, NULL, NULL);
  url_of (url, sizeof url, ep, path);
  DaoviewSource *src = NULL;
  assert_int_equal (daoview_source_open (&src, url, NULL), -ENOENT);
  assert_null (src);

  dao_stream *s = create (path, DAO_UINT16, shape_a);
  assert_dao_ok (dao_stream_keyword_set_int (s, "EXPTIME", 42, "ms"));
  write_u16 (s, 100);
  assert_dao_ok (open_within (&src, url, CAP));

  const DaoviewSourceInfo *info = daoview_source_info (src);
  assert_string_equal (src->klass->name, "remote");
  assert_string_equal (info->format, "DAO (remote)");
  assert_int_equal (info->type, DAO_UINT16);
  assert_int_equal (info->naxis, 2);
  assert_int_equal (info->shape[0], 3);
  assert_int_equal (info->shape[1], 5);
  assert_int_equal (info->frame_size, 30);
  assert_true (info->capabilities & DAOVIEW_SOURCE_CAN_WAIT);
  assert_true (info->capabilities & DAOVIEW_SOURCE_HAS_KEYWORDS);
  assert_int_equal (info->slot, -1);
  assert_int_equal (info->wait_error, 0);
  assert_int_equal (info->counter, 1);
  assert_true (info->write_time_ns > 0);

  uint16_t got[15], want[15];
  DaoviewSourceFrameInfo fi;
  for (int i = 0; i < 15; i++)
    want[i] = (uint16_t) (100 + 7 * i);
  assert_dao_ok (daoview_source_copy_newest (src, got, sizeof got, &fi));
  assert_memory_equal (got, want, sizeof want);
  assert_int_equal (fi.counter, 1);
  assert_int_equal (fi.retries, 0);
  /* A buffer of another size is refused, never overrun. */
  assert_int_not_equal (daoview_source_copy_newest (src, got, 8, &fi), 0);

  dao_keyword *kw = NULL;
  unsigned n = 0;
  assert_dao_ok (src->klass->keywords (src, &kw, &n));
  assert_int_equal (n, 1);
  assert_string_equal (kw[0].name, "EXPTIME");
  assert_int_equal (kw[0].value.i, 42);
  free (kw);

  /* A new frame wakes wait() and is the one copied. */
  write_u16 (s, 500);
  until_counter (src, 2, CAP);
  assert_dao_ok (daoview_source_copy_newest (src, got, sizeof got, &fi));
  for (int i = 0; i < 15; i++)
    want[i] = (uint16_t) (500 + 7 * i);
  assert_memory_equal (got, want, sizeof want);
  assert_int_equal (fi.counter, 2);
  DaoviewSourceHealth h;
  assert_dao_ok (daoview_source_check (src, &h));
  assert_int_equal (h.link, DAOVIEW_SOURCE_LINK_UP);
  assert_int_equal (h.writer, DAOVIEW_SOURCE_WRITER_UNKNOWN);

  /* Keywords through a passive source of their own (the save path). */
  assert_dao_ok (daoview_source_read_keywords (url, &kw, &n));
  assert_int_equal (n, 1);
  assert_string_equal (kw[0].comment, "ms");
  free (kw);

  daoview_source_close (src);
  remote_server_stop (pid);
  dao_stream_close (s);
  test_cleanup_paths ();
}

/* ---- re-created on the server -------------------------------------------- */

static void
test_remote_recreation_reattaches (void **state)
{
  Served v;
  serve_new_stream (&v, 1, NULL);
  const char *path = v.path, *url = v.url;
  DaoviewSource *src = NULL;
  assert_dao_ok (open_within (&src, url, CAP));

  /* Another shape and type at the same path (libdao renames it over). */
  dao_stream_close (v.s);
  dao_stream *s = create (path, DAO_FLOAT, shape_b);
  float frame[8] = { 1.5f, -2.25f, 3, 4, 5, 6, 7, 8.125f };
  assert_dao_ok (dao_stream_write (s, frame, sizeof frame));

  /* The reader copies when the counter moves, and checks: either says so. */
  int64_t end = now_ns () + CAP;
  DaoviewSourceHealth h;
  uint16_t old[15];
  int rc = 0;
  while (rc == 0 && now_ns () < end)
    {
      daoview_source_wait (src, 50000000);
      rc = daoview_source_copy_newest (src, old, sizeof old, NULL);
      if (rc == 0)
        rc = daoview_source_check (src, &h);
    }
  assert_int_equal (rc, DAO_E_REPLACED);
  assert_int_equal (daoview_source_check (src, &h), DAO_E_REPLACED);
  daoview_source_close (src);

  /* The connection was kept, with the new frame: the next open attaches
   * at once, with the new geometry, even with the server frozen (so it is
   * not a new connection that got lucky). */
  src = NULL;
  assert_int_equal (kill (v.pid, SIGSTOP), 0);
  rc = daoview_source_open (&src, url, NULL);
  assert_int_equal (kill (v.pid, SIGCONT), 0);
  assert_dao_ok (rc);
  const DaoviewSourceInfo *info = daoview_source_info (src);
  assert_int_equal (info->type, DAO_FLOAT);
  assert_int_equal (info->shape[0], 4);
  assert_int_equal (info->shape[1], 2);
  float got[8];
  assert_dao_ok (daoview_source_copy_newest (src, got, sizeof got, NULL));
  assert_memory_equal (got, frame, sizeof frame);

  /* Removed on the server: "waiting" (-ENOENT), then back when it is. */
  dao_stream_close (s);
  dao_stream_unlink (path);
  end = now_ns () + CAP;
  do
    {
      daoview_source_wait (src, 50000000);
      rc = daoview_source_check (src, &h);
    }
  while (rc == 0 && now_ns () < end);
  assert_int_equal (rc, -ENOENT);
  daoview_source_close (src);
  src = NULL;
  assert_int_equal (daoview_source_open (&src, url, NULL), -ENOENT);
  v.s = create (path, DAO_UINT16, shape_a);
  write_u16 (v.s, 9);
  assert_dao_ok (open_within (&src, url, CAP));
  assert_int_equal (daoview_source_info (src)->type, DAO_UINT16);
  served_stop (&v, src);
}

/* ---- the link ------------------------------------------------------------ */

static void
test_server_killed_and_restarted (void **state)
{
  Served v;
  serve_new_stream (&v, 1, NULL);
  DaoviewSource *src = NULL;
  assert_dao_ok (open_within (&src, v.url, CAP));

  remote_server_stop (v.pid);
  assert_dao_ok (until_link (src, DAOVIEW_SOURCE_LINK_DOWN, CAP));
  assert_dao_ok (until_link (src, DAOVIEW_SOURCE_LINK_RECONNECTING, CAP));

  /* Back on the same port: frames again, on the same source. */
  char ep2[128];
  v.pid = serve (v.path, ep2, sizeof ep2, v.ep, NULL);
  assert_string_equal (ep2, v.ep);
  write_u16 (v.s, 77);
  until_counter (src, 2, CAP);
  assert_dao_ok (until_link (src, DAOVIEW_SOURCE_LINK_UP, CAP));
  uint16_t got[15];
  assert_dao_ok (daoview_source_copy_newest (src, got, sizeof got, NULL));
  assert_int_equal (got[0], 77);
  served_stop (&v, src);
}

/* ---- a stream the server cannot read ------------------------------------- */

static void
test_unreadable_stream_is_invalid (void **state)
{
  const char *path = test_stream_path ();
  char ep[128], url[256];
  static const char junk[4096] = "this is not a DAO stream";
  test_write_file (path, junk, sizeof junk);
  pid_t pid = serve (path, ep, sizeof ep, NULL, NULL);
  url_of (url, sizeof url, ep, path);
  DaoviewSource *src = NULL;
  int64_t end = now_ns () + CAP;
  int rc;
  do
    rc = daoview_source_open (&src, url, NULL);
  while (rc == -ENOENT && now_ns () < end);
  /* Not "waiting": invalid, with the server's reason (libdao's code). */
  assert_true (rc < 0);
  assert_int_not_equal (rc, -ENOENT);
  assert_null (src);
  const char *text = daoview_source_strerror (&daoview_remote_source_class, rc);
  assert_non_null (text);
  assert_true (strlen (text) > 0);
  remote_server_stop (pid);
  test_cleanup_paths ();
}

/* ---- CURVE ---------------------------------------------------------------- */

/* daoview --curve-keys DIR, through the command line's parser. */
static gboolean
parse_curve_keys (const char *dir)
{
  DaoviewOptions o;
  daoview_options_init (&o);
  GVariantDict *dict = g_variant_dict_new (NULL);
  g_variant_dict_insert_value (dict, "curve-keys", g_variant_new_bytestring (dir));
  GError *error = NULL;
  gboolean ok = daoview_options_parse (&o, dict, &error);
  if (!ok)
    {
      assert_non_null (strstr (error->message, "--curve-keys"));
      assert_non_null (strstr (error->message, dir));
      g_error_free (error);
    }
  g_variant_dict_unref (dict);
  daoview_options_clear (&o);
  return ok;
}

static void
test_curve_keys (void **state)
{
  char sdir[256], cdir[256];
  snprintf (sdir, sizeof sdir, "%s/server-keys", test_dir ());
  snprintf (cdir, sizeof cdir, "%s/client-keys", test_dir ());
  int rc = remote_make_key_pair (sdir, cdir);
  if (rc == DAO_REMOTE_E_NO_CURVE)
    skip ();
  assert_dao_ok (rc);

  Served v;
  serve_new_stream (&v, 3, sdir);
  const char *url = v.url, *ep = v.ep;

  /* No keys: refused during the handshake, so nothing ever arrives. */
  DaoviewSource *src = NULL;
  int64_t end = now_ns () + 2 * SECOND;
  do
    assert_int_equal (daoview_source_open (&src, url, NULL), -ENOENT);
  while (now_ns () < end);
  DaoviewRemoteEntry *entries = NULL;
  size_t n = 0;
  assert_int_equal (daoview_remote_list (ep, SECOND, &entries, &n), -ETIMEDOUT);

  /* --curve-keys: a directory without client keys is refused up front,
   * with the reason; the client's directory is taken for every connection. */
  assert_false (parse_curve_keys (sdir));
  assert_true (parse_curve_keys (cdir));
  assert_dao_ok (open_within (&src, url, CAP));
  uint16_t got[15];
  assert_dao_ok (daoview_source_copy_newest (src, got, sizeof got, NULL));
  assert_int_equal (got[0], 3);
  assert_dao_ok (daoview_remote_list (ep, CAP, &entries, &n));
  assert_int_equal (n, 1);
  free (entries);
  daoview_source_close (src);
  src = NULL;
  assert_dao_ok (daoview_remote_use_keys (NULL));
  served_stop (&v, NULL);
}

/* ---- the chooser's listing ----------------------------------------------- */

static void
test_listing (void **state)
{
  Served v;
  serve_new_stream (&v, 1, NULL);
  const char *path = v.path, *ep = v.ep;
  char want[320], stem[128];

  DaoviewRemoteEntry *e = NULL;
  size_t n = 0;
  char server[160];
  snprintf (server, sizeof server, "%s/", ep); /* as `daoview tcp://HOST:PORT/` */
  assert_dao_ok (daoview_remote_list (server, CAP, &e, &n));
  assert_int_equal (n, 1);
  assert_true (dao_stream_stem (stem, sizeof stem, path) > 0);
  snprintf (want, sizeof want, "%s/%s", ep, stem);
  assert_string_equal (e[0].location, want);
  assert_string_equal (e[0].name, stem);
  assert_true (e[0].valid);
  assert_int_equal (e[0].type, DAO_UINT16);
  assert_int_equal (e[0].naxis, 2);
  assert_int_equal (e[0].shape[0], 3);
  assert_int_equal (e[0].shape[1], 5);
  assert_int_equal (e[0].counter, 1);
  free (e);

  /* A stream's address is not a server's; no server: no answer. */
  assert_int_equal (daoview_remote_list (want, SECOND, &e, &n), DAO_REMOTE_E_BAD_URL);
  remote_server_stop (v.pid);
  v.pid = -1;
  assert_int_equal (daoview_remote_list (ep, SECOND / 2, &e, &n), -ETIMEDOUT);
  assert_null (e);
  assert_int_equal (n, 0);
  served_stop (&v, NULL);
}

int
main (void)
{
  signal (SIGPIPE, SIG_IGN);
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_claims_tcp_locations),
    cmocka_unit_test (test_waits_then_shows_exact_frames),
    cmocka_unit_test (test_remote_recreation_reattaches),
    cmocka_unit_test (test_server_killed_and_restarted),
    cmocka_unit_test (test_unreadable_stream_is_invalid),
    cmocka_unit_test (test_curve_keys),
    cmocka_unit_test (test_listing),
  };
  int failed = cmocka_run_group_tests (tests, NULL, NULL);
  test_cleanup_paths ();
  return failed;
}
