/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The contractor chain and who pays (保障农民工工资支付条例 §29, §30, §36,
 * §37; 劳社部发〔2005〕12号 §4; 劳动合同法 §30, §94). Each case below is
 * worked by hand from the articles; the reasoning is written beside it. */

#include <glib/gstdio.h>
#include <string.h>

#include "tj-case.h"
#include "tj-chain.h"
#include "tj-check.h"
#include "tj-json.h"
#include "tj-test-store.h"
#include "tj-test-util.h"

/* {"chain": [...], "employer": {...}, "illegal_project": bool} → liable_first */
static JsonObject *
liable (const char *json)
{
  g_autoptr(JsonObject) input = tj_test_object (json);
  g_autoptr(JsonArray) sorted = tj_chain_sort (tj_json_get_array (input, "chain"));
  JsonObject *out = tj_chain_liable_first (sorted, tj_json_get_object (input, "employer"),
                                           tj_json_get_bool (input, "illegal_project", FALSE));
  g_assert_nonnull (out);
  return out;
}

/* The problems tj_chain_check() finds, "; "-joined ("" when none). */
static char *
problems (const char *json)
{
  g_autoptr(JsonObject) input = tj_test_object (json);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_auto(TjCheck) check = { errors };
  g_autoptr(GError) error = NULL;

  tj_chain_check (&check, tj_json_get_array (input, "chain"), tj_json_get_bool (input, "illegal_project", FALSE));
  if (tj_check_finish (&check, &error))
    return g_strdup ("");
  return g_strdup (error->message);
}

static void
assert_who (JsonObject *o,
            const char *role,
            const char *name)
{
  g_assert_nonnull (o);
  g_assert_cmpstr (tj_json_get_string (o, "role", NULL), ==, role);
  g_assert_cmpstr (tj_json_get_string (o, "name", NULL), ==, name);
}

#define OWNER "{\"role\":\"project_owner\",\"name\":\"城南置业有限公司\"}"
#define GC    "{\"role\":\"general_contractor\",\"name\":\"中城建设集团\"}"
#define SUB   "{\"role\":\"subcontractor\",\"name\":\"华建劳务有限公司\"}"
#define LEADER "{\"role\":\"team_leader\",\"name\":\"赵老四\"}"

/* The full chain of the issue: owner → general contractor → subcontractor
 * (the employer) → team leader, nothing else said.
 *
 * A team leader is an individual: he has no standing to employ, so the
 * work that reached him from the subcontractor was passed to someone
 * without it. §36 ¶1 does not apply: it names only the owner and the
 * general contractor as the ones who passed the work on. 劳社部发〔2005〕12号
 * §4 puts the employer's responsibility on the party with standing that
 * passed it: the subcontractor. The subcontractor owes the wages, so
 * §30 makes the general contractor pay first and recover from it. The
 * subcontractor that contracted the work to an individual is jointly
 * liable with him (劳动合同法 §94). (Before: "the subcontractor pays
 * first, §36" — wrong.) */
static void
test_full_chain (void)
{
  g_autoptr(JsonObject) lf = liable ("{\"chain\":[" OWNER "," GC "," SUB "," LEADER "],"
                                     "\"employer\":{\"name\":\"华建劳务有限公司\"}}");
  JsonObject *emp = tj_json_get_object (lf, "employer");
  JsonArray *joint = tj_json_get_array (lf, "joint");

  assert_who (lf, "general_contractor", "中城建设集团");
  g_assert_cmpstr (tj_json_get_string (lf, "duty", NULL), ==, "pays_first");
  g_assert_cmpstr (tj_json_get_string (lf, "rule", NULL), ==, "subcontractor_defaults");
  g_assert_cmpstr (tj_json_get_string (lf, "citation", NULL), ==, "《保障农民工工资支付条例》第三十条");
  g_assert_nonnull (strstr (tj_json_get_string (lf, "basis", ""), "Art. 30"));
  assert_who (tj_json_get_object (lf, "recovers_from"), "subcontractor", "华建劳务有限公司");
  assert_who (emp, "subcontractor", "华建劳务有限公司");
  g_assert_cmpstr (tj_json_get_string (emp, "citation", NULL), ==,
                   "《关于确立劳动关系有关事项的通知》（劳社部发〔2005〕12号）第四条");
  g_assert_nonnull (joint);
  g_assert_cmpuint (json_array_get_length (joint), ==, 1);
  assert_who (json_array_get_object_element (joint, 0), "subcontractor", "华建劳务有限公司");
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (joint, 0), "with", NULL), ==, "赵老四");
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (joint, 0), "citation", NULL), ==,
                   "《中华人民共和国劳动合同法》第九十四条");
  g_assert_null (tj_json_get_object (lf, "advance"));
}

