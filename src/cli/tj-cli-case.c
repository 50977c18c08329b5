/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli case … and consultation …: intake, search, status, timeline. */

#include <string.h>

#include "tj-audit.h"
#include "tj-case.h"
#include "tj-centre.h"
#include "tj-cli-private.h"
#include "tj-consent.h"
#include "tj-consultation.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-reveal.h"
#include "tj-validate.h"

static int
case_add (TjCli     *cli,
          TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *centre_code = NULL;
  TjCaseContext ctx;
  TjStore *store;

  input = tj_cli_read_json (tj_cli_opt (args, "json"), &error);
  if (input == NULL)
    return tj_cli_fail (error);
  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  tj_context_fill_case_context (cli->context, &ctx);
  if (tj_cli_opt (args, "station") && tj_centre_is_centre (store))
    {
      /* At a centre --station names the station the case is dispatched
       * to (派单); the number is the centre's own, from the preferences. */
      GSettings *settings = tj_context_get_settings (cli->context);

      centre_code = settings ? g_settings_get_string (settings, "station-code") : g_strdup ("");
      ctx.station_code = centre_code;
      result = tj_centre_dispatch (store, &ctx, tj_cli_opt (args, "station"), input, &error);
    }
  else
    result = tj_case_add (store, &ctx, input, &error);
  return tj_cli_print_result (result, error);
}

static int
case_list (TjCli     *cli,
           TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  TjCaseQuery q;
  gint64 limit = 50, offset = 0, within = -1;
  g_autoptr(JsonArray) rows = NULL;
  TjStore *store;

  tj_case_query_init (&q);
  tj_context_fill_case_query (cli->context, &q);
  q.query = tj_cli_opt (args, "query");
  q.status = tj_cli_opt (args, "status");
  q.kind = tj_cli_opt (args, "kind");
  q.source = tj_cli_opt (args, "source");
  q.sort = tj_cli_opt (args, "sort");
  q.flagged_only = tj_cli_flag (args, "flagged");
  if (q.sort && !g_strv_contains ((const char *[]) { "received", "deadline", "amount", NULL }, q.sort))
    return tj_cli_usage_error (args, _("--sort takes received, deadline or amount"));
  if (!tj_cli_count (args, "limit", &limit, &error) ||
      !tj_cli_count (args, "offset", &offset, &error) ||
      !tj_cli_count (args, "deadline-within", &within, &error))
    return tj_cli_fail (error);
  q.limit = (guint) CLAMP (limit, 1, 100000);
  q.offset = (guint) MIN (offset, G_MAXUINT);
  q.deadline_within = (int) MIN (within, 36500);

  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  rows = tj_case_list (store, &q, &error);
  return tj_cli_print_array_result (rows, error);
}

static int
case_show (TjCli     *cli,
           TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) c = NULL;
  TjCaseContext ctx;
  TjStore *store;

  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  tj_context_fill_case_context (cli->context, &ctx);
  c = tj_case_show (store, &ctx, tj_cli_arg (args, 0), &error);
  if (c == NULL)
    return tj_cli_fail (error);
  /* Personal numbers are masked unless asked for with a reason, which is
   * recorded (tj-audit.h) before anything is printed. */
  if (!tj_reveal_case (store, &ctx, c, tj_cli_opt (args, "reveal"), &error))
    return tj_cli_fail (error);
  tj_cli_print_object (c);
  return TJ_EXIT_OK;
}

/* The worker's consent to the use of their data, in the preferences'
 * wording unless --wording gives it. */
static int
case_consent (TjCli     *cli,
              TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *id = NULL;
  g_autofree char *preferred = NULL;
  const char *wording = tj_cli_opt (args, "wording");
  TjCaseContext ctx;
  TjStore *store;

  if (wording == NULL)
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;
      if (schema && g_settings_schema_has_key (schema, "consent-wording"))
        {
          g_autoptr(GSettings) settings = g_settings_new (APP_ID);
          preferred = g_settings_get_string (settings, "consent-wording");
        }
      wording = preferred && *preferred ? preferred : tj_consent_default_wording ();
    }
  tj_context_fill_case_context (cli->context, &ctx);
  if ((store = tj_cli_case_store (cli, &error)) == NULL)
    return tj_cli_fail (error);
  id = tj_consent_record (store, &ctx, tj_cli_arg (args, 0), wording, tj_cli_opt (args, "given-by"), &error);
  if (id == NULL)
    return tj_cli_fail (error);
  out = tj_consent_summary (store, tj_cli_arg (args, 0), &error);
  return tj_cli_print_result (out, error);
}

