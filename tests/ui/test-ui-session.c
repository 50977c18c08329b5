/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 4 as a mediator meets it, through the real widgets: open the
 * mediation workspace of a wage case with app.start-mediation, meet the
 * worker side alone, tick a checklist item and find it saved, type a
 * caucus note and find it stored once the typing pauses, record
 * demands and offers over two rounds until the ranges cross and read the
 * crossing message, show the shared screen to the parties and find the
 * caucus note and the private bottom line in none of its labels, and end
 * with an agreement that leaves the case "agreed" with a settlement draft.
 *
 * With TIAOJIE_SCREENSHOT_DIR set, the windows are also saved as PNG files
 * there (how data/screenshots/session-*.png were made). */

#include <glib/gi18n.h>
#include <string.h>

#include "tj-json.h"
#include "tj-list-frame.h"
#include "tj-offer-chart-widget.h"
#include "tj-presentation-window.h"
#include "tj-session-attendance-group.h"
#include "tj-session.h"
#include "tj-session-offers-section.h"
#include "tj-session-steps-section.h"
#include "tj-session-window.h"
#include "tj-settlement.h"
#include "tj-test-store.h"
#include "tj-ui-test.h"

/* Typed into the caucus note; must never reach the parties' screen. */
#define SECRET_NOTE "春节前必须拿到现金，否则回老家过年没钱"
/* A bottom line told in confidence (¥16,543.21 would be the give-away). */
#define SECRET_OFFER "16543.21"
#define SECRET_OFFER_SHOWN "16,543.21"

static char *case_id;
static TjSessionWindow *window;

static const char wage_case[] =
  "{\"title\":\"城南工地农民工欠薪\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
  "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\",\"knew_on\":\"2026-10-31\","
  "\"employment_ended_on\":\"2026-10-31\",\"facts\":\"完工后拖欠工资\","
  "\"employer\":{\"name\":\"华建劳务有限公司\",\"representative\":\"李经理\"},"
  "\"workers\":[{\"name\":\"张三\",\"owed_fen\":1200000},"
  "             {\"name\":\"王伟\",\"owed_fen\":1200000}]}";

static TjStore *
store (void)
{
  return tj_application_get_store (app);
}

static GtkWidget *
find_named_in (GtkWidget  *widget,
               const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0 && gtk_widget_get_visible (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named_in (child, name);

      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
must_find_named (const char *name)
{
  GtkWidget *w = find_named_in (GTK_WIDGET (window), name);

  if (w == NULL)
    g_error ("No visible widget named %s", name);
  return w;
}

/* Scrolls the workspace so that @widget is near the top, as the mediator
 * would before looking at it. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkWidget *child;
  double x, y;

  g_assert_nonnull (scrolled);
  tj_test_wait_frame (scrolled);
  child = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_true (gtk_widget_translate_coordinates (widget, child, 0, 0, &x, &y));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), y - 24);
  tj_test_wait_frame (scrolled);
}

static gboolean
model_idle (gpointer data)
{
  TjSessionModel *model = tj_session_window_get_model (data ? data : window);

  return tj_session_model_get_loaded (model) && !tj_session_model_get_busy (model);
}

/* The model reads and writes on the repository's worker: until what was
 * asked of it is shown. */
static void
settle (void)
{
  tj_test_drain ();
  g_assert_true (tj_test_wait (model_idle, NULL));
  tj_test_drain ();
}

static void
click (const char *name)
{
  g_signal_emit_by_name (must_find_named (name), "clicked");
  settle ();
}

static void
show_step (const char *step)
{
  /* The steps: the list styled as a navigation sidebar (it folds away
   * in an AdwFlap, so it need not come first in the window). */
  GtkListBox *list = GTK_LIST_BOX (tj_test_find_sidebar (GTK_WIDGET (window)));

  /* As the mediator does: pick the step in the sidebar. */
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      g_assert_nonnull (row);
      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "step"), step) == 0)
        {
          gtk_list_box_select_row (list, row);
          break;
        }
    }
  settle ();
  g_assert_cmpstr (tj_session_window_get_step (window), ==, step);
}

static JsonObject *
shown_session (void)
{
  g_autoptr(GError) error = NULL;
  JsonObject *session = tj_session_window_get_session (window);
  JsonObject *fresh;

  g_assert_nonnull (session);
  fresh = tj_session_show (store (), NULL, tj_json_get_string (session, "id", ""), &error);
  g_assert_no_error (error);
  return fresh;
}

static void
record_offer (guint       side,
              const char *amount,
              gboolean    private)
{
  GtkWidget *offers = tj_test_find (GTK_WIDGET (window), TJ_TYPE_SESSION_OFFERS_SECTION);
  AdwComboRow *side_row = ADW_COMBO_ROW (tj_test_find_row (offers, _("Side")));
  AdwComboRow *issue_row = ADW_COMBO_ROW (tj_test_find_row (offers, _("Issue")));

  g_assert_nonnull (side_row);
  g_assert_nonnull (issue_row);
  adw_combo_row_set_selected (side_row, side);
  adw_combo_row_set_selected (issue_row, 0);
  gtk_editable_set_text (GTK_EDITABLE (must_find_named ("offer-value")), amount);
  gtk_switch_set_active (GTK_SWITCH (must_find_named ("offer-private")), private);
  click ("add-offer");
}

/* The workspace of the seeded case, as app.start-mediation opens it. */
static void
open_workspace (void)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "start-mediation", g_variant_new_string (case_id));
  window = TJ_SESSION_WINDOW (tj_test_wait_for_toplevel (TJ_TYPE_SESSION_WINDOW));
  g_assert_cmpstr (tj_session_window_get_case_id (window), ==, case_id);
  /* Shown at once, read on the worker. */
  settle ();
}

