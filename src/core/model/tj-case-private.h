/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Internals shared by the files of the case API (tj-case.h), one file per
 * responsibility: tj-case.c (labels, numbering, intake), tj-case-index.c
 * (the indexer), tj-case-validate.c (the interchange JSON), tj-case-show.c,
 * tj-case-query.c (list and search), tj-case-status.c (workflow and
 * timeline), tj-case-import.c (CSV), tj-case-edit.c (later edits, claims,
 * evidence) and tj-case-parties.c (parties and the contractor chain).
 */

#include "tj-case.h"
#include "tj-check.h"

G_BEGIN_DECLS

/* The codes of the interchange JSON (tj-case.h) are the nicks of the
 * enums of tj-types.h: tj_enum_from_nick (TJ_TYPE_CASE_KIND, kind, NULL). */
#include "tj-enum-types.h"

/* The members a chain link and a claim document keep. */
extern const char * const _tj_case_chain_members[];
extern const char * const _tj_case_claim_members[];

gboolean    _tj_case_in_list          (const char          *value,
                                       const char * const  *list);

/* tj-case.c: writing */
void        _tj_case_copy_members     (JsonObject          *to,
                                       JsonObject          *from,
                                       const char * const  *members);
void        _tj_case_normalize_party  (JsonObject          *doc);
gboolean    _tj_case_put_party        (TjStore             *store,
                                       const char          *case_id,
                                       const char          *role,
                                       JsonObject          *source,
                                       const char * const  *members,
                                       gint64               position,
                                       char               **out_id,
                                       GError             **error);
gboolean    _tj_case_write_case       (TjStore             *store,
                                       const TjCaseContext *ctx,
                                       JsonObject          *input,
                                       const char          *case_id,
                                       char               **out_number,
                                       GError             **error);

const char * const *
            _tj_case_members_for_role (const char        *role);

/* tj-case-index.c */
/* A case's rowid in case_index (and so in case_fts) follows the list's
 * default order, received date newest first: a search reads its matches
 * from the full-text index in descending rowid order and stops soon after
 * the page (tj-case-query.c) instead of collecting every match of a common
 * surname and sorting them. The cases received on one day take
 * consecutive rowids from TJ_CASE_ORDER_DATED + (Julian day <<
 * TJ_CASE_ORDER_DAY_BITS) in the order they come; the query sorts each
 * day by number. Undated cases (or dates not in ISO form) take rowids
 * below TJ_CASE_ORDER_DATED, last in the list. Dense rowids matter: FTS5
 * stores the difference to the previous rowid of each term's list. */
#define TJ_CASE_ORDER_DAY_BITS 12
#define TJ_CASE_ORDER_DATED    (G_GINT64_CONSTANT (1) << 32)

/* The day of a case_index rowid, -1 for the undated. */
static inline gint64
tj_case_order_day (gint64 rowid)
{
  return rowid < TJ_CASE_ORDER_DATED ? -1 : (rowid - TJ_CASE_ORDER_DATED) >> TJ_CASE_ORDER_DAY_BITS;
}

/* How many of the newest cases a search with a short word reads before it
 * asks the index (tj-case-query.c); tests make it small. */
extern guint _tj_case_scan_window;

gboolean    _tj_case_index_refresh    (TjStore             *store,
                                       GError             **error);

/* tj-case-validate.c */
gint64      _tj_case_check_fen        (TjCheck             *check,
                                       JsonObject          *obj,
                                       const char          *member,
                                       const char          *field);
void        _tj_case_check_count      (TjCheck             *check,
                                       JsonObject          *obj,
                                       const char          *member,
                                       const char          *field,
                                       int                  min,
                                       int                  max);
void        _tj_case_validate_org     (TjCheck             *check,
                                       JsonObject          *o,
                                       const char          *prefix);
void        _tj_case_validate_link    (TjCheck             *check,
                                       JsonObject          *link,
                                       const char          *prefix);
void        _tj_case_validate_input   (TjCheck             *check,
                                       JsonObject          *input);
void        _tj_case_validate_party   (TjCheck             *check,
                                       const char          *role,
                                       JsonObject          *party,
                                       const char          *prefix);

/* tj-case-show.c */
JsonArray  *_tj_case_child_ids        (TjStore             *store,
                                       const char          *case_id,
                                       const char          *type,
                                       gboolean             newest_first,
                                       GError             **error);
JsonObject *_tj_case_public_copy      (JsonObject          *doc);

/* tj-case-edit.c */
JsonObject *_tj_case_load_typed       (TjStore             *store,
                                       const char          *id,
                                       const char          *type,
                                       GError             **error);
char       *_tj_case_join_labels      (GPtrArray           *fields);
gboolean    _tj_case_add_fields_event (TjStore             *store,
                                       const TjCaseContext *ctx,
                                       const char          *case_id,
                                       const char          *kind,
                                       const char          *text,
                                       GPtrArray           *fields,
                                       JsonObject          *extra,
                                       GError             **error);
char       *_tj_case_commit_added     (TjStore             *store,
                                       const TjCaseContext *ctx,
                                       const char          *case_id,
                                       const char          *kind,
                                       const char          *text,
                                       char                *id,
                                       GError             **error);
gint64      _tj_case_next_position    (TjStore             *store,
                                       const char          *case_id,
                                       GError             **error);

/* tj-case-parties.c */
JsonArray  *_tj_case_load_chain       (TjStore             *store,
                                       const char          *case_id,
                                       GError             **error);

G_END_DECLS
