/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The replicator's HTTP client: one exchange under a deadline, retries
 * with back-off inside the request's time budget, replies checked before
 * they count as answers, cookie or Basic login, the pinned certificate,
 * and requests sent ahead on a worker thread while the run works on the
 * previous batch. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Sync"

#include "tj-replicator-private.h"

#include <string.h>

#include "tj-i18n.h"

/* ------------------------------------------------------------------ */
/* Certificate pinning                                                  */
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

/* ------------------------------------------------------------------ */
/* Deadlines                                                            */
/* ------------------------------------------------------------------ */

/* How long one request (all its attempts) may take: the run's timeout
 * from its first attempt, plus the time its bytes buy at
 * MIN_TRANSFER_RATE. A server that says nothing, or trickles a byte now
 * and then, runs out of budget; a slow link that moves data keeps going. */
struct _TjSyncBudget
{
  GMutex lock;
  gint64 timeout;       /* µs */
  gint64 started;       /* monotonic µs; 0 until the first attempt */
  gint64 bytes;         /* sent and received by all attempts */
};

TjSyncBudget *
_tj_sync_budget_new (gint64 timeout_us)
{
  TjSyncBudget *budget = g_atomic_rc_box_new0 (TjSyncBudget);

  g_mutex_init (&budget->lock);
  budget->timeout = timeout_us;
  return budget;
}

static void
budget_clear (TjSyncBudget *budget)
{
  g_mutex_clear (&budget->lock);
}

TjSyncBudget *
_tj_sync_budget_ref (TjSyncBudget *budget)
{
  return g_atomic_rc_box_acquire (budget);
}

void
_tj_sync_budget_unref (TjSyncBudget *budget)
{
  g_atomic_rc_box_release_full (budget, (GDestroyNotify) budget_clear);
}

static void
budget_start (TjSyncBudget *budget)
{
  g_mutex_lock (&budget->lock);
  if (budget->started == 0)
    budget->started = g_get_monotonic_time ();
  g_mutex_unlock (&budget->lock);
}

static void
budget_add (TjSyncBudget *budget,
            gsize         bytes)
{
  g_mutex_lock (&budget->lock);
  budget->bytes += bytes;
  g_mutex_unlock (&budget->lock);
}

/* The monotonic time at which the request has had its time. */
static gint64
budget_end (TjSyncBudget *budget)
{
  gint64 end;

  g_mutex_lock (&budget->lock);
  end = (budget->started ? budget->started : g_get_monotonic_time ()) + budget->timeout +
        budget->bytes * G_USEC_PER_SEC / MIN_TRANSFER_RATE;
  g_mutex_unlock (&budget->lock);
  return end;
}

static guint
budget_seconds (TjSyncBudget *budget)
{
  return (guint) (budget->timeout / G_USEC_PER_SEC);
}

/* A blocking exchange can only be stopped from outside: one thread for
 * the whole process watches the deadlines of the exchanges in progress
 * and cancels those that ran out. */
static GMainContext *watchdog_context;

static gpointer
watchdog_thread (gpointer data)
{
  GMainLoop *loop = g_main_loop_new (watchdog_context, FALSE);

  g_main_context_push_thread_default (watchdog_context);
  g_main_loop_run (loop);
  return NULL;
}

typedef struct
{
  TjSyncBudget *budget;
  GCancellable *cancellable;
  gint          expired;      /* atomic */
} Watch;

static void
watch_clear (Watch *watch)
{
  _tj_sync_budget_unref (watch->budget);
  g_object_unref (watch->cancellable);
}

static void
watch_unref (gpointer data)
{
  g_atomic_rc_box_release_full (data, (GDestroyNotify) watch_clear);
}

static gboolean
watch_cb (gpointer data)
{
  Watch *watch = data;

  if (g_get_monotonic_time () < budget_end (watch->budget))
    return G_SOURCE_CONTINUE;
  g_atomic_int_set (&watch->expired, TRUE);
  g_cancellable_cancel (watch->cancellable);
  return G_SOURCE_REMOVE;
}

