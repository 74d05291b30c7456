/* daoview-capture-file.c — writing a file whole or not at all.
 *
 * A save that fails half-way (disk full, a cfitsio error, a killed process)
 * must not leave a truncated FITS or .npy file that looks valid to the next
 * program, nor destroy the file it was about to replace. So the bytes go to
 * a new hidden file in the destination's directory (same file system, so
 * rename() is atomic) and are renamed over the destination once complete. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "daoview-capture-i18n.h"
#include "daoview-capture-private.h"

/* Temporary names must differ between the threads and processes that may
 * save into one directory at the same time. */
static atomic_uint temp_counter;

static int open_temp_beside(const char *path, char *temp, size_t len)
{
    const char *slash = strrchr(path, '/');
    int dir_len = slash ? (int)(slash - path) : 1;
    const char *dir = slash ? path : ".";
    if (slash == path) /* a file in the root directory */
        dir_len = 0;

    for (int attempt = 0; attempt < 100; attempt++) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        int n = snprintf(temp, len, "%.*s/.daoview-capture-%ld-%u-%ld.tmp", dir_len, dir,
                         (long)getpid(), atomic_fetch_add(&temp_counter, 1), (long)now.tv_nsec);
        if (n < 0 || (size_t)n >= len)
            return -ENAMETOOLONG;
        /* 0666 and the umask: the same mode any other saved file gets. */
        int fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST)
            return fd >= 0 ? fd : -errno;
    }
    return -EEXIST;
}

static int write_all(int fd, const struct iovec *parts, int n_parts)
{
    for (int i = 0; i < n_parts; i++) {
        const char *p = parts[i].iov_base;
        size_t left = parts[i].iov_len;
        while (left > 0) {
            ssize_t done = write(fd, p, left);
            if (done < 0) {
                if (errno == EINTR)
                    continue;
                return -errno;
            }
            p += done;
            left -= (size_t)done;
        }
    }
    return 0;
}

int daoview_capture__write_file(const char *path, const struct iovec *parts, int n_parts,
                                daoview_capture_error *err)
{
    char temp[PATH_MAX + 64];
    int fd = open_temp_beside(path, temp, sizeof temp);
    if (fd < 0)
        return daoview_capture__fail(err, fd, _("Cannot save “%s”: %s."), path, strerror(-fd));

    int rc = write_all(fd, parts, n_parts);
    /* close() reports delayed write errors on some file systems (NFS). */
    if (close(fd) < 0 && rc == 0)
        rc = -errno;
    if (rc == 0 && rename(temp, path) < 0)
        rc = -errno;
    if (rc < 0) {
        unlink(temp);
        return daoview_capture__fail(err, rc, _("Cannot save “%s”: %s."), path, strerror(-rc));
    }
    return 0;
}
