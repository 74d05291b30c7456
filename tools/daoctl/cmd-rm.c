/* cmd-rm.c — `daoctl rm`: remove streams and, when nobody else uses them,
 * their semaphores.
 *
 * Removing a file that a process maps does not stop the process: a writer
 * goes on writing into a file nobody can open any more, and its readers
 * wait for frames that never come. So rm refuses, unless --force, while
 * anything uses the stream: a live libdao writer, or any process that maps
 * the file (seen in /proc, which also finds writers that are not libdao's,
 * whose state is "unknown") or, when the semaphores are this stream's
 * alone, one of its semaphore files.
 *
 * The file and the semaphores are removed separately — unlink(2), then
 * libdao's dao_semaphores_unlink() — because /a/cam.im.shm and /b/cam.im.shm
 * share /cam_sem00 …, and removing one must not cut the other's readers
 * off. Semaphore files that belong to another user than the stream's owner
 * (planted in the shared /dev/shm, or another user's stream elsewhere) are
 * not this stream's to remove: the set is then kept. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daoctl.h"
#include "milk.h"
#include "procmaps.h"
#include "sharing.h"

static const char help[] =
    "Usage: daoctl rm [OPTION…] PATH…\n"
    "\n"
    "Remove each stream file and its semaphores (/STEM_sem00 … and /STEM_semlog,\n"
    "where STEM is the file name up to its first '.').\n"
    "\n"
    "A stream in use is not removed unless --force is given: one whose libdao\n"
    "writer is alive, or that a running process maps (any writer or reader, also\n"
    "one that is not libdao's), or whose semaphores a running process has open.\n"
    "Nor is a file that is not a valid stream. Processes are seen in /proc: all\n"
    "of them as root, only your own otherwise.\n"
    "\n"
    "Semaphores are kept when another existing stream with the same stem uses\n"
    "them: one in PATH's directory, in /tmp or in a directory given with --dir,\n"
    "or in their subdirectories (remove the last of them and the semaphores go\n"
    "with it; `daoctl purge` removes sets left behind). They are kept too when\n"
    "one of them belongs to another user than the stream's owner.\n"
    "\n"
    "Options:\n"
    "  -f, --force      remove even while the stream is in use, remove files that\n"
    "                   are not valid streams (their semaphores are taken to be\n"
    "                   the default 10 and semlog), and remove semaphores of\n"
    "                   another user\n"
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

/* The semaphore files of one stream that exist: reader slots in order,
 * semlog last. */
typedef struct semaphore_set {
    unsigned count;
    char names[DAO_MAX_SEMAPHORES + 1][256];
    struct stat st[DAO_MAX_SEMAPHORES + 1];
} semaphore_set;

static void find_semaphores(const char *path, unsigned nsem, semaphore_set *set)
{
    set->count = 0;
    for (int i = 0; i <= (int)nsem; i++) {
        int slot = i < (int)nsem ? i : DAO_SEMLOG;
        char *name = set->names[set->count], file[300];
        if (dao_semaphore_name(name, sizeof(set->names[0]), path, slot) < 0 ||
            dao_semaphore_path(file, sizeof(file), NULL, name) < 0 || lstat(file, &set->st[set->count]) < 0)
            continue;
        set->count++;
    }
}

/* A process other than us that maps the file `st` or, if `set` is given,
 * one of its semaphore files; *on_semaphore says which. 0 for none. */
static pid_t find_user(const struct stat *st, const semaphore_set *set, bool *on_semaphore)
{
    procmaps_file files[DAO_MAX_SEMAPHORES + 2] = {{.dev = st->st_dev, .ino = st->st_ino}};
    size_t n = 1;
    for (unsigned k = 0; set && k < set->count; k++, n++) {
        files[n].dev = set->st[k].st_dev;
        files[n].ino = set->st[k].st_ino;
    }
    if (procmaps_find_users(files, n) < 0)
        return 0; /* no /proc: nothing more to see than the writer state */
    for (size_t k = 0; k < n; k++) {
        if (files[k].user) {
            *on_semaphore = k > 0;
            return files[k].user;
        }
    }
    return 0;
}

/* Removes what exists of the stream's semaphore set; says what it did. */
static int remove_semaphores(const char *path, unsigned nsem, const semaphore_set *set, bool dry_run)
{
    if (set->count == 0) {
        printf("%s: no semaphores to remove\n", path);
        return DAOCTL_OK;
    }
    if (!dry_run) {
        int rc = dao_semaphores_unlink(path, nsem);
        if (rc < 0)
            return daoctl_fail_msg(path, "its semaphores: %s", dao_strerror(rc));
    }
    const char *verb = dry_run ? "would remove" : "removed";
    if (set->count == 1)
        printf("%s semaphore %s\n", verb, set->names[0]);
    else
        printf("%s %u semaphores %s … %s\n", verb, set->count, set->names[0], set->names[set->count - 1]);
    return DAOCTL_OK;
}

/* A semaphore of the set that belongs to someone else than `owner`, or -1. */
static int foreign_semaphore(const semaphore_set *set, uid_t owner)
{
    for (unsigned k = 0; k < set->count; k++) {
        if (set->st[k].st_uid != owner)
            return (int)k;
    }
    return -1;
}

static int remove_one(const char *path, const rm_options *o)
{
    struct stat st;
    if (lstat(path, &st) < 0)
        return daoctl_fail(path, -errno);
    if (S_ISDIR(st.st_mode))
        return daoctl_fail(path, -EISDIR);
    if (stat(path, &st) < 0) /* what a process maps is the target of a link */
        return daoctl_fail(path, -errno);

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
    semaphore_set *set = malloc(sizeof(*set));
    if (!set) {
        scan_free(&sharers);
        return daoctl_fail(path, -ENOMEM);
    }
    find_semaphores(path, nsem, set);

    /* Shared semaphores stay whatever happens, so their users do not make
     * this stream busy: only this stream's own can. */
    bool on_semaphore = false;
    pid_t user = o->force ? 0 : find_user(&st, sharers.count ? NULL : set, &on_semaphore);
    int status = DAOCTL_OK;
    if (user) {
        status = daoctl_fail_msg(path, "not removed: %s in use by pid %ld (use --force to remove it anyway)",
                                 on_semaphore ? "its semaphores are" : "it is", (long)user);
    } else if (o->dry_run) {
        printf("would remove %s\n", path);
    } else if (unlink(path) < 0) {
        status = daoctl_fail(path, -errno);
    } else {
        printf("removed %s\n", path);
    }
    int foreign = foreign_semaphore(set, st.st_uid);
    if (status != DAOCTL_OK) {
        /* nothing more */
    } else if (sharers.count) {
        printf("kept semaphores /%s_sem*: still used by", sharers.items[0].stem);
        for (size_t i = 0; i < sharers.count; i++)
            printf(" %s", sharers.items[i].path);
        putchar('\n');
    } else if (foreign >= 0 && !o->force) {
        printf("kept semaphores %s …: %s belongs to uid %ld, not to the stream's owner (uid %ld; --force "
               "removes them)\n",
               set->names[0], set->names[foreign], (long)set->st[foreign].st_uid, (long)st.st_uid);
    } else {
        status = remove_semaphores(path, nsem, set, o->dry_run);
    }
    free(set);
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