static GSource *
watch_arm (Watch *watch)
{
  static gsize started = 0;
  GSource *source;

  if (g_once_init_enter (&started))
    {
      watchdog_context = g_main_context_new ();
      g_thread_unref (g_thread_new ("tj-sync-watchdog", watchdog_thread, NULL));
      g_once_init_leave (&started, 1);
    }
  source = g_timeout_source_new (WATCH_INTERVAL_MS);
  g_source_set_callback (source, watch_cb, g_atomic_rc_box_acquire (watch), watch_unref);
  g_source_set_static_name (source, "[tiaojie] sync deadline");
  g_source_attach (source, watchdog_context);
  return source;
}

static void
watch_disarm (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

/* ------------------------------------------------------------------ */
/* One exchange                                                         */
/* ------------------------------------------------------------------ */

typedef enum {
  EXCHANGE_ANSWERED,  /* a status and a body came */
  EXCHANGE_FAILED,    /* a transport error: see retryable */
  EXCHANGE_EXPIRED,   /* the request's budget ran out */
} ExchangeResult;

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

static void
cancel_child_cb (GCancellable *parent,
                 gpointer      child)
{
  g_cancellable_cancel (G_CANCELLABLE (child));
}

static void
wrote_body_data_cb (SoupMessage  *msg,
                    guint         chunk_size,
                    TjSyncBudget *budget)
{
  budget_add (budget, chunk_size);
}

static gboolean
read_reply (SoupMessage   *msg,
            GInputStream  *in,
            const char    *method,
            const char    *path,
            TjSyncBudget  *budget,
            GCancellable  *cancellable,
            GBytes       **out_body,
            GError       **error)
{
  g_autoptr(GByteArray) buffer = NULL;
  goffset declared;

  declared = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));
  if (declared > 0 && (guint64) declared > MAX_REPLY_BYTES)
    {
      g_autofree char *size = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) declared);
      g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
                   _("The server's reply to %s %s is absurdly large (%s bytes)"), method, path, size);
      return FALSE;
    }

  /* Grown as the data comes: a declared length is only a claim. */
  buffer = g_byte_array_sized_new (declared > 0 ? (guint) MIN (declared, 1024 * 1024) : 4096);
  for (;;)
    {
      guint8 chunk[65536];
      gssize n = g_input_stream_read (in, chunk, sizeof chunk, cancellable, error);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      if (buffer->len + (gsize) n > MAX_REPLY_BYTES)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
                       _("The server's reply to %s %s is absurdly large"), method, path);
          return FALSE;
        }
      g_byte_array_append (buffer, chunk, n);
      budget_add (budget, n);
    }
  g_input_stream_close (in, NULL, NULL);
  *out_body = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
  return TRUE;
}

/* One attempt at an exchange on @session, usable from any thread, under
 * the deadline of @budget. With EXCHANGE_FAILED, @error is set and
 * @retryable says whether trying again can help. */
