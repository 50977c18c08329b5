/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-field-labels.h"
#include "tj-reveal-dialog.h"
#include "tj-repository.h"
#include "tj-reveal.h"
#include "tj-window.h"

typedef struct {
  TjApplication *application;
  char          *doc_id;
  const char    *field;
  GtkWidget     *target;
  GtkWidget     *button;
  char          *masked;
  TjRevealShownFunc shown;
  gpointer       user_data;
} Reveal;

static void
reveal_free (Reveal *r)
{
  g_clear_object (&r->application);
  g_clear_object (&r->target);
  g_clear_object (&r->button);
  g_free (r->doc_id);
  g_free (r->masked);
  g_free (r);
}

static void
toast (GtkWidget  *widget,
       const char *message)
{
  tj_window_add_toast_for (widget, adw_toast_new (message));
}

static const char *
shown_text (GtkWidget *target)
{
  if (ADW_IS_ACTION_ROW (target))
    return adw_action_row_get_subtitle (ADW_ACTION_ROW (target));
  return gtk_label_get_text (GTK_LABEL (target));
}

static void
set_shown_text (GtkWidget  *target,
                const char *text)
{
  if (ADW_IS_ACTION_ROW (target))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (target), text);
  else
    gtk_label_set_text (GTK_LABEL (target), text);
}

/* The moment is over: the value goes back under its mask. */
static gboolean
mask_again_cb (gpointer data)
{
  Reveal *r = data;

  set_shown_text (r->target, r->masked);
  gtk_widget_remove_css_class (r->target, "revealed");
  gtk_widget_set_visible (r->button, TRUE);
  return G_SOURCE_REMOVE;
}

char *
tj_reveal_dialog_get_reason (AdwMessageDialog *dialog)
{
  GtkDropDown *choice = g_object_get_data (G_OBJECT (dialog), "reason-choice");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "reason-entry");
  guint selected = gtk_drop_down_get_selected (choice);
  const char * const *common = tj_reveal_common_reasons ();

  if (selected < g_strv_length ((char **) common))
    return g_strdup (_(common[selected]));
  return g_strstrip (g_strdup (gtk_editable_get_text (entry)));
}

static void
update_cb (AdwMessageDialog *dialog)
{
  GtkDropDown *choice = g_object_get_data (G_OBJECT (dialog), "reason-choice");
  GtkWidget *entry = g_object_get_data (G_OBJECT (dialog), "reason-entry");
  g_autofree char *reason = NULL;
  gboolean other = gtk_drop_down_get_selected (choice) >= g_strv_length ((char **) tj_reveal_common_reasons ());

  gtk_widget_set_visible (entry, other);
  reason = tj_reveal_dialog_get_reason (dialog);
  adw_message_dialog_set_response_enabled (dialog, "reveal", *reason != '\0');
}

/* The reveal and its audit record are written on the repository's
 * worker, like every database write of the GUI. */
typedef struct {
  Reveal *reveal;   /* owned */
  char   *reason;
  char   *actor;
  char   *station;
  char   *value;
} RevealJob;

static void
reveal_job_free (RevealJob *job)
{
  g_clear_pointer (&job->reveal, reveal_free);
  g_free (job->reason);
  g_free (job->actor);
  g_free (job->station);
  g_free (job->value);
  g_free (job);
}

static gboolean
reveal_in_worker (TjStore  *store,
                  gpointer  data,
                  GError  **error)
{
  RevealJob *job = data;
  TjCaseContext ctx;

  tj_case_context_init_defaults (&ctx);
  ctx.actor = job->actor;
  ctx.station_code = job->station;
  job->value = tj_reveal (store, &ctx, job->reveal->doc_id, job->reveal->field, job->reason, error);
  return job->value != NULL;
}

static void
revealed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  RevealJob *job = NULL;
  Reveal *r;

  /* The job stays the task's (freed with it); the Reveal is taken out of
   * it when shown. */
  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, (gpointer *) &job, &error))
    {
      toast (job->reveal->target, error->message);
      return;
    }
  r = g_steal_pointer (&job->reveal);
  r->masked = g_strdup (shown_text (r->target));
  set_shown_text (r->target, job->value);
  gtk_widget_add_css_class (r->target, "revealed");
  gtk_widget_set_visible (r->button, FALSE);
  if (r->shown)
    r->shown (r->doc_id, r->field, job->value, r->user_data);
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, TJ_REVEAL_SECONDS, mask_again_cb, r,
                              (GDestroyNotify) reveal_free);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Reveal           *r)
{
  TjRepository *repository = tj_application_get_repository (r->application);
  TjCaseContext ctx;
  RevealJob *job;

  if (g_strcmp0 (response, "reveal") != 0 || repository == NULL)
    return;
  tj_context_fill_case_context (tj_application_get_context (r->application), &ctx);
  job = g_new0 (RevealJob, 1);
  job->reason = tj_reveal_dialog_get_reason (dialog);
  job->actor = g_strdup (ctx.actor);
  job->station = g_strdup (ctx.station_code);
  /* The Reveal goes with the job: to the timer once shown. */
  job->reveal = g_object_steal_data (G_OBJECT (dialog), "reveal");
  tj_repository_run_async (repository, reveal_in_worker, job, (GDestroyNotify) reveal_job_free, NULL,
                           revealed_cb, NULL);
}