/* The first meeting: the worker side alone. */
static void
start_worker_session (void)
{
  show_step ("separate_worker");
  click ("start-session");
  g_assert_nonnull (tj_session_window_get_session (window));
}

static gboolean note_stored (gpointer data);

/* The caucus note typed in two goes, as a person would: the first
 * keystroke creates the note, the rest goes through the autosave. */
static void
type_caucus_note (void)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (must_find_named ("session-note")));
  GtkTextIter end;

  gtk_text_buffer_set_text (buffer, "春节前", -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, SECRET_NOTE + strlen ("春节前"), -1);
  /* Stored once the typing pauses: the autosave's timer, an event. */
  g_assert_true (tj_test_wait (note_stored, (gpointer) SECRET_NOTE));
}

/* Round 1: the worker side's demand, the employer's first offer, and a
 * bottom line told in confidence. */
static void
record_first_round (void)
{
  record_offer (0, "24000", FALSE);
  record_offer (1, "15000", FALSE);
  record_offer (1, SECRET_OFFER, TRUE);
}

/* Round 2: another separate meeting (shuttle) where the ranges meet at
 * ¥21,000. */
static void
record_second_round (void)
{
  show_step ("shuttle");
  click ("start-session");
  g_assert_cmpint (tj_json_get_int (tj_session_window_get_session (window), "round", 0), ==, 2);
  record_offer (0, "21000", FALSE);
  record_offer (1, "21000", FALSE);
}

static void
test_open_workspace (void)
{
  open_workspace ();

  /* The same action again raises the same window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "start-mediation", g_variant_new_string (case_id));
  tj_test_drain ();
  g_assert_true (TJ_SESSION_WINDOW (tj_test_find_toplevel (TJ_TYPE_SESSION_WINDOW)) == window);

  show_step ("preparation");
  tj_test_screenshot (GTK_WIDGET (window), "session-preparation.png");
}

static void
test_checklist_saved (void)
{
  g_autoptr(JsonObject) session = NULL;
  GtkWidget *row, *sw;

  open_workspace ();
  show_step ("separate_worker");
  g_assert_null (tj_session_window_get_session (window));
  click ("start-session");
  g_assert_nonnull (tj_session_window_get_session (window));
  g_assert_cmpstr (tj_session_window_get_step (window), ==, "separate_worker");

  row = tj_test_find_row (GTK_WIDGET (window), tj_session_checklist_label ("identities_checked"));
  g_assert_nonnull (row);
  sw = tj_test_find (row, GTK_TYPE_SWITCH);
  g_assert_nonnull (sw);
  gtk_switch_set_active (GTK_SWITCH (sw), TRUE);
  settle ();

  session = shown_session ();
  g_assert_true (tj_json_get_bool (tj_json_get_object (session, "checklist"), "identities_checked", FALSE));
  g_clear_pointer (&session, json_object_unref);

  /* A meeting started for today runs its clock; the header button pauses
   * and resumes it. */
  session = shown_session ();
  g_assert_true (tj_json_get_bool (tj_json_get_object (session, "timer"), "running", FALSE));
  g_clear_pointer (&session, json_object_unref);
  gtk_widget_activate_action (GTK_WIDGET (window), "session.timer", NULL);
  settle ();
  session = shown_session ();
  g_assert_false (tj_json_get_bool (tj_json_get_object (session, "timer"), "running", FALSE));
  g_clear_pointer (&session, json_object_unref);
  gtk_widget_activate_action (GTK_WIDGET (window), "session.timer", NULL);
  settle ();
  session = shown_session ();
  g_assert_true (tj_json_get_bool (tj_json_get_object (session, "timer"), "running", FALSE));
  g_assert_false (tj_json_get_bool (tj_json_get_object (session, "checklist"), "rights_explained", FALSE));
}

static gboolean
note_stored (gpointer data)
{
  g_autoptr(JsonObject) session = shown_session ();
  JsonArray *notes = tj_json_get_array (session, "notes");

  for (guint i = 0; notes && i < json_array_get_length (notes); i++)
    if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (notes, i), "text", ""), data) == 0)
      return TRUE;
  return FALSE;
}

static void
test_caucus_note_autosaved (void)
{
  GtkWidget *mark;

  open_workspace ();
  start_worker_session ();
  mark = must_find_named ("caucus-mark");
  /* The caucus is marked as such, with the words a mediator expects. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (mark)), ==, _("Mediator only · caucus"));

  type_caucus_note ();
  scroll_to (gtk_widget_get_parent (mark));
  tj_test_screenshot (GTK_WIDGET (window), "session-caucus.png");
}

/* Closed while the last words are not yet written (before the autosave's
 * pause): the window stays, insensitive, until the worker has written
 * them, then goes; nothing typed is lost. */
static void
test_close_saves_note (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autofree char *session_id = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter end;
  JsonArray *notes;

  open_workspace ();
  start_worker_session ();
  session_id = g_strdup (tj_json_get_string (tj_session_window_get_session (window), "id", ""));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (must_find_named ("session-note")));
  gtk_text_buffer_set_text (buffer, "春节前", -1);
  settle ();
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "必须拿到现金", -1);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (tj_test_find_toplevel (TJ_TYPE_SESSION_WINDOW) == GTK_WINDOW (window));
  g_assert_true (tj_test_wait (tj_test_toplevel_gone, GSIZE_TO_POINTER (TJ_TYPE_SESSION_WINDOW)));
  window = NULL;

  stored = tj_session_show (store (), NULL, session_id, &error);
  g_assert_no_error (error);
  notes = tj_json_get_array (stored, "notes");
  g_assert_cmpuint (json_array_get_length (notes), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (notes, 0), "text", ""), ==, "春节前必须拿到现金");
}

