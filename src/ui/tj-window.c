/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-arrears-page.h"
#include "tj-cases-page.h"
#include "tj-centre.h"
#include "tj-centre-page.h"
#include "tj-consultations-page.h"
#include "tj-reports-page.h"
#include "tj-sync-indicator.h"
#include "tj-sync-page.h"
#include "tj-today-page.h"
#include "tj-window.h"

/* The main window: a sidebar of sections and, beside it, the page of the
 * selected section. On a narrow screen the AdwLeaflet folds and shows one
 * of the two at a time with a back button. Until the database is open the
 * window shows a spinner instead; if it cannot be opened, an explanation
 * behind the application's error dialog. */

typedef struct
{
  const char *id;
  const char *icon_name;
  const char *title;
  GtkWidget *(*new_page) (void);
} TjSection;

/* The order of the sidebar and of the Alt+1…7 shortcuts. The ids are kept
 * in the last-section setting: do not rename them. */
static const TjSection sections[] = {
  { "today", "x-office-calendar-symbolic", N_("Today"), tj_today_page_new },
  { "cases", "folder-documents-symbolic", N_("Cases"), tj_cases_page_new },
  { "consultations", "tj-consultation-symbolic", N_("Consultations"), tj_consultations_page_new },
  { "arrears", "tj-wage-arrears-symbolic", N_("Wage Arrears"), tj_arrears_page_new },
  { "reports", "tj-reports-symbolic", N_("Reports"), tj_reports_page_new },
  { "sync", "emblem-synchronizing-symbolic", N_("Sync"), tj_sync_page_new },
  { "centre", "network-workgroup-symbolic", N_("Centre"), tj_centre_page_new },
};

struct _TjWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkStack             *state_stack;
  AdwStatusPage        *failed_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar_box;
  AdwWindowTitle       *sidebar_title;
  GtkListBox           *sidebar;
  GtkWidget            *content_box;
  AdwWindowTitle       *content_title;
  GtkStack             *content_stack;

  GSettings            *settings;
  TjApplication        *application; /* weak: the application outlives its windows */
  TjRepository         *repository;  /* weak: whose "changed" is watched */

  /* The Centre section is there only in a centre's store (one that has
   * registered a station), which the repository's worker tells; the
   * section asked for before it has (restored, or a shortcut) waits. */
  gboolean              is_centre;
  gboolean              centre_known;
  char                 *pending_section;
  GCancellable         *centre_check;
};

G_DEFINE_FINAL_TYPE (TjWindow, tj_window, ADW_TYPE_APPLICATION_WINDOW)

static const TjSection *
find_section (const char *id,
              int        *out_index)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_strcmp0 (sections[i].id, id) == 0)
      {
        if (out_index)
          *out_index = (int) i;
        return &sections[i];
      }
  return NULL;
}

static void
update_state (TjWindow *self)
{
  const GError *error = NULL;

  if (self->application != NULL && tj_application_get_repository (self->application) != NULL)
    {
      gtk_stack_set_visible_child_name (self->state_stack, "main");
      return;
    }

  if (self->application != NULL)
    error = tj_application_get_store_error (self->application);

  if (error != NULL)
    {
      adw_status_page_set_description (self->failed_page, error->message);
      gtk_stack_set_visible_child_name (self->state_stack, "failed");
    }
  else
    {
      gtk_stack_set_visible_child_name (self->state_stack, "opening");
    }
}

/* Shows the Centre section when the store is a centre's, hides it (and
 * leaves it) when not. */
static void
apply_centre (TjWindow *self,
              gboolean  is_centre)
{
  int index;

  if (find_section ("centre", &index) == NULL)
    return;
  self->is_centre = is_centre;
  self->centre_known = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (gtk_list_box_get_row_at_index (self->sidebar, index)), is_centre);
  gtk_widget_set_visible (gtk_stack_get_child_by_name (self->content_stack, "centre"), is_centre);
  if (!is_centre && g_strcmp0 (tj_window_get_section (self), "centre") == 0)
    tj_window_set_section (self, sections[0].id);
  if (self->pending_section != NULL)
    {
      g_autofree char *pending = g_steal_pointer (&self->pending_section);
      tj_window_set_section (self, pending);
    }
}

static gboolean
check_centre (TjStore  *store,
              gpointer  data,
              GError  **error)
{
  *(gboolean *) data = tj_centre_is_centre (store);
  return TRUE;
}

