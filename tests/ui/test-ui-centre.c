/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 18 as the 12351 hotline and the district union meet it in the
 * GUI, in Chinese: a centre store with three stations (one synced, one
 * whose last sync failed, one never synced) and the cases their pulls
 * brought. The Centre section shows every station with its last sync,
 * open cases, mediation limits due and missed, early warnings; a station
 * opens its cases, a case opens the case page; the follow-up calls work
 * list records a call with the worker's answer; a case written by the CLI
 * while the section is shown appears without a reload; a station is added
 * through its dialog; intake dispatches a hotline case to a station with
 * the station picker; the Reports page has the table and chart per
 * station. Every label on these screens must be Chinese. Each subtest
 * runs in a process of its own on a fresh copy of that store
 * (tj-ui-test.h), so each can run alone and in any order.
 *
 * With TIAOJIE_SCREENSHOT_DIR set, saves centre-zh_CN.png,
 * centre-station-zh_CN.png, centre-follow-ups-zh_CN.png,
 * dispatch-zh_CN.png and reports-stations-zh_CN.png there. */

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "tj-case-page.h"
#include "tj-centre.h"
#include "tj-centre-case.h"
#include "tj-centre-follow-up.h"
#include "tj-centre-page.h"
#include "tj-centre-station.h"
#include "tj-json.h"
#include "tj-new-case-window.h"
#include "tj-reports-page.h"
#include "tj-repository.h"
#include "tj-ui-test.h"

#define TODAY "2026-11-22"

static char *collective_case;  /* station BH0043's 30-worker case */
static char *closed_case;      /* closed on 11-15: its 7-day call is due */

/* ------------------------------------------------------------------ */
/* The centre's store, as its syncs left it                             */

static char *
station_case (TjStore    *store,
              const char *station,
              const char *json,
              const char *received_on,
              const char * const *statuses)
{
  g_autoptr(JsonObject) input = tj_json_parse_object (json, -1, NULL);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;
  char *id;

  g_assert_nonnull (input);
  tj_case_context_init_defaults (&ctx);
  ctx.station_code = station;
  ctx.actor = "站点调解员";
  ctx.today = received_on;
  json_object_set_string_member (input, "received_on", received_on);
  result = tj_case_add (store, &ctx, input, &error);
  g_assert_no_error (error);
  id = g_strdup (json_object_get_string_member (result, "id"));
  for (guint i = 0; statuses && statuses[i]; i++)
    {
      g_assert_true (tj_case_set_status (store, &ctx, id, statuses[i], "进展", NULL, &error));
      g_assert_no_error (error);
    }
  return id;
}

static char *
workers_json (guint n)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, "%s{\"name\":\"工人%u\",\"owed_fen\":%u}", i ? "," : "", i + 1, 800000 + 1000 * i);
  g_string_append (s, "]");
  return g_string_free (s, FALSE);
}

/* Each station's cases written as its pull writes them: on a connection
 * whose documents belong to that station. Runs in each subtest's process
 * before the application starts. */
