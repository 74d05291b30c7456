/* dao-shm.c — the dao.shm type (dao._core.shm, the base the package's
 * dao.shm extends): creating or opening a stream, closing it, its
 * attributes, repr and the method table, which gathers the methods of the
 * dao-shm-*.c units.
 *
 * Construction is in __init__, not __new__: __new__ makes a closed object
 * and ignores its arguments, so a subclass may have any signature and call
 * super().__init__(path, data, ...) as Python classes do. */
#include "dao-python.h"

/* The path as str (file names that are not UTF-8 survive as surrogates). */
static PyObject *path_as_str(PyObject *fspath)
{
    if (PyBytes_Check(fspath))
        return PyUnicode_DecodeFSDefaultAndSize(PyBytes_AS_STRING(fspath), PyBytes_GET_SIZE(fspath));
    return Py_NewRef(fspath);
}

static int shape_from_array(PyArrayObject *arr, uint32_t extents[DAO_MAX_AXES])
{
    int ndim = PyArray_NDIM(arr);
    if (ndim < 1 || ndim > DAO_MAX_AXES) {
        PyErr_Format(PyExc_ValueError,
                     "dao.shm: a stream has 1 to %d axes, the array has %d", DAO_MAX_AXES, ndim);
        return -1;
    }
    for (int i = 0; i < ndim; i++) {
        npy_intp n = PyArray_DIM(arr, i);
        if (n < 1 || (uint64_t)n > UINT32_MAX) {
            PyErr_Format(PyExc_ValueError,
                         "dao.shm: axis %d has %zd elements; each axis needs 1 to 4294967295",
                         i, (Py_ssize_t)n);
            return -1;
        }
        extents[i] = (uint32_t)n;
    }
    return ndim;
}

static dao_stream *create_stream(dao_module_state *st, const char *cpath, PyObject *path,
                                 PyArrayObject *arr, const dao_create_options *options)
{
    int type = dao_dtype_from_descr(PyArray_DESCR(arr));
    if (type < 0) {
        PyErr_Format(PyExc_TypeError,
                     "dao.shm: dtype %R is not a DAO element type (uint8, int8, uint16, int16, "
                     "uint32, int32, uint64, int64, float32, float64, complex64, complex128)",
                     (PyObject *)PyArray_DESCR(arr));
        return NULL;
    }
    uint32_t extents[DAO_MAX_AXES];
    int ndim = shape_from_array(arr, extents);
    if (ndim < 0)
        return NULL;
    dao_stream *s;
    int rc;
    Py_BEGIN_ALLOW_THREADS /* file creation and ftruncate can take a while */
    rc = dao_stream_create(&s, cpath, (dao_type)type, (unsigned)ndim, extents, options);
    Py_END_ALLOW_THREADS
    if (rc < 0) {
        dao_raise(st, rc, path);
        return NULL;
    }
    return s;
}

static dao_stream *open_stream(dao_module_state *st, const char *cpath, PyObject *path,
                               unsigned flags)
{
    dao_stream *s;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = dao_stream_open(&s, cpath, flags);
    Py_END_ALLOW_THREADS
    if (rc < 0) {
        dao_raise(st, rc, path);
        return NULL;
    }
    return s;
}

static PyObject *shm_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    dao_shm *self = (dao_shm *)type->tp_alloc(type, 0);
    if (self) {
        self->path = Py_NewRef(Py_None);
        self->slot = DAO_SHM_NO_SLOT;
    }
    return (PyObject *)self;
}

