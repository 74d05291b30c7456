/* daoview-stream-status.c — the stream's state in words. */
#include "daoview-stream-status.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>

void
daoview_stream_status_clear (DaoviewStreamStatus *status)
{
  g_clear_error (&status->error);
}

char *
daoview_stream_status_text (const DaoviewStreamStatus *status)
{
  switch (status->state)
    {
    case DAOVIEW_STREAM_WAITING:
      return g_strdup (_("Waiting for the stream"));
    case DAOVIEW_STREAM_LIVE:
      return g_strdup (_("Live"));
    case DAOVIEW_STREAM_STALE:
      return g_strdup_printf (_("Stale: last frame %.1f s ago"), status->age);
    case DAOVIEW_STREAM_WRITER_GONE:
      return g_strdup_printf (_("Writer gone: last frame %.1f s ago"), status->age);
    case DAOVIEW_STREAM_RECREATED:
      return g_strdup (_("Recreated: reattached to the new stream"));
    case DAOVIEW_STREAM_INVALID:
      return g_strdup (_("Invalid stream"));
    case DAOVIEW_STREAM_DISCONNECTED:
      return g_strdup_printf (_("Disconnected: last frame %.1f s ago"), status->age);
    case DAOVIEW_STREAM_RECONNECTING:
      return g_strdup (_("Reconnecting"));
    case DAOVIEW_STREAM_RECORDED:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Recording of %" PRIu64 " frame",
                                           "Recording of %" PRIu64 " frames",
                                           status->frame_count),
                              status->frame_count);
    default:
      return g_strdup ("");
    }
}
