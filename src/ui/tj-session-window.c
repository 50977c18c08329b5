/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-json.h"
#include "tj-presentation-window.h"
#include "tj-session-section.h"
#include "tj-session-attendance-section.h"
#include "tj-session-checklist-section.h"
#include "tj-session-meeting-section.h"
#include "tj-session-notes-section.h"
#include "tj-session-offers-section.h"
#include "tj-session-outcome-section.h"
#include "tj-session-steps-section.h"
#include "tj-session-window.h"

/* The shell: the header (timer, the lock, "Show to Parties"), the banner
 * that says private content is hidden, toasts, and the parties' screen.
 * Everything else is a section bound to the model in the template. */
struct _TjSessionWindow
{
  AdwWindow              parent_instance;

  AdwWindowTitle        *window_title;
  GtkLabel              *timer_label;
  GtkButton             *timer_button;
  GtkSpinner            *busy_spinner;
  GtkToggleButton       *reveal_button;
  GtkWidget             *banner;
  GtkLabel              *banner_label;
  GtkScrolledWindow     *content_scroll;
  AdwToastOverlay       *toast_overlay;
  TjSessionNotesSection *notes_section;

  TjApplication         *application;
  TjSessionModel        *model;
  TjPresentationWindow  *presentation;
  AdwToast              *last_toast;
  guint                  tick_source;
  gboolean               closing;     /* waiting for the writes to be done */
  gboolean               timer_busy;  /* a start or pause is being written */
  gboolean               may_close;
};

G_DEFINE_FINAL_TYPE (TjSessionWindow, tj_session_window, ADW_TYPE_WINDOW)

enum { PROP_0, PROP_MODEL, N_PROPS };

static GParamSpec *properties[N_PROPS];

static void
toast (TjSessionWindow *self,
       const char      *text)
{
  AdwToast *t = adw_toast_new (text);

  /* The newest news replaces the last, rather than queueing behind it. */
  /* Not its text: toasts name parties, and logs carry nothing personal. */
  g_debug ("A toast replaces the last one");
  if (self->last_toast)
    {
      AdwToast *last = self->last_toast;

      /* Dismissing may finalize it, which clears the weak pointer. */
      g_object_remove_weak_pointer (G_OBJECT (last), (gpointer *) &self->last_toast);
      self->last_toast = NULL;
      adw_toast_dismiss (last);
    }
  self->last_toast = t;
  g_object_add_weak_pointer (G_OBJECT (t), (gpointer *) &self->last_toast);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static void
update_timer (TjSessionWindow *self)
{
  JsonObject *session = tj_session_model_get_session (self->model);
  gboolean running = FALSE;
  gint64 elapsed = session ? tj_session_timer_elapsed (session, NULL) : 0;
  g_autofree char *text = g_strdup_printf ("%02d:%02d:%02d", (int) (elapsed / 3600), (int) (elapsed / 60 % 60),
                                           (int) (elapsed % 60));

  g_object_get (self->model, "timer-running", &running, NULL);
  gtk_label_set_text (self->timer_label, text);
  gtk_button_set_icon_name (self->timer_button,
                            running ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->timer_button),
                               running ? _("Pause the timer") : _("Start the timer"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "session.timer",
                                 !self->timer_busy && session && !json_object_has_member (session, "ended_at"));
}

static gboolean
tick_cb (gpointer user_data)
{
  update_timer (user_data);
  return G_SOURCE_CONTINUE;
}

static void
update_title (TjSessionWindow *self)
{
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  g_autofree char *case_title = NULL;

  g_object_get (self->model, "case-number", &number, "case-title", &case_title, NULL);
  title = g_strdup_printf (_("Mediation · %s"), number ? number : "");
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, case_title);
}

