/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Helpers shared by the ui tests: start the real application on a private
 * database, wait for the main loop to get somewhere, and find widgets the
 * way a user would see them (by type and title), not through test-only API.
 *
 * Every subtest runs in a process of its own (g_test_trap_subprocess()),
 * on a fresh database with the same seed, a fresh application and fresh
 * settings: no subtest depends on another having run before it, and each
 * one can run alone (`test-ui-cases -p /ui/cases/status-filter`).
 *
 * The test makes its own session bus (GTestDBus), whoever started it, so
 * that nothing reaches or comes from the user's desktop. On it runs
 * python-dbusmock's notification_daemon: what the application notifies is
 * read back from the mock's call log (tj_test_take_notifications()), and
 * a subtest that ends with notifications it did not look at fails. */

#include <stdlib.h>

#include <glib/gstdio.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <adwaita.h>

#include "tj-application.h"
#include "tj-case-page.h"
#include "tj-form-dialog.h"
#include "tj-new-case-window.h"
#include "tj-payment-window.h"
#include "tj-settlement-editor.h"
#include "tj-window.h"

/* Exit code that meson reports as a skipped test. */
#define TJ_TEST_SKIP 77

/* How long a wait may take before the test fails: only a bound for a
 * broken test, never what a passing test relies on. */
#define TJ_TEST_TIMEOUT_MS 60000

/* How long one subtest's process may run. */
#define TJ_TEST_SUBPROCESS_TIMEOUT_US (300 * G_USEC_PER_SEC)

#define TJ_TEST_NOTIFICATIONS_NAME "org.freedesktop.Notifications"
#define TJ_TEST_NOTIFICATIONS_PATH "/org/freedesktop/Notifications"
#define TJ_TEST_MOCK_INTERFACE "org.freedesktop.DBus.Mock"

typedef enum {
  TJ_TEST_FLAGS_NONE = 0,
  /* The binary's bus has no notification service at all. */
  TJ_TEST_NO_NOTIFICATION_SERVICE = 1 << 0,
} TjTestFlags;

typedef enum {
  TJ_TEST_CASE_DEFAULT = 0,
  /* The subtest starts the application itself, or needs none. */
  TJ_TEST_CASE_NO_APP = 1 << 0,
} TjTestCaseFlags;

typedef gboolean (*TjTestCondition) (gpointer data);
typedef void (*TjTestSeed) (void);

/* The application of the subtest, and its database. */
static TjApplication *app;
static char *db_path;

/* What the harness keeps: in the parent the bus and the mock, in a
 * subtest's process what the mock has been asked. */
static struct {
  TjTestFlags  flags;
  TjTestSeed   seed;
  GTestDBus   *bus;
  GSubprocess *mock;
  gboolean     have_mock;
  GDBusConnection *connection;  /* held: the signal subscription lives on it */
  guint        notify_calls;   /* Notify calls the mock announced */
  guint        taken;          /* of which the test looked at */
} tj_test;

typedef struct {
  TjTestSeed      seed;
  GTestFunc       func;
  TjTestCaseFlags flags;
} TjTestCase;

/* One notification as the notification service received it. */
typedef struct {
  guint32     id;          /* what Notify returned: ActionInvoked names it */
  char       *app_name;
  char       *title;
  char       *body;
  char      **actions;     /* key, label, key, label… ("default" for the default action) */
  GVariant   *hints;
} TjTestNotification;

static inline void
tj_test_notification_free (TjTestNotification *n)
{
  g_free (n->app_name);
  g_free (n->title);
  g_free (n->body);
  g_strfreev (n->actions);
  g_clear_pointer (&n->hints, g_variant_unref);
  g_free (n);
}

/* Waiting ------------------------------------------------------------- */

static gboolean
tj_test_expired_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop, one event at a time, until @condition holds; FALSE
 * when it still does not after TJ_TEST_TIMEOUT_MS. Everything a test waits
 * for arrives as an event (a signal, an idle, a thread's result, a D-Bus
 * message), after which the condition is looked at again. */
