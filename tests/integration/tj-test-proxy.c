/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Test"

#include "tj-test-proxy.h"

#include <string.h>

static gboolean
proxy_matches (Proxy      *p,
               const char *key)
{
  if (p->match == NULL)
    return FALSE;
  if (p->match[0] == '=')
    return strcmp (p->match + 1, key) == 0;
  return strstr (key, p->match) != NULL;
}

static void
copy_header_cb (const char *name,
                const char *value,
                gpointer    data)
{
  static const char *const skip[] = { "Host", "Connection", "Content-Length", "Transfer-Encoding",
                                      "Keep-Alive", "Content-Encoding", "Accept-Encoding", NULL };

  for (guint i = 0; skip[i]; i++)
    if (g_ascii_strcasecmp (name, skip[i]) == 0)
      return;
  soup_message_headers_append (data, name, value);
}

static void
send_raw_and_close (SoupServerMessage *msg,
                    const char        *head,
                    const guint8      *data,
                    gsize              len)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  GOutputStream *out = g_io_stream_get_output_stream (stream);

  if (head)
    g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  if (data)
    g_output_stream_write_all (out, data, len, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

/* Members of the replication protocol that a random fault may rename.
 * Never one whose renaming leaves a valid document with other content
 * ("_deleted", attachment metadata): that is forgery, which TLS, not
 * the replicator, keeps out. The tests' documents use none of these
 * names for their own content. */
static const char *const renameable[] = {
  "results", "docs", "ok", "error", "missing", "id", "rev", "seq", "changes", "update_seq",
  "_id", "_rev", "_revisions", "start", "ids", "data", "doc_count", "possible_ancestors", NULL
};

/* Draws the fault for one request; under p->lock. */
static FaultKind
draw_fault (Proxy *p,
            guint *out_delay_ms)
{
  static const FaultKind kinds[] = { FAULT_DROP, FAULT_DROP_AFTER, FAULT_STATUS, FAULT_STATUS_AFTER,
                                     FAULT_DELAY, FAULT_TRUNCATE, FAULT_CUT, FAULT_CORRUPT, FAULT_RENAME };
  FaultKind kind;

  p->requests++;
  if (p->rand == NULL || g_rand_double (p->rand) >= p->probability)
    return FAULT_NONE;
  kind = kinds[g_rand_int_range (p->rand, 0, G_N_ELEMENTS (kinds))];
  *out_delay_ms = g_rand_int_range (p->rand, 20, 300);
  p->injected[kind]++;
  return kind;
}

/* @reply with one structural character outside strings made '#': JSON no
 * parser accepts. NULL when it has none. */
static GBytes *
corrupt_json (Proxy  *p,
              GBytes *reply)
{
  gsize len;
  const char *data = g_bytes_get_data (reply, &len);
  g_autoptr(GArray) spots = g_array_new (FALSE, FALSE, sizeof (gsize));
  gboolean in_string = FALSE, escaped = FALSE;
  char *copy;
  gsize spot;

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
      else if (strchr ("{}[]:,", c) != NULL)
        g_array_append_val (spots, i);
    }
  if (spots->len == 0)
    return NULL;
  g_mutex_lock (&p->lock);
  spot = g_array_index (spots, gsize, g_rand_int_range (p->rand, 0, spots->len));
  g_mutex_unlock (&p->lock);
  copy = g_memdup2 (data, len);
  copy[spot] = '#';
  return g_bytes_new_take (copy, len);
}

/* @reply with one protocol member ("name":) renamed "xname". NULL when it
 * has none. */
static GBytes *
rename_member (Proxy  *p,
               GBytes *reply)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  g_autoptr(GPtrArray) spots = g_ptr_array_new ();
  const char *spot;
  GString *out;
  gsize len;

  for (guint k = 0; renameable[k]; k++)
    {
      g_autofree char *needle = g_strdup_printf ("\"%s\":", renameable[k]);
      for (const char *at = strstr (text, needle); at; at = strstr (at + 1, needle))
        g_ptr_array_add (spots, (gpointer) at);
    }
  if (spots->len == 0)
    return NULL;
  g_mutex_lock (&p->lock);
  spot = g_ptr_array_index (spots, g_rand_int_range (p->rand, 0, spots->len));
  g_mutex_unlock (&p->lock);
  out = g_string_new_len (text, spot + 1 - text);
  g_string_append_c (out, 'x');
  g_string_append (out, spot + 1);
  len = out->len;
  return g_bytes_new_take (g_string_free (out, FALSE), len);
}

