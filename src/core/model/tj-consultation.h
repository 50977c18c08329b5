/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-case.h"

G_BEGIN_DECLS

/*
 * Consultations: the two-minute record of an evening legal clinic (法律夜市)
 * or a hotline call — who, what problem, the advice given, the next step,
 * a referral — kept as `consultation` documents and convertible into a
 * full case that keeps everything entered.
 *
 * JSON: {"held_on", "channel": night_clinic|hotline|walk_in|station,
 *        "worker": {"name", "phone", "id_number"}, "employer": {"name"},
 *        "kind" (a case kind), "problem", "advice", "next_step",
 *        "referral", "migrant_worker" (bool), "owed_fen"}
 * Output adds "id", "case_id" (once converted) and "created_at".
 */

JsonObject *tj_consultation_add     (TjStore             *store,
                                     const TjCaseContext *ctx,
                                     JsonObject          *input,
                                     GError             **error);
/* Newest first; @query filters by name/employer/problem text when set. */
JsonArray  *tj_consultation_list    (TjStore             *store,
                                     const char          *query,
                                     guint                limit,
                                     GError             **error);
/* Creates a case from the consultation (source night_clinic or its channel)
 * and links both; returns {"id", "number"} of the case. TJ_ERROR_CONFLICT
 * when it was converted already. */
JsonObject *tj_consultation_convert (TjStore             *store,
                                     const TjCaseContext *ctx,
                                     const char          *id,
                                     JsonObject          *extra,
                                     GError             **error);

G_END_DECLS
