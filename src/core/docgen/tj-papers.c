/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The papers of a case: generated from the case's data, stored on the case
 * as versioned `paper` documents with the file, the model and the template
 * it was made from, and signed by attaching a scan. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Papers"

#include <string.h>

#include "tj-calendar.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-papers.h"
#include "tj-audit.h"
#include "tj-settlement.h"
#include "tj-time.h"
#include "tj-case.h"

#define CONTENT_TYPE_PDF  "application/pdf"
#define CONTENT_TYPE_DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */

static const char *
content_type_for (const char *format)
{
  return g_str_equal (format, "pdf") ? CONTENT_TYPE_PDF : CONTENT_TYPE_DOCX;
}

static gboolean
check_format (const char  *format,
              GError     **error)
{
  if (g_strcmp0 (format, "pdf") == 0 || g_strcmp0 (format, "docx") == 0)
    return TRUE;
  tj_set_invalid (error, "format",
               _("format: “%s” is not a paper format (pdf or docx)"), format ? format : "");
  return FALSE;
}

static void
remove_members (JsonObject         *object,
                const char * const *members)
{
  for (guint i = 0; object && members[i]; i++)
    if (json_object_has_member (object, members[i]))
      json_object_remove_member (object, members[i]);
}

/* Day counts change every day; a paper must not. */
static void
strip_day_counts (JsonObject *deadlines)
{
  static const char * const day_members[] = { "days_left", NULL };
  g_autoptr(GList) kinds = NULL;

  if (deadlines == NULL)
    return;
  kinds = json_object_get_members (deadlines);
  for (GList *l = kinds; l; l = l->next)
    remove_members (tj_json_get_object (deadlines, l->data), day_members);
}

/* The latest status event that moved the case to @status. */
static JsonObject *
status_event (JsonArray  *timeline,
              const char *status)
{
  /* The timeline is newest first. */
  for (guint i = 0; timeline && i < json_array_get_length (timeline); i++)
    {
      JsonObject *e = json_array_get_object_element (timeline, i);
      if (g_strcmp0 (tj_json_get_string (e, "kind", NULL), "status") == 0 &&
          g_strcmp0 (tj_json_get_string (e, "to_status", NULL), status) == 0)
        return e;
    }
  return NULL;
}

