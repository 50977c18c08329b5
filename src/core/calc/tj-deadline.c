/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Calc"

#include "tj-deadline.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"

#include <string.h>

/* Periods fixed by law; see docs/LAW.md. */
#define MEDIATION_DAYS             15  /* 劳动争议调解仲裁法 §14 */
#define LIMITATION_YEARS           1   /* §27 */
#define ACCEPTANCE_WORKING_DAYS    5   /* §29 */
#define AWARD_DAYS                 45  /* §43 */
#define AWARD_EXTENSION_DAYS       15  /* §43 */
#define JUDICIAL_CONFIRMATION_DAYS 30  /* 人民调解法 §33 */
/* Organisation practice, not law. */
#define FOLLOW_UP_FIRST_DAYS       7
#define FOLLOW_UP_SECOND_DAYS      30

gboolean
tj_period_roll_to_working_day (TjCalendar *calendar,
                               GDate      *date)
{
  gboolean moved = FALSE;

  g_return_val_if_fail (TJ_IS_CALENDAR (calendar), FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  /* The longest break is nine days; the bound only guards against a
   * user calendar that marks a whole year as holidays. */
  for (guint i = 0; i < 366 && !tj_calendar_is_working_day (calendar, date); i++)
    {
      g_date_add_days (date, 1);
      moved = TRUE;
    }
  return moved;
}

void
tj_period_end_days (TjCalendar  *calendar,
                    const GDate *trigger,
                    guint        days,
                    GDate       *out)
{
  g_return_if_fail (trigger != NULL && g_date_valid (trigger) && out != NULL);

  /* §201: the triggering day is not counted, so day 1 is trigger + 1 and
   * the last day is trigger + days. */
  *out = *trigger;
  g_date_add_days (out, days);
  tj_period_roll_to_working_day (calendar, out);
}

void
tj_period_end_months (TjCalendar  *calendar,
                      const GDate *trigger,
                      guint        months,
                      GDate       *out)
{
  g_return_if_fail (trigger != NULL && g_date_valid (trigger) && out != NULL);

  /* §202: the corresponding day of the final month; g_date_add_months()
   * clamps to the month's last day when there is none. */
  *out = *trigger;
  g_date_add_months (out, months);
  tj_period_roll_to_working_day (calendar, out);
}

void
tj_period_end_years (TjCalendar  *calendar,
                     const GDate *trigger,
                     guint        years,
                     GDate       *out)
{
  tj_period_end_months (calendar, trigger, years * 12, out);
}

void
tj_period_end_working_days (TjCalendar  *calendar,
                            const GDate *trigger,
                            guint        days,
                            GDate       *out)
{
  g_return_if_fail (TJ_IS_CALENDAR (calendar));
  g_return_if_fail (trigger != NULL && g_date_valid (trigger) && out != NULL);

  *out = *trigger;
  while (days > 0)
    {
      g_date_add_days (out, 1);
      if (tj_calendar_is_working_day (calendar, out))
        days--;
    }
}

gint
tj_deadline_days_remaining (const GDate *deadline,
                            const GDate *today)
{
  g_return_val_if_fail (deadline != NULL && g_date_valid (deadline), 0);
  g_return_val_if_fail (today != NULL && g_date_valid (today), 0);

  return g_date_days_between (today, deadline);
}

/* Computing the deadlines of a case ------------------------------------ */

typedef struct {
  TjCalendar *calendar;
  GDate       today;
  JsonArray  *deadlines;
  JsonArray  *warnings;
  GHashTable *warned_years;
  /* The application for mediation, when the case has one: received on
   * @mediation_applied, its 15-day limit (§14) ending @mediation_limit. */
  gboolean    has_mediation;
  GDate       mediation_applied;
  GDate       mediation_limit;
} Context;

/* An optional date member: FALSE with an error naming the field when it is
 * present but not a date; *present says whether it was there. */
static gboolean
get_date (JsonObject  *input,
          const char  *member,
          GDate       *out,
          gboolean    *present,
          GError     **error)
{
  JsonNode *node = json_object_get_member (input, member);
  const char *text;

  *present = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  text = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         ? json_node_get_string (node) : NULL;
  if (text != NULL && *text == '\0')
    return TRUE;
  if (text == NULL || !tj_date_parse_iso (text, out))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” must be a date written YYYY-MM-DD"), member);
      return FALSE;
    }
  *present = TRUE;
  return TRUE;
}

