/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The centre's store: the registry of stations, which station owns each
 * document (the "centre" indexer), the changes feed of one station's
 * documents for the push to it, dispatch, and the record of each
 * station's last sync. See tj-centre.h and docs/SYNC.md. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Centre"

#include "tj-centre.h"

#include <string.h>

#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-provision.h"
#include "tj-replicator.h"
#include "tj-time.h"

#define INDEX_NAME     "centre"
#define INDEX_VERSION  1
#define CENTRE_META    "centre:store"
#define STATION_PREFIX "station:"
#define SYNC_STATE_ID  "_local/centre-sync"
#define MAX_CODE_BYTES 64

/* ------------------------------------------------------------------ */
/* Codes and the registry                                               */

gboolean
tj_centre_check_code (const char  *code,
                      GError     **error)
{
  if (code == NULL || *code == '\0' || strlen (code) > MAX_CODE_BYTES)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("A station code needs 1 to %d letters, digits, “-” or “_”"), MAX_CODE_BYTES);
      return FALSE;
    }
  if (!g_ascii_isalnum (code[0]))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The station code “%s” must start with a letter or a digit"), code);
      return FALSE;
    }
  for (const char *c = code; *c; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
      {
        g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                     _("The station code “%s” can only have ASCII letters, digits, “-” and “_”: "
                       "on the server it names the station’s user, role and database"), code);
        return FALSE;
      }
  return TRUE;
}

gboolean
tj_centre_is_centre (TjStore *store)
{
  g_autofree char *flag = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);

  flag = tj_store_get_meta (store, CENTRE_META);
  return g_strcmp0 (flag, "1") == 0;
}

/* The owner of @id in the centre_owner table (which exists on a centre). */
static char *
owner_of (TjStore    *store,
          const char *id)
{
  sqlite3_stmt *st = tj_store_statement (store, "SELECT station FROM centre_owner WHERE id = ?1", NULL);
  char *owner = NULL;

  if (st == NULL)
    return NULL;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    owner = g_strdup (tj_store_column_text (st, 0));
  sqlite3_reset (st);
  return owner;
}

char *
tj_centre_owner (TjStore    *store,
                 const char *id)
{
  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (id == NULL || !tj_centre_is_centre (store))
    return NULL;
  return owner_of (store, id);
}

/* A station document of the registry: the centre's own, not one that
 * came from a station's database (which could otherwise smuggle a
 * station into the registry). */
