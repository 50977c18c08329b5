/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Settlement"

#include "tj-settlement-private.h"
#include "tj-arrears.h"
#include "tj-calendar.h"
#include "tj-check.h"
#include "tj-enum-types.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-time.h"
#include "tj-validate.h"

#include <string.h>

/* Roles of parties that receive rather than pay. */
static const char * const not_payers[] = { "worker", "agent", "representative", NULL };

/* ------------------------------------------------------------------ */
/* Helpers                                                              */

/* The case document; TJ_ERROR_NOT_FOUND when @case_id is not a case. */
static JsonObject *
load_case (TjStore     *store,
           const char  *case_id,
           GError     **error)
{
  g_autoptr(GError) local = NULL;
  JsonObject *doc;

  if (case_id == NULL || *case_id == '\0')
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("Name the case"));
      return NULL;
    }
  doc = tj_store_get (store, case_id, NULL, TJ_GET_NONE, &local);
  if (doc && g_strcmp0 (tj_json_get_string (doc, "type", NULL), "case") == 0)
    return doc;
  g_clear_pointer (&doc, json_object_unref);
  if (local && !g_error_matches (local, TJ_ERROR, TJ_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local));
  else
    g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("There is no case %s"), case_id);
  return NULL;
}

/* The case's parties: id -> role, all of them, and id -> name for the
 * workers alone. */
static gboolean
load_parties (TjStore     *store,
              const char  *case_id,
              GHashTable **out_parties,
              GHashTable **out_workers,
              GError     **error)
{
  sqlite3_stmt *st = tj_store_prepare (store, "SELECT id, role, name FROM case_people WHERE case_id = ?", error);
  GHashTable *parties, *workers;

  if (st == NULL)
    return FALSE;
  parties = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  workers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (st, 0);
      const char *role = (const char *) sqlite3_column_text (st, 1);
      const char *name = (const char *) sqlite3_column_text (st, 2);
      g_hash_table_insert (parties, g_strdup (id), g_strdup (role ? role : ""));
      if (g_strcmp0 (role, "worker") == 0)
        g_hash_table_insert (workers, g_strdup (id), g_strdup (name ? name : ""));
    }
  sqlite3_finalize (st);
  *out_parties = parties;
  *out_workers = workers;
  return TRUE;
}

/* The case's settlement document, or %NULL (no error) when it has none.
 * One per case; its id is derived from the case so that two stations
 * drafting offline meet as a conflict on one document, not as two
 * settlements. */
static gboolean
find_settlement (TjStore     *store,
                 const char  *case_id,
                 JsonObject **out,
                 GError     **error)
{
  sqlite3_stmt *st = tj_store_prepare (store,
                                       "SELECT id FROM case_children WHERE case_id = ?1 AND type = 'settlement'"
                                       " ORDER BY id = 'settlement-' || ?1 DESC, id LIMIT 1", error);
  g_autofree char *id = NULL;

  *out = NULL;
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (st, 0));
  sqlite3_finalize (st);
  if (id == NULL)
    return TRUE;
  *out = tj_store_get (store, id, NULL, TJ_GET_NONE, error);
  return *out != NULL;
}

/* Paid so far per "installment/worker_id" key, from the arrears index. */
static GHashTable *
paid_by_allocation (TjStore     *store,
                    const char  *settlement_id,
                    gint64      *out_total,
                    guint       *out_count,
                    GError     **error)
{
  sqlite3_stmt *st = tj_store_prepare (store,
                                       "SELECT installment, worker_id, SUM(amount_fen), COUNT(*) FROM payment_index"
                                       " WHERE settlement_id = ? GROUP BY installment, worker_id", error);
  GHashTable *paid;
  gint64 total = 0;
  guint count = 0;

  if (st == NULL)
    return NULL;
  paid = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_bind_text (st, 1, settlement_id, -1, SQLITE_STATIC);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      gint64 *amount = g_new (gint64, 1);
      *amount = sqlite3_column_int64 (st, 2);
      total += *amount;
      count += (guint) sqlite3_column_int64 (st, 3);
      g_hash_table_insert (paid,
                           g_strdup_printf ("%" G_GINT64_FORMAT "/%s", (gint64) sqlite3_column_int64 (st, 0),
                                            (const char *) sqlite3_column_text (st, 1)),
                           amount);
    }
  sqlite3_finalize (st);
  if (out_total)
    *out_total = total;
  if (out_count)
    *out_count = count;
  return paid;
}

static gint64
lookup_paid (GHashTable *paid,
             gint64      installment,
             const char *worker_id)
{
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT "/%s", installment, worker_id);
  gint64 *amount = g_hash_table_lookup (paid, key);
  return amount ? *amount : 0;
}

/* ------------------------------------------------------------------ */
/* Validation                                                           */

static JsonArray *
check_array (TjCheck    *check,
             JsonObject *obj,
             const char *member,
             const char *field)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      tj_check_field (check, field, _("%s: must be a list"), field);
      return NULL;
    }
  return json_node_get_array (node);
}