/* The same chain, the team leader a 班组长 inside the subcontractor's
 * lawful labour subcontract: nothing was passed on to him. The
 * subcontractor employs the workers directly and is directly responsible
 * for their wages (§30 ¶1); when it does not pay, the general contractor
 * pays first (§30). No §94: no individual took the work. */
static void
test_lawful_team_leader (void)
{
  g_autoptr(JsonObject) lf = liable ("{\"chain\":[" OWNER "," GC ","
                                     "{\"role\":\"subcontractor\",\"name\":\"华建劳务有限公司\","
                                     "\"relation\":\"labour_subcontract\"},"
                                     "{\"role\":\"team_leader\",\"name\":\"赵老四\",\"relation\":\"team\"}]}");
  JsonObject *emp = tj_json_get_object (lf, "employer");

  assert_who (lf, "general_contractor", "中城建设集团");
  g_assert_cmpstr (tj_json_get_string (lf, "duty", NULL), ==, "pays_first");
  assert_who (emp, "subcontractor", "华建劳务有限公司");
  g_assert_cmpstr (tj_json_get_string (emp, "citation", NULL), ==, "《保障农民工工资支付条例》第三十条");
  g_assert_null (tj_json_get_array (lf, "joint"));
}

/* The owner passed the work straight to an individual (the team leader,
 * who hired the workers and is entered as the employer). §36 ¶1: the
 * owner that passed work to an individual pays. The employer's
 * responsibility goes to the owner, the party with standing that passed it
 * (12号 §4), and the owner is jointly liable with the individual (§94).
 * (Before: "the individual, Labour Contract Law §30" — wrong.) */
static void
test_owner_to_individual (void)
{
  g_autoptr(JsonObject) lf = liable ("{\"chain\":[" OWNER "," LEADER "],\"employer\":{\"name\":\"赵老四\"}}");

  assert_who (lf, "project_owner", "城南置业有限公司");
  g_assert_cmpstr (tj_json_get_string (lf, "duty", NULL), ==, "pays");
  g_assert_cmpstr (tj_json_get_string (lf, "rule", NULL), ==, "passed_to_unqualified");
  g_assert_cmpstr (tj_json_get_string (lf, "citation", NULL), ==, "《保障农民工工资支付条例》第三十六条第一款");
  assert_who (tj_json_get_object (lf, "employer"), "project_owner", "城南置业有限公司");
  g_assert_null (tj_json_get_array (lf, "notes"));   /* the employer 赵老四 is in the chain */
}

/* The general contractor passed work to an individual (§36 ¶1: it pays),
 * and likewise to a company without the qualification. */
static void
test_general_to_unqualified (void)
{
  g_autoptr(JsonObject) a = liable ("{\"chain\":[" OWNER "," GC "," LEADER "]}");
  g_autoptr(JsonObject) b = liable ("{\"chain\":[" OWNER "," GC ","
                                    "{\"role\":\"subcontractor\",\"name\":\"无证劳务队\",\"qualified\":false,"
                                    "\"relation\":\"illegal_subcontract\"}]}");

  assert_who (a, "general_contractor", "中城建设集团");
  g_assert_cmpstr (tj_json_get_string (a, "rule", NULL), ==, "passed_to_unqualified");
  g_assert_cmpstr (tj_json_get_string (a, "duty", NULL), ==, "pays");
  assert_who (tj_json_get_object (a, "employer"), "general_contractor", "中城建设集团");

  assert_who (b, "general_contractor", "中城建设集团");
  g_assert_cmpstr (tj_json_get_string (b, "rule", NULL), ==, "passed_to_unqualified");
  assert_who (tj_json_get_object (b, "employer"), "general_contractor", "中城建设集团");
  g_assert_null (tj_json_get_array (b, "joint"));   /* §94 is about individuals */
}

