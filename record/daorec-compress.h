/* daorec-compress.h — the compressor thread of a recorder (see
 * daorec-compress.c). */
#ifndef DAOREC_COMPRESS_H
#define DAOREC_COMPRESS_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "daorec-private.h"

typedef struct daorec_compressor {
    char dir[PATH_MAX];
    char stem[256];
    pthread_t thread;
    bool running;
    /* Under lock: the queue of chunk numbers and the figures. */
    pthread_mutex_t lock;
    pthread_cond_t wake;
    unsigned *queue;
    unsigned count, capacity, head;
    bool closing;
    unsigned chunks;
    uint64_t in_bytes, out_bytes;
    int failed;
    daorec_error error; /* the first failure's words; read after finish */
} daorec_compressor;

int daorec__compressor_start(daorec_compressor *c, const char *dir, const char *stem);

/* Chunk `number` is finished: compress it when its turn comes. */
void daorec__compressor_push(daorec_compressor *c, unsigned number);

void daorec__compressor_figures(daorec_compressor *c, unsigned *chunks, uint64_t *in_bytes,
                                uint64_t *out_bytes);

/* Compress what is queued, end the thread; 0 or the code of a failure
 * (words in c->error: the first one). The chunks concerned stay
 * uncompressed, and whole. */
int daorec__compressor_finish(daorec_compressor *c);

#endif /* DAOREC_COMPRESS_H */
