/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 3 as a mediator meets it, through the real widgets: take in a
 * 30-worker hotline case with its contractor chain in the intake window,
 * see a bad ID number refused next to its field with nothing saved, save
 * the corrected case, find it by a worker's two-character name, read its
 * deadlines with their legal basis and its timeline, and move it from
 * accepted to mediating through the status dialog.
 *
 * It runs in Chinese, and every label on each screen it visits must be
 * Chinese: an untranslated string fails the test. With TIAOJIE_SCREENSHOT_DIR
 * set, the windows are also saved as PNG files there. */

#include <glib/gi18n.h>
#include <string.h>

#include "tj-case-list.h"
#include "tj-case-page.h"
#include "tj-cases-page.h"
#include "tj-form-dialog.h"
#include "tj-json.h"
#include "tj-new-case-window.h"
#include "tj-test-util.h"
#include "tj-ui-test.h"

#define N_WORKERS 30
#define BAD_ROW 3

static char *case_id;

/* Two-character names: the search must find one of them alone. */
static const char *const surnames = "赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施";
static const char *const given = "伟芳娜敏静强磊军洋勇";

static char *
worker_name (guint i)
{
  /* Surname i % 20, given name from the first or second half by i / 20:
   * thirty different names. */
  const char *s = g_utf8_offset_to_pointer (surnames, i % 20);
  const char *g = g_utf8_offset_to_pointer (given, (i / 20) * 5 + i % 5);
  GString *name = g_string_new_len (s, g_utf8_next_char (s) - s);

  g_string_append_len (name, g, g_utf8_next_char (g) - g);
  return g_string_free (name, FALSE);
}

/* A valid resident ID number (GB 11643 check character). */
static char *
id_number (guint i)
{
  g_autofree char *body = g_strdup_printf ("1101051980%02u%02u%03u", 1 + i % 12, 1 + i % 28, 100 + i);

  return tj_test_id_number (body);
}

static char *
bad_id_number (guint i)
{
  char *id = id_number (i);

  /* Another check character: exactly the typo the check catches. */
  id[17] = id[17] == '1' ? '2' : '1';
  return id;
}

static void
set_text (GtkWidget  *root,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (tj_test_must_find_named (root, name)), text);
}

/* Latin words a Chinese user sees as they are: a file name's extension
 * and the holiday calendar's file name in the core's warning. */
static const char *const allowed_words[] = { "png", "holidays", "cn", "json", NULL };

#define assert_chinese(root, where) tj_test_assert_chinese ((root), (where), allowed_words)

static TjCasesPage *
cases_page (void)
{
  TjCasesPage *page = TJ_CASES_PAGE (tj_test_find (GTK_WIDGET (tj_test_main_window ()), TJ_TYPE_CASES_PAGE));

  g_assert_nonnull (page);
  return page;
}

/* The Cases section on screen, as a click in the sidebar leaves it. */
static TjCasesPage *
show_cases (void)
{
  g_assert_true (tj_window_set_section (tj_test_main_window (), "cases"));
  g_assert_true (tj_test_wait (tj_test_mapped, cases_page ()));
  return cases_page ();
}

static TjCasePage *
case_page (void)
{
  GtkWidget *page = tj_test_find (GTK_WIDGET (cases_page ()), TJ_TYPE_CASE_PAGE);

  return page && gtk_widget_is_drawable (page) ? TJ_CASE_PAGE (page) : NULL;
}

static gboolean
case_page_shown (gpointer data)
{
  TjCasePage *page = case_page ();

  return page != NULL && !tj_case_page_get_loading (page) &&
         (data == NULL || g_strcmp0 (tj_case_page_get_case_id (page), data) == 0);
}

static guint
count_cases (void)
{
  TjCaseQuery query;

  tj_case_query_init (&query);
  return tj_case_count (tj_application_get_store (app), &query, NULL);
}

static gboolean
status_page_drawable (gpointer data)
{
  GtkWidget *status = tj_test_find (GTK_WIDGET (cases_page ()), ADW_TYPE_STATUS_PAGE);

  return status != NULL && gtk_widget_is_drawable (status);
}

static void
test_empty_list (void)
{
  TjWindow *window;
  GtkWidget *status;

  /* Without the build's zh_CN catalogue the Chinese checks prove nothing. */
  if (g_strcmp0 (_("New Case"), "新建案件") != 0)
    g_error ("The zh_CN catalogue is not in %s; build the po/ targets first",
             g_getenv ("TIAOJIE_LOCALEDIR"));

  window = tj_test_main_window ();
  g_assert_true (tj_window_set_section (window, "cases"));
  tj_test_drain ();

  /* The empty state is the status page with its New Case button, once
   * the count has come from the repository's worker (which may have had
   * other work queued at the start). */
  g_assert_true (tj_test_wait (status_page_drawable, NULL));
  status = tj_test_find (GTK_WIDGET (cases_page ()), ADW_TYPE_STATUS_PAGE);
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_is_drawable (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, _("No Cases Yet"));
}

static GtkWindow *
open_intake (const char *source)
{
  GtkWindow *intake;
  GtkWidget *row;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.new-case", NULL));
  intake = tj_test_wait_for_toplevel (TJ_TYPE_NEW_CASE_WINDOW);
  tj_test_drain ();
  assert_chinese (GTK_WIDGET (intake), "intake sources");
  tj_test_screenshot (GTK_WIDGET (intake), "intake-sources.png");

  /* Pick the source as a user does: activate its row. */
  row = tj_test_must_find_named (GTK_WIDGET (intake), source);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_signal_emit_by_name (row, "activated");
  tj_test_drain ();
  return intake;
}

