/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Replication ids and checkpoints: `_local/<replication id>` on both
 * sides in CouchDB's format, the choice of where a run starts, and the
 * record of how far a completely written run got. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Sync"

#include "tj-replicator-private.h"

#include <string.h>

#include "tj-i18n.h"

static char *
now_iso8601 (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

void
_tj_sync_checkpoint_free (TjSyncCheckpoint *cp)
{
  _tj_sync_checkpoint_abandon (cp);
  g_free (cp->doc_id);
  g_free (cp->remote_rev);
  g_free (cp->session_id);
  g_free (cp->start_time);
  g_clear_pointer (&cp->start_seq, json_node_unref);
  g_clear_pointer (&cp->history, json_array_unref);
  g_free (cp);
}

char *
_tj_sync_replication_id (const char      *local_uuid,
                         const char      *server_uuid,
                         const char      *database,
                         TjSyncDirection  direction)
{
  /* Stable inputs only (docs/SYNC.md): a changed id restarts from 0. The filter
   * slot is empty because Tiaojie replicates whole databases. Credentials
   * never take part. */
  g_autofree char *input = g_strdup_printf ("tiaojie-replication\n%s\n%s\n%s\n%s\n%s",
                                            local_uuid, server_uuid, database,
                                            tj_sync_direction_to_string (direction), "");
  return g_compute_checksum_for_string (G_CHECKSUM_MD5, input, -1);
}

static char *
remote_local_path (TjSyncRun  *run,
                   const char *doc_id)
{
  /* The replication id is hex: only the prefix needs care. */
  return g_strconcat (run->db_path, "/", doc_id, NULL);
}

static gboolean
check_checkpoint (JsonNode  *reply,
                  gpointer   data,
                  GError   **error)
{
  const char *rev;

  return _tj_sync_parse_checkpoint (reply, data, &rev, error);
}

static gboolean
check_put (JsonNode  *reply,
           gpointer   data,
           GError   **error)
{
  const char *rev;

  return _tj_sync_parse_put (reply, data, &rev, error);
}

static gboolean
read_remote_checkpoint (TjSyncRun         *run,
                        TjSyncCheckpoint  *cp,
                        JsonObject       **out_log,
                        GError           **error)
{
  g_autofree char *path = remote_local_path (run, cp->doc_id);
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *what = g_strdup_printf ("GET %s", path);
  guint status;

  const char *rev;

  *out_log = NULL;
  if (!_tj_sync_request (run, "GET", path, NULL, check_checkpoint, what, &status, &json, error))
    return FALSE;
  if (status == SOUP_STATUS_NOT_FOUND)
    return TRUE;
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    return _tj_sync_status_error (error, what, status, json);
  if (!_tj_sync_parse_checkpoint (json, what, &rev, error))
    return FALSE;
  g_free (cp->remote_rev);
  cp->remote_rev = g_strdup (rev);
  *out_log = json_object_ref (_tj_sync_node_object (json));
  return TRUE;
}

static JsonObject *
read_local_checkpoint (TjSyncRun         *run,
                       TjSyncCheckpoint  *cp,
                       GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *log = tj_store_get_local (run->store, cp->doc_id, &local_error);

  if (log == NULL && !g_error_matches (local_error, TJ_ERROR, TJ_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));
  return log;
}

static gboolean
history_has_session (JsonArray  *history,
                     const char *session_id)
{
  if (history == NULL || session_id == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (history); i++)
    if (g_strcmp0 (tj_json_get_string (_tj_sync_node_object (json_array_get_element (history, i)), "session_id", NULL),
                   session_id) == 0)
      return TRUE;
  return FALSE;
}

static JsonNode *
history_common_seq (JsonArray *mine,
                    JsonArray *theirs)
{
  if (mine == NULL)
    return NULL;
  for (guint i = 0; i < json_array_get_length (mine); i++)
    {
      JsonObject *entry = _tj_sync_node_object (json_array_get_element (mine, i));
      if (history_has_session (theirs, tj_json_get_string (entry, "session_id", NULL)))
        return json_object_get_member (entry, "recorded_seq");
    }
  return NULL;
}

/* CouchDB's comparison of the two replication logs. */
static JsonNode *
find_start_seq (JsonObject *source_log,
                JsonObject *target_log)
{
  const char *source_session;
  JsonArray *source_history, *target_history;
  JsonNode *seq;

  if (source_log == NULL || target_log == NULL)
    return NULL;
  source_session = tj_json_get_string (source_log, "session_id", NULL);
  if (source_session && g_strcmp0 (source_session, tj_json_get_string (target_log, "session_id", NULL)) == 0)
    return json_object_get_member (source_log, "source_last_seq");

  source_history = tj_json_get_array (source_log, "history");
  target_history = tj_json_get_array (target_log, "history");
  seq = history_common_seq (source_history, target_history);
  if (seq == NULL)
    seq = history_common_seq (target_history, source_history);
  return seq;
}

/* Whether the station has a checkpoint of its own for this direction:
 * without one a run starts from the beginning (find_start_seq() needs
 * both sides' logs), which is known before the server is asked. */
gboolean
_tj_sync_checkpoint_has_local (TjSyncRun *run,
                               gboolean   push)
{
  g_autofree char *rep_id = _tj_sync_replication_id (run->local_uuid, run->server_uuid, run->self->database,
                                                     push ? TJ_SYNC_PUSH : TJ_SYNC_PULL);
  g_autofree char *doc_id = g_strconcat ("_local/", rep_id, NULL);
  g_autoptr(JsonObject) log = tj_store_get_local (run->store, doc_id, NULL);

  return log != NULL;
}

TjSyncCheckpoint *
_tj_sync_checkpoint_begin (TjSyncRun  *run,
                           gboolean    push,
                           GError    **error)
{
  g_autoptr(TjSyncCheckpoint) cp = g_new0 (TjSyncCheckpoint, 1);
  g_autoptr(JsonObject) remote_log = NULL;
  g_autoptr(JsonObject) local_log = NULL;
  g_autofree char *rep_id = _tj_sync_replication_id (run->local_uuid, run->server_uuid,
                                                     run->self->database,
                                                     push ? TJ_SYNC_PUSH : TJ_SYNC_PULL);
  g_autoptr(GError) local_error = NULL;
  JsonObject *source_log, *target_log;
  JsonArray *history;
  JsonNode *seq;

  cp->run = run;
  cp->push = push;
  cp->doc_id = g_strconcat ("_local/", rep_id, NULL);
  cp->session_id = g_uuid_string_random ();
  cp->start_time = now_iso8601 ();

  if (!read_remote_checkpoint (run, cp, &remote_log, error))
    return NULL;
  local_log = read_local_checkpoint (run, cp, &local_error);
  if (local_error)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  source_log = push ? local_log : remote_log;
  target_log = push ? remote_log : local_log;
  seq = find_start_seq (source_log, target_log);
  /* A checkpoint that does not hold a usable sequence means: start over.
   * Re-reading is safe (every step is idempotent); skipping is not. */
  if (seq && (push ? (JSON_NODE_HOLDS_VALUE (seq) && json_node_get_value_type (seq) == G_TYPE_INT64 &&
                      json_node_get_int (seq) >= 0)
                   : _tj_sync_valid_seq (seq)))
    cp->start_seq = json_node_copy (seq);

  cp->history = json_array_new ();
  history = tj_json_get_array (source_log, "history");
  for (guint i = 0; history && cp->start_seq && i < json_array_get_length (history) && i < MAX_HISTORY - 1; i++)
    if (_tj_sync_node_object (json_array_get_element (history, i)))
      json_array_add_element (cp->history, json_node_copy (json_array_get_element (history, i)));

  if (cp->start_seq)
    {
      g_autofree char *text = tj_json_canonical (cp->start_seq);
      g_debug ("%s %s: resuming after %s", push ? "push" : "pull", cp->doc_id, text);
    }
  return g_steal_pointer (&cp);
}

static gboolean
write_remote_checkpoint (TjSyncRun         *run,
                         TjSyncCheckpoint  *cp,
                         JsonObject        *log,
                         GError           **error)
{
  g_autofree char *path = remote_local_path (run, cp->doc_id);
  g_autofree char *what = g_strdup_printf ("PUT %s", path);

  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_autoptr(JsonObject) doc = tj_json_object_copy (log);
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonNode) reply = NULL;
      guint status;

      json_object_set_string_member (doc, "_id", cp->doc_id);
      if (cp->remote_rev)
        json_object_set_string_member (doc, "_rev", cp->remote_rev);
      json_node_set_object (node, doc);
      if (!_tj_sync_request (run, "PUT", path, node, check_put, what, &status, &reply, error))
        return FALSE;
      if (SOUP_STATUS_IS_SUCCESSFUL (status))
        {
          const char *rev;
          if (!_tj_sync_parse_put (reply, what, &rev, error))
            return FALSE;
          g_free (cp->remote_rev);
          cp->remote_rev = g_strdup (rev);
          return TRUE;
        }
      if (status != SOUP_STATUS_CONFLICT)
        return _tj_sync_status_error (error, what, status, reply);

      /* Someone else wrote it (another run of ours that was cut off): take
       * the current revision and write again. */
      {
        g_autoptr(JsonObject) current = NULL;
        if (!read_remote_checkpoint (run, cp, &current, error))
          return FALSE;
        if (current == NULL)
          g_clear_pointer (&cp->remote_rev, g_free);
      }
    }
  /* A server problem (or a proxy spoiling the answers), not a conflict
   * in the user's data. */
  g_set_error (error, TJ_ERROR, TJ_ERROR_NETWORK,
               _("The checkpoint %s keeps changing on the server"), cp->doc_id);
  return FALSE;
}

