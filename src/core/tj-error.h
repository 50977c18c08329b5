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

/* The exit code DESIGN.md fixes for tiaojie-cli: 0 ok, 1 usage, 2 invalid
 * input (also a damaged or foreign database), 3 not found, 4 conflict,
 * 5 network or server error (also a database locked by another program). */
int tj_error_exit_code (const GError *error);

G_END_DECLS
