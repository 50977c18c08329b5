/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-application.h"
#include "tj-arrears-notifier.h"
#include "tj-calculator-window.h"
#include "tj-tooltips.h"
#include "tj-calendar.h"
#include "tj-case.h"
#include "tj-clock.h"
#include "tj-context.h"
#include "tj-report.h"
#include "tj-repository.h"
#include "tj-json.h"
#include "tj-new-case-window.h"
#include "tj-papers-view.h"
#include "tj-preferences-window.h"
#include "tj-archive-window.h"
#include "tj-roster-import-window.h"
#include "tj-settlement-editor.h"
#include "tj-payment-window.h"
#include "tj-session-window.h"
#include "tj-store-error-dialog.h"
#include "tj-ui-work.h"
#include "tj-sync-scheduler.h"
#include "tj-window.h"

/* The application owns what all windows share: the settings and the one
 * open TjRepository (its TjStore, its worker and its "changed" signal,
 * which every page refreshes from). The repository is opened off the main
 * thread when the first window appears, so the window shows at once (with
 * a spinner) even on a slow disk or a large database, and a damaged or
 * locked file becomes a dialog with choices instead of a crash. */
struct _TjApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GCancellable   *cancellable;
  TjContext      *context;     /* settings, repository and clock, for every page */
  TjArrearsNotifier *arrears_notifier;

  char           *store_path;
  TjRepository   *repository;
  TjStore        *store;       /* the repository's, for short */
  TjSyncAccount  *sync_account;
  TjSyncScheduler *sync_scheduler;

  GError         *store_error;
  gboolean        opening;
  GFileMonitor   *holidays_monitor;  /* the user's holidays file */
  guint           holidays_timeout;
};

G_DEFINE_FINAL_TYPE (TjApplication, tj_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_STORE,
  PROP_REPOSITORY,
  PROP_STORE_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CALENDAR_CHANGED,
  SHOW_CASE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void show_store_error (TjApplication *self);

static TjWindow *
find_main_window (TjApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (TJ_IS_WINDOW (active))
    return TJ_WINDOW (active);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (TJ_IS_WINDOW (l->data))
      return TJ_WINDOW (l->data);

  return NULL;
}

static void
set_store_error (TjApplication *self,
                 GError        *error)
{
  g_clear_error (&self->store_error);
  self->store_error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE_ERROR]);
}

/* Whether a notification would reach anyone. GLib's fallback backend
 * (org.freedesktop.Notifications) warns when the name is missing, and a
 * station without a desktop notification service is normal (a kiosk, a
 * minimal desktop, the tests): the overdue installment is in Today anyway.
 * Sandboxed, GLib uses the notification portal, which is always there. */
static gboolean
notification_service_available (TjApplication *self)
{
  static const char * const names[] = { "org.gtk.Notifications", "org.freedesktop.Notifications", NULL };
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));
  g_autoptr(GVariant) activatable = NULL;
  g_autofree const char **listed = NULL;

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) || g_strcmp0 (g_getenv ("GTK_USE_PORTAL"), "1") == 0)
    return TRUE;
  if (bus == NULL)
    return FALSE;
  for (guint i = 0; names[i]; i++)
    {
      g_autoptr(GVariant) owned = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                               "org.freedesktop.DBus", "NameHasOwner",
                                                               g_variant_new ("(s)", names[i]), G_VARIANT_TYPE ("(b)"),
                                                               G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
      gboolean has_owner = FALSE;

      if (owned)
        g_variant_get (owned, "(b)", &has_owner);
      if (has_owner)
        return TRUE;
    }
  activatable = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                             "org.freedesktop.DBus", "ListActivatableNames", NULL,
                                             G_VARIANT_TYPE ("(as)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (activatable == NULL)
    return FALSE;
  g_variant_get (activatable, "(^a&s)", &listed);
  for (guint i = 0; names[i]; i++)
    if (g_strv_contains (listed, names[i]))
      return TRUE;
  return FALSE;
}

/**
 * tj_application_send_notification:
 * @self: the application
 * @id: (nullable): the notification's id, as for g_application_send_notification()
 * @notification: the notification
 *
 * Sends @notification when the session has a notification service, and
 * otherwise only says so in the debug log: every notification's content
 * is also on a page of the main window.
 */
