/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case page's Parties tab: the worker's consent, the workers' table
 * with ID numbers and phones masked (each shown for a moment, with a
 * reason, through tj-reveal-dialog), the employer, agents and the
 * contractor chain. The editing is in tj-case-page-party-editor.c. */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tj-case-page-private.h"

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
      _tj_case_page_toast (self, error->message);
      return;
    }
  _tj_case_page_toast (self, _("The worker’s consent is recorded"));
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
  dialog = adw_message_dialog_new (_tj_case_page_parent_window (self), _("Read This to the Worker"), wording);
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
  GtkWidget *group = _tj_case_page_add_group (self->parties_box, _("Consent to the Use of Personal Data"), NULL);
  GtkWidget *row;

  if (tj_json_get_bool (consent, "given", FALSE))
    {
      g_autofree char *on = tj_ui_format_date (tj_json_get_string (consent, "on", NULL));
      g_autofree char *subtitle = NULL;
      const char *by = tj_json_get_string (consent, "recorded_by", NULL);

      /* Translators: "2026年11月22日, recorded by 调解员甲" */
      subtitle = by ? g_strdup_printf (_("%s, recorded by %s"), on, by) : g_strdup (on);
      row = _tj_case_page_add_row (group, _("The worker agreed"), subtitle);
      gtk_widget_set_name (row, "consent-given");
      gtk_widget_set_tooltip_text (row, tj_json_get_string (consent, "wording", NULL));
      return;
    }
  row = _tj_case_page_add_row (group, _("No consent recorded"),
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

/* The moment is over: masked again, also in a table built since. */
static gboolean
reveal_over_cb (gpointer data)
{
  RevealMoment *m = data;

  if (m->self->revealed && g_hash_table_remove (m->self->revealed, m->key) && m->self->doc)
    _tj_case_page_fill_parties (m->self);
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
        GtkWidget *edit = _tj_case_page_party_button (self, "document-edit-symbolic", _("Edit Worker"), "worker", w);
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

void
_tj_case_page_fill_parties (TjCasePage *self)
{
  JsonObject *doc = self->doc;
  JsonArray *workers = tj_json_get_array (doc, "workers");
  JsonObject *employer = tj_json_get_object (doc, "employer");
  JsonArray *chain = tj_json_get_array (doc, "chain");
  JsonArray *agents = tj_json_get_array (doc, "agents");
  g_autofree char *count = NULL;
  GtkWidget *group;
  GtkWidget *button;

  _tj_case_page_clear_box (self->parties_box);
  fill_consent (self);

  count = g_strdup_printf (ngettext ("%u worker", "%u workers", workers ? json_array_get_length (workers) : 0),
                           workers ? json_array_get_length (workers) : 0);
  group = _tj_case_page_add_group (self->parties_box, _("Worker List"), count);
  button = _tj_case_page_header_button (group, "list-add-symbolic", _("Add Worker"));
  g_object_set_data_full (G_OBJECT (button), "role", g_strdup ("worker"), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (_tj_case_page_edit_party_clicked_cb), self);
  if (workers && json_array_get_length (workers) > 0)
    fill_workers (self, group, workers);

  group = _tj_case_page_add_group (self->parties_box, _("Employer"), NULL);
  if (employer)
    {
      GtkWidget *row = _tj_case_page_add_row (group, tj_json_get_string (employer, "name", ""), NULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 _tj_case_page_party_button (self, "document-edit-symbolic", _("Edit Employer"), "employer", employer));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), _tj_case_page_party_menu_button (self, employer, "employer"));
      _tj_case_page_add_value_row (group, _("Unified social credit code"), tj_json_get_string (employer, "credit_code", NULL));
      _tj_case_page_add_value_row (group, _("Legal representative"), tj_json_get_string (employer, "representative", NULL));
      _tj_case_page_add_value_row (group, _("Phone"), tj_json_get_string (employer, "phone", NULL));
      _tj_case_page_add_value_row (group, _("Address"), tj_json_get_string (employer, "address", NULL));
      _tj_case_page_add_value_row (group, _("Contact person"), tj_json_get_string (employer, "contact", NULL));
    }
  else
    {
      button = _tj_case_page_header_button (group, "list-add-symbolic", _("Add Employer"));
      g_object_set_data_full (G_OBJECT (button), "role", g_strdup ("employer"), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (_tj_case_page_edit_party_clicked_cb), self);
    }

  group = _tj_case_page_add_group (self->parties_box, _("Contractor Chain"),
                                   _("For construction projects: who passed the work to whom, from the project owner down."));
  gtk_widget_set_name (group, "chain");
  {
    GMenu *menu = g_menu_new ();
    GtkWidget *add = gtk_menu_button_new ();
    GtkWidget *content = adw_button_content_new ();

    for (guint r = 0; _tj_case_page_chain_roles[r]; r++)
      {
        g_autoptr(GMenuItem) item = g_menu_item_new (tj_party_role_label (_tj_case_page_chain_roles[r]), NULL);
        g_menu_item_set_action_and_target_value (item, "case-page.add-link", g_variant_new_string (_tj_case_page_chain_roles[r]));
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
      g_autofree char *label = _tj_case_page_link_label (c);
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
      row = _tj_case_page_add_row (group, tj_json_get_string (c, "name", ""), subtitle->str);
      gtk_widget_set_name (row, position);
      number = gtk_label_new (position);
      gtk_widget_add_css_class (number, "dim-label");
      gtk_widget_add_css_class (number, "numeric");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), number);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 _tj_case_page_party_button (self, "document-edit-symbolic", _("Edit"), role, c));
      remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_tooltip_text (remove, _("Remove from the Chain"));
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "case-page.remove-link");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", tj_json_get_string (c, "id", ""));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
    }

  group = _tj_case_page_add_group (self->parties_box, _("Agents and Representatives"), NULL);
  button = _tj_case_page_header_button (group, "list-add-symbolic", _("Add Agent"));
  g_object_set_data_full (G_OBJECT (button), "role", g_strdup ("agent"), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (_tj_case_page_edit_party_clicked_cb), self);
  for (guint i = 0; agents && i < json_array_get_length (agents); i++)
    {
      JsonObject *a = json_array_get_object_element (agents, i);
      const char *role = tj_json_get_string (a, "role", "agent");
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", tj_party_role_label (role),
                                                   tj_json_get_string (a, "phone", "—"));
      GtkWidget *row = _tj_case_page_add_row (group, tj_json_get_string (a, "name", ""), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 _tj_case_page_party_button (self, "document-edit-symbolic", _("Edit"), role, a));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), _tj_case_page_party_menu_button (self, a, role));
    }
}
