/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The contractor chain and who pays the migrant workers' wages. Every rule
 * is in docs/LAW.md with its article and the reading chosen. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Chain"

#include <string.h>

#include "tj-chain.h"
#include "tj-enum-types.h"
#include "tj-i18n.h"
#include "tj-json.h"

const char * const tj_chain_roles[] = {
  "project_owner", "general_contractor", "subcontractor", "team_leader", NULL
};

const char * const tj_chain_fact_members[] = {
  "qualified", "relation", "tier", "name_lent", "unpaid_price_fen", "illegal_project", NULL
};

/* Chinese citations: documents are Chinese whatever the interface. */
#define REG "《保障农民工工资支付条例》"
#define CITE_29 REG "第二十九条"
#define CITE_30 REG "第三十条"
#define CITE_36_1 REG "第三十六条第一款"
#define CITE_36_2 REG "第三十六条第二款"
#define CITE_37 REG "第三十七条"
#define CITE_LCL_30 "《中华人民共和国劳动合同法》第三十条"
#define CITE_LCL_94 "《中华人民共和国劳动合同法》第九十四条"
#define CITE_NOTICE_4 "《关于确立劳动关系有关事项的通知》（劳社部发〔2005〕12号）第四条"

enum { OWNER, GENERAL, SUB, LEADER, OTHER };

static int
rank_of (const char *role)
{
  for (int i = 0; tj_chain_roles[i]; i++)
    if (g_strcmp0 (role, tj_chain_roles[i]) == 0)
      return i;
  return OTHER;
}

gboolean
tj_chain_is_role (const char *role)
{
  return rank_of (role) != OTHER;
}

const char * const *
tj_chain_relations_for (const char *role)
{
  static const char * const general[] = { "contract", NULL };
  static const char * const sub[] = {
    "contract", "labour_subcontract", "illegal_subcontract", "whole", NULL
  };
  static const char * const leader[] = { "illegal_subcontract", "whole", "team", NULL };
  static const char * const none[] = { NULL };

  switch (rank_of (role))
    {
    case GENERAL: return general;
    case SUB: return sub;
    case LEADER: return leader;
    default: return none;
    }
}

/* ------------------------------------------------------------------ */
/* The facts of a link, with their defaults                             */

typedef struct {
  JsonObject *obj;
  int         rank;
  int         index;       /* in the list it came from */
  gboolean    qualified;
  const char *relation;    /* NULL for the owner */
  gboolean    name_lent;
  gint64      unpaid_fen;
  gboolean    illegal;
  gboolean    is_employer; /* the case's employer, not entered in the chain */
} Link;

static gboolean
get_bool (JsonObject *o,
          const char *member,
          gboolean    fallback)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (n);
  return fallback;
}

static void
read_link (Link       *link,
           JsonObject *o,
           int         index)
{
  const char *relation = tj_json_get_string (o, "relation", NULL);
  JsonNode *unpaid = json_object_get_member (o, "unpaid_price_fen");

  link->obj = o;
  link->index = index;
  link->rank = rank_of (tj_json_get_string (o, "role", NULL));
  /* A team leader is a natural person: never an employer in law. */
  link->qualified = get_bool (o, "qualified", link->rank != LEADER);
  if (!tj_enum_from_nick (TJ_TYPE_CHAIN_RELATION, relation, NULL))
    relation = link->rank == OWNER ? NULL : link->rank == LEADER ? "illegal_subcontract" : "contract";
  link->relation = link->rank == OWNER ? NULL : relation;
  link->name_lent = get_bool (o, "name_lent", FALSE);
  link->unpaid_fen = unpaid && JSON_NODE_HOLDS_VALUE (unpaid) && json_node_get_value_type (unpaid) == G_TYPE_INT64
                     ? MAX (json_node_get_int (unpaid), 0) : 0;
  link->illegal = get_bool (o, "illegal_project", FALSE);
}

static const char *
name_of (const Link *link)
{
  return tj_json_get_string (link->obj, "name", "");
}

/* ------------------------------------------------------------------ */
/* Checking                                                             */

