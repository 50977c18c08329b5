/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Validators for what a mediator types at intake. Each returns FALSE with a
 * translated TJ_ERROR_INVALID message saying why, prefixed with @field
 * (e.g. "workers[3].id_number") when @field is not NULL. Messages show only
 * the first characters of a personal number, never all of it. */

/* Chinese resident ID number (GB 11643-1999): 18 characters, region code,
 * a real birth date not in the future, and the ISO 7064 MOD 11-2 check
 * character. A lowercase x is accepted and normalised. */
gboolean  tj_validate_id_number   (const char  *value,
                                   const char  *field,
                                   GError     **error);
/* Unified social credit code (GB 32100-2015): 18 characters from the
 * code's alphabet and its MOD 31 check character. */
gboolean  tj_validate_credit_code (const char  *value,
                                   const char  *field,
                                   GError     **error);
/* Mainland mobile number: 11 digits starting 13–19 (spaces, dashes and a
 * +86 prefix are tolerated). */
gboolean  tj_validate_mobile      (const char  *value,
                                   const char  *field,
                                   GError     **error);
/* Any phone a worker may give: a mobile (11 digits), a landline (area
 * code + number, or a local number), a 400/800 or a short service number
 * (12351). A number starting with 1 that is neither ("1381234") is
 * refused. */
gboolean  tj_validate_phone       (const char  *value,
                                   const char  *field,
                                   GError     **error);
/* A bank account or card number: 8 to 32 digits (spaces and dashes as
 * written on a card are tolerated). */
gboolean  tj_validate_bank_account (const char *value,
                                    const char *field,
                                    GError    **error);
/* An ISO date YYYY-MM-DD that exists. */
gboolean  tj_validate_date        (const char  *value,
                                   const char  *field,
                                   GError     **error);

/* Normalised forms: ID numbers upper-case, phones digits only. */
char     *tj_normalize_id_number  (const char  *value);
char     *tj_normalize_phone      (const char  *value);
char     *tj_normalize_bank_account (const char *value);

/* Masks for lists and exports: 110***********123X, 138****5678. */
char     *tj_mask_id_number       (const char  *value);
char     *tj_mask_phone           (const char  *value);
/* 6222 ****1234 */
char     *tj_mask_bank_account    (const char  *value);

G_END_DECLS
