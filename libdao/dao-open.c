/* dao-open.c — opening a stream: map the file, then believe nothing in the
 * header until it has been checked against the file's real size.
 *
 * The file can shrink at any instant, also between the fstat() that sized
 * the mapping and the copy of the header: the mapping is registered with the
 * SIGBUS guard before its first byte is read, so a header copy that meets a
 * lost page reads zeros and open fails with DAO_E_TRUNCATED_DATA. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dao-milk.h"
#include "dao-private.h"

/* Checks a private copy of md[0] (taken once, so a process changing the
 * header meanwhile cannot make a checked value differ from a used one) and
 * fills the handle's geometry. The order of the checks decides which error a
 * file with several faults reports; it goes from the header outwards. */
static int validate_header(dao_stream *s, const dao__md *md0, uint64_t file_size)
{
    if (file_size == 0)
        return DAO_E_EMPTY;
    if (file_size < DAO__MD_SIZE)
        return DAO_E_TRUNCATED_HEADER;
    if (md0->naxis < 1 || md0->naxis > DAO_MAX_AXES)
        return DAO_E_BAD_NAXIS;
    if (dao_type_size(md0->atype) == 0)
        return DAO_E_BAD_TYPE;
    if (md0->sem > DAO_MAX_SEMAPHORES)
        return DAO_E_BAD_SEMAPHORES;

    /* Unused axes are 0 in files from every known writer, but nothing uses
     * them, so they are ignored rather than refused. */
    uint64_t count = 1;
    for (unsigned i = 0; i < md0->naxis; i++) {
        if (md0->size[i] == 0 || __builtin_mul_overflow(count, md0->size[i], &count))
            return DAO_E_BAD_SHAPE;
    }
    if (md0->nelement != count)
        return DAO_E_BAD_NELEMENT;

    size_t element_size = dao_type_size(md0->atype);
    uint64_t frame_size;
    if (__builtin_mul_overflow(count, element_size, &frame_size) || frame_size > SIZE_MAX)
        return DAO_E_BAD_SHAPE;

    uint64_t depth = md0->fifo_size ? md0->fifo_size : 1;
    uint64_t header_size;
    if (__builtin_mul_overflow(depth, DAO__MD_SIZE, &header_size) || header_size > file_size)
        return DAO_E_BAD_FIFO;
    if (md0->fifo_last_written >= depth)
        return DAO_E_BAD_FIFO;

    uint64_t data_size, data_end;
    if (__builtin_mul_overflow(depth, frame_size, &data_size) ||
        __builtin_add_overflow(header_size, data_size, &data_end) || data_end > file_size)
        return DAO_E_TRUNCATED_DATA;

    uint64_t keywords_end = data_end + (uint64_t)md0->nbkw * DAO__KEYWORD_SIZE;
    if (keywords_end > file_size)
        return DAO_E_BAD_KEYWORDS;

    s->type = (dao_type)md0->atype;
    s->element_size = element_size;
    s->naxis = md0->naxis;
    for (unsigned i = 0; i < DAO_MAX_AXES; i++)
        s->shape[i] = i < md0->naxis ? md0->size[i] : 0;
    s->nelement = count;
    s->frame_size = (size_t)frame_size;
    s->fifo_depth = (unsigned)depth;
    s->nsem = md0->sem;
    s->nkeywords = md0->nbkw;
    s->expected_size = keywords_end;
    dao__identity_of(md0, &s->identity);
    s->md = (dao__md *)s->map;
    s->data = s->map + header_size;
    s->keywords = s->map + data_end;
    /* The tail starts at the newest frame: in-order reading takes the
     * frames written after the open. */
    int newest = dao__newest_whole_segment(s);
    s->tail_segment = newest < 0 ? 0 : (unsigned)newest;
    s->tail_counter = dao__load_acquire(&s->md[s->tail_segment].cnt0);
    return 0;
}

char *dao__real_path(const char *path)
{
    char *real = realpath(path, NULL);
    return real ? real : strdup(path);
}

dao_stream *dao__stream_new(const char *path, const char *sem_path, int fd, const struct stat *st,
                            bool read_only)
{
    dao_stream *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    s->fd = fd;
    s->lock_fd = -1;
    for (int i = 0; i <= DAO__SEMLOG_INDEX; i++)
        s->sem_lock_fd[i] = -1;
    s->read_only = read_only;
    s->dev = st->st_dev;
    s->ino = st->st_ino;
    s->pending_segment = -1;
    s->map_size = (uint64_t)st->st_size;
    s->path = strdup(path);
    s->sem_path = sem_path ? strdup(sem_path) : dao__real_path(path);
    if (!s->path || !s->sem_path) {
        free(s->path);
        free(s->sem_path);
        free(s);
        return NULL;
    }
    return s;
}

