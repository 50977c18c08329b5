/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Today and Consultations through the real widgets: cases with known
 * deadlines are seeded through the core on a fixed day (Friday
 * 2026-11-20); Today must list the overdue mediation limit, the one due in
 * five days and the flagged collective case, and open a case from its row.
 * Then an evening-clinic consultation is typed into the form (a bad amount
 * is refused on its field, nothing saved), saved with Enter, found in the
 * list with the phone masked, and converted into a case that keeps what
 * was entered — once only. On the way the form points out that the
 * employer already has a case. */

#include <glib/gi18n.h>
#include <string.h>

#include "tj-case.h"
#include "tj-consultation-window.h"
#include "tj-consultation.h"
#include "tj-consultations-page.h"
#include "tj-json.h"
#include "tj-paper-list.h"
#include "tj-papers-view.h"
#include "tj-today-page.h"
#include "tj-ui-test.h"

#define TODAY "2026-11-20"

static char *overdue_id;
static char *due_id;
static char *flagged_id;
static char *failed_id;

static char *
seed_case (TjStore    *store,
           const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_json_parse_object (json, -1, &error);
  g_autoptr(JsonObject) out = NULL;
  TjCaseContext ctx;

  g_assert_no_error (error);
  tj_case_context_init_defaults (&ctx);
  ctx.today = TODAY;
  out = tj_case_add (store, &ctx, input, &error);
  g_assert_no_error (error);
  return g_strdup (tj_json_get_string (out, "id", NULL));
}

/* Written before the application starts, as another station's sync would
 * have left them. */
static void
seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (db_path, &error);
  g_autoptr(GString) workers = g_string_new ("[");

  g_assert_no_error (error);
  g_assert_true (tj_case_attach (store, &error));

  /* Accepted Tue 10-27: the 15 days ended Wed 11-11. */
  overdue_id = seed_case (store, "{\"title\":\"餐馆厨师拖欠工资\",\"kind\":\"wage_arrears\","
                                 "\"source\":\"night_clinic\",\"received_on\":\"2026-10-27\","
                                 "\"accepted_on\":\"2026-10-27\",\"employment_ongoing\":true,"
                                 "\"workers\":[{\"name\":\"孙立\"}]}");
  /* Accepted Tue 11-10: ends Wed 11-25, five days on. */
  due_id = seed_case (store, "{\"title\":\"快递员工资纠纷\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                             "\"received_on\":\"2026-11-10\",\"accepted_on\":\"2026-11-10\","
                             "\"employment_ongoing\":true,\"workers\":[{\"name\":\"赵敏\"}]}");
  for (int i = 0; i < 12; i++)
    g_string_append_printf (workers, "%s{\"name\":\"工人%02d\",\"owed_fen\":500000}", i ? "," : "", i);
  g_string_append (workers, "]");
  {
    g_autofree char *json = g_strdup_printf ("{\"title\":\"工地集体欠薪\",\"kind\":\"wage_arrears\","
                                             "\"source\":\"hotline\",\"received_on\":\"2026-11-19\","
                                             "\"employer\":{\"name\":\"宏达建设\"},\"workers\":%s}",
                                             workers->str);
    flagged_id = seed_case (store, json);
  }
  /* Mediation failed on 11-18; the worker has not applied for arbitration. */
  failed_id = seed_case (store, "{\"title\":\"装修队欠薪\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                                "\"received_on\":\"2026-11-02\",\"accepted_on\":\"2026-11-02\","
                                "\"employment_ended_on\":\"2026-10-31\",\"facts\":\"装修完工后未付工资。\","
                                "\"employer\":{\"name\":\"美家装饰公司\"},"
                                "\"workers\":[{\"name\":\"钱进\",\"owed_fen\":650000}]}");
  {
    TjCaseContext ctx;
    tj_case_context_init_defaults (&ctx);
    ctx.today = "2026-11-18";
    g_assert_true (tj_case_set_status (store, &ctx, failed_id, "failed", "用人单位拒不到场", NULL, &error));
    g_assert_no_error (error);
  }
}

/* The group titled @title, as the user sees its heading. */
static GtkWidget *
find_group (GtkWidget  *root,
            const char *title)
{
  g_autoptr(GPtrArray) groups = tj_test_find_all (root, ADW_TYPE_PREFERENCES_GROUP);

  for (guint i = 0; i < groups->len; i++)
    if (g_strcmp0 (adw_preferences_group_get_title (g_ptr_array_index (groups, i)), title) == 0)
      return g_ptr_array_index (groups, i);
  return NULL;
}

