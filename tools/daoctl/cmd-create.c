/* cmd-create.c — `daoctl create`: a new, all-zero stream for quick tests. */
#include <errno.h>
#include <sys/stat.h>

#include "daoctl.h"
#include "sharing.h"

static const char help[] =
    "Usage: daoctl create [OPTION…] PATH --type TYPE --shape SHAPE\n"
    "\n"
    "Create a stream at PATH (by convention /tmp/NAME.im.shm): all zeros, frame\n"
    "counter 0, its semaphores created (or reset to 0 if they exist). The stream\n"
    "is built in a new file and renamed over PATH, so readers of an older stream\n"
    "there keep a valid mapping.\n"
    "\n"
    "A warning is printed when another stream in PATH's directory or under /tmp has\n"
    "the same stem (file name up to its first '.'): the two would share their\n"
    "semaphores.\n"
    "\n"
    "Options:\n"
    "  -t, --type TYPE        element type, a numpy name: uint8, int8, uint16, int16,\n"
    "                         uint32, int32, uint64, int64, float32, float64,\n"
    "                         complex64, complex128 (also float, double,\n"
    "                         complex_float, complex_double). Required.\n"
    "  -s, --shape SHAPE      extents in C order, 1 to 3 of them: 512x512 is ny x nx\n"
    "                         (the last axis varies fastest), 100 is 1-D. Required.\n"
    "  -k, --keywords N       keyword entries, all unused (default 0, at most 65535)\n"
    "  -n, --semaphores N     reader semaphores, 1 to 100 (default 10)\n"
    "  -d, --depth N          FIFO depth: the stream keeps its last N frames, each\n"
    "                         write going to the next segment (default 1, a plain\n"
    "                         stream; at most 65535). -f, --fifo N is the same.\n"
    "      --force            replace an existing file at PATH\n"
    "  -h, --help             show this help\n"
    "\n"
    "Exit status: 0 when the stream was created, 1 when PATH exists (without\n"
    "--force) or creation failed, 2 on a usage error.\n";

static void warn_about_sharers(const char *path)
{
    scan_list sharers;
    if (sharing_find(path, NULL, 0, &sharers) < 0)
        return;
    for (size_t i = 0; i < sharers.count; i++)
        fprintf(stderr, "daoctl: warning: %s and %s share semaphores (same stem '%s')\n", path,
                sharers.items[i].path, sharers.items[i].stem);
    scan_free(&sharers);
}

static int run(int argc, char **argv)
{
    enum { OPT_FORCE = 256 };
    static const struct option options[] = {
        {"type", required_argument, NULL, 't'},
        {"shape", required_argument, NULL, 's'},
        {"keywords", required_argument, NULL, 'k'},
        {"semaphores", required_argument, NULL, 'n'},
        {"depth", required_argument, NULL, 'd'},
        {"fifo", required_argument, NULL, 'f'},
        {"force", no_argument, NULL, OPT_FORCE},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    int type = 0;
    unsigned naxis = 0;
    uint32_t shape[DAO_MAX_AXES];
    dao_create_options o = DAO_CREATE_OPTIONS_INIT;
    bool force = false;
    uint64_t v;
    int c;
    while ((c = getopt_long(argc, argv, ":t:s:k:n:d:f:h", options, NULL)) != -1) {
        switch (c) {
        case 't':
            type = dao_type_from_name(optarg);
            if (type < 0)
                return daoctl_usage("create", "unknown type '%s'", optarg);
            break;
        case 's':
            if (!daoctl_parse_shape(optarg, &naxis, shape))
                return daoctl_usage("create", "--shape needs 1 to 3 positive extents like 512x512, not '%s'",
                                    optarg);
            break;
        case 'k':
            if (!daoctl_parse_uint(optarg, 0, UINT16_MAX, &v))
                return daoctl_usage("create", "--keywords needs a number from 0 to 65535, not '%s'", optarg);
            o.keywords = (unsigned)v;
            break;
        case 'n':
            if (!daoctl_parse_uint(optarg, 1, DAO_MAX_SEMAPHORES, &v))
                return daoctl_usage("create", "--semaphores needs a number from 1 to 100, not '%s'", optarg);
            o.semaphores = (unsigned)v;
            break;
        case 'd':
        case 'f':
            if (!daoctl_parse_uint(optarg, 1, UINT16_MAX, &v))
                return daoctl_usage("create", "--depth needs a number from 1 to 65535, not '%s'", optarg);
            o.fifo_depth = (unsigned)v;
            break;
        case OPT_FORCE:
            force = true;
            break;
        case 'h':
            return daoctl_print_help(&daoctl_cmd_create);
        default:
            return daoctl_bad_option("create", argv, c);
        }
    }
    if (argc - optind != 1)
        return daoctl_usage("create", "expected one PATH");
    if (!type)
        return daoctl_usage("create", "--type is required");
    if (!naxis)
        return daoctl_usage("create", "--shape is required");
    const char *path = argv[optind];

    struct stat st;
    if (!force && lstat(path, &st) == 0)
        return daoctl_fail_msg(path, "%s (use --force to replace it)", dao_strerror(-EEXIST));

    dao_stream *s;
    int rc = dao_stream_create(&s, path, (dao_type)type, naxis, shape, &o);
    if (rc < 0)
        return daoctl_fail(path, rc);
    dao_stream_close(s);
    warn_about_sharers(path);
    return DAOCTL_OK;
}

const daoctl_command daoctl_cmd_create = {
    .name = "create",
    .summary = "create a stream of a given type and shape",
    .help = help,
    .run = run,
};
