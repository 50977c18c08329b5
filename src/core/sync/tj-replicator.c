/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Sync"

#include "tj-replicator.h"

#include <libsoup/soup.h>
#include <string.h>

#include "tj-i18n.h"
#include "tj-json.h"

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

G_DEFINE_FINAL_TYPE (TjReplicator, tj_replicator, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SERVER_URL,
  PROP_DATABASE,
  PROP_USER,
  PROP_PASSWORD,
  PROP_DIRECTION,
  PROP_BATCH_SIZE,
  PROP_PINNED_CERTIFICATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct _Worker Worker;

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
  Worker       *worker;          /* requests in flight, created on first use */
} Run;

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
} Checkpoint;

static void
checkpoint_free (Checkpoint *cp)
{
  g_free (cp->doc_id);
  g_free (cp->remote_rev);
  g_free (cp->session_id);
  g_free (cp->start_time);
  g_clear_pointer (&cp->start_seq, json_node_unref);
  g_clear_pointer (&cp->history, json_array_unref);
  g_free (cp);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Checkpoint, checkpoint_free)

/* ------------------------------------------------------------------ */
/* Small helpers                                                        */
/* ------------------------------------------------------------------ */

const char *
tj_sync_direction_to_string (TjSyncDirection direction)
{
  switch (direction)
    {
    case TJ_SYNC_PUSH:
      return "push";
    case TJ_SYNC_PULL:
      return "pull";
    case TJ_SYNC_BOTH:
    default:
      return "both";
    }
}

gboolean
tj_sync_direction_from_string (const char      *text,
                               TjSyncDirection *out_direction)
{
  if (g_strcmp0 (text, "both") == 0)
    *out_direction = TJ_SYNC_BOTH;
  else if (g_strcmp0 (text, "push") == 0)
    *out_direction = TJ_SYNC_PUSH;
  else if (g_strcmp0 (text, "pull") == 0)
    *out_direction = TJ_SYNC_PULL;
  else
    return FALSE;
  return TRUE;
}

static gboolean
malformed (GError     **error,
           const char  *what,
           const char  *detail)
{
  g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
               _("The server sent a malformed reply to %s: %s"), what, detail);
  return FALSE;
}

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/* CouchDB database names: ^[a-z][a-z0-9_$()+/-]*$ */
static gboolean
valid_database_name (const char *name)
{
  if (name == NULL || !g_ascii_islower (name[0]) || strlen (name) > 238)
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && strchr ("_$()+/-", *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
valid_rev_hash (const char *hash)
{
  gsize len = strlen (hash);

  if (len == 0 || len > MAX_REV_HASH_BYTES)
    return FALSE;
  for (const char *p = hash; *p; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  return TRUE;
}

/* "N-hash" with 1 <= N <= MAX_GENERATION. */
static gboolean
parse_rev (const char  *rev,
           gint64      *out_generation,
           const char **out_hash)
{
  const char *dash;
  gint64 generation = 0;

  if (rev == NULL || (dash = strchr (rev, '-')) == NULL || dash == rev || dash - rev > 9)
    return FALSE;
  for (const char *p = rev; p < dash; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      generation = generation * 10 + (*p - '0');
    }
  if (generation < 1 || generation > MAX_GENERATION || !valid_rev_hash (dash + 1))
    return FALSE;
  if (out_generation)
    *out_generation = generation;
  if (out_hash)
    *out_hash = dash + 1;
  return TRUE;
}

static gboolean
valid_doc_id (const char *id)
{
  gsize len;

  if (id == NULL)
    return FALSE;
  len = strlen (id);
  if (len == 0 || len > MAX_ID_BYTES || !g_utf8_validate (id, len, NULL))
    return FALSE;
  /* CouchDB reserves ids starting with "_"; only design documents
   * replicate, _local/ documents never do. */
  if (id[0] == '_' && !g_str_has_prefix (id, "_design/"))
    return FALSE;
  return TRUE;
}

/* A server sequence: an integer (PouchDB Server, CouchDB 1) or a string
 * (CouchDB 2+). Opaque: only stored and sent back. */
static gboolean
valid_seq (JsonNode *seq)
{
  if (seq == NULL || !JSON_NODE_HOLDS_VALUE (seq))
    return FALSE;
  if (json_node_get_value_type (seq) == G_TYPE_INT64)
    return json_node_get_int (seq) >= 0;
  if (json_node_get_value_type (seq) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (seq);
      gsize len = strlen (s);
      return len > 0 && len <= MAX_SEQ_BYTES && g_utf8_validate (s, len, NULL);
    }
  return FALSE;
}

static char *
seq_to_param (JsonNode *seq)
{
  if (seq == NULL)
    return g_strdup ("0");
  if (json_node_get_value_type (seq) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (seq));
  return g_strdup (json_node_get_string (seq));
}

static gboolean
seq_equal (JsonNode *a,
           JsonNode *b)
{
  g_autofree char *sa = NULL;
  g_autofree char *sb = NULL;

  if (a == NULL || b == NULL)
    return a == b;
  sa = tj_json_canonical (a);
  sb = tj_json_canonical (b);
  return strcmp (sa, sb) == 0;
}

static const char *
member_string (JsonObject *object,
               const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
node_object (JsonNode *node)
{
  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
node_array (JsonNode *node)
{
  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static JsonObject *
member_object (JsonObject *object,
               const char *member)
{
  return object ? node_object (json_object_get_member (object, member)) : NULL;
}

static JsonArray *
member_array (JsonObject *object,
              const char *member)
{
  return object ? node_array (json_object_get_member (object, member)) : NULL;
}

/* Nesting depth of a JSON text, counted without parsing: json-glib's parser
 * recurses, so a hostile reply of a million '[' must not reach it. */
static gboolean
json_depth_ok (const char *data,
               gsize       len)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_JSON_DEPTH)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

static char *
escape_component (const char *s)
{
  return g_uri_escape_string (s, NULL, FALSE);
}

/* The path of a document on the server, relative to the server root. */
static char *
doc_path (Run        *run,
          const char *id)
{
  g_autofree char *escaped = NULL;

  if (g_str_has_prefix (id, "_design/"))
    {
      escaped = escape_component (id + strlen ("_design/"));
      return g_strconcat (run->db_path, "/_design/", escaped, NULL);
    }
  escaped = escape_component (id);
  return g_strconcat (run->db_path, "/", escaped, NULL);
}

static void
add_failure (JsonArray  *array,
             const char *id,
             const char *error_name,
             const char *reason)
{
  JsonObject *entry = json_object_new ();

  json_object_set_string_member (entry, "id", id);
  if (error_name)
    json_object_set_string_member (entry, "error", error_name);
  json_object_set_string_member (entry, "reason", reason ? reason : "");
  json_array_add_object_element (array, entry);
}

/* ------------------------------------------------------------------ */
/* HTTP                                                                 */
/* ------------------------------------------------------------------ */

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *peer,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  /* Only reached when normal verification failed: accept exactly the
   * certificate the user pinned, nothing else. */
  return peer != NULL && g_tls_certificate_is_same (peer, G_TLS_CERTIFICATE (user_data));
}

void
tj_sync_pin_message (SoupMessage     *msg,
                     GTlsCertificate *pinned)
{
  if (pinned)
    g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), pinned);
}

gboolean
tj_sync_pinned_check (SoupMessage      *msg,
                      GTlsCertificate  *pinned,
                      GError          **error)
{
  GTlsCertificate *peer;

  if (pinned == NULL)
    return TRUE;
  peer = soup_message_get_tls_peer_certificate (msg);
  /* Plain http has no certificate to compare. */
  if (peer == NULL && g_ascii_strcasecmp (g_uri_get_scheme (soup_message_get_uri (msg)), "http") == 0)
    return TRUE;
  if (peer != NULL && g_tls_certificate_is_same (peer, pinned))
    return TRUE;
  g_set_error (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE,
               _("the server presented a different certificate than the pinned one"));
  return FALSE;
}

static gboolean
is_retryable_transport_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  if (error->domain == G_TLS_ERROR)
    return FALSE;
  if (error->domain == TJ_ERROR)
    return FALSE;
  return TRUE;
}

/* One HTTP exchange on @session, usable from any thread. FALSE with
 * @error on a transport failure; then @retryable says whether trying
 * again can help. */
static gboolean
http_exchange (SoupSession      *session,
               const char       *method,
               const char       *url,
               GBytes           *body,
               const char       *authorization,
               const char       *cookie,
               GTlsCertificate  *pinned,
               GCancellable     *cancellable,
               guint            *out_status,
               GBytes          **out_body,
               gboolean         *retryable,
               GError          **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GByteArray) buffer = NULL;
  SoupMessageHeaders *headers;
  goffset declared;

  *retryable = FALSE;
  msg = soup_message_new (method, url);
  if (msg == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is not a valid server address"), url);
      return FALSE;
    }

  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (authorization)
    soup_message_headers_replace (headers, "Authorization", authorization);
  if (cookie)
    soup_message_headers_replace (headers, "Cookie", cookie);
  if (body)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
  tj_sync_pin_message (msg, pinned);

  in = soup_session_send (session, msg, cancellable, error);
  if (in == NULL)
    {
      *retryable = is_retryable_transport_error (*error);
      return FALSE;
    }
  /* A system-trusted certificate that is not the pinned one is refused
   * too: pinning names the one certificate to trust. */
  if (!tj_sync_pinned_check (msg, pinned, error))
    return FALSE;

  declared = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));
  if (declared > 0 && (guint64) declared > MAX_REPLY_BYTES)
    {
      g_autofree char *size = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) declared);
      g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
                   _("The server's reply to %s %s is absurdly large (%s bytes)"),
                   method, url, size);
      return FALSE;
    }

  buffer = g_byte_array_sized_new (declared > 0 ? (guint) declared : 4096);
  for (;;)
    {
      guint8 chunk[65536];
      gssize n = g_input_stream_read (in, chunk, sizeof chunk, cancellable, error);

      if (n < 0)
        {
          *retryable = is_retryable_transport_error (*error);
          return FALSE;
        }
      if (n == 0)
        break;
      if (buffer->len + (gsize) n > MAX_REPLY_BYTES)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
                       _("The server's reply to %s %s is absurdly large"), method, url);
          return FALSE;
        }
      g_byte_array_append (buffer, chunk, n);
    }
  g_input_stream_close (in, NULL, NULL);

  *out_status = soup_message_get_status (msg);
  *out_body = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  return TRUE;
}

static gboolean
http_once (Run          *run,
           const char   *method,
           const char   *url,
           GBytes       *body,
           guint        *out_status,
           GBytes      **out_body,
           gboolean     *retryable,
           GError      **error)
{
  /* Cookies come from the session's jar. */
  return http_exchange (run->session, method, url, body, run->basic_auth, NULL,
                        run->self->pinned_certificate, run->cancellable,
                        out_status, out_body, retryable, error);
}

static gboolean
sleep_cancellable (Run   *run,
                   guint  ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      if (g_cancellable_is_cancelled (run->cancellable))
        return FALSE;
      g_usleep (MIN (20000, MAX (0, until - g_get_monotonic_time ())));
    }
  return TRUE;
}

/* Exponential back-off with "equal jitter": half the delay fixed, half
 * random, so stations that lost the server together don't return in step. */
static gboolean
backoff (Run   *run,
         guint  attempt)
{
  guint64 delay = run->self->retry_delay_ms;

  for (guint i = 0; i < attempt && delay < MAX_DELAY_MS; i++)
    delay *= 2;
  delay = MIN (delay, MAX_DELAY_MS);
  if (delay > 1)
    delay = delay / 2 + g_random_int_range (0, (gint32) (delay / 2) + 1);
  g_debug ("retrying in %" G_GUINT64_FORMAT " ms (attempt %u)", delay, attempt + 1);
  return sleep_cancellable (run, (guint) delay);
}

static gboolean login (Run *run, GError **error);

/* The JSON of a reply: parsed when there is a body, and required (valid,
 * not absurdly nested) for a 2xx answer. */
static gboolean
parse_reply (const char  *what,
             guint        status,
             GBytes      *reply,
             JsonNode   **out_json,
             GError     **error)
{
  *out_json = NULL;
  if (reply && g_bytes_get_size (reply) > 0)
    {
      gsize len;
      const char *data = g_bytes_get_data (reply, &len);
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) parse_error = NULL;

      if (!json_depth_ok (data, len))
        {
          if (SOUP_STATUS_IS_SUCCESSFUL (status))
            return malformed (error, what, _("the JSON is nested absurdly deep"));
        }
      else if (json_parser_load_from_data (parser, data, len, &parse_error) &&
               json_parser_get_root (parser) != NULL)
        *out_json = json_node_ref (json_parser_get_root (parser));
      else if (SOUP_STATUS_IS_SUCCESSFUL (status))
        return malformed (error, what, parse_error ? parse_error->message : _("no JSON"));
    }
  if (SOUP_STATUS_IS_SUCCESSFUL (status) && *out_json == NULL)
    return malformed (error, what, _("the reply is empty"));
  return TRUE;
}