/* The log saying that everything up to @seq is on the target, in
 * CouchDB's format: this session's entry first, replacing its earlier
 * one (as CouchDB does), then the older sessions'. */
JsonObject *
_tj_sync_checkpoint_log (TjSyncCheckpoint *cp,
                         JsonNode         *seq)
{
  JsonObject *log = json_object_new ();
  g_autoptr(JsonArray) history = json_array_new ();
  JsonObject *entry = json_object_new ();
  g_autofree char *end_time = now_iso8601 ();

  json_object_set_string_member (entry, "session_id", cp->session_id);
  json_object_set_string_member (entry, "start_time", cp->start_time);
  json_object_set_string_member (entry, "end_time", end_time);
  json_object_set_member (entry, "start_last_seq",
                          cp->start_seq ? json_node_copy (cp->start_seq) : json_node_init_int (json_node_alloc (), 0));
  json_object_set_member (entry, "end_last_seq", json_node_copy (seq));
  json_object_set_member (entry, "recorded_seq", json_node_copy (seq));
  json_object_set_int_member (entry, "missing_checked", cp->missing_checked);
  json_object_set_int_member (entry, "missing_found", cp->missing_found);
  json_object_set_int_member (entry, "docs_read", cp->docs_read);
  json_object_set_int_member (entry, "docs_written", cp->docs_written);
  json_object_set_int_member (entry, "doc_write_failures", cp->failures);

  json_array_add_object_element (history, entry);
  for (guint i = 0; i < json_array_get_length (cp->history) && json_array_get_length (history) < MAX_HISTORY; i++)
    {
      JsonNode *old = json_array_get_element (cp->history, i);
      if (g_strcmp0 (tj_json_get_string (_tj_sync_node_object (old), "session_id", NULL), cp->session_id) != 0)
        json_array_add_element (history, json_node_copy (old));
    }
  g_clear_pointer (&cp->history, json_array_unref);
  cp->history = json_array_ref (history);

  json_object_set_string_member (log, "session_id", cp->session_id);
  json_object_set_member (log, "source_last_seq", json_node_copy (seq));
  json_object_set_int_member (log, "replication_id_version", REPLICATION_ID_VERSION);
  json_object_set_array_member (log, "history", json_array_ref (history));
  return log;
}