/* The hotline case typed into the intake window, one ID number wrong
 * (row BAD_ROW): the window, not saved yet. */
static GtkWindow *
type_hotline_case (void)
{
  GtkWindow *intake = open_intake ("hotline");
  GtkWidget *root = GTK_WIDGET (intake);
  GtkWidget *facts;

  set_text (root, "hotline_ref", "12351-2026-1122-08");
  set_text (root, "employer.name", "华建劳务有限公司");
  facts = tj_test_must_find_named (root, "facts");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (facts)),
                            "城南工地三十名农民工完工后被拖欠工资，总包单位称已付款给分包。", -1);

  /* The contractor chain of the construction site. */
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (tj_test_must_find_named (root, "chain")), TRUE);
  set_text (root, "chain.project_owner.name", "城南置业有限公司");
  set_text (root, "chain.general_contractor.name", "中城建设集团");
  set_text (root, "chain.subcontractor.name", "华建劳务有限公司");
  set_text (root, "chain.team_leader.name", "李四");
  set_text (root, "chain.team_leader.phone", "13900001111");
  /* The facts that decide who pays: the owner has not paid ¥300,000.00
   * of the price (§29); the subcontractor holds a lawful labour
   * subcontract, and 李四 leads its team (no passing-on). */
  set_text (root, "chain.project_owner.unpaid_price_fen", "30万");
  adw_combo_row_set_selected (ADW_COMBO_ROW (tj_test_must_find_named (root, "chain.subcontractor.relation")), 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (tj_test_must_find_named (root, "chain.team_leader.relation")), 1);
  /* Tiers 2 and 3 are offered on request. */
  g_assert_false (gtk_widget_get_visible (tj_test_must_find_named (root, "chain.subcontractor.2.name")));
  g_signal_emit_by_name (tj_test_must_find_named (root, "chain.more-subcontractors"), "clicked");
  g_assert_true (gtk_widget_get_visible (tj_test_must_find_named (root, "chain.subcontractor.2.name")));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (tj_test_must_find_named (root, "chain")), TRUE);
  tj_test_drain ();
  tj_test_screenshot (tj_test_must_find_named (root, "chain"), "intake-chain.png");

  /* Thirty workers typed row by row; Enter in a row adds the next one. */
  for (guint i = 0; i < N_WORKERS; i++)
    {
      g_autofree char *name = worker_name (i);
      g_autofree char *id = i == BAD_ROW ? bad_id_number (i) : id_number (i);
      g_autofree char *phone = g_strdup_printf ("1381234%04u", i);
      g_autofree char *owed = g_strdup_printf ("%u", 8000 + 100 * i);
      g_autofree char *n_name = g_strdup_printf ("worker-row-%u.name", i);
      g_autofree char *n_id = g_strdup_printf ("worker-row-%u.id_number", i);
      g_autofree char *n_phone = g_strdup_printf ("worker-row-%u.phone", i);
      g_autofree char *n_owed = g_strdup_printf ("worker-row-%u.owed_fen", i);

      g_assert_cmpuint (tj_new_case_window_get_n_worker_rows (TJ_NEW_CASE_WINDOW (intake)), ==, i + 1);
      set_text (root, n_name, name);
      set_text (root, n_id, id);
      set_text (root, n_phone, phone);
      set_text (root, n_owed, owed);
      g_signal_emit_by_name (tj_test_must_find_named (root, n_owed), "activate"); /* Enter */
    }
  /* The last Enter left an empty row; it is not a worker. */
  g_assert_cmpuint (tj_new_case_window_get_n_worker_rows (TJ_NEW_CASE_WINDOW (intake)), ==, N_WORKERS + 1);
  tj_test_drain ();
  return intake;
}

static void
test_intake_refuses_bad_id (void)
{
  GtkWindow *intake = type_hotline_case ();
  GtkWidget *root = GTK_WIDGET (intake);
  GtkWidget *bad_entry;
  g_autofree char *bad_name = g_strdup_printf ("worker-row-%u.id_number", BAD_ROW);
  g_autoptr(GPtrArray) labels = NULL;
  gboolean message_shown = FALSE;

  g_assert_false (tj_test_intake_save (intake));
  tj_test_drain ();

  /* The ID entry of that row is marked, and the core's reason is under it. */
  bad_entry = tj_test_must_find_named (root, bad_name);
  g_assert_true (gtk_widget_has_css_class (bad_entry, "error"));
  labels = tj_test_find_all (gtk_widget_get_parent (gtk_widget_get_parent (bad_entry)), GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      if (gtk_widget_has_css_class (label, "error") && gtk_widget_get_visible (label) &&
          strstr (gtk_label_get_text (GTK_LABEL (label)), "1101…"))
        message_shown = TRUE;
    }
  g_assert_true (message_shown);
  /* Only that entry: the other rows are fine. */
  g_assert_false (gtk_widget_has_css_class (tj_test_must_find_named (root, "worker-row-2.id_number"), "error"));

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (intake)));
  g_assert_cmpuint (count_cases (), ==, 0);
  assert_chinese (root, "intake form with an error");
  tj_test_screenshot (root, "intake-error.png");
}