/* A request to the server with retries. TRUE when an answer came (any
 * status below 500, or 5xx after the retries); see parse_reply(). */
static gboolean
request_bytes (Run         *run,
               const char  *method,
               const char  *path,
               GBytes      *request_body,
               gboolean     may_renew,
               guint        attempts_made,
               guint       *out_status,
               JsonNode   **out_json,
               GError     **error)
{
  g_autofree char *url = g_strconcat (run->base, path, NULL);
  g_autofree char *what = g_strdup_printf ("%s %s", method, path);
  g_autoptr(GBytes) reply = NULL;
  guint status = 0;
  guint attempt = 0;
  gboolean renewed = !may_renew;

  /* An attempt that already failed elsewhere (in flight) counts. */
  if (attempts_made > 0 && !backoff (run, attempt++))
    {
      g_cancellable_set_error_if_cancelled (run->cancellable, error);
      return FALSE;
    }

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean retryable = FALSE;

      g_clear_pointer (&reply, g_bytes_unref);
      if (http_once (run, method, url, request_body, &status, &reply, &retryable, &local_error))
        {
          if (status >= 500 && attempt < run->self->max_retries)
            {
              g_debug ("%s: %u", what, status);
              if (!backoff (run, attempt++))
                {
                  g_cancellable_set_error_if_cancelled (run->cancellable, error);
                  return FALSE;
                }
              continue;
            }
          if (status == SOUP_STATUS_UNAUTHORIZED && run->cookie_auth && !renewed)
            {
              /* The session cookie expired: log in again, once. */
              renewed = TRUE;
              if (!login (run, error))
                return FALSE;
              continue;
            }
          break;
        }

      if (retryable && attempt < run->self->max_retries)
        {
          g_debug ("%s: %s", what, local_error->message);
          if (!backoff (run, attempt++))
            {
              g_cancellable_set_error_if_cancelled (run->cancellable, error);
              return FALSE;
            }
          continue;
        }
      if (local_error->domain == TJ_ERROR ||
          g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (local_error->domain == G_TLS_ERROR)
        g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
                     _("The server's certificate at %s is not trusted: %s"),
                     run->base, local_error->message);
      else
        g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
                     _("Cannot reach the server at %s: %s"), run->base, local_error->message);
      return FALSE;
    }

  /* Logged in afresh and still refused: the name and password are right
   * but the user may not do this. PouchDB Server says 401 where CouchDB
   * says 403; treat it as what it is, so the mediator is told to ask for
   * access instead of to retype a correct password. */
  if (status == SOUP_STATUS_UNAUTHORIZED && may_renew && renewed && run->cookie_auth)
    status = SOUP_STATUS_FORBIDDEN;

  *out_status = status;
  return parse_reply (what, status, reply, out_json, error);
}

static GBytes *
json_bytes (JsonNode *body)
{
  char *text;

  if (body == NULL)
    return NULL;
  text = tj_json_to_string (body, FALSE);
  return g_bytes_new_take (text, strlen (text));
}

static gboolean
request (Run         *run,
         const char  *method,
         const char  *path,
         JsonNode    *body,
         gboolean     may_renew,
         guint       *out_status,
         JsonNode   **out_json,
         GError     **error)
{
  g_autoptr(GBytes) request_body = json_bytes (body);

  return request_bytes (run, method, path, request_body, may_renew, 0, out_status, out_json, error);
}

/* ------------------------------------------------------------------ */
/* Requests in flight                                                   */
/* ------------------------------------------------------------------ */

/* SYNC.md: keep a few batches in flight. One worker thread per run, with
 * a session (and so a kept-alive connection) of its own, sends a request
 * while the run's thread works on the previous batch. The worker makes a
 * single attempt; anything but a clean answer is simply asked again on
 * the run's thread, with the retries, back-off and session renewal there. */
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
} Pending;

struct _Worker
{
  GThread         *thread;
  GAsyncQueue     *jobs;
  GMutex           lock;
  GCond            cond;
  GTlsCertificate *pinned;
};

static gpointer
worker_thread (gpointer data)
{
  Worker *w = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", HTTP_TIMEOUT_SECONDS,
                                                                  "idle-timeout", 60,
                                                                  "user-agent", "Tiaojie/" PACKAGE_VERSION " ",
                                                                  NULL);

  for (;;)
    {
      Pending *p = g_async_queue_pop (w->jobs);
      gboolean retryable;
      gboolean ok;

      if (p == (gpointer) w)
        break;
      ok = http_exchange (session, p->method, p->url, p->body, p->authorization, p->cookie,
                          w->pinned, p->cancellable, &p->status, &p->reply, &retryable, &p->error);
      g_mutex_lock (&w->lock);
      p->ok = ok;
      p->retryable = retryable;
      p->done = TRUE;
      g_cond_broadcast (&w->cond);
      g_mutex_unlock (&w->lock);
    }
  return NULL;
}

static void
worker_free (Worker *w)
{
  g_async_queue_push (w->jobs, w);
  g_thread_join (w->thread);
  g_async_queue_unref (w->jobs);
  g_clear_object (&w->pinned);
  g_mutex_clear (&w->lock);
  g_cond_clear (&w->cond);
  g_free (w);
}

static void
cancel_pending_cb (GCancellable *run_cancellable,
                   gpointer      data)
{
  g_cancellable_cancel (G_CANCELLABLE (data));
}

static Pending *
pending_start (Run        *run,
               const char *method,
               const char *path,
               JsonNode   *body)
{
  Pending *p = g_new0 (Pending, 1);

  if (run->worker == NULL)
    {
      run->worker = g_new0 (Worker, 1);
      g_mutex_init (&run->worker->lock);
      g_cond_init (&run->worker->cond);
      run->worker->jobs = g_async_queue_new ();
      if (run->self->pinned_certificate)
        run->worker->pinned = g_object_ref (run->self->pinned_certificate);
      run->worker->thread = g_thread_new ("tj-sync-http", worker_thread, run->worker);
    }

  p->method = g_strdup (method);
  p->path = g_strdup (path);
  p->url = g_strconcat (run->base, path, NULL);
  p->body = json_bytes (body);
  p->authorization = g_strdup (run->basic_auth);
  if (run->cookie_auth)
    {
      SoupCookieJar *jar = SOUP_COOKIE_JAR (soup_session_get_feature (run->session, SOUP_TYPE_COOKIE_JAR));
      g_autoptr(GUri) uri = g_uri_parse (p->url, SOUP_HTTP_URI_FLAGS, NULL);
      p->cookie = uri ? soup_cookie_jar_get_cookies (jar, uri, TRUE) : NULL;
    }
  p->cancellable = g_cancellable_new ();
  if (run->cancellable)
    p->cancel_handler = g_cancellable_connect (run->cancellable, G_CALLBACK (cancel_pending_cb),
                                               g_object_ref (p->cancellable), g_object_unref);
  g_async_queue_push (run->worker->jobs, p);
  return p;
}

static void
pending_wait (Run     *run,
              Pending *p)
{
  g_mutex_lock (&run->worker->lock);
  while (!p->done)
    g_cond_wait (&run->worker->cond, &run->worker->lock);
  g_mutex_unlock (&run->worker->lock);
}

static void
pending_free (Run     *run,
              Pending *p)
{
  if (p == NULL)
    return;
  /* Abandoned (an error elsewhere): stop it, then wait for the worker to
   * let go of it. */
  g_cancellable_cancel (p->cancellable);
  pending_wait (run, p);
  if (p->cancel_handler)
    g_cancellable_disconnect (run->cancellable, p->cancel_handler);
  g_object_unref (p->cancellable);
  g_free (p->method);
  g_free (p->path);
  g_free (p->url);
  g_clear_pointer (&p->body, g_bytes_unref);
  g_free (p->authorization);
  g_free (p->cookie);
  g_clear_pointer (&p->reply, g_bytes_unref);
  g_clear_error (&p->error);
  g_free (p);
}

/* The answer to a request sent with pending_start(), as request() gives
 * it; consumes @p. */
static gboolean
pending_finish (Run        *run,
                Pending    *p,
                guint      *out_status,
                JsonNode  **out_json,
                GError    **error)
{
  gboolean ok;

  pending_wait (run, p);
  if (p->ok && p->status < 500 && p->status != SOUP_STATUS_UNAUTHORIZED)
    {
      g_autofree char *what = g_strdup_printf ("%s %s", p->method, p->path);
      *out_status = p->status;
      ok = parse_reply (what, p->status, p->reply, out_json, error);
    }
  else
    {
      /* A 5xx or a dropped connection was the first attempt of the usual
       * retries; anything else (an expired session, a certificate) is
       * simply asked again to get the usual handling and message. */
      guint attempts_made = (p->ok && p->status >= 500) || (!p->ok && p->retryable) ? 1 : 0;

      if (p->error)
        g_debug ("%s %s in flight: %s; asking again", p->method, p->path, p->error->message);
      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        ok = FALSE;
      else if (attempts_made > 0 && run->self->max_retries == 0)
        {
          /* No retries wanted: that attempt was the only one. */
          g_autofree char *what = g_strdup_printf ("%s %s", p->method, p->path);
          if (p->ok)
            {
              *out_status = p->status;
              ok = parse_reply (what, p->status, p->reply, out_json, error);
            }
          else
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
                           _("Cannot reach the server at %s: %s"), run->base, p->error->message);
              ok = FALSE;
            }
        }
      else
        ok = request_bytes (run, p->method, p->path, p->body, TRUE, attempts_made,
                            out_status, out_json, error);
    }
  pending_free (run, p);
  return ok;
}

/* The error for an unexpected answer. */
static gboolean
status_error (GError     **error,
              const char  *what,
              guint        status,
              JsonNode    *json)
{
  JsonObject *object = node_object (json);
  const char *reason = member_string (object, "reason");

  if (reason == NULL)
    reason = member_string (object, "error");
  if (reason == NULL)
    reason = soup_status_get_phrase (status);
  if (reason == NULL)
    reason = "";

  if (status == SOUP_STATUS_UNAUTHORIZED)
    g_set_error (error, TJ_ERROR, TJ_ERROR_DENIED,
                 _("The server did not accept the user name or password (%s): %s"), what, reason);
  else if (status == SOUP_STATUS_FORBIDDEN)
    g_set_error (error, TJ_ERROR, TJ_ERROR_DENIED,
                 _("The user has no permission for %s on the server: %s"), what, reason);
  else
    g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
                 _("The server answered %u to %s: %s"), status, what, reason);
  return FALSE;
}

static gboolean
request_ok (Run         *run,
            const char  *method,
            const char  *path,
            JsonNode    *body,
            JsonNode   **out_json,
            GError     **error)
{
  g_autoptr(JsonNode) json = NULL;
  guint status;

  if (!request (run, method, path, body, TRUE, &status, &json, error))
    return FALSE;
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *what = g_strdup_printf ("%s %s", method, path);
      return status_error (error, what, status, json);
    }
  *out_json = g_steal_pointer (&json);
  return TRUE;
}

/* Cookie session first (cheap on CouchDB: no PBKDF2 per request); Basic
 * when the server has no _session or keeps no cookie. */
static gboolean
login (Run     *run,
       GError **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) reply = NULL;
  g_autofree char *credentials = NULL;
  guint status;

  json_object_set_string_member (body, "name", run->user);
  json_object_set_string_member (body, "password", run->password ? run->password : "");
  json_node_set_object (node, body);

  g_clear_pointer (&run->basic_auth, g_free);
  if (!request (run, "POST", "/_session", node, FALSE, &status, &reply, error))
    return FALSE;
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_DENIED,
                   _("The server did not accept the user name “%s” or its password"), run->user);
      return FALSE;
    }
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      SoupCookieJar *jar = SOUP_COOKIE_JAR (soup_session_get_feature (run->session, SOUP_TYPE_COOKIE_JAR));
      g_autofree char *url = g_strconcat (run->base, run->db_path, NULL);
      g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
      GSList *cookies = uri ? soup_cookie_jar_get_cookie_list (jar, uri, TRUE) : NULL;
      gboolean have = cookies != NULL;

      g_slist_free_full (cookies, (GDestroyNotify) soup_cookie_free);
      if (have)
        {
          run->cookie_auth = TRUE;
          return TRUE;
        }
    }
  else if (status >= 500)
    return status_error (error, "POST /_session", status, reply);

  g_debug ("no cookie session (%u): using Basic authentication", status);
  run->cookie_auth = FALSE;
  credentials = g_strdup_printf ("%s:%s", run->user, run->password ? run->password : "");
  {
    g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
    run->basic_auth = g_strconcat ("Basic ", encoded, NULL);
  }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Checkpoints                                                          */
