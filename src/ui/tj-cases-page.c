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
  GtkSingleSelection *selection;
};

G_DEFINE_FINAL_TYPE (TjCasesPage, tj_cases_page, ADW_TYPE_BIN)

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
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

      g_warning ("Could not list cases: %s", error->message);
      if (TJ_IS_WINDOW (root))
        tj_window_add_toast (TJ_WINDOW (root), adw_toast_new (error->message));
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
reload (TjCasesPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->cases == NULL)
    return;
  /* What the user asked for now wins over a count still on the worker. */
  g_cancellable_cancel (self->cancellable);
  set_query (self);
  tj_case_list_reload (self->cases, &error);
  show_count (self, error);
}

static void
reload_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TjCasesPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tj_case_list_reload_finish (TJ_CASE_LIST (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  show_count (self, error);
}

/* The same query counted again on the repository's worker: for changes
 * made elsewhere, while the user may be typing. */
static void
reload_async (TjCasesPage *self)
{
  if (self->cases == NULL || self->repository == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  tj_case_list_reload_async (self->cases, self->repository, self->cancellable, reload_done_cb,
                             g_object_ref (self));
}

/* ------------------------------------------------------------------ */
/* Rows                                                                 */

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *flag = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *amount = gtk_label_new (NULL);
  GtkWidget *pill = tj_ui_status_pill_new (NULL);
  GtkWidget *countdown = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_widget_add_css_class (flag, "case-flag");
  gtk_widget_set_tooltip_text (flag, _("Early warning: many workers, a large amount or a layoff"));
  gtk_widget_set_size_request (flag, 16, -1);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), title);
  gtk_box_append (GTK_BOX (text), subtitle);

  gtk_label_set_xalign (GTK_LABEL (amount), 1);
  gtk_widget_add_css_class (amount, "numeric");
  gtk_label_set_width_chars (GTK_LABEL (amount), 13);
  gtk_label_set_xalign (GTK_LABEL (countdown), 1);
  gtk_label_set_width_chars (GTK_LABEL (countdown), 9);
  /* Equal pills keep the amount column straight. */
  gtk_label_set_width_chars (GTK_LABEL (pill), 5);

  gtk_box_append (GTK_BOX (box), flag);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), amount);
  gtk_box_append (GTK_BOX (box), pill);
  gtk_box_append (GTK_BOX (box), countdown);
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  TjCaseRow *row = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *flag = gtk_widget_get_first_child (box);
  GtkWidget *text = gtk_widget_get_next_sibling (flag);
  GtkWidget *title = gtk_widget_get_first_child (text);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  GtkWidget *amount = gtk_widget_get_next_sibling (text);
  GtkWidget *pill = gtk_widget_get_next_sibling (amount);
  GtkWidget *countdown = gtk_widget_get_next_sibling (pill);
  g_autofree char *heading = NULL;
  g_autofree char *details = NULL;
  g_autofree char *money = NULL;
  g_autofree char *left = NULL;
  const char *status = tj_case_row_get_status (row);
  const char *employer = tj_case_row_get_employer (row);
  guint workers = tj_case_row_get_workers (row);
  int days = tj_case_row_get_days_left (row);
  gboolean open;

  gtk_widget_set_opacity (flag, tj_case_row_get_flagged (row) ? 1.0 : 0.0);

  heading = g_strdup_printf ("%s  %s", tj_case_row_get_number (row), tj_case_row_get_title (row));
  gtk_label_set_text (GTK_LABEL (title), heading);
  details = g_strdup_printf (ngettext ("%s · %u worker · %s", "%s · %u workers · %s", workers),
                             *employer ? employer : _("No employer"), workers,
                             tj_case_kind_label (tj_case_row_get_kind (row)));
  gtk_label_set_text (GTK_LABEL (subtitle), details);

  money = tj_money_format (tj_case_row_get_owed_fen (row));
  gtk_label_set_text (GTK_LABEL (amount), money);
  tj_ui_status_pill_set (pill, status);

  /* A countdown matters only while the case can still be mediated. */
  open = g_strv_contains ((const char *const[]) { "intake", "accepted", "mediating", NULL }, status);
  left = open ? tj_ui_format_days_left (days) : g_strdup ("");
  gtk_label_set_text (GTK_LABEL (countdown), left);
  gtk_widget_remove_css_class (countdown, "error");
  gtk_widget_remove_css_class (countdown, "warning");
  if (open && days != G_MININT && days < 0)
    gtk_widget_add_css_class (countdown, "error");
  else if (open && days != G_MININT && days <= 3)
    gtk_widget_add_css_class (countdown, "warning");
  if (open && tj_case_row_get_mediation_deadline (row)[0])
    {
      g_autofree char *date = tj_ui_format_date (tj_case_row_get_mediation_deadline (row));
      g_autofree char *tip = g_strdup_printf (_("Mediation limit: %s"), date);
      gtk_widget_set_tooltip_text (countdown, tip);
    }
  else
    gtk_widget_set_tooltip_text (countdown, NULL);
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
open_position (TjCasesPage *self,
               guint        position)
{
  g_autoptr(TjCaseRow) row = g_list_model_get_item (G_LIST_MODEL (self->cases), position);

  if (row != NULL)
    tj_cases_page_open_case (self, tj_case_row_get_id (row));
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
  /* Enter in the search opens the only (or first) match. */
  if (self->cases && g_list_model_get_n_items (G_LIST_MODEL (self->cases)) > 0)
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
    reload_async (self);
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
repository_cb (TjCasesPage *self)
{
  TjRepository *repository = self->application ? tj_application_get_repository (self->application) : NULL;

  if (repository != NULL && repository != self->repository)
    {
      g_set_weak_pointer (&self->repository, repository);
      g_signal_connect_object (repository, "changed", G_CALLBACK (repository_changed_cb), self, 0);
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

/* The store is open by the time a section is shown; the model is made
 * then, and the page follows the application's case writes. */
static void
tj_cases_page_map (GtkWidget *widget)
{
  TjCasesPage *self = TJ_CASES_PAGE (widget);

  GTK_WIDGET_CLASS (tj_cases_page_parent_class)->map (widget);

  if (self->cases == NULL && self->application != NULL &&
      tj_application_get_store (self->application) != NULL)
    {
      self->cases = tj_case_list_new (tj_application_get_store (self->application));
      gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->cases));
      reload (self);
    }
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
  g_clear_object (&self->selection);
  g_clear_object (&self->cases);

  G_OBJECT_CLASS (tj_cases_page_parent_class)->dispose (object);
}

static void
tj_cases_page_class_init (TjCasesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_cases_page_dispose;
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
}

static void
tj_cases_page_init (TjCasesPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
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

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

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
