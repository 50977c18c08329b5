/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A real PouchDB Server (node_modules/.bin/pouchdb-server, installed by
 * npm ci from the committed package-lock.json) for the integration tests
 * and the sync benchmark: a free loopback port, its own data directory.
 *
 * What was found out about pouchdb-server 4.2.0 (and relied on here):
 * - Started as `pouchdb-server --dir DIR --port P --host 127.0.0.1
 *   --config DIR/config.json --no-stdout-logs --no-color` with the cwd in
 *   DIR (it writes log.txt and, without --config, config.json to the cwd).
 *   The LevelDOWN backend ships prebuilt binaries in the npm tarball, so
 *   it works offline and without install scripts; GET / answers after
 *   about half a second. --in-memory works too but loses data on a
 *   restart, which the killed-server tests need.
 * - It starts in "admin party". PUT /_config/admins/NAME "password" makes
 *   an admin (hashed into config.json); users go in /_users; a database's
 *   _security members are enforced; POST /_session gives an AuthSession
 *   cookie; Basic works too. A wrong password and a user who is not a
 *   member both get 401 (CouchDB answers 403 to the latter), so the
 *   tests make a 403 with the fault proxy. validate_doc_update applies to
 *   new_edits=false writes and refuses per document ("forbidden").
 * - GET / has "uuid"; update_seq and changes seqs are integers.
 * - _bulk_get ignores atts_since (always sends data), _revs_diff never
 *   returns possible_ancestors, and a stub it cannot resolve fails the
 *   whole _bulk_docs with 412 missing_stub.
 * - It answers document GETs in JSON only, never multipart. */
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
void   tj_test_create_database (const char *server,
                                const char *db);
/* Start the server on server->port with server->dir; returns once GET /
 * answers. Aborts the test when it does not start within 30 s. */
void   tj_test_server_start (TjTestServer *server);
/* SIGKILL, like a crash or a power cut, and wait for the process. */
void   tj_test_server_kill  (TjTestServer *server);

G_END_DECLS
