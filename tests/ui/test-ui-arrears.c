/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 5 as a mediator meets it in the GUI: import the 72-worker roster a
 * contractor sent (two bad rows explained and refused, then the fixed
 * file), agree a three-installment settlement in the editor, record the
 * first payment (an overpayment refused first), and — with today after
 * the second due date — see the case overdue in the Wage arrears section,
 * with a desktop notification once per installment. The calculator
 * computes N live and attaches it to the case as a claim.
 *
 * With TIAOJIE_SCREENSHOT_DIR set, the arrears section and the calculator
 * are saved there as arrears.png and calculator.png. */

#include <string.h>

#include <glib/gi18n.h>

#include "tj-arrears.h"
#include "tj-arrears-notifier.h"
#include "tj-arrears-page.h"
#include "tj-calculator-window.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-payment-window.h"
#include "tj-roster.h"
#include "tj-roster-import-window.h"
#include "tj-settlement.h"
#include "tj-settlement-editor.h"
#include "tj-ui-test.h"

/* After the second due date (2026-12-15), before the third. */
#define TODAY "2026-12-20"

static char *case_id;


static JsonObject *
show_case (void)
{
  TjCaseContext ctx;
  g_autoptr(GError) error = NULL;
  JsonObject *doc;

  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  doc = tj_case_show (tj_application_get_store (app), &ctx, case_id, &error);
  g_assert_no_error (error);
  return doc;
}

static gboolean
import_idle (gpointer data)
{
  return !tj_roster_import_window_get_busy (data) && tj_roster_import_window_get_preview (data) != NULL;
}

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "fixtures", name, NULL);
}

/* A shown label containing @fragment. */
static gboolean
label_contains (GtkWidget  *root,
                const char *fragment)
{
  g_autoptr(GPtrArray) labels = tj_test_find_all (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_is_drawable (labels->pdata[i]) && strstr (gtk_label_get_label (labels->pdata[i]), fragment))
      return TRUE;
  return FALSE;
}

static void
type_text (GtkWidget  *widget,
           const char *text)
{
  g_assert_nonnull (widget);
  gtk_editable_set_text (GTK_EDITABLE (widget), text);
}

static void
test_import_roster (void)
{
  TjRosterImportWindow *window;
  g_autofree char *bad = fixture ("roster-72-contractor.xlsx");
  g_autofree char *fixed = fixture ("roster-72-contractor-fixed.xlsx");
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  g_autoptr(GFile) fixed_file = g_file_new_for_path (fixed);
  g_autoptr(JsonObject) doc = NULL;
  JsonObject *preview;
  JsonArray *errors;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.import-roster", "s", case_id));
  window = TJ_ROSTER_IMPORT_WINDOW (tj_test_wait_for_toplevel (TJ_TYPE_ROSTER_IMPORT_WINDOW));

  /* The contractor's first file: two bad rows, explained, nothing possible. */
  tj_roster_import_window_set_file (window, bad_file);
  g_assert_true (tj_test_wait (import_idle, window));
  preview = tj_roster_import_window_get_preview (window);
  errors = tj_json_get_array (preview, "errors");
  g_assert_cmpuint (json_array_get_length (errors), ==, 2);
  g_assert_false (tj_roster_import_window_can_import (window));
  tj_test_drain ();
  /* Row number and column of each, as the spreadsheet shows them. */
  {
    g_autofree char *row20 = g_strdup_printf (_("Row %d, %s"), 20, "身份证号码");
    g_autofree char *row43 = g_strdup_printf (_("Row %d, %s"), 43, "欠薪金额（元）");

    g_assert_true (tj_test_has_label (GTK_WIDGET (window), row20, NULL));
    g_assert_true (tj_test_has_label (GTK_WIDGET (window), row43, NULL));
  }
  tj_test_screenshot (GTK_WIDGET (window), "roster-errors.png");
  tj_roster_import_window_import (window);   /* refused: nothing happens */
  tj_test_drain ();
  doc = show_case ();
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (doc, "workers")), ==, 0);
  g_clear_pointer (&doc, json_object_unref);

  /* The fixed file: 72 workers, imported on confirmation. */
  tj_roster_import_window_set_file (window, fixed_file);
  g_assert_true (tj_test_wait (import_idle, window));
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (tj_roster_import_window_get_preview (window), "errors")), ==, 0);
  g_assert_true (tj_roster_import_window_can_import (window));
  doc = show_case ();
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (doc, "workers")), ==, 0);
  g_clear_pointer (&doc, json_object_unref);

  tj_roster_import_window_import (window);
  g_assert_true (tj_test_wait (tj_test_toplevel_gone, GSIZE_TO_POINTER (TJ_TYPE_ROSTER_IMPORT_WINDOW)));
  doc = show_case ();
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (doc, "workers")), ==, 72);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (doc, "totals"), "owed_fen", 0), ==, 107625000);
}

