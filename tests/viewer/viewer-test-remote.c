/* viewer-test-remote.c — see viewer-test-remote.h. */
#include "viewer-test-remote.h"

#include <dao.h>
#include <stdio.h>
#include <string.h>

VtProcess *
vt_start_server (const char *path, const char *bind, char **endpoint)
{
  const char *daoctl = g_getenv ("DAOCTL");
  VT_CHECK (daoctl, "DAOCTL is not set");
  const char *argv[] = { daoctl, "serve", "--bind", bind, path, NULL };
  VtProcess *p = vt_spawn (argv);
  g_autofree char *line = vt_wait_line (p, "serving ", 30000);
  VT_CHECK (line, "daoctl serve did not start on %s", bind);
  const char *at = strstr (line, " on tcp://");
  VT_CHECK (at, "unexpected line from daoctl serve: %s", line);
  *endpoint = g_strdup (at + 4);
  return p;
}

char *
vt_remote_url (const char *endpoint, const char *path)
{
  char stem[128];
  VT_CHECK (dao_stream_stem (stem, sizeof stem, path) > 0, "no stem in %s", path);
  return g_strdup_printf ("%s/%s", endpoint, stem);
}

void
vt_shot (const char *name)
{
  const char *dir = g_getenv ("VIEWER_SHOTS");
  if (!dir || !*dir)
    return;
  g_autofree char *file = g_strdup_printf ("%s/%s.png", dir, name);
  const char *argv[] = { "/usr/bin/import", "-window", "root", file, NULL };
  int status = 0;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                     NULL, &status, NULL)
      || status != 0)
    fprintf (stderr, "could not save %s\n", file);
  else
    printf ("screenshot: %s\n", file);
}
