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

/* Names in `dir` starting with `prefix`, as a set. */
static GHashTable *
names_with_prefix (const char *dir, const char *prefix)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    if (g_str_has_prefix (name, prefix))
      g_hash_table_add (set, g_strdup (name));
  g_clear_pointer (&d, g_dir_close);
  return set;
}

/* Fails if `after` holds a name that `before` did not. */
static void
check_nothing_left (GHashTable *before, GHashTable *after, const char *dir)
{
  GHashTableIter it;
  gpointer name;
  g_hash_table_iter_init (&it, after);
  while (g_hash_table_iter_next (&it, &name, NULL))
    VT_CHECK (g_hash_table_contains (before, name), "%s/%s was left behind", dir, (char *) name);
}

int
main (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      return 77;
    }

  GHashTable *files_before = names_with_prefix ("/tmp", "daoview-demo-");
  GHashTable *sems_before = names_with_prefix ("/dev/shm", "sem.daoview-demo-");
  g_autofree char *png = g_strdup_printf ("/tmp/dvtest-demo-%d.png", (int) getpid ());

  const char *args[] = { "--demo", "--print-state", "--screenshot", png, "--frames", "20", NULL };
  GPtrArray *lines = vt_run_daoview (args, 60000);

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

  GHashTable *files_after = names_with_prefix ("/tmp", "daoview-demo-");
  GHashTable *sems_after = names_with_prefix ("/dev/shm", "sem.daoview-demo-");
  check_nothing_left (files_before, files_after, "/tmp");
  check_nothing_left (sems_before, sems_after, "/dev/shm");
  printf ("ok: the demo stream and its semaphores are gone after exit\n");

  g_ptr_array_unref (lines);
  g_hash_table_unref (files_before);
  g_hash_table_unref (files_after);
  g_hash_table_unref (sems_before);
  g_hash_table_unref (sems_after);
  return 0;
}