/* The contractor's fixed roster of 72 workers on the first case, as an
 * import leaves it (for the subtests that start after it). */
static void
seed_roster (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (db_path, &error);
  g_autofree char *path = fixture ("roster-72-contractor-fixed.xlsx");
  g_autofree char *data = NULL;
  g_autoptr(JsonObject) imported = NULL;
  gsize length;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &data, &length, &error));
  imported = tj_roster_import (store, NULL, case_id, data, length, "roster-72-contractor-fixed.xlsx", &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (imported, "imported", 0), ==, 72);
}

/* The settlement as the editor makes it: agreed, three installments
 * (2026-11-30 ¥400,000, 2026-12-15 ¥300,000, 2027-01-15 the rest),
 * shared in proportion to what each worker is owed. */
static void
agree_settlement (void)
{
  TjSettlementEditor *editor;
  g_autoptr(GError) error = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.settlement", "s", case_id));
  editor = tj_test_wait_for_settlement_editor ();
  adw_combo_row_set_selected (ADW_COMBO_ROW (tj_settlement_editor_get_field (editor, "status")), 1);
  type_text (tj_settlement_editor_get_field (editor, "installments[0].due_on"), "2026-11-30");
  type_text (tj_settlement_editor_get_field (editor, "installments[0].amount_fen"), "40万");
  tj_settlement_editor_add_installment (editor);
  type_text (tj_settlement_editor_get_field (editor, "installments[1].due_on"), "2026-12-15");
  type_text (tj_settlement_editor_get_field (editor, "installments[1].amount_fen"), "300,000");
  tj_settlement_editor_add_installment (editor);
  type_text (tj_settlement_editor_get_field (editor, "installments[2].due_on"), "2027-01-15");
  tj_settlement_editor_split_by_owed (editor);
  g_assert_true (tj_test_settlement_save (editor, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (editor));
}

/* The first worker's share of the first installment, paid on 2026-11-28. */
static void
record_first_payment (void)
{
  TjPaymentWindow *window;
  g_autoptr(GError) error = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.record-payment", "s", case_id));
  window = tj_test_wait_for_payment_window ();
  type_text (tj_payment_window_get_field (window, "paid_on"), "2026-11-28");
  type_text (tj_payment_window_get_field (window, "reference"), "TX20261128-01");
  g_assert_true (tj_test_payment_record (window, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_settlement (void)
{
  TjSettlementEditor *editor;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) settlement = NULL;
  g_autoptr(JsonObject) doc = show_case ();
  JsonArray *installments, *workers, *shares;
  TjCaseContext ctx;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.settlement", "s", case_id));
  editor = tj_test_wait_for_settlement_editor ();

  /* A bad amount is named beside its field and nothing is saved. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (tj_settlement_editor_get_field (editor, "status")), 1);
  type_text (tj_settlement_editor_get_field (editor, "installments[0].amount_fen"), "很多");
  g_assert_false (tj_test_settlement_save (editor, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_clear_error (&error);
  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  g_assert_null (tj_settlement_get (tj_application_get_store (app), &ctx, case_id, NULL));

  /* The agreed total is what is owed (prefilled); three installments. */
  type_text (tj_settlement_editor_get_field (editor, "installments[0].due_on"), "2026-11-30");
  type_text (tj_settlement_editor_get_field (editor, "installments[0].amount_fen"), "40万");
  tj_settlement_editor_add_installment (editor);
  type_text (tj_settlement_editor_get_field (editor, "installments[1].due_on"), "2026-12-15");
  type_text (tj_settlement_editor_get_field (editor, "installments[1].amount_fen"), "300,000");
  tj_settlement_editor_add_installment (editor);
  type_text (tj_settlement_editor_get_field (editor, "installments[2].due_on"), "2027-01-15");
  /* The third got what the first two leave. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (tj_settlement_editor_get_field (editor, "installments[2].amount_fen"))),
                   ==, "¥376,250.00");
  tj_settlement_editor_split_by_owed (editor);
  tj_test_screenshot (GTK_WIDGET (editor), "settlement.png");
  g_assert_true (tj_test_settlement_save (editor, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (editor));

  settlement = tj_settlement_get (tj_application_get_store (app), &ctx, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (settlement, "status", NULL), ==, "agreed");
  /* Two installments are overdue as it is saved: the notifier tells the
   * desktop once each (see test_payment()), while the editor opens again. */
  if (tj_test.have_mock)
    {
      g_autoptr(GPtrArray) told = tj_test_take_notifications (2);

      g_assert_cmpuint (told->len, ==, 2);
    }

  /* Opened again, it shows what was stored, still shared proportionally. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.settlement", "s", case_id));
  editor = tj_test_wait_for_settlement_editor ();
  for (guint i = 0; i < 3; i++)
    {
      JsonArray *allocations = tj_json_get_array (json_array_get_object_element (tj_json_get_array (settlement, "installments"), i),
                                                  "allocations");
      JsonObject *first = json_array_get_object_element (allocations, 0);
      g_autofree char *field = g_strdup_printf ("installments[%u].allocations[0]", i);
      gint64 shown = -1;
      GtkWidget *row;

      g_assert_true (tj_money_parse (gtk_editable_get_text (GTK_EDITABLE (tj_settlement_editor_get_field (editor, field))),
                                     &shown, NULL));
      g_assert_cmpint (shown, ==, tj_json_get_int (first, "amount_fen", -2));
      g_free (field);
      field = g_strdup_printf ("installments[%u].due_on", i);
      row = gtk_widget_get_ancestor (tj_settlement_editor_get_field (editor, field), ADW_TYPE_EXPANDER_ROW);
      g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (row)), ==,
                       _("Shared in proportion to the workers’ shares"));
    }
  gtk_window_destroy (GTK_WINDOW (editor));
  g_assert_cmpint (tj_json_get_int (settlement, "total_fen", 0), ==, 107625000);
  installments = tj_json_get_array (settlement, "installments");
  g_assert_cmpuint (json_array_get_length (installments), ==, 3);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (installments, 1), "amount_fen", 0), ==, 30000000);
  /* Proportional allocations bring every worker exactly to what is owed. */
  workers = tj_json_get_array (doc, "workers");
  shares = tj_json_get_array (settlement, "workers");
  g_assert_cmpuint (json_array_get_length (shares), ==, 72);
  for (guint i = 0; i < json_array_get_length (workers); i++)
    {
      JsonObject *w = json_array_get_object_element (workers, i);
      for (guint k = 0; k < json_array_get_length (shares); k++)
        {
          JsonObject *s = json_array_get_object_element (shares, k);
          if (g_strcmp0 (tj_json_get_string (s, "worker_id", NULL), tj_json_get_string (w, "id", "")) == 0)
            g_assert_cmpint (tj_json_get_int (s, "allocated_fen", 0), ==, tj_json_get_int (w, "owed_fen", 0));
        }
    }
}

static void
test_payment (void)
{
  TjPaymentWindow *window;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) settlement = NULL;
  GtkWidget *amount;
  g_autofree char *owed = NULL;
  gint64 owed_fen;
  TjCaseContext ctx;

  agree_settlement ();
  /* Its installments due on 30 Nov and 15 Dec are overdue as it is saved:
   * the notifier hears of the write from the repository's "changed" and
   * tells the desktop once each. */
  if (tj_test.have_mock)
    {
      g_autoptr(GPtrArray) told = tj_test_take_notifications (2);

      g_assert_cmpuint (told->len, ==, 2);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.record-payment", "s", case_id));
  window = tj_test_wait_for_payment_window ();
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (tj_payment_window_get_field (window, "installment"))), ==, 0);
  amount = tj_payment_window_get_field (window, "amount_fen");
  owed = g_strdup (gtk_editable_get_text (GTK_EDITABLE (amount)));
  g_assert_true (tj_money_parse (owed, &owed_fen, NULL));
  g_assert_cmpint (owed_fen, >, 0);
  type_text (tj_payment_window_get_field (window, "paid_on"), "2026-11-28");
  type_text (tj_payment_window_get_field (window, "reference"), "TX20261128-01");

  /* More than the worker's allocation: refused with core's message. */
  type_text (amount, "999999");
  g_assert_false (tj_test_payment_record (window, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "999,999.00"));
  tj_test_drain ();
  g_assert_true (tj_test_has_label (GTK_WIDGET (window), error->message, "error"));
  g_clear_error (&error);
  /* The choices stay readable next to the message. */
  g_assert_cmpuint (strlen (adw_action_row_get_subtitle (ADW_ACTION_ROW (tj_payment_window_get_field (window, "installment")))), >, 0);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (tj_payment_window_get_field (window, "worker"))))),
                    !=, GTK_INVALID_LIST_POSITION);
  tj_test_screenshot (GTK_WIDGET (window), "payment.png");

  /* A photo of the signed receipt goes with it; a text file does not. */
  {
    g_autofree char *dir = g_path_get_dirname (db_path);
    g_autofree char *photo = g_build_filename (dir, "收条.png", NULL);
    g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
    g_autoptr(GBytes) pixel = g_bytes_new ((const guchar[]) { 0xff, 0x00, 0x00, 0xff }, 4);
    g_autoptr(GdkTexture) texture = gdk_memory_texture_new (1, 1, GDK_MEMORY_R8G8B8A8, pixel, 4);
    g_autoptr(GFile) photo_file = g_file_new_for_path (photo);
    g_autoptr(GFile) text_file = g_file_new_for_path (text);

    g_assert_true (gdk_texture_save_to_png (texture, photo));
    g_assert_true (g_file_set_contents (text, "not a photo", -1, NULL));
    g_assert_false (tj_payment_window_set_receipt (window, text_file, &error));
    g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_true (tj_payment_window_set_receipt (window, photo_file, &error));
    g_assert_no_error (error);
  }

  type_text (amount, owed);
  g_assert_true (tj_test_payment_record (window, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (window));

  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  settlement = tj_settlement_get (tj_application_get_store (app), &ctx, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (settlement, "progress"), "paid_fen", 0), ==, owed_fen);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (settlement, "payments")), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (settlement, "payments"), 0),
                                       "receipt", NULL), ==, "收条.png");
}

