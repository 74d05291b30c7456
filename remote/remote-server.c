/* remote-server.c — serving streams: one thread, one ROUTER socket.
 *
 * Flow control is a credit of one: a client sends a request, the server
 * answers it with one frame newer than the one the client has, as soon as
 * there is one and the client's rate allows, and then waits for the next
 * request. So a slow or distant client only ever has one frame in flight
 * and skips the frames it was not ready for; nothing queues. A request with
 * no new frame to answer it is held and, after hold_ns, answered with a
 * status ("alive, no new frame"), which tells the client that the server is
 * there and its stream stale.
 *
 * The streams are read like any careful reader: opened read-only (so no
 * reader slot is ever claimed and no semaphore taken from the real-time
 * readers), the counter polled only while some request waits, and each new
 * frame copied once, with one attempt of libdao's tearing check — a copy
 * that raced a write is retried at the next poll instead of spinning
 * against the writer. Every client that wants that frame shares the copy:
 * ZeroMQ reference-counts the message, so N clients cost one copy and one
 * compression, and the memory held is at most a few frames per client
 * (the socket's send high-water mark) whatever the clients do. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zmq.h>

#include "remote-codec.h"
#include "remote-private.h"
#include "remote-wire.h"

#define DEFAULT_MAX_CLIENTS 256
#define MAX_STREAMS WIRE_MAX_LIST_ENTRIES
#define MAX_DIRS 64
#define CHECK_PATH_NS 200000000LL   /* look at a stream's path this often */
#define REOPEN_NS 200000000LL       /* retry opening a missing stream this often */
#define RESCAN_NS 1000000000LL      /* look in served directories this often */
#define IDLE_POLL_MS 100
/* After a copy raced a write, the counter is looked at this often until the
 * next commit, and the copy tried again right after it, with the whole gap
 * before the following write ahead of it. Trying again at the next poll
 * instead starts at a random point of the writer's period and, for a large
 * frame and a fast writer, can go on racing it; a poll interval equal to
 * the writer's period can even lock in step with it and never find the
 * gap. */
#define TORN_RETRY_NS 50000
#define TORN_WAIT_MAX_NS 100000000LL
#define MAX_ID 255

enum { GROUP_RAW, GROUP_CODED, N_GROUPS };

typedef struct snapshot {
    bool valid;
    zmq_msg_t header;
    zmq_msg_t payload;
} snapshot;

typedef struct served {
    char name[WIRE_NAME_FIELD];
    char *path;
    bool from_dir;     /* found in a served directory: dropped when its file goes */
    dao_stream *s;
    bool has_slot;     /* wake_on_semaphore: the reader slot we claimed */
    int slot;
    int error;         /* why s is NULL (or the last read error) */
    uint32_t generation;
    int64_t next_check_ns;
    uint64_t snap_counter;
    uint32_t snap_generation;
    bool torn_wait;        /* the last copy raced a write: next try right after the next commit */
    uint64_t torn_counter; /* the counter before that attempt */
    int64_t torn_since_ns;
    snapshot snap[N_GROUPS];
} served;

typedef struct client {
    bool used;
    uint8_t id[MAX_ID];
    size_t id_len;
    bool pending;
    wire_request rq;
    int64_t request_ns;
    int64_t next_due_ns;
    int64_t last_active_ns;
} client;

struct dao_remote_server {
    void *ctx;
    void *router;
    void *zap;                  /* NULL without CURVE */
    remote_key_list *authorized;
    char endpoint[256];
    double max_fps;
    bool lz4;
    bool wake_on_semaphore;
    int64_t poll_ns;
    int64_t hold_ns;

    served *streams;
    size_t n_streams;
    char *dirs[MAX_DIRS];
    size_t n_dirs;
    int64_t next_rescan_ns;

    client *clients;
    unsigned max_clients;

    bool retry_torn;            /* a copy raced a write: try again in TORN_RETRY_NS */
    uint8_t *scratch;           /* the shuffle's buffer, grown to the largest frame */
    size_t scratch_size;
    dao_remote_server_stats stats;
};

/* ---- streams ------------------------------------------------------------ */

static void snapshot_clear(served *st)
{
    for (int g = 0; g < N_GROUPS; g++) {
        if (st->snap[g].valid) {
            zmq_msg_close(&st->snap[g].header);
            zmq_msg_close(&st->snap[g].payload);
            st->snap[g].valid = false;
        }
    }
}

