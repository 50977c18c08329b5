/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tj-types.h"

G_BEGIN_DECLS

/*
 * What a person reads instead of a document's member names: one table for
 * every front end, so that the timeline ("案件信息已修改：知道权利被侵害之日、
 * 劳动关系终止日期"), the conflicts window and the CLI's messages name a field
 * alike. Labels are translated when asked for, in the reader's language.
 */

/* The label of member @field of a case, party, claim, settlement,
 * payment, session or consultation document ("knew_on" →
 * "Worker knew of the infringement"); @field itself when the table does
 * not know it (a newer version's member still shows something). */
const char *tj_field_label          (const char         *field);

/* TRUE when the table knows @field. */
gboolean    tj_field_label_known    (const char         *field);

/* The labels of @fields joined as a list in the reader's language
 * ("Title, Facts"; "标题、事实与理由"). (transfer full) */
char       *tj_field_labels_join    (const char * const *fields);

/* What kind of record a document `type` is ("payment" → "Payment"). */
const char *tj_document_type_label  (const char         *type);

/* TRUE for members holding an ISO date (received_on, paid_on, date…)
 * and for those holding a UTC timestamp (created_at, recorded_at…): the
 * front ends format both as dates and times, never raw. */
gboolean    tj_field_is_date        (const char         *field);
gboolean    tj_field_is_timestamp   (const char         *field);

G_END_DECLS