void
tj_application_send_notification (TjApplication *self,
                                  const char    *id,
                                  GNotification *notification)
{
  g_return_if_fail (TJ_IS_APPLICATION (self));
  g_return_if_fail (G_IS_NOTIFICATION (notification));

  if (!notification_service_available (self))
    {
      g_debug ("No notification service on the session bus: notification %s not shown", id ? id : "");
      return;
    }
  g_application_send_notification (G_APPLICATION (self), id, notification);
}

/* Hotline cases that arrived by sync: a notification each ("12351 派单：…")
 * that opens the case; Today lists them as new until opened. */
static void
cases_dispatched_cb (TjSyncScheduler *scheduler,
                     JsonArray       *cases,
                     TjApplication   *self)
{
  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *item = json_array_get_object_element (cases, i);
      const char *id = json_object_get_string_member_with_default (item, "id", "");
      const char *title = json_object_get_string_member_with_default (item, "title", "");
      g_autoptr(GNotification) notification = NULL;
      g_autofree char *heading = NULL;
      g_autofree char *notification_id = NULL;

      /* Translators: a case dispatched (派单) by the 12351 union hotline;
       * %s is its title. */
      heading = g_strdup_printf (_("12351 dispatch: %s"), title);
      notification = g_notification_new (heading);
      g_notification_set_body (notification, _("A case from the 12351 hotline arrived with the last sync. "
                                               "It is listed as new in Today."));
      g_notification_set_default_action_and_target (notification, "app.show-case", "s", id);
      notification_id = g_strconcat ("dispatch-", id, NULL);
      tj_application_send_notification (self, notification_id, notification);
    }
}

/* An edit at one station overruled a deletion at another: the document
 * stays or came back. docs/SYNC.md: say so rather than hide it — once per run,
 * naming the cases; the Sync page's history keeps it. */
static void
run_finished_cb (TjSyncScheduler *scheduler,
                 JsonObject      *entry,
                 TjApplication   *self)
{
  gint64 kept = json_object_get_int_member_with_default (entry, "kept", 0);
  JsonArray *labels = json_object_has_member (entry, "kept_labels")
                      ? json_object_get_array_member (entry, "kept_labels") : NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GString) body = NULL;
  g_autofree char *heading = NULL;

  if (kept <= 0)
    return;
  heading = g_strdup_printf (ngettext ("A deleted document was kept", "%u deleted documents were kept",
                                       (gulong) kept), (guint) kept);
  body = g_string_new (ngettext ("It had been edited at another station, so the edit was kept:",
                                 "They had been edited at another station, so the edits were kept:",
                                 (gulong) kept));
  for (guint i = 0; labels && i < json_array_get_length (labels) && i < 3; i++)
    g_string_append_printf (body, "\n%s", json_array_get_string_element (labels, i));
  notification = g_notification_new (heading);
  g_notification_set_body (notification, body->str);
  g_notification_set_default_action (notification, "app.show-sync");
  tj_application_send_notification (self, "sync-kept", notification);
}

/* Sync runs in the background for as long as the database is open; the
 * scheduler itself waits for an account and the sync-enabled switch. */
static void
start_sync (TjApplication *self)
{
  if (self->sync_scheduler != NULL && tj_sync_scheduler_get_store (self->sync_scheduler) == self->store)
    return;
  if (self->sync_scheduler != NULL)
    {
      tj_sync_scheduler_stop (self->sync_scheduler);
      g_clear_object (&self->sync_scheduler);
    }
  if (self->sync_account == NULL)
    self->sync_account = tj_sync_account_new (self->settings);
  self->sync_scheduler = tj_sync_scheduler_new (self->repository, self->sync_account);
  g_signal_connect_object (self->sync_scheduler, "cases-dispatched", G_CALLBACK (cases_dispatched_cb), self, 0);
  g_signal_connect_object (self->sync_scheduler, "run-finished", G_CALLBACK (run_finished_cb), self, 0);
  tj_sync_scheduler_start (self->sync_scheduler);
}

