/* test-viewer-recording.c — daoview on recordings made by the record
 * library from frames this test wrote (tests/core/recording-fixture.h:
 * frame with counter c is rf_value(c, y, x)), as real daoview processes.
 *
 * - `--seek K --save-npy` in a window and without a display: the frame
 *   saved is frame K, byte for byte, and --print-state says index=K with
 *   its counter; the chunks named one after the other are one recording.
 * - `--seek K --screenshot`: the pixels drawn are frame K's grey levels.
 * - Keys (XTest, under Xvfb): Right, Left, End, Home move the frame shown
 *   as --print-state reports it; space plays to the end.
 * - `--play` at the recorded intervals and `--play-rate … --loop`: the
 *   frame shown advances in order (and wraps around when looping).
 * - A recording whose ring overflowed: the frame after a gap says how many
 *   frames are missing before it, as the file's table says.
 * No timing is asserted: only the order and the end of what is shown.
 */
#include <dao.h>
#include <gtk/gtk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#ifdef VT_HAVE_XTEST
#include <X11/XKBlib.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include "viewer-test-x11.h"
#endif

#include "daorec.h"
#include "daoview-render.h"
#include "daoview-source.h"
#include "recording-fixture.h"
#include "viewer-test-util.h"

static char dir[256];

static guint64
field_u64 (const char *line, const char *key)
{
  g_autofree char *v = vt_field (line, key);
  VT_CHECK (v, "no %s= in '%s'", key, line);
  return g_ascii_strtoull (v, NULL, 10);
}

/* The .npy holds frame `counter`: its data are the file's last bytes. */
static void
check_npy (const char *path, guint64 counter)
{
  gchar *bytes;
  gsize size;
  VT_CHECK (g_file_get_contents (path, &bytes, &size, NULL), "cannot read %s", path);
  gsize frame = RF_NY * RF_NX * sizeof (uint16_t);
  VT_CHECK (size > frame && memcmp (bytes, "\x93NUMPY", 6) == 0, "%s is not a .npy", path);
  const uint16_t *v = (const uint16_t *) (bytes + size - frame);
  for (unsigned y = 0; y < RF_NY; y++)
    for (unsigned x = 0; x < RF_NX; x++)
      VT_CHECK (v[y * RF_NX + x] == rf_value (counter, y, x), "%s: (%u, %u) is %u, frame %llu has %u", path,
                x, y, v[y * RF_NX + x], (unsigned long long) counter, rf_value (counter, y, x));
  g_free (bytes);
}

/* daoview --seek K --save-npy on the chunks; with or without a display. */
static void
check_seek_saves (char **chunks, size_t n, gint64 k, guint64 expected_index, gboolean display)
{
  g_autofree char *npy = g_strdup_printf ("%s/frame-%" G_GINT64_FORMAT ".npy", dir, k);
  g_autofree char *seek = g_strdup_printf ("%" G_GINT64_FORMAT, k);
  GPtrArray *args = g_ptr_array_new ();
  const char *fixed[] = { "--print-state", "--seek", seek, "--save-npy", npy };
  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (args, (gpointer) fixed[i]);
  for (size_t i = 0; i < n; i++)
    g_ptr_array_add (args, chunks[i]);
  g_ptr_array_add (args, NULL);

  g_autofree char *saved_display = g_strdup (g_getenv ("DISPLAY"));
  if (!display)
    g_unsetenv ("DISPLAY");
  GPtrArray *lines = vt_run_daoview ((const char *const *) args->pdata, 60000);
  if (saved_display)
    g_setenv ("DISPLAY", saved_display, TRUE);

  const char *saved = vt_find_last (lines, "saved npy ");
  VT_CHECK (saved, "--seek %s: nothing saved", seek);
  VT_CHECK (field_u64 (saved, "counter") == expected_index + 1, "--seek %s saved counter %s", seek, saved);
  const char *stats = vt_find_last (lines, "stats ");
  VT_CHECK (stats, "--seek %s: no stats line", seek);
  g_autofree char *state = vt_field (stats, "state");
  VT_CHECK (g_str_equal (state, "recorded"), "state %s, not recorded", state);
  VT_CHECK (field_u64 (stats, "index") == expected_index, "--seek %s shows %s", seek, stats);
  VT_CHECK (field_u64 (stats, "shown-counter") == expected_index + 1, "--seek %s: %s", seek, stats);
  VT_CHECK (field_u64 (stats, "frame-count") == 30, "not the whole recording: %s", stats);
  g_autofree char *paused = vt_field (stats, "paused");
  VT_CHECK (g_str_equal (paused, "1"), "a recording opens paused: %s", stats);
  check_npy (npy, expected_index + 1);
  printf ("ok: --seek %s %s saves frame %llu\n", seek, display ? "in a window" : "without a display",
          (unsigned long long) expected_index);
  g_ptr_array_unref (lines);
  g_ptr_array_unref (args);
  unlink (npy);
}