static JsonObject *
registry_doc (TjStore    *store,
              const char *code,
              GError    **error)
{
  g_autofree char *id = g_strconcat (STATION_PREFIX, code, NULL);
  g_autofree char *owner = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) doc = tj_store_get (store, id, NULL, TJ_GET_NONE, &local_error);

  if (doc == NULL)
    {
      if (!g_error_matches (local_error, TJ_ERROR, TJ_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  owner = tj_centre_is_centre (store) ? owner_of (store, id) : NULL;
  if (owner != NULL || g_strcmp0 (tj_json_get_string (doc, "type", NULL), "station") != 0)
    return NULL;
  return g_steal_pointer (&doc);
}

static JsonObject *
station_public (JsonObject *doc)
{
  JsonObject *out = json_object_new ();

  json_object_set_string_member (out, "code", tj_json_get_string (doc, "code", ""));
  json_object_set_string_member (out, "name", tj_json_get_string (doc, "name", tj_json_get_string (doc, "code", "")));
  json_object_set_string_member (out, "database", tj_json_get_string (doc, "database", ""));
  json_object_set_string_member (out, "added_at", tj_json_get_string (doc, "added_at", ""));
  return out;
}

JsonObject *
tj_centre_get_station (TjStore     *store,
                       const char  *code,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) doc = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (code && tj_centre_check_code (code, NULL))
    doc = registry_doc (store, code, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (doc == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is not a station of this centre (see tiaojie-cli centre stations list)"),
                   code ? code : "");
      return NULL;
    }
  return station_public (doc);
}

typedef struct {
  TjStore    *store;
  JsonArray  *out;
} ListData;

static gboolean
list_one (JsonObject *doc,
          gpointer    user_data)
{
  ListData *data = user_data;
  const char *id = tj_json_get_string (doc, "_id", "");
  const char *code = tj_json_get_string (doc, "code", NULL);
  g_autofree char *owner = owner_of (data->store, id);

  /* Only the centre's own "station:CODE" documents whose code is CODE. */
  if (owner == NULL && code && g_str_has_prefix (id, STATION_PREFIX) &&
      g_strcmp0 (id + strlen (STATION_PREFIX), code) == 0 && tj_centre_check_code (code, NULL))
    json_array_add_object_element (data->out, station_public (doc));
  return TRUE;
}

JsonArray *
tj_centre_list_stations (TjStore  *store,
                         GError  **error)
{
  g_autoptr(JsonArray) out = json_array_new ();
  g_autoptr(JsonObject) state = NULL;
  ListData data = { store, out };

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  if (!tj_centre_is_centre (store))
    return g_steal_pointer (&out);
  if (!tj_centre_attach (store, error))
    return NULL;
  /* The documents come sorted by id, which is by code. */
  if (!tj_store_foreach (store, "station", list_one, &data, error))
    return NULL;
  state = tj_centre_sync_state (store, error);
  if (state == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (out); i++)
    {
      JsonObject *station = json_array_get_object_element (out, i);
      JsonObject *last = tj_json_get_object (state, tj_json_get_string (station, "code", ""));

      if (last)
        json_object_set_object_member (station, "last_sync", json_object_ref (last));
      else
        json_object_set_null_member (station, "last_sync");
    }
  return g_steal_pointer (&out);
}

typedef struct {
  const char *code;
  const char *database;
  char       *clash;       /* the code of a station with the same code or database */
  gboolean    same_database;
} ClashData;

static gboolean
find_clash (JsonObject *doc,
            gpointer    user_data)
{
  ClashData *data = user_data;
  const char *code = tj_json_get_string (doc, "code", "");

  if (g_strcmp0 (code, data->code) == 0)
    return TRUE;
  if (g_ascii_strcasecmp (code, data->code) == 0 ||
      g_strcmp0 (tj_json_get_string (doc, "database", NULL), data->database) == 0)
    {
      data->same_database = g_ascii_strcasecmp (code, data->code) != 0;
      data->clash = g_strdup (code);
      return FALSE;
    }
  return TRUE;
}

/* Becoming a centre is a transaction of its own: the flag, and the
 * index attached (and filled from what the store already holds). */
static gboolean
become_centre (TjStore  *store,
               GError  **error)
{
  if (tj_centre_is_centre (store))
    return tj_centre_attach (store, error);
  if (!tj_store_begin (store, error))
    return FALSE;
  if (!tj_store_set_meta (store, CENTRE_META, "1", error))
    {
      tj_store_rollback (store);
      return FALSE;
    }
  /* A commit that fails has rolled back already. */
  if (!tj_store_commit (store, error))
    return FALSE;
  return tj_centre_attach (store, error);
}

JsonObject *
tj_centre_add_station (TjStore     *store,
                       const char  *code,
                       const char  *name,
                       const char  *database,
                       GError     **error)
{
  g_autofree char *default_db = NULL;
  g_autofree char *id = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *now = NULL;
  g_autoptr(JsonObject) old = NULL;
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *out;
  ClashData clash = { 0 };

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  /* Everything is checked before anything is written. */
  if (!tj_centre_check_code (code, error))
    return NULL;
  if (name)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (name));
      if (*trimmed == '\0' || !g_utf8_validate (name, -1, NULL) || g_utf8_strlen (name, -1) > 100)
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("The name of station “%s” must be 1 to 100 characters"), code);
          return NULL;
        }
    }
  if (database == NULL)
    database = default_db = tj_provision_default_database (code, error);
  if (database == NULL)
    return NULL;
  if (!tj_sync_valid_database_name (database))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("“%s” is not a database name CouchDB accepts (lower-case letters first, then "
                     "letters, digits and _$()+-/)"), database);
      return NULL;
    }
  clash.code = code;
  clash.database = database;
  if (tj_centre_is_centre (store) &&
      (!tj_centre_attach (store, error) || !tj_store_foreach (store, "station", find_clash, &clash, error)))
    return NULL;
  if (clash.clash)
    {
      if (clash.same_database)
        g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                     _("Station “%s” already uses the database “%s”"), clash.clash, database);
      else
        g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                     _("Station “%s” is already registered; codes differing only in upper and lower "
                       "case would share a database on the server"), clash.clash);
      g_free (clash.clash);
      return NULL;
    }

  if (!become_centre (store, error))
    return NULL;
  old = registry_doc (store, code, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  id = g_strconcat (STATION_PREFIX, code, NULL);
  now = tj_timestamp_now_seconds ();
  json_object_set_string_member (doc, "_id", id);
  if (old)
    json_object_set_string_member (doc, "_rev", tj_json_get_string (old, "_rev", ""));
  json_object_set_string_member (doc, "type", "station");
  json_object_set_string_member (doc, "code", code);
  json_object_set_string_member (doc, "name", name ? name : old ? tj_json_get_string (old, "name", code) : code);
  json_object_set_string_member (doc, "database", database);
  json_object_set_string_member (doc, "added_at", old ? tj_json_get_string (old, "added_at", now) : now);
  rev = tj_store_put (store, doc, NULL, error);
  if (rev == NULL)
    return NULL;

  out = station_public (doc);
  json_object_set_boolean_member (out, "created", old == NULL);
  return out;
}

