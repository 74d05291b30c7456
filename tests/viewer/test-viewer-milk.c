/* test-viewer-milk.c — daoview on milk / ImageStreamIO streams.
 *
 * A real milk writer process (tests/peers/milk-writer, made from the milk
 * byte contract) publishes a 24 × 40 uint16 stream (milk size {40, 24}) at
 * 100 Hz. daoview must show it like a DAO stream — live, numpy shape,
 * advancing counter — say it is milk (status and header), poll its counter
 * without taking a milk semaphore slot, save a frame as .npy with pixel
 * (y, x) at milk element y*40 + x, and follow a re-creation by unlink
 * with the new shape. The chooser lists milk streams from $MILK_SHM_DIR
 * beside the DAO streams of its folder.
 */
#include <dao.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daoview-stream-chooser.h"
#include "milk-writer.h"
#include "viewer-test-util.h"

static VtProcess *
start_milk_writer (const char *path, const char *size, const char *rate)
{
  const char *writer = g_getenv ("MILK_WRITER");
  VT_CHECK (writer, "MILK_WRITER is not set (meson test sets it)");
  const char *argv[] = { writer, "--type", "uint16", "--size", size, "--keywords", "2", "--fill-keywords",
                         "--cb", "4", "--forever", "--rate", rate, path, NULL };
  VtProcess *p = vt_spawn (argv);
  g_autofree char *ready = vt_wait_line (p, "ready", 10000);
  VT_CHECK (ready, "the milk writer did not start");
  return p;
}

static void
remove_milk (const char *path)
{
  const char *argv[] = { g_getenv ("MILK_WRITER"), "--remove", path, NULL };
  VtProcess *p = vt_spawn (argv);
  vt_stop (p, 0, 5000);
  vt_free (p);
}

/* --print-state and the status bar say what they should of a milk stream;
 * the reader polls and no milk semaphore slot is taken. */
static void
check_live_view (const char *path)
{
  const char *argv[] = { vt_daoview (), "--print-state", path, NULL };
  VtProcess *viewer = vt_spawn (argv);
  g_autofree char *live = vt_wait_line (viewer, "state live", 20000);
  VT_CHECK (live, "daoview never reported the milk stream live");
  guint64 first = 0, last = 0;
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *stats = vt_wait_line (viewer, "stats ", 5000);
      VT_CHECK (stats, "no stats line");
      g_autofree char *format = vt_field (stats, "format");
      g_autofree char *shape = vt_field (stats, "shape");
      g_autofree char *type = vt_field (stats, "type");
      g_autofree char *polling = vt_field (stats, "polling");
      g_autofree char *slot = vt_field (stats, "slot");
      g_autofree char *torn = vt_field (stats, "torn");
      g_autofree char *counter = vt_field (stats, "counter");
      VT_CHECK (g_strcmp0 (format, "milk") == 0, "format: %s", stats);
      VT_CHECK (g_strcmp0 (shape, "24x40") == 0 && g_strcmp0 (type, "uint16") == 0, "geometry: %s", stats);
      /* No slot: libdao polls the counter for the reader (polling=1 would
       * be the reader polling by itself, for want of any wake-up). */
      VT_CHECK (g_strcmp0 (slot, "-1") == 0 && g_strcmp0 (polling, "0") == 0, "slot or polling: %s", stats);
      VT_CHECK (g_strcmp0 (torn, "0") == 0, "torn reads of a writer that keeps a fast buffer: %s", stats);
      guint64 c = g_ascii_strtoull (counter, NULL, 10);
      if (i == 0)
        first = c;
      VT_CHECK (c >= last, "counter went back: %s", stats);
      last = c;
    }
  VT_CHECK (last > first, "the counter shown did not advance");

  /* Nothing registered in semReadPID, no DAO-named semaphore created. */
  dao_stream *s;
  VT_CHECK (dao_stream_open (&s, path, 0) == 0, "cannot open %s", path);
  for (unsigned k = 0; k < dao_stream_semaphore_count (s); k++)
    {
      int reader = 0;
      VT_CHECK (dao_stream_milk_semaphore_pids (s, k, &reader, NULL) == 0 && reader == -1,
                "semReadPID[%u] is %d while daoview watches", k, reader);
    }
  dao_stream_close (s);
  char name[256], file[300];
  VT_CHECK (dao_semaphore_name (name, sizeof name, path, 0) > 0
              && dao_semaphore_path (file, sizeof file, NULL, name) > 0,
            "semaphore name of %s", path);
  VT_CHECK (!g_file_test (file, G_FILE_TEST_EXISTS), "%s was created", file);
  VT_CHECK (vt_stop (viewer, SIGTERM, 10000) == 0, "daoview did not exit cleanly");
  vt_free (viewer);
  printf ("ok: live, format=milk, 24x40 uint16, polling, counter %" G_GUINT64_FORMAT " → %" G_GUINT64_FORMAT
          ", no slot taken\n", first, last);
}

