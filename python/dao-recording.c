/* dao-recording.c — recordings on disk: dao._core._RecordingReader, the
 * record library's reader (record/daorec.h), under dao.Recording.
 *
 * The reader loads every chunk's table at open and reads pixels on demand,
 * one frame (or a run of frames) at a time, into new numpy arrays: that
 * works the same for plain chunks, Rice-compressed .fits.fz and FITS cubes
 * from elsewhere (big-endian data, BZERO offsets, compressed tiles), where
 * a memory map of the file could serve only the first kind and still not
 * hand out the stream's own byte layout. Reads run without the GIL, one at
 * a time per reader (the library's rule), under the object's own lock.
 */
#include "dao-python.h"

#include <errno.h>
#include <string.h>

#include "daorec.h"

typedef struct {
    PyObject_HEAD
    daorec_reader *reader; /* NULL once closed */
    PyThread_type_lock lock;
    int typenum;
    int ndim;
    npy_intp dims[DAO_MAX_AXES + 1]; /* [0] unused: a frame's axes from [1] */
} recording_reader;

/* A daorec failure as a Python exception: -errno as the OSError subclass
 * for it (FileNotFoundError …) with the library's sentence, a file that is
 * not a recording as ValueError. NULL. */
PyObject *dao_raise_daorec(const struct daorec_error *err)
{
    if (err->code == -EINVAL)
        return PyErr_Format(PyExc_ValueError, "%s", err->message);
    if (err->code == DAO_E_SIZE_MISMATCH || dao_error_is_protocol(err->code))
        return PyErr_Format(PyExc_RuntimeError, "%s", err->message);
    PyObject *args = Py_BuildValue("(is)", -err->code, err->message);
    if (args) {
        PyErr_SetObject(PyExc_OSError, args);
        Py_DECREF(args);
    }
    return NULL;
}

static int reader_init(recording_reader *self, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"paths", NULL};
    PyObject *list;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O:_RecordingReader", names, &list))
        return -1;
    if (self->reader) {
        PyErr_SetString(PyExc_RuntimeError, "the reader is already open");
        return -1;
    }
    PyObject *seq = PySequence_Fast(list, "paths must be a sequence of paths");
    if (!seq)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject **encoded = PyMem_Calloc((size_t)(n ? n : 1), sizeof *encoded);
    const char **paths = PyMem_Calloc((size_t)(n ? n : 1), sizeof *paths);
    int rc = -1;
    if (!encoded || !paths) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!PyUnicode_FSConverter(PySequence_Fast_GET_ITEM(seq, i), &encoded[i]))
            goto done;
        paths[i] = PyBytes_AS_STRING(encoded[i]);
    }
    daorec_error err = {0};
    daorec_reader *r = NULL;
    int code;
    Py_BEGIN_ALLOW_THREADS
    code = daorec_reader_open(&r, paths, (size_t)n, &err);
    Py_END_ALLOW_THREADS
    if (code < 0) {
        dao_raise_daorec(&err);
        goto done;
    }
    self->lock = PyThread_allocate_lock();
    if (!self->lock) {
        daorec_reader_close(r);
        PyErr_NoMemory();
        goto done;
    }
    self->reader = r;
    self->typenum = dao_dtype_to_numpy(daorec_reader_type(r));
    self->ndim = (int)daorec_reader_naxis(r);
    for (int i = 0; i < self->ndim; i++)
        self->dims[i + 1] = (npy_intp)daorec_reader_shape(r)[i];
    rc = 0;
done:
    for (Py_ssize_t i = 0; encoded && i < n; i++)
        Py_XDECREF(encoded[i]);
    PyMem_Free(encoded);
    PyMem_Free(paths);
    Py_DECREF(seq);
    return rc;
}

static int check_open(recording_reader *self)
{
    if (self->reader)
        return 0;
    PyErr_SetString(PyExc_ValueError, "I/O operation on a closed recording");
    return -1;
}

static void close_reader(recording_reader *self)
{
    if (self->reader) {
        /* A read in another thread holds the lock: wait for it. */
        Py_BEGIN_ALLOW_THREADS
        PyThread_acquire_lock(self->lock, WAIT_LOCK);
        Py_END_ALLOW_THREADS
        daorec_reader_close(self->reader);
        self->reader = NULL;
        PyThread_release_lock(self->lock);
    }
}

static PyObject *reader_close(recording_reader *self, PyObject *unused)
{
    close_reader(self);
    Py_RETURN_NONE;
}

/* Frames [start, start + count) as one new array of shape (count, *shape). */
static PyObject *reader_read(recording_reader *self, PyObject *args)
{
    unsigned long long start, count;
    if (!PyArg_ParseTuple(args, "KK:read", &start, &count) || check_open(self) < 0)
        return NULL;
    uint64_t frames = daorec_reader_frame_count(self->reader);
    if (start > frames || count > frames - start)
        return PyErr_Format(PyExc_IndexError, "frames %llu … %llu of a recording of %llu", start,
                            start + count, (unsigned long long)frames);
    npy_intp dims[DAO_MAX_AXES + 1];
    memcpy(dims, self->dims, sizeof dims);
    dims[0] = (npy_intp)count;
    PyObject *array = PyArray_SimpleNew(self->ndim + 1, dims, self->typenum);
    if (!array)
        return NULL;
    size_t size = daorec_reader_frame_size(self->reader);
    char *data = PyArray_BYTES((PyArrayObject *)array);
    daorec_error err = {0};
    int rc = 0;
    Py_BEGIN_ALLOW_THREADS
    PyThread_acquire_lock(self->lock, WAIT_LOCK);
    for (uint64_t k = 0; k < count && rc == 0 && self->reader; k++)
        rc = daorec_reader_read(self->reader, start + k, data + k * size, size, NULL, &err);
    if (!self->reader)
        rc = -EBADF; /* closed while we waited for the lock */
    PyThread_release_lock(self->lock);
    Py_END_ALLOW_THREADS
    if (rc == -EBADF && err.code == 0) {
        Py_DECREF(array);
        PyErr_SetString(PyExc_ValueError, "I/O operation on a closed recording");
        return NULL;
    }
    if (rc < 0) {
        Py_DECREF(array);
        return dao_raise_daorec(&err);
    }
    return array;
}