/* Several layers: owner → general contractor → tier-1 → tier-2 (both
 * qualified) → a tier-3 company without the qualification that hired the
 * workers. The nearest party with standing above the workers is the
 * tier-2 subcontractor, which passed the work on: employer's
 * responsibility (12号 §4). §36 ¶1 does not reach a subcontractor; §30
 * covers every subcontractor under the general contractor, which pays
 * first and recovers from the tier-2 one. The links are typed in any
 * order: the tiers put them in the legal order. */
static void
test_layers (void)
{
  g_autoptr(JsonObject) input = tj_test_object ("{\"chain\":["
                                                "{\"role\":\"subcontractor\",\"name\":\"三级公司\",\"tier\":3,\"qualified\":false,"
                                                "\"relation\":\"illegal_subcontract\"},"
                                                "{\"role\":\"subcontractor\",\"name\":\"一级公司\",\"tier\":1},"
                                                GC ","
                                                "{\"role\":\"subcontractor\",\"name\":\"二级公司\",\"tier\":2}," OWNER "]}");
  g_autoptr(JsonArray) sorted = tj_chain_sort (tj_json_get_array (input, "chain"));
  g_autoptr(JsonObject) lf = tj_chain_liable_first (sorted, NULL, FALSE);
  const char *order[] = { "城南置业有限公司", "中城建设集团", "一级公司", "二级公司", "三级公司" };

  g_assert_cmpuint (json_array_get_length (sorted), ==, 5);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (sorted, i), "name", NULL), ==, order[i]);
  assert_who (lf, "general_contractor", "中城建设集团");
  g_assert_cmpstr (tj_json_get_string (lf, "rule", NULL), ==, "subcontractor_defaults");
  assert_who (tj_json_get_object (lf, "employer"), "subcontractor", "二级公司");
  assert_who (tj_json_get_object (lf, "recovers_from"), "subcontractor", "二级公司");
}

/* An illegal project (§37): the owner pays, whoever employed the workers,
 * set on the owner or on the case. An owner with an unpaid price then
 * advances nothing: it pays everything already. */
static void
test_illegal_project (void)
{
  g_autoptr(JsonObject) a = liable ("{\"chain\":[{\"role\":\"project_owner\",\"name\":\"城南置业有限公司\","
                                    "\"illegal_project\":true,\"unpaid_price_fen\":5000000}," GC "," SUB "]}");
  g_autoptr(JsonObject) b = liable ("{\"illegal_project\":true,\"chain\":[" OWNER "," GC "," SUB "]}");

  assert_who (a, "project_owner", "城南置业有限公司");
  g_assert_cmpstr (tj_json_get_string (a, "rule", NULL), ==, "illegal_project");
  g_assert_cmpstr (tj_json_get_string (a, "duty", NULL), ==, "pays");
  g_assert_cmpstr (tj_json_get_string (a, "citation", NULL), ==, "《保障农民工工资支付条例》第三十七条");
  assert_who (tj_json_get_object (a, "employer"), "subcontractor", "华建劳务有限公司");
  g_assert_null (tj_json_get_object (a, "advance"));
  assert_who (b, "project_owner", "城南置业有限公司");
}

/* An illegal project without an owner entered does not fall silently back
 * to another rule: the chain is refused when typed, and a stored one (an
 * older version's) says what is missing. */
static void
test_illegal_without_owner (void)
{
  g_autofree char *p = problems ("{\"illegal_project\":true,\"chain\":[" GC "," SUB "]}");
  g_autoptr(JsonObject) lf = liable ("{\"illegal_project\":true,\"chain\":[" GC "," SUB "]}");
  JsonArray *notes = tj_json_get_array (lf, "notes");

  g_assert_true (g_str_has_prefix (p, "illegal_project: "));
  g_assert_nonnull (strstr (p, "Art. 37"));
  g_assert_nonnull (notes);
  g_assert_nonnull (strstr (json_array_get_string_element (notes, 0), "no project owner"));
}

/* §36 ¶2: a contractor that let another build in its name pays. The
 * general contractor lent its name to an individual (挂靠): it pays under
 * ¶2 (¶1 would name it too, for another reason; ¶2 is the fact entered).
 * A tier-1 subcontractor lent its name to a qualified company, which
 * hired the workers: the lender pays; the borrower is their employer. */
