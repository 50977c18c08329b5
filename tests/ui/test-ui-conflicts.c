/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Sync page and the Conflicts view as a mediator uses them: two
 * stations edited the same worker's phone number offline; after sync the
 * Sync page says a document is in conflict, the Conflicts view shows both
 * versions side by side with the phone highlighted, the mediator keeps the
 * version the store did not pick, resolves, and the conflict is gone with
 * that content as the winner. The phones and ID numbers are masked there
 * as in every list (inside records too); the differing phone is shown in
 * full for a reason, recorded once in the access log, and masked again
 * when the document is read again; resolving on the masked values keeps
 * the phone in full. Also the rest of what Preferences holds
 * beside the account: the pinned certificate, and the legal data files
 * (newer holidays installed count open cases' deadlines again). With
 * TIAOJIE_SCREENSHOT_DIR set, it saves sync-LANG.png, conflicts-LANG.png,
 * conflicts-reveal-reason-LANG.png, conflicts-revealed-LANG.png and
 * preferences-legal-data-LANG.png. */
#include <errno.h>
#include <string.h>
#include <glib/gi18n.h>

#include "tj-calendar.h"
#include "tj-case.h"
#include "tj-case-page.h"
#include "tj-conflicts-window.h"
#include "tj-report.h"
#include "tj-reveal.h"
#include "tj-audit.h"
#include "tj-field-labels.h"
#include "tj-json.h"
#include "tj-sync-indicator.h"
#include "tj-ui-format.h"
#include "tj-sync-page.h"
#include "tj-sync-scheduler.h"
#include "tj-ui-format.h"
#include "tj-test-store.h"
#include "tj-test-util.h"
#include "tj-ui-test.h"

static char *other_path;
static char *data_home;
static char *winner_phone;
static char *loser_phone;

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *language = g_getenv ("LANGUAGE");
  g_autofree char *file = g_strdup_printf ("%s-%s.png", name,
                                           language && g_str_has_prefix (language, "zh") ? "zh_CN" : "en");

  tj_test_screenshot (widget, file);
}

/* Copies every revision of @id from one station to the other, as a sync
 * run would (new_edits=false with the revision history). */
static void
replicate (TjStore    *from,
           TjStore    *to,
           const char *id)
{
  g_autoptr(JsonArray) leaves = NULL;
  g_autoptr(GError) error = NULL;

  leaves = tj_store_get_leaves (from, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (leaves); i++)
    {
      const char *rev = tj_json_get_string (json_array_get_object_element (leaves, i), "rev", NULL);
      g_autoptr(JsonObject) doc = tj_store_get (from, id, rev, TJ_GET_REVS, &error);
      g_assert_no_error (error);
      g_assert_true (tj_store_put_replicated (to, doc, &error));
      g_assert_no_error (error);
    }
}

static void
edit_phone (TjStore    *store,
            const char *phone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = tj_store_get (store, "party-zhang", NULL, TJ_GET_NONE, &error);

  g_assert_no_error (error);
  json_object_set_string_member (doc, "phone", phone);
  g_free (tj_store_put (store, doc, NULL, &error));
  g_assert_no_error (error);
}

static JsonObject *
run_entry (const char *started,
           gboolean    ok,
           gint64      pulled,
           gint64      pushed,
           gint64      conflicts,
           const char *error)
{
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "started_at", started);
  json_object_set_string_member (entry, "finished_at", started);
  json_object_set_boolean_member (entry, "ok", ok);
  json_object_set_int_member (entry, "pulled", pulled);
  json_object_set_int_member (entry, "pushed", pushed);
  json_object_set_int_member (entry, "conflicts", conflicts);
  json_object_set_int_member (entry, "denied", 0);
  if (error)
    {
      json_object_set_string_member (entry, "error", error);
      json_object_set_string_member (entry, "error_kind", "network");
    }
  return entry;
}

/* Station A (the application's database) and station B both have the
 * case and the worker; each changes the phone number offline; B's edit
 * then reaches A. */
