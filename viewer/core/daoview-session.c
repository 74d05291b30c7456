/* daoview-session.c — the per-tick work between the watcher and the
 * pipeline, and the display choices as properties (see daoview-session.h). */
#define G_LOG_DOMAIN "daoview-session"

#include "daoview-session.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "daoview-capture.h"
#include "daoview-names.h"
#include "daoview-playback.h"
#include "daoview-quantity.h"
#include "daocommon-rate.h"
#include "daoview-timeseries.h"
#include "daoview-stream-watcher.h"

struct _DaoviewSession
{
  GObject parent_instance;

  /* Owned */
  DaoviewStreamWatcher *watcher;
  DaoviewPipeline *pipeline;
  DaoviewStreamStatus status;

  /* State */
  gboolean have_status;
  gboolean paused;
  int max_fps;
  guint64 frames_shown;
  guint64 not_shown;
  gint64 start_us;
  gint64 last_take_us;
  gint64 last_frame_us;
  gint64 last_labels_us;
  daocommon_rate display_rate;
  /* The first and the last frame shown of this attachment: rates over the
   * frames shown, before the first whole interval. */
  guint64 first_generation, first_counter, last_counter;
  gint64 first_write_ns, last_write_ns, first_take_us;
  DaoviewPlotMode plot;
  int plot_index;
  gboolean newest_slice;
  DaoviewLevelMode auto_level_mode; /* where reset_levels() goes back to */
  DaoviewOverlay overlay;
  DaoviewPsfOptions psf;
  DaoviewDark *psf_reference;
  DaoviewPlane psf_reference_plane;

  /* A recording (status.frame_count > 0): the frame asked for, the clock
   * that moves it while playing ("paused" off), and how it opened. */
  guint64 position;
  DaoviewPlayback playback;
  guint64 recording_generation; /* the attachment the fields below are for; 0: none */
  gboolean recording_seen;      /* since watch(): a file replaced keeps the position */
  double recorded_rate;         /* frames over the recorded time span, Hz; 0: unknown */
  gboolean restart_clock;       /* from the position, at the next tick's time */
  gint64 playback_seek_us;      /* when playing asked for a frame not shown yet; 0: none */
  gint64 start_position;        /* --seek: negative from the end */
  gboolean autoplay;            /* --play */
  gboolean vector_map;         /* "vector-view" is "map" */
  char *dm_map_file;           /* --dm-map FILE, or NULL */
  guint64 dm_map_generation;   /* the attachment the map was chosen for */
  guint64 dm_map_length;       /* and the vector's length */
  GError *dm_map_error;        /* why no map is shown, or NULL */

  /* The strip chart: a quantity sampled on every frame looked at */
  const DaoviewQuantityClass *quantity; /* NULL: off */
  DaoviewQuantityContext quantity_context;
  DaoviewTimeseries *series;

  /* A FIFO's history being stepped through (paused) */
  GPtrArray *history;          /* its frames by counter, or NULL: live */
  gboolean history_requested;
  int history_index;
};

G_DEFINE_FINAL_TYPE (DaoviewSession, daoview_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_COLORMAP,
  PROP_SCALE,
  PROP_COMPLEX_PART,
  PROP_LEVEL_MODE,
  PROP_LEVEL_POLICY,
  PROP_PERCENTILE_LOW,
  PROP_PERCENTILE_HIGH,
  PROP_MANUAL_LOW,
  PROP_MANUAL_HIGH,
  PROP_AUTO_LEVEL_MODE,
  PROP_MAX_FPS,
  PROP_PLOT,
  PROP_PLOT_INDEX,
  PROP_SLICE,
  PROP_NEWEST_SLICE,
  PROP_PAUSED,
  PROP_PSF_LAMBDA_OVER_D,
  PROP_PSF_OBSTRUCTION,
  PROP_PSF_EE_RADIUS,
  PROP_CALIBRATION,
  PROP_RETICLE,
  PROP_OVERLAY_CIRCLES,
  PROP_SHOW_CIRCLES,
  PROP_SHOW_REGION,
  PROP_RETICLE_X,
  PROP_RETICLE_Y,
  PROP_PLAYBACK_RATE,
  PROP_LOOP,
  PROP_VECTOR_VIEW,
  PROP_DM_MAP_FILE,
  PROP_STRIP_CHART,
  PROP_STRIP_CHART_SECONDS,
  PROP_HISTORY_INDEX,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void leave_history (DaoviewSession *self);

/* The settings among the properties (same names), see bind_settings(). */
static const char *const setting_keys[] = {
  "colormap", "scale", "complex-part", "level-mode", "level-policy",
  "percentile-low", "percentile-high", "manual-low", "manual-high", "auto-level-mode", "max-fps",
  "vector-view", "strip-chart-seconds", "psf-lambda-over-d", "psf-obstruction", "psf-ee-radius", "reticle",
  "overlay-circles", "show-circles", "show-region",
};

static void
stop_watching (DaoviewSession *self)
{
  if (self->watcher)
    daoview_stream_watcher_stop (self->watcher);
  daoview_frame_free (daoview_pipeline_take_frame (self->pipeline));
  g_clear_object (&self->watcher);
  daoview_stream_status_clear (&self->status);
  memset (&self->status, 0, sizeof self->status);
}

/* Back to the live stream: the history's frames are forgotten. */
static void
leave_history (DaoviewSession *self)
{
  gboolean was = self->history != NULL || self->history_requested;
  g_clear_pointer (&self->history, g_ptr_array_unref);
  self->history_requested = FALSE;
  if (was)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_INDEX]);
}

/* A name from a string property, or -1 (with a warning: GSettings' choices
 * and the menus only ever hand in known names). */
static int
checked_name (int value, const GValue *gvalue, GParamSpec *pspec)
{
  if (value < 0)
    g_warning ("%s: unknown value “%s”", pspec->name, g_value_get_string (gvalue));
  return value;
}