static void
open_store_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TjApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TjRepository) repository = NULL;

  repository = tj_repository_open_finish (result, &error);
  self->opening = FALSE;

  if (repository == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_message ("Could not open %s: %s", self->store_path, error->message);
      set_store_error (self, g_steal_pointer (&error));
      show_store_error (self);
      return;
    }

  g_debug ("Opened %s", tj_repository_get_path (repository));
  g_set_object (&self->repository, repository);
  /* Kept for what still takes the main thread's store: the centre sync
   * (for its path) and the notifier's check in tests. */
  g_set_object (&self->store, tj_repository_get_store (repository));
  tj_context_set_repository (self->context, repository);
  start_sync (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPOSITORY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

/**
 * tj_application_open_store:
 * @self: the application
 *
 * Starts opening the database in a worker thread, unless it is open or
 * being opened. The path is $TIAOJIE_DB when set (tests, several stations on
 * one computer), otherwise tj_store_default_path(). Watch the "store" and
 * "store-error" properties for the outcome.
 */
void
tj_application_open_store (TjApplication *self)
{
  const char *env;

  g_return_if_fail (TJ_IS_APPLICATION (self));

  if (self->store != NULL || self->opening)
    return;

  g_free (self->store_path);
  env = g_getenv ("TIAOJIE_DB");
  self->store_path = (env && *env) ? g_strdup (env) : tj_store_default_path ();

  self->opening = TRUE;
  set_store_error (self, NULL);
  tj_repository_open_async (self->store_path, self->cancellable, open_store_cb, g_object_ref (self));
}

static void
store_error_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         TjApplication    *self)
{
  if (g_strcmp0 (response, TJ_STORE_ERROR_RESPONSE_RETRY) == 0)
    {
      tj_application_open_store (self);
    }
  else if (g_strcmp0 (response, TJ_STORE_ERROR_RESPONSE_SET_ASIDE) == 0)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *kept = tj_store_error_dialog_set_aside (self->store_path, &error);

      if (kept == NULL)
        {
          set_store_error (self, g_steal_pointer (&error));
          show_store_error (self);
          return;
        }
      g_message ("Set the damaged database aside as %s", kept);
      tj_application_open_store (self);
    }
  else
    {
      g_application_quit (G_APPLICATION (self));
    }
}

static void
show_store_error (TjApplication *self)
{
  TjWindow *window = find_main_window (self);
  GtkWidget *dialog;

  g_assert (self->store_error != NULL);

  dialog = tj_store_error_dialog_new (GTK_WINDOW (window), self->store_path, self->store_error);
  g_signal_connect_object (dialog, "response", G_CALLBACK (store_error_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_color_scheme (TjApplication *self)
{
  AdwStyleManager *style_manager = adw_application_get_style_manager (ADW_APPLICATION (self));
  AdwColorScheme scheme;

  /* Enum values of io.github.tiaojie.Tiaojie.ColorScheme. */
  switch (g_settings_get_enum (self->settings, "color-scheme"))
    {
    case 1:
      scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
      break;
    case 2:
      scheme = ADW_COLOR_SCHEME_FORCE_DARK;
      break;
    default:
      scheme = ADW_COLOR_SCHEME_DEFAULT;
      break;
    }
  adw_style_manager_set_color_scheme (style_manager, scheme);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  TjApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* Close rather than destroy, so that each window saves its size. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_application_quit (G_APPLICATION (self));
}

static TjPreferencesWindow *
show_preferences (TjApplication *self)
{
  TjPreferencesWindow *preferences;

  preferences = tj_preferences_window_new (GTK_WINDOW (find_main_window (self)));
  gtk_window_present (GTK_WINDOW (preferences));
  return preferences;
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  show_preferences (TJ_APPLICATION (user_data));
}

static void
sync_preferences_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  TjPreferencesWindow *preferences = show_preferences (TJ_APPLICATION (user_data));

  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "sync");
}

/* Retention: "archive-cases" shows what would be archived, then archives;
 * "archived-cases" the archived cases with Restore. */
static void
archive_window_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  TjApplication *self = TJ_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *page = g_str_equal (g_action_get_name (G_ACTION (action)), "archived-cases") ? "archived" : "due";

  gtk_window_present (GTK_WINDOW (tj_archive_window_new (parent ? parent : GTK_WINDOW (find_main_window (self)),
                                                         self, page)));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  TjApplication *self = user_data;
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", find_main_window (self),
                        "modal", TRUE,
                        "application-name", _("Tiaojie"),
                        "application-icon", APP_ID,
                        "developer-name", _("Tiaojie developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Mediate labour disputes: separate and joint sessions, "
                                      "wage arrears and settlements, agreements and case "
                                      "documents, and sync with your centre, online or not."),
                        "website", "https://github.com/tiaojie/tiaojie",
                        "issue-url", "https://github.com/tiaojie/tiaojie/issues",
                        "copyright", _("© 2026 Tiaojie developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your names, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
new_case_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  TjApplication *self = user_data;
  TjWindow *window = find_main_window (self);
  GtkWidget *intake;

  if (self->store == NULL)
    return;
  intake = tj_new_case_window_new (GTK_WINDOW (window), self);
  gtk_window_present (GTK_WINDOW (intake));
}

/* The main window, brought up at @section: what a notification opens. */
static void
present_section (TjApplication *self,
                 const char    *section)
{
  TjWindow *window = find_main_window (self);

  if (window == NULL)
    return;
  tj_window_set_section (window, section);
  gtk_window_present (GTK_WINDOW (window));
}

/* The Sync page (from a notification about a run). */
static void
show_sync_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  present_section (TJ_APPLICATION (user_data), "sync");
}

