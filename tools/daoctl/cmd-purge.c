/* cmd-purge.c — `daoctl purge`: remove semaphore sets no stream owns.
 *
 * DAO writers never remove their semaphores, so every stream that ever
 * existed leaves sem.<stem>_sem00 … behind in /dev/shm. Removing a set that
 * is still in use cuts its readers off for good, so a set goes only when
 * every way we have of seeing a user says there is none:
 *
 * - no stream owns it: no file with its stem in the scanned directories or
 *   their subdirectories (down to --max-depth) is named *.im.shm or opens
 *   as a valid stream. /tmp and the shm directory are always scanned; the
 *   directories given are added to them. Nothing is removed when one of
 *   those directories cannot be read (its streams would look orphaned);
 * - no process maps one of its files (/proc/PID/maps). This sees only the
 *   processes of our PID namespace, and of other users only as root, which
 *   is why it is the second guard and not the only one: a container that
 *   shares /dev/shm has writers we cannot see;
 * - it is ours: a set of another user is kept unless --all-users (it may
 *   belong to streams in directories we were not told about).
 *
 * Only names libdao's dao_semaphore_parse() accepts, with glibc's "sem."
 * prefix, are touched, and only regular files.
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
    "stream and that no process uses. A set belongs to a stream when a file with\n"
    "its stem STEM (the file name up to its first '.') is named *.im.shm or is a\n"
    "valid stream, whatever its name, in /tmp, in the shm directory, in each DIR\n"
    "given (added to those two), or in their subdirectories down to --max-depth.\n"
    "Every file removed is listed, and a last line sums up.\n"
    "\n"
    "Nothing is removed if one of those directories cannot be read (a\n"
    "subdirectory that cannot be read is named in a warning). A set that a\n"
    "running process has open (a writer whose file was removed under it) is kept\n"
    "and named with that process's id; purge sees every process when run as\n"
    "root, only your own otherwise, and never processes of other PID namespaces\n"
    "(containers sharing /dev/shm): pass every directory their streams live in.\n"
    "A set that belongs to another user is kept unless --all-users is given.\n"
    "Run with --dry-run first.\n"
    "\n"
    "Options:\n"
    "  -n, --dry-run        list what would be removed, remove nothing\n"
    "      --shm-dir DIR    where the semaphore files are (default /dev/shm)\n"
    "      --max-depth N    levels of subdirectories searched for streams\n"
    "                       (default 3; 0: only the directories themselves)\n"
    "      --all-users      also remove orphaned sets of other users (as root)\n"
    "  -j, --json           print {\"shm_dir\", \"directories\": […], \"max_depth\",\n"
    "                       \"dry_run\", \"orphans\": [{\"stem\", \"files\": [names],\n"
    "                       \"uid\", \"removed\", \"in_use_by\": [pids],\n"
    "                       \"other_user\"}], \"summary\": {\"sets\", \"files\",\n"
    "                       \"bytes\", \"kept_sets\"}}\n"
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
    uid_t uid;
    uint64_t bytes; /* what the file takes in the shm directory */
    pid_t user;     /* a process that maps some file of this set, or 0 */
    bool removed;
} sem_file;

typedef struct purge_options {
    const char *shm_dir;
    unsigned max_depth;
    bool dry_run;
    bool all_users;
    bool json;
} purge_options;

/* Why an orphaned set stays. */
static const char *kept_because(const sem_file *f, const purge_options *o)
{
    if (f->user)
        return "in use";
    if (!o->all_users && f->uid != geteuid())
        return "another user's";
    return NULL;
}

static int compare_files(const void *a, const void *b)
{
    const sem_file *x = a, *y = b;
    int c = strcmp(x->stem, y->stem);
    return c ? c : strcmp(x->name, y->name);
}

/* End of the run of files of the same set that starts at i (sorted). */
static size_t set_end(const sem_file *files, size_t n, size_t i)
{
    size_t end = i;
    while (end < n && strcmp(files[end].stem, files[i].stem) == 0)
        end++;
    return end;
}

static void free_files(sem_file *files, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(files[i].name);
        free(files[i].stem);
    }
    free(files);
}

