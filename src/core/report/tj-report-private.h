/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Internals shared by the files of the reports: tj-report.c (options,
 * periods and labels), tj-report-index.c, tj-report-figures.c and
 * tj-report-summary.c. The lists are static so that their sizes are known
 * where they are used; a figure's position in them is its index in the
 * summary's arrays. */

#define INDEX_VERSION 4 /* 3: mediation limit counted from receipt, as cases;
                           4: the owning station of a case on a centre */

static const char * const _tj_report_kinds[] = {
  "wage_arrears", "compensation", "termination", "overtime", "social_insurance", "work_injury", "other", NULL
};
static const char * const _tj_report_sources[] = {
  "hotline", "walk_in", "night_clinic", "station", "court", "referral", NULL
};
static const char * const _tj_report_outcomes[] = { "agreed", "failed", "withdrawn", "referred", NULL };
static const char * const _tj_report_destinations[] = { "arbitration", "court", "labour_inspection", "legal_aid", NULL };

/* "January", … and "Jan", … (translated); @month is 1 to 12. */
const char *_tj_report_month_name  (int month);
const char *_tj_report_month_short (int month);

G_END_DECLS
