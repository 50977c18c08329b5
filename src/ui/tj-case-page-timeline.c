/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case page's Timeline tab: notes, edits by their labels, entries
 * written at a centre, and the access log of the case. */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tj-case-page-private.h"

/* On the repository's worker. */
static gboolean
save_note (TjStore              *store,
           const TjCaseContext  *ctx,
           JsonObject           *values,
           gpointer              case_id,
           GError              **error)
{
  const char *text = tj_json_get_string (values, "text", NULL);

  if (text == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("text: write the note first"));
      return FALSE;
    }
  return tj_case_add_event (store, ctx, case_id, "note", text, NULL, error);
}

static void
add_note_cb (TjCasePage *self)
{
  TjFormDialog *dialog = tj_form_dialog_new (_tj_case_page_parent_window (self), _("Add to the Timeline"), _("Add"));

  tj_form_dialog_add_long_text (dialog, "text", _("What happened"), NULL);
  tj_form_dialog_set_work_func (dialog, self->application, save_note, g_strdup (self->case_id), g_free);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_tj_case_page_fill_timeline (TjCasePage *self)
{
  JsonArray *events = self->timeline;
  GtkWidget *group;
  GtkWidget *button;

  _tj_case_page_clear_box (self->timeline_box);
  group = _tj_case_page_add_group (self->timeline_box, _("Timeline"),
                                   _("Everything that happened to the case, newest first. Entries are never changed or removed."));
  button = _tj_case_page_header_button (group, "list-add-symbolic", _("Add Note"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_note_cb), self);

  if (events == NULL)
    {
      _tj_case_page_add_row (group, _("The timeline could not be read"),
                             self->timeline_error ? self->timeline_error->message : NULL);
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
      row = _tj_case_page_add_row (group, text, subtitle->str);
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