static void
test_intake_saves (void)
{
  GtkWindow *intake = type_hotline_case ();
  g_autofree char *good = id_number (BAD_ROW);
  g_autofree char *bad_name = g_strdup_printf ("worker-row-%u.id_number", BAD_ROW);
  g_autoptr(JsonObject) shown = NULL;
  TjCaseContext ctx;
  TjCasePage *page;

  g_assert_nonnull (intake);
  set_text (GTK_WIDGET (intake), bad_name, good);
  g_assert_true (tj_test_intake_save (intake));
  tj_test_drain ();
  g_assert_cmpuint (count_cases (), ==, 1);

  /* The new case opens at once. */
  g_assert_true (tj_test_wait (case_page_shown, NULL));
  page = case_page ();
  case_id = g_strdup (tj_case_page_get_case_id (page));

  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  shown = tj_case_show (tj_application_get_store (app), &ctx, case_id, NULL);
  g_assert_nonnull (shown);
  g_assert_cmpstr (tj_json_get_string (shown, "source", NULL), ==, "hotline");
  g_assert_cmpstr (tj_json_get_string (shown, "hotline_ref", NULL), ==, "12351-2026-1122-08");
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (shown, "workers")), ==, N_WORKERS);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (shown, "chain")), ==, 4);
  {
    JsonArray *chain = tj_json_get_array (shown, "chain");
    JsonObject *lf = tj_json_get_object (shown, "liable_first");
    g_assert_cmpint (tj_json_get_int (json_array_get_object_element (chain, 0), "unpaid_price_fen", 0), ==, 30000000);
    g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (chain, 2), "relation", NULL), ==,
                     "labour_subcontract");
    g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (chain, 3), "relation", NULL), ==, "team");
    /* §30: the general contractor pays first; §29: the owner advances. */
    g_assert_cmpstr (tj_json_get_string (lf, "role", NULL), ==, "general_contractor");
    g_assert_cmpint (tj_json_get_int (tj_json_get_object (lf, "advance"), "limit_fen", 0), ==, 30000000);
  }

  /* A second case, so that the search has something to leave out. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(JsonObject) result = NULL;

    json_parser_load_from_data (parser,
                                "{\"title\":\"东方制衣厂加班费\",\"kind\":\"overtime\",\"source\":\"walk_in\","
                                "\"employer\":{\"name\":\"东方制衣厂\"},"
                                "\"workers\":[{\"name\":\"欧阳娜娜\",\"owed_fen\":500000}]}", -1, &error);
    g_assert_no_error (error);
    result = tj_case_add (tj_application_get_store (app), &ctx,
                          json_node_get_object (json_parser_get_root (parser)), &error);
    g_assert_no_error (error);
  }
}

static void
test_case_page (void)
{
  TjCasePage *page;
  GtkWidget *mediation, *created;
  const char *basis;
  g_autoptr(JsonObject) shown = NULL;
  JsonObject *deadlines;
  TjCaseContext ctx;

  tj_application_show_case (app, case_id);
  g_assert_true (tj_test_wait (case_page_shown, case_id));
  page = case_page ();
  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  shown = tj_case_show (tj_application_get_store (app), &ctx, case_id, NULL);
  deadlines = tj_json_get_object (shown, "deadlines");
  tj_test_screenshot (GTK_WIDGET (tj_test_main_window ()), "case-page.png");

  /* Deadlines with the article they come from. */
  mediation = tj_test_must_find_named (GTK_WIDGET (page), "mediation");
  basis = adw_action_row_get_subtitle (ADW_ACTION_ROW (mediation));
  g_assert_nonnull (strstr (basis, tj_json_get_string (tj_json_get_object (deadlines, "mediation"), "basis", "?")));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (mediation)), _("Mediation limit")));
  /* Every deadline the core computed is on the page with its basis. */
  {
    g_autoptr(GList) kinds = json_object_get_members (deadlines);
    for (GList *l = kinds; l; l = l->next)
      {
        GtkWidget *row = tj_test_must_find_named (GTK_WIDGET (page), l->data);
        basis = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
        g_assert_nonnull (strstr (basis, tj_json_get_string (tj_json_get_object (deadlines, l->data), "basis", "?")));
      }
  }

  /* Who pays, with the article. */
  {
    GtkWidget *payer = tj_test_must_find_named (GTK_WIDGET (page), "liable-payer");
    GtkWidget *advance = tj_test_must_find_named (GTK_WIDGET (page), "liable-advance");
    g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (payer)), "中城建设集团"));
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (payer)),
                              tj_json_get_string (tj_json_get_object (shown, "liable_first"), "basis", "?")));
    g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (advance)), "城南置业有限公司"));
    assert_chinese (GTK_WIDGET (page), "case overview with who pays");
  }

  /* The timeline starts with the intake. */
  tj_case_page_show_tab (page, "timeline");
  tj_test_drain ();
  created = tj_test_must_find_named (GTK_WIDGET (page), "created");
  g_assert_true (gtk_widget_is_drawable (created));
  tj_test_screenshot (GTK_WIDGET (tj_test_main_window ()), "case-timeline.png");

  tj_case_page_show_tab (page, "parties");
  tj_test_drain ();
  tj_test_screenshot (GTK_WIDGET (tj_test_main_window ()), "case-parties.png");
}

/* The case list (drop-downs have list views of their own). */
static GtkListView *
case_list_view (void)
{
  g_autoptr(GPtrArray) views = tj_test_find_all (GTK_WIDGET (cases_page ()), GTK_TYPE_LIST_VIEW);

  for (guint i = 0; i < views->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (views, i), "case-list"))
      return g_ptr_array_index (views, i);
  g_assert_not_reached ();
}

static gboolean
list_has (gpointer data)
{
  GtkListView *view = case_list_view ();
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (view));
  g_autoptr(TjCaseRow) row = NULL;

  if (g_list_model_get_n_items (model) != GPOINTER_TO_UINT (data))
    return FALSE;
  if (GPOINTER_TO_UINT (data) == 0)
    return TRUE;
  row = g_list_model_get_item (model, 0);
  return g_strcmp0 (tj_case_row_get_id (row), case_id) == 0;
}