int dao__map_file(dao_stream **out, const char *path, const char *sem_path, int fd, bool read_only)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return -errno;
    if (S_ISDIR(st.st_mode))
        return -EISDIR;
    if (!S_ISREG(st.st_mode))
        return DAO_E_NOT_REGULAR;
    if (st.st_size == 0)
        return DAO_E_EMPTY;
    if ((uint64_t)st.st_size < DAO__MD_SIZE)
        return DAO_E_TRUNCATED_HEADER;

    dao_stream *s = dao__stream_new(path, sem_path, fd, &st, read_only);
    if (!s)
        return -ENOMEM;
    int rc = 0;

    int prot = PROT_READ | (read_only ? 0 : PROT_WRITE);
    if (rc == 0) {
        void *map = mmap(NULL, (size_t)s->map_size, prot, MAP_SHARED, fd, 0);
        if (map == MAP_FAILED)
            rc = -errno;
        else
            s->map = map;
    }
    if (rc == 0) {
        s->guard = dao__guard_add(s->map, (size_t)s->map_size, prot, s);
        if (!s->guard)
            rc = -errno;
    }
    if (rc == 0) {
        dao__md md0;
        memcpy(&md0, s->map, sizeof(md0));
        /* A header copied from pages the file no longer has is zeros. */
        if (dao__faulted(s))
            rc = dao__guard_zeroed_from(s) < DAO__MD_SIZE ? DAO_E_TRUNCATED_HEADER : DAO_E_TRUNCATED_DATA;
        else
            rc = validate_header(s, &md0, s->map_size);
    }
    if (rc < 0) {
        s->fd = -1; /* the caller owns fd on failure */
        dao_stream_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

int dao__check_path(const char *path)
{
    if (!path)
        return -EINVAL;
    size_t len = strlen(path);
    if (len == 0)
        return -ENOENT;
    return len > DAO_PATH_MAX ? -ENAMETOOLONG : 0;
}

static int open_fd(const char *path, bool *read_only)
{
    const int common = O_CLOEXEC | O_NOCTTY | O_NONBLOCK; /* O_NONBLOCK: never hang on a FIFO */
    if (!*read_only) {
        int fd = open(path, O_RDWR | common);
        if (fd >= 0 || (errno != EACCES && errno != EROFS && errno != EPERM))
            return fd >= 0 ? fd : -errno;
        *read_only = true; /* someone else's stream: we may still watch it */
    }
    int fd = open(path, O_RDONLY | common);
    return fd >= 0 ? fd : -errno;
}

int dao_stream_open(dao_stream **out, const char *path, unsigned flags)
{
    if (!out)
        return -EINVAL;
    *out = NULL;
    int rc = dao__check_path(path);
    if (rc < 0)
        return rc;

    /* Which format? Asked on a read-only descriptor, so that a milk file
     * is never opened for writing, not even for a moment. */
    dao__milk_verdict verdict;
    rc = dao__milk_open(out, path, &verdict);
    if (verdict == DAO__MILK_OK || rc < 0)
        return rc;

    bool read_only = flags & DAO_OPEN_READ_ONLY;
    int fd = open_fd(path, &read_only);
    if (fd < 0)
        return fd;
    rc = dao__map_file(out, path, NULL, fd, read_only);
    if (rc < 0) {
        close(fd);
        /* It starts like a milk file and is no DAO stream either: what is
         * wrong with it as milk says more than the DAO rules can. */
        if (verdict != DAO__MILK_NOT_MILK && dao_error_is_protocol(rc))
            rc = dao__milk_verdict_code(verdict);
    }
    return rc;
}

void dao_stream_close(dao_stream *s)
{
    if (!s)
        return;
    dao__milk_close(s);
    dao__sem_close_all(s);
    dao__lock_close_all(s); /* drops every claim this handle held */
    dao__guard_remove(s->guard);
    if (s->map)
        munmap(s->map, (size_t)s->map_size);
    if (s->fd >= 0)
        close(s->fd);
    free(s->path);
    free(s->sem_path);
    free(s);
}
