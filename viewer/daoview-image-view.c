/* daoview-image-view.c — the image widget.
 *
 * The frame arrives as a cairo image surface and is painted through a cairo
 * node with CAIRO_FILTER_NEAREST (GTK 4.8 has no scaled-texture node with a
 * filter choice) and CAIRO_EXTEND_PAD, so magnified pixels are sharp blocks
 * and the edges do not fade into transparency. A surface smaller than the
 * image (a frame too wide for cairo, rendered at a fraction of its size) is
 * stretched over the image's area.
 */
#define G_LOG_DOMAIN "daoview-image-view"

#include "config.h"

#include "daoview-image-view.h"

#include <math.h>

#include "daoview-names.h"
#include "daoview-overlay-painter.h"
#include "daoview-state-style.h"
#include "daoview-zoom.h"

struct _DaoviewImageView
{
  GtkWidget parent_instance;

  /* Owned */
  cairo_surface_t *surface;

  int image_width, image_height;
  double zoom;
  double offset_x, offset_y; /* widget coordinates of the image's top-left corner */
  gboolean best_fit;
  double drag_start_x, drag_start_y;
  double pointer_x, pointer_y;
  gboolean pointer_inside;

  DaoviewTool tool;
  DaoviewSelection selection; /* tool PAN: none */

  DaoviewStateStyle state_style;

  DaoviewOverlay overlay;
  gboolean have_point;        /* the reticle's point below is set */
  double point_x, point_y;
};

enum {
  PROP_0,
  PROP_TOOL,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_PIXEL_HOVER,
  SIGNAL_SELECTION_CHANGED,
  SIGNAL_BIAS_CONTRAST,
  SIGNAL_RETICLE_SET,
  SIGNAL_VIEW_CHANGED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DaoviewImageView, daoview_image_view, GTK_TYPE_WIDGET)

/* Apply best fit if it is on, and keep the image in view. */
static void
update_geometry (DaoviewImageView *self)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->image_width <= 0)
    return;
  if (self->best_fit)
    self->zoom = daoview_zoom_best_fit (w, h, self->image_width, self->image_height);
  self->offset_x = daoview_zoom_clamp_offset (self->offset_x, w, self->image_width * self->zoom);
  self->offset_y = daoview_zoom_clamp_offset (self->offset_y, h, self->image_height * self->zoom);
}

static void
emit_hover (DaoviewImageView *self)
{
  int x = -1, y = -1;
  if (self->pointer_inside && self->image_width > 0)
    {
      double ix = floor ((self->pointer_x - self->offset_x) / self->zoom);
      double iy = floor ((self->pointer_y - self->offset_y) / self->zoom);
      if (ix >= 0 && iy >= 0 && ix < self->image_width && iy < self->image_height)
        x = (int) ix, y = (int) iy;
    }
  g_signal_emit (self, signals[SIGNAL_PIXEL_HOVER], 0, x, y);
}

/* Zoom or offset changed: the geometry, the value under the pointer, the
 * picture and whoever links views (the grid) all follow. */
static void
view_moved (DaoviewImageView *self)
{
  update_geometry (self);
  emit_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIGNAL_VIEW_CHANGED], 0);
}

static void
set_zoom_at (DaoviewImageView *self, double zoom, double anchor_x, double anchor_y)
{
  zoom = CLAMP (zoom, DAOVIEW_ZOOM_MIN, DAOVIEW_ZOOM_MAX);
  self->offset_x = daoview_zoom_anchor_offset (self->offset_x, anchor_x, self->zoom, zoom);
  self->offset_y = daoview_zoom_anchor_offset (self->offset_y, anchor_y, self->zoom, zoom);
  self->zoom = zoom;
  self->best_fit = FALSE;
  view_moved (self);
}

