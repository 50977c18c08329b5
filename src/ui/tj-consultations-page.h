/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TJ_TYPE_CONSULTATIONS_PAGE (tj_consultations_page_get_type ())
G_DECLARE_FINAL_TYPE (TjConsultationsPage, tj_consultations_page, TJ, CONSULTATIONS_PAGE, AdwBin)

GtkWidget *tj_consultations_page_new (void);

G_END_DECLS