static void
test_name_lent (void)
{
  g_autoptr(JsonObject) a = liable ("{\"chain\":[" OWNER ",{\"role\":\"general_contractor\",\"name\":\"中城建设集团\","
                                    "\"name_lent\":true}," LEADER "]}");
  g_autoptr(JsonObject) b = liable ("{\"chain\":[" OWNER "," GC ",{\"role\":\"subcontractor\",\"name\":\"出借公司\","
                                    "\"name_lent\":true},{\"role\":\"subcontractor\",\"name\":\"借用公司\"}]}");

  assert_who (a, "general_contractor", "中城建设集团");
  g_assert_cmpstr (tj_json_get_string (a, "rule", NULL), ==, "name_lent");
  g_assert_cmpstr (tj_json_get_string (a, "citation", NULL), ==, "《保障农民工工资支付条例》第三十六条第二款");
  assert_who (tj_json_get_object (a, "employer"), "general_contractor", "中城建设集团");

  assert_who (b, "subcontractor", "出借公司");
  g_assert_cmpstr (tj_json_get_string (b, "duty", NULL), ==, "pays");
  assert_who (tj_json_get_object (b, "employer"), "subcontractor", "借用公司");
}

/* §30, the work passed on whole (转包): the general contractor passed the
 * whole project to a qualified company, whose team leader leads its own
 * team. The company employs the workers; the general contractor pays
 * first and recovers from the company it passed the project to. */
static void
test_passed_on_whole (void)
{
  g_autoptr(JsonObject) lf = liable ("{\"chain\":[" OWNER "," GC ",{\"role\":\"subcontractor\",\"name\":\"接手公司\","
                                     "\"relation\":\"whole\"},{\"role\":\"team_leader\",\"name\":\"赵老四\","
                                     "\"relation\":\"team\"}]}");

  assert_who (lf, "general_contractor", "中城建设集团");
  g_assert_cmpstr (tj_json_get_string (lf, "rule", NULL), ==, "passed_on_whole");
  g_assert_cmpstr (tj_json_get_string (lf, "duty", NULL), ==, "pays_first");
  assert_who (tj_json_get_object (lf, "recovers_from"), "subcontractor", "接手公司");
  assert_who (tj_json_get_object (lf, "employer"), "subcontractor", "接手公司");
}

/* §29: the owner has not paid ¥300,000.00 of the construction price
 * (30,000,000 fen). The general contractor still pays first (§30); the
 * owner advances the wages owed up to the ¥300,000.00 it has not paid. */
static void
test_owner_advances (void)
{
  g_autoptr(JsonObject) lf = liable ("{\"chain\":[{\"role\":\"project_owner\",\"name\":\"城南置业有限公司\","
                                     "\"unpaid_price_fen\":30000000}," GC "," SUB "]}");
  JsonObject *advance = tj_json_get_object (lf, "advance");

  assert_who (lf, "general_contractor", "中城建设集团");
  assert_who (advance, "project_owner", "城南置业有限公司");
  g_assert_cmpint (tj_json_get_int (advance, "limit_fen", 0), ==, 30000000);
  g_assert_cmpstr (tj_json_get_string (advance, "citation", NULL), ==, "《保障农民工工资支付条例》第二十九条");
}

/* Without a chain the employer pays (劳动合同法 §30). With only the owner
 * and the general contractor typed, the employer as entered stands below
 * them: as the general contractor's subcontractor it owes the wages and
 * the general contractor pays first (§30). With only the owner typed, the
 * employer is the owner's contractor and pays as the employer. */
static void
test_employer_outside_chain (void)
{
  g_autoptr(JsonObject) none = liable ("{\"employer\":{\"name\":\"华建劳务有限公司\"}}");
  g_autoptr(JsonObject) upper = liable ("{\"chain\":[" OWNER "," GC "],\"employer\":{\"name\":\"华建劳务有限公司\"}}");
  g_autoptr(JsonObject) owner_only = liable ("{\"chain\":[{\"role\":\"project_owner\",\"name\":\"城南置业有限公司\","
                                             "\"unpaid_price_fen\":100}],\"employer\":{\"name\":\"华建劳务有限公司\"}}");
  g_autoptr(JsonObject) sub_only = liable ("{\"chain\":[" SUB "]}");

  assert_who (none, "employer", "华建劳务有限公司");
  g_assert_cmpstr (tj_json_get_string (none, "citation", NULL), ==, "《中华人民共和国劳动合同法》第三十条");
  g_assert_cmpstr (tj_json_get_string (none, "duty", NULL), ==, "employer");

  assert_who (upper, "general_contractor", "中城建设集团");
  assert_who (tj_json_get_object (upper, "recovers_from"), "employer", "华建劳务有限公司");
  g_assert_nonnull (tj_json_get_array (upper, "notes"));

  assert_who (owner_only, "employer", "华建劳务有限公司");
  assert_who (tj_json_get_object (owner_only, "advance"), "project_owner", "城南置业有限公司");

  /* A subcontractor employer with no general contractor entered pays,
   * and the note asks for the general contractor. */
  assert_who (sub_only, "subcontractor", "华建劳务有限公司");
  g_assert_nonnull (strstr (json_array_get_string_element (tj_json_get_array (sub_only, "notes"), 0),
                            "No general contractor"));
}

