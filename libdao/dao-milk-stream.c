/* dao-milk-stream.c — a milk stream behind a dao_stream handle.
 *
 * dao_stream_open() hands a file here once dao-milk-recognise.c has named
 * it a milk stream. The handle's geometry fields are filled from the milk
 * geometry (in numpy order), so the plain getters serve both formats; the
 * calls that touch the header ask dao__milk_of() first and come here.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dao-milk.h"
#include "dao-private.h"

dao_format dao_stream_format(const dao_stream *s)
{
    return s->milk ? DAO_FORMAT_MILK : DAO_FORMAT_DAO;
}

static bool can_open_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d)
        closedir(d);
    return d != NULL;
}

const char *dao_milk_shm_dir(void)
{
    const char *env = getenv("MILK_SHM_DIR");
    if (env && *env && can_open_dir(env))
        return env;
    return can_open_dir("/milk/shm") ? "/milk/shm" : "/tmp";
}

int dao__milk_verdict_code(dao__milk_verdict verdict)
{
    switch (verdict) {
    case DAO__MILK_OK:
        return 0;
    case DAO__MILK_NOT_READY:
        return DAO_E_MILK_NOT_READY;
    case DAO__MILK_TRUNCATED:
        return DAO_E_TRUNCATED_DATA;
    case DAO__MILK_BAD_NAXIS:
        return DAO_E_BAD_NAXIS;
    case DAO__MILK_BAD_SHAPE:
        return DAO_E_BAD_SHAPE;
    case DAO__MILK_BAD_NELEMENT:
        return DAO_E_BAD_NELEMENT;
    case DAO__MILK_BAD_TYPE:
        return DAO_E_BAD_TYPE;
    case DAO__MILK_NOT_MILK:
    case DAO__MILK_UNKNOWN_LAYOUT:
    case DAO__MILK_BAD_HEADER:
        break;
    }
    return DAO_E_MILK_LAYOUT;
}

/* Fills a handle whose file is mapped (s->map) from the geometry. */
static int fill_handle(dao_stream *s, const dao__milk_geometry *g)
{
    dao__milk *m = calloc(1, sizeof(*m));
    if (!m)
        return -ENOMEM;
    dao__milk_attach(m, s->map, g, &s->guard->faulted);
    s->milk = m;
    s->read_only = true;
    s->type = (dao_type)g->datatype;
    s->element_size = g->element_size;
    s->naxis = g->naxis;
    memcpy(s->shape, g->shape, sizeof(s->shape));
    s->nelement = g->nelement;
    s->frame_size = (size_t)g->frame_size;
    s->fifo_depth = 1;
    /* Slots index fixed-size tables of the handle; a milk stream may have
     * more semaphores than a DAO stream can (dao_stream_milk_metadata()
     * has the file's count). */
    s->nsem = g->nsem < DAO_MAX_SEMAPHORES ? g->nsem : DAO_MAX_SEMAPHORES;
    s->nkeywords = g->nkeywords;
    s->expected_size = g->regions.end;
    s->md = NULL;
    s->tail_segment = 0;
    s->tail_counter = dao__milk_counter(m);
    s->data = (uint8_t *)m->pixels;
    s->keywords = NULL;
    return 0;
}

/* The format of the file open on fd, from a copy of its first bytes. */
static dao__milk_verdict probe(int fd, struct stat *st, dao__milk_geometry *g)
{
    if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode))
        return DAO__MILK_NOT_MILK; /* the DAO path says what it is */
    uint8_t bytes[DAO__MILK_PROBE_SIZE];
    /* pread(), not the mapping: a file shorter than it says gives a short
     * read here, never a fault. */
    ssize_t n = pread(fd, bytes, sizeof(bytes), 0);
    if (n < 0)
        return DAO__MILK_NOT_MILK;
    return dao__milk_recognise(bytes, (size_t)n, (uint64_t)st->st_size, g);
}

