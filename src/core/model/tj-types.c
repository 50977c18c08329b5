/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-Labels"

#include "tj-types.h"
#include "tj-enum-types.h"
#include "tj-i18n.h"

typedef struct {
  int         value;
  const char *label;   /* N_() */
} Label;

/* ------------------------------------------------------------------ */
/* The one table of labels of each enum                                 */

static const Label case_kinds[] = {
  { TJ_CASE_KIND_WAGE_ARREARS, N_("Wage arrears") },
  { TJ_CASE_KIND_COMPENSATION, N_("Economic compensation") },
  { TJ_CASE_KIND_TERMINATION, N_("Unlawful termination") },
  { TJ_CASE_KIND_OVERTIME, N_("Overtime pay") },
  { TJ_CASE_KIND_SOCIAL_INSURANCE, N_("Social insurance") },
  { TJ_CASE_KIND_WORK_INJURY, N_("Work injury") },
  { TJ_CASE_KIND_OTHER, N_("Other") },
};

static const Label case_sources[] = {
  { TJ_CASE_SOURCE_HOTLINE, N_("12351 hotline") },
  { TJ_CASE_SOURCE_WALK_IN, N_("Walk-in") },
  { TJ_CASE_SOURCE_NIGHT_CLINIC, N_("Evening clinic") },
  { TJ_CASE_SOURCE_STATION, N_("Worker station") },
  { TJ_CASE_SOURCE_COURT, N_("Court referral") },
  { TJ_CASE_SOURCE_REFERRAL, N_("Other referral") },
};

static const Label case_statuses[] = {
  { TJ_CASE_STATUS_INTAKE, N_("Intake") },
  { TJ_CASE_STATUS_ACCEPTED, N_("Accepted") },
  { TJ_CASE_STATUS_MEDIATING, N_("Mediating") },
  { TJ_CASE_STATUS_AGREED, N_("Agreed") },
  { TJ_CASE_STATUS_PERFORMING, N_("Performing") },
  { TJ_CASE_STATUS_CLOSED, N_("Closed") },
  { TJ_CASE_STATUS_FAILED, N_("Failed") },
  { TJ_CASE_STATUS_REFERRED, N_("Referred") },
  { TJ_CASE_STATUS_WITHDRAWN, N_("Withdrawn") },
};

static const Label referral_targets[] = {
  { TJ_REFERRAL_TARGET_ARBITRATION, N_("Labour arbitration") },
  { TJ_REFERRAL_TARGET_COURT, N_("People's court") },
  { TJ_REFERRAL_TARGET_LABOUR_INSPECTION, N_("Labour inspection") },
  { TJ_REFERRAL_TARGET_LEGAL_AID, N_("Legal aid") },
};

static const Label case_flags[] = {
  { TJ_CASE_FLAG_COLLECTIVE, N_("Collective dispute") },
  { TJ_CASE_FLAG_LARGE_AMOUNT, N_("Large amount") },
  { TJ_CASE_FLAG_LAYOFF, N_("Collective layoff") },
};

static const Label party_roles[] = {
  { TJ_PARTY_ROLE_WORKER, N_("Worker") },
  { TJ_PARTY_ROLE_EMPLOYER, N_("Employer") },
  { TJ_PARTY_ROLE_PROJECT_OWNER, N_("Project owner") },
  { TJ_PARTY_ROLE_GENERAL_CONTRACTOR, N_("General contractor") },
  { TJ_PARTY_ROLE_SUBCONTRACTOR, N_("Subcontractor") },
  { TJ_PARTY_ROLE_TEAM_LEADER, N_("Team leader") },
  { TJ_PARTY_ROLE_AGENT, N_("Agent") },
  { TJ_PARTY_ROLE_REPRESENTATIVE, N_("Workers’ representative") },
};

static const Label chain_relations[] = {
  { TJ_CHAIN_RELATION_CONTRACT, N_("Lawful contract or subcontract") },
  { TJ_CHAIN_RELATION_LABOUR_SUBCONTRACT, N_("Lawful labour subcontract (劳务分包)") },
  { TJ_CHAIN_RELATION_ILLEGAL_SUBCONTRACT, N_("Illegal subcontract (违法分包)") },
  { TJ_CHAIN_RELATION_WHOLE, N_("Passed on whole (转包)") },
  { TJ_CHAIN_RELATION_TEAM, N_("Leads a team of the contractor above (班组长)") },
};

