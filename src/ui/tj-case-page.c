/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Over 1,500 lines on purpose, for now: the page is one template
 * (resources/ui/tj-case-page.ui) whose tabs (overview, parties and the
 * party editor, claims, evidence, timeline) share the page's case
 * document, reload and change handling. The next split is one
 * tj-case-page-TAB.c per tab behind a tj-case-page-private.h, as
 * tj-session-window does with its sections; until then each tab is one
 * contiguous section below, marked with a rule. */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tj-case-page.h"
#include "tj-validate.h"
#include "tj-case.h"
#include "tj-chain.h"
#include "tj-field-labels.h"
#include "tj-form-dialog.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-papers-view.h"
#include "tj-settlement.h"
#include "tj-consent.h"
#include "tj-reveal-dialog.h"
#include "tj-reveal.h"
#include "tj-status-dialog.h"
#include "tj-ui-format.h"
#include "tj-window.h"

/* Everything shown comes from tj_case_show(), tj_case_timeline() and
 * tj_case_list_evidence(); every change goes through the core's write
 * functions (the same ones the CLI calls) and then reloads the page. The
 * workers' ID numbers and phones are masked here too, and shown one at a
 * time, with a reason, through tj-reveal-dialog.h. */
struct _TjCasePage
{
  GtkBox          parent_instance;

  /* "PARTY_ID/FIELD" -> the value shown in full for the moment: the
   * reveal's own audit record reloads the page, which must not hide it. */
  GHashTable     *revealed;

  GtkLabel       *title_label;
  GtkLabel       *number_label;
  GtkLabel       *flag_label;
  GtkWidget      *status_pill;
  GtkWidget      *status_button;
  GtkWidget      *mediation_button;
  GtkMenuButton  *arrears_button;
  GtkWidget      *back_button;
  GtkWidget      *mediation_button_short;
  GtkMenuButton  *more_button;
  GtkMenuButton  *more_button_short;
  GtkDropDown    *tab_dropdown;
  AdwViewStack   *view_stack;
  GBinding       *folded_binding;  /* the window's leaflet folded: no back button here */
  GtkBox         *overview_box;
  GtkBox         *parties_box;
  GtkBox         *claims_box;
  GtkBox         *evidence_box;
  GtkBox         *timeline_box;

  TjApplication  *application;
  char           *case_id;
  JsonObject     *doc;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (TjCasePage, tj_case_page, GTK_TYPE_BOX)

enum {
  BACK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const kind_ids[] = {
  "wage_arrears", "compensation", "termination", "overtime", "social_insurance",
  "work_injury", "other", NULL
};
static const char * const source_ids[] = {
  "hotline", "walk_in", "night_clinic", "station", "court", "referral", NULL
};
static const char * const chain_roles[] = {
  "project_owner", "general_contractor", "subcontractor", "team_leader", NULL
};

/* ------------------------------------------------------------------ */
/* Labels                                                               */

static const char * const *
kind_labels (void)
{
  static const char *labels[G_N_ELEMENTS (kind_ids)];

  for (guint i = 0; kind_ids[i]; i++)
    labels[i] = tj_case_kind_label (kind_ids[i]);
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

/* ------------------------------------------------------------------ */
/* Building blocks                                                      */

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))))
    gtk_box_remove (box, child);
}

static GtkWidget *
add_group (GtkBox     *box,
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

static GtkWidget *
add_row (GtkWidget  *group,
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
static GtkWidget *
add_value_row (GtkWidget  *group,
               const char *title,
               const char *value)
{
  GtkWidget *row;
  GtkWidget *label;

  if (value == NULL || *value == '\0')
    return NULL;
  row = add_row (group, title, NULL);
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

static GtkWidget *
header_button (GtkWidget  *group,
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

static GtkWidget *
countdown_label (JsonObject *deadline)
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

static GtkWindow *
parent_window (TjCasePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
toast (TjCasePage *self,
       const char *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (TJ_IS_WINDOW (root))
    tj_window_add_toast (TJ_WINDOW (root), adw_toast_new (text));
}

/* ------------------------------------------------------------------ */
/* Overview                                                             */

/* What was agreed and how much of it is paid, with the way to record the
 * next payment: after an agreement this is what the case is about. */
static void
fill_settlement (TjCasePage *self)
{
  g_autoptr(JsonObject) settlement = NULL;
  TjCaseContext ctx;
  JsonObject *progress;
  GtkWidget *group, *row, *bar, *button;
  gint64 total, paid, overdue;
  g_autofree char *s_total = NULL;
  g_autofree char *s_paid = NULL;
  g_autofree char *s_owed = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  gboolean agreed;

  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  settlement = tj_settlement_get (tj_application_get_store (self->application), &ctx, self->case_id, NULL);
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

      group = add_group (self->overview_box, _("Settlement"), when);
      button = header_button (group, "list-add-symbolic", _("Record Payment…"));
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", self->case_id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.record-payment");
    }
  else
    group = add_group (self->overview_box, _("Settlement"), _("A draft: payments are recorded once it is agreed."));

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
  row = add_row (group, title, subtitle->str);
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
static char *
link_label (JsonObject *link)
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
  return add_row (group, title, tj_json_get_string (who, "basis", NULL));
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

  group = add_group (self->overview_box, _("Who Pays"),
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
      row = add_row (group, json_array_get_string_element (notes, i), NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
    }
}

static void
fill_overview (TjCasePage *self)
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

  clear_box (self->overview_box);

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

  group = add_group (self->overview_box, _("Deadlines"),
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
          row = add_row (group, title, subtitle->str);
          gtk_widget_set_name (row, l->data);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), countdown_label (d));
        }
    }
  for (guint i = 0; warnings && i < json_array_get_length (warnings); i++)
    {
      /* Calendar gaps and limitation notes alike: something to check. */
      GtkWidget *row = add_row (group, _("Check"), json_array_get_string_element (warnings, i));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
    }

  fill_settlement (self);

  if (liable)
    fill_liable (self, liable);

  group = add_group (self->overview_box, _("Summary"), NULL);
  add_value_row (group, _("Kind"), tj_case_kind_label (tj_json_get_string (doc, "kind", NULL)));
  add_value_row (group, _("Source"), tj_case_source_label (tj_json_get_string (doc, "source", NULL)));
  add_value_row (group, _("Dispatch number"), tj_json_get_string (doc, "hotline_ref", NULL));
  add_value_row (group, _("Dispatched to station"), tj_json_get_string (doc, "dispatched_to", NULL));
  add_value_row (group, g_strcmp0 (tj_json_get_string (doc, "source", NULL), "court") == 0
                        ? _("Referring court") : _("Referred by"),
                 tj_json_get_string (doc, "referred_by", NULL));
  add_value_row (group, _("Their reference number"), tj_json_get_string (doc, "referral_ref", NULL));
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
        add_value_row (group, _(dates[i].label), date);
      }
  }
  if (tj_json_get_bool (doc, "employment_ongoing", FALSE))
    add_value_row (group, _("Employment"), _("Continuing"));
  if (employer)
    add_value_row (group, _("Employer"), tj_json_get_string (employer, "name", NULL));
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
      add_value_row (group, _("Contractor chain"), text->str);
    }
  if (totals)
    {
      g_autofree char *workers = g_strdup_printf ("%" G_GINT64_FORMAT, tj_json_get_int (totals, "workers", 0));
      g_autofree char *owed = tj_money_format (tj_json_get_int (totals, "owed_fen", 0));
      g_autofree char *claimed = tj_money_format (tj_json_get_int (totals, "claimed_fen", 0));

      add_value_row (group, _("Workers"), workers);
      add_value_row (group, _("Amount owed"), owed);
      if (tj_json_get_int (totals, "claimed_fen", 0) > 0)
        add_value_row (group, _("Amount claimed"), claimed);
    }

  if (facts && *facts)
    {
      GtkWidget *label = gtk_label_new (facts);

      group = add_group (self->overview_box, _("Facts"), NULL);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "card");
      gtk_widget_add_css_class (label, "facts");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
    }
}

/* ------------------------------------------------------------------ */
/* Party editor                                                         */

typedef struct {
  TjCasePage *page;
  char       *party_id; /* NULL: a new party */
  char       *role;     /* NULL: chosen in the form ("role" member) */
} PartyEdit;

