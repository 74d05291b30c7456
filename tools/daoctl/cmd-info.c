/* cmd-info.c — `daoctl info`: everything about one stream, header field by
 * header field, for when `ls` is not enough to tell what is wrong. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "daoctl.h"
#include "daocommon-json.h"
#include "info-json.h"
#include "keywords.h"
#include "milk.h"
#include "scan.h"
#include "sharing.h"

static const char help[] =
    "Usage: daoctl info [OPTION…] PATH\n"
    "\n"
    "Show every header field of the stream at PATH (for a FIFO stream, the\n"
    "counter, write time and write flag of each segment), its keywords, the\n"
    "current value of each of its semaphores (or that they are missing), which\n"
    "reader slots are claimed, whether its libdao writer is alive, gone or\n"
    "unknown, the file's size against the size its header implies, and the\n"
    "other streams (in PATH's directory, and anywhere under /tmp down to three\n"
    "levels) that share its semaphores because their file names have the same\n"
    "stem.\n"
    "\n"
    "The stream is opened read-only: info changes nothing, claims nothing and\n"
    "creates no semaphore.\n"
    "\n"
    "A milk / ImageStreamIO stream is shown with its milk header field by field\n"
    "(milk's names; size in milk order, x fastest, beside the numpy shape), its\n"
    "layout, the frame rate over 0.2 s, the fast circular buffer, and for each\n"
    "semaphore its value (in-file semaphores only) and the reader and writer\n"
    "PIDs the file records, alive or gone. Its --json has \"format\": \"milk\",\n"
    "\"type\" and \"shape\" (numpy order) at the top and the milk fields in\n"
    "\"header\"; a DAO stream's has \"format\": \"dao\".\n"
    "\n"
    "Options:\n"
    "  -j, --json  print a JSON document instead of text:\n"
    "              {\"path\", \"stem\", \"header\": {every md[0] field by its format name,\n"
    "               plus \"type\"}, \"segments\": [{\"index\", \"cnt0\", \"atime_ns\",\n"
    "               \"write\"}], \"frame_size\", \"file_size\", \"expected_file_size\",\n"
    "               \"size_ok\", \"writer\", \"semaphores\": [{\"slot\", \"name\",\n"
    "               \"value\" (null when missing), \"claimed\"}], \"semlog\": {\"name\",\n"
    "               \"value\"}, \"claimed_slots\": […], \"keyword_capacity\",\n"
    "               \"keywords\": [{\"index\", \"name\", \"type\": \"int\"|\"double\"|\"string\",\n"
    "               \"value\", \"comment\"}], \"shares_semaphores_with\": […]}\n"
    "  -h, --help  show this help\n"
    "\n"
    "Exit status: 0 when the stream could be read, 1 when PATH is missing or not a\n"
    "valid stream (the reason is printed), 2 on a usage error.\n";

static int64_t seconds_to_ns(double seconds)
{
    return seconds > 0 && seconds < 9e9 ? (int64_t)(seconds * 1e9) : 0;
}

/* What a stream is, gathered once and printed either way. */
typedef struct info {
    dao_stream *s;
    dao_metadata md0;
    char stem[256];
    int writer;
    int sem_values[DAO_MAX_SEMAPHORES + 1]; /* last one: semlog */
    int sem_rc[DAO_MAX_SEMAPHORES + 1];
    char sem_names[DAO_MAX_SEMAPHORES + 1][256];
    bool claimed[DAO_MAX_SEMAPHORES];
    scan_list sharers;
} info;

static void gather(info *in, dao_stream *s, const char *path)
{
    memset(in, 0, sizeof(*in));
    in->s = s;
    in->md0.version = DAO_METADATA_VERSION;
    dao_stream_metadata(s, 0, &in->md0);
    char *stem = scan_stem(path);
    snprintf(in->stem, sizeof(in->stem), "%s", stem ? stem : "");
    free(stem);
    in->writer = dao_stream_writer_state(s);
    (void)sharing_find(path, NULL, 0, &in->sharers); /* on failure: an empty list */
    unsigned nsem = dao_stream_semaphore_count(s);
    for (unsigned k = 0; k <= nsem; k++) {
        int slot = k < nsem ? (int)k : DAO_SEMLOG;
        unsigned index = k < nsem ? k : DAO_MAX_SEMAPHORES;
        if (dao_semaphore_name(in->sem_names[index], sizeof(in->sem_names[index]), path, slot) < 0)
            in->sem_names[index][0] = '\0';
        in->sem_rc[index] = dao_stream_semaphore_value(s, slot, &in->sem_values[index]);
        if (k < nsem)
            in->claimed[k] = dao_stream_slot_is_claimed(s, k) == 1;
    }
}

