/* dao-remote.c — streams across machines for Python, on libdao-remote
 * (remote/dao-remote.h): dao._core.Remote receives one remote stream (wait,
 * copy, keywords, and the mirror into a local stream that DAO's subscriber
 * thread does), dao._core.Server serves local streams (DAO's publisher
 * thread), remote_list() asks a server what it offers. The package's
 * dao.remote and the shm network threads (python/dao/_remote.py) are
 * built on these; nothing here knows the DAO attribute names.
 *
 * Nothing from the network is unpickled or executed: frames are dao's own
 * wire format, checked by the library before anything of them is used.
 *
 * Threads: a libdao-remote handle belongs to one thread at a time, so each
 * object refuses (RuntimeError) a call made while another thread is inside
 * one of its calls without the GIL. Waits run without the GIL in slices of
 * SLICE_NS, running the signal handlers between slices, so Ctrl-C stops
 * them within a slice. */
#include <errno.h>
#include <string.h>

#include "dao-python.h"
#include "dao-remote.h"

#define SLICE_NS (50 * 1000 * 1000LL)

static PyObject *raise_code(dao_module_state *st, int rc, PyObject *what)
{
    if (rc <= DAO_REMOTE_E_BAD_URL && rc >= DAO_REMOTE_E_ZMQ)
        return dao_raise_error_text(st->StreamError, rc, dao_remote_strerror(rc),
                                    dao_remote_err_name(rc), what);
    return dao_raise(st, rc, what);
}

/* An optional directory argument (str, bytes, os.PathLike or None) as a new
 * bytes object, or Py_None (new reference); NULL with an exception. */
static PyObject *optional_path(PyObject *arg)
{
    PyObject *out = NULL;
    if (arg == Py_None)
        return Py_NewRef(Py_None);
    return PyUnicode_FSConverter(arg, &out) ? out : NULL;
}

static int load_keys(dao_module_state *st, PyObject *dir, dao_remote_keys *keys)
{
    int rc = dao_remote_keys_load(keys, PyBytes_AS_STRING(dir));
    if (rc < 0) {
        PyObject *name = PyUnicode_DecodeFSDefault(PyBytes_AS_STRING(dir));
        raise_code(st, rc, name);
        Py_XDECREF(name);
        return -1;
    }
    return 0;
}

static PyObject *dtype_or_none(dao_type type)
{
    int typenum = dao_dtype_to_numpy(type);
    return typenum < 0 ? Py_NewRef(Py_None) : (PyObject *)PyArray_DescrFromType(typenum);
}

static PyObject *shape_tuple(unsigned naxis, const uint32_t *shape)
{
    PyObject *t = PyTuple_New(naxis);
    for (unsigned i = 0; t && i < naxis; i++) {
        PyObject *n = PyLong_FromUnsignedLong(shape[i]);
        if (!n) {
            Py_CLEAR(t);
            break;
        }
        PyTuple_SET_ITEM(t, i, n);
    }
    return t;
}

/* ==== dao._core.Remote ===================================================== */

typedef struct {
    PyObject_HEAD
    dao_remote *remote;
    dao_stream *local;     /* the mirror's local stream, or NULL */
    PyObject *local_path;  /* bytes: where `local` is */
    PyObject *url;         /* str, as given */
    bool busy;             /* a call of another thread runs without the GIL */
} remote_object;

static int enter(remote_object *self)
{
    if (!self->remote) {
        PyErr_SetString(PyExc_ValueError, "I/O operation on a closed dao.remote");
        return -1;
    }
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError,
                        "dao.remote: another thread is using this reader; give each thread its own");
        return -1;
    }
    self->busy = true;
    return 0;
}

static void leave(remote_object *self)
{
    self->busy = false;
}

static PyObject *remote_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    remote_object *self = (remote_object *)type->tp_alloc(type, 0);
    if (self)
        self->url = Py_NewRef(Py_None);
    return (PyObject *)self;
}

static void remote_release(remote_object *self)
{
    dao_stream_close(self->local);
    self->local = NULL;
    Py_CLEAR(self->local_path);
    dao_remote_close(self->remote);
    self->remote = NULL;
}

