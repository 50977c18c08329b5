/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Privacy and access on the case page (issue 19): the workers' ID numbers
 * and phones are masked in the Parties table; the eye button asks why,
 * shows the number in full, and the reveal is one audit record that the
 * Timeline shows. A case without the worker's consent is flagged until it
 * is recorded in the preferences' wording.
 *
 * With TIAOJIE_SCREENSHOT_DIR set, saves privacy-parties-masked.png,
 * privacy-reveal-reason.png, privacy-revealed.png, privacy-timeline.png
 * and privacy-consent.png there. */

#include <string.h>

#include <glib/gi18n.h>

#include "tj-audit.h"
#include "tj-case-page.h"
#include "tj-json.h"
#include "tj-new-case-window.h"
#include "tj-preferences-window.h"
#include "tj-test-store.h"
#include "tj-ui-test.h"

#define TODAY "2026-11-22"
#define ID_ZHANG "11010519491231002X"

static char *case_id;

static gboolean
named_shown (gpointer name)
{
  TjCasePage *page = tj_test_case_page ();
  return page && tj_test_find_named (GTK_WIDGET (page), name) != NULL;
}

static gboolean
label_revealed (gpointer label)
{
  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), ID_ZHANG) == 0;
}

static void
test_reveal_and_timeline (void)
{
  TjCasePage *page = tj_test_open_case (case_id, "parties");
  GtkWidget *label, *button, *dialog, *row;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) log = NULL;
  JsonObject *entry;

  label = tj_test_find_named (GTK_WIDGET (page), "id_number");
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "110***********002X");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (tj_test_find_named (GTK_WIDGET (page), "phone"))), ==, "138****5678");
  tj_test_screenshot (GTK_WIDGET (tj_test_main_window ()), "privacy-parties-masked.png");

  button = gtk_widget_get_next_sibling (label);
  g_assert_true (GTK_IS_BUTTON (button));
  g_signal_emit_by_name (button, "clicked");
  dialog = GTK_WIDGET (tj_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (dialog);
  /* A common reason is chosen already: the value can be shown at once. */
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reveal"));
  tj_test_screenshot (dialog, "privacy-reveal-reason.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "reveal");
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* Revealed (and recorded) on the repository's worker. */
  g_assert_true (tj_test_wait (label_revealed, label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, ID_ZHANG);
  g_assert_false (gtk_widget_get_visible (button));
  /* The phone next to it stays masked. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (tj_test_find_named (GTK_WIDGET (page), "phone"))), ==, "138****5678");
  /* The reveal's record reloads the page: the number stays shown for its
   * moment all the same. */
  tj_test_drain ();
  tj_case_page_reload (page);
  g_assert_true (tj_test_wait (tj_test_case_page_loaded, page));
  label = tj_test_find_named (GTK_WIDGET (page), "id_number");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, ID_ZHANG);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_next_sibling (label)));
  tj_test_screenshot (GTK_WIDGET (tj_test_main_window ()), "privacy-revealed.png");

  log = tj_audit_list (tj_application_get_store (app), case_id, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (log), ==, 1);
  entry = json_array_get_object_element (log, 0);
  g_assert_cmpstr (tj_json_get_string (entry, "actor", NULL), ==, "调解员甲");
  g_assert_cmpstr (tj_json_get_string (entry, "field", NULL), ==, "id_number");
  g_assert_cmpstr (tj_json_get_string (entry, "reason", NULL), ==, "Call the worker back");

  /* The Timeline shows the record, in Chinese, with its reason. */
  page = tj_test_open_case (case_id, "timeline");
  g_assert_true (tj_test_wait (named_shown, "audit"));
  row = tj_test_find_named (GTK_WIDGET (tj_test_case_page ()), "audit");
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "revealed the ID number of 张三"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Call the worker back"));
  tj_test_screenshot (GTK_WIDGET (tj_test_main_window ()), "privacy-timeline.png");
}

static const char *
text_of (GtkWidget *view)
{
  static char *text;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  g_free (text);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return text;
}