static const char *
converted_from (JsonArray *timeline)
{
  for (guint i = 0; timeline && i < json_array_get_length (timeline); i++)
    {
      JsonObject *e = json_array_get_object_element (timeline, i);
      if (g_strcmp0 (tj_json_get_string (e, "kind", NULL), "converted") == 0 &&
          tj_json_get_string (e, "consultation_id", NULL))
        return tj_json_get_string (e, "consultation_id", NULL);
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* The model                                                            */

/* The party @ref names (by party_id, else by name) among the employer and
 * the chain of @shown, or NULL. */
static JsonObject *
find_party (JsonObject *shown,
            JsonObject *ref,
            const char **out_role)
{
  const char *id = tj_json_get_string (ref, "party_id", NULL);
  const char *name = tj_json_get_string (ref, "name", NULL);
  JsonObject *employer = tj_json_get_object (shown, "employer");
  JsonArray *chain = tj_json_get_array (shown, "chain");

  if (employer && ((id && g_strcmp0 (tj_json_get_string (employer, "id", NULL), id) == 0) ||
                   (!id && name && g_strcmp0 (tj_json_get_string (employer, "name", NULL), name) == 0)))
    {
      *out_role = "employer";
      return employer;
    }
  for (guint i = 0; chain && i < json_array_get_length (chain); i++)
    {
      JsonObject *c = json_array_get_object_element (chain, i);
      if ((id && g_strcmp0 (tj_json_get_string (c, "id", NULL), id) == 0) ||
          (!id && name && g_strcmp0 (tj_json_get_string (c, "name", NULL), name) == 0))
        {
          *out_role = tj_json_get_string (c, "role", "");
          return c;
        }
    }
  return NULL;
}

static JsonObject *
person (JsonObject *party,
        const char *role)
{
  static const char * const members[] = {
    "id", "name", "id_number", "phone", "address", "job", "credit_code", "representative", NULL
  };
  JsonObject *p = json_object_new ();

  json_object_set_string_member (p, "role", role);
  for (guint i = 0; members[i]; i++)
    if (tj_json_get_string (party, members[i], NULL))
      json_object_set_string_member (p, members[i], tj_json_get_string (party, members[i], NULL));
  return p;
}

/* 支付令申请书 (劳动争议调解仲裁法 §16; 民事诉讼法 §225–§228): from an
 * agreed settlement on wages, work-injury medical costs, compensation or
 * damages that the payer has not performed by the agreed time. Each
 * worker owed an overdue amount is a creditor with his or her own
 * application; the amount claimed is what fell due and was not paid, from
 * the payments recorded. NULL with @reason set when it does not apply. */
static JsonObject *
payment_order_model (JsonObject  *shown,
                     JsonObject  *settlement,
                     char       **reason)
{
  static const char * const kinds[] = {
    "wage_arrears", "overtime", "compensation", "termination", "work_injury", NULL
  };
  JsonObject *progress, *payer, *debtor_party, *order;
  JsonArray *installments, *workers, *apps, *overdue;
  const char *kind = tj_json_get_string (shown, "kind", "");
  const char *role = NULL;

  if (!g_strv_contains (kinds, kind))
    {
      *reason = g_strdup_printf (_("A payment order (Labour Dispute Mediation and Arbitration Law, Art. 16) is for an "
                                   "agreement on unpaid wages, work-injury medical costs, economic compensation or "
                                   "damages; this case is about %s"), tj_case_kind_label (kind));
      return NULL;
    }
  if (settlement == NULL || g_strcmp0 (tj_json_get_string (settlement, "status", NULL), "agreed") != 0)
    {
      *reason = g_strdup (_("A payment order needs an agreement: the case has no agreed settlement"));
      return NULL;
    }
  progress = tj_json_get_object (settlement, "progress");
  if (progress == NULL || tj_json_get_int (progress, "overdue_fen", 0) <= 0)
    {
      *reason = g_strdup (_("Nothing agreed is overdue: a payment order is for an installment that was not paid "
                            "by its date"));
      return NULL;
    }
  payer = tj_json_get_object (settlement, "payer");
  debtor_party = payer ? find_party (shown, payer, &role) : NULL;
  if (payer == NULL || (debtor_party == NULL && tj_json_get_string (payer, "name", NULL) == NULL))
    {
      *reason = g_strdup (_("The settlement names no payer: choose who pays in the settlement"));
      return NULL;
    }

  order = json_object_new ();
  json_object_set_int_member (order, "total_fen", tj_json_get_int (progress, "total_fen", 0));
  json_object_set_int_member (order, "paid_fen", tj_json_get_int (progress, "paid_fen", 0));
  json_object_set_int_member (order, "outstanding_fen", tj_json_get_int (progress, "owed_fen", 0));
  json_object_set_int_member (order, "overdue_fen", tj_json_get_int (progress, "overdue_fen", 0));
  json_object_set_object_member (order, "debtor", debtor_party ? person (debtor_party, role)
                                                               : person (payer, tj_json_get_string (payer, "role", "payer")));

  installments = tj_json_get_array (settlement, "installments");
  overdue = json_array_new ();
  for (guint i = 0; installments && i < json_array_get_length (installments); i++)
    {
      JsonObject *inst = json_array_get_object_element (installments, i);
      JsonObject *o;
      if (!tj_json_get_bool (inst, "overdue", FALSE))
        continue;
      if (!json_object_has_member (order, "first_overdue_on"))
        json_object_set_string_member (order, "first_overdue_on", tj_json_get_string (inst, "due_on", ""));
      o = json_object_new ();
      json_object_set_int_member (o, "number", tj_json_get_int (inst, "number", i + 1));
      json_object_set_string_member (o, "due_on", tj_json_get_string (inst, "due_on", ""));
      json_object_set_int_member (o, "amount_fen", tj_json_get_int (inst, "amount_fen", 0));
      json_object_set_int_member (o, "paid_fen", tj_json_get_int (inst, "paid_fen", 0));
      json_object_set_int_member (o, "owed_fen", tj_json_get_int (inst, "owed_fen", 0));
      json_array_add_object_element (overdue, o);
    }
  json_object_set_array_member (order, "installments", overdue);

  workers = tj_json_get_array (settlement, "workers");
  apps = json_array_new ();
  for (guint i = 0; workers && i < json_array_get_length (workers); i++)
    {
      JsonObject *w = json_array_get_object_element (workers, i);
      const char *wid = tj_json_get_string (w, "worker_id", "");
      JsonArray *case_workers = tj_json_get_array (shown, "workers");
      JsonObject *party = NULL, *app;
      JsonArray *per = json_array_new ();

      if (tj_json_get_int (w, "overdue_fen", 0) <= 0)
        {
          json_array_unref (per);
          continue;
        }
      for (guint k = 0; case_workers && k < json_array_get_length (case_workers); k++)
        if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (case_workers, k), "id", NULL), wid) == 0)
          party = json_array_get_object_element (case_workers, k);
      /* The worker's overdue shares, installment by installment. */
      for (guint k = 0; installments && k < json_array_get_length (installments); k++)
        {
          JsonObject *inst = json_array_get_object_element (installments, k);
          JsonArray *allocs = tj_json_get_array (inst, "allocations");
          if (!tj_json_get_bool (inst, "overdue", FALSE))
            continue;
          for (guint a = 0; allocs && a < json_array_get_length (allocs); a++)
            {
              JsonObject *al = json_array_get_object_element (allocs, a);
              JsonObject *o;
              if (g_strcmp0 (tj_json_get_string (al, "worker_id", NULL), wid) != 0 ||
                  tj_json_get_int (al, "owed_fen", 0) <= 0)
                continue;
              o = json_object_new ();
              json_object_set_int_member (o, "number", tj_json_get_int (inst, "number", k + 1));
              json_object_set_string_member (o, "due_on", tj_json_get_string (inst, "due_on", ""));
              json_object_set_int_member (o, "amount_fen", tj_json_get_int (al, "amount_fen", 0));
              json_object_set_int_member (o, "paid_fen", tj_json_get_int (al, "paid_fen", 0));
              json_object_set_int_member (o, "owed_fen", tj_json_get_int (al, "owed_fen", 0));
              json_array_add_object_element (per, o);
            }
        }
      app = json_object_new ();
      json_object_set_object_member (app, "creditor", party ? person (party, "worker") : person (w, "worker"));
      json_object_set_int_member (app, "agreed_fen", tj_json_get_int (w, "allocated_fen", 0));
      json_object_set_int_member (app, "paid_fen", tj_json_get_int (w, "paid_fen", 0));
      json_object_set_int_member (app, "outstanding_fen", tj_json_get_int (w, "owed_fen", 0));
      json_object_set_int_member (app, "amount_fen", tj_json_get_int (w, "overdue_fen", 0));
      json_object_set_array_member (app, "installments", per);
      json_array_add_object_element (apps, app);
    }
  json_object_set_array_member (order, "applications", apps);
  return order;
}