/* The overdue-installments summary notification opens the Arrears page. */
static void
show_arrears_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  present_section (TJ_APPLICATION (user_data), "arrears");
}

static void
show_case_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  tj_application_show_case (TJ_APPLICATION (user_data), g_variant_get_string (parameter, NULL));
}

/* The papers of a case in a window of their own, so they can be reached
 * from anywhere, e.g. a row of the arrears list. The case's number and
 * title are read on the repository's worker; then the window opens and,
 * when a template is named, that paper is made. */
typedef struct {
  char *case_id;
  char *template_name;  /* not the worker's: handed back to the callback */
  char *number;
  char *title;
} PapersWindow;

static void
papers_window_free (PapersWindow *w)
{
  g_free (w->case_id);
  g_free (w->template_name);
  g_free (w->number);
  g_free (w->title);
  g_free (w);
}

static gboolean
read_papers_case_in_worker (TjStore              *store,
                            const TjCaseContext  *ctx,
                            gpointer              data,
                            GError              **error)
{
  PapersWindow *w = data;
  g_autoptr(JsonObject) shown = tj_case_show (store, ctx, w->case_id, error);

  if (shown == NULL)
    return FALSE;
  w->number = g_strdup (tj_json_get_string (shown, "number", w->case_id));
  w->title = g_strdup (tj_json_get_string (shown, "title", ""));
  return TRUE;
}

static void
papers_case_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(TjApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  PapersWindow *w = NULL;
  GtkWidget *window, *box, *header, *view;

  if (!tj_ui_work_run_finish (result, (gpointer *) &w, &error))
    {
      g_message ("No papers window: %s", error->message);
      return;
    }
  /* Translators: the title of the window of a case's papers; %s is the case number. */
  title = g_strdup_printf (_("Papers of %s"), w->number);

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_default_size (GTK_WINDOW (window), 680, 560);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (find_main_window (self)));
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (self));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (title, w->title));
  gtk_box_append (GTK_BOX (box), header);
  view = tj_papers_view_new (self, w->case_id);
  gtk_box_append (GTK_BOX (box), view);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
  if (w->template_name)
    gtk_widget_activate_action (view, "papers.generate", "s", w->template_name);
}

static void
open_papers_window (TjApplication *self,
                    const char    *case_id,
                    const char    *template_name)
{
  PapersWindow *w;

  if (self->repository == NULL)
    return;
  w = g_new0 (PapersWindow, 1);
  w->case_id = g_strdup (case_id);
  w->template_name = g_strdup (template_name);
  tj_ui_work_run_async (self, read_papers_case_in_worker, w, (GDestroyNotify) papers_window_free, NULL,
                        papers_case_read_cb, g_object_ref (self));
}

/* Target: the case id. */
static void
case_papers_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  open_papers_window (TJ_APPLICATION (user_data), g_variant_get_string (parameter, NULL), NULL);
}

/* Target: (case id, template name). The papers of the case, with that
 * paper being made: what Today's next step and a failed mediation offer
 * (the arbitration application, the payment order). */
static void
case_paper_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  const char *case_id = NULL, *template_name = NULL;

  g_variant_get (parameter, "(&s&s)", &case_id, &template_name);
  open_papers_window (TJ_APPLICATION (user_data), case_id, template_name);
}

/* The mediation workspace of a case (issue 4); one window per case. */
static void
start_mediation_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  tj_session_window_open (TJ_APPLICATION (user_data), g_variant_get_string (parameter, NULL));
}