static int remote_init(remote_object *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"url", "keys", "max_fps", "lz4", NULL};
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    PyObject *url, *keys_arg = Py_None;
    double max_fps = 0;
    int lz4 = 1;
    if (!st || !PyArg_ParseTupleAndKeywords(args, kwargs, "U|$Odp:Remote", keywords, &url, &keys_arg,
                                            &max_fps, &lz4))
        return -1;
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError, "dao.remote: in use by another thread");
        return -1;
    }
    if (!(max_fps >= 0)) {
        PyErr_SetString(PyExc_ValueError, "max_fps must be >= 0 (0: every frame)");
        return -1;
    }
    PyObject *keys_dir = optional_path(keys_arg);
    if (!keys_dir)
        return -1;
    dao_remote_keys keys;
    dao_remote_options o = DAO_REMOTE_OPTIONS_INIT;
    o.max_fps = max_fps;
    o.accept_lz4 = lz4;
    if (keys_dir != Py_None) {
        if (load_keys(st, keys_dir, &keys) < 0) {
            Py_DECREF(keys_dir);
            return -1;
        }
        o.keys = &keys;
    }
    Py_DECREF(keys_dir);
    const char *curl = PyUnicode_AsUTF8(url);
    if (!curl)
        return -1;
    dao_remote *r;
    int rc = dao_remote_open(&r, curl, &o);
    if (rc < 0) {
        raise_code(st, rc, url);
        return -1;
    }
    remote_release(self);
    self->remote = r;
    Py_SETREF(self->url, Py_NewRef(url));
    return 0;
}

static void remote_dealloc(remote_object *self)
{
    PyTypeObject *type = Py_TYPE(self);
    remote_release(self);
    Py_XDECREF(self->url);
    type->tp_free((PyObject *)self);
    Py_DECREF(type);
}

PyDoc_STRVAR(remote_wait_doc,
"wait(timeout=None)\n--\n\n"
"Let the client work until the next frame arrives (0), the state changes\n"
"(1), or `timeout` seconds pass (-1; None: no limit, 0: only look). A\n"
"request for the next frame goes out if none is. Ctrl-C interrupts it.");

static PyObject *remote_wait(remote_object *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"timeout", NULL};
    PyObject *timeout = Py_None;
    int64_t timeout_ns;
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    if (!st || !PyArg_ParseTupleAndKeywords(args, kwargs, "|O:wait", keywords, &timeout) ||
        dao_parse_python_timeout(timeout, &timeout_ns) < 0 || enter(self) < 0)
        return NULL;
    int64_t deadline = timeout_ns < 0 ? INT64_MAX : dao_monotonic_ns() + timeout_ns;
    int rc;
    for (;;) {
        int64_t left = deadline - dao_monotonic_ns();
        int64_t slice = left < SLICE_NS ? (left > 0 ? left : 0) : SLICE_NS;
        Py_BEGIN_ALLOW_THREADS
        rc = dao_remote_wait(self->remote, slice);
        Py_END_ALLOW_THREADS
        if (rc != -ETIMEDOUT || dao_monotonic_ns() >= deadline)
            break;
        if (PyErr_CheckSignals() < 0) {
            leave(self);
            return NULL;
        }
    }
    leave(self);
    if (rc < 0 && rc != -ETIMEDOUT)
        return raise_code(st, rc, self->url);
    return PyLong_FromLong(rc == -ETIMEDOUT ? -1 : rc);
}

static PyObject *remote_get_state(remote_object *self, void *closure)
{
    return self->remote ? PyUnicode_FromString(dao_remote_state_name(dao_remote_state_get(self->remote)))
                        : PyUnicode_FromString("closed");
}

static PyObject *remote_get_error(remote_object *self, void *closure)
{
    int code = self->remote ? dao_remote_last_error(self->remote) : 0;
    if (code == 0)
        Py_RETURN_NONE;
    return Py_BuildValue("(iss)", code, dao_remote_err_name(code), dao_remote_strerror(code));
}

