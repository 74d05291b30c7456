/* daoview-capture-npy.c — a frame as a NumPy .npy file: the header from
 * common/daocommon-npy.h, then the frame's bytes unchanged (the stream's
 * bytes are little-endian C order already, as the header says). */
#include <string.h>

#include "daocommon-npy.h"
#include "daoview-capture-private.h"

int daoview_capture_save_npy(const char *path, const daoview_capture_frame *frame,
                             daoview_capture_error *err)
{
    int rc = daoview_capture__check_save(path, frame, err);
    if (rc < 0)
        return rc;

    unsigned char header[DAOCOMMON_NPY_HEADER_MAX];
    int header_len = daocommon_npy_header(header, frame->type, frame->naxis, frame->shape);
    if (header_len < 0) /* only for a frame check_save has already refused */
        return daoview_capture__fail(err, header_len, "%s", strerror(-header_len));
    struct iovec parts[2] = {
        {.iov_base = header, .iov_len = (size_t)header_len},
        {.iov_base = (void *)frame->data, .iov_len = frame->size},
    };
    return daoview_capture__write_file(path, parts, 2, err);
}
