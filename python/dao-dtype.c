/* dao-dtype.c — the twelve DAO element types as numpy dtypes, and the rule
 * for converting what set_data is given into the stream's type. */
#include "dao-python.h"

static const struct {
    dao_type dao;
    int numpy;
} type_table[] = {
    {DAO_UINT8, NPY_UINT8},
    {DAO_INT8, NPY_INT8},
    {DAO_UINT16, NPY_UINT16},
    {DAO_INT16, NPY_INT16},
    {DAO_UINT32, NPY_UINT32},
    {DAO_INT32, NPY_INT32},
    {DAO_UINT64, NPY_UINT64},
    {DAO_INT64, NPY_INT64},
    {DAO_FLOAT, NPY_FLOAT32},
    {DAO_DOUBLE, NPY_FLOAT64},
    {DAO_COMPLEX_FLOAT, NPY_COMPLEX64},
    {DAO_COMPLEX_DOUBLE, NPY_COMPLEX128},
};

#define TYPE_COUNT (sizeof(type_table) / sizeof(type_table[0]))

int dao_dtype_to_numpy(dao_type type)
{
    /* A milk stream's type: numpy has it, so the stream's dtype says what
     * it is; no DAO stream is created with it (dao_dtype_from_descr). */
    if (type == DAO_FLOAT16)
        return NPY_HALF;
    for (size_t i = 0; i < TYPE_COUNT; i++) {
        if (type_table[i].dao == type)
            return type_table[i].numpy;
    }
    return -1;
}

int dao_dtype_from_descr(PyArray_Descr *descr)
{
    /* NPY_LONGLONG and NPY_LONG are distinct type numbers of the same
     * 64-bit integer on Linux, so compare kind and size, not type numbers.
     * A byte-swapped dtype maps to the same DAO type (values are converted,
     * never copied raw). */
    if (PyDataType_HASFIELDS(descr) || PyDataType_HASSUBARRAY(descr))
        return -1;
    for (size_t i = 0; i < TYPE_COUNT; i++) {
        PyArray_Descr *candidate = PyArray_DescrFromType(type_table[i].numpy);
        bool same = candidate->kind == descr->kind && candidate->elsize == descr->elsize;
        Py_DECREF(candidate);
        if (same)
            return (int)type_table[i].dao;
    }
    return -1;
}

/* 'b' bool, 'i' integer (signed and unsigned together), 'f', 'c', else 0. */
static char kind_class(PyArray_Descr *d)
{
    switch (d->kind) {
    case 'b':
        return 'b';
    case 'i':
    case 'u':
        return 'i';
    case 'f':
        return 'f';
    case 'c':
        return 'c';
    default:
        return 0;
    }
}

/* The rule: convert only when every value of the source type is exactly
 * representable in the stream's type (numpy's 'safe' casting) AND the kind
 * stays the same — integers to integers (uint8 → int16 is fine), floats to
 * floats, complex to complex. So float32 → float64 and int16 → int32
 * convert; float64 → float32 (loses precision), int64 → float32, float →
 * int, int → float and complex → real do not: a camera loop that suddenly
 * publishes rounded or reinterpreted pixels is worse than an exception. */
bool dao_dtype_can_convert(PyArray_Descr *from, PyArray_Descr *to)
{
    char from_kind = kind_class(from);
    return from_kind != 0 && from_kind == kind_class(to) &&
           PyArray_CanCastTypeTo(from, to, NPY_SAFE_CASTING);
}
