/* daorec-chunk.c — see daorec-chunk.h.
 *
 * The file grows as: a provisional primary header (the frame count 0),
 * frame data appended with writev(); at the end the data area is padded to
 * a FITS block, the two tables follow, and the header is rewritten in place
 * with the final counts (it keeps its size: daorec__fits_primary_header()).
 * Only then is the file flushed and renamed, so a finished name always
 * holds a whole file. A killed recorder leaves the hidden .part file, whose
 * header still says 0 frames: not a recording, and not named like one. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daorec-chunk.h"

/* Start writeback every so often rather than leave a whole chunk of dirty
 * pages for the final fdatasync() (which would then stall the disk thread
 * for seconds while the ring fills). */
#define WRITEBACK_STEP (16u << 20)

static int fail_errno(daorec_error *err, int code, const char *path, const char *what)
{
    return daorec__fail(err, code, "%s: %s: %s.", path, what, strerror(-code));
}

int daorec__chunk_reserve(const char *dir, const char *stem, unsigned number, int *fd,
                          daorec_error *err)
{
    *fd = -1;
    char final_path[PATH_MAX], part_path[PATH_MAX], compressed[PATH_MAX];
    if (daorec__chunk_path(final_path, sizeof final_path, dir, stem, number, DAOREC_CHUNK_FITS) < 0 ||
        daorec__chunk_path(compressed, sizeof compressed, dir, stem, number, DAOREC_CHUNK_FZ) < 0 ||
        daorec__chunk_path(part_path, sizeof part_path, dir, stem, number, DAOREC_CHUNK_PART) < 0)
        return daorec__fail(err, -ENAMETOOLONG, "%s: the chunk names are too long.", dir);
    const char *taken = access(final_path, F_OK) == 0 ? final_path
                      : access(compressed, F_OK) == 0 ? compressed
                                                       : NULL;
    if (taken)
        return daorec__fail(err, -EEXIST, "%s already exists: record into another directory.",
                            taken);
    /* 0666 and the umask, as any other file the user writes. */
    int d = open(part_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (d < 0) {
        int code = -errno;
        if (code == -EEXIST)
            return daorec__fail(err, code,
                                "%s exists: another recorder is writing it, or one was killed "
                                "(then delete it).",
                                part_path);
        return fail_errno(err, code, part_path, "cannot create");
    }
    *fd = d;
    return 0;
}

static int pwrite_all(int fd, const void *buf, size_t len, off_t offset)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = pwrite(fd, p, len, offset);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        p += n;
        len -= (size_t)n;
        offset += n;
    }
    return 0;
}

int daorec__chunk_begin(daorec_chunk *c, int fd, const char *dir, const char *stem,
                        const daorec_chunk_desc *d, daorec_error *err)
{
    memset(c, 0, sizeof *c);
    c->fd = fd;
    snprintf(c->dir, sizeof c->dir, "%s", dir);
    daorec__chunk_path(c->part_path, sizeof c->part_path, dir, stem, d->chunk,
                       DAOREC_CHUNK_PART);
    daorec__chunk_path(c->final_path, sizeof c->final_path, dir, stem, d->chunk,
                       DAOREC_CHUNK_FITS);
    c->desc = *d;
    c->desc.frames = 0;
    c->desc.last = d->first;
    c->frame_size = dao_type_size(d->type);
    for (unsigned i = 0; i < d->naxis; i++)
        c->frame_size *= d->shape[i];
    if (d->n_keywords) {
        c->keywords = malloc(d->n_keywords * sizeof *c->keywords);
        if (!c->keywords) {
            daorec__chunk_discard(c);
            return daorec__fail(err, -ENOMEM, "Not enough memory for the keywords.");
        }
        memcpy(c->keywords, d->keywords, d->n_keywords * sizeof *c->keywords);
    }
    c->desc.keywords = c->keywords;

    char *header;
    int rc = daorec__fits_primary_header(&c->desc, &header, &c->header_size, err);
    if (rc == 0) {
        rc = pwrite_all(fd, header, c->header_size, 0);
        if (rc < 0)
            fail_errno(err, rc, c->part_path, "cannot write");
        free(header);
    }
    if (rc < 0)
        daorec__chunk_discard(c);
    return rc;
}

static int note_info(daorec_chunk *c, const daorec_frame_info *const *info, unsigned n)
{
    uint64_t have = c->data_bytes / c->frame_size;
    if (have + n > c->info_capacity) {
        uint64_t cap = c->info_capacity ? c->info_capacity * 2 : 1024;
        while (cap < have + n)
            cap *= 2;
        daorec_frame_info *grown = realloc(c->info, cap * sizeof *grown);
        if (!grown)
            return -ENOMEM;
        c->info = grown;
        c->info_capacity = cap;
    }
    for (unsigned i = 0; i < n; i++)
        c->info[have + i] = *info[i];
    return 0;
}

