/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The payment window's Bank File page: the bank's batch-payment list,
 * read and previewed on the repository's worker with every row that does
 * not match named (tj_bank_import_preview()), then imported all or
 * nothing (tj_bank_import()). */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-payment-window-private.h"
#include "tj-ui-table.h"

/* One previewed row of the bank's file, for the table. */
static GObject *
bank_row_new (JsonObject *row)
{
  GObject *o = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data_full (o, "row", json_object_ref (row), (GDestroyNotify) json_object_unref);
  return o;
}

static const TjUiTableColumn bank_columns[] = {
  { "row", N_("Row") },
  { "name", N_("Name") },
  { "account", N_("Account") },
  { "id_number", N_("ID Number") },
  { "amount", N_("Amount") },
  { "date", N_("Paid On") },
  { "installments", N_("Booked to installment") },
  { "problem", N_("Problem") },
};

static char *
bank_cell_text (JsonObject *row,
                const char *field)
{
  if (g_str_equal (field, "row"))
    return g_strdup_printf ("%" G_GINT64_FORMAT, tj_json_get_int (row, "row", 0));
  if (g_str_equal (field, "amount"))
    return tj_money_format (tj_json_get_int (row, "amount_fen", 0));
  if (g_str_equal (field, "date"))
    return tj_ui_format_date (tj_json_get_string (row, "paid_on", NULL));
  if (g_str_equal (field, "problem"))
    return g_strdup (tj_json_get_string (row, "problem", ""));
  if (g_str_equal (field, "installments"))
    {
      JsonArray *payments = tj_json_get_array (row, "payments");
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; payments && i < json_array_get_length (payments); i++)
        {
          JsonObject *p = json_array_get_object_element (payments, i);
          if (text->len)
            g_string_append (text, _(", "));
          g_string_append_printf (text, "%" G_GINT64_FORMAT, tj_json_get_int (p, "installment", 0) + 1);
        }
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  return g_strdup (tj_json_get_string (row, field, ""));
}

static void
bank_cell_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    gpointer                  user_data)
{
  const char *field = user_data;
  GtkWidget *label = gtk_label_new (NULL);
  gboolean numeric = g_str_equal (field, "row") || g_str_equal (field, "amount");

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  /* One line per row: the whole reason is in the list above the table
   * and in the tooltip. */
  if (g_str_equal (field, "problem"))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 24);
    }
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
bank_cell_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   gpointer                  user_data)
{
  const char *field = user_data;
  JsonObject *row = g_object_get_data (gtk_list_item_get_item (list_item), "row");
  GtkWidget *label = gtk_list_item_get_child (list_item);
  g_autofree char *text = bank_cell_text (row, field);
  gboolean bad = !tj_json_get_bool (row, "ok", FALSE) && !tj_json_get_bool (row, "skipped", FALSE);

  gtk_label_set_label (GTK_LABEL (label), text);
  if (g_str_equal (field, "problem"))
    gtk_widget_set_tooltip_text (label, *text ? text : NULL);
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "dim-label");
  if (bad && (g_str_equal (field, "row") || g_str_equal (field, "problem") ||
              g_strcmp0 (tj_json_get_string (row, "bad_field", NULL), field) == 0))
    gtk_widget_add_css_class (label, "error");
  else if (tj_json_get_bool (row, "skipped", FALSE))
    gtk_widget_add_css_class (label, "dim-label");
}

void
_tj_payment_window_build_bank_columns (TjPaymentWindow *self)
{
  tj_ui_table_add_columns (self->bank_table, bank_columns, G_N_ELEMENTS (bank_columns), "problem",
                           G_CALLBACK (bank_cell_setup_cb), G_CALLBACK (bank_cell_bind_cb));
  gtk_column_view_set_model (self->bank_table,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->bank_rows)))));
}

static void
add_bank_problem (TjPaymentWindow *self,
                  const char      *title,
                  const char      *text,
                  gboolean         is_error)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (is_error ? "dialog-error-symbolic" : "dialog-information-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (icon, is_error ? "error" : "dim-label");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_append (self->bank_problems_list, row);
}

