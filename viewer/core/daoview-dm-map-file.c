/* daoview-dm-map-file.c — actuator maps from files and stream keywords (see
 * daoview-dm-map.h). FITS through cfitsio (when built with it), .npy through
 * the project's checked reader, JSON as GVariant text (an array of [x, y]
 * number pairs is valid GVariant text of type aad, so GLib's parser reads
 * it, strictly). */
#include "daoview-dm-map.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "daocommon-npy.h"

#ifdef DAOVIEW_HAVE_FITS
#include <fitsio.h>
#endif

static DaoviewDmMap *
load_npy (const char *path, GError **error)
{
  unsigned char *buf = NULL;
  daocommon_npy_array array;
  const char *why = NULL;
  int rc = daocommon_npy_load (path, &buf, &array, &why);
  if (rc != 0)
    {
      if (rc < 0)
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (-rc), _("Cannot read %s: %s"), path,
                     g_strerror (-rc));
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s is not a usable .npy file: %s"),
                     path, why);
      free (buf);
      return NULL;
    }
  DaoviewDmMap *map = NULL;
  if (array.ndim != 2 || array.shape[0] > DAOVIEW_DM_MAP_MAX_SIDE || array.shape[1] > DAOVIEW_DM_MAP_MAX_SIDE)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 _("%s is not a 2-D grid of at most %d cells a side"), path, DAOVIEW_DM_MAP_MAX_SIDE);
  else
    {
      gsize count = (gsize) array.count;
      g_autofree double *grid = g_new (double, MAX (count, 1));
      for (gsize i = 0; i < count; i++)
        grid[i] = daoview_element_value (array.type, array.data, i, DAOVIEW_COMPLEX_REAL);
      map = daoview_dm_map_new_from_grid (grid, (unsigned) array.shape[1], (unsigned) array.shape[0], error);
    }
  free (buf);
  return map;
}

#ifdef DAOVIEW_HAVE_FITS
static DaoviewDmMap *
load_fits (const char *path, GError **error)
{
  fitsfile *f = NULL;
  int status = 0, naxis = 0, anynul = 0;
  long naxes[2] = { 0, 0 };
  char text[FLEN_STATUS] = "";
  DaoviewDmMap *map = NULL;

  if (fits_open_image (&f, path, READONLY, &status) || fits_get_img_dim (f, &naxis, &status))
    goto failed;
  if (naxis != 2 || fits_get_img_size (f, 2, naxes, &status))
    {
      if (!status)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s is not a 2-D grid"), path);
      goto done;
    }
  if (naxes[0] < 1 || naxes[1] < 1 || naxes[0] > DAOVIEW_DM_MAP_MAX_SIDE || naxes[1] > DAOVIEW_DM_MAP_MAX_SIDE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not a 2-D grid of at most %d cells a side"), path, DAOVIEW_DM_MAP_MAX_SIDE);
      goto done;
    }
  {
    gsize count = (gsize) naxes[0] * naxes[1];
    g_autofree double *grid = g_new (double, count);
    double nan = NAN;
    /* NAXIS1 is the fastest axis: FITS row 1 is the grid's row 0. */
    if (fits_read_img (f, TDOUBLE, 1, (LONGLONG) count, &nan, grid, &anynul, &status))
      goto failed;
    map = daoview_dm_map_new_from_grid (grid, (unsigned) naxes[0], (unsigned) naxes[1], error);
    goto done;
  }

failed:
  fits_get_errstatus (status, text);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("Cannot read %s: %s"), path, text);
done:
  status = 0;
  if (f)
    fits_close_file (f, &status);
  return map;
}
#endif

static DaoviewDmMap *
load_json (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  gsize length = 0;
  g_autoptr (GError) local = NULL;

  if (!g_file_get_contents (path, &text, &length, error))
    return NULL;
  g_autoptr (GVariant) pairs = g_variant_parse (G_VARIANT_TYPE ("aad"), text, text + length, NULL, &local);
  if (!pairs)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not a JSON array of [x, y] pairs: %s"), path, local->message);
      return NULL;
    }
  gsize n = g_variant_n_children (pairs);
  if (n > (gsize) DAOVIEW_DM_MAP_MAX_SIDE * DAOVIEW_DM_MAP_MAX_SIDE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("%s holds too many actuators"), path);
      return NULL;
    }
  g_autofree double *x = g_new (double, MAX (n, 1)), *y = g_new (double, MAX (n, 1));
  for (gsize k = 0; k < n; k++)
    {
      g_autoptr (GVariant) pair = g_variant_get_child_value (pairs, k);
      gsize m = 0;
      const double *v = g_variant_get_fixed_array (pair, &m, sizeof (double));
      if (m != 2)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s: actuator %u has %u coordinates, not 2"), path, (unsigned) k, (unsigned) m);
          return NULL;
        }
      x[k] = v[0];
      y[k] = v[1];
    }
  return daoview_dm_map_new_from_coordinates (x, y, (unsigned) n, error);
}

static gboolean
has_suffix (const char *path, const char *suffix)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);
  return g_str_has_suffix (lower, suffix);
}

DaoviewDmMap *
daoview_dm_map_load (const char *path, GError **error)
{
  if (has_suffix (path, ".npy"))
    return load_npy (path, error);
  if (has_suffix (path, ".json"))
    return load_json (path, error);
  if (has_suffix (path, ".fits") || has_suffix (path, ".fit") || has_suffix (path, ".fts"))
    {
#ifdef DAOVIEW_HAVE_FITS
      return load_fits (path, error);
#else
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Cannot read %s: daoview was built without FITS support"), path);
      return NULL;
#endif
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("%s: an actuator map is a .fits, .npy or .json file"), path);
  return NULL;
}

DaoviewDmMap *
daoview_dm_map_from_keywords (const dao_keyword *keywords, unsigned n_keywords, unsigned n,
                              const char *directory, GError **error)
{
  for (unsigned i = 0; i < n_keywords; i++)
    if (keywords[i].type == DAO_KEYWORD_STRING && g_str_equal (keywords[i].name, "DMMAP"))
      {
        const char *name = keywords[i].value.s;
        g_autofree char *path = g_path_is_absolute (name) || !directory
                                  ? g_strdup (name) : g_build_filename (directory, name, NULL);
        return daoview_dm_map_load (path, error);
      }
  for (unsigned i = 0; i < n_keywords; i++)
    if (keywords[i].type == DAO_KEYWORD_INT && g_str_equal (keywords[i].name, "DMDIAM"))
      {
        gint64 side = keywords[i].value.i;
        DaoviewDmMap *map = side > 0 && side <= DAOVIEW_DM_MAP_MAX_SIDE
                              ? daoview_dm_map_new_circular ((unsigned) side, n) : NULL;
        if (!map)
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("No circular layout of %u actuators fits a grid of DMDIAM = %lld"), n,
                       (long long) side);
        return map;
      }
  return NULL;
}
