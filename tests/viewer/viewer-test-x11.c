/* viewer-test-x11.c — moving the X pointer over daoview's window. */
#include "viewer-test-x11.h"

#include <glib.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>

#include "viewer-test-util.h"

Display *
vt_x11_open (void)
{
  if (!gtk_init_check ())
    {
      printf ("SKIP: no display\n");
      exit (77);
    }
  Display *dpy = XOpenDisplay (NULL);
  VT_CHECK (dpy, "cannot open the X display");
  return dpy;
}

void
vt_point_at_window_middle (Display *dpy)
{
  Window root = DefaultRootWindow (dpy), parent, *children = NULL;
  unsigned n = 0;
  int best = 0, x = 0, y = 0, w = 0, h = 0;

  XQueryTree (dpy, root, &root, &parent, &children, &n);
  for (unsigned i = 0; i < n; i++)
    {
      XWindowAttributes a;
      if (XGetWindowAttributes (dpy, children[i], &a) && a.map_state == IsViewable
          && a.width * a.height > best)
        best = a.width * a.height, x = a.x, y = a.y, w = a.width, h = a.height;
    }
  if (children)
    XFree (children);
  VT_CHECK (best > 0, "no daoview window on the X screen");
  XWarpPointer (dpy, None, root, 0, 0, 0, 0, x + w / 2 - 7, y + h / 2 - 5);
  XFlush (dpy);
  g_usleep (100000);
  XWarpPointer (dpy, None, root, 0, 0, 0, 0, x + w / 2, y + h / 2);
  XFlush (dpy);
}
