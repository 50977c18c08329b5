/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tj-store.h"
#include "tj-types.h"

G_BEGIN_DECLS

/*
 * Cases (issue 3). A case is split into documents so that two people rarely
 * edit the same one (docs/DESIGN.md): one `case` document, one `party` document
 * per worker / employer / contractor-chain member / agent, one `claim`
 * document per claim and append-only `event` documents (the timeline), all
 * linked by `case_id`.
 *
 * The case interchange JSON (input of tj_case_add(), output of
 * tj_case_show(); stable, documented in README.md):
 *
 *   { "title", "kind", "source", "received_on", "accepted_on", "knew_on",
 *     "employment_ended_on", "employment_ongoing" (bool), "facts",
 *     "employer": {"name", "credit_code", "representative", "phone",
 *                  "address", "contact"},
 *     "chain": [{"role": "project_owner|general_contractor|subcontractor|team_leader",
 *                "name", "credit_code", "representative", "phone",
 *                "qualified", "relation", "tier", "name_lent",
 *                "unpaid_price_fen", "illegal_project"}]  (tj-chain.h),
 *     "workers": [{"name", "id_number", "phone", "job", "start_date",
 *                  "monthly_wage_fen", "owed_fen", "bank_account"}],
 *     "agents": [{"name", "role": "agent|representative",
 *                 "represents": "worker|employer", "phone"}],
 *     "claims": [{"kind", "amount_fen", "description"}],
 *     "layoff": bool, "layoff_size": n }
 *
 * Output adds: "id", "number", "status", "station", "created_at",
 * "deadlines": {"mediation": {"date", "days_left", "basis", ...},
 *               (once agreed: "status": "ended", "ended_by": "agreement",
 *                "ended_on": the day the settlement was agreed)
 *               "arbitration_limitation": {...}, ...},
 * "flags": ["collective", "large_amount", "layoff"],
 * "totals": {"workers", "owed_fen", "claimed_fen"},
 * "chain" in legal order (owner, general contractor, subcontractors by
 * tier, team leader),
 * "liable_first": {"role", "name", "basis", "citation", "duty", "rule",
 *                  "employer", "advance", "joint", "notes", …}
 *                 (tj_chain_liable_first()),
 * and per worker/party/claim its document "id".
 *
 * kind: wage_arrears, compensation, termination, overtime,
 *       social_insurance, work_injury, other
 * source: hotline, walk_in, night_clinic, station, court, referral
 * status: intake, accepted, mediating, agreed, performing, closed,
 *         failed, referred, withdrawn
 */

typedef struct {
  const char *station_code;     /* part of case numbers; may be empty */
  const char *number_pattern;   /* e.g. "〔{year}〕{station}调字第{seq:04}号" */
  const char *actor;            /* mediator's name, for the timeline */
  guint       flag_min_workers;
  gint64      flag_min_amount_fen;
  const char *today;            /* ISO date; NULL = the real today */
  const char *dispatch_to;      /* at a centre: the station a new case is
                                 * dispatched to (tj_centre_dispatch()) */
} TjCaseContext;

void        tj_case_context_init_defaults (TjCaseContext *ctx);

/* Registers the case indexer (case list, search index) on @store. Call once
 * after opening; cheap when the index is current. */
gboolean    tj_case_attach          (TjStore            *store,
                                     GError            **error);
/* The indexed mediation limits counted again with the default calendar
 * when it changed since (see tj_calendar_reload_default()). */
gboolean    tj_case_recount_deadlines (TjStore          *store,
                                       GError          **error);
/* The same for another index table with id (unique), received_on, accepted_on and
 * mediation_deadline columns; @meta_key records its calendar. */
gboolean    tj_case_recount_index     (TjStore          *store,
                                       const char       *table,
                                       const char       *meta_key,
                                       GError          **error);
/* The end of the 15-day mediation limit (§14) of a case received and
 * accepted on these ISO dates, counted from the earlier; NULL when it was
 * not accepted. (transfer full) */
char       *tj_case_mediation_deadline (const char      *received_on,
                                        const char      *accepted_on);