static gboolean
frame_time (gpointer data, guint64 index, gint64 *time_ns)
{
  DaoviewSession *self = data;
  return self->watcher && daoview_stream_watcher_get_frame_time (self->watcher, index, time_ns);
}

static void
daoview_session_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  DaoviewSession *self = DAOVIEW_SESSION (object);
  DaoviewPipeline *p = self->pipeline;
  const DaoviewLevelState *levels = daoview_pipeline_levels (p);
  const char *name = G_VALUE_HOLDS_STRING (value) ? g_value_get_string (value) : NULL;
  int index;

  switch (prop_id)
    {
    case PROP_COLORMAP:
      if ((index = checked_name (daoview_colormap_from_name (name), value, pspec)) >= 0)
        daoview_pipeline_set_colormap (p, index);
      break;
    case PROP_SCALE:
      if ((index = checked_name (daoview_scale_from_name (name), value, pspec)) >= 0)
        daoview_pipeline_set_scale (p, index);
      break;
    case PROP_COMPLEX_PART:
      if ((index = checked_name (daoview_complex_part_from_name (name), value, pspec)) >= 0)
        daoview_pipeline_set_complex_part (p, index);
      break;
    case PROP_LEVEL_MODE:
      if ((index = checked_name (daoview_level_mode_from_name (name), value, pspec)) >= 0)
        {
          double low = levels->manual_low, high = levels->manual_high;
          daoview_pipeline_set_level_mode (p, index);
          /* Manual took the levels on screen: they are the ones to keep. */
          if (low != levels->manual_low)
            g_object_notify_by_pspec (object, properties[PROP_MANUAL_LOW]);
          if (high != levels->manual_high)
            g_object_notify_by_pspec (object, properties[PROP_MANUAL_HIGH]);
          if (index != DAOVIEW_LEVEL_MODE_MANUAL && (DaoviewLevelMode) index != self->auto_level_mode)
            {
              self->auto_level_mode = index;
              g_object_notify_by_pspec (object, properties[PROP_AUTO_LEVEL_MODE]);
            }
        }
      break;
    case PROP_AUTO_LEVEL_MODE:
      if ((index = checked_name (daoview_level_mode_from_name (name), value, pspec)) >= 0
          && index != DAOVIEW_LEVEL_MODE_MANUAL)
        self->auto_level_mode = index;
      break;
    case PROP_LEVEL_POLICY:
      if ((index = checked_name (daoview_level_policy_from_name (name), value, pspec)) >= 0)
        daoview_pipeline_set_level_policy (p, index);
      break;
    case PROP_PERCENTILE_LOW:
      daoview_pipeline_set_percentiles (p, g_value_get_double (value), levels->percentile_high);
      break;
    case PROP_PERCENTILE_HIGH:
      daoview_pipeline_set_percentiles (p, levels->percentile_low, g_value_get_double (value));
      break;
    case PROP_MANUAL_LOW:
      daoview_pipeline_set_manual_levels (p, g_value_get_double (value), levels->manual_high);
      break;
    case PROP_MANUAL_HIGH:
      daoview_pipeline_set_manual_levels (p, levels->manual_low, g_value_get_double (value));
      break;
    case PROP_MAX_FPS:
      self->max_fps = g_value_get_int (value);
      break;
    case PROP_PLOT:
      if ((index = checked_name (daoview_plot_mode_from_name (name), value, pspec)) >= 0)
        daoview_pipeline_set_plot (p, self->plot = index, self->plot_index);
      break;
    case PROP_PLOT_INDEX:
      self->plot_index = g_value_get_int (value);
      daoview_pipeline_set_plot (p, self->plot, self->plot_index);
      break;
    case PROP_SLICE:
      daoview_pipeline_set_slice (p, g_value_get_uint (value));
      break;
    case PROP_NEWEST_SLICE:
      self->newest_slice = g_value_get_boolean (value);
      daoview_pipeline_set_newest_slice (p, self->newest_slice);
      break;
    case PROP_PAUSED:
      self->paused = g_value_get_boolean (value);
      /* Playing a recording starts from the frame shown (from the first
       * again after the last). */
      if (!self->paused && self->recording_generation
          && self->position + 1 >= self->playback.length && !self->playback.loop)
        daoview_session_seek (self, 0);
      self->restart_clock = TRUE;
      if (!self->paused)
        leave_history (self);
      break;
    case PROP_PLAYBACK_RATE:
      self->playback.rate_hz = MAX (g_value_get_double (value), 0);
      self->restart_clock = TRUE;
      break;
    case PROP_LOOP:
      self->playback.loop = g_value_get_boolean (value);
      break;
    case PROP_STRIP_CHART:
      self->quantity = daoview_quantity_find (name);
      daoview_timeseries_clear (self->series);
      if (self->watcher)
        daoview_stream_watcher_set_fill_gaps (self->watcher, self->quantity != NULL);
      break;
    case PROP_STRIP_CHART_SECONDS:
      daoview_timeseries_set_seconds (self->series, g_value_get_double (value));
      break;
    case PROP_VECTOR_VIEW:
      self->vector_map = g_strcmp0 (name, "map") == 0;
      self->dm_map_length = 0; /* choose the map again */
      daoview_session_update_dm_map (self);
      break;
    case PROP_DM_MAP_FILE:
      g_free (self->dm_map_file);
      self->dm_map_file = g_strdup (name && *name ? name : NULL);
      self->dm_map_length = 0;
      daoview_session_update_dm_map (self);
      break;
    case PROP_PSF_LAMBDA_OVER_D:
      self->psf.lambda_over_d = g_value_get_double (value);
      break;
    case PROP_PSF_OBSTRUCTION:
      self->psf.obstruction = g_value_get_double (value);
      break;
    case PROP_PSF_EE_RADIUS:
      self->psf.ee_radius = g_value_get_double (value);
      break;
    case PROP_RETICLE:
      if ((index = checked_name (daoview_reticle_from_name (name), value, pspec)) >= 0)
        self->overlay.reticle = index;
      break;
    case PROP_OVERLAY_CIRCLES:
      {
        double radii[DAOVIEW_OVERLAY_MAX_RADII];
        int n = daoview_overlay_parse_radii (name, radii, DAOVIEW_OVERLAY_MAX_RADII);
        if (checked_name (n, value, pspec) >= 0)
          {
            memcpy (self->overlay.radii, radii, sizeof radii);
            self->overlay.n_radii = (unsigned) n;
          }
      }
      break;
    case PROP_SHOW_CIRCLES:
      self->overlay.show_circles = g_value_get_boolean (value);
      break;
    case PROP_SHOW_REGION:
      self->overlay.show_region = g_value_get_boolean (value);
      break;
    case PROP_RETICLE_X:
      self->overlay.position_x = g_value_get_double (value);
      break;
    case PROP_RETICLE_Y:
      self->overlay.position_y = g_value_get_double (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
daoview_session_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DaoviewSession *self = DAOVIEW_SESSION (object);
  const DaoviewPipeline *p = self->pipeline;
  const DaoviewRenderParams *params = daoview_pipeline_params (p);
  const DaoviewLevelState *levels = daoview_pipeline_levels (p);

  switch (prop_id)
    {
    case PROP_COLORMAP: g_value_set_string (value, daoview_colormap_name (params->colormap)); break;
    case PROP_SCALE: g_value_set_string (value, daoview_scale_name (params->scale)); break;
    case PROP_COMPLEX_PART:
      g_value_set_string (value, daoview_complex_part_name (params->complex_part));
      break;
    case PROP_LEVEL_MODE: g_value_set_string (value, daoview_level_mode_name (levels->mode)); break;
    case PROP_LEVEL_POLICY: g_value_set_string (value, daoview_level_policy_name (levels->policy)); break;
    case PROP_PERCENTILE_LOW: g_value_set_double (value, levels->percentile_low); break;
    case PROP_PERCENTILE_HIGH: g_value_set_double (value, levels->percentile_high); break;
    case PROP_MANUAL_LOW: g_value_set_double (value, levels->manual_low); break;
    case PROP_MANUAL_HIGH: g_value_set_double (value, levels->manual_high); break;
    case PROP_AUTO_LEVEL_MODE: g_value_set_string (value, daoview_level_mode_name (self->auto_level_mode)); break;
    case PROP_MAX_FPS: g_value_set_int (value, self->max_fps); break;
    case PROP_PLOT: g_value_set_string (value, daoview_plot_mode_name (self->plot)); break;
    case PROP_PLOT_INDEX: g_value_set_int (value, self->plot_index); break;
    case PROP_SLICE: g_value_set_uint (value, daoview_pipeline_slice (p)); break;
    case PROP_NEWEST_SLICE: g_value_set_boolean (value, self->newest_slice); break;
    case PROP_PAUSED: g_value_set_boolean (value, self->paused); break;
    case PROP_PSF_LAMBDA_OVER_D: g_value_set_double (value, self->psf.lambda_over_d); break;
    case PROP_PSF_OBSTRUCTION: g_value_set_double (value, self->psf.obstruction); break;
    case PROP_PSF_EE_RADIUS: g_value_set_double (value, self->psf.ee_radius); break;
    case PROP_RETICLE: g_value_set_string (value, daoview_reticle_name (self->overlay.reticle)); break;
    case PROP_OVERLAY_CIRCLES:
      {
        char text[DAOVIEW_OVERLAY_MAX_RADII * 24];
        daoview_overlay_format_radii (self->overlay.radii, self->overlay.n_radii, text, sizeof text);
        g_value_set_string (value, text);
      }
      break;
    case PROP_SHOW_CIRCLES: g_value_set_boolean (value, self->overlay.show_circles); break;
    case PROP_SHOW_REGION: g_value_set_boolean (value, self->overlay.show_region); break;
    case PROP_RETICLE_X: g_value_set_double (value, self->overlay.position_x); break;
    case PROP_RETICLE_Y: g_value_set_double (value, self->overlay.position_y); break;
    case PROP_CALIBRATION:
      g_value_set_boolean (value, daoview_pipeline_dark (p, DAOVIEW_DARK_SUBTRACT)
                                    || daoview_pipeline_dark (p, DAOVIEW_DARK_DIVIDE) || self->psf_reference);
      break;
    case PROP_PLAYBACK_RATE: g_value_set_double (value, self->playback.rate_hz); break;
    case PROP_LOOP: g_value_set_boolean (value, self->playback.loop); break;
    case PROP_STRIP_CHART: g_value_set_string (value, self->quantity ? self->quantity->name : ""); break;
    case PROP_STRIP_CHART_SECONDS:
      g_value_set_double (value, daoview_timeseries_get_seconds (self->series));
      break;
    case PROP_HISTORY_INDEX: g_value_set_int (value, self->history ? self->history_index : -1); break;
    case PROP_VECTOR_VIEW: g_value_set_string (value, self->vector_map ? "map" : "plot"); break;
    case PROP_DM_MAP_FILE: g_value_set_string (value, self->dm_map_file ? self->dm_map_file : ""); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
daoview_session_finalize (GObject *object)
{
  DaoviewSession *self = DAOVIEW_SESSION (object);

  stop_watching (self);
  daoview_pipeline_free (self->pipeline);
  daoview_dark_free (self->psf_reference);
  g_free (self->dm_map_file);
  g_clear_error (&self->dm_map_error);
  daoview_timeseries_free (self->series);
  g_clear_pointer (&self->history, g_ptr_array_unref);

  G_OBJECT_CLASS (daoview_session_parent_class)->finalize (object);
}

static GParamSpec *
name_property (const char *name, const char *initial)
{
  return g_param_spec_string (name, NULL, NULL, initial,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
}

static GParamSpec *
double_property (const char *name, double initial)
{
  return g_param_spec_double (name, NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, initial,
                              G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
}

static void
daoview_session_class_init (DaoviewSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  object_class->set_property = daoview_session_set_property;
  object_class->get_property = daoview_session_get_property;
  object_class->finalize = daoview_session_finalize;

  /* The initial values are the pipeline's own; the settings schema is where
   * the defaults users see come from (bind_settings). */
  properties[PROP_COLORMAP] = name_property ("colormap", "grey");
  properties[PROP_SCALE] = name_property ("scale", "linear");
  properties[PROP_COMPLEX_PART] = name_property ("complex-part", "amplitude");
  properties[PROP_LEVEL_MODE] = name_property ("level-mode", "minmax");
  properties[PROP_LEVEL_POLICY] = name_property ("level-policy", "follow");
  properties[PROP_PERCENTILE_LOW] = double_property ("percentile-low", 0.5);
  properties[PROP_PERCENTILE_HIGH] = double_property ("percentile-high", 99.5);
  properties[PROP_MANUAL_LOW] = double_property ("manual-low", 0);
  properties[PROP_MANUAL_HIGH] = double_property ("manual-high", 1);
  properties[PROP_AUTO_LEVEL_MODE] = name_property ("auto-level-mode", "minmax");
  properties[PROP_MAX_FPS] = g_param_spec_int ("max-fps", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_PLOT] = name_property ("plot", "image");
  properties[PROP_PLOT_INDEX] = g_param_spec_int ("plot-index", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_SLICE] = g_param_spec_uint ("slice", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_NEWEST_SLICE] = g_param_spec_boolean ("newest-slice", NULL, NULL, FALSE, flags);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE, flags);
  /* λ/D 0: no Strehl against the model; radius 0: no encircled energy. */
  properties[PROP_PSF_LAMBDA_OVER_D] = g_param_spec_double ("psf-lambda-over-d", NULL, NULL, 0, 1000, 0, flags);
  properties[PROP_PSF_OBSTRUCTION] = g_param_spec_double ("psf-obstruction", NULL, NULL, 0, 0.99, 0, flags);
  properties[PROP_PSF_EE_RADIUS] = g_param_spec_double ("psf-ee-radius", NULL, NULL, 0, 10000, 0, flags);
  /* TRUE while a dark, a flat or a reference PSF is loaded: notified when
   * one is loaded or dropped. */
  properties[PROP_CALIBRATION] = g_param_spec_boolean ("calibration", NULL, NULL, FALSE,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETICLE] = name_property ("reticle", "off");
  properties[PROP_OVERLAY_CIRCLES] = name_property ("overlay-circles", "");
  properties[PROP_SHOW_CIRCLES] = g_param_spec_boolean ("show-circles", NULL, NULL, FALSE, flags);
  properties[PROP_SHOW_REGION] = g_param_spec_boolean ("show-region", NULL, NULL, TRUE, flags);
  properties[PROP_RETICLE_X] = double_property ("reticle-x", 0);
  properties[PROP_RETICLE_Y] = double_property ("reticle-y", 0);
  properties[PROP_PLAYBACK_RATE] = g_param_spec_double ("playback-rate", NULL, NULL, 0, 1e6, 0, flags);
  properties[PROP_LOOP] = g_param_spec_boolean ("loop", NULL, NULL, FALSE, flags);
  properties[PROP_VECTOR_VIEW] = name_property ("vector-view", "plot");
  properties[PROP_DM_MAP_FILE] = name_property ("dm-map-file", "");
  properties[PROP_STRIP_CHART] = name_property ("strip-chart", "");
  properties[PROP_STRIP_CHART_SECONDS] = g_param_spec_double ("strip-chart-seconds", NULL, NULL, 0.001,
                                                              G_MAXDOUBLE, 10, flags);
  properties[PROP_HISTORY_INDEX] = g_param_spec_int ("history-index", NULL, NULL, -1, G_MAXINT, -1,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
daoview_session_init (DaoviewSession *self)
{
  static const DaoviewPsfOptions psf_defaults = DAOVIEW_PSF_OPTIONS_INIT;
  self->psf = psf_defaults;
  daoview_overlay_init (&self->overlay);
  self->pipeline = daoview_pipeline_new ();
  if (!self->pipeline)
    g_error ("daoview: out of memory");
  self->series = daoview_timeseries_new (10);
  self->start_us = g_get_monotonic_time ();
  daocommon_rate_init (&self->display_rate, 0, self->start_us * 1000);
  self->playback.time_of = frame_time;
  self->playback.time_data = self;
}

DaoviewSession *
daoview_session_new (void)
{
  return g_object_new (DAOVIEW_TYPE_SESSION, NULL);
}

/* A setting the command line gave a value for this run: the user's later
 * choices (the menus) are still stored. g_settings_bind() cannot do this:
 * a binding that only stores writes the value at once. */
static void
store_choice (GObject *object, GParamSpec *pspec, GSettings *settings)
{
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GValue) value = G_VALUE_INIT;

  g_object_get (settings, "settings-schema", &schema, NULL);
  g_autoptr (GSettingsSchemaKey) key = g_settings_schema_get_key (schema, pspec->name);
  g_value_init (&value, pspec->value_type);
  g_object_get_property (object, pspec->name, &value);
  g_autoptr (GVariant) variant = g_variant_ref_sink (
    g_dbus_gvalue_to_gvariant (&value, g_settings_schema_key_get_value_type (key)));
  if (g_settings_schema_key_range_check (key, variant))
    g_settings_set_value (settings, pspec->name, variant);
}

void
daoview_session_bind_settings (DaoviewSession *self, GSettings *settings, GVariantDict *overrides)
{
  g_return_if_fail (DAOVIEW_IS_SESSION (self));

  for (guint i = 0; i < G_N_ELEMENTS (setting_keys); i++)
    {
      const char *key = setting_keys[i];
      g_autoptr (GVariant) value = overrides ? g_variant_dict_lookup_value (overrides, key, NULL) : NULL;
      if (!value)
        {
          g_settings_bind (settings, key, self, key, G_SETTINGS_BIND_DEFAULT);
          continue;
        }
      g_auto (GValue) gvalue = G_VALUE_INIT;
      g_dbus_gvariant_to_gvalue (value, &gvalue);
      g_object_set_property (G_OBJECT (self), key, &gvalue);
      g_autofree char *signal = g_strconcat ("notify::", key, NULL);
      g_signal_connect_data (self, signal, G_CALLBACK (store_choice), g_object_ref (settings),
                             (GClosureNotify) (void (*) (void)) g_object_unref, 0);
    }
}

void
daoview_session_watch (DaoviewSession *self, const char *location, int slot)
{
  stop_watching (self);
  self->have_status = FALSE;
  self->frames_shown = self->not_shown = 0;
  self->last_frame_us = self->last_take_us = 0;
  self->start_us = g_get_monotonic_time ();
  daocommon_rate_init (&self->display_rate, 0, self->start_us * 1000);
  self->recording_generation = 0;
  self->recording_seen = FALSE;
  self->position = 0;
  leave_history (self);
  daoview_timeseries_clear (self->series);
  if (location)
    {
      self->watcher = daoview_stream_watcher_new (location, slot);
      daoview_stream_watcher_set_fill_gaps (self->watcher, self->quantity != NULL);
      /* Before it is open, so that the first frame shown is that one. */
      if (self->start_position != 0)
        daoview_stream_watcher_seek (self->watcher, self->start_position);
    }
}

const char *
daoview_session_get_location (DaoviewSession *self)
{
  return self->watcher ? daoview_stream_watcher_get_location (self->watcher) : NULL;
}

/* A calibration image, or why not. */
static DaoviewDark *
load_image (const char *location, GError **error)
{
  char why[DAOVIEW_CAPTURE_MESSAGE_MAX];
  DaoviewDark *dark = NULL;
  int rc = daoview_dark_load (&dark, location, why, sizeof why);
  if (rc < 0)
    g_set_error_literal (error, G_IO_ERROR, rc >= -4095 ? g_io_error_from_errno (-rc) : G_IO_ERROR_FAILED,
                         why);
  return dark;
}

gboolean
daoview_session_load_dark (DaoviewSession *self, DaoviewDarkOp op, const char *location, GError **error)
{
  DaoviewDark *dark = location ? load_image (location, error) : NULL;
  if (location && !dark)
    return FALSE;
  daoview_pipeline_set_dark (self->pipeline, op, dark);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALIBRATION]);
  return TRUE;
}

gboolean
daoview_session_load_psf_reference (DaoviewSession *self, const char *location, GError **error)
{
  DaoviewDark *dark = location ? load_image (location, error) : NULL;
  if (location && !dark)
    return FALSE;
  daoview_dark_free (self->psf_reference);
  self->psf_reference = dark;
  if (dark)
    self->psf_reference_plane = daoview_dark_plane (dark);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALIBRATION]);
  return TRUE;
}

const DaoviewDark *
daoview_session_get_psf_reference (DaoviewSession *self)
{
  return self->psf_reference;
}

gboolean
daoview_session_start (DaoviewSession *self, GSettings *settings, const DaoviewOptions *o,
                       GError **error)
{
  if (o->dm_map_file)
    g_object_set (self, "dm-map-file", o->dm_map_file, NULL);
  daoview_session_bind_settings (self, settings, o->overrides);
  g_object_set (self, "paused", o->paused, "newest-slice", o->newest_slice, "slice", o->slice, "plot",
                daoview_plot_mode_name (o->plot), "plot-index", o->plot_index, "playback-rate",
                o->play_rate, "loop", o->loop, NULL);
  self->start_position = o->seek;
  self->autoplay = o->play;
  if (o->reference_frames > 0)
    daoview_pipeline_start_reference (self->pipeline, o->reference_frames);
  if (o->strip_pixel)
    self->quantity_context.x = o->strip_x, self->quantity_context.y = o->strip_y;
  if (o->strip_chart)
    g_object_set (self, "strip-chart", o->strip_chart, NULL);
  if (o->reticle_position)
    g_object_set (self, "reticle-x", o->reticle_x, "reticle-y", o->reticle_y, NULL);
  return (!o->dark || daoview_session_load_dark (self, DAOVIEW_DARK_SUBTRACT, o->dark, error))
         && (!o->flat || daoview_session_load_dark (self, DAOVIEW_DARK_DIVIDE, o->flat, error))
         && (!o->psf_reference || daoview_session_load_psf_reference (self, o->psf_reference, error));
}

/* A 1-D frame shown as a map: which map (daoview-dm-map.h's order: the
 * file asked for, the stream's keywords, the built-in layout), chosen once
 * per attachment and vector length. */
void
daoview_session_update_dm_map (DaoviewSession *self)
{
  const DaoviewFrame *frame = daoview_pipeline_frame (self->pipeline);
  g_autoptr (GError) error = NULL;
  DaoviewDmMap *map = NULL;

  if (!frame || frame->naxis != 1 || !self->vector_map)
    {
      if (daoview_pipeline_dm_map (self->pipeline))
        daoview_pipeline_set_dm_map (self->pipeline, NULL);
      g_clear_error (&self->dm_map_error);
      return;
    }
  if (self->dm_map_length == frame->count && self->dm_map_generation == frame->generation)
    return;
  self->dm_map_length = frame->count;
  self->dm_map_generation = frame->generation;

  if (self->dm_map_file && !g_str_equal (self->dm_map_file, "auto"))
    map = daoview_dm_map_load (self->dm_map_file, &error);
  else
    {
      dao_keyword *keywords = NULL;
      unsigned n = 0;
      const char *location = daoview_session_get_location (self);
      g_autofree char *directory = location ? g_path_get_dirname (location) : NULL;
      daoview_session_copy_keywords (self, &keywords, &n);
      map = daoview_dm_map_from_keywords (keywords, n, (unsigned) frame->count, directory, &error);
      free (keywords);
      if (!map && !error)
        map = daoview_dm_map_new_builtin ((unsigned) frame->count);
      if (!map && !error)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("No built-in actuator layout has %u actuators; give one with --dm-map"),
                     (unsigned) frame->count);
    }
  g_clear_error (&self->dm_map_error);
  self->dm_map_error = g_steal_pointer (&error);
  daoview_pipeline_set_dm_map (self->pipeline, map);
}