static void
test_consent (void)
{
  TjCasePage *page = tj_test_open_case (case_id, "parties");
  GtkWidget *dialog, *prefs, *view;

  g_assert_nonnull (tj_test_find_named (GTK_WIDGET (page), "consent-missing"));
  /* The wording is the one Preferences holds. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.preferences", NULL));
  prefs = GTK_WIDGET (tj_test_wait_for_toplevel (TJ_TYPE_PREFERENCES_WINDOW));
  view = tj_test_find_named (prefs, "consent-wording");
  g_assert_nonnull (strstr (text_of (view), "敏感个人信息"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)),
                            "您的信息只用于本案调解，是否同意？", -1);
  gtk_window_destroy (GTK_WINDOW (prefs));
  tj_test_drain ();

  g_signal_emit_by_name (tj_test_find (tj_test_find_named (GTK_WIDGET (page), "consent-missing"), GTK_TYPE_BUTTON), "clicked");
  dialog = GTK_WIDGET (tj_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), ==, "您的信息只用于本案调解，是否同意？");
  tj_test_screenshot (dialog, "privacy-consent.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "agreed");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (tj_test_wait (named_shown, "consent-given"));
  g_assert_null (tj_test_find_named (GTK_WIDGET (tj_test_case_page ()), "consent-missing"));
}

/* At intake: the wording is shown, and the switch records the consent
 * with the case. */
static void
test_consent_at_intake (void)
{
  GtkWindow *intake;
  GtkWidget *root;
  g_autoptr(JsonObject) shown = NULL;
  TjCaseContext ctx;
  JsonObject *consent;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.new-case", NULL));
  intake = tj_test_wait_for_toplevel (TJ_TYPE_NEW_CASE_WINDOW);
  tj_new_case_window_choose_source (TJ_NEW_CASE_WINDOW (intake), "walk_in");
  tj_test_drain ();
  root = GTK_WIDGET (intake);
  gtk_editable_set_text (GTK_EDITABLE (tj_test_find_named (root, "employer.name")), "城南物流有限公司");
  gtk_editable_set_text (GTK_EDITABLE (tj_test_find_named (root, "worker-row-0.name")), "李四");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (tj_test_find_named (root, "consent"))));
  gtk_switch_set_active (GTK_SWITCH (tj_test_find_named (root, "consent")), TRUE);
  g_assert_true (tj_test_intake_save (intake));
  tj_test_drain ();
  g_assert_true (tj_test_wait (tj_test_case_page_shown, NULL));

  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  shown = tj_case_show (tj_application_get_store (app), &ctx, tj_case_page_get_case_id (tj_test_case_page ()), NULL);
  g_assert_nonnull (shown);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (shown, "workers"), 0),
                                       "name", NULL), ==, "李四");
  consent = tj_json_get_object (shown, "consent");
  g_assert_true (tj_json_get_bool (consent, "given", FALSE));
  g_assert_cmpstr (tj_json_get_string (consent, "recorded_by", NULL), ==, "调解员甲");
  g_assert_nonnull (strstr (tj_json_get_string (consent, "wording", ""), "敏感个人信息"));
}

static void
seed (void)
{
  static const char case_json[] =
    "{\"title\":\"城南工地农民工欠薪\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
    "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\","
    "\"employer\":{\"name\":\"华建劳务有限公司\"},"
    "\"workers\":[{\"name\":\"张三\",\"id_number\":\"" ID_ZHANG "\",\"phone\":\"13812345678\",\"owed_fen\":1200000},"
    "             {\"name\":\"王伟\",\"id_number\":\"110105198503120012\",\"owed_fen\":900000}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (db_path, &error);
  TjCaseContext ctx;

  g_assert_no_error (error);
  tj_case_context_init_defaults (&ctx);
  ctx.station_code = "BH01";
  ctx.today = TODAY;
  ctx.actor = "调解员甲";
  case_id = tj_test_add_case (store, &ctx, case_json);
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_settings_set_string (settings, "mediator-name", "调解员甲");
    if (g_getenv ("TIAOJIE_SCREENSHOT_DIR"))
      {
        g_settings_set_int (settings, "window-width", 1280);
        g_settings_set_int (settings, "window-height", 800);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  tj_test_init (&argc, &argv, TODAY, TJ_TEST_FLAGS_NONE);

  tj_test_add ("/ui/privacy/reveal-and-timeline", test_reveal_and_timeline);
  tj_test_add ("/ui/privacy/consent", test_consent);
  tj_test_add ("/ui/privacy/consent-at-intake", test_consent_at_intake);

  return tj_test_run (seed);
}
