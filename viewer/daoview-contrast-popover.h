/* daoview-contrast-popover.h — the levels typed by hand: a popover with the
 * high and low values, Apply, and Automatic.
 *
 * It only edits numbers: the window fills it with the levels in force when
 * it opens (daoview_contrast_popover_set_levels) and acts on its signals:
 * "apply" (double low, double high), emitted for two numbers with
 * low < high (Enter in either entry, or Apply; anything else is refused in
 * the popover, with the reason, and nothing is emitted), and "automatic"
 * (back to the automatic levels). Numbers are read in the C locale's
 * notation (1e3, -0.5), as they are printed everywhere else.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define DAOVIEW_TYPE_CONTRAST_POPOVER (daoview_contrast_popover_get_type ())
G_DECLARE_FINAL_TYPE (DaoviewContrastPopover, daoview_contrast_popover, DAOVIEW, CONTRAST_POPOVER, GtkPopover)

void daoview_contrast_popover_set_levels (DaoviewContrastPopover *self, double low, double high);

G_END_DECLS
