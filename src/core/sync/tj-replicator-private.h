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
#include "tj-sync-tape.h"

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

/* The rule of the local store for every document body: at most
 * TJ_JSON_MAX_DEPTH levels of nesting (tj-json.h; the document object is
 * level 1). Pull refuses a deeper revision and push does not send one
 * (_tj_sync_check_body()), so the limit is the same constant on a local
 * write, on push and on pull. It leaves room under MAX_JSON_DEPTH for the
 * envelope of a reply. */
#define TJ_SYNC_MAX_DOC_DEPTH  TJ_JSON_MAX_DEPTH

/* Deadlines (tj-sync-client.c): a request gets the run's timeout from its
 * first attempt, retries included, plus one second for every
 * MIN_TRANSFER_RATE bytes it moved; no byte for a third of the timeout
 * ends an attempt. */
#define DEFAULT_TIMEOUT_SECONDS 60
#define MAX_TIMEOUT_SECONDS    3600
#define MIN_TRANSFER_RATE      (16 * 1024)          /* bytes per second */
#define WATCH_INTERVAL_MS      100

/* Requests in flight at once (tj-sync-client.c): each worker thread has a
 * connection of its own. A pull keeps the next changes page and a
 * batch's _bulk_get requests travelling while it writes; a push, a batch
 * and the checkpoint of the one before. */
#define TJ_SYNC_WORKERS        4

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
  guint                   timeout_seconds;
  GTlsCertificate        *pinned_certificate;
  TjReplicatorStoreSetup  store_setup;
  gpointer                store_setup_data;
  char                   *push_filter_name;
  TjReplicatorChanges     push_filter;
  gpointer                push_filter_data;
  GDestroyNotify          push_filter_destroy;

  gint                    running;      /* atomic: 1 while a run is under way */
  GMutex                  mutex;        /* guards the fields below */
  char                   *local_uuid;
  char                   *server_uuid;
};

typedef struct _TjSyncWorker TjSyncWorker;
typedef struct _TjSyncPending TjSyncPending;
typedef struct _TjSyncBudget TjSyncBudget;

/* Everything one run needs; lives on the stack of the running thread. */
typedef struct
{
  TjReplicator *self;
  TjStore      *store;
  GCancellable *cancellable;
  GMainContext *progress_context;
  SoupSession  *session;
  gint64        timeout;         /* µs: a request's budget (see tj-sync-client.c) */
  guint         idle_timeout;    /* s: no byte for that long ends an attempt */
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
  TjSyncRun  *run;
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
  TjSyncPending *in_flight;      /* the server's checkpoint on its way */
  JsonObject *in_flight_log;
} TjSyncCheckpoint;

/* A row of a changes page (tj-sync-replies.c). */
typedef struct
{
  char      *id;
  JsonNode  *seq;
  GPtrArray *revs;        /* char *: its leaves */
  gboolean   deleted;
  guint      doc;         /* its "doc" on the page's tape, 0 when none */
} TjSyncRow;

/* A revision to write, checked, as it came: its history and its content
 * as the server's own JSON text without the "_" members. */
typedef struct
{
  char       *id;
  char       *rev;
  GPtrArray  *path;       /* char *: "N-hash", the revision first, then its ancestors */
  gboolean    deleted;
  char       *type;       /* its "type" when that is a string */
  char       *body;
  JsonObject *attachments; /* "_attachments" as sent, or NULL */
} TjSyncDoc;

void           _tj_sync_row_free           (TjSyncRow         *row);
void           _tj_sync_doc_free           (TjSyncDoc         *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjSyncDoc, _tj_sync_doc_free)

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

/* A reply nested deeper than MAX_JSON_DEPTH is never parsed: its error
 * is in this domain so that pull can split the request that got it. It
 * never leaves a run (tj_replicator_run() reports it as TJ_ERROR_NETWORK). */
#define TJ_SYNC_TOO_DEEP_ERROR (_tj_sync_too_deep_error_quark ())
GQuark         _tj_sync_too_deep_error_quark (void);

/* Checks a 2xx reply's shape (and may take what it needs from it). FALSE
 * with a TJ_ERROR_NETWORK error makes the request ask again. */
typedef gboolean (*TjSyncReplyCheck) (JsonNode  *reply,
                                      gpointer   data,
                                      GError   **error);
/* The same for a reply read as a tape. */
typedef gboolean (*TjSyncTapeCheck)  (TjSyncTape *reply,
                                      gpointer    data,
                                      GError    **error);

