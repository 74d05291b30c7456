/* dao-shm-data.c — frames in and out: get_data and set_data. */
#include <errno.h>
#include <math.h>
#include <time.h>

#include "dao-python.h"

/* ---- get_data ----------------------------------------------------------- */

const char dao_shm_get_data_doc[] =
"get_data(check=False, spin=False, semNb=0, timeout=None, copy=True, *, nbSem=None)\n"
"--\n"
"\n"
"Return the newest frame as a numpy array of the stream's dtype and shape\n"
"(C order, element [y, x] of a 2-D stream is pixel y*nx + x of the file).\n"
"\n"
"check=True   first wait until the writer posts reader semaphore `semNb`\n"
"             (each reader uses its own number; 0 … shm.semaphores-1, else\n"
"             ValueError). `nbSem` is the same as `semNb` (the guide's name).\n"
"spin=True    first wait by spinning in user space on the frame counter,\n"
"             until a frame newer than the last one this object returned (or\n"
"             saw at open) is published; no semaphore is involved. With\n"
"             check=True as well, semaphore semNb is also consumed (without\n"
"             waiting) so a later check=True wait does not return for the\n"
"             same frame. Spinning keeps a CPU core busy.\n"
"timeout      seconds to wait at most (None: for ever). On expiry the result\n"
"             is None, as in the existing DAO and milk tools.\n"
"copy=True    a private copy, consistent: a copy that raced a write is taken\n"
"             again (libdao's torn-read check; dao.StreamError with code\n"
"             DAO_E_TORN if for 2 s the writer never let a copy through, or\n"
"             died in the middle of a write).\n"
"copy=False   a read-only zero-copy view of the frame in the mapped file. It\n"
"             changes when the writer writes (check the counter if that\n"
"             matters) and keeps the file mapped as long as it lives, even\n"
"             after close().\n"
"\n"
"A stream file truncated in place (how older DAO writers re-create one)\n"
"raises dao.StreamError ('DAO_E_TRUNCATED_DATA') instead of a crash: waits\n"
"check at every wake-up, copies of frames of 4 MiB or more on every call,\n"
"smaller copies at most every 50 ms.\n"
"Waits release the GIL (other threads run) and are interruptible (Ctrl-C\n"
"raises KeyboardInterrupt within ~20 ms). While waiting, a stream whose path\n"
"now holds another file (re-created, e.g. with another shape) raises\n"
"dao.StreamError (code_name 'DAO_E_REPLACED'); a removed one raises\n"
"FileNotFoundError: open it again.";

static int parse_timeout(PyObject *timeout, int64_t *ns)
{
    if (timeout == Py_None) {
        *ns = -1;
        return 0;
    }
    double seconds = PyFloat_AsDouble(timeout);
    if (seconds == -1.0 && PyErr_Occurred())
        return -1;
    if (isnan(seconds) || seconds < 0) {
        PyErr_SetString(PyExc_ValueError, "get_data: timeout must be None or >= 0 seconds");
        return -1;
    }
    /* Beyond ~292 years the nanosecond count overflows: that is "for ever". */
    *ns = seconds >= 9.2e9 ? -1 : (int64_t)(seconds * 1e9);
    return 0;
}

static int parse_slot(dao_mapping *m, PyObject *semNb, PyObject *nbSem, unsigned *slot)
{
    if (semNb && nbSem) {
        PyErr_SetString(PyExc_TypeError, "get_data: give semNb or nbSem, not both");
        return -1;
    }
    PyObject *given = semNb ? semNb : nbSem;
    if (!given || given == Py_None) {
        *slot = 0;
        return 0;
    }
    long value = PyLong_AsLong(given);
    if (value == -1 && PyErr_Occurred())
        return -1;
    unsigned count = dao_stream_semaphore_count(m->stream);
    if (value < 0 || (unsigned long)value >= count) {
        PyErr_Format(PyExc_ValueError,
                     "get_data: semaphore number %ld is out of range: this stream has %u "
                     "semaphores (0 to %u)", value, count, count ? count - 1 : 0);
        return -1;
    }
    *slot = (unsigned)value;
    return 0;
}

#define CHECK_EVERY_COPY_BYTES (4 * 1024 * 1024)
#define TRUNCATION_CHECK_NS (50 * 1000 * 1000)

static int64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* How long get_data(copy=True) keeps retrying a frame that every copy
 * found being rewritten, before raising DAO_E_TORN. */
#define TORN_PATIENCE_NS (2 * 1000000000LL)

static PyObject *copy_frame(dao_module_state *st, dao_shm *self, dao_mapping *m)
{
    /* An older DAO writer re-creates a stream by truncating the file in
     * place; copying from the lost pages would kill us with SIGBUS. libdao's
     * check costs a system call (~2 us in a VM), nothing beside a large
     * copy but more than a whole small one: so large frames are checked on
     * every copy, small ones at most every TRUNCATION_CHECK_NS (libdao's
     * advice is to check "now and then"). A replaced or removed path is no
     * danger here (our mapping is intact), so only the waits report those. */
    int rc;
    int64_t now = monotonic_ns();
    if (dao_stream_frame_size(m->stream) >= CHECK_EVERY_COPY_BYTES ||
        now - m->checked_ns >= TRUNCATION_CHECK_NS) {
        m->checked_ns = now;
        rc = dao_stream_check_path(m->stream);
        if (rc == DAO_E_TRUNCATED_DATA)
            return dao_raise(st, rc, m->path);
    }
    PyObject *arr = PyArray_SimpleNew(m->ndim, m->dims, m->typenum);
    if (!arr)
        return NULL;
    dao_frame_info info;
    void *dst = PyArray_DATA((PyArrayObject *)arr);
    size_t size = dao_stream_frame_size(m->stream);
    rc = dao_stream_read(m->stream, dst, size, 100 * 1000000LL, &info);
    if (rc == DAO_E_TORN) {
        /* libdao gave up after ~100 ms and a few copies: the writer is
         * rewriting this frame back to back (a Python loop calling set_data
         * as fast as it can does). A script asking for a frame wants one, so
         * keep trying for a while, without the GIL (the writer may be a thread
         * of ours) and holding the mapping (another thread may close()). */
        int64_t give_up = monotonic_ns() + TORN_PATIENCE_NS;
        Py_INCREF(m);
        while (rc == DAO_E_TORN && monotonic_ns() < give_up) {
            Py_BEGIN_ALLOW_THREADS
            rc = dao_stream_read(m->stream, dst, size, 100 * 1000000LL, &info);
            Py_END_ALLOW_THREADS
            if (rc == DAO_E_TORN && PyErr_CheckSignals() < 0) {
                Py_DECREF(m);
                Py_DECREF(arr);
                return NULL;
            }
        }
        Py_DECREF(m);
    }
    if (rc < 0) {
        Py_DECREF(arr);
        return dao_raise(st, rc, m->path);
    }
    self->last_counter = info.counter;
    return arr;
}