static guint32
png_pixel (GdkTexture *texture, const guchar *data, int x, int y)
{
  VT_CHECK (x >= 0 && y >= 0 && x < gdk_texture_get_width (texture) && y < gdk_texture_get_height (texture),
            "(%d, %d) outside the screenshot", x, y);
  return *(const guint32 *) (data + (gsize) y * gdk_texture_get_width (texture) * 4 + (gsize) x * 4) & 0xffffff;
}

/* Frame k of `location` is the frame with this counter. */
static void
check_screenshot (const char *location, guint64 k, guint64 counter)
{
  g_autofree char *png = g_strdup_printf ("%s/shot-%llu.png", dir, (unsigned long long) k);
  g_autofree char *seek = g_strdup_printf ("%llu", (unsigned long long) k);
  const char *args[] = { "--print-state", "--seek", seek, "--levels", "0:255", "--screenshot", png,
                         location, NULL };
  GPtrArray *lines = vt_run_daoview (args, 60000);
  const char *shot = vt_find_last (lines, "screenshot ");
  double ax, ay, aw, ah;
  VT_CHECK (shot && sscanf (strstr (shot, "image-area "), "image-area %lf %lf %lf %lf", &ax, &ay, &aw, &ah) == 4,
            "no image area in the screenshot line");

  g_autoptr (GError) error = NULL;
  g_autoptr (GdkTexture) texture = gdk_texture_new_from_filename (png, &error);
  VT_CHECK (texture, "cannot load %s: %s", png, error ? error->message : "?");
  g_autofree guchar *data = g_malloc ((gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture) * 4);
  gdk_texture_download (texture, data, (gsize) gdk_texture_get_width (texture) * 4);
  for (int half = 0; half < 2; half++)
    {
      int x = (int) (ax + aw * (0.25 + 0.5 * half)), y = (int) (ay + ah / 2);
      double value = rf_value (counter, RF_NY / 2, half ? RF_NX - 1 : 0);
      guint32 want = daoview_colormap_color (DAOVIEW_COLORMAP_GREY, value / 255) & 0xffffff;
      guint32 got = png_pixel (texture, data, x, y);
      VT_CHECK (got == want, "frame %llu: (%d, %d) is #%06x, value %g is #%06x", (unsigned long long) k, x, y,
                got, value, want);
    }
  printf ("ok: --seek %llu --screenshot draws frame %llu's pixels\n", (unsigned long long) k,
          (unsigned long long) k);
  g_ptr_array_unref (lines);
  unlink (png);
}

/* The stats lines of a daoview until `done` says so; the indexes in order. */
static GArray *
indexes_until (VtProcess *viewer, guint64 last, gboolean (*done) (const char *line, guint64 last))
{
  GArray *seen = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (;;)
    {
      g_autofree char *line = vt_wait_line (viewer, "stats ", 30000);
      VT_CHECK (line, "daoview stopped reporting");
      g_autofree char *index = vt_field (line, "index");
      if (!index)
        continue;
      guint64 i = g_ascii_strtoull (index, NULL, 10);
      g_array_append_val (seen, i);
      if (done (line, last))
        return seen;
    }
}

static gboolean
at_the_end_paused (const char *line, guint64 last)
{
  g_autofree char *paused = vt_field (line, "paused");
  return field_u64 (line, "index") == last && g_str_equal (paused, "1");
}

/* True at the `last`-th stats line (a count of reports, not an index). */
static gboolean
after_lines (const char *line, guint64 last)
{
  static guint64 lines;
  return ++lines % last == 0;
}

static int wrapped_count;

static gboolean
wrapped_twice (const char *line, guint64 last)
{
  static guint64 previous;
  guint64 i = field_u64 (line, "index");
  wrapped_count += i < previous;
  previous = i;
  return wrapped_count >= 2;
}

