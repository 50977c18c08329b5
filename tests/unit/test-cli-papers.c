/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli papers …: templates and render, run as a user would. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-json.h"
#include "tj-test-cli.h"
#include "tj-test-util.h"

static char *tmp_dir;

/* The CLI looks for custom templates in the test's own data folder,
 * never in the user's. */
#define run_cli(text, out_text, out_err, ...) \
  tj_test_cli_text (&(TjTestCli) { .input = (text), .binary = TRUE, \
                                   .env = (const char *[]) { "XDG_DATA_HOME", g_get_user_data_dir (), NULL } }, \
                    out_text, out_err, __VA_ARGS__)

static char *
fixture_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "docgen-wage-arrears-72.json", NULL);
}

static void
test_templates (void)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *list;

  g_assert_cmpint (run_cli (NULL, &out, NULL, "papers", "templates", NULL), ==, 0);
  node = tj_json_parse (out, -1, NULL);
  g_assert_nonnull (node);
  list = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (list), ==, 10);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 2), "name"),
                   ==, "agreement");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 2), "title"),
                   ==, "调解协议书");
}

static void
test_show_and_override (void)
{
  g_autofree char *xml = NULL;
  g_autofree char *out = NULL;
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "tiaojie", "templates", NULL);
  g_autofree char *path = g_build_filename (dir, "acceptance_notice.xml", NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonArray *list;

  /* What an organisation does: print the built-in, save it as a custom
   * template, edit it; the custom one is then in use. */
  g_assert_cmpint (run_cli (NULL, &xml, NULL, "papers", "show", "acceptance_notice", NULL), ==, 0);
  g_assert_true (g_str_has_prefix (xml, "<?xml"));
  g_assert_nonnull (strstr (xml, "劳动争议调解受理通知书"));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  {
    g_autoptr(GString) edited = g_string_new (xml);
    g_string_replace (edited, "劳动争议调解受理通知书", "本站受理通知书", 1);
    g_assert_true (g_file_set_contents (path, edited->str, -1, NULL));
  }
  g_assert_cmpint (run_cli (NULL, &out, NULL, "papers", "show", "acceptance_notice", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "本站受理通知书"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (NULL, &out, NULL, "papers", "show", "acceptance_notice", "--builtin", NULL), ==, 0);
  g_assert_cmpstr (out, ==, xml);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (NULL, &out, NULL, "papers", "templates", NULL), ==, 0);
  node = tj_json_parse (out, -1, NULL);
  list = json_node_get_array (node);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "source"),
                   ==, "custom");
  g_unlink (path);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "papers", "show", "nonesuch", NULL), ==, 3);
}

static void
test_render (void)
{
  g_autofree char *fixture = fixture_path ();
  g_autofree char *pdf = g_build_filename (tmp_dir, "agreement.pdf", NULL);
  g_autofree char *docx = g_build_filename (tmp_dir, "agreement.docx", NULL);
  g_autofree char *model = NULL;
  g_autofree char *out = NULL;
  g_autofree char *data = NULL;
  g_autoptr(JsonObject) result = NULL;
  gsize len = 0;

  g_assert_cmpint (run_cli (NULL, &out, NULL, "papers", "render", "--template", "agreement",
                            "--model", fixture, "--format", "pdf", "--out", pdf, NULL), ==, 0);
  result = tj_json_parse_object (out, -1, NULL);
  g_assert_nonnull (result);
  g_assert_cmpstr (json_object_get_string_member (result, "format"), ==, "pdf");
  g_assert_cmpint (json_object_get_int_member (result, "pages"), >=, 5);
  g_assert_true (g_file_get_contents (pdf, &data, &len, NULL));
  g_assert_true (len > 1000 && memcmp (data, "%PDF-", 5) == 0);
  g_clear_pointer (&data, g_free);
  g_clear_pointer (&out, g_free);

  /* The model from stdin, DOCX by the file's extension. */
  g_assert_true (g_file_get_contents (fixture, &model, NULL, NULL));
  g_assert_cmpint (run_cli (model, &out, NULL, "papers", "render", "--template", "payment_roster",
                            "--model", "-", "--out", docx, NULL), ==, 0);
  g_assert_true (g_file_get_contents (docx, &data, &len, NULL));
  g_assert_true (memcmp (data, "PK\003\004", 4) == 0);
  g_unlink (pdf);
  g_unlink (docx);
}

static void
test_errors (void)
{
  g_autofree char *fixture = fixture_path ();
  g_autofree char *pdf = g_build_filename (tmp_dir, "never.pdf", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (NULL, NULL, &err, "papers", "render", "--template", "nonesuch",
                            "--model", fixture, "--out", pdf, NULL), ==, 3);
  g_assert_nonnull (strstr (err, "nonesuch"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli ("{\"settlement\": {\"total_fen\": 5, \"installments\": "
                            "[{\"due_on\": \"2026-12-01\", \"amount_fen\": 4}]}}",
                            NULL, &err, "papers", "render", "--template", "agreement",
                            "--model", "-", "--out", pdf, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "settlement.installments"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));   /* nothing written */
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (NULL, NULL, &err, "papers", "render", "--template", "agreement",
                            "--model", fixture, "--format", "odt", "--out", pdf, NULL), ==, 1);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "papers", "frobnicate", NULL), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  int status;

  tj_test_pin_today ("2026-11-22");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  tmp_dir = g_dir_make_tmp ("test-cli-papers-XXXXXX", NULL);

  g_test_add_func ("/cli/papers/templates", test_templates);
  g_test_add_func ("/cli/papers/show", test_show_and_override);
  g_test_add_func ("/cli/papers/render", test_render);
  g_test_add_func ("/cli/papers/errors", test_errors);

  status = g_test_run ();
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
