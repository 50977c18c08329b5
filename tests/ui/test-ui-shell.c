/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The application shell as a user meets it: the window opens on a fresh
 * database, every section can be picked from the sidebar, preferences are
 * saved as they are typed, and the about and shortcuts windows open. */

#include "tj-arrears-page.h"
#include "tj-cases-page.h"
#include "tj-centre.h"
#include "tj-centre-page.h"
#include "tj-consultations-page.h"
#include "tj-preferences-window.h"
#include "tj-reports-page.h"
#include "tj-sync-page.h"
#include "tj-today-page.h"
#include "tj-ui-application.h"
#include "tj-ui-test.h"


static GtkListBox *
sidebar (void)
{
  GtkWidget *list = tj_test_find_sidebar (GTK_WIDGET (tj_test_main_window ()));

  g_assert_nonnull (list);
  return GTK_LIST_BOX (list);
}

static void
test_window_opens (void)
{
  TjWindow *window;
  TjStore *store;

  store = tj_application_get_store (app);
  g_assert_true (TJ_IS_STORE (store));
  g_assert_cmpstr (tj_store_get_path (store), ==, db_path);
  g_assert_true (g_file_test (db_path, G_FILE_TEST_IS_REGULAR));

  /* The store property is what later pages watch. */
  {
    g_autoptr(TjStore) from_property = NULL;

    g_object_get (app, "store", &from_property, NULL);
    g_assert_true (from_property == store);
  }

  window = tj_test_main_window ();
  g_assert_true (tj_test_wait (tj_test_mapped, window));
  /* The spinner page gave way to the sidebar and sections. */
  g_assert_true (tj_test_wait (tj_test_mapped, sidebar ()));
  g_assert_cmpstr (tj_window_get_section (window), ==, "today");
}

/* The pages read on the repository's worker: what they show of an empty
 * database arrives with the answer. */
static gboolean
status_page_shown (gpointer page)
{
  return tj_test_find_mapped (page, ADW_TYPE_STATUS_PAGE) != NULL;
}

static void
test_sections (void)
{
  static const struct {
    const char *id;
    GType (*get_type) (void);
  } expected[] = {
    { "today", tj_today_page_get_type },
    { "cases", tj_cases_page_get_type },
    { "consultations", tj_consultations_page_get_type },
    { "arrears", tj_arrears_page_get_type },
    { "reports", tj_reports_page_get_type },
    { "sync", tj_sync_page_get_type },
  };
  TjWindow *window = tj_test_main_window ();
  GtkListBox *list = sidebar ();
  GSettings *settings = tj_application_get_settings (app);

  /* Backwards, so that every step is a real change of section. */
  for (int i = G_N_ELEMENTS (expected) - 1; i >= 0; i--)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);
      GtkWidget *page;
      AdwStatusPage *status;
      g_autofree char *last = NULL;

      g_assert_nonnull (row);
      /* What a click does: the row's activate signal. */
      gtk_widget_activate (GTK_WIDGET (row));
      tj_test_drain ();

      g_assert_true (gtk_list_box_get_selected_row (list) == row);
      g_assert_cmpstr (tj_window_get_section (window), ==, expected[i].id);

      page = tj_window_get_section_page (window, expected[i].id);
      g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (page, expected[i].get_type ()));
      g_assert_true (gtk_widget_get_mapped (page));

      /* Not a blank pane: on an empty database, a status page on screen
       * that says what will appear. */
      g_assert_true (tj_test_wait (status_page_shown, page));
      status = ADW_STATUS_PAGE (tj_test_find_mapped (page, ADW_TYPE_STATUS_PAGE));
      g_assert_cmpuint (strlen (adw_status_page_get_title (status)), >, 0);
      g_assert_cmpuint (strlen (adw_status_page_get_description (status)), >, 20);

      last = g_settings_get_string (settings, "last-section");
      g_assert_cmpstr (last, ==, expected[i].id);
    }
  /* A station's store: the Centre section is there but hidden, and cannot
   * be shown (test_centre_appears makes this store a centre). */
  {
    GtkListBoxRow *centre = gtk_list_box_get_row_at_index (list, G_N_ELEMENTS (expected));

    g_assert_nonnull (centre);
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (centre)));
    g_assert_false (gtk_widget_get_visible (tj_window_get_section_page (window, "centre")));
    g_assert_false (tj_window_set_section (window, "centre"));
    g_assert_cmpstr (tj_window_get_section (window), ==, "today");
  }
  g_assert_null (gtk_list_box_get_row_at_index (list, G_N_ELEMENTS (expected) + 1));

  /* The Alt+1…6 shortcuts go through the win.section action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.section", "s", "reports"));
  tj_test_drain ();
  g_assert_cmpstr (tj_window_get_section (window), ==, "reports");
  g_assert_true (gtk_list_box_get_selected_row (list) == gtk_list_box_get_row_at_index (list, 4));

  g_assert_false (tj_window_set_section (window, "no-such-section"));
  g_assert_cmpstr (tj_window_get_section (window), ==, "reports");
}

static gboolean
leaflet_folded (gpointer leaflet)
{
  return adw_leaflet_get_folded (leaflet);
}

static gboolean
leaflet_unfolded (gpointer leaflet)
{
  return !adw_leaflet_get_folded (leaflet);
}

/* On a narrow screen the sidebar and the page take turns, with a back
 * button on the page. */
