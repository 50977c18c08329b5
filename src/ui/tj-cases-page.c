/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-application.h"
#include "tj-case-list.h"
#include "tj-case-page.h"
#include "tj-cases-page.h"
#include "tj-money.h"
#include "tj-ui-format.h"
#include "tj-window.h"

/* The Cases section: a list over TjCaseList (rows load lazily from the case
 * index, so 100,000 cases scroll as quickly as 30), search as you type and
 * filters that all end up in one TjCaseQuery for the core, and the case
 * page, pushed in place of the list. */
struct _TjCasesPage
{
  AdwBin          parent_instance;

  GtkStack       *page_stack;
  GtkSearchEntry *search_entry;
  GtkMenuButton  *filter_button;
  GtkDropDown    *status_dropdown;
  GtkDropDown    *kind_dropdown;
  GtkDropDown    *source_dropdown;
  GtkSwitch      *flagged_switch;
  GtkCheckButton *deadline_check;
  GtkSpinButton  *deadline_spin;
  GtkDropDown    *sort_dropdown;
  GtkStack       *list_stack;
  GtkListView    *list_view;
  AdwBin         *case_bin;

  TjApplication  *application;
  TjRepository   *repository; /* weak: whose "changed" we follow */
  GCancellable   *cancellable; /* the count under way on the worker */
  TjCaseList     *cases;
  gboolean        open_first; /* Enter in the search before its count came */
};

G_DEFINE_FINAL_TYPE (TjCasesPage, tj_cases_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CASES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void open_position (TjCasesPage *self,
                           guint        position);

/* The values behind the filter drop-downs; index 0 is "any". */
static const char * const status_ids[] = {
  NULL, "intake", "accepted", "mediating", "agreed", "performing", "closed",
  "failed", "referred", "withdrawn",
};
static const char * const kind_ids[] = {
  NULL, "wage_arrears", "compensation", "termination", "overtime",
  "social_insurance", "work_injury", "other",
};
static const char * const source_ids[] = {
  NULL, "hotline", "walk_in", "night_clinic", "station", "court", "referral",
};
static const char * const sort_ids[] = { "received", "deadline", "amount" };

static GListModel *
labels_model (const char * const *ids,
              guint               n_ids,
              const char *(*label) (const char *))
{
  GtkStringList *list = gtk_string_list_new (NULL);

  gtk_string_list_append (list, _("Any"));
  for (guint i = 1; i < n_ids; i++)
    gtk_string_list_append (list, label (ids[i]));
  return G_LIST_MODEL (list);
}

static const char *
selected_id (GtkDropDown        *dropdown,
             const char * const *ids,
             guint               n_ids)
{
  guint i = gtk_drop_down_get_selected (dropdown);

  return i < n_ids ? ids[i] : NULL;
}

static gboolean
filters_active (TjCasesPage *self)
{
  return gtk_drop_down_get_selected (self->status_dropdown) > 0 ||
         gtk_drop_down_get_selected (self->kind_dropdown) > 0 ||
         gtk_drop_down_get_selected (self->source_dropdown) > 0 ||
         gtk_switch_get_active (self->flagged_switch) ||
         gtk_check_button_get_active (self->deadline_check);
}

/* The search and filters as one query for the list. */
static void
set_query (TjCasesPage *self)
{
  TjCaseContext ctx;
  TjCaseQuery query;
  const char *text;

  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  tj_case_query_init (&query);
  text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  query.query = (text && *text) ? text : NULL;
  query.status = selected_id (self->status_dropdown, status_ids, G_N_ELEMENTS (status_ids));
  query.kind = selected_id (self->kind_dropdown, kind_ids, G_N_ELEMENTS (kind_ids));
  query.source = selected_id (self->source_dropdown, source_ids, G_N_ELEMENTS (source_ids));
  query.flagged_only = gtk_switch_get_active (self->flagged_switch);
  if (gtk_check_button_get_active (self->deadline_check))
    query.deadline_within = gtk_spin_button_get_value_as_int (self->deadline_spin);
  query.sort = selected_id (self->sort_dropdown, sort_ids, G_N_ELEMENTS (sort_ids));
  query.flag_min_workers = ctx.flag_min_workers;
  query.flag_min_amount_fen = ctx.flag_min_amount_fen;
  query.today = ctx.today;

  tj_case_list_set_query (self->cases, &query);
}

/* After a count: the list, or why it is empty. */
static void
show_count (TjCasesPage  *self,
            const GError *error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint n;

  if (error != NULL)
    {
      g_warning ("Could not list cases: %s", error->message);
      tj_window_add_toast_for (GTK_WIDGET (self), adw_toast_new (error->message));
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->cases));
  if (n > 0)
    gtk_stack_set_visible_child_name (self->list_stack, "cases");
  else if ((text && *text) || filters_active (self))
    gtk_stack_set_visible_child_name (self->list_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "empty");

  gtk_menu_button_set_label (self->filter_button,
                             filters_active (self) ? _("Filters (on)") : _("Filters"));
}

