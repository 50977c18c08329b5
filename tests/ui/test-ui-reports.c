/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 8 as a supervisor meets it: on the fixed data set of the unit
 * test (tests/unit/report-data.h), pick the third quarter of 2026, read
 * the settlement rate and the amount recovered on the cards, see the
 * charts and tables, open the cases behind a figure and one of those
 * cases, and come back.
 *
 * With TIAOJIE_SCREENSHOT_DIR set, the page is also saved as PNG files
 * there; TJ_REPORT_SCREENSHOT_DB then shows that database instead (a
 * year of generated cases, for data/screenshots) and TJ_REPORT_DARK=1
 * the dark style. */

#include <glib/gi18n.h>
#include <string.h>

#include "../unit/report-data.h"
#include "tj-cases-page.h"
#include "tj-chart-widget.h"
#include "tj-report.h"
#include "tj-reports-page.h"
#include "tj-ui-test.h"

static gboolean demo;

static TjReportsPage *
reports_page (void)
{
  return TJ_REPORTS_PAGE (tj_window_get_section_page (tj_test_main_window (), "reports"));
}

static gboolean
has_label (GtkWidget  *root,
           const char *text)
{
  g_autoptr(GPtrArray) labels = tj_test_find_all (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_mapped (labels->pdata[i]) && g_strcmp0 (gtk_label_get_label (labels->pdata[i]), text) == 0)
      return TRUE;
  return FALSE;
}

/* The card or table cell that opens @figure. */
static GtkWidget *
figure_button (const char *figure)
{
  g_autoptr(GPtrArray) buttons = tj_test_find_all (GTK_WIDGET (reports_page ()), GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (g_object_get_data (buttons->pdata[i], "figure"), figure) == 0)
      return buttons->pdata[i];
  return NULL;
}

static GtkStack *
page_stack (void)
{
  GtkWidget *stack = tj_test_find (GTK_WIDGET (reports_page ()), GTK_TYPE_STACK);

  g_assert_nonnull (stack);
  return GTK_STACK (stack);
}

static GtkListBox *
cases_list (void)
{
  GtkWidget *cases = gtk_stack_get_child_by_name (page_stack (), "cases");
  g_autoptr(GPtrArray) lists = tj_test_find_all (cases, GTK_TYPE_LIST_BOX);

  g_assert_cmpuint (lists->len, >, 0);
  return lists->pdata[0];
}

static guint
n_case_rows (void)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (cases_list ())); c; c = gtk_widget_get_next_sibling (c))
    if (ADW_IS_ACTION_ROW (c))
      n++;
  return n;
}

static gboolean
cases_listed (gpointer data)
{
  return n_case_rows () >= GPOINTER_TO_UINT (data);
}

/* The figure the page shows for @data ("from"), once it shows it. */
static gboolean
summary_from (gpointer data)
{
  JsonObject *summary = tj_reports_page_get_summary (reports_page ());

  return summary != NULL && g_strcmp0 (tj_json_get_string (summary, "from", NULL), data) == 0;
}

/* The Reports section on the third quarter of 2026, its figures shown:
 * where every subtest starts. */
static TjReportsPage *
show_third_quarter (void)
{
  TjReportsPage *page;

  g_assert_true (tj_window_set_section (tj_test_main_window (), "reports"));
  page = reports_page ();
  tj_reports_page_set_period (page, "2026-07-01", "2026-09-30");
  if (!tj_test_wait (summary_from, (gpointer) "2026-07-01"))
    {
      g_autoptr(GPtrArray) labels = tj_test_find_all (GTK_WIDGET (page), GTK_TYPE_LABEL);
      for (guint i = 0; i < labels->len; i++)
        if (gtk_widget_has_css_class (labels->pdata[i], "error") && gtk_widget_get_visible (labels->pdata[i]))
          g_error ("No summary: %s", gtk_label_get_label (labels->pdata[i]));
      g_error ("No summary for the third quarter");
    }
  tj_test_drain ();
  return page;
}

static void
test_figures (void)
{
  TjWindow *window = tj_test_main_window ();
  TjReportsPage *page = show_third_quarter ();
  JsonObject *summary;
  g_autoptr(GPtrArray) charts = NULL;

  summary = tj_reports_page_get_summary (page);

  if (!demo)
    {
      /* The headline cards: settlement rate 2/7 and ¥2,200 recovered. */
      g_assert_cmpint (tj_json_get_int (summary, "received", -1), ==, 8);
      g_assert_true (has_label (GTK_WIDGET (page), "Third quarter of 2026"));
      g_assert_true (has_label (GTK_WIDGET (page), "28.6%"));
      g_assert_true (has_label (GTK_WIDGET (page), "¥2,200.00"));
      g_assert_true (has_label (GTK_WIDGET (page), "Settlement rate"));
      g_assert_true (has_label (GTK_WIDGET (page), "Referrals by destination") ||
                     tj_test_find (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_GROUP) != NULL);
    }

  /* The charts have the summary to draw; the one per station is only
   * shown at a centre. */
  charts = tj_test_find_all (GTK_WIDGET (page), TJ_TYPE_CHART_WIDGET);
  g_assert_cmpuint (charts->len, ==, TJ_REPORT_N_CHARTS);
  for (guint i = 0; i < charts->len; i++)
    g_assert_true (gtk_widget_get_mapped (charts->pdata[i]) ==
                   tj_report_chart_applies (summary, tj_chart_widget_get_chart (charts->pdata[i])));

  /* Each figure of the tables can be opened. */
  g_assert_nonnull (figure_button ("received"));
  g_assert_nonnull (figure_button ("month.2026-08.withdrawn"));
  g_assert_nonnull (figure_button ("received.kind.wage_arrears"));
  tj_test_screenshot (GTK_WIDGET (window), g_getenv ("TJ_REPORT_SHOT_NAME") ? g_getenv ("TJ_REPORT_SHOT_NAME") : "reports.png");
  if (g_getenv ("TIAOJIE_SCREENSHOT_DIR"))
    {
      /* The whole page, tables included, however far it scrolls. */
      tj_test_screenshot (tj_test_find (GTK_WIDGET (page), ADW_TYPE_CLAMP), "reports-full.png");
    }
}

