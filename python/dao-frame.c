/* dao-frame.c — frames between a mapping and numpy: consistent copies,
 * zero-copy views and writes. Every method of dao.shm that moves pixels
 * comes through here; none of them knows about dao.shm itself. */
#include <errno.h>

#include "dao-python.h"

/* ---- copies --------------------------------------------------------------- */

#define CHECK_EVERY_COPY_BYTES (4 * 1024 * 1024)
#define TRUNCATION_CHECK_NS (50 * 1000 * 1000)

/* How long a copy keeps retrying a frame that every copy found being
 * rewritten, before raising DAO_E_TORN; libdao retries within each attempt
 * of READ_ATTEMPT_NS, between attempts we answer Ctrl-C. */
#define TORN_PATIENCE_NS (2 * 1000000000LL)
#define READ_ATTEMPT_NS (100 * 1000000LL)

/* An older DAO writer re-creates a stream by truncating the file in place;
 * copying from the lost pages would kill us with SIGBUS. libdao's check
 * costs one stat() (~1 us in a VM), nothing beside a large copy but more
 * than a whole small one: so large frames are checked on every copy, small
 * ones at most every TRUNCATION_CHECK_NS (libdao's advice is to check "now
 * and then"). A replaced or removed path is no danger here (our mapping is
 * intact), so only the waits report those. Runs with the GIL: checked_ns
 * is shared by the threads using this mapping. */
static int check_truncation(dao_module_state *st, dao_mapping *m)
{
    int64_t now = dao_monotonic_ns();
    if (dao_stream_frame_size(m->stream) < CHECK_EVERY_COPY_BYTES &&
        now - m->checked_ns < TRUNCATION_CHECK_NS)
        return 0;
    m->checked_ns = now;
    int rc = dao_stream_check_path(m->stream);
    if (rc == DAO_E_TRUNCATED_DATA) {
        dao_raise_mapped(st, rc, m);
        return -1;
    }
    return 0;
}

/* One attempt of the copy `what` asks for; >= 0 on success (the lost count
 * for DAO_READ_NEXT). */
static int read_attempt(dao_mapping *m, dao_read what, void *dst, size_t size,
                        dao_frame_info *infos)
{
    switch (what.kind) {
    case DAO_READ_NEXT:
        return dao_stream_read_next(m->stream, dst, size, READ_ATTEMPT_NS, infos);
    case DAO_READ_SEGMENT:
        return dao_stream_read_segment(m->stream, what.n, dst, size, READ_ATTEMPT_NS, infos);
    case DAO_READ_LAST:
        return dao_stream_read_last(m->stream, what.n, dst, size, READ_ATTEMPT_NS, infos);
    case DAO_READ_NEWEST:
    default:
        return dao_stream_read(m->stream, dst, size, READ_ATTEMPT_NS, infos);
    }
}

/* Whether `arr` has shape `dims`; if not, ValueError from `message`, a
 * format with two %R: the array's shape, then the shape wanted. */
static bool has_shape(PyArrayObject *arr, int ndim, const npy_intp *dims, const char *message)
{
    bool same = PyArray_NDIM(arr) == ndim;
    for (int i = 0; same && i < ndim; i++)
        same = PyArray_DIM(arr, i) == dims[i];
    if (!same) {
        PyObject *have = PyArray_IntTupleFromIntp(PyArray_NDIM(arr), PyArray_DIMS(arr));
        PyObject *need = PyArray_IntTupleFromIntp(ndim, dims);
        if (have && need)
            PyErr_Format(PyExc_ValueError, message, have, need);
        Py_XDECREF(have);
        Py_XDECREF(need);
    }
    return same;
}

/* The caller's `out` array, if it can take the copy as it is: exactly the
 * stream's dtype (byte order included: the bytes are copied, not
 * converted), the copy's shape, C-contiguous and writable. A new reference,
 * or NULL with TypeError or ValueError. */
static PyObject *checked_out(PyObject *out, int ndim, const npy_intp *dims, int typenum)
{
    if (!PyArray_Check(out)) {
        PyErr_Format(PyExc_TypeError, "out must be a numpy.ndarray, not %.100s",
                     Py_TYPE(out)->tp_name);
        return NULL;
    }
    PyArrayObject *arr = (PyArrayObject *)out;
    PyArray_Descr *want = PyArray_DescrFromType(typenum);
    bool same_type = PyArray_EquivTypes(PyArray_DESCR(arr), want);
    if (!same_type)
        PyErr_Format(PyExc_TypeError, "out has dtype %R, the stream's frames are %R",
                     (PyObject *)PyArray_DESCR(arr), (PyObject *)want);
    Py_DECREF(want);
    if (!same_type)
        return NULL;
    if (!has_shape(arr, ndim, dims, "out has shape %R, the copy needs %R"))
        return NULL;
    if (!PyArray_IS_C_CONTIGUOUS(arr)) {
        PyErr_SetString(PyExc_ValueError, "out must be C-contiguous");
        return NULL;
    }
    if (PyArray_FailUnlessWriteable(arr, "out") < 0)
        return NULL;
    return Py_NewRef(out);
}