int daorec__chunk_append(daorec_chunk *c, struct iovec *frames,
                         const daorec_frame_info *const *info, unsigned n, daorec_error *err)
{
    if (note_info(c, info, n) < 0)
        return daorec__fail(err, -ENOMEM, "Not enough memory for the frame table.");
    struct iovec *next = frames;
    unsigned left = n;
    off_t offset = (off_t)(c->header_size + c->data_bytes);
    while (left > 0) {
        ssize_t done = pwritev(c->fd, next, (int)(left < IOV_MAX ? left : IOV_MAX), offset);
        if (done < 0) {
            if (errno == EINTR)
                continue;
            return fail_errno(err, -errno, c->part_path, "cannot write");
        }
        offset += done;
        c->data_bytes += (uint64_t)done;
        while (left > 0 && (size_t)done >= next->iov_len) {
            done -= (ssize_t)next->iov_len;
            next++;
            left--;
        }
        if (left > 0) {
            next->iov_base = (char *)next->iov_base + done;
            next->iov_len -= (size_t)done;
        }
    }
    if (c->data_bytes - c->synced >= WRITEBACK_STEP) {
        sync_file_range(c->fd, (off_t)(c->header_size + c->synced),
                        (off_t)(c->data_bytes - c->synced), SYNC_FILE_RANGE_WRITE);
        c->synced = c->data_bytes;
    }
    return 0;
}

uint64_t daorec__chunk_frames(const daorec_chunk *c)
{
    return c->data_bytes / c->frame_size;
}

static int sync_directory(const char *dir)
{
    int d = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (d < 0)
        return -errno;
    int rc = fsync(d) < 0 && errno != EINVAL ? -errno : 0;
    close(d);
    return rc;
}

static int complete_file(daorec_chunk *c, uint64_t tail, daorec_error *err)
{
    uint64_t n = daorec__chunk_frames(c);
    uint64_t data_end = c->header_size + n * c->frame_size;
    uint64_t padded = (data_end + DAOREC_FITS_BLOCK - 1) / DAOREC_FITS_BLOCK * DAOREC_FITS_BLOCK;
    /* Cut a partly written frame, then zero-pad the data area. */
    if (ftruncate(c->fd, (off_t)data_end) < 0 || ftruncate(c->fd, (off_t)padded) < 0)
        return fail_errno(err, -errno, c->part_path, "cannot complete");

    void *tables;
    size_t tables_size;
    int rc = daorec__fits_tables(c->info, n, c->keywords, c->desc.n_keywords, &tables, &tables_size,
                                 err);
    if (rc < 0)
        return rc;
    rc = pwrite_all(c->fd, tables, tables_size, (off_t)padded);
    free(tables);
    if (rc < 0)
        return fail_errno(err, rc, c->part_path, "cannot write");

    c->desc.frames = n;
    c->desc.last = c->info[n - 1];
    c->desc.lost = c->desc.dropped = 0;
    for (uint64_t i = 0; i < n; i++) {
        c->desc.lost += c->info[i].lost;
        c->desc.dropped += c->info[i].dropped;
    }
    c->desc.tail = tail;
    char *header;
    size_t header_size;
    rc = daorec__fits_primary_header(&c->desc, &header, &header_size, err);
    if (rc < 0)
        return rc;
    if (header_size != c->header_size)
        rc = daorec__fail(err, -EIO, "%s: the final header (%zu bytes) does not fit the first (%zu).",
                          c->part_path, header_size, c->header_size);
    else if ((rc = pwrite_all(c->fd, header, header_size, 0)) < 0)
        fail_errno(err, rc, c->part_path, "cannot write");
    free(header);
    if (rc < 0)
        return rc;
    if (fdatasync(c->fd) < 0 && errno != EINVAL)
        return fail_errno(err, -errno, c->part_path, "cannot flush");
    return 0;
}

int daorec__chunk_finish(daorec_chunk *c, uint64_t tail, daorec_error *err)
{
    if (daorec__chunk_frames(c) == 0) {
        daorec__chunk_discard(c);
        return 0;
    }
    int rc = complete_file(c, tail, err);
    if (close(c->fd) < 0 && rc == 0)
        rc = fail_errno(err, -errno, c->part_path, "cannot close");
    c->fd = -1;
    /* RENAME_NOREPLACE: never put a chunk over a file that appeared
     * meanwhile (another recorder, a user's copy). */
    if (rc == 0 && renameat2(AT_FDCWD, c->part_path, AT_FDCWD, c->final_path, RENAME_NOREPLACE) < 0)
        rc = daorec__fail(err, -errno, "Cannot rename %s to %s: %s.", c->part_path, c->final_path,
                          strerror(errno));
    if (rc == 0)
        sync_directory(c->dir);
    daorec__chunk_discard(c);
    return rc;
}

void daorec__chunk_unreserve(int fd, const char *dir, const char *stem, unsigned number)
{
    daorec_chunk unused = {.fd = fd};
    daorec__chunk_path(unused.part_path, sizeof unused.part_path, dir, stem, number,
                       DAOREC_CHUNK_PART);
    daorec__chunk_discard(&unused);
}

void daorec__chunk_discard(daorec_chunk *c)
{
    if (c->fd >= 0) {
        close(c->fd);
        c->fd = -1;
    }
    /* After a successful rename the .part name is gone: ENOENT is expected. */
    if (c->part_path[0])
        unlink(c->part_path);
    c->part_path[0] = '\0';
    free(c->keywords);
    free(c->info);
    c->keywords = NULL;
    c->info = NULL;
}
