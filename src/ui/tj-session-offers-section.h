/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-session-section.h"

G_BEGIN_DECLS

/* Demands and offers of the case as the model's audience may see them:
 * crossings and agreements first, each issue with the figures said at the
 * table and the gap, bottom lines (marked private, mediator only), the
 * chart of every move, the whole record in order, and the form that
 * records the next figure in the meeting. */
#define TJ_TYPE_SESSION_OFFERS_SECTION (tj_session_offers_section_get_type ())
G_DECLARE_FINAL_TYPE (TjSessionOffersSection, tj_session_offers_section, TJ, SESSION_OFFERS_SECTION, TjSessionSection)

G_END_DECLS