/* The counter of a saved frame, from the .json beside the .npy. */
static guint64
json_counter (const char *json)
{
  g_autofree char *text = NULL;
  VT_CHECK (g_file_get_contents (json, &text, NULL, NULL), "no %s", json);
  const char *c = strstr (text, "\"counter\"");
  VT_CHECK (c, "no counter in %s", json);
  return g_ascii_strtoull (strchr (c, ':') + 1, NULL, 10);
}

static void
check_saved_frame (const char *path, const char *dir)
{
  g_autofree char *npy = g_build_filename (dir, "milk.npy", NULL);
  g_autofree char *json = g_build_filename (dir, "milk.json", NULL);
  const char *args[] = { "--print-state", "--frames", "2", "--save-npy", npy, path, NULL };
  GPtrArray *lines = vt_run_daoview (args, 30000);
  VT_CHECK (vt_find_last (lines, "saved npy "), "the .npy was not saved");
  g_ptr_array_unref (lines);

  gsize len;
  g_autofree char *bytes = NULL;
  VT_CHECK (g_file_get_contents (npy, &bytes, &len, NULL) && len > 10, "no %s", npy);
  guint header = (guint8) bytes[8] | (guint) (guint8) bytes[9] << 8;
  g_autofree char *dict = g_strndup (bytes + 10, header);
  VT_CHECK (strstr (dict, "'descr': '<u2'") && strstr (dict, "'shape': (24, 40)"), "npy header: %s", dict);
  VT_CHECK (len == 10 + header + 24 * 40 * 2, "npy of %zu bytes", (size_t) len);
  guint64 counter = json_counter (json);
  VT_CHECK (counter > 0, "saved frame counter 0");
  const guint16 *px = (const guint16 *) (bytes + 10 + header);
  for (unsigned y = 0; y < 24; y++)
    for (unsigned x = 0; x < 40; x++)
      VT_CHECK (px[y * 40 + x] == milk_pattern (counter, y * 40 + x),
                "pixel (%u, %u) of frame %" G_GUINT64_FORMAT " is %u, milk element %u holds %u", y, x, counter,
                px[y * 40 + x], y * 40 + x, milk_pattern (counter, y * 40 + x));
  printf ("ok: --save-npy of milk frame %" G_GUINT64_FORMAT ": (24, 40) uint16, pixel (y, x) = element y*40+x\n",
          counter);
  unlink (npy);
  unlink (json);
}

