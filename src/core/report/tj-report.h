/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-repository.h"
#include "tj-store.h"

G_BEGIN_DECLS

/*
 * Reports (issue 8): the centre's statistics for a period, computed in
 * SQLite over the case index (tj-case.c) and this module's own indexer
 * "report" (tables report_case, report_consultation, report_settlement,
 * report_payment), never by loading cases into memory.
 *
 * Definitions (the same in the summary, the case lists, CSV and PDF):
 * - received: cases whose received_on falls in the period.
 * - outcome of a case: the last of agreed, failed, withdrawn or referred
 *   it reached, on the date the case records for it (agreement_effective_on,
 *   ended_on, closed_on). A case that is now "closed" keeps the outcome it
 *   was closed from.
 * - closed (concluded): cases accepted for mediation whose outcome date
 *   falls in the period = agreed + failed + withdrawn + referred after
 *   mediation. A case referred or withdrawn before it was accepted is not
 *   a concluded mediation (the referral still counts under referrals).
 * - settlement rate: agreed / closed (null when nothing closed).
 * - amount claimed: per received case the claims' total, or the wages
 *   owed to its workers when that is larger (claims are often itemised
 *   later); agreed: the totals of agreed settlements of the cases agreed in
 *   the period; paid ("recovered"): payments whose paid_on is in the period.
 * - workers helped: workers of the cases agreed in the period.
 * - collective: received cases with at least collective_min_workers workers.
 * - days to outcome: from accepted_on to the outcome date of closed cases.
 * - deadlines missed: cases whose 15-day mediation limit fell in the period,
 *   before today, and that reached no outcome by it (still accepted or
 *   mediating, or an outcome dated after the limit).
 * - consultations: evening-clinic consultations held in the period, and
 *   how many of them became cases.
 * - referrals: cases referred in the period (also from intake), by
 *   destination (arbitration, court, labour_inspection, legal_aid).
 *
 * Figure keys (tj_report_cases()): received, received.kind.K,
 * received.source.S, collective, closed, closed.kind.K, closed.source.S,
 * agreed, failed, withdrawn, referred, agreed_amount, paid, deadlines_missed,
 * referrals, referrals.D, consultations, consultations.became_cases,
 * month.YYYY-MM.{received,agreed,failed,withdrawn,referred,paid},
 * station.CODE.KEY (KEY's cases of one station, at a centre), and the
 * aliases claimed, owed, workers_received (= received), workers_helped
 * (= agreed), settlement_rate (= closed), days_average, days_longest
 * (= closed, longest first).
 */

typedef struct {
  guint       collective_min_workers; /* default 10 */
  const char *today;                  /* ISO date; NULL = the real today */
  guint       limit;                  /* tj_report_cases(): 0 = every case */
  gboolean    by_station;             /* tj_report_summary_full(): add "by_station" */
} TjReportOptions;

void        tj_report_options_init (TjReportOptions        *options);

/* Registers the "report" indexer (and the case indexer it reads). Cheap
 * when current; every other function calls it. */
gboolean    tj_report_attach       (TjStore                *store,
                                    GError                **error);
/* The indexed mediation limits counted again when the default calendar
 * changed (after tj_calendar_reload_default()). */
gboolean    tj_report_recount_deadlines (TjStore  *store,
                                         GError  **error);

/* Whether the store holds any case at all (a cheap check, fine on the
 * main thread): an empty database gets an explanation, not zeros. */
gboolean    tj_report_has_cases    (TjStore                *store);

/* Checks @from <= @to, both ISO dates. TJ_ERROR_INVALID naming the field. */
gboolean    tj_report_check_period (const char             *from,
                                    const char             *to,
                                    GError                **error);

/*
 * The summary JSON:
 * { "from", "to", "label", "today", "collective_min_workers",
 *   "received", "closed", "agreed", "failed", "withdrawn", "referred",
 *   "settlement_rate" (0..1 or null), "claimed_fen", "owed_fen",
 *   "agreed_fen", "paid_fen", "paid_cases", "workers_helped",
 *   "workers_received", "collective",
 *   "days_to_outcome": {"cases", "average" (or null), "longest" (or null)},
 *   "deadlines_missed",
 *   "consultations": {"night_clinic", "became_cases"},
 *   "referrals": {"total", "arbitration", "court", "labour_inspection", "legal_aid"},
 *   "by_kind": [{"kind", "label", "received", "closed", "agreed"}],
 *   "by_source": [{"source", "label", "received", "closed", "agreed"}],
 *   "months": [{"month": "2026-07", "label", "received", "agreed", "failed",
 *               "withdrawn", "referred", "agreed_fen", "paid_fen"}],
 *   "tables": [{"key", "title", "columns": [{"key", "title", "unit"}],
 *               "rows": [{"key", "label", "cells": [{"value", "unit", "figure"}]}]}],
 *   with options->by_station: "by_station": {CODE: {"name", and the same
 *   figures as above, from "received" to "months"}} for every station the
 *   centre registered (tj-centre.h), each case counted for the station
 *   that owns it, and the table "by_station" (figure keys
 *   station.CODE.received, .closed, .agreed, .collective,
 *   .deadlines_missed, .paid) }
 * "tables" is the presentation shared by the GUI, CSV and PDF: translated
 * titles, and per cell the figure key that lists its cases (or null).
 * Units: "count", "fen", "rate", "days".
 */
