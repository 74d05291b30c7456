/* daorec-ring.h — the bounded RAM ring between the capture thread and the
 * disk thread: one producer, one consumer, no lock, and a producer that
 * never waits (a full ring makes reserve() fail, and the caller counts the
 * frame as dropped). */
#ifndef DAOREC_RING_H
#define DAOREC_RING_H

#include <semaphore.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "daorec.h"

typedef struct daorec_ring {
    size_t frame_size;
    size_t stride;      /* frame_size rounded up to a cache line */
    unsigned capacity;  /* frames */
    unsigned char *frames;
    daorec_frame_info *info;
    /* head: entries published so far (written by the producer only);
     * tail: entries released by the consumer (written by it only). Both only
     * grow; an entry's slot is its number modulo capacity. */
    _Atomic uint64_t head;
    _Atomic uint64_t tail;
    _Atomic bool closed;
    _Atomic unsigned peak;
    /* A wake-up for the consumer, posted after every publish and at close;
     * its value means nothing (the consumer drains it). */
    sem_t wake;
    /* And one for a producer that chose to wait for room (in-order
     * capture of a FIFO stream, whose frames wait in the stream): posted
     * after a release while space_wanted is set. */
    sem_t space;
    _Atomic bool space_wanted;
} daorec_ring;

/* The frames are allocated and touched here, once, so that the capture
 * thread never takes a page fault on the ring. Returns 0 or -ENOMEM. */
int daorec__ring_init(daorec_ring *r, size_t frame_size, unsigned capacity);
void daorec__ring_destroy(daorec_ring *r);

/* Producer: the slot the next frame goes to, or NULL when the ring is full
 * (at once, never waiting). publish() makes it visible with its info. */
void *daorec__ring_reserve(daorec_ring *r);
void daorec__ring_publish(daorec_ring *r, const daorec_frame_info *info);
/* No more frames will come. */
void daorec__ring_close(daorec_ring *r);
/* For a producer that may wait: until there is room or timeout_ns passed.
 * true when there is room. */
bool daorec__ring_wait_space(daorec_ring *r, int64_t timeout_ns);

/* Consumer: wait up to timeout_ns for entries; returns how many are ready
 * (0 on timeout, or when closed and empty: see daorec__ring_finished()). */
unsigned daorec__ring_wait(daorec_ring *r, int64_t timeout_ns);
/* Entry i (0 … ready-1) counted from the oldest unreleased one. */
void *daorec__ring_entry(daorec_ring *r, unsigned i, daorec_frame_info **info);
void daorec__ring_release(daorec_ring *r, unsigned n);
bool daorec__ring_finished(daorec_ring *r);

unsigned daorec__ring_used(const daorec_ring *r);

#endif /* DAOREC_RING_H */
