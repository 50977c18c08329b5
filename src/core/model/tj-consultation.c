/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Case"

#include "tj-consultation.h"
#include "tj-calendar.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-validate.h"

#include <sqlite3.h>
#include <string.h>

static const char * const channels[] = { "night_clinic", "hotline", "walk_in", "station", NULL };

static gboolean
invalid (GError    **error,
         const char *field,
         const char *why)
{
  tj_set_field_error (error, field, why);
  return FALSE;
}

static gboolean
validate (JsonObject  *input,
          GError     **error)
{
  JsonObject *worker = tj_json_get_object (input, "worker");
  const char *channel = tj_json_get_string (input, "channel", "night_clinic");
  const char *held = tj_json_get_string (input, "held_on", NULL);
  const char *phone = tj_json_get_string (worker, "phone", NULL);
  const char *idnum = tj_json_get_string (worker, "id_number", NULL);
  JsonNode *owed = json_object_get_member (input, "owed_fen");

  if (worker == NULL || tj_json_get_string (worker, "name", NULL) == NULL ||
      *tj_json_get_string (worker, "name", "") == '\0')
    return invalid (error, "worker.name", _("required"));
  if (!g_strv_contains (channels, channel))
    return invalid (error, "channel", _("must be night_clinic, hotline, walk_in or station"));
  if (tj_json_get_string (input, "problem", NULL) == NULL)
    return invalid (error, "problem", _("required"));
  if (held && !tj_validate_date (held, "held_on", error))
    return FALSE;
  if (phone && *phone && !tj_validate_phone (phone, "worker.phone", error))
    return FALSE;
  if (idnum && *idnum && !tj_validate_id_number (idnum, "worker.id_number", error))
    return FALSE;
  if (owed && (!JSON_NODE_HOLDS_VALUE (owed) || json_node_get_value_type (owed) != G_TYPE_INT64 ||
               json_node_get_int (owed) < 0))
    return invalid (error, "owed_fen", _("must be a whole, non-negative number of fen"));
  return TRUE;
}

JsonObject *
tj_consultation_add (TjStore             *store,
                     const TjCaseContext *ctx,
                     JsonObject          *input,
                     GError             **error)
{
  static const char * const members[] = {
    "held_on", "channel", "worker", "employer", "kind", "problem", "advice", "next_step",
    "referral", "migrant_worker", "owed_fen", NULL
  };
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autofree char *id = NULL;
  g_autofree char *rev = NULL;
  JsonObject *out;

  if (!validate (input, error))
    return NULL;
  for (guint i = 0; members[i]; i++)
    if (json_object_has_member (input, members[i]))
      json_object_set_member (doc, members[i], json_node_copy (json_object_get_member (input, members[i])));
  if (!json_object_has_member (doc, "held_on"))
    {
      g_autofree char *today = tj_date_today_iso (ctx ? ctx->today : NULL);
      json_object_set_string_member (doc, "held_on", today);
    }
  if (!json_object_has_member (doc, "channel"))
    json_object_set_string_member (doc, "channel", "night_clinic");
  json_object_set_string_member (doc, "type", "consultation");
  json_object_set_string_member (doc, "created_at", created);
  if (ctx && ctx->actor && *ctx->actor)
    json_object_set_string_member (doc, "advised_by", ctx->actor);
  rev = tj_store_put (store, doc, &id, error);
  if (rev == NULL)
    return NULL;
  out = json_object_new ();
  json_object_set_string_member (out, "id", id);
  return out;
}

/* The winning revision of every consultation, through docs_by_type; the
 * order and the search read the body with json_extract(), which for the
 * few thousand consultations of a centre costs milliseconds a page. */
#define CONSULTATIONS_FROM \
  " FROM docs d JOIN revs r ON r.doc_id = d.doc_id AND r.rev = d.winner" \
  " WHERE d.type = 'consultation' AND d.deleted = 0"
