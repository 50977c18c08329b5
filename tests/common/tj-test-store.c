/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "tj-json.h"
#include "tj-session.h"
#include "tj-settlement.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

/* A new folder made from @tmpl ("tj-case-XXXXXX") with the database
 * @file opened in it. */
TjStore *
tj_test_store_open_tmp (const char  *tmpl,
                        const char  *file,
                        char       **out_dir,
                        char       **out_path)
{
  g_autoptr(GError) error = NULL;
  TjStore *store;

  *out_dir = g_dir_make_tmp (tmpl, &error);
  g_assert_no_error (error);
  *out_path = g_build_filename (*out_dir, file, NULL);
  store = tj_store_open (*out_path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

/* What tj_test_store_open_tmp() opened closed, its folder removed with
 * the database, -wal and -shm, and the names freed. */
void
tj_test_store_close (TjStore  **store,
                     char     **dir,
                     char     **path)
{
  g_clear_object (store);
  tj_test_remove_tree (*dir);
  g_clear_pointer (path, g_free);
  g_clear_pointer (dir, g_free);
}

void
tj_test_case_context_init (TjCaseContext *ctx)
{
  tj_case_context_init_defaults (ctx);
  ctx->station_code = "海";
  ctx->actor = "调解员甲";
  ctx->today = "2026-11-22";
}

/* Stores the document @json; returns its new revision. */
char *
tj_test_put (TjStore    *store,
             const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = tj_test_object (json);
  char *rev = tj_store_put (store, doc, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rev);
  return rev;
}

/* Adds the case @json (tj_case_add()'s interchange JSON); returns its id. */
char *
tj_test_add_case (TjStore       *store,
                  TjCaseContext *ctx,
                  const char    *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_test_object (json);
  g_autoptr(JsonObject) out = tj_case_add (store, ctx, input, &error);

  g_assert_no_error (error);
  g_assert_nonnull (out);
  return g_strdup (tj_json_get_string (out, "id", NULL));
}

void
tj_test_case_store_set_up (TjTestCaseStore *f,
                           gconstpointer    data)
{
  g_autoptr(GError) error = NULL;

  f->store = tj_test_store_open_tmp ("tj-case-store-XXXXXX", "cases.db", &f->dir, &f->path);
  g_assert_true (tj_case_attach (f->store, &error));
  g_assert_no_error (error);
  tj_test_case_context_init (&f->ctx);
}

/* The store closed, its folder removed with the database, -wal and -shm. */
void
tj_test_case_store_tear_down (TjTestCaseStore *f,
                              gconstpointer    data)
{
  tj_test_store_close (&f->store, &f->dir, &f->path);
}

static JsonObject *
show (TjStore       *store,
      TjCaseContext *ctx,
      const char    *case_id,
      const char    *on)
{
  g_autoptr(GError) error = NULL;
  JsonObject *shown;

  tj_case_context_init_defaults (ctx);
  ctx->today = on;
  shown = tj_case_show (store, ctx, case_id, &error);
  g_assert_no_error (error);
  return shown;
}

/* Agrees, on @on, a settlement of case @case_id: @per_worker for each of
 * its workers in one installment due @due_on, paid by the employer by
 * bank transfer. Returns the number of workers. */
guint
tj_test_settle_evenly (TjStore    *store,
                       const char *case_id,
                       gint64      per_worker,
                       const char *due_on,
                       const char *on)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) s = json_object_new ();
  g_autoptr(JsonObject) out = NULL;
  JsonObject *payer = json_object_new ();
  JsonArray *installments = json_array_new ();
  JsonObject *inst = json_object_new ();
  JsonArray *alloc = json_array_new ();
  JsonObject *employer;
  JsonArray *workers;
  TjCaseContext ctx;
  guint n;

  shown = show (store, &ctx, case_id, on);
  workers = tj_json_get_array (shown, "workers");
  n = json_array_get_length (workers);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *a = json_object_new ();
      json_object_set_string_member (a, "worker_id",
                                     tj_json_get_string (json_array_get_object_element (workers, i), "id", ""));
      json_object_set_int_member (a, "amount_fen", per_worker);
      json_array_add_object_element (alloc, a);
    }
  json_object_set_string_member (inst, "due_on", due_on);
  json_object_set_int_member (inst, "amount_fen", per_worker * n);
  json_object_set_array_member (inst, "allocations", alloc);
  json_array_add_object_element (installments, inst);
  employer = tj_json_get_object (shown, "employer");
  json_object_set_string_member (payer, "party_id", tj_json_get_string (employer, "id", ""));
  json_object_set_string_member (payer, "role", "employer");
  json_object_set_string_member (payer, "name", tj_json_get_string (employer, "name", ""));
  json_object_set_string_member (s, "status", "agreed");
  json_object_set_int_member (s, "total_fen", per_worker * n);
  json_object_set_object_member (s, "payer", payer);
  json_object_set_string_member (s, "method", "bank_transfer");
  json_object_set_array_member (s, "installments", installments);
  out = tj_settlement_set (store, &ctx, case_id, s, &error);
  g_assert_no_error (error);
  return n;
}

/* Moves case @case_id to mediating and agreed (@why in the timeline) and
 * agrees two installments due @first_due and @second_due, each of half
 * of what every worker is owed, paid by the employer by bank transfer.
 * Returns the settlement's total. */