static PyObject *remote_get_url(remote_object *self, void *closure)
{
    return Py_NewRef(self->url);
}

PyDoc_STRVAR(remote_info_doc,
"info()\n--\n\n"
"What came with the newest frame, as a dict (None before the first one):\n"
"name, source ('dao' or 'milk'), dtype, shape, counter, write_time_ns (the\n"
"remote writer's clock), send_time_ns (the server's), receive_time_ns (ours),\n"
"generation, nbytes, payload_size, codec, keyword_count, keyword_capacity,\n"
"frames_received.");

static PyObject *remote_info(remote_object *self, PyObject *unused)
{
    if (enter(self) < 0)
        return NULL;
    const dao_remote_frame *f = dao_remote_frame_info(self->remote);
    leave(self);
    if (!f)
        Py_RETURN_NONE;
    return Py_BuildValue(
        "{sssssNsNsKsLsLsLsIsnsnsIsIsIsK}", "name", f->name, "source",
        f->source_format == DAO_REMOTE_SOURCE_MILK ? "milk" : "dao", "dtype", dtype_or_none(f->type),
        "shape", shape_tuple(f->naxis, f->shape), "counter", (unsigned long long)f->counter,
        "write_time_ns", (long long)f->write_time_ns, "send_time_ns", (long long)f->send_time_ns,
        "receive_time_ns", (long long)f->receive_time_ns, "generation", (unsigned)f->generation,
        "nbytes", (Py_ssize_t)f->size, "payload_size", (Py_ssize_t)f->payload_size, "codec",
        f->codec, "keyword_count", f->keyword_count, "keyword_capacity", f->keyword_capacity,
        "frames_received", (unsigned long long)f->frames_received);
}

PyDoc_STRVAR(remote_copy_doc,
"copy()\n--\n\n"
"The newest frame as a new numpy array of its dtype and shape (exactly the\n"
"bytes sent), or None before the first frame.");

static PyObject *remote_copy(remote_object *self, PyObject *unused)
{
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    if (!st || enter(self) < 0)
        return NULL;
    const dao_remote_frame *f = dao_remote_frame_info(self->remote);
    int typenum = f ? dao_dtype_to_numpy(f->type) : -1;
    if (!f || typenum < 0) {
        leave(self);
        Py_RETURN_NONE;
    }
    npy_intp dims[DAO_MAX_AXES];
    for (unsigned i = 0; i < f->naxis; i++)
        dims[i] = (npy_intp)f->shape[i];
    PyObject *arr = PyArray_SimpleNew((int)f->naxis, dims, typenum);
    if (!arr) {
        leave(self);
        return NULL;
    }
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = dao_remote_frame_copy(self->remote, PyArray_DATA((PyArrayObject *)arr),
                               (size_t)PyArray_NBYTES((PyArrayObject *)arr));
    Py_END_ALLOW_THREADS
    leave(self);
    if (rc < 0) {
        Py_DECREF(arr);
        return raise_code(st, rc, self->url);
    }
    return arr;
}

PyDoc_STRVAR(remote_keywords_doc,
"keywords()\n--\n\n"
"The newest frame's keywords as {name: (value, comment)}, as\n"
"shm.get_keywords() gives them; {} before the first frame.");

static PyObject *remote_keywords(remote_object *self, PyObject *unused)
{
    if (enter(self) < 0)
        return NULL;
    const dao_remote_frame *f = dao_remote_frame_info(self->remote);
    PyObject *d = PyDict_New();
    for (unsigned i = 0; d && f && i < f->keyword_count; i++) {
        dao_keyword kw;
        if (dao_remote_frame_keyword(self->remote, i, &kw) == 0 && dao_keyword_add(d, &kw) < 0)
            Py_CLEAR(d);
    }
    leave(self);
    return d;
}

/* The stream already at `path` becomes the mirror's local stream when it
 * opens (so a reader of it is not handed a new file for nothing). With
 * `protect`, a stream a live (or unknown) writer may be writing, or a file
 * that is not a stream, is refused rather than replaced. */