const GError *
daoview_session_get_dm_map_error (DaoviewSession *self)
{
  return self->dm_map_error;
}

static void
show_frame (DaoviewSession *self, DaoviewFrame *frame, gint64 now_us)
{
  const DaoviewFrame *old = daoview_pipeline_frame (self->pipeline);

  /* A recording's frames are all there: none is "not shown". */
  if (old && old->generation == frame->generation && frame->counter > old->counter
      && !self->recording_generation)
    self->not_shown += frame->counter - old->counter - 1;
  if (self->frames_shown == 0 || frame->generation != self->first_generation)
    {
      self->first_generation = frame->generation;
      self->first_counter = frame->counter;
      self->first_write_ns = frame->write_time_ns;
      self->first_take_us = now_us;
    }
  self->last_counter = frame->counter;
  self->last_write_ns = frame->write_time_ns;
  self->playback_seek_us = 0;
  DaoviewFrame *previous = daoview_pipeline_set_frame (self->pipeline, frame, now_us / 1e6);
  if (previous)
    daoview_stream_watcher_recycle_frame (self->watcher, previous);
  self->frames_shown++;
  self->last_take_us = self->last_frame_us = now_us;
  if (frame->naxis == 1)
    daoview_session_update_dm_map (self);
}

/* The strip chart's sample of a frame, measured on its plane as shown. */
static void
sample (DaoviewSession *self, const DaoviewFrame *frame, const DaoviewPlane *plane)
{
  self->quantity_context.stream_rate = self->status.stream_rate;
  double value = self->quantity->measure (plane, &self->quantity_context);
  daoview_timeseries_add (self->series, frame->counter, frame->write_time_ns / 1e9, value);
}