/* A chain that contradicts itself is refused, each problem naming its
 * field. */
static void
test_contradictions (void)
{
  static const struct { const char *json; const char *expect; } cases[] = {
    { "{\"chain\":[" OWNER "," OWNER "]}", "chain[1].role: a second project owner (the first is “城南置业有限公司” (chain[0]))" },
    { "{\"chain\":[" OWNER "," GC "," LEADER "," SUB "]}", "chain[3].role: the team leader “赵老四” (chain[2]) is listed above" },
    { "{\"chain\":[" SUB "," GC "]}", "chain[1].role: this General contractor is listed below “华建劳务有限公司” (chain[0])" },
    { "{\"chain\":[" OWNER "," SUB "]}", "chain[1].role: a subcontractor directly under the project owner" },
    { "{\"chain\":[" LEADER "," LEADER "]}", "chain[1].role: a second team leader" },
    { "{\"chain\":[{\"role\":\"project_owner\",\"name\":\"甲\",\"relation\":\"contract\"}]}", "chain[0].relation: the project owner" },
    { "{\"chain\":[" GC ",{\"role\":\"subcontractor\",\"name\":\"乙\",\"relation\":\"team\"}]}", "chain[1].relation: “team” is for a team leader" },
    { "{\"chain\":[" GC ",{\"role\":\"team_leader\",\"name\":\"丙\",\"relation\":\"labour_subcontract\"}]}", "chain[1].relation: a team leader is an individual" },
    { "{\"chain\":[" GC ",{\"role\":\"subcontractor\",\"name\":\"丁\",\"qualified\":false}]}", "chain[1].qualified: a subcontract to a company without the qualification" },
    { "{\"chain\":[" GC ",{\"role\":\"team_leader\",\"name\":\"戊\",\"qualified\":true}]}", "chain[1].qualified: a team leader is an individual" },
    { "{\"chain\":[" OWNER ",{\"role\":\"general_contractor\",\"name\":\"己\",\"name_lent\":true}]}", "chain[1].name_lent: no link below it" },
    { "{\"chain\":[{\"role\":\"general_contractor\",\"name\":\"庚\",\"unpaid_price_fen\":100}]}", "chain[0].unpaid_price_fen: the construction price unpaid is the project owner" },
    { "{\"chain\":[" OWNER ",{\"role\":\"general_contractor\",\"name\":\"辛\",\"illegal_project\":true}]}", "chain[1].illegal_project:" },
    { "{\"chain\":[" GC ",{\"role\":\"subcontractor\",\"name\":\"壬\",\"tier\":2}]}", "chain[1].tier: 2, but it is subcontractor number 1" },
    { "{\"chain\":[{\"role\":\"team_leader\",\"name\":\"癸\",\"relation\":\"team\"}]}", "chain[0].relation: “team” means the team of the link above" },
    { "{\"chain\":[{\"role\":\"project_owner\",\"name\":\"甲\",\"unpaid_price_fen\":-1}]}", "chain[0].unpaid_price_fen: cannot be negative" },
    { "{\"chain\":[" GC ",{\"role\":\"subcontractor\",\"name\":\"子\",\"relation\":\"loan\"}]}", "chain[1].relation: “loan” is not one of contract" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *p = problems (cases[i].json);
      if (strstr (p, cases[i].expect) == NULL)
        g_error ("case %u: expected “%s” in “%s”", i, cases[i].expect, p);
    }

  /* A coherent chain, typed top-down, has no problem. */
  {
    g_autofree char *p = problems ("{\"chain\":[" OWNER "," GC "," SUB "," LEADER "]}");
    g_assert_cmpstr (p, ==, "");
  }
}

/* ------------------------------------------------------------------ */
/* Through the case store                                               */

/* A store with the case tables, station "海" (tj-test-store.h). */
typedef TjTestCaseStore Fixture;

static guint
count_cases (Fixture *f)
{
  TjCaseQuery q;
  g_autoptr(GError) error = NULL;
  guint n;

  tj_case_query_init (&q);
  n = tj_case_count (f->store, &q, &error);
  g_assert_no_error (error);
  return n;
}

static const char *
chain_name (JsonObject *shown,
            guint       i)
{
  return tj_json_get_string (json_array_get_object_element (tj_json_get_array (shown, "chain"), i), "name", NULL);
}

static void
test_store_intake (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) bad = tj_test_object ("{\"kind\":\"wage_arrears\",\"source\":\"walk_in\",\"title\":\"欠薪\","
                                              "\"chain\":[" OWNER "," LEADER "," SUB "]}");
  g_autoptr(JsonObject) no_owner = tj_test_object ("{\"kind\":\"wage_arrears\",\"source\":\"walk_in\",\"title\":\"欠薪\","
                                                   "\"illegal_project\":true,\"chain\":[" GC "]}");
  g_autoptr(JsonObject) good = tj_test_object ("{\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                                               "\"employer\":{\"name\":\"华建劳务有限公司\"},"
                                               "\"chain\":[{\"role\":\"project_owner\",\"name\":\"城南置业有限公司\","
                                               "\"unpaid_price_fen\":30000000}," GC "," SUB "," LEADER "]}");
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonObject) shown = NULL;
  JsonObject *lf;

  /* Refused with the field named; nothing written. */
  g_assert_null (tj_case_add (f->store, &f->ctx, bad, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "chain[2].role: "));
  g_clear_error (&error);
  g_assert_null (tj_case_add (f->store, &f->ctx, no_owner, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "illegal_project: "));
  g_clear_error (&error);
  g_assert_cmpuint (count_cases (f), ==, 0);

  added = tj_case_add (f->store, &f->ctx, good, &error);
  g_assert_no_error (error);
  shown = tj_case_show (f->store, &f->ctx, tj_json_get_string (added, "id", ""), &error);
  g_assert_no_error (error);
  lf = tj_json_get_object (shown, "liable_first");
  assert_who (lf, "general_contractor", "中城建设集团");
  g_assert_nonnull (tj_json_get_string (lf, "party_id", NULL));
  g_assert_cmpint (tj_json_get_int (tj_json_get_object (lf, "advance"), "limit_fen", 0), ==, 30000000);
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (tj_json_get_array (shown, "chain"), 2),
                                    "tier", 0), ==, 1);
}

