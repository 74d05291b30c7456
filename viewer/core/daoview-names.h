/* daoview-names.h — the stable names of every choice daoview offers, in one
 * place: GSettings values, command-line arguments, action targets in the
 * menus and the words of --print-state all use them, so they are never
 * translated and never change once released.
 *
 * For each enum, _name() returns the lowercase name of a value (NULL for a
 * value outside the enum) and _from_name() the value of a name (-1 for an
 * unknown name or NULL).
 */
#ifndef DAOVIEW_NAMES_H
#define DAOVIEW_NAMES_H

#include "daoview-analysis.h"
#include "daoview-levels.h"
#include "daoview-overlay.h"
#include "daoview-pipeline.h"
#include "daoview-render.h"
#include "daoview-stream-state.h"

/* What can be saved of the frame on screen. */
typedef enum {
  DAOVIEW_SAVE_VIEW_PNG, /* the view with its colour bar */
  DAOVIEW_SAVE_FITS,     /* the raw frame and its header */
  DAOVIEW_SAVE_NPY,      /* the raw frame, and its header as JSON */
  DAOVIEW_N_SAVE_KINDS
} DaoviewSaveKind;

/* "grey", "viridis", "inferno", "diverging", "cyclic" */
const char *daoview_colormap_name (DaoviewColormap colormap);
int daoview_colormap_from_name (const char *name);

/* "linear", "log", "sqrt", "asinh" */
const char *daoview_scale_name (DaoviewScale scale);
int daoview_scale_from_name (const char *name);

/* "amplitude", "phase", "real", "imaginary" */
const char *daoview_complex_part_name (DaoviewComplexPart part);
int daoview_complex_part_from_name (const char *name);

/* "minmax", "percentile", "manual" */
const char *daoview_level_mode_name (DaoviewLevelMode mode);
int daoview_level_mode_from_name (const char *name);

/* "follow", "freeze", "manual" */
const char *daoview_level_policy_name (DaoviewLevelPolicy policy);
int daoview_level_policy_from_name (const char *name);

/* "image", "row", "column" */
const char *daoview_plot_mode_name (DaoviewPlotMode mode);
int daoview_plot_mode_from_name (const char *name);

/* "pan", "line", "rect" */
const char *daoview_tool_name (DaoviewTool tool);
int daoview_tool_from_name (const char *name);

/* "waiting", "live", "stale", "writer-gone", "recreated", "invalid",
 * "disconnected", "reconnecting" */
const char *daoview_stream_state_name (DaoviewStreamState state);
int daoview_stream_state_from_name (const char *name);

/* "view", "fits", "npy" */
const char *daoview_save_kind_name (DaoviewSaveKind kind);
int daoview_save_kind_from_name (const char *name);

/* "off", "centre", "centroid", "position" */
const char *daoview_reticle_name (DaoviewReticle reticle);
int daoview_reticle_from_name (const char *name);

#endif /* DAOVIEW_NAMES_H */
