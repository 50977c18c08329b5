/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 16, "a window that fits": on a 360 × 640 phone-sized screen, in
 * Chinese and in English, nothing may force a window wider than 360 px.
 * Each subtest sets its window to 360 × 640 and asks the window's own
 * minimum width (gtk_widget_measure) on every screen it visits: every
 * section of the main window, the case page on each of its tabs, intake
 * on both of its pages, the mediation workspace, the payment window on
 * its three pages, the calculator, Preferences on each page, the
 * settlement editor, the roster import and a new consultation. A wide
 * widget added anywhere there fails the test, and the failure names the
 * chain of widgets down to the one that asks for the width. Folded, the
 * main window shows exactly one back button: the header's, which leaves
 * the open case first and then goes back to the list of sections.
 *
 * The language is in the subtest's path (/ui/adaptive/zh_CN/…, /en/…),
 * read before anything starts, so each process runs in one language.
 *
 * With TIAOJIE_SCREENSHOT_DIR set, saves narrow-*-LANG.png (360 px) and
 * wide-*-LANG.png (1400 px) there; TIAOJIE_TEST_DARK=1 makes them dark
 * (narrow-case-dark-en.png) through the style manager's colour scheme. */

#include <string.h>

#include <glib/gi18n.h>

#include "tj-calculator-window.h"
#include "tj-case-page.h"
#include "tj-cases-page.h"
#include "tj-consultation-window.h"
#include "tj-json.h"
#include "tj-new-case-window.h"
#include "tj-payment-window.h"
#include "tj-preferences-window.h"
#include "tj-roster-import-window.h"
#include "tj-session-window.h"
#include "tj-settlement.h"
#include "tj-settlement-editor.h"
#include "tj-ui-test.h"

#define TODAY "2026-11-22"
#define NARROW_WIDTH 360
#define NARROW_HEIGHT 640

static char *case_id;
static const char *language;    /* "zh_CN" or "en": for file names */

static void
screenshot (GtkWidget  *widget,
            const char *what)
{
  g_autofree char *name = g_strdup_printf ("%s%s-%s.png", what, g_getenv ("TIAOJIE_TEST_DARK") ? "-dark" : "",
                                           language);

  tj_test_screenshot (widget, name);
}

/* Measuring ------------------------------------------------------------ */

static int
min_width (GtkWidget *widget)
{
  int min = 0;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  return min;
}

/* The window's minimum width without the frame GTK draws around it when
 * no compositor draws shadows (Xvfb: the "solid-csd" padding). A phone's
 * compositor draws none, and that frame is no widget of ours. */
static int
window_min_width (GtkWindow *window)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (window));
  GtkBorder padding, border;

  gtk_style_context_get_padding (style, &padding);
  gtk_style_context_get_border (style, &border);
  return min_width (GTK_WIDGET (window)) - padding.left - padding.right - border.left - border.right;
}

/* What a widget is, for a reader of the failure: its type, its name or
 * style classes, and the start of its text. */
static void
append_widget (GString   *out,
               GtkWidget *widget)
{
  const char *name = gtk_widget_get_name (widget);
  g_auto(GStrv) classes = gtk_widget_get_css_classes (widget);
  const char *text = NULL;

  g_string_append (out, G_OBJECT_TYPE_NAME (widget));
  if (name && g_strcmp0 (name, G_OBJECT_TYPE_NAME (widget)) != 0)
    g_string_append_printf (out, "#%s", name);
  for (guint i = 0; classes && classes[i]; i++)
    g_string_append_printf (out, ".%s", classes[i]);
  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_text (GTK_LABEL (widget));
  else if (GTK_IS_BUTTON (widget))
    text = gtk_button_get_label (GTK_BUTTON (widget));
  else if (ADW_IS_PREFERENCES_ROW (widget))
    text = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  if (text && *text)
    {
      g_autofree char *start = g_utf8_substring (text, 0, MIN (g_utf8_strlen (text, -1), 24));
      g_string_append_printf (out, " “%s”", start);
    }
}

