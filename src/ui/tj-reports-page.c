/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include "tj-reports-page.h"

/* The Reports section: monthly and yearly statistics of the station.
 * The section is a class of its own so that the work which fills it replaces
 * this file alone, without touching the window. */
struct _TjReportsPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (TjReportsPage, tj_reports_page, ADW_TYPE_BIN)

static void
tj_reports_page_class_init (TjReportsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-reports-page.ui");
}

static void
tj_reports_page_init (TjReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tj_reports_page_new (void)
{
  return g_object_new (TJ_TYPE_REPORTS_PAGE, NULL);
}
