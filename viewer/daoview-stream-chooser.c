/* daoview-stream-chooser.c — the list of streams in /tmp, in milk's
 * directory ($MILK_SHM_DIR, else /milk/shm) where there is one (DAO streams
 * and milk / ImageStreamIO streams alike, the milk ones marked), and of a
 * server.
 *
 * The list is rescanned every second while the widget is mapped; each
 * stream's rate comes from its counter over the scans (common/'s daocommon-rate.h). Files
 * that are not valid streams are listed with the reason, greyed out. With a
 * server address (typed in, or `daoview tcp://HOST:PORT/`), the streams it
 * offers follow, listed in a worker thread (daoview-remote.h) so that a
 * server that does not answer never holds up the window.
 */
#define G_LOG_DOMAIN "daoview-stream-chooser"

#include "config.h"

#include "daoview-stream-chooser.h"

#include <dao.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "daoview-error.h"
#include "daoview-frame.h"
#include "daocommon-rate.h"
#include "daocommon-shape.h"
#include "daoview-remote.h"

#define STREAM_SUFFIX ".im.shm"
#define LIST_TIMEOUT_NS (2 * G_GINT64_CONSTANT (1000000000))

struct _DaoviewStreamChooser
{
  GtkBox parent_instance;

  /* Owned */
  char *folder;
  GHashTable *rates; /* path → daocommon_rate */
  guint refresh_id;
  GtkFileChooserNative *file_chooser;
  char *server;                /* a server whose streams are listed too, or NULL */
  DaoviewRemoteEntry *remote;  /* its last listing */
  size_t n_remote;
  int remote_code;             /* why there is no listing (0: none asked yet) */
  gboolean listing;            /* a listing is under way */

  /* Borrowed (children) */
  GtkListBox *list;
  GtkLabel *empty_label;
  GtkEntry *server_entry;
};

enum {
  SIGNAL_STREAM_ACTIVATED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DaoviewStreamChooser, daoview_stream_chooser, GTK_TYPE_BOX)

static GtkWidget *new_row (const char *name, const char *details, gboolean valid,
                           const char *location);
static void rate_update (DaoviewStreamChooser *self, const char *location, guint64 counter);
static char *rate_text (DaoviewStreamChooser *self, const char *location);

/* in_folder: the path is in the chooser's folder, and is shown by its file
 * name; a stream of milk's directory is shown by its whole path. */
static GtkWidget *
make_row (DaoviewStreamChooser *self, const char *path, gboolean in_folder)
{
  dao_stream *s = NULL;
  int rc = dao_stream_open (&s, path, DAO_OPEN_READ_ONLY);
  g_autofree char *name = in_folder ? g_path_get_basename (path) : g_strdup (path);
  g_autofree char *details = NULL;
  gboolean valid = rc == 0;

  if (valid)
    {
      char shape[64];
      rate_update (self, path, dao_stream_counter (s));
      g_autofree char *hz = rate_text (self, path);

      daocommon_shape_format (shape, sizeof shape, dao_stream_naxis (s), dao_stream_shape (s), DAOCOMMON_SHAPE_LABEL);
      gboolean milk = dao_stream_format (s) == DAO_FORMAT_MILK;
      details = g_strdup_printf ("%s  ·  %s  ·  %s%s", shape, dao_type_name (dao_stream_type (s)), hz,
                                 milk ? "  ·  milk" : "");
      dao_stream_close (s);
    }
  else
    {
      g_autoptr (GError) error = daoview_error_new (NULL, rc, NULL);
      details = g_strdup (error->message);
    }

  return new_row (name, details, valid, path);
}

static GtkWidget *
new_row (const char *name, const char *details, gboolean valid, const char *location)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (name);
  GtkWidget *subtitle = gtk_label_new (details);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "daoview-text",
                          g_strdup_printf ("%s: %s", name, details), g_free);
  gtk_widget_set_sensitive (row, valid);
  g_object_set_data_full (G_OBJECT (row), "daoview-path", g_strdup (location), g_free);
  return row;
}

/* Note a stream's counter (local or listed) at the time it was read. */
static void
rate_update (DaoviewStreamChooser *self, const char *location, guint64 counter)
{
  gint64 now = g_get_monotonic_time ();
  daocommon_rate *rate = g_hash_table_lookup (self->rates, location);
  if (!rate)
    {
      rate = g_new (daocommon_rate, 1);
      daocommon_rate_init (rate, counter, now * 1000);
      g_hash_table_insert (self->rates, g_strdup (location), rate);
    }
  daocommon_rate_update (rate, counter, now * 1000);
}

