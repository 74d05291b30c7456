/* test-remote-exchange.c — server and clients in separate processes over
 * loopback: exact bytes of every type and shape, listing, re-creation, a
 * slow client beside a fast one, hostile servers and clients, a client
 * killed mid-frame, a server restarted under a connected client, CURVE.
 *
 * The server always runs in a forked child (ZeroMQ contexts are never
 * shared across fork: the parent creates its own only after forking), and
 * tells the parent the port it bound through a pipe. Nothing here asserts
 * a duration: where a test waits, it waits for a fact, with a generous cap. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>
#include <zmq.h>

#include "test-util.h"
#include "dao-remote.h"
#include "remote-test-util.h"
#include "remote-wire.h"

#define SECOND 1000000000LL

/* ---- helpers -------------------------------------------------------------- */

static pid_t start_server(server_args *a, char *endpoint, size_t len)
{
    pid_t pid = remote_server_start(a, endpoint, len);
    if (pid < 0)
        fail_msg("server did not start: '%s'", endpoint);
    return pid;
}

static void stop_server(pid_t pid)
{
    assert_int_equal(remote_server_stop(pid), 128 + SIGKILL);
}

#define server_alive remote_server_alive

static void url_of(char *url, size_t len, const char *endpoint, const char *path)
{
    char stem[128];
    assert_true(dao_stream_stem(stem, sizeof stem, path) > 0);
    snprintf(url, len, "%s/%s", endpoint, stem);
}

/* Wait (at most cap_ns) until a frame arrives; returns 0 or the last code. */
static int wait_frame(dao_remote *r, int64_t cap_ns)
{
    int64_t end = test_now_ns() + cap_ns;
    int rc = -ETIMEDOUT;
    while (test_now_ns() < end) {
        rc = dao_remote_wait(r, 100000000);
        if (rc == 0)
            return 0;
        if (rc < 0 && rc != -ETIMEDOUT)
            return rc;
    }
    return rc;
}

static void wait_state(dao_remote *r, dao_remote_state want, int64_t cap_ns)
{
    int64_t end = test_now_ns() + cap_ns;
    while (dao_remote_state_get(r) != want && test_now_ns() < end)
        dao_remote_wait(r, 100000000);
    if (dao_remote_state_get(r) != want)
        fail_msg("state %s, expected %s (last error %s)", dao_remote_state_name(dao_remote_state_get(r)),
                 dao_remote_state_name(want), dao_remote_err_name(dao_remote_last_error(r)));
}

static void fill_random(void *buf, size_t size, uint32_t seed)
{
    uint8_t *p = buf;
    for (size_t i = 0; i < size; i++) {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        /* Runs of repeats so LZ4 finds something, noise so it must work. */
        p[i] = (uint8_t)((i % 64 < 32) ? (i / 97) : seed);
    }
}

/* ---- bytes of every type and shape -------------------------------------- */

static void check_every_type_and_shape(bool lz4)
{
    static const uint32_t shapes[3][3] = {{1000, 0, 0}, {33, 17, 0}, {5, 7, 9}};
    const char *paths[36];
    unsigned n = 0;
    for (int type = DAO_TYPE_FIRST; type <= DAO_TYPE_LAST; type++) {
        for (unsigned naxis = 1; naxis <= 3; naxis++) {
            const char *path = test_stream_path();
            dao_create_options co = DAO_CREATE_OPTIONS_INIT;
            co.keywords = 3;
            dao_stream *s;
            assert_dao_ok(dao_stream_create(&s, path, (dao_type)type, naxis, shapes[naxis - 1], &co));
            size_t size = dao_stream_frame_size(s);
            void *frame = malloc(size);
            fill_random(frame, size, (uint32_t)(type * 10 + naxis));
            assert_dao_ok(dao_stream_keyword_set_int(s, "SEQ", type * 10 + naxis, "a test"));
            assert_dao_ok(dao_stream_keyword_set_double(s, "GAIN", 0.5 * type, NULL));
            assert_dao_ok(dao_stream_keyword_set_string(s, "MODE", "closed", NULL));
            assert_dao_ok(dao_stream_write(s, frame, size));
            free(frame);
            dao_stream_close(s);
            paths[n++] = path;
        }
    }
    server_args a = {.lz4 = lz4};
    char dir_endpoint[128];
    a.paths[0] = test_dir(); /* the whole directory: its streams are found by the scan */
    a.n_paths = 1;
    pid_t pid = start_server(&a, dir_endpoint, sizeof dir_endpoint);

    bool saw_coded = false;
    for (unsigned i = 0; i < n; i++) {
        char url[256];
        url_of(url, sizeof url, dir_endpoint, paths[i]);
        dao_remote *r;
        assert_dao_ok(dao_remote_open(&r, url, NULL));
        assert_dao_ok(wait_frame(r, 20 * SECOND));
        const dao_remote_frame *f = dao_remote_frame_info(r);
        dao_stream *s;
        assert_dao_ok(dao_stream_open(&s, paths[i], DAO_OPEN_READ_ONLY));
        assert_int_equal(f->type, dao_stream_type(s));
        assert_int_equal(f->naxis, dao_stream_naxis(s));
        assert_memory_equal(f->shape, dao_stream_shape(s), sizeof f->shape);
        assert_int_equal(f->counter, 1);
        assert_true(f->write_time_ns == dao_stream_write_time_ns(s));
        assert_int_equal(f->size, dao_stream_frame_size(s));
        saw_coded |= f->codec != DAO_REMOTE_CODEC_NONE;
        void *local = malloc(f->size);
        assert_dao_ok(dao_stream_read(s, local, f->size, -1, NULL));
        const void *got = dao_remote_frame_data(r);
        assert_non_null(got);
        assert_memory_equal(got, local, f->size);
        /* and decoded straight into a buffer of ours */
        void *copy = malloc(f->size);
        assert_dao_ok(dao_remote_frame_copy(r, copy, f->size));
        assert_memory_equal(copy, local, f->size);
        assert_int_equal(f->keyword_count, 3);
        dao_keyword k;
        assert_dao_ok(dao_remote_frame_keyword(r, 0, &k));
        assert_string_equal(k.name, "SEQ");
        assert_true(k.value.i == (int64_t)(dao_stream_type(s) * 10 + dao_stream_naxis(s)));
        assert_string_equal(k.comment, "a test");
        assert_dao_ok(dao_remote_frame_keyword(r, 2, &k));
        assert_string_equal(k.value.s, "closed");
        free(local);
        free(copy);
        dao_stream_close(s);
        dao_remote_close(r);
    }
    /* With LZ4 on, the compressible test frames went compressed. */
    assert_true(saw_coded == lz4);
    stop_server(pid);
    test_cleanup_paths();
}

