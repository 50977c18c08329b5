/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The Archive window (retention, tj-retention.h): what would be archived,
 * the run with its progress, the report, and the archived cases with
 * Restore. Every read and write is the core's; archiving and restoring
 * run in a thread of their own (tj_retention_archive_async()). */

#include <glib/gi18n.h>

#include "tj-archive-window.h"
#include "tj-clock.h"
#include "tj-json.h"
#include "tj-retention.h"
#include "tj-sync-account.h"
#include "tj-sync-scheduler.h"
#include "tj-ui-format.h"

struct _TjArchiveWindow
{
  AdwWindow         parent_instance;

  AdwToastOverlay  *toasts;
  AdwViewStack     *view_stack;
  GtkStack         *due_stack;
  GtkLabel         *due_intro;
  GtkListBox       *due_list;
  GtkButton        *archive_button;
  AdwStatusPage    *due_empty;
  GtkProgressBar   *progress_bar;
  GtkLabel         *report_title;
  GtkLabel         *report_summary;
  GtkWidget        *archived_heading;
  GtkListBox       *report_archived_list;
  GtkWidget        *kept_heading;
  GtkListBox       *report_kept_list;
  GtkStack         *archived_stack;
  GtkListBox       *archived_list;

  TjApplication    *application;
  GCancellable     *cancellable;
  guint             years;
  guint             due_count;
  gboolean          busy;
  gboolean          disposed;  /* a run may end after the window closed */
  gboolean          reported;  /* the report is shown */
};

G_DEFINE_FINAL_TYPE (TjArchiveWindow, tj_archive_window, ADW_TYPE_WINDOW)

static void reload (TjArchiveWindow *self);

static TjSyncAccount *
account_of (TjArchiveWindow *self)
{
  TjSyncScheduler *scheduler = tj_application_get_sync_scheduler (self->application);

  return scheduler ? tj_sync_scheduler_get_account (scheduler) : NULL;
}

static void
toast (TjArchiveWindow *self,
       const char      *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 6);
  adw_toast_overlay_add_toast (self->toasts, t);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* A case as the mediator knows it: its number, and its title with when it
 * was closed (and @extra, may be NULL) below. */