static void
seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) a = tj_store_open (db_path, &error);
  g_autoptr(TjStore) b = NULL;
  g_autoptr(JsonArray) conflicts = NULL;
  g_autoptr(JsonObject) winner = NULL;
  g_autoptr(JsonObject) loser = NULL;
  JsonObject *item;

  g_assert_no_error (error);
  b = tj_store_open (other_path, &error);
  g_assert_no_error (error);

  g_free (tj_test_put (a, "{\"_id\":\"case-1\",\"type\":\"case\",\"title\":\"华建工地 12 名工人欠薪\","
                       "\"number\":\"〔2026〕滨调字第0042号\",\"source\":\"hotline\",\"status\":\"mediating\"}"));
  g_free (tj_test_put (a, "{\"_id\":\"party-zhang\",\"type\":\"party\",\"case_id\":\"case-1\",\"role\":\"worker\","
                       "\"name\":\"张建国\",\"phone\":\"13800000000\",\"id_number\":\"11010519491231002X\","
                       "\"contact\":{\"name\":\"李梅\",\"phone\":\"13566667777\"},"
                       "\"owed_fen\":1260000,\"start_date\":\"2026-03-01\","
                       "\"updated_at\":\"2026-11-20T08:15:00Z\",\"station\":\"BH01\"}"));
  replicate (a, b, "case-1");
  replicate (a, b, "party-zhang");

  edit_phone (a, "13911112222");
  edit_phone (b, "13733334444");
  replicate (b, a, "party-zhang");

  conflicts = tj_store_list_conflicts (a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (conflicts), ==, 1);
  item = json_array_get_object_element (conflicts, 0);
  winner = tj_store_get (a, "party-zhang", tj_json_get_string (item, "winner", NULL), TJ_GET_NONE, &error);
  g_assert_no_error (error);
  loser = tj_store_get (a, "party-zhang",
                        json_array_get_string_element (tj_json_get_array (item, "conflicts"), 0),
                        TJ_GET_NONE, &error);
  g_assert_no_error (error);
  winner_phone = g_strdup (tj_json_get_string (winner, "phone", NULL));
  loser_phone = g_strdup (tj_json_get_string (loser, "phone", NULL));
  g_assert_cmpstr (winner_phone, !=, loser_phone);

  /* The hotline dispatched a case that arrived with the last run. */
  {
    gint64 before = tj_store_get_update_seq (a);
    g_autoptr(JsonArray) dispatched = NULL;

    g_free (tj_test_put (a, "{\"_id\":\"case-hotline\",\"type\":\"case\",\"title\":\"某物流公司 5 名司机加班费\","
                         "\"source\":\"hotline\",\"status\":\"intake\",\"kind\":\"overtime\",\"received_on\":\"2026-11-22\"}"));
    dispatched = tj_sync_dispatched_collect (a, before, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (dispatched), ==, 1);
  }

  /* A few runs for the history table. */
  {
    g_autoptr(JsonObject) e1 = run_entry ("2026-11-20T01:30:00Z", TRUE, 17, 4, 0, NULL);
    /* A case deleted here had been edited at another station: kept. */
    json_object_set_int_member (e1, "kept", 1);
    {
      JsonArray *ids = json_array_new ();
      json_array_add_string_element (ids, "case-2026-0007");
      json_object_set_array_member (e1, "kept_ids", ids);
    }
    /* As the replicator words it, in the language of the day it ran. */
    g_autofree char *failure = g_strdup_printf (_("Cannot reach the server at %s: %s"),
                                                "https://sync.example.org:6984", g_strerror (ETIMEDOUT));
    g_autoptr(JsonObject) e2 = run_entry ("2026-11-21T02:05:00Z", FALSE, 0, 0, 0, failure);
    g_autoptr(JsonObject) e3 = run_entry ("2026-11-22T03:10:00Z", TRUE, 3, 2, 1, NULL);
    g_assert_true (tj_sync_history_append (a, e1, &error));
    g_assert_true (tj_sync_history_append (a, e2, &error));
    g_assert_true (tj_sync_history_append (a, e3, &error));
    g_assert_no_error (error);
  }
}

static gboolean
section_is (gpointer data)
{
  return g_strcmp0 (tj_window_get_section (tj_test_main_window ()), data) == 0;
}

/* Both versions side by side: a "Use This Version" per version. */
static gboolean
versions_shown (gpointer conflicts)
{
  g_autoptr(GPtrArray) buttons = tj_test_find_all (conflicts, GTK_TYPE_BUTTON);
  guint n = 0;

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), _("Use This Version")) == 0)
      n++;
  return n == 2;
}

static gboolean
nothing_left (gpointer conflicts)
{
  return tj_test_shows_label (conflicts, _("No Conflicts"));
}

static gboolean
history_shown (gpointer page)
{
  return tj_test_shows_label (page, "17");
}

static gboolean
dispatched_shown (gpointer page)
{
  return tj_test_shows_label (page, "某物流公司 5 名司机加班费");
}

typedef struct {
  GtkWidget  *root;
  const char *text;
} Shows;

/* @data (a Shows) is on screen with its label. */
static gboolean
shows_label (gpointer data)
{
  Shows *shows = data;

  return gtk_widget_get_mapped (shows->root) && tj_test_shows_label (shows->root, shows->text);
}

static gboolean
widget_hidden (gpointer widget)
{
  return !gtk_widget_get_visible (widget);
}

/* The header bar's sync button: its popover says when the last sync was
 * and goes away once Sync Details has led to the Sync section. */
static void
test_sync_popover (void)
{
  TjWindow *window;
  GtkWidget *indicator, *popover, *details;
  g_autofree char *last = NULL;
  g_autofree char *when = tj_ui_format_timestamp ("2026-11-22T03:10:00Z");

  window = tj_test_main_window ();
  tj_window_set_section (window, "today");
  indicator = tj_test_find (GTK_WIDGET (window), TJ_TYPE_SYNC_INDICATOR);
  g_assert_nonnull (indicator);
  popover = tj_test_find (indicator, GTK_TYPE_POPOVER);
  g_assert_nonnull (popover);
  gtk_popover_popup (GTK_POPOVER (popover));
  g_assert_true (tj_test_wait (tj_test_mapped, popover));
  g_assert_true (gtk_widget_get_visible (popover));
  /* The newest run of the history succeeded. */
  last = g_strdup_printf (_("Last sync: %s"), when);
  g_assert_true (tj_test_wait (shows_label, &(Shows) { popover, last }));
  g_assert_true (tj_test_shows_label (popover, last));
  details = tj_test_find_button (popover, _("Sync _Details"));
  g_assert_nonnull (details);
  g_signal_emit_by_name (details, "clicked");
  g_assert_true (tj_test_wait (widget_hidden, popover));
  g_assert_cmpstr (tj_window_get_section (window), ==, "sync");
  g_assert_false (gtk_widget_get_visible (popover));
}

