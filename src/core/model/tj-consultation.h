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
/* Newest first (held_on, then created_at); @query, when set, keeps those
 * whose worker's name or phone, employer or problem contains it (ASCII
 * letters in any case). @limit 0: all. Read in SQL over the documents of
 * type consultation, so that a page costs its rows, not a walk of them all. */
JsonArray  *tj_consultation_list    (TjStore             *store,
                                     const char          *query,
                                     guint                limit,
                                     GError             **error);
/* The same a page at a time (@limit 0: all from @offset), and how many
 * match (0 with @error set on failure): for the list model
 * (tj-consultation-list.h). */
JsonArray  *tj_consultation_list_page (TjStore           *store,
                                       const char        *query,
                                       guint              offset,
                                       guint              limit,
                                       GError           **error);
guint       tj_consultation_count   (TjStore             *store,
                                     const char          *query,
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