static int shm_init(dao_shm *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"path", "data", "semaphores", "keywords", "fifo_depth",
                               "read_only", NULL};
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    PyObject *path_arg, *data = Py_None;
    int semaphores = -1, nkeywords = -1, fifo_depth = -1, read_only = 0;
    if (!st || !PyArg_ParseTupleAndKeywords(args, kwargs, "O|O$iiip:shm", keywords, &path_arg,
                                            &data, &semaphores, &nkeywords, &fifo_depth,
                                            &read_only))
        return -1;

    bool creating = data != Py_None;
    if (!creating && (semaphores >= 0 || nkeywords >= 0 || fifo_depth >= 0)) {
        PyErr_SetString(PyExc_TypeError,
                        "dao.shm: semaphores, keywords and fifo_depth apply only when creating "
                        "a stream (pass data)");
        return -1;
    }
    if (creating && read_only) {
        PyErr_SetString(PyExc_ValueError, "dao.shm: cannot create a stream read-only");
        return -1;
    }
    if (semaphores == 0 || semaphores > DAO_MAX_SEMAPHORES || nkeywords > UINT16_MAX ||
        fifo_depth == 0) {
        PyErr_Format(PyExc_ValueError,
                     "dao.shm: need 1 <= semaphores <= %d, 0 <= keywords <= 65535, fifo_depth >= 1",
                     DAO_MAX_SEMAPHORES);
        return -1;
    }

    PyObject *fspath = PyOS_FSPath(path_arg);
    if (!fspath)
        return -1;
    PyObject *path = path_as_str(fspath);
    Py_DECREF(fspath);
    PyObject *cpath_bytes = NULL;
    PyArrayObject *arr = NULL;
    int result = -1;
    if (!path || !PyUnicode_FSConverter(path, &cpath_bytes))
        goto out;
    const char *cpath = PyBytes_AS_STRING(cpath_bytes);

    dao_stream *s = NULL;
    if (creating) {
        arr = (PyArrayObject *)PyArray_FROM_O(data);
        if (!arr)
            goto out;
        dao_create_options options = {
            .version = DAO_CREATE_OPTIONS_VERSION,
            .semaphores = semaphores < 0 ? 0 : (unsigned)semaphores,
            .keywords = nkeywords < 0 ? 0 : (unsigned)nkeywords,
            .fifo_depth = fifo_depth < 0 ? 0 : (unsigned)fifo_depth,
        };
        s = create_stream(st, cpath, path, arr, &options);
    } else {
        s = open_stream(st, cpath, path, read_only ? DAO_OPEN_READ_ONLY : 0);
    }
    if (!s)
        goto out;

    dao_mapping *m = (dao_mapping *)dao_mapping_new(st, s, path);
    if (!m)
        goto out;
    /* The creating write is frame 1: it posts every semaphore, so a first
     * get_data(check=True) returns at once (the guide relies on it). */
    if (creating && dao_frame_write(st, m, (PyObject *)arr) < 0) {
        Py_DECREF(m);
        goto out;
    }
    /* __init__ again on an open object replaces its stream, like open(). */
    Py_XSETREF(self->mapping, m);
    Py_XSETREF(self->path, Py_NewRef(path));
    self->slot = DAO_SHM_NO_SLOT; /* a claim belongs to the handle it was made on */
    self->last_counter = dao_stream_counter(s);
    self->open_flags = read_only ? DAO_OPEN_READ_ONLY : 0;
    result = 0;
out:
    Py_XDECREF(arr);
    Py_XDECREF(cpath_bytes);
    Py_XDECREF(path);
    return result;
}

static void shm_dealloc(dao_shm *self)
{
    PyTypeObject *type = Py_TYPE(self);
    Py_CLEAR(self->mapping);
    Py_CLEAR(self->path);
    type->tp_free(self);
    Py_DECREF(type);
}

static PyObject *shm_reopen(dao_shm *self, PyObject *unused)
{
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    if (!st)
        return NULL;
    if (self->path == Py_None) {
        PyErr_SetString(PyExc_ValueError, "reopen: this dao.shm was never opened");
        return NULL;
    }
    PyObject *cpath;
    if (!PyUnicode_FSConverter(self->path, &cpath))
        return NULL;
    dao_stream *s = open_stream(st, PyBytes_AS_STRING(cpath), self->path, self->open_flags);
    Py_DECREF(cpath);
    dao_mapping *m = s ? (dao_mapping *)dao_mapping_new(st, s, self->path) : NULL;
    if (!m)
        return NULL;
    Py_XSETREF(self->mapping, m);
    self->slot = DAO_SHM_NO_SLOT;
    self->last_counter = dao_stream_counter(s);
    Py_RETURN_NONE;
}

