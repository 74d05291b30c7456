/* dao-shm-data.c — the dao.shm methods that move frames: get_data and
 * set_data. Argument handling and waits here; the copies in dao-frame.c. */
#include "dao-python.h"

const char dao_shm_get_data_doc[] =
"get_data(check=False, reform=True, semNb=0, timeout=0, spin=False, *, copy=True,\n"
"         nbSem=None, block=True, out=None)\n"
"--\n"
"\n"
"Return the newest frame as a numpy array of the stream's dtype and shape\n"
"(C order, element [y, x] of a 2-D stream is pixel y*nx + x of the file).\n"
"The positional order is DAO's: check, reform, semNb, timeout, spin.\n"
"\n"
"check=True   first wait until the writer posts reader semaphore `semNb`\n"
"             (each reader uses its own number; 0 … shm.semaphores-1, else\n"
"             ValueError). `nbSem` is the same as `semNb` (the guide's name).\n"
"reform       accepted for DAO scripts; the array always has the stream's\n"
"             shape.\n"
"timeout      seconds to wait at most; 0 or None wait for ever (DAO's rule;\n"
"             Ctrl-C still works). On expiry the result is None and the\n"
"             'dao' logger says \"Timeout waiting for semaphore\" (INFO).\n"
"block=False  do not wait at all: a frame if one is pending, else None.\n"
"spin=True    first wait by spinning in user space on the frame counter,\n"
"             until a frame newer than the last one this object returned (or\n"
"             saw at open) is published; no semaphore is involved, with or\n"
"             without check=True (the guide's get_data(spin=True) waits).\n"
"             With check=True as well, semaphore semNb is also consumed\n"
"             (without waiting) so a later check=True wait does not return\n"
"             for the same frame. Spinning keeps a CPU core busy.\n"
"copy=True    a private copy, consistent: a copy that raced a write is taken\n"
"             again (libdao's torn-read check; dao.StreamError with code\n"
"             DAO_E_TORN if for 2 s the writer never let a copy through, or\n"
"             died in the middle of a write). The copy runs without the GIL.\n"
"copy=False   a read-only zero-copy view of the frame in the mapped file. It\n"
"             changes when the writer writes (check the counter if that\n"
"             matters) and keeps the file mapped as long as it lives, even\n"
"             after close().\n"
"out=array    copy into this array instead of a new one, and return it:\n"
"             exactly the stream's dtype and shape, C-contiguous, writable\n"
"             (else TypeError or ValueError; not with copy=False). A loop\n"
"             that reuses one array saves an allocation per frame. Untouched\n"
"             when the result is None; after an exception it may hold part\n"
"             of a frame.\n"
"\n"
"Earlier dao versions had the positional order (check, spin, semNb, timeout,\n"
"copy) and timeout=0 meant \"do not wait\": pass spin= by name, and\n"
"block=False for a poll.\n"
"\n"
"A stream file truncated in place (how older DAO writers re-create one)\n"
"raises dao.StreamRecreated ('DAO_E_TRUNCATED_DATA') instead of a crash:\n"
"waits check at every wake-up, copies of frames of 4 MiB or more on every\n"
"call, smaller copies at most every 50 ms.\n"
"Waits release the GIL (other threads run) and are interruptible (Ctrl-C\n"
"raises KeyboardInterrupt within ~20 ms). While waiting, a stream whose path\n"
"now holds another file (re-created, e.g. with another shape) raises\n"
"dao.StreamRecreated (code_name 'DAO_E_REPLACED'): shm.reopen() attaches to\n"
"the new one; a removed one raises FileNotFoundError.";

/* semNb or the guide's nbSem; by default 0, as in DAO (not the handle's
 * claimed slot: a DAO script's get_data(check=True) waits on semaphore 0). */
static int parse_slot(dao_shm *self, dao_mapping *m, PyObject *semNb, PyObject *nbSem, int *slot)
{
    if (semNb && nbSem && nbSem != Py_None) {
        PyErr_SetString(PyExc_TypeError, "get_data: give semNb or nbSem, not both");
        return -1;
    }
    PyObject *given = nbSem && nbSem != Py_None ? nbSem : semNb;
    if (!given || given == Py_None) {
        *slot = 0;
        return 0;
    }
    return dao_shm_wait_slot(self, m, given, slot);
}

