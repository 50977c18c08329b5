/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The sync account (test connection, keyring) and the scheduler against a
 * real PouchDB Server, started per test on a free loopback port with the
 * helpers of tests/integration (suite "integration"). */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Test"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "tj-json.h"
#include "tj-repository.h"
#include "tj-store.h"
#include "tj-sync-account.h"
#include "tj-sync-scheduler.h"
#include "tj-test-server.h"
#include "tj-test-util.h"

typedef struct
{
  char        *tmp;
  TjTestServer server;
  SoupSession *http;
  char        *auth;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *bin = tj_test_source_path ("node_modules", ".bin", "pouchdb-server", NULL);

  f->tmp = g_dir_make_tmp ("tj-sync-account-XXXXXX", NULL);
  g_assert_nonnull (f->tmp);
  if (data != NULL)
    return; /* no server needed */
  if (!g_file_test (bin, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_message ("PouchDB Server is not installed (%s is missing). "
                      "Run build-aux/dev test, which installs it with npm ci.", bin);
      g_test_fail ();
      return;
    }
  f->server.dir = g_build_filename (f->tmp, "server", NULL);
  g_assert_cmpint (g_mkdir (f->server.dir, 0700), ==, 0);
  f->server.port = tj_test_free_port ();
  f->server.url = g_strdup_printf ("http://127.0.0.1:%u", f->server.port);
  tj_test_server_start (&f->server);
  f->http = soup_session_new_with_options ("timeout", 30, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  tj_test_server_kill (&f->server);
  g_clear_object (&f->http);
  if (f->tmp)
    tj_test_remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->server.dir);
  g_free (f->server.url);
  g_free (f->auth);
}

static guint
http (Fixture    *f,
      const char *method,
      const char *path,
      const char *body)
{
  g_autofree char *url = g_strconcat (f->server.url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  if (f->auth)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", f->auth);
  if (body)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (f->http, msg, NULL, &error);
  g_assert_no_error (error);
  return soup_message_get_status (msg);
}

/* An admin, two station users, and database station-a that only role
 * station-a may use (as `tiaojie-cli server provision` sets it up). */
static void
setup_auth (Fixture *f)
{
  g_autofree char *encoded = g_base64_encode ((const guchar *) "admin:s3cret", strlen ("admin:s3cret"));

  g_assert_cmpuint (http (f, "PUT", "/_config/admins/admin", "\"s3cret\""), ==, 200);
  f->auth = g_strconcat ("Basic ", encoded, NULL);
  g_assert_cmpuint (http (f, "PUT", "/_users/org.couchdb.user:alice",
                          "{\"name\":\"alice\",\"password\":\"pw-a\",\"roles\":[\"station-a\"],\"type\":\"user\"}"), ==, 201);
  g_assert_cmpuint (http (f, "PUT", "/_users/org.couchdb.user:bob",
                          "{\"name\":\"bob\",\"password\":\"pw-b\",\"roles\":[\"station-b\"],\"type\":\"user\"}"), ==, 201);
  g_assert_cmpuint (http (f, "PUT", "/station-a", NULL), ==, 201);
  g_assert_cmpuint (http (f, "PUT", "/station-a/_security",
                          "{\"admins\":{\"names\":[],\"roles\":[]},\"members\":{\"names\":[],\"roles\":[\"station-a\"]}}"), ==, 200);
}

typedef struct
{
  GMainLoop  *loop;
  TjSyncCheck check;
  char       *message;
} TestResult;

static void
test_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TestResult *r = user_data;

  r->check = tj_sync_account_test_finish (TJ_SYNC_ACCOUNT (source), result, &r->message);
  g_main_loop_quit (r->loop);
}

/* The async variant, so that in-process servers keep answering. */
static TjSyncCheck
run_check (TjSyncAccount *account,
           const char    *password,
           char         **out_message)
{
  TestResult r = { g_main_loop_new (NULL, FALSE), 0, NULL };

  tj_sync_account_test_async (account, password, NULL, test_done_cb, &r);
  g_main_loop_run (r.loop);
  g_main_loop_unref (r.loop);
  g_test_message ("%s %s %s: %s — %s", tj_sync_account_get_server_url (account),
                  tj_sync_account_get_database (account), tj_sync_account_get_user (account),
                  tj_sync_check_to_string (r.check), r.message);
  g_assert_nonnull (r.message);
  g_assert_cmpstr (r.message, !=, "");
  if (out_message)
    *out_message = r.message;
  else
    g_free (r.message);
  return r.check;
}

static TjSyncCheck
check_account (const char *url,
               const char *db,
               const char *user,
               const char *password,
               char      **out_message)
{
  g_autoptr(TjSyncAccount) account = tj_sync_account_new (NULL);

  tj_sync_account_set (account, url, db, user, TRUE);
  return run_check (account, password, out_message);
}

static void
not_couchdb_cb (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           data)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<html>router</html>", 19);
}

