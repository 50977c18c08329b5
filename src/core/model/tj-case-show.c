/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cases: a case as the interchange JSON shows it, with its deadlines. */
#define G_LOG_DOMAIN "Tiaojie-Case"

#include "tj-case-private.h"
#include "tj-audit.h"
#include "tj-consent.h"
#include "tj-calendar.h"
#include "tj-chain.h"
#include "tj-deadline.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"


/* ------------------------------------------------------------------ */
/* Reading                                                              */

JsonArray *
_tj_case_child_ids (TjStore     *store,
                    const char  *case_id,
                    const char  *type,
                    gboolean     newest_first,
                    GError     **error)
{
  /* @type NULL: the timeline, events and audit entries together. */
  sqlite3_stmt *st = tj_store_statement (store,
                                         type == NULL
                                           ? "SELECT id FROM case_children WHERE case_id = ? "
                                             "AND type IN ('event', 'audit') ORDER BY sort_key DESC, id"
                                         : newest_first
                                           ? "SELECT id FROM case_children WHERE case_id = ? AND type = ? ORDER BY sort_key DESC, id"
                                           : "SELECT id FROM case_children WHERE case_id = ? AND type = ? ORDER BY sort_key, id",
                                         error);
  JsonArray *ids;
  if (st == NULL)
    return NULL;
  ids = json_array_new ();
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
  if (type)
    sqlite3_bind_text (st, 2, type, -1, SQLITE_STATIC);
  while (sqlite3_step (st) == SQLITE_ROW)
    json_array_add_string_element (ids, (const char *) sqlite3_column_text (st, 0));
  sqlite3_reset (st);
  return ids;
}

JsonObject *
_tj_case_public_copy (JsonObject *doc)
{
  JsonObject *out = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (doc);

  json_object_set_string_member (out, "id", tj_json_get_string (doc, "_id", ""));
  for (GList *l = members; l; l = l->next)
    {
      const char *m = l->data;
      if (m[0] == '_' || g_str_equal (m, "type") || g_str_equal (m, "case_id") || g_str_equal (m, "position"))
        continue;
      json_object_set_member (out, m, json_node_copy (json_object_get_member (doc, m)));
    }
  return out;
}

JsonObject *
tj_case_deadline_input (JsonObject *doc,
                        const char *today)
{
  static const char * const m[] = {
    "received_on", "accepted_on", "knew_on", "employment_ended_on", "employment_ongoing", "kind",
    "limitation_restarted_on", "arbitration_applied_on", "arbitration_accepted_on",
    "agreement_effective_on", "closed_on", NULL
  };
  JsonObject *input = json_object_new ();
  const char *status = tj_json_get_string (doc, "status", "intake");
  const char *ended_on = tj_json_get_string (doc, "ended_on", NULL);
  const char *withdrawn_on = tj_json_get_string (doc, "withdrawn_on", NULL);

  _tj_case_copy_members (input, doc, m);
  if (today)
    json_object_set_string_member (input, "today", today);
  /* The end of the mediation restarts the limitation (§27 ¶2): a failure
   * or a referral records "ended_on", a withdrawal "withdrawn_on" (cases
   * withdrawn before that was recorded: their "closed_on" while still
   * withdrawn). */
  if (ended_on && *ended_on)
    {
      json_object_set_string_member (input, "mediation_ended_on", ended_on);
      json_object_set_string_member (input, "mediation_end_reason",
                                     g_str_equal (status, "referred") || tj_json_get_string (doc, "referred_to", NULL)
                                     ? "referred" : "failed");
    }
  else if ((withdrawn_on && *withdrawn_on) || g_str_equal (status, "withdrawn"))
    {
      const char *on = withdrawn_on && *withdrawn_on ? withdrawn_on : tj_json_get_string (doc, "closed_on", NULL);
      if (on && *on)
        {
          json_object_set_string_member (input, "mediation_ended_on", on);
          json_object_set_string_member (input, "mediation_end_reason", "withdrawn");
        }
    }
  return input;
}

/* Once the parties agree, the 15-day mediation limit (§14) has done its
 * work: it no longer counts down, and says when and why it ended. */
static void
end_mediation_limit (TjStore    *store,
                     const char *case_id,
                     const char *status,
                     JsonObject *deadlines)
{
  static const char * const agreed[] = { "agreed", "performing", "closed", NULL };
  JsonObject *mediation = tj_json_get_object (deadlines, "mediation");
  g_autofree char *settlement_id = g_strconcat ("settlement-", case_id, NULL);
  g_autoptr(JsonObject) settlement = NULL;
  const char *agreed_on = NULL;

  if (mediation == NULL || !_tj_case_in_list (status, agreed))
    return;
  settlement = tj_store_get (store, settlement_id, NULL, TJ_GET_NONE, NULL);
  if (settlement && g_strcmp0 (tj_json_get_string (settlement, "status", NULL), "agreed") == 0)
    agreed_on = tj_json_get_string (settlement, "agreed_on", NULL);
  json_object_set_string_member (mediation, "status", "ended");
  json_object_set_string_member (mediation, "ended_by", "agreement");
  if (agreed_on)
    json_object_set_string_member (mediation, "ended_on", agreed_on);
  else
    json_object_set_null_member (mediation, "ended_on");
  json_object_set_null_member (mediation, "days_remaining");
}

JsonObject *
tj_case_get_doc (TjStore     *store,
                 const char  *id,
                 GError     **error)
{
  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return _tj_case_load_typed (store, id, "case", error);
}

