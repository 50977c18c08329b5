/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One case: the page, its header and its actions (change of status, the
 * case's details, the menus), reading the case and handing it to the
 * tabs, each in a file of its own behind tj-case-page-private.h:
 * tj-case-page-overview.c, -parties.c (with -party-editor.c), -claims.c,
 * -evidence.c and -timeline.c. The Documents tab is tj-papers-view. */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tj-case-page-private.h"

G_DEFINE_FINAL_TYPE (TjCasePage, tj_case_page, GTK_TYPE_BOX)

enum {
  BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

const char * const _tj_case_page_kind_ids[] = {
  "wage_arrears", "compensation", "termination", "overtime", "social_insurance",
  "work_injury", "other", NULL
};

static const char * const source_ids[] = {
  "hotline", "walk_in", "night_clinic", "station", "court", "referral", NULL
};

const char * const _tj_case_page_chain_roles[] = {
  "project_owner", "general_contractor", "subcontractor", "team_leader", NULL
};

const char * const *
_tj_case_page_kind_labels (void)
{
  static const char *labels[G_N_ELEMENTS (_tj_case_page_kind_ids)];

  for (guint i = 0; _tj_case_page_kind_ids[i]; i++)
    labels[i] = tj_case_kind_label (_tj_case_page_kind_ids[i]);
  return labels;
}

static const char * const *
source_labels (void)
{
  static const char *labels[G_N_ELEMENTS (source_ids)];

  for (guint i = 0; source_ids[i]; i++)
    labels[i] = tj_case_source_label (source_ids[i]);
  return labels;
}

void
_tj_case_page_clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))))
    gtk_box_remove (box, child);
}

GtkWidget *
_tj_case_page_add_group (GtkBox     *box,
                         const char *title,
                         const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (box, group);
  return group;
}

GtkWidget *
_tj_case_page_add_row (GtkWidget  *group,
                       const char *title,
                       const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle && *subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

/* A title/value pair: the value is what matters, so it is the suffix. */
GtkWidget *
_tj_case_page_add_value_row (GtkWidget  *group,
                             const char *title,
                             const char *value)
{
  GtkWidget *row;
  GtkWidget *label;

  if (value == NULL || *value == '\0')
    return NULL;
  row = _tj_case_page_add_row (group, title, NULL);
  label = gtk_label_new (value);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* A wrapping label asks for the width of one word only, which in
   * Chinese is one character: wrap only what cannot fit on one line. */
  gtk_label_set_wrap (GTK_LABEL (label), g_utf8_strlen (value, -1) > 30);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

GtkWidget *
_tj_case_page_header_button (GtkWidget  *group,
                             const char *icon_name,
                             const char *label)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), icon_name);
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_add_css_class (button, "flat");
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);
  return button;
}

GtkWidget *
_tj_case_page_countdown_label (JsonObject *deadline)
{
  const char *status = tj_json_get_string (deadline, "status", "");
  g_autofree char *text = NULL;
  GtkWidget *label;

  if (g_strcmp0 (status, "not_running") == 0)
    text = g_strdup (_("Not running"));
  else if (g_strcmp0 (status, "ended") == 0)
    text = g_strdup (_("Ended: agreed"));
  else
    text = tj_ui_format_days_left ((int) tj_json_get_int (deadline, "days_remaining", 0));
  label = gtk_label_new (text);
  gtk_widget_add_css_class (label, "countdown");
  if (g_strcmp0 (status, "ended") == 0)
    gtk_widget_add_css_class (label, "success");
  else if (g_strcmp0 (status, "overdue") == 0)
    gtk_widget_add_css_class (label, "error");
  else if (g_strcmp0 (status, "due_today") == 0 ||
           (g_strcmp0 (status, "running") == 0 && tj_json_get_int (deadline, "days_remaining", 99) <= 3))
    gtk_widget_add_css_class (label, "warning");
  return label;
}

