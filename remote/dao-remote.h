/* dao-remote.h — DAO streams across machines, over ZeroMQ.
 *
 * A server (`daoctl serve`) offers the streams of one host by name; clients
 * ask it for the newest frame of one stream whenever they are ready for one.
 * There is never more than one frame in flight per client, so a slow or
 * distant client skips frames instead of queueing them, and the server
 * decimates to the rate each client asks for. The bytes on the wire are
 * dao's own versioned format (docs/wire-format.md); every message a peer
 * sends is validated before use, and no message can make us allocate more
 * than the limits set here.
 *
 * Receiving, the short way (the mirror, the viewer's remote source and
 * Python's dao.remote all do this):
 *
 *     dao_remote *r;
 *     int rc = dao_remote_open(&r, "tcp://rtc:5556/cam", NULL);
 *     if (rc < 0) { fprintf(stderr, "%s\n", dao_remote_strerror(rc)); return 1; }
 *     for (;;) {
 *         rc = dao_remote_wait(r, 1000000000);       // 1 s
 *         if (rc == 0) {                              // a new frame
 *             const dao_remote_frame *f = dao_remote_frame_info(r);
 *             const void *pixels = dao_remote_frame_data(r);
 *             use(f, pixels);
 *         } else if (rc < 0 && rc != -ETIMEDOUT) {
 *             break;                                  // a usage error
 *         }
 *         show(dao_remote_state_name(dao_remote_state_get(r)));
 *     }
 *     dao_remote_close(r);
 *
 * Conventions are libdao's: 0 or a negative code (-errno, a DAO_E_* code or
 * a DAO_REMOTE_E_* code below); constructors take the output first and leave
 * *out = NULL on failure; nothing prints, exits or keeps global state.
 * A dao_remote handle belongs to one thread at a time (ZeroMQ sockets are
 * not thread-safe); handles in different threads are independent.
 */
#ifndef DAO_REMOTE_H
#define DAO_REMOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dao.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */
/* ------------------------------------------------------------------------ */

/* Remote errors, below -20000: a range neither errno nor DAO_E_* reaches,
 * and the one daoview's frame-source seam keeps for a source's own codes
 * (DAOVIEW_SOURCE_ERROR_BASE), so a remote source passes them up as they
 * are. Their values cross the wire in error messages: they do not change. */
#define DAO_REMOTE_ERROR_MAP(X)                                                  \
    X(BAD_URL,        -20101, "not a tcp://HOST:PORT/NAME address")               \
    X(BAD_NAME,       -20102, "stream name is empty, too long or has characters other than A-Z a-z 0-9 . _ -") \
    X(BAD_MAGIC,      -20103, "peer sent a message that is not dao's wire format") \
    X(BAD_VERSION,    -20104, "peer speaks another version of the wire format")  \
    X(BAD_MESSAGE,    -20105, "peer sent a malformed message")                  \
    X(TOO_LARGE,      -20106, "peer announced a frame larger than this client accepts") \
    X(BAD_PAYLOAD,    -20107, "frame payload does not decode to the announced size") \
    X(NO_STREAM,      -20108, "the server offers no stream of that name")       \
    X(STREAM_INVALID, -20109, "the server cannot read that stream")             \
    X(BAD_KEY,        -20110, "CURVE key file missing or not a 40-character Z85 key") \
    X(NO_CURVE,       -20111, "this libzmq was built without CURVE")            \
    X(ZMQ,            -20112, "ZeroMQ call failed")

typedef enum dao_remote_error {
#define DAO_REMOTE__ERROR_ENUM(name, value, text) DAO_REMOTE_E_##name = (value),
    DAO_REMOTE_ERROR_MAP(DAO_REMOTE__ERROR_ENUM)
#undef DAO_REMOTE__ERROR_ENUM
} dao_remote_error;

/* A sentence for any code: DAO_REMOTE_E_*, DAO_E_*, -errno or 0. Static. */
const char *dao_remote_strerror(int code);
/* "DAO_REMOTE_E_BAD_MAGIC", or dao_err_name() for other codes. Static. */
const char *dao_remote_err_name(int code);

/* ------------------------------------------------------------------------ */
/* Addresses                                                                */
/* ------------------------------------------------------------------------ */

#define DAO_REMOTE_DEFAULT_PORT 5556
#define DAO_REMOTE_DEFAULT_BIND "tcp://127.0.0.1:5556"
#define DAO_REMOTE_NAME_MAX 63 /* characters in a stream name on the wire */