static ExchangeResult
http_exchange (SoupSession      *session,
               const char       *method,
               const char       *base,
               const char       *path,
               GBytes           *body,
               const char       *authorization,
               const char       *cookie,
               GTlsCertificate  *pinned,
               TjSyncBudget     *budget,
               GCancellable     *cancellable,
               guint            *out_status,
               GBytes          **out_body,
               gboolean         *retryable,
               GError          **error)
{
  g_autofree char *url = g_strconcat (base, path, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GCancellable) attempt = NULL;
  g_autoptr(GError) local_error = NULL;
  SoupMessageHeaders *headers;
  Watch *watch;
  GSource *source;
  gulong handler = 0;
  gboolean expired;
  gboolean ok = FALSE;
  gint64 sent_at;

  *retryable = FALSE;
  msg = soup_message_new (method, url);
  if (msg == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is not a valid server address"), url);
      return EXCHANGE_FAILED;
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
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (wrote_body_data_cb), budget);

  /* The attempt is cancelled by the run's cancellable or by the watchdog
   * when the budget runs out, whichever comes first. */
  attempt = g_cancellable_new ();
  if (cancellable)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (cancel_child_cb),
                                     g_object_ref (attempt), g_object_unref);
  budget_start (budget);
  watch = g_atomic_rc_box_new0 (Watch);
  watch->budget = _tj_sync_budget_ref (budget);
  watch->cancellable = g_object_ref (attempt);
  source = watch_arm (watch);

  sent_at = g_get_monotonic_time ();
  in = soup_session_send (session, msg, attempt, &local_error);
  if (in != NULL)
    {
      /* A system-trusted certificate that is not the pinned one is
       * refused too: pinning names the one certificate to trust. */
      if (tj_sync_pinned_check (msg, pinned, &local_error))
        {
          ok = read_reply (msg, in, method, path, budget, attempt, out_body, &local_error);
          if (ok)
            *out_status = soup_message_get_status (msg);
        }
    }

  /* When and how long: where a slow run's time went. */
  g_debug ("%s %.*s: %s after %" G_GINT64_FORMAT " ms", method, (int) strcspn (path, "?"), path,
           ok ? "answered" : "failed", (g_get_monotonic_time () - sent_at) / 1000);
  watch_disarm (source);
  expired = g_atomic_int_get (&watch->expired);
  watch_unref (watch);
  if (handler)
    g_cancellable_disconnect (cancellable, handler);

  if (ok)
    return EXCHANGE_ANSWERED;
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return EXCHANGE_FAILED;
    }
  if (expired)
    return EXCHANGE_EXPIRED;
  *retryable = is_retryable_transport_error (local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return EXCHANGE_FAILED;
}

/* ------------------------------------------------------------------ */
/* Requests with retries                                                */
/* ------------------------------------------------------------------ */

/* A request sent ahead on the run's worker thread. */
struct _TjSyncPending
{
  char           *method;
  char           *path;
  GBytes         *body;
  char           *authorization;
  char           *cookie;
  TjSyncBudget   *budget;
  GCancellable   *cancellable;
  gulong          cancel_handler;
  gboolean        done;
  ExchangeResult  result;
  gboolean        retryable;
  guint           status;
  GBytes         *reply;
  GError         *error;
  gboolean        want_tape;  /* a 2xx reply is read as a tape on the worker */
  gboolean        parsed;
  TjSyncTape     *tape;
  GError         *parse_error;
};

static gboolean
sleep_cancellable (TjSyncRun *run,
                   guint      ms)
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
static guint
backoff_delay (TjSyncRun *run,
               guint      attempt)
{
  guint64 delay = run->self->retry_delay_ms;

  for (guint i = 0; i < attempt && delay < MAX_DELAY_MS; i++)
    delay *= 2;
  delay = MIN (delay, MAX_DELAY_MS);
  if (delay > 1)
    delay = delay / 2 + g_random_int_range (0, (gint32) (delay / 2) + 1);
  return (guint) delay;
}

static char *
what_of (const char *method,
         const char *path)
{
  /* Messages name the resource, not the query string. */
  return g_strdup_printf ("%s %.*s", method, (int) strcspn (path, "?"), path);
}

static void
set_expired_error (TjSyncRun     *run,
                   TjSyncBudget  *budget,
                   const char    *what,
                   GError       **error)
{
  g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
               _("The server at %s stopped answering: no complete reply to %s within %u seconds"),
               run->base, what, budget_seconds (budget));
}

static void
set_transport_error (TjSyncRun     *run,
                     GError        *local_error,
                     GError       **error)
{
  if (local_error->domain == TJ_ERROR || local_error->domain == TJ_SYNC_TOO_DEEP_ERROR ||
      g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (local_error));
  else if (local_error->domain == G_TLS_ERROR)
    g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
                 _("The server's certificate at %s is not trusted: %s"),
                 run->base, local_error->message);
  else
    g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
                 _("Cannot reach the server at %s: %s"), run->base, local_error->message);
}

/* How a reply is checked: parsed by json-glib and given to @check, or,
 * with @tape_check, a 2xx reply read as a tape and given to it. */
typedef struct
{
  TjSyncReplyCheck check;
  TjSyncTapeCheck  tape_check;
  gpointer         data;
} Check;

