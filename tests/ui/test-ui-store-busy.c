/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A database locked by another program (a second Tiaojie, tiaojie-cli in a
 * long import) gives a dialog with Try Again, and trying again once the other
 * program is done opens the database. */

#include <sqlite3.h>

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
  g_assert_true (tj_test_wait (store_settled, NULL));
  g_assert_null (tj_application_get_store (app));
  g_assert_error ((GError *) tj_application_get_store_error (app), TJ_ERROR, TJ_ERROR_BUSY);

  dialog = ADW_MESSAGE_DIALOG (tj_test_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Case Database Is in Use");
  g_assert_true (adw_message_dialog_has_response (dialog, TJ_STORE_ERROR_RESPONSE_RETRY));
  g_assert_true (adw_message_dialog_has_response (dialog, TJ_STORE_ERROR_RESPONSE_QUIT));

  /* The other program finishes; Try Again opens the database. */
  sqlite3_close (locker);
  adw_message_dialog_response (dialog, TJ_STORE_ERROR_RESPONSE_RETRY);
  g_assert_true (tj_test_wait (store_open, NULL));
  g_assert_null (tj_application_get_store_error (app));
  g_assert_cmpstr (tj_store_get_path (tj_application_get_store (app)), ==, db_path);
}

int
main (int   argc,
      char *argv[])
{
  tj_test_init (&argc, &argv, "2026-11-22", TJ_TEST_FLAGS_NONE);

  tj_test_add_full ("/ui/store-error/busy", test_busy, TJ_TEST_CASE_NO_APP);

  return tj_test_run (NULL);
}