/* Links added later (an owner found out last, a subcontractor between
 * two others) show in the legal order; edits are checked as a chain; the
 * whole chain can be replaced at once. */
static void
test_store_edits (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_test_object ("{\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                                                "\"employer\":{\"name\":\"华建劳务有限公司\"},"
                                                "\"chain\":[" GC "," SUB "," LEADER "]}");
  g_autoptr(JsonObject) added = tj_case_add (f->store, &f->ctx, input, &error);
  const char *id = tj_json_get_string (added, "id", "");
  g_autoptr(JsonObject) owner = tj_test_object (OWNER);
  g_autoptr(JsonObject) middle = tj_test_object ("{\"name\":\"中间公司\",\"tier\":1}");
  g_autoptr(JsonObject) second_owner = tj_test_object ("{\"name\":\"另一业主\"}");
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) patch = NULL;
  g_autoptr(JsonArray) replacement = NULL;
  g_autofree char *owner_id = NULL;
  g_autofree char *middle_id = NULL;
  const char *leader_id;

  g_assert_no_error (error);
  owner_id = tj_case_add_party (f->store, &f->ctx, id, "project_owner", owner, &error);
  g_assert_no_error (error);
  middle_id = tj_case_add_party (f->store, &f->ctx, id, "subcontractor", middle, &error);
  g_assert_no_error (error);
  shown = tj_case_show (f->store, &f->ctx, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chain_name (shown, 0), ==, "城南置业有限公司");
  g_assert_cmpstr (chain_name (shown, 1), ==, "中城建设集团");
  g_assert_cmpstr (chain_name (shown, 2), ==, "中间公司");
  g_assert_cmpstr (chain_name (shown, 3), ==, "华建劳务有限公司");
  g_assert_cmpstr (chain_name (shown, 4), ==, "赵老四");
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (tj_json_get_array (shown, "chain"), 3),
                                    "tier", 0), ==, 2);

  /* A second owner contradicts the chain: refused, nothing written. */
  g_assert_null (tj_case_add_party (f->store, &f->ctx, id, "project_owner", second_owner, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "a second project owner"));
  g_clear_error (&error);

  /* The team leader becomes a 班组长 of the subcontractor: an edit of a
   * fact, checked and saved; then the owner becomes illegal (§37). */
  leader_id = tj_json_get_string (json_array_get_object_element (tj_json_get_array (shown, "chain"), 4), "id", "");
  patch = tj_test_object ("{\"relation\":\"team\"}");
  g_assert_true (tj_case_update_party (f->store, &f->ctx, leader_id, patch, &error));
  g_assert_no_error (error);
  json_object_unref (patch);
  patch = tj_test_object ("{\"relation\":\"contract\"}");
  g_assert_false (tj_case_update_party (f->store, &f->ctx, leader_id, patch, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "chain[4].relation: "));
  g_clear_error (&error);
  json_object_unref (patch);
  patch = tj_test_object ("{\"illegal_project\":true}");
  g_assert_true (tj_case_update_party (f->store, &f->ctx, owner_id, patch, &error));
  g_assert_no_error (error);
  g_clear_pointer (&shown, json_object_unref);
  shown = tj_case_show (f->store, &f->ctx, id, &error);
  g_assert_cmpstr (tj_json_get_string (tj_json_get_object (shown, "liable_first"), "rule", NULL), ==,
                   "illegal_project");

  /* The case marked illegal too (§37 needs the owner, which is there). */
  json_object_unref (patch);
  patch = tj_test_object ("{\"illegal_project\":true}");
  g_assert_true (tj_case_update (f->store, &f->ctx, id, patch, &error));
  g_assert_no_error (error);

  /* The whole chain replaced: the middle company goes, the rest stays
   * with its ids; an owner-less chain of an illegal project is refused. */
  replacement = json_array_new ();
  for (guint i = 1; i < 5; i++)
    {
      JsonObject *l = json_array_get_object_element (tj_json_get_array (shown, "chain"), i);
      if (g_strcmp0 (tj_json_get_string (l, "id", NULL), middle_id) != 0)
        json_array_add_object_element (replacement, json_object_ref (l));
    }
  g_assert_false (tj_case_set_chain (f->store, &f->ctx, id, replacement, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "illegal_project: "));
  g_clear_error (&error);
  json_array_unref (replacement);
  replacement = json_array_new ();
  for (guint i = 0; i < 5; i++)
    {
      JsonObject *l = json_array_get_object_element (tj_json_get_array (shown, "chain"), i);
      if (g_strcmp0 (tj_json_get_string (l, "id", NULL), middle_id) != 0)
        json_array_add_object_element (replacement, json_object_ref (l));
    }
  g_assert_true (tj_case_set_chain (f->store, &f->ctx, id, replacement, &error));
  g_assert_no_error (error);
  g_clear_pointer (&shown, json_object_unref);
  shown = tj_case_show (f->store, &f->ctx, id, &error);
  g_assert_cmpuint (json_array_get_length (tj_json_get_array (shown, "chain")), ==, 4);
  g_assert_cmpstr (chain_name (shown, 2), ==, "华建劳务有限公司");
  g_assert_cmpint (tj_json_get_int (json_array_get_object_element (tj_json_get_array (shown, "chain"), 2),
                                    "tier", 0), ==, 1);
  g_assert_cmpstr (tj_json_get_string (json_array_get_object_element (tj_json_get_array (shown, "chain"), 0),
                                       "id", NULL), ==, owner_id);
}