static inline gboolean
tj_test_wait (TjTestCondition condition,
              gpointer        data)
{
  gboolean expired = FALSE;
  guint bound = g_timeout_add (TJ_TEST_TIMEOUT_MS, tj_test_expired_cb, &expired);
  gboolean ok;

  while (!(ok = condition (data)) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (bound);
  return ok;
}

/* Runs whatever is ready now (idles, queued signals and replies), without
 * waiting for timers: bounded, so that a source that re-arms itself at
 * once cannot keep the test here. */
static inline void
tj_test_drain (void)
{
  for (guint i = 0; i < 10000 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static gboolean
tj_test_form_idle (gpointer dialog)
{
  return !tj_form_dialog_get_busy (TJ_FORM_DIALOG (dialog));
}

/* Saves @dialog as its Save button does and waits for the repository's
 * worker to answer: TRUE when the dialog closed (saved), FALSE when it
 * stayed open with the refusal shown. */
static inline gboolean
tj_test_form_save (GtkWindow *dialog)
{
  g_autoptr(GtkWindow) held = g_object_ref (dialog);

  if (!tj_form_dialog_save (TJ_FORM_DIALOG (dialog)))
    return FALSE;
  g_assert_true (tj_test_wait (tj_test_form_idle, dialog));
  return !gtk_widget_get_visible (GTK_WIDGET (dialog));
}

static gboolean
tj_test_intake_idle (gpointer intake)
{
  return !tj_new_case_window_get_busy (TJ_NEW_CASE_WINDOW (intake));
}

/* The same for the intake window: TRUE when the case was taken in (the
 * window closed), FALSE when it stayed open with the core's reasons. */
static inline gboolean
tj_test_intake_save (GtkWindow *intake)
{
  g_autoptr(GtkWindow) held = g_object_ref (intake);

  if (!tj_new_case_window_save (TJ_NEW_CASE_WINDOW (intake)))
    return FALSE;
  g_assert_true (tj_test_wait (tj_test_intake_idle, intake));
  return !gtk_widget_get_visible (GTK_WIDGET (intake));
}

typedef struct {
  GAsyncResult *result;
} TjTestAsync;

static void
tj_test_async_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ((TjTestAsync *) user_data)->result = g_object_ref (result);
}

static gboolean
tj_test_async_done (gpointer data)
{
  return ((TjTestAsync *) data)->result != NULL;
}

/* Saves the settlement editor as its Save button does and waits for the
 * repository's worker: FALSE with @error when it was refused. */
static inline gboolean
tj_test_settlement_save (TjSettlementEditor  *editor,
                         GError             **error)
{
  TjTestAsync wait = { NULL };
  gboolean ok;

  tj_settlement_editor_save_async (editor, tj_test_async_cb, &wait);
  g_assert_true (tj_test_wait (tj_test_async_done, &wait));
  ok = tj_settlement_editor_save_finish (editor, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

/* Records a payment as the Record button does and waits for the
 * repository's worker: FALSE with @error when it was refused. */
static inline gboolean
tj_test_payment_record (TjPaymentWindow  *window,
                        GError          **error)
{
  TjTestAsync wait = { NULL };
  gboolean ok;

  tj_payment_window_record_async (window, tj_test_async_cb, &wait);
  g_assert_true (tj_test_wait (tj_test_async_done, &wait));
  ok = tj_payment_window_record_finish (window, wait.result, error);
  g_object_unref (wait.result);
  return ok;
}

static void
tj_test_painted_cb (GdkFrameClock *clock,
                    gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
tj_test_flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Waits until @widget's window has drawn a frame after now: sizes,
 * positions and what is on screen are up to date. */
static inline void
tj_test_wait_frame (GtkWidget *widget)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;

  tj_test_drain ();
  clock = gtk_widget_get_frame_clock (widget);
  if (clock == NULL)
    return;
  g_object_ref (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (tj_test_painted_cb), &painted);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_LAYOUT | GDK_FRAME_CLOCK_PHASE_PAINT);
  gtk_widget_queue_draw (widget);
  g_assert_true (tj_test_wait (tj_test_flag_set, &painted));
  g_signal_handler_disconnect (clock, handler);
  g_object_unref (clock);
  tj_test_drain ();
}

/* With $TIAOJIE_SCREENSHOT_DIR set, @widget as drawn, saved there as
 * @name (a PNG), for a person to look at; without it, nothing. A window
 * just shown or a big one (72 workers) may take a few frames to draw. */
static inline void
tj_test_screenshot (GtkWidget  *widget,
                    const char *name)
{
  const char *dir = g_getenv ("TIAOJIE_SCREENSHOT_DIR");
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = 0, height = 0;

  if (dir == NULL)
    return;
  for (guint tries = 0; node == NULL && tries < 50; tries++)
    {
      g_autoptr(GdkPaintable) paintable = NULL;
      GtkSnapshot *snapshot;

      tj_test_wait_frame (widget);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      paintable = gtk_widget_paintable_new (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static inline gboolean
tj_test_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static inline gboolean
tj_test_unmapped (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

/* Finding widgets ------------------------------------------------------ */

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
  GtkWindow *window = tj_test_find_toplevel ((GType) GPOINTER_TO_SIZE (type));

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window));
}

/* Waits for a toplevel of @type to be shown and returns it. */
static inline GtkWindow *
tj_test_wait_for_toplevel (GType type)
{
  g_assert_true (tj_test_wait (tj_test_toplevel_shown, GSIZE_TO_POINTER (type)));
  return tj_test_find_toplevel (type);
}

static gboolean
tj_test_payment_idle (gpointer window)
{
  return !tj_payment_window_get_busy (TJ_PAYMENT_WINDOW (window));
}

static gboolean
tj_test_settlement_idle (gpointer editor)
{
  return !tj_settlement_editor_get_busy (TJ_SETTLEMENT_EDITOR (editor));
}

/* The settlement editor, once it has read the case on the worker and
 * drawn it. */
static inline TjSettlementEditor *
tj_test_wait_for_settlement_editor (void)
{
  GtkWindow *editor = tj_test_wait_for_toplevel (TJ_TYPE_SETTLEMENT_EDITOR);

  g_assert_true (tj_test_wait (tj_test_settlement_idle, editor));
  tj_test_wait_frame (GTK_WIDGET (editor));
  return TJ_SETTLEMENT_EDITOR (editor);
}

/* The payment window, once it has read the settlement on the worker and
 * drawn what it read (the rows come after the window is shown). */
static inline TjPaymentWindow *
tj_test_wait_for_payment_window (void)
{
  GtkWindow *window = tj_test_wait_for_toplevel (TJ_TYPE_PAYMENT_WINDOW);

  g_assert_true (tj_test_wait (tj_test_payment_idle, window));
  tj_test_wait_frame (GTK_WIDGET (window));
  return TJ_PAYMENT_WINDOW (window);
}

static inline gboolean
tj_test_toplevel_gone (gpointer type)
{
  return tj_test_find_toplevel ((GType) GPOINTER_TO_SIZE (type)) == NULL;
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

/* Fails on the first drawable label under @root with a run of two or
 * more Latin letters that is not one of @allowed (what a Chinese user
 * sees as it is); returns how many labels were checked. */
static inline guint
tj_test_check_chinese (GtkWidget          *root,
                       const char         *where,
                       const char * const *allowed)
{
  g_autoptr(GPtrArray) labels = tj_test_find_all (root, GTK_TYPE_LABEL);
  g_autoptr(GRegex) regex = g_regex_new ("[A-Za-z]{2,}", 0, 0, NULL);
  guint checked = 0;

  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      const char *text = gtk_label_get_text (GTK_LABEL (label));
      g_autoptr(GMatchInfo) match = NULL;

      if (!gtk_widget_is_drawable (label) || text == NULL || *text == '\0')
        continue;
      checked++;
      g_regex_match (regex, text, 0, &match);
      for (; g_match_info_matches (match); g_match_info_next (match, NULL))
        {
          g_autofree char *word = g_match_info_fetch (match, 0);
          if (!g_strv_contains (allowed, word))
            g_error ("%s: untranslated “%s” in “%s”", where, word, text);
        }
    }
  return checked;
}

/* The same on what @root shows once the main loop is idle (a page
 * reloaded meanwhile, on the repository's change signal, replaces its
 * labels), which must be at least three labels. */
static inline void
tj_test_assert_chinese (GtkWidget          *root,
                        const char         *where,
                        const char * const *allowed)
{
  tj_test_drain ();
  g_assert_cmpuint (tj_test_check_chinese (root, where, allowed), >=, 3);
}

/* Whether a label on screen under @root reads @text (its label, markup
 * included) and, unless @css_class is NULL, has that style class. */
static inline gboolean
tj_test_has_label (GtkWidget  *root,
                   const char *text,
                   const char *css_class)
{
  g_autoptr(GPtrArray) labels = tj_test_find_all (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_is_drawable (labels->pdata[i])
        && g_strcmp0 (gtk_label_get_label (labels->pdata[i]), text) == 0
        && (css_class == NULL || gtk_widget_has_css_class (labels->pdata[i], css_class)))
      return TRUE;
  return FALSE;
}

/* Whether a label on screen under @root shows exactly @text (its text,
 * without markup). */
static inline gboolean
tj_test_shows_label (GtkWidget  *root,
                     const char *text)
{
  g_autoptr(GPtrArray) labels = tj_test_find_all (root, GTK_TYPE_LABEL);

  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_is_drawable (g_ptr_array_index (labels, i)) &&
        g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, i)), text) == 0)
      return TRUE;
  return FALSE;
}