static void
set_bank_status (TjPaymentWindow *self,
                 const char      *text,
                 const char      *css_class)
{
  gtk_label_set_label (self->bank_status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->bank_status_label), text != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->bank_status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->bank_status_label), "success");
  if (css_class)
    gtk_widget_add_css_class (GTK_WIDGET (self->bank_status_label), css_class);
}

static void
clear_bank (TjPaymentWindow *self)
{
  GtkWidget *child;

  g_list_store_remove_all (self->bank_rows);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->bank_problems_list))))
    gtk_list_box_remove (self->bank_problems_list, child);
  gtk_widget_set_visible (self->bank_problems_scroller, FALSE);
  gtk_widget_set_visible (self->bank_table_scroller, FALSE);
}

static void
show_bank_preview (TjPaymentWindow *self)
{
  JsonArray *rows = tj_json_get_array (self->bank_preview, "rows");
  JsonArray *errors = tj_json_get_array (self->bank_preview, "errors");
  JsonArray *notes = tj_json_get_array (self->bank_preview, "notes");
  JsonObject *totals = tj_json_get_object (self->bank_preview, "totals");
  guint n_errors = errors ? json_array_get_length (errors) : 0;
  guint valid = (guint) tj_json_get_int (totals, "valid", 0);
  g_autoptr(GHashTable) by_row = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autofree char *amount = tj_money_format (tj_json_get_int (totals, "amount_fen", 0));
  g_autofree char *status = NULL;

  clear_bank (self);
  /* The problem of each row goes into its own column, as the roster
   * import shows it. */
  for (guint i = 0; rows && i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      g_hash_table_insert (by_row, GINT_TO_POINTER ((int) tj_json_get_int (row, "row", 0)), row);
    }
  for (guint i = 0; i < n_errors; i++)
    {
      JsonObject *e = json_array_get_object_element (errors, i);
      int line = (int) tj_json_get_int (e, "row", 0);
      const char *column = tj_json_get_string (e, "column", NULL);
      const char *message = tj_json_get_string (e, "message", "");
      JsonObject *row = g_hash_table_lookup (by_row, GINT_TO_POINTER (line));
      g_autofree char *title = column && *column ? g_strdup_printf (_("Row %d, %s"), line, column)
                                                 : g_strdup_printf (_("Row %d"), line);

      add_bank_problem (self, title, message, TRUE);
      if (row)
        {
          const char *field = tj_json_get_string (e, "field", "");
          g_autofree char *text = column && *column ? g_strdup_printf ("%s: %s", column, message) : g_strdup (message);
          json_object_set_string_member (row, "problem", text);
          json_object_set_string_member (row, "bad_field", g_str_equal (field, "date") ? "date"
                                                           : g_str_equal (field, "amount") ? "amount" : field);
        }
    }
  for (guint i = 0; notes && i < json_array_get_length (notes); i++)
    {
      JsonObject *note = json_array_get_object_element (notes, i);
      int line = (int) tj_json_get_int (note, "row", 0);
      g_autofree char *title = g_strdup_printf (_("Row %d"), line);
      JsonObject *row = g_hash_table_lookup (by_row, GINT_TO_POINTER (line));

      add_bank_problem (self, title, tj_json_get_string (note, "message", ""), FALSE);
      if (row && !json_object_has_member (row, "problem"))
        json_object_set_string_member (row, "problem", tj_json_get_string (note, "message", ""));
    }
  for (guint i = 0; rows && i < json_array_get_length (rows); i++)
    {
      g_autoptr(GObject) item = bank_row_new (json_array_get_object_element (rows, i));
      g_list_store_append (self->bank_rows, item);
    }
  gtk_widget_set_visible (self->bank_problems_scroller,
                          gtk_widget_get_first_child (GTK_WIDGET (self->bank_problems_list)) != NULL);
  gtk_widget_set_visible (self->bank_table_scroller, TRUE);
  /* The account and ID number columns only when the file has them. */
  {
    JsonObject *columns = tj_json_get_object (self->bank_preview, "columns");
    GListModel *cols = gtk_column_view_get_columns (self->bank_table);

    for (guint i = 0; i < g_list_model_get_n_items (cols); i++)
      {
        g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (cols, i);
        const char *field = tj_ui_table_column_get_field (column);

        if (g_str_equal (field, "account") || g_str_equal (field, "id_number"))
          gtk_column_view_column_set_visible (column, columns && json_object_has_member (columns, field));
      }
  }

  if (n_errors > 0)
    {
      status = g_strdup_printf (ngettext ("%u row does not match: fix it with the bank or the case and choose the file "
                                          "again. Nothing has been recorded.",
                                          "%u rows do not match: fix them with the bank or the case and choose the "
                                          "file again. Nothing has been recorded.", n_errors), n_errors);
      set_bank_status (self, status, "error");
    }
  else if (valid == 0)
    set_bank_status (self, _("No payments were found in the file."), "error");
  else
    {
      guint workers = (guint) tj_json_get_int (totals, "workers", 0);
      status = g_strdup_printf (ngettext ("%u payment ready to record, %s to %u workers. Check the table, then press "
                                          "Import.",
                                          "%u payments ready to record, %s to %u workers. Check the table, then press "
                                          "Import.", valid), valid, amount, workers);
      set_bank_status (self, status, "success");
    }
  _tj_payment_window_update_record_button (self);
}

