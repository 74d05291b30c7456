/* dao-wait.c — blocking until the next frame without blocking Python.
 *
 * libdao's waits retry EINTR themselves (right for C programs, but it means
 * a Ctrl-C would never get back to Python), so we wait in slices of at most
 * SLICE_NS with the GIL released and, between slices, take the GIL back and
 * run the signal handlers. A KeyboardInterrupt therefore surfaces within one
 * slice, other threads run during the whole wait, and a frame still wakes
 * us at once (a slice ends early when the semaphore is posted).
 *
 * Between slices we also ask libdao whether the path still names the file
 * we map: a writer that re-creates the stream renames a new file over the
 * path (and keeps posting the same semaphore names), so without this check
 * a reader would wait for ever, or wake up only to copy the old, frozen
 * frame. The same check runs after every wake-up, before the caller reads.
 */
#include <errno.h>
#include <math.h>
#include <time.h>

#include "dao-python.h"

#define SLICE_NS (20 * 1000 * 1000) /* Ctrl-C answers within ~20 ms */

int64_t dao_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* 0 if the path still holds our stream, else -1 with StreamError
 * (DAO_E_REPLACED) or FileNotFoundError set. */
static int check_still_ours(dao_module_state *st, dao_mapping *m)
{
    m->checked_ns = dao_monotonic_ns(); /* also the copy path's truncation check */
    int rc = dao_stream_check_path(m->stream);
    if (rc == 0)
        return 0;
    dao_raise_mapped(st, rc, m);
    return -1;
}

typedef int (*wait_fn)(dao_mapping *m, uint64_t arg, int64_t slice_ns);

static int slice_semaphore(dao_mapping *m, uint64_t slot, int64_t slice_ns)
{
    return dao_stream_wait(m->stream, (int)(int64_t)slot, slice_ns); /* DAO_SEMLOG survives */
}

static int slice_counter(dao_mapping *m, uint64_t seen, int64_t slice_ns)
{
    return dao_stream_spin_wait(m->stream, seen, slice_ns, NULL);
}

static int wait_in_slices(dao_module_state *st, dao_mapping *m, wait_fn fn, uint64_t arg,
                          int64_t timeout_ns)
{
    /* Another thread may close the shm while we wait without the GIL: our
     * own reference keeps the handle (and the mapping) alive until we return. */
    Py_INCREF(m);
    int64_t deadline = timeout_ns >= 0 ? dao_monotonic_ns() + timeout_ns : INT64_MAX;
    int result;
    for (;;) {
        int64_t slice = SLICE_NS;
        if (timeout_ns >= 0) {
            int64_t left = deadline - dao_monotonic_ns();
            slice = left <= 0 ? 0 : (left < slice ? left : slice);
        }
        int rc;
        Py_BEGIN_ALLOW_THREADS
        rc = fn(m, arg, slice);
        Py_END_ALLOW_THREADS
        if (rc == 0) {
            result = check_still_ours(st, m) < 0 ? -1 : 1;
            break;
        }
        if (rc != -ETIMEDOUT) {
            dao_raise_mapped(st, rc, m);
            result = -1;
            break;
        }
        if (PyErr_CheckSignals() < 0 || check_still_ours(st, m) < 0) {
            result = -1;
            break;
        }
        if (timeout_ns >= 0 && dao_monotonic_ns() >= deadline) {
            result = 0;
            break;
        }
    }
    Py_DECREF(m);
    return result;
}

int dao_wait_semaphore(dao_module_state *st, dao_mapping *m, int slot, int64_t timeout_ns)
{
    return wait_in_slices(st, m, slice_semaphore, (uint64_t)(int64_t)slot, timeout_ns);
}

static int slice_next(dao_mapping *m, uint64_t slot, int64_t slice_ns)
{
    return dao_stream_wait_next(m->stream, (int)(int64_t)slot, slice_ns);
}

int dao_wait_next(dao_module_state *st, dao_mapping *m, int slot, int64_t timeout_ns)
{
    return wait_in_slices(st, m, slice_next, (uint64_t)(int64_t)slot, timeout_ns);
}

int dao_wait_counter(dao_module_state *st, dao_mapping *m, uint64_t seen, int64_t timeout_ns)
{
    return wait_in_slices(st, m, slice_counter, seen, timeout_ns);
}

int dao_parse_dao_timeout(PyObject *timeout, int64_t *ns)
{
    if (timeout == Py_None) {
        *ns = -1;
        return 0;
    }
    double seconds = PyFloat_AsDouble(timeout);
    if (seconds == -1.0 && PyErr_Occurred())
        return -1;
    if (isnan(seconds) || seconds < 0) {
        PyErr_SetString(PyExc_ValueError,
                        "timeout must be None, 0 (wait for ever) or a number of seconds > 0");
        return -1;
    }
    /* Beyond ~292 years the nanosecond count overflows: that is "for ever". */
    *ns = seconds == 0 || seconds >= 9.2e9 ? -1 : (int64_t)(seconds * 1e9);
    return 0;
}

int dao_parse_python_timeout(PyObject *timeout, int64_t *ns)
{
    if (timeout == Py_None) {
        *ns = -1;
        return 0;
    }
    double seconds = PyFloat_AsDouble(timeout);
    if (seconds == -1.0 && PyErr_Occurred())
        return -1;
    if (!(seconds >= 0)) {
        PyErr_SetString(PyExc_ValueError, "timeout must be None or a number of seconds >= 0");
        return -1;
    }
    *ns = seconds >= 9.2e9 ? -1 : (int64_t)(seconds * 1e9);
    return 0;
}
