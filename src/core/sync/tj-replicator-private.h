/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the files of the replicator share. TjReplicator is one class spread
 * over several files by responsibility:
 *   tj-replicator.c       the object and one run from start to end
 *   tj-sync-client.c      HTTP: requests, retries, login, TLS pinning,
 *                         requests in flight
 *   tj-sync-replies.c     parsing and checking what the server sends
 *   tj-sync-checkpoint.c  replication ids and checkpoints on both sides
 *   tj-sync-pull.c        server -> local store
 *   tj-sync-push.c        local store -> server
 * Names shared between those files start with "_". */
#pragma once

#include <libsoup/soup.h>

#include "tj-json.h"
#include "tj-replicator.h"

G_BEGIN_DECLS

/* Limits that separate a plausible reply from an absurd one. A reply that
 * breaks them is rejected before anything is written. */
#define MAX_REPLY_BYTES        ((gsize) 512 * 1024 * 1024)
#define MAX_JSON_DEPTH         256
#define MAX_ID_BYTES           4096
#define MAX_SEQ_BYTES          4096
#define MAX_REV_HASH_BYTES     128
#define MAX_GENERATION         100000000
#define MAX_HISTORY            50
#define MAX_URL_BYTES          7000
#define MAX_FETCH              100                 /* revisions per _bulk_get */
#define MAX_SEND_BYTES         ((gsize) 8 * 1024 * 1024) /* per _bulk_docs */
#define MAX_DELAY_MS           (120 * 1000)
#define REPLICATION_ID_VERSION 3
#define HTTP_TIMEOUT_SECONDS   120

struct _TjReplicator
{
  GObject                 parent_instance;

  TjStore                *store;
  char                   *server_url;
  char                   *database;
  char                   *user;
  char                   *password;
  TjSyncDirection         direction;
  guint                   batch_size;
  guint                   retry_delay_ms;
  guint                   max_retries;
  GTlsCertificate        *pinned_certificate;
  TjReplicatorStoreSetup  store_setup;
  gpointer                store_setup_data;

  GMutex                  mutex;        /* guards the fields below */
  char                   *local_uuid;
  char                   *server_uuid;
  gboolean                running;
};

typedef struct _TjSyncWorker TjSyncWorker;

/* Everything one run needs; lives on the stack of the running thread. */
typedef struct
{
  TjReplicator *self;
  TjStore      *store;
  GCancellable *cancellable;
  GMainContext *progress_context;
  SoupSession  *session;
  char         *base;            /* scheme://host:port/path, no userinfo, no trailing slash */
  char         *db_path;         /* "/" + escaped database name */
  char         *user;
  char         *password;
  char         *basic_auth;      /* "Basic …" when the server has no _session */
  gboolean      cookie_auth;
  gboolean      no_bulk_get;     /* the server lacks _bulk_get: use open_revs */
  gboolean      target_was_empty; /* the server database held no document at the start */
  char         *local_uuid;
  char         *server_uuid;
  JsonNode     *source_seq;
  JsonNode     *pull_seq;
  JsonNode     *push_seq;
  guint         pulled;
  guint         pushed;
  guint         docs_read;
  guint         docs_written;
  JsonArray    *denied;
  JsonArray    *errors;
  JsonArray    *kept;            /* {id, why}: deletions an edit overruled */
  TjSyncWorker *worker;          /* requests in flight, created on first use */
} TjSyncRun;

/* A replication's checkpoint state (one direction). */
typedef struct
{
  gboolean    push;              /* source is the local store */
  char       *doc_id;            /* "_local/<replication id>" */
  char       *remote_rev;        /* _rev of the server's checkpoint */
  char       *session_id;
  char       *start_time;
  JsonNode   *start_seq;         /* NULL: from the beginning */
  JsonArray  *history;
  guint       missing_checked;
  guint       missing_found;
  guint       docs_read;
  guint       docs_written;
  guint       failures;
} TjSyncCheckpoint;

