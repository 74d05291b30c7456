/* remote-client.c — receiving one remote stream: one DEALER socket, and the
 * "Lazy Pirate" way of surviving a server that goes away (a request not
 * answered in time means the connection is dropped and made again).
 *
 * The request for a frame goes out when the caller is ready for one (when it
 * calls dao_remote_wait()), not when the previous frame arrives: the frame
 * the caller gets is then the newest at the time it asked, never one that
 * waited in a queue while it was busy. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

#include "remote-codec.h"
#include "remote-private.h"
#include "remote-wire.h"

/* After an error answer ("no such stream"), ask again this much later. */
#define RETRY_AFTER_ERROR_NS 500000000LL
/* Time allowed per payload byte on top of reply_timeout: 10 MB/s, so a big
 * frame on a slow link is not taken for a dead server. */
#define NS_PER_BYTE 100

struct dao_remote {
    void *ctx;
    void *sock;
    char endpoint[256];
    char name[WIRE_NAME_FIELD];
    dao_remote_options opt;
    dao_remote_keys keys;

    dao_remote_state state;
    int last_error;
    bool answered_since_connect; /* the current connection has answered */
    bool in_flight;              /* a request is out and not answered */
    int64_t sent_ns;
    int64_t retry_at_ns;
    int64_t last_frame_ns;

    bool have_frame;
    dao_remote_frame frame;
    zmq_msg_t header;
    zmq_msg_t payload;
    uint64_t frames;
    bool continuous;            /* no reconnection since the previous frame */

    void *pixels;               /* decoded or aligned frame, when needed */
    size_t pixels_cap;
    bool pixels_valid;
    void *scratch;
    size_t scratch_cap;
};

static int socket_open(dao_remote *r)
{
    r->sock = zmq_socket(r->ctx, ZMQ_DEALER);
    if (!r->sock)
        return dao_remote__zmq_error();
    int rc = dao_remote__socket_common(r->sock);
    if (rc < 0)
        return rc;
    /* A peer cannot make us take in a message larger than a frame we
     * accept (plus its header), nor more than two of them at once. */
    int64_t maxmsg = (int64_t)r->opt.max_frame_bytes + (int64_t)dao_remote__frame_header_size(WIRE_MAX_KEYWORDS);
    int hwm = 2, one = 1;
    if (zmq_setsockopt(r->sock, ZMQ_MAXMSGSIZE, &maxmsg, sizeof maxmsg) != 0 ||
        zmq_setsockopt(r->sock, ZMQ_RCVHWM, &hwm, sizeof hwm) != 0)
        return dao_remote__zmq_error();
    if (strchr(r->endpoint, '['))
        zmq_setsockopt(r->sock, ZMQ_IPV6, &one, sizeof one);
    if (r->opt.keys) {
        if (!zmq_has("curve"))
            return DAO_REMOTE_E_NO_CURVE;
        if (zmq_setsockopt(r->sock, ZMQ_CURVE_SERVERKEY, r->keys.server_public, 40) != 0 ||
            zmq_setsockopt(r->sock, ZMQ_CURVE_PUBLICKEY, r->keys.client_public, 40) != 0 ||
            zmq_setsockopt(r->sock, ZMQ_CURVE_SECRETKEY, r->keys.client_secret, 40) != 0)
            return DAO_REMOTE_E_BAD_KEY;
    }
    if (zmq_connect(r->sock, r->endpoint) != 0)
        return dao_remote__zmq_error();
    return 0;
}

static void socket_close(dao_remote *r)
{
    if (r->sock)
        zmq_close(r->sock);
    r->sock = NULL;
}