static PyObject *view_frame(dao_shm *self, dao_mapping *m)
{
    self->last_counter = dao_stream_counter(m->stream);
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

PyObject *dao_shm_get_data(dao_shm *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"check", "spin", "semNb", "timeout", "copy", "nbSem", NULL};
    int check = 0, spin = 0, copy = 1;
    PyObject *semNb = NULL, *timeout = Py_None, *nbSem = NULL;
    if ((args && PyTuple_GET_SIZE(args)) || kwargs) {
        if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|ppOOp$O:get_data", keywords, &check,
                                         &spin, &semNb, &timeout, &copy, &nbSem))
            return NULL;
    }
    dao_mapping *m = dao_shm_mapping(self);
    if (!m)
        return NULL;
    unsigned slot;
    int64_t timeout_ns;
    if (parse_slot(m, semNb, nbSem, &slot) < 0 || parse_timeout(timeout, &timeout_ns) < 0)
        return NULL;

    dao_module_state *st = NULL;
    if (check || spin) {
        st = dao_state_from_type(Py_TYPE(self));
        if (!st)
            return NULL;
        /* The wait may let another thread close us: hold the mapping. */
        Py_INCREF(m);
        int got = spin ? dao_wait_counter(st, m, self->last_counter, timeout_ns)
                       : dao_wait_semaphore(st, m, slot, timeout_ns);
        if (got == 1 && spin && check)
            (void)dao_stream_wait(m->stream, slot, 0); /* consume this frame's post */
        if (got <= 0) {
            Py_DECREF(m);
            if (got == 0)
                Py_RETURN_NONE;
            return NULL;
        }
        PyObject *result = copy ? copy_frame(st, self, m) : view_frame(self, m);
        Py_DECREF(m);
        return result;
    }
    if (!copy)
        return view_frame(self, m);
    st = dao_state_from_type(Py_TYPE(self));
    return st ? copy_frame(st, self, m) : NULL;
}

/* ---- set_data ----------------------------------------------------------- */

const char dao_shm_set_data_doc[] =
"set_data(array)\n"
"--\n"
"\n"
"Write `array` as one frame and publish it (bump the counter, stamp the\n"
"time, post every reader semaphore), and return `array` itself, so that\n"
"`data = shm.set_data(data)` keeps working on the same array.\n"
"\n"
"The shape must equal shm.shape (else ValueError). Any memory layout works\n"
"(non-contiguous slices, other byte orders). A dtype other than shm.dtype is\n"
"converted only when no value can change: numpy's 'safe' casting within the\n"
"same kind, i.e. integer → wider integer (int16 → int32, uint8 → uint16,\n"
"uint8 → int16), float32 → float64, complex64 → complex128. Everything else\n"
"raises TypeError: float → int, int → float, int64 → float32, complex →\n"
"real, and float64 → float32 (it rounds most values) — convert explicitly,\n"
"e.g. array.astype(shm.dtype), if that is what you mean.";

int dao_shm_write(dao_module_state *st, dao_mapping *m, PyObject *array)
{
    PyArrayObject *arr = (PyArrayObject *)PyArray_FROM_O(array);
    if (!arr)
        return -1;
    int result = -1;
    PyArrayObject *contiguous = NULL;
    PyArray_Descr *want = PyArray_DescrFromType(m->typenum);

    bool same_shape = PyArray_NDIM(arr) == m->ndim;
    for (int i = 0; same_shape && i < m->ndim; i++)
        same_shape = PyArray_DIM(arr, i) == m->dims[i];
    if (!same_shape) {
        PyObject *have = PyArray_IntTupleFromIntp(PyArray_NDIM(arr), PyArray_DIMS(arr));
        PyObject *need = PyArray_IntTupleFromIntp(m->ndim, m->dims);
        if (have && need)
            PyErr_Format(PyExc_ValueError,
                         "set_data: array shape %R does not match the stream's shape %R", have, need);
        Py_XDECREF(have);
        Py_XDECREF(need);
        goto out;
    }

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
        dao_raise(st, rc, m->path);
        goto out;
    }
    result = 0;
out:
    Py_XDECREF(contiguous);
    Py_DECREF(want);
    Py_DECREF(arr);
    return result;
}

PyObject *dao_shm_set_data(dao_shm *self, PyObject *array)
{
    dao_mapping *m = dao_shm_mapping(self);
    if (!m)
        return NULL;
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    if (!st || dao_shm_write(st, m, array) < 0)
        return NULL;
    return Py_NewRef(array);
}
