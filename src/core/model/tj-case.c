/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cases: labels, numbering and intake; the other parts of the case API
 * are in the tj-case-*.c files (tj-case-private.h). */
#define G_LOG_DOMAIN "Tiaojie-Case"

#include "tj-case-private.h"
#include "tj-audit.h"
#include "tj-consent.h"
#include "tj-calendar.h"
#include "tj-centre.h"
#include "tj-chain.h"
#include "tj-check.h"
#include "tj-i18n.h"
#include "tj-time.h"
#include "tj-json.h"
#include "tj-validate.h"

#include <stdlib.h>
#include <string.h>



typedef struct {
  const char *id;
  const char *label;
} Label;

/* The title a case gets when none was typed: employer and kind. It is part
 * of the record (searched, synced to the centre, printed), so it is written
 * in Chinese whatever the language of the program that took the case in. */
static char *
default_title (JsonObject *employer,
               const char *kind)
{
  static const Label kinds[] = {
    { "wage_arrears", "拖欠工资" },
    { "compensation", "经济补偿" },
    { "termination", "违法解除劳动合同" },
    { "overtime", "加班工资" },
    { "social_insurance", "社会保险" },
    { "work_injury", "工伤" },
    { "other", "其他劳动争议" },
  };
  g_autofree char *name = g_strstrip (g_strdup (tj_json_get_string (employer, "name", "")));
  const char *what = "劳动争议";

  for (gsize i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i].id) == 0)
      what = kinds[i].label;
  return g_strdup_printf ("%s——%s", *name ? name : "用人单位不详", what);
}

void
tj_case_context_init_defaults (TjCaseContext *ctx)
{
  memset (ctx, 0, sizeof *ctx);
  ctx->station_code = "";
  ctx->number_pattern = "〔{year}〕{station}调字第{seq:04}号";
  ctx->actor = "";
  ctx->flag_min_workers = 10;
  ctx->flag_min_amount_fen = 50000000; /* ¥500,000 */
}

void
tj_case_query_init (TjCaseQuery *query)
{
  memset (query, 0, sizeof *query);
  query->deadline_within = -1;
  query->flag_min_workers = 10;
  query->flag_min_amount_fen = 50000000;
}

gboolean
_tj_case_in_list (const char         *value,
                  const char * const *list)
{
  return value && g_strv_contains (list, value);
}

/* ------------------------------------------------------------------ */
/* Writing                                                              */

static char *
format_number (const char *pattern,
               const char *station,
               int         year,
               gint64      seq)
{
  GString *out = g_string_new (NULL);
  const char *p = pattern;

  while (*p)
    {
      if (g_str_has_prefix (p, "{year}"))
        {
          g_string_append_printf (out, "%d", year);
          p += strlen ("{year}");
        }
      else if (g_str_has_prefix (p, "{station}"))
        {
          g_string_append (out, station);
          p += strlen ("{station}");
        }
      else if (g_str_has_prefix (p, "{seq"))
        {
          const char *close = strchr (p, '}');
          int width = 0;
          if (close && p[4] == ':')
            width = atoi (p + 5);
          g_string_append_printf (out, "%0*" G_GINT64_FORMAT, CLAMP (width, 0, 12), seq);
          p = close ? close + 1 : p + strlen (p);
        }
      else
        {
          const char *next = g_utf8_next_char (p);
          g_string_append_len (out, p, next - p);
          p = next;
        }
    }
  return g_string_free (out, FALSE);
}

/* The station part of case numbers: the configured code, or — so that two
 * unconfigured offline stations still never collide — a short piece of
 * this database's uuid. */
static char *
station_of (TjStore             *store,
            const TjCaseContext *ctx)
{
  if (ctx->station_code && *ctx->station_code)
    return g_strdup (ctx->station_code);
  return g_ascii_strup (tj_store_get_uuid (store), 4);
}