static void
test_folded (void)
{
  TjWindow *window = tj_test_main_window ();
  AdwLeaflet *leaflet = ADW_LEAFLET (tj_test_find (GTK_WIDGET (window), ADW_TYPE_LEAFLET));
  GtkListBox *list = sidebar ();
  GtkWidget *cases_page = tj_window_get_section_page (window, "cases");
  g_autoptr(GPtrArray) buttons = NULL;
  GtkWidget *back = NULL;
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, height);
  g_assert_true (tj_test_wait (leaflet_folded, leaflet));
  tj_test_wait_frame (GTK_WIDGET (window));

  buttons = tj_test_find_all (GTK_WIDGET (window), GTK_TYPE_BUTTON);
  /* The window's back button; a page may have one of its own for a view
   * not shown (Today's "See All"). */
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_icon_name (g_ptr_array_index (buttons, i)),
                   "go-previous-symbolic") == 0 &&
        gtk_widget_get_mapped (g_ptr_array_index (buttons, i)))
      back = g_ptr_array_index (buttons, i);
  g_assert_nonnull (back);

  /* Back to the list of sections, pick one, and its page fills the window. */
  g_signal_emit_by_name (back, "clicked");
  g_assert_true (tj_test_wait (tj_test_mapped, list));
  g_assert_true (tj_test_wait (tj_test_unmapped, cases_page));

  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 1)));
  g_assert_cmpstr (tj_window_get_section (window), ==, "cases");
  g_assert_true (tj_test_wait (tj_test_mapped, cases_page));
  g_assert_true (tj_test_wait (tj_test_mapped, back));
  g_assert_true (tj_test_wait (tj_test_unmapped, list));

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  g_assert_true (tj_test_wait (leaflet_unfolded, leaflet));
  g_assert_true (tj_test_wait (tj_test_mapped, list));
  g_assert_true (tj_test_wait (tj_test_mapped, cases_page));
  g_assert_true (tj_test_wait (tj_test_unmapped, back));
}

/* A button whose action does not exist is insensitive: none may be. */
static void
test_buttons_have_actions (void)
{
  TjWindow *window = tj_test_main_window ();
  g_autoptr(GPtrArray) buttons = tj_test_find_all (GTK_WIDGET (window), GTK_TYPE_BUTTON);
  guint with_action = 0;

  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);
      const char *action = gtk_actionable_get_action_name (GTK_ACTIONABLE (button));

      if (action == NULL)
        continue;
      with_action++;
      if (!gtk_widget_get_sensitive (button))
        g_error ("The button for %s does nothing", action);
    }
  /* Today, Wage arrears and Sync point at preferences. */
  g_assert_cmpuint (with_action, >=, 3);
}