static void test_every_type_and_shape_raw(void **state)
{
    (void)state;
    check_every_type_and_shape(false);
}

static void test_every_type_and_shape_lz4(void **state)
{
    (void)state;
    check_every_type_and_shape(true);
}

/* ---- listing, unknown names, re-creation -------------------------------- */

static void test_list_gone_recreated(void **state)
{
    (void)state;
    const char *path = test_stream_path(), *missing = test_stream_path();
    uint32_t shape[2] = {4, 6};
    dao_stream *s;
    assert_dao_ok(dao_stream_create(&s, path, DAO_FLOAT, 2, shape, NULL));
    float frame[24] = {1.5f};
    assert_dao_ok(dao_stream_write(s, frame, sizeof frame));
    server_args a = {.paths = {path, missing}, .n_paths = 2};
    char ep[128];
    pid_t pid = start_server(&a, ep, sizeof ep);

    dao_remote_entry *entries;
    size_t n;
    assert_dao_ok(dao_remote_list(ep, NULL, 20 * SECOND, &entries, &n));
    assert_int_equal(n, 2);
    char stem[64], missing_stem[64];
    dao_stream_stem(stem, sizeof stem, path);
    dao_stream_stem(missing_stem, sizeof missing_stem, missing);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(entries[i].name, stem) == 0) {
            assert_true(entries[i].valid);
            assert_int_equal(entries[i].type, DAO_FLOAT);
            assert_int_equal(entries[i].naxis, 2);
            assert_int_equal(entries[i].shape[1], 6);
            assert_int_equal(entries[i].counter, 1);
        } else {
            assert_string_equal(entries[i].name, missing_stem);
            assert_false(entries[i].valid);
        }
    }
    free(entries);

    /* A name the server does not offer, and one whose file is missing. */
    char url[256];
    snprintf(url, sizeof url, "%s/nosuchstream%d", ep, getpid());
    dao_remote *r;
    assert_dao_ok(dao_remote_open(&r, url, NULL));
    wait_state(r, DAO_REMOTE_GONE, 20 * SECOND);
    assert_int_equal(dao_remote_last_error(r), DAO_REMOTE_E_NO_STREAM);
    dao_remote_close(r);
    url_of(url, sizeof url, ep, missing);
    assert_dao_ok(dao_remote_open(&r, url, NULL));
    wait_state(r, DAO_REMOTE_GONE, 20 * SECOND);
    dao_remote_close(r);

    /* Live, then stale when the writer stops, then re-created with a new
     * shape: the client says so and carries the new geometry. */
    url_of(url, sizeof url, ep, path);
    dao_remote_options o = DAO_REMOTE_OPTIONS_INIT;
    o.stale_after_ns = 300000000;
    assert_dao_ok(dao_remote_open(&r, url, &o));
    assert_dao_ok(wait_frame(r, 20 * SECOND));
    assert_int_equal(dao_remote_state_get(r), DAO_REMOTE_LIVE);
    wait_state(r, DAO_REMOTE_STALE, 20 * SECOND);
    dao_stream_close(s);
    uint32_t shape3[3] = {2, 3, 5};
    assert_dao_ok(dao_stream_create(&s, path, DAO_INT16, 3, shape3, NULL));
    int16_t f3[30];
    for (int i = 0; i < 30; i++)
        f3[i] = (int16_t)(i - 15);
    assert_dao_ok(dao_stream_write(s, f3, sizeof f3));
    assert_dao_ok(wait_frame(r, 20 * SECOND));
    assert_int_equal(dao_remote_state_get(r), DAO_REMOTE_RECREATED);
    const dao_remote_frame *f = dao_remote_frame_info(r);
    assert_int_equal(f->type, DAO_INT16);
    assert_int_equal(f->naxis, 3);
    assert_int_equal(f->shape[2], 5);
    assert_memory_equal(dao_remote_frame_data(r), f3, sizeof f3);
    assert_dao_ok(dao_stream_write(s, f3, sizeof f3));
    assert_dao_ok(wait_frame(r, 20 * SECOND));
    assert_int_equal(dao_remote_state_get(r), DAO_REMOTE_LIVE);
    dao_remote_close(r);
    dao_stream_close(s);
    stop_server(pid);
    test_cleanup_paths();
}

