/* dao-shm-meta.c — what a stream says about itself: frame counter, frame
 * id, write time and the raw header fields, of the newest segment unless a
 * segment is asked for. */
#include "dao-python.h"

/* The newest segment's index, as md[0] says (0 for an ordinary stream). */
static unsigned newest_segment(dao_mapping *m, const dao_metadata *md0)
{
    unsigned depth = dao_stream_fifo_depth(m->stream);
    return md0->fifo_last_written < depth ? md0->fifo_last_written : 0;
}

static int read_metadata(dao_shm *self, dao_mapping *m, unsigned segment, dao_metadata *md)
{
    int rc = dao_stream_metadata(m->stream, segment, md);
    if (rc < 0) {
        dao_module_state *st = dao_state_from_type(Py_TYPE(self));
        if (st)
            dao_raise_mapped(st, rc, m);
        return -1;
    }
    return 0;
}

int dao_mapping_shape_dtype(const dao_mapping *m, PyObject **shape, PyObject **dtype)
{
    *shape = PyArray_IntTupleFromIntp(m->ndim, m->dims);
    *dtype = (PyObject *)PyArray_DescrFromType(m->typenum);
    if (*shape && *dtype)
        return 0;
    Py_CLEAR(*shape);
    Py_CLEAR(*dtype);
    return -1;
}

const char dao_shm_get_counter_doc[] =
"get_counter()\n--\n\n"
"The frame counter (cnt0 of the newest segment): +1 on every write (a\n"
"just-created stream is at 1).";

PyObject *dao_shm_get_counter(dao_shm *self, PyObject *unused)
{
    dao_mapping *m = dao_shm_mapping(self);
    if (!m)
        return NULL;
    uint64_t counter = dao_stream_counter(m->stream);
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    if (!st || dao_mapping_check(st, m) < 0)
        return NULL;
    return PyLong_FromUnsignedLongLong(counter);
}

const char dao_shm_get_frame_id_doc[] =
"get_frame_id()\n--\n\n"
"The frame id (cnt2 of the newest segment), as a camera writer stores it;\n"
"0 for writers that do not.";

PyObject *dao_shm_get_frame_id(dao_shm *self, PyObject *unused)
{
    dao_mapping *m = dao_shm_mapping(self);
    dao_metadata md = DAO_METADATA_INIT;
    if (!m || read_metadata(self, m, 0, &md) < 0)
        return NULL;
    unsigned newest = newest_segment(m, &md);
    if (newest != 0 && read_metadata(self, m, newest, &md) < 0)
        return NULL;
    return PyLong_FromUnsignedLongLong(md.cnt2);
}

const char dao_shm_get_timestamp_doc[] =
"get_timestamp(tz=None)\n--\n\n"
"Time of the newest frame's write, as a datetime (microsecond resolution;\n"
"the file holds nanoseconds: get_meta_data()['atime_ns']). Without `tz`, in\n"
"local time and naive, as DAO gives it (so datetime.now() - ts works); with\n"
"a tzinfo, aware in that zone: get_timestamp(datetime.timezone.utc).\n"
"(Earlier dao versions returned it aware, in UTC.)";

PyObject *dao_shm_get_timestamp(dao_shm *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"tz", NULL};
    PyObject *tz = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|O:get_timestamp", keywords, &tz))
        return NULL;
    dao_mapping *m = dao_shm_mapping(self);
    if (!m)
        return NULL;
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    if (!st)
        return NULL;
    int64_t ns = dao_stream_write_time_ns(m->stream);
    if (dao_mapping_check(st, m) < 0)
        return NULL;
    /* Whole seconds through fromtimestamp, microseconds by replace(): a
     * float of ~1.7e9 s cannot carry microseconds exactly. */
    int64_t seconds = ns / 1000000000, rest = ns % 1000000000;
    if (rest < 0) {
        seconds -= 1;
        rest += 1000000000;
    }
    PyObject *when = PyObject_CallMethod(st->datetime_type, "fromtimestamp", "LO",
                                         (long long)seconds, tz);
    if (!when)
        return NULL;
    PyObject *kw = Py_BuildValue("{s:l}", "microsecond", (long)(rest / 1000));
    PyObject *replace = PyObject_GetAttrString(when, "replace");
    PyObject *empty = PyTuple_New(0);
    PyObject *result = kw && replace && empty ? PyObject_Call(replace, empty, kw) : NULL;
    Py_XDECREF(kw);
    Py_XDECREF(replace);
    Py_XDECREF(empty);
    Py_DECREF(when);
    return result;
}

