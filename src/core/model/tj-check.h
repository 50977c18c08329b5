/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Validation of interchange JSON (cases, settlements, payments) that
 * collects every problem instead of stopping at the first, so that one
 * TJ_ERROR_INVALID message lists them all: "workers[2].name: required;
 * owed_fen: cannot be negative". Each problem starts with the field it is
 * about, and the error also carries the fields as data
 * (tj_error_get_field_path()) so that a form shows each message next to
 * its field. Declare it `g_auto(TjCheck) check = { errors };`. */
typedef struct {
  GPtrArray *errors;   /* char*, translated, in the order found */
  GPtrArray *fields;   /* private: path and message of each problem */
} TjCheck;

void        tj_check_clear      (TjCheck     *check);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TjCheck, tj_check_clear)

/* A problem about the field @path ("workers[2].name"); @format gives the
 * whole message, which starts with the field's name ("%s: required"). */
void        tj_check_field      (TjCheck     *check,
                                 const char  *path,
                                 const char  *format,
                                 ...) G_GNUC_PRINTF (3, 4);
/* A problem about the member @member of the object at @prefix
 * ("chain[1]" and "relation": "chain[1].relation"). */
void        tj_check_member     (TjCheck     *check,
                                 const char  *prefix,
                                 const char  *member,
                                 const char  *format,
                                 ...) G_GNUC_PRINTF (4, 5);
/* A problem about no one field (the whole case, two fields together). */
void        tj_check_problem    (TjCheck     *check,
                                 const char  *format,
                                 ...) G_GNUC_PRINTF (2, 3);
/* Adds @error's message (and the fields it names) as problems and frees
 * @error (NULL: nothing). */
void        tj_check_take_error (TjCheck     *check,
                                 GError      *error);
/* The field of problem @index (check->errors[@index]): "" for a problem
 * about no one field. */
guint       tj_check_get_n_problems   (TjCheck *check);
const char *tj_check_get_problem_path (TjCheck *check,
                                       guint    index);
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
/* Element @index of @array as an object, or NULL when it is not one (a
 * problem about @field: "%s: must be an object"). */
JsonObject *tj_check_element    (TjCheck     *check,
                                 JsonArray   *array,
                                 guint        index,
                                 const char  *field);

/* Same, and when given it must be a real ISO date (YYYY-MM-DD). */
void        tj_check_date       (TjCheck     *check,
                                 JsonObject  *obj,
                                 const char  *member,
                                 const char  *field,
                                 gboolean     required);

/* Member @member of @obj as an amount in fen: a whole number from 0 to
 * TJ_MONEY_MAX_AMOUNT_FEN. Returns it, or -1 when it is absent (a problem
 * when @required) or not such a number (a problem). */
gint64      tj_check_fen        (TjCheck     *check,
                                 JsonObject  *obj,
                                 const char  *member,
                                 const char  *field,
                                 gboolean     required);

/* A validator of tj-validate.h: tj_validate_phone(), tj_validate_id_number()… */
typedef gboolean (*TjCheckValidate) (const char  *value,
                                     const char  *field,
                                     GError     **error);

/* Same, and when given it must pass @validate, whose message (naming
 * @field) is the problem. */
void        tj_check_valid      (TjCheck         *check,
                                 JsonObject      *obj,
                                 const char      *member,
                                 const char      *field,
                                 gboolean         required,
                                 TjCheckValidate  validate);

G_END_DECLS
