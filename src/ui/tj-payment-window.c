/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Over 1,500 lines on purpose, for now: the three ways of recording a
 * payment (one worker, a whole installment, a bank file) are pages of one
 * template and share the loaded settlement, the receipt and the messages
 * from core. The bank-file import (its preview table and matching, about
 * 450 lines from "Bank file") is the part to move out first, into its
 * own file behind a tj-payment-window-private.h. */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-bank-import.h"
#include "tj-calendar.h"
#include "tj-error.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-payment-item.h"
#include "tj-payment-window.h"
#include "tj-settlement.h"
#include "tj-ui-format.h"
#include "tj-window.h"

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
 * The batch and file work runs on the repository's worker thread. */

static const char * const method_ids[] = { "bank_transfer", "cash", "wage_account" };
static const char * const method_labels[] = {
  N_("Bank transfer"), N_("Cash"), N_("Via the wage account"),
};

struct _TjPaymentWindow
{
  AdwWindow        parent_instance;

  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar *switcher_bar;
  guint            reveal_idle;
  AdwViewStack    *view_stack;
  GtkWidget       *record_button;
  GtkSpinner      *spinner;
  GtkLabel        *error_label;
  /* One worker */
  AdwComboRow     *installment_row;
  AdwPreferencesGroup *worker_group;
  GtkSearchEntry  *worker_search;
  GtkListView     *worker_list;
  GtkLabel        *worker_empty_label;
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
  /* Whole installment */
  AdwComboRow     *bulk_installment_row;
  AdwActionRow    *bulk_date_row;
  GtkWidget       *bulk_date_entry;
  AdwActionRow    *bulk_reference_row;
  GtkWidget       *bulk_reference_entry;
  AdwPreferencesGroup *bulk_group;
  GtkCheckButton  *bulk_all_check;
  GtkListBox      *bulk_list;
  /* Bank file */
  GtkLabel        *bank_file_label;
  GtkWidget       *bank_choose_button;
  GtkLabel        *bank_status_label;
  GtkWidget       *bank_problems_scroller;
  GtkListBox      *bank_problems_list;
  GtkWidget       *bank_table_scroller;
  GtkColumnView   *bank_table;

  TjApplication   *application;
  char            *case_id;
  JsonObject      *settlement;
  GListStore      *workers;        /* TjPaymentItem of the installment shown */
  GtkStringFilter *name_filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GListStore      *bulk_items;     /* TjPaymentItem of the bulk installment */
  GListStore      *bank_rows;      /* GObject with "row" data: JsonObject */
  JsonObject      *bank_preview;
  GBytes          *bank_data;
  char            *bank_filename;
  GBytes          *receipt;
  char            *receipt_name;
  char            *receipt_type;
  GtkFileChooserNative *chooser;
  GCancellable    *cancellable;
  guint            busy;
  gboolean         clearing;       /* refreshing rows: not a new choice */
  gboolean         ticking_all;
};

G_DEFINE_FINAL_TYPE (TjPaymentWindow, tj_payment_window, ADW_TYPE_WINDOW)

static void update_record_button (TjPaymentWindow *self);

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static JsonObject *
installment_at (TjPaymentWindow *self,
                guint            index)
{
  JsonArray *installments = tj_json_get_array (self->settlement, "installments");

  if (installments == NULL || index >= json_array_get_length (installments))
    return NULL;
  return json_array_get_object_element (installments, index);
}