/* Every widget under @widget that asks for a third of the limit or more,
 * as a tree with its minimum width: where the width comes from. Hidden
 * pages of a stack count too, since a homogeneous stack asks for the
 * widest of them. */
static void
describe_width_into (GString   *out,
                     GtkWidget *widget,
                     guint      depth)
{
  g_string_append_printf (out, "\n  %*s%d ", (int) depth, "", min_width (widget));
  append_widget (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_get_visible (child) && min_width (child) >= NARROW_WIDTH / 3 && out->len < 40000)
      describe_width_into (out, child, depth + 1);
}

static char *
describe_width (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  describe_width_into (out, widget, 0);
  return g_string_free (out, FALSE);
}

/* Sets @window to the phone's size and asserts that it fits: its minimum
 * width is at most 360 and, at that width, its minimum height at most 640. */
static void
assert_fits (GtkWindow  *window,
             const char *where)
{
  int width, min_height = 0;

  gtk_window_set_default_size (window, NARROW_WIDTH, NARROW_HEIGHT);
  tj_test_wait_frame (GTK_WIDGET (window));
  width = window_min_width (window);
  if (width > NARROW_WIDTH)
    {
      g_autofree char *why = describe_width (GTK_WIDGET (window));
      g_error ("%s (%s): the window cannot be narrower than %d px:%s", where, language, width, why);
    }
  /* The content's height for the content's width, frame aside (above). */
  gtk_widget_measure (gtk_widget_get_first_child (GTK_WIDGET (window)), GTK_ORIENTATION_VERTICAL, NARROW_WIDTH,
                      &min_height, NULL, NULL, NULL);
  if (min_height > NARROW_HEIGHT)
    g_error ("%s (%s): at %d px wide the window cannot be lower than %d px", where, language, NARROW_WIDTH,
             min_height);
  /* And the window really is that narrow on screen. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, NARROW_WIDTH);
}

/* The back buttons of @root a user can see and press. */
static GPtrArray *
mapped_back_buttons (GtkWidget *root)
{
  g_autoptr(GPtrArray) buttons = tj_test_find_all (root, GTK_TYPE_BUTTON);
  GPtrArray *back = g_ptr_array_new ();

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (gtk_widget_get_mapped (button) &&
          g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (button)), "go-previous-symbolic") == 0)
        g_ptr_array_add (back, button);
    }
  return back;
}

/* Exactly one back button on screen; returns it. */
static GtkWidget *
the_back_button (const char *where)
{
  g_autoptr(GPtrArray) back = mapped_back_buttons (GTK_WIDGET (tj_test_main_window ()));

  if (back->len != 1)
    g_error ("%s (%s): %u back buttons on screen, not one", where, language, back->len);
  return g_ptr_array_index (back, 0);
}

/* The main window ----------------------------------------------------- */

static AdwLeaflet *
leaflet (void)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (tj_test_find (GTK_WIDGET (tj_test_main_window ()), ADW_TYPE_LEAFLET));

  g_assert_nonnull (leaflet);
  return leaflet;
}

static gboolean
leaflet_folded (gpointer data)
{
  return adw_leaflet_get_folded (leaflet ());
}

static gboolean
leaflet_unfolded (gpointer data)
{
  return !adw_leaflet_get_folded (leaflet ());
}

static TjCasesPage *
cases_page (void)
{
  return TJ_CASES_PAGE (tj_window_get_section_page (tj_test_main_window (), "cases"));
}

static TjCasePage *
shown_case_page (void)
{
  GtkWidget *page = tj_test_find (GTK_WIDGET (cases_page ()), TJ_TYPE_CASE_PAGE);

  return page && gtk_widget_get_mapped (page) ? TJ_CASE_PAGE (page) : NULL;
}

static gboolean
case_page_shown (gpointer data)
{
  return shown_case_page () != NULL && !tj_case_page_get_loading (shown_case_page ());
}

static gboolean
case_page_gone (gpointer data)
{
  return shown_case_page () == NULL;
}

/* The theme of the screenshots, set as a user's choice would. */
static void
apply_style (void)
{
  if (g_getenv ("TIAOJIE_TEST_DARK"))
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
}