static void
validate_settlement (TjCheck    *check,
                     JsonObject *s,
                     GHashTable *parties,
                     GHashTable *workers)
{
  const char *status = tj_check_string (check, s, "status", "status", FALSE);
  gboolean agreed = g_strcmp0 (status, "agreed") == 0;
  gint64 total = tj_check_fen (check, s, "total_fen", "total_fen", TRUE);
  const char *method = tj_check_string (check, s, "method", "method", FALSE);
  JsonNode *payer_node = json_object_get_member (s, "payer");
  JsonArray *installments = check_array (check, s, "installments", "installments");
  JsonArray *terms = check_array (check, s, "terms", "terms");
  gint64 sum = 0;
  gboolean sums_known = TRUE;

  if (status && !agreed && g_strcmp0 (status, "draft") != 0)
    tj_check_field (check, "status", _("status: “%s” is not draft or agreed"), status);
  if (method && !tj_enum_from_nick (TJ_TYPE_PAYMENT_METHOD, method, NULL))
    tj_check_field (check, "method", _("method: “%s” is not one of bank_transfer, cash, wage_account"), method);
  tj_check_string (check, s, "source_session_id", "source_session_id", FALSE);

  if (payer_node && !JSON_NODE_HOLDS_NULL (payer_node))
    {
      JsonObject *payer = JSON_NODE_HOLDS_OBJECT (payer_node) ? json_node_get_object (payer_node) : NULL;
      if (payer == NULL)
        tj_check_field (check, "payer", _("payer: must be an object"));
      else
        {
          const char *party = tj_check_string (check, payer, "party_id", "payer.party_id", FALSE);
          const char *name = tj_check_string (check, payer, "name", "payer.name", FALSE);
          tj_check_string (check, payer, "role", "payer.role", FALSE);
          if (party && *party && !g_hash_table_contains (parties, party))
            tj_check_field (check, "payer.party_id", _("payer.party_id: %s is not a party of this case"), party);
          else if (party && *party && g_strv_contains (not_payers, g_hash_table_lookup (parties, party)))
            tj_check_field (check, "payer.party_id", _("payer.party_id: %s is a worker or an agent; the payer is the employer or "
                                       "a member of the contractor chain"), party);
          if ((party == NULL || *party == '\0') && (name == NULL || *name == '\0'))
            tj_check_field (check, "payer", _("payer: give the party_id or the name of who pays"));
        }
    }
  else if (agreed)
    tj_check_field (check, "payer", _("payer: an agreed settlement names who pays"));

  if (agreed && method == NULL)
    tj_check_field (check, "method", _("method: an agreed settlement says how it is paid (bank_transfer, cash or wage_account)"));
  if (agreed && (installments == NULL || json_array_get_length (installments) == 0))
    tj_check_field (check, "installments", _("installments: an agreed settlement has at least one installment"));

  for (guint i = 0; terms && i < json_array_get_length (terms); i++)
    {
      JsonNode *node = json_array_get_element (terms, i);
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_autofree char *path = g_strdup_printf ("terms[%u]", i);
          tj_check_field (check, path, _("terms[%u]: must be text"), i);
        }
    }

  for (guint i = 0; installments && i < json_array_get_length (installments); i++)
    {
      g_autofree char *f = g_strdup_printf ("installments[%u]", i);
      g_autofree char *f_due = g_strdup_printf ("installments[%u].due_on", i);
      g_autofree char *f_amount = g_strdup_printf ("installments[%u].amount_fen", i);
      g_autofree char *f_alloc = g_strdup_printf ("installments[%u].allocations", i);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      JsonObject *inst = tj_check_element (check, installments, i, f);
      JsonArray *allocations;
      gint64 amount, alloc_sum = 0;
      gboolean alloc_known = TRUE;

      if (inst == NULL)
        {
          sums_known = FALSE;
          continue;
        }
      tj_check_date (check, inst, "due_on", f_due, TRUE);
      amount = tj_check_fen (check, inst, "amount_fen", f_amount, TRUE);
      if (amount < 0)
        sums_known = FALSE;
      else
        sum += amount;
      allocations = check_array (check, inst, "allocations", f_alloc);
      if (agreed && (allocations == NULL || json_array_get_length (allocations) == 0))
        tj_check_field (check, f_alloc, _("%s: an agreed settlement allocates every installment to workers"), f_alloc);

      for (guint k = 0; allocations && k < json_array_get_length (allocations); k++)
        {
          g_autofree char *fa = g_strdup_printf ("installments[%u].allocations[%u]", i, k);
          g_autofree char *fa_worker = g_strdup_printf ("%s.worker_id", fa);
          g_autofree char *fa_amount = g_strdup_printf ("%s.amount_fen", fa);
          g_autofree char *fa_name = g_strdup_printf ("%s.name", fa);
          JsonObject *a = tj_check_element (check, allocations, k, fa);
          const char *worker;
          gint64 share;

          if (a == NULL)
            {
              alloc_known = FALSE;
              continue;
            }
          worker = tj_check_string (check, a, "worker_id", fa_worker, TRUE);
          tj_check_string (check, a, "name", fa_name, FALSE);
          if (worker && !g_hash_table_contains (workers, worker))
            tj_check_field (check, fa_worker, _("%s: %s is not a worker of this case"), fa_worker, worker);
          else if (worker && g_hash_table_contains (seen, worker))
            tj_check_field (check, fa_worker, _("%s: %s (%s) has two allocations in the same installment"), fa_worker,
                              (char *) g_hash_table_lookup (workers, worker), worker);
          else if (worker)
            g_hash_table_add (seen, (gpointer) worker);
          share = tj_check_fen (check, a, "amount_fen", fa_amount, TRUE);
          if (share < 0)
            alloc_known = FALSE;
          else
            alloc_sum += share;
        }
      if (allocations && json_array_get_length (allocations) > 0 && alloc_known && amount >= 0 &&
          alloc_sum != amount)
        {
          g_autofree char *a = tj_money_format (alloc_sum);
          g_autofree char *b = tj_money_format (amount);
          tj_check_field (check, f_alloc, _("%s: the allocations add up to %s but the installment is %s"), f_alloc, a, b);
        }
    }

  if (installments && json_array_get_length (installments) > 0 && sums_known && total >= 0 && sum != total)
    {
      g_autofree char *a = tj_money_format (sum);
      g_autofree char *b = tj_money_format (total);
      tj_check_field (check, "installments", _("installments: they add up to %s but total_fen is %s"), a, b);
    }
}

/* A new agreement must still account for every payment already made. */
static gboolean
payments_fit (TjStore     *store,
              const char  *settlement_id,
              JsonObject  *settlement,
              GHashTable  *workers,
              GError     **error)
{
  sqlite3_stmt *st = tj_store_prepare (store,
                                       "SELECT installment, worker_id, SUM(amount_fen) FROM payment_index"
                                       " WHERE settlement_id = ? GROUP BY installment, worker_id ORDER BY installment", error);
  JsonArray *installments = tj_json_get_array (settlement, "installments");
  gboolean ok = TRUE;

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, settlement_id, -1, SQLITE_STATIC);
  while (ok && sqlite3_step (st) == SQLITE_ROW)
    {
      gint64 idx = sqlite3_column_int64 (st, 0);
      const char *worker = (const char *) sqlite3_column_text (st, 1);
      gint64 paid = sqlite3_column_int64 (st, 2);
      JsonArray *allocations = NULL;
      gint64 share = -1;
      const char *name = worker ? g_hash_table_lookup (workers, worker) : NULL;

      if (idx >= 0 && installments && idx < json_array_get_length (installments))
        allocations = tj_json_get_array (json_array_get_object_element (installments, idx), "allocations");
      for (guint k = 0; allocations && k < json_array_get_length (allocations); k++)
        {
          JsonObject *a = json_array_get_object_element (allocations, k);
          if (g_strcmp0 (tj_json_get_string (a, "worker_id", NULL), worker) == 0)
            share = tj_json_get_int (a, "amount_fen", 0);
        }
      if (share < paid)
        {
          g_autofree char *p = tj_money_format (paid);
          g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                       _("The new agreement does not cover a payment already made: %s was paid %s in "
                         "installment %u, which the new agreement allocates less to"),
                       name ? name : worker, p, (guint) idx + 1);
          ok = FALSE;
        }
    }
  sqlite3_finalize (st);
  return ok;
}

/* ------------------------------------------------------------------ */
/* Setting                                                              */

static const char * const settlement_members[] = {
  "status", "total_fen", "payer", "method", "terms", "source_session_id", NULL
};