static void print_json(const info *in)
{
    const dao_stream *s = in->s;
    const dao_metadata *md = &in->md0;
    daocommon_json j;
    daocommon_json_init(&j, stdout, true);
    daocommon_json_begin_object(&j);
    daocommon_json_kv_string(&j, "path", dao_stream_path(s));
    daocommon_json_kv_string(&j, "format", "dao");
    daocommon_json_kv_string(&j, "stem", in->stem);

    daocommon_json_key(&j, "header");
    daocommon_json_begin_object(&j);
    daoctl_info_json_geometry(&j, md->name, md->naxis, md->size, md->nelement);
    daocommon_json_kv_uint(&j, "atype", md->atype);
    daocommon_json_kv_string(&j, "type", dao_type_name(md->atype));
    daocommon_json_kv_double(&j, "creation_time", md->creation_time);
    daocommon_json_kv_double(&j, "last_access", md->last_access);
    daocommon_json_kv_int(&j, "atime_ns", md->atime_ns);
    daocommon_json_kv_uint(&j, "shared", md->shared);
    daocommon_json_kv_uint(&j, "status", md->status);
    daocommon_json_kv_uint(&j, "logflag", md->logflag);
    daocommon_json_kv_uint(&j, "sem", md->sem);
    daocommon_json_kv_uint(&j, "cnt0", md->cnt0);
    daocommon_json_kv_uint(&j, "cnt1", md->cnt1);
    daocommon_json_kv_uint(&j, "cnt2", md->cnt2);
    daocommon_json_kv_uint(&j, "write", md->write);
    daocommon_json_kv_uint(&j, "nbkw", md->nbkw);
    daocommon_json_kv_uint(&j, "fifo_size", md->fifo_size);
    daocommon_json_kv_uint(&j, "fifo_last_written", md->fifo_last_written);
    daocommon_json_end_object(&j);

    daocommon_json_key(&j, "segments");
    daocommon_json_begin_array(&j);
    for (unsigned seg = 0; seg < dao_stream_fifo_depth(s); seg++) {
        dao_metadata m = DAO_METADATA_INIT;
        dao_stream_metadata(s, seg, &m);
        daocommon_json_begin_object(&j);
        daocommon_json_kv_uint(&j, "index", seg);
        daocommon_json_kv_uint(&j, "cnt0", m.cnt0);
        daocommon_json_kv_int(&j, "atime_ns", m.atime_ns);
        daocommon_json_kv_uint(&j, "write", m.write);
        daocommon_json_end_object(&j);
    }
    daocommon_json_end_array(&j);

    daocommon_json_kv_uint(&j, "counter", dao_stream_counter(s));
    daoctl_info_json_file(&j, s, in->writer);

    unsigned nsem = dao_stream_semaphore_count(s);
    daocommon_json_key(&j, "semaphores");
    daocommon_json_begin_array(&j);
    for (unsigned k = 0; k < nsem; k++) {
        daocommon_json_begin_object(&j);
        daocommon_json_kv_uint(&j, "slot", k);
        daocommon_json_kv_string(&j, "name", in->sem_names[k]);
        daocommon_json_key(&j, "value");
        if (in->sem_rc[k] == 0)
            daocommon_json_int(&j, in->sem_values[k]);
        else
            daocommon_json_null(&j);
        daocommon_json_kv_bool(&j, "claimed", in->claimed[k]);
        daocommon_json_end_object(&j);
    }
    daocommon_json_end_array(&j);
    daocommon_json_key(&j, "semlog");
    daocommon_json_begin_object(&j);
    daocommon_json_kv_string(&j, "name", in->sem_names[DAO_MAX_SEMAPHORES]);
    daocommon_json_key(&j, "value");
    if (in->sem_rc[DAO_MAX_SEMAPHORES] == 0)
        daocommon_json_int(&j, in->sem_values[DAO_MAX_SEMAPHORES]);
    else
        daocommon_json_null(&j);
    daocommon_json_end_object(&j);
    daocommon_json_key(&j, "claimed_slots");
    daocommon_json_begin_array(&j);
    for (unsigned k = 0; k < nsem; k++) {
        if (in->claimed[k])
            daocommon_json_uint(&j, k);
    }
    daocommon_json_end_array(&j);

    daoctl_keywords_json(&j, s);
    daocommon_json_key(&j, "shares_semaphores_with");
    daocommon_json_begin_array(&j);
    for (size_t i = 0; i < in->sharers.count; i++)
        daocommon_json_string(&j, in->sharers.items[i].path);
    daocommon_json_end_array(&j);
    daocommon_json_end_object(&j);
    daocommon_json_finish(&j);
}

static void print_semaphore(const info *in, unsigned index, const char *label)
{
    printf("  %-8s %-24s ", label, in->sem_names[index]);
    if (in->sem_rc[index] == 0)
        printf("value %d", in->sem_values[index]);
    else
        printf("%s", dao_strerror(in->sem_rc[index]));
    if (index < DAO_MAX_SEMAPHORES && in->claimed[index])
        printf("  (claimed)");
    putchar('\n');
}

