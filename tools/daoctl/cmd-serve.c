/* cmd-serve.c — `daoctl serve`: offer this host's streams to other machines.
 *
 * The policy lives here (which paths, which address, keys, reporting); the
 * protocol, flow control and reading rules live in libdao-remote. */
#include <errno.h>
#include <string.h>

#include "daoctl.h"
#include "dao-remote.h"
#include "remote-cmds.h"
#include "signals.h"

static const char help[] =
    "Usage: daoctl serve [OPTION…] PATH|DIR…\n"
    "\n"
    "Offer the streams at PATH (and every *.im.shm in each DIR, looked at again\n"
    "every second) to other machines, by name: /tmp/cam.im.shm is served as\n"
    "\"cam\", which `daoctl mirror tcp://HOST:5556/cam LOCAL` then mirrors.\n"
    "\n"
    "Each client gets the newest frame when it asks for one, never more than\n"
    "one frame in flight: a slow or distant client skips frames, it does not\n"
    "queue them, and it cannot slow the other clients. Streams are opened\n"
    "read-only and read by polling their frame counter only while a client\n"
    "waits, each new frame copied once for every client (no reader semaphore\n"
    "is taken from the real-time readers unless --semaphore says so).\n"
    "\n"
    "Options:\n"
    "  -b, --bind ENDPOINT  where to listen (default tcp://127.0.0.1:5556, this\n"
    "                       machine only); tcp://0.0.0.0:5556 listens on every\n"
    "                       interface, tcp://127.0.0.1:* on a free port\n"
    "      --max-fps N      at most N frames a second to any client (default:\n"
    "                       what each client asks for)\n"
    "      --codec none|lz4 compress frames losslessly for clients that accept\n"
    "                       it (default none: LZ4 pays on links slower than a\n"
    "                       few hundred MB/s)\n"
    "      --semaphore      claim the highest free reader slot of each stream and\n"
    "                       sleep on its semaphore while a client waits, instead of\n"
    "                       polling the counter every millisecond: copies start\n"
    "                       right after a commit (fewer torn copies of big frames\n"
    "                       at high rates), and the writer posts one more semaphore\n"
    "                       per frame (remote-bench measures what that costs it)\n"
    "      --curve-keys DIR authenticate and encrypt with CURVE: DIR holds\n"
    "                       server.key and authorized/*.pub, one file per client\n"
    "                       allowed in; clients not listed are refused\n"
    "      --make-keys DIR  write a new server key pair into DIR (server.key,\n"
    "                       mode 0600, and server.pub) with an empty\n"
    "                       authorized/ folder, then exit\n"
    "      --stats          print a line a second: clients, frames and bytes sent\n"
    "  -h, --help           show this help\n"
    "\n"
    "Without --curve-keys anyone who can reach the port can watch every stream\n"
    "served (frames are not encrypted either): keep the default loopback address,\n"
    "or a lab network you trust, or use keys.\n"
    "\n"
    "serve prints \"serving N paths on ENDPOINT\" once it listens, and runs\n"
    "until Ctrl-C. Exit status: 0 after Ctrl-C, 1 when it cannot listen or read\n"
    "its keys, 2 on a usage error.\n";

static bool is_loopback(const char *endpoint)
{
    return strncmp(endpoint, "tcp://127.", 10) == 0 || strncmp(endpoint, "tcp://[::1]", 11) == 0 ||
           strncmp(endpoint, "tcp://localhost:", 16) == 0 || strncmp(endpoint, "ipc://", 6) == 0 ||
           strncmp(endpoint, "inproc://", 9) == 0;
}

static void print_stats(const dao_remote_server *srv)
{
    dao_remote_server_stats st;
    dao_remote_server_get_stats(srv, &st);
    printf("clients %u frames %llu bytes %llu copies %llu torn %llu refused %llu dropped %llu\n", st.clients,
           (unsigned long long)st.frames_sent, (unsigned long long)st.bytes_sent,
           (unsigned long long)st.copies, (unsigned long long)st.torn,
           (unsigned long long)st.bad_requests, (unsigned long long)st.dropped);
    fflush(stdout);
}