static TjPaymentItem *
selected_worker (TjPaymentWindow *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
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
set_group_message (AdwPreferencesGroup *group,
                   const char          *message)
{
  const char *hint = g_object_get_data (G_OBJECT (group), "hint");

  adw_preferences_group_set_description (group, message ? message : hint);
  if (message)
    gtk_widget_add_css_class (GTK_WIDGET (group), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (group), "error");
}

static void
show_error (TjPaymentWindow *self,
            const char      *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
clear_messages (TjPaymentWindow *self)
{
  AdwActionRow *rows[] = {
    ADW_ACTION_ROW (self->installment_row), self->amount_row, self->date_row, ADW_ACTION_ROW (self->method_row),
    self->reference_row, self->receipt_row, ADW_ACTION_ROW (self->bulk_installment_row), self->bulk_date_row,
    self->bulk_reference_row,
  };

  self->clearing = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    set_row_message (rows[i], NULL);
  set_group_message (self->worker_group, NULL);
  set_group_message (self->bulk_group, NULL);
  self->clearing = FALSE;
  show_error (self, NULL);
}

static void
set_busy (TjPaymentWindow *self,
          gboolean         busy)
{
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  gtk_spinner_set_spinning (self->spinner, self->busy > 0);
  gtk_widget_set_sensitive (self->bank_choose_button, self->busy == 0);
  update_record_button (self);
}

static void
toast_parent (TjPaymentWindow *self,
              const char      *text)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (TJ_IS_WINDOW (parent))
    tj_window_add_toast (TJ_WINDOW (parent), adw_toast_new (text));
}

/* A copy of the case context for the worker thread. */
typedef struct {
  TjCaseContext ctx;
  char         *station_code;
  char         *number_pattern;
  char         *actor;
  char         *today;
} Context;

static void
context_copy (TjPaymentWindow *self,
              Context         *out)
{
  tj_context_fill_case_context (tj_application_get_context (self->application), &out->ctx);
  out->ctx.station_code = out->station_code = g_strdup (out->ctx.station_code);
  out->ctx.number_pattern = out->number_pattern = g_strdup (out->ctx.number_pattern);
  out->ctx.actor = out->actor = g_strdup (out->ctx.actor);
  out->ctx.today = out->today = g_strdup (out->ctx.today);
}

static void
context_clear (Context *c)
{
  g_free (c->station_code);
  g_free (c->number_pattern);
  g_free (c->actor);
  g_free (c->today);
}

/* ------------------------------------------------------------------ */
/* One worker                                                           */

static void
worker_selected_cb (TjPaymentWindow *self)
{
  TjPaymentItem *item = selected_worker (self);
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
  set_group_message (self->worker_group, NULL);
}

static void
search_changed_cb (TjPaymentWindow *self)
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
static void
fill_items (TjPaymentWindow *self,
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

static void
installment_changed_cb (TjPaymentWindow *self)
{
  JsonObject *inst = installment_at (self, adw_combo_row_get_selected (self->installment_row));
  guint first_owed = GTK_INVALID_LIST_POSITION;

  if (self->clearing)
    return;
  self->clearing = TRUE;
  fill_items (self, self->workers, inst);
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
  worker_selected_cb (self);
}

static void
worker_setup_cb (GtkSignalListItemFactory *factory,
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

static void
worker_bind_cb (GtkSignalListItemFactory *factory,
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

/* ------------------------------------------------------------------ */
/* Whole installment                                                    */

static void
bulk_summary (TjPaymentWindow *self)
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
  update_record_button (self);
}

static void
bulk_all_toggled_cb (TjPaymentWindow *self)
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

static GtkWidget *
bulk_row_new (gpointer item,
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
  g_signal_connect_object (item, "notify::ticked", G_CALLBACK (bulk_summary), self, G_CONNECT_SWAPPED);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_widget_add_css_class (owed, "numeric");
  if (!payable)
    gtk_widget_add_css_class (owed, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), owed);
  gtk_widget_set_sensitive (row, payable);
  return row;
}

static void
bulk_installment_changed_cb (TjPaymentWindow *self)
{
  if (self->clearing)
    return;
  fill_items (self, self->bulk_items, installment_at (self, adw_combo_row_get_selected (self->bulk_installment_row)));
  bulk_summary (self);
}

/* ------------------------------------------------------------------ */
/* Loading                                                              */

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
  g_autofree char *today = NULL;
  g_autofree char *subtitle = NULL;
  JsonArray *arr;
  TjCaseContext ctx;
  const char *method;
  guint first_owed = GTK_INVALID_LIST_POSITION;

  if (store == NULL)
    {
      g_set_error_literal (error, TJ_ERROR, TJ_ERROR_FAILED, _("The case database is not open."));
      return FALSE;
    }
  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  doc = tj_case_show (store, &ctx, self->case_id, error);
  if (doc == NULL)
    return FALSE;
  self->settlement = tj_settlement_get (store, &ctx, self->case_id, error);
  if (self->settlement == NULL)
    return FALSE;
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

  for (guint i = 0; i < G_N_ELEMENTS (method_ids); i++)
    gtk_string_list_append (methods, _(method_labels[i]));
  adw_combo_row_set_model (self->method_row, G_LIST_MODEL (methods));
  method = tj_json_get_string (self->settlement, "method", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (method_ids); i++)
    if (g_strcmp0 (method, method_ids[i]) == 0)
      adw_combo_row_set_selected (self->method_row, i);
  self->clearing = FALSE;

  today = tj_date_today_iso (ctx.today);
  gtk_editable_set_text (GTK_EDITABLE (self->date_entry), today);
  gtk_editable_set_text (GTK_EDITABLE (self->bulk_date_entry), today);

  if (g_strcmp0 (tj_json_get_string (self->settlement, "status", NULL), "agreed") != 0)
    show_error (self, _("The settlement is still a draft: mark it agreed before recording payments."));
  show_progress (self);
  installment_changed_cb (self);
  bulk_installment_changed_cb (self);
  g_signal_connect_swapped (self->installment_row, "notify::selected", G_CALLBACK (installment_changed_cb), self);
  g_signal_connect_swapped (self->bulk_installment_row, "notify::selected", G_CALLBACK (bulk_installment_changed_cb),
                            self);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (worker_selected_cb), self);
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
/* Messages from core                                                   */

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

static void
show_core_error (TjPaymentWindow *self,
                 const GError    *error)
{
  g_auto(GStrv) parts = tj_ui_split_error (error);
  g_autoptr(GString) rest = g_string_new (NULL);
  gboolean bulk = g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "installment") == 0;

  for (guint i = 0; parts && parts[i] && parts[i + 1]; i += 2)
    {
      AdwActionRow *row = *parts[i] ? row_for_field (self, parts[i]) : NULL;

      if (row)
        set_row_message (row, parts[i + 1]);
      else if (g_str_has_prefix (parts[i], "worker"))
        set_group_message (bulk ? self->bulk_group : self->worker_group, parts[i + 1]);
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
  show_error (self, rest->str);
}

/* ------------------------------------------------------------------ */
/* Bank file                                                            */

/* One previewed row of the bank's file, for the table. */
static GObject *
bank_row_new (JsonObject *row)
{
  GObject *o = g_object_new (G_TYPE_OBJECT, NULL);

  g_object_set_data_full (o, "row", json_object_ref (row), (GDestroyNotify) json_object_unref);
  return o;
}

static const struct {
  const char *field;
  const char *title;
} bank_columns[] = {
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

static void
build_bank_columns (TjPaymentWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (bank_columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (bank_cell_setup_cb), (gpointer) bank_columns[i].field);
      g_signal_connect (factory, "bind", G_CALLBACK (bank_cell_bind_cb), (gpointer) bank_columns[i].field);
      column = gtk_column_view_column_new (_(bank_columns[i].title), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (g_str_equal (bank_columns[i].field, "problem"))
        gtk_column_view_column_set_expand (column, TRUE);
      g_object_set_data (G_OBJECT (column), "field", (gpointer) bank_columns[i].field);
      gtk_column_view_append_column (self->bank_table, column);
      g_object_unref (column);
    }
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
        const char *field = g_object_get_data (G_OBJECT (column), "field");

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
  update_record_button (self);
}

typedef struct {
  Context     context;
  char       *case_id;
  GBytes     *data;
  char       *filename;
  gboolean    import;
  JsonObject *input;       /* a whole installment */
  JsonObject *result;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  context_clear (&job->context);
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

static Job *
job_new (TjPaymentWindow *self)
{
  Job *job = g_new0 (Job, 1);

  context_copy (self, &job->context);
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
  set_busy (self, FALSE);
  g_clear_pointer (&self->bank_preview, json_object_unref);
  if (error)
    {
      clear_bank (self);
      set_bank_status (self, error->message, "error");
      update_record_button (self);
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
  set_busy (self, FALSE);
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
  toast_parent (self, text);
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
  job = job_new (self);
  job->data = g_bytes_ref (self->bank_data);
  job->filename = g_strdup (self->bank_filename);
  job->import = import;
  set_busy (self, TRUE);
  tj_repository_run_async (repository, bank_job, job, job_free, self->cancellable,
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

  set_busy (self, FALSE);
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

static void
bank_choose_cb (TjPaymentWindow *self)
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

/* ------------------------------------------------------------------ */
/* Whole installment: recording                                         */

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
  set_busy (self, FALSE);
  if (error)
    {
      show_core_error (self, error);
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
  toast_parent (self, text);
  gtk_window_close (GTK_WINDOW (self));
}

/* ------------------------------------------------------------------ */
/* The header button                                                    */

static const char *
page (TjPaymentWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);
  return name ? name : "one";
}

static void
update_record_button (TjPaymentWindow *self)
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
record_clicked_cb (TjPaymentWindow *self)
{
  const char *name = page (self);
  g_autoptr(GError) error = NULL;

  if (g_str_equal (name, "installment"))
    tj_payment_window_record_installment (self);
  else if (g_str_equal (name, "bank"))
    tj_payment_window_import_bank_file (self);
  else if (tj_payment_window_record (self, &error))
    gtk_window_close (GTK_WINDOW (self));
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
  gtk_widget_class_bind_template_callback (widget_class, receipt_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, receipt_choose_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, bulk_all_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, bank_choose_cb);

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
  g_signal_connect (factory, "setup", G_CALLBACK (worker_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (worker_bind_cb), NULL);
  gtk_list_view_set_factory (self->worker_list, factory);
  gtk_list_view_set_model (self->worker_list, GTK_SELECTION_MODEL (self->selection));

  self->bulk_items = g_list_store_new (TJ_TYPE_PAYMENT_ITEM);
  gtk_list_box_bind_model (self->bulk_list, G_LIST_MODEL (self->bulk_items), bulk_row_new, self, NULL);
  g_signal_connect_swapped (self->bulk_items, "items-changed", G_CALLBACK (bulk_summary), self);

  self->bank_rows = g_list_store_new (G_TYPE_OBJECT);
  build_bank_columns (self);

  g_signal_connect_swapped (self->view_stack, "notify::visible-child", G_CALLBACK (update_record_button), self);
  g_signal_connect_swapped (self->view_stack, "notify::visible-child", G_CALLBACK (clear_messages), self);

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
  update_record_button (self);
  return self;
}

/* ------------------------------------------------------------------ */
/* Public API                                                           */

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
  TjPaymentItem *worker;
  g_autoptr(JsonObject) payment = json_object_new ();
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *amount_text = NULL;
  g_autofree char *date = NULL;
  g_autofree char *reference = NULL;
  gint64 amount = 0;

  g_return_val_if_fail (TJ_IS_PAYMENT_WINDOW (self), FALSE);

  clear_messages (self);
  store = tj_application_get_store (self->application);
  if (store == NULL)
    {
      g_set_error_literal (error, TJ_ERROR, TJ_ERROR_FAILED, _("The case database is not open."));
      return FALSE;
    }

  worker = selected_worker (self);
  if (worker == NULL)
    {
      g_set_error_literal (&local, TJ_ERROR, TJ_ERROR_INVALID, _("Choose the worker who was paid from the list"));
      set_group_message (self->worker_group, local->message);
      show_error (self, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
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
  json_object_set_string_member (payment, "worker_id", tj_payment_item_get_worker_id (worker));
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

  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  out = tj_payment_add (store, &ctx, self->case_id, payment, &local);
  if (out == NULL)
    {
      show_core_error (self, local);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  {
    g_autofree char *paid = tj_money_format (amount);
    g_autofree char *owed = tj_money_format (tj_json_get_int (out, "owed_fen", 0));
    g_autofree char *text = tj_json_get_bool (out, "all_paid", FALSE)
                            ? g_strdup_printf (_("Payment of %s recorded: everything is paid and the case can be closed"), paid)
                            : g_strdup_printf (_("Payment of %s recorded; %s still owed"), paid, owed);
    toast_parent (self, text);
  }
  return TRUE;
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

  clear_messages (self);
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
  job = job_new (self);
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
  set_busy (self, TRUE);
  tj_repository_run_async (repository, installment_job, job, job_free, self->cancellable, installment_done_cb,
                           g_object_ref (self));
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
  set_busy (self, TRUE);
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
