/* test-daoview-recording.c — recordings through the frame-source seam
 * (daoview-source-recording.c), the reader thread (seek) and the session
 * (position, stepping, playing), on real recordings made by the record
 * library from frames this test wrote (recording-fixture.h): frame k is
 * frame k, by its bytes and its counter; locations of several chunks; a
 * chunk replaced or removed; a FITS cube from elsewhere; a file that is not
 * a recording; the recorder's account of lost frames shown with the frame
 * after them. */
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
#include <fitsio.h>
#include <glib/gstdio.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "daoview-session.h"
#include "daoview-source.h"
#include "daoview-stream-watcher.h"
#include "recording-fixture.h"

#define FRAMES 30

static char dir[256];
static char **chunks; /* FRAMES frames in 3 chunks of 10 */
static size_t n_chunks;
static char *location; /* all of them */

static int
setup_group (void **state)
{
  if (rf_make_dir ("dvcore-rec", dir, sizeof dir) < 0)
    return -1;
  RfOptions o = { .dir = dir, .stem = "cam", .frames = FRAMES, .period_us = 200, .chunk_frames = 10, .fifo_depth = 64 };
  chunks = rf_record (&o, &n_chunks);
  if (!chunks || n_chunks != 3)
    return -1;
  location = daoview_recording_location ((const char *const *) chunks, n_chunks);
  return location ? 0 : -1;
}

static int
teardown_group (void **state)
{
  rf_free_paths (chunks);
  free (location);
  rf_remove_dir (dir);
  return 0;
}

/* Frame data of the frame with this counter, as the writer wrote it. */
static void
assert_frame_is (const uint16_t *data, uint64_t counter)
{
  for (unsigned y = 0; y < RF_NY; y++)
    for (unsigned x = 0; x < RF_NX; x++)
      if (data[y * RF_NX + x] != rf_value (counter, y, x))
        fail_msg ("pixel (%u, %u) is %u, frame %llu has %u", x, y, data[y * RF_NX + x],
                  (unsigned long long) counter, rf_value (counter, y, x));
}

static char *
copy_file (const char *from, const char *to)
{
  gchar *bytes;
  gsize size;
  assert_true (g_file_get_contents (from, &bytes, &size, NULL));
  assert_true (g_file_set_contents (to, bytes, (gssize) size, NULL));
  g_free (bytes);
  return g_strdup (to);
}

/* ---- locations ------------------------------------------------------------ */

static void
locations_of_several_chunks (void **state)
{
  const char *odd[] = { "/a/12:b.fits", "rel 3.fits", "/x/y.FITS.fz" };
  char *loc = daoview_recording_location (odd, 3);
  char **back = daoview_recording_location_paths (loc);
  assert_non_null (back);
  for (int i = 0; i < 3; i++)
    assert_string_equal (back[i], odd[i]);
  assert_null (back[3]);
  daoview_recording_paths_free (back);
  char *name = daoview_recording_display_name (loc);
  assert_string_equal (name, "12:b.fits … y.FITS.fz (3)");
  free (name);
  free (loc);

  /* One path is its own location; other strings are not joined ones. */
  loc = daoview_recording_location (odd, 1);
  assert_string_equal (loc, odd[0]);
  assert_null (daoview_recording_location_paths (loc));
  assert_null (daoview_recording_display_name (loc));
  free (loc);
  assert_null (daoview_recording_location_paths ("daoview-recording:99:short"));
  assert_null (daoview_recording_location_paths ("daoview-recording:"));
  assert_null (daoview_recording_location_paths ("daoview-recording:x:y"));

  /* The command line: runs of recording files are one location each. */
  const char *args[] = { "a-1.fits", "a-2.fits", "/tmp/cam.im.shm", "b.fts", NULL };
  char **groups = daoview_source_group_locations (args);
  char **first = daoview_recording_location_paths (groups[0]);
  assert_string_equal (first[0], "a-1.fits");
  assert_string_equal (first[1], "a-2.fits");
  assert_null (first[2]);
  assert_string_equal (groups[1], "/tmp/cam.im.shm");
  assert_string_equal (groups[2], "b.fts");
  assert_null (groups[3]);
  daoview_recording_paths_free (first);
  daoview_recording_paths_free (groups);

  assert_ptr_equal (daoview_source_class_for ("run/cam-000001.fits"), &daoview_recording_source_class);
  assert_ptr_equal (daoview_source_class_for ("run/cam-000001.fits.fz"), &daoview_recording_source_class);
  assert_ptr_equal (daoview_source_class_for (location), &daoview_recording_source_class);
  assert_ptr_equal (daoview_source_class_for ("/tmp/cam.im.shm"), &daoview_dao_source_class);
}

