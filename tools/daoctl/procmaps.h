/* procmaps.h — which processes map a file, from /proc/PID/maps.
 *
 * glibc's sem_open() maps the semaphore's file (/dev/shm/sem.NAME) into the
 * process, and keeps it mapped until sem_close() or exit. A semaphore set
 * whose stream file is gone may therefore still be in use — a writer still
 * running after its file was removed — and that shows in /proc.
 */
#ifndef DAOCTL_PROCMAPS_H
#define DAOCTL_PROCMAPS_H

#include <stddef.h>
#include <sys/types.h>

typedef struct procmaps_file {
    dev_t dev;
    ino_t ino;
    pid_t user; /* out: a process mapping it, or 0 */
} procmaps_file;

/* Sets `user` of each file to the first process found mapping it. Processes
 * whose maps cannot be read (another user's, without privileges) are
 * skipped. Returns 0 or -errno if /proc cannot be read at all. */
int procmaps_find_users(procmaps_file *files, size_t n);

#endif /* DAOCTL_PROCMAPS_H */
