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

/* tj_cli_print_result() taking @out, for a call written in place. @error
 * is read after @out was computed (argument evaluation order is
 * unspecified, so it is passed by reference). */
static int
print_result (JsonObject  *out,
              GError     **error)
{
  g_autoptr(JsonObject) owned = out;

  return tj_cli_print_result (owned, *error);
}

static int
print_array (JsonArray  *out,
             GError    **error)
{
  g_autoptr(JsonArray) owned = out;

  return tj_cli_print_array_result (owned, *error);
}

static int
cmd_start (TjCli         *cli,
           TjCaseContext *ctx,
           TjCliArgs     *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  const char *case_id = tj_cli_opt (args, "case");
  const char *kind = tj_cli_opt (args, "kind");
  static const struct { const char *opt, *member; } opts[] = {
    { "party", "party_id" }, { "side", "party_side" }, { "date", "scheduled_on" },
    { "time", "scheduled_time" }, { "place", "place" }, { "step", "step" },
  };
  TjStore *store;

  json_object_set_string_member (input, "case_id", case_id);
  json_object_set_string_member (input, "kind", kind);
  for (guint i = 0; i < G_N_ELEMENTS (opts); i++)
    if (tj_cli_opt (args, opts[i].opt))
      json_object_set_string_member (input, opts[i].member, tj_cli_opt (args, opts[i].opt));
  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  /* For today (no --date, or today's): the meeting runs now and ends the
   * one before it, as in the session window. */
  return print_result (tj_session_start_meeting (store, ctx, input, &error), &error);
}

static int
cmd_note (TjCli         *cli,
          TjCaseContext *ctx,
          TjCliArgs     *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  const char *id = tj_cli_arg (args, 0);
  const char *text = tj_cli_opt (args, "text");
  TjStore *store;

  json_object_set_string_member (input, "text", text);
  if (tj_cli_opt (args, "visibility"))
    json_object_set_string_member (input, "visibility", tj_cli_opt (args, "visibility"));
  if (tj_cli_opt (args, "category"))
    json_object_set_string_member (input, "category", tj_cli_opt (args, "category"));
  if (tj_cli_opt (args, "side"))
    json_object_set_string_member (input, "party_side", tj_cli_opt (args, "side"));
  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  return print_result (tj_session_note_add (store, ctx, id, input, &error), &error);
}

static int
cmd_note_update (TjCli         *cli,
                 TjCaseContext *ctx,
                 TjCliArgs     *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  const char *id = tj_cli_arg (args, 0);
  const char *text = tj_cli_opt (args, "text");
  TjStore *store;

  store = tj_cli_case_store (cli, &error);
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
             TjCliArgs     *args)
{
  g_autoptr(GError) error = NULL;
  const char *id = tj_cli_arg (args, 0);
  TjStore *store;

  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  return print_result (tj_session_release_note (store, ctx, id, tj_cli_opt (args, "consent-of"),
                                                &error), &error);
}

static int
cmd_offer (TjCli         *cli,
           TjCaseContext *ctx,
           TjCliArgs     *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  const char *id = tj_cli_arg (args, 0);
  const char *by = tj_cli_opt (args, "by");
  const char *issue = tj_cli_opt (args, "issue");
  static const struct { const char *opt, *member; } texts[] = {
    { "date", "date" }, { "text", "text" }, { "label", "label" }, { "reason", "reason" },
    { "visibility", "visibility" },
  };
  TjStore *store;

  json_object_set_string_member (input, "by", by);
  json_object_set_string_member (input, "issue", issue);
  if (tj_cli_opt (args, "amount-fen"))
    {
      gint64 fen;
      if (!tj_cli_count (args, "amount-fen", &fen, &error))
        return tj_cli_fail (error);
      json_object_set_int_member (input, "amount_fen", fen);
    }
  else if (tj_cli_opt (args, "amount"))
    {
      /* What a mediator types: "12,000", "1.2万", "¥3000". */
      gint64 fen;
      if (!tj_money_parse (tj_cli_opt (args, "amount"), &fen, &error))
        return tj_cli_fail (error);
      json_object_set_int_member (input, "amount_fen", fen);
    }
  if (tj_cli_opt (args, "round"))
    {
      gint64 round;
      if (!tj_cli_count (args, "round", &round, &error))
        return tj_cli_fail (error);
      json_object_set_int_member (input, "round", round);
    }
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (tj_cli_opt (args, texts[i].opt))
      json_object_set_string_member (input, texts[i].member, tj_cli_opt (args, texts[i].opt));
  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  return print_result (tj_session_offer_add (store, ctx, id, input, &error), &error);
}