static void
seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (db_path, &error);
  g_autoptr(JsonObject) entry = NULL;
  g_autofree char *workers = workers_json (30);
  g_autofree char *collective = NULL;
  static const char * const accepted[] = { "accepted", NULL };
  static const char * const closed[] = { "accepted", "mediating", "agreed", "closed", NULL };

  g_assert_no_error (error);
  g_assert_true (tj_repository_attach_indexes (store, &error));
  json_object_unref (tj_centre_add_station (store, "BH0043", "海淀北站", NULL, &error));
  g_assert_no_error (error);
  json_object_unref (tj_centre_add_station (store, "BH0044", "丰台南站", NULL, &error));
  json_object_unref (tj_centre_add_station (store, "BH0045", "石景山站", NULL, &error));
  g_assert_no_error (error);

  tj_centre_set_origin (store, "BH0043");
  g_free (station_case (store, "海淀北", "{\"title\":\"快递分拣中心欠薪\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                        "\"employer\":{\"name\":\"速达物流公司\"},\"workers\":[{\"name\":\"张伟\",\"owed_fen\":650000}]}",
                        "2026-11-01", accepted));
  g_free (station_case (store, "海淀北", "{\"title\":\"餐馆解除合同补偿\",\"kind\":\"compensation\",\"source\":\"walk_in\","
                        "\"employer\":{\"name\":\"湘味餐馆\"},\"workers\":[{\"name\":\"王芳\",\"owed_fen\":120000}]}",
                        "2026-11-12", accepted));
  collective = g_strdup_printf ("{\"title\":\"城南工地农民工集体欠薪\",\"kind\":\"wage_arrears\",\"source\":\"station\","
                                "\"employer\":{\"name\":\"华建劳务有限公司\"},\"workers\":%s}", workers);
  collective_case = station_case (store, "海淀北", collective, "2026-11-20", accepted);
  closed_case = station_case (store, "海淀北", "{\"title\":\"保洁员加班费\",\"kind\":\"overtime\",\"source\":\"walk_in\","
                              "\"employer\":{\"name\":\"洁美物业\"},\"workers\":[{\"name\":\"李娜\",\"owed_fen\":300000}]}",
                              "2026-11-15", closed);
  tj_centre_set_origin (store, "BH0044");
  g_free (station_case (store, "丰台南", "{\"title\":\"超市收银员社保\",\"kind\":\"social_insurance\",\"source\":\"walk_in\","
                        "\"employer\":{\"name\":\"万家超市\"},\"workers\":[{\"name\":\"赵敏\",\"owed_fen\":0}]}",
                        "2026-11-20", accepted));
  g_free (station_case (store, "丰台南", "{\"title\":\"装修工人工资\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                        "\"employer\":{\"name\":\"美居装饰\"},\"workers\":[{\"name\":\"孙强\",\"owed_fen\":900000}]}",
                        "2026-10-23", closed));
  tj_centre_set_origin (store, NULL);

  /* The last centre sync: BH0043 fine, BH0044 unreachable, BH0045 never. */
  entry = tj_json_parse_object ("{\"ok\":true,\"pulled\":24,\"pushed\":0}", -1, NULL);
  g_assert_true (tj_centre_record_sync (store, "BH0043", entry, &error));
  g_clear_pointer (&entry, json_object_unref);
  entry = tj_json_parse_object ("{\"ok\":false,\"error_kind\":\"network\","
                                "\"error\":\"站点 BH0044：无法连接服务器\"}", -1, NULL);
  g_assert_true (tj_centre_record_sync (store, "BH0044", entry, &error));
  g_assert_no_error (error);

  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    /* The centre's own code, and a window the screenshots fit in. */
    g_settings_set_string (settings, "station-code", "市总");
    g_settings_set_int (settings, "window-width", 1280);
    g_settings_set_int (settings, "window-height", 760);
  }
}

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

static TjCentrePage *
centre_page (void)
{
  GtkWidget *page = tj_window_get_section_page (tj_test_main_window (), "centre");

  g_assert_true (TJ_IS_CENTRE_PAGE (page));
  return TJ_CENTRE_PAGE (page);
}

static gboolean
page_loaded (gpointer data)
{
  return !tj_centre_page_is_loading (centre_page ());
}

/* Whatever the page was asked to read again has been read: the signals
 * that ask for it are dispatched first. */
static void
wait_loaded (void)
{
  tj_test_drain ();
  g_assert_true (tj_test_wait (page_loaded, NULL));
  tj_test_drain ();
}

static gboolean
three_stations (gpointer data)
{
  return g_list_model_get_n_items (tj_centre_page_get_stations (centre_page ())) == 3;
}

/* The Centre section shown, with the stations of the seed read. */
static TjCentrePage *
show_centre (void)
{
  TjWindow *window = tj_test_main_window ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.section", "s", "centre"));
  g_assert_true (tj_test_wait (three_stations, NULL));
  wait_loaded ();
  return centre_page ();
}

/* Latin words a Chinese user sees as they are: station codes, database
 * names. */
static const char *const allowed_words[] = { "BH", "station", "bh", "tiaojie", "cli", "server", "provision", NULL };

#define assert_chinese(root, where) tj_test_assert_chinese ((root), (where), allowed_words)

/* The visible message dialog with @heading (an earlier one may still be
 * on its way out). */
static AdwMessageDialog *
find_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (window)), heading) == 0)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer heading)
{
  return find_dialog (heading) != NULL;
}