int dao_remote_open(dao_remote **out, const char *url, const dao_remote_options *options)
{
    *out = NULL;
    dao_remote_options defaults = DAO_REMOTE_OPTIONS_INIT;
    if (!options)
        options = &defaults;
    if (options->version != DAO_REMOTE_OPTIONS_VERSION || options->max_fps < 0 ||
        options->max_frame_bytes == 0)
        return -EINVAL;
    dao_remote *r = calloc(1, sizeof *r);
    if (!r)
        return -ENOMEM;
    int rc = dao_remote_parse_url(url, r->endpoint, sizeof r->endpoint, r->name, sizeof r->name);
    if (rc < 0) {
        free(r);
        return rc;
    }
    r->opt = *options;
    if (options->keys) {
        r->keys = *options->keys;
        r->opt.keys = &r->keys;
    }
    if (r->opt.stale_after_ns <= 0)
        r->opt.stale_after_ns = defaults.stale_after_ns;
    if (r->opt.reply_timeout_ns <= 0)
        r->opt.reply_timeout_ns = defaults.reply_timeout_ns;
    zmq_msg_init(&r->header);
    zmq_msg_init(&r->payload);
    r->state = DAO_REMOTE_CONNECTING;
    r->ctx = zmq_ctx_new();
    rc = r->ctx ? socket_open(r) : -ENOMEM;
    if (rc < 0) {
        dao_remote_close(r);
        return rc;
    }
    *out = r;
    return 0;
}

void dao_remote_close(dao_remote *r)
{
    if (!r)
        return;
    socket_close(r);
    if (r->ctx)
        zmq_ctx_term(r->ctx);
    zmq_msg_close(&r->header);
    zmq_msg_close(&r->payload);
    free(r->pixels);
    free(r->scratch);
    free(r);
}

dao_remote_state dao_remote_state_get(const dao_remote *r)
{
    return r->state;
}

int dao_remote_last_error(const dao_remote *r)
{
    return r->last_error;
}

void dao_remote_set_max_fps(dao_remote *r, double max_fps)
{
    r->opt.max_fps = max_fps > 0 ? max_fps : 0;
}

static int send_request(dao_remote *r, int64_t now)
{
    wire_request rq = {
        .kind = WIRE_REQUEST_FRAME,
        .codecs = 1u << DAO_REMOTE_CODEC_NONE,
        .last_counter = r->have_frame ? r->frame.counter : 0,
        .last_generation = r->have_frame ? r->frame.generation : 0,
    };
    if (r->opt.accept_lz4)
        rq.codecs |= 1u << DAO_REMOTE_CODEC_LZ4 | 1u << DAO_REMOTE_CODEC_SHUFFLE_LZ4;
    double milli = r->opt.max_fps * 1000.0;
    rq.max_fps_milli = milli >= 4e9 ? 0 : (uint32_t)(milli + 0.5);
    strcpy(rq.name, r->name);
    uint8_t buf[WIRE_REQUEST_SIZE];
    dao_remote__request_encode(buf, &rq);
    if (zmq_send(r->sock, buf, sizeof buf, ZMQ_DONTWAIT) < 0) {
        int rc = dao_remote__zmq_error();
        return rc == -EAGAIN || rc == -EINTR ? 0 : rc;
    }
    r->in_flight = true;
    r->sent_ns = now;
    return 0;
}

static bool set_state(dao_remote *r, dao_remote_state s)
{
    bool changed = r->state != s;
    r->state = s;
    return changed;
}

static bool same_geometry(const dao_remote_frame *a, const dao_remote_frame *b)
{
    return a->type == b->type && a->naxis == b->naxis &&
           memcmp(a->shape, b->shape, sizeof a->shape) == 0;
}

static int grow(void **buf, size_t *cap, size_t size)
{
    if (*cap >= size)
        return 0;
    void *p = NULL;
    if (posix_memalign(&p, 64, size) != 0)
        return -ENOMEM;
    free(*buf);
    *buf = p;
    *cap = size;
    return 0;
}

/* A frame arrived: header and payload parts, validated before anything of
 * it is kept. A compressed payload is decoded here, at once, so a frame
 * that wait() hands out is always whole: one that does not decode is
 * refused like any other bad message. */