static gint64
next_seq (TjStore     *store,
          const char  *station,
          int          year,
          GError     **error)
{
  /* A bare MAX() over the (station, number_year, number_seq) index is
   * answered in O(log n). */
  sqlite3_stmt *st = tj_store_statement (store,
                                         "SELECT MAX(number_seq) FROM case_index "
                                         "WHERE station = ? AND number_year = ?", error);
  gint64 seq = 1;
  if (st == NULL)
    return -1;
  sqlite3_bind_text (st, 1, station, -1, SQLITE_STATIC);
  sqlite3_bind_int (st, 2, year);
  if (sqlite3_step (st) == SQLITE_ROW)
    seq = sqlite3_column_int64 (st, 0) + 1; /* NULL (none yet) reads as 0 */
  sqlite3_reset (st);
  return seq;
}

void
_tj_case_copy_members (JsonObject         *to,
                       JsonObject         *from,
                       const char * const *members)
{
  for (guint i = 0; members[i]; i++)
    {
      JsonNode *node = from ? json_object_get_member (from, members[i]) : NULL;
      if (node && !JSON_NODE_HOLDS_NULL (node))
        {
          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            {
              g_autofree char *s = g_strstrip (g_strdup (json_node_get_string (node)));
              if (*s == '\0')
                continue;
              json_object_set_string_member (to, members[i], s);
            }
          else
            json_object_set_member (to, members[i], json_node_copy (node));
        }
    }
}

static const char * const worker_members[] = {
  "name", "id_number", "phone", "job", "start_date", "monthly_wage_fen", "owed_fen", "address", "bank_account", NULL
};
static const char * const org_members[] = {
  "name", "credit_code", "representative", "phone", "address", "contact", NULL
};
/* A member of the contractor chain: the organisation and the facts the
 * rules of tj-chain.h read. */
const char * const _tj_case_chain_members[] = {
  "name", "credit_code", "representative", "phone", "address", "contact",
  "qualified", "relation", "tier", "name_lent", "unpaid_price_fen", "illegal_project", NULL
};
static const char * const agent_members[] = { "name", "role", "represents", "phone", NULL };
const char * const _tj_case_claim_members[] = { "kind", "amount_fen", "description", NULL };

/* The party's members as stored: ID numbers upper case, bank accounts
 * digits only, credit codes upper case. */
void
_tj_case_normalize_party (JsonObject *doc)
{
  if (json_object_has_member (doc, "id_number"))
    {
      g_autofree char *n = tj_normalize_id_number (tj_json_get_string (doc, "id_number", ""));
      json_object_set_string_member (doc, "id_number", n);
    }
  if (json_object_has_member (doc, "bank_account"))
    {
      g_autofree char *n = tj_normalize_bank_account (tj_json_get_string (doc, "bank_account", ""));
      json_object_set_string_member (doc, "bank_account", n);
    }
  if (json_object_has_member (doc, "credit_code"))
    {
      g_autofree char *up = g_ascii_strup (tj_json_get_string (doc, "credit_code", ""), -1);
      json_object_set_string_member (doc, "credit_code", up);
    }
}

gboolean
_tj_case_put_party (TjStore     *store,
                    const char  *case_id,
                    const char  *role,
                    JsonObject  *source,
                    const char * const *members,
                    gint64       position,
                    char       **out_id,
                    GError     **error)
{
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autofree char *rev = NULL;

  json_object_set_string_member (doc, "type", "party");
  json_object_set_string_member (doc, "case_id", case_id);
  json_object_set_int_member (doc, "position", position);
  _tj_case_copy_members (doc, source, members);
  json_object_set_string_member (doc, "role", role);
  _tj_case_normalize_party (doc);
  rev = tj_store_put (store, doc, out_id, error);
  return rev != NULL;
}

const char * const *
_tj_case_members_for_role (const char *role)
{
  if (g_strcmp0 (role, "worker") == 0)
    return worker_members;
  if (g_strcmp0 (role, "agent") == 0 || g_strcmp0 (role, "representative") == 0)
    return agent_members;
  if (tj_chain_is_role (role))
    return _tj_case_chain_members;
  return org_members;
}