/* A request to the server with retries: network errors, 5xx answers and
 * 2xx answers that are not what @check expects are asked again with
 * back-off, up to the replicator's retry count and within the request's
 * time budget. TRUE when an answer came: any status below 500 (a 2xx one
 * parsed and checked into @out_json), or a 5xx one once the retries are
 * spent. @first (nullable) is the outcome of an attempt made in flight. */
static gboolean
request_bytes (TjSyncRun         *run,
               const char        *method,
               const char        *path,
               GBytes            *request_body,
               gboolean           may_renew,
               const Check       *check,
               TjSyncBudget      *budget,
               TjSyncPending     *first,
               guint             *out_status,
               JsonNode         **out_json,
               TjSyncTape       **out_tape,
               GError           **error)
{
  g_autofree char *what = what_of (method, path);
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(TjSyncTape) tape = NULL;
  guint status = 0;
  guint attempt = 0;
  gboolean renewed = !may_renew;

  *out_json = NULL;
  if (out_tape)
    *out_tape = NULL;
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GBytes) reply = NULL;
      gboolean retryable = FALSE;
      gboolean parsed = FALSE;
      ExchangeResult result;
      guint delay;

      if (attempt == 0 && first != NULL)
        {
          result = first->result;
          status = first->status;
          reply = first->reply ? g_bytes_ref (first->reply) : NULL;
          retryable = first->retryable;
          local_error = first->error ? g_error_copy (first->error) : NULL;
          if (local_error)
            g_debug ("%s in flight: %s", what, local_error->message);
          /* The worker read it already (a tape, or where it is not JSON). */
          if (result == EXCHANGE_ANSWERED && first->parsed)
            {
              parsed = TRUE;
              g_clear_pointer (&tape, _tj_sync_tape_free);
              tape = g_steal_pointer (&first->tape);
              if (first->parse_error)
                local_error = g_error_copy (first->parse_error);
            }
        }
      else
        result = http_exchange (run->session, method, run->base, path, request_body, run->basic_auth,
                                NULL /* cookies come from the session's jar */,
                                run->self->pinned_certificate, budget, run->cancellable,
                                &status, &reply, &retryable, &local_error);

      if (result == EXCHANGE_EXPIRED)
        {
          set_expired_error (run, budget, what, error);
          return FALSE;
        }
      if (result == EXCHANGE_ANSWERED)
        {
          if (status == SOUP_STATUS_UNAUTHORIZED && run->cookie_auth && !renewed)
            {
              /* The session cookie expired: log in again, once. */
              renewed = TRUE;
              if (!_tj_sync_login (run, error))
                return FALSE;
              attempt++;
              continue;
            }
          if (status >= 500)
            {
              retryable = TRUE;
              g_set_error (&local_error, TJ_ERROR, TJ_ERROR_NETWORK, "%u", status);
            }
          else if (check && check->tape_check && SOUP_STATUS_IS_SUCCESSFUL (status))
            {
              if (!parsed)
                {
                  g_clear_pointer (&tape, _tj_sync_tape_free);
                  g_clear_pointer (&json, json_node_unref);
                  _tj_sync_parse_reply_tape (what, status, reply, &tape, &json, &local_error);
                }
              if (tape && check->tape_check (tape, check->data, &local_error))
                break;
              g_clear_pointer (&tape, _tj_sync_tape_free);
              retryable = local_error->domain == TJ_ERROR;
            }
          else
            {
              g_clear_pointer (&json, json_node_unref);
              if (_tj_sync_parse_reply (what, status, reply, &json, &local_error) &&
                  (!SOUP_STATUS_IS_SUCCESSFUL (status) || check == NULL || check->check == NULL ||
                   check->check (json, check->data, &local_error)))
                break;
              /* A reply that is not what was asked for is treated like a
               * 5xx: it may be a proxy's or a dropped connection's doing.
               * One nested beyond reason is not asked again. */
              retryable = local_error->domain == TJ_ERROR;
            }
        }

      if (!retryable)
        {
          set_transport_error (run, local_error, error);
          return FALSE;
        }
      delay = backoff_delay (run, attempt);
      if (attempt >= run->self->max_retries ||
          g_get_monotonic_time () + (gint64) delay * 1000 >= budget_end (budget))
        {
          /* Out of retries or of time. */
          if (result == EXCHANGE_ANSWERED && status >= 500)
            {
              /* For the reason the server gives, when it gives one. */
              g_clear_pointer (&json, json_node_unref);
              _tj_sync_parse_reply (what, status, reply, &json, NULL);
              break;
            }
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
            set_expired_error (run, budget, what, error);
          else
            set_transport_error (run, local_error, error);
          return FALSE;
        }
      g_debug ("%s: %s; retrying in %u ms (attempt %u)", what, local_error->message, delay, attempt + 2);
      if (!sleep_cancellable (run, delay))
        {
          g_cancellable_set_error_if_cancelled (run->cancellable, error);
          return FALSE;
        }
      attempt++;
    }

  /* Logged in afresh and still refused: the name and password are right
   * but the user may not do this. PouchDB Server says 401 where CouchDB
   * says 403; treat it as what it is, so the mediator is told to ask for
   * access instead of to retype a correct password. */
  if (status == SOUP_STATUS_UNAUTHORIZED && may_renew && renewed && run->cookie_auth)
    status = SOUP_STATUS_FORBIDDEN;

  *out_status = status;
  *out_json = g_steal_pointer (&json);
  if (out_tape)
    *out_tape = g_steal_pointer (&tape);
  return TRUE;
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

