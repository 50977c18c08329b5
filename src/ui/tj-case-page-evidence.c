/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case page's Evidence tab: files added to the case, pictures shown
 * in the page, other files opened with their default application. */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tj-case-page-private.h"

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
      _tj_case_page_toast (self, text);
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
      _tj_case_page_toast (self, text);
      return;
    }
  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), filename);
  gtk_window_set_transient_for (GTK_WINDOW (window), _tj_case_page_parent_window (self));
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

/* An evidence file, read on the repository's worker. */
typedef struct {
  char   *evidence_id;
  char   *filename;
  char   *content_type;
  GBytes *data;
} ReadEvidence;

static void
read_evidence_free (gpointer data)
{
  ReadEvidence *r = data;

  g_free (r->evidence_id);
  g_free (r->filename);
  g_free (r->content_type);
  g_clear_pointer (&r->data, g_bytes_unref);
  g_free (r);
}

static gboolean
read_evidence_in_worker (TjStore              *store,
                         const TjCaseContext  *ctx,
                         gpointer              data,
                         GError              **error)
{
  ReadEvidence *r = data;

  r->data = tj_case_get_evidence (store, r->evidence_id, &r->filename, &r->content_type, error);
  return r->data != NULL;
}

static void
evidence_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TjCasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  g_autofree char *uri = NULL;
  ReadEvidence *r = NULL;

  if (!tj_ui_work_run_finish (result, (gpointer *) &r, &error))
    {
      _tj_case_page_toast (self, error->message);
      return;
    }
  if (r->content_type && g_str_has_prefix (r->content_type, "image/"))
    {
      show_picture (self, r->filename, r->data);
      return;
    }

  /* Other files go to the default application through a private copy. */
  dir = g_dir_make_tmp ("tiaojie-evidence-XXXXXX", &error);
  if (dir == NULL)
    {
      _tj_case_page_toast (self, error->message);
      return;
    }
  base = g_path_get_basename (r->filename ? r->filename : r->evidence_id);
  path = g_build_filename (dir, base, NULL);
  /* Evidence is personal: the copy is readable by the user alone. */
  if (!g_file_set_contents_full (path, g_bytes_get_data (r->data, NULL), g_bytes_get_size (r->data),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      _tj_case_page_toast (self, error->message);
      return;
    }
  uri = g_filename_to_uri (path, NULL, NULL);
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, launch_cb, g_object_ref (self));
}

static void
evidence_activated_cb (AdwActionRow *row,
                       TjCasePage   *self)
{
  ReadEvidence *r = g_new0 (ReadEvidence, 1);

  r->evidence_id = g_strdup (gtk_widget_get_name (GTK_WIDGET (row)));
  _tj_case_page_run_async (self, read_evidence_in_worker, r, read_evidence_free, evidence_read_cb);
}

/* Files chosen to add, read and added on the repository's worker; the
 * names of those refused, with the reason, come back. */
typedef struct {
  char      *case_id;
  GPtrArray *files;     /* GFile */
  GPtrArray *refused;   /* "NAME was not added: REASON" */
} AddEvidence;

static void
add_evidence_free (gpointer data)
{
  AddEvidence *a = data;

  g_free (a->case_id);
  g_ptr_array_unref (a->files);
  g_ptr_array_unref (a->refused);
  g_free (a);
}

static gboolean
add_evidence_in_worker (TjStore              *store,
                        const TjCaseContext  *ctx,
                        gpointer              data,
                        GError              **error)
{
  AddEvidence *a = data;

  for (guint i = 0; i < a->files->len; i++)
    {
      GFile *file = g_ptr_array_index (a->files, i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GFileInfo) info = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *id = NULL;
      g_autofree char *name = g_file_get_basename (file);

      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE, 0, NULL, &local_error);
      if (info != NULL)
        bytes = g_file_load_bytes (file, NULL, NULL, &local_error);
      if (bytes != NULL)
        {
          const char *type = g_file_info_get_content_type (info);
          g_autofree char *mime = type ? g_content_type_get_mime_type (type) : NULL;

          id = tj_case_add_evidence (store, ctx, a->case_id, name, mime ? mime : "application/octet-stream",
                                     bytes, NULL, &local_error);
        }
      if (id == NULL)
        g_ptr_array_add (a->refused, g_strdup_printf (_("%s was not added: %s"), name, local_error->message));
    }
  return TRUE;
}

static void
evidence_added_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(TjCasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  AddEvidence *a = NULL;

  if (!tj_ui_work_run_finish (result, (gpointer *) &a, &error))
    {
      _tj_case_page_toast (self, error->message);
      return;
    }
  for (guint i = 0; i < a->refused->len; i++)
    _tj_case_page_toast (self, g_ptr_array_index (a->refused, i));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     TjCasePage      *self)
{
  g_autoptr(GListModel) files = NULL;
  AddEvidence *a;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      a = g_new0 (AddEvidence, 1);
      a->case_id = g_strdup (self->case_id);
      a->files = g_ptr_array_new_with_free_func (g_object_unref);
      a->refused = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (a->files, g_list_model_get_item (files, i));
      _tj_case_page_run_async (self, add_evidence_in_worker, a, add_evidence_free, evidence_added_cb);
    }
  g_clear_object (&self->chooser);
}

static void
add_evidence_cb (TjCasePage *self)
{
  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Add Evidence"), _tj_case_page_parent_window (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

void
_tj_case_page_fill_evidence (TjCasePage *self)
{
  JsonArray *list = self->evidence;
  GtkWidget *group;
  GtkWidget *button;

  _tj_case_page_clear_box (self->evidence_box);
  group = _tj_case_page_add_group (self->evidence_box, _("Evidence"),
                                   _("Contracts, pay slips, attendance records, chat screenshots: kept with the case and synced with it."));
  button = _tj_case_page_header_button (group, "list-add-symbolic", _("Add Files…"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_evidence_cb), self);

  if (list == NULL)
    {
      _tj_case_page_add_row (group, _("The evidence could not be listed"),
                             self->evidence_error ? self->evidence_error->message : NULL);
      return;
    }
  if (json_array_get_length (list) == 0)
    _tj_case_page_add_row (group, _("No evidence yet"), _("Add photos, scans or PDFs; pictures are shown here, other files open in their application."));
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
      row = _tj_case_page_add_row (group, tj_json_get_string (e, "filename", ""), subtitle);
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
