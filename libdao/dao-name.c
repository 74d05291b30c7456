/* dao-name.c — the semaphore naming rule of format §5, both ways, and where
 * the C library keeps the semaphores it names.
 *
 * Names come from the file name, not the whole path: /a/cam.im.shm and
 * /b/cam.im.shm share "/cam_sem00". That is what running DAO systems do, so
 * we keep it and give tools what they need to make the sharing visible: the
 * stem of a path, the inverse (which stem and slot a semaphore name stands
 * for) and the file behind a name. Nothing else in the project spells the
 * rule out again.
 */
#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dao-private.h"

/* glibc prefixes "sem." and the result must be a file name (255 bytes). */
#define SEMAPHORE_NAME_MAX 251
#define GLIBC_PREFIX "sem."
#define DEFAULT_SHM_DIR "/dev/shm"

static const char *last_component(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int dao_stream_stem(char *buf, size_t len, const char *path)
{
    if (!buf || !path)
        return -EINVAL;
    const char *base = last_component(path);
    size_t stem_len = strcspn(base, ".");
    if (stem_len == 0)
        return -EINVAL; /* "/tmp/.hidden" or "/tmp/": no stem to name anything after */
    if (stem_len + 1 > len)
        return -ENOSPC;
    memcpy(buf, base, stem_len);
    buf[stem_len] = '\0';
    return (int)stem_len;
}

int dao_semaphore_name(char *buf, size_t len, const char *path, int slot)
{
    if (!buf || !path || slot < DAO_SEMLOG || slot >= DAO_MAX_SEMAPHORES)
        return -EINVAL;
    const char *base = last_component(path);
    size_t stem_len = strcspn(base, ".");
    char suffix[8];
    if (slot == DAO_SEMLOG)
        snprintf(suffix, sizeof(suffix), "_semlog");
    else
        snprintf(suffix, sizeof(suffix), "_sem%02d", slot);
    size_t total = 1 + stem_len + strlen(suffix);
    if (total > SEMAPHORE_NAME_MAX)
        return -ENAMETOOLONG;
    if (total + 1 > len)
        return -ENOSPC;
    snprintf(buf, len, "/%.*s%s", (int)stem_len, base, suffix);
    return (int)total;
}

/* Accepts "/cam_sem07", "cam_sem07" and glibc's file name "sem.cam_sem07".
 * A stem never holds a '.' (the rule cuts there) or a '/', so a name that
 * has one after the prefix is not one of ours. */
int dao_semaphore_parse(const char *name, char *stem, size_t len, int *slot)
{
    if (!name || !stem || !slot)
        return -EINVAL;
    if (name[0] == '/')
        name++;
    else if (strncmp(name, GLIBC_PREFIX, strlen(GLIBC_PREFIX)) == 0)
        name += strlen(GLIBC_PREFIX);
    size_t n = strlen(name), stem_len;
    int k;
    if (n > 7 && strcmp(name + n - 7, "_semlog") == 0) {
        stem_len = n - 7;
        k = DAO_SEMLOG;
    } else if (n > 6 && strncmp(name + n - 6, "_sem", 4) == 0 && name[n - 2] >= '0' &&
               name[n - 2] <= '9' && name[n - 1] >= '0' && name[n - 1] <= '9') {
        stem_len = n - 6;
        k = (name[n - 2] - '0') * 10 + (name[n - 1] - '0');
    } else {
        return -EINVAL;
    }
    if (stem_len == 0 || memchr(name, '.', stem_len) || memchr(name, '/', stem_len))
        return -EINVAL;
    if (stem_len + 1 > len)
        return -ENOSPC;
    memcpy(stem, name, stem_len);
    stem[stem_len] = '\0';
    *slot = k;
    return (int)stem_len;
}

int dao_semaphore_path(char *buf, size_t len, const char *shm_dir, const char *name)
{
    if (!buf || !name || name[0] != '/' || strchr(name + 1, '/'))
        return -EINVAL;
    if (!shm_dir)
        shm_dir = DEFAULT_SHM_DIR;
    int n = snprintf(buf, len, "%s/" GLIBC_PREFIX "%s", shm_dir, name + 1);
    if (n < 0)
        return -EINVAL;
    return (size_t)n + 1 > len ? -ENOSPC : n;
}

int dao_semaphores_unlink(const char *path, unsigned count)
{
    if (!path || count > DAO_MAX_SEMAPHORES)
        return -EINVAL;
    int first_error = 0;
    for (int slot = DAO_SEMLOG; slot < (int)count; slot++) {
        char name[256];
        int rc = dao_semaphore_name(name, sizeof(name), path, slot);
        if (rc < 0)
            return rc;
        if (sem_unlink(name) < 0 && errno != ENOENT && first_error == 0)
            first_error = -errno;
    }
    return first_error;
}