static PyObject *take_frame(dao_module_state *st, dao_shm *self, dao_mapping *m, bool copy,
                            PyObject *out)
{
    if (!copy) {
        uint64_t counter = dao_stream_counter(m->stream);
        if (dao_mapping_check(st, m) < 0 || dao_shm_pixels_check(st, m) < 0)
            return NULL;
        self->last_counter = counter;
        return dao_frame_view(m);
    }
    dao_frame_info info;
    PyObject *arr = dao_frame_copy_what(st, m, (dao_read){DAO_READ_NEWEST, 0}, out, &info);
    if (arr)
        self->last_counter = info.counter;
    return arr;
}

PyObject *dao_shm_get_data(dao_shm *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"check", "reform", "semNb", "timeout", "spin", "copy", "nbSem",
                               "block", "out", NULL};
    int check = 0, reform = 1, spin = 0, copy = 1, block = 1;
    PyObject *semNb = NULL, *timeout = Py_None, *nbSem = NULL, *out = NULL;
    if ((args && PyTuple_GET_SIZE(args)) || kwargs) {
        if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|ppOOp$pOpO:get_data", keywords, &check,
                                         &reform, &semNb, &timeout, &spin, &copy, &nbSem, &block,
                                         &out))
            return NULL;
    }
    if (!copy && out && out != Py_None) {
        PyErr_SetString(PyExc_TypeError, "get_data: out= receives a copy, not with copy=False");
        return NULL;
    }
    dao_mapping *m = dao_shm_mapping(self);
    if (!m)
        return NULL;
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    if (!st)
        return NULL;
    int slot;
    int64_t timeout_ns;
    if (parse_slot(self, m, semNb, nbSem, &slot) < 0 || dao_parse_dao_timeout(timeout, &timeout_ns) < 0)
        return NULL;
    if (!check && !spin)
        return take_frame(st, self, m, copy, out);
    if (!block)
        timeout_ns = 0;
    /* The wait may let another thread close us: hold the mapping. */
    Py_INCREF(m);
    int got = spin ? dao_wait_counter(st, m, self->last_counter, timeout_ns)
                   : dao_wait_semaphore(st, m, slot, timeout_ns);
    if (got == 1 && spin && check)
        (void)dao_stream_wait(m->stream, slot, 0); /* consume this frame's post */
    PyObject *result = NULL;
    if (got == 1) {
        result = take_frame(st, self, m, copy, out);
    } else if (got == 0) {
        if (block)
            dao_log(st, 20 /* logging.INFO */, spin ? "Timeout waiting for a new frame"
                                                    : "Timeout waiting for semaphore");
        result = Py_NewRef(Py_None);
    }
    Py_DECREF(m);
    return result;
}

const char dao_shm_set_data_doc[] =
"set_data(array)\n"
"--\n"
"\n"
"Write `array` as one frame and publish it (bump the counter, stamp the\n"
"time, post every reader semaphore; with fifo_depth > 1 into the next\n"
"segment), and return `array` itself, so that `data = shm.set_data(data)`\n"
"keeps working on the same array.\n"
"\n"
"The shape must equal shm.shape (else ValueError). Any memory layout works\n"
"(non-contiguous slices, other byte orders). A dtype other than shm.dtype is\n"
"converted only when no value can change: numpy's 'safe' casting within the\n"
"same kind, i.e. integer → wider integer (int16 → int32, uint8 → uint16,\n"
"uint8 → int16), float32 → float64, complex64 → complex128. Everything else\n"
"raises TypeError: float → int, int → float, int64 → float32, complex →\n"
"real, and float64 → float32 (it rounds most values) — convert explicitly,\n"
"e.g. array.astype(shm.dtype), if that is what you mean.";

PyObject *dao_shm_set_data(dao_shm *self, PyObject *array)
{
    dao_mapping *m = dao_shm_mapping(self);
    if (!m)
        return NULL;
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    if (!st || dao_frame_write(st, m, array) < 0)
        return NULL;
    return Py_NewRef(array);
}
