/* viewer-test-util.c — spawning, line reading with timeouts, cleanup. */
#include "viewer-test-util.h"

#include <dao.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Every stream path handed out, removed (file and semaphores) when a check
 * fails, so a failing test leaves nothing behind in /tmp and /dev/shm. */
static GPtrArray *paths;

char *
vt_unique_path (const char *tag)
{
  static int serial;
  char *path = g_strdup_printf ("/tmp/dvtest-%s-%d-%d.im.shm", tag, (int) getpid (), serial++);
  if (!paths)
    paths = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (paths, g_strdup (path));
  return path;
}

/* Every child still running, killed when a check fails: a writer or daoview
 * left behind would hold the test's stdout open and hang the test runner. */
static GPtrArray *children;

void
vt_fail (const char *format, ...)
{
  for (guint i = 0; children && i < children->len; i++)
    {
      VtProcess *p = g_ptr_array_index (children, i);
      if (!p->exited)
        kill (p->pid, SIGKILL);
    }
  for (guint i = 0; paths && i < paths->len; i++)
    dao_stream_unlink (g_ptr_array_index (paths, i));
  va_list args;
  va_start (args, format);
  fprintf (stderr, "FAIL: ");
  vfprintf (stderr, format, args);
  fprintf (stderr, "\n");
  va_end (args);
  exit (1);
}

VtProcess *
vt_spawn (const char *const *argv)
{
  GError *error = NULL;
  VtProcess *p = g_new0 (VtProcess, 1);

  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &p->pid, NULL, &p->out_fd, NULL, &error))
    vt_fail ("cannot start %s: %s", argv[0], error->message);
  p->buf = g_string_new (NULL);
  if (!children)
    children = g_ptr_array_new ();
  g_ptr_array_add (children, p);
  return p;
}

static gboolean
reap (VtProcess *p, gboolean block)
{
  if (p->exited)
    return TRUE;
  int status;
  pid_t r = waitpid (p->pid, &status, block ? 0 : WNOHANG);
  if (r == p->pid)
    {
      p->exited = TRUE;
      p->status = status;
    }
  return p->exited;
}

gboolean
vt_alive (VtProcess *p)
{
  return !reap (p, FALSE);
}

char *
vt_wait_line (VtProcess *p, const char *prefix, int timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      char *nl;
      while ((nl = strchr (p->buf->str, '\n')))
        {
          char *line = g_strndup (p->buf->str, nl - p->buf->str);
          g_string_erase (p->buf, 0, nl - p->buf->str + 1);
          if (g_getenv ("VT_VERBOSE"))
            fprintf (stderr, "  | %s\n", line);
          if (g_str_has_prefix (line, prefix))
            return line;
          g_free (line);
        }

      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      if (left <= 0 || p->out_fd < 0)
        return NULL;
      struct pollfd pfd = { p->out_fd, POLLIN, 0 };
      int rc = poll (&pfd, 1, (int) MIN (left, 200));
      if (rc < 0 && errno != EINTR)
        return NULL;
      if (rc > 0)
        {
          char chunk[4096];
          ssize_t n = read (p->out_fd, chunk, sizeof chunk);
          if (n <= 0)
            {
              close (p->out_fd);
              p->out_fd = -1;
            }
          else
            g_string_append_len (p->buf, chunk, n);
        }
    }
}

int
vt_stop (VtProcess *p, int sig, int timeout_ms)
{
  if (!p->exited && sig)
    kill (p->pid, sig);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  while (!reap (p, FALSE))
    {
      if (g_get_monotonic_time () > deadline)
        {
          kill (p->pid, SIGKILL);
          reap (p, TRUE);
          return -1;
        }
      g_usleep (10000);
    }
  return p->status;
}

void
vt_free (VtProcess *p)
{
  if (!p)
    return;
  g_ptr_array_remove (children, p);
  if (!p->exited)
    vt_stop (p, SIGKILL, 5000);
  if (p->out_fd >= 0)
    close (p->out_fd);
  g_string_free (p->buf, TRUE);
  g_free (p);
}

const char *
vt_daoview (void)
{
  const char *path = g_getenv ("DAOVIEW");
  if (!path)
    vt_fail ("DAOVIEW is not set");
  return path;
}

