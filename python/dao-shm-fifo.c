/* dao-shm-fifo.c — reading a FIFO stream (depth N > 1) as DAO's FIFO page
 * documents: get_data_next (in order, with DAO's status codes),
 * get_data_arbitrary, get_history, reset_tail; and _next_in_order /
 * _wait_next under the package's frame iterator. All of it on libdao's
 * per-handle tail (dao_stream_read_next and friends): libdao keeps the tail,
 * checks every copy for tearing and counts the frames a lapped reader lost;
 * this file only shapes arguments and results. */
#include <errno.h>
#include <stdio.h>

#include "dao-python.h"

/* ---- get_data_next -------------------------------------------------------- */

const char dao_shm_get_data_next_doc[] =
"get_data_next(wait=False, reform=True, *, timeout=0, semNb=None, spin=False,\n"
"              out=None)\n"
"--\n"
"\n"
"The frame after this handle's tail (the last frame it read in order; set\n"
"to the newest when the handle was opened), as (status, array), and move\n"
"the tail to it:\n"
"\n"
"  (DAO_SUCCESS, frame)    the next frame in order;\n"
"  (DAO_OVERWRITE, frame)  the writer lapped this reader (the next frame was\n"
"                          overwritten): frame is the newest, the frames in\n"
"                          between are lost (frames() counts them);\n"
"  (DAO_NOTREADY, None)    nothing was written after the tail;\n"
"  (DAO_TIMEOUT, None)     wait=True and `timeout` passed.\n"
"\n"
"wait=True first waits until a frame after the tail exists: on semaphore\n"
"semNb (by default a slot claimed for this handle), or spinning on the\n"
"counter with spin=True. timeout in seconds, 0 or None for ever (DAO's rule;\n"
"Ctrl-C still works). reform is accepted; the array has the stream's shape.\n"
"Frames are whole: a segment being overwritten is never returned (DAO's\n"
"module could return it torn). Works on any depth: with depth 1 every frame\n"
"is the newest, and a frame written over an unread one is an overwrite.\n"
"\n"
"out=array    copy into this array instead of a new one, and return it:\n"
"             exactly the stream's dtype and shape, C-contiguous, writable\n"
"             (else TypeError or ValueError). A loop that reuses one array\n"
"             saves an allocation per frame. Untouched with DAO_NOTREADY or\n"
"             DAO_TIMEOUT; after an exception it may hold part of a frame.";

static PyObject *status_pair(int status, PyObject *arr)
{
    return Py_BuildValue("(iN)", status, arr ? arr : Py_NewRef(Py_None));
}

PyObject *dao_shm_get_data_next(dao_shm *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"wait", "reform", "timeout", "semNb", "spin", "out", NULL};
    int wait = 0, reform = 1, spin = 0;
    PyObject *timeout = Py_None, *semNb = Py_None, *out = NULL;
    if ((args && PyTuple_GET_SIZE(args)) || kwargs) {
        if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|pp$OOpO:get_data_next", keywords, &wait,
                                         &reform, &timeout, &semNb, &spin, &out))
            return NULL;
    }
    dao_mapping *m = dao_shm_mapping(self);
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    if (!m || !st)
        return NULL;
    if (wait) {
        int slot = DAO_SPIN;
        int64_t timeout_ns;
        if (dao_parse_dao_timeout(timeout, &timeout_ns) < 0 ||
            (!spin && dao_shm_wait_slot(self, m, semNb, &slot) < 0))
            return NULL;
        int got = dao_wait_next(st, m, slot, timeout_ns);
        if (got < 0)
            return NULL;
        if (got == 0) {
            dao_log(st, 20 /* logging.INFO */, "Timeout waiting for the next frame");
            return status_pair(DAO_PY_TIMEOUT, NULL);
        }
    }
    dao_frame_info info;
    PyObject *arr = dao_frame_copy_what(st, m, (dao_read){DAO_READ_NEXT, 0}, out, &info);
    if (!arr)
        return PyErr_Occurred() ? NULL : status_pair(DAO_PY_NOTREADY, NULL);
    if (info.counter > self->last_counter)
        self->last_counter = info.counter;
    return status_pair(info.lost ? DAO_PY_OVERWRITE : DAO_PY_SUCCESS, arr);
}

/* ---- get_data_arbitrary --------------------------------------------------- */

const char dao_shm_get_data_arbitrary_doc[] =
"get_data_arbitrary(index)\n--\n\n"
"A whole copy of segment index % fifo_depth (any int: -1 is the last\n"
"segment), as it is now; the tail does not move. A segment never written\n"
"yet holds zeros.";