JsonObject *
tj_papers_model (TjStore             *store,
                 const TjCaseContext *ctx,
                 JsonObject          *organisation,
                 const char          *case_id,
                 GError             **error)
{
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) settlement = NULL;
  g_autoptr(JsonArray) timeline = NULL;
  g_autoptr(GError) local = NULL;
  JsonObject *org, *agreement;
  const char *status;
  const char *consultation_id;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  shown = tj_case_show (store, ctx, case_id, error);
  if (shown == NULL)
    return NULL;
  strip_day_counts (tj_json_get_object (shown, "deadlines"));
  status = tj_json_get_string (shown, "status", "intake");

  settlement = tj_settlement_get (store, ctx, case_id, &local);
  if (settlement == NULL && !g_error_matches (local, TJ_ERROR, TJ_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  timeline = tj_case_timeline (store, case_id, error);
  if (timeline == NULL)
    return NULL;

  /* The organisation: the preferences, the mediator defaulting to the
   * person at the screen. Name and mediator are always present, so a
   * template may print them without marking them optional. */
  org = organisation ? tj_json_object_copy (organisation) : json_object_new ();
  if (!json_object_has_member (org, "name"))
    json_object_set_string_member (org, "name", "");
  if (tj_json_get_string (org, "mediator", NULL) == NULL || !*tj_json_get_string (org, "mediator", ""))
    json_object_set_string_member (org, "mediator", ctx && ctx->actor ? ctx->actor : "");

  /* The agreement: numbered like the case; signed and effective when the
   * case was agreed on an agreed settlement, otherwise left to be filled
   * in by hand. Both sides and the organisation keep a copy, and a payer
   * other than the employer (a general contractor paying first) one more. */
  agreement = json_object_new ();
  if (tj_json_get_string (shown, "number", NULL))
    json_object_set_string_member (agreement, "number", tj_json_get_string (shown, "number", ""));
  if (settlement && g_strcmp0 (tj_json_get_string (settlement, "status", NULL), "agreed") == 0 &&
      tj_json_get_string (shown, "agreement_effective_on", NULL))
    {
      const char *on = tj_json_get_string (shown, "agreement_effective_on", "");
      json_object_set_string_member (agreement, "signed_on", on);
      json_object_set_string_member (agreement, "effective_on", on);
    }
  /* The copies follow from who signs (tj_docgen_model_from_case()). */

  /* The evidence on file, by name, for the arbitration application. */
  {
    g_autoptr(GError) ev_error = NULL;
    JsonArray *evidence = tj_case_list_evidence (store, case_id, &ev_error);
    if (evidence)
      json_object_set_array_member (shown, "evidence", evidence);
  }

  json_object_set_object_member (input, "case", json_object_ref (shown));
  if (settlement)
    json_object_set_object_member (input, "settlement", json_object_ref (settlement));
  json_object_set_object_member (input, "organisation", org);
  json_object_set_object_member (input, "agreement", agreement);

  /* The outcome of a mediation that ended without agreement. */
  if (g_str_equal (status, "failed") || g_str_equal (status, "referred"))
    {
      JsonObject *outcome = json_object_new ();
      JsonObject *event = status_event (timeline, status);
      JsonObject *deadlines = tj_json_get_object (shown, "deadlines");
      JsonObject *limitation = deadlines ? tj_json_get_object (deadlines, "arbitration_limitation") : NULL;
      const char *ended = tj_json_get_string (shown, "ended_on", NULL);

      if (event && tj_json_get_string (event, "reason", NULL))
        json_object_set_string_member (outcome, "reason", tj_json_get_string (event, "reason", ""));
      else
        json_object_set_string_member (outcome, "reason", "");
      if (ended == NULL && event)
        ended = tj_json_get_string (event, "at", NULL);
      if (ended)
        {
          g_autofree char *date = g_strndup (ended, 10);
          json_object_set_string_member (outcome, "ended_on", date);
        }
      if (limitation)
        json_object_set_object_member (outcome, "arbitration_limitation", tj_json_object_copy (limitation));
      if (tj_json_get_string (org, "arbitration_commission", NULL))
        json_object_set_string_member (outcome, "arbitration_commission",
                                       tj_json_get_string (org, "arbitration_commission", ""));
      json_object_set_object_member (input, "outcome", outcome);
    }

  /* The payment order, when an agreement is overdue; otherwise why not,
   * for job_prepare() to say. */
  {
    g_autofree char *reason = NULL;
    JsonObject *order = payment_order_model (shown, settlement, &reason);
    if (order)
      json_object_set_object_member (input, "payment_order", order);
    else
      json_object_set_string_member (input, "payment_order_unavailable", reason);
  }

  /* The evening-clinic consultation the case was opened from. */
  consultation_id = converted_from (timeline);
  if (consultation_id)
    {
      g_autoptr(JsonObject) c = tj_store_get (store, consultation_id, NULL, TJ_GET_NONE, NULL);
      if (c && g_strcmp0 (tj_json_get_string (c, "type", NULL), "consultation") == 0)
        {
          JsonObject *copy = tj_json_object_copy (c);
          static const char * const internal[] = { "_id", "_rev", "_attachments", "type", "case_id", NULL };
          remove_members (copy, internal);
          json_object_set_object_member (input, "consultation", copy);
        }
    }

  return g_steal_pointer (&input);
}

/* ------------------------------------------------------------------ */
/* Papers as documents                                                  */

static gint
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  JsonObject *pa = *(JsonObject **) a;
  JsonObject *pb = *(JsonObject **) b;
  int c = g_strcmp0 (tj_json_get_string (pb, "generated_at", ""), tj_json_get_string (pa, "generated_at", ""));

  if (c != 0)
    return c;
  return (int) (tj_json_get_int (pb, "version", 0) - tj_json_get_int (pa, "version", 0));
}

