/* dao-create.c — making a new stream, and removing one.
 *
 * A stream is built complete in a hidden file beside its path and renamed
 * over it. Truncating an existing stream in place (what older DAO writers
 * do) pulls the pages from under every reader still mapping it; after a
 * rename those readers keep the old, intact mapping and can see that the
 * path now names another file (DAO_E_REPLACED).
 *
 * A path that is a symbolic link is followed: the stream the link names is
 * replaced and the link kept, as a writer truncating in place would do, and
 * the semaphores are named after that real file (see dao-sem.c).
 *
 * The new file keeps the permission bits of the stream it replaces (a 0600
 * stream stays 0600, whatever the umask of the process re-creating it);
 * a new path gets 0666 minus the umask, and options->mode overrides both.
 * Its semaphores get exactly the file's bits.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dao-private.h"

static int check_geometry(dao_type type, unsigned naxis, const uint32_t *extents,
                          const dao_create_options *o, uint64_t *file_size)
{
    if (dao_type_size(type) == 0)
        return DAO_E_BAD_TYPE;
    if (naxis < 1 || naxis > DAO_MAX_AXES || !extents)
        return DAO_E_BAD_NAXIS;
    if (o->semaphores > DAO_MAX_SEMAPHORES)
        return DAO_E_BAD_SEMAPHORES;
    if (o->keywords > UINT16_MAX)
        return DAO_E_BAD_KEYWORDS;
    uint64_t count = 1, frame, data, size;
    for (unsigned i = 0; i < naxis; i++) {
        if (extents[i] == 0 || __builtin_mul_overflow(count, extents[i], &count))
            return DAO_E_BAD_SHAPE;
    }
    if (__builtin_mul_overflow(count, dao_type_size(type), &frame) ||
        __builtin_mul_overflow(frame, o->fifo_depth, &data) ||
        __builtin_add_overflow(data, (uint64_t)o->fifo_depth * DAO__MD_SIZE, &size) ||
        __builtin_add_overflow(size, (uint64_t)o->keywords * DAO__KEYWORD_SIZE, &size) ||
        size > (uint64_t)INT64_MAX)
        return DAO_E_BAD_SHAPE;
    *file_size = size;
    return 0;
}

/* Opens a new, empty file in the directory of `path`, named after it but
 * hidden and never matching *.im.shm: ".<name>.<8 hex digits>.new", with
 * the name cut short where the whole would pass NAME_MAX (a stream's own
 * name may use all 255 bytes). Mode 0666 minus the umask. */
#define TEMP_DECORATION_BYTES (1 + 1 + 8 + 4) /* ".", ".", hex digits, ".new" */

static int create_temp_beside(const char *path, char **temp_path)
{
    const char *slash = strrchr(path, '/');
    int dir_len = slash ? (int)(slash - path + 1) : 0;
    const char *base = slash ? slash + 1 : path;
    int base_len = (int)strlen(base);
    if (base_len > NAME_MAX - TEMP_DECORATION_BYTES)
        base_len = NAME_MAX - TEMP_DECORATION_BYTES;
    size_t cap = strlen(path) + 32;
    char *temp = malloc(cap);
    if (!temp)
        return -ENOMEM;
    unsigned seed = (unsigned)getpid() ^ (unsigned)dao__now_monotonic_ns();
    for (int attempt = 0; attempt < 100; attempt++) {
        snprintf(temp, cap, "%.*s.%.*s.%08x.new", dir_len, path, base_len, base,
                 seed + (unsigned)attempt * 2654435761u);
        int fd = open(temp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            *temp_path = temp;
            return fd;
        }
        if (errno != EEXIST) {
            int rc = -errno;
            free(temp);
            return rc;
        }
    }
    free(temp);
    return -EEXIST;
}

static void fill_header(dao__md *md, unsigned segment, const char *path, dao_type type,
                        unsigned naxis, const uint32_t *extents, const dao_create_options *o)
{
    /* The file is fresh from ftruncate, so every padding byte is already 0. */
    snprintf(md->name, sizeof(md->name), "%s", path); /* at most 79 bytes and a NUL */
    md->naxis = (uint8_t)naxis;
    uint64_t count = 1;
    for (unsigned i = 0; i < naxis; i++) {
        md->size[i] = extents[i];
        count *= extents[i];
    }
    md->nelement = count;
    md->atype = (uint8_t)type;
    int64_t now = dao__now_realtime_ns();
    md->creation_time = (double)now / 1e9;
    md->last_access = md->creation_time;
    md->atime_ns = now;
    md->shared = 1;
    md->nbkw = (uint16_t)o->keywords;
    if (segment == 0) {
        md->sem = (uint16_t)o->semaphores;
        md->fifo_size = o->fifo_depth;
        md->fifo_last_written = 0;
    }
}

