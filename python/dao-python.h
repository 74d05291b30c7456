/* dao-python.h — what the units of the `dao._core` extension share: the
 * module state, the two object types and the helpers each unit exports.
 *
 * The extension is the C half of the `dao` package (python/dao/): it owns
 * everything that touches libdao; the package's Python half builds the DAO
 * class signature, the frame iterator and the asyncio wait on top of it.
 *
 * Units, one concept each, each depending only on those above it:
 *   dao-error.c        libdao return codes → Python exceptions
 *   dao-dtype.c        DAO element types ↔ numpy dtypes, the set_data cast rule
 *   dao-mapping.c      the object that owns a libdao handle (base of every view)
 *   dao-wait.c         GIL-free, interruptible waits on a semaphore or counter
 *   dao-frame.c        frames between a mapping and numpy: copies, views, writes
 *   dao-shm-data.c     dao.shm methods: get_data / set_data
 *   dao-shm-meta.c     dao.shm methods: counter, frame id, timestamp, header fields
 *   dao-shm-keyword.c  dao.shm methods: the keyword table
 *   dao-shm-fifo.c     dao.shm methods: FIFO reading (next in order, segment, history)
 *   dao-shm-next.c     dao.shm methods under the frame iterator and asyncio wait
 *   dao-shm-milk.c     milk / ImageStreamIO streams: milk's header, views refused
 *   dao-shm.c          the dao.shm type: construction, close, attributes, repr
 *   dao-remote.c       remote streams (libdao-remote): reader, mirror, server, listing
 *   dao-recording.c    recordings (record/daorec.h): the reader under dao.Recording
 *   dao-recorder.c     the recorder under dao.Recorder / dao.record()
 *   dao-module.c       module definition, multi-phase init, module functions
 */
#ifndef DAO_PYTHON_H
#define DAO_PYTHON_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Every unit includes numpy through this header; only dao-module.c owns the
 * C-API table (import_array), the others see it through NO_IMPORT_ARRAY. */
#define PY_ARRAY_UNIQUE_SYMBOL dao_numpy_api
#ifndef DAO_NUMPY_IMPORT
#define NO_IMPORT_ARRAY
#endif
#include <numpy/arrayobject.h>

#include <stdbool.h>
#include <stdint.h>

#include "dao.h"

typedef struct {
    PyObject *StreamError;     /* dao.StreamError(OSError) */
    PyObject *StreamRecreated; /* dao.StreamRecreated(StreamError) */
    PyTypeObject *ShmType;     /* dao._core.shm, the base of dao.shm */
    PyTypeObject *MappingType; /* dao._Mapping, base object of zero-copy views */
    PyTypeObject *RemoteType;  /* dao._core.Remote (NULL without libdao-remote) */
    PyTypeObject *ServerType;  /* dao._core.Server (NULL without libdao-remote) */
    PyObject *datetime_type;   /* datetime.datetime */
    PyObject *utc;             /* datetime.timezone.utc */
    PyObject *logger;          /* logging.getLogger("dao"), made on first use */
} dao_module_state;

extern PyModuleDef dao_module_def;

#ifdef DAO_PY_HAVE_RECORDINGS
/* dao-recording.c, dao-recorder.c: the types, added by the module's exec
 * slot where the record library (cfitsio) was there to build them. */
extern PyType_Spec dao_recording_reader_spec;
extern PyType_Spec dao_recorder_spec;
struct daorec_error;
/* A daorec failure as a Python exception (OSError by errno, ValueError for
 * a file that is not a recording). NULL. */
PyObject *dao_raise_daorec(const struct daorec_error *err);
#endif

/* The module state reached from an instance of one of our (heap) types,
 * also when the type has been subclassed in Python. */
dao_module_state *dao_state_from_type(PyTypeObject *type);

/* Log `message` on the "dao" logger at `level` (logging.INFO …), as the
 * existing DAO module does for timeouts and bad arguments. Never fails: a
 * logging error is printed as unraisable, not raised into the caller. */
void dao_log(dao_module_state *st, int level, const char *message);

