/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Session"

/* How a meeting ends: agreement (the settlement draft, split to the fen),
 * failure (next steps with their dates) or to be continued. See tj-session.h. */

#include <string.h>

#include "tj-calendar.h"
#include "tj-enum-types.h"
#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-time.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-session.h"
#include "tj-session-private.h"
#include "tj-settlement.h"
#include "tj-validate.h"

/* Statutes cited in next steps (the same msgids as the guidance). */
#define LIR_26 N_("Regulations on Labour Security Inspection, Article 26")
#define LAL_42 N_("Legal Aid Law, Article 42")

/* ------------------------------------------------------------------ */
/* Outcome                                                              */

/* The agreed (or, failing that, met) value of a money or date issue. */
static gboolean
settled_value (JsonObject *is,
               gint64     *fen,
               const char **date)
{
  const char *status = tj_json_get_string (is, "status", "open");
  JsonObject *agreed = tj_json_get_object (is, "agreed");

  if (g_str_equal (status, "agreed") && agreed)
    {
      if (fen && json_object_has_member (agreed, "amount_fen"))
        *fen = tj_json_get_int (agreed, "amount_fen", 0);
      if (date && json_object_has_member (agreed, "date"))
        *date = tj_json_get_string (agreed, "date", NULL);
      return TRUE;
    }
  if (g_str_equal (status, "crossed"))
    {
      if (fen && json_object_has_member (is, "meeting_point_fen"))
        *fen = tj_json_get_int (is, "meeting_point_fen", 0);
      if (date && json_object_has_member (is, "meeting_point_date"))
        *date = tj_json_get_string (is, "meeting_point_date", NULL);
      return TRUE;
    }
  return FALSE;
}