static JsonObject *
settlement_set_locked (TjStore             *store,
                   const TjCaseContext *ctx,
                   const char          *case_id,
                   JsonObject          *settlement,
                   GError             **error)
{
  g_autoptr(JsonObject) case_doc = NULL;
  g_autoptr(JsonObject) existing = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(GHashTable) parties = NULL;
  g_autoptr(GHashTable) workers = NULL;
  g_autoptr(GHashTable) paid = NULL;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *now = tj_timestamp_now_seconds ();
  g_autofree char *today = tj_date_today_iso (ctx ? ctx->today : NULL);
  g_autofree char *rev = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  g_autofree char *amount = NULL;
  g_auto(TjCheck) check = { errors };
  const char *status, *old_status = NULL;
  JsonArray *installments, *copy;
  guint n_payments = 0;
  guint n;
  JsonObject *out;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (settlement != NULL, NULL);

  if (!tj_arrears_attach (store, error))
    return NULL;
  case_doc = load_case (store, case_id, error);
  if (case_doc == NULL)
    return NULL;
  if (!load_parties (store, case_id, &parties, &workers, error))
    return NULL;
  validate_settlement (&check, settlement, parties, workers);
  if (!tj_check_finish (&check, error))
    return NULL;
  status = tj_json_get_string (settlement, "status", "draft");

  if (!find_settlement (store, case_id, &existing, error))
    return NULL;
  if (existing)
    {
      old_status = tj_json_get_string (existing, "status", "draft");
      paid = paid_by_allocation (store, tj_json_get_string (existing, "_id", ""), NULL, &n_payments, error);
      if (paid == NULL)
        return NULL;
      if (g_str_equal (old_status, "agreed") && n_payments > 0)
        {
          if (!g_str_equal (status, "agreed"))
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                           _("The settlement was agreed and payments have been made under it; it can only be "
                             "replaced by a new agreement (status “agreed”), not turned back into a draft"));
              return NULL;
            }
          if (!payments_fit (store, tj_json_get_string (existing, "_id", ""), settlement, workers, error))
            return NULL;
        }
    }

  doc = json_object_new ();
  if (existing)
    {
      json_object_set_string_member (doc, "_id", tj_json_get_string (existing, "_id", ""));
      json_object_set_string_member (doc, "_rev", tj_json_get_string (existing, "_rev", ""));
      json_object_set_string_member (doc, "created_at", tj_json_get_string (existing, "created_at", now));
    }
  else
    {
      g_autofree char *new_id = g_strconcat ("settlement-", case_id, NULL);
      json_object_set_string_member (doc, "_id", new_id);
      json_object_set_string_member (doc, "created_at", now);
    }
  json_object_set_string_member (doc, "type", "settlement");
  json_object_set_string_member (doc, "case_id", case_id);
  for (guint i = 0; settlement_members[i]; i++)
    {
      JsonNode *node = json_object_get_member (settlement, settlement_members[i]);
      if (node && !JSON_NODE_HOLDS_NULL (node))
        json_object_set_member (doc, settlement_members[i], json_node_copy (node));
    }
  json_object_set_string_member (doc, "status", status);

  /* Installments as given, with each worker's name filled in from the
   * case so that the settlement reads on its own (documents, exports). */
  installments = tj_json_get_array (settlement, "installments");
  copy = json_array_new ();
  n = installments ? json_array_get_length (installments) : 0;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *inst = json_array_get_object_element (installments, i);
      JsonObject *c = json_object_new ();
      JsonArray *allocations = tj_json_get_array (inst, "allocations");
      JsonArray *alloc_copy = json_array_new ();

      json_object_set_string_member (c, "due_on", tj_json_get_string (inst, "due_on", ""));
      json_object_set_int_member (c, "amount_fen", tj_json_get_int (inst, "amount_fen", 0));
      for (guint k = 0; allocations && k < json_array_get_length (allocations); k++)
        {
          JsonObject *a = json_array_get_object_element (allocations, k);
          JsonObject *ac = json_object_new ();
          const char *worker = tj_json_get_string (a, "worker_id", "");
          json_object_set_string_member (ac, "worker_id", worker);
          json_object_set_string_member (ac, "name",
                                         tj_json_get_string (a, "name",
                                                             g_hash_table_lookup (workers, worker)));
          json_object_set_int_member (ac, "amount_fen", tj_json_get_int (a, "amount_fen", 0));
          json_array_add_object_element (alloc_copy, ac);
        }
      json_object_set_array_member (c, "allocations", alloc_copy);
      json_array_add_object_element (copy, c);
    }
  json_object_set_array_member (doc, "installments", copy);
  if (g_str_equal (status, "agreed"))
    json_object_set_string_member (doc, "agreed_on",
                                   g_strcmp0 (old_status, "agreed") == 0
                                     ? tj_json_get_string (existing, "agreed_on", today) : today);
  json_object_set_string_member (doc, "updated_at", now);
  if (ctx && ctx->actor && *ctx->actor)
    json_object_set_string_member (doc, "updated_by", ctx->actor);

  amount = tj_money_format (tj_json_get_int (doc, "total_fen", 0));
  if (g_str_equal (status, "draft"))
    text = g_strdup_printf (existing
                              ? g_dngettext (GETTEXT_PACKAGE, "Settlement draft changed: %s in %u installment",
                                             "Settlement draft changed: %s in %u installments", n)
                              : g_dngettext (GETTEXT_PACKAGE, "Settlement drafted: %s in %u installment",
                                             "Settlement drafted: %s in %u installments", n),
                            amount, n);
  else if (g_strcmp0 (old_status, "agreed") == 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Settlement changed by a new agreement: %s in %u installment",
                                         "Settlement changed by a new agreement: %s in %u installments", n),
                            amount, n);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Settlement agreed: %s in %u installment",
                                         "Settlement agreed: %s in %u installments", n),
                            amount, n);

  if (!tj_store_begin (store, error))
    return NULL;
  rev = tj_store_put (store, doc, &id, error);
  if (rev == NULL)
    goto fail;
  extra = json_object_new ();
  json_object_set_string_member (extra, "settlement_id", id);
  json_object_set_string_member (extra, "settlement_status", status);
  json_object_set_int_member (extra, "total_fen", tj_json_get_int (doc, "total_fen", 0));
  if (!tj_case_add_event (store, ctx, case_id, "settlement", text, extra, error))
    goto fail;
  if (!tj_store_commit (store, error))
    return NULL;

  out = json_object_new ();
  json_object_set_string_member (out, "id", id);
  json_object_set_string_member (out, "status", status);
  return out;

fail:
  tj_store_rollback (store);
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Progress                                                             */

typedef struct {
  char   *worker_id;
  char   *name;
  gint64  allocated;
  gint64  paid;
  gint64  overdue;
} WorkerProgress;

static void
worker_progress_free (gpointer data)
{
  WorkerProgress *w = data;
  g_free (w->worker_id);
  g_free (w->name);
  g_free (w);
}

