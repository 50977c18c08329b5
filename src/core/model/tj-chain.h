/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-types.h"

#include "tj-check.h"

G_BEGIN_DECLS

/*
 * The contractor chain of a construction case and who pays the migrant
 * workers' wages (保障农民工工资支付条例 §29, §30, §36, §37; 劳社部发〔2005〕12号
 * §4; 劳动合同法 §30, §94). docs/LAW.md gives every rule and reading.
 *
 * A chain is the line of work from the project owner down to the workers:
 * owner → general contractor → subcontractors (tier 1, 2, …) → team leader.
 * Each link is an object of the case interchange JSON's "chain" list:
 *
 *   "role"             project_owner | general_contractor | subcontractor |
 *                      team_leader
 *   "name", "credit_code", "representative", "phone", "address", "contact"
 *   "qualified"        bool: holds the qualification / lawful business
 *                      standing to take the work and employ (default: true
 *                      for companies, false for a team leader, an
 *                      individual)
 *   "relation"         how it got the work from the link above:
 *                      contract (a lawful contract or subcontract; default
 *                      for companies), labour_subcontract (a lawful labour
 *                      subcontract, 劳务分包), illegal_subcontract (违法分包,
 *                      e.g. to an individual; default for a team leader),
 *                      whole (the work passed on whole, 转包), team (a team
 *                      leader, 班组长, leading the team of the link above
 *                      inside its lawful subcontract: no passing-on)
 *   "tier"             subcontractors: 1 takes the work from the general
 *                      contractor, 2 from a tier-1 subcontractor, …
 *   "name_lent"        bool, contractors: let the link below take the work
 *                      in its name (挂靠, 借用资质)
 *   "unpaid_price_fen" the owner: construction price due under the contract
 *                      and not paid (未结清的工程款)
 *   "illegal_project"  bool, the owner: the project breaches spatial
 *                      planning or construction law (违法建设)
 *
 * Chains typed before these members existed read with the defaults.
 */

extern const char * const tj_chain_roles[];
/* The members a chain party document keeps besides the organisation's. */
extern const char * const tj_chain_fact_members[];

gboolean    tj_chain_is_role        (const char   *role);
/* Labels: tj_party_role_label() and tj_chain_relation_label() (tj-types.h). */
/* The relations a link of @role may have, NULL-terminated. */
const char * const *tj_chain_relations_for (const char *role);

/**
 * tj_chain_check:
 * @check: collects the problems
 * @chain: (nullable): the links, top-down (the typed order of intake JSON
 *   or the legal order of a stored chain)
 * @illegal_project: the case-level "illegal_project" member
 *
 * Checks every link's members and that the chain holds together: one
 * owner at the top, one general contractor under it, subcontractors in
 * tier order, one team leader at the bottom, facts where they belong, an
 * owner for an illegal project. Each problem names its field
 * ("chain[2].role: …").
 */
void        tj_chain_check          (TjCheck      *check,
                                     JsonArray    *chain,
                                     gboolean      illegal_project);

/* The tier each subcontractor of @chain (top-down) has by its place:
 * sets "tier" on every subcontractor, removes it from other links. */
void        tj_chain_number_tiers   (JsonArray    *chain);

/* A new list of the same links (references) in legal order: owner,
 * general contractor, subcontractors by tier (then by their place in
 * @chain), team leader; other roles are left out. */
JsonArray  *tj_chain_sort           (JsonArray    *chain);

/**
 * tj_chain_liable_first:
 * @chain: (nullable): the links in legal order (tj_chain_sort())
 * @employer: (nullable): the case's employer
 * @illegal_project: the case-level member
 *
 * Who pays the wages owed and why:
 *
 *   { "role", "name", "party_id", "basis", "citation",
 *     "duty": "pays" (bears them, 清偿) | "pays_first" (先行清偿, then
 *             recovers) | "employer" (pays as the employer),
 *     "rule": "illegal_project" | "name_lent" | "passed_to_unqualified" |
 *             "passed_on_whole" | "subcontractor_defaults" | "employer",
 *     "recovers_from": {"role", "name", "party_id"},
 *     "employer": {"role", "name", "party_id", "basis", "citation"}
 *                 who bears the employer's responsibility,
 *     "advance": {"role", "name", "party_id", "limit_fen", "basis",
 *                 "citation"}  the owner advancing up to the unpaid price,
 *     "joint": [{"role", "name", "party_id", "with", "basis", "citation"}],
 *     "notes": [text] }
 *
 * "basis" texts follow the interface language; "citation" is the statute
 * and article in Chinese, for documents. Returns %NULL when there is
 * neither a chain nor an employer.
 */
JsonObject *tj_chain_liable_first   (JsonArray    *chain,
                                     JsonObject   *employer,
                                     gboolean      illegal_project);

G_END_DECLS