static void
test_preferences_save (void)
{
  TjWindow *window = tj_test_main_window ();
  GSettings *settings = tj_application_get_settings (app);
  GtkWindow *preferences;
  GtkWidget *row;
  GtkWidget *setup_button;
  GtkWidget *today;
  g_autoptr(GPtrArray) spins = NULL;
  g_autofree char *organisation = NULL;
  g_autofree char *station = NULL;
  g_autofree char *scheme = NULL;

  today = tj_window_get_section_page (window, "today");
  setup_button = NULL;
  {
    /* The button that asks for the organisation (Today has others, for
     * its lists). */
    g_autoptr(GPtrArray) buttons = tj_test_find_all (today, GTK_TYPE_BUTTON);

    for (guint i = 0; i < buttons->len && setup_button == NULL; i++)
      if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)), "app.preferences") == 0)
        setup_button = g_ptr_array_index (buttons, i);
  }
  g_assert_nonnull (setup_button);
  g_assert_true (gtk_widget_get_visible (setup_button));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL));
  preferences = tj_test_wait_for_toplevel (TJ_TYPE_PREFERENCES_WINDOW);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (window));

  row = tj_test_find_row (GTK_WIDGET (preferences), "Organisation Name");
  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), "朝阳区总工会劳动争议调解委员会");
  organisation = g_settings_get_string (settings, "organisation-name");
  g_assert_cmpstr (organisation, ==, "朝阳区总工会劳动争议调解委员会");

  row = tj_test_find_row (GTK_WIDGET (preferences), "Station Code");
  gtk_editable_set_text (GTK_EDITABLE (row), "CY01");
  station = g_settings_get_string (settings, "station-code");
  g_assert_cmpstr (station, ==, "CY01");

  /* Once the organisation is known, Today stops asking for it, and the
   * sidebar says whose cases these are. */
  g_assert_false (gtk_widget_get_visible (setup_button));
  {
    g_autoptr(GPtrArray) titles = tj_test_find_all (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE);
    gboolean shown = FALSE;

    for (guint i = 0; i < titles->len; i++)
      shown |= g_strcmp0 (adw_window_title_get_subtitle (g_ptr_array_index (titles, i)),
                          "朝阳区总工会劳动争议调解委员会") == 0;
    g_assert_true (shown);
  }

  /* Both ways: a change made elsewhere shows in the row. */
  g_settings_set_string (settings, "mediator-name", "王伟");
  row = tj_test_find_row (GTK_WIDGET (preferences), "Mediator Name");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "王伟");

  row = tj_test_find_row (GTK_WIDGET (preferences), "City or Locality");
  gtk_editable_set_text (GTK_EDITABLE (row), "北京市");
  {
    g_autofree char *locality = g_settings_get_string (settings, "locality");
    g_assert_cmpstr (locality, ==, "北京市");
  }

  /* Dark mode. */
  row = tj_test_find_row (GTK_WIDGET (preferences), "Style");
  g_assert_true (ADW_IS_COMBO_ROW (row));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 2);
  scheme = g_settings_get_string (settings, "color-scheme");
  g_assert_cmpstr (scheme, ==, "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()), ==,
                   ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (adw_style_manager_get_default ()));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()), ==,
                   ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (adw_style_manager_get_default ()));

  /* Early warning: workers as a count, the amount in yuan, stored in fen. */
  spins = tj_test_find_all (GTK_WIDGET (preferences), GTK_TYPE_SPIN_BUTTON);
  /* The third is the retention period, after them (test-ui-retention). */
  g_assert_cmpuint (spins->len, ==, 3);
  g_assert_cmpfloat (gtk_spin_button_get_value (g_ptr_array_index (spins, 0)), ==, 10);
  g_assert_cmpfloat (gtk_spin_button_get_value (g_ptr_array_index (spins, 1)), ==, 500000);
  gtk_spin_button_set_value (g_ptr_array_index (spins, 0), 30);
  g_assert_cmpuint (g_settings_get_uint (settings, "flag-min-workers"), ==, 30);
  gtk_spin_button_set_value (g_ptr_array_index (spins, 1), 800000);
  g_assert_cmpint (g_settings_get_int64 (settings, "flag-min-amount-fen"), ==, 80000000);
  g_settings_set_int64 (settings, "flag-min-amount-fen", 12345600);
  g_assert_cmpfloat (gtk_spin_button_get_value (g_ptr_array_index (spins, 1)), ==, 123456);

  /* Sync account: the page the Sync section's button opens. */
  /* The server address is saved when applied, and only when it is one. */
  row = tj_test_find_row (GTK_WIDGET (preferences), "Server Address");
  g_assert_true (ADW_IS_ENTRY_ROW (row));
  gtk_editable_set_text (GTK_EDITABLE (row), "couch.example.org");
  g_signal_emit_by_name (row, "apply");
  {
    g_autofree char *url = g_settings_get_string (settings, "sync-server-url");
    g_assert_cmpstr (url, ==, "");
  }
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (row), "  https://couch.example.org:6984 ");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_signal_emit_by_name (row, "apply");
  {
    g_autofree char *url = g_settings_get_string (settings, "sync-server-url");
    g_assert_cmpstr (url, ==, "https://couch.example.org:6984");
  }
  g_assert_false (gtk_widget_has_css_class (row, "error"));

  gtk_window_destroy (preferences);
  tj_test_drain ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.sync-preferences", NULL));
  preferences = tj_test_wait_for_toplevel (TJ_TYPE_PREFERENCES_WINDOW);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (preferences)),
                   ==, "sync");
  gtk_window_destroy (preferences);
  tj_test_drain ();
}

