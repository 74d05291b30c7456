/* cmd-purge.c — `daoctl purge`: remove semaphore sets no stream owns.
 *
 * DAO writers never remove their semaphores, so every stream that ever
 * existed leaves sem.<stem>_sem00 … behind in /dev/shm. A set is an orphan
 * when no *.im.shm file in the scanned directories has its stem. Only names
 * that match the two patterns exactly are touched, and nothing is removed
 * when a directory could not be scanned (its streams would look orphaned).
 * A set that some process still maps — a writer that runs on after its file
 * was removed — is in use whatever the directories say, and is kept.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daoctl.h"
#include "daocommon-json.h"
#include "procmaps.h"
#include "scan.h"

static const char help[] =
    "Usage: daoctl purge [OPTION…] [DIR…]\n"
    "\n"
    "Remove the semaphore sets in /dev/shm (files sem.STEM_semNN and\n"
    "sem.STEM_semlog, which glibc creates for /STEM_semNN) that belong to no\n"
    "stream: no file *.im.shm in the scanned directories — each DIR, or /tmp when\n"
    "none is given — has the stem STEM. Every file removed is listed.\n"
    "\n"
    "Scan every directory your streams live in: a set whose stream is elsewhere\n"
    "looks orphaned. Nothing is removed if a directory cannot be read. A set that\n"
    "a running process still has open (a writer whose file was removed under it)\n"
    "is kept and named with that process's id; purge sees every process when run\n"
    "as root, only your own otherwise. Run with --dry-run first.\n"
    "\n"
    "Options:\n"
    "  -n, --dry-run        list what would be removed, remove nothing\n"
    "      --shm-dir DIR    where the semaphore files are (default /dev/shm)\n"
    "  -j, --json           print {\"shm_dir\", \"directories\": […], \"dry_run\",\n"
    "                       \"orphans\": [{\"stem\", \"files\": [names], \"removed\",\n"
    "                       \"in_use_by\": [pids]}]}\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit status: 0 when every orphaned set was removed (or listed, with\n"
    "--dry-run), 1 when a directory could not be read or a file could not be\n"
    "removed, 2 on a usage error.\n";

typedef struct sem_file {
    char *name; /* the file name in the shm directory */
    char *stem;
    dev_t dev;
    ino_t ino;
    pid_t user; /* a process that maps some file of this set, or 0 */
    bool removed;
} sem_file;

typedef struct purge_options {
    const char *shm_dir;
    bool dry_run;
    bool json;
} purge_options;

/* The stem of a semaphore file name, or NULL when the name is not exactly
 * "sem." STEM "_semNN" or "sem." STEM "_semlog" with a STEM that a stream
 * file could have (no '.', which ends a stem). */
static char *semaphore_stem(const char *name)
{
    if (strncmp(name, "sem.", 4) != 0)
        return NULL;
    const char *rest = name + 4;
    size_t len = strlen(rest), stem_len;
    if (len >= 7 && strcmp(rest + len - 7, "_semlog") == 0)
        stem_len = len - 7;
    else if (len >= 6 && strncmp(rest + len - 6, "_sem", 4) == 0 && rest[len - 2] >= '0' && rest[len - 2] <= '9' &&
             rest[len - 1] >= '0' && rest[len - 1] <= '9')
        stem_len = len - 6;
    else
        return NULL;
    if (memchr(rest, '.', stem_len))
        return NULL;
    return strndup(rest, stem_len);
}

static bool stem_in_use(const scan_list *streams, const char *stem)
{
    for (size_t i = 0; i < streams->count; i++) {
        if (strcmp(streams->items[i].stem, stem) == 0)
            return true;
    }
    return false;
}

static int compare_files(const void *a, const void *b)
{
    const sem_file *x = a, *y = b;
    int c = strcmp(x->stem, y->stem);
    return c ? c : strcmp(x->name, y->name);
}

/* One file of a set in use keeps the whole set: a process that has one of
 * a stream's semaphores open will open the others as it needs them. Files
 * must be sorted by stem. */
static int mark_sets_in_use(sem_file *files, size_t n)
{
    procmaps_file *maps = calloc(n ? n : 1, sizeof(*maps));
    if (!maps)
        return -ENOMEM;
    for (size_t i = 0; i < n; i++) {
        maps[i].dev = files[i].dev;
        maps[i].ino = files[i].ino;
    }
    int rc = procmaps_find_users(maps, n);
    for (size_t i = 0; i < n && rc == 0;) {
        size_t end = i;
        pid_t user = 0;
        while (end < n && strcmp(files[end].stem, files[i].stem) == 0) {
            if (!user)
                user = maps[end].user;
            end++;
        }
        for (; i < end; i++)
            files[i].user = user;
    }
    free(maps);
    return rc;
}

