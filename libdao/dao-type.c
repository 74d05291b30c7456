/* dao-type.c — the twelve element types of the format (§4). */
#include <string.h>

#include "dao-private.h"

static const struct {
    size_t size;
    const char *name;  /* numpy's name */
    const char *alias; /* C-ish name */
} types[DAO_TYPE_LAST + 1] = {
    [DAO_UINT8] = {1, "uint8", NULL},
    [DAO_INT8] = {1, "int8", NULL},
    [DAO_UINT16] = {2, "uint16", NULL},
    [DAO_INT16] = {2, "int16", NULL},
    [DAO_UINT32] = {4, "uint32", NULL},
    [DAO_INT32] = {4, "int32", NULL},
    [DAO_UINT64] = {8, "uint64", NULL},
    [DAO_INT64] = {8, "int64", NULL},
    [DAO_FLOAT] = {4, "float32", "float"},
    [DAO_DOUBLE] = {8, "float64", "double"},
    [DAO_COMPLEX_FLOAT] = {8, "complex64", "complex_float"},
    [DAO_COMPLEX_DOUBLE] = {16, "complex128", "complex_double"},
};

static bool type_is_valid(dao_type type)
{
    return type >= DAO_TYPE_FIRST && type <= DAO_TYPE_LAST;
}

size_t dao_type_size(dao_type type)
{
    return type_is_valid(type) ? types[type].size : 0;
}

const char *dao_type_name(dao_type type)
{
    if (type == DAO_FLOAT16)
        return "float16"; /* a milk type: named, never served */
    return type_is_valid(type) ? types[type].name : NULL;
}

int dao_type_from_name(const char *name)
{
    if (!name)
        return DAO_E_BAD_TYPE;
    for (dao_type t = DAO_TYPE_FIRST; t <= DAO_TYPE_LAST; t++) {
        if (strcmp(name, types[t].name) == 0 || (types[t].alias && strcmp(name, types[t].alias) == 0))
            return t;
    }
    return DAO_E_BAD_TYPE;
}