/* The stream's rate from its counter over the scans. */
static char *
rate_text (DaoviewStreamChooser *self, const char *location)
{
  daocommon_rate *rate = g_hash_table_lookup (self->rates, location);
  return rate && rate->estimates > 0 ? g_strdup_printf (_("%.1f Hz"), rate->hz) : g_strdup (_("rate unknown"));
}

/* A stream the server offers; its rate moves with each listing. */
static GtkWidget *
make_remote_row (DaoviewStreamChooser *self, const DaoviewRemoteEntry *e)
{
  g_autofree char *details = NULL;
  if (e->valid)
    {
      char shape[64];
      g_autofree char *hz = rate_text (self, e->location);
      daocommon_shape_format (shape, sizeof shape, e->naxis, e->shape, DAOCOMMON_SHAPE_LABEL);
      details = g_strdup_printf ("%s  ·  %s  ·  %s%s", shape, dao_type_name (e->type), hz,
                                 e->milk ? "  ·  milk" : "");
    }
  else
    details = g_strdup (_("Offered, but the server cannot read it now"));
  GtkWidget *row = new_row (e->name, details, e->valid, e->location);
  g_object_set_data (G_OBJECT (row), "daoview-remote", GINT_TO_POINTER (TRUE));
  return row;
}

/* The server's rows, under a heading that names it. */
static void
update_header (GtkListBoxRow *row, GtkListBoxRow *before, gpointer data)
{
  DaoviewStreamChooser *self = data;
  gboolean remote = g_object_get_data (G_OBJECT (row), "daoview-remote") != NULL;
  gboolean first = remote && (!before || !g_object_get_data (G_OBJECT (before), "daoview-remote"));
  if (!first)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  g_autofree char *text = g_strdup_printf (_("Offered by %s"), self->server);
  GtkWidget *label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_box_row_set_header (row, label);
}

/* The server's row while there is no listing: asking, or why not. */
static GtkWidget *
make_server_status_row (DaoviewStreamChooser *self)
{
  g_autofree char *details = NULL;
  if (self->remote_code == 0)
    details = g_strdup (_("Asking the server for its streams…"));
  else if (self->remote_code == -ETIMEDOUT)
    details = g_strdup (_("No answer: the server is down, unreachable, or refuses our keys"));
  else
    {
      const char *why = daoview_remote_strerror (self->remote_code);
      details = g_strdup (why ? why : dao_strerror (self->remote_code));
    }
  GtkWidget *row = new_row (self->remote_code == 0 ? _("Listing…") : _("Cannot list its streams"),
                            details, FALSE, NULL);
  g_object_set_data (G_OBJECT (row), "daoview-remote", GINT_TO_POINTER (TRUE));
  return row;
}

/* g_ptr_array_sort() hands the comparator pointers to the elements, not the
 * elements themselves, so g_strcmp0 cannot be passed directly. */
static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

static void
add_streams_in (GPtrArray *paths, const char *folder)
{
  GDir *dir = g_dir_open (folder, 0, NULL);
  const char *entry;
  while (dir && (entry = g_dir_read_name (dir)))
    if (g_str_has_suffix (entry, STREAM_SUFFIX))
      g_ptr_array_add (paths, g_build_filename (folder, entry, NULL));
  g_clear_pointer (&dir, g_dir_close);
}

static gboolean
same_folder (const char *a, const char *b)
{
  GStatBuf sa, sb;
  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The rows: the folder's streams, milk's, then the server's from its last
 * listing. */
static void
rebuild (DaoviewStreamChooser *self)
{
  GtkWidget *child;
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  add_streams_in (paths, self->folder);
  guint in_folder = paths->len;
  g_ptr_array_sort (paths, compare_paths);
  /* milk's own directory, unless milk falls back to /tmp (which is only
   * listed when it is the chooser's folder). */
  const char *milk_folder = dao_milk_shm_dir ();
  if (!same_folder (milk_folder, self->folder) && !same_folder (milk_folder, "/tmp"))
    {
      GPtrArray *milk_paths = g_ptr_array_new_with_free_func (g_free);
      add_streams_in (milk_paths, milk_folder);
      g_ptr_array_sort (milk_paths, compare_paths);
      for (guint i = 0; i < milk_paths->len; i++)
        g_ptr_array_add (paths, g_strdup (g_ptr_array_index (milk_paths, i)));
      g_ptr_array_unref (milk_paths);
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < paths->len; i++)
    gtk_list_box_append (self->list, make_row (self, g_ptr_array_index (paths, i), i < in_folder));
  if (self->server && self->remote)
    for (size_t i = 0; i < self->n_remote; i++)
      gtk_list_box_append (self->list, make_remote_row (self, &self->remote[i]));
  else if (self->server)
    gtk_list_box_append (self->list, make_server_status_row (self));

  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), paths->len == 0 && !self->server);
  g_ptr_array_unref (paths);
}

