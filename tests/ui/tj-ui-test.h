/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by the ui tests: start the real application on a private
 * database, wait for the main loop to get somewhere, and find widgets the
 * way a user would see them (by type and title), not through test-only API. */

#include <glib/gstdio.h>
#include <adwaita.h>

#include "tj-application.h"
#include "tj-window.h"

/* Exit code that meson reports as a skipped test. */
#define TJ_TEST_SKIP 77

typedef gboolean (*TjTestCondition) (gpointer data);

static gboolean
tj_test_wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until @condition holds; FALSE after @timeout_ms. */
static inline gboolean
tj_test_wait (TjTestCondition condition,
              gpointer        data,
              guint           timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake = g_timeout_add (20, tj_test_wake_cb, NULL);
  gboolean ok;

  while (!(ok = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return ok;
}

/* Lets pending redraws, mapping and idle handlers run. */
static inline void
tj_test_settle (void)
{
  gint64 until = g_get_monotonic_time () + 100 * 1000;
  guint wake = g_timeout_add (20, tj_test_wake_cb, NULL);

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

/* The first visible toplevel of @type, or NULL. */
static inline GtkWindow *
tj_test_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static inline gboolean
tj_test_toplevel_shown (gpointer type)
{
  return tj_test_find_toplevel ((GType) GPOINTER_TO_SIZE (type)) != NULL;
}

/* Waits for a toplevel of @type to be shown and returns it. */
static inline GtkWindow *
tj_test_wait_for_toplevel (GType type)
{
  g_assert_true (tj_test_wait (tj_test_toplevel_shown, GSIZE_TO_POINTER (type), 10000));
  return tj_test_find_toplevel (type);
}

/* Descendants of @widget (itself included) of @type, in tree order. */
static inline void
tj_test_collect (GtkWidget *widget,
                 GType      type,
                 GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    tj_test_collect (child, type, out);
}

static inline GPtrArray *
tj_test_find_all (GtkWidget *widget,
                  GType      type)
{
  GPtrArray *found = g_ptr_array_new ();

  tj_test_collect (widget, type, found);
  return found;
}

static inline GtkWidget *
tj_test_find (GtkWidget *widget,
              GType      type)
{
  g_autoptr(GPtrArray) found = tj_test_find_all (widget, type);

  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

/* The preferences row (entry, combo, action row) titled @title. */
/* The first widget of @type under @widget that is on screen (pages keep
 * hidden alternatives such as a "no results" status page). */
static inline GtkWidget *
tj_test_find_mapped (GtkWidget *widget,
                     GType      type)
{
  g_autoptr(GPtrArray) all = tj_test_find_all (widget, type);

  for (guint i = 0; i < all->len; i++)
    if (gtk_widget_get_mapped (g_ptr_array_index (all, i)))
      return g_ptr_array_index (all, i);
  return NULL;
}

/* The window's sidebar: the list box styled as a navigation sidebar. */
static inline GtkWidget *
tj_test_find_sidebar (GtkWidget *window)
{
  g_autoptr(GPtrArray) lists = tj_test_find_all (window, GTK_TYPE_LIST_BOX);

  for (guint i = 0; i < lists->len; i++)
    if (gtk_widget_has_css_class (g_ptr_array_index (lists, i), "navigation-sidebar"))
      return g_ptr_array_index (lists, i);
  return NULL;
}

static inline GtkWidget *
tj_test_find_row (GtkWidget  *widget,
                  const char *title)
{
  g_autoptr(GPtrArray) rows = tj_test_find_all (widget, ADW_TYPE_PREFERENCES_ROW);

  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);
  return NULL;
}

/* A fresh folder for the test's database; TIAOJIE_DB points into it. */
static inline char *
tj_test_make_db_path (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tiaojie-ui-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, "tiaojie.db", NULL);
}

/* Removes the test's database folder and everything in it. */
static inline void
tj_test_remove_db_dir (const char *db_path)
{
  g_autofree char *dir = g_path_get_dirname (db_path);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* Starts the real application as the user would, but without taking the
 * well-known bus name (several tests may run at once). */
static inline TjApplication *
tj_test_start_application (void)
{
  g_autoptr(GError) error = NULL;
  TjApplication *app = tj_application_new ();

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  return app;
}

/* Whether the test can open windows at all; call before anything GTK. */
static inline gboolean
tj_test_have_display (void)
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    return FALSE;
  if (!gtk_init_check ())
    return FALSE;
  /* Transitions would make what is on screen depend on timing. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  return TRUE;
}