GtkWindow *
_tj_case_page_parent_window (TjCasePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
_tj_case_page_toast (TjCasePage *self,
                     const char *text)
{
  tj_window_add_toast_for (GTK_WIDGET (self), adw_toast_new (text));
}

/* Work of the page on the repository's worker (tj-ui-work.h), so that a
 * click never waits for the database on the main thread. The callback
 * gets the page, referenced; the repository's "changed" reloads the page
 * after the commit. */
void
_tj_case_page_run_async (TjCasePage          *self,
                         TjUiWorkFunc         func,
                         gpointer             data,
                         GDestroyNotify       destroy,
                         GAsyncReadyCallback  callback)
{
  g_assert (TJ_IS_CASE_PAGE (self));

  tj_ui_work_run_async (self->application, func, data, destroy, NULL, callback, g_object_ref (self));
}

/* The menu the header shows where the buttons do not fit (narrow
 * windows): every action of the header, the wage-arrears ones as a
 * section. */
static void
set_more_menu (TjCasePage *self,
               GMenuModel *arrears)
{
  g_autoptr(GMenu) more = g_menu_new ();
  g_autoptr(GMenu) first = g_menu_new ();
  g_autoptr(GMenu) last = g_menu_new ();
  g_autoptr(GMenuItem) mediation = g_menu_item_new (gtk_button_get_label (GTK_BUTTON (self->mediation_button)), NULL);

  g_menu_item_set_action_and_target_value (mediation, "app.start-mediation", g_variant_new_string (self->case_id));
  g_menu_append_item (first, mediation);
  g_menu_append_section (more, NULL, G_MENU_MODEL (first));
  g_menu_append_section (more, _("Wage Arrears"), arrears);
  g_menu_append (last, _("Change Status…"), "case.change-status");
  g_menu_append (last, _("Edit Case Details"), "case.edit-details");
  g_menu_append_section (more, NULL, G_MENU_MODEL (last));
  gtk_menu_button_set_menu_model (self->more_button, G_MENU_MODEL (more));
  gtk_menu_button_set_menu_model (self->more_button_short, G_MENU_MODEL (more));
}

static void
back_clicked_cb (TjCasePage *self)
{
  g_signal_emit (self, signals[BACK], 0);
}

static void
change_status_cb (TjCasePage *self)
{
  TjFormDialog *dialog;

  if (self->doc == NULL)
    return;
  dialog = tj_status_dialog_new (_tj_case_page_parent_window (self), self->application, self->case_id,
                                 tj_json_get_string (self->doc, "status", NULL));
  if (dialog)
    gtk_window_present (GTK_WINDOW (dialog));
}

/* The worker's: what the case was when the form opened, a copy. */
typedef struct {
  char       *case_id;
  JsonObject *doc;
} DetailsEdit;

static void
details_edit_free (DetailsEdit *edit)
{
  g_free (edit->case_id);
  json_object_unref (edit->doc);
  g_free (edit);
}

/* An edit form sends only what changed, so that the timeline names those
 * fields. */
JsonObject *
_tj_case_page_changed_members (JsonObject *values,
                               JsonObject *before)
{
  JsonObject *patch = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (values);

  for (GList *l = members; l; l = l->next)
    {
      JsonNode *now = json_object_get_member (values, l->data);
      JsonNode *was = json_object_get_member (before, l->data);
      gboolean same;

      /* Cleared stays cleared; a switch that was never set was off. */
      if (JSON_NODE_HOLDS_NULL (now))
        same = was == NULL || JSON_NODE_HOLDS_NULL (was);
      else if (json_node_get_value_type (now) == G_TYPE_BOOLEAN)
        same = json_node_get_boolean (now) == (was && JSON_NODE_HOLDS_VALUE (was) && json_node_get_boolean (was));
      else
        same = was != NULL && json_node_equal (now, was);
      if (!same)
        json_object_set_member (patch, l->data, json_node_copy (now));
    }
  return patch;
}

/* On the repository's worker. */
static gboolean
save_details (TjStore              *store,
              const TjCaseContext  *ctx,
              JsonObject           *values,
              gpointer              user_data,
              GError              **error)
{
  DetailsEdit *edit = user_data;
  g_autoptr(JsonObject) patch = _tj_case_page_changed_members (values, edit->doc);

  if (json_object_get_size (patch) == 0)
    return TRUE;
  return tj_case_update (store, ctx, edit->case_id, patch, error);
}

static void
edit_details_cb (TjCasePage *self)
{
  JsonObject *doc = self->doc;
  TjFormDialog *dialog;
  DetailsEdit *edit;

  if (doc == NULL)
    return;
  dialog = tj_form_dialog_new (_tj_case_page_parent_window (self), _("Edit Case Details"), NULL);
  tj_form_dialog_add_text (dialog, "title", _("Title"), tj_json_get_string (doc, "title", NULL));
  tj_form_dialog_add_choice (dialog, "kind", _("Kind"), _tj_case_page_kind_ids, _tj_case_page_kind_labels (), tj_json_get_string (doc, "kind", NULL));
  tj_form_dialog_add_choice (dialog, "source", _("Source"), source_ids, source_labels (),
                             tj_json_get_string (doc, "source", NULL));
  tj_form_dialog_add_text (dialog, "hotline_ref", _("Dispatch number"), tj_json_get_string (doc, "hotline_ref", NULL));
  tj_form_dialog_add_text (dialog, "referred_by", _("Referred by"), tj_json_get_string (doc, "referred_by", NULL));
  tj_form_dialog_add_text (dialog, "referral_ref", _("Their reference number"),
                           tj_json_get_string (doc, "referral_ref", NULL));
  tj_form_dialog_add_date (dialog, "received_on", _("Received"), tj_json_get_string (doc, "received_on", NULL));
  tj_form_dialog_add_date (dialog, "accepted_on", _("Accepted"), tj_json_get_string (doc, "accepted_on", NULL));
  tj_form_dialog_add_date (dialog, "knew_on", _("Worker knew of the infringement"),
                           tj_json_get_string (doc, "knew_on", NULL));
  tj_form_dialog_add_switch (dialog, "employment_ongoing", _("Employment continues"),
                             tj_json_get_bool (doc, "employment_ongoing", FALSE));
  tj_form_dialog_add_date (dialog, "employment_ended_on", _("Employment ended"),
                           tj_json_get_string (doc, "employment_ended_on", NULL));
  tj_form_dialog_add_date (dialog, "limitation_restarted_on", _("Limitation restarted (claim made, relief sought)"),
                           tj_json_get_string (doc, "limitation_restarted_on", NULL));
  tj_form_dialog_add_date (dialog, "arbitration_applied_on", _("Applied for arbitration"),
                           tj_json_get_string (doc, "arbitration_applied_on", NULL));
  tj_form_dialog_add_date (dialog, "arbitration_accepted_on", _("Arbitration accepted"),
                           tj_json_get_string (doc, "arbitration_accepted_on", NULL));
  tj_form_dialog_add_switch (dialog, "layoff", _("Collective layoff"), tj_json_get_bool (doc, "layoff", FALSE));
  tj_form_dialog_add_long_text (dialog, "facts", _("Facts"), tj_json_get_string (doc, "facts", NULL));
  edit = g_new0 (DetailsEdit, 1);
  edit->case_id = g_strdup (self->case_id);
  edit->doc = tj_json_object_copy (doc);
  tj_form_dialog_set_work_func (dialog, self->application, save_details, edit, (GDestroyNotify) details_edit_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The case, its settlement, evidence and timeline: read together on the
 * repository's worker, so that opening a case or a change to it never
 * waits for the database on the main thread. */
typedef struct {
  char       *case_id;
  JsonObject *doc;
  JsonObject *settlement;
  JsonArray  *evidence;
  GError     *evidence_error;
  JsonArray  *timeline;
  GError     *timeline_error;
} CaseRead;

static void
case_read_free (CaseRead *read)
{
  g_free (read->case_id);
  g_clear_pointer (&read->doc, json_object_unref);
  g_clear_pointer (&read->settlement, json_object_unref);
  g_clear_pointer (&read->evidence, json_array_unref);
  g_clear_error (&read->evidence_error);
  g_clear_pointer (&read->timeline, json_array_unref);
  g_clear_error (&read->timeline_error);
  g_free (read);
}

static gboolean
read_case_in_worker (TjStore              *store,
                     const TjCaseContext  *ctx,
                     gpointer              data,
                     GError              **error)
{
  CaseRead *read = data;

  read->doc = tj_case_show (store, ctx, read->case_id, error);
  if (read->doc == NULL)
    return FALSE;
  read->settlement = tj_settlement_get (store, ctx, read->case_id, NULL);
  read->evidence = tj_case_list_evidence (store, read->case_id, &read->evidence_error);
  read->timeline = tj_case_timeline_full (store, read->case_id, &read->timeline_error);
  return TRUE;
}

static void fill (TjCasePage *self);

static void
case_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TjCasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  CaseRead *read = NULL;

  if (!tj_ui_work_run_finish (result, (gpointer *) &read, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->loading = FALSE;
      _tj_case_page_toast (self, error->message);
      return;
    }
  self->loading = FALSE;
  g_clear_pointer (&self->doc, json_object_unref);
  g_clear_pointer (&self->settlement, json_object_unref);
  g_clear_pointer (&self->evidence, json_array_unref);
  g_clear_error (&self->evidence_error);
  g_clear_pointer (&self->timeline, json_array_unref);
  g_clear_error (&self->timeline_error);
  self->doc = g_steal_pointer (&read->doc);
  self->settlement = g_steal_pointer (&read->settlement);
  self->evidence = g_steal_pointer (&read->evidence);
  self->evidence_error = g_steal_pointer (&read->evidence_error);
  self->timeline = g_steal_pointer (&read->timeline);
  self->timeline_error = g_steal_pointer (&read->timeline_error);
  fill (self);
}

void
tj_case_page_reload (TjCasePage *self)
{
  CaseRead *read;

  g_return_if_fail (TJ_IS_CASE_PAGE (self));

  /* A newer read makes the one under way useless. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (tj_application_get_repository (self->application) == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  read = g_new0 (CaseRead, 1);
  read->case_id = g_strdup (self->case_id);
  tj_ui_work_run_async (self->application, read_case_in_worker, read, (GDestroyNotify) case_read_free,
                        self->cancellable, case_read_cb, g_object_ref (self));
}

gboolean
tj_case_page_get_loading (TjCasePage *self)
{
  g_return_val_if_fail (TJ_IS_CASE_PAGE (self), FALSE);

  return self->loading;
}

static void
fill (TjCasePage *self)
{
  JsonObject *doc = self->doc;
  JsonArray *flags;
  const char *status;


  status = tj_json_get_string (doc, "status", NULL);
  gtk_label_set_text (self->title_label, tj_json_get_string (doc, "title", ""));
  gtk_label_set_text (self->number_label, tj_json_get_string (doc, "number", ""));
  tj_ui_status_pill_set (self->status_pill, status);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.change-status", g_strcmp0 (status, "closed") != 0);
  /* The mediation workspace (issue 4); once sessions began it continues. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->mediation_button), "s", self->case_id);
  gtk_button_set_label (GTK_BUTTON (self->mediation_button),
                        g_strcmp0 (status, "accepted") == 0 ? _("Start Mediation") : _("Mediation"));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->mediation_button_short), "s", self->case_id);
  gtk_button_set_label (GTK_BUTTON (self->mediation_button_short),
                        gtk_button_get_label (GTK_BUTTON (self->mediation_button)));

  /* Wage arrears of this case (issue 5): the windows are application
   * actions that take the case id. */
  {
    static const struct { const char *label; const char *action; } items[] = {
      { N_("Calculator"), "app.calculator" },
      { N_("Import Worker Roster…"), "app.import-roster" },
      { N_("Settlement…"), "app.settlement" },
      { N_("Record Payment…"), "app.record-payment" },
    };
    g_autoptr(GMenu) menu = g_menu_new ();

    for (guint i = 0; i < G_N_ELEMENTS (items); i++)
      {
        g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), NULL);
        g_menu_item_set_action_and_target_value (item, items[i].action, g_variant_new_string (self->case_id));
        g_menu_append_item (menu, item);
      }
    gtk_menu_button_set_menu_model (self->arrears_button, G_MENU_MODEL (menu));
    set_more_menu (self, G_MENU_MODEL (menu));
  }

  flags = tj_json_get_array (doc, "flags");
  gtk_widget_set_visible (GTK_WIDGET (self->flag_label), flags && json_array_get_length (flags) > 0);
  if (flags && json_array_get_length (flags) > 0)
    gtk_label_set_text (self->flag_label, tj_case_flag_label (json_array_get_string_element (flags, 0)));

  _tj_case_page_fill_overview (self);
  _tj_case_page_fill_parties (self);
  _tj_case_page_fill_claims (self);
  _tj_case_page_fill_evidence (self);
  _tj_case_page_fill_timeline (self);
}

static void
tj_case_page_dispose (GObject *object)
{
  TjCasePage *self = TJ_CASE_PAGE (object);

  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_pointer (&self->folded_binding, g_binding_unbind);
  /* The stack's pages announce their removal: not to a list of tabs
   * being disposed beside it. */
  if (self->tab_dropdown)
    gtk_drop_down_set_model (self->tab_dropdown, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_CASE_PAGE);
  g_clear_object (&self->application);
  g_clear_pointer (&self->case_id, g_free);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->doc, json_object_unref);
  g_clear_pointer (&self->settlement, json_object_unref);
  g_clear_pointer (&self->evidence, json_array_unref);
  g_clear_error (&self->evidence_error);
  g_clear_pointer (&self->timeline, json_array_unref);
  g_clear_error (&self->timeline_error);
  g_clear_pointer (&self->revealed, g_hash_table_unref);

  G_OBJECT_CLASS (tj_case_page_parent_class)->dispose (object);
}

