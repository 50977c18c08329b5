/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 16 at the payment window, with the 75 workers of
 * tests/fixtures/bank-75-*: one worker found by typing part of the name,
 * the amount still owed shown in full beside each name; installment 1
 * paid for the workers ticked in one action, then for the last one; the
 * bank's file of installment 2 with two bad rows previewed, each named,
 * nothing written and Import refused; the corrected file imported (with
 * installment 1 already paid, as the second subtest leaves it). Each
 * subtest runs in a process of its own on a fresh database (tj-ui-test.h).
 *
 * With TIAOJIE_SCREENSHOT_DIR set, the three pages are saved there as
 * payment-one.png, payment-installment.png, payment-bank-errors.png
 * (TIAOJIE_TEST_DARK=1: in the dark style). */

#include <string.h>

#include <glib/gi18n.h>

#include "tj-arrears.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-payment-item.h"
#include "tj-payment-window.h"
#include "tj-settlement.h"
#include "tj-test-store.h"
#include "tj-ui-test.h"

#define TODAY "2026-12-20"

static char *case_id;

static gboolean
not_busy (gpointer data)
{
  return !tj_payment_window_get_busy (data);
}

static gboolean
bank_previewed (gpointer data)
{
  return !tj_payment_window_get_busy (data) && tj_payment_window_get_bank_preview (data) != NULL;
}

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "fixtures", name, NULL);
}

static JsonObject *
settlement (void)
{
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;
  JsonObject *s;

  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  s = tj_settlement_get (tj_application_get_store (app), &ctx, case_id, &error);
  g_assert_no_error (error);
  return s;
}

static guint
n_payments (void)
{
  g_autoptr(JsonObject) s = settlement ();
  return json_array_get_length (tj_json_get_array (s, "payments"));
}

static TjPaymentWindow *
open_window (void)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.record-payment", "s", case_id));
  return tj_test_wait_for_payment_window ();
}

static void
close_window (TjPaymentWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_true (tj_test_wait (tj_test_toplevel_gone, GSIZE_TO_POINTER (TJ_TYPE_PAYMENT_WINDOW)));
}

