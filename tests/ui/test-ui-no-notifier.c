/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A station without a desktop notification service (a kiosk, a minimal
 * desktop, a fresh machine): what would be notified — an overdue
 * installment, on opening and again the next day, a hotline dispatch, a
 * kept deletion — must not make the program warn or stop. The test's own
 * bus has no notification service, owned or activatable, and warnings
 * abort the test as everywhere in the suites. */

#include <string.h>

#include "tj-arrears-notifier.h"
#include "tj-calendar.h"
#include "tj-clock.h"
#include "tj-json.h"
#include "tj-settlement.h"
#include "tj-sync-scheduler.h"
#include "tj-test-store.h"
#include "tj-today-page.h"
#include "tj-ui-test.h"

/* The first installment (due 2026-12-01) is overdue on this day. */
#define TODAY "2026-12-10"

static char *case_id;

static void
seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (db_path, &error);
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) settlement = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *json = NULL;
  TjCaseContext ctx;

  g_assert_no_error (error);
  tj_case_context_init_defaults (&ctx);
  case_id = tj_test_add_case (store, &ctx,
                              "{\"title\":\"城南工地农民工欠薪\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
                              "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\","
                              "\"employer\":{\"name\":\"华建劳务有限公司\"},"
                              "\"workers\":[{\"name\":\"张三\",\"owed_fen\":1200000}]}");
  shown = tj_case_show (store, &ctx, case_id, &error);
  g_assert_no_error (error);
  g_assert_true (tj_case_set_status (store, &ctx, case_id, "mediating", "双方同意调解", NULL, &error));
  g_assert_true (tj_case_set_status (store, &ctx, case_id, "agreed", "达成协议", NULL, &error));
  g_assert_no_error (error);
  json = g_strdup_printf ("{\"status\":\"agreed\",\"total_fen\":1200000,\"method\":\"bank_transfer\","
                          "\"payer\":{\"role\":\"employer\",\"name\":\"华建劳务有限公司\"},"
                          "\"installments\":[{\"due_on\":\"2026-12-01\",\"amount_fen\":1200000,"
                          "  \"allocations\":[{\"worker_id\":\"%s\",\"amount_fen\":1200000}]}]}",
                          tj_json_get_string (json_array_get_object_element (tj_json_get_array (shown, "workers"), 0),
                                              "id", ""));
  settlement = tj_json_parse_object (json, -1, &error);
  g_assert_no_error (error);
  result = tj_settlement_set (store, &ctx, case_id, settlement, &error);
  g_assert_no_error (error);
}

static gboolean
has_owner_or_activatable (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GVariant) owned = NULL;
  g_autoptr(GVariant) activatable = NULL;
  g_autofree const char **names = NULL;
  gboolean has_owner;

  g_assert_no_error (error);
  owned = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "NameHasOwner", g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (owned, "(b)", &has_owner);
  activatable = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                             "org.freedesktop.DBus", "ListActivatableNames", NULL,
                                             G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (activatable, "(^a&s)", &names);
  return has_owner || g_strv_contains ((const char * const *) names, name);
}

static gboolean
sent_reaches (gpointer data)
{
  return tj_arrears_notifier_get_sent (tj_application_get_arrears_notifier (app)) >= GPOINTER_TO_UINT (data);
}

static void
test_without_service (void)
{
  TjArrearsNotifier *notifier = tj_application_get_arrears_notifier (app);
  TjSyncScheduler *scheduler = tj_application_get_sync_scheduler (app);
  TjClock *clock = tj_application_get_clock (app);
  g_autoptr(JsonArray) dispatched = json_array_new ();
  g_autoptr(JsonObject) run = json_object_new ();
  JsonObject *item = json_object_new ();
  JsonArray *labels = json_array_new ();
  TjWindow *window = tj_test_main_window ();
  GDate tomorrow;

  g_assert_false (has_owner_or_activatable ("org.freedesktop.Notifications"));
  g_assert_false (has_owner_or_activatable ("org.gtk.Notifications"));

  /* The overdue installment was found as the database opened; saying so
   * on the desktop was left out, in the debug log only. */
  g_assert_true (tj_test_wait (sent_reaches, GUINT_TO_POINTER (1)));
  g_assert_cmpuint (tj_arrears_notifier_check (notifier), ==, 0);

  /* The next morning it is still overdue: checked again at midnight
   * (the clock's ::day-changed), and again nobody to tell. */
  g_assert_true (tj_clock_is_pinned (clock));
  tj_clock_get_today (clock, &tomorrow);
  g_date_add_days (&tomorrow, 1);
  g_test_expect_message ("Tiaojie-UI", G_LOG_LEVEL_DEBUG, "No notification service*overdue-*");
  tj_clock_set_today (clock, &tomorrow);
  /* Looked up on the repository's worker: wait for the answer. */
  g_assert_true (tj_test_wait (sent_reaches, GUINT_TO_POINTER (2)));
  g_test_assert_expected_messages ();
  g_assert_cmpuint (tj_arrears_notifier_get_sent (notifier), ==, 2);

  /* A hotline dispatch and a kept deletion, as a sync run reports them. */
  json_object_set_string_member (item, "id", case_id);
  json_object_set_string_member (item, "title", "城南工地农民工欠薪");
  json_array_add_object_element (dispatched, item);
  g_test_expect_message ("Tiaojie-UI", G_LOG_LEVEL_DEBUG, "No notification service*dispatch-*");
  g_signal_emit_by_name (scheduler, "cases-dispatched", dispatched);
  g_test_assert_expected_messages ();
  json_object_set_int_member (run, "kept", 1);
  json_array_add_string_element (labels, "城南工地农民工欠薪");
  json_object_set_array_member (run, "kept_labels", labels);
  g_test_expect_message ("Tiaojie-UI", G_LOG_LEVEL_DEBUG, "No notification service*sync-kept*");
  g_signal_emit_by_name (scheduler, "run-finished", run);
  g_test_assert_expected_messages ();

  /* Nothing stopped: the window still takes the mediator anywhere. */
  g_assert_true (tj_window_set_section (window, "arrears"));
  g_assert_true (tj_window_set_section (window, "today"));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  tj_test_init (&argc, &argv, TODAY, TJ_TEST_NO_NOTIFICATION_SERVICE);

  tj_test_add ("/ui/no-notifier/overdue-dispatch-kept", test_without_service);

  ret = tj_test_run (seed);
  g_free (case_id);
  return ret;
}
