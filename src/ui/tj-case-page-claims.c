/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case page's Claims tab: the claims with their amounts, added,
 * edited (case.edit-claim) and deleted (case.delete-claim). */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tj-case-page-private.h"

/* On the repository's worker, as every save of the page's forms. */
static gboolean
save_claim (TjStore              *store,
            const TjCaseContext  *ctx,
            JsonObject           *values,
            gpointer              case_id,
            GError              **error)
{
  g_autofree char *id = NULL;

  _tj_case_page_drop_nulls (values);
  id = tj_case_add_claim (store, ctx, case_id, values, error);
  return id != NULL;
}

static void
add_claim_cb (TjCasePage *self)
{
  TjFormDialog *dialog = tj_form_dialog_new (_tj_case_page_parent_window (self), _("Add Claim"), _("Add"));

  tj_form_dialog_add_choice (dialog, "kind", _("Kind"), _tj_case_page_kind_ids, _tj_case_page_kind_labels (), NULL);
  tj_form_dialog_add_money (dialog, "amount_fen", _("Amount"), NULL);
  tj_form_dialog_add_text (dialog, "description", _("Description"), NULL);
  tj_form_dialog_set_work_func (dialog, self->application, save_claim, g_strdup (self->case_id), g_free);
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

/* The worker's: the claim is a copy of the page's. */
typedef struct {
  char       *claim_id;
  JsonObject *claim;
} ClaimEdit;

static void
claim_edit_free (ClaimEdit *edit)
{
  g_free (edit->claim_id);
  json_object_unref (edit->claim);
  g_free (edit);
}

static gboolean
save_claim_edit (TjStore              *store,
                 const TjCaseContext  *ctx,
                 JsonObject           *values,
                 gpointer              user_data,
                 GError              **error)
{
  ClaimEdit *edit = user_data;
  g_autoptr(JsonObject) patch = _tj_case_page_changed_members (values, edit->claim);

  if (json_object_get_size (patch) == 0)
    return TRUE;
  return tj_case_update_claim (store, ctx, edit->claim_id, patch, error);
}

void
_tj_case_page_edit_claim_action (GtkWidget  *widget,
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
  dialog = tj_form_dialog_new (_tj_case_page_parent_window (self), _("Edit Claim"), NULL);
  tj_form_dialog_add_choice (dialog, "kind", _("Kind"), _tj_case_page_kind_ids, _tj_case_page_kind_labels (), tj_json_get_string (claim, "kind", NULL));
  tj_form_dialog_add_money (dialog, "amount_fen", _("Amount"), claim);
  tj_form_dialog_add_text (dialog, "description", _("Description"), tj_json_get_string (claim, "description", NULL));
  edit = g_new0 (ClaimEdit, 1);
  edit->claim_id = g_strdup (id);
  edit->claim = tj_json_object_copy (claim);
  tj_form_dialog_set_work_func (dialog, self->application, save_claim_edit, edit, (GDestroyNotify) claim_edit_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
delete_claim_in_worker (TjStore              *store,
                        const TjCaseContext  *ctx,
                        gpointer              claim_id,
                        GError              **error)
{
  return tj_case_delete_claim (store, ctx, claim_id, error);
}

static void
claim_deleted_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TjCasePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tj_ui_work_run_finish (result, NULL, &error))
    _tj_case_page_refused (self, _("The Claim Was Not Deleted"), error->message);
}

static void
delete_claim_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          TjCasePage       *self)
{
  if (g_strcmp0 (response, "delete") != 0)
    return;
  _tj_case_page_run_async (self, delete_claim_in_worker,
                           g_strdup (g_object_get_data (G_OBJECT (dialog), "claim-id")), g_free,
                           claim_deleted_cb);
}

void
_tj_case_page_delete_claim_action (GtkWidget  *widget,
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
  dialog = adw_message_dialog_new (_tj_case_page_parent_window (self), heading,
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

void
_tj_case_page_fill_claims (TjCasePage *self)
{
  JsonArray *claims = tj_json_get_array (self->doc, "claims");
  JsonObject *totals = tj_json_get_object (self->doc, "totals");
  g_autofree char *total = tj_money_format (tj_json_get_int (totals, "claimed_fen", 0));
  g_autofree char *description = g_strdup_printf (_("Total claimed: %s"), total);
  GtkWidget *group;
  GtkWidget *button;

  _tj_case_page_clear_box (self->claims_box);
  group = _tj_case_page_add_group (self->claims_box, _("Claims"), description);
  button = _tj_case_page_header_button (group, "list-add-symbolic", _("Add Claim"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_claim_cb), self);

  if (claims == NULL || json_array_get_length (claims) == 0)
    _tj_case_page_add_row (group, _("No claims yet"), _("Add what the workers ask for, with amounts."));
  for (guint i = 0; claims && i < json_array_get_length (claims); i++)
    {
      JsonObject *c = json_array_get_object_element (claims, i);
      g_autofree char *amount = tj_money_format (tj_json_get_int (c, "amount_fen", 0));
      GtkWidget *row = _tj_case_page_add_row (group, tj_case_kind_label (tj_json_get_string (c, "kind", NULL)),
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