static void
change_status_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  change_status_cb (TJ_CASE_PAGE (widget));
}

static void
edit_details_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  edit_details_cb (TJ_CASE_PAGE (widget));
}

/* In a folded window the header's back button leaves the case (see
 * TjWindow): this page's own is hidden then, so that there is one. */
static void
tj_case_page_root (GtkWidget *widget)
{
  TjCasePage *self = TJ_CASE_PAGE (widget);
  GtkWidget *leaflet;

  GTK_WIDGET_CLASS (tj_case_page_parent_class)->root (widget);
  leaflet = gtk_widget_get_ancestor (widget, ADW_TYPE_LEAFLET);
  if (leaflet != NULL)
    self->folded_binding = g_object_bind_property (leaflet, "folded", self->back_button, "visible",
                                                   G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
}

static void
tj_case_page_unroot (GtkWidget *widget)
{
  TjCasePage *self = TJ_CASE_PAGE (widget);

  g_clear_pointer (&self->folded_binding, g_binding_unbind);
  gtk_widget_set_visible (self->back_button, TRUE);
  GTK_WIDGET_CLASS (tj_case_page_parent_class)->unroot (widget);
}

/* The drop-down list of tabs (narrow windows) follows the tab shown, and
 * shows the one picked in it. */
static void
visible_tab_changed_cb (TjCasePage *self)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->view_stack);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (pages));

  for (guint i = 0; i < n; i++)
    if (gtk_selection_model_is_selected (pages, i))
      {
        if (gtk_drop_down_get_selected (self->tab_dropdown) != i)
          gtk_drop_down_set_selected (self->tab_dropdown, i);
        return;
      }
}