static const Label deadline_kinds[] = {
  { TJ_DEADLINE_KIND_MEDIATION, N_("Mediation limit") },
  { TJ_DEADLINE_KIND_ARBITRATION_LIMITATION, N_("Limitation period for arbitration") },
  { TJ_DEADLINE_KIND_ARBITRATION_ACCEPTANCE, N_("Arbitration: decision to accept") },
  { TJ_DEADLINE_KIND_ARBITRATION_AWARD, N_("Arbitration award") },
  { TJ_DEADLINE_KIND_ARBITRATION_AWARD_EXTENDED, N_("Arbitration award, extended") },
  { TJ_DEADLINE_KIND_JUDICIAL_CONFIRMATION, N_("Judicial confirmation") },
  { TJ_DEADLINE_KIND_FOLLOW_UP_7, N_("Follow-up call after 7 days") },
  { TJ_DEADLINE_KIND_FOLLOW_UP_30, N_("Follow-up call after 30 days") },
  { TJ_DEADLINE_KIND_INSTALLMENT, N_("Installment overdue") },
};

static const Label settlement_statuses[] = {
  { TJ_SETTLEMENT_STATUS_DRAFT, N_("Draft") },
  { TJ_SETTLEMENT_STATUS_AGREED, N_("Agreed") },
};

static const Label payment_methods[] = {
  { TJ_PAYMENT_METHOD_BANK_TRANSFER, N_("Bank transfer") },
  { TJ_PAYMENT_METHOD_CASH, N_("Cash") },
  { TJ_PAYMENT_METHOD_WAGE_ACCOUNT, N_("Into the wage account") },
};

static const Label session_steps[] = {
  { TJ_SESSION_STEP_PREPARATION, N_("Preparation") },
  { TJ_SESSION_STEP_SEPARATE_WORKER, N_("Separate session with the worker side") },
  { TJ_SESSION_STEP_SEPARATE_EMPLOYER, N_("Separate session with the employer side") },
  { TJ_SESSION_STEP_SHUTTLE, N_("Further separate rounds") },
  { TJ_SESSION_STEP_JOINT, N_("Joint session") },
  { TJ_SESSION_STEP_OUTCOME, N_("Outcome") },
};

static const Label session_kinds[] = {
  { TJ_SESSION_KIND_SEPARATE, N_("Separate session") },
  { TJ_SESSION_KIND_JOINT, N_("Joint session") },
};

static const Label session_sides[] = {
  { TJ_SESSION_SIDE_WORKER, N_("Worker side") },
  { TJ_SESSION_SIDE_EMPLOYER, N_("Employer side") },
  { TJ_SESSION_SIDE_BOTH, N_("Both sides (agreed)") },
};

static const Label session_issues[] = {
  { TJ_SESSION_ISSUE_WAGES_OWED, N_("Wages owed") },
  { TJ_SESSION_ISSUE_ECONOMIC_COMPENSATION, N_("Economic compensation") },
  { TJ_SESSION_ISSUE_PAYMENT_DATE, N_("Payment date") },
  { TJ_SESSION_ISSUE_OTHER, N_("Other") },
};

static const Label calc_kinds[] = {
  { TJ_CALC_KIND_ARREARS, N_("Wage arrears") },
  { TJ_CALC_KIND_OVERTIME, N_("Overtime pay") },
  { TJ_CALC_KIND_COMPENSATION, N_("Economic compensation (N)") },
  { TJ_CALC_KIND_UNLAWFUL_TERMINATION, N_("Unlawful termination (2N)") },
  { TJ_CALC_KIND_NOTICE_PAY, N_("Pay in lieu of notice (+1)") },
  { TJ_CALC_KIND_COMPENSATION_WITH_NOTICE, N_("Compensation and pay in lieu of notice (N+1)") },
  { TJ_CALC_KIND_DOUBLE_WAGE, N_("Double wage without a written contract") },
  { TJ_CALC_KIND_ANNUAL_LEAVE, N_("Unused annual leave") },
  { TJ_CALC_KIND_LATE_PAYMENT, N_("Late-payment additional compensation") },
  { TJ_CALC_KIND_MINIMUM_WAGE, N_("Minimum wage shortfall") },
};

typedef struct {
  GType      (*get_type) (void);
  const Label *labels;
  guint        n_labels;
} Table;

#define TABLE(fn, labels) { fn, labels, G_N_ELEMENTS (labels) }

