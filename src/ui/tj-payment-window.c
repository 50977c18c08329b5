/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-calendar.h"
#include "tj-error.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-payment-window.h"
#include "tj-settlement.h"
#include "tj-ui-format.h"
#include "tj-window.h"

/* Records one payment of an agreed settlement (issue 5): which
 * installment, to which worker, how much, when, how, the bank or receipt
 * reference and a photo of the signed receipt. The worker list holds the
 * workers of the chosen installment and the amount starts at what that
 * worker is still owed in it; core (tj_payment_add()) refuses an
 * overpayment or a payment to the wrong worker, and its message is shown
 * beside the field it names. */

static const char * const method_ids[] = { "bank_transfer", "cash", "wage_account" };
static const char * const method_labels[] = {
  N_("Bank transfer"), N_("Cash"), N_("Via the wage account"),
};

struct _TjPaymentWindow
{
  AdwWindow        parent_instance;

  AdwWindowTitle  *window_title;
  GtkLabel        *error_label;
  AdwComboRow     *installment_row;
  AdwComboRow     *worker_row;
  AdwActionRow    *amount_row;
  GtkWidget       *amount_entry;
  AdwActionRow    *date_row;
  GtkWidget       *date_entry;
  AdwComboRow     *method_row;
  AdwActionRow    *reference_row;
  GtkWidget       *reference_entry;
  AdwActionRow    *receipt_row;
  GtkWidget       *receipt_clear_button;
  GtkLabel        *progress_label;

  TjApplication   *application;
  char            *case_id;
  JsonObject      *settlement;
  JsonArray       *worker_ids;   /* of the installment shown */
  GBytes          *receipt;
  char            *receipt_name;
  char            *receipt_type;
  GtkFileChooserNative *chooser;
  GCancellable    *cancellable;
  gboolean         clearing;     /* refreshing rows: not a new choice */
};

G_DEFINE_FINAL_TYPE (TjPaymentWindow, tj_payment_window, ADW_TYPE_WINDOW)

static char *
yuan_text (gint64 fen)
{
  if (fen % 100 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, fen / 100);
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", fen / 100, (int) (fen % 100));
}

static JsonObject *
current_installment (TjPaymentWindow *self)
{
  JsonArray *installments = tj_json_get_array (self->settlement, "installments");
  guint i = adw_combo_row_get_selected (self->installment_row);

  if (installments == NULL || i >= json_array_get_length (installments))
    return NULL;
  return json_array_get_object_element (installments, i);
}

static JsonObject *
current_allocation (TjPaymentWindow *self)
{
  JsonObject *inst = current_installment (self);
  JsonArray *allocations = inst ? tj_json_get_array (inst, "allocations") : NULL;
  guint i = adw_combo_row_get_selected (self->worker_row);

  if (allocations == NULL || i >= json_array_get_length (allocations))
    return NULL;
  return json_array_get_object_element (allocations, i);
}