static void
test_about (void)
{
  TjWindow *window = tj_test_main_window ();
  GtkWindow *about;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.about", NULL));
  about = tj_test_wait_for_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Tiaojie");
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==,
                   GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_website (ADW_ABOUT_WINDOW (about)), ==,
                   "https://github.com/tiaojie/tiaojie");
  gtk_window_destroy (about);
  tj_test_drain ();
}

static void
test_shortcuts (void)
{
  TjWindow *window = tj_test_main_window ();
  GtkWindow *shortcuts;
  g_auto(GStrv) accels = NULL;

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");
  g_assert_cmpuint (g_strv_length (accels), >=, 1);
  g_strfreev (accels);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.section::sync");
  g_assert_cmpstrv (accels, ((const char *[]) { "<Alt>6", NULL }));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  shortcuts = tj_test_wait_for_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  gtk_widget_set_visible (GTK_WIDGET (shortcuts), FALSE);
  tj_test_drain ();
}

static gboolean
centre_row_visible (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (gtk_list_box_get_row_at_index (sidebar (), 6)));
}

static gboolean
centre_lists_station (gpointer data)
{
  GtkWidget *page = tj_window_get_section_page (tj_test_main_window (), "centre");

  return g_list_model_get_n_items (tj_centre_page_get_stations (TJ_CENTRE_PAGE (page))) == 1;
}

/* A station registered by another program (as `tiaojie-cli centre
 * stations add` does) makes this store a centre: the Centre section
 * appears in the open window, without a restart, and lists it. */
