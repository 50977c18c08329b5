/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The helpers of tests/common that no other test checks on its own: the
 * folder snapshot, the recursive removal, the ID numbers made for test
 * data, the settlement made the simple way and the CLI runner's options. */

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "tj-json.h"
#include "tj-settlement.h"
#include "tj-test-cli.h"
#include "tj-test-store.h"
#include "tj-test-util.h"
#include "tj-validate.h"

static void
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

/* Lines in order of name whatever the order of creation; any change of a
 * file's content, a file more or a folder more shows. */
static void
test_snapshot (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tj-common-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "m-folder", NULL);
  g_autofree char *first = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *more = NULL;
  g_autofree char *with_folder = NULL;
  g_auto(GStrv) lines = NULL;

  write_file (dir, "z.db", "zz");
  write_file (dir, "a.db", "aa");
  first = tj_test_snapshot (dir);
  lines = g_strsplit (first, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_true (g_str_has_prefix (lines[0], "a.db "));
  g_assert_true (g_str_has_prefix (lines[1], "z.db "));
  /* sha256 ("aa") */
  g_assert_cmpstr (lines[0] + strlen ("a.db "), ==, "961b6dd3ede3cb8ecbaacbd68de040cd78eb2ed5889130cceb4c49268ea4d506");

  write_file (dir, "a.db", "ab");
  changed = tj_test_snapshot (dir);
  g_assert_cmpstr (changed, !=, first);
  write_file (dir, "b.db-wal", "");
  more = tj_test_snapshot (dir);
  g_assert_nonnull (strstr (more, "\nb.db-wal "));
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  with_folder = tj_test_snapshot (dir);
  g_assert_nonnull (strstr (with_folder, "\nm-folder/\n"));

  tj_test_remove_tree (dir);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

/* Folders in folders go; a link to a folder outside is removed, not
 * followed. */
static void
test_remove_tree (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tj-common-XXXXXX", NULL);
  g_autofree char *outside = g_dir_make_tmp ("tj-common-outside-XXXXXX", NULL);
  g_autofree char *deep = g_build_filename (dir, "a", "b", "c", NULL);
  g_autofree char *link = g_build_filename (dir, "a", "outside", NULL);
  g_autofree char *kept = g_build_filename (outside, "kept.txt", NULL);

  g_assert_cmpint (g_mkdir_with_parents (deep, 0700), ==, 0);
  write_file (deep, "x.db", "x");
  write_file (outside, "kept.txt", "kept");
  g_assert_cmpint (symlink (outside, link), ==, 0);

  tj_test_remove_tree (dir);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (kept, G_FILE_TEST_IS_REGULAR));
  tj_test_remove_tree (outside);
  g_assert_false (g_file_test (outside, G_FILE_TEST_EXISTS));
}

/* The check character of GB 11643, on numbers whose check character is
 * known (the fixtures' 张三 and 王伟) and every last digit. */
static void
test_id_number (void)
{
  g_autofree char *zhang = tj_test_id_number ("11010519491231002");
  g_autofree char *wang = tj_test_id_number ("11010519850312001");

  g_assert_cmpstr (zhang, ==, "11010519491231002X");
  g_assert_cmpstr (wang, ==, "110105198503120012");
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *body = g_strdup_printf ("4101021970010100%u", i);
      g_autofree char *id = tj_test_id_number (body);
      g_autoptr(GError) error = NULL;

      g_assert_true (tj_validate_id_number (id, NULL, &error));
      g_assert_no_error (error);
    }
}

/* Every worker the same amount, one installment, the employer paying;
 * a payment to the second worker lands on that worker. */