/* ---- the source ------------------------------------------------------------ */

static void
source_describes_and_seeks (void **state)
{
  DaoviewSource *src = NULL;
  assert_int_equal (daoview_source_open (&src, location, NULL), 0);
  const DaoviewSourceInfo *info = daoview_source_info (src);
  assert_string_equal (info->format, "FITS");
  assert_int_equal (info->type, DAO_UINT16);
  assert_int_equal (info->naxis, 2);
  assert_int_equal (info->shape[0], RF_NY);
  assert_int_equal (info->shape[1], RF_NX);
  assert_int_equal (info->frame_size, RF_NY * RF_NX * 2);
  assert_int_equal (info->frame_count, FRAMES);
  assert_true (info->capabilities & DAOVIEW_SOURCE_CAN_SEEK);
  assert_false (info->capabilities & DAOVIEW_SOURCE_CAN_WAIT);
  assert_int_equal (info->slot, -1);
  assert_int_equal (info->counter, 1);
  assert_true (info->write_time_ns > 0);

  uint16_t frame[RF_NY * RF_NX];
  DaoviewSourceFrameInfo fi;
  assert_int_equal (daoview_source_copy_newest (src, frame, sizeof frame, &fi), 0);
  assert_int_equal (fi.index, 0);
  assert_int_equal (fi.counter, 1);
  assert_frame_is (frame, 1);

  /* Every frame, out of order, across the chunks. */
  const uint64_t order[] = { 29, 0, 10, 9, 20, 19, 15 };
  gint64 previous_time = 0;
  for (size_t i = 0; i < G_N_ELEMENTS (order); i++)
    {
      uint64_t k = order[i];
      assert_int_equal (daoview_source_seek (src, k), 0);
      assert_int_equal (daoview_source_counter (src), k + 1);
      memset (&fi, 0xff, sizeof fi);
      assert_int_equal (daoview_source_copy_newest (src, frame, sizeof frame, &fi), 0);
      assert_int_equal (fi.index, k);
      assert_int_equal (fi.counter, k + 1);
      assert_int_equal (fi.lost, 0);
      assert_int_equal (fi.retries, 0);
      assert_frame_is (frame, k + 1);
      DaoviewSourceFrameInfo row;
      assert_int_equal (daoview_source_frame_info (src, k, &row), 0);
      assert_int_equal (row.counter, k + 1);
      assert_int_equal (row.write_time_ns, fi.write_time_ns);
      previous_time = fi.write_time_ns;
    }
  assert_true (previous_time > info->write_time_ns);
  assert_int_equal (daoview_source_seek (src, FRAMES), -ERANGE);
  DaoviewSourceFrameInfo row;
  assert_int_equal (daoview_source_frame_info (src, FRAMES, &row), -ERANGE);
  assert_int_equal (daoview_source_counter (src), 16); /* still at 15 */

  DaoviewSourceHealth health;
  assert_int_equal (daoview_source_check (src, &health), 0);
  assert_int_equal (health.writer, DAOVIEW_SOURCE_WRITER_UNKNOWN);
  assert_int_equal (health.link, DAOVIEW_SOURCE_LINK_NONE);
  daoview_source_close (src);

  /* The recorded keyword, read as the saving code reads keywords. */
  dao_keyword *kw = NULL;
  unsigned n = 0;
  assert_int_equal (daoview_source_read_keywords (location, &kw, &n), 0);
  assert_int_equal (n, 1);
  assert_string_equal (kw[0].name, RF_KEYWORD);
  assert_true (kw[0].value.d == RF_KEYWORD_VALUE);
  free (kw);
}