static void
proxy_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           data)
{
  Proxy *p = data;
  const char *method = soup_server_message_get_method (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *key = g_strdup_printf ("%s %s", method, g_uri_get_path (uri));
  g_autofree char *url = NULL;
  g_autofree char *text = NULL;
  g_autofree char *subst_from = NULL;
  g_autoptr(SoupMessage) upstream = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GBytes) request_body = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  FaultKind kind = FAULT_NONE;
  guint status = 0;
  SoupMessageBody *body;

  g_mutex_lock (&p->lock);
  g_hash_table_replace (p->counts, g_strdup (key),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (p->counts, key)) + 1));
  kind = draw_fault (p, &status);
  if (kind == FAULT_STATUS)
    status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
  if (kind == FAULT_NONE && p->kind != FAULT_NONE && p->remaining != 0 && proxy_matches (p, key))
    {
      kind = p->kind;
      status = p->status;
      text = g_strdup (p->text);
      subst_from = g_strdup (p->subst_from);
      if (p->remaining > 0)
        p->remaining--;
    }
  g_mutex_unlock (&p->lock);

  if (kind == FAULT_STATUS)
    {
      const char *answer = "{\"error\":\"injected\",\"reason\":\"fault injected by the test proxy\"}";
      soup_server_message_set_status (msg, status, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, answer, strlen (answer));
      return;
    }
  if (kind == FAULT_DROP)
    {
      send_raw_and_close (msg, NULL, NULL, 0);
      return;
    }

  url = g_strdup_printf ("%s%s%s%s", p->upstream, g_uri_get_path (uri),
                         g_uri_get_query (uri) ? "?" : "",
                         g_uri_get_query (uri) ? g_uri_get_query (uri) : "");
  upstream = soup_message_new (method, url);
  g_assert_nonnull (upstream);
  soup_message_headers_foreach (soup_server_message_get_request_headers (msg), copy_header_cb,
                                soup_message_get_request_headers (upstream));
  body = soup_server_message_get_request_body (msg);
  request_body = soup_message_body_flatten (body);
  if (g_str_has_suffix (key, "/_bulk_docs"))
    {
      g_mutex_lock (&p->lock);
      g_free (p->last_bulk_docs);
      p->last_bulk_docs = g_strndup (g_bytes_get_data (request_body, NULL), g_bytes_get_size (request_body));
      g_mutex_unlock (&p->lock);
    }
  if (g_bytes_get_size (request_body) > 0)
    soup_message_set_request_body_from_bytes (upstream,
                                              soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), NULL),
                                              request_body);

  /* A session per request keeps this thread's state trivial. */
  session = soup_session_new_with_options ("timeout", 30, NULL);
  reply = soup_session_send_and_read (session, upstream, NULL, &error);
  if (reply == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_GATEWAY, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY,
                                        error->message, strlen (error->message));
      return;
    }

  if (kind == FAULT_DELAY)
    g_usleep (status * 1000);
  if (kind == FAULT_DROP_AFTER)
    {
      send_raw_and_close (msg, NULL, NULL, 0);
      return;
    }
  if (kind == FAULT_STATUS_AFTER)
    {
      const char *answer = "<html>502 Bad Gateway</html>";
      soup_server_message_set_status (msg, SOUP_STATUS_BAD_GATEWAY, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_COPY, answer, strlen (answer));
      return;
    }
  if (kind == FAULT_CORRUPT || kind == FAULT_RENAME)
    {
      GBytes *spoilt = kind == FAULT_CORRUPT ? corrupt_json (p, reply) : rename_member (p, reply);
      if (spoilt)
        {
          g_bytes_unref (reply);
          reply = spoilt;
        }
    }
  if (kind == FAULT_CUT)
    {
      gsize len = g_bytes_get_size (reply);
      g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                               "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                                               len);
      send_raw_and_close (msg, head, g_bytes_get_data (reply, NULL), len / 2);
      return;
    }
  if (kind == FAULT_TRUNCATE)
    {
      GBytes *half = g_bytes_new_from_bytes (reply, 0, g_bytes_get_size (reply) / 2);
      g_bytes_unref (reply);
      reply = half;
    }
  else if (kind == FAULT_REPLACE)
    {
      g_bytes_unref (reply);
      reply = g_bytes_new (text, strlen (text));
    }
  else if (kind == FAULT_SUBST)
    {
      g_autofree char *original = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
      g_auto(GStrv) parts = g_strsplit (original, subst_from, -1);
      char *joined = g_strjoinv (text, parts);
      g_bytes_unref (reply);
      reply = g_bytes_new_take (joined, strlen (joined));
    }

  {
    g_autofree char *status_key = g_strdup_printf ("STATUS %u", soup_message_get_status (upstream));
    g_mutex_lock (&p->lock);
    g_hash_table_replace (p->counts, g_strdup (status_key),
                          GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (p->counts, status_key)) + 1));
    g_mutex_unlock (&p->lock);
  }
  soup_message_headers_foreach (soup_message_get_response_headers (upstream), copy_header_cb,
                                soup_server_message_get_response_headers (msg));
  soup_server_message_set_status (msg, soup_message_get_status (upstream), NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), reply);
}