/* Split "tcp://HOST[:PORT]/NAME" into a ZeroMQ endpoint ("tcp://HOST:PORT",
 * port 5556 when omitted) and a stream name. HOST may be a name, an IPv4
 * address or a bracketed IPv6 address. Returns 0 or DAO_REMOTE_E_BAD_URL /
 * DAO_REMOTE_E_BAD_NAME. name may be NULL ("tcp://HOST:PORT" alone, for
 * listing), then a "/NAME" part is refused. */
int dao_remote_parse_url(const char *url, char *endpoint, size_t endpoint_len, char *name,
                         size_t name_len);

/* Is `name` a stream name the wire format carries? (1 … 63 characters of
 * A-Z a-z 0-9 . _ -, not starting with '.') */
bool dao_remote_name_is_valid(const char *name);

/* ------------------------------------------------------------------------ */
/* Receiving one stream                                                     */
/* ------------------------------------------------------------------------ */

typedef struct dao_remote dao_remote;

typedef enum dao_remote_state {
    DAO_REMOTE_CONNECTING = 0,   /* no answer from the server yet */
    DAO_REMOTE_LIVE = 1,         /* frames arrive */
    DAO_REMOTE_STALE = 2,        /* the server answers, its stream has no new frame */
    DAO_REMOTE_GONE = 3,         /* the server answers, it offers no such stream (now) */
    DAO_REMOTE_INVALID = 4,      /* the server cannot read the stream, or sent bytes we refused */
    DAO_REMOTE_RECREATED = 5,    /* this frame comes from a new stream of that name
                                    (new shape, type, or re-created file); the next is LIVE */
    DAO_REMOTE_DISCONNECTED = 6, /* the server stopped answering */
    DAO_REMOTE_RECONNECTING = 7, /* still no answer; trying again */
} dao_remote_state;

/* "connecting", "live", "stale", "gone", "invalid", "recreated",
 * "disconnected", "reconnecting". Static. */
const char *dao_remote_state_name(dao_remote_state state);

/* CURVE keys, each a 40-character Z85 string (see dao_remote_keys_load()). */
typedef struct dao_remote_keys {
    char server_public[41];
    char client_public[41];
    char client_secret[41];
} dao_remote_keys;

#define DAO_REMOTE_OPTIONS_VERSION 1
typedef struct dao_remote_options {
    unsigned version;         /* DAO_REMOTE_OPTIONS_VERSION */
    double max_fps;           /* frames per second asked of the server; 0: every frame */
    int64_t stale_after_ns;   /* LIVE becomes STALE after this long without a new frame */
    int64_t reply_timeout_ns; /* no answer this long: DISCONNECTED, then a new connection */
    size_t max_frame_bytes;   /* larger frames are refused (DAO_REMOTE_E_TOO_LARGE) */
    bool accept_lz4;          /* let the server compress (lossless) */
    const dao_remote_keys *keys; /* CURVE keys, or NULL for a plain connection */
} dao_remote_options;

#define DAO_REMOTE_OPTIONS_INIT                                                  \
    {                                                                           \
        .version = DAO_REMOTE_OPTIONS_VERSION, .max_fps = 0,                    \
        .stale_after_ns = 2000000000, .reply_timeout_ns = 3000000000,           \
        .max_frame_bytes = (size_t)256 << 20, .accept_lz4 = true, .keys = NULL, \
    }

/* Connect to the stream at `url` ("tcp://HOST:PORT/NAME") and ask for its
 * newest frame. Returns at once (the state is CONNECTING until the server
 * answers); the connection is re-made for ever in the background of
 * dao_remote_wait(). options may be NULL (DAO_REMOTE_OPTIONS_INIT). */
int dao_remote_open(dao_remote **out, const char *url, const dao_remote_options *options);

/* Close the connection and free. dao_remote_close(NULL) does nothing. */
void dao_remote_close(dao_remote *r);

/* Wait up to timeout_ns (< 0: for ever, 0: only look) for the next frame.
 * Returns 0 when a new frame has arrived (dao_remote_frame_info() and
 * dao_remote_frame_data() describe it), 1 when the state changed without a
 * frame (see dao_remote_state_get()), -ETIMEDOUT, or a negative code for a
 * failure of this machine (-ENOMEM, DAO_REMOTE_E_ZMQ). A peer's bad message
 * is not a failure of the call: the state becomes INVALID, the code is kept
 * in dao_remote_last_error() and the client asks again. Asking for the next
 * frame happens inside: each call asks for the next frame if no request is
 * out, so a frame arrives only when the caller is ready for one, and it is
 * the newest the server had then. At most one frame is ever in flight. */
