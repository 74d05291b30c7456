/* test-viewer-demo.c — `daoview --demo`, the end of the README's first
 * command.
 *
 * The demo must create its own stream, show it live with a moving counter
 * and an image, and, when daoview exits, remove the stream file and its
 * semaphores: nothing of it may be left in /tmp or /dev/shm.
 */
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

#include "viewer-test-util.h"

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }

  g_autofree char *png = g_strdup_printf ("/tmp/dvtest-demo-%d.png", (int) getpid ());

  const char *args[] = { "--demo", "--print-state", "--screenshot", png, "--frames", "20", NULL };
  GPid pid;
  GPtrArray *lines = vt_run_daoview_pid (args, 60000, &pid);

  VT_CHECK (vt_find_last (lines, "state live"), "the demo stream never went live");
  const char *first = NULL, *last = NULL;
  for (guint i = 0; i < lines->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (lines, i), "stats "))
      {
        if (!first)
          first = g_ptr_array_index (lines, i);
        last = g_ptr_array_index (lines, i);
      }
  VT_CHECK (first && last, "no stats lines");
  g_autofree char *c0 = vt_field (first, "counter"), *c1 = vt_field (last, "counter");
  g_autofree char *shape = vt_field (last, "shape");
  VT_CHECK (c0 && c1 && g_ascii_strtoull (c1, NULL, 10) > g_ascii_strtoull (c0, NULL, 10),
            "the demo counter did not move (%s, then %s)", c0, c1);
  VT_CHECK (shape && strcmp (shape, "256x256") == 0, "demo shape %s", shape);

  const char *shot = vt_find_last (lines, "screenshot ");
  VT_CHECK (shot && !strstr (shot, "image-area none"), "no image in the screenshot: %s", shot);
  GdkTexture *texture = gdk_texture_new_from_filename (png, NULL);
  VT_CHECK (texture && gdk_texture_get_width (texture) > 256, "no usable PNG at %s", png);
  g_object_unref (texture);
  unlink (png);
  printf ("ok: the demo went live (counter %s → %s, %s) and was drawn\n", c0, c1, shape);

  /* The demo stream is named after daoview's process (other tests may run
   * demos of their own meanwhile). */
  g_autofree char *file_prefix = g_strdup_printf ("daoview-demo-%d-", (int) pid);
  g_autofree char *sem_prefix = g_strdup_printf ("sem.daoview-demo-%d-", (int) pid);
  vt_check_none_named ("/tmp", file_prefix);
  vt_check_none_named ("/dev/shm", sem_prefix);
  printf ("ok: the demo stream and its semaphores are gone after exit\n");

  g_ptr_array_unref (lines);
  return 0;
}
