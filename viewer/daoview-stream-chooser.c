/* daoview-stream-chooser.c — the list of streams in /tmp, and in milk's
 * directory ($MILK_SHM_DIR, else /milk/shm) where there is one: DAO streams
 * and milk / ImageStreamIO streams alike, the milk ones marked.
 *
 * The list is rescanned every second while the widget is mapped; each
 * stream's rate comes from its counter over the scans (daoview-rate.h). Files
 * that are not valid streams are listed with the reason, greyed out.
 */
#define G_LOG_DOMAIN "daoview-stream-chooser"

#include "config.h"

#include "daoview-stream-chooser.h"

#include <dao.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "daoview-error.h"
#include "daoview-frame.h"
#include "daoview-rate.h"

#define STREAM_SUFFIX ".im.shm"

struct _DaoviewStreamChooser
{
  GtkBox parent_instance;

  /* Owned */
  char *folder;
  GHashTable *rates; /* path → DaoviewRate */
  guint refresh_id;
  GtkFileChooserNative *file_chooser;

  /* Borrowed (children) */
  GtkListBox *list;
  GtkLabel *empty_label;
};

enum {
  SIGNAL_STREAM_ACTIVATED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DaoviewStreamChooser, daoview_stream_chooser, GTK_TYPE_BOX)

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
      gint64 now = g_get_monotonic_time ();
      guint64 counter = dao_stream_counter (s);
      DaoviewRate *rate = g_hash_table_lookup (self->rates, path);
      g_autofree char *hz = NULL;

      if (!rate)
        {
          rate = g_new (DaoviewRate, 1);
          daoview_rate_start (rate, counter, now);
          g_hash_table_insert (self->rates, g_strdup (path), rate);
        }
      daoview_rate_update (rate, counter, now);
      hz = rate->estimated ? g_strdup_printf (_("%.1f Hz"), rate->hz) : g_strdup (_("rate unknown"));

      daoview_format_shape (dao_stream_naxis (s), dao_stream_shape (s), " × ", shape, sizeof shape);
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
  g_object_set_data_full (G_OBJECT (row), "daoview-path", g_strdup (path), g_free);
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

static gboolean
refresh (gpointer data)
{
  DaoviewStreamChooser *self = data;
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

  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), paths->len == 0);
  g_ptr_array_unref (paths);
  return G_SOURCE_CONTINUE;
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
