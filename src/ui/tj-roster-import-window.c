/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-json.h"
#include "tj-money.h"
#include "tj-roster.h"
#include "tj-roster-import-window.h"
#include "tj-ui-table.h"
#include "tj-ui-work.h"
#include "tj-window.h"

/* Roster import (issue 5): a contractor's list of workers, as CSV or an
 * Excel workbook, becomes the case's workers. The file is read and
 * previewed in a worker thread (tj_roster_preview_async()); the table
 * shows every row as read, with the bad ones in red and explained above
 * it ("Row 20, 身份证号码: …"). Import stays disabled while any row is
 * bad — the mediator fixes the file with the contractor and chooses it
 * again — and the import itself (all or nothing) also runs off the main
 * thread. */

/* One previewed row, as a GObject for the column view's model. */
#define TJ_TYPE_ROSTER_ITEM (tj_roster_item_get_type ())
G_DECLARE_FINAL_TYPE (TjRosterItem, tj_roster_item, TJ, ROSTER_ITEM, GObject)

struct _TjRosterItem
{
  GObject     parent_instance;
  JsonObject *row;
  GHashTable *errors;   /* field → message */
};

G_DEFINE_FINAL_TYPE (TjRosterItem, tj_roster_item, G_TYPE_OBJECT)

static void
tj_roster_item_finalize (GObject *object)
{
  TjRosterItem *self = TJ_ROSTER_ITEM (object);

  g_clear_pointer (&self->row, json_object_unref);
  g_clear_pointer (&self->errors, g_hash_table_unref);
  G_OBJECT_CLASS (tj_roster_item_parent_class)->finalize (object);
}

static void
tj_roster_item_class_init (TjRosterItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tj_roster_item_finalize;
}

static void
tj_roster_item_init (TjRosterItem *self)
{
  self->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* The table's columns: the preview member, and the field named in errors. */
static const TjUiTableColumn columns[] = {
  { "row", N_("Row") },
  { "name", N_("Name") },
  { "id_number", N_("ID Number") },
  { "phone", N_("Phone") },
  { "job", N_("Job") },
  { "start_date", N_("Start Date") },
  { "monthly_wage", N_("Monthly Wage") },
  { "owed", N_("Owed") },
  { "problem", N_("Problem") },
};

struct _TjRosterImportWindow
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  GtkWidget      *import_button;
  GtkWidget      *choose_button;
  GtkSpinner     *spinner;
  GtkLabel       *file_label;
  GtkLabel       *status_label;
  GtkStack       *stack;
  GtkWidget      *problems_scroller;
  GtkListBox     *problems_list;
  GtkColumnView  *table;

  TjApplication  *application;
  char           *case_id;
  GListStore     *rows;
  GtkFileChooserNative *chooser;
  GCancellable   *cancellable;
  GBytes         *data;
  char           *filename;
  JsonObject     *preview;
  guint           busy;
};

G_DEFINE_FINAL_TYPE (TjRosterImportWindow, tj_roster_import_window, ADW_TYPE_WINDOW)

static void
set_busy (TjRosterImportWindow *self,
          gboolean              busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
  gtk_widget_set_sensitive (self->choose_button, self->busy == 0);
  gtk_widget_set_sensitive (self->import_button, tj_roster_import_window_can_import (self));
}

static void
set_status (TjRosterImportWindow *self,
            const char           *text,
            const char           *css_class)
{
  gtk_label_set_label (self->status_label, text);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), css_class ? css_class : "dim-label");
}

/* ------------------------------------------------------------------ */
/* The table                                                            */

