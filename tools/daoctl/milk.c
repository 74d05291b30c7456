/* milk.c — see milk.h. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "daoctl.h"
#include "info-json.h"
#include "keywords.h"
#include "milk.h"

const char *daoctl_format_name(const dao_stream *s)
{
    return dao_stream_format(s) == DAO_FORMAT_MILK ? "milk" : "dao";
}

const char *daoctl_milk_shm_dir(void)
{
    const char *dir = dao_milk_shm_dir();
    return strcmp(dir, "/tmp") == 0 ? NULL : dir;
}

void daoctl_milk_ls_json(daocommon_json *j, const dao_stream *s)
{
    dao_milk_metadata md = DAO_MILK_METADATA_INIT;
    if (dao_stream_milk_metadata(s, &md) < 0)
        return;
    daocommon_json_kv_string(j, "milk_version", md.milk_version);
    daocommon_json_kv_string(j, "layout", md.layout);
    daocommon_json_kv_uint(j, "CBsize", md.CBsize);
    daocommon_json_kv_int(j, "location", md.location);
}

const char *daoctl_pid_state(int pid)
{
    if (pid <= 0)
        return "none";
    return kill(pid, 0) == 0 || errno == EPERM ? "alive" : "gone";
}

/* ---- info ---- */

/* The rate over a short window, as ls measures it. */
static double measure_rate(const dao_stream *s)
{
    const double window = 0.2;
    uint64_t before = dao_stream_counter(s);
    int64_t t0 = daoctl_now_monotonic_ns();
    daoctl_sleep_seconds(window);
    uint64_t after = dao_stream_counter(s);
    double elapsed = (double)(daoctl_now_monotonic_ns() - t0) / 1e9;
    return after >= before && elapsed > 0 ? (double)(after - before) / elapsed : 0;
}

static void put_seconds(daocommon_json *j, const char *key, int64_t ns)
{
    daocommon_json_key(j, key);
    if (ns > 0)
        daocommon_json_double(j, (double)ns / 1e9);
    else
        daocommon_json_null(j);
}

