/* daoview-recording-location.c — naming a recording of several chunk files
 * as one location, so that a watcher (which follows one location) shows
 * them as one sequence of frames (see daoview-source.h). Plain C, and built
 * with or without cfitsio: the command line groups its paths the same way
 * either way. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daoview-source.h"

#define PREFIX "daoview-recording:"

static int
ends_with (const char *text, const char *suffix)
{
  size_t n = strlen (text), m = strlen (suffix);
  if (m > n)
    return 0;
  for (size_t i = 0; i < m; i++)
    if (tolower ((unsigned char) text[n - m + i]) != suffix[i])
      return 0;
  return 1;
}

int
daoview_recording_path_matches (const char *path)
{
  static const char *const suffixes[] = { ".fits", ".fit", ".fts", ".fz" };
  if (!path)
    return 0;
  if (strncmp (path, PREFIX, sizeof PREFIX - 1) == 0)
    return 1;
  for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
    if (ends_with (path, suffixes[i]))
      return 1;
  return 0;
}

char *
daoview_recording_location (const char *const *paths, size_t n)
{
  if (n == 0)
    return NULL;
  if (n == 1)
    return strdup (paths[0]);
  size_t size = sizeof PREFIX;
  for (size_t i = 0; i < n; i++)
    size += strlen (paths[i]) + 24;
  char *out = malloc (size), *p = out;
  if (!out)
    return NULL;
  p += sprintf (p, "%s", PREFIX);
  for (size_t i = 0; i < n; i++)
    p += sprintf (p, "%zu:%s", strlen (paths[i]), paths[i]);
  return out;
}

void
daoview_recording_paths_free (char **paths)
{
  for (size_t i = 0; paths && paths[i]; i++)
    free (paths[i]);
  free (paths);
}

char **
daoview_recording_location_paths (const char *location)
{
  if (!location || strncmp (location, PREFIX, sizeof PREFIX - 1) != 0)
    return NULL;
  const char *p = location + sizeof PREFIX - 1;
  size_t n = 0, capacity = 4;
  char **paths = calloc (capacity + 1, sizeof *paths);
  while (paths && *p)
    {
      char *end;
      errno = 0;
      unsigned long long length = strtoull (p, &end, 10);
      if (end == p || *end != ':' || errno || length == 0 || length > strlen (end + 1))
        break;
      if (n == capacity)
        {
          char **grown = realloc (paths, (2 * capacity + 1) * sizeof *paths);
          if (!grown)
            break;
          paths = grown;
          capacity *= 2;
        }
      paths[n] = strndup (end + 1, (size_t) length);
      if (!paths[n])
        break;
      paths[++n] = NULL;
      p = end + 1 + length;
    }
  if (!paths || *p || n == 0)
    {
      daoview_recording_paths_free (paths);
      return NULL;
    }
  return paths;
}

char **
daoview_source_group_locations (const char *const *paths)
{
  size_t n = 0, out_n = 0;
  while (paths && paths[n])
    n++;
  char **out = calloc (n + 1, sizeof *out);
  if (!out)
    return NULL;
  for (size_t i = 0; i < n;)
    {
      size_t run = 0;
      while (i + run < n && daoview_recording_path_matches (paths[i + run])
             && strncmp (paths[i + run], PREFIX, sizeof PREFIX - 1) != 0)
        run++;
      out[out_n] = run ? daoview_recording_location (paths + i, run) : strdup (paths[i]);
      if (!out[out_n])
        {
          daoview_recording_paths_free (out);
          return NULL;
        }
      out_n++;
      i += run ? run : 1;
    }
  return out;
}

char *
daoview_recording_display_name (const char *location)
{
  char **paths = daoview_recording_location_paths (location);
  if (!paths)
    return NULL;
  size_t n = 0;
  while (paths[n])
    n++;
  const char *first = strrchr (paths[0], '/'), *last = strrchr (paths[n - 1], '/');
  first = first ? first + 1 : paths[0];
  last = last ? last + 1 : paths[n - 1];
  size_t size = strlen (first) + strlen (last) + 48;
  char *name = malloc (size);
  if (name)
    snprintf (name, size, "%s … %s (%zu)", first, last, n);
  daoview_recording_paths_free (paths);
  return name;
}