static gboolean
list_has_n (gpointer data)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (case_list_view ()));

  return g_list_model_get_n_items (model) == GPOINTER_TO_UINT (data);
}

static void
test_search_by_name (void)
{
  GtkSearchEntry *search = GTK_SEARCH_ENTRY (tj_test_find (GTK_WIDGET (show_cases ()), GTK_TYPE_SEARCH_ENTRY));
  g_autofree char *name = worker_name (17);

  tj_cases_page_show_list (cases_page ());
  tj_test_drain ();
  tj_test_screenshot (GTK_WIDGET (tj_test_main_window ()), "cases.png");
  assert_chinese (GTK_WIDGET (tj_test_main_window ()), "case list");

  gtk_editable_set_text (GTK_EDITABLE (search), name);
  /* Search as you type: the list follows after the short delay. */
  g_assert_true (tj_test_wait (list_has, GUINT_TO_POINTER (1)));
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (case_list_view ())));

  /* Enter opens the match. */
  g_signal_emit_by_name (search, "activate");
  g_assert_true (tj_test_wait (case_page_shown, case_id));

  /* A name that is nowhere gives the no-results state, not the empty one. */
  tj_cases_page_show_list (cases_page ());
  gtk_editable_set_text (GTK_EDITABLE (search), "无此人");
  g_assert_true (tj_test_wait (list_has, GUINT_TO_POINTER (0)));
  tj_test_drain ();
  {
    g_autoptr(GPtrArray) pages = tj_test_find_all (GTK_WIDGET (cases_page ()), ADW_TYPE_STATUS_PAGE);
    gboolean no_results = FALSE;
    for (guint i = 0; i < pages->len; i++)
      if (gtk_widget_is_drawable (g_ptr_array_index (pages, i)) &&
          g_strcmp0 (adw_status_page_get_title (g_ptr_array_index (pages, i)), _("No Matching Cases")) == 0)
        no_results = TRUE;
    g_assert_true (no_results);
  }
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  tj_test_drain ();
}

static gboolean
related_shown (gpointer data)
{
  g_autoptr(GPtrArray) labels = tj_test_find_all (GTK_WIDGET (data), GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      if (gtk_widget_has_css_class (label, "flag-banner") && gtk_widget_is_drawable (label))
        return TRUE;
    }
  return FALSE;
}

/* The banner names worker 5 and the earlier case. */
static gboolean
related_names_worker (gpointer data)
{
  g_autoptr(GPtrArray) labels = tj_test_find_all (GTK_WIDGET (data), GTK_TYPE_LABEL);
  g_autofree char *name = worker_name (5);
  g_autofree char *employer = g_strdup_printf (ngettext ("This employer already has %u case.",
                                                         "This employer already has %u cases.", 1), 1);

  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      const char *text = gtk_label_get_text (GTK_LABEL (label));

      if (gtk_widget_has_css_class (label, "flag-banner") && strstr (text, name) && !strstr (text, employer))
        return TRUE;
    }
  return FALSE;
}

static gboolean
intake_gone (gpointer data)
{
  return tj_test_find_toplevel (TJ_TYPE_NEW_CASE_WINDOW) == NULL;
}

static void
test_related_warning (void)
{
  GtkWindow *intake = open_intake ("walk_in");
  g_autofree char *id = id_number (5);
  AdwMessageDialog *confirm;
  gboolean found;

  g_assert_false (related_shown (intake));

  /* Typing the employer of the earlier case warns at once. */
  set_text (GTK_WIDGET (intake), "employer.name", "华建劳务有限公司");
  g_assert_true (tj_test_wait (related_shown, intake));

  /* So does the ID number of one of its workers, whoever employs them now. */
  set_text (GTK_WIDGET (intake), "employer.name", "城北物流有限公司");
  set_text (GTK_WIDGET (intake), "worker-row-0.id_number", id);
  found = tj_test_wait (related_names_worker, intake);
  g_assert_true (found);
  assert_chinese (GTK_WIDGET (intake), "intake with a warning");
  tj_test_screenshot (GTK_WIDGET (intake), "intake-related.png");

  /* Closing asks first, since something was typed; discarding takes
   * nothing in. */
  gtk_window_close (intake);
  confirm = ADW_MESSAGE_DIALOG (tj_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (intake)));
  assert_chinese (GTK_WIDGET (confirm), "discard dialog");
  adw_message_dialog_response (confirm, "discard");
  g_assert_true (tj_test_wait (intake_gone, NULL));
  g_assert_cmpuint (count_cases (), ==, 2);
}

static gboolean
status_event_shown (gpointer data)
{
  TjCasePage *page = case_page ();

  return page != NULL && !tj_case_page_get_loading (page) && tj_test_find_named (GTK_WIDGET (page), "status") != NULL;
}

