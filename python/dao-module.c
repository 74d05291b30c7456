/* dao-module.c — the `dao._core` extension: multi-phase initialisation,
 * module state (so the module can be loaded in several interpreters and
 * re-imported), the module-level functions and the "dao" logger. The `dao`
 * package (python/dao/__init__.py) re-exports everything public. */
#define DAO_NUMPY_IMPORT /* this unit owns numpy's C-API table */
#include "dao-python.h"

dao_module_state *dao_state_from_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &dao_module_def);
    return module ? PyModule_GetState(module) : NULL;
}

void dao_log(dao_module_state *st, int level, const char *message)
{
    PyObject *type, *value, *traceback;
    PyErr_Fetch(&type, &value, &traceback);
    if (!st->logger) {
        PyObject *logging = PyImport_ImportModule("logging");
        st->logger = logging ? PyObject_CallMethod(logging, "getLogger", "s", "dao") : NULL;
        Py_XDECREF(logging);
    }
    PyObject *r = st->logger ? PyObject_CallMethod(st->logger, "log", "is", level, message) : NULL;
    if (!r)
        PyErr_WriteUnraisable(NULL);
    Py_XDECREF(r);
    PyErr_Restore(type, value, traceback);
}

static PyObject *dao_unlink(PyObject *module, PyObject *arg)
{
    dao_module_state *st = PyModule_GetState(module);
    PyObject *path;
    if (!PyUnicode_FSConverter(arg, &path))
        return NULL;
    int rc = dao_stream_unlink(PyBytes_AS_STRING(path));
    Py_DECREF(path);
    if (rc < 0)
        return dao_raise(st, rc, arg);
    Py_RETURN_NONE;
}

static PyObject *dao_semaphore_name_py(PyObject *module, PyObject *args)
{
    PyObject *path;
    int slot;
    if (!PyArg_ParseTuple(args, "O&i:semaphore_name", PyUnicode_FSConverter, &path, &slot))
        return NULL;
    char name[256];
    int rc = dao_semaphore_name(name, sizeof(name), PyBytes_AS_STRING(path), slot);
    Py_DECREF(path);
    if (rc < 0) {
        errno = -rc;
        return PyErr_SetFromErrno(PyExc_OSError);
    }
    return PyUnicode_DecodeFSDefault(name);
}

static PyMethodDef dao_module_methods[] = {
    {"unlink", dao_unlink, METH_O,
     PyDoc_STR("unlink(path)\n--\n\n"
               "Remove the stream file at `path` and its semaphores (<stem>_sem00 …\n"
               "<stem>_semNN, <stem>_semlog in /dev/shm). Open handles keep their\n"
               "mapping. A missing file raises FileNotFoundError.")},
    {"semaphore_name", dao_semaphore_name_py, METH_VARARGS,
     PyDoc_STR("semaphore_name(path, slot)\n--\n\n"
               "The POSIX name of reader semaphore `slot` of the stream at `path`\n"
               "(-1 for semlog): '/tmp/cam.im.shm', 0 → '/cam_sem00'. Streams whose\n"
               "file names share a stem share their semaphores.")},
    {NULL, NULL, 0, NULL},
};

static int add_type(PyObject *module, PyType_Spec *spec, PyObject *base, PyTypeObject **out)
{
    PyObject *type = PyType_FromModuleAndSpec(module, spec, base);
    if (!type)
        return -1;
    *out = (PyTypeObject *)type;
    return PyModule_AddType(module, *out);
}

