/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-json.h"
#include "tj-list-frame.h"
#include "tj-money.h"
#include "tj-offer-chart-widget.h"
#include "tj-session-offers-section.h"

struct _TjSessionOffersSection
{
  TjSessionSection     parent_instance;

  TjOfferChartWidget  *chart;
  GtkWidget           *form_group;
  AdwComboRow         *side_row;
  AdwComboRow         *issue_row;
  AdwEntryRow         *label_row;
  AdwEntryRow         *value_row;
  AdwEntryRow         *reason_row;
  GtkSwitch           *private_switch;

  GBinding            *bindings[2];
  char                *form_for;   /* the meeting the form was set up for */
};

G_DEFINE_FINAL_TYPE (TjSessionOffersSection, tj_session_offers_section, TJ_TYPE_SESSION_SECTION)

static const char * const sides[] = { "worker", "employer", "both", NULL };

/* ------------------------------------------------------------------ */
/* Rows (closures of the list factories in tj-session-offers-section.ui) */

static char *
format_count (gpointer unused,
              int      count)
{
  return g_strdup_printf ("%d", count);
}

static char *
record_label (gpointer unused,
              guint    moves)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The record: %u figure named, in order",
                                       "The record: %u figures named, in order", moves), moves);
}

static void
refresh_figures (TjSessionOffersSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));

  tj_offer_chart_widget_set_figures (self->chart, model ? tj_session_model_get_figures (model) : NULL);
}

static void
issue_changed_cb (AdwComboRow            *row,
                  GParamSpec             *pspec,
                  TjSessionOffersSection *self)
{
  const char *issue = tj_session_issues ()[adw_combo_row_get_selected (row)];

  gtk_widget_set_visible (GTK_WIDGET (self->label_row), g_strcmp0 (issue, "other") == 0);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->value_row),
                                 g_strcmp0 (issue, "payment_date") == 0 ? _("Date (YYYY-MM-DD)")
                                 : g_strcmp0 (issue, "other") == 0 ? _("Amount in yuan, or a date, or a text")
                                 : _("Amount in yuan"));
}

static void
offer_added_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TjSessionCall) call = user_data;
  TjSessionOffersSection *self = call->section;
  g_autoptr(GError) error = NULL;
  gboolean hiding = FALSE;

  if (!tj_session_model_add_offer_finish (TJ_SESSION_MODEL (source), result, &error))
    {
      tj_session_section_toast_error (self, _("The figure was not recorded: %s"), error);
      gtk_widget_add_css_class (GTK_WIDGET (self->value_row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->value_row), "error");
  gtk_editable_set_text (GTK_EDITABLE (self->value_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
  gtk_switch_set_active (self->private_switch, FALSE);
  g_object_get (source, "hiding-private", &hiding, NULL);
  /* Said so, since the figure does not appear where the mediator looks. */
  if (call->flag && hiding)
    tj_session_section_toast (self, _("Kept private: it shows only in your own view, after the lock is opened"));
}

static void
record_clicked_cb (GtkButton              *button,
                   TjSessionOffersSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  const char *issue = tj_session_issues ()[adw_combo_row_get_selected (self->issue_row)];
  const char *value = gtk_editable_get_text (GTK_EDITABLE (self->value_row));
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));
  const char *label = gtk_editable_get_text (GTK_EDITABLE (self->label_row));
  gboolean secret = gtk_switch_get_active (self->private_switch);
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(GError) error = NULL;
  TjSessionCall *call;
  gint64 fen;

  json_object_set_string_member (input, "by", sides[adw_combo_row_get_selected (self->side_row)]);
  json_object_set_string_member (input, "issue", issue);
  if (g_str_equal (issue, "other") && *label)
    json_object_set_string_member (input, "label", label);
  if (g_str_equal (issue, "payment_date"))
    json_object_set_string_member (input, "date", value);
  else if (g_str_equal (issue, "other") && g_regex_match_simple ("^\\d{4}-\\d{2}-\\d{2}$", value, 0, 0))
    json_object_set_string_member (input, "date", value);
  else if (tj_money_parse (value, &fen, g_str_equal (issue, "other") ? NULL : &error))
    json_object_set_int_member (input, "amount_fen", fen);
  else if (g_str_equal (issue, "other"))
    json_object_set_string_member (input, "text", value);
  else
    {
      g_autofree char *msg = g_strdup_printf (_("Amount: %s"), error->message);
      tj_session_section_toast (self, msg);
      gtk_widget_add_css_class (GTK_WIDGET (self->value_row), "error");
      return;
    }
  if (*reason)
    json_object_set_string_member (input, "reason", reason);
  json_object_set_string_member (input, "visibility", secret ? "caucus" : "joint");
  /* The button waits for the write: a second click is not a second
   * figure. */
  call = tj_session_call_new (self, button, TRUE);
  call->flag = secret;
  tj_session_model_add_offer_async (model, input, NULL, offer_added_cb, call);
}