/* The frames the FIFO filled the gap with (older than the one shown), then
 * the one shown. */
static void
sample_frames (DaoviewSession *self)
{
  g_autoptr (GPtrArray) backlog = daoview_stream_watcher_take_backlog (self->watcher);
  const DaoviewFrame *shown = daoview_pipeline_frame (self->pipeline);
  if (!self->quantity || !shown)
    return;
  for (guint i = 0; backlog && i < backlog->len; i++)
    {
      const DaoviewFrame *f = g_ptr_array_index (backlog, i);
      if (f->generation == shown->generation && f->counter < shown->counter)
        sample (self, f, daoview_pipeline_plane_of (self->pipeline, f));
    }
  sample (self, shown, daoview_pipeline_plane_of (self->pipeline, NULL));
}

/* Show frame `index` of the history (a copy: the pipeline owns what it
 * shows). */
static void
show_history_frame (DaoviewSession *self)
{
  const DaoviewFrame *f = g_ptr_array_index (self->history, self->history_index);
  DaoviewFrame *copy = daoview_frame_new (f->type, f->naxis, f->shape);
  if (!copy)
    return;
  memcpy (copy->data, f->data, f->size);
  copy->counter = f->counter;
  copy->write_time_ns = f->write_time_ns;
  copy->generation = f->generation;
  daoview_frame_free (daoview_pipeline_set_frame (self->pipeline, copy, g_get_monotonic_time () / 1e6));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY_INDEX]);
}