static void
party_edit_free (PartyEdit *edit)
{
  g_object_unref (edit->page);
  g_free (edit->party_id);
  g_free (edit->role);
  g_free (edit);
}

/* For a new party, empty fields are left out rather than set to null. */
static void
drop_nulls (JsonObject *values)
{
  g_autoptr(GList) members = json_object_get_members (values);

  for (GList *l = members; l; l = l->next)
    if (JSON_NODE_HOLDS_NULL (json_object_get_member (values, l->data)))
      json_object_remove_member (values, l->data);
}

/* The core names a link of the chain as JSON does ("chain[2].relation:
 * …", "“华建” (chain[2])"); on the page the field is in the form or the
 * link is named: the paths go. A problem with a field of this form keeps
 * the field's name, so that the form marks it. */
static char *
page_message (TjFormDialog *dialog,
              const char   *message)
{
  g_autoptr(GRegex) path = g_regex_new ("^(?:chain\\[[0-9]+\\]\\.)?([a-z_]+)(: |：)", 0, 0, NULL);
  g_autoptr(GRegex) ref = g_regex_new (" ?[(（]chain\\[[0-9]+\\][)）]", 0, 0, NULL);
  g_auto(GStrv) parts = g_strsplit (message, "; ", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; parts[i]; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *text = g_regex_replace_literal (ref, parts[i], -1, 0, "", 0, NULL);

      if (out->len)
        g_string_append (out, "; ");
      if (g_regex_match (path, text, 0, &match))
        {
          g_autofree char *member = g_match_info_fetch (match, 1);
          gint end = 0;
          g_match_info_fetch_pos (match, 0, NULL, &end);
          if (dialog && tj_form_dialog_get_field (dialog, member))
            g_string_append_printf (out, "%s: %s", member, text + end);
          else
            g_string_append (out, text + end);
        }
      else
        g_string_append (out, text);
    }
  return g_string_free (out, FALSE);
}

static gboolean
save_party (TjFormDialog  *dialog,
            JsonObject    *values,
            gpointer       user_data,
            GError       **error)
{
  PartyEdit *edit = user_data;
  TjCasePage *self = edit->page;
  TjStore *store = tj_application_get_store (self->application);
  TjCaseContext ctx;

  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  /* A tier is chosen from a list of numbers. */
  if (tj_json_get_string (values, "tier", NULL))
    json_object_set_int_member (values, "tier",
                                g_ascii_strtoll (tj_json_get_string (values, "tier", "0"), NULL, 10));
  if (edit->party_id)
    {
      if (!tj_case_update_party (store, &ctx, edit->party_id, values, error))
        {
          g_autofree char *text = page_message (dialog, (*error)->message);
          g_free ((*error)->message);
          (*error)->message = g_steal_pointer (&text);
          return FALSE;
        }
    }
  else
    {
      g_autofree char *role = g_strdup (edit->role);
      g_autofree char *id = NULL;

      /* The chain member's or agent's role is chosen in the form. */
      if (tj_json_get_string (values, "role", NULL))
        {
          g_free (role);
          role = g_strdup (tj_json_get_string (values, "role", NULL));
          json_object_remove_member (values, "role");
        }
      drop_nulls (values);
      id = tj_case_add_party (store, &ctx, self->case_id, role, values, error);
      if (id == NULL)
        {
          g_autofree char *text = page_message (dialog, (*error)->message);
          g_free ((*error)->message);
          (*error)->message = g_steal_pointer (&text);
          return FALSE;
        }
    }
  return TRUE;
}

static guint
count_subcontractors (TjCasePage *self)
{
  JsonArray *chain = tj_json_get_array (self->doc, "chain");
  guint n = 0;

  for (guint i = 0; chain && i < json_array_get_length (chain); i++)
    if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (chain, i), "role", NULL), "subcontractor") == 0)
      n++;
  return n;
}

/* The facts of a link the rules of who pays read (tj-chain.h), by role. */
static void
add_link_facts (TjCasePage   *self,
                TjFormDialog *dialog,
                const char   *role,
                JsonObject   *link)
{
  const char * const *relations = tj_chain_relations_for (role);

  if (g_strcmp0 (role, "project_owner") == 0)
    {
      tj_form_dialog_add_money (dialog, "unpaid_price_fen", _("Construction price not paid to the contractor"), link);
      tj_form_dialog_add_switch (dialog, "illegal_project", _("Illegal project (违法建设)"),
                                 tj_json_get_bool (link, "illegal_project", FALSE));
      return;
    }
  if (g_strcmp0 (role, "subcontractor") == 0)
    {
      /* Tier 1 takes the work from the general contractor; a new one may
       * go in at any tier, pushing those below it down. */
      guint n = count_subcontractors (self) + (link == NULL ? 1 : 0);
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *current = g_strdup_printf ("%d", link ? (int) tj_json_get_int (link, "tier", n) : (int) n);

      for (guint t = 1; t <= MAX (n, 1); t++)
        {
          g_ptr_array_add (ids, g_strdup_printf ("%u", t));
          g_ptr_array_add (labels, t == 1 ? g_strdup (_("Tier 1: from the general contractor"))
                                          : g_strdup_printf (_("Tier %u: from the tier %u subcontractor"), t, t - 1));
        }
      g_ptr_array_add (ids, NULL);
      g_ptr_array_add (labels, NULL);
      tj_form_dialog_add_choice (dialog, "tier", _("Tier"), (const char * const *) ids->pdata,
                                 (const char * const *) labels->pdata, current);
    }
  if (relations[0] && relations[1])
    {
      const char *labels[8] = { NULL };
      for (guint i = 0; relations[i] && i < G_N_ELEMENTS (labels) - 1; i++)
        labels[i] = tj_chain_relation_label (relations[i]);
      tj_form_dialog_add_choice (dialog, "relation", _("How it got the work"), relations, labels,
                                 tj_json_get_string (link, "relation", NULL));
    }
  if (g_strcmp0 (role, "team_leader") != 0)
    {
      tj_form_dialog_add_switch (dialog, "qualified", _("Holds the qualification"),
                                 tj_json_get_bool (link, "qualified", TRUE));
      tj_form_dialog_add_switch (dialog, "name_lent", _("Lent its name to the one below (挂靠)"),
                                 tj_json_get_bool (link, "name_lent", FALSE));
    }
}

