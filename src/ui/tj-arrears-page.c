/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include "tj-arrears-page.h"

/* The Wage arrears section: collective wage cases with what is owed,
 * recovered and still due in instalments.
 * The section is a class of its own so that the work which fills it replaces
 * this file alone, without touching the window. */
struct _TjArrearsPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (TjArrearsPage, tj_arrears_page, ADW_TYPE_BIN)

static void
tj_arrears_page_class_init (TjArrearsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-arrears-page.ui");
}

static void
tj_arrears_page_init (TjArrearsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tj_arrears_page_new (void)
{
  return g_object_new (TJ_TYPE_ARREARS_PAGE, NULL);
}