static gpointer
proxy_thread (gpointer data)
{
  Proxy *p = data;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;
  g_autofree char *url = NULL;

  g_main_context_push_thread_default (p->context);
  server = soup_server_new ("tls-certificate", p->certificate, NULL);
  soup_server_add_handler (server, NULL, proxy_cb, p, NULL);
  soup_server_listen_local (server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY | (p->certificate ? SOUP_SERVER_LISTEN_HTTPS : 0),
                            &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  if (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';

  g_mutex_lock (&p->lock);
  p->url = g_steal_pointer (&url);
  p->ready = TRUE;
  g_cond_signal (&p->cond);
  g_mutex_unlock (&p->lock);

  g_main_loop_run (p->loop);
  soup_server_disconnect (server);
  g_main_context_pop_thread_default (p->context);
  return NULL;
}

Proxy *
proxy_new_full (const char      *upstream,
                GTlsCertificate *certificate)
{
  Proxy *p = g_new0 (Proxy, 1);

  p->upstream = g_strdup (upstream);
  p->certificate = certificate ? g_object_ref (certificate) : NULL;
  p->context = g_main_context_new ();
  p->loop = g_main_loop_new (p->context, FALSE);
  p->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&p->lock);
  g_cond_init (&p->cond);
  p->thread = g_thread_new ("proxy", proxy_thread, p);
  g_mutex_lock (&p->lock);
  while (!p->ready)
    g_cond_wait (&p->cond, &p->lock);
  g_mutex_unlock (&p->lock);
  return p;
}

Proxy *
proxy_new (const char *upstream)
{
  return proxy_new_full (upstream, NULL);
}

void
proxy_free (Proxy *p)
{
  g_main_loop_quit (p->loop);
  g_main_context_wakeup (p->context);
  g_thread_join (p->thread);
  g_main_loop_unref (p->loop);
  g_main_context_unref (p->context);
  g_hash_table_unref (p->counts);
  g_free (p->upstream);
  g_free (p->url);
  g_free (p->match);
  g_free (p->text);
  g_free (p->subst_from);
  g_clear_object (&p->certificate);
  g_free (p->last_bulk_docs);
  g_clear_pointer (&p->rand, g_rand_free);
  g_mutex_clear (&p->lock);
  g_cond_clear (&p->cond);
  g_free (p);
}

void
proxy_fault (Proxy      *p,
             FaultKind   kind,
             const char *match,
             int         times,
             guint       status,
             const char *text,
             const char *subst_from)
{
  g_mutex_lock (&p->lock);
  p->kind = kind;
  g_free (p->match);
  p->match = g_strdup (match);
  p->remaining = times;
  p->status = status;
  g_free (p->text);
  p->text = g_strdup (text);
  g_free (p->subst_from);
  p->subst_from = g_strdup (subst_from);
  g_hash_table_remove_all (p->counts);
  g_mutex_unlock (&p->lock);
}

guint
proxy_count (Proxy      *p,
             const char *match)
{
  GHashTableIter iter;
  gpointer key, value;
  guint total = 0;

  g_mutex_lock (&p->lock);
  g_hash_table_iter_init (&iter, p->counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (match[0] == '=' ? strcmp (key, match + 1) == 0 : strstr (key, match) != NULL)
      total += GPOINTER_TO_UINT (value);
  g_mutex_unlock (&p->lock);
  return total;
}

/* ------------------------------------------------------------------ */
/* Fixture                                                              */
/* ------------------------------------------------------------------ */

void
proxy_randomize (Proxy  *p,
                 guint32 seed,
                 double  probability)
{
  g_mutex_lock (&p->lock);
  g_clear_pointer (&p->rand, g_rand_free);
  if (probability > 0)
    p->rand = g_rand_new_with_seed (seed);
  p->probability = probability;
  g_mutex_unlock (&p->lock);
}
