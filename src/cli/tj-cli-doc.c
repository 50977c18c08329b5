/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli doc put|get|delete|changes|conflicts: the raw document store. */

#include <stdio.h>
#include <string.h>

#include "tj-cli-private.h"
#include "tj-docgen.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-papers.h"

static const char doc_usage[] =
  N_("Usage: tiaojie-cli doc COMMAND\n"
     "  put [--new-edits=false] --json FILE|-   write a document (or a batch: {\"docs\": […]})\n"
     "  get ID [--rev REV] [--conflicts] [--revs] [--attachments] [--deleted]\n"
     "  delete ID --rev REV\n"
     "  changes [--since N] [--limit N]\n"
     "  conflicts");
static const char doc_papers_usage[] =
  N_("Papers of a case (stored on the case as versions):\n"
     "  templates                           list the document templates\n"
     "  render --case ID --template NAME --format pdf|docx --out FILE|-\n"
     "         [--organisation FILE|-] [--actor NAME]\n"
     "  list --case ID                      the case's papers, newest first");


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
doc_put (TjCli  *cli,
         int     argc,
         char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  const char *file = tj_cli_opt_value (argc, argv, "--json");
  const char *new_edits_opt = tj_cli_opt_value (argc, argv, "--new-edits");
  gboolean new_edits = TRUE;
  JsonArray *batch;
  TjStore *store;

  if (file == NULL)
    return tj_cli_usage ("%s", _(doc_usage));
  if (new_edits_opt)
    {
      if (g_strcmp0 (new_edits_opt, "false") == 0)
        new_edits = FALSE;
      else if (g_strcmp0 (new_edits_opt, "true") != 0)
        return tj_cli_usage (_("--new-edits takes true or false"));
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
doc_get (TjCli  *cli,
         int     argc,
         char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  TjGetFlags flags = TJ_GET_NONE;
  TjStore *store;

  if (argc < 3 || argv[2][0] == '-')
    return tj_cli_usage ("%s", _(doc_usage));
  if (tj_cli_opt_flag (argc, argv, "--conflicts"))
    flags |= TJ_GET_CONFLICTS | TJ_GET_DELETED_CONFLICTS;
  if (tj_cli_opt_flag (argc, argv, "--revs"))
    flags |= TJ_GET_REVS;
  if (tj_cli_opt_flag (argc, argv, "--attachments"))
    flags |= TJ_GET_ATTACHMENTS;
  if (tj_cli_opt_flag (argc, argv, "--deleted"))
    flags |= TJ_GET_DELETED;

  store = tj_cli_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  doc = tj_store_get (store, argv[2], tj_cli_opt_value (argc, argv, "--rev"), flags, &error);
  if (doc == NULL)
    return tj_cli_fail (error);
  tj_cli_print_object (doc);
  return TJ_EXIT_OK;
}

static int
doc_delete (TjCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rev = NULL;
  g_autoptr(JsonObject) result = NULL;
  const char *base = tj_cli_opt_value (argc, argv, "--rev");
  TjStore *store;

  if (argc < 3 || argv[2][0] == '-' || base == NULL)
    return tj_cli_usage ("%s", _(doc_usage));
  store = tj_cli_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  rev = tj_store_delete (store, argv[2], base, &error);
  if (rev == NULL)
    return tj_cli_fail (error);
  result = json_object_new ();
  json_object_set_boolean_member (result, "ok", TRUE);
  json_object_set_string_member (result, "id", argv[2]);
  json_object_set_string_member (result, "rev", rev);
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

static int
doc_changes (TjCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) changes = NULL;
  gint64 since = 0, limit = 0;
  TjStore *store;

  if (!tj_cli_opt_count (argc, argv, "--since", &since, &error) ||
      !tj_cli_opt_count (argc, argv, "--limit", &limit, &error))
    return tj_cli_fail (error);
  store = tj_cli_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  changes = tj_store_changes (store, since, (guint) MIN (limit, G_MAXUINT), &error);
  if (changes == NULL)
    return tj_cli_fail (error);
  tj_cli_print_object (changes);
  return TJ_EXIT_OK;
}

static int
doc_conflicts (TjCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) out = json_node_new (JSON_NODE_ARRAY);
  JsonArray *conflicts;
  TjStore *store;

  store = tj_cli_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  conflicts = tj_store_list_conflicts (store, &error);
  if (conflicts == NULL)
    return tj_cli_fail (error);
  json_node_take_array (out, conflicts);
  tj_cli_print_json (out);
  return TJ_EXIT_OK;
}

/* The organisation printed on papers: the preferences (when the schema is
 * installed: organisation-name, mediator-name, arbitration-commission,
 * court), then --organisation FILE (JSON: name, mediator, address, phone,
 * court, arbitration_commission) over them. */
static JsonObject *
papers_organisation (int      argc,
                     char   **argv,
                     GError **error)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
  g_autoptr(JsonObject) org = json_object_new ();
  const char *file = tj_cli_opt_value (argc, argv, "--organisation");

  if (schema)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autofree char *name = g_settings_get_string (settings, "organisation-name");
      g_autofree char *mediator = g_settings_get_string (settings, "mediator-name");
      g_autofree char *commission = g_settings_get_string (settings, "arbitration-commission");
      g_autofree char *court = g_settings_get_string (settings, "court");
      json_object_set_string_member (org, "name", name);
      if (*mediator)
        json_object_set_string_member (org, "mediator", mediator);
      if (*commission)
        json_object_set_string_member (org, "arbitration_commission", commission);
      if (*court)
        json_object_set_string_member (org, "court", court);
    }
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

