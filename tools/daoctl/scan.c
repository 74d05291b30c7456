/* scan.c — see scan.h. */
#include <dirent.h>
#include <fcntl.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dao.h"
#include "scan.h"

char *scan_stem(const char *path)
{
    char stem[256];
    if (dao_stream_stem(stem, sizeof(stem), path) < 0)
        stem[0] = '\0'; /* no stem, or one too long for any semaphore name */
    return strdup(stem);
}

char *scan_join(const char *dir, const char *name)
{
    size_t dlen = strlen(dir);
    bool slash = dlen > 0 && dir[dlen - 1] == '/';
    size_t len = dlen + (slash ? 0 : 1) + strlen(name) + 1;
    char *path = malloc(len);
    if (path)
        snprintf(path, len, "%s%s%s", dir, slash ? "" : "/", name);
    return path;
}

char *scan_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

static bool has_stream_suffix(const char *name)
{
    size_t len = strlen(name), slen = strlen(DAOCTL_STREAM_SUFFIX);
    return len >= slen && strcmp(name + len - slen, DAOCTL_STREAM_SUFFIX) == 0;
}

int scan_add(scan_list *list, const char *path)
{
    if (list->count == list->capacity) {
        size_t capacity = list->capacity ? list->capacity * 2 : 16;
        scan_entry *items = realloc(list->items, capacity * sizeof(*items));
        if (!items)
            return -ENOMEM;
        list->items = items;
        list->capacity = capacity;
    }
    scan_entry *e = &list->items[list->count];
    memset(e, 0, sizeof(*e));
    e->path = strdup(path);
    e->stem = scan_stem(path);
    if (!e->path || !e->stem) {
        free(e->path);
        free(e->stem);
        return -ENOMEM;
    }
    struct stat st;
    if (stat(path, &st) == 0) {
        e->has_id = true;
        e->dev = st.st_dev;
        e->ino = st.st_ino;
    }
    list->count++;
    return 0;
}

int scan_dir(scan_list *list, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -errno;
    int rc = 0;
    struct dirent *ent;
    while (rc == 0 && (ent = readdir(d))) {
        if (!has_stream_suffix(ent->d_name))
            continue;
        char *path = scan_join(dir, ent->d_name);
        rc = path ? scan_add(list, path) : -ENOMEM;
        free(path);
    }
    closedir(d);
    return rc;
}

static int compare_stem(const void *key, const void *member)
{
    return strcmp(key, *(char *const *)member);
}

/* Does the regular file `name` (at `path`) own the set of its stem? */
static bool owns_set(const char *name, const char *path)
{
    if (has_stream_suffix(name))
        return true;
    dao_stream *s;
    if (dao_stream_open(&s, path, DAO_OPEN_READ_ONLY) < 0)
        return false;
    dao_stream_close(s);
    return true;
}

static void warn_unreadable(const char *path, int rc)
{
    fprintf(stderr, "daoctl: warning: %s: %s (not searched for streams)\n", path, dao_strerror(rc));
}

/* One directory (open as `dirfd`, which this closes) and, while depth
 * allows, its subdirectories. */
static int scan_owners_at(scan_list *list, int dirfd, const char *dir, unsigned depth, char *const *stems,
                          size_t n, bool warn)
{
    DIR *d = fdopendir(dirfd);
    if (!d) {
        int rc = -errno;
        close(dirfd);
        return rc;
    }
    int rc = 0;
    struct dirent *ent;
    while (rc == 0 && (ent = readdir(d))) {
        if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
            continue;
        struct stat st;
        if (fstatat(dirfd, ent->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
            continue; /* gone meanwhile */
        char *path = scan_join(dir, ent->d_name);
        if (!path) {
            rc = -ENOMEM;
            break;
        }
        if (S_ISDIR(st.st_mode) && depth > 0) {
            int sub = openat(dirfd, ent->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            int sub_rc = sub < 0 ? -errno : scan_owners_at(list, sub, path, depth - 1, stems, n, warn);
            if (sub_rc == -ENOMEM)
                rc = sub_rc;
            else if (sub_rc < 0 && warn)
                warn_unreadable(path, sub_rc);
        } else if (S_ISREG(st.st_mode)) {
            char *stem = scan_stem(ent->d_name);
            if (!stem)
                rc = -ENOMEM;
            else if (*stem && bsearch(stem, stems, n, sizeof(*stems), compare_stem) &&
                     owns_set(ent->d_name, path))
                rc = scan_add(list, path);
            free(stem);
        }
        free(path);
    }
    closedir(d);
    return rc;
}

int scan_owners(scan_list *list, const char *dir, unsigned depth, char *const *stems, size_t n, bool warn)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    return scan_owners_at(list, fd, dir, depth, stems, n, warn);
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(((const scan_entry *)a)->path, ((const scan_entry *)b)->path);
}

bool scan_is_other_file(const scan_entry *a, const scan_entry *b)
{
    if (a->has_id && b->has_id)
        return a->dev != b->dev || a->ino != b->ino;
    return strcmp(a->path, b->path) != 0;
}

void scan_sort_unique(scan_list *list)
{
    if (list->count == 0)
        return;
    qsort(list->items, list->count, sizeof(*list->items), compare_paths);
    /* Quadratic, but a directory holds tens of streams, not thousands, and
     * the same file can appear under two spellings far apart in the order. */
    size_t kept = 0;
    for (size_t i = 0; i < list->count; i++) {
        bool duplicate = false;
        for (size_t k = 0; k < kept && !duplicate; k++)
            duplicate = !scan_is_other_file(&list->items[k], &list->items[i]);
        if (duplicate) {
            free(list->items[i].path);
            free(list->items[i].stem);
        } else {
            list->items[kept++] = list->items[i];
        }
    }
    list->count = kept;
}

void scan_free(scan_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].path);
        free(list->items[i].stem);
    }
    free(list->items);
    memset(list, 0, sizeof(*list));
}