static int
cmd_update (TjCli         *cli,
            TjCaseContext *ctx,
            TjCliArgs     *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) patch = NULL;
  const char *id = tj_cli_arg (args, 0);
  const char *file = tj_cli_opt (args, "json");
  TjStore *store;

  patch = tj_cli_read_json (file, &error);
  if (patch == NULL)
    return tj_cli_fail (error);
  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  return print_result (tj_session_update (store, ctx, id, patch, &error), &error);
}

static int
cmd_timer (TjCli         *cli,
           TjCaseContext *ctx,
           TjCliArgs     *args)
{
  g_autoptr(GError) error = NULL;
  const char *id = tj_cli_arg (args, 0);
  TjStore *store;

  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  return print_result (tj_session_timer (store, id, tj_cli_arg (args, 1), NULL, &error), &error);
}

static int
cmd_end (TjCli         *cli,
         TjCaseContext *ctx,
         TjCliArgs     *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) terms = NULL;
  const char *id = tj_cli_arg (args, 0);
  const char *outcome = tj_cli_opt (args, "outcome");
  const char *file = tj_cli_opt (args, "terms");
  TjStore *store;

  if (file)
    {
      terms = tj_cli_read_json (file, &error);
      if (terms == NULL)
        return tj_cli_fail (error);
    }
  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  return print_result (tj_session_end (store, ctx, id, outcome, tj_cli_opt (args, "reason"),
                                       terms, &error), &error);
}

static int
cmd_cancel (TjCli         *cli,
            TjCaseContext *ctx,
            TjCliArgs     *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) out = NULL;
  const char *id = tj_cli_arg (args, 0);
  const char *reason = tj_cli_opt (args, "reason");
  TjStore *store;

  store = tj_cli_case_store (cli, &error);
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

/* The audience of --audience (default @fallback); --private is the
 * mediator's. */
static gboolean
audience_of (TjCliArgs   *args,
             gboolean     has_private,
             TjAudience   fallback,
             TjAudience  *audience,
             GError     **error)
{
  const char *text = tj_cli_opt_maybe (args, "audience");

  *audience = fallback;
  if (has_private && tj_cli_flag (args, "private"))
    {
      if (text && !g_str_equal (text, "mediator"))
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("--private is the mediator’s view; it cannot be shown to %s"), text);
          return FALSE;
        }
      *audience = TJ_AUDIENCE_MEDIATOR;
    }
  return text == NULL || tj_audience_from_string (text, audience, error);
}

/* show, list, joint, present, view, figures, interests, next-steps (the
 * command's name says which): each is what one audience may see
 * (tj_session_view()); none filters here. */
