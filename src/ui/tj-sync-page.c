/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-application.h"
#include "tj-conflicts-window.h"
#include "tj-json.h"
#include "tj-sync-indicator.h"
#include "tj-sync-page.h"
#include "tj-ui-application.h"
#include "tj-ui-format.h"
#include "tj-ui-work.h"

/* The Sync section: the state of replication with the centre's server,
 * the documents left in conflict, and the history of runs with their
 * counts (from `_local/sync-history`, written by the scheduler). Without
 * an account it explains what sync is and leads to the preferences. */
struct _TjSyncPage
{
  AdwBin           parent_instance;

  GtkStack        *stack;
  AdwActionRow    *state_row;
  GtkImage        *state_icon;
  GtkSpinner      *spinner;
  GtkWidget       *sync_now_button;
  AdwActionRow    *last_row;
  AdwActionRow    *conflicts_row;
  GtkWidget       *conflicts_button;
  AdwActionRow    *account_row;
  GtkGrid         *history_grid;

  TjApplication   *application; /* weak */
  TjSyncScheduler *scheduler;
  guint            conflicts;
  GCancellable    *cancellable;  /* the conflicts and history read on the worker */
};

G_DEFINE_FINAL_TYPE (TjSyncPage, tj_sync_page, ADW_TYPE_BIN)

static GtkWidget *
cell (const char *text,
      gboolean    numeric,
      const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static char *
count_text (JsonObject *run,
            const char *member)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, tj_json_get_int (run, member, 0));
}

static void
fill_history (TjSyncPage   *self,
              JsonArray    *runs,
              const GError *error)
{
  GtkWidget *child;
  static const char *const headings[] = {
    N_("Time"), N_("Result"), N_("From Server"), N_("To Server"), N_("Conflicts"), N_("Refused"),
  };

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_grid))))
    gtk_grid_remove (self->history_grid, child);

  if (runs == NULL)
    {
      gtk_grid_attach (self->history_grid, cell (error->message, FALSE, "error"), 0, 0, 1, 1);
      return;
    }
  if (json_array_get_length (runs) == 0)
    {
      gtk_grid_attach (self->history_grid, cell (_("No sync has run yet."), FALSE, "dim-label"), 0, 0, 1, 1);
      return;
    }

  for (guint c = 0; c < G_N_ELEMENTS (headings); c++)
    gtk_grid_attach (self->history_grid, cell (_(headings[c]), c >= 2, "heading"), (int) c, 0, 1, 1);

  for (guint i = 0; i < json_array_get_length (runs); i++)
    {
      JsonObject *run = json_array_get_object_element (runs, i);
      g_autofree char *when = tj_ui_format_timestamp (tj_json_get_string (run, "started_at", NULL));
      gboolean ok = tj_json_get_bool (run, "ok", FALSE);
      int row = (int) i + 1;

      gtk_grid_attach (self->history_grid, cell (when, FALSE, NULL), 0, row, 1, 1);
      if (ok)
        {
          guint dispatched = (guint) CLAMP (tj_json_get_int (run, "dispatched", 0), 0, G_MAXUINT);
          guint kept = (guint) CLAMP (tj_json_get_int (run, "kept", 0), 0, G_MAXUINT);
          JsonArray *kept_ids = tj_json_get_array (run, "kept_labels");
          g_autofree char *text = dispatched > 0
            ? g_strdup_printf (ngettext ("Done, %u new hotline case", "Done, %u new hotline cases", dispatched),
                               dispatched)
            : g_strdup (_("Done"));
          GtkWidget *label;

          /* An edit on one station beats a deletion on another: the
           * document stays (or comes back). Said, never hidden. */
          if (kept > 0)
            {
              g_autoptr(GString) tip = g_string_new (_("Deleted on one station but edited on another, so kept:"));
              g_autofree char *more = g_strdup_printf (ngettext ("%s; %u deleted document kept: it was edited",
                                                                 "%s; %u deleted documents kept: they were edited",
                                                                 kept), text, kept);
              g_free (text);
              text = g_steal_pointer (&more);
              if (kept_ids == NULL)
                kept_ids = tj_json_get_array (run, "kept_ids");
              for (guint k = 0; kept_ids && k < json_array_get_length (kept_ids); k++)
                g_string_append_printf (tip, "\n%s", json_array_get_string_element (kept_ids, k));
              label = cell (text, FALSE, "warning");
              gtk_widget_set_tooltip_text (label, tip->str);
            }
          else
            label = cell (text, FALSE, "success");
          gtk_grid_attach (self->history_grid, label, 1, row, 1, 1);
        }
      else
        {
          GtkWidget *label = cell (tj_json_get_string (run, "error", _("Failed")), FALSE, "error");
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
          gtk_widget_set_hexpand (label, TRUE);
          gtk_grid_attach (self->history_grid, label, 1, row, 5, 1);
          continue;
        }
      {
        static const char *const members[] = { "pulled", "pushed", "conflicts", "denied" };
        for (guint c = 0; c < G_N_ELEMENTS (members); c++)
          {
            g_autofree char *n = count_text (run, members[c]);
            const char *css = NULL;
            if (tj_json_get_int (run, members[c], 0) > 0 && c >= 2)
              css = "warning";
            gtk_grid_attach (self->history_grid, cell (n, TRUE, css), (int) c + 2, row, 1, 1);
          }
      }
      /* Refused documents are named, never only counted. */
      {
        JsonArray *ids = tj_json_get_array (run, "denied_ids");
        if (ids && json_array_get_length (ids) > 0)
          {
            g_autoptr(GString) text = g_string_new (_("Refused by the server:"));
            for (guint k = 0; k < json_array_get_length (ids); k++)
              g_string_append_printf (text, " %s", json_array_get_string_element (ids, k));
            gtk_widget_set_tooltip_text (gtk_grid_get_child_at (self->history_grid, 5, row), text->str);
          }
      }
    }
}