static GtkWindow *
wait_for_dialog (const char *heading)
{
  g_assert_true (tj_test_wait (dialog_shown, (gpointer) heading));
  return GTK_WINDOW (find_dialog (heading));
}

static TjCentreStation *
station_item (const char *code)
{
  GListModel *stations = tj_centre_page_get_stations (centre_page ());

  for (guint i = 0; i < g_list_model_get_n_items (stations); i++)
    {
      g_autoptr(TjCentreStation) s = g_list_model_get_item (stations, i);
      if (g_strcmp0 (tj_centre_station_get_code (s), code) == 0)
        return s;  /* the store keeps its reference */
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Tests                                                                */

/* Every station with its last sync and what is open, due, missed and
 * flagged — the counts the core computes. */
static void
test_overview (void)
{
  TjWindow *window = tj_test_main_window ();
  TjCentrePage *page;
  TjCentreStation *north, *south, *west;
  GtkWidget *view;

  if (g_strcmp0 (_("Centre"), "中心") != 0)
    g_error ("The zh_CN catalogue is not in %s; build the po/ targets first", g_getenv ("TIAOJIE_LOCALEDIR"));
  page = show_centre ();

  g_assert_cmpuint (g_list_model_get_n_items (tj_centre_page_get_stations (page)), ==, 3);
  north = station_item ("BH0043");
  south = station_item ("BH0044");
  west = station_item ("BH0045");
  g_assert_nonnull (north);
  g_assert_cmpstr (tj_centre_station_get_name (north), ==, "海淀北站");
  g_assert_cmpint (tj_centre_station_get_cases (north), ==, 4);
  g_assert_cmpint (tj_centre_station_get_open_cases (north), ==, 3);
  /* 11-01: its 15-day limit passed; 11-12: ends 11-27, within the week. */
  g_assert_cmpint (tj_centre_station_get_deadlines_missed (north), ==, 1);
  g_assert_cmpint (tj_centre_station_get_deadlines_due (north), ==, 1);
  g_assert_cmpint (tj_centre_station_get_collective (north), ==, 1);
  g_assert_cmpstr (tj_centre_station_get_sync_state (north), ==, "ok");
  g_assert_cmpstr (tj_centre_station_get_sync_state (south), ==, "failed");
  g_assert_cmpstr (tj_centre_station_get_sync_state (west), ==, "never");
  g_assert_cmpint (tj_centre_station_get_open_cases (south), ==, 1);

  /* On screen, in Chinese: the names, a failed sync, a station never
   * synced. */
  view = tj_test_find_mapped (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  g_assert_nonnull (view);
  g_assert_true (tj_test_shows_label (view, "海淀北站"));
  g_assert_true (tj_test_shows_label (view, "从未同步"));
  /* A failed sync says why in a few words; the whole message is the
   * tooltip. */
  g_assert_true (tj_test_shows_label (view, "连不上服务器 · 从未成功同步"));
  assert_chinese (GTK_WIDGET (page), "the Centre section");
  tj_test_screenshot (GTK_WIDGET (window), "centre-zh_CN.png");
}

static gboolean
four_cases_listed (gpointer data)
{
  return g_list_model_get_n_items (tj_centre_page_get_cases (centre_page ())) == 4;
}

static gboolean
case_page_shown (gpointer data)
{
  GtkWidget *case_page = tj_test_find (GTK_WIDGET (tj_test_main_window ()), TJ_TYPE_CASE_PAGE);

  return case_page && gtk_widget_get_mapped (case_page) && tj_case_page_get_case_id (TJ_CASE_PAGE (case_page)) &&
         !tj_case_page_get_loading (TJ_CASE_PAGE (case_page));
}

/* A station opens its cases as the station wrote them; a case opens the
 * case page. */
static void
test_station_cases (void)
{
  TjCentrePage *page = show_centre ();
  GListModel *cases;
  GtkWidget *view;
  gboolean flagged = FALSE;
  g_autoptr(TjCentreCase) first = NULL;

  /* What a click on the station's row does. */
  view = tj_test_find_mapped (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  g_signal_emit_by_name (view, "activate", 0);
  g_assert_true (tj_test_wait (four_cases_listed, NULL));
  wait_loaded ();
  cases = tj_centre_page_get_cases (page);
  g_assert_cmpuint (g_list_model_get_n_items (cases), ==, 4);
  /* Open cases first, the soonest limit (here the missed one) first. */
  first = g_list_model_get_item (cases, 0);
  g_assert_cmpstr (tj_centre_case_get_title (first), ==, "快递分拣中心欠薪");
  g_assert_cmpint (tj_centre_case_get_days_left (first), <, 0);
  for (guint i = 0; i < g_list_model_get_n_items (cases); i++)
    {
      g_autoptr(TjCentreCase) c = g_list_model_get_item (cases, i);
      if (g_strcmp0 (tj_centre_case_get_id (c), collective_case) == 0)
        flagged = tj_centre_case_get_flagged (c);
    }
  g_assert_true (flagged);
  assert_chinese (GTK_WIDGET (page), "a station's cases");
  tj_test_screenshot (GTK_WIDGET (tj_test_main_window ()), "centre-station-zh_CN.png");

  /* A click on the case opens its page in the Cases section. */
  view = tj_test_find_mapped (GTK_WIDGET (page), GTK_TYPE_COLUMN_VIEW);
  g_signal_emit_by_name (view, "activate", 0);
  g_assert_true (tj_test_wait (case_page_shown, NULL));
  g_assert_cmpstr (tj_window_get_section (tj_test_main_window ()), ==, "cases");
  {
    GtkWidget *case_page = tj_test_find (GTK_WIDGET (tj_test_main_window ()), TJ_TYPE_CASE_PAGE);
    g_assert_cmpstr (tj_case_page_get_case_id (TJ_CASE_PAGE (case_page)), ==, tj_centre_case_get_id (first));
  }
}

static TjCentreFollowUp *
follow_up_item (const char *case_id,
                const char *call)
{
  GListModel *calls = tj_centre_page_get_follow_ups (centre_page ());

  for (guint i = 0; i < g_list_model_get_n_items (calls); i++)
    {
      g_autoptr(TjCentreFollowUp) c = g_list_model_get_item (calls, i);
      if (g_strcmp0 (tj_centre_follow_up_get_case_id (c), case_id) == 0 &&
          g_strcmp0 (tj_centre_follow_up_get_follow_up (c), call) == 0)
        return c;
    }
  return NULL;
}

static gboolean
call_listed (gpointer data)
{
  return follow_up_item (closed_case, "follow_up_7") != NULL;
}

static gboolean
call_made (gpointer data)
{
  TjCentreFollowUp *call = follow_up_item (closed_case, "follow_up_7");

  return call && g_strcmp0 (tj_centre_follow_up_get_state (call), "done") == 0;
}

/* The follow-up calls work list: the 7-day call of the case closed on
 * 11-15 is due; recorded with the worker's answer, it shows as made and
 * the case's timeline has it, as the centre's. */
static void
test_follow_up (void)
{
  TjCentrePage *page = show_centre ();
  TjCentreFollowUp *call;
  GtkWindow *dialog;
  GtkWidget *entry;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) timeline = NULL;
  gboolean recorded = FALSE;
  g_autofree char *target = g_strdup_printf ("%s follow_up_7", closed_case);

  g_object_set (tj_test_find (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK), "visible-child-name", "follow-ups", NULL);
  g_assert_true (tj_test_wait (call_listed, NULL));
  wait_loaded ();
  call = follow_up_item (closed_case, "follow_up_7");
  g_assert_cmpstr (tj_centre_follow_up_get_state (call), !=, "done");
  g_assert_cmpstr (tj_centre_follow_up_get_station (call), ==, "BH0043");
  assert_chinese (GTK_WIDGET (page), "the follow-up calls");

  /* The row's Record… button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "centre.record-follow-up", "s", target));
  dialog = wait_for_dialog ("回访");
  assert_chinese (GTK_WIDGET (dialog), "the follow-up call dialog");
  entry = tj_test_find (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "工资已全部到账，对调解满意");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "satisfied");
  g_assert_true (tj_test_wait (call_made, NULL));
  call = follow_up_item (closed_case, "follow_up_7");
  g_assert_cmpstr (tj_centre_follow_up_get_outcome (call), ==, "satisfied");
  g_assert_cmpstr (tj_centre_follow_up_get_outcome_label (call), ==, "职工满意");
  g_assert_true (tj_centre_follow_up_get_by_centre (call));
  tj_test_screenshot (GTK_WIDGET (tj_test_main_window ()), "centre-follow-ups-zh_CN.png");

  timeline = tj_case_timeline (tj_application_get_store (app), closed_case, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (timeline); i++)
    {
      JsonObject *e = json_array_get_object_element (timeline, i);
      if (g_strcmp0 (tj_json_get_string (e, "kind", NULL), "follow_up") == 0)
        {
          g_assert_cmpstr (tj_json_get_string (e, "outcome", NULL), ==, "satisfied");
          g_assert_cmpstr (tj_json_get_string (e, "note", NULL), ==, "工资已全部到账，对调解满意");
          g_assert_true (tj_json_get_bool (e, "by_centre", FALSE));
          recorded = TRUE;
        }
    }
  g_assert_true (recorded);
}

static gboolean
north_has_four_open (gpointer data)
{
  TjCentreStation *north = station_item ("BH0043");

  return north && tj_centre_station_get_open_cases (north) == 4;
}

/* A case the hotline dispatches with the CLI while the section is shown
 * counts at once: the repository's change signal, no reload by hand. */
static void
test_cli_dispatch_refreshes (void)
{
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *json = "{\"title\":\"热线派单：保安公司拖欠工资\",\"kind\":\"wage_arrears\","
                     "\"hotline_ref\":\"RX2026-1122-03\",\"employer\":{\"name\":\"安保服务公司\"},"
                     "\"workers\":[{\"name\":\"周军\",\"owed_fen\":450000}]}";

  show_centre ();
  g_assert_cmpint (tj_centre_station_get_open_cases (station_item ("BH0043")), ==, 3);
  cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                          g_getenv ("TJ_CLI"), "--db", db_path, "case", "add", "--json", "-", "--station", "BH0043",
                          NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (cli, json, NULL, &out, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 0);
  g_assert_nonnull (strstr (out, "\"station\":\"BH0043\""));
  g_assert_true (tj_test_wait (north_has_four_open, NULL));
}

static gboolean
four_stations (gpointer data)
{
  return g_list_model_get_n_items (tj_centre_page_get_stations (centre_page ())) == 4;
}

/* Add Station: its dialog registers a station in the store. */
static void
test_add_station (void)
{
  TjCentrePage *page = show_centre ();
  GtkWindow *dialog;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonObject) station = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "centre.add-station", NULL));
  dialog = wait_for_dialog ("添加站点");
  assert_chinese (GTK_WIDGET (dialog), "the Add Station dialog");
  rows = tj_test_find_all (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW);
  g_assert_cmpuint (rows->len, ==, 2);
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (rows, 0)), "BH0046");
  gtk_editable_set_text (GTK_EDITABLE (g_ptr_array_index (rows, 1)), "门头沟站");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "add");
  g_assert_true (tj_test_wait (four_stations, NULL));
  station = tj_centre_get_station (tj_application_get_store (app), "BH0046", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (station, "database"), ==, "station-bh0046");
}

