/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-session-section.h"

G_BEGIN_DECLS

/* The sidebar of the session window: the model's "flow", one row per step;
 * picking a row shows that step. Each row carries its step as the object
 * data "step". */
#define TJ_TYPE_SESSION_STEPS_SECTION (tj_session_steps_section_get_type ())
G_DECLARE_FINAL_TYPE (TjSessionStepsSection, tj_session_steps_section, TJ, SESSION_STEPS_SECTION, TjSessionSection)

G_END_DECLS