static int run(int argc, char **argv)
{
    enum { OPT_MAX_FPS = 256, OPT_CODEC, OPT_CURVE, OPT_MAKE_KEYS, OPT_STATS, OPT_SEMAPHORE };
    static const struct option options[] = {
        {"bind", required_argument, NULL, 'b'},
        {"max-fps", required_argument, NULL, OPT_MAX_FPS},
        {"codec", required_argument, NULL, OPT_CODEC},
        {"curve-keys", required_argument, NULL, OPT_CURVE},
        {"make-keys", required_argument, NULL, OPT_MAKE_KEYS},
        {"stats", no_argument, NULL, OPT_STATS},
        {"semaphore", no_argument, NULL, OPT_SEMAPHORE},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    dao_remote_server_options o = DAO_REMOTE_SERVER_OPTIONS_INIT;
    o.bind = DAO_REMOTE_DEFAULT_BIND;
    const char *make_keys = NULL;
    bool stats = false;
    int c;
    while ((c = getopt_long(argc, argv, ":b:h", options, NULL)) != -1) {
        switch (c) {
        case 'b':
            o.bind = optarg;
            break;
        case OPT_MAX_FPS:
            /* parse_seconds takes any non-negative finite number. */
            if (!daoctl_parse_seconds(optarg, &o.max_fps) || o.max_fps <= 0)
                return daoctl_usage("serve", "--max-fps needs a positive number, not '%s'", optarg);
            break;
        case OPT_CODEC:
            if (strcmp(optarg, "lz4") == 0)
                o.lz4 = true;
            else if (strcmp(optarg, "none") == 0)
                o.lz4 = false;
            else
                return daoctl_usage("serve", "--codec is none or lz4, not '%s'", optarg);
            break;
        case OPT_CURVE:
            o.curve_dir = optarg;
            break;
        case OPT_MAKE_KEYS:
            make_keys = optarg;
            break;
        case OPT_STATS:
            stats = true;
            break;
        case OPT_SEMAPHORE:
            o.wake_on_semaphore = true;
            break;
        case 'h':
            return daoctl_print_help(&daoctl_cmd_serve);
        default:
            return daoctl_bad_option("serve", argv, c);
        }
    }
    if (make_keys) {
        int rc = dao_remote_keys_make(make_keys, "server");
        if (rc < 0)
            return daoctl_fail_msg(make_keys, "%s", dao_remote_strerror(rc));
        printf("wrote %s/server.key and %s/server.pub; put each client's client.pub in %s/authorized/\n",
               make_keys, make_keys, make_keys);
        return DAOCTL_OK;
    }
    if (optind == argc)
        return daoctl_usage("serve", "which streams? Give at least one PATH or DIR");

    dao_remote_server *srv;
    int rc = dao_remote_server_new(&srv, &o);
    if (rc < 0)
        return daoctl_fail_msg(o.bind, "%s", dao_remote_strerror(rc));
    for (int i = optind; i < argc; i++) {
        rc = dao_remote_server_add(srv, argv[i]);
        if (rc < 0) {
            dao_remote_server_free(srv);
            return daoctl_fail_msg(argv[i], "%s", rc == -EEXIST ? "another path is served under that name"
                                                               : dao_remote_strerror(rc));
        }
    }
    const char *endpoint = dao_remote_server_endpoint(srv);
    if (!o.curve_dir && !is_loopback(endpoint))
        fprintf(stderr, "daoctl serve: warning: no --curve-keys: anyone who can reach %s can watch "
                        "these streams\n", endpoint);
    printf("serving %d paths on %s\n", argc - optind, endpoint);
    fflush(stdout);

    daoctl_catch_stop_signals();
    while (!daoctl_stop_requested()) {
        rc = dao_remote_server_run(srv, 1000000000);
        if (rc < 0 && rc != -EINTR)
            break;
        rc = 0;
        if (stats)
            print_stats(srv);
    }
    dao_remote_server_free(srv);
    return rc < 0 ? daoctl_fail_msg("serve", "%s", dao_remote_strerror(rc)) : DAOCTL_OK;
}

const daoctl_command daoctl_cmd_serve = {
    .name = "serve",
    .summary = "offer streams to other machines (ZeroMQ, tcp://127.0.0.1:5556)",
    .help = help,
    .run = run,
};