void
daoview_session_history_step (DaoviewSession *self, int delta)
{
  if (!self->watcher)
    return;
  if (!self->history)
    {
      /* Pause, and have the reader copy what the FIFO holds; the next tick
       * shows its newest frame. */
      if (!self->paused)
        g_object_set (self, "paused", TRUE, NULL);
      if (!self->history_requested)
        daoview_stream_watcher_request_history (self->watcher);
      self->history_requested = TRUE;
      return;
    }
  int index = CLAMP (self->history_index + delta, 0, (int) self->history->len - 1);
  if (index == self->history_index)
    return;
  self->history_index = index;
  show_history_frame (self);
}

gboolean
daoview_session_get_history (DaoviewSession *self, guint *index, guint *length,
                             const DaoviewFrame **frame)
{
  if (!self->history)
    return FALSE;
  *index = (guint) self->history_index;
  *length = self->history->len;
  if (frame)
    *frame = g_ptr_array_index (self->history, self->history_index);
  return TRUE;
}

/* The history the reader copied, when it arrives. */
static gboolean
take_history (DaoviewSession *self)
{
  if (!self->history_requested)
    return FALSE;
  GPtrArray *history = daoview_stream_watcher_take_history (self->watcher);
  if (!history)
    return FALSE;
  self->history_requested = FALSE;
  if (history->len == 0)
    {
      g_ptr_array_unref (history);
      return FALSE;
    }
  self->history = history;
  self->history_index = (int) history->len - 1;
  show_history_frame (self);
  return TRUE;
}

