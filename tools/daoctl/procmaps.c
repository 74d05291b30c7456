/* procmaps.c — see procmaps.h. Files are matched by device and inode, the
 * two columns of a maps line before the path, so a path spelled differently
 * (or since removed: "(deleted)") still matches. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "procmaps.h"

static void scan_process(pid_t pid, procmaps_file *files, size_t n)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%ld/maps", (long)pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return; /* exited meanwhile, or not ours to read */
    char line[4096];
    while (fgets(line, sizeof(line), f)) {
        unsigned major, minor;
        unsigned long long inode;
        /* start-end perms offset major:minor inode [path] */
        if (sscanf(line, "%*s %*s %*s %x:%x %llu", &major, &minor, &inode) != 3 || inode == 0)
            continue;
        for (size_t i = 0; i < n; i++) {
            if (!files[i].user && files[i].ino == (ino_t)inode && files[i].dev == makedev(major, minor))
                files[i].user = pid;
        }
    }
    fclose(f);
}

int procmaps_find_users(procmaps_file *files, size_t n)
{
    for (size_t i = 0; i < n; i++)
        files[i].user = 0;
    if (n == 0)
        return 0;
    DIR *proc = opendir("/proc");
    if (!proc)
        return -errno;
    pid_t self = getpid();
    struct dirent *ent;
    while ((ent = readdir(proc))) {
        if (!isdigit((unsigned char)ent->d_name[0]))
            continue;
        pid_t pid = (pid_t)strtol(ent->d_name, NULL, 10);
        if (pid != self)
            scan_process(pid, files, n);
    }
    closedir(proc);
    return 0;
}
