/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tj-repository.h"
#include "tj-store.h"
#include "tj-sync-account.h"

G_BEGIN_DECLS

/**
 * TjSyncState:
 * @TJ_SYNC_STATE_DISABLED: no account, or automatic sync is off and
 *   nothing has run yet
 * @TJ_SYNC_STATE_SYNCED: the last run succeeded and nothing changed since
 * @TJ_SYNC_STATE_PENDING: local changes wait for the next run
 * @TJ_SYNC_STATE_SYNCING: a run is in progress
 * @TJ_SYNC_STATE_OFFLINE: there is no network
 * @TJ_SYNC_STATE_ERROR: the last run failed (see the "error" property)
 */
typedef enum {
  TJ_SYNC_STATE_DISABLED,
  TJ_SYNC_STATE_SYNCED,
  TJ_SYNC_STATE_PENDING,
  TJ_SYNC_STATE_SYNCING,
  TJ_SYNC_STATE_OFFLINE,
  TJ_SYNC_STATE_ERROR,
} TjSyncState;

/* "disabled", "synced", "pending", "syncing", "offline", "error". */
const char *tj_sync_state_to_string (TjSyncState state);

/**
 * TjSyncScheduler:
 *
 * Runs the replicator for the station's #TjSyncAccount in the background:
 * at start, a few seconds after local changes (the #TjRepository's
 * "changed", which also sees the CLI's writes), every few minutes, when
 * the network comes back (#GNetworkMonitor) and on demand. A run works in a GTask
 * thread on a #TjStore of its own opened on tj_store_get_path(), with the
 * case, arrears and report indexers attached so replicated documents are
 * indexed in the same write. Failed runs are retried with exponential
 * back-off (30 s doubling to 30 min, with jitter).
 *
 * Every run, successful or not, is recorded in the `_local/sync-history`
 * document (never replicated; newest first, the last 50):
 * `{"runs": [{"started_at", "finished_at", "ok", "pulled", "pushed",
 *   "conflicts", "denied", "denied_ids", "errors", "error_ids", "kept",
 *   "kept_ids", "kept_labels", "error", "local_seq", "dispatched"}]}`
 * ("errors": revisions that could not be taken or sent, see
 * #TjReplicator).
 *
 * Cases dispatched by the 12351 hotline — documents of type `case` with
 * `source` `hotline` and status `intake` that arrived in a run — are kept
 * in `_local/sync-dispatched` until the mediator has seen them, and
 * announced with the "cases-dispatched" signal.
 *
 * Main thread only. Display-free.
 */
#define TJ_TYPE_SYNC_SCHEDULER (tj_sync_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (TjSyncScheduler, tj_sync_scheduler, TJ, SYNC_SCHEDULER, GObject)

TjSyncScheduler *tj_sync_scheduler_new           (TjRepository    *repository,
                                                  TjSyncAccount   *account);
TjStore         *tj_sync_scheduler_get_store     (TjSyncScheduler *self);
TjSyncAccount   *tj_sync_scheduler_get_account   (TjSyncScheduler *self);

/* Starts the automatic triggers (and a first run when the account is set
 * up and enabled); stop() cancels a run in progress and the timers. */
void             tj_sync_scheduler_start         (TjSyncScheduler *self);
void             tj_sync_scheduler_stop          (TjSyncScheduler *self);
/* A run now, whatever the switch and the back-off say (the "Sync Now"
 * button). Does nothing without an account. */
void             tj_sync_scheduler_sync_now      (TjSyncScheduler *self);

TjSyncState      tj_sync_scheduler_get_state     (TjSyncScheduler *self);
/* Local documents changed since the last successful push (0 without an
 * account; counted up to 10000). */
guint            tj_sync_scheduler_get_pending   (TjSyncScheduler *self);
/* Why the last run failed (translated), or %NULL. */
const char      *tj_sync_scheduler_get_error     (TjSyncScheduler *self);
/* The history entry of the last run, or %NULL. */
JsonObject      *tj_sync_scheduler_get_last_run  (TjSyncScheduler *self);

/* Timings, in seconds (tests make them short): the periodic run (default
 * 300), the delay after a local change (default 5) and the first back-off
 * delay (default 30). */
void             tj_sync_scheduler_set_timings   (TjSyncScheduler *self,
                                                  guint            interval,
                                                  guint            change_delay,
                                                  guint            backoff);

/* The run history of `_local/sync-history`, newest first (a new array). */
JsonArray       *tj_sync_history_load            (TjStore         *store,
                                                  GError         **error);
/* Adds @entry in front and keeps the last 50. */
gboolean         tj_sync_history_append          (TjStore         *store,
                                                  JsonObject      *entry,
                                                  GError         **error);

/* Hotline cases that arrived by sync and were not opened yet:
 * [{"id", "title", "number", "arrived_at"}], newest first. */
JsonArray       *tj_sync_dispatched_list         (TjStore         *store,
                                                  GError         **error);
/* The mediator opened the case: it no longer shows as new. */
gboolean         tj_sync_dispatched_mark_seen    (TjStore         *store,
                                                  const char      *case_id,
                                                  GError         **error);
/* Finds the hotline cases among documents written after local sequence
 * @since (what a run just pulled) that are not known yet, records them in
 * `_local/sync-dispatched` and returns them (the same shape as the list). */
JsonArray       *tj_sync_dispatched_collect      (TjStore         *store,
                                                  gint64           since,
                                                  GError         **error);

G_END_DECLS
