/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The inside of TjPaymentWindow, shared by the files of its pages (see the
 * comment atop tj-payment-window.c). Only they include it. */

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

G_BEGIN_DECLS

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

/* A copy of the case context for the worker thread. */
typedef struct {
  TjCaseContext ctx;
  char         *station_code;
  char         *number_pattern;
  char         *actor;
  char         *today;
} Context;

typedef struct {
  Context     context;
  char       *case_id;
  GBytes     *data;
  char       *filename;
  gboolean    import;
  JsonObject *input;       /* a whole installment */
  JsonObject *result;
} Job;

/* tj-payment-window.c */
/* bank_transfer, cash, wage_account: the methods of tj_payment_add(). */
extern const char * const _tj_payment_window_method_ids[3];
JsonObject *_tj_payment_window_installment_at (TjPaymentWindow *self, guint index);
TjPaymentItem *_tj_payment_window_selected_worker (TjPaymentWindow *self);
void _tj_payment_window_set_row_message (AdwActionRow *row, const char *message);
void _tj_payment_window_set_group_message (AdwPreferencesGroup *group, const char *message);
void _tj_payment_window_show_error (TjPaymentWindow *self, const char *message);
void _tj_payment_window_clear_messages (TjPaymentWindow *self);
void _tj_payment_window_set_busy (TjPaymentWindow *self, gboolean busy);
void _tj_payment_window_toast_parent (TjPaymentWindow *self, const char *text);
void _tj_payment_window_context_copy (TjPaymentWindow *self, Context *out);
void _tj_payment_window_context_clear (Context *c);
void _tj_payment_window_show_core_error (TjPaymentWindow *self, const GError *error);
void _tj_payment_window_update_record_button (TjPaymentWindow *self);

/* tj-payment-window-form.c */
void _tj_payment_window_worker_selected_cb (TjPaymentWindow *self);
void _tj_payment_window_search_changed_cb (TjPaymentWindow *self);
void _tj_payment_window_fill_items (TjPaymentWindow *self, GListStore *store, JsonObject *inst);
void _tj_payment_window_installment_changed_cb (TjPaymentWindow *self);
void _tj_payment_window_worker_setup_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item,
                                         gpointer user_data);
void _tj_payment_window_worker_bind_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item,
                                        gpointer user_data);
void _tj_payment_window_receipt_clear_cb (TjPaymentWindow *self);
void _tj_payment_window_receipt_choose_cb (TjPaymentWindow *self);

/* tj-payment-window-schedule.c */
void _tj_payment_window_bulk_summary (TjPaymentWindow *self);
void _tj_payment_window_bulk_all_toggled_cb (TjPaymentWindow *self);
GtkWidget *_tj_payment_window_bulk_row_new (gpointer item, gpointer user_data);
void _tj_payment_window_bulk_installment_changed_cb (TjPaymentWindow *self);

/* tj-payment-window-import.c */
void _tj_payment_window_build_bank_columns (TjPaymentWindow *self);
void _tj_payment_window_job_free (gpointer data);
Job *_tj_payment_window_job_new (TjPaymentWindow *self);
void _tj_payment_window_bank_choose_cb (TjPaymentWindow *self);

G_END_DECLS
