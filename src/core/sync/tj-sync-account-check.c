/* SPDX-License-Identifier: GPL-3.0-or-later */
/* "Test connection": GET /, POST /_session and GET /db against the
 * account's server, each outcome a TjSyncCheck with a sentence the user
 * can act on. */
#define G_LOG_DOMAIN "Tiaojie-Sync"

#include <libsoup/soup.h>
#include <string.h>

#include "tj-error.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-sync-account-private.h"

const char *
tj_sync_check_to_string (TjSyncCheck check)
{
  switch (check)
    {
    case TJ_SYNC_CHECK_OK: return "ok";
    case TJ_SYNC_CHECK_INCOMPLETE: return "incomplete";
    case TJ_SYNC_CHECK_UNREACHABLE: return "unreachable";
    case TJ_SYNC_CHECK_TLS: return "tls";
    case TJ_SYNC_CHECK_NOT_COUCHDB: return "not-couchdb";
    case TJ_SYNC_CHECK_UNAUTHORIZED: return "unauthorized";
    case TJ_SYNC_CHECK_FORBIDDEN: return "forbidden";
    case TJ_SYNC_CHECK_NO_DATABASE: return "no-database";
    default: return "unknown";
    }
}

/* ------------------------------------------------------------------ */
/* Test connection                                                      */
/* ------------------------------------------------------------------ */

/* What the pinned certificate made of the server's. */
typedef struct
{
  GTlsCertificate *pinned;
  gboolean         other_presented;
} PinCheck;

static GBytes *
send (SoupSession   *session,
      SoupMessage   *msg,
      PinCheck      *pin,
      GCancellable  *cancellable,
      GError       **error)
{
  GBytes *body;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  body = soup_session_send_and_read (session, msg, cancellable, error);
  /* As the replicator: a certificate the system trusts but that is not
   * the pinned one is refused. */
  if (body && !tj_sync_pinned_check (msg, pin->pinned, error))
    {
      pin->other_presented = TRUE;
      g_clear_pointer (&body, g_bytes_unref);
    }
  return body;
}

static JsonObject *
parse_object (GBytes *body)
{
  g_autoptr(JsonNode) node = NULL;

  if (body == NULL || g_bytes_get_size (body) == 0 || g_bytes_get_size (body) > 1024 * 1024)
    return NULL;
  node = tj_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

static gboolean
accept_pinned_cb (SoupMessage          *msg,
                  GTlsCertificate      *peer,
                  GTlsCertificateFlags  errors,
                  PinCheck             *pin)
{
  /* As the replicator: only reached when normal verification failed, and
   * then exactly the pinned certificate is accepted. */
  if (peer != NULL && g_tls_certificate_is_same (peer, pin->pinned))
    return TRUE;
  pin->other_presented = TRUE;
  return FALSE;
}

static SoupMessage *
new_message (const char *method,
             const char *url,
             PinCheck   *pin)
{
  SoupMessage *msg = soup_message_new (method, url);

  if (msg && pin->pinned)
    g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_pinned_cb), pin);
  return msg;
}

static TjSyncCheck
transport_failure (GError    *error,
                   PinCheck  *pin,
                   char     **out_message)
{
  if (error->domain == G_TLS_ERROR && pin->other_presented)
    {
      *out_message = g_strdup_printf (_("The server presented a different certificate than the pinned "
                                        "one (%s). If the centre has replaced its certificate, choose "
                                        "the new one; otherwise do not sync over this network."),
                                      error->message);
      return TJ_SYNC_CHECK_TLS;
    }
  if (error->domain == G_TLS_ERROR)
    {
      *out_message = g_strdup_printf (_("The server’s certificate cannot be trusted (%s). "
                                        "Check the address, or ask the centre about its certificate."),
                                      error->message);
      return TJ_SYNC_CHECK_TLS;
    }
  *out_message = g_strdup_printf (_("The server cannot be reached (%s). "
                                    "Check the address and the network connection."),
                                  error->message);
  return TJ_SYNC_CHECK_UNREACHABLE;
}

