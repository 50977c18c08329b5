/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A database locked by another program (a second Tiaojie, tiaojie-cli in a
 * long import) gives a dialog with Try Again, and trying again once the other
 * program is done opens the database. */

#include <locale.h>
#include <sqlite3.h>

#include "tj-error.h"
#include "tj-store-error-dialog.h"
#include "tj-ui-test.h"

static TjApplication *app;
static char *db_path;

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

static sqlite3 *
lock_database (void)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  /* In WAL mode only the exclusive locking mode keeps readers out. */
  if (sqlite3_exec (db, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;",
                    NULL, NULL, &message) != SQLITE_OK)
    g_error ("Could not lock %s: %s", db_path, message);
  return db;
}

static void
test_busy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) first = NULL;
  AdwMessageDialog *dialog;
  sqlite3 *locker;

  /* A real Tiaojie database, then held by another connection. */
  first = tj_store_open (db_path, &error);
  g_assert_no_error (error);
  g_clear_object (&first);
  locker = lock_database ();

  app = tj_test_start_application ();
  g_assert_true (tj_test_wait (store_settled, NULL, 30000));
  g_assert_null (tj_application_get_store (app));
  g_assert_error ((GError *) tj_application_get_store_error (app), TJ_ERROR, TJ_ERROR_BUSY);

  dialog = ADW_MESSAGE_DIALOG (tj_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Case Database Is in Use");
  g_assert_true (adw_message_dialog_has_response (dialog, TJ_STORE_ERROR_RESPONSE_RETRY));
  g_assert_true (adw_message_dialog_has_response (dialog, TJ_STORE_ERROR_RESPONSE_QUIT));

  /* The other program finishes; Try Again opens the database. */
  sqlite3_close (locker);
  adw_message_dialog_response (dialog, TJ_STORE_ERROR_RESPONSE_RETRY);
  g_assert_true (tj_test_wait (store_open, NULL, 30000));
  g_assert_null (tj_application_get_store_error (app));
  g_assert_cmpstr (tj_store_get_path (tj_application_get_store (app)), ==, db_path);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  /* Before GTK starts threads: setenv is not thread-safe. */
  db_path = tj_test_make_db_path ();
  g_setenv ("TIAOJIE_DB", db_path, TRUE);

  if (!tj_test_have_display ())
    {
      g_printerr ("No display: the ui tests need one (build-aux/dev test provides it).\n");
      tj_test_remove_db_dir (db_path);
      return TJ_TEST_SKIP;
    }

  g_test_add_func ("/ui/store-error/busy", test_busy);

  ret = g_test_run ();

  g_clear_object (&app);
  tj_test_remove_db_dir (db_path);
  g_free (db_path);
  return ret;
}