static void
set_row_message (AdwActionRow *row,
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

static void
clear_messages (TjPaymentWindow *self)
{
  AdwActionRow *rows[] = {
    ADW_ACTION_ROW (self->installment_row), ADW_ACTION_ROW (self->worker_row), self->amount_row,
    self->date_row, ADW_ACTION_ROW (self->method_row), self->reference_row, self->receipt_row,
  };

  self->clearing = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    set_row_message (rows[i], NULL);
  self->clearing = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
worker_changed_cb (TjPaymentWindow *self)
{
  JsonObject *alloc = current_allocation (self);
  g_autofree char *amount = NULL;
  g_autofree char *owed = NULL;
  g_autofree char *hint = NULL;

  if (alloc == NULL || self->clearing)
    return;
  amount = yuan_text (tj_json_get_int (alloc, "owed_fen", 0));
  gtk_editable_set_text (GTK_EDITABLE (self->amount_entry), amount);
  owed = tj_money_format (tj_json_get_int (alloc, "owed_fen", 0));
  /* Translators: what a worker is still owed in an installment. */
  hint = g_strdup_printf (_("Still owed in this installment: %s"), owed);
  g_object_set_data_full (G_OBJECT (self->amount_row), "hint", g_strdup (hint), g_free);
  adw_action_row_set_subtitle (self->amount_row, hint);
  gtk_widget_remove_css_class (GTK_WIDGET (self->amount_row), "error");
}

static void
installment_changed_cb (TjPaymentWindow *self)
{
  JsonObject *inst = current_installment (self);
  JsonArray *allocations = inst ? tj_json_get_array (inst, "allocations") : NULL;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint first_owed = GTK_INVALID_LIST_POSITION;

  if (self->clearing)
    return;
  g_clear_pointer (&self->worker_ids, json_array_unref);
  self->worker_ids = json_array_new ();
  for (guint i = 0; allocations && i < json_array_get_length (allocations); i++)
    {
      JsonObject *a = json_array_get_object_element (allocations, i);
      gint64 owed = tj_json_get_int (a, "owed_fen", 0);
      g_autofree char *owed_text = tj_money_format (owed);
      /* Translators: a worker in the payment window, "王伟 — ¥4,000.00 owed". */
      g_autofree char *label = g_strdup_printf (_("%s — %s owed"), tj_json_get_string (a, "name", ""), owed_text);

      gtk_string_list_append (names, label);
      json_array_add_string_element (self->worker_ids, tj_json_get_string (a, "worker_id", ""));
      if (owed > 0 && first_owed == GTK_INVALID_LIST_POSITION)
        first_owed = i;
    }
  adw_combo_row_set_model (self->worker_row, G_LIST_MODEL (names));
  if (first_owed != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->worker_row, first_owed);
  worker_changed_cb (self);
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

static gboolean
load (TjPaymentWindow *self,
      GError         **error)
{
  TjStore *store = tj_application_get_store (self->application);
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GtkStringList) installments = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) methods = gtk_string_list_new (NULL);
  JsonArray *arr;
  TjCaseContext ctx;
  const char *method;
  guint first_owed = GTK_INVALID_LIST_POSITION;
  g_autofree char *subtitle = NULL;

  if (store == NULL)
    {
      g_set_error_literal (error, TJ_ERROR, TJ_ERROR_FAILED, _("The case database is not open."));
      return FALSE;
    }
  tj_application_get_case_context (self->application, &ctx);
  doc = tj_case_show (store, &ctx, self->case_id, error);
  if (doc == NULL)
    return FALSE;
  self->settlement = tj_settlement_get (store, &ctx, self->case_id, error);
  if (self->settlement == NULL)
    return FALSE;
  subtitle = g_strdup_printf ("%s %s", tj_json_get_string (doc, "number", ""), tj_json_get_string (doc, "title", ""));
  adw_window_title_set_subtitle (self->window_title, subtitle);

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
  adw_combo_row_set_model (self->installment_row, G_LIST_MODEL (installments));
  if (first_owed != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->installment_row, first_owed);

  for (guint i = 0; i < G_N_ELEMENTS (method_ids); i++)
    gtk_string_list_append (methods, _(method_labels[i]));
  adw_combo_row_set_model (self->method_row, G_LIST_MODEL (methods));
  method = tj_json_get_string (self->settlement, "method", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (method_ids); i++)
    if (g_strcmp0 (method, method_ids[i]) == 0)
      adw_combo_row_set_selected (self->method_row, i);

  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), ctx.today);

  if (g_strcmp0 (tj_json_get_string (self->settlement, "status", NULL), "agreed") != 0)
    {
      gtk_label_set_label (self->error_label,
                           _("The settlement is still a draft: mark it agreed before recording payments."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  show_progress (self);
  installment_changed_cb (self);
  g_signal_connect_swapped (self->installment_row, "notify::selected", G_CALLBACK (installment_changed_cb), self);
  g_signal_connect_swapped (self->worker_row, "notify::selected", G_CALLBACK (worker_changed_cb), self);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Receipt photo                                                        */

static void
show_receipt (TjPaymentWindow *self)
{
  const char *hint = g_object_get_data (G_OBJECT (self->receipt_row), "hint");

  adw_action_row_set_subtitle (self->receipt_row, self->receipt_name ? self->receipt_name : hint);
  gtk_widget_set_visible (self->receipt_clear_button, self->receipt != NULL);
}

static void
receipt_clear_cb (TjPaymentWindow *self)
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
        set_row_message (self->receipt_row, error->message);
    }
  g_clear_object (&self->chooser);
}

static void
receipt_choose_cb (TjPaymentWindow *self)
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

/* ------------------------------------------------------------------ */
/* Recording                                                            */

static void
record_clicked_cb (TjPaymentWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (tj_payment_window_record (self, &error))
    gtk_window_close (GTK_WINDOW (self));
}

static AdwActionRow *
row_for_field (TjPaymentWindow *self,
               const char      *field)
{
  if (g_str_has_prefix (field, "installment"))
    return ADW_ACTION_ROW (self->installment_row);
  if (g_str_has_prefix (field, "worker"))
    return ADW_ACTION_ROW (self->worker_row);
  if (g_str_has_prefix (field, "amount"))
    return self->amount_row;
  if (g_str_has_prefix (field, "paid_on"))
    return self->date_row;
  if (g_str_has_prefix (field, "method"))
    return ADW_ACTION_ROW (self->method_row);
  if (g_str_has_prefix (field, "reference"))
    return self->reference_row;
  if (g_str_has_prefix (field, "receipt"))
    return self->receipt_row;
  return NULL;
}

static void
show_core_error (TjPaymentWindow *self,
                 const char      *message)
{
  g_auto(GStrv) parts = tj_ui_split_error (message);
  g_autoptr(GString) rest = g_string_new (NULL);

  for (guint i = 0; parts && parts[i] && parts[i + 1]; i += 2)
    {
      AdwActionRow *row = *parts[i] ? row_for_field (self, parts[i]) : NULL;

      if (row)
        set_row_message (row, parts[i + 1]);
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
  gtk_label_set_label (self->error_label, rest->str);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */

static void
tj_payment_window_dispose (GObject *object)
{
  TjPaymentWindow *self = TJ_PAYMENT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_PAYMENT_WINDOW);

  G_OBJECT_CLASS (tj_payment_window_parent_class)->dispose (object);
}

static void
tj_payment_window_finalize (GObject *object)
{
  TjPaymentWindow *self = TJ_PAYMENT_WINDOW (object);

  g_clear_object (&self->application);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->settlement, json_object_unref);
  g_clear_pointer (&self->worker_ids, json_array_unref);
  g_clear_pointer (&self->receipt, g_bytes_unref);
  g_clear_pointer (&self->receipt_name, g_free);
  g_clear_pointer (&self->receipt_type, g_free);

  G_OBJECT_CLASS (tj_payment_window_parent_class)->finalize (object);
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
  gtk_widget_class_bind_template_child (widget_class, TjPaymentWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TjPaymentWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, TjPaymentWindow, installment_row);
  gtk_widget_class_bind_template_child (widget_class, TjPaymentWindow, worker_row);
  gtk_widget_class_bind_template_child (widget_class, TjPaymentWindow, amount_row);
  gtk_widget_class_bind_template_child (widget_class, TjPaymentWindow, amount_entry);
  gtk_widget_class_bind_template_child (widget_class, TjPaymentWindow, date_row);
  gtk_widget_class_bind_template_child (widget_class, TjPaymentWindow, date_entry);
  gtk_widget_class_bind_template_child (widget_class, TjPaymentWindow, method_row);
  gtk_widget_class_bind_template_child (widget_class, TjPaymentWindow, reference_row);
  gtk_widget_class_bind_template_child (widget_class, TjPaymentWindow, reference_entry);
  gtk_widget_class_bind_template_child (widget_class, TjPaymentWindow, receipt_row);
  gtk_widget_class_bind_template_child (widget_class, TjPaymentWindow, receipt_clear_button);
  gtk_widget_class_bind_template_child (widget_class, TjPaymentWindow, progress_label);
  gtk_widget_class_bind_template_callback (widget_class, record_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, receipt_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, receipt_choose_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tj_payment_window_init (TjPaymentWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (self->installment_row), "hint", g_strdup (""), g_free);
  g_object_set_data_full (G_OBJECT (self->worker_row), "hint", g_strdup (""), g_free);
  g_object_set_data_full (G_OBJECT (self->amount_row), "hint", g_strdup (""), g_free);
  g_object_set_data_full (G_OBJECT (self->date_row), "hint", g_strdup (""), g_free);
  g_object_set_data_full (G_OBJECT (self->method_row), "hint", g_strdup (""), g_free);
  g_object_set_data_full (G_OBJECT (self->reference_row), "hint",
                          g_strdup (_("Bank transaction number or receipt number")), g_free);
  g_object_set_data_full (G_OBJECT (self->receipt_row), "hint",
                          g_strdup (_("Optional: a photo of the signed receipt")), g_free);
}

TjPaymentWindow *
tj_payment_window_new (GtkWindow     *parent,
                       TjApplication *application,
                       const char    *case_id)
{
  TjPaymentWindow *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_new (TJ_TYPE_PAYMENT_WINDOW,
                       "transient-for", parent,
                       "application", application,
                       NULL);
  self->application = g_object_ref (application);
  self->case_id = g_strdup (case_id);
  if (!load (self, &error))
    {
      g_autofree char *text = g_error_matches (error, TJ_ERROR, TJ_ERROR_NOT_FOUND)
                              ? g_strdup (_("This case has no settlement yet: set the settlement first."))
                              : g_strdup_printf (_("Cannot record a payment: %s"), error->message);

      if (TJ_IS_WINDOW (parent))
        tj_window_add_toast (TJ_WINDOW (parent), adw_toast_new (text));
      else
        g_message ("%s", text);
      gtk_window_destroy (GTK_WINDOW (self));
      return NULL;
    }
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
    return GTK_WIDGET (self->worker_row);
  if (g_str_equal (field, "method"))
    return GTK_WIDGET (self->method_row);
  if (g_str_equal (field, "amount_fen"))
    return self->amount_entry;
  if (g_str_equal (field, "paid_on"))
    return self->date_entry;
  if (g_str_equal (field, "reference"))
    return self->reference_entry;
  return NULL;
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
  set_row_message (self->receipt_row, NULL);
  show_receipt (self);
  return TRUE;
}

gboolean
tj_payment_window_record (TjPaymentWindow *self,
                          GError         **error)
{
  TjStore *store;
  TjCaseContext ctx;
  g_autoptr(JsonObject) payment = json_object_new ();
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *amount_text = NULL;
  g_autofree char *date = NULL;
  g_autofree char *reference = NULL;
  GtkWindow *parent;
  guint worker;
  gint64 amount = 0;

  g_return_val_if_fail (TJ_IS_PAYMENT_WINDOW (self), FALSE);

  clear_messages (self);
  store = tj_application_get_store (self->application);
  if (store == NULL)
    {
      g_set_error_literal (error, TJ_ERROR, TJ_ERROR_FAILED, _("The case database is not open."));
      return FALSE;
    }

  amount_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->amount_entry))));
  if (!tj_money_parse (amount_text, &amount, &local))
    {
      set_row_message (self->amount_row, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  json_object_set_int_member (payment, "installment", adw_combo_row_get_selected (self->installment_row));
  worker = adw_combo_row_get_selected (self->worker_row);
  if (self->worker_ids && worker < json_array_get_length (self->worker_ids))
    json_object_set_string_member (payment, "worker_id", json_array_get_string_element (self->worker_ids, worker));
  json_object_set_int_member (payment, "amount_fen", amount);
  date = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_entry))));
  json_object_set_string_member (payment, "paid_on", date);
  if (adw_combo_row_get_selected (self->method_row) < G_N_ELEMENTS (method_ids))
    json_object_set_string_member (payment, "method", method_ids[adw_combo_row_get_selected (self->method_row)]);
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

  tj_application_get_case_context (self->application, &ctx);
  out = tj_payment_add (store, &ctx, self->case_id, payment, &local);
  if (out == NULL)
    {
      show_core_error (self, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (TJ_IS_WINDOW (parent))
    {
      g_autofree char *paid = tj_money_format (amount);
      g_autofree char *owed = tj_money_format (tj_json_get_int (out, "owed_fen", 0));
      g_autofree char *text = tj_json_get_bool (out, "all_paid", FALSE)
                              ? g_strdup_printf (_("Payment of %s recorded: everything is paid and the case can be closed"), paid)
                              : g_strdup_printf (_("Payment of %s recorded; %s still owed"), paid, owed);

      tj_window_add_toast (TJ_WINDOW (parent), adw_toast_new (text));
    }
  return TRUE;
}