static void
warn (JsonArray  *warnings,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static void
warn (JsonArray  *warnings,
      const char *format,
      ...)
{
  va_list args;
  g_autofree char *text = NULL;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  json_array_add_string_element (warnings, text);
}

static void
check_calendar_year (Context     *ctx,
                     const GDate *date)
{
  guint year = g_date_get_year (date);

  if (tj_calendar_covers_year (ctx->calendar, year)
      || g_hash_table_contains (ctx->warned_years, GUINT_TO_POINTER (year)))
    return;
  g_hash_table_add (ctx->warned_years, GUINT_TO_POINTER (year));
  if (tj_calendar_year_is_estimated (ctx->calendar, year))
    warn (ctx->warnings, _("No State Council holiday notice for %u is installed: the statutory holidays of the 全国年节及纪念日放假办法 (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆; the lunar ones computed) were counted as days off, but that year’s make-up working days (调休) and bridging days are not known, so a date in %u may still move. Install the notice in Preferences → General → Legal Data when it is published."),
          year, year);
  else
    warn (ctx->warnings, _("The holiday calendar has no data for %u: only weekends were treated as rest days in that year. When the State Council publishes the year’s holidays, install them in Preferences → General → Legal Data."),
          year);
}

/* Whether a deadline's date depends on a year counted without its notice. */
static gboolean
estimated (Context     *ctx,
           const GDate *date)
{
  return date != NULL && tj_calendar_year_is_estimated (ctx->calendar, g_date_get_year (date));
}

static void
set_date_member (JsonObject  *object,
                 const char  *member,
                 const GDate *date)
{
  g_autofree char *iso = tj_date_to_iso (date);
  json_object_set_string_member (object, member, iso);
}

static JsonObject *
add_deadline (Context     *ctx,
              const char  *kind,
              const GDate *trigger,
              const GDate *date,
              const GDate *unmoved,
              const char  *basis,
              const char  *note)
{
  JsonObject *d = json_object_new ();

  json_object_set_string_member (d, "kind", kind);
  if (trigger)
    set_date_member (d, "trigger", trigger);
  if (date)
    {
      gint remaining = tj_deadline_days_remaining (date, &ctx->today);

      check_calendar_year (ctx, date);
      json_object_set_string_member (d, "status",
                                     remaining > 0 ? "running" : remaining == 0 ? "due_today" : "overdue");
      set_date_member (d, "date", date);
      json_object_set_int_member (d, "days_remaining", remaining);
      if (unmoved && g_date_compare (unmoved, date) != 0)
        set_date_member (d, "moved_from", unmoved);
      /* The date was counted with the statutory holidays only: the
       * year's 调休 could still move it. */
      if (estimated (ctx, date) || estimated (ctx, unmoved))
        json_object_set_boolean_member (d, "holidays_estimated", TRUE);
    }
  else
    {
      json_object_set_string_member (d, "status", "not_running");
      json_object_set_null_member (d, "date");
      json_object_set_null_member (d, "days_remaining");
    }
  json_object_set_string_member (d, "basis", basis);
  json_object_set_string_member (d, "note", note);
  json_array_add_object_element (ctx->deadlines, d);
  return d;
}

/* A period in calendar days or months with §203 applied; @unmoved gets
 * the end before moving past rest days. */
static void
end_in_days (Context     *ctx,
             const GDate *trigger,
             guint        days,
             GDate       *end,
             GDate       *unmoved)
{
  *unmoved = *trigger;
  g_date_add_days (unmoved, days);
  check_calendar_year (ctx, unmoved);
  tj_period_end_days (ctx->calendar, trigger, days, end);
}

static void
end_in_years (Context     *ctx,
              const GDate *trigger,
              guint        years,
              GDate       *end,
              GDate       *unmoved)
{
  *unmoved = *trigger;
  g_date_add_months (unmoved, years * 12);
  check_calendar_year (ctx, unmoved);
  tj_period_end_years (ctx->calendar, trigger, years, end);
}

static gboolean
is_remuneration_kind (const char *kind)
{
  /* Wages and overtime pay are both labour remuneration (劳动报酬). */
  return g_strcmp0 (kind, "wage_arrears") == 0 || g_strcmp0 (kind, "overtime") == 0;
}

/* The interruptions of the limitation (§27 ¶2): it runs again in full
 * from the end of each interruption that happened while it was running.
 *
 * - "limitation_restarted_on": a claim on the other side, a request to an
 *   authority, or the other side agreeing to perform, on that day.
 * - The application for mediation (received_on / accepted_on) is a request
 *   for relief to a competent body; the year runs again from the end of
 *   the mediation: its failure or referral ("mediation_ended_on"), its
 *   withdrawal (the same with "mediation_end_reason": "withdrawn"), or the
 *   15-day limit of §14 passing without agreement, whichever is first. An
 *   agreement ("agreement_effective_on") is the other side agreeing to
 *   perform: it restarts the year again from its day.
 *
 * Each is taken in the order it happened; one that happened after the
 * year had already run out interrupts nothing (with a warning). */
typedef struct {
  GDate       on;        /* when the interruption happened */
  GDate       restart;   /* the day the year runs again from */
  const char *reason;
} Interruption;

static int
compare_interruptions (gconstpointer a,
                       gconstpointer b)
{
  return g_date_compare (&((const Interruption *) a)->on, &((const Interruption *) b)->on);
}

static gboolean
apply_interruptions (Context      *ctx,
                     JsonObject   *input,
                     const GDate  *restarted_on,
                     GDate        *trigger,
                     const char  **note,
                     const char  **reason,
                     GDate        *interrupted_on,
                     char        **note_owned,
                     GError      **error)
{
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (Interruption));
  GDate ended, agreed, end, unmoved;
  gboolean has_ended, has_agreed;
  const char *end_reason = tj_json_get_string (input, "mediation_end_reason", NULL);
  const char *mediation_reason = NULL;

  if (!get_date (input, "mediation_ended_on", &ended, &has_ended, error)
      || !get_date (input, "agreement_effective_on", &agreed, &has_agreed, error))
    return FALSE;
  if (end_reason && !g_str_equal (end_reason, "failed") && !g_str_equal (end_reason, "withdrawn")
      && !g_str_equal (end_reason, "referred"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” must be one of: failed, withdrawn, referred"), "mediation_end_reason");
      return FALSE;
    }

  if (restarted_on)
    {
      Interruption e = { *restarted_on, *restarted_on, "claim" };
      if (g_date_compare (restarted_on, trigger) < 0)
        warn (ctx->warnings, "%s", _("“limitation_restarted_on” is before the day the limitation started and was ignored."));
      else
        g_array_append_val (events, e);
    }
  if (ctx->has_mediation && g_date_compare (&ctx->mediation_applied, trigger) >= 0)
    {
      Interruption e = { ctx->mediation_applied, ctx->mediation_limit, "mediation_limit" };

      /* The end of the mediation: the first of its failure or withdrawal
       * and its 15-day limit. */
      if (has_ended && g_date_compare (&ended, &e.restart) < 0 && g_date_compare (&ended, &e.on) >= 0)
        {
          e.restart = ended;
          e.reason = g_strcmp0 (end_reason, "withdrawn") == 0 ? "mediation_withdrawn"
                     : g_strcmp0 (end_reason, "referred") == 0 ? "mediation_referred" : "mediation_failed";
        }
      else if (has_agreed && g_date_compare (&agreed, &e.restart) < 0 && g_date_compare (&agreed, &e.on) >= 0)
        {
          e.restart = agreed;
          e.reason = "agreement";
        }
      mediation_reason = e.reason;
      g_array_append_val (events, e);
      /* An agreement after the limit: the other side agreed to perform. */
      if (has_agreed && g_date_compare (&agreed, &ctx->mediation_limit) >= 0)
        {
          Interruption a = { agreed, agreed, "agreement" };
          g_array_append_val (events, a);
        }
    }
  g_array_sort (events, compare_interruptions);

  for (guint i = 0; i < events->len; i++)
    {
      Interruption *e = &g_array_index (events, Interruption, i);

      /* The year as it stood: an interruption after its end is too late. */
      end_in_years (ctx, trigger, LIMITATION_YEARS, &end, &unmoved);
      if (g_date_compare (&e->on, &end) > 0)
        {
          g_autofree char *on = tj_date_format_display (&e->on);
          g_autofree char *was = tj_date_format_display (&end);
          warn (ctx->warnings, _("The limitation had already run out on %s, before the interruption on %s: it was not interrupted (Article 27, paragraph 2)."),
                was, on);
          continue;
        }
      if (g_date_compare (&e->restart, trigger) >= 0)
        {
          *trigger = e->restart;
          *reason = e->reason;
          *interrupted_on = e->on;
        }
    }

  if (*reason == NULL)
    return TRUE;
  if (g_str_equal (*reason, "claim"))
    {
      *note = _("The limitation was interrupted and runs again in full for one year from the interruption (Article 27, paragraph 2); an end on a rest day or holiday moves to the next working day.");
      return TRUE;
    }
  {
    /* An agreement reached after the 15-day limit is a second
     * interruption of its own ("interrupted again"). */
    gboolean again = g_str_equal (*reason, "agreement") && g_strcmp0 (mediation_reason, "agreement") != 0;
    g_autofree char *applied = tj_date_format_display (again ? &ctx->mediation_applied : interrupted_on);
    g_autofree char *restart = tj_date_format_display (trigger);
    const char *how = g_str_equal (*reason, "mediation_failed") ? _("the mediation failed")
                      : g_str_equal (*reason, "mediation_withdrawn") ? _("the application was withdrawn")
                      : g_str_equal (*reason, "mediation_referred") ? _("the mediation ended with a referral")
                      : g_str_equal (*reason, "agreement") ? _("an agreement was reached: the other side agreed to perform")
                      : _("the 15-day limit for mediation passed without agreement (Article 14)");

    if (again)
      *note_owned = g_strdup_printf (_("Interrupted by the application for mediation received on %s, and again on %s, when %s (Article 27, paragraph 2): the year runs again in full from that day. An end on a rest day or holiday moves to the next working day."),
                                     applied, restart, how);
    else
      /* Translators: "… received on 2026-03-02 … from the end of the
       * mediation, 2026-03-17, when the 15-day limit … passed …" */
      *note_owned = g_strdup_printf (_("Interrupted by the application for mediation received on %s, a request for relief to a competent body (Article 27, paragraph 2); the year runs again in full from the end of the mediation, %s, when %s. An end on a rest day or holiday moves to the next working day."),
                                     applied, restart, how);
    if (g_str_equal (*reason, "mediation_limit") && g_date_compare (&ctx->today, trigger) < 0)
      {
        /* The mediation is still running: its limit is the latest end. */
        char *more = g_strdup_printf ("%s %s", *note_owned,
                                      _("While the mediation runs this is the latest date: if it fails or is withdrawn earlier, the year runs from that day instead."));
        g_free (*note_owned);
        *note_owned = more;
      }
    *note = *note_owned;
  }
  return TRUE;
}

static gboolean
add_limitation (Context     *ctx,
                JsonObject  *input,
                GError     **error)
{
  GDate knew_on, ended_on, restarted_on, trigger, end, unmoved, interrupted_on;
  gboolean has_knew, has_ended, has_restart;
  JsonNode *ongoing_node = json_object_get_member (input, "employment_ongoing");
  const char *kind = tj_json_get_string (input, "kind", NULL);
  gboolean ongoing = FALSE, ongoing_known = FALSE;
  const char *basis, *note, *reason = NULL;
  g_autofree char *note_owned = NULL;
  JsonObject *d;

  if (!get_date (input, "knew_on", &knew_on, &has_knew, error)
      || !get_date (input, "employment_ended_on", &ended_on, &has_ended, error)
      || !get_date (input, "limitation_restarted_on", &restarted_on, &has_restart, error))
    return FALSE;
  if (ongoing_node != NULL && !JSON_NODE_HOLDS_NULL (ongoing_node))
    {
      if (!JSON_NODE_HOLDS_VALUE (ongoing_node)
          || json_node_get_value_type (ongoing_node) != G_TYPE_BOOLEAN)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("“%s” must be true or false"), "employment_ongoing");
          return FALSE;
        }
      ongoing = json_node_get_boolean (ongoing_node);
      ongoing_known = TRUE;
    }
  if (ongoing && has_ended)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“employment_ongoing” is true but “employment_ended_on” is given; give one or the other"));
      return FALSE;
    }

  if (is_remuneration_kind (kind) && (ongoing || has_ended))
    {
      basis = _("Labour Dispute Mediation and Arbitration Law, Article 27, paragraph 4: a claim for labour remuneration owed during the employment relationship is not limited by the one-year period; when the relationship ends, it must be made within one year of the end.");
      if (ongoing)
        {
          add_deadline (ctx, "arbitration_limitation", NULL, NULL, NULL, basis,
                        _("Not running: the employment continues, so unpaid labour remuneration is not time-barred. The one-year period starts when the employment ends."));
          return TRUE;
        }
      trigger = ended_on;
      note = _("One year from the end of the employment; an end on a rest day or holiday moves to the next working day (Civil Code §203).");
    }
  else if (has_knew || has_ended)
    {
      basis = _("Labour Dispute Mediation and Arbitration Law, Article 27: the limitation period for applying for arbitration is one year from the day the party knew or should have known that their rights were infringed. It is interrupted, and runs again in full, when a party claims against the other, seeks relief from an authority, or the other party agrees to perform; it is suspended by force majeure.");
      trigger = has_knew ? knew_on : ended_on;
      note = has_knew
             ? _("One year from the day the worker knew or should have known of the infringement; an end on a rest day or holiday moves to the next working day (Civil Code §203).")
             : _("“knew_on” is not given: counted from the end of the employment. One year; an end on a rest day or holiday moves to the next working day (Civil Code §203).");
      if (is_remuneration_kind (kind) && !ongoing_known && !has_ended)
        warn (ctx->warnings, "%s", _("It is not known whether the employment continues. If it does, unpaid labour remuneration is not time-barred (Article 27, paragraph 4); the arbitration limitation shown is the cautious date."));
    }
  else
    return TRUE;

  if (!apply_interruptions (ctx, input, has_restart ? &restarted_on : NULL, &trigger, &note, &reason, &interrupted_on,
                            &note_owned, error))
    return FALSE;

  end_in_years (ctx, &trigger, LIMITATION_YEARS, &end, &unmoved);
  d = add_deadline (ctx, "arbitration_limitation", &trigger, &end, &unmoved, basis, note);
  if (reason)
    {
      json_object_set_string_member (d, "restart_reason", reason);
      set_date_member (d, "interrupted_on", &interrupted_on);
    }
  return TRUE;
}

