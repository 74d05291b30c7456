/* viewer-test-x11.c — moving the X pointer over daoview's window. */
#include "viewer-test-x11.h"

#include <dlfcn.h>
#include <glib.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The largest mapped top-level window: x, y, width, height. */
static void
largest_window (Display *dpy, int *x, int *y, int *w, int *h)
{
  Window root = DefaultRootWindow (dpy), parent, *children = NULL;
  unsigned n = 0;
  int best = 0;

  XQueryTree (dpy, root, &root, &parent, &children, &n);
  for (unsigned i = 0; i < n; i++)
    {
      XWindowAttributes a;
      if (XGetWindowAttributes (dpy, children[i], &a) && a.map_state == IsViewable
          && a.width * a.height > best)
        best = a.width * a.height, *x = a.x, *y = a.y, *w = a.width, *h = a.height;
    }
  if (children)
    XFree (children);
  VT_CHECK (best > 0, "no daoview window on the X screen");
}

void
vt_window_origin (Display *dpy, int *x, int *y)
{
  int w, h;
  largest_window (dpy, x, y, &w, &h);
}

/* ---- XTest, loaded at run time ----------------------------------------- */

typedef int (*FakeButton) (Display *, unsigned, Bool, unsigned long);
typedef int (*FakeMotion) (Display *, int, int, int, unsigned long);
typedef int (*FakeKey) (Display *, unsigned, Bool, unsigned long);
static FakeButton fake_button;
static FakeMotion fake_motion;
static FakeKey fake_key;

gboolean
vt_xtest_available (Display *dpy)
{
  int event, error, major, minor;
  void *lib = dlopen ("libXtst.so.6", RTLD_NOW);
  if (!lib)
    return FALSE;
  Bool (*query) (Display *, int *, int *, int *, int *) = NULL;
  /* ISO C has no conversion from dlsym()'s object pointer to a function
   * pointer; POSIX guarantees the bytes are the same. */
  void *sym;
#define LOAD(var, name) (sym = dlsym (lib, name), memcpy (&(var), &sym, sizeof sym))
  LOAD (query, "XTestQueryExtension");
  LOAD (fake_button, "XTestFakeButtonEvent");
  LOAD (fake_motion, "XTestFakeMotionEvent");
  LOAD (fake_key, "XTestFakeKeyEvent");
#undef LOAD
  return query && fake_button && fake_motion && fake_key && query (dpy, &event, &error, &major, &minor);
}

static void
move (Display *dpy, int x, int y)
{
  fake_motion (dpy, -1, x, y, CurrentTime);
  XFlush (dpy);
  g_usleep (20000);
}

void
vt_xtest_drag (Display *dpy, unsigned button, int x0, int y0, int x1, int y1)
{
  move (dpy, x0 - 3, y0 - 3);
  move (dpy, x0, y0);
  fake_button (dpy, button, True, CurrentTime);
  XFlush (dpy);
  g_usleep (50000);
  for (int i = 1; i <= 10; i++)
    move (dpy, x0 + (x1 - x0) * i / 10, y0 + (y1 - y0) * i / 10);
  g_usleep (50000);
  fake_button (dpy, button, False, CurrentTime);
  XFlush (dpy);
  g_usleep (100000);
}

void
vt_xtest_key (Display *dpy, const char *keysym, const char *modifier)
{
  KeyCode code = XKeysymToKeycode (dpy, XStringToKeysym (keysym));
  KeyCode mod = modifier ? XKeysymToKeycode (dpy, XStringToKeysym (modifier)) : 0;
  VT_CHECK (code && (!modifier || mod), "no key for %s", keysym);
  if (mod)
    fake_key (dpy, mod, True, CurrentTime);
  fake_key (dpy, code, True, CurrentTime);
  fake_key (dpy, code, False, CurrentTime);
  if (mod)
    fake_key (dpy, mod, False, CurrentTime);
  XFlush (dpy);
  g_usleep (30000);
}

void
vt_xtest_type (Display *dpy, const char *text)
{
  for (const char *c = text; *c; c++)
    {
      char name[2] = { *c, 0 };
      vt_xtest_key (dpy, *c == '.' ? "period" : *c == '-' ? "minus" : name, NULL);
    }
}

void
vt_point_at_window_middle (Display *dpy)
{
  Window root = DefaultRootWindow (dpy);
  int x = 0, y = 0, w = 0, h = 0;
  largest_window (dpy, &x, &y, &w, &h);
  XWarpPointer (dpy, None, root, 0, 0, 0, 0, x + w / 2 - 7, y + h / 2 - 5);
  XFlush (dpy);
  g_usleep (100000);
  XWarpPointer (dpy, None, root, 0, 0, 0, 0, x + w / 2, y + h / 2);
  XFlush (dpy);
}