int dao_stream_create(dao_stream **out, const char *path, dao_type type, unsigned naxis,
                      const uint32_t *extents, const dao_create_options *options)
{
    if (!out)
        return -EINVAL;
    *out = NULL;
    int rc = dao__check_path(path);
    if (rc < 0)
        return rc;

    dao_create_options o = DAO_CREATE_OPTIONS_INIT;
    if (options) {
        if (options->version != DAO_CREATE_OPTIONS_VERSION)
            return -EINVAL;
        o = *options;
    }
    if (o.mode & ~0777u)
        return -EINVAL; /* permission bits only: no set-id, no sticky bit */
    if (o.semaphores == 0)
        o.semaphores = DAO_DEFAULT_SEMAPHORES;
    if (o.fifo_depth == 0)
        o.fifo_depth = 1;
    uint64_t file_size;
    rc = check_geometry(type, naxis, extents, &o, &file_size);
    if (rc < 0)
        return rc;
    char *real = dao__real_path(path);
    if (!real)
        return -ENOMEM;
    /* Every semaphore name must fit before anything is created. */
    char name[256];
    rc = dao_semaphore_name(name, sizeof(name), real, DAO_SEMLOG);
    if (rc < 0) {
        free(real);
        return rc;
    }

    char *temp = NULL;
    int fd = create_temp_beside(real, &temp);
    if (fd < 0) {
        free(real);
        return fd;
    }
    dao_stream *s = NULL;
    /* The mode: asked for, else the replaced stream's, else what the umask
     * left of 0666 on the file just made. fchmod, so no umask cuts it. */
    struct stat st;
    unsigned mode = o.mode;
    if (mode == 0 && stat(real, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid())
        mode = st.st_mode & 0777u;
    if (mode == 0 && fstat(fd, &st) == 0)
        mode = st.st_mode & 0777u;
    if (fchmod(fd, (mode_t)mode) < 0) {
        rc = -errno;
        goto fail;
    }
    if (ftruncate(fd, (off_t)file_size) < 0) {
        rc = -errno;
        goto fail;
    }
    /* Header first, written through a small mapping, so that mapping the
     * whole file validates it like any other. */
    void *head = mmap(NULL, (size_t)o.fifo_depth * DAO__MD_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (head == MAP_FAILED) {
        rc = -errno;
        goto fail;
    }
    for (unsigned i = 0; i < o.fifo_depth; i++)
        fill_header((dao__md *)head + i, i, path, type, naxis, extents, &o);
    munmap(head, (size_t)o.fifo_depth * DAO__MD_SIZE);

    rc = dao__map_file(&s, path, real, fd, false);
    if (rc < 0)
        goto fail;
    for (unsigned k = 0; k < s->nkeywords; k++)
        s->keywords[k * DAO__KEYWORD_SIZE + offsetof(dao__keyword, type)] = DAO_KEYWORD_UNUSED;
    /* Take the writer role on the new file before anyone can see it. */
    rc = dao__lock_writer(s);
    if (rc < 0)
        goto fail_mapped;
    /* Reset before the rename: once the new file is visible, its first write
     * must be the first post any reader sees. */
    rc = dao__sem_prepare_all(s, mode);
    if (rc < 0)
        goto fail_mapped;
    if (rename(temp, real) < 0) {
        rc = -errno;
        goto fail_mapped;
    }
    free(temp);
    free(real);
    *out = s;
    return 0;

fail_mapped:
    dao_stream_close(s); /* closes fd too */
    fd = -1;
fail:
    if (fd >= 0)
        close(fd);
    unlink(temp);
    free(temp);
    free(real);
    return rc;
}

int dao_stream_unlink(const char *path)
{
    int rc = dao__check_path(path);
    if (rc < 0)
        return rc;
    /* Find how many semaphores it has; a file that is not a valid stream
     * still gets the default set removed. */
    unsigned nsem = DAO_DEFAULT_SEMAPHORES;
    dao_stream *s;
    if (dao_stream_open(&s, path, DAO_OPEN_READ_ONLY) == 0) {
        nsem = s->nsem;
        dao_stream_close(s);
    }
    if (unlink(path) < 0)
        return -errno;
    (void)dao_semaphores_unlink(path, nsem); /* the file is gone: that is what was asked */
    return 0;
}