typedef struct {
  char *server;
  DaoviewRemoteEntry *entries;
  size_t count;
  int code;
} Listing;

static void
listing_free (gpointer data)
{
  Listing *l = data;
  g_free (l->server);
  free (l->entries);
  g_free (l);
}

static void
list_in_thread (GTask *task, gpointer object, gpointer data, GCancellable *cancellable)
{
  Listing *l = data;
  l->code = daoview_remote_list (l->server, LIST_TIMEOUT_NS, &l->entries, &l->count);
}

static void
on_listed (GObject *object, GAsyncResult *result, gpointer data)
{
  DaoviewStreamChooser *self = DAOVIEW_STREAM_CHOOSER (object);
  Listing *l = g_task_get_task_data (G_TASK (result));

  if (g_strcmp0 (l->server, self->server) != 0)
    return; /* the address changed meanwhile (its own listing is under way) */
  self->listing = FALSE;
  g_clear_pointer (&self->remote, free);
  self->remote = g_steal_pointer (&l->entries);
  self->n_remote = l->count;
  self->remote_code = l->code;
  for (size_t i = 0; i < self->n_remote; i++)
    if (self->remote[i].valid)
      rate_update (self, self->remote[i].location, self->remote[i].counter);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    rebuild (self);
}

/* One listing at a time; a server slower than the refresh is asked again
 * once it has answered (or timed out). */
static void
start_listing (DaoviewStreamChooser *self)
{
  if (!self->server || self->listing)
    return;
  Listing *l = g_new0 (Listing, 1);
  l->server = g_strdup (self->server);
  GTask *task = g_task_new (self, NULL, on_listed, NULL);
  g_task_set_task_data (task, l, listing_free);
  self->listing = TRUE;
  g_task_run_in_thread (task, list_in_thread);
  g_object_unref (task);
}

static gboolean
refresh (gpointer data)
{
  DaoviewStreamChooser *self = data;
  start_listing (self);
  rebuild (self);
  return G_SOURCE_CONTINUE;
}

static void
on_server_activated (GtkEntry *entry, DaoviewStreamChooser *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  /* A stream's address (tcp://HOST:PORT/NAME) is opened at once. */
  if (*text && !daoview_remote_is_server (text) && g_str_has_prefix (text, "tcp://"))
    g_signal_emit (self, signals[SIGNAL_STREAM_ACTIVATED], 0, text);
  else
    daoview_stream_chooser_set_server (self, *text ? text : NULL);
}

static void
on_row_activated (GtkListBox *list, GtkListBoxRow *row, DaoviewStreamChooser *self)
{
  const char *path = g_object_get_data (G_OBJECT (row), "daoview-path");
  if (path)
    g_signal_emit (self, signals[SIGNAL_STREAM_ACTIVATED], 0, path);
}

static void
on_file_chosen (GtkNativeDialog *dialog, int response, DaoviewStreamChooser *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      if (path)
        g_signal_emit (self, signals[SIGNAL_STREAM_ACTIVATED], 0, path);
    }
  g_clear_object (&self->file_chooser);
}

static void
on_open_file_clicked (GtkButton *button, DaoviewStreamChooser *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_clear_object (&self->file_chooser);
  self->file_chooser = gtk_file_chooser_native_new (_("Open Stream"), GTK_WINDOW (root),
                                                    GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                                    _("_Cancel"));
  g_signal_connect_object (self->file_chooser, "response", G_CALLBACK (on_file_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->file_chooser));
}

static void
daoview_stream_chooser_map (GtkWidget *widget)
{
  DaoviewStreamChooser *self = DAOVIEW_STREAM_CHOOSER (widget);

  GTK_WIDGET_CLASS (daoview_stream_chooser_parent_class)->map (widget);
  refresh (self);
  /* Listing a folder is not drawing: a timer is the right clock for it. */
  self->refresh_id = g_timeout_add_seconds (1, refresh, self);
}