/* The calculators, on their own (target "") or for a case (its id): from
 * a case the result can be attached as a claim. */
static void
calculator_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  TjApplication *self = user_data;
  const char *case_id = parameter ? g_variant_get_string (parameter, NULL) : NULL;
  TjCalculatorWindow *calculator;

  calculator = tj_calculator_window_new (GTK_WINDOW (find_main_window (self)), self, case_id);
  gtk_window_present (GTK_WINDOW (calculator));
}

/* The windows of a case's wage arrears take the case id: a roster to
 * import, the settlement to edit, a payment to record. */
static void
import_roster_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  TjApplication *self = user_data;
  TjRosterImportWindow *window;

  if (self->store == NULL)
    return;
  window = tj_roster_import_window_new (GTK_WINDOW (find_main_window (self)), self,
                                        g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (window));
}

static void
settlement_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  TjApplication *self = user_data;
  TjSettlementEditor *editor;

  if (self->store == NULL)
    return;
  editor = tj_settlement_editor_new (GTK_WINDOW (find_main_window (self)), self,
                                     g_variant_get_string (parameter, NULL));
  if (editor)
    gtk_window_present (GTK_WINDOW (editor));
}

static void
record_payment_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  TjApplication *self = user_data;
  TjPaymentWindow *window;

  if (self->store == NULL)
    return;
  window = tj_payment_window_new (GTK_WINDOW (find_main_window (self)), self,
                                  g_variant_get_string (parameter, NULL));
  if (window)
    gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "calculator", calculator_activated, "s" },
  { "import-roster", import_roster_activated, "s" },
  { "settlement", settlement_activated, "s" },
  { "record-payment", record_payment_activated, "s" },
  { "start-mediation", start_mediation_activated, "s" },
  { "new-case", new_case_activated },
  { "show-case", show_case_activated, "s" },
  { "show-sync", show_sync_activated },
  { "show-arrears", show_arrears_activated },
  { "case-papers", case_papers_activated, "s" },
  { "case-paper", case_paper_activated, "(ss)" },
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "sync-preferences", sync_preferences_activated },
  { "archive-cases", archive_window_activated },
  { "archived-cases", archive_window_activated },
  { "about", about_activated },
};

/**
 * tj_application_reload_calendar:
 * @self: the application
 * @error: return location for an error
 *
 * Newer holidays were installed: the program counts with them from now on,
 * the stored mediation limits are counted again and every page that shows
 * deadlines reloads (::calendar-changed: no document changed, so the
 * repository's "changed" says nothing).
 *
 * Returns: %FALSE with @error when the limits could not be counted again
 */
gboolean
tj_application_reload_calendar (TjApplication  *self,
                                GError        **error)
{
  g_return_val_if_fail (TJ_IS_APPLICATION (self), FALSE);

  tj_calendar_reload_default ();
  if (self->store && (!tj_case_recount_deadlines (self->store, error) ||
                      !tj_report_recount_deadlines (self->store, error)))
    return FALSE;
  g_signal_emit (self, signals[CALENDAR_CHANGED], 0);
  return TRUE;
}

static gboolean
holidays_settled_cb (gpointer data)
{
  TjApplication *self = data;
  g_autoptr(TjCalendar) fresh = tj_calendar_new_default ();
  g_autofree char *now = tj_calendar_dup_fingerprint (fresh);
  g_autofree char *before = tj_calendar_dup_fingerprint (tj_calendar_get_default ());
  g_autoptr(GError) error = NULL;

  self->holidays_timeout = 0;
  /* Preferences installs and reloads itself; only a change made elsewhere
   * (tiaojie-cli calc calendar --install, a copied file) is left. */
  if (g_strcmp0 (now, before) != 0 && !tj_application_reload_calendar (self, &error))
    g_warning ("Could not count the deadlines again with the new holidays: %s", error->message);
  return G_SOURCE_REMOVE;
}

static void
holidays_changed_cb (GFileMonitor      *monitor,
                     GFile             *file,
                     GFile             *other,
                     GFileMonitorEvent  event,
                     TjApplication     *self)
{
  /* A file is written in several events: act once they have settled. */
  if (self->holidays_timeout)
    g_source_remove (self->holidays_timeout);
  self->holidays_timeout = g_timeout_add (300, holidays_settled_cb, self);
}

