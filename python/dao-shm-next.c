/* dao-shm-next.c — the primitives under the package's frame iterator and
 * asyncio wait (python/dao/_frames.py): claim a reader slot of our own, and
 * "the next frame newer than counter N", as one call that waits, copies and
 * says which frame it copied. */
#include "dao-python.h"

/* Waits are cut into slices this long so that a frame whose semaphore post
 * another reader took is still seen (by its counter) at the next slice. */
#define NEXT_SLICE_NS (20 * 1000 * 1000)

int dao_shm_wait_slot(dao_shm *self, dao_mapping *m, PyObject *semNb, int *slot)
{
    if (semNb && semNb != Py_None) {
        long value = PyLong_AsLong(semNb);
        if (value == -1 && PyErr_Occurred())
            return -1;
        unsigned count = dao_stream_semaphore_count(m->stream);
        if (value < 0 || (unsigned long)value >= count) {
            PyErr_Format(PyExc_ValueError,
                         "semaphore number %ld is out of range: this stream has %u semaphores "
                         "(0 to %u)", value, count, count ? count - 1 : 0);
            return -1;
        }
        *slot = (int)value;
        return 0;
    }
    if (self->slot == DAO_SHM_NO_SLOT) {
        int claimed;
        int rc = dao_stream_slot_claim(m->stream, &claimed);
        /* No claim possible: share semaphore 0 (DAO readers' default). A
         * post another reader takes then delays us by one wait slice at
         * most, since our waits judge newness by the counter or the tail. */
        if (rc == DAO_E_READ_ONLY || rc == DAO_E_NO_FREE_SLOT)
            claimed = 0;
        else if (rc < 0) {
            dao_module_state *st = dao_state_from_type(Py_TYPE(self));
            if (st)
                dao_raise_mapped(st, rc, m);
            return -1;
        }
        self->slot = claimed;
    }
    *slot = self->slot;
    return 0;
}

const char dao_shm_wait_slot_doc[] =
"_wait_slot(semNb=None)\n--\n\n"
"The reader semaphore the handle's own waits use (frames(), wait_async(),\n"
"get_data_next(wait=True)): `semNb` checked, or by default a slot claimed\n"
"for this handle on first use (libdao's claim: no other libdao reader is\n"
"given it while the handle is open), 0 when none can be claimed.";

PyObject *dao_shm_wait_slot_py(dao_shm *self, PyObject *semNb)
{
    dao_mapping *m = dao_shm_mapping(self);
    int slot;
    if (!m || dao_shm_wait_slot(self, m, semNb, &slot) < 0)
        return NULL;
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
    int64_t timeout_ns;
    if (dao_parse_python_timeout(timeout, &timeout_ns) < 0)
        return NULL;
    int64_t deadline = timeout_ns < 0 ? INT64_MAX : dao_monotonic_ns() + timeout_ns;

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
