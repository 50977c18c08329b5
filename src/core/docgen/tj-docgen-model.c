/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The document model: a whitelist copy of the case and its settlement,
 * organisation, agreement, outcome and consultation. Copying only known
 * public members (rather than deleting known private ones) is what keeps
 * caucus notes out of every document, whatever new members the case
 * model grows later. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Docgen"

#include <stdio.h>
#include <string.h>

#include "tj-docgen-private.h"
#include "tj-i18n.h"
#include "tj-json.h"
#include "tj-session.h"
#include "tj-money.h"

typedef enum {
  M_SCALAR,        /* string, number, boolean */
  M_OBJECT,        /* object with a member spec */
  M_OBJECTS,       /* array of objects with a member spec */
  M_SCALARS,       /* array of scalars */
  M_MAP,           /* object whose every member is an object with a spec */
} MemberKind;

typedef struct _Member Member;
struct _Member {
  const char   *name;
  MemberKind    kind;
  const Member *spec;     /* M_OBJECT, M_OBJECTS, M_MAP: NULL-name terminated */
};

#define S(n) { n, M_SCALAR, NULL }
#define END { NULL, 0, NULL }

static const Member party_spec[] = {
  S ("id"), S ("name"), S ("credit_code"), S ("representative"), S ("phone"),
  S ("address"), S ("contact"), S ("role"), END
};
/* A member of the contractor chain, with the facts tj-chain.h reads. */
static const Member chain_spec[] = {
  S ("id"), S ("name"), S ("credit_code"), S ("representative"), S ("phone"),
  S ("address"), S ("contact"), S ("role"), S ("qualified"), S ("relation"), S ("tier"),
  S ("name_lent"), S ("unpaid_price_fen"), S ("illegal_project"), END
};
static const Member worker_spec[] = {
  S ("id"), S ("name"), S ("gender"), S ("birth_date"), S ("id_number"), S ("phone"), S ("address"),
  S ("job"), S ("start_date"), S ("end_date"), S ("monthly_wage_fen"), S ("owed_fen"), END
};
static const Member agent_spec[] = {
  S ("id"), S ("name"), S ("role"), S ("represents"), S ("phone"), END
};
static const Member claim_spec[] = {
  S ("id"), S ("kind"), S ("amount_fen"), S ("description"), END
};
static const Member evidence_spec[] = {
  S ("id"), S ("filename"), S ("description"), S ("added_at"), END
};
static const Member deadline_spec[] = {
  S ("date"), S ("days_left"), S ("basis"), S ("start"), S ("label"), END
};
static const Member totals_spec[] = {
  S ("workers"), S ("owed_fen"), S ("claimed_fen"), END
};
static const Member who_spec[] = {
  S ("role"), S ("name"), S ("party_id"), S ("basis"), S ("citation"), S ("with"), S ("limit_fen"), END
};
static const Member liable_spec[] = {
  S ("role"), S ("name"), S ("party_id"), S ("basis"), S ("citation"), S ("duty"), S ("rule"),
  { "recovers_from", M_OBJECT, who_spec },
  { "employer", M_OBJECT, who_spec },
  { "advance", M_OBJECT, who_spec },
  { "joint", M_OBJECTS, who_spec },
  { "notes", M_SCALARS, NULL },
  END
};
/* Whether a session of the model may appear in a document: the one
 * audience rule decides (tj_audience_may_see(), tj-session.h), asked
 * about the session as stored. A session marked caucus never does. */
static gboolean
session_for_documents (JsonObject *s)
{
  g_autoptr(JsonObject) doc = json_object_new ();

  if (g_strcmp0 (tj_json_get_string (s, "visibility", NULL), "caucus") == 0)
    return FALSE;
  json_object_set_string_member (doc, "type", "session");
  json_object_set_string_member (doc, "kind", tj_json_get_string (s, "kind", ""));
  return tj_audience_may_see (TJ_AUDIENCE_DOCUMENT, doc);
}

/* Only the when and where of joint sessions; never any note text. */
static const Member session_spec[] = {
  S ("date"), S ("kind"), S ("place"), END
};
static const Member case_spec[] = {
  S ("id"), S ("number"), S ("status"), S ("station"), S ("created_at"),
  S ("title"), S ("kind"), S ("source"), S ("received_on"), S ("accepted_on"),
  S ("knew_on"), S ("employment_ended_on"), S ("employment_ongoing"), S ("facts"),
  S ("layoff"), S ("layoff_size"),
  { "employer", M_OBJECT, party_spec },
  { "chain", M_OBJECTS, chain_spec },
  { "workers", M_OBJECTS, worker_spec },
  { "agents", M_OBJECTS, agent_spec },
  { "claims", M_OBJECTS, claim_spec },
  { "evidence", M_OBJECTS, evidence_spec },
  { "deadlines", M_MAP, deadline_spec },
  { "flags", M_SCALARS, NULL },
  { "totals", M_OBJECT, totals_spec },
  { "liable_first", M_OBJECT, liable_spec },
  END
};

