/* daoview-headless.h — --save-* and --screenshot with no display at all
 * (over ssh, on a real-time computer without a screen): the same session,
 * pipeline and --print-state lines as a window, with no window. The
 * screenshot is drawn offscreen with cairo: the stream's name and state,
 * the image with its colour bar or the line plot the window would show,
 * the status bar's figures. */
#pragma once

#include <gio/gio.h>

#include "daoview-options.h"

G_BEGIN_DECLS

/* Watch `location` until the options' headless work is done, then return
 * the exit status (0, or 1 when there is nothing to watch). */
int daoview_headless_run (GSettings *settings, const DaoviewOptions *options, const char *location);

G_END_DECLS
