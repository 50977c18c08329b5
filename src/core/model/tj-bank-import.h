/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-case.h"

G_BEGIN_DECLS

/*
 * A bank's batch-payment file (issue 16): the list an employer's bank
 * returns after paying the workers of an installment (代发工资 / 批量转账
 * 明细), as CSV (GBK or UTF-8) or Excel .xlsx, taken in as the payments it
 * records. The format is recognised from the bytes, not the file name.
 *
 * The header row is found by its column names in the first 20 rows (title
 * rows above it are common):
 *   name       户名 / 收款人姓名 / 收款户名 / 账户名称 / 姓名   (required)
 *   amount     金额 / 交易金额 / 代发金额 / 实发金额 / 付款金额  (required, yuan)
 *   account    账号 / 收款账号 / 收款人账号 / 卡号 / 银行卡号
 *   id_number  证件号码 / 身份证号
 *   date       日期 / 交易日期 / 付款日期 / 入账日期 (a time after it is fine)
 *   reference  流水号 / 交易流水号 / 凭证号 / 交易参考号
 *   memo       摘要 / 附言 / 用途 / 备注
 *   status     交易状态 / 处理结果 / 状态  ("失败"/"退回": not paid)
 * A totals row (合计 / 总计) and footer lines (经办人：…) are left out.
 *
 * Each row is matched to a worker of the case by name and by ID number or
 * bank account (the worker's "bank_account"); a name alone is not enough,
 * two workers may share it. Its amount is booked against the worker's
 * earliest installment still owed, spilling into the next ones. A row is
 * refused (and named with its row number) when: it has no name or no
 * readable amount, nothing confirms who the worker is, the ID number or
 * account belongs to someone else, the amount is more than the worker is
 * still owed, the date is unreadable or in the future, or the payment is
 * recorded already (the same 流水号, or the same worker, amount and date —
 * the file was imported before). A transfer the bank reports failed is
 * left out with a note.
 *
 * Preview JSON:
 *   { "format": "csv"|"xlsx", "encoding", "header_row",
 *     "columns": {"name": "户名", …},
 *     "rows": [{"row", "name", "account" (masked), "id_number" (masked),
 *               "amount_fen", "paid_on", "reference", "worker_id",
 *               "payments": [{"installment", "amount_fen"}], "ok",
 *               "skipped"}],
 *     "errors": [{"row", "column", "field", "message"}],
 *     "notes": [{"row", "message"}],
 *     "totals": {"rows", "valid", "invalid", "skipped", "amount_fen",
 *                "workers"} }
 */

/* @paid_on: the date of rows without one (NULL: today, from @ctx). */
JsonObject *tj_bank_import_preview (TjStore             *store,
                                    const TjCaseContext *ctx,
                                    const char          *case_id,
                                    const char          *data,
                                    gsize                length,
                                    const char          *filename,
                                    const char          *paid_on,
                                    GError             **error);

/* All or nothing: any error of the preview gives TJ_ERROR_INVALID listing
 * every bad row ("Row 7, 账号: …") and nothing is written; otherwise one
 * `payment` per row and installment, one timeline event, in one
 * transaction. TJ_ERROR_NOT_FOUND without a case or a settlement,
 * TJ_ERROR_CONFLICT while the settlement is a draft. Returns
 * {"imported" (rows), "ids", "payments", "amount_fen", "paid_fen",
 * "owed_fen", "all_paid", "suggested_status"?}. */
JsonObject *tj_bank_import         (TjStore             *store,
                                    const TjCaseContext *ctx,
                                    const char          *case_id,
                                    const char          *data,
                                    gsize                length,
                                    const char          *filename,
                                    const char          *paid_on,
                                    GError             **error);

G_END_DECLS
