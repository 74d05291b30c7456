/* dao-shm-meta.c — what a stream says about itself: frame counter, write
 * time, the raw header fields and the keyword table. */
#include <errno.h>
#include <string.h>

#include "dao-python.h"

const char dao_shm_get_counter_doc[] =
"get_counter()\n--\n\n"
"The frame counter: +1 on every write (a just-created stream is at 1).";

PyObject *dao_shm_get_counter(dao_shm *self, PyObject *unused)
{
    dao_mapping *m = dao_shm_mapping(self);
    return m ? PyLong_FromUnsignedLongLong(dao_stream_counter(m->stream)) : NULL;
}

const char dao_shm_get_timestamp_doc[] =
"get_timestamp()\n--\n\n"
"Time of the last write, as a timezone-aware datetime in UTC (microsecond\n"
"resolution; the file holds nanoseconds, see get_meta_data()['atime_ns']).";

PyObject *dao_shm_get_timestamp(dao_shm *self, PyObject *unused)
{
    dao_mapping *m = dao_shm_mapping(self);
    if (!m)
        return NULL;
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    if (!st)
        return NULL;
    int64_t ns = dao_stream_write_time_ns(m->stream);
    /* Whole seconds through fromtimestamp, microseconds by replace(): a
     * float of ~1.7e9 s cannot carry microseconds exactly. */
    int64_t seconds = ns / 1000000000, rest = ns % 1000000000;
    if (rest < 0) {
        seconds -= 1;
        rest += 1000000000;
    }
    PyObject *when = PyObject_CallMethod(st->datetime_type, "fromtimestamp", "LO",
                                         (long long)seconds, st->utc);
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
"get_meta_data()\n--\n\n"
"The header fields of the file (metadata block 0) as a dict, named as in the\n"
"format: name, naxis, size, nelement, atype, creation_time, last_access,\n"
"atime_ns, shared, status, logflag, sem, cnt0, cnt1, cnt2, write, nbkw,\n"
"fifo_size, fifo_last_written; plus, decoded: path, dtype, shape, counter\n"
"(the newest frame's, also for FIFO streams), write_time_ns, file_size.";

PyObject *dao_shm_get_meta_data(dao_shm *self, PyObject *unused)
{
    dao_mapping *m = dao_shm_mapping(self);
    if (!m)
        return NULL;
    dao_metadata md = DAO_METADATA_INIT;
    int rc = dao_stream_metadata(m->stream, 0, &md);
    if (rc < 0) {
        dao_module_state *st = dao_state_from_type(Py_TYPE(self));
        return st ? dao_raise(st, rc, m->path) : NULL;
    }
    PyObject *shape = PyArray_IntTupleFromIntp(m->ndim, m->dims);
    PyObject *dtype = (PyObject *)PyArray_DescrFromType(m->typenum);
    if (!shape || !dtype) {
        Py_XDECREF(shape);
        Py_XDECREF(dtype);
        return NULL;
    }
    PyObject *d = Py_BuildValue(
        "{s:N,s:i,s:(III),s:K,s:i,s:d,s:d,s:L,s:i,s:i,s:i,s:i,s:K,s:K,s:K,s:i,s:i,s:I,s:I,"
        "s:O,s:N,s:N,s:K,s:L,s:K}",
        "name", PyUnicode_DecodeFSDefault(md.name), "naxis", md.naxis, "size", md.size[0], md.size[1], md.size[2],
        "nelement", (unsigned long long)md.nelement, "atype", md.atype,
        "creation_time", md.creation_time, "last_access", md.last_access,
        "atime_ns", (long long)md.atime_ns, "shared", md.shared, "status", md.status,
        "logflag", md.logflag, "sem", md.sem, "cnt0", (unsigned long long)md.cnt0,
        "cnt1", (unsigned long long)md.cnt1, "cnt2", (unsigned long long)md.cnt2,
        "write", md.write, "nbkw", md.nbkw, "fifo_size", md.fifo_size,
        "fifo_last_written", md.fifo_last_written,
        "path", m->path, "dtype", dtype, "shape", shape,
        "counter", (unsigned long long)dao_stream_counter(m->stream),
        "write_time_ns", (long long)dao_stream_write_time_ns(m->stream),
        "file_size", (unsigned long long)dao_stream_file_size(m->stream));
    return d;
}

/* ---- keywords ----------------------------------------------------------- */

static PyObject *keyword_value(const dao_keyword *kw)
{
    switch (kw->type) {
    case DAO_KEYWORD_INT:
        return PyLong_FromLongLong(kw->value.i);
    case DAO_KEYWORD_DOUBLE:
        return PyFloat_FromDouble(kw->value.d);
    case DAO_KEYWORD_STRING:
        /* Foreign writers may store any bytes: never fail on them. */
        return PyUnicode_DecodeUTF8(kw->value.s, (Py_ssize_t)strlen(kw->value.s), "replace");
    default:
        Py_RETURN_NONE;
    }
}

const char dao_shm_get_keywords_doc[] =
"get_keywords()\n--\n\n"
"The used keyword entries as a dict {name: (value, comment)}; value is an\n"
"int, float or str.";

PyObject *dao_shm_get_keywords(dao_shm *self, PyObject *unused)
{
    dao_mapping *m = dao_shm_mapping(self);
    if (!m)
        return NULL;
    PyObject *d = PyDict_New();
    unsigned capacity = dao_stream_keyword_capacity(m->stream);
    for (unsigned i = 0; d && i < capacity; i++) {
        dao_keyword kw;
        if (dao_stream_keyword_get(m->stream, i, &kw) < 0 || kw.type == DAO_KEYWORD_UNUSED)
            continue;
        PyObject *entry = Py_BuildValue("(Ns)", keyword_value(&kw), kw.comment);
        PyObject *name = PyUnicode_DecodeUTF8(kw.name, (Py_ssize_t)strlen(kw.name), "replace");
        if (!entry || !name || PyDict_SetItem(d, name, entry) < 0)
            Py_CLEAR(d);
        Py_XDECREF(entry);
        Py_XDECREF(name);
    }
    return d;
}

const char dao_shm_get_keyword_doc[] =
"get_keyword(name)\n--\n\n"
"The value (int, float or str) of keyword `name`; KeyError if there is none.";

PyObject *dao_shm_get_keyword(dao_shm *self, PyObject *name)
{
    dao_mapping *m = dao_shm_mapping(self);
    if (!m)
        return NULL;
    const char *cname = PyUnicode_AsUTF8(name);
    if (!cname)
        return NULL;
    dao_keyword kw;
    int rc = dao_stream_keyword_find(m->stream, cname, &kw);
    if (rc == DAO_E_NO_KEYWORD) {
        PyErr_SetObject(PyExc_KeyError, name);
        return NULL;
    }
    if (rc < 0) {
        dao_module_state *st = dao_state_from_type(Py_TYPE(self));
        return st ? dao_raise(st, rc, m->path) : NULL;
    }
    return keyword_value(&kw);
}

const char dao_shm_set_keyword_doc[] =
"set_keyword(name, value, comment=None)\n--\n\n"
"Set keyword `name` (at most 16 bytes) to an int, float or str (at most 16\n"
"bytes), with an optional comment (at most 80 bytes). Replaces an entry of\n"
"the same name, else takes a free one: the stream must have been created\n"
"with keywords=N. dao.StreamError when every entry is used; ValueError when\n"
"a text is too long (never cut).";

PyObject *dao_shm_set_keyword(dao_shm *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"name", "value", "comment", NULL};
    const char *name, *comment = NULL;
    PyObject *value;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "sO|z:set_keyword", keywords, &name, &value,
                                     &comment))
        return NULL;
    dao_mapping *m = dao_shm_mapping(self);
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    if (!m || !st)
        return NULL;
    int rc;
    if (PyUnicode_Check(value)) {
        const char *text = PyUnicode_AsUTF8(value);
        if (!text)
            return NULL;
        rc = dao_stream_keyword_set_string(m->stream, name, text, comment);
    } else if (PyFloat_Check(value) || PyArray_IsScalar(value, Floating)) {
        double d = PyFloat_AsDouble(value);
        if (d == -1.0 && PyErr_Occurred())
            return NULL;
        rc = dao_stream_keyword_set_double(m->stream, name, d, comment);
    } else if (PyIndex_Check(value)) {
        long long i = PyLong_AsLongLong(value);
        if (i == -1 && PyErr_Occurred())
            return NULL;
        rc = dao_stream_keyword_set_int(m->stream, name, i, comment);
    } else {
        PyErr_Format(PyExc_TypeError, "set_keyword: value must be int, float or str, not %s",
                     Py_TYPE(value)->tp_name);
        return NULL;
    }
    if (rc == -ENAMETOOLONG || rc == -EOVERFLOW) {
        PyErr_Format(PyExc_ValueError,
                     "set_keyword: name and string value are limited to %d bytes, the comment "
                     "to %d", DAO_KEYWORD_NAME_MAX, DAO_KEYWORD_COMMENT_MAX);
        return NULL;
    }
    if (rc < 0)
        return dao_raise(st, rc, m->path);
    Py_RETURN_NONE;
}