gboolean
tj_centre_remove_station (TjStore     *store,
                          const char  *code,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *rev = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);

  if (code && tj_centre_check_code (code, NULL) && tj_centre_is_centre (store) &&
      tj_centre_attach (store, &local_error))
    doc = registry_doc (store, code, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (doc == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND,
                   _("“%s” is not a station of this centre (see tiaojie-cli centre stations list)"),
                   code ? code : "");
      return FALSE;
    }
  rev = tj_store_delete (store, tj_json_get_string (doc, "_id", ""), tj_json_get_string (doc, "_rev", ""), error);
  return rev != NULL;
}

/* ------------------------------------------------------------------ */
/* The "centre" indexer: who owns each document                         */

typedef struct {
  char       *origin;    /* the station whose database this connection pulls */
  GHashTable *pending;   /* id -> case_id: children written before their case */
} CentreIndex;

static void
centre_index_free (gpointer data)
{
  CentreIndex *ix = data;

  g_free (ix->origin);
  g_hash_table_unref (ix->pending);
  g_free (ix);
}

static gboolean
index_reset (TjStore  *store,
             gpointer  user_data,
             GError  **error)
{
  /* Never dropped: who owns a document pulled from a station is known
   * only at the pull, and cannot be computed again from the documents.
   * A new version of the index keeps the owners (the first owner stays)
   * and recomputes the follow-up calls. */
  return tj_store_exec (store,
                        "CREATE TABLE IF NOT EXISTS centre_owner ("
                        "  id TEXT PRIMARY KEY, station TEXT NOT NULL,"
                        "  local_seq INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
                        "CREATE INDEX IF NOT EXISTS centre_owner_by_station ON centre_owner (station, local_seq);"
                        "DROP TABLE IF EXISTS centre_follow_up;"
                        "CREATE TABLE centre_follow_up ("
                        "  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, follow_up TEXT NOT NULL,"
                        "  reached INTEGER NOT NULL, outcome TEXT, note TEXT, at TEXT, actor TEXT,"
                        "  by_centre INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
                        "CREATE INDEX centre_follow_up_by_case ON centre_follow_up (case_id, follow_up);",
                        error);
}

/* The sequence of @id's last write: its row in the store's changes feed
 * (the docs table of tj-store.c), exact also when an indexer catches up. */
static gint64
doc_seq (TjStore    *store,
         const char *id)
{
  sqlite3_stmt *st = tj_store_statement (store, "SELECT seq FROM docs WHERE id = ?1", NULL);
  gint64 seq = 0;

  if (st == NULL)
    return 0;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (st) == SQLITE_ROW)
    seq = sqlite3_column_int64 (st, 0);
  sqlite3_reset (st);
  return seq;
}

/* @local_seq: the sequence of a write made at the centre (0 for a pull):
 * what the push to the station offers. */