/* Folds the main window to 360 × 640. */
static TjWindow *
fold_main_window (void)
{
  TjWindow *window = tj_test_main_window ();

  apply_style ();
  gtk_window_set_default_size (GTK_WINDOW (window), NARROW_WIDTH, NARROW_HEIGHT);
  g_assert_true (tj_test_wait (leaflet_folded, NULL));
  tj_test_wait_frame (GTK_WIDGET (window));
  return window;
}

static const char *const section_ids[] = { "today", "cases", "consultations", "arrears", "reports", "sync" };

/* Every section at 360 px, the list of sections too; one back button. */
static void
test_sections (void)
{
  TjWindow *window = fold_main_window ();
  GtkWidget *sidebar = tj_test_find_sidebar (GTK_WIDGET (window));
  GtkWidget *back;

  for (guint i = 0; i < G_N_ELEMENTS (section_ids); i++)
    {
      g_autofree char *where = g_strdup_printf ("section %s", section_ids[i]);
      g_autofree char *shot = g_strdup_printf ("narrow-%s", section_ids[i]);
      GtkWidget *page;

      g_assert_true (tj_window_set_section (window, section_ids[i]));
      page = tj_window_get_section_page (window, section_ids[i]);
      g_assert_true (tj_test_wait (tj_test_mapped, page));
      g_assert_true (tj_test_wait (tj_test_unmapped, sidebar));
      assert_fits (GTK_WINDOW (window), where);
      g_assert_true (adw_leaflet_get_folded (leaflet ()));
      the_back_button (where);
      screenshot (GTK_WIDGET (window), shot);
    }

  /* The header's back button leads to the list of sections, which fits
   * too and has no back button of its own. */
  back = the_back_button ("sync");
  g_signal_emit_by_name (back, "clicked");
  g_assert_true (tj_test_wait (tj_test_mapped, sidebar));
  assert_fits (GTK_WINDOW (window), "the list of sections");
  {
    g_autoptr(GPtrArray) none = mapped_back_buttons (GTK_WIDGET (window));
    g_assert_cmpuint (none->len, ==, 0);
  }
  screenshot (GTK_WIDGET (window), "narrow-sections");
}

static const char *const case_tabs[] = { "overview", "parties", "claims", "evidence", "timeline", "documents" };

/* The case opened from the list at 360 px: every tab fits, one back
 * button, which leaves the case and then the section. */