static gboolean
page_lists_case (gpointer data)
{
  JsonObject *list = tj_arrears_page_get_list (data);
  JsonArray *cases = list ? tj_json_get_array (list, "cases") : NULL;

  for (guint i = 0; cases && i < json_array_get_length (cases); i++)
    if (tj_json_get_int (json_array_get_object_element (cases, i), "paid_fen", 0) > 0)
      return TRUE;
  return FALSE;
}

static gboolean
page_has_list (gpointer data)
{
  return tj_arrears_page_get_list (data) != NULL;
}

static void
test_overdue (void)
{
  TjWindow *window = tj_test_main_window ();
  TjArrearsPage *page;
  g_autoptr(JsonArray) overdue = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *mine = NULL;
  JsonArray *cases;
  TjArrearsNotifier *notifier;
  g_autofree char *overdue_text = NULL;
  g_autoptr(GPtrArray) notifications = NULL;
  gboolean second = FALSE;

  agree_settlement ();
  record_first_payment ();
  g_assert_true (tj_window_set_section (window, "arrears"));
  page = TJ_ARREARS_PAGE (tj_window_get_section_page (window, "arrears"));
  g_assert_true (tj_test_wait (page_lists_case, page));

  /* Sorted by what is overdue, the case with the missed installments first. */
  tj_arrears_page_set_sort (page, "overdue");
  g_assert_cmpstr (tj_arrears_page_get_sort (page), ==, "overdue");
  /* Read again in that order on the repository's worker. */
  g_assert_true (tj_test_wait (page_has_list, page));
  cases = tj_json_get_array (tj_arrears_page_get_list (page), "cases");
  g_assert_cmpuint (json_array_get_length (cases), ==, 3);
  mine = json_array_get_object_element (cases, 0);
  g_assert_cmpstr (tj_json_get_string (mine, "id", NULL), ==, case_id);
  g_assert_cmpint (tj_json_get_int (mine, "overdue_fen", 0), >, 0);
  g_assert_cmpint (tj_json_get_int (mine, "overdue_installments", 0), ==, 2);
  g_assert_cmpstr (tj_json_get_string (mine, "next_due_on", NULL), ==, "2027-01-15");
  /* On screen in red. */
  overdue_text = tj_money_format (tj_json_get_int (mine, "overdue_fen", 0));
  tj_test_drain ();
  g_assert_true (tj_test_has_label (GTK_WIDGET (page), overdue_text, "error"));

  overdue = tj_arrears_overdue (tj_application_get_store (app), TODAY, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (overdue); i++)
    if (tj_json_get_int (json_array_get_object_element (overdue, i), "installment", -1) == 1)
      second = TRUE;
  g_assert_true (second);

  /* One notification per overdue installment and day, not more. */
  notifier = tj_application_get_arrears_notifier (app);
  g_assert_nonnull (notifier);
  tj_arrears_notifier_check (notifier);
  g_assert_cmpuint (tj_arrears_notifier_get_sent (notifier), ==, 2);
  g_assert_cmpuint (tj_arrears_notifier_check (notifier), ==, 0);
  /* They reached the desktop: one per installment, naming the case,
   * saying which installment and how much is unpaid; a click or the
   * button opens the case. */
  if (tj_test_require_notifications ())
    {
      g_autofree char *title = g_strdup_printf (_("Installment overdue: %s"), tj_json_get_string (mine, "number", "?"));
      g_autofree char *open_case = g_action_print_detailed_name ("app.show-case", g_variant_new_string (case_id));
      gboolean first_seen = FALSE, second_seen = FALSE;

      notifications = tj_test_take_notifications (2);
      g_assert_cmpuint (notifications->len, ==, 2);
      for (guint i = 0; i < notifications->len; i++)
        {
          TjTestNotification *n = g_ptr_array_index (notifications, i);

          g_assert_cmpstr (n->title, ==, title);
          g_assert_nonnull (strstr (n->body, "华建劳务拖欠72名农民工工资"));
          first_seen |= strstr (n->body, "installment 1 ") != NULL;
          second_seen |= strstr (n->body, "installment 2 ") != NULL && strstr (n->body, "(5 days ago)") != NULL;
          g_assert_cmpstr (n->actions[0], ==, "default");
          g_assert_cmpstr (tj_test_notification_action (n, _("Open Case")), ==, open_case);
        }
      g_assert_true (first_seen);
      g_assert_true (second_seen);
    }

  /* The column headings sort, as a click does. */
  {
    g_autoptr(GPtrArray) buttons = tj_test_find_all (GTK_WIDGET (page), GTK_TYPE_BUTTON);
    GtkWidget *due = NULL;

    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (g_object_get_data (buttons->pdata[i], "sort"), "due") == 0)
        due = buttons->pdata[i];
    g_assert_nonnull (due);
    g_signal_emit_by_name (due, "clicked");
    tj_test_drain ();
    g_assert_cmpstr (tj_arrears_page_get_sort (page), ==, "due");
    g_assert_true (tj_test_wait (page_has_list, page));
    cases = tj_json_get_array (tj_arrears_page_get_list (page), "cases");
    g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (cases, 0), "id", NULL), ==, case_id);
  }

  tj_arrears_page_set_sort (page, "owed");
  g_assert_true (tj_test_wait (page_has_list, page));
  if (g_getenv ("TIAOJIE_SCREENSHOT_DIR"))
    {
      /* Close the toasts of the import and the payment, as a user
       * would (their timeout waits for an active window). */
      for (guint round = 0; round < 5; round++)
        {
          g_autoptr(GPtrArray) buttons = tj_test_find_all (GTK_WIDGET (window), GTK_TYPE_BUTTON);
          gboolean closed = FALSE;

          for (guint i = 0; i < buttons->len; i++)
            {
              GtkWidget *toast = gtk_widget_get_ancestor (buttons->pdata[i], g_type_from_name ("AdwToastWidget"));
              if (toast && g_strcmp0 (gtk_button_get_icon_name (buttons->pdata[i]), "window-close-symbolic") == 0)
                {
                  gtk_widget_activate (buttons->pdata[i]);
                  closed = TRUE;
                  break;
                }
            }
          tj_test_drain ();
          if (!closed)
            break;
        }
    }
  tj_test_screenshot (GTK_WIDGET (window), "arrears.png");
}

