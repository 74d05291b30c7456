/* daoview-dm-map.c — actuator maps: the built-in layouts, grids and
 * coordinates, and drawing a vector through a map (see daoview-dm-map.h).
 * Reading the files is daoview-dm-map-file.c. */
#include "daoview-dm-map.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

static DaoviewDmMap *
map_new (unsigned width, unsigned height)
{
  DaoviewDmMap *map = g_new0 (DaoviewDmMap, 1);
  map->width = width;
  map->height = height;
  map->cells = g_new (gint32, (gsize) width * height);
  for (gsize i = 0; i < (gsize) width * height; i++)
    map->cells[i] = -1;
  return map;
}

void
daoview_dm_map_free (DaoviewDmMap *map)
{
  if (!map)
    return;
  g_free (map->cells);
  g_free (map);
}

/* Squared distance of cell (x, y)'s centre from the centre of an n × n grid,
 * times 4 so that it is a whole number: (2x - (n - 1))² + (2y - (n - 1))². */
static guint64
distance4 (unsigned n, unsigned x, unsigned y)
{
  gint64 dx = 2 * (gint64) x - (n - 1), dy = 2 * (gint64) y - (n - 1);
  return (guint64) (dx * dx + dy * dy);
}

static int
compare_u64 (gconstpointer a, gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;
  return x < y ? -1 : x > y;
}

/* The squared radius (×4) of the disc holding exactly `count` cell centres
 * of the n × n grid, or G_MAXUINT64 when no disc does. */
static guint64
disc_for_count (unsigned n, unsigned count)
{
  gsize cells = (gsize) n * n;
  if (count == 0 || count > cells)
    return G_MAXUINT64;
  guint64 *d = g_new (guint64, cells);
  for (unsigned y = 0; y < n; y++)
    for (unsigned x = 0; x < n; x++)
      d[(gsize) y * n + x] = distance4 (n, x, y);
  qsort (d, cells, sizeof *d, compare_u64);
  /* The disc through the count-th nearest centre holds exactly count
   * centres unless the next one is as near (a ring of equal distances). */
  guint64 r = d[count - 1];
  gboolean exact = count == cells || d[count] > r;
  g_free (d);
  return exact ? r : G_MAXUINT64;
}

DaoviewDmMap *
daoview_dm_map_new_circular (unsigned side, unsigned count)
{
  if (side == 0 || side > DAOVIEW_DM_MAP_MAX_SIDE)
    return NULL;
  guint64 r = disc_for_count (side, count);
  if (r == G_MAXUINT64)
    return NULL;
  DaoviewDmMap *map = map_new (side, side);
  gint32 k = 0;
  for (unsigned y = 0; y < side; y++)
    for (unsigned x = 0; x < side; x++)
      if (distance4 (side, x, y) <= r)
        map->cells[(gsize) y * side + x] = k++;
  map->n_actuators = (unsigned) k;
  return map;
}

DaoviewDmMap *
daoview_dm_map_new_builtin (unsigned n)
{
  unsigned root = (unsigned) floor (sqrt ((double) n) + 0.5);
  if (n >= 4 && root * root == n)
    return daoview_dm_map_new_circular (root, n); /* the whole square */
  for (unsigned side = 1; side <= DAOVIEW_DM_MAP_BUILTIN_MAX_SIDE; side++)
    {
      if ((guint64) side * side < n)
        continue;
      guint64 r = disc_for_count (side, n);
      /* radius <= 1.05 n / 2, in the ×4 squared units: (2r)² <= (1.05 n)² */
      if (r != G_MAXUINT64 && (double) r <= (1.05 * side) * (1.05 * side))
        return daoview_dm_map_new_circular (side, n);
    }
  return NULL;
}

static gboolean
is_mask (const double *grid, gsize count)
{
  for (gsize i = 0; i < count; i++)
    if (grid[i] != 0 && grid[i] != 1)
      return FALSE;
  return TRUE;
}

