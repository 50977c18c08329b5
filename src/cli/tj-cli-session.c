/* SPDX-License-Identifier: GPL-3.0-or-later */
/* tiaojie-cli session …: guided separate-then-joint mediation sessions. */

#include <string.h>

#include "tj-case.h"
#include "tj-cli-private.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-offer-chart.h"
#include "tj-session.h"

static const char session_usage[] =
  N_("Usage: tiaojie-cli session COMMAND\n"
     "  start --case ID --kind separate|joint [--party PARTY_ID | --side worker|employer]\n"
     "        [--date YYYY-MM-DD] [--time HH:MM] [--place TEXT] [--step STEP]\n"
     "  note SESSION_ID --text T [--visibility caucus|joint] [--category note|position|interest]\n"
     "        [--side worker|employer]\n"
     "  note-update NOTE_ID --text T        autosave: rewrite the note's text\n"
     "  release NOTE_ID [--consent-of PARTY_ID|worker|employer]\n"
     "  offer SESSION_ID --by PARTY_ID|worker|employer|both --issue wages_owed|economic_compensation|\n"
     "        payment_date|other (--amount-fen N | --amount 12,000 | --date D | --text T)\n"
     "        [--label L] [--reason T] [--round N] [--visibility joint|caucus]\n"
     "  update SESSION_ID --json FILE|-       step, schedule, participants, attendance, checklist\n"
     "  timer SESSION_ID start|pause|reset\n"
     "  end SESSION_ID --outcome agreed|failed|continue [--reason T] [--terms FILE|-]\n"
     "  cancel SESSION_ID --reason T         a scheduled session that did not take place\n"
     "  show SESSION_ID                      the mediator's view, caucus notes included\n"
     "  list CASE_ID\n"
     "  joint CASE_ID                        the joint view: shared content only\n"
     "  present CASE_ID                      \"show to parties\": large-text items\n"
     "  figures CASE_ID [--private]          demands, offers and gaps per issue\n"
     "  interests CASE_ID                    positions and interests per side (caucus)\n"
     "  chart CASE_ID --out FILE.png [--width N] [--height N] [--dark] [--private]\n"
     "  guidance STEP [--case ID]\n"
     "  guidance --check FILE                check an organisation's guidance file\n"
     "  upcoming [--from YYYY-MM-DD] [--days N]\n"
     "  next-steps CASE_ID");

/* The mediator's name for the timeline comes from the preferences when the
 * schema is installed; --actor and TIAOJIE_TODAY (tests) override. */
