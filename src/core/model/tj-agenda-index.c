/* SPDX-License-Identifier: GPL-3.0-or-later */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Agenda"

/* The agenda's index: the dates the agenda is made of, computed once when
 * a document is written rather than for every case each time Today is
 * shown, so that "96,403 overdue" is a COUNT and the five most urgent an
 * ORDER BY … LIMIT over an index.
 *
 *   agenda_deadline (case_id, kind, date, section)
 *     section 'open': the legal deadlines of a case whose deadlines are
 *       followed (not closed, withdrawn, failed or referred), from
 *       tj_deadlines_compute() on the case document — the mediation limit
 *       only while accepted or mediating, as the case index has it;
 *     section 'after': a failed mediation not taken to arbitration, with
 *       the arbitration limitation (date NULL when it is not running);
 *     section 'follow_up': the follow-up calls (回访) of a closed case.
 *   agenda_session (id, case_id, scheduled_on, scheduled_time, kind,
 *                   party_side, step, place): sessions scheduled and not
 *                   ended.
 *   agenda_follow_up (id, case_id, kind): follow-up calls recorded in a
 *     timeline (events of kind "follow_up").
 *
 * Dates of deadlines do not depend on the day they are computed (only the
 * days left and the notes do, which the queries compute for the rows they
 * return); they depend on the holiday calendar, so the index records the
 * calendar it was computed with and is computed again when it changed
 * (tj_agenda_recount_deadlines()). */

#include "tj-agenda-private.h"
#include "tj-arrears.h"
#include "tj-calendar.h"
#include "tj-deadline.h"
#include "tj-json.h"

#define INDEX_NAME "agenda"
#define INDEX_VERSION 1
#define CALENDAR_KEY "calendar:agenda"

static gboolean
index_reset (TjStore  *store,
             gpointer  user_data,
             GError  **error)
{
  g_autofree char *fingerprint = tj_calendar_dup_fingerprint (tj_calendar_get_default ());

  /* Every case is indexed again in the same transaction, with this
   * calendar. */
  return tj_store_exec (store,
                        "DROP TABLE IF EXISTS agenda_deadline;"
                        "DROP TABLE IF EXISTS agenda_session;"
                        "DROP TABLE IF EXISTS agenda_follow_up;"
                        "CREATE TABLE agenda_deadline ("
                        "  case_id TEXT NOT NULL, kind TEXT NOT NULL, date TEXT, section TEXT NOT NULL,"
                        "  PRIMARY KEY (case_id, kind)) WITHOUT ROWID;"
                        "CREATE INDEX agenda_deadline_by_date ON agenda_deadline (section, date);"
                        "CREATE TABLE agenda_session ("
                        "  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, scheduled_on TEXT NOT NULL,"
                        "  scheduled_time TEXT, kind TEXT, party_side TEXT, step TEXT, place TEXT) WITHOUT ROWID;"
                        "CREATE INDEX agenda_session_by_date ON agenda_session (scheduled_on, scheduled_time);"
                        "CREATE TABLE agenda_follow_up ("
                        "  id TEXT PRIMARY KEY, case_id TEXT NOT NULL, kind TEXT NOT NULL) WITHOUT ROWID;"
                        "CREATE INDEX agenda_follow_up_by_case ON agenda_follow_up (case_id, kind);",
                        error) &&
         tj_store_set_meta (store, CALENDAR_KEY, fingerprint, error);
}

static gboolean
insert_deadline (TjStore     *store,
                 const char  *case_id,
                 const char  *kind,
                 const char  *date,
                 const char  *section,
                 GError     **error)
{
  sqlite3_stmt *st = tj_store_statement (store,
                                         "INSERT OR REPLACE INTO agenda_deadline (case_id, kind, date, section)"
                                         " VALUES (?1, ?2, ?3, ?4)", error);

  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, kind, -1, SQLITE_TRANSIENT);
  tj_store_bind_text_or_null (st, 3, date);
  sqlite3_bind_text (st, 4, section, -1, SQLITE_STATIC);
  return tj_store_step_done (store, st, error);
}

/* The deadlines of @input, or NULL (with a warning) when a malformed date
 * in one case would otherwise stop every write. */
static JsonObject *
compute (const char *case_id,
         JsonObject *input)
{
  g_autoptr(GError) local = NULL;
  JsonObject *result = tj_deadlines_compute (tj_calendar_get_default (), input, &local);

  if (result == NULL)
    g_warning ("Case %s: %s", case_id, local->message);
  return result;
}