static int take_frame(dao_remote *r, zmq_msg_t *header, zmq_msg_t *payload, int64_t now)
{
    dao_remote_frame f;
    int rc = dao_remote__frame_header_decode(&f, zmq_msg_data(header), zmq_msg_size(header),
                                             zmq_msg_size(payload), r->opt.max_frame_bytes);
    if (rc < 0)
        return rc;
    if (strcmp(f.name, r->name) != 0)
        return DAO_REMOTE_E_BAD_MESSAGE;
    if (f.codec != DAO_REMOTE_CODEC_NONE) {
        if (grow(&r->pixels, &r->pixels_cap, f.size) < 0 ||
            (f.codec == DAO_REMOTE_CODEC_SHUFFLE_LZ4 && grow(&r->scratch, &r->scratch_cap, f.size) < 0))
            return -ENOMEM;
        rc = dao_remote__decode(f.codec, zmq_msg_data(payload), zmq_msg_size(payload), r->pixels, f.size,
                                dao_type_size((int)f.type), r->scratch);
        if (rc < 0)
            return rc;
    }
    bool recreated = r->have_frame && (!same_geometry(&f, &r->frame) ||
                                       (r->continuous && f.generation != r->frame.generation));
    f.receive_time_ns = dao_remote__now_real_ns();
    f.frames_received = ++r->frames;
    zmq_msg_move(&r->header, header);
    zmq_msg_move(&r->payload, payload);
    r->frame = f;
    r->have_frame = true;
    r->pixels_valid = f.codec != DAO_REMOTE_CODEC_NONE;
    r->continuous = true;
    r->last_frame_ns = now;
    r->last_error = 0;
    set_state(r, recreated ? DAO_REMOTE_RECREATED : DAO_REMOTE_LIVE);
    return 0;
}

/* Handle one message. Returns 0 (a frame), 1 (state changed), 2 (nothing
 * to report) or a negative code of this machine. */
static int handle_message(dao_remote *r, int64_t now)
{
    zmq_msg_t part[2];
    zmq_msg_init(&part[0]);
    zmq_msg_init(&part[1]);
    int n = 0, rc = 0;
    bool more = true;
    while (more) {
        zmq_msg_t *dst = &part[n < 2 ? n : 1];
        if (n >= 2) { /* a third part: keep reading, refuse the message */
            zmq_msg_close(dst);
            zmq_msg_init(dst);
        }
        if (zmq_msg_recv(dst, r->sock, n == 0 ? ZMQ_DONTWAIT : 0) < 0) {
            rc = dao_remote__zmq_error();
            break;
        }
        more = zmq_msg_more(dst);
        n++;
    }
    if (rc < 0) {
        zmq_msg_close(&part[0]);
        zmq_msg_close(&part[1]);
        return rc == -EAGAIN || rc == -EINTR ? 2 : rc;
    }
    r->in_flight = false;
    r->answered_since_connect = true;
    const void *body = zmq_msg_data(&part[0]);
    size_t len = zmq_msg_size(&part[0]);
    int code;
    const char *kind = dao_remote__wire_kind(body, len, &code);
    int result = 2;
    if (kind && strcmp(kind, WIRE_MAGIC_FRAME) == 0 && n == 2) {
        code = take_frame(r, &part[0], &part[1], now);
        result = 0;
    } else if (kind && strcmp(kind, WIRE_MAGIC_STATUS) == 0 && n == 1) {
        wire_status st;
        code = dao_remote__status_decode(&st, body, len);
        if (code == 0 && strcmp(st.name, r->name) != 0)
            code = DAO_REMOTE_E_BAD_MESSAGE;
        if (code == 0) {
            r->last_error = 0;
            result = set_state(r, r->have_frame && now - r->last_frame_ns < r->opt.stale_after_ns &&
                                          r->state == DAO_REMOTE_LIVE
                                      ? DAO_REMOTE_LIVE
                                      : DAO_REMOTE_STALE)
                         ? 1
                         : 2;
        }
    } else if (kind && strcmp(kind, WIRE_MAGIC_ERROR) == 0 && n == 1) {
        wire_error e;
        code = dao_remote__error_decode(&e, body, len);
        if (code == 0) {
            r->last_error = e.code;
            r->retry_at_ns = now + RETRY_AFTER_ERROR_NS;
            result = set_state(r, e.code == DAO_REMOTE_E_NO_STREAM ? DAO_REMOTE_GONE : DAO_REMOTE_INVALID)
                         ? 1
                         : 2;
        }
    } else if (code == 0) {
        code = DAO_REMOTE_E_BAD_MESSAGE; /* a known magic in the wrong place */
    }
    zmq_msg_close(&part[0]);
    zmq_msg_close(&part[1]);
    if (code < 0) {
        /* The peer is broken or hostile: refuse, say so, ask again later. */
        bool changed = set_state(r, DAO_REMOTE_INVALID) || r->last_error != code;
        r->last_error = code;
        r->retry_at_ns = now + RETRY_AFTER_ERROR_NS;
        return changed ? 1 : 2;
    }
    return result;
}