/* The dispatched case heads Today until the mediator opens it. */
static void
test_today_dispatched (void)
{
  TjWindow *window;
  GtkWidget *page;
  g_autoptr(JsonArray) left = NULL;
  g_autoptr(GError) error = NULL;

  window = tj_test_main_window ();
  tj_window_set_section (window, "today");
  page = tj_window_get_section_page (window, "today");
  g_assert_true (tj_test_wait (dispatched_shown, page));
  g_assert_true (tj_test_shows_label (page, _("New from the 12351 Hotline")));

  tj_application_show_case (app, "case-hotline");
  tj_test_drain ();
  left = tj_sync_dispatched_list (tj_application_get_store (app), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (left), ==, 0);
}

static gboolean
case_page_of (gpointer data)
{
  GtkWidget *page = tj_test_find (GTK_WIDGET (tj_test_main_window ()), TJ_TYPE_CASE_PAGE);

  return page != NULL && gtk_widget_is_drawable (page) && !tj_case_page_get_loading (TJ_CASE_PAGE (page)) &&
         g_strcmp0 (tj_case_page_get_case_id (TJ_CASE_PAGE (page)), data) == 0;
}

/* A hotline case arrives with a sync run: the scheduler says so
 * (::cases-dispatched, as after a pull) and the desktop shows one
 * notification per case, whose click opens it. */
static void
test_dispatch_notification (void)
{
  TjSyncScheduler *scheduler = tj_application_get_sync_scheduler (app);
  g_autoptr(JsonArray) dispatched = NULL;
  g_autoptr(GPtrArray) notifications = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  TjTestNotification *n;

  if (!tj_test_require_notifications ())
    return;
  dispatched = tj_sync_dispatched_list (tj_application_get_store (app), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (dispatched), ==, 1);
  g_signal_emit_by_name (scheduler, "cases-dispatched", dispatched);

  notifications = tj_test_take_notifications (1);
  g_assert_cmpuint (notifications->len, ==, 1);
  n = g_ptr_array_index (notifications, 0);
  title = g_strdup_printf (_("12351 dispatch: %s"), "某物流公司 5 名司机加班费");
  g_assert_cmpstr (n->title, ==, title);
  g_assert_cmpstr (n->body, ==, _("A case from the 12351 hotline arrived with the last sync. "
                                  "It is listed as new in Today."));
  g_assert_cmpstr (n->actions[0], ==, "default");
  g_assert_null (n->actions[2]);

  tj_window_set_section (tj_test_main_window (), "reports");
  tj_test_notification_invoke (n, "default");
  g_assert_true (tj_test_wait (case_page_of, (gpointer) "case-hotline"));
  g_assert_cmpstr (tj_window_get_section (tj_test_main_window ()), ==, "cases");
}

/* An edit at another station overruled a deletion here: once per run, a
 * notification names what was kept and leads to the Sync page. */
static void
test_kept_notification (void)
{
  TjSyncScheduler *scheduler = tj_application_get_sync_scheduler (app);
  g_autoptr(JsonObject) quiet = run_entry ("2026-11-22T04:00:00Z", TRUE, 2, 1, 0, NULL);
  g_autoptr(JsonObject) entry = run_entry ("2026-11-22T05:00:00Z", TRUE, 5, 0, 0, NULL);
  g_autoptr(GPtrArray) notifications = NULL;
  g_autofree char *title = NULL;
  JsonArray *labels = json_array_new ();
  TjTestNotification *n;

  if (!tj_test_require_notifications ())
    return;
  /* A run that kept nothing says nothing. */
  g_signal_emit_by_name (scheduler, "run-finished", quiet);

  json_object_set_int_member (entry, "kept", 2);
  json_array_add_string_element (labels, "〔2026〕滨调字第0042号 华建工地 12 名工人欠薪");
  json_array_add_string_element (labels, "张建国");
  json_object_set_array_member (entry, "kept_labels", labels);
  g_signal_emit_by_name (scheduler, "run-finished", entry);

  notifications = tj_test_take_notifications (1);
  g_assert_cmpuint (notifications->len, ==, 1);
  n = g_ptr_array_index (notifications, 0);
  title = g_strdup_printf (ngettext ("A deleted document was kept", "%u deleted documents were kept", 2), 2);
  g_assert_cmpstr (n->title, ==, title);
  g_assert_nonnull (strstr (n->body, "〔2026〕滨调字第0042号 华建工地 12 名工人欠薪\n张建国"));
  g_assert_cmpstr (n->actions[0], ==, "default");

  tj_window_set_section (tj_test_main_window (), "today");
  tj_test_notification_invoke (n, "default");
  g_assert_true (tj_test_wait (section_is, (gpointer) "sync"));
}

static gboolean
test_answered (gpointer row)
{
  const char *subtitle = adw_action_row_get_subtitle (row);
  return subtitle && g_strcmp0 (subtitle, _("Connecting…")) != 0 &&
         g_strcmp0 (subtitle, _("Check the address, the database and the password with the server")) != 0;
}

