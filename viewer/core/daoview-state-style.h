/* daoview-state-style.h — how the image shows the stream's state, so that
 * it cannot be missed from across the lab: a coloured border round the
 * image, and the image dimmed when what it shows is no longer current.
 * The window and the offscreen screenshot draw the same. GTK-free.
 *
 *   state                         border (RGB)          dimmed by
 *   live, waiting, invalid        none                  0 (waiting and invalid
 *                                                          say why over the image)
 *   stale, reconnecting           amber   #e5a50a       35 %
 *   writer gone, disconnected     red     #e01b24       60 %
 *   recreated (its first second)  blue    #3584e4       0
 */
#ifndef DAOVIEW_STATE_STYLE_H
#define DAOVIEW_STATE_STYLE_H

#include <stdbool.h>
#include <stdint.h>

#include "daoview-stream-state.h"

#define DAOVIEW_STATE_BORDER_WIDTH 4 /* px, inside the image's area */

typedef struct {
  bool border;       /* draw one */
  uint32_t rgb;      /* its colour, 0xRRGGBB */
  double dim;        /* 0 … 1: the fraction of black painted over the image */
} DaoviewStateStyle;

DaoviewStateStyle daoview_state_style (DaoviewStreamState state);

#endif /* DAOVIEW_STATE_STYLE_H */
