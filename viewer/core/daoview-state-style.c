/* daoview-state-style.c — the border and dimming of each state (see
 * daoview-state-style.h; GNOME's palette, as the header bar's icons). */
#include "daoview-state-style.h"

#define AMBER 0xe5a50au
#define RED 0xe01b24u
#define BLUE 0x3584e4u

DaoviewStateStyle
daoview_state_style (DaoviewStreamState state)
{
  switch (state)
    {
    case DAOVIEW_STREAM_STALE:
    case DAOVIEW_STREAM_RECONNECTING:
      return (DaoviewStateStyle) { true, AMBER, 0.35 };
    case DAOVIEW_STREAM_WRITER_GONE:
    case DAOVIEW_STREAM_DISCONNECTED:
      return (DaoviewStateStyle) { true, RED, 0.6 };
    case DAOVIEW_STREAM_RECREATED:
      return (DaoviewStateStyle) { true, BLUE, 0 };
    default:
      return (DaoviewStateStyle) { false, 0, 0 };
    }
}
