/* daorec-error.c — error sentences, clocks and chunk names: the small
 * things every unit of the record library uses. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <fitsio.h>

#include "daorec-private.h"

int daorec__fail(daorec_error *err, int code, const char *fmt, ...)
{
    if (err) {
        err->code = code;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

int daorec__fitsio_fail(daorec_error *err, const char *path, const char *what, int status)
{
    char text[FLEN_ERRMSG];
    fits_get_errstatus(status, text);
    /* The first message of cfitsio's stack is the most specific; the rest
     * must not be left for the next failure to report. */
    char detail[FLEN_ERRMSG] = "";
    fits_read_errmsg(detail);
    fits_clear_errmsg();
    return daorec__fail(err, -EIO, "%s: %s: %s (cfitsio: %s).", path, what, text,
                        detail[0] ? detail : text);
}

int64_t daorec__now_ns(int clock_id)
{
    struct timespec t;
    clock_gettime(clock_id, &t);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

int daorec__chunk_path(char *buf, size_t len, const char *dir, const char *stem, unsigned number,
                       daorec_chunk_name which)
{
    bool part = which == DAOREC_CHUNK_PART || which == DAOREC_CHUNK_FZ_PART;
    bool fz = which == DAOREC_CHUNK_FZ || which == DAOREC_CHUNK_FZ_PART;
    int n = snprintf(buf, len, "%s/%s%s-%06u.fits%s%s", dir, part ? "." : "", stem, number,
                     fz ? ".fz" : "", part ? ".part" : "");
    return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}
