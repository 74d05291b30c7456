/* remote-keys.c — CURVE key files: one Z85 key of 40 characters per file.
 *
 * The layout of a key directory is in dao-remote.h and docs/wire-format.md.
 * Secret keys are written mode 0600 in a 0700 directory and never
 * overwritten, so a mistyped command cannot lock every client out. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zmq.h>

#include "dao-remote.h"
#include "remote-private.h"

static bool is_z85(const char *s, size_t n)
{
    static const char alphabet[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
    for (size_t i = 0; i < n; i++)
        if (!s[i] || !strchr(alphabet, s[i]))
            return false;
    return true;
}

int dao_remote_key_read(const char *path, char key[41])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return errno == ENOENT ? DAO_REMOTE_E_BAD_KEY : -errno;
    char buf[64];
    ssize_t n = read(fd, buf, sizeof buf);
    int err = errno;
    close(fd);
    if (n < 0)
        return -err;
    /* 40 characters, then at most one newline (a file edited by hand). */
    if (n < 40 || n > 42 || !is_z85(buf, 40))
        return DAO_REMOTE_E_BAD_KEY;
    for (ssize_t i = 40; i < n; i++)
        if (buf[i] != '\n' && buf[i] != '\r')
            return DAO_REMOTE_E_BAD_KEY;
    memcpy(key, buf, 40);
    key[40] = 0;
    return 0;
}

static int write_key(const char *dir, const char *role, const char *ext, const char *key, mode_t mode)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s.%s", dir, role, ext) >= (int)sizeof path)
        return -ENAMETOOLONG;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd < 0)
        return -errno;
    char line[42];
    memcpy(line, key, 40);
    line[40] = '\n';
    ssize_t n = write(fd, line, 41);
    int err = errno;
    if (close(fd) < 0 && n == 41)
        return -errno;
    return n == 41 ? 0 : n < 0 ? -err : -EIO;
}

int dao_remote_keys_make(const char *dir, const char *role)
{
    if (strcmp(role, "server") != 0 && strcmp(role, "client") != 0)
        return -EINVAL;
    if (!zmq_has("curve"))
        return DAO_REMOTE_E_NO_CURVE;
    if (mkdir(dir, 0700) < 0 && errno != EEXIST)
        return -errno;
    if (strcmp(role, "server") == 0) {
        char sub[PATH_MAX];
        if (snprintf(sub, sizeof sub, "%s/authorized", dir) >= (int)sizeof sub)
            return -ENAMETOOLONG;
        if (mkdir(sub, 0700) < 0 && errno != EEXIST)
            return -errno;
    }
    char pub[41], secret[41];
    if (zmq_curve_keypair(pub, secret) != 0)
        return DAO_REMOTE_E_ZMQ;
    int rc = write_key(dir, role, "key", secret, 0600);
    if (rc < 0)
        return rc;
    return write_key(dir, role, "pub", pub, 0644);
}

static int read_in(const char *dir, const char *file, char key[41])
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s/%s", dir, file) >= (int)sizeof path)
        return -ENAMETOOLONG;
    return dao_remote_key_read(path, key);
}

int dao_remote_keys_load(dao_remote_keys *keys, const char *dir)
{
    int rc = read_in(dir, "server.pub", keys->server_public);
    if (rc == 0)
        rc = read_in(dir, "client.pub", keys->client_public);
    if (rc == 0)
        rc = read_in(dir, "client.key", keys->client_secret);
    return rc;
}

int dao_remote__server_keys_load(const char *dir, char secret[41], remote_key_list *authorized)
{
    int rc = read_in(dir, "server.key", secret);
    if (rc < 0)
        return rc;
    authorized->count = 0;
    char sub[PATH_MAX];
    if (snprintf(sub, sizeof sub, "%s/authorized", dir) >= (int)sizeof sub)
        return -ENAMETOOLONG;
    DIR *d = opendir(sub);
    if (!d)
        return errno == ENOENT ? 0 : -errno; /* nobody authorized: every client is refused */
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".pub") != 0)
            continue;
        char key[41];
        if (read_in(sub, e->d_name, key) < 0)
            continue; /* a stray file does not let anyone in, nor stop the others */
        if (authorized->count == REMOTE_MAX_AUTHORIZED)
            break;
        memcpy(authorized->keys[authorized->count++], key, 41);
    }
    closedir(d);
    return 0;
}