/* The facts of a case document that its deadlines are counted from, as
 * the input of tj_deadlines_compute(): the dates of the case, and how the
 * mediation ended ("mediation_ended_on" and "mediation_end_reason" from
 * its status: failed, referred or withdrawn), which restarts the
 * arbitration limitation (劳动争议调解仲裁法 §27 ¶2). (transfer full) */
JsonObject *tj_case_deadline_input   (JsonObject      *doc,
                                      const char      *today);

/* Validates and writes a case with its parties and claims in one
 * transaction. Returns {"id", "number"}. TJ_ERROR_INVALID names the field
 * ("workers[3].id_number: …"); nothing is written then. */
JsonObject *tj_case_add             (TjStore            *store,
                                     const TjCaseContext *ctx,
                                     JsonObject         *input,
                                     GError            **error);

/* The stored document of case @id (transfer full). TJ_ERROR_NOT_FOUND
 * when there is none, or when @id is another kind of document. */
JsonObject *tj_case_get_doc         (TjStore            *store,
                                     const char         *id,
                                     GError            **error);

JsonObject *tj_case_show            (TjStore            *store,
                                     const TjCaseContext *ctx,
                                     const char         *id,
                                     GError            **error);

typedef struct {
  const char *query;            /* search text, may be NULL */
  const char *status;           /* NULL = any */
  const char *kind;
  const char *source;
  gboolean    flagged_only;
  int         deadline_within;  /* days; < 0 = no filter */
  const char *sort;             /* "received" (default), "deadline", "amount" */
  guint       flag_min_workers; /* early-warning thresholds (preferences) */
  gint64      flag_min_amount_fen;
  const char *today;            /* ISO date; NULL = the real today */
  guint       limit;            /* 0 = 50 */
  guint       offset;
} TjCaseQuery;

void        tj_case_query_init      (TjCaseQuery        *query);

/* Rows: {"id", "number", "title", "status", "kind", "source",
 * "received_on", "employer", "workers", "owed_fen", "flagged",
 * "mediation_deadline", "names" (masked ID numbers/phones)} */
JsonArray  *tj_case_list            (TjStore            *store,
                                     const TjCaseQuery  *query,
                                     GError            **error);
guint       tj_case_count           (TjStore            *store,
                                     const TjCaseQuery  *query,
                                     GError            **error);

/* Status workflow; refuses impossible transitions with TJ_ERROR_CONFLICT.
 * Records who, when and why in the timeline. */
gboolean    tj_case_set_status      (TjStore            *store,
                                     const TjCaseContext *ctx,
                                     const char         *id,
                                     const char         *new_status,
                                     const char         *reason,
                                     const char         *referred_to,
                                     GError            **error);

/* Earlier cases involving the same employer (name or credit code) or the
 * same worker (ID number) as @input (case interchange JSON):
 * [{"id", "number", "title", "status", "received_on", "match":
 *   "employer"|"worker", "name"}], newest first, excluding @except_id. */
JsonArray  *tj_case_find_related    (TjStore            *store,
                                     JsonObject         *input,
                                     const char         *except_id,
                                     GError            **error);

/* Imports cases from CSV (UTF-8 or GBK): one row per worker; rows with
 * the same "case" column (or the same employer and received date) form
 * one case. All-or-nothing: any bad row gives TJ_ERROR_INVALID listing
 * every bad row ("Row 14: …") and nothing is written. Returns
 * {"imported": n, "cases": [{"id","number"}]}. */
JsonObject *tj_case_import_csv      (TjStore            *store,
                                     const TjCaseContext *ctx,
                                     const char         *data,
                                     gsize               length,
                                     GError            **error);
gboolean    tj_case_status_allowed  (const char         *from,
                                     const char         *to);

/* Appends an event to the case timeline. At a centre (tj-centre.h) the
 * event is marked "by_centre": the centre's edits of a station's case
 * show as the centre's on the timeline, there and at the station. */
gboolean    tj_case_add_event       (TjStore            *store,
                                     const TjCaseContext *ctx,
                                     const char         *case_id,
                                     const char         *kind,
                                     const char         *text,
                                     JsonObject         *extra,
                                     GError            **error);