static TjSyncCheck
test_connection (TjSyncAccountSnapshot  *snap,
                 GCancellable           *cancellable,
                 char                  **out_message)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *root = NULL;
  g_autofree char *db_url = NULL;
  g_autofree char *escaped = NULL;
  gboolean have_cookie = FALSE;
  PinCheck pin = { snap->certificate, FALSE };
  guint status;

  if (*snap->server_url == '\0' || *snap->database == '\0')
    {
      *out_message = g_strdup (_("Enter the server address and the database name first."));
      return TJ_SYNC_CHECK_INCOMPLETE;
    }
  uri = g_uri_parse (snap->server_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      *out_message = g_strdup (_("The server address must look like https://sync.example.org:6984"));
      return TJ_SYNC_CHECK_INCOMPLETE;
    }

  /* The system proxy settings apply (libsoup's default resolver); the
   * cookie jar keeps the _session cookie for the database request. */
  session = soup_session_new_with_options ("timeout", 15, "user-agent", "Tiaojie", NULL);
  soup_session_add_feature_by_type (session, SOUP_TYPE_COOKIE_JAR);

  /* 1. Is anything there, and is it CouchDB? */
  root = g_strconcat (snap->server_url, "/", NULL);
  msg = new_message ("GET", root, &pin);
  if (msg == NULL)
    {
      *out_message = g_strdup (_("The server address must look like https://sync.example.org:6984"));
      return TJ_SYNC_CHECK_INCOMPLETE;
    }
  body = send (session, msg, &pin, cancellable, &error);
  if (body == NULL)
    return transport_failure (error, &pin, out_message);
  status = soup_message_get_status (msg);
  info = parse_object (body);
  /* CouchDB with require_valid_user answers 401 even here. */
  if (status != SOUP_STATUS_UNAUTHORIZED &&
      (info == NULL || !(json_object_has_member (info, "couchdb") ||
                         json_object_has_member (info, "express-pouchdb") ||
                         json_object_has_member (info, "uuid"))))
    {
      *out_message = g_strdup (_("Something answers at this address, but it is not a CouchDB or "
                                 "PouchDB server. Check the address and the port."));
      return TJ_SYNC_CHECK_NOT_COUCHDB;
    }
  g_clear_object (&msg);
  g_clear_pointer (&body, g_bytes_unref);

  /* 2. The password, by a cookie session like the replicator. */
  if (*snap->user != '\0')
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *login_url = g_strconcat (snap->server_url, "/_session", NULL);
      g_autofree char *text = NULL;
      g_autoptr(GBytes) request = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, snap->user);
      json_builder_set_member_name (builder, "password");
      json_builder_add_string_value (builder, snap->password ? snap->password : "");
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      text = tj_json_to_string (node, FALSE);
      request = g_bytes_new (text, strlen (text));
      msg = new_message ("POST", login_url, &pin);
      soup_message_set_request_body_from_bytes (msg, "application/json", request);
      body = send (session, msg, &pin, cancellable, &error);
      if (body == NULL)
        return transport_failure (error, &pin, out_message);
      status = soup_message_get_status (msg);
      if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
        {
          *out_message = g_strdup_printf (_("The server refused user “%s” with this password. "
                                            "Check the user name and the password."),
                                          snap->user);
          return TJ_SYNC_CHECK_UNAUTHORIZED;
        }
      have_cookie = SOUP_STATUS_IS_SUCCESSFUL (status);
      g_clear_object (&msg);
      g_clear_pointer (&body, g_bytes_unref);
    }

  /* 3. The database. */
  escaped = g_uri_escape_string (snap->database, NULL, FALSE);
  db_url = g_strconcat (snap->server_url, "/", escaped, NULL);
  msg = new_message ("GET", db_url, &pin);
  if (msg == NULL)
    {
      *out_message = g_strdup_printf (_("“%s” cannot be a database name."), snap->database);
      return TJ_SYNC_CHECK_NO_DATABASE;
    }
  if (*snap->user != '\0' && !have_cookie)
    {
      /* No _session endpoint: Basic, as the replicator falls back to. */
      g_autofree char *pair = g_strconcat (snap->user, ":", snap->password ? snap->password : "", NULL);
      g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
      g_autofree char *header = g_strconcat ("Basic ", encoded, NULL);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", header);
    }
  body = send (session, msg, &pin, cancellable, &error);
  if (body == NULL)
    return transport_failure (error, &pin, out_message);
  status = soup_message_get_status (msg);
  switch (status)
    {
    case SOUP_STATUS_OK:
      {
        g_autoptr(JsonObject) db = parse_object (body);
        gint64 count = db ? tj_json_get_int (db, "doc_count", -1) : -1;

        if (db == NULL || count < 0)
          {
            *out_message = g_strdup (_("Something answers at this address, but it is not a CouchDB or "
                                       "PouchDB server. Check the address and the port."));
            return TJ_SYNC_CHECK_NOT_COUCHDB;
          }
        g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, count);

        /* Translators: %s are the database name and its number of documents. */
        *out_message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "Connected: database “%s” holds %s document.",
                                                     "Connected: database “%s” holds %s documents.",
                                                     (gulong) MIN (count, G_MAXLONG)),
                                        snap->database, number);
        return TJ_SYNC_CHECK_OK;
      }
    case SOUP_STATUS_UNAUTHORIZED:
      /* The password was just accepted by _session: a server that answers
       * 401 rather than 403 for a member of another station (PouchDB
       * Server does) means "not yours". */
      if (have_cookie)
        goto forbidden;
      if (*snap->user == '\0')
        *out_message = g_strdup (_("The server needs a user name and a password."));
      else
        *out_message = g_strdup_printf (_("The server refused user “%s” with this password. "
                                          "Check the user name and the password."),
                                        snap->user);
      return TJ_SYNC_CHECK_UNAUTHORIZED;
    case SOUP_STATUS_FORBIDDEN:
    forbidden:
      *out_message = g_strdup_printf (_("User “%s” may not use database “%s”. Ask the centre to "
                                        "give this station’s role access to it."),
                                      *snap->user ? snap->user : _("(anonymous)"), snap->database);
      return TJ_SYNC_CHECK_FORBIDDEN;
    case SOUP_STATUS_NOT_FOUND:
      *out_message = g_strdup_printf (_("The server has no database “%s”. Check the name, or ask the "
                                        "centre to create it (tiaojie-cli server provision)."),
                                      snap->database);
      return TJ_SYNC_CHECK_NO_DATABASE;
    default:
      *out_message = g_strdup_printf (_("The server answered “%u %s” for database “%s”. Try again "
                                        "later, or ask the centre."),
                                      status, soup_message_get_reason_phrase (msg) ? soup_message_get_reason_phrase (msg) : "",
                                      snap->database);
      return TJ_SYNC_CHECK_UNREACHABLE;
    }
}