static const Member payer_spec[] = { S ("party_id"), S ("role"), S ("name"), END };
static const Member allocation_spec[] = { S ("worker_id"), S ("name"), S ("amount_fen"), END };
static const Member installment_spec[] = {
  S ("due_on"), S ("amount_fen"), { "allocations", M_OBJECTS, allocation_spec }, END
};
static const Member settlement_spec[] = {
  S ("status"), S ("total_fen"), S ("method"),
  { "payer", M_OBJECT, payer_spec },
  { "installments", M_OBJECTS, installment_spec },
  { "terms", M_SCALARS, NULL },
  END
};
static const Member organisation_spec[] = {
  S ("name"), S ("mediator"), S ("address"), S ("phone"), S ("court"),
  S ("arbitration_commission"), S ("legal_aid"), END
};
static const Member agreement_spec[] = {
  S ("number"), S ("signed_on"), S ("effective_on"), S ("copies"), S ("place"), END
};
static const Member outcome_spec[] = {
  S ("reason"), S ("ended_on"), S ("arbitration_commission"),
  { "arbitration_limitation", M_OBJECT, deadline_spec },
  END
};
/* A party in the papers after mediation: who is named, with how to reach
 * them. */
static const Member person_spec[] = {
  S ("id"), S ("role"), S ("name"), S ("gender"), S ("birth_date"), S ("id_number"), S ("phone"),
  S ("address"), S ("job"), S ("credit_code"), S ("representative"), S ("represents"), S ("owed_fen"), END
};
static const Member overdue_spec[] = {
  S ("number"), S ("due_on"), S ("amount_fen"), S ("paid_fen"), S ("owed_fen"), END
};
static const Member order_application_spec[] = {
  { "creditor", M_OBJECT, person_spec },
  S ("agreed_fen"), S ("paid_fen"), S ("outstanding_fen"), S ("amount_fen"),
  { "installments", M_OBJECTS, overdue_spec },
  END
};
/* 支付令申请书: built by tj_papers_model() from the settlement and the
 * payments recorded. */
static const Member payment_order_spec[] = {
  S ("on"), S ("total_fen"), S ("paid_fen"), S ("outstanding_fen"), S ("overdue_fen"),
  S ("first_overdue_on"),
  { "debtor", M_OBJECT, person_spec },
  { "installments", M_OBJECTS, overdue_spec },
  { "applications", M_OBJECTS, order_application_spec },
  END
};
/* The evening clinic's record (tj-consultation.h) in the advice sheet's
 * terms: date, situation, amount, next steps, legal aid. Members given in
 * the sheet's own terms win. */
static void
complete_consultation (JsonObject *c)
{
  JsonObject *worker = tj_json_get_object (c, "worker");
  const char *kind = tj_json_get_string (c, "kind", "");

  if (!json_object_has_member (c, "date") && json_object_has_member (c, "held_on"))
    json_object_set_string_member (c, "date", tj_json_get_string (c, "held_on", ""));
  if (!json_object_has_member (c, "situation") && json_object_has_member (c, "problem"))
    json_object_set_string_member (c, "situation", tj_json_get_string (c, "problem", ""));
  if (!json_object_has_member (c, "amount_fen") && json_object_has_member (c, "owed_fen"))
    json_object_set_int_member (c, "amount_fen", tj_json_get_int (c, "owed_fen", 0));
  if (!json_object_has_member (c, "next_steps"))
    {
      JsonArray *steps = json_array_new ();
      const char *advice = tj_json_get_string (c, "advice", NULL);
      const char *next = tj_json_get_string (c, "next_step", NULL);
      const char *referral = tj_json_get_string (c, "referral", NULL);
      if (advice && *advice)
        json_array_add_string_element (steps, advice);
      if (next && *next)
        json_array_add_string_element (steps, next);
      if (referral && *referral)
        {
          g_autofree char *text = g_strconcat ("去", referral, "。", NULL);
          json_array_add_string_element (steps, text);
        }
      json_object_set_array_member (c, "next_steps", steps);
    }
  if (worker && !json_object_has_member (worker, "migrant") &&
      json_object_has_member (c, "migrant_worker"))
    json_object_set_boolean_member (worker, "migrant", tj_json_get_bool (c, "migrant_worker", FALSE));
  /* 法律援助法 §42: migrant workers claiming labour remuneration or
   * work-injury compensation are exempt from the means test. */
  if (!json_object_has_member (c, "legal_aid"))
    {
      JsonObject *aid = json_object_new ();
      gboolean migrant = worker && tj_json_get_bool (worker, "migrant", FALSE);
      gboolean claim = g_str_equal (kind, "wage_arrears") || g_str_equal (kind, "work_injury") ||
                       g_str_equal (kind, "");
      json_object_set_boolean_member (aid, "exempt", migrant && claim);
      json_object_set_string_member (aid, "basis", "《中华人民共和国法律援助法》第四十二条");
      json_object_set_object_member (c, "legal_aid", aid);
    }
}

static const Member cworker_spec[] = {
  S ("name"), S ("phone"), S ("id_number"), S ("job"), S ("migrant"), END
};
static const Member cdeadline_spec[] = { S ("label"), S ("date"), S ("basis"), END };
static const Member place_spec[] = { S ("name"), S ("address"), S ("phone"), S ("hours"), END };
static const Member legal_aid_spec[] = { S ("eligible"), S ("exempt"), S ("basis"), END };
static const Member consultation_spec[] = {
  S ("date"), S ("place"), S ("volunteer"), S ("situation"), S ("amount_fen"),
  S ("employment_ended_on"), S ("kind"),
  /* as tj-consultation.h stores them */
  S ("held_on"), S ("channel"), S ("problem"), S ("advice"), S ("next_step"),
  S ("referral"), S ("migrant_worker"), S ("owed_fen"),
  { "worker", M_OBJECT, cworker_spec },
  { "employer", M_OBJECT, party_spec },
  { "next_steps", M_SCALARS, NULL },
  { "deadlines", M_OBJECTS, cdeadline_spec },
  { "where", M_OBJECTS, place_spec },
  { "legal_aid", M_OBJECT, legal_aid_spec },
  END
};

