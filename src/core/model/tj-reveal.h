/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-case.h"

G_BEGIN_DECLS

/*
 * Personal numbers — phones, ID numbers, bank accounts — are masked
 * wherever they are shown (138****5678) and revealed on request, one value
 * at a time, through tj_reveal() and nothing else: the front ends never
 * unmask by themselves, so that the reason and the audit record a reveal
 * will need (PIPL §51) are added in this one place.
 */

/* The fields that can be revealed: "phone", "id_number", "bank_account",
 * "address". */
gboolean    tj_reveal_field_known (const char          *field);

/* The masked form of @value, as lists show it ("138****5678",
 * "110***********123X", "6222 ****1234"); "" for an empty value. */
char       *tj_reveal_mask        (const char          *field,
                                   const char          *value);

/* The value of @field of record @doc_id in full: a party's, or the worker's
 * of a consultation, for @reason (required), recorded as one audit
 * document (tj-audit.h: who from @ctx->actor, when, which field of whom,
 * why). TJ_ERROR_NOT_FOUND when the record or the value does not exist,
 * TJ_ERROR_INVALID for a field that is not a personal number or no
 * reason; nothing is revealed when the record cannot be written.
 * (transfer full) */
char       *tj_reveal             (TjStore             *store,
                                   const TjCaseContext *ctx,
                                   const char          *doc_id,
                                   const char          *field,
                                   const char          *reason,
                                   GError             **error);

/* Records, for @reason (required), that @field of document @doc_id was
 * shown in full, without reading the value: for a value the caller holds
 * already and tj_reveal() cannot read, such as the versions of a document
 * in conflict (tj_reveal() reads the current version only). One audit
 * document as tj_reveal() writes (case, who and the holder's name from the
 * current version of @doc_id), for one request however many versions it
 * shows. TJ_ERROR_NOT_FOUND when @doc_id does not exist, TJ_ERROR_INVALID
 * for a field that is not a personal number or no reason. */
gboolean    tj_reveal_record      (TjStore             *store,
                                   const TjCaseContext *ctx,
                                   const char          *doc_id,
                                   const char          *field,
                                   const char          *reason,
                                   GError             **error);

/* Reasons a mediator usually has for a reveal, untranslated (N_()): the
 * GUI offers them, anything else may be typed. NULL-terminated. */
const char * const *tj_reveal_common_reasons (void);

/* @shown, the output of tj_case_show(), with the workers' and agents' ID
 * numbers, phones, addresses and bank accounts masked when @reason is
 * NULL; with a reason it is left whole and the reveal of the case is
 * recorded (one audit document). FALSE when the record cannot be
 * written. */
gboolean    tj_reveal_case        (TjStore             *store,
                                   const TjCaseContext *ctx,
                                   JsonObject          *shown,
                                   const char          *reason,
                                   GError             **error);

/* The workers of case @case_id as CSV (UTF-8 with a byte-order mark, CRLF,
 * money in yuan): name, ID number, phone, job, monthly wage, owed. ID
 * numbers and phones are masked unless @reason says why they are needed
 * in full. Every export is recorded (an "export" audit document, "full"
 * with the reason). (transfer full) */
GBytes     *tj_case_export_workers_csv (TjStore             *store,
                                        const TjCaseContext *ctx,
                                        const char          *case_id,
                                        const char          *reason,
                                        GError             **error);

G_END_DECLS