/* ------------------------------------------------------------------ */

static char *
replication_id (const char      *local_uuid,
                const char      *server_uuid,
                const char      *database,
                TjSyncDirection  direction)
{
  /* Stable inputs only (SYNC.md): a changed id restarts from 0. The filter
   * slot is empty because Tiaojie replicates whole databases. Credentials
   * never take part. */
  g_autofree char *input = g_strdup_printf ("tiaojie-replication\n%s\n%s\n%s\n%s\n%s",
                                            local_uuid, server_uuid, database,
                                            tj_sync_direction_to_string (direction), "");
  return g_compute_checksum_for_string (G_CHECKSUM_MD5, input, -1);
}

static char *
remote_local_path (Run        *run,
                   const char *doc_id)
{
  /* The replication id is hex: only the prefix needs care. */
  return g_strconcat (run->db_path, "/", doc_id, NULL);
}

static gboolean
read_remote_checkpoint (Run         *run,
                        Checkpoint  *cp,
                        JsonObject **out_log,
                        GError     **error)
{
  g_autofree char *path = remote_local_path (run, cp->doc_id);
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *what = g_strdup_printf ("GET %s", path);
  guint status;

  *out_log = NULL;
  if (!request (run, "GET", path, NULL, TRUE, &status, &json, error))
    return FALSE;
  if (status == SOUP_STATUS_NOT_FOUND)
    return TRUE;
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    return status_error (error, what, status, json);
  if (node_object (json) == NULL)
    return malformed (error, what, _("a checkpoint is not a JSON object"));
  g_free (cp->remote_rev);
  cp->remote_rev = g_strdup (member_string (node_object (json), "_rev"));
  *out_log = json_object_ref (node_object (json));
  return TRUE;
}

static JsonObject *
read_local_checkpoint (Run        *run,
                       Checkpoint *cp,
                       GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *log = tj_store_get_local (run->store, cp->doc_id, &local_error);

  if (log == NULL && !g_error_matches (local_error, TJ_ERROR, TJ_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));
  return log;
}

static gboolean
history_has_session (JsonArray  *history,
                     const char *session_id)
{
  if (history == NULL || session_id == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (history); i++)
    if (g_strcmp0 (member_string (node_object (json_array_get_element (history, i)), "session_id"),
                   session_id) == 0)
      return TRUE;
  return FALSE;
}

static JsonNode *
history_common_seq (JsonArray *mine,
                    JsonArray *theirs)
{
  if (mine == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (mine); i++)
    {
      JsonObject *entry = node_object (json_array_get_element (mine, i));
      if (history_has_session (theirs, member_string (entry, "session_id")))
        return json_object_get_member (entry, "recorded_seq");
    }
  return NULL;
}

/* CouchDB's comparison of the two replication logs. */
static JsonNode *
find_start_seq (JsonObject *source_log,
                JsonObject *target_log)
{
  const char *source_session;
  JsonArray *source_history, *target_history;
  JsonNode *seq;

  if (source_log == NULL || target_log == NULL)
    return NULL;
  source_session = member_string (source_log, "session_id");
  if (source_session && g_strcmp0 (source_session, member_string (target_log, "session_id")) == 0)
    return json_object_get_member (source_log, "source_last_seq");

  source_history = member_array (source_log, "history");
  target_history = member_array (target_log, "history");
  seq = history_common_seq (source_history, target_history);
  if (seq == NULL)
    seq = history_common_seq (target_history, source_history);
  return seq;
}

static Checkpoint *
checkpoint_begin (Run      *run,
                  gboolean  push,
                  GError  **error)
{
  g_autoptr(Checkpoint) cp = g_new0 (Checkpoint, 1);
  g_autoptr(JsonObject) remote_log = NULL;
  g_autoptr(JsonObject) local_log = NULL;
  g_autofree char *rep_id = replication_id (run->local_uuid, run->server_uuid,
                                            run->self->database,
                                            push ? TJ_SYNC_PUSH : TJ_SYNC_PULL);
  g_autoptr(GError) local_error = NULL;
  JsonObject *source_log, *target_log;
  JsonArray *history;
  JsonNode *seq;

  cp->push = push;
  cp->doc_id = g_strconcat ("_local/", rep_id, NULL);
  cp->session_id = g_uuid_string_random ();
  cp->start_time = now_iso8601 ();

  if (!read_remote_checkpoint (run, cp, &remote_log, error))
    return NULL;
  local_log = read_local_checkpoint (run, cp, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  source_log = push ? local_log : remote_log;
  target_log = push ? remote_log : local_log;
  seq = find_start_seq (source_log, target_log);
  /* A checkpoint that does not hold a usable sequence means: start over.
   * Re-reading is safe (every step is idempotent); skipping is not. */
  if (seq && (push ? (JSON_NODE_HOLDS_VALUE (seq) && json_node_get_value_type (seq) == G_TYPE_INT64 &&
                      json_node_get_int (seq) >= 0)
                   : valid_seq (seq)))
    cp->start_seq = json_node_copy (seq);

  cp->history = json_array_new ();
  history = member_array (source_log, "history");
  for (guint i = 0; history && cp->start_seq && i < json_array_get_length (history) && i < MAX_HISTORY - 1; i++)
    if (node_object (json_array_get_element (history, i)))
      json_array_add_element (cp->history, json_node_copy (json_array_get_element (history, i)));

  if (cp->start_seq)
    {
      g_autofree char *text = tj_json_canonical (cp->start_seq);
      g_debug ("%s %s: resuming after %s", push ? "push" : "pull", cp->doc_id, text);
    }
  return g_steal_pointer (&cp);
}

static gboolean
write_remote_checkpoint (Run        *run,
                         Checkpoint *cp,
                         JsonObject *log,
                         GError    **error)
{
  g_autofree char *path = remote_local_path (run, cp->doc_id);
  g_autofree char *what = g_strdup_printf ("PUT %s", path);

  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_autoptr(JsonObject) doc = tj_json_object_copy (log);
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonNode) reply = NULL;
      guint status;

      json_object_set_string_member (doc, "_id", cp->doc_id);
      if (cp->remote_rev)
        json_object_set_string_member (doc, "_rev", cp->remote_rev);
      json_node_set_object (node, doc);
      if (!request (run, "PUT", path, node, TRUE, &status, &reply, error))
        return FALSE;
      if (SOUP_STATUS_IS_SUCCESSFUL (status))
        {
          const char *rev = member_string (node_object (reply), "rev");
          if (rev == NULL)
            return malformed (error, what, _("no “rev” in the answer"));
          g_free (cp->remote_rev);
          cp->remote_rev = g_strdup (rev);
          return TRUE;
        }
      if (status != SOUP_STATUS_CONFLICT)
        return status_error (error, what, status, reply);

      /* Someone else wrote it (another run of ours that was cut off): take
       * the current revision and write again. */
      {
        g_autoptr(JsonObject) current = NULL;
        if (!read_remote_checkpoint (run, cp, &current, error))
          return FALSE;
        if (current == NULL)
          g_clear_pointer (&cp->remote_rev, g_free);
      }
    }
  g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
               _("The checkpoint %s keeps changing on the server"), cp->doc_id);
  return FALSE;
}

/* Record that everything up to @seq is on the target. Only called once a
 * batch is completely written: a checkpoint past unwritten changes would
 * lose them. */
static gboolean
checkpoint_write (Run        *run,
                  Checkpoint *cp,
                  JsonNode   *seq,
                  GError    **error)
{
  g_autoptr(JsonObject) log = json_object_new ();
  g_autoptr(JsonArray) history = json_array_new ();
  JsonObject *entry = json_object_new ();
  g_autofree char *end_time = now_iso8601 ();

  json_object_set_string_member (entry, "session_id", cp->session_id);
  json_object_set_string_member (entry, "start_time", cp->start_time);
  json_object_set_string_member (entry, "end_time", end_time);
  json_object_set_member (entry, "start_last_seq",
                          cp->start_seq ? json_node_copy (cp->start_seq) : json_node_init_int (json_node_alloc (), 0));
  json_object_set_member (entry, "end_last_seq", json_node_copy (seq));
  json_object_set_member (entry, "recorded_seq", json_node_copy (seq));
  json_object_set_int_member (entry, "missing_checked", cp->missing_checked);
  json_object_set_int_member (entry, "missing_found", cp->missing_found);
  json_object_set_int_member (entry, "docs_read", cp->docs_read);
  json_object_set_int_member (entry, "docs_written", cp->docs_written);
  json_object_set_int_member (entry, "doc_write_failures", cp->failures);

  json_array_add_object_element (history, entry);
  /* One entry per session: this session's earlier checkpoints are
   * replaced, not repeated (as CouchDB does). */
  for (guint i = 0; i < json_array_get_length (cp->history) && json_array_get_length (history) < MAX_HISTORY; i++)
    {
      JsonNode *old = json_array_get_element (cp->history, i);
      if (g_strcmp0 (member_string (node_object (old), "session_id"), cp->session_id) != 0)
        json_array_add_element (history, json_node_copy (old));
    }
  g_clear_pointer (&cp->history, json_array_unref);
  cp->history = json_array_ref (history);

  json_object_set_string_member (log, "session_id", cp->session_id);
  json_object_set_member (log, "source_last_seq", json_node_copy (seq));
  json_object_set_int_member (log, "replication_id_version", REPLICATION_ID_VERSION);
  json_object_set_array_member (log, "history", json_array_ref (history));

  /* Target first, then source (SYNC.md). */
  if (cp->push)
    {
      if (!write_remote_checkpoint (run, cp, log, error))
        return FALSE;
      return tj_store_put_local (run->store, cp->doc_id, log, error);
    }
  if (!tj_store_put_local (run->store, cp->doc_id, log, error))
    return FALSE;
  return write_remote_checkpoint (run, cp, log, error);
}

/* ------------------------------------------------------------------ */
/* Progress                                                             */
/* ------------------------------------------------------------------ */

typedef struct
{
  TjReplicator *self;
  guint         pulled;
  guint         pushed;
} Progress;

static gboolean
emit_progress_cb (gpointer data)
{
  Progress *p = data;

  g_signal_emit (p->self, signals[SIGNAL_PROGRESS], 0, p->pulled, p->pushed);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->self);
  g_free (p);
}

static void
report_progress (Run *run)
{
  Progress *p = g_new0 (Progress, 1);

  p->self = g_object_ref (run->self);
  p->pulled = run->pulled;
  p->pushed = run->pushed;
  if (run->progress_context)
    g_main_context_invoke_full (run->progress_context, G_PRIORITY_DEFAULT,
                                emit_progress_cb, p, progress_free);
  else
    {
      emit_progress_cb (p);
      progress_free (p);
    }
}

/* ------------------------------------------------------------------ */
/* Validation of what the server sends                                  */
/* ------------------------------------------------------------------ */

static gboolean
valid_base64 (const char *s,
              gsize       len)
{
  if (len % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      char c = s[i];
      if (g_ascii_isalnum (c) || c == '+' || c == '/')
        continue;
      if (c == '=' && i >= len - 2)
        continue;
      return FALSE;
    }
  return TRUE;
}

static gboolean
validate_attachments (JsonObject  *doc,
                      const char  *id,
                      const char  *what,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (doc, "_attachments");
  JsonObject *attachments = node_object (node);
  g_autoptr(GList) names = NULL;

  if (node == NULL)
    return TRUE;
  if (attachments == NULL)
    {
      g_autofree char *detail = g_strdup_printf (_("the attachments of “%s” are not an object"), id);
      return malformed (error, what, detail);
    }
  names = json_object_get_members (attachments);
  for (GList *l = names; l; l = l->next)
    {
      JsonObject *att = member_object (attachments, l->data);
      const char *data = member_string (att, "data");
      const char *digest = member_string (att, "digest");
      g_autofree char *detail = g_strdup_printf (_("attachment “%s” of “%s” is damaged"),
                                                 (const char *) l->data, id);
      gsize data_len, decoded_len;
      g_autofree guchar *decoded = NULL;

      if (att == NULL)
        return malformed (error, what, detail);
      if (data == NULL)
        {
          /* We always ask for the data; a stub is only fine if marked so. */
          if (!tj_json_get_bool (att, "stub", FALSE))
            return malformed (error, what, detail);
          continue;
        }
      data_len = strlen (data);
      if (!valid_base64 (data, data_len))
        return malformed (error, what, detail);
      decoded = g_base64_decode (data, &decoded_len);
      if (json_object_has_member (att, "length") &&
          tj_json_get_int (att, "length", -1) != (gint64) decoded_len)
        return malformed (error, what, detail);
      if (digest && g_str_has_prefix (digest, "md5-"))
        {
          g_autoptr(GChecksum) md5 = g_checksum_new (G_CHECKSUM_MD5);
          guint8 raw[16];
          gsize raw_len = sizeof raw;
          g_autofree char *expected = NULL;

          g_checksum_update (md5, decoded, decoded_len);
          g_checksum_get_digest (md5, raw, &raw_len);
          expected = g_base64_encode (raw, raw_len);
          if (strcmp (expected, digest + 4) != 0)
            return malformed (error, what, detail);
        }
    }
  return TRUE;
}