static JsonObject *copy_object (JsonObject *in, const Member *spec);

static JsonNode *
copy_member (JsonNode     *node,
             const Member *m)
{
  switch (m->kind)
    {
    case M_SCALAR:
      if (JSON_NODE_HOLDS_VALUE (node))
        return json_node_copy (node);
      return NULL;

    case M_OBJECT:
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonNode *n = json_node_new (JSON_NODE_OBJECT);
          json_node_take_object (n, copy_object (json_node_get_object (node), m->spec));
          return n;
        }
      return NULL;

    case M_MAP:
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *in = json_node_get_object (node);
          JsonObject *out = json_object_new ();
          g_autoptr(GList) names = json_object_get_members (in);
          JsonNode *n;
          for (GList *l = names; l; l = l->next)
            {
              JsonNode *v = json_object_get_member (in, l->data);
              if (JSON_NODE_HOLDS_OBJECT (v))
                json_object_set_object_member (out, l->data,
                                               copy_object (json_node_get_object (v), m->spec));
            }
          n = json_node_new (JSON_NODE_OBJECT);
          json_node_take_object (n, out);
          return n;
        }
      return NULL;

    case M_OBJECTS:
    case M_SCALARS:
      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *in = json_node_get_array (node);
          JsonArray *out = json_array_new ();
          JsonNode *n;
          for (guint i = 0; i < json_array_get_length (in); i++)
            {
              JsonNode *e = json_array_get_element (in, i);
              if (m->kind == M_OBJECTS && JSON_NODE_HOLDS_OBJECT (e))
                json_array_add_object_element (out, copy_object (json_node_get_object (e), m->spec));
              else if (m->kind == M_SCALARS && JSON_NODE_HOLDS_VALUE (e))
                json_array_add_element (out, json_node_copy (e));
            }
          n = json_node_new (JSON_NODE_ARRAY);
          json_node_take_array (n, out);
          return n;
        }
      return NULL;
    }
  return NULL;
}

static JsonObject *
copy_object (JsonObject   *in,
             const Member *spec)
{
  JsonObject *out = json_object_new ();

  for (const Member *m = spec; m->name; m++)
    {
      JsonNode *node = json_object_get_member (in, m->name);
      JsonNode *copy;

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      copy = copy_member (node, m);
      if (copy)
        json_object_set_member (out, m->name, copy);
    }
  return out;
}

static gboolean
get_fen (JsonObject  *o,
         const char  *member,
         const char  *where,
         gint64      *out,
         GError     **error)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64 ||
      json_node_get_int (n) < 0)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("%s.%s: expected a non-negative whole number of fen"), where, member);
      return FALSE;
    }
  *out = json_node_get_int (n);
  return TRUE;
}

