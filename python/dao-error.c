/* dao-error.c — libdao return codes become Python exceptions here, once.
 *
 * libdao returns -errno for operating-system failures and DAO_E_* codes for
 * protocol problems; dao_error_is_protocol() tells them apart, so this file
 * knows nothing of the codes' values. The first kind goes through
 * PyErr_SetFromErrnoWithFilenameObject, so Python picks the OSError
 * subclass (FileNotFoundError, PermissionError, …) and the message carries
 * the path. The second kind is dao.StreamError with libdao's own sentence.
 */
#include <errno.h>

#include "dao-python.h"

static PyObject *raise_stream_error(PyObject *type, int rc, PyObject *path)
{
    return dao_raise_error_text(type, rc, dao_strerror(rc), dao_err_name(rc), path);
}

PyObject *dao_raise_error_text(PyObject *type, int rc, const char *text, const char *name,
                               PyObject *path)
{
    PyObject *message = path ? PyUnicode_FromFormat("%S: %s", path, text)
                             : PyUnicode_FromString(text);
    if (!message)
        return NULL;
    /* One argument, so str(exc) is exactly the message; the OSError fields
     * are filled by hand (errno stays None: the code is not an errno). */
    PyObject *exc = PyObject_CallOneArg(type, message);
    Py_DECREF(message);
    if (!exc)
        return NULL;
    PyObject *code = PyLong_FromLong(rc);
    PyObject *code_name = PyUnicode_FromString(name);
    PyObject *strerror = PyUnicode_FromString(text);
    if (code && code_name && strerror &&
        PyObject_SetAttrString(exc, "code", code) == 0 &&
        PyObject_SetAttrString(exc, "code_name", code_name) == 0 &&
        PyObject_SetAttrString(exc, "strerror", strerror) == 0 &&
        (!path || PyObject_SetAttrString(exc, "filename", path) == 0))
        PyErr_SetObject(type, exc);
    Py_XDECREF(code);
    Py_XDECREF(code_name);
    Py_XDECREF(strerror);
    Py_DECREF(exc);
    return NULL;
}

PyObject *dao_raise(dao_module_state *st, int rc, PyObject *path)
{
    if (dao_error_is_protocol(rc))
        return raise_stream_error(st->StreamError, rc, path);
    errno = -rc;
    if (path)
        return PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, path);
    return PyErr_SetFromErrno(PyExc_OSError);
}

/* The codes that say the file under an open handle is no longer the stream
 * it mapped: the handle is finished, the path may hold a new stream. */
static bool is_recreation(int rc)
{
    return rc == DAO_E_REPLACED || rc == DAO_E_TRUNCATED_DATA || rc == DAO_E_RECREATED;
}

PyObject *dao_raise_mapped(dao_module_state *st, int rc, dao_mapping *m)
{
    if (is_recreation(rc))
        return raise_stream_error(st->StreamRecreated, rc, m->path);
    return dao_raise(st, rc, m->path);
}

/* OSError.__str__ prints "[Errno None] text: 'path'" once `filename` is set
 * and errno is not: a StreamError's code is no errno, so its str() is the
 * one message it was made with ("path: libdao's sentence"). Exceptions made
 * by hand with other arguments keep OSError's str(). */
static PyObject *stream_error_str(PyObject *unused, PyObject *self)
{
    PyObject *args = PyObject_GetAttrString(self, "args");
    if (!args)
        return NULL;
    PyObject *result;
    if (PyTuple_Check(args) && PyTuple_GET_SIZE(args) == 1)
        result = PyObject_Str(PyTuple_GET_ITEM(args, 0));
    else
        result = ((PyTypeObject *)PyExc_OSError)->tp_str(self);
    Py_DECREF(args);
    return result;
}

static PyMethodDef stream_error_str_def = {
    "__str__", stream_error_str, METH_O, PyDoc_STR("The message: path and libdao's reason."),
};

PyObject *dao_stream_recreated_type_new(PyObject *base)
{
    return PyErr_NewExceptionWithDoc(
        "dao.StreamRecreated",
        "The file under an open dao.shm is no longer the stream it mapped: a\n"
        "writer re-created it in place (code_name 'DAO_E_RECREATED'), truncated\n"
        "it ('DAO_E_TRUNCATED_DATA') or renamed a new stream over its path\n"
        "('DAO_E_REPLACED'). The handle is finished: shm.reopen() opens the\n"
        "stream now at the path (its shape and dtype may differ). A subclass of\n"
        "dao.StreamError.",
        base, NULL);
}

PyObject *dao_stream_error_type_new(PyObject *module)
{
    PyObject *func = PyCFunction_NewEx(&stream_error_str_def, NULL, module);
    /* A builtin function does not bind to instances; an instancemethod
     * wrapper makes it a method, as a `def __str__(self)` would be. */
    PyObject *method = func ? PyInstanceMethod_New(func) : NULL;
    Py_XDECREF(func);
    PyObject *dict = method ? Py_BuildValue("{sN}", "__str__", method) : NULL;
    if (!dict)
        return NULL;
    PyObject *type = PyErr_NewExceptionWithDoc(
        "dao.StreamError",
        "The file is not a valid DAO stream, or libdao refused an operation on it\n"
        "for a protocol reason. str() gives the path and libdao's explanation;\n"
        "`code` is libdao's (negative) code, `code_name` its name, e.g.\n"
        "'DAO_E_TRUNCATED_DATA', `strerror` the explanation alone and `filename`\n"
        "the path. A subclass of OSError (its errno is None: the code is not an\n"
        "errno).",
        PyExc_OSError, dict);
    Py_DECREF(dict);
    return type;
}