/* The local side of a checkpoint: a pull writes it in the transaction of
 * the batch it records, so the two can never disagree. */
gboolean
_tj_sync_checkpoint_write_local (TjSyncRun         *run,
                                 TjSyncCheckpoint  *cp,
                                 JsonObject        *log,
                                 GError           **error)
{
  return tj_store_put_local (run->store, cp->doc_id, log, error);
}

static GBytes *
remote_body (TjSyncCheckpoint *cp,
             JsonObject       *log)
{
  g_autoptr(JsonObject) doc = tj_json_object_copy (log);
  char *text;

  json_object_set_string_member (doc, "_id", cp->doc_id);
  if (cp->remote_rev)
    json_object_set_string_member (doc, "_rev", cp->remote_rev);
  text = tj_json_object_to_string (doc, FALSE);
  return g_bytes_new_take (text, strlen (text));
}

/* The server's side of a checkpoint on its way, not waited for: a round
 * trip per batch would be most of a pull on a slow link. The one before
 * lands first (its answer gives the revision this one replaces). A push
 * writes the local side once the server's has landed. */
gboolean
_tj_sync_checkpoint_send (TjSyncRun         *run,
                          TjSyncCheckpoint  *cp,
                          JsonObject        *log,
                          GError           **error)
{
  g_autofree char *path = remote_local_path (run, cp->doc_id);
  g_autoptr(GBytes) body = NULL;

  if (!_tj_sync_checkpoint_land (run, cp, error))
    return FALSE;
  body = remote_body (cp, log);
  cp->in_flight_log = json_object_ref (log);
  cp->in_flight = _tj_sync_pending_start_bytes (run, "PUT", path, body, FALSE);
  return TRUE;
}

