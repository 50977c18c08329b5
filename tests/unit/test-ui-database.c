/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The GUI reaches the database through the repository's worker
 * (tj_repository_run_async(), GTask, cancellable) and the list models of
 * core, never through the main thread's connection: a synchronous query
 * in a signal handler freezes the window for as long as it takes, and on
 * a centre's database that is seconds (issue 15).
 *
 * This test reads src/ui and counts, per file, what reaches the main
 * thread's connection: tj_application_get_store(),
 * tj_repository_get_store(), tj_store_*() calls and sqlite3 calls, and
 * the core's doors to it: tj_session_model_reload() and a note autosave
 * on a store (tj_note_autosave_new(); the GUI's is on the worker)
 * (comments left out). A function whose name ends in "_in_worker" is a
 * job of the repository's worker (a TjRepositoryFunc or TjUiWorkFunc,
 * handed the worker's connection): its body is left out too, and calling
 * one directly counts as a call on the main thread's connection. A file not in the table below must have none; a
 * file in it no more than it has now. The table is what is left to move
 * to the worker: lower a number when you move a call, remove the line at
 * zero. Never raise one.
 */

#include <glib.h>

static const struct
{
  const char *file;
  guint       allowed;
} remaining[] = {
  /* Opens the repository asynchronously and keeps its main-thread store
   * for the two below; the second is tj_application_get_store()'s own
   * definition. */
  { "tj-application.c", 2 },
  /* tj_arrears_notifier_check(), a synchronous look for the tests; the
   * notifier itself reads on the worker. */
  { "tj-arrears-notifier.c", 1 },
};

static guint
allowed_for (const char *file,
             gboolean   *listed)
{
  for (guint i = 0; i < G_N_ELEMENTS (remaining); i++)
    if (g_str_equal (remaining[i].file, file))
      {
        *listed = TRUE;
        return remaining[i].allowed;
      }
  *listed = FALSE;
  return 0;
}

/* The calls in @source (comments and the worker's jobs removed), one
 * line each in @found. A job is a function definition (GNU style: the
 * name at the start of a line, the braces at the start of theirs) named
 * *_in_worker. */
static guint
count_calls (const char *source,
             GString    *found)
{
  g_autoptr(GRegex) comments = g_regex_new ("/\\*.*?\\*/|//[^\\n]*", G_REGEX_DOTALL, 0, NULL);
  g_autoptr(GRegex) jobs = g_regex_new ("^\\w+_in_worker\\s*\\([^)]*\\)\\s*\\n\\{.*?^\\}",
                                        G_REGEX_DOTALL | G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GRegex) calls = g_regex_new ("\\b(tj_application_get_store|tj_repository_get_store"
                                         "|tj_session_model_reload|tj_note_autosave_new"
                                         "|tj_store_(?!error_dialog_|default_path)\\w+|sqlite3_\\w+"
                                         "|\\w+_in_worker)\\s*\\(",
                                         G_REGEX_OPTIMIZE, 0, NULL);
  g_autofree char *uncommented = g_regex_replace_literal (comments, source, -1, 0, " ", 0, NULL);
  g_autofree char *code = g_regex_replace_literal (jobs, uncommented, -1, 0, " ", 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint n = 0;

  g_assert_nonnull (code);
  g_regex_match (calls, code, 0, &match);
  while (g_match_info_matches (match))
    {
      g_autofree char *name = g_match_info_fetch (match, 1);

      g_string_append_printf (found, " %s", name);
      n++;
      g_match_info_next (match, NULL);
    }
  return n;
}

static void
test_counting (void)
{
  g_autoptr(GString) found = g_string_new (NULL);

  /* What the count sees and what it leaves, so that it can fail. */
  g_assert_cmpuint (count_calls ("store = tj_application_get_store (app);\n"
                                 "doc = tj_store_get (store, id, NULL, 0, &error);\n"
                                 "sqlite3_exec (db, sql, NULL, NULL, NULL);\n", found), ==, 3);
  g_assert_cmpuint (count_calls ("/* tj_store_get (store) */ // tj_application_get_store (app)\n"
                                 "dialog = tj_store_error_dialog_new (parent, path, error);\n"
                                 "path = tj_store_default_path ();\n"
                                 "tj_repository_run_async (repository, read, data, g_free, NULL, cb, self);\n",
                                 found), ==, 0);
  /* A job of the worker is left out; the caller beside it is not. */
  g_assert_cmpuint (count_calls ("static gboolean\n"
                                 "read_in_worker (TjStore  *store,\n"
                                 "                gpointer  data,\n"
                                 "                GError  **error)\n"
                                 "{\n"
                                 "  if (x) {\n"
                                 "    doc = tj_store_get (store, id, NULL, 0, error);\n"
                                 "  }\n"
                                 "  return doc != NULL;\n"
                                 "}\n"
                                 "\n"
                                 "static void\n"
                                 "clicked_cb (Self *self)\n"
                                 "{\n"
                                 "  doc = tj_store_get (tj_application_get_store (app), id, NULL, 0, NULL);\n"
                                 "  read_in_worker (store, data, NULL);\n"
                                 "  tj_repository_run_async (repository, read_in_worker, data, NULL, NULL, cb, self);\n"
                                 "}\n", found), ==, 3);
}

static void
test_ui_sources (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "..", "src", "ui", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) over = g_string_new (NULL);
  const char *name;
  guint files = 0, total = 0;

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;
      g_autofree char *source = NULL;
      g_autoptr(GString) found = g_string_new (NULL);
      gboolean listed;
      guint n, allowed;

      if (!g_str_has_suffix (name, ".c"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      g_file_get_contents (path, &source, NULL, &error);
      g_assert_no_error (error);
      files++;
      n = count_calls (source, found);
      allowed = allowed_for (name, &listed);
      total += n;
      if (n > allowed)
        g_string_append_printf (over, "\n  %s: %u (allowed %u):%s", name, n, allowed, found->str);
      else if (listed && n < allowed)
        g_test_message ("%s has %u left, fewer than the %u of the table: lower it", name, n, allowed);
    }
  g_assert_cmpuint (files, >, 20);
  g_test_message ("%u calls on the main thread's connection left in src/ui", total);
  if (over->len > 0)
    g_error ("src/ui reaches the database on the main thread; use tj_repository_run_async() or a "
             "list model of core:%s", over->str);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui-database/counting", test_counting);
  g_test_add_func ("/ui-database/sources", test_ui_sources);
  return g_test_run ();
}