static void
test_change_status (void)
{
  TjCasePage *page;
  GtkWidget *button = NULL;
  GtkWindow *dialog;
  GtkWidget *status_row;
  GListModel *choices;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonArray) timeline = NULL;
  g_autoptr(GPtrArray) buttons = NULL;
  TjCaseContext ctx;
  guint mediating = G_MAXUINT;

  tj_application_show_case (app, case_id);
  g_assert_true (tj_test_wait (case_page_shown, case_id));
  page = case_page ();

  buttons = tj_test_find_all (GTK_WIDGET (page), GTK_TYPE_BUTTON);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), _("Change Status…")) == 0)
      button = g_ptr_array_index (buttons, i);
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  dialog = tj_test_wait_for_toplevel (TJ_TYPE_FORM_DIALOG);
  tj_test_drain ();

  /* Only the moves allowed from "accepted". */
  status_row = tj_form_dialog_get_field (TJ_FORM_DIALOG (dialog), "status");
  choices = adw_combo_row_get_model (ADW_COMBO_ROW (status_row));
  g_assert_cmpuint (g_list_model_get_n_items (choices), ==, 4);
  for (guint i = 0; i < g_list_model_get_n_items (choices); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (choices, i);
      const char *label = gtk_string_object_get_string (item);

      g_assert_cmpstr (label, !=, tj_case_status_label ("closed"));
      g_assert_cmpstr (label, !=, tj_case_status_label ("agreed"));
      if (g_strcmp0 (label, tj_case_status_label ("mediating")) == 0)
        mediating = i;
    }
  g_assert_cmpuint (mediating, !=, G_MAXUINT);
  adw_combo_row_set_selected (ADW_COMBO_ROW (status_row), mediating);

  /* Without a reason the core refuses and the dialog stays. */
  g_assert_false (tj_test_form_save (GTK_WINDOW (dialog)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  assert_chinese (GTK_WIDGET (dialog), "status dialog");
  tj_test_screenshot (GTK_WIDGET (dialog), "status-dialog.png");

  gtk_editable_set_text (GTK_EDITABLE (tj_form_dialog_get_field (TJ_FORM_DIALOG (dialog), "reason")),
                         "双方同意调解");
  g_assert_true (tj_test_form_save (GTK_WINDOW (dialog)));
  tj_test_drain ();

  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  shown = tj_case_show (tj_application_get_store (app), &ctx, case_id, NULL);
  g_assert_cmpstr (tj_json_get_string (shown, "status", NULL), ==, "mediating");
  timeline = tj_case_timeline (tj_application_get_store (app), case_id, NULL);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (timeline, 0), "reason", NULL), ==,
                   "双方同意调解");

  /* The page shows the new status and the new event, once it has read
   * the case again on the repository's worker. */
  g_assert_true (tj_test_wait (status_event_shown, NULL));
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = tj_test_find_all (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));

      if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), label) == 0 ||
          (ADW_IS_BUTTON_CONTENT (child) &&
           g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (child)), label) == 0) ||
          g_strcmp0 (gtk_widget_get_tooltip_text (button), label) == 0)
        return button;
    }
  g_error ("No button %s", label);
}

static void
test_edit_party_and_claim (void)
{
  TjCasePage *page;
  GtkWindow *dialog;
  g_autoptr(JsonObject) shown = NULL;
  g_autofree char *bad = bad_id_number (40);
  g_autofree char *first_id = id_number (0);
  TjCaseContext ctx;
  JsonObject *worker;

  tj_application_show_case (app, case_id);
  g_assert_true (tj_test_wait (case_page_shown, case_id));
  page = case_page ();
  tj_case_page_show_tab (page, "parties");
  tj_test_drain ();

  /* Edit the first worker: a bad ID number is refused next to its row. */
  g_signal_emit_by_name (find_button (GTK_WIDGET (page), _("Edit Worker")), "clicked");
  dialog = tj_test_wait_for_toplevel (TJ_TYPE_FORM_DIALOG);
  /* The form does not show the whole number: only its masked form, in
   * the title; the entry starts empty. */
  {
    GtkWidget *field = tj_form_dialog_get_field (TJ_FORM_DIALOG (dialog), "id_number");

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "");
    g_assert_null (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (field)), first_id));
    g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (field)), "*"));
  }
  gtk_editable_set_text (GTK_EDITABLE (tj_form_dialog_get_field (TJ_FORM_DIALOG (dialog), "id_number")), bad);
  g_assert_false (tj_test_form_save (GTK_WINDOW (dialog)));
  g_assert_true (gtk_widget_has_css_class (tj_form_dialog_get_field (TJ_FORM_DIALOG (dialog), "id_number"), "error"));
  assert_chinese (GTK_WIDGET (dialog), "party editor");
  tj_test_screenshot (GTK_WIDGET (dialog), "party-error.png");
  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  shown = tj_case_show (tj_application_get_store (app), &ctx, case_id, NULL);
  worker = json_array_get_object_element (tj_json_get_array (shown, "workers"), 0);
  g_assert_cmpstr (tj_json_get_string (worker, "id_number", NULL), ==, first_id);

  /* A job and a wage typed in yuan are kept; the ID number left empty
   * stays what it was. */
  gtk_editable_set_text (GTK_EDITABLE (tj_form_dialog_get_field (TJ_FORM_DIALOG (dialog), "id_number")), "");
  gtk_editable_set_text (GTK_EDITABLE (tj_form_dialog_get_field (TJ_FORM_DIALOG (dialog), "job")), "钢筋工");
  gtk_editable_set_text (GTK_EDITABLE (tj_form_dialog_get_field (TJ_FORM_DIALOG (dialog), "monthly_wage_fen")), "8,500");
  g_assert_true (tj_test_form_save (GTK_WINDOW (dialog)));
  tj_test_drain ();
  g_clear_pointer (&shown, json_object_unref);
  shown = tj_case_show (tj_application_get_store (app), &ctx, case_id, NULL);
  worker = json_array_get_object_element (tj_json_get_array (shown, "workers"), 0);
  g_assert_cmpstr (tj_json_get_string (worker, "job", NULL), ==, "钢筋工");
  g_assert_cmpstr (tj_json_get_string (worker, "id_number", NULL), ==, first_id);
  g_assert_cmpint (tj_json_get_int (worker, "monthly_wage_fen", 0), ==, 850000);

  /* A claim with its amount. */
  page = case_page ();
  tj_case_page_show_tab (page, "claims");
  tj_test_drain ();
  g_signal_emit_by_name (find_button (GTK_WIDGET (page), _("Add Claim")), "clicked");
  dialog = tj_test_wait_for_toplevel (TJ_TYPE_FORM_DIALOG);
  gtk_editable_set_text (GTK_EDITABLE (tj_form_dialog_get_field (TJ_FORM_DIALOG (dialog), "amount_fen")), "1.2万");
  gtk_editable_set_text (GTK_EDITABLE (tj_form_dialog_get_field (TJ_FORM_DIALOG (dialog), "description")), "七月至十月工资");
  g_assert_true (tj_test_form_save (GTK_WINDOW (dialog)));
  tj_test_drain ();
  g_clear_pointer (&shown, json_object_unref);
  shown = tj_case_show (tj_application_get_store (app), &ctx, case_id, NULL);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (shown, "claims")), ==, 1);
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (shown, "totals"), "claimed_fen", 0), ==, 1200000);
}

