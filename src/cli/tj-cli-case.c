/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli case … and consultation …: intake, search, status, timeline. */

#include <string.h>

#include "tj-case.h"
#include "tj-cli-private.h"
#include "tj-consultation.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-validate.h"

static const char case_usage[] =
  N_("Usage: tiaojie-cli case COMMAND\n"
     "  add --json FILE|-                 take in a case (case interchange JSON)\n"
     "  list [--query Q] [--status S] [--kind K] [--source S] [--flagged]\n"
     "       [--deadline-within DAYS] [--sort received|deadline|amount] [--limit N] [--offset N]\n"
     "  show ID\n"
     "  status ID NEW --reason TEXT [--to arbitration|court|labour_inspection|legal_aid]\n"
     "  import --csv FILE                 cases from a spreadsheet (UTF-8 or GBK), all or nothing\n"
     "  timeline ID\n"
     "  related --json FILE|-             earlier cases with the same employer or worker\n"
     "  update ID --json FILE|-           change case details (null removes one)\n"
     "  party add ID --role ROLE --json FILE|-\n"
     "  party edit PARTY_ID --json FILE|-\n"
     "  chain ID [--json FILE|-]          the contractor chain and who pays; with --json\n"
     "                                    ({\"chain\": […]}, top-down) replace it\n"
     "  claim add ID --json FILE|-\n"
     "  evidence add ID FILE [--description TEXT]\n"
     "  evidence list ID\n"
     "  evidence get EVIDENCE_ID --out FILE");

static const char consultation_usage[] =
  N_("Usage: tiaojie-cli consultation COMMAND\n"
     "  add --json FILE|-\n"
     "  list [--query Q] [--limit N]\n"
     "  convert ID [--json FILE|-]        open a case from it, keeping everything entered");

/* Preferences that shape case numbers and early warnings come from
 * GSettings when the schema is installed; options override them. */
static void
case_context (TjCli         *cli,
              int            argc,
              char         **argv,
              TjCaseContext *ctx)
{
  static char *station, *pattern, *actor;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  tj_case_context_init_defaults (ctx);
  if (schema)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_clear_pointer (&station, g_free);
      g_clear_pointer (&pattern, g_free);
      g_clear_pointer (&actor, g_free);
      station = g_settings_get_string (settings, "station-code");
      pattern = g_settings_get_string (settings, "case-number-pattern");
      actor = g_settings_get_string (settings, "mediator-name");
      ctx->station_code = station;
      if (*pattern)
        ctx->number_pattern = pattern;
      ctx->actor = actor;
      ctx->flag_min_workers = g_settings_get_uint (settings, "flag-min-workers");
      ctx->flag_min_amount_fen = g_settings_get_int64 (settings, "flag-min-amount-fen");
    }
  if (tj_cli_opt_value (argc, argv, "--station"))
    ctx->station_code = tj_cli_opt_value (argc, argv, "--station");
  if (tj_cli_opt_value (argc, argv, "--actor"))
    ctx->actor = tj_cli_opt_value (argc, argv, "--actor");
  if (g_getenv ("TIAOJIE_TODAY"))
    ctx->today = g_getenv ("TIAOJIE_TODAY");
}

static TjStore *
case_store (TjCli   *cli,
            GError **error)
{
  TjStore *store = tj_cli_store (cli, error);
  if (store && !tj_case_attach (store, error))
    return NULL;
  return store;
}

static int
case_add (TjCli  *cli,
          int     argc,
          char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) result = NULL;
  const char *file = tj_cli_opt_value (argc, argv, "--json");
  TjCaseContext ctx;
  TjStore *store;

  if (file == NULL)
    return tj_cli_usage ("%s", _(case_usage));
  input = tj_cli_read_json (file, &error);
  if (input == NULL)
    return tj_cli_fail (error);
  store = case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  case_context (cli, argc, argv, &ctx);
  result = tj_case_add (store, &ctx, input, &error);
  if (result == NULL)
    return tj_cli_fail (error);
  tj_cli_print_object (result);
  return TJ_EXIT_OK;
}