/* The offers section shows the model's lists in list views, the cards
 * through a filter on "settled"; each row shown is one of the model's. */
static void
assert_offers_lists (void)
{
  GtkWidget *offers = tj_test_find (GTK_WIDGET (window), TJ_TYPE_SESSION_OFFERS_SECTION);
  g_autoptr(GPtrArray) views = NULL;
  TjSessionModel *model = tj_session_window_get_model (window);
  GListModel *issues = tj_session_model_get_list (model, "issues");
  GListModel *lists[] = { tj_session_model_get_list (model, "moves"), issues,
                          tj_session_model_get_list (model, "bottom-lines") };
  gboolean bound[G_N_ELEMENTS (lists)] = { FALSE, };
  gboolean cards = FALSE;
  g_autoptr(TjSessionIssueRow) issue = g_list_model_get_item (issues, 0);
  g_autoptr(TjSessionItem) line = g_list_model_get_item (lists[2], 0);

  /* The shuttle step: the mediator's view, with the employer's bottom line. */
  g_assert_cmpuint (g_list_model_get_n_items (lists[0]), ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (issues), ==, 1);
  g_assert_cmpstr (tj_session_issue_row_get_status (issue), ==, "crossed");
  g_assert_cmpuint (g_list_model_get_n_items (lists[2]), ==, 1);
  g_assert_nonnull (strstr (tj_session_item_get_title (line), SECRET_OFFER_SHOWN));
  /* The record of every figure is folded away until asked for. */
  gtk_expander_set_expanded (GTK_EXPANDER (tj_test_find (offers, GTK_TYPE_EXPANDER)), TRUE);
  tj_test_drain ();
  views = tj_test_find_all (offers, GTK_TYPE_LIST_VIEW);
  for (guint i = 0; i < views->len; i++)
    {
      GtkSelectionModel *selection = gtk_list_view_get_model (views->pdata[i]);
      GListModel *shown;

      /* The combo rows' popovers have list views of their own. */
      if (!GTK_IS_NO_SELECTION (selection))
        continue;
      shown = gtk_no_selection_get_model (GTK_NO_SELECTION (selection));
      for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
        bound[k] |= shown == lists[k];
      if (GTK_IS_FILTER_LIST_MODEL (shown) && gtk_filter_list_model_get_model (GTK_FILTER_LIST_MODEL (shown)) == issues)
        {
          cards = TRUE;
          g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
        }
    }
  for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
    g_assert_true (bound[k]);
  g_assert_true (cards);
  g_assert_nonnull (tj_test_find_row (offers, tj_session_item_get_title (line)));
  g_assert_nonnull (tj_test_find_row (offers, tj_session_issue_row_get_label (issue)));
  {
    g_autoptr(TjSessionItem) move = g_list_model_get_item (lists[0], 4);
    g_assert_nonnull (tj_test_find_row (offers, tj_session_item_get_title (move)));
  }
  gtk_expander_set_expanded (GTK_EXPANDER (tj_test_find (offers, GTK_TYPE_EXPANDER)), FALSE);
}

static gboolean
crossing_shown (gpointer data)
{
  return find_named_in (GTK_WIDGET (window), "crossing-message") != NULL;
}

static void
test_offers_cross (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) figures = NULL;
  JsonObject *issue;
  GtkWidget *label;
  TjOfferChartWidget *chart;

  open_workspace ();
  start_worker_session ();
  record_first_round ();
  g_assert_false (crossing_shown (NULL));
  record_second_round ();

  figures = tj_session_figures (store (), case_id, TJ_AUDIENCE_TABLE, &error);
  g_assert_no_error (error);
  issue = json_array_get_object_element (tj_json_get_array (figures, "issues"), 0);
  g_assert_cmpstr (tj_json_get_string (issue, "status", ""), ==, "crossed");

  g_assert_true (crossing_shown (NULL));
  label = must_find_named ("crossing-message");
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "21,000.00"));
  assert_offers_lists ();

  chart = TJ_OFFER_CHART_WIDGET (tj_test_find (GTK_WIDGET (window), TJ_TYPE_OFFER_CHART_WIDGET));
  g_assert_nonnull (chart);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chart)));
  g_assert_cmpuint (tj_offer_chart_widget_count_drawn (tj_offer_chart_widget_get_figures (chart)), ==, 1);
  if (g_getenv ("TIAOJIE_SCREENSHOT_DIR"))
    {
      /* Tall enough for the notes, the crossing and the chart together. */
      gtk_window_set_default_size (GTK_WINDOW (window), 1280, 1180);
      tj_test_drain ();
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (must_find_named ("session-note"))),
                                "第二轮：公司同意 2.1 万元，12 月 20 日前一次付清。", -1);
      scroll_to (gtk_widget_get_parent (must_find_named ("session-note")));
      tj_test_screenshot (GTK_WIDGET (window), "session-offers.png");
      gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
      tj_test_drain ();
    }
}