/* ---- dao-mapping.c -------------------------------------------------------
 * A libdao handle as a Python object. The dao.shm object holds one
 * reference; every zero-copy array holds another as its numpy base, and a
 * wait or copy holds one for as long as it runs without the GIL. The handle
 * is closed (and the file unmapped) only when the last reference goes, so
 * shm.close() never pulls the mapping from under a live view or a waiting
 * thread: it "defers the unmap". */
typedef struct {
    PyObject_HEAD
    dao_stream *stream;
    PyObject *path;          /* str, as the caller gave it (for error messages) */
    int typenum;             /* numpy type number of the elements */
    int ndim;
    npy_intp dims[DAO_MAX_AXES];
    int64_t checked_ns;      /* monotonic time of the last truncation check */
} dao_mapping;

extern PyType_Spec dao_mapping_spec;

/* Takes ownership of `stream`; on failure closes it. New reference. */
PyObject *dao_mapping_new(dao_module_state *st, dao_stream *stream, PyObject *path);

/* 0 while libdao still believes the mapping is the stream it opened, else
 * -1 with dao.StreamRecreated set (the file shrank under it, or its header
 * changed: dao_stream_check(), a few loads, no system call). Getters that
 * libdao cannot make return a code (counter, write time, views) call it
 * after reading, so they never hand out zeros or another stream's values
 * as the stream's. */
int dao_mapping_check(dao_module_state *st, dao_mapping *m);

/* The numpy shape tuple and dtype of the mapped frame, as both header
 * dicts (DAO's and milk's) give them (dao-shm-meta.c). 0 with two new
 * references, or -1 with an exception and both NULL. */
int dao_mapping_shape_dtype(const dao_mapping *m, PyObject **shape, PyObject **dtype);

/* ---- dao-error.c ---------------------------------------------------------
 * Raise the exception for libdao return code `rc` (< 0) and return NULL:
 * -errno → OSError subclass via errno (FileNotFoundError …), with `path`
 * (may be NULL) as filename; a protocol code (dao_error_is_protocol()) →
 * dao.StreamError with dao_strerror(), and `code`/`code_name` attributes. */
PyObject *dao_raise(dao_module_state *st, int rc, PyObject *path);

/* The same for a failure on an open mapping: the codes that mean the file
 * is no longer the stream it mapped (re-created, truncated, replaced) raise
 * dao.StreamRecreated, a StreamError the caller answers with reopen(). */
PyObject *dao_raise_mapped(dao_module_state *st, int rc, dao_mapping *m);

/* Raise `type` (dao.StreamError or a subclass) for code `rc` with the given
 * sentence and code name (for codes libdao does not name: the remote
 * library's). Returns NULL. */
PyObject *dao_raise_error_text(PyObject *type, int rc, const char *text, const char *name,
                               PyObject *path);

/* dao.StreamError and dao.StreamRecreated, made in the module's exec slot.
 * New references or NULL. */
PyObject *dao_stream_error_type_new(PyObject *module);
PyObject *dao_stream_recreated_type_new(PyObject *base);

/* ---- dao-dtype.c --------------------------------------------------------- */
/* numpy type number for a DAO type, or -1. */
int dao_dtype_to_numpy(dao_type type);
/* DAO type for a numpy dtype (any byte order), or -1. */
int dao_dtype_from_descr(PyArray_Descr *descr);
/* Whether set_data may convert `from` into `to` (see the rule there). */
bool dao_dtype_can_convert(PyArray_Descr *from, PyArray_Descr *to);

/* ---- dao-wait.c ----------------------------------------------------------
 * Both return 1 for a new frame, 0 on timeout (timeout_ns < 0: never), -1
 * with an exception set (a signal handler raised, e.g. KeyboardInterrupt,
 * or libdao failed). They release the GIL while blocked and run the
 * signal handlers between short slices. */
int dao_wait_semaphore(dao_module_state *st, dao_mapping *m, int slot, int64_t timeout_ns);
int dao_wait_counter(dao_module_state *st, dao_mapping *m, uint64_t seen, int64_t timeout_ns);
/* Until a frame after the handle's FIFO tail exists, on semaphore `slot` or
 * spinning (slot DAO_SPIN): libdao's dao_stream_wait_next, in slices. */
int dao_wait_next(dao_module_state *st, dao_mapping *m, int slot, int64_t timeout_ns);