gboolean
_tj_sync_request (TjSyncRun         *run,
                  const char        *method,
                  const char        *path,
                  JsonNode          *body,
                  TjSyncReplyCheck   check,
                  gpointer           check_data,
                  guint             *out_status,
                  JsonNode         **out_json,
                  GError           **error)
{
  g_autoptr(GBytes) request_body = json_bytes (body);

  return _tj_sync_request_bytes (run, method, path, request_body, check, check_data, out_status, out_json,
                                 error);
}

/* A request whose body is ready (@body, nullable) and whose 2xx reply is
 * read as a tape and checked by @check: _changes, _bulk_get, open_revs.
 * *@out_tape is the 2xx reply, *@out_json another one. */
gboolean
_tj_sync_request_tape (TjSyncRun        *run,
                       const char       *method,
                       const char       *path,
                       GBytes           *body,
                       TjSyncTapeCheck   check,
                       gpointer          check_data,
                       guint            *out_status,
                       JsonNode        **out_json,
                       TjSyncTape      **out_tape,
                       GError          **error)
{
  g_autoptr(TjSyncBudget) budget = _tj_sync_budget_new (run->timeout);
  Check c = { NULL, check, check_data };

  return request_bytes (run, method, path, body, TRUE, &c, budget, NULL, out_status, out_json, out_tape, error);
}

/* A request whose body is ready (@body, nullable), its reply parsed by
 * json-glib and checked by @check. */
gboolean
_tj_sync_request_bytes (TjSyncRun         *run,
                        const char        *method,
                        const char        *path,
                        GBytes            *body,
                        TjSyncReplyCheck   check,
                        gpointer           check_data,
                        guint             *out_status,
                        JsonNode         **out_json,
                        GError           **error)
{
  g_autoptr(TjSyncBudget) budget = _tj_sync_budget_new (run->timeout);
  Check c = { check, NULL, check_data };

  return request_bytes (run, method, path, body, TRUE, &c, budget, NULL, out_status, out_json, NULL, error);
}

/* The error for an unexpected answer. */
gboolean
_tj_sync_status_error (GError     **error,
                       const char  *what,
                       guint        status,
                       JsonNode    *json)
{
  JsonObject *object = _tj_sync_node_object (json);
  const char *reason = tj_json_get_string (object, "reason", NULL);

  if (reason == NULL)
    reason = tj_json_get_string (object, "error", NULL);
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

gboolean
_tj_sync_request_ok (TjSyncRun         *run,
                     const char        *method,
                     const char        *path,
                     JsonNode          *body,
                     TjSyncReplyCheck   check,
                     gpointer           check_data,
                     JsonNode         **out_json,
                     GError           **error)
{
  g_autoptr(JsonNode) json = NULL;
  guint status;

  if (!_tj_sync_request (run, method, path, body, check, check_data, &status, &json, error))
    return FALSE;
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *what = what_of (method, path);
      return _tj_sync_status_error (error, what, status, json);
    }
  if (out_json)
    *out_json = g_steal_pointer (&json);
  return TRUE;
}