/* The question and the reasons to choose from, shared by both ways of
 * asking. */
static AdwMessageDialog *
build_dialog (GtkWidget  *parent,
              const char *field)
{
  const char * const *common = tj_reveal_common_reasons ();
  g_autoptr(GtkStringList) reasons = gtk_string_list_new (NULL);
  g_autofree char *heading = NULL;
  GtkRoot *root = gtk_widget_get_root (parent);
  GtkWidget *dialog, *box, *choice, *entry;

  for (guint i = 0; common[i]; i++)
    gtk_string_list_append (reasons, _(common[i]));
  gtk_string_list_append (reasons, _("Another reason…"));

  /* Translators: %s is "ID number", "Phone" or "Address" */
  heading = g_strdup_printf (_("Show the %s in full?"), tj_field_label (field));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("It is shown for 30 seconds. Your name, the time and the reason "
                                     "are recorded in the access log, which the centre can read."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  choice = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&reasons)), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason"), -1);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Why it is needed"));
  gtk_widget_set_visible (entry, FALSE);
  gtk_box_append (GTK_BOX (box), choice);
  gtk_box_append (GTK_BOX (box), entry);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_object_set_data (G_OBJECT (dialog), "reason-choice", choice);
  g_object_set_data (G_OBJECT (dialog), "reason-entry", entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "reveal", _("_Show"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reveal", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "reveal");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_swapped (choice, "notify::selected", G_CALLBACK (update_cb), dialog);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (update_cb), dialog);
  return ADW_MESSAGE_DIALOG (dialog);
}

void
tj_reveal_dialog_present (GtkWidget     *parent,
                          TjApplication *application,
                          const char    *doc_id,
                          const char    *field,
                          GtkWidget     *target,
                          GtkWidget     *button,
                          TjRevealShownFunc shown,
                          gpointer       user_data)
{
  AdwMessageDialog *dialog;
  Reveal *r;

  g_return_if_fail (TJ_IS_APPLICATION (application));
  g_return_if_fail (ADW_IS_ACTION_ROW (target) || GTK_IS_LABEL (target));

  r = g_new0 (Reveal, 1);
  r->application = g_object_ref (application);
  r->doc_id = g_strdup (doc_id);
  r->field = g_intern_string (field);
  r->target = g_object_ref (target);
  r->shown = shown;
  r->user_data = user_data;
  r->button = g_object_ref (button);

  dialog = build_dialog (parent, field);
  /* The Reveal lives with the dialog until a reveal hands it to the timer. */
  g_object_set_data_full (G_OBJECT (dialog), "reveal", r, (GDestroyNotify) reveal_free);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), r);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct {
  TjRevealReasonFunc func;
  gpointer           user_data;
  GDestroyNotify     destroy;
} Ask;

static void
ask_free (Ask *ask)
{
  if (ask->destroy)
    ask->destroy (ask->user_data);
  g_free (ask);
}

static void
ask_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 Ask              *ask)
{
  g_autofree char *reason = NULL;

  if (g_strcmp0 (response, "reveal") != 0)
    return;
  reason = tj_reveal_dialog_get_reason (dialog);
  if (*reason != '\0')
    ask->func (reason, ask->user_data);
}

void
tj_reveal_dialog_ask_reason (GtkWidget         *parent,
                             const char        *field,
                             TjRevealReasonFunc func,
                             gpointer           user_data,
                             GDestroyNotify     destroy)
{
  AdwMessageDialog *dialog;
  Ask *ask;

  g_return_if_fail (GTK_IS_WIDGET (parent));
  g_return_if_fail (func != NULL);

  ask = g_new0 (Ask, 1);
  ask->func = func;
  ask->user_data = user_data;
  ask->destroy = destroy;
  dialog = build_dialog (parent, field);
  g_object_set_data_full (G_OBJECT (dialog), "ask", ask, (GDestroyNotify) ask_free);
  g_signal_connect (dialog, "response", G_CALLBACK (ask_response_cb), ask);
  gtk_window_present (GTK_WINDOW (dialog));
}
