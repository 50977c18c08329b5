/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tj-store.h"
#include "tj-sync-account.h"

G_BEGIN_DECLS

/**
 * TjCentreSync:
 *
 * One centre sync: for each station of the registry (tj-centre.h), or
 * the ones named, a replication run with that station's database on the
 * server — the whole database pulled, only the station's own documents
 * pushed (the replicator's push filter, named "tiaojie-centre:CODE", so
 * each station has its own checkpoints). Each station runs on a
 * connection of its own to the store's file, with every index attached,
 * one after the other.
 *
 * A station that cannot be synced — the server cannot be reached or
 * stops answering, its database is missing, the centre's account has no
 * access to it — does not stop the others: its run writes nothing past
 * its last complete batch (the replicator's checkpoints), the error is
 * kept for that station, and a station that failed on the network is
 * tried once more after the others. Every station's outcome is recorded
 * in `_local/centre-sync` (tj_centre_sync_state()), so the Centre section
 * shows each station's last sync, and the next run tries every station
 * again.
 *
 * The result:
 * `{"ok", "failed", "stations": [{"code", "name", "database", "ok",
 *   "result": {replicator result} | "error", "error_kind":
 *   "database_missing"|"no_access"|"network"|"refused"|"failed",
 *   "attempts"}]}`
 * where "refused" is a run that finished with documents the server
 * refused (listed in its result).
 *
 * Unknown station codes, an empty registry or a server address that is
 * not one fail the whole run with %TJ_ERROR_INVALID before anything is
 * sent or written.
 *
 * The "station-done" signal (`void (TjCentreSync *, const char *code,
 * gboolean ok, gpointer)`) follows each station, in the thread-default
 * main context of the caller of tj_centre_sync_run_async().
 */
#define TJ_TYPE_CENTRE_SYNC (tj_centre_sync_get_type ())
G_DECLARE_FINAL_TYPE (TjCentreSync, tj_centre_sync, TJ, CENTRE_SYNC, GObject)

TjCentreSync *tj_centre_sync_new          (TjStore             *store,
                                           const char          *server_url,
                                           const char          *user,
                                           const char          *password);
/* The centre's database at @path (the run opens connections of its own),
 * with the station's account of the app (Preferences → Sync): its
 * server, user and pinned certificate, the password looked up from the
 * keyring in the run's thread. The account's database is not used. */
TjCentreSync *tj_centre_sync_new_for_account (const char       *path,
                                           TjSyncAccount       *account);
/* Only these stations (NULL: every registered one). */
void          tj_centre_sync_set_stations (TjCentreSync        *self,
                                           const char * const  *codes);
void          tj_centre_sync_set_pinned_certificate (TjCentreSync *self,
                                           GTlsCertificate     *certificate);
/* As tj_replicator_set_retry() and _set_timeout(), for every station. */
void          tj_centre_sync_set_retry    (TjCentreSync        *self,
                                           guint                base_delay_ms,
                                           guint                max_retries);
void          tj_centre_sync_set_timeout  (TjCentreSync        *self,
                                           guint                seconds);
void          tj_centre_sync_set_batch_size (TjCentreSync      *self,
                                           guint                batch_size);

/* In the calling thread. */
JsonObject   *tj_centre_sync_run          (TjCentreSync        *self,
                                           GCancellable        *cancellable,
                                           GError             **error);
/* In a worker thread. */
void          tj_centre_sync_run_async    (TjCentreSync        *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
JsonObject   *tj_centre_sync_run_finish   (TjCentreSync        *self,
                                           GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
