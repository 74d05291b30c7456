/* dao-py-peer.c — a plain libdao program on the other side of the Python
 * module, for the "Python writer → C reader" and "C writer → Python reader"
 * tests. It talks in lines on stdin/stdout so the tests can run it in
 * lockstep (no sleeps, no timing assumptions).
 *
 *   dao-py-peer read PATH SLOT FRAMES TIMEOUT_MS
 *       Print "ready", then FRAMES times: wait on semaphore SLOT, copy the
 *       frame with dao_stream_read and print
 *       "frame COUNTER TYPE NAXIS N0 N1 N2 v0 v1 …" (complex: re im pairs).
 *       Exit 0; 2 on a wait timeout; 1 on any libdao error (printed).
 *
 *   dao-py-peer write PATH TYPE FRAMES N0 [N1 [N2]]
 *       Create the stream (its creating write is frame 1), print
 *       "created", then for each further frame read one line from stdin
 *       before writing it and print "wrote COUNTER". Element i of the frame
 *       with counter c is pattern(c, i) = (7*c + i) % 100 (complex: re =
 *       pattern, im = -pattern). Exit 0 at EOF or after FRAMES frames.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dao.h"

static double element_at(const void *frame, dao_type type, uint64_t i, int part)
{
    switch (type) {
    case DAO_UINT8: return ((const uint8_t *)frame)[i];
    case DAO_INT8: return ((const int8_t *)frame)[i];
    case DAO_UINT16: return ((const uint16_t *)frame)[i];
    case DAO_INT16: return ((const int16_t *)frame)[i];
    case DAO_UINT32: return ((const uint32_t *)frame)[i];
    case DAO_INT32: return ((const int32_t *)frame)[i];
    case DAO_UINT64: return (double)((const uint64_t *)frame)[i];
    case DAO_INT64: return (double)((const int64_t *)frame)[i];
    case DAO_FLOAT: return ((const float *)frame)[i];
    case DAO_DOUBLE: return ((const double *)frame)[i];
    case DAO_COMPLEX_FLOAT: return ((const float *)frame)[2 * i + (uint64_t)part];
    case DAO_COMPLEX_DOUBLE: return ((const double *)frame)[2 * i + (uint64_t)part];
    }
    return 0;
}

static void set_element(void *frame, dao_type type, uint64_t i, double v)
{
    switch (type) {
    case DAO_UINT8: ((uint8_t *)frame)[i] = (uint8_t)v; break;
    case DAO_INT8: ((int8_t *)frame)[i] = (int8_t)v; break;
    case DAO_UINT16: ((uint16_t *)frame)[i] = (uint16_t)v; break;
    case DAO_INT16: ((int16_t *)frame)[i] = (int16_t)v; break;
    case DAO_UINT32: ((uint32_t *)frame)[i] = (uint32_t)v; break;
    case DAO_INT32: ((int32_t *)frame)[i] = (int32_t)v; break;
    case DAO_UINT64: ((uint64_t *)frame)[i] = (uint64_t)v; break;
    case DAO_INT64: ((int64_t *)frame)[i] = (int64_t)v; break;
    case DAO_FLOAT: ((float *)frame)[i] = (float)v; break;
    case DAO_DOUBLE: ((double *)frame)[i] = v; break;
    case DAO_COMPLEX_FLOAT:
        ((float *)frame)[2 * i] = (float)v;
        ((float *)frame)[2 * i + 1] = (float)-v;
        break;
    case DAO_COMPLEX_DOUBLE:
        ((double *)frame)[2 * i] = v;
        ((double *)frame)[2 * i + 1] = -v;
        break;
    }
}

static int fail(const char *what, int rc)
{
    printf("error %s %s %s\n", what, dao_err_name(rc), dao_strerror(rc));
    return 1;
}

static int run_reader(const char *path, unsigned slot, long frames, long timeout_ms)
{
    dao_stream *s;
    int rc = dao_stream_open(&s, path, 0);
    if (rc < 0)
        return fail("open", rc);
    dao_type type = dao_stream_type(s);
    const uint32_t *shape = dao_stream_shape(s);
    int parts = type == DAO_COMPLEX_FLOAT || type == DAO_COMPLEX_DOUBLE ? 2 : 1;
    void *frame = malloc(dao_stream_frame_size(s));
    if (!frame)
        return fail("malloc", -ENOMEM);
    printf("ready\n");
    fflush(stdout);
    int status = 0;
    for (long f = 0; f < frames; f++) {
        rc = dao_stream_wait(s, slot, timeout_ms * 1000000);
        if (rc == -ETIMEDOUT) {
            printf("timeout\n");
            status = 2;
            break;
        }
        dao_frame_info info;
        if (rc == 0)
            rc = dao_stream_read(s, frame, dao_stream_frame_size(s), 100 * 1000000LL, &info);
        if (rc < 0) {
            status = fail("wait/read", rc);
            break;
        }
        printf("frame %llu %s %u %u %u %u", (unsigned long long)info.counter, dao_type_name(type),
               dao_stream_naxis(s), shape[0], shape[1], shape[2]);
        for (uint64_t i = 0; i < dao_stream_element_count(s); i++)
            for (int p = 0; p < parts; p++)
                printf(" %.17g", element_at(frame, type, i, p));
        printf("\n");
        fflush(stdout);
    }
    free(frame);
    dao_stream_close(s);
    return status;
}

static void fill(void *frame, dao_type type, uint64_t count, uint64_t counter)
{
    for (uint64_t i = 0; i < count; i++)
        set_element(frame, type, i, (double)((7 * counter + i) % 100));
}

static int run_writer(const char *path, const char *type_name, long frames, int naxis,
                      char **extent_args)
{
    int type = dao_type_from_name(type_name);
    if (type < 0)
        return fail("type", type);
    uint32_t extents[DAO_MAX_AXES] = {0};
    for (int i = 0; i < naxis; i++)
        extents[i] = (uint32_t)strtoul(extent_args[i], NULL, 10);
    dao_stream *s;
    int rc = dao_stream_create(&s, path, (dao_type)type, (unsigned)naxis, extents, NULL);
    if (rc < 0)
        return fail("create", rc);
    size_t size = dao_stream_frame_size(s);
    void *frame = malloc(size);
    if (!frame)
        return fail("malloc", -ENOMEM);
    /* Frame 1 is the creating write, as the Python module does it. */
    fill(frame, (dao_type)type, dao_stream_element_count(s), 1);
    rc = dao_stream_write(s, frame, size);
    if (rc < 0)
        return fail("write", rc);
    printf("created\n");
    fflush(stdout);
    char line[64];
    for (long f = 1; f < frames && fgets(line, sizeof(line), stdin); f++) {
        uint64_t counter = dao_stream_counter(s) + 1;
        fill(frame, (dao_type)type, dao_stream_element_count(s), counter);
        rc = dao_stream_write(s, frame, size);
        if (rc < 0)
            return fail("write", rc);
        printf("wrote %llu\n", (unsigned long long)counter);
        fflush(stdout);
    }
    free(frame);
    dao_stream_close(s);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 6 && strcmp(argv[1], "read") == 0)
        return run_reader(argv[2], (unsigned)atoi(argv[3]), atol(argv[4]), atol(argv[5]));
    if (argc >= 6 && argc <= 8 && strcmp(argv[1], "write") == 0)
        return run_writer(argv[2], argv[3], atol(argv[4]), argc - 5, argv + 5);
    fprintf(stderr, "usage: %s read PATH SLOT FRAMES TIMEOUT_MS\n"
                    "       %s write PATH TYPE FRAMES N0 [N1 [N2]]\n", argv[0], argv[0]);
    return 64;
}
