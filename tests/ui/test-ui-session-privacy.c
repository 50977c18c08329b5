/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Confidentiality on screen (issue 14), through the real widgets: a wage
 * case goes through the worker's caucus (a caucus note, a position and
 * interest, a bottom line), the employer's caucus (a bottom line), a joint
 * session, a second round of shuttle caucuses and a joint session that
 * agrees — worker 1,106,050 → 900,000, employer 600,000 → 850,000, agreed
 * 875,000. In the joint step and on the parties' screen every text the
 * windows draw is read — labels, entries, text views and the chart's
 * labels from the core chart model — and none may be private. The second
 * test checks the mediator's deliberate reveal: the lock shows it, a step
 * change or F5 hides it again. Each goes through the whole negotiation
 * itself, in a process of its own (tj-ui-test.h).
 *
 * With TIAOJIE_SCREENSHOT_DIR set, the screen is saved with ImageMagick's
 * `import -window root` (how data/screenshots/sessions-*.png were made:
 * run under Xvfb at 1200×800 with LANGUAGE=zh_CN). */

#include <glib/gi18n.h>
#include <string.h>

#include "tj-json.h"
#include "tj-offer-chart.h"
#include "tj-offer-chart-widget.h"
#include "tj-presentation-window.h"
#include "tj-session-meeting-section.h"
#include "tj-session-notes-section.h"
#include "tj-session-offers-section.h"
#include "tj-session-steps-section.h"
#include "tj-session-window.h"
#include "tj-test-store.h"
#include "tj-ui-test.h"

/* Told in the worker's caucus: must never be drawn for the table. */
#define SECRET_NOTE "老板娘私下说过年前能先付一半"
#define SECRET_INTEREST "孩子下学期学费要交"
/* The bottom lines (¥860,000.00 and ¥880,000.00): no public figure has
 * these digits. */
#define WORKER_BOTTOM "860000"
#define EMPLOYER_BOTTOM "880000"
/* The same in fen, as the JSON the chart is handed would hold them. */
#define WORKER_BOTTOM_FEN "86000000"
#define EMPLOYER_BOTTOM_FEN "88000000"

static char *case_id;
static TjSessionWindow *window;

static const char wage_case[] =
  "{\"title\":\"城南工地农民工欠薪\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
  "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\",\"knew_on\":\"2026-10-31\","
  "\"employment_ended_on\":\"2026-10-31\",\"facts\":\"完工后拖欠工资\","
  "\"employer\":{\"name\":\"华建劳务有限公司\",\"representative\":\"李经理\"},"
  "\"workers\":[{\"name\":\"张三\",\"owed_fen\":60000000},{\"name\":\"王伟\",\"owed_fen\":50605000}]}";

static TjStore *
store (void)
{
  return tj_application_get_store (app);
}

/* The whole screen as it is once @shown has drawn, when asked for. */
static void
screenshot (GtkWidget  *shown,
            const char *name)
{
  const char *dir = g_getenv ("TIAOJIE_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autofree char *command = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (dir == NULL)
    return;
  tj_test_wait_frame (shown);
  path = g_build_filename (dir, name, NULL);
  command = g_strdup_printf ("import -window root %s", path);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0 && gtk_widget_get_visible (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
named (GtkWidget  *root,
       const char *name)
{
  GtkWidget *w = find_named (root, name);

  if (w == NULL)
    g_error ("No visible widget named %s", name);
  return w;
}

static gboolean
model_idle (gpointer data)
{
  TjSessionModel *model = tj_session_window_get_model (window);

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
click (GtkWidget  *root,
       const char *name)
{
  g_signal_emit_by_name (named (root, name), "clicked");
  settle ();
}

/* Scrolls the workspace so that @widget is @above pixels below the top. */
static void
scroll_to (GtkWidget *widget,
           double     above)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  double x, y;

  tj_test_wait_frame (scrolled);
  g_assert_true (gtk_widget_translate_coordinates (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                                   0, 0, &x, &y));
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)), y - above);
  tj_test_wait_frame (scrolled);
}

static GtkWidget *
section (GType type)
{
  GtkWidget *w = tj_test_find (GTK_WIDGET (window), type);

  g_assert_nonnull (w);
  return w;
}

static void
show_step (const char *step)
{
  GtkListBox *list = GTK_LIST_BOX (tj_test_find (section (TJ_TYPE_SESSION_STEPS_SECTION), GTK_TYPE_LIST_BOX));
  GtkListBoxRow *row;

  /* As the mediator does: pick the step in the sidebar. */
  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)); i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "step"), step) == 0)
      {
        gtk_list_box_select_row (list, row);
        break;
      }
  g_assert_nonnull (row);
  settle ();
  g_assert_cmpstr (tj_session_window_get_step (window), ==, step);
}