static gboolean
check_session (JsonNode  *reply,
               gpointer   data,
               GError   **error)
{
  return _tj_sync_parse_session (reply, error);
}

/* Cookie session first (cheap on CouchDB: no PBKDF2 per request); Basic
 * when the server has no _session or keeps no cookie. */
gboolean
_tj_sync_login (TjSyncRun  *run,
                GError    **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GBytes) request_body = NULL;
  g_autoptr(TjSyncBudget) budget = _tj_sync_budget_new (run->timeout);
  g_autofree char *credentials = NULL;
  guint status;

  json_object_set_string_member (body, "name", run->user);
  json_object_set_string_member (body, "password", run->password ? run->password : "");
  json_node_set_object (node, body);
  request_body = json_bytes (node);

  g_clear_pointer (&run->basic_auth, g_free);
  if (!request_bytes (run, "POST", "/_session", request_body, FALSE, &(Check) { check_session, NULL, NULL },
                      budget, NULL, &status, &reply, NULL, error))
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
    return _tj_sync_status_error (error, "POST /_session", status, reply);

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
/* Requests in flight                                                   */
/* ------------------------------------------------------------------ */

/* Keep a few batches in flight (docs/SYNC.md). One worker thread per run,
 * with a session (and so a kept-alive connection) of its own, sends a
 * request while the run's thread works on the previous batch. The worker
 * makes a single attempt; its outcome is the first attempt of the usual
 * retries on the run's thread, with the back-off, the reply checks and
 * the session renewal there. */
struct _TjSyncWorker
{
  GThread         *threads[TJ_SYNC_WORKERS];
  GAsyncQueue     *jobs;
  GMutex           lock;
  GCond            cond;
  GTlsCertificate *pinned;
  char            *base;
  guint            idle_timeout;
  GCancellable    *stopping;
};

SoupSession *
_tj_sync_session_new (guint idle_timeout)
{
  /* "timeout": no byte for that long ends an attempt (and a silent
   * server is tried again on a new connection); "idle-timeout": kept-alive
   * connections are dropped after a minute unused. */
  return soup_session_new_with_options ("timeout", idle_timeout,
                                        "idle-timeout", 60,
                                        "user-agent", "Tiaojie/" PACKAGE_VERSION " ",
                                        NULL);
}

static void
preconnected_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  soup_session_preconnect_finish (SOUP_SESSION (source), result, NULL);
  *(gboolean *) data = TRUE;
}

/* Opens the worker's connection before its first job: on a slow link a
 * connection costs a round trip of its own, and a run's first requests go
 * to several workers at once. A failure here is the first job's to meet
 * (and report) again. */