static gboolean
has_result (gpointer data)
{
  return tj_calculator_window_get_result (data) != NULL;
}

/* Attaches the result as the button does and waits for the worker. */
static gboolean
attach (TjCalculatorWindow  *window,
        GError             **error)
{
  TjTestAsync wait = { NULL };
  gboolean ok;

  tj_calculator_window_attach_async (window, tj_test_async_cb, &wait);
  g_assert_true (tj_test_wait (tj_test_async_done, &wait));
  ok = tj_calculator_window_attach_finish (window, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

static void
test_calculator (void)
{
  TjCalculatorWindow *window;
  JsonObject *result;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  JsonArray *claims;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.calculator", "s", case_id));
  window = TJ_CALCULATOR_WINDOW (tj_test_wait_for_toplevel (TJ_TYPE_CALCULATOR_WINDOW));
  tj_calculator_window_set_kind (window, "compensation");
  g_assert_null (tj_calculator_window_get_result (window));
  g_assert_false (attach (window, &error));
  g_clear_error (&error);

  /* Typed as a user would, the result follows after the typing pause. */
  gtk_editable_set_text (tj_calculator_window_get_field (window, "monthly_wage_fen"), "8,000");
  gtk_editable_set_text (tj_calculator_window_get_field (window, "start"), "2020-03-01");
  gtk_editable_set_text (tj_calculator_window_get_field (window, "end"), "2025-08-31");
  gtk_editable_set_text (tj_calculator_window_get_field (window, "local_avg_monthly_wage_fen"), "11761");
  g_assert_true (tj_test_wait (has_result, window));
  result = tj_calculator_window_get_result (window);
  g_assert_cmpint (tj_json_get_int (result, "amount_fen", 0), ==, 4800000);
  tj_test_drain ();
  g_assert_true (tj_test_has_label (GTK_WIDGET (window), "¥48,000.00", NULL));
  g_assert_true (tj_test_has_label (GTK_WIDGET (window), "人民币肆万捌仟元整", NULL));

  /* A mistyped figure is named, and there is no result. */
  gtk_editable_set_text (tj_calculator_window_get_field (window, "end"), "2025-02-30");
  tj_calculator_window_update (window);
  g_assert_null (tj_calculator_window_get_result (window));
  gtk_editable_set_text (tj_calculator_window_get_field (window, "end"), "2025-08-31");
  tj_calculator_window_update (window);
  g_assert_nonnull (tj_calculator_window_get_result (window));

  tj_test_screenshot (GTK_WIDGET (window), "calculator.png");

  g_assert_true (attach (window, &error));
  g_assert_no_error (error);
  doc = show_case ();
  claims = tj_json_get_array (doc, "claims");
  g_assert_cmpuint (json_array_get_length (claims), ==, 1);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (claims, 0), "amount_fen", 0), ==, 4800000);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (claims, 0), "kind", NULL), ==, "compensation");
  g_assert_nonnull (strstr (tj_json_get_string (json_array_get_object_element (claims, 0), "description", ""), "¥48,000.00"));

  /* Other kinds: prefilled input (as from a consultation), a range, months. */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();

    tj_calculator_window_set_kind (window, "overtime");
    g_assert_true (json_parser_load_from_data (parser, "{\"monthly_wage_fen\":1200000,\"weekday_hours\":10,"
                                               "\"restday_hours\":16,\"holiday_hours\":8}", -1, NULL));
    tj_calculator_window_set_input (window, json_node_get_object (json_parser_get_root (parser)));
    g_assert_cmpstr (gtk_editable_get_text (tj_calculator_window_get_field (window, "monthly_wage_fen")), ==, "12000");
    g_assert_nonnull (tj_calculator_window_get_result (window));
    g_assert_cmpint (tj_json_get_int (tj_calculator_window_get_result (window), "amount_fen", 0), ==, 489655);
  }
  tj_calculator_window_set_kind (window, "late_payment");
  gtk_editable_set_text (tj_calculator_window_get_field (window, "amount_fen"), "1.2万");
  tj_calculator_window_update (window);
  result = tj_calculator_window_get_result (window);
  g_assert_nonnull (result);
  g_assert_cmpint (tj_json_get_int (result, "min_fen", 0), ==, 600000);
  g_assert_cmpint (tj_json_get_int (result, "max_fen", 0), ==, 1200000);
  g_assert_true (tj_test_has_label (GTK_WIDGET (window), "¥6,000.00 – ¥12,000.00", NULL));

  tj_calculator_window_set_kind (window, "arrears");
  gtk_editable_set_text (tj_calculator_window_get_field (window, "items[0].month"), "2025-03");
  gtk_editable_set_text (tj_calculator_window_get_field (window, "items[0].due_fen"), "8000");
  gtk_editable_set_text (tj_calculator_window_get_field (window, "items[0].paid_fen"), "3000");
  gtk_editable_set_text (tj_calculator_window_get_field (window, "items[1].month"), "2025-04");
  gtk_editable_set_text (tj_calculator_window_get_field (window, "items[1].due_fen"), "8000");
  tj_calculator_window_update (window);
  g_assert_nonnull (tj_calculator_window_get_result (window));
  g_assert_cmpint (tj_json_get_int (tj_calculator_window_get_result (window), "amount_fen", 0), ==, 1300000);
  /* “很多” is not money: no result, the month is named. */
  gtk_editable_set_text (tj_calculator_window_get_field (window, "items[1].paid_fen"), "很多");
  tj_calculator_window_update (window);
  g_assert_null (tj_calculator_window_get_result (window));
  tj_test_screenshot (GTK_WIDGET (window), "calculator-arrears.png");

  /* N + 1: the ground is a choice; service before 2008 without it gives
   * no result and names the field by its title. 2005-07-01 … 2010-06-30,
   * ¥6,000, incompetence: 3 months before 2008 (at most 12) + 3 from 2008
   * = ¥36,000, + the last month's ¥6,200 = ¥42,200. */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();

    tj_calculator_window_set_kind (window, "compensation_with_notice");
    g_assert_true (json_parser_load_from_data (parser, "{\"monthly_wage_fen\":600000,\"start\":\"2005-07-01\","
                                               "\"end\":\"2010-06-30\",\"local_avg_monthly_wage_fen\":500000,"
                                               "\"last_month_wage_fen\":620000}", -1, NULL));
    tj_calculator_window_set_input (window, json_node_get_object (json_parser_get_root (parser)));
    g_assert_null (tj_calculator_window_get_result (window));
    tj_test_wait_frame (GTK_WIDGET (window));
    {
      /* By its title, in the user's language. */
      g_autofree char *title = g_strdup_printf ("“%s”", g_dgettext (GETTEXT_PACKAGE, "Why the contract ended"));
      g_assert_true (label_contains (GTK_WIDGET (window), title));
    }
    g_assert_false (label_contains (GTK_WIDGET (window), "termination_ground"));
    g_assert_true (json_parser_load_from_data (parser, "{\"termination_ground\":\"incompetence\"}", -1, NULL));
    tj_calculator_window_set_input (window, json_node_get_object (json_parser_get_root (parser)));
    result = tj_calculator_window_get_result (window);
    g_assert_nonnull (result);
    g_assert_cmpint (tj_json_get_int (result, "amount_fen", 0), ==, 4220000);
    g_assert_cmpuint (json_array_get_length (tj_json_get_array (result, "parts")), ==, 2);
    tj_test_wait_frame (GTK_WIDGET (window));
    g_assert_true (tj_test_has_label (GTK_WIDGET (window), "¥42,200.00", NULL));
    tj_test_screenshot (GTK_WIDGET (window), "calculator-n1.png");
  }

  /* The minimum wage by date: 上海, ¥2,500 paid over 2025-05 … 2025-09 is
   * (2690 − 2500) × 2 + (2740 − 2500) × 3 = ¥1,100, both figures shown. */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();

    tj_calculator_window_set_kind (window, "minimum_wage");
    g_assert_true (json_parser_load_from_data (parser, "{\"monthly_wage_fen\":250000,\"city\":\"上海\","
                                               "\"from_month\":\"2025-05\",\"to_month\":\"2025-09\"}", -1, NULL));
    tj_calculator_window_set_input (window, json_node_get_object (json_parser_get_root (parser)));
    result = tj_calculator_window_get_result (window);
    g_assert_nonnull (result);
    g_assert_cmpint (tj_json_get_int (result, "amount_fen", 0), ==, 110000);
    tj_test_wait_frame (GTK_WIDGET (window));
    g_assert_true (tj_test_has_label (GTK_WIDGET (window), "¥2,740.00", NULL));
    tj_test_screenshot (GTK_WIDGET (window), "calculator-minimum.png");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