/* The public view of a paper document. */
static JsonObject *
paper_summary (JsonObject *doc)
{
  static const char * const members[] = {
    "case_id", "template", "title", "format", "version", "sha256", "length", "filename",
    "content_type", "generated_at", "generated_by", "dated", "input_hash", "settlement_id",
    "settlement_rev", "signed", "signed_at", "signed_by", NULL
  };
  JsonObject *out = json_object_new ();
  JsonArray *scans = tj_json_get_array (doc, "scans");

  json_object_set_string_member (out, "id", tj_json_get_string (doc, "_id", ""));
  for (guint i = 0; members[i]; i++)
    {
      JsonNode *n = json_object_get_member (doc, members[i]);
      if (n && !JSON_NODE_HOLDS_NULL (n))
        json_object_set_member (out, members[i], json_node_copy (n));
    }
  if (!json_object_has_member (out, "signed"))
    json_object_set_boolean_member (out, "signed", FALSE);
  {
    JsonArray *copy = json_array_new ();
    for (guint i = 0; scans && i < json_array_get_length (scans); i++)
      json_array_add_object_element (copy, tj_json_object_copy (json_array_get_object_element (scans, i)));
    json_object_set_array_member (out, "scans", copy);
  }
  return out;
}

/* The paper documents of a case, newest first. The case index
 * (tj_case_attach()) lists every document with a case_id by type, so a
 * case's papers are found without reading anyone else's. */
static GPtrArray *
case_papers (TjStore     *store,
             const char  *case_id,
             GError     **error)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *st;
  int rc;

  if (!tj_case_attach (store, error))
    return NULL;
  st = tj_store_statement (store, "SELECT id FROM case_children WHERE case_id = ? AND type = 'paper'", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (st, 0)));
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED, "%s", sqlite3_errmsg (tj_store_get_sqlite (store)));
      return NULL;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) local = NULL;
      JsonObject *doc = tj_store_get (store, g_ptr_array_index (ids, i), NULL, TJ_GET_NONE, &local);
      if (doc)
        g_ptr_array_add (docs, doc);
      else if (!g_error_matches (local, TJ_ERROR, TJ_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  g_ptr_array_sort (docs, compare_newest_first);
  return g_steal_pointer (&docs);
}

JsonArray *
tj_papers_list (TjStore     *store,
                const char  *case_id,
                GError     **error)
{
  g_autoptr(GPtrArray) docs = NULL;
  g_autoptr(JsonObject) case_doc = NULL;
  JsonArray *out;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  case_doc = tj_case_get_doc (store, case_id, error);
  if (case_doc == NULL)
    return NULL;
  docs = case_papers (store, case_id, error);
  if (docs == NULL)
    return NULL;
  out = json_array_new ();
  for (guint i = 0; i < docs->len; i++)
    json_array_add_object_element (out, paper_summary (g_ptr_array_index (docs, i)));
  return out;
}

static JsonObject *
load_paper (TjStore     *store,
            const char  *paper_id,
            GError     **error)
{
  g_autoptr(JsonObject) doc = tj_store_get (store, paper_id, NULL, TJ_GET_NONE, error);

  if (doc == NULL)
    return NULL;
  if (g_strcmp0 (tj_json_get_string (doc, "type", NULL), "paper") != 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("%s is not a paper of a case"), paper_id);
      return NULL;
    }
  return g_steal_pointer (&doc);
}

JsonObject *
tj_papers_get (TjStore     *store,
               const char  *paper_id,
               GError     **error)
{
  g_autoptr(JsonObject) doc = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (paper_id != NULL, NULL);

  doc = load_paper (store, paper_id, error);
  return doc ? paper_summary (doc) : NULL;
}

GBytes *
tj_papers_get_file (TjStore     *store,
                    const char  *paper_id,
                    char       **out_filename,
                    char       **out_content_type,
                    GError     **error)
{
  g_autoptr(JsonObject) doc = NULL;
  const char *filename;
  GBytes *bytes;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (paper_id != NULL, NULL);

  doc = load_paper (store, paper_id, error);
  if (doc == NULL)
    return NULL;
  filename = tj_json_get_string (doc, "filename", "");
  bytes = tj_store_get_attachment (store, paper_id, NULL, filename, out_content_type, error);
  if (bytes && out_filename)
    *out_filename = g_strdup (filename);
  return bytes;
}

/* ------------------------------------------------------------------ */
/* Generating                                                           */