static JsonArray *
load_payments (TjStore     *store,
               const char  *case_id,
               const char  *settlement_id,
               GError     **error)
{
  sqlite3_stmt *st = tj_store_prepare (store,
                                       "SELECT id FROM payment_index WHERE case_id = ? AND settlement_id = ?"
                                       " ORDER BY paid_on, id", error);
  JsonArray *out;

  if (st == NULL)
    return NULL;
  out = json_array_new ();
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, settlement_id, -1, SQLITE_STATIC);
  while (sqlite3_step (st) == SQLITE_ROW)
    {
      g_autoptr(JsonObject) doc = tj_store_get (store, (const char *) sqlite3_column_text (st, 0), NULL,
                                                TJ_GET_NONE, NULL);
      JsonObject *p;
      static const char * const members[] = {
        "installment", "worker_id", "name", "amount_fen", "paid_on", "method", "reference", "recorded_by",
        "recorded_at", NULL
      };

      if (doc == NULL)
        continue;
      p = json_object_new ();
      json_object_set_string_member (p, "id", tj_json_get_string (doc, "_id", ""));
      for (guint i = 0; members[i]; i++)
        if (json_object_has_member (doc, members[i]))
          json_object_set_member (p, members[i], json_node_copy (json_object_get_member (doc, members[i])));
      if (tj_json_get_object (doc, "_attachments"))
        {
          g_autoptr(GList) names = json_object_get_members (tj_json_get_object (doc, "_attachments"));
          if (names)
            json_object_set_string_member (p, "receipt", names->data);
        }
      json_array_add_object_element (out, p);
    }
  sqlite3_finalize (st);
  return out;
}

JsonObject *
tj_settlement_get (TjStore             *store,
                   const TjCaseContext *ctx,
                   const char          *case_id,
                   GError             **error)
{
  g_autoptr(JsonObject) case_doc = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GHashTable) paid = NULL;
  g_autoptr(GHashTable) by_worker = NULL; /* worker_id -> WorkerProgress */
  g_autoptr(GPtrArray) worker_order = NULL;
  g_autofree char *today = tj_date_today_iso (ctx ? ctx->today : NULL);
  g_autoptr(GList) members = NULL;
  const char *settlement_id;
  JsonObject *out, *progress;
  JsonArray *installments, *inst_out, *workers_out, *payments;
  gint64 total_paid = 0, total_overdue = 0, total_amount = 0;
  guint n_overdue = 0;
  const char *next_due = NULL;
  gboolean agreed;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (!tj_arrears_attach (store, error))
    return NULL;
  case_doc = load_case (store, case_id, error);
  if (case_doc == NULL)
    return NULL;
  if (!find_settlement (store, case_id, &doc, error))
    return NULL;
  if (doc == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("The case has no settlement yet"));
      return NULL;
    }
  settlement_id = tj_json_get_string (doc, "_id", "");
  paid = paid_by_allocation (store, settlement_id, &total_paid, NULL, error);
  if (paid == NULL)
    return NULL;
  payments = load_payments (store, case_id, settlement_id, error);
  if (payments == NULL)
    return NULL;
  agreed = g_strcmp0 (tj_json_get_string (doc, "status", NULL), "agreed") == 0;

  out = json_object_new ();
  json_object_set_string_member (out, "id", settlement_id);
  json_object_set_string_member (out, "case_id", case_id);
  members = json_object_get_members (doc);
  for (GList *l = members; l; l = l->next)
    {
      const char *m = l->data;
      if (m[0] == '_' || g_str_equal (m, "type") || g_str_equal (m, "case_id") || g_str_equal (m, "installments"))
        continue;
      json_object_set_member (out, m, json_node_copy (json_object_get_member (doc, m)));
    }
  json_object_set_string_member (out, "today", today);
  json_object_set_string_member (out, "case_status", tj_json_get_string (case_doc, "status", "intake"));

  by_worker = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, worker_progress_free);
  worker_order = g_ptr_array_new ();
  installments = tj_json_get_array (doc, "installments");
  inst_out = json_array_new ();
  for (guint i = 0; installments && i < json_array_get_length (installments); i++)
    {
      JsonObject *inst = json_array_get_object_element (installments, i);
      JsonArray *allocations = tj_json_get_array (inst, "allocations");
      JsonObject *io = json_object_new ();
      JsonArray *alloc_out = json_array_new ();
      const char *due_on = tj_json_get_string (inst, "due_on", "");
      gint64 amount = tj_json_get_int (inst, "amount_fen", 0);
      gint64 inst_paid = 0;
      gboolean overdue;

      for (guint k = 0; allocations && k < json_array_get_length (allocations); k++)
        {
          JsonObject *a = json_array_get_object_element (allocations, k);
          const char *worker = tj_json_get_string (a, "worker_id", "");
          gint64 share = tj_json_get_int (a, "amount_fen", 0);
          gint64 got = lookup_paid (paid, i, worker);
          JsonObject *ao = json_object_new ();
          WorkerProgress *wp = g_hash_table_lookup (by_worker, worker);

          inst_paid += got;
          json_object_set_string_member (ao, "worker_id", worker);
          json_object_set_string_member (ao, "name", tj_json_get_string (a, "name", ""));
          json_object_set_int_member (ao, "amount_fen", share);
          json_object_set_int_member (ao, "paid_fen", got);
          json_object_set_int_member (ao, "owed_fen", MAX (share - got, 0));
          json_array_add_object_element (alloc_out, ao);

          if (wp == NULL)
            {
              wp = g_new0 (WorkerProgress, 1);
              wp->worker_id = g_strdup (worker);
              wp->name = g_strdup (tj_json_get_string (a, "name", ""));
              g_hash_table_insert (by_worker, wp->worker_id, wp);
              g_ptr_array_add (worker_order, wp);
            }
          wp->allocated += share;
          wp->paid += got;
          if (agreed && strcmp (due_on, today) < 0)
            wp->overdue += MAX (share - got, 0);
        }
      /* Payments made without allocations (none for an agreed settlement,
       * but a replicated document may lack them) still count. */
      if (allocations == NULL || json_array_get_length (allocations) == 0)
        inst_paid = 0;

      overdue = agreed && strcmp (due_on, today) < 0 && inst_paid < amount;
      json_object_set_int_member (io, "index", i);
      json_object_set_int_member (io, "number", i + 1);
      json_object_set_string_member (io, "due_on", due_on);
      json_object_set_int_member (io, "amount_fen", amount);
      json_object_set_int_member (io, "paid_fen", inst_paid);
      json_object_set_int_member (io, "owed_fen", MAX (amount - inst_paid, 0));
      json_object_set_boolean_member (io, "overdue", overdue);
      json_object_set_string_member (io, "state",
                                     inst_paid >= amount ? "paid"
                                     : overdue ? "overdue"
                                     : inst_paid > 0 ? "partly_paid" : "due");
      json_object_set_array_member (io, "allocations", alloc_out);
      json_array_add_object_element (inst_out, io);

      total_amount += amount;
      if (overdue)
        {
          n_overdue++;
          total_overdue += amount - inst_paid;
        }
      else if (inst_paid < amount && next_due == NULL)
        next_due = due_on;
    }
  json_object_set_array_member (out, "installments", inst_out);

  workers_out = json_array_new ();
  for (guint i = 0; i < worker_order->len; i++)
    {
      WorkerProgress *wp = g_ptr_array_index (worker_order, i);
      JsonObject *wo = json_object_new ();
      json_object_set_string_member (wo, "worker_id", wp->worker_id);
      json_object_set_string_member (wo, "name", wp->name);
      json_object_set_int_member (wo, "allocated_fen", wp->allocated);
      json_object_set_int_member (wo, "paid_fen", wp->paid);
      json_object_set_int_member (wo, "owed_fen", MAX (wp->allocated - wp->paid, 0));
      json_object_set_int_member (wo, "overdue_fen", wp->overdue);
      json_array_add_object_element (workers_out, wo);
    }
  json_object_set_array_member (out, "workers", workers_out);
  json_object_set_array_member (out, "payments", payments);

  progress = json_object_new ();
  json_object_set_int_member (progress, "total_fen", tj_json_get_int (doc, "total_fen", total_amount));
  json_object_set_int_member (progress, "paid_fen", total_paid);
  json_object_set_int_member (progress, "owed_fen", MAX (tj_json_get_int (doc, "total_fen", total_amount) - total_paid, 0));
  json_object_set_int_member (progress, "overdue_fen", total_overdue);
  json_object_set_int_member (progress, "overdue_installments", n_overdue);
  if (next_due)
    json_object_set_string_member (progress, "next_due_on", next_due);
  else
    json_object_set_null_member (progress, "next_due_on");
  json_object_set_boolean_member (progress, "all_paid",
                                  agreed && total_paid >= tj_json_get_int (doc, "total_fen", total_amount));
  json_object_set_object_member (out, "progress", progress);

  if (n_overdue > 0)
    json_object_set_array_member (out, "next_steps",
                                  tj_arrears_next_steps (tj_json_get_string (case_doc, "kind", NULL)));
  /* Everything paid: offer to close the case (the mediator decides). */
  if (json_object_get_boolean_member (progress, "all_paid") &&
      tj_case_status_allowed (tj_json_get_string (case_doc, "status", "intake"), "closed"))
    json_object_set_string_member (out, "suggested_status", "closed");
  return out;
}