static void
watch_holidays (TjApplication *self)
{
  g_autofree char *path = tj_calendar_get_user_file_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  self->holidays_monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, &error);
  if (self->holidays_monitor == NULL)
    {
      g_debug ("Not watching %s: %s", path, error->message);
      return;
    }
  g_signal_connect (self->holidays_monitor, "changed", G_CALLBACK (holidays_changed_cb), self);
}

static void
tj_application_startup (GApplication *application)
{
  TjApplication *self = TJ_APPLICATION (application);
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.new-case", { "<Control>n", NULL } },
    { "app.calculator('')", { "<Control>k", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.section::today", { "<Alt>1", NULL } },
    { "win.section::cases", { "<Alt>2", NULL } },
    { "win.section::consultations", { "<Alt>3", NULL } },
    { "win.section::arrears", { "<Alt>4", NULL } },
    { "win.section::reports", { "<Alt>5", NULL } },
    { "win.section::sync", { "<Alt>6", NULL } },
    { "win.section::centre", { "<Alt>7", NULL } },
  };

  G_APPLICATION_CLASS (tj_application_parent_class)->startup (application);
  tj_tooltips_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  self->settings = g_settings_new (APP_ID);
  tj_context_set_settings (self->context, self->settings);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (update_color_scheme), self, G_CONNECT_SWAPPED);

  /* Overdue installments become desktop notifications, once a day each. */
  self->arrears_notifier = tj_arrears_notifier_new (self);
  update_color_scheme (self);
  watch_holidays (self);
}

static void
tj_application_activate (GApplication *application)
{
  TjApplication *self = TJ_APPLICATION (application);
  TjWindow *window = find_main_window (self);

  if (window == NULL)
    window = tj_window_new (self);
  gtk_window_present (GTK_WINDOW (window));

  if (self->store == NULL && self->store_error == NULL)
    tj_application_open_store (self);
}

static void
tj_application_shutdown (GApplication *application)
{
  TjApplication *self = TJ_APPLICATION (application);

  g_cancellable_cancel (self->cancellable);
  /* Writes asked for as the windows closed (a note's last words) are
   * done before the process ends; bounded, should the disk hang. */
  if (self->repository && !tj_repository_wait_idle (self->repository, 10000))
    g_warning ("The last writes were still running when the application ended");

  G_APPLICATION_CLASS (tj_application_parent_class)->shutdown (application);
}

static void
tj_application_dispose (GObject *object)
{
  TjApplication *self = TJ_APPLICATION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->holidays_monitor)
    g_signal_handlers_disconnect_by_func (self->holidays_monitor, holidays_changed_cb, self);
  g_clear_object (&self->holidays_monitor);
  g_clear_handle_id (&self->holidays_timeout, g_source_remove);
  g_clear_object (&self->arrears_notifier);
  g_clear_object (&self->settings);
  if (self->sync_scheduler)
    tj_sync_scheduler_stop (self->sync_scheduler);
  g_clear_object (&self->sync_scheduler);
  g_clear_object (&self->sync_account);
  g_clear_object (&self->store);
  g_clear_object (&self->repository);
  g_clear_error (&self->store_error);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (tj_application_parent_class)->dispose (object);
}