static void
daoview_stream_chooser_unmap (GtkWidget *widget)
{
  DaoviewStreamChooser *self = DAOVIEW_STREAM_CHOOSER (widget);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  GTK_WIDGET_CLASS (daoview_stream_chooser_parent_class)->unmap (widget);
}

static void
daoview_stream_chooser_dispose (GObject *object)
{
  DaoviewStreamChooser *self = DAOVIEW_STREAM_CHOOSER (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_object (&self->file_chooser);
  g_clear_pointer (&self->rates, g_hash_table_unref);
  g_clear_pointer (&self->folder, g_free);
  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->remote, free);

  G_OBJECT_CLASS (daoview_stream_chooser_parent_class)->dispose (object);
}

static void
daoview_stream_chooser_class_init (DaoviewStreamChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = daoview_stream_chooser_dispose;
  widget_class->map = daoview_stream_chooser_map;
  widget_class->unmap = daoview_stream_chooser_unmap;

  signals[SIGNAL_STREAM_ACTIVATED] =
    g_signal_new ("stream-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
daoview_stream_chooser_init (DaoviewStreamChooser *self)
{
  GtkWidget *title, *scrolled, *button;

  self->folder = g_strdup ("/tmp");
  self->rates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 24);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 24);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 24);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 24);

  title = gtk_label_new (_("Choose a stream to watch"));
  gtk_widget_add_css_class (title, "title-2");
  gtk_box_append (GTK_BOX (self), title);

  /* Streams of another machine: its `daoctl serve` address. */
  self->server_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->server_entry, _("Server address, e.g. tcp://rtc:5556"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->server_entry),
                               _("tcp://HOST:PORT lists the streams a daoctl serve offers; tcp://HOST:PORT/NAME opens one"));
  g_signal_connect_object (self->server_entry, "activate", G_CALLBACK (on_server_activated), self, 0);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->server_entry));

  self->empty_label = GTK_LABEL (gtk_label_new (_("No stream (*.im.shm) in /tmp yet. "
                                                  "Start a writer, or try daoview --demo.")));
  gtk_label_set_wrap (self->empty_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_label), "dim-label");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->empty_label));

  scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scrolled, TRUE);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_activate_on_single_click (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_list_box_set_header_func (self->list, update_header, self, NULL);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (on_row_activated), self, 0);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_box_append (GTK_BOX (self), scrolled);

  button = gtk_button_new_with_mnemonic (_("_Open File…"));
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_open_file_clicked), self, 0);
  gtk_box_append (GTK_BOX (self), button);
}

GtkWidget *
daoview_stream_chooser_new (void)
{
  return g_object_new (DAOVIEW_TYPE_STREAM_CHOOSER, NULL);
}

void
daoview_stream_chooser_set_folder (DaoviewStreamChooser *self, const char *folder)
{
  g_return_if_fail (DAOVIEW_IS_STREAM_CHOOSER (self));
  g_free (self->folder);
  self->folder = g_strdup (folder);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
}

void
daoview_stream_chooser_set_server (DaoviewStreamChooser *self, const char *server)
{
  g_return_if_fail (DAOVIEW_IS_STREAM_CHOOSER (self));
  if (g_strcmp0 (server, self->server) == 0)
    return;
  g_free (self->server);
  self->server = g_strdup (server);
  g_clear_pointer (&self->remote, free);
  self->n_remote = 0;
  self->remote_code = 0;
  self->listing = FALSE; /* a listing of the old address is ignored when it ends */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->server_entry)), server ? server : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->server_entry), server ? server : "");
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    refresh (self);
}

void
daoview_stream_chooser_refresh (DaoviewStreamChooser *self)
{
  g_return_if_fail (DAOVIEW_IS_STREAM_CHOOSER (self));
  refresh (self);
}

char **
daoview_stream_chooser_dup_rows (DaoviewStreamChooser *self)
{
  g_return_val_if_fail (DAOVIEW_IS_STREAM_CHOOSER (self), NULL);
  GStrvBuilder *builder = g_strv_builder_new ();
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *text = g_object_get_data (G_OBJECT (row), "daoview-text");
      if (text)
        g_strv_builder_add (builder, text);
    }
  char **rows = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return rows;
}

void
daoview_stream_chooser_activate_row (DaoviewStreamChooser *self, int index)
{
  g_return_if_fail (DAOVIEW_IS_STREAM_CHOOSER (self));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, index);
  if (row && gtk_widget_get_sensitive (GTK_WIDGET (row)))
    on_row_activated (self->list, row, self);
}