/* A revision as the source sent it, before it may be written. */
static gboolean
validate_doc (JsonObject  *doc,
              const char  *expected_id,
              const char  *what,
              GError     **error)
{
  const char *id = member_string (doc, "_id");
  const char *rev = member_string (doc, "_rev");
  JsonObject *revisions = member_object (doc, "_revisions");
  JsonArray *ids = member_array (revisions, "ids");
  JsonNode *start = revisions ? json_object_get_member (revisions, "start") : NULL;
  JsonNode *deleted = json_object_get_member (doc, "_deleted");
  const char *hash = NULL;
  gint64 generation = 0;
  g_autofree char *detail = NULL;

  if (id == NULL || g_strcmp0 (id, expected_id) != 0)
    {
      detail = g_strdup_printf (_("a document came back as “%s” instead of “%s”"),
                                id ? id : "", expected_id);
      return malformed (error, what, detail);
    }
  detail = g_strdup_printf (_("document “%s” has a bad revision or history"), id);
  if (!parse_rev (rev, &generation, &hash) || ids == NULL || start == NULL ||
      !JSON_NODE_HOLDS_VALUE (start) || json_node_get_value_type (start) != G_TYPE_INT64 ||
      json_node_get_int (start) != generation ||
      json_array_get_length (ids) == 0 || json_array_get_length (ids) > (guint) generation)
    {
      g_autofree char *text = tj_json_object_to_string (doc, FALSE);
      g_debug ("refused revision: %.2000s", text);
      return malformed (error, what, detail);
    }
  for (guint i = 0; i < json_array_get_length (ids); i++)
    {
      JsonNode *el = json_array_get_element (ids, i);
      if (!JSON_NODE_HOLDS_VALUE (el) || json_node_get_value_type (el) != G_TYPE_STRING ||
          !valid_rev_hash (json_node_get_string (el)))
        {
          g_debug ("refused revision %s of %s: history entry %u is not a revision hash", rev, id, i);
          return malformed (error, what, detail);
        }
    }
  if (strcmp (json_array_get_string_element (ids, 0), hash) != 0)
    {
      g_debug ("refused revision %s of %s: its history starts with %s", rev, id,
               json_array_get_string_element (ids, 0));
      return malformed (error, what, detail);
    }
  if (deleted && (!JSON_NODE_HOLDS_VALUE (deleted) || json_node_get_value_type (deleted) != G_TYPE_BOOLEAN))
    return malformed (error, what, detail);
  return validate_attachments (doc, id, what, error);
}

/* Rows of a changes feed: each with a valid id, leaf revisions and seq. */
static JsonArray *
validate_changes (JsonNode    *json,
                  const char  *what,
                  GError     **error)
{
  JsonArray *results = member_array (node_object (json), "results");

  if (results == NULL)
    {
      malformed (error, what, _("no “results” list"));
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *row = node_object (json_array_get_element (results, i));
      JsonArray *changes = member_array (row, "changes");
      g_autofree char *detail = g_strdup_printf (_("row %u of the changes feed is damaged"), i + 1);

      if (row == NULL || !valid_doc_id (member_string (row, "id")) || changes == NULL ||
          json_array_get_length (changes) == 0 || !valid_seq (json_object_get_member (row, "seq")))
        {
          malformed (error, what, detail);
          return NULL;
        }
      for (guint j = 0; j < json_array_get_length (changes); j++)
        if (!parse_rev (member_string (node_object (json_array_get_element (changes, j)), "rev"), NULL, NULL))
          {
            malformed (error, what, detail);
            return NULL;
          }
    }
  return results;
}

/* ------------------------------------------------------------------ */
/* Pull                                                                 */
/* ------------------------------------------------------------------ */

/* @atts_since (nullable): per document, revisions we have; the server then
 * sends attachments those revisions already hold as stubs, which the
 * store resolves from its blobs by digest. */
static gboolean
fetch_bulk_get_chunk (Run        *run,
                      JsonObject *missing,
                      JsonObject *atts_since,
                      GPtrArray  *docs,
                      GError    **error)
{
  const char *path_tail = "/_bulk_get?revs=true&latest=true&attachments=true";
  g_autofree char *path = g_strconcat (run->db_path, path_tail, NULL);
  g_autofree char *what = g_strdup_printf ("POST %s", path);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonArray) list = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GList) ids = json_object_get_members (missing);
  g_autoptr(GHashTable) answered = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *results;
  guint status;

  for (GList *l = ids; l; l = l->next)
    {
      JsonArray *revs = member_array (missing, l->data);
      for (guint i = 0; i < json_array_get_length (revs); i++)
        {
          JsonObject *item = json_object_new ();
          JsonArray *since = atts_since ? member_array (atts_since, l->data) : NULL;

          json_object_set_string_member (item, "id", l->data);
          json_object_set_string_member (item, "rev", json_array_get_string_element (revs, i));
          if (since && json_array_get_length (since) > 0)
            json_object_set_array_member (item, "atts_since", json_array_ref (since));
          json_array_add_object_element (list, item);
        }
    }
  json_object_set_array_member (body, "docs", json_array_ref (list));
  json_node_set_object (node, body);

  if (!request (run, "POST", path, node, TRUE, &status, &reply, error))
    return FALSE;
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    return status_error (error, what, status, reply);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (status >= 500)
        return status_error (error, what, status, reply);
      /* CouchDB 1.x and some proxies have no _bulk_get. */
      g_debug ("_bulk_get answered %u: falling back to open_revs", status);
      run->no_bulk_get = TRUE;
      return TRUE;
    }

  results = member_array (node_object (reply), "results");
  if (results == NULL)
    return malformed (error, what, _("no “results” list"));
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = node_object (json_array_get_element (results, i));
      const char *id = member_string (result, "id");
      JsonArray *items = member_array (result, "docs");

      if (id == NULL || items == NULL || !json_object_has_member (missing, id))
        return malformed (error, what, _("a result names a document that was not asked for"));
      g_hash_table_add (answered, (gpointer) id);
      for (guint j = 0; j < json_array_get_length (items); j++)
        {
          JsonObject *item = node_object (json_array_get_element (items, j));
          JsonObject *ok = member_object (item, "ok");
          JsonObject *failure = member_object (item, "error");

          if (ok)
            {
              if (!validate_doc (ok, id, what, error))
                return FALSE;
              g_ptr_array_add (docs, json_object_ref (ok));
            }
          else if (failure)
            add_failure (run->errors, id,
                         member_string (failure, "error") ? member_string (failure, "error") : "error",
                         member_string (failure, "reason"));
          else
            return malformed (error, what, _("a result is neither a document nor an error"));
        }
    }
  for (GList *l = ids; l; l = l->next)
    if (!g_hash_table_contains (answered, l->data))
      {
        g_autofree char *detail = g_strdup_printf (_("document “%s” is missing from the answer"),
                                                   (const char *) l->data);
        return malformed (error, what, detail);
      }
  return TRUE;
}

static gboolean
fetch_open_revs_chunk (Run        *run,
                       const char *id,
                       JsonArray  *revs,
                       GPtrArray  *docs,
                       GError    **error)
{
  g_autoptr(JsonNode) revs_node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *revs_text = NULL;
  g_autofree char *revs_param = NULL;
  g_autofree char *base_path = doc_path (run, id);
  g_autofree char *path = NULL;
  g_autofree char *what = NULL;
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *items;

  json_node_set_array (revs_node, revs);
  revs_text = tj_json_to_string (revs_node, FALSE);
  revs_param = escape_component (revs_text);
  path = g_strconcat (base_path, "?revs=true&latest=true&attachments=true&open_revs=", revs_param, NULL);
  what = g_strdup_printf ("GET %s", base_path);

  if (!request_ok (run, "GET", path, NULL, &reply, error))
    return FALSE;
  items = node_array (reply);
  if (items == NULL)
    return malformed (error, what, _("open_revs did not answer a list"));
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = node_object (json_array_get_element (items, i));
      JsonObject *ok = member_object (item, "ok");
      const char *missing_rev = member_string (item, "missing");

      if (ok)
        {
          if (!validate_doc (ok, id, what, error))
            return FALSE;
          g_ptr_array_add (docs, json_object_ref (ok));
        }
      else if (missing_rev)
        add_failure (run->errors, id, "not_found", missing_rev);
      else
        return malformed (error, what, _("a result is neither a document nor “missing”"));
    }
  return TRUE;
}

/* The fallback: one GET per document, revisions chunked so that URLs stay
 * under the length proxies accept. */
static gboolean
fetch_open_revs (Run        *run,
                 JsonObject *missing,
                 GPtrArray  *docs,
                 GError    **error)
{
  g_autoptr(GList) ids = json_object_get_members (missing);

  for (GList *l = ids; l; l = l->next)
    {
      const char *id = l->data;
      JsonArray *revs = member_array (missing, id);
      g_autoptr(JsonArray) chunk = json_array_new ();
      gsize url_len = strlen (run->base) + strlen (run->db_path) + 3 * strlen (id) + 100;

      for (guint i = 0; i < json_array_get_length (revs); i++)
        {
          const char *rev = json_array_get_string_element (revs, i);
          gsize rev_len = 3 * strlen (rev) + 9;

          if (json_array_get_length (chunk) > 0 && url_len + rev_len > MAX_URL_BYTES)
            {
              if (!fetch_open_revs_chunk (run, id, chunk, docs, error))
                return FALSE;
              g_clear_pointer (&chunk, json_array_unref);
              chunk = json_array_new ();
              url_len = strlen (run->base) + strlen (run->db_path) + 3 * strlen (id) + 100;
            }
          json_array_add_string_element (chunk, rev);
          url_len += rev_len;
        }
      if (json_array_get_length (chunk) > 0 && !fetch_open_revs_chunk (run, id, chunk, docs, error))
        return FALSE;
    }
  return TRUE;
}

/* Fetch the revisions @missing names: _bulk_get in requests of at most
 * MAX_FETCH revisions (so that documents with large attachments do not
 * make one huge reply), or one GET per document where the server has no
 * _bulk_get. */
static gboolean
fetch_revisions (Run        *run,
                 JsonObject *missing,
                 JsonObject *atts_since,
                 GPtrArray  *docs,
                 GError    **error)
{
  g_autoptr(GList) ids = json_object_get_members (missing);
  g_autoptr(JsonObject) chunk = json_object_new ();
  guint n = 0;

  for (GList *l = ids; l; l = l->next)
    {
      JsonArray *revs = member_array (missing, l->data);

      json_object_set_array_member (chunk, l->data, json_array_ref (revs));
      n += json_array_get_length (revs);
      if (n < MAX_FETCH && l->next != NULL)
        continue;
      if (!run->no_bulk_get && !fetch_bulk_get_chunk (run, chunk, atts_since, docs, error))
        return FALSE;
      /* Also when that request just found out there is no _bulk_get. */
      if (run->no_bulk_get && !fetch_open_revs (run, chunk, docs, error))
        return FALSE;
      g_clear_pointer (&chunk, json_object_unref);
      chunk = json_object_new ();
      n = 0;
    }
  return TRUE;
}

static gboolean
has_stub (JsonObject *doc)
{
  JsonObject *atts = member_object (doc, "_attachments");
  g_autoptr(GList) names = atts ? json_object_get_members (atts) : NULL;

  for (GList *l = names; l; l = l->next)
    if (tj_json_get_bool (member_object (atts, l->data), "stub", FALSE))
      return TRUE;
  return FALSE;
}

/* Write fetched revisions in one transaction. A revision the local store
 * refuses is reported, not silently skipped, except one with attachment
 * stubs when @stub_retry is given: it goes there, to be fetched again
 * with its data (the store lacked a blob the server assumed we had). Any
 * other failure rolls the whole batch back. */