/* The button under @root labelled @label, or NULL. */
static inline GtkWidget *
tj_test_find_button (GtkWidget  *root,
                     const char *label)
{
  g_autoptr(GPtrArray) buttons = tj_test_find_all (root, GTK_TYPE_BUTTON);

  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (g_ptr_array_index (buttons, i)), label) == 0)
      return g_ptr_array_index (buttons, i);
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

/* The first widget below @root (or @root) whose name is @name: the forms
 * name their fields after the members they edit. */
static inline GtkWidget *
tj_test_find_named (GtkWidget  *root,
                    const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = tj_test_find_named (child, name);
      if (found)
        return found;
    }
  return NULL;
}

/* tj_test_find_named (), failing the test when there is no such widget. */
static inline GtkWidget *
tj_test_must_find_named (GtkWidget  *root,
                         const char *name)
{
  GtkWidget *widget = tj_test_find_named (root, name);

  if (widget == NULL)
    g_error ("No widget named %s", name);
  return widget;
}

/* The preferences row (entry, combo, action row) titled @title. */
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

/* The database ---------------------------------------------------------- */

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
tj_test_remove_db_dir (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);
      g_unlink (file);
    }
  g_rmdir (dir);
}

/* The application ------------------------------------------------------ */

static inline gboolean
tj_test_store_settled (gpointer data)
{
  return tj_application_get_store (app) != NULL || tj_application_get_store_error (app) != NULL;
}

