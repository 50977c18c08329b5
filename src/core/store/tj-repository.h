/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tj-store.h"

G_BEGIN_DECLS

/**
 * TjRepository:
 *
 * The case database as the programs use it: the #TjStore of the main
 * thread with every index attached (cases, arrears, reports), a worker
 * thread with a connection of its own for database work off the main
 * thread, and the "changed" signal that tells which documents changed.
 *
 * tj_repository_open() is the one place that opens a database with every
 * index; the GUI, the CLI (tj_cli_store()), the sync scheduler's thread and
 * the worker all get the same set, so a document written anywhere is
 * indexed in the same write.
 *
 * "changed" is emitted on the main context of the thread that opened the
 * repository after any commit that changed documents: by this connection,
 * the worker, another connection of this process (the sync scheduler's)
 * or another process (`tiaojie-cli case add` while the app runs). Writes
 * on this connection are seen by an SQLite commit hook, the worker's when
 * its job is done, everyone else's by a #GFileMonitor on the database and
 * its write-ahead log followed by `PRAGMA data_version` — never by polling.
 * The ids are read from the changes feed since the last sequence seen, and
 * a burst of commits becomes one emission per main-loop turn.
 */
#define TJ_TYPE_REPOSITORY (tj_repository_get_type ())
G_DECLARE_FINAL_TYPE (TjRepository, tj_repository, TJ, REPOSITORY, GObject)

/**
 * TjRepositoryFunc:
 * @store: the worker thread's connection, with every index attached
 * @data: the data given to tj_repository_run_async()
 * @error: where to put a failure
 *
 * Database work run on the worker thread. Writes are transactions on
 * @store as anywhere else; results go into @data, which the callback gets
 * back from tj_repository_run_finish().
 *
 * Returns: %FALSE with @error set on failure
 */
typedef gboolean (*TjRepositoryFunc) (TjStore   *store,
                                      gpointer   data,
                                      GError   **error);

TjRepository *tj_repository_open              (const char           *path,
                                               GError              **error);
void          tj_repository_open_async        (const char           *path,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
TjRepository *tj_repository_open_finish       (GAsyncResult         *result,
                                               GError              **error);

/* Attaches every index to @store, a connection opened elsewhere (a thread
 * of its own, as the sync scheduler's): the same set tj_repository_open()
 * attaches. */
gboolean      tj_repository_attach_indexes    (TjStore              *store,
                                               GError              **error);

const char   *tj_repository_get_path          (TjRepository         *self);
/* The main thread's connection. */
TjStore      *tj_repository_get_store         (TjRepository         *self);
/* The last sequence announced by "changed" (or current when opened). */
gint64        tj_repository_get_seq           (TjRepository         *self);

void          tj_repository_run_async         (TjRepository         *self,
                                               TjRepositoryFunc      func,
                                               gpointer              data,
                                               GDestroyNotify        destroy,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean      tj_repository_run_finish        (TjRepository         *self,
                                               GAsyncResult         *result,
                                               gpointer             *out_data,
                                               GError              **error);

gboolean      tj_repository_wait_idle         (TjRepository         *self,
                                               guint                 timeout_ms);

/* Look for changes at the next main-loop turn, whatever the triggers say
 * (after a write made where no trigger sees it). */
void          tj_repository_queue_check       (TjRepository         *self);

/* Whether "changed" with @ids concerns what a page shows: a document of
 * one of @types (any type when %NULL) and, when @case_id is given, of that
 * case (the case itself or a document with its case_id). A document not
 * known any more (deleted) may have been anything: it concerns everyone.
 * Answers from what the last emission read; call it from a handler. */
gboolean      tj_repository_changes_concern   (TjRepository         *self,
                                               const char * const   *ids,
                                               const char * const   *types,
                                               const char           *case_id);

G_END_DECLS