static void
test_presentation_has_no_caucus (void)
{
  GtkWindow *presentation;
  g_autoptr(GPtrArray) labels = NULL;
  gboolean shows_figure = FALSE;

  open_workspace ();
  start_worker_session ();
  type_caucus_note ();
  record_first_round ();
  record_second_round ();
  gtk_widget_activate_action (GTK_WIDGET (window), "session.present", NULL);
  presentation = tj_test_wait_for_toplevel (TJ_TYPE_PRESENTATION_WINDOW);
  tj_test_drain ();

  labels = tj_test_find_all (GTK_WIDGET (presentation), GTK_TYPE_LABEL);
  g_assert_cmpuint (labels->len, >, 0);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_text (g_ptr_array_index (labels, i));

      g_assert_null (strstr (text, SECRET_NOTE));
      g_assert_null (strstr (text, "春节前"));
      g_assert_null (strstr (text, SECRET_OFFER_SHOWN));
      if (strstr (text, "21,000.00"))
        shows_figure = TRUE;
    }
  /* Shared content does reach it. */
  g_assert_true (shows_figure);
  tj_test_screenshot (GTK_WIDGET (presentation), "presentation.png");
  gtk_window_destroy (presentation);
}

static gboolean
presentation_has (gpointer data)
{
  GtkWindow *presentation = tj_test_find_toplevel (TJ_TYPE_PRESENTATION_WINDOW);
  g_autoptr(GPtrArray) labels = NULL;

  if (presentation == NULL)
    return FALSE;
  labels = tj_test_find_all (GTK_WIDGET (presentation), GTK_TYPE_LABEL);
  for (guint i = 0; i < labels->len; i++)
    if (strstr (gtk_label_get_text (g_ptr_array_index (labels, i)), data))
      return TRUE;
  return FALSE;
}