static void
test_open_figure (void)
{
  TjWindow *window = tj_test_main_window ();
  TjReportsPage *page = show_third_quarter ();
  guint want = demo ? 1 : 8;
  GtkWidget *button = figure_button ("received");
  GtkWidget *row;
  GtkWidget *cases;

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_stack ()), ==, "cases");
  g_assert_true (tj_test_wait (cases_listed, GUINT_TO_POINTER (want)));
  tj_test_drain ();
  if (!demo)
    g_assert_cmpuint (n_case_rows (), ==, 8);
  tj_test_screenshot (GTK_WIDGET (window), "reports-cases.png");

  /* A withdrawn month cell lists just those cases. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.back", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_stack ()), ==, "report");
  if (!demo)
    {
      g_signal_emit_by_name (figure_button ("month.2026-08.withdrawn"), "clicked");
      g_assert_true (tj_test_wait (cases_listed, GUINT_TO_POINTER (2)));
      tj_test_drain ();
      g_assert_cmpuint (n_case_rows (), ==, 2);
    }

  /* Activating a case opens it in the Cases section. */
  row = gtk_widget_get_first_child (GTK_WIDGET (cases_list ()));
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_signal_emit_by_name (row, "activated");
  tj_test_drain ();
  g_assert_cmpstr (tj_window_get_section (window), ==, "cases");
  cases = tj_window_get_section_page (window, "cases");
  g_assert_true (TJ_IS_CASES_PAGE (cases));

  tj_window_set_section (window, "reports");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.back", NULL));
  tj_test_drain ();
}

static void
test_periods (void)
{
  TjReportsPage *page;
  JsonObject *summary;

  if (demo)
    return;
  page = show_third_quarter ();
  /* The previous quarter holds G (received 06-20) and H is in the next. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.previous", NULL));
  g_assert_true (tj_test_wait (summary_from, (gpointer) "2026-04-01"));
  summary = tj_reports_page_get_summary (page);
  g_assert_cmpstr (tj_json_get_string (summary, "from", NULL), ==, "2026-04-01");
  g_assert_cmpint (tj_json_get_int (summary, "received", -1), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.next", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "reports.next", NULL));
  g_assert_true (tj_test_wait (summary_from, (gpointer) "2026-10-01"));
  summary = tj_reports_page_get_summary (page);
  g_assert_cmpstr (tj_json_get_string (summary, "label", NULL), ==, "Fourth quarter of 2026");
  g_assert_cmpint (tj_json_get_int (summary, "received", -1), ==, 1);

  /* A custom range. */
  tj_reports_page_set_period (page, "2026-07-03", "2026-07-15");
  g_assert_true (tj_test_wait (summary_from, (gpointer) "2026-07-03"));
  summary = tj_reports_page_get_summary (page);
  g_assert_cmpint (tj_json_get_int (summary, "received", -1), ==, 2);
  g_assert_true (has_label (GTK_WIDGET (page), "2026-07-03 to 2026-07-15"));
}

static void
seed (void)
{
  if (!demo)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TjStore) store = tj_store_open (db_path, &error);
      ReportData data = { 0 };
      g_assert_no_error (error);
      g_assert_true (tj_report_attach (store, &error));
      report_data_seed (store, &data);
      report_data_clear (&data);
    }
  if (g_getenv ("TIAOJIE_SCREENSHOT_DIR"))
    {
      /* Room for the five cards in a row, as on a desk monitor. */
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_settings_set_int (settings, "window-width", 1360);
      g_settings_set_int (settings, "window-height", 960);
      g_settings_set_string (settings, "organisation-name", "滨海县职工维权服务中心");
    }
  if (g_strcmp0 (g_getenv ("TJ_REPORT_DARK"), "1") == 0)
    {
      /* Through the preference, which the application applies. */
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_settings_set_string (settings, "color-scheme", "dark");
    }
}

static void
run_figures (void)
{
  test_figures ();
  /* A real database may have overdue installments to notify. */
  if (demo)
    tj_test_ignore_notifications ();
}

static void
run_open_figure (void)
{
  test_open_figure ();
  if (demo)
    tj_test_ignore_notifications ();
}

int
main (int   argc,
      char *argv[])
{
  const char *demo_db = g_getenv ("TJ_REPORT_SCREENSHOT_DB");

  /* The screenshots are also made in Chinese (LANGUAGE=zh_CN), on a year
   * of generated cases. */
  if (demo_db && g_getenv ("TIAOJIE_SCREENSHOT_DIR"))
    {
      demo = TRUE;
      g_setenv ("TJ_TEST_DB", demo_db, TRUE);
    }
  /* The day the data set is read on (tests/unit/report-data.h). */
  tj_test_init (&argc, &argv, "2026-10-15", TJ_TEST_FLAGS_NONE);

  tj_test_add ("/ui/reports/figures", run_figures);
  tj_test_add ("/ui/reports/open-figure", run_open_figure);
  tj_test_add ("/ui/reports/periods", test_periods);

  return tj_test_run (seed);
}