/* The list view laid out its first rows. */
static gboolean
list_drawn (gpointer data)
{
  g_autoptr(GPtrArray) labels = tj_test_find_all (data, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_width (labels->pdata[i]) > 0 && gtk_widget_has_css_class (labels->pdata[i], "numeric"))
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------ */

/* 75 names in a list: typing part of one finds the worker, and every
 * amount is shown whole. */
static void
test_search_worker (void)
{
  TjPaymentWindow *window;
  GtkListView *list;
  GtkSingleSelection *selection;
  TjPaymentItem *item;
  g_autoptr(GPtrArray) labels = NULL;
  gint64 amount = 0;
  guint amounts = 0;

  window = open_window ();
  list = GTK_LIST_VIEW (tj_payment_window_get_field (window, "worker"));
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 75);
  g_assert_true (tj_test_wait (list_drawn, list));
  /* Laid out and drawn: widths are real. */
  tj_test_wait_frame (GTK_WIDGET (list));

  /* "Still owed ¥…" beside each name, never cut off. */
  labels = tj_test_find_all (GTK_WIDGET (list), GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = labels->pdata[i];
      int natural = 0;

      /* Rows the list view has not laid out yet (below the fold) are
       * not on screen. */
      if (!gtk_widget_get_mapped (GTK_WIDGET (label)) || !gtk_widget_has_css_class (GTK_WIDGET (label), "numeric") ||
          gtk_widget_get_width (gtk_widget_get_parent (GTK_WIDGET (label))) == 0)
        continue;
      amounts++;
      g_assert_nonnull (strstr (gtk_label_get_label (label), "¥"));
      g_assert_true (g_str_has_suffix (gtk_label_get_label (label), ".00") ||
                     strchr (gtk_label_get_label (label), '.') != NULL);
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (label)));
      gtk_widget_measure (GTK_WIDGET (label), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (label)), >=, natural);
    }
  g_assert_cmpuint (amounts, >, 3);
  tj_test_screenshot (GTK_WIDGET (window), "payment-one.png");

  /* Typed as the mediator would: the one worker is picked, the amount
   * prefilled with what they are still owed. */
  gtk_editable_set_text (GTK_EDITABLE (tj_payment_window_get_field (window, "worker_search")), "徐海");
  g_signal_emit_by_name (tj_payment_window_get_field (window, "worker_search"), "search-changed");
  tj_test_drain ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 1);
  item = gtk_single_selection_get_selected_item (selection);
  g_assert_nonnull (item);
  g_assert_cmpstr (tj_payment_item_get_name (item), ==, "徐海涛");
  g_assert_true (tj_money_parse (gtk_editable_get_text (GTK_EDITABLE (tj_payment_window_get_field (window, "amount_fen"))),
                                 &amount, NULL));
  g_assert_cmpint (amount, ==, tj_payment_item_get_owed_fen (item));
  /* The input shows money as money. */
  g_assert_true (g_str_has_prefix (gtk_editable_get_text (GTK_EDITABLE (tj_payment_window_get_field (window, "amount_fen"))),
                                   "¥"));
  /* Nobody of that name: an empty list, and nothing can be recorded. */
  gtk_editable_set_text (GTK_EDITABLE (tj_payment_window_get_field (window, "worker_search")), "欧阳");
  g_signal_emit_by_name (tj_payment_window_get_field (window, "worker_search"), "search-changed");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 0);
  {
    g_autoptr(GError) error = NULL;
    g_assert_false (tj_test_payment_record (window, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  }
  g_assert_cmpuint (n_payments (), ==, 0);
  close_window (window);
}

/* Installment 1 for the 74 workers ticked, in one action; then the last. */
static void
test_bulk_installment (void)
{
  TjPaymentWindow *window = open_window ();
  GtkWidget *record = tj_payment_window_get_field (window, "record");
  GtkListBox *list = GTK_LIST_BOX (tj_payment_window_get_field (window, "bulk_list"));
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(JsonObject) s = NULL;
  JsonObject *inst;

  tj_payment_window_set_page (window, "installment");
  tj_test_drain ();
  /* Everyone still owed is ticked; the total is the installment's. */
  checks = tj_test_find_all (GTK_WIDGET (list), GTK_TYPE_CHECK_BUTTON);
  g_assert_cmpuint (checks->len, ==, 75);
  for (guint i = 0; i < checks->len; i++)
    g_assert_true (gtk_check_button_get_active (checks->pdata[i]));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (tj_payment_window_get_field (window, "bulk_all"))));
  g_assert_true (gtk_widget_get_sensitive (record));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (record)), ==, _("_Record as Paid"));
  gtk_editable_set_text (GTK_EDITABLE (tj_payment_window_get_field (window, "bulk_paid_on")), "2026-11-28");
  gtk_editable_set_text (GTK_EDITABLE (tj_payment_window_get_field (window, "bulk_reference")), "DF20261128001");

  /* One worker was paid in cash by the team leader: untick them. */
  gtk_check_button_set_active (checks->pdata[1], FALSE);
  tj_test_drain ();
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (tj_payment_window_get_field (window, "bulk_all"))));
  tj_test_screenshot (GTK_WIDGET (window), "payment-installment.png");

  /* The header button, as a click does. */
  gtk_widget_activate (record);
  g_assert_true (tj_test_wait (tj_test_toplevel_gone, GSIZE_TO_POINTER (TJ_TYPE_PAYMENT_WINDOW)));
  g_assert_cmpuint (n_payments (), ==, 74);

  /* Opened again, only the one left is ticked. */
  window = open_window ();
  tj_payment_window_set_page (window, "installment");
  tj_test_drain ();
  list = GTK_LIST_BOX (tj_payment_window_get_field (window, "bulk_list"));
  g_clear_pointer (&checks, g_ptr_array_unref);
  checks = tj_test_find_all (GTK_WIDGET (list), GTK_TYPE_CHECK_BUTTON);
  g_assert_true (gtk_check_button_get_active (checks->pdata[1]));
  g_assert_false (gtk_widget_get_sensitive (gtk_widget_get_ancestor (checks->pdata[0], GTK_TYPE_LIST_BOX_ROW)));
  tj_payment_window_record_installment (window);
  g_assert_true (tj_test_wait (tj_test_toplevel_gone, GSIZE_TO_POINTER (TJ_TYPE_PAYMENT_WINDOW)));

  s = settlement ();
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (s, "payments")), ==, 75);
  inst = json_array_get_object_element (tj_json_get_array (s, "installments"), 0);
  g_assert_cmpstr (tj_json_get_string (inst, "state", NULL), ==, "paid");
}

/* The bank's file of installment 2: two rows do not match. Each is named
 * with its row and column, nothing is written and Import stays off; the
 * corrected file pays everyone. */
