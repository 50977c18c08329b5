/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-application.h"
#include "tj-ui-work.h"
#include "tj-json.h"
#include "tj-sync-indicator.h"
#include "tj-ui-application.h"
#include "tj-ui-format.h"

/* The header-bar button that says, at a glance, whether this station's
 * work has reached the centre: synced, N changes waiting, offline, or an
 * error with its reason. Its popover repeats the state in words, when the
 * last run was, and offers "Sync Now". It finds the application's
 * scheduler by itself once shown, so the window only places it. */
struct _TjSyncIndicator
{
  GtkWidget        parent_instance;

  GtkWidget       *button;
  GtkImage        *icon;
  GtkLabel        *count_label;
  GtkLabel        *state_label;
  GtkLabel        *detail_label;
  GtkLabel        *last_label;
  GtkWidget       *sync_button;

  TjApplication   *application; /* weak */
  TjSyncScheduler *scheduler;
  GCancellable    *cancellable;  /* the history's read on the worker */
};

G_DEFINE_FINAL_TYPE (TjSyncIndicator, tj_sync_indicator, GTK_TYPE_WIDGET)

const char *
tj_sync_state_icon_name (TjSyncState state)
{
  switch (state)
    {
    case TJ_SYNC_STATE_SYNCED: return "emblem-ok-symbolic";
    case TJ_SYNC_STATE_OFFLINE: return "network-offline-symbolic";
    case TJ_SYNC_STATE_ERROR: return "dialog-warning-symbolic";
    case TJ_SYNC_STATE_DISABLED:
    case TJ_SYNC_STATE_PENDING:
    case TJ_SYNC_STATE_SYNCING:
    default: return "emblem-synchronizing-symbolic";
    }
}

/**
 * tj_sync_describe_state:
 * @scheduler: (nullable): the scheduler
 *
 * Returns: (transfer full): the state in one translated sentence
 */
char *
tj_sync_describe_state (TjSyncScheduler *scheduler)
{
  TjSyncAccount *account;
  guint pending;

  if (scheduler == NULL)
    return g_strdup (_("Sync is not set up"));
  account = tj_sync_scheduler_get_account (scheduler);
  pending = tj_sync_scheduler_get_pending (scheduler);

  switch (tj_sync_scheduler_get_state (scheduler))
    {
    case TJ_SYNC_STATE_SYNCED:
      return g_strdup (_("Synced with the centre"));
    case TJ_SYNC_STATE_PENDING:
      if (pending == 0)
        return g_strdup (_("Waiting for the first sync"));
      return g_strdup_printf (ngettext ("%u change waiting to sync", "%u changes waiting to sync", pending),
                              pending);
    case TJ_SYNC_STATE_SYNCING:
      return g_strdup (_("Syncing…"));
    case TJ_SYNC_STATE_OFFLINE:
      return g_strdup (_("Offline: changes are kept here and synced when the network is back"));
    case TJ_SYNC_STATE_ERROR:
      return g_strdup_printf (_("Sync failed: %s"),
                              tj_sync_scheduler_get_error (scheduler) ? tj_sync_scheduler_get_error (scheduler) : "");
    case TJ_SYNC_STATE_DISABLED:
    default:
      if (tj_sync_account_is_configured (account))
        return g_strdup (_("Automatic sync is off"));
      return g_strdup (_("Sync is not set up"));
    }
}

typedef struct {
  char *tried;      /* when the last attempt failed, formatted */
  char *succeeded;  /* when the last run that worked finished, raw */
} LastJob;

static void
last_job_free (LastJob *job)
{
  g_free (job->tried);
  g_free (job->succeeded);
  g_free (job);
}

static gboolean
last_success_in_worker (TjStore              *store,
                        const TjCaseContext  *ctx,
                        gpointer              data,
                        GError              **error)
{
  LastJob *job = data;
  g_autoptr(JsonArray) runs = tj_sync_history_load (store, NULL);

  for (guint i = 0; runs && i < json_array_get_length (runs) && job->succeeded == NULL; i++)
    {
      JsonObject *run = json_array_get_object_element (runs, i);
      if (tj_json_get_bool (run, "ok", FALSE))
        job->succeeded = g_strdup (tj_json_get_string (run, "finished_at", NULL));
    }
  return TRUE;
}