/* A link that is no object, or has no role of the chain, is refused in the
 * same words at intake and when the whole chain is replaced. */
static void
test_store_bad_links (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) bad = tj_test_object ("{\"kind\":\"wage_arrears\",\"source\":\"walk_in\",\"title\":\"欠薪\","
                                              "\"chain\":[" OWNER ",\"中城建设集团\",{\"role\":\"worker\",\"name\":\"甲\"}]}");
  g_autoptr(JsonObject) input = tj_test_object ("{\"kind\":\"wage_arrears\",\"source\":\"walk_in\",\"title\":\"欠薪\","
                                                "\"chain\":[" OWNER "]}");
  g_autoptr(JsonObject) added = NULL;
  g_autoptr(JsonObject) replacement = NULL;
  const char *id;

  g_assert_null (tj_case_add (f->store, &f->ctx, bad, &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "chain[1]: must be an object"));
  g_assert_nonnull (strstr (error->message, "chain[2].role: “worker” is not one of project_owner"));
  g_clear_error (&error);

  added = tj_case_add (f->store, &f->ctx, input, &error);
  g_assert_no_error (error);
  id = tj_json_get_string (added, "id", "");
  replacement = tj_test_object ("{\"chain\":[" OWNER ",\"中城建设集团\",{\"role\":\"worker\",\"name\":\"甲\"}]}");
  g_assert_false (tj_case_set_chain (f->store, &f->ctx, id, tj_json_get_array (replacement, "chain"), &error));
  g_assert_error (error, TJ_ERROR, TJ_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "chain[1]: must be an object"));
  g_assert_nonnull (strstr (error->message, "chain[2].role: “worker” is not one of project_owner"));
}