static void
tj_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TjApplication *self = TJ_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_REPOSITORY:
      g_value_set_object (value, self->repository);
      break;
    case PROP_STORE_ERROR:
      g_value_set_boxed (value, self->store_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_application_class_init (TjApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = tj_application_dispose;
  object_class->get_property = tj_application_get_property;

  app_class->startup = tj_application_startup;
  app_class->activate = tj_application_activate;
  app_class->shutdown = tj_application_shutdown;

  /**
   * TjApplication:store:
   *
   * The open case database (the main thread's connection), or %NULL
   * while it is being opened or when opening failed. Pages watch it to
   * know when the database is there; they read and write through the
   * repository's worker (tj-ui-work.h), never through this connection.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, TJ_TYPE_STORE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * TjApplication:repository:
   *
   * The open case database with its worker and "changed" signal, or %NULL
   * while it is being opened or when opening failed. Pages reload from its
   * "changed" signal.
   */
  properties[PROP_REPOSITORY] =
    g_param_spec_object ("repository", NULL, NULL, TJ_TYPE_REPOSITORY,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  /**
   * TjApplication:store-error:
   *
   * Why the database could not be opened, or %NULL.
   */
  properties[PROP_STORE_ERROR] =
    g_param_spec_boxed ("store-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TjApplication::calendar-changed:
   *
   * Newer holidays were installed and every mediation limit was counted
   * again (tj_application_reload_calendar()): pages that show deadlines
   * reload. Written documents are announced by the repository instead.
   */
  signals[CALENDAR_CHANGED] =
    g_signal_new ("calendar-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * TjApplication::show-case:
   * @case_id: the case to open
   *
   * Emitted by tj_application_show_case() after the main window switched
   * to the Cases section; the Cases page opens the case.
   */
  signals[SHOW_CASE] =
    g_signal_new ("show-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tj_application_init (TjApplication *self)
{
  self->cancellable = g_cancellable_new ();
  self->context = tj_context_new (NULL, tj_clock_get_default ());
}

TjApplication *
tj_application_new (void)
{
  return g_object_new (TJ_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/tiaojie/Tiaojie",
                       NULL);
}

GSettings *
tj_application_get_settings (TjApplication *self)
{
  g_return_val_if_fail (TJ_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * tj_application_get_store:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the open database
 */
TjStore *
tj_application_get_store (TjApplication *self)
{
  g_return_val_if_fail (TJ_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * tj_application_get_repository:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the open database, its worker and
 *   its "changed" signal
 */
TjRepository *
tj_application_get_repository (TjApplication *self)
{
  g_return_val_if_fail (TJ_IS_APPLICATION (self), NULL);

  return self->repository;
}

const GError *
tj_application_get_store_error (TjApplication *self)
{
  g_return_val_if_fail (TJ_IS_APPLICATION (self), NULL);

  return self->store_error;
}

const char *
tj_application_get_store_path (TjApplication *self)
{
  g_return_val_if_fail (TJ_IS_APPLICATION (self), NULL);

  return self->store_path;
}

/**
 * tj_application_get_context:
 * @self: the application
 *
 * Returns: (transfer none): what every page and window works in: the
 *   preferences that matter to the core, the open repository (once
 *   open) and the clock. Fill a #TjCaseContext for the case API with
 *   tj_context_fill_case_context().
 */
TjContext *
tj_application_get_context (TjApplication *self)
{
  g_return_val_if_fail (TJ_IS_APPLICATION (self), NULL);

  return self->context;
}

/**
 * tj_application_show_case:
 * @self: the application
 * @case_id: the case to open
 *
 * Brings the main window to the Cases section and opens the case page
 * (also the action app.show-case, for buttons on other pages).
 */
void
tj_application_show_case (TjApplication *self,
                          const char    *case_id)
{
  g_autoptr(GError) error = NULL;
  TjWindow *window;

  g_return_if_fail (TJ_IS_APPLICATION (self));
  g_return_if_fail (case_id != NULL);

  window = find_main_window (self);
  if (window == NULL)
    return;
  tj_window_set_section (window, "cases");
  /* A dispatched case is no longer new once opened. */
  if (self->store && !tj_sync_dispatched_mark_seen (self->store, case_id, &error))
    g_message ("Could not mark %s as seen: %s", case_id, error->message);
  g_signal_emit (self, signals[SHOW_CASE], 0, case_id);
  gtk_window_present (GTK_WINDOW (window));
}

/**
 * tj_application_get_sync_scheduler:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): the background sync of the open
 *   database (%NULL until it is open); its account is
 *   tj_sync_scheduler_get_account()
 */
TjSyncScheduler *
tj_application_get_sync_scheduler (TjApplication *self)
{
  g_return_val_if_fail (TJ_IS_APPLICATION (self), NULL);

  return self->sync_scheduler;
}

/**
 * tj_application_get_clock:
 * @self: the application
 *
 * Returns: (transfer none): the clock every window asks what day it is
 *   (the process's default clock); pages that show dated lists reload on
 *   its ::day-changed
 */
TjClock *
tj_application_get_clock (TjApplication *self)
{
  g_return_val_if_fail (TJ_IS_APPLICATION (self), NULL);

  return tj_context_get_clock (self->context);
}

/**
 * tj_application_get_arrears_notifier:
 * @self: the application
 *
 * Returns: (transfer none) (nullable): what notifies overdue installments
 *   (set up at startup)
 */
TjArrearsNotifier *
tj_application_get_arrears_notifier (TjApplication *self)
{
  g_return_val_if_fail (TJ_IS_APPLICATION (self), NULL);

  return self->arrears_notifier;
}
