/* remote-error.c — texts for the remote library's codes and states. */
#include "dao-remote.h"

const char *dao_remote_strerror(int code)
{
    switch (code) {
#define DAO_REMOTE__ERROR_TEXT(name, value, text) \
    case DAO_REMOTE_E_##name:                     \
        return text;
        DAO_REMOTE_ERROR_MAP(DAO_REMOTE__ERROR_TEXT)
#undef DAO_REMOTE__ERROR_TEXT
    default:
        return dao_strerror(code);
    }
}

const char *dao_remote_err_name(int code)
{
    switch (code) {
#define DAO_REMOTE__ERROR_NAME(name, value, text) \
    case DAO_REMOTE_E_##name:                     \
        return "DAO_REMOTE_E_" #name;
        DAO_REMOTE_ERROR_MAP(DAO_REMOTE__ERROR_NAME)
#undef DAO_REMOTE__ERROR_NAME
    default:
        return dao_err_name(code);
    }
}

const char *dao_remote_state_name(dao_remote_state state)
{
    switch (state) {
    case DAO_REMOTE_CONNECTING:
        return "connecting";
    case DAO_REMOTE_LIVE:
        return "live";
    case DAO_REMOTE_STALE:
        return "stale";
    case DAO_REMOTE_GONE:
        return "gone";
    case DAO_REMOTE_INVALID:
        return "invalid";
    case DAO_REMOTE_RECREATED:
        return "recreated";
    case DAO_REMOTE_DISCONNECTED:
        return "disconnected";
    case DAO_REMOTE_RECONNECTING:
        return "reconnecting";
    }
    return "unknown";
}
