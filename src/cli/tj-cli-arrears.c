/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli roster / settlement / payment / arrears: collective wage
 * arrears from the roster to the last installment. */

#include <stdio.h>
#include <string.h>

#include "tj-arrears.h"
#include "tj-case.h"
#include "tj-cli-private.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-roster.h"
#include "tj-settlement.h"

static const char roster_usage[] =
  N_("Usage: tiaojie-cli roster import --case ID FILE [--dry-run]\n"
     "  FILE: CSV (UTF-8 or GBK) or Excel .xlsx; --dry-run prints the preview and writes nothing");
static const char settlement_usage[] =
  N_("Usage: tiaojie-cli settlement COMMAND\n"
     "  set --case ID --json FILE|-       draft or agree the settlement (replaces the draft)\n"
     "  show --case ID                    the settlement with what is paid, owed and overdue");
static const char payment_usage[] =
  N_("Usage: tiaojie-cli payment add --case ID --json FILE|- [--receipt PHOTO]");
static const char arrears_usage[] =
  N_("Usage: tiaojie-cli arrears COMMAND\n"
     "  list [--sort owed|overdue|due]    open wage arrears across cases, with totals\n"
     "  overdue                           installments past their due date, with the next step");

/* The mediator's name for the timeline comes from preferences when the
 * schema is installed; TIAOJIE_TODAY pins "today" for scripts and tests. */
static void
arrears_context (int            argc,
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
    }
  if (tj_cli_opt_value (argc, argv, "--actor"))
    ctx->actor = tj_cli_opt_value (argc, argv, "--actor");
  if (g_getenv ("TIAOJIE_TODAY"))
    ctx->today = g_getenv ("TIAOJIE_TODAY");
}

static TjStore *
arrears_store (TjCli   *cli,
               GError **error)
{
  TjStore *store = tj_cli_store (cli, error);
  if (store && !tj_arrears_attach (store, error))
    return NULL;
  return store;
}

/* The first argument after the command that is neither an option nor an
 * option's value. */
static const char *
positional (int    argc,
            char **argv)
{
  static const char * const with_value[] = { "--case", "--json", "--actor", "--sort", "--receipt", NULL };

  for (int i = 2; i < argc; i++)
    {
      if (g_strv_contains (with_value, argv[i]))
        i++;
      else if (!g_str_has_prefix (argv[i], "--"))
        return argv[i];
    }
  return NULL;
}

/* ------------------------------------------------------------------ */

