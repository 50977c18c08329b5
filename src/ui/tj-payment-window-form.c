/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The payment window's One Worker page: the installment, the worker
 * picked from a searchable list with the amount still owed, the amount,
 * date, method, reference and the photo of the signed receipt, recorded
 * with tj_payment_add(). */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-payment-window-private.h"

void
_tj_payment_window_worker_selected_cb (TjPaymentWindow *self)
{
  TjPaymentItem *item = _tj_payment_window_selected_worker (self);
  g_autofree char *amount = NULL;
  g_autofree char *hint = NULL;

  if (item == NULL || self->clearing)
    return;
  /* Money is shown as money, in the entry too: ¥5,424.00. */
  amount = tj_money_format (tj_payment_item_get_owed_fen (item));
  gtk_editable_set_text (GTK_EDITABLE (self->amount_entry), amount);
  /* Translators: what a worker is still owed in an installment. */
  hint = g_strdup_printf (_("Still owed in this installment: %s"), amount);
  g_object_set_data_full (G_OBJECT (self->amount_row), "hint", g_strdup (hint), g_free);
  adw_action_row_set_subtitle (self->amount_row, hint);
  gtk_widget_remove_css_class (GTK_WIDGET (self->amount_row), "error");
  _tj_payment_window_set_group_message (self->worker_group, NULL);
}

void
_tj_payment_window_search_changed_cb (TjPaymentWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->worker_search));
  guint n;

  gtk_string_filter_set_search (self->name_filter, text);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  gtk_widget_set_visible (GTK_WIDGET (self->worker_empty_label), n == 0);
  /* One match is the worker meant: pick them. */
  if (n == 1 && gtk_single_selection_get_selected (self->selection) != 0)
    gtk_single_selection_set_selected (self->selection, 0);
}

/* The installment's allocations as items, in @store. */
void
_tj_payment_window_fill_items (TjPaymentWindow *self,
                               GListStore      *store,
                               JsonObject      *inst)
{
  JsonArray *allocations = inst ? tj_json_get_array (inst, "allocations") : NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; allocations && i < json_array_get_length (allocations); i++)
    {
      JsonObject *a = json_array_get_object_element (allocations, i);
      g_ptr_array_add (items, tj_payment_item_new (tj_json_get_string (a, "worker_id", ""),
                                                   tj_json_get_string (a, "name", ""),
                                                   tj_json_get_int (a, "owed_fen", 0)));
    }
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), items->pdata, items->len);
}

void
_tj_payment_window_installment_changed_cb (TjPaymentWindow *self)
{
  JsonObject *inst = _tj_payment_window_installment_at (self, adw_combo_row_get_selected (self->installment_row));
  guint first_owed = GTK_INVALID_LIST_POSITION;

  if (self->clearing)
    return;
  self->clearing = TRUE;
  _tj_payment_window_fill_items (self, self->workers, inst);
  gtk_editable_set_text (GTK_EDITABLE (self->worker_search), "");
  gtk_string_filter_set_search (self->name_filter, "");
  self->clearing = FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->filtered)); i++)
    {
      g_autoptr(TjPaymentItem) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);
      if (tj_payment_item_get_owed_fen (item) > 0)
        {
          first_owed = i;
          break;
        }
    }
  gtk_single_selection_set_selected (self->selection, first_owed);
  _tj_payment_window_worker_selected_cb (self);
}

void
_tj_payment_window_worker_setup_cb (GtkSignalListItemFactory *factory,
                                    GtkListItem              *list_item,
                                    gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *owed = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  /* The amount is what the mediator checks against the receipt: it is
   * never shortened; a very long name gives way instead. */
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (owed), 1);
  gtk_widget_add_css_class (owed, "numeric");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), owed);
  gtk_list_item_set_child (list_item, box);
}

