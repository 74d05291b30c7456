/* cmd-wait.c — `daoctl wait`: block until the next frame, for shell scripts.
 *
 * "Next" means a frame published after wait started. A reader semaphore
 * holds at most one post, usually left over from a frame nobody waited for,
 * so wait claims its slot and drains that post before it blocks.
 *
 * Neither a semaphore nor the counter says when the stream goes away, so
 * wait blocks in slices and looks at the path in between: a stream removed
 * or replaced while a script waits on it ends the wait with an error instead
 * of a hang. */
#include <errno.h>

#include "daoctl.h"
#include "daocommon-json.h"

static const char help[] =
    "Usage: daoctl wait [OPTION…] PATH\n"
    "\n"
    "Block until the stream at PATH publishes a new frame, then print its frame\n"
    "counter and exit 0. By default wait claims the highest free reader slot and\n"
    "waits on that slot's semaphore, so it takes no post from another reader.\n"
    "\n"
    "Options:\n"
    "  -s, --slot K          wait on reader semaphore K (claimed for the wait;\n"
    "                        fails if another libdao reader holds it; without\n"
    "                        write access to the file it is used unclaimed)\n"
    "      --spin            spin on the frame counter in user space instead of\n"
    "                        waiting on a semaphore (one CPU at 100%, lowest\n"
    "                        latency; works when the semaphores are missing)\n"
    "  -t, --timeout SECONDS give up after this long (exit 1, with a message on\n"
    "                        stderr); default: wait for ever\n"
    "  -j, --json            print {\"path\", \"counter\", \"mode\": \"semaphore\"|\"spin\",\n"
    "                        \"slot\" (null when spinning), \"waited_s\"}\n"
    "  -h, --help            show this help\n"
    "\n"
    "A milk / ImageStreamIO stream is waited on by polling its counter (every\n"
    "0.1 ms): waiting on a milk semaphore would write to the file; --slot is\n"
    "ignored and the JSON mode is \"poll\".\n"
    "\n"
    "If the stream is removed, or replaced by a new one, while wait waits, wait\n"
    "says so and exits 1 (within a fraction of a second).\n"
    "\n"
    "Exit status: 0 on a new frame, 1 on timeout or when the stream cannot be\n"
    "waited on (missing, invalid, no semaphores, slot busy, removed or replaced\n"
    "meanwhile), 2 on a usage error.\n";

/* How long one blocking call lasts before wait looks at the path again. */
#define SLICE_NS (200 * 1000 * 1000)
/* wait_in_slices(): the path no longer names any file. */
#define WAIT_GONE 1

typedef struct wait_options {
    long slot; /* -1: claim a free one */
    bool spin;
    double timeout; /* < 0: for ever */
    bool json;
} wait_options;

/* The slot to wait on, claimed where the file lets us claim. */
static int choose_slot(dao_stream *s, const wait_options *o, int *slot)
{
    if (dao_stream_format(s) == DAO_FORMAT_MILK) {
        /* Read-only: libdao polls the counter, whatever the slot. */
        *slot = 0;
        return 0;
    }
    if (o->slot >= 0) {
        *slot = (int)o->slot;
        int rc = dao_stream_slot_claim_at(s, *slot);
        /* Without write access we cannot claim, but may still wait. */
        return rc == DAO_E_READ_ONLY ? 0 : rc;
    }
    return dao_stream_slot_claim(s, slot);
}

/* Semaphore or spin wait, cut into slices with a look at the path between
 * them. Returns 0, -ETIMEDOUT, WAIT_GONE, DAO_E_REPLACED or another code. */
static int wait_in_slices(dao_stream *s, const wait_options *o, int slot, uint64_t seen, uint64_t *counter)
{
    int64_t deadline = o->timeout < 0 ? INT64_MAX : daoctl_now_monotonic_ns() + (int64_t)(o->timeout * 1e9);
    for (;;) {
        int64_t left = deadline == INT64_MAX ? SLICE_NS : deadline - daoctl_now_monotonic_ns();
        int64_t slice = left < 0 ? 0 : left < SLICE_NS ? left : SLICE_NS;
        int rc = o->spin ? dao_stream_spin_wait(s, seen, slice, counter) : dao_stream_wait(s, slot, slice);
        if (rc != -ETIMEDOUT)
            return rc;
        if (daoctl_now_monotonic_ns() >= deadline)
            return -ETIMEDOUT;
        rc = dao_stream_check_path(s);
        if (rc < 0)
            return rc == -ENOENT ? WAIT_GONE : rc;
    }
}

