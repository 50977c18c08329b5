/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tj-consultation.h"
#include "tj-paged-list.h"

G_BEGIN_DECLS

/**
 * TjConsultationRow:
 *
 * One consultation of the list, as read-only properties: id, held-on,
 * channel, worker-name, phone, id-number (in full: a view masks them),
 * employer, kind, problem, advice, next-step, referral, advised-by,
 * case-id (once converted), migrant-worker, owed-fen (-1 when not given).
 */
#define TJ_TYPE_CONSULTATION_ROW (tj_consultation_row_get_type ())
G_DECLARE_FINAL_TYPE (TjConsultationRow, tj_consultation_row, TJ, CONSULTATION_ROW, TjRow)

const char *tj_consultation_row_get_id             (TjConsultationRow *self);
const char *tj_consultation_row_get_held_on        (TjConsultationRow *self);
const char *tj_consultation_row_get_channel        (TjConsultationRow *self);
const char *tj_consultation_row_get_worker_name    (TjConsultationRow *self);
const char *tj_consultation_row_get_phone          (TjConsultationRow *self);
const char *tj_consultation_row_get_id_number      (TjConsultationRow *self);
const char *tj_consultation_row_get_employer       (TjConsultationRow *self);
const char *tj_consultation_row_get_kind           (TjConsultationRow *self);
const char *tj_consultation_row_get_problem        (TjConsultationRow *self);
const char *tj_consultation_row_get_advice         (TjConsultationRow *self);
const char *tj_consultation_row_get_next_step      (TjConsultationRow *self);
const char *tj_consultation_row_get_referral       (TjConsultationRow *self);
const char *tj_consultation_row_get_advised_by     (TjConsultationRow *self);
const char *tj_consultation_row_get_case_id        (TjConsultationRow *self);
gboolean    tj_consultation_row_get_migrant_worker (TjConsultationRow *self);
gint64      tj_consultation_row_get_owed_fen       (TjConsultationRow *self);

/**
 * TjConsultationList:
 *
 * The consultations, newest first: a #TjPagedList of #TjConsultationRow
 * counted and read a page at a time on the repository's worker
 * (tj_consultation_count(), tj_consultation_list_page()). It reloads by
 * itself when the repository's "changed" concerns a consultation
 * (recorded, converted, replicated, written by the CLI); after
 * tj_consultation_list_set_search(), call tj_paged_list_reload_async().
 */
#define TJ_TYPE_CONSULTATION_LIST (tj_consultation_list_get_type ())
G_DECLARE_FINAL_TYPE (TjConsultationList, tj_consultation_list, TJ, CONSULTATION_LIST, TjPagedList)

TjConsultationList *tj_consultation_list_new        (TjRepository       *repository);
/* Copies @search (%NULL or "" for all); taken by the next reload. */
void                tj_consultation_list_set_search (TjConsultationList *self,
                                                     const char         *search);
const char         *tj_consultation_list_get_search (TjConsultationList *self);

G_END_DECLS
