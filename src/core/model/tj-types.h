/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/*
 * The codes of the documents and of the interchange JSON as registered
 * enums (tj-enum-types.h, made by glib-mkenums): each value's nick is the
 * string stored in documents and exchanged with the CLI and the centre,
 * which never changes. Every enum has ONE table of translated labels here
 * (tj-types.c): the GUI, the CLI and the documents all name a kind, a
 * role or a status from it, and a combo row lists the choices of
 * tj_enum_list_new() (tj-enum-list.h).
 */

/* What a dispute is about (a case's and a claim's "kind"). */
typedef enum {
  TJ_CASE_KIND_WAGE_ARREARS,      /*< nick=wage_arrears >*/
  TJ_CASE_KIND_COMPENSATION,      /*< nick=compensation >*/
  TJ_CASE_KIND_TERMINATION,       /*< nick=termination >*/
  TJ_CASE_KIND_OVERTIME,          /*< nick=overtime >*/
  TJ_CASE_KIND_SOCIAL_INSURANCE,  /*< nick=social_insurance >*/
  TJ_CASE_KIND_WORK_INJURY,       /*< nick=work_injury >*/
  TJ_CASE_KIND_OTHER,             /*< nick=other >*/
} TjCaseKind;

/* How a case came in; a consultation's "channel" is one of the first four. */
typedef enum {
  TJ_CASE_SOURCE_HOTLINE,         /*< nick=hotline >*/
  TJ_CASE_SOURCE_WALK_IN,         /*< nick=walk_in >*/
  TJ_CASE_SOURCE_NIGHT_CLINIC,    /*< nick=night_clinic >*/
  TJ_CASE_SOURCE_STATION,         /*< nick=station >*/
  TJ_CASE_SOURCE_COURT,           /*< nick=court >*/
  TJ_CASE_SOURCE_REFERRAL,        /*< nick=referral >*/
} TjCaseSource;

/* Where a case stands; tj_case_status_allowed() is the workflow. */
typedef enum {
  TJ_CASE_STATUS_INTAKE,          /*< nick=intake >*/
  TJ_CASE_STATUS_ACCEPTED,        /*< nick=accepted >*/
  TJ_CASE_STATUS_MEDIATING,       /*< nick=mediating >*/
  TJ_CASE_STATUS_AGREED,          /*< nick=agreed >*/
  TJ_CASE_STATUS_PERFORMING,      /*< nick=performing >*/
  TJ_CASE_STATUS_CLOSED,          /*< nick=closed >*/
  TJ_CASE_STATUS_FAILED,          /*< nick=failed >*/
  TJ_CASE_STATUS_REFERRED,        /*< nick=referred >*/
  TJ_CASE_STATUS_WITHDRAWN,       /*< nick=withdrawn >*/
} TjCaseStatus;

/* Where a referred case went ("referred_to"). */
typedef enum {
  TJ_REFERRAL_TARGET_ARBITRATION,        /*< nick=arbitration >*/
  TJ_REFERRAL_TARGET_COURT,              /*< nick=court >*/
  TJ_REFERRAL_TARGET_LABOUR_INSPECTION,  /*< nick=labour_inspection >*/
  TJ_REFERRAL_TARGET_LEGAL_AID,          /*< nick=legal_aid >*/
} TjReferralTarget;

/* Early warnings of a case ("flags"). */
typedef enum {
  TJ_CASE_FLAG_COLLECTIVE,        /*< nick=collective >*/
  TJ_CASE_FLAG_LARGE_AMOUNT,      /*< nick=large_amount >*/
  TJ_CASE_FLAG_LAYOFF,            /*< nick=layoff >*/
} TjCaseFlag;