static void
reload_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TjCasesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean open_first;

  if (!tj_paged_list_reload_finish (TJ_PAGED_LIST (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_count (self, error);
  open_first = self->open_first;
  self->open_first = FALSE;
  if (open_first && g_list_model_get_n_items (G_LIST_MODEL (self->cases)) > 0)
    open_position (self, 0);
}

/* The search and filters counted on the repository's worker; what the
 * user asked for last wins over a count still under way. */
static void
reload (TjCasesPage *self)
{
  if (self->cases == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_query (self);
  tj_paged_list_reload_async (TJ_PAGED_LIST (self->cases), self->cancellable, reload_done_cb,
                              g_object_ref (self));
}

/* ------------------------------------------------------------------ */
/* Rows (closures of the list's factory in tj-cases-page.ui)            */

static double
flag_opacity (gpointer unused,
              gboolean flagged)
{
  return flagged ? 1.0 : 0.0;
}

static char *
flag_tooltip (gpointer unused,
              gboolean flagged)
{
  return flagged ? g_strdup (_("Early warning: many workers, a large amount or a layoff")) : NULL;
}

static char *
format_heading (gpointer    unused,
                const char *number,
                const char *title)
{
  return g_strdup_printf ("%s  %s", number ? number : "", title ? title : "");
}

static char *
format_details (gpointer    unused,
                const char *employer,
                guint       workers,
                const char *kind,
                gboolean    loaded)
{
  if (!loaded)
    return g_strdup ("");
  return g_strdup_printf (ngettext ("%s · %u worker · %s", "%s · %u workers · %s", workers),
                          employer && *employer ? employer : _("No employer"), workers,
                          tj_case_kind_label (kind));
}

static char *
format_money (gpointer unused,
              gint64   fen,
              gboolean loaded)
{
  return loaded ? tj_money_format (fen) : g_strdup ("");
}

static char *
status_label (gpointer    unused,
              const char *status)
{
  return g_strdup (status && *status ? tj_case_status_label (status) : "");
}

static char **
status_classes (gpointer    unused,
                const char *status)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  char **classes;

  g_strv_builder_add (builder, "status-pill");
  if (status && *status)
    {
      g_autofree char *klass = tj_ui_status_css_class (status);
      g_strv_builder_add (builder, klass);
    }
  classes = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return classes;
}

/* A countdown matters only while the case can still be mediated. */
static gboolean
counting_down (const char *status)
{
  return g_strv_contains ((const char *const[]) { "intake", "accepted", "mediating", NULL }, status ? status : "");
}

static char *
format_countdown (gpointer    unused,
                  const char *status,
                  int         days)
{
  return counting_down (status) ? tj_ui_format_days_left (days) : g_strdup ("");
}

static char **
countdown_classes (gpointer    unused,
                   const char *status,
                   int         days)
{
  if (counting_down (status) && days != G_MININT && days < 0)
    return g_strdupv ((char *[]) { "error", NULL });
  if (counting_down (status) && days != G_MININT && days <= 3)
    return g_strdupv ((char *[]) { "warning", NULL });
  return g_new0 (char *, 1);
}

static char *
countdown_tooltip (gpointer    unused,
                   const char *status,
                   const char *deadline)
{
  g_autofree char *date = NULL;

  if (!counting_down (status) || deadline == NULL || *deadline == '\0')
    return NULL;
  date = tj_ui_format_date (deadline);
  return g_strdup_printf (_("Mediation limit: %s"), date);
}

/* ------------------------------------------------------------------ */
/* Callbacks                                                            */

static void
search_changed_cb (TjCasesPage *self)
{
  reload (self);
}

static void
filter_changed_cb (TjCasesPage *self)
{
  reload (self);
}

static void
clear_filters_cb (TjCasesPage *self)
{
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  gtk_drop_down_set_selected (self->kind_dropdown, 0);
  gtk_drop_down_set_selected (self->source_dropdown, 0);
  gtk_switch_set_active (self->flagged_switch, FALSE);
  gtk_check_button_set_active (self->deadline_check, FALSE);
  reload (self);
}

static void
row_loaded_cb (TjCaseRow   *row,
               GParamSpec  *pspec,
               TjCasesPage *self)
{
  if (!tj_row_get_loaded (TJ_ROW (row)))
    return;
  g_signal_handlers_disconnect_by_func (row, row_loaded_cb, self);
  tj_cases_page_open_case (self, tj_case_row_get_id (row));
}

/* A row still being read opens once it is. */
static void
open_position (TjCasesPage *self,
               guint        position)
{
  g_autoptr(TjCaseRow) row = g_list_model_get_item (G_LIST_MODEL (self->cases), position);

  if (row == NULL)
    return;
  if (tj_row_get_loaded (TJ_ROW (row)))
    tj_cases_page_open_case (self, tj_case_row_get_id (row));
  else
    g_signal_connect_object (row, "notify::loaded", G_CALLBACK (row_loaded_cb), self, 0);
}

static void
list_activate_cb (TjCasesPage *self,
                  guint        position)
{
  open_position (self, position);
}

static void
search_activate_cb (TjCasesPage *self)
{
  /* Enter in the search opens the only (or first) match, once the
   * search typed so far is counted. */
  if (self->cases == NULL)
    return;
  if (tj_paged_list_get_loading (TJ_PAGED_LIST (self->cases)))
    self->open_first = TRUE;
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->cases)) > 0)
    open_position (self, 0);
}

