/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Deadlines of a sync run against servers that misbehave in time: one
 * that accepts and never answers, one that trickles its reply a byte at
 * a time, one slow but steady. A loopback socket server in a thread of
 * its own plays them; no PouchDB Server is needed.
 *
 * The run's timeout is made a few seconds here (the default is a
 * minute): these tests end when the bound works and hang until meson's
 * timeout kills them when it does not. They assert what the run reports,
 * never how long it took (that is printed). */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Test"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tj-json.h"
#include "tj-replicator.h"
#include "tj-store.h"

#define TEST_TIMEOUT 3

typedef enum {
  MODE_HANG,          /* read the request, answer nothing */
  MODE_TRICKLE_HEAD,  /* the status line, a byte at a time */
  MODE_TRICKLE_BODY,  /* headers at once, the body a byte at a time */
  MODE_SLOW_STEADY,   /* GET / at 80 KiB/s for longer than the timeout */
} Mode;

typedef struct
{
  Mode          mode;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  GMutex        lock;
  GCond         cond;
  guint16       port;
  gint          stop;         /* atomic */
  gint          connections;  /* atomic */
  gint          active;       /* atomic: handlers running */
} Server;

static gboolean
wait_or_stop (Server *server,
              guint   ms)
{
  for (guint waited = 0; waited < ms; waited += 10)
    {
      if (g_atomic_int_get (&server->stop))
        return FALSE;
      g_usleep (10 * 1000);
    }
  return !g_atomic_int_get (&server->stop);
}

/* The request line ("GET / HTTP/1.1") after reading the headers. */
static char *
read_request (GDataInputStream *in)
{
  g_autofree char *first = g_data_input_stream_read_line (in, NULL, NULL, NULL);

  if (first == NULL)
    return NULL;
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, NULL);
      if (line == NULL || *line == '\0' || strcmp (line, "\r") == 0)
        break;
    }
  return g_steal_pointer (&first);
}

static void
write_text (GOutputStream *out,
            const char    *text)
{
  g_output_stream_write_all (out, text, strlen (text), NULL, NULL, NULL);
}

static void serve (Server *server, GSocketConnection *connection);

static gboolean
run_cb (GThreadedSocketService *service,
        GSocketConnection      *connection,
        GObject                *source,
        gpointer                data)
{
  Server *server = data;

  /* server_free() waits for the handlers to let go of @server. */
  g_atomic_int_inc (&server->active);
  serve (server, connection);
  g_atomic_int_dec_and_test (&server->active);
  return TRUE;
}

static void
serve (Server            *server,
       GSocketConnection *connection)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_autofree char *request = NULL;

  g_atomic_int_inc (&server->connections);
  request = read_request (in);
  if (request == NULL)
    return;

  switch (server->mode)
    {
    case MODE_HANG:
      while (wait_or_stop (server, 100))
        ;
      break;

    case MODE_TRICKLE_HEAD:
      for (const char *p = "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n"; *p; p++)
        {
          g_output_stream_write_all (out, p, 1, NULL, NULL, NULL);
          if (!wait_or_stop (server, 300))
            break;
        }
      break;

    case MODE_TRICKLE_BODY:
      write_text (out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n");
      for (const char *p = "{\"couchdb\":\"Welcome\",\"uuid\":\"0123456789abcdef\",\"pad\":\""; *p; p++)
        {
          g_output_stream_write_all (out, p, 1, NULL, NULL, NULL);
          if (!wait_or_stop (server, 300))
            break;
        }
      break;

    case MODE_SLOW_STEADY:
      if (g_str_has_prefix (request, "GET / "))
        {
          /* 320 KiB in 8 KiB pieces every 100 ms: four seconds at five
           * times the slowest rate a transfer may have. */
          const gsize total = 320 * 1024;
          g_autofree char *head = g_strdup_printf ("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: application/json\r\n"
                                                   "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", total);
          const char *start = "{\"couchdb\":\"Welcome\",\"uuid\":\"0123456789abcdef\",\"pad\":\"";
          g_autofree char *body = g_malloc (total);

          memset (body, 'x', total);
          memcpy (body, start, strlen (start));
          memcpy (body + total - 2, "\"}", 2);
          write_text (out, head);
          for (gsize sent = 0; sent < total; sent += 8 * 1024)
            {
              g_output_stream_write_all (out, body + sent, MIN (8 * 1024, total - sent), NULL, NULL, NULL);
              if (!wait_or_stop (server, 100))
                break;
            }
        }
      else
        write_text (out, "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: 41\r\n\r\n"
                         "{\"error\":\"not_found\",\"reason\":\"missing\"}");
      break;
    }
}

static gpointer
server_thread (gpointer data)
{
  Server *server = data;
  g_autoptr(GSocketService) service = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_main_context_push_thread_default (server->context);
  service = g_threaded_socket_service_new (8);
  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "run", G_CALLBACK (run_cb), server);
  g_socket_service_start (service);

  g_mutex_lock (&server->lock);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->lock);

  g_main_loop_run (server->loop);
  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_main_context_pop_thread_default (server->context);
  return NULL;
}