static gboolean
write_local_batch (Run        *run,
                   GPtrArray  *docs,
                   JsonObject *stub_retry,
                   guint      *out_written,
                   GError    **error)
{
  guint written = 0;

  *out_written = 0;
  if (docs->len == 0)
    return TRUE;
  if (!tj_store_begin (run->store, error))
    return FALSE;
  for (guint i = 0; i < docs->len; i++)
    {
      JsonObject *doc = g_ptr_array_index (docs, i);
      g_autofree char *id = g_strdup (member_string (doc, "_id"));
      g_autofree char *rev = g_strdup (member_string (doc, "_rev"));
      gboolean stubs = stub_retry != NULL && has_stub (doc);
      g_autoptr(GError) local_error = NULL;
      TjReplicatedOutcome outcome;

      if (tj_store_put_replicated_full (run->store, doc, &outcome, &local_error))
        {
          written++;
          if (outcome != TJ_REPLICATED_PLAIN)
            {
              JsonObject *kept = json_object_new ();
              json_object_set_string_member (kept, "id", id);
              json_object_set_string_member (kept, "why", outcome == TJ_REPLICATED_REVIVED
                                                           ? "edited_elsewhere" : "edited_here");
              json_array_add_object_element (run->kept, kept);
            }
        }
      else if (stubs && g_error_matches (local_error, TJ_ERROR, TJ_ERROR_INVALID))
        {
          JsonArray *revs = member_array (stub_retry, id);
          g_debug ("%s %s: %s; fetching it again with its attachments", id, rev, local_error->message);
          if (revs == NULL)
            {
              revs = json_array_new ();
              json_object_set_array_member (stub_retry, id, revs);
            }
          json_array_add_string_element (revs, rev);
        }
      else if (g_error_matches (local_error, TJ_ERROR, TJ_ERROR_INVALID) ||
               g_error_matches (local_error, TJ_ERROR, TJ_ERROR_CONFLICT))
        add_failure (run->errors, id, "refused_locally", local_error->message);
      else
        {
          tj_store_rollback (run->store);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  if (!tj_store_commit (run->store, error))
    {
      tj_store_rollback (run->store);
      return FALSE;
    }
  *out_written = written;
  return TRUE;
}

/* The revision @revs asks for, complete, from a changes row with
 * include_docs when it is the document's only revision and generation 1:
 * its history is then just its own hash. NULL otherwise. */
static JsonObject *
generation_one_doc (JsonArray  *rows,
                    const char *id,
                    JsonArray  *revs)
{
  const char *rev = json_array_get_length (revs) == 1 ? json_array_get_string_element (revs, 0) : NULL;
  const char *hash = NULL;
  gint64 generation = 0;

  if (rev == NULL || !parse_rev (rev, &generation, &hash) || generation != 1)
    return NULL;
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = node_object (json_array_get_element (rows, i));
      JsonObject *doc = member_object (row, "doc");
      JsonObject *copy, *revisions;
      JsonArray *ids;

      if (g_strcmp0 (member_string (row, "id"), id) != 0)
        continue;
      if (doc == NULL || json_array_get_length (member_array (row, "changes")) != 1 ||
          g_strcmp0 (member_string (doc, "_rev"), rev) != 0 || json_object_has_member (doc, "_revisions"))
        return NULL;
      copy = tj_json_object_copy (doc);
      revisions = json_object_new ();
      ids = json_array_new ();
      json_array_add_string_element (ids, hash);
      json_object_set_int_member (revisions, "start", 1);
      json_object_set_array_member (revisions, "ids", ids);
      json_object_set_object_member (copy, "_revisions", revisions);
      return copy;
    }
  return NULL;
}

static char *
changes_path (Run      *run,
              JsonNode *since,
              guint     batch,
              gboolean  include_docs)
{
  g_autofree char *since_param = seq_to_param (since);
  g_autofree char *since_escaped = escape_component (since_param);

  return g_strdup_printf ("%s/_changes?style=all_docs&limit=%u&since=%s%s",
                          run->db_path, batch, since_escaped,
                          include_docs ? "&include_docs=true&attachments=true" : "");
}

static gboolean
pull_pages (Run      *run,
            Pending **prefetch,
            GError  **error);

static gboolean
pull (Run     *run,
      GError **error)
{
  Pending *prefetch = NULL;
  gboolean ok = pull_pages (run, &prefetch, error);

  pending_free (run, prefetch);
  return ok;
}

static gboolean
pull_pages (Run      *run,
            Pending **prefetch,
            GError  **error)
{
  g_autoptr(Checkpoint) cp = checkpoint_begin (run, FALSE, error);
  g_autoptr(JsonNode) since = NULL;
  guint batch = run->self->batch_size;
  gboolean from_scratch;

  if (cp == NULL)
    return FALSE;
  since = cp->start_seq ? json_node_copy (cp->start_seq) : NULL;
  /* A first replication (a new station) has to fetch nearly every
   * document: asking the changes feed for the winning bodies saves the
   * _bulk_get round trip for the many documents that have one revision
   * only (PouchDB's replicator takes the same shortcut with _all_docs).
   * Later runs fetch only what _revs_diff says is missing. */
  from_scratch = since == NULL;

  for (;;)
    {
      g_autofree char *path = changes_path (run, since, batch, from_scratch);
      g_autofree char *what = g_strdup_printf ("GET %s/_changes", run->db_path);
      g_autoptr(JsonNode) reply = NULL;
      g_autoptr(JsonObject) diff_request = json_object_new ();
      g_autoptr(JsonObject) diff = NULL;
      g_autoptr(JsonObject) missing = json_object_new ();
      g_autoptr(JsonObject) ancestors = json_object_new ();
      g_autoptr(JsonObject) stub_retry = json_object_new ();
      g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
      g_autoptr(GList) diff_ids = NULL;
      JsonArray *rows;
      JsonNode *last_seq;
      guint n_rows, written = 0;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
      if (*prefetch != NULL && g_strcmp0 ((*prefetch)->path, path) == 0)
        {
          guint status = 0;
          Pending *p = g_steal_pointer (prefetch);
          if (!pending_finish (run, p, &status, &reply, error))
            return FALSE;
          if (!SOUP_STATUS_IS_SUCCESSFUL (status))
            return status_error (error, what, status, reply);
        }
      else if (!request_ok (run, "GET", path, NULL, &reply, error))
        return FALSE;
      if ((rows = validate_changes (reply, what, error)) == NULL)
        return FALSE;
      n_rows = json_array_get_length (rows);
      if (n_rows == 0)
        break;
      last_seq = json_object_get_member (node_object (json_array_get_element (rows, n_rows - 1)), "seq");
      if (since && seq_equal (last_seq, since))
        return malformed (error, what, _("the changes feed does not advance"));

      /* The next page travels while this one is fetched and written. */
      if (n_rows == batch)
        {
          g_autofree char *next_path = changes_path (run, last_seq, batch, from_scratch);
          pending_free (run, g_steal_pointer (prefetch));
          *prefetch = pending_start (run, "GET", next_path, NULL);
        }

      for (guint i = 0; i < n_rows; i++)
        {
          JsonObject *row = node_object (json_array_get_element (rows, i));
          const char *id = member_string (row, "id");
          JsonArray *changes = member_array (row, "changes");
          JsonArray *revs = member_array (diff_request, id);

          if (revs == NULL)
            {
              revs = json_array_new ();
              json_object_set_array_member (diff_request, id, revs);
            }
          for (guint j = 0; j < json_array_get_length (changes); j++)
            json_array_add_string_element (revs, member_string (node_object (json_array_get_element (changes, j)), "rev"));
          cp->missing_checked += json_array_get_length (changes);
        }

      diff = tj_store_revs_diff (run->store, diff_request, error);
      if (diff == NULL)
        return FALSE;
      diff_ids = json_object_get_members (diff);
      for (GList *l = diff_ids; l; l = l->next)
        {
          JsonArray *revs = member_array (member_object (diff, l->data), "missing");
          JsonObject *inline_doc;

          if (revs == NULL || json_array_get_length (revs) == 0)
            continue;
          cp->missing_found += json_array_get_length (revs);
          inline_doc = from_scratch ? generation_one_doc (rows, l->data, revs) : NULL;
          if (inline_doc)
            {
              if (!validate_doc (inline_doc, l->data, what, error))
                {
                  json_object_unref (inline_doc);
                  return FALSE;
                }
              g_ptr_array_add (docs, inline_doc);
            }
          else
            {
              JsonArray *have = member_array (member_object (diff, l->data), "possible_ancestors");
              json_object_set_array_member (missing, l->data, json_array_ref (revs));
              if (have && json_array_get_length (have) > 0)
                json_object_set_array_member (ancestors, l->data, json_array_ref (have));
            }
        }

      if (json_object_get_size (missing) > 0)
        {
          if (!fetch_revisions (run, missing, ancestors, docs, error))
            return FALSE;
        }
      cp->docs_read += docs->len;
      run->docs_read += docs->len;

      if (!write_local_batch (run, docs, stub_retry, &written, error))
        return FALSE;
      if (json_object_get_size (stub_retry) > 0)
        {
          g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
          guint written_again = 0;

          if (!fetch_revisions (run, stub_retry, NULL, again, error) ||
              !write_local_batch (run, again, NULL, &written_again, error))
            return FALSE;
          written += written_again;
        }
      cp->docs_written += written;
      cp->failures += docs->len - written;
      run->docs_written += written;
      run->pulled += written;

      if (!checkpoint_write (run, cp, last_seq, error))
        return FALSE;
      g_clear_pointer (&since, json_node_unref);
      since = json_node_copy (last_seq);
      report_progress (run);
      if (n_rows < batch)
        break;
    }

  g_clear_pointer (&run->pull_seq, json_node_unref);
  run->pull_seq = since ? json_node_copy (since) : json_node_init_int (json_node_alloc (), 0);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Push                                                                 */
/* ------------------------------------------------------------------ */

static gboolean
remote_revs_diff (Run         *run,
                  JsonObject  *diff_request,
                  JsonObject **out_missing,
                  JsonObject **out_ancestors,
                  GError     **error)
{
  g_autoptr(JsonObject) ancestors = json_object_new ();
  g_autofree char *path = g_strconcat (run->db_path, "/_revs_diff", NULL);
  g_autofree char *what = g_strdup_printf ("POST %s", path);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonObject) missing = json_object_new ();
  g_autoptr(GList) ids = NULL;
  JsonObject *answer;

  json_node_set_object (node, diff_request);
  if (!request_ok (run, "POST", path, node, &reply, error))
    return FALSE;
  if ((answer = node_object (reply)) == NULL)
    return malformed (error, what, _("the answer is not an object"));

  ids = json_object_get_members (answer);
  for (GList *l = ids; l; l = l->next)
    {
      const char *id = l->data;
      JsonArray *asked = member_array (diff_request, id);
      JsonObject *entry = member_object (answer, id);
      JsonNode *missing_node = entry ? json_object_get_member (entry, "missing") : NULL;
      JsonArray *revs = node_array (missing_node);
      g_autoptr(JsonArray) copy = json_array_new ();

      if (asked == NULL || entry == NULL || (missing_node && revs == NULL))
        return malformed (error, what, _("it names a document that was not asked about"));
      for (guint i = 0; revs && i < json_array_get_length (revs); i++)
        {
          JsonNode *el = json_array_get_element (revs, i);
          const char *rev = JSON_NODE_HOLDS_VALUE (el) && json_node_get_value_type (el) == G_TYPE_STRING
                            ? json_node_get_string (el) : NULL;
          gboolean known = FALSE;

          for (guint j = 0; rev && j < json_array_get_length (asked); j++)
            known |= g_strcmp0 (json_array_get_string_element (asked, j), rev) == 0;
          if (!known)
            return malformed (error, what, _("it lists a revision that was not asked about"));
          json_array_add_string_element (copy, rev);
        }
      if (json_array_get_length (copy) > 0)
        json_object_set_array_member (missing, id, g_steal_pointer (&copy));

      /* CouchDB names revisions it has that may be ancestors (PouchDB
       * Server does not); only well-formed ones are kept. */
      {
        JsonArray *have = member_array (entry, "possible_ancestors");
        JsonArray *kept = json_array_new ();
        for (guint i = 0; have && i < json_array_get_length (have); i++)
          {
            JsonNode *el = json_array_get_element (have, i);
            if (JSON_NODE_HOLDS_VALUE (el) && json_node_get_value_type (el) == G_TYPE_STRING &&
                parse_rev (json_node_get_string (el), NULL, NULL))
              json_array_add_string_element (kept, json_node_get_string (el));
          }
        json_object_set_array_member (ancestors, id, kept);
      }
    }
  *out_missing = g_steal_pointer (&missing);
  *out_ancestors = g_steal_pointer (&ancestors);
  return TRUE;
}

/* Replace attachment data by stubs where the server already holds the
 * attachment: when one of its revisions in @ancestors is in this
 * revision's own history at a generation >= the attachment's revpos, the
 * attachment was unchanged since then (SYNC.md; a wrong guess would give
 * 412 missing_stub, which remote_bulk_docs() answers by sending the data).
 * Returns whether anything was stubbed. */
static gboolean
stub_known_attachments (JsonObject *doc,
                        JsonArray  *ancestors)
{
  JsonObject *atts = member_object (doc, "_attachments");
  JsonObject *revisions = member_object (doc, "_revisions");
  JsonArray *ids = member_array (revisions, "ids");
  gint64 start = tj_json_get_int (revisions, "start", 0);
  gint64 known = 0;
  g_autoptr(GList) names = NULL;
  g_autoptr(JsonObject) replacement = NULL;
  gboolean stubbed = FALSE;

  if (atts == NULL || ids == NULL || ancestors == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (ancestors); i++)
    {
      const char *hash = NULL;
      gint64 generation = 0;

      if (!parse_rev (json_array_get_string_element (ancestors, i), &generation, &hash))
        continue;
      if (generation <= start && start - generation < json_array_get_length (ids) &&
          g_strcmp0 (json_array_get_string_element (ids, start - generation), hash) == 0)
        known = MAX (known, generation);
    }
  if (known == 0)
    return FALSE;

  /* Built afresh: objects read from JSON may be sealed. */
  replacement = json_object_new ();
  names = json_object_get_members (atts);
  for (GList *l = names; l; l = l->next)
    {
      JsonObject *att = member_object (atts, l->data);
      JsonObject *copy = json_object_new ();
      g_autoptr(GList) members = att ? json_object_get_members (att) : NULL;
      gboolean stub = att && json_object_has_member (att, "data") &&
                      tj_json_get_int (att, "revpos", G_MAXINT64) <= known;

      for (GList *m = members; m; m = m->next)
        if (!stub || strcmp (m->data, "data") != 0)
          json_object_set_member (copy, m->data, json_node_copy (json_object_get_member (att, m->data)));
      if (stub)
        {
          json_object_set_boolean_member (copy, "stub", TRUE);
          stubbed = TRUE;
        }
      json_object_set_object_member (replacement, l->data, copy);
    }
  if (stubbed)
    json_object_set_object_member (doc, "_attachments", json_object_ref (replacement));
  return stubbed;
}

static void
add_denied (Run        *run,
            const char *id,
            const char *reason)
{
  JsonObject *entry;

  /* A document retried from the refused list and met again in the changes
   * feed is reported once. */
  for (guint i = 0; i < json_array_get_length (run->denied); i++)
    if (g_strcmp0 (member_string (json_array_get_object_element (run->denied, i), "id"), id) == 0)
      return;
  entry = json_object_new ();
  json_object_set_string_member (entry, "id", id);
  json_object_set_string_member (entry, "reason", reason);
  json_array_add_object_element (run->denied, entry);
}

/* Remember the revisions of @id that were in @docs as refused. */
static void
note_refused (JsonObject *refused,
              JsonArray  *docs,
              const char *id)
{
  JsonArray *revs = member_array (refused, id);

  if (revs == NULL)
    {
      revs = json_array_new ();
      json_object_set_array_member (refused, id, revs);
    }
  for (guint i = 0; i < json_array_get_length (docs); i++)
    {
      JsonObject *doc = json_array_get_object_element (docs, i);
      const char *rev = member_string (doc, "_rev");
      gboolean known = FALSE;

      if (g_strcmp0 (member_string (doc, "_id"), id) != 0 || rev == NULL)
        continue;
      for (guint j = 0; j < json_array_get_length (revs); j++)
        known |= g_strcmp0 (json_array_get_string_element (revs, j), rev) == 0;
      if (!known)
        json_array_add_string_element (revs, rev);
    }
}

static JsonNode *
bulk_docs_node (JsonArray *docs)
{
  JsonObject *body = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_array_member (body, "docs", json_array_ref (docs));
  json_object_set_boolean_member (body, "new_edits", FALSE);
  json_node_take_object (node, body);
  return node;
}

/* The server's answer to _bulk_docs with @docs. @stubbed (nullable): ids
 * sent with attachment stubs; the server's missing_stub refusals of those
 * go to @resend (or, for a whole-batch 412, @out_resend_all) instead of
 * being reported. */
static gboolean
bulk_docs_answer (Run        *run,
                  JsonArray  *docs,
                  JsonObject *refused,
                  GHashTable *stubbed,
                  GHashTable *resend,
                  gboolean   *out_resend_all,
                  guint       status,
                  JsonNode   *reply,
                  guint      *out_written,
                  GError    **error)
{
  g_autofree char *what = g_strdup_printf ("POST %s/_bulk_docs", run->db_path);
  JsonArray *answer;
  guint failed = 0;

  *out_written = 0;
  if (status == SOUP_STATUS_PRECONDITION_FAILED && stubbed && g_hash_table_size (stubbed) > 0)
    {
      /* PouchDB Server refuses the whole batch for one missing stub. */
      g_debug ("%s: 412 for a stub; sending the batch again with data", what);
      *out_resend_all = TRUE;
      return TRUE;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    return status_error (error, what, status, reply);
  if ((answer = node_array (reply)) == NULL)
    return malformed (error, what, _("the answer is not a list"));

  /* With new_edits=false the answer lists only the failures. */
  for (guint i = 0; i < json_array_get_length (answer); i++)
    {
      JsonObject *item = node_object (json_array_get_element (answer, i));
      const char *id = member_string (item, "id");
      const char *err = member_string (item, "error");
      const char *reason = member_string (item, "reason");

      if (item == NULL)
        return malformed (error, what, _("an entry is not an object"));
      if (err == NULL)
        continue;
      if (id == NULL)
        return malformed (error, what, _("a refusal does not name its document"));
      failed++;
      if (stubbed && g_hash_table_contains (stubbed, id) &&
          (g_strcmp0 (err, "missing_stub") == 0 || g_strcmp0 (err, "412") == 0))
        {
          g_hash_table_add (resend, g_strdup (id));
          continue;
        }
      note_refused (refused, docs, id);
      if (g_strcmp0 (err, "forbidden") == 0 || g_strcmp0 (err, "unauthorized") == 0)
        add_denied (run, id, reason ? reason : err);
      else
        add_failure (run->errors, id, err, reason);
    }
  *out_written = json_array_get_length (docs) - MIN (failed, json_array_get_length (docs));
  return TRUE;
}

/* _bulk_docs with @docs (full data, no stubs), waiting for the answer. */
static gboolean
remote_bulk_docs (Run        *run,
                  JsonArray  *docs,
                  JsonObject *refused,
                  guint      *out_written,
                  GError    **error)
{
  g_autofree char *path = g_strconcat (run->db_path, "/_bulk_docs", NULL);
  g_autoptr(JsonNode) node = bulk_docs_node (docs);
  g_autoptr(JsonNode) reply = NULL;
  guint status;

  if (!request (run, "POST", path, node, TRUE, &status, &reply, error))
    return FALSE;
  return bulk_docs_answer (run, docs, refused, NULL, NULL, NULL, status, reply, out_written, error);
}

/* The revisions @missing names, read locally with their history and
 * attachment data; with @ancestors, attachments the server has are
 * stubbed and their ids added to @stubbed. */
static gboolean
read_local_revs (Run         *run,
                 JsonObject  *missing,
                 JsonObject  *ancestors,
                 JsonArray   *docs,
                 GHashTable  *stubbed,
                 GError     **error)
{
  g_autoptr(GList) ids = json_object_get_members (missing);

  for (GList *l = ids; l; l = l->next)
    {
      JsonArray *revs = member_array (missing, l->data);
      for (guint i = 0; i < json_array_get_length (revs); i++)
        {
          const char *rev = json_array_get_string_element (revs, i);
          g_autoptr(GError) local_error = NULL;
          JsonObject *doc = tj_store_get (run->store, l->data, rev,
                                          TJ_GET_REVS | TJ_GET_ATTACHMENTS | TJ_GET_DELETED,
                                          &local_error);
          if (doc == NULL)
            {
              if (!g_error_matches (local_error, TJ_ERROR, TJ_ERROR_NOT_FOUND))
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }
              /* Replaced by another connection since the changes were read
               * (a refused revision retried later, or an edit in the app
               * during an asynchronous run): its successor has a later
               * sequence and goes in a later batch. */
              g_debug ("%s %s is no longer a leaf: %s", (const char *) l->data, rev, local_error->message);
              continue;
            }
          if (ancestors && stub_known_attachments (doc, member_array (ancestors, l->data)))
            g_hash_table_add (stubbed, g_strdup (l->data));
          json_array_add_object_element (docs, doc);
        }
    }
  return TRUE;
}

/* A push batch on its way: what was sent, and the request in flight. */
typedef struct
{
  JsonObject *missing;
  JsonArray  *docs;
  GHashTable *stubbed;
  GPtrArray  *chunks;     /* @docs cut into _bulk_docs requests */
  Pending    *pending;    /* the first chunk, in flight */
  gint64      last_seq;   /* local sequence to checkpoint once it landed */
} Flight;

static Flight *
flight_new (gint64 last_seq)
{
  Flight *flight = g_new0 (Flight, 1);

  flight->docs = json_array_new ();
  flight->stubbed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  flight->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_array_unref);
  flight->last_seq = last_seq;
  return flight;
}