DaoviewTimeseries *
daoview_session_get_timeseries (DaoviewSession *self)
{
  return self->series;
}

const DaoviewQuantityClass *
daoview_session_get_quantity (DaoviewSession *self)
{
  return self->quantity;
}

DaoviewQuantityContext *
daoview_session_get_quantity_context (DaoviewSession *self)
{
  return &self->quantity_context;
}

unsigned
daoview_session_get_fifo_depth (DaoviewSession *self)
{
  return self->watcher ? daoview_stream_watcher_get_depth (self->watcher) : 1;
}

/* The recorded rate: frames over the time between the first and last. */
static double
recorded_rate (DaoviewSession *self, guint64 count)
{
  gint64 first = 0, last = 0;
  if (count < 2 || !frame_time (self, 0, &first) || !frame_time (self, count - 1, &last) || first <= 0
      || last <= first)
    return 0;
  return (double) (count - 1) / ((double) (last - first) / 1e9);
}

/* A recording: what it is once open (it opens paused at the frame asked
 * for, unless --play), then the frame due while playing. */
static void
recording_tick (DaoviewSession *self, gint64 now_us)
{
  guint64 count = self->status.frame_count;
  if (self->recording_generation != self->status.generation)
    {
      gboolean first = !self->recording_seen;
      self->recording_seen = TRUE;
      self->recording_generation = self->status.generation;
      self->playback.length = count;
      self->recorded_rate = recorded_rate (self, count);
      if (first)
        {
          gint64 k = self->start_position;
          self->position = k < 0 ? (guint64) MAX ((gint64) count + k, 0) : MIN ((guint64) k, count - 1);
          if (self->paused == self->autoplay)
            g_object_set (self, "paused", !self->autoplay, NULL);
        }
      self->position = MIN (self->position, count - 1);
    }
  if (self->paused)
    return;
  /* The clock runs on the ticks' time only. */
  if (self->restart_clock)
    daoview_playback_start (&self->playback, self->position, now_us);
  self->restart_clock = FALSE;
  gboolean ended = FALSE;
  guint64 due = daoview_playback_due (&self->playback, now_us, &ended);
  /* One frame asked for at a time: a seek drops the frame copied for the
   * one before, so seeking on every tick while the copy takes longer than
   * the tick (any rate above the display's) showed nothing at all. Frames
   * the display cannot keep up with are skipped instead; the last one is
   * always asked for, and a request unanswered for a second is given up. */
  gboolean waiting = self->playback_seek_us && now_us - self->playback_seek_us < G_USEC_PER_SEC;
  if (due != self->position && (!waiting || ended))
    {
      self->position = due;
      self->playback_seek_us = MAX (now_us, 1);
      daoview_stream_watcher_seek (self->watcher, (gint64) due);
    }
  if (ended)
    g_object_set (self, "paused", TRUE, NULL);
}