TjSyncCheck
tj_sync_account_test (TjSyncAccount  *self,
                      const char     *password,
                      char          **out_message,
                      GCancellable   *cancellable)
{
  g_autoptr(TjSyncAccountSnapshot) snap = NULL;
  g_autofree char *message = NULL;
  TjSyncCheck check;

  g_return_val_if_fail (TJ_IS_SYNC_ACCOUNT (self), TJ_SYNC_CHECK_INCOMPLETE);

  snap = _tj_sync_account_snapshot (self, password);
  if (snap->password == NULL)
    snap->password = _tj_sync_account_lookup_password (snap->server_url, snap->user, cancellable);
  check = test_connection (snap, cancellable, &message);
  g_debug ("Connection test of %s/%s: %s", snap->server_url, snap->database,
           tj_sync_check_to_string (check));
  if (out_message)
    *out_message = g_steal_pointer (&message);
  return check;
}

static void
test_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TjSyncAccountSnapshot *snap = task_data;
  TjSyncCheck check;

  if (snap->password == NULL)
    snap->password = _tj_sync_account_lookup_password (snap->server_url, snap->user, cancellable);
  check = test_connection (snap, cancellable, &snap->message);
  g_task_return_int (task, check);
}

void
tj_sync_account_test_async (TjSyncAccount       *self,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TJ_IS_SYNC_ACCOUNT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_sync_account_test_async);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, _tj_sync_account_snapshot (self, password), (GDestroyNotify) _tj_sync_account_snapshot_free);
  g_task_run_in_thread (task, test_thread);
}

TjSyncCheck
tj_sync_account_test_finish (TjSyncAccount  *self,
                             GAsyncResult   *result,
                             char          **out_message)
{
  TjSyncAccountSnapshot *snap;
  g_autoptr(GError) error = NULL;
  gssize check;

  g_return_val_if_fail (g_task_is_valid (result, self), TJ_SYNC_CHECK_INCOMPLETE);

  snap = g_task_get_task_data (G_TASK (result));
  check = g_task_propagate_int (G_TASK (result), &error);
  if (error)
    {
      if (out_message)
        *out_message = g_strdup (error->message);
      return TJ_SYNC_CHECK_UNREACHABLE;
    }
  if (out_message)
    *out_message = g_strdup (snap->message);
  return (TjSyncCheck) check;
}