gint64
tj_test_settle_halves (TjStore             *store,
                       const TjCaseContext *ctx,
                       const char          *case_id,
                       const char          *first_due,
                       const char          *second_due,
                       const char          *why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = tj_case_show (store, ctx, case_id, &error);
  g_autoptr(JsonObject) settlement = json_object_new ();
  g_autoptr(JsonObject) out = NULL;
  JsonObject *payer = json_object_new ();
  JsonArray *installments = json_array_new ();
  JsonArray *workers;
  gint64 total = 0;

  g_assert_no_error (error);
  workers = tj_json_get_array (doc, "workers");
  for (guint k = 0; k < 2; k++)
    {
      JsonObject *inst = json_object_new ();
      JsonArray *allocations = json_array_new ();
      gint64 sum = 0;

      for (guint i = 0; i < json_array_get_length (workers); i++)
        {
          JsonObject *w = json_array_get_object_element (workers, i);
          JsonObject *a = json_object_new ();
          json_object_set_string_member (a, "worker_id", tj_json_get_string (w, "id", ""));
          json_object_set_int_member (a, "amount_fen", tj_json_get_int (w, "owed_fen", 0) / 2);
          sum += tj_json_get_int (w, "owed_fen", 0) / 2;
          json_array_add_object_element (allocations, a);
        }
      json_object_set_string_member (inst, "due_on", k == 0 ? first_due : second_due);
      json_object_set_int_member (inst, "amount_fen", sum);
      json_object_set_array_member (inst, "allocations", allocations);
      json_array_add_object_element (installments, inst);
      total += sum;
    }
  json_object_set_string_member (settlement, "status", "agreed");
  json_object_set_int_member (settlement, "total_fen", total);
  json_object_set_string_member (payer, "party_id", tj_json_get_string (tj_json_get_object (doc, "employer"), "id", ""));
  json_object_set_object_member (settlement, "payer", payer);
  json_object_set_string_member (settlement, "method", "bank_transfer");
  json_object_set_array_member (settlement, "installments", installments);
  g_assert_true (tj_case_set_status (store, ctx, case_id, "mediating", why, NULL, &error));
  g_assert_true (tj_case_set_status (store, ctx, case_id, "agreed", why, NULL, &error));
  out = tj_settlement_set (store, ctx, case_id, settlement, &error);
  g_assert_no_error (error);
  return total;
}

/* Records @amount_fen of the first installment paid on @on by bank
 * transfer to worker number @worker of case @case_id. */
void
tj_test_pay_worker (TjStore    *store,
                    const char *case_id,
                    guint       worker,
                    gint64      amount_fen,
                    const char *on)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) p = json_object_new ();
  g_autoptr(JsonObject) out = NULL;
  JsonArray *workers;
  TjCaseContext ctx;

  shown = show (store, &ctx, case_id, on);
  workers = tj_json_get_array (shown, "workers");
  json_object_set_int_member (p, "installment", 0);
  json_object_set_string_member (p, "worker_id",
                                 tj_json_get_string (json_array_get_object_element (workers, worker), "id", ""));
  json_object_set_int_member (p, "amount_fen", amount_fen);
  json_object_set_string_member (p, "paid_on", on);
  json_object_set_string_member (p, "method", "bank_transfer");
  out = tj_payment_add (store, &ctx, case_id, p, &error);
  g_assert_no_error (error);
}

/* Adds @json as tj_test_add_case() does, with the defaults' context, to
 * the database at @path (closed again: an application about to start
 * opens it); the new case's id. */
char *
tj_test_add_case_at (const char *path,
                     const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (path, &error);
  TjCaseContext ctx;

  g_assert_no_error (error);
  tj_case_context_init_defaults (&ctx);
  return tj_test_add_case (store, &ctx, json);
}

/* A separate session with the employer in @case_id (held on
 * @scheduled_on, unless NULL) and in it a caucus note of @text: what
 * must never reach a paper or a report. */
void
tj_test_add_caucus_note (TjStore       *store,
                         TjCaseContext *ctx,
                         const char    *case_id,
                         const char    *scheduled_on,
                         const char    *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) session_in = json_object_new ();
  g_autoptr(JsonObject) note_in = json_object_new ();
  g_autoptr(JsonObject) session = NULL;
  g_autoptr(JsonObject) note = NULL;

  json_object_set_string_member (session_in, "kind", "separate");
  json_object_set_string_member (session_in, "party_side", "employer");
  if (scheduled_on)
    json_object_set_string_member (session_in, "scheduled_on", scheduled_on);
  json_object_set_string_member (session_in, "case_id", case_id);
  session = tj_session_start (store, ctx, session_in, &error);
  g_assert_no_error (error);
  json_object_set_string_member (note_in, "text", text);
  json_object_set_string_member (note_in, "visibility", "caucus");
  note = tj_session_note_add (store, ctx, tj_json_get_string (session, "id", ""), note_in, &error);
  g_assert_no_error (error);
  g_assert_nonnull (note);
}

/* The offer @json added to the session @session_id; fails the test if it
 * is refused. */
void
tj_test_add_offer (TjStore       *store,
                   TjCaseContext *ctx,
                   const char    *session_id,
                   const char    *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_test_object (json);
  g_autoptr(JsonObject) offer = tj_session_offer_add (store, ctx, session_id, input, &error);

  g_assert_no_error (error);
  g_assert_nonnull (offer);
}
