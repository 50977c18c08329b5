/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * TjError:
 * @TJ_ERROR_FAILED: anything not covered below
 * @TJ_ERROR_INVALID: bad input; nothing was written (CLI exit code 2)
 * @TJ_ERROR_NOT_FOUND: no such document, case, revision… (exit code 3)
 * @TJ_ERROR_CONFLICT: a write against a stale revision, or a refused
 *   transition (exit code 4)
 * @TJ_ERROR_NETWORK: network or server error (exit code 5)
 * @TJ_ERROR_DENIED: the server refused access (exit code 5)
 * @TJ_ERROR_CORRUPT: the database file is damaged or not a Tiaojie database
 *   (exit code 2: the database given is bad input)
 * @TJ_ERROR_BUSY: the database is locked by another program (exit code 5)
 *
 * The one error domain of the core. Messages are translated and specific:
 * they name the field, line or document they are about.
 */
typedef enum {
  TJ_ERROR_FAILED,
  TJ_ERROR_INVALID,
  TJ_ERROR_NOT_FOUND,
  TJ_ERROR_CONFLICT,
  TJ_ERROR_NETWORK,
  TJ_ERROR_DENIED,
  TJ_ERROR_CORRUPT,
  TJ_ERROR_BUSY,
} TjError;

#define TJ_ERROR (tj_error_quark ())
GQuark tj_error_quark (void);

/*
 * Field errors. A TJ_ERROR_INVALID about input may also say, as data,
 * which fields were wrong and why: each a path into the interchange JSON
 * ("workers[2].id_number", "installments[0].allocations[1]", "paid_on")
 * and the message about that field alone ("required"), which a form puts
 * next to the widget of that field. error->message still lists every
 * problem in one text, field names included, for the CLI and the logs.
 * A TjError without fields (or another domain) has none. TJ_ERROR is an
 * extended error domain: make a new error rather than set an existing
 * one's domain to TJ_ERROR (its private data would be missing).
 */

/* Records that @path is wrong for the reason @message. @error must be in
 * TJ_ERROR. */
void        tj_error_add_field         (GError       *error,
                                        const char   *path,
                                        const char   *message);
/* The number of fields @error names (0 for NULL or another domain). */
guint       tj_error_get_n_fields      (const GError *error);
/* The path and the message of field @index. */
const char *tj_error_get_field_path    (const GError *error,
                                        guint         index);
const char *tj_error_get_field_message (const GError *error,
                                        guint         index);
/* Sets @error to TJ_ERROR_INVALID "@path: @message" naming @path as the
 * field, when @error is not NULL. */
void        tj_set_field_error         (GError      **error,
                                        const char   *path,
                                        const char   *message);

/* Sets @error to TJ_ERROR_INVALID with the message @format gives, which
 * starts with @path ("paid_on: %s is in the future"), naming @path as the
 * field; the field's message is the text after the path. */
void        tj_set_invalid             (GError      **error,
                                        const char   *path,
                                        const char   *format,
                                        ...) G_GNUC_PRINTF (3, 4);
/* @text without a leading "@path: " (or "@path："): what is shown next to
 * the field need not repeat its name. @text itself when it does not start
 * so (a translation that puts the field elsewhere). */
const char *tj_error_text_after_path   (const char   *text,
                                        const char   *path);

/* Reading a field path: TRUE when @path is an element of the array
 * @member ("workers[3]", "workers[3].name"), with its index and what
 * follows ("name", or "" for the element itself; may be NULL). */
gboolean    tj_field_path_element      (const char   *path,
                                        const char   *member,
                                        guint        *index,
                                        const char  **rest);

/* The exit code docs/DESIGN.md gives for tiaojie-cli: 0 ok, 1 usage, 2 invalid
 * input (also a damaged or foreign database), 3 not found, 4 conflict,
 * 5 network or server error (also a database locked by another program). */
int tj_error_exit_code (const GError *error);

G_END_DECLS
