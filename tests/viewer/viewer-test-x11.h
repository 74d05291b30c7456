/* viewer-test-x11.h — the X pointer, for tests that need it over daoview's
 * image (under Xvfb, no window manager). */
#pragma once

#include <X11/Xlib.h>
#include <glib.h>

/* GTK's display and the X connection to it, or exit 77 (skipped) when
 * there is no display. */
Display *vt_x11_open (void);

/* Move the pointer to the middle of the largest mapped top-level window —
 * daoview's, in a test that runs alone on the screen (meson's is_parallel:
 * false) — arriving from a few pixels away so that the server sends motion.
 * Fails the test if there is no window. */
void vt_point_at_window_middle (Display *dpy);

/* The largest mapped top-level window's origin on the screen (daoview's,
 * as above). */
void vt_window_origin (Display *dpy, int *x, int *y);

/* Synthesized input through the XTest extension, as a user's would come
 * (libXtst is loaded at run time: no build dependency). FALSE when XTest
 * cannot be had; the test should then exit 77. Coordinates are the
 * screen's. */
gboolean vt_xtest_available (Display *dpy);

/* Press `button` at (x0, y0), move to (x1, y1) in steps, release. */
void vt_xtest_drag (Display *dpy, unsigned button, int x0, int y0, int x1, int y1);

/* Type a key (a keysym name such as "l", "Home", "Return", "Tab"), with
 * the modifier key `modifier` ("Control_L", "Shift_L"; NULL: none) held. */
void vt_xtest_key (Display *dpy, const char *keysym, const char *modifier);

/* Type text, one key per character (digits, letters, '.', '-', 'e'). */
void vt_xtest_type (Display *dpy, const char *text);
