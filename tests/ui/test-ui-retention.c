/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Retention (issue 19) in the window: the period in Preferences (a spin
 * row bound to retention-years), and the Archive window against a real
 * PouchDB Server — the due case listed, archived with a report, gone from
 * the case list, listed under Archived Cases and restored from there.
 *
 * With TIAOJIE_SCREENSHOT_DIR set, saves retention-preferences.png,
 * retention-due.png, retention-report.png and retention-archived.png. */

#include <string.h>

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "tj-archive-window.h"
#include "tj-case.h"
#include "tj-json.h"
#include "tj-preferences-window.h"
#include "tj-replicator.h"
#include "tj-retention.h"
#include "tj-test-server.h"
#include "tj-ui-test.h"

#define TODAY "2026-12-06"
#define DB    "station-bh0001"

static char *case_id;
static TjTestServer server;

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("TIAOJIE_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = 0, height = 0;

  if (dir == NULL)
    return;
  for (guint tries = 0; node == NULL && tries < 20; tries++)
    {
      tj_test_wait_frame (widget);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      g_clear_object (&paintable);
      paintable = gtk_widget_paintable_new (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static char *
add_closed_case (TjStore    *store,
                 const char *title,
                 const char *received_on,
                 const char *closed_on)
{
  g_autofree char *json = g_strdup_printf (
    "{\"title\":\"%s\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\",\"received_on\":\"%s\","
    "\"employer\":{\"name\":\"华建劳务有限公司\"},\"workers\":[{\"name\":\"张三\",\"owed_fen\":1200000}]}",
    title, received_on);
  g_autoptr(JsonObject) input = tj_json_parse_object (json, -1, NULL);
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;
  const char *id;

  tj_case_context_init_defaults (&ctx);
  ctx.station_code = "BH01";
  ctx.actor = "调解员甲";
  ctx.today = received_on;
  added = tj_case_add (store, &ctx, input, &error);
  g_assert_no_error (error);
  id = tj_json_get_string (added, "id", NULL);
  ctx.today = closed_on;
  g_assert_true (tj_case_set_status (store, &ctx, id, "withdrawn", "劳动者撤回申请", NULL, &error));
  g_assert_true (tj_case_set_status (store, &ctx, id, "closed", "结案", NULL, &error));
  g_assert_no_error (error);
  return g_strdup (id);
}

/* Two cases closed in 2022; the first reaches the server. */
static void
seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (db_path, &error);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *bin = tj_test_source_path ("node_modules", ".bin", "pouchdb-server", NULL);

  g_assert_no_error (error);
  case_id = add_closed_case (store, "城南工地农民工欠薪", "2022-03-01", "2022-05-10");
  g_settings_set_string (settings, "mediator-name", "调解员甲");
  if (g_getenv ("TIAOJIE_SCREENSHOT_DIR"))
    {
      g_settings_set_int (settings, "window-width", 1280);
      g_settings_set_int (settings, "window-height", 800);
    }
  if (!g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    return;

  server.dir = g_dir_make_tmp ("tj-ui-retention-XXXXXX", NULL);
  server.port = tj_test_free_port ();
  server.url = g_strdup_printf ("http://127.0.0.1:%u", server.port);
  tj_test_server_start (&server);
  {
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autofree char *url = g_strdup_printf ("%s/%s", server.url, DB);
    g_autoptr(SoupMessage) msg = soup_message_new ("PUT", url);
    g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  }
  {
    g_autoptr(TjReplicator) r = tj_replicator_new (store, server.url, DB, NULL, NULL);
    g_autoptr(JsonObject) result = tj_replicator_run (r, NULL, &error);
    g_assert_no_error (error);
  }
  g_free (add_closed_case (store, "东方电子厂加班费", "2022-03-02", "2022-05-11"));
  g_settings_set_string (settings, "sync-server-url", server.url);
  g_settings_set_string (settings, "sync-database", DB);
}

static void
server_stop (void)
{
  tj_test_server_kill (&server);
  if (server.dir)
    {
      g_autofree char *command = g_strdup_printf ("rm -rf '%s'", server.dir);
      g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
    }
  g_clear_pointer (&server.dir, g_free);
  g_clear_pointer (&server.url, g_free);
}

/* The period: a spin row on the General page, bound to the setting. */
static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWindow *preferences;
  GtkWidget *row, *spin;

  server_stop ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.preferences", NULL));
  preferences = tj_test_wait_for_toplevel (TJ_TYPE_PREFERENCES_WINDOW);
  row = tj_test_find_row (GTK_WIDGET (preferences), _("Keep for (Years after Closing)"));
  g_assert_nonnull (row);
  spin = tj_test_find (row, GTK_TYPE_SPIN_BUTTON);
  g_assert_nonnull (spin);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 3);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 5);
  g_assert_cmpuint (g_settings_get_uint (settings, "retention-years"), ==, 5);
  g_settings_set_uint (settings, "retention-years", 0);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 0);
  g_settings_set_uint (settings, "retention-years", 3);
  g_assert_nonnull (tj_test_find_row (GTK_WIDGET (preferences), _("Old Cases")));
  g_assert_nonnull (tj_test_find_row (GTK_WIDGET (preferences), _("Archived Cases")));
  /* The group in view, as a user scrolls to it. */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    graphene_point_t at;

    tj_test_wait_frame (GTK_WIDGET (preferences));
    g_assert_true (gtk_widget_compute_point (row, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                             &GRAPHENE_POINT_INIT (0, 0), &at));
    gtk_adjustment_set_value (adj, at.y - 120);
    tj_test_drain ();
  }
  screenshot (GTK_WIDGET (preferences), "retention-preferences.png");

  /* Its button opens the Archive window on the cases due. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "app.archive-cases", NULL));
  g_assert_nonnull (tj_test_wait_for_toplevel (TJ_TYPE_ARCHIVE_WINDOW));
}

static guint
n_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (list); c; c = gtk_widget_get_next_sibling (c))
    n += GTK_IS_LIST_BOX_ROW (c) && gtk_widget_get_visible (c);
  return n;
}

static gboolean
stack_shows (gpointer data)
{
  const char * const *what = data;
  GtkWindow *window = tj_test_find_toplevel (TJ_TYPE_ARCHIVE_WINDOW);
  GtkWidget *stack = window ? tj_test_find_named (GTK_WIDGET (window), what[0]) : NULL;

  return stack && g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), what[1]) == 0;
}

static gboolean
list_has_rows (gpointer name)
{
  GtkWindow *window = tj_test_find_toplevel (TJ_TYPE_ARCHIVE_WINDOW);
  GtkWidget *list = window ? tj_test_find_named (GTK_WIDGET (window), name) : NULL;

  return list && n_rows (list) > 0;
}

static gboolean
case_here (void)
{
  g_autoptr(JsonArray) leaves = tj_store_get_leaves (tj_repository_get_store (tj_application_get_repository (app)),
                                                     case_id, NULL);
  return leaves && json_array_get_length (leaves) > 0;
}

static void
test_archive_and_restore (void)
{
  static const char * const report_shown[] = { "due-stack", "report" };
  static const char * const archived_empty[] = { "archived-stack", "empty" };
  GtkWindow *window;
  GtkWidget *list, *button, *row;
  g_autoptr(GPtrArray) buttons = NULL;

  if (server.process == NULL)
    {
      g_test_skip ("No PouchDB Server in node_modules (npm ci)");
      return;
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (tj_test_main_window ()), "app.archive-cases", NULL));
  window = tj_test_wait_for_toplevel (TJ_TYPE_ARCHIVE_WINDOW);
  tj_test_wait_frame (GTK_WIDGET (window));

  /* What would be archived: both old closed cases, by number and title
   * (read on the repository's worker). */
  g_assert_true (tj_test_wait (list_has_rows, (gpointer) "due-list"));
  list = tj_test_find_named (GTK_WIDGET (window), "due-list");
  g_assert_cmpuint (n_rows (list), ==, 2);
  g_assert_nonnull (tj_test_find_named (list, case_id));
  button = tj_test_find_named (GTK_WIDGET (window), "archive-button");
  g_assert_true (gtk_widget_get_sensitive (button));
  screenshot (GTK_WIDGET (window), "retention-due.png");

  /* The run, then the report: one archived, the other kept with why. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (tj_test_wait (stack_shows, (gpointer) report_shown));
  g_assert_cmpuint (n_rows (tj_test_find_named (GTK_WIDGET (window), "report-archived-list")), ==, 1);
  g_assert_nonnull (tj_test_find_named (tj_test_find_named (GTK_WIDGET (window), "report-archived-list"), case_id));
  g_assert_cmpuint (n_rows (tj_test_find_named (GTK_WIDGET (window), "report-kept-list")), ==, 1);
  g_assert_false (case_here ());
  screenshot (GTK_WIDGET (window), "retention-report.png");

  /* Archived Cases: the case with Restore. */
  tj_archive_window_show_page (TJ_ARCHIVE_WINDOW (window), "archived");
  g_assert_true (tj_test_wait (list_has_rows, (gpointer) "archived-list"));
  list = tj_test_find_named (GTK_WIDGET (window), "archived-list");
  g_assert_cmpuint (n_rows (list), ==, 1);
  row = tj_test_find_named (list, case_id);
  g_assert_nonnull (row);
  screenshot (GTK_WIDGET (window), "retention-archived.png");
  buttons = tj_test_find_all (row, GTK_TYPE_BUTTON);
  g_assert_cmpuint (buttons->len, >=, 1);
  g_signal_emit_by_name (g_ptr_array_index (buttons, buttons->len - 1), "clicked");
  g_assert_true (tj_test_wait (stack_shows, (gpointer) archived_empty));
  g_assert_true (case_here ());

  gtk_window_destroy (window);
  server_stop ();
}

int
main (int   argc,
      char *argv[])
{
  tj_test_init (&argc, &argv, TODAY, TJ_TEST_FLAGS_NONE);

  tj_test_add ("/ui/retention/preferences", test_preferences);
  tj_test_add ("/ui/retention/archive-and-restore", test_archive_and_restore);

  return tj_test_run (seed);
}