static gboolean
set_owner (TjStore     *store,
           const char  *id,
           const char  *station,
           gint64       local_seq,
           GError     **error)
{
  sqlite3_stmt *st = tj_store_statement (store,
                                         "INSERT OR IGNORE INTO centre_owner (id, station, local_seq)"
                                         " VALUES (?1, ?2, ?3)", error);

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, station, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 3, local_seq);
  if (!tj_store_step_done (store, st, error))
    return FALSE;

  /* The report index keeps a case's owner in its row, so that the
   * figures per station need no lookup here per case (tj-report-index.c
   * reads the owner when it indexes the case after this; this is for a
   * case it indexed before). */
  st = tj_store_statement (store, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'report_case'",
                           error);
  if (st == NULL)
    return FALSE;
  if (sqlite3_step (st) != SQLITE_ROW)
    {
      sqlite3_reset (st);
      return TRUE;
    }
  sqlite3_reset (st);
  st = tj_store_statement (store, "UPDATE report_case SET station = ?2 WHERE id = ?1 AND station IS NULL", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (st, 2, station, -1, SQLITE_STATIC);
  return tj_store_step_done (store, st, error);
}

/* A follow-up call (回访) recorded on a case's timeline: "follow_up"
 * events are calls made, "follow_up_attempt" calls that did not reach the
 * worker (tj-centre-overview.c). */
static gboolean
index_follow_up (TjStore     *store,
                 const char  *id,
                 JsonObject  *winner,
                 GError     **error)
{
  const char *kind = winner ? tj_json_get_string (winner, "kind", NULL) : NULL;
  const char *which = winner ? tj_json_get_string (winner, "follow_up", NULL) : NULL;
  sqlite3_stmt *st;

  if (!tj_store_exec_with_id (store, "DELETE FROM centre_follow_up WHERE id = ?1", id, error))
    return FALSE;
  if (winner == NULL || which == NULL || g_strcmp0 (tj_json_get_string (winner, "type", NULL), "event") != 0 ||
      (g_strcmp0 (kind, "follow_up") != 0 && g_strcmp0 (kind, "follow_up_attempt") != 0))
    return TRUE;
  st = tj_store_statement (store,
                           "INSERT INTO centre_follow_up (id, case_id, follow_up, reached, outcome, note, at,"
                           " actor, by_centre) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_STATIC);
  tj_store_bind_text_or_null (st, 2, tj_json_get_string (winner, "case_id", ""));
  sqlite3_bind_text (st, 3, which, -1, SQLITE_STATIC);
  sqlite3_bind_int (st, 4, g_strcmp0 (kind, "follow_up") == 0);
  tj_store_bind_text_or_null (st, 5, tj_json_get_string (winner, "outcome", NULL));
  tj_store_bind_text_or_null (st, 6, tj_json_get_string (winner, "note", NULL));
  tj_store_bind_text_or_null (st, 7, tj_json_get_string (winner, "at", NULL));
  tj_store_bind_text_or_null (st, 8, tj_json_get_string (winner, "actor", NULL));
  sqlite3_bind_int (st, 9, tj_json_get_bool (winner, "by_centre", FALSE));
  return tj_store_step_done (store, st, error);
}

static gboolean
index_doc (TjStore     *store,
           const char  *id,
           JsonObject  *winner,
           gpointer     user_data,
           GError     **error)
{
  CentreIndex *ix = user_data;
  g_autofree char *owner = owner_of (store, id);
  const char *type = tj_json_get_string (winner, "type", NULL);
  const char *case_id = tj_json_get_string (winner, "case_id", NULL);

  if (g_strcmp0 (type, "event") == 0 || winner == NULL)
    if (!index_follow_up (store, id, winner, error))
      return FALSE;

  /* Pulled from a station's database: that station's, tombstones too,
   * and nothing to offer back to it. */
  if (ix->origin)
    return owner != NULL || set_owner (store, id, ix->origin, 0, error);

  /* Written here: a station's document the push to it offers. */
  if (owner != NULL)
    return tj_store_exec_with_id (store, "UPDATE centre_owner SET local_seq ="
                                         " (SELECT seq FROM docs WHERE docs.id = ?1) WHERE id = ?1", id, error);
  if (winner == NULL)
    return TRUE;

  if (g_strcmp0 (type, "case") == 0 && tj_json_get_string (winner, "dispatched_to", NULL))
    {
      const char *station = tj_json_get_string (winner, "dispatched_to", NULL);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonObject) registered = NULL;

      if (tj_centre_check_code (station, NULL))
        registered = registry_doc (store, station, &local_error);
      if (local_error)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (registered)
        return set_owner (store, id, station, doc_seq (store, id), error);
      return TRUE;
    }

  if (case_id && *case_id && g_strcmp0 (case_id, id) != 0)
    {
      g_autofree char *case_owner = owner_of (store, case_id);

      if (case_owner)
        return set_owner (store, id, case_owner, doc_seq (store, id), error);
      /* A party written before its case (intake writes the case last):
       * settled just before the commit. */
      g_hash_table_replace (ix->pending, g_strdup (id), g_strdup (case_id));
    }
  return TRUE;
}

