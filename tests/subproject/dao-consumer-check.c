/* dao-consumer-check — the smallest whole program on libdao, built two ways
 * by .ci/run: by a parent Meson project with dao as its subproject, and
 * against an installed libdao with `pkg-config --cflags --libs libdao`.
 * It creates a stream in a private directory, writes a frame, reads it back
 * through a second handle, removes the stream and its semaphores, and says
 * "ok" with the library's version: proof that it compiled against dao.h,
 * linked and found libdao.so at run time. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <dao.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int fail(const char *what, int rc)
{
    fprintf(stderr, "dao-consumer-check: %s: %s\n", what, dao_strerror(rc));
    return 1;
}

int main(void)
{
    char dir[] = "/tmp/dao-consumer-check-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char path[96];
    snprintf(path, sizeof(path), "%s/dcc%ld.im.shm", dir, (long)getpid());

    uint32_t shape[2] = {4, 8};
    uint16_t frame[32], copy[32];
    for (int i = 0; i < 32; i++)
        frame[i] = (uint16_t)(1000 + i);

    dao_stream *writer = NULL, *reader = NULL;
    int rc = dao_stream_create(&writer, path, DAO_UINT16, 2, shape, NULL);
    if (rc < 0)
        return fail("create", rc);
    if ((rc = dao_stream_write(writer, frame, sizeof(frame))) < 0)
        return fail("write", rc);
    if ((rc = dao_stream_open(&reader, path, DAO_OPEN_READ_ONLY)) < 0)
        return fail("open", rc);
    dao_frame_info info;
    if ((rc = dao_stream_read(reader, copy, sizeof(copy), 100000000 /* 100 ms */, &info)) < 0)
        return fail("read", rc);
    int same = memcmp(frame, copy, sizeof(frame)) == 0;
    dao_stream_close(reader);
    dao_stream_close(writer);
    if ((rc = dao_stream_unlink(path)) < 0)
        return fail("unlink", rc);
    rmdir(dir);
    if (!same) {
        fprintf(stderr, "dao-consumer-check: the frame read back differs\n");
        return 1;
    }
    printf("ok: libdao %s, frame %llu read back\n", dao_version(), (unsigned long long)info.counter);
    return 0;
}
