/* dao-shm-milk.c — what dao.shm does differently for milk / ImageStreamIO
 * streams, which libdao opens read-only through the same handle: the header
 * as a dict in milk's field names, the format attribute, and the pixels a
 * zero-copy view may not show (a float16 or GPU stream's). */
#include "dao-python.h"

const char *dao_shm_format_name(dao_mapping *m)
{
    return dao_stream_format(m->stream) == DAO_FORMAT_MILK ? "milk" : "dao";
}

int dao_shm_pixels_check(dao_module_state *st, dao_mapping *m)
{
    int rc = 0;
    if (dao_stream_data(m->stream) == NULL)
        rc = DAO_E_GPU_STREAM; /* no pixels in the file to view */
    else if (dao_stream_type(m->stream) == DAO_FLOAT16)
        rc = DAO_E_UNSUPPORTED_TYPE; /* libdao serves no pixels of this type */
    if (rc < 0) {
        dao_raise(st, rc, m->path);
        return -1;
    }
    return 0;
}

/* A milk time stamp (CLOCK_REALTIME ns from libdao, 0: never set) as float
 * seconds, or None. */
static PyObject *seconds_or_none(int64_t ns)
{
    return ns > 0 ? PyFloat_FromDouble((double)ns / 1e9) : Py_NewRef(Py_None);
}

PyObject *dao_shm_milk_meta_data(dao_module_state *st, dao_mapping *m)
{
    dao_milk_metadata md = DAO_MILK_METADATA_INIT;
    int rc = dao_stream_milk_metadata(m->stream, &md);
    if (rc < 0 || dao_mapping_check(st, m) < 0)
        return rc < 0 ? dao_raise_mapped(st, rc, m) : NULL;
    PyObject *shape, *dtype;
    if (dao_mapping_shape_dtype(m, &shape, &dtype) < 0)
        return NULL;
    return Py_BuildValue(
        "{s:s,s:s,s:s,s:N,s:i,s:(III),s:K,s:i,s:K,s:N,s:N,s:N,s:N,s:O,s:i,s:i,s:i,s:K,s:i,s:i,s:K,"
        "s:i,s:i,s:i,s:K,s:K,s:K,s:i,s:i,s:I,s:I,s:K,s:K,s:N,s:O,s:s,s:N,s:K,s:L,s:K}",
        "format", "milk", "version", md.milk_version, "layout", md.layout,
        "name", PyUnicode_DecodeFSDefault(md.name), "naxis", md.naxis,
        "size", md.size[0], md.size[1], md.size[2], "nelement", (unsigned long long)md.nelement,
        "datatype", md.datatype, "imagetype", (unsigned long long)md.imagetype,
        "creationtime", seconds_or_none(md.creationtime_ns),
        "lastaccesstime", seconds_or_none(md.lastaccesstime_ns), "atime", seconds_or_none(md.atime_ns),
        "writetime", seconds_or_none(md.writetime_ns), "time_is_tai", md.time_is_tai ? Py_True : Py_False,
        "creatorPID", md.creatorPID, "ownerPID", md.ownerPID, "shared", md.shared,
        "inode", (unsigned long long)md.inode, "location", md.location, "status", md.status,
        "flag", (unsigned long long)md.flag, "logflag", md.logflag, "sem", md.sem,
        "NBproctrace", md.NBproctrace, "cnt0", (unsigned long long)md.cnt0,
        "cnt1", (unsigned long long)md.cnt1, "cnt2", (unsigned long long)md.cnt2, "write", md.write,
        "NBkw", md.NBkw, "CBsize", md.CBsize, "CBindex", md.CBindex,
        "CBcycle", (unsigned long long)md.CBcycle, "imdatamemsize", (unsigned long long)md.imdatamemsize,
        "dtype", dtype, "path", m->path,
        "type", dao_type_name(dao_stream_type(m->stream)), "shape", shape,
        "counter", (unsigned long long)dao_stream_counter(m->stream),
        "write_time_ns", (long long)dao_stream_write_time_ns(m->stream),
        "file_size", (unsigned long long)dao_stream_file_size(m->stream));
}
