/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Shared between tj-session.c and tj-session-guidance.c. */

/* The guidance of @step for the case @case_doc (as tj_case_show() gives
 * it; may be NULL) and @session (may be NULL), merged with the
 * organisation's override file. NULL with TJ_ERROR_INVALID for an unknown
 * step. */
JsonObject *_tj_session_guidance_build (const char  *step,
                                        JsonObject  *case_doc,
                                        JsonObject  *session,
                                        GError     **error);

/* Whether the checklist of @step lists @item. */
gboolean    _tj_session_check_applies  (const char  *step,
                                        const char  *item);

G_END_DECLS