/* Starts the real application as the user would, but without taking the
 * well-known bus name. */
static inline TjApplication *
tj_test_start_application (void)
{
  g_autoptr(GError) error = NULL;
  TjApplication *application = tj_application_new ();

  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (application));
  return application;
}

/* The main window of the application. */
static inline TjWindow *
tj_test_main_window (void)
{
  GtkWindow *window = tj_test_find_toplevel (TJ_TYPE_WINDOW);

  g_assert_nonnull (window);
  return TJ_WINDOW (window);
}

/* The case page on screen in the main window, or NULL. */
static inline TjCasePage *
tj_test_case_page (void)
{
  GtkWidget *page = tj_test_find (GTK_WIDGET (tj_test_main_window ()), TJ_TYPE_CASE_PAGE);

  return page && gtk_widget_is_drawable (page) ? TJ_CASE_PAGE (page) : NULL;
}

/* @page has what it read on the repository's worker. */
static inline gboolean
tj_test_case_page_loaded (gpointer page)
{
  return !tj_case_page_get_loading (TJ_CASE_PAGE (page));
}

/* A case page is on screen with what it read on the repository's worker. */
static inline gboolean
tj_test_case_page_shown (gpointer data)
{
  TjCasePage *page = tj_test_case_page ();

  return page != NULL && !tj_case_page_get_loading (page);
}

/* The case page of @case_id (opened unless a case page is on screen),
 * showing @tab. */
