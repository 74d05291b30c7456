/* daorec-recorder.h — the recorder's state, shared by its three parts: the
 * capture thread (daorec-capture.c), the disk thread (daorec-disk.c) and
 * the calls of daorec.h that start, watch and end them
 * (daorec-recorder.c). */
#ifndef DAOREC_RECORDER_H
#define DAOREC_RECORDER_H

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>

#include "daorec-compress.h"
#include "daorec-private.h"
#include "daorec-ring.h"

struct daorec_recorder {
    /* Fixed once started. */
    char dir[PATH_MAX];
    char stem[256];
    daorec_record_options options;
    uint64_t chunk_frames;
    dao_stream *stream;
    int slot;
    bool have_slot; /* else the capture thread polls the counter */
    uint64_t start_counter; /* recording starts with the frame after it */
    bool in_order;          /* a FIFO stream: every frame in order, see daorec-capture.c */
    daorec_stream_layout layout;
    daorec_ring ring;
    int first_part_fd; /* chunk 1's reserved .part file, until the disk thread takes it */

    pthread_t capture_thread;
    pthread_t disk_thread;
    _Atomic bool stop; /* asked by stop(), or by the disk thread when it fails */

    /* Written by the capture thread, read by anyone. */
    _Atomic uint64_t frames;
    _Atomic uint64_t missed;
    _Atomic uint64_t dropped;
    _Atomic uint64_t torn;
    /* Frames published after the last one kept that were not kept (dropped
     * or missed): the recording's tail once the ring is closed. */
    _Atomic uint64_t unkept;
    _Atomic int capture_state; /* a daorec_state */
    daorec_error capture_error; /* read only after the thread ended */

    /* Written by the disk thread. */
    _Atomic uint64_t frames_written;
    _Atomic uint64_t bytes_written;
    _Atomic unsigned chunks;
    _Atomic int disk_failed;
    daorec_error disk_error;

    daorec_compressor compressor; /* running with DAOREC_COMPRESS_RICE */
};

void *daorec__capture_main(void *recorder);
void *daorec__disk_main(void *recorder);

#endif /* DAOREC_RECORDER_H */