gboolean
tj_case_add_event (TjStore             *store,
                   const TjCaseContext *ctx,
                   const char          *case_id,
                   const char          *kind,
                   const char          *text,
                   JsonObject          *extra,
                   GError             **error)
{
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autofree char *at = tj_timestamp_now ();
  g_autofree char *rev = NULL;

  json_object_set_string_member (doc, "type", "event");
  json_object_set_string_member (doc, "case_id", case_id);
  json_object_set_string_member (doc, "at", at);
  json_object_set_string_member (doc, "kind", kind);
  if (ctx && ctx->actor && *ctx->actor)
    json_object_set_string_member (doc, "actor", ctx->actor);
  if (tj_centre_is_centre (store))
    json_object_set_boolean_member (doc, "by_centre", TRUE);
  if (text)
    json_object_set_string_member (doc, "text", text);
  if (extra)
    {
      g_autoptr(GList) members = json_object_get_members (extra);
      for (GList *l = members; l; l = l->next)
        if (!json_object_has_member (doc, l->data))
          json_object_set_member (doc, l->data, json_node_copy (json_object_get_member (extra, l->data)));
    }
  rev = tj_store_put (store, doc, NULL, error);
  return rev != NULL;
}

gboolean
_tj_case_write_case (TjStore             *store,
                     const TjCaseContext *ctx,
                     JsonObject          *input,
                     const char          *case_id,
                     char               **out_number,
                     GError             **error)
{
  static const char * const case_members[] = {
    "title", "kind", "source", "received_on", "accepted_on", "knew_on", "employment_ended_on",
    "employment_ongoing", "facts", "layoff", "layoff_size", "hotline_ref", "illegal_project",
    "referred_by", "referral_ref", NULL
  };
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autofree char *station = station_of (store, ctx);
  g_autofree char *today = tj_date_today_iso (ctx->today);
  g_autofree char *number = NULL;
  g_autofree char *created = tj_timestamp_now ();
  g_autofree char *rev = NULL;
  JsonObject *employer = tj_json_get_object (input, "employer");
  JsonArray *arr;
  const char *received;
  int year;
  gint64 seq;
  gint64 position = 0;

  _tj_case_copy_members (doc, input, case_members);
  if (!json_object_has_member (doc, "received_on"))
    json_object_set_string_member (doc, "received_on", today);
  received = tj_json_get_string (doc, "received_on", today);
  year = atoi (received);
  if (!json_object_has_member (doc, "title"))
    {
      g_autofree char *title = default_title (employer, tj_json_get_string (input, "kind", ""));
      json_object_set_string_member (doc, "title", title);
    }

  seq = next_seq (store, station, year, error);
  if (seq < 0)
    return FALSE;
  number = format_number (ctx->number_pattern ? ctx->number_pattern : "{station}-{year}-{seq:04}",
                          station, year, seq);

  /* Parties first: the case document written last refreshes the index
   * once, with all of them. */
  if (employer && !_tj_case_put_party (store, case_id, "employer", employer, org_members, position++, NULL, error))
    return FALSE;
  arr = tj_json_get_array (input, "chain");
  if (arr)
    {
      /* Each subcontractor keeps its tier, so the chain reads in its
       * legal order whatever is added to it later. */
      g_autoptr(JsonNode) copy = json_node_copy (json_object_get_member (input, "chain"));
      JsonArray *chain = json_node_get_array (copy);
      tj_chain_number_tiers (chain);
      for (guint i = 0; i < json_array_get_length (chain); i++)
        {
          JsonObject *c = json_array_get_object_element (chain, i);
          if (!_tj_case_put_party (store, case_id, tj_json_get_string (c, "role", "subcontractor"), c, _tj_case_chain_members,
                                   position++, NULL, error))
            return FALSE;
        }
    }
  arr = tj_json_get_array (input, "workers");
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    if (!_tj_case_put_party (store, case_id, "worker", json_array_get_object_element (arr, i), worker_members,
                             position++, NULL, error))
      return FALSE;
  arr = tj_json_get_array (input, "agents");
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      JsonObject *a = json_array_get_object_element (arr, i);
      if (!_tj_case_put_party (store, case_id, tj_json_get_string (a, "role", "agent"), a, agent_members,
                               position++, NULL, error))
        return FALSE;
    }
  arr = tj_json_get_array (input, "claims");
  for (guint i = 0; arr && i < json_array_get_length (arr); i++)
    {
      g_autoptr(JsonObject) claim = json_object_new ();
      g_autofree char *r = NULL;
      json_object_set_string_member (claim, "type", "claim");
      json_object_set_string_member (claim, "case_id", case_id);
      json_object_set_int_member (claim, "position", position++);
      _tj_case_copy_members (claim, json_array_get_object_element (arr, i), _tj_case_claim_members);
      r = tj_store_put (store, claim, NULL, error);
      if (r == NULL)
        return FALSE;
    }

  json_object_set_string_member (doc, "_id", case_id);
  json_object_set_string_member (doc, "type", "case");
  json_object_set_string_member (doc, "number", number);
  json_object_set_string_member (doc, "station", station);
  json_object_set_int_member (doc, "number_year", year);
  json_object_set_int_member (doc, "number_seq", seq);
  json_object_set_string_member (doc, "status",
                                 json_object_has_member (doc, "accepted_on") ? "accepted" : "intake");
  json_object_set_string_member (doc, "created_at", created);
  if (ctx->actor && *ctx->actor)
    json_object_set_string_member (doc, "created_by", ctx->actor);
  if (ctx->dispatch_to && *ctx->dispatch_to)
    {
      json_object_set_string_member (doc, "dispatched_to", ctx->dispatch_to);
      json_object_set_string_member (doc, "dispatched_at", created);
    }
  rev = tj_store_put (store, doc, NULL, error);
  if (rev == NULL)
    return FALSE;
  /* Index it now rather than at commit: the next case written in the same
   * transaction (an import) must see this number as taken. */
  if (!_tj_case_index_refresh (store, error))
    return FALSE;

  {
    g_autofree char *text = g_strdup_printf (_("Case taken in from %s"),
                                             tj_case_source_label (tj_json_get_string (doc, "source", "")));
    g_autoptr(JsonObject) extra = json_object_new ();
    json_object_set_string_member (extra, "to_status", tj_json_get_string (doc, "status", ""));
    if (!tj_case_add_event (store, ctx, case_id, "created", text, extra, error))
      return FALSE;
  }
  *out_number = g_steal_pointer (&number);
  return TRUE;
}