static void
chunk_replaced_or_removed (void **state)
{
  g_autofree char *a = g_build_filename (dir, "copy-000001.fits", NULL);
  g_autofree char *b = g_build_filename (dir, "copy-000002.fits", NULL);
  g_free (copy_file (chunks[0], a));
  g_free (copy_file (chunks[1], b));
  const char *both[] = { a, b };
  char *loc = daoview_recording_location (both, 2);
  DaoviewSource *src = NULL;
  DaoviewSourceHealth health;
  assert_int_equal (daoview_source_open (&src, loc, NULL), 0);
  assert_int_equal (daoview_source_info (src)->frame_count, 20);
  assert_int_equal (daoview_source_check (src, &health), 0);

  /* Another file renamed over the second chunk: reopen. */
  g_autofree char *other = g_build_filename (dir, "other.fits", NULL);
  g_free (copy_file (chunks[2], other));
  assert_int_equal (rename (other, b), 0);
  assert_int_equal (daoview_source_check (src, &health), DAO_E_REPLACED);
  daoview_source_close (src);

  /* Removed: nothing there (the reader waits for it). */
  assert_int_equal (daoview_source_open (&src, loc, NULL), 0);
  unlink (a);
  assert_int_equal (daoview_source_check (src, &health), -ENOENT);
  daoview_source_close (src);
  assert_int_equal (daoview_source_open (&src, loc, NULL), -ENOENT);
  assert_null (src);
  unlink (b);
  free (loc);
}

static void
foreign_cube_and_junk (void **state)
{
  /* A cube written by cfitsio alone: 4 frames of 3 × 5 float32. */
  g_autofree char *cube = g_build_filename (dir, "foreign.fits", NULL);
  fitsfile *f = NULL;
  int status = 0;
  long naxes[3] = { 5, 3, 4 };
  float values[60];
  for (int i = 0; i < 60; i++)
    values[i] = (float) i / 2;
  fits_create_diskfile (&f, cube, &status);
  fits_create_img (f, FLOAT_IMG, 3, naxes, &status);
  fits_write_img (f, TFLOAT, 1, 60, values, &status);
  fits_close_file (f, &status);
  assert_int_equal (status, 0);

  DaoviewSource *src = NULL;
  assert_int_equal (daoview_source_open (&src, cube, NULL), 0);
  const DaoviewSourceInfo *info = daoview_source_info (src);
  assert_int_equal (info->type, DAO_FLOAT);
  assert_int_equal (info->frame_count, 4);
  assert_int_equal (info->shape[0], 3);
  assert_int_equal (info->shape[1], 5);
  assert_int_equal (info->write_time_ns, 0);
  float frame[15];
  DaoviewSourceFrameInfo fi;
  assert_int_equal (daoview_source_seek (src, 2), 0);
  assert_int_equal (daoview_source_copy_newest (src, frame, sizeof frame, &fi), 0);
  assert_int_equal (fi.counter, 3);
  assert_int_equal (fi.write_time_ns, 0);
  for (int i = 0; i < 15; i++)
    assert_true (frame[i] == values[30 + i]);
  dao_keyword *kw = (dao_keyword *) 1;
  unsigned n = 9;
  assert_int_equal (daoview_source_read_keywords (cube, &kw, &n), 0);
  assert_int_equal (n, 0);
  assert_null (kw);
  daoview_source_close (src);

  /* Named like a recording, but not one: the class's own code and words. */
  g_autofree char *junk = g_build_filename (dir, "junk.fits", NULL);
  assert_true (g_file_set_contents (junk, "SIMPLE  = what", -1, NULL));
  int rc = daoview_source_open (&src, junk, NULL);
  assert_true (rc < DAOVIEW_SOURCE_ERROR_BASE);
  assert_null (src);
  const char *text = daoview_source_strerror (&daoview_recording_source_class, rc);
  assert_non_null (strstr (text, "Not a recording"));
  unlink (junk);
  unlink (cube);
}

/* A chunk whose table says 3 frames were missing before its frame 5, 1 of
 * them dropped (the recorder's account, patched in with cfitsio: which
 * frames a real recorder loses is up to the machine). */