static int
case_list (TjCli  *cli,
           int     argc,
           char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) out = json_node_new (JSON_NODE_ARRAY);
  TjCaseQuery q;
  TjCaseContext ctx;
  gint64 limit = 50, offset = 0, within = -1;
  JsonArray *rows;
  TjStore *store;

  tj_case_query_init (&q);
  case_context (cli, argc, argv, &ctx);
  q.query = tj_cli_opt_value (argc, argv, "--query");
  q.status = tj_cli_opt_value (argc, argv, "--status");
  q.kind = tj_cli_opt_value (argc, argv, "--kind");
  q.source = tj_cli_opt_value (argc, argv, "--source");
  q.sort = tj_cli_opt_value (argc, argv, "--sort");
  q.flagged_only = tj_cli_opt_flag (argc, argv, "--flagged");
  q.flag_min_workers = ctx.flag_min_workers;
  q.flag_min_amount_fen = ctx.flag_min_amount_fen;
  q.today = ctx.today;
  if (!tj_cli_opt_count (argc, argv, "--limit", &limit, &error) ||
      !tj_cli_opt_count (argc, argv, "--offset", &offset, &error) ||
      (tj_cli_opt_value (argc, argv, "--deadline-within") &&
       !tj_cli_opt_count (argc, argv, "--deadline-within", &within, &error)))
    return tj_cli_fail (error);
  if (q.sort && !g_strv_contains ((const char *[]) { "received", "deadline", "amount", NULL }, q.sort))
    return tj_cli_usage (_("--sort takes received, deadline or amount"));
  q.limit = (guint) CLAMP (limit, 1, 100000);
  q.offset = (guint) MIN (offset, G_MAXUINT);
  q.deadline_within = (int) MIN (within, 36500);

  store = case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  rows = tj_case_list (store, &q, &error);
  if (rows == NULL)
    return tj_cli_fail (error);
  json_node_take_array (out, rows);
  tj_cli_print_json (out);
  return TJ_EXIT_OK;
}

static int
case_show (TjCli  *cli,
           int     argc,
           char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) c = NULL;
  TjCaseContext ctx;
  TjStore *store;

  if (argc < 3 || argv[2][0] == '-')
    return tj_cli_usage ("%s", _(case_usage));
  store = case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  case_context (cli, argc, argv, &ctx);
  c = tj_case_show (store, &ctx, argv[2], &error);
  if (c == NULL)
    return tj_cli_fail (error);
  tj_cli_print_object (c);
  return TJ_EXIT_OK;
}

static int
case_status (TjCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  const char *reason = tj_cli_opt_value (argc, argv, "--reason");
  TjCaseContext ctx;
  TjStore *store;

  if (argc < 4 || argv[2][0] == '-' || argv[3][0] == '-' || reason == NULL)
    return tj_cli_usage ("%s", _(case_usage));
  store = case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  case_context (cli, argc, argv, &ctx);
  if (!tj_case_set_status (store, &ctx, argv[2], argv[3], reason,
                           tj_cli_opt_value (argc, argv, "--to"), &error))
    return tj_cli_fail (error);
  out = json_object_new ();
  json_object_set_string_member (out, "id", argv[2]);
  json_object_set_string_member (out, "status", argv[3]);
  tj_cli_print_object (out);
  return TJ_EXIT_OK;
}

static int
case_import (TjCli  *cli,
             int     argc,
             char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *data = NULL;
  const char *file = tj_cli_opt_value (argc, argv, "--csv");
  TjCaseContext ctx;
  TjStore *store;
  gsize length = 0;

  if (file == NULL)
    return tj_cli_usage ("%s", _(case_usage));
  data = tj_cli_read_file (file, &length, &error);
  if (data == NULL)
    return tj_cli_fail (error);
  store = case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  case_context (cli, argc, argv, &ctx);
  out = tj_case_import_csv (store, &ctx, data, length, &error);
  if (out == NULL)
    return tj_cli_fail (error);
  tj_cli_print_object (out);
  return TJ_EXIT_OK;
}