/* Everything gathered from the store before rendering. */
typedef struct {
  TjStore      *store;
  char         *actor;
  char         *case_id;
  char         *template_name;
  char         *title;
  char         *format;
  char         *dated;
  char         *template_text;
  char         *input_hash;
  char         *settlement_id;
  char         *settlement_rev;
  TjTemplate   *tmpl;
  JsonObject   *model;        /* whitelisted */
  JsonObject   *existing;     /* a reusable version, or NULL */
  gint64        version;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  g_free (job->actor);
  g_free (job->case_id);
  g_free (job->template_name);
  g_free (job->title);
  g_free (job->format);
  g_free (job->dated);
  g_free (job->template_text);
  g_free (job->input_hash);
  g_free (job->settlement_id);
  g_free (job->settlement_rev);
  g_clear_pointer (&job->tmpl, tj_template_unref);
  g_clear_pointer (&job->model, json_object_unref);
  g_clear_pointer (&job->existing, json_object_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

/* What the paper says depends on the model and the template; texts that
 * only follow the interface language (the basis of a deadline, in English
 * when the CLI ran in the C locale) and the case status (which moves on
 * with each payment) are left out, so they do not make a new version. */
static char *
input_hash (JsonObject *model,
            const char *template_text)
{
  g_autofree char *text = tj_json_object_to_string (model, FALSE);
  g_autoptr(JsonObject) copy = tj_json_parse_object (text, -1, NULL);
  static const char * const language[] = { "basis", "label", NULL };
  static const char * const case_volatile[] = { "status", NULL };
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *canonical = NULL;
  JsonObject *c = tj_json_get_object (copy, "case");
  JsonObject *deadlines = c ? tj_json_get_object (c, "deadlines") : NULL;
  JsonObject *outcome = tj_json_get_object (copy, "outcome");

  remove_members (c, case_volatile);
  if (deadlines)
    {
      g_autoptr(GList) kinds = json_object_get_members (deadlines);
      for (GList *l = kinds; l; l = l->next)
        remove_members (tj_json_get_object (deadlines, l->data), language);
    }
  if (c)
    remove_members (tj_json_get_object (c, "liable_first"), language);
  if (outcome)
    remove_members (tj_json_get_object (outcome, "arbitration_limitation"), language);

  canonical = tj_json_canonical_object (copy);
  g_checksum_update (sum, (const guchar *) canonical, strlen (canonical));
  g_checksum_update (sum, (const guchar *) "\0", 1);
  g_checksum_update (sum, (const guchar *) template_text, strlen (template_text));
  return g_strdup (g_checksum_get_string (sum));
}

/* Which part of the model a template reads, to refuse with a plain
 * message instead of "unknown field settlement.total_fen". */
static gboolean
uses_part (const char *text,
           const char *part)
{
  g_autofree char *field = g_strconcat ("{{", part, ".", NULL);
  g_autofree char *path = g_strconcat ("path=\"", part, ".", NULL);

  return strstr (text, field) != NULL || strstr (text, path) != NULL;
}

static Job *
job_prepare (TjStore             *store,
             const TjCaseContext *ctx,
             JsonObject          *organisation,
             const char          *case_id,
             const char          *template_name,
             const char          *format,
             GError             **error)
{
  g_autoptr(Job) job = g_new0 (Job, 1);
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GPtrArray) docs = NULL;
  JsonObject *settlement;
  gsize len = 0;
  const char *data;

  if (!check_format (format, error))
    return NULL;
  if (template_name == NULL || *template_name == '\0')
    {
      tj_set_invalid (error, "template", _("template: give the name of a template"));
      return NULL;
    }
  job->tmpl = tj_template_load (template_name, error);
  if (job->tmpl == NULL)
    return NULL;
  text = tj_template_get_data (template_name, FALSE, error);
  if (text == NULL)
    return NULL;
  data = g_bytes_get_data (text, &len);
  job->template_text = g_strndup (data, len);

  input = tj_papers_model (store, ctx, organisation, case_id, error);
  if (input == NULL)
    return NULL;

  if (uses_part (job->template_text, "settlement") && !json_object_has_member (input, "settlement"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("%s needs the settlement of the case, and the case has none yet"),
                   tj_template_get_title (job->tmpl));
      return NULL;
    }
  if (uses_part (job->template_text, "outcome") && !json_object_has_member (input, "outcome"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("%s is for a mediation that ended without agreement; the case is not failed or referred"),
                   tj_template_get_title (job->tmpl));
      return NULL;
    }
  if (uses_part (job->template_text, "outcome.arbitration_limitation") &&
      json_object_has_member (input, "outcome") &&
      !json_object_has_member (tj_json_get_object (input, "outcome"), "arbitration_limitation"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("%s needs the arbitration limitation date: enter when the employment ended or when the worker knew of the infringement"),
                   tj_template_get_title (job->tmpl));
      return NULL;
    }
  if (uses_part (job->template_text, "payment_order") && !json_object_has_member (input, "payment_order"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, "%s",
                   tj_json_get_string (input, "payment_order_unavailable", ""));
      return NULL;
    }
  if (uses_part (job->template_text, "arbitration") &&
      (tj_json_get_array (tj_json_get_object (input, "case"), "workers") == NULL ||
       json_array_get_length (tj_json_get_array (tj_json_get_object (input, "case"), "workers")) == 0))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("%s needs the workers who apply: add them to the case"), tj_template_get_title (job->tmpl));
      return NULL;
    }
  if (uses_part (job->template_text, "consultation") && !json_object_has_member (input, "consultation"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("%s is for a case opened from an evening-clinic consultation, and this case was not"),
                   tj_template_get_title (job->tmpl));
      return NULL;
    }

  job->model = tj_docgen_model_from_case (input, error);
  if (job->model == NULL)
    return NULL;

  settlement = tj_json_get_object (input, "settlement");
  if (settlement && tj_json_get_string (settlement, "id", NULL))
    {
      g_autoptr(JsonObject) sdoc = tj_store_get (store, tj_json_get_string (settlement, "id", ""), NULL,
                                                  TJ_GET_NONE, NULL);
      job->settlement_id = g_strdup (tj_json_get_string (settlement, "id", ""));
      if (sdoc)
        job->settlement_rev = g_strdup (tj_json_get_string (sdoc, "_rev", NULL));
    }

  job->store = g_object_ref (store);
  job->actor = g_strdup (ctx && ctx->actor ? ctx->actor : NULL);
  job->case_id = g_strdup (case_id);
  job->template_name = g_strdup (tj_template_get_name (job->tmpl));
  job->title = g_strdup (tj_template_get_title (job->tmpl));
  job->format = g_strdup (format);
  job->dated = tj_date_today_iso (ctx ? ctx->today : NULL);
  job->input_hash = input_hash (job->model, job->template_text);

  /* The same data made this paper before: hand back that version unless
   * it was signed (a signed version is a record of what was signed). The
   * version number is shared with the other format of the same data. */
  docs = case_papers (store, case_id, error);
  if (docs == NULL)
    return NULL;
  {
    gint64 newest = 0;
    gboolean newest_same_data = FALSE, newest_has_format = FALSE;

    for (guint i = 0; i < docs->len; i++)
      {
        JsonObject *d = g_ptr_array_index (docs, i);
        if (g_strcmp0 (tj_json_get_string (d, "template", NULL), job->template_name) == 0)
          newest = MAX (newest, tj_json_get_int (d, "version", 0));
      }
    for (guint i = 0; i < docs->len; i++)
      {
        JsonObject *d = g_ptr_array_index (docs, i);
        gboolean same_data, same_format;

        if (g_strcmp0 (tj_json_get_string (d, "template", NULL), job->template_name) != 0)
          continue;
        same_data = g_strcmp0 (tj_json_get_string (d, "input_hash", NULL), job->input_hash) == 0;
        same_format = g_strcmp0 (tj_json_get_string (d, "format", NULL), format) == 0;
        if (same_data && same_format && !tj_json_get_bool (d, "signed", FALSE) && job->existing == NULL)
          job->existing = json_object_ref (d);
        if (tj_json_get_int (d, "version", 0) == newest)
          {
            newest_same_data |= same_data && !tj_json_get_bool (d, "signed", FALSE);
            newest_has_format |= same_format;
          }
      }
    /* The PDF of the newest version exists and the DOCX of the same data
     * is asked for (or the other way round): it joins that version. */
    job->version = (newest_same_data && !newest_has_format) ? newest : newest + 1;
  }
  return g_steal_pointer (&job);
}

