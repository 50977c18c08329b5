/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-case.h"

G_BEGIN_DECLS

/*
 * The access log (PIPL §51): every reveal of a masked number, every export,
 * print, roster or bank-file import and deletion of personal data is one
 * `audit` document, written once and never changed:
 *
 *   { "type": "audit", "at" (UTC, from the process's clock), "on" (its
 *     local date), "actor" (the mediator's name from the preferences),
 *     "station", "action", "case_id", "party_id", "field", "reason",
 *     "detail", "full" (an export or print with numbers in full) }
 *
 * Audit documents are ordinary documents for sync: they are pushed to the
 * centre like every other, so the centre reads every station's log. The
 * store refuses to change or delete one (TJ_ERROR_CONFLICT), here or by
 * replication.
 */

/* action: */
#define TJ_AUDIT_REVEAL  "reveal"   /* a masked value shown in full */
#define TJ_AUDIT_EXPORT  "export"   /* a file written (CSV, PDF report, paper) */
#define TJ_AUDIT_PRINT   "print"    /* a paper printed */
#define TJ_AUDIT_IMPORT  "import"   /* a roster or bank file read in */
#define TJ_AUDIT_DELETE  "delete"   /* personal data deleted */
#define TJ_AUDIT_ARCHIVE "archive"  /* a case archived from the station (tj-retention.h) */
#define TJ_AUDIT_RESTORE "restore"  /* an archived case fetched back from the server */

typedef struct {
  const char *action;     /* one of the TJ_AUDIT_ actions */
  const char *case_id;    /* may be NULL (a report covers many cases) */
  const char *party_id;   /* the party or consultation, may be NULL */
  const char *field;      /* what: "id_number", "phone"…, or "report", "agreement", "roster"… */
  const char *reason;     /* why; required for a reveal and a full export */
  const char *detail;     /* a short description: a party's name, a file's name */
  gboolean    full;       /* numbers in full (an export made with a reveal, a legal paper) */
} TjAuditEntry;

/* Registers the audit index and the rule that audit documents are never
 * changed. tj_case_attach() calls it. */
gboolean    tj_audit_attach    (TjStore             *store,
                                GError             **error);

/* Stamps @doc, a record of who saw, exported or agreed to what, with
 * "at" (UTC, to the microsecond) and "on" (the local date), both from the
 * default clock so that tests and the pinned "today" agree. */
void        tj_audit_stamp     (JsonObject          *doc);

/* Writes one audit document for @entry (who from @ctx->actor and
 * @ctx->station_code, when from tj_clock_get_default()). TJ_ERROR_INVALID
 * for an unknown action, or a reveal or full export without a reason.
 * Returns the new document's id. (transfer full) */
char       *tj_audit_record    (TjStore             *store,
                                const TjCaseContext *ctx,
                                const TjAuditEntry  *entry,
                                GError             **error);

/* Audit entries, newest first, of one case (@case_id, may be NULL for all)
 * between two local dates (inclusive, each may be NULL):
 * [{"id", "at", "on", "actor", "station", "action", "case_id",
 *   "party_id", "field", "reason", "detail", "full", "text"}]; "text" says
 * it in a line of the UI language. TJ_ERROR_INVALID for a date that is not
 * YYYY-MM-DD. */
JsonArray  *tj_audit_list      (TjStore             *store,
                                const char          *case_id,
                                const char          *from,
                                const char          *to,
                                GError             **error);

/* One line saying what the entry records ("王调解 revealed the ID number
 * of 张三"), translated; the reason is beside it. (transfer full) */
char       *tj_audit_describe  (JsonObject          *entry);

G_END_DECLS