static void
check_centre_done (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TjWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gpointer data = NULL;

  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, &data, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot tell whether this is a centre's store: %s", error->message);
      return;
    }
  /* Closed meanwhile. */
  if (self->sidebar == NULL)
    return;
  apply_centre (self, *(gboolean *) data);
}

/* Asks the worker whether the store is a centre's: when the repository
 * opens and on every change of the documents until it is, so that a
 * station registered here, by the CLI or by another window shows the
 * section while the window is open. */
static void
update_centre (TjWindow *self)
{
  if (self->repository == NULL)
    return;
  g_cancellable_cancel (self->centre_check);
  g_clear_object (&self->centre_check);
  self->centre_check = g_cancellable_new ();
  tj_repository_run_async (self->repository, check_centre, g_new0 (gboolean, 1), g_free, self->centre_check,
                           check_centre_done, g_object_ref (self));
}

static void
repository_changed_cb (TjRepository       *repository,
                       const char * const *ids,
                       gint64              seq,
                       TjWindow           *self)
{
  /* Once a centre, always one (the registry mark stays in the store). */
  if (!self->is_centre)
    update_centre (self);
}

static void
repository_cb (TjWindow *self)
{
  TjRepository *repository = self->application ? tj_application_get_repository (self->application) : NULL;

  if (repository == self->repository)
    return;
  if (self->repository != NULL)
    g_signal_handlers_disconnect_by_func (self->repository, repository_changed_cb, self);
  g_set_weak_pointer (&self->repository, repository);
  if (repository != NULL)
    {
      g_signal_connect_object (repository, "changed", G_CALLBACK (repository_changed_cb), self, 0);
      update_centre (self);
    }
}

static void
application_changed_cb (TjWindow   *self,
                        GParamSpec *pspec,
                        gpointer    user_data)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (self->application != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->application, update_state, self);
      g_signal_handlers_disconnect_by_func (self->application, repository_cb, self);
      g_object_remove_weak_pointer (G_OBJECT (self->application),
                                    (gpointer *) &self->application);
      self->application = NULL;
    }

  if (TJ_IS_APPLICATION (application))
    {
      self->application = TJ_APPLICATION (application);
      g_object_add_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
      g_signal_connect_object (self->application, "notify::store",
                               G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->application, "notify::store-error",
                               G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->application, "notify::repository",
                               G_CALLBACK (repository_cb), self, G_CONNECT_SWAPPED);
    }

  repository_cb (self);
  update_state (self);
}

static void
sidebar_row_selected_cb (TjWindow      *self,
                         GtkListBoxRow *row)
{
  const TjSection *section;
  GAction *action;

  if (row == NULL)
    return;

  section = &sections[gtk_list_box_row_get_index (row)];
  gtk_stack_set_visible_child_name (self->content_stack, section->id);
  adw_window_title_set_title (self->content_title, _(section->title));

  action = g_action_map_lookup_action (G_ACTION_MAP (self), "section");
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (section->id));

  g_settings_set_string (self->settings, "last-section", section->id);
}

static void
sidebar_row_activated_cb (TjWindow      *self,
                          GtkListBoxRow *row)
{
  /* Folded, the sidebar fills the window: picking a section opens it. */
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

/* Folded, this is the only back button: it leaves an open case first
 * (whose page hides its own then), and then the section. */
static void
back_clicked_cb (TjWindow *self)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->content_stack);

  if (TJ_IS_CASES_PAGE (page) && tj_cases_page_go_back (TJ_CASES_PAGE (page)))
    return;
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
change_section_state (GSimpleAction *action,
                      GVariant      *value,
                      gpointer       user_data)
{
  TjWindow *self = user_data;

  tj_window_set_section (self, g_variant_get_string (value, NULL));
}

static const GActionEntry win_actions[] = {
  { "section", NULL, "s", "'today'", change_section_state },
};

static GtkWidget *
create_sidebar_row (const TjSection *section)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (section->icon_name);
  GtkWidget *label = gtk_label_new (_(section->title));

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, section->id);

  return row;
}

static void
restore_window_state (TjWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");
  g_autofree char *last = g_settings_get_string (self->settings, "last-section");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (g_strcmp0 (last, "centre") == 0 && !self->centre_known)
    {
      /* Until the worker says whether the store is a centre's. */
      tj_window_set_section (self, sections[0].id);
      self->pending_section = g_steal_pointer (&last);
    }
  else if (!tj_window_set_section (self, last))
    tj_window_set_section (self, sections[0].id);
}