static JsonObject *
reused_result (Job *job)
{
  JsonObject *out = paper_summary (job->existing);
  json_object_set_boolean_member (out, "reused", TRUE);
  return out;
}

static JsonObject *
job_store (Job      *job,
           GBytes   *bytes,
           GError  **error)
{
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autofree char *id = tj_store_new_id ();
  g_autofree char *now = tj_timestamp_now ();
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  g_autofree char *filename = g_strdup_printf ("%s-v%" G_GINT64_FORMAT ".%s", job->template_name,
                                               job->version, job->format);
  g_autofree char *model_text = tj_json_object_to_string (job->model, FALSE);
  g_autofree char *rev = NULL;
  g_autofree char *event_text = NULL;
  g_autoptr(JsonObject) extra = NULL;
  JsonObject *atts = json_object_new ();
  JsonObject *out;

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", "paper");
  json_object_set_string_member (doc, "case_id", job->case_id);
  json_object_set_string_member (doc, "template", job->template_name);
  json_object_set_string_member (doc, "title", job->title);
  json_object_set_string_member (doc, "format", job->format);
  json_object_set_int_member (doc, "version", job->version);
  json_object_set_string_member (doc, "sha256", sha);
  json_object_set_int_member (doc, "length", g_bytes_get_size (bytes));
  json_object_set_string_member (doc, "filename", filename);
  json_object_set_string_member (doc, "content_type", content_type_for (job->format));
  json_object_set_string_member (doc, "generated_at", now);
  if (job->actor && *job->actor)
    json_object_set_string_member (doc, "generated_by", job->actor);
  json_object_set_string_member (doc, "dated", job->dated);
  json_object_set_string_member (doc, "input_hash", job->input_hash);
  if (job->settlement_id)
    json_object_set_string_member (doc, "settlement_id", job->settlement_id);
  if (job->settlement_rev)
    json_object_set_string_member (doc, "settlement_rev", job->settlement_rev);
  json_object_set_boolean_member (doc, "signed", FALSE);
  json_object_set_array_member (doc, "scans", json_array_new ());

  {
    struct { const char *name; const char *type; const guchar *data; gsize len; } files[] = {
      { filename, content_type_for (job->format), g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes) },
      { "model.json", "application/json", (const guchar *) model_text, strlen (model_text) },
      { "template.xml", "application/xml", (const guchar *) job->template_text, strlen (job->template_text) },
    };
    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        JsonObject *a = json_object_new ();
        g_autofree char *b64 = g_base64_encode (files[i].data, files[i].len);
        json_object_set_string_member (a, "content_type", files[i].type);
        json_object_set_string_member (a, "data", b64);
        json_object_set_object_member (atts, files[i].name, a);
      }
  }
  json_object_set_object_member (doc, "_attachments", atts);

  if (!tj_store_begin (job->store, error))
    return NULL;
  rev = tj_store_put (job->store, doc, NULL, error);
  if (rev == NULL)
    goto fail;
  extra = json_object_new ();
  json_object_set_string_member (extra, "paper_id", id);
  json_object_set_string_member (extra, "template", job->template_name);
  json_object_set_string_member (extra, "format", job->format);
  json_object_set_int_member (extra, "version", job->version);
  json_object_set_string_member (extra, "sha256", sha);
  /* Translators: "%s" is a document title (调解协议书), then its version and file format. */
  event_text = g_strdup_printf (_("Generated %s, version %d (%s)"),
                                job->title, (int) job->version, g_str_equal (job->format, "pdf") ? "PDF" : "DOCX");
  if (!tj_case_add_event (job->store, &(TjCaseContext) { .actor = job->actor }, job->case_id,
                          "paper_generated", event_text, extra, error))
    goto fail;
  if (!tj_store_commit (job->store, error))
    return NULL;

  json_object_remove_member (doc, "_attachments");
  out = paper_summary (doc);
  json_object_set_boolean_member (out, "reused", FALSE);
  return out;