DaoviewDmMap *
daoview_dm_map_new_from_grid (const double *grid, unsigned width, unsigned height, GError **error)
{
  gsize count = (gsize) width * height;
  if (width == 0 || height == 0 || width > DAOVIEW_DM_MAP_MAX_SIDE || height > DAOVIEW_DM_MAP_MAX_SIDE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("An actuator map must be a grid of 1 to %d cells a side"), DAOVIEW_DM_MAP_MAX_SIDE);
      return NULL;
    }
  g_autoptr (DaoviewDmMap) map = map_new (width, height);
  if (is_mask (grid, count))
    {
      gint32 k = 0;
      for (gsize i = 0; i < count; i++)
        if (grid[i] == 1)
          map->cells[i] = k++;
      map->n_actuators = (unsigned) k;
    }
  else
    {
      /* An index map: each index at most once. */
      g_autoptr (GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
      gint64 highest = -1;
      for (gsize i = 0; i < count; i++)
        {
          double v = grid[i];
          if (!isfinite (v) || v < 0)
            continue;
          if (v != floor (v) || v >= (double) count)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Cell %u, %u of the actuator map holds %g, which is not an actuator index"),
                           (unsigned) (i % width), (unsigned) (i / width), v);
              return NULL;
            }
          gint32 k = (gint32) v;
          if (!g_hash_table_add (seen, GINT_TO_POINTER (k + 1)))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("Actuator %d appears twice in the actuator map"), k);
              return NULL;
            }
          map->cells[i] = k;
          highest = MAX (highest, k);
        }
      map->n_actuators = (unsigned) (highest + 1);
    }
  if (map->n_actuators == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The actuator map has no actuator"));
      return NULL;
    }
  return g_steal_pointer (&map);
}

static int
compare_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* The smallest non-zero difference between two of the values. */
static double
smallest_step (const double *v, unsigned n)
{
  g_autofree double *sorted = g_memdup2 (v, (gsize) n * sizeof *v);
  double step = INFINITY;
  qsort (sorted, n, sizeof *sorted, compare_double);
  for (unsigned i = 1; i < n; i++)
    if (sorted[i] > sorted[i - 1])
      step = MIN (step, sorted[i] - sorted[i - 1]);
  return step;
}

DaoviewDmMap *
daoview_dm_map_new_from_coordinates (const double *x, const double *y, unsigned n, GError **error)
{
  double xmin = INFINITY, ymin = INFINITY, xmax = -INFINITY, ymax = -INFINITY;
  for (unsigned k = 0; k < n; k++)
    {
      if (!isfinite (x[k]) || !isfinite (y[k]))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Actuator %u has no finite coordinates"), k);
          return NULL;
        }
      xmin = MIN (xmin, x[k]), xmax = MAX (xmax, x[k]);
      ymin = MIN (ymin, y[k]), ymax = MAX (ymax, y[k]);
    }
  if (n == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The actuator map has no actuator"));
      return NULL;
    }
  double pitch = MIN (smallest_step (x, n), smallest_step (y, n));
  if (!isfinite (pitch))
    pitch = 1; /* one actuator, or all on one point (refused below) */
  double w = floor ((xmax - xmin) / pitch + 0.5) + 1, h = floor ((ymax - ymin) / pitch + 0.5) + 1;
  if (w > DAOVIEW_DM_MAP_MAX_SIDE || h > DAOVIEW_DM_MAP_MAX_SIDE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The actuator coordinates span more than %d pitches"), DAOVIEW_DM_MAP_MAX_SIDE);
      return NULL;
    }
  g_autoptr (DaoviewDmMap) map = map_new ((unsigned) w, (unsigned) h);
  for (unsigned k = 0; k < n; k++)
    {
      gsize cx = (gsize) floor ((x[k] - xmin) / pitch + 0.5);
      gsize cy = (gsize) floor ((y[k] - ymin) / pitch + 0.5);
      gint32 *cell = &map->cells[cy * map->width + cx];
      if (*cell >= 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("Actuators %d and %u fall in the same cell of the actuator map"), *cell, k);
          return NULL;
        }
      *cell = (gint32) k;
    }
  map->n_actuators = n;
  return g_steal_pointer (&map);
}

void
daoview_dm_map_apply (const DaoviewDmMap *map, dao_type type, const void *vector, size_t n,
                      DaoviewComplexPart part, double *out)
{
  gsize count = (gsize) map->width * map->height;
  for (gsize i = 0; i < count; i++)
    {
      gint32 k = map->cells[i];
      out[i] = k >= 0 && (size_t) k < n ? daoview_element_value (type, vector, (size_t) k, part) : NAN;
    }
}

int
daoview_dm_map_actuator_at (const DaoviewDmMap *map, long x, long y)
{
  if (!map || x < 0 || y < 0 || (unsigned long) x >= map->width || (unsigned long) y >= map->height)
    return -1;
  return map->cells[(gsize) y * map->width + (gsize) x];
}
