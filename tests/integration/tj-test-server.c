/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Test"

#include "tj-test-server.h"

#include <libsoup/soup.h>
#include <signal.h>

char *
tj_test_source_path (const char *first,
                     ...)
{
  va_list args;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *p;

  g_ptr_array_add (parts, (gpointer) TJ_SOURCE_ROOT);
  va_start (args, first);
  for (p = first; p; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

guint
tj_test_free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

guint
tj_test_http_status (const char *url)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 2, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, NULL);

  return body ? soup_message_get_status (msg) : 0;
}

/* Creates database @db on the server at @server; the test fails when the
 * server does not answer 201 Created. */
void
tj_test_create_database (const char *server,
                         const char *db)
{
  g_autofree char *url = g_strdup_printf ("%s/%s", server, db);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("PUT", url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read (session, msg, NULL, &error);

  if (body == NULL || soup_message_get_status (msg) != 201)
    g_error ("PUT %s failed: %s", url, error ? error->message : soup_message_get_reason_phrase (msg));
}

void
tj_test_server_start (TjTestServer *server)
{
  g_autofree char *bin = tj_test_source_path ("node_modules", ".bin", "pouchdb-server", NULL);
  g_autofree char *port = g_strdup_printf ("%u", server->port);
  g_autofree char *config = g_build_filename (server->dir, "config.json", NULL);
  g_autofree char *log = g_build_filename (server->dir, "server.log", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_subprocess_launcher_set_cwd (launcher, server->dir);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  server->process = g_subprocess_launcher_spawn (launcher, &error, bin,
                                                 "--dir", server->dir, "--port", port,
                                                 "--host", "127.0.0.1", "--config", config,
                                                 "--no-stdout-logs", "--no-color", NULL);
  g_assert_no_error (error);

  while (tj_test_http_status (server->url) != 200)
    {
      if (g_get_monotonic_time () > deadline || g_subprocess_get_identifier (server->process) == NULL)
        g_error ("PouchDB Server did not start on port %u; see %s", server->port, log);
      g_usleep (50 * 1000);
    }
}

void
tj_test_server_kill (TjTestServer *server)
{
  if (server->process == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGKILL);
  g_subprocess_wait (server->process, NULL, NULL);
  g_clear_object (&server->process);
}

