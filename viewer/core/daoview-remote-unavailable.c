/* daoview-remote-unavailable.c — daoview-remote.h where libdao-remote is
 * not built (the `remote` option found no libzmq or liblz4): a server's
 * address is still recognised, so that the user is told why it cannot be
 * listed, and there is no remote source class (a tcp:// location is then
 * opened as a file and reported missing). */
#include <string.h>

#include "daoview-remote.h"

bool
daoview_remote_available (void)
{
  return false;
}

int
daoview_remote_use_keys (const char *dir)
{
  return dir ? DAOVIEW_REMOTE_E_UNAVAILABLE : 0;
}

bool
daoview_remote_is_server (const char *location)
{
  if (!location || strncmp (location, "tcp://", 6) != 0)
    return false;
  const char *slash = strchr (location + 6, '/');
  return !slash || slash[1] == '\0';
}

int
daoview_remote_list (const char *server, int64_t timeout_ns, DaoviewRemoteEntry **entries,
                     size_t *count)
{
  *entries = NULL;
  *count = 0;
  return DAOVIEW_REMOTE_E_UNAVAILABLE;
}

const char *
daoview_remote_strerror (int code)
{
  return code == DAOVIEW_REMOTE_E_UNAVAILABLE
             ? "this daoview was built without remote streams (libzmq, liblz4)"
             : NULL;
}