static void
flight_free (Run    *run,
             Flight *flight)
{
  if (flight == NULL)
    return;
  pending_free (run, flight->pending);
  g_clear_pointer (&flight->missing, json_object_unref);
  json_array_unref (flight->docs);
  g_hash_table_unref (flight->stubbed);
  g_ptr_array_unref (flight->chunks);
  g_free (flight);
}

/* Which of these revisions does the server miss; read them locally with
 * history and attachment data (stubs where the server has them). */
static gboolean
push_prepare (Run         *run,
              Checkpoint  *cp,
              JsonObject  *diff_request,
              Flight      *flight,
              GError     **error)
{
  g_autoptr(JsonObject) ancestors = NULL;

  if (json_object_get_size (diff_request) == 0)
    return TRUE;
  if (run->target_was_empty)
    flight->missing = json_object_ref (diff_request);
  else if (!remote_revs_diff (run, diff_request, &flight->missing, &ancestors, error))
    return FALSE;
  if (!read_local_revs (run, flight->missing, ancestors, flight->docs, flight->stubbed, error))
    return FALSE;
  cp->missing_found += json_array_get_length (flight->docs);
  cp->docs_read += json_array_get_length (flight->docs);
  run->docs_read += json_array_get_length (flight->docs);
  return TRUE;
}

/* Roughly what a revision weighs in a request: its attachments' data
 * dominate. */
static gsize
doc_weight (JsonObject *doc)
{
  JsonObject *atts = member_object (doc, "_attachments");
  g_autoptr(GList) names = atts ? json_object_get_members (atts) : NULL;
  gsize weight = 1024;

  for (GList *l = names; l; l = l->next)
    {
      const char *data = member_string (member_object (atts, l->data), "data");
      weight += data ? strlen (data) : 0;
    }
  return weight;
}

/* Cut the batch into requests of at most MAX_SEND_BYTES (at least one
 * revision each) and send the first; the others follow in push_land(). */
