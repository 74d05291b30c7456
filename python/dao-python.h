/* dao-python.h — what the units of the `dao` extension share: the module
 * state, the two object types and the helpers each unit exports.
 *
 * Units, one concept each:
 *   dao-module.c     module definition, multi-phase init, module functions
 *   dao-error.c      libdao return codes → Python exceptions
 *   dao-dtype.c      DAO element types ↔ numpy dtypes, the set_data cast rule
 *   dao-mapping.c    the object that owns a libdao handle (base of every view)
 *   dao-wait.c       GIL-free, interruptible waits on a semaphore or counter
 *   dao-shm.c        the dao.shm type: construction, close, attributes, repr
 *   dao-shm-data.c   get_data / set_data
 *   dao-shm-meta.c   counter, timestamp, header fields, keywords
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
    PyTypeObject *ShmType;     /* dao.shm */
    PyTypeObject *MappingType; /* dao._Mapping, base object of zero-copy views */
    PyObject *datetime_type;   /* datetime.datetime */
    PyObject *utc;             /* datetime.timezone.utc */
} dao_module_state;

extern PyModuleDef dao_module_def;

/* The module state reached from an instance of one of our (heap) types,
 * also when the type has been subclassed in Python. */
dao_module_state *dao_state_from_type(PyTypeObject *type);

/* ---- dao-mapping.c -------------------------------------------------------
 * A libdao handle as a Python object. The dao.shm object holds one
 * reference; every zero-copy array holds another as its numpy base, and a
 * wait holds one for as long as it runs without the GIL. The handle is
 * closed (and the file unmapped) only when the last reference goes, so
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

/* ---- dao-error.c ---------------------------------------------------------
 * Raise the exception for libdao return code `rc` (< 0) and return NULL:
 * -errno → OSError subclass via errno (FileNotFoundError …), with `path`
 * (may be NULL) as filename; DAO_E_* → dao.StreamError with dao_strerror(),
 * and `code`/`code_name` attributes. */
PyObject *dao_raise(dao_module_state *st, int rc, PyObject *path);

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
int dao_wait_semaphore(dao_module_state *st, dao_mapping *m, unsigned slot, int64_t timeout_ns);
int dao_wait_counter(dao_module_state *st, dao_mapping *m, uint64_t seen, int64_t timeout_ns);

/* ---- dao-shm.c ----------------------------------------------------------- */
typedef struct {
    PyObject_HEAD
    dao_mapping *mapping;  /* NULL once closed */
    PyObject *path;        /* str, kept for repr() after close */
    uint64_t last_counter; /* counter of the last frame this handle returned */
} dao_shm;

extern PyType_Spec dao_shm_spec;

/* The open mapping, or NULL with ValueError("… closed stream"). Borrowed. */
dao_mapping *dao_shm_mapping(dao_shm *self);

/* Write `array` as one frame, converting by the set_data rule. 0 or -1. */
int dao_shm_write(dao_module_state *st, dao_mapping *m, PyObject *array);

/* Method tables of the other units, gathered by dao-shm.c. */
PyObject *dao_shm_get_data(dao_shm *self, PyObject *args, PyObject *kwargs);
PyObject *dao_shm_set_data(dao_shm *self, PyObject *array);
PyObject *dao_shm_get_counter(dao_shm *self, PyObject *unused);
PyObject *dao_shm_get_timestamp(dao_shm *self, PyObject *unused);
PyObject *dao_shm_get_meta_data(dao_shm *self, PyObject *unused);
PyObject *dao_shm_get_keywords(dao_shm *self, PyObject *unused);
PyObject *dao_shm_get_keyword(dao_shm *self, PyObject *name);
PyObject *dao_shm_set_keyword(dao_shm *self, PyObject *args, PyObject *kwargs);

extern const char dao_shm_get_data_doc[];
extern const char dao_shm_set_data_doc[];
extern const char dao_shm_get_counter_doc[];
extern const char dao_shm_get_timestamp_doc[];
extern const char dao_shm_get_meta_data_doc[];
extern const char dao_shm_get_keywords_doc[];
extern const char dao_shm_get_keyword_doc[];
extern const char dao_shm_set_keyword_doc[];

#endif /* DAO_PYTHON_H */