static char *
cell_text (TjRosterItem *item,
           const char   *field)
{
  JsonObject *row = item->row;

  if (g_str_equal (field, "row"))
    return g_strdup_printf ("%" G_GINT64_FORMAT, tj_json_get_int (row, "row", 0));
  if (g_str_equal (field, "problem"))
    {
      g_autoptr(GString) text = g_string_new (NULL);
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, item->errors);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          if (text->len)
            g_string_append (text, "; ");
          g_string_append (text, value);
        }
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  if (g_str_equal (field, "monthly_wage") || g_str_equal (field, "owed"))
    {
      g_autofree char *member = g_strconcat (field, "_fen", NULL);
      JsonNode *node = json_object_get_member (row, member);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        return g_strdup ("");
      return tj_money_format (json_node_get_int (node));
    }
  return g_strdup (tj_json_get_string (row, field, ""));
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  const char *field = user_data;
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label),
                        g_str_equal (field, "row") || g_str_equal (field, "monthly_wage")
                        || g_str_equal (field, "owed") ? 1.0 : 0.0);
  if (g_str_equal (field, "problem"))
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
    }
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  const char *field = user_data;
  TjRosterItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = cell_text (item, field);
  gboolean bad = g_hash_table_size (item->errors) > 0
                 && (g_str_equal (field, "problem") || g_str_equal (field, "row")
                     || g_hash_table_contains (item->errors, field));

  gtk_label_set_label (GTK_LABEL (label), text);
  /* The bad cell itself, the row number and the reason are red. */
  if (bad)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
  if (bad && !g_str_equal (field, "problem"))
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_remove_css_class (label, "heading");
}

/* The header of each column as the file writes it (“欠薪金额（元）”), so
 * that the mediator and the contractor talk about the same column. */
static void
set_column_titles (TjRosterImportWindow *self)
{
  JsonObject *names = tj_json_get_object (self->preview, "columns");
  GListModel *cols = gtk_column_view_get_columns (self->table);

  for (guint i = 0; i < g_list_model_get_n_items (cols); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (cols, i);
      const char *field = tj_ui_table_column_get_field (column);
      const char *name = names ? tj_json_get_string (names, field, NULL) : NULL;

      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        if (g_str_equal (columns[c].field, field))
          gtk_column_view_column_set_title (column, name ? name : _(columns[c].title));
      gtk_column_view_column_set_visible (column, g_str_equal (field, "row") || g_str_equal (field, "name")
                                          || g_str_equal (field, "problem") || name != NULL);
    }
}

static void
clear_problems (TjRosterImportWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->problems_list))))
    gtk_list_box_remove (self->problems_list, child);
}

static void
add_problem (TjRosterImportWindow *self,
             const char           *title,
             const char           *text,
             gboolean              is_error)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (is_error ? "dialog-error-symbolic" : "dialog-information-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  gtk_widget_add_css_class (icon, is_error ? "error" : "dim-label");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_append (self->problems_list, row);
}