static void
tab_picked_cb (TjCasePage *self)
{
  g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (self->view_stack);
  guint selected = gtk_drop_down_get_selected (self->tab_dropdown);

  if (selected != GTK_INVALID_LIST_POSITION && !gtk_selection_model_is_selected (pages, selected))
    gtk_selection_model_select_item (pages, selected, TRUE);
}

static void
tj_case_page_class_init (TjCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_case_page_dispose;
  widget_class->root = tj_case_page_root;
  widget_class->unroot = tj_case_page_unroot;

  /* An action signal, so that Escape and Alt+Left can emit it. */
  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, title_label);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, number_label);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, flag_label);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, status_pill);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, status_button);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, mediation_button);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, arrears_button);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, back_button);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, mediation_button_short);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, more_button);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, more_button_short);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, tab_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, overview_box);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, parties_box);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, claims_box);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, evidence_box);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, timeline_box);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "case.change-status", NULL, change_status_activated);
  gtk_widget_class_install_action (widget_class, "case.edit-details", NULL, edit_details_activated);
  gtk_widget_class_install_action (widget_class, "case.delete-party", "s", _tj_case_page_delete_party_action);
  gtk_widget_class_install_action (widget_class, "case.change-role", "s", _tj_case_page_change_role_action);
  gtk_widget_class_install_action (widget_class, "case.edit-claim", "s", _tj_case_page_edit_claim_action);
  gtk_widget_class_install_action (widget_class, "case.delete-claim", "s", _tj_case_page_delete_claim_action);
  gtk_widget_class_install_action (widget_class, "case-page.add-link", "s", _tj_case_page_add_link_activated);
  gtk_widget_class_install_action (widget_class, "case-page.remove-link", "s", _tj_case_page_remove_link_activated);

  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "back", NULL);
  gtk_widget_class_add_binding_signal (widget_class, GDK_KEY_Escape, 0, "back", NULL);
}