int dao__milk_open(dao_stream **out, const char *path, dao__milk_verdict *verdict)
{
    *verdict = DAO__MILK_NOT_MILK;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return 0; /* the DAO path opens it again and reports the same error */
    struct stat st;
    dao__milk_geometry g;
    *verdict = probe(fd, &st, &g);
    if (*verdict != DAO__MILK_OK) {
        close(fd);
        return 0;
    }
    dao_stream *s = dao__stream_new(path, NULL, fd, &st, true);
    if (!s) {
        close(fd);
        return -ENOMEM;
    }
    int rc = 0;
    void *map = mmap(NULL, (size_t)s->map_size, PROT_READ, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED)
        rc = -errno;
    else
        s->map = map;
    if (rc == 0) {
        /* Registered before the first byte is read: the file may shrink
         * under us at any time, as it may for DAO streams. */
        s->guard = dao__guard_add(s->map, (size_t)s->map_size, PROT_READ, s);
        if (!s->guard)
            rc = -errno;
    }
    if (rc == 0) {
        /* The geometry the handle keeps comes from the mapping itself, in
         * case the file changed since the probe. */
        uint8_t header[DAO__MILK_PROBE_SIZE];
        memcpy(header, s->map, sizeof(header));
        dao__milk_verdict again =
            dao__faulted(s) ? DAO__MILK_TRUNCATED : dao__milk_recognise(header, sizeof(header), s->map_size, &g);
        rc = again == DAO__MILK_OK ? fill_handle(s, &g) : dao__milk_verdict_code(again);
    }
    if (rc < 0) {
        dao_stream_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

void dao__milk_close(dao_stream *s)
{
    free(s->milk);
    s->milk = NULL;
}

int dao__milk_stream_read(dao_stream *s, void *dst, size_t size, int64_t timeout_ns,
                          dao_frame_info *info)
{
    const dao__milk *m = s->milk;
    if (m->g.gpu_device >= 0)
        return DAO_E_GPU_STREAM;
    if (m->g.datatype == DAO__MILK_FLOAT16)
        return DAO_E_UNSUPPORTED_TYPE;
    if (size != s->frame_size)
        return DAO_E_SIZE_MISMATCH;
    if (!dst)
        return -EINVAL;
    int rc = dao__milk_read(s->milk, dst, size, timeout_ns, info);
    if (rc == 0 || rc == DAO_E_TRUNCATED_DATA) {
        /* As for DAO streams: a copy is returned only while the mapping is
         * whole and still shows the stream the handle opened. */
        int changed = dao__milk_check_mapping(s);
        if (changed < 0)
            return changed;
    }
    return rc;
}

int dao__milk_stream_wait(dao_stream *s, int64_t timeout_ns)
{
    int rc = dao__milk_wait(s->milk, timeout_ns);
    if (rc == 0 || rc == DAO_E_TRUNCATED_DATA) {
        int changed = dao__milk_check_mapping(s);
        if (changed < 0)
            return changed;
    }
    return rc;
}

int dao__milk_read_next(dao_stream *s, void *dst, size_t size, int64_t timeout_ns, dao_frame_info *info)
{
    int rc = dao__milk_check_mapping(s);
    if (rc < 0)
        return rc;
    if (dao__milk_counter(s->milk) <= s->tail_counter)
        return -EAGAIN;
    dao_frame_info got;
    rc = dao__milk_stream_read(s, dst, size, timeout_ns, &got);
    if (rc < 0)
        return rc;
    got.lost = got.counter - s->tail_counter - 1;
    s->tail_segment = 0;
    s->tail_counter = got.counter;
    if (info)
        *info = got;
    return got.lost > INT_MAX ? INT_MAX : (int)got.lost;
}

int dao__milk_wait_next(dao_stream *s, int64_t timeout_ns)
{
    dao__deadline deadline = dao__deadline_after(timeout_ns);
    for (;;) {
        int rc = dao__milk_check_mapping(s);
        if (rc < 0)
            return rc;
        if (dao__milk_counter(s->milk) > s->tail_counter)
            return 0;
        int64_t left;
        if ((rc = dao__deadline_left(&deadline, &left)) < 0)
            return rc;
        rc = dao__milk_stream_wait(s, left);
        if (rc < 0)
            return rc;
    }
}

int dao__milk_spin_until(const dao_stream *s, uint64_t target, int64_t timeout_ns, uint64_t *counter)
{
    enum { SPINS_PER_CHECK = 4096 };
    int64_t deadline = timeout_ns >= 0 ? dao__now_monotonic_ns() + timeout_ns : INT64_MAX;
    for (unsigned spins = 0;; spins++) {
        uint64_t now_counter = dao__milk_counter(s->milk);
        if (now_counter >= target || dao__faulted(s) || spins % SPINS_PER_CHECK == SPINS_PER_CHECK - 1) {
            int rc = dao__milk_check_mapping(s);
            if (rc < 0)
                return rc;
        }
        if (now_counter >= target) {
            if (counter)
                *counter = now_counter;
            return 0;
        }
        if (timeout_ns == 0 || (spins % SPINS_PER_CHECK == SPINS_PER_CHECK - 1 && timeout_ns > 0 &&
                                dao__now_monotonic_ns() >= deadline))
            return -ETIMEDOUT;
        dao__cpu_relax();
    }
}

int dao__milk_check_mapping(const dao_stream *s)
{
    bool same = dao__milk_same_stream(s->milk);
    if (dao__faulted(s)) {
        /* The file shrank. If its header is still there, it may show what
         * replaced our stream. */
        if (dao__guard_zeroed_from(s) >= DAO__MILK_MD_SIZE && !same)
            return DAO_E_RECREATED;
        return DAO_E_TRUNCATED_DATA;
    }
    return same ? 0 : DAO_E_RECREATED;
}

int dao__milk_slot_is_claimed(const dao_stream *s, int slot)
{
    if (slot < 0 || (unsigned)slot >= s->nsem)
        return DAO_E_BAD_SLOT;
    int32_t reader;
    dao__milk_semaphore_pids(s->milk, (unsigned)slot, &reader, NULL);
    return reader > 0; /* -1 (or 0) is how ISIO marks a free slot */
}

/* alive, gone, or 0 for "no such pid recorded" */
static int pid_state(int32_t pid)
{
    if (pid <= 0)
        return 0;
    if (kill(pid, 0) == 0 || errno == EPERM)
        return DAO_WRITER_ALIVE;
    return DAO_WRITER_GONE;
}

int dao__milk_writer_state(const dao_stream *s)
{
    /* The file records who posted each semaphore last; the creator is the
     * writer of most milk programs. A recycled PID can read as alive. */
    const dao__milk *m = s->milk;
    int32_t newest = 0;
    for (unsigned slot = 0; slot < m->g.nsem; slot++) {
        int32_t writer;
        dao__milk_semaphore_pids(m, slot, NULL, &writer);
        if (writer > 0) {
            newest = writer;
            break;
        }
    }
    int state = pid_state(newest);
    if (state == 0)
        state = pid_state(m->md->creator_pid);
    return state ? state : DAO_WRITER_UNKNOWN;
}

int dao__milk_semaphore_value(const dao_stream *s, int slot, int *value)
{
    const dao__milk *m = s->milk;
    if (slot < 0 || (unsigned)slot >= m->g.nsem)
        return DAO_E_BAD_SLOT;
    if (m->g.named_semaphores)
        return DAO_E_WRONG_FORMAT; /* outside the file: we never open them */
    /* glibc's sem_t keeps the value in its first 32 bits. */
    uint32_t v = dao__load_relaxed(
        (const uint32_t *)(m->map + m->g.regions.semaphores + (size_t)slot * DAO__MILK_SEM_T_SIZE));
    *value = (int)(v & 0x7fffffff);
    return 0;
}

void dao__milk_keyword_load_dao(const dao_stream *s, unsigned index, dao__keyword *kw)
{
    dao__milk_keyword mk;
    dao__milk_keyword_load(s->milk, index, &mk);
    memset(kw, 0, sizeof(*kw));
    memcpy(kw->name, mk.name, sizeof(kw->name));
    kw->type = mk.type;
    memcpy(&kw->value, &mk.value, sizeof(kw->value));
    memcpy(kw->comment, mk.comment, sizeof(kw->comment));
}

static void copy_string(char *dst, const char *src, size_t field)
{
    memcpy(dst, src, field);
    dst[field] = '\0';
}

int dao_stream_milk_metadata(const dao_stream *s, dao_milk_metadata *out)
{
    if (!out || out->version != DAO_MILK_METADATA_VERSION)
        return -EINVAL;
    if (!s->milk)
        return DAO_E_WRONG_FORMAT;
    const dao__milk *m = s->milk;
    dao__milk_md md;
    memcpy(&md, m->md, sizeof(md)); /* one copy: every field from the same moment */
    *out = (dao_milk_metadata){.version = DAO_MILK_METADATA_VERSION};
    copy_string(out->milk_version, md.version, sizeof(md.version));
    snprintf(out->layout, sizeof(out->layout), "%s", dao__milk_layout_name(m->g.layout));
    copy_string(out->name, md.name, sizeof(md.name));
    out->naxis = md.naxis;
    memcpy(out->size, md.size, sizeof(out->size));
    out->nelement = md.nelement;
    out->datatype = md.datatype;
    out->imagetype = md.imagetype;
    out->time_is_tai = m->tai;
    out->creationtime_ns = dao__milk_to_realtime_ns(m, &md.creationtime);
    out->lastaccesstime_ns = dao__milk_to_realtime_ns(m, &md.lastaccesstime);
    out->atime_ns = dao__milk_to_realtime_ns(m, &md.atime);
    out->writetime_ns = dao__milk_to_realtime_ns(m, &md.writetime);
    out->creatorPID = md.creator_pid;
    out->ownerPID = md.owner_pid;
    out->shared = md.shared;
    out->inode = md.inode;
    out->location = md.location;
    out->status = md.status;
    out->flag = md.flag;
    out->logflag = md.logflag;
    out->sem = md.sem;
    out->NBproctrace = md.nb_proctrace;
    out->cnt0 = md.cnt0;
    out->cnt1 = md.cnt1;
    out->cnt2 = md.cnt2;
    out->write = md.write;
    out->NBkw = md.nbkw;
    out->CBsize = md.cb_size;
    out->CBindex = md.cb_index;
    out->CBcycle = md.cb_cycle;
    out->imdatamemsize = md.imdatamemsize;
    return 0;
}

int dao_stream_milk_semaphore_pids(const dao_stream *s, unsigned slot, int *read_pid, int *write_pid)
{
    if (!s->milk)
        return DAO_E_WRONG_FORMAT;
    int32_t r, w;
    if (dao__milk_semaphore_pids(s->milk, slot, &r, &w) < 0)
        return DAO_E_BAD_SLOT;
    if (read_pid)
        *read_pid = r;
    if (write_pid)
        *write_pid = w;
    return 0;
}