/* ------------------------------------------------------------------ */
/* Payments                                                             */

static JsonObject *
payment_add_locked (TjStore             *store,
                const TjCaseContext *ctx,
                const char          *case_id,
                JsonObject          *payment,
                GError             **error)
{
  g_autoptr(JsonObject) case_doc = NULL;
  g_autoptr(JsonObject) settlement = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autoptr(GHashTable) parties = NULL;
  g_autoptr(GHashTable) workers = NULL;
  g_autoptr(GHashTable) paid = NULL;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *today = tj_date_today_iso (ctx ? ctx->today : NULL);
  g_autofree char *now = tj_timestamp_now_seconds ();
  g_autofree char *rev = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  g_auto(TjCheck) check = { errors };
  JsonArray *installments, *allocations = NULL;
  JsonNode *inst_node;
  JsonObject *receipt = NULL, *out;
  const char *settlement_id, *worker, *paid_on, *method, *name = NULL;
  gint64 idx = -1, amount, share = -1, already, total_paid = 0;
  gint64 total;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (payment != NULL, NULL);

  if (!tj_arrears_attach (store, error))
    return NULL;
  case_doc = load_case (store, case_id, error);
  if (case_doc == NULL)
    return NULL;
  if (!find_settlement (store, case_id, &settlement, error))
    return NULL;
  if (settlement == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                   _("The case has no settlement; record the agreed settlement before its payments"));
      return NULL;
    }
  if (g_strcmp0 (tj_json_get_string (settlement, "status", NULL), "agreed") != 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                   _("The settlement is still a draft; payments are recorded once it is agreed"));
      return NULL;
    }
  settlement_id = tj_json_get_string (settlement, "_id", "");
  if (!load_parties (store, case_id, &parties, &workers, error))
    return NULL;

  /* Check everything first, then the amounts against the allocation. */
  installments = tj_json_get_array (settlement, "installments");
  inst_node = json_object_get_member (payment, "installment");
  if (inst_node == NULL || !JSON_NODE_HOLDS_VALUE (inst_node) || json_node_get_value_type (inst_node) != G_TYPE_INT64)
    tj_check_field (&check, "installment", _("installment: required, the number of the installment counted from 0"));
  else
    {
      idx = json_node_get_int (inst_node);
      if (idx < 0 || installments == NULL || idx >= json_array_get_length (installments))
        {
          tj_check_field (&check, "installment", _("installment: the settlement has no installment %d (it has %u, counted from 0)"),
                            (int) CLAMP (idx, G_MININT, G_MAXINT), installments ? json_array_get_length (installments) : 0);
          idx = -1;
        }
      else
        allocations = tj_json_get_array (json_array_get_object_element (installments, idx), "allocations");
    }
  worker = tj_check_string (&check, payment, "worker_id", "worker_id", TRUE);
  amount = tj_check_fen (&check, payment, "amount_fen", "amount_fen", TRUE);
  if (amount == 0)
    tj_check_field (&check, "amount_fen", _("amount_fen: a payment is more than zero"));
  tj_check_date (&check, payment, "paid_on", "paid_on", TRUE);
  paid_on = tj_json_get_string (payment, "paid_on", NULL);
  if (paid_on && tj_validate_date (paid_on, NULL, NULL) && strcmp (paid_on, today) > 0)
    tj_check_field (&check, "paid_on", _("paid_on: %s is in the future; record a payment once it is made"), paid_on);
  method = tj_check_string (&check, payment, "method", "method", FALSE);
  if (method && !tj_enum_from_nick (TJ_TYPE_PAYMENT_METHOD, method, NULL))
    tj_check_field (&check, "method", _("method: “%s” is not one of bank_transfer, cash, wage_account"), method);
  tj_check_string (&check, payment, "reference", "reference", FALSE);
  if (json_object_has_member (payment, "receipt"))
    {
      receipt = tj_json_get_object (payment, "receipt");
      if (receipt == NULL)
        tj_check_field (&check, "receipt", _("receipt: must be an object with content_type and data (base64)"));
      else
        {
          const char *data = tj_check_string (&check, receipt, "data", "receipt.data", TRUE);
          const char *type = tj_check_string (&check, receipt, "content_type", "receipt.content_type", TRUE);
          tj_check_string (&check, receipt, "filename", "receipt.filename", FALSE);
          if (type && !g_str_has_prefix (type, "image/") && !g_str_equal (type, "application/pdf"))
            tj_check_field (&check, "receipt.content_type", _("receipt.content_type: “%s” is not a photo or a PDF"), type);
          if (data)
            {
              gsize len = 0;
              g_autofree guchar *raw = NULL;
              /* g_base64_decode never fails; check the alphabet first. */
              if (strspn (data, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n\r") != strlen (data))
                tj_check_field (&check, "receipt.data", _("receipt.data: is not base64"));
              else if ((raw = g_base64_decode (data, &len)) == NULL || len == 0)
                tj_check_field (&check, "receipt.data", _("receipt.data: is empty"));
            }
        }
    }

  if (worker && idx >= 0)
    {
      for (guint k = 0; allocations && k < json_array_get_length (allocations); k++)
        {
          JsonObject *a = json_array_get_object_element (allocations, k);
          if (g_strcmp0 (tj_json_get_string (a, "worker_id", NULL), worker) == 0)
            {
              share = tj_json_get_int (a, "amount_fen", 0);
              name = tj_json_get_string (a, "name", NULL);
            }
        }
      if (name == NULL)
        name = g_hash_table_lookup (workers, worker);
      if (share < 0)
        tj_check_problem (&check,
                          g_hash_table_contains (workers, worker)
                            ? _("Payment to the wrong worker: %s has no allocation in installment %u")
                            : _("Payment to the wrong worker: %s is not a worker of this case (installment %u)"),
                          name ? name : worker, (guint) idx + 1);
    }
  if (!tj_check_finish (&check, error))
    return NULL;

  paid = paid_by_allocation (store, settlement_id, &total_paid, NULL, error);
  if (paid == NULL)
    return NULL;
  already = lookup_paid (paid, idx, worker);
  if (already + amount > share)
    {
      g_autofree char *s_share = tj_money_format (share);
      g_autofree char *s_already = tj_money_format (already);
      g_autofree char *s_amount = tj_money_format (amount);
      g_autofree char *s_over = tj_money_format (already + amount - share);
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("Overpayment refused: %s is allocated %s in installment %u and %s has been paid; "
                     "%s more would exceed it by %s"),
                   name ? name : worker, s_share, (guint) idx + 1, s_already, s_amount, s_over);
      return NULL;
    }

  doc = json_object_new ();
  json_object_set_string_member (doc, "type", "payment");
  json_object_set_string_member (doc, "case_id", case_id);
  json_object_set_string_member (doc, "settlement_id", settlement_id);
  json_object_set_int_member (doc, "installment", idx);
  json_object_set_string_member (doc, "worker_id", worker);
  if (name)
    json_object_set_string_member (doc, "name", name);
  json_object_set_int_member (doc, "amount_fen", amount);
  json_object_set_string_member (doc, "paid_on", paid_on);
  /* Unless said otherwise, paid the way the settlement says. */
  if (method == NULL)
    method = tj_json_get_string (settlement, "method", NULL);
  if (method)
    json_object_set_string_member (doc, "method", method);
  if (tj_json_get_string (payment, "reference", NULL))
    json_object_set_string_member (doc, "reference", tj_json_get_string (payment, "reference", NULL));
  json_object_set_string_member (doc, "recorded_at", now);
  if (ctx && ctx->actor && *ctx->actor)
    json_object_set_string_member (doc, "recorded_by", ctx->actor);
  if (receipt)
    {
      JsonObject *atts = json_object_new ();
      JsonObject *att = json_object_new ();
      g_autofree char *filename = g_path_get_basename (tj_json_get_string (receipt, "filename", "receipt"));
      json_object_set_string_member (att, "content_type", tj_json_get_string (receipt, "content_type", ""));
      json_object_set_string_member (att, "data", tj_json_get_string (receipt, "data", ""));
      json_object_set_object_member (atts, filename, att);
      json_object_set_object_member (doc, "_attachments", atts);
    }

  {
    g_autofree char *s_amount = tj_money_format (amount);
    text = g_strdup_printf (_("Payment recorded: %s to %s (installment %u, paid on %s)"),
                            s_amount, name ? name : worker, (guint) idx + 1, paid_on);
  }
  extra = json_object_new ();
  json_object_set_int_member (extra, "amount_fen", amount);
  json_object_set_int_member (extra, "installment", idx);
  json_object_set_string_member (extra, "worker_id", worker);

  if (!tj_store_begin (store, error))
    return NULL;
  rev = tj_store_put (store, doc, &id, error);
  if (rev == NULL)
    goto fail;
  if (!tj_case_add_event (store, ctx, case_id, "payment", text, extra, error))
    goto fail;
  /* The first payment under an agreement means it is being performed. */
  if (g_strcmp0 (tj_json_get_string (case_doc, "status", NULL), "agreed") == 0 &&
      !tj_case_set_status (store, ctx, case_id, "performing",
                           _("The first payment under the settlement was recorded"), NULL, error))
    goto fail;
  if (!tj_store_commit (store, error))
    return NULL;

  total = tj_json_get_int (settlement, "total_fen", 0);
  total_paid += amount;
  out = json_object_new ();
  json_object_set_string_member (out, "id", id);
  json_object_set_int_member (out, "paid_fen", total_paid);
  json_object_set_int_member (out, "owed_fen", MAX (total - total_paid, 0));
  json_object_set_boolean_member (out, "all_paid", total_paid >= total);
  /* Everything paid: offer to close the case (the mediator decides). */
  if (total_paid >= total)
    {
      g_autoptr(JsonObject) now_case = tj_store_get (store, case_id, NULL, TJ_GET_NONE, NULL);
      if (now_case && tj_case_status_allowed (tj_json_get_string (now_case, "status", "intake"), "closed"))
        json_object_set_string_member (out, "suggested_status", "closed");
    }
  return out;

fail:
  tj_store_rollback (store);
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Batches: a whole installment, a bank's payment file                  */

gboolean
_tj_payment_batch_init (TjPaymentBatch  *batch,
                        TjStore         *store,
                        const char      *case_id,
                        GError         **error)
{
  g_autoptr(GHashTable) parties = NULL;

  memset (batch, 0, sizeof *batch);
  batch->case_doc = load_case (store, case_id, error);
  if (batch->case_doc == NULL)
    return FALSE;
  if (!find_settlement (store, case_id, &batch->settlement, error))
    return FALSE;
  if (batch->settlement == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                   _("The case has no settlement; record the agreed settlement before its payments"));
      return FALSE;
    }
  if (g_strcmp0 (tj_json_get_string (batch->settlement, "status", NULL), "agreed") != 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                   _("The settlement is still a draft; payments are recorded once it is agreed"));
      return FALSE;
    }
  if (!load_parties (store, case_id, &parties, &batch->workers, error))
    return FALSE;
  batch->paid = paid_by_allocation (store, tj_json_get_string (batch->settlement, "_id", ""),
                                    &batch->total_paid, NULL, error);
  if (batch->paid == NULL)
    return FALSE;
  batch->ids = json_array_new ();
  return TRUE;
}