static int dao_exec(PyObject *module)
{
    dao_module_state *st = PyModule_GetState(module);

    /* import_array() is a macro that returns NULL and prints; call the
     * function behind it so the ImportError propagates from this slot. */
    if (_import_array() < 0)
        return -1;

    PyObject *datetime = PyImport_ImportModule("datetime");
    if (!datetime)
        return -1;
    st->datetime_type = PyObject_GetAttrString(datetime, "datetime");
    PyObject *timezone = PyObject_GetAttrString(datetime, "timezone");
    Py_DECREF(datetime);
    if (!st->datetime_type || !timezone) {
        Py_XDECREF(timezone);
        return -1;
    }
    st->utc = PyObject_GetAttrString(timezone, "utc");
    Py_DECREF(timezone);
    if (!st->utc)
        return -1;

    st->StreamError = dao_stream_error_type_new(module);
    if (!st->StreamError || PyModule_AddObjectRef(module, "StreamError", st->StreamError) < 0)
        return -1;
    st->StreamRecreated = dao_stream_recreated_type_new(st->StreamError);
    if (!st->StreamRecreated ||
        PyModule_AddObjectRef(module, "StreamRecreated", st->StreamRecreated) < 0)
        return -1;

    if (add_type(module, &dao_mapping_spec, NULL, &st->MappingType) < 0 ||
        add_type(module, &dao_shm_spec, NULL, &st->ShmType) < 0)
        return -1;
#ifdef DAO_PY_HAVE_REMOTE
    /* Streams across machines, where libdao-remote is built. */
    PyObject *list = PyCFunction_NewEx(&dao_remote_list_def, module, NULL);
    if (!list || PyModule_AddObject(module, "remote_list", list) < 0) {
        Py_XDECREF(list);
        return -1;
    }
    if (add_type(module, &dao_remote_spec, NULL, &st->RemoteType) < 0 ||
        add_type(module, &dao_server_spec, NULL, &st->ServerType) < 0)
        return -1;
#endif
#ifdef DAO_PY_HAVE_RECORDINGS
    /* Recordings (dao.Recording, dao.record), where cfitsio was there. */
    PyTypeObject *reader_type, *recorder_type;
    if (add_type(module, &dao_recording_reader_spec, NULL, &reader_type) < 0 ||
        add_type(module, &dao_recorder_spec, NULL, &recorder_type) < 0)
        return -1;
    Py_DECREF(reader_type);
    Py_DECREF(recorder_type);
#endif

    if (PyModule_AddStringConstant(module, "libdao_version", dao_version()) < 0 ||
        PyModule_AddStringConstant(module, "__version__", dao_version()) < 0 ||
        PyModule_AddIntConstant(module, "DEFAULT_SEMAPHORES", DAO_DEFAULT_SEMAPHORES) < 0 ||
        PyModule_AddIntConstant(module, "MAX_SEMAPHORES", DAO_MAX_SEMAPHORES) < 0 ||
        PyModule_AddIntConstant(module, "PATH_MAX", DAO_PATH_MAX) < 0 ||
        PyModule_AddIntConstant(module, "DAO_SUCCESS", DAO_PY_SUCCESS) < 0 ||
        PyModule_AddIntConstant(module, "DAO_ERROR", DAO_PY_ERROR) < 0 ||
        PyModule_AddIntConstant(module, "DAO_TIMEOUT", DAO_PY_TIMEOUT) < 0 ||
        PyModule_AddIntConstant(module, "DAO_OVERWRITE", DAO_PY_OVERWRITE) < 0 ||
        PyModule_AddIntConstant(module, "DAO_NOTREADY", DAO_PY_NOTREADY) < 0)
        return -1;
    return 0;
}

static int dao_traverse(PyObject *module, visitproc visit, void *arg)
{
    dao_module_state *st = PyModule_GetState(module);
    Py_VISIT(st->StreamError);
    Py_VISIT(st->StreamRecreated);
    Py_VISIT(st->ShmType);
    Py_VISIT(st->MappingType);
    Py_VISIT(st->RemoteType);
    Py_VISIT(st->ServerType);
    Py_VISIT(st->datetime_type);
    Py_VISIT(st->utc);
    Py_VISIT(st->logger);
    return 0;
}

static int dao_clear(PyObject *module)
{
    dao_module_state *st = PyModule_GetState(module);
    Py_CLEAR(st->StreamError);
    Py_CLEAR(st->StreamRecreated);
    Py_CLEAR(st->ShmType);
    Py_CLEAR(st->MappingType);
    Py_CLEAR(st->RemoteType);
    Py_CLEAR(st->ServerType);
    Py_CLEAR(st->datetime_type);
    Py_CLEAR(st->utc);
    Py_CLEAR(st->logger);
    return 0;
}

static void dao_free(void *module)
{
    dao_clear((PyObject *)module);
}

static PyModuleDef_Slot dao_slots[] = {
    {Py_mod_exec, dao_exec},
    {0, NULL},
};

PyDoc_STRVAR(dao_module_doc,
"The C half of the dao package: libdao as Python objects. Use the package\n"
"(import dao; help(dao)), which builds the DAO class dao.shm on this one.");

PyModuleDef dao_module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "dao._core",
    .m_doc = dao_module_doc,
    .m_size = sizeof(dao_module_state),
    .m_methods = dao_module_methods,
    .m_slots = dao_slots,
    .m_traverse = dao_traverse,
    .m_clear = dao_clear,
    .m_free = dao_free,
};

PyMODINIT_FUNC PyInit__core(void);
PyMODINIT_FUNC PyInit__core(void)
{
    return PyModuleDef_Init(&dao_module_def);
}