static void
session_context (int            argc,
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

static TjStore *
session_store (TjCli   *cli,
               GError **error)
{
  TjStore *store = tj_cli_store (cli, error);
  if (store && !tj_case_attach (store, error))
    return NULL;
  return store;
}

/* The positional argument after the command, or NULL. */
static const char *
positional (int    argc,
            char **argv)
{
  return argc >= 3 && argv[2][0] != '-' ? argv[2] : NULL;
}

/* @error is read after @out was computed (argument evaluation order is
 * unspecified, so it is passed by reference). */
static int
print_result (JsonObject  *out,
              GError     **error)
{
  if (out == NULL)
    return tj_cli_fail (*error);
  tj_cli_print_object (out);
  json_object_unref (out);
  return TJ_EXIT_OK;
}

static int
print_array (JsonArray  *out,
             GError    **error)
{
  g_autoptr(JsonNode) node = NULL;
  if (out == NULL)
    return tj_cli_fail (*error);
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_take_array (node, out);
  tj_cli_print_json (node);
  return TJ_EXIT_OK;
}

static int
cmd_start (TjCli         *cli,
           TjCaseContext *ctx,
           int            argc,
           char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  const char *case_id = tj_cli_opt_value (argc, argv, "--case");
  const char *kind = tj_cli_opt_value (argc, argv, "--kind");
  static const struct { const char *opt, *member; } opts[] = {
    { "--party", "party_id" }, { "--side", "party_side" }, { "--date", "scheduled_on" },
    { "--time", "scheduled_time" }, { "--place", "place" }, { "--step", "step" },
  };
  TjStore *store;

  if (case_id == NULL || kind == NULL)
    return tj_cli_usage ("%s", _(session_usage));
  json_object_set_string_member (input, "case_id", case_id);
  json_object_set_string_member (input, "kind", kind);
  for (guint i = 0; i < G_N_ELEMENTS (opts); i++)
    if (tj_cli_opt_value (argc, argv, opts[i].opt))
      json_object_set_string_member (input, opts[i].member, tj_cli_opt_value (argc, argv, opts[i].opt));
  store = session_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  /* For today (no --date, or today's): the meeting runs now and ends the
   * one before it, as in the session window. */
  return print_result (tj_session_start_meeting (store, ctx, input, &error), &error);
}

static int
cmd_note (TjCli         *cli,
          TjCaseContext *ctx,
          int            argc,
          char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  const char *id = positional (argc, argv);
  const char *text = tj_cli_opt_value (argc, argv, "--text");
  TjStore *store;

  if (id == NULL || text == NULL)
    return tj_cli_usage ("%s", _(session_usage));
  json_object_set_string_member (input, "text", text);
  if (tj_cli_opt_value (argc, argv, "--visibility"))
    json_object_set_string_member (input, "visibility", tj_cli_opt_value (argc, argv, "--visibility"));
  if (tj_cli_opt_value (argc, argv, "--category"))
    json_object_set_string_member (input, "category", tj_cli_opt_value (argc, argv, "--category"));
  if (tj_cli_opt_value (argc, argv, "--side"))
    json_object_set_string_member (input, "party_side", tj_cli_opt_value (argc, argv, "--side"));
  store = session_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  return print_result (tj_session_note_add (store, ctx, id, input, &error), &error);
}

static int
cmd_note_update (TjCli         *cli,
                 TjCaseContext *ctx,
                 int            argc,
                 char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  const char *id = positional (argc, argv);
  const char *text = tj_cli_opt_value (argc, argv, "--text");
  TjStore *store;

  if (id == NULL || text == NULL)
    return tj_cli_usage ("%s", _(session_usage));
  store = session_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  if (!tj_session_note_update (store, id, text, &error))
    return tj_cli_fail (error);
  out = json_object_new ();
  json_object_set_string_member (out, "id", id);
  json_object_set_string_member (out, "text", text);
  tj_cli_print_object (out);
  return TJ_EXIT_OK;
}

static int
cmd_release (TjCli         *cli,
             TjCaseContext *ctx,
             int            argc,
             char         **argv)
{
  g_autoptr(GError) error = NULL;
  const char *id = positional (argc, argv);
  TjStore *store;

  if (id == NULL)
    return tj_cli_usage ("%s", _(session_usage));
  store = session_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  return print_result (tj_session_release_note (store, ctx, id, tj_cli_opt_value (argc, argv, "--consent-of"),
                                                &error), &error);
}

static int
cmd_offer (TjCli         *cli,
           TjCaseContext *ctx,
           int            argc,
           char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  const char *id = positional (argc, argv);
  const char *by = tj_cli_opt_value (argc, argv, "--by");
  const char *issue = tj_cli_opt_value (argc, argv, "--issue");
  static const struct { const char *opt, *member; } texts[] = {
    { "--date", "date" }, { "--text", "text" }, { "--label", "label" }, { "--reason", "reason" },
    { "--visibility", "visibility" },
  };
  TjStore *store;

  if (id == NULL || by == NULL || issue == NULL)
    return tj_cli_usage ("%s", _(session_usage));
  json_object_set_string_member (input, "by", by);
  json_object_set_string_member (input, "issue", issue);
  if (tj_cli_opt_value (argc, argv, "--amount-fen"))
    {
      gint64 fen;
      if (!tj_cli_opt_count (argc, argv, "--amount-fen", &fen, &error))
        return tj_cli_fail (error);
      json_object_set_int_member (input, "amount_fen", fen);
    }
  else if (tj_cli_opt_value (argc, argv, "--amount"))
    {
      /* What a mediator types: "12,000", "1.2万", "¥3000". */
      gint64 fen;
      if (!tj_money_parse (tj_cli_opt_value (argc, argv, "--amount"), &fen, &error))
        return tj_cli_fail (error);
      json_object_set_int_member (input, "amount_fen", fen);
    }
  if (tj_cli_opt_value (argc, argv, "--round"))
    {
      gint64 round;
      if (!tj_cli_opt_count (argc, argv, "--round", &round, &error))
        return tj_cli_fail (error);
      json_object_set_int_member (input, "round", round);
    }
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (tj_cli_opt_value (argc, argv, texts[i].opt))
      json_object_set_string_member (input, texts[i].member, tj_cli_opt_value (argc, argv, texts[i].opt));
  store = session_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  return print_result (tj_session_offer_add (store, ctx, id, input, &error), &error);
}

static int
cmd_update (TjCli         *cli,
            TjCaseContext *ctx,
            int            argc,
            char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) patch = NULL;
  const char *id = positional (argc, argv);
  const char *file = tj_cli_opt_value (argc, argv, "--json");
  TjStore *store;

  if (id == NULL || file == NULL)
    return tj_cli_usage ("%s", _(session_usage));
  patch = tj_cli_read_json (file, &error);
  if (patch == NULL)
    return tj_cli_fail (error);
  store = session_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  return print_result (tj_session_update (store, ctx, id, patch, &error), &error);
}