/* What the page shows from the database, read on the repository's worker:
 * the documents in conflict and the history of runs. */
typedef struct {
  guint      conflicts;
  JsonArray *runs;
  GError    *history_error;
} SyncReadJob;

static void
sync_read_job_free (SyncReadJob *job)
{
  g_clear_pointer (&job->runs, json_array_unref);
  g_clear_error (&job->history_error);
  g_free (job);
}

static gboolean
read_sync_in_worker (TjStore              *store,
                     const TjCaseContext  *ctx,
                     gpointer              data,
                     GError              **error)
{
  SyncReadJob *job = data;
  g_autoptr(JsonArray) conflicts = tj_store_list_conflicts (store, NULL);

  job->conflicts = conflicts ? json_array_get_length (conflicts) : 0;
  job->runs = tj_sync_history_load (store, &job->history_error);
  return TRUE;
}

static void
sync_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TjSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;
  SyncReadJob *job = NULL;

  if (!tj_ui_work_run_finish (result, (gpointer *) &job, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fill_history (self, NULL, error);
      return;
    }
  self->conflicts = job->conflicts;
  if (self->conflicts == 0)
    adw_action_row_set_subtitle (self->conflicts_row, _("No document has conflicting versions"));
  else
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u document was changed on two stations: choose what to keep",
                                                         "%u documents were changed on two stations: choose what to keep",
                                                         self->conflicts), self->conflicts);
      adw_action_row_set_subtitle (self->conflicts_row, text);
    }
  gtk_widget_set_visible (self->conflicts_button, self->conflicts > 0);
  fill_history (self, job->runs, job->history_error);
}

static void
refresh (TjSyncPage *self)
{
  gboolean open = self->application && tj_application_get_repository (self->application) != NULL;
  TjSyncAccount *account = self->scheduler ? tj_sync_scheduler_get_account (self->scheduler) : NULL;
  g_autofree char *state = NULL;
  g_autofree char *where = NULL;
  JsonObject *last;
  TjSyncState sync_state;

  if (!open || account == NULL || !tj_sync_account_is_configured (account))
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "main");

  sync_state = tj_sync_scheduler_get_state (self->scheduler);
  state = tj_sync_describe_state (self->scheduler);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->state_row), state);
  /* Translators: "database station-a at https://…"; the user follows. */
  where = g_strdup_printf (_("Database “%s” at %s"), tj_sync_account_get_database (account),
                           tj_sync_account_get_server_url (account));
  adw_action_row_set_subtitle (self->state_row, where);
  gtk_image_set_from_icon_name (self->state_icon, tj_sync_state_icon_name (sync_state));
  gtk_spinner_set_spinning (self->spinner, sync_state == TJ_SYNC_STATE_SYNCING);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), sync_state == TJ_SYNC_STATE_SYNCING);
  gtk_widget_set_sensitive (self->sync_now_button, sync_state != TJ_SYNC_STATE_SYNCING);

  last = tj_sync_scheduler_get_last_run (self->scheduler);
  if (last)
    {
      g_autofree char *when = tj_ui_format_timestamp (tj_json_get_string (last, "finished_at", NULL));
      g_autofree char *text = tj_json_get_bool (last, "ok", FALSE)
        ? g_strdup_printf (_("%s: received %d, sent %d"), when,
                           (int) CLAMP (tj_json_get_int (last, "pulled", 0), 0, G_MAXINT),
                           (int) CLAMP (tj_json_get_int (last, "pushed", 0), 0, G_MAXINT))
        : g_strdup_printf (_("%s: failed"), when);
      adw_action_row_set_subtitle (self->last_row, text);
    }
  else
    adw_action_row_set_subtitle (self->last_row, _("Never"));

  {
    g_autofree char *user = g_strdup_printf (_("User “%s”"), *tj_sync_account_get_user (account)
                                                             ? tj_sync_account_get_user (account) : "-");
    adw_action_row_set_subtitle (self->account_row, user);
  }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  tj_ui_work_run_async (self->application, read_sync_in_worker, g_new0 (SyncReadJob, 1),
                        (GDestroyNotify) sync_read_job_free, self->cancellable, sync_read_cb,
                        g_object_ref (self));
}