static void print_milk_json(dao_stream *s, const dao_milk_metadata *md, double rate)
{
    daocommon_json j;
    daocommon_json_init(&j, stdout, true);
    daocommon_json_begin_object(&j);
    daocommon_json_kv_string(&j, "path", dao_stream_path(s));
    daocommon_json_kv_string(&j, "format", "milk");
    daocommon_json_kv_string(&j, "type", dao_type_name(dao_stream_type(s)));
    daocommon_json_key(&j, "shape");
    daocommon_json_begin_array(&j);
    for (unsigned a = 0; a < dao_stream_naxis(s); a++)
        daocommon_json_uint(&j, dao_stream_shape(s)[a]);
    daocommon_json_end_array(&j);

    /* Every header field by milk's name; times in CLOCK_REALTIME seconds. */
    daocommon_json_key(&j, "header");
    daocommon_json_begin_object(&j);
    daocommon_json_kv_string(&j, "version", md->milk_version);
    daoctl_info_json_geometry(&j, md->name, md->naxis, md->size, md->nelement);
    daocommon_json_kv_uint(&j, "datatype", md->datatype);
    daocommon_json_kv_uint(&j, "imagetype", md->imagetype);
    put_seconds(&j, "creationtime", md->creationtime_ns);
    put_seconds(&j, "lastaccesstime", md->lastaccesstime_ns);
    put_seconds(&j, "atime", md->atime_ns);
    put_seconds(&j, "writetime", md->writetime_ns);
    daocommon_json_kv_int(&j, "creatorPID", md->creatorPID);
    daocommon_json_kv_int(&j, "ownerPID", md->ownerPID);
    daocommon_json_kv_uint(&j, "shared", md->shared);
    daocommon_json_kv_uint(&j, "inode", md->inode);
    daocommon_json_kv_int(&j, "location", md->location);
    daocommon_json_kv_uint(&j, "status", md->status);
    daocommon_json_kv_uint(&j, "flag", md->flag);
    daocommon_json_kv_uint(&j, "logflag", md->logflag);
    daocommon_json_kv_uint(&j, "sem", md->sem);
    daocommon_json_kv_uint(&j, "NBproctrace", md->NBproctrace);
    daocommon_json_kv_uint(&j, "cnt0", md->cnt0);
    daocommon_json_kv_uint(&j, "cnt1", md->cnt1);
    daocommon_json_kv_uint(&j, "cnt2", md->cnt2);
    daocommon_json_kv_uint(&j, "write", md->write);
    daocommon_json_kv_uint(&j, "NBkw", md->NBkw);
    daocommon_json_kv_uint(&j, "CBsize", md->CBsize);
    daocommon_json_kv_uint(&j, "CBindex", md->CBindex);
    daocommon_json_kv_uint(&j, "CBcycle", md->CBcycle);
    daocommon_json_kv_uint(&j, "imdatamemsize", md->imdatamemsize);
    daocommon_json_end_object(&j);

    daocommon_json_kv_string(&j, "layout", md->layout);
    daocommon_json_kv_bool(&j, "time_is_tai", md->time_is_tai);
    daocommon_json_kv_uint(&j, "counter", dao_stream_counter(s));
    daocommon_json_kv_double(&j, "rate_hz", rate);
    double age = daoctl_stream_age(s, daoctl_now_realtime_ns());
    daocommon_json_key(&j, "age_s");
    if (age < 0)
        daocommon_json_null(&j);
    else
        daocommon_json_double(&j, age);
    daoctl_info_json_file(&j, s, dao_stream_writer_state(s));
    daocommon_json_kv_string(&j, "creator", daoctl_pid_state(md->creatorPID));
    daocommon_json_key(&j, "gpu_device");
    if (md->location >= 0)
        daocommon_json_int(&j, md->location);
    else
        daocommon_json_null(&j);

    daocommon_json_key(&j, "semaphores");
    daocommon_json_begin_array(&j);
    for (unsigned k = 0; k < md->sem; k++) {
        int reader = 0, writer = 0, value;
        if (dao_stream_milk_semaphore_pids(s, k, &reader, &writer) < 0)
            break;
        daocommon_json_begin_object(&j);
        daocommon_json_kv_uint(&j, "slot", k);
        daocommon_json_key(&j, "value");
        if (dao_stream_semaphore_value(s, (int)k, &value) == 0)
            daocommon_json_int(&j, value);
        else
            daocommon_json_null(&j); /* "1.05": named, never opened */
        daocommon_json_kv_int(&j, "semReadPID", reader);
        daocommon_json_kv_string(&j, "reader", daoctl_pid_state(reader));
        daocommon_json_kv_int(&j, "semWritePID", writer);
        daocommon_json_kv_string(&j, "writer", daoctl_pid_state(writer));
        daocommon_json_end_object(&j);
    }
    daocommon_json_end_array(&j);

    daoctl_keywords_json(&j, s);
    daocommon_json_end_object(&j);
    daocommon_json_finish(&j);
}