static const char *
chain_name_at (guint i)
{
  static JsonObject *shown;
  TjCaseContext ctx;

  g_clear_pointer (&shown, json_object_unref);
  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  shown = tj_case_show (tj_application_get_store (app), &ctx, case_id, NULL);
  if (i >= json_array_get_length (tj_json_get_array (shown, "chain")))
    return NULL;
  return tj_json_get_string (json_array_get_object_element (tj_json_get_array (shown, "chain"), i), "name", NULL);
}

/* The case page shows the link titled @data third in the chain. */
static gboolean
third_link_is (gpointer data)
{
  TjCasePage *page = case_page ();
  GtkWidget *chain = page ? tj_test_find_named (GTK_WIDGET (page), "chain") : NULL;
  GtkWidget *third = chain ? tj_test_find_named (chain, "3") : NULL;

  return third != NULL && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (third)), data) == 0;
}

/* The chain edited on the case page: a subcontractor added at tier 1 goes
 * in above the one there, the page lists the links in legal order; a
 * second owner is refused beside its field; a link is removed. */
static void
test_chain_edit (void)
{
  TjCasePage *page;
  GtkWindow *dialog;
  GtkWidget *tier;
  AdwMessageDialog *confirm;

  tj_application_show_case (app, case_id);
  g_assert_true (tj_test_wait (case_page_shown, case_id));
  page = case_page ();
  tj_case_page_show_tab (page, "parties");
  tj_test_drain ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case-page.add-link", "s", "subcontractor"));
  dialog = tj_test_wait_for_toplevel (TJ_TYPE_FORM_DIALOG);
  gtk_editable_set_text (GTK_EDITABLE (tj_form_dialog_get_field (TJ_FORM_DIALOG (dialog), "name")), "中间工程有限公司");
  tier = tj_form_dialog_get_field (TJ_FORM_DIALOG (dialog), "tier");
  adw_combo_row_set_selected (ADW_COMBO_ROW (tier), 0);   /* tier 1 */
  assert_chinese (GTK_WIDGET (dialog), "chain link editor");
  tj_test_screenshot (GTK_WIDGET (dialog), "chain-link.png");
  g_assert_true (tj_test_form_save (GTK_WINDOW (dialog)));
  g_assert_cmpstr (chain_name_at (0), ==, "城南置业有限公司");
  g_assert_cmpstr (chain_name_at (1), ==, "中城建设集团");
  g_assert_cmpstr (chain_name_at (2), ==, "中间工程有限公司");
  g_assert_cmpstr (chain_name_at (3), ==, "华建劳务有限公司");
  g_assert_cmpstr (chain_name_at (4), ==, "李四");

  /* The page shows them in that order, numbered from the owner: it
   * reloads on the repository's change signal. */
  g_assert_true (tj_test_wait (third_link_is, (gpointer) "中间工程有限公司"));
  page = case_page ();
  tj_case_page_show_tab (page, "parties");
  tj_test_drain ();
  tj_test_screenshot (tj_test_must_find_named (GTK_WIDGET (page), "chain"), "case-chain.png");

  /* A second owner contradicts the chain. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case-page.add-link", "s", "project_owner"));
  dialog = tj_test_wait_for_toplevel (TJ_TYPE_FORM_DIALOG);
  gtk_editable_set_text (GTK_EDITABLE (tj_form_dialog_get_field (TJ_FORM_DIALOG (dialog), "name")), "另一建设单位");
  g_assert_false (tj_test_form_save (GTK_WINDOW (dialog)));
  g_assert_true (gtk_widget_has_css_class (tj_form_dialog_get_field (TJ_FORM_DIALOG (dialog), "role") ?
                                           tj_form_dialog_get_field (TJ_FORM_DIALOG (dialog), "role") :
                                           tj_form_dialog_get_field (TJ_FORM_DIALOG (dialog), "name"), "error") ||
                 gtk_widget_get_visible (GTK_WIDGET (dialog)));
  assert_chinese (GTK_WIDGET (dialog), "chain contradiction");
  tj_test_screenshot (GTK_WIDGET (dialog), "chain-contradiction.png");
  gtk_window_destroy (dialog);
  g_assert_true (tj_test_wait (tj_test_toplevel_gone, GSIZE_TO_POINTER (TJ_TYPE_FORM_DIALOG)));
  g_assert_cmpstr (chain_name_at (0), ==, "城南置业有限公司");
  g_assert_null (chain_name_at (5));

  /* Remove the middle company again. */
  {
    g_autoptr(JsonObject) shown = NULL;
    TjCaseContext ctx;
    tj_context_fill_case_context (tj_application_get_context (app), &ctx);
    shown = tj_case_show (tj_application_get_store (app), &ctx, case_id, NULL);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case-page.remove-link", "s",
                                               tj_json_get_string (json_array_get_object_element (
                                                 tj_json_get_array (shown, "chain"), 2), "id", "")));
  }
  confirm = ADW_MESSAGE_DIALOG (tj_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (confirm, "remove");
  /* Written on the repository's worker; the page follows. */
  g_assert_true (tj_test_wait (third_link_is, (gpointer) "华建劳务有限公司"));
  g_assert_cmpstr (chain_name_at (2), ==, "华建劳务有限公司");
  g_assert_null (chain_name_at (4));
}