static void
edit_party (TjCasePage *self,
            const char *role,
            JsonObject *party)
{
  const char *party_id = party ? tj_json_get_string (party, "id", NULL) : NULL;
  g_autofree char *title = NULL;
  TjFormDialog *dialog;
  PartyEdit *edit;
  gboolean chain = role == NULL || g_strv_contains (chain_roles, role);

  if (party_id)
    title = g_strdup_printf (_("Edit %s"), tj_party_role_label (role));
  else
    title = g_strdup_printf (_("Add %s"), role ? tj_party_role_label (role) : _("Contractor"));
  dialog = tj_form_dialog_new (parent_window (self), title, party_id ? NULL : _("Add"));

  if (g_strcmp0 (role, "worker") == 0)
    {
      tj_form_dialog_add_text (dialog, "name", _("Name"), tj_json_get_string (party, "name", NULL));
      if (party_id)
        {
          /* Editing shows the numbers masked, as the table does. */
          g_autofree char *id_number = tj_mask_id_number (tj_json_get_string (party, "id_number", NULL));
          g_autofree char *phone = tj_mask_phone (tj_json_get_string (party, "phone", NULL));

          tj_form_dialog_add_masked (dialog, "id_number", _("ID number"), id_number);
          tj_form_dialog_add_masked (dialog, "phone", _("Phone"), phone);
        }
      else
        {
          tj_form_dialog_add_text (dialog, "id_number", _("ID number"), NULL);
          tj_form_dialog_add_text (dialog, "phone", _("Phone"), NULL);
        }
      tj_form_dialog_add_text (dialog, "job", _("Job"), tj_json_get_string (party, "job", NULL));
      tj_form_dialog_add_text (dialog, "address", _("Address"), tj_json_get_string (party, "address", NULL));
      tj_form_dialog_add_date (dialog, "start_date", _("Started work"), tj_json_get_string (party, "start_date", NULL));
      tj_form_dialog_add_money (dialog, "monthly_wage_fen", _("Monthly wage"), party);
      tj_form_dialog_add_money (dialog, "owed_fen", _("Amount owed"), party);
      /* What a bank's payment file is matched by. */
      tj_form_dialog_add_text (dialog, "bank_account", _("Bank account"), tj_json_get_string (party, "bank_account", NULL));
    }
  else if (g_strcmp0 (role, "agent") == 0 || g_strcmp0 (role, "representative") == 0)
    {
      static const char * const represents[] = { "worker", "employer", NULL };
      const char *represents_labels[] = { _("The workers"), _("The employer"), NULL };

      if (party_id == NULL)
        {
          static const char * const agent_roles[] = { "agent", "representative", NULL };
          const char *agent_labels[] = { tj_party_role_label ("agent"), tj_party_role_label ("representative"), NULL };
          tj_form_dialog_add_choice (dialog, "role", _("Role"), agent_roles, agent_labels, role);
        }
      tj_form_dialog_add_text (dialog, "name", _("Name"), tj_json_get_string (party, "name", NULL));
      tj_form_dialog_add_choice (dialog, "represents", _("Acts for"), represents, represents_labels,
                                 tj_json_get_string (party, "represents", NULL));
      tj_form_dialog_add_text (dialog, "phone", _("Phone"), tj_json_get_string (party, "phone", NULL));
    }
  else
    {
      if (chain && party_id)
        {
          /* A link may turn out to be another kind of link. */
          const char *labels[] = {
            tj_party_role_label (chain_roles[0]), tj_party_role_label (chain_roles[1]),
            tj_party_role_label (chain_roles[2]), tj_party_role_label (chain_roles[3]), NULL
          };
          tj_form_dialog_add_choice (dialog, "role", _("Role"), chain_roles, labels, role);
        }
      tj_form_dialog_add_text (dialog, "name",
                               g_strcmp0 (role, "team_leader") == 0 ? _("Name") : _("Organisation name"),
                               tj_json_get_string (party, "name", NULL));
      if (g_strcmp0 (role, "team_leader") != 0)
        {
          tj_form_dialog_add_text (dialog, "credit_code", _("Unified social credit code"),
                                   tj_json_get_string (party, "credit_code", NULL));
          tj_form_dialog_add_text (dialog, "representative", _("Legal representative"),
                                   tj_json_get_string (party, "representative", NULL));
        }
      tj_form_dialog_add_text (dialog, "phone", _("Phone"), tj_json_get_string (party, "phone", NULL));
      tj_form_dialog_add_text (dialog, "address", _("Address"), tj_json_get_string (party, "address", NULL));
      if (!chain)
        tj_form_dialog_add_text (dialog, "contact", _("Contact person"), tj_json_get_string (party, "contact", NULL));
      else
        add_link_facts (self, dialog, role, party);
    }

  edit = g_new0 (PartyEdit, 1);
  edit->page = g_object_ref (self);
  edit->party_id = g_strdup (party_id);
  edit->role = g_strdup (role);
  tj_form_dialog_set_save_func (dialog, save_party, edit, (GDestroyNotify) party_edit_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_party_clicked_cb (GtkButton  *button,
                       TjCasePage *self)
{
  JsonObject *party = g_object_get_data (G_OBJECT (button), "party");
  const char *role = g_object_get_data (G_OBJECT (button), "role");

  edit_party (self, role, party);
}

static GtkWidget *
party_button (TjCasePage *self,
              const char *icon_name,
              const char *tooltip,
              const char *role,
              JsonObject *party)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "role", g_strdup (role), g_free);
  if (party)
    g_object_set_data_full (G_OBJECT (button), "party", json_object_ref (party),
                            (GDestroyNotify) json_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (edit_party_clicked_cb), self);
  return button;
}

/* ------------------------------------------------------------------ */
/* Correcting parties: delete one entered by mistake, change a role     */

/* The party @id of the case shown, and its role. */
static JsonObject *
find_party (TjCasePage  *self,
            const char  *id,
            const char **out_role)
{
  static const char * const lists[] = { "workers", "chain", "agents" };
  JsonObject *employer = tj_json_get_object (self->doc, "employer");

  if (employer && g_strcmp0 (tj_json_get_string (employer, "id", NULL), id) == 0)
    {
      *out_role = "employer";
      return employer;
    }
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      JsonArray *arr = tj_json_get_array (self->doc, lists[l]);
      for (guint i = 0; arr && i < json_array_get_length (arr); i++)
        {
          JsonObject *p = json_array_get_object_element (arr, i);
          if (g_strcmp0 (tj_json_get_string (p, "id", NULL), id) == 0)
            {
              *out_role = l == 0 ? "worker" : tj_json_get_string (p, "role", l == 1 ? "subcontractor" : "agent");
              return p;
            }
        }
    }
  return NULL;
}

/* The roles a party may move to from this menu: agents and
 * representatives between them. */
static const char * const agent_roles[] = { "agent", "representative", NULL };

static const char * const *
roles_like (const char *role)
{
  /* A chain link changes role in its own form, where the chain places it
   * again; the employer and a worker stay what they are. */
  if (g_strv_contains (agent_roles, role))
    return agent_roles;
  return NULL;
}

static void
refused (TjCasePage *self,
         const char *heading,
         const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_widget_set_name (dialog, "refused");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_party_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          TjCasePage       *self)
{
  g_autoptr(GError) error = NULL;
  const char *id = g_object_get_data (G_OBJECT (dialog), "party-id");
  const char *name = g_object_get_data (G_OBJECT (dialog), "name");
  TjCaseContext ctx;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  if (!tj_case_delete_party (tj_application_get_store (self->application), &ctx, id, &error))
    {
      /* Translators: the heading when a party cannot be deleted, "张三 Stays on the Case". */
      g_autofree char *heading = g_strdup_printf (_("%s Stays on the Case"), name);
      refused (self, heading, error->message);
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (_("%s was deleted from the case"), name);
    toast (self, text);
  }
}

