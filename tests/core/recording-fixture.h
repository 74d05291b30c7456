/* recording-fixture.h — real recordings for daoview's tests, made by the
 * record library (record/daorec.h) from a stream this process writes, so
 * that every frame's content is known from its counter.
 *
 * The stream is RF_NY × RF_NX uint16; the frame with counter c holds
 * rf_value(c, y, x): rf_level(c) in the left half and 255 - rf_level(c)
 * in the right half, rf_level(c) = 37·c mod 256 (no two of 256 consecutive
 * frames alike; with levels 0:255 the grey colormap draws a known colour). */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "daorec.h"

#define RF_NY 24
#define RF_NX 32

typedef struct {
  const char *dir;        /* where the chunks go (must exist) */
  const char *stem;       /* names the stream and so the chunks */
  unsigned frames;        /* frames written */
  unsigned period_us;     /* between writes */
  unsigned chunk_frames;  /* 0: one chunk */
  unsigned fifo_depth;    /* > 1: a FIFO stream, read in order (nothing missed) */
  unsigned ring_frames;   /* 0: the recorder's default */
  int64_t disk_delay_ns;  /* the disk thread's wait per frame (drops, with a small ring) */
  int compress;           /* DAOREC_COMPRESS_RICE: .fits.fz chunks */
} RfOptions;

/* The stream has one keyword, recorded with it. */
#define RF_KEYWORD "EXPTIME"
#define RF_KEYWORD_VALUE 0.25

unsigned rf_level (uint64_t counter);
uint16_t rf_value (uint64_t counter, unsigned y, unsigned x);

/* Write o->frames frames while recording them, stop, finish. Returns the
 * chunk paths (.fits, or .fits.fz when compressed) in order (NULL-terminated; free each and the array) and the
 * count in *n; NULL on failure (a message on stderr). */
char **rf_record (const RfOptions *o, size_t *n);

void rf_free_paths (char **paths);

/* A private directory /tmp/TAG-PID-XXXXXX for a test's recordings (into
 * buf), and its removal with every file in it. 0 / -1. */
int rf_make_dir (const char *tag, char *buf, size_t size);
void rf_remove_dir (const char *dir);
