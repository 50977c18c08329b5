/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Payments of an agreed settlement (issues 5 and 16), three ways:
 *
 * One Worker: which installment, the worker picked from a searchable
 * list (GtkListView over a GtkFilterListModel, the amount still owed in
 * full beside each name), how much, when, how, the reference and a photo
 * of the signed receipt; core (tj_payment_add()) refuses an overpayment
 * or a payment to the wrong worker and its message is shown beside the
 * field it names.
 *
 * Whole Installment: every worker still owed in the installment, ticked,
 * paid in one action (tj_payment_add_installment(), one transaction).
 *
 * Bank File: the bank's batch-payment list, previewed with every row that
 * does not match named (tj_bank_import_preview()), imported all or nothing
 * (tj_bank_import()).
 *
 * The batch and file work runs on the repository's worker thread.
 *
 * This file holds the window, loading the settlement, the messages from
 * core and the Record button; each page is a file of its own behind
 * tj-payment-window-private.h: -form.c (One Worker), -schedule.c (Whole
 * Installment) and -import.c (Bank File). */

#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-payment-window-private.h"

const char * const _tj_payment_window_method_ids[] = { "bank_transfer", "cash", "wage_account" };

static const char * const method_labels[] = {
  N_("Bank transfer"), N_("Cash"), N_("Via the wage account"),
};

G_DEFINE_FINAL_TYPE (TjPaymentWindow, tj_payment_window, ADW_TYPE_WINDOW)

JsonObject *
_tj_payment_window_installment_at (TjPaymentWindow *self,
                                   guint            index)
{
  JsonArray *installments = tj_json_get_array (self->settlement, "installments");

  if (installments == NULL || index >= json_array_get_length (installments))
    return NULL;
  return json_array_get_object_element (installments, index);
}

TjPaymentItem *
_tj_payment_window_selected_worker (TjPaymentWindow *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

void
_tj_payment_window_set_row_message (AdwActionRow *row,
                                    const char   *message)
{
  const char *hint = g_object_get_data (G_OBJECT (row), "hint");

  if (message == NULL && !gtk_widget_has_css_class (GTK_WIDGET (row), "error"))
    return;
  /* A combo row showing its choice as subtitle gets the choice back. */
  if (message == NULL && ADW_IS_COMBO_ROW (row) && adw_combo_row_get_use_subtitle (ADW_COMBO_ROW (row)))
    {
      adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), FALSE);
      adw_combo_row_set_use_subtitle (ADW_COMBO_ROW (row), TRUE);
    }
  else
    adw_action_row_set_subtitle (row, message ? message : hint ? hint : "");
  if (message)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

void
_tj_payment_window_set_group_message (AdwPreferencesGroup *group,
                                      const char          *message)
{
  const char *hint = g_object_get_data (G_OBJECT (group), "hint");

  adw_preferences_group_set_description (group, message ? message : hint);
  if (message)
    gtk_widget_add_css_class (GTK_WIDGET (group), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (group), "error");
}

void
_tj_payment_window_show_error (TjPaymentWindow *self,
                               const char      *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

void
_tj_payment_window_clear_messages (TjPaymentWindow *self)
{
  AdwActionRow *rows[] = {
    ADW_ACTION_ROW (self->installment_row), self->amount_row, self->date_row, ADW_ACTION_ROW (self->method_row),
    self->reference_row, self->receipt_row, ADW_ACTION_ROW (self->bulk_installment_row), self->bulk_date_row,
    self->bulk_reference_row,
  };

  self->clearing = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    _tj_payment_window_set_row_message (rows[i], NULL);
  _tj_payment_window_set_group_message (self->worker_group, NULL);
  _tj_payment_window_set_group_message (self->bulk_group, NULL);
  self->clearing = FALSE;
  _tj_payment_window_show_error (self, NULL);
}

void
_tj_payment_window_set_busy (TjPaymentWindow *self,
                             gboolean         busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
  gtk_widget_set_sensitive (self->bank_choose_button, self->busy == 0);
  _tj_payment_window_update_record_button (self);
}

void
_tj_payment_window_toast_parent (TjPaymentWindow *self,
                                 const char      *text)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (TJ_IS_WINDOW (parent))
    tj_window_add_toast (TJ_WINDOW (parent), adw_toast_new (text));
}