void
_tj_payment_window_worker_bind_cb (GtkSignalListItemFactory *factory,
                                   GtkListItem              *list_item,
                                   gpointer                  user_data)
{
  TjPaymentItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *owed = gtk_widget_get_last_child (box);

  gtk_label_set_label (GTK_LABEL (name), tj_payment_item_get_name (item));
  gtk_label_set_label (GTK_LABEL (owed), tj_payment_item_get_owed_text (item));
  if (tj_payment_item_get_owed_fen (item) > 0)
    gtk_widget_remove_css_class (owed, "dim-label");
  else
    gtk_widget_add_css_class (owed, "dim-label");
}

static void
show_receipt (TjPaymentWindow *self)
{
  const char *hint = g_object_get_data (G_OBJECT (self->receipt_row), "hint");

  adw_action_row_set_subtitle (self->receipt_row, self->receipt_name ? self->receipt_name : hint);
  gtk_widget_set_visible (self->receipt_clear_button, self->receipt != NULL);
}

void
_tj_payment_window_receipt_clear_cb (TjPaymentWindow *self)
{
  g_clear_pointer (&self->receipt, g_bytes_unref);
  g_clear_pointer (&self->receipt_name, g_free);
  g_clear_pointer (&self->receipt_type, g_free);
  show_receipt (self);
}

static void
receipt_chooser_cb (GtkNativeDialog *dialog,
                    int              response,
                    TjPaymentWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (file && !tj_payment_window_set_receipt (self, file, &error))
        _tj_payment_window_set_row_message (self->receipt_row, error->message);
    }
  g_clear_object (&self->chooser);
}