static JsonObject *
build_settlement (JsonObject  *case_doc,
                  GPtrArray   *parties,
                  JsonObject  *session,
                  JsonObject  *terms,
                  JsonObject  *figures,
                  GError     **error)
{
  JsonArray *workers = tj_json_get_array (case_doc, "workers");
  JsonArray *issue_list = tj_json_get_array (figures, "issues");
  guint n = workers ? json_array_get_length (workers) : 0;
  g_autofree gint64 *owed = NULL;
  g_autofree gint64 *amount = NULL;
  g_autofree gint64 *plan_amounts = NULL;
  g_autofree gint64 *allocations = NULL;
  guint n_plan;
  g_autoptr(JsonArray) plan = json_array_new ();   /* [{due_on, amount_fen}] */
  g_autoptr(JsonObject) out = json_object_new ();
  JsonObject *payer_party = NULL, *payer;
  JsonArray *installments, *lines;
  gint64 total = -1, sum = 0;
  const char *method, *payer_id;

  if (n == 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("The case has no workers to pay; add them to the case first"));
      return NULL;
    }
  owed = g_new0 (gint64, n);
  amount = g_new0 (gint64, n);
  for (guint i = 0; i < n; i++)
    owed[i] = tj_json_get_int (json_array_get_object_element (workers, i), "owed_fen", 0);

  if (json_object_has_member (terms, "total_fen"))
    {
      if (!_tj_session_is_int (terms, "total_fen") || tj_json_get_int (terms, "total_fen", -1) < 0)
        {
          tj_set_invalid (error, "terms.total_fen", _("terms.total_fen: must be a whole, non-negative number of fen"));
          return NULL;
        }
      total = tj_json_get_int (terms, "total_fen", 0);
    }

  if (json_object_has_member (terms, "workers"))
    {
      JsonArray *given = tj_json_get_array (terms, "workers");
      if (given == NULL)
        {
          tj_set_invalid (error, "terms.workers", _("terms.workers: must be a list of {worker_id, amount_fen}"));
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (given); i++)
        {
          JsonNode *node = json_array_get_element (given, i);
          JsonObject *w = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          const char *wid = w ? tj_json_get_string (w, "worker_id", NULL) : NULL;
          guint k;
          for (k = 0; k < n; k++)
            if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (workers, k), "id", NULL), wid) == 0)
              break;
          if (k == n)
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("terms.workers[%u].worker_id: %s is not a worker of this case"),
                           i, wid ? wid : "");
              return NULL;
            }
          if (!_tj_session_is_int (w, "amount_fen") || tj_json_get_int (w, "amount_fen", -1) < 0)
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("terms.workers[%u].amount_fen: must be a whole, non-negative number of fen"), i);
              return NULL;
            }
          amount[k] += tj_json_get_int (w, "amount_fen", 0);
          sum += tj_json_get_int (w, "amount_fen", 0);
        }
      if (total >= 0 && total != sum)
        {
          g_autofree char *a = tj_money_format (sum);
          g_autofree char *b = tj_money_format (total);
          tj_set_invalid (error, "terms.workers",
                       _("terms.workers: the amounts add up to %s, not the total %s"), a, b);
          return NULL;
        }
      total = sum;
    }
  else
    {
      if (total < 0)
        {
          gboolean any = FALSE;
          total = 0;
          for (guint i = 0; issue_list && i < json_array_get_length (issue_list); i++)
            {
              JsonObject *is = json_array_get_object_element (issue_list, i);
              gint64 fen = -1;
              if (g_strcmp0 (tj_json_get_string (is, "unit", NULL), "fen") == 0 &&
                  settled_value (is, &fen, NULL) && fen >= 0)
                {
                  total += fen;
                  any = TRUE;
                }
            }
          if (!any)
            {
              tj_set_invalid (error, "terms.total_fen",
                           _("terms.total_fen: give the agreed total; no amount has been agreed in the offers yet"));
              return NULL;
            }
        }
      if (!tj_money_split (total, owed, n, amount))
        {
          tj_set_invalid (error, "terms.total_fen", _("terms.total_fen: cannot be split over the workers"));
          return NULL;
        }
    }

  /* Installments: given, or one payment on the agreed date. */
  if (json_object_has_member (terms, "installments"))
    {
      JsonArray *given = tj_json_get_array (terms, "installments");
      gint64 isum = 0;
      if (given == NULL || json_array_get_length (given) == 0)
        {
          tj_set_invalid (error, "terms.installments", _("terms.installments: must be a list of {due_on, amount_fen}"));
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (given); i++)
        {
          JsonNode *node = json_array_get_element (given, i);
          JsonObject *in = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          g_autofree char *field = g_strdup_printf ("terms.installments[%u].due_on", i);
          JsonObject *row;
          if (in == NULL || !tj_validate_date (tj_json_get_string (in, "due_on", ""), field, error))
            {
              if (in == NULL)
                g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("terms.installments[%u]: must be an object"), i);
              return NULL;
            }
          if (!_tj_session_is_int (in, "amount_fen") || tj_json_get_int (in, "amount_fen", -1) <= 0)
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("terms.installments[%u].amount_fen: must be a whole, positive number of fen"), i);
              return NULL;
            }
          isum += tj_json_get_int (in, "amount_fen", 0);
          row = json_object_new ();
          json_object_set_string_member (row, "due_on", tj_json_get_string (in, "due_on", ""));
          json_object_set_int_member (row, "amount_fen", tj_json_get_int (in, "amount_fen", 0));
          json_array_add_object_element (plan, row);
        }
      if (isum != total)
        {
          g_autofree char *a = tj_money_format (isum);
          g_autofree char *b = tj_money_format (total);
          tj_set_invalid (error, "terms.installments",
                       _("terms.installments: the installments add up to %s, not the total %s"), a, b);
          return NULL;
        }
    }
  else
    {
      const char *due = tj_json_get_string (terms, "due_on", NULL);
      JsonObject *row;
      if (due == NULL)
        for (guint i = 0; issue_list && i < json_array_get_length (issue_list) && due == NULL; i++)
          {
            JsonObject *is = json_array_get_object_element (issue_list, i);
            if (g_strcmp0 (tj_json_get_string (is, "issue", NULL), "payment_date") == 0)
              settled_value (is, NULL, &due);
          }
      if (due == NULL)
        {
          tj_set_invalid (error, "terms.due_on",
                       _("terms.due_on: give the payment date (or the installments); no date has been agreed yet"));
          return NULL;
        }
      if (!tj_validate_date (due, "terms.due_on", error))
        return NULL;
      row = json_object_new ();
      json_object_set_string_member (row, "due_on", due);
      json_object_set_int_member (row, "amount_fen", total);
      json_array_add_object_element (plan, row);
    }

  /* Each installment is split over what each worker still has to receive
   * (tj_money_split_installments(), as the settlement editor does), so no
   * allocation ever exceeds it and the last installment pays every worker
   * exactly the rest: per-worker sums equal the agreed amounts. */
  installments = json_array_new ();
  n_plan = json_array_get_length (plan);
  plan_amounts = g_new0 (gint64, n_plan);
  allocations = g_new0 (gint64, (gsize) n_plan * n);
  for (guint k = 0; k < n_plan; k++)
    plan_amounts[k] = tj_json_get_int (json_array_get_object_element (plan, k), "amount_fen", 0);
  tj_money_split_installments (amount, n, plan_amounts, n_plan, allocations);
  for (guint k = 0; k < n_plan; k++)
    {
      JsonObject *p = json_array_get_object_element (plan, k);
      JsonObject *row = json_object_new ();
      JsonArray *alloc = json_array_new ();
      gint64 a = plan_amounts[k];
      const gint64 *share = allocations + (gsize) k * n;
      for (guint i = 0; i < n; i++)
        {
          JsonObject *w = json_array_get_object_element (workers, i);
          JsonObject *al;
          if (share[i] == 0)
            continue;
          al = json_object_new ();
          json_object_set_string_member (al, "worker_id", tj_json_get_string (w, "id", ""));
          json_object_set_string_member (al, "name", tj_json_get_string (w, "name", ""));
          json_object_set_int_member (al, "amount_fen", share[i]);
          json_array_add_object_element (alloc, al);
        }
      json_object_set_string_member (row, "due_on", tj_json_get_string (p, "due_on", ""));
      json_object_set_int_member (row, "amount_fen", a);
      json_object_set_array_member (row, "allocations", alloc);
      json_array_add_object_element (installments, row);
    }

  /* The payer: named, else the employer. */
  payer_id = tj_json_get_string (tj_json_get_object (terms, "payer"), "party_id", NULL);
  if (json_object_has_member (terms, "payer") && payer_id == NULL)
    {
      tj_set_invalid (error, "terms.payer.party_id", _("terms.payer.party_id: name the party who pays"));
      return NULL;
    }
  for (guint i = 0; parties && i < parties->len; i++)
    {
      JsonObject *p = parties->pdata[i];
      if (payer_id ? g_strcmp0 (tj_json_get_string (p, "_id", NULL), payer_id) == 0
                   : g_strcmp0 (tj_json_get_string (p, "role", NULL), "employer") == 0)
        {
          payer_party = p;
          break;
        }
    }
  if (payer_party == NULL || g_strcmp0 (_tj_session_side_of_party (payer_party), "employer") != 0 ||
      !_tj_session_in_list (tj_json_get_string (payer_party, "role", NULL), _tj_session_employer_roles))
    {
      if (payer_id)
        tj_set_invalid (error, "terms.payer.party_id",
                     _("terms.payer.party_id: %s is not the employer or a contractor of this case"), payer_id);
      else
        tj_set_invalid (error, "terms.payer",
                     _("terms.payer: the case has no employer; name the party who pays"));
      return NULL;
    }
  payer = json_object_new ();
  json_object_set_string_member (payer, "party_id", tj_json_get_string (payer_party, "_id", ""));
  json_object_set_string_member (payer, "role", tj_json_get_string (payer_party, "role", ""));
  json_object_set_string_member (payer, "name", tj_json_get_string (payer_party, "name", ""));

  method = tj_json_get_string (terms, "method", "bank_transfer");
  if (!tj_enum_from_nick (TJ_TYPE_PAYMENT_METHOD, method, NULL))
    {
      tj_set_invalid (error, "terms.method",
                   _("terms.method: “%s” is not bank_transfer, cash or wage_account"), method);
      return NULL;
    }

  lines = json_array_new ();
  if (json_object_has_member (terms, "terms"))
    {
      if (!_tj_session_check_text_list (terms, "terms", error))
        {
          json_array_unref (lines);
          return NULL;
        }
      for (guint i = 0; i < json_array_get_length (tj_json_get_array (terms, "terms")); i++)
        json_array_add_string_element (lines, json_array_get_string_element (tj_json_get_array (terms, "terms"), i));
    }
  else
    for (guint i = 0; issue_list && i < json_array_get_length (issue_list); i++)
      {
        /* Say each settled point in words; caucus figures never get here
         * (the figures are the shared ones). */
        JsonObject *is = json_array_get_object_element (issue_list, i);
        gint64 fen = -1;
        const char *date = NULL;
        g_autofree char *value = NULL;
        g_autofree char *line = NULL;
        if (!settled_value (is, &fen, &date))
          continue;
        if (fen >= 0)
          value = tj_money_format (fen);
        else if (date)
          value = g_strdup (date);
        else
          value = g_strdup (tj_json_get_string (tj_json_get_object (is, "agreed"), "text", ""));
        line = g_strdup_printf (_("%s: %s"), tj_json_get_string (is, "label", ""), value);
        json_array_add_string_element (lines, line);
      }

  json_object_set_string_member (out, "status", "draft");
  json_object_set_int_member (out, "total_fen", total);
  json_object_set_object_member (out, "payer", payer);
  json_object_set_string_member (out, "method", method);
  json_object_set_array_member (out, "installments", installments);
  json_object_set_array_member (out, "terms", lines);
  json_object_set_string_member (out, "source_session_id", tj_json_get_string (session, "_id", ""));
  return g_steal_pointer (&out);
}