/* A request sent ahead on the run's worker thread (tj-sync-client.c). */
typedef struct
{
  char         *method;
  char         *path;
  char         *url;
  GBytes       *body;
  char         *authorization;
  char         *cookie;
  GCancellable *cancellable;
  gulong        cancel_handler;
  gboolean      done;
  gboolean      ok;
  gboolean      retryable;
  guint         status;
  GBytes       *reply;
  GError       *error;
} TjSyncPending;

static inline JsonObject *
_tj_sync_node_object (JsonNode *node)
{
  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static inline JsonArray *
_tj_sync_node_array (JsonNode *node)
{
  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* tj-replicator.c */
void           _tj_replicator_report_progress (TjSyncRun         *run);

/* tj-sync-replies.c */
gboolean       _tj_sync_malformed          (GError           **error,
                                            const char        *what,
                                            const char        *detail);
gboolean       _tj_sync_parse_rev          (const char        *rev,
                                            gint64            *out_generation,
                                            const char       **out_hash);
gboolean       _tj_sync_valid_seq          (JsonNode          *seq);
char          *_tj_sync_seq_to_param       (JsonNode          *seq);
gboolean       _tj_sync_seq_equal          (JsonNode          *a,
                                            JsonNode          *b);
char          *_tj_sync_escape             (const char        *s);
void           _tj_sync_add_failure        (JsonArray         *array,
                                            const char        *id,
                                            const char        *error_name,
                                            const char        *reason);
gboolean       _tj_sync_parse_reply        (const char        *what,
                                            guint              status,
                                            GBytes            *reply,
                                            JsonNode         **out_json,
                                            GError           **error);
gboolean       _tj_sync_validate_doc       (JsonObject        *doc,
                                            const char        *expected_id,
                                            const char        *what,
                                            GError           **error);
JsonArray     *_tj_sync_validate_changes   (JsonNode          *json,
                                            const char        *what,
                                            GError           **error);

/* tj-sync-client.c */
gboolean       _tj_sync_request            (TjSyncRun         *run,
                                            const char        *method,
                                            const char        *path,
                                            JsonNode          *body,
                                            gboolean           may_renew,
                                            guint             *out_status,
                                            JsonNode         **out_json,
                                            GError           **error);
gboolean       _tj_sync_request_ok         (TjSyncRun         *run,
                                            const char        *method,
                                            const char        *path,
                                            JsonNode          *body,
                                            JsonNode         **out_json,
                                            GError           **error);
gboolean       _tj_sync_status_error       (GError           **error,
                                            const char        *what,
                                            guint              status,
                                            JsonNode          *json);
gboolean       _tj_sync_login              (TjSyncRun         *run,
                                            GError           **error);
TjSyncPending *_tj_sync_pending_start      (TjSyncRun         *run,
                                            const char        *method,
                                            const char        *path,
                                            JsonNode          *body);
gboolean       _tj_sync_pending_finish     (TjSyncRun         *run,
                                            TjSyncPending     *p,
                                            guint             *out_status,
                                            JsonNode         **out_json,
                                            GError           **error);
void           _tj_sync_pending_free       (TjSyncRun         *run,
                                            TjSyncPending     *p);
void           _tj_sync_worker_free        (TjSyncWorker      *w);

/* tj-sync-checkpoint.c */
char          *_tj_sync_replication_id     (const char        *local_uuid,
                                            const char        *server_uuid,
                                            const char        *database,
                                            TjSyncDirection    direction);
TjSyncCheckpoint *_tj_sync_checkpoint_begin (TjSyncRun        *run,
                                            gboolean           push,
                                            GError           **error);
gboolean       _tj_sync_checkpoint_write   (TjSyncRun         *run,
                                            TjSyncCheckpoint  *cp,
                                            JsonNode          *seq,
                                            GError           **error);
void           _tj_sync_checkpoint_free    (TjSyncCheckpoint  *cp);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjSyncCheckpoint, _tj_sync_checkpoint_free)

/* tj-sync-pull.c, tj-sync-push.c */
gboolean       _tj_sync_pull               (TjSyncRun         *run,
                                            GError           **error);
gboolean       _tj_sync_push               (TjSyncRun         *run,
                                            GError           **error);

G_END_DECLS
