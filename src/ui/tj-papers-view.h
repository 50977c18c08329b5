/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "tj-application.h"

G_BEGIN_DECLS

#define TJ_TYPE_PAPERS_VIEW (tj_papers_view_get_type ())
G_DECLARE_FINAL_TYPE (TjPapersView, tj_papers_view, TJ, PAPERS_VIEW, AdwBin)

/* The papers of one case: every stored version with its signed state, a
 * Generate menu of the templates, and per version Preview, Print, Save as
 * PDF or DOCX and Attach signed scan. Widget actions (all take the paper
 * id, generate the template name): papers.generate, papers.preview,
 * papers.print, papers.save-pdf, papers.save-docx, papers.attach-scan. */
GtkWidget  *tj_papers_view_new       (TjApplication *application,
                                      const char    *case_id);
const char *tj_papers_view_get_case_id (TjPapersView *self);
/* Reads the list again (on the repository's worker). */
void        tj_papers_view_reload    (TjPapersView *self);
/* (nullable): the papers shown, newest first (a TjPaperList of TjPaper);
 * %NULL without the application's repository. */
GListModel *tj_papers_view_get_papers (TjPapersView *self);
/* TRUE while a paper is being generated, laid out, saved (until the
 * access log has it) or signed, or the list is being read. */
gboolean    tj_papers_view_get_busy  (TjPapersView *self);
/* What the file choosers do once a file is chosen. */
void        tj_papers_view_save      (TjPapersView *self,
                                      const char   *paper_id,
                                      const char   *format,
                                      GFile        *file);
void        tj_papers_view_attach_scan (TjPapersView *self,
                                        const char   *paper_id,
                                        GFile        *file);

G_END_DECLS