JsonArray *
tj_session_next_steps (TjStore             *store,
                       const TjCaseContext *ctx,
                       const char          *case_id,
                       GError             **error)
{
  g_autoptr(JsonObject) case_doc = tj_case_show (store, ctx, case_id, error);
  g_autofree char *today = _tj_session_today_iso (ctx);
  JsonObject *limit, *step;
  JsonArray *out;
  const char *kind;
  gboolean wages;

  if (case_doc == NULL)
    return NULL;
  kind = tj_json_get_string (case_doc, "kind", "");
  wages = _tj_session_in_list (kind, (const char *[]) { "wage_arrears", "overtime", NULL });
  out = json_array_new ();

  limit = tj_json_get_object (tj_json_get_object (case_doc, "deadlines"), "arbitration_limitation");
  step = json_object_new ();
  json_object_set_string_member (step, "kind", "arbitration");
  json_object_set_string_member (step, "title", _("Apply for labour arbitration"));
  json_object_set_string_member (step, "text",
                                 _("Apply in writing to the labour dispute arbitration commission where the work was done or where the employer is registered. Bring the evidence and this case's papers."));
  json_object_set_string_member (step, "from", today);
  if (limit && tj_json_get_string (limit, "date", NULL))
    {
      json_object_set_string_member (step, "by", tj_json_get_string (limit, "date", ""));
      if (json_object_has_member (limit, "days_remaining"))
        json_object_set_int_member (step, "days_remaining", tj_json_get_int (limit, "days_remaining", 0));
    }
  else
    json_object_set_string_member (step, "note", _("No limitation date can be computed from the case: record when the worker knew of the infringement, or when employment ended."));
  json_object_set_string_member (step, "basis", limit ? tj_json_get_string (limit, "basis", "")
                                                      : _("Labour Dispute Mediation and Arbitration Law, Article 27"));
  json_array_add_object_element (out, step);

  if (wages)
    {
      step = json_object_new ();
      json_object_set_string_member (step, "kind", "labour_inspection");
      json_object_set_string_member (step, "title", _("Complain to the labour inspection"));
      json_object_set_string_member (step, "text",
                                     _("The labour inspection can order the employer to pay the wages owed by a deadline. A complaint is free and can be made now, alongside arbitration."));
      json_object_set_string_member (step, "from", today);
      json_object_set_string_member (step, "basis", _(LIR_26));
      json_array_add_object_element (out, step);
    }

  step = json_object_new ();
  json_object_set_string_member (step, "kind", "legal_aid");
  json_object_set_string_member (step, "title", _("Ask for free legal aid"));
  if (_tj_session_in_list (kind, (const char *[]) { "wage_arrears", "work_injury", NULL }))
    {
      json_object_set_string_member (step, "text",
                                     _("Migrant workers claiming their wages or work-injury compensation need not prove financial hardship to get legal aid."));
      json_object_set_boolean_member (step, "means_test_exempt", TRUE);
    }
  else
    {
      json_object_set_string_member (step, "text",
                                     _("Workers who cannot afford a lawyer may apply for legal aid at the local legal aid centre."));
      json_object_set_boolean_member (step, "means_test_exempt", FALSE);
    }
  json_object_set_string_member (step, "from", today);
  json_object_set_string_member (step, "basis", _(LAL_42));
  json_array_add_object_element (out, step);
  return out;
}

