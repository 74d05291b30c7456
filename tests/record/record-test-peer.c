/* record-test-peer — the other processes of the recording tests.
 *
 *   record-test-peer writer PATH FRAMES PERIOD_US [OPTION…]
 *       Create a stream and write FRAMES frames, one every PERIOD_US (0: as
 *       fast as it can), each filled with pattern(counter). Options:
 *       --type T --shape S (default uint16 64x64), --depth N,
 *       --semaphores N, --keywords
 *       (sets a few awkward ones), --alternate US (every second interval is
 *       US instead), --wait-go (start only once a line comes on stdin).
 *       Prints "created" when the stream exists and "done N" at the end.
 *   record-test-peer check FILE…
 *       Read a recording and print one JSON object: frames, type, shape,
 *       per frame its counter, write time, LOST and DROPPED (frame_lost,
 *       frame_dropped), the loss account (lost, dropped, tail), keywords,
 *       and how many frames do not hold pattern(counter) byte for byte
 *       ("bad").
 *   record-test-peer compare ORIGINAL… -- REPLAY…
 *       Frame k of ORIGINAL against the REPLAY frame whose counter is k+1
 *       (a replay writes frame k as counter k+1): prints how many were
 *       compared and how many differ.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dao.h"
#include "daorec.h"

/* Byte j of the frame with counter c: every frame differs from every other,
 * and no two bytes of a frame are alike in a way a shift would hide. */
static unsigned char pattern(uint64_t counter, size_t j)
{
    return (unsigned char)(counter * 131u + j * 7u + (j >> 8) * 3u);
}

static void fill(unsigned char *p, size_t size, uint64_t counter)
{
    for (size_t j = 0; j < size; j++)
        p[j] = pattern(counter, j);
}

static int64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void sleep_until(int64_t t)
{
    struct timespec ts = {(time_t)(t / 1000000000), (long)(t % 1000000000)};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}

static bool parse_shape(const char *text, unsigned *naxis, uint32_t *shape)
{
    unsigned n = 0;
    const char *p = text;
    while (*p && n < DAO_MAX_AXES) {
        char *end;
        unsigned long v = strtoul(p, &end, 10);
        if (end == p || v == 0)
            return false;
        shape[n++] = (uint32_t)v;
        p = *end == 'x' ? end + 1 : end;
        if (*end != 'x' && *end)
            return false;
    }
    *naxis = n;
    return n > 0 && !*p;
}

static void set_keywords(dao_stream *s)
{
    dao_stream_keyword_set_int(s, "gain", -42, "lower-case name");
    dao_stream_keyword_set_double(s, "LOOP.RATE.HZ", 1234.5678, "a long name with dots");
    dao_stream_keyword_set_double(s, "NANVAL", NAN, NULL);
    dao_stream_keyword_set_string(s, "MODE", "closed 'loop'", "quotes inside");
    dao_stream_keyword_set_string(s, "BYTES", "\xc3\xa9t\xc3\xa9 ", "UTF-8 and a trailing space");
}

static int writer(int argc, char **argv)
{
    if (argc < 5)
        return 2;
    const char *path = argv[2];
    uint64_t frames = strtoull(argv[3], NULL, 10);
    int64_t period = strtoll(argv[4], NULL, 10) * 1000, alternate = -1;
    int type = DAO_UINT16;
    unsigned naxis = 2;
    uint32_t shape[DAO_MAX_AXES] = {64, 64, 0};
    dao_create_options o = DAO_CREATE_OPTIONS_INIT;
    bool keywords = false, wait_go = false;
    for (int i = 5; i < argc; i++) {
        if (strcmp(argv[i], "--type") == 0 && i + 1 < argc)
            type = dao_type_from_name(argv[++i]);
        else if (strcmp(argv[i], "--shape") == 0 && i + 1 < argc) {
            if (!parse_shape(argv[++i], &naxis, shape))
                return 2;
        } else if (strcmp(argv[i], "--depth") == 0 && i + 1 < argc)
            o.fifo_depth = (unsigned)atoi(argv[++i]);
        else if (strcmp(argv[i], "--semaphores") == 0 && i + 1 < argc)
            o.semaphores = (unsigned)atoi(argv[++i]);
        else if (strcmp(argv[i], "--alternate") == 0 && i + 1 < argc)
            alternate = strtoll(argv[++i], NULL, 10) * 1000;
        else if (strcmp(argv[i], "--keywords") == 0)
            keywords = true;
        else if (strcmp(argv[i], "--wait-go") == 0)
            wait_go = true;
        else
            return 2;
    }
    if (type < 0)
        return 2;
    if (keywords)
        o.keywords = 8;
    dao_stream *s;
    int rc = dao_stream_create(&s, path, (dao_type)type, naxis, shape, &o);
    if (rc < 0) {
        fprintf(stderr, "%s: %s\n", path, dao_strerror(rc));
        return 1;
    }
    if (keywords)
        set_keywords(s);
    printf("created\n");
    fflush(stdout);
    char line[16];
    if (wait_go && !fgets(line, sizeof line, stdin))
        return 1;
    size_t size = dao_stream_frame_size(s);
    unsigned char *frame = malloc(size);
    int64_t next = now_ns();
    for (uint64_t k = 1; k <= frames; k++) {
        fill(frame, size, k);
        if ((rc = dao_stream_write(s, frame, size)) < 0) {
            fprintf(stderr, "%s: %s\n", path, dao_strerror(rc));
            return 1;
        }
        next += alternate >= 0 && k % 2 ? alternate : period;
        if (period > 0 || alternate > 0)
            sleep_until(next);
    }
    printf("done %llu\n", (unsigned long long)dao_stream_counter(s));
    free(frame);
    dao_stream_close(s);
    return 0;
}

