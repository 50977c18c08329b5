/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-agenda.h"
#include "tj-paged-list.h"

G_BEGIN_DECLS

/**
 * TjAgendaItem:
 *
 * One item of the agenda (tj-agenda.h) as read-only properties: "section"
 * (the list it is in), "case-id", "number", "title", "status", "kind",
 * "label", "date", "days-left" (%G_MININT without a date), "time",
 * "place", "basis", "note", "next-step", "paper" (the template that takes
 * the next step, or ""), "employer", "reasons" (the early-warning reasons,
 * joined), "workers", "owed-fen", "installment", "session-id",
 * "step-label", "arrived-at" (hotline cases).
 */
#define TJ_TYPE_AGENDA_ITEM (tj_agenda_item_get_type ())
G_DECLARE_FINAL_TYPE (TjAgendaItem, tj_agenda_item, TJ, AGENDA_ITEM, TjRow)

const char *tj_agenda_item_get_section    (TjAgendaItem *self);
const char *tj_agenda_item_get_case_id    (TjAgendaItem *self);
const char *tj_agenda_item_get_number     (TjAgendaItem *self);
const char *tj_agenda_item_get_title      (TjAgendaItem *self);
const char *tj_agenda_item_get_status     (TjAgendaItem *self);
const char *tj_agenda_item_get_kind       (TjAgendaItem *self);
const char *tj_agenda_item_get_label      (TjAgendaItem *self);
const char *tj_agenda_item_get_date       (TjAgendaItem *self);
int         tj_agenda_item_get_days_left  (TjAgendaItem *self);
const char *tj_agenda_item_get_time       (TjAgendaItem *self);
const char *tj_agenda_item_get_place      (TjAgendaItem *self);
const char *tj_agenda_item_get_basis      (TjAgendaItem *self);
const char *tj_agenda_item_get_note       (TjAgendaItem *self);
const char *tj_agenda_item_get_next_step  (TjAgendaItem *self);
const char *tj_agenda_item_get_paper      (TjAgendaItem *self);
const char *tj_agenda_item_get_employer   (TjAgendaItem *self);
/* (transfer full) */
char       *tj_agenda_item_dup_reasons    (TjAgendaItem *self);
guint       tj_agenda_item_get_workers    (TjAgendaItem *self);
gint64      tj_agenda_item_get_owed_fen   (TjAgendaItem *self);
int         tj_agenda_item_get_installment (TjAgendaItem *self);
const char *tj_agenda_item_get_session_id (TjAgendaItem *self);
const char *tj_agenda_item_get_step_label (TjAgendaItem *self);
/* A hotline case (section "dispatched"): when it arrived by sync. */
const char *tj_agenda_item_get_arrived_at (TjAgendaItem *self);

/**
 * TjAgendaList:
 *
 * One list of the agenda in full ("see all"), a #TjPagedList: counted in
 * SQL over the agenda's index and read a page at a time on the
 * repository's worker. Property "section".
 */
#define TJ_TYPE_AGENDA_LIST (tj_agenda_list_get_type ())
G_DECLARE_FINAL_TYPE (TjAgendaList, tj_agenda_list, TJ, AGENDA_LIST, TjPagedList)

TjAgendaList *tj_agenda_list_new         (TjRepository        *repository);
/* Copies @ctx (today and the early-warning thresholds); taken by the
 * next reload. */
void          tj_agenda_list_set_query   (TjAgendaList        *self,
                                          const TjCaseContext *ctx,
                                          const char          *section,
                                          guint                days);
const char   *tj_agenda_list_get_section (TjAgendaList        *self);

/**
 * TjAgendaSummary:
 *
 * What Today shows: for each list of the agenda the most urgent items (at
 * most "top", five) and how many there are in all, read together in one
 * job on the repository's worker. The lists are #GListModels of
 * #TjAgendaItem that keep their items when a reload brings the same ones
 * (a row under the pointer stays).
 *
 * Properties: "today", "total" (items in every list), "loading",
 * "dispatched" (the hotline's new cases), and per
 * list (its name with "-" for "_": "overdue", "due", "flagged",
 * "follow-ups", "sessions", "installments", "after-mediation") the model
 * and "NAME-count".
 */
#define TJ_TYPE_AGENDA_SUMMARY (tj_agenda_summary_get_type ())
G_DECLARE_FINAL_TYPE (TjAgendaSummary, tj_agenda_summary, TJ, AGENDA_SUMMARY, GObject)

#define TJ_AGENDA_SUMMARY_TOP 5

TjAgendaSummary *tj_agenda_summary_new          (TjRepository        *repository);
void             tj_agenda_summary_reload_async (TjAgendaSummary     *self,
                                                 const TjCaseContext *ctx,
                                                 guint                days,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         tj_agenda_summary_reload_finish (TjAgendaSummary    *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);
/* @section: a name of tj_agenda_sections(). (transfer none) */
GListModel      *tj_agenda_summary_get_items    (TjAgendaSummary     *self,
                                                 const char          *section);
guint            tj_agenda_summary_get_count    (TjAgendaSummary     *self,
                                                 const char          *section);
/* The hotline's cases not opened yet (tj_sync_dispatched_list()), as
 * items of section "dispatched". (transfer none) */
GListModel      *tj_agenda_summary_get_dispatched (TjAgendaSummary   *self);
/* Every list's count and the hotline's cases. */
guint            tj_agenda_summary_get_total    (TjAgendaSummary     *self);
const char      *tj_agenda_summary_get_today    (TjAgendaSummary     *self);
gboolean         tj_agenda_summary_get_loading  (TjAgendaSummary     *self);

G_END_DECLS
