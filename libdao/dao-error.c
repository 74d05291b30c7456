/* dao-error.c — return codes to words. */
#include <errno.h>
#include <string.h>

#include "dao-private.h"

const char *dao_strerror(int code)
{
    switch (code) {
    case 0:
        return "success";
#define DAO__ERROR_TEXT(name, value, text) \
    case DAO_E_##name:                     \
        return text;
        DAO_ERROR_MAP(DAO__ERROR_TEXT)
#undef DAO__ERROR_TEXT
    default:
        break;
    }
    /* strerrordesc_np is thread-safe and never formats into a buffer. */
    const char *text = code < 0 ? strerrordesc_np(-code) : NULL;
    return text ? text : "unknown error";
}

const char *dao_err_name(int code)
{
    switch (code) {
    case 0:
        return "OK";
#define DAO__ERROR_NAME(name, value, text) \
    case DAO_E_##name:                     \
        return "DAO_E_" #name;
        DAO_ERROR_MAP(DAO__ERROR_NAME)
#undef DAO__ERROR_NAME
    default:
        break;
    }
    const char *name = code < 0 ? strerrorname_np(-code) : NULL;
    return name ? name : "UNKNOWN";
}

bool dao_error_is_protocol(int code)
{
    switch (code) {
#define DAO__ERROR_CASE(name, value, text) case DAO_E_##name:
        DAO_ERROR_MAP(DAO__ERROR_CASE)
#undef DAO__ERROR_CASE
        return true;
    default:
        return false;
    }
}