static void
last_success_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TjSyncIndicator) self = user_data;
  g_autofree char *line = NULL;
  LastJob *job = NULL;

  if (!tj_ui_work_run_finish (result, (gpointer *) &job, NULL))
    return;
  if (job->succeeded)
    {
      g_autofree char *when = tj_ui_format_timestamp (job->succeeded);
      /* Translators: the last attempt failed; the second time is the last sync that worked. */
      line = g_strdup_printf (_("Last attempt failed: %s. Last sync: %s"), job->tried, when);
    }
  else
    line = g_strdup_printf (_("Last attempt failed: %s. No sync has succeeded yet."), job->tried);
  gtk_label_set_text (self->last_label, line);
  gtk_widget_set_visible (GTK_WIDGET (self->last_label), TRUE);
}

static void
update (TjSyncIndicator *self)
{
  g_autofree char *text = NULL;
  g_autofree char *count = NULL;
  TjSyncState state;
  JsonObject *last;
  guint pending;

  if (self->scheduler == NULL ||
      !tj_sync_account_is_configured (tj_sync_scheduler_get_account (self->scheduler)))
    {
      gtk_widget_set_visible (self->button, FALSE);
      return;
    }
  gtk_widget_set_visible (self->button, TRUE);

  state = tj_sync_scheduler_get_state (self->scheduler);
  pending = tj_sync_scheduler_get_pending (self->scheduler);
  text = tj_sync_describe_state (self->scheduler);

  gtk_image_set_from_icon_name (self->icon, tj_sync_state_icon_name (state));
  count = g_strdup_printf ("%u", pending);
  gtk_label_set_text (self->count_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->count_label),
                          pending > 0 && (state == TJ_SYNC_STATE_PENDING || state == TJ_SYNC_STATE_OFFLINE ||
                                          state == TJ_SYNC_STATE_ERROR));
  gtk_widget_set_tooltip_text (self->button, text);

  if (state == TJ_SYNC_STATE_ERROR)
    gtk_widget_add_css_class (self->button, "warning");
  else
    gtk_widget_remove_css_class (self->button, "warning");

  gtk_label_set_text (self->state_label, text);
  if (pending > 0 && state != TJ_SYNC_STATE_PENDING)
    {
      g_autofree char *waiting = g_strdup_printf (ngettext ("%u change waiting to sync",
                                                            "%u changes waiting to sync", pending), pending);
      gtk_label_set_text (self->detail_label, waiting);
      gtk_widget_set_visible (GTK_WIDGET (self->detail_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->detail_label), FALSE);

  /* "Last sync" is the last run that succeeded; a failed one is an
   * attempt, and saying "last sync" for it would tell the mediator the
   * work reached the centre when it did not. */
  /* A history read for an earlier state says nothing any more. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  last = tj_sync_scheduler_get_last_run (self->scheduler);
  if (last)
    {
      g_autofree char *line = NULL;

      if (tj_json_get_bool (last, "ok", FALSE))
        {
          g_autofree char *when = tj_ui_format_timestamp (tj_json_get_string (last, "finished_at", NULL));
          line = g_strdup_printf (_("Last sync: %s"), when);
        }
      else
        {
          /* When the last one that worked was is in the history, read on
           * the repository's worker; the line is written when it answers. */
          LastJob *job = g_new0 (LastJob, 1);

          job->tried = tj_ui_format_timestamp (tj_json_get_string (last, "finished_at", NULL));
          self->cancellable = g_cancellable_new ();
          if (self->application && tj_application_get_repository (self->application))
            tj_ui_work_run_async (self->application, last_success_in_worker, job, (GDestroyNotify) last_job_free,
                                  self->cancellable, last_success_cb, g_object_ref (self));
          else
            last_job_free (job);
        }
      if (line != NULL)
        {
          gtk_label_set_text (self->last_label, line);
          gtk_widget_set_visible (GTK_WIDGET (self->last_label), TRUE);
        }
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->last_label), FALSE);
  gtk_widget_set_sensitive (self->sync_button, state != TJ_SYNC_STATE_SYNCING);
}