guint
daoview_session_tick (DaoviewSession *self, gint64 now_us)
{
  guint events = 0;

  if (!self->watcher)
    return 0;

  DaoviewStreamState previous = self->status.state;
  daoview_stream_status_clear (&self->status);
  daoview_stream_watcher_get_status (self->watcher, &self->status);
  if (!self->have_status || previous != self->status.state)
    events |= DAOVIEW_SESSION_STATE_CHANGED;
  self->have_status = TRUE;

  if (self->status.frame_count > 0)
    recording_tick (self, now_us);
  else
    self->recording_generation = 0;

  /* The cap allows for a tick arriving slightly early. A recording sends
   * only the frames asked for (a seek while paused, too). */
  gint64 min_interval = self->max_fps > 0 ? 900000 / self->max_fps : 0;
  gboolean have_frame = daoview_pipeline_frame (self->pipeline) != NULL;
  if ((!self->paused || !have_frame || self->recording_generation)
      && now_us - self->last_take_us >= min_interval)
    {
      DaoviewFrame *frame = daoview_stream_watcher_take_frame (self->watcher);
      if (frame)
        {
          show_frame (self, frame, now_us);
          sample_frames (self);
          events |= DAOVIEW_SESSION_NEW_FRAME;
        }
    }
  if (take_history (self))
    events |= DAOVIEW_SESSION_NEW_FRAME;

  daocommon_rate_update (&self->display_rate, self->frames_shown, now_us * 1000);

  if (now_us - self->last_labels_us >= DAOVIEW_LABEL_INTERVAL_US)
    {
      events |= DAOVIEW_SESSION_LABELS_DUE;
      self->last_labels_us = now_us;
    }
  return events;
}

void
daoview_session_frame_drawn (DaoviewSession *self)
{
  if (self->watcher)
    daoview_stream_watcher_want_next_frame (self->watcher);
}

DaoviewPipeline *
daoview_session_get_pipeline (DaoviewSession *self)
{
  return self->pipeline;
}

const DaoviewStreamStatus *
daoview_session_get_status (DaoviewSession *self)
{
  return &self->status;
}