static void
papers_context (int            argc,
                char         **argv,
                TjCaseContext *ctx)
{
  static char *actor;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  tj_case_context_init_defaults (ctx);
  if (schema)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_clear_pointer (&actor, g_free);
      actor = g_settings_get_string (settings, "mediator-name");
      ctx->actor = actor;
      ctx->flag_min_workers = g_settings_get_uint (settings, "flag-min-workers");
      ctx->flag_min_amount_fen = g_settings_get_int64 (settings, "flag-min-amount-fen");
    }
  if (tj_cli_opt_value (argc, argv, "--actor"))
    ctx->actor = tj_cli_opt_value (argc, argv, "--actor");
  if (g_getenv ("TIAOJIE_TODAY"))
    ctx->today = g_getenv ("TIAOJIE_TODAY");
}

static int
doc_templates (TjCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) out = json_node_new (JSON_NODE_ARRAY);
  JsonArray *list = tj_docgen_list_templates (&error);

  if (list == NULL)
    return tj_cli_fail (error);
  json_node_take_array (out, list);
  tj_cli_print_json (out);
  return TJ_EXIT_OK;
}

static int
doc_render (TjCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) org = NULL;
  g_autoptr(JsonObject) paper = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *case_id = tj_cli_opt_value (argc, argv, "--case");
  const char *name = tj_cli_opt_value (argc, argv, "--template");
  const char *format = tj_cli_opt_value (argc, argv, "--format");
  const char *out = tj_cli_opt_value (argc, argv, "--out");
  TjCaseContext ctx;
  TjStore *store;

  if (case_id == NULL || name == NULL || out == NULL)
    return tj_cli_usage ("%s", _(doc_papers_usage));
  if (format == NULL)
    format = g_str_has_suffix (out, ".docx") ? "docx" : "pdf";
  if (strcmp (format, "pdf") != 0 && strcmp (format, "docx") != 0)
    return tj_cli_usage (_("--format must be pdf or docx, not “%s”"), format);

  papers_context (argc, argv, &ctx);
  org = papers_organisation (argc, argv, &error);
  if (org == NULL)
    return tj_cli_fail (error);
  store = tj_cli_store (cli, &error);
  if (store == NULL || !tj_case_attach (store, &error))
    return tj_cli_fail (error);
  paper = tj_papers_generate (store, &ctx, org, case_id, name, format, &error);
  if (paper == NULL)
    return tj_cli_fail (error);
  bytes = tj_papers_get_file (store, tj_json_get_string (paper, "id", ""), NULL, NULL, &error);
  if (bytes == NULL)
    return tj_cli_fail (error);

  if (strcmp (out, "-") == 0)
    {
      fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout);
      fflush (stdout);
      return TJ_EXIT_OK;
    }
  {
    g_autoptr(GError) write_error = NULL;
    if (!g_file_set_contents (out, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &write_error))
      {
        g_set_error (&error, TJ_ERROR, TJ_ERROR_FAILED, "%s", write_error->message);
        return tj_cli_fail (error);
      }
  }
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
doc_list (TjCli  *cli,
          int     argc,
          char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) out = json_node_new (JSON_NODE_ARRAY);
  const char *case_id = tj_cli_opt_value (argc, argv, "--case");
  JsonArray *list;
  TjStore *store;

  if (case_id == NULL)
    return tj_cli_usage ("%s", _(doc_papers_usage));
  store = tj_cli_store (cli, &error);
  if (store == NULL || !tj_case_attach (store, &error))
    return tj_cli_fail (error);
  list = tj_papers_list (store, case_id, &error);
  if (list == NULL)
    return tj_cli_fail (error);
  json_node_take_array (out, list);
  tj_cli_print_json (out);
  return TJ_EXIT_OK;
}

int
tj_cli_doc (TjCli  *cli,
            int     argc,
            char  **argv)
{
  static const struct {
    const char *name;
    int (*func) (TjCli *, int, char **);
  } commands[] = {
    { "put", doc_put },
    { "get", doc_get },
    { "delete", doc_delete },
    { "changes", doc_changes },
    { "conflicts", doc_conflicts },
    { "templates", doc_templates },
    { "render", doc_render },
    { "list", doc_list },
  };

  if (argc >= 2)
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      if (strcmp (argv[1], commands[i].name) == 0)
        return commands[i].func (cli, argc, argv);
  return tj_cli_usage ("%s\n%s", _(doc_usage), _(doc_papers_usage));
}
