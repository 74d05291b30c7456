/* cmd-mirror.c — `daoctl mirror`: a local stream kept in step with a remote
 * one, so that every local tool (and the Python module) reads it as a
 * normal stream. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daoctl.h"
#include "dao-remote.h"
#include "remote-cmds.h"
#include "signals.h"

static const char help[] =
    "Usage: daoctl mirror [OPTION…] tcp://HOST[:PORT]/NAME LOCAL_PATH\n"
    "       daoctl mirror --list [OPTION…] tcp://HOST[:PORT]\n"
    "\n"
    "Keep the stream at LOCAL_PATH in step with stream NAME of the `daoctl serve`\n"
    "at HOST (port 5556 by default): each frame received is written into it, with\n"
    "its keywords, so any local reader sees a normal stream (its frame counter\n"
    "counts the frames mirrored). LOCAL_PATH is created with libdao when the first\n"
    "frame arrives, and created again when the remote stream changes shape or\n"
    "type.\n"
    "\n"
    "mirror prints a line on each change of state: connecting, live, stale (the\n"
    "server answers but its stream has no new frame), gone (the server offers no\n"
    "such stream), invalid (it cannot read it, or sent bytes mirror refused),\n"
    "recreated, disconnected and reconnecting (the server stopped answering;\n"
    "mirror reconnects by itself, for ever). It runs until Ctrl-C.\n"
    "\n"
    "Options:\n"
    "      --max-fps N      ask for at most N frames a second (default: every frame\n"
    "                       the server can send)\n"
    "      --no-lz4         do not let the server compress frames\n"
    "      --curve-keys DIR connect with CURVE: DIR holds client.key, client.pub\n"
    "                       and the server's server.pub\n"
    "      --make-keys DIR  write a new client key pair into DIR (client.key, mode\n"
    "                       0600, and client.pub), then exit\n"
    "  -c, --count N        stop after N frames (exit 0)\n"
    "  -l, --list           print the streams the server offers (name, type,\n"
    "                       shape, counter) and exit\n"
    "  -t, --timeout SECONDS with --list, give up after this long (default 5)\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit status: 0 after Ctrl-C, --count frames or a listing; 1 when the local\n"
    "stream cannot be written, the keys cannot be read or the listing failed;\n"
    "2 on a usage error.\n";

typedef struct mirror_options {
    dao_remote_options remote;
    dao_remote_keys keys;
    const char *make_keys;
    uint64_t count; /* 0: until Ctrl-C */
    bool list;
    double timeout;
} mirror_options;

static int list_streams(const char *url, const mirror_options *o)
{
    dao_remote_entry *entries;
    size_t n;
    int rc = dao_remote_list(url, o->remote.keys, (int64_t)(o->timeout * 1e9), &entries, &n);
    if (rc < 0)
        return daoctl_fail_msg(url, "%s", dao_remote_strerror(rc));
    for (size_t i = 0; i < n; i++) {
        const dao_remote_entry *e = &entries[i];
        if (!e->valid) {
            printf("%s\tinvalid\n", e->name);
            continue;
        }
        char shape[64];
        daoctl_format_shape(shape, sizeof shape, e->naxis, e->shape);
        printf("%s\t%s\t%s\t%llu\n", e->name, dao_type_name((int)e->type), shape,
               (unsigned long long)e->counter);
    }
    free(entries);
    return DAOCTL_OK;
}

static void print_state(dao_remote *r)
{
    dao_remote_state st = dao_remote_state_get(r);
    int err = dao_remote_last_error(r);
    if (err < 0 && (st == DAO_REMOTE_INVALID || st == DAO_REMOTE_GONE))
        printf("%s: %s\n", dao_remote_state_name(st), dao_remote_strerror(err));
    else
        printf("%s\n", dao_remote_state_name(st));
    fflush(stdout);
}

/* One frame into the local stream, saying when it had to be created. */
static int mirror_frame(dao_stream **local, const char *path, dao_remote *r)
{
    bool created;
    int rc = dao_remote_mirror_write(r, local, path, &created);
    if (created) {
        const dao_remote_frame *f = dao_remote_frame_info(r);
        char shape[64];
        daoctl_format_shape(shape, sizeof shape, f->naxis, f->shape);
        printf("created %s %s %s\n", path, dao_type_name((int)f->type), shape);
        fflush(stdout);
    }
    return rc;
}