static void
check_bool_member (TjCheck    *check,
                   JsonObject *o,
                   const char *member,
                   const char *prefix)
{
  JsonNode *n = json_object_get_member (o, member);

  if (n && !JSON_NODE_HOLDS_NULL (n) &&
      !(JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN))
    tj_check_member (check, prefix, member, _("%s.%s: must be true or false"), prefix, member);
}

static gboolean
has (JsonObject *o,
     const char *member)
{
  JsonNode *n = json_object_get_member (o, member);
  return n && !JSON_NODE_HOLDS_NULL (n);
}

/* The members of one link that make sense on their own. */
static void
check_link_members (TjCheck    *check,
                    JsonObject *o,
                    int         rank,
                    const char *prefix)
{
  const char *relation;
  JsonNode *n;

  check_bool_member (check, o, "qualified", prefix);
  check_bool_member (check, o, "name_lent", prefix);
  check_bool_member (check, o, "illegal_project", prefix);

  {
    g_autofree char *field = g_strconcat (prefix, ".relation", NULL);
    relation = tj_check_string (check, o, "relation", field, FALSE);
  }
  if (relation && rank != OTHER)
    {
      if (rank == OWNER)
        tj_check_member (check, prefix, "relation", _("%s.relation: the project owner is the top of the chain and takes the work "
                                   "from no one"), prefix);
      else if (!tj_enum_from_nick (TJ_TYPE_CHAIN_RELATION, relation, NULL))
        tj_check_member (check, prefix, "relation", _("%s.relation: “%s” is not one of contract, labour_subcontract, "
                                   "illegal_subcontract, whole, team"), prefix, relation);
      else if (!g_strv_contains (tj_chain_relations_for (tj_chain_roles[rank]), relation))
        {
          if (rank == GENERAL)
            tj_check_member (check, prefix, "relation", _("%s.relation: the general contractor takes the work from the owner by "
                                       "contract; “%s” describes a link further down"), prefix, relation);
          else if (rank == SUB)
            tj_check_member (check, prefix, "relation", _("%s.relation: “team” is for a team leader (班组长) leading the team of "
                                       "the contractor above"), prefix);
          else
            tj_check_member (check, prefix, "relation", _("%s.relation: a team leader is an individual and cannot hold a lawful "
                                       "(labour) subcontract: choose team (班组长 of the contractor above), "
                                       "illegal_subcontract or whole"), prefix);
        }
    }

  if (rank == LEADER && get_bool (o, "qualified", FALSE))
    tj_check_member (check, prefix, "qualified", _("%s.qualified: a team leader is an individual and cannot be a qualified employer; "
                               "enter a qualified labour company as a subcontractor"), prefix);
  if (rank == SUB && !get_bool (o, "qualified", TRUE) &&
      (relation == NULL || g_str_equal (relation, "contract") || g_str_equal (relation, "labour_subcontract")))
    tj_check_member (check, prefix, "qualified", _("%s.qualified: a subcontract to a company without the qualification is not lawful; "
                               "set the relation to illegal_subcontract or whole"), prefix);

  if (has (o, "name_lent") && get_bool (o, "name_lent", FALSE) && rank != GENERAL && rank != SUB)
    tj_check_member (check, prefix, "name_lent", _("%s.name_lent: only a contractor can let others take on work in its name"),
                      prefix);
  if (has (o, "illegal_project") && rank != OWNER)
    tj_check_member (check, prefix, "illegal_project", _("%s.illegal_project: an illegal project is a fact about the project owner's "
                               "project; set it on the owner"), prefix);

  n = json_object_get_member (o, "unpaid_price_fen");
  if (n && !JSON_NODE_HOLDS_NULL (n))
    {
      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
        tj_check_member (check, prefix, "unpaid_price_fen", _("%s.unpaid_price_fen: must be a whole number of fen"), prefix);
      else if (json_node_get_int (n) < 0)
        tj_check_member (check, prefix, "unpaid_price_fen", _("%s.unpaid_price_fen: cannot be negative"), prefix);
      else if (rank != OWNER)
        tj_check_member (check, prefix, "unpaid_price_fen", _("%s.unpaid_price_fen: the construction price unpaid is the project owner’s "
                                   "(Art. 29); set it on the owner"), prefix);
    }

  n = json_object_get_member (o, "tier");
  if (n && !JSON_NODE_HOLDS_NULL (n))
    {
      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64 || json_node_get_int (n) < 1)
        tj_check_member (check, prefix, "tier", _("%s.tier: must be a whole number from 1"), prefix);
      else if (rank != SUB && rank != OTHER)
        tj_check_member (check, prefix, "tier", _("%s.tier: only subcontractors have a tier"), prefix);
    }
}

