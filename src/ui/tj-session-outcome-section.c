/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-json.h"
#include "tj-money.h"
#include "tj-session-outcome-section.h"
#include "tj-ui-format.h"

struct _TjSessionOutcomeSection
{
  TjSessionSection     parent_instance;

  GtkWidget           *agreement_box;
  AdwEntryRow         *total_row;
  AdwExpanderRow      *workers_row;
  AdwComboRow         *payer_row;
  AdwComboRow         *method_row;
  AdwEntryRow         *due_row;
  GtkBox              *installments;
  GtkTextView         *terms_view;
  AdwEntryRow         *reason_row;
  AdwPreferencesGroup *result_group;
  GtkListBox          *result_list;
  GtkWidget           *open_case;

  GPtrArray           *worker_rows;   /* AdwEntryRow, data "worker-id" */
  GPtrArray           *payer_ids;
  char                *filled_for;    /* the case the form was filled from */
};

G_DEFINE_FINAL_TYPE (TjSessionOutcomeSection, tj_session_outcome_section, TJ_TYPE_SESSION_SECTION)

static const char * const methods[] = { "bank_transfer", "cash", "wage_account", NULL };

/* ------------------------------------------------------------ the form */

static gboolean
parse_money_row (TjSessionOutcomeSection *self,
                 AdwEntryRow             *row,
                 gint64                  *fen,
                 gboolean                *given)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GError) error = NULL;

  *given = *text != '\0';
  if (!*given)
    return TRUE;
  if (!tj_money_parse (text, fen, &error))
    {
      g_autofree char *msg = g_strdup_printf ("%s: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                                              error->message);
      tj_session_section_toast (self, msg);
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  return TRUE;
}

static void
ended_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TjSessionCall) call = user_data;
  g_autoptr(JsonObject) ended = NULL;
  g_autoptr(GError) error = NULL;

  ended = tj_session_model_end_finish (TJ_SESSION_MODEL (source), result, &error);
  if (ended == NULL)
    {
      tj_session_section_toast_error (call->section, _("The outcome was not recorded: %s"), error);
      return;
    }
  tj_session_section_toast (call->section, call->flag ? _("Agreement recorded; a settlement draft is on the case")
                                                      : _("Recorded: mediation did not reach agreement"));
}

/* Both buttons wait for the write: the outcome is recorded once. */
static void
end_with (TjSessionOutcomeSection *self,
          const char              *outcome,
          const char              *reason,
          JsonObject              *terms)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  TjSessionCall *call = tj_session_call_new (self, self, TRUE);

  call->flag = g_str_equal (outcome, "agreed");
  gtk_widget_activate_action (GTK_WIDGET (self), "session.flush-notes", NULL);
  tj_session_model_end_async (model, outcome, reason, terms, NULL, ended_cb, call);
}

static gboolean
read_installments (TjSessionOutcomeSection *self,
                   JsonArray               *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->installments)); child;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwEntryRow *date = g_object_get_data (G_OBJECT (child), "date");
      AdwEntryRow *amount = g_object_get_data (G_OBJECT (child), "amount");
      const char *d = gtk_editable_get_text (GTK_EDITABLE (date));
      gboolean given;
      gint64 fen;
      JsonObject *inst;

      if (!parse_money_row (self, amount, &fen, &given))
        return FALSE;
      if (!given && *d == '\0')
        continue;
      inst = json_object_new ();
      json_object_set_string_member (inst, "due_on", d);
      if (given)
        json_object_set_int_member (inst, "amount_fen", fen);
      json_array_add_object_element (out, inst);
    }
  return TRUE;
}

