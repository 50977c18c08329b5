/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fuzz targets without libFuzzer: feeds LLVMFuzzerTestOneInput()
 * every file of the folders (or the files) given, in name order, so that
 * the ordinary build (gcc, the unit suite) replays the committed corpus
 * and every regression input. A crash, a failed assertion or a fatal
 * log message fails the test; the file being run is printed first. */
#define G_LOG_DOMAIN "Tiaojie-Fuzz"

#include <stdio.h>

#include "tj-fuzz.h"

static guint
run_file (const char *path)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, &error))
    g_error ("cannot read %s: %s", path, error->message);
  fprintf (stderr, "running %s (%" G_GSIZE_FORMAT " bytes)\n", path, length);
  LLVMFuzzerTestOneInput ((const uint8_t *) data, length);
  return 1;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static guint
run_path (const char *path)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;
  GDir *dir;
  const char *name;
  guint n = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return run_file (path);
  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    g_error ("cannot open %s: %s", path, error->message);
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)))
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_dir_close (dir);
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    n += run_path (g_ptr_array_index (names, i));
  return n;
}

int
main (int    argc,
      char **argv)
{
  guint n = 0;

  tj_fuzz_init ();
  if (argc < 2)
    {
      fprintf (stderr, "usage: %s FILE-OR-FOLDER…\n", argv[0]);
      return 1;
    }
  for (int i = 1; i < argc; i++)
    {
      guint here;
      /* A folder that does not exist yet (no regression found so far)
       * is empty, not an error. */
      if (!g_file_test (argv[i], G_FILE_TEST_EXISTS))
        continue;
      here = run_path (argv[i]);
      printf ("%s: %u inputs replayed\n", argv[i], here);
      n += here;
    }
  if (n == 0)
    {
      fprintf (stderr, "no input found: the corpus is missing\n");
      return 1;
    }
  return 0;
}
