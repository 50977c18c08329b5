/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli doc …: the stable scripting interface, run as a user would. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-json.h"
#include "tj-test-cli.h"
#include "tj-test-util.h"

static char *db_path;

/* tiaojie-cli --db DB ARGS with @input on stdin; returns the exit
 * status and the parsed stdout (NULL when it is not JSON). */
#define run_cli(text, out_json, out_err, ...) \
  tj_test_cli (&(TjTestCli) { .db = db_path, .input = (text) }, out_json, out_err, __VA_ARGS__)

static void
test_round_trip (void)
{
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(JsonNode) got = NULL;
  g_autoptr(JsonNode) conflicts = NULL;
  g_autoptr(JsonNode) changes = NULL;
  g_autofree char *rev = NULL;
  JsonObject *o;

  g_assert_cmpint (run_cli ("{\"_id\":\"case-1\",\"type\":\"case\",\"title\":\"72名农民工欠薪\"}",
                            &out, NULL, "doc", "put", "--json", "-", NULL), ==, 0);
  o = json_node_get_object (out);
  g_assert_true (tj_json_get_bool (o, "ok", FALSE));
  rev = g_strdup (tj_json_get_string (o, "rev", NULL));
  g_assert_true (g_str_has_prefix (rev, "1-"));

  g_assert_cmpint (run_cli (NULL, &got, NULL, "doc", "get", "case-1", NULL), ==, 0);
  g_assert_cmpstr (tj_json_get_string (json_node_get_object (got), "title", NULL), ==, "72名农民工欠薪");

  /* Another station's edit arrives: a conflict the CLI lists and shows. */
  g_assert_cmpint (run_cli ("{\"_id\":\"case-1\",\"_rev\":\"1-ffffffffffffffffffffffffffffffff\","
                            "\"type\":\"case\",\"title\":\"station B\"}",
                            NULL, NULL, "doc", "put", "--new-edits=false", "--json", "-", NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, &conflicts, NULL, "doc", "conflicts", NULL), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (conflicts)), ==, 1);
  g_clear_pointer (&got, json_node_unref);
  g_assert_cmpint (run_cli (NULL, &got, NULL, "doc", "get", "case-1", "--conflicts", NULL), ==, 0);
  /* ffff… is the higher hash of generation 1, so it wins everywhere. */
  g_assert_cmpstr (tj_json_get_string (json_node_get_object (got), "title", NULL), ==, "station B");
  g_assert_cmpstr (json_array_get_string_element (tj_json_get_array (json_node_get_object (got), "_conflicts"), 0),
                   ==, rev);

  g_assert_cmpint (run_cli (NULL, &changes, NULL, "doc", "changes", "--since", "0", NULL), ==, 0);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (json_node_get_object (changes), "results")), ==, 1);

  /* Delete the losing branch: the conflict is gone. */
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "doc", "delete", "case-1", "--rev", rev, NULL), ==, 0);
  g_clear_pointer (&conflicts, json_node_unref);
  g_assert_cmpint (run_cli (NULL, &conflicts, NULL, "doc", "conflicts", NULL), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (conflicts)), ==, 0);
}

static void
test_exit_codes (void)
{
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) out = NULL;

  /* 1 usage */
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "doc", "frobnicate", NULL), ==, 1);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "nosuchgroup", NULL), ==, 1);
  /* 2 invalid input, one line on stderr, nothing written */
  g_assert_cmpint (run_cli ("{\"_id\": ", NULL, &err, "doc", "put", "--json", "-", NULL), ==, 2);
  g_assert_nonnull (err);
  g_assert_cmpint (strlen (err), >, 0);
  /* exactly one line */
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_null (strchr (err, '\n') + 1 == err + strlen (err) ? NULL : err);
  g_assert_cmpint (run_cli ("{\"docs\":[{\"_id\":\"ok1\"},{\"_id\":\"_bad\"}]}", NULL, NULL,
                            "doc", "put", "--json", "-", NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "doc", "get", "ok1", NULL), ==, 3);
  /* 3 not found */
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "doc", "get", "missing", NULL), ==, 3);
  /* 4 conflict */
  g_assert_cmpint (run_cli ("{\"_id\":\"dup\"}", NULL, NULL, "doc", "put", "--json", "-", NULL), ==, 0);
  g_assert_cmpint (run_cli ("{\"_id\":\"dup\"}", NULL, NULL, "doc", "put", "--json", "-", NULL), ==, 4);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "doc", "delete", "dup", "--rev", "9-nope", NULL), ==, 4);
  /* A batch is all-or-nothing and answers per document. */
  g_assert_cmpint (run_cli ("{\"docs\":[{\"_id\":\"b1\"},{\"_id\":\"b2\"}]}", &out, NULL,
                            "doc", "put", "--json", "-", NULL), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (out)), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  int status;

  tj_test_pin_today ("2026-11-22");
  g_test_init (&argc, &argv, NULL);
  if (g_getenv ("TJ_CLI") == NULL)
    g_error ("TJ_CLI must name the tiaojie-cli binary");
  dir = g_dir_make_tmp ("tj-cli-XXXXXX", NULL);
  db_path = g_build_filename (dir, "cli.db", NULL);

  g_test_add_func ("/cli/doc/round-trip", test_round_trip);
  g_test_add_func ("/cli/doc/exit-codes", test_exit_codes);
  status = g_test_run ();

  tj_test_remove_tree (dir);
  g_free (db_path);
  return status;
}
