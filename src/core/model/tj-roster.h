/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-case.h"

G_BEGIN_DECLS

/*
 * Collective rosters (issue 5): the list of workers a contractor or a
 * team leader sends, as CSV (UTF-8 or GBK, as Chinese Excel saves it),
 * tab-separated text (also Excel's UTF-16 "Unicode text") or an Excel
 * workbook (.xlsx, first sheet). The format is recognised from the
 * bytes, not the file name.
 *
 * The header row is found by its column names, in Chinese or English, in
 * the first 20 rows (title rows above it are common):
 *   name          姓名 / name                       (required)
 *   id_number     身份证号 / 身份证号码 / id_number
 *   phone         电话 / 手机 / 联系电话 / phone
 *   job           工种 / 岗位 / job
 *   start_date    入职日期 / 进场日期 / start_date   (2024-03-01, 2024/3/1,
 *                 2024年3月1日, or an Excel date)
 *   monthly_wage  月工资 / monthly_wage              (yuan: "12,000", "1.2万")
 *   owed          欠薪金额 / 拖欠工资 / owed          (yuan)
 *   bank_account  银行卡号 / 银行账号 / 工资卡号 / 账号 (what bank payment
 *                 files are matched by; masked in the preview)
 * Units in brackets ("欠薪金额（元）") are ignored.
 *
 * Preview JSON:
 *   { "format": "csv"|"xlsx", "encoding", "header_row": n,
 *     "columns": {"name": "姓名", …}     the header cell used per field,
 *     "rows": [{"row", "name", "id_number", "phone", "job", "start_date",
 *               "monthly_wage_fen", "owed_fen", "ok"}],
 *     "errors": [{"row", "column", "field", "message"}],
 *     "notes": [{"row", "message"}]     e.g. the totals row (合计) left out,
 *                                       or not matching the rows,
 *     "totals": {"rows", "valid", "invalid", "owed_fen",
 *                "existing_workers", "existing_owed_fen"} }
 * "row" is the row number the spreadsheet shows; "column" the header cell
 * as written in the file. Errors: missing name, bad ID number, the same
 * ID number twice in the file or already on the case, bad phone, bad
 * date, negative or unreadable amount. Rows with nothing in the roster
 * columns (a template's numbered blank rows) are ignored.
 */

JsonObject *tj_roster_preview (TjStore             *store,
                               const char          *case_id,
                               const char          *data,
                               gsize                length,
                               const char          *filename,
                               GError             **error);

/* All or nothing: any error of the preview gives TJ_ERROR_INVALID listing
 * every bad row ("Row 7, 身份证号: …") and nothing is written. Otherwise
 * adds one `party` document (role "worker") per row, after the case's
 * existing parties, and a timeline event, in one transaction.
 * TJ_ERROR_NOT_FOUND for an unknown case, TJ_ERROR_CONFLICT for a closed
 * or withdrawn one. Returns {"imported": n, "owed_fen": sum}. @ctx may be
 * %NULL. */
JsonObject *tj_roster_import  (TjStore             *store,
                               const TjCaseContext *ctx,
                               const char          *case_id,
                               const char          *data,
                               gsize                length,
                               const char          *filename,
                               GError             **error);

/* The same in a worker thread, for the GUI: the thread opens its own
 * connection to @store's database file (a TjStore is used from one
 * thread at a time; WAL lets the GUI keep reading). @data is the file's
 * content; @ctx is copied. A failed import wrote nothing. */
void        tj_roster_preview_async  (TjStore             *store,
                                      const char          *case_id,
                                      GBytes              *data,
                                      const char          *filename,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
JsonObject *tj_roster_preview_finish (GAsyncResult        *result,
                                      GError             **error);
void        tj_roster_import_async   (TjStore             *store,
                                      const TjCaseContext *ctx,
                                      const char          *case_id,
                                      GBytes              *data,
                                      const char          *filename,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
JsonObject *tj_roster_import_finish  (GAsyncResult        *result,
                                      GError             **error);

G_END_DECLS