JsonObject *
tj_case_show (TjStore             *store,
              const TjCaseContext *ctx,
              const char          *id,
              GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonArray) party_ids = NULL;
  g_autoptr(JsonArray) claim_ids = NULL;
  g_autoptr(JsonObject) deadlines_in = NULL;
  g_autoptr(JsonObject) deadlines = NULL;
  g_autoptr(GError) local = NULL;
  JsonObject *out, *totals, *dl;
  JsonArray *workers, *chain, *agents, *claims, *flags;
  JsonObject *employer = NULL;
  gint64 owed = 0, claimed = 0;
  g_autofree char *today = tj_date_today_iso (ctx ? ctx->today : NULL);

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (!tj_case_attach (store, error))
    return NULL;
  doc = tj_case_get_doc (store, id, error);
  if (doc == NULL)
    return NULL;

  out = _tj_case_public_copy (doc);
  workers = json_array_new ();
  chain = json_array_new ();
  agents = json_array_new ();
  claims = json_array_new ();

  party_ids = _tj_case_child_ids (store, id, "party", FALSE, error);
  claim_ids = _tj_case_child_ids (store, id, "claim", FALSE, error);
  if (party_ids == NULL || claim_ids == NULL)
    goto fail;

  for (guint i = 0; i < json_array_get_length (party_ids); i++)
    {
      g_autoptr(JsonObject) p = tj_store_get (store, json_array_get_string_element (party_ids, i),
                                              NULL, TJ_GET_NONE, error);
      const char *role;
      JsonObject *copy;

      if (p == NULL)
        goto fail;
      role = tj_json_get_string (p, "role", "");
      copy = _tj_case_public_copy (p);
      if (g_str_equal (role, "worker"))
        {
          json_object_remove_member (copy, "role");
          tj_money_add (&owed, tj_json_get_int (p, "owed_fen", 0));
          json_array_add_object_element (workers, copy);
        }
      else if (g_str_equal (role, "employer"))
        {
          json_object_remove_member (copy, "role");
          employer = copy;
          json_object_set_object_member (out, "employer", copy);
        }
      else if (tj_chain_is_role (role))
        json_array_add_object_element (chain, copy);
      else
        json_array_add_object_element (agents, copy);
    }
  for (guint i = 0; i < json_array_get_length (claim_ids); i++)
    {
      g_autoptr(JsonObject) c = tj_store_get (store, json_array_get_string_element (claim_ids, i),
                                              NULL, TJ_GET_NONE, error);
      if (c == NULL)
        goto fail;
      tj_money_add (&claimed, tj_json_get_int (c, "amount_fen", 0));
      json_array_add_object_element (claims, _tj_case_public_copy (c));
    }
  json_object_set_array_member (out, "workers", workers);
  /* The legal order, whatever order the links were entered in. */
  {
    JsonArray *sorted = tj_chain_sort (chain);
    json_array_unref (chain);
    chain = sorted;
  }
  json_object_set_array_member (out, "chain", json_array_ref (chain));
  json_object_set_array_member (out, "agents", agents);
  json_object_set_array_member (out, "claims", claims);

  totals = json_object_new ();
  json_object_set_int_member (totals, "workers", json_array_get_length (workers));
  json_object_set_int_member (totals, "owed_fen", owed);
  json_object_set_int_member (totals, "claimed_fen", claimed);
  json_object_set_object_member (out, "totals", totals);

  {
    JsonObject *lf = tj_chain_liable_first (chain, employer, tj_json_get_bool (doc, "illegal_project", FALSE));
    if (lf)
      json_object_set_object_member (out, "liable_first", lf);
  }
  json_array_unref (chain);

  /* Deadlines with their legal basis (docs/LAW.md), from the calc engine. */
  deadlines_in = tj_case_deadline_input (doc, today);
  deadlines = tj_deadlines_compute (tj_calendar_get_default (), deadlines_in, &local);
  dl = json_object_new ();
  if (deadlines)
    {
      JsonArray *list = tj_json_get_array (deadlines, "deadlines");
      for (guint i = 0; list && i < json_array_get_length (list); i++)
        {
          JsonObject *d = json_array_get_object_element (list, i);
          json_object_set_object_member (dl, tj_json_get_string (d, "kind", "?"), json_object_ref (d));
        }
      if (tj_json_get_array (deadlines, "warnings"))
        json_object_set_array_member (out, "deadline_warnings",
                                      json_array_ref (tj_json_get_array (deadlines, "warnings")));
    }
  else
    {
      JsonArray *w = json_array_new ();
      json_array_add_string_element (w, local->message);
      json_object_set_array_member (out, "deadline_warnings", w);
    }
  end_mediation_limit (store, id, tj_json_get_string (doc, "status", "intake"), dl);
  json_object_set_object_member (out, "deadlines", dl);

  flags = json_array_new ();
  if (ctx && ctx->flag_min_workers > 0 && json_array_get_length (workers) >= ctx->flag_min_workers)
    json_array_add_string_element (flags, "collective");
  if (ctx && ctx->flag_min_amount_fen > 0 && MAX (owed, claimed) >= ctx->flag_min_amount_fen)
    json_array_add_string_element (flags, "large_amount");
  if (tj_json_get_bool (doc, "layoff", FALSE))
    json_array_add_string_element (flags, "layoff");
  json_object_set_array_member (out, "flags", flags);
  {
    /* PIPL §29: whether the worker agreed to the use of their data. */
    JsonObject *consent = tj_consent_summary (store, id, error);
    if (consent == NULL)
      goto fail;
    json_object_set_object_member (out, "consent", consent);
  }
  return out;

fail:
  json_object_unref (out);
  return NULL;
}