static void
agree_clicked_cb (GtkButton               *button,
                  TjSessionOutcomeSection *self)
{
  g_autoptr(JsonObject) terms = json_object_new ();
  JsonArray *workers = json_array_new ();
  JsonArray *installments = json_array_new ();
  JsonArray *texts = json_array_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->terms_view);
  GtkTextIter start, end;
  g_autofree char *all = NULL;
  g_auto(GStrv) lines = NULL;
  guint payer = adw_combo_row_get_selected (self->payer_row);
  const char *due = gtk_editable_get_text (GTK_EDITABLE (self->due_row));
  gboolean given;
  gint64 fen;

  json_object_set_array_member (terms, "workers", workers);
  json_object_set_array_member (terms, "installments", installments);
  json_object_set_array_member (terms, "terms", texts);
  if (!parse_money_row (self, self->total_row, &fen, &given))
    return;
  if (given)
    json_object_set_int_member (terms, "total_fen", fen);
  for (guint i = 0; i < self->worker_rows->len; i++)
    {
      AdwEntryRow *row = self->worker_rows->pdata[i];
      JsonObject *w;

      if (!parse_money_row (self, row, &fen, &given))
        return;
      if (!given)
        continue;
      w = json_object_new ();
      json_object_set_string_member (w, "worker_id", g_object_get_data (G_OBJECT (row), "worker-id"));
      json_object_set_int_member (w, "amount_fen", fen);
      json_array_add_object_element (workers, w);
    }
  if (json_array_get_length (workers) == 0)
    json_object_remove_member (terms, "workers");
  else
    json_object_remove_member (terms, "total_fen");
  if (!read_installments (self, installments))
    return;
  if (json_array_get_length (installments) == 0)
    {
      json_object_remove_member (terms, "installments");
      if (*due)
        json_object_set_string_member (terms, "due_on", due);
    }
  if (payer < self->payer_ids->len)
    {
      JsonObject *p = json_object_new ();
      json_object_set_string_member (p, "party_id", self->payer_ids->pdata[payer]);
      json_object_set_object_member (terms, "payer", p);
    }
  json_object_set_string_member (terms, "method", methods[adw_combo_row_get_selected (self->method_row)]);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  all = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lines = g_strsplit (all, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_strstrip (lines[i]);
      if (*lines[i])
        json_array_add_string_element (texts, lines[i]);
    }
  end_with (self, "agreed", NULL, terms);
}

static void
fail_clicked_cb (GtkButton               *button,
                 TjSessionOutcomeSection *self)
{
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));

  if (*reason == '\0')
    {
      tj_session_section_toast (self, _("Reason: say why mediation did not reach agreement"));
      gtk_widget_add_css_class (GTK_WIDGET (self->reason_row), "error");
      return;
    }
  end_with (self, "failed", reason, NULL);
}

static void
add_installment_cb (GtkButton               *button,
                    TjSessionOutcomeSection *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *date = adw_entry_row_new ();
  GtkWidget *amount = adw_entry_row_new ();
  g_autofree char *title = NULL;
  GtkWidget *label;
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->installments)); c; c = gtk_widget_get_next_sibling (c))
    n++;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (date), _("Due on (YYYY-MM-DD)"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (amount), _("Amount in yuan"));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_widget_set_hexpand (list, TRUE);
  gtk_list_box_append (GTK_LIST_BOX (list), date);
  gtk_list_box_append (GTK_LIST_BOX (list), amount);
  title = g_strdup_printf (_("Installment %u"), n + 1);
  label = gtk_label_new (title);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_label_set_width_chars (GTK_LABEL (label), 8);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), list);
  g_object_set_data (G_OBJECT (box), "date", date);
  g_object_set_data (G_OBJECT (box), "amount", amount);
  gtk_box_append (self->installments, box);
}

static void
add_payer (TjSessionOutcomeSection *self,
           GtkStringList           *labels,
           JsonObject              *party,
           const char              *role)
{
  const char *id = party ? tj_json_get_string (party, "id", NULL) : NULL;
  g_autofree char *label = NULL;

  if (id == NULL)
    return;
  /* Translators: a party and its role, e.g. "华建劳务有限公司 (Employer)". */
  label = g_strdup_printf (_("%s (%s)"), tj_json_get_string (party, "name", ""), role);
  gtk_string_list_append (labels, label);
  g_ptr_array_add (self->payer_ids, g_strdup (id));
}

/* The workers and payers of the case, once per case: what the mediator
 * typed stays while the model reads again. */
static void
fill_form (TjSessionOutcomeSection *self,
           JsonObject              *case_doc)
{
  g_autoptr(GtkStringList) payers = gtk_string_list_new (NULL);
  JsonArray *workers = tj_json_get_array (case_doc, "workers");
  JsonArray *chain = tj_json_get_array (case_doc, "chain");

  if (g_strcmp0 (self->filled_for, tj_json_get_string (case_doc, "id", NULL)) == 0)
    return;
  g_free (self->filled_for);
  self->filled_for = g_strdup (tj_json_get_string (case_doc, "id", NULL));
  for (guint i = 0; i < self->worker_rows->len; i++)
    adw_expander_row_remove (self->workers_row, self->worker_rows->pdata[i]);
  g_ptr_array_set_size (self->worker_rows, 0);
  for (guint i = 0; workers && i < json_array_get_length (workers); i++)
    {
      JsonObject *w = json_array_get_object_element (workers, i);
      GtkWidget *row = adw_entry_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tj_json_get_string (w, "name", ""));
      g_object_set_data_full (G_OBJECT (row), "worker-id", g_strdup (tj_json_get_string (w, "id", "")), g_free);
      adw_expander_row_add_row (self->workers_row, row);
      g_ptr_array_add (self->worker_rows, row);
    }
  g_ptr_array_set_size (self->payer_ids, 0);
  add_payer (self, payers, tj_json_get_object (case_doc, "employer"), _("Employer"));
  for (guint i = 0; chain && i < json_array_get_length (chain); i++)
    add_payer (self, payers, json_array_get_object_element (chain, i), _("Contractor chain"));
  adw_combo_row_set_model (self->payer_row, G_LIST_MODEL (payers));
}

