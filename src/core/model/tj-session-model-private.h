/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-session-model.h"

G_BEGIN_DECLS

/* tj-session-item.c: rows, and updating a list in place. */
TjSessionItem *_tj_session_item_new  (const char    *id,
                                      const char    *title,
                                      const char    *subtitle);
void           _tj_session_item_set  (TjSessionItem *self,
                                      const char    *kind,
                                      const char    *side,
                                      const char    *state,
                                      gboolean       active,
                                      gboolean       flag,
                                      int            count);
/* Makes @store hold @items (TjSessionItem): the same ids in the same
 * order update the rows there, anything else replaces them. */
void           _tj_session_items_sync (GListStore   *store,
                                       GPtrArray    *items);

/* tj-session-model-lists.c: the rows of each list, from what the model
 * read (each returns a GPtrArray of TjSessionItem). */
GPtrArray     *_tj_session_rows_flow        (JsonArray  *flow);
GPtrArray     *_tj_session_rows_checklist   (JsonObject *guidance,
                                             JsonObject *session);
GPtrArray     *_tj_session_rows_attendance  (JsonObject *case_doc,
                                             JsonObject *session);
GPtrArray     *_tj_session_rows_main_note   (JsonObject *session);
GPtrArray     *_tj_session_rows_notes       (JsonArray  *notes);
GPtrArray     *_tj_session_rows_interests   (JsonObject *board);
GPtrArray     *_tj_session_rows_meetings    (JsonArray  *sessions);
GPtrArray     *_tj_session_rows_moves       (JsonArray  *issues);
/* tj-session-issue.c: the "issues" list (TjSessionIssueRow) and the
 * "bottom-lines" rows drawn from it (none unless @audience is the
 * mediator). */
TjSessionIssueRow *_tj_session_issue_row_new       (JsonObject *issue,
                                             TjAudience  audience);
GPtrArray     *_tj_session_rows_issues      (JsonArray  *issues,
                                             TjAudience  audience);
GPtrArray     *_tj_session_rows_bottom_lines (GPtrArray *issues);
void           _tj_session_issues_sync      (GListStore *store,
                                             GPtrArray  *issues);
/* "worker side" and so on, capitalised for a row. */
const char    *_tj_session_side_title       (const char *side);
/* A date as the reader's language writes it. */
char          *_tj_session_format_date      (const char *iso_date);

/* tj-session-model-writes.c: the model's writes, as jobs of the
 * repository's worker (a TjRepositoryFunc and its data). */
typedef enum
{
  TJ_SESSION_WRITE_START,
  TJ_SESSION_WRITE_UPDATE,
  TJ_SESSION_WRITE_TIMER,
  TJ_SESSION_WRITE_NOTE,
  TJ_SESSION_WRITE_RELEASE,
  TJ_SESSION_WRITE_OFFER,
  TJ_SESSION_WRITE_END,
  TJ_SESSION_WRITE_PRESENT,
} TjSessionWriteKind;

typedef struct
{
  TjSessionWriteKind  kind;
  TjCaseContext       ctx;         /* interned strings: safe on the worker */
  char               *case_id;
  char               *id;          /* the session, or the note released */
  char               *arg;         /* timer action, consent, or outcome */
  char               *reason;
  JsonObject         *input;       /* a copy: the caller's stays on its thread */
  GStrv               parties;     /* who is marked present or absent */
  gboolean            present;
  JsonObject         *result;      /* what the core call returned */
} TjSessionWrite;

/* @input is copied. */
TjSessionWrite *_tj_session_write_new  (TjSessionWriteKind   kind,
                                        const TjCaseContext *ctx,
                                        const char          *case_id,
                                        const char          *id,
                                        JsonObject          *input);
void            _tj_session_write_free (gpointer             data);
gboolean        _tj_session_write_run  (TjStore             *store,
                                        gpointer             data,
                                        GError             **error);

G_END_DECLS