/* The row of @group whose title contains @text, if the group is shown. */
static GtkWidget *
find_row_in_group (GtkWidget  *root,
                   const char *group_title,
                   const char *text)
{
  GtkWidget *group = find_group (root, group_title);
  g_autoptr(GPtrArray) rows = NULL;

  if (group == NULL || !gtk_widget_get_visible (group))
    return NULL;
  rows = tj_test_find_all (group, ADW_TYPE_ACTION_ROW);
  for (guint i = 0; i < rows->len; i++)
    if (strstr (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), text))
      return g_ptr_array_index (rows, i);
  return NULL;
}

static TjPapersView *
find_papers_view (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      g_autoptr(GPtrArray) views = tj_test_find_all (GTK_WIDGET (window), TJ_TYPE_PAPERS_VIEW);
      if (views->len > 0)
        return g_ptr_array_index (views, 0);
    }
  return NULL;
}

static gboolean
papers_made (gpointer data)
{
  TjPapersView *view = find_papers_view ();
  return view && !tj_papers_view_get_busy (view) && tj_papers_view_get_papers (view) &&
         g_list_model_get_n_items (tj_papers_view_get_papers (view)) > 0;
}

static gboolean
agenda_shown (gpointer data)
{
  return find_row_in_group (data, "Overdue", "餐馆厨师") != NULL;
}

static void
test_today (void)
{
  TjWindow *window;
  GtkWidget *today, *row;
  const char *subtitle;

  window = tj_test_main_window ();
  g_assert_true (tj_window_set_section (window, "today"));
  today = tj_window_get_section_page (window, "today");
  g_assert_true (TJ_IS_TODAY_PAGE (today));
  g_assert_true (tj_test_wait (agenda_shown, today));
  tj_test_drain ();

  /* The overdue mediation limit, red, with its date. */
  row = find_row_in_group (today, "Overdue", "餐馆厨师");
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_assert_nonnull (strstr (subtitle, "Mediation limit"));
  g_assert_nonnull (strstr (subtitle, "2026-11-11"));
  g_assert_true (tj_test_shows_label (row, "9 days overdue"));
  /* The legal basis is there to cite. */
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (row), "Article 14"));
  g_assert_null (find_row_in_group (today, "Overdue", "快递员"));

  /* Due in five days, with the countdown. */
  row = find_row_in_group (today, "Due in the Next 7 Days", "快递员");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "2026-11-25"));
  g_assert_true (tj_test_shows_label (row, "5 days left"));

  /* The collective case stands out, with the reason. */
  row = find_row_in_group (today, "Flagged Cases", "工地集体欠薪");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Collective: 12 workers"));
  g_assert_nonnull (find_row_in_group (today, "Flagged Cases", "工地集体欠薪"));
  g_assert_null (find_row_in_group (today, "Flagged Cases", "快递员"));

  /* No follow-ups or sessions: those sections are not shown at all. */
  g_assert_false (gtk_widget_get_visible (find_group (today, "Follow-up Calls")));
  g_assert_false (gtk_widget_get_visible (find_group (today, "Upcoming Sessions")));

  /* The failed mediation, with the date arbitration must be applied for
   * by and the button that makes the application. */
  row = find_row_in_group (today, "After Mediation", "装修队欠薪");
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Apply for labour dispute arbitration"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (row), "27"));
  {
    GtkWidget *button = NULL;
    g_autoptr(GPtrArray) buttons = tj_test_find_all (row, GTK_TYPE_BUTTON);
    GtkWindow *papers_window;
    TjPapersView *view;

    for (guint i = 0; i < buttons->len; i++)
      if (g_strcmp0 (gtk_widget_get_name (g_ptr_array_index (buttons, i)), "arbitration_application") == 0)
        button = g_ptr_array_index (buttons, i);
    g_assert_nonnull (button);
    g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Arbitration Application");
    tj_test_screenshot (GTK_WIDGET (window), "today-after-mediation.png");
    /* It opens the case's papers with the application being made. */
    g_signal_emit_by_name (button, "clicked");
    papers_window = tj_test_wait_for_toplevel (ADW_TYPE_WINDOW);
    g_assert_nonnull (papers_window);
    g_assert_true (tj_test_wait (papers_made, NULL));
    view = find_papers_view ();
    {
      g_autoptr(TjPaper) paper = g_list_model_get_item (tj_papers_view_get_papers (view), 0);
      g_assert_cmpstr (tj_paper_get_template (paper), ==, "arbitration_application");
    }
    gtk_window_destroy (gtk_widget_get_root (GTK_WIDGET (view)) ? GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (view)))
                                                                : papers_window);
    tj_test_drain ();
  }

  /* A row opens its case. */
  row = find_row_in_group (today, "Flagged Cases", "工地集体欠薪");
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  tj_test_drain ();
  g_assert_cmpstr (tj_window_get_section (window), ==, "cases");
}