static int adopt_local(remote_object *self, dao_module_state *st, PyObject *path, bool protect)
{
    dao_stream *s = NULL;
    int rc, writer = DAO_WRITER_GONE;
    Py_BEGIN_ALLOW_THREADS
    rc = dao_stream_open(&s, PyBytes_AS_STRING(path), 0);
    if (rc == 0)
        writer = dao_stream_writer_state(s);
    Py_END_ALLOW_THREADS
    if (protect && ((rc == 0 && writer != DAO_WRITER_GONE) || (rc < 0 && rc != -ENOENT))) {
        dao_stream_close(s);
        PyObject *name = PyUnicode_DecodeFSDefault(PyBytes_AS_STRING(path));
        if (name)
            PyErr_Format(PyExc_FileExistsError,
                         "%U: %s; not replacing it with a mirror (give the subscriber a path of "
                         "its own)",
                         name, rc == 0 ? "a stream another writer may be writing is there"
                                       : "a file that is not a stream is there");
        Py_XDECREF(name);
        return -1;
    }
    self->local = s; /* NULL when there was none: the mirror creates it */
    Py_XSETREF(self->local_path, Py_NewRef(path));
    return 0;
}

PyDoc_STRVAR(remote_mirror_doc,
"mirror(path, protect=False)\n--\n\n"
"Write the newest frame (and its keywords) into the local stream at `path`,\n"
"as one libdao write: the stream is created from the first frame, kept\n"
"while the remote shape, type and keyword capacity stay the same, and\n"
"created again (renamed over) when they change. A stream already at the\n"
"path is written in place when it matches. Returns True when the local\n"
"stream was (re-)created. With protect=True, a stream whose writer may be\n"
"alive, or a file that is not a stream, is never replaced\n"
"(FileExistsError). Raises ValueError before the first frame.");

static PyObject *remote_mirror(remote_object *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"path", "protect", NULL};
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    PyObject *path;
    int protect = 0;
    if (!st || !PyArg_ParseTupleAndKeywords(args, kwargs, "O&|p:mirror", keywords,
                                            PyUnicode_FSConverter, &path, &protect))
        return NULL;
    if (enter(self) < 0) {
        Py_DECREF(path);
        return NULL;
    }
    if (!dao_remote_frame_info(self->remote)) {
        leave(self);
        Py_DECREF(path);
        PyErr_SetString(PyExc_ValueError, "mirror: no frame has arrived yet");
        return NULL;
    }
    if (!self->local_path || strcmp(PyBytes_AS_STRING(self->local_path), PyBytes_AS_STRING(path))) {
        dao_stream_close(self->local);
        self->local = NULL;
        Py_CLEAR(self->local_path);
        if (adopt_local(self, st, path, protect) < 0) {
            leave(self);
            Py_DECREF(path);
            return NULL;
        }
    }
    bool created = false;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = dao_remote_mirror_write(self->remote, &self->local, PyBytes_AS_STRING(path), &created);
    Py_END_ALLOW_THREADS
    leave(self);
    if (rc < 0) {
        PyObject *name = PyUnicode_DecodeFSDefault(PyBytes_AS_STRING(path));
        raise_code(st, rc, name);
        Py_XDECREF(name);
        Py_DECREF(path);
        return NULL;
    }
    Py_DECREF(path);
    return PyBool_FromLong(created);
}

static PyObject *remote_set_max_fps(remote_object *self, PyObject *arg)
{
    double fps = PyFloat_AsDouble(arg);
    if (fps == -1.0 && PyErr_Occurred())
        return NULL;
    if (!(fps >= 0)) {
        PyErr_SetString(PyExc_ValueError, "max_fps must be >= 0 (0: every frame)");
        return NULL;
    }
    if (enter(self) < 0)
        return NULL;
    dao_remote_set_max_fps(self->remote, fps);
    leave(self);
    Py_RETURN_NONE;
}

static PyObject *remote_close(remote_object *self, PyObject *unused)
{
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError, "dao.remote: close() while another thread uses it");
        return NULL;
    }
    remote_release(self);
    Py_RETURN_NONE;
}