void
_tj_payment_window_receipt_choose_cb (TjPaymentWindow *self)
{
  g_autoptr(GtkFileFilter) photos = gtk_file_filter_new ();

  gtk_file_filter_set_name (photos, _("Photos and PDF"));
  gtk_file_filter_add_mime_type (photos, "image/*");
  gtk_file_filter_add_mime_type (photos, "application/pdf");
  gtk_file_filter_add_suffix (photos, "jpg");
  gtk_file_filter_add_suffix (photos, "jpeg");
  gtk_file_filter_add_suffix (photos, "png");
  gtk_file_filter_add_suffix (photos, "pdf");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Choose the Receipt Photo"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), photos);
  g_signal_connect (self->chooser, "response", G_CALLBACK (receipt_chooser_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

gboolean
tj_payment_window_set_receipt (TjPaymentWindow *self,
                               GFile           *file,
                               GError         **error)
{
  char *contents = NULL;
  gsize length = 0;
  g_autofree char *name = NULL;
  g_autofree char *type = NULL;

  g_return_val_if_fail (TJ_IS_PAYMENT_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  /* A phone photo is a few megabytes: read at once, as the chooser closes. */
  if (!g_file_load_contents (file, self->cancellable, &contents, &length, NULL, error))
    return FALSE;
  name = g_file_get_basename (file);
  type = g_content_type_guess (name, (const guchar *) contents, length, NULL);
  g_free (self->receipt_type);
  self->receipt_type = g_content_type_get_mime_type (type);
  if (self->receipt_type == NULL
      || (!g_str_has_prefix (self->receipt_type, "image/") && !g_str_equal (self->receipt_type, "application/pdf")))
    {
      g_free (contents);
      g_clear_pointer (&self->receipt_type, g_free);
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("%s is not a photo or a PDF"), name);
      return FALSE;
    }
  g_clear_pointer (&self->receipt, g_bytes_unref);
  self->receipt = g_bytes_new_take (contents, length);
  g_free (self->receipt_name);
  self->receipt_name = g_steal_pointer (&name);
  _tj_payment_window_set_row_message (self->receipt_row, NULL);
  show_receipt (self);
  return TRUE;
}

/* One worker's payment, written on the repository's worker. */
static gboolean
record_payment_in_worker (TjStore  *store,
                          gpointer  data,
                          GError  **error)
{
  Job *job = data;

  job->result = tj_payment_add (store, &job->context.ctx, job->case_id, job->input, error);
  return job->result != NULL;
}

static void
payment_recorded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TjPaymentWindow *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  gpointer data = NULL;
  Job *job;

  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, &data, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  _tj_payment_window_set_busy (self, FALSE);
  if (error)
    {
      /* The window stays with what was typed, the core's message beside
       * its field. */
      _tj_payment_window_show_core_error (self, error);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job = data;
  {
    g_autofree char *paid = tj_money_format (tj_json_get_int (job->input, "amount_fen", 0));
    g_autofree char *owed = tj_money_format (tj_json_get_int (job->result, "owed_fen", 0));
    g_autofree char *text = tj_json_get_bool (job->result, "all_paid", FALSE)
                            ? g_strdup_printf (_("Payment of %s recorded: everything is paid and the case can be closed"), paid)
                            : g_strdup_printf (_("Payment of %s recorded; %s still owed"), paid, owed);
    _tj_payment_window_toast_parent (self, text);
  }
  g_task_return_boolean (task, TRUE);
}

void
tj_payment_window_record_async (TjPaymentWindow     *self,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  TjRepository *repository;
  TjPaymentItem *worker;
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) payment = json_object_new ();
  g_autoptr(GError) local = NULL;
  g_autofree char *amount_text = NULL;
  g_autofree char *date = NULL;
  g_autofree char *reference = NULL;
  gint64 amount = 0;
  Job *job;

  g_return_if_fail (TJ_IS_PAYMENT_WINDOW (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, tj_payment_window_record_async);
  if (self->busy > 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, "%s", _("Saving…"));
      return;
    }
  _tj_payment_window_clear_messages (self);
  repository = tj_application_get_repository (self->application);
  if (repository == NULL)
    {
      g_task_return_new_error (task, TJ_ERROR, TJ_ERROR_FAILED, "%s", _("The case database is not open."));
      return;
    }

  worker = _tj_payment_window_selected_worker (self);
  if (worker == NULL)
    {
      g_set_error_literal (&local, TJ_ERROR, TJ_ERROR_INVALID, _("Choose the worker who was paid from the list"));
      _tj_payment_window_set_group_message (self->worker_group, local->message);
      _tj_payment_window_show_error (self, local->message);
      g_task_return_error (task, g_steal_pointer (&local));
      return;
    }
  amount_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->amount_entry))));
  if (!tj_money_parse (amount_text, &amount, &local))
    {
      _tj_payment_window_set_row_message (self->amount_row, local->message);
      g_task_return_error (task, g_steal_pointer (&local));
      return;
    }
  json_object_set_int_member (payment, "installment", adw_combo_row_get_selected (self->installment_row));
  json_object_set_string_member (payment, "worker_id", tj_payment_item_get_worker_id (worker));
  json_object_set_int_member (payment, "amount_fen", amount);
  date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_entry))));
  json_object_set_string_member (payment, "paid_on", date);
  if (adw_combo_row_get_selected (self->method_row) < G_N_ELEMENTS (_tj_payment_window_method_ids))
    json_object_set_string_member (payment, "method", _tj_payment_window_method_ids[adw_combo_row_get_selected (self->method_row)]);
  reference = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reference_entry))));
  if (*reference)
    json_object_set_string_member (payment, "reference", reference);
  if (self->receipt)
    {
      JsonObject *receipt = json_object_new ();
      gsize len;
      const guchar *data = g_bytes_get_data (self->receipt, &len);

      json_object_set_string_member (receipt, "content_type", self->receipt_type);
      json_object_set_string_member (receipt, "filename", self->receipt_name);
      {
        g_autofree char *b64 = g_base64_encode (data, len);
        json_object_set_string_member (receipt, "data", b64);
      }
      json_object_set_object_member (payment, "receipt", receipt);
    }


  job = _tj_payment_window_job_new (self);
  job->input = g_steal_pointer (&payment);
  _tj_payment_window_set_busy (self, TRUE);
  tj_repository_run_async (repository, record_payment_in_worker, job, _tj_payment_window_job_free, self->cancellable,
                           payment_recorded_cb, g_steal_pointer (&task));
}

gboolean
tj_payment_window_record_finish (TjPaymentWindow  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
