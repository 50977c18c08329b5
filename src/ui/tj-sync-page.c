/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include "tj-sync-page.h"

/* The Sync section: the state of replication with the centre's server.
 * The section is a class of its own so that the work which fills it replaces
 * this file alone, without touching the window. */
struct _TjSyncPage
{
  AdwBin parent_instance;
};

G_DEFINE_FINAL_TYPE (TjSyncPage, tj_sync_page, ADW_TYPE_BIN)

static void
tj_sync_page_class_init (TjSyncPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-sync-page.ui");
}

static void
tj_sync_page_init (TjSyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tj_sync_page_new (void)
{
  return g_object_new (TJ_TYPE_SYNC_PAGE, NULL);
}
