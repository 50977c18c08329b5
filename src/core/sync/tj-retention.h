/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-case.h"
#include "tj-replicator.h"
#include "tj-sync-account.h"

G_BEGIN_DECLS

/*
 * Retention (PIPL §19, §47): closed cases older than a period (the
 * "retention-years" preference, 3 by default, 0 for never) are archived
 * from a station. A case is archived only after the station's database on
 * the server answers that it holds every document of the case at the
 * station's current revisions (`_revs_diff` finds nothing missing); then
 * its documents are purged from the local store in one transaction,
 * without tombstones, so nothing replicates as a deletion and the server
 * and the centre keep them. The station keeps a small record of what it
 * archived (`_local/tiaojie-archive`: the case's number, title, closing
 * date, when, and the ids and revisions of its documents), and can fetch
 * the case back from the server on request. docs/SYNC.md, "Retention",
 * says why the server's copy is never purged.
 *
 * The report of a run:
 *   { "today", "years", "before" (cases closed before this day are due),
 *     "dry_run", "archived": [case], "would_archive": [case] (dry run),
 *     "kept": [case + "reason", "message"], "pulled" (not in a dry run:
 *     what the pull before the check brought) }
 * where case is { "id", "number", "title", "closed_on", "docs" }, and
 * "reason" is "not_at_centre" (the server holds none of its documents:
 * never pushed), "incomplete_at_centre" (some revisions missing there:
 * sync first) or "changed_here" (edited while being archived); "message"
 * says it in the UI language.
 */

#define TJ_RETENTION_DEFAULT_YEARS 3
#define TJ_RETENTION_MAX_YEARS     30

/* Called in the caller's main context while a run archives: @done of
 * @total cases checked and archived. */
typedef void (*TjRetentionProgress) (guint    done,
                                     guint    total,
                                     gpointer user_data);

/* Whether a case closed on @closed_on (YYYY-MM-DD) is due by @today:
 * closed before the same day @years years earlier. Never for @years 0 or
 * a date that is not one. */
gboolean    tj_retention_is_due          (const char          *closed_on,
                                          const GDate         *today,
                                          guint                years);

/* The closed cases due by @today, oldest first:
 * [{"id", "number", "title", "closed_on", "docs"}]. Reads the local
 * store only. TJ_ERROR_INVALID for @years above TJ_RETENTION_MAX_YEARS. */
JsonArray  *tj_retention_list_due        (TjStore             *store,
                                          const GDate         *today,
                                          guint                years,
                                          GError             **error);

/* The ids of every document of @case_id here: the case and every document
 * whose revisions name it in `case_id` (deleted ones too). */
GPtrArray  *tj_retention_case_docs       (TjStore             *store,
                                          const char          *case_id,
                                          GError             **error);

/* Purges @case_id's documents in one transaction, writes its archive
 * record and an audit entry ("archive"). Call it only once the server
 * holds the documents: tj_retention_archive() checks that first. Returns
 * the case's line of the report. */
JsonObject *tj_retention_purge_case      (TjStore             *store,
                                          const char          *case_id,
                                          const TjCaseContext *ctx,
                                          GError             **error);

/* The archived cases, newest archive first:
 * [{"id", "number", "title", "closed_on", "archived_at", "docs",
 *   "back": ids of documents of the case here again (changed or added
 *   at the centre and pulled since)}]. */
JsonArray  *tj_retention_list_archived   (TjStore             *store,
                                          GError             **error);

/* A run: the due cases checked against @replicator's database and, unless
 * @dry_run, archived. Errors: TJ_ERROR_INVALID (a centre's store, @years
 * out of range), TJ_ERROR_NOT_FOUND (no such database), network errors
 * (nothing archived after the failure; what was archived before stays). */
JsonObject *tj_retention_archive         (TjReplicator        *replicator,
                                          const GDate         *today,
                                          guint                years,
                                          gboolean             dry_run,
                                          const TjCaseContext *ctx,
                                          GCancellable        *cancellable,
                                          GError             **error);
/* The same in a thread, for the app: on a connection of its own to the
 * database at @path with every index attached, and a replicator made
 * there from @account (tj_sync_account_create_replicator(): the keyring
 * is read off the main thread); @progress (nullable) is called in the
 * caller's context. */
void        tj_retention_archive_async   (TjSyncAccount       *account,
                                          const char          *path,
                                          const GDate         *today,
                                          guint                years,
                                          gboolean             dry_run,
                                          const TjCaseContext *ctx,
                                          TjRetentionProgress  progress,
                                          gpointer             progress_data,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
JsonObject *tj_retention_archive_finish  (GAsyncResult        *result,
                                          GError             **error);

/* Fetches an archived case's documents back from the server (their latest
 * revisions there, with histories and attachments, as a pull writes
 * them), drops its archive record and writes an audit entry ("restore"),
 * all in one transaction. TJ_ERROR_NOT_FOUND when @case_id is not
 * archived here; TJ_ERROR_NETWORK when the server lacks a document
 * (nothing is written then). Returns {"id", "number", "title", "docs"}. */
JsonObject *tj_retention_restore         (TjReplicator        *replicator,
                                          const char          *case_id,
                                          const TjCaseContext *ctx,
                                          GCancellable        *cancellable,
                                          GError             **error);
/* The same in a thread, as tj_retention_archive_async(). */
void        tj_retention_restore_async   (TjSyncAccount       *account,
                                          const char          *path,
                                          const char          *case_id,
                                          const TjCaseContext *ctx,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
JsonObject *tj_retention_restore_finish  (GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