/* “城南置业有限公司” (chain[0]) as messages name another link. */
static char *
link_name (JsonArray *chain,
           int        index)
{
  JsonObject *o = json_array_get_object_element (chain, index);
  const char *name = o ? tj_json_get_string (o, "name", NULL) : NULL;

  if (name && *name)
    /* Translators: another link of the contractor chain in a message:
     * its name, then where it is in the JSON list. */
    return g_strdup_printf (_("“%s” (chain[%d])"), name, index);
  return g_strdup_printf ("chain[%d]", index);
}

void
tj_chain_check (TjCheck   *check,
                JsonArray *chain,
                gboolean   illegal_project)
{
  guint n = chain ? json_array_get_length (chain) : 0;
  int first[OTHER] = { -1, -1, -1, -1 };
  int lowest_rank = -1, lowest_index = -1;
  int subs = 0;
  int owner_index = -1;
  gboolean owner_illegal = FALSE;
  g_autofree Link *links = g_new0 (Link, MAX (n, 1));
  g_autofree gboolean *ok = g_new0 (gboolean, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (chain, i);
      g_autofree char *prefix = g_strdup_printf ("chain[%u]", i);
      JsonObject *o;
      const char *role;
      int rank;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;   /* the caller says "must be an object" */
      o = json_node_get_object (node);
      role = tj_json_get_string (o, "role", NULL);
      rank = rank_of (role);
      check_link_members (check, o, rank, prefix);
      if (rank == OTHER)
        continue;   /* an unknown role is the caller's message */
      read_link (&links[i], o, i);
      ok[i] = TRUE;

      /* Its place: the chain runs down from the owner, and a link may
       * not stand above one of a rank that must be higher. */
      /* The other link is named by its name: the field path says which
       * link has the problem, in the CLI's and the page's terms alike. */
      if (rank != SUB && first[rank] >= 0)
        {
          g_autofree char *other = link_name (chain, first[rank]);
          if (rank == OWNER)
            tj_check_member (check, prefix, "role", _("%s.role: a second project owner (the first is %s); a chain has one "
                                       "owner"), prefix, other);
          else if (rank == GENERAL)
            tj_check_member (check, prefix, "role", _("%s.role: a second general contractor (the first is %s); the company "
                                       "that took the work from the owner is the general contractor, the others "
                                       "are subcontractors"), prefix, other);
          else
            tj_check_member (check, prefix, "role", _("%s.role: a second team leader (the first is %s); the chain is the line "
                                       "of work down to these workers, with one team leader at its bottom"),
                              prefix, other);
          continue;
        }
      if (lowest_rank > rank)
        {
          g_autofree char *other = link_name (chain, lowest_index);
          if (lowest_rank == LEADER)
            tj_check_member (check, prefix, "role", _("%s.role: the team leader %s is listed above this %s; a team leader "
                                       "is the bottom of the chain — list the chain from the owner down"),
                              prefix, other, tj_party_role_label (role));
          else
            tj_check_member (check, prefix, "role", _("%s.role: this %s is listed below %s, a %s; list the chain from the "
                                       "owner down"), prefix, tj_party_role_label (role), other,
                              tj_party_role_label (tj_chain_roles[lowest_rank]));
          continue;
        }
      if (first[rank] < 0)
        first[rank] = i;
      lowest_rank = rank;
      lowest_index = i;

      if (rank == OWNER)
        {
          owner_index = i;
          owner_illegal = links[i].illegal;
        }
      if (rank == SUB)
        {
          JsonNode *t = json_object_get_member (o, "tier");
          subs++;
          if (t && JSON_NODE_HOLDS_VALUE (t) && json_node_get_value_type (t) == G_TYPE_INT64 &&
              json_node_get_int (t) != subs)
            tj_check_member (check, prefix, "tier", _("%s.tier: %d, but it is subcontractor number %d from the top (tiers follow "
                                       "the order of the chain)"), prefix, (int) json_node_get_int (t), subs);
          if (first[GENERAL] < 0 && first[OWNER] >= 0)
            tj_check_member (check, prefix, "role", _("%s.role: a subcontractor directly under the project owner; the company that "
                                       "contracted with the owner is the general contractor (施工总承包单位) — enter "
                                       "it, or make this link the general contractor"), prefix);
        }
    }

  /* Facts that need another link. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("chain[%u]", i);
      gboolean below = FALSE;

      if (!ok[i])
        continue;
      for (guint j = i + 1; j < n; j++)
        below |= ok[j];
      if (links[i].name_lent && (links[i].rank == GENERAL || links[i].rank == SUB) && !below)
        tj_check_member (check, prefix, "name_lent", _("%s.name_lent: no link below it in the chain took the work in its name; add the "
                                   "one that did"), prefix);
      if (links[i].rank == LEADER && g_strcmp0 (links[i].relation, "team") == 0)
        {
          gboolean above = FALSE;
          for (guint j = 0; j < i; j++)
            above |= ok[j];
          if (!above)
            tj_check_member (check, prefix, "relation", _("%s.relation: “team” means the team of the link above, and there is none "
                                       "above it; enter the contractor it works for"), prefix);
        }
    }

  if ((illegal_project || owner_illegal) && owner_index < 0)
    tj_check_field (check, "illegal_project", _("illegal_project: for an illegal project the project owner pays (Art. 37); enter "
                               "the owner in the chain"));
}

void
tj_chain_number_tiers (JsonArray *chain)
{
  gint64 tier = 0;

  for (guint i = 0; chain && i < json_array_get_length (chain); i++)
    {
      JsonNode *node = json_array_get_element (chain, i);
      JsonObject *o;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      o = json_node_get_object (node);
      if (rank_of (tj_json_get_string (o, "role", NULL)) == SUB)
        json_object_set_int_member (o, "tier", ++tier);
      else if (json_object_has_member (o, "tier"))
        json_object_remove_member (o, "tier");
    }
}

/* ------------------------------------------------------------------ */
/* Legal order                                                          */

typedef struct {
  JsonObject *obj;
  int         rank;
  gint64      tier;
  guint       index;
} SortItem;

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const SortItem *x = a, *y = b;

  if (x->rank != y->rank)
    return x->rank - y->rank;
  if (x->tier != y->tier)
    return x->tier < y->tier ? -1 : 1;
  return (int) x->index - (int) y->index;
}