static void
test_centre_appears (void)
{
  TjWindow *window = tj_test_main_window ();
  g_autoptr(GError) error = NULL;

  g_assert_false (centre_row_visible (NULL));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.section", "s", "centre") &&
                  g_strcmp0 (tj_window_get_section (window), "centre") == 0);
  {
    g_autoptr(TjStore) other = tj_store_open (db_path, &error);
    g_autoptr(JsonObject) station = NULL;

    g_assert_no_error (error);
    station = tj_centre_add_station (other, "BH0043", "海淀北站", NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_true (tj_test_wait (centre_row_visible, NULL));
  g_assert_true (tj_window_set_section (window, "centre"));
  tj_test_drain ();
  g_assert_cmpstr (tj_window_get_section (window), ==, "centre");
  g_assert_true (gtk_widget_get_mapped (tj_window_get_section_page (window, "centre")));
  g_assert_true (tj_test_wait (centre_lists_station, NULL));
}

static gboolean
no_main_window (gpointer data)
{
  return tj_test_find_toplevel (TJ_TYPE_WINDOW) == NULL;
}

/* Last: closing the window saves its size and section for the next start. */
static void
test_window_state_saved (void)
{
  TjWindow *window = tj_test_main_window ();
  GSettings *settings = tj_application_get_settings (app);
  g_autofree char *last = NULL;

  tj_window_set_section (window, "consultations");
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  tj_test_drain ();
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (tj_test_wait (no_main_window, NULL));

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  last = g_settings_get_string (settings, "last-section");
  g_assert_cmpstr (last, ==, "consultations");

  /* A new window comes back where the last one was. */
  g_application_activate (G_APPLICATION (app));
  window = TJ_WINDOW (tj_test_wait_for_toplevel (TJ_TYPE_WINDOW));
  g_assert_cmpstr (tj_window_get_section (window), ==, "consultations");
  {
    int width, height;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, 900);
    g_assert_cmpint (height, ==, 640);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* tj-ui-application: a widget follows the application its window gets
 * after it is built, and letting go disconnects what it connected. */
static void
count_call (GtkWidget *widget)
{
  int *calls = g_object_get_data (G_OBJECT (widget), "calls");

  (*calls)++;
}

static void
handler_noted (gpointer data)
{
  (void) data;
}

static void
test_application_link (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *child = gtk_label_new ("");
  TjApplication *slot = NULL;
  TjClock *clock = tj_application_get_clock (app);
  int calls = 0;
  gulong on_app, on_clock, other;

  g_object_set_data (G_OBJECT (child), "calls", &calls);
  gtk_window_set_child (GTK_WINDOW (window), child);
  g_assert_null (tj_ui_get_application (child));
  g_assert_true (tj_ui_get_application_or_default (child) == app);

  tj_ui_follow_root_application (child, G_CALLBACK (count_call));
  g_assert_cmpint (calls, ==, 1);
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
  g_assert_cmpint (calls, ==, 2);
  g_assert_true (tj_ui_get_application (child) == app);

  g_assert_true (tj_ui_set_application (&slot, app, child));
  g_assert_true (slot == app);
  g_assert_false (tj_ui_set_application (&slot, app, child));
  on_app = g_signal_connect_swapped (app, "notify::store", G_CALLBACK (handler_noted), child);
  on_clock = g_signal_connect_swapped (clock, "day-changed", G_CALLBACK (handler_noted), child);
  other = g_signal_connect_swapped (clock, "day-changed", G_CALLBACK (handler_noted), window);
  g_assert_true (tj_ui_set_application (&slot, NULL, child));
  g_assert_null (slot);
  g_assert_false (g_signal_handler_is_connected (app, on_app));
  g_assert_false (g_signal_handler_is_connected (clock, on_clock));
  /* Only what the widget connected goes. */
  g_assert_true (g_signal_handler_is_connected (clock, other));
  g_signal_handler_disconnect (clock, other);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* tj_window_add_toast_for(): a page's toast shows in the window it is in;
 * a widget in no window drops it. */
static gboolean
window_says (gpointer text)
{
  g_autoptr(GPtrArray) labels = tj_test_find_all (GTK_WIDGET (tj_test_main_window ()), GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_label (labels->pdata[i]), text) == 0)
      return TRUE;
  return FALSE;
}

static void
test_toast_for (void)
{
  TjWindow *window = tj_test_main_window ();
  GtkWidget *page;
  g_autoptr(GtkWidget) alone = g_object_ref_sink (gtk_label_new (""));
  AdwToast *dropped = adw_toast_new ("无窗口");

  g_assert_true (tj_test_wait (tj_test_mapped, window));
  page = tj_window_get_section_page (window, "today");
  g_assert_nonnull (page);
  tj_window_add_toast_for (page, adw_toast_new ("已保存的提示"));
  g_assert_true (tj_test_wait (window_says, "已保存的提示"));

  g_object_add_weak_pointer (G_OBJECT (dropped), (gpointer *) &dropped);
  tj_window_add_toast_for (alone, dropped);
  g_assert_null (dropped);
}

int
main (int   argc,
      char *argv[])
{
  tj_test_init (&argc, &argv, "2026-11-22", TJ_TEST_FLAGS_NONE);

  tj_test_add ("/ui/shell/window-opens", test_window_opens);
  tj_test_add ("/ui/shell/sections", test_sections);
  tj_test_add ("/ui/shell/folded", test_folded);
  tj_test_add ("/ui/shell/buttons-have-actions", test_buttons_have_actions);
  tj_test_add ("/ui/shell/preferences-save", test_preferences_save);
  tj_test_add ("/ui/shell/about", test_about);
  tj_test_add ("/ui/shell/shortcuts", test_shortcuts);
  tj_test_add ("/ui/shell/centre-appears", test_centre_appears);
  tj_test_add ("/ui/shell/window-state-saved", test_window_state_saved);
  tj_test_add ("/ui/shell/application-link", test_application_link);
  tj_test_add ("/ui/shell/toast-for", test_toast_for);

  return tj_test_run (NULL);
}
