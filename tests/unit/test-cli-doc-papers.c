/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli doc templates|render|list: a case's papers, run as a script
 * would, with the exit codes of docs/DESIGN.md. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-case.h"
#include "tj-json.h"
#include "tj-settlement.h"
#include "tj-test-cli.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

#define SECRET "SENTINEL-CAUCUS-9902"

static char *tmp_dir;
static char *db_path;
static char *case_id;

/* tiaojie-cli --db DB ARGS…, custom templates in the test's folder. */
#define run_cli(out_text, out_err, ...) \
  tj_test_cli_text (&(TjTestCli) { .db = db_path, .today = "2026-11-22", .binary = TRUE, \
                                   .env = (const char *[]) { "XDG_DATA_HOME", tmp_dir, NULL } }, \
                    out_text, out_err, __VA_ARGS__)

static void
seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (db_path, &error);
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) settlement = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *json = NULL;
  TjCaseContext ctx;

  g_assert_no_error (error);
  tj_case_context_init_defaults (&ctx);
  ctx.today = "2026-11-22";
  case_id = tj_test_add_case (store, &ctx,
                              "{\"title\":\"欠薪\",\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                              "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\",\"facts\":\"工资未发。\","
                              "\"employer\":{\"name\":\"华建劳务有限公司\"},"
                              "\"workers\":[{\"name\":\"张三\",\"id_number\":\"11010519491231002X\",\"owed_fen\":500000}]}");
  shown = tj_case_show (store, &ctx, case_id, &error);
  g_assert_no_error (error);

  tj_test_add_caucus_note (store, &ctx, case_id, NULL, SECRET);
  g_assert_true (tj_case_set_status (store, &ctx, case_id, "agreed", "达成协议", NULL, &error));

  json = g_strdup_printf (
    "{\"status\":\"agreed\",\"total_fen\":500000,\"method\":\"cash\","
    "\"payer\":{\"role\":\"employer\",\"name\":\"华建劳务有限公司\"},"
    "\"installments\":[{\"due_on\":\"2026-12-01\",\"amount_fen\":500000,"
    "  \"allocations\":[{\"worker_id\":\"%s\",\"amount_fen\":500000}]}]}",
    tj_json_get_string (json_array_get_object_element (tj_json_get_array (shown, "workers"), 0), "id", ""));
  settlement = tj_json_parse_object (json, -1, NULL);
  result = tj_settlement_set (store, &ctx, case_id, settlement, &error);
  g_assert_no_error (error);
}

static void
test_render_and_list (void)
{
  g_autofree char *out = NULL;
  g_autofree char *again = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *err = NULL;
  g_autofree char *pdf = g_build_filename (tmp_dir, "协议书.pdf", NULL);
  g_autofree char *data = NULL;
  g_autofree char *sha = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) result_again = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;

  g_assert_cmpint (run_cli (&out, &err, "doc", "render", "--case", case_id, "--template", "agreement",
                            "--format", "pdf", "--out", pdf, "--actor", "李调解", NULL), ==, 0);
  result = tj_json_parse_object (out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_json_get_int (result, "version", 0), ==, 1);
  g_assert_cmpstr (tj_json_get_string (result, "out", NULL), ==, pdf);
  g_assert_true (g_file_get_contents (pdf, &data, &len, &error));
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  g_assert_cmpstr (sha, ==, tj_json_get_string (result, "sha256", NULL));
  g_assert_true (g_str_has_prefix (data, "%PDF"));
  g_assert_null (g_strstr_len (data, len, SECRET));

  /* Nothing changed: the same paper and version. */
  g_assert_cmpint (run_cli (&again, NULL, "doc", "render", "--case", case_id, "--template", "agreement",
                            "--out", pdf, "--actor", "李调解", NULL), ==, 0);
  result_again = tj_json_parse_object (again, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_json_get_string (result_again, "paper_id", NULL), ==,
                   tj_json_get_string (result, "paper_id", NULL));
  g_assert_true (tj_json_get_bool (result_again, "reused", FALSE));

  g_assert_cmpint (run_cli (&listed, NULL, "doc", "list", "--case", case_id, NULL), ==, 0);
  list = tj_json_parse (listed, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (json_node_get_array (list), 0), "title", NULL),
                   ==, "调解协议书");
  g_unlink (pdf);
}