static VtProcess *
start_writer (const char *path, const char *type, const char *sny, unsigned nx,
              const char *pattern, double rate, unsigned semaphores)
{
  const char *writer = g_getenv ("VIEWER_TEST_WRITER");
  if (!writer)
    vt_fail ("VIEWER_TEST_WRITER is not set");
  g_autofree char *snx = g_strdup_printf ("%u", nx);
  g_autofree char *srate = g_strdup_printf ("%g", rate);
  g_autofree char *ssem = g_strdup_printf ("%u", semaphores);
  const char *argv[] = { writer, path, type, sny, snx, pattern, srate, ssem, NULL };

  VtProcess *p = vt_spawn (argv);
  g_autofree char *line = vt_wait_line (p, "ready", 10000);
  if (!line)
    vt_fail ("the writer did not start on %s", path);
  return p;
}

VtProcess *
vt_start_writer (const char *path, const char *type, unsigned ny, unsigned nx,
                 const char *pattern, double rate, unsigned semaphores)
{
  g_autofree char *sny = g_strdup_printf ("%u", ny);
  return start_writer (path, type, sny, nx, pattern, rate, semaphores);
}

VtProcess *
vt_start_writer_cube (const char *path, const char *type, unsigned nz, unsigned ny, unsigned nx,
                      const char *pattern, double rate)
{
  g_autofree char *sny = g_strdup_printf ("%ux%u", nz, ny);
  return start_writer (path, type, sny, nx, pattern, rate, 0);
}

char *
vt_field (const char *line, const char *key)
{
  g_autofree char *needle = g_strdup_printf (" %s=", key);
  const char *at = strstr (line, needle);
  if (!at)
    return NULL;
  at += strlen (needle);
  return g_strndup (at, strcspn (at, " "));
}

double
vt_number (const char *line, const char *key)
{
  g_autofree char *v = line ? vt_field (line, key) : NULL;
  VT_CHECK (v, "no %s= in '%s'", key, line ? line : "(no line)");
  return g_ascii_strtod (v, NULL);
}

GPtrArray *
vt_run_daoview (const char *const *args, int timeout_ms)
{
  return vt_run_daoview_pid (args, timeout_ms, NULL);
}

GPtrArray *
vt_run_daoview_pid (const char *const *args, int timeout_ms, GPid *pid)
{
  GPtrArray *argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (gpointer) vt_daoview ());
  for (int i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  VtProcess *p = vt_spawn ((const char *const *) argv->pdata);
  g_ptr_array_free (argv, TRUE);
  if (pid)
    *pid = p->pid;

  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  char *line;
  while (g_get_monotonic_time () < deadline && (line = vt_wait_line (p, "", 500)))
    g_ptr_array_add (lines, line);
  while (p->out_fd >= 0 && g_get_monotonic_time () < deadline)
    if ((line = vt_wait_line (p, "", 500)))
      g_ptr_array_add (lines, line);
  int status = vt_stop (p, 0, 10000);
  VT_CHECK (status >= 0 && WIFEXITED (status) && WEXITSTATUS (status) == 0,
            "daoview %s … did not exit 0 (status %d)", args[0], status);
  vt_free (p);
  return lines;
}

const char *
vt_find_last (GPtrArray *lines, const char *prefix)
{
  for (guint i = lines->len; i-- > 0;)
    if (g_str_has_prefix (g_ptr_array_index (lines, i), prefix))
      return g_ptr_array_index (lines, i);
  return NULL;
}

void
vt_check_none_named (const char *dir, const char *prefix)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    VT_CHECK (!g_str_has_prefix (name, prefix), "%s/%s was left behind", dir, name);
  g_clear_pointer (&d, g_dir_close);
}

char *
vt_wait_stats (VtProcess *viewer, const char *shape, const char *type, const char *state,
               int timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  while (g_get_monotonic_time () < deadline)
    {
      char *line = vt_wait_line (viewer, "stats ", 2000);
      if (!line)
        continue;
      g_autofree char *s = vt_field (line, "shape");
      g_autofree char *t = vt_field (line, "type");
      g_autofree char *st = vt_field (line, "state");
      g_autofree char *shown = vt_field (line, "shown-counter");
      if (!g_strcmp0 (s, shape) && !g_strcmp0 (t, type) && (!state || !g_strcmp0 (st, state))
          && shown && strcmp (shown, "0") != 0)
        return line;
      g_free (line);
    }
  return NULL;
}
