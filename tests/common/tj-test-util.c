/* SPDX-License-Identifier: GPL-3.0-or-later */

#include <glib/gstdio.h>

#include "tj-json.h"
#include "tj-test-util.h"

/* @json parsed; the test fails when it is not an object. */
JsonObject *
tj_test_object (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonObject *o = tj_json_parse_object (json, -1, &error);

  g_assert_no_error (error);
  return o;
}

/* @path and everything in it; a symbolic link is removed, not followed. */
void
tj_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        tj_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