static void
push_send (Run    *run,
           Flight *flight)
{
  g_autofree char *path = g_strconcat (run->db_path, "/_bulk_docs", NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonArray *chunk = NULL;
  gsize weight = 0;

  for (guint i = 0; i < json_array_get_length (flight->docs); i++)
    {
      JsonObject *doc = json_array_get_object_element (flight->docs, i);
      gsize w = doc_weight (doc);

      if (chunk == NULL || (json_array_get_length (chunk) > 0 && weight + w > MAX_SEND_BYTES))
        {
          chunk = json_array_new ();
          g_ptr_array_add (flight->chunks, chunk);
          weight = 0;
        }
      json_array_add_object_element (chunk, json_object_ref (doc));
      weight += w;
    }
  if (flight->chunks->len == 0)
    return;
  node = bulk_docs_node (g_ptr_array_index (flight->chunks, 0));
  flight->pending = pending_start (run, "POST", path, node);
}

/* {id: [rev]} of the revisions in @docs. */
static JsonObject *
revs_of (JsonArray *docs)
{
  JsonObject *revs = json_object_new ();

  for (guint i = 0; i < json_array_get_length (docs); i++)
    {
      JsonObject *doc = json_array_get_object_element (docs, i);
      const char *id = member_string (doc, "_id");
      JsonArray *list = member_array (revs, id);

      if (list == NULL)
        {
          list = json_array_new ();
          json_object_set_array_member (revs, id, list);
        }
      json_array_add_string_element (list, member_string (doc, "_rev"));
    }
  return revs;
}

/* Wait for the server's answers to a batch and account for them; refused
 * stubs are sent again with their data. */
static gboolean
push_land (Run         *run,
           Checkpoint  *cp,
           Flight      *flight,
           JsonObject  *refused,
           GError     **error)
{
  g_autofree char *path = g_strconcat (run->db_path, "/_bulk_docs", NULL);
  g_autoptr(GHashTable) resend = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint written = 0;
  guint n_docs = json_array_get_length (flight->docs);

  for (guint c = 0; c < flight->chunks->len; c++)
    {
      JsonArray *chunk = g_ptr_array_index (flight->chunks, c);
      g_autoptr(JsonNode) reply = NULL;
      gboolean resend_all = FALSE;
      guint status = 0;
      guint chunk_written = 0;

      if (c == 0 && flight->pending)
        {
          if (!pending_finish (run, g_steal_pointer (&flight->pending), &status, &reply, error))
            return FALSE;
        }
      else
        {
          g_autoptr(JsonNode) node = bulk_docs_node (chunk);
          if (!request (run, "POST", path, node, TRUE, &status, &reply, error))
            return FALSE;
        }
      if (!bulk_docs_answer (run, chunk, refused, flight->stubbed, resend, &resend_all,
                             status, reply, &chunk_written, error))
        return FALSE;
      if (resend_all)
        {
          g_autoptr(JsonObject) revs = revs_of (chunk);
          g_autoptr(JsonArray) full = json_array_new ();
          if (!read_local_revs (run, revs, NULL, full, NULL, error) ||
              !remote_bulk_docs (run, full, refused, &chunk_written, error))
            return FALSE;
        }
      written += chunk_written;
    }

  if (g_hash_table_size (resend) > 0)
    {
      /* The server lacked attachments we stubbed: send them whole. */
      g_autoptr(JsonObject) again = json_object_new ();
      g_autoptr(JsonArray) full = json_array_new ();
      GHashTableIter iter;
      gpointer id;
      guint written_again = 0;

      g_hash_table_iter_init (&iter, resend);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        json_object_set_array_member (again, id, json_array_ref (member_array (flight->missing, id)));
      if (!read_local_revs (run, again, NULL, full, NULL, error) ||
          !remote_bulk_docs (run, full, refused, &written_again, error))
        return FALSE;
      written += written_again;
    }

  cp->docs_written += written;
  cp->failures += n_docs - MIN (written, n_docs);
  run->docs_written += written;
  run->pushed += written;
  return TRUE;
}

/* One batch from start to end, nothing else in flight. */
static gboolean
push_batch (Run         *run,
            Checkpoint  *cp,
            JsonObject  *diff_request,
            JsonObject  *refused,
            GError     **error)
{
  Flight *flight = flight_new (0);
  gboolean ok = push_prepare (run, cp, diff_request, flight, error);

  if (ok)
    {
      push_send (run, flight);
      ok = push_land (run, cp, flight, refused, error);
    }
  flight_free (run, flight);
  return ok;
}

/* Revisions the server refused are kept in a local document and offered
 * again on every run, so a refusal is reported until it is fixed (by the
 * server's administrator or an edit) instead of once and then forgotten
 * behind the checkpoint. */
static JsonObject *
load_refused (Run        *run,
              const char *id,
              GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) doc = tj_store_get_local (run->store, id, &local_error);
  JsonObject *docs;
  JsonObject *refused = json_object_new ();
  g_autoptr(GList) ids = NULL;

  if (doc == NULL && !g_error_matches (local_error, TJ_ERROR, TJ_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      json_object_unref (refused);
      return NULL;
    }
  docs = member_object (doc, "docs");
  ids = docs ? json_object_get_members (docs) : NULL;
  for (GList *l = ids; l; l = l->next)
    {
      JsonArray *revs = member_array (docs, l->data);
      JsonArray *copy = json_array_new ();
      for (guint i = 0; revs && i < json_array_get_length (revs); i++)
        if (parse_rev (json_array_get_string_element (revs, i), NULL, NULL))
          json_array_add_string_element (copy, json_array_get_string_element (revs, i));
      json_object_set_array_member (refused, l->data, copy);
    }
  return refused;
}

static gboolean
save_refused (Run        *run,
              const char *id,
              JsonObject *refused,
              GError    **error)
{
  g_autoptr(JsonObject) doc = json_object_new ();

  json_object_set_object_member (doc, "docs", json_object_ref (refused));
  return tj_store_put_local (run->store, id, doc, error);
}

/* A batch has landed: record refusals, then the checkpoint. */
static gboolean
push_checkpoint (Run         *run,
                 Checkpoint  *cp,
                 gint64       seq,
                 JsonObject  *refused,
                 const char  *refused_id,
                 gboolean     had_refused,
                 GError     **error)
{
  g_autoptr(JsonNode) seq_node = json_node_init_int (json_node_alloc (), seq);

  /* The refusals are on record before the checkpoint moves past them. */
  if ((json_object_get_size (refused) > 0 || had_refused) &&
      !save_refused (run, refused_id, refused, error))
    return FALSE;
  if (!checkpoint_write (run, cp, seq_node, error))
    return FALSE;
  report_progress (run);
  return TRUE;
}

static gboolean
push_flights (Run      *run,
              Flight  **flying,
              GError  **error)
{
  g_autoptr(Checkpoint) cp = checkpoint_begin (run, TRUE, error);
  g_autofree char *refused_id = NULL;
  g_autoptr(JsonObject) retry = NULL;
  g_autoptr(JsonObject) refused = json_object_new ();
  gboolean had_refused;
  gint64 since;
  guint batch = run->self->batch_size;

  if (cp == NULL)
    return FALSE;
  since = cp->start_seq ? json_node_get_int (cp->start_seq) : 0;

  refused_id = g_strconcat ("_local/tiaojie-refused-", cp->doc_id + strlen ("_local/"), NULL);
  if ((retry = load_refused (run, refused_id, error)) == NULL)
    return FALSE;
  had_refused = json_object_get_size (retry) > 0;
  if (had_refused && !push_batch (run, cp, retry, refused, error))
    return FALSE;

  for (;;)
    {
      g_autoptr(JsonObject) changes = NULL;
      g_autoptr(JsonObject) diff_request = json_object_new ();
      JsonArray *rows;
      guint n_rows;
      gint64 last_seq;
      Flight *next;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
      changes = tj_store_changes (run->store, since, batch, error);
      if (changes == NULL)
        return FALSE;
      rows = member_array (changes, "results");
      n_rows = rows ? json_array_get_length (rows) : 0;
      if (n_rows == 0)
        break;
      last_seq = tj_json_get_int (node_object (json_array_get_element (rows, n_rows - 1)), "seq", since);

      for (guint i = 0; i < n_rows; i++)
        {
          JsonObject *row = node_object (json_array_get_element (rows, i));
          const char *id = member_string (row, "id");
          JsonArray *leaves = member_array (row, "changes");
          JsonArray *revs = json_array_new ();

          for (guint j = 0; leaves && j < json_array_get_length (leaves); j++)
            json_array_add_string_element (revs, member_string (node_object (json_array_get_element (leaves, j)), "rev"));
          cp->missing_checked += json_array_get_length (revs);
          json_object_set_array_member (diff_request, id, revs);
        }

      /* This batch is diffed and read while the previous one travels;
       * the previous one lands (and is checkpointed) before this one is
       * sent, so checkpoints stay in order. */
      next = flight_new (last_seq);
      if (!push_prepare (run, cp, diff_request, next, error))
        {
          flight_free (run, next);
          return FALSE;
        }
      if (*flying)
        {
          Flight *landing = g_steal_pointer (flying);
          gboolean ok = push_land (run, cp, landing, refused, error) &&
                        push_checkpoint (run, cp, landing->last_seq, refused, refused_id, had_refused, error);
          flight_free (run, landing);
          if (!ok)
            {
              flight_free (run, next);
              return FALSE;
            }
        }
      push_send (run, next);
      *flying = next;
      since = last_seq;
      if (n_rows < batch)
        break;
    }

  if (*flying)
    {
      Flight *landing = g_steal_pointer (flying);
      gboolean ok = push_land (run, cp, landing, refused, error) &&
                    push_checkpoint (run, cp, landing->last_seq, refused, refused_id, had_refused, error);
      flight_free (run, landing);
      if (!ok)
        return FALSE;
    }

  if ((json_object_get_size (refused) > 0 || had_refused) &&
      !save_refused (run, refused_id, refused, error))
    return FALSE;
  g_clear_pointer (&run->push_seq, json_node_unref);
  run->push_seq = json_node_init_int (json_node_alloc (), since);
  return TRUE;
}

static gboolean
push (Run     *run,
      GError **error)
{
  Flight *flying = NULL;
  gboolean ok = push_flights (run, &flying, error);

  flight_free (run, flying);
  return ok;
}

/* ------------------------------------------------------------------ */
/* A run                                                                */
/* ------------------------------------------------------------------ */

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->worker, worker_free);
  g_clear_object (&run->session);
  g_clear_pointer (&run->base, g_free);
  g_clear_pointer (&run->db_path, g_free);
  g_clear_pointer (&run->user, g_free);
  g_clear_pointer (&run->password, g_free);
  g_clear_pointer (&run->basic_auth, g_free);
  g_clear_pointer (&run->local_uuid, g_free);
  g_clear_pointer (&run->server_uuid, g_free);
  g_clear_pointer (&run->source_seq, json_node_unref);
  g_clear_pointer (&run->pull_seq, json_node_unref);
  g_clear_pointer (&run->push_seq, json_node_unref);
  g_clear_pointer (&run->denied, json_array_unref);
  g_clear_pointer (&run->errors, json_array_unref);
  g_clear_pointer (&run->kept, json_array_unref);
}

/* Split the configured URL: credentials in it ("https://u:p@host/") are
 * used, but never kept in the URL that appears in messages. */
static gboolean
parse_server (Run     *run,
              GError **error)
{
  TjReplicator *self = run->self;
  g_autofree char *scheme = NULL, *user = NULL, *password = NULL, *host = NULL, *path = NULL;
  int port = -1;
  g_autofree char *trimmed = NULL;

  if (self->server_url == NULL ||
      !g_uri_split_with_user (self->server_url, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED_PATH,
                              &scheme, &user, &password, NULL, &host, &port, &path, NULL, NULL, NULL) ||
      scheme == NULL || host == NULL || *host == '\0' ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The server address “%s” is not an http:// or https:// URL"),
                   self->server_url ? self->server_url : "");
      return FALSE;
    }
  if (!valid_database_name (self->database))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is not a valid database name (lower-case letters, digits and _$()+-/, starting with a letter)"),
                   self->database ? self->database : "");
      return FALSE;
    }

  trimmed = g_strdup (path ? path : "");
  while (*trimmed && trimmed[strlen (trimmed) - 1] == '/')
    trimmed[strlen (trimmed) - 1] = '\0';
  run->base = g_uri_join (G_URI_FLAGS_ENCODED_PATH, scheme, NULL, host, port, trimmed, NULL, NULL);
  {
    g_autofree char *escaped = escape_component (self->database);
    run->db_path = g_strconcat ("/", escaped, NULL);
  }
  run->user = g_strdup (self->user && *self->user ? self->user : user);
  run->password = g_strdup (self->user && *self->user ? self->password : password);
  if (run->user && *run->user == '\0')
    g_clear_pointer (&run->user, g_free);
  return TRUE;
}