/* ---- a slow client beside a fast one ------------------------------------ */

typedef struct writer_args {
    dao_stream *s;
    volatile int stop;
    uint64_t frames;
} writer_args;

static void *writer_thread(void *arg)
{
    writer_args *w = arg;
    size_t size = dao_stream_frame_size(w->s);
    uint16_t *frame = calloc(1, size);
    while (!w->stop) {
        frame[0] = (uint16_t)w->frames;
        dao_stream_write(w->s, frame, size);
        w->frames++;
        struct timespec ts = {0, 2000000}; /* ~500 Hz */
        nanosleep(&ts, NULL);
    }
    free(frame);
    return NULL;
}

typedef struct reader_args {
    const char *url;
    dao_stream *local; /* to read the counter at the moment we ask */
    int64_t pause_ns;  /* between frames: the slow one sleeps 1 s */
    int64_t run_ns;
    unsigned frames;
    unsigned skipped_gaps;   /* frames whose counter jumped by more than one */
    unsigned stale_answers;  /* frames older than the counter when we asked */
    int error;
} reader_args;

static void *reader_thread(void *arg)
{
    reader_args *a = arg;
    dao_remote *r;
    a->error = dao_remote_open(&r, a->url, NULL);
    if (a->error < 0)
        return NULL;
    int64_t end = test_now_ns() + a->run_ns;
    uint64_t last = 0;
    bool asked_here = true; /* this call sends the request (no earlier one is out) */
    while (test_now_ns() < end) {
        uint64_t asked_at = dao_stream_counter(a->local);
        int rc = dao_remote_wait(r, 200000000);
        bool checkable = asked_here;
        asked_here = rc == 0; /* after a timeout the request stays out */
        if (rc != 0)
            continue;
        const dao_remote_frame *f = dao_remote_frame_info(r);
        if (a->frames > 0 && f->counter > last + 1)
            a->skipped_gaps++;
        if (checkable && f->counter < asked_at)
            a->stale_answers++;
        last = f->counter;
        a->frames++;
        if (a->pause_ns) {
            struct timespec ts = {a->pause_ns / SECOND, a->pause_ns % SECOND};
            nanosleep(&ts, NULL);
        }
    }
    dao_remote_close(r);
    return NULL;
}

static void test_slow_client_skips_fast_keeps_up(void **state)
{
    (void)state;
    const char *path = test_stream_path();
    uint32_t shape[2] = {128, 128};
    dao_stream *s;
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT16, 2, shape, NULL));
    server_args a = {.paths = {path}, .n_paths = 1};
    char ep[128], url[256];
    pid_t pid = start_server(&a, ep, sizeof ep);
    url_of(url, sizeof url, ep, path);

    writer_args w = {.s = s};
    pthread_t wt, fast_t, slow_t;
    assert_int_equal(pthread_create(&wt, NULL, writer_thread, &w), 0);
    reader_args fast = {.url = url, .local = s, .run_ns = 3 * SECOND};
    reader_args slow = {.url = url, .local = s, .run_ns = 3 * SECOND, .pause_ns = SECOND};
    assert_int_equal(pthread_create(&fast_t, NULL, reader_thread, &fast), 0);
    assert_int_equal(pthread_create(&slow_t, NULL, reader_thread, &slow), 0);
    pthread_join(fast_t, NULL);
    pthread_join(slow_t, NULL);
    w.stop = 1;
    pthread_join(wt, NULL);
    assert_dao_ok(fast.error);
    assert_dao_ok(slow.error);
    print_message("# writer %llu frames; fast client %u frames; slow client %u frames, %u gaps\n",
                  (unsigned long long)w.frames, fast.frames, slow.frames, slow.skipped_gaps);
    /* The slow client got a handful of frames, each the newest when it
     * asked (never one queued while it slept), so the counters jump. */
    assert_true(slow.frames >= 2);
    assert_int_equal(slow.stale_answers, 0);
    assert_int_equal(slow.skipped_gaps, slow.frames - 1);
    assert_int_equal(fast.stale_answers, 0);
    assert_true(fast.frames > slow.frames);
    assert_true(server_alive(pid));
    stop_server(pid);
    dao_stream_close(s);
    test_cleanup_paths();
}