/* index % depth with Python's sign rule. */
static int segment_of(dao_mapping *m, PyObject *index, unsigned *segment)
{
    PyObject *n = PyLong_FromUnsignedLong(dao_stream_fifo_depth(m->stream));
    PyObject *r = n ? PyNumber_Remainder(index, n) : NULL;
    Py_XDECREF(n);
    if (!r)
        return -1;
    *segment = (unsigned)PyLong_AsUnsignedLong(r);
    Py_DECREF(r);
    return PyErr_Occurred() ? -1 : 0;
}

PyObject *dao_shm_get_data_arbitrary(dao_shm *self, PyObject *index)
{
    dao_mapping *m = dao_shm_mapping(self);
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    unsigned segment;
    if (!m || !st || segment_of(m, index, &segment) < 0)
        return NULL;
    return dao_frame_copy_what(st, m, (dao_read){DAO_READ_SEGMENT, segment}, NULL, NULL);
}

/* ---- get_history ------------------------------------------------------------ */

const char dao_shm_get_history_doc[] =
"get_history(num_items=1, check=False, semNb=0, timeout=0, spin=False, buffer=False,\n"
"            *, out=None)\n"
"--\n"
"\n"
"The last num_items frames as one array of shape (num_items, *shape), oldest\n"
"first, newest last; whole and consecutive (copied again if a write\n"
"overtakes them). num_items must be 1 … fifo_depth: otherwise the 'dao'\n"
"logger says so (ERROR) and the result is None, as in DAO.\n"
"\n"
"check=True   first wait for one new frame, on semaphore semNb (or on the\n"
"             counter with spin=True);\n"
"buffer=True  first wait until num_items new frames were written, so the\n"
"             history holds none from before the call;\n"
"timeout      for those waits, seconds, 0 or None for ever (DAO's rule); on\n"
"             expiry None, logged as in get_data.\n"
"out=array    copy into this array of shape (num_items, *shape) instead of\n"
"             a new one, and return it (as get_data_next's out=).\n"
"The tail does not move.";

/* Wait until the counter reaches `target`: by spinning, or by sleeping on
 * semaphore `slot` and looking at the counter after every post (so a post
 * another reader took costs one wait slice, never the frame). */
static int wait_counter_at_least(dao_module_state *st, dao_mapping *m, bool spin, int slot,
                                 uint64_t target, int64_t timeout_ns)
{
    int64_t deadline = timeout_ns < 0 ? INT64_MAX : dao_monotonic_ns() + timeout_ns;
    for (;;) {
        uint64_t now = dao_stream_counter(m->stream);
        if (dao_mapping_check(st, m) < 0)
            return -1;
        if (now >= target)
            return 1;
        int64_t left = deadline == INT64_MAX ? -1 : deadline - dao_monotonic_ns();
        if (deadline != INT64_MAX && left <= 0)
            return 0;
        int64_t slice = 20 * 1000 * 1000;
        if (left >= 0 && left < slice)
            slice = left;
        int got = spin ? dao_wait_counter(st, m, now, slice) : dao_wait_semaphore(st, m, slot, slice);
        if (got < 0)
            return -1;
    }
}

PyObject *dao_shm_get_history(dao_shm *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"num_items", "check", "semNb", "timeout", "spin", "buffer", "out",
                               NULL};
    long num_items = 1;
    int check = 0, spin = 0, buffer = 0;
    PyObject *semNb = NULL, *timeout = Py_None, *out = NULL;
    if ((args && PyTuple_GET_SIZE(args)) || kwargs) {
        if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|lpOOpp$O:get_history", keywords,
                                         &num_items, &check, &semNb, &timeout, &spin, &buffer,
                                         &out))
            return NULL;
    }
    dao_mapping *m = dao_shm_mapping(self);
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    if (!m || !st)
        return NULL;
    unsigned depth = dao_stream_fifo_depth(m->stream);
    if (num_items < 1 || (unsigned long)num_items > depth) {
        char message[128];
        snprintf(message, sizeof(message),
                 "get_history: num_items must be 1 to %u (the FIFO depth), not %ld", depth,
                 num_items);
        dao_log(st, 40 /* logging.ERROR */, message);
        Py_RETURN_NONE;
    }
    if (check || buffer) {
        int slot = 0;
        int64_t timeout_ns;
        if (dao_parse_dao_timeout(timeout, &timeout_ns) < 0 ||
            (!spin && semNb && dao_shm_wait_slot(self, m, semNb, &slot) < 0))
            return NULL;
        uint64_t target = dao_stream_counter(m->stream) + (buffer ? (uint64_t)num_items : 1);
        int got;
        if (buffer || spin) {
            got = wait_counter_at_least(st, m, spin, slot, target, timeout_ns);
        } else {
            /* check=True alone is DAO's semaphore wait: a post is a frame. */
            Py_INCREF(m);
            got = dao_wait_semaphore(st, m, slot, timeout_ns);
            Py_DECREF(m);
        }
        if (got < 0)
            return NULL;
        if (got == 0) {
            dao_log(st, 20 /* logging.INFO */, spin ? "Timeout waiting for a new frame"
                                                    : "Timeout waiting for semaphore");
            Py_RETURN_NONE;
        }
    }
    dao_frame_info *infos = PyMem_Calloc((size_t)num_items, sizeof(*infos));
    if (!infos)
        return PyErr_NoMemory();
    PyObject *arr =
        dao_frame_copy_what(st, m, (dao_read){DAO_READ_LAST, (unsigned)num_items}, out, infos);
    if (arr && infos[num_items - 1].counter > self->last_counter)
        self->last_counter = infos[num_items - 1].counter;
    PyMem_Free(infos);
    return arr;
}

