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

/* The fields that can be revealed: "phone", "id_number", "bank_account". */
gboolean    tj_reveal_field_known (const char          *field);

/* The masked form of @value, as lists show it ("138****5678",
 * "110***********123X", "6222 ****1234"); "" for an empty value. */
char       *tj_reveal_mask        (const char          *field,
                                   const char          *value);

/* The value of @field of record @doc_id in full: a party's, or the worker's
 * of a consultation. TJ_ERROR_NOT_FOUND when the record or the value does
 * not exist, TJ_ERROR_INVALID for a field that is not a personal number.
 * (transfer full) */
char       *tj_reveal             (TjStore             *store,
                                   const TjCaseContext *ctx,
                                   const char          *doc_id,
                                   const char          *field,
                                   GError             **error);

G_END_DECLS