static void
update_privacy (TjSessionWindow *self)
{
  gboolean reveal = tj_session_model_get_reveal_private (self->model);

  if (gtk_toggle_button_get_active (self->reveal_button) != reveal)
    gtk_toggle_button_set_active (self->reveal_button, reveal);
  gtk_label_set_text (self->banner_label,
                      tj_session_model_get_presenting (self->model)
                        ? _("The parties’ screen is open: nothing private is shown here either.")
                        : _("The table’s view: caucus notes and bottom lines are hidden. Open the lock to see them "
                            "yourself."));
  gtk_button_set_icon_name (GTK_BUTTON (self->reveal_button),
                            reveal ? "changes-allow-symbolic" : "changes-prevent-symbolic");
  if (reveal)
    gtk_widget_add_css_class (GTK_WIDGET (self->reveal_button), "destructive-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->reveal_button), "destructive-action");
}

static void
reveal_toggled_cb (TjSessionWindow *self)
{
  gboolean wanted = gtk_toggle_button_get_active (self->reveal_button);

  if (wanted != tj_session_model_get_reveal_private (self->model))
    tj_session_model_set_reveal_private (self->model, wanted);
  /* Refused: the button says what is true. */
  if (gtk_toggle_button_get_active (self->reveal_button) != tj_session_model_get_reveal_private (self->model))
    gtk_toggle_button_set_active (self->reveal_button, tj_session_model_get_reveal_private (self->model));
}

static void
step_changed_cb (TjSessionWindow *self)
{
  /* News of the step before is stale at the next one. */
  if (self->last_toast)
    {
      AdwToast *last = self->last_toast;
      g_object_remove_weak_pointer (G_OBJECT (last), (gpointer *) &self->last_toast);
      self->last_toast = NULL;
      adw_toast_dismiss (last);
    }
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->content_scroll), 0);
}

static void give_model (GtkWidget *widget, TjSessionModel *model);

/* ------------------------------------------------------------ actions */

static void
timer_toggled_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TjSessionWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->timer_busy = FALSE;
  if (!tj_session_model_toggle_timer_finish (TJ_SESSION_MODEL (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The timer was not changed: %s"), error->message);
      toast (self, text);
    }
  update_timer (self);
}

static void
timer_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  TjSessionWindow *self = TJ_SESSION_WINDOW (widget);

  /* Pause or start is decided from the clock shown: not again until the
   * write is shown. */
  self->timer_busy = TRUE;
  update_timer (self);
  tj_session_model_toggle_timer_async (self->model, NULL, timer_toggled_cb, g_object_ref (self));
}

static void
toast_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  toast (TJ_SESSION_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
flush_notes_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TjSessionWindow *self = TJ_SESSION_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!tj_session_notes_section_flush (self->notes_section, &error))
    toast (self, error->message);
}

static void
presentation_gone_cb (TjSessionWindow *self)
{
  tj_session_model_set_presenting (self->model, FALSE);
}

static void
present_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TjSessionWindow *self = TJ_SESSION_WINDOW (widget);

  /* Before the parties' screen draws anything, this window stops showing
   * anything private. */
  tj_session_model_set_presenting (self->model, TRUE);
  if (self->presentation == NULL)
    {
      self->presentation = tj_presentation_window_new (self->application, tj_session_model_get_case_id (self->model));
      g_object_add_weak_pointer (G_OBJECT (self->presentation), (gpointer *) &self->presentation);
      g_signal_connect_object (self->presentation, "destroy", G_CALLBACK (presentation_gone_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->presentation, "hide", G_CALLBACK (presentation_gone_cb), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (self->presentation));
}

static void
closing_flushed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TjSessionWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tj_session_model_flush_finish (TJ_SESSION_MODEL (source), result, &error))
    g_warning ("Could not wait for the mediation to be saved: %s", error->message);
  self->may_close = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
close_request_cb (GtkWindow *window,
                  gpointer   user_data)
{
  TjSessionWindow *self = TJ_SESSION_WINDOW (window);
  g_autoptr(GError) error = NULL;

  if (self->may_close)
    return FALSE;
  if (self->presentation)
    gtk_window_destroy (GTK_WINDOW (self->presentation));
  if (self->closing)
    return TRUE;
  /* Nothing typed may be lost by closing: the note's last words are
   * asked of the worker, and the window stays (insensitive) until every
   * write asked before is done. */
  self->closing = TRUE;
  if (!tj_session_notes_section_flush (self->notes_section, &error))
    toast (self, error->message);
  gtk_widget_set_sensitive (GTK_WIDGET (self->toast_overlay), FALSE);
  tj_session_model_flush_async (self->model, NULL, closing_flushed_cb, g_object_ref (self));
  return TRUE;
}