static void
show_preview (TjRosterImportWindow *self)
{
  JsonArray *rows = tj_json_get_array (self->preview, "rows");
  JsonArray *errors = tj_json_get_array (self->preview, "errors");
  JsonArray *notes = tj_json_get_array (self->preview, "notes");
  JsonObject *totals = tj_json_get_object (self->preview, "totals");
  guint n_errors = errors ? json_array_get_length (errors) : 0;
  guint n_rows = rows ? json_array_get_length (rows) : 0;
  g_autoptr(GHashTable) by_row = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autofree char *owed = tj_money_format (tj_json_get_int (totals, "owed_fen", 0));
  g_autofree char *status = NULL;

  g_list_store_remove_all (self->rows);
  clear_problems (self);

  for (guint i = 0; i < n_rows; i++)
    {
      TjRosterItem *item = g_object_new (TJ_TYPE_ROSTER_ITEM, NULL);

      item->row = json_object_ref (json_array_get_object_element (rows, i));
      g_hash_table_insert (by_row, GINT_TO_POINTER ((int) tj_json_get_int (item->row, "row", 0)), item);
      g_list_store_append (self->rows, item);
      g_object_unref (item);
    }

  for (guint i = 0; i < n_errors; i++)
    {
      JsonObject *e = json_array_get_object_element (errors, i);
      int row = (int) tj_json_get_int (e, "row", 0);
      const char *column = tj_json_get_string (e, "column", NULL);
      const char *message = tj_json_get_string (e, "message", "");
      TjRosterItem *item = g_hash_table_lookup (by_row, GINT_TO_POINTER (row));
      g_autofree char *title = column && *column
                               /* Translators: "Row 20, 身份证号码": where a roster error is. */
                               ? g_strdup_printf (_("Row %d, %s"), row, column)
                               : g_strdup_printf (_("Row %d"), row);

      add_problem (self, title, message, TRUE);
      if (item)
        {
          const char *field = tj_json_get_string (e, "field", "problem");
          g_autofree char *text = column && *column ? g_strdup_printf ("%s: %s", column, message) : g_strdup (message);
          g_hash_table_insert (item->errors, g_strdup (field), g_steal_pointer (&text));
        }
    }
  for (guint i = 0; notes && i < json_array_get_length (notes); i++)
    {
      JsonObject *note = json_array_get_object_element (notes, i);
      g_autofree char *title = g_strdup_printf (_("Row %d"), (int) tj_json_get_int (note, "row", 0));

      add_problem (self, title, tj_json_get_string (note, "message", ""), FALSE);
    }
  gtk_widget_set_visible (self->problems_scroller, gtk_widget_get_first_child (GTK_WIDGET (self->problems_list)) != NULL);
  /* Rows are already added: let the table redraw the red cells. */
  g_list_model_items_changed (G_LIST_MODEL (self->rows), 0, n_rows, n_rows);

  set_column_titles (self);

  if (n_errors > 0)
    {
      status = g_strdup_printf (ngettext ("%u problem in the file: fix it with whoever sent the roster and choose the file again. Nothing has been imported.",
                                          "%u problems in the file: fix them with whoever sent the roster and choose the file again. Nothing has been imported.",
                                          n_errors), n_errors);
      set_status (self, status, "error");
    }
  else if (n_rows == 0)
    set_status (self, _("No workers were found in the file."), "error");
  else
    {
      status = g_strdup_printf (ngettext ("%u worker ready to import, owed %s in total. Check the table, then press Import.",
                                          "%u workers ready to import, owed %s in total. Check the table, then press Import.",
                                          n_rows), n_rows, owed);
      set_status (self, status, "success");
    }
  gtk_stack_set_visible_child_name (self->stack, "preview");
}

/* ------------------------------------------------------------------ */
/* Preview and import                                                   */

/* The file checked, or imported, on the repository's worker: the same
 * connection as every other write of the GUI, in the order asked. */
typedef struct {
  char       *case_id;
  GBytes     *data;
  char       *filename;
  gboolean    import;
  JsonObject *result;
} RosterJob;

static void
roster_job_free (RosterJob *job)
{
  g_free (job->case_id);
  g_bytes_unref (job->data);
  g_free (job->filename);
  g_clear_pointer (&job->result, json_object_unref);
  g_free (job);
}

static gboolean
roster_in_worker (TjStore              *store,
                  const TjCaseContext  *ctx,
                  gpointer              data,
                  GError              **error)
{
  RosterJob *job = data;
  gsize length = 0;
  const char *bytes = g_bytes_get_data (job->data, &length);

  job->result = job->import ? tj_roster_import (store, ctx, job->case_id, bytes, length, job->filename, error)
                            : tj_roster_preview (store, job->case_id, bytes, length, job->filename, error);
  return job->result != NULL;
}

static void
run_roster (TjRosterImportWindow *self,
            gboolean              import,
            GAsyncReadyCallback   callback)
{
  RosterJob *job = g_new0 (RosterJob, 1);

  job->case_id = g_strdup (self->case_id);
  job->data = g_bytes_ref (self->data);
  job->filename = g_strdup (self->filename);
  job->import = import;
  tj_ui_work_run_async (self->application, roster_in_worker, job, (GDestroyNotify) roster_job_free,
                        self->cancellable, callback, g_object_ref (self));
}