/* A party's "role"; the four contractor roles form the chain (tj-chain.h). */
typedef enum {
  TJ_PARTY_ROLE_WORKER,              /*< nick=worker >*/
  TJ_PARTY_ROLE_EMPLOYER,            /*< nick=employer >*/
  TJ_PARTY_ROLE_PROJECT_OWNER,       /*< nick=project_owner >*/
  TJ_PARTY_ROLE_GENERAL_CONTRACTOR,  /*< nick=general_contractor >*/
  TJ_PARTY_ROLE_SUBCONTRACTOR,       /*< nick=subcontractor >*/
  TJ_PARTY_ROLE_TEAM_LEADER,         /*< nick=team_leader >*/
  TJ_PARTY_ROLE_AGENT,               /*< nick=agent >*/
  TJ_PARTY_ROLE_REPRESENTATIVE,      /*< nick=representative >*/
} TjPartyRole;

/* How a link of the contractor chain holds its work ("relation"). */
typedef enum {
  TJ_CHAIN_RELATION_CONTRACT,             /*< nick=contract >*/
  TJ_CHAIN_RELATION_LABOUR_SUBCONTRACT,   /*< nick=labour_subcontract >*/
  TJ_CHAIN_RELATION_ILLEGAL_SUBCONTRACT,  /*< nick=illegal_subcontract >*/
  TJ_CHAIN_RELATION_WHOLE,                /*< nick=whole >*/
  TJ_CHAIN_RELATION_TEAM,                 /*< nick=team >*/
} TjChainRelation;

/* The deadlines of a case (tj-deadline.h) and the agenda's overdue
 * installments. */
typedef enum {
  TJ_DEADLINE_KIND_MEDIATION,                   /*< nick=mediation >*/
  TJ_DEADLINE_KIND_ARBITRATION_LIMITATION,      /*< nick=arbitration_limitation >*/
  TJ_DEADLINE_KIND_ARBITRATION_ACCEPTANCE,      /*< nick=arbitration_acceptance >*/
  TJ_DEADLINE_KIND_ARBITRATION_AWARD,           /*< nick=arbitration_award >*/
  TJ_DEADLINE_KIND_ARBITRATION_AWARD_EXTENDED,  /*< nick=arbitration_award_extended >*/
  TJ_DEADLINE_KIND_JUDICIAL_CONFIRMATION,       /*< nick=judicial_confirmation >*/
  TJ_DEADLINE_KIND_FOLLOW_UP_7,                 /*< nick=follow_up_7 >*/
  TJ_DEADLINE_KIND_FOLLOW_UP_30,                /*< nick=follow_up_30 >*/
  TJ_DEADLINE_KIND_INSTALLMENT,                 /*< nick=installment >*/
} TjDeadlineKind;

/* A settlement's "status". */
typedef enum {
  TJ_SETTLEMENT_STATUS_DRAFT,     /*< nick=draft >*/
  TJ_SETTLEMENT_STATUS_AGREED,    /*< nick=agreed >*/
} TjSettlementStatus;

/* How a payment was made ("method"). */
typedef enum {
  TJ_PAYMENT_METHOD_BANK_TRANSFER,  /*< nick=bank_transfer >*/
  TJ_PAYMENT_METHOD_CASH,           /*< nick=cash >*/
  TJ_PAYMENT_METHOD_WAGE_ACCOUNT,   /*< nick=wage_account >*/
} TjPaymentMethod;

/* The steps of the separate-then-joint method (tj_session_steps()). */
typedef enum {
  TJ_SESSION_STEP_PREPARATION,        /*< nick=preparation >*/
  TJ_SESSION_STEP_SEPARATE_WORKER,    /*< nick=separate_worker >*/
  TJ_SESSION_STEP_SEPARATE_EMPLOYER,  /*< nick=separate_employer >*/
  TJ_SESSION_STEP_SHUTTLE,            /*< nick=shuttle >*/
  TJ_SESSION_STEP_JOINT,              /*< nick=joint >*/
  TJ_SESSION_STEP_OUTCOME,            /*< nick=outcome >*/
} TjSessionStep;

/* A meeting's "kind". */
typedef enum {
  TJ_SESSION_KIND_SEPARATE,       /*< nick=separate >*/
  TJ_SESSION_KIND_JOINT,          /*< nick=joint >*/
} TjSessionKind;

