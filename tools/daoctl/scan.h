/* scan.h — finding stream files in directories, and the semaphore stems
 * they use.
 *
 * A stream's semaphores are named after its file name only ("stem": the last
 * path component cut at its first '.', as libdao's dao_stream_stem() says),
 * so /a/cam.im.shm and /b/cam.im.shm share /cam_sem00 … This module is where
 * ls, rm and purge learn which files share a stem, and which files own a
 * semaphore set.
 */
#ifndef DAOCTL_SCAN_H
#define DAOCTL_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define DAOCTL_STREAM_SUFFIX ".im.shm"

typedef struct scan_entry {
    char *path;  /* directory + "/" + file name */
    char *stem;
    bool has_id; /* stat() succeeded: dev and ino identify the file */
    dev_t dev;
    ino_t ino;
} scan_entry;

typedef struct scan_list {
    scan_entry *items;
    size_t count;
    size_t capacity;
} scan_list;

/* Appends every entry of `dir` whose name ends in ".im.shm" (not
 * recursively; hidden names included, since a hidden stream still owns its
 * semaphores). Returns 0 or -errno if the directory cannot be read. */
int scan_dir(scan_list *list, const char *dir);

/* How deep rm and purge look for the streams that own a semaphore set:
 * this many levels of subdirectories below each directory they scan. */
#define DAOCTL_OWNER_DEPTH 3

/* Appends every file under `dir`, down to `depth` levels of subdirectories,
 * that owns the semaphores of one of the `n` stems (sorted with strcmp):
 * a file of that stem named *.im.shm, valid or not (its writer may be
 * re-creating it), and any other regular file of that stem that opens as a
 * valid stream, whatever its name. Symbolic links are not followed. A
 * subdirectory that cannot be read is skipped, and named in a warning on
 * stderr if `warn`. Returns 0, or -errno when `dir` itself cannot be read. */
int scan_owners(scan_list *list, const char *dir, unsigned depth, char *const *stems, size_t n, bool warn);

/* Appends one path as given (for rm and info). Returns 0 or -ENOMEM. */
int scan_add(scan_list *list, const char *path);

/* Sorts by path and drops entries naming the same file twice (the same
 * directory given twice, or "/tmp" and "/tmp/"). */
void scan_sort_unique(scan_list *list);

void scan_free(scan_list *list);

/* The stem of a path ("/tmp/cam.im.shm" → "cam") as dao_stream_stem()
 * gives it, malloc'ed; "" for a name without one ("/tmp/.x"), which owns
 * no semaphore set; NULL when out of memory. */
char *scan_stem(const char *path);

/* Is b a different file from a? Two entries whose identity is unknown are
 * told apart by path. */
bool scan_is_other_file(const scan_entry *a, const scan_entry *b);

/* "dir/name" without doubling a trailing slash. malloc'ed, or NULL. */
char *scan_join(const char *dir, const char *name);

/* The directory part of a path ("." for a bare file name). malloc'ed. */
char *scan_dirname(const char *path);

#endif /* DAOCTL_SCAN_H */