void
_tj_payment_window_context_copy (TjPaymentWindow *self,
                                 Context         *out)
{
  tj_context_fill_case_context (tj_application_get_context (self->application), &out->ctx);
  out->ctx.station_code = out->station_code = g_strdup (out->ctx.station_code);
  out->ctx.number_pattern = out->number_pattern = g_strdup (out->ctx.number_pattern);
  out->ctx.actor = out->actor = g_strdup (out->ctx.actor);
  out->ctx.today = out->today = g_strdup (out->ctx.today);
}

void
_tj_payment_window_context_clear (Context *c)
{
  g_free (c->station_code);
  g_free (c->number_pattern);
  g_free (c->actor);
  g_free (c->today);
}

static void
show_progress (TjPaymentWindow *self)
{
  JsonObject *progress = tj_json_get_object (self->settlement, "progress");
  g_autofree char *paid = tj_money_format (tj_json_get_int (progress, "paid_fen", 0));
  g_autofree char *total = tj_money_format (tj_json_get_int (progress, "total_fen", 0));
  g_autofree char *owed = tj_money_format (tj_json_get_int (progress, "owed_fen", 0));
  /* Translators: progress of a settlement, "¥6,000.00 of ¥21,800.50 paid, ¥15,800.50 still owed". */
  g_autofree char *text = g_strdup_printf (_("%s of %s paid, %s still owed."), paid, total, owed);

  gtk_label_set_label (self->progress_label, text);
}

/* The case and its settlement, read on the repository's worker when the
 * window opens. */
typedef struct {
  Context     context;
  char       *case_id;
  JsonObject *doc;
  JsonObject *settlement;
} LoadJob;

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  _tj_payment_window_context_clear (&job->context);
  g_free (job->case_id);
  g_clear_pointer (&job->doc, json_object_unref);
  g_clear_pointer (&job->settlement, json_object_unref);
  g_free (job);
}

static gboolean
load_in_worker (TjStore  *store,
                gpointer  data,
                GError  **error)
{
  LoadJob *job = data;

  job->doc = tj_case_show (store, &job->context.ctx, job->case_id, error);
  if (job->doc == NULL)
    return FALSE;
  job->settlement = tj_settlement_get (store, &job->context.ctx, job->case_id, error);
  return job->settlement != NULL;
}