static void
test_case (void)
{
  TjWindow *window = fold_main_window ();
  GtkWidget *sidebar = tj_test_find_sidebar (GTK_WIDGET (window));
  TjCasePage *page;
  AdwViewStack *stack;
  GtkWidget *back;

  g_assert_true (tj_window_set_section (window, "cases"));
  assert_fits (GTK_WINDOW (window), "the case list");
  tj_application_show_case (app, case_id);
  g_assert_true (tj_test_wait (case_page_shown, NULL));
  page = shown_case_page ();
  g_assert_cmpstr (tj_case_page_get_case_id (page), ==, case_id);
  stack = ADW_VIEW_STACK (tj_test_find (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (stack);

  for (guint i = 0; i < G_N_ELEMENTS (case_tabs); i++)
    {
      g_autofree char *where = g_strdup_printf ("case tab %s", case_tabs[i]);
      g_autofree char *shot = g_strdup_printf ("narrow-case-%s", case_tabs[i]);

      adw_view_stack_set_visible_child_name (stack, case_tabs[i]);
      assert_fits (GTK_WINDOW (window), where);
      g_assert_true (adw_leaflet_get_folded (leaflet ()));
      the_back_button (where);
      screenshot (GTK_WIDGET (window), i == 0 ? "narrow-case" : shot);
    }

  /* Back from the case to the list of cases, still folded … */
  back = the_back_button ("case");
  g_signal_emit_by_name (back, "clicked");
  g_assert_true (tj_test_wait (case_page_gone, NULL));
  g_assert_cmpstr (tj_window_get_section (window), ==, "cases");
  g_assert_true (tj_test_wait (tj_test_mapped, cases_page ()));
  g_assert_false (gtk_widget_get_mapped (sidebar));
  /* … and from there to the sections. */
  back = the_back_button ("case list");
  g_signal_emit_by_name (back, "clicked");
  g_assert_true (tj_test_wait (tj_test_mapped, sidebar));
}

/* Wide, the sidebar is beside the page and the case page has the one back
 * button (the header's would lead nowhere). */
static void
test_wide (void)
{
  TjWindow *window = tj_test_main_window ();
  GtkWidget *sidebar = tj_test_find_sidebar (GTK_WIDGET (window));

  apply_style ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  g_assert_true (tj_test_wait (leaflet_unfolded, NULL));
  tj_window_set_section (window, "today");
  tj_test_wait_frame (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (sidebar));
  {
    g_autoptr(GPtrArray) none = mapped_back_buttons (GTK_WIDGET (window));
    g_assert_cmpuint (none->len, ==, 0);
  }
  screenshot (GTK_WIDGET (window), "wide-today");

  tj_application_show_case (app, case_id);
  g_assert_true (tj_test_wait (case_page_shown, NULL));
  tj_test_wait_frame (GTK_WIDGET (window));
  g_assert_true (gtk_widget_get_mapped (sidebar));
  screenshot (GTK_WIDGET (window), "wide-case");
  g_signal_emit_by_name (the_back_button ("wide case"), "clicked");
  g_assert_true (tj_test_wait (case_page_gone, NULL));

  /* Narrowed with the case open, the window folds onto the case. */
  tj_application_show_case (app, case_id);
  g_assert_true (tj_test_wait (case_page_shown, NULL));
  fold_main_window ();
  g_assert_nonnull (shown_case_page ());
  the_back_button ("case, folded after it opened");
  /* And widened again, the case page's own back button returns. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  g_assert_true (tj_test_wait (leaflet_unfolded, NULL));
  tj_test_wait_frame (GTK_WIDGET (window));
  the_back_button ("case, widened again");
}

/* The other windows ---------------------------------------------------- */

static void
close_window (GtkWindow *window)
{
  GType type = G_OBJECT_TYPE (window);

  gtk_window_destroy (window);
  g_assert_true (tj_test_wait (tj_test_toplevel_gone, GSIZE_TO_POINTER (type)));
}

/* Intake: the list of sources, then the form of the fullest source with
 * its contractor chain open. */
static void
test_intake (void)
{
  GtkWindow *intake;
  GtkWidget *row, *chain;

  apply_style ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.new-case", NULL));
  intake = tj_test_wait_for_toplevel (TJ_TYPE_NEW_CASE_WINDOW);
  assert_fits (intake, "intake, the sources");
  row = tj_test_find_named (GTK_WIDGET (intake), "hotline");
  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_signal_emit_by_name (row, "activated");
  tj_test_drain ();
  chain = tj_test_find_named (GTK_WIDGET (intake), "chain");
  g_assert_nonnull (chain);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (chain), TRUE);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (chain), TRUE);
  g_signal_emit_by_name (tj_test_find_named (GTK_WIDGET (intake), "chain.more-subcontractors"), "clicked");
  assert_fits (intake, "intake, the hotline form");
  screenshot (GTK_WIDGET (intake), "narrow-intake");
  close_window (intake);
}

static gboolean
session_idle (gpointer window)
{
  TjSessionModel *model = tj_session_window_get_model (window);

  return tj_session_model_get_loaded (model) && !tj_session_model_get_busy (model);
}

/* The mediation workspace of the case, on every step of its flow. */
static void
test_session (void)
{
  GtkWindow *session;
  GtkWidget *steps;

  apply_style ();
  g_action_group_activate_action (G_ACTION_GROUP (app), "start-mediation", g_variant_new_string (case_id));
  session = tj_test_wait_for_toplevel (TJ_TYPE_SESSION_WINDOW);
  /* Read on the repository's worker. */
  g_assert_true (tj_test_wait (session_idle, session));
  tj_test_drain ();
  assert_fits (session, "the mediation workspace");
  screenshot (GTK_WIDGET (session), "narrow-session");

  /* Each step's page: the rows of the steps list. */
  steps = tj_test_find_sidebar (GTK_WIDGET (session));
  g_assert_nonnull (steps);
  for (guint i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (steps), i);
      g_autofree char *where = g_strdup_printf ("the mediation workspace, step %u", i);

      if (row == NULL)
        {
          g_assert_cmpuint (i, >=, 3);
          break;
        }
      if (!gtk_widget_get_sensitive (GTK_WIDGET (row)) || !gtk_list_box_row_get_activatable (row))
        continue;
      gtk_widget_activate (GTK_WIDGET (row));
      tj_test_drain ();
      g_assert_true (tj_test_wait (session_idle, session));
      tj_test_drain ();
      assert_fits (session, where);
    }
  close_window (session);
}

