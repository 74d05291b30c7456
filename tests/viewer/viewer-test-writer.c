/* viewer-test-writer.c — a real writer process for daoview's tests and benchmark.
 *
 *   viewer-test-writer PATH TYPE NY NX PATTERN RATE_HZ [SEMAPHORES]
 *
 * NY may be NZxNY for a 3-D stream (nz, ny, nx), and 0 for a 1-D stream of
 * NX elements. *
 * Creates the stream (TYPE as numpy names it: uint16, float32, complex64 …),
 * prints "ready" once it exists, then writes PATTERN at RATE_HZ until
 * SIGTERM/SIGINT, when it prints its loop statistics and exits 0 (SIGUSR1
 * restarts the statistics, so a benchmark can leave out a reader's start-up).
 * It does not remove the stream: the test that named it does.
 * VT_WRITER_FIFO_DEPTH=N in the environment makes a FIFO stream of depth N.
 *
 * Patterns (element (y, x), C order):
 *   quadrants  0 top-left, 40 top-right, 80 bottom-left, 120 bottom-right
 *              (values every element type holds, int8 included)
 *   ramp       x + y·NX (a 1-D stream is a straight line)
 *   slices     40·k in every element of slice k (3-D streams)
 *   phase      complex types: (1 + q)·exp(iφ) in quadrant q (numbered as
 *              above) with φ = 0, π/2, -π/2, 3π/4
 *   rolling    3-D: frame n (from 1) fills slice (n - 1) mod NZ with n mod 1000,
 *              the other slices keep what they had (a rolling telemetry buffer)
 *   counter    the frame number, in the first row (the rest stays 0: filling
 *              a 2048² frame per write would cost more than the write)
 *   spot       a Gaussian spot of FWHM 4 px and peak 1000 at (0.4 NX + 0.3,
 *              0.6 NY - 0.2) on a background of 100 (rounded for integer
 *              types): known centroid and FWHM for the spot measurements
 *   sine       100 + 50 sin(2π f n / RATE_HZ) for frame n, in the first row:
 *              a sinusoid of f Hz (VT_WRITER_SINE_HZ, default 7) in time
 * Complex types get the value as real part and 0 as imaginary part.
 */
#include <dao.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static volatile sig_atomic_t stop, reset;
static double sine_hz = 7, sine_rate = 1;

static void
on_signal (int sig)
{
  if (sig == SIGUSR1)
    reset = 1;
  else
    stop = 1;
}

static double
pattern_value (const char *pattern, uint32_t y, uint32_t x, uint32_t ny, uint32_t nx, uint64_t n)
{
  if (strcmp (pattern, "quadrants") == 0)
    return 40.0 * ((y >= ny / 2) * 2 + (x >= nx / 2));
  if (strcmp (pattern, "ramp") == 0)
    return (double) x + (double) y * nx;
  if (strcmp (pattern, "spot") == 0)
    {
      double sigma = 4 / 2.3548200450309493, dx = x - (0.4 * nx + 0.3), dy = y - (0.6 * ny - 0.2);
      double v = 100 + 1000 * exp (-(dx * dx + dy * dy) / (2 * sigma * sigma));
      return round (v);
    }
  if (strcmp (pattern, "sine") == 0)
    return 100 + 50 * sin (2 * M_PI * sine_hz * (double) n / sine_rate);
  return (double) (n % 1000);
}

static const double phases[4] = { 0, M_PI / 2, -M_PI / 2, 3 * M_PI / 4 };

static void
store (dao_type type, void *data, size_t i, double v)
{
  switch (type)
    {
    case DAO_UINT8: ((uint8_t *) data)[i] = (uint8_t) v; break;
    case DAO_INT8: ((int8_t *) data)[i] = (int8_t) v; break;
    case DAO_UINT16: ((uint16_t *) data)[i] = (uint16_t) v; break;
    case DAO_INT16: ((int16_t *) data)[i] = (int16_t) v; break;
    case DAO_UINT32: ((uint32_t *) data)[i] = (uint32_t) v; break;
    case DAO_INT32: ((int32_t *) data)[i] = (int32_t) v; break;
    case DAO_UINT64: ((uint64_t *) data)[i] = (uint64_t) v; break;
    case DAO_INT64: ((int64_t *) data)[i] = (int64_t) v; break;
    case DAO_FLOAT: ((float *) data)[i] = (float) v; break;
    case DAO_DOUBLE: ((double *) data)[i] = v; break;
    case DAO_COMPLEX_FLOAT:
      ((float *) data)[2 * i] = (float) v;
      ((float *) data)[2 * i + 1] = 0;
      break;
    case DAO_COMPLEX_DOUBLE:
      ((double *) data)[2 * i] = v;
      ((double *) data)[2 * i + 1] = 0;
      break;
    }
}

static void
store_complex (dao_type type, void *data, size_t i, double re, double im)
{
  if (type == DAO_COMPLEX_FLOAT)
    ((float *) data)[2 * i] = (float) re, ((float *) data)[2 * i + 1] = (float) im;
  else if (type == DAO_COMPLEX_DOUBLE)
    ((double *) data)[2 * i] = re, ((double *) data)[2 * i + 1] = im;
}