static void
test_settle_evenly (TjTestCaseStore *f,
                    gconstpointer    data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) settlement = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autofree char *id = tj_test_add_case (f->store, &f->ctx,
    "{\"title\":\"欠薪\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\",\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\","
    "\"employer\":{\"name\":\"华建劳务有限公司\"},"
    "\"workers\":[{\"name\":\"张三\",\"owed_fen\":500000},{\"name\":\"王伟\",\"owed_fen\":500000}]}");
  JsonObject *inst;
  JsonArray *alloc;
  JsonArray *workers;

  tj_case_set_status (f->store, &f->ctx, id, "mediating", "测试", NULL, &error);
  g_assert_no_error (error);
  tj_case_set_status (f->store, &f->ctx, id, "agreed", "测试", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tj_test_settle_evenly (f->store, id, 30000, "2026-12-31", "2026-11-22"), ==, 2);
  tj_test_pay_worker (f->store, id, 1, 30000, "2026-11-30");

  settlement = tj_settlement_get (f->store, &f->ctx, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (settlement);
  g_assert_cmpstr (tj_json_get_string (settlement, "status", NULL), ==, "agreed");
  g_assert_cmpint (tj_json_get_int (settlement, "total_fen", 0), ==, 60000);
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (settlement, "payer"), "name", NULL), ==, "华建劳务有限公司");
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (settlement, "installments")), ==, 1);
  inst = json_array_get_object_element (tj_json_get_array (settlement, "installments"), 0);
  g_assert_cmpstr (tj_json_get_string (inst, "due_on", NULL), ==, "2026-12-31");
  alloc = tj_json_get_array (inst, "allocations");
  g_assert_cmpuint (json_array_get_length (alloc), ==, 2);
  shown = tj_case_show (f->store, &f->ctx, id, &error);
  g_assert_no_error (error);
  workers = tj_json_get_array (shown, "workers");
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *a = json_array_get_object_element (alloc, i);
      g_assert_cmpstr (tj_json_get_string (a, "worker_id", NULL), ==,
                       tj_json_get_string (json_array_get_object_element (workers, i), "id", NULL));
      g_assert_cmpint (tj_json_get_int (a, "amount_fen", 0), ==, 30000);
      g_assert_cmpint (tj_json_get_int (a, "paid_fen", -1), ==, i == 1 ? 30000 : 0);
    }
}

/* The runner passes its options: stdin, --db, today, Chinese, more
 * variables; stdout and stderr come back apart. */
static void
test_cli (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tj-common-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "cli.db", NULL);
  g_auto(TjTestCliRun) run = { 0 };
  g_auto(TjTestCliRun) english = { 0 };
  g_auto(TjTestCliRun) chinese = { 0 };
  g_autoptr(JsonNode) node = NULL;

  if (tj_test_cli_path () == NULL)
    {
      g_test_skip ("tiaojie-cli is not built next to the tests");
      return;
    }
  tj_test_cli_run (&run, &(TjTestCli) { .db = db, .today = "2026-11-22",
                                        .input = "{\"_id\":\"note-1\",\"type\":\"note\",\"text\":\"调解\"}" },
                   "doc", "put", "--json", "-", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  node = tj_test_cli_run_json (&run);
  g_assert_nonnull (node);
  g_assert_cmpstr (tj_json_get_string (json_node_get_object (node), "id", NULL), ==, "note-1");

  tj_test_cli_run (&english, &(TjTestCli) { .db = db }, "case", "show", "no-such-case", NULL);
  tj_test_cli_run (&chinese, &(TjTestCli) { .db = db, .chinese = TRUE }, "case", "show", "no-such-case", NULL);
  g_assert_cmpint (english.status, ==, 3);
  g_assert_cmpint (chinese.status, ==, 3);
  g_assert_cmpstr (english.out, ==, "");
  g_assert_nonnull (english.err);
  g_assert_cmpstr (english.err, !=, chinese.err);
  g_assert_null (tj_test_cli_run_json (&english));

  tj_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/common/snapshot", test_snapshot);
  g_test_add_func ("/common/remove-tree", test_remove_tree);
  g_test_add_func ("/common/id-number", test_id_number);
  g_test_add ("/common/settle-evenly", TjTestCaseStore, NULL, tj_test_case_store_set_up, test_settle_evenly,
              tj_test_case_store_tear_down);
  g_test_add_func ("/common/cli", test_cli);
  return g_test_run ();
}