static int64_t reply_deadline(const dao_remote *r)
{
    int64_t allowance = r->have_frame ? (int64_t)r->frame.payload_size * NS_PER_BYTE : 0;
    return r->sent_ns + r->opt.reply_timeout_ns + allowance;
}

/* No answer in time: drop the connection and make a new one. */
static int reconnect(dao_remote *r)
{
    socket_close(r);
    r->in_flight = false;
    r->continuous = false;
    dao_remote_state next;
    if (r->state == DAO_REMOTE_CONNECTING)
        next = DAO_REMOTE_CONNECTING; /* never reached it: keep trying */
    else if (r->answered_since_connect)
        next = DAO_REMOTE_DISCONNECTED;
    else
        next = DAO_REMOTE_RECONNECTING;
    r->answered_since_connect = false;
    int rc = socket_open(r);
    if (rc < 0)
        return rc;
    return set_state(r, next) ? 1 : 2;
}

int dao_remote_wait(dao_remote *r, int64_t timeout_ns)
{
    int64_t start = dao_remote__now_mono_ns();
    int64_t deadline = timeout_ns < 0 ? INT64_MAX : start + timeout_ns;
    for (;;) {
        int64_t now = dao_remote__now_mono_ns();
        if (!r->sock) {
            int rc = socket_open(r);
            if (rc < 0)
                return rc;
        }
        if (!r->in_flight && now >= r->retry_at_ns) {
            int rc = send_request(r, now);
            if (rc < 0)
                return rc;
        }
        if (r->state == DAO_REMOTE_LIVE && now - r->last_frame_ns >= r->opt.stale_after_ns) {
            set_state(r, DAO_REMOTE_STALE);
            return 1;
        }
        int64_t wake = deadline;
        if (r->in_flight && reply_deadline(r) < wake)
            wake = reply_deadline(r);
        if (!r->in_flight && r->retry_at_ns < wake)
            wake = r->retry_at_ns > now ? r->retry_at_ns : now + 1000000; /* a send that did not go: retry soon */
        if (r->state == DAO_REMOTE_LIVE && r->last_frame_ns + r->opt.stale_after_ns < wake)
            wake = r->last_frame_ns + r->opt.stale_after_ns;
        long ms = wake <= now ? 0 : (long)((wake - now + 999999) / 1000000);
        if (wake == INT64_MAX)
            ms = -1;
        zmq_pollitem_t item = {.socket = r->sock, .events = ZMQ_POLLIN};
        int n = zmq_poll(&item, 1, ms);
        if (n < 0) {
            int rc = dao_remote__zmq_error();
            if (rc != -EINTR)
                return rc;
            continue;
        }
        now = dao_remote__now_mono_ns();
        if (n > 0 && (item.revents & ZMQ_POLLIN)) {
            int rc = handle_message(r, now);
            if (rc < 2)
                return rc;
        } else if (r->in_flight && now >= reply_deadline(r)) {
            int rc = reconnect(r);
            if (rc < 2)
                return rc;
        }
        if (now >= deadline)
            return -ETIMEDOUT;
    }
}

const dao_remote_frame *dao_remote_frame_info(const dao_remote *r)
{
    return r->have_frame ? &r->frame : NULL;
}