static void print_text(const info *in)
{
    const dao_stream *s = in->s;
    const dao_metadata *md = &in->md0;
    char buf[64], when[64], age[16];
    int64_t now = daoctl_now_realtime_ns();

    printf("path:            %s\n", dao_stream_path(s));
    printf("name field:      %s\n", md->name);
    printf("type:            %s (atype %u, %zu bytes per element)\n", dao_type_name(md->atype),
           (unsigned)md->atype, dao_stream_element_size(s));
    daoctl_format_shape(buf, sizeof(buf), dao_stream_naxis(s), dao_stream_shape(s));
    printf("shape:           %s (naxis %u, size [%u, %u, %u], nelement %llu)\n", buf, (unsigned)md->naxis,
           md->size[0], md->size[1], md->size[2], (unsigned long long)md->nelement);
    printf("frame size:      %zu bytes\n", dao_stream_frame_size(s));
    printf("fifo:            depth %u (fifo_size %u), newest segment %u\n", dao_stream_fifo_depth(s),
           md->fifo_size, md->fifo_last_written);
    daoctl_format_time(when, sizeof(when), seconds_to_ns(md->creation_time));
    printf("created:         %s (creation_time %.6f, last_access %.6f)\n", when, md->creation_time,
           md->last_access);
    daoctl_format_time(when, sizeof(when), md->atime_ns);
    daoctl_format_age(age, sizeof(age), daoctl_stream_age(s, now));
    printf("last write:      %s, %s ago (atime %lld ns)\n", when, age, (long long)md->atime_ns);
    printf("counter:         %llu (cnt0 %llu, cnt1 %llu, cnt2 %llu)\n", (unsigned long long)dao_stream_counter(s),
           (unsigned long long)md->cnt0, (unsigned long long)md->cnt1, (unsigned long long)md->cnt2);
    printf("flags:           write %u, shared %u, status %u, logflag %u\n", md->write, md->shared, md->status,
           md->logflag);
    if (dao_stream_fifo_depth(s) > 1) {
        for (unsigned seg = 0; seg < dao_stream_fifo_depth(s); seg++) {
            dao_metadata m = DAO_METADATA_INIT;
            dao_stream_metadata(s, seg, &m);
            daoctl_format_time(when, sizeof(when), m.atime_ns);
            printf("  segment %-4u   cnt0 %llu, written %s, write %u\n", seg, (unsigned long long)m.cnt0, when,
                   m.write);
        }
    }
    uint64_t size = dao_stream_file_size(s), expected = dao_stream_expected_file_size(s);
    printf("file size:       %llu bytes, header implies %llu (%s)\n", (unsigned long long)size,
           (unsigned long long)expected,
           size == expected ? "ok" : "the file is larger; the extra bytes are ignored");
    printf("writer:          %s\n", daoctl_writer_state_name(in->writer));

    unsigned nsem = dao_stream_semaphore_count(s), claimed = 0;
    for (unsigned k = 0; k < nsem; k++)
        claimed += in->claimed[k];
    printf("semaphores:      %u reader semaphores and semlog, stem '%s'\n", nsem, in->stem);
    for (unsigned k = 0; k < nsem; k++) {
        char label[16];
        snprintf(label, sizeof(label), "slot %u", k);
        print_semaphore(in, k, label);
    }
    print_semaphore(in, DAO_MAX_SEMAPHORES, "semlog");
    for (size_t i = 0; i < in->sharers.count; i++)
        printf("  warning: shared with %s (same stem)\n", in->sharers.items[i].path);
    printf("slots claimed:   ");
    if (!claimed)
        printf("none");
    for (unsigned k = 0, shown = 0; k < nsem; k++) {
        if (in->claimed[k])
            printf("%s%u", shown++ ? ", " : "", k);
    }
    putchar('\n');

    daoctl_keywords_text(s, 17);
}

static int run(int argc, char **argv)
{
    static const struct option options[] = {
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    bool json = false;
    int c;
    while ((c = getopt_long(argc, argv, ":jh", options, NULL)) != -1) {
        switch (c) {
        case 'j':
            json = true;
            break;
        case 'h':
            return daoctl_print_help(&daoctl_cmd_info);
        default:
            return daoctl_bad_option("info", argv, c);
        }
    }
    if (argc - optind != 1)
        return daoctl_usage("info", "expected one PATH");
    const char *path = argv[optind];

    dao_stream *s;
    int rc = dao_stream_open(&s, path, DAO_OPEN_READ_ONLY);
    if (rc < 0)
        return daoctl_fail(path, rc);
    if (dao_stream_format(s) == DAO_FORMAT_MILK) {
        int status = daoctl_milk_info(s, json);
        dao_stream_close(s);
        return status;
    }
    info *in = malloc(sizeof(*in));
    if (!in) {
        dao_stream_close(s);
        return daoctl_fail(path, -ENOMEM);
    }
    gather(in, s, path);
    if (json)
        print_json(in);
    else
        print_text(in);
    scan_free(&in->sharers);
    free(in);
    dao_stream_close(s);
    return DAOCTL_OK;
}

const daoctl_command daoctl_cmd_info = {
    .name = "info",
    .summary = "every header field, keywords, semaphores, slots, writer, sizes",
    .help = help,
    .run = run,
};