/* Orphaned semaphore files in the shm directory, sorted by stem. */
static int find_orphans(int dirfd, const scan_list *streams, sem_file **out, size_t *count)
{
    int fd = dup(dirfd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return -errno;
    }
    sem_file *files = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *ent;
    while (rc == 0 && (ent = readdir(d))) {
        char *stem = semaphore_stem(ent->d_name);
        if (!stem)
            continue;
        struct stat st;
        /* Never follow a link out of the directory, never touch non-files. */
        if (stem_in_use(streams, stem) || fstatat(dirfd, ent->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
            !S_ISREG(st.st_mode)) {
            free(stem);
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            sem_file *grown = realloc(files, cap * sizeof(*files));
            if (!grown) {
                free(stem);
                rc = -ENOMEM;
                break;
            }
            files = grown;
        }
        files[n].name = strdup(ent->d_name);
        files[n].stem = stem;
        files[n].removed = false;
        files[n].dev = st.st_dev;
        files[n].ino = st.st_ino;
        files[n].user = 0;
        if (!files[n++].name)
            rc = -ENOMEM;
    }
    closedir(d);
    if (n)
        qsort(files, n, sizeof(*files), compare_files);
    if (rc == 0)
        rc = mark_sets_in_use(files, n);
    *out = files;
    *count = n;
    return rc;
}

static void print_json(const purge_options *o, char **dirs, int ndirs, const sem_file *files, size_t n)
{
    daocommon_json j;
    daocommon_json_init(&j, stdout, true);
    daocommon_json_begin_object(&j);
    daocommon_json_kv_string(&j, "shm_dir", o->shm_dir);
    daocommon_json_key(&j, "directories");
    daocommon_json_begin_array(&j);
    for (int i = 0; i < ndirs; i++)
        daocommon_json_string(&j, dirs[i]);
    daocommon_json_end_array(&j);
    daocommon_json_kv_bool(&j, "dry_run", o->dry_run);
    daocommon_json_key(&j, "orphans");
    daocommon_json_begin_array(&j);
    for (size_t i = 0; i < n;) {
        size_t end = i;
        bool removed = true;
        while (end < n && strcmp(files[end].stem, files[i].stem) == 0)
            removed &= files[end++].removed;
        daocommon_json_begin_object(&j);
        daocommon_json_kv_string(&j, "stem", files[i].stem);
        daocommon_json_key(&j, "files");
        daocommon_json_begin_array(&j);
        for (size_t k = i; k < end; k++)
            daocommon_json_string(&j, files[k].name);
        daocommon_json_end_array(&j);
        daocommon_json_kv_bool(&j, "removed", removed);
        daocommon_json_key(&j, "in_use_by");
        daocommon_json_begin_array(&j);
        if (files[i].user)
            daocommon_json_int(&j, files[i].user);
        daocommon_json_end_array(&j);
        daocommon_json_end_object(&j);
        i = end;
    }
    daocommon_json_end_array(&j);
    daocommon_json_end_object(&j);
    daocommon_json_finish(&j);
}

static int purge(const purge_options *o, char **dirs, int ndirs)
{
    scan_list streams = {0};
    for (int i = 0; i < ndirs; i++) {
        int rc = scan_dir(&streams, dirs[i]);
        if (rc < 0) {
            scan_free(&streams);
            daoctl_fail(dirs[i], rc);
            return daoctl_fail_msg("purge", "nothing removed: every directory must be readable");
        }
    }
    int dirfd = open(o->shm_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dirfd < 0) {
        scan_free(&streams);
        return daoctl_fail(o->shm_dir, -errno);
    }
    sem_file *files = NULL;
    size_t n = 0;
    int rc = find_orphans(dirfd, &streams, &files, &n);
    int status = rc < 0 ? daoctl_fail(o->shm_dir, rc) : DAOCTL_OK;

    for (size_t i = 0; i < n; i++) {
        const char *slash = o->shm_dir[strlen(o->shm_dir) - 1] == '/' ? "" : "/";
        if (files[i].user) {
            if (!o->json)
                printf("kept %s%s%s (orphaned set '%s', still in use by pid %ld)\n", o->shm_dir, slash,
                       files[i].name, files[i].stem, (long)files[i].user);
            continue;
        }
        if (!o->dry_run) {
            if (unlinkat(dirfd, files[i].name, 0) < 0 && errno != ENOENT) {
                int rc_unlink = -errno;
                char *full = scan_join(o->shm_dir, files[i].name);
                status = daoctl_fail(full ? full : files[i].name, rc_unlink);
                free(full);
                continue;
            }
            files[i].removed = true;
        }
        if (!o->json) {
            printf("%s %s%s%s (orphaned set '%s')\n", o->dry_run ? "would remove" : "removed", o->shm_dir, slash,
                   files[i].name, files[i].stem);
        }
    }
    if (o->json)
        print_json(o, dirs, ndirs, files, n);
    else if (n == 0)
        printf("no orphaned semaphores in %s\n", o->shm_dir);

    for (size_t i = 0; i < n; i++) {
        free(files[i].name);
        free(files[i].stem);
    }
    free(files);
    close(dirfd);
    scan_free(&streams);
    return status;
}

static int run(int argc, char **argv)
{
    enum { OPT_SHM_DIR = 256 };
    static const struct option options[] = {
        {"dry-run", no_argument, NULL, 'n'},
        {"shm-dir", required_argument, NULL, OPT_SHM_DIR},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    purge_options o = {.shm_dir = "/dev/shm"};
    int c;
    while ((c = getopt_long(argc, argv, ":njh", options, NULL)) != -1) {
        switch (c) {
        case 'n':
            o.dry_run = true;
            break;
        case OPT_SHM_DIR:
            if (!*optarg)
                return daoctl_usage("purge", "--shm-dir needs a directory");
            o.shm_dir = optarg;
            break;
        case 'j':
            o.json = true;
            break;
        case 'h':
            return daoctl_print_help(&daoctl_cmd_purge);
        default:
            return daoctl_bad_option("purge", argv, c);
        }
    }
    static char *default_dirs[] = {"/tmp"};
    char **dirs = optind < argc ? argv + optind : default_dirs;
    int ndirs = optind < argc ? argc - optind : 1;
    return purge(&o, dirs, ndirs);
}

const daoctl_command daoctl_cmd_purge = {
    .name = "purge",
    .summary = "remove orphaned semaphore sets from /dev/shm",
    .help = help,
    .run = run,
};