void
_tj_payment_batch_clear (TjPaymentBatch *batch)
{
  g_clear_pointer (&batch->case_doc, json_object_unref);
  g_clear_pointer (&batch->settlement, json_object_unref);
  g_clear_pointer (&batch->workers, g_hash_table_unref);
  g_clear_pointer (&batch->paid, g_hash_table_unref);
  g_clear_pointer (&batch->ids, json_array_unref);
}

JsonArray *
_tj_payment_batch_installments (TjPaymentBatch *batch)
{
  return tj_json_get_array (batch->settlement, "installments");
}

gint64
_tj_payment_batch_owed (TjPaymentBatch  *batch,
                        guint            index,
                        const char      *worker_id,
                        gint64          *out_share,
                        const char     **out_name)
{
  JsonArray *installments = _tj_payment_batch_installments (batch);
  JsonArray *allocations = NULL;
  gint64 share = -1;
  const char *name = NULL;

  if (installments && index < json_array_get_length (installments))
    allocations = tj_json_get_array (json_array_get_object_element (installments, index), "allocations");
  for (guint k = 0; allocations && k < json_array_get_length (allocations); k++)
    {
      JsonObject *a = json_array_get_object_element (allocations, k);
      if (g_strcmp0 (tj_json_get_string (a, "worker_id", NULL), worker_id) == 0)
        {
          share = tj_json_get_int (a, "amount_fen", 0);
          name = tj_json_get_string (a, "name", NULL);
        }
    }
  if (name == NULL)
    name = g_hash_table_lookup (batch->workers, worker_id);
  if (out_share)
    *out_share = share;
  if (out_name)
    *out_name = name ? name : worker_id;
  return share < 0 ? 0 : MAX (share - lookup_paid (batch->paid, index, worker_id), 0);
}

