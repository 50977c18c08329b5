/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The payment window's Whole Installment page: every worker still owed
 * in an installment of the schedule, ticked, paid in one transaction
 * (tj_payment_add_installment()) on the repository's worker. */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-payment-window-private.h"

void
_tj_payment_window_bulk_summary (TjPaymentWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->bulk_items));
  guint ticked = 0, owed = 0;
  gint64 amount = 0;
  g_autofree char *money = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TjPaymentItem) item = g_list_model_get_item (G_LIST_MODEL (self->bulk_items), i);
      if (tj_payment_item_get_owed_fen (item) > 0)
        owed++;
      if (tj_payment_item_get_ticked (item))
        {
          ticked++;
          amount += tj_payment_item_get_owed_fen (item);
        }
    }
  money = tj_money_format (amount);
  /* Translators: "75 of 75 workers ticked: ¥701,776.50". */
  text = g_strdup_printf (ngettext ("%u of %u worker ticked: %s", "%u of %u workers ticked: %s", owed),
                          ticked, owed, money);
  g_object_set_data_full (G_OBJECT (self->bulk_group), "hint", g_strdup (text), g_free);
  if (!gtk_widget_has_css_class (GTK_WIDGET (self->bulk_group), "error"))
    adw_preferences_group_set_description (self->bulk_group, text);
  self->ticking_all = TRUE;
  gtk_check_button_set_inconsistent (self->bulk_all_check, ticked > 0 && ticked < owed);
  gtk_check_button_set_active (self->bulk_all_check, owed > 0 && ticked == owed);
  self->ticking_all = FALSE;
  _tj_payment_window_update_record_button (self);
}

void
_tj_payment_window_bulk_all_toggled_cb (TjPaymentWindow *self)
{
  gboolean all = gtk_check_button_get_active (self->bulk_all_check);

  if (self->ticking_all)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->bulk_items)); i++)
    {
      g_autoptr(TjPaymentItem) item = g_list_model_get_item (G_LIST_MODEL (self->bulk_items), i);
      tj_payment_item_set_ticked (item, all);
    }
}

GtkWidget *
_tj_payment_window_bulk_row_new (gpointer item,
                                 gpointer user_data)
{
  TjPaymentWindow *self = user_data;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *owed = gtk_label_new (tj_payment_item_get_owed_text (item));
  gboolean payable = tj_payment_item_get_owed_fen (item) > 0;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tj_payment_item_get_name (item));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  g_object_bind_property (item, "ticked", check, "active", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (item, "notify::ticked", G_CALLBACK (_tj_payment_window_bulk_summary), self, G_CONNECT_SWAPPED);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_widget_add_css_class (owed, "numeric");
  if (!payable)
    gtk_widget_add_css_class (owed, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), owed);
  gtk_widget_set_sensitive (row, payable);
  return row;
}

void
_tj_payment_window_bulk_installment_changed_cb (TjPaymentWindow *self)
{
  if (self->clearing)
    return;
  _tj_payment_window_fill_items (self, self->bulk_items, _tj_payment_window_installment_at (self, adw_combo_row_get_selected (self->bulk_installment_row)));
  _tj_payment_window_bulk_summary (self);
}

static gboolean
installment_job (TjStore  *store,
                 gpointer  data,
                 GError  **error)
{
  Job *job = data;

  job->result = tj_payment_add_installment (store, &job->context.ctx, job->case_id, job->input, error);
  return job->result != NULL;
}

static void
installment_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(TjPaymentWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gpointer data = NULL;
  JsonObject *out;
  g_autofree char *amount = NULL;
  g_autofree char *owed = NULL;
  g_autofree char *text = NULL;
  guint n;

  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, &data, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _tj_payment_window_set_busy (self, FALSE);
  if (error)
    {
      _tj_payment_window_show_core_error (self, error);
      return;
    }
  out = ((Job *) data)->result;
  n = (guint) tj_json_get_int (out, "payments", 0);
  amount = tj_money_format (tj_json_get_int (out, "amount_fen", 0));
  owed = tj_money_format (tj_json_get_int (out, "owed_fen", 0));
  text = tj_json_get_bool (out, "all_paid", FALSE)
         ? g_strdup_printf (ngettext ("%u payment of %s recorded: everything is paid and the case can be closed",
                                      "%u payments of %s recorded: everything is paid and the case can be closed", n),
                            n, amount)
         : g_strdup_printf (ngettext ("%u payment of %s recorded; %s still owed",
                                      "%u payments of %s recorded; %s still owed", n), n, amount, owed);
  _tj_payment_window_toast_parent (self, text);
  gtk_window_close (GTK_WINDOW (self));
}

void
tj_payment_window_record_installment (TjPaymentWindow *self)
{
  TjRepository *repository;
  g_autofree char *date = NULL;
  g_autofree char *reference = NULL;
  JsonArray *ids = json_array_new ();
  gboolean all = TRUE;
  Job *job;

  g_return_if_fail (TJ_IS_PAYMENT_WINDOW (self));

  _tj_payment_window_clear_messages (self);
  repository = tj_application_get_repository (self->application);
  if (repository == NULL || self->busy > 0)
    {
      json_array_unref (ids);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->bulk_items)); i++)
    {
      g_autoptr(TjPaymentItem) item = g_list_model_get_item (G_LIST_MODEL (self->bulk_items), i);
      if (tj_payment_item_get_ticked (item))
        json_array_add_string_element (ids, tj_payment_item_get_worker_id (item));
      else if (tj_payment_item_get_owed_fen (item) > 0)
        all = FALSE;
    }
  job = _tj_payment_window_job_new (self);
  job->input = json_object_new ();
  json_object_set_int_member (job->input, "installment", adw_combo_row_get_selected (self->bulk_installment_row));
  date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->bulk_date_entry))));
  json_object_set_string_member (job->input, "paid_on", date);
  reference = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->bulk_reference_entry))));
  if (*reference)
    json_object_set_string_member (job->input, "reference", reference);
  /* Everyone ticked: the whole installment, as core counts it then (a
   * payment recorded meanwhile elsewhere is not paid twice). */
  if (!all)
    json_object_set_array_member (job->input, "worker_ids", ids);
  else
    json_array_unref (ids);
  _tj_payment_window_set_busy (self, TRUE);
  tj_repository_run_async (repository, installment_job, job, _tj_payment_window_job_free, self->cancellable, installment_done_cb,
                           g_object_ref (self));
}
