/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include "tj-consultations-page.h"

/* The Consultations section: quick advice given at the counter, on the
 * hotline or at an evening clinic, which may later become a case.
 * The section is a class of its own so that the work which fills it replaces
 * this file alone, without touching the window. */
struct _TjConsultationsPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (TjConsultationsPage, tj_consultations_page, ADW_TYPE_BIN)

static void
tj_consultations_page_class_init (TjConsultationsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-consultations-page.ui");
}

static void
tj_consultations_page_init (TjConsultationsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tj_consultations_page_new (void)
{
  return g_object_new (TJ_TYPE_CONSULTATIONS_PAGE, NULL);
}