gboolean
_tj_payment_batch_put (TjPaymentBatch      *batch,
                       TjStore             *store,
                       const TjCaseContext *ctx,
                       guint                index,
                       const char          *worker_id,
                       gint64               amount,
                       const char          *paid_on,
                       const char          *method,
                       const char          *reference,
                       GError             **error)
{
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autofree char *now = tj_timestamp_now_seconds ();
  g_autofree char *rev = NULL;
  g_autofree char *id = NULL;
  g_autofree char *key = g_strdup_printf ("%u/%s", index, worker_id);
  const char *name = NULL;
  gint64 *paid;

  _tj_payment_batch_owed (batch, index, worker_id, NULL, &name);
  json_object_set_string_member (doc, "type", "payment");
  json_object_set_string_member (doc, "case_id", tj_json_get_string (batch->case_doc, "_id", ""));
  json_object_set_string_member (doc, "settlement_id", tj_json_get_string (batch->settlement, "_id", ""));
  json_object_set_int_member (doc, "installment", index);
  json_object_set_string_member (doc, "worker_id", worker_id);
  if (name)
    json_object_set_string_member (doc, "name", name);
  json_object_set_int_member (doc, "amount_fen", amount);
  json_object_set_string_member (doc, "paid_on", paid_on);
  if (method == NULL)
    method = tj_json_get_string (batch->settlement, "method", NULL);
  if (method)
    json_object_set_string_member (doc, "method", method);
  if (reference && *reference)
    json_object_set_string_member (doc, "reference", reference);
  json_object_set_string_member (doc, "recorded_at", now);
  if (ctx && ctx->actor && *ctx->actor)
    json_object_set_string_member (doc, "recorded_by", ctx->actor);
  rev = tj_store_put (store, doc, &id, error);
  if (rev == NULL)
    return FALSE;

  paid = g_hash_table_lookup (batch->paid, key);
  if (paid == NULL)
    {
      paid = g_new0 (gint64, 1);
      g_hash_table_insert (batch->paid, g_steal_pointer (&key), paid);
    }
  *paid += amount;
  batch->total_paid += amount;
  batch->batch_fen += amount;
  json_array_add_string_element (batch->ids, id);
  return TRUE;
}

gboolean
_tj_payment_batch_finish (TjPaymentBatch      *batch,
                          TjStore             *store,
                          const TjCaseContext *ctx,
                          const char          *text,
                          JsonObject          *extra,
                          GError             **error)
{
  const char *case_id = tj_json_get_string (batch->case_doc, "_id", "");

  if (!tj_case_add_event (store, ctx, case_id, "payment", text, extra, error))
    return FALSE;
  /* The first payment under an agreement means it is being performed. */
  if (g_strcmp0 (tj_json_get_string (batch->case_doc, "status", NULL), "agreed") == 0 &&
      !tj_case_set_status (store, ctx, case_id, "performing",
                           _("The first payment under the settlement was recorded"), NULL, error))
    return FALSE;
  return TRUE;
}

JsonObject *
_tj_payment_batch_result (TjPaymentBatch *batch,
                          TjStore        *store)
{
  gint64 total = tj_json_get_int (batch->settlement, "total_fen", 0);
  JsonObject *out = json_object_new ();

  json_object_set_array_member (out, "ids", json_array_ref (batch->ids));
  json_object_set_int_member (out, "payments", json_array_get_length (batch->ids));
  json_object_set_int_member (out, "amount_fen", batch->batch_fen);
  json_object_set_int_member (out, "paid_fen", batch->total_paid);
  json_object_set_int_member (out, "owed_fen", MAX (total - batch->total_paid, 0));
  json_object_set_boolean_member (out, "all_paid", batch->total_paid >= total);
  if (batch->total_paid >= total)
    {
      g_autoptr(JsonObject) now_case = tj_store_get (store, tj_json_get_string (batch->case_doc, "_id", ""), NULL,
                                                     TJ_GET_NONE, NULL);
      if (now_case && tj_case_status_allowed (tj_json_get_string (now_case, "status", "intake"), "closed"))
        json_object_set_string_member (out, "suggested_status", "closed");
    }
  return out;
}

/* The paid_on, method and reference of a batch, checked as for one
 * payment. */
static void
check_batch_input (TjCheck     *check,
                   JsonObject  *input,
                   const char  *today)
{
  const char *paid_on, *method;

  tj_check_date (check, input, "paid_on", "paid_on", TRUE);
  paid_on = tj_json_get_string (input, "paid_on", NULL);
  if (paid_on && tj_validate_date (paid_on, NULL, NULL) && strcmp (paid_on, today) > 0)
    tj_check_field (check, "paid_on", _("paid_on: %s is in the future; record a payment once it is made"), paid_on);
  method = tj_check_string (check, input, "method", "method", FALSE);
  if (method && !tj_enum_from_nick (TJ_TYPE_PAYMENT_METHOD, method, NULL))
    tj_check_field (check, "method", _("method: “%s” is not one of bank_transfer, cash, wage_account"), method);
  tj_check_string (check, input, "reference", "reference", FALSE);
}

