/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli doc put|get|delete|changes|conflicts: the raw document store. */

#include <stdio.h>
#include <string.h>

#include "tj-cli-private.h"
#include "tj-docgen.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-papers.h"
#include "tj-audit.h"

static JsonObject *
put_one (TjStore     *store,
         JsonObject  *doc,
         gboolean     new_edits,
         GError     **error)
{
  JsonObject *result = json_object_new ();

  if (new_edits)
    {
      g_autofree char *id = NULL;
      g_autofree char *rev = tj_store_put (store, doc, &id, error);
      if (rev == NULL)
        {
          json_object_unref (result);
          return NULL;
        }
      json_object_set_boolean_member (result, "ok", TRUE);
      json_object_set_string_member (result, "id", id);
      json_object_set_string_member (result, "rev", rev);
    }
  else
    {
      if (!tj_store_put_replicated (store, doc, error))
        {
          json_object_unref (result);
          return NULL;
        }
      json_object_set_boolean_member (result, "ok", TRUE);
      json_object_set_string_member (result, "id", tj_json_get_string (doc, "_id", ""));
      json_object_set_string_member (result, "rev", tj_json_get_string (doc, "_rev", ""));
    }
  return result;
}

static int
doc_put (TjCli     *cli,
         TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  const char *file = tj_cli_opt (args, "json");
  const char *new_edits_opt = tj_cli_opt (args, "new-edits");
  gboolean new_edits = TRUE;
  JsonArray *batch;
  TjStore *store;

  if (new_edits_opt)
    {
      if (g_strcmp0 (new_edits_opt, "false") == 0)
        new_edits = FALSE;
      else if (g_strcmp0 (new_edits_opt, "true") != 0)
        return tj_cli_usage_error (args, _("--new-edits takes true or false"));
    }

  input = tj_cli_read_json (file, &error);
  if (input == NULL)
    return tj_cli_fail (error);
  store = tj_cli_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);

  /* {"docs": [...]} is a batch, written all-or-nothing. */
  batch = tj_json_get_array (input, "docs");
  if (batch && !json_object_has_member (input, "_id"))
    {
      g_autoptr(JsonNode) out = json_node_new (JSON_NODE_ARRAY);
      JsonArray *results = json_array_new ();

      json_node_take_array (out, results);
      if (!tj_store_begin (store, &error))
        return tj_cli_fail (error);
      for (guint i = 0; i < json_array_get_length (batch); i++)
        {
          JsonNode *node = json_array_get_element (batch, i);
          JsonObject *result;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              tj_store_rollback (store);
              g_set_error (&error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("docs[%u] is not a JSON object; nothing was written"), i);
              return tj_cli_fail (error);
            }
          result = put_one (store, json_node_get_object (node), new_edits, &error);
          if (result == NULL)
            {
              tj_store_rollback (store);
              g_prefix_error (&error, _("docs[%u]: "), i);
              return tj_cli_fail (error);
            }
          json_array_add_object_element (results, result);
        }
      if (!tj_store_commit (store, &error))
        return tj_cli_fail (error);
      tj_cli_print_json (out);
      return TJ_EXIT_OK;
    }

  {
    g_autoptr(JsonObject) result = put_one (store, input, new_edits, &error);
    if (result == NULL)
      return tj_cli_fail (error);
    tj_cli_print_object (result);
  }
  return TJ_EXIT_OK;
}

static int
doc_get (TjCli     *cli,
         TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  TjGetFlags flags = TJ_GET_NONE;
  TjStore *store;

  if (tj_cli_flag (args, "conflicts"))
    flags |= TJ_GET_CONFLICTS | TJ_GET_DELETED_CONFLICTS;
  if (tj_cli_flag (args, "revs"))
    flags |= TJ_GET_REVS;
  if (tj_cli_flag (args, "attachments"))
    flags |= TJ_GET_ATTACHMENTS;
  if (tj_cli_flag (args, "deleted"))
    flags |= TJ_GET_DELETED;

  store = tj_cli_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  doc = tj_store_get (store, tj_cli_arg (args, 0), tj_cli_opt (args, "rev"), flags, &error);
  return tj_cli_print_result (doc, error);
}