static daorec_reader *open_or_die(char **files, size_t n)
{
    daorec_reader *r;
    daorec_error err;
    if (daorec_reader_open(&r, (const char *const *)files, n, &err) < 0) {
        fprintf(stderr, "%s\n", err.message);
        exit(1);
    }
    return r;
}

static void print_string(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
            printf("\\u%04x", c); /* bytes, not characters: the test compares them */
        else
            putchar(c);
    }
    putchar('"');
}

static int check(int argc, char **argv)
{
    daorec_reader *r = open_or_die(argv + 2, (size_t)(argc - 2));
    uint64_t n = daorec_reader_frame_count(r);
    size_t size = daorec_reader_frame_size(r);
    unsigned char *frame = malloc(size ? size : 1), *want = malloc(size ? size : 1);
    printf("{\"frames\": %llu, \"type\": \"%s\", \"shape\": [", (unsigned long long)n,
           dao_type_name(daorec_reader_type(r)));
    for (unsigned i = 0; i < daorec_reader_naxis(r); i++)
        printf("%s%u", i ? ", " : "", daorec_reader_shape(r)[i]);
    printf("], \"stream\": ");
    print_string(daorec_reader_stream_path(r));
    uint64_t bad = 0;
    const char *names[] = {"counter", "write_ns", "frame_lost", "frame_dropped"};
    for (int col = 0; col < 4; col++) {
        printf(", \"%s\": [", names[col]);
        for (uint64_t k = 0; k < n; k++) {
            daorec_frame_info fi;
            daorec_reader_frame_info(r, k, &fi);
            long long v = col == 0 ? (long long)fi.counter
                        : col == 1 ? (long long)fi.write_time_ns
                        : col == 2 ? (long long)fi.lost
                                   : (long long)fi.dropped;
            printf("%s%lld", k ? ", " : "", v);
        }
        printf("]");
    }
    for (uint64_t k = 0; k < n; k++) {
        daorec_frame_info fi;
        daorec_error err;
        if (daorec_reader_read(r, k, frame, size, &fi, &err) < 0) {
            fprintf(stderr, "%s\n", err.message);
            return 1;
        }
        fill(want, size, fi.counter);
        bad += memcmp(frame, want, size) != 0;
    }
    daorec_loss loss;
    daorec_reader_loss(r, &loss);
    daorec_stream_layout layout;
    daorec_reader_stream_layout(r, &layout);
    printf(", \"bad\": %llu, \"lost\": %llu, \"dropped\": %llu, \"tail\": %llu", (unsigned long long)bad,
           (unsigned long long)loss.lost, (unsigned long long)loss.dropped,
           (unsigned long long)loss.tail);
    printf(", \"fifo_depth\": %u, \"keyword_capacity\": %u, \"semaphores\": %u, \"keywords\": [",
           layout.fifo_depth, layout.keyword_capacity, layout.semaphores);
    unsigned n_kw;
    const dao_keyword *kw = daorec_reader_keywords(r, &n_kw);
    for (unsigned i = 0; i < n_kw; i++) {
        printf("%s{\"name\": ", i ? ", " : "");
        print_string(kw[i].name);
        printf(", \"type\": \"%c\", \"value\": ", kw[i].type);
        if (kw[i].type == DAO_KEYWORD_INT)
            printf("%lld", (long long)kw[i].value.i);
        else if (kw[i].type == DAO_KEYWORD_DOUBLE)
            printf("\"%.17g\"", kw[i].value.d);
        else
            print_string(kw[i].value.s);
        printf(", \"comment\": ");
        print_string(kw[i].comment);
        printf("}");
    }
    printf("]}\n");
    free(frame);
    free(want);
    daorec_reader_close(r);
    return 0;
}

static int compare(int argc, char **argv)
{
    int split = 2;
    while (split < argc && strcmp(argv[split], "--") != 0)
        split++;
    if (split == 2 || split >= argc - 1)
        return 2;
    daorec_reader *a = open_or_die(argv + 2, (size_t)(split - 2));
    daorec_reader *b = open_or_die(argv + split + 1, (size_t)(argc - split - 1));
    size_t size = daorec_reader_frame_size(a);
    if (size != daorec_reader_frame_size(b) || daorec_reader_type(a) != daorec_reader_type(b)) {
        printf("{\"compared\": 0, \"differ\": 0, \"geometry\": false}\n");
        return 0;
    }
    unsigned char *fa = malloc(size), *fb = malloc(size);
    uint64_t compared = 0, differ = 0;
    for (uint64_t k = 0; k < daorec_reader_frame_count(b); k++) {
        daorec_frame_info fi;
        daorec_error err;
        if (daorec_reader_read(b, k, fb, size, &fi, &err) < 0 || fi.counter == 0 ||
            fi.counter > daorec_reader_frame_count(a) ||
            daorec_reader_read(a, fi.counter - 1, fa, size, NULL, &err) < 0) {
            differ++;
            continue;
        }
        compared++;
        differ += memcmp(fa, fb, size) != 0;
    }
    printf("{\"compared\": %llu, \"differ\": %llu, \"geometry\": true}\n",
           (unsigned long long)compared, (unsigned long long)differ);
    free(fa);
    free(fb);
    daorec_reader_close(a);
    daorec_reader_close(b);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "writer") == 0)
        return writer(argc, argv);
    if (argc >= 3 && strcmp(argv[1], "check") == 0)
        return check(argc, argv);
    if (argc >= 5 && strcmp(argv[1], "compare") == 0)
        return compare(argc, argv);
    fprintf(stderr, "usage: see the comment at the top of record-test-peer.c\n");
    return 2;
}
