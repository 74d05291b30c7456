/* dao-shm-keyword.c — the keyword table of a stream: get_keywords,
 * get_keyword, set_keyword.
 *
 * Keyword names, string values and comments are bytes in the file, written
 * by any program. They come out as str decoded from UTF-8 with
 * errors='surrogateescape': text that is UTF-8 (all a dao writer stores)
 * reads as itself, and any other byte becomes a lone surrogate instead of
 * an exception, so one foreign entry neither hides the others nor loses
 * its bytes (s.encode('utf-8', 'surrogateescape') gives them back, and
 * set_keyword accepts such a str, or bytes, as it is). */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "dao-python.h"

PyObject *dao_keyword_text(const char *text)
{
    return PyUnicode_DecodeUTF8(text, (Py_ssize_t)strlen(text), "surrogateescape");
}

/* str (encoded back with surrogateescape) or bytes as a C string in a new
 * bytes object. An embedded NUL would cut the text where C sees its end, so
 * "ab\0cd" would silently store "ab": ValueError instead. */
static PyObject *encode(PyObject *text, const char *what)
{
    PyObject *bytes;
    if (PyUnicode_Check(text))
        bytes = PyUnicode_AsEncodedString(text, "utf-8", "surrogateescape");
    else if (PyBytes_Check(text))
        bytes = Py_NewRef(text);
    else
        return PyErr_Format(PyExc_TypeError, "keyword %s must be str or bytes, not %s", what,
                            Py_TYPE(text)->tp_name);
    if (bytes && strlen(PyBytes_AS_STRING(bytes)) != (size_t)PyBytes_GET_SIZE(bytes)) {
        Py_DECREF(bytes);
        return PyErr_Format(PyExc_ValueError, "keyword %s contains a NUL character", what);
    }
    return bytes;
}

PyObject *dao_keyword_value(const dao_keyword *kw)
{
    switch (kw->type) {
    case DAO_KEYWORD_INT:
        return PyLong_FromLongLong(kw->value.i);
    case DAO_KEYWORD_DOUBLE:
        return PyFloat_FromDouble(kw->value.d);
    case DAO_KEYWORD_STRING:
        return dao_keyword_text(kw->value.s);
    default:
        Py_RETURN_NONE;
    }
}

const char dao_shm_get_keywords_doc[] =
"get_keywords()\n--\n\n"
"The used keyword entries as a dict {name: (value, comment)}; value is an\n"
"int, float or str. Text that is not UTF-8 comes back with its other bytes\n"
"as lone surrogates (errors='surrogateescape'), never as an exception.";

PyObject *dao_shm_get_keywords(dao_shm *self, PyObject *unused)
{
    dao_mapping *m = dao_shm_mapping(self);
    if (!m)
        return NULL;
    PyObject *d = PyDict_New();
    unsigned capacity = dao_stream_keyword_capacity(m->stream);
    for (unsigned i = 0; d && i < capacity; i++) {
        dao_keyword kw;
        if (dao_stream_keyword_get(m->stream, i, &kw) < 0 || kw.type == DAO_KEYWORD_UNUSED)
            continue;
        if (dao_keyword_add(d, &kw) < 0)
            Py_CLEAR(d);
    }
    return d;
}

int dao_keyword_add(PyObject *dict, const dao_keyword *kw)
{
    PyObject *entry = Py_BuildValue("(NN)", dao_keyword_value(kw), dao_keyword_text(kw->comment));
    PyObject *name = dao_keyword_text(kw->name);
    int rc = entry && name ? PyDict_SetItem(dict, name, entry) : -1;
    Py_XDECREF(entry);
    Py_XDECREF(name);
    return rc;
}

const char dao_shm_get_keyword_doc[] =
"get_keyword(name)\n--\n\n"
"The value (int, float or str) of keyword `name` (str or bytes); KeyError if\n"
"there is none, ValueError for a name with a NUL character.";

PyObject *dao_shm_get_keyword(dao_shm *self, PyObject *name)
{
    dao_mapping *m = dao_shm_mapping(self);
    if (!m)
        return NULL;
    PyObject *cname = encode(name, "name");
    if (!cname)
        return NULL;
    dao_keyword kw;
    int rc = dao_stream_keyword_find(m->stream, PyBytes_AS_STRING(cname), &kw);
    Py_DECREF(cname);
    if (rc == DAO_E_NO_KEYWORD) {
        PyErr_SetObject(PyExc_KeyError, name);
        return NULL;
    }
    if (rc < 0) {
        dao_module_state *st = dao_state_from_type(Py_TYPE(self));
        return st ? dao_raise_mapped(st, rc, m) : NULL;
    }
    return dao_keyword_value(&kw);
}

const char dao_shm_set_keyword_doc[] =
"set_keyword(name, value, comment=None)\n--\n\n"
"Set keyword `name` (at most 16 bytes) to an int, float or str (at most 16\n"
"bytes), with an optional comment (at most 80 bytes); texts may be str\n"
"(UTF-8) or bytes. Replaces an entry of the same name, else takes a free\n"
"one: the stream must have been created with keywords=N (nbkw).\n"
"dao.StreamError when every entry is used; ValueError when a text is too\n"
"long (never cut) or contains a NUL character.";

static int set_value(dao_mapping *m, const char *name, PyObject *value, const char *comment)
{
    if (PyUnicode_Check(value) || PyBytes_Check(value)) {
        PyObject *text = encode(value, "value");
        if (!text)
            return INT_MIN;
        int rc = dao_stream_keyword_set_string(m->stream, name, PyBytes_AS_STRING(text), comment);
        Py_DECREF(text);
        return rc;
    }
    if (PyFloat_Check(value) || PyArray_IsScalar(value, Floating)) {
        double d = PyFloat_AsDouble(value);
        if (d == -1.0 && PyErr_Occurred())
            return INT_MIN;
        return dao_stream_keyword_set_double(m->stream, name, d, comment);
    }
    if (PyIndex_Check(value)) {
        long long i = PyLong_AsLongLong(value);
        if (i == -1 && PyErr_Occurred())
            return INT_MIN;
        return dao_stream_keyword_set_int(m->stream, name, i, comment);
    }
    PyErr_Format(PyExc_TypeError, "set_keyword: value must be int, float or str, not %s",
                 Py_TYPE(value)->tp_name);
    return INT_MIN;
}

PyObject *dao_shm_set_keyword(dao_shm *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"name", "value", "comment", NULL};
    PyObject *name, *value, *comment = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO|O:set_keyword", keywords, &name, &value,
                                     &comment))
        return NULL;
    dao_mapping *m = dao_shm_mapping(self);
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    if (!m || !st)
        return NULL;
    PyObject *cname = encode(name, "name");
    PyObject *ccomment = comment == Py_None ? NULL : encode(comment, "comment");
    int rc = INT_MIN;
    if (cname && (comment == Py_None || ccomment))
        rc = set_value(m, PyBytes_AS_STRING(cname), value,
                       ccomment ? PyBytes_AS_STRING(ccomment) : NULL);
    Py_XDECREF(cname);
    Py_XDECREF(ccomment);
    if (rc == INT_MIN) /* an exception is set */
        return NULL;
    if (rc == -ENAMETOOLONG || rc == -EOVERFLOW) {
        PyErr_Format(PyExc_ValueError,
                     "set_keyword: name and string value are limited to %d bytes, the comment "
                     "to %d", DAO_KEYWORD_NAME_MAX, DAO_KEYWORD_COMMENT_MAX);
        return NULL;
    }
    if (rc < 0)
        return dao_raise_mapped(st, rc, m);
    Py_RETURN_NONE;
}