static void
test_templates_and_errors (void)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *err3 = NULL;
  g_autofree char *file = g_build_filename (tmp_dir, "x.pdf", NULL);
  g_autoptr(JsonNode) node = NULL;

  g_assert_cmpint (run_cli (&out, NULL, "doc", "templates", NULL), ==, 0);
  node = tj_json_parse (out, -1, NULL);
  g_assert_nonnull (node);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 10);

  /* Usage, invalid, not found; nothing written. */
  g_assert_cmpint (run_cli (NULL, NULL, "doc", "list", NULL), ==, 1);
  g_assert_cmpint (run_cli (NULL, NULL, "doc", "render", "--case", case_id, "--template", "agreement",
                            "--format", "odt", "--out", file, NULL), ==, 1);
  g_assert_cmpint (run_cli (NULL, &err, "doc", "render", "--case", case_id, "--template", "advice_sheet",
                            "--out", file, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "法律咨询意见书"));
  g_assert_cmpint (run_cli (NULL, &err2, "doc", "render", "--case", "no-such-case", "--template", "agreement",
                            "--out", file, NULL), ==, 3);
  g_assert_cmpint (run_cli (NULL, &err3, "doc", "render", "--case", case_id, "--template", "no_such",
                            "--out", file, NULL), ==, 3);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
}

/* A payment order before anything fell due: refused in plain words. */
static void
test_payment_order_refused (void)
{
  g_autofree char *err = NULL;
  g_autofree char *file = g_build_filename (tmp_dir, "支付令.pdf", NULL);

  g_assert_cmpint (run_cli (NULL, &err, "doc", "render", "--case", case_id, "--template", "payment_order",
                            "--out", file, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "Nothing agreed is overdue"));
  g_assert_null (strstr (err, ".xml"));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
}

/* case chain: a chain that contradicts itself is refused with the field
 * named and nothing written; a coherent one is saved in legal order with
 * who pays. */
static void
test_case_chain (void)
{
  g_autofree char *bad = g_build_filename (tmp_dir, "bad-chain.json", NULL);
  g_autofree char *good = g_build_filename (tmp_dir, "chain.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *chain;

  g_assert_true (g_file_set_contents (bad, "{\"chain\":[{\"role\":\"general_contractor\",\"name\":\"中城建设集团\"},"
                                      "{\"role\":\"team_leader\",\"name\":\"赵老四\"},"
                                      "{\"role\":\"subcontractor\",\"name\":\"华建劳务有限公司\"}]}", -1, NULL));
  g_assert_cmpint (run_cli (NULL, &err, "case", "chain", case_id, "--json", bad, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "chain[2].role: "));
  g_assert_cmpint (run_cli (&shown, NULL, "case", "chain", case_id, NULL), ==, 0);
  before = tj_json_parse_object (shown, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (before, "chain")), ==, 0);

  g_assert_true (g_file_set_contents (good, "{\"chain\":[{\"role\":\"general_contractor\",\"name\":\"中城建设集团\"},"
                                       "{\"role\":\"subcontractor\",\"name\":\"华建劳务有限公司\"},"
                                       "{\"role\":\"team_leader\",\"name\":\"赵老四\",\"relation\":\"team\"}]}",
                                      -1, NULL));
  g_assert_cmpint (run_cli (&out, NULL, "case", "chain", case_id, "--json", good, NULL), ==, 0);
  result = tj_json_parse_object (out, -1, &error);
  g_assert_no_error (error);
  chain = tj_json_get_array (result, "chain");
  g_assert_cmpuint (json_array_get_length (chain), ==, 3);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (chain, 1), "tier", 0), ==, 1);
  /* §30: the subcontractor (the employer) owes; the general contractor pays first. */
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (result, "liable_first"), "role", NULL), ==,
                   "general_contractor");
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (result, "liable_first"), "duty", NULL), ==, "pays_first");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  tj_test_pin_today ("2026-11-22");
  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("tj-cli-doc-papers-XXXXXX", NULL);
  db_path = g_build_filename (tmp_dir, "t.db", NULL);
  seed ();

  g_test_add_func ("/cli/doc/render-and-list", test_render_and_list);
  g_test_add_func ("/cli/doc/templates-and-errors", test_templates_and_errors);
  g_test_add_func ("/cli/doc/payment-order-refused", test_payment_order_refused);
  g_test_add_func ("/cli/case/chain", test_case_chain);
  ret = g_test_run ();

  tj_test_remove_tree (tmp_dir);
  g_free (tmp_dir);
  g_free (db_path);
  g_free (case_id);
  return ret;
}