/* ---- reset_tail ------------------------------------------------------------- */

const char dao_shm_reset_tail_doc[] =
"reset_tail()\n--\n\n"
"Move this handle's tail to the newest frame: get_data_next() (and\n"
"frames()) go on from the next frame written.";

PyObject *dao_shm_reset_tail(dao_shm *self, PyObject *unused)
{
    dao_mapping *m = dao_shm_mapping(self);
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    if (!m || !st)
        return NULL;
    int rc = dao_stream_tail_reset(m->stream);
    if (rc < 0)
        return dao_raise_mapped(st, rc, m);
    Py_RETURN_NONE;
}

/* ---- under the frame iterator ----------------------------------------------- */

const char dao_shm_next_in_order_doc[] =
"_next_in_order(slot, timeout, spin=False)\n--\n\n"
"The frame after the tail, waiting for it on semaphore `slot` (or spinning)\n"
"for at most `timeout` seconds (None: for ever, 0: do not wait), as\n"
"(array, counter, write_time_ns, lost), or None on timeout.";

PyObject *dao_shm_next_in_order(dao_shm *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"slot", "timeout", "spin", NULL};
    int slot, spin = 0;
    PyObject *timeout;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "iO|p:_next_in_order", keywords, &slot,
                                     &timeout, &spin))
        return NULL;
    dao_mapping *m = dao_shm_mapping(self);
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    int64_t timeout_ns;
    if (!m || !st || dao_parse_python_timeout(timeout, &timeout_ns) < 0)
        return NULL;
    int64_t deadline = timeout_ns < 0 ? INT64_MAX : dao_monotonic_ns() + timeout_ns;
    Py_INCREF(m); /* waits let other threads run, and close() us */
    PyObject *result = NULL;
    for (;;) {
        dao_frame_info info;
        PyObject *arr = dao_frame_copy_what(st, m, (dao_read){DAO_READ_NEXT, 0}, NULL, &info);
        if (arr) {
            if (info.counter > self->last_counter)
                self->last_counter = info.counter;
            result = Py_BuildValue("(NKLK)", arr, (unsigned long long)info.counter,
                                   (long long)info.write_time_ns, (unsigned long long)info.lost);
            break;
        }
        if (PyErr_Occurred())
            break;
        int64_t left = deadline == INT64_MAX ? -1 : deadline - dao_monotonic_ns();
        if (deadline != INT64_MAX && left <= 0) {
            result = Py_NewRef(Py_None);
            break;
        }
        if (dao_wait_next(st, m, spin ? DAO_SPIN : slot, left) < 0)
            break;
    }
    Py_DECREF(m);
    return result;
}

const char dao_shm_wait_next_doc[] =
"_wait_next(slot, timeout)\n--\n\n"
"Wait until a frame after the tail exists (on semaphore `slot`), at most\n"
"`timeout` seconds (None: for ever); True if one does. The tail does not\n"
"move: an asyncio wait that is cancelled meanwhile loses no frame.";

PyObject *dao_shm_wait_next_py(dao_shm *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"slot", "timeout", NULL};
    int slot;
    PyObject *timeout;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "iO:_wait_next", keywords, &slot, &timeout))
        return NULL;
    dao_mapping *m = dao_shm_mapping(self);
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    int64_t timeout_ns;
    if (!m || !st || dao_parse_python_timeout(timeout, &timeout_ns) < 0)
        return NULL;
    int got = dao_wait_next(st, m, slot, timeout_ns);
    return got < 0 ? NULL : PyBool_FromLong(got);
}