#define CONSULTATIONS_MATCH \
  " AND (?1 IS NULL" \
  "      OR json_extract (r.body, '$.worker.name') LIKE ?1 ESCAPE '\\'" \
  "      OR json_extract (r.body, '$.worker.phone') LIKE ?1 ESCAPE '\\'" \
  "      OR json_extract (r.body, '$.employer.name') LIKE ?1 ESCAPE '\\'" \
  "      OR json_extract (r.body, '$.problem') LIKE ?1 ESCAPE '\\')"

/* "%text%" with LIKE's wildcards in @query taken literally; NULL for no
 * search. */
static char *
like_pattern (const char *query)
{
  GString *pattern;

  if (query == NULL || *query == '\0')
    return NULL;
  pattern = g_string_new ("%");
  for (const char *p = query; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

guint
tj_consultation_count (TjStore     *store,
                       const char  *query,
                       GError     **error)
{
  g_autofree char *pattern = like_pattern (query);
  sqlite3_stmt *st;
  guint n = 0;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (store), 0);

  st = tj_store_statement (store, "SELECT COUNT(*)" CONSULTATIONS_FROM CONSULTATIONS_MATCH, error);
  if (st == NULL)
    return 0;
  if (pattern)
    sqlite3_bind_text (st, 1, pattern, -1, SQLITE_STATIC);
  rc = sqlite3_step (st);
  if (rc == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (st, 0);
  else
    g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED, _("Database error in the consultations: %s"),
                 sqlite3_errmsg (tj_store_get_sqlite (store)));
  sqlite3_reset (st);
  sqlite3_clear_bindings (st);
  return n;
}

JsonArray *
tj_consultation_list_page (TjStore     *store,
                           const char  *query,
                           guint        offset,
                           guint        limit,
                           GError     **error)
{
  g_autofree char *pattern = like_pattern (query);
  g_autoptr(JsonArray) out = json_array_new ();
  sqlite3_stmt *st;
  int rc;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  /* Ties (same day, same second) in id order, as the walk over the
   * documents gave them before. */
  st = tj_store_statement (store,
                           "SELECT d.id, r.body" CONSULTATIONS_FROM CONSULTATIONS_MATCH
                           " ORDER BY json_extract (r.body, '$.held_on') DESC,"
                           "          json_extract (r.body, '$.created_at') DESC, d.id"
                           " LIMIT ?2 OFFSET ?3", error);
  if (st == NULL)
    return NULL;
  if (pattern)
    sqlite3_bind_text (st, 1, pattern, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (st, 2, limit ? (gint64) limit : -1);
  sqlite3_bind_int64 (st, 3, offset);
  while ((rc = sqlite3_step (st)) == SQLITE_ROW)
    {
      JsonObject *o = tj_json_parse_object ((const char *) sqlite3_column_text (st, 1), -1, NULL);

      if (o == NULL)
        o = json_object_new ();
      json_object_remove_member (o, "_id");
      json_object_remove_member (o, "_rev");
      json_object_remove_member (o, "type");
      json_object_set_string_member (o, "id", (const char *) sqlite3_column_text (st, 0));
      json_array_add_object_element (out, o);
    }
  if (rc != SQLITE_DONE)
    g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED, _("Database error in the consultations: %s"),
                 sqlite3_errmsg (tj_store_get_sqlite (store)));
  sqlite3_reset (st);
  sqlite3_clear_bindings (st);
  return rc == SQLITE_DONE ? g_steal_pointer (&out) : NULL;
}

JsonArray *
tj_consultation_list (TjStore     *store,
                      const char  *query,
                      guint        limit,
                      GError     **error)
{
  return tj_consultation_list_page (store, query, 0, limit, error);
}

JsonObject *
tj_consultation_convert (TjStore             *store,
                         const TjCaseContext *ctx,
                         const char          *id,
                         JsonObject          *extra,
                         GError             **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *rev = NULL;
  JsonObject *worker_in, *employer_in;
  const char *channel;
  GString *facts;

  if (!tj_store_begin (store, error))
    return NULL;
  doc = tj_store_get (store, id, NULL, TJ_GET_NONE, error);
  if (doc == NULL)
    goto fail;
  if (g_strcmp0 (tj_json_get_string (doc, "type", NULL), "consultation") != 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND, _("%s is not a consultation"), id);
      goto fail;
    }
  if (tj_json_get_string (doc, "case_id", NULL))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_CONFLICT,
                   _("This consultation already became a case (%s)"), tj_json_get_string (doc, "case_id", ""));
      goto fail;
    }

  /* Keep everything that was entered: the worker, the employer, the problem
   * as facts, the advice and next step in the facts too. */
  channel = tj_json_get_string (doc, "channel", "night_clinic");
  json_object_set_string_member (input, "kind", tj_json_get_string (doc, "kind", "wage_arrears"));
  json_object_set_string_member (input, "source",
                                 g_str_equal (channel, "hotline") ? "hotline"
                                 : g_str_equal (channel, "walk_in") ? "walk_in"
                                 : g_str_equal (channel, "station") ? "station" : "night_clinic");
  json_object_set_string_member (input, "received_on", tj_json_get_string (doc, "held_on", ""));
  facts = g_string_new (tj_json_get_string (doc, "problem", ""));
  if (tj_json_get_string (doc, "advice", NULL))
    g_string_append_printf (facts, "\n%s %s", _("Advice given:"), tj_json_get_string (doc, "advice", ""));
  if (tj_json_get_string (doc, "next_step", NULL))
    g_string_append_printf (facts, "\n%s %s", _("Next step:"), tj_json_get_string (doc, "next_step", ""));
  if (tj_json_get_string (doc, "referral", NULL))
    g_string_append_printf (facts, "\n%s %s", _("Referred to:"), tj_json_get_string (doc, "referral", ""));
  if (tj_json_get_bool (doc, "migrant_worker", FALSE))
    g_string_append_printf (facts, "\n%s", _("Migrant worker claiming labour remuneration: exempt from the "
                                              "financial-hardship check for legal aid (Legal Aid Law, Art. 42)."));
  json_object_set_string_member (input, "facts", facts->str);
  g_string_free (facts, TRUE);

  employer_in = tj_json_get_object (doc, "employer");
  if (employer_in && tj_json_get_string (employer_in, "name", NULL))
    json_object_set_object_member (input, "employer", tj_json_object_copy (employer_in));
  else
    {
      g_autofree char *title = g_strdup_printf (_("Consultation of %s"),
                                                tj_json_get_string (tj_json_get_object (doc, "worker"), "name", ""));
      json_object_set_string_member (input, "title", title);
    }
  worker_in = tj_json_get_object (doc, "worker");
  {
    JsonArray *workers = json_array_new ();
    JsonObject *w = tj_json_object_copy (worker_in);
    if (json_object_has_member (doc, "owed_fen"))
      json_object_set_int_member (w, "owed_fen", tj_json_get_int (doc, "owed_fen", 0));
    json_array_add_object_element (workers, w);
    json_object_set_array_member (input, "workers", workers);
  }
  /* Fields the mediator adds while converting (e.g. accepted_on). */
  if (extra)
    {
      g_autoptr(GList) members = json_object_get_members (extra);
      for (GList *l = members; l; l = l->next)
        json_object_set_member (input, l->data, json_node_copy (json_object_get_member (extra, l->data)));
    }

  result = tj_case_add (store, ctx, input, error);
  if (result == NULL)
    goto fail;
  json_object_set_string_member (doc, "case_id", tj_json_get_string (result, "id", ""));
  rev = tj_store_put (store, doc, NULL, error);
  if (rev == NULL)
    goto fail;
  {
    g_autoptr(JsonObject) ev = json_object_new ();
    json_object_set_string_member (ev, "consultation_id", id);
    if (!tj_case_add_event (store, ctx, tj_json_get_string (result, "id", ""), "converted",
                            _("Case opened from an evening-clinic consultation"), ev, error))
      goto fail;
  }
  if (!tj_store_commit (store, error))
    return NULL;
  return g_steal_pointer (&result);

fail:
  tj_store_rollback (store);
  return NULL;
}