static void
preconnect (TjSyncWorker *w,
            SoupSession  *session,
            GMainContext *context)
{
  g_autofree char *url = g_strconcat (w->base, "/", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 deadline = g_get_monotonic_time () + (gint64) w->idle_timeout * G_USEC_PER_SEC;
  gulong handler;
  gboolean done = FALSE;

  if (msg == NULL)
    return;
  tj_sync_pin_message (msg, w->pinned);
  handler = g_cancellable_connect (w->stopping, G_CALLBACK (cancel_child_cb), g_object_ref (cancellable),
                                   g_object_unref);
  soup_session_preconnect_async (session, msg, G_PRIORITY_DEFAULT, cancellable, preconnected_cb, &done);
  while (!done)
    {
      if (g_get_monotonic_time () > deadline)
        g_cancellable_cancel (cancellable);
      g_main_context_iteration (context, TRUE);
    }
  g_cancellable_disconnect (w->stopping, handler);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gpointer
worker_thread (gpointer data)
{
  TjSyncWorker *w = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupSession) session = NULL;

  /* The session's context: a thread of the run's own, not the default
   * one the application iterates. */
  g_main_context_push_thread_default (context);
  session = _tj_sync_session_new (w->idle_timeout);
  {
    /* preconnect() waits for its answer, and at most the idle timeout. */
    GSource *tick = g_timeout_source_new (WATCH_INTERVAL_MS);
    g_source_set_callback (tick, wake_cb, NULL, NULL);
    g_source_attach (tick, context);
    preconnect (w, session, context);
    g_source_destroy (tick);
    g_source_unref (tick);
  }

  for (;;)
    {
      TjSyncPending *p = g_async_queue_pop (w->jobs);
      GBytes *reply = NULL;
      GError *error = NULL;
      GError *parse_error = NULL;
      TjSyncTape *tape = NULL;
      gboolean retryable = FALSE;
      gboolean parsed = FALSE;
      guint status = 0;
      ExchangeResult result;

      if (p == (gpointer) w)
        break;
      result = http_exchange (session, p->method, w->base, p->path, p->body, p->authorization, p->cookie,
                              w->pinned, p->budget, p->cancellable, &status, &reply, &retryable, &error);
      /* A large reply is read here, while the run's thread works. */
      if (result == EXCHANGE_ANSWERED && p->want_tape && SOUP_STATUS_IS_SUCCESSFUL (status))
        {
          g_autofree char *what = what_of (p->method, p->path);
          g_autoptr(JsonNode) unused = NULL;

          parsed = TRUE;
          _tj_sync_parse_reply_tape (what, status, reply, &tape, &unused, &parse_error);
        }
      g_mutex_lock (&w->lock);
      p->result = result;
      p->status = status;
      p->reply = reply;
      p->retryable = retryable;
      p->error = error;
      p->parsed = parsed;
      p->tape = tape;
      p->parse_error = parse_error;
      p->done = TRUE;
      g_cond_broadcast (&w->cond);
      g_mutex_unlock (&w->lock);
    }
  g_clear_object (&session);
  g_main_context_pop_thread_default (context);
  return NULL;
}

void
_tj_sync_worker_free (TjSyncWorker *w)
{
  g_cancellable_cancel (w->stopping);
  for (guint i = 0; i < TJ_SYNC_WORKERS; i++)
    g_async_queue_push (w->jobs, w);
  for (guint i = 0; i < TJ_SYNC_WORKERS; i++)
    g_thread_join (w->threads[i]);
  g_async_queue_unref (w->jobs);
  g_clear_object (&w->pinned);
  g_clear_object (&w->stopping);
  g_free (w->base);
  g_mutex_clear (&w->lock);
  g_cond_clear (&w->cond);
  g_free (w);
}

/* Sends a request on one of the run's worker threads: @body (nullable) as
 * it is; with @tape, a 2xx reply is read as a tape there too. */
TjSyncPending *
_tj_sync_pending_start_bytes (TjSyncRun  *run,
                              const char *method,
                              const char *path,
                              GBytes     *body,
                              gboolean    tape)
{
  TjSyncPending *p = g_new0 (TjSyncPending, 1);

  if (run->worker == NULL)
    {
      run->worker = g_new0 (TjSyncWorker, 1);
      g_mutex_init (&run->worker->lock);
      g_cond_init (&run->worker->cond);
      run->worker->jobs = g_async_queue_new ();
      if (run->self->pinned_certificate)
        run->worker->pinned = g_object_ref (run->self->pinned_certificate);
      run->worker->base = g_strdup (run->base);
      run->worker->idle_timeout = run->idle_timeout;
      run->worker->stopping = g_cancellable_new ();
      /* The classes the workers make first, made here before they start:
       * GLib 2.74 can deadlock when one thread registers GTask (its first
       * g_task_new) while another builds SoupMessage's class. A CLI run
       * against an unreachable server hung so, once in about ten. */
      g_type_ensure (G_TYPE_TASK);
      g_type_class_unref (g_type_class_ref (SOUP_TYPE_MESSAGE));
      g_type_class_unref (g_type_class_ref (SOUP_TYPE_SESSION));
      for (guint i = 0; i < TJ_SYNC_WORKERS; i++)
        run->worker->threads[i] = g_thread_new ("tj-sync-http", worker_thread, run->worker);
    }

  p->method = g_strdup (method);
  p->path = g_strdup (path);
  p->body = body ? g_bytes_ref (body) : NULL;
  p->want_tape = tape;
  p->authorization = g_strdup (run->basic_auth);
  if (run->cookie_auth)
    {
      SoupCookieJar *jar = SOUP_COOKIE_JAR (soup_session_get_feature (run->session, SOUP_TYPE_COOKIE_JAR));
      g_autofree char *url = g_strconcat (run->base, path, NULL);
      g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
      p->cookie = uri ? soup_cookie_jar_get_cookies (jar, uri, TRUE) : NULL;
    }
  p->budget = _tj_sync_budget_new (run->timeout);
  p->cancellable = g_cancellable_new ();
  if (run->cancellable)
    p->cancel_handler = g_cancellable_connect (run->cancellable, G_CALLBACK (cancel_child_cb),
                                               g_object_ref (p->cancellable), g_object_unref);
  g_async_queue_push (run->worker->jobs, p);
  return p;
}

TjSyncPending *
_tj_sync_pending_start (TjSyncRun  *run,
                        const char *method,
                        const char *path,
                        JsonNode   *body)
{
  g_autoptr(GBytes) bytes = json_bytes (body);

  return _tj_sync_pending_start_bytes (run, method, path, bytes, FALSE);
}

const char *
_tj_sync_pending_get_path (TjSyncPending *p)
{
  return p->path;
}

static void
pending_wait (TjSyncRun     *run,
              TjSyncPending *p)
{
  g_mutex_lock (&run->worker->lock);
  while (!p->done)
    g_cond_wait (&run->worker->cond, &run->worker->lock);
  g_mutex_unlock (&run->worker->lock);
}

void
_tj_sync_pending_free (TjSyncRun     *run,
                       TjSyncPending *p)
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
  _tj_sync_budget_unref (p->budget);
  g_free (p->method);
  g_free (p->path);
  g_clear_pointer (&p->body, g_bytes_unref);
  g_free (p->authorization);
  g_free (p->cookie);
  g_clear_pointer (&p->reply, g_bytes_unref);
  g_clear_error (&p->error);
  g_clear_pointer (&p->tape, _tj_sync_tape_free);
  g_clear_error (&p->parse_error);
  g_free (p);
}