int dao_remote_frame_copy(dao_remote *r, void *dst, size_t size)
{
    if (!r->have_frame)
        return -ENODATA;
    if (size != r->frame.size)
        return DAO_E_SIZE_MISMATCH;
    memcpy(dst, r->pixels_valid ? r->pixels : zmq_msg_data(&r->payload), size);
    return 0;
}

const void *dao_remote_frame_data(dao_remote *r)
{
    if (!r->have_frame)
        return NULL;
    if (r->pixels_valid)
        return r->pixels;
    /* A raw frame is used in place when it is aligned for its element
     * type (ZeroMQ may hand out a message inside its receive buffer). */
    const void *raw = zmq_msg_data(&r->payload);
    if (((uintptr_t)raw % 16) == 0)
        return raw;
    if (grow(&r->pixels, &r->pixels_cap, r->frame.size) < 0)
        return NULL;
    memcpy(r->pixels, raw, r->frame.size);
    r->pixels_valid = true;
    return r->pixels;
}

int dao_remote_frame_keyword(const dao_remote *r, unsigned index, dao_keyword *out)
{
    if (!r->have_frame || index >= r->frame.keyword_count)
        return -EINVAL;
    dao_remote__frame_keyword_decode(out, zmq_msg_data((zmq_msg_t *)&r->header), index);
    return 0;
}

/* ---- listing ------------------------------------------------------------ */

static int compare_entries(const void *a, const void *b)
{
    return strcmp(((const dao_remote_entry *)a)->name, ((const dao_remote_entry *)b)->name);
}

int dao_remote_list(const char *url, const dao_remote_keys *keys, int64_t timeout_ns,
                    dao_remote_entry **entries, size_t *count)
{
    *entries = NULL;
    *count = 0;
    dao_remote *r = calloc(1, sizeof *r);
    if (!r)
        return -ENOMEM;
    zmq_msg_init(&r->header);
    zmq_msg_init(&r->payload);
    int rc = dao_remote_parse_url(url, r->endpoint, sizeof r->endpoint, NULL, 0);
    if (rc == 0) {
        dao_remote_options defaults = DAO_REMOTE_OPTIONS_INIT;
        r->opt = defaults;
        r->opt.max_frame_bytes = WIRE_MAX_LIST_SIZE;
        if (keys) {
            r->keys = *keys;
            r->opt.keys = &r->keys;
        }
        r->ctx = zmq_ctx_new();
        rc = r->ctx ? socket_open(r) : -ENOMEM;
    }
    if (rc == 0) {
        wire_request rq = {.kind = WIRE_REQUEST_LIST};
        uint8_t buf[WIRE_REQUEST_SIZE];
        dao_remote__request_encode(buf, &rq);
        if (zmq_send(r->sock, buf, sizeof buf, 0) < 0)
            rc = dao_remote__zmq_error();
    }
    if (rc == 0) {
        zmq_pollitem_t item = {.socket = r->sock, .events = ZMQ_POLLIN};
        long ms = timeout_ns < 0 ? -1 : (long)((timeout_ns + 999999) / 1000000);
        int n = zmq_poll(&item, 1, ms);
        if (n < 0)
            rc = dao_remote__zmq_error();
        else if (n == 0)
            rc = -ETIMEDOUT;
    }
    if (rc == 0) {
        zmq_msg_t m;
        zmq_msg_init(&m);
        if (zmq_msg_recv(&m, r->sock, 0) < 0) {
            rc = dao_remote__zmq_error();
        } else if (zmq_msg_more(&m)) {
            rc = DAO_REMOTE_E_BAD_MESSAGE;
        } else {
            wire_error e;
            if (dao_remote__error_decode(&e, zmq_msg_data(&m), zmq_msg_size(&m)) == 0)
                rc = e.code;
            else
                rc = dao_remote__list_decode(entries, count, zmq_msg_data(&m), zmq_msg_size(&m));
        }
        zmq_msg_close(&m);
    }
    if (rc == 0 && *count > 1)
        qsort(*entries, *count, sizeof **entries, compare_entries);
    dao_remote_close(r);
    return rc;
}