/* ---------------------------------------------------------- the result */

static GtkWidget *
add_result_row (TjSessionOutcomeSection *self,
                const char              *title,
                const char              *subtitle,
                const char              *value,
                const char              *css)
{
  GtkWidget *row = tj_session_row_new (title, subtitle);

  if (value)
    {
      GtkWidget *label = gtk_label_new (value);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      if (css)
        {
          gtk_widget_add_css_class (label, "heading");
          gtk_widget_add_css_class (label, css);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  gtk_list_box_append (self->result_list, row);
  return row;
}

static void
show_settlement (TjSessionOutcomeSection *self,
                 JsonObject              *case_doc,
                 JsonObject              *settlement)
{
  g_autofree char *status_text = NULL;
  g_autofree char *total = NULL;
  JsonArray *installments = tj_json_get_array (settlement, "installments");
  JsonArray *terms = tj_json_get_array (settlement, "terms");
  JsonObject *payer = tj_json_get_object (settlement, "payer");
  gboolean draft = g_strcmp0 (tj_json_get_string (settlement, "status", ""), "draft") == 0;

  status_text = g_strdup_printf (_("Case status: %s · settlement %s"),
                                 tj_case_status_label (tj_json_get_string (case_doc, "status", "")),
                                 draft ? _("draft, ready for the agreement document") : _("agreed"));
  adw_preferences_group_set_title (self->result_group, _("Settlement"));
  adw_preferences_group_set_description (self->result_group, status_text);
  gtk_widget_set_visible (self->open_case, TRUE);
  total = tj_money_format (tj_json_get_int (settlement, "total_fen", 0));
  add_result_row (self, _("Total"), NULL, total, NULL);
  if (payer)
    add_result_row (self, _("Who pays"), NULL, tj_json_get_string (payer, "name", ""), NULL);
  add_result_row (self, _("How"), NULL, tj_payment_method_label (tj_json_get_string (settlement, "method", "")), NULL);
  for (guint i = 0; installments && i < json_array_get_length (installments); i++)
    {
      JsonObject *inst = json_array_get_object_element (installments, i);
      g_autofree char *date = tj_ui_format_date (tj_json_get_string (inst, "due_on", ""));
      g_autofree char *amount = tj_money_format (tj_json_get_int (inst, "amount_fen", 0));
      g_autofree char *title = g_strdup_printf (_("Installment %u"), i + 1);
      g_autofree char *sub = g_strdup_printf (_("Due %s"), date);
      add_result_row (self, title, sub, amount, NULL);
    }
  for (guint i = 0; terms && i < json_array_get_length (terms); i++)
    add_result_row (self, json_array_get_string_element (terms, i), NULL, NULL, NULL);
}

static void
show_next_steps (TjSessionOutcomeSection *self,
                 JsonArray               *steps)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));

  adw_preferences_group_set_title (self->result_group, _("Next steps for the worker"));
  adw_preferences_group_set_description (self->result_group,
                                         _("Mediation did not reach agreement. Tell the worker what can be done, "
                                           "and by when."));
  for (guint i = 0; steps && i < json_array_get_length (steps); i++)
    {
      JsonObject *s = json_array_get_object_element (steps, i);
      g_autofree char *sub = g_strdup_printf ("%s\n%s", tj_json_get_string (s, "text", ""),
                                              tj_json_get_string (s, "basis", ""));
      g_autofree char *by = NULL;
      GtkWidget *row;

      /* The date is what the worker must not miss: beside the step. */
      if (json_object_has_member (s, "by"))
        {
          g_autofree char *date = tj_ui_format_date (tj_json_get_string (s, "by", ""));
          by = g_strdup_printf (_("By %s"), date);
        }
      row = add_result_row (self, tj_json_get_string (s, "title", ""), sub, by, "warning");
      /* The worker leaves with the application in hand. */
      if (g_strcmp0 (tj_json_get_string (s, "kind", NULL), "arbitration") == 0)
        {
          GtkWidget *button = gtk_button_new_with_mnemonic (_("_Arbitration Application"));
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_set_name (button, "arbitration-application");
          gtk_widget_set_tooltip_text (button, _("Make the application for labour dispute arbitration"));
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)",
                                            tj_session_model_get_case_id (model), "arbitration_application");
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.case-paper");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
    }
}