/* Whether the answer to @p has come (without waiting for it). */
gboolean
_tj_sync_pending_is_done (TjSyncRun     *run,
                          TjSyncPending *p)
{
  gboolean done;

  g_mutex_lock (&run->worker->lock);
  done = p->done;
  g_mutex_unlock (&run->worker->lock);
  return done;
}

/* Waits for @p, then reads its reply as @c says; consumes @p. */
static gboolean
pending_finish (TjSyncRun      *run,
                TjSyncPending  *p,
                Check          *c,
                guint          *out_status,
                JsonNode      **out_json,
                TjSyncTape    **out_tape,
                GError        **error)
{
  gboolean ok;

  pending_wait (run, p);
  if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
    ok = FALSE;
  else
    ok = request_bytes (run, p->method, p->path, p->body, TRUE, c, p->budget, p,
                        out_status, out_json, out_tape, error);
  _tj_sync_pending_free (run, p);
  return ok;
}

/* The answer to a request sent with _tj_sync_pending_start(), as
 * _tj_sync_request() gives it; consumes @p. */
gboolean
_tj_sync_pending_finish (TjSyncRun         *run,
                         TjSyncPending     *p,
                         TjSyncReplyCheck   check,
                         gpointer           check_data,
                         guint             *out_status,
                         JsonNode         **out_json,
                         GError           **error)
{
  Check c = { check, NULL, check_data };

  return pending_finish (run, p, &c, out_status, out_json, NULL, error);
}

/* The same for a request whose 2xx reply is read as a tape. */
gboolean
_tj_sync_pending_finish_tape (TjSyncRun         *run,
                              TjSyncPending     *p,
                              TjSyncTapeCheck    check,
                              gpointer           check_data,
                              guint             *out_status,
                              JsonNode         **out_json,
                              TjSyncTape       **out_tape,
                              GError           **error)
{
  Check c = { NULL, check, check_data };

  return pending_finish (run, p, &c, out_status, out_json, out_tape, error);
}