static void
delete_party_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TjCasePage *self = TJ_CASE_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  const char *role = NULL;
  JsonObject *party = find_party (self, id, &role);
  const char *name;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (party == NULL)
    return;
  name = tj_json_get_string (party, "name", "");
  /* Translators: "Delete 滨海置业有限公司 (Project owner)?" */
  heading = g_strdup_printf (_("Delete %s (%s)?"), name, tj_party_role_label (role));
  body = g_strdup (_("The party is removed from the case, and the timeline records who deleted it. "
                     "A party that the settlement or a payment names cannot be deleted."));
  dialog = adw_message_dialog_new (parent_window (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "party-id", g_strdup (id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "name", g_strdup (name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_party_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
save_role (TjFormDialog  *dialog,
           JsonObject    *values,
           gpointer       user_data,
           GError       **error)
{
  PartyEdit *edit = user_data;
  TjCasePage *self = edit->page;
  g_autoptr(JsonObject) patch = json_object_new ();
  TjCaseContext ctx;

  if (tj_json_get_string (values, "role", NULL) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("role: choose the role"));
      return FALSE;
    }
  json_object_set_string_member (patch, "role", tj_json_get_string (values, "role", NULL));
  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  return tj_case_update_party (tj_application_get_store (self->application), &ctx, edit->party_id, patch, error);
}

static void
change_role_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TjCasePage *self = TJ_CASE_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  const char *role = NULL;
  JsonObject *party = find_party (self, id, &role);
  const char * const *roles = party ? roles_like (role) : NULL;
  const char *labels[G_N_ELEMENTS (agent_roles)] = { NULL };
  g_autofree char *title = NULL;
  TjFormDialog *dialog;
  PartyEdit *edit;

  if (roles == NULL)
    return;
  for (guint i = 0; roles[i]; i++)
    labels[i] = tj_party_role_label (roles[i]);
  /* Translators: the title of the window changing a party's role, "Role of 华建劳务有限公司". */
  title = g_strdup_printf (_("Role of %s"), tj_json_get_string (party, "name", ""));
  dialog = tj_form_dialog_new (parent_window (self), title, NULL);
  tj_form_dialog_add_choice (dialog, "role", _("Role"), roles, labels, role);
  edit = g_new0 (PartyEdit, 1);
  edit->page = g_object_ref (self);
  edit->party_id = g_strdup (id);
  edit->role = g_strdup (role);
  tj_form_dialog_set_save_func (dialog, save_role, edit, (GDestroyNotify) party_edit_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Edit, and a menu with Change Role… (when the party has another role of
 * its kind) and Delete…. */
static GtkWidget *
party_menu_button (TjCasePage *self,
                   JsonObject *party,
                   const char *role)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *button = gtk_menu_button_new ();
  const char *id = tj_json_get_string (party, "id", "");

  if (roles_like (role))
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("Change _Role…"), NULL);
      g_menu_item_set_action_and_target_value (item, "case.change-role", g_variant_new_string (id));
      g_menu_append_item (menu, item);
    }
  {
    g_autoptr(GMenuItem) item = g_menu_item_new (_("_Delete…"), NULL);
    g_menu_item_set_action_and_target_value (item, "case.delete-party", g_variant_new_string (id));
    g_menu_append_item (menu, item);
  }
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (button, _("More"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

/* ------------------------------------------------------------------ */
/* Parties                                                              */

static GtkWidget *
cell (const char *text,
      gboolean    numeric)
{
  GtkWidget *label = gtk_label_new (text && *text ? text : "—");

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1 : 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

/* Consent (PIPL §29): what the worker is told is the preferences'
 * wording; the consent is recorded with who agreed and who recorded it. */
typedef struct {
  char *case_id;
  char *wording;
  char *given_by;
  char *actor;
  char *station;
} ConsentJob;

static void
consent_job_free (ConsentJob *job)
{
  g_free (job->case_id);
  g_free (job->wording);
  g_free (job->given_by);
  g_free (job->actor);
  g_free (job->station);
  g_free (job);
}

/* On the repository's worker, like every write of the GUI. */
static gboolean
record_consent_in_worker (TjStore  *store,
                          gpointer  data,
                          GError  **error)
{
  ConsentJob *job = data;
  g_autofree char *id = NULL;
  TjCaseContext ctx;

  tj_case_context_init_defaults (&ctx);
  ctx.actor = job->actor;
  ctx.station_code = job->station;
  id = tj_consent_record (store, &ctx, job->case_id, job->wording, job->given_by, error);
  return id != NULL;
}

static void
consent_recorded_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(TjCasePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tj_repository_run_finish (TJ_REPOSITORY (source), result, NULL, &error))
    {
      toast (self, error->message);
      return;
    }
  toast (self, _("The worker’s consent is recorded"));
  if (self->application)
    tj_case_page_reload (self);
}

static void
consent_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     TjCasePage       *self)
{
  TjRepository *repository = tj_application_get_repository (self->application);
  ConsentJob *job;
  TjCaseContext ctx;

  if (g_strcmp0 (response, "agreed") != 0 || repository == NULL)
    return;
  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  job = g_new0 (ConsentJob, 1);
  job->case_id = g_strdup (self->case_id);
  job->wording = g_strdup (g_object_get_data (G_OBJECT (dialog), "wording"));
  job->given_by = g_strdup (g_object_get_data (G_OBJECT (dialog), "given-by"));
  job->actor = g_strdup (ctx.actor);
  job->station = g_strdup (ctx.station_code);
  tj_repository_run_async (repository, record_consent_in_worker, job, (GDestroyNotify) consent_job_free, NULL,
                           consent_recorded_cb, g_object_ref (self));
}

static void
record_consent_cb (TjCasePage *self)
{
  GSettings *settings = tj_application_get_settings (self->application);
  g_autofree char *wording = settings ? g_settings_get_string (settings, "consent-wording") : NULL;
  JsonArray *workers = tj_json_get_array (self->doc, "workers");
  g_autoptr(GString) given_by = g_string_new (NULL);
  GtkWidget *dialog;

  if (wording == NULL || *wording == '\0')
    {
      g_free (wording);
      wording = g_strdup (tj_consent_default_wording ());
    }
  for (guint i = 0; workers && i < json_array_get_length (workers); i++)
    {
      if (i == 3)
        {
          /* Translators: after three names of a collective case's workers */
          g_string_append_printf (given_by, _(" and %u more"), json_array_get_length (workers) - 3);
          break;
        }
      if (i > 0)
        g_string_append (given_by, "、");
      g_string_append (given_by, tj_json_get_string (json_array_get_object_element (workers, i), "name", ""));
    }
  dialog = adw_message_dialog_new (parent_window (self), _("Read This to the Worker"), wording);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "agreed", _("The Worker _Agreed"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "agreed", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "wording", g_steal_pointer (&wording), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "given-by", g_string_free (g_steal_pointer (&given_by), FALSE), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (consent_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fill_consent (TjCasePage *self)
{
  JsonObject *consent = tj_json_get_object (self->doc, "consent");
  GtkWidget *group = add_group (self->parties_box, _("Consent to the Use of Personal Data"), NULL);
  GtkWidget *row;

  if (tj_json_get_bool (consent, "given", FALSE))
    {
      g_autofree char *on = tj_ui_format_date (tj_json_get_string (consent, "on", NULL));
      g_autofree char *subtitle = NULL;
      const char *by = tj_json_get_string (consent, "recorded_by", NULL);

      /* Translators: "2026年11月22日, recorded by 调解员甲" */
      subtitle = by ? g_strdup_printf (_("%s, recorded by %s"), on, by) : g_strdup (on);
      row = add_row (group, _("The worker agreed"), subtitle);
      gtk_widget_set_name (row, "consent-given");
      gtk_widget_set_tooltip_text (row, tj_json_get_string (consent, "wording", NULL));
      return;
    }
  row = add_row (group, _("No consent recorded"),
                 _("Tell the worker how their data is used and record that they agreed (PIPL §29)."));
  gtk_widget_set_name (row, "consent-missing");
  gtk_widget_add_css_class (row, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("dialog-warning-symbolic"));
  {
    GtkWidget *button = gtk_button_new_with_mnemonic (_("_Record Consent…"));
    gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
    g_signal_connect_swapped (button, "clicked", G_CALLBACK (record_consent_cb), self);
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  }
}

typedef struct {
  TjCasePage *self;
  char       *key;
} RevealMoment;

static void fill_parties (TjCasePage *self);

/* The moment is over: masked again, also in a table built since. */
static gboolean
reveal_over_cb (gpointer data)
{
  RevealMoment *m = data;

  if (m->self->revealed && g_hash_table_remove (m->self->revealed, m->key) && m->self->doc)
    fill_parties (m->self);
  return G_SOURCE_REMOVE;
}

static void
reveal_moment_free (RevealMoment *m)
{
  g_object_unref (m->self);
  g_free (m->key);
  g_free (m);
}

static void
revealed_cb (const char *party_id,
             const char *field,
             const char *value,
             gpointer    user_data)
{
  TjCasePage *self = user_data;
  RevealMoment *m = g_new0 (RevealMoment, 1);

  m->self = g_object_ref (self);
  m->key = g_strdup_printf ("%s/%s", party_id, field);
  g_hash_table_replace (self->revealed, g_strdup (m->key), g_strdup (value));
  g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, TJ_REVEAL_SECONDS, reveal_over_cb, m,
                              (GDestroyNotify) reveal_moment_free);
}

static void
reveal_clicked_cb (GtkButton  *button,
                   TjCasePage *self)
{
  tj_reveal_dialog_present (GTK_WIDGET (self), self->application,
                            g_object_get_data (G_OBJECT (button), "party-id"),
                            g_object_get_data (G_OBJECT (button), "field"),
                            g_object_get_data (G_OBJECT (button), "label"), GTK_WIDGET (button),
                            revealed_cb, self);
}

/* A worker's personal number, masked, with a button that asks why and
 * shows it for a moment. */
static GtkWidget *
masked_cell (TjCasePage *self,
             JsonObject *worker,
             const char *field)
{
  const char *value = tj_json_get_string (worker, field, NULL);
  g_autofree char *masked = value && *value ? tj_reveal_mask (field, value) : NULL;
  g_autofree char *key = g_strdup_printf ("%s/%s", tj_json_get_string (worker, "id", ""), field);
  const char *shown = g_hash_table_lookup (self->revealed, key);
  GtkWidget *box, *label, *button;

  if (masked == NULL)
    return cell (NULL, FALSE);
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  label = cell (shown ? shown : masked, FALSE);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_set_name (label, field);
  button = gtk_button_new_from_icon_name ("view-reveal-symbolic");
  gtk_widget_set_tooltip_text (button, _("Show the full number"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  g_object_set_data_full (G_OBJECT (button), "party-id", g_strdup (tj_json_get_string (worker, "id", "")), g_free);
  g_object_set_data (G_OBJECT (button), "field", (gpointer) g_intern_string (field));
  g_object_set_data (G_OBJECT (button), "label", label);
  g_signal_connect (button, "clicked", G_CALLBACK (reveal_clicked_cb), self);
  gtk_widget_set_visible (button, shown == NULL);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);
  return box;
}

static void
fill_workers (TjCasePage *self,
              GtkWidget  *group,
              JsonArray  *workers)
{
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  const char *headers[] = {
    _("Name"), _("ID number"), _("Phone"), _("Job"), _("Started work"),
    _("Monthly wage"), _("Amount owed"),
  };

  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 6);
  gtk_widget_set_margin_top (grid, 8);
  gtk_widget_set_margin_bottom (grid, 8);
  gtk_widget_add_css_class (grid, "workers-table");

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    {
      GtkWidget *h = cell (headers[c], c >= 5);
      gtk_widget_add_css_class (h, "heading");
      gtk_grid_attach (GTK_GRID (grid), h, c, 0, 1, 1);
    }
  for (guint i = 0; i < json_array_get_length (workers); i++)
    {
      JsonObject *w = json_array_get_object_element (workers, i);
      g_autofree char *started = tj_ui_format_date (tj_json_get_string (w, "start_date", NULL));
      g_autofree char *wage = json_object_has_member (w, "monthly_wage_fen")
                              ? tj_money_format (tj_json_get_int (w, "monthly_wage_fen", 0)) : NULL;
      g_autofree char *owed = json_object_has_member (w, "owed_fen")
                              ? tj_money_format (tj_json_get_int (w, "owed_fen", 0)) : NULL;
      guint r = i + 1;

      gtk_grid_attach (GTK_GRID (grid), cell (tj_json_get_string (w, "name", ""), FALSE), 0, r, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), masked_cell (self, w, "id_number"), 1, r, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), masked_cell (self, w, "phone"), 2, r, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (tj_json_get_string (w, "job", NULL), FALSE), 3, r, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (started, FALSE), 4, r, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (wage, TRUE), 5, r, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), cell (owed, TRUE), 6, r, 1, 1);
      {
        GtkWidget *edit = party_button (self, "document-edit-symbolic", _("Edit Worker"), "worker", w);
        GtkWidget *delete = gtk_button_new_from_icon_name ("edit-delete-symbolic");

        /* The spare width goes before the buttons, which line up on the right. */
        gtk_widget_set_hexpand (edit, TRUE);
        gtk_widget_set_halign (edit, GTK_ALIGN_END);
        gtk_grid_attach (GTK_GRID (grid), edit, 7, r, 1, 1);
        gtk_widget_set_tooltip_text (delete, _("Delete Worker…"));
        gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (delete, "flat");
        gtk_actionable_set_action_target (GTK_ACTIONABLE (delete), "s", tj_json_get_string (w, "id", ""));
        gtk_actionable_set_action_name (GTK_ACTIONABLE (delete), "case.delete-party");
        gtk_grid_attach (GTK_GRID (grid), delete, 8, r, 1, 1);
      }
    }
  /* Seven columns are wider than a phone: the table scrolls sideways
   * rather than widen the window. */
  {
    GtkWidget *scroller = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
    gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
    gtk_frame_set_child (GTK_FRAME (frame), scroller);
  }
  gtk_widget_add_css_class (frame, "view");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);
}

static void
fill_parties (TjCasePage *self)
{
  JsonObject *doc = self->doc;
  JsonArray *workers = tj_json_get_array (doc, "workers");
  JsonObject *employer = tj_json_get_object (doc, "employer");
  JsonArray *chain = tj_json_get_array (doc, "chain");
  JsonArray *agents = tj_json_get_array (doc, "agents");
  g_autofree char *count = NULL;
  GtkWidget *group;
  GtkWidget *button;

  clear_box (self->parties_box);
  fill_consent (self);

  count = g_strdup_printf (ngettext ("%u worker", "%u workers", workers ? json_array_get_length (workers) : 0),
                           workers ? json_array_get_length (workers) : 0);
  group = add_group (self->parties_box, _("Worker List"), count);
  button = header_button (group, "list-add-symbolic", _("Add Worker"));
  g_object_set_data_full (G_OBJECT (button), "role", g_strdup ("worker"), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (edit_party_clicked_cb), self);
  if (workers && json_array_get_length (workers) > 0)
    fill_workers (self, group, workers);

  group = add_group (self->parties_box, _("Employer"), NULL);
  if (employer)
    {
      GtkWidget *row = add_row (group, tj_json_get_string (employer, "name", ""), NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 party_button (self, "document-edit-symbolic", _("Edit Employer"), "employer", employer));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), party_menu_button (self, employer, "employer"));
      add_value_row (group, _("Unified social credit code"), tj_json_get_string (employer, "credit_code", NULL));
      add_value_row (group, _("Legal representative"), tj_json_get_string (employer, "representative", NULL));
      add_value_row (group, _("Phone"), tj_json_get_string (employer, "phone", NULL));
      add_value_row (group, _("Address"), tj_json_get_string (employer, "address", NULL));
      add_value_row (group, _("Contact person"), tj_json_get_string (employer, "contact", NULL));
    }
  else
    {
      button = header_button (group, "list-add-symbolic", _("Add Employer"));
      g_object_set_data_full (G_OBJECT (button), "role", g_strdup ("employer"), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (edit_party_clicked_cb), self);
    }

  group = add_group (self->parties_box, _("Contractor Chain"),
                     _("For construction projects: who passed the work to whom, from the project owner down."));
  gtk_widget_set_name (group, "chain");
  {
    GMenu *menu = g_menu_new ();
    GtkWidget *add = gtk_menu_button_new ();
    GtkWidget *content = adw_button_content_new ();

    for (guint r = 0; chain_roles[r]; r++)
      {
        g_autoptr(GMenuItem) item = g_menu_item_new (tj_party_role_label (chain_roles[r]), NULL);
        g_menu_item_set_action_and_target_value (item, "case-page.add-link", g_variant_new_string (chain_roles[r]));
        g_menu_append_item (menu, item);
      }
    adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
    adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Add"));
    gtk_menu_button_set_child (GTK_MENU_BUTTON (add), content);
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (add), G_MENU_MODEL (menu));
    gtk_widget_add_css_class (add, "flat");
    gtk_widget_set_name (add, "chain-add");
    adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);
    g_object_unref (menu);
  }
  /* In its legal order (tj_case_show()), numbered down from the owner. */
  for (guint i = 0; chain && i < json_array_get_length (chain); i++)
    {
      JsonObject *c = json_array_get_object_element (chain, i);
      const char *role = tj_json_get_string (c, "role", NULL);
      g_autofree char *label = link_label (c);
      g_autoptr(GString) subtitle = g_string_new (label);
      g_autofree char *position = g_strdup_printf ("%u", i + 1);
      GtkWidget *row, *number, *remove;

      if (tj_json_get_string (c, "relation", NULL))
        g_string_append_printf (subtitle, " · %s", tj_chain_relation_label (tj_json_get_string (c, "relation", NULL)));
      if (json_object_has_member (c, "qualified") && !tj_json_get_bool (c, "qualified", TRUE) &&
          g_strcmp0 (role, "team_leader") != 0)
        g_string_append_printf (subtitle, " · %s", _("without the qualification"));
      if (tj_json_get_bool (c, "name_lent", FALSE))
        g_string_append_printf (subtitle, " · %s", _("lent its name"));
      if (tj_json_get_int (c, "unpaid_price_fen", 0) > 0)
        {
          g_autofree char *money = tj_money_format (tj_json_get_int (c, "unpaid_price_fen", 0));
          g_string_append (subtitle, " · ");
          g_string_append_printf (subtitle, _("%s of the price unpaid"), money);
        }
      if (tj_json_get_bool (c, "illegal_project", FALSE))
        g_string_append_printf (subtitle, " · %s", _("illegal project"));
      if (tj_json_get_string (c, "credit_code", NULL))
        g_string_append_printf (subtitle, " · %s", tj_json_get_string (c, "credit_code", NULL));
      if (tj_json_get_string (c, "phone", NULL))
        g_string_append_printf (subtitle, " · %s", tj_json_get_string (c, "phone", NULL));
      row = add_row (group, tj_json_get_string (c, "name", ""), subtitle->str);
      gtk_widget_set_name (row, position);
      number = gtk_label_new (position);
      gtk_widget_add_css_class (number, "dim-label");
      gtk_widget_add_css_class (number, "numeric");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), number);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 party_button (self, "document-edit-symbolic", _("Edit"), role, c));
      remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_tooltip_text (remove, _("Remove from the Chain"));
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "case-page.remove-link");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", tj_json_get_string (c, "id", ""));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
    }

  group = add_group (self->parties_box, _("Agents and Representatives"), NULL);
  button = header_button (group, "list-add-symbolic", _("Add Agent"));
  g_object_set_data_full (G_OBJECT (button), "role", g_strdup ("agent"), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (edit_party_clicked_cb), self);
  for (guint i = 0; agents && i < json_array_get_length (agents); i++)
    {
      JsonObject *a = json_array_get_object_element (agents, i);
      const char *role = tj_json_get_string (a, "role", "agent");
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", tj_party_role_label (role),
                                                   tj_json_get_string (a, "phone", "—"));
      GtkWidget *row = add_row (group, tj_json_get_string (a, "name", ""), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 party_button (self, "document-edit-symbolic", _("Edit"), role, a));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), party_menu_button (self, a, role));
    }
}