static void stream_close(served *st)
{
    snapshot_clear(st);
    dao_stream_close(st->s); /* releases the slot too */
    st->s = NULL;
    st->has_slot = false;
}

/* Open the stream when it is not open, and follow its path: a stream
 * re-created under the same name (new shape, say) is opened afresh, with a
 * new generation, so clients see it was re-created. */
static void stream_refresh(const dao_remote_server *srv, served *st, int64_t now)
{
    if (now < st->next_check_ns)
        return;
    if (st->s) {
        int rc = dao_stream_check_path(st->s);
        if (rc == 0) {
            st->next_check_ns = now + CHECK_PATH_NS;
            return;
        }
        stream_close(st);
    }
    /* Read-only unless we are to wait on a semaphore: claiming a slot
     * takes a handle that may write (the claim is a lock on the file). A
     * file we may not write is opened read-only anyway, and polled. */
    dao_stream *s;
    int rc = dao_stream_open(&s, st->path, srv->wake_on_semaphore ? 0 : DAO_OPEN_READ_ONLY);
    st->next_check_ns = now + (rc == 0 ? CHECK_PATH_NS : REOPEN_NS);
    st->error = rc;
    if (rc == 0) {
        st->s = s;
        st->generation++;
        /* The highest free slot: existing DAO readers use slot 0 by
         * default, libdao's claims start from the top. */
        st->has_slot = srv->wake_on_semaphore && dao_stream_slot_claim(s, &st->slot) == 0;
    }
}

static served *stream_find(dao_remote_server *srv, const char *name)
{
    for (size_t i = 0; i < srv->n_streams; i++)
        if (strcmp(srv->streams[i].name, name) == 0)
            return &srv->streams[i];
    return NULL;
}

static int stream_add(dao_remote_server *srv, const char *path, bool from_dir)
{
    char name[WIRE_NAME_FIELD + 1];
    int rc = dao_stream_stem(name, sizeof name, path);
    if (rc < 0)
        return rc == -ENOSPC ? DAO_REMOTE_E_BAD_NAME : rc;
    if (!dao_remote_name_is_valid(name))
        return DAO_REMOTE_E_BAD_NAME;
    if (stream_find(srv, name))
        return -EEXIST;
    if (srv->n_streams == MAX_STREAMS)
        return -ENOSPC;
    served *grown = realloc(srv->streams, (srv->n_streams + 1) * sizeof *grown);
    if (!grown)
        return -ENOMEM;
    srv->streams = grown;
    served *st = &srv->streams[srv->n_streams];
    memset(st, 0, sizeof *st);
    st->path = strdup(path);
    if (!st->path)
        return -ENOMEM;
    strcpy(st->name, name);
    st->from_dir = from_dir;
    st->error = -ENOENT;
    srv->n_streams++;
    return 0;
}

