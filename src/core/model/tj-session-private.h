/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-session.h"

G_BEGIN_DECLS

/* Internals shared by the files of the session model: tj-session.c
 * (starting, listing, updating and the helpers below), -timer, -notes,
 * -figures, -views, -outcome and -guidance. */

extern const char * const _tj_session_issue_ids[];     /* wages_owed, … */
extern const char * const _tj_session_sides[];         /* worker, employer */
extern const char * const _tj_session_employer_roles[];

/* "worker side" / "employer side", translated. */
const char *_tj_session_side_label      (const char          *side);
gboolean    _tj_session_in_list         (const char          *value,
                                         const char * const  *list);
/* Today's date for @ctx: ctx->today when set, else the clock's. */
char       *_tj_session_today_iso       (const TjCaseContext *ctx);
/* The day a session was held or ended: @day (recorded from the context's
 * today) when set, else the local date of @timestamp (sessions written
 * before the day was recorded). */
char       *_tj_session_day_of          (const char          *day,
                                         const char          *timestamp);
/* The document @id, which must be of @type (@what names it in errors). */
JsonObject *_tj_session_get_typed       (TjStore             *store,
                                         const char          *id,
                                         const char          *type,
                                         const char          *what,
                                         GError             **error);
JsonObject *_tj_session_get_session     (TjStore             *store,
                                         const char          *id,
                                         GError             **error);
/* Documents of @type linked to @case_id, oldest first (case_children). */
GPtrArray  *_tj_session_children        (TjStore             *store,
                                         const char          *case_id,
                                         const char          *type,
                                         GError             **error);
/* The mediator's copy of a document: everything but the store's members. */
JsonObject *_tj_session_private_copy    (JsonObject          *doc);
/* Copies only the listed members (shared views are built this way). */
void        _tj_session_copy_listed     (JsonObject          *to,
                                         JsonObject          *from,
                                         const char * const  *members);
const char *_tj_session_side_of_party   (JsonObject          *party);
/* The step @session belongs to (its "step", else from kind and round). */
const char *_tj_session_step_of         (JsonObject          *session);
JsonObject *_tj_session_find_party      (GPtrArray           *parties,
                                         const char          *id);
gboolean    _tj_session_is_int          (JsonObject          *o,
                                         const char          *member);
gboolean    _tj_session_check_text      (JsonObject          *o,
                                         const char          *member,
                                         const char          *field,
                                         GError             **error);
gboolean    _tj_session_check_text_list (JsonObject          *o,
                                         const char          *member,
                                         GError             **error);
/* Writes @doc and keeps its _id and _rev current. */
gboolean    _tj_session_put_doc         (TjStore             *store,
                                         JsonObject          *doc,
                                         char               **out_id,
                                         GError             **error);

/* tj-session-notes.c: the positions-and-interests board (caucus content:
 * mediator only; tj_session_view() hands it out). */
JsonObject *_tj_session_interests          (TjStore          *store,
                                            const char       *case_id,
                                            GError          **error);

/* tj-session-timer.c */
JsonObject *_tj_session_timer_with_elapsed (JsonObject       *session,
                                            GDateTime        *at);
void        _tj_session_timer_pause        (JsonObject       *session,
                                            GDateTime        *at);

/* tj-session-outcome.c: ends (to be continued) every open meeting of the
 * case but @keep_id, inside the caller's transaction. */
gboolean    _tj_session_end_others         (TjStore             *store,
                                            const TjCaseContext *ctx,
                                            const char          *case_id,
                                            const char          *keep_id,
                                            GError             **error);

/* tj-session-guidance.c */

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