JsonArray *
tj_chain_sort (JsonArray *chain)
{
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (SortItem));
  JsonArray *out = json_array_new ();

  for (guint i = 0; chain && i < json_array_get_length (chain); i++)
    {
      JsonNode *node = json_array_get_element (chain, i);
      SortItem item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      item.obj = json_node_get_object (node);
      item.rank = rank_of (tj_json_get_string (item.obj, "role", NULL));
      item.index = i;
      /* Subcontractors without a tier (typed before tiers existed) keep
       * the order they were entered in, after those with one. */
      item.tier = tj_json_get_int (item.obj, "tier", G_MAXINT64);
      if (item.rank == OTHER)
        continue;
      g_array_append_val (items, item);
    }
  g_array_sort (items, compare_items);
  for (guint i = 0; i < items->len; i++)
    json_array_add_object_element (out, json_object_ref (g_array_index (items, SortItem, i).obj));
  return out;
}

/* ------------------------------------------------------------------ */
/* Who pays                                                             */

static JsonObject *
who (const char *role,
     JsonObject *party)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "role", role);
  json_object_set_string_member (o, "name", tj_json_get_string (party, "name", ""));
  if (tj_json_get_string (party, "id", NULL))
    json_object_set_string_member (o, "party_id", tj_json_get_string (party, "id", NULL));
  return o;
}