static gboolean
index_flush (TjStore  *store,
             gpointer  user_data,
             GError  **error)
{
  CentreIndex *ix = user_data;
  GHashTableIter iter;
  gpointer id, case_id;

  g_hash_table_iter_init (&iter, ix->pending);
  while (g_hash_table_iter_next (&iter, &id, &case_id))
    {
      g_autofree char *case_owner = owner_of (store, case_id);

      if (case_owner && !set_owner (store, id, case_owner, doc_seq (store, id), error))
        return FALSE;
    }
  g_hash_table_remove_all (ix->pending);
  return TRUE;
}

static void
index_discard (TjStore  *store,
               gpointer  user_data)
{
  CentreIndex *ix = user_data;

  g_hash_table_remove_all (ix->pending);
}

gboolean
tj_centre_attach (TjStore  *store,
                  GError  **error)
{
  CentreIndex *ix;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);

  if (g_object_get_data (G_OBJECT (store), "tj-centre-index") || !tj_centre_is_centre (store))
    return TRUE;
  /* The case index first: intake's writes refresh it before the commit,
   * and the overview reads it. */
  if (!tj_case_attach (store, error))
    return FALSE;
  ix = g_new0 (CentreIndex, 1);
  ix->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_object_set_data_full (G_OBJECT (store), "tj-centre-index", ix, centre_index_free);
  if (!tj_store_add_indexer_full (store, INDEX_NAME, INDEX_VERSION, index_reset, index_doc, index_flush,
                                  G_CALLBACK (index_discard), ix, error))
    {
      g_object_set_data (G_OBJECT (store), "tj-centre-index", NULL);
      return FALSE;
    }
  return TRUE;
}

void
tj_centre_set_origin (TjStore    *store,
                      const char *code)
{
  CentreIndex *ix;

  g_return_if_fail (TJ_IS_STORE (store));

  ix = g_object_get_data (G_OBJECT (store), "tj-centre-index");
  g_return_if_fail (ix != NULL);
  g_free (ix->origin);
  ix->origin = g_strdup (code);
}

/* ------------------------------------------------------------------ */
/* The push filter                                                      */

JsonObject *
tj_centre_station_changes (TjStore     *store,
                           const char  *code,
                           gint64       since,
                           guint        limit,
                           GError     **error)
{
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) deleted = g_array_new (FALSE, FALSE, sizeof (gboolean));
  JsonArray *results = json_array_new ();
  gint64 last = since;
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (code != NULL, NULL);

  json_object_set_array_member (out, "results", results);
  if (!tj_centre_attach (store, error))
    return NULL;
  if (!tj_centre_is_centre (store))
    {
      json_object_set_int_member (out, "last_seq", since);
      return g_steal_pointer (&out);
    }

  /* What was written here since: each owned document with the sequence
   * of its last write at the centre (never a pull's, which the station
   * has), in that order, from the owners' index alone — a first run does
   * not offer a station its own pulled documents back. */
  st = tj_store_statement (store,
                           "SELECT o.id, o.local_seq, d.deleted FROM centre_owner o JOIN docs d ON d.id = o.id"
                           " WHERE o.station = ?2 AND o.local_seq > ?1 ORDER BY o.local_seq LIMIT ?3", error);
  if (st == NULL)
    return NULL;
  sqlite3_bind_int64 (st, 1, since);
  sqlite3_bind_text (st, 2, code, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 3, limit ? (gint64) limit : -1);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (st, 1);
      gboolean del = sqlite3_column_int (st, 2) != 0;

      g_ptr_array_add (ids, g_strdup (tj_store_column_text (st, 0)));
      g_array_append_val (seqs, seq);
      g_array_append_val (deleted, del);
    }
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error (store, rc, error);
      return NULL;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonArray) leaves = tj_store_get_leaves (store, g_ptr_array_index (ids, i), error);
      JsonObject *row;
      JsonArray *changes;

      if (leaves == NULL)
        return NULL;
      row = json_object_new ();
      changes = json_array_new ();
      json_object_set_int_member (row, "seq", g_array_index (seqs, gint64, i));
      json_object_set_string_member (row, "id", g_ptr_array_index (ids, i));
      for (guint j = 0; j < json_array_get_length (leaves); j++)
        {
          JsonObject *c = json_object_new ();
          json_object_set_string_member (c, "rev", tj_json_get_string (json_array_get_object_element (leaves, j),
                                                                       "rev", ""));
          json_array_add_object_element (changes, c);
        }
      json_object_set_array_member (row, "changes", changes);
      if (g_array_index (deleted, gboolean, i))
        json_object_set_boolean_member (row, "deleted", TRUE);
      json_array_add_object_element (results, row);
      last = g_array_index (seqs, gint64, i);
    }
  json_object_set_int_member (out, "last_seq", last);
  return g_steal_pointer (&out);
}

