/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cases: validation of the case interchange JSON and of parties,
 * collecting every problem (tj-check.h). */
#define G_LOG_DOMAIN "Tiaojie-Case"

#include "tj-case-private.h"
#include "tj-chain.h"
#include "tj-check.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-validate.h"


/* ------------------------------------------------------------------ */
/* Validation of the interchange JSON                                   */

gint64
_tj_case_check_fen (TjCheck    *check,
                    JsonObject *obj,
                    const char *member,
                    const char *field)
{
  /* Absent or wrong, it adds nothing to the case's totals. */
  return MAX (tj_check_fen (check, obj, member, field, FALSE), 0);
}

/* A count (not money): a whole number from @min to @max when given.
 * A double such as 1e308 is refused here, not cast. */
void
_tj_case_check_count (TjCheck    *check,
                      JsonObject *obj,
                      const char *member,
                      const char *field,
                      int         min,
                      int         max)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min || json_node_get_int (node) > max)
    tj_check_field (check, field, _("%s: must be a whole number from %d to %d"), field, min, max);
}

/* true or false when given: "no" or 0 must not pass for a flag (a case
 * whose employment_ongoing is "no" silently lost its deadlines). */
static void
check_bool (TjCheck    *check,
            JsonObject *obj,
            const char *member,
            const char *field)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    tj_check_field (check, field, _("%s: must be true or false"), field);
}

/* Optional text members of @obj, each named "@prefix.member". */
static void
check_strings (TjCheck            *check,
               JsonObject         *obj,
               const char         *prefix,
               const char * const *members)
{
  for (guint i = 0; members[i]; i++)
    {
      g_autofree char *field = g_strconcat (prefix, ".", members[i], NULL);
      tj_check_string (check, obj, members[i], field, FALSE);
    }
}

static void
check_phone (TjCheck    *check,
             JsonObject *obj,
             const char *field)
{
  tj_check_valid (check, obj, "phone", field, FALSE, tj_validate_phone);
}

static void
check_represents (TjCheck    *check,
                  JsonObject *agent,
                  const char *field)
{
  const char *represents = tj_check_string (check, agent, "represents", field, FALSE);

  if (represents && g_strcmp0 (represents, "worker") != 0 && g_strcmp0 (represents, "employer") != 0)
    tj_check_field (check, field, _("%s: “%s” is not worker or employer"), field, represents);
}

/* One worker (intake, roster, later edits); @prefix names it in messages
 * ("workers[3]"). Returns FALSE when it found a problem. */
static gboolean
validate_worker (TjCheck    *check,
                 JsonObject *w,
                 const char *prefix)
{
  guint before = check->errors->len;
  g_autofree char *f_name = g_strconcat (prefix, ".name", NULL);
  g_autofree char *f_id = g_strconcat (prefix, ".id_number", NULL);
  g_autofree char *f_phone = g_strconcat (prefix, ".phone", NULL);
  g_autofree char *f_job = g_strconcat (prefix, ".job", NULL);
  g_autofree char *f_start = g_strconcat (prefix, ".start_date", NULL);
  g_autofree char *f_wage = g_strconcat (prefix, ".monthly_wage_fen", NULL);
  g_autofree char *f_owed = g_strconcat (prefix, ".owed_fen", NULL);

  tj_check_string (check, w, "name", f_name, TRUE);
  tj_check_valid (check, w, "id_number", f_id, FALSE, tj_validate_id_number);
  check_phone (check, w, f_phone);
  {
    g_autofree char *f_account = g_strconcat (prefix, ".bank_account", NULL);
    tj_check_valid (check, w, "bank_account", f_account, FALSE, tj_validate_bank_account);
  }
  tj_check_string (check, w, "job", f_job, FALSE);
  {
    /* Where papers are served and what the arbitration application names
     * as the worker's domicile (劳动争议调解仲裁法 §28). */
    g_autofree char *f_address = g_strconcat (prefix, ".address", NULL);
    tj_check_string (check, w, "address", f_address, FALSE);
  }
  tj_check_date (check, w, "start_date", f_start, FALSE);
  _tj_case_check_fen (check, w, "monthly_wage_fen", f_wage);
  _tj_case_check_fen (check, w, "owed_fen", f_owed);
  return check->errors->len == before;
}

