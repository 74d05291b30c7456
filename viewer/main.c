/* main.c — gettext, then the application. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "daoview-application.h"

int
main (int argc, char *argv[])
{
  /* Translations can be tried uninstalled: DAOVIEW_LOCALEDIR=build/po. */
  const char *localedir = g_getenv ("DAOVIEW_LOCALEDIR");

  /* Every pixel daoview shows is drawn by cairo on the CPU (the render layer
   * is plain C), so GSK's cairo renderer puts it on screen with no texture
   * upload. On this project's reference machine (Xvfb, llvmpipe) it draws
   * a 256² stream at 60 Hz where the GL renderer reaches 9 Hz (see
   * tests/viewer/bench-viewer). GSK_RENDERER still overrides it. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_autoptr (DaoviewApplication) app = daoview_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