static int
cmd_timer (TjCli         *cli,
           TjCaseContext *ctx,
           int            argc,
           char         **argv)
{
  g_autoptr(GError) error = NULL;
  const char *id = positional (argc, argv);
  TjStore *store;

  if (id == NULL || argc < 4)
    return tj_cli_usage ("%s", _(session_usage));
  store = session_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  return print_result (tj_session_timer (store, id, argv[3], NULL, &error), &error);
}

static int
cmd_end (TjCli         *cli,
         TjCaseContext *ctx,
         int            argc,
         char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) terms = NULL;
  const char *id = positional (argc, argv);
  const char *outcome = tj_cli_opt_value (argc, argv, "--outcome");
  const char *file = tj_cli_opt_value (argc, argv, "--terms");
  TjStore *store;

  if (id == NULL || outcome == NULL)
    return tj_cli_usage ("%s", _(session_usage));
  if (file)
    {
      terms = tj_cli_read_json (file, &error);
      if (terms == NULL)
        return tj_cli_fail (error);
    }
  store = session_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  return print_result (tj_session_end (store, ctx, id, outcome, tj_cli_opt_value (argc, argv, "--reason"),
                                       terms, &error), &error);
}

static int
cmd_cancel (TjCli         *cli,
            TjCaseContext *ctx,
            int            argc,
            char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  const char *id = positional (argc, argv);
  const char *reason = tj_cli_opt_value (argc, argv, "--reason");
  TjStore *store;

  if (id == NULL || reason == NULL)
    return tj_cli_usage ("%s", _(session_usage));
  store = session_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  if (!tj_session_cancel (store, ctx, id, reason, &error))
    return tj_cli_fail (error);
  out = json_object_new ();
  json_object_set_string_member (out, "id", id);
  json_object_set_boolean_member (out, "cancelled", TRUE);
  tj_cli_print_object (out);
  return TJ_EXIT_OK;
}

static int
cmd_show (TjCli         *cli,
          TjCaseContext *ctx,
          int            argc,
          char         **argv)
{
  g_autoptr(GError) error = NULL;
  const char *id = positional (argc, argv);
  const char *what = argv[1];
  TjStore *store;

  if (id == NULL)
    return tj_cli_usage ("%s", _(session_usage));
  store = session_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  if (g_str_equal (what, "show"))
    return print_result (tj_session_show (store, ctx, id, &error), &error);
  if (g_str_equal (what, "joint"))
    return print_result (tj_session_joint_view (store, ctx, id, &error), &error);
  if (g_str_equal (what, "present"))
    return print_result (tj_session_presentation_model (store, ctx, id, &error), &error);
  if (g_str_equal (what, "interests"))
    {
      g_autoptr(JsonObject) c = tj_case_show (store, ctx, id, &error);
      if (c == NULL)
        return tj_cli_fail (error);
      return print_result (tj_session_interests (store, id, &error), &error);
    }
  if (g_str_equal (what, "next-steps"))
    return print_array (tj_session_next_steps (store, ctx, id, &error), &error);
  if (g_str_equal (what, "figures"))
    {
      /* Not found is an error, not an empty list of figures. */
      g_autoptr(JsonObject) c = tj_case_show (store, ctx, id, &error);
      if (c == NULL)
        return tj_cli_fail (error);
      return print_result (tj_session_figures (store, id, tj_cli_opt_flag (argc, argv, "--private"), &error), &error);
    }
  {
    g_autoptr(JsonObject) c = tj_case_show (store, ctx, id, &error);
    if (c == NULL)
      return tj_cli_fail (error);
    return print_array (tj_session_list (store, id, &error), &error);
  }
}