/* Eight more cases whose mediation limits passed in October and November,
 * on top of seed()'s: more overdue than Today shows. */
static void
seed_many_overdue (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = NULL;

  /* After seed(), which every subtest runs. */
  store = tj_store_open (db_path, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 8; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"title\":\"逾期案件%d\",\"kind\":\"wage_arrears\","
                                               "\"source\":\"walk_in\",\"received_on\":\"2026-10-%02d\","
                                               "\"accepted_on\":\"2026-10-%02d\",\"employment_ongoing\":true,"
                                               "\"workers\":[{\"name\":\"工人%d\"}]}",
                                               i, 10 + i, 10 + i, i);
      g_free (seed_case (store, json));
    }
}

static gboolean
overdue_rows_shown (gpointer data)
{
  GtkWidget *group = find_group (data, "Overdue");
  g_autoptr(GPtrArray) rows = group ? tj_test_find_all (group, ADW_TYPE_ACTION_ROW) : NULL;

  return rows && rows->len == 5;
}

static gboolean
all_counted (gpointer data)
{
  g_autoptr(GListModel) all = NULL;

  g_object_get (data, "all-items", &all, NULL);
  return all && g_list_model_get_n_items (all) == 9;
}

static gboolean
all_view_has_rows (gpointer data)
{
  GtkWidget *view = tj_test_find_mapped (data, GTK_TYPE_LIST_VIEW);

  return view && tj_test_shows_label (view, "餐馆厨师拖欠工资");
}

/* Nine overdue deadlines: Today shows the five most urgent and a button
 * for all nine, which opens them in a list read a page at a time. */
static void
test_see_all (void)
{
  TjWindow *window = tj_test_main_window ();
  GtkWidget *today, *group, *button = NULL;
  g_autoptr(GPtrArray) buttons = NULL;

  g_assert_true (tj_window_set_section (window, "today"));
  today = tj_window_get_section_page (window, "today");
  g_assert_true (tj_test_wait (overdue_rows_shown, today));
  group = find_group (today, "Overdue");
  buttons = tj_test_find_all (group, GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)), "today.show-all") == 0)
      button = g_ptr_array_index (buttons, i);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "See All 9");
  /* The longest overdue first: accepted on 10-10, before the others. */
  g_assert_nonnull (find_row_in_group (today, "Overdue", "逾期案件0"));
  g_assert_null (find_row_in_group (today, "Overdue", "餐馆厨师"));
  /* Lists with fewer than five have no such button. */
  buttons = (g_ptr_array_unref (buttons), tj_test_find_all (find_group (today, "Flagged Cases"), GTK_TYPE_BUTTON));
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)), "today.show-all") == 0)
      g_assert_false (gtk_widget_get_visible (g_ptr_array_index (buttons, i)));

  g_signal_emit_by_name (button, "clicked");
  g_assert_true (tj_test_wait (all_counted, today));
  /* The last of them, the case accepted on 10-27, is a row of the list. */
  g_assert_true (tj_test_wait (all_view_has_rows, today));
  tj_test_screenshot (GTK_WIDGET (window), "today-see-all.png");

  /* Back to the summary. */
  g_assert_true (gtk_widget_activate_action (today, "today.back", NULL));
  g_assert_true (tj_test_wait (overdue_rows_shown, today));
  g_assert_true (gtk_widget_get_mapped (find_group (today, "Overdue")));
}

static gboolean
consultation_listed (gpointer data)
{
  GtkWidget *page = data;
  g_autoptr(GPtrArray) rows = tj_test_find_all (page, ADW_TYPE_EXPANDER_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (strstr (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), "马国庆"))
      return TRUE;
  return FALSE;
}

static gboolean
no_match_shown (gpointer page)
{
  return tj_test_shows_label (page, "No Matching Consultations");
}