int
tj_cli_roster (TjCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *data = NULL;
  const char *case_id = tj_cli_opt_value (argc, argv, "--case");
  const char *file = positional (argc, argv);
  gboolean dry_run = tj_cli_opt_flag (argc, argv, "--dry-run");
  TjCaseContext ctx;
  TjStore *store;
  gsize length = 0;

  if (argc < 2 || strcmp (argv[1], "import") != 0 || case_id == NULL || file == NULL)
    return tj_cli_usage ("%s", _(roster_usage));
  data = tj_cli_read_file (file, &length, &error);
  if (data == NULL)
    return tj_cli_fail (error);
  store = arrears_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  arrears_context (argc, argv, &ctx);

  if (dry_run)
    {
      JsonArray *errors;
      result = tj_roster_preview (store, case_id, data, length, file, &error);
      if (result == NULL)
        return tj_cli_fail (error);
      tj_cli_print_object (result);
      errors = tj_json_get_array (result, "errors");
      if (json_array_get_length (errors) > 0)
        {
          /* Scripts see from the exit code that the import would fail. */
          fprintf (stderr, "tiaojie-cli: %s\n",
                   g_dngettext (GETTEXT_PACKAGE, "the roster has a bad row; nothing would be imported",
                                "the roster has bad rows; nothing would be imported",
                                json_array_get_length (errors)));
          return TJ_EXIT_INVALID;
        }
      return TJ_EXIT_OK;
    }
  result = tj_roster_import (store, &ctx, case_id, data, length, file, &error);
  if (result == NULL)
    return tj_cli_fail (error);
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

int
tj_cli_settlement (TjCli  *cli,
                   int     argc,
                   char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = NULL;
  const char *case_id = tj_cli_opt_value (argc, argv, "--case");
  TjCaseContext ctx;
  TjStore *store;

  if (argc < 2 || case_id == NULL)
    return tj_cli_usage ("%s", _(settlement_usage));
  arrears_context (argc, argv, &ctx);

  if (strcmp (argv[1], "set") == 0)
    {
      const char *file = tj_cli_opt_value (argc, argv, "--json");
      g_autoptr(JsonObject) input = NULL;

      if (file == NULL)
        return tj_cli_usage ("%s", _(settlement_usage));
      input = tj_cli_read_json (file, &error);
      if (input == NULL)
        return tj_cli_fail (error);
      store = arrears_store (cli, &error);
      if (store == NULL)
        return tj_cli_fail (error);
      result = tj_settlement_set (store, &ctx, case_id, input, &error);
    }
  else if (strcmp (argv[1], "show") == 0)
    {
      store = arrears_store (cli, &error);
      if (store == NULL)
        return tj_cli_fail (error);
      result = tj_settlement_get (store, &ctx, case_id, &error);
    }
  else
    return tj_cli_usage ("%s", _(settlement_usage));
  if (result == NULL)
    return tj_cli_fail (error);
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

int
tj_cli_payment (TjCli  *cli,
                int     argc,
                char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) result = NULL;
  const char *case_id = tj_cli_opt_value (argc, argv, "--case");
  const char *file = tj_cli_opt_value (argc, argv, "--json");
  const char *photo = tj_cli_opt_value (argc, argv, "--receipt");
  TjCaseContext ctx;
  TjStore *store;

  if (argc < 2 || strcmp (argv[1], "add") != 0 || case_id == NULL || file == NULL)
    return tj_cli_usage ("%s", _(payment_usage));
  input = tj_cli_read_json (file, &error);
  if (input == NULL)
    return tj_cli_fail (error);
  if (photo)
    {
      gsize length = 0;
      g_autofree char *bytes = tj_cli_read_file (photo, &length, &error);
      g_autofree char *type = NULL;
      g_autofree char *mime = NULL;
      g_autofree char *b64 = NULL;
      g_autofree char *base = g_path_get_basename (photo);
      JsonObject *receipt;

      if (bytes == NULL)
        return tj_cli_fail (error);
      type = g_content_type_guess (photo, (const guchar *) bytes, length, NULL);
      mime = g_content_type_get_mime_type (type);
      b64 = g_base64_encode ((const guchar *) bytes, length);
      receipt = json_object_new ();
      json_object_set_string_member (receipt, "content_type", mime ? mime : "application/octet-stream");
      json_object_set_string_member (receipt, "data", b64);
      json_object_set_string_member (receipt, "filename", base);
      json_object_set_object_member (input, "receipt", receipt);
    }
  store = arrears_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  arrears_context (argc, argv, &ctx);
  result = tj_payment_add (store, &ctx, case_id, input, &error);
  if (result == NULL)
    return tj_cli_fail (error);
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

int
tj_cli_arrears (TjCli  *cli,
                int     argc,
                char  **argv)
{
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;
  TjStore *store;

  if (argc < 2)
    return tj_cli_usage ("%s", _(arrears_usage));
  arrears_context (argc, argv, &ctx);

  if (strcmp (argv[1], "list") == 0)
    {
      g_autoptr(JsonObject) result = NULL;
      const char *sort = tj_cli_opt_value (argc, argv, "--sort");

      if (sort && !g_strv_contains ((const char *[]) { "owed", "overdue", "due", NULL }, sort))
        return tj_cli_usage (_("--sort takes owed, overdue or due"));
      store = arrears_store (cli, &error);
      if (store == NULL)
        return tj_cli_fail (error);
      result = tj_arrears_list (store, sort, ctx.today, &error);
      if (result == NULL)
        return tj_cli_fail (error);
      tj_cli_print_object (result);
      return TJ_EXIT_OK;
    }
  if (strcmp (argv[1], "overdue") == 0)
    {
      g_autoptr(JsonArray) rows = NULL;
      g_autoptr(JsonNode) node = NULL;

      store = arrears_store (cli, &error);
      if (store == NULL)
        return tj_cli_fail (error);
      rows = tj_arrears_overdue (store, ctx.today, &error);
      if (rows == NULL)
        return tj_cli_fail (error);
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_set_array (node, rows);
      tj_cli_print_json (node);
      return TJ_EXIT_OK;
    }
  return tj_cli_usage ("%s", _(arrears_usage));
}