static int wait_semaphore(dao_stream *s, const wait_options *o, int *slot)
{
    int rc = choose_slot(s, o, slot);
    if (rc < 0)
        return rc;
    /* Throw away the post of a frame published before we started. */
    while ((rc = dao_stream_wait(s, *slot, 0)) == 0)
        ;
    if (rc != -ETIMEDOUT)
        return rc;
    return wait_in_slices(s, o, *slot, 0, NULL);
}

static int run(int argc, char **argv)
{
    enum { OPT_SPIN = 256 };
    static const struct option options[] = {
        {"slot", required_argument, NULL, 's'},
        {"spin", no_argument, NULL, OPT_SPIN},
        {"timeout", required_argument, NULL, 't'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    wait_options o = {.slot = -1, .timeout = -1};
    uint64_t v;
    int c;
    while ((c = getopt_long(argc, argv, ":s:t:jh", options, NULL)) != -1) {
        switch (c) {
        case 's':
            if (!daoctl_parse_uint(optarg, 0, DAO_MAX_SEMAPHORES - 1, &v))
                return daoctl_usage("wait", "--slot needs a number from 0 to 99, not '%s'", optarg);
            o.slot = (long)v;
            break;
        case OPT_SPIN:
            o.spin = true;
            break;
        case 't':
            if (!daoctl_parse_seconds(optarg, &o.timeout) || o.timeout > 1e9)
                return daoctl_usage("wait", "--timeout needs a number of seconds, not '%s'", optarg);
            break;
        case 'j':
            o.json = true;
            break;
        case 'h':
            return daoctl_print_help(&daoctl_cmd_wait);
        default:
            return daoctl_bad_option("wait", argv, c);
        }
    }
    if (argc - optind != 1)
        return daoctl_usage("wait", "expected one PATH");
    if (o.spin && o.slot >= 0)
        return daoctl_usage("wait", "--slot and --spin exclude each other");
    const char *path = argv[optind];

    dao_stream *s;
    int rc = dao_stream_open(&s, path, 0);
    if (rc < 0)
        return daoctl_fail(path, rc);
    int64_t start = daoctl_now_monotonic_ns();
    int slot = 0;
    uint64_t counter = 0;
    if (o.spin) {
        rc = wait_in_slices(s, &o, 0, dao_stream_counter(s), &counter);
    } else {
        rc = wait_semaphore(s, &o, &slot);
        counter = dao_stream_counter(s);
    }
    double waited = (double)(daoctl_now_monotonic_ns() - start) / 1e9;

    int status = DAOCTL_OK;
    if (rc == -ETIMEDOUT) {
        status = daoctl_fail_msg(path, "no new frame within %g s", o.timeout);
    } else if (rc == WAIT_GONE) {
        status = daoctl_fail_msg(path, "the stream is gone: %s", dao_strerror(-ENOENT));
    } else if (rc == DAO_E_NO_SEMAPHORES) {
        status = daoctl_fail_msg(path, "%s (try --spin)", dao_strerror(rc));
    } else if (rc == DAO_E_SLOT_BUSY || rc == DAO_E_BAD_SLOT) {
        status = daoctl_fail_msg(path, "slot %ld: %s", o.slot, dao_strerror(rc));
    } else if (rc == DAO_E_READ_ONLY) {
        status = daoctl_fail_msg(path, "%s: cannot claim a reader slot (use --slot K or --spin)",
                                 dao_strerror(rc));
    } else if (rc < 0) {
        status = daoctl_fail(path, rc);
    } else if (o.json) {
        daocommon_json j;
        daocommon_json_init(&j, stdout, false);
        daocommon_json_begin_object(&j);
        daocommon_json_kv_string(&j, "path", path);
        daocommon_json_kv_uint(&j, "counter", counter);
        bool milk = dao_stream_format(s) == DAO_FORMAT_MILK;
        daocommon_json_kv_string(&j, "mode", o.spin ? "spin" : milk ? "poll" : "semaphore");
        daocommon_json_key(&j, "slot");
        if (o.spin || milk)
            daocommon_json_null(&j);
        else
            daocommon_json_uint(&j, (unsigned)slot);
        daocommon_json_kv_double(&j, "waited_s", waited);
        daocommon_json_end_object(&j);
        daocommon_json_finish(&j);
    } else {
        printf("%llu\n", (unsigned long long)counter);
    }
    dao_stream_close(s);
    return status;
}

const daoctl_command daoctl_cmd_wait = {
    .name = "wait",
    .summary = "block until the next frame (semaphore or spin), with a timeout",
    .help = help,
    .run = run,
};