/* The rate a client asks for, and the server's cap, bound what arrives.
 * Only upper bounds are asserted (a loaded machine delivers fewer frames,
 * never more): the server keeps one period between frames on average and
 * does not catch up in bursts after a pause. */
static void test_rate_decimation(void **state)
{
    (void)state;
    const char *path = test_stream_path();
    uint32_t shape[2] = {32, 32};
    dao_stream *s;
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT16, 2, shape, NULL));
    writer_args w = {.s = s};
    pthread_t wt;
    assert_int_equal(pthread_create(&wt, NULL, writer_thread, &w), 0);
    for (int cap = 0; cap <= 1; cap++) {
        server_args a = {.paths = {path}, .n_paths = 1, .max_fps = cap ? 4 : 0};
        char ep[128], url[256];
        pid_t pid = start_server(&a, ep, sizeof ep);
        url_of(url, sizeof url, ep, path);
        dao_remote_options o = DAO_REMOTE_OPTIONS_INIT;
        o.max_fps = cap ? 0 : 5; /* the client asks for 5/s, or the server caps at 4/s */
        dao_remote *r;
        assert_dao_ok(dao_remote_open(&r, url, &o));
        assert_dao_ok(wait_frame(r, 20 * SECOND));
        unsigned frames = 0;
        int64_t t0 = test_now_ns(), end = t0 + 2 * SECOND;
        while (test_now_ns() < end)
            frames += dao_remote_wait(r, 100000000) == 0;
        double secs = (double)(test_now_ns() - t0) / 1e9, fps = cap ? 4 : 5;
        print_message("# %s: %u frames in %.2f s (writer at ~500/s)\n", cap ? "server cap 4/s" : "client asks 5/s",
                      frames, secs);
        assert_true(frames >= 1);
        assert_true(frames <= (unsigned)(secs * fps) + 2);
        dao_remote_close(r);
        stop_server(pid);
    }
    w.stop = 1;
    pthread_join(wt, NULL);
    dao_stream_close(s);
    test_cleanup_paths();
}

/* ---- hostile servers ---------------------------------------------------- */

typedef struct fake_args {
    int pipe_fd;
    int variant;
} fake_args;

enum {
    FAKE_TRUNCATED,
    FAKE_WRONG_MAGIC,
    FAKE_ABSURD_SIZE,
    FAKE_PAYLOAD_MISMATCH,
    FAKE_THREE_PARTS,
    FAKE_BAD_LZ4,
    FAKE_WRONG_NAME,
    FAKE_GARBAGE,
    N_FAKES,
};

static const int fake_expect[N_FAKES] = {
    DAO_REMOTE_E_BAD_MESSAGE, DAO_REMOTE_E_BAD_MAGIC, DAO_REMOTE_E_TOO_LARGE,
    DAO_REMOTE_E_BAD_MESSAGE, DAO_REMOTE_E_BAD_MESSAGE, DAO_REMOTE_E_BAD_PAYLOAD,
    DAO_REMOTE_E_BAD_MESSAGE, DAO_REMOTE_E_BAD_MAGIC,
};

/* A ROUTER that answers the first request with broken variant `variant`,
 * and every later one with a good frame. */
static int fake_server_main(void *arg)
{
    fake_args *a = arg;
    void *ctx = zmq_ctx_new();
    void *sock = zmq_socket(ctx, ZMQ_ROUTER);
    int linger = 0;
    zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof linger);
    if (zmq_bind(sock, "tcp://127.0.0.1:*") != 0)
        return 2;
    char ep[128];
    size_t len = sizeof ep;
    zmq_getsockopt(sock, ZMQ_LAST_ENDPOINT, ep, &len);
    if (write(a->pipe_fd, ep, strlen(ep) + 1) < 0)
        return 3;
    close(a->pipe_fd);
    dao_remote_frame f = {.source_format = 1, .type = DAO_UINT16, .naxis = 1, .shape = {8},
                          .counter = 1, .generation = 1, .size = 16, .payload_size = 16};
    strcpy(f.name, "fake");
    uint8_t header[WIRE_FRAME_HEADER_SIZE], payload[64];
    for (int i = 0; i < 64; i++)
        payload[i] = (uint8_t)(i * 7);
    for (int round = 0;; round++) {
        uint8_t id[256], rq[256];
        int idn = zmq_recv(sock, id, sizeof id, 0);
        int rqn = zmq_recv(sock, rq, sizeof rq, 0);
        if (idn < 0 || rqn < 0)
            continue;
        zmq_send(sock, id, (size_t)idn, ZMQ_SNDMORE);
        dao_remote_frame g = f;
        g.counter = (uint64_t)round + 1;
        int v = round == 0 ? a->variant : -1;
        if (v == FAKE_ABSURD_SIZE) {
            /* 2^40 bytes: a client that believed it would try to allocate it */
            g.naxis = 3;
            g.shape[0] = g.shape[1] = 1u << 13;
            g.shape[2] = 1u << 13;
            g.size = g.payload_size = (size_t)1 << 40;
        }
        if (v == FAKE_BAD_LZ4) {
            g.codec = DAO_REMOTE_CODEC_LZ4;
            g.payload_size = 12;
        }
        if (v == FAKE_WRONG_NAME)
            strcpy(g.name, "other");
        dao_remote__frame_header_encode(header, &g, NULL);
        if (v == FAKE_WRONG_MAGIC)
            memcpy(header, "DAOX", 4);
        if (v == FAKE_GARBAGE) {
            for (size_t i = 0; i < sizeof header; i++)
                header[i] = (uint8_t)(i * 131 + 7);
        }
        size_t hlen = v == FAKE_TRUNCATED ? 100 : sizeof header;
        size_t plen = v == FAKE_PAYLOAD_MISMATCH ? 15 : v == FAKE_BAD_LZ4 ? 12 : v == FAKE_ABSURD_SIZE ? 64 : 16;
        zmq_send(sock, header, hlen, ZMQ_SNDMORE);
        if (v == FAKE_THREE_PARTS)
            zmq_send(sock, payload, 16, ZMQ_SNDMORE);
        zmq_send(sock, payload, plen, 0);
    }
}

