/* daoview-demo-writer.c — an animated speckled PSF written to a real stream.
 *
 * The image is what an AO camera shows on a point source with residual
 * turbulence: a core wandering on a slow Lissajous path (tip-tilt), a ring of
 * speckles whose brightness flickers frame to frame, a sky background and
 * photon-like noise. Everything uses table look-ups so a few hundred frames
 * per second cost a few percent of a core.
 */
#define G_LOG_DOMAIN "daoview-demo-writer"

#include "config.h"

#include "daoview-demo-writer.h"

#include <dao.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define N_SPECKLES 24
#define STAMP 7 /* speckle half-size, pixels */

struct _DaoviewDemoWriter
{
  GObject parent_instance;

  /* Owned */
  char *path;
  dao_stream *stream;
  GThread *thread;
  uint16_t *pixels;
  float radial[64 * 64]; /* PSF by squared radius (r < 64 pixels) */
  float speckle[(2 * STAMP + 1) * (2 * STAMP + 1)];

  gint stop; /* atomic */
};

G_DEFINE_FINAL_TYPE (DaoviewDemoWriter, daoview_demo_writer, G_TYPE_OBJECT)

/* GDK exit()s when the display goes away (an X server killed under us):
 * remove the demo stream then too, not only on a normal quit. */
static char *exit_path;

static void
unlink_at_exit (void)
{
  if (exit_path)
    dao_stream_unlink (exit_path);
}

static uint32_t
xorshift (uint32_t *state)
{
  uint32_t x = *state;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  return *state = x;
}

static void
draw_frame (DaoviewDemoWriter *self, uint64_t n, uint32_t *rng)
{
  const int w = DAOVIEW_DEMO_WIDTH, h = DAOVIEW_DEMO_HEIGHT;
  double t = n / (double) DAOVIEW_DEMO_RATE_HZ;
  double cx = w / 2.0 + 40 * sin (2 * G_PI * 0.23 * t) + 3 * sin (2 * G_PI * 7.1 * t);
  double cy = h / 2.0 + 30 * sin (2 * G_PI * 0.31 * t + 1.0) + 3 * cos (2 * G_PI * 5.3 * t);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int dx = (int) (x - cx), dy = (int) (y - cy);
        unsigned r2 = (unsigned) (dx * dx + dy * dy);
        double core = r2 < G_N_ELEMENTS (self->radial) ? self->radial[r2] : 0;
        self->pixels[y * w + x] = (uint16_t) (200 + 30000 * core + (xorshift (rng) & 63));
      }

  for (int k = 0; k < N_SPECKLES; k++)
    {
      /* Speckles sit on a ring that rotates slowly; each flickers. */
      double angle = 2 * G_PI * k / N_SPECKLES + 0.4 * t;
      double radius = 18 + 10 * sin (k * 1.7 + 0.9 * t);
      int sx = (int) (cx + radius * cos (angle)), sy = (int) (cy + radius * sin (angle));
      double gain = 3000 + (xorshift (rng) % 6000);
      for (int j = -STAMP; j <= STAMP; j++)
        for (int i = -STAMP; i <= STAMP; i++)
          {
            int x = sx + i, y = sy + j;
            if (x < 0 || y < 0 || x >= w || y >= h)
              continue;
            double v = self->pixels[y * w + x]
                       + gain * self->speckle[(j + STAMP) * (2 * STAMP + 1) + i + STAMP];
            self->pixels[y * w + x] = (uint16_t) MIN (v, 65535.0);
          }
    }
}