static void
refresh (TjSessionOutcomeSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  JsonObject *case_doc = model ? tj_session_model_get_case (model) : NULL;
  const char *step = model ? tj_session_model_get_step (model) : NULL;
  const char *status = case_doc ? tj_json_get_string (case_doc, "status", "") : "";
  JsonObject *settlement = model ? tj_session_model_get_settlement (model) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), g_strcmp0 (step, "outcome") == 0 && case_doc);
  if (case_doc == NULL)
    return;
  gtk_widget_set_visible (self->agreement_box, g_str_equal (status, "mediating"));
  if (g_str_equal (status, "mediating"))
    fill_form (self, case_doc);
  tj_session_clear (GTK_WIDGET (self->result_list));
  gtk_widget_set_visible (self->open_case, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->result_list), TRUE);
  if (settlement)
    show_settlement (self, case_doc, settlement);
  else if (g_str_equal (status, "failed"))
    show_next_steps (self, tj_session_model_get_next_steps (model));
  else if (!g_str_equal (status, "mediating"))
    {
      adw_preferences_group_set_title (self->result_group, _("Outcome"));
      adw_preferences_group_set_description (self->result_group,
                                             _("Start a meeting first: only a case under mediation can end in "
                                               "agreement or failure."));
      gtk_widget_set_visible (GTK_WIDGET (self->result_list), FALSE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->result_group), !g_str_equal (status, "mediating"));
}

/* ------------------------------------------------------------ GObject */

static void
tj_session_outcome_section_model_changed (TjSessionSection *section,
                                          TjSessionModel   *old)
{
  TjSessionOutcomeSection *self = TJ_SESSION_OUTCOME_SECTION (section);
  TjSessionModel *model = tj_session_section_get_model (section);

  if (model)
    {
      g_signal_connect_swapped (model, "notify::step", G_CALLBACK (refresh), self);
      g_signal_connect_swapped (model, "notify::case-status", G_CALLBACK (refresh), self);
      g_signal_connect_swapped (model, "notify::settlement", G_CALLBACK (refresh), self);
      g_signal_connect_swapped (model, "notify::next-steps", G_CALLBACK (refresh), self);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->open_case), "s", tj_session_model_get_case_id (model));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->open_case), "app.show-case");
    }
  refresh (self);
}

static void
tj_session_outcome_section_finalize (GObject *object)
{
  TjSessionOutcomeSection *self = TJ_SESSION_OUTCOME_SECTION (object);

  g_clear_pointer (&self->worker_rows, g_ptr_array_unref);
  g_clear_pointer (&self->payer_ids, g_ptr_array_unref);
  g_free (self->filled_for);
  G_OBJECT_CLASS (tj_session_outcome_section_parent_class)->finalize (object);
}

static void
tj_session_outcome_section_class_init (TjSessionOutcomeSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TjSessionSectionClass *section_class = TJ_SESSION_SECTION_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  section_class->model_changed = tj_session_outcome_section_model_changed;
  object_class->finalize = tj_session_outcome_section_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-session-outcome-section.ui");
  gtk_widget_class_bind_template_child (widget_class, TjSessionOutcomeSection, agreement_box);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOutcomeSection, total_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOutcomeSection, workers_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOutcomeSection, payer_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOutcomeSection, method_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOutcomeSection, due_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOutcomeSection, installments);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOutcomeSection, terms_view);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOutcomeSection, reason_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOutcomeSection, result_group);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOutcomeSection, result_list);
  gtk_widget_class_bind_template_callback (widget_class, agree_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, fail_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_installment_cb);
}

static void
tj_session_outcome_section_init (TjSessionOutcomeSection *self)
{
  g_autoptr(GtkStringList) method_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->worker_rows = g_ptr_array_new ();
  self->payer_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; methods[i]; i++)
    gtk_string_list_append (method_names, tj_payment_method_label (methods[i]));
  adw_combo_row_set_model (self->method_row, G_LIST_MODEL (method_names));
  self->open_case = gtk_button_new_with_mnemonic (_("Open _Case"));
  gtk_widget_set_valign (self->open_case, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (self->result_group, self->open_case);
}