/* Starts a meeting at the shown step; @who picks the side where the step
 * asks (0 worker, 1 employer), -1 where it does not. */
static void
start_meeting (int who)
{
  GtkWidget *meeting = section (TJ_TYPE_SESSION_MEETING_SECTION);

  if (who >= 0)
    adw_combo_row_set_selected (ADW_COMBO_ROW (tj_test_find_row (meeting, _("Who"))), who);
  click (meeting, "start-session");
  g_assert_nonnull (tj_session_window_get_session (window));
  g_assert_false (json_object_has_member (tj_session_window_get_session (window), "ended_at"));
}

/* @side: 0 worker, 1 employer, 2 both (agreed). */
static void
record_offer (guint       side,
              const char *amount,
              gboolean    private)
{
  GtkWidget *offers = section (TJ_TYPE_SESSION_OFFERS_SECTION);

  adw_combo_row_set_selected (ADW_COMBO_ROW (tj_test_find_row (offers, _("Side"))), side);
  adw_combo_row_set_selected (ADW_COMBO_ROW (tj_test_find_row (offers, _("Issue"))), 0);
  gtk_editable_set_text (GTK_EDITABLE (named (offers, "offer-value")), amount);
  gtk_switch_set_active (GTK_SWITCH (named (offers, "offer-private")), private);
  click (offers, "add-offer");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (named (offers, "offer-value"))), ==, "");
}

static gboolean
note_stored (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) shown = tj_session_show (store (), NULL, tj_json_get_string (tj_session_window_get_session (window),
                                                                                   "id", ""), &error);
  g_autofree char *text = shown ? tj_json_object_to_string (shown, FALSE) : NULL;

  return text && strstr (text, data);
}

/* Every text drawn under @root: labels, entries, text views, and what the
 * chart draws (its labels, from the core chart model). */
static void
collect_texts (GtkWidget *widget,
               GString   *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  else if (GTK_IS_TEXT (widget))
    g_string_append_printf (out, "%s\n", gtk_editable_get_text (GTK_EDITABLE (widget)));
  else if (GTK_IS_TEXT_VIEW (widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
      GtkTextIter start, end;
      g_autofree char *text = NULL;
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
      g_string_append_printf (out, "%s\n", text);
    }
  else if (TJ_IS_OFFER_CHART_WIDGET (widget))
    {
      JsonObject *figures = tj_offer_chart_widget_get_figures (TJ_OFFER_CHART_WIDGET (widget));
      g_autoptr(GPtrArray) labels = tj_offer_chart_widget_get_labels (TJ_OFFER_CHART_WIDGET (widget));
      g_autofree char *json = figures ? tj_json_object_to_string (figures, FALSE) : NULL;

      for (guint i = 0; labels && i < labels->len; i++)
        g_string_append_printf (out, "%s\n", ((TjOfferChartLabel *) labels->pdata[i])->text);
      /* What the chart was handed, too: a bottom line there would be
       * drawn as a hollow marker even without its label. */
      if (json)
        g_string_append_printf (out, "%s\n", json);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_texts (child, out);
}

static char *
texts_of (GtkWidget *root)
{
  GString *out = g_string_new (NULL);

  collect_texts (root, out);
  return g_string_free (out, FALSE);
}

static gboolean
shows (GtkWidget  *root,
       const char *what)
{
  g_autofree char *all = texts_of (root);
  return strstr (all, what) != NULL;
}

/* Nothing private anywhere in what @root draws. */
static void
assert_nothing_private (GtkWidget  *root,
                        const char *where)
{
  g_autofree char *all = texts_of (root);
  static const char * const secrets[] = {
    SECRET_NOTE, SECRET_INTEREST, "860,000", "880,000", WORKER_BOTTOM_FEN, EMPLOYER_BOTTOM_FEN,
  };

  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    if (strstr (all, secrets[i]))
      g_error ("%s draws “%s”", where, secrets[i]);
  /* And the figures said at the table are there: the check reads what it
   * should. */
  g_assert_nonnull (strstr (all, "875,000.00"));
}

/* The whole negotiation through the workspace, as the mediator goes:
 * the worker's caucus (a note, an interest, the demand and a bottom line),
 * the employer's (an offer and a bottom line), a joint session, a second
 * round of shuttle caucuses, and a joint session that agrees at 875,000.
 * It ends at the joint step. */
static void
negotiate (void)
{
  GtkWidget *notes;

  g_action_group_activate_action (G_ACTION_GROUP (app), "start-mediation", g_variant_new_string (case_id));
  window = TJ_SESSION_WINDOW (tj_test_wait_for_toplevel (TJ_TYPE_SESSION_WINDOW));
  /* Shown at once, read on the worker. */
  settle ();
  if (g_getenv ("TIAOJIE_SCREENSHOT_DIR"))
    gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);

  /* Round 1, the worker side alone: a note, what they really need, the
   * demand and the bottom line. */
  show_step ("separate_worker");
  start_meeting (-1);
  notes = section (TJ_TYPE_SESSION_NOTES_SECTION);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (named (notes, "session-note"))), SECRET_NOTE, -1);
  /* Stored once the typing pauses: the autosave's timer, an event. */
  g_assert_true (tj_test_wait (note_stored, (gpointer) SECRET_NOTE));
  adw_combo_row_set_selected (ADW_COMBO_ROW (tj_test_find_row (notes, _("Kind"))), 1);
  gtk_editable_set_text (GTK_EDITABLE (tj_test_find_row (notes, _("What they said or need"))), SECRET_INTEREST);
  click (notes, "add-interest");
  g_assert_true (shows (GTK_WIDGET (window), SECRET_INTEREST));
  record_offer (0, "1106050", FALSE);
  record_offer (0, WORKER_BOTTOM, TRUE);
  /* In the caucus the mediator sees the bottom line, marked private. */
  g_assert_true (shows (GTK_WIDGET (window), "860,000.00"));

  /* The employer side alone. */
  show_step ("separate_employer");
  start_meeting (-1);
  record_offer (1, "600000", FALSE);
  record_offer (1, EMPLOYER_BOTTOM, TRUE);

  /* Both sides together. */
  show_step ("joint");
  start_meeting (-1);
  record_offer (0, "1000000", FALSE);
  record_offer (1, "700000", FALSE);

  /* Round 2: a caucus with each side in turn. */
  show_step ("shuttle");
  start_meeting (0);
  record_offer (0, "950000", FALSE);
  click (section (TJ_TYPE_SESSION_MEETING_SECTION), "end-meeting");
  start_meeting (1);
  g_assert_cmpstr (tj_json_get_string (tj_session_window_get_session (window), "party_side", ""), ==, "employer");
  record_offer (1, "800000", FALSE);

  /* Together again, and the agreement. */
  show_step ("joint");
  start_meeting (-1);
  g_assert_cmpint (tj_json_get_int (tj_session_window_get_session (window), "round", 0), ==, 2);
  record_offer (0, "900000", FALSE);
  record_offer (1, "850000", FALSE);
  record_offer (2, "875000", FALSE);

}

