/* daoview-capture-npy.c — a frame as a NumPy .npy file (format 1.0).
 *
 * The format (numpy/lib/format.py): the magic "\x93NUMPY", version 1.0, a
 * little-endian uint16 header length, then a Python dict literal with the
 * keys descr, fortran_order and shape, padded with spaces and ended by '\n'
 * so that the data starts on a 64-byte boundary; then the raw elements. The
 * stream's bytes are little-endian C-order already, so they follow the
 * header unchanged. */
#include <stdio.h>
#include <string.h>

#include "daoview-capture-private.h"

const char *daoview_capture_npy_descr(dao_type type)
{
    switch (type) {
    case DAO_UINT8: return "|u1";
    case DAO_INT8: return "|i1";
    case DAO_UINT16: return "<u2";
    case DAO_INT16: return "<i2";
    case DAO_UINT32: return "<u4";
    case DAO_INT32: return "<i4";
    case DAO_UINT64: return "<u8";
    case DAO_INT64: return "<i8";
    case DAO_FLOAT: return "<f4";
    case DAO_DOUBLE: return "<f8";
    case DAO_COMPLEX_FLOAT: return "<c8";
    case DAO_COMPLEX_DOUBLE: return "<c16";
    }
    return NULL;
}

enum {
    NPY_PREAMBLE = 10,  /* magic (6) + version (2) + header length (2) */
    NPY_ALIGNMENT = 64, /* numpy aligns the data on 64 bytes since 1.14 */
};

int daoview_capture_save_npy(const char *path, const daoview_capture_frame *frame,
                             daoview_capture_error *err)
{
    int rc = daoview_capture__check_path(path, err);
    if (rc < 0)
        return rc;
    rc = daoview_capture__check_frame(frame, err);
    if (rc < 0)
        return rc;

    char shape[64];
    daoview_capture__shape_string(frame, shape, sizeof shape);

    /* Three 10-digit extents make the longest dict about 90 bytes; 256 is
     * ample and keeps the header length far below version 1.0's 65535. */
    unsigned char header[256];
    memcpy(header, "\x93NUMPY\x01\x00", 8);
    int dict_len = snprintf((char *)header + NPY_PREAMBLE, sizeof header - NPY_PREAMBLE,
                            "{'descr': '%s', 'fortran_order': False, 'shape': %s, }",
                            daoview_capture_npy_descr(frame->type), shape);
    size_t total = NPY_PREAMBLE + (size_t)dict_len + 1; /* + the final '\n' */
    total = (total + NPY_ALIGNMENT - 1) / NPY_ALIGNMENT * NPY_ALIGNMENT;
    memset(header + NPY_PREAMBLE + dict_len, ' ', total - NPY_PREAMBLE - (size_t)dict_len);
    header[total - 1] = '\n';
    size_t header_len = total - NPY_PREAMBLE;
    header[8] = (unsigned char)(header_len & 0xff);
    header[9] = (unsigned char)(header_len >> 8);

    struct iovec parts[2] = {
        {.iov_base = header, .iov_len = total},
        {.iov_base = (void *)frame->data, .iov_len = frame->size},
    };
    return daoview_capture__write_file(path, parts, 2, err);
}
