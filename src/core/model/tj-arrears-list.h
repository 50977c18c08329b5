/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tj-arrears.h"
#include "tj-paged-list.h"

G_BEGIN_DECLS

/**
 * TjArrearsRow:
 *
 * One open wage-arrears case as the Wage arrears section shows it, as
 * read-only properties (the members of a tj_arrears_list() row): id,
 * number, title, status, kind, employer, workers, workers-owed, owed-fen,
 * settlement-status (%NULL without a settlement), agreed-fen, paid-fen,
 * outstanding-fen, overdue-fen, overdue-installments, next-due-on (%NULL
 * when nothing is due any more).
 */
#define TJ_TYPE_ARREARS_ROW (tj_arrears_row_get_type ())
G_DECLARE_FINAL_TYPE (TjArrearsRow, tj_arrears_row, TJ, ARREARS_ROW, TjRow)

const char *tj_arrears_row_get_id                   (TjArrearsRow *self);
const char *tj_arrears_row_get_number               (TjArrearsRow *self);
const char *tj_arrears_row_get_title                (TjArrearsRow *self);
const char *tj_arrears_row_get_status               (TjArrearsRow *self);
const char *tj_arrears_row_get_kind                 (TjArrearsRow *self);
const char *tj_arrears_row_get_employer             (TjArrearsRow *self);
guint       tj_arrears_row_get_workers              (TjArrearsRow *self);
guint       tj_arrears_row_get_workers_owed         (TjArrearsRow *self);
gint64      tj_arrears_row_get_owed_fen             (TjArrearsRow *self);
const char *tj_arrears_row_get_settlement_status    (TjArrearsRow *self);
gint64      tj_arrears_row_get_agreed_fen           (TjArrearsRow *self);
gint64      tj_arrears_row_get_paid_fen             (TjArrearsRow *self);
gint64      tj_arrears_row_get_outstanding_fen      (TjArrearsRow *self);
gint64      tj_arrears_row_get_overdue_fen          (TjArrearsRow *self);
guint       tj_arrears_row_get_overdue_installments (TjArrearsRow *self);
const char *tj_arrears_row_get_next_due_on          (TjArrearsRow *self);

/**
 * TjArrearsList:
 *
 * The open wage-arrears cases: a #TjPagedList of #TjArrearsRow in one of
 * the orders of tj_arrears_list() ("owed", "overdue", "due"), counted with
 * the totals of them all on the repository's worker and read a page at a
 * time. Set the query, then tj_paged_list_reload_async() (after a write
 * or when the day turns, too); "totals" changes with each reload.
 */
#define TJ_TYPE_ARREARS_LIST (tj_arrears_list_get_type ())
G_DECLARE_FINAL_TYPE (TjArrearsList, tj_arrears_list, TJ, ARREARS_LIST, TjPagedList)

TjArrearsList *tj_arrears_list_new        (TjRepository  *repository);
/* @sort: "owed" (%NULL), "overdue" or "due"; @today: ISO date, %NULL for
 * the real today. Taken by the next reload. */
void           tj_arrears_list_set_query  (TjArrearsList *self,
                                           const char    *sort,
                                           const char    *today);
/* (transfer none) (nullable): the totals of the last reload, as
 * tj_arrears_totals() gives them, with "today" the day they are for;
 * %NULL before the first. */
JsonObject    *tj_arrears_list_get_totals (TjArrearsList *self);

G_END_DECLS