static void stream_remove(dao_remote_server *srv, size_t i)
{
    stream_close(&srv->streams[i]);
    free(srv->streams[i].path);
    srv->streams[i] = srv->streams[--srv->n_streams];
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

/* Offer every *.im.shm of the served directories, and stop offering those
 * of their streams whose file is gone (so a directory where streams come and
 * go does not grow the table for ever). */
static void rescan(dao_remote_server *srv, int64_t now)
{
    if (srv->n_dirs == 0 || now < srv->next_rescan_ns)
        return;
    srv->next_rescan_ns = now + RESCAN_NS;
    for (size_t i = srv->n_streams; i-- > 0;) {
        struct stat sb;
        if (srv->streams[i].from_dir && stat(srv->streams[i].path, &sb) != 0)
            stream_remove(srv, i);
    }
    for (size_t d = 0; d < srv->n_dirs; d++) {
        DIR *dir = opendir(srv->dirs[d]);
        if (!dir)
            continue;
        struct dirent *e;
        while ((e = readdir(dir))) {
            if (!ends_with(e->d_name, ".im.shm"))
                continue;
            char path[PATH_MAX];
            if (snprintf(path, sizeof path, "%s/%s", srv->dirs[d], e->d_name) >= (int)sizeof path)
                continue;
            struct stat sb;
            if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
                stream_add(srv, path, true); /* same name twice: the first one found stays */
        }
        closedir(dir);
    }
}

/* ---- snapshots ---------------------------------------------------------- */

static void free_buffer(void *data, void *hint)
{
    (void)hint;
    free(data);
}

static int collect_keywords(const dao_stream *s, dao_keyword **out, unsigned *count)
{
    unsigned cap = dao_stream_keyword_capacity(s);
    *out = NULL;
    *count = 0;
    if (cap == 0)
        return 0;
    if (cap > WIRE_MAX_KEYWORDS)
        cap = WIRE_MAX_KEYWORDS;
    dao_keyword *kw = malloc(cap * sizeof *kw);
    if (!kw)
        return -ENOMEM;
    unsigned n = 0;
    for (unsigned i = 0; i < cap; i++) {
        if (dao_stream_keyword_get(s, i, &kw[n]) == 0 && kw[n].type != DAO_KEYWORD_UNUSED &&
            kw[n].name[0] != 0)
            n++;
    }
    *out = kw;
    *count = n;
    return 0;
}

static int header_msg(zmq_msg_t *msg, const dao_remote_frame *f, const dao_keyword *kw)
{
    if (zmq_msg_init_size(msg, dao_remote__frame_header_size(f->keyword_count)) != 0)
        return -ENOMEM;
    dao_remote__frame_header_encode(zmq_msg_data(msg), f, kw);
    return 0;
}

/* The compressed group, made from the raw one on the first client that
 * accepts LZ4; a frame that does not shrink goes raw in this group too. */
static int snapshot_encode(dao_remote_server *srv, served *st, dao_remote_frame f, const dao_keyword *kw)
{
    size_t size = f.size, esize = dao_type_size((int)f.type);
    unsigned codec = esize > 1 ? DAO_REMOTE_CODEC_SHUFFLE_LZ4 : DAO_REMOTE_CODEC_LZ4;
    if (srv->scratch_size < size) {
        uint8_t *grown = realloc(srv->scratch, size);
        if (!grown)
            return -ENOMEM;
        srv->scratch = grown;
        srv->scratch_size = size;
    }
    void *out = malloc(dao_remote__codec_bound(size));
    if (!out)
        return -ENOMEM;
    size_t n = dao_remote__encode(codec, zmq_msg_data(&st->snap[GROUP_RAW].payload), size, esize, out,
                                  srv->scratch);
    snapshot *sn = &st->snap[GROUP_CODED];
    if (n == 0) {
        free(out);
        zmq_msg_init(&sn->payload);
        zmq_msg_copy(&sn->payload, &st->snap[GROUP_RAW].payload);
        f.codec = DAO_REMOTE_CODEC_NONE;
        f.payload_size = size;
    } else {
        if (zmq_msg_init_data(&sn->payload, out, n, free_buffer, NULL) != 0) {
            free(out);
            return -ENOMEM;
        }
        f.codec = codec;
        f.payload_size = n;
    }
    if (header_msg(&sn->header, &f, kw) < 0) {
        zmq_msg_close(&sn->payload);
        return -ENOMEM;
    }
    sn->valid = true;
    return 0;
}

/* Copy the newest frame once, if it is not the one we hold. Returns 0,
 * DAO_E_TORN (try again soon) or another code. */
static int snapshot_take(dao_remote_server *srv, served *st, bool coded)
{
    uint64_t counter = dao_stream_counter(st->s);
    bool fresh = st->snap[GROUP_RAW].valid && st->snap_counter == counter &&
                 st->snap_generation == st->generation;
    if (!fresh) {
        snapshot_clear(st);
        snapshot *sn = &st->snap[GROUP_RAW];
        size_t size = dao_stream_frame_size(st->s);
        if (zmq_msg_init_size(&sn->payload, size) != 0)
            return -ENOMEM;
        dao_frame_info info;
        int rc = dao_stream_read(st->s, zmq_msg_data(&sn->payload), size, 0, &info); /* one attempt */
        if (rc < 0) {
            zmq_msg_close(&sn->payload);
            if (rc == DAO_E_TORN) {
                srv->stats.torn++;
                /* The counter from before the attempt: the write we raced
                 * commits past it, even if it did so while we gave up. */
                st->torn_wait = true;
                st->torn_counter = counter;
                st->torn_since_ns = dao_remote__now_mono_ns();
            }
            return rc;
        }
        st->torn_wait = false;
        srv->stats.copies++;
        st->snap_counter = info.counter;
        st->snap_generation = st->generation;

        dao_remote_frame f = {
            .source_format = DAO_REMOTE_SOURCE_DAO,
            .type = dao_stream_type(st->s),
            .naxis = dao_stream_naxis(st->s),
            .counter = info.counter,
            .write_time_ns = info.write_time_ns,
            .send_time_ns = dao_remote__now_real_ns(),
            .generation = st->generation,
            .size = size,
            .payload_size = size,
            .codec = DAO_REMOTE_CODEC_NONE,
        };
        strcpy(f.name, st->name);
        memcpy(f.shape, dao_stream_shape(st->s), sizeof f.shape);
        dao_keyword *kw;
        rc = collect_keywords(st->s, &kw, &f.keyword_count);
        if (rc < 0) {
            zmq_msg_close(&sn->payload);
            return rc;
        }
        f.keyword_capacity = dao_stream_keyword_capacity(st->s);
        if (f.keyword_capacity > WIRE_MAX_KEYWORDS)
            f.keyword_capacity = WIRE_MAX_KEYWORDS;
        rc = header_msg(&sn->header, &f, kw);
        if (rc < 0) {
            free(kw);
            zmq_msg_close(&sn->payload);
            return rc;
        }
        sn->valid = true;
        if (coded)
            rc = snapshot_encode(srv, st, f, kw);
        free(kw);
        return rc;
    }
    if (coded && !st->snap[GROUP_CODED].valid) {
        /* The raw group exists: rebuild the frame description from it. */
        dao_remote_frame f;
        const snapshot *raw = &st->snap[GROUP_RAW];
        int rc = dao_remote__frame_header_decode(&f, zmq_msg_data((zmq_msg_t *)&raw->header),
                                                 zmq_msg_size((zmq_msg_t *)&raw->header),
                                                 zmq_msg_size((zmq_msg_t *)&raw->payload), SIZE_MAX);
        if (rc < 0)
            return rc;
        dao_keyword *kw = f.keyword_count ? malloc(f.keyword_count * sizeof *kw) : NULL;
        if (f.keyword_count && !kw)
            return -ENOMEM;
        for (unsigned i = 0; i < f.keyword_count; i++)
            dao_remote__frame_keyword_decode(&kw[i], zmq_msg_data((zmq_msg_t *)&raw->header), i);
        rc = snapshot_encode(srv, st, f, kw);
        free(kw);
        return rc;
    }
    return 0;
}

/* ---- sending ------------------------------------------------------------ */

/* The routing id, then the parts. Never blocks: a peer whose queue is full
 * (it does not read) or who left loses this message, and nothing else
 * waits for it. Returns 0, -EAGAIN or -EHOSTUNREACH. */
static int send_to(dao_remote_server *srv, const client *c, zmq_msg_t *parts, int n)
{
    if (zmq_send(srv->router, c->id, c->id_len, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0) {
        int rc = dao_remote__zmq_error();
        for (int i = 0; i < n; i++)
            zmq_msg_close(&parts[i]);
        srv->stats.dropped++;
        return rc;
    }
    for (int i = 0; i < n; i++) {
        /* After the first part the rest of a message always goes. */
        if (zmq_msg_send(&parts[i], srv->router, i + 1 < n ? ZMQ_SNDMORE : 0) < 0) {
            for (int k = i; k < n; k++)
                zmq_msg_close(&parts[k]);
            return dao_remote__zmq_error();
        }
    }
    return 0;
}

static int send_bytes(dao_remote_server *srv, const client *c, const void *buf, size_t len)
{
    zmq_msg_t m;
    if (zmq_msg_init_size(&m, len) != 0)
        return -ENOMEM;
    memcpy(zmq_msg_data(&m), buf, len);
    return send_to(srv, c, &m, 1);
}

static int send_error(dao_remote_server *srv, const client *c, const char *name, int code)
{
    wire_error e = {.code = code};
    snprintf(e.name, sizeof e.name, "%s", name && dao_remote_name_is_valid(name) ? name : "");
    snprintf(e.message, sizeof e.message, "%s", dao_remote_strerror(code));
    uint8_t buf[WIRE_ERROR_SIZE];
    dao_remote__error_encode(buf, &e);
    return send_bytes(srv, c, buf, sizeof buf);
}

static int send_snapshot(dao_remote_server *srv, client *c, served *st, int group)
{
    zmq_msg_t parts[2];
    zmq_msg_init(&parts[0]);
    zmq_msg_init(&parts[1]);
    zmq_msg_copy(&parts[0], &st->snap[group].header);
    zmq_msg_copy(&parts[1], &st->snap[group].payload);
    size_t bytes = zmq_msg_size(&parts[1]);
    int rc = send_to(srv, c, parts, 2);
    if (rc == 0) {
        srv->stats.frames_sent++;
        srv->stats.bytes_sent += bytes;
    }
    return rc;
}

static void send_list(dao_remote_server *srv, const client *c, int64_t now)
{
    dao_remote_entry *entries = calloc(srv->n_streams ? srv->n_streams : 1, sizeof *entries);
    if (!entries)
        return;
    for (size_t i = 0; i < srv->n_streams; i++) {
        served *st = &srv->streams[i];
        stream_refresh(srv, st, now);
        dao_remote_entry *e = &entries[i];
        strcpy(e->name, st->name);
        e->source_format = DAO_REMOTE_SOURCE_DAO;
        e->valid = st->s != NULL;
        if (st->s) {
            e->type = dao_stream_type(st->s);
            e->naxis = dao_stream_naxis(st->s);
            memcpy(e->shape, dao_stream_shape(st->s), sizeof e->shape);
            e->counter = dao_stream_counter(st->s);
        }
    }
    size_t len = dao_remote__list_size(srv->n_streams);
    zmq_msg_t m;
    if (zmq_msg_init_size(&m, len) == 0) {
        dao_remote__list_encode(zmq_msg_data(&m), entries, srv->n_streams);
        send_to(srv, c, &m, 1);
    }
    free(entries);
}

/* ---- clients ------------------------------------------------------------ */

static client *client_find(dao_remote_server *srv, const uint8_t *id, size_t id_len, int64_t now)
{
    client *free_slot = NULL, *oldest = NULL;
    for (unsigned i = 0; i < srv->max_clients; i++) {
        client *c = &srv->clients[i];
        if (!c->used) {
            if (!free_slot)
                free_slot = c;
            continue;
        }
        if (c->id_len == id_len && memcmp(c->id, id, id_len) == 0)
            return c;
        /* Idle records go before ones with a request waiting. */
        if (!oldest || (oldest->pending && !c->pending) ||
            (oldest->pending == c->pending && c->last_active_ns < oldest->last_active_ns))
            oldest = c;
    }
    client *c = free_slot ? free_slot : oldest;
    memset(c, 0, sizeof *c);
    c->used = true;
    memcpy(c->id, id, id_len);
    c->id_len = id_len;
    c->next_due_ns = now;
    return c;
}

static int64_t client_period_ns(const dao_remote_server *srv, const client *c)
{
    double fps = c->rq.max_fps_milli / 1000.0;
    if (srv->max_fps > 0 && (fps <= 0 || fps > srv->max_fps))
        fps = srv->max_fps;
    return fps > 0 ? (int64_t)(1e9 / fps) : 0;
}

static void handle_request(dao_remote_server *srv, const uint8_t *id, size_t id_len, const void *body,
                           size_t len, int64_t now)
{
    wire_request rq;
    int rc = dao_remote__request_decode(&rq, body, len);
    client tmp = {.used = true, .id_len = id_len};
    memcpy(tmp.id, id, id_len);
    if (rc < 0) {
        srv->stats.bad_requests++;
        /* Tell a peer of another version why; stay silent to noise (an
         * answer to garbage would only make us an amplifier). */
        if (rc == DAO_REMOTE_E_BAD_VERSION)
            send_error(srv, &tmp, NULL, rc);
        return;
    }
    if (rq.kind == WIRE_REQUEST_LIST) {
        send_list(srv, &tmp, now);
        return;
    }
    if (!stream_find(srv, rq.name)) {
        send_error(srv, &tmp, rq.name, DAO_REMOTE_E_NO_STREAM);
        return;
    }
    client *c = client_find(srv, id, id_len, now);
    c->rq = rq;
    c->pending = true;
    c->request_ns = now;
    c->last_active_ns = now;
}

/* Answer the waiting request of c if its stream has a newer frame and the
 * client's rate allows. Returns the stream when c is due and waits for its
 * next frame (the loop may sleep on that stream's semaphore), else NULL. */
static served *serve_client(dao_remote_server *srv, client *c, int64_t now)
{
    served *st = stream_find(srv, c->rq.name);
    if (!st) {
        send_error(srv, c, c->rq.name, DAO_REMOTE_E_NO_STREAM);
        c->pending = false;
        return NULL;
    }
    bool held_long = now - c->request_ns >= srv->hold_ns;
    stream_refresh(srv, st, now);
    if (!st->s) {
        if (held_long || st->error != -ENOENT) {
            send_error(srv, c, st->name, st->error == -ENOENT ? DAO_REMOTE_E_NO_STREAM : st->error);
            c->pending = false;
        }
        return NULL;
    }
    if (now < c->next_due_ns && !held_long)
        return NULL;
    uint64_t counter = dao_stream_counter(st->s);
    bool newer = counter != c->rq.last_counter || st->generation != c->rq.last_generation;
    /* The write we raced has not committed yet (a writer that died inside
     * a write never will: after TORN_WAIT_MAX_NS we try regardless). */
    bool raced = st->torn_wait && counter == st->torn_counter && now - st->torn_since_ns < TORN_WAIT_MAX_NS;
    if (newer && now >= c->next_due_ns && raced)
        srv->retry_torn = true;
    else if (newer && now >= c->next_due_ns) {
        bool coded = srv->lz4 && (c->rq.codecs & (1u << DAO_REMOTE_CODEC_SHUFFLE_LZ4)) &&
                     (c->rq.codecs & (1u << DAO_REMOTE_CODEC_LZ4));
        int rc = snapshot_take(srv, st, coded);
        if (rc == DAO_E_TORN) {
            /* Tried again soon; meanwhile a request held long still gets
             * its status (a writer stuck inside a write tears every copy). */
            srv->retry_torn = true;
            goto hold;
        }
        if (rc < 0) {
            send_error(srv, c, st->name, rc);
            c->pending = false;
            return NULL;
        }
        rc = send_snapshot(srv, c, st, coded ? GROUP_CODED : GROUP_RAW);
        if (rc == -EHOSTUNREACH) {
            c->used = false;
            return NULL;
        }
        c->pending = false;
        int64_t period = client_period_ns(srv, c);
        /* Keep the rate on average, without bursts after a pause. */
        c->next_due_ns = period == 0 ? now : (c->next_due_ns + period > now ? c->next_due_ns + period : now + period);
        return NULL;
    }
hold:
    if (held_long) {
        wire_status s = {.generation = st->generation, .counter = counter,
                         .write_time_ns = dao_stream_write_time_ns(st->s)};
        strcpy(s.name, st->name);
        uint8_t buf[WIRE_STATUS_SIZE];
        dao_remote__status_encode(buf, &s);
        if (send_bytes(srv, c, buf, sizeof buf) == -EHOSTUNREACH)
            c->used = false;
        c->pending = false;
        return NULL;
    }
    return now >= c->next_due_ns ? st : NULL;
}

/* ---- the loop ----------------------------------------------------------- */

/* Read every message waiting on the router (at most a batch, so a flood
 * cannot starve the frames being served). */
static int drain_router(dao_remote_server *srv, int64_t now)
{
    for (int batch = 0; batch < 256; batch++) {
        zmq_msg_t id, body;
        zmq_msg_init(&id);
        if (zmq_msg_recv(&id, srv->router, ZMQ_DONTWAIT) < 0) {
            zmq_msg_close(&id);
            int rc = dao_remote__zmq_error();
            return rc == -EAGAIN || rc == -EINTR ? 0 : rc;
        }
        bool ok = zmq_msg_more(&id) && zmq_msg_size(&id) <= MAX_ID;
        zmq_msg_init(&body);
        int parts = 1;
        bool got_body = false;
        while (zmq_msg_more(parts == 1 ? &id : &body)) {
            zmq_msg_close(&body);
            zmq_msg_init(&body);
            if (zmq_msg_recv(&body, srv->router, 0) < 0)
                break;
            parts++;
            got_body = true;
        }
        if (ok && got_body && parts == 2)
            handle_request(srv, zmq_msg_data(&id), zmq_msg_size(&id), zmq_msg_data(&body),
                           zmq_msg_size(&body), now);
        else
            srv->stats.bad_requests++;
        zmq_msg_close(&body);
        zmq_msg_close(&id);
    }
    return 0;
}

int dao_remote_server_run(dao_remote_server *srv, int64_t duration_ns)
{
    int64_t end = dao_remote__now_mono_ns() + duration_ns;
    for (;;) {
        int64_t now = dao_remote__now_mono_ns();
        if (now >= end)
            return 0;
        rescan(srv, now);
        bool waiting = false;
        served *sleep_on = NULL;
        srv->retry_torn = false;
        for (unsigned i = 0; i < srv->max_clients; i++) {
            client *c = &srv->clients[i];
            if (c->used && c->pending) {
                served *st = serve_client(srv, c, now);
                if (st && st->has_slot && !sleep_on)
                    sleep_on = st;
                waiting |= c->used && c->pending;
            }
        }
        zmq_pollitem_t items[2] = {
            {.socket = srv->router, .events = ZMQ_POLLIN},
            {.socket = srv->zap, .events = ZMQ_POLLIN},
        };
        int64_t wait_ns = srv->retry_torn ? TORN_RETRY_NS : waiting ? srv->poll_ns : IDLE_POLL_MS * 1000000LL;
        if (end - now < wait_ns)
            wait_ns = end - now;
        /* zmq_poll counts in milliseconds: shorter waits are a look at the
         * sockets and a sleep. */
        long timeout_ms = wait_ns >= 1000000 ? (long)(wait_ns / 1000000) : 0;
        /* With a slot, sleep on the stream's semaphore rather than a
         * timer: the copy then starts right after a commit, with the whole
         * gap before the next write ahead of it. */
        bool on_semaphore = sleep_on && !srv->retry_torn;
        if (on_semaphore)
            timeout_ms = 0;
        int n = zmq_poll(items, srv->zap ? 2 : 1, timeout_ms);
        if (n < 0)
            return dao_remote__zmq_error(); /* -EINTR: a signal, the caller decides */
        if (n == 0 && on_semaphore) {
            int rc = dao_stream_wait(sleep_on->s, sleep_on->slot, wait_ns);
            if (rc < 0 && rc != -ETIMEDOUT)
                sleep_on->has_slot = false; /* no semaphores after all: poll */
        } else if (n == 0 && timeout_ms == 0 && wait_ns > 0) {
            struct timespec ts = {0, (long)wait_ns};
            if (nanosleep(&ts, NULL) != 0)
                return -errno;
        }
        if (srv->zap && (items[1].revents & ZMQ_POLLIN)) {
            int rc = dao_remote__zap_answer(srv->zap, srv->authorized);
            if (rc < 0 && rc != -EINTR)
                return rc;
        }
        if (items[0].revents & ZMQ_POLLIN) {
            int rc = drain_router(srv, dao_remote__now_mono_ns());
            if (rc < 0)
                return rc;
        }
    }
    return 0;
}

/* ---- set-up ------------------------------------------------------------- */

static int setup_curve(dao_remote_server *srv, const char *dir)
{
    if (!zmq_has("curve"))
        return DAO_REMOTE_E_NO_CURVE;
    char secret[41];
    srv->authorized = calloc(1, sizeof *srv->authorized);
    if (!srv->authorized)
        return -ENOMEM;
    int rc = dao_remote__server_keys_load(dir, secret, srv->authorized);
    if (rc < 0)
        return rc;
    /* The ZAP handler must be bound before the CURVE socket is, or the
     * first handshakes go unchecked. */
    srv->zap = zmq_socket(srv->ctx, ZMQ_REP);
    if (!srv->zap || dao_remote__socket_common(srv->zap) < 0 ||
        zmq_bind(srv->zap, "inproc://zeromq.zap.01") != 0)
        return dao_remote__zmq_error();
    int one = 1;
    if (zmq_setsockopt(srv->router, ZMQ_CURVE_SERVER, &one, sizeof one) != 0 ||
        zmq_setsockopt(srv->router, ZMQ_CURVE_SECRETKEY, secret, 40) != 0)
        return dao_remote__zmq_error();
    return 0;
}

int dao_remote_server_new(dao_remote_server **out, const dao_remote_server_options *o)
{
    *out = NULL;
    dao_remote_server_options defaults = DAO_REMOTE_SERVER_OPTIONS_INIT;
    if (!o)
        o = &defaults;
    if (o->version != DAO_REMOTE_SERVER_OPTIONS_VERSION || o->max_fps < 0)
        return -EINVAL;
    dao_remote_server *srv = calloc(1, sizeof *srv);
    if (!srv)
        return -ENOMEM;
    srv->max_fps = o->max_fps;
    srv->lz4 = o->lz4;
    srv->wake_on_semaphore = o->wake_on_semaphore;
    srv->poll_ns = o->poll_interval_ns > 0 ? o->poll_interval_ns : 1000000;
    srv->hold_ns = o->hold_ns > 0 ? o->hold_ns : 1000000000;
    srv->max_clients = o->max_clients ? o->max_clients : DEFAULT_MAX_CLIENTS;
    srv->clients = calloc(srv->max_clients, sizeof *srv->clients);
    int rc = -ENOMEM;
    if (!srv->clients)
        goto fail;
    srv->ctx = zmq_ctx_new();
    if (!srv->ctx)
        goto fail;
    srv->router = zmq_socket(srv->ctx, ZMQ_ROUTER);
    if (!srv->router) {
        rc = dao_remote__zmq_error();
        goto fail;
    }
    /* Requests are 96 bytes: a peer that sends more is cut off before
     * ZeroMQ allocates it. Two frames per peer queue at most. */
    int64_t maxmsg = WIRE_MAX_REQUEST_SIZE;
    int hwm = 2, one = 1;
    rc = dao_remote__socket_common(srv->router);
    if (rc == 0 && (zmq_setsockopt(srv->router, ZMQ_MAXMSGSIZE, &maxmsg, sizeof maxmsg) != 0 ||
                    zmq_setsockopt(srv->router, ZMQ_SNDHWM, &hwm, sizeof hwm) != 0 ||
                    zmq_setsockopt(srv->router, ZMQ_ROUTER_MANDATORY, &one, sizeof one) != 0))
        rc = dao_remote__zmq_error();
    const char *bind = o->bind ? o->bind : DAO_REMOTE_DEFAULT_BIND;
    if (rc == 0 && strchr(bind, '['))
        zmq_setsockopt(srv->router, ZMQ_IPV6, &one, sizeof one);
    if (rc == 0 && o->curve_dir)
        rc = setup_curve(srv, o->curve_dir);
    if (rc < 0)
        goto fail;
    if (zmq_bind(srv->router, bind) != 0) {
        rc = dao_remote__zmq_error();
        goto fail;
    }
    size_t len = sizeof srv->endpoint;
    zmq_getsockopt(srv->router, ZMQ_LAST_ENDPOINT, srv->endpoint, &len);
    *out = srv;
    return 0;
fail:
    dao_remote_server_free(srv);
    return rc;
}

void dao_remote_server_free(dao_remote_server *srv)
{
    if (!srv)
        return;
    for (size_t i = 0; i < srv->n_streams; i++) {
        stream_close(&srv->streams[i]);
        free(srv->streams[i].path);
    }
    free(srv->streams);
    for (size_t d = 0; d < srv->n_dirs; d++)
        free(srv->dirs[d]);
    if (srv->router)
        zmq_close(srv->router);
    if (srv->zap)
        zmq_close(srv->zap);
    if (srv->ctx)
        zmq_ctx_term(srv->ctx);
    free(srv->authorized);
    free(srv->clients);
    free(srv->scratch);
    free(srv);
}

int dao_remote_server_add(dao_remote_server *srv, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        if (srv->n_dirs == MAX_DIRS)
            return -ENOSPC;
        char *copy = strdup(path);
        if (!copy)
            return -ENOMEM;
        srv->dirs[srv->n_dirs++] = copy;
        srv->next_rescan_ns = 0;
        rescan(srv, dao_remote__now_mono_ns());
        return 0;
    }
    return stream_add(srv, path, false);
}

const char *dao_remote_server_endpoint(const dao_remote_server *srv)
{
    return srv->endpoint;
}

void dao_remote_server_get_stats(const dao_remote_server *srv, dao_remote_server_stats *out)
{
    *out = srv->stats;
    out->clients = 0;
    for (unsigned i = 0; i < srv->max_clients; i++)
        out->clients += srv->clients[i].used;
}
