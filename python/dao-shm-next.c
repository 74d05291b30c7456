/* dao-shm-next.c — the primitives under the package's frame iterator and
 * asyncio wait (python/dao/_frames.py): claim a reader slot of our own, and
 * "the next frame newer than counter N", as one call that waits, copies and
 * says which frame it copied. */
#include "dao-python.h"

/* Waits are cut into slices this long so that a frame whose semaphore post
 * another reader took is still seen (by its counter) at the next slice. */
#define NEXT_SLICE_NS (20 * 1000 * 1000)

const char dao_shm_claim_slot_doc[] =
"_claim_slot()\n--\n\n"
"Claim the highest free reader slot for this handle (libdao's claim: no\n"
"other libdao reader is given it while this handle is open) and return its\n"
"number. dao.StreamError DAO_E_NO_FREE_SLOT when every slot is taken,\n"
"DAO_E_READ_ONLY on a read-only handle.";

PyObject *dao_shm_claim_slot(dao_shm *self, PyObject *unused)
{
    dao_mapping *m = dao_shm_mapping(self);
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    if (!m || !st)
        return NULL;
    int slot;
    int rc = dao_stream_slot_claim(m->stream, &slot);
    if (rc < 0)
        return dao_raise_mapped(st, rc, m);
    return PyLong_FromLong(slot);
}

const char dao_shm_next_newer_doc[] =
"_next_newer(last, slot, timeout, spin=False, copy=True)\n--\n\n"
"Wait for a frame whose counter is above `last` (None: the last one this\n"
"handle returned), on reader semaphore `slot` or, with spin=True, by\n"
"spinning; timeout in seconds, None for ever, 0 to poll. Return\n"
"(array, counter, write_time_ns), or None on timeout. The handle's own\n"
"'last returned' counter moves only when `last` is None.";

static PyObject *frame_tuple(dao_module_state *st, dao_mapping *m, bool copy, uint64_t *counter)
{
    dao_frame_info info;
    PyObject *arr;
    if (copy) {
        arr = dao_frame_copy(st, m, &info);
    } else {
        /* A view has no copy to bracket: counter and time as they are now,
         * read before the view, so the view is at least that frame. */
        info.counter = dao_stream_counter(m->stream);
        info.write_time_ns = dao_stream_write_time_ns(m->stream);
        arr = dao_mapping_check(st, m) < 0 ? NULL : dao_frame_view(m);
    }
    if (!arr)
        return NULL;
    *counter = info.counter;
    return Py_BuildValue("(NKL)", arr, (unsigned long long)info.counter,
                         (long long)info.write_time_ns);
}

PyObject *dao_shm_next_newer(dao_shm *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"last", "slot", "timeout", "spin", "copy", NULL};
    PyObject *last_arg, *timeout = Py_None;
    int slot, spin = 0, copy = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OiO|pp:_next_newer", keywords, &last_arg,
                                     &slot, &timeout, &spin, &copy))
        return NULL;
    dao_mapping *m = dao_shm_mapping(self);
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    if (!m || !st)
        return NULL;
    bool own = last_arg == Py_None;
    uint64_t last = own ? self->last_counter : PyLong_AsUnsignedLongLong(last_arg);
    if (!own && PyErr_Occurred())
        return NULL;
    int64_t deadline = INT64_MAX;
    if (timeout != Py_None) {
        double seconds = PyFloat_AsDouble(timeout);
        if (seconds == -1.0 && PyErr_Occurred())
            return NULL;
        if (!(seconds >= 0)) {
            PyErr_SetString(PyExc_ValueError, "timeout must be None or a number of seconds >= 0");
            return NULL;
        }
        deadline = seconds >= 9.2e9 ? INT64_MAX : dao_monotonic_ns() + (int64_t)(seconds * 1e9);
    }

    Py_INCREF(m); /* a wait lets other threads run, and close() us */
    PyObject *result = NULL;
    for (;;) {
        uint64_t now_counter = dao_stream_counter(m->stream);
        if (dao_mapping_check(st, m) < 0)
            break;
        if (now_counter > last) {
            uint64_t counter;
            result = frame_tuple(st, m, copy, &counter);
            if (!result || counter > last) {
                if (result && own)
                    self->last_counter = counter;
                break;
            }
            Py_CLEAR(result); /* the copy came from an older segment: wait on */
        }
        int64_t left = deadline == INT64_MAX ? NEXT_SLICE_NS : deadline - dao_monotonic_ns();
        if (left <= 0) {
            result = Py_NewRef(Py_None);
            break;
        }
        int64_t slice = left < NEXT_SLICE_NS ? left : NEXT_SLICE_NS;
        int got = spin ? dao_wait_counter(st, m, last, slice)
                       : dao_wait_semaphore(st, m, slot, slice);
        if (got < 0)
            break;
    }
    Py_DECREF(m);
    return result;
}