static gboolean
presentation_loaded (gpointer presentation)
{
  return tj_presentation_window_get_loaded (TJ_PRESENTATION_WINDOW (presentation));
}

static void
test_joint_and_parties_screen (void)
{
  GtkWidget *presentation;

  negotiate ();

  /* The joint step is the table's view: nothing private is drawn. */
  g_assert_cmpint (tj_session_model_get_audience (tj_session_window_get_model (window)), ==, TJ_AUDIENCE_TABLE);
  g_assert_true (gtk_widget_get_visible (named (GTK_WIDGET (window), "private-hidden")));
  assert_nothing_private (GTK_WIDGET (window), "The joint step");
  /* Every figure said at the table is on the chart's record. */
  {
    TjOfferChartWidget *chart = TJ_OFFER_CHART_WIDGET (tj_test_find (GTK_WIDGET (window), TJ_TYPE_OFFER_CHART_WIDGET));
    JsonObject *issue = json_array_get_object_element (tj_json_get_array (tj_offer_chart_widget_get_figures (chart),
                                                                          "issues"), 0);
    g_assert_cmpuint (json_array_get_length (tj_json_get_array (issue, "moves")), ==, 9);
  }
  if (g_getenv ("TIAOJIE_SCREENSHOT_DIR"))
    {
      /* The figures as the table sees them, under the banner. */
      scroll_to (section (TJ_TYPE_SESSION_OFFERS_SECTION), 12);
      screenshot (GTK_WIDGET (window), "sessions-joint-zh_CN.png");
    }

  /* F5: the parties' screen, and nothing private on either window, at
   * whatever step the mediator looks. */
  gtk_widget_activate_action (GTK_WIDGET (window), "session.present", NULL);
  /* Nothing private in the workspace from the moment F5 is pressed, before
   * the table's view is read. */
  {
    g_autofree char *all = texts_of (GTK_WIDGET (window));
    g_assert_null (strstr (all, SECRET_NOTE));
    g_assert_null (strstr (all, SECRET_INTEREST));
    g_assert_null (strstr (all, "860,000"));
    g_assert_null (strstr (all, "880,000"));
  }
  presentation = GTK_WIDGET (tj_test_wait_for_toplevel (TJ_TYPE_PRESENTATION_WINDOW));
  settle ();
  /* The parties' view is read on the repository's worker. */
  g_assert_true (tj_test_wait (presentation_loaded, presentation));
  assert_nothing_private (presentation, "The parties' screen");
  assert_nothing_private (GTK_WIDGET (window), "The workspace behind the parties' screen");
  show_step ("separate_worker");
  assert_nothing_private (presentation, "The parties' screen");
  g_assert_false (shows (GTK_WIDGET (window), SECRET_NOTE));
  g_assert_false (shows (GTK_WIDGET (window), "860,000"));
  g_assert_false (shows (GTK_WIDGET (window), SECRET_INTEREST));
  show_step ("joint");
  gtk_window_present (GTK_WINDOW (presentation));
  screenshot (presentation, "sessions-parties-zh_CN.png");
  gtk_window_destroy (GTK_WINDOW (presentation));
  g_assert_true (tj_test_wait (tj_test_toplevel_gone, GSIZE_TO_POINTER (TJ_TYPE_PRESENTATION_WINDOW)));
  g_assert_false (tj_session_model_get_presenting (tj_session_window_get_model (window)));
}