static void
losses_come_with_the_frame (void **state)
{
  g_autofree char *path = g_build_filename (dir, "lossy-000001.fits", NULL);
  g_free (copy_file (chunks[0], path));
  fitsfile *f = NULL;
  int status = 0, col = 0;
  LONGLONG lost = 3, dropped = 1;
  fits_open_diskfile (&f, path, READWRITE, &status);
  fits_movnam_hdu (f, BINARY_TBL, "FRAMES", 0, &status);
  fits_get_colnum (f, CASEINSEN, "LOST", &col, &status);
  fits_write_col (f, TLONGLONG, col, 6, 1, 1, &lost, &status);
  fits_get_colnum (f, CASEINSEN, "DROPPED", &col, &status);
  fits_write_col (f, TLONGLONG, col, 6, 1, 1, &dropped, &status);
  fits_close_file (f, &status);
  assert_int_equal (status, 0);

  DaoviewSource *src = NULL;
  assert_int_equal (daoview_source_open (&src, path, NULL), 0);
  uint16_t frame[RF_NY * RF_NX];
  DaoviewSourceFrameInfo fi;
  assert_int_equal (daoview_source_seek (src, 5), 0);
  assert_int_equal (daoview_source_copy_newest (src, frame, sizeof frame, &fi), 0);
  assert_int_equal (fi.lost, 3);
  assert_int_equal (fi.dropped, 1);
  assert_int_equal (daoview_source_seek (src, 6), 0);
  assert_int_equal (daoview_source_copy_newest (src, frame, sizeof frame, &fi), 0);
  assert_int_equal (fi.lost, 0);
  daoview_source_close (src);

  /* … and through the reader thread, on the frame it copies. */
  DaoviewStreamWatcher *w = daoview_stream_watcher_new (path, -1);
  daoview_stream_watcher_seek (w, 5);
  DaoviewFrame *got = NULL;
  for (int i = 0; i < 2000 && !got; i++, g_usleep (5000))
    got = daoview_stream_watcher_take_frame (w);
  assert_non_null (got);
  assert_int_equal (got->index, 5);
  assert_int_equal (got->lost, 3);
  assert_int_equal (got->dropped, 1);
  daoview_frame_free (got);
  g_object_unref (w);
  unlink (path);
}

static void
compressed_chunks (void **state)
{
  RfOptions o = { .dir = dir, .stem = "fz", .frames = 12, .period_us = 200, .chunk_frames = 5, .fifo_depth = 64 };
  o.compress = DAOREC_COMPRESS_RICE;
  size_t n = 0;
  char **fz = rf_record (&o, &n);
  assert_non_null (fz);
  assert_int_equal (n, 3);
  assert_true (g_str_has_suffix (fz[0], ".fits.fz"));
  char *loc = daoview_recording_location ((const char *const *) fz, n);
  DaoviewSource *src = NULL;
  assert_int_equal (daoview_source_open (&src, loc, NULL), 0);
  assert_int_equal (daoview_source_info (src)->frame_count, 12);
  uint16_t frame[RF_NY * RF_NX];
  DaoviewSourceFrameInfo fi;
  assert_int_equal (daoview_source_seek (src, 7), 0);
  assert_int_equal (daoview_source_copy_newest (src, frame, sizeof frame, &fi), 0);
  assert_frame_is (frame, fi.counter);
  assert_int_equal (fi.counter, 8);
  daoview_source_close (src);
  free (loc);
  for (size_t i = 0; i < n; i++)
    unlink (fz[i]);
  rf_free_paths (fz);
}

/* ---- the reader thread ----------------------------------------------------- */

static DaoviewFrame *
wait_frame (DaoviewStreamWatcher *w)
{
  for (int i = 0; i < 4000; i++, g_usleep (2500))
    {
      DaoviewFrame *f = daoview_stream_watcher_take_frame (w);
      if (f)
        return f;
    }
  fail_msg ("no frame from the reader thread in 10 s");
  return NULL;
}

static void
watcher_copies_what_is_asked (void **state)
{
  DaoviewStreamWatcher *w = daoview_stream_watcher_new (location, -1);
  /* Asked for before the recording is open: the first frame is that one. */
  daoview_stream_watcher_seek (w, -1);
  DaoviewFrame *f = wait_frame (w);
  assert_int_equal (f->index, FRAMES - 1);
  assert_int_equal (f->counter, FRAMES);
  assert_frame_is (f->data, FRAMES);
  daoview_stream_watcher_recycle_frame (w, f);

  DaoviewStreamStatus st;
  daoview_stream_watcher_get_status (w, &st);
  assert_int_equal (st.state, DAOVIEW_STREAM_RECORDED);
  assert_int_equal (st.frame_count, FRAMES);
  assert_int_equal (st.counter, FRAMES);
  assert_int_equal (st.slot, -1);
  assert_false (st.polling);
  assert_null (st.error);
  daoview_stream_status_clear (&st);

  gint64 t0 = 0, t29 = 0;
  assert_true (daoview_stream_watcher_get_frame_time (w, 0, &t0));
  assert_true (daoview_stream_watcher_get_frame_time (w, FRAMES - 1, &t29));
  assert_true (t0 > 0 && t29 > t0);
  assert_false (daoview_stream_watcher_get_frame_time (w, FRAMES, &t0));

  /* Two requests in a row: only the second is ever taken, whether the
   * first was copied already (a pause between them) or not. */
  for (int round = 0; round < 20; round++)
    {
      daoview_stream_watcher_want_next_frame (w);
      daoview_stream_watcher_seek (w, round % 10);
      if (round % 2)
        g_usleep (20000);
      daoview_stream_watcher_seek (w, 10 + round);
      f = wait_frame (w);
      assert_int_equal (f->index, 10 + round);
      assert_frame_is (f->data, 11 + round);
      daoview_stream_watcher_recycle_frame (w, f);
    }
  /* Nothing more comes unasked. */
  daoview_stream_watcher_want_next_frame (w);
  g_usleep (100000);
  assert_null (daoview_stream_watcher_take_frame (w));
  /* Beyond the end: the last frame. */
  daoview_stream_watcher_seek (w, 1000);
  f = wait_frame (w);
  assert_int_equal (f->index, FRAMES - 1);
  daoview_stream_watcher_recycle_frame (w, f);
  g_object_unref (w);
}

