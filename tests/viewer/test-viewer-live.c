/* test-viewer-live.c — the counter shown advances; stale and writer-gone states.
 *
 * A real writer process writes at 200 Hz. daoview (--print-state prints what
 * its status bar shows, four times a second) must report live, with a frame
 * counter and a shown frame that both advance, on a slot that libdao sees as
 * claimed. The writer is then stopped (SIGSTOP: alive but silent → stale),
 * resumed (→ live) and killed (SIGKILL → writer gone, the last frame's age
 * shown), and daoview must stay up throughout and exit cleanly on SIGTERM.
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "viewer-test-util.h"

static guint64
field_u64 (const char *line, const char *key)
{
  g_autofree char *v = vt_field (line, key);
  VT_CHECK (v, "no %s= in '%s'", key, line);
  return g_ascii_strtoull (v, NULL, 10);
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }

  g_autofree char *path = vt_unique_path ("live");
  VtProcess *writer = vt_start_writer (path, "uint16", 64, 64, "counter", 200, 0);
  const char *argv[] = { vt_daoview (), "--print-state", path, NULL };
  VtProcess *viewer = vt_spawn (argv);

  g_autofree char *live = vt_wait_line (viewer, "state live", 20000);
  VT_CHECK (live, "daoview never reported the stream live");

  /* The counter shown advances, and so does the frame on screen: never
   * backwards, and forwards over a second (not necessarily between two
   * lines a quarter second apart, on a loaded machine). */
  guint64 last_counter = 0, last_shown = 0, first_counter = 0, first_shown = 0;
  int slot = -1;
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *stats = vt_wait_line (viewer, "stats ", 5000);
      VT_CHECK (stats, "no stats line");
      guint64 counter = field_u64 (stats, "counter"), shown = field_u64 (stats, "shown-counter");
      if (i == 0)
        first_counter = counter, first_shown = shown;
      VT_CHECK (counter >= last_counter, "counter went back: %s", stats);
      VT_CHECK (shown >= last_shown, "shown frame went back: %s", stats);
      VT_CHECK (shown <= counter, "shown frame ahead of the stream: %s", stats);
      last_counter = counter;
      last_shown = shown;
      slot = (int) field_u64 (stats, "slot");
      g_autofree char *polling = vt_field (stats, "polling");
      VT_CHECK (g_strcmp0 (polling, "0") == 0, "daoview polls although slots are free: %s", stats);
    }
  VT_CHECK (last_counter > first_counter, "the counter shown did not advance");
  VT_CHECK (last_shown > first_shown, "the frame shown did not change");
  printf ("ok: counter advances (%" G_GUINT64_FORMAT " → %" G_GUINT64_FORMAT "), slot %d\n",
          first_counter, last_counter, slot);

  /* libdao agrees that daoview holds that slot: the highest one. */
  dao_stream *s;
  VT_CHECK (dao_stream_open (&s, path, 0) == 0, "cannot open %s", path);
  VT_CHECK (slot == (int) dao_stream_semaphore_count (s) - 1, "daoview is on slot %d", slot);
  VT_CHECK (dao_stream_slot_is_claimed (s, (unsigned) slot) == 1, "slot %d not claimed", slot);
  dao_stream_close (s);

  kill (writer->pid, SIGSTOP);
  g_autofree char *stale = vt_wait_line (viewer, "state stale", 10000);
  VT_CHECK (stale, "a silent writer did not make the stream stale");
  printf ("ok: %s\n", stale);

  kill (writer->pid, SIGCONT);
  g_autofree char *again = vt_wait_line (viewer, "state live", 10000);
  VT_CHECK (again, "the stream did not become live again");
  printf ("ok: live again\n");

  vt_stop (writer, SIGKILL, 5000);
  g_autofree char *gone = vt_wait_line (viewer, "state writer-gone", 10000);
  VT_CHECK (gone, "killing the writer did not show 'writer gone'");
  VT_CHECK (strstr (gone, "last frame"), "no age of the last frame in '%s'", gone);
  printf ("ok: %s\n", gone);

  g_usleep (500000);
  VT_CHECK (vt_alive (viewer), "daoview died after its writer did");

  /* Paused: the frame on screen stays while the counter moves on. */
  {
    g_autofree char *path2 = vt_unique_path ("paused");
    VtProcess *w2 = vt_start_writer (path2, "uint16", 16, 16, "counter", 200, 0);
    const char *argv2[] = { vt_daoview (), "--pause", "--print-state", path2, NULL };
    VtProcess *v2 = vt_spawn (argv2);
    g_autofree char *l2 = vt_wait_line (v2, "state live", 20000);
    VT_CHECK (l2, "paused viewer never live");
    guint64 shown0 = 0, counter0 = 0;
    for (int i = 0; i < 4; i++)
      {
        g_autofree char *st = vt_wait_line (v2, "stats ", 5000);
        VT_CHECK (st && strstr (st, " paused=1 "), "not paused: %s", st ? st : "(none)");
        guint64 shown = field_u64 (st, "shown-counter"), counter = field_u64 (st, "counter");
        if (i == 0)
          shown0 = shown, counter0 = counter;
        VT_CHECK (shown == shown0 && shown > 0, "the paused display changed: %s", st);
        VT_CHECK (i < 3 || counter > counter0, "the counter stopped while paused: %s", st);
      }
    printf ("ok: paused display keeps frame %" G_GUINT64_FORMAT " while the counter moves\n", shown0);
    vt_stop (v2, SIGTERM, 10000);
    vt_stop (w2, SIGTERM, 5000);
    vt_free (v2);
    vt_free (w2);
    dao_stream_unlink (path2);
  }
  int status = vt_stop (viewer, SIGTERM, 10000);
  VT_CHECK (status >= 0 && WIFEXITED (status) && WEXITSTATUS (status) == 0,
            "daoview did not exit cleanly on SIGTERM (status %d)", status);

  vt_free (writer);
  vt_free (viewer);
  dao_stream_unlink (path);
  return 0;
}