/* ------------------------------------------------------------------ */
/* Claims                                                               */

static gboolean
save_claim (TjFormDialog  *dialog,
            JsonObject    *values,
            gpointer       user_data,
            GError       **error)
{
  TjCasePage *self = user_data;
  TjCaseContext ctx;
  g_autofree char *id = NULL;

  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  drop_nulls (values);
  id = tj_case_add_claim (tj_application_get_store (self->application), &ctx, self->case_id, values, error);
  if (id == NULL)
    return FALSE;
  return TRUE;
}

static void
add_claim_cb (TjCasePage *self)
{
  TjFormDialog *dialog = tj_form_dialog_new (parent_window (self), _("Add Claim"), _("Add"));

  tj_form_dialog_add_choice (dialog, "kind", _("Kind"), kind_ids, kind_labels (), NULL);
  tj_form_dialog_add_money (dialog, "amount_fen", _("Amount"), NULL);
  tj_form_dialog_add_text (dialog, "description", _("Description"), NULL);
  tj_form_dialog_set_save_func (dialog, save_claim, g_object_ref (self), g_object_unref);
  gtk_window_present (GTK_WINDOW (dialog));
}

static JsonObject *
find_claim (TjCasePage *self,
            const char *id)
{
  JsonArray *claims = tj_json_get_array (self->doc, "claims");

  for (guint i = 0; claims && i < json_array_get_length (claims); i++)
    {
      JsonObject *c = json_array_get_object_element (claims, i);
      if (g_strcmp0 (tj_json_get_string (c, "id", NULL), id) == 0)
        return c;
    }
  return NULL;
}