/* The case page lists the evidence @data on screen. */
static gboolean
evidence_listed (gpointer data)
{
  TjCasePage *page = case_page ();
  GtkWidget *row = page ? tj_test_find_named (GTK_WIDGET (page), data) : NULL;

  return row != NULL && gtk_widget_is_drawable (row);
}

/* The visible window titled @title, or NULL. */
static GtkWindow *
find_viewer (const char *title)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *viewer = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      if (g_strcmp0 (gtk_window_get_title (window), title) == 0 && gtk_widget_get_visible (GTK_WIDGET (window)))
        viewer = window;
    }
  return viewer;
}

static gboolean
viewer_shown (gpointer data)
{
  return find_viewer (data) != NULL;
}

static void
test_evidence_preview (void)
{
  static const guchar png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x08, 0xd7, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xdd, 0x8d, 0xb0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
  };
  g_autoptr(GBytes) data = g_bytes_new_static (png, sizeof png);
  g_autoptr(GError) error = NULL;
  g_autofree char *evidence = NULL;
  TjCaseContext ctx;
  TjCasePage *page;
  GtkWidget *row;
  GtkWindow *viewer;

  tj_application_show_case (app, case_id);
  g_assert_true (tj_test_wait (case_page_shown, case_id));
  page = case_page ();
  tj_case_page_show_tab (page, "evidence");
  tj_test_drain ();

  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  evidence = tj_case_add_evidence (tj_application_get_store (app), &ctx, case_id, "考勤表.png", "image/png",
                                   data, "考勤表照片", &error);
  g_assert_no_error (error);
  /* The repository announces the write; the case page reloads. */
  g_assert_true (tj_test_wait (evidence_listed, evidence));

  page = case_page ();
  row = tj_test_must_find_named (GTK_WIDGET (page), evidence);
  g_assert_true (gtk_widget_is_drawable (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "考勤表.png");

  /* A picture opens in the application itself, once read on the
   * repository's worker. */
  g_signal_emit_by_name (row, "activated");
  g_assert_true (tj_test_wait (viewer_shown, (gpointer) "考勤表.png"));
  viewer = find_viewer ("考勤表.png");
  g_assert_nonnull (viewer);
  g_assert_nonnull (tj_test_find (GTK_WIDGET (viewer), GTK_TYPE_PICTURE));
  gtk_window_destroy (viewer);
}

static gboolean
list_contains (gpointer data)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (case_list_view ()));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TjCaseRow) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (tj_case_row_get_id (row), data) == 0)
        return TRUE;
    }
  return FALSE;
}

/* Another program writes the database while the window is open: the real
 * tiaojie-cli adds a case, and the list shows it with nobody touching the
 * window (TjRepository::changed, from the file monitor and
 * PRAGMA data_version; no poll). */
static void
test_cli_add_shows_in_list (void)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *id;
  gint64 start;

  tj_cases_page_show_list (show_cases ());
  g_assert_true (tj_test_wait (list_has_n, GUINT_TO_POINTER (2)));
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                           G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           g_getenv ("TJ_CLI"), "--db", db_path, "case", "add", "--json", "-", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc,
                                 "{\"title\":\"南湖物流欠薪\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
                                 "\"employer\":{\"name\":\"南湖物流有限公司\"},"
                                 "\"workers\":[{\"name\":\"李娜\",\"owed_fen\":420000}]}",
                                 NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  start = g_get_monotonic_time ();
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  id = json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "id");

  /* Nobody touches the window: only the change signal can bring it. How
   * long it took is a figure for the log, not an assertion. */
  g_assert_true (tj_test_wait (list_contains, (gpointer) id));
  g_test_message ("The case added by tiaojie-cli was listed after %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
}

static void
test_status_filter (void)
{
  TjCasesPage *cases = show_cases ();
  GtkDropDown *status = NULL;
  g_autoptr(GPtrArray) dropdowns = NULL;

  tj_cases_page_show_list (cases);
  tj_test_drain ();
  /* The first drop-down of the filter popover is the status. */
  dropdowns = tj_test_find_all (GTK_WIDGET (cases), GTK_TYPE_DROP_DOWN);
  for (guint i = 0; i < dropdowns->len && status == NULL; i++)
    {
      GListModel *model = gtk_drop_down_get_model (g_ptr_array_index (dropdowns, i));
      g_autoptr(GtkStringObject) item = g_list_model_get_n_items (model) > 3 ? g_list_model_get_item (model, 3) : NULL;
      if (item && g_strcmp0 (gtk_string_object_get_string (item), tj_case_status_label ("mediating")) == 0)
        status = g_ptr_array_index (dropdowns, i);
    }
  g_assert_nonnull (status);

  /* Only the mediating case is left, and the other comes back. */
  gtk_drop_down_set_selected (status, 3);
  g_assert_true (tj_test_wait (list_has, GUINT_TO_POINTER (1)));
  gtk_drop_down_set_selected (status, 0);
  g_assert_true (tj_test_wait (list_has_n, GUINT_TO_POINTER (2)));
}

