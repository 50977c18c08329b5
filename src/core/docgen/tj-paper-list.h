/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tj-repository.h"

G_BEGIN_DECLS

/**
 * TjPaper:
 *
 * One stored version of a paper of a case (tj_papers_list()), as
 * read-only properties: "id", "template", "title", "format" ("pdf" or
 * "docx"), "version", "generated-at" (ISO 8601, UTC), "dated" (the date
 * printed on it), "signed", "signed-at", "n-scans" (signed scans
 * attached), "sha256", "length" (of the file, bytes) and "filename".
 */
#define TJ_TYPE_PAPER (tj_paper_get_type ())
G_DECLARE_FINAL_TYPE (TjPaper, tj_paper, TJ, PAPER, GObject)

const char *tj_paper_get_id           (TjPaper *self);
const char *tj_paper_get_template     (TjPaper *self);
const char *tj_paper_get_title        (TjPaper *self);
const char *tj_paper_get_format       (TjPaper *self);
int         tj_paper_get_version      (TjPaper *self);
const char *tj_paper_get_generated_at (TjPaper *self);
const char *tj_paper_get_dated        (TjPaper *self);
gboolean    tj_paper_get_signed       (TjPaper *self);
const char *tj_paper_get_signed_at    (TjPaper *self);
guint       tj_paper_get_n_scans      (TjPaper *self);
const char *tj_paper_get_sha256       (TjPaper *self);
gint64      tj_paper_get_length       (TjPaper *self);
const char *tj_paper_get_filename     (TjPaper *self);

/**
 * TjPaperList:
 *
 * The papers of one case, newest first: a #GListModel of #TjPaper read by
 * tj_paper_list_reload_async() on the repository's worker, and read again
 * by itself when the repository's "changed" concerns a paper of the case
 * (generated, signed, synced in, written by the CLI). Properties:
 * "repository", "case-id" (construct-only), "loading" (a read is under
 * way), "loaded" (one read has finished), "n-items".
 */
#define TJ_TYPE_PAPER_LIST (tj_paper_list_get_type ())
G_DECLARE_FINAL_TYPE (TjPaperList, tj_paper_list, TJ, PAPER_LIST, GObject)

TjPaperList *tj_paper_list_new           (TjRepository        *repository,
                                          const char          *case_id);
const char  *tj_paper_list_get_case_id   (TjPaperList         *self);
gboolean     tj_paper_list_get_loading   (TjPaperList         *self);
gboolean     tj_paper_list_get_loaded    (TjPaperList         *self);
/* (transfer none) (nullable): the paper @paper_id when listed. */
TjPaper     *tj_paper_list_find          (TjPaperList         *self,
                                          const char          *paper_id);
/* Reads the list again on the worker; a read under way is cancelled. The
 * list keeps its rows until the new ones are read (and keeps the same
 * rows when nothing changed). */
void         tj_paper_list_reload_async  (TjPaperList         *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean     tj_paper_list_reload_finish (TjPaperList         *self,
                                          GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
