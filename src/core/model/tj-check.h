/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Validation of interchange JSON (cases, settlements, payments) that
 * collects every problem instead of stopping at the first, so that one
 * TJ_ERROR_INVALID message lists them all: "workers[2].name: required;
 * owed_fen: cannot be negative". Each problem starts with the field it is
 * about. */
typedef struct {
  GPtrArray *errors;   /* char*, translated, in the order found */
} TjCheck;

void        tj_check_problem    (TjCheck     *check,
                                 const char  *format,
                                 ...) G_GNUC_PRINTF (2, 3);
/* Adds @error's message as a problem and frees @error (NULL: nothing). */
void        tj_check_take_error (TjCheck     *check,
                                 GError      *error);
/* TRUE when no problem was found; otherwise @error lists them all. */
gboolean    tj_check_finish     (TjCheck     *check,
                                 GError     **error);

/* Member @member of @obj (which may be NULL) as text, or NULL when absent,
 * null or not text (a problem, as is a @required one that is absent or
 * blank). @field names it in messages. */
const char *tj_check_string     (TjCheck     *check,
                                 JsonObject  *obj,
                                 const char  *member,
                                 const char  *field,
                                 gboolean     required);
/* Same, and when given it must be a real ISO date (YYYY-MM-DD). */
void        tj_check_date       (TjCheck     *check,
                                 JsonObject  *obj,
                                 const char  *member,
                                 const char  *field,
                                 gboolean     required);

G_END_DECLS