static gboolean
valid_iso_date (const char *s)
{
  int y, m, d;
  if (s == NULL || strlen (s) != 10 || s[4] != '-' || s[7] != '-')
    return FALSE;
  if (sscanf (s, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return FALSE;
  return g_date_valid_dmy (d, m, y);
}

/* Checks that the figures of the settlement agree (an agreement whose
 * installments do not add up must not be printed) and adds
 * settlement.workers, per-installment "number" and installment_count. */
static gboolean
complete_settlement (JsonObject  *settlement,
                     JsonObject  *case_obj,
                     GError     **error)
{
  JsonArray *installments = tj_json_get_array (settlement, "installments");
  JsonArray *workers = case_obj ? tj_json_get_array (case_obj, "workers") : NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree gint64 *agreed = NULL;
  gboolean any_allocation = FALSE;
  gint64 total = 0, sum = 0;
  guint n_workers = workers ? json_array_get_length (workers) : 0;
  JsonArray *per_worker;

  if (!get_fen (settlement, "total_fen", "settlement", &total, error))
    return FALSE;
  agreed = g_new0 (gint64, MAX (n_workers, 1));
  for (guint w = 0; w < n_workers; w++)
    {
      JsonObject *wo = json_array_get_object_element (workers, w);
      const char *id = tj_json_get_string (wo, "id", NULL);
      if (id)
        g_hash_table_insert (by_id, (gpointer) id, GUINT_TO_POINTER (w + 1));
    }

  for (guint i = 0; installments && i < json_array_get_length (installments); i++)
    {
      JsonObject *inst = json_array_get_object_element (installments, i);
      JsonArray *allocs = tj_json_get_array (inst, "allocations");
      g_autofree char *where = g_strdup_printf ("settlement.installments[%u]", i);
      gint64 amount = 0, alloc_sum = 0;
      const char *due = tj_json_get_string (inst, "due_on", NULL);

      if (!get_fen (inst, "amount_fen", where, &amount, error))
        return FALSE;
      if (!valid_iso_date (due))
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("%s.due_on: expected a date YYYY-MM-DD"), where);
          return FALSE;
        }
      json_object_set_int_member (inst, "number", i + 1);
      if (!tj_money_add (&sum, amount))
        {
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("%s: the amounts add up to more than can be counted"), "settlement.installments");
          return FALSE;
        }
      /* With one worker, every installment is that worker's: say so, so
       * the roster and annex list him or her without a hand-made split. */
      if ((allocs == NULL || json_array_get_length (allocs) == 0) && n_workers == 1)
        {
          JsonObject *wo = json_array_get_object_element (workers, 0);
          JsonObject *ao = json_object_new ();
          allocs = json_array_new ();
          json_object_set_string_member (ao, "worker_id", tj_json_get_string (wo, "id", ""));
          json_object_set_string_member (ao, "name", tj_json_get_string (wo, "name", ""));
          json_object_set_int_member (ao, "amount_fen", amount);
          json_array_add_object_element (allocs, ao);
          json_object_set_array_member (inst, "allocations", allocs);
          if (!json_object_has_member (wo, "id"))
            {
              /* The lookup below needs an id; a hand-made model may lack one. */
              json_object_set_string_member (wo, "id", "worker-1");
              json_object_set_string_member (ao, "worker_id", "worker-1");
              g_hash_table_insert (by_id, (gpointer) "worker-1", GUINT_TO_POINTER (1));
            }
        }
      for (guint a = 0; allocs && a < json_array_get_length (allocs); a++)
        {
          JsonObject *ao = json_array_get_object_element (allocs, a);
          g_autofree char *awhere = g_strdup_printf ("%s.allocations[%u]", where, a);
          const char *wid = tj_json_get_string (ao, "worker_id", NULL);
          gint64 fen = 0;
          gpointer pos;

          if (!get_fen (ao, "amount_fen", awhere, &fen, error))
            return FALSE;
          if (!tj_money_add (&alloc_sum, fen))
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("%s: the amounts add up to more than can be counted"), where);
              return FALSE;
            }
          any_allocation = TRUE;
          if (wid == NULL || !(pos = g_hash_table_lookup (by_id, wid)))
            {
              g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                           _("%s.worker_id: no worker “%s” in the case"), awhere,
                           wid ? wid : "");
              return FALSE;
            }
          /* Saturates; a total this large fails the checks below anyway. */
          tj_money_add (&agreed[GPOINTER_TO_UINT (pos) - 1], fen);
          /* The roster needs the ID number beside each payment. */
          {
            JsonObject *wo = json_array_get_object_element (workers, GPOINTER_TO_UINT (pos) - 1);
            if (json_object_has_member (wo, "id_number"))
              json_object_set_string_member (ao, "id_number", tj_json_get_string (wo, "id_number", ""));
            if (!json_object_has_member (ao, "name"))
              json_object_set_string_member (ao, "name", tj_json_get_string (wo, "name", ""));
          }
        }
      if (allocs && json_array_get_length (allocs) > 0 && alloc_sum != amount)
        {
          g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, alloc_sum);
          g_autofree char *b = g_strdup_printf ("%" G_GINT64_FORMAT, amount);
          g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                       _("%s: the allocations add up to %s fen but the installment is %s fen"),
                       where, a, b);
          return FALSE;
        }
    }
  if (installments && json_array_get_length (installments) > 0 && sum != total)
    {
      g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, sum);
      g_autofree char *b = g_strdup_printf ("%" G_GINT64_FORMAT, total);
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("settlement.installments add up to %s fen but settlement.total_fen is %s"),
                   a, b);
      return FALSE;
    }
  json_object_set_int_member (settlement, "installment_count",
                              installments ? json_array_get_length (installments) : 0);

  per_worker = json_array_new ();
  for (guint w = 0; any_allocation && w < n_workers; w++)
    {
      JsonObject *wo = json_array_get_object_element (workers, w);
      JsonObject *row;
      if (agreed[w] == 0)
        continue;
      row = json_object_new ();
      json_object_set_string_member (row, "name", tj_json_get_string (wo, "name", ""));
      if (json_object_has_member (wo, "id_number"))
        json_object_set_string_member (row, "id_number", tj_json_get_string (wo, "id_number", ""));
      if (json_object_has_member (wo, "owed_fen"))
        json_object_set_int_member (row, "owed_fen", tj_json_get_int (wo, "owed_fen", 0));
      json_object_set_int_member (row, "amount_fen", agreed[w]);
      json_array_add_object_element (per_worker, row);
    }
  json_object_set_array_member (settlement, "workers", per_worker);
  return TRUE;
}

/* The article number in a legal basis, whichever language the case model
 * wrote it in: "…, Art. 36: …", "Article 30", "第三十六条", "第36条". */
static int
article_number (const char *basis)
{
  static const char digits[] = "零一二三四五六七八九";
  const char *p;

  if ((p = strstr (basis, "Art")))
    {
      while (*p && !g_ascii_isdigit (*p) && *p != ':')
        p++;
      if (g_ascii_isdigit (*p))
        return (int) g_ascii_strtoll (p, NULL, 10);
    }
  if ((p = strstr (basis, "第")))
    {
      int value = 0, digit = 0;
      p += strlen ("第");
      if (g_ascii_isdigit (*p))
        return (int) g_ascii_strtoll (p, NULL, 10);
      while (*p && !g_str_has_prefix (p, "条"))
        {
          gunichar c = g_utf8_get_char (p);
          const char *at;
          char buf[8] = { 0 };
          g_unichar_to_utf8 (c, buf);
          if (c == 0x5341)   /* 十 */
            {
              value += (digit ? digit : 1) * 10;
              digit = 0;
            }
          else if ((at = strstr (digits, buf)) != NULL)
            digit = (int) ((at - digits) / strlen (buf));
          else
            return 0;
          p = g_utf8_next_char (p);
        }
      return *p ? value + digit : 0;
    }
  return 0;
}