static PyObject *shm_close(dao_shm *self, PyObject *unused)
{
    Py_CLEAR(self->mapping);
    Py_RETURN_NONE;
}

static PyObject *shm_enter(dao_shm *self, PyObject *unused)
{
    if (!dao_shm_mapping(self))
        return NULL;
    return Py_NewRef(self);
}

static PyObject *shm_exit(dao_shm *self, PyObject *args)
{
    Py_CLEAR(self->mapping);
    Py_RETURN_FALSE;
}

static PyObject *shape_tuple(dao_mapping *m)
{
    PyObject *t = PyTuple_New(m->ndim);
    for (int i = 0; t && i < m->ndim; i++) {
        PyObject *n = PyLong_FromSsize_t(m->dims[i]);
        if (!n) {
            Py_CLEAR(t);
            break;
        }
        PyTuple_SET_ITEM(t, i, n);
    }
    return t;
}

/* "dao.shm", or "module.Class" for a subclass, as repr() names it. */
static PyObject *class_name(dao_shm *self)
{
    PyObject *type = (PyObject *)Py_TYPE(self);
    PyObject *module = PyObject_GetAttrString(type, "__module__");
    PyObject *qualname = module ? PyType_GetQualName(Py_TYPE(self)) : NULL;
    PyObject *name = NULL;
    if (qualname)
        name = PyUnicode_FromFormat("%S.%S", module, qualname);
    Py_XDECREF(module);
    Py_XDECREF(qualname);
    return name;
}

static PyObject *shm_repr(dao_shm *self)
{
    dao_mapping *m = self->mapping;
    PyObject *name = class_name(self);
    if (!name)
        return NULL;
    if (!m) {
        PyObject *r = PyUnicode_FromFormat("<%U %R closed>", name, self->path);
        Py_DECREF(name);
        return r;
    }
    PyObject *shape = shape_tuple(m);
    if (!shape) {
        Py_DECREF(name);
        return NULL;
    }
    dao_stream *s = m->stream;
    PyObject *r = PyUnicode_FromFormat(
        "<%U %R %s%s %S counter=%llu semaphores=%u%s%s>", name, self->path,
        dao_stream_format(s) == DAO_FORMAT_MILK ? "milk " : "", dao_type_name(dao_stream_type(s)), shape,
        (unsigned long long)dao_stream_counter(s), dao_stream_semaphore_count(s),
        dao_stream_fifo_depth(s) > 1 ? " fifo" : "", dao_stream_is_read_only(s) ? " read-only" : "");
    Py_DECREF(shape);
    Py_DECREF(name);
    return r;
}

static PyObject *shm_get_path(dao_shm *self, void *closure)
{
    return Py_NewRef(self->path);
}

static PyObject *shm_get_closed(dao_shm *self, void *closure)
{
    return PyBool_FromLong(self->mapping == NULL);
}

static PyObject *shm_get_shape(dao_shm *self, void *closure)
{
    dao_mapping *m = dao_shm_mapping(self);
    return m ? shape_tuple(m) : NULL;
}

static PyObject *shm_get_dtype(dao_shm *self, void *closure)
{
    dao_mapping *m = dao_shm_mapping(self);
    return m ? (PyObject *)PyArray_DescrFromType(m->typenum) : NULL;
}

static PyObject *shm_get_semaphores(dao_shm *self, void *closure)
{
    dao_mapping *m = dao_shm_mapping(self);
    return m ? PyLong_FromUnsignedLong(dao_stream_semaphore_count(m->stream)) : NULL;
}

static PyObject *shm_get_fifo_depth(dao_shm *self, void *closure)
{
    dao_mapping *m = dao_shm_mapping(self);
    return m ? PyLong_FromUnsignedLong(dao_stream_fifo_depth(m->stream)) : NULL;
}