static void
check_play (const char *location, guint64 frames)
{
  const char *args[] = { vt_daoview (), "--print-state", "--play", location, NULL };
  VtProcess *viewer = vt_spawn (args);
  GArray *seen = indexes_until (viewer, frames - 1, at_the_end_paused);
  guint distinct = 1;
  for (guint i = 1; i < seen->len; i++)
    {
      guint64 a = g_array_index (seen, guint64, i - 1), b = g_array_index (seen, guint64, i);
      VT_CHECK (b >= a, "played backwards: index %llu after %llu", (unsigned long long) b,
                (unsigned long long) a);
      distinct += b != a;
    }
  VT_CHECK (distinct >= 3, "only %u frames seen while playing %llu frames", distinct,
            (unsigned long long) frames);
  printf ("ok: --play at the recorded intervals shows %u frames in order and stops at the last\n", distinct);
  g_array_unref (seen);
  vt_stop (viewer, SIGTERM, 10000);
  vt_free (viewer);

  const char *loop[] = { vt_daoview (), "--print-state", "--play", "--play-rate", "1000", "--loop",
                         location, NULL };
  viewer = vt_spawn (loop);
  /* Faster than the display can show: frames are skipped, but frames are
   * shown (asking for each due frame on every tick used to drop every copy
   * before it was taken, and the index stayed where it began). */
  seen = indexes_until (viewer, 12, after_lines);
  guint moves = 0;
  for (guint i = 1; i < seen->len; i++)
    moves += g_array_index (seen, guint64, i) != g_array_index (seen, guint64, i - 1);
  VT_CHECK (moves >= 4, "playing at 1000 Hz, the frame shown changed %u times in %u reports", moves,
            seen->len);
  g_array_unref (seen);
  seen = indexes_until (viewer, frames - 1, wrapped_twice);
  printf ("ok: --play-rate 1000 --loop shows frames (%u changes in 12 reports) and wraps around\n", moves);
  g_array_unref (seen);
  vt_stop (viewer, SIGTERM, 10000);
  vt_free (viewer);
}

#ifdef VT_HAVE_XTEST
static void
press (Display *dpy, KeySym sym)
{
  KeyCode code = XKeysymToKeycode (dpy, sym);
  XTestFakeKeyEvent (dpy, code, True, 0);
  XTestFakeKeyEvent (dpy, code, False, 0);
  XFlush (dpy);
}

/* The next stats line whose index is `want` (and paused, if asked). */
static void
wait_index (VtProcess *viewer, guint64 want, const char *what)
{
  for (int i = 0; i < 120; i++)
    {
      g_autofree char *line = vt_wait_line (viewer, "stats ", 30000);
      VT_CHECK (line, "%s: daoview stopped reporting", what);
      g_autofree char *index = vt_field (line, "index");
      if (index && g_ascii_strtoull (index, NULL, 10) == want)
        {
          VT_CHECK (field_u64 (line, "shown-counter") == want + 1, "%s: %s", what, line);
          printf ("ok: %s shows frame %llu\n", what, (unsigned long long) want);
          return;
        }
    }
  vt_fail ("%s: frame %llu never shown", what, (unsigned long long) want);
}

static void
check_keys (const char *location, guint64 frames)
{
  Display *dpy = XOpenDisplay (NULL);
  int event, error, major, minor;
  if (!dpy || !XTestQueryExtension (dpy, &event, &error, &major, &minor))
    {
      printf ("# no XTest on this display: keys not tested\n");
      if (dpy)
        XCloseDisplay (dpy);
      return;
    }
  const char *args[] = { vt_daoview (), "--print-state", location, NULL };
  VtProcess *viewer = vt_spawn (args);
  wait_index (viewer, 0, "opening");
  /* Without a window manager the keyboard follows the pointer. */
  vt_point_at_window_middle (dpy);
  for (int i = 0; i < 3; i++)
    press (dpy, XK_Right);
  wait_index (viewer, 3, "Right ×3");
  press (dpy, XK_Left);
  wait_index (viewer, 2, "Left");
  press (dpy, XK_End);
  wait_index (viewer, frames - 1, "End");
  press (dpy, XK_Home);
  wait_index (viewer, 0, "Home");
  press (dpy, XK_Left);
  press (dpy, XK_Right);
  wait_index (viewer, 1, "Left at the first frame, then Right");
  press (dpy, XK_space);
  for (;;)
    {
      g_autofree char *line = vt_wait_line (viewer, "stats ", 30000);
      VT_CHECK (line, "space: daoview stopped reporting");
      if (at_the_end_paused (line, frames - 1))
        break;
    }
  printf ("ok: space plays to the last frame\n");
  vt_stop (viewer, SIGTERM, 10000);
  vt_free (viewer);
  XCloseDisplay (dpy);
}
#endif

