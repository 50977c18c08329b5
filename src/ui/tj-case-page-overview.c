/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case page's Overview tab: deadlines with their countdown and legal
 * basis, the settlement's progress, and who pays (the contractor chain's
 * liability as core works it out). */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tj-case-page-private.h"

/* What was agreed and how much of it is paid, with the way to record the
 * next payment: after an agreement this is what the case is about. */
static void
fill_settlement (TjCasePage *self)
{
  JsonObject *settlement = self->settlement;
  JsonObject *progress;
  GtkWidget *group, *row, *bar, *button;
  gint64 total, paid, overdue;
  g_autofree char *s_total = NULL;
  g_autofree char *s_paid = NULL;
  g_autofree char *s_owed = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  gboolean agreed;

  if (settlement == NULL)
    return;
  agreed = g_strcmp0 (tj_json_get_string (settlement, "status", NULL), "agreed") == 0;
  progress = tj_json_get_object (settlement, "progress");
  total = tj_json_get_int (progress, "total_fen", 0);
  paid = tj_json_get_int (progress, "paid_fen", 0);
  overdue = tj_json_get_int (progress, "overdue_fen", 0);
  s_total = tj_money_format (total);
  s_paid = tj_money_format (paid);
  s_owed = tj_money_format (tj_json_get_int (progress, "owed_fen", 0));

  if (agreed)
    {
      g_autofree char *on = tj_ui_format_date (tj_json_get_string (settlement, "agreed_on", NULL));
      /* Translators: "Agreed on 2026年11月22日". */
      g_autofree char *when = on && *on ? g_strdup_printf (_("Agreed on %s"), on) : NULL;

      group = _tj_case_page_add_group (self->overview_box, _("Settlement"), when);
      button = _tj_case_page_header_button (group, "list-add-symbolic", _("Record Payment…"));
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", self->case_id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.record-payment");
    }
  else
    group = _tj_case_page_add_group (self->overview_box, _("Settlement"), _("A draft: payments are recorded once it is agreed."));

  /* Translators: "¥6,000.00 of ¥21,800.50 paid". */
  title = g_strdup_printf (_("%s of %s paid"), s_paid, s_total);
  if (tj_json_get_bool (progress, "all_paid", FALSE))
    g_string_append (subtitle, _("Everything is paid."));
  else
    {
      g_string_append_printf (subtitle, _("%s still owed"), s_owed);
      if (tj_json_get_string (progress, "next_due_on", NULL))
        {
          g_autofree char *due = tj_ui_format_date (tj_json_get_string (progress, "next_due_on", NULL));
          g_string_append (subtitle, " · ");
          g_string_append_printf (subtitle, _("next installment due %s"), due);
        }
    }
  row = _tj_case_page_add_row (group, title, subtitle->str);
  gtk_widget_set_name (row, "settlement-progress");
  bar = gtk_level_bar_new_for_interval (0, 1);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), total > 0 ? MIN ((double) paid / (double) total, 1.0) : 0);
  gtk_widget_set_size_request (bar, 120, -1);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
  if (overdue > 0)
    {
      g_autofree char *s_overdue = tj_money_format (overdue);
      g_autofree char *text = g_strdup_printf (_("%s overdue"), s_overdue);
      GtkWidget *label = gtk_label_new (text);
      gtk_widget_add_css_class (label, "error");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
}

/* A member of the chain as the page names it: "Subcontractor, tier 2". */
char *
_tj_case_page_link_label (JsonObject *link)
{
  const char *role = tj_json_get_string (link, "role", NULL);

  if (g_strcmp0 (role, "subcontractor") == 0 && tj_json_get_int (link, "tier", 0) > 0)
    return g_strdup_printf (_("Subcontractor, tier %d"), (int) tj_json_get_int (link, "tier", 0));
  return g_strdup (tj_party_role_label (role));
}

static GtkWidget *
add_who_row (GtkWidget  *group,
             const char *what,
             JsonObject *who)
{
  /* Translators: what a party does under the law, its role and its name:
   * "Pays first: General contractor 中城建设集团". */
  g_autofree char *title = g_strdup_printf (_("%s: %s %s"), what, tj_party_role_label (tj_json_get_string (who, "role", NULL)),
                                            tj_json_get_string (who, "name", ""));
  return _tj_case_page_add_row (group, title, tj_json_get_string (who, "basis", NULL));
}

/* Who pays and why (tj_chain_liable_first()): the payer, whom it recovers
 * from, who bears the employer's responsibility, the owner's advance up
 * to the price it has not paid, joint liability, and what is missing. */