static inline TjCasePage *
tj_test_open_case (const char *case_id,
                   const char *tab)
{
  TjCasePage *page;

  if (tj_test_case_page () == NULL)
    tj_application_show_case (app, case_id);
  g_assert_true (tj_test_wait (tj_test_case_page_shown, NULL));
  page = tj_test_case_page ();
  tj_case_page_show_tab (page, tab);
  tj_test_drain ();
  return page;
}

/* Whether the test can open windows at all. */
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

/* The notification service -------------------------------------------- */

static void
tj_test_mock_appeared_cb (GDBusConnection *connection,
                          const char      *name,
                          const char      *owner,
                          gpointer         data)
{
  *(gboolean *) data = TRUE;
}

static void
tj_test_mock_exited_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *) data = TRUE;
}

typedef struct {
  gboolean *appeared;
  gboolean *exited;
} TjTestMockWait;

static gboolean
tj_test_mock_settled (gpointer data)
{
  TjTestMockWait *wait = data;

  return *wait->appeared || *wait->exited;
}

/* Starts python-dbusmock's notification_daemon on the test's bus. Debian's
 * python3-dbusmock is a module of /usr/bin/python3, which another python3
 * first on PATH (pyenv, a virtualenv) may not see: that one is tried
 * second; $TJ_TEST_PYTHON first. */
static inline gboolean
tj_test_start_mock (GDBusConnection *bus)
{
  const char *candidates[] = { g_getenv ("TJ_TEST_PYTHON"), "/usr/bin/python3", "python3" };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) mock = NULL;
      gboolean appeared = FALSE, exited = FALSE;
      TjTestMockWait wait = { &appeared, &exited };
      guint watch;

      if (candidates[i] == NULL || (i > 0 && g_strcmp0 (candidates[i], candidates[i - 1]) == 0))
        continue;
      mock = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                               candidates[i], "-m", "dbusmock", "--template", "notification_daemon",
                               "--parameters", "{\"capabilities\": \"actions body body-markup\"}", NULL);
      if (mock == NULL)
        continue;
      watch = g_bus_watch_name_on_connection (bus, TJ_TEST_NOTIFICATIONS_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                              tj_test_mock_appeared_cb, NULL, &appeared, NULL);
      g_subprocess_wait_async (mock, NULL, tj_test_mock_exited_cb, &exited);
      tj_test_wait (tj_test_mock_settled, &wait);
      g_bus_unwatch_name (watch);
      if (appeared)
        {
          tj_test.mock = g_steal_pointer (&mock);
          return TRUE;
        }
      if (!exited)
        g_subprocess_force_exit (mock);
      /* The callback must not outlive this frame's flags. */
      while (!exited)
        g_main_context_iteration (NULL, TRUE);
    }
  return FALSE;
}

static void
tj_test_method_called_cb (GDBusConnection *connection,
                          const char      *sender,
                          const char      *path,
                          const char      *interface,
                          const char      *signal,
                          GVariant        *parameters,
                          gpointer         data)
{
  const char *method = NULL;

  g_variant_get_child (parameters, 0, "&s", &method);
  if (g_strcmp0 (method, "Notify") == 0)
    tj_test.notify_calls++;
}

static inline GVariant *
tj_test_call_mock (const char         *method,
                   GVariant           *parameters,
                   const GVariantType *reply_type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  GVariant *reply;

  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, TJ_TEST_NOTIFICATIONS_NAME, TJ_TEST_NOTIFICATIONS_PATH,
                                       TJ_TEST_MOCK_INTERFACE, method, parameters, reply_type,
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  return reply;
}

/* In a subtest's process: a mock as good as new (its log empty, its
 * notification ids from 1) and a count of what it is asked. */
static inline void
tj_test_attach_mock (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GVariant) owned = NULL;

  g_assert_no_error (error);
  g_set_object (&tj_test.connection, bus);
  owned = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", TJ_TEST_NOTIFICATIONS_NAME), G_VARIANT_TYPE ("(b)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
  g_variant_get (owned, "(b)", &tj_test.have_mock);
  if (!tj_test.have_mock)
    return;
  g_dbus_connection_signal_subscribe (bus, TJ_TEST_NOTIFICATIONS_NAME, TJ_TEST_MOCK_INTERFACE, "MethodCalled",
                                      TJ_TEST_NOTIFICATIONS_PATH, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                      tj_test_method_called_cb, NULL, NULL);
  /* Reset makes the template anew (ids from 1); the log is apart. */
  g_variant_unref (tj_test_call_mock ("Reset", NULL, NULL));
  g_variant_unref (tj_test_call_mock ("ClearCalls", NULL, NULL));
}