static gboolean
subtitle_has (gpointer row)
{
  const char *subtitle = adw_action_row_get_subtitle (row);
  const char *wanted = g_object_get_data (row, "tj-test-wanted");

  return subtitle && strstr (subtitle, wanted) != NULL;
}

static gboolean
file_selected (gpointer chooser)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);

  return file != NULL;
}

/* Picks @path in the file chooser that @button opens (GTK's own dialog:
 * no portal under the test session) and waits for @row to mention
 * @wanted. */
static void
choose_file (GtkWidget  *button,
             const char *path,
             GtkWidget  *row,
             const char *wanted)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkWindow *chooser;

  g_signal_emit_by_name (button, "clicked");
  chooser = tj_test_wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (chooser);
  tj_test_drain ();
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, &error));
  g_assert_no_error (error);
  /* The folder loads asynchronously; the file is selected once it has. */
  g_assert_true (tj_test_wait (file_selected, chooser));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  g_object_set_data_full (G_OBJECT (row), "tj-test-wanted", g_strdup (wanted), g_free);
  g_assert_true (tj_test_wait (subtitle_has, row));
}

/* The pinned certificate of a self-hosted server: the system's trust by
 * default; a file that is no certificate is refused, naming it, and
 * changes nothing; the server's certificate shows its name and date. */
static void
check_certificate_row (GtkWindow *preferences,
                       GSettings *settings)
{
  g_autofree char *cert_path = g_test_build_filename (G_TEST_DIST, "..", "integration", "tls-cert.pem", NULL);
  g_autofree char *bad_dir = g_dir_make_tmp ("tj-cert-XXXXXX", NULL);
  g_autofree char *bad_path = g_build_filename (bad_dir, "R&D <not-a-cert>.pem", NULL);
  g_autofree char *key = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *row;
  GtkWidget *choose;
  GtkWidget *forget;

  row = tj_test_find_row (GTK_WIDGET (preferences), _("Server Certificate"));
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, _("Trusted by the system"));
  choose = tj_test_find_button (row, _("C_hoose…"));
  forget = tj_test_find_button (row, _("_Use System Trust"));
  g_assert_nonnull (choose);
  g_assert_nonnull (forget);
  g_assert_false (gtk_widget_get_visible (forget));

  g_assert_true (g_file_set_contents (bad_path, "this is not a certificate\n", -1, NULL));
  /* Plain text, not markup: the name shows as it is. */
  choose_file (choose, bad_path, row, "“R&D <not-a-cert>.pem”");
  g_test_message ("Bad file: %s", adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  screenshot (GTK_WIDGET (preferences), "sync-certificate-refused");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), _("Trusted by the system")));
  key = g_settings_get_string (settings, "sync-certificate");
  g_assert_cmpstr (key, ==, "");
  g_clear_pointer (&key, g_free);
  g_unlink (bad_path);
  g_rmdir (bad_dir);

  /* The name in the certificate and its last day, as dates are written
   * everywhere else. */
  {
    g_autofree char *date = tj_ui_format_date ("2126-10-29");
    expected = g_strdup_printf (_("Pinned: %s, valid until %s"), "127.0.0.1", date);
  }
  choose_file (choose, cert_path, row, expected);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, expected);
  g_assert_true (gtk_widget_get_visible (forget));
  key = g_settings_get_string (settings, "sync-certificate");
  g_assert_true (g_str_has_prefix (key, "-----BEGIN CERTIFICATE-----"));
  g_clear_pointer (&key, g_free);

  /* Set from elsewhere (another window, dconf): followed at once. */
  g_settings_reset (settings, "sync-certificate");
  tj_test_drain ();
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, _("Trusted by the system"));
  g_assert_false (gtk_widget_get_visible (forget));
  {
    g_autofree char *pem = NULL;
    g_assert_true (g_file_get_contents (cert_path, &pem, NULL, NULL));
    g_settings_set_string (settings, "sync-certificate", pem);
  }
  tj_test_drain ();
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, expected);
  g_assert_true (gtk_widget_get_visible (forget));
}

static void
forget_certificate (GtkWindow *preferences,
                    GSettings *settings)
{
  GtkWidget *row = tj_test_find_row (GTK_WIDGET (preferences), _("Server Certificate"));
  GtkWidget *forget = tj_test_find_button (row, _("_Use System Trust"));
  g_autofree char *key = NULL;

  g_assert_true (gtk_widget_is_sensitive (forget));
  g_assert_true (gtk_widget_get_visible (forget));
  g_signal_emit_by_name (forget, "clicked");
  tj_test_drain ();
  key = g_settings_get_string (settings, "sync-certificate");
  g_assert_cmpstr (key, ==, "");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, _("Trusted by the system"));
  g_assert_false (gtk_widget_get_visible (forget));
}

static gboolean
password_stored (gpointer account)
{
  g_autofree char *password = tj_sync_account_dup_password (account, NULL);

  return password != NULL;
}

/* The password goes to the keyring (or this session), never to the
 * settings; "Test Connection" gives a clear answer. */