static JsonObject *
run_with_store (TjReplicator  *self,
                TjStore       *store,
                GMainContext  *progress_context,
                GCancellable  *cancellable,
                GError       **error)
{
  Run run = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) db_info = NULL;
  g_autoptr(JsonArray) conflicts = NULL;
  JsonObject *result = NULL;
  const char *uuid;
  JsonNode *update_seq;
  guint status;

  run.self = self;
  run.store = store;
  run.cancellable = cancellable;
  run.progress_context = progress_context;
  run.denied = json_array_new ();
  run.errors = json_array_new ();
  run.kept = json_array_new ();

  if (!parse_server (&run, error))
    goto out;

  run.session = soup_session_new_with_options ("timeout", HTTP_TIMEOUT_SECONDS,
                                               "idle-timeout", 60,
                                               "user-agent", "Tiaojie/" PACKAGE_VERSION " ",
                                               NULL);
  soup_session_add_feature_by_type (run.session, SOUP_TYPE_COOKIE_JAR);

  run.local_uuid = g_strdup (tj_store_get_uuid (store));
  if (run.local_uuid == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CORRUPT, _("The local database has no identifier"));
      goto out;
    }

  if (run.user && !login (&run, error))
    goto out;

  /* The server's uuid, for the replication id. */
  if (!request_ok (&run, "GET", "/", NULL, &root, error))
    goto out;
  if (node_object (root) == NULL)
    {
      malformed (error, "GET /", _("the answer is not an object"));
      goto out;
    }
  uuid = member_string (node_object (root), "uuid");
  if (uuid != NULL && (strlen (uuid) == 0 || strlen (uuid) > 256))
    {
      malformed (error, "GET /", _("the server uuid is absurd"));
      goto out;
    }
  /* A server without a uuid (old CouchDB behind some proxies) is known by
   * its address instead. */
  run.server_uuid = g_strdup (uuid ? uuid : run.base);

  if (!request (&run, "GET", run.db_path, NULL, TRUE, &status, &db_info, error))
    goto out;
  if (status == SOUP_STATUS_NOT_FOUND)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                   _("The database “%s” does not exist on %s"), self->database, run.base);
      goto out;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *what = g_strdup_printf ("GET %s", run.db_path);
      status_error (error, what, status, db_info);
      goto out;
    }
  update_seq = node_object (db_info) ? json_object_get_member (node_object (db_info), "update_seq") : NULL;
  if (!valid_seq (update_seq))
    {
      g_autofree char *what = g_strdup_printf ("GET %s", run.db_path);
      malformed (error, what, _("no valid “update_seq”"));
      goto out;
    }
  run.source_seq = json_node_copy (update_seq);

  /* Pushing into a database that held nothing (a new station's first
   * push), every revision is missing: asking _revs_diff about each batch
   * would only cost the server time. Sending a revision someone else wrote
   * meanwhile is harmless (new_edits=false keeps what is there), and no
   * attachment is stubbed without an answer from _revs_diff. (PouchDB
   * Server does not count deleted documents; a tombstone there only means
   * one revision sent in vain.) */
  run.target_was_empty = tj_json_get_int (node_object (db_info), "doc_count", -1) == 0 &&
                         tj_json_get_int (node_object (db_info), "doc_del_count", 0) == 0;

  g_mutex_lock (&self->mutex);
  g_free (self->local_uuid);
  self->local_uuid = g_strdup (run.local_uuid);
  g_free (self->server_uuid);
  self->server_uuid = g_strdup (run.server_uuid);
  g_mutex_unlock (&self->mutex);

  /* Pull first: conflicts it creates locally are pushed in the same run,
   * so the server holds them too. */
  if (self->direction != TJ_SYNC_PUSH && !pull (&run, error))
    goto out;
  if (self->direction != TJ_SYNC_PULL && !push (&run, error))
    goto out;

  conflicts = tj_store_list_conflicts (store, error);
  if (conflicts == NULL)
    goto out;

  result = json_object_new ();
  json_object_set_int_member (result, "pulled", run.pulled);
  json_object_set_int_member (result, "pushed", run.pushed);
  json_object_set_int_member (result, "conflicts", json_array_get_length (conflicts));
  json_object_set_array_member (result, "denied", json_array_ref (run.denied));
  json_object_set_array_member (result, "errors", json_array_ref (run.errors));
  json_object_set_array_member (result, "kept", json_array_ref (run.kept));
  json_object_set_member (result, "source_seq", json_node_copy (run.source_seq));
  json_object_set_member (result, "pull_seq",
                          run.pull_seq ? json_node_copy (run.pull_seq) : json_node_new (JSON_NODE_NULL));
  json_object_set_member (result, "push_seq",
                          run.push_seq ? json_node_copy (run.push_seq) : json_node_new (JSON_NODE_NULL));
  json_object_set_int_member (result, "docs_read", run.docs_read);
  json_object_set_int_member (result, "docs_written", run.docs_written);

out:
  run_clear (&run);
  return result;
}

static gboolean
begin_running (TjReplicator  *self,
               GError       **error)
{
  gboolean busy;

  g_mutex_lock (&self->mutex);
  busy = self->running;
  self->running = TRUE;
  g_mutex_unlock (&self->mutex);
  if (busy)
    g_set_error (error, TJ_ERROR, TJ_ERROR_BUSY, _("A synchronisation is already running"));
  return !busy;
}

static void
end_running (TjReplicator *self)
{
  g_mutex_lock (&self->mutex);
  self->running = FALSE;
  g_mutex_unlock (&self->mutex);
}

/**
 * tj_replicator_run:
 * @self: a #TjReplicator
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Replicates synchronously, with the replicator's own store, in the
 * calling thread (which must be the store's thread).
 *
 * Returns: (transfer full): the result object, or %NULL with @error set
 */
JsonObject *
tj_replicator_run (TjReplicator  *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  JsonObject *result;

  g_return_val_if_fail (TJ_IS_REPLICATOR (self), NULL);

  if (!begin_running (self, error))
    return NULL;
  result = run_with_store (self, self->store, NULL, cancellable, error);
  end_running (self);
  return result;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  TjReplicator *self = source_object;
  GMainContext *context = task_data;
  g_autoptr(TjStore) store = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *result = NULL;

  store = tj_store_open (tj_store_get_path (self->store), &error);
  if (store && self->store_setup && !self->store_setup (store, self->store_setup_data, &error))
    g_clear_object (&store);
  if (store)
    result = run_with_store (self, store, context, cancellable, &error);
  end_running (self);
  if (result)
    g_task_return_pointer (task, result, (GDestroyNotify) json_object_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * tj_replicator_run_async:
 * @self: a #TjReplicator
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the run ends
 * @user_data: data for @callback
 *
 * Replicates in a worker thread on a connection of its own to the store's
 * database file (see tj_replicator_set_store_setup()).
 */
void
tj_replicator_run_async (TjReplicator        *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (TJ_IS_REPLICATOR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_replicator_run_async);
  g_task_set_return_on_cancel (task, FALSE);
  if (!begin_running (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, g_main_context_ref_thread_default (),
                        (GDestroyNotify) g_main_context_unref);
  g_task_run_in_thread (task, run_thread);
}

/**
 * tj_replicator_run_finish:
 * @self: a #TjReplicator
 * @result: the #GAsyncResult
 * @error: return location for an error
 *
 * Returns: (transfer full): the result object, or %NULL with @error set
 */
JsonObject *
tj_replicator_run_finish (TjReplicator  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tj_replicator_run_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
tj_replicator_dup_replication_id (TjReplicator    *self,
                                  TjSyncDirection  direction)
{
  char *id = NULL;

  g_return_val_if_fail (TJ_IS_REPLICATOR (self), NULL);
  g_return_val_if_fail (direction != TJ_SYNC_BOTH, NULL);

  g_mutex_lock (&self->mutex);
  if (self->local_uuid && self->server_uuid)
    id = replication_id (self->local_uuid, self->server_uuid, self->database, direction);
  g_mutex_unlock (&self->mutex);
  return id;
}

/* ------------------------------------------------------------------ */
/* GObject                                                              */
/* ------------------------------------------------------------------ */

TjReplicator *
tj_replicator_new (TjStore    *store,
                   const char *server_url,
                   const char *database,
                   const char *user,
                   const char *password)
{
  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  return g_object_new (TJ_TYPE_REPLICATOR,
                       "store", store,
                       "server-url", server_url,
                       "database", database,
                       "user", user,
                       "password", password,
                       NULL);
}

TjStore *
tj_replicator_get_store (TjReplicator *self)
{
  g_return_val_if_fail (TJ_IS_REPLICATOR (self), NULL);
  return self->store;
}

const char *
tj_replicator_get_server_url (TjReplicator *self)
{
  g_return_val_if_fail (TJ_IS_REPLICATOR (self), NULL);
  return self->server_url;
}

const char *
tj_replicator_get_database (TjReplicator *self)
{
  g_return_val_if_fail (TJ_IS_REPLICATOR (self), NULL);
  return self->database;
}

void
tj_replicator_set_direction (TjReplicator    *self,
                             TjSyncDirection  direction)
{
  g_return_if_fail (TJ_IS_REPLICATOR (self));
  if (self->direction == direction)
    return;
  self->direction = direction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

TjSyncDirection
tj_replicator_get_direction (TjReplicator *self)
{
  g_return_val_if_fail (TJ_IS_REPLICATOR (self), TJ_SYNC_BOTH);
  return self->direction;
}

void
tj_replicator_set_batch_size (TjReplicator *self,
                              guint         batch_size)
{
  g_return_if_fail (TJ_IS_REPLICATOR (self));
  batch_size = CLAMP (batch_size, 1, 1000);
  if (self->batch_size == batch_size)
    return;
  self->batch_size = batch_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH_SIZE]);
}

void
tj_replicator_set_retry (TjReplicator *self,
                         guint         base_delay_ms,
                         guint         max_retries)
{
  g_return_if_fail (TJ_IS_REPLICATOR (self));
  self->retry_delay_ms = MIN (base_delay_ms, MAX_DELAY_MS);
  self->max_retries = MIN (max_retries, 30);
}

void
tj_replicator_set_pinned_certificate (TjReplicator    *self,
                                      GTlsCertificate *certificate)
{
  g_return_if_fail (TJ_IS_REPLICATOR (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));
  if (g_set_object (&self->pinned_certificate, certificate))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED_CERTIFICATE]);
}

void
tj_replicator_set_store_setup (TjReplicator           *self,
                               TjReplicatorStoreSetup  setup,
                               gpointer                user_data)
{
  g_return_if_fail (TJ_IS_REPLICATOR (self));
  self->store_setup = setup;
  self->store_setup_data = user_data;
}

static void
tj_replicator_finalize (GObject *object)
{
  TjReplicator *self = TJ_REPLICATOR (object);

  g_clear_object (&self->store);
  g_clear_object (&self->pinned_certificate);
  g_free (self->server_url);
  g_free (self->database);
  g_free (self->user);
  if (self->password)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->local_uuid);
  g_free (self->server_uuid);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (tj_replicator_parent_class)->finalize (object);
}

static void
tj_replicator_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TjReplicator *self = TJ_REPLICATOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_DATABASE:
      g_value_set_string (value, self->database);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_DIRECTION:
      g_value_set_int (value, self->direction);
      break;
    case PROP_BATCH_SIZE:
      g_value_set_uint (value, self->batch_size);
      break;
    case PROP_PINNED_CERTIFICATE:
      g_value_set_object (value, self->pinned_certificate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_replicator_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TjReplicator *self = TJ_REPLICATOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SERVER_URL:
      self->server_url = g_value_dup_string (value);
      break;
    case PROP_DATABASE:
      self->database = g_value_dup_string (value);
      break;
    case PROP_USER:
      self->user = g_value_dup_string (value);
      break;
    case PROP_PASSWORD:
      self->password = g_value_dup_string (value);
      break;
    case PROP_DIRECTION:
      tj_replicator_set_direction (self, g_value_get_int (value));
      break;
    case PROP_BATCH_SIZE:
      tj_replicator_set_batch_size (self, g_value_get_uint (value));
      break;
    case PROP_PINNED_CERTIFICATE:
      tj_replicator_set_pinned_certificate (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_replicator_class_init (TjReplicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tj_replicator_finalize;
  object_class->get_property = tj_replicator_get_property;
  object_class->set_property = tj_replicator_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, TJ_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DATABASE] =
    g_param_spec_string ("database", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Write-only: a password is never read back out of the object. */
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRECTION] =
    g_param_spec_int ("direction", NULL, NULL, TJ_SYNC_BOTH, TJ_SYNC_PULL, TJ_SYNC_BOTH,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BATCH_SIZE] =
    g_param_spec_uint ("batch-size", NULL, NULL, 1, 1000, 500,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PINNED_CERTIFICATE] =
    g_param_spec_object ("pinned-certificate", NULL, NULL, G_TYPE_TLS_CERTIFICATE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TjReplicator::progress:
   * @self: the replicator
   * @pulled: revisions written locally so far in this run
   * @pushed: revisions written on the server so far in this run
   *
   * Emitted after every completely written (and checkpointed) batch.
   */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
}

static void
tj_replicator_init (TjReplicator *self)
{
  g_mutex_init (&self->mutex);
  self->direction = TJ_SYNC_BOTH;
  self->batch_size = 500;
  self->retry_delay_ms = 1000;
  self->max_retries = 6;
}
