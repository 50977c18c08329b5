/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-case.h"

G_BEGIN_DECLS

/*
 * Consent at intake (PIPL §29: separate consent for sensitive personal
 * information). The mediator tells the worker how their data is used, in
 * the words set in the preferences, and records that they agreed: one
 * `consent` document per agreement, never changed —
 *
 *   { "type": "consent", "case_id", "wording" (what was said), "given_by"
 *     (who agreed: the worker, or the workers of a collective case),
 *     "recorded_by" (the mediator), "at" (UTC), "on" (local date) }
 *
 * tj_case_show() gives "consent": {"given": true, "on", "given_by",
 * "recorded_by", "wording"} or {"given": false}; a case without it is
 * flagged on the case page and by `case show`.
 */

/* The wording used when the preferences have none (Chinese: it is said to
 * the worker). */
const char *tj_consent_default_wording (void);

/* Records the consent. TJ_ERROR_INVALID when @wording is empty,
 * TJ_ERROR_NOT_FOUND for an unknown case. Returns the document's id.
 * (transfer full) */
char       *tj_consent_record   (TjStore             *store,
                                 const TjCaseContext *ctx,
                                 const char          *case_id,
                                 const char          *wording,
                                 const char          *given_by,
                                 GError             **error);

/* {"given": false}, or the newest consent of the case as above with
 * "given": true and its "id". (transfer full) */
JsonObject *tj_consent_summary  (TjStore             *store,
                                 const char          *case_id,
                                 GError             **error);

G_END_DECLS
