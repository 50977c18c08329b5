/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-json.h"
#include "tj-offer-chart-widget.h"
#include "tj-presentation-window.h"
#include "tj-session.h"
#include "tj-ui-work.h"

/* One core call feeds this window: tj_session_view() for the parties'
 * screen, whose items and figures are all it draws (the chart gets the
 * view's own figures). Nothing is handed over from the mediator's
 * workspace, so nothing private can leak through it. It reads again when
 * the repository says the case changed, whoever wrote. */
struct _TjPresentationWindow
{
  AdwWindow       parent_instance;

  GtkLabel       *title_label;
  GtkBox         *items_box;
  TjOfferChartWidget *chart;
  AdwHeaderBar   *header_bar;

  TjApplication  *application;
  char           *case_id;
  gulong          changed_id;
  GCancellable   *cancellable;  /* the view's read on the worker */
  gboolean        loaded;
};

G_DEFINE_FINAL_TYPE (TjPresentationWindow, tj_presentation_window, ADW_TYPE_WINDOW)

static const char *
kind_icon (const char *kind)
{
  if (g_strcmp0 (kind, "agreed") == 0)
    return "emblem-ok-symbolic";
  if (g_strcmp0 (kind, "crossed") == 0)
    return "emblem-default-symbolic";
  if (g_strcmp0 (kind, "note") == 0)
    return "user-available-symbolic";
  return "content-loading-symbolic";
}

static GtkWidget *
item_new (JsonObject *item)
{
  const char *kind = tj_json_get_string (item, "kind", "open");
  const char *detail = tj_json_get_string (item, "detail", NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  GtkWidget *icon = gtk_image_new_from_icon_name (kind_icon (kind));
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label;
  g_autofree char *markup = NULL;

  gtk_widget_add_css_class (box, "card");
  /* Use the whole width before wrapping: the text is read from afar. */
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_margin_start (texts, 6);
  gtk_widget_set_margin_top (texts, 18);
  gtk_widget_set_margin_bottom (texts, 18);
  gtk_widget_set_margin_end (texts, 18);
  gtk_widget_set_margin_start (icon, 24);
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 32);
  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  if (g_strcmp0 (kind, "agreed") == 0 || g_strcmp0 (kind, "crossed") == 0)
    gtk_widget_add_css_class (icon, "success");

  /* Large enough to read from across a table. */
  markup = g_markup_printf_escaped ("<span size=\"xx-large\" weight=\"bold\">%s</span>",
                                    tj_json_get_string (item, "text", ""));
  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (texts), label);
  if (detail && *detail)
    {
      g_autofree char *small = g_markup_printf_escaped ("<span size=\"x-large\">%s</span>", detail);

      label = gtk_label_new (NULL);
      gtk_label_set_markup (GTK_LABEL (label), small);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (texts), label);
    }
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), texts);
  return box;
}

/* What the parties' screen shows, read on the repository's worker with
 * the screen's audience (nothing private). */
typedef struct {
  char       *case_id;
  JsonObject *model;
} ViewJob;

static void
view_job_free (ViewJob *job)
{
  g_free (job->case_id);
  g_clear_pointer (&job->model, json_object_unref);
  g_free (job);
}

static gboolean
read_view_in_worker (TjStore              *store,
                     const TjCaseContext  *ctx,
                     gpointer              data,
                     GError              **error)
{
  ViewJob *job = data;

  job->model = tj_session_view (store, ctx, job->case_id, NULL, TJ_AUDIENCE_PARTIES_SCREEN, error);
  return job->model != NULL;
}

static void
view_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TjPresentationWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) figures = NULL;
  ViewJob *job = NULL;
  JsonObject *model;
  JsonArray *items;
  GtkWidget *child;

  if (!tj_ui_work_run_finish (result, (gpointer *) &job, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_text (self->title_label, error->message);
      self->loaded = TRUE;
      return;
    }
  model = job->model;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->items_box))))
    gtk_box_remove (self->items_box, child);
  gtk_label_set_text (self->title_label, tj_json_get_string (model, "title", ""));
  items = tj_json_get_array (model, "items");
  for (guint i = 0; items && i < json_array_get_length (items); i++)
    gtk_box_append (self->items_box, item_new (json_array_get_object_element (items, i)));
  if (items == NULL || json_array_get_length (items) == 0)
    {
      GtkWidget *label = gtk_label_new (_("Nothing has been put on the table yet."));

      gtk_widget_add_css_class (label, "title-2");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->items_box, label);
    }

  /* The view's own figures: what the parties' screen may show. */
  figures = json_object_new ();
  json_object_set_array_member (figures, "issues", json_array_ref (tj_json_get_array (model, "issues")));
  tj_offer_chart_widget_set_figures (self->chart, figures);
  self->loaded = TRUE;
}