/* Every semaphore file of the shm directory, sorted by stem. */
static int read_semaphores(int dirfd, sem_file **out, size_t *count)
{
    *out = NULL;
    *count = 0;
    int fd = dup(dirfd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        int rc = -errno;
        if (fd >= 0)
            close(fd);
        return rc;
    }
    sem_file *files = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *ent;
    while (rc == 0 && (ent = readdir(d))) {
        char stem[256];
        int slot;
        struct stat st;
        /* glibc's files only; never follow a link out of the directory,
         * never touch what is not a file. */
        if (strncmp(ent->d_name, "sem.", 4) != 0 ||
            dao_semaphore_parse(ent->d_name, stem, sizeof(stem), &slot) < 0 ||
            fstatat(dirfd, ent->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            sem_file *grown = realloc(files, cap * sizeof(*files));
            if (!grown) {
                rc = -ENOMEM;
                break;
            }
            files = grown;
        }
        files[n] = (sem_file){
            .name = strdup(ent->d_name),
            .stem = strdup(stem),
            .dev = st.st_dev,
            .ino = st.st_ino,
            .uid = st.st_uid,
            .bytes = (uint64_t)st.st_blocks * 512,
        };
        if (!files[n].name || !files[n].stem)
            rc = -ENOMEM;
        n++;
    }
    closedir(d);
    if (n && rc == 0)
        qsort(files, n, sizeof(*files), compare_files);
    *out = files;
    *count = n;
    return rc;
}

/* Drops the sets that a stream in `owners` owns (both lists by stem). */
static size_t drop_owned(sem_file *files, size_t n, const scan_list *owners)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        bool owned = false;
        for (size_t k = 0; k < owners->count && !owned; k++)
            owned = strcmp(owners->items[k].stem, files[i].stem) == 0;
        if (owned) {
            free(files[i].name);
            free(files[i].stem);
        } else {
            files[kept++] = files[i];
        }
    }
    return kept;
}

/* One file of a set in use keeps the whole set: a process that has one of
 * a stream's semaphores open will open the others as it needs them. */
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
        size_t end = set_end(files, n, i);
        pid_t user = 0;
        for (size_t k = i; k < end && !user; k++)
            user = maps[k].user;
        for (; i < end; i++)
            files[i].user = user;
    }
    free(maps);
    return rc;
}

/* The sets of `files` whose stem no stream in `dirs` owns, with their users
 * marked. Fails (nothing may then be removed) when a directory cannot be
 * read. */
static int find_orphans(int shm_fd, char **dirs, int ndirs, const purge_options *o, sem_file **out,
                        size_t *count)
{
    sem_file *files;
    size_t n;
    int rc = read_semaphores(shm_fd, &files, &n);
    if (rc < 0) {
        free_files(files, n);
        return daoctl_fail(o->shm_dir, rc);
    }
    /* Only the stems there are sets of are looked for (sorted, unique). */
    char **stems = calloc(n ? n : 1, sizeof(*stems));
    size_t n_stems = 0;
    for (size_t i = 0; stems && i < n; i = set_end(files, n, i))
        stems[n_stems++] = files[i].stem;
    scan_list owners = {0};
    int status = stems ? DAOCTL_OK : daoctl_fail("purge", -ENOMEM);
    for (int i = 0; i < ndirs && status == DAOCTL_OK; i++) {
        rc = scan_owners(&owners, dirs[i], o->max_depth, stems, n_stems, true);
        if (rc < 0) {
            daoctl_fail(dirs[i], rc);
            status = daoctl_fail_msg("purge", "nothing removed: every directory must be readable");
        }
    }
    free(stems);
    if (status == DAOCTL_OK) {
        n = drop_owned(files, n, &owners);
        if ((rc = mark_sets_in_use(files, n)) < 0)
            status = daoctl_fail("/proc", rc);
    }
    scan_free(&owners);
    if (status != DAOCTL_OK) {
        free_files(files, n);
        return status;
    }
    *out = files;
    *count = n;
    return DAOCTL_OK;
}

typedef struct purge_summary {
    unsigned sets, files, kept_sets;
    uint64_t bytes;
} purge_summary;

static void print_json(const purge_options *o, char **dirs, int ndirs, const sem_file *files, size_t n,
                       const purge_summary *sum)
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
    daocommon_json_kv_uint(&j, "max_depth", o->max_depth);
    daocommon_json_kv_bool(&j, "dry_run", o->dry_run);
    daocommon_json_key(&j, "orphans");
    daocommon_json_begin_array(&j);
    for (size_t i = 0; i < n; i = set_end(files, n, i)) {
        size_t end = set_end(files, n, i);
        bool removed = true;
        for (size_t k = i; k < end; k++)
            removed &= files[k].removed;
        daocommon_json_begin_object(&j);
        daocommon_json_kv_string(&j, "stem", files[i].stem);
        daocommon_json_key(&j, "files");
        daocommon_json_begin_array(&j);
        for (size_t k = i; k < end; k++)
            daocommon_json_string(&j, files[k].name);
        daocommon_json_end_array(&j);
        daocommon_json_kv_uint(&j, "uid", files[i].uid);
        daocommon_json_kv_bool(&j, "removed", removed);
        daocommon_json_key(&j, "in_use_by");
        daocommon_json_begin_array(&j);
        if (files[i].user)
            daocommon_json_int(&j, files[i].user);
        daocommon_json_end_array(&j);
        daocommon_json_kv_bool(&j, "other_user", files[i].uid != geteuid());
        daocommon_json_end_object(&j);
    }
    daocommon_json_end_array(&j);
    daocommon_json_key(&j, "summary");
    daocommon_json_begin_object(&j);
    daocommon_json_kv_uint(&j, "sets", sum->sets);
    daocommon_json_kv_uint(&j, "files", sum->files);
    daocommon_json_kv_uint(&j, "bytes", sum->bytes);
    daocommon_json_kv_uint(&j, "kept_sets", sum->kept_sets);
    daocommon_json_end_object(&j);
    daocommon_json_end_object(&j);
    daocommon_json_finish(&j);
}

