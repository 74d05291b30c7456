/* test-daoview-source.c — the frame-source seam and its DAO class
 * (daoview-source.c, daoview-source-dao.c) on real streams: what open()
 * describes, the reader slot it takes (or does not), copies, the check
 * that sees a stream replaced or removed, a wait woken by a writer in
 * another process, keywords read through a source of their own. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "daoview-source.h"

static char path[128];

static int
setup (void **state)
{
  static int serial;
  snprintf (path, sizeof path, "/tmp/dvcore-source-%d-%d.im.shm", (int) getpid (), serial++);
  return 0;
}

static int
teardown (void **state)
{
  dao_stream_unlink (path);
  dao_semaphores_unlink (path, DAO_MAX_SEMAPHORES); /* also where the file went first */
  return 0;
}

static dao_stream *
create (unsigned semaphores)
{
  const uint32_t shape[2] = { 3, 4 };
  dao_create_options options = DAO_CREATE_OPTIONS_INIT;
  options.semaphores = semaphores;
  options.keywords = 2;
  dao_stream *s = NULL;
  assert_int_equal (dao_stream_create (&s, path, DAO_UINT16, 2, shape, &options), 0);
  return s;
}

static void
write_ramp (dao_stream *s, uint16_t first)
{
  uint16_t frame[12];
  for (int i = 0; i < 12; i++)
    frame[i] = (uint16_t) (first + i);
  assert_int_equal (dao_stream_write (s, frame, sizeof frame), 0);
}

static void
any_path_is_the_dao_class (void **state)
{
  assert_ptr_equal (daoview_source_class_for ("/tmp/cam.im.shm"), &daoview_dao_source_class);
  assert_ptr_equal (daoview_source_class_for ("relative/name"), &daoview_dao_source_class);
  DaoviewSource *src = (DaoviewSource *) 1;
  assert_int_equal (daoview_source_open (&src, path, NULL), -ENOENT);
  assert_null (src);
  daoview_source_close (NULL);
}

static void
open_describes_the_stream_and_takes_a_slot (void **state)
{
  dao_stream *w = create (4);
  write_ramp (w, 100);
  DaoviewSource *src = NULL;
  assert_int_equal (daoview_source_open (&src, path, NULL), 0);
  const DaoviewSourceInfo *info = daoview_source_info (src);
  assert_string_equal (info->format, "DAO");
  assert_int_equal (info->type, DAO_UINT16);
  assert_true (info->naxis == 2 && info->shape[0] == 3 && info->shape[1] == 4 && info->shape[2] == 0);
  assert_int_equal (info->frame_size, 24);
  assert_int_equal (info->counter, 1);
  assert_true (info->write_time_ns > 0);
  /* The highest free slot, as every libdao reader takes it. */
  assert_int_equal (info->slot, 3);
  assert_int_equal (info->wait_error, 0);
  assert_true (info->capabilities & DAOVIEW_SOURCE_CAN_WAIT);
  assert_true (info->capabilities & DAOVIEW_SOURCE_HAS_KEYWORDS);
  assert_int_equal (dao_stream_slot_is_claimed (w, 3), 1);

  uint16_t got[12] = { 0 };
  DaoviewSourceFrameInfo fi;
  assert_int_equal (daoview_source_copy_newest (src, got, sizeof got, &fi), 0);
  assert_true (got[0] == 100 && got[11] == 111 && fi.counter == 1);
  write_ramp (w, 200);
  assert_int_equal (daoview_source_counter (src), 2);
  assert_int_equal (daoview_source_copy_newest (src, got, sizeof got, &fi), 0);
  assert_true (got[0] == 200 && fi.counter == 2);

  DaoviewSourceHealth health;
  assert_int_equal (daoview_source_check (src, &health), 0);
  assert_int_equal (health.writer, DAOVIEW_SOURCE_WRITER_ALIVE);
  assert_int_equal (health.link, DAOVIEW_SOURCE_LINK_NONE);
  daoview_source_close (src);
  assert_int_equal (dao_stream_slot_is_claimed (w, 3), 0);
  dao_stream_close (w);
}

static void
slots_forced_none_free_or_none_taken (void **state)
{
  dao_stream *w = create (2);
  DaoviewSourceOptions options = DAOVIEW_SOURCE_OPTIONS_INIT;
  DaoviewSource *a = NULL, *b = NULL, *c = NULL, *look = NULL;

  options.slot = 0;
  assert_int_equal (daoview_source_open (&a, path, &options), 0);
  assert_int_equal (daoview_source_info (a)->slot, 0);
  assert_int_equal (daoview_source_open (&b, path, NULL), 0);
  assert_int_equal (daoview_source_info (b)->slot, 1);
  /* None left: the source still opens, and says why it cannot wake us. */
  assert_int_equal (daoview_source_open (&c, path, NULL), 0);
  assert_int_equal (daoview_source_info (c)->slot, -1);
  assert_int_equal (daoview_source_info (c)->wait_error, DAO_E_NO_FREE_SLOT);
  assert_false (daoview_source_info (c)->capabilities & DAOVIEW_SOURCE_CAN_WAIT);
  assert_int_equal (daoview_source_wait (c, 0), DAO_E_NO_FREE_SLOT);
  daoview_source_close (b);
  /* A passive look takes nothing, even with a slot free. */
  options = (DaoviewSourceOptions) DAOVIEW_SOURCE_OPTIONS_INIT;
  options.passive = true;
  assert_int_equal (daoview_source_open (&look, path, &options), 0);
  assert_int_equal (daoview_source_info (look)->slot, -1);
  assert_int_equal (dao_stream_slot_is_claimed (w, 1), 0);
  daoview_source_close (look);
  daoview_source_close (c);
  daoview_source_close (a);
  dao_stream_close (w);
}