static void
test_bank_file (void)
{
  TjPaymentWindow *window = open_window ();
  g_autofree char *bad = fixture ("bank-75-installment-2-bad.xlsx");
  g_autofree char *good = fixture ("bank-75-installment-2.xlsx");
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  g_autoptr(GFile) good_file = g_file_new_for_path (good);
  g_autofree char *row15 = g_strdup_printf (_("Row %d, %s"), 15, "收款账号");
  g_autofree char *row47 = g_strdup_printf (_("Row %d, %s"), 47, "交易金额（元）");
  GtkWidget *record = tj_payment_window_get_field (window, "record");
  g_autoptr(JsonObject) s = NULL;
  JsonObject *preview;

  tj_payment_window_set_bank_file (window, bad_file);
  g_assert_true (tj_test_wait (bank_previewed, window));
  preview = tj_payment_window_get_bank_preview (window);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (preview, "errors")), ==, 2);
  tj_test_drain ();
  g_assert_true (tj_test_has_label (GTK_WIDGET (window), row15, NULL));
  g_assert_true (tj_test_has_label (GTK_WIDGET (window), row47, NULL));
  g_assert_false (tj_payment_window_can_import_bank_file (window));
  g_assert_false (gtk_widget_get_sensitive (record));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (record)), ==, _("_Import"));
  tj_test_screenshot (GTK_WIDGET (window), "payment-bank-errors.png");
  tj_payment_window_import_bank_file (window);   /* refused: nothing happens */
  g_assert_true (tj_test_wait (not_busy, window));
  tj_test_drain ();
  g_assert_cmpuint (n_payments (), ==, 75);

  tj_payment_window_set_bank_file (window, good_file);
  g_assert_true (tj_test_wait (bank_previewed, window));
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (tj_payment_window_get_bank_preview (window), "errors")),
                    ==, 0);
  g_assert_true (tj_payment_window_can_import_bank_file (window));
  g_assert_true (gtk_widget_get_sensitive (record));
  g_assert_cmpuint (n_payments (), ==, 75);
  tj_test_screenshot (GTK_WIDGET (window), "payment-bank-ready.png");
  gtk_widget_activate (record);
  g_assert_true (tj_test_wait (tj_test_toplevel_gone, GSIZE_TO_POINTER (TJ_TYPE_PAYMENT_WINDOW)));

  s = settlement ();
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (s, "payments")), ==, 150);
  g_assert_true (tj_json_get_bool (tj_json_get_object (s, "progress"), "all_paid", FALSE));
}

/* The case of the 75 workers with its agreed settlement of two
 * installments, both due after today (no overdue notification). */
static void
seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (db_path, &error);
  g_autofree char *path = fixture ("bank-75-case.json");
  g_autofree char *json = NULL;
  TjCaseContext ctx;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &json, NULL, NULL));
  g_assert_true (tj_arrears_attach (store, &error));
  tj_case_context_init_defaults (&ctx);
  ctx.station_code = "BH01";
  ctx.today = TODAY;
  case_id = tj_test_add_case (store, &ctx, json);
  /* Due after "today": no overdue notification from the desktop. */
  tj_test_settle_halves (store, &ctx, case_id, "2026-12-31", "2027-01-31", "test");
  if (g_getenv ("TIAOJIE_TEST_DARK"))
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_settings_set_string (settings, "color-scheme", "dark");
    }
}

/* The same, installment 1 paid to every worker on 2026-11-28 in one
 * action (what the bulk subtest does through the window). */
static void
seed_first_paid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (db_path, &error);
  g_autoptr(JsonObject) input = tj_json_parse_object ("{\"installment\":0,\"paid_on\":\"2026-11-28\","
                                                      "\"reference\":\"DF20261128001\"}", -1, NULL);
  g_autoptr(JsonObject) paid = NULL;
  TjCaseContext ctx;

  g_assert_no_error (error);
  tj_case_context_init_defaults (&ctx);
  ctx.station_code = "BH01";
  ctx.today = TODAY;
  paid = tj_payment_add_installment (store, &ctx, case_id, input, &error);
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  tj_test_init (&argc, &argv, TODAY, TJ_TEST_FLAGS_NONE);

  tj_test_add ("/ui/payments/search-worker", test_search_worker);
  tj_test_add ("/ui/payments/bulk-installment", test_bulk_installment);
  tj_test_add_seeded ("/ui/payments/bank-file", seed_first_paid, test_bank_file, TJ_TEST_CASE_DEFAULT);

  return tj_test_run (seed);
}