static PyMethodDef remote_methods[] = {
    {"wait", (PyCFunction)(void (*)(void))remote_wait, METH_VARARGS | METH_KEYWORDS, remote_wait_doc},
    {"info", (PyCFunction)remote_info, METH_NOARGS, remote_info_doc},
    {"copy", (PyCFunction)remote_copy, METH_NOARGS, remote_copy_doc},
    {"keywords", (PyCFunction)remote_keywords, METH_NOARGS, remote_keywords_doc},
    {"mirror", (PyCFunction)(void (*)(void))remote_mirror, METH_VARARGS | METH_KEYWORDS,
     remote_mirror_doc},
    {"set_max_fps", (PyCFunction)remote_set_max_fps, METH_O,
     PyDoc_STR("set_max_fps(fps)\n--\n\nFrames per second asked of the server from the next "
               "request on (0: every frame).")},
    {"close", (PyCFunction)remote_close, METH_NOARGS,
     PyDoc_STR("close()\n--\n\nClose the connection (and the mirror's local stream handle).")},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef remote_getset[] = {
    {"state", (getter)remote_get_state, NULL,
     PyDoc_STR("'connecting', 'live', 'stale', 'gone', 'invalid', 'recreated', 'disconnected',\n"
               "'reconnecting' (docs/wire-format.md), or 'closed'."), NULL},
    {"error", (getter)remote_get_error, NULL,
     PyDoc_STR("(code, name, text) of what made the state gone or invalid, or None."), NULL},
    {"url", (getter)remote_get_url, NULL, PyDoc_STR("The address, as given."), NULL},
    {NULL},
};

static PyType_Slot remote_slots[] = {
    {Py_tp_new, remote_new},
    {Py_tp_init, remote_init},
    {Py_tp_dealloc, remote_dealloc},
    {Py_tp_methods, remote_methods},
    {Py_tp_getset, remote_getset},
    {Py_tp_doc, (void *)PyDoc_STR(
        "Remote(url, *, keys=None, max_fps=0.0, lz4=True)\n--\n\n"
        "One stream of a dao server (daoctl serve, or a dao.shm publisher) at\n"
        "\"tcp://HOST:PORT/NAME\": the C half of dao.remote and of the subscriber\n"
        "thread. keys: a directory of CURVE client keys (client.key, client.pub,\n"
        "server.pub). Connecting happens in the background of wait().")},
    {0, NULL},
};

PyType_Spec dao_remote_spec = {
    .name = "dao._core.Remote",
    .basicsize = sizeof(remote_object),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = remote_slots,
};

/* ==== dao._core.Server ===================================================== */

typedef struct {
    PyObject_HEAD
    dao_remote_server *srv;
    bool busy;
} server_object;

static int server_enter(server_object *self)
{
    if (!self->srv) {
        PyErr_SetString(PyExc_ValueError, "I/O operation on a closed dao server");
        return -1;
    }
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError, "dao server: another thread is using it");
        return -1;
    }
    self->busy = true;
    return 0;
}

static int server_init(server_object *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"bind", "max_fps", "lz4", "curve_dir", "semaphore", NULL};
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    const char *bind = NULL;
    double max_fps = 0;
    int lz4 = 0, semaphore = 0;
    PyObject *curve_arg = Py_None;
    if (!st || !PyArg_ParseTupleAndKeywords(args, kwargs, "|z$dpOp:Server", keywords, &bind, &max_fps,
                                            &lz4, &curve_arg, &semaphore))
        return -1;
    if (self->srv || self->busy) {
        PyErr_SetString(PyExc_RuntimeError, "dao server: already initialised");
        return -1;
    }
    if (!(max_fps >= 0)) {
        PyErr_SetString(PyExc_ValueError, "max_fps must be >= 0 (0: no cap)");
        return -1;
    }
    PyObject *curve_dir = optional_path(curve_arg);
    if (!curve_dir)
        return -1;
    dao_remote_server_options o = DAO_REMOTE_SERVER_OPTIONS_INIT;
    o.bind = bind;
    o.max_fps = max_fps;
    o.lz4 = lz4;
    o.wake_on_semaphore = semaphore;
    o.curve_dir = curve_dir == Py_None ? NULL : PyBytes_AS_STRING(curve_dir);
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = dao_remote_server_new(&self->srv, &o);
    Py_END_ALLOW_THREADS
    Py_DECREF(curve_dir);
    if (rc < 0) {
        PyObject *what = PyUnicode_FromString(bind ? bind : DAO_REMOTE_DEFAULT_BIND);
        raise_code(st, rc, what);
        Py_XDECREF(what);
        return -1;
    }
    return 0;
}

