/* daoview-capture-frame.c — checking a frame and its destination before
 * saving, and the error sentences every writer shares. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "daoview-capture-i18n.h"
#include "daoview-capture-private.h"

int daoview_capture__fail(daoview_capture_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

static int check_frame(const daoview_capture_frame *frame, daoview_capture_error *err)
{
    if (!frame || !frame->data)
        return daoview_capture__fail(err, -EINVAL, _("No frame to save."));
    size_t element_size = dao_type_size(frame->type);
    if (element_size == 0)
        return daoview_capture__fail(err, -EINVAL, _("Cannot save a frame of unknown element type %d."),
                                     (int)frame->type);
    if (frame->naxis < 1 || frame->naxis > DAO_MAX_AXES)
        return daoview_capture__fail(err, -EINVAL, _("Cannot save a frame with %u axes (1 to %d)."),
                                     frame->naxis, DAO_MAX_AXES);

    /* The product is checked against overflow before it is compared with
     * the size: three 32-bit extents can exceed 64 bits once multiplied by
     * a 16-byte element. */
    size_t expected = element_size;
    for (unsigned i = 0; i < frame->naxis; i++) {
        if (frame->shape[i] == 0)
            return daoview_capture__fail(err, -EINVAL, _("Cannot save a frame with an empty axis."));
        if (__builtin_mul_overflow(expected, (size_t)frame->shape[i], &expected))
            return daoview_capture__fail(err, -EINVAL, _("The frame’s shape is too large to save."));
    }
    if (expected != frame->size)
        return daoview_capture__fail(err, -EINVAL,
                                     _("The frame holds %zu bytes but its shape and type need %zu."),
                                     frame->size, expected);
    return 0;
}

static int check_path(const char *path, daoview_capture_error *err)
{
    if (!path || !*path)
        return daoview_capture__fail(err, -EINVAL, _("No file name given."));
    size_t len = strlen(path);
    if (len > DAOVIEW_CAPTURE_PATH_MAX)
        return daoview_capture__fail(err, -ENAMETOOLONG,
                                     _("Cannot save: the file name is %zu characters long (at most %d)."),
                                     len, DAOVIEW_CAPTURE_PATH_MAX);
    return 0;
}

int daoview_capture__check_save(const char *path, const daoview_capture_frame *frame,
                                daoview_capture_error *err)
{
    int rc = check_path(path, err);
    return rc < 0 ? rc : check_frame(frame, err);
}

void daoview_capture__iso8601_utc(int64_t time_ns, char *buf, size_t len)
{
    /* Floor division: times before 1970 keep a positive fraction. */
    int64_t sec = time_ns / 1000000000;
    int64_t ns = time_ns % 1000000000;
    if (ns < 0) {
        ns += 1000000000;
        sec -= 1;
    }
    time_t t = (time_t)sec;
    struct tm tm;
    gmtime_r(&t, &tm);
    char date[32];
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf, len, "%s.%09lld", date, (long long)ns);
}
