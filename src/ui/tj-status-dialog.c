/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-case.h"
#include "tj-status-dialog.h"

/* On the repository's worker: the status change is one transaction of
 * the core, as from the CLI. */
static gboolean
save_status (TjStore              *store,
             const TjCaseContext  *ctx,
             JsonObject           *values,
             gpointer              case_id,
             GError              **error)
{
  const char *status = json_object_get_string_member_with_default (values, "status", NULL);
  const char *to = NULL;

  if (g_strcmp0 (status, "referred") == 0)
    to = json_object_get_string_member_with_default (values, "referred_to", NULL);
  return tj_case_set_status (store, ctx, case_id, status,
                             json_object_get_string_member_with_default (values, "reason", NULL), to, error);
}

static void
status_selected_cb (AdwComboRow *row,
                    GParamSpec  *pspec,
                    GtkWidget   *referral_row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);
  const char *label = item ? gtk_string_object_get_string (item) : NULL;

  gtk_widget_set_visible (referral_row, g_strcmp0 (label, tj_case_status_label ("referred")) == 0);
}

TjFormDialog *
tj_status_dialog_new (GtkWindow     *parent,
                      TjApplication *application,
                      const char    *case_id,
                      const char    *status)
{
  static const char * const statuses[] = {
    "intake", "accepted", "mediating", "agreed", "performing", "closed",
    "failed", "referred", "withdrawn",
  };
  static const char * const targets[] = {
    "arbitration", "court", "labour_inspection", "legal_aid", NULL
  };
  const char *target_labels[] = {
    _("Labour dispute arbitration committee"), _("People’s court"),
    _("Labour inspection"), _("Legal aid"), NULL
  };
  const char *ids[G_N_ELEMENTS (statuses) + 1] = { NULL };
  const char *labels[G_N_ELEMENTS (statuses) + 1] = { NULL };
  guint n = 0;
  TjFormDialog *dialog;
  GtkWidget *status_row, *referral_row;

  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (tj_case_status_allowed (status, statuses[i]))
      {
        ids[n] = statuses[i];
        labels[n++] = tj_case_status_label (statuses[i]);
      }
  if (n == 0)
    return NULL;

  dialog = tj_form_dialog_new (parent, _("Change Status"), _("Change"));
  tj_form_dialog_add_choice (dialog, "status", _("New status"), ids, labels, NULL);
  tj_form_dialog_add_choice (dialog, "referred_to", _("Referred to"), targets, target_labels, NULL);
  tj_form_dialog_add_text (dialog, "reason", _("Reason"), NULL);

  status_row = tj_form_dialog_get_field (dialog, "status");
  referral_row = tj_form_dialog_get_field (dialog, "referred_to");
  g_signal_connect_object (status_row, "notify::selected", G_CALLBACK (status_selected_cb),
                           referral_row, 0);
  status_selected_cb (ADW_COMBO_ROW (status_row), NULL, referral_row);

  tj_form_dialog_set_work_func (dialog, application, save_status, g_strdup (case_id), g_free);
  return dialog;
}
