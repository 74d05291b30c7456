/* cmd-write.c — `daoctl write`: publish a frame from the shell. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "daoctl.h"
#include "fill.h"
#include "daocommon-npy.h"
#include "daocommon-shape.h"

static const char help[] =
    "Usage: daoctl write [OPTION…] PATH (--fill VALUE | --from FILE.npy)\n"
    "\n"
    "Write one frame (or --count frames) to the existing stream at PATH and\n"
    "publish it: the frame counter goes up by one per frame and the stream's\n"
    "semaphores are posted, as any libdao writer does. Writing to a stream whose\n"
    "libdao writer is alive works (nothing in the format prevents it), but its\n"
    "frames and yours interleave, so daoctl warns.\n"
    "\n"
    "Options:\n"
    "      --fill VALUE     every element set to VALUE: a decimal integer that fits\n"
    "                       the stream's type, a number for float types (nan and\n"
    "                       inf allowed), or RE or RE,IM for complex types\n"
    "      --from FILE.npy  the frame from a numpy .npy file (format 1, 2 or 3),\n"
    "                       C order, little-endian; its dtype must be the stream's\n"
    "                       type and its shape the stream's shape\n"
    "  -c, --count N        write the frame N times (default 1)\n"
    "  -h, --help           show this help\n"
    "\n"
    "Exit status: 0 when every frame was written, 1 when the stream or the file\n"
    "could not be used (the reason is printed), 2 on a usage error.\n";

static bool same_shape(const daocommon_npy_array *a, const dao_stream *s)
{
    if (a->ndim != dao_stream_naxis(s))
        return false;
    for (unsigned i = 0; i < a->ndim; i++) {
        if (a->shape[i] != dao_stream_shape(s)[i])
            return false;
    }
    return true;
}

/* The frame from a .npy file, or NULL after saying why not. */
static void *frame_from_npy(const char *file, const dao_stream *s)
{
    unsigned char *buf;
    daocommon_npy_array a;
    const char *why;
    int rc = daocommon_npy_load(file, &buf, &a, &why);
    if (rc < 0) {
        daoctl_fail(file, rc);
        return NULL;
    }
    if (rc > 0) {
        daoctl_fail_msg(file, "%s", why);
        return NULL;
    }
    void *frame = NULL;
    char shape[DAOCOMMON_SHAPE_TEXT_MAX], npy_shape[256];
    daocommon_shape_format(shape, sizeof(shape), dao_stream_naxis(s), dao_stream_shape(s),
                           DAOCOMMON_SHAPE_COMPACT);
    daocommon_shape_format_u64(npy_shape, sizeof(npy_shape), a.ndim, a.shape, DAOCOMMON_SHAPE_NUMPY);
    if (a.type != dao_stream_type(s))
        daoctl_fail_msg(file, "dtype %s does not match the stream's type %s", dao_type_name(a.type),
                        dao_type_name(dao_stream_type(s)));
    else if (!same_shape(&a, s))
        daoctl_fail_msg(file, "shape %s does not match the stream's shape %s", npy_shape, shape);
    else if ((frame = malloc(a.data_size ? a.data_size : 1)))
        memcpy(frame, a.data, a.data_size);
    else
        daoctl_fail(file, -ENOMEM);
    free(buf);
    return frame;
}

static void *frame_from_fill(const char *text, const dao_stream *s)
{
    unsigned char element[FILL_MAX_ELEMENT];
    const char *why = fill_parse(dao_stream_type(s), text, element);
    if (why) {
        daoctl_fail_msg(dao_stream_path(s), "fill value '%s': %s (type %s)", text, why,
                        dao_type_name(dao_stream_type(s)));
        return NULL;
    }
    size_t size = dao_stream_frame_size(s);
    void *frame = malloc(size);
    if (!frame) {
        daoctl_fail(dao_stream_path(s), -ENOMEM);
        return NULL;
    }
    fill_repeat(frame, size, element, dao_stream_element_size(s));
    return frame;
}

static int run(int argc, char **argv)
{
    enum { OPT_FILL = 256, OPT_FROM };
    static const struct option options[] = {
        {"fill", required_argument, NULL, OPT_FILL},
        {"from", required_argument, NULL, OPT_FROM},
        {"count", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *fill = NULL, *from = NULL;
    uint64_t count = 1;
    int c;
    while ((c = getopt_long(argc, argv, ":c:h", options, NULL)) != -1) {
        switch (c) {
        case OPT_FILL:
            fill = optarg;
            break;
        case OPT_FROM:
            from = optarg;
            break;
        case 'c':
            if (!daoctl_parse_uint(optarg, 1, UINT64_MAX, &count))
                return daoctl_usage("write", "--count needs a positive number, not '%s'", optarg);
            break;
        case 'h':
            return daoctl_print_help(&daoctl_cmd_write);
        default:
            return daoctl_bad_option("write", argv, c);
        }
    }
    if (argc - optind != 1)
        return daoctl_usage("write", "expected one PATH");
    if (!fill == !from)
        return daoctl_usage("write", "give exactly one of --fill VALUE and --from FILE.npy");
    const char *path = argv[optind];

    dao_stream *s;
    int rc = dao_stream_open(&s, path, 0);
    if (rc < 0)
        return daoctl_fail(path, rc);
    if (dao_stream_is_read_only(s)) {
        dao_stream_close(s);
        return daoctl_fail(path, DAO_E_READ_ONLY);
    }
    if (dao_stream_writer_state(s) == DAO_WRITER_ALIVE)
        fprintf(stderr, "daoctl: warning: %s: another libdao writer is alive; its frames and these interleave\n",
                path);
    void *frame = fill ? frame_from_fill(fill, s) : frame_from_npy(from, s);
    int status = frame ? DAOCTL_OK : DAOCTL_FAILED;
    for (uint64_t i = 0; frame && i < count; i++) {
        rc = dao_stream_write(s, frame, dao_stream_frame_size(s));
        if (rc < 0) {
            status = daoctl_fail(path, rc);
            break;
        }
    }
    free(frame);
    dao_stream_close(s);
    return status;
}

const daoctl_command daoctl_cmd_write = {
    .name = "write",
    .summary = "write a frame: a constant (--fill) or a .npy file (--from)",
    .help = help,
    .run = run,
};