static void
check_sees_replacement_and_removal (void **state)
{
  dao_stream *w = create (2);
  DaoviewSource *src = NULL;
  DaoviewSourceHealth health;
  assert_int_equal (daoview_source_open (&src, path, NULL), 0);
  dao_stream_close (w);
  w = create (2); /* a new file renamed over the path */
  assert_int_equal (daoview_source_check (src, &health), DAO_E_REPLACED);
  daoview_source_close (src);
  assert_int_equal (daoview_source_open (&src, path, NULL), 0);
  dao_stream_close (w);
  assert_int_equal (unlink (path), 0);
  assert_int_equal (daoview_source_check (src, &health), -ENOENT);
  daoview_source_close (src);
}

/* A writer in another process: the wait returns for its frame; then, with
 * the post taken, a short wait times out. */
static void
wait_wakes_on_a_write_from_another_process (void **state)
{
  dao_stream *w = create (2);
  DaoviewSource *src = NULL;
  assert_int_equal (daoview_source_open (&src, path, NULL), 0);
  daoview_source_skip_pending (src);
  assert_int_equal (daoview_source_wait (src, 0), -ETIMEDOUT);

  pid_t child = fork ();
  assert_true (child >= 0);
  if (child == 0)
    {
      dao_stream *cw = NULL;
      struct timespec pause = { 0, 50 * 1000 * 1000 };
      nanosleep (&pause, NULL);
      if (dao_stream_open (&cw, path, 0) != 0)
        _exit (2);
      uint16_t frame[12] = { 7 };
      _exit (dao_stream_write (cw, frame, sizeof frame) == 0 ? 0 : 3);
    }
  /* Generous: the machine may be loaded; no timing is asserted. */
  assert_int_equal (daoview_source_wait (src, 10LL * 1000 * 1000 * 1000), 0);
  int status;
  assert_int_equal (waitpid (child, &status, 0), child);
  assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  assert_int_equal (daoview_source_counter (src), 1);
  daoview_source_skip_pending (src);
  assert_int_equal (daoview_source_wait (src, 1000 * 1000), -ETIMEDOUT);
  daoview_source_close (src);
  dao_stream_close (w);
}

static void
keywords_through_a_source_of_their_own (void **state)
{
  dao_stream *w = create (2);
  assert_int_equal (dao_stream_keyword_set_int (w, "GAIN", 2, "camera gain"), 0);
  DaoviewSource *reader = NULL;
  assert_int_equal (daoview_source_open (&reader, path, NULL), 0);
  dao_keyword *kw = NULL;
  unsigned n = 0;
  assert_int_equal (daoview_source_read_keywords (path, &kw, &n), 0);
  assert_int_equal (n, 1);
  assert_string_equal (kw[0].name, "GAIN");
  assert_int_equal (kw[0].value.i, 2);
  free (kw);
  /* The reader's slot is untouched by the look. */
  assert_int_equal (dao_stream_slot_is_claimed (w, daoview_source_info (reader)->slot), 1);
  daoview_source_close (reader);
  dao_stream_close (w);
  assert_int_equal (daoview_source_read_keywords ("/nonexistent/x.im.shm", &kw, &n), -ENOENT);
  assert_null (kw);
}

/* A FIFO's segments through copy_segment(): the newest's segment comes with
 * copy_newest(), the frame k older is k segments before it, each with its
 * counter; a stream of depth 1 has no history. */