static PyObject *shm_get_read_only(dao_shm *self, void *closure)
{
    dao_mapping *m = dao_shm_mapping(self);
    return m ? PyBool_FromLong(dao_stream_is_read_only(m->stream)) : NULL;
}

static PyObject *shm_get_nbytes(dao_shm *self, void *closure)
{
    dao_mapping *m = dao_shm_mapping(self);
    return m ? PyLong_FromSize_t(dao_stream_frame_size(m->stream)) : NULL;
}

static PyObject *shm_get_last_counter(dao_shm *self, void *closure)
{
    return PyLong_FromUnsignedLongLong(self->last_counter);
}

static int shm_set_last_counter(dao_shm *self, PyObject *value, void *closure)
{
    unsigned long long n = value ? PyLong_AsUnsignedLongLong(value) : 0;
    if (!value || (n == (unsigned long long)-1 && PyErr_Occurred())) {
        if (!value)
            PyErr_SetString(PyExc_AttributeError, "cannot delete _last_counter");
        return -1;
    }
    self->last_counter = n;
    return 0;
}

static PyObject *shm_get_format(dao_shm *self, void *closure)
{
    dao_mapping *m = dao_shm_mapping(self);
    return m ? PyUnicode_FromString(dao_shm_format_name(m)) : NULL;
}

static PyGetSetDef shm_getset[] = {
    {"path", (getter)shm_get_path, NULL, PyDoc_STR("The stream's path, as given."), NULL},
    {"closed", (getter)shm_get_closed, NULL, PyDoc_STR("True after close()."), NULL},
    {"shape", (getter)shm_get_shape, NULL,
     PyDoc_STR("The frame's shape (C order: the last axis varies fastest)."), NULL},
    {"dtype", (getter)shm_get_dtype, NULL, PyDoc_STR("The element type, a numpy.dtype."), NULL},
    {"semaphores", (getter)shm_get_semaphores, NULL,
     PyDoc_STR("Number of reader semaphores: valid semNb are 0 … semaphores-1."), NULL},
    {"fifo_depth", (getter)shm_get_fifo_depth, NULL,
     PyDoc_STR("Frames kept in the file (1 for an ordinary stream)."), NULL},
    {"format", (getter)shm_get_format, NULL,
     PyDoc_STR("'dao', or 'milk' for a milk / ImageStreamIO stream (always read-only)."), NULL},
    {"read_only", (getter)shm_get_read_only, NULL,
     PyDoc_STR("True when the file is mapped read-only (set_data then raises)."), NULL},
    {"nbytes", (getter)shm_get_nbytes, NULL, PyDoc_STR("Bytes in one frame."), NULL},
    {"_last_counter", (getter)shm_get_last_counter, (setter)shm_set_last_counter,
     PyDoc_STR("Counter of the last frame this handle returned: get_data(spin=True) and\n"
               "wait_async() wait for a newer one."), NULL},
    {NULL},
};