static void server_dealloc(server_object *self)
{
    PyTypeObject *type = Py_TYPE(self);
    dao_remote_server_free(self->srv);
    type->tp_free((PyObject *)self);
    Py_DECREF(type);
}

static PyObject *server_add(server_object *self, PyObject *arg)
{
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    PyObject *path;
    if (!st || !PyUnicode_FSConverter(arg, &path))
        return NULL;
    if (server_enter(self) < 0) {
        Py_DECREF(path);
        return NULL;
    }
    int rc = dao_remote_server_add(self->srv, PyBytes_AS_STRING(path));
    self->busy = false;
    Py_DECREF(path);
    if (rc < 0)
        return raise_code(st, rc, arg);
    Py_RETURN_NONE;
}

static PyObject *server_run(server_object *self, PyObject *arg)
{
    dao_module_state *st = dao_state_from_type(Py_TYPE(self));
    int64_t ns;
    if (!st || dao_parse_python_timeout(arg, &ns) < 0)
        return NULL;
    if (ns < 0) {
        PyErr_SetString(PyExc_ValueError, "run: give a duration in seconds");
        return NULL;
    }
    if (server_enter(self) < 0)
        return NULL;
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = dao_remote_server_run(self->srv, ns);
    Py_END_ALLOW_THREADS
    self->busy = false;
    if (rc < 0 && rc != -EINTR)
        return raise_code(st, rc, NULL);
    Py_RETURN_NONE;
}

static PyObject *server_get_endpoint(server_object *self, void *closure)
{
    if (!self->srv)
        Py_RETURN_NONE;
    return PyUnicode_FromString(dao_remote_server_endpoint(self->srv));
}

static PyObject *server_stats(server_object *self, PyObject *unused)
{
    if (!self->srv)
        Py_RETURN_NONE;
    dao_remote_server_stats s;
    dao_remote_server_get_stats(self->srv, &s);
    return Py_BuildValue("{sKsKsKsKsKsKsI}", "frames_sent", (unsigned long long)s.frames_sent,
                         "bytes_sent", (unsigned long long)s.bytes_sent, "copies",
                         (unsigned long long)s.copies, "torn", (unsigned long long)s.torn,
                         "bad_requests", (unsigned long long)s.bad_requests, "dropped",
                         (unsigned long long)s.dropped, "clients", s.clients);
}

static PyObject *server_close(server_object *self, PyObject *unused)
{
    if (self->busy) {
        PyErr_SetString(PyExc_RuntimeError, "dao server: close() while another thread runs it");
        return NULL;
    }
    dao_remote_server_free(self->srv);
    self->srv = NULL;
    Py_RETURN_NONE;
}