seed (void)
{
  g_autoptr(GError) open_error = NULL;
  g_autoptr(TjStore) store = tj_store_open (db_path, &open_error);
  static const char *cases[] = {
    "{\"title\":\"华建劳务拖欠72名农民工工资\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
    "\"received_on\":\"2026-11-20\",\"employer\":{\"name\":\"华建劳务有限公司\"},"
    "\"chain\":[{\"role\":\"general_contractor\",\"name\":\"滨海建工集团有限公司\"}]}",
    "{\"title\":\"恒达制衣厂拖欠工资\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
    "\"received_on\":\"2026-12-02\",\"employer\":{\"name\":\"滨海恒达制衣厂\"},"
    "\"workers\":[{\"name\":\"张丽\",\"owed_fen\":1860000},{\"name\":\"王芳\",\"owed_fen\":1720000},"
    "{\"name\":\"刘敏\",\"owed_fen\":1544000}]}",
    "{\"title\":\"城南物流司机欠薪\",\"kind\":\"wage_arrears\",\"source\":\"night_clinic\","
    "\"received_on\":\"2026-12-11\",\"employer\":{\"name\":\"城南物流有限公司\"},"
    "\"workers\":[{\"name\":\"陈刚\",\"owed_fen\":2100000},{\"name\":\"赵勇\",\"owed_fen\":2100000}]}",
  };
  TjCaseContext ctx;

  g_assert_no_error (open_error);
  tj_case_context_init_defaults (&ctx);
  ctx.station_code = "BH01";
  ctx.today = TODAY;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonObject) out = NULL;

      g_assert_true (json_parser_load_from_data (parser, cases[i], -1, &error));
      out = tj_case_add (store, &ctx, json_node_get_object (json_parser_get_root (parser)), &error);
      g_assert_no_error (error);
      if (i == 0)
        case_id = g_strdup (tj_json_get_string (out, "id", NULL));
    }
  if (g_getenv ("TIAOJIE_SCREENSHOT_DIR"))
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_settings_set_int (settings, "window-width", 1280);
      g_settings_set_int (settings, "window-height", 800);
      g_settings_set_string (settings, "organisation-name", "滨海县职工维权服务中心");
      g_settings_set_string (settings, "station-code", "BH01");
    }
}

