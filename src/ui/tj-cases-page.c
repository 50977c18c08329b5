/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include "tj-cases-page.h"

/* The Cases section: every case taken in, with its deadlines and status.
 * The section is a class of its own so that the work which fills it replaces
 * this file alone, without touching the window. */
struct _TjCasesPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (TjCasesPage, tj_cases_page, ADW_TYPE_BIN)

static void
tj_cases_page_class_init (TjCasesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-cases-page.ui");
}

static void
tj_cases_page_init (TjCasesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tj_cases_page_new (void)
{
  return g_object_new (TJ_TYPE_CASES_PAGE, NULL);
}