static void
tj_case_page_init (TjCasePage *self)
{
  g_autoptr(GtkSelectionModel) pages = NULL;

  self->revealed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));

  pages = adw_view_stack_get_pages (self->view_stack);
  gtk_drop_down_set_model (self->tab_dropdown, G_LIST_MODEL (pages));
  g_signal_connect_object (self->view_stack, "notify::visible-child", G_CALLBACK (visible_tab_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tab_dropdown, "notify::selected", G_CALLBACK (tab_picked_cb), self,
                           G_CONNECT_SWAPPED);
  visible_tab_changed_cb (self);
}

GtkWidget *
tj_case_page_new (TjApplication *application,
                  const char    *case_id)
{
  TjCasePage *self;

  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_new (TJ_TYPE_CASE_PAGE, NULL);
  self->application = g_object_ref (application);
  self->case_id = g_strdup (case_id);
  /* The papers of the case (issue 6): generated, previewed, printed,
   * signed, all through the repository's worker. */
  if (tj_application_get_repository (application) != NULL)
    {
      AdwViewStackPage *papers;
      papers = adw_view_stack_add_titled (self->view_stack, tj_papers_view_new (application, case_id),
                                          "documents", _("Documents"));
      adw_view_stack_page_set_icon_name (papers, "x-office-document-symbolic");
    }
  /* The buttons that only need the case's id work before it is read. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->mediation_button), "s", case_id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->mediation_button_short), "s", case_id);
  tj_case_page_reload (self);
  return GTK_WIDGET (self);
}

const char *
tj_case_page_get_case_id (TjCasePage *self)
{
  g_return_val_if_fail (TJ_IS_CASE_PAGE (self), NULL);

  return self->case_id;
}

void
tj_case_page_show_tab (TjCasePage *self,
                       const char *name)
{
  g_return_if_fail (TJ_IS_CASE_PAGE (self));

  adw_view_stack_set_visible_child_name (self->view_stack, name);
}