static void print_milk_text(dao_stream *s, const dao_milk_metadata *md, double rate)
{
    char shape[64], when[64], age[16];
    printf("path:             %s\n", dao_stream_path(s));
    printf("format:           milk / ImageStreamIO %s (layout %s), opened read-only\n", md->milk_version,
           md->layout);
    printf("name field:       %s\n", md->name);
    printf("type:             %s (datatype %u, %zu bytes per element)\n", dao_type_name(dao_stream_type(s)),
           (unsigned)md->datatype, dao_stream_element_size(s));
    daoctl_format_shape(shape, sizeof(shape), dao_stream_naxis(s), dao_stream_shape(s));
    printf("shape:            %s (numpy order; milk size [%u, %u, %u], x fastest; nelement %llu)\n", shape,
           md->size[0], md->size[1], md->size[2], (unsigned long long)md->nelement);
    printf("frame size:       %zu bytes (imdatamemsize %llu)\n", dao_stream_frame_size(s),
           (unsigned long long)md->imdatamemsize);
    if (md->location >= 0)
        printf("pixels:           GPU stream, device %d (none in the file)\n", md->location);
    printf("imagetype:        0x%llx\n", (unsigned long long)md->imagetype);
    const char *clock = md->time_is_tai ? "CLOCK_TAI in the file" : "CLOCK_REALTIME";
    daoctl_format_time(when, sizeof(when), md->creationtime_ns);
    printf("created:          %s (%s)\n", when, clock);
    daoctl_format_time(when, sizeof(when), dao_stream_write_time_ns(s));
    daoctl_format_age(age, sizeof(age), daoctl_stream_age(s, daoctl_now_realtime_ns()));
    printf("last write:       %s, %s ago (%s)\n", when, age,
           md->writetime_ns ? "writetime" : md->atime_ns ? "atime" : "not stamped by this writer");
    printf("counter:          %llu (cnt0; cnt1 %llu, cnt2 %llu), %.1f Hz\n", (unsigned long long)md->cnt0,
           (unsigned long long)md->cnt1, (unsigned long long)md->cnt2, rate);
    printf("flags:            write %u, shared %u, status %u, flag 0x%llx, logflag %u\n", md->write, md->shared,
           md->status, (unsigned long long)md->flag, md->logflag);
    if (md->CBsize)
        printf("circular buffer:  %u slots, newest in slot %u, %llu wraps\n", md->CBsize, md->CBindex,
               (unsigned long long)md->CBcycle);
    else
        printf("circular buffer:  none\n");
    uint64_t size = dao_stream_file_size(s), expected = dao_stream_expected_file_size(s);
    printf("file size:        %llu bytes, layout implies %llu (%s)\n", (unsigned long long)size,
           (unsigned long long)expected, size == expected ? "ok" : "differs");
    printf("creator:          PID %d (%s), owner PID %d\n", md->creatorPID, daoctl_pid_state(md->creatorPID),
           md->ownerPID);
    printf("writer:           %s\n", daoctl_writer_state_name(dao_stream_writer_state(s)));
    printf("semaphores:       %u, %s\n", md->sem,
           strcmp(md->layout, "1.05") == 0 ? "named, outside the file (not opened)" : "in the file");
    for (unsigned k = 0; k < md->sem; k++) {
        int reader = 0, writer = 0, value;
        if (dao_stream_milk_semaphore_pids(s, k, &reader, &writer) < 0)
            break;
        printf("  slot %-4u", k);
        if (dao_stream_semaphore_value(s, (int)k, &value) == 0)
            printf(" value %-3d", value);
        printf(" reader PID %d (%s), last writer PID %d (%s)\n", reader, daoctl_pid_state(reader), writer,
               daoctl_pid_state(writer));
    }
    daoctl_keywords_text(s, 18);
}

int daoctl_milk_info(dao_stream *s, bool json)
{
    dao_milk_metadata md = DAO_MILK_METADATA_INIT;
    int rc = dao_stream_milk_metadata(s, &md);
    if (rc < 0)
        return daoctl_fail(dao_stream_path(s), rc);
    double rate = measure_rate(s);
    dao_stream_milk_metadata(s, &md); /* after the window: the newest counter and times */
    if (json)
        print_milk_json(s, &md, rate);
    else
        print_milk_text(s, &md, rate);
    return DAOCTL_OK;
}

/* ---- rm ---- */

int daoctl_milk_rm(const char *path, bool allowed, bool dry_run)
{
    if (!allowed)
        return daoctl_fail_msg(path, "not removed: a milk / ImageStreamIO stream (use --milk to remove it)");
    if (dry_run) {
        printf("would remove %s (milk stream: the file only)\n", path);
        return DAOCTL_OK;
    }
    if (unlink(path) < 0)
        return daoctl_fail(path, -errno);
    printf("removed %s (milk stream: the file only)\n", path);
    return DAOCTL_OK;
}