/* ---- dao-shm-milk.c ------------------------------------------------------
 * milk / ImageStreamIO streams, which libdao opens read-only. */
/* "milk" or "dao". Static. */
const char *dao_shm_format_name(dao_mapping *m);
/* 0 when the stream's pixels may be viewed in place, else -1 with the error
 * a read would give (a GPU stream: DAO_E_GPU_STREAM; float16:
 * DAO_E_UNSUPPORTED_TYPE). */
int dao_shm_pixels_check(dao_module_state *st, dao_mapping *m);
/* get_meta_data() of a milk stream: milk's field names. New reference. */
PyObject *dao_shm_milk_meta_data(dao_module_state *st, dao_mapping *m);

/* CLOCK_MONOTONIC in nanoseconds: every deadline of the module uses it. */
int64_t dao_monotonic_ns(void);

/* A timeout argument in seconds as nanoseconds for the waits above (-1:
 * for ever), or -1 with ValueError/TypeError. Two rules, one per API:
 * DAO's calls (get_data, get_data_next, get_history): None or 0 wait for
 * ever; the idiomatic ones (frames, wait_async): None for ever, 0 polls. */
int dao_parse_dao_timeout(PyObject *timeout, int64_t *ns);
int dao_parse_python_timeout(PyObject *timeout, int64_t *ns);

/* DAO's FIFO status codes (dao.DAO_SUCCESS …), the values DAO scripts test. */
enum {
    DAO_PY_SUCCESS = 0,
    DAO_PY_ERROR = 1,
    DAO_PY_TIMEOUT = -1,
    DAO_PY_OVERWRITE = -2,
    DAO_PY_NOTREADY = -3,
};

/* ---- dao-frame.c ---------------------------------------------------------
 * Frames between a mapping and numpy. The copies run without the GIL and
 * hold a reference to the mapping meanwhile (another thread may close the
 * shm); they fill `info` (may be NULL) with the copied frame's counter,
 * write time and segment. */
/* A consistent copy of the newest frame as a new array, or NULL. */
PyObject *dao_frame_copy(dao_module_state *st, dao_mapping *m, dao_frame_info *info);

/* Which frames a copy takes, in libdao's FIFO calls. */
typedef struct {
    enum {
        DAO_READ_NEWEST,  /* dao_stream_read */
        DAO_READ_NEXT,    /* dao_stream_read_next: after the tail, moving it */
        DAO_READ_SEGMENT, /* dao_stream_read_segment: segment n */
        DAO_READ_LAST,    /* dao_stream_read_last: the last n, oldest first */
    } kind;
    unsigned n;
} dao_read;

/* The copy `what` (shape (n, *shape) for DAO_READ_LAST, whose `infos` then
 * has n entries) as a new array, or into `out` when it is an array (not
 * NULL or None) of exactly that dtype and shape, C-contiguous and writable
 * (else TypeError or ValueError), returned with a new reference. NULL: with
 * an exception set, or without one when DAO_READ_NEXT found nothing after
 * the tail (`out` then untouched). After an exception `out` may hold part
 * of a copy. */
PyObject *dao_frame_copy_what(dao_module_state *st, dao_mapping *m, dao_read what, PyObject *out,
                              dao_frame_info *infos);
/* A read-only zero-copy view of the newest frame, its base `m`, or NULL. */
PyObject *dao_frame_view(dao_mapping *m);
/* Write `array` as one frame, converting by the set_data rule. 0 or -1. */
int dao_frame_write(dao_module_state *st, dao_mapping *m, PyObject *array);

/* ---- dao-shm-keyword.c: keyword texts and values as Python objects ------- */
/* A keyword's text (UTF-8, odd bytes as surrogates) and value (int, float,
 * str). New references or NULL. */
PyObject *dao_keyword_text(const char *text);
PyObject *dao_keyword_value(const dao_keyword *kw);
/* dict[name] = (value, comment), as shm.get_keywords() gives. 0 or -1. */
int dao_keyword_add(PyObject *dict, const dao_keyword *kw);

/* ---- dao-remote.c (built with libdao-remote) ------------------------------
 * dao._core.Remote (one remote stream: wait, copy, keywords, mirror into a
 * local stream), dao._core.Server (serve streams) and remote_list(). */