/* Newest first. */
JsonArray  *tj_case_timeline        (TjStore            *store,
                                     const char         *case_id,
                                     GError            **error);
/* The same with the case's entries of the access log (tj-audit.h) among
 * them: "kind": "audit", "audit_action", and "text" saying who did what
 * and why. What the case page and `case timeline` show. */
JsonArray  *tj_case_timeline_full   (TjStore            *store,
                                     const char         *case_id,
                                     GError            **error);

/* Later edits ("everything else can be filled in later"). Each validates
 * like intake, writes one document, and records an event. */

/* @patch holds case-level members of the interchange JSON (title, facts,
 * dates, kind, source, employment_ongoing, layoff…); null removes one. */
gboolean    tj_case_update          (TjStore            *store,
                                     const TjCaseContext *ctx,
                                     const char         *id,
                                     JsonObject         *patch,
                                     GError            **error);
/* @role: worker, employer, project_owner, general_contractor,
 * subcontractor, team_leader, agent, representative. Returns the id. */
char       *tj_case_add_party       (TjStore            *store,
                                     const TjCaseContext *ctx,
                                     const char         *case_id,
                                     const char         *role,
                                     JsonObject         *party,
                                     GError            **error);
/* @party: the members to change (null removes one), and "role" to move
 * the party to another role of its kind (project owner → general
 * contractor, agent → representative; a worker stays a worker). The
 * timeline names the changed fields by their labels. */
gboolean    tj_case_update_party    (TjStore            *store,
                                     const TjCaseContext *ctx,
                                     const char         *party_id,
                                     JsonObject         *party,
                                     GError            **error);
/* Deletes a party entered by mistake. TJ_ERROR_CONFLICT, saying why,
 * when the settlement (payer or an allocation), a payment or a session
 * refers to it; nothing is written then. */
gboolean    tj_case_delete_party    (TjStore            *store,
                                     const TjCaseContext *ctx,
                                     const char         *party_id,
                                     GError            **error);
/* Replaces the contractor chain with @chain (links top-down, which also
 * numbers the subcontractors' tiers; a link with
 * the "id" of a stored one updates it, one without is added, a stored one
 * not listed is removed). The chain is validated as a whole
 * (tj_chain_check()); TJ_ERROR_INVALID names the field and nothing is
 * written. Records a "chain_changed" event. */
gboolean    tj_case_set_chain       (TjStore            *store,
                                     const TjCaseContext *ctx,
                                     const char         *case_id,
                                     JsonArray          *chain,
                                     GError            **error);
char       *tj_case_add_claim       (TjStore            *store,
                                     const TjCaseContext *ctx,
                                     const char         *case_id,
                                     JsonObject         *claim,
                                     GError            **error);
/* @patch: "kind", "amount_fen", "description" (null removes it). */
gboolean    tj_case_update_claim    (TjStore            *store,
                                     const TjCaseContext *ctx,
                                     const char         *claim_id,
                                     JsonObject         *patch,
                                     GError            **error);
gboolean    tj_case_delete_claim    (TjStore            *store,
                                     const TjCaseContext *ctx,
                                     const char         *claim_id,
                                     GError            **error);

/* Evidence: a file kept as an attachment of an `evidence` document.
 * Returns the evidence id. */
char       *tj_case_add_evidence    (TjStore            *store,
                                     const TjCaseContext *ctx,
                                     const char         *case_id,
                                     const char         *filename,
                                     const char         *content_type,
                                     GBytes             *data,
                                     const char         *description,
                                     GError            **error);
/* [{"id", "filename", "content_type", "length", "description", "added_at"}] */
JsonArray  *tj_case_list_evidence   (TjStore            *store,
                                     const char         *case_id,
                                     GError            **error);
GBytes     *tj_case_get_evidence    (TjStore            *store,
                                     const char         *evidence_id,
                                     char              **out_filename,
                                     char              **out_content_type,
                                     GError            **error);


G_END_DECLS