/* Where a subtest's process tells the process that runs the subtests
 * that it skipped (its exit status cannot say). */
static inline char *
tj_test_skip_marker (void)
{
  return g_build_filename (g_getenv ("TJ_TEST_STATE_DIR"), "skipped", NULL);
}

/* Whether this subtest can see notifications; skips it when not. */
static inline gboolean
tj_test_require_notifications (void)
{
  const char *reason = "No notification service to read back (python3-dbusmock, which build-aux/dev installs)";
  g_autofree char *marker = tj_test_skip_marker ();

  if (tj_test.have_mock)
    return TRUE;
  g_assert_true (g_file_set_contents (marker, reason, -1, NULL));
  g_test_skip (reason);
  return FALSE;
}

/* Everything Notify was called with, in order, read from the mock's log. */
static inline GPtrArray *
tj_test_get_notifications (void)
{
  g_autoptr(GVariant) calls = tj_test_call_mock ("GetMethodCalls", g_variant_new ("(s)", "Notify"),
                                                 G_VARIANT_TYPE ("(a(tav))"));
  g_autoptr(GVariantIter) iter = NULL;
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_test_notification_free);
  GVariantIter *args;
  guint32 next_id = 1;
  guint64 stamp;

  g_variant_get (calls, "(a(tav))", &iter);
  while (g_variant_iter_next (iter, "(tav)", &stamp, &args))
    {
      TjTestNotification *n = g_new0 (TjTestNotification, 1);
      g_autoptr(GVariant) v = NULL;
      guint32 replaces;

      /* Notify(app_name s, replaces_id u, icon s, summary s, body s,
       *        actions as, hints a{sv}, timeout i) */
      g_assert_cmpuint (g_variant_iter_n_children (args), ==, 8);
      g_variant_iter_next (args, "v", &v);
      n->app_name = g_variant_dup_string (v, NULL);
      g_clear_pointer (&v, g_variant_unref);
      g_variant_iter_next (args, "v", &v);
      replaces = g_variant_get_uint32 (v);
      g_clear_pointer (&v, g_variant_unref);
      g_variant_iter_next (args, "v", &v);
      g_clear_pointer (&v, g_variant_unref);
      g_variant_iter_next (args, "v", &v);
      n->title = g_variant_dup_string (v, NULL);
      g_clear_pointer (&v, g_variant_unref);
      g_variant_iter_next (args, "v", &v);
      n->body = g_variant_dup_string (v, NULL);
      g_clear_pointer (&v, g_variant_unref);
      g_variant_iter_next (args, "v", &v);
      n->actions = g_variant_dup_strv (v, NULL);
      g_clear_pointer (&v, g_variant_unref);
      g_variant_iter_next (args, "v", &n->hints);
      /* The template's answer: the id replaced, else the next one. */
      n->id = replaces ? replaces : next_id++;
      g_ptr_array_add (list, n);
      g_variant_iter_free (args);
    }
  return list;
}

static gboolean
tj_test_notify_calls_reached (gpointer data)
{
  return tj_test.notify_calls >= GPOINTER_TO_UINT (data);
}

/* Waits until the service has received @n notifications in all and
 * returns them all (the test has now seen them). */
static inline GPtrArray *
tj_test_take_notifications (guint n)
{
  GPtrArray *list;

  g_assert_true (tj_test.have_mock);
  g_assert_true (tj_test_wait (tj_test_notify_calls_reached, GUINT_TO_POINTER (n)));
  list = tj_test_get_notifications ();
  tj_test.taken = list->len;
  return list;
}

/* The key of the action labelled @label, or NULL. */
static inline const char *
tj_test_notification_action (TjTestNotification *n,
                             const char         *label)
{
  for (guint i = 0; n->actions[i] && n->actions[i + 1]; i += 2)
    if (g_strcmp0 (n->actions[i + 1], label) == 0)
      return n->actions[i];
  return NULL;
}

