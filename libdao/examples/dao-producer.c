/* dao-producer — a C real-time producer: creates a stream and writes frames
 * in place at a fixed rate, as a camera readout loop would.
 *
 *   dao-producer /tmp/cam.im.shm [frames] [rate_hz]
 */
#include <dao.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s PATH [frames] [rate_hz]\n", argv[0]);
        return 2;
    }
    long frames = argc > 2 ? atol(argv[2]) : 1000;
    double rate = argc > 3 ? atof(argv[3]) : 100.0;
    enum { NY = 128, NX = 128 };
    uint32_t shape[2] = {NY, NX}; /* C order: (ny, nx), pixel (y, x) at y*NX + x */

    /* Room for the RATE keyword below: a stream has no keyword entries
     * unless they are asked for at creation. */
    dao_create_options options = DAO_CREATE_OPTIONS_INIT;
    options.keywords = 4;
    dao_stream *s;
    int rc = dao_stream_create(&s, argv[1], DAO_UINT16, 2, shape, &options);
    if (rc < 0) {
        fprintf(stderr, "%s: %s\n", argv[1], dao_strerror(rc));
        return 1;
    }
    rc = dao_stream_keyword_set_double(s, "RATE", rate, "frames per second");
    if (rc < 0)
        fprintf(stderr, "%s: RATE: %s\n", argv[1], dao_strerror(rc)); /* not fatal */

    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    long period_ns = (long)(1e9 / rate);
    for (long n = 0; n < frames; n++) {
        /* Zero-copy: fill the frame where readers will find it, then
         * publish it. Readers that check see it as in progress until then. */
        void *data;
        rc = dao_stream_write_begin(s, &data);
        if (rc < 0)
            break; /* the file shrank or was re-created under us */
        uint16_t *pixels = data;
        double cx = NX / 2 + 30 * cos(n * 0.05), cy = NY / 2 + 30 * sin(n * 0.05);
        for (int y = 0; y < NY; y++)
            for (int x = 0; x < NX; x++)
                pixels[y * NX + x] = (uint16_t)(60000 * exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 50.0));
        rc = dao_stream_write_commit(s);
        if (rc < 0)
            break;

        next.tv_nsec += period_ns;
        while (next.tv_nsec >= 1000000000) {
            next.tv_nsec -= 1000000000;
            next.tv_sec++;
        }
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
            ;
    }
    if (rc < 0)
        fprintf(stderr, "%s: %s\n", argv[1], dao_strerror(rc));
    else
        printf("wrote %lu frames to %s\n", (unsigned long)dao_stream_counter(s), argv[1]);
    dao_stream_close(s);
    return rc < 0;
}