static void test_hostile_servers(void **state)
{
    (void)state;
    for (int v = 0; v < N_FAKES; v++) {
        int fds[2];
        assert_int_equal(pipe(fds), 0);
        fake_args a = {.pipe_fd = fds[1], .variant = v};
        pid_t pid = test_fork(fake_server_main, &a);
        close(fds[1]);
        char ep[128] = "";
        assert_true(read(fds[0], ep, sizeof ep - 1) > 0);
        close(fds[0]);
        char url[256];
        snprintf(url, sizeof url, "%s/fake", ep);
        dao_remote_options o = DAO_REMOTE_OPTIONS_INIT;
        o.max_frame_bytes = 1 << 20;
        dao_remote *r;
        assert_dao_ok(dao_remote_open(&r, url, &o));
        int rc = dao_remote_wait(r, 20 * SECOND);
        assert_int_equal(rc, 1); /* a state change, not a frame */
        assert_int_equal(dao_remote_state_get(r), DAO_REMOTE_INVALID);
        if (dao_remote_last_error(r) != fake_expect[v])
            fail_msg("variant %d: %s, expected %s", v, dao_remote_err_name(dao_remote_last_error(r)),
                     dao_remote_err_name(fake_expect[v]));
        assert_null(dao_remote_frame_info(r));
        /* The client asks again and takes the good frame that follows. */
        assert_dao_ok(wait_frame(r, 20 * SECOND));
        assert_int_equal(dao_remote_state_get(r), DAO_REMOTE_LIVE);
        const uint8_t *data = dao_remote_frame_data(r);
        assert_non_null(data);
        assert_int_equal(data[3], 21);
        dao_remote_close(r);
        stop_server(pid);
    }
}

/* ---- hostile clients ---------------------------------------------------- */

static int endpoint_port(const char *ep)
{
    const char *colon = strrchr(ep, ':');
    return colon ? atoi(colon + 1) : 0;
}

/* Raw TCP: bytes that are not even ZMTP, and a half greeting left open. */
static void raw_tcp_garbage(const char *ep, uint32_t *seed)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)endpoint_port(ep))};
    inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
        uint8_t buf[512];
        size_t n = 1 + *seed % sizeof buf;
        for (size_t i = 0; i < n; i++) {
            *seed = *seed * 1103515245u + 12345u;
            buf[i] = (uint8_t)(*seed >> 16);
        }
        if (*seed % 3 == 0) { /* a ZMTP signature, then nonsense */
            static const uint8_t sig[10] = {0xFF, 0, 0, 0, 0, 0, 0, 0, 1, 0x7F};
            memcpy(buf, sig, n < 10 ? n : 10);
        }
        ssize_t w = send(fd, buf, n, MSG_NOSIGNAL);
        (void)w;
    }
    close(fd);
}

/* Well-framed ZeroMQ messages that are not requests: wrong sizes, wrong
 * magic, another version, many parts, a message far over the limit. */
static void dealer_garbage(void *ctx, const char *ep, uint32_t *seed)
{
    void *d = zmq_socket(ctx, ZMQ_DEALER);
    int linger = 0;
    zmq_setsockopt(d, ZMQ_LINGER, &linger, sizeof linger);
    zmq_connect(d, ep);
    uint8_t buf[WIRE_REQUEST_SIZE];
    wire_request rq = {.kind = WIRE_REQUEST_FRAME};
    strcpy(rq.name, "x");
    dao_remote__request_encode(buf, &rq);
    for (int k = 0; k < 20; k++) {
        *seed = *seed * 1103515245u + 12345u;
        uint8_t copy[WIRE_REQUEST_SIZE];
        memcpy(copy, buf, sizeof copy);
        copy[*seed % sizeof copy] ^= (uint8_t)(1 + (*seed >> 8) % 255);
        switch (*seed % 5) {
        case 0:
            zmq_send(d, copy, sizeof copy, ZMQ_DONTWAIT);
            break;
        case 1:
            zmq_send(d, copy, (*seed >> 4) % sizeof copy, ZMQ_DONTWAIT);
            break;
        case 2:
            zmq_send(d, copy, sizeof copy, ZMQ_SNDMORE | ZMQ_DONTWAIT);
            zmq_send(d, copy, sizeof copy, ZMQ_DONTWAIT);
            break;
        case 3: {
            size_t big = 4 << 20; /* over the server's 1 KiB limit: cut off */
            void *p = calloc(1, big);
            zmq_send(d, p, big, ZMQ_DONTWAIT);
            free(p);
            break;
        }
        default:
            copy[4] = 9; /* another version */
            zmq_send(d, copy, sizeof copy, ZMQ_DONTWAIT);
        }
    }
    zmq_close(d);
}