static PyMethodDef server_methods[] = {
    {"add", (PyCFunction)server_add, METH_O,
     PyDoc_STR("add(path)\n--\n\nOffer the stream at `path` under its stem (or every *.im.shm "
               "of a directory).")},
    {"run", (PyCFunction)server_run, METH_O,
     PyDoc_STR("run(seconds)\n--\n\nServe for `seconds`, without the GIL.")},
    {"stats", (PyCFunction)server_stats, METH_NOARGS,
     PyDoc_STR("stats()\n--\n\nframes_sent, bytes_sent, copies, torn, bad_requests, dropped, "
               "clients.")},
    {"close", (PyCFunction)server_close, METH_NOARGS,
     PyDoc_STR("close()\n--\n\nStop serving and unbind.")},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef server_getset[] = {
    {"endpoint", (getter)server_get_endpoint, NULL,
     PyDoc_STR("The address bound (with the port chosen when 0 was asked)."), NULL},
    {NULL},
};

static PyType_Slot server_slots[] = {
    {Py_tp_init, server_init},
    {Py_tp_dealloc, server_dealloc},
    {Py_tp_methods, server_methods},
    {Py_tp_getset, server_getset},
    {Py_tp_doc, (void *)PyDoc_STR(
        "Server(bind=None, *, max_fps=0.0, lz4=False, curve_dir=None, semaphore=False)\n--\n\n"
        "A dao server (what daoctl serve runs) bound to `bind` (default\n"
        "tcp://127.0.0.1:5556, this machine only): the C half of shm.pubThread.\n"
        "It opens streams read-only and never slows their writer.")},
    {0, NULL},
};

PyType_Spec dao_server_spec = {
    .name = "dao._core.Server",
    .basicsize = sizeof(server_object),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = server_slots,
};

/* ==== remote_list() ======================================================== */

static PyObject *remote_list(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"url", "keys", "timeout", NULL};
    dao_module_state *st = PyModule_GetState(module);
    PyObject *url, *keys_arg = Py_None, *timeout = NULL;
    int64_t timeout_ns = 2000000000;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "U|$OO:remote_list", keywords, &url, &keys_arg,
                                     &timeout))
        return NULL;
    if (timeout && dao_parse_python_timeout(timeout, &timeout_ns) < 0)
        return NULL;
    PyObject *keys_dir = optional_path(keys_arg);
    if (!keys_dir)
        return NULL;
    dao_remote_keys keys;
    if (keys_dir != Py_None && load_keys(st, keys_dir, &keys) < 0) {
        Py_DECREF(keys_dir);
        return NULL;
    }
    bool with_keys = keys_dir != Py_None;
    Py_DECREF(keys_dir);
    const char *curl = PyUnicode_AsUTF8(url);
    if (!curl)
        return NULL;
    dao_remote_entry *entries = NULL;
    size_t n = 0;
    int rc;
    /* Without the GIL. A signal ends the wait (-EINTR): its handler runs,
     * and unless it raised (Ctrl-C), the rest of the time is waited. */
    int64_t deadline = timeout_ns < 0 ? INT64_MAX : dao_monotonic_ns() + timeout_ns;
    for (;;) {
        int64_t left = timeout_ns < 0 ? -1 : deadline - dao_monotonic_ns();
        Py_BEGIN_ALLOW_THREADS
        rc = dao_remote_list(curl, with_keys ? &keys : NULL, left < 0 && timeout_ns >= 0 ? 0 : left,
                             &entries, &n);
        Py_END_ALLOW_THREADS
        if (rc != -EINTR)
            break;
        if (PyErr_CheckSignals() < 0)
            return NULL;
    }
    if (rc < 0)
        return raise_code(st, rc, url);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        const dao_remote_entry *e = &entries[i];
        PyObject *d = Py_BuildValue("{sssssNsNsKsO}", "name", e->name, "source",
                                    e->source_format == DAO_REMOTE_SOURCE_MILK ? "milk" : "dao",
                                    "dtype", e->valid ? dtype_or_none(e->type) : Py_NewRef(Py_None),
                                    "shape", shape_tuple(e->valid ? e->naxis : 0, e->shape),
                                    "counter", (unsigned long long)e->counter, "valid",
                                    e->valid ? Py_True : Py_False);
        if (!d)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, (Py_ssize_t)i, d);
    }
    free(entries);
    return list;
}

PyMethodDef dao_remote_list_def = {
    "remote_list", (PyCFunction)(void (*)(void))remote_list, METH_VARARGS | METH_KEYWORDS,
    PyDoc_STR("remote_list(url, *, keys=None, timeout=2.0)\n--\n\n"
              "What the server at \"tcp://HOST:PORT\" offers: a list of dicts (name, source,\n"
              "dtype, shape, counter, valid), sorted by name. TimeoutError when it does\n"
              "not answer in time (down, unreachable, or refusing our keys)."),
};