JsonObject *
tj_case_add (TjStore             *store,
             const TjCaseContext *ctx,
             JsonObject          *input,
             GError             **error)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_auto(TjCheck) check = { errors };
  g_autofree char *case_id = tj_store_new_id ();
  g_autofree char *number = NULL;
  JsonNode *consent;
  JsonObject *out;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);
  g_return_val_if_fail (input != NULL, NULL);

  _tj_case_validate_input (&check, input);
  if (!tj_check_finish (&check, error))
    return NULL;
  /* Consent given at intake (tj-consent.h): {"wording", "given_by"}. */
  consent = json_object_get_member (input, "consent");
  if (consent && !JSON_NODE_HOLDS_NULL (consent) &&
      (!JSON_NODE_HOLDS_OBJECT (consent) ||
       !*tj_json_get_string (json_node_get_object (consent), "wording", "")))
    {
      tj_set_invalid (error, "consent.wording",
                      _("consent.wording: say what the worker was told about the use of their data"));
      return NULL;
    }
  if (!tj_case_attach (store, error) || !tj_store_begin (store, error))
    return NULL;
  if (!_tj_case_write_case (store, ctx, input, case_id, &number, error))
    {
      tj_store_rollback (store);
      return NULL;
    }
  if (consent && JSON_NODE_HOLDS_OBJECT (consent))
    {
      JsonObject *c = json_node_get_object (consent);
      g_autofree char *consent_id = tj_consent_record (store, ctx, case_id, tj_json_get_string (c, "wording", NULL),
                                                       tj_json_get_string (c, "given_by", NULL), error);
      if (consent_id == NULL)
        {
          tj_store_rollback (store);
          return NULL;
        }
    }
  if (!tj_store_commit (store, error))
    return NULL;

  out = json_object_new ();
  json_object_set_string_member (out, "id", case_id);
  json_object_set_string_member (out, "number", number);
  return out;
}