static void
search_stop_cb (TjCasesPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
case_back_cb (TjCasesPage *self)
{
  tj_cases_page_show_list (self);
}

/* Documents changed, written here, by sync or by another program: the
 * list when a case, party or claim changed (what its rows show), the case
 * page when a document of its case did. */
static void
repository_changed_cb (TjRepository       *repository,
                       const char * const *ids,
                       gint64              seq,
                       TjCasesPage        *self)
{
  static const char * const listed[] = { "case", "party", "claim", NULL };
  GtkWidget *page = adw_bin_get_child (self->case_bin);

  if (tj_repository_changes_concern (repository, ids, listed, NULL))
    reload (self);
  if (TJ_IS_CASE_PAGE (page) &&
      tj_repository_changes_concern (repository, ids, NULL, tj_case_page_get_case_id (TJ_CASE_PAGE (page))))
    tj_case_page_reload (TJ_CASE_PAGE (page));
}

/* Every mediation limit was counted again with new holidays. */
static void
calendar_changed_cb (TjCasesPage *self)
{
  GtkWidget *page = adw_bin_get_child (self->case_bin);

  reload (self);
  if (TJ_IS_CASE_PAGE (page))
    tj_case_page_reload (TJ_CASE_PAGE (page));
}

static void
ensure_model (TjCasesPage *self)
{
  if (self->cases == NULL && self->repository != NULL)
    {
      self->cases = tj_case_list_new (self->repository);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASES]);
      reload (self);
    }
}

static void
repository_cb (TjCasesPage *self)
{
  TjRepository *repository = self->application ? tj_application_get_repository (self->application) : NULL;

  if (repository != NULL && repository != self->repository)
    {
      g_set_weak_pointer (&self->repository, repository);
      g_signal_connect_object (repository, "changed", G_CALLBACK (repository_changed_cb), self, 0);
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        ensure_model (self);
    }
}

static void
show_case_cb (TjCasesPage *self,
              const char  *case_id)
{
  tj_cases_page_open_case (self, case_id);
}

static gboolean
focus_search_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  TjCasesPage *self = TJ_CASES_PAGE (widget);

  /* Global shortcut: only when the section is the one on screen. */
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  tj_cases_page_show_list (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  return TRUE;
}

/* The repository is open by the time a section is shown; the model is
 * made then, and the page follows the repository's changes. */
static void
tj_cases_page_map (GtkWidget *widget)
{
  TjCasesPage *self = TJ_CASES_PAGE (widget);

  GTK_WIDGET_CLASS (tj_cases_page_parent_class)->map (widget);

  ensure_model (self);
}