static AdwActionRow *
case_row (JsonObject *line,
          const char *extra)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  const char *number = tj_json_get_string (line, "number", "");
  const char *title = tj_json_get_string (line, "title", "");
  g_autofree char *closed = tj_ui_format_date (tj_json_get_string (line, "closed_on", ""));
  g_autofree char *when = g_strdup_printf (_("Closed %s"), closed);
  g_autofree char *subtitle = NULL;

  /* Names and titles are plain text. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), *number ? number : title);
  subtitle = extra ? g_strdup_printf ("%s · %s\n%s", title, when, extra) : g_strdup_printf ("%s · %s", title, when);
  adw_action_row_set_subtitle (row, subtitle);
  adw_action_row_set_subtitle_lines (row, 0);
  gtk_widget_set_name (GTK_WIDGET (row), tj_json_get_string (line, "id", ""));
  return row;
}

static void
today (TjArchiveWindow *self,
       GDate           *date)
{
  tj_clock_get_today (tj_context_get_clock (tj_application_get_context (self->application)), date);
}

static guint
years_setting (TjArchiveWindow *self)
{
  GSettings *settings = tj_context_get_settings (tj_application_get_context (self->application));

  return settings ? g_settings_get_uint (settings, "retention-years") : TJ_RETENTION_DEFAULT_YEARS;
}

static void
fill_due (TjArchiveWindow *self,
          JsonArray       *rows)
{
  g_autofree char *intro = NULL;
  g_autofree char *label = NULL;
  TjSyncAccount *account = account_of (self);
  gboolean configured = account && tj_sync_account_is_configured (account);

  clear_list (self->due_list);
  self->due_count = json_array_get_length (rows);
  if (self->due_count == 0)
    {
      g_autofree char *description = NULL;

      if (self->years == 0)
        description = g_strdup (_("Keeping closed cases is set to never end: they stay on this computer. "
                                  "The period is in Preferences, General."));
      else
        description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "No case here was closed more than %u year ago.",
                                                    "No case here was closed more than %u years ago.",
                                                    self->years), self->years);
      adw_status_page_set_description (self->due_empty, description);
      gtk_stack_set_visible_child_name (self->due_stack, "empty");
      return;
    }

  for (guint i = 0; i < self->due_count; i++)
    gtk_list_box_append (self->due_list, GTK_WIDGET (case_row (json_array_get_object_element (rows, i), NULL)));
  intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "These cases were closed more than %u year ago. Each is removed from this "
                                        "computer once the centre’s server confirms it holds all of it; the centre "
                                        "keeps it, and it can be restored.",
                                        "These cases were closed more than %u years ago. Each is removed from this "
                                        "computer once the centre’s server confirms it holds all of it; the centre "
                                        "keeps it, and it can be restored.",
                                        self->years), self->years);
  if (!configured)
    {
      char *more = g_strconcat (intro, " ", _("Set up the central server in Preferences, Sync, first."), NULL);
      g_free (intro);
      intro = more;
    }
  gtk_label_set_text (self->due_intro, intro);
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Archive %u Case", "_Archive %u Cases", self->due_count),
                           self->due_count);
  gtk_button_set_label (self->archive_button, label);
  gtk_widget_set_sensitive (GTK_WIDGET (self->archive_button), configured && !self->busy);
  gtk_stack_set_visible_child_name (self->due_stack, "list");
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  TjArchiveWindow *self = user_data;
  g_autofree char *text = NULL;

  if (self->disposed)
    return;
  text = g_strdup_printf (_("%u of %u"), done, total);
  gtk_progress_bar_set_fraction (self->progress_bar, total ? (double) done / total : 0);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
fill_report (TjArchiveWindow *self,
             JsonObject      *report)
{
  JsonArray *archived = tj_json_get_array (report, "archived");
  JsonArray *kept = tj_json_get_array (report, "kept");
  guint n_archived = archived ? json_array_get_length (archived) : 0;
  guint n_kept = kept ? json_array_get_length (kept) : 0;
  g_autofree char *title = NULL;

  clear_list (self->report_archived_list);
  clear_list (self->report_kept_list);
  if (n_archived > 0)
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case archived", "%u cases archived", n_archived),
                             n_archived);
  else
    title = g_strdup (_("Nothing was archived"));
  gtk_label_set_text (self->report_title, title);
  gtk_label_set_text (self->report_summary,
                      n_archived > 0
                      ? _("They are no longer on this computer. The centre’s server holds them and keeps them; "
                          "Archived Cases lists them, to be restored when needed.")
                      : _("Every case stays on this computer."));
  for (guint i = 0; i < n_archived; i++)
    gtk_list_box_append (self->report_archived_list,
                         GTK_WIDGET (case_row (json_array_get_object_element (archived, i), NULL)));
  for (guint i = 0; i < n_kept; i++)
    {
      JsonObject *line = json_array_get_object_element (kept, i);
      gtk_list_box_append (self->report_kept_list,
                           GTK_WIDGET (case_row (line, tj_json_get_string (line, "message", ""))));
    }
  gtk_widget_set_visible (self->archived_heading, n_archived > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->report_archived_list), n_archived > 0);
  gtk_widget_set_visible (self->kept_heading, n_kept > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->report_kept_list), n_kept > 0);
  gtk_stack_set_visible_child_name (self->due_stack, "report");
  self->reported = TRUE;
}

/* The lists of the main window read the store again. */
static void
refresh_app (TjArchiveWindow *self)
{
  TjRepository *repository = tj_application_get_repository (self->application);

  if (repository)
    tj_repository_queue_check (repository);
}

