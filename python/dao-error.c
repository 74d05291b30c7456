/* dao-error.c — libdao return codes become Python exceptions here, once.
 *
 * libdao returns -errno for operating-system failures and codes from
 * -10001 down for protocol problems. The first kind goes through
 * PyErr_SetFromErrnoWithFilenameObject, so Python picks the OSError
 * subclass (FileNotFoundError, PermissionError, …) and the message carries
 * the path. The second kind is dao.StreamError with libdao's own sentence.
 */
#include <errno.h>

#include "dao-python.h"

static PyObject *raise_stream_error(dao_module_state *st, int rc, PyObject *path)
{
    PyObject *message = path ? PyUnicode_FromFormat("%S: %s", path, dao_strerror(rc))
                             : PyUnicode_FromString(dao_strerror(rc));
    if (!message)
        return NULL;
    /* One argument, so str(exc) is exactly the message; the OSError fields
     * are filled by hand (errno stays None: the code is not an errno). */
    PyObject *exc = PyObject_CallOneArg(st->StreamError, message);
    Py_DECREF(message);
    if (!exc)
        return NULL;
    PyObject *code = PyLong_FromLong(rc);
    PyObject *name = PyUnicode_FromString(dao_err_name(rc));
    PyObject *text = PyUnicode_FromString(dao_strerror(rc));
    if (code && name && text &&
        PyObject_SetAttrString(exc, "code", code) == 0 &&
        PyObject_SetAttrString(exc, "code_name", name) == 0 &&
        PyObject_SetAttrString(exc, "strerror", text) == 0 &&
        (!path || PyObject_SetAttrString(exc, "filename", path) == 0))
        PyErr_SetObject(st->StreamError, exc);
    Py_XDECREF(code);
    Py_XDECREF(name);
    Py_XDECREF(text);
    Py_DECREF(exc);
    return NULL;
}

PyObject *dao_raise(dao_module_state *st, int rc, PyObject *path)
{
    if (rc <= DAO_E_EMPTY)
        return raise_stream_error(st, rc, path);
    errno = -rc;
    if (path)
        return PyErr_SetFromErrnoWithFilenameObject(PyExc_OSError, path);
    return PyErr_SetFromErrno(PyExc_OSError);
}