JsonObject *
tj_deadlines_compute (TjCalendar  *calendar,
                      JsonObject  *input,
                      GError     **error)
{
  Context ctx = { 0 };
  g_autoptr(JsonArray) deadlines = json_array_new ();
  g_autoptr(JsonArray) warnings = json_array_new ();
  g_autoptr(GHashTable) warned_years = g_hash_table_new (NULL, NULL);
  GDate date, end, unmoved, received;
  gboolean present, has_received = FALSE;
  g_autofree char *today_iso = NULL;
  JsonObject *result;
  const char *kind;

  g_return_val_if_fail (TJ_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  ctx.calendar = calendar;
  ctx.deadlines = deadlines;
  ctx.warnings = warnings;
  ctx.warned_years = warned_years;

  kind = tj_json_get_string (input, "kind", NULL);
  if (json_object_has_member (input, "kind") && kind == NULL
      && !JSON_NODE_HOLDS_NULL (json_object_get_member (input, "kind")))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("“%s” must be text"), "kind");
      return NULL;
    }

  if (!get_date (input, "today", &ctx.today, &present, error))
    return NULL;
  if (!present)
    tj_date_set_today (&ctx.today);

  /* Mediation limit: 15 calendar days. The Law says "十五日" without
   * more; the arbitration case rules count 15 and 45 days as calendar
   * days, and the Civil Code's rules (§201–§203) apply: the day of
   * acceptance is not counted and an end on a rest day moves on. */
  /* §14 counts from the organisation *receiving* the application: when
   * the case records both days, the earlier receipt is the cautious start. */
  if (!get_date (input, "accepted_on", &date, &present, error)
      || !get_date (input, "received_on", &received, &has_received, error))
    return NULL;
  if (has_received && (!present || g_date_compare (&received, &date) < 0))
    {
      date = received;
      present = TRUE;
    }
  if (present)
    {
      end_in_days (&ctx, &date, MEDIATION_DAYS, &end, &unmoved);
      ctx.has_mediation = TRUE;
      ctx.mediation_applied = date;
      ctx.mediation_limit = end;
      add_deadline (&ctx, "mediation", &date, &end, &unmoved,
                    _("Labour Dispute Mediation and Arbitration Law, Article 14: if no mediation agreement is reached within 15 days of the mediation organisation receiving the application, either party may apply for arbitration."),
                    _("15 calendar days from the day after the application was received; an end on a rest day or holiday moves to the next working day (Civil Code §201–§203). After this date either party may go to arbitration."));
    }

  if (!add_limitation (&ctx, input, error))
    return NULL;

  if (!get_date (input, "arbitration_applied_on", &date, &present, error))
    return NULL;
  if (present)
    {
      tj_period_end_working_days (calendar, &date, ACCEPTANCE_WORKING_DAYS, &end);
      add_deadline (&ctx, "arbitration_acceptance", &date, &end, NULL,
                    _("Labour Dispute Mediation and Arbitration Law, Article 29: the arbitration commission decides within 5 days of receiving the application whether to accept it; if it refuses or does not decide, the applicant may sue in court."),
                    _("5 working days: the Rules for Handling Labour and Personnel Dispute Arbitration Cases count periods of 3, 5 and 10 days in working days."));
    }

  if (!get_date (input, "arbitration_accepted_on", &date, &present, error))
    return NULL;
  if (present)
    {
      end_in_days (&ctx, &date, AWARD_DAYS, &end, &unmoved);
      add_deadline (&ctx, "arbitration_award", &date, &end, &unmoved,
                    _("Labour Dispute Mediation and Arbitration Law, Article 43: the award is made within 45 days of the application being accepted; in complex cases the chair of the commission may extend this by at most 15 days."),
                    _("45 calendar days from acceptance; an end on a rest day or holiday moves to the next working day."));
      end_in_days (&ctx, &date, AWARD_DAYS + AWARD_EXTENSION_DAYS, &end, &unmoved);
      add_deadline (&ctx, "arbitration_award_extended", &date, &end, &unmoved,
                    _("Labour Dispute Mediation and Arbitration Law, Article 43: the award is made within 45 days of the application being accepted; in complex cases the chair of the commission may extend this by at most 15 days."),
                    _("With the 15-day extension: 60 calendar days from acceptance. If no award is made in time, a party may sue in court."));
    }

  if (!get_date (input, "agreement_effective_on", &date, &present, error))
    return NULL;
  if (present)
    {
      end_in_days (&ctx, &date, JUDICIAL_CONFIRMATION_DAYS, &end, &unmoved);
      add_deadline (&ctx, "judicial_confirmation", &date, &end, &unmoved,
                    _("People’s Mediation Law, Article 33: after a mediation agreement takes effect, both parties may jointly apply within 30 days to the people’s court for judicial confirmation (Civil Procedure Law, special procedure for confirming mediation agreements)."),
                    _("30 calendar days from the day after the agreement took effect; both parties apply together to the basic-level court where the mediation organisation sits."));
    }

  if (!get_date (input, "closed_on", &date, &present, error))
    return NULL;
  if (present)
    {
      const struct { const char *kind; guint days; const char *note; } follow_ups[] = {
        { "follow_up_7", FOLLOW_UP_FIRST_DAYS,
          N_("Follow-up call (回访) 7 days after closing, moved to a working day. Organisation practice, not a legal deadline.") },
        { "follow_up_30", FOLLOW_UP_SECOND_DAYS,
          N_("Follow-up call (回访) 30 days after closing, to check that the agreement is being performed. Organisation practice, not a legal deadline.") },
      };
      for (guint i = 0; i < G_N_ELEMENTS (follow_ups); i++)
        {
          end_in_days (&ctx, &date, follow_ups[i].days, &end, &unmoved);
          add_deadline (&ctx, follow_ups[i].kind, &date, &end, &unmoved,
                        _("Organisation practice (12351 hotline follow-up calls); no statute."),
                        _(follow_ups[i].note));
        }
    }

  result = json_object_new ();
  today_iso = tj_date_to_iso (&ctx.today);
  json_object_set_string_member (result, "today", today_iso);
  json_object_set_array_member (result, "deadlines", g_steal_pointer (&deadlines));
  json_object_set_array_member (result, "warnings", g_steal_pointer (&warnings));
  return result;
}

JsonObject *
tj_deadlines_find (JsonObject *result,
                   const char *kind)
{
  JsonArray *deadlines = tj_json_get_array (result, "deadlines");

  for (guint i = 0; deadlines && i < json_array_get_length (deadlines); i++)
    {
      JsonObject *d = json_array_get_object_element (deadlines, i);
      if (g_strcmp0 (tj_json_get_string (d, "kind", NULL), kind) == 0)
        return d;
    }
  return NULL;
}