/* ------------------------------------------------------------------ */
/* Dispatch                                                             */

JsonObject *
tj_centre_dispatch (TjStore             *store,
                    const TjCaseContext *ctx,
                    const char          *code,
                    JsonObject          *input,
                    GError             **error)
{
  g_autoptr(JsonObject) station = NULL;
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(JsonObject) result = NULL;
  TjCaseContext dispatch_ctx;
  g_autofree char *ref = NULL;
  const char *source;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (ctx != NULL, NULL);
  g_return_val_if_fail (input != NULL, NULL);

  if (!tj_centre_attach (store, error))
    return NULL;
  station = tj_centre_get_station (store, code, error);
  if (station == NULL)
    return NULL;

  ref = g_strstrip (g_strdup (tj_json_get_string (input, "hotline_ref", "")));
  if (*ref == '\0')
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("hotline_ref: a case dispatched to station “%s” needs its 12351 number"), code);
      return NULL;
    }
  source = tj_json_get_string (input, "source", NULL);
  if (source && g_strcmp0 (source, "hotline") != 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("source: a dispatched case comes from the 12351 hotline, not “%s”"), source);
      return NULL;
    }
  if (json_object_has_member (input, "accepted_on"))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("accepted_on: station “%s” accepts a dispatched case itself"), code);
      return NULL;
    }

  copy = tj_json_object_copy (input);
  json_object_set_string_member (copy, "source", "hotline");
  dispatch_ctx = *ctx;
  dispatch_ctx.dispatch_to = code;
  result = tj_case_add (store, &dispatch_ctx, copy, error);
  if (result == NULL)
    return NULL;
  json_object_set_string_member (result, "station", code);
  return g_steal_pointer (&result);
}

/* ------------------------------------------------------------------ */
/* Each station's last sync                                             */

JsonObject *
tj_centre_sync_state (TjStore  *store,
                      GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  JsonObject *stations;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  doc = tj_store_get_local (store, SYNC_STATE_ID, &local_error);
  if (doc == NULL)
    {
      if (!g_error_matches (local_error, TJ_ERROR, TJ_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      return json_object_new ();
    }
  stations = tj_json_get_object (doc, "stations");
  return stations ? tj_json_object_copy (stations) : json_object_new ();
}

gboolean
tj_centre_record_sync (TjStore     *store,
                       const char  *code,
                       JsonObject  *entry,
                       GError     **error)
{
  g_autoptr(JsonObject) stations = NULL;
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autoptr(JsonObject) record = tj_json_object_copy (entry);
  g_autofree char *now = tj_timestamp_now_seconds ();
  JsonObject *previous;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (code != NULL && entry != NULL, FALSE);

  if (!tj_store_begin (store, error))
    return FALSE;
  stations = tj_centre_sync_state (store, error);
  if (stations == NULL)
    goto fail;
  previous = tj_json_get_object (stations, code);
  json_object_set_string_member (record, "at", now);
  if (tj_json_get_bool (record, "ok", FALSE))
    json_object_set_string_member (record, "last_ok_at", now);
  else if (previous && tj_json_get_string (previous, "last_ok_at", NULL))
    json_object_set_string_member (record, "last_ok_at", tj_json_get_string (previous, "last_ok_at", NULL));
  json_object_set_object_member (stations, code, g_steal_pointer (&record));
  json_object_set_object_member (doc, "stations", json_object_ref (stations));
  if (!tj_store_put_local (store, SYNC_STATE_ID, doc, error))
    goto fail;
  return tj_store_commit (store, error);

fail:
  tj_store_rollback (store);
  return FALSE;
}