static void
test_release_with_consent (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) timeline = NULL;
  g_autoptr(JsonObject) session = NULL;
  AdwMessageDialog *dialog;
  JsonObject *note;
  gboolean recorded = FALSE;

  open_workspace ();
  start_worker_session ();
  type_caucus_note ();
  gtk_widget_activate_action (GTK_WIDGET (window), "session.present", NULL);
  tj_test_wait_for_toplevel (TJ_TYPE_PRESENTATION_WINDOW);
  tj_test_drain ();
  g_assert_false (presentation_has ((gpointer) SECRET_NOTE));
  gtk_window_destroy (tj_test_find_toplevel (TJ_TYPE_PRESENTATION_WINDOW));
  g_assert_true (tj_test_wait (tj_test_toplevel_gone, GSIZE_TO_POINTER (TJ_TYPE_PRESENTATION_WINDOW)));

  /* The worker side agrees that the mediator may tell the employer (the
   * parties' screen is closed: while it is up the caucus note is not
   * even shown to the mediator). */
  show_step ("separate_worker");
  click ("release-note");
  dialog = ADW_MESSAGE_DIALOG (tj_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  /* The note came from the worker side's caucus: that side is asked, not
   * the other. */
  g_assert_true (adw_message_dialog_has_response (dialog, "worker"));
  g_assert_false (adw_message_dialog_has_response (dialog, "employer"));
  adw_message_dialog_response (dialog, "worker");
  settle ();

  session = shown_session ();
  note = json_array_get_object_element (tj_json_get_array (session, "notes"), 0);
  g_assert_cmpstr (tj_json_get_string (note, "text", ""), ==, SECRET_NOTE);
  g_assert_true (json_object_has_member (note, "released_at"));
  /* Released text is final: the view no longer takes typing. */
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (must_find_named ("session-note"))));
  g_assert_null (find_named_in (GTK_WIDGET (window), "release-note"));

  timeline = tj_case_timeline (store (), case_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (timeline); i++)
    {
      JsonObject *event = json_array_get_object_element (timeline, i);

      if (g_strcmp0 (tj_json_get_string (event, "kind", tj_json_get_string (event, "type", "")), "note_released") == 0)
        {
          recorded = TRUE;
          /* The timeline says who consented, never what was said. */
          g_assert_null (strstr (tj_json_get_string (event, "text", ""), SECRET_NOTE));
        }
    }
  g_assert_true (recorded);

  /* Now, and only now, the parties' screen shows it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "session.present", NULL);
  tj_test_wait_for_toplevel (TJ_TYPE_PRESENTATION_WINDOW);
  g_assert_true (tj_test_wait (presentation_has, (gpointer) SECRET_NOTE));

  /* At the joint session the mediator sees it among what is shared. */
  show_step ("joint");
  click ("start-session");
  g_assert_cmpstr (tj_json_get_string (tj_session_window_get_session (window), "kind", ""), ==, "joint");
  g_assert_nonnull (tj_test_find_row (GTK_WIDGET (window), SECRET_NOTE));
  tj_test_screenshot (GTK_WIDGET (window), "session-joint.png");

  /* A figure recorded elsewhere (the command line, another station's
   * sync) reaches the parties' screen and the workspace by itself. */
  {
    g_autofree char *out = NULL;
    int status = 0;
    const char *argv[] = { g_getenv ("TJ_CLI"), "--db", db_path, "session", "offer",
                           tj_json_get_string (tj_session_window_get_session (window), "id", ""),
                           "--by", "employer", "--issue", "economic_compensation", "--amount", "3456", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                                 &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_assert_true (tj_test_wait (presentation_has, (gpointer) "3,456.00"));
  gtk_window_destroy (tj_test_find_toplevel (TJ_TYPE_PRESENTATION_WINDOW));
  tj_test_drain ();
}

/* Whether a preferences group in the outcome step describes @text. */
static gboolean
outcome_says (const char *text)
{
  g_autoptr(GPtrArray) groups = tj_test_find_all (GTK_WIDGET (window), ADW_TYPE_PREFERENCES_GROUP);

  for (guint i = 0; i < groups->len; i++)
    {
      const char *d = adw_preferences_group_get_description (g_ptr_array_index (groups, i));
      if (gtk_widget_get_mapped (g_ptr_array_index (groups, i)) && d && strstr (d, text))
        return TRUE;
    }
  return FALSE;
}

static gboolean
outcome_agreed (gpointer data)
{
  g_autofree char *agreed = g_strdup_printf (_("Case status: %s · settlement %s"),
                                             tj_case_status_label ("agreed"), _("agreed"));
  return outcome_says (agreed);
}

static void
test_agreement (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) settlement = NULL;
  TjCaseContext ctx;

  open_workspace ();
  start_worker_session ();
  record_first_round ();
  record_second_round ();
  show_step ("outcome");
  tj_test_screenshot (GTK_WIDGET (window), "session-outcome.png");
  /* Without a payment date nothing is written and the mediator is told. */
  click ("record-agreement");
  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  shown = tj_case_show (store (), &ctx, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (shown, "status", ""), ==, "mediating");
  g_clear_pointer (&shown, json_object_unref);

  gtk_editable_set_text (GTK_EDITABLE (must_find_named ("agree-due")), "2026-12-20");
  click ("record-agreement");
  shown = tj_case_show (store (), &ctx, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (shown, "status", ""), ==, "agreed");
  settlement = tj_settlement_get (store (), &ctx, case_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (settlement, "status", ""), ==, "draft");
  g_assert_cmpint (tj_json_get_int (settlement, "total_fen", 0), ==, 2100000);

  /* The outcome step now shows the settlement draft. */
  g_assert_cmpstr (tj_session_window_get_step (window), ==, "outcome");
  g_assert_nonnull (tj_test_find_row (GTK_WIDGET (window), _("Total")));
  tj_test_screenshot (GTK_WIDGET (window), "session-agreed.png");
  g_assert_true (outcome_says (_("draft, ready for the agreement document")));

  /* The settlement is agreed on the case page: the workspace, still open
   * at the outcome, says so without being asked (it used to keep showing
   * the draft). */
  {
    g_autoptr(JsonObject) doc = tj_store_get (store (), tj_json_get_string (settlement, "id", ""), NULL, TJ_GET_NONE, &error);
    g_autofree char *rev = NULL;
    g_assert_no_error (error);
    json_object_set_string_member (doc, "status", "agreed");
    rev = tj_store_put (store (), doc, NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_true (tj_test_wait (outcome_agreed, NULL));
  gtk_window_close (GTK_WINDOW (window));
  tj_test_drain ();
}

/* A second case where the employer will not pay: the outcome says so and
 * tells the worker where to go next, with dates. */
static void
test_failure_next_steps (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonObject) shown = NULL;
  TjSessionWindow *second;
  TjCaseContext ctx;
  const char *id;

  input = tj_json_parse_object (wage_case, -1, &error);
  g_assert_no_error (error);
  json_object_set_string_member (input, "title", "东区仓库搬运工欠薪");
  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  added = tj_case_add (store (), &ctx, input, &error);
  g_assert_no_error (error);
  id = tj_json_get_string (added, "id", NULL);

  g_action_group_activate_action (G_ACTION_GROUP (app), "start-mediation", g_variant_new_string (id));
  second = TJ_SESSION_WINDOW (tj_test_wait_for_toplevel (TJ_TYPE_SESSION_WINDOW));
  g_assert_cmpstr (tj_session_window_get_case_id (second), ==, id);
  window = second;
  settle ();

  show_step ("separate_employer");
  click ("start-session");
  show_step ("outcome");

  /* No reason: nothing changes. */
  click ("record-failure");
  shown = tj_case_show (store (), &ctx, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (shown, "status", ""), ==, "mediating");
  g_clear_pointer (&shown, json_object_unref);

  gtk_editable_set_text (GTK_EDITABLE (tj_test_find_row (GTK_WIDGET (window), _("Reason"))),
                         "公司称无力支付，拒绝调解方案");
  click ("record-failure");
  shown = tj_case_show (store (), &ctx, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (shown, "status", ""), ==, "failed");

  /* Arbitration with its limitation date, labour inspection, legal aid. */
  g_assert_nonnull (tj_test_find_row (GTK_WIDGET (window), _("Apply for labour arbitration")));
  g_assert_nonnull (tj_test_find_row (GTK_WIDGET (window), _("Complain to the labour inspection")));
  g_assert_nonnull (tj_test_find_row (GTK_WIDGET (window), _("Ask for free legal aid")));
  /* The arbitration step makes the application the worker takes along. */
  {
    GtkWidget *button = must_find_named ("arbitration-application");
    g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "app.case-paper");
    g_assert_cmpstr (g_variant_get_type_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button))), ==,
                     "(ss)");
  }
  tj_test_screenshot (GTK_WIDGET (window), "session-failed.png");
  gtk_window_close (GTK_WINDOW (window));
  tj_test_drain ();
}

static gboolean
window_drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

/* The workspace of the case @id opened, drawn, at a started joint session and
 * laid out and drawn again: positions are real. It is the window the
 * helpers work on. */
static TjSessionWindow *
open_at_joint_session (const char *id)
{
  window = tj_session_window_open (app, id);
  g_assert_true (tj_test_wait (window_drawn, window));
  settle ();
  show_step ("joint");
  click ("start-session");
  tj_test_wait_frame (GTK_WIDGET (window));
  return window;
}

/* A collective case of 75 workers: the attendance is one collapsed row per
 * role with its count, and the note is still on the first screen. */