static void
test_preferences (void)
{
  GtkWindow *preferences;
  GtkWidget *password_row;
  GtkWidget *test_row;
  GtkWidget *button;
  GSettings *settings = tj_application_get_settings (app);
  g_autofree char *password = NULL;
  g_autoptr(TjSyncAccount) account = NULL;
  g_auto(GStrv) keys = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "sync-preferences", NULL);
  preferences = tj_test_wait_for_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  tj_test_drain ();
  check_certificate_row (preferences, settings);

  password_row = tj_test_find_row (GTK_WIDGET (preferences), _("Password"));
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (password_row));
  gtk_editable_set_text (GTK_EDITABLE (password_row), "s3cret-station");
  g_signal_emit_by_name (password_row, "apply");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "");
  account = tj_sync_account_new (settings);
  g_assert_true (tj_test_wait (password_stored, account));
  password = tj_sync_account_dup_password (account, NULL);
  g_assert_cmpstr (password, ==, "s3cret-station");
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i]; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);
      g_assert_null (strstr (text, "s3cret-station"));
    }

  /* Nothing listens on port 9 here: "cannot be reached", said plainly. */
  g_settings_set_string (settings, "sync-server-url", "http://127.0.0.1:9");
  test_row = tj_test_find_row (GTK_WIDGET (preferences), _("Connection"));
  g_assert_nonnull (test_row);
  button = tj_test_find_button (test_row, _("_Test Connection"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (tj_test_wait (test_answered, test_row));
  g_test_message ("Test Connection: %s", adw_action_row_get_subtitle (ADW_ACTION_ROW (test_row)));
  g_assert_true (tj_test_shows_label (test_row, adw_action_row_get_subtitle (ADW_ACTION_ROW (test_row))));
  {
    g_autoptr(GPtrArray) images = tj_test_find_all (test_row, GTK_TYPE_IMAGE);
    gboolean warned = FALSE;
    for (guint i = 0; i < images->len; i++)
      warned |= g_strcmp0 (gtk_image_get_icon_name (g_ptr_array_index (images, i)), "dialog-warning-symbolic") == 0;
    g_assert_true (warned);
  }
  /* The answer names what failed, in the reader's language. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (test_row)), "127.0.0.1"));
  screenshot (GTK_WIDGET (preferences), "sync-preferences");
  forget_certificate (preferences, settings);
  gtk_window_destroy (preferences);
  g_settings_set_string (settings, "sync-server-url", "https://sync.example.org:6984");
  tj_test_drain ();
}

static char *
listed_deadline (TjStore    *store,
                 const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  TjCaseQuery query;

  tj_case_query_init (&query);
  query.today = "2026-12-18";
  rows = tj_case_list (store, &query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      if (g_strcmp0 (tj_json_get_string (row, "id", NULL), id) == 0)
        return g_strdup (tj_json_get_string (row, "mediation_deadline", NULL));
    }
  g_assert_not_reached ();
}

static gboolean
deadline_back (gpointer store)
{
  g_autofree char *deadline = listed_deadline (store, g_object_get_data (G_OBJECT (app), "tj-test-case"));

  return g_strcmp0 (deadline, "2027-01-04") == 0;
}

/* The State Council's holidays for next year arrive from the centre as a
 * file: a broken one is refused, naming its line, and changes nothing; the
 * right one is installed and the case's limit is counted with it. The
 * case's 15 days end on New Year's Day 2027, a statutory holiday even
 * before the notice: Monday 2027-01-04. The notice here is made up and
 * also gives that Monday off, so with it the end is Tuesday 2027-01-05. */
static void
test_legal_data (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tj-holidays-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "holidays-broken.json", NULL);
  g_autofree char *good = g_build_filename (dir, "holidays-2027.json", NULL);
  g_autofree char *user_file = tj_calendar_get_user_file_path ();
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(GError) error = NULL;
  GtkWindow *preferences;
  GtkWidget *row, *button;
  TjCaseContext ctx;
  TjStore *store;
  const char *id;

  g_assert_true (g_str_has_prefix (user_file, data_home));
  store = tj_application_get_store (app);
  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  ctx.today = "2026-12-17";
  input = tj_json_parse_object ("{\"kind\":\"wage_arrears\",\"source\":\"walk_in\",\"received_on\":\"2026-12-17\","
                                "\"accepted_on\":\"2026-12-17\",\"employer\":{\"name\":\"南湖服装厂\"},"
                                "\"workers\":[{\"name\":\"刘芳\",\"owed_fen\":420000}]}", -1, &error);
  g_assert_no_error (error);
  added = tj_case_add (store, &ctx, input, &error);
  g_assert_no_error (error);
  id = tj_json_get_string (added, "id", NULL);
  before = listed_deadline (store, id);
  g_assert_cmpstr (before, ==, "2027-01-04");

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = tj_test_wait_for_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  tj_test_drain ();
  row = tj_test_find_row (GTK_WIDGET (preferences), _("Public Holidays"));
  g_assert_nonnull (row);
  {
    g_autofree char *years = g_strdup_printf (_("Years %s, from the State Council’s notices"), "2024–2026");
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), years));
  }
  g_assert_nonnull (tj_test_find_row (GTK_WIDGET (preferences), _("Local Wage Figures")));
  button = tj_test_find_button (row, _("_Install File…"));
  g_assert_nonnull (button);

  g_assert_true (g_file_set_contents (bad, "{\n\"years\": {\n\"2027\": {\"holidays\": [\"2027-1-1\"]}}}\n", -1, NULL));
  choose_file (button, bad, row, "holidays-broken.json");
  g_test_message ("Broken file: %s", adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "3"));
  g_assert_false (g_file_test (user_file, G_FILE_TEST_EXISTS));
  gtk_widget_grab_focus (button);
  tj_test_drain ();
  screenshot (GTK_WIDGET (preferences), "preferences-legal-data-refused");

  g_assert_true (g_file_set_contents (good,
    "{\"source\":\"test\",\"updated\":\"2026-11-22\",\"years\":{\"2027\":{\"official\":true,"
    "\"source\":\"国务院办公厅关于2027年部分节假日安排的通知\",\"published\":\"2026-11-20\","
    "\"holidays\":[\"2027-01-01\",\"2027-01-02\",\"2027-01-03\",\"2027-01-04\"],\"workdays\":[]}}}", -1, NULL));
  choose_file (button, good, row, "2024–2027");
  /* Counted again without an error (no toast saying otherwise). */
  g_assert_true (tj_case_recount_deadlines (store, &error));
  g_assert_no_error (error);
  g_assert_true (tj_report_recount_deadlines (store, &error));
  g_assert_no_error (error);
  gtk_widget_grab_focus (button);
  tj_test_drain ();
  screenshot (GTK_WIDGET (preferences), "preferences-legal-data");
  g_assert_true (g_file_test (user_file, G_FILE_TEST_EXISTS));
  after = listed_deadline (store, id);
  g_assert_cmpstr (after, ==, "2027-01-05");

  gtk_window_destroy (preferences);
  tj_test_drain ();

  /* Removed behind the program's back (as tiaojie-cli or a file manager
   * would change it): the running program notices and counts again. */
  g_unlink (user_file);
  g_object_set_data_full (G_OBJECT (app), "tj-test-case", g_strdup (id), g_free);
  g_assert_true (tj_test_wait (deadline_back, store));
  {
    g_autofree char *user_dir = g_path_get_dirname (user_file);
    g_rmdir (user_dir);
  }
  g_unlink (bad);
  g_unlink (good);
  g_rmdir (dir);
}

