/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-session-section.h"

G_BEGIN_DECLS

/* The outcome step: while the case is under mediation, the agreement form
 * (total or per worker, payer, method, one sum or installments, other
 * terms) and "not reached" with its reason; once agreed, the settlement as
 * it stands now (draft or agreed, read again when the case page changes
 * it); after a failure, the worker's next steps with their dates. */
#define TJ_TYPE_SESSION_OUTCOME_SECTION (tj_session_outcome_section_get_type ())
G_DECLARE_FINAL_TYPE (TjSessionOutcomeSection, tj_session_outcome_section, TJ, SESSION_OUTCOME_SECTION, TjSessionSection)

G_END_DECLS