static gboolean
in_cases (gpointer window)
{
  return g_strcmp0 (tj_window_get_section (window), "cases") == 0;
}

static GtkWidget *tj_test_find_button (GtkWidget *root, const char *label);

/* The list shows the consultation as converted: no Convert button. */
static gboolean
open_case_listed (gpointer page)
{
  return consultation_listed (page) && tj_test_find_button (page, "Open Case") != NULL;
}

static gboolean
widget_visible (gpointer data)
{
  return gtk_widget_get_visible (data);
}

static gboolean
widget_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static void
test_consultation (void)
{
  TjWindow *window = tj_test_main_window ();
  TjStore *store = tj_application_get_store (app);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) listed = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(GPtrArray) expanders = NULL;
  GtkWidget *page, *form, *row, *button, *convert;
  GtkWindow *dialog;
  JsonObject *consultation, *worker;
  TjCaseContext ctx;
  const char *case_id;

  g_assert_true (tj_window_set_section (window, "consultations"));
  page = tj_window_get_section_page (window, "consultations");
  g_assert_true (TJ_IS_CONSULTATIONS_PAGE (page));
  tj_test_drain ();
  g_assert_true (tj_test_shows_label (page, "No Consultations Yet"));

  g_assert_true (gtk_widget_activate_action (page, "consultations.new", NULL));
  form = GTK_WIDGET (tj_test_wait_for_toplevel (TJ_TYPE_CONSULTATION_WINDOW));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (form)) == GTK_WINDOW (window));

  gtk_editable_set_text (GTK_EDITABLE (tj_test_find_row (form, "Name")), "马国庆");
  gtk_editable_set_text (GTK_EDITABLE (tj_test_find_row (form, "Phone")), "150 1111 2222");
  /* A repeat employer is pointed out while typing. */
  row = tj_test_find_row (form, "Seen Before");
  g_assert_nonnull (row);
  g_assert_false (gtk_widget_get_visible (row));
  gtk_editable_set_text (GTK_EDITABLE (tj_test_find_row (form, "Employer")), "宏达建设");
  g_assert_true (tj_test_wait (widget_visible, row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "1 earlier case with this employer"));
  gtk_editable_set_text (GTK_EDITABLE (tj_test_find_row (form, "Employer")), "顺发建筑劳务公司");
  g_assert_true (tj_test_wait (widget_hidden, row));
  gtk_editable_set_text (GTK_EDITABLE (tj_test_find_row (form, "The Problem in a Few Words")),
                         "包工头拖欠两个月工资");
  gtk_editable_set_text (GTK_EDITABLE (tj_test_find_row (form, "Advice Given")), "总包单位应先行清偿");
  gtk_editable_set_text (GTK_EDITABLE (tj_test_find_row (form, "Next Step")), "带考勤记录来申请调解");
  gtk_editable_set_text (GTK_EDITABLE (tj_test_find_row (form, "Referred To")), "区法律援助中心");

  /* The §42 note appears with the migrant-worker switch. */
  row = tj_test_find_row (form, "Legal Aid Without a Means Test");
  g_assert_nonnull (row);
  g_assert_false (gtk_widget_get_visible (row));
  gtk_switch_set_active (GTK_SWITCH (tj_test_find (tj_test_find_row (form, "Migrant Worker"), GTK_TYPE_SWITCH)),
                         TRUE);
  g_assert_true (gtk_widget_get_visible (row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Article 42"));

  /* A bad amount is refused on its field; nothing is saved. */
  row = tj_test_find_row (form, "Amount Owed (Yuan)");
  gtk_editable_set_text (GTK_EDITABLE (row), "一万二");
  g_assert_false (tj_consultation_window_save (TJ_CONSULTATION_WINDOW (form), FALSE));
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_true (gtk_widget_get_visible (form));
  listed = tj_consultation_list (store, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (listed), ==, 0);
  g_clear_pointer (&listed, json_array_unref);

  /* Fixed, and saved with Enter (the form's default button). */
  gtk_editable_set_text (GTK_EDITABLE (row), "1.28万");
  g_assert_true (gtk_widget_activate_action (form, "default.activate", NULL));
  g_assert_true (tj_test_wait (consultation_listed, page));
  tj_test_drain ();
  g_assert_null (tj_test_find_toplevel (TJ_TYPE_CONSULTATION_WINDOW));

  listed = tj_consultation_list (store, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (listed), ==, 1);
  consultation = json_array_get_object_element (listed, 0);
  worker = tj_json_get_object (consultation, "worker");
  g_assert_cmpstr (tj_json_get_string (worker, "name", NULL), ==, "马国庆");
  g_assert_cmpint (tj_json_get_int (consultation, "owed_fen", 0), ==, 1280000);
  g_assert_true (tj_json_get_bool (consultation, "migrant_worker", FALSE));
  g_assert_cmpstr (tj_json_get_string (consultation, "held_on", NULL), ==, TODAY);

  /* In the list the phone is masked. */
  expanders = tj_test_find_all (page, ADW_TYPE_EXPANDER_ROW);
  g_assert_cmpuint (expanders->len, ==, 1);
  row = g_ptr_array_index (expanders, 0);
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "150****2222"));
  g_assert_null (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "11112222"));

  /* Search narrows the list. */
  gtk_editable_set_text (GTK_EDITABLE (tj_test_find (page, GTK_TYPE_SEARCH_ENTRY)), "没有这个人");
  g_signal_emit_by_name (tj_test_find (page, GTK_TYPE_SEARCH_ENTRY), "search-changed");
  /* The list is read on the repository's worker. */
  g_assert_true (tj_test_wait (no_match_shown, page));
  gtk_editable_set_text (GTK_EDITABLE (tj_test_find (page, GTK_TYPE_SEARCH_ENTRY)), "顺发");
  g_signal_emit_by_name (tj_test_find (page, GTK_TYPE_SEARCH_ENTRY), "search-changed");
  g_assert_true (tj_test_wait (consultation_listed, page));

  /* Convert to Case, confirmed. */
  convert = tj_test_find_button (page, "Convert to Case");
  g_assert_nonnull (convert);
  g_signal_emit_by_name (convert, "clicked");
  dialog = tj_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "convert");
  /* Converted on the repository's worker. */
  g_assert_true (tj_test_wait (in_cases, window));

  g_clear_pointer (&listed, json_array_unref);
  listed = tj_consultation_list (store, NULL, 0, &error);
  g_assert_no_error (error);
  case_id = tj_json_get_string (json_array_get_object_element (listed, 0), "case_id", NULL);
  g_assert_nonnull (case_id);

  tj_case_context_init_defaults (&ctx);
  ctx.today = TODAY;
  shown = tj_case_show (store, &ctx, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (shown, "source", NULL), ==, "night_clinic");
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (shown, "employer"), "name", NULL), ==,
                   "顺发建筑劳务公司");
  worker = json_array_get_object_element (tj_json_get_array (shown, "workers"), 0);
  g_assert_cmpstr (tj_json_get_string (worker, "name", NULL), ==, "马国庆");
  g_assert_cmpint (tj_json_get_int (worker, "owed_fen", 0), ==, 1280000);
  /* Everything entered is kept: the advice, the referral, the §42 note. */
  g_assert_nonnull (strstr (tj_json_get_string (shown, "facts", ""), "总包单位应先行清偿"));
  g_assert_nonnull (strstr (tj_json_get_string (shown, "facts", ""), "区法律援助中心"));
  g_assert_nonnull (strstr (tj_json_get_string (shown, "facts", ""), "42"));

  /* Back in Consultations the record shows it became a case, and cannot
   * be converted again. */
  g_assert_true (tj_window_set_section (window, "consultations"));
  g_assert_true (tj_test_wait (open_case_listed, page));
  g_assert_null (tj_test_find_button (page, "Convert to Case"));
  button = tj_test_find_button (page, "Open Case");
  g_assert_nonnull (button);
  g_assert_null (tj_consultation_convert (store, &ctx, tj_json_get_string (json_array_get_object_element (listed, 0), "id", ""),
                                          NULL, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Open Case shows it. */
  g_signal_emit_by_name (button, "clicked");
  tj_test_drain ();
  g_assert_cmpstr (tj_window_get_section (window), ==, "cases");
}

int
main (int   argc,
      char *argv[])
{
  tj_test_init (&argc, &argv, TODAY, TJ_TEST_FLAGS_NONE);

  tj_test_add ("/ui/today/agenda", test_today);
  tj_test_add ("/ui/today/consultation", test_consultation);
  tj_test_add_seeded ("/ui/today/see-all", seed_many_overdue, test_see_all, TJ_TEST_CASE_DEFAULT);

  return tj_test_run (seed);
}