static void
archive_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TjArchiveWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) report = tj_retention_archive_finish (result, &error);

  self->busy = FALSE;
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      refresh_app (self);
      return;
    }
  refresh_app (self);
  if (report)
    fill_report (self, report);
  else
    toast (self, error->message);
  reload (self);
}

static void
archive_clicked_cb (TjArchiveWindow *self)
{
  TjRepository *repository = tj_application_get_repository (self->application);
  TjSyncAccount *account = account_of (self);
  TjCaseContext ctx;
  GDate date;

  if (self->busy || repository == NULL || account == NULL || !tj_sync_account_is_configured (account))
    return;
  self->busy = TRUE;
  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  today (self, &date);
  progress_cb (0, self->due_count, self);
  gtk_stack_set_visible_child_name (self->due_stack, "running");
  tj_retention_archive_async (account, tj_repository_get_path (repository), &date, self->years, FALSE, &ctx,
                              progress_cb, self, self->cancellable, archive_done_cb, g_object_ref (self));
}

static void
restore_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TjArchiveWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) restored = tj_retention_restore_finish (result, &error);

  self->busy = FALSE;
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      refresh_app (self);
      return;
    }
  if (restored)
    {
      g_autofree char *text = g_strdup_printf (_("Case %s is back on this computer"),
                                               tj_json_get_string (restored, "number", ""));
      toast (self, text);
      refresh_app (self);
    }
  else
    toast (self, error->message);
  reload (self);
}

static void
restore_clicked_cb (GtkButton       *button,
                    TjArchiveWindow *self)
{
  TjRepository *repository = tj_application_get_repository (self->application);
  TjSyncAccount *account = account_of (self);
  const char *case_id = g_object_get_data (G_OBJECT (button), "case-id");
  TjCaseContext ctx;

  if (self->busy || repository == NULL || case_id == NULL)
    return;
  if (account == NULL || !tj_sync_account_is_configured (account))
    {
      toast (self, _("Set up the central server in Preferences, Sync, first."));
      return;
    }
  self->busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  gtk_button_set_label (button, _("Restoring…"));
  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  tj_retention_restore_async (account, tj_repository_get_path (repository), case_id, &ctx, self->cancellable,
                              restore_done_cb, g_object_ref (self));
}

static void
fill_archived (TjArchiveWindow *self,
               JsonArray       *rows)
{
  guint n = json_array_get_length (rows);

  clear_list (self->archived_list);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *line = json_array_get_object_element (rows, i);
      g_autofree char *at = tj_ui_format_timestamp (tj_json_get_string (line, "archived_at", ""));
      g_autofree char *extra = NULL;
      GtkWidget *button;
      AdwActionRow *row;

      if (json_array_get_length (tj_json_get_array (line, "back")) > 0)
        extra = g_strdup_printf (_("Archived %s · changed at the centre since"), at);
      else
        extra = g_strdup_printf (_("Archived %s"), at);
      row = case_row (line, extra);
      button = gtk_button_new_with_mnemonic (_("_Restore"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Fetch this case back from the centre’s server"));
      g_object_set_data_full (G_OBJECT (button), "case-id", g_strdup (tj_json_get_string (line, "id", "")), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (restore_clicked_cb), self);
      adw_action_row_add_suffix (row, button);
      gtk_list_box_append (self->archived_list, GTK_WIDGET (row));
    }
  gtk_stack_set_visible_child_name (self->archived_stack, n > 0 ? "list" : "empty");
}

/* Both lists, read on the repository's worker. */
typedef struct
{
  GDate      today;
  guint      years;
  JsonArray *due;
  JsonArray *archived;
} Lists;

static void
lists_free (Lists *lists)
{
  g_clear_pointer (&lists->due, json_array_unref);
  g_clear_pointer (&lists->archived, json_array_unref);
  g_free (lists);
}

static gboolean
read_lists (TjStore   *store,
            gpointer   data,
            GError   **error)
{
  Lists *lists = data;

  lists->due = tj_retention_list_due (store, &lists->today, lists->years, error);
  if (lists->due == NULL)
    return FALSE;
  lists->archived = tj_retention_list_archived (store, error);
  return lists->archived != NULL;
}

static void
lists_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TjArchiveWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  Lists *lists = NULL;

  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, (gpointer *) &lists, &error))
    {
      if (!self->disposed && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message);
      return;
    }
  if (self->disposed)
    return;
  self->years = lists->years;
  /* The report stays in view until the window is closed. */
  if (!self->busy && !self->reported)
    fill_due (self, lists->due);
  fill_archived (self, lists->archived);
}

