/* daoview-names.c — the stable names of colormaps, scales and complex parts,
 * used in GSettings and on the command line (so never translated). */
#include <string.h>

#include "daoview-render.h"

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

static int index_of(const char *const *names, int count, const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < count; i++) {
        if (strcmp(names[i], name) == 0)
            return i;
    }
    return -1;
}

const char *daoview_colormap_name(DaoviewColormap colormap)
{
    return (unsigned)colormap < DAOVIEW_N_COLORMAPS ? colormap_names[colormap] : NULL;
}

int daoview_colormap_from_name(const char *name)
{
    return index_of(colormap_names, DAOVIEW_N_COLORMAPS, name);
}

const char *daoview_scale_name(DaoviewScale scale)
{
    return (unsigned)scale < DAOVIEW_N_SCALES ? scale_names[scale] : NULL;
}

int daoview_scale_from_name(const char *name)
{
    return index_of(scale_names, DAOVIEW_N_SCALES, name);
}

const char *daoview_complex_part_name(DaoviewComplexPart part)
{
    return (unsigned)part < DAOVIEW_N_COMPLEX_PARTS ? complex_part_names[part] : NULL;
}

int daoview_complex_part_from_name(const char *name)
{
    return index_of(complex_part_names, DAOVIEW_N_COMPLEX_PARTS, name);
}