PyObject *dao_frame_copy_what(dao_module_state *st, dao_mapping *m, dao_read what, PyObject *out,
                              dao_frame_info *infos)
{
    if (check_truncation(st, m) < 0)
        return NULL;
    /* DAO_READ_LAST copies n frames into an array of shape (n, *shape). */
    bool stacked = what.kind == DAO_READ_LAST;
    npy_intp dims[DAO_MAX_AXES + 1];
    int ndim = m->ndim;
    if (stacked) {
        dims[0] = (npy_intp)what.n;
        for (int i = 0; i < m->ndim; i++)
            dims[i + 1] = m->dims[i];
        ndim++;
    }
    /* A new array each call costs an allocation (and, for frames of
     * megabytes, fresh pages whenever the allocator gave them back); a
     * loop that reuses its own array pays for the copy alone. */
    PyObject *arr = out && out != Py_None
                        ? checked_out(out, ndim, stacked ? dims : m->dims, m->typenum)
                        : PyArray_SimpleNew(ndim, stacked ? dims : m->dims, m->typenum);
    if (!arr)
        return NULL;
    dao_frame_info local;
    if (!infos)
        infos = stacked ? NULL : &local;
    void *dst = PyArray_DATA((PyArrayObject *)arr);
    size_t size = (size_t)PyArray_NBYTES((PyArrayObject *)arr);

    /* Every attempt runs without the GIL: libdao may wait up to
     * READ_ATTEMPT_NS for a write in progress, and a big frame takes
     * milliseconds to copy; other threads (the writer may be one of ours)
     * run meanwhile. We hold the mapping, since another thread may close()
     * the shm. When an attempt ends in DAO_E_TORN (the writer rewrote the
     * frame during every copy, as a Python loop calling set_data back to
     * back does), a script asking for a frame still wants one: keep trying,
     * for a while, answering Ctrl-C between attempts. */
    int rc;
    int64_t give_up = 0;
    Py_INCREF(m);
    for (;;) {
        Py_BEGIN_ALLOW_THREADS
        rc = read_attempt(m, what, dst, size, infos);
        Py_END_ALLOW_THREADS
        if (rc != DAO_E_TORN)
            break;
        int64_t now = dao_monotonic_ns();
        if (!give_up)
            give_up = now + TORN_PATIENCE_NS;
        else if (now >= give_up)
            break;
        if (PyErr_CheckSignals() < 0) {
            Py_DECREF(m);
            Py_DECREF(arr);
            return NULL;
        }
    }
    Py_DECREF(m);
    if (rc < 0) {
        Py_DECREF(arr);
        if (rc == -EAGAIN && what.kind == DAO_READ_NEXT)
            return NULL; /* nothing after the tail: no exception */
        return dao_raise_mapped(st, rc, m);
    }
    return arr;
}

PyObject *dao_frame_copy(dao_module_state *st, dao_mapping *m, dao_frame_info *info)
{
    return dao_frame_copy_what(st, m, (dao_read){DAO_READ_NEWEST, 0}, NULL, info);
}

/* ---- views ---------------------------------------------------------------- */

PyObject *dao_frame_view(dao_mapping *m)
{
    /* Read-only even on a writable mapping: writing through a reader's view
     * would bypass the write flag, counter and semaphores. */
    PyObject *arr = PyArray_New(&PyArray_Type, m->ndim, m->dims, m->typenum, NULL,
                                (void *)dao_stream_data(m->stream), 0, NPY_ARRAY_C_CONTIGUOUS,
                                NULL);
    if (!arr)
        return NULL;
    if (PyArray_SetBaseObject((PyArrayObject *)arr, Py_NewRef(m)) < 0) {
        Py_DECREF(arr);
        return NULL;
    }
    return arr;
}

/* ---- writes --------------------------------------------------------------- */

int dao_frame_write(dao_module_state *st, dao_mapping *m, PyObject *array)
{
    PyArrayObject *arr = (PyArrayObject *)PyArray_FROM_O(array);
    if (!arr)
        return -1;
    int result = -1;
    PyArrayObject *contiguous = NULL;
    PyArray_Descr *want = PyArray_DescrFromType(m->typenum);

    if (!has_shape(arr, m->ndim, m->dims,
                   "set_data: array shape %R does not match the stream's shape %R"))
        goto out;

    PyArray_Descr *have = PyArray_DESCR(arr);
    if (PyArray_EquivTypes(have, want) && PyArray_IS_C_CONTIGUOUS(arr)) {
        contiguous = (PyArrayObject *)Py_NewRef(arr);
    } else if (PyArray_EquivTypes(have, want) || dao_dtype_can_convert(have, want)) {
        Py_INCREF(want); /* PyArray_FromArray steals it */
        contiguous = (PyArrayObject *)PyArray_FromArray(
            arr, want, NPY_ARRAY_C_CONTIGUOUS | NPY_ARRAY_ALIGNED | NPY_ARRAY_FORCECAST);
        if (!contiguous)
            goto out;
    } else {
        PyErr_Format(PyExc_TypeError,
                     "set_data: cannot write %R into a %s stream without changing values; "
                     "convert explicitly, e.g. array.astype(numpy.%s)",
                     (PyObject *)have, dao_type_name(dao_stream_type(m->stream)),
                     dao_type_name(dao_stream_type(m->stream)));
        goto out;
    }

    int rc = dao_stream_write(m->stream, PyArray_DATA(contiguous), dao_stream_frame_size(m->stream));
    if (rc < 0) {
        dao_raise_mapped(st, rc, m);
        goto out;
    }
    result = 0;
out:
    Py_XDECREF(contiguous);
    Py_DECREF(want);
    Py_DECREF(arr);
    return result;
}