/* An employer or a member of the contractor chain. */
void
_tj_case_validate_org (TjCheck    *check,
                       JsonObject *o,
                       const char *prefix)
{
  g_autofree char *f_name = g_strconcat (prefix, ".name", NULL);
  g_autofree char *f_code = g_strconcat (prefix, ".credit_code", NULL);
  g_autofree char *f_phone = g_strconcat (prefix, ".phone", NULL);

  static const char * const texts[] = { "representative", "address", "contact", NULL };

  tj_check_string (check, o, "name", f_name, TRUE);
  check_strings (check, o, prefix, texts);
  tj_check_valid (check, o, "credit_code", f_code, FALSE, tj_validate_credit_code);
  check_phone (check, o, f_phone);
}

/* A link of the contractor chain (at @prefix, "chain[1]"): its role, one
 * of the chain's, and the organisation or person it names. */
void
_tj_case_validate_link (TjCheck    *check,
                        JsonObject *link,
                        const char *prefix)
{
  g_autofree char *f_role = g_strconcat (prefix, ".role", NULL);
  const char *role = tj_check_string (check, link, "role", f_role, TRUE);

  if (role && !tj_chain_is_role (role))
    tj_check_field (check, f_role, _("%s: “%s” is not one of project_owner, general_contractor, subcontractor, team_leader"),
                    f_role, role);
  _tj_case_validate_org (check, link, prefix);
}