static int
case_timeline (TjCli  *cli,
               int     argc,
               char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) out = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonObject) c = NULL;
  TjCaseContext ctx;
  JsonArray *events;
  TjStore *store;

  if (argc < 3 || argv[2][0] == '-')
    return tj_cli_usage ("%s", _(case_usage));
  store = case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  case_context (cli, argc, argv, &ctx);
  /* Not found is an error, not an empty timeline. */
  c = tj_case_show (store, &ctx, argv[2], &error);
  if (c == NULL)
    return tj_cli_fail (error);
  events = tj_case_timeline (store, argv[2], &error);
  if (events == NULL)
    return tj_cli_fail (error);
  json_node_take_array (out, events);
  tj_cli_print_json (out);
  return TJ_EXIT_OK;
}

static int
case_related (TjCli  *cli,
              int     argc,
              char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonNode) out = json_node_new (JSON_NODE_ARRAY);
  const char *file = tj_cli_opt_value (argc, argv, "--json");
  JsonArray *rows;
  TjStore *store;

  if (file == NULL)
    return tj_cli_usage ("%s", _(case_usage));
  input = tj_cli_read_json (file, &error);
  if (input == NULL)
    return tj_cli_fail (error);
  store = case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  rows = tj_case_find_related (store, input, tj_cli_opt_value (argc, argv, "--except"), &error);
  if (rows == NULL)
    return tj_cli_fail (error);
  json_node_take_array (out, rows);
  tj_cli_print_json (out);
  return TJ_EXIT_OK;
}

/* The contractor chain in legal order with who pays (liable_first);
 * --json replaces the whole chain first ({"chain": [links top-down]}: a
 * link with the "id" of a stored one keeps it, others are added, the
 * stored ones left out are removed). */
static int
case_chain (TjCli  *cli,
            int     argc,
            char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) out = json_object_new ();
  const char *file = tj_cli_opt_value (argc, argv, "--json");
  TjCaseContext ctx;
  TjStore *store;

  if (argc < 3 || argv[2][0] == '-')
    return tj_cli_usage ("%s", _(case_usage));
  store = case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  case_context (cli, argc, argv, &ctx);
  if (file)
    {
      g_autoptr(JsonObject) input = tj_cli_read_json (file, &error);
      JsonNode *chain;
      if (input == NULL)
        return tj_cli_fail (error);
      chain = json_object_get_member (input, "chain");
      if (chain == NULL || !JSON_NODE_HOLDS_ARRAY (chain))
        {
          g_set_error (&error, TJ_ERROR, TJ_ERROR_INVALID, _("chain: must be a list"));
          return tj_cli_fail (error);
        }
      if (!tj_case_set_chain (store, &ctx, argv[2], json_node_get_array (chain), &error))
        return tj_cli_fail (error);
    }
  shown = tj_case_show (store, &ctx, argv[2], &error);
  if (shown == NULL)
    return tj_cli_fail (error);
  json_object_set_string_member (out, "id", argv[2]);
  json_object_set_array_member (out, "chain", json_array_ref (tj_json_get_array (shown, "chain")));
  if (tj_json_get_object (shown, "liable_first"))
    json_object_set_object_member (out, "liable_first", json_object_ref (tj_json_get_object (shown, "liable_first")));
  tj_cli_print_object (out);
  return TJ_EXIT_OK;
}

