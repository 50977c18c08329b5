/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tj-error.h"
#include "tj-store-error-dialog.h"

/* What to tell a mediator when the case database cannot be opened. The
 * explanation depends on why (damaged, in use, anything else) and says what
 * was not done: nothing is changed or deleted behind the user's back. The
 * core's own message goes below it, selectable, for whoever helps them. */

GtkWidget *
tj_store_error_dialog_new (GtkWindow    *parent,
                           const char   *path,
                           const GError *error)
{
  AdwMessageDialog *dialog;
  GtkWidget *detail;
  const char *heading;
  g_autofree char *body = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, TJ_ERROR, TJ_ERROR_CORRUPT))
    {
      heading = _("The Case Database Is Damaged");
      body = g_strdup_printf (_("The file “%s” cannot be read as a Tiaojie database. It may be "
                                "damaged, or it may be some other kind of file.\n\n"
                                "Nothing has been changed. Restore the file from a backup, or set "
                                "it aside and start with an empty database: the damaged file is "
                                "kept under a new name so that it can still be recovered."),
                              path);
    }
  else if (g_error_matches (error, TJ_ERROR, TJ_ERROR_BUSY))
    {
      heading = _("The Case Database Is in Use");
      body = g_strdup_printf (_("Another program is using “%s”. Perhaps Tiaojie is already open "
                                "in another window, or tiaojie-cli is running.\n\n"
                                "Close the other program, then try again."),
                              path);
    }
  else
    {
      heading = _("The Case Database Cannot Be Opened");
      body = g_strdup_printf (_("Tiaojie could not open its database “%s”. Check that the folder "
                                "exists, that you may write to it and that the disk is not "
                                "full, then try again."),
                              path);
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));

  adw_message_dialog_add_response (dialog, TJ_STORE_ERROR_RESPONSE_QUIT, _("_Quit"));
  if (g_error_matches (error, TJ_ERROR, TJ_ERROR_CORRUPT))
    {
      adw_message_dialog_add_response (dialog, TJ_STORE_ERROR_RESPONSE_SET_ASIDE,
                                       _("_Set Aside and Start Empty"));
      adw_message_dialog_set_response_appearance (dialog, TJ_STORE_ERROR_RESPONSE_SET_ASIDE,
                                                  ADW_RESPONSE_DESTRUCTIVE);
      adw_message_dialog_set_default_response (dialog, TJ_STORE_ERROR_RESPONSE_QUIT);
    }
  else
    {
      adw_message_dialog_add_response (dialog, TJ_STORE_ERROR_RESPONSE_RETRY, _("_Try Again"));
      adw_message_dialog_set_response_appearance (dialog, TJ_STORE_ERROR_RESPONSE_RETRY,
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, TJ_STORE_ERROR_RESPONSE_RETRY);
    }
  /* Escape must not leave the app running without a database. */
  adw_message_dialog_set_close_response (dialog, TJ_STORE_ERROR_RESPONSE_QUIT);

  detail = gtk_label_new (error->message);
  gtk_label_set_wrap (GTK_LABEL (detail), TRUE);
  gtk_label_set_selectable (GTK_LABEL (detail), TRUE);
  gtk_label_set_xalign (GTK_LABEL (detail), 0.5);
  gtk_label_set_justify (GTK_LABEL (detail), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  adw_message_dialog_set_extra_child (dialog, detail);

  return GTK_WIDGET (dialog);
}

/* Renames a damaged database (and its WAL and shared-memory files, which
 * belong to it) to PATH.damaged-YYYYMMDD-HHMMSS, so that a fresh database can
 * be created at PATH while the old one stays recoverable. Returns the new
 * name. */
char *
tj_store_error_dialog_set_aside (const char  *path,
                    GError     **error)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *target = g_strdup_printf ("%s.damaged-%s", path, stamp);

  g_return_val_if_fail (path != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      if (g_rename (from, to) != 0)
        {
          int saved_errno = errno;

          /* The side files are optional; the database itself is not. */
          if (saved_errno == ENOENT && i > 0)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not rename “%s” to “%s”: %s"), from, to,
                       g_strerror (saved_errno));
          return NULL;
        }
    }

  return g_steal_pointer (&target);
}