static int
doc_delete (TjCli     *cli,
            TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rev = NULL;
  g_autoptr(JsonObject) result = NULL;
  const char *id = tj_cli_arg (args, 0);
  TjStore *store;

  store = tj_cli_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  rev = tj_store_delete (store, id, tj_cli_opt (args, "rev"), &error);
  if (rev == NULL)
    return tj_cli_fail (error);
  result = json_object_new ();
  json_object_set_boolean_member (result, "ok", TRUE);
  json_object_set_string_member (result, "id", id);
  json_object_set_string_member (result, "rev", rev);
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

static int
doc_changes (TjCli     *cli,
             TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) changes = NULL;
  gint64 since = 0, limit = 0;
  TjStore *store;

  if (!tj_cli_count (args, "since", &since, &error) ||
      !tj_cli_count (args, "limit", &limit, &error))
    return tj_cli_fail (error);
  store = tj_cli_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  changes = tj_store_changes (store, since, (guint) MIN (limit, G_MAXUINT), &error);
  return tj_cli_print_result (changes, error);
}

/* The organisation printed on papers: the preferences
 * (tj_context_dup_organisation()), then --organisation FILE (JSON: name,
 * mediator, address, phone, court, arbitration_commission) over them. */
static JsonObject *
papers_organisation (TjCli      *cli,
                     TjCliArgs  *args,
                     GError    **error)
{
  g_autoptr(JsonObject) org = tj_context_dup_organisation (cli->context);
  const char *file = tj_cli_opt (args, "organisation");

  if (file)
    {
      g_autoptr(JsonObject) given = tj_cli_read_json (file, error);
      g_autoptr(GList) members = NULL;
      if (given == NULL)
        return NULL;
      members = json_object_get_members (given);
      for (GList *l = members; l; l = l->next)
        json_object_set_member (org, l->data, json_node_copy (json_object_get_member (given, l->data)));
    }
  return g_steal_pointer (&org);
}

static int
doc_render (TjCli     *cli,
            TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) org = NULL;
  g_autoptr(JsonObject) paper = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TjCliOutput) output = NULL;
  const char *case_id = tj_cli_opt (args, "case");
  const char *name = tj_cli_opt (args, "template");
  const char *format = tj_cli_opt (args, "format");
  const char *out = tj_cli_opt (args, "out");
  gboolean to_stdout = strcmp (out, "-") == 0;
  TjCaseContext ctx;
  TjStore *store;

  if (format == NULL)
    format = g_str_has_suffix (out, ".docx") ? "docx" : "pdf";
  if (strcmp (format, "pdf") != 0 && strcmp (format, "docx") != 0)
    return tj_cli_usage_error (args, _("--format must be pdf or docx, not “%s”"), format);

  /* The file must be writable before a paper version and its timeline
   * event are stored. */
  if (!to_stdout && (output = tj_cli_output_open (out, &error)) == NULL)
    return tj_cli_fail (error);
  tj_context_fill_case_context (cli->context, &ctx);
  org = papers_organisation (cli, args, &error);
  if (org == NULL)
    return tj_cli_fail (error);
  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);

  /* One transaction around the new version and the file: a file that
   * cannot be written after all leaves no version behind. */
  if (!tj_store_begin (store, &error))
    return tj_cli_fail (error);
  paper = tj_papers_generate (store, &ctx, org, case_id, name, format, &error);
  if (paper != NULL)
    bytes = tj_papers_get_file (store, tj_json_get_string (paper, "id", ""), NULL, NULL, &error);
  if (bytes == NULL || (output && !tj_cli_output_write (output, bytes, &error)) ||
      !tj_papers_record_output (store, &ctx, tj_json_get_string (paper, "id", ""), TJ_AUDIT_EXPORT, &error))
    {
      tj_store_rollback (store);
      return tj_cli_fail (error);
    }
  if (!tj_store_commit (store, &error))
    return tj_cli_fail (error);

  if (to_stdout)
    {
      fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout);
      fflush (stdout);
      return TJ_EXIT_OK;
    }
  if (!tj_cli_output_finish (output, &error))
    return tj_cli_fail (error);
  result = json_object_new ();
  json_object_set_string_member (result, "paper_id", tj_json_get_string (paper, "id", ""));
  json_object_set_int_member (result, "version", tj_json_get_int (paper, "version", 0));
  json_object_set_string_member (result, "sha256", tj_json_get_string (paper, "sha256", ""));
  json_object_set_string_member (result, "out", out);
  json_object_set_string_member (result, "template", tj_json_get_string (paper, "template", ""));
  json_object_set_string_member (result, "format", tj_json_get_string (paper, "format", ""));
  json_object_set_boolean_member (result, "reused", tj_json_get_bool (paper, "reused", FALSE));
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