static void
check_recreation (const char *path, VtProcess **writer)
{
  const char *argv[] = { vt_daoview (), "--print-state", path, NULL };
  VtProcess *viewer = vt_spawn (argv);
  g_autofree char *live = vt_wait_line (viewer, "state live", 20000);
  VT_CHECK (live, "daoview never reported the milk stream live");
  /* ImageStreamIO re-creates by unlinking and writing a new file. */
  vt_stop (*writer, SIGTERM, 5000);
  vt_free (*writer);
  *writer = start_milk_writer (path, "16,8", "100");
  g_autofree char *recreated = vt_wait_line (viewer, "state recreated", 20000);
  VT_CHECK (recreated, "daoview did not notice the re-creation");
  g_autofree char *stats = NULL;
  for (int i = 0; i < 40; i++)
    {
      g_free (stats);
      stats = vt_wait_line (viewer, "stats ", 5000);
      VT_CHECK (stats, "no stats line after the re-creation");
      g_autofree char *shape = vt_field (stats, "shape");
      if (g_strcmp0 (shape, "8x16") == 0)
        break;
    }
  g_autofree char *shape = vt_field (stats, "shape");
  g_autofree char *format = vt_field (stats, "format");
  VT_CHECK (g_strcmp0 (shape, "8x16") == 0 && g_strcmp0 (format, "milk") == 0, "after re-creation: %s", stats);
  VT_CHECK (vt_stop (viewer, SIGTERM, 10000) == 0, "daoview did not exit cleanly");
  vt_free (viewer);
  printf ("ok: re-created by unlink, shown again as 8x16 milk\n");
}

static void
check_chooser (const char *milk_path)
{
  /* The chooser's folder holds a DAO stream; milk's directory the milk one. */
  g_autofree char *folder = g_strdup_printf ("/tmp/dvtest-milk-chooser-%d", (int) getpid ());
  VT_CHECK (g_mkdir_with_parents (folder, 0755) == 0, "mkdir %s", folder);
  g_autofree char *dao_path = g_build_filename (folder, "cam.im.shm", NULL);
  VtProcess *dao_writer = vt_start_writer (dao_path, "int16", 4, 6, "counter", 10, 0);

  GtkWidget *chooser = g_object_ref_sink (daoview_stream_chooser_new ());
  daoview_stream_chooser_set_folder (DAOVIEW_STREAM_CHOOSER (chooser), folder);
  daoview_stream_chooser_refresh (DAOVIEW_STREAM_CHOOSER (chooser));
  g_auto (GStrv) rows = daoview_stream_chooser_dup_rows (DAOVIEW_STREAM_CHOOSER (chooser));
  VT_CHECK (g_strv_length (rows) == 2, "%u rows, expected the DAO and the milk stream", g_strv_length (rows));
  printf ("row 0: %s\nrow 1: %s\n", rows[0], rows[1]);
  VT_CHECK (g_str_has_prefix (rows[0], "cam.im.shm: 4 × 6") && !strstr (rows[0], "milk"), "DAO row: %s",
            rows[0]);
  g_autofree char *milk_prefix = g_strdup_printf ("%s: ", milk_path);
  VT_CHECK (g_str_has_prefix (rows[1], milk_prefix) && strstr (rows[1], "uint16")
              && g_str_has_suffix (rows[1], "milk"),
            "milk row: %s", rows[1]);
  g_object_unref (chooser);
  vt_stop (dao_writer, SIGTERM, 5000);
  vt_free (dao_writer);
  dao_stream_unlink (dao_path);
  g_rmdir (folder);
  printf ("ok: the chooser lists the DAO stream of its folder and the milk stream of $MILK_SHM_DIR\n");
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }
  g_autofree char *dir = g_strdup_printf ("/tmp/dvtest-milk-%d", (int) getpid ());
  VT_CHECK (g_mkdir_with_parents (dir, 0755) == 0, "mkdir %s", dir);
  g_setenv ("MILK_SHM_DIR", dir, TRUE);
  g_autofree char *path = g_build_filename (dir, "milkcam.im.shm", NULL);

  VtProcess *writer = start_milk_writer (path, "40,24", "100");
  check_live_view (path);
  check_saved_frame (path, dir);
  check_chooser (path);
  check_recreation (path, &writer);

  vt_stop (writer, SIGTERM, 5000);
  vt_free (writer);
  remove_milk (path);
  g_rmdir (dir);
  return 0;
}
