/* test-viewer-slots.c — reader slots: forced, and none free.
 *
 * 1. --slot 0 makes daoview wait on semaphore 0, which libdao then reports
 *    as claimed.
 * 2. A stream with 2 semaphores whose slots this test holds: daoview finds
 *    no free slot, falls back to watching the counter, says so, and still
 *    shows new frames.
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "viewer-test-util.h"

static char *
wait_live_stats (VtProcess *viewer)
{
  for (int i = 0; i < 80; i++)
    {
      char *line = vt_wait_line (viewer, "stats ", 2000);
      if (line && strstr (line, "state=live") && !strstr (line, "shown-counter=0 "))
        return line;
      g_free (line);
    }
  return NULL;
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }

  /* 1. Forced slot. */
  {
    g_autofree char *path = vt_unique_path ("slot");
    VtProcess *writer = vt_start_writer (path, "uint16", 16, 16, "counter", 100, 0);
    const char *argv[] = { vt_daoview (), "--slot", "0", "--print-state", path, NULL };
    VtProcess *viewer = vt_spawn (argv);
    g_autofree char *stats = wait_live_stats (viewer);
    VT_CHECK (stats, "--slot 0: never live");
    VT_CHECK (strstr (stats, " slot=0 ") && strstr (stats, " polling=0 "), "--slot 0: %s", stats);
    dao_stream *s;
    VT_CHECK (dao_stream_open (&s, path, 0) == 0, "open");
    VT_CHECK (dao_stream_slot_is_claimed (s, 0) == 1, "slot 0 not claimed by daoview");
    dao_stream_close (s);
    printf ("ok: --slot 0 used and claimed\n");
    vt_stop (viewer, SIGTERM, 10000);
    vt_stop (writer, SIGTERM, 5000);
    vt_free (viewer);
    vt_free (writer);
    dao_stream_unlink (path);
  }

  /* 2. No free slot. */
  {
    g_autofree char *path = vt_unique_path ("noslot");
    VtProcess *writer = vt_start_writer (path, "uint16", 16, 16, "counter", 100, 2);
    dao_stream *s;
    VT_CHECK (dao_stream_open (&s, path, 0) == 0, "open");
    VT_CHECK (dao_stream_slot_claim_at (s, 0) == 0 && dao_stream_slot_claim_at (s, 1) == 0,
              "cannot hold both slots");

    const char *argv[] = { vt_daoview (), "--print-state", path, NULL };
    VtProcess *viewer = vt_spawn (argv);
    g_autofree char *first = wait_live_stats (viewer);
    VT_CHECK (first, "no free slot: never live");
    VT_CHECK (strstr (first, " polling=1 ") && strstr (first, " slot=-1 "),
              "no free slot: daoview does not say it polls: %s", first);
    g_autofree char *shown1 = vt_field (first, "shown-counter");
    g_usleep (600000);
    g_autofree char *second = wait_live_stats (viewer);
    VT_CHECK (second, "polling: no more stats");
    g_autofree char *shown2 = vt_field (second, "shown-counter");
    VT_CHECK (g_ascii_strtoull (shown2, NULL, 10) > g_ascii_strtoull (shown1, NULL, 10),
              "polling: the shown frame does not advance (%s, %s)", shown1, shown2);
    printf ("ok: no free slot → polling, frames still shown\n");

    vt_stop (viewer, SIGTERM, 10000);
    vt_stop (writer, SIGTERM, 5000);
    vt_free (viewer);
    vt_free (writer);
    dao_stream_close (s);
    dao_stream_unlink (path);
  }
  return 0;
}