static JsonObject *
installment_paid_locked (TjStore             *store,
                         const TjCaseContext *ctx,
                         const char          *case_id,
                         JsonObject          *input,
                         GError             **error)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autofree char *today = tj_date_today_iso (ctx ? ctx->today : NULL);
  g_autofree char *text = NULL;
  g_autofree char *amount_text = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_auto(TjCheck) check = { errors };
  TjPaymentBatch batch;
  JsonArray *installments, *allocations = NULL, *worker_ids = NULL;
  JsonNode *inst_node = json_object_get_member (input, "installment");
  const char *paid_on, *method, *reference;
  gint64 idx = -1;
  JsonObject *out = NULL;

  if (!_tj_payment_batch_init (&batch, store, case_id, error))
    goto out;
  installments = _tj_payment_batch_installments (&batch);

  if (inst_node == NULL || !JSON_NODE_HOLDS_VALUE (inst_node) || json_node_get_value_type (inst_node) != G_TYPE_INT64)
    tj_check_field (&check, "installment", _("installment: required, the number of the installment counted from 0"));
  else
    {
      idx = json_node_get_int (inst_node);
      if (idx < 0 || installments == NULL || idx >= json_array_get_length (installments))
        {
          tj_check_field (&check, "installment", _("installment: the settlement has no installment %d (it has %u, counted from 0)"),
                            (int) CLAMP (idx, G_MININT, G_MAXINT), installments ? json_array_get_length (installments) : 0);
          idx = -1;
        }
      else
        allocations = tj_json_get_array (json_array_get_object_element (installments, idx), "allocations");
    }
  check_batch_input (&check, input, today);
  if (json_object_has_member (input, "worker_ids"))
    {
      worker_ids = tj_json_get_array (input, "worker_ids");
      if (worker_ids == NULL)
        tj_check_field (&check, "worker_ids", _("worker_ids: must be a list of the workers’ ids"));
    }

  /* Every allocation still owed something, or the ones ticked. */
  if (idx >= 0 && worker_ids)
    {
      for (guint i = 0; i < json_array_get_length (worker_ids); i++)
        {
          JsonNode *node = json_array_get_element (worker_ids, i);
          const char *worker = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                               ? json_node_get_string (node) : NULL;
          const char *name = NULL;
          gint64 share = -1;
          gint64 owed;

          if (worker == NULL)
            {
              g_autofree char *path = g_strdup_printf ("worker_ids[%u]", i);
              tj_check_field (&check, path, _("worker_ids[%u]: must be a worker’s id"), i);
              continue;
            }
          owed = _tj_payment_batch_owed (&batch, idx, worker, &share, &name);
          if (share < 0)
            tj_check_problem (&check,
                              g_hash_table_contains (batch.workers, worker)
                                ? _("Payment to the wrong worker: %s has no allocation in installment %u")
                                : _("Payment to the wrong worker: %s is not a worker of this case (installment %u)"),
                              name, (guint) idx + 1);
          else if (owed == 0)
            tj_check_problem (&check, _("%s has been paid in full in installment %u"), name, (guint) idx + 1);
          else if (!g_ptr_array_find_with_equal_func (chosen, worker, g_str_equal, NULL))
            g_ptr_array_add (chosen, (gpointer) worker);
        }
    }
  else if (idx >= 0)
    for (guint k = 0; allocations && k < json_array_get_length (allocations); k++)
      {
        const char *worker = tj_json_get_string (json_array_get_object_element (allocations, k), "worker_id", "");
        if (_tj_payment_batch_owed (&batch, idx, worker, NULL, NULL) > 0)
          g_ptr_array_add (chosen, (gpointer) worker);
      }
  if (!tj_check_finish (&check, error))
    goto out;
  if (chosen->len == 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                   _("Installment %u is paid in full already; there is nothing to record"), (guint) idx + 1);
      goto out;
    }

  paid_on = tj_json_get_string (input, "paid_on", NULL);
  method = tj_json_get_string (input, "method", NULL);
  reference = tj_json_get_string (input, "reference", NULL);
  for (guint i = 0; i < chosen->len; i++)
    {
      gint64 owed = _tj_payment_batch_owed (&batch, idx, chosen->pdata[i], NULL, NULL);
      if (!_tj_payment_batch_put (&batch, store, ctx, idx, chosen->pdata[i], owed, paid_on, method, reference, error))
        goto out;
    }

  amount_text = tj_money_format (batch.batch_fen);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Installment %u paid: %s to %u worker (paid on %s)",
                                       "Installment %u paid: %s to %u workers (paid on %s)", chosen->len),
                          (guint) idx + 1, amount_text, chosen->len, paid_on);
  extra = json_object_new ();
  json_object_set_int_member (extra, "installment", idx);
  json_object_set_int_member (extra, "amount_fen", batch.batch_fen);
  json_object_set_int_member (extra, "payments", chosen->len);
  if (!_tj_payment_batch_finish (&batch, store, ctx, text, extra, error))
    goto out;
  out = _tj_payment_batch_result (&batch, store);

out:
  _tj_payment_batch_clear (&batch);
  return out;
}

/* ------------------------------------------------------------------ */
/* Under one write lock                                                 */

/* The checks (a worker's allocation against what was paid, payments
 * against a new agreement) and the write happen under one write lock, so
 * that two windows or a sync in between cannot both pass the check. */

typedef JsonObject *(*LockedWrite) (TjStore             *store,
                                    const TjCaseContext *ctx,
                                    const char          *case_id,
                                    JsonObject          *input,
                                    GError             **error);

static JsonObject *
write_in_transaction (TjStore             *store,
                      LockedWrite          write,
                      const TjCaseContext *ctx,
                      const char          *case_id,
                      JsonObject          *input,
                      GError             **error)
{
  JsonObject *out;

  if (!tj_arrears_attach (store, error) || !tj_store_begin (store, error))
    return NULL;
  out = write (store, ctx, case_id, input, error);
  if (out == NULL)
    {
      tj_store_rollback (store);
      return NULL;
    }
  if (!tj_store_commit (store, error))
    {
      json_object_unref (out);
      return NULL;
    }
  return out;
}

JsonObject *
tj_settlement_set (TjStore             *store,
                   const TjCaseContext *ctx,
                   const char          *case_id,
                   JsonObject          *settlement,
                   GError             **error)
{
  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (settlement != NULL, NULL);

  return write_in_transaction (store, settlement_set_locked, ctx, case_id, settlement, error);
}

JsonObject *
tj_payment_add (TjStore             *store,
                const TjCaseContext *ctx,
                const char          *case_id,
                JsonObject          *payment,
                GError             **error)
{
  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (payment != NULL, NULL);

  return write_in_transaction (store, payment_add_locked, ctx, case_id, payment, error);
}

JsonObject *
tj_payment_add_installment (TjStore             *store,
                            const TjCaseContext *ctx,
                            const char          *case_id,
                            JsonObject          *input,
                            GError             **error)
{
  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  return write_in_transaction (store, installment_paid_locked, ctx, case_id, input, error);
}
