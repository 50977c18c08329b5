/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The replicator's HTTP client: one exchange, retries with back-off,
 * cookie or Basic login, the pinned certificate, and requests sent ahead
 * on a worker thread while the run works on the previous batch. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Sync"

#include "tj-replicator-private.h"

#include <string.h>

#include "tj-i18n.h"

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
http_once (TjSyncRun   *run,
           const char  *method,
           const char  *url,
           GBytes      *body,
           guint       *out_status,
           GBytes     **out_body,
           gboolean    *retryable,
           GError     **error)
{
  /* Cookies come from the session's jar. */
  return http_exchange (run->session, method, url, body, run->basic_auth, NULL,
                        run->self->pinned_certificate, run->cancellable,
                        out_status, out_body, retryable, error);
}

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
static gboolean
backoff (TjSyncRun *run,
         guint      attempt)
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

/* A request to the server with retries. TRUE when an answer came (any
 * status below 500, or 5xx after the retries); see _tj_sync_parse_reply(). */
static gboolean
request_bytes (TjSyncRun   *run,
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
              if (!_tj_sync_login (run, error))
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
  return _tj_sync_parse_reply (what, status, reply, out_json, error);
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
_tj_sync_request (TjSyncRun   *run,
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

/* SYNC.md: keep a few batches in flight. One worker thread per run, with
 * a session (and so a kept-alive connection) of its own, sends a request
 * while the run's thread works on the previous batch. The worker makes a
 * single attempt; anything but a clean answer is simply asked again on
 * the run's thread, with the retries, back-off and session renewal there. */
struct _TjSyncWorker
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
  TjSyncWorker *w = data;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", HTTP_TIMEOUT_SECONDS,
                                                                  "idle-timeout", 60,
                                                                  "user-agent", "Tiaojie/" PACKAGE_VERSION " ",
                                                                  NULL);

  for (;;)
    {
      TjSyncPending *p = g_async_queue_pop (w->jobs);
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

void
_tj_sync_worker_free (TjSyncWorker *w)
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

TjSyncPending *
_tj_sync_pending_start (TjSyncRun  *run,
                        const char *method,
                        const char *path,
                        JsonNode   *body)
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

/* The answer to a request sent with _tj_sync_pending_start(), as
 * _tj_sync_request() gives it; consumes @p. */
gboolean
_tj_sync_pending_finish (TjSyncRun      *run,
                         TjSyncPending  *p,
                         guint          *out_status,
                         JsonNode      **out_json,
                         GError        **error)
{
  gboolean ok;

  pending_wait (run, p);
  if (p->ok && p->status < 500 && p->status != SOUP_STATUS_UNAUTHORIZED)
    {
      g_autofree char *what = g_strdup_printf ("%s %s", p->method, p->path);
      *out_status = p->status;
      ok = _tj_sync_parse_reply (what, p->status, p->reply, out_json, error);
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
              ok = _tj_sync_parse_reply (what, p->status, p->reply, out_json, error);
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
  _tj_sync_pending_free (run, p);
  return ok;
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
_tj_sync_request_ok (TjSyncRun   *run,
                     const char  *method,
                     const char  *path,
                     JsonNode    *body,
                     JsonNode   **out_json,
                     GError     **error)
{
  g_autoptr(JsonNode) json = NULL;
  guint status;

  if (!_tj_sync_request (run, method, path, body, TRUE, &status, &json, error))
    return FALSE;
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *what = g_strdup_printf ("%s %s", method, path);
      return _tj_sync_status_error (error, what, status, json);
    }
  *out_json = g_steal_pointer (&json);
  return TRUE;
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
  g_autofree char *credentials = NULL;
  guint status;

  json_object_set_string_member (body, "name", run->user);
  json_object_set_string_member (body, "password", run->password ? run->password : "");
  json_node_set_object (node, body);

  g_clear_pointer (&run->basic_auth, g_free);
  if (!_tj_sync_request (run, "POST", "/_session", node, FALSE, &status, &reply, error))
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