static Server *
server_new (Mode mode)
{
  Server *server = g_new0 (Server, 1);

  server->mode = mode;
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);
  server->thread = g_thread_new ("test-server", server_thread, server);
  g_mutex_lock (&server->lock);
  while (server->port == 0)
    g_cond_wait (&server->cond, &server->lock);
  g_mutex_unlock (&server->lock);
  return server;
}

static void
server_free (Server *server)
{
  g_atomic_int_set (&server->stop, TRUE);
  while (g_atomic_int_get (&server->active) > 0)
    g_usleep (10 * 1000);
  g_main_loop_quit (server->loop);
  g_main_context_wakeup (server->context);
  g_thread_join (server->thread);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Server, server_free)

typedef struct
{
  char    *tmp;
  TjStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->tmp = g_dir_make_tmp ("tj-deadline-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->tmp, "a.db", NULL);
  f->store = tj_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->tmp, "a.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  g_clear_object (&f->store);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->tmp);
  g_free (f->tmp);
}

static TjReplicator *
replicator_for (Fixture *f,
                Server  *server)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", server->port);
  TjReplicator *r = tj_replicator_new (f->store, url, "station", NULL, NULL);

  tj_replicator_set_timeout (r, TEST_TIMEOUT);
  return r;
}

/* Runs against @mode with the default retries: the run fails with a
 * network error that says the server stopped answering. */
static void
assert_run_ends (Fixture *f,
                 Mode     mode)
{
  g_autoptr(Server) server = server_new (mode);
  g_autoptr(TjReplicator) r = replicator_for (f, server);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  result = tj_replicator_run (r, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "stopped answering"));
  g_assert_nonnull (strstr (error->message, "GET /"));
  g_test_message ("ended after %.1f s (timeout %u s, %d connections): %s",
                  (g_get_monotonic_time () - start) / 1e6, TEST_TIMEOUT,
                  g_atomic_int_get (&server->connections), error->message);
}

static void
test_default (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(TjReplicator) r = NULL;

  /* About a minute unless told otherwise; one place reads the variable. */
  g_unsetenv ("TIAOJIE_SYNC_TIMEOUT");
  r = tj_replicator_new (f->store, "http://127.0.0.1:1", "station", NULL, NULL);
  g_assert_cmpuint (tj_replicator_get_timeout (r), ==, 60);
  g_clear_object (&r);
  g_setenv ("TIAOJIE_SYNC_TIMEOUT", "7", TRUE);
  r = tj_replicator_new (f->store, "http://127.0.0.1:1", "station", NULL, NULL);
  g_assert_cmpuint (tj_replicator_get_timeout (r), ==, 7);
  g_unsetenv ("TIAOJIE_SYNC_TIMEOUT");
}

static void
test_hanging (Fixture       *f,
              gconstpointer  data)
{
  assert_run_ends (f, MODE_HANG);
}

static void
test_trickling_headers (Fixture       *f,
                        gconstpointer  data)
{
  assert_run_ends (f, MODE_TRICKLE_HEAD);
}

static void
test_trickling_body (Fixture       *f,
                     gconstpointer  data)
{
  assert_run_ends (f, MODE_TRICKLE_BODY);
}

/* A slow link that keeps moving data is not cut: the reply takes longer
 * than the timeout and arrives (the run then learns the database does
 * not exist). */
static void
test_slow_steady (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Server) server = server_new (MODE_SLOW_STEADY);
  g_autoptr(TjReplicator) r = replicator_for (f, server);
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;

  tj_replicator_set_timeout (r, 2);
  result = tj_replicator_run (r, NULL, &error);
  g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
}

/* tiaojie-cli sync against a server that never answers: exit code 5 and
 * a message that says so. */
static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(Server) server = server_new (MODE_HANG);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (f->tmp, "cli.db", NULL);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", server->port);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *timeout = g_strdup_printf ("%u", TEST_TIMEOUT);

  g_assert_nonnull (g_getenv ("TIAOJIE_CLI"));
  g_subprocess_launcher_setenv (launcher, "TIAOJIE_SYNC_TIMEOUT", timeout, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
  cli = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("TIAOJIE_CLI"), "--db", db, "sync",
                                     "--server", url, "--database", "station", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (cli, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("tiaojie-cli: %s", err);
  g_assert_cmpint (g_subprocess_get_exit_status (cli), ==, 5);
  g_assert_nonnull (strstr (err, "stopped answering"));
  g_assert_cmpstr (out, ==, "");
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
  }
}

int
main (int    argc,
      char **argv)
{
  g_log_writer_default_set_use_stderr (TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync-deadlines/default", test_default);
  ADD ("/sync-deadlines/hanging", test_hanging);
  ADD ("/sync-deadlines/trickling-headers", test_trickling_headers);
  ADD ("/sync-deadlines/trickling-body", test_trickling_body);
  ADD ("/sync-deadlines/slow-steady", test_slow_steady);
  ADD ("/sync-deadlines/cli", test_cli);
#undef ADD

  return g_test_run ();
}
