/* daoview-capture-private.h — helpers shared by the FITS, .npy and JSON writers. */
#ifndef DAOVIEW_CAPTURE_PRIVATE_H
#define DAOVIEW_CAPTURE_PRIVATE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include "daoview-capture.h"

/* Fill err (if not NULL) with code and a printf-formatted sentence; returns
 * code so that callers can `return daoview_capture__fail(...)`. */
int daoview_capture__fail(daoview_capture_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* What every save checks before it writes anything, in this order, so the
 * FITS, .npy and JSON writers refuse the same requests with the same
 * sentences: the destination path (given, not longer than
 * DAOVIEW_CAPTURE_PATH_MAX), then the frame (a known type, 1 … 3 axes, no
 * zero extent, exactly as many bytes as the extents say). 0 or the first
 * failure's code, with err filled. */
int daoview_capture__check_save(const char *path, const daoview_capture_frame *frame,
                                daoview_capture_error *err);

/* A time in ns since the epoch as ISO 8601 UTC with nine decimals,
 * "2025-11-28T18:30:12.123456789" (no zone letter: FITS DATE-OBS style). */
void daoview_capture__iso8601_utc(int64_t time_ns, char *buf, size_t len);

/* Write the concatenation of `parts` to `path` whole or not at all (see
 * "Files are written whole or not at all" in daoview-capture.h). */
int daoview_capture__write_file(const char *path, const struct iovec *parts, int n_parts,
                                daoview_capture_error *err);

/* daoview_capture_load_image() for a file that starts like FITS. */
int daoview_capture__load_fits(const char *path, daoview_capture_image *out, daoview_capture_error *err);

#endif /* DAOVIEW_CAPTURE_PRIVATE_H */