static void
test_many_workers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(GPtrArray) expanders = NULL;
  GString *json = g_string_new ("{\"title\":\"园区安装队七十五人欠薪\",\"kind\":\"wage_arrears\",\"source\":\"station\","
                                "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\","
                                "\"knew_on\":\"2026-10-31\",\"employment_ended_on\":\"2026-10-31\","
                                "\"employer\":{\"name\":\"园区安装有限公司\"},\"workers\":[");
  TjSessionWindow *many;
  GtkWidget *note, *scrolled;
  TjCaseContext ctx;
  double x, y;

  for (int i = 0; i < 75; i++)
    g_string_append_printf (json, "%s{\"name\":\"工人%02d\",\"owed_fen\":1200000}", i ? "," : "", i + 1);
  g_string_append (json, "]}");
  input = tj_json_parse_object (json->str, -1, &error);
  g_string_free (json, TRUE);
  g_assert_no_error (error);
  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  added = tj_case_add (store (), &ctx, input, &error);
  g_assert_no_error (error);

  many = open_at_joint_session (tj_json_get_string (added, "id", NULL));

  expanders = tj_test_find_all (GTK_WIDGET (many), ADW_TYPE_EXPANDER_ROW);
  {
    gboolean found = FALSE;
    g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u present", "%u of %u present", 75),
                                              0, 75);
    for (guint i = 0; i < expanders->len; i++)
      {
        AdwExpanderRow *row = g_ptr_array_index (expanders, i);
        if (g_strcmp0 (adw_expander_row_get_subtitle (row), count) == 0)
          {
            found = TRUE;
            g_assert_false (adw_expander_row_get_expanded (row));
          }
      }
    g_assert_true (found);
  }
  note = must_find_named ("session-note");
  scrolled = gtk_widget_get_ancestor (note, GTK_TYPE_SCROLLED_WINDOW);
  g_assert_true (gtk_widget_translate_coordinates (note, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                                   0, 0, &x, &y));
  g_assert_cmpfloat (y, <, gtk_widget_get_height (scrolled));
  gtk_window_close (GTK_WINDOW (many));
  tj_test_drain ();
}

/* The check of the row that shows @name, among the rows @list has made;
 * NULL when none shows it. */
static GtkCheckButton *
row_check (GtkWidget  *list,
           const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = gtk_widget_get_first_child (row);

      if (GTK_IS_CHECK_BUTTON (check) && gtk_widget_get_child_visible (row) &&
          g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (check)), name) == 0)
        return GTK_CHECK_BUTTON (check);
    }
  return NULL;
}

static guint
count_children (GtkWidget *widget)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* Every row made shows its own person's tick: a recycled row carries
 * nothing over from the person it showed before. */
static void
assert_rows_show (GtkWidget  *list,
                  const char *present_a,
                  const char *present_b)
{
  for (GtkWidget *row = gtk_widget_get_first_child (list); row; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *check = gtk_widget_get_first_child (row);
      const char *name;

      if (!GTK_IS_CHECK_BUTTON (check) || !gtk_widget_get_child_visible (row))
        continue;
      name = gtk_check_button_get_label (GTK_CHECK_BUTTON (check));
      g_assert_cmpint (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)), ==,
                       g_strcmp0 (name, present_a) == 0 || g_strcmp0 (name, present_b) == 0);
    }
}

/* The ids of those the stored meeting has present. */
static char *
stored_attendance (void)
{
  g_autoptr(JsonObject) session = shown_session ();
  JsonArray *ids = tj_json_get_array (session, "attendance");
  GString *out = g_string_new (NULL);

  for (guint i = 0; ids && i < json_array_get_length (ids); i++)
    g_string_append_printf (out, "%s%s", i ? "," : "", json_array_get_string_element (ids, i));
  return g_string_free (out, FALSE);
}

/* The focus is on @data or inside it. */
static gboolean
focus_is (gpointer data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus && (focus == data || gtk_widget_is_ancestor (focus, data));
}

/* The list's frame as tall as it gets: the people's list shows
 * the nine or so it has room for. */
static gboolean
fully_open (gpointer data)
{
  GtkWidget *frame = gtk_widget_get_ancestor (data, TJ_TYPE_LIST_FRAME);

  return gtk_widget_get_height (frame) >= tj_list_frame_get_max_height (TJ_LIST_FRAME (frame));
}

/* A mass layoff: 500 workers. The attendance makes rows for what is on
 * screen, not one per worker; a tick after scrolling is stored for the
 * person it shows, and recycled rows show their own people's ticks; the
 * search box finds 王建国, Enter goes to his check and Space ticks him. */
