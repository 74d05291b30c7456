/* dao-mapping.c — dao._Mapping, the one owner of a libdao handle.
 *
 * Zero-copy arrays point into the mapped file, so the mapping must outlive
 * every one of them. Instead of counting exports and refusing close() with
 * BufferError (as mmap does), ownership is plain reference counting: the
 * handle lives in this small object, which is the numpy `base` of every
 * view. shm.close() drops the shm's reference and the handle is closed when
 * the last view (or waiting thread) lets go. We chose deferring over
 * refusing because a reader script that closes its stream in a `with`
 * block while an analysis array still looks at the last frame is ordinary
 * use, not a bug; the cost is that the mapping (and the reader's file
 * descriptor) stays until those arrays are gone.
 */
#include "dao-python.h"

PyObject *dao_mapping_new(dao_module_state *st, dao_stream *stream, PyObject *path)
{
    dao_mapping *m = PyObject_New(dao_mapping, st->MappingType);
    if (!m) {
        dao_stream_close(stream);
        return NULL;
    }
    m->stream = stream;
    m->path = Py_NewRef(path);
    m->typenum = dao_dtype_to_numpy(dao_stream_type(stream));
    m->ndim = (int)dao_stream_naxis(stream);
    m->checked_ns = 0;
    const uint32_t *shape = dao_stream_shape(stream);
    for (int i = 0; i < DAO_MAX_AXES; i++)
        m->dims[i] = (npy_intp)shape[i];
    return (PyObject *)m;
}

int dao_mapping_check(dao_module_state *st, dao_mapping *m)
{
    int rc = dao_stream_check(m->stream);
    if (rc < 0) {
        dao_raise_mapped(st, rc, m);
        return -1;
    }
    return 0;
}

static void mapping_dealloc(dao_mapping *m)
{
    PyTypeObject *type = Py_TYPE(m);
    dao_stream_close(m->stream); /* unmaps, releases slots and the writer role */
    Py_XDECREF(m->path);
    PyObject_Free(m);
    Py_DECREF(type); /* instances of heap types own a reference to their type */
}

static PyObject *mapping_repr(dao_mapping *m)
{
    return PyUnicode_FromFormat("<dao._Mapping of %R>", m->path);
}

static PyType_Slot mapping_slots[] = {
    {Py_tp_dealloc, mapping_dealloc},
    {Py_tp_repr, mapping_repr},
    {Py_tp_doc, (void *)PyDoc_STR(
        "The mapped file of a stream. Zero-copy arrays from get_data(copy=False)\n"
        "have it as their base: it keeps the file mapped while they exist, even\n"
        "after the dao.shm object was closed or deleted.")},
    {0, NULL},
};

PyType_Spec dao_mapping_spec = {
    .name = "dao._Mapping",
    .basicsize = sizeof(dao_mapping),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = mapping_slots,
};