void
tj_sync_indicator_set_scheduler (TjSyncIndicator *self,
                                 TjSyncScheduler *scheduler)
{
  g_return_if_fail (TJ_IS_SYNC_INDICATOR (self));

  if (self->scheduler == scheduler)
    return;
  if (self->scheduler)
    g_signal_handlers_disconnect_by_data (self->scheduler, self);
  g_set_object (&self->scheduler, scheduler);
  if (scheduler)
    {
      g_signal_connect_object (scheduler, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (scheduler, "run-finished", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (tj_sync_scheduler_get_account (scheduler), "changed", G_CALLBACK (update),
                               self, G_CONNECT_SWAPPED);
    }
  update (self);
}

static void
application_store_cb (TjSyncIndicator *self)
{
  if (self->application)
    tj_sync_indicator_set_scheduler (self, tj_application_get_sync_scheduler (self->application));
}

static void
sync_now_clicked_cb (TjSyncIndicator *self)
{
  if (self->scheduler)
    tj_sync_scheduler_sync_now (self->scheduler);
}

static void
tj_sync_indicator_map (GtkWidget *widget)
{
  TjSyncIndicator *self = TJ_SYNC_INDICATOR (widget);

  GTK_WIDGET_CLASS (tj_sync_indicator_parent_class)->map (widget);

  /* The window gets its application after its template is built: look
   * for it when shown. */
  if (self->application == NULL &&
      tj_ui_set_application (&self->application, tj_ui_get_application (widget), self))
    {
      g_signal_connect_object (self->application, "notify::store", G_CALLBACK (application_store_cb), self,
                               G_CONNECT_SWAPPED);
      application_store_cb (self);
    }
}

static void
tj_sync_indicator_dispose (GObject *object)
{
  TjSyncIndicator *self = TJ_SYNC_INDICATOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  tj_ui_set_application (&self->application, NULL, self);
  if (self->scheduler)
    g_signal_handlers_disconnect_by_data (self->scheduler, self);
  g_clear_object (&self->scheduler);
  g_clear_pointer (&self->button, gtk_widget_unparent);

  G_OBJECT_CLASS (tj_sync_indicator_parent_class)->dispose (object);
}

static void
tj_sync_indicator_class_init (TjSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_sync_indicator_dispose;
  widget_class->map = tj_sync_indicator_map;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static GtkLabel *
popover_label (GtkWidget  *box,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (box), label);
  return GTK_LABEL (label);
}

static void
tj_sync_indicator_init (TjSyncIndicator *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *show;

  self->icon = GTK_IMAGE (gtk_image_new_from_icon_name ("emblem-synchronizing-symbolic"));
  self->count_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->count_label), "numeric");
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->icon));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->count_label));

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  self->state_label = popover_label (box, "heading");
  self->detail_label = popover_label (box, NULL);
  self->last_label = popover_label (box, "dim-label");

  self->sync_button = gtk_button_new_with_mnemonic (_("_Sync Now"));
  gtk_widget_add_css_class (self->sync_button, "suggested-action");
  g_signal_connect_swapped (self->sync_button, "clicked", G_CALLBACK (sync_now_clicked_cb), self);
  show = gtk_button_new_with_mnemonic (_("Sync _Details"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (show), "s", "sync");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (show), "win.section");
  /* The popover leaves with the click, as a menu does, once the Sync
   * section it leads to is shown. */
  g_signal_connect_object (show, "clicked", G_CALLBACK (gtk_popover_popdown), popover, G_CONNECT_SWAPPED);
  gtk_widget_set_margin_top (buttons, 6);
  gtk_box_append (GTK_BOX (buttons), self->sync_button);
  gtk_box_append (GTK_BOX (buttons), show);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  self->button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (self->button), content);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->button), popover);
  gtk_widget_set_parent (self->button, GTK_WIDGET (self));
  gtk_widget_set_visible (self->button, FALSE);
  update (self);
}

GtkWidget *
tj_sync_indicator_new (void)
{
  return g_object_new (TJ_TYPE_SYNC_INDICATOR, NULL);
}
