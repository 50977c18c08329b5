/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-today-page.h"

/* The Today section: what is due today (sessions, deadlines, follow-up
 * calls). Before anything is due it is also the first thing a new user sees,
 * so until the organisation is entered it asks for that first: the
 * organisation and station code go into every case number and document. */
struct _TjTodayPage
{
  AdwBin          parent_instance;

  AdwStatusPage  *status_page;
  GtkWidget      *setup_button;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (TjTodayPage, tj_today_page, ADW_TYPE_BIN)

static void
update_status (TjTodayPage *self)
{
  g_autofree char *organisation = g_settings_get_string (self->settings, "organisation-name");
  g_autofree char *station = g_settings_get_string (self->settings, "station-code");
  gboolean set_up = organisation[0] != '\0' && station[0] != '\0';

  if (set_up)
    adw_status_page_set_description (self->status_page,
                                     _("Mediation sessions, legal deadlines and follow-up calls "
                                       "due today will be listed here."));
  else
    adw_status_page_set_description (self->status_page,
                                     _("Mediation sessions, legal deadlines and follow-up calls "
                                       "due today will be listed here. To begin, enter your "
                                       "organisation and station code: they are printed on "
                                       "every case number and document."));
  gtk_widget_set_visible (self->setup_button, !set_up);
}

static void
tj_today_page_dispose (GObject *object)
{
  TjTodayPage *self = TJ_TODAY_PAGE (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tj_today_page_parent_class)->dispose (object);
}

static void
tj_today_page_class_init (TjTodayPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_today_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-today-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TjTodayPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, TjTodayPage, setup_button);
}

static void
tj_today_page_init (TjTodayPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::organisation-name",
                           G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::station-code",
                           G_CALLBACK (update_status), self, G_CONNECT_SWAPPED);
  update_status (self);
}

GtkWidget *
tj_today_page_new (void)
{
  return g_object_new (TJ_TYPE_TODAY_PAGE, NULL);
}