void
tj_presentation_window_reload (TjPresentationWindow *self)
{
  ViewJob *job;

  g_return_if_fail (TJ_IS_PRESENTATION_WINDOW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (tj_application_get_repository (self->application) == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  job = g_new0 (ViewJob, 1);
  job->case_id = g_strdup (self->case_id);
  tj_ui_work_run_async (self->application, read_view_in_worker, job, (GDestroyNotify) view_job_free,
                        self->cancellable, view_read_cb, g_object_ref (self));
}

gboolean
tj_presentation_window_get_loaded (TjPresentationWindow *self)
{
  g_return_val_if_fail (TJ_IS_PRESENTATION_WINDOW (self), FALSE);

  return self->loaded;
}

static void
fullscreen_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

static void
leave_fullscreen_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  gtk_window_unfullscreen (GTK_WINDOW (widget));
}

static void
changed_cb (TjRepository         *repository,
            GStrv                 ids,
            gint64                seq,
            TjPresentationWindow *self)
{
  if (tj_repository_changes_concern (repository, (const char * const *) ids, NULL, self->case_id))
    tj_presentation_window_reload (self);
}

static void
tj_presentation_window_dispose (GObject *object)
{
  TjPresentationWindow *self = TJ_PRESENTATION_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->application && tj_application_get_repository (self->application))
    g_clear_signal_handler (&self->changed_id, tj_application_get_repository (self->application));
  G_OBJECT_CLASS (tj_presentation_window_parent_class)->dispose (object);
}

static void
tj_presentation_window_finalize (GObject *object)
{
  TjPresentationWindow *self = TJ_PRESENTATION_WINDOW (object);

  g_clear_object (&self->application);
  g_free (self->case_id);
  G_OBJECT_CLASS (tj_presentation_window_parent_class)->finalize (object);
}

static void
tj_presentation_window_class_init (TjPresentationWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_presentation_window_dispose;
  object_class->finalize = tj_presentation_window_finalize;

  g_type_ensure (TJ_TYPE_OFFER_CHART_WIDGET);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-presentation-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TjPresentationWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, TjPresentationWindow, items_box);
  gtk_widget_class_bind_template_child (widget_class, TjPresentationWindow, chart);
  gtk_widget_class_bind_template_child (widget_class, TjPresentationWindow, header_bar);

  gtk_widget_class_install_action (widget_class, "presentation.fullscreen", NULL, fullscreen_activated);
  gtk_widget_class_install_action (widget_class, "presentation.leave-fullscreen", NULL,
                                   leave_fullscreen_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "presentation.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "presentation.leave-fullscreen", NULL);
}

static void
tj_presentation_window_init (TjPresentationWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Read from across the table, as the items are. */
  tj_offer_chart_widget_set_zoom (self->chart, 1.5);
}

TjPresentationWindow *
tj_presentation_window_new (TjApplication *application,
                            const char    *case_id)
{
  TjPresentationWindow *self;

  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_new (TJ_TYPE_PRESENTATION_WINDOW, "application", application, NULL);
  self->application = g_object_ref (application);
  self->case_id = g_strdup (case_id);
  if (tj_application_get_repository (application))
    self->changed_id = g_signal_connect (tj_application_get_repository (application), "changed",
                                         G_CALLBACK (changed_cb), self);
  tj_presentation_window_reload (self);
  return self;
}

const char *
tj_presentation_window_get_case_id (TjPresentationWindow *self)
{
  g_return_val_if_fail (TJ_IS_PRESENTATION_WINDOW (self), NULL);
  return self->case_id;
}
