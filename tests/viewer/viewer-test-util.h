/* viewer-test-util.h — run daoview and test writers as real processes. */
#pragma once

#include <glib.h>
#include <sys/types.h>

typedef struct {
  GPid pid;
  int out_fd;     /* the child's stdout */
  GString *buf;   /* read but not yet consumed */
  gboolean exited;
  int status;
} VtProcess;

/* A unique stream path in /tmp for this test process ("dvtest-<pid>-<n>"). */
char *vt_unique_path (const char *tag);

/* Start argv[0] … (NULL-terminated), stdout captured, stderr inherited.
 * Aborts the test on failure. */
VtProcess *vt_spawn (const char *const *argv);

/* The next stdout line that starts with `prefix` within timeout_ms, or NULL
 * (lines before it are consumed). Caller frees. */
char *vt_wait_line (VtProcess *p, const char *prefix, int timeout_ms);

/* Still running? */
gboolean vt_alive (VtProcess *p);

/* Send sig, wait up to timeout_ms for exit; returns the wait status or -1. */
int vt_stop (VtProcess *p, int sig, int timeout_ms);

void vt_free (VtProcess *p);

/* Start the test writer (path from env VIEWER_TEST_WRITER) and wait for it
 * to print "ready". */
VtProcess *vt_start_writer (const char *path, const char *type, unsigned ny, unsigned nx,
                            const char *pattern, double rate, unsigned semaphores);

/* The same for a 3-D stream (nz, ny, nx). */
VtProcess *vt_start_writer_cube (const char *path, const char *type, unsigned nz, unsigned ny,
                                 unsigned nx, const char *pattern, double rate);

/* daoview's path, from env DAOVIEW. */
const char *vt_daoview (void);

/* Run daoview with these arguments (NULL-terminated, after the program
 * name) to its exit; its stdout lines. Fails the test unless it exits 0. */
GPtrArray *vt_run_daoview (const char *const *args, int timeout_ms);

/* The same, and the process id it had (to find files named after it). */
GPtrArray *vt_run_daoview_pid (const char *const *args, int timeout_ms, GPid *pid);

/* The last line in `lines` starting with prefix, or NULL (borrowed). */
const char *vt_find_last (GPtrArray *lines, const char *prefix);

/* Value of "key=value" in a stats line, or NULL. Caller frees. */
char *vt_field (const char *line, const char *key);

/* The same as a number; fails the test when the field is missing. */
double vt_number (const char *line, const char *key);
/* The next --print-state stats line with this shape and type (and state,
 * unless NULL) that shows a frame (shown-counter > 0), within timeout_ms;
 * NULL when none came. Caller frees. */
char *vt_wait_stats (VtProcess *viewer, const char *shape, const char *type, const char *state,
                     int timeout_ms);

/* Fails the test if `dir` holds a name starting with `prefix` (something
 * a process named after itself should have removed). */
void vt_check_none_named (const char *dir, const char *prefix);

/* Fail the test with a message (exit 1). */
G_NORETURN void vt_fail (const char *format, ...) G_GNUC_PRINTF (1, 2);

#define VT_CHECK(cond, ...) \
  do { if (!(cond)) vt_fail (__VA_ARGS__); } while (0)

/* In main() of a test that needs GTK's display (include <gtk/gtk.h>):
 * exit 77, skipped, when there is none. */
#define VT_SKIP_WITHOUT_DISPLAY()                                                  \
  do {                                                                             \
    if (!gtk_init_check ())                                                        \
      {                                                                            \
        printf ("SKIP: no display\n");                                             \
        return 77;                                                                 \
      }                                                                            \
  } while (0)