static int
cmd_show_view (TjCli         *cli,
               TjCaseContext *ctx,
               TjCliArgs     *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) view = NULL;
  const char *what = tj_cli_command_name (args);
  const char *id = tj_cli_arg (args, 0);
  TjAudience audience = TJ_AUDIENCE_MEDIATOR;
  TjStore *store;

  if (g_str_equal (what, "joint"))
    audience = TJ_AUDIENCE_TABLE;
  else if (g_str_equal (what, "present"))
    audience = TJ_AUDIENCE_PARTIES_SCREEN;
  else if (g_str_equal (what, "figures"))
    audience = TJ_AUDIENCE_TABLE;
  if ((g_str_equal (what, "show") || g_str_equal (what, "view") || g_str_equal (what, "figures")) &&
      !audience_of (args, g_str_equal (what, "figures"), audience, &audience, &error))
    return tj_cli_fail (error);
  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  if (g_str_equal (what, "show"))
    {
      /* A meeting is seen by the mediator or at the table; the parties'
       * screen and documents see the case (session view). */
      if (audience != TJ_AUDIENCE_MEDIATOR && audience != TJ_AUDIENCE_TABLE)
        {
          g_set_error (&error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("audience: a meeting is shown to the mediator or the table; use “session view” for %s"),
                       tj_audience_to_string (audience));
          return tj_cli_fail (error);
        }
      view = tj_session_view (store, ctx, NULL, id, audience, &error);
      if (view == NULL)
        return tj_cli_fail (error);
      return print_result (json_object_ref (tj_json_get_object (view, "session")), &error);
    }
  if (g_str_equal (what, "view"))
    return print_result (tj_session_view (store, ctx, id, tj_cli_opt_maybe (args, "session"), audience, &error),
                         &error);
  if (g_str_equal (what, "joint") || g_str_equal (what, "present"))
    return print_result (tj_session_view (store, ctx, id, NULL, audience, &error), &error);
  if (g_str_equal (what, "interests"))
    {
      /* Positions and interests are told in caucus: the mediator's. */
      view = tj_session_view (store, ctx, id, NULL, TJ_AUDIENCE_MEDIATOR, &error);
      if (view == NULL)
        return tj_cli_fail (error);
      return print_result (json_object_ref (tj_json_get_object (view, "interests")), &error);
    }
  if (g_str_equal (what, "next-steps"))
    return print_array (tj_session_next_steps (store, ctx, id, &error), &error);
  if (g_str_equal (what, "figures"))
    {
      /* Not found is an error, not an empty list of figures. */
      g_autoptr(JsonObject) c = tj_case_show (store, ctx, id, &error);
      if (c == NULL)
        return tj_cli_fail (error);
      return print_result (tj_session_figures (store, id, audience, &error), &error);
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
           TjCliArgs     *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonObject) figures = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autoptr(TjCliOutput) output = NULL;
  g_autoptr(GBytes) png = NULL;
  const char *id = tj_cli_arg (args, 0);
  const char *file = tj_cli_opt (args, "out");
  gint64 width = 800, height = 0;
  TjStore *store;
  guint panels = 0;
  JsonArray *list;

  if (!tj_cli_count (args, "width", &width, &error) ||
      !tj_cli_count (args, "height", &height, &error))
    return tj_cli_fail (error);
  if ((output = tj_cli_output_open (file, &error)) == NULL)
    return tj_cli_fail (error);
  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  c = tj_case_show (store, ctx, id, &error);
  if (c == NULL)
    return tj_cli_fail (error);
  /* The shared figures unless the mediator asks for the private view: a
   * chart is easily put on a screen the parties see. */
  figures = tj_session_figures (store, id, tj_cli_flag (args, "private") ? TJ_AUDIENCE_MEDIATOR : TJ_AUDIENCE_TABLE,
                                &error);
  if (figures == NULL)
    return tj_cli_fail (error);
  list = tj_json_get_array (figures, "issues");
  for (guint i = 0; i < json_array_get_length (list); i++)
    if (!g_str_equal (tj_json_get_string (json_array_get_object_element (list, i), "unit", ""), "text"))
      panels++;
  if (height == 0)
    height = 60 + 240 * MAX (panels, 1);
  png = tj_offer_chart_render_png (figures, (int) MIN (width, 100000), (int) MIN (height, 100000),
                                   tj_cli_flag (args, "dark"), &error);
  if (png == NULL ||
      !tj_cli_output_write (output, png, &error) ||
      !tj_cli_output_finish (output, &error))
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
              TjCliArgs     *args)
{
  g_autoptr(GError) error = NULL;
  const char *step = tj_cli_arg (args, 0);
  const char *case_id = tj_cli_opt (args, "case");
  const char *check = tj_cli_opt (args, "check");
  TjStore *store = NULL;

  if (check && step)
    return tj_cli_usage_error (args, _("--check takes no step"));
  if (check == NULL && step == NULL)
    return tj_cli_usage_error (args, _("Missing argument %s"), "STEP");
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
  if (case_id)
    {
      store = tj_cli_case_store (cli, &error);
      if (store == NULL)
        return tj_cli_fail (error);
    }
  return print_result (tj_session_guidance (store, ctx, case_id, step, NULL, &error), &error);
}

static int
cmd_upcoming (TjCli         *cli,
              TjCaseContext *ctx,
              TjCliArgs     *args)
{
  g_autoptr(GError) error = NULL;
  const char *from = tj_cli_opt (args, "from");
  gint64 days = 7;
  TjStore *store;

  if (from == NULL)
    from = ctx->today;
  if (!tj_cli_count (args, "days", &days, &error))
    return tj_cli_fail (error);
  store = tj_cli_case_store (cli, &error);
  if (store == NULL)
    return tj_cli_fail (error);
  return print_array (tj_session_upcoming (store, from, (guint) MIN (days, 3660), &error), &error);
}

#define SESSION_COMMAND(fn)                                 \
  static int                                                \
  run_##fn (TjCli     *cli,                                 \
            TjCliArgs *args)                                \
  {                                                         \
    TjCaseContext ctx;                                      \
    tj_context_fill_case_context (cli->context, &ctx);       \
    return cmd_##fn (cli, &ctx, args);                      \
  }