/* The payment window on each of its three pages. */
static void
test_payment (void)
{
  GtkWindow *payment;
  AdwViewStack *stack;
  g_autoptr(GListModel) pages = NULL;

  apply_style ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.record-payment", "s", case_id));
  payment = GTK_WINDOW (tj_test_wait_for_payment_window ());
  stack = ADW_VIEW_STACK (tj_test_find (GTK_WIDGET (payment), ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (stack);
  pages = G_LIST_MODEL (adw_view_stack_get_pages (stack));
  g_assert_cmpuint (g_list_model_get_n_items (pages), ==, 3);
  for (guint i = 0; i < g_list_model_get_n_items (pages); i++)
    {
      g_autoptr(AdwViewStackPage) page = g_list_model_get_item (pages, i);
      g_autofree char *where = g_strdup_printf ("the payment window, page %s", adw_view_stack_page_get_name (page));

      adw_view_stack_set_visible_child (stack, adw_view_stack_page_get_child (page));
      assert_fits (payment, where);
      if (i == 0)
        screenshot (GTK_WIDGET (payment), "narrow-payment");
    }
  close_window (payment);
}

/* The calculator, on its own and from the case. */
static void
test_calculator (void)
{
  GtkWindow *calculator;

  apply_style ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.calculator", "s", case_id));
  calculator = tj_test_wait_for_toplevel (TJ_TYPE_CALCULATOR_WINDOW);
  assert_fits (calculator, "the calculator");
  screenshot (GTK_WIDGET (calculator), "narrow-calculator");
  close_window (calculator);
}

/* Preferences on each of its pages. */
static void
test_preferences (void)
{
  GtkWindow *preferences;
  g_autoptr(GPtrArray) pages = NULL;

  apply_style ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.preferences", NULL));
  preferences = tj_test_wait_for_toplevel (TJ_TYPE_PREFERENCES_WINDOW);
  pages = tj_test_find_all (GTK_WIDGET (preferences), ADW_TYPE_PREFERENCES_PAGE);
  g_assert_cmpuint (pages->len, >=, 2);
  for (guint i = 0; i < pages->len; i++)
    {
      AdwPreferencesPage *page = g_ptr_array_index (pages, i);
      const char *name = adw_preferences_page_get_name (page);
      g_autofree char *where = g_strdup_printf ("Preferences, page %s", name);

      /* The window's own pages, not those of its search. */
      if (name == NULL)
        continue;
      adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), name);
      assert_fits (preferences, where);
      if (i == 0)
        screenshot (GTK_WIDGET (preferences), "narrow-preferences");
    }
  close_window (preferences);
}

static gboolean
other_window_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, (GType) GPOINTER_TO_SIZE (data)) &&
          gtk_widget_get_mapped (GTK_WIDGET (window)))
        return TRUE;
    }
  return FALSE;
}

/* The settlement editor (two installments of three workers) and the
 * roster import, from the case's Wage Arrears menu. */