const char dao_shm_get_meta_data_doc[] =
"get_meta_data(index=None)\n--\n\n"
"The header fields of the newest segment (index=None) or of segment\n"
"index % fifo_depth, as a dict named as in the format: name, naxis, size,\n"
"nelement, atype, creation_time, last_access, atime (= atime_ns, the write\n"
"time in ns; its first half, always 0, is atime_sec), shared, status,\n"
"logflag, sem, cnt0, cnt1, cnt2, write, NBkw (also as nbkw), lastPos,\n"
"lastNb, packetNb, packetTotal (packet-wise writers); fifo_size and\n"
"fifo_last_written always from segment 0 (only it holds them); plus,\n"
"decoded: segment (the index described), path, dtype, shape, counter (the\n"
"newest frame's), write_time_ns (the newest frame's) and file_size.\n"
"(Earlier dao versions described segment 0.)\n\n"
"For a milk / ImageStreamIO stream (format == 'milk'), the milk header in\n"
"milk's field names instead: version, name, naxis, size (milk order: size[0]\n"
"is the fastest axis), nelement, datatype, imagetype, creationtime,\n"
"lastaccesstime, atime, writetime (CLOCK_REALTIME seconds, None when never\n"
"set; time_is_tai says the file holds them on CLOCK_TAI), creatorPID,\n"
"ownerPID, shared, inode, location, status, flag, logflag, sem,\n"
"NBproctrace, cnt0, cnt1, cnt2, write, NBkw, CBsize, CBindex, CBcycle,\n"
"imdatamemsize; plus format, layout, path, dtype, type, shape (numpy\n"
"order), counter, write_time_ns and file_size.";

PyObject *dao_shm_get_meta_data(dao_shm *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"index", NULL};
    PyObject *index = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|O:get_meta_data", keywords, &index))
        return NULL;
    dao_mapping *m = dao_shm_mapping(self);
    if (m && dao_stream_format(m->stream) == DAO_FORMAT_MILK) {
        dao_module_state *st = dao_state_from_type(Py_TYPE(self));
        return st ? dao_shm_milk_meta_data(st, m) : NULL;
    }
    dao_metadata md0 = DAO_METADATA_INIT, md;
    if (!m || read_metadata(self, m, 0, &md0) < 0)
        return NULL;
    unsigned depth = dao_stream_fifo_depth(m->stream), segment;
    if (index == Py_None) {
        segment = newest_segment(m, &md0);
    } else {
        /* Python's modulo, so -1 is the last segment as in DAO's index % N. */
        PyObject *n = PyLong_FromUnsignedLong(depth);
        PyObject *r = n ? PyNumber_Remainder(index, n) : NULL;
        Py_XDECREF(n);
        if (!r)
            return NULL;
        segment = (unsigned)PyLong_AsUnsignedLong(r);
        Py_DECREF(r);
        if (PyErr_Occurred())
            return NULL;
    }
    md = md0;
    if (segment != 0 && read_metadata(self, m, segment, &md) < 0)
        return NULL;
    PyObject *shape, *dtype;
    if (dao_mapping_shape_dtype(m, &shape, &dtype) < 0)
        return NULL;
    return Py_BuildValue(
        "{s:N,s:i,s:(III),s:K,s:i,s:d,s:d,s:L,s:L,s:i,s:i,s:i,s:i,s:K,s:K,s:K,s:i,s:i,s:i,"
        "s:I,s:I,s:I,s:I,s:I,s:I,s:I,s:L,s:O,s:N,s:N,s:K,s:L,s:K}",
        "name", PyUnicode_DecodeFSDefault(md.name), "naxis", md.naxis,
        "size", md.size[0], md.size[1], md.size[2],
        "nelement", (unsigned long long)md.nelement, "atype", md.atype,
        "creation_time", md.creation_time, "last_access", md.last_access,
        "atime", (long long)md.atime_ns, "atime_ns", (long long)md.atime_ns,
        "shared", md.shared, "status", md.status, "logflag", md.logflag, "sem", md0.sem,
        "cnt0", (unsigned long long)md.cnt0, "cnt1", (unsigned long long)md.cnt1,
        "cnt2", (unsigned long long)md.cnt2, "write", md.write,
        "NBkw", md0.nbkw, "nbkw", md0.nbkw,
        "fifo_size", md0.fifo_size, "fifo_last_written", md0.fifo_last_written,
        "segment", segment,
        "lastPos", md.last_pos, "lastNb", md.last_nb, "packetNb", md.packet_nb,
        "packetTotal", md.packet_total, "atime_sec", (long long)md.atime_sec,
        "path", m->path, "dtype", dtype, "shape", shape,
        "counter", (unsigned long long)dao_stream_counter(m->stream),
        "write_time_ns", (long long)dao_stream_write_time_ns(m->stream),
        "file_size", (unsigned long long)dao_stream_file_size(m->stream));
}