static void
test_roster_of_500 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree char *count = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *expected = NULL;
  GString *json = g_string_new ("{\"title\":\"电子厂整体搬迁五百人解除合同\",\"kind\":\"wage_arrears\",\"source\":\"station\","
                                "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\","
                                "\"knew_on\":\"2026-10-31\",\"employment_ended_on\":\"2026-10-31\","
                                "\"employer\":{\"name\":\"鸿达电子有限公司\"},\"workers\":[");
  TjSessionAttendanceGroup *workers = NULL;
  GtkWidget *list, *scrolled, *search;
  GtkAdjustment *adj;
  GtkCheckButton *check;
  const char *id_450 = NULL, *id_wang = NULL;
  JsonArray *people;
  TjCaseContext ctx;
  guint made;

  /* 王建国 is the 377th; the others are numbered. */
  for (int i = 1; i <= 500; i++)
    {
      if (i == 377)
        g_string_append (json, ",{\"name\":\"王建国\",\"owed_fen\":860000}");
      else
        g_string_append_printf (json, "%s{\"name\":\"工人%03d\",\"owed_fen\":860000}", i > 1 ? "," : "", i);
    }
  g_string_append (json, "]}");
  input = tj_json_parse_object (json->str, -1, &error);
  g_string_free (json, TRUE);
  g_assert_no_error (error);
  tj_context_fill_case_context (tj_application_get_context (app), &ctx);
  added = tj_case_add (store (), &ctx, input, &error);
  g_assert_no_error (error);
  shown = tj_case_show (store (), &ctx, tj_json_get_string (added, "id", NULL), &error);
  g_assert_no_error (error);
  people = tj_json_get_array (shown, "workers");
  g_assert_cmpuint (json_array_get_length (people), ==, 500);
  for (guint i = 0; i < 500; i++)
    {
      JsonObject *worker = json_array_get_object_element (people, i);
      if (g_str_equal (tj_json_get_string (worker, "name", ""), "工人450"))
        id_450 = tj_json_get_string (worker, "id", NULL);
      else if (g_str_equal (tj_json_get_string (worker, "name", ""), "王建国"))
        id_wang = tj_json_get_string (worker, "id", NULL);
    }
  g_assert_nonnull (id_450);
  g_assert_nonnull (id_wang);

  open_at_joint_session (tj_json_get_string (added, "id", NULL));

  groups = tj_test_find_all (GTK_WIDGET (window), TJ_TYPE_SESSION_ATTENDANCE_GROUP);
  for (guint i = 0; i < groups->len; i++)
    if (g_strcmp0 (tj_session_attendance_group_get_kind (groups->pdata[i]), "worker") == 0)
      workers = groups->pdata[i];
  g_assert_nonnull (workers);
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u present", "%u of %u present", 500), 0, 500);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (workers)), ==, count);
  /* Five hundred start collapsed; the mediator opens them. */
  g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (workers)));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (workers), TRUE);
  list = tj_test_find (GTK_WIDGET (workers), GTK_TYPE_GRID_VIEW);
  g_assert_nonnull (list);
  scrolled = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
  /* Opened all the way (the expander slides open). */
  g_assert_true (tj_test_wait (fully_open, scrolled));
  scroll_to (GTK_WIDGET (workers));
  g_assert_true (gtk_widget_get_mapped (list));
  made = count_children (list);
  g_test_message ("rows made for 500 workers: %u", made);
  /* About thirty rows of the grid (GTK keeps that many alive around
   * what is shown) and a few more, whatever the roster's size. */
  g_assert_cmpuint (made, >, 0);
  g_assert_cmpuint (made, <=, 50);
  g_assert_nonnull (row_check (list, "工人001"));
  g_assert_null (row_check (list, "工人450"));

  /* Scrolled down to the 450th, as far as the wheel takes it. */
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) * 449 / 500);
  tj_test_wait_frame (list);
  check = row_check (list, "工人450");
  g_assert_nonnull (check);
  g_assert_false (gtk_check_button_get_active (check));
  g_assert_cmpuint (count_children (list), <=, 50);
  gtk_widget_activate (GTK_WIDGET (check));
  settle ();
  stored = stored_attendance ();
  g_assert_cmpstr (stored, ==, id_450);
  g_clear_pointer (&count, g_free);
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u present", "%u of %u present", 500), 1, 500);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (workers)), ==, count);
  tj_test_wait_frame (list);
  assert_rows_show (list, "工人450", NULL);
  tj_test_screenshot (GTK_WIDGET (window), "session-attendance-500.png");

  /* Back to the top: the rows that showed 450 and its neighbours now show
   * others, none ticked. */
  gtk_adjustment_set_value (adj, 0);
  tj_test_wait_frame (list);
  g_assert_nonnull (row_check (list, "工人001"));
  assert_rows_show (list, "工人450", NULL);

  /* Finding 王建国: the search box, Enter to his check, Space. */
  search = tj_test_find_named (GTK_WIDGET (workers), "attendance-search");
  g_assert_nonnull (search);
  g_assert_true (gtk_widget_get_visible (search));
  gtk_editable_set_text (GTK_EDITABLE (search), "王建国");
  tj_test_wait_frame (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (list)))), ==, 1);
  check = row_check (list, "王建国");
  g_assert_nonnull (check);
  g_assert_false (gtk_check_button_get_active (check));
  g_signal_emit_by_name (search, "activate");
  g_assert_true (tj_test_wait (focus_is, gtk_widget_get_parent (GTK_WIDGET (check))));
  /* Space on the focused row. */
  g_assert_true (gtk_widget_activate (gtk_root_get_focus (GTK_ROOT (window))));
  settle ();
  g_assert_true (gtk_check_button_get_active (check));
  g_clear_pointer (&stored, g_free);
  stored = stored_attendance ();
  /* Both stored, in the order they were ticked (the worker adds each
   * tick to what is stored). */
  expected = g_strdup_printf ("%s,%s", id_450, id_wang);
  g_assert_cmpstr (stored, ==, expected);
  tj_test_screenshot (GTK_WIDGET (window), "session-attendance-search.png");

  /* A name nobody has: said so, not an empty box. */
  gtk_editable_set_text (GTK_EDITABLE (search), "赵六");
  tj_test_drain ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (list)))), ==, 0);
  g_assert_true (gtk_widget_get_visible (must_find_named ("attendance-nobody")));

  /* Cleared: everyone again, two ticked. */
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  tj_test_wait_frame (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (list)))), ==, 500);
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) * 372 / 500);
  tj_test_wait_frame (list);
  check = row_check (list, "王建国");
  g_assert_nonnull (check);
  g_assert_true (gtk_check_button_get_active (check));
  assert_rows_show (list, "工人450", "王建国");
  /* The arrow key (the window's move-focus down) goes to the next person
   * and ticks nobody. */
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (check))));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_DOWN));
  g_assert_true (focus_is (gtk_widget_get_parent (GTK_WIDGET (row_check (list, "工人378")))));
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_UP));
  g_assert_true (focus_is (gtk_widget_get_parent (GTK_WIDGET (check))));
  g_clear_pointer (&stored, g_free);
  stored = stored_attendance ();
  g_assert_cmpstr (stored, ==, expected);

  /* The same in the dark. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  tj_test_screenshot (GTK_WIDGET (window), "session-attendance-dark.png");
  gtk_window_close (GTK_WINDOW (window));
  tj_test_drain ();
}

/* The wage case of two workers the workspace is opened on. */
static void
seed (void)
{
  case_id = tj_test_add_case_at (db_path, wage_case);
}