/* update, party add|edit, claim add, evidence add|list|get */
static int
case_edit (TjCli  *cli,
           int     argc,
           char  **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) out = json_object_new ();
  g_autofree char *new_id = NULL;
  const char *file = tj_cli_opt_value (argc, argv, "--json");
  const char *what = argv[1];
  const char *sub = argc > 2 ? argv[2] : "";
  gboolean two_words = g_str_equal (what, "party") || g_str_equal (what, "claim") || g_str_equal (what, "evidence");
  const char *target = two_words ? (argc > 3 ? argv[3] : NULL) : sub;
  TjCaseContext ctx;
  TjStore *store;

  if (target == NULL || *target == '\0' || target[0] == '-')
    return tj_cli_usage ("%s", _(case_usage));
  case_context (cli, argc, argv, &ctx);
  store = case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);

  if (g_str_equal (what, "evidence") && g_str_equal (sub, "list"))
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      JsonArray *rows = tj_case_list_evidence (store, target, &error);
      if (rows == NULL)
        return tj_cli_fail (error);
      json_node_take_array (node, rows);
      tj_cli_print_json (node);
      return TJ_EXIT_OK;
    }
  if (g_str_equal (what, "evidence") && g_str_equal (sub, "get"))
    {
      const char *dest = tj_cli_opt_value (argc, argv, "--out");
      g_autofree char *name = NULL;
      g_autofree char *type = NULL;
      g_autoptr(GBytes) bytes = NULL;
      if (dest == NULL)
        return tj_cli_usage ("%s", _(case_usage));
      bytes = tj_case_get_evidence (store, target, &name, &type, &error);
      if (bytes == NULL)
        return tj_cli_fail (error);
      if (!g_file_set_contents (dest, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error))
        return tj_cli_fail (error);
      json_object_set_string_member (out, "filename", name);
      json_object_set_string_member (out, "content_type", type);
      json_object_set_string_member (out, "out", dest);
      tj_cli_print_object (out);
      return TJ_EXIT_OK;
    }
  if (g_str_equal (what, "evidence") && g_str_equal (sub, "add"))
    {
      const char *path = argc > 4 ? argv[4] : NULL;
      g_autofree char *contents = NULL;
      g_autofree char *type = NULL;
      g_autoptr(GBytes) bytes = NULL;
      gsize len = 0;
      gboolean uncertain;
      if (path == NULL || path[0] == '-')
        return tj_cli_usage ("%s", _(case_usage));
      contents = tj_cli_read_file (path, &len, &error);
      if (contents == NULL)
        return tj_cli_fail (error);
      type = g_content_type_guess (path, (const guchar *) contents, len, &uncertain);
      {
        g_autofree char *mime = g_content_type_get_mime_type (type);
        bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
        new_id = tj_case_add_evidence (store, &ctx, target, path, mime, bytes,
                                       tj_cli_opt_value (argc, argv, "--description"), &error);
      }
    }
  else
    {
      if (file == NULL)
        return tj_cli_usage ("%s", _(case_usage));
      input = tj_cli_read_json (file, &error);
      if (input == NULL)
        return tj_cli_fail (error);
      if (g_str_equal (what, "update"))
        {
          if (!tj_case_update (store, &ctx, target, input, &error))
            return tj_cli_fail (error);
          new_id = g_strdup (target);
        }
      else if (g_str_equal (what, "party") && g_str_equal (sub, "add"))
        {
          const char *role = tj_cli_opt_value (argc, argv, "--role");
          new_id = tj_case_add_party (store, &ctx, target, role ? role : "worker", input, &error);
        }
      else if (g_str_equal (what, "party") && g_str_equal (sub, "edit"))
        {
          if (!tj_case_update_party (store, &ctx, target, input, &error))
            return tj_cli_fail (error);
          new_id = g_strdup (target);
        }
      else if (g_str_equal (what, "claim") && g_str_equal (sub, "add"))
        new_id = tj_case_add_claim (store, &ctx, target, input, &error);
      else
        return tj_cli_usage ("%s", _(case_usage));
    }
  if (new_id == NULL)
    return tj_cli_fail (error);
  json_object_set_string_member (out, "id", new_id);
  tj_cli_print_object (out);
  return TJ_EXIT_OK;
}

