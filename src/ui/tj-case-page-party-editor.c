/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Editing the parties of the case page: the party dialog (a worker, the
 * employer, an agent, a link of the contractor chain with the facts that
 * decide who pays), deleting a party entered by mistake, changing an
 * agent's role, and adding or removing a link of the chain. */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tj-case-page-private.h"

/* The worker's: copies only. */
typedef struct {
  char       *case_id;
  char       *party_id; /* NULL: a new party */
  char       *role;     /* NULL: chosen in the form ("role" member) */
} PartyEdit;

static void
party_edit_free (PartyEdit *edit)
{
  g_free (edit->case_id);
  g_free (edit->party_id);
  g_free (edit->role);
  g_free (edit);
}

/* For a new party, empty fields are left out rather than set to null. */
void
_tj_case_page_drop_nulls (JsonObject *values)
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
page_message (const char * const *fields,
              const char         *message)
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
          if (g_strv_contains (fields, member))
            g_string_append_printf (out, "%s: %s", member, text + end);
          else
            g_string_append (out, text + end);
        }
      else
        g_string_append (out, text);
    }
  return g_string_free (out, FALSE);
}

/* The fields of the form: those @values has when the form hands them. */
static GStrv
form_fields (JsonObject *values)
{
  g_autoptr(GList) members = json_object_get_members (values);
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv fields;

  for (GList *l = members; l; l = l->next)
    g_strv_builder_add (builder, l->data);
  fields = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return fields;
}