/* ---- the session ------------------------------------------------------------ */

/* Tick (at time now) until the frame shown is `index`. */
static void
tick_until_shown (DaoviewSession *s, guint64 index, gint64 now)
{
  for (int i = 0; i < 4000; i++, g_usleep (2500))
    {
      daoview_session_tick (s, now);
      const DaoviewFrame *f = daoview_pipeline_frame (daoview_session_get_pipeline (s));
      if (f && f->index == index)
        {
          assert_frame_is (f->data, index + 1);
          return;
        }
      daoview_session_frame_drawn (s);
    }
  fail_msg ("frame %llu never shown", (unsigned long long) index);
}

static void
session_opens_paused_and_steps (void **state)
{
  g_autoptr (DaoviewSession) s = daoview_session_new ();
  daoview_session_watch (s, location, -1);
  guint64 position = 99, length = 0;
  gint64 now = g_get_monotonic_time ();
  tick_until_shown (s, 0, now);
  assert_true (daoview_session_get_paused (s));
  assert_true (daoview_session_get_sequence (s, &position, &length));
  assert_int_equal (position, 0);
  assert_int_equal (length, FRAMES);
  assert_true (daoview_session_showing_position (s));

  daoview_session_step (s, 1);
  tick_until_shown (s, 1, now);
  daoview_session_step (s, 12);
  tick_until_shown (s, 13, now);
  daoview_session_step (s, -100);
  tick_until_shown (s, 0, now);
  daoview_session_step (s, G_MAXINT64);
  tick_until_shown (s, FRAMES - 1, now);
  daoview_session_step (s, G_MININT64);
  tick_until_shown (s, 0, now);
  daoview_session_seek (s, 22);
  assert_false (daoview_session_showing_position (s));
  tick_until_shown (s, 22, now);

  DaoviewSessionReport r;
  daoview_session_get_report (s, &r);
  assert_int_equal (r.frame_count, FRAMES);
  assert_int_equal (r.shown_index, 22);
  assert_int_equal (r.shown_counter, 23);
  assert_int_equal (r.not_shown, 0);
  assert_true (r.recorded_rate > 0);
  assert_int_equal (r.status->state, DAOVIEW_STREAM_RECORDED);
}

/* The clock runs on the ticks' times: these are made up, one after the
 * other (the reader thread copies each frame asked for meanwhile). */
static void
session_plays_and_stops_at_the_end (void **state)
{
  g_autoptr (DaoviewSession) s = daoview_session_new ();
  g_object_set (s, "playback-rate", 10.0, NULL); /* 100 ms a frame */
  daoview_session_watch (s, location, -1);
  gint64 t = g_get_monotonic_time ();
  tick_until_shown (s, 0, t);
  /* Opened paused (no --play), then played from 0. */
  assert_true (daoview_session_get_paused (s));
  g_object_set (s, "paused", FALSE, NULL);
  t += 1000;
  daoview_session_tick (s, t);
  tick_until_shown (s, 3, t + 350000);
  tick_until_shown (s, 7, t + 750000);
  assert_false (daoview_session_get_paused (s));
  /* Past the end: the last frame, and paused. */
  tick_until_shown (s, FRAMES - 1, t + 100 * 1000000);
  assert_true (daoview_session_get_paused (s));
  /* Playing again starts from the first frame. */
  g_object_set (s, "paused", FALSE, NULL);
  t += 101 * 1000000;
  tick_until_shown (s, 0, t);
  tick_until_shown (s, 2, t + 250000);
  /* Looping: after the last, the first again. */
  g_object_set (s, "loop", TRUE, NULL);
  tick_until_shown (s, 1, t + (FRAMES + 1) * 100000 + 50000);
  assert_false (daoview_session_get_paused (s));
  /* A step pauses. */
  daoview_session_step (s, 1);
  assert_true (daoview_session_get_paused (s));
  tick_until_shown (s, 2, t + 10 * 1000000);
}