static void
fill (TjPaymentWindow *self,
      JsonObject      *doc)
{
  g_autoptr(GtkStringList) installments = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) methods = gtk_string_list_new (NULL);
  g_autofree char *today = NULL;
  g_autofree char *subtitle = NULL;
  JsonArray *arr;
  TjCaseContext ctx;
  const char *method;
  guint first_owed = GTK_INVALID_LIST_POSITION;

  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  subtitle = g_strdup_printf ("%s %s", tj_json_get_string (doc, "number", ""), tj_json_get_string (doc, "title", ""));
  adw_view_switcher_title_set_subtitle (self->switcher_title, subtitle);

  arr = tj_json_get_array (self->settlement, "installments");
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      JsonObject *inst = json_array_get_object_element (arr, i);
      g_autofree char *due = tj_ui_format_date (tj_json_get_string (inst, "due_on", NULL));
      g_autofree char *amount = tj_money_format (tj_json_get_int (inst, "amount_fen", 0));
      g_autofree char *owed = tj_money_format (tj_json_get_int (inst, "owed_fen", 0));
      /* Translators: an installment to pay, "2 · due 31 Dec 2026 · ¥11,800.50, ¥11,800.50 owed". */
      g_autofree char *label = g_strdup_printf (_("%d · due %s · %s, %s owed"),
                                                (int) tj_json_get_int (inst, "number", i + 1), due, amount, owed);

      gtk_string_list_append (installments, label);
      if (tj_json_get_int (inst, "owed_fen", 0) > 0 && first_owed == GTK_INVALID_LIST_POSITION)
        first_owed = i;
    }
  self->clearing = TRUE;
  adw_combo_row_set_model (self->installment_row, G_LIST_MODEL (installments));
  adw_combo_row_set_model (self->bulk_installment_row, G_LIST_MODEL (installments));
  if (first_owed != GTK_INVALID_LIST_POSITION)
    {
      adw_combo_row_set_selected (self->installment_row, first_owed);
      adw_combo_row_set_selected (self->bulk_installment_row, first_owed);
    }

  for (guint i = 0; i < G_N_ELEMENTS (_tj_payment_window_method_ids); i++)
    gtk_string_list_append (methods, _(method_labels[i]));
  adw_combo_row_set_model (self->method_row, G_LIST_MODEL (methods));
  method = tj_json_get_string (self->settlement, "method", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (_tj_payment_window_method_ids); i++)
    if (g_strcmp0 (method, _tj_payment_window_method_ids[i]) == 0)
      adw_combo_row_set_selected (self->method_row, i);
  self->clearing = FALSE;

  today = tj_date_today_iso (ctx.today);
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), today);
  gtk_editable_set_text (GTK_EDITABLE (self->bulk_date_entry), today);

  if (g_strcmp0 (tj_json_get_string (self->settlement, "status", NULL), "agreed") != 0)
    _tj_payment_window_show_error (self, _("The settlement is still a draft: mark it agreed before recording payments."));
  show_progress (self);
  _tj_payment_window_installment_changed_cb (self);
  _tj_payment_window_bulk_installment_changed_cb (self);
  g_signal_connect_swapped (self->installment_row, "notify::selected", G_CALLBACK (_tj_payment_window_installment_changed_cb), self);
  g_signal_connect_swapped (self->bulk_installment_row, "notify::selected", G_CALLBACK (_tj_payment_window_bulk_installment_changed_cb),
                            self);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (_tj_payment_window_worker_selected_cb), self);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TjPaymentWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gpointer data = NULL;
  LoadJob *job;

  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, &data, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  _tj_payment_window_set_busy (self, FALSE);
  if (error)
    {
      GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
      g_autofree char *text = g_error_matches (error, TJ_ERROR, TJ_ERROR_NOT_FOUND)
                              ? g_strdup (_("This case has no settlement yet: set the settlement first."))
                              : g_strdup_printf (_("Cannot record a payment: %s"), error->message);

      if (TJ_IS_WINDOW (parent))
        tj_window_add_toast (TJ_WINDOW (parent), adw_toast_new (text));
      else
        g_message ("%s", text);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  job = data;
  self->settlement = g_steal_pointer (&job->settlement);
  fill (self, job->doc);
}

static AdwActionRow *
row_for_field (TjPaymentWindow *self,
               const char      *field)
{
  gboolean bulk = g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "installment") == 0;

  if (g_str_has_prefix (field, "installment"))
    return ADW_ACTION_ROW (bulk ? self->bulk_installment_row : self->installment_row);
  if (g_str_has_prefix (field, "amount"))
    return self->amount_row;
  if (g_str_has_prefix (field, "paid_on"))
    return bulk ? self->bulk_date_row : self->date_row;
  if (g_str_has_prefix (field, "method"))
    return ADW_ACTION_ROW (self->method_row);
  if (g_str_has_prefix (field, "reference"))
    return bulk ? self->bulk_reference_row : self->reference_row;
  if (g_str_has_prefix (field, "receipt"))
    return self->receipt_row;
  return NULL;
}