fail:
  tj_store_rollback (job->store);
  return NULL;
}

static GBytes *
job_render (Job      *job,
            GError  **error)
{
  TjDocgenOptions options = { job->dated };

  return tj_docgen_render (job->tmpl, job->model, &options,
                           g_str_equal (job->format, "pdf") ? TJ_DOCGEN_FORMAT_PDF : TJ_DOCGEN_FORMAT_DOCX, error);
}

JsonObject *
tj_papers_generate (TjStore             *store,
                    const TjCaseContext *ctx,
                    JsonObject          *organisation,
                    const char          *case_id,
                    const char          *template_name,
                    const char          *format,
                    GError             **error)
{
  g_autoptr(Job) job = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  job = job_prepare (store, ctx, organisation, case_id, template_name, format, error);
  if (job == NULL)
    return NULL;
  if (job->existing)
    return reused_result (job);
  bytes = job_render (job, error);
  if (bytes == NULL)
    return NULL;
  return job_store (job, bytes, error);
}

/* ------------------------------------------------------------------ */
/* Signing                                                              */

static gboolean
scan_type_ok (const char *content_type)
{
  return content_type && (g_str_has_prefix (content_type, "image/") ||
                          g_str_equal (content_type, CONTENT_TYPE_PDF));
}

JsonObject *
tj_papers_attach_signed (TjStore             *store,
                         const TjCaseContext *ctx,
                         const char          *paper_id,
                         GBytes              *scan,
                         const char          *filename,
                         const char          *content_type,
                         GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *now = tj_timestamp_now ();
  g_autofree char *name = NULL;
  g_autofree char *base = NULL;
  g_autofree char *b64 = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) extra = NULL;
  JsonObject *atts, *att, *entry;
  JsonArray *scans;
  const char *dot;
  gboolean was_signed;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (paper_id != NULL, NULL);

  if (scan == NULL || g_bytes_get_size (scan) == 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID, _("The signed scan is an empty file"));
      return NULL;
    }
  if (!scan_type_ok (content_type))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The signed scan must be an image or a PDF, not “%s”"),
                   content_type ? content_type : "");
      return NULL;
    }

  if (!tj_store_begin (store, error))
    return NULL;
  doc = load_paper (store, paper_id, error);
  if (doc == NULL)
    goto fail;
  was_signed = tj_json_get_bool (doc, "signed", FALSE);

  scans = tj_json_get_array (doc, "scans");
  if (scans == NULL)
    {
      scans = json_array_new ();
      json_object_set_array_member (doc, "scans", scans);
    }
  /* A new attachment name every time: an earlier scan is never replaced. */
  base = g_path_get_basename (filename && *filename ? filename : "scan");
  dot = strrchr (base, '.');
  name = g_strdup_printf ("signed-%u%s", json_array_get_length (scans) + 1,
                          dot && strlen (dot) <= 6 ? dot : "");
  atts = tj_json_get_object (doc, "_attachments");
  if (atts == NULL)
    {
      atts = json_object_new ();
      json_object_set_object_member (doc, "_attachments", atts);
    }
  att = json_object_new ();
  b64 = g_base64_encode (g_bytes_get_data (scan, NULL), g_bytes_get_size (scan));
  json_object_set_string_member (att, "content_type", content_type);
  json_object_set_string_member (att, "data", b64);
  json_object_set_object_member (atts, name, att);

  entry = json_object_new ();
  json_object_set_string_member (entry, "name", name);
  json_object_set_string_member (entry, "filename", base);
  json_object_set_string_member (entry, "content_type", content_type);
  json_object_set_int_member (entry, "length", g_bytes_get_size (scan));
  json_object_set_string_member (entry, "added_at", now);
  json_array_add_object_element (scans, entry);

  if (!was_signed)
    {
      json_object_set_boolean_member (doc, "signed", TRUE);
      json_object_set_string_member (doc, "signed_at", now);
      if (ctx && ctx->actor && *ctx->actor)
        json_object_set_string_member (doc, "signed_by", ctx->actor);
    }
  rev = tj_store_put (store, doc, NULL, error);
  if (rev == NULL)
    goto fail;

  extra = json_object_new ();
  json_object_set_string_member (extra, "paper_id", paper_id);
  json_object_set_string_member (extra, "template", tj_json_get_string (doc, "template", ""));
  json_object_set_int_member (extra, "version", tj_json_get_int (doc, "version", 0));
  json_object_set_string_member (extra, "scan", name);
  text = g_strdup_printf (_("Signed copy of %s, version %d, attached"),
                          tj_json_get_string (doc, "title", ""), (int) tj_json_get_int (doc, "version", 0));
  if (!tj_case_add_event (store, ctx, tj_json_get_string (doc, "case_id", ""), "paper_signed", text, extra, error))
    goto fail;
  if (!tj_store_commit (store, error))
    return NULL;
  json_object_remove_member (doc, "_attachments");
  return paper_summary (doc);

