/* sharing.c — see sharing.h. Only valid streams count: a file that merely
 * has the right name but cannot be opened as a stream uses no semaphores. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daoctl.h"
#include "sharing.h"

int sharing_find(const char *path, char *const *extra_dirs, int n_extra, scan_list *sharers)
{
    memset(sharers, 0, sizeof(*sharers));
    scan_list candidates = {0};
    scan_entry self = {0};
    int rc = scan_add(&candidates, path); /* for its identity and stem */
    if (rc < 0)
        return rc;
    self = candidates.items[0];
    candidates.count = 0;

    char *dir = scan_dirname(path);
    if (!dir) {
        rc = -ENOMEM;
        goto out;
    }
    char *stems[1] = {self.stem};
    size_t n_stems = self.stem[0] ? 1 : 0; /* no stem, no semaphores to share */
    (void)scan_owners(&candidates, dir, 0, stems, n_stems, false);
    (void)scan_owners(&candidates, "/tmp", DAOCTL_OWNER_DEPTH, stems, n_stems, false);
    for (int i = 0; i < n_extra; i++)
        (void)scan_owners(&candidates, extra_dirs[i], DAOCTL_OWNER_DEPTH, stems, n_stems, false);
    free(dir);
    scan_sort_unique(&candidates);

    for (size_t i = 0; i < candidates.count && rc == 0; i++) {
        const scan_entry *e = &candidates.items[i];
        if (!scan_is_other_file(&self, e))
            continue;
        dao_stream *s;
        if (dao_stream_open(&s, e->path, DAO_OPEN_READ_ONLY) < 0)
            continue; /* a *.im.shm that is not a stream (yet) uses no semaphores */
        /* A milk stream keeps its semaphores in the file (or names them
         * after its directory): it shares none with a DAO stem. */
        bool milk = dao_stream_format(s) == DAO_FORMAT_MILK;
        dao_stream_close(s);
        if (milk)
            continue;
        rc = scan_add(sharers, e->path);
    }
out:
    free(self.path);
    free(self.stem);
    scan_free(&candidates);
    if (rc < 0)
        scan_free(sharers);
    return rc;
}