static void
seed_settings (void)
{
  /* A Chinese station code, so that case numbers are Chinese throughout. */
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_string (settings, "station-code", "海淀");
}

/* What the intake saves (test_intake_saves()), written through the core,
 * and a second case for the search to leave out: where the subtests
 * after the intake start. */
static void
seed_cases (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (db_path, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) other = NULL;
  /* Role, name, phone, relation; the owner has not paid ¥300,000.00 of
   * the price, as typed in the intake. */
  static const char *const chain[][4] = {
    { "project_owner", "城南置业有限公司", NULL, NULL },
    { "general_contractor", "中城建设集团", NULL, NULL },
    { "subcontractor", "华建劳务有限公司", NULL, "labour_subcontract" },
    { "team_leader", "李四", "13900001111", "team" },
  };
  TjCaseContext ctx;

  g_assert_no_error (error);
  tj_case_context_init_defaults (&ctx);
  ctx.station_code = "海淀";

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, "wage_arrears");
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, "hotline");
  json_builder_set_member_name (builder, "hotline_ref");
  json_builder_add_string_value (builder, "12351-2026-1122-08");
  json_builder_set_member_name (builder, "received_on");
  json_builder_add_string_value (builder, "2026-11-22");
  json_builder_set_member_name (builder, "accepted_on");
  json_builder_add_string_value (builder, "2026-11-22");
  json_builder_set_member_name (builder, "facts");
  json_builder_add_string_value (builder, "城南工地三十名农民工完工后被拖欠工资，总包单位称已付款给分包。");
  json_builder_set_member_name (builder, "employer");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "华建劳务有限公司");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "chain");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (chain); i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, chain[i][0]);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, chain[i][1]);
      if (chain[i][2])
        {
          json_builder_set_member_name (builder, "phone");
          json_builder_add_string_value (builder, chain[i][2]);
        }
      if (chain[i][3])
        {
          json_builder_set_member_name (builder, "relation");
          json_builder_add_string_value (builder, chain[i][3]);
        }
      if (i == 0)
        {
          json_builder_set_member_name (builder, "unpaid_price_fen");
          json_builder_add_int_value (builder, 30000000);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "workers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < N_WORKERS; i++)
    {
      g_autofree char *name = worker_name (i);
      g_autofree char *id = id_number (i);
      g_autofree char *phone = g_strdup_printf ("1381234%04u", i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "id_number");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "phone");
      json_builder_add_string_value (builder, phone);
      json_builder_set_member_name (builder, "owed_fen");
      json_builder_add_int_value (builder, (8000 + 100 * i) * 100);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  added = tj_case_add (store, &ctx, json_node_get_object (root), &error);
  g_assert_no_error (error);
  case_id = g_strdup (tj_json_get_string (added, "id", NULL));

  other = tj_json_parse_object ("{\"title\":\"东方制衣厂加班费\",\"kind\":\"overtime\",\"source\":\"walk_in\","
                                "\"employer\":{\"name\":\"东方制衣厂\"},"
                                "\"workers\":[{\"name\":\"欧阳娜娜\",\"owed_fen\":500000}]}", -1, &error);
  g_assert_no_error (error);
  second = tj_case_add (store, &ctx, other, &error);
  g_assert_no_error (error);
}

/* The same, the hotline case moved on to mediation. */
static void
seed_cases_mediating (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = NULL;
  TjCaseContext ctx;

  seed_cases ();
  store = tj_store_open (db_path, &error);
  g_assert_no_error (error);
  tj_case_context_init_defaults (&ctx);
  g_assert_true (tj_case_set_status (store, &ctx, case_id, "mediating", "双方同意调解", NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  /* Before GTK starts threads: setenv is not thread-safe. C.UTF-8 because
   * the zh_CN locale itself need not be generated for LANGUAGE to work. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  tj_test_init (&argc, &argv, "2026-11-22", TJ_TEST_FLAGS_NONE);

  tj_test_add ("/ui/cases/empty-list", test_empty_list);
  tj_test_add ("/ui/cases/intake-refuses-bad-id", test_intake_refuses_bad_id);
  tj_test_add ("/ui/cases/intake-saves", test_intake_saves);
  tj_test_add_seeded ("/ui/cases/case-page", seed_cases, test_case_page, TJ_TEST_CASE_DEFAULT);
  tj_test_add_seeded ("/ui/cases/search-by-name", seed_cases, test_search_by_name, TJ_TEST_CASE_DEFAULT);
  tj_test_add_seeded ("/ui/cases/related-warning", seed_cases, test_related_warning, TJ_TEST_CASE_DEFAULT);
  tj_test_add_seeded ("/ui/cases/change-status", seed_cases, test_change_status, TJ_TEST_CASE_DEFAULT);
  tj_test_add_seeded ("/ui/cases/edit-party-and-claim", seed_cases, test_edit_party_and_claim, TJ_TEST_CASE_DEFAULT);
  tj_test_add_seeded ("/ui/cases/chain-edit", seed_cases, test_chain_edit, TJ_TEST_CASE_DEFAULT);
  tj_test_add_seeded ("/ui/cases/evidence-preview", seed_cases, test_evidence_preview, TJ_TEST_CASE_DEFAULT);
  tj_test_add_seeded ("/ui/cases/status-filter", seed_cases_mediating, test_status_filter, TJ_TEST_CASE_DEFAULT);
  tj_test_add_seeded ("/ui/cases/cli-add-shows-in-list", seed_cases, test_cli_add_shows_in_list, TJ_TEST_CASE_DEFAULT);

  return tj_test_run (seed_settings);
}
