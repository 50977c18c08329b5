/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A case's deadlines on its page, in Chinese, where the law moves them.
 * Received Thursday 2026-12-17: its 15 days (劳动争议调解仲裁法 §14) end on
 * Friday 2027-01-01. No 2027 notice is bundled, but New Year's Day is a
 * statutory holiday all the same (全国年节及纪念日放假办法): with the weekend
 * the end moves to Monday 2027-01-04, and the page warns that 2027's 调休
 * is unknown. The worker knew of the infringement on 2026-06-01; the
 * application interrupted the limitation (§27 ¶2), which runs again from
 * the end of the mediation, 2027-01-04, to Tuesday 2028-01-04.
 * With TIAOJIE_SCREENSHOT_DIR set, the page is saved as deadlines.png. */

#include <glib/gi18n.h>
#include <string.h>

#include "tj-calendar.h"
#include "tj-case.h"
#include "tj-case-page.h"
#include "tj-cases-page.h"
#include "tj-json.h"
#include "tj-store.h"
#include "tj-test-store.h"
#include "tj-ui-format.h"
#include "tj-ui-test.h"

#define TODAY "2026-12-18"

static char *case_id;

static gboolean
case_page_shown (gpointer data)
{
  TjCasePage *page = tj_test_case_page ();

  return page && !tj_case_page_get_loading (page) && g_strcmp0 (tj_case_page_get_case_id (page), data) == 0;
}

/* A warning row of the deadlines that contains @fragment. */
static gboolean
has_warning_row (GtkWidget  *root,
                 const char *fragment)
{
  g_autoptr(GPtrArray) rows = tj_test_find_all (root, ADW_TYPE_ACTION_ROW);

  for (guint i = 0; i < rows->len; i++)
    {
      const char *subtitle = adw_action_row_get_subtitle (g_ptr_array_index (rows, i));
      if (subtitle && strstr (subtitle, fragment))
        return TRUE;
    }
  return FALSE;
}

static void
test_catalogue_loaded (void)
{
  if (g_strcmp0 (_("Cases"), "案件") != 0)
    g_error ("The zh_CN catalogue is not in %s; build the po/ targets first", g_getenv ("TIAOJIE_LOCALEDIR"));
}

static void
test_deadlines_2027 (void)
{
  TjWindow *window;
  TjCasePage *page;
  GtkWidget *mediation, *limitation;
  g_autofree char *moved_to = tj_ui_format_date ("2027-01-04");
  g_autofree char *moved_from = tj_ui_format_date ("2027-01-01");
  g_autofree char *limitation_date = tj_ui_format_date ("2028-01-04");
  g_autofree char *received = tj_ui_format_date ("2026-12-17");

  /* No 2027 notice: the bundled calendar only (no user file). */
  g_assert_false (tj_calendar_covers_year (tj_calendar_get_default (), 2027));
  window = tj_test_main_window ();
  g_assert_true (tj_window_set_section (window, "cases"));
  tj_cases_page_open_case (TJ_CASES_PAGE (tj_test_find (GTK_WIDGET (window), TJ_TYPE_CASES_PAGE)), case_id);
  g_assert_true (tj_test_wait (case_page_shown, case_id));
  tj_test_drain ();
  page = tj_test_case_page ();

  /* 调解期限：2027年1月4日, moved from 2027年1月1日, a holiday. */
  mediation = tj_test_find_named (GTK_WIDGET (page), "mediation");
  g_assert_nonnull (mediation);
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (mediation)), moved_to));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (mediation)), moved_from));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (mediation)), "调解期限"));
  /* The warning that 2027's make-up days are unknown. */
  g_assert_true (has_warning_row (GTK_WIDGET (page), "调休"));

  /* 仲裁时效：2028年1月4日, and why: the application of 2026年12月17日. */
  limitation = tj_test_find_named (GTK_WIDGET (page), "arbitration_limitation");
  g_assert_nonnull (limitation);
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (limitation)), limitation_date));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (limitation)), received));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (limitation)), "第二十七条第二款"));

  tj_test_screenshot (GTK_WIDGET (window), "deadlines.png");
}

/* The case, written through the core the day it was received, before
 * the application starts. */
static void
seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (db_path, &error);
  TjCaseContext ctx;

  g_assert_no_error (error);
  tj_case_context_init_defaults (&ctx);
  ctx.station_code = "海";
  ctx.today = "2026-12-17";
  case_id = tj_test_add_case (store, &ctx,
                              "{\"title\":\"东方电子厂解除劳动合同\",\"kind\":\"compensation\",\"source\":\"walk_in\","
                              "\"received_on\":\"2026-12-17\",\"accepted_on\":\"2026-12-17\",\"knew_on\":\"2026-06-01\","
                              "\"employer\":{\"name\":\"东方电子厂\"},\"workers\":[{\"name\":\"王小明\"}]}");
  if (g_getenv ("TIAOJIE_SCREENSHOT_DIR"))
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_settings_set_int (settings, "window-width", 1280);
      g_settings_set_int (settings, "window-height", 860);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* Before GTK starts threads: setenv is not thread-safe. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  /* No user holiday file: the bundled calendar, without 2027. */
  g_setenv ("XDG_DATA_HOME", "/nonexistent-tiaojie-test", TRUE);
  tj_test_init (&argc, &argv, TODAY, TJ_TEST_FLAGS_NONE);

  tj_test_add_full ("/ui/deadlines/catalogue-loaded", test_catalogue_loaded, TJ_TEST_CASE_NO_APP);
  tj_test_add ("/ui/deadlines/2027", test_deadlines_2027);

  return tj_test_run (seed);
}