static const Table tables[] = {
  TABLE (tj_case_kind_get_type, case_kinds),
  TABLE (tj_case_source_get_type, case_sources),
  TABLE (tj_case_status_get_type, case_statuses),
  TABLE (tj_referral_target_get_type, referral_targets),
  TABLE (tj_case_flag_get_type, case_flags),
  TABLE (tj_party_role_get_type, party_roles),
  TABLE (tj_chain_relation_get_type, chain_relations),
  TABLE (tj_deadline_kind_get_type, deadline_kinds),
  TABLE (tj_settlement_status_get_type, settlement_statuses),
  TABLE (tj_payment_method_get_type, payment_methods),
  TABLE (tj_session_step_get_type, session_steps),
  TABLE (tj_session_kind_get_type, session_kinds),
  TABLE (tj_session_side_get_type, session_sides),
  TABLE (tj_session_issue_get_type, session_issues),
  TABLE (tj_calc_kind_get_type, calc_kinds),
};

/* ------------------------------------------------------------------ */
/* Lookups                                                              */

static const Table *
table_of (GType type)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (tables[i].get_type () == type)
      return &tables[i];
  return NULL;
}

const char *
tj_enum_get_label (GType type,
                   int   value)
{
  const Table *table = table_of (type);

  for (guint i = 0; table && i < table->n_labels; i++)
    if (table->labels[i].value == value)
      return _(table->labels[i].label);
  return NULL;
}

const char *
tj_enum_get_nick (GType type,
                  int   value)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *v;

  g_return_val_if_fail (G_TYPE_IS_ENUM (type), NULL);

  klass = g_type_class_ref (type);
  v = g_enum_get_value (klass, value);
  /* Nicks are static strings of the type, alive with it. */
  return v ? v->value_nick : NULL;
}

gboolean
tj_enum_from_nick (GType       type,
                   const char *nick,
                   int        *value)
{
  g_autoptr(GEnumClass) klass = NULL;
  GEnumValue *v;

  g_return_val_if_fail (G_TYPE_IS_ENUM (type), FALSE);

  if (nick == NULL)
    return FALSE;
  klass = g_type_class_ref (type);
  v = g_enum_get_value_by_nick (klass, nick);
  if (v && value)
    *value = v->value;
  return v != NULL;
}

const char *
tj_enum_nick_label (GType       type,
                    const char *nick)
{
  int value;
  const char *label;

  if (nick == NULL)
    return "";
  if (!tj_enum_from_nick (type, nick, &value))
    return nick;
  label = tj_enum_get_label (type, value);
  return label ? label : nick;
}

const char **
tj_enum_dup_nicks (GType type)
{
  g_autoptr(GEnumClass) klass = NULL;
  const char **nicks;

  g_return_val_if_fail (G_TYPE_IS_ENUM (type), NULL);

  klass = g_type_class_ref (type);
  nicks = g_new0 (const char *, klass->n_values + 1);
  for (guint i = 0; i < klass->n_values; i++)
    nicks[i] = klass->values[i].value_nick;
  return nicks;
}

GType *
tj_enum_list_labelled_types (guint *n_types)
{
  GType *types = g_new0 (GType, G_N_ELEMENTS (tables) + 1);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    types[i] = tables[i].get_type ();
  if (n_types)
    *n_types = G_N_ELEMENTS (tables);
  return types;
}

/* ------------------------------------------------------------------ */
/* By the stored string                                                 */

#define NICK_LABEL(fn, type_fn)                \
  const char *                                 \
  fn (const char *nick)                        \
  {                                            \
    return tj_enum_nick_label (type_fn (), nick); \
  }

NICK_LABEL (tj_case_kind_label, tj_case_kind_get_type)
NICK_LABEL (tj_case_source_label, tj_case_source_get_type)
NICK_LABEL (tj_case_status_label, tj_case_status_get_type)
NICK_LABEL (tj_referral_target_label, tj_referral_target_get_type)
NICK_LABEL (tj_case_flag_label, tj_case_flag_get_type)
NICK_LABEL (tj_party_role_label, tj_party_role_get_type)
NICK_LABEL (tj_chain_relation_label, tj_chain_relation_get_type)
NICK_LABEL (tj_deadline_kind_label, tj_deadline_kind_get_type)
NICK_LABEL (tj_settlement_status_label, tj_settlement_status_get_type)
NICK_LABEL (tj_payment_method_label, tj_payment_method_get_type)
NICK_LABEL (tj_session_step_label, tj_session_step_get_type)
NICK_LABEL (tj_session_kind_label, tj_session_kind_get_type)
NICK_LABEL (tj_session_side_label, tj_session_side_get_type)
NICK_LABEL (tj_session_issue_label, tj_session_issue_get_type)
NICK_LABEL (tj_calc_kind_label, tj_calc_kind_get_type)