/* What a click on the notification (@action "default") or on one of its
 * buttons (the button's key) does: the service says so to the program. */
static inline void
tj_test_notification_invoke (TjTestNotification *n,
                             const char         *action)
{
  GVariantBuilder args;

  g_variant_builder_init (&args, G_VARIANT_TYPE ("av"));
  g_variant_builder_add (&args, "v", g_variant_new_uint32 (n->id));
  g_variant_builder_add (&args, "v", g_variant_new_string (action));
  g_variant_unref (tj_test_call_mock ("EmitSignal",
                                      g_variant_new ("(sssav)", TJ_TEST_NOTIFICATIONS_NAME, "ActionInvoked", "us", &args),
                                      NULL));
}

/* For a subtest on data it does not control (screenshots of a real
 * database): whatever was notified so far counts as seen. */
static inline void
tj_test_ignore_notifications (void)
{
  g_autoptr(GPtrArray) list = NULL;

  if (!tj_test.have_mock)
    return;
  list = tj_test_get_notifications ();
  tj_test.taken = list->len;
}

/* At the end of a subtest: every notification sent was looked at. */
static inline void
tj_test_assert_notifications_taken (void)
{
  g_autoptr(GPtrArray) list = NULL;

  if (!tj_test.have_mock)
    return;
  /* A call on the application's own connection: whatever it sent
   * before has reached the service by the time this returns. */
  list = tj_test_get_notifications ();
  for (guint i = tj_test.taken; i < list->len; i++)
    {
      TjTestNotification *n = g_ptr_array_index (list, i);
      g_error ("The test did not expect notification %u: “%s” — “%s”", n->id, n->title, n->body);
    }
}

/* Running ---------------------------------------------------------------- */

/* Call first in main(): pins today, makes the database path, and (in the
 * process that runs the subtests) the session bus and its notification
 * service. Exits 77 (skipped) without a display. */
static inline void
tj_test_init (int          *argc,
              char       ***argv,
              const char   *today,
              TjTestFlags   flags)
{
  tj_test.flags = flags;
  /* Before anything starts threads: setenv is not thread-safe. Today is
   * pinned: nothing a ui test checks may depend on the calendar. */
  g_setenv ("TIAOJIE_TODAY", today, TRUE);
  /* $TJ_TEST_DB: a database to show instead of a fresh one (screenshots
   * of real data); it is left as it is. */
  if (g_getenv ("TJ_TEST_DB"))
    db_path = g_strdup (g_getenv ("TJ_TEST_DB"));
  else
    db_path = tj_test_make_db_path ();
  g_setenv ("TIAOJIE_DB", db_path, TRUE);
  if (g_getenv ("TJ_TEST_STATE_DIR") == NULL)
    {
      g_autofree char *path = tj_test_make_db_path ();
      g_autofree char *dir = g_path_get_dirname (path);

      g_setenv ("TJ_TEST_STATE_DIR", dir, TRUE);
    }

  setlocale (LC_ALL, "");
  if (g_getenv ("TIAOJIE_LOCALEDIR"))
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("TIAOJIE_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  g_test_init (argc, argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("No display: the ui tests need one (build-aux/dev test provides it).\n");
      if (g_getenv ("TJ_TEST_DB") == NULL)
        tj_test_remove_db_dir (db_path);
      exit (TJ_TEST_SKIP);
    }

  if (!g_test_subprocess ())
    {
      /* A bus of the test's own: GTestDBus clears the display variables
       * along with the bus address, so they are put back. */
      g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));
      g_autofree char *runtime_dir = g_strdup (g_getenv ("XDG_RUNTIME_DIR"));
      g_autoptr(GDBusConnection) bus = NULL;
      g_autoptr(GError) error = NULL;

      tj_test.bus = g_test_dbus_new (G_TEST_DBUS_NONE);
      g_test_dbus_up (tj_test.bus);
      if (display)
        g_setenv ("DISPLAY", display, TRUE);
      if (runtime_dir)
        g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
      bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
      g_assert_no_error (error);
      if (!(flags & TJ_TEST_NO_NOTIFICATION_SERVICE) && !tj_test_start_mock (bus))
        {
          if (g_getenv ("CI"))
            g_error ("Cannot start python-dbusmock's notification_daemon: is python3-dbusmock installed?");
          g_printerr ("No python3-dbusmock: the notification checks are skipped.\n");
        }
    }

  if (!tj_test_have_display ())
    {
      g_printerr ("Cannot open the display %s.\n", g_getenv ("DISPLAY"));
      if (g_getenv ("TJ_TEST_DB") == NULL)
        tj_test_remove_db_dir (db_path);
      exit (TJ_TEST_SKIP);
    }
}

