/* sharing.h — which other streams use the same semaphores as a path. */
#ifndef DAOCTL_SHARING_H
#define DAOCTL_SHARING_H

#include "scan.h"

/* Finds the valid streams, other than the file at `path`, whose stem is
 * `path`'s: in the directory of `path`, in /tmp and in `extra_dirs`, and
 * their subdirectories down to DAOCTL_OWNER_DEPTH, whatever their names
 * (see scan_owners()). Fills `sharers` (the caller frees it with
 * scan_free()). Directories that cannot be read are skipped. Returns 0 or
 * -ENOMEM. */
int sharing_find(const char *path, char *const *extra_dirs, int n_extra, scan_list *sharers);

#endif /* DAOCTL_SHARING_H */