static gboolean
picker_mapped (gpointer root)
{
  GtkWidget *picker = tj_test_find_named (root, "dispatch_to");

  return picker && gtk_widget_get_mapped (picker);
}

/* Intake at a centre: a hotline case with its 12351 number, dispatched
 * to a station with the picker, numbered by the centre, owned by the
 * station. */
static void
test_dispatch (void)
{
  GtkWindow *intake;
  GtkWidget *root, *row, *picker;
  g_autoptr(GError) error = NULL;
  TjCaseQuery query;
  g_autoptr(JsonArray) rows = NULL;
  g_autofree char *owner = NULL;
  const char *id = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.new-case", NULL));
  intake = tj_test_wait_for_toplevel (TJ_TYPE_NEW_CASE_WINDOW);
  root = GTK_WIDGET (intake);
  row = tj_test_must_find_named (root, "hotline");
  g_signal_emit_by_name (row, "activated");
  g_assert_true (tj_test_wait (picker_mapped, root));

  gtk_editable_set_text (GTK_EDITABLE (tj_test_must_find_named (root, "hotline_ref")), "RX2026-1122-07");
  picker = tj_test_must_find_named (root, "dispatch_to");
  g_assert_true (ADW_IS_COMBO_ROW (picker));
  /* "Keep at the centre", then the stations by code. */
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (picker))), ==, 4);
  g_assert_true (gtk_widget_get_visible (tj_test_must_find_named (root, "accepted_on")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (picker), 2); /* 丰台南站 (BH0044) */
  tj_test_drain ();
  /* The station accepts a dispatched case itself. */
  g_assert_false (gtk_widget_get_visible (tj_test_must_find_named (root, "accepted_on")));
  gtk_editable_set_text (GTK_EDITABLE (tj_test_must_find_named (root, "employer.name")), "宏达装修工程公司");
  gtk_editable_set_text (GTK_EDITABLE (tj_test_must_find_named (root, "worker-row-0.name")), "钱磊");
  gtk_editable_set_text (GTK_EDITABLE (tj_test_must_find_named (root, "worker-row-0.phone")), "13912345678");
  gtk_editable_set_text (GTK_EDITABLE (tj_test_must_find_named (root, "worker-row-0.owed_fen")), "6800");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (tj_test_must_find_named (root, "facts"))),
                            "来电反映在丰台某小区装修三个月，工资未结。", -1);
  assert_chinese (root, "intake with the station picker");
  tj_test_screenshot (root, "dispatch-zh_CN.png");
  g_assert_true (tj_test_intake_save (intake));
  /* The new case opens at once. */
  g_assert_true (tj_test_wait (case_page_shown, NULL));

  tj_case_query_init (&query);
  query.query = "RX2026-1122-07";
  rows = tj_case_list (tj_application_get_store (app), &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  id = tj_json_get_string (json_array_get_object_element (rows, 0), "id", NULL);
  owner = tj_centre_owner (tj_application_get_store (app), id);
  g_assert_cmpstr (owner, ==, "BH0044");
  {
    g_autoptr(JsonObject) doc = tj_store_get (tj_application_get_store (app), id, NULL, TJ_GET_NONE, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (doc, "dispatched_to"), ==, "BH0044");
    g_assert_cmpstr (json_object_get_string_member (doc, "status"), ==, "intake");
    g_assert_false (json_object_has_member (doc, "accepted_on"));
  }
  /* The case page it opened says where it went, and that the centre wrote it. */
  {
    GtkWidget *case_page = tj_test_find (GTK_WIDGET (tj_test_main_window ()), TJ_TYPE_CASE_PAGE);
    g_assert_nonnull (case_page);
    g_assert_cmpstr (tj_case_page_get_case_id (TJ_CASE_PAGE (case_page)), ==, id);
    g_assert_true (tj_test_shows_label (case_page, "BH0044"));
  }
}