int dao_remote_wait(dao_remote *r, int64_t timeout_ns);

dao_remote_state dao_remote_state_get(const dao_remote *r);

/* The code behind INVALID / GONE (DAO_REMOTE_E_*, DAO_E_* from the server),
 * 0 when none. */
int dao_remote_last_error(const dao_remote *r);

/* Change the rate asked of the server (frames per second, 0: every frame);
 * it applies from the next request. */
void dao_remote_set_max_fps(dao_remote *r, double max_fps);

/* What came with the newest frame (dao_remote_frame_info()). */
typedef struct dao_remote_frame {
    char name[DAO_REMOTE_NAME_MAX + 1]; /* the stream's name on the server */
    unsigned source_format;             /* DAO_REMOTE_SOURCE_DAO, …_MILK */
    dao_type type;
    unsigned naxis;
    uint32_t shape[DAO_MAX_AXES];       /* C order, unused entries 0 */
    uint64_t counter;                   /* the remote stream's frame counter */
    int64_t write_time_ns;              /* the remote writer's stamp (its CLOCK_REALTIME) */
    int64_t send_time_ns;               /* when the server copied it (its CLOCK_REALTIME) */
    int64_t receive_time_ns;            /* when we took it in (our CLOCK_REALTIME) */
    uint32_t generation;                /* +1 each time the server re-opened the stream */
    size_t size;                        /* frame bytes (elements × element size) */
    size_t payload_size;                /* bytes that crossed the network */
    unsigned codec;                     /* DAO_REMOTE_CODEC_* it crossed in */
    unsigned keyword_count;             /* used keywords sent */
    unsigned keyword_capacity;          /* keyword entries of the source stream */
    uint64_t frames_received;           /* frames this handle has received */
} dao_remote_frame;

enum {
    DAO_REMOTE_SOURCE_DAO = 1,
    DAO_REMOTE_SOURCE_MILK = 2,
};

/* The newest frame's description, or NULL before the first frame. Borrowed,
 * valid until the next dao_remote_wait() or close. */
const dao_remote_frame *dao_remote_frame_info(const dao_remote *r);

/* The newest frame's pixels, size bytes, aligned for its element type, or
 * NULL before the first frame or when out of memory. A frame is checked
 * (and decompressed) when it arrives, so these bytes are always whole.
 * Borrowed, as above. */
const void *dao_remote_frame_data(dao_remote *r);

/* Copy the newest frame into dst (exactly size bytes). */
int dao_remote_frame_copy(dao_remote *r, void *dst, size_t size);

/* Keyword i (0 … keyword_count-1) of the newest frame. */
int dao_remote_frame_keyword(const dao_remote *r, unsigned index, dao_keyword *out);

/* Mirror the newest frame into a local stream: *local is created at `path`
 * on the first frame (NULL before it) and created again when the remote
 * stream's shape, type or keyword capacity changes (*created then says
 * so; may be NULL); the frame's keywords are set, then the frame is written
 * as one libdao write, so local readers see a normal stream whose counter
 * counts the frames mirrored. Close *local with dao_stream_close(). */
int dao_remote_mirror_write(dao_remote *r, dao_stream **local, const char *path, bool *created);

/* ------------------------------------------------------------------------ */
/* What a server offers (for a chooser)                                     */
/* ------------------------------------------------------------------------ */

typedef struct dao_remote_entry {
    char name[DAO_REMOTE_NAME_MAX + 1];
    unsigned source_format;
    dao_type type;          /* 0 when the stream cannot be read (valid false) */
    unsigned naxis;
    uint32_t shape[DAO_MAX_AXES];
    uint64_t counter;
    bool valid;
} dao_remote_entry;

/* Ask the server at `url` ("tcp://HOST:PORT") which streams it offers.
 * On success *entries is a malloc'ed array of *count entries (free() it),
 * sorted by name. Waits at most timeout_ns (-ETIMEDOUT). keys may be NULL. */
int dao_remote_list(const char *url, const dao_remote_keys *keys, int64_t timeout_ns,
                    dao_remote_entry **entries, size_t *count);