void
_tj_payment_window_job_free (gpointer data)
{
  Job *job = data;

  _tj_payment_window_context_clear (&job->context);
  g_free (job->case_id);
  g_clear_pointer (&job->data, g_bytes_unref);
  g_free (job->filename);
  g_clear_pointer (&job->input, json_object_unref);
  g_clear_pointer (&job->result, json_object_unref);
  g_free (job);
}

static gboolean
bank_job (TjStore  *store,
          gpointer  data,
          GError  **error)
{
  Job *job = data;
  gsize length = 0;
  const char *bytes = g_bytes_get_data (job->data, &length);

  job->result = job->import
                ? tj_bank_import (store, &job->context.ctx, job->case_id, bytes, length, job->filename, NULL, error)
                : tj_bank_import_preview (store, &job->context.ctx, job->case_id, bytes, length, job->filename, NULL,
                                          error);
  return job->result != NULL;
}

Job *
_tj_payment_window_job_new (TjPaymentWindow *self)
{
  Job *job = g_new0 (Job, 1);

  _tj_payment_window_context_copy (self, &job->context);
  job->case_id = g_strdup (self->case_id);
  return job;
}

static void
bank_preview_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TjPaymentWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gpointer data = NULL;

  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, &data, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _tj_payment_window_set_busy (self, FALSE);
  g_clear_pointer (&self->bank_preview, json_object_unref);
  if (error)
    {
      clear_bank (self);
      set_bank_status (self, error->message, "error");
      _tj_payment_window_update_record_button (self);
      return;
    }
  self->bank_preview = g_steal_pointer (&((Job *) data)->result);
  show_bank_preview (self);
}

static void
bank_import_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TjPaymentWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gpointer data = NULL;
  JsonObject *out;
  g_autofree char *amount = NULL;
  g_autofree char *text = NULL;

  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, &data, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _tj_payment_window_set_busy (self, FALSE);
  if (error)
    {
      set_bank_status (self, error->message, "error");
      return;
    }
  out = ((Job *) data)->result;
  amount = tj_money_format (tj_json_get_int (out, "amount_fen", 0));
  text = g_strdup_printf (ngettext ("Bank file imported: %u payment, %s", "Bank file imported: %u payments, %s",
                                    (guint) tj_json_get_int (out, "payments", 0)),
                          (guint) tj_json_get_int (out, "payments", 0), amount);
  _tj_payment_window_toast_parent (self, text);
  gtk_window_close (GTK_WINDOW (self));
}