/* A chain stored by an older version (party documents without facts or
 * tiers, typed bottom-up) still loads, in legal order, with the defaults. */
static void
test_store_old_chain (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = tj_test_object ("{\"kind\":\"wage_arrears\",\"source\":\"walk_in\","
                                                "\"employer\":{\"name\":\"华建劳务有限公司\"}}");
  g_autoptr(JsonObject) added = tj_case_add (f->store, &f->ctx, input, &error);
  const char *id = tj_json_get_string (added, "id", "");
  const char *old[][2] = {
    { "team_leader", "赵老四" }, { "subcontractor", "华建劳务有限公司" },
    { "general_contractor", "中城建设集团" }, { "project_owner", "城南置业有限公司" },
  };
  g_autoptr(JsonObject) shown = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (old); i++)
    {
      g_autoptr(JsonObject) doc = json_object_new ();
      g_autofree char *rev = NULL;
      json_object_set_string_member (doc, "type", "party");
      json_object_set_string_member (doc, "case_id", id);
      json_object_set_int_member (doc, "position", 10 + i);
      json_object_set_string_member (doc, "role", old[i][0]);
      json_object_set_string_member (doc, "name", old[i][1]);
      rev = tj_store_put (f->store, doc, NULL, &error);
      g_assert_no_error (error);
    }
  shown = tj_case_show (f->store, &f->ctx, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (chain_name (shown, 0), ==, "城南置业有限公司");
  g_assert_cmpstr (chain_name (shown, 3), ==, "赵老四");
  assert_who (tj_json_get_object (shown, "liable_first"), "general_contractor", "中城建设集团");
}

int
main (int    argc,
      char **argv)
{
  tj_test_pin_today ("2026-11-22");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/chain/full-chain", test_full_chain);
  g_test_add_func ("/chain/lawful-team-leader", test_lawful_team_leader);
  g_test_add_func ("/chain/owner-to-individual", test_owner_to_individual);
  g_test_add_func ("/chain/general-to-unqualified", test_general_to_unqualified);
  g_test_add_func ("/chain/layers", test_layers);
  g_test_add_func ("/chain/illegal-project", test_illegal_project);
  g_test_add_func ("/chain/illegal-without-owner", test_illegal_without_owner);
  g_test_add_func ("/chain/name-lent", test_name_lent);
  g_test_add_func ("/chain/passed-on-whole", test_passed_on_whole);
  g_test_add_func ("/chain/owner-advances", test_owner_advances);
  g_test_add_func ("/chain/employer-outside-chain", test_employer_outside_chain);
  g_test_add_func ("/chain/contradictions", test_contradictions);
#define ADD(name, func) g_test_add ("/chain/" name, Fixture, NULL, tj_test_case_store_set_up, func, tj_test_case_store_tear_down)
  ADD ("store-intake", test_store_intake);
  ADD ("store-edits", test_store_edits);
  ADD ("store-bad-links", test_store_bad_links);
  ADD ("store-old-chain", test_store_old_chain);
  return g_test_run ();
}