static gboolean
section_is_arrears (gpointer data)
{
  return g_strcmp0 (tj_window_get_section (data), "arrears") == 0;
}

/* Five installments fall overdue at once (a mediator back after weeks
 * away, or a centre): one summary notification opening the Arrears page,
 * not five banners; and nothing again the same day. */
static void
test_overdue_summary (void)
{
  static const char *const due[] = { "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30" };
  TjSettlementEditor *editor;
  TjArrearsNotifier *notifier;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notifications = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.settlement", "s", case_id));
  editor = tj_test_wait_for_settlement_editor ();
  adw_combo_row_set_selected (ADW_COMBO_ROW (tj_settlement_editor_get_field (editor, "status")), 1);
  for (guint i = 0; i < G_N_ELEMENTS (due); i++)
    {
      g_autofree char *field = g_strdup_printf ("installments[%u].due_on", i);
      if (i > 0)
        tj_settlement_editor_add_installment (editor);
      type_text (tj_settlement_editor_get_field (editor, field), due[i]);
      if (i + 1 < G_N_ELEMENTS (due))
        {
          /* The last installment is the rest. */
          g_autofree char *amount = g_strdup_printf ("installments[%u].amount_fen", i);
          type_text (tj_settlement_editor_get_field (editor, amount), "10万");
        }
    }
  tj_settlement_editor_split_by_owed (editor);
  g_assert_true (tj_test_settlement_save (editor, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (editor));

  notifier = tj_application_get_arrears_notifier (app);
  /* (The notifier may have looked by itself as the settlement was saved.) */
  tj_arrears_notifier_check (notifier);
  g_assert_cmpuint (tj_arrears_notifier_get_sent (notifier), ==, G_N_ELEMENTS (due));
  g_assert_cmpuint (tj_arrears_notifier_check (notifier), ==, 0);
  if (!tj_test_require_notifications ())
    return;
  notifications = tj_test_take_notifications (1);
  g_assert_cmpuint (notifications->len, ==, 1);
  {
    TjTestNotification *n = g_ptr_array_index (notifications, 0);
    g_autofree char *title = g_strdup_printf (ngettext ("%u installment overdue", "%u installments overdue", 5), 5);
    TjWindow *window = tj_test_main_window ();

    g_assert_cmpstr (n->title, ==, title);
    /* The first three cases are named (here the same case each time). */
    g_assert_nonnull (strstr (n->body, "and 2 more"));
    g_assert_cmpstr (n->actions[0], ==, "default");
    g_assert_cmpstr (tj_test_notification_action (n, _("Show Arrears")), ==, "app.show-arrears");
    g_assert_true (tj_window_set_section (window, "reports"));
    tj_test_notification_invoke (n, "default");
    g_assert_true (tj_test_wait (section_is_arrears, window));
  }
}

int
main (int   argc,
      char *argv[])
{
  tj_test_init (&argc, &argv, TODAY, TJ_TEST_FLAGS_NONE);

  tj_test_add ("/ui/arrears/import-roster", test_import_roster);
  tj_test_add_seeded ("/ui/arrears/settlement", seed_roster, test_settlement, TJ_TEST_CASE_DEFAULT);
  tj_test_add_seeded ("/ui/arrears/payment", seed_roster, test_payment, TJ_TEST_CASE_DEFAULT);
  tj_test_add_seeded ("/ui/arrears/overdue", seed_roster, test_overdue, TJ_TEST_CASE_DEFAULT);
  tj_test_add_seeded ("/ui/arrears/overdue-summary", seed_roster, test_overdue_summary, TJ_TEST_CASE_DEFAULT);
  tj_test_add ("/ui/arrears/calculator", test_calculator);

  return tj_test_run (seed);
}
