/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The files tiaojie-cli is given: an --out path that cannot be written is
 * invalid input (exit 2, the path named) and nothing is stored; a --db
 * file that is not a Tiaojie database is invalid input and left as it
 * was; an input file that is missing is "not found", one that cannot be
 * read is invalid. */

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "tj-case.h"
#include "tj-json.h"
#include "tj-test-cli.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

static char *tmp_dir;    /* inputs and outputs */
static char *db_dir;     /* the database alone: compared byte for byte */
static char *db_path;
static char *case_id;
static char *evidence_id;

/* tiaojie-cli --db @db in English, "today" pinned, templates looked for
 * in the test's folder. */
static const TjTestCli *
cli_for (const char *db)
{
  static const char *env[] = { "XDG_DATA_HOME", NULL, NULL };
  static TjTestCli cli;

  env[1] = tmp_dir;
  cli = (TjTestCli) { .db = db, .today = "2026-11-22", .env = env };
  return &cli;
}

static void
run_db (TjTestCliRun *run,
        const char   *db,
        ...)
{
  va_list ap;

  va_start (ap, db);
  tj_test_cli_run_va (run, cli_for (db), ap);
  va_end (ap);
}

#define run_cli(run, ...) run_db ((run), db_path, __VA_ARGS__)

static void
seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (db_path, &error);
  g_autoptr(GBytes) scan = g_bytes_new_static ("%PDF-1.4 attendance sheet", 25);
  TjCaseContext ctx;

  g_assert_no_error (error);
  tj_case_context_init_defaults (&ctx);
  ctx.today = "2026-11-22";
  case_id = tj_test_add_case (store, &ctx,
                              "{\"title\":\"欠薪\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                              "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\",\"facts\":\"工资未发。\","
                              "\"employer\":{\"name\":\"华建劳务有限公司\"},"
                              "\"workers\":[{\"name\":\"张三\",\"id_number\":\"11010519491231002X\",\"owed_fen\":500000}]}");
  evidence_id = tj_case_add_evidence (store, &ctx, case_id, "考勤表.pdf", "application/pdf", scan, NULL, &error);
  g_assert_no_error (error);
}

static void
assert_no_temporary_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)))
    g_assert_false (name[0] == '.');
}

/* Item by item: the output path cannot be written, so exit 2 naming it,
 * and the database is exactly as before (no paper version, no timeline
 * event). */
static void
assert_output_refused (const char *what,
                       const char *path,
                       ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *before = tj_test_snapshot (db_dir);
  g_autofree char *after = NULL;
  g_autofree char *joined = NULL;
  g_auto(TjTestCliRun) run = { 0 };
  const char *arg;
  va_list ap;

  va_start (ap, path);
  while ((arg = va_arg (ap, const char *)))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  joined = g_strjoinv (" ", (char **) args->pdata);
  g_test_message ("%s: tiaojie-cli --db %s %s", what, db_path, joined);

  tj_test_cli_run_argv (&run, cli_for (db_path), (const char * const *) args->pdata);
  if (run.status != 2)
    g_error ("%s: exit %d, not 2 (%s)", what, run.status, run.err);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, path));
  g_assert_true (strchr (run.err, '\n') == run.err + strlen (run.err) - 1);
  g_assert_false (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  after = tj_test_snapshot (db_dir);
  g_assert_cmpstr (after, ==, before);
}

static guint
timeline_length (void)
{
  g_auto(TjTestCliRun) run = { 0 };
  g_autoptr(JsonNode) events = NULL;

  run_cli (&run, "case", "timeline", case_id, NULL);
  g_assert_cmpint (run.status, ==, 0);
  events = tj_json_parse (run.out, -1, NULL);
  return json_array_get_length (json_node_get_array (events));
}

