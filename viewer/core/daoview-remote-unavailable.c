/* daoview-remote-unavailable.c — daoview-remote.h and the remote source
 * class where libdao-remote is not built (the `remote` option found no
 * libzmq or liblz4): tcp:// locations are still recognised, so that the
 * user is told why they cannot be shown or listed (the stream is invalid,
 * "built without remote streams") instead of waiting for a file of that
 * name for ever. */
#include <errno.h>
#include <string.h>

#include "daoview-remote.h"
#include "daoview-source.h"

bool
daoview_remote_available (void)
{
  return false;
}

bool
daoview_remote_is_format (const char *format)
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

static int
unavailable_accepts (const char *location)
{
  return strncmp (location, "tcp://", 6) == 0 ? 10 : 0;
}

static int
unavailable_open (DaoviewSource **out, const char *location, const DaoviewSourceOptions *options)
{
  *out = NULL;
  return DAOVIEW_REMOTE_E_UNAVAILABLE;
}

/* Never called: no source of this class is ever open. */
static void
unavailable_close (DaoviewSource *source)
{
}

static uint64_t
unavailable_counter (DaoviewSource *source)
{
  return 0;
}

static int
unavailable_copy (DaoviewSource *source, void *dst, size_t size, DaoviewSourceFrameInfo *info)
{
  return DAOVIEW_REMOTE_E_UNAVAILABLE;
}

static int
unavailable_check (DaoviewSource *source, DaoviewSourceHealth *health)
{
  return DAOVIEW_REMOTE_E_UNAVAILABLE;
}

const DaoviewSourceClass daoview_remote_source_class = {
  .name = "remote",
  .accepts = unavailable_accepts,
  .open = unavailable_open,
  .close = unavailable_close,
  .counter = unavailable_counter,
  .copy_newest = unavailable_copy,
  .check = unavailable_check,
  .strerror = daoview_remote_strerror,
};