/* The one way to see one masked number in full (tj_reveal()), for a party
 * of a case or a consultation: ID FIELD --reason R prints {id, field, value}.
 * @fields_usage names the fields the caller's record has. */
static int
reveal_command (TjCli      *cli,
                TjCliArgs  *args,
                const char *fields_usage)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *value = NULL;
  const char *field = tj_cli_arg (args, 1);
  TjCaseContext ctx;
  TjStore *store;

  if (!tj_reveal_field_known (field))
    return tj_cli_usage_error (args, fields_usage, field);
  tj_context_fill_case_context (cli->context, &ctx);
  if ((store = tj_cli_case_store (cli, &error)) == NULL)
    return tj_cli_fail (error);
  value = tj_reveal (store, &ctx, tj_cli_arg (args, 0), field, tj_cli_opt (args, "reason"), &error);
  if (value == NULL)
    return tj_cli_fail (error);
  out = json_object_new ();
  json_object_set_string_member (out, "id", tj_cli_arg (args, 0));
  json_object_set_string_member (out, "field", field);
  json_object_set_string_member (out, "value", value);
  tj_cli_print_object (out);
  return TJ_EXIT_OK;
}

static int
case_reveal (TjCli     *cli,
             TjCliArgs *args)
{
  return reveal_command (cli, args, _("FIELD is phone, id_number, bank_account or address, not “%s”"));
}

/* The workers of a case as CSV, masked unless --reveal says why. */
static int
case_export (TjCli     *cli,
             TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(TjCliOutput) output = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *dest = tj_cli_opt (args, "out");
  const char *reason = tj_cli_opt (args, "reveal");
  TjCaseContext ctx;
  TjStore *store;

  tj_context_fill_case_context (cli->context, &ctx);
  if ((output = tj_cli_output_open (dest, &error)) == NULL)
    return tj_cli_fail (error);
  if ((store = tj_cli_case_store (cli, &error)) == NULL)
    return tj_cli_fail (error);
  bytes = tj_case_export_workers_csv (store, &ctx, tj_cli_arg (args, 0), reason, &error);
  if (bytes == NULL ||
      !tj_cli_output_write (output, bytes, &error) ||
      !tj_cli_output_finish (output, &error))
    return tj_cli_fail (error);
  out = json_object_new ();
  json_object_set_string_member (out, "out", dest);
  json_object_set_boolean_member (out, "masked", reason == NULL);
  tj_cli_print_object (out);
  return TJ_EXIT_OK;
}

static int
case_status (TjCli     *cli,
             TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  const char *id = tj_cli_arg (args, 0);
  const char *status = tj_cli_arg (args, 1);
  TjCaseContext ctx;
  TjStore *store;

  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  tj_context_fill_case_context (cli->context, &ctx);
  if (!tj_case_set_status (store, &ctx, id, status, tj_cli_opt (args, "reason"),
                           tj_cli_opt (args, "to"), &error))
    return tj_cli_fail (error);
  out = json_object_new ();
  json_object_set_string_member (out, "id", id);
  json_object_set_string_member (out, "status", status);
  tj_cli_print_object (out);
  return TJ_EXIT_OK;
}

static int
case_import (TjCli     *cli,
             TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *data = NULL;
  TjCaseContext ctx;
  TjStore *store;
  gsize length = 0;

  data = tj_cli_read_file (tj_cli_opt (args, "csv"), &length, &error);
  if (data == NULL)
    return tj_cli_fail (error);
  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  tj_context_fill_case_context (cli->context, &ctx);
  out = tj_case_import_csv (store, &ctx, data, length, &error);
  return tj_cli_print_result (out, error);
}