static void
set_scheduler (TjSyncPage      *self,
               TjSyncScheduler *scheduler)
{
  if (self->scheduler == scheduler)
    return;
  if (self->scheduler)
    g_signal_handlers_disconnect_by_data (self->scheduler, self);
  g_set_object (&self->scheduler, scheduler);
  if (scheduler)
    {
      g_signal_connect_object (scheduler, "notify", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (scheduler, "run-finished", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (tj_sync_scheduler_get_account (scheduler), "changed", G_CALLBACK (refresh),
                               self, G_CONNECT_SWAPPED);
    }
}

static void
application_store_cb (TjSyncPage *self)
{
  set_scheduler (self, self->application ? tj_application_get_sync_scheduler (self->application) : NULL);
  refresh (self);
}

static void
sync_now_clicked_cb (TjSyncPage *self)
{
  if (self->scheduler)
    tj_sync_scheduler_sync_now (self->scheduler);
}

static void
conflicts_clicked_cb (TjSyncPage *self)
{
  TjConflictsWindow *window;

  if (self->application == NULL || tj_application_get_repository (self->application) == NULL)
    return;
  window = tj_conflicts_window_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), self->application);
  g_signal_connect_object (window, "resolved", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

static void
tj_sync_page_map (GtkWidget *widget)
{
  TjSyncPage *self = TJ_SYNC_PAGE (widget);

  GTK_WIDGET_CLASS (tj_sync_page_parent_class)->map (widget);

  if (self->application == NULL &&
      tj_ui_set_application (&self->application, tj_ui_get_application (widget), self))
    {
      g_signal_connect_object (self->application, "notify::store", G_CALLBACK (application_store_cb), self,
                               G_CONNECT_SWAPPED);
    }
  application_store_cb (self);
}

static void
tj_sync_page_dispose (GObject *object)
{
  TjSyncPage *self = TJ_SYNC_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  tj_ui_set_application (&self->application, NULL, self);
  set_scheduler (self, NULL);
  /* The bin's child is a bound template child: detach it through AdwBin
   * first, or dispose_template() unparents it behind AdwBin's back and
   * AdwBin's dispose unparents a dangling pointer. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_SYNC_PAGE);

  G_OBJECT_CLASS (tj_sync_page_parent_class)->dispose (object);
}

static void
tj_sync_page_class_init (TjSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_sync_page_dispose;
  widget_class->map = tj_sync_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TjSyncPage, stack);
  gtk_widget_class_bind_template_child (widget_class, TjSyncPage, state_row);
  gtk_widget_class_bind_template_child (widget_class, TjSyncPage, state_icon);
  gtk_widget_class_bind_template_child (widget_class, TjSyncPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, TjSyncPage, sync_now_button);
  gtk_widget_class_bind_template_child (widget_class, TjSyncPage, last_row);
  gtk_widget_class_bind_template_child (widget_class, TjSyncPage, conflicts_row);
  gtk_widget_class_bind_template_child (widget_class, TjSyncPage, conflicts_button);
  gtk_widget_class_bind_template_child (widget_class, TjSyncPage, account_row);
  gtk_widget_class_bind_template_child (widget_class, TjSyncPage, history_grid);
  gtk_widget_class_bind_template_callback (widget_class, sync_now_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, conflicts_clicked_cb);
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