typedef struct {
  TjCasePage *page;
  char       *claim_id;
  JsonObject *claim;
} ClaimEdit;

static void
claim_edit_free (ClaimEdit *edit)
{
  g_object_unref (edit->page);
  g_free (edit->claim_id);
  json_object_unref (edit->claim);
  g_free (edit);
}

static gboolean
save_claim_edit (TjFormDialog  *dialog,
                 JsonObject    *values,
                 gpointer       user_data,
                 GError       **error)
{
  ClaimEdit *edit = user_data;
  TjCasePage *self = edit->page;
  g_autoptr(JsonObject) patch = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (values);
  TjCaseContext ctx;

  /* Only what changed, so that the timeline names those fields. */
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *now = json_object_get_member (values, l->data);
      JsonNode *was = json_object_get_member (edit->claim, l->data);

      if (JSON_NODE_HOLDS_NULL (now) ? was != NULL : (was == NULL || !json_node_equal (now, was)))
        json_object_set_member (patch, l->data, json_node_copy (now));
    }
  if (json_object_get_size (patch) == 0)
    return TRUE;
  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  return tj_case_update_claim (tj_application_get_store (self->application), &ctx, edit->claim_id, patch, error);
}

static void
edit_claim_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TjCasePage *self = TJ_CASE_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  JsonObject *claim = find_claim (self, id);
  TjFormDialog *dialog;
  ClaimEdit *edit;

  if (claim == NULL)
    return;
  dialog = tj_form_dialog_new (parent_window (self), _("Edit Claim"), NULL);
  tj_form_dialog_add_choice (dialog, "kind", _("Kind"), kind_ids, kind_labels (), tj_json_get_string (claim, "kind", NULL));
  tj_form_dialog_add_money (dialog, "amount_fen", _("Amount"), claim);
  tj_form_dialog_add_text (dialog, "description", _("Description"), tj_json_get_string (claim, "description", NULL));
  edit = g_new0 (ClaimEdit, 1);
  edit->page = g_object_ref (self);
  edit->claim_id = g_strdup (id);
  edit->claim = json_object_ref (claim);
  tj_form_dialog_set_save_func (dialog, save_claim_edit, edit, (GDestroyNotify) claim_edit_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_claim_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          TjCasePage       *self)
{
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  if (!tj_case_delete_claim (tj_application_get_store (self->application), &ctx,
                             g_object_get_data (G_OBJECT (dialog), "claim-id"), &error))
    refused (self, _("The Claim Was Not Deleted"), error->message);
}

static void
delete_claim_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TjCasePage *self = TJ_CASE_PAGE (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  JsonObject *claim = find_claim (self, id);
  g_autofree char *amount = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (claim == NULL)
    return;
  amount = tj_money_format (tj_json_get_int (claim, "amount_fen", 0));
  /* Translators: "Delete the claim Overtime pay ¥4,000.00?" */
  heading = g_strdup_printf (_("Delete the claim %s %s?"),
                             tj_case_kind_label (tj_json_get_string (claim, "kind", NULL)), amount);
  dialog = adw_message_dialog_new (parent_window (self), heading,
                                   _("The timeline records who deleted it and what it was."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "claim-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_claim_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
action_button (const char *icon_name,
               const char *tooltip,
               const char *action,
               const char *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static void
fill_claims (TjCasePage *self)
{
  JsonArray *claims = tj_json_get_array (self->doc, "claims");
  JsonObject *totals = tj_json_get_object (self->doc, "totals");
  g_autofree char *total = tj_money_format (tj_json_get_int (totals, "claimed_fen", 0));
  g_autofree char *description = g_strdup_printf (_("Total claimed: %s"), total);
  GtkWidget *group;
  GtkWidget *button;

  clear_box (self->claims_box);
  group = add_group (self->claims_box, _("Claims"), description);
  button = header_button (group, "list-add-symbolic", _("Add Claim"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_claim_cb), self);

  if (claims == NULL || json_array_get_length (claims) == 0)
    add_row (group, _("No claims yet"), _("Add what the workers ask for, with amounts."));
  for (guint i = 0; claims && i < json_array_get_length (claims); i++)
    {
      JsonObject *c = json_array_get_object_element (claims, i);
      g_autofree char *amount = tj_money_format (tj_json_get_int (c, "amount_fen", 0));
      GtkWidget *row = add_row (group, tj_case_kind_label (tj_json_get_string (c, "kind", NULL)),
                                tj_json_get_string (c, "description", NULL));
      GtkWidget *label = gtk_label_new (amount);

      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 action_button ("document-edit-symbolic", _("Edit Claim"), "case.edit-claim",
                                                tj_json_get_string (c, "id", "")));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 action_button ("edit-delete-symbolic", _("Delete Claim…"), "case.delete-claim",
                                                tj_json_get_string (c, "id", "")));
    }
}

/* ------------------------------------------------------------------ */
/* Evidence                                                             */

static void
launch_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(TjCasePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not open the file: %s"), error->message);
      toast (self, text);
    }
}

static void
show_picture (TjCasePage *self,
              const char *filename,
              GBytes     *data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (data, &error);
  GtkWidget *window, *box, *header, *picture;

  if (texture == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not show the picture: %s"), error->message);
      toast (self, text);
      return;
    }
  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), filename);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent_window (self));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  gtk_widget_set_vexpand (picture, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), picture);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

