/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the sync tests share: a fixture with a real PouchDB Server of its
 * own (tj-test-server.h), the test's own HTTP requests to it, local
 * stores, replicators with fast retries, and tiaojie-cli. */
#pragma once

#include <libsoup/soup.h>

#include "tj-replicator.h"
#include "tj-store.h"
#include "tj-test-server.h"

G_BEGIN_DECLS

typedef struct
{
  char        *tmp;
  TjTestServer server;
  SoupSession *http;
  char        *auth;      /* "Basic …" for the test's own requests */
} Fixture;

#define SKIP_IF_FAILED(f) do { if ((f)->tmp == NULL) return; } while (0)

#define assert_counts(result, pull, push) G_STMT_START { \
    g_assert_cmpint (json_object_get_int_member ((result), "pulled"), ==, (pull)); \
    g_assert_cmpint (json_object_get_int_member ((result), "pushed"), ==, (push)); \
  } G_STMT_END

void
fixture_setup (Fixture       *f,
               gconstpointer  data);

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data);

JsonNode *
http (Fixture    *f,
      const char *method,
      const char *path,
      const char *body,
      guint      *out_status);

JsonObject *
http_object (Fixture    *f,
             const char *method,
             const char *path,
             const char *body,
             guint       expected_status);

void
create_db (Fixture    *f,
           const char *db);

char *
remote_put (Fixture    *f,
            const char *db,
            const char *id,
            const char *body);

JsonObject *
remote_get (Fixture    *f,
            const char *db,
            const char *id);

gint64
remote_doc_count (Fixture    *f,
                  const char *db);

void
remote_bulk (Fixture    *f,
             const char *db,
             const char *prefix,
             guint       n);

void
remote_bulk_edited (Fixture    *f,
                    const char *db,
                    const char *prefix,
                    guint       n);

TjStore *
open_store (Fixture    *f,
            const char *name);

TjStore *
open_indexed (Fixture    *f,
              const char *name);


JsonObject *
local_get (TjStore    *store,
           const char *id);

char *
local_rev (TjStore    *store,
           const char *id);

guint
local_doc_count (TjStore *store);

guint
local_conflict_count (TjStore *store);

TjReplicator *
replicator_for (Fixture    *f,
                TjStore    *store,
                const char *url,
                const char *db);

JsonObject *
sync_ok (TjReplicator *r);

JsonObject *
sync_once (Fixture    *f,
           TjStore    *store,
           const char *db);

int
run_cli (char **out,
         ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
