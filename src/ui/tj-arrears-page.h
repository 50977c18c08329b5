/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TJ_TYPE_ARREARS_PAGE (tj_arrears_page_get_type ())
G_DECLARE_FINAL_TYPE (TjArrearsPage, tj_arrears_page, TJ, ARREARS_PAGE, AdwBin)

GtkWidget  *tj_arrears_page_new      (void);
/* Reads the overview again. */
void        tj_arrears_page_refresh  (TjArrearsPage *self);
/* "owed" (default), "overdue" or "due", as the column headings do. */
void        tj_arrears_page_set_sort (TjArrearsPage *self,
                                      const char    *sort);
const char *tj_arrears_page_get_sort (TjArrearsPage *self);
/* (transfer none) (nullable): the overview shown, as tj_arrears_list()
 * gives it but with the rows of the first page only (100; the others are
 * read as they scroll into view); %NULL while a new order is read. */
JsonObject *tj_arrears_page_get_list (TjArrearsPage *self);

G_END_DECLS