static int run_mirror(const char *url, const char *path, const mirror_options *o)
{
    dao_remote *r;
    int rc = dao_remote_open(&r, url, &o->remote);
    if (rc < 0)
        return daoctl_fail_msg(url, "%s", dao_remote_strerror(rc));
    print_state(r);
    dao_stream *local = NULL;
    uint64_t frames = 0;
    daoctl_catch_stop_signals();
    dao_remote_state shown = dao_remote_state_get(r);
    while (!daoctl_stop_requested() && (o->count == 0 || frames < o->count)) {
        rc = dao_remote_wait(r, 200000000);
        if (dao_remote_state_get(r) != shown) {
            shown = dao_remote_state_get(r);
            print_state(r);
        }
        if (rc == 0) {
            rc = mirror_frame(&local, path, r);
            if (rc < 0) {
                daoctl_fail_msg(path, "%s", dao_strerror(rc));
                break;
            }
            frames++;
        } else if (rc < 0 && rc != -ETIMEDOUT && rc != -EINTR) {
            daoctl_fail_msg(url, "%s", dao_remote_strerror(rc));
            break;
        }
        rc = 0;
    }
    dao_stream_close(local);
    dao_remote_close(r);
    return rc < 0 ? DAOCTL_FAILED : DAOCTL_OK;
}

static int run(int argc, char **argv)
{
    enum { OPT_MAX_FPS = 256, OPT_NO_LZ4, OPT_CURVE, OPT_MAKE_KEYS };
    static const struct option options[] = {
        {"max-fps", required_argument, NULL, OPT_MAX_FPS},
        {"no-lz4", no_argument, NULL, OPT_NO_LZ4},
        {"curve-keys", required_argument, NULL, OPT_CURVE},
        {"make-keys", required_argument, NULL, OPT_MAKE_KEYS},
        {"count", required_argument, NULL, 'c'},
        {"list", no_argument, NULL, 'l'},
        {"timeout", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    mirror_options o = {.remote = DAO_REMOTE_OPTIONS_INIT, .timeout = 5};
    int c, rc;
    while ((c = getopt_long(argc, argv, ":c:lt:h", options, NULL)) != -1) {
        switch (c) {
        case OPT_MAX_FPS:
            if (!daoctl_parse_seconds(optarg, &o.remote.max_fps) || o.remote.max_fps <= 0)
                return daoctl_usage("mirror", "--max-fps needs a positive number, not '%s'", optarg);
            break;
        case OPT_NO_LZ4:
            o.remote.accept_lz4 = false;
            break;
        case OPT_CURVE:
            rc = dao_remote_keys_load(&o.keys, optarg);
            if (rc < 0)
                return daoctl_fail_msg(optarg, "%s", dao_remote_strerror(rc));
            o.remote.keys = &o.keys;
            break;
        case OPT_MAKE_KEYS:
            o.make_keys = optarg;
            break;
        case 'c':
            if (!daoctl_parse_uint(optarg, 1, UINT64_MAX, &o.count))
                return daoctl_usage("mirror", "--count needs a positive number, not '%s'", optarg);
            break;
        case 'l':
            o.list = true;
            break;
        case 't':
            if (!daoctl_parse_seconds(optarg, &o.timeout))
                return daoctl_usage("mirror", "--timeout needs a number of seconds, not '%s'", optarg);
            break;
        case 'h':
            return daoctl_print_help(&daoctl_cmd_mirror);
        default:
            return daoctl_bad_option("mirror", argv, c);
        }
    }
    if (o.make_keys) {
        rc = dao_remote_keys_make(o.make_keys, "client");
        if (rc < 0)
            return daoctl_fail_msg(o.make_keys, "%s", dao_remote_strerror(rc));
        printf("wrote %s/client.key and %s/client.pub; copy the server's server.pub into %s/\n",
               o.make_keys, o.make_keys, o.make_keys);
        return DAOCTL_OK;
    }
    if (o.list) {
        if (argc - optind != 1)
            return daoctl_usage("mirror", "--list takes one tcp://HOST[:PORT]");
        return list_streams(argv[optind], &o);
    }
    if (argc - optind != 2)
        return daoctl_usage("mirror", "give a tcp://HOST[:PORT]/NAME and a LOCAL_PATH");
    return run_mirror(argv[optind], argv[optind + 1], &o);
}

const daoctl_command daoctl_cmd_mirror = {
    .name = "mirror",
    .summary = "keep a local stream in step with a remote one (daoctl serve)",
    .help = help,
    .run = run,
};
