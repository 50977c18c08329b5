/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Case"

#include "tj-consultation.h"
#include "tj-calendar.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-validate.h"

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

typedef struct {
  GPtrArray  *docs;
  char       *needle;
} Collect;

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *h = haystack ? g_utf8_casefold (haystack, -1) : NULL;
  return h && strstr (h, needle) != NULL;
}

static gboolean
collect (JsonObject *doc,
         gpointer    user_data)
{
  Collect *c = user_data;

  if (c->needle)
    {
      JsonObject *w = tj_json_get_object (doc, "worker");
      JsonObject *e = tj_json_get_object (doc, "employer");
      if (!contains_folded (tj_json_get_string (w, "name", NULL), c->needle) &&
          !contains_folded (tj_json_get_string (w, "phone", NULL), c->needle) &&
          !contains_folded (tj_json_get_string (e, "name", NULL), c->needle) &&
          !contains_folded (tj_json_get_string (doc, "problem", NULL), c->needle))
        return TRUE;
    }
  g_ptr_array_add (c->docs, json_object_ref (doc));
  return TRUE;
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  JsonObject *x = *(JsonObject **) a, *y = *(JsonObject **) b;
  int r = g_strcmp0 (tj_json_get_string (y, "held_on", ""), tj_json_get_string (x, "held_on", ""));
  return r ? r : g_strcmp0 (tj_json_get_string (y, "created_at", ""), tj_json_get_string (x, "created_at", ""));
}

JsonArray *
tj_consultation_list (TjStore     *store,
                      const char  *query,
                      guint        limit,
                      GError     **error)
{
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  Collect c = { docs, query && *query ? g_utf8_casefold (query, -1) : NULL };
  JsonArray *out;

  if (!tj_store_foreach (store, "consultation", collect, &c, error))
    {
      g_free (c.needle);
      return NULL;
    }
  g_free (c.needle);
  g_ptr_array_sort (docs, newest_first);
  out = json_array_new ();
  for (guint i = 0; i < docs->len && (limit == 0 || i < limit); i++)
    {
      JsonObject *d = g_ptr_array_index (docs, i);
      JsonObject *o = tj_json_object_copy (d);
      json_object_set_string_member (o, "id", tj_json_get_string (d, "_id", ""));
      json_object_remove_member (o, "_id");
      json_object_remove_member (o, "_rev");
      json_object_remove_member (o, "type");
      json_array_add_object_element (out, o);
    }
  return out;
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