void
_tj_payment_window_show_core_error (TjPaymentWindow *self,
                                    const GError    *error)
{
  g_auto(GStrv) parts = tj_ui_split_error (error);
  g_autoptr(GString) rest = g_string_new (NULL);
  gboolean bulk = g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "installment") == 0;

  for (guint i = 0; parts && parts[i] && parts[i + 1]; i += 2)
    {
      AdwActionRow *row = *parts[i] ? row_for_field (self, parts[i]) : NULL;

      if (row)
        _tj_payment_window_set_row_message (row, parts[i + 1]);
      else if (g_str_has_prefix (parts[i], "worker"))
        _tj_payment_window_set_group_message (bulk ? self->bulk_group : self->worker_group, parts[i + 1]);
      else
        {
          /* Core joins its problems with "; ", and a message may hold
           * one itself: put the pieces without a field back together. */
          if (rest->len)
            g_string_append (rest, "; ");
          g_string_append (rest, parts[i + 1]);
        }
    }
  if (rest->len == 0)
    g_string_append (rest, _("The payment was not recorded: see the messages beside the fields."));
  _tj_payment_window_show_error (self, rest->str);
}

static const char *
page (TjPaymentWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);
  return name ? name : "one";
}

void
_tj_payment_window_update_record_button (TjPaymentWindow *self)
{
  const char *name = page (self);
  gboolean can = self->busy == 0;

  if (g_str_equal (name, "installment"))
    {
      gboolean any = FALSE;
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->bulk_items)) && !any; i++)
        {
          g_autoptr(TjPaymentItem) item = g_list_model_get_item (G_LIST_MODEL (self->bulk_items), i);
          any = tj_payment_item_get_ticked (item);
        }
      gtk_button_set_label (GTK_BUTTON (self->record_button), _("_Record as Paid"));
      can = can && any;
    }
  else if (g_str_equal (name, "bank"))
    {
      gtk_button_set_label (GTK_BUTTON (self->record_button), _("_Import"));
      can = can && tj_payment_window_can_import_bank_file (self);
    }
  else
    gtk_button_set_label (GTK_BUTTON (self->record_button), _("_Record"));
  gtk_widget_set_sensitive (self->record_button, can);
}

static void
recorded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  TjPaymentWindow *self = TJ_PAYMENT_WINDOW (source);

  /* Refused: the messages are shown and the window stays. */
  if (tj_payment_window_record_finish (self, result, NULL))
    gtk_window_close (GTK_WINDOW (self));
}

static void
record_clicked_cb (TjPaymentWindow *self)
{
  const char *name = page (self);

  if (g_str_equal (name, "installment"))
    tj_payment_window_record_installment (self);
  else if (g_str_equal (name, "bank"))
    tj_payment_window_import_bank_file (self);
  else
    tj_payment_window_record_async (self, recorded_cb, NULL);
}

static void
tj_payment_window_dispose (GObject *object)
{
  TjPaymentWindow *self = TJ_PAYMENT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_handle_id (&self->reveal_idle, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_PAYMENT_WINDOW);

  G_OBJECT_CLASS (tj_payment_window_parent_class)->dispose (object);
}

static gboolean
reveal_switcher_bar_cb (gpointer data)
{
  TjPaymentWindow *self = data;

  self->reveal_idle = 0;
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    adw_view_switcher_title_get_title_visible (self->switcher_title));
  return G_SOURCE_REMOVE;
}

/* The title shows in place of the switcher when the window is narrow:
 * the bar at the bottom takes over. The title learns it while the window
 * is being laid out; revealing the bar then, half-way through, would give
 * it a size measured before (GTK warns of a negative height), so it is
 * revealed after. */
static void
title_visible_changed_cb (TjPaymentWindow *self)
{
  if (self->reveal_idle == 0)
    self->reveal_idle = g_idle_add (reveal_switcher_bar_cb, self);
}

static void
tj_payment_window_finalize (GObject *object)
{
  TjPaymentWindow *self = TJ_PAYMENT_WINDOW (object);

  g_clear_object (&self->application);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->workers);
  g_clear_object (&self->name_filter);
  g_clear_object (&self->filtered);
  g_clear_object (&self->selection);
  g_clear_object (&self->bulk_items);
  g_clear_object (&self->bank_rows);
  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->settlement, json_object_unref);
  g_clear_pointer (&self->bank_preview, json_object_unref);
  g_clear_pointer (&self->bank_data, g_bytes_unref);
  g_clear_pointer (&self->bank_filename, g_free);
  g_clear_pointer (&self->receipt, g_bytes_unref);
  g_clear_pointer (&self->receipt_name, g_free);
  g_clear_pointer (&self->receipt_type, g_free);

  G_OBJECT_CLASS (tj_payment_window_parent_class)->finalize (object);
}

