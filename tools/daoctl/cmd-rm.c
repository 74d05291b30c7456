/* cmd-rm.c — `daoctl rm`: remove streams and, when nobody else uses them,
 * their semaphores.
 *
 * libdao's dao_stream_unlink() removes the semaphores unconditionally; rm
 * cannot use it, because /a/cam.im.shm and /b/cam.im.shm share /cam_sem00 …
 * and removing one must not cut the other's readers off. */
#include <errno.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daoctl.h"
#include "milk.h"
#include "sharing.h"

static const char help[] =
    "Usage: daoctl rm [OPTION…] PATH…\n"
    "\n"
    "Remove each stream file and its semaphores (/STEM_sem00 … and /STEM_semlog,\n"
    "where STEM is the file name up to its first '.').\n"
    "\n"
    "A stream whose libdao writer is alive is not removed unless --force is given,\n"
    "nor is a file that is not a valid stream. Semaphores are kept when another\n"
    "existing stream with the same stem uses them: one in PATH's directory, in\n"
    "/tmp, or in a directory given with --dir (remove the last of them and the\n"
    "semaphores go with it; `daoctl purge` removes sets left behind).\n"
    "\n"
    "Options:\n"
    "  -f, --force      remove even while a libdao writer is alive, and remove\n"
    "                   files that are not valid streams (their semaphores are\n"
    "                   taken to be the default 10 and semlog)\n"
    "      --milk       remove milk / ImageStreamIO streams too (the file only:\n"
    "                   without it they are left alone, even with --force)\n"
    "  -d, --dir DIR    also look in DIR for streams sharing the semaphores\n"
    "                   (may be repeated)\n"
    "  -n, --dry-run    say what would be removed, remove nothing\n"
    "  -h, --help       show this help\n"
    "\n"
    "Exit status: 0 when every PATH was removed, 1 when one was refused or could\n"
    "not be removed (the others are still removed), 2 on a usage error.\n";

typedef struct rm_options {
    bool force;
    bool milk;
    bool dry_run;
    char **dirs;
    int ndirs;
} rm_options;

/* Removes what exists of the stream's semaphore set; says what it did. */
static int remove_semaphores(const char *path, unsigned nsem, bool dry_run)
{
    unsigned removed = 0;
    char first[256] = "", last[256] = "";
    /* Reader semaphores in order, semlog last. */
    for (int i = 0; i <= (int)nsem; i++) {
        int slot = i < (int)nsem ? i : DAO_SEMLOG;
        char name[256];
        if (dao_semaphore_name(name, sizeof(name), path, slot) < 0)
            continue;
        char file[300];
        snprintf(file, sizeof(file), "/dev/shm/sem.%s", name + 1);
        if (dry_run ? access(file, F_OK) != 0 : sem_unlink(name) != 0) {
            if (errno != ENOENT)
                daoctl_fail(name, -errno);
            continue;
        }
        snprintf(removed++ ? last : first, sizeof(first), "%s", name);
    }
    const char *verb = dry_run ? "would remove" : "removed";
    if (removed == 0)
        printf("%s: no semaphores to remove\n", path);
    else if (removed == 1)
        printf("%s semaphore %s\n", verb, first);
    else
        printf("%s %u semaphores %s … %s\n", verb, removed, first, last);
    return DAOCTL_OK;
}

static int remove_one(const char *path, const rm_options *o)
{
    struct stat st;
    if (lstat(path, &st) < 0)
        return daoctl_fail(path, -errno);
    if (S_ISDIR(st.st_mode))
        return daoctl_fail(path, -EISDIR);

    unsigned nsem = DAO_DEFAULT_SEMAPHORES;
    dao_stream *s;
    int rc = dao_stream_open(&s, path, DAO_OPEN_READ_ONLY);
    if (rc < 0) {
        if (!o->force)
            return daoctl_fail_msg(path, "not removed: %s (use --force to remove it anyway)", dao_strerror(rc));
    } else if (dao_stream_format(s) == DAO_FORMAT_MILK) {
        dao_stream_close(s);
        return daoctl_milk_rm(path, o->milk, o->dry_run);
    } else {
        nsem = dao_stream_semaphore_count(s);
        int writer = dao_stream_writer_state(s);
        dao_stream_close(s);
        if (writer == DAO_WRITER_ALIVE && !o->force)
            return daoctl_fail_msg(path, "not removed: a libdao writer is alive (use --force to remove it anyway)");
    }

    scan_list sharers;
    rc = sharing_find(path, o->dirs, o->ndirs, &sharers);
    if (rc < 0)
        return daoctl_fail(path, rc);

    int status = DAOCTL_OK;
    if (o->dry_run) {
        printf("would remove %s\n", path);
    } else if (unlink(path) < 0) {
        status = daoctl_fail(path, -errno);
    } else {
        printf("removed %s\n", path);
    }
    if (status == DAOCTL_OK) {
        if (sharers.count) {
            printf("kept semaphores /%s_sem*: still used by", sharers.items[0].stem);
            for (size_t i = 0; i < sharers.count; i++)
                printf(" %s", sharers.items[i].path);
            putchar('\n');
        } else {
            status = remove_semaphores(path, nsem, o->dry_run);
        }
    }
    scan_free(&sharers);
    return status;
}

static int run(int argc, char **argv)
{
    enum { OPT_MILK = 256 };
    static const struct option options[] = {
        {"force", no_argument, NULL, 'f'},
        {"milk", no_argument, NULL, OPT_MILK},
        {"dir", required_argument, NULL, 'd'},
        {"dry-run", no_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    rm_options o = {0};
    char **dirs = calloc((size_t)argc + 1, sizeof(char *));
    if (!dirs)
        return daoctl_fail("rm", -ENOMEM);
    o.dirs = dirs;
    int c, status = DAOCTL_OK;
    while ((c = getopt_long(argc, argv, ":fd:nh", options, NULL)) != -1) {
        switch (c) {
        case 'f':
            o.force = true;
            break;
        case OPT_MILK:
            o.milk = true;
            break;
        case 'd':
            dirs[o.ndirs++] = optarg;
            break;
        case 'n':
            o.dry_run = true;
            break;
        case 'h':
            free(dirs);
            return daoctl_print_help(&daoctl_cmd_rm);
        default:
            free(dirs);
            return daoctl_bad_option("rm", argv, c);
        }
    }
    if (optind == argc) {
        free(dirs);
        return daoctl_usage("rm", "expected at least one PATH");
    }
    /* One by one, so that removing both streams of a shared stem removes the
     * semaphores with the second. */
    for (int i = optind; i < argc; i++) {
        if (remove_one(argv[i], &o) != DAOCTL_OK)
            status = DAOCTL_FAILED;
    }
    free(dirs);
    return status;
}

const daoctl_command daoctl_cmd_rm = {
    .name = "rm",
    .summary = "remove streams and their semaphores (unless shared or in use)",
    .help = help,
    .run = run,
};