fail:
  tj_store_rollback (store);
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Laying out a stored version again                                   */

/* The template and model a stored version was made from. */
static gboolean
load_source (TjStore     *store,
             const char  *paper_id,
             JsonObject **out_doc,
             TjTemplate **out_tmpl,
             JsonObject **out_model,
             GError     **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GBytes) model_bytes = NULL;
  g_autoptr(GBytes) template_bytes = NULL;
  g_autoptr(JsonObject) model = NULL;
  g_autofree char *file_name = NULL;
  TjTemplate *tmpl;
  gsize len = 0;
  const char *data;

  doc = load_paper (store, paper_id, error);
  if (doc == NULL)
    return FALSE;
  model_bytes = tj_store_get_attachment (store, paper_id, NULL, "model.json", NULL, error);
  if (model_bytes == NULL)
    return FALSE;
  template_bytes = tj_store_get_attachment (store, paper_id, NULL, "template.xml", NULL, error);
  if (template_bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (model_bytes, &len);
  model = tj_json_parse_object (data, len, error);
  if (model == NULL)
    return FALSE;
  file_name = g_strdup_printf ("%s.xml", tj_json_get_string (doc, "template", "paper"));
  data = g_bytes_get_data (template_bytes, &len);
  tmpl = tj_template_new_from_data (data, len, file_name, error);
  if (tmpl == NULL)
    return FALSE;
  *out_doc = g_steal_pointer (&doc);
  *out_tmpl = tmpl;
  *out_model = g_steal_pointer (&model);
  return TRUE;
}

TjPages *
tj_papers_paginate (TjStore       *store,
                    const char    *paper_id,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) model = NULL;
  g_autoptr(TjTemplate) tmpl = NULL;
  TjDocgenOptions options;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (paper_id != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !load_source (store, paper_id, &doc, &tmpl, &model, error))
    return NULL;
  /* Read, but not yet laid out: a view closed meanwhile wants nothing. */
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  options.today = tj_json_get_string (doc, "dated", NULL);
  return tj_docgen_lay_out (tmpl, model, &options, error);
}

GBytes *
tj_papers_export (TjStore       *store,
                  const char    *paper_id,
                  const char    *format,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) model = NULL;
  g_autoptr(TjTemplate) tmpl = NULL;
  TjDocgenOptions options;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (paper_id != NULL, NULL);

  if (!check_format (format, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !load_source (store, paper_id, &doc, &tmpl, &model, error))
    return NULL;
  /* The stored file is the record: hand it back byte for byte. */
  if (g_strcmp0 (tj_json_get_string (doc, "format", NULL), format) == 0)
    return tj_store_get_attachment (store, paper_id, NULL, tj_json_get_string (doc, "filename", ""), NULL, error);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  options.today = tj_json_get_string (doc, "dated", NULL);
  return tj_docgen_render (tmpl, model, &options,
                           g_str_equal (format, "pdf") ? TJ_DOCGEN_FORMAT_PDF : TJ_DOCGEN_FORMAT_DOCX, error);
}

/* ------------------------------------------------------------------ */
/* The access log                                                       */

gboolean
tj_papers_record_output (TjStore             *store,
                         const TjCaseContext *ctx,
                         const char          *paper_id,
                         const char          *action,
                         GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GBytes) template_bytes = NULL;
  g_autofree char *audit_id = NULL;
  g_autofree char *detail = NULL;
  TjAuditEntry entry = { action, };
  const char *text;
  gsize len = 0;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);

  doc = load_paper (store, paper_id, error);
  if (doc == NULL)
    return FALSE;
  /* Full numbers when the template the version was made from prints an
   * ID number: those are the papers that need it by law (the parties of
   * an agreement or an application are identified by it). */
  template_bytes = tj_store_get_attachment (store, paper_id, NULL, "template.xml", NULL, NULL);
  text = template_bytes ? g_bytes_get_data (template_bytes, &len) : NULL;
  entry.full = text && g_strstr_len (text, len, "id_number") != NULL;
  entry.case_id = tj_json_get_string (doc, "case_id", NULL);
  entry.field = tj_json_get_string (doc, "template", NULL);
  detail = g_strdup_printf ("%s v%d", tj_json_get_string (doc, "title", ""), (int) tj_json_get_int (doc, "version", 0));
  entry.detail = detail;
  audit_id = tj_audit_record (store, ctx, &entry, error);
  return audit_id != NULL;
}
