/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-json.h"
#include "tj-money.h"
#include "tj-offer-chart-widget.h"
#include "tj-session-offers-section.h"
#include "tj-ui-format.h"

struct _TjSessionOffersSection
{
  AdwBin               parent_instance;

  GtkBox              *cards;
  GtkListBox          *issues_list;
  GtkListBox          *bottom_list;
  TjOfferChartWidget  *chart;
  GtkExpander         *record_expander;
  GtkWidget           *form_group;
  GtkListBox          *moves_list;
  AdwComboRow         *side_row;
  AdwComboRow         *issue_row;
  AdwEntryRow         *label_row;
  AdwEntryRow         *value_row;
  AdwEntryRow         *reason_row;
  GtkSwitch           *private_switch;

  TjSessionModel      *model;
  GBinding            *bindings[2];
  char                *form_for;   /* the meeting the form was set up for */
};

static void section_iface_init (TjSessionSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TjSessionOffersSection, tj_session_offers_section, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (TJ_TYPE_SESSION_SECTION, section_iface_init))

enum { PROP_0, PROP_MODEL, N_PROPS };

static const char * const sides[] = { "worker", "employer", "both", NULL };

static void
section_iface_init (TjSessionSectionInterface *iface)
{
}

static char *
format_figure (JsonObject *figure,
               const char *unit)
{
  if (figure == NULL)
    return g_strdup ("—");
  if (json_object_has_member (figure, "date"))
    return tj_ui_format_date (tj_json_get_string (figure, "date", ""));
  if (json_object_has_member (figure, "amount_fen"))
    return tj_money_format (tj_json_get_int (figure, "amount_fen", 0));
  return g_strdup (tj_json_get_string (figure, "text", "—"));
}

/* A crossing is the news of the day: said first, in large type. */
static GtkWidget *
card_new (JsonObject *issue)
{
  const char *status = tj_json_get_string (issue, "status", "open");
  const char *label = tj_json_get_string (issue, "label", "");
  g_autofree char *point = NULL;
  g_autofree char *text = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
  GtkWidget *words;

  if (json_object_has_member (issue, "meeting_point_fen") && g_str_equal (status, "crossed"))
    point = tj_money_format (tj_json_get_int (issue, "meeting_point_fen", 0));
  else if (json_object_has_member (issue, "meeting_point_date") && g_str_equal (status, "crossed"))
    point = tj_ui_format_date (tj_json_get_string (issue, "meeting_point_date", ""));
  else
    point = format_figure (tj_json_get_object (issue, "agreed"), tj_json_get_string (issue, "unit", ""));
  text = g_str_equal (status, "crossed")
           ? g_strdup_printf (_("%s: the ranges have crossed — both sides can meet at %s"), label, point)
           : g_strdup_printf (_("%s: agreed at %s"), label, point);
  words = gtk_label_new (text);
  gtk_widget_set_name (words, "crossing-message");
  gtk_label_set_wrap (GTK_LABEL (words), TRUE);
  gtk_label_set_xalign (GTK_LABEL (words), 0);
  gtk_widget_add_css_class (words, "title-3");
  gtk_widget_add_css_class (words, "success");
  gtk_widget_set_margin_top (words, 14);
  gtk_widget_set_margin_bottom (words, 14);
  gtk_widget_set_margin_end (words, 18);
  gtk_image_set_pixel_size (GTK_IMAGE (icon), 24);
  gtk_widget_add_css_class (icon, "success");
  gtk_widget_set_margin_start (icon, 18);
  gtk_widget_add_css_class (box, "card");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), words);
  return box;
}

static GtkWidget *
issue_row_new (JsonObject *issue)
{
  const char *unit = tj_json_get_string (issue, "unit", "");
  const char *status = tj_json_get_string (issue, "status", "open");
  g_autofree char *w = format_figure (tj_json_get_object (issue, "worker"), unit);
  g_autofree char *e = format_figure (tj_json_get_object (issue, "employer"), unit);
  g_autofree char *subtitle = g_strdup_printf (_("Worker side: %s · Employer side: %s"), w, e);
  g_autofree char *gap = NULL;
  GtkWidget *row = tj_session_row_new (tj_json_get_string (issue, "label", ""), subtitle);
  GtkWidget *suffix;

  if (json_object_has_member (issue, "gap_fen") && g_str_equal (status, "open"))
    {
      g_autofree char *money = tj_money_format (tj_json_get_int (issue, "gap_fen", 0));
      gap = g_strdup_printf (_("Gap %s"), money);
    }
  else if (json_object_has_member (issue, "gap_days") && g_str_equal (status, "open"))
    gap = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Gap %d day", "Gap %d days",
                                        (gulong) ABS (tj_json_get_int (issue, "gap_days", 0))),
                           (int) tj_json_get_int (issue, "gap_days", 0));
  else if (g_str_equal (status, "open"))
    /* Translators: an issue on which the sides have not met yet. */
    gap = g_strdup (C_("issue state", "Open"));
  else
    gap = g_strdup (g_str_equal (status, "agreed") ? _("Agreed") : _("Crossed"));
  suffix = gtk_label_new (gap);
  gtk_widget_add_css_class (suffix, "heading");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  return row;
}