/* Ends, to be continued, every meeting of @case_id still open except
 * @keep_id: one meeting at a time, and none once the mediation is over.
 * Inside the caller's transaction. */
gboolean
_tj_session_end_others (TjStore             *store,
                        const TjCaseContext *ctx,
                        const char          *case_id,
                        const char          *keep_id,
                        GError             **error)
{
  g_autoptr(GPtrArray) sessions = _tj_session_children (store, case_id, "session", error);

  if (sessions == NULL)
    return FALSE;
  for (guint i = 0; i < sessions->len; i++)
    {
      JsonObject *other = g_ptr_array_index (sessions, i);
      const char *id = tj_json_get_string (other, "_id", "");
      g_autoptr(JsonObject) ended = NULL;

      if (json_object_has_member (other, "ended_at") || g_strcmp0 (id, keep_id) == 0)
        continue;
      ended = tj_session_end (store, ctx, id, "continue", NULL, NULL, error);
      if (ended == NULL)
        return FALSE;
    }
  return TRUE;
}

JsonObject *
tj_session_end (TjStore             *store,
                const TjCaseContext *ctx,
                const char          *session_id,
                const char          *outcome,
                const char          *reason,
                JsonObject          *terms,
                GError             **error)
{
  g_autoptr(JsonObject) session = NULL;
  g_autoptr(JsonObject) case_doc = NULL;
  g_autoptr(JsonObject) settlement = NULL;
  g_autoptr(JsonObject) set_result = NULL;
  g_autoptr(JsonObject) figures = NULL;
  g_autoptr(JsonObject) empty = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(GPtrArray) parties = NULL;
  g_autoptr(JsonArray) next = NULL;
  g_autofree char *at = tj_timestamp_now ();
  g_autofree char *text = NULL;
  const char *case_id, *status;
  JsonObject *out;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (!_tj_session_in_list (outcome, (const char *[]) { "agreed", "failed", "continue", NULL }))
    {
      tj_set_invalid (error, "outcome", _("outcome: “%s” is not agreed, failed or continue"),
                   outcome ? outcome : "");
      return NULL;
    }
  if (g_str_equal (outcome, "failed") && (reason == NULL || *reason == '\0'))
    {
      tj_set_invalid (error, "reason", _("reason: say why mediation failed"));
      return NULL;
    }
  session = _tj_session_get_session (store, session_id, error);
  if (session == NULL)
    return NULL;
  if (json_object_has_member (session, "ended_at"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT, _("This session already ended (%s)"),
                   tj_json_get_string (session, "outcome", ""));
      return NULL;
    }
  case_id = tj_json_get_string (session, "case_id", "");
  case_doc = tj_case_show (store, ctx, case_id, error);
  if (case_doc == NULL)
    return NULL;
  status = tj_json_get_string (case_doc, "status", "");
  if (!g_str_equal (outcome, "continue") && !g_str_equal (status, "mediating"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                   _("Only a case under mediation can end in agreement or failure; this case is “%s”"),
                   tj_case_status_label (status));
      return NULL;
    }

  if (g_str_equal (outcome, "agreed"))
    {
      if (terms == NULL)
        terms = empty = json_object_new ();
      parties = _tj_session_children (store, case_id, "party", error);
      figures = parties ? tj_session_figures (store, case_id, TJ_AUDIENCE_TABLE, error) : NULL;
      if (figures == NULL)
        return NULL;
      settlement = build_settlement (case_doc, parties, session, terms, figures, error);
      if (settlement == NULL)
        return NULL;
    }

  if (!tj_store_begin (store, error))
    return NULL;
  if (settlement)
    {
      set_result = tj_settlement_set (store, ctx, case_id, settlement, error);
      if (set_result == NULL ||
          !tj_case_set_status (store, ctx, case_id, "agreed",
                               reason && *reason ? reason : _("The parties reached agreement in mediation"),
                               NULL, error))
        goto fail;
    }
  else if (g_str_equal (outcome, "failed") &&
           !tj_case_set_status (store, ctx, case_id, "failed", reason, NULL, error))
    goto fail;

  _tj_session_timer_pause (session, NULL);
  json_object_set_string_member (session, "ended_at", at);
  /* The day, by the context's clock, that papers print as the end. */
  {
    g_autofree char *today = _tj_session_today_iso (ctx);
    json_object_set_string_member (session, "ended_on", today);
  }
  json_object_set_string_member (session, "outcome", outcome);
  if (reason && *reason)
    json_object_set_string_member (session, "outcome_reason", reason);
  if (!g_str_equal (outcome, "continue"))
    json_object_set_string_member (session, "step", "outcome");
  if (!_tj_session_put_doc (store, session, NULL, error))
    goto fail;
  /* The mediation is over: no meeting stays open. */
  if (!g_str_equal (outcome, "continue") &&
      !_tj_session_end_others (store, ctx, case_id, session_id, error))
    goto fail;

  extra = json_object_new ();
  json_object_set_string_member (extra, "session_id", session_id);
  json_object_set_string_member (extra, "outcome", outcome);
  text = g_strdup_printf (g_str_equal (outcome, "agreed") ? _("Session ended: agreement reached")
                          : g_str_equal (outcome, "failed") ? _("Session ended: no agreement")
                          : _("Session ended: to be continued"));
  if (!tj_case_add_event (store, ctx, case_id, "session_ended", text, extra, error))
    goto fail;
  /* A commit that fails has rolled back already. */
  if (!tj_store_commit (store, error))
    return NULL;

  if (g_str_equal (outcome, "failed"))
    {
      next = tj_session_next_steps (store, ctx, case_id, error);
      if (next == NULL)
        return NULL;
    }

  out = json_object_new ();
  json_object_set_string_member (out, "session_id", session_id);
  json_object_set_string_member (out, "case_id", case_id);
  json_object_set_string_member (out, "outcome", outcome);
  json_object_set_string_member (out, "case_status",
                                 g_str_equal (outcome, "agreed") ? "agreed"
                                 : g_str_equal (outcome, "failed") ? "failed" : status);
  if (set_result)
    {
      json_object_set_string_member (out, "settlement_id", tj_json_get_string (set_result, "id", ""));
      json_object_set_object_member (out, "settlement", g_steal_pointer (&settlement));
    }
  if (next)
    json_object_set_array_member (out, "next_steps", g_steal_pointer (&next));
  return out;

fail:
  tj_store_rollback (store);
  return NULL;
}