static JsonObject *
who_link (const Link *link)
{
  return who (link->is_employer ? "employer" : tj_chain_roles[link->rank], link->obj);
}

static const char *
role_of (const Link *link)
{
  return link->is_employer ? "employer" : tj_chain_roles[link->rank];
}

static gboolean
same_party (JsonObject *a,
            JsonObject *b)
{
  const char *ca = tj_json_get_string (a, "credit_code", NULL);
  const char *cb = tj_json_get_string (b, "credit_code", NULL);
  g_autofree char *na = g_strstrip (g_strdup (tj_json_get_string (a, "name", "")));
  g_autofree char *nb = g_strstrip (g_strdup (tj_json_get_string (b, "name", "")));

  if (ca && cb && *ca && g_ascii_strcasecmp (ca, cb) == 0)
    return TRUE;
  return *na && g_str_equal (na, nb);
}

static void
set_basis (JsonObject *o,
           const char *basis,
           const char *citation)
{
  json_object_set_string_member (o, "basis", basis);
  json_object_set_string_member (o, "citation", citation);
}

static void
add_note (JsonObject *out,
          const char *text)
{
  JsonArray *notes = tj_json_get_array (out, "notes");

  if (notes == NULL)
    {
      notes = json_array_new ();
      json_object_set_array_member (out, "notes", notes);
    }
  json_array_add_string_element (notes, text);
}

/* The direct employer's duty, by what it is. */
static void
set_employer_basis (JsonObject *o,
                    int         rank)
{
  if (rank == SUB)
    set_basis (o, _("Regulations on Ensuring Payment of Wages to Migrant Workers, Art. 30: the subcontractor is "
                    "directly responsible for paying the workers it hires."), CITE_30);
  else
    set_basis (o, _("Labour Contract Law, Art. 30: the employer pays the workers’ wages in full and on time."),
               CITE_LCL_30);
}

