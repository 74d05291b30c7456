/* daoview-printer.h — `daoview --print-state`: what a window says through
 * its signals, printed on standard output in the lines of daoview-report.h. */
#pragma once

#include "daoview-window.h"

G_BEGIN_DECLS

void daoview_printer_attach (DaoviewWindow *window);

G_END_DECLS