/* A chunk that went away while shown and came back (the reader reopens
 * it): the frame shown stays where it was, and paused. */
static void
session_keeps_its_place_when_a_chunk_comes_back (void **state)
{
  g_autofree char *path = g_build_filename (dir, "again-000001.fits", NULL);
  g_free (copy_file (chunks[0], path));
  g_autoptr (DaoviewSession) s = daoview_session_new ();
  daoview_session_watch (s, path, -1);
  gint64 now = g_get_monotonic_time ();
  tick_until_shown (s, 0, now);
  daoview_session_seek (s, 7);
  tick_until_shown (s, 7, now);
  guint64 generation = daoview_pipeline_frame (daoview_session_get_pipeline (s))->generation;

  /* Gone for a while (the session sees it waiting), then back. */
  g_autofree char *other = g_build_filename (dir, "again.tmp", NULL);
  assert_int_equal (rename (path, other), 0);
  for (int i = 0; i < 4000 && daoview_session_get_status (s)->state != DAOVIEW_STREAM_WAITING;
       i++, g_usleep (2500))
    daoview_session_tick (s, now);
  assert_int_equal (daoview_session_get_status (s)->state, DAOVIEW_STREAM_WAITING);
  guint64 index = 99, length = 0;
  assert_false (daoview_session_get_sequence (s, &index, &length));
  assert_int_equal (rename (other, path), 0);
  for (int i = 0; i < 4000; i++, g_usleep (2500))
    {
      daoview_session_tick (s, now);
      daoview_session_frame_drawn (s);
      const DaoviewFrame *f = daoview_pipeline_frame (daoview_session_get_pipeline (s));
      if (f->generation != generation)
        {
          assert_int_equal (f->index, 7);
          assert_true (daoview_session_get_paused (s));
          assert_true (daoview_session_get_sequence (s, &index, &length));
          assert_int_equal (index, 7);
          daoview_session_step (s, 1);
          tick_until_shown (s, 8, now);
          unlink (path);
          return;
        }
    }
  fail_msg ("the replaced chunk was never shown again");
}

static GSettings *
settings_or_skip (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema
    = source ? g_settings_schema_source_lookup (source, "io.github.daoproject.Daoview", TRUE) : NULL;
  if (!schema)
    {
      printf ("# no compiled schema (GSETTINGS_SCHEMA_DIR)\n");
      skip ();
    }
  g_autoptr (GSettingsBackend) memory = g_memory_settings_backend_new ();
  return g_settings_new_full (schema, memory, NULL);
}

static void
session_seek_and_play_from_the_options (void **state)
{
  g_autoptr (GSettings) settings = settings_or_skip ();
  DaoviewOptions o;
  daoview_options_init (&o);
  o.seek = -2;
  o.play = TRUE;
  o.play_rate = 1000;
  g_autoptr (DaoviewSession) s = daoview_session_new ();
  assert_true (daoview_session_start (s, settings, &o, NULL));
  daoview_options_clear (&o);
  daoview_session_watch (s, location, -1);
  gint64 now = g_get_monotonic_time ();
  /* The first frame shown is the one asked for, and it plays from there. */
  tick_until_shown (s, FRAMES - 2, now);
  DaoviewSessionReport r;
  daoview_session_get_report (s, &r);
  assert_int_equal (r.frames_shown, 1);
  assert_false (daoview_session_get_paused (s));
  tick_until_shown (s, FRAMES - 1, now + 1000000);
  assert_true (daoview_session_get_paused (s));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (locations_of_several_chunks),
    cmocka_unit_test (source_describes_and_seeks),
    cmocka_unit_test (chunk_replaced_or_removed),
    cmocka_unit_test (foreign_cube_and_junk),
    cmocka_unit_test (losses_come_with_the_frame),
    cmocka_unit_test (compressed_chunks),
    cmocka_unit_test (watcher_copies_what_is_asked),
    cmocka_unit_test (session_opens_paused_and_steps),
    cmocka_unit_test (session_plays_and_stops_at_the_end),
    cmocka_unit_test (session_keeps_its_place_when_a_chunk_comes_back),
    cmocka_unit_test (session_seek_and_play_from_the_options),
  };
  return cmocka_run_group_tests (tests, setup_group, teardown_group);
}