static char *
listen_local (SoupServer *server)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  char *url;

  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY |
                                           (soup_server_get_tls_certificate (server) ? SOUP_SERVER_LISTEN_HTTPS : 0),
                                           &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

static void
test_connection_outcomes (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *nobody = g_strdup_printf ("http://127.0.0.1:%u", tj_test_free_port ());
  g_autofree char *message = NULL;

  if (f->server.url == NULL)
    return;
  setup_auth (f);

  g_assert_cmpint (check_account (f->server.url, "", "alice", "pw-a", NULL), ==, TJ_SYNC_CHECK_INCOMPLETE);
  g_assert_cmpint (check_account ("ftp://example.org", "station-a", "alice", "pw-a", NULL), ==,
                   TJ_SYNC_CHECK_INCOMPLETE);
  g_assert_cmpint (check_account (nobody, "station-a", "alice", "pw-a", NULL), ==, TJ_SYNC_CHECK_UNREACHABLE);
  g_assert_cmpint (check_account (f->server.url, "station-a", "alice", "wrong", NULL), ==,
                   TJ_SYNC_CHECK_UNAUTHORIZED);
  g_assert_cmpint (check_account (f->server.url, "station-a", NULL, NULL, NULL), ==,
                   TJ_SYNC_CHECK_UNAUTHORIZED);
  g_assert_cmpint (check_account (f->server.url, "station-a", "bob", "pw-b", NULL), ==,
                   TJ_SYNC_CHECK_FORBIDDEN);
  g_assert_cmpint (check_account (f->server.url, "station-zz", "admin", "s3cret", NULL), ==,
                   TJ_SYNC_CHECK_NO_DATABASE);
  g_assert_cmpint (check_account (f->server.url, "station-a", "alice", "pw-a", &message), ==,
                   TJ_SYNC_CHECK_OK);
  g_assert_nonnull (strstr (message, "station-a"));
  /* A trailing slash in the address changes nothing. */
  {
    g_autofree char *slash = g_strconcat (f->server.url, "/", NULL);
    g_assert_cmpint (check_account (slash, "station-a", "alice", "pw-a", NULL), ==, TJ_SYNC_CHECK_OK);
  }

  /* Something else answers: a web page. */
  {
    g_autoptr(SoupServer) other = soup_server_new (NULL, NULL);
    g_autofree char *url = NULL;

    soup_server_add_handler (other, NULL, not_couchdb_cb, NULL, NULL);
    url = listen_local (other);
    g_assert_cmpint (check_account (url, "station-a", "alice", "pw-a", NULL), ==, TJ_SYNC_CHECK_NOT_COUCHDB);
  }

  /* A self-signed certificate. */
  {
    g_autofree char *cert_path = tj_test_source_path ("tests", "integration", "tls-cert.pem", NULL);
    g_autofree char *key_path = tj_test_source_path ("tests", "integration", "tls-key.pem", NULL);
    g_autoptr(GTlsCertificate) cert = g_tls_certificate_new_from_files (cert_path, key_path, NULL);
    g_autoptr(SoupServer) tls = NULL;
    g_autofree char *url = NULL;

    g_assert_nonnull (cert);
    tls = soup_server_new ("tls-certificate", cert, NULL);
    soup_server_add_handler (tls, NULL, not_couchdb_cb, NULL, NULL);
    url = listen_local (tls);
    g_assert_true (g_str_has_prefix (url, "https://"));
    g_assert_cmpint (check_account (url, "station-a", "alice", "pw-a", NULL), ==, TJ_SYNC_CHECK_TLS);
  }
}