/* A Chinese citation for who pays first, e.g. 《保障农民工工资支付条例》第三十条:
 * documents are Chinese even when the case model's texts are not. */
static void
add_liable_citation (JsonObject *case_out)
{
  JsonObject *liable = tj_json_get_object (case_out, "liable_first");
  const char *basis = liable ? tj_json_get_string (liable, "basis", NULL) : NULL;
  const char *statute = NULL;
  int article;

  if (basis == NULL || json_object_has_member (liable, "citation"))
    return;
  if (strstr (basis, "农民工") || strstr (basis, "Migrant Workers"))
    statute = "《保障农民工工资支付条例》";
  else if (strstr (basis, "劳动合同法") || strstr (basis, "Labour Contract Law"))
    statute = "《中华人民共和国劳动合同法》";
  article = article_number (basis);
  if (statute && article > 0 && article < 100)
    {
      static const char * const n[] = { "", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
      g_autofree char *citation = g_strdup_printf ("%s第%s%s%s条", statute,
                                                   article >= 20 ? n[article / 10] : "",
                                                   article >= 10 ? "十" : "", n[article % 10]);
      json_object_set_string_member (liable, "citation", citation);
    }
}

/* Sex and birth date read from an 18-digit ID number (GB 11643: digits
 * 7–14 the birth date, the 17th odd for men), where not given: the
 * arbitration application names them (劳动争议调解仲裁法 §28). */
static void
derive_from_id (JsonObject *w)
{
  const char *id = tj_json_get_string (w, "id_number", NULL);
  int y, m, d;

  if (id == NULL || strlen (id) != 18)
    return;
  if (!json_object_has_member (w, "gender") && g_ascii_isdigit (id[16]))
    json_object_set_string_member (w, "gender", (id[16] - '0') % 2 ? "male" : "female");
  if (!json_object_has_member (w, "birth_date") &&
      sscanf (id + 6, "%4d%2d%2d", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
    {
      g_autofree char *date = g_strdup_printf ("%04d-%02d-%02d", y, m, d);
      json_object_set_string_member (w, "birth_date", date);
    }
}

static void
complete_workers (JsonObject *case_out)
{
  JsonArray *workers = tj_json_get_array (case_out, "workers");

  for (guint i = 0; workers && i < json_array_get_length (workers); i++)
    derive_from_id (json_array_get_object_element (workers, i));
}

static gboolean
same_party (JsonObject *a,
            JsonObject *b)
{
  const char *ia = tj_json_get_string (a, "party_id", tj_json_get_string (a, "id", NULL));
  const char *ib = tj_json_get_string (b, "party_id", tj_json_get_string (b, "id", NULL));
  const char *na = tj_json_get_string (a, "name", NULL);
  const char *nb = tj_json_get_string (b, "name", NULL);

  if (a == NULL || b == NULL)
    return FALSE;
  if (ia && ib)
    return g_str_equal (ia, ib) || (na && nb && g_str_equal (na, nb));
  return na && nb && *na && g_str_equal (na, nb);
}

/* The payer as the settlement names it — often only by party_id — with
 * its name and role from the case, and whether it is the employer. */
static gboolean
complete_payer (JsonObject  *settlement,
                JsonObject  *case_out,
                GError     **error)
{
  JsonObject *payer = tj_json_get_object (settlement, "payer");
  JsonObject *employer = tj_json_get_object (case_out, "employer");
  JsonArray *chain = tj_json_get_array (case_out, "chain");
  const char *party_id;
  JsonObject *found = NULL;
  const char *found_role = NULL;

  if (payer == NULL)
    return TRUE;
  party_id = tj_json_get_string (payer, "party_id", NULL);
  if (employer && same_party (payer, employer))
    {
      found = employer;
      found_role = "employer";
    }
  for (guint i = 0; found == NULL && chain && i < json_array_get_length (chain); i++)
    {
      JsonObject *c = json_array_get_object_element (chain, i);
      if (same_party (payer, c))
        {
          found = c;
          found_role = tj_json_get_string (c, "role", NULL);
        }
    }
  if (found == NULL && party_id && tj_json_get_string (payer, "name", NULL) == NULL)
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
                   _("The settlement’s payer is no longer a party of the case: choose who pays again"));
      return FALSE;
    }
  if (found)
    {
      static const char * const details[] = { "name", "credit_code", "representative", "address", "phone", NULL };
      /* The agreement names a payer other than the employer as a party,
       * with what identifies it. */
      for (guint i = 0; details[i]; i++)
        if (!json_object_has_member (payer, details[i]) && tj_json_get_string (found, details[i], NULL))
          json_object_set_string_member (payer, details[i], tj_json_get_string (found, details[i], ""));
      if (!json_object_has_member (payer, "role") && found_role)
        json_object_set_string_member (payer, "role", found_role);
    }
  if (!json_object_has_member (payer, "role"))
    json_object_set_string_member (payer, "role", "payer");
  json_object_set_boolean_member (payer, "is_employer",
                                  g_strcmp0 (tj_json_get_string (payer, "role", NULL), "employer") == 0 ||
                                  (employer && same_party (payer, employer)));
  if (tj_json_get_string (payer, "name", NULL) == NULL || !*tj_json_get_string (payer, "name", ""))
    json_object_remove_member (settlement, "payer");
  return TRUE;
}

static JsonObject *
person_from (JsonObject *party,
             const char *role)
{
  static const char * const members[] = {
    "name", "gender", "birth_date", "id_number", "phone", "address", "job", "credit_code",
    "representative", "represents", NULL
  };
  JsonObject *p = json_object_new ();

  if (tj_json_get_string (party, "id", NULL))
    json_object_set_string_member (p, "id", tj_json_get_string (party, "id", NULL));
  json_object_set_string_member (p, "role", role);
  for (guint i = 0; members[i]; i++)
    if (tj_json_get_string (party, members[i], NULL))
      json_object_set_string_member (p, members[i], tj_json_get_string (party, members[i], NULL));
  if (json_object_has_member (party, "owed_fen"))
    json_object_set_int_member (p, "owed_fen", tj_json_get_int (party, "owed_fen", 0));
  return p;
}

/* Who signs the agreement and how many copies it has (人民调解法 §29:
 * one for each party and one for the organisation). The workers are
 * parties, each signing, or — in a collective case — through the
 * representatives they elected (劳动争议调解仲裁法 §7), who sign and keep a
 * copy each; the employer is a party; so is a payer other than the
 * employer, which the agreement obliges (a general contractor paying
 * first). */
static void
complete_agreement (JsonObject *model)
{
  JsonObject *case_out = tj_json_get_object (model, "case");
  JsonObject *settlement = tj_json_get_object (model, "settlement");
  JsonObject *agreement = tj_json_get_object (model, "agreement");
  JsonObject *payer = settlement ? tj_json_get_object (settlement, "payer") : NULL;
  JsonObject *employer = tj_json_get_object (case_out, "employer");
  JsonObject *liable = tj_json_get_object (case_out, "liable_first");
  JsonArray *workers = tj_json_get_array (case_out, "workers");
  JsonArray *agents = tj_json_get_array (case_out, "agents");
  JsonArray *flags = tj_json_get_array (case_out, "flags");
  JsonArray *signers = json_array_new ();
  gboolean collective = FALSE;
  gboolean payer_signs = payer && !tj_json_get_bool (payer, "is_employer", FALSE);
  guint parties;

  if (agreement == NULL)
    {
      agreement = json_object_new ();
      json_object_set_object_member (model, "agreement", agreement);
    }
  for (guint i = 0; flags && i < json_array_get_length (flags); i++)
    collective |= g_strcmp0 (json_array_get_string_element (flags, i), "collective") == 0;
  if (collective)
    for (guint i = 0; agents && i < json_array_get_length (agents); i++)
      {
        JsonObject *a = json_array_get_object_element (agents, i);
        if (g_strcmp0 (tj_json_get_string (a, "role", NULL), "representative") == 0 &&
            g_strcmp0 (tj_json_get_string (a, "represents", NULL), "worker") == 0)
          json_array_add_object_element (signers, person_from (a, "representative"));
      }
  if (json_array_get_length (signers) == 0)
    for (guint i = 0; workers && i < json_array_get_length (workers); i++)
      json_array_add_object_element (signers, person_from (json_array_get_object_element (workers, i), "worker"));

  parties = json_array_get_length (signers) + (employer ? 1 : 0) + (payer_signs ? 1 : 0);
  json_object_set_boolean_member (agreement, "by_representatives",
                                  json_array_get_length (signers) > 0 &&
                                  g_strcmp0 (tj_json_get_string (json_array_get_object_element (signers, 0), "role", NULL),
                                             "representative") == 0);
  json_object_set_array_member (agreement, "worker_signers", signers);
  json_object_set_int_member (agreement, "worker_copies", json_array_get_length (signers));
  json_object_set_int_member (agreement, "party_copies", parties);
  json_object_set_int_member (agreement, "copies", parties + 1);
  json_object_set_boolean_member (agreement, "payer_signs", payer_signs);

  /* Whether the one the law makes pay first signs the agreement: if not,
   * the agreement only records the rule and binds it to nothing. */
  if (liable)
    {
      JsonObject *bearer = NULL;
      json_object_set_boolean_member (liable, "signs",
                                      (employer && same_party (liable, employer)) ||
                                      (payer && same_party (liable, payer)));
      (void) bearer;
    }
}

static void
mark_employer (JsonObject *party,
               JsonObject *employer)
{
  json_object_set_boolean_member (party, "is_employer",
                                  g_strcmp0 (tj_json_get_string (party, "role", NULL), "employer") == 0 ||
                                  (employer && same_party (party, employer)));
}

/* Whether who pays first, and who bears the employer's responsibility,
 * is the employer the case names: the papers then say it once. */
static void
complete_liable (JsonObject *case_out)
{
  JsonObject *liable = tj_json_get_object (case_out, "liable_first");
  JsonObject *employer = tj_json_get_object (case_out, "employer");
  JsonObject *bearer = liable ? tj_json_get_object (liable, "employer") : NULL;

  if (liable)
    mark_employer (liable, employer);
  if (bearer)
    mark_employer (bearer, employer);
}

/* 劳动人事争议仲裁申请书 (劳动争议调解仲裁法 §28): one application per
 * worker, or — ten workers or more with a common claim (§7) — one
 * collective application by their representatives. The respondent is the
 * employer, and also the one that bears the employer's responsibility
 * when that is another link of the chain (劳社部发〔2005〕12号 §4). */
static void
complete_arbitration (JsonObject *model)
{
  JsonObject *case_out = tj_json_get_object (model, "case");
  JsonObject *org = tj_json_get_object (model, "organisation");
  JsonObject *liable = tj_json_get_object (case_out, "liable_first");
  JsonObject *bearer = liable ? tj_json_get_object (liable, "employer") : NULL;
  JsonObject *employer = tj_json_get_object (case_out, "employer");
  JsonArray *workers = tj_json_get_array (case_out, "workers");
  JsonArray *agents = tj_json_get_array (case_out, "agents");
  JsonArray *claims = tj_json_get_array (case_out, "claims");
  JsonArray *chain = tj_json_get_array (case_out, "chain");
  JsonObject *arb;
  JsonArray *respondents, *applications;
  guint n_workers = workers ? json_array_get_length (workers) : 0;

  if (json_object_has_member (model, "arbitration") || n_workers == 0)
    return;
  arb = json_object_new ();
  respondents = json_array_new ();
  applications = json_array_new ();
  if (org && tj_json_get_string (org, "arbitration_commission", NULL) &&
      *tj_json_get_string (org, "arbitration_commission", ""))
    json_object_set_string_member (arb, "commission", tj_json_get_string (org, "arbitration_commission", ""));

  if (employer)
    json_array_add_object_element (respondents, person_from (employer, "employer"));
  if (bearer && !(employer && same_party (bearer, employer)))
    for (guint i = 0; chain && i < json_array_get_length (chain); i++)
      {
        JsonObject *c = json_array_get_object_element (chain, i);
        if (same_party (bearer, c))
          {
            json_array_add_object_element (respondents, person_from (c, tj_json_get_string (c, "role", "")));
            break;
          }
      }

  /* §7: ten or more workers with a common claim elect representatives. */
  json_object_set_boolean_member (arb, "collective", n_workers >= 10);
  if (n_workers >= 10)
    {
      JsonObject *app = json_object_new ();
      JsonArray *applicants = json_array_new ();
      JsonArray *reps = json_array_new ();
      JsonArray *cl = json_array_new ();
      gint64 total = 0, owed = 0;

      for (guint i = 0; i < n_workers; i++)
        {
          JsonObject *w = json_array_get_object_element (workers, i);
          owed += tj_json_get_int (w, "owed_fen", 0);
          json_array_add_object_element (applicants, person_from (w, "worker"));
        }
      for (guint i = 0; agents && i < json_array_get_length (agents); i++)
        {
          JsonObject *a = json_array_get_object_element (agents, i);
          if (g_strcmp0 (tj_json_get_string (a, "represents", NULL), "worker") == 0)
            json_array_add_object_element (reps, person_from (a, tj_json_get_string (a, "role", "agent")));
        }
      for (guint i = 0; claims && i < json_array_get_length (claims); i++)
        {
          JsonObject *c = json_array_get_object_element (claims, i);
          total += tj_json_get_int (c, "amount_fen", 0);
          json_array_add_object_element (cl, tj_json_object_copy (c));
        }
      if (json_array_get_length (cl) == 0 && owed > 0)
        {
          JsonObject *c = json_object_new ();
          json_object_set_string_member (c, "kind", "wages");
          json_object_set_int_member (c, "amount_fen", owed);
          json_array_add_object_element (cl, c);
          total = owed;
        }
      json_object_set_array_member (app, "applicants", applicants);
      json_object_set_array_member (app, "representatives", reps);
      json_object_set_array_member (app, "claims", cl);
      json_object_set_int_member (app, "total_fen", total);
      json_array_add_object_element (applications, app);
    }
  else
    for (guint i = 0; i < n_workers; i++)
      {
        JsonObject *w = json_array_get_object_element (workers, i);
        JsonObject *app = json_object_new ();
        JsonArray *applicants = json_array_new ();
        JsonArray *reps = json_array_new ();
        JsonArray *cl = json_array_new ();
        gint64 total = 0;

        json_array_add_object_element (applicants, person_from (w, "worker"));
        for (guint k = 0; agents && k < json_array_get_length (agents); k++)
          {
            JsonObject *a = json_array_get_object_element (agents, k);
            if (g_strcmp0 (tj_json_get_string (a, "represents", NULL), "worker") == 0 &&
                g_strcmp0 (tj_json_get_string (a, "role", NULL), "agent") == 0)
              json_array_add_object_element (reps, person_from (a, "agent"));
          }
        /* One worker: the case's claims are his or hers. Several: each
         * claims what he or she is owed; other claims are per worker and
         * written in by hand (docs/LAW.md). */
        if (n_workers == 1)
          for (guint k = 0; claims && k < json_array_get_length (claims); k++)
            {
              JsonObject *c = json_array_get_object_element (claims, k);
              total += tj_json_get_int (c, "amount_fen", 0);
              json_array_add_object_element (cl, tj_json_object_copy (c));
            }
        if (json_array_get_length (cl) == 0 && tj_json_get_int (w, "owed_fen", 0) > 0)
          {
            JsonObject *c = json_object_new ();
            json_object_set_string_member (c, "kind", "wages");
            json_object_set_int_member (c, "amount_fen", tj_json_get_int (w, "owed_fen", 0));
            json_array_add_object_element (cl, c);
            total = tj_json_get_int (w, "owed_fen", 0);
          }
        json_object_set_array_member (app, "applicants", applicants);
        json_object_set_array_member (app, "representatives", reps);
        json_object_set_array_member (app, "claims", cl);
        json_object_set_int_member (app, "total_fen", total);
        json_array_add_object_element (applications, app);
      }
  /* §28: a copy of the application for each respondent. */
  json_object_set_int_member (arb, "copies", MAX (json_array_get_length (respondents), 1));
  json_object_set_array_member (arb, "respondents", respondents);
  json_object_set_array_member (arb, "applications", applications);
  json_object_set_object_member (model, "arbitration", arb);
}

JsonObject *
tj_docgen_model_from_case (JsonObject  *input,
                           GError     **error)
{
  g_autoptr(JsonObject) model = json_object_new ();
  JsonObject *case_in;
  JsonObject *case_out;
  static const struct { const char *name; const Member *spec; } extras[] = {
    { "settlement", settlement_spec },
    { "organisation", organisation_spec },
    { "agreement", agreement_spec },
    { "outcome", outcome_spec },
    { "consultation", consultation_spec },
    { "payment_order", payment_order_spec },
  };

  g_return_val_if_fail (input != NULL, NULL);

  case_in = tj_json_get_object (input, "case");
  if (case_in == NULL)
    case_in = input;
  case_out = copy_object (case_in, case_spec);

  /* Only joint sessions, and only when and where they took place. */
  {
    JsonArray *sessions = tj_json_get_array (case_in, "sessions");
    JsonArray *out = json_array_new ();
    for (guint i = 0; sessions && i < json_array_get_length (sessions); i++)
      {
        JsonNode *e = json_array_get_element (sessions, i);
        JsonObject *s;
        if (!JSON_NODE_HOLDS_OBJECT (e))
          continue;
        s = json_node_get_object (e);
        if (!session_for_documents (s))
          continue;
        json_array_add_object_element (out, copy_object (s, session_spec));
      }
    json_object_set_array_member (case_out, "sessions", out);
  }

  /* Derive totals when the model came from elsewhere than tj_case_show(). */
  if (!json_object_has_member (case_out, "totals"))
    {
      JsonArray *workers = tj_json_get_array (case_out, "workers");
      JsonObject *totals = json_object_new ();
      gint64 owed = 0;
      for (guint i = 0; workers && i < json_array_get_length (workers); i++)
        tj_money_add (&owed, tj_json_get_int (json_array_get_object_element (workers, i), "owed_fen", 0));
      json_object_set_int_member (totals, "workers", workers ? json_array_get_length (workers) : 0);
      json_object_set_int_member (totals, "owed_fen", owed);
      json_object_set_object_member (case_out, "totals", totals);
    }
  add_liable_citation (case_out);
  complete_workers (case_out);
  complete_liable (case_out);
  json_object_set_object_member (model, "case", case_out);

  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    {
      JsonObject *in = tj_json_get_object (input, extras[i].name);
      if (in)
        json_object_set_object_member (model, extras[i].name, copy_object (in, extras[i].spec));
    }

  /* The reason a mediation ended is quoted inside a sentence: without
   * the full stop it was typed with. */
  {
    JsonObject *outcome = tj_json_get_object (model, "outcome");
    const char *reason = outcome ? tj_json_get_string (outcome, "reason", NULL) : NULL;
    if (reason)
      {
        g_autofree char *trimmed = g_strstrip (g_strdup (reason));
        while (g_str_has_suffix (trimmed, "。") || g_str_has_suffix (trimmed, "；"))
          trimmed[strlen (trimmed) - strlen ("。")] = '\0';
        while (*trimmed && strchr (".;", trimmed[strlen (trimmed) - 1]))
          trimmed[strlen (trimmed) - 1] = '\0';
        json_object_set_string_member (outcome, "reason", trimmed);
      }
  }

  if (json_object_has_member (model, "consultation"))
    complete_consultation (json_object_get_object_member (model, "consultation"));

  if (json_object_has_member (model, "settlement") &&
      (!complete_payer (json_object_get_object_member (model, "settlement"), case_out, error) ||
       !complete_settlement (json_object_get_object_member (model, "settlement"), case_out, error)))
    return NULL;
  if (json_object_has_member (model, "settlement") || json_object_has_member (model, "agreement"))
    complete_agreement (model);
  complete_arbitration (model);
  {
    JsonObject *order = tj_json_get_object (model, "payment_order");
    JsonArray *apps = order ? tj_json_get_array (order, "applications") : NULL;
    for (guint i = 0; apps && i < json_array_get_length (apps); i++)
      {
        JsonObject *creditor = tj_json_get_object (json_array_get_object_element (apps, i), "creditor");
        if (creditor)
          derive_from_id (creditor);
      }
  }

  return g_steal_pointer (&model);
}