/* On the repository's worker. */
static gboolean
save_party (TjStore              *store,
            const TjCaseContext  *ctx,
            JsonObject           *values,
            gpointer              user_data,
            GError              **error)
{
  PartyEdit *edit = user_data;
  g_auto(GStrv) fields = form_fields (values);
  /* A tier is chosen from a list of numbers. */
  if (tj_json_get_string (values, "tier", NULL))
    json_object_set_int_member (values, "tier",
                                g_ascii_strtoll (tj_json_get_string (values, "tier", "0"), NULL, 10));
  if (edit->party_id)
    {
      if (!tj_case_update_party (store, ctx, edit->party_id, values, error))
        {
          g_autofree char *text = page_message ((const char * const *) fields, (*error)->message);
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
      _tj_case_page_drop_nulls (values);
      id = tj_case_add_party (store, ctx, edit->case_id, role, values, error);
      if (id == NULL)
        {
          g_autofree char *text = page_message ((const char * const *) fields, (*error)->message);
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
  gboolean chain = role == NULL || g_strv_contains (_tj_case_page_chain_roles, role);

  if (party_id)
    title = g_strdup_printf (_("Edit %s"), tj_party_role_label (role));
  else
    title = g_strdup_printf (_("Add %s"), role ? tj_party_role_label (role) : _("Contractor"));
  dialog = tj_form_dialog_new (_tj_case_page_parent_window (self), title, party_id ? NULL : _("Add"));

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
            tj_party_role_label (_tj_case_page_chain_roles[0]), tj_party_role_label (_tj_case_page_chain_roles[1]),
            tj_party_role_label (_tj_case_page_chain_roles[2]), tj_party_role_label (_tj_case_page_chain_roles[3]), NULL
          };
          tj_form_dialog_add_choice (dialog, "role", _("Role"), _tj_case_page_chain_roles, labels, role);
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
  edit->case_id = g_strdup (self->case_id);
  edit->party_id = g_strdup (party_id);
  edit->role = g_strdup (role);
  tj_form_dialog_set_work_func (dialog, self->application, save_party, edit, (GDestroyNotify) party_edit_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_tj_case_page_edit_party_clicked_cb (GtkButton  *button,
                                     TjCasePage *self)
{
  JsonObject *party = g_object_get_data (G_OBJECT (button), "party");
  const char *role = g_object_get_data (G_OBJECT (button), "role");

  edit_party (self, role, party);
}

GtkWidget *
_tj_case_page_party_button (TjCasePage *self,
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
  g_signal_connect (button, "clicked", G_CALLBACK (_tj_case_page_edit_party_clicked_cb), self);
  return button;
}

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

void
_tj_case_page_refused (TjCasePage *self,
                       const char *heading,
                       const char *message)
{
  GtkWidget *dialog = adw_message_dialog_new (_tj_case_page_parent_window (self), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_widget_set_name (dialog, "refused");
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
delete_party_in_worker (TjStore              *store,
                        const TjCaseContext  *ctx,
                        gpointer              data,
                        GError              **error)
{
  char **id_and_name = data;

  return tj_case_delete_party (store, ctx, id_and_name[0], error);
}

static void
party_deleted_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TjCasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  char **id_and_name = NULL;

  if (!tj_ui_work_run_finish (result, (gpointer *) &id_and_name, &error))
    {
      /* Translators: the heading when a party cannot be deleted, "张三 Stays on the Case". */
      g_autofree char *heading = g_strdup_printf (_("%s Stays on the Case"), id_and_name[1]);
      _tj_case_page_refused (self, heading, error->message);
      return;
    }
  {
    g_autofree char *text = g_strdup_printf (_("%s was deleted from the case"), id_and_name[1]);
    _tj_case_page_toast (self, text);
  }
}

static void
delete_party_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          TjCasePage       *self)
{
  const char *id_and_name[] = {
    g_object_get_data (G_OBJECT (dialog), "party-id"), g_object_get_data (G_OBJECT (dialog), "name"), NULL,
  };

  if (g_strcmp0 (response, "delete") != 0)
    return;
  _tj_case_page_run_async (self, delete_party_in_worker, g_strdupv ((char **) id_and_name),
                           (GDestroyNotify) g_strfreev, party_deleted_cb);
}

void
_tj_case_page_delete_party_action (GtkWidget  *widget,
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
  dialog = adw_message_dialog_new (_tj_case_page_parent_window (self), heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "party-id", g_strdup (id), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "name", g_strdup (name), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_party_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* On the repository's worker. */
static gboolean
save_role (TjStore              *store,
           const TjCaseContext  *ctx,
           JsonObject           *values,
           gpointer              user_data,
           GError              **error)
{
  PartyEdit *edit = user_data;
  g_autoptr(JsonObject) patch = json_object_new ();

  if (tj_json_get_string (values, "role", NULL) == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("role: choose the role"));
      return FALSE;
    }
  json_object_set_string_member (patch, "role", tj_json_get_string (values, "role", NULL));
  return tj_case_update_party (store, ctx, edit->party_id, patch, error);
}

void
_tj_case_page_change_role_action (GtkWidget  *widget,
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
  dialog = tj_form_dialog_new (_tj_case_page_parent_window (self), title, NULL);
  tj_form_dialog_add_choice (dialog, "role", _("Role"), roles, labels, role);
  edit = g_new0 (PartyEdit, 1);
  edit->case_id = g_strdup (self->case_id);
  edit->party_id = g_strdup (id);
  edit->role = g_strdup (role);
  tj_form_dialog_set_work_func (dialog, self->application, save_role, edit, (GDestroyNotify) party_edit_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Edit, and a menu with Change Role… (when the party has another role of
 * its kind) and Delete…. */
GtkWidget *
_tj_case_page_party_menu_button (TjCasePage *self,
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

void
_tj_case_page_add_link_activated (GtkWidget  *widget,
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

typedef struct {
  char      *case_id;
  JsonArray *chain;
} SetChain;

static void
set_chain_free (gpointer data)
{
  SetChain *c = data;

  g_free (c->case_id);
  json_array_unref (c->chain);
  g_free (c);
}

static gboolean
set_chain_in_worker (TjStore              *store,
                     const TjCaseContext  *ctx,
                     gpointer              data,
                     GError              **error)
{
  SetChain *c = data;

  return tj_case_set_chain (store, ctx, c->case_id, c->chain, error);
}

static void
chain_set_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TjCasePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tj_ui_work_run_finish (result, NULL, &error))
    {
      g_autofree char *text = page_message (NULL, error->message);
      _tj_case_page_toast (self, text);
    }
}

static void
remove_link_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         RemoveLink       *r)
{
  TjCasePage *self = r->page;
  JsonArray *chain = tj_json_get_array (self->doc, "chain");

  if (g_strcmp0 (response, "remove") == 0)
    {
      SetChain *c = g_new0 (SetChain, 1);

      /* The chain without the link, checked as a whole: removing the
       * owner of an illegal project is refused, with the reason. A copy:
       * the worker reads it while the page may read its own. */
      c->case_id = g_strdup (self->case_id);
      c->chain = json_array_new ();
      for (guint i = 0; chain && i < json_array_get_length (chain); i++)
        {
          JsonObject *link = json_array_get_object_element (chain, i);
          if (g_strcmp0 (tj_json_get_string (link, "id", NULL), r->link_id) != 0)
            json_array_add_object_element (c->chain, tj_json_object_copy (link));
        }
      /* The repository's change signal reloads the page. */
      _tj_case_page_run_async (self, set_chain_in_worker, c, set_chain_free, chain_set_cb);
    }
  remove_link_free (r);
}

void
_tj_case_page_remove_link_activated (GtkWidget  *widget,
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
  dialog = adw_message_dialog_new (_tj_case_page_parent_window (self), _("Remove from the Contractor Chain?"), NULL);
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