static gboolean
index_case (TjStore     *store,
            const char  *id,
            JsonObject  *doc,
            GError     **error)
{
  static const char * const ended[] = { "closed", "withdrawn", "failed", "referred", NULL };
  static const char * const mediating[] = { "accepted", "mediating", NULL };
  const char *status = tj_json_get_string (doc, "status", "intake");
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(JsonObject) result = NULL;
  JsonArray *list;

  if (!g_strv_contains (ended, status))
    {
      input = tj_case_deadline_input (doc, NULL);
      result = compute (id, input);
      list = result ? tj_json_get_array (result, "deadlines") : NULL;
      for (guint i = 0; list && i < json_array_get_length (list); i++)
        {
          JsonObject *deadline = json_array_get_object_element (list, i);
          const char *kind = tj_json_get_string (deadline, "kind", "");
          const char *date = tj_json_get_string (deadline, "date", NULL);

          if (date == NULL || (g_str_equal (kind, "mediation") && !g_strv_contains (mediating, status)))
            continue;
          if (!insert_deadline (store, id, kind, date, "open", error))
            return FALSE;
        }
      return TRUE;
    }

  if (g_str_equal (status, "failed"))
    {
      JsonObject *limit;

      /* Taken to arbitration: nothing left to prepare. */
      if (tj_json_get_string (doc, "arbitration_applied_on", NULL))
        return TRUE;
      input = tj_case_deadline_input (doc, NULL);
      result = compute (id, input);
      if (result == NULL)
        return TRUE;
      limit = tj_deadlines_find (result, "arbitration_limitation");
      return insert_deadline (store, id, "arbitration_limitation",
                              limit ? tj_json_get_string (limit, "date", NULL) : NULL, "after", error);
    }

  if (g_str_equal (status, "closed") && tj_json_get_string (doc, "closed_on", NULL))
    {
      input = json_object_new ();
      json_object_set_string_member (input, "closed_on", tj_json_get_string (doc, "closed_on", ""));
      result = compute (id, input);
      list = result ? tj_json_get_array (result, "deadlines") : NULL;
      for (guint i = 0; list && i < json_array_get_length (list); i++)
        {
          JsonObject *deadline = json_array_get_object_element (list, i);
          const char *kind = tj_json_get_string (deadline, "kind", "");
          const char *date = tj_json_get_string (deadline, "date", NULL);

          if (date && g_str_has_prefix (kind, "follow_up_") &&
              !insert_deadline (store, id, kind, date, "follow_up", error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
index_session (TjStore     *store,
               const char  *id,
               JsonObject  *doc,
               GError     **error)
{
  const char *on = tj_json_get_string (doc, "scheduled_on", NULL);
  sqlite3_stmt *st;

  if (on == NULL || json_object_has_member (doc, "ended_at") || tj_json_get_string (doc, "case_id", NULL) == NULL)
    return TRUE;
  st = tj_store_statement (store,
                           "INSERT OR REPLACE INTO agenda_session"
                           " (id, case_id, scheduled_on, scheduled_time, kind, party_side, step, place)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, tj_json_get_string (doc, "case_id", ""), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 3, on, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 4, tj_json_get_string (doc, "scheduled_time", ""), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 5, tj_json_get_string (doc, "kind", ""), -1, SQLITE_TRANSIENT);
  tj_store_bind_text_or_null (st, 6, tj_json_get_string (doc, "party_side", NULL));
  sqlite3_bind_text (st, 7, tj_json_get_string (doc, "step", ""), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 8, tj_json_get_string (doc, "place", ""), -1, SQLITE_TRANSIENT);
  return tj_store_step_done (store, st, error);
}

static gboolean
index_event (TjStore     *store,
             const char  *id,
             JsonObject  *doc,
             GError     **error)
{
  sqlite3_stmt *st;

  if (g_strcmp0 (tj_json_get_string (doc, "kind", NULL), "follow_up") != 0 ||
      tj_json_get_string (doc, "follow_up", NULL) == NULL)
    return TRUE;
  st = tj_store_statement (store, "INSERT OR REPLACE INTO agenda_follow_up (id, case_id, kind) VALUES (?1, ?2, ?3)",
                           error);
  if (st == NULL)
    return FALSE;
  sqlite3_bind_text (st, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 2, tj_json_get_string (doc, "case_id", ""), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (st, 3, tj_json_get_string (doc, "follow_up", ""), -1, SQLITE_TRANSIENT);
  return tj_store_step_done (store, st, error);
}

static gboolean
index_doc (TjStore     *store,
           const char  *id,
           JsonObject  *winner,
           gpointer     user_data,
           GError     **error)
{
  const char *type = tj_json_get_string (winner, "type", NULL);

  /* A document deleted may have been any of these. */
  if (winner == NULL || g_strcmp0 (type, "case") == 0)
    {
      if (!tj_store_exec_with_id (store, "DELETE FROM agenda_deadline WHERE case_id = ?1", id, error))
        return FALSE;
    }
  if (winner == NULL || g_strcmp0 (type, "session") == 0)
    {
      if (!tj_store_exec_with_id (store, "DELETE FROM agenda_session WHERE id = ?1", id, error))
        return FALSE;
    }
  if (winner == NULL || g_strcmp0 (type, "event") == 0)
    {
      if (!tj_store_exec_with_id (store, "DELETE FROM agenda_follow_up WHERE id = ?1", id, error))
        return FALSE;
    }
  if (winner == NULL)
    return TRUE;
  if (g_strcmp0 (type, "case") == 0)
    return index_case (store, id, winner, error);
  if (g_strcmp0 (type, "session") == 0)
    return index_session (store, id, winner, error);
  if (g_strcmp0 (type, "event") == 0)
    return index_event (store, id, winner, error);
  return TRUE;
}

/**
 * tj_agenda_recount_deadlines:
 * @store: a store the agenda index is attached to
 *
 * Computes the agenda's deadlines again when the default calendar is not
 * the one they were computed with (newer holidays): one transaction over
 * the cases that have any. Nothing happens when the calendar is the same.
 */
gboolean
tj_agenda_recount_deadlines (TjStore  *store,
                             GError  **error)
{
  g_autofree char *fingerprint = NULL;
  g_autofree char *counted = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);

  /* Not attached yet: attaching counts them. */
  if (g_object_get_data (G_OBJECT (store), "tj-agenda-index") == NULL)
    return TRUE;
  fingerprint = tj_calendar_dup_fingerprint (tj_calendar_get_default ());
  counted = tj_store_get_meta (store, CALENDAR_KEY);
  if (g_strcmp0 (fingerprint, counted) == 0)
    return TRUE;

  if (!tj_store_begin (store, error))
    return FALSE;
  ids = g_ptr_array_new_with_free_func (g_free);
  st = tj_store_statement (store, "SELECT id FROM case_index WHERE status NOT IN ('withdrawn', 'referred')", error);
  if (st == NULL)
    goto fail;
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup (tj_store_column_text (st, 0)));
  sqlite3_reset (st);
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error (store, rc, error);
      goto fail;
    }
  if (!tj_store_exec (store, "DELETE FROM agenda_deadline", error))
    goto fail;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) local = NULL;
      g_autoptr(JsonObject) doc = tj_store_get (store, g_ptr_array_index (ids, i), NULL, TJ_GET_NONE, &local);

      if (doc == NULL)
        {
          if (g_error_matches (local, TJ_ERROR, TJ_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local));
          goto fail;
        }
      if (!index_case (store, g_ptr_array_index (ids, i), doc, error))
        goto fail;
    }
  g_debug ("Agenda: %u cases' deadlines counted again with a new holiday calendar", ids->len);
  if (tj_store_set_meta (store, CALENDAR_KEY, fingerprint, error) && tj_store_commit (store, error))
    return TRUE;

fail:
  tj_store_rollback (store);
  return FALSE;
}

gboolean
_tj_agenda_attach (TjStore  *store,
                   GError  **error)
{
  if (!tj_case_attach (store, error) || !tj_arrears_attach (store, error))
    return FALSE;
  if (g_object_get_data (G_OBJECT (store), "tj-agenda-index"))
    return TRUE;
  if (!tj_store_add_indexer (store, INDEX_NAME, INDEX_VERSION, index_reset, index_doc, NULL, error))
    return FALSE;
  g_object_set_data (G_OBJECT (store), "tj-agenda-index", GINT_TO_POINTER (1));
  /* Newer holidays may have come with an update since the index was
   * computed. */
  return tj_agenda_recount_deadlines (store, error);
}

/**
 * tj_agenda_attach:
 * @store: the store
 *
 * Registers the agenda's indexer (and the case and arrears indexers its
 * queries read). Call once after opening (tj_repository_open() does);
 * cheap when the index is current.
 */
gboolean
tj_agenda_attach (TjStore  *store,
                  GError  **error)
{
  g_return_val_if_fail (TJ_IS_STORE (store), FALSE);

  return _tj_agenda_attach (store, error);
}