static void
save_window_state (TjWindow *self)
{
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  /* A maximized size means nothing when the window is restored later. */
  if (!maximized)
    {
      int width, height;

      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
}

static gboolean
tj_window_close_request (GtkWindow *window)
{
  save_window_state (TJ_WINDOW (window));

  return GTK_WINDOW_CLASS (tj_window_parent_class)->close_request (window);
}

static void
tj_window_dispose (GObject *object)
{
  TjWindow *self = TJ_WINDOW (object);

  if (self->application != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->application),
                                    (gpointer *) &self->application);
      self->application = NULL;
    }
  if (self->repository != NULL)
    g_signal_handlers_disconnect_by_func (self->repository, repository_changed_cb, self);
  g_clear_weak_pointer (&self->repository);
  g_clear_pointer (&self->pending_section, g_free);
  g_cancellable_cancel (self->centre_check);
  g_clear_object (&self->centre_check);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_WINDOW);

  G_OBJECT_CLASS (tj_window_parent_class)->dispose (object);
}

static void
tj_window_class_init (TjWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = tj_window_dispose;
  window_class->close_request = tj_window_close_request;

  g_type_ensure (TJ_TYPE_SYNC_INDICATOR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TjWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, state_stack);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, failed_page);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, content_stack);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
}

static void
tj_window_init (TjWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  /* Several stations may share a computer: say whose cases these are. */
  g_settings_bind (self->settings, "organisation-name", self->sidebar_title, "subtitle",
                   G_SETTINGS_BIND_GET);

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions),
                                   self);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      gtk_list_box_append (self->sidebar, create_sidebar_row (&sections[i]));
      gtk_stack_add_titled (self->content_stack, sections[i].new_page (), sections[i].id,
                            _(sections[i].title));
    }

  apply_centre (self, FALSE);
  self->centre_known = FALSE;
  restore_window_state (self);

  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);
  update_state (self);
}

TjWindow *
tj_window_new (TjApplication *application)
{
  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);

  return g_object_new (TJ_TYPE_WINDOW, "application", application, NULL);
}

/**
 * tj_window_get_section:
 * @self: the window
 *
 * Returns: the id of the section shown ("today", "cases", "consultations",
 *   "arrears", "reports", "sync" or "centre")
 */
const char *
tj_window_get_section (TjWindow *self)
{
  g_return_val_if_fail (TJ_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->content_stack);
}

/**
 * tj_window_set_section:
 * @self: the window
 * @section: a section id
 *
 * Shows a section, as if its sidebar row had been picked.
 *
 * Returns: %FALSE when there is no such section (or it is the Centre
 *   section and the store is not a centre's; it is shown once the store
 *   is known to be one)
 */
gboolean
tj_window_set_section (TjWindow   *self,
                       const char *section)
{
  GtkListBoxRow *row;
  int index;

  g_return_val_if_fail (TJ_IS_WINDOW (self), FALSE);

  if (find_section (section, &index) == NULL)
    return FALSE;
  /* A station has no Centre section; until the worker has told, the
   * section waits (apply_centre()). */
  if (g_strcmp0 (section, "centre") == 0 && !self->is_centre)
    {
      if (self->centre_known)
        return FALSE;
      g_free (self->pending_section);
      self->pending_section = g_strdup (section);
      return TRUE;
    }

  row = gtk_list_box_get_row_at_index (self->sidebar, index);
  gtk_list_box_select_row (self->sidebar, row);
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
  return TRUE;
}

/**
 * tj_window_get_section_page:
 * @self: the window
 * @section: a section id
 *
 * Returns: (transfer none) (nullable): the page of @section
 */
GtkWidget *
tj_window_get_section_page (TjWindow   *self,
                            const char *section)
{
  g_return_val_if_fail (TJ_IS_WINDOW (self), NULL);

  return gtk_stack_get_child_by_name (self->content_stack, section);
}

/**
 * tj_window_add_toast:
 * @self: the window
 * @toast: (transfer full): a toast
 *
 * Shows a short message over the window ("Case saved", "Synced").
 */
void
tj_window_add_toast (TjWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (TJ_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
tj_window_add_toast_for (GtkWidget *widget,
                         AdwToast  *toast)
{
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  root = gtk_widget_get_root (widget);
  /* An AdwToast is no floating object: the reference is ours to drop. */
  if (TJ_IS_WINDOW (root))
    tj_window_add_toast (TJ_WINDOW (root), toast);
  else
    g_object_unref (toast);
}