static gpointer
writer_thread (gpointer data)
{
  DaoviewDemoWriter *self = data;
  uint32_t rng = 0x9e3779b9u;
  struct timespec next;
  const long period_ns = 1000000000L / DAOVIEW_DEMO_RATE_HZ;

  clock_gettime (CLOCK_MONOTONIC, &next);
  for (uint64_t n = 0; !g_atomic_int_get (&self->stop); n++)
    {
      draw_frame (self, n, &rng);
      dao_stream_write (self->stream, self->pixels, dao_stream_frame_size (self->stream));

      /* Absolute deadlines: the rate does not drift with the drawing time. */
      next.tv_nsec += period_ns;
      if (next.tv_nsec >= 1000000000L)
        next.tv_sec++, next.tv_nsec -= 1000000000L;
      while (clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
        ;
    }
  return NULL;
}

void
daoview_demo_writer_stop (DaoviewDemoWriter *self)
{
  g_return_if_fail (DAOVIEW_IS_DEMO_WRITER (self));

  if (self->thread)
    {
      g_atomic_int_set (&self->stop, 1);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  if (self->stream)
    {
      g_clear_pointer (&self->stream, dao_stream_close);
      dao_stream_unlink (self->path);
      if (g_strcmp0 (exit_path, self->path) == 0)
        g_clear_pointer (&exit_path, g_free);
    }
}

static void
daoview_demo_writer_dispose (GObject *object)
{
  DaoviewDemoWriter *self = DAOVIEW_DEMO_WRITER (object);

  daoview_demo_writer_stop (self);

  G_OBJECT_CLASS (daoview_demo_writer_parent_class)->dispose (object);
}

static void
daoview_demo_writer_finalize (GObject *object)
{
  DaoviewDemoWriter *self = DAOVIEW_DEMO_WRITER (object);

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->pixels, g_free);

  G_OBJECT_CLASS (daoview_demo_writer_parent_class)->finalize (object);
}

static void
daoview_demo_writer_class_init (DaoviewDemoWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = daoview_demo_writer_dispose;
  object_class->finalize = daoview_demo_writer_finalize;
}

static void
daoview_demo_writer_init (DaoviewDemoWriter *self)
{
  const double sigma = 2.5, speckle_sigma = 1.6;

  for (unsigned r2 = 0; r2 < G_N_ELEMENTS (self->radial); r2++)
    {
      /* A Gaussian core plus a faint first Airy-like ring. */
      double r = sqrt (r2);
      self->radial[r2] = (float) (exp (-(double) r2 / (2 * sigma * sigma))
                                  + 0.05 * exp (-pow (r - 3.5 * sigma, 2) / 2.0));
    }
  for (int j = -STAMP; j <= STAMP; j++)
    for (int i = -STAMP; i <= STAMP; i++)
      self->speckle[(j + STAMP) * (2 * STAMP + 1) + i + STAMP] =
        (float) exp (-(i * i + j * j) / (2 * speckle_sigma * speckle_sigma));
}

DaoviewDemoWriter *
daoview_demo_writer_new (int *code)
{
  static gint serial;
  const uint32_t shape[2] = { DAOVIEW_DEMO_HEIGHT, DAOVIEW_DEMO_WIDTH };
  DaoviewDemoWriter *self = g_object_new (DAOVIEW_TYPE_DEMO_WRITER, NULL);
  int rc;

  self->path = g_strdup_printf ("/tmp/daoview-demo-%d-%d.im.shm", (int) getpid (),
                                g_atomic_int_add (&serial, 1));
  rc = dao_stream_create (&self->stream, self->path, DAO_UINT16, 2, shape, NULL);
  if (rc < 0)
    {
      if (code)
        *code = rc;
      g_object_unref (self);
      return NULL;
    }
  if (!exit_path)
    {
      static gboolean registered;
      exit_path = g_strdup (self->path);
      if (!registered)
        registered = atexit (unlink_at_exit) == 0;
    }
  self->pixels = g_new0 (uint16_t, DAOVIEW_DEMO_WIDTH * DAOVIEW_DEMO_HEIGHT);
  self->thread = g_thread_new ("daoview-demo", writer_thread, self);
  if (code)
    *code = 0;
  return self;
}

const char *
daoview_demo_writer_get_path (DaoviewDemoWriter *self)
{
  g_return_val_if_fail (DAOVIEW_IS_DEMO_WRITER (self), NULL);
  return self->path;
}
