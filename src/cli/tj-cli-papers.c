/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli papers templates|render: the case papers (issue 6). The
 * group is "papers" because "doc" is the document store. */

#include <stdio.h>
#include <string.h>

#include "tj-cli-private.h"
#include "tj-docgen.h"
#include "tj-i18n.h"
#include "tj-json.h"

int
tj_cli_papers_templates (TjCli     *cli,
                         TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) list = tj_docgen_list_templates (&error);

  return tj_cli_print_array_result (list, error);
}

static int
papers_show (TjCli     *cli,
             TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = tj_template_get_data (tj_cli_arg (args, 0), tj_cli_flag (args, "builtin"), &error);
  if (bytes == NULL)
    return tj_cli_fail (error);
  fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout);
  fflush (stdout);
  return TJ_EXIT_OK;
}

static int
papers_render (TjCli     *cli,
               TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjTemplate) tmpl = NULL;
  g_autoptr(JsonObject) model = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(TjCliOutput) output = NULL;
  const char *name = tj_cli_opt (args, "template");
  const char *model_file = tj_cli_opt (args, "model");
  const char *format = tj_cli_opt (args, "format");
  const char *out = tj_cli_opt (args, "out");
  TjDocgenOptions options = { tj_cli_opt (args, "today") };
  guint n_pages = 0;

  if (format == NULL)
    format = g_str_has_suffix (out, ".docx") ? "docx" : "pdf";
  if (strcmp (format, "pdf") != 0 && strcmp (format, "docx") != 0)
    return tj_cli_usage_error (args, _("--format must be pdf or docx, not “%s”"), format);
  if (strcmp (out, "-") != 0 && (output = tj_cli_output_open (out, &error)) == NULL)
    return tj_cli_fail (error);

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
  if (!tj_cli_output_write (output, bytes, &error) || !tj_cli_output_finish (output, &error))
    return tj_cli_fail (error);

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

static const TjCliCommand papers_commands[] = {
  { .name = "templates", .summary = N_("The document templates"), .run = tj_cli_papers_templates },
  { .name = "show", .arguments = "NAME", .min_args = 1, .max_args = 1,
    .summary = N_("Print a template’s XML, to copy and edit"), .run = papers_show,
    .options = {
      TJ_CLI_FLAG_OPTION ("builtin", N_("The built-in template, not the organisation’s")),
    } },
  { .name = "render", .summary = N_("Render a template with a model of your own (nothing is stored)"),
    .run = papers_render,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("template", "NAME", N_("The template (see papers templates)")),
      TJ_CLI_REQUIRED_OPTION ("model", "FILE|-", N_("The model as JSON, from FILE or standard input (-)")),
      TJ_CLI_REQUIRED_OPTION ("out", "FILE|-", N_("Where to write the file (- for standard output)")),
      TJ_CLI_VALUE_OPTION ("format", "pdf|docx", N_("The file format (default: from the file name)")),
      TJ_CLI_VALUE_OPTION ("today", "YYYY-MM-DD", N_("The date printed on the paper")),
    } },
};

const TjCliGroup tj_cli_papers_group = {
  "papers", N_("Case papers: templates, render (PDF, DOCX)"),
  papers_commands, G_N_ELEMENTS (papers_commands),
};