static PyMethodDef shm_methods[] = {
    {"get_data", (PyCFunction)(void (*)(void))dao_shm_get_data, METH_VARARGS | METH_KEYWORDS,
     dao_shm_get_data_doc},
    {"set_data", (PyCFunction)dao_shm_set_data, METH_O, dao_shm_set_data_doc},
    {"get_counter", (PyCFunction)dao_shm_get_counter, METH_NOARGS, dao_shm_get_counter_doc},
    {"get_frame_id", (PyCFunction)dao_shm_get_frame_id, METH_NOARGS, dao_shm_get_frame_id_doc},
    {"get_timestamp", (PyCFunction)(void (*)(void))dao_shm_get_timestamp,
     METH_VARARGS | METH_KEYWORDS, dao_shm_get_timestamp_doc},
    {"get_meta_data", (PyCFunction)(void (*)(void))dao_shm_get_meta_data,
     METH_VARARGS | METH_KEYWORDS, dao_shm_get_meta_data_doc},
    {"get_keywords", (PyCFunction)dao_shm_get_keywords, METH_NOARGS, dao_shm_get_keywords_doc},
    {"get_keyword", (PyCFunction)dao_shm_get_keyword, METH_O, dao_shm_get_keyword_doc},
    {"set_keyword", (PyCFunction)(void (*)(void))dao_shm_set_keyword, METH_VARARGS | METH_KEYWORDS,
     dao_shm_set_keyword_doc},
    {"_wait_slot", (PyCFunction)dao_shm_wait_slot_py, METH_O, dao_shm_wait_slot_doc},
    {"get_data_next", (PyCFunction)(void (*)(void))dao_shm_get_data_next,
     METH_VARARGS | METH_KEYWORDS, dao_shm_get_data_next_doc},
    {"get_data_arbitrary", (PyCFunction)dao_shm_get_data_arbitrary, METH_O,
     dao_shm_get_data_arbitrary_doc},
    {"get_history", (PyCFunction)(void (*)(void))dao_shm_get_history,
     METH_VARARGS | METH_KEYWORDS, dao_shm_get_history_doc},
    {"reset_tail", (PyCFunction)dao_shm_reset_tail, METH_NOARGS, dao_shm_reset_tail_doc},
    {"_next_in_order", (PyCFunction)(void (*)(void))dao_shm_next_in_order,
     METH_VARARGS | METH_KEYWORDS, dao_shm_next_in_order_doc},
    {"_wait_next", (PyCFunction)(void (*)(void))dao_shm_wait_next_py,
     METH_VARARGS | METH_KEYWORDS, dao_shm_wait_next_doc},
    {"_next_newer", (PyCFunction)(void (*)(void))dao_shm_next_newer, METH_VARARGS | METH_KEYWORDS,
     dao_shm_next_newer_doc},
    {"reopen", (PyCFunction)shm_reopen, METH_NOARGS,
     PyDoc_STR("reopen()\n--\n\n"
               "Open the stream now at this handle's path again, as a reader (read-only if\n"
               "the handle was), in place of the one it maps: the answer to\n"
               "dao.StreamRecreated, and a way to re-attach after close(). shape, dtype and\n"
               "the other attributes then describe the new stream. While a writer is\n"
               "still re-creating it, this can raise what opening does (e.g. dao.StreamError\n"
               "'DAO_E_TRUNCATED_HEADER'): try again. Views of the old stream stay valid.")},
    {"close", (PyCFunction)shm_close, METH_NOARGS,
     PyDoc_STR("close()\n--\n\n"
               "Close the stream. Further calls raise ValueError; closing twice is fine.\n"
               "Zero-copy arrays from get_data(copy=False) stay valid: the file stays\n"
               "mapped until the last of them is gone (the unmap is deferred, never\n"
               "done under a live view).")},
    {"__enter__", (PyCFunction)shm_enter, METH_NOARGS, NULL},
    {"__exit__", (PyCFunction)shm_exit, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

PyDoc_STRVAR(shm_doc,
"_core.shm(path, data=None, *, semaphores=10, keywords=0, fifo_depth=1, read_only=False)\n"
"--\n"
"\n"
"The C base of dao.shm (see help(dao.shm), which documents every call):\n"
"with `data`, create the stream at `path` with data's dtype and shape and\n"
"write data as frame 1; without, open it. Subclassable; construction is in\n"
"__init__, so __init__ may be called again to open another stream.\n"
"Threads may share a shm: waits and copies run without the GIL (and keep\n"
"the mapping alive even if another thread closes the shm meanwhile).");

static PyType_Slot shm_slots[] = {
    {Py_tp_new, shm_new},
    {Py_tp_init, shm_init},
    {Py_tp_dealloc, shm_dealloc},
    {Py_tp_repr, shm_repr},
    {Py_tp_methods, shm_methods},
    {Py_tp_getset, shm_getset},
    {Py_tp_doc, (void *)shm_doc},
    {0, NULL},
};

PyType_Spec dao_shm_spec = {
    .name = "dao._core.shm",
    .basicsize = sizeof(dao_shm),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = shm_slots,
};
