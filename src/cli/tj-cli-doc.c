/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli doc put|get|delete|changes|conflicts: the raw document store. */

#include <string.h>

#include "tj-cli-private.h"
#include "tj-i18n.h"
#include "tj-json.h"

static const char doc_usage[] =
  N_("Usage: tiaojie-cli doc COMMAND\n"
     "  put [--new-edits=false] --json FILE|-   write a document (or a batch: {\"docs\": […]})\n"
     "  get ID [--rev REV] [--conflicts] [--revs] [--attachments] [--deleted]\n"
     "  delete ID --rev REV\n"
     "  changes [--since N] [--limit N]\n"
     "  conflicts");


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
  };

  if (argc >= 2)
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      if (strcmp (argv[1], commands[i].name) == 0)
        return commands[i].func (cli, argc, argv);
  return tj_cli_usage ("%s", _(doc_usage));
}