/* Whose a note, a demand or an offer is ("side"); both: agreed terms. */
typedef enum {
  TJ_SESSION_SIDE_WORKER,         /*< nick=worker >*/
  TJ_SESSION_SIDE_EMPLOYER,       /*< nick=employer >*/
  TJ_SESSION_SIDE_BOTH,           /*< nick=both >*/
} TjSessionSide;

/* What an offer is about ("issue", tj_session_issues()). */
typedef enum {
  TJ_SESSION_ISSUE_WAGES_OWED,             /*< nick=wages_owed >*/
  TJ_SESSION_ISSUE_ECONOMIC_COMPENSATION,  /*< nick=economic_compensation >*/
  TJ_SESSION_ISSUE_PAYMENT_DATE,           /*< nick=payment_date >*/
  TJ_SESSION_ISSUE_OTHER,                  /*< nick=other >*/
} TjSessionIssue;

/* The calculators (tj-calc.h, tj-calc-inputs.h). */
typedef enum {
  TJ_CALC_KIND_ARREARS,                   /*< nick=arrears >*/
  TJ_CALC_KIND_OVERTIME,                  /*< nick=overtime >*/
  TJ_CALC_KIND_COMPENSATION,              /*< nick=compensation >*/
  TJ_CALC_KIND_UNLAWFUL_TERMINATION,      /*< nick=unlawful_termination >*/
  TJ_CALC_KIND_NOTICE_PAY,                /*< nick=notice_pay >*/
  TJ_CALC_KIND_COMPENSATION_WITH_NOTICE,  /*< nick=compensation_with_notice >*/
  TJ_CALC_KIND_DOUBLE_WAGE,               /*< nick=double_wage >*/
  TJ_CALC_KIND_ANNUAL_LEAVE,              /*< nick=annual_leave >*/
  TJ_CALC_KIND_LATE_PAYMENT,              /*< nick=late_payment >*/
  TJ_CALC_KIND_MINIMUM_WAGE,              /*< nick=minimum_wage >*/
} TjCalcKind;

/* The translated label of @value of the registered enum @type; NULL when
 * @type has no table or the table does not name @value. */
const char  *tj_enum_get_label         (GType        type,
                                        int          value);
/* The same by nick; @nick itself when unknown (a document of a newer
 * version keeps showing something), "" for NULL. */
const char  *tj_enum_nick_label        (GType        type,
                                        const char  *nick);
/* The nick of @value, or NULL. */
const char  *tj_enum_get_nick          (GType        type,
                                        int          value);
/* TRUE and the value when @nick is one of @type's. */
gboolean     tj_enum_from_nick         (GType        type,
                                        const char  *nick,
                                        int         *value);
/* The nicks of @type in order, NULL-terminated. (transfer container) */
const char **tj_enum_dup_nicks         (GType        type);
/* The registered enums that have a table of labels (for the tests that
 * every value has one). (transfer container) */
GType       *tj_enum_list_labelled_types (guint     *n_types);

/* One per enum, by the stored string. */
const char  *tj_case_kind_label          (const char *kind);
const char  *tj_case_source_label        (const char *source);
const char  *tj_case_status_label        (const char *status);
const char  *tj_referral_target_label    (const char *target);
const char  *tj_case_flag_label          (const char *flag);
const char  *tj_party_role_label         (const char *role);
const char  *tj_chain_relation_label     (const char *relation);
const char  *tj_deadline_kind_label      (const char *kind);
const char  *tj_settlement_status_label  (const char *status);
const char  *tj_payment_method_label     (const char *method);
const char  *tj_session_step_label       (const char *step);
const char  *tj_session_kind_label       (const char *kind);
const char  *tj_session_side_label       (const char *side);
const char  *tj_session_issue_label      (const char *issue);
const char  *tj_calc_kind_label          (const char *kind);

G_END_DECLS