/* tj-replicator.c */
void           _tj_replicator_report_progress (TjSyncRun         *run);
/* A page of the local changes feed for push: the push filter's when one
 * is set, else the whole feed (tj_store_changes()). */
JsonObject    *_tj_replicator_push_changes    (TjSyncRun         *run,
                                               gint64             since,
                                               guint              limit,
                                               GError           **error);

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
                                            const char        *rev,
                                            const char        *error_name,
                                            const char        *reason);
gboolean       _tj_sync_parse_reply        (const char        *what,
                                            guint              status,
                                            GBytes            *reply,
                                            JsonNode         **out_json,
                                            GError           **error);
gboolean       _tj_sync_check_body         (JsonObject        *doc,
                                            GError           **error);
gboolean       _tj_sync_parse_server       (JsonNode          *reply,
                                            const char       **out_uuid,
                                            GError           **error);
gboolean       _tj_sync_parse_database     (JsonNode          *reply,
                                            const char        *what,
                                            JsonNode         **out_update_seq,
                                            gboolean          *out_empty,
                                            GError           **error);
gboolean       _tj_sync_parse_session      (JsonNode          *reply,
                                            GError           **error);
gboolean       _tj_sync_parse_revs_diff    (JsonNode          *reply,
                                            JsonObject        *asked,
                                            const char        *what,
                                            JsonObject       **out_missing,
                                            JsonObject       **out_ancestors,
                                            GError           **error);
gboolean       _tj_sync_parse_bulk_docs    (JsonNode          *reply,
                                            JsonArray         *sent,
                                            const char        *what,
                                            JsonArray         *refusals,
                                            GError           **error);
gboolean       _tj_sync_parse_bulk_docs_ids (JsonNode         *reply,
                                            GHashTable        *ids,
                                            const char        *what,
                                            JsonArray         *refusals,
                                            GError           **error);
gboolean       _tj_sync_parse_reply_tape   (const char        *what,
                                            guint              status,
                                            GBytes            *reply,
                                            TjSyncTape       **out_tape,
                                            JsonNode         **out_json,
                                            GError           **error);
GPtrArray     *_tj_sync_tape_changes       (TjSyncTape        *tape,
                                            const char        *what,
                                            GError           **error);
gboolean       _tj_sync_tape_check_body    (TjSyncTape        *tape,
                                            guint              i,
                                            GError           **error);
gboolean       _tj_sync_tape_doc           (TjSyncTape        *tape,
                                            guint              i,
                                            const char        *expected_id,
                                            gboolean           only_revision,
                                            const char        *what,
                                            TjSyncDoc        **out_doc,
                                            GError           **error);
gboolean       _tj_sync_tape_bulk_get      (TjSyncTape        *tape,
                                            JsonObject        *asked,
                                            const char        *what,
                                            GPtrArray         *docs,
                                            JsonArray         *failures,
                                            GError           **error);
gboolean       _tj_sync_tape_open_revs     (TjSyncTape        *tape,
                                            const char        *id,
                                            guint              n_asked,
                                            const char        *what,
                                            GPtrArray         *docs,
                                            JsonArray         *failures,
                                            GError           **error);
gboolean       _tj_sync_parse_checkpoint   (JsonNode          *reply,
                                            const char        *what,
                                            const char       **out_rev,
                                            GError           **error);
gboolean       _tj_sync_parse_put          (JsonNode          *reply,
                                            const char        *what,
                                            const char       **out_rev,
                                            GError           **error);

/* tj-sync-client.c */
SoupSession   *_tj_sync_session_new        (guint              idle_timeout);
TjSyncBudget  *_tj_sync_budget_new         (gint64             timeout_us);
TjSyncBudget  *_tj_sync_budget_ref         (TjSyncBudget      *budget);
void           _tj_sync_budget_unref       (TjSyncBudget      *budget);
gboolean       _tj_sync_request            (TjSyncRun         *run,
                                            const char        *method,
                                            const char        *path,
                                            JsonNode          *body,
                                            TjSyncReplyCheck   check,
                                            gpointer           check_data,
                                            guint             *out_status,
                                            JsonNode         **out_json,
                                            GError           **error);
gboolean       _tj_sync_request_tape       (TjSyncRun         *run,
                                            const char        *method,
                                            const char        *path,
                                            GBytes            *body,
                                            TjSyncTapeCheck    check,
                                            gpointer           check_data,
                                            guint             *out_status,
                                            JsonNode         **out_json,
                                            TjSyncTape       **out_tape,
                                            GError           **error);
