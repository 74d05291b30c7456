/* test-viewer-watcher.c — when the reader thread copies, against a real
 * writer process (no display needed).
 *
 * The window asks for each frame once it has drawn the last one
 * (daoview_stream_watcher_want_next_frame): until then the thread copies
 * nothing, so its copies never compete with the drawing. Once asked, it
 * copies right after the writer's next commit, not the frame already there
 * (which would start the copy anywhere in the writer's period); a stream
 * too slow to commit within 20 ms hands over the frame it has instead.
 */
#include <dao.h>
#include <stdio.h>

#include "daoview-stream-watcher.h"
#include "viewer-test-util.h"

static DaoviewFrame *
wait_for_frame (DaoviewStreamWatcher *watcher, int timeout_ms)
{
  for (int waited = 0; waited < timeout_ms; waited += 5)
    {
      DaoviewFrame *frame = daoview_stream_watcher_take_frame (watcher);
      if (frame)
        return frame;
      g_usleep (5000);
    }
  return NULL;
}

static void
check_pacing (double rate, gboolean expect_newer)
{
  g_autofree char *path = vt_unique_path ("watcher");
  VtProcess *writer = vt_start_writer (path, "uint16", 16, 16, "counter", rate, 0);
  dao_stream *peek;
  VT_CHECK (dao_stream_open (&peek, path, DAO_OPEN_READ_ONLY) == 0, "open %s", path);

  DaoviewStreamWatcher *watcher = daoview_stream_watcher_new (path, -1);
  DaoviewFrame *frame = wait_for_frame (watcher, 10000);
  VT_CHECK (frame, "%g Hz: no first frame", rate);

  /* Not asked for the next frame: nothing is copied, however many come. */
  g_usleep (300000);
  DaoviewFrame *early = daoview_stream_watcher_take_frame (watcher);
  VT_CHECK (!early, "%g Hz: a frame was copied before the window asked for it", rate);

  for (int round = 0; round < (expect_newer ? 5 : 3); round++)
    {
      guint64 shown = frame->counter;
      daoview_stream_watcher_recycle_frame (watcher, frame);
      /* Slow stream: ask once a frame the window has not had is there. */
      for (int waited = 0; !expect_newer && dao_stream_counter (peek) == shown && waited < 5000;
           waited += 5)
        g_usleep (5000);
      guint64 asked_at = dao_stream_counter (peek);
      daoview_stream_watcher_want_next_frame (watcher);
      frame = wait_for_frame (watcher, 1000);
      VT_CHECK (frame, "%g Hz: no frame within 1 s of asking", rate);
      if (expect_newer)
        VT_CHECK (frame->counter > asked_at,
                  "%g Hz: frame %" G_GUINT64_FORMAT " handed over, already there when asked (%" G_GUINT64_FORMAT ")",
                  rate, (guint64) frame->counter, asked_at);
      else
        VT_CHECK (frame->counter == asked_at,
                  "%g Hz: frame %" G_GUINT64_FORMAT " handed over, expected the unseen %" G_GUINT64_FORMAT,
                  rate, (guint64) frame->counter, asked_at);
    }
  printf ("ok: %g Hz: no copy before asking; each frame %s\n", rate,
          expect_newer ? "committed after the request" : "handed over without waiting a period");

  daoview_frame_free (frame);
  g_object_unref (watcher);
  dao_stream_close (peek);
  vt_stop (writer, SIGTERM, 5000);
  vt_free (writer);
  dao_stream_unlink (path);
}

int
main (void)
{
  check_pacing (200, TRUE);
  /* One frame every 2 s: an unseen frame is handed over without waiting
   * for the next (1 s bound), in 3 rounds of about 2 s. */
  check_pacing (0.5, FALSE);
  return 0;
}