static void
daoview_image_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  DaoviewImageView *self = DAOVIEW_IMAGE_VIEW (widget);
  int w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);

  if (!self->surface || w <= 0 || h <= 0)
    return;

  update_geometry (self);

  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  cairo_translate (cr, self->offset_x, self->offset_y);
  cairo_scale (cr, self->zoom, self->zoom);
  cairo_save (cr);
  cairo_scale (cr, (double) self->image_width / cairo_image_surface_get_width (self->surface),
               (double) self->image_height / cairo_image_surface_get_height (self->surface));
  cairo_set_source_surface (cr, self->surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_rectangle (cr, 0, 0, cairo_image_surface_get_width (self->surface),
                   cairo_image_surface_get_height (self->surface));
  cairo_fill (cr);
  cairo_restore (cr);

  /* Drawn in widget pixels so the lines stay thin at any zoom. */
  cairo_identity_matrix (cr);

  /* The frame's edge, one pixel outside it, in a grey that is no
   * colormap's end: a diverging map's white zero or a grey map's black
   * would otherwise run into the window's background. */
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgb (cr, DAOVIEW_FRAME_EDGE_GREY / 255.0, DAOVIEW_FRAME_EDGE_GREY / 255.0,
                        DAOVIEW_FRAME_EDGE_GREY / 255.0);
  cairo_rectangle (cr, round (self->offset_x) - 0.5, round (self->offset_y) - 0.5,
                   round (self->image_width * self->zoom) + 1, round (self->image_height * self->zoom) + 1);
  cairo_stroke (cr);

  /* A stream that stopped: the image dimmed, the whole view framed. */
  const DaoviewStateStyle *style = &self->state_style;
  if (style->dim > 0)
    {
      cairo_set_source_rgba (cr, 0, 0, 0, style->dim);
      cairo_rectangle (cr, self->offset_x, self->offset_y, self->image_width * self->zoom,
                       self->image_height * self->zoom);
      cairo_fill (cr);
    }
  daoview_overlay_paint (cr, &self->overlay, self->have_point, self->point_x, self->point_y, &self->selection,
                         self->offset_x, self->offset_y, self->zoom, self->image_width, self->image_height);
  if (style->border)
    {
      double b = DAOVIEW_STATE_BORDER_WIDTH;
      cairo_set_line_width (cr, b);
      cairo_set_source_rgb (cr, (style->rgb >> 16) / 255.0, (style->rgb >> 8 & 0xff) / 255.0,
                            (style->rgb & 0xff) / 255.0);
      cairo_rectangle (cr, b / 2, b / 2, w - b, h - b);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
daoview_image_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                            int *minimum, int *natural, int *minimum_baseline,
                            int *natural_baseline)
{
  DaoviewImageView *self = DAOVIEW_IMAGE_VIEW (widget);
  int image = orientation == GTK_ORIENTATION_HORIZONTAL ? self->image_width : self->image_height;

  *minimum = 64;
  *natural = CLAMP (image, 256, 1024);
}

static void
daoview_image_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  update_geometry (DAOVIEW_IMAGE_VIEW (widget));
}

static gboolean
on_scroll (GtkEventControllerScroll *controller, double dx, double dy, DaoviewImageView *self)
{
  if (dy == 0 || self->image_width <= 0)
    return FALSE;
  double zoom = dy < 0 ? daoview_zoom_step_in (self->zoom) : daoview_zoom_step_out (self->zoom);
  double x = self->pointer_inside ? self->pointer_x : gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double y = self->pointer_inside ? self->pointer_y : gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  set_zoom_at (self, zoom, x, y);
  return TRUE;
}

static void
on_motion (GtkEventControllerMotion *controller, double x, double y, DaoviewImageView *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_inside = TRUE;
  emit_hover (self);
}

static void
on_leave (GtkEventControllerMotion *controller, DaoviewImageView *self)
{
  self->pointer_inside = FALSE;
  emit_hover (self);
}

static void
emit_selection (DaoviewImageView *self)
{
  g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0, &self->selection);
}

/* Image coordinates with pixel centres on integers. */
static void
to_image (DaoviewImageView *self, double wx, double wy, double *ix, double *iy)
{
  *ix = (wx - self->offset_x) / self->zoom - 0.5;
  *iy = (wy - self->offset_y) / self->zoom - 0.5;
}

/* Ctrl+click: the reticle's position, on the pixel clicked. */
static void
on_pressed (GtkGestureClick *gesture, int n_press, double x, double y, DaoviewImageView *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  double ix, iy;
  if (!(state & GDK_CONTROL_MASK) || self->image_width <= 0)
    return;
  to_image (self, x, y, &ix, &iy);
  g_signal_emit (self, signals[SIGNAL_RETICLE_SET], 0, round (ix), round (iy));
}