static int
case_timeline (TjCli     *cli,
               TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) c = NULL;
  const char *id = tj_cli_arg (args, 0);
  TjCaseContext ctx;
  g_autoptr(JsonArray) events = NULL;
  TjStore *store;

  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  tj_context_fill_case_context (cli->context, &ctx);
  /* Not found is an error, not an empty timeline. */
  c = tj_case_show (store, &ctx, id, &error);
  if (c == NULL)
    return tj_cli_fail (error);
  events = tj_case_timeline_full (store, id, &error);
  return tj_cli_print_array_result (events, error);
}

static int
case_related (TjCli     *cli,
              TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonArray) rows = NULL;
  TjStore *store;

  input = tj_cli_read_json (tj_cli_opt (args, "json"), &error);
  if (input == NULL)
    return tj_cli_fail (error);
  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  rows = tj_case_find_related (store, input, tj_cli_opt (args, "except"), &error);
  return tj_cli_print_array_result (rows, error);
}

/* The contractor chain in legal order with who pays (liable_first);
 * --json replaces the whole chain first ({"chain": [links top-down]}: a
 * link with the "id" of a stored one keeps it, others are added, the
 * stored ones left out are removed). */
static int
case_chain (TjCli     *cli,
            TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) out = json_object_new ();
  const char *id = tj_cli_arg (args, 0);
  const char *file = tj_cli_opt (args, "json");
  TjCaseContext ctx;
  TjStore *store;

  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  tj_context_fill_case_context (cli->context, &ctx);
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
      if (!tj_case_set_chain (store, &ctx, id, json_node_get_array (chain), &error))
        return tj_cli_fail (error);
    }
  shown = tj_case_show (store, &ctx, id, &error);
  if (shown == NULL)
    return tj_cli_fail (error);
  json_object_set_string_member (out, "id", id);
  json_object_set_array_member (out, "chain", json_array_ref (tj_json_get_array (shown, "chain")));
  if (tj_json_get_object (shown, "liable_first"))
    json_object_set_object_member (out, "liable_first", json_object_ref (tj_json_get_object (shown, "liable_first")));
  tj_cli_print_object (out);
  return TJ_EXIT_OK;
}

/* update, party add|edit, claim add|edit: a JSON input on top of an id;
 * the command's name says which. */
static int
case_edit (TjCli     *cli,
           TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) out = json_object_new ();
  g_autofree char *new_id = NULL;
  const char *what = tj_cli_command_name (args);
  const char *target = tj_cli_arg (args, 0);
  TjCaseContext ctx;
  TjStore *store;

  input = tj_cli_read_json (tj_cli_opt (args, "json"), &error);
  if (input == NULL)
    return tj_cli_fail (error);
  tj_context_fill_case_context (cli->context, &ctx);
  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);

  if (g_str_equal (what, "update"))
    {
      if (tj_case_update (store, &ctx, target, input, &error))
        new_id = g_strdup (target);
    }
  else if (g_str_equal (what, "party add"))
    {
      const char *role = tj_cli_opt (args, "role");
      new_id = tj_case_add_party (store, &ctx, target, role ? role : "worker", input, &error);
    }
  else if (g_str_equal (what, "party edit"))
    {
      if (tj_case_update_party (store, &ctx, target, input, &error))
        new_id = g_strdup (target);
    }
  else if (g_str_equal (what, "claim edit"))
    {
      if (tj_case_update_claim (store, &ctx, target, input, &error))
        new_id = g_strdup (target);
    }
  else
    new_id = tj_case_add_claim (store, &ctx, target, input, &error);
  if (new_id == NULL)
    return tj_cli_fail (error);
  json_object_set_string_member (out, "id", new_id);
  tj_cli_print_object (out);
  return TJ_EXIT_OK;
}