static void
test_resolve (void)
{
  TjWindow *window;
  GtkWidget *page;
  GtkWidget *compare;
  GtkWidget *button;
  TjConflictsWindow *conflicts;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GPtrArray) differing = NULL;
  g_autoptr(GPtrArray) use_buttons = NULL;
  g_autoptr(JsonArray) left = NULL;
  g_autoptr(JsonObject) resolved = NULL;
  g_autoptr(GError) error = NULL;
  TjStore *store;

  store = tj_application_get_store (app);
  window = tj_test_main_window ();
  tj_window_set_section (window, "sync");
  page = tj_window_get_section_page (window, "sync");
  g_assert_true (TJ_IS_SYNC_PAGE (page));
  g_assert_true (tj_test_wait (history_shown, page));
  tj_test_drain ();
  /* The page names the problem and leads to it. */
  /* A deletion an edit overruled is said in the history, naming it. */
  {
    g_autofree char *kept = g_strdup_printf (ngettext ("%s; %u deleted document kept: it was edited",
                                                       "%s; %u deleted documents kept: they were edited", 1),
                                             _("Done"), 1);
    g_assert_true (tj_test_shows_label (page, kept));
  }
  /* The notification about kept documents leads here. */
  tj_window_set_section (window, "today");
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-sync", NULL);
  g_assert_cmpstr (tj_window_get_section (window), ==, "sync");
  button = tj_test_find_button (page, _("_Compare and Resolve…"));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_drawable (button));
  screenshot (GTK_WIDGET (window), "sync");

  gtk_widget_activate (button);
  conflicts = TJ_CONFLICTS_WINDOW (tj_test_wait_for_toplevel (TJ_TYPE_CONFLICTS_WINDOW));
  /* The versions are read on the repository's worker. */
  g_assert_true (tj_test_wait (versions_shown, conflicts));

  /* The document is shown as what it is to the mediator, not by its id. */
  g_assert_true (tj_test_shows_label (GTK_WIDGET (conflicts), "张建国"));
  g_assert_false (tj_test_shows_label (GTK_WIDGET (conflicts), "party-zhang"));

  /* Both versions side by side; exactly the phone differs. */
  checks = tj_test_find_all (GTK_WIDGET (conflicts), GTK_TYPE_CHECK_BUTTON);
  differing = g_ptr_array_new ();
  for (guint i = 0; i < checks->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (checks, i), "tj-differs"))
      g_ptr_array_add (differing, g_ptr_array_index (checks, i));
  g_assert_cmpuint (differing->len, ==, 2);
  /* Masked in both columns, as in every list; never in full by looking. */
  {
    g_autofree char *masked_winner = tj_reveal_mask ("phone", winner_phone);
    g_autofree char *masked_loser = tj_reveal_mask ("phone", loser_phone);
    g_autofree char *masked_id = tj_reveal_mask ("id_number", "11010519491231002X");
    g_autofree char *masked_contact = tj_reveal_mask ("phone", "13566667777");
    /* Translators' "%s: %s" pairs, as the window joins a record's members. */
    g_autofree char *name_pair = g_strdup_printf (_("%s: %s"), tj_field_label ("name"), "李梅");
    g_autofree char *phone_pair = g_strdup_printf (_("%s: %s"), tj_field_label ("phone"), masked_contact);
    g_autofree char *contact = g_strdup_printf ("%s%s%s", name_pair, _("; "), phone_pair);

    g_assert_cmpstr (masked_winner, !=, winner_phone);
    g_assert_true (tj_test_shows_label (g_ptr_array_index (differing, 0), masked_winner));
    g_assert_true (tj_test_shows_label (g_ptr_array_index (differing, 1), masked_loser));
    g_assert_false (tj_test_shows_label (GTK_WIDGET (conflicts), winner_phone));
    g_assert_false (tj_test_shows_label (GTK_WIDGET (conflicts), loser_phone));
    /* Equal numbers are masked too, and inside a record. */
    g_assert_true (tj_test_shows_label (GTK_WIDGET (conflicts), masked_id));
    g_assert_false (tj_test_shows_label (GTK_WIDGET (conflicts), "11010519491231002X"));
    g_assert_true (tj_test_shows_label (GTK_WIDGET (conflicts), contact));
  }
  g_assert_true (gtk_check_button_get_active (g_ptr_array_index (differing, 0)));
  /* Equal fields are shown once per version but are no choice. */
  g_assert_true (tj_test_shows_label (GTK_WIDGET (conflicts), "张建国"));
  /* Fields by their labels, dates and times formatted: never a member
   * name or a raw timestamp. */
  {
    static const char * const raw[] = { "start_date", "updated_at", "station", "owed_fen", "2026-03-01",
                                        "2026-11-20T08:15:00Z", NULL };
    g_autofree char *started = tj_ui_format_date ("2026-03-01");
    for (guint i = 0; raw[i]; i++)
      g_assert_false (tj_test_shows_label (GTK_WIDGET (conflicts), raw[i]));
    g_assert_true (tj_test_shows_label (GTK_WIDGET (conflicts), tj_field_label ("start_date")));
    g_assert_true (tj_test_shows_label (GTK_WIDGET (conflicts), tj_field_label ("station")));
    g_assert_true (tj_test_shows_label (GTK_WIDGET (conflicts), started));
  }
  screenshot (GTK_WIDGET (conflicts), "conflicts");

  /* Only the number that differs can be shown in full: one button. */
  {
    g_autoptr(GPtrArray) buttons = tj_test_find_all (GTK_WIDGET (conflicts), GTK_TYPE_BUTTON);
    guint n = 0;

    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), _("Show in Full…")) == 0)
        n++;
    g_assert_cmpuint (n, ==, 1);
  }
  /* It asks why, records the reveal once, then shows both in full. */
  {
    g_autoptr(JsonArray) before = tj_audit_list (store, NULL, NULL, NULL, &error);
    g_autoptr(JsonArray) after = NULL;
    g_autofree char *reason = g_strdup (_("Check the worker’s identity"));
    GtkWidget *dialog;
    GtkDropDown *choice;
    JsonObject *entry;

    g_assert_no_error (error);
    button = tj_test_find_button (GTK_WIDGET (conflicts), _("Show in Full…"));
    g_signal_emit_by_name (button, "clicked");
    dialog = GTK_WIDGET (tj_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
    g_assert_nonnull (dialog);
    choice = GTK_DROP_DOWN (tj_test_find (dialog, GTK_TYPE_DROP_DOWN));
    gtk_drop_down_set_selected (choice, 1);
    g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "reveal"));
    screenshot (dialog, "conflicts-reveal-reason");
    /* Nothing is shown before the reason is given. */
    g_assert_false (tj_test_shows_label (GTK_WIDGET (conflicts), winner_phone));
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "reveal");
    gtk_window_destroy (GTK_WINDOW (dialog));
    /* Recorded on the worker, then shown. */
    g_assert_true (tj_test_wait (shows_label, &(Shows) { g_ptr_array_index (differing, 1), loser_phone }));
    g_assert_true (tj_test_shows_label (g_ptr_array_index (differing, 0), winner_phone));
    g_assert_false (gtk_widget_get_sensitive (button));
    /* Only the differing phone: the ID number and the contact's phone
     * stay masked. */
    g_assert_false (tj_test_shows_label (GTK_WIDGET (conflicts), "11010519491231002X"));
    screenshot (GTK_WIDGET (conflicts), "conflicts-revealed");

    after = tj_audit_list (store, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (after), ==, json_array_get_length (before) + 1);
    entry = json_array_get_object_element (after, 0);
    g_assert_cmpstr (tj_json_get_string (entry, "action", NULL), ==, "reveal");
    g_assert_cmpstr (tj_json_get_string (entry, "field", NULL), ==, "phone");
    g_assert_cmpstr (tj_json_get_string (entry, "party_id", NULL), ==, "party-zhang");
    g_assert_cmpstr (tj_json_get_string (entry, "case_id", NULL), ==, "case-1");
    g_assert_cmpstr (tj_json_get_string (entry, "reason", NULL), ==, reason);
    g_assert_cmpstr (tj_json_get_string (entry, "detail", NULL), ==, "张建国");
  }

  /* Read again (as after a sync run), the document is masked again;
   * what follows chooses on masked values. */
  {
    g_autofree char *masked_loser = tj_reveal_mask ("phone", loser_phone);

    tj_conflicts_window_reload (conflicts);
    g_assert_true (tj_test_wait (shows_label, &(Shows) { GTK_WIDGET (conflicts), masked_loser }));
    g_assert_false (tj_test_shows_label (GTK_WIDGET (conflicts), loser_phone));
    g_assert_false (tj_test_shows_label (GTK_WIDGET (conflicts), winner_phone));
    button = tj_test_find_button (GTK_WIDGET (conflicts), _("Show in Full…"));
    g_assert_true (gtk_widget_get_sensitive (button));
    g_clear_pointer (&checks, g_ptr_array_unref);
    checks = tj_test_find_all (GTK_WIDGET (conflicts), GTK_TYPE_CHECK_BUTTON);
    g_ptr_array_set_size (differing, 0);
    for (guint i = 0; i < checks->len; i++)
      if (gtk_widget_has_css_class (g_ptr_array_index (checks, i), "tj-differs"))
        g_ptr_array_add (differing, g_ptr_array_index (checks, i));
    g_assert_cmpuint (differing->len, ==, 2);
    g_assert_true (tj_test_shows_label (g_ptr_array_index (differing, 1), masked_loser));
  }

  /* Nothing was resolved by looking. */
  left = tj_store_list_conflicts (store, &error);
  g_assert_cmpuint (json_array_get_length (left), ==, 1);
  g_clear_pointer (&left, json_array_unref);

  /* Keep the version the store did not pick. */
  compare = GTK_WIDGET (conflicts);
  use_buttons = g_ptr_array_new ();
  {
    g_autoptr(GPtrArray) buttons = tj_test_find_all (compare, GTK_TYPE_BUTTON);
    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), _("Use This Version")) == 0)
        g_ptr_array_add (use_buttons, g_ptr_array_index (buttons, i));
  }
  g_assert_cmpuint (use_buttons->len, ==, 2);
  g_signal_emit_by_name (g_ptr_array_index (use_buttons, 1), "clicked");
  g_assert_true (gtk_check_button_get_active (g_ptr_array_index (differing, 1)));

  button = tj_test_find_button (compare, _("_Resolve with These Values"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  /* Resolved on the worker; the window then has nothing left to show. */
  g_assert_true (tj_test_wait (nothing_left, compare));

  left = tj_store_list_conflicts (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (left), ==, 0);
  resolved = tj_store_get (store, "party-zhang", NULL, TJ_GET_CONFLICTS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (resolved, "phone", NULL), ==, loser_phone);
  g_assert_cmpstr (tj_json_get_string (resolved, "name", NULL), ==, "张建国");
  g_assert_cmpint (tj_json_get_int (resolved, "owed_fen", 0), ==, 1260000);
  g_assert_false (json_object_has_member (resolved, "_conflicts"));
  /* The window says so and has nothing left to show. */
  g_assert_true (tj_test_shows_label (compare, _("No Conflicts")));
  gtk_window_destroy (GTK_WINDOW (conflicts));
  tj_test_drain ();
  /* The Sync page no longer offers it. */
  /* A deletion an edit overruled is said in the history, naming it. */
  {
    g_autofree char *kept = g_strdup_printf (ngettext ("%s; %u deleted document kept: it was edited",
                                                       "%s; %u deleted documents kept: they were edited", 1),
                                             _("Done"), 1);
    g_assert_true (tj_test_shows_label (page, kept));
  }
  /* The notification about kept documents leads here. */
  tj_window_set_section (window, "today");
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-sync", NULL);
  g_assert_cmpstr (tj_window_get_section (window), ==, "sync");
  button = tj_test_find_button (page, _("_Compare and Resolve…"));
  /* The page reads the conflicts again on the worker. */
  g_assert_true (tj_test_wait (widget_hidden, button));
}

static void
seed_all (void)
{
  seed ();
  {
    /* An account, with automatic sync off: nothing must reach a server. */
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_settings_set_string (settings, "sync-server-url", "https://sync.example.org:6984");
    g_settings_set_string (settings, "sync-database", "station-0042");
    g_settings_set_string (settings, "sync-user", "binhai-0042");
    g_settings_set_boolean (settings, "sync-enabled", FALSE);
    g_settings_set_string (settings, "organisation-name", "滨海县职工维权服务中心");
    g_settings_set_int (settings, "window-width", 1180);
    g_settings_set_int (settings, "window-height", 760);
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  /* The holiday file the test installs is its own, never the user's. */
  data_home = g_dir_make_tmp ("tj-ui-data-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  tj_test_init (&argc, &argv, "2026-11-22", TJ_TEST_FLAGS_NONE);
  other_path = g_strconcat (db_path, "-station-b.db", NULL);

  tj_test_add ("/ui/conflicts/sync-popover", test_sync_popover);
  tj_test_add ("/ui/conflicts/resolve", test_resolve);
  tj_test_add ("/ui/conflicts/today-dispatched", test_today_dispatched);
  tj_test_add ("/ui/conflicts/dispatch-notification", test_dispatch_notification);
  tj_test_add ("/ui/conflicts/kept-notification", test_kept_notification);
  tj_test_add ("/ui/conflicts/preferences", test_preferences);
  tj_test_add ("/ui/conflicts/legal-data", test_legal_data);

  ret = tj_test_run (seed_all);
  {
    /* GTK's file chooser keeps its recent files there. */
    g_autofree char *recent = g_build_filename (data_home, "recently-used.xbel", NULL);
    g_unlink (recent);
  }
  g_rmdir (data_home);
  g_free (data_home);
  g_free (other_path);
  g_free (winner_phone);
  g_free (loser_phone);
  return ret;
}
