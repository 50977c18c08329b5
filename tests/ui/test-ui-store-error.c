/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A damaged or locked database must give the user a clear dialog with
 * choices, never a crash and never a silently empty window. */

#include "tj-error.h"
#include "tj-store-error-dialog.h"
#include "tj-ui-test.h"


static gboolean
store_settled (gpointer data)
{
  return tj_application_get_store (app) != NULL || tj_application_get_store_error (app) != NULL;
}

static gboolean
store_open (gpointer data)
{
  return tj_application_get_store (app) != NULL;
}

static AdwMessageDialog *
wait_for_dialog (void)
{
  return ADW_MESSAGE_DIALOG (tj_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

static void
assert_sidebar_hidden (void)
{
  GtkWindow *window = tj_test_find_toplevel (TJ_TYPE_WINDOW);
  GtkWidget *list;

  g_assert_nonnull (window);
  list = tj_test_find (GTK_WIDGET (window), GTK_TYPE_LIST_BOX);
  g_assert_nonnull (list);
  /* No sections over a database that is not open. */
  g_assert_false (gtk_widget_get_mapped (list));
}

static char *
find_set_aside_file (void)
{
  g_autofree char *dir = g_path_get_dirname (db_path);
  g_autofree char *prefix = g_strconcat (g_path_get_basename (db_path), ".damaged-", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)))
    if (g_str_has_prefix (name, prefix) && !g_str_has_suffix (name, "-wal") &&
        !g_str_has_suffix (name, "-shm"))
      return g_build_filename (dir, name, NULL);
  return NULL;
}

static void
test_damaged (void)
{
  static const char garbage[] = "This is a spreadsheet, not a case database. 这不是数据库。";
  g_autoptr(GString) content = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  const GError *store_error;
  g_autofree char *kept = NULL;
  g_autofree char *kept_content = NULL;

  for (int i = 0; i < 200; i++)
    g_string_append (content, garbage);
  g_file_set_contents (db_path, content->str, content->len, &error);
  g_assert_no_error (error);

  app = tj_test_start_application ();
  g_assert_true (tj_test_wait (store_settled, NULL));

  g_assert_null (tj_application_get_store (app));
  store_error = tj_application_get_store_error (app);
  g_assert_error ((GError *) store_error, TJ_ERROR, TJ_ERROR_CORRUPT);

  dialog = wait_for_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Case Database Is Damaged");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), db_path));
  g_assert_true (adw_message_dialog_has_response (dialog, TJ_STORE_ERROR_RESPONSE_QUIT));
  g_assert_true (adw_message_dialog_has_response (dialog, TJ_STORE_ERROR_RESPONSE_SET_ASIDE));
  g_assert_false (adw_message_dialog_has_response (dialog, TJ_STORE_ERROR_RESPONSE_RETRY));
  /* Escape must not leave a window without a database. */
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, TJ_STORE_ERROR_RESPONSE_QUIT);
  assert_sidebar_hidden ();

  /* Nothing was changed behind the user's back. */
  {
    g_autofree char *now = NULL;
    g_file_get_contents (db_path, &now, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (now, ==, content->str);
  }

  /* Set it aside: a fresh database opens, the damaged file is kept. */
  adw_message_dialog_response (dialog, TJ_STORE_ERROR_RESPONSE_SET_ASIDE);
  g_assert_true (tj_test_wait (store_open, NULL));
  g_assert_null (tj_application_get_store_error (app));

  kept = find_set_aside_file ();
  g_assert_nonnull (kept);
  g_file_get_contents (kept, &kept_content, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kept_content, ==, content->str);

  {
    GtkWindow *window = tj_test_find_toplevel (TJ_TYPE_WINDOW);
    GtkWidget *list = tj_test_find_sidebar (GTK_WIDGET (window));
    g_assert_nonnull (list);
    g_assert_true (tj_test_wait ((TjTestCondition) gtk_widget_get_mapped, list));
  }
}

static void
test_busy_dialog (void)
{
  g_autoptr(GError) error = g_error_new (TJ_ERROR, TJ_ERROR_BUSY, "locked");
  GtkWidget *widget = tj_store_error_dialog_new (NULL, "/srv/tiaojie/station.db", error);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (widget);

  g_object_ref_sink (widget);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Case Database Is in Use");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "/srv/tiaojie/station.db"));
  g_assert_true (adw_message_dialog_has_response (dialog, TJ_STORE_ERROR_RESPONSE_QUIT));
  g_assert_true (adw_message_dialog_has_response (dialog, TJ_STORE_ERROR_RESPONSE_RETRY));
  g_assert_false (adw_message_dialog_has_response (dialog, TJ_STORE_ERROR_RESPONSE_SET_ASIDE));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==,
                   TJ_STORE_ERROR_RESPONSE_RETRY);
  gtk_window_destroy (GTK_WINDOW (widget));
  g_object_unref (widget);
}

static void
test_other_error_dialog (void)
{
  g_autoptr(GError) error = g_error_new (TJ_ERROR, TJ_ERROR_FAILED, "The disk is full");
  GtkWidget *widget = tj_store_error_dialog_new (NULL, "/media/usb/tiaojie.db", error);
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (widget);
  GtkWidget *detail;

  g_object_ref_sink (widget);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==,
                   "The Case Database Cannot Be Opened");
  g_assert_true (adw_message_dialog_has_response (dialog, TJ_STORE_ERROR_RESPONSE_RETRY));
  /* The core's own message is shown too, for whoever helps the user. */
  detail = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_LABEL (detail));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (detail)), ==, "The disk is full");
  gtk_window_destroy (GTK_WINDOW (widget));
  g_object_unref (widget);
}

int
main (int   argc,
      char *argv[])
{
  tj_test_init (&argc, &argv, "2026-11-22", TJ_TEST_FLAGS_NONE);

  tj_test_add_full ("/ui/store-error/damaged", test_damaged, TJ_TEST_CASE_NO_APP);
  tj_test_add_full ("/ui/store-error/busy-dialog", test_busy_dialog, TJ_TEST_CASE_NO_APP);
  tj_test_add_full ("/ui/store-error/other-dialog", test_other_error_dialog, TJ_TEST_CASE_NO_APP);

  return tj_test_run (NULL);
}