/* A bottom line: only in the mediator's figures, and marked as what it
 * is, never as a figure said at the table. */
static GtkWidget *
bottom_row_new (JsonObject *issue,
                const char *side)
{
  JsonObject *figure = tj_json_get_object (tj_json_get_object (issue, "bottom_lines"), side);
  g_autofree char *value = NULL;
  g_autofree char *title = NULL;
  GtkWidget *row, *icon;

  if (figure == NULL)
    return NULL;
  value = format_figure (figure, tj_json_get_string (issue, "unit", ""));
  title = g_strdup_printf (g_str_equal (side, "worker") ? _("Worker side’s bottom line: %s")
                                                        : _("Employer side’s bottom line: %s"), value);
  row = tj_session_row_new (title, tj_json_get_string (issue, "label", ""));
  icon = gtk_image_new_from_icon_name ("changes-prevent-symbolic");
  gtk_widget_set_tooltip_text (icon, _("Mediator only · caucus"));
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_widget_add_css_class (row, "private-figure");
  return row;
}

static void
refresh_figures (TjSessionOffersSection *self)
{
  JsonObject *figures = self->model ? tj_session_model_get_figures (self->model) : NULL;
  JsonArray *issues = figures ? tj_json_get_array (figures, "issues") : NULL;
  guint n = issues ? json_array_get_length (issues) : 0;
  guint moves = self->model ? g_list_model_get_n_items (tj_session_model_get_list (self->model, "moves")) : 0;
  g_autofree char *record = NULL;
  gboolean bottom = FALSE;

  tj_session_clear (GTK_WIDGET (self->cards));
  tj_session_clear (GTK_WIDGET (self->issues_list));
  tj_session_clear (GTK_WIDGET (self->bottom_list));
  for (guint i = 0; i < n; i++)
    {
      JsonObject *issue = json_array_get_object_element (issues, i);
      const char *status = tj_json_get_string (issue, "status", "open");
      static const char * const bottom_sides[] = { "worker", "employer" };

      if (g_str_equal (status, "crossed") || g_str_equal (status, "agreed"))
        gtk_box_append (self->cards, card_new (issue));
      gtk_list_box_append (self->issues_list, issue_row_new (issue));
      for (guint s = 0; s < G_N_ELEMENTS (bottom_sides); s++)
        {
          GtkWidget *row = bottom_row_new (issue, bottom_sides[s]);
          if (row)
            {
              gtk_list_box_append (self->bottom_list, row);
              bottom = TRUE;
            }
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->cards), gtk_widget_get_first_child (GTK_WIDGET (self->cards)) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->bottom_list), bottom);
  tj_offer_chart_widget_set_figures (self->chart, figures);
  gtk_widget_set_visible (GTK_WIDGET (self->record_expander), moves > 0);
  record = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The record: %u figure named, in order",
                                         "The record: %u figures named, in order", moves), moves);
  gtk_expander_set_label (self->record_expander, record);
}