static void
open_evidence (TjCasePage *self,
               const char *evidence_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *filename = NULL;
  g_autofree char *content_type = NULL;
  g_autoptr(GBytes) data = tj_case_get_evidence (tj_application_get_store (self->application),
                                                 evidence_id, &filename, &content_type, &error);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autofree char *uri = NULL;

  if (data == NULL)
    {
      toast (self, error->message);
      return;
    }
  if (content_type && g_str_has_prefix (content_type, "image/"))
    {
      show_picture (self, filename, data);
      return;
    }

  /* Other files go to the default application through a private copy. */
  dir = g_dir_make_tmp ("tiaojie-evidence-XXXXXX", &error);
  if (dir == NULL)
    {
      toast (self, error->message);
      return;
    }
  base = g_path_get_basename (filename ? filename : evidence_id);
  path = g_build_filename (dir, base, NULL);
  /* Evidence is personal: the copy is readable by the user alone. */
  if (!g_file_set_contents_full (path, g_bytes_get_data (data, NULL), g_bytes_get_size (data),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      toast (self, error->message);
      return;
    }
  uri = g_filename_to_uri (path, NULL, NULL);
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, launch_cb, g_object_ref (self));
}

static void
evidence_activated_cb (AdwActionRow *row,
                       TjCasePage   *self)
{
  open_evidence (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     TjCasePage      *self)
{
  g_autoptr(GListModel) files = NULL;
  guint added = 0;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
  for (guint i = 0; i < g_list_model_get_n_items (files); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GFileInfo) info = NULL;
      g_autoptr(GBytes) data = NULL;
      g_autofree char *id = NULL;
      g_autofree char *name = g_file_get_basename (file);
      TjCaseContext ctx;

      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE, 0, NULL, &error);
      if (info != NULL)
        data = g_file_load_bytes (file, NULL, NULL, &error);
      if (data != NULL)
        {
          const char *type = g_file_info_get_content_type (info);
          g_autofree char *mime = type ? g_content_type_get_mime_type (type) : NULL;

          tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
          id = tj_case_add_evidence (tj_application_get_store (self->application), &ctx, self->case_id,
                                     name, mime ? mime : "application/octet-stream", data, NULL, &error);
        }
      if (id == NULL)
        {
          g_autofree char *text = g_strdup_printf (_("%s was not added: %s"), name, error->message);
          toast (self, text);
          continue;
        }
      added++;
    }

out:
  g_clear_object (&self->chooser);
}

static void
add_evidence_cb (TjCasePage *self)
{
  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Add Evidence"), parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
fill_evidence (TjCasePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) list = tj_case_list_evidence (tj_application_get_store (self->application),
                                                     self->case_id, &error);
  GtkWidget *group;
  GtkWidget *button;

  clear_box (self->evidence_box);
  group = add_group (self->evidence_box, _("Evidence"),
                     _("Contracts, pay slips, attendance records, chat screenshots: kept with the case and synced with it."));
  button = header_button (group, "list-add-symbolic", _("Add Files…"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_evidence_cb), self);

  if (list == NULL)
    {
      add_row (group, _("The evidence could not be listed"), error->message);
      return;
    }
  if (json_array_get_length (list) == 0)
    add_row (group, _("No evidence yet"), _("Add photos, scans or PDFs; pictures are shown here, other files open in their application."));
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *e = json_array_get_object_element (list, i);
      g_autofree char *size = g_format_size ((guint64) tj_json_get_int (e, "length", 0));
      g_autofree char *when = tj_ui_format_timestamp (tj_json_get_string (e, "added_at", NULL));
      g_autofree char *subtitle = NULL;
      const char *description = tj_json_get_string (e, "description", NULL);
      const char *type = tj_json_get_string (e, "content_type", "");
      GtkWidget *row;

      subtitle = description && *description
                 ? g_strdup_printf ("%s · %s · %s", size, when, description)
                 : g_strdup_printf ("%s · %s", size, when);
      row = add_row (group, tj_json_get_string (e, "filename", ""), subtitle);
      gtk_widget_set_name (row, tj_json_get_string (e, "id", ""));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name (g_str_has_prefix (type, "image/")
                                                               ? "image-x-generic-symbolic"
                                                               : "text-x-generic-symbolic"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_tooltip_text (row, g_str_has_prefix (type, "image/") ? _("Show the picture")
                                                                          : _("Open with the default application"));
      g_signal_connect (row, "activated", G_CALLBACK (evidence_activated_cb), self);
    }
}

/* ------------------------------------------------------------------ */
/* Timeline                                                             */

static gboolean
save_note (TjFormDialog  *dialog,
           JsonObject    *values,
           gpointer       user_data,
           GError       **error)
{
  TjCasePage *self = user_data;
  const char *text = tj_json_get_string (values, "text", NULL);
  TjCaseContext ctx;

  if (text == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("text: write the note first"));
      return FALSE;
    }
  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  if (!tj_case_add_event (tj_application_get_store (self->application), &ctx, self->case_id,
                          "note", text, NULL, error))
    return FALSE;
  return TRUE;
}

static void
add_note_cb (TjCasePage *self)
{
  TjFormDialog *dialog = tj_form_dialog_new (parent_window (self), _("Add to the Timeline"), _("Add"));

  tj_form_dialog_add_long_text (dialog, "text", _("What happened"), NULL);
  tj_form_dialog_set_save_func (dialog, save_note, g_object_ref (self), g_object_unref);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fill_timeline (TjCasePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) events = tj_case_timeline_full (tj_application_get_store (self->application),
                                                       self->case_id, &error);
  GtkWidget *group;
  GtkWidget *button;

  clear_box (self->timeline_box);
  group = add_group (self->timeline_box, _("Timeline"),
                     _("Everything that happened to the case, newest first. Entries are never changed or removed."));
  button = header_button (group, "list-add-symbolic", _("Add Note"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_note_cb), self);

  if (events == NULL)
    {
      add_row (group, _("The timeline could not be read"), error->message);
      return;
    }
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      g_autofree char *when = tj_ui_format_timestamp (tj_json_get_string (e, "at", NULL));
      g_autoptr(GString) subtitle = g_string_new (when);
      const char *actor = tj_json_get_string (e, "actor", NULL);
      const char *reason = tj_json_get_string (e, "reason", NULL);
      const char *kind;
      g_autofree char *text = NULL;
      GtkWidget *row;

      if (actor && *actor)
        g_string_append_printf (subtitle, " · %s", actor);
      if (reason && *reason)
        {
          g_string_append (subtitle, " · ");
          g_string_append_printf (subtitle, _("Reason: %s"), reason);
        }
      /* Events keep the text in the language of whoever wrote them; the
       * common ones are shown again in the reader's language. */
      kind = tj_json_get_string (e, "kind", "event");
      if (g_str_equal (kind, "status") && tj_json_get_string (e, "from_status", NULL) &&
          tj_json_get_string (e, "to_status", NULL))
        text = g_strdup_printf (_("Status: %s → %s"),
                                tj_case_status_label (tj_json_get_string (e, "from_status", NULL)),
                                tj_case_status_label (tj_json_get_string (e, "to_status", NULL)));
      else if (g_str_equal (kind, "created"))
        text = g_strdup_printf (_("Case taken in from %s"),
                                tj_case_source_label (tj_json_get_string (self->doc, "source", NULL)));
      else if (tj_json_get_array (e, "fields") && (g_str_equal (kind, "edited") || g_str_equal (kind, "party_edited")))
        {
          JsonArray *fields = tj_json_get_array (e, "fields");
          g_autoptr(GPtrArray) names = g_ptr_array_new ();
          g_autofree char *labels = NULL;

          for (guint k = 0; k < json_array_get_length (fields); k++)
            g_ptr_array_add (names, (gpointer) json_array_get_string_element (fields, k));
          g_ptr_array_add (names, NULL);
          labels = tj_field_labels_join ((const char * const *) names->pdata);
          text = g_str_equal (kind, "edited")
                 ? g_strdup_printf (_("Case details changed: %s"), labels)
                 : g_strdup_printf (_("Party details changed: %s (%s)"), tj_json_get_string (e, "name", ""), labels);
        }
      else if (g_str_equal (kind, "party_role") && tj_json_get_string (e, "to_role", NULL))
        text = g_strdup_printf (_("Role changed: %s, %s → %s"), tj_json_get_string (e, "name", ""),
                                tj_party_role_label (tj_json_get_string (e, "from_role", NULL)),
                                tj_party_role_label (tj_json_get_string (e, "to_role", NULL)));
      else if (g_str_equal (kind, "party_deleted") && tj_json_get_string (e, "name", NULL))
        text = g_strdup_printf (_("Party deleted: %s (%s)"), tj_json_get_string (e, "name", ""),
                                tj_party_role_label (tj_json_get_string (e, "role", NULL)));
      else
        text = g_strdup (tj_json_get_string (e, "text", ""));
      row = add_row (group, text, subtitle->str);
      gtk_widget_set_name (row, kind);
      /* The centre's edits of a station's case are the centre's on every
       * timeline that shows them (tj_case_add_event()). */
      if (tj_json_get_bool (e, "by_centre", FALSE))
        {
          GtkWidget *badge = gtk_label_new (_("Centre"));

          gtk_widget_add_css_class (badge, "tj-badge");
          gtk_widget_add_css_class (badge, "accent");
          gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (badge, _("Written at the centre (12351 hotline or district union)"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
        }
      /* The access log's entries stand out: someone saw or took out
       * personal data. */
      if (g_str_equal (kind, "audit"))
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("security-medium-symbolic"));
    }
}

