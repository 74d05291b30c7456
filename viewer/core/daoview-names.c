/* daoview-names.c — the stable names of daoview's choices (see
 * daoview-names.h): one table per enum, indexed by value. */
#include <string.h>

#include "daoview-names.h"

static const char *const colormap_names[DAOVIEW_N_COLORMAPS] = {
    [DAOVIEW_COLORMAP_GREY] = "grey",
    [DAOVIEW_COLORMAP_VIRIDIS] = "viridis",
    [DAOVIEW_COLORMAP_INFERNO] = "inferno",
    [DAOVIEW_COLORMAP_DIVERGING] = "diverging",
    [DAOVIEW_COLORMAP_CYCLIC] = "cyclic",
};

static const char *const scale_names[DAOVIEW_N_SCALES] = {
    [DAOVIEW_SCALE_LINEAR] = "linear",
    [DAOVIEW_SCALE_LOG] = "log",
    [DAOVIEW_SCALE_SQRT] = "sqrt",
    [DAOVIEW_SCALE_ASINH] = "asinh",
};

static const char *const complex_part_names[DAOVIEW_N_COMPLEX_PARTS] = {
    [DAOVIEW_COMPLEX_AMPLITUDE] = "amplitude",
    [DAOVIEW_COMPLEX_PHASE] = "phase",
    [DAOVIEW_COMPLEX_REAL] = "real",
    [DAOVIEW_COMPLEX_IMAGINARY] = "imaginary",
};

static const char *const level_mode_names[DAOVIEW_N_LEVEL_MODES] = {
    [DAOVIEW_LEVEL_MODE_MINMAX] = "minmax",
    [DAOVIEW_LEVEL_MODE_PERCENTILE] = "percentile",
    [DAOVIEW_LEVEL_MODE_MANUAL] = "manual",
};

static const char *const level_policy_names[DAOVIEW_N_LEVEL_POLICIES] = {
    [DAOVIEW_LEVEL_POLICY_FOLLOW] = "follow",
    [DAOVIEW_LEVEL_POLICY_FREEZE] = "freeze",
    [DAOVIEW_LEVEL_POLICY_MANUAL] = "manual",
};

static const char *const plot_mode_names[DAOVIEW_N_PLOT_MODES] = {
    [DAOVIEW_PLOT_IMAGE] = "image",
    [DAOVIEW_PLOT_ROW] = "row",
    [DAOVIEW_PLOT_COLUMN] = "column",
};

static const char *const tool_names[DAOVIEW_N_TOOLS] = {
    [DAOVIEW_TOOL_PAN] = "pan",
    [DAOVIEW_TOOL_LINE] = "line",
    [DAOVIEW_TOOL_RECT] = "rect",
};

static const char *const stream_state_names[DAOVIEW_N_STREAM_STATES] = {
    [DAOVIEW_STREAM_WAITING] = "waiting",
    [DAOVIEW_STREAM_LIVE] = "live",
    [DAOVIEW_STREAM_STALE] = "stale",
    [DAOVIEW_STREAM_WRITER_GONE] = "writer-gone",
    [DAOVIEW_STREAM_RECREATED] = "recreated",
    [DAOVIEW_STREAM_INVALID] = "invalid",
    [DAOVIEW_STREAM_DISCONNECTED] = "disconnected",
    [DAOVIEW_STREAM_RECONNECTING] = "reconnecting",
    [DAOVIEW_STREAM_RECORDED] = "recorded",
};

static const char *const save_kind_names[DAOVIEW_N_SAVE_KINDS] = {
    [DAOVIEW_SAVE_VIEW_PNG] = "view",
    [DAOVIEW_SAVE_FITS] = "fits",
    [DAOVIEW_SAVE_NPY] = "npy",
};

static int index_of(const char *const *names, int count, const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < count; i++) {
        if (names[i] && strcmp(names[i], name) == 0)
            return i;
    }
    return -1;
}

#define DEFINE_NAMES(prefix, type, table, count)                                  \
    const char *daoview_##prefix##_name(type value)                               \
    {                                                                             \
        return (unsigned)value < (unsigned)(count) ? table[value] : NULL;          \
    }                                                                             \
    int daoview_##prefix##_from_name(const char *name)                            \
    {                                                                             \
        return index_of(table, (count), name);                                    \
    }

DEFINE_NAMES(colormap, DaoviewColormap, colormap_names, DAOVIEW_N_COLORMAPS)
DEFINE_NAMES(scale, DaoviewScale, scale_names, DAOVIEW_N_SCALES)
DEFINE_NAMES(complex_part, DaoviewComplexPart, complex_part_names, DAOVIEW_N_COMPLEX_PARTS)
DEFINE_NAMES(level_mode, DaoviewLevelMode, level_mode_names, DAOVIEW_N_LEVEL_MODES)
DEFINE_NAMES(level_policy, DaoviewLevelPolicy, level_policy_names, DAOVIEW_N_LEVEL_POLICIES)
DEFINE_NAMES(plot_mode, DaoviewPlotMode, plot_mode_names, DAOVIEW_N_PLOT_MODES)
DEFINE_NAMES(tool, DaoviewTool, tool_names, DAOVIEW_N_TOOLS)
DEFINE_NAMES(stream_state, DaoviewStreamState, stream_state_names, DAOVIEW_N_STREAM_STATES)
DEFINE_NAMES(save_kind, DaoviewSaveKind, save_kind_names, DAOVIEW_N_SAVE_KINDS)

/* The overlays' reticle (daoview-overlay.h). */
static const char *const reticle_names[DAOVIEW_N_RETICLES] = {
    [DAOVIEW_RETICLE_OFF] = "off",
    [DAOVIEW_RETICLE_CENTRE] = "centre",
    [DAOVIEW_RETICLE_CENTROID] = "centroid",
    [DAOVIEW_RETICLE_POSITION] = "position",
};

DEFINE_NAMES(reticle, DaoviewReticle, reticle_names, DAOVIEW_N_RETICLES)
