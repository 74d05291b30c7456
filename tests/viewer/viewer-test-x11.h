/* viewer-test-x11.h — the X pointer, for tests that need it over daoview's
 * image (under Xvfb, no window manager). */
#pragma once

#include <X11/Xlib.h>

/* GTK's display and the X connection to it, or exit 77 (skipped) when
 * there is no display. */
Display *vt_x11_open (void);

/* Move the pointer to the middle of the largest mapped top-level window —
 * daoview's, in a test that runs alone on the screen (meson's is_parallel:
 * false) — arriving from a few pixels away so that the server sends motion.
 * Fails the test if there is no window. */
void vt_point_at_window_middle (Display *dpy);
