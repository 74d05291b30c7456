/* dao-recorder.c — dao._core._Recorder: the record library's recorder
 * (record/daorec.h), under dao.Recorder and dao.record().
 *
 * A recording started from Python is the one `daoctl record` makes: the
 * library's capture thread and disk thread with a RAM ring between them,
 * every loss counted in the files, chunks renamed into place only when
 * whole. Neither thread needs the GIL, so Python code keeps running (or
 * sleeping) while they record; finish() joins them without the GIL.
 */
#include "dao-python.h"

#include "daorec.h"

typedef struct {
    PyObject_HEAD
    daorec_recorder *rec; /* NULL before __init__ and once finished */
    PyObject *stem;       /* str */
    PyObject *final;      /* the stats dict finish() returned, then None */
} recorder;

static PyObject *stats_dict(const daorec_stats *s)
{
    static const char *const states[] = {"running", "stopped", "frames done", "failed"};
    const char *state = (unsigned)s->state < 4 ? states[s->state] : "unknown";
    return Py_BuildValue(
        "{s:s,s:K,s:K,s:K,s:K,s:K,s:K,s:I,s:I,s:I,s:I,s:O,s:I,s:K,s:K,s:i}", "state", state, "frames",
        (unsigned long long)s->frames, "frames_written", (unsigned long long)s->frames_written, "missed",
        (unsigned long long)s->missed, "dropped", (unsigned long long)s->dropped, "torn",
        (unsigned long long)s->torn, "bytes_written", (unsigned long long)s->bytes_written, "chunks",
        s->chunks, "ring_frames", s->ring_frames, "ring_used", s->ring_used, "ring_peak", s->ring_peak,
        "polling", s->polling ? Py_True : Py_False, "compressed_chunks", s->compressed_chunks,
        "compress_input_bytes", (unsigned long long)s->compress_input_bytes, "compressed_bytes",
        (unsigned long long)s->compressed_bytes, "error", s->error);
}

static int recorder_init(recorder *self, PyObject *args, PyObject *kwargs)
{
    static char *names[] = {"path",        "directory",        "max_frames", "chunk_frames",
                            "chunk_bytes", "ring_frames",      "compress",   "capture_priority",
                            NULL};
    PyObject *path, *directory;
    unsigned long long max_frames = 0, chunk_frames = 0, chunk_bytes = 0;
    unsigned ring_frames = 0;
    int compress = 0, priority = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O&O&|$KKKIpi:_Recorder", names,
                                     PyUnicode_FSConverter, &path, PyUnicode_FSConverter, &directory,
                                     &max_frames, &chunk_frames, &chunk_bytes, &ring_frames, &compress,
                                     &priority))
        return -1;
    int rc = -1;
    if (self->rec) {
        PyErr_SetString(PyExc_RuntimeError, "the recorder is already started");
        goto done;
    }
    daorec_record_options o = DAOREC_RECORD_OPTIONS_INIT;
    o.directory = PyBytes_AS_STRING(directory);
    o.max_frames = max_frames;
    o.chunk_frames = chunk_frames;
    o.chunk_bytes = chunk_bytes;
    o.ring_frames = ring_frames;
    o.compression = compress ? DAOREC_COMPRESS_RICE : DAOREC_COMPRESS_NONE;
    o.capture_priority = priority;
    daorec_error err = {0};
    daorec_recorder *rec = NULL;
    int code;
    Py_BEGIN_ALLOW_THREADS
    code = daorec_recorder_start(&rec, PyBytes_AS_STRING(path), &o, &err);
    Py_END_ALLOW_THREADS
    if (code < 0) {
        dao_raise_daorec(&err);
        goto done;
    }
    self->stem = PyUnicode_DecodeFSDefault(daorec_recorder_stem(rec));
    if (!self->stem) {
        daorec_recorder_stop(rec);
        Py_BEGIN_ALLOW_THREADS
        daorec_recorder_finish(rec, NULL, &err);
        Py_END_ALLOW_THREADS
        goto done;
    }
    self->rec = rec;
    rc = 0;
done:
    Py_DECREF(path);
    Py_DECREF(directory);
    return rc;
}

static PyObject *recorder_stats(recorder *self, PyObject *unused)
{
    if (!self->rec) {
        if (self->final)
            return Py_NewRef(self->final);
        PyErr_SetString(PyExc_ValueError, "the recorder was not started");
        return NULL;
    }
    daorec_stats s;
    daorec_recorder_stats(self->rec, &s);
    return stats_dict(&s);
}

static PyObject *recorder_stop(recorder *self, PyObject *unused)
{
    if (self->rec)
        daorec_recorder_stop(self->rec);
    Py_RETURN_NONE;
}

/* Join the threads (the ring still written, the last chunk finished): the
 * final stats; a failure that ended the recording raises, after which
 * stats() still gives the final figures. Again: the same stats. */
static PyObject *recorder_finish(recorder *self, PyObject *unused)
{
    if (!self->rec)
        return recorder_stats(self, NULL);
    daorec_recorder *rec = self->rec;
    self->rec = NULL;
    daorec_stats final;
    daorec_error err = {0};
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = daorec_recorder_finish(rec, &final, &err);
    Py_END_ALLOW_THREADS
    Py_XSETREF(self->final, stats_dict(&final));
    if (!self->final)
        return NULL;
    if (rc < 0)
        return dao_raise_daorec(&err);
    return Py_NewRef(self->final);
}

static PyObject *recorder_get_stem(recorder *self, void *closure)
{
    return self->stem ? Py_NewRef(self->stem) : Py_NewRef(Py_None);
}

static void recorder_dealloc(recorder *self)
{
    PyTypeObject *type = Py_TYPE(self);
    if (self->rec) {
        /* Dropped while recording: stop and finish the files, as Ctrl-C does. */
        daorec_recorder_stop(self->rec);
        Py_BEGIN_ALLOW_THREADS
        daorec_recorder_finish(self->rec, NULL, &(daorec_error){0});
        Py_END_ALLOW_THREADS
    }
    Py_XDECREF(self->stem);
    Py_XDECREF(self->final);
    type->tp_free((PyObject *)self);
    Py_DECREF(type);
}

static PyMethodDef recorder_methods[] = {
    {"stats", (PyCFunction)recorder_stats, METH_NOARGS,
     PyDoc_STR("stats() -> dict of the figures now (after finish(): the final ones)")},
    {"stop", (PyCFunction)recorder_stop, METH_NOARGS,
     PyDoc_STR("stop(): capture ends at once; the ring is still written")},
    {"finish", (PyCFunction)recorder_finish, METH_NOARGS,
     PyDoc_STR("finish() -> the final stats, once the threads have ended")},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef recorder_getset[] = {
    {"stem", (getter)recorder_get_stem, NULL, PyDoc_STR("the stem the chunks are named after"), NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot recorder_slots[] = {
    {Py_tp_init, recorder_init},
    {Py_tp_new, PyType_GenericNew},
    {Py_tp_dealloc, recorder_dealloc},
    {Py_tp_methods, recorder_methods},
    {Py_tp_getset, recorder_getset},
    {Py_tp_doc, (void *)PyDoc_STR(
        "_Recorder(path, directory, *, max_frames=0, chunk_frames=0, chunk_bytes=0,\n"
        "ring_frames=0, compress=False, capture_priority=0): the record library's\n"
        "recorder, started. Use dao.Recorder or dao.record().")},
    {0, NULL},
};

PyType_Spec dao_recorder_spec = {
    .name = "dao._core._Recorder",
    .basicsize = sizeof(recorder),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = recorder_slots,
};