static void
test_output_paths (void)
{
  g_autofree char *missing = g_build_filename (tmp_dir, "no-such-folder", "out.pdf", NULL);
  g_autofree char *png = g_build_filename (tmp_dir, "no-such-folder", "chart.png", NULL);
  g_autofree char *csv = g_build_filename (tmp_dir, "no-such-folder", "q4.csv", NULL);
  g_autofree char *copy = g_build_filename (tmp_dir, "no-such-folder", "copy.pdf", NULL);
  g_autofree char *folder = g_build_filename (tmp_dir, "a-folder", NULL);
  g_autofree char *ok = g_build_filename (tmp_dir, "out", "notice.pdf", NULL);
  g_autofree char *ok_dir = g_path_get_dirname (ok);
  g_auto(TjTestCliRun) papers = { 0 };
  g_auto(TjTestCliRun) rendered = { 0 };
  g_auto(TjTestCliRun) papers_after = { 0 };
  g_autoptr(JsonNode) list = NULL;

  guint events;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (ok_dir, 0700), ==, 0);
  events = timeline_length ();

  assert_output_refused ("doc render", missing, "doc", "render", "--case", case_id,
                         "--template", "acceptance_notice", "--out", missing, NULL);
  assert_output_refused ("doc render into a folder", folder, "doc", "render", "--case", case_id,
                         "--template", "acceptance_notice", "--out", folder, NULL);
  assert_output_refused ("evidence get", copy, "case", "evidence", "get", evidence_id, "--out", copy, NULL);
  assert_output_refused ("report export", csv, "report", "export", "--from", "2026-10-01", "--to", "2026-12-31",
                         "--format", "csv", "--out", csv, NULL);
  assert_output_refused ("session chart", png, "session", "chart", case_id, "--out", png, NULL);

  /* Said in other words: the case has no paper and no event about one. */
  run_cli (&papers, "doc", "list", "--case", case_id, NULL);
  g_assert_cmpint (papers.status, ==, 0);
  list = tj_json_parse (papers.out, -1, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 0);
  g_assert_cmpuint (timeline_length (), ==, events);

  /* Where it can be written: the file, and no temporary file beside it. */
  run_cli (&rendered, "doc", "render", "--case", case_id, "--template", "acceptance_notice", "--out", ok, NULL);
  g_assert_cmpint (rendered.status, ==, 0);
  g_assert_true (g_file_test (ok, G_FILE_TEST_IS_REGULAR));
  assert_no_temporary_files (ok_dir);
  run_cli (&papers_after, "doc", "list", "--case", case_id, NULL);
  g_clear_pointer (&list, json_node_unref);
  list = tj_json_parse (papers_after.out, -1, NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  g_assert_cmpuint (timeline_length (), >, events);

  /* The other three write where they can, too. */
  {
    g_autofree char *csv_ok = g_build_filename (ok_dir, "q4.csv", NULL);
    g_autofree char *png_ok = g_build_filename (ok_dir, "chart.png", NULL);
    g_autofree char *copy_ok = g_build_filename (ok_dir, "copy.pdf", NULL);
    g_autofree char *copied = NULL;
    g_auto(TjTestCliRun) r1 = { 0 };
    g_auto(TjTestCliRun) r2 = { 0 };
    g_auto(TjTestCliRun) r3 = { 0 };

    run_cli (&r1, "report", "export", "--from", "2026-10-01", "--to", "2026-12-31", "--format", "csv",
             "--out", csv_ok, NULL);
    g_assert_cmpint (r1.status, ==, 0);
    run_cli (&r2, "session", "chart", case_id, "--out", png_ok, NULL);
    g_assert_cmpint (r2.status, ==, 0);
    run_cli (&r3, "case", "evidence", "get", evidence_id, "--out", copy_ok, NULL);
    g_assert_cmpint (r3.status, ==, 0);
    g_assert_true (g_file_get_contents (copy_ok, &copied, NULL, NULL));
    g_assert_cmpstr (copied, ==, "%PDF-1.4 attendance sheet");
    g_assert_true (g_file_test (csv_ok, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (png_ok, G_FILE_TEST_IS_REGULAR));
    assert_no_temporary_files (ok_dir);
  }
}

/* A --db file that is not a Tiaojie database: exit 2 naming it, and the
 * file exactly as it was, with nothing beside it. */
static void
assert_bad_database (const char *what,
                     const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *before = tj_test_snapshot (dir);
  g_autofree char *after = NULL;
  g_auto(TjTestCliRun) run = { 0 };

  g_test_message ("%s: %s", what, path);
  run_db (&run, path, "doc", "changes", NULL);
  if (run.status != 2)
    g_error ("%s: exit %d, not 2 (%s)", what, run.status, run.err);
  g_assert_nonnull (strstr (run.err, path));
  g_assert_true (strchr (run.err, '\n') == run.err + strlen (run.err) - 1);
  after = tj_test_snapshot (dir);
  g_assert_cmpstr (after, ==, before);
}

static char *
make_sqlite (const char *dir,
             const char *name,
             const char *sql)
{
  g_autofree char *folder = g_build_filename (dir, name, NULL);
  char *path = g_build_filename (folder, "db", NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return path;
}

static void
test_bad_database (void)
{
  g_autofree char *text_dir = g_build_filename (tmp_dir, "text", NULL);
  g_autofree char *text = g_build_filename (text_dir, "notes.db", NULL);
  g_autofree char *foreign = make_sqlite (tmp_dir, "foreign",
                                          "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');");
  /* Tiaojie's databases are always in WAL mode. */
  g_autofree char *newer = make_sqlite (tmp_dir, "newer",
                                        "PRAGMA journal_mode = WAL; CREATE TABLE meta (key TEXT, value TEXT);"
                                        "PRAGMA user_version = 999;");
  g_autofree char *damaged_dir = g_build_filename (tmp_dir, "damaged", NULL);
  g_autofree char *damaged = g_build_filename (damaged_dir, "tiaojie.db", NULL);
  g_autofree char *folder_dir = g_build_filename (tmp_dir, "folder", NULL);
  g_autofree char *folder = g_build_filename (folder_dir, "tiaojie.db", NULL);

  g_assert_cmpint (g_mkdir (text_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (text, "这不是数据库\n", -1, NULL));
  assert_bad_database ("not SQLite", text);
  assert_bad_database ("another program's SQLite", foreign);
  assert_bad_database ("a newer Tiaojie's", newer);

  /* Tiaojie's own database with its pages overwritten after the header. */
  {
    g_autofree char *contents = NULL;
    gsize len = 0;

    g_assert_true (g_file_get_contents (db_path, &contents, &len, NULL));
    g_assert_cmpuint (len, >, 4096);
    memset (contents + 100, 0xA5, len - 100);
    g_assert_cmpint (g_mkdir (damaged_dir, 0700), ==, 0);
    g_assert_true (g_file_set_contents (damaged, contents, len, NULL));
    assert_bad_database ("damaged", damaged);
  }

  g_assert_cmpint (g_mkdir (folder_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  assert_bad_database ("a folder", folder);
}

static void
test_input_files (void)
{
  g_autofree char *missing = g_build_filename (tmp_dir, "no-such-case.json", NULL);
  g_autofree char *before = tj_test_snapshot (db_dir);
  g_autofree char *after = NULL;
  g_auto(TjTestCliRun) not_found = { 0 };
  g_auto(TjTestCliRun) folder = { 0 };
  g_auto(TjTestCliRun) calc = { 0 };
  g_auto(TjTestCliRun) roster = { 0 };

  run_cli (&not_found, "case", "add", "--json", missing, NULL);
  g_assert_cmpint (not_found.status, ==, 3);
  g_assert_nonnull (strstr (not_found.err, missing));
  run_cli (&folder, "doc", "put", "--json", tmp_dir, NULL);
  g_assert_cmpint (folder.status, ==, 2);
  g_assert_nonnull (strstr (folder.err, tmp_dir));
  run_cli (&calc, "calc", "overtime", "--json", tmp_dir, NULL);
  g_assert_cmpint (calc.status, ==, 2);
  run_cli (&roster, "roster", "import", "--case", case_id, missing, NULL);
  g_assert_cmpint (roster.status, ==, 3);
  after = tj_test_snapshot (db_dir);
  g_assert_cmpstr (after, ==, before);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("tj-cli-files-XXXXXX", NULL);
  db_dir = g_build_filename (tmp_dir, "db", NULL);
  g_assert_cmpint (g_mkdir (db_dir, 0700), ==, 0);
  db_path = g_build_filename (db_dir, "files.db", NULL);
  seed ();

  g_test_add_func ("/cli/files/output-paths", test_output_paths);
  g_test_add_func ("/cli/files/bad-database", test_bad_database);
  g_test_add_func ("/cli/files/input-files", test_input_files);
  status = g_test_run ();

  {
    const char *rm[] = { "rm", "-rf", tmp_dir, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL));
  }
  return status;
}
