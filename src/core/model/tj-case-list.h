/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tj-case.h"
#include "tj-paged-list.h"

G_BEGIN_DECLS

/**
 * TjCaseRow:
 *
 * One row of the case list, as read-only properties: id, number, title,
 * status, kind, source, received-on, employer, workers, owed-fen,
 * flagged, mediation-deadline, days-left (G_MININT when there is none).
 */
#define TJ_TYPE_CASE_ROW (tj_case_row_get_type ())
G_DECLARE_FINAL_TYPE (TjCaseRow, tj_case_row, TJ, CASE_ROW, TjRow)

const char *tj_case_row_get_id                 (TjCaseRow *self);
const char *tj_case_row_get_number             (TjCaseRow *self);
const char *tj_case_row_get_title              (TjCaseRow *self);
const char *tj_case_row_get_status             (TjCaseRow *self);
const char *tj_case_row_get_kind               (TjCaseRow *self);
const char *tj_case_row_get_source             (TjCaseRow *self);
const char *tj_case_row_get_received_on        (TjCaseRow *self);
const char *tj_case_row_get_employer           (TjCaseRow *self);
guint       tj_case_row_get_workers            (TjCaseRow *self);
gint64      tj_case_row_get_owed_fen           (TjCaseRow *self);
gboolean    tj_case_row_get_flagged            (TjCaseRow *self);
const char *tj_case_row_get_mediation_deadline (TjCaseRow *self);
int         tj_case_row_get_days_left          (TjCaseRow *self);

/**
 * TjCaseList:
 *
 * The case list: a #TjPagedList of #TjCaseRow over the case index, so that
 * 100,000 cases cost one COUNT and the pages in view, all read on the
 * repository's worker. Set the query, then tj_paged_list_reload_async()
 * (after a write, too).
 */
#define TJ_TYPE_CASE_LIST (tj_case_list_get_type ())
G_DECLARE_FINAL_TYPE (TjCaseList, tj_case_list, TJ, CASE_LIST, TjPagedList)

TjCaseList *tj_case_list_new       (TjRepository      *repository);
/* Copies @query; taken by the next reload. */
void        tj_case_list_set_query (TjCaseList        *self,
                                    const TjCaseQuery *query);

G_END_DECLS