static void test_hostile_clients(void **state)
{
    (void)state;
    const char *path = test_stream_path();
    uint32_t shape[1] = {100};
    dao_stream *s;
    assert_dao_ok(dao_stream_create(&s, path, DAO_INT32, 1, shape, NULL));
    int32_t frame[100];
    for (int i = 0; i < 100; i++)
        frame[i] = i * 1000;
    assert_dao_ok(dao_stream_write(s, frame, sizeof frame));
    server_args a = {.paths = {path}, .n_paths = 1};
    char ep[128], url[256];
    pid_t pid = start_server(&a, ep, sizeof ep);
    url_of(url, sizeof url, ep, path);

    const char *env = getenv("DAO_REMOTE_FUZZ_SECONDS");
    double seconds = env ? atof(env) : 2.0;
    uint32_t seed = (uint32_t)getpid();
    void *ctx = zmq_ctx_new();
    int64_t end = test_now_ns() + (int64_t)(seconds * 1e9);
    unsigned rounds = 0;
    while (test_now_ns() < end) {
        raw_tcp_garbage(ep, &seed);
        dealer_garbage(ctx, ep, &seed);
        rounds++;
    }
    zmq_ctx_term(ctx);
    print_message("# %u rounds of hostile peers\n", rounds);
    assert_true(server_alive(pid));
    /* The server still serves a normal client, the right bytes. */
    dao_remote *r;
    assert_dao_ok(dao_remote_open(&r, url, NULL));
    assert_dao_ok(wait_frame(r, 20 * SECOND));
    assert_memory_equal(dao_remote_frame_data(r), frame, sizeof frame);
    dao_remote_close(r);
    assert_true(server_alive(pid));
    stop_server(pid);
    dao_stream_close(s);
    test_cleanup_paths();
}

/* ---- a client that dies mid-frame --------------------------------------- */

static const char *killed_url;

static int doomed_client_main(void *arg)
{
    (void)arg;
    dao_remote *r;
    if (dao_remote_open(&r, killed_url, NULL) < 0)
        return 2;
    /* Send the request, take in the start of a 32 MiB frame, then die. */
    dao_remote_wait(r, 3000000);
    kill(getpid(), SIGKILL);
    return 0;
}

static void test_client_killed_mid_frame(void **state)
{
    (void)state;
    const char *path = test_stream_path();
    uint32_t shape[2] = {4096, 4096};
    dao_stream *s;
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT16, 2, shape, NULL));
    size_t size = dao_stream_frame_size(s);
    uint8_t *frame = malloc(size);
    fill_random(frame, size, 99);
    assert_dao_ok(dao_stream_write(s, frame, size));
    server_args a = {.paths = {path}, .n_paths = 1};
    char ep[128], url[256];
    pid_t pid = start_server(&a, ep, sizeof ep);
    url_of(url, sizeof url, ep, path);
    killed_url = url;
    for (int i = 0; i < 5; i++) {
        pid_t c = test_fork(doomed_client_main, NULL);
        assert_int_equal(test_wait_child(c), 128 + SIGKILL);
        /* a new frame each time, so the server copies and sends again */
        frame[0]++;
        assert_dao_ok(dao_stream_write(s, frame, size));
    }
    assert_true(server_alive(pid));
    dao_remote *r;
    assert_dao_ok(dao_remote_open(&r, url, NULL));
    assert_dao_ok(wait_frame(r, 60 * SECOND));
    assert_memory_equal(dao_remote_frame_data(r), frame, size);
    dao_remote_close(r);
    assert_true(server_alive(pid));
    stop_server(pid);
    free(frame);
    dao_stream_close(s);
    test_cleanup_paths();
}

/* ---- a server restarted under a connected client ------------------------ */