/* Waits for the checkpoint on its way (if any) and takes its answer; one
 * the server refuses as a conflict (a run that was cut off wrote it) is
 * written again at once, as _tj_sync_checkpoint_write() does. */
gboolean
_tj_sync_checkpoint_land (TjSyncRun         *run,
                          TjSyncCheckpoint  *cp,
                          GError           **error)
{
  g_autofree char *path = NULL;
  g_autofree char *what = NULL;
  g_autoptr(JsonObject) log = g_steal_pointer (&cp->in_flight_log);
  g_autoptr(JsonNode) reply = NULL;
  TjSyncPending *p = g_steal_pointer (&cp->in_flight);
  const char *rev;
  guint status = 0;

  if (p == NULL)
    return TRUE;
  path = remote_local_path (run, cp->doc_id);
  what = g_strdup_printf ("PUT %s", path);
  if (!_tj_sync_pending_finish (run, p, check_put, what, &status, &reply, error))
    return FALSE;
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (!_tj_sync_parse_put (reply, what, &rev, error))
        return FALSE;
      g_free (cp->remote_rev);
      cp->remote_rev = g_strdup (rev);
    }
  else if (status == SOUP_STATUS_CONFLICT)
    {
      g_autoptr(JsonObject) current = NULL;

      if (!read_remote_checkpoint (run, cp, &current, error))
        return FALSE;
      if (current == NULL)
        g_clear_pointer (&cp->remote_rev, g_free);
      if (!write_remote_checkpoint (run, cp, log, error))
        return FALSE;
    }
  else
    return _tj_sync_status_error (error, what, status, reply);
  /* Target first, then source (docs/SYNC.md). */
  return !cp->push || tj_store_put_local (run->store, cp->doc_id, log, error);
}

/* Forgets a checkpoint on its way (the run failed): it may land or not,
 * which only means starting a little earlier next time. */
void
_tj_sync_checkpoint_abandon (TjSyncCheckpoint *cp)
{
  g_clear_pointer (&cp->in_flight_log, json_object_unref);
  if (cp->in_flight)
    _tj_sync_pending_free (cp->run, g_steal_pointer (&cp->in_flight));
}