/* The side of a separate meeting is the likely speaker; set once per
 * meeting so the mediator's choice stays while the model reads again. */
static void
refresh_form (TjSessionOffersSection *self)
{
  TjSessionModel *model = tj_session_section_get_model (TJ_SESSION_SECTION (self));
  JsonObject *session = model ? tj_session_model_get_session (model) : NULL;
  const char *id = session ? tj_json_get_string (session, "id", NULL) : NULL;

  if (g_strcmp0 (self->form_for, id) == 0)
    return;
  g_free (self->form_for);
  self->form_for = g_strdup (id);
  adw_combo_row_set_selected (self->side_row,
                              session && g_strcmp0 (tj_json_get_string (session, "party_side", NULL), "employer") == 0
                                ? 1 : 0);
}

static void
tj_session_offers_section_model_changed (TjSessionSection *section,
                                         TjSessionModel   *old)
{
  TjSessionOffersSection *self = TJ_SESSION_OFFERS_SECTION (section);
  TjSessionModel *model = tj_session_section_get_model (section);

  for (guint i = 0; i < G_N_ELEMENTS (self->bindings); i++)
    g_clear_pointer (&self->bindings[i], g_binding_unbind);
  if (model)
    {
      self->bindings[0] = g_object_bind_property (model, "has-session", self, "visible", G_BINDING_SYNC_CREATE);
      self->bindings[1] = g_object_bind_property (model, "session-open", self->form_group, "visible",
                                                  G_BINDING_SYNC_CREATE);
    }
  if (model)
    {
      g_signal_connect_swapped (model, "notify::figures", G_CALLBACK (refresh_figures), self);
      g_signal_connect_swapped (model, "notify::session", G_CALLBACK (refresh_form), self);
    }
  refresh_figures (self);
  refresh_form (self);
}

static void
tj_session_offers_section_finalize (GObject *object)
{
  g_free (TJ_SESSION_OFFERS_SECTION (object)->form_for);
  G_OBJECT_CLASS (tj_session_offers_section_parent_class)->finalize (object);
}

static void
tj_session_offers_section_class_init (TjSessionOffersSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TjSessionSectionClass *section_class = TJ_SESSION_SECTION_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  section_class->model_changed = tj_session_offers_section_model_changed;
  object_class->finalize = tj_session_offers_section_finalize;

  g_type_ensure (TJ_TYPE_OFFER_CHART_WIDGET);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-session-offers-section.ui");
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, chart);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, form_group);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, side_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, issue_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, label_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, value_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, reason_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, private_switch);
  tj_session_section_class_bind_row_closures (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, format_count);
  gtk_widget_class_bind_template_callback (widget_class, record_label);
  gtk_widget_class_bind_template_callback (widget_class, issue_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, record_clicked_cb);
}

static GtkStringList *
labels_of (const char * const *ids,
           const char *(*label) (const char *))
{
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; ids[i]; i++)
    gtk_string_list_append (list, label (ids[i]));
  return list;
}

static const char *
side_label (const char *side)
{
  if (g_strcmp0 (side, "worker") == 0)
    return _("Worker side");
  if (g_strcmp0 (side, "employer") == 0)
    return _("Employer side");
  return _("Both sides (agreed)");
}

static void
tj_session_offers_section_init (TjSessionOffersSection *self)
{
  g_autoptr(GtkStringList) side_names = labels_of (sides, side_label);
  g_autoptr(GtkStringList) issue_names = labels_of (tj_session_issues (), tj_session_issue_label);

  g_type_ensure (TJ_TYPE_SESSION_MODEL);
  g_type_ensure (TJ_TYPE_SESSION_ISSUE_ROW);
  g_type_ensure (TJ_TYPE_SESSION_ITEM);
  g_type_ensure (TJ_TYPE_LIST_FRAME);
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_combo_row_set_model (self->side_row, G_LIST_MODEL (side_names));
  adw_combo_row_set_model (self->issue_row, G_LIST_MODEL (issue_names));
}