static int
cmd_chart (TjCli         *cli,
           TjCaseContext *ctx,
           int            argc,
           char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonObject) figures = NULL;
  g_autoptr(JsonObject) out = NULL;
  const char *id = positional (argc, argv);
  const char *file = tj_cli_opt_value (argc, argv, "--out");
  gint64 width = 800, height = 0;
  TjStore *store;
  guint panels = 0;
  JsonArray *list;

  if (id == NULL || file == NULL)
    return tj_cli_usage ("%s", _(session_usage));
  if (!tj_cli_opt_count (argc, argv, "--width", &width, &error) ||
      !tj_cli_opt_count (argc, argv, "--height", &height, &error))
    return tj_cli_fail (error);
  store = session_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  c = tj_case_show (store, ctx, id, &error);
  if (c == NULL)
    return tj_cli_fail (error);
  /* The shared figures unless the mediator asks for the private view: a
   * chart is easily put on a screen the parties see. */
  figures = tj_session_figures (store, id, tj_cli_opt_flag (argc, argv, "--private"), &error);
  if (figures == NULL)
    return tj_cli_fail (error);
  list = tj_json_get_array (figures, "issues");
  for (guint i = 0; i < json_array_get_length (list); i++)
    if (!g_str_equal (tj_json_get_string (json_array_get_object_element (list, i), "unit", ""), "text"))
      panels++;
  if (height == 0)
    height = 60 + 240 * MAX (panels, 1);
  if (!tj_offer_chart_write_png (figures, (int) MIN (width, 100000), (int) MIN (height, 100000),
                                 tj_cli_opt_flag (argc, argv, "--dark"), file, &error))
    return tj_cli_fail (error);
  out = json_object_new ();
  json_object_set_string_member (out, "file", file);
  json_object_set_int_member (out, "width", width);
  json_object_set_int_member (out, "height", height);
  json_object_set_int_member (out, "issues", panels);
  tj_cli_print_object (out);
  return TJ_EXIT_OK;
}

static int
cmd_guidance (TjCli         *cli,
              TjCaseContext *ctx,
              int            argc,
              char         **argv)
{
  g_autoptr(GError) error = NULL;
  const char *step = positional (argc, argv);
  const char *case_id = tj_cli_opt_value (argc, argv, "--case");
  const char *check = tj_cli_opt_value (argc, argv, "--check");
  TjStore *store = NULL;

  if (check)
    {
      /* Lets an organisation try its file before putting it in place. */
      g_autoptr(JsonObject) parsed = tj_session_guidance_load_file (check, &error);
      JsonObject *out;
      JsonArray *steps;
      if (parsed == NULL)
        return tj_cli_fail (error);
      out = json_object_new ();
      steps = json_array_new ();
      json_object_set_string_member (out, "file", check);
      json_object_set_boolean_member (out, "ok", TRUE);
      if (tj_json_get_object (parsed, "steps"))
        {
          g_autoptr(GList) names = json_object_get_members (tj_json_get_object (parsed, "steps"));
          for (GList *l = names; l; l = l->next)
            json_array_add_string_element (steps, l->data);
        }
      json_object_set_array_member (out, "steps", steps);
      return print_result (out, &error);
    }
  if (step == NULL)
    return tj_cli_usage ("%s", _(session_usage));
  if (case_id)
    {
      store = session_store (cli, &error);
      if (store == NULL)
        return tj_cli_fail (error);
    }
  return print_result (tj_session_guidance (store, ctx, case_id, step, NULL, &error), &error);
}

static int
cmd_upcoming (TjCli         *cli,
              TjCaseContext *ctx,
              int            argc,
              char         **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  const char *from = tj_cli_opt_value (argc, argv, "--from");
  gint64 days = 7;
  TjStore *store;

  if (from == NULL)
    from = ctx->today ? ctx->today : today;
  if (!tj_cli_opt_count (argc, argv, "--days", &days, &error))
    return tj_cli_fail (error);
  store = session_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  return print_array (tj_session_upcoming (store, from, (guint) MIN (days, 3660), &error), &error);
}

int
tj_cli_session (TjCli  *cli,
                int     argc,
                char  **argv)
{
  static const struct {
    const char *name;
    int (*func) (TjCli *, TjCaseContext *, int, char **);
  } commands[] = {
    { "start", cmd_start },
    { "note", cmd_note },
    { "note-update", cmd_note_update },
    { "release", cmd_release },
    { "offer", cmd_offer },
    { "update", cmd_update },
    { "timer", cmd_timer },
    { "end", cmd_end },
    { "cancel", cmd_cancel },
    { "show", cmd_show },
    { "list", cmd_show },
    { "joint", cmd_show },
    { "present", cmd_show },
    { "figures", cmd_show },
    { "interests", cmd_show },
    { "next-steps", cmd_show },
    { "chart", cmd_chart },
    { "guidance", cmd_guidance },
    { "upcoming", cmd_upcoming },
  };
  TjCaseContext ctx;

  if (argc >= 2)
    for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
      if (strcmp (argv[1], commands[i].name) == 0)
        {
          session_context (argc, argv, &ctx);
          return commands[i].func (cli, &ctx, argc, argv);
        }
  return tj_cli_usage ("%s", _(session_usage));
}