static void test_server_restart(void **state)
{
    (void)state;
    const char *path = test_stream_path();
    uint32_t shape[1] = {16};
    dao_stream *s;
    assert_dao_ok(dao_stream_create(&s, path, DAO_DOUBLE, 1, shape, NULL));
    double frame[16] = {3.25};
    assert_dao_ok(dao_stream_write(s, frame, sizeof frame));
    server_args a = {.paths = {path}, .n_paths = 1};
    char ep[128], url[256];
    pid_t pid = start_server(&a, ep, sizeof ep);
    url_of(url, sizeof url, ep, path);
    dao_remote_options o = DAO_REMOTE_OPTIONS_INIT;
    o.reply_timeout_ns = 500000000;
    dao_remote *r;
    assert_dao_ok(dao_remote_open(&r, url, &o));
    assert_dao_ok(wait_frame(r, 20 * SECOND));
    stop_server(pid);
    wait_state(r, DAO_REMOTE_DISCONNECTED, 20 * SECOND);
    wait_state(r, DAO_REMOTE_RECONNECTING, 20 * SECOND);
    /* Back on the same port, with a new frame. */
    snprintf(a.bind, sizeof a.bind, "%s", ep);
    pid = start_server(&a, ep, sizeof ep);
    frame[0] = 6.5;
    assert_dao_ok(dao_stream_write(s, frame, sizeof frame));
    assert_dao_ok(wait_frame(r, 30 * SECOND));
    assert_int_equal(dao_remote_state_get(r), DAO_REMOTE_LIVE);
    assert_memory_equal(dao_remote_frame_data(r), frame, sizeof frame);
    dao_remote_close(r);
    stop_server(pid);
    dao_stream_close(s);
    test_cleanup_paths();
}

/* ---- CURVE -------------------------------------------------------------- */

static void copy_file(const char *from, const char *to)
{
    assert_dao_ok(remote_copy_key(from, to));
}

static void test_curve(void **state)
{
    (void)state;
    if (!zmq_has("curve"))
        skip();
    char sdir[256], adir[256], bdir[256], p1[300], p2[300];
    snprintf(sdir, sizeof sdir, "%s/server-keys", test_dir());
    snprintf(adir, sizeof adir, "%s/alice-keys", test_dir());
    snprintf(bdir, sizeof bdir, "%s/mallory-keys", test_dir());
    assert_dao_ok(dao_remote_keys_make(sdir, "server"));
    assert_int_equal(dao_remote_keys_make(sdir, "server"), -EEXIST); /* never overwritten */
    assert_dao_ok(dao_remote_keys_make(adir, "client"));
    assert_dao_ok(dao_remote_keys_make(bdir, "client"));
    snprintf(p1, sizeof p1, "%s/client.pub", adir);
    snprintf(p2, sizeof p2, "%s/authorized/alice.pub", sdir);
    copy_file(p1, p2);
    snprintf(p1, sizeof p1, "%s/server.pub", sdir);
    snprintf(p2, sizeof p2, "%s/server.pub", adir);
    copy_file(p1, p2);
    snprintf(p2, sizeof p2, "%s/server.pub", bdir);
    copy_file(p1, p2);

    const char *path = test_stream_path();
    uint32_t shape[1] = {8};
    dao_stream *s;
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT8, 1, shape, NULL));
    uint8_t frame[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    assert_dao_ok(dao_stream_write(s, frame, sizeof frame));
    server_args a = {.paths = {path}, .n_paths = 1, .curve_dir = sdir};
    char ep[128], url[256];
    pid_t pid = start_server(&a, ep, sizeof ep);
    url_of(url, sizeof url, ep, path);

    dao_remote_keys alice, mallory, wrong_server;
    assert_dao_ok(dao_remote_keys_load(&alice, adir));
    assert_dao_ok(dao_remote_keys_load(&mallory, bdir));
    wrong_server = alice;
    memcpy(wrong_server.server_public, mallory.client_public, 41); /* a key, but not the server's */

    dao_remote_options o = DAO_REMOTE_OPTIONS_INIT;
    o.keys = &alice;
    dao_remote *r;
    assert_dao_ok(dao_remote_open(&r, url, &o));
    assert_dao_ok(wait_frame(r, 20 * SECOND));
    assert_memory_equal(dao_remote_frame_data(r), frame, sizeof frame);
    dao_remote_close(r);

    /* Refused: a client the server does not list, a client that takes
     * another key for the server's, and a plain client. Each keeps trying
     * (it cannot tell refusal from a slow network) and never gets a frame. */
    const dao_remote_keys *refused[3] = {&mallory, &wrong_server, NULL};
    for (int i = 0; i < 3; i++) {
        o.keys = refused[i];
        o.reply_timeout_ns = 300000000;
        assert_dao_ok(dao_remote_open(&r, url, &o));
        assert_int_equal(wait_frame(r, 2 * SECOND), -ETIMEDOUT);
        assert_null(dao_remote_frame_info(r));
        assert_int_equal(dao_remote_state_get(r), DAO_REMOTE_CONNECTING);
        dao_remote_close(r);
    }
    dao_remote_entry *entries;
    size_t n;
    assert_int_equal(dao_remote_list(ep, &mallory, SECOND, &entries, &n), -ETIMEDOUT);
    assert_dao_ok(dao_remote_list(ep, &alice, 20 * SECOND, &entries, &n));
    assert_int_equal(n, 1);
    free(entries);
    stop_server(pid);
    dao_stream_close(s);
    test_cleanup_paths();
}

/* ---- reader slots ------------------------------------------------------- */

/* By default the server takes no reader slot (it polls the counter); with
 * wake_on_semaphore it takes the highest free one, and only that. */