JsonObject *
tj_chain_liable_first (JsonArray  *chain,
                       JsonObject *employer,
                       gboolean    illegal_project)
{
  guint n = chain ? json_array_get_length (chain) : 0;
  g_autofree Link *links = g_new0 (Link, n + 1);
  g_autoptr(JsonObject) out = json_object_new ();
  JsonObject *emp_out = NULL;
  const Link *owner = NULL, *general = NULL, *emp = NULL, *payer = NULL, *from = NULL;
  const char *rule = NULL, *duty = NULL;
  gboolean emp_by_notice = FALSE;
  guint m = 0;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (chain, i);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      read_link (&links[m], json_node_get_object (node), i);
      if (links[m].rank == OTHER)
        continue;
      if (links[m].rank == OWNER && owner == NULL)
        owner = &links[m];
      if (links[m].rank == GENERAL && general == NULL)
        general = &links[m];
      illegal_project |= links[m].rank == OWNER && links[m].illegal;
      m++;
    }

  if (m == 0 && employer == NULL)
    return NULL;

  /* The employer as entered, when the chain stops above it (only the
   * owner and the general contractor were typed), is the workers' direct
   * employer at the bottom: the general contractor's subcontractor, or
   * the owner's contractor. */
  if (m > 0 && employer && links[m - 1].rank != LEADER)
    {
      gboolean listed = FALSE;
      for (guint i = 0; i < m; i++)
        listed |= same_party (links[i].obj, employer);
      if (!listed)
        {
          gboolean contractor = FALSE;
          for (guint i = 0; i < m; i++)
            contractor |= links[i].rank == GENERAL || links[i].rank == SUB;
          links[m].obj = employer;
          links[m].index = -1;
          links[m].rank = contractor ? SUB : GENERAL;
          links[m].qualified = TRUE;
          links[m].relation = "contract";
          links[m].is_employer = TRUE;
          m++;
          add_note (out, _("The employer is not in the contractor chain; it is taken to be the workers’ direct "
                           "employer at the bottom of the chain. Add it to the chain where it stands."));
        }
    }

  /* Who bears the employer's responsibility. The bottom link hired the
   * workers. A company with standing is their employer; a team leader
   * leading the team of the link above works for it; anyone else without
   * standing passes the responsibility up to the nearest link above that
   * has it (劳社部发〔2005〕12号 §4). */
  if (m > 0)
    {
      const Link *bottom = &links[m - 1];

      if (bottom->qualified)
        emp = bottom;
      else if (g_strcmp0 (bottom->relation, "team") == 0 && m > 1 && links[m - 2].qualified)
        emp = &links[m - 2];
      else
        {
          for (int i = (int) m - 2; i >= 0 && emp == NULL; i--)
            if (links[i].qualified)
              emp = &links[i];
          emp_by_notice = emp != NULL;
        }
      if (emp)
        {
          emp_out = who_link (emp);
          if (emp_by_notice)
            set_basis (emp_out, _("Notice on Establishing Labour Relations (MOLSS [2005] No. 12), Art. 4: the work "
                                  "was passed to an individual or an entity without the standing of an employer; "
                                  "the contracting party that passed it on bears the employer’s responsibility for "
                                  "the workers hired."), CITE_NOTICE_4);
          else
            set_employer_basis (emp_out, emp->rank);
        }
      else
        add_note (out, _("No link of the chain has the standing of an employer: enter the company that passed the "
                         "work on, or mark the one that is qualified."));
    }
  else
    {
      emp_out = who ("employer", employer);
      set_employer_basis (emp_out, OTHER);
    }

  /* Who pays, from the most specific rule down. */
  if (illegal_project && owner)
    {
      payer = owner;
      rule = "illegal_project";
      duty = "pays";
      set_basis (out, _("Regulations on Ensuring Payment of Wages to Migrant Workers, Art. 37: the project breaches "
                        "spatial-planning or construction law; the project owner pays the wages owed."), CITE_37);
    }
  else
    {
      if (illegal_project)
        add_note (out, _("The project is marked illegal (Art. 37: the project owner pays) but no project owner is in "
                         "the chain: add the owner."));
      /* A contractor that let the link below work in its name (§36 ¶2);
       * the lowest one, nearest the workers, when there are several. */
      for (int i = (int) m - 2; i >= 0 && payer == NULL; i--)
        if (links[i].name_lent && (links[i].rank == GENERAL || links[i].rank == SUB))
          {
            payer = &links[i];
            rule = "name_lent";
            duty = "pays";
            set_basis (out, _("Regulations on Ensuring Payment of Wages to Migrant Workers, Art. 36 ¶2: a contractor "
                              "that let others take on the work in its name pays the wages owed."), CITE_36_2);
          }
      /* The owner or the general contractor passed the work straight to
       * an individual or an entity without standing (§36 ¶1). */
      for (guint i = 0; payer == NULL && i + 1 < m; i++)
        if ((links[i].rank == OWNER || links[i].rank == GENERAL) &&
            !links[i + 1].qualified && g_strcmp0 (links[i + 1].relation, "team") != 0)
          {
            payer = &links[i];
            rule = "passed_to_unqualified";
            duty = "pays";
            set_basis (out, _("Regulations on Ensuring Payment of Wages to Migrant Workers, Art. 36 ¶1: the project "
                              "owner or the general contractor passed the work to an individual or an entity "
                              "without lawful standing, and pays the wages owed."), CITE_36_1);
          }
      if (payer == NULL && general && emp && emp != general)
        {
          /* Below the general contractor (§30): the work passed on whole
           * anywhere under it, or a subcontractor that does not pay. */
          const Link *whole = NULL;
          for (guint i = 0; i < m; i++)
            if (links[i].rank > GENERAL && g_strcmp0 (links[i].relation, "whole") == 0 && whole == NULL)
              whole = &links[i];
          payer = general;
          duty = "pays_first";
          from = whole && whole->qualified ? whole : emp;
          if (whole)
            {
              rule = "passed_on_whole";
              set_basis (out, _("Regulations on Ensuring Payment of Wages to Migrant Workers, Art. 30: the project "
                                "was passed on whole (转包); the general contractor pays the wages owed first and "
                                "then recovers them."), CITE_30);
            }
          else
            {
              rule = "subcontractor_defaults";
              set_basis (out, _("Regulations on Ensuring Payment of Wages to Migrant Workers, Art. 30: when the "
                                "subcontractor does not pay the workers, the general contractor pays first and then "
                                "recovers the wages from it."), CITE_30);
            }
        }
      if (payer == NULL && emp)
        {
          payer = emp;
          rule = "employer";
          duty = "employer";
          if (emp_by_notice)
            set_basis (out, json_object_get_string_member (emp_out, "basis"),
                       json_object_get_string_member (emp_out, "citation"));
          else
            set_employer_basis (out, emp->rank);
          if (emp->rank == SUB && general == NULL)
            add_note (out, _("No general contractor is in the chain: when a subcontractor does not pay, the general "
                             "contractor pays first (Art. 30). Add it to the chain."));
        }
    }

  if (payer)
    {
      json_object_set_string_member (out, "role", role_of (payer));
      json_object_set_string_member (out, "name", name_of (payer));
      if (tj_json_get_string (payer->obj, "id", NULL))
        json_object_set_string_member (out, "party_id", tj_json_get_string (payer->obj, "id", NULL));
    }
  else if (m == 0)
    {
      JsonObject *e = who ("employer", employer);
      g_autoptr(GList) members = json_object_get_members (e);
      for (GList *l = members; l; l = l->next)
        json_object_set_member (out, l->data, json_node_copy (json_object_get_member (e, l->data)));
      json_object_unref (e);
      rule = "employer";
      duty = "employer";
      set_employer_basis (out, OTHER);
    }
  else if (employer)
    {
      /* Nobody in the chain can be named: the employer as entered pays,
       * and the notes say what is missing. */
      json_object_set_string_member (out, "role", "employer");
      json_object_set_string_member (out, "name", tj_json_get_string (employer, "name", ""));
      if (tj_json_get_string (employer, "id", NULL))
        json_object_set_string_member (out, "party_id", tj_json_get_string (employer, "id", NULL));
      rule = "employer";
      duty = "employer";
      set_employer_basis (out, OTHER);
    }
  else
    return NULL;

  json_object_set_string_member (out, "duty", duty);
  json_object_set_string_member (out, "rule", rule);
  if (from && from != payer)
    json_object_set_object_member (out, "recovers_from", who_link (from));
  if (emp_out)
    json_object_set_object_member (out, "employer", emp_out);

  /* The owner that has not paid the construction price advances the
   * wages up to what it owes (§29) — unless it already pays them all. */
  if (owner && owner->unpaid_fen > 0 && payer != owner)
    {
      JsonObject *advance = who_link (owner);
      json_object_set_int_member (advance, "limit_fen", owner->unpaid_fen);
      set_basis (advance, _("Regulations on Ensuring Payment of Wages to Migrant Workers, Art. 29: the project owner "
                            "did not pay the construction price as agreed; it advances the wages owed, up to the "
                            "price it has not paid."), CITE_29);
      json_object_set_object_member (out, "advance", advance);
    }

  /* An individual who took the work and hired the workers is jointly
   * liable with the organisation that contracted it to him (§94). */
  if (m >= 2 && links[m - 1].rank == LEADER && g_strcmp0 (links[m - 1].relation, "team") != 0 &&
      links[m - 2].qualified)
    {
      JsonArray *joint = json_array_new ();
      JsonObject *j = who_link (&links[m - 2]);
      json_object_set_string_member (j, "with", name_of (&links[m - 1]));
      set_basis (j, _("Labour Contract Law, Art. 94: the organisation that contracted the work to an individual "
                      "is jointly liable with that individual for the loss caused to the workers he hired."),
                 CITE_LCL_94);
      json_array_add_object_element (joint, j);
      json_object_set_array_member (out, "joint", joint);
    }

  return g_steal_pointer (&out);
}