static PyObject *column(npy_intp n, int typenum)
{
    return PyArray_SimpleNew(1, &n, typenum);
}

/* (counter, write_time_ns, capture_time_ns, lost, dropped) as five arrays. */
static PyObject *reader_table(recording_reader *self, PyObject *unused)
{
    if (check_open(self) < 0)
        return NULL;
    npy_intp n = (npy_intp)daorec_reader_frame_count(self->reader);
    PyObject *counter = column(n, NPY_UINT64), *write = column(n, NPY_INT64);
    PyObject *capture = column(n, NPY_INT64), *lost = column(n, NPY_UINT64);
    PyObject *dropped = column(n, NPY_UINT64);
    if (!counter || !write || !capture || !lost || !dropped)
        goto fail;
    uint64_t *c = PyArray_DATA((PyArrayObject *)counter), *l = PyArray_DATA((PyArrayObject *)lost);
    uint64_t *d = PyArray_DATA((PyArrayObject *)dropped);
    int64_t *w = PyArray_DATA((PyArrayObject *)write), *t = PyArray_DATA((PyArrayObject *)capture);
    for (npy_intp i = 0; i < n; i++) {
        daorec_frame_info row;
        daorec_reader_frame_info(self->reader, (uint64_t)i, &row);
        c[i] = row.counter, w[i] = row.write_time_ns, t[i] = row.capture_time_ns;
        l[i] = row.lost, d[i] = row.dropped;
    }
    return Py_BuildValue("(NNNNN)", counter, write, capture, lost, dropped);
fail:
    Py_XDECREF(counter), Py_XDECREF(write), Py_XDECREF(capture), Py_XDECREF(lost);
    Py_XDECREF(dropped);
    return NULL;
}

/* {name: (value, comment)} of the stream's keywords, as recorded. */
static PyObject *reader_keywords(recording_reader *self, PyObject *unused)
{
    if (check_open(self) < 0)
        return NULL;
    unsigned n = 0;
    const dao_keyword *kw = daorec_reader_keywords(self->reader, &n);
    PyObject *out = PyDict_New();
    for (unsigned i = 0; out && i < n; i++)
        if (dao_keyword_add(out, &kw[i]) < 0)
            Py_CLEAR(out);
    return out;
}

static PyObject *reader_info(recording_reader *self, PyObject *unused)
{
    if (check_open(self) < 0)
        return NULL;
    daorec_loss loss;
    daorec_reader_loss(self->reader, &loss);
    PyObject *shape = PyTuple_New(self->ndim);
    for (int i = 0; shape && i < self->ndim; i++)
        PyTuple_SET_ITEM(shape, i, PyLong_FromSsize_t(self->dims[i + 1]));
    PyArray_Descr *descr = PyArray_DescrFromType(self->typenum);
    const char *stream = daorec_reader_stream_path(self->reader);
    if (!shape || !descr) {
        Py_XDECREF(shape);
        Py_XDECREF(descr);
        return NULL;
    }
    return Py_BuildValue("{s:K,s:N,s:N,s:O&,s:(KKK)}", "frames",
                         (unsigned long long)daorec_reader_frame_count(self->reader), "shape", shape,
                         "dtype", (PyObject *)descr, "stream_path", PyUnicode_DecodeFSDefault, stream,
                         "loss", (unsigned long long)loss.lost, (unsigned long long)loss.dropped,
                         (unsigned long long)loss.tail);
}

static void reader_dealloc(recording_reader *self)
{
    PyTypeObject *type = Py_TYPE(self);
    if (self->reader)
        daorec_reader_close(self->reader);
    if (self->lock)
        PyThread_free_lock(self->lock);
    type->tp_free((PyObject *)self);
    Py_DECREF(type);
}

static PyMethodDef reader_methods[] = {
    {"read", (PyCFunction)reader_read, METH_VARARGS,
     PyDoc_STR("read(start, count) -> frames [start, start+count) as one new array")},
    {"table", (PyCFunction)reader_table, METH_NOARGS,
     PyDoc_STR("table() -> (counter, write_time_ns, capture_time_ns, lost, dropped) arrays")},
    {"keywords", (PyCFunction)reader_keywords, METH_NOARGS,
     PyDoc_STR("keywords() -> {name: (value, comment)} as recorded")},
    {"info", (PyCFunction)reader_info, METH_NOARGS,
     PyDoc_STR("info() -> {frames, shape, dtype, stream_path, loss: (lost, dropped, tail)}")},
    {"close", (PyCFunction)reader_close, METH_NOARGS, PyDoc_STR("close()")},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot reader_slots[] = {
    {Py_tp_init, reader_init},
    {Py_tp_new, PyType_GenericNew},
    {Py_tp_dealloc, reader_dealloc},
    {Py_tp_methods, reader_methods},
    {Py_tp_doc, (void *)PyDoc_STR(
        "_RecordingReader(paths): the record library's reader of a recording's\n"
        "chunk files, in the order given. Use dao.Recording.")},
    {0, NULL},
};

PyType_Spec dao_recording_reader_spec = {
    .name = "dao._core._RecordingReader",
    .basicsize = sizeof(recording_reader),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = reader_slots,
};
