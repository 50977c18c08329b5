/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tj_file_write_private(): the file papers and exports are written with. */

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "tj-error.h"
#include "tj-file.h"

/* Written whole, the user's alone whatever the umask, and over a file
 * that was there. */
static void
test_write_private (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-file-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) first = g_bytes_new_static ("调解协议书", strlen ("调解协议书"));
  g_autoptr(GBytes) second = g_bytes_new_static ("%PDF", 4);
  g_autofree char *text = NULL;
  gsize length = 0;
  GStatBuf st;
  mode_t old;

  g_assert_no_error (error);
  path = g_build_filename (dir, "agreement.pdf", NULL);
  old = umask (0);
  g_assert_true (tj_file_write_private (path, first, &error));
  umask (old);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  g_assert_cmpstr (text, ==, "调解协议书");
  g_clear_pointer (&text, g_free);

  g_assert_true (tj_file_write_private (path, second, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, &length, NULL));
  g_assert_cmpuint (length, ==, 4);
  g_assert_cmpstr (text, ==, "%PDF");

  g_remove (path);
  g_rmdir (dir);
}

/* A path in no directory fails with the system's message and leaves
 * nothing behind. */
static void
test_write_private_fails (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-file-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("x", 1);

  g_assert_no_error (error);
  path = g_build_filename (dir, "missing", "report.csv", NULL);
  g_assert_false (tj_file_write_private (path, bytes, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "report.csv"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/file/write-private", test_write_private);
  g_test_add_func ("/file/write-private-fails", test_write_private_fails);
  return g_test_run ();
}