void
daoview_session_get_report (DaoviewSession *self, DaoviewSessionReport *report)
{
  const DaoviewFrame *frame = daoview_pipeline_frame (self->pipeline);
  const DaoviewRenderParams *params = daoview_pipeline_params (self->pipeline);

  memset (report, 0, sizeof *report);
  report->time = g_get_monotonic_time () / 1e6;
  report->status = &self->status;
  report->have_frame = frame != NULL;
  report->shown_counter = frame ? frame->counter : 0;
  report->shown_write_time_ns = frame ? frame->write_time_ns : 0;
  report->frames_shown = self->frames_shown;
  report->not_shown = self->not_shown;
  report->display_rate = self->display_rate.hz;
  report->stream_rate = self->status.stream_rate;
  if (!self->status.rate_estimated && self->last_counter > self->first_counter
      && self->last_write_ns > self->first_write_ns)
    report->stream_rate = (double) (self->last_counter - self->first_counter) * 1e9
                          / (double) (self->last_write_ns - self->first_write_ns);
  if (self->display_rate.estimates == 0 && self->frames_shown >= 2 && self->last_take_us > self->first_take_us)
    report->display_rate = (double) (self->frames_shown - 1) * 1e6
                           / (double) (self->last_take_us - self->first_take_us);
  report->paused = self->paused;
  report->low = params->low;
  report->high = params->high;
  report->slice = daoview_pipeline_slice (self->pipeline);
  if (self->recording_generation)
    {
      report->frame_count = self->status.frame_count;
      report->recorded_rate = self->recorded_rate;
      report->position = self->position;
    }
  if (frame && self->recording_generation)
    {
      report->shown_index = frame->index;
      report->shown_lost = frame->lost;
      report->shown_dropped = frame->dropped;
    }
  report->in_history = self->history != NULL;
  report->history_index = self->history ? (guint) self->history_index : 0;
  report->history_length = self->history ? self->history->len : 0;
  const DaoviewPipeline *p = self->pipeline;
  report->dark = !daoview_pipeline_dark (p, DAOVIEW_DARK_SUBTRACT) ? "-"
                 : daoview_pipeline_dark_applied (p, DAOVIEW_DARK_SUBTRACT) ? "applied" : "unmatched";
  report->flat = !daoview_pipeline_dark (p, DAOVIEW_DARK_DIVIDE) ? "-"
                 : daoview_pipeline_dark_applied (p, DAOVIEW_DARK_DIVIDE) ? "applied" : "unmatched";
  switch (daoview_reference_state (daoview_pipeline_reference (p)))
    {
    case DAOVIEW_REFERENCE_CAPTURING: report->reference = "capturing"; break;
    case DAOVIEW_REFERENCE_READY:
      report->reference = daoview_pipeline_reference_applied (p) || !frame ? "applied" : "unmatched";
      break;
    default: report->reference = "-"; break;
    }
}

void
daoview_session_report_pointer (DaoviewSession *self, DaoviewSessionReport *report, int x, int y)
{
  const DaoviewPipeline *p = self->pipeline;
  report->pointer_x = x;
  report->pointer_y = y;
  report->pointer_valid = daoview_plane_value_at (daoview_pipeline_plane (p), x, y, &report->pointer_value)
                          && daoview_pipeline_raw_value_at (p, x, y, &report->pointer_raw);
}

gint64
daoview_session_get_start_time (DaoviewSession *self)
{
  return self->start_us;
}

gint64
daoview_session_get_last_frame_time (DaoviewSession *self)
{
  return self->last_frame_us;
}

gboolean
daoview_session_get_paused (DaoviewSession *self)
{
  return self->paused;
}

void
daoview_session_get_overlay (DaoviewSession *self, DaoviewOverlay *overlay)
{
  *overlay = self->overlay;
}

void
daoview_session_set_levels (DaoviewSession *self, double low, double high)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (daoview_pipeline_levels (self->pipeline)->mode != DAOVIEW_LEVEL_MODE_MANUAL)
    g_object_set (self, "level-mode", daoview_level_mode_name (DAOVIEW_LEVEL_MODE_MANUAL), NULL);
  g_object_set (self, "manual-low", low, "manual-high", high, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

void
daoview_session_reset_levels (DaoviewSession *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (daoview_pipeline_levels (self->pipeline)->policy == DAOVIEW_LEVEL_POLICY_MANUAL)
    g_object_set (self, "level-policy", daoview_level_policy_name (DAOVIEW_LEVEL_POLICY_FOLLOW), NULL);
  g_object_set (self, "level-mode", daoview_level_mode_name (self->auto_level_mode), NULL);
  g_object_thaw_notify (G_OBJECT (self));
}

void
daoview_session_get_psf_options (DaoviewSession *self, DaoviewPsfOptions *options)
{
  *options = self->psf;
  options->reference = self->psf_reference ? &self->psf_reference_plane : NULL;
}

gboolean
daoview_session_copy_keywords (DaoviewSession *self, dao_keyword **out, unsigned *n)
{
  *out = NULL;
  *n = 0;
  return self->watcher && daoview_stream_watcher_copy_keywords (self->watcher, out, n);
}

/* ---- a recording --------------------------------------------------------- */

gboolean
daoview_session_get_sequence (DaoviewSession *self, guint64 *index, guint64 *length)
{
  if (!self->recording_generation)
    return FALSE;
  *index = self->position;
  *length = self->status.frame_count;
  return TRUE;
}

void
daoview_session_seek (DaoviewSession *self, guint64 index)
{
  if (!self->recording_generation || !self->watcher)
    return;
  self->position = MIN (index, self->status.frame_count - 1);
  daoview_stream_watcher_seek (self->watcher, (gint64) self->position);
  self->restart_clock = TRUE;
}

void
daoview_session_step (DaoviewSession *self, gint64 delta)
{
  if (!self->recording_generation)
    return;
  if (!self->paused)
    g_object_set (self, "paused", TRUE, NULL);
  /* -(G_MININT64) does not exist: its magnitude is taken as unsigned. */
  guint64 back = delta < 0 ? (guint64) -(delta + 1) + 1 : 0;
  guint64 index = delta < 0 ? self->position - MIN (self->position, back)
                            : self->position + MIN ((guint64) delta, G_MAXUINT64 - self->position);
  daoview_session_seek (self, index);
}

gboolean
daoview_session_showing_position (DaoviewSession *self)
{
  const DaoviewFrame *frame = daoview_pipeline_frame (self->pipeline);
  return self->recording_generation && frame && frame->generation == self->recording_generation
         && frame->index == self->position;
}