/* The job's result, taken from it; NULL with @error when it failed. */
static JsonObject *
roster_finish (GAsyncResult  *result,
               GError       **error)
{
  RosterJob *job = NULL;

  if (!tj_ui_work_run_finish (result, (gpointer *) &job, error))
    return NULL;
  return g_steal_pointer (&job->result);
}

static void
preview_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TjRosterImportWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) preview = roster_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_pointer (&self->preview, json_object_unref);
  if (preview == NULL)
    {
      g_list_store_remove_all (self->rows);
      clear_problems (self);
      gtk_widget_set_visible (self->problems_scroller, FALSE);
      gtk_stack_set_visible_child_name (self->stack, "start");
      set_status (self, error->message, "error");
    }
  else
    {
      self->preview = g_steal_pointer (&preview);
      show_preview (self);
    }
  set_busy (self, FALSE);
}

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(TjRosterImportWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not read the file: %s"), error->message);
          set_status (self, text, "error");
          set_busy (self, FALSE);
        }
      return;
    }
  g_clear_pointer (&self->data, g_bytes_unref);
  self->data = g_bytes_new_take (contents, length);
  if (tj_application_get_repository (self->application) == NULL)
    {
      set_status (self, _("The case database is not open."), "error");
      set_busy (self, FALSE);
      return;
    }
  set_status (self, _("Checking every row…"), NULL);
  run_roster (self, FALSE, preview_cb);
}

static void
do_import_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TjRosterImportWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = roster_finish (result, &error);
  GtkWindow *parent;
  g_autofree char *owed = NULL;
  g_autofree char *text = NULL;
  gint64 n;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (out == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Nothing was imported: %s"), error->message);
      set_status (self, message, "error");
      return;
    }
  n = tj_json_get_int (out, "imported", 0);
  owed = tj_money_format (tj_json_get_int (out, "owed_fen", 0));
  text = g_strdup_printf (ngettext ("Imported %d worker, owed %s", "Imported %d workers, owed %s", (gulong) n),
                          (int) n, owed);
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (!TJ_IS_WINDOW (parent))
    {
      GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self->application));
      parent = TJ_IS_WINDOW (active) ? active : NULL;
    }
  if (parent && TJ_IS_WINDOW (parent))
    tj_window_add_toast (TJ_WINDOW (parent), adw_toast_new (text));
  g_debug ("Roster imported: %d workers", (int) n);
  gtk_window_close (GTK_WINDOW (self));
}

static void
import_clicked_cb (TjRosterImportWindow *self)
{
  tj_roster_import_window_import (self);
}

