/* test-viewer-diff.c — A − B of two live streams, pixel by pixel: writer A
 * sends the ramp x + 48 y, writer B the quadrants 0/40/80/120 (uint16,
 * 32 × 48 both). daoview --diff A B saves the frame it shows as .npy:
 * every element is A − B as float64, negative ones included; the levels
 * are symmetric about zero (the diverging map), and two streams of
 * different shapes are refused with a sentence saying so. */
#include <dao.h>
#include <gtk/gtk.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "viewer-test-util.h"

#define NY 32
#define NX 48

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }
  g_autofree char *a = vt_unique_path ("diffa");
  g_autofree char *b = vt_unique_path ("diffb");
  VtProcess *wa = vt_start_writer (a, "uint16", NY, NX, "ramp", 100, 0);
  VtProcess *wb = vt_start_writer (b, "uint16", NY, NX, "quadrants", 100, 0);
  g_autofree char *npy = g_strdup_printf ("/tmp/dvtest-diff-%d.npy", (int) getpid ());
  g_autofree char *json = g_strdup_printf ("/tmp/dvtest-diff-%d.json", (int) getpid ());
  const char *args[] = { "--print-state", "--diff", "--save-npy", npy, a, b, NULL };
  g_autoptr (GPtrArray) lines = vt_run_daoview (args, 30000);

  g_autofree char *bytes = NULL;
  gsize len = 0;
  VT_CHECK (g_file_get_contents (npy, &bytes, &len, NULL), "no %s", npy);
  VT_CHECK (len > 10 && strstr (bytes + 10, "'descr': '<f8'") && strstr (bytes + 10, "(32, 48)"),
            "not a float64 32 × 48 frame");
  VT_CHECK (len >= NY * NX * sizeof (double), "short file");
  const double *d = (const double *) (bytes + len - NY * NX * sizeof (double));
  for (int y = 0; y < NY; y++)
    for (int x = 0; x < NX; x++)
      {
        double want = (x + NX * y) - 40.0 * ((y >= NY / 2) * 2 + (x >= NX / 2));
        VT_CHECK (d[y * NX + x] == want, "(%d, %d) is %g, expected %g", x, y, d[y * NX + x], want);
      }
  printf ("ok: every pixel of A − B\n");

  const char *stats = vt_find_last (lines, "stats ");
  VT_CHECK (stats, "no stats line");
  g_autofree char *low = vt_field (stats, "low"), *high = vt_field (stats, "high");
  VT_CHECK (low && high && g_ascii_strtod (low, NULL) == -g_ascii_strtod (high, NULL)
              && g_ascii_strtod (high, NULL) > 0, "levels not symmetric about zero: %s", stats);
  printf ("ok: levels %s … %s, diverging at zero\n", low, high);
  unlink (npy);
  unlink (json);

  /* Another shape: refused, and said so. */
  g_autofree char *c = vt_unique_path ("diffc");
  VtProcess *wc = vt_start_writer (c, "uint16", NY, NX / 2, "ramp", 100, 0);
  const char *bad[] = { "--print-state", "--diff", "--save-npy", npy, a, c, NULL };
  g_autoptr (GPtrArray) blines = vt_run_daoview (bad, 30000);
  const char *state = vt_find_last (blines, "state invalid");
  VT_CHECK (state && strstr (state, "differ in shape"), "different shapes not refused: %s",
            state ? state : "(no invalid state)");
  printf ("ok: %s", state);
  unlink (npy);

  vt_stop (wa, SIGTERM, 5000);
  vt_stop (wb, SIGTERM, 5000);
  vt_stop (wc, SIGTERM, 5000);
  vt_free (wa);
  vt_free (wb);
  vt_free (wc);
  dao_stream_unlink (a);
  dao_stream_unlink (b);
  dao_stream_unlink (c);
  return 0;
}
