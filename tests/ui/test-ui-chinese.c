/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Under a Chinese locale every text the shell shows is Chinese: each label
 * that is on screen in every section, in both preferences pages, in the
 * about and shortcuts windows. Only names that stay in Latin letters in
 * Chinese too (CouchDB, Ctrl…) are allowed. */

#include <glib/gi18n.h>

#include "tj-preferences-window.h"
#include "tj-ui-test.h"


/* Latin words that a Chinese user sees as they are: product and format
 * names, and the key names GTK's shortcut labels draw. */
static const char *const allowed_words[] = {
  "CouchDB", "PouchDB", "Ctrl", "Alt", "Shift", "Esc", "Enter", "Tab", "tiaojie", "cli", "GNU", "GPL",
  "PDF", "CSV", "DOCX", "Word", "Excel", NULL,
};

#define check_labels(root, where) tj_test_check_chinese ((root), (where), allowed_words)

static void
test_catalogue_loaded (void)
{
  /* Without the build's zh_CN catalogue the rest would prove nothing. */
  if (g_strcmp0 (_("Cases"), "案件") != 0)
    g_error ("The zh_CN catalogue is not in %s; build the po/ targets first",
             g_getenv ("TIAOJIE_LOCALEDIR"));
}

static void
test_window_sections (void)
{
  static const char *const sections[] = {
    "today", "cases", "consultations", "arrears", "reports", "sync",
  };
  TjWindow *window;

  window = TJ_WINDOW (tj_test_wait_for_toplevel (TJ_TYPE_WINDOW));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "调解");

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_assert_true (tj_window_set_section (window, sections[i]));
      tj_test_drain ();
      /* Sidebar (6 rows, the Centre's hidden at a station, and a title), header, status page title and text. */
      g_assert_cmpuint (check_labels (GTK_WIDGET (window), sections[i]), >=, 10);
    }
}

static void
test_preferences (void)
{
  GtkWindow *window = tj_test_find_toplevel (TJ_TYPE_WINDOW);
  GtkWindow *preferences;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.preferences", NULL));
  preferences = tj_test_wait_for_toplevel (TJ_TYPE_PREFERENCES_WINDOW);
  tj_test_drain ();
  g_assert_cmpuint (check_labels (GTK_WIDGET (preferences), "preferences: general"), >=, 10);

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "sync");
  tj_test_drain ();
  g_assert_cmpuint (check_labels (GTK_WIDGET (preferences), "preferences: sync"), >=, 5);
  gtk_window_destroy (preferences);
}

static void
test_about_and_shortcuts (void)
{
  GtkWindow *window = tj_test_find_toplevel (TJ_TYPE_WINDOW);
  GtkWindow *about;
  GtkWindow *shortcuts;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "app.about", NULL));
  about = tj_test_wait_for_toplevel (ADW_TYPE_ABOUT_WINDOW);
  tj_test_drain ();
  g_assert_cmpuint (check_labels (GTK_WIDGET (about), "about"), >=, 3);
  gtk_window_destroy (about);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  shortcuts = tj_test_wait_for_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  tj_test_drain ();
  g_assert_cmpuint (check_labels (GTK_WIDGET (shortcuts), "shortcuts"), >=, 10);
  gtk_widget_set_visible (GTK_WIDGET (shortcuts), FALSE);
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

  tj_test_add_full ("/ui/chinese/catalogue-loaded", test_catalogue_loaded, TJ_TEST_CASE_NO_APP);
  tj_test_add ("/ui/chinese/window-sections", test_window_sections);
  tj_test_add ("/ui/chinese/preferences", test_preferences);
  tj_test_add ("/ui/chinese/about-and-shortcuts", test_about_and_shortcuts);

  return tj_test_run (NULL);
}