static void
fill (dao_type type, void *data, const char *pattern, uint32_t nz, uint32_t ny, uint32_t nx,
      uint64_t n)
{
  for (uint32_t k = 0; k < nz; k++)
    for (uint32_t y = 0; y < ny; y++)
      for (uint32_t x = 0; x < nx; x++)
        {
          size_t i = ((size_t) k * ny + y) * nx + x;
          int q = (y >= ny / 2) * 2 + (x >= nx / 2);
          if (strcmp (pattern, "slices") == 0)
            store (type, data, i, 40.0 * k);
          else if (strcmp (pattern, "phase") == 0)
            store_complex (type, data, i, (1 + q) * cos (phases[q]), (1 + q) * sin (phases[q]));
          else
            store (type, data, i, pattern_value (pattern, y, x, ny, nx, n));
        }
}

static int64_t
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int
main (int argc, char **argv)
{
  if (argc < 7)
    {
      fprintf (stderr, "usage: %s PATH TYPE NY NX PATTERN RATE_HZ [SEMAPHORES]\n", argv[0]);
      return 2;
    }
  const char *path = argv[1];
  int type = dao_type_from_name (argv[2]);
  char *end;
  uint32_t nz = 0, ny = (uint32_t) strtoul (argv[3], &end, 10);
  if (*end == 'x')
    nz = ny, ny = (uint32_t) strtoul (end + 1, NULL, 10);
  uint32_t nx = (uint32_t) strtoul (argv[4], NULL, 10);
  const char *pattern = argv[5];
  double rate = strtod (argv[6], NULL);
  dao_create_options options = DAO_CREATE_OPTIONS_INIT;
  options.keywords = 4;
  if (argc > 7)
    options.semaphores = (unsigned) strtoul (argv[7], NULL, 10);
  /* FIFO depth from the environment, so the benchmark can compare depth 1
   * (readers race every write) with a deeper stream. */
  const char *depth = getenv ("VT_WRITER_FIFO_DEPTH");
  if (depth)
    options.fifo_depth = (unsigned) strtoul (depth, NULL, 10);

  if (type < 0 || nx == 0 || rate <= 0)
    {
      fprintf (stderr, "viewer-test-writer: bad arguments\n");
      return 2;
    }

  /* NY = 0 makes a 1-D stream of NX elements. */
  uint32_t shape[3] = { nz, ny, nx };
  unsigned naxis = nz ? 3 : ny ? 2 : 1;
  dao_stream *s;
  int rc = dao_stream_create (&s, path, (dao_type) type, naxis, shape + (3 - naxis), &options);
  if (rc < 0)
    {
      fprintf (stderr, "viewer-test-writer: %s: %s\n", path, dao_strerror (rc));
      return 1;
    }
  /* Header values for the capture tests: a short FITS-able name and a long
   * one that needs the HIERARCH convention. */
  dao_stream_keyword_set_int (s, "GAIN", 2, "camera gain");
  dao_stream_keyword_set_double (s, "LOOP.GAIN", 0.4, "integrator gain");

  if (!ny)
    ny = 1;
  if (!nz)
    nz = 1;

  struct sigaction sa = { 0 };
  sa.sa_handler = on_signal;
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGUSR1, &sa, NULL);

  size_t size = dao_stream_frame_size (s);
  void *frame = calloc (1, size);
  int dynamic = strcmp (pattern, "counter") == 0 || strcmp (pattern, "sine") == 0;
  sine_rate = rate;
  if (getenv ("VT_WRITER_SINE_HZ"))
    sine_hz = strtod (getenv ("VT_WRITER_SINE_HZ"), NULL);
  int rolling = strcmp (pattern, "rolling") == 0;
  if (!dynamic && !rolling)
    fill ((dao_type) type, frame, pattern, nz, ny, nx, 0);

  printf ("ready\n");
  fflush (stdout);

  const int64_t period = (int64_t) (1e9 / rate);
  int64_t start = now_ns (), next = start, previous = start;
  int64_t max_period = 0, write_total = 0;
  uint64_t n = 0;

  while (!stop)
    {
      if (reset)
        {
          reset = 0;
          n = 0;
          max_period = write_total = 0;
          start = previous = next = now_ns ();
        }
      if (dynamic)
        fill ((dao_type) type, frame, pattern, 1, 1, nx, n + 1);
      if (rolling)
        {
          size_t plane = (size_t) ny * nx, k = n % nz;
          for (size_t i = 0; i < plane; i++)
            store ((dao_type) type, frame, k * plane + i, (double) ((n + 1) % 1000));
        }
      int64_t before = now_ns ();
      dao_stream_write (s, frame, size);
      int64_t after = now_ns ();
      write_total += after - before;
      if (n > 0 && before - previous > max_period)
        max_period = before - previous;
      previous = before;
      n++;

      /* Absolute deadlines: the loop period is the rate's unless a write or
       * a preemption takes longer than a period. */
      next += period;
      struct timespec ts = { next / 1000000000, next % 1000000000 };
      while (!stop && clock_nanosleep (CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
    }

  double elapsed = (previous - start) / 1e3;
  printf ("frames %llu period-mean-us %.3f period-max-us %.1f write-mean-us %.3f\n",
          (unsigned long long) n, n > 1 ? elapsed / (n - 1) : 0.0, max_period / 1e3,
          n ? write_total / 1e3 / n : 0.0);
  fflush (stdout);
  free (frame);
  dao_stream_close (s);
  return 0;
}