static void
chooser_response_cb (GtkNativeDialog      *dialog,
                     int                   response,
                     TjRosterImportWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (file)
        tj_roster_import_window_set_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
choose_clicked_cb (TjRosterImportWindow *self)
{
  g_autoptr(GtkFileFilter) rosters = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (rosters, _("Rosters (CSV, Excel .xlsx)"));
  gtk_file_filter_add_suffix (rosters, "csv");
  gtk_file_filter_add_suffix (rosters, "txt");
  gtk_file_filter_add_suffix (rosters, "xlsx");
  gtk_file_filter_add_mime_type (rosters, "text/csv");
  gtk_file_filter_add_mime_type (rosters, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose the Roster"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), rosters);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
tj_roster_import_window_dispose (GObject *object)
{
  TjRosterImportWindow *self = TJ_ROSTER_IMPORT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_ROSTER_IMPORT_WINDOW);

  G_OBJECT_CLASS (tj_roster_import_window_parent_class)->dispose (object);
}

static void
tj_roster_import_window_finalize (GObject *object)
{
  TjRosterImportWindow *self = TJ_ROSTER_IMPORT_WINDOW (object);

  g_clear_object (&self->application);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->filename, g_free);
  g_clear_pointer (&self->data, g_bytes_unref);
  g_clear_pointer (&self->preview, json_object_unref);

  G_OBJECT_CLASS (tj_roster_import_window_parent_class)->finalize (object);
}

static void
tj_roster_import_window_class_init (TjRosterImportWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_roster_import_window_dispose;
  object_class->finalize = tj_roster_import_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-roster-import-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TjRosterImportWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TjRosterImportWindow, import_button);
  gtk_widget_class_bind_template_child (widget_class, TjRosterImportWindow, choose_button);
  gtk_widget_class_bind_template_child (widget_class, TjRosterImportWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, TjRosterImportWindow, file_label);
  gtk_widget_class_bind_template_child (widget_class, TjRosterImportWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, TjRosterImportWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TjRosterImportWindow, problems_scroller);
  gtk_widget_class_bind_template_child (widget_class, TjRosterImportWindow, problems_list);
  gtk_widget_class_bind_template_child (widget_class, TjRosterImportWindow, table);
  gtk_widget_class_bind_template_callback (widget_class, import_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tj_roster_import_window_init (TjRosterImportWindow *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->rows = g_list_store_new (TJ_TYPE_ROSTER_ITEM);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  gtk_column_view_set_model (self->table, GTK_SELECTION_MODEL (selection));
  tj_ui_table_add_columns (self->table, columns, G_N_ELEMENTS (columns), "problem",
                           G_CALLBACK (cell_setup_cb), G_CALLBACK (cell_bind_cb));
  gtk_widget_set_visible (self->problems_scroller, FALSE);
}

TjRosterImportWindow *
tj_roster_import_window_new (GtkWindow     *parent,
                             TjApplication *application,
                             const char    *case_id)
{
  TjRosterImportWindow *self;

  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_new (TJ_TYPE_ROSTER_IMPORT_WINDOW,
                       "transient-for", parent,
                       "application", application,
                       NULL);
  self->application = g_object_ref (application);
  self->case_id = g_strdup (case_id);

  tj_ui_work_show_case_subtitle (application, case_id, TRUE, self->window_title);
  return self;
}

void
tj_roster_import_window_set_file (TjRosterImportWindow *self,
                                  GFile                *file)
{
  g_return_if_fail (TJ_IS_ROSTER_IMPORT_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  /* A new file replaces whatever was being read or checked. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = 0;

  g_free (self->filename);
  self->filename = g_file_get_basename (file);
  gtk_label_set_label (self->file_label, self->filename);
  g_clear_pointer (&self->preview, json_object_unref);
  set_status (self, _("Reading the file…"), NULL);
  set_busy (self, TRUE);
  g_file_load_contents_async (file, self->cancellable, load_cb, g_object_ref (self));
}

JsonObject *
tj_roster_import_window_get_preview (TjRosterImportWindow *self)
{
  g_return_val_if_fail (TJ_IS_ROSTER_IMPORT_WINDOW (self), NULL);

  return self->preview;
}

gboolean
tj_roster_import_window_get_busy (TjRosterImportWindow *self)
{
  g_return_val_if_fail (TJ_IS_ROSTER_IMPORT_WINDOW (self), FALSE);

  return self->busy > 0;
}

gboolean
tj_roster_import_window_can_import (TjRosterImportWindow *self)
{
  JsonArray *errors, *rows;

  g_return_val_if_fail (TJ_IS_ROSTER_IMPORT_WINDOW (self), FALSE);

  if (self->busy > 0 || self->preview == NULL || self->data == NULL)
    return FALSE;
  errors = tj_json_get_array (self->preview, "errors");
  rows = tj_json_get_array (self->preview, "rows");
  return (errors == NULL || json_array_get_length (errors) == 0)
         && rows != NULL && json_array_get_length (rows) > 0;
}

void
tj_roster_import_window_import (TjRosterImportWindow *self)
{
  g_return_if_fail (TJ_IS_ROSTER_IMPORT_WINDOW (self));

  if (!tj_roster_import_window_can_import (self) || tj_application_get_repository (self->application) == NULL)
    return;
  set_status (self, _("Importing…"), NULL);
  set_busy (self, TRUE);
  run_roster (self, TRUE, do_import_cb);
}