gboolean       _tj_sync_request_bytes      (TjSyncRun         *run,
                                            const char        *method,
                                            const char        *path,
                                            GBytes            *body,
                                            TjSyncReplyCheck   check,
                                            gpointer           check_data,
                                            guint             *out_status,
                                            JsonNode         **out_json,
                                            GError           **error);
gboolean       _tj_sync_request_ok         (TjSyncRun         *run,
                                            const char        *method,
                                            const char        *path,
                                            JsonNode          *body,
                                            TjSyncReplyCheck   check,
                                            gpointer           check_data,
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
TjSyncPending *_tj_sync_pending_start_bytes (TjSyncRun         *run,
                                            const char        *method,
                                            const char        *path,
                                            GBytes            *body,
                                            gboolean           tape);
const char    *_tj_sync_pending_get_path   (TjSyncPending     *p);
gboolean       _tj_sync_pending_is_done    (TjSyncRun         *run,
                                            TjSyncPending     *p);
gboolean       _tj_sync_pending_finish_tape (TjSyncRun        *run,
                                            TjSyncPending     *p,
                                            TjSyncTapeCheck    check,
                                            gpointer           check_data,
                                            guint             *out_status,
                                            JsonNode         **out_json,
                                            TjSyncTape       **out_tape,
                                            GError           **error);
gboolean       _tj_sync_pending_finish     (TjSyncRun         *run,
                                            TjSyncPending     *p,
                                            TjSyncReplyCheck   check,
                                            gpointer           check_data,
                                            guint             *out_status,
                                            JsonNode         **out_json,
                                            GError           **error);
void           _tj_sync_pending_free       (TjSyncRun         *run,
                                            TjSyncPending     *p);
void           _tj_sync_worker_free        (TjSyncWorker      *w);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjSyncBudget, _tj_sync_budget_unref)

/* tj-sync-checkpoint.c */
char          *_tj_sync_replication_id     (const char        *local_uuid,
                                            const char        *server_uuid,
                                            const char        *database,
                                            TjSyncDirection    direction,
                                            const char        *filter);
gboolean       _tj_sync_checkpoint_has_local (TjSyncRun       *run,
                                            gboolean           push);
TjSyncCheckpoint *_tj_sync_checkpoint_begin (TjSyncRun        *run,
                                            gboolean           push,
                                            GError           **error);
gboolean       _tj_sync_checkpoint_write   (TjSyncRun         *run,
                                            TjSyncCheckpoint  *cp,
                                            JsonNode          *seq,
                                            GError           **error);
JsonObject    *_tj_sync_checkpoint_log     (TjSyncCheckpoint  *cp,
                                            JsonNode          *seq);
gboolean       _tj_sync_checkpoint_write_local (TjSyncRun     *run,
                                            TjSyncCheckpoint  *cp,
                                            JsonObject        *log,
                                            GError           **error);
gboolean       _tj_sync_checkpoint_send    (TjSyncRun         *run,
                                            TjSyncCheckpoint  *cp,
                                            JsonObject        *log,
                                            GError           **error);
gboolean       _tj_sync_checkpoint_land    (TjSyncRun         *run,
                                            TjSyncCheckpoint  *cp,
                                            GError           **error);
void           _tj_sync_checkpoint_abandon (TjSyncCheckpoint  *cp);
void           _tj_sync_checkpoint_free    (TjSyncCheckpoint  *cp);
char          *_tj_sync_refused_id         (TjSyncCheckpoint  *cp);
JsonObject    *_tj_sync_refused_load       (TjSyncRun         *run,
                                            TjSyncCheckpoint  *cp,
                                            GError           **error);
void           _tj_sync_refused_add        (JsonObject        *refused,
                                            const char        *id,
                                            const char        *rev);
gboolean       _tj_sync_refused_save       (TjSyncRun         *run,
                                            TjSyncCheckpoint  *cp,
                                            JsonObject        *refused,
                                            GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjSyncCheckpoint, _tj_sync_checkpoint_free)

/* tj-sync-pull.c, tj-sync-push.c */
gboolean       _tj_sync_pull               (TjSyncRun         *run,
                                            GError           **error);
gboolean       _tj_sync_push               (TjSyncRun         *run,
                                            GError           **error);

G_END_DECLS
