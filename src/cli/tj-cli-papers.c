/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli papers templates|render: the case papers (issue 6). The
 * group is "papers" because "doc" is the document store. */

#include <stdio.h>
#include <string.h>

#include "tj-cli-private.h"
#include "tj-docgen.h"
#include "tj-i18n.h"
#include "tj-json.h"

static const char papers_usage[] =
  N_("Usage: tiaojie-cli papers COMMAND\n"
     "  templates                          list the document templates\n"
     "  show NAME [--builtin]              print a template's XML (to copy and edit)\n"
     "  render --template NAME --model FILE|- --format pdf|docx --out FILE [--today YYYY-MM-DD]");

static const char *
option (int          argc,
        char       **argv,
        const char  *name)
{
  size_t len = strlen (name);

  for (int i = 2; i < argc; i++)
    {
      if (strcmp (argv[i], name) == 0 && i + 1 < argc)
        return argv[i + 1];
      if (strncmp (argv[i], name, len) == 0 && argv[i][len] == '=')
        return argv[i] + len + 1;
    }
  return NULL;
}

static int
papers_templates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) list = tj_docgen_list_templates (&error);
  g_autoptr(JsonNode) node = NULL;

  if (list == NULL)
    return tj_cli_fail (error);
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, list);
  tj_cli_print_json (node);
  return TJ_EXIT_OK;
}

static int
papers_show (int    argc,
             char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gboolean builtin = FALSE;
  const char *name = NULL;

  for (int i = 2; i < argc; i++)
    {
      if (strcmp (argv[i], "--builtin") == 0)
        builtin = TRUE;
      else if (name == NULL && argv[i][0] != '-')
        name = argv[i];
      else
        return tj_cli_usage ("%s", _(papers_usage));
    }
  if (name == NULL)
    return tj_cli_usage ("%s", _(papers_usage));
  bytes = tj_template_get_data (name, builtin, &error);
  if (bytes == NULL)
    return tj_cli_fail (error);
  fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout);
  fflush (stdout);
  return TJ_EXIT_OK;
}

static int
papers_render (int    argc,
               char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjTemplate) tmpl = NULL;
  g_autoptr(JsonObject) model = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) write_error = NULL;
  const char *name = option (argc, argv, "--template");
  const char *model_file = option (argc, argv, "--model");
  const char *format = option (argc, argv, "--format");
  const char *out = option (argc, argv, "--out");
  TjDocgenOptions options = { option (argc, argv, "--today") };
  guint n_pages = 0;

  if (name == NULL || model_file == NULL || out == NULL)
    return tj_cli_usage ("%s", _(papers_usage));
  if (format == NULL)
    format = g_str_has_suffix (out, ".docx") ? "docx" : "pdf";
  if (strcmp (format, "pdf") != 0 && strcmp (format, "docx") != 0)
    return tj_cli_usage (_("--format must be pdf or docx, not “%s”"), format);

  tmpl = tj_template_load (name, &error);
  if (tmpl == NULL)
    return tj_cli_fail (error);
  model = tj_cli_read_json (model_file, &error);
  if (model == NULL)
    return tj_cli_fail (error);

  if (strcmp (format, "pdf") == 0)
    {
      g_autoptr(TjDocument) doc = tj_docgen_evaluate (tmpl, model, &options, &error);
      g_autoptr(TjPages) pages = NULL;
      if (doc == NULL)
        return tj_cli_fail (error);
      pages = tj_docgen_paginate (doc, &error);
      if (pages == NULL)
        return tj_cli_fail (error);
      n_pages = tj_pages_get_n_pages (pages);
      bytes = tj_pages_to_pdf_bytes (pages, &error);
    }
  else
    bytes = tj_docgen_render_docx (tmpl, model, &options, &error);
  if (bytes == NULL)
    return tj_cli_fail (error);

  if (strcmp (out, "-") == 0)
    {
      fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout);
      fflush (stdout);
      return TJ_EXIT_OK;
    }
  if (!g_file_set_contents (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                            &write_error))
    {
      g_set_error (&error, TJ_ERROR, TJ_ERROR_FAILED, "%s", write_error->message);
      return tj_cli_fail (error);
    }

  result = json_object_new ();
  json_object_set_string_member (result, "template", tj_template_get_name (tmpl));
  json_object_set_string_member (result, "source", tj_template_get_source (tmpl));
  json_object_set_string_member (result, "format", format);
  json_object_set_string_member (result, "out", out);
  json_object_set_int_member (result, "bytes", g_bytes_get_size (bytes));
  if (n_pages > 0)
    json_object_set_int_member (result, "pages", n_pages);
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

int
tj_cli_papers (TjCli  *cli,
               int     argc,
               char  **argv)
{
  const char *command = argc > 1 ? argv[1] : NULL;

  if (command == NULL || strcmp (command, "--help") == 0)
    {
      fprintf (command ? stdout : stderr, "%s\n", _(papers_usage));
      return command ? TJ_EXIT_OK : TJ_EXIT_USAGE;
    }
  if (strcmp (command, "templates") == 0)
    return papers_templates ();
  if (strcmp (command, "show") == 0)
    return papers_show (argc, argv);
  if (strcmp (command, "render") == 0)
    return papers_render (argc, argv);
  return tj_cli_usage (_("Unknown papers command “%s”; see “tiaojie-cli papers --help”"), command);
}