/* A CouchDB as far as Test connection looks: the welcome, a session for
 * alice/pw-a, and database station-a. */
static void
fake_couchdb_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           data)
{
  const char *method = soup_server_message_get_method (msg);
  const char *reply = NULL;
  guint status = 404;

  if (g_str_equal (path, "/") && g_str_equal (method, "GET"))
    status = 200, reply = "{\"couchdb\":\"Welcome\",\"version\":\"3.3.3\"}";
  else if (g_str_equal (path, "/_session") && g_str_equal (method, "POST"))
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
      g_autoptr(JsonObject) login = tj_json_parse_object (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL);

      if (login && g_strcmp0 (tj_json_get_string (login, "name", NULL), "alice") == 0 &&
          g_strcmp0 (tj_json_get_string (login, "password", NULL), "pw-a") == 0)
        status = 200, reply = "{\"ok\":true,\"name\":\"alice\",\"roles\":[\"station-a\"]}";
      else
        status = 401, reply = "{\"error\":\"unauthorized\"}";
    }
  else if (g_str_equal (path, "/station-a") && g_str_equal (method, "GET"))
    status = 200, reply = "{\"db_name\":\"station-a\",\"doc_count\":2}";
  else
    reply = "{\"error\":\"not_found\"}";
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, reply, strlen (reply));
}

/* Test connection with a pinned certificate (a self-hosted server with a
 * self-signed one): exactly the pinned certificate passes, another one is
 * refused and said to be another one. */
static void
test_pinned_certificate (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *cert_path = tj_test_source_path ("tests", "integration", "tls-cert.pem", NULL);
  g_autofree char *key_path = tj_test_source_path ("tests", "integration", "tls-key.pem", NULL);
  g_autofree char *other_path = tj_test_source_path ("tests", "integration", "tls-other-cert.pem", NULL);
  g_autofree char *pem = NULL;
  g_autofree char *other_pem = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GTlsCertificate) server_cert = NULL;
  g_autoptr(SoupServer) tls = NULL;
  g_autoptr(TjSyncAccount) account = tj_sync_account_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  server_cert = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (cert_path, &pem, NULL, &error));
  g_assert_true (g_file_get_contents (other_path, &other_pem, NULL, &error));
  tls = soup_server_new ("tls-certificate", server_cert, NULL);
  soup_server_add_handler (tls, NULL, fake_couchdb_cb, NULL, NULL);
  url = listen_local (tls);
  g_assert_true (g_str_has_prefix (url, "https://"));
  tj_sync_account_set (account, url, "station-a", "alice", TRUE);

  /* Not trusted by the system. */
  g_assert_cmpint (run_check (account, "pw-a", &message), ==, TJ_SYNC_CHECK_TLS);
  g_assert_nonnull (strstr (message, "cannot be trusted"));
  g_clear_pointer (&message, g_free);

  /* Another certificate pinned: refused, and said so. */
  g_assert_true (tj_sync_account_set_certificate_pem (account, other_pem, &error));
  g_assert_no_error (error);
  g_assert_cmpint (run_check (account, "pw-a", &message), ==, TJ_SYNC_CHECK_TLS);
  g_assert_nonnull (strstr (message, "different certificate than the pinned one"));
  g_clear_pointer (&message, g_free);

  /* The server's own certificate pinned: through to the database, with
   * the password checked over the pinned connection. */
  g_assert_true (tj_sync_account_set_certificate_pem (account, pem, &error));
  g_assert_no_error (error);
  g_assert_cmpint (run_check (account, "pw-a", &message), ==, TJ_SYNC_CHECK_OK);
  g_assert_nonnull (strstr (message, "station-a"));
  g_clear_pointer (&message, g_free);
  g_assert_cmpint (run_check (account, "wrong", NULL), ==, TJ_SYNC_CHECK_UNAUTHORIZED);

  /* Back to the system's trust store: refused again. */
  g_assert_true (tj_sync_account_set_certificate_pem (account, NULL, &error));
  g_assert_cmpint (run_check (account, "pw-a", NULL), ==, TJ_SYNC_CHECK_TLS);
}

