/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A real PouchDB Server (node_modules/.bin/pouchdb-server, installed by
 * npm ci from the committed package-lock.json) for the integration tests
 * and the sync benchmark: a free loopback port, its own data directory. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char        *dir;
  guint        port;
  char        *url;
  GSubprocess *process;
} TjTestServer;

/* A path below the source tree (NULL-terminated components). */
char  *tj_test_source_path  (const char   *first,
                             ...) G_GNUC_NULL_TERMINATED;
guint  tj_test_free_port    (void);
/* The status of GET @url, 0 when nothing answers. */
guint  tj_test_http_status  (const char   *url);
/* Start the server on server->port with server->dir; returns once GET /
 * answers. Aborts the test when it does not start within 30 s. */
void   tj_test_server_start (TjTestServer *server);
/* SIGKILL, like a crash or a power cut, and wait for the process. */
void   tj_test_server_kill  (TjTestServer *server);

G_END_DECLS