static void
test_settlement_and_roster (void)
{
  static const struct {
    const char *action;
    GType     (*get_type) (void);
    const char *where;
  } windows[] = {
    { "app.settlement", tj_settlement_editor_get_type, "the settlement editor" },
    { "app.import-roster", tj_roster_import_window_get_type, "the roster import" },
  };

  apply_style ();
  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    {
      GType type = windows[i].get_type ();
      GtkWindow *window;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), windows[i].action, "s", case_id));
      g_assert_true (tj_test_wait (other_window_shown, GSIZE_TO_POINTER (type)));
      window = tj_test_find_toplevel (type);
      assert_fits (window, windows[i].where);
      close_window (window);
    }
}

/* A consultation taken down at the evening clinic, from its section. */
static void
test_consultation (void)
{
  TjWindow *window = tj_test_main_window ();
  GtkWidget *page;
  GtkWindow *consultation;

  apply_style ();
  g_assert_true (tj_window_set_section (window, "consultations"));
  page = tj_window_get_section_page (window, "consultations");
  g_assert_true (tj_test_wait (tj_test_mapped, page));
  g_assert_true (gtk_widget_activate_action (page, "consultations.new", NULL));
  g_assert_true (tj_test_wait (other_window_shown, GSIZE_TO_POINTER (TJ_TYPE_CONSULTATION_WINDOW)));
  consultation = tj_test_find_toplevel (TJ_TYPE_CONSULTATION_WINDOW);
  assert_fits (consultation, "a new consultation");
  close_window (consultation);
}

/* Seed ----------------------------------------------------------------- */

/* A wage case of three workers with an employer, a contractor chain, an
 * agent, two claims and an agreed settlement of two installments, both
 * due after today; a second case in mediation. Long names, as real ones
 * are: they must wrap or ellipsize, never widen the window. */