/* ------------------------------------------------------------------ */
/* Keyring                                                              */
/* ------------------------------------------------------------------ */

static void
test_password_file_backend_child (const char *keyring)
{
  g_autoptr(TjSyncAccount) account = tj_sync_account_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean saved = FALSE;

  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test", TRUE);
  tj_sync_account_set (account, "http://sync.example.org:5984", "station-a", "alice", TRUE);
  g_assert_true (tj_sync_account_store_password (account, "pw-a", &saved, &message, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (saved);
  g_assert_null (message);
}

static void
test_password_lookup_child (const char *keyring)
{
  g_autoptr(TjSyncAccount) account = tj_sync_account_new (NULL);
  g_autofree char *password = NULL;

  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test", TRUE);
  /* Another process: only the keyring can know it. */
  tj_sync_account_set (account, "http://sync.example.org:5984", "station-a", "alice", TRUE);
  password = tj_sync_account_dup_password (account, NULL);
  g_assert_cmpstr (password, ==, "pw-a");
  /* Per server and user. */
  tj_sync_account_set (account, "http://sync.example.org:5984", "station-a", "bob", TRUE);
  g_clear_pointer (&password, g_free);
  password = tj_sync_account_dup_password (account, NULL);
  g_assert_null (password);
}

static void
test_password_no_keyring_child (void)
{
  g_autoptr(TjSyncAccount) account = tj_sync_account_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *password = NULL;
  gboolean saved = TRUE;

  g_unsetenv ("SECRET_BACKEND");
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
  tj_sync_account_set (account, "http://sync.example.org:5984", "station-a", "alice", TRUE);
  g_assert_true (tj_sync_account_store_password (account, "pw-a", &saved, &message, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (saved);
  g_assert_nonnull (strstr (message, "No keyring available"));
  /* Kept for the session. */
  password = tj_sync_account_dup_password (account, NULL);
  g_assert_cmpstr (password, ==, "pw-a");
  g_print ("%s\n", message);
}

static void
test_password (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *keyring = g_build_filename (f->tmp, "test.keyring", NULL);
  const char *mode = g_getenv ("TJ_KEYRING_CHILD");

  if (g_test_subprocess ())
    {
      if (g_strcmp0 (mode, "store") == 0)
        test_password_file_backend_child (g_getenv ("TJ_KEYRING_PATH"));
      else if (g_strcmp0 (mode, "lookup") == 0)
        test_password_lookup_child (g_getenv ("TJ_KEYRING_PATH"));
      else
        test_password_no_keyring_child ();
      return;
    }

  /* g_test_trap_subprocess() of GLib 2.74 takes no environment: the
   * children inherit it. */
  g_setenv ("TJ_KEYRING_PATH", keyring, TRUE);
  g_setenv ("TJ_KEYRING_CHILD", "store", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_assert_true (g_file_test (keyring, G_FILE_TEST_EXISTS));
  {
    g_autofree char *contents = NULL;
    gsize length = 0;
    g_assert_true (g_file_get_contents (keyring, &contents, &length, NULL));
    /* Encrypted: the password is not in the file in clear. */
    g_assert_null (g_strstr_len (contents, length, "pw-a"));
  }
  g_setenv ("TJ_KEYRING_CHILD", "lookup", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_setenv ("TJ_KEYRING_CHILD", "none", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*No keyring available*");
  g_unsetenv ("TJ_KEYRING_CHILD");
}

/* ------------------------------------------------------------------ */
/* Scheduler                                                            */
/* ------------------------------------------------------------------ */

typedef struct
{
  GMainLoop *loop;
  guint      finished;
  JsonArray *dispatched;
} Watch;

static void
run_finished_cb (TjSyncScheduler *scheduler,
                 JsonObject      *entry,
                 Watch           *w)
{
  w->finished++;
  g_main_loop_quit (w->loop);
}

static void
dispatched_cb (TjSyncScheduler *scheduler,
               JsonArray       *cases,
               Watch           *w)
{
  g_clear_pointer (&w->dispatched, json_array_unref);
  w->dispatched = json_array_ref (cases);
}

static gboolean
timeout_cb (gpointer data)
{
  g_error ("The sync run did not finish in time");
  return G_SOURCE_REMOVE;
}

static void
wait_run (Watch *w)
{
  guint id = g_timeout_add_seconds (60, timeout_cb, NULL);
  g_main_loop_run (w->loop);
  g_source_remove (id);
}

static void
test_scheduler (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(TjRepository) repository = NULL;
  TjStore *store;
  g_autoptr(TjSyncAccount) account = NULL;
  g_autoptr(TjSyncScheduler) scheduler = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) history = NULL;
  g_autoptr(JsonArray) dispatched = NULL;
  g_autoptr(JsonObject) doc = NULL;
  Watch w = { g_main_loop_new (NULL, FALSE), 0, NULL };
  JsonObject *entry;

  if (f->server.url == NULL)
    return;
  setup_auth (f);
  path = g_build_filename (f->tmp, "station.db", NULL);
  /* A repository, as the application opens it: its "changed" is what
   * tells the scheduler about local writes. */
  repository = tj_repository_open (path, &error);
  g_assert_no_error (error);
  store = tj_repository_get_store (repository);
  doc = tj_json_parse_object ("{\"_id\":\"case-local\",\"type\":\"case\",\"title\":\"Local\",\"source\":\"walk_in\"}", -1, &error);
  g_assert_no_error (error);
  g_free (tj_store_put (store, doc, NULL, &error));
  g_assert_no_error (error);

  account = tj_sync_account_new (NULL);
  tj_sync_account_set (account, f->server.url, "station-a", "alice", FALSE);
  g_assert_true (tj_sync_account_store_password (account, "pw-a", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  scheduler = tj_sync_scheduler_new (repository, account);
  tj_sync_scheduler_set_timings (scheduler, 3600, 1, 1);
  g_signal_connect (scheduler, "run-finished", G_CALLBACK (run_finished_cb), &w);
  g_signal_connect (scheduler, "cases-dispatched", G_CALLBACK (dispatched_cb), &w);
  /* Switched off and never run: nothing to show yet. */
  g_assert_cmpint (tj_sync_scheduler_get_state (scheduler), ==, TJ_SYNC_STATE_DISABLED);
  g_assert_cmpuint (tj_sync_scheduler_get_pending (scheduler), ==, 1);

  /* Sync Now works with the switch off: pushes the local case. */
  tj_sync_scheduler_sync_now (scheduler);
  g_assert_cmpint (tj_sync_scheduler_get_state (scheduler), ==, TJ_SYNC_STATE_SYNCING);
  wait_run (&w);
  g_assert_cmpint (tj_sync_scheduler_get_state (scheduler), ==, TJ_SYNC_STATE_SYNCED);
  g_assert_cmpuint (tj_sync_scheduler_get_pending (scheduler), ==, 0);
  history = tj_sync_history_load (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (history), ==, 1);
  entry = json_array_get_object_element (history, 0);
  g_assert_true (tj_json_get_bool (entry, "ok", FALSE));
  g_assert_cmpint (tj_json_get_int (entry, "pushed", -1), ==, 1);
  g_assert_cmpint (tj_json_get_int (entry, "pulled", -1), ==, 0);
  g_assert_cmpint (tj_json_get_int (entry, "errors", -1), ==, 0);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (entry, "error_ids")), ==, 0);
  g_assert_null (w.dispatched);
  g_clear_pointer (&history, json_array_unref);

  /* The hotline dispatches a case into the station's database; a walk-in
   * case and a hotline case already being mediated arrive too. */
  g_assert_cmpuint (http (f, "PUT", "/station-a/case-hotline",
                          "{\"type\":\"case\",\"title\":\"拖欠工资 12 人\",\"source\":\"hotline\",\"status\":\"intake\"}"), ==, 201);
  g_assert_cmpuint (http (f, "PUT", "/station-a/case-walkin",
                          "{\"type\":\"case\",\"title\":\"Walk-in\",\"source\":\"walk_in\",\"status\":\"intake\","
                          "\"number\":\"〔2026〕海调字第0009号\"}"), ==, 201);
  g_assert_cmpuint (http (f, "PUT", "/station-a/case-old",
                          "{\"type\":\"case\",\"title\":\"Old\",\"source\":\"hotline\",\"status\":\"mediating\"}"), ==, 201);

  /* Automatic now: started, the periodic timer is far away, so the start
   * trigger runs it. */
  tj_sync_account_set (account, f->server.url, "station-a", "alice", TRUE);
  tj_sync_scheduler_start (scheduler);
  wait_run (&w);
  g_assert_cmpuint (w.finished, ==, 2);
  g_assert_nonnull (w.dispatched);
  g_assert_cmpuint (json_array_get_length (w.dispatched), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (w.dispatched, 0), "id", NULL), ==,
                   "case-hotline");
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (w.dispatched, 0), "title", NULL), ==,
                   "拖欠工资 12 人");
  dispatched = tj_sync_dispatched_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (dispatched), ==, 1);
  g_clear_pointer (&dispatched, json_array_unref);
  g_assert_true (tj_sync_dispatched_mark_seen (store, "case-hotline", &error));
  g_assert_no_error (error);
  dispatched = tj_sync_dispatched_list (store, &error);
  g_assert_cmpuint (json_array_get_length (dispatched), ==, 0);
  history = tj_sync_history_load (store, &error);
  entry = json_array_get_object_element (history, 0);
  g_assert_cmpint (tj_json_get_int (entry, "pulled", -1), ==, 3);
  g_assert_cmpint (tj_json_get_int (entry, "dispatched", -1), ==, 1);
  g_clear_pointer (&history, json_array_unref);
  g_clear_pointer (&w.dispatched, json_array_unref);

  /* A local change is announced by the repository's "changed" and synced
   * a second later. */
  {
    g_autoptr(JsonObject) other = tj_json_parse_object ("{\"_id\":\"note-1\",\"type\":\"note\",\"text\":\"x\"}", -1, NULL);
    g_free (tj_store_put (store, other, NULL, &error));
    g_assert_no_error (error);
  }
  wait_run (&w);
  g_assert_cmpuint (w.finished, ==, 3);
  g_assert_cmpint (tj_sync_scheduler_get_state (scheduler), ==, TJ_SYNC_STATE_SYNCED);
  g_assert_cmpuint (http (f, "GET", "/station-a/note-1", NULL), ==, 200);
  g_assert_null (w.dispatched); /* nothing announced twice */

  /* The centre deletes the walk-in case while the station edits it: the
   * edit wins, and the history says so, naming the case. */
  {
    g_autoptr(JsonObject) walkin = tj_store_get (store, "case-walkin", NULL, TJ_GET_NONE, &error);
    g_autofree char *path_rev = NULL;
    g_assert_no_error (error);
    path_rev = g_strdup_printf ("/station-a/case-walkin?rev=%s", tj_json_get_string (walkin, "_rev", ""));
    g_assert_cmpuint (http (f, "DELETE", path_rev, NULL), ==, 200);
    json_object_set_string_member (walkin, "title", "Walk-in (edited)");
    g_free (tj_store_put (store, walkin, NULL, &error));
    g_assert_no_error (error);
  }
  wait_run (&w);
  g_assert_cmpuint (w.finished, ==, 4);
  history = tj_sync_history_load (store, &error);
  entry = json_array_get_object_element (history, 0);
  g_assert_cmpint (tj_json_get_int (entry, "kept", -1), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (tj_json_get_array (entry, "kept_labels"), 0), ==,
                   "〔2026〕海调字第0009号 Walk-in (edited)");
  g_clear_pointer (&history, json_array_unref);
  g_assert_cmpuint (http (f, "GET", "/station-a/case-walkin", NULL), ==, 200);

  /* The server goes away: the run fails, the state says why, the history
   * keeps the failure. */
  tj_test_server_kill (&f->server);
  tj_sync_scheduler_sync_now (scheduler);
  wait_run (&w);
  g_assert_cmpint (tj_sync_scheduler_get_state (scheduler), ==, TJ_SYNC_STATE_ERROR);
  g_assert_nonnull (tj_sync_scheduler_get_error (scheduler));
  history = tj_sync_history_load (store, &error);
  g_assert_cmpuint (json_array_get_length (history), ==, 5);
  entry = json_array_get_object_element (history, 0);
  g_assert_false (tj_json_get_bool (entry, "ok", TRUE));
  g_assert_cmpstr (tj_json_get_string (entry, "error_kind", NULL), ==, "network");

  tj_sync_scheduler_stop (scheduler);
  g_main_loop_unref (w.loop);
}

static void
test_history_limit (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->tmp, "h.db", NULL);
  g_autoptr(TjStore) store = NULL;
  g_autoptr(JsonArray) history = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(GError) error = NULL;

  store = tj_store_open (path, &error);
  g_assert_no_error (error);
  for (int i = 0; i < 60; i++)
    {
      g_autoptr(JsonObject) entry = json_object_new ();
      json_object_set_int_member (entry, "pulled", i);
      json_object_set_boolean_member (entry, "ok", TRUE);
      g_assert_true (tj_sync_history_append (store, entry, &error));
      g_assert_no_error (error);
    }
  history = tj_sync_history_load (store, &error);
  g_assert_cmpuint (json_array_get_length (history), ==, 50);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (history, 0), "pulled", -1), ==, 59);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (history, 49), "pulled", -1), ==, 10);
  /* Never replicated: not in the changes feed. */
  changes = tj_store_changes (store, 0, 0, &error);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (changes, "results")), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  /* The replicator's debug messages go to the log on stderr, not into
   * the TAP stream on stdout. */
  g_log_writer_default_set_use_stderr (TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync-account/test-connection", Fixture, NULL, fixture_setup, test_connection_outcomes,
              fixture_teardown);
  g_test_add ("/sync-account/pinned-certificate", Fixture, "no-server", fixture_setup,
              test_pinned_certificate, fixture_teardown);
  g_test_add ("/sync-account/password", Fixture, "no-server", fixture_setup, test_password,
              fixture_teardown);
  g_test_add ("/sync-account/history-limit", Fixture, "no-server", fixture_setup, test_history_limit,
              fixture_teardown);
  g_test_add ("/sync-account/scheduler", Fixture, NULL, fixture_setup, test_scheduler, fixture_teardown);

  return g_test_run ();
}
