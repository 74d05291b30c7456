/* daoview-options.c — the command line (see daoview-options.h). */
#include "daoview-options.h"

#include <dao.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "daoview-remote.h"
#include "daoview-quantity.h"

static const GOptionEntry entries[] = {
  { "demo", 'd', 0, G_OPTION_ARG_NONE, NULL,
    N_("Show a built-in demo stream (an animated speckled PSF)"), NULL },
  /* A string: GApplication cannot tell an integer option set to 0 from an
   * absent one, and slot 0 is the one existing DAO readers use. */
  { "slot", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Use reader semaphore N instead of the highest free one"), N_("N") },
  { "curve-keys", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Remote streams (tcp://…): connect with the CURVE keys in DIR (client.key, client.pub, server.pub)"),
    N_("DIR") },
  { "max-fps", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Draw at most N frames per second; 0: every display refresh (default: the max-fps setting)"),
    N_("N") },
  { "colormap", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Colormap: grey, viridis, inferno, diverging or cyclic"), N_("NAME") },
  { "scale", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Scale: linear, log, sqrt or asinh"), N_("NAME") },
  { "complex-part", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Part of complex data: amplitude, phase, real or imaginary"), N_("NAME") },
  { "levels", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Fixed levels: the values drawn with the first and last colours"), N_("LOW:HIGH") },
  { "percentile", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Percentile clip levels, e.g. 0.5:99.5"), N_("LOW:HIGH") },
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Save the window as a PNG file after some frames, then exit"), N_("FILE") },
  { "frames", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Frames to show before --screenshot saves (default 3)"), N_("N") },
  { "slice", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("3-D streams: show slice K (first is 0)"), N_("K") },
  { "newest-slice", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("3-D streams: follow the slice that changed last"), NULL },
  { "plot", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Plot a row or column of the image instead of the image"), N_("row:Y|column:X") },
  { "pause", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start with the display paused (the stream is still watched)"), NULL },
  { "analysis", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the analysis panel (histogram, statistics, profile, reference)"), NULL },
  { "rect", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Show the statistics of this rectangle (its first and last pixels, inclusive)"), N_("X0,Y0,X1,Y1") },
  { "profile", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Show the profile along this line (pixel ends)"), N_("X0,Y0,X1,Y1") },
  { "lambda-over-d", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Pixels per λ/D: measure the spot’s Strehl ratio against an Airy pattern"), N_("S") },
  { "obstruction", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Central obstruction of the pupil, a fraction of its diameter (for the Strehl ratio)"), N_("E") },
  { "ee-radius", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Measure the spot’s encircled energy within R pixels"), N_("R") },
  { "dark", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Subtract this dark from every frame: a FITS or .npy file, or a stream (its newest frame)"),
    N_("FILE") },
  { "flat", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Divide every frame (after the dark) by this flat: a FITS or .npy file, or a stream"),
    N_("FILE") },
  { "psf-reference", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Measure the Strehl ratio against this PSF (FITS, .npy or a stream) instead of an Airy pattern"),
    N_("FILE") },
  { "reticle", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Draw a reticle at the frame’s centre, on the spot’s centroid, or at pixel X,Y"),
    N_("centre|centroid|X,Y|off") },
  { "circles", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Draw circles of these radii (pixels) about the reticle"), N_("R1,R2,…") },
  { "reference", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Subtract the mean of the first N frames from the frames after them"), N_("N") },
  { "save-view", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Like --screenshot, but save the view with its colour bar as PNG"), N_("FILE") },
  { "save-fits", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Like --screenshot, but save the raw frame and its header as FITS"), N_("FILE") },
  { "save-npy", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Like --screenshot, but save the raw frame as .npy (and its header as .json)"), N_("FILE") },
  /* Strings, as --slot: negative positions count from the end. */
  { "seek", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Recordings: open at frame K (the first is 0, the last -1)"), N_("K") },
  { "play", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Recordings: start playing (with the recorded intervals unless --play-rate)"), NULL },
  { "play-rate", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Recordings: play N frames per second instead of with the recorded intervals"), N_("N") },
  { "loop", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Recordings: after the last frame, play from the first again"), NULL },
  { "dm-map", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Show 1-D streams as a deformable mirror through this actuator map (.fits, .npy or .json; auto: the stream's keywords or the built-in layout)"),
    N_("FILE") },
  { "strip-chart", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Follow a quantity over time, with its spectrum: pixel[:X,Y], region-mean, region-max, centroid-x, "
       "centroid-y, fwhm or stream-rate"),
    N_("QUANTITY") },
  { "grid", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show all the streams named in one window, in a grid"), NULL },
  { "diff", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Show the difference A − B of the two streams named (same shape and type)"), NULL },
  { "print-state", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print stream state changes and statistics on standard output"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  /* The paths, read by the application itself: without a display it
   * saves from the first one with no window at all. */
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, NULL },
  { NULL }
};

const GOptionEntry *
daoview_options_entries (void)
{
  return entries;
}

void
daoview_options_init (DaoviewOptions *o)
{
  memset (o, 0, sizeof *o);
  o->slot = -1;
  o->frames = 3;
  o->plot = DAOVIEW_PLOT_IMAGE;
  o->selection.tool = DAOVIEW_TOOL_PAN;
  o->overrides = g_variant_dict_new (NULL);
}

void
daoview_options_clear (DaoviewOptions *o)
{
  g_clear_pointer (&o->overrides, g_variant_dict_unref);
  g_clear_pointer (&o->screenshot, g_free);
  g_clear_pointer (&o->dark, g_free);
  g_clear_pointer (&o->flat, g_free);
  g_clear_pointer (&o->psf_reference, g_free);
  g_clear_pointer (&o->dm_map_file, g_free);
  g_clear_pointer (&o->strip_chart, g_free);
  g_clear_pointer (&o->grid, g_strfreev);
  for (int k = 0; k < DAOVIEW_N_SAVE_KINDS; k++)
    g_clear_pointer (&o->save[k], g_free);
}

void
daoview_options_copy (DaoviewOptions *dst, const DaoviewOptions *src)
{
  *dst = *src;
  dst->overrides = src->overrides ? g_variant_dict_ref (src->overrides) : NULL;
  dst->screenshot = g_strdup (src->screenshot);
  dst->dark = g_strdup (src->dark);
  dst->flat = g_strdup (src->flat);
  dst->psf_reference = g_strdup (src->psf_reference);
  dst->dm_map_file = g_strdup (src->dm_map_file);
  dst->strip_chart = g_strdup (src->strip_chart);
  dst->grid = g_strdupv (src->grid);
  for (int k = 0; k < DAOVIEW_N_SAVE_KINDS; k++)
    dst->save[k] = g_strdup (src->save[k]);
}

gboolean
daoview_options_headless (const DaoviewOptions *o)
{
  gboolean any = o->screenshot != NULL;
  for (int k = 0; k < DAOVIEW_N_SAVE_KINDS; k++)
    any = any || o->save[k];
  return any;
}

static gboolean
parse_four (const char *text, double *v)
{
  char *end = NULL;
  for (int i = 0; i < 4; i++)
    {
      v[i] = g_ascii_strtod (text, &end);
      if (end == text || *end != (i < 3 ? ',' : '\0'))
        return FALSE;
      text = end + 1;
    }
  return TRUE;
}

static gboolean
parse_pair (const char *text, double *low, double *high)
{
  char *end = NULL;
  *low = g_ascii_strtod (text, &end);
  if (end == text || *end != ':')
    return FALSE;
  text = end + 1;
  *high = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' && *high > *low;
}

/* A whole number in [min, max], all of text. */
static gboolean
parse_int (const char *text, gint64 min, gint64 max, gint64 *out)
{
  char *end;
  gint64 v = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end || v < min || v > max)
    return FALSE;
  *out = v;
  return TRUE;
}

/* A number in [min, max], all of text. */
static gboolean
parse_double (const char *text, double min, double max, double *out)
{
  char *end;
  double v = g_ascii_strtod (text, &end);
  if (end == text || *end || !(v >= min && v <= max))
    return FALSE;
  *out = v;
  return TRUE;
}

/* --colormap and friends: a stable name, kept as the setting's value. */
static gboolean
parse_name (DaoviewOptions *o, GVariantDict *dict, const char *option, int (*from_name) (const char *))
{
  const char *text;
  if (!g_variant_dict_lookup (dict, option, "&s", &text))
    return TRUE;
  if (from_name (text) < 0)
    return FALSE;
  g_variant_dict_insert (o->overrides, option, "s", text);
  return TRUE;
}

static gboolean
parse_plot (DaoviewOptions *o, const char *text)
{
  const char *colon = strchr (text, ':');
  gint64 index;

  if (g_str_equal (text, "image"))
    {
      o->plot = DAOVIEW_PLOT_IMAGE;
      return TRUE;
    }
  if (!colon || !(g_str_has_prefix (text, "row:") || g_str_has_prefix (text, "column:"))
      || !parse_int (colon + 1, 0, G_MAXINT, &index))
    return FALSE;
  o->plot = text[0] == 'r' ? DAOVIEW_PLOT_ROW : DAOVIEW_PLOT_COLUMN;
  o->plot_index = (int) index;
  return TRUE;
}

/* NAME, or pixel:X,Y */
static gboolean
parse_strip_chart (DaoviewOptions *o, const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text, ":", 2);
  if (!daoview_quantity_find (parts[0]))
    return FALSE;
  if (parts[1])
    {
      g_auto (GStrv) xy = g_strsplit (parts[1], ",", 0);
      gint64 x, y;
      if (!g_str_equal (parts[0], "pixel") || g_strv_length (xy) != 2 || !parse_int (xy[0], 0, G_MAXINT, &x)
          || !parse_int (xy[1], 0, G_MAXINT, &y))
        return FALSE;
      o->strip_pixel = TRUE;
      o->strip_x = (int) x;
      o->strip_y = (int) y;
    }
  g_free (o->strip_chart);
  o->strip_chart = g_strdup (parts[0]);
  return TRUE;
}

static gboolean
parse_selection (DaoviewOptions *o, const char *text, DaoviewTool tool)
{
  double v[4];
  if (!parse_four (text, v))
    return FALSE;
  o->selection.tool = tool;
  o->selection.x0 = v[0];
  o->selection.y0 = v[1];
  o->selection.x1 = v[2];
  o->selection.y1 = v[3];
  return TRUE;
}

static void
take_filename (GVariantDict *dict, const char *option, char **out)
{
  const char *text;
  if (g_variant_dict_lookup (dict, option, "^&ay", &text))
    {
      g_free (*out);
      *out = g_strdup (text);
    }
}

gboolean
daoview_options_parse (DaoviewOptions *o, GVariantDict *dict, GError **error)
{
  const char *text = NULL;
  const char *bad = NULL;
  gint64 n;
  int frames, reference;
  double low, high;

  o->demo = g_variant_dict_contains (dict, "demo");
  o->print_state = g_variant_dict_contains (dict, "print-state");
  o->newest_slice = g_variant_dict_contains (dict, "newest-slice");
  o->show_analysis = g_variant_dict_contains (dict, "analysis");
  o->paused = g_variant_dict_contains (dict, "pause");
  o->play = g_variant_dict_contains (dict, "play");
  o->loop = g_variant_dict_contains (dict, "loop");
  if (g_variant_dict_lookup (dict, "frames", "i", &frames))
    o->frames = frames;
  if (g_variant_dict_lookup (dict, "reference", "i", &reference))
    o->reference_frames = reference > 0 ? (unsigned) reference : 0;
  take_filename (dict, "screenshot", &o->screenshot);
  take_filename (dict, "save-view", &o->save[DAOVIEW_SAVE_VIEW_PNG]);
  take_filename (dict, "save-fits", &o->save[DAOVIEW_SAVE_FITS]);
  take_filename (dict, "save-npy", &o->save[DAOVIEW_SAVE_NPY]);
  take_filename (dict, "dark", &o->dark);
  take_filename (dict, "flat", &o->flat);
  take_filename (dict, "psf-reference", &o->psf_reference);
  take_filename (dict, "dm-map", &o->dm_map_file);
  if (o->dm_map_file)
    g_variant_dict_insert (o->overrides, "vector-view", "s", "map");

  /* The keys apply to every remote connection of the process, so they
   * are loaded here, once, before any reader thread starts. */
  if (g_variant_dict_lookup (dict, "curve-keys", "^&ay", &text))
    {
      int rc = daoview_remote_use_keys (text);
      if (rc < 0)
        {
          const char *why = daoview_remote_strerror (rc);
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("daoview: --curve-keys %s: %s\n"), text, why ? why : dao_strerror (rc));
          return FALSE;
        }
    }
  if (g_variant_dict_lookup (dict, "slot", "&s", &text))
    {
      if (!parse_int (text, 0, DAO_MAX_SEMAPHORES - 1, &n))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("daoview: --slot must be between 0 and %d\n"), DAO_MAX_SEMAPHORES - 1);
          return FALSE;
        }
      o->slot = (int) n;
    }
  if (g_variant_dict_lookup (dict, "max-fps", "&s", &text))
    {
      if (!parse_int (text, 0, G_MAXINT, &n))
        goto bad;
      g_variant_dict_insert (o->overrides, "max-fps", "i", (gint32) n);
    }
  if (g_variant_dict_lookup (dict, "slice", "&s", &text))
    {
      if (!parse_int (text, 0, G_MAXINT, &n))
        goto bad;
      o->slice = (unsigned) n;
    }
  if (g_variant_dict_lookup (dict, "plot", "&s", &text) && !parse_plot (o, text))
    goto bad;
  if (g_variant_dict_lookup (dict, "seek", "&s", &text))
    {
      if (!parse_int (text, G_MININT64, G_MAXINT64, &n))
        goto bad;
      o->seek = n;
    }
  if (g_variant_dict_lookup (dict, "play-rate", "&s", &text))
    {
      char *end;
      o->play_rate = g_ascii_strtod (text, &end);
      if (end == text || *end || !(o->play_rate > 0 && o->play_rate <= 1e6))
        goto bad;
    }
  if (g_variant_dict_lookup (dict, "strip-chart", "&s", &text) && !parse_strip_chart (o, text))
    goto bad;
  o->diff = g_variant_dict_contains (dict, "diff");
  if (g_variant_dict_contains (dict, "grid") || o->diff)
    {
      const char **paths = NULL;
      if (g_variant_dict_lookup (dict, G_OPTION_REMAINING, "^a&ay", &paths))
        o->grid = g_strdupv ((char **) paths);
      g_free (paths);
      guint count = o->grid ? g_strv_length (o->grid) : 0;
      if (o->diff ? count != 2 : count < 1)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s",
                       o->diff ? _("daoview: --diff takes two streams, A and B\n")
                               : _("daoview: --grid takes the streams to show\n"));
          return FALSE;
        }
      if (o->diff)
        g_variant_dict_insert (o->overrides, "colormap", "s", "diverging");
    }
  if (g_variant_dict_lookup (dict, "rect", "&s", &text) && !parse_selection (o, text, DAOVIEW_TOOL_RECT))
    goto bad;
  if (g_variant_dict_lookup (dict, "profile", "&s", &text)
      && !parse_selection (o, text, DAOVIEW_TOOL_LINE))
    goto bad;

  static const struct {
    const char *option;
    int (*from_name) (const char *);
  } names[] = {
    { "colormap", daoview_colormap_from_name },
    { "scale", daoview_scale_from_name },
    { "complex-part", daoview_complex_part_from_name },
  };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (!parse_name (o, dict, names[i].option, names[i].from_name))
      {
        g_variant_dict_lookup (dict, names[i].option, "&s", &text);
        goto bad;
      }

  static const struct {
    const char *option, *setting;
    double min, max;
  } numbers[] = {
    { "lambda-over-d", "psf-lambda-over-d", 0, 1000 },
    { "obstruction", "psf-obstruction", 0, 0.99 },
    { "ee-radius", "psf-ee-radius", 0, 10000 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    if (g_variant_dict_lookup (dict, numbers[i].option, "&s", &text))
      {
        double v;
        if (!parse_double (text, numbers[i].min, numbers[i].max, &v))
          goto bad;
        g_variant_dict_insert (o->overrides, numbers[i].setting, "d", v);
      }

  if (g_variant_dict_lookup (dict, "reticle", "&s", &text))
    {
      double xy[2];
      char *end = NULL;
      xy[0] = g_ascii_strtod (text, &end);
      if (end != text && *end == ',' && (xy[1] = g_ascii_strtod (end + 1, &end), *end == '\0'))
        {
          o->reticle_position = TRUE;
          o->reticle_x = xy[0];
          o->reticle_y = xy[1];
          g_variant_dict_insert (o->overrides, "reticle", "s", "position");
        }
      else if (daoview_reticle_from_name (text) >= 0 && strcmp (text, "position") != 0)
        g_variant_dict_insert (o->overrides, "reticle", "s", text);
      else
        goto bad;
    }
  if (g_variant_dict_lookup (dict, "circles", "&s", &text))
    {
      double radii[DAOVIEW_OVERLAY_MAX_RADII];
      if (daoview_overlay_parse_radii (text, radii, DAOVIEW_OVERLAY_MAX_RADII) < 0)
        goto bad;
      g_variant_dict_insert (o->overrides, "overlay-circles", "s", text);
      g_variant_dict_insert (o->overrides, "show-circles", "b", TRUE);
    }

  if (g_variant_dict_lookup (dict, "levels", "&s", &text))
    {
      if (!parse_pair (text, &low, &high))
        goto bad;
      o->manual_levels = TRUE;
      o->manual_low = low;
      o->manual_high = high;
      g_variant_dict_insert (o->overrides, "manual-low", "d", low);
      g_variant_dict_insert (o->overrides, "manual-high", "d", high);
      g_variant_dict_insert (o->overrides, "level-mode", "s", "manual");
    }
  if (g_variant_dict_lookup (dict, "percentile", "&s", &text))
    {
      if (!parse_pair (text, &low, &high))
        goto bad;
      g_variant_dict_insert (o->overrides, "percentile-low", "d", low);
      g_variant_dict_insert (o->overrides, "percentile-high", "d", high);
      g_variant_dict_insert (o->overrides, "level-mode", "s", "percentile");
    }
  return TRUE;

bad:
  bad = text;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("daoview: invalid value “%s”; see daoview --help\n"), bad);
  return FALSE;
}