int
tj_cli_case (TjCli  *cli,
             int     argc,
             char  **argv)
{
  static const struct {
    const char *name;
    int (*func) (TjCli *, int, char **);
  } commands[] = {
    { "add", case_add },
    { "list", case_list },
    { "show", case_show },
    { "status", case_status },
    { "import", case_import },
    { "timeline", case_timeline },
    { "related", case_related },
    { "update", case_edit },
    { "party", case_edit },
    { "claim", case_edit },
    { "evidence", case_edit },
    { "chain", case_chain },
  };

  if (argc >= 2)
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      if (strcmp (argv[1], commands[i].name) == 0)
        return commands[i].func (cli, argc, argv);
  return tj_cli_usage ("%s", _(case_usage));
}

int
tj_cli_consultation (TjCli  *cli,
                     int     argc,
                     char  **argv)
{
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;
  TjStore *store;
  const char *file = tj_cli_opt_value (argc, argv, "--json");

  if (argc < 2)
    return tj_cli_usage ("%s", _(consultation_usage));
  case_context (cli, argc, argv, &ctx);

  if (strcmp (argv[1], "add") == 0)
    {
      g_autoptr(JsonObject) input = NULL;
      g_autoptr(JsonObject) out = NULL;
      if (file == NULL)
        return tj_cli_usage ("%s", _(consultation_usage));
      input = tj_cli_read_json (file, &error);
      if (input == NULL || (store = case_store (cli, &error)) == NULL)
        return tj_cli_fail (error);
      out = tj_consultation_add (store, &ctx, input, &error);
      if (out == NULL)
        return tj_cli_fail (error);
      tj_cli_print_object (out);
      return TJ_EXIT_OK;
    }
  if (strcmp (argv[1], "list") == 0)
    {
      g_autoptr(JsonNode) out = json_node_new (JSON_NODE_ARRAY);
      gint64 limit = 0;
      JsonArray *rows;
      if (!tj_cli_opt_count (argc, argv, "--limit", &limit, &error) ||
          (store = case_store (cli, &error)) == NULL)
        return tj_cli_fail (error);
      rows = tj_consultation_list (store, tj_cli_opt_value (argc, argv, "--query"),
                                   (guint) MIN (limit, G_MAXUINT), &error);
      if (rows == NULL)
        return tj_cli_fail (error);
      /* Lists mask personal numbers (privacy); the record shows them. */
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *w = tj_json_get_object (json_array_get_object_element (rows, i), "worker");
          if (tj_json_get_string (w, "phone", NULL))
            {
              g_autofree char *m = tj_mask_phone (tj_json_get_string (w, "phone", NULL));
              json_object_set_string_member (w, "phone", m);
            }
          if (tj_json_get_string (w, "id_number", NULL))
            {
              g_autofree char *m = tj_mask_id_number (tj_json_get_string (w, "id_number", NULL));
              json_object_set_string_member (w, "id_number", m);
            }
        }
      json_node_take_array (out, rows);
      tj_cli_print_json (out);
      return TJ_EXIT_OK;
    }
  if (strcmp (argv[1], "convert") == 0 && argc >= 3 && argv[2][0] != '-')
    {
      g_autoptr(JsonObject) extra = NULL;
      g_autoptr(JsonObject) out = NULL;
      if (file && (extra = tj_cli_read_json (file, &error)) == NULL)
        return tj_cli_fail (error);
      if ((store = case_store (cli, &error)) == NULL)
        return tj_cli_fail (error);
      out = tj_consultation_convert (store, &ctx, argv[2], extra, &error);
      if (out == NULL)
        return tj_cli_fail (error);
      tj_cli_print_object (out);
      return TJ_EXIT_OK;
    }
  return tj_cli_usage ("%s", _(consultation_usage));
}