static void
reload (TjArchiveWindow *self)
{
  TjRepository *repository = tj_application_get_repository (self->application);
  Lists *lists;

  if (repository == NULL)
    return;
  lists = g_new0 (Lists, 1);
  today (self, &lists->today);
  lists->years = years_setting (self);
  tj_repository_run_async (repository, read_lists, lists, (GDestroyNotify) lists_free, self->cancellable,
                           lists_read_cb, g_object_ref (self));
}

void
tj_archive_window_show_page (TjArchiveWindow *self,
                             const char      *page)
{
  g_return_if_fail (TJ_IS_ARCHIVE_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->view_stack, g_strcmp0 (page, "archived") == 0 ? "archived" : "due");
}

static void
tj_archive_window_dispose (GObject *object)
{
  TjArchiveWindow *self = TJ_ARCHIVE_WINDOW (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_ARCHIVE_WINDOW);
  G_OBJECT_CLASS (tj_archive_window_parent_class)->dispose (object);
}

static void
tj_archive_window_finalize (GObject *object)
{
  TjArchiveWindow *self = TJ_ARCHIVE_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->application);
  G_OBJECT_CLASS (tj_archive_window_parent_class)->finalize (object);
}

static void
tj_archive_window_class_init (TjArchiveWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_archive_window_dispose;
  object_class->finalize = tj_archive_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tiaojie/Tiaojie/ui/tj-archive-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TjArchiveWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, TjArchiveWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, TjArchiveWindow, due_stack);
  gtk_widget_class_bind_template_child (widget_class, TjArchiveWindow, due_intro);
  gtk_widget_class_bind_template_child (widget_class, TjArchiveWindow, due_list);
  gtk_widget_class_bind_template_child (widget_class, TjArchiveWindow, archive_button);
  gtk_widget_class_bind_template_child (widget_class, TjArchiveWindow, due_empty);
  gtk_widget_class_bind_template_child (widget_class, TjArchiveWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, TjArchiveWindow, report_title);
  gtk_widget_class_bind_template_child (widget_class, TjArchiveWindow, report_summary);
  gtk_widget_class_bind_template_child (widget_class, TjArchiveWindow, archived_heading);
  gtk_widget_class_bind_template_child (widget_class, TjArchiveWindow, report_archived_list);
  gtk_widget_class_bind_template_child (widget_class, TjArchiveWindow, kept_heading);
  gtk_widget_class_bind_template_child (widget_class, TjArchiveWindow, report_kept_list);
  gtk_widget_class_bind_template_child (widget_class, TjArchiveWindow, archived_stack);
  gtk_widget_class_bind_template_child (widget_class, TjArchiveWindow, archived_list);
  gtk_widget_class_bind_template_callback (widget_class, archive_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tj_archive_window_init (TjArchiveWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

/**
 * tj_archive_window_new:
 * @parent: (nullable): the window it belongs to
 * @application: the application (its repository, context and account)
 * @page: (nullable): "due" (default) or "archived"
 *
 * Returns: (transfer none): a new window, not yet shown
 */
TjArchiveWindow *
tj_archive_window_new (GtkWindow     *parent,
                       TjApplication *application,
                       const char    *page)
{
  TjArchiveWindow *self;

  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);

  self = g_object_new (TJ_TYPE_ARCHIVE_WINDOW, "transient-for", parent, "application", application, NULL);
  self->application = g_object_ref (application);
  reload (self);
  tj_archive_window_show_page (self, page);
  return self;
}