/* ------------------------------------------------------------------------ */
/* CURVE keys                                                               */
/* ------------------------------------------------------------------------ */

/* A key directory (docs/wire-format.md, "Authentication") holds Z85 text
 * files, one key each:
 *   server side: server.key (secret), server.pub, authorized/NAME.pub (one per
 *                client allowed in);
 *   client side: client.key (secret), client.pub, server.pub (the server's).
 * dao_remote_keys_make() writes a new pair as ROLE.key (mode 0600) and
 * ROLE.pub in dir (created 0700 if missing; existing keys are not
 * overwritten: -EEXIST). role is "server" or "client". */
int dao_remote_keys_make(const char *dir, const char *role);

/* Load a client's keys from dir. */
int dao_remote_keys_load(dao_remote_keys *keys, const char *dir);

/* Read one Z85 key file (40 characters, an optional newline). */
int dao_remote_key_read(const char *path, char key[41]);

/* ------------------------------------------------------------------------ */
/* Serving                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct dao_remote_server dao_remote_server;

enum dao_remote_codec {
    DAO_REMOTE_CODEC_NONE = 0,
    DAO_REMOTE_CODEC_LZ4 = 1,         /* LZ4 block of the raw bytes */
    DAO_REMOTE_CODEC_SHUFFLE_LZ4 = 2, /* bytes grouped by significance, then LZ4 */
};

#define DAO_REMOTE_SERVER_OPTIONS_VERSION 1
typedef struct dao_remote_server_options {
    unsigned version;
    const char *bind;     /* ZeroMQ endpoint; NULL: DAO_REMOTE_DEFAULT_BIND */
    double max_fps;       /* at most this many frames per second to any client; 0: no cap */
    bool lz4;             /* compress for clients that accept it */
    bool wake_on_semaphore; /* claim the highest free reader slot of each stream and
                               sleep on its semaphore while a client waits for a frame
                               (copies start right after a commit; costs the writer one
                               sem_post per frame: see remote-bench) instead of polling
                               the counter every poll_interval_ns */
    const char *curve_dir; /* server.key and authorized/NAME.pub files, or NULL */
    unsigned max_clients; /* client records kept (0: 256); the oldest idle goes first */
    int64_t poll_interval_ns; /* counter polling while a request waits (0: 1 ms) */
    int64_t hold_ns;      /* a request with no new frame is answered "stale" after this (0: 1 s) */
} dao_remote_server_options;

#define DAO_REMOTE_SERVER_OPTIONS_INIT { .version = DAO_REMOTE_SERVER_OPTIONS_VERSION }

/* Bind. Streams are added with dao_remote_server_add(). */
int dao_remote_server_new(dao_remote_server **out, const dao_remote_server_options *options);
void dao_remote_server_free(dao_remote_server *srv);

/* Offer the stream at `path` (a file) under its stem, or every *.im.shm of
 * a directory (looked at again every second, so streams created later are
 * offered too). The file need not exist yet: a path is offered once it
 * does. Returns DAO_REMOTE_E_BAD_NAME when the stem cannot go on the wire,
 * -EEXIST when another path has that name. */
int dao_remote_server_add(dao_remote_server *srv, const char *path);

/* The endpoint actually bound (with the port when 0 was asked). Borrowed. */
const char *dao_remote_server_endpoint(const dao_remote_server *srv);

/* Serve for duration_ns. Returns 0 then, -EINTR as soon as a signal
 * interrupts the wait (so a caller's stop flag is seen at once), or another
 * negative code for a failure of this machine. */
int dao_remote_server_run(dao_remote_server *srv, int64_t duration_ns);

/* Counters for `daoctl serve --stats` and the tests. */
typedef struct dao_remote_server_stats {
    uint64_t frames_sent;
    uint64_t bytes_sent;     /* payload bytes */
    uint64_t copies;         /* frames copied out of streams */
    uint64_t torn;           /* copies that raced a write (retried at the next poll) */
    uint64_t bad_requests;   /* messages refused */
    uint64_t dropped;        /* sends refused by a full peer queue */
    unsigned clients;        /* client records now */
} dao_remote_server_stats;

void dao_remote_server_get_stats(const dao_remote_server *srv, dao_remote_server_stats *out);

#ifdef __cplusplus
}
#endif

#endif /* DAO_REMOTE_H */