SESSION_COMMAND (start)
SESSION_COMMAND (note)
SESSION_COMMAND (note_update)
SESSION_COMMAND (release)
SESSION_COMMAND (offer)
SESSION_COMMAND (update)
SESSION_COMMAND (timer)
SESSION_COMMAND (end)
SESSION_COMMAND (cancel)
SESSION_COMMAND (show_view)
SESSION_COMMAND (chart)
SESSION_COMMAND (guidance)
SESSION_COMMAND (upcoming)

#define SIDE TJ_CLI_VALUE_OPTION ("side", "worker|employer", N_("Which side"))
#define AUDIENCE(d) TJ_CLI_VALUE_OPTION ("audience", "mediator|table|parties_screen|document", d)
#define VISIBILITY(d) TJ_CLI_VALUE_OPTION ("visibility", "caucus|joint", d)

static const TjCliCommand session_commands[] = {
  { .name = "start", .summary = N_("Start (or schedule) a mediation session"), .run = run_start,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("case", "ID", N_("The case")),
      TJ_CLI_REQUIRED_OPTION ("kind", "separate|joint", N_("A separate session meets one side; a joint one both")),
      TJ_CLI_VALUE_OPTION ("party", "PARTY_ID", N_("The party met in a separate session")),
      SIDE,
      TJ_CLI_VALUE_OPTION ("date", "YYYY-MM-DD", N_("The day it is scheduled for")),
      TJ_CLI_VALUE_OPTION ("time", "HH:MM", N_("The time it is scheduled for")),
      TJ_CLI_VALUE_OPTION ("place", "TEXT", N_("Where it takes place")),
      TJ_CLI_VALUE_OPTION ("step", "STEP", N_("The step to start at (default: the one its kind suggests)")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "note", .arguments = "SESSION_ID", .min_args = 1, .max_args = 1,
    .summary = N_("Take a note in a session (caucus in a separate session)"), .run = run_note,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("text", "TEXT", N_("The note")),
      VISIBILITY (N_("Who may see it (default: caucus in a separate session)")),
      TJ_CLI_VALUE_OPTION ("category", "note|position|interest", N_("What kind of note")),
      SIDE,
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "note-update", .arguments = "NOTE_ID", .min_args = 1, .max_args = 1,
    .summary = N_("Autosave: rewrite only the note’s text"), .run = run_note_update,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("text", "TEXT", N_("The note")),
    } },
  { .name = "release", .arguments = "NOTE_ID", .min_args = 1, .max_args = 1,
    .summary = N_("Release a caucus note with the party’s consent"), .run = run_release,
    .options = {
      TJ_CLI_VALUE_OPTION ("consent-of", "PARTY_ID|worker|employer", N_("Who consented")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "offer", .arguments = "SESSION_ID", .min_args = 1, .max_args = 1,
    .summary = N_("Record a demand, an offer or an agreed figure"), .run = run_offer,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("by", "PARTY_ID|worker|employer|both", N_("Whose figure (both: agreed)")),
      TJ_CLI_REQUIRED_OPTION ("issue", "wages_owed|economic_compensation|payment_date|other", N_("The issue")),
      TJ_CLI_VALUE_OPTION ("amount-fen", "N", N_("An amount in fen")),
      TJ_CLI_VALUE_OPTION ("amount", "AMOUNT", N_("An amount as typed: 12,000, 1.2万, ¥3000")),
      TJ_CLI_VALUE_OPTION ("date", "YYYY-MM-DD", N_("A date (payment_date)")),
      TJ_CLI_VALUE_OPTION ("text", "TEXT", N_("A text (other)")),
      TJ_CLI_VALUE_OPTION ("label", "LABEL", N_("The name of an other issue")),
      TJ_CLI_VALUE_OPTION ("reason", "TEXT", N_("Why")),
      TJ_CLI_VALUE_OPTION ("round", "N", N_("The round (default: the current one)")),
      VISIBILITY (N_("caucus for a bottom line only the mediator sees")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "update", .arguments = "SESSION_ID", .min_args = 1, .max_args = 1,
    .summary = N_("Change step, schedule, participants, attendance or checklist"), .run = run_update,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("json", "FILE|-", N_("The changes as JSON, from FILE or standard input (-)")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "timer", .arguments = "SESSION_ID start|pause|reset", .min_args = 2, .max_args = 2,
    .summary = N_("The session’s timer"), .run = run_timer },
  { .name = "end", .arguments = "SESSION_ID", .min_args = 1, .max_args = 1,
    .summary = N_("End a session with its outcome"), .run = run_end,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("outcome", "agreed|failed|continue", N_("The outcome")),
      TJ_CLI_VALUE_OPTION ("reason", "TEXT", N_("Why (needed when failed)")),
      TJ_CLI_VALUE_OPTION ("terms", "FILE|-", N_("The agreed terms as JSON (default: from the agreed figures)")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "cancel", .arguments = "SESSION_ID", .min_args = 1, .max_args = 1,
    .summary = N_("Cancel a scheduled session that did not take place"), .run = run_cancel,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("reason", "TEXT", N_("Why")),
      TJ_CLI_ACTOR_OPTION,
    } },
  { .name = "show", .arguments = "SESSION_ID", .min_args = 1, .max_args = 1,
    .summary = N_("A meeting as the mediator sees it, caucus notes included (or as the table does)"), .run = run_show_view,
    .options = {
      AUDIENCE (N_("mediator (default) or table")),
    } },
  { .name = "list", .arguments = "CASE_ID", .min_args = 1, .max_args = 1,
    .summary = N_("The sessions of a case"), .run = run_show_view },
  { .name = "joint", .arguments = "CASE_ID", .min_args = 1, .max_args = 1,
    .summary = N_("The joint view: shared content only"), .run = run_show_view },
  { .name = "present", .arguments = "CASE_ID", .min_args = 1, .max_args = 1,
    .summary = N_("“Show to parties”: large-text items"), .run = run_show_view },
  { .name = "view", .arguments = "CASE_ID", .min_args = 1, .max_args = 1,
    .summary = N_("What one audience may see of the mediation"), .run = run_show_view,
    .options = {
      AUDIENCE (N_("Who looks (default: mediator)")),
      TJ_CLI_VALUE_OPTION ("session", "SESSION_ID", N_("The meeting in focus")),
    } },
  { .name = "figures", .arguments = "CASE_ID", .min_args = 1, .max_args = 1,
    .summary = N_("Every demand and offer in order, the gap over time and the crossing, per issue"),
    .run = run_show_view,
    .options = {
      TJ_CLI_FLAG_OPTION ("private", N_("The mediator’s private view: bottom lines told in caucus too")),
      AUDIENCE (N_("Who looks (default: table)")),
    } },
  { .name = "interests", .arguments = "CASE_ID", .min_args = 1, .max_args = 1,
    .summary = N_("Positions and interests per side (caucus: mediator only)"), .run = run_show_view },
  { .name = "next-steps", .arguments = "CASE_ID", .min_args = 1, .max_args = 1,
    .summary = N_("What to do next with the case"), .run = run_show_view },
  { .name = "chart", .arguments = "CASE_ID", .min_args = 1, .max_args = 1,
    .summary = N_("The demands-and-offers chart as a PNG"), .run = run_chart,
    .options = {
      TJ_CLI_REQUIRED_OPTION ("out", "FILE.png", N_("Where to write the file")),
      TJ_CLI_VALUE_OPTION ("width", "N", N_("Width in pixels (default 800)")),
      TJ_CLI_VALUE_OPTION ("height", "N", N_("Height in pixels (default: from the issues)")),
      TJ_CLI_FLAG_OPTION ("dark", N_("Dark colours")),
      TJ_CLI_FLAG_OPTION ("private", N_("Include caucus figures")),
    } },
  { .name = "guidance", .arguments = "[STEP]", .min_args = 0, .max_args = 1,
    .summary = N_("The guidance of a step, or check an organisation’s guidance file"), .run = run_guidance,
    .options = {
      TJ_CLI_VALUE_OPTION ("case", "ID", N_("Fit the guidance to this case")),
      TJ_CLI_VALUE_OPTION ("check", "FILE", N_("Check a guidance file instead")),
    } },
  { .name = "upcoming", .summary = N_("Sessions scheduled from a day on"), .run = run_upcoming,
    .options = {
      TJ_CLI_VALUE_OPTION ("from", "YYYY-MM-DD", N_("The first day (default: today)")),
      TJ_CLI_VALUE_OPTION ("days", "N", N_("How many days (default 7)")),
    } },
};

const TjCliGroup tj_cli_session_group = {
  "session", N_("Mediation sessions: start, note, offer, release, end, joint view, chart"),
  session_commands, G_N_ELEMENTS (session_commands),
};
