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
static const Member worker_spec[] = {
  S ("id"), S ("name"), S ("gender"), S ("id_number"), S ("phone"), S ("address"),
  S ("job"), S ("start_date"), S ("end_date"), S ("monthly_wage_fen"), S ("owed_fen"), END
};
static const Member agent_spec[] = {
  S ("id"), S ("name"), S ("role"), S ("represents"), S ("phone"), END
};
static const Member claim_spec[] = {
  S ("id"), S ("kind"), S ("amount_fen"), S ("description"), END
};
static const Member deadline_spec[] = {
  S ("date"), S ("days_left"), S ("basis"), S ("start"), S ("label"), END
};
static const Member totals_spec[] = {
  S ("workers"), S ("owed_fen"), S ("claimed_fen"), END
};
static const Member liable_spec[] = {
  S ("role"), S ("name"), S ("basis"), END
};
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
  { "chain", M_OBJECTS, party_spec },
  { "workers", M_OBJECTS, worker_spec },
  { "agents", M_OBJECTS, agent_spec },
  { "claims", M_OBJECTS, claim_spec },
  { "deadlines", M_MAP, deadline_spec },
  { "flags", M_SCALARS, NULL },
  { "totals", M_OBJECT, totals_spec },
  { "liable_first", M_OBJECT, liable_spec },
  END
};

static const Member payer_spec[] = { S ("role"), S ("name"), END };
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

  if (basis == NULL)
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
        if (g_strcmp0 (tj_json_get_string (s, "visibility", NULL), "caucus") == 0 ||
            (g_strcmp0 (tj_json_get_string (s, "visibility", NULL), "joint") != 0 &&
             g_strcmp0 (tj_json_get_string (s, "kind", NULL), "joint") != 0))
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
  json_object_set_object_member (model, "case", case_out);

  for (guint i = 0; i < G_N_ELEMENTS (extras); i++)
    {
      JsonObject *in = tj_json_get_object (input, extras[i].name);
      if (in)
        json_object_set_object_member (model, extras[i].name, copy_object (in, extras[i].spec));
    }

  if (json_object_has_member (model, "consultation"))
    complete_consultation (json_object_get_object_member (model, "consultation"));

  if (json_object_has_member (model, "settlement") &&
      !complete_settlement (json_object_get_object_member (model, "settlement"), case_out, error))
    return NULL;

  return g_steal_pointer (&model);
}