/* party delete, claim delete: the id of what goes, and why it may not. */
static int
case_delete (TjCli      *cli,
             TjCliArgs  *args,
             gboolean    party)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = json_object_new ();
  const char *target = tj_cli_arg (args, 0);
  TjCaseContext ctx;
  TjStore *store;
  gboolean ok;

  tj_context_fill_case_context (cli->context, &ctx);
  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  ok = party ? tj_case_delete_party (store, &ctx, target, &error)
             : tj_case_delete_claim (store, &ctx, target, &error);
  if (!ok)
    return tj_cli_fail (error);
  json_object_set_string_member (out, "id", target);
  json_object_set_boolean_member (out, "deleted", TRUE);
  tj_cli_print_object (out);
  return TJ_EXIT_OK;
}

static int
case_party_delete (TjCli     *cli,
                   TjCliArgs *args)
{
  return case_delete (cli, args, TRUE);
}

static int
case_claim_delete (TjCli     *cli,
                   TjCliArgs *args)
{
  return case_delete (cli, args, FALSE);
}

static int
case_evidence_add (TjCli     *cli,
                   TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *type = NULL;
  g_autofree char *mime = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *path = tj_cli_arg (args, 1);
  TjCaseContext ctx;
  TjStore *store;
  gsize len = 0;
  gboolean uncertain;

  /* The file's name is stored with it and guides its type. */
  if (g_str_equal (path, "-"))
    return tj_cli_usage_error (args, _("The evidence must be a file, not standard input"));
  contents = tj_cli_read_file (path, &len, &error);
  if (contents == NULL)
    return tj_cli_fail (error);
  tj_context_fill_case_context (cli->context, &ctx);
  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  type = g_content_type_guess (path, (const guchar *) contents, len, &uncertain);
  mime = g_content_type_get_mime_type (type);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), len);
  new_id = tj_case_add_evidence (store, &ctx, tj_cli_arg (args, 0), path, mime, bytes,
                                 tj_cli_opt (args, "description"), &error);
  if (new_id == NULL)
    return tj_cli_fail (error);
  out = json_object_new ();
  json_object_set_string_member (out, "id", new_id);
  tj_cli_print_object (out);
  return TJ_EXIT_OK;
}

static int
case_evidence_list (TjCli     *cli,
                    TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  TjStore *store;

  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  rows = tj_case_list_evidence (store, tj_cli_arg (args, 0), &error);
  return tj_cli_print_array_result (rows, error);
}

static int
case_evidence_get (TjCli     *cli,
                   TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(TjCliOutput) output = NULL;
  g_autofree char *name = NULL;
  g_autofree char *type = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *dest = tj_cli_opt (args, "out");
  TjStore *store;

  if ((output = tj_cli_output_open (dest, &error)) == NULL)
    return tj_cli_fail (error);
  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  bytes = tj_case_get_evidence (store, tj_cli_arg (args, 0), &name, &type, &error);
  if (bytes == NULL ||
      !tj_cli_output_write (output, bytes, &error) ||
      !tj_cli_output_finish (output, &error))
    return tj_cli_fail (error);
  out = json_object_new ();
  json_object_set_string_member (out, "filename", name);
  json_object_set_string_member (out, "content_type", type);
  json_object_set_string_member (out, "out", dest);
  tj_cli_print_object (out);
  return TJ_EXIT_OK;
}

#define JSON_INPUT(d) TJ_CLI_REQUIRED_OPTION ("json", "FILE|-", d)
#define REVEAL(d) TJ_CLI_VALUE_OPTION ("reveal", "REASON", d)
#define STATION TJ_CLI_VALUE_OPTION ("station", "CODE", N_("The station code in case numbers (default: the preferences)"))