static void
tj_test_run_case (gconstpointer data)
{
  const TjTestCase *test = data;

  if (!g_test_subprocess ())
    {
      g_autofree char *marker = tj_test_skip_marker ();
      g_autofree char *reason = NULL;

      g_test_trap_subprocess (NULL, TJ_TEST_SUBPROCESS_TIMEOUT_US,
                              G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      if (g_file_get_contents (marker, &reason, NULL, NULL))
        {
          g_unlink (marker);
          g_test_skip (reason);
        }
      return;
    }

  tj_test_attach_mock ();
  if (tj_test.seed)
    tj_test.seed ();
  if (test->seed)
    test->seed ();
  if (!(test->flags & TJ_TEST_CASE_NO_APP))
    {
      GtkWindow *window;

      app = tj_test_start_application ();
      g_assert_true (tj_test_wait (tj_test_store_settled, NULL));
      g_assert_null (tj_application_get_store_error (app));
      /* The main window on screen with its first frame drawn, as a user
       * finds it: sizes and positions are real from here on. */
      window = tj_test_wait_for_toplevel (TJ_TYPE_WINDOW);
      tj_test_wait_frame (GTK_WIDGET (window));
    }
  test->func ();
  tj_test_assert_notifications_taken ();
}

/* Adds a subtest: in its own process, the seed of tj_test_run() and then
 * @seed (may be NULL) fill the database, the application starts on it and
 * @func runs. */
static inline void
tj_test_add_seeded (const char      *path,
                    TjTestSeed       seed,
                    GTestFunc        func,
                    TjTestCaseFlags  flags)
{
  TjTestCase *test = g_new0 (TjTestCase, 1);

  test->seed = seed;
  test->func = func;
  test->flags = flags;
  g_test_add_data_func_full (path, test, tj_test_run_case, g_free);
}

static inline void
tj_test_add_full (const char      *path,
                  GTestFunc        func,
                  TjTestCaseFlags  flags)
{
  tj_test_add_seeded (path, NULL, func, flags);
}

static inline void
tj_test_add (const char *path,
             GTestFunc   func)
{
  tj_test_add_full (path, func, TJ_TEST_CASE_DEFAULT);
}

/* Runs the subtests; @seed (may be NULL) writes what each finds in the
 * database, in its own process, before the application starts. */
static inline int
tj_test_run (TjTestSeed seed)
{
  int ret;

  tj_test.seed = seed;
  ret = g_test_run ();
  /* A skipped subtest is not a failed one (see tj_test_skip_marker()). */
  if (g_test_subprocess () && ret == TJ_TEST_SKIP)
    ret = 0;

  if (app)
    {
      g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

      for (GList *l = windows; l; l = l->next)
        gtk_window_destroy (l->data);
      g_clear_object (&app);
    }
  if (tj_test.mock)
    {
      g_subprocess_force_exit (tj_test.mock);
      g_subprocess_wait (tj_test.mock, NULL, NULL);
      g_clear_object (&tj_test.mock);
    }
  if (tj_test.bus)
    {
      g_test_dbus_down (tj_test.bus);
      g_clear_object (&tj_test.bus);
    }
  g_clear_object (&tj_test.connection);
  if (g_getenv ("TJ_TEST_DB") == NULL)
    tj_test_remove_db_dir (db_path);
  g_clear_pointer (&db_path, g_free);
  if (!g_test_subprocess ())
    g_rmdir (g_getenv ("TJ_TEST_STATE_DIR"));
  return ret;
}
