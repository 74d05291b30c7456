/* daoview-element.c — one element's value, for the pointer read-out and the
 * slow paths; the pixel loops use the inline getters directly. */
#include "daoview-element-private.h"

int daoview__getter_for(dao_type type, DaoviewComplexPart part)
{
    switch (type) {
    case DAO_UINT8: return DAOVIEW__GET_u8;
    case DAO_INT8: return DAOVIEW__GET_i8;
    case DAO_UINT16: return DAOVIEW__GET_u16;
    case DAO_INT16: return DAOVIEW__GET_i16;
    case DAO_UINT32: return DAOVIEW__GET_u32;
    case DAO_INT32: return DAOVIEW__GET_i32;
    case DAO_UINT64: return DAOVIEW__GET_u64;
    case DAO_INT64: return DAOVIEW__GET_i64;
    case DAO_FLOAT: return DAOVIEW__GET_f32;
    case DAO_DOUBLE: return DAOVIEW__GET_f64;
    case DAO_COMPLEX_FLOAT:
        switch (part) {
        case DAOVIEW_COMPLEX_PHASE: return DAOVIEW__GET_cf_phase;
        case DAOVIEW_COMPLEX_REAL: return DAOVIEW__GET_cf_re;
        case DAOVIEW_COMPLEX_IMAGINARY: return DAOVIEW__GET_cf_im;
        case DAOVIEW_COMPLEX_AMPLITUDE:
        default: return DAOVIEW__GET_cf_amp;
        }
    case DAO_COMPLEX_DOUBLE:
        switch (part) {
        case DAOVIEW_COMPLEX_PHASE: return DAOVIEW__GET_cd_phase;
        case DAOVIEW_COMPLEX_REAL: return DAOVIEW__GET_cd_re;
        case DAOVIEW_COMPLEX_IMAGINARY: return DAOVIEW__GET_cd_im;
        case DAOVIEW_COMPLEX_AMPLITUDE:
        default: return DAOVIEW__GET_cd_amp;
        }
    }
    return -1;
}

static const DaoviewGetFn getters[DAOVIEW__N_GETTERS] = {
#define GETTER_ENTRY(name) [DAOVIEW__GET_##name] = daoview__get_##name,
    DAOVIEW__FOR_EACH_GETTER(GETTER_ENTRY)
#undef GETTER_ENTRY
};

double daoview_element_value(dao_type type, const void *data, size_t index,
                             DaoviewComplexPart part)
{
    int g = daoview__getter_for(type, part);
    if (g < 0 || !data)
        return NAN;
    return getters[g](data, index);
}
