/* SPDX-License-Identifier: GPL-3.0-or-later */

#include <glib/gstdio.h>
#include <string.h>
#include <time.h>

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

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* Every file of @dir with its checksum (a folder with its name only), one
 * a line in order of name: what "nothing written" is compared against. */
char *
tj_test_snapshot (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      g_autofree char *sum = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_ptr_array_add (lines, g_strdup_printf ("%s/", name));
          continue;
        }
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
      g_ptr_array_add (lines, g_strdup_printf ("%s %s", name, sum));
    }
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* Every date a test counts from is fixed, for the test and the processes
 * it starts: no assertion may depend on the calendar (the yearahead test
 * setup, which moves the clock a year ahead, checks it). */
void
tj_test_pin_today (const char *day)
{
  g_setenv ("TIAOJIE_TODAY", day, TRUE);
}

/* The resident ID number of the 17 digits @body with its GB 11643 check
 * character: valid test data, worked out apart from the validator the
 * tests check. */
char *
tj_test_id_number (const char *body)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;

  g_assert_cmpuint (strlen (body), ==, 17);
  for (int i = 0; i < 17; i++)
    {
      g_assert_true (g_ascii_isdigit (body[i]));
      sum += (body[i] - '0') * weights[i];
    }
  return g_strdup_printf ("%s%c", body, "10X98765432"[sum % 11]);
}

/* CPU time of this process, for the benchmarks: on a busy machine the
 * wall clock measures the neighbours too, so both are printed. */
double
tj_test_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}