/* Record that everything up to @seq is on the target, on both sides, and
 * wait for it. Only called once a batch is completely written: a
 * checkpoint past unwritten changes would lose them. */
gboolean
_tj_sync_checkpoint_write (TjSyncRun         *run,
                           TjSyncCheckpoint  *cp,
                           JsonNode          *seq,
                           GError           **error)
{
  g_autoptr(JsonObject) log = _tj_sync_checkpoint_log (cp, seq);

  if (!_tj_sync_checkpoint_land (run, cp, error))
    return FALSE;
  /* Target first, then source (docs/SYNC.md). */
  if (cp->push)
    {
      if (!write_remote_checkpoint (run, cp, log, error))
        return FALSE;
      return tj_store_put_local (run->store, cp->doc_id, log, error);
    }
  if (!tj_store_put_local (run->store, cp->doc_id, log, error))
    return FALSE;
  return write_remote_checkpoint (run, cp, log, error);
}

/* ------------------------------------------------------------------ */
/* Refused revisions                                                    */
/* ------------------------------------------------------------------ */

/* The revisions a direction could not replicate (refused by the other
 * side, damaged on the way, unreadable) are kept in a local document
 * beside its checkpoint, {"docs": {id: [rev]}}, and offered again on
 * every run: the checkpoint moves past them (as CouchDB's does past its
 * doc_write_failures) without forgetting them, and they are reported on
 * every run until they go through. */
char *
_tj_sync_refused_id (TjSyncCheckpoint *cp)
{
  return g_strconcat ("_local/tiaojie-refused-", cp->doc_id + strlen ("_local/"), NULL);
}

JsonObject *
_tj_sync_refused_load (TjSyncRun         *run,
                       TjSyncCheckpoint  *cp,
                       GError           **error)
{
  g_autofree char *id = _tj_sync_refused_id (cp);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonObject) doc = tj_store_get_local (run->store, id, &local_error);
  JsonObject *docs;
  JsonObject *refused;
  g_autoptr(GList) ids = NULL;

  if (doc == NULL && !g_error_matches (local_error, TJ_ERROR, TJ_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  refused = json_object_new ();
  docs = tj_json_get_object (doc, "docs");
  ids = docs ? json_object_get_members (docs) : NULL;
  for (GList *l = ids; l; l = l->next)
    {
      JsonArray *revs = tj_json_get_array (docs, l->data);
      for (guint i = 0; revs && i < json_array_get_length (revs); i++)
        {
          JsonNode *rev = json_array_get_element (revs, i);
          if (JSON_NODE_HOLDS_VALUE (rev) && json_node_get_value_type (rev) == G_TYPE_STRING &&
              _tj_sync_parse_rev (json_node_get_string (rev), NULL, NULL))
            _tj_sync_refused_add (refused, l->data, json_node_get_string (rev));
        }
    }
  return refused;
}

/* Adds @rev of @id to @refused ({id: [rev]}) unless it is there. */
void
_tj_sync_refused_add (JsonObject *refused,
                      const char *id,
                      const char *rev)
{
  JsonArray *revs = tj_json_get_array (refused, id);

  if (revs == NULL)
    {
      revs = json_array_new ();
      json_object_set_array_member (refused, id, revs);
    }
  for (guint i = 0; i < json_array_get_length (revs); i++)
    if (g_strcmp0 (json_array_get_string_element (revs, i), rev) == 0)
      return;
  json_array_add_string_element (revs, rev);
}

gboolean
_tj_sync_refused_save (TjSyncRun         *run,
                       TjSyncCheckpoint  *cp,
                       JsonObject        *refused,
                       GError           **error)
{
  g_autofree char *id = _tj_sync_refused_id (cp);
  g_autoptr(JsonObject) doc = json_object_new ();

  json_object_set_object_member (doc, "docs", json_object_ref (refused));
  return tj_store_put_local (run->store, id, doc, error);
}