/* The ring of 2 behind a disk thread that waits 20 ms a frame overflows
 * (200 frames, 1 ms apart: the writing lasts many disk waits even when the
 * capture thread starts late on a loaded machine, so some frame is taken
 * after a gap; with 60, one run of the suite on a loaded machine had none):
 * frames are dropped, and the frame after a gap says so. */
static void
check_losses (void)
{
  RfOptions o = { .dir = dir, .stem = "lossy", .frames = 200, .period_us = 1000, .ring_frames = 2,
                  .disk_delay_ns = 20 * 1000 * 1000 };
  size_t n = 0;
  char **chunks = rf_record (&o, &n);
  VT_CHECK (chunks && n == 1, "no lossy recording");
  daorec_reader *r = NULL;
  daorec_error err;
  VT_CHECK (daorec_reader_open (&r, (const char *const *) chunks, n, &err) == 0, "%s", err.message);
  guint64 gap = G_MAXUINT64;
  daorec_frame_info row = { 0 };
  for (guint64 k = 1; k < daorec_reader_frame_count (r) && gap == G_MAXUINT64; k++)
    if (daorec_reader_frame_info (r, k, &row) == 0 && row.lost > 0)
      gap = k;
  daorec_reader_close (r);
  if (gap == G_MAXUINT64)
    {
      /* Not one drop (a machine faster than the disk delay allows?): say
       * so rather than pass. */
      vt_fail ("the ring of 2 behind a 20 ms disk dropped nothing");
    }

  g_autofree char *seek = g_strdup_printf ("%llu", (unsigned long long) gap);
  g_autofree char *npy = g_strdup_printf ("%s/lossy.npy", dir);
  const char *args[] = { "--print-state", "--seek", seek, "--save-npy", npy, chunks[0], NULL };
  GPtrArray *lines = vt_run_daoview (args, 60000);
  const char *stats = vt_find_last (lines, "stats ");
  VT_CHECK (stats && field_u64 (stats, "index") == gap, "--seek %s: %s", seek, stats ? stats : "no stats");
  VT_CHECK (field_u64 (stats, "lost-before") == row.lost, "lost-before is not the table's %llu: %s",
            (unsigned long long) row.lost, stats);
  VT_CHECK (field_u64 (stats, "dropped-before") == row.dropped, "dropped-before is not the table's %llu: %s",
            (unsigned long long) row.dropped, stats);
  VT_CHECK (field_u64 (stats, "shown-counter") == row.counter, "%s", stats);
  check_npy (npy, row.counter);
  printf ("ok: frame %llu (counter %llu) says %llu missing before it, %llu dropped\n",
          (unsigned long long) gap, (unsigned long long) row.counter, (unsigned long long) row.lost,
          (unsigned long long) row.dropped);
  g_ptr_array_unref (lines);
  rf_free_paths (chunks);
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }
  VT_CHECK (rf_make_dir ("dvtest-rec", dir, sizeof dir) == 0, "cannot make a directory in /tmp");
  /* 30 frames in 3 chunks, from a FIFO (none missed), 40 ms apart. */
  RfOptions o = { .dir = dir, .stem = "cam", .frames = 30, .period_us = 40000, .chunk_frames = 10,
                  .fifo_depth = 64 };
  size_t n = 0;
  char **chunks = rf_record (&o, &n);
  VT_CHECK (chunks && n == 3, "no recording to show");
  char *location = daoview_recording_location ((const char *const *) chunks, n);

  check_seek_saves (chunks, n, 0, 0, TRUE);
  check_seek_saves (chunks, n, 17, 17, TRUE);
  check_seek_saves (chunks, n, -1, 29, TRUE);
  check_seek_saves (chunks, n, 12, 12, FALSE);
  check_seek_saves (chunks, n, 1000, 29, FALSE);
  check_screenshot (chunks[1], 3, 14); /* the second chunk alone */
  check_screenshot (location, 21, 22);
#ifdef VT_HAVE_XTEST
  check_keys (location, 30);
#else
  printf ("# built without XTest: keys not tested\n");
#endif
  check_play (location, 30);
  check_losses ();

  free (location);
  rf_free_paths (chunks);
  rf_remove_dir (dir);
  return 0;
}