static void print_summary(const purge_options *o, const purge_summary *sum)
{
    if (sum->sets == 0 && sum->kept_sets == 0) {
        printf("no orphaned semaphores in %s\n", o->shm_dir);
        return;
    }
    printf("%s %u orphaned set%s: %u file%s, %llu bytes", o->dry_run ? "would remove" : "removed", sum->sets,
           sum->sets == 1 ? "" : "s", sum->files, sum->files == 1 ? "" : "s", (unsigned long long)sum->bytes);
    if (sum->kept_sets)
        printf("; kept %u orphaned set%s in use or of another user", sum->kept_sets,
               sum->kept_sets == 1 ? "" : "s");
    putchar('\n');
}

static int purge(const purge_options *o, char **dirs, int ndirs)
{
    int shm_fd = open(o->shm_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (shm_fd < 0)
        return daoctl_fail(o->shm_dir, -errno);
    sem_file *files = NULL;
    size_t n = 0;
    int status = find_orphans(shm_fd, dirs, ndirs, o, &files, &n);
    if (status != DAOCTL_OK) {
        close(shm_fd);
        return status;
    }

    purge_summary sum = {0};
    const char *slash = o->shm_dir[strlen(o->shm_dir) - 1] == '/' ? "" : "/";
    for (size_t i = 0; i < n; i = set_end(files, n, i)) {
        size_t end = set_end(files, n, i);
        const char *why = kept_because(&files[i], o);
        bool counted = false;
        for (size_t k = i; k < end; k++) {
            sem_file *f = &files[k];
            if (why) {
                if (!o->json && f->user)
                    printf("kept %s%s%s (orphaned set '%s', still in use by pid %ld)\n", o->shm_dir, slash,
                           f->name, f->stem, (long)f->user);
                else if (!o->json)
                    printf("kept %s%s%s (orphaned set '%s' of uid %ld; --all-users removes it)\n", o->shm_dir,
                           slash, f->name, f->stem, (long)f->uid);
                continue;
            }
            if (!o->dry_run) {
                if (unlinkat(shm_fd, f->name, 0) < 0 && errno != ENOENT) {
                    int rc = -errno;
                    char *full = scan_join(o->shm_dir, f->name);
                    status = daoctl_fail(full ? full : f->name, rc);
                    free(full);
                    continue;
                }
                f->removed = true;
            }
            if (!o->json)
                printf("%s %s%s%s (orphaned set '%s')\n", o->dry_run ? "would remove" : "removed", o->shm_dir,
                       slash, f->name, f->stem);
            sum.files++;
            sum.bytes += f->bytes;
            counted = true;
        }
        sum.sets += counted;
        sum.kept_sets += why != NULL;
    }
    if (o->json)
        print_json(o, dirs, ndirs, files, n, &sum);
    else
        print_summary(o, &sum);

    free_files(files, n);
    close(shm_fd);
    return status;
}

/* The directories to scan: /tmp and the shm directory, then those given,
 * each once. */
static char **directories(const purge_options *o, char **given, int n_given, int *n)
{
    char **dirs = calloc((size_t)n_given + 2, sizeof(*dirs));
    if (!dirs)
        return NULL;
    const char *defaults[] = {"/tmp", o->shm_dir};
    *n = 0;
    for (int i = 0; i < 2 + n_given; i++) {
        const char *d = i < 2 ? defaults[i] : given[i - 2];
        bool seen = false;
        for (int k = 0; k < *n && !seen; k++)
            seen = strcmp(dirs[k], d) == 0;
        if (!seen)
            dirs[(*n)++] = (char *)d;
    }
    return dirs;
}

static int run(int argc, char **argv)
{
    enum { OPT_SHM_DIR = 256, OPT_MAX_DEPTH, OPT_ALL_USERS };
    static const struct option options[] = {
        {"dry-run", no_argument, NULL, 'n'},
        {"shm-dir", required_argument, NULL, OPT_SHM_DIR},
        {"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
        {"all-users", no_argument, NULL, OPT_ALL_USERS},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    purge_options o = {.shm_dir = "/dev/shm", .max_depth = DAOCTL_OWNER_DEPTH};
    uint64_t v;
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
        case OPT_MAX_DEPTH:
            if (!daoctl_parse_uint(optarg, 0, 64, &v))
                return daoctl_usage("purge", "--max-depth needs a number from 0 to 64, not '%s'", optarg);
            o.max_depth = (unsigned)v;
            break;
        case OPT_ALL_USERS:
            o.all_users = true;
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
    int ndirs;
    char **dirs = directories(&o, argv + optind, argc - optind, &ndirs);
    if (!dirs)
        return daoctl_fail("purge", -ENOMEM);
    int status = purge(&o, dirs, ndirs);
    free(dirs);
    return status;
}

const daoctl_command daoctl_cmd_purge = {
    .name = "purge",
    .summary = "remove orphaned semaphore sets from /dev/shm",
    .help = help,
    .run = run,
};
