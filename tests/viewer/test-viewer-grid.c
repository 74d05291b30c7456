/* test-viewer-grid.c — two live streams in one window (daoview --grid),
 * each with its own state: both are reported live; the first writer is
 * then stopped (SIGSTOP) and its pane turns stale while the other pane
 * stays live with a counter that moves on; the first resumes and is live
 * again. Each pane's --print-state lines carry its index. */
#include <dao.h>
#include <gtk/gtk.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "viewer-test-util.h"

static guint64
counter_of (const char *line)
{
  g_autofree char *v = vt_field (line, "counter");
  VT_CHECK (v, "no counter in %s", line);
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
  g_autofree char *a = vt_unique_path ("grida");
  g_autofree char *b = vt_unique_path ("gridb");
  VtProcess *wa = vt_start_writer (a, "uint16", 32, 32, "counter", 100, 0);
  VtProcess *wb = vt_start_writer (b, "float32", 16, 24, "ramp", 100, 0);
  const char *argv[] = { vt_daoview (), "--print-state", "--grid", a, b, NULL };
  VtProcess *v = vt_spawn (argv);

  g_autofree char *l0 = vt_wait_line (v, "pane 0 state live", 20000);
  VT_CHECK (l0, "pane 0 never live");
  g_autofree char *l1 = vt_wait_line (v, "pane 1 state live", 20000);
  VT_CHECK (l1, "pane 1 never live");
  printf ("ok: both panes live\n");

  kill (wa->pid, SIGSTOP);
  g_autofree char *stale = vt_wait_line (v, "pane 0 state stale", 10000);
  VT_CHECK (stale, "stopping writer A did not make pane 0 stale");
  /* Pane 1 stays live and its counter moves over a second. */
  guint64 first = 0, last = 0;
  for (int i = 0; i < 6; i++)
    {
      g_autofree char *st = vt_wait_line (v, "pane 1 stats ", 5000);
      VT_CHECK (st, "no stats for pane 1");
      VT_CHECK (strstr (st, " state=live "), "pane 1 is not live while A is stopped: %s", st);
      last = counter_of (st);
      if (i == 0)
        first = last;
    }
  VT_CHECK (last > first, "pane 1's counter stopped with writer A");
  printf ("ok: pane 0 stale, pane 1 live (%" G_GUINT64_FORMAT " → %" G_GUINT64_FORMAT ")\n", first, last);

  kill (wa->pid, SIGCONT);
  g_autofree char *again = vt_wait_line (v, "pane 0 state live", 10000);
  VT_CHECK (again, "pane 0 not live again");
  printf ("ok: pane 0 live again\n");

  vt_stop (v, SIGTERM, 10000);
  vt_stop (wa, SIGTERM, 5000);
  vt_stop (wb, SIGTERM, 5000);
  vt_free (v);
  vt_free (wa);
  vt_free (wb);
  dao_stream_unlink (a);
  dao_stream_unlink (b);
  return 0;
}