/* ------------------------------------------------------------------ */
/* Header actions                                                       */

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
  dialog = tj_status_dialog_new (parent_window (self), self->application, self->case_id,
                                 tj_json_get_string (self->doc, "status", NULL));
  if (dialog)
    gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
save_details (TjFormDialog  *dialog,
              JsonObject    *values,
              gpointer       user_data,
              GError       **error)
{
  TjCasePage *self = user_data;
  g_autoptr(JsonObject) patch = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (values);
  TjCaseContext ctx;

  /* Send only what changed, so that the timeline names those fields. */
  for (GList *l = members; l; l = l->next)
    {
      JsonNode *now = json_object_get_member (values, l->data);
      JsonNode *was = json_object_get_member (self->doc, l->data);
      gboolean same;

      if (JSON_NODE_HOLDS_NULL (now))
        same = was == NULL || JSON_NODE_HOLDS_NULL (was);
      else if (json_node_get_value_type (now) == G_TYPE_BOOLEAN)
        same = json_node_get_boolean (now) == (was && JSON_NODE_HOLDS_VALUE (was) && json_node_get_boolean (was));
      else
        same = was != NULL && json_node_equal (now, was);
      if (!same)
        json_object_set_member (patch, l->data, json_node_copy (now));
    }
  if (json_object_get_size (patch) == 0)
    return TRUE;

  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  if (!tj_case_update (tj_application_get_store (self->application), &ctx, self->case_id, patch, error))
    return FALSE;
  return TRUE;
}

static void
edit_details_cb (TjCasePage *self)
{
  JsonObject *doc = self->doc;
  TjFormDialog *dialog;

  if (doc == NULL)
    return;
  dialog = tj_form_dialog_new (parent_window (self), _("Edit Case Details"), NULL);
  tj_form_dialog_add_text (dialog, "title", _("Title"), tj_json_get_string (doc, "title", NULL));
  tj_form_dialog_add_choice (dialog, "kind", _("Kind"), kind_ids, kind_labels (), tj_json_get_string (doc, "kind", NULL));
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
  tj_form_dialog_set_save_func (dialog, save_details, g_object_ref (self), g_object_unref);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ------------------------------------------------------------------ */

void
tj_case_page_reload (TjCasePage *self)
{
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;
  JsonObject *doc;
  JsonArray *flags;
  const char *status;

  g_return_if_fail (TJ_IS_CASE_PAGE (self));

  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  doc = tj_case_show (tj_application_get_store (self->application), &ctx, self->case_id, &error);
  if (doc == NULL)
    {
      toast (self, error->message);
      return;
    }
  g_clear_pointer (&self->doc, json_object_unref);
  self->doc = doc;

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

  fill_overview (self);
  fill_parties (self);
  fill_claims (self);
  fill_evidence (self);
  fill_timeline (self);
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
  g_clear_pointer (&self->doc, json_object_unref);
  g_clear_pointer (&self->revealed, g_hash_table_unref);

  G_OBJECT_CLASS (tj_case_page_parent_class)->dispose (object);
}

static void
add_link_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  edit_party (TJ_CASE_PAGE (widget), g_variant_get_string (parameter, NULL), NULL);
}

typedef struct {
  TjCasePage *page;
  char       *link_id;
} RemoveLink;

static void
remove_link_free (RemoveLink *r)
{
  g_object_unref (r->page);
  g_free (r->link_id);
  g_free (r);
}

static void
remove_link_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         RemoveLink       *r)
{
  TjCasePage *self = r->page;
  JsonArray *chain = tj_json_get_array (self->doc, "chain");
  g_autoptr(JsonArray) rest = json_array_new ();
  g_autoptr(GError) error = NULL;
  TjCaseContext ctx;

  if (g_strcmp0 (response, "remove") == 0)
    {
      /* The chain without the link, checked as a whole: removing the
       * owner of an illegal project is refused, with the reason. */
      for (guint i = 0; chain && i < json_array_get_length (chain); i++)
        {
          JsonObject *c = json_array_get_object_element (chain, i);
          if (g_strcmp0 (tj_json_get_string (c, "id", NULL), r->link_id) != 0)
            json_array_add_object_element (rest, json_object_ref (c));
        }
      tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
      /* The repository's change signal reloads the page. */
      if (!tj_case_set_chain (tj_application_get_store (self->application), &ctx, self->case_id, rest, &error))
        {
          g_autofree char *text = page_message (NULL, error->message);
          toast (self, text);
        }
    }
  remove_link_free (r);
}

static void
remove_link_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TjCasePage *self = TJ_CASE_PAGE (widget);
  JsonArray *chain = tj_json_get_array (self->doc, "chain");
  const char *id = g_variant_get_string (parameter, NULL);
  const char *name = NULL;
  RemoveLink *r;
  GtkWidget *dialog;

  for (guint i = 0; chain && i < json_array_get_length (chain); i++)
    if (g_strcmp0 (tj_json_get_string (json_array_get_object_element (chain, i), "id", NULL), id) == 0)
      name = tj_json_get_string (json_array_get_object_element (chain, i), "name", "");
  if (name == NULL)
    return;
  dialog = adw_message_dialog_new (parent_window (self), _("Remove from the Contractor Chain?"), NULL);
  /* Translators: %s is the name of a company or person in the contractor chain. */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s leaves the chain, and who pays is worked out again without it."), name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  r = g_new0 (RemoveLink, 1);
  r->page = g_object_ref (self);
  r->link_id = g_strdup (id);
  g_signal_connect (dialog, "response", G_CALLBACK (remove_link_response_cb), r);
  gtk_window_present (GTK_WINDOW (dialog));
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
  gtk_widget_class_install_action (widget_class, "case.delete-party", "s", delete_party_action);
  gtk_widget_class_install_action (widget_class, "case.change-role", "s", change_role_action);
  gtk_widget_class_install_action (widget_class, "case.edit-claim", "s", edit_claim_action);
  gtk_widget_class_install_action (widget_class, "case.delete-claim", "s", delete_claim_action);
  gtk_widget_class_install_action (widget_class, "case-page.add-link", "s", add_link_activated);
  gtk_widget_class_install_action (widget_class, "case-page.remove-link", "s", remove_link_activated);

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
  /* The papers of the case (issue 6): generated, previewed, printed, signed. */
  if (tj_application_get_store (application))
    {
      AdwViewStackPage *papers;
      papers = adw_view_stack_add_titled (self->view_stack,
                                          tj_papers_view_new (tj_application_get_store (application), case_id),
                                          "documents", _("Documents"));
      adw_view_stack_page_set_icon_name (papers, "x-office-document-symbolic");
    }
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