static void
fill_liable (TjCasePage *self,
             JsonObject *liable)
{
  const char *duty = tj_json_get_string (liable, "duty", NULL);
  JsonObject *employer = tj_json_get_object (liable, "employer");
  JsonObject *advance = tj_json_get_object (liable, "advance");
  JsonObject *from = tj_json_get_object (liable, "recovers_from");
  JsonArray *joint = tj_json_get_array (liable, "joint");
  JsonArray *notes = tj_json_get_array (liable, "notes");
  GtkWidget *group, *row;

  group = _tj_case_page_add_group (self->overview_box, _("Who Pays"),
                                   _("From the contractor chain, by the Regulations on Ensuring Payment of Wages to Migrant Workers."));
  gtk_widget_set_name (group, "liable-first");
  row = add_who_row (group, g_strcmp0 (duty, "pays_first") == 0 ? _("Pays first, then recovers")
                            : g_strcmp0 (duty, "pays") == 0 ? _("Pays") : _("Pays as the employer"), liable);
  gtk_widget_set_name (row, "liable-payer");
  if (from)
    add_who_row (group, _("Recovers from"), from);
  if (employer && !(g_strcmp0 (tj_json_get_string (employer, "name", NULL), tj_json_get_string (liable, "name", NULL)) == 0 &&
                    g_strcmp0 (duty, "employer") == 0))
    gtk_widget_set_name (add_who_row (group, _("Bears the employer’s responsibility"), employer), "liable-employer");
  if (advance)
    {
      g_autofree char *limit = tj_money_format (tj_json_get_int (advance, "limit_fen", 0));
      /* Translators: %s is an amount, the construction price the owner has not paid. */
      g_autofree char *what = g_strdup_printf (_("Advances the wages up to %s"), limit);
      gtk_widget_set_name (add_who_row (group, what, advance), "liable-advance");
    }
  for (guint i = 0; joint && i < json_array_get_length (joint); i++)
    {
      JsonObject *j = json_array_get_object_element (joint, i);
      /* Translators: %s is the name of the individual it is jointly liable with. */
      g_autofree char *what = g_strdup_printf (_("Jointly liable with %s"), tj_json_get_string (j, "with", ""));
      add_who_row (group, what, j);
    }
  for (guint i = 0; notes && i < json_array_get_length (notes); i++)
    {
      row = _tj_case_page_add_row (group, json_array_get_string_element (notes, i), NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
    }
}

void
_tj_case_page_fill_overview (TjCasePage *self)
{
  JsonObject *doc = self->doc;
  JsonObject *deadlines = tj_json_get_object (doc, "deadlines");
  JsonArray *warnings = tj_json_get_array (doc, "deadline_warnings");
  JsonObject *totals = tj_json_get_object (doc, "totals");
  JsonObject *liable = tj_json_get_object (doc, "liable_first");
  JsonObject *employer = tj_json_get_object (doc, "employer");
  JsonArray *chain = tj_json_get_array (doc, "chain");
  JsonArray *flags = tj_json_get_array (doc, "flags");
  const char *facts = tj_json_get_string (doc, "facts", NULL);
  GtkWidget *group;

  _tj_case_page_clear_box (self->overview_box);

  if (flags && json_array_get_length (flags) > 0)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      GtkWidget *label;

      for (guint i = 0; i < json_array_get_length (flags); i++)
        {
          if (i > 0)
            g_string_append (text, _(", "));
          g_string_append (text, tj_case_flag_label (json_array_get_string_element (flags, i)));
        }
      g_string_prepend (text, _("Early warning: "));
      label = gtk_label_new (text->str);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "flag-banner");
      gtk_box_append (self->overview_box, label);
    }

  group = _tj_case_page_add_group (self->overview_box, _("Deadlines"),
                                   _("Computed from the case dates, with the rule each comes from."));
  if (deadlines)
    {
      g_autoptr(GList) kinds = json_object_get_members (deadlines);

      for (GList *l = kinds; l; l = l->next)
        {
          JsonObject *d = tj_json_get_object (deadlines, l->data);
          g_autofree char *date = NULL;
          g_autofree char *title = NULL;
          g_autoptr(GString) subtitle = g_string_new (NULL);
          GtkWidget *row;

          if (d == NULL)
            continue;
          if (tj_json_get_string (d, "date", NULL))
            {
              date = tj_ui_format_date (tj_json_get_string (d, "date", NULL));
              title = g_strdup_printf (_("%s: %s"), tj_deadline_kind_label (l->data), date);
            }
          else
            title = g_strdup (tj_deadline_kind_label (l->data));
          g_string_append (subtitle, tj_json_get_string (d, "basis", ""));
          if (tj_json_get_string (d, "note", NULL))
            g_string_append_printf (subtitle, "\n%s", tj_json_get_string (d, "note", NULL));
          if (g_strcmp0 (tj_json_get_string (d, "status", NULL), "ended") == 0)
            {
              g_autofree char *on = tj_ui_format_date (tj_json_get_string (d, "ended_on", NULL));
              g_string_append (subtitle, "\n");
              if (on && *on)
                g_string_append_printf (subtitle, _("The parties agreed on %s: the mediation limit no longer runs."), on);
              else
                g_string_append (subtitle, _("The parties agreed: the mediation limit no longer runs."));
            }
          if (tj_json_get_string (d, "moved_from", NULL))
            {
              g_autofree char *from = tj_ui_format_date (tj_json_get_string (d, "moved_from", NULL));
              g_string_append (subtitle, "\n");
              g_string_append_printf (subtitle, _("Moved from %s, a rest day or holiday."), from);
            }
          row = _tj_case_page_add_row (group, title, subtitle->str);
          gtk_widget_set_name (row, l->data);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), _tj_case_page_countdown_label (d));
        }
    }
  for (guint i = 0; warnings && i < json_array_get_length (warnings); i++)
    {
      /* Calendar gaps and limitation notes alike: something to check. */
      GtkWidget *row = _tj_case_page_add_row (group, _("Check"), json_array_get_string_element (warnings, i));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
    }

  fill_settlement (self);

  if (liable)
    fill_liable (self, liable);

  group = _tj_case_page_add_group (self->overview_box, _("Summary"), NULL);
  _tj_case_page_add_value_row (group, _("Kind"), tj_case_kind_label (tj_json_get_string (doc, "kind", NULL)));
  _tj_case_page_add_value_row (group, _("Source"), tj_case_source_label (tj_json_get_string (doc, "source", NULL)));
  _tj_case_page_add_value_row (group, _("Dispatch number"), tj_json_get_string (doc, "hotline_ref", NULL));
  _tj_case_page_add_value_row (group, _("Dispatched to station"), tj_json_get_string (doc, "dispatched_to", NULL));
  _tj_case_page_add_value_row (group, g_strcmp0 (tj_json_get_string (doc, "source", NULL), "court") == 0
                                      ? _("Referring court") : _("Referred by"),
                               tj_json_get_string (doc, "referred_by", NULL));
  _tj_case_page_add_value_row (group, _("Their reference number"), tj_json_get_string (doc, "referral_ref", NULL));
  {
    static const struct { const char *member; const char *label; } dates[] = {
      { "received_on", N_("Received") },
      { "accepted_on", N_("Accepted") },
      { "knew_on", N_("Worker knew of the infringement") },
      { "employment_ended_on", N_("Employment ended") },
    };
    for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
      {
        g_autofree char *date = tj_ui_format_date (tj_json_get_string (doc, dates[i].member, NULL));
        _tj_case_page_add_value_row (group, _(dates[i].label), date);
      }
  }
  if (tj_json_get_bool (doc, "employment_ongoing", FALSE))
    _tj_case_page_add_value_row (group, _("Employment"), _("Continuing"));
  if (employer)
    _tj_case_page_add_value_row (group, _("Employer"), tj_json_get_string (employer, "name", NULL));
  if (chain && json_array_get_length (chain) > 0)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (chain); i++)
        {
          JsonObject *c = json_array_get_object_element (chain, i);
          if (i > 0)
            g_string_append (text, " → ");
          g_string_append (text, tj_json_get_string (c, "name", ""));
        }
      _tj_case_page_add_value_row (group, _("Contractor chain"), text->str);
    }
  if (totals)
    {
      g_autofree char *workers = g_strdup_printf ("%" G_GINT64_FORMAT, tj_json_get_int (totals, "workers", 0));
      g_autofree char *owed = tj_money_format (tj_json_get_int (totals, "owed_fen", 0));
      g_autofree char *claimed = tj_money_format (tj_json_get_int (totals, "claimed_fen", 0));

      _tj_case_page_add_value_row (group, _("Workers"), workers);
      _tj_case_page_add_value_row (group, _("Amount owed"), owed);
      if (tj_json_get_int (totals, "claimed_fen", 0) > 0)
        _tj_case_page_add_value_row (group, _("Amount claimed"), claimed);
    }

  if (facts && *facts)
    {
      GtkWidget *label = gtk_label_new (facts);

      group = _tj_case_page_add_group (self->overview_box, _("Facts"), NULL);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "card");
      gtk_widget_add_css_class (label, "facts");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
    }
}