static void
start_bank_job (TjPaymentWindow *self,
                gboolean         import)
{
  TjRepository *repository = tj_application_get_repository (self->application);
  Job *job;

  if (repository == NULL || self->bank_data == NULL)
    return;
  job = _tj_payment_window_job_new (self);
  job->data = g_bytes_ref (self->bank_data);
  job->filename = g_strdup (self->bank_filename);
  job->import = import;
  _tj_payment_window_set_busy (self, TRUE);
  tj_repository_run_async (repository, bank_job, job, _tj_payment_window_job_free, self->cancellable,
                           import ? bank_import_cb : bank_preview_cb, g_object_ref (self));
}

static void
bank_load_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TjPaymentWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  _tj_payment_window_set_busy (self, FALSE);
  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_bank_status (self, error->message, "error");
      return;
    }
  g_clear_pointer (&self->bank_data, g_bytes_unref);
  self->bank_data = g_bytes_new_take (contents, length);
  start_bank_job (self, FALSE);
}

static void
bank_chooser_cb (GtkNativeDialog *dialog,
                 int              response,
                 TjPaymentWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (file)
        tj_payment_window_set_bank_file (self, file);
    }
  g_clear_object (&self->chooser);
}

void
_tj_payment_window_bank_choose_cb (TjPaymentWindow *self)
{
  g_autoptr(GtkFileFilter) sheets = gtk_file_filter_new ();

  gtk_file_filter_set_name (sheets, _("Spreadsheets (CSV, Excel .xlsx)"));
  gtk_file_filter_add_suffix (sheets, "csv");
  gtk_file_filter_add_suffix (sheets, "txt");
  gtk_file_filter_add_suffix (sheets, "xlsx");
  gtk_file_filter_add_mime_type (sheets, "text/csv");
  gtk_file_filter_add_mime_type (sheets, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose the Bank’s Payment File"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), sheets);
  g_signal_connect (self->chooser, "response", G_CALLBACK (bank_chooser_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
tj_payment_window_set_bank_file (TjPaymentWindow *self,
                                 GFile           *file)
{
  g_autofree char *base = NULL;

  g_return_if_fail (TJ_IS_PAYMENT_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  adw_view_stack_set_visible_child_name (self->view_stack, "bank");
  g_clear_pointer (&self->bank_preview, json_object_unref);
  g_clear_pointer (&self->bank_data, g_bytes_unref);
  g_free (self->bank_filename);
  self->bank_filename = g_file_get_basename (file);
  clear_bank (self);
  base = g_strdup_printf (_("Reading %s…"), self->bank_filename);
  set_bank_status (self, base, NULL);
  _tj_payment_window_set_busy (self, TRUE);
  g_file_load_contents_async (file, self->cancellable, bank_load_cb, g_object_ref (self));
}

JsonObject *
tj_payment_window_get_bank_preview (TjPaymentWindow *self)
{
  g_return_val_if_fail (TJ_IS_PAYMENT_WINDOW (self), NULL);

  return self->bank_preview;
}

gboolean
tj_payment_window_can_import_bank_file (TjPaymentWindow *self)
{
  g_return_val_if_fail (TJ_IS_PAYMENT_WINDOW (self), FALSE);

  return self->busy == 0 && self->bank_preview != NULL &&
         json_array_get_length (tj_json_get_array (self->bank_preview, "errors")) == 0 &&
         tj_json_get_int (tj_json_get_object (self->bank_preview, "totals"), "valid", 0) > 0;
}

void
tj_payment_window_import_bank_file (TjPaymentWindow *self)
{
  g_return_if_fail (TJ_IS_PAYMENT_WINDOW (self));

  /* All or nothing, and only what was previewed without a bad row. */
  if (!tj_payment_window_can_import_bank_file (self))
    return;
  start_bank_job (self, TRUE);
}