extern PyType_Spec dao_remote_spec;
extern PyType_Spec dao_server_spec;
extern PyMethodDef dao_remote_list_def;

/* ---- the dao.shm type ---------------------------------------------------- */
typedef struct {
    PyObject_HEAD
    dao_mapping *mapping;  /* NULL once closed (or before __init__) */
    PyObject *path;        /* str, kept for repr() after close; None before __init__ */
    uint64_t last_counter; /* counter of the last frame this handle returned */
    unsigned open_flags;   /* dao_stream_open flags the caller asked for (reopen) */
    int slot;              /* reader slot claimed for the handle's own waits, or NO_SLOT */
} dao_shm;

#define DAO_SHM_NO_SLOT (-100)

/* The reader semaphore a wait without semNb uses: a slot claimed for this
 * handle on first use (so no other libdao reader shares it), or 0 when none
 * can be claimed (a read-only handle, every slot taken). With semNb given,
 * that number, checked (ValueError). 0 or -1 with an exception. */
int dao_shm_wait_slot(dao_shm *self, dao_mapping *m, PyObject *semNb, int *slot);

extern PyType_Spec dao_shm_spec;

/* The open mapping, or NULL with ValueError("… closed dao.shm"). Borrowed. */
static inline dao_mapping *dao_shm_mapping(dao_shm *self)
{
    if (!self->mapping)
        PyErr_SetString(PyExc_ValueError, "I/O operation on a closed dao.shm");
    return self->mapping;
}

/* The methods of the units above, gathered into the type by dao-shm.c. */
PyObject *dao_shm_get_data(dao_shm *self, PyObject *args, PyObject *kwargs);
PyObject *dao_shm_set_data(dao_shm *self, PyObject *array);
PyObject *dao_shm_get_counter(dao_shm *self, PyObject *unused);
PyObject *dao_shm_get_frame_id(dao_shm *self, PyObject *unused);
PyObject *dao_shm_get_timestamp(dao_shm *self, PyObject *args, PyObject *kwargs);
PyObject *dao_shm_get_meta_data(dao_shm *self, PyObject *args, PyObject *kwargs);
PyObject *dao_shm_get_keywords(dao_shm *self, PyObject *unused);
PyObject *dao_shm_get_keyword(dao_shm *self, PyObject *name);
PyObject *dao_shm_set_keyword(dao_shm *self, PyObject *args, PyObject *kwargs);
PyObject *dao_shm_wait_slot_py(dao_shm *self, PyObject *semNb);
PyObject *dao_shm_get_data_next(dao_shm *self, PyObject *args, PyObject *kwargs);
PyObject *dao_shm_get_data_arbitrary(dao_shm *self, PyObject *index);
PyObject *dao_shm_get_history(dao_shm *self, PyObject *args, PyObject *kwargs);
PyObject *dao_shm_reset_tail(dao_shm *self, PyObject *unused);
PyObject *dao_shm_next_in_order(dao_shm *self, PyObject *args, PyObject *kwargs);
PyObject *dao_shm_wait_next_py(dao_shm *self, PyObject *args, PyObject *kwargs);
PyObject *dao_shm_next_newer(dao_shm *self, PyObject *args, PyObject *kwargs);

extern const char dao_shm_get_data_doc[];
extern const char dao_shm_set_data_doc[];
extern const char dao_shm_get_counter_doc[];
extern const char dao_shm_get_frame_id_doc[];
extern const char dao_shm_get_timestamp_doc[];
extern const char dao_shm_get_meta_data_doc[];
extern const char dao_shm_get_keywords_doc[];
extern const char dao_shm_get_keyword_doc[];
extern const char dao_shm_set_keyword_doc[];
extern const char dao_shm_wait_slot_doc[];
extern const char dao_shm_get_data_next_doc[];
extern const char dao_shm_get_data_arbitrary_doc[];
extern const char dao_shm_get_history_doc[];
extern const char dao_shm_reset_tail_doc[];
extern const char dao_shm_next_in_order_doc[];
extern const char dao_shm_wait_next_doc[];
extern const char dao_shm_next_newer_doc[];

#endif /* DAO_PYTHON_H */