/* The first read is shown: the sections get the model (before, they
 * would show a step that is not decided yet). */
static void
loaded_cb (TjSessionWindow *self)
{
  if (!tj_session_model_get_loaded (self->model))
    return;
  g_signal_handlers_disconnect_by_func (self->model, loaded_cb, self);
  give_model (GTK_WIDGET (self), self->model);
  update_title (self);
  update_privacy (self);
  update_timer (self);
}

static void
read_failed_cb (TjSessionWindow *self,
                GError          *error)
{
  g_autofree char *text = g_strdup_printf (_("The mediation could not be read: %s"), error->message);

  toast (self, text);
}

/* ------------------------------------------------------------ GObject */

/* Every section of the shell works on the window's model. */
static void
give_model (GtkWidget      *widget,
            TjSessionModel *model)
{
  if (TJ_IS_SESSION_SECTION (widget))
    g_object_set (widget, "model", model, NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    give_model (child, model);
}

static void
tj_session_window_dispose (GObject *object)
{
  TjSessionWindow *self = TJ_SESSION_WINDOW (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  if (self->last_toast)
    g_object_remove_weak_pointer (G_OBJECT (self->last_toast), (gpointer *) &self->last_toast);
  self->last_toast = NULL;
  if (self->presentation)
    g_object_remove_weak_pointer (G_OBJECT (self->presentation), (gpointer *) &self->presentation);
  self->presentation = NULL;
  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  G_OBJECT_CLASS (tj_session_window_parent_class)->dispose (object);
}

static void
tj_session_window_finalize (GObject *object)
{
  TjSessionWindow *self = TJ_SESSION_WINDOW (object);

  g_clear_object (&self->model);
  g_clear_object (&self->application);
  G_OBJECT_CLASS (tj_session_window_parent_class)->finalize (object);
}

static void
tj_session_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  if (prop_id == PROP_MODEL)
    g_value_set_object (value, TJ_SESSION_WINDOW (object)->model);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
tj_session_window_class_init (TjSessionWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_session_window_dispose;
  object_class->finalize = tj_session_window_finalize;
  object_class->get_property = tj_session_window_get_property;
  properties[PROP_MODEL] = g_param_spec_object ("model", NULL, NULL, TJ_TYPE_SESSION_MODEL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TJ_TYPE_SESSION_MODEL);
  g_type_ensure (TJ_TYPE_SESSION_STEPS_SECTION);
  g_type_ensure (TJ_TYPE_SESSION_CHECKLIST_SECTION);
  g_type_ensure (TJ_TYPE_SESSION_MEETING_SECTION);
  g_type_ensure (TJ_TYPE_SESSION_ATTENDANCE_SECTION);
  g_type_ensure (TJ_TYPE_SESSION_NOTES_SECTION);
  g_type_ensure (TJ_TYPE_SESSION_OFFERS_SECTION);
  g_type_ensure (TJ_TYPE_SESSION_OUTCOME_SECTION);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-session-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TjSessionWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TjSessionWindow, timer_label);
  gtk_widget_class_bind_template_child (widget_class, TjSessionWindow, timer_button);
  gtk_widget_class_bind_template_child (widget_class, TjSessionWindow, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, TjSessionWindow, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, TjSessionWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, TjSessionWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, TjSessionWindow, content_scroll);
  gtk_widget_class_bind_template_child (widget_class, TjSessionWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TjSessionWindow, notes_section);

  gtk_widget_class_install_action (widget_class, "session.present", NULL, present_activated);
  gtk_widget_class_install_action (widget_class, "session.timer", NULL, timer_activated);
  gtk_widget_class_install_action (widget_class, "session.toast", "s", toast_activated);
  gtk_widget_class_install_action (widget_class, "session.flush-notes", NULL, flush_notes_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "session.present", NULL);
}

static void
tj_session_window_init (TjSessionWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
  self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
}

TjSessionWindow *
tj_session_window_new (TjApplication *application,
                       const char    *case_id)
{
  TjSessionWindow *self;

  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);
  g_return_val_if_fail (tj_application_get_repository (application) != NULL, NULL);

  self = g_object_new (TJ_TYPE_SESSION_WINDOW, "application", application, NULL);
  self->application = g_object_ref (application);
  self->model = tj_session_model_new (tj_application_get_repository (application), case_id);
  tj_session_model_set_context (self->model, tj_application_get_context (application));
  /* Shown at once; the mediation is read on the repository's worker. */
  g_signal_connect_swapped (self->model, "notify::loaded", G_CALLBACK (loaded_cb), self);
  g_signal_connect_swapped (self->model, "read-failed", G_CALLBACK (read_failed_cb), self);
  /* Until the first read is shown: later reads follow every autosave
   * while the mediator types, and a spinner for each would flicker. */
  g_object_bind_property (self->model, "loaded", self->busy_spinner, "visible",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  g_object_bind_property (self->model, "loaded", self->busy_spinner, "spinning",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  tj_session_model_queue_reload (self->model);
  g_signal_connect_swapped (self->model, "notify::case-number", G_CALLBACK (update_title), self);
  g_signal_connect_swapped (self->model, "notify::case-title", G_CALLBACK (update_title), self);
  g_signal_connect_swapped (self->model, "notify::session", G_CALLBACK (update_timer), self);
  g_signal_connect_swapped (self->model, "notify::timer-running", G_CALLBACK (update_timer), self);
  g_signal_connect_swapped (self->model, "notify::reveal-private", G_CALLBACK (update_privacy), self);
  g_signal_connect_swapped (self->model, "notify::presenting", G_CALLBACK (update_privacy), self);
  g_signal_connect_swapped (self->model, "notify::step", G_CALLBACK (step_changed_cb), self);
  /* The lock and the model's reveal are one switch: the model may refuse
   * (the parties' screen is up) and the button follows it. */
  g_signal_connect_swapped (self->reveal_button, "toggled", G_CALLBACK (reveal_toggled_cb), self);
  g_object_bind_property (self->model, "can-reveal", self->reveal_button, "visible", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->model, "hiding-private", self->banner, "visible", G_BINDING_SYNC_CREATE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  update_title (self);
  update_privacy (self);
  update_timer (self);
  return self;
}

const char *
tj_session_window_get_case_id (TjSessionWindow *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_WINDOW (self), NULL);
  return tj_session_model_get_case_id (self->model);
}

TjSessionModel *
tj_session_window_get_model (TjSessionWindow *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_WINDOW (self), NULL);
  return self->model;
}

const char *
tj_session_window_get_step (TjSessionWindow *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_WINDOW (self), NULL);
  return tj_session_model_get_step (self->model);
}

JsonObject *
tj_session_window_get_session (TjSessionWindow *self)
{
  g_return_val_if_fail (TJ_IS_SESSION_WINDOW (self), NULL);
  return tj_session_model_get_session (self->model);
}

void
tj_session_window_select_step (TjSessionWindow *self,
                               const char      *step)
{
  g_return_if_fail (TJ_IS_SESSION_WINDOW (self));
  g_return_if_fail (step != NULL);

  tj_session_model_set_step (self->model, step);
}

TjSessionWindow *
tj_session_window_open (TjApplication *application,
                        const char    *case_id)
{
  TjSessionWindow *window = NULL;

  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);

  if (tj_application_get_repository (application) == NULL)
    return NULL;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l; l = l->next)
    if (TJ_IS_SESSION_WINDOW (l->data) &&
        g_strcmp0 (tj_session_window_get_case_id (l->data), case_id) == 0)
      window = l->data;
  if (window == NULL)
    window = tj_session_window_new (application, case_id);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}