static int
doc_list (TjCli     *cli,
          TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  const char *case_id = tj_cli_opt (args, "case");
  g_autoptr(JsonArray) list = NULL;
  TjStore *store;
  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  list = tj_papers_list (store, case_id, &error);
  return tj_cli_print_array_result (list, error);
}

#define JSON_INPUT(d) TJ_CLI_REQUIRED_OPTION ("json", "FILE|-", d)

static const TjCliCommand doc_commands[] = {
  { .name = "put", .summary = N_("Write a document, or a batch ({\"docs\": […]}, all or nothing)"),
    .run = doc_put,
    .options = {
      JSON_INPUT (N_("The document as JSON, from FILE or standard input (-)")),
      TJ_CLI_VALUE_OPTION ("new-edits", "true|false",
                           N_("false: store a revision made elsewhere as it is, with its _revisions")),
    } },
  { .name = "get", .arguments = "ID", .min_args = 1, .max_args = 1,
    .summary = N_("Print the winning revision of a document, or the one asked for"), .run = doc_get,
    .options = {
      TJ_CLI_VALUE_OPTION ("rev", "REV", N_("This revision instead of the winner")),
      TJ_CLI_FLAG_OPTION ("conflicts", N_("Add _conflicts and _deleted_conflicts")),
      TJ_CLI_FLAG_OPTION ("revs", N_("Add _revisions, the revision history")),
      TJ_CLI_FLAG_OPTION ("attachments", N_("Include attachment data (base64) instead of stubs")),
      TJ_CLI_FLAG_OPTION ("deleted", N_("Return a deleted document’s tombstone")),
    } },
  { .name = "delete", .arguments = "ID", .min_args = 1, .max_args = 1,
    .summary = N_("Write a tombstone on top of a revision"), .run = doc_delete,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("rev", "REV", N_("The revision to delete")),
    } },
  { .name = "changes", .summary = N_("The changes feed: every changed document once, with its leaf revisions"),
    .run = doc_changes,
    .options = {
      TJ_CLI_VALUE_OPTION ("since", "N", N_("Only changes after local sequence N")),
      TJ_CLI_VALUE_OPTION ("limit", "N", N_("At most N rows")),
    } },
  { .name = "conflicts", .summary = N_("Every document with conflicting revisions"), .run = tj_cli_conflicts_list },
  { .name = "templates", .summary = N_("The document templates"), .run = tj_cli_papers_templates },
  { .name = "render", .summary = N_("Generate a paper of a case, store it on the case as a version and write it"),
    .run = doc_render,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("case", "ID", N_("The case")),
      TJ_CLI_REQUIRED_OPTION ("template", "NAME", N_("The template (see doc templates)")),
      TJ_CLI_REQUIRED_OPTION ("out", "FILE|-", N_("Where to write the file (- for standard output)")),
      TJ_CLI_VALUE_OPTION ("format", "pdf|docx", N_("The file format (default: from the file name)")),
      TJ_CLI_VALUE_OPTION ("organisation", "FILE|-",
                           N_("JSON with name, mediator, address, phone, court, arbitration_commission over the preferences")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "list", .summary = N_("The case’s papers, newest first"), .run = doc_list,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("case", "ID", N_("The case")),
    } },
};

const TjCliGroup tj_cli_doc_group = {
  "doc", N_("Documents of the store: put, get, delete, changes, conflicts; papers of a case"),
  doc_commands, G_N_ELEMENTS (doc_commands),
};