static GtkWidget *
create_move_row (gpointer item,
                 gpointer user_data)
{
  GtkWidget *row = tj_session_row_new (tj_session_item_get_title (item), tj_session_item_get_subtitle (item));
  g_autofree char *n = g_strdup_printf ("%d", tj_session_item_get_count (item));
  GtkWidget *number = gtk_label_new (n);

  gtk_widget_add_css_class (number, "dim-label");
  gtk_widget_add_css_class (number, "numeric");
  gtk_label_set_width_chars (GTK_LABEL (number), 3);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), number);
  if (tj_session_item_get_flag (item))
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("changes-prevent-symbolic");
      gtk_widget_set_tooltip_text (icon, _("Mediator only · caucus"));
      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
    }
  return row;
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
record_clicked_cb (GtkButton              *button,
                   TjSessionOffersSection *self)
{
  const char *issue = tj_session_issues ()[adw_combo_row_get_selected (self->issue_row)];
  const char *value = gtk_editable_get_text (GTK_EDITABLE (self->value_row));
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (self->reason_row));
  const char *label = gtk_editable_get_text (GTK_EDITABLE (self->label_row));
  gboolean secret = gtk_switch_get_active (self->private_switch);
  g_autoptr(JsonObject) input = json_object_new ();
  g_autoptr(GError) error = NULL;
  gboolean hiding = FALSE;
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
  if (!tj_session_model_add_offer (self->model, input, &error))
    {
      tj_session_section_toast (self, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->value_row), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->value_row), "error");
  gtk_editable_set_text (GTK_EDITABLE (self->value_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), "");
  gtk_switch_set_active (self->private_switch, FALSE);
  g_object_get (self->model, "hiding-private", &hiding, NULL);
  /* Said so, since the figure does not appear where the mediator looks. */
  if (secret && hiding)
    tj_session_section_toast (self, _("Kept private: it shows only in your own view, after the lock is opened"));
}

/* The side of a separate meeting is the likely speaker; set once per
 * meeting so the mediator's choice stays while the model reads again. */
static void
refresh_form (TjSessionOffersSection *self)
{
  JsonObject *session = self->model ? tj_session_model_get_session (self->model) : NULL;
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
set_model (TjSessionOffersSection *self,
           TjSessionModel         *model)
{
  if (self->model == model)
    return;
  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  for (guint i = 0; i < G_N_ELEMENTS (self->bindings); i++)
    g_clear_pointer (&self->bindings[i], g_binding_unbind);
  g_set_object (&self->model, model);
  if (model)
    {
      self->bindings[0] = g_object_bind_property (model, "has-session", self, "visible", G_BINDING_SYNC_CREATE);
      self->bindings[1] = g_object_bind_property (model, "session-open", self->form_group, "visible",
                                                  G_BINDING_SYNC_CREATE);
    }
  gtk_list_box_bind_model (self->moves_list, model ? tj_session_model_get_list (model, "moves") : NULL,
                           create_move_row, self, NULL);
  if (model)
    {
      g_signal_connect_swapped (model, "notify::figures", G_CALLBACK (refresh_figures), self);
      g_signal_connect_swapped (model, "notify::session", G_CALLBACK (refresh_form), self);
    }
  refresh_figures (self);
  refresh_form (self);
  g_object_notify (G_OBJECT (self), "model");
}

static void
tj_session_offers_section_dispose (GObject *object)
{
  TjSessionOffersSection *self = TJ_SESSION_OFFERS_SECTION (object);

  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);
  G_OBJECT_CLASS (tj_session_offers_section_parent_class)->dispose (object);
}

static void
tj_session_offers_section_finalize (GObject *object)
{
  g_free (TJ_SESSION_OFFERS_SECTION (object)->form_for);
  G_OBJECT_CLASS (tj_session_offers_section_parent_class)->finalize (object);
}

static void
tj_session_offers_section_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  if (prop_id == PROP_MODEL)
    g_value_set_object (value, TJ_SESSION_OFFERS_SECTION (object)->model);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
tj_session_offers_section_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  if (prop_id == PROP_MODEL)
    set_model (TJ_SESSION_OFFERS_SECTION (object), g_value_get_object (value));
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
tj_session_offers_section_class_init (TjSessionOffersSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_session_offers_section_dispose;
  object_class->finalize = tj_session_offers_section_finalize;
  object_class->get_property = tj_session_offers_section_get_property;
  object_class->set_property = tj_session_offers_section_set_property;
  g_object_class_override_property (object_class, PROP_MODEL, "model");

  g_type_ensure (TJ_TYPE_OFFER_CHART_WIDGET);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-session-offers-section.ui");
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, cards);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, issues_list);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, bottom_list);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, chart);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, record_expander);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, form_group);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, moves_list);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, side_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, issue_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, label_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, value_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, reason_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionOffersSection, private_switch);
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
  GtkWidget *empty = gtk_label_new (_("No demand or offer recorded yet."));

  g_type_ensure (TJ_TYPE_SESSION_MODEL);
  gtk_widget_init_template (GTK_WIDGET (self));
  adw_combo_row_set_model (self->side_row, G_LIST_MODEL (side_names));
  adw_combo_row_set_model (self->issue_row, G_LIST_MODEL (issue_names));
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_margin_top (empty, 12);
  gtk_widget_set_margin_bottom (empty, 12);
  gtk_list_box_set_placeholder (self->issues_list, empty);
}
