/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Display forms shared by the pages: the translation decides the date
 * order ("2026年11月22日" in Chinese, "22 Nov 2026" in English). */

char       *tj_ui_format_date      (const char *iso_date);
char       *tj_ui_format_timestamp (const char *iso_timestamp);
/* "3 days left", "Due today", "5 days overdue". */
char       *tj_ui_format_days_left (int         days_left);
/* CSS class of a status pill: "status-intake" … */
char       *tj_ui_status_css_class (const char *status);
/* Makes a small rounded status label ("pill"). */
GtkWidget  *tj_ui_status_pill_new  (const char *status);
void        tj_ui_status_pill_set  (GtkWidget  *pill,
                                    const char *status);

G_END_DECLS

G_BEGIN_DECLS
/* Splits a core validation message ("workers[3].id_number: …; title: …")
 * into its parts: a NULL-terminated vector of field, text, field, text…;
 * a part without a field name has "" as its field. */
char      **tj_ui_split_error      (const char *message);
G_END_DECLS