static void
setup_wrapping_label_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_wrapping_label_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

static gboolean
rows_allocated (gpointer data)
{
  return gtk_widget_get_first_child (data) && gtk_widget_get_height (gtk_widget_get_first_child (data)) > 0;
}

/* A list view of rows that wrap, in a page that scrolls as a whole: the
 * frame gives each row the height of its wrapped text at the width it
 * has (the list view alone asks for one line per row), and scrolls only
 * past its max-height. */
static void
test_list_frame (void)
{
  static const char * const texts[] = {
    "Wages owed: the ranges have crossed — both sides can meet at ¥21,000.00, and nothing is left between them",
    "Payment date: the worker side asks for the end of the month, the employer side for the end of the next",
    NULL,
  };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *frame = tj_list_frame_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  /* The selection takes the strings, the view the selection and factory. */
  GtkStringList *strings = gtk_string_list_new (texts);
  GtkWidget *view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (strings))),
                                       factory);
  int total = 0;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_wrapping_label_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_wrapping_label_cb), NULL);
  tj_list_frame_set_child (TJ_LIST_FRAME (frame), view);
  gtk_box_append (GTK_BOX (box), frame);
  gtk_box_append (GTK_BOX (box), gtk_label_new ("below"));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 240, 600);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (tj_test_wait (rows_allocated, view));
  tj_test_wait_frame (view);
  tj_test_drain ();

  for (GtkWidget *row = gtk_widget_get_first_child (view); row; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *label = gtk_widget_get_first_child (row);
      int needed = 0, one_line = 0;

      gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (label), &needed, NULL, NULL, NULL);
      gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, -1, &one_line, NULL, NULL, NULL);
      /* Narrow enough to wrap, so the test means something. */
      g_assert_cmpint (needed, >, one_line);
      g_assert_cmpint (gtk_widget_get_height (label), >=, needed);
      total += gtk_widget_get_height (row);
    }
  g_assert_cmpint (gtk_widget_get_height (view), >=, total);

  /* Capped: shorter than its rows, and scrolling by itself. */
  tj_list_frame_set_max_height (TJ_LIST_FRAME (frame), 40);
  tj_test_drain ();
  tj_test_wait_frame (frame);
  g_assert_cmpint (gtk_widget_get_height (frame), <=, 40);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* TjSessionSection holds the model of every section: given another, the
 * section lets go of the first (no handler of its left there) and follows
 * the new one; the same one again changes nothing. */
static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_section_model (void)
{
  TjSessionSection *section;
  TjSessionModel *first;
  g_autoptr(TjSessionModel) other = NULL;
  guint notified = 0;

  open_workspace ();
  section = TJ_SESSION_SECTION (tj_test_find (GTK_WIDGET (window), TJ_TYPE_SESSION_STEPS_SECTION));
  g_assert_nonnull (section);
  first = tj_session_window_get_model (window);
  g_assert_true (tj_session_section_get_model (section) == first);
  g_assert_cmpuint (g_signal_handler_find (first, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, section), !=, 0);
  g_signal_connect (section, "notify::model", G_CALLBACK (count_notify), &notified);

  other = tj_session_model_new (tj_application_get_repository (app), case_id);
  g_object_set (section, "model", other, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (tj_session_section_get_model (section) == other);
  g_assert_cmpuint (g_signal_handler_find (first, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, section), ==, 0);
  g_assert_cmpuint (g_signal_handler_find (tj_session_model_get_list (first, "flow"), G_SIGNAL_MATCH_DATA,
                                           0, 0, NULL, NULL, section), ==, 0);
  g_assert_cmpuint (g_signal_handler_find (other, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, section), !=, 0);

  tj_session_section_set_model (section, other);
  g_assert_cmpuint (notified, ==, 1);
  tj_session_section_set_model (section, first);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpuint (g_signal_handler_find (other, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, section), ==, 0);
  g_signal_handlers_disconnect_by_func (section, count_notify, &notified);
  settle ();
}

int
main (int   argc,
      char *argv[])
{
  tj_test_init (&argc, &argv, "2026-11-22", TJ_TEST_FLAGS_NONE);

  tj_test_add ("/ui/session/open-workspace", test_open_workspace);
  tj_test_add ("/ui/session/checklist-saved", test_checklist_saved);
  tj_test_add ("/ui/session/caucus-note-autosaved", test_caucus_note_autosaved);
  tj_test_add ("/ui/session/close-saves-note", test_close_saves_note);
  tj_test_add ("/ui/session/offers-cross", test_offers_cross);
  tj_test_add ("/ui/session/presentation-has-no-caucus", test_presentation_has_no_caucus);
  tj_test_add ("/ui/session/release-with-consent", test_release_with_consent);
  tj_test_add ("/ui/session/agreement", test_agreement);
  tj_test_add ("/ui/session/failure-next-steps", test_failure_next_steps);
  tj_test_add ("/ui/session/many-workers", test_many_workers);
  tj_test_add ("/ui/session/roster-of-500", test_roster_of_500);
  tj_test_add ("/ui/session/section-model", test_section_model);
  tj_test_add_full ("/ui/session/list-frame", test_list_frame, TJ_TEST_CASE_NO_APP);

  return tj_test_run (seed);
}