static gboolean
reports_show_stations (gpointer data)
{
  return tj_test_shows_label (tj_window_get_section_page (tj_test_main_window (), "reports"), "按站点统计");
}

/* The Reports page of a centre: the table and the chart per station. */
static void
test_reports (void)
{
  GtkWidget *page;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "win.section", "s", "reports"));
  page = tj_window_get_section_page (tj_test_main_window (), "reports");
  g_assert_true (tj_test_wait (reports_show_stations, NULL));
  g_assert_true (tj_test_shows_label (page, "海淀北站 (BH0043)"));
  g_assert_true (tj_test_shows_label (page, "各站点案件：受理数及按结果的结案数"));
  tj_test_screenshot (GTK_WIDGET (tj_test_main_window ()), "reports-stations-zh_CN.png");
}

int
main (int   argc,
      char *argv[])
{
  /* Before GTK starts threads: setenv is not thread-safe. C.UTF-8 because
   * the zh_CN locale itself need not be generated for LANGUAGE to work. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  tj_test_init (&argc, &argv, TODAY, TJ_TEST_FLAGS_NONE);

  tj_test_add ("/ui/centre/overview", test_overview);
  tj_test_add ("/ui/centre/station-cases", test_station_cases);
  tj_test_add ("/ui/centre/follow-up", test_follow_up);
  tj_test_add ("/ui/centre/cli-dispatch-refreshes", test_cli_dispatch_refreshes);
  tj_test_add ("/ui/centre/add-station", test_add_station);
  tj_test_add ("/ui/centre/dispatch", test_dispatch);
  tj_test_add ("/ui/centre/reports", test_reports);

  return tj_test_run (seed);
}
