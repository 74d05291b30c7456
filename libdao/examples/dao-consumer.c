/* dao-consumer — a C consumer: claims its own reader slot, waits for each
 * new frame and takes a consistent copy of it.
 *
 *   dao-consumer /tmp/cam.im.shm [frames]
 *
 * It may start before its producer (it waits up to 10 s for the file), and
 * it follows a producer that re-creates the stream: the path then holds a
 * new file, whose writes post the same semaphores, so every wake-up checks
 * that the path still holds the file this handle maps.
 */
#include <dao.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Open `path` and claim a reader slot, waiting for the file to appear. */
static int attach(const char *path, dao_stream **s, int *slot)
{
    int rc;
    for (int tries = 0;; tries++) {
        rc = dao_stream_open(s, path, 0);
        if (rc != -ENOENT || tries == 100)
            break;
        nanosleep(&(struct timespec){.tv_nsec = 100000000}, NULL); /* 0.1 s */
    }
    if (rc < 0)
        return rc;
    rc = dao_stream_slot_claim(*s, slot); /* a semaphore no other reader uses */
    if (rc < 0) {
        dao_stream_close(*s);
        *s = NULL;
    }
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s PATH [frames]\n", argv[0]);
        return 2;
    }
    long frames = argc > 2 ? atol(argv[2]) : 10;

    dao_stream *s;
    int slot;
    int rc = attach(argv[1], &s, &slot);
    if (rc < 0) {
        fprintf(stderr, "%s: %s\n", argv[1], dao_strerror(rc));
        return 1;
    }
    void *frame = NULL;
    for (long n = 0; n < frames;) {
        if (!frame && !(frame = malloc(dao_stream_frame_size(s)))) {
            rc = -ENOMEM;
            break;
        }
        rc = dao_stream_wait(s, slot, 2000000000); /* 2 s */
        if (rc == -ETIMEDOUT) {
            fprintf(stderr, "no frame for 2 s (writer %s)\n",
                    dao_stream_writer_state(s) == DAO_WRITER_ALIVE ? "alive" : "not running");
            continue;
        }
        if (rc == 0)
            rc = dao_stream_check_path(s);
        if (rc == DAO_E_REPLACED) {
            /* Re-created: this handle maps the old file. Take the new one. */
            dao_stream_close(s);
            free(frame);
            frame = NULL;
            if ((rc = attach(argv[1], &s, &slot)) < 0)
                break;
            continue;
        }
        if (rc < 0)
            break;
        dao_frame_info info;
        rc = dao_stream_read(s, frame, dao_stream_frame_size(s), 100000000, &info); /* 100 ms */
        if (rc == DAO_E_TORN)
            continue; /* the writer never paused long enough; take the next one */
        if (rc < 0)
            break;
        printf("frame %lu on slot %d, %s %ux%u\n", (unsigned long)info.counter, slot,
               dao_type_name(dao_stream_type(s)), dao_stream_shape(s)[0], dao_stream_shape(s)[1]);
        n++;
    }
    if (rc < 0 && rc != DAO_E_TORN)
        fprintf(stderr, "%s: %s\n", argv[1], dao_strerror(rc));
    free(frame);
    dao_stream_close(s);
    return rc < 0 && rc != DAO_E_TORN ? 1 : 0;
}
