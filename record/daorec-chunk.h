/* daorec-chunk.h — one chunk file being written: a hidden .part file that
 * becomes STEM-NNNNNN.fits only once it is whole. */
#ifndef DAOREC_CHUNK_H
#define DAOREC_CHUNK_H

#include <limits.h>
#include <stdint.h>
#include <sys/uio.h>

#include "daorec-private.h"

typedef struct daorec_chunk {
    int fd;
    char dir[PATH_MAX];
    char part_path[PATH_MAX];
    char final_path[PATH_MAX];
    daorec_chunk_desc desc;
    dao_keyword *keywords; /* owned copy behind desc.keywords */
    size_t header_size;
    size_t frame_size;
    uint64_t data_bytes; /* frame data written so far */
    uint64_t synced;     /* data bytes whose writeback has been started */
    daorec_frame_info *info;
    uint64_t info_capacity;
} daorec_chunk;

/* Create chunk `number`'s .part file (O_EXCL), refusing with -EEXIST when
 * it or the finished chunk of that name (compressed or not) already
 * exists. *fd is its open descriptor. */
int daorec__chunk_reserve(const char *dir, const char *stem, unsigned number, int *fd,
                          daorec_error *err);

/* Give back a name reserve() took and no frame came for: close fd and
 * remove the .part file. */
void daorec__chunk_unreserve(int fd, const char *dir, const char *stem, unsigned number);

/* Start writing into a reserved .part file (fd, taken over even on
 * failure): d describes the stream, its number and its first frame (frames
 * 0); its keywords are copied. Writes the provisional header. */
int daorec__chunk_begin(daorec_chunk *c, int fd, const char *dir, const char *stem,
                        const daorec_chunk_desc *d, daorec_error *err);

/* Append n frames, already in FITS order (daorec__to_fits_order()), with
 * their table rows. The iovec array is used up (changed) on the way. */
int daorec__chunk_append(daorec_chunk *c, struct iovec *frames,
                         const daorec_frame_info *const *info, unsigned n, daorec_error *err);

uint64_t daorec__chunk_frames(const daorec_chunk *c);

/* Complete the file with the frames fully written (a partial last one is
 * cut), its tables and final header, flush it to the disk and rename it to
 * its final name. A chunk without frames is discarded instead. The chunk
 * is closed in every case; on failure its .part file is removed. */
int daorec__chunk_finish(daorec_chunk *c, uint64_t tail, daorec_error *err);

/* Close and remove the .part file. */
void daorec__chunk_discard(daorec_chunk *c);

#endif /* DAOREC_CHUNK_H */