static void
seed (void)
{
  static const char case_json[] =
    "{\"title\":\"滨海新区城南安置房工地农民工集体欠薪\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
    "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\","
    "\"facts\":\"城南安置房项目主体完工后，劳务班组三名工人被拖欠八月至十月工资，总包单位称工程款已付给分包。\","
    "\"employer\":{\"name\":\"滨海华建建筑劳务分包有限责任公司\",\"phone\":\"010-82345678\"},"
    "\"chain\":[{\"role\":\"project_owner\",\"name\":\"滨海新区城市建设投资集团有限公司\"},"
    "           {\"role\":\"general_contractor\",\"name\":\"中城建设第三工程局集团有限公司\"}],"
    "\"workers\":[{\"name\":\"张三\",\"id_number\":\"11010519491231002X\",\"phone\":\"13800138000\",\"owed_fen\":1200000},"
    "             {\"name\":\"欧阳建国\",\"id_number\":\"110105198503120012\",\"owed_fen\":900000},"
    "             {\"name\":\"王伟\",\"owed_fen\":650000}],"
    "\"agents\":[{\"name\":\"刘律师\",\"role\":\"agent\",\"represents\":\"worker\",\"phone\":\"13700137000\"}],"
    "\"claims\":[{\"kind\":\"wage_arrears\",\"amount_fen\":2750000,\"description\":\"2026年8月至10月工资\"},"
    "            {\"kind\":\"overtime\",\"amount_fen\":400000,\"description\":\"国庆期间加班费\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (db_path, &error);
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonObject) other = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) s = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *json = NULL;
  JsonArray *workers;
  TjCaseContext ctx;

  g_assert_no_error (error);
  input = tj_json_parse_object (case_json, -1, &error);
  g_assert_no_error (error);
  tj_case_context_init_defaults (&ctx);
  ctx.station_code = "BH01";
  ctx.today = TODAY;
  ctx.actor = "调解员甲";
  added = tj_case_add (store, &ctx, input, &error);
  g_assert_no_error (error);
  case_id = g_strdup (tj_json_get_string (added, "id", NULL));
  doc = tj_case_show (store, &ctx, case_id, &error);
  g_assert_no_error (error);
  workers = tj_json_get_array (doc, "workers");
  g_assert_true (tj_case_set_status (store, &ctx, case_id, "mediating", "test", NULL, &error));
  g_assert_true (tj_case_set_status (store, &ctx, case_id, "agreed", "test", NULL, &error));
  json = g_strdup_printf ("{\"status\":\"agreed\",\"total_fen\":2750000,\"payer\":{\"party_id\":\"%s\"},"
                          "\"method\":\"bank_transfer\",\"installments\":["
                          "{\"due_on\":\"2026-11-30\",\"amount_fen\":1375000,\"allocations\":["
                          "{\"worker_id\":\"%s\",\"amount_fen\":600000},{\"worker_id\":\"%s\",\"amount_fen\":450000},"
                          "{\"worker_id\":\"%s\",\"amount_fen\":325000}]},"
                          "{\"due_on\":\"2026-12-31\",\"amount_fen\":1375000,\"allocations\":["
                          "{\"worker_id\":\"%s\",\"amount_fen\":600000},{\"worker_id\":\"%s\",\"amount_fen\":450000},"
                          "{\"worker_id\":\"%s\",\"amount_fen\":325000}]}]}",
                          tj_json_get_string (tj_json_get_object (doc, "employer"), "id", ""),
                          tj_json_get_string (json_array_get_object_element (workers, 0), "id", ""),
                          tj_json_get_string (json_array_get_object_element (workers, 1), "id", ""),
                          tj_json_get_string (json_array_get_object_element (workers, 2), "id", ""),
                          tj_json_get_string (json_array_get_object_element (workers, 0), "id", ""),
                          tj_json_get_string (json_array_get_object_element (workers, 1), "id", ""),
                          tj_json_get_string (json_array_get_object_element (workers, 2), "id", ""));
  s = tj_json_parse_object (json, -1, &error);
  g_assert_no_error (error);
  out = tj_settlement_set (store, &ctx, case_id, s, &error);
  g_assert_no_error (error);

  g_clear_pointer (&input, json_object_unref);
  input = tj_json_parse_object ("{\"title\":\"快递网点员工加班费与经济补偿纠纷\",\"kind\":\"wage_arrears\","
                                "\"source\":\"walk_in\",\"received_on\":\"2026-11-10\",\"accepted_on\":\"2026-11-10\","
                                "\"employment_ongoing\":true,\"employer\":{\"name\":\"城南速递物流有限公司\"},"
                                "\"workers\":[{\"name\":\"赵敏\",\"owed_fen\":380000}]}", -1, &error);
  g_assert_no_error (error);
  other = tj_case_add (store, &ctx, input, &error);
  g_assert_no_error (error);

  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_settings_set_string (settings, "mediator-name", "调解员甲");
    g_settings_set_string (settings, "organisation-name", "滨海新区总工会劳动争议调解委员会");
  }
}

int
main (int   argc,
      char *argv[])
{
  /* The language of this process, from the subtest it runs: set before
   * GTK starts threads (setenv is not thread-safe). C.UTF-8 because the
   * zh_CN locale itself need not be generated for LANGUAGE to work. */
  language = "en";
  for (int i = 1; i + 1 < argc; i++)
    if (strcmp (argv[i], "-p") == 0 && strstr (argv[i + 1], "/zh_CN/"))
      language = "zh_CN";
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", strcmp (language, "zh_CN") == 0 ? "zh_CN" : "en", TRUE);
  tj_test_init (&argc, &argv, TODAY, TJ_TEST_FLAGS_NONE);

  for (guint l = 0; l < 2; l++)
    {
      const char *lang = l == 0 ? "zh_CN" : "en";
      static const struct {
        const char *name;
        GTestFunc   func;
      } tests[] = {
        { "sections", test_sections },
        { "case", test_case },
        { "wide", test_wide },
        { "intake", test_intake },
        { "session", test_session },
        { "payment", test_payment },
        { "calculator", test_calculator },
        { "preferences", test_preferences },
        { "settlement-and-roster", test_settlement_and_roster },
        { "consultation", test_consultation },
      };

      for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
        {
          g_autofree char *path = g_strdup_printf ("/ui/adaptive/%s/%s", lang, tests[i].name);
          tj_test_add (path, tests[i].func);
        }
    }

  return tj_test_run (seed);
}