static void
fifo_segments_by_counter (void **state)
{
  const uint32_t shape[2] = { 3, 4 };
  dao_create_options options = DAO_CREATE_OPTIONS_INIT;
  options.fifo_depth = 4;
  dao_stream *s = NULL;
  assert_int_equal (dao_stream_create (&s, path, DAO_UINT16, 2, shape, &options), 0);
  for (uint16_t n = 1; n <= 6; n++)
    write_ramp (s, (uint16_t) (100 * n));

  DaoviewSource *src = NULL;
  assert_int_equal (daoview_source_open (&src, path, NULL), 0);
  const DaoviewSourceInfo *info = daoview_source_info (src);
  assert_true (info->capabilities & DAOVIEW_SOURCE_HAS_HISTORY);
  assert_int_equal (info->history_depth, 4);
  uint16_t frame[12];
  DaoviewSourceFrameInfo fi = { 0 };
  assert_int_equal (daoview_source_copy_newest (src, frame, sizeof frame, &fi), 0);
  assert_int_equal (fi.counter, 6);
  for (unsigned k = 0; k < 4; k++)
    {
      DaoviewSourceFrameInfo si = { 0 };
      unsigned segment = (fi.segment + 4 - k) % 4;
      assert_int_equal (daoview_source_copy_segment (src, segment, frame, sizeof frame, &si), 0);
      assert_int_equal (si.counter, 6 - k);
      assert_int_equal (frame[0], 100 * (6 - k));
    }
  assert_int_equal (daoview_source_copy_segment (src, 4, frame, sizeof frame, &fi), -EINVAL);
  daoview_source_close (src);
  dao_stream_close (s);
  dao_stream_unlink (path);

  s = create (2);
  write_ramp (s, 1);
  assert_int_equal (daoview_source_open (&src, path, NULL), 0);
  assert_false (daoview_source_info (src)->capabilities & DAOVIEW_SOURCE_HAS_HISTORY);
  assert_int_equal (daoview_source_copy_segment (src, 0, frame, sizeof frame, &fi), -ENOTSUP);
  daoview_source_close (src);
  dao_stream_close (s);
}

/* A − B as a source of its own: its location names both streams whatever
 * their paths hold, each frame is A's newest minus B's as float64, A's
 * counter; streams of different shapes are refused with a sentence. */
static void
difference_of_two_streams (void **state)
{
  char b_path[160], c_path[160];
  snprintf (b_path, sizeof b_path, "%s:b.im.shm", path); /* a colon in a path */
  snprintf (c_path, sizeof c_path, "%s-c.im.shm", path);
  dao_stream *a = create (2), *b = NULL, *c = NULL;
  const uint32_t shape[2] = { 3, 4 }, other[2] = { 4, 3 };
  assert_int_equal (dao_stream_create (&b, b_path, DAO_UINT16, 2, shape, NULL), 0);
  assert_int_equal (dao_stream_create (&c, c_path, DAO_UINT16, 2, other, NULL), 0);
  write_ramp (a, 10);
  write_ramp (a, 20);
  write_ramp (b, 25);

  char *location = daoview_diff_location (path, b_path), *pa, *pb;
  assert_int_equal (daoview_diff_location_parse (location, &pa, &pb), 0);
  assert_string_equal (pa, path);
  assert_string_equal (pb, b_path);
  free (pa), free (pb);
  assert_int_equal (daoview_diff_location_parse ("/tmp/x.im.shm", &pa, &pb), -EINVAL);
  assert_ptr_equal (daoview_source_class_for (location), &daoview_diff_source_class);
  char *name = daoview_source_display_name (location);
  assert_non_null (strstr (name, " − "));
  free (name);

  DaoviewSource *src = NULL;
  assert_int_equal (daoview_source_open (&src, location, NULL), 0);
  const DaoviewSourceInfo *info = daoview_source_info (src);
  assert_int_equal (info->type, DAO_DOUBLE);
  assert_int_equal (info->frame_size, 12 * sizeof (double));
  assert_true (info->slot >= 0);
  double d[12];
  DaoviewSourceFrameInfo fi = { 0 };
  assert_int_equal (daoview_source_copy_newest (src, d, sizeof d, &fi), 0);
  assert_int_equal (fi.counter, 2);
  for (int i = 0; i < 12; i++)
    assert_true (d[i] == -5.0); /* (20 + i) − (25 + i) */
  DaoviewSourceHealth health;
  assert_int_equal (daoview_source_check (src, &health), 0);
  daoview_source_close (src);
  free (location);

  location = daoview_diff_location (path, c_path);
  int rc = daoview_source_open (&src, location, NULL);
  assert_true (rc < DAOVIEW_SOURCE_ERROR_BASE);
  assert_null (src);
  assert_non_null (strstr (daoview_source_strerror (&daoview_diff_source_class, rc), "differ in shape"));
  free (location);

  dao_stream_close (a);
  dao_stream_close (b);
  dao_stream_close (c);
  dao_stream_unlink (b_path);
  dao_stream_unlink (c_path);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown (any_path_is_the_dao_class, setup, teardown),
    cmocka_unit_test_setup_teardown (open_describes_the_stream_and_takes_a_slot, setup, teardown),
    cmocka_unit_test_setup_teardown (slots_forced_none_free_or_none_taken, setup, teardown),
    cmocka_unit_test_setup_teardown (check_sees_replacement_and_removal, setup, teardown),
    cmocka_unit_test_setup_teardown (wait_wakes_on_a_write_from_another_process, setup, teardown),
    cmocka_unit_test_setup_teardown (keywords_through_a_source_of_their_own, setup, teardown),
    cmocka_unit_test_setup_teardown (fifo_segments_by_counter, setup, teardown),
    cmocka_unit_test_setup_teardown (difference_of_two_streams, setup, teardown),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