static void
find_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  TjPaymentWindow *self = TJ_PAYMENT_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "one");
  gtk_widget_grab_focus (GTK_WIDGET (self->worker_search));
}

static void
tj_payment_window_class_init (TjPaymentWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_payment_window_dispose;
  object_class->finalize = tj_payment_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-payment-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, TjPaymentWindow, name)
  BIND (switcher_title);
  BIND (switcher_bar);
  BIND (view_stack);
  BIND (record_button);
  BIND (spinner);
  BIND (error_label);
  BIND (installment_row);
  BIND (worker_group);
  BIND (worker_search);
  BIND (worker_list);
  BIND (worker_empty_label);
  BIND (amount_row);
  BIND (amount_entry);
  BIND (date_row);
  BIND (date_entry);
  BIND (method_row);
  BIND (reference_row);
  BIND (reference_entry);
  BIND (receipt_row);
  BIND (receipt_clear_button);
  BIND (progress_label);
  BIND (bulk_installment_row);
  BIND (bulk_date_row);
  BIND (bulk_date_entry);
  BIND (bulk_reference_row);
  BIND (bulk_reference_entry);
  BIND (bulk_group);
  BIND (bulk_all_check);
  BIND (bulk_list);
  BIND (bank_file_label);
  BIND (bank_choose_button);
  BIND (bank_status_label);
  BIND (bank_problems_scroller);
  BIND (bank_problems_list);
  BIND (bank_table_scroller);
  BIND (bank_table);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, record_clicked_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "receipt_clear_cb",
                                                   G_CALLBACK (_tj_payment_window_receipt_clear_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "receipt_choose_cb",
                                                   G_CALLBACK (_tj_payment_window_receipt_choose_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "search_changed_cb",
                                                   G_CALLBACK (_tj_payment_window_search_changed_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "bulk_all_toggled_cb",
                                                   G_CALLBACK (_tj_payment_window_bulk_all_toggled_cb));
  gtk_widget_class_bind_template_callback_full (widget_class, "bank_choose_cb",
                                                   G_CALLBACK (_tj_payment_window_bank_choose_cb));

  /* Ctrl+F searches the workers, as in every list of the application. */
  gtk_widget_class_install_action (widget_class, "payment.find", NULL, find_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "payment.find", NULL);
}

static void
tj_payment_window_init (TjPaymentWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect_object (self->switcher_title, "notify::title-visible", G_CALLBACK (title_visible_changed_cb),
                           self, G_CONNECT_SWAPPED);

  /* The searchable list: items → filter by name → one selected. */
  self->workers = g_list_store_new (TJ_TYPE_PAYMENT_ITEM);
  self->name_filter = gtk_string_filter_new (gtk_property_expression_new (TJ_TYPE_PAYMENT_ITEM, NULL, "name"));
  gtk_string_filter_set_match_mode (self->name_filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->name_filter, TRUE);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->workers)),
                                              GTK_FILTER (g_object_ref (self->name_filter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (_tj_payment_window_worker_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (_tj_payment_window_worker_bind_cb), NULL);
  gtk_list_view_set_factory (self->worker_list, factory);
  gtk_list_view_set_model (self->worker_list, GTK_SELECTION_MODEL (self->selection));

  self->bulk_items = g_list_store_new (TJ_TYPE_PAYMENT_ITEM);
  gtk_list_box_bind_model (self->bulk_list, G_LIST_MODEL (self->bulk_items), _tj_payment_window_bulk_row_new, self, NULL);
  g_signal_connect_swapped (self->bulk_items, "items-changed", G_CALLBACK (_tj_payment_window_bulk_summary), self);

  self->bank_rows = g_list_store_new (G_TYPE_OBJECT);
  _tj_payment_window_build_bank_columns (self);

  g_signal_connect_swapped (self->view_stack, "notify::visible-child", G_CALLBACK (_tj_payment_window_update_record_button), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child", G_CALLBACK (_tj_payment_window_clear_messages), self);

  g_object_set_data_full (G_OBJECT (self->installment_row), "hint", g_strdup (""), g_free);
  g_object_set_data_full (G_OBJECT (self->bulk_installment_row), "hint", g_strdup (""), g_free);
  g_object_set_data_full (G_OBJECT (self->amount_row), "hint", g_strdup (""), g_free);
  g_object_set_data_full (G_OBJECT (self->date_row), "hint", g_strdup (""), g_free);
  g_object_set_data_full (G_OBJECT (self->bulk_date_row), "hint", g_strdup (""), g_free);
  g_object_set_data_full (G_OBJECT (self->method_row), "hint", g_strdup (""), g_free);
  g_object_set_data_full (G_OBJECT (self->reference_row), "hint",
                          g_strdup (_("Bank transaction number or receipt number")), g_free);
  g_object_set_data_full (G_OBJECT (self->bulk_reference_row), "hint",
                          g_strdup (_("The bank’s batch number, for every payment")), g_free);
  g_object_set_data_full (G_OBJECT (self->receipt_row), "hint",
                          g_strdup (_("Optional: a photo of the signed receipt")), g_free);
}

TjPaymentWindow *
tj_payment_window_new (GtkWindow     *parent,
                       TjApplication *application,
                       const char    *case_id)
{
  TjPaymentWindow *self;
  TjRepository *repository;
  LoadJob *job;

  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_new (TJ_TYPE_PAYMENT_WINDOW,
                       "transient-for", parent,
                       "application", application,
                       NULL);
  self->application = g_object_ref (application);
  self->case_id = g_strdup (case_id);
  repository = tj_application_get_repository (application);
  if (repository == NULL)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
  job = g_new0 (LoadJob, 1);
  _tj_payment_window_context_copy (self, &job->context);
  job->case_id = g_strdup (case_id);
  /* Nothing can be recorded until the settlement is read. */
  _tj_payment_window_set_busy (self, TRUE);
  tj_repository_run_async (repository, load_in_worker, job, load_job_free, self->cancellable, loaded_cb,
                           g_object_ref (self));
  _tj_payment_window_update_record_button (self);
  return self;
}

GtkWidget *
tj_payment_window_get_field (TjPaymentWindow *self,
                             const char      *field)
{
  g_return_val_if_fail (TJ_IS_PAYMENT_WINDOW (self), NULL);

  if (g_str_equal (field, "installment"))
    return GTK_WIDGET (self->installment_row);
  if (g_str_equal (field, "worker"))
    return GTK_WIDGET (self->worker_list);
  if (g_str_equal (field, "worker_search"))
    return GTK_WIDGET (self->worker_search);
  if (g_str_equal (field, "method"))
    return GTK_WIDGET (self->method_row);
  if (g_str_equal (field, "amount_fen"))
    return self->amount_entry;
  if (g_str_equal (field, "paid_on"))
    return self->date_entry;
  if (g_str_equal (field, "reference"))
    return self->reference_entry;
  if (g_str_equal (field, "bulk_installment"))
    return GTK_WIDGET (self->bulk_installment_row);
  if (g_str_equal (field, "bulk_paid_on"))
    return self->bulk_date_entry;
  if (g_str_equal (field, "bulk_reference"))
    return self->bulk_reference_entry;
  if (g_str_equal (field, "bulk_list"))
    return GTK_WIDGET (self->bulk_list);
  if (g_str_equal (field, "bulk_all"))
    return GTK_WIDGET (self->bulk_all_check);
  if (g_str_equal (field, "record"))
    return self->record_button;
  return NULL;
}

void
tj_payment_window_set_page (TjPaymentWindow *self,
                            const char      *name)
{
  g_return_if_fail (TJ_IS_PAYMENT_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

gboolean
tj_payment_window_get_busy (TjPaymentWindow *self)
{
  g_return_val_if_fail (TJ_IS_PAYMENT_WINDOW (self), FALSE);

  return self->busy > 0;
}