static void
on_drag_begin (GtkGestureDrag *gesture, double x, double y, DaoviewImageView *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  self->drag_start_x = self->offset_x;
  self->drag_start_y = self->offset_y;
  /* Ctrl+click places the reticle: no selection starts with it. */
  if (self->tool != DAOVIEW_TOOL_PAN && self->image_width > 0 && !(state & GDK_CONTROL_MASK))
    {
      self->selection.tool = self->tool;
      to_image (self, x, y, &self->selection.x0, &self->selection.y0);
      self->selection.x1 = self->selection.x0;
      self->selection.y1 = self->selection.y0;
      emit_selection (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_drag_update (GtkGestureDrag *gesture, double dx, double dy, DaoviewImageView *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  if (self->tool != DAOVIEW_TOOL_PAN && !(state & GDK_CONTROL_MASK))
    {
      double sx, sy;
      gtk_gesture_drag_get_start_point (gesture, &sx, &sy);
      to_image (self, sx + dx, sy + dy, &self->selection.x1, &self->selection.y1);
      emit_selection (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  self->offset_x = self->drag_start_x + dx;
  self->offset_y = self->drag_start_y + dy;
  self->best_fit = FALSE;
  view_moved (self);
}

static void
on_contrast_begin (GtkGestureDrag *gesture, double x, double y, DaoviewImageView *self)
{
  g_signal_emit (self, signals[SIGNAL_BIAS_CONTRAST], 0, TRUE, 0.0, 0.0);
}

static void
on_contrast_update (GtkGestureDrag *gesture, double dx, double dy, DaoviewImageView *self)
{
  double w = MAX (1, gtk_widget_get_width (GTK_WIDGET (self)));
  double h = MAX (1, gtk_widget_get_height (GTK_WIDGET (self)));
  g_signal_emit (self, signals[SIGNAL_BIAS_CONTRAST], 0, FALSE, dx / w, dy / h);
}

static void
daoview_image_view_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  DaoviewImageView *self = DAOVIEW_IMAGE_VIEW (object);
  int tool;

  switch (prop_id)
    {
    case PROP_TOOL:
      if ((tool = daoview_tool_from_name (g_value_get_string (value))) >= 0)
        self->tool = tool;
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
daoview_image_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  DaoviewImageView *self = DAOVIEW_IMAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TOOL:
      g_value_set_string (value, daoview_tool_name (self->tool));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
daoview_image_view_dispose (GObject *object)
{
  DaoviewImageView *self = DAOVIEW_IMAGE_VIEW (object);

  g_clear_pointer (&self->surface, cairo_surface_destroy);

  G_OBJECT_CLASS (daoview_image_view_parent_class)->dispose (object);
}

static void
daoview_image_view_class_init (DaoviewImageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daoview_image_view_dispose;
  object_class->set_property = daoview_image_view_set_property;
  object_class->get_property = daoview_image_view_get_property;
  widget_class->snapshot = daoview_image_view_snapshot;
  widget_class->measure = daoview_image_view_measure;
  widget_class->size_allocate = daoview_image_view_size_allocate;

  signals[SIGNAL_PIXEL_HOVER] =
    g_signal_new ("pixel-hover", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);
  signals[SIGNAL_SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_RETICLE_SET] =
    g_signal_new ("reticle-set", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  signals[SIGNAL_BIAS_CONTRAST] =
    g_signal_new ("bias-contrast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_BOOLEAN, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  signals[SIGNAL_VIEW_CHANGED] =
    g_signal_new ("view-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  properties[PROP_TOOL] = g_param_spec_string ("tool", NULL, NULL, "pan",
                                               G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "daoview-image");
}

static void
daoview_image_view_init (DaoviewImageView *self)
{
  GtkEventController *controller;
  GtkGesture *drag;

  self->zoom = 1.0;
  self->best_fit = TRUE;
  daoview_overlay_init (&self->overlay);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL
                                                | GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (on_scroll), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "motion", G_CALLBACK (on_motion), self, 0);
  g_signal_connect_object (controller, "leave", G_CALLBACK (on_leave), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  drag = gtk_gesture_drag_new ();
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (on_drag_begin), self, 0);
  g_signal_connect_object (drag, "drag-update", G_CALLBACK (on_drag_update), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  GtkGesture *click = gtk_gesture_click_new ();
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (on_contrast_begin), self, 0);
  g_signal_connect_object (drag, "drag-update", G_CALLBACK (on_contrast_update), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}

GtkWidget *
daoview_image_view_new (void)
{
  return g_object_new (DAOVIEW_TYPE_IMAGE_VIEW, NULL);
}

void
daoview_image_view_set_surface (DaoviewImageView *self, cairo_surface_t *surface, int image_width,
                                int image_height)
{
  g_return_if_fail (DAOVIEW_IS_IMAGE_VIEW (self));

  int width = surface ? image_width : 0;
  int height = surface ? image_height : 0;

  if (surface)
    cairo_surface_reference (surface);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  self->surface = surface;

  if (width != self->image_width || height != self->image_height)
    {
      self->image_width = width;
      self->image_height = height;
      self->best_fit = TRUE;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
zoom_about_centre (DaoviewImageView *self, double zoom)
{
  set_zoom_at (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
               gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

void
daoview_image_view_zoom_in (DaoviewImageView *self)
{
  g_return_if_fail (DAOVIEW_IS_IMAGE_VIEW (self));
  zoom_about_centre (self, daoview_zoom_step_in (self->zoom));
}

void
daoview_image_view_zoom_out (DaoviewImageView *self)
{
  g_return_if_fail (DAOVIEW_IS_IMAGE_VIEW (self));
  zoom_about_centre (self, daoview_zoom_step_out (self->zoom));
}

void
daoview_image_view_zoom_actual (DaoviewImageView *self)
{
  g_return_if_fail (DAOVIEW_IS_IMAGE_VIEW (self));
  zoom_about_centre (self, 1.0);
}

void
daoview_image_view_zoom_fit (DaoviewImageView *self)
{
  g_return_if_fail (DAOVIEW_IS_IMAGE_VIEW (self));
  self->best_fit = TRUE;
  view_moved (self);
}

double
daoview_image_view_get_zoom (DaoviewImageView *self)
{
  g_return_val_if_fail (DAOVIEW_IS_IMAGE_VIEW (self), 1.0);
  return self->zoom;
}

gboolean
daoview_image_view_get_best_fit (DaoviewImageView *self)
{
  g_return_val_if_fail (DAOVIEW_IS_IMAGE_VIEW (self), FALSE);
  return self->best_fit;
}

gboolean
daoview_image_view_get_image_area (DaoviewImageView *self, graphene_rect_t *area)
{
  g_return_val_if_fail (DAOVIEW_IS_IMAGE_VIEW (self), FALSE);
  if (!self->surface)
    return FALSE;
  update_geometry (self);
  graphene_rect_init (area, self->offset_x, self->offset_y, self->image_width * self->zoom,
                      self->image_height * self->zoom);
  return TRUE;
}

void
daoview_image_view_set_tool (DaoviewImageView *self, DaoviewTool tool)
{
  g_return_if_fail (DAOVIEW_IS_IMAGE_VIEW (self));
  g_object_set (self, "tool", daoview_tool_name (tool), NULL);
}

void
daoview_image_view_set_state (DaoviewImageView *self, DaoviewStreamState state)
{
  g_return_if_fail (DAOVIEW_IS_IMAGE_VIEW (self));
  DaoviewStateStyle style = daoview_state_style (state);
  if (style.border == self->state_style.border && style.rgb == self->state_style.rgb
      && style.dim == self->state_style.dim)
    return;
  self->state_style = style;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
daoview_image_view_set_overlay (DaoviewImageView *self, const DaoviewOverlay *overlay, gboolean have_point,
                                double x, double y)
{
  g_return_if_fail (DAOVIEW_IS_IMAGE_VIEW (self));
  self->overlay = *overlay;
  self->have_point = have_point;
  self->point_x = x;
  self->point_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
daoview_image_view_set_selection (DaoviewImageView *self, const DaoviewSelection *selection)
{
  g_return_if_fail (DAOVIEW_IS_IMAGE_VIEW (self));
  self->selection = *selection;
  emit_selection (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
daoview_image_view_get_view (DaoviewImageView *self, DaoviewImageViewState *view)
{
  g_return_if_fail (DAOVIEW_IS_IMAGE_VIEW (self));
  view->zoom = self->zoom;
  view->offset_x = self->offset_x;
  view->offset_y = self->offset_y;
  view->best_fit = self->best_fit;
  view->image_width = self->image_width;
  view->image_height = self->image_height;
}

void
daoview_image_view_set_view (DaoviewImageView *self, const DaoviewImageViewState *view)
{
  g_return_if_fail (DAOVIEW_IS_IMAGE_VIEW (self));
  self->zoom = CLAMP (view->zoom, DAOVIEW_ZOOM_MIN, DAOVIEW_ZOOM_MAX);
  self->offset_x = view->offset_x;
  self->offset_y = view->offset_y;
  self->best_fit = view->best_fit;
  update_geometry (self);
  emit_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