void
_tj_case_validate_input (TjCheck    *check,
                         JsonObject *input)
{
  const char *kind = tj_check_string (check, input, "kind", "kind", TRUE);
  const char *source = tj_check_string (check, input, "source", "source", TRUE);
  JsonObject *employer = tj_json_get_object (input, "employer");
  JsonArray *workers = tj_json_get_array (input, "workers");
  JsonArray *chain = tj_json_get_array (input, "chain");
  JsonArray *agents = tj_json_get_array (input, "agents");
  JsonArray *claims = tj_json_get_array (input, "claims");
  g_autoptr(GHashTable) seen_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gint64 owed = 0, claimed = 0;
  gboolean owed_overflow = FALSE, claimed_overflow = FALSE;

  if (kind && !tj_enum_from_nick (TJ_TYPE_CASE_KIND, kind, NULL))
    tj_check_field (check, "kind", _("kind: “%s” is not one of wage_arrears, compensation, termination, overtime, social_insurance, work_injury, other"), kind);
  if (source && !tj_enum_from_nick (TJ_TYPE_CASE_SOURCE, source, NULL))
    tj_check_field (check, "source", _("source: “%s” is not one of hotline, walk_in, night_clinic, station, court, referral"), source);

  tj_check_string (check, input, "title", "title", FALSE);
  tj_check_string (check, input, "facts", "facts", FALSE);
  tj_check_string (check, input, "hotline_ref", "hotline_ref", FALSE);
  /* A court's or another body's referral: who sent the case, and their
   * number for it (the result is reported back under that number). */
  tj_check_string (check, input, "referred_by", "referred_by", FALSE);
  tj_check_string (check, input, "referral_ref", "referral_ref", FALSE);
  tj_check_date (check, input, "received_on", "received_on", FALSE);
  tj_check_date (check, input, "accepted_on", "accepted_on", FALSE);
  tj_check_date (check, input, "knew_on", "knew_on", FALSE);
  tj_check_date (check, input, "employment_ended_on", "employment_ended_on", FALSE);
  check_bool (check, input, "employment_ongoing", "employment_ongoing");
  check_bool (check, input, "layoff", "layoff");
  check_bool (check, input, "illegal_project", "illegal_project");
  _tj_case_check_count (check, input, "layoff_size", "layoff_size", 1, 1000000);

  if (json_object_has_member (input, "employer") && employer == NULL)
    tj_check_field (check, "employer", _("employer: must be an object"));
  if (employer)
    _tj_case_validate_org (check, employer, "employer");
  if (employer == NULL && tj_json_get_string (input, "title", NULL) == NULL)
    tj_check_field (check, "title", _("title: required when there is no employer"));

#define CHECK_ARRAY(arr, name) \
  if (json_object_has_member (input, name) && arr == NULL) \
    tj_check_field (check, name, _("%s: must be a list"), name);
  CHECK_ARRAY (workers, "workers");
  CHECK_ARRAY (chain, "chain");
  CHECK_ARRAY (agents, "agents");
  CHECK_ARRAY (claims, "claims");
#undef CHECK_ARRAY

  for (guint i = 0; workers && i < json_array_get_length (workers); i++)
    {
      g_autofree char *f = g_strdup_printf ("workers[%u]", i);
      g_autofree char *f_id = g_strdup_printf ("workers[%u].id_number", i);
      JsonObject *w = tj_check_element (check, workers, i, f);
      const char *id_number;

      if (w == NULL)
        continue;
      if (!validate_worker (check, w, f))
        continue;
      if (!tj_money_add (&owed, tj_json_get_int (w, "owed_fen", 0)) && !owed_overflow)
        {
          tj_check_field (check, "workers", _("%s: the amounts owed add up to more than can be counted"), "workers");
          owed_overflow = TRUE;
        }
      id_number = tj_json_get_string (w, "id_number", NULL);
      if (id_number && *id_number)
        {
          g_autofree char *norm = tj_normalize_id_number (id_number);
          if (g_hash_table_contains (seen_ids, norm))
            tj_check_field (check, f_id, _("%s: the same ID number as workers[%u] — the worker is listed twice"),
                              f_id, GPOINTER_TO_UINT (g_hash_table_lookup (seen_ids, norm)));
          else
            g_hash_table_insert (seen_ids, g_steal_pointer (&norm), GUINT_TO_POINTER (i));
        }
    }

  for (guint i = 0; chain && i < json_array_get_length (chain); i++)
    {
      g_autofree char *f = g_strdup_printf ("chain[%u]", i);
      JsonObject *c = tj_check_element (check, chain, i, f);

      if (c)
        _tj_case_validate_link (check, c, f);
    }
  {
    JsonNode *illegal = json_object_get_member (input, "illegal_project");
    if (illegal && !JSON_NODE_HOLDS_NULL (illegal) &&
        !(JSON_NODE_HOLDS_VALUE (illegal) && json_node_get_value_type (illegal) == G_TYPE_BOOLEAN))
      tj_check_field (check, "illegal_project", _("illegal_project: must be true or false"));
    /* The chain as a whole: one owner at the top, nobody above where the
     * law puts them, the facts where they belong. */
    tj_chain_check (check, chain, tj_json_get_bool (input, "illegal_project", FALSE));
  }

  for (guint i = 0; agents && i < json_array_get_length (agents); i++)
    {
      g_autofree char *f_name = g_strdup_printf ("agents[%u].name", i);
      g_autofree char *f_role = g_strdup_printf ("agents[%u].role", i);
      g_autofree char *f_phone = g_strdup_printf ("agents[%u].phone", i);
      g_autofree char *f_represents = g_strdup_printf ("agents[%u].represents", i);
      JsonObject *a = tj_check_element (check, agents, i, f_name);
      const char *role;

      if (a == NULL)
        continue;
      tj_check_string (check, a, "name", f_name, TRUE);
      role = tj_check_string (check, a, "role", f_role, FALSE);
      if (role && g_strcmp0 (role, "agent") != 0 && g_strcmp0 (role, "representative") != 0)
        tj_check_field (check, f_role, _("%s: “%s” is not agent or representative"), f_role, role);
      check_represents (check, a, f_represents);
      check_phone (check, a, f_phone);
    }

  for (guint i = 0; claims && i < json_array_get_length (claims); i++)
    {
      g_autofree char *f = g_strdup_printf ("claims[%u]", i);
      g_autofree char *f_kind = g_strdup_printf ("claims[%u].kind", i);
      g_autofree char *f_amount = g_strdup_printf ("claims[%u].amount_fen", i);
      g_autofree char *f_description = g_strdup_printf ("claims[%u].description", i);
      JsonObject *c = tj_check_element (check, claims, i, f);

      if (c == NULL)
        continue;
      tj_check_string (check, c, "kind", f_kind, TRUE);
      if (!tj_money_add (&claimed, _tj_case_check_fen (check, c, "amount_fen", f_amount)) && !claimed_overflow)
        {
          tj_check_field (check, "claims", _("%s: the amounts claimed add up to more than can be counted"), "claims");
          claimed_overflow = TRUE;
        }
      tj_check_string (check, c, "description", f_description, FALSE);
    }
}

/* Validates a party by its role, prefixing messages with @prefix. */
void
_tj_case_validate_party (TjCheck    *check,
                         const char *role,
                         JsonObject *party,
                         const char *prefix)
{
  if (g_strcmp0 (role, "worker") == 0)
    validate_worker (check, party, prefix);
  else if (g_strcmp0 (role, "agent") == 0 || g_strcmp0 (role, "representative") == 0)
    {
      g_autofree char *f_name = g_strconcat (prefix, ".name", NULL);
      g_autofree char *f_phone = g_strconcat (prefix, ".phone", NULL);
      g_autofree char *f_represents = g_strconcat (prefix, ".represents", NULL);
      tj_check_string (check, party, "name", f_name, TRUE);
      check_represents (check, party, f_represents);
      check_phone (check, party, f_phone);
    }
  else
    _tj_case_validate_org (check, party, prefix);
}