static void
test_deliberate_reveal (void)
{
  GtkToggleButton *lock;
  GtkWidget *presentation;

  negotiate ();
  lock = GTK_TOGGLE_BUTTON (named (GTK_WIDGET (window), "reveal-private"));
  g_assert_cmpstr (tj_session_window_get_step (window), ==, "joint");
  g_assert_false (gtk_toggle_button_get_active (lock));

  /* The mediator opens the lock: the bottom lines, marked, and what each
   * side really needs are there now. */
  gtk_toggle_button_set_active (lock, TRUE);
  settle ();
  g_assert_true (shows (GTK_WIDGET (window), "860,000.00"));
  g_assert_true (shows (GTK_WIDGET (window), "880,000.00"));
  g_assert_true (shows (GTK_WIDGET (window), SECRET_INTEREST));
  g_assert_false (gtk_widget_get_visible (named (GTK_WIDGET (window), "reveal-private")) == FALSE);
  if (g_getenv ("TIAOJIE_SCREENSHOT_DIR"))
    {
      /* The chart of the whole negotiation, the bottom lines hollow. */
      scroll_to (tj_test_find (GTK_WIDGET (window), TJ_TYPE_OFFER_CHART_WIDGET), 300);
      screenshot (GTK_WIDGET (window), "sessions-chart-zh_CN.png");
    }

  /* Another step ends it; back at the table it stays off. */
  show_step ("separate_employer");
  g_assert_false (gtk_toggle_button_get_active (lock));
  show_step ("joint");
  g_assert_false (gtk_toggle_button_get_active (lock));
  assert_nothing_private (GTK_WIDGET (window), "The joint step after a step change");

  /* Opened again, then F5: off, and it cannot come back while the parties
   * look. */
  gtk_toggle_button_set_active (lock, TRUE);
  settle ();
  g_assert_true (shows (GTK_WIDGET (window), "860,000.00"));
  gtk_widget_activate_action (GTK_WIDGET (window), "session.present", NULL);
  /* Nothing private in the workspace from the moment F5 is pressed, before
   * the table's view is read. */
  {
    g_autofree char *all = texts_of (GTK_WIDGET (window));
    g_assert_null (strstr (all, SECRET_NOTE));
    g_assert_null (strstr (all, SECRET_INTEREST));
    g_assert_null (strstr (all, "860,000"));
    g_assert_null (strstr (all, "880,000"));
  }
  presentation = GTK_WIDGET (tj_test_wait_for_toplevel (TJ_TYPE_PRESENTATION_WINDOW));
  settle ();
  /* The parties' view is read on the repository's worker. */
  g_assert_true (tj_test_wait (presentation_loaded, presentation));
  g_assert_false (gtk_toggle_button_get_active (lock));
  assert_nothing_private (GTK_WIDGET (window), "The workspace after F5");
  assert_nothing_private (presentation, "The parties' screen after F5");
  gtk_toggle_button_set_active (lock, TRUE);
  settle ();
  g_assert_false (gtk_toggle_button_get_active (lock));
  assert_nothing_private (GTK_WIDGET (window), "The workspace while the parties look");
  gtk_window_destroy (GTK_WINDOW (presentation));
  tj_test_drain ();
  gtk_window_close (GTK_WINDOW (window));
  tj_test_drain ();
}

/* The wage case the workspace is opened on, before the application
 * starts. */
static void
seed (void)
{
  case_id = tj_test_add_case_at (db_path, wage_case);
}

int
main (int   argc,
      char *argv[])
{
  tj_test_init (&argc, &argv, "2026-11-22", TJ_TEST_FLAGS_NONE);

  tj_test_add ("/ui/session-privacy/joint-and-parties-screen", test_joint_and_parties_screen);
  tj_test_add ("/ui/session-privacy/deliberate-reveal", test_deliberate_reveal);

  return tj_test_run (seed);
}