static void test_reader_slots(void **state)
{
    (void)state;
    const char *path = test_stream_path();
    uint32_t shape[1] = {32};
    dao_stream *s;
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT16, 1, shape, NULL));
    uint16_t frame[32] = {9};
    unsigned n = dao_stream_semaphore_count(s);
    for (int sem = 0; sem <= 1; sem++) {
        assert_dao_ok(dao_stream_write(s, frame, sizeof frame));
        server_args a = {.paths = {path}, .n_paths = 1, .semaphore = sem};
        char ep[128], url[256];
        pid_t pid = start_server(&a, ep, sizeof ep);
        url_of(url, sizeof url, ep, path);
        dao_remote *r;
        assert_dao_ok(dao_remote_open(&r, url, NULL));
        assert_dao_ok(wait_frame(r, 20 * SECOND));
        /* The server holds the stream open now; wake-ups come from the
         * semaphore in one mode and the counter in the other. */
        frame[0]++;
        assert_dao_ok(dao_stream_write(s, frame, sizeof frame));
        assert_dao_ok(wait_frame(r, 20 * SECOND));
        assert_memory_equal(dao_remote_frame_data(r), frame, sizeof frame);
        for (unsigned k = 0; k < n; k++)
            assert_int_equal(dao_stream_slot_is_claimed(s, k), sem && k == n - 1);
        dao_remote_close(r);
        stop_server(pid);
    }
    dao_stream_close(s);
    test_cleanup_paths();
}

/* ---- a writer stuck inside a write -------------------------------------- */

/* Every copy of a stream whose writer sits inside a write is torn. The
 * server keeps trying, but a request it holds still gets its answer
 * ("alive, no new frame", later "the write stalled") instead of none,
 * which the client would take for a dead server; the frame comes once the
 * write is committed. */
static void test_writer_stuck_mid_write(void **state)
{
    (void)state;
    const char *path = test_stream_path();
    uint32_t shape[1] = {64};
    dao_stream *s;
    assert_dao_ok(dao_stream_create(&s, path, DAO_UINT32, 1, shape, NULL));
    uint32_t frame[64] = {1};
    assert_dao_ok(dao_stream_write(s, frame, sizeof frame));
    server_args a = {.paths = {path}, .n_paths = 1};
    char ep[128], url[256];
    pid_t pid = start_server(&a, ep, sizeof ep);
    url_of(url, sizeof url, ep, path);
    dao_remote_options o = DAO_REMOTE_OPTIONS_INIT;
    o.stale_after_ns = 500000000;
    o.reply_timeout_ns = 2 * SECOND; /* ten times the server's hold in tests */
    dao_remote *r;
    assert_dao_ok(dao_remote_open(&r, url, &o));
    assert_dao_ok(wait_frame(r, 20 * SECOND));
    /* Frame 2 published, frame 3 begun and not finished. */
    frame[0] = 2;
    assert_dao_ok(dao_stream_write(s, frame, sizeof frame));
    void *seg;
    assert_dao_ok(dao_stream_write_begin(s, &seg));
    bool lost = false;
    int64_t end = test_now_ns() + 5 * SECOND;
    while (test_now_ns() < end) {
        assert_int_not_equal(dao_remote_wait(r, 100000000), 0); /* no torn frame comes out */
        dao_remote_state st = dao_remote_state_get(r);
        lost |= st == DAO_REMOTE_DISCONNECTED || st == DAO_REMOTE_RECONNECTING;
    }
    assert_false(lost);
    /* Stale at first; once the flag has been up for DAO_WRITE_STALL_NS,
     * libdao calls it a stalled write and the server passes that on. */
    dao_remote_state st = dao_remote_state_get(r);
    if (st != DAO_REMOTE_STALE) {
        assert_int_equal(st, DAO_REMOTE_INVALID);
        assert_int_equal(dao_remote_last_error(r), DAO_E_WRITE_STALLED);
    }
    memset(seg, 3, sizeof frame);
    assert_dao_ok(dao_stream_write_commit(s));
    assert_dao_ok(wait_frame(r, 20 * SECOND));
    assert_int_equal(dao_remote_frame_info(r)->counter, 3);
    assert_int_equal(((const uint8_t *)dao_remote_frame_data(r))[0], 3);
    dao_remote_close(r);
    stop_server(pid);
    dao_stream_close(s);
    test_cleanup_paths();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_type_and_shape_raw),
        cmocka_unit_test(test_every_type_and_shape_lz4),
        cmocka_unit_test(test_list_gone_recreated),
        cmocka_unit_test(test_slow_client_skips_fast_keeps_up),
        cmocka_unit_test(test_rate_decimation),
        cmocka_unit_test(test_hostile_servers),
        cmocka_unit_test(test_hostile_clients),
        cmocka_unit_test(test_client_killed_mid_frame),
        cmocka_unit_test(test_server_restart),
        cmocka_unit_test(test_curve),
        cmocka_unit_test(test_reader_slots),
        cmocka_unit_test(test_writer_stuck_mid_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