JsonObject *tj_report_summary      (TjStore                *store,
                                    const char             *from,
                                    const char             *to,
                                    GError                **error);
JsonObject *tj_report_summary_full (TjStore                *store,
                                    const char             *from,
                                    const char             *to,
                                    const TjReportOptions  *options,
                                    GError                **error);

/*
 * The cases behind a figure, in the order that explains it:
 * [{"type": "case", "id", "number", "title", "status", "status_label",
 *   "kind", "source", "received_on", "accepted_on", "outcome", "outcome_on",
 *   "days", "workers", "claimed_fen", "owed_fen", "mediation_deadline",
 *   "referred_to"}]
 * For "consultations" the rows are consultations: {"type": "consultation",
 * "id", "held_on", "title", "case_id", "number"}. TJ_ERROR_INVALID for an
 * unknown figure key.
 */
JsonArray  *tj_report_cases        (TjStore                *store,
                                    const char             *from,
                                    const char             *to,
                                    const char             *figure,
                                    GError                **error);
JsonArray  *tj_report_cases_full   (TjStore                *store,
                                    const char             *from,
                                    const char             *to,
                                    const char             *figure,
                                    const TjReportOptions  *options,
                                    GError                **error);

/* The number of cases behind @figure (what tj_report_cases() would list). */
gint64      tj_report_count        (TjStore                *store,
                                    const char             *from,
                                    const char             *to,
                                    const char             *figure,
                                    const TjReportOptions  *options,
                                    GError                **error);

/* A translated name for the period: "2026年7月", "2026年第三季度", "2026年"
 * when it is exactly a month, quarter or year, else "2026-07-03 至 2026-08-10". */
char       *tj_report_period_label (const char             *from,
                                    const char             *to);
/* A translated label for a figure key ("Cases received"), or NULL. */
char       *tj_report_figure_label (const char             *figure);
const char *tj_report_outcome_label  (const char           *outcome);

/* Exports (tj-report-export.c). @summary is what tj_report_summary()
 * returned; @organisation may be NULL or empty. */

/* UTF-8 with a byte-order mark (Excel on Chinese Windows reads it right),
 * CRLF line ends, one section per table, money as yuan with two decimals. */
GBytes     *tj_report_to_csv       (JsonObject             *summary,
                                    const char             *organisation,
                                    GError                **error);
/* A4 PDF: title with the organisation and period, headline figures, the
 * three charts and every table, "第 1 页 共 N 页" on each page. */
GBytes     *tj_report_to_pdf       (JsonObject             *summary,
                                    const char             *organisation,
                                    GError                **error);
/* Summary and export in one go, written whole then renamed into place.
 * @format: "csv" or "pdf". */
gboolean    tj_report_export_file  (TjStore                *store,
                                    const char             *from,
                                    const char             *to,
                                    const char             *format,
                                    const char             *organisation,
                                    const TjReportOptions  *options,
                                    const char             *path,
                                    GError                **error);

/* The same off the main thread (tj-report-async.c): run on the
 * repository's worker, the result on the caller's main context. @options
 * is copied. */
void        tj_report_summary_async      (TjRepository          *repository,
                                          const char            *from,
                                          const char            *to,
                                          const TjReportOptions *options,
                                          GCancellable          *cancellable,
                                          GAsyncReadyCallback    callback,
                                          gpointer               user_data);
JsonObject *tj_report_summary_finish     (TjRepository          *repository,
                                          GAsyncResult          *result,
                                          GError               **error);
void        tj_report_cases_async        (TjRepository          *repository,
                                          const char            *from,
                                          const char            *to,
                                          const char            *figure,
                                          const TjReportOptions *options,
                                          GCancellable          *cancellable,
                                          GAsyncReadyCallback    callback,
                                          gpointer               user_data);
JsonArray  *tj_report_cases_finish       (TjRepository          *repository,
                                          GAsyncResult          *result,
                                          GError               **error);
void        tj_report_export_file_async  (TjRepository          *repository,
                                          const char            *from,
                                          const char            *to,
                                          const char            *format,
                                          const char            *organisation,
                                          const TjReportOptions *options,
                                          const char            *path,
                                          GCancellable          *cancellable,
                                          GAsyncReadyCallback    callback,
                                          gpointer               user_data);
gboolean    tj_report_export_file_finish (TjRepository          *repository,
                                          GAsyncResult          *result,
                                          GError               **error);

G_END_DECLS