static void
tj_cases_page_root (GtkWidget *widget)
{
  TjCasesPage *self = TJ_CASES_PAGE (widget);
  GApplication *app = g_application_get_default ();

  GTK_WIDGET_CLASS (tj_cases_page_parent_class)->root (widget);

  if (self->application == NULL && TJ_IS_APPLICATION (app))
    {
      self->application = TJ_APPLICATION (app);
      g_object_add_weak_pointer (G_OBJECT (app), (gpointer *) &self->application);
      g_signal_connect_object (app, "calendar-changed", G_CALLBACK (calendar_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (app, "notify::repository", G_CALLBACK (repository_cb), self,
                               G_CONNECT_SWAPPED);
      repository_cb (self);
      g_signal_connect_object (app, "show-case", G_CALLBACK (show_case_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

static void
tj_cases_page_dispose (GObject *object)
{
  TjCasesPage *self = TJ_CASES_PAGE (object);

  if (self->application != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
      self->application = NULL;
    }
  g_clear_weak_pointer (&self->repository);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* The bin's child is a bound template child: detach it through AdwBin
   * first, or dispose_template() unparents it behind AdwBin's back and
   * AdwBin's dispose unparents a dangling pointer. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_CASES_PAGE);
  g_clear_object (&self->cases);

  G_OBJECT_CLASS (tj_cases_page_parent_class)->dispose (object);
}

static void
tj_cases_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TjCasesPage *self = TJ_CASES_PAGE (object);

  switch (prop_id)
    {
    case PROP_CASES:
      g_value_set_object (value, self->cases);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_cases_page_class_init (TjCasesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_cases_page_dispose;
  object_class->get_property = tj_cases_page_get_property;

  /**
   * TjCasesPage:cases:
   *
   * The #TjCaseList the page shows (made once the repository is open).
   */
  properties[PROP_CASES] =
    g_param_spec_object ("cases", NULL, NULL, TJ_TYPE_CASE_LIST,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TJ_TYPE_CASE_ROW);
  widget_class->map = tj_cases_page_map;
  widget_class->root = tj_cases_page_root;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-cases-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TjCasesPage, page_stack);
  gtk_widget_class_bind_template_child (widget_class, TjCasesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TjCasesPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, TjCasesPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TjCasesPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TjCasesPage, source_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TjCasesPage, flagged_switch);
  gtk_widget_class_bind_template_child (widget_class, TjCasesPage, deadline_check);
  gtk_widget_class_bind_template_child (widget_class, TjCasesPage, deadline_spin);
  gtk_widget_class_bind_template_child (widget_class, TjCasesPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TjCasesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, TjCasesPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, TjCasesPage, case_bin);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_filters_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, flag_opacity);
  gtk_widget_class_bind_template_callback (widget_class, flag_tooltip);
  gtk_widget_class_bind_template_callback (widget_class, format_heading);
  gtk_widget_class_bind_template_callback (widget_class, format_details);
  gtk_widget_class_bind_template_callback (widget_class, format_money);
  gtk_widget_class_bind_template_callback (widget_class, status_label);
  gtk_widget_class_bind_template_callback (widget_class, status_classes);
  gtk_widget_class_bind_template_callback (widget_class, format_countdown);
  gtk_widget_class_bind_template_callback (widget_class, countdown_classes);
  gtk_widget_class_bind_template_callback (widget_class, countdown_tooltip);
}

static void
tj_cases_page_init (TjCasesPage *self)
{
  g_autoptr(GListModel) statuses = NULL;
  g_autoptr(GListModel) kinds = NULL;
  g_autoptr(GListModel) sources = NULL;
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  statuses = labels_model (status_ids, G_N_ELEMENTS (status_ids), tj_case_status_label);
  kinds = labels_model (kind_ids, G_N_ELEMENTS (kind_ids), tj_case_kind_label);
  sources = labels_model (source_ids, G_N_ELEMENTS (source_ids), tj_case_source_label);
  gtk_drop_down_set_model (self->status_dropdown, statuses);
  gtk_drop_down_set_model (self->kind_dropdown, kinds);
  gtk_drop_down_set_model (self->source_dropdown, sources);

  /* Typing anywhere on the list starts a search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->list_view));

  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_GLOBAL);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                                                          gtk_callback_action_new (focus_search_cb, NULL, NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

GtkWidget *
tj_cases_page_new (void)
{
  return g_object_new (TJ_TYPE_CASES_PAGE, NULL);
}

void
tj_cases_page_open_case (TjCasesPage *self,
                         const char  *case_id)
{
  GtkWidget *page;

  g_return_if_fail (TJ_IS_CASES_PAGE (self));
  g_return_if_fail (case_id != NULL);

  if (self->application == NULL)
    return;
  page = tj_case_page_new (self->application, case_id);
  g_signal_connect_object (page, "back", G_CALLBACK (case_back_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->case_bin, page);
  gtk_stack_set_visible_child_name (self->page_stack, "case");
}

void
tj_cases_page_show_list (TjCasesPage *self)
{
  g_return_if_fail (TJ_IS_CASES_PAGE (self));

  gtk_stack_set_visible_child_name (self->page_stack, "list");
  adw_bin_set_child (self->case_bin, NULL);
}

gboolean
tj_cases_page_go_back (TjCasesPage *self)
{
  g_return_val_if_fail (TJ_IS_CASES_PAGE (self), FALSE);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->page_stack), "case") != 0)
    return FALSE;
  tj_cases_page_show_list (self);
  return TRUE;
}
