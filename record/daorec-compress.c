/* daorec-compress.c — the compressor thread: each finished chunk, again as
 * a Rice tile-compressed FITS file (STEM-NNNNNN.fits.fz).
 *
 * It runs behind the disk thread, never in its way: the disk thread only
 * queues the number of a chunk it has finished. If compression cannot keep
 * up, uncompressed chunks wait on disk (they are complete recordings); no
 * frame is lost for it. cfitsio does the compression (fits_img_compress,
 * one frame per tile, so a reader decompresses only the frame it wants)
 * and copies the two tables. The result is written under a .part name,
 * flushed and renamed like a chunk; only then is the uncompressed chunk
 * removed, so at every moment each chunk is in at least one whole file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fitsio.h>

#include "daorec-compress.h"

static int compress_file(daorec_compressor *c, unsigned number, uint64_t *in_bytes,
                         uint64_t *out_bytes, daorec_error *err)
{
    char in_path[PATH_MAX], out_path[PATH_MAX], part_path[PATH_MAX];
    if (daorec__chunk_path(in_path, sizeof in_path, c->dir, c->stem, number, DAOREC_CHUNK_FITS) < 0 ||
        daorec__chunk_path(out_path, sizeof out_path, c->dir, c->stem, number, DAOREC_CHUNK_FZ) < 0 ||
        daorec__chunk_path(part_path, sizeof part_path, c->dir, c->stem, number,
                           DAOREC_CHUNK_FZ_PART) < 0)
        return daorec__fail(err, -ENAMETOOLONG, "%s: the chunk names are too long.", c->dir);

    fitsfile *in = NULL, *out = NULL;
    int status = 0, naxis = 0;
    long naxes[9], tile[9];
    fits_open_diskfile(&in, in_path, READONLY, &status);
    fits_get_img_dim(in, &naxis, &status);
    if (!status && (naxis < 1 || naxis > 9))
        status = BAD_NAXIS;
    fits_get_img_size(in, naxis, naxes, &status);
    for (int i = 0; i < naxis; i++)
        tile[i] = i == naxis - 1 ? 1 : naxes[i]; /* one frame per tile */
    unlink(part_path);
    fits_create_diskfile(&out, part_path, &status);
    fits_create_img(out, BYTE_IMG, 0, NULL, &status);
    fits_set_compression_type(out, RICE_1, &status);
    fits_set_tile_dim(out, naxis, tile, &status);
    fits_img_compress(in, out, &status);
    for (int hdu = 2; hdu <= 3 && !status; hdu++) {
        fits_movabs_hdu(in, hdu, NULL, &status);
        fits_copy_hdu(in, out, 0, &status);
    }
    int close_status = 0;
    if (out)
        fits_close_file(out, &close_status);
    if (in)
        fits_close_file(in, &(int){0});
    if (!status)
        status = close_status;
    if (status) {
        unlink(part_path);
        return daorec__fitsio_fail(err, in_path, "compressing", status);
    }
    int fd = open(part_path, O_RDONLY | O_CLOEXEC);
    int rc = fd < 0 || (fsync(fd) < 0 && errno != EINVAL) ? -errno : 0;
    if (fd >= 0)
        close(fd);
    if (rc == 0 && renameat2(AT_FDCWD, part_path, AT_FDCWD, out_path, RENAME_NOREPLACE) < 0)
        rc = -errno;
    if (rc < 0) {
        unlink(part_path);
        return daorec__fail(err, rc, "%s: cannot complete the compressed copy: %s.", out_path,
                            strerror(-rc));
    }
    struct stat st;
    *in_bytes = stat(in_path, &st) == 0 ? (uint64_t)st.st_size : 0;
    *out_bytes = stat(out_path, &st) == 0 ? (uint64_t)st.st_size : 0;
    unlink(in_path);
    return 0;
}

static void *compressor_main(void *arg)
{
    daorec_compressor *c = arg;
    pthread_mutex_lock(&c->lock);
    for (;;) {
        while (c->head == c->count && !c->closing)
            pthread_cond_wait(&c->wake, &c->lock);
        if (c->head == c->count)
            break;
        unsigned number = c->queue[c->head++];
        pthread_mutex_unlock(&c->lock);
        uint64_t in = 0, out = 0;
        daorec_error err;
        int rc = compress_file(c, number, &in, &out, &err);
        pthread_mutex_lock(&c->lock);
        if (rc < 0) {
            if (!c->failed)
                c->error = err;
            c->failed = rc;
        } else {
            c->chunks++;
            c->in_bytes += in;
            c->out_bytes += out;
        }
    }
    pthread_mutex_unlock(&c->lock);
    return NULL;
}

int daorec__compressor_start(daorec_compressor *c, const char *dir, const char *stem)
{
    memset(c, 0, sizeof *c);
    snprintf(c->dir, sizeof c->dir, "%s", dir);
    snprintf(c->stem, sizeof c->stem, "%s", stem);
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->wake, NULL);
    int rc = -pthread_create(&c->thread, NULL, compressor_main, c);
    if (rc < 0) {
        pthread_cond_destroy(&c->wake);
        pthread_mutex_destroy(&c->lock);
        return rc;
    }
    c->running = true;
    return 0;
}

void daorec__compressor_push(daorec_compressor *c, unsigned number)
{
    pthread_mutex_lock(&c->lock);
    if (c->count == c->capacity) {
        unsigned cap = c->capacity ? 2 * c->capacity : 16;
        unsigned *grown = realloc(c->queue, cap * sizeof *grown);
        if (!grown) { /* the chunk stays uncompressed: still a whole recording */
            pthread_mutex_unlock(&c->lock);
            return;
        }
        c->queue = grown;
        c->capacity = cap;
    }
    c->queue[c->count++] = number;
    pthread_cond_signal(&c->wake);
    pthread_mutex_unlock(&c->lock);
}

void daorec__compressor_figures(daorec_compressor *c, unsigned *chunks, uint64_t *in_bytes,
                                uint64_t *out_bytes)
{
    /* Once finished (or never started) only this thread looks at them. */
    bool locked = c->running;
    if (locked)
        pthread_mutex_lock(&c->lock);
    *chunks = c->chunks;
    *in_bytes = c->in_bytes;
    *out_bytes = c->out_bytes;
    if (locked)
        pthread_mutex_unlock(&c->lock);
}

int daorec__compressor_finish(daorec_compressor *c)
{
    if (!c->running)
        return 0;
    pthread_mutex_lock(&c->lock);
    c->closing = true;
    pthread_cond_signal(&c->wake);
    pthread_mutex_unlock(&c->lock);
    pthread_join(c->thread, NULL);
    c->running = false;
    pthread_cond_destroy(&c->wake);
    pthread_mutex_destroy(&c->lock);
    free(c->queue);
    c->queue = NULL;
    return c->failed;
}