static const TjCliCommand case_commands[] = {
  { .name = "add", .summary = N_("Take in a case (case interchange JSON); at a centre, --station dispatches "
                                  "it to that station"), .run = case_add,
    .options = {
      JSON_INPUT (N_("The case as JSON, from FILE or standard input (-)")),
      TJ_CLI_ACTOR_OPTION,
      TJ_CLI_VALUE_OPTION ("station", "CODE", N_("The station code in case numbers (default: the preferences); "
                                                 "at a centre, the station the case is dispatched to")),
    } },
  { .name = "list", .summary = N_("Find cases; lists carry no ID numbers or phones"), .run = case_list,
    .options = {
      TJ_CLI_VALUE_OPTION ("query", "Q", N_("Names (also of 1 or 2 characters), ID or phone fragments, case numbers")),
      TJ_CLI_VALUE_OPTION ("status", "STATUS", N_("Only cases with this status")),
      TJ_CLI_VALUE_OPTION ("kind", "KIND", N_("Only cases of this kind")),
      TJ_CLI_VALUE_OPTION ("source", "SOURCE", N_("Only cases from this source")),
      TJ_CLI_FLAG_OPTION ("flagged", N_("Only cases flagged for early warning")),
      TJ_CLI_VALUE_OPTION ("deadline-within", "DAYS", N_("Only cases whose mediation limit ends within DAYS")),
      TJ_CLI_VALUE_OPTION ("sort", "received|deadline|amount", N_("The order of the rows")),
      TJ_CLI_VALUE_OPTION ("limit", "N", N_("At most N rows")),
      TJ_CLI_VALUE_OPTION ("offset", "N", N_("Skip the first N rows")),
    } },
  { .name = "show", .arguments = "ID", .min_args = 1, .max_args = 1,
    .summary = N_("A case with its parties, totals, flags and deadlines"), .run = case_show,
    .options = {
      REVEAL (N_("Show ID numbers, phones, addresses and bank accounts in full, for this reason (recorded)")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "consent", .arguments = "ID", .min_args = 1, .max_args = 1,
    .summary = N_("Record that the worker agreed to the use of their data (PIPL §29)"), .run = case_consent,
    .options = {
      TJ_CLI_VALUE_OPTION ("wording", "TEXT", N_("What the worker was told (default: the preferences)")),
      TJ_CLI_VALUE_OPTION ("given-by", "NAME", N_("Who agreed")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "reveal", .arguments = "PARTY_ID FIELD", .min_args = 2, .max_args = 2,
    .summary = N_("A party’s phone, ID number, bank account or address in full (recorded)"), .run = case_reveal,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("reason", "TEXT", N_("Why it is shown, for the access log")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "export", .arguments = "ID", .min_args = 1, .max_args = 1,
    .summary = N_("The case’s workers as CSV, ID numbers and phones masked (recorded)"), .run = case_export,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("out", "FILE", N_("Where to write the file")),
      REVEAL (N_("Write ID numbers and phones in full, for this reason (recorded)")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "status", .arguments = "ID STATUS", .min_args = 2, .max_args = 2,
    .summary = N_("Move a case to another status"), .run = case_status,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("reason", "TEXT", N_("Why, for the timeline")),
      TJ_CLI_VALUE_OPTION ("to", "arbitration|court|labour_inspection|legal_aid", N_("Where a referred case goes")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "import", .summary = N_("Cases from a spreadsheet (UTF-8 or GBK), all or nothing"), .run = case_import,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("csv", "FILE|-", N_("The CSV file, one row per worker")),
      TJ_CLI_ACTOR_OPTION, STATION,
    } },
  { .name = "timeline", .arguments = "ID", .min_args = 1, .max_args = 1,
    .summary = N_("The case’s timeline, newest first: who, when, why"), .run = case_timeline },
  { .name = "related", .summary = N_("Earlier cases with the same employer or worker"), .run = case_related,
    .options = {
      JSON_INPUT (N_("The case as JSON, from FILE or standard input (-)")),
      TJ_CLI_VALUE_OPTION ("except", "ID", N_("Leave this case out")),
    } },
  { .name = "update", .arguments = "ID", .min_args = 1, .max_args = 1,
    .summary = N_("Change case details (null removes one)"), .run = case_edit,
    .options = {
      JSON_INPUT (N_("The changes as JSON, from FILE or standard input (-)")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "party add", .arguments = "ID", .min_args = 1, .max_args = 1,
    .summary = N_("Add a party to a case"), .run = case_edit,
    .options = {
      JSON_INPUT (N_("The party as JSON, from FILE or standard input (-)")),
      TJ_CLI_VALUE_OPTION ("role", "ROLE", N_("worker (the default), employer, a contractor-chain role or agent")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "party edit", .arguments = "PARTY_ID", .min_args = 1, .max_args = 1,
    .summary = N_("Change a party, or its role (\"role\" in the JSON)"), .run = case_edit,
    .options = {
      JSON_INPUT (N_("The changes as JSON, from FILE or standard input (-)")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "party delete", .arguments = "PARTY_ID", .min_args = 1, .max_args = 1,
    .summary = N_("Delete a party entered by mistake (refused while the settlement or a payment names it)"),
    .run = case_party_delete,
    .options = { TJ_CLI_ACTOR_OPTION } },
  { .name = "chain", .arguments = "ID", .min_args = 1, .max_args = 1,
    .summary = N_("The contractor chain in legal order and who pays; with --json, replace it"),
    .run = case_chain,
    .options = {
      TJ_CLI_VALUE_OPTION ("json", "FILE|-", N_("The whole chain as JSON, top-down, from FILE or standard input (-)")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "claim add", .arguments = "ID", .min_args = 1, .max_args = 1,
    .summary = N_("Add a claim to a case"), .run = case_edit,
    .options = {
      JSON_INPUT (N_("The claim as JSON, from FILE or standard input (-)")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "claim edit", .arguments = "CLAIM_ID", .min_args = 1, .max_args = 1,
    .summary = N_("Change a claim: kind, amount_fen, description"), .run = case_edit,
    .options = {
      JSON_INPUT (N_("The changes as JSON, from FILE or standard input (-)")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "claim delete", .arguments = "CLAIM_ID", .min_args = 1, .max_args = 1,
    .summary = N_("Delete a claim"), .run = case_claim_delete,
    .options = { TJ_CLI_ACTOR_OPTION } },
  { .name = "evidence add", .arguments = "ID FILE", .min_args = 2, .max_args = 2,
    .summary = N_("Attach a file of evidence to a case"), .run = case_evidence_add,
    .options = {
      TJ_CLI_VALUE_OPTION ("description", "TEXT", N_("What the file shows")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "evidence list", .arguments = "ID", .min_args = 1, .max_args = 1,
    .summary = N_("The evidence of a case"), .run = case_evidence_list },
  { .name = "evidence get", .arguments = "EVIDENCE_ID", .min_args = 1, .max_args = 1,
    .summary = N_("Copy a file of evidence out"), .run = case_evidence_get,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("out", "FILE", N_("Where to write the file")),
    } },
};

const TjCliGroup tj_cli_case_group = {
  "case", N_("Cases: add, list, show, status, import, timeline, related"),
  case_commands, G_N_ELEMENTS (case_commands),
};

static int
consultation_add (TjCli     *cli,
                  TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) out = NULL;
  TjCaseContext ctx;
  TjStore *store;

  tj_context_fill_case_context (cli->context, &ctx);
  input = tj_cli_read_json (tj_cli_opt (args, "json"), &error);
  if (input == NULL || (store = tj_cli_case_store (cli, &error)) == NULL)
    return tj_cli_fail (error);
  out = tj_consultation_add (store, &ctx, input, &error);
  return tj_cli_print_result (out, error);
}

static int
consultation_list (TjCli     *cli,
                   TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  gint64 limit = 0;
  g_autoptr(JsonArray) rows = NULL;
  TjStore *store;

  if (!tj_cli_count (args, "limit", &limit, &error) ||
      (store = tj_cli_case_store (cli, &error)) == NULL)
    return tj_cli_fail (error);
  rows = tj_consultation_list (store, tj_cli_opt (args, "query"), (guint) MIN (limit, G_MAXUINT), &error);
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
  tj_cli_print_array (rows);
  return TJ_EXIT_OK;
}

static int
consultation_convert (TjCli     *cli,
                      TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(JsonObject) out = NULL;
  const char *file = tj_cli_opt (args, "json");
  TjCaseContext ctx;
  TjStore *store;

  tj_context_fill_case_context (cli->context, &ctx);
  if (file && (extra = tj_cli_read_json (file, &error)) == NULL)
    return tj_cli_fail (error);
  if ((store = tj_cli_case_store (cli, &error)) == NULL)
    return tj_cli_fail (error);
  out = tj_consultation_convert (store, &ctx, tj_cli_arg (args, 0), extra, &error);
  return tj_cli_print_result (out, error);
}

static int
consultation_reveal (TjCli     *cli,
                     TjCliArgs *args)
{
  return reveal_command (cli, args, _("FIELD is phone or id_number, not “%s”"));
}

static const TjCliCommand consultation_commands[] = {
  { .name = "add", .summary = N_("Record a consultation"), .run = consultation_add,
    .options = {
      JSON_INPUT (N_("The consultation as JSON, from FILE or standard input (-)")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "list", .summary = N_("Consultations, newest first; phones and ID numbers masked"),
    .run = consultation_list,
    .options = {
      TJ_CLI_VALUE_OPTION ("query", "Q", N_("Worker’s name or phone, employer, problem")),
      TJ_CLI_VALUE_OPTION ("limit", "N", N_("At most N rows")),
    } },
  { .name = "convert", .arguments = "ID", .min_args = 1, .max_args = 1,
    .summary = N_("Open a case from a consultation, keeping everything entered"), .run = consultation_convert,
    .options = {
      TJ_CLI_VALUE_OPTION ("json", "FILE|-", N_("Case details to add, as JSON")),
      TJ_CLI_ACTOR_OPTION, STATION,
    } },
  { .name = "reveal", .arguments = "ID FIELD", .min_args = 2, .max_args = 2,
    .summary = N_("The worker’s phone or ID number in full (lists mask them; recorded)"), .run = consultation_reveal,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("reason", "TEXT", N_("Why it is shown, for the access log")),
      TJ_CLI_ACTOR_OPTION,
    } },
};

const TjCliGroup tj_cli_consultation_group = {
  "consultation", N_("Evening-clinic consultations: add, list, convert, reveal"),
  consultation_commands, G_N_ELEMENTS (consultation_commands),
};

/* ------------------------------------------------------------------ */
/* audit                                                                */

static int
audit_list (TjCli     *cli,
            TjCliArgs *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) rows = NULL;
  TjStore *store;

  if (tj_cli_flag (args, "json") && tj_cli_flag (args, "text"))
    return tj_cli_usage_error (args, _("--json and --text cannot be used together"));
  if ((store = tj_cli_case_store (cli, &error)) == NULL)
    return tj_cli_fail (error);
  rows = tj_audit_list (store, tj_cli_opt (args, "case"), tj_cli_opt (args, "from"), tj_cli_opt (args, "to"), &error);
  if (rows == NULL)
    return tj_cli_fail (error);
  if (tj_cli_flag (args, "text"))
    {
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *row = json_array_get_object_element (rows, i);
          printf ("%s\t%s\t%s\n", tj_json_get_string (row, "at", ""), tj_json_get_string (row, "text", ""),
                  tj_json_get_string (row, "reason", ""));
        }
    }
  else
    tj_cli_print_array (rows);
  return TJ_EXIT_OK;
}

static const TjCliCommand audit_commands[] = {
  { .name = "list", .summary = N_("The access log: reveals, exports, prints, imports and deletions, newest first"),
    .run = audit_list,
    .options = {
      TJ_CLI_VALUE_OPTION ("case", "ID", N_("Only the entries of this case")),
      TJ_CLI_VALUE_OPTION ("from", "YYYY-MM-DD", N_("Only entries on or after this day")),
      TJ_CLI_VALUE_OPTION ("to", "YYYY-MM-DD", N_("Only entries on or before this day")),
      TJ_CLI_FLAG_OPTION ("json", N_("JSON (the default)")),
      TJ_CLI_FLAG_OPTION ("text", N_("One line per entry, for reading")),
    } },
};

const TjCliGroup tj_cli_audit_group = {
  "audit", N_("The access log (PIPL §51): who revealed, exported, printed, imported or deleted what, and why"),
  audit_commands, G_N_ELEMENTS (audit_commands),
};
