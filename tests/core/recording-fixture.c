/* recording-fixture.c — see recording-fixture.h. */
#include "recording-fixture.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

unsigned
rf_level (uint64_t counter)
{
  return (unsigned) ((counter * 37) % 256);
}

uint16_t
rf_value (uint64_t counter, unsigned y, unsigned x)
{
  (void) y;
  return (uint16_t) (x < RF_NX / 2 ? rf_level (counter) : 255 - rf_level (counter));
}

static void
sleep_us (unsigned us)
{
  struct timespec t = { us / 1000000, (long) (us % 1000000) * 1000 };
  while (nanosleep (&t, &t) < 0 && errno == EINTR)
    ;
}

void
rf_free_paths (char **paths)
{
  for (size_t i = 0; paths && paths[i]; i++)
    free (paths[i]);
  free (paths);
}

char **
rf_record (const RfOptions *o, size_t *n)
{
  char path[512];
  snprintf (path, sizeof path, "%s/%s.im.shm", o->dir, o->stem);
  const uint32_t shape[2] = { RF_NY, RF_NX };
  dao_create_options co = DAO_CREATE_OPTIONS_INIT;
  co.fifo_depth = o->fifo_depth > 1 ? o->fifo_depth : 1;
  co.keywords = 4;
  dao_stream *s = NULL;
  int rc = dao_stream_create (&s, path, DAO_UINT16, 2, shape, &co);
  if (rc < 0)
    {
      fprintf (stderr, "rf_record: cannot create %s: %s\n", path, dao_strerror (rc));
      return NULL;
    }

  dao_stream_keyword_set_double (s, RF_KEYWORD, RF_KEYWORD_VALUE, "exposure (s)");
  daorec_record_options ro = DAOREC_RECORD_OPTIONS_INIT;
  ro.compression = o->compress;
  ro.directory = o->dir;
  ro.chunk_frames = o->chunk_frames;
  ro.ring_frames = o->ring_frames;
  ro.test_disk_delay_ns = o->disk_delay_ns;
  daorec_recorder *rec = NULL;
  daorec_error err;
  char **paths = NULL;
  if (daorec_recorder_start (&rec, path, &ro, &err) < 0)
    {
      fprintf (stderr, "rf_record: %s\n", err.message);
      goto done;
    }

  static uint16_t frame[RF_NY * RF_NX];
  for (unsigned k = 0; k < o->frames; k++)
    {
      uint64_t counter = dao_stream_counter (s) + 1;
      for (unsigned y = 0; y < RF_NY; y++)
        for (unsigned x = 0; x < RF_NX; x++)
          frame[y * RF_NX + x] = rf_value (counter, y, x);
      dao_stream_write (s, frame, sizeof frame);
      if (o->period_us)
        sleep_us (o->period_us);
    }
  /* Until every frame is in the ring or counted (at most 20 s), then stop:
   * what the ring holds is still written. */
  for (int i = 0; i < 2000; i++)
    {
      daorec_stats st;
      daorec_recorder_stats (rec, &st);
      if (st.frames + st.missed + st.dropped >= o->frames)
        break;
      sleep_us (10000);
    }
  daorec_recorder_stop (rec);
  daorec_stats final;
  if (daorec_recorder_finish (rec, &final, &err) < 0)
    {
      fprintf (stderr, "rf_record: %s\n", err.message);
      goto done;
    }

  char pattern[600];
  snprintf (pattern, sizeof pattern, "%s/%s-*.fits%s", o->dir, o->stem, o->compress ? ".fz" : "");
  glob_t g;
  if (glob (pattern, 0, NULL, &g) != 0)
    {
      fprintf (stderr, "rf_record: no chunk matches %s\n", pattern);
      goto done;
    }
  paths = calloc (g.gl_pathc + 1, sizeof *paths);
  for (size_t i = 0; paths && i < g.gl_pathc; i++)
    paths[i] = strdup (g.gl_pathv[i]);
  *n = g.gl_pathc;
  globfree (&g);

done:
  dao_stream_close (s);
  dao_stream_unlink (path);
  dao_semaphores_unlink (path, DAO_MAX_SEMAPHORES);
  return paths;
}

int
rf_make_dir (const char *tag, char *buf, size_t size)
{
  snprintf (buf, size, "/tmp/%s-%d-XXXXXX", tag, (int) getpid ());
  return mkdtemp (buf) ? 0 : -1;
}

void
rf_remove_dir (const char *dir)
{
  DIR *d = opendir (dir);
  struct dirent *e;
  char path[1024];
  while (d && (e = readdir (d)))
    if (strcmp (e->d_name, ".") && strcmp (e->d_name, ".."))
      {
        snprintf (path, sizeof path, "%s/%s", dir, e->d_name);
        unlink (path);
      }
  if (d)
    closedir (d);
  rmdir (dir);
}
