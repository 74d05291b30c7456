/* daoview-dm-map.h — a deformable mirror's command vector drawn as the
 * mirror: which cell of a 2-D grid each actuator of a 1-D stream occupies.
 *
 * A map is a width × height grid of cells, each holding the index of the
 * actuator drawn there (0 … n_actuators - 1, the element of the vector) or
 * -1 for no actuator (drawn as NaN: the colour that no colormap uses).
 * Maps come from three places, in this order of precedence:
 *
 * 1. A file (`daoview --dm-map FILE`, or the stream keyword DMMAP naming
 *    one: see daoview_dm_map_from_keywords), chosen by its extension:
 *    - .fits/.fit/.fts, .npy: a 2-D grid (the first row of the file is the
 *      top row, as daoview saves frames). A grid whose values are all 0 or 1
 *      is a *mask* (DAO's way): its cells of value 1, taken along the rows
 *      (C order), are actuators 0, 1, 2 …. Any other grid is an *index
 *      map*: a cell of value k >= 0 is actuator k, a negative or non-finite
 *      cell is no actuator. Every actuator index must appear at most once.
 *    - .json: an array of [x, y] pairs, one per actuator in vector order,
 *      in any unit (x to the right, y downwards). The grid's pitch is the
 *      smallest non-zero difference between two actuators' x or y; actuator
 *      k goes in cell (round((x_k - min x) / pitch), round((y_k - min y) /
 *      pitch)). Two actuators in one cell are refused.
 * 2. The stream keyword DMDIAM (an integer, n): the built-in circular layout
 *    on an n × n grid (rule below) whose count is the vector's length.
 * 3. The built-in layout for the vector's length N (daoview_dm_map_new_builtin):
 *    - N = n² (n >= 2): the full n × n square (Boston Micromachines' square
 *      DMs: 144 = 12 × 12, 1024 = 32 × 32 …);
 *    - otherwise the cells of an n × n grid whose centres lie within a disc
 *      centred on the grid, for the smallest n (1 … 256) for which a disc of
 *      radius at most 1.05 · n / 2 pitches holds exactly N cell centres.
 *      This gives ALPAO's DM69 (9 across), DM97 (11 across, rows of 5, 7, 9,
 *      11 × 5, 9, 7, 5), DM241 (17), DM468 (24), DM820 (32) and DM3228 (64).
 *      A length no disc fits (2, 3, 6 …) has no built-in layout: the vector
 *      is then drawn as a line plot. Hexagonal or other makers' layouts need
 *      a file.
 *    Actuators are numbered along the rows of the grid (C order).
 *
 * GLib, no GTK: the core tests check every rule against known vectors.
 */
#pragma once

#include <glib.h>

#include "daoview-render.h"

G_BEGIN_DECLS

#define DAOVIEW_DM_MAP_MAX_SIDE 4096 /* larger grids are refused */
#define DAOVIEW_DM_MAP_BUILTIN_MAX_SIDE 256

typedef struct {
  unsigned width, height;
  unsigned n_actuators; /* the vector length it draws: one more than the highest index */
  gint32 *cells;        /* width × height, row after row: actuator index or -1 */
} DaoviewDmMap;

/* The built-in layout for a vector of n elements (see above), or NULL when
 * there is none. */
DaoviewDmMap *daoview_dm_map_new_builtin (unsigned n);

/* The circular layout on an n × n grid with `count` actuators (the disc
 * holding exactly `count` cell centres, at most the whole grid), or NULL
 * when no disc holds exactly that many. */
DaoviewDmMap *daoview_dm_map_new_circular (unsigned side, unsigned count);

/* From a grid of width × height values (a mask or an index map, see
 * above). NULL with *error set when the grid describes no map. */
DaoviewDmMap *daoview_dm_map_new_from_grid (const double *grid, unsigned width, unsigned height,
                                            GError **error);

/* From [x, y] coordinates of n actuators (see the .json rule above). */
DaoviewDmMap *daoview_dm_map_new_from_coordinates (const double *x, const double *y, unsigned n,
                                                   GError **error);

/* Load a map file (.fits/.fit/.fts, .npy or .json). NULL with *error (a
 * sentence naming the file) when it cannot be read or is not a map. */
DaoviewDmMap *daoview_dm_map_load (const char *path, GError **error);

/* The map a stream's keywords ask for, for a vector of n elements, or NULL
 * when they ask for none: DMMAP (a string) names a map file, relative to
 * `directory` (the stream file's, may be NULL) unless absolute — keyword
 * strings hold 16 characters, so a name beside the stream is the usual
 * case —; DMDIAM (an integer) asks for the circular layout on that grid.
 * A map that cannot be made sets *error. */
DaoviewDmMap *daoview_dm_map_from_keywords (const dao_keyword *keywords, unsigned n_keywords,
                                            unsigned n, const char *directory, GError **error);

void daoview_dm_map_free (DaoviewDmMap *map);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DaoviewDmMap, daoview_dm_map_free)

/* Draw `n` elements of a vector (read as the display reads them) into
 * out[width × height]: the actuator's value in its cell, NaN in cells with
 * no actuator and for actuators past the vector's end. */
void daoview_dm_map_apply (const DaoviewDmMap *map, dao_type type, const void *vector, size_t n,
                           DaoviewComplexPart part, double *out);

/* The actuator drawn in cell (x, y), or -1 (none, or outside the grid). */
int daoview_dm_map_actuator_at (const DaoviewDmMap *map, long x, long y);

G_END_DECLS
