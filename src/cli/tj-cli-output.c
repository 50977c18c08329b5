/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Output files (--out): proved writable before anything is stored, and
 * never left half written. */

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "tj-cli-private.h"
#include "tj-error.h"
#include "tj-i18n.h"

struct _TjCliOutput {
  char *path;
  char *tmp_path;   /* NULL once renamed into place */
  int   fd;         /* -1 once closed */
};

static void
set_write_error (GError     **error,
                 const char  *path,
                 int          saved_errno)
{
  g_set_error (error, TJ_ERROR, TJ_ERROR_INVALID,
               _("Cannot write %s: %s"), path, g_strerror (saved_errno));
}

TjCliOutput *
tj_cli_output_open (const char  *path,
                    GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  TjCliOutput *output;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  if (*path == '\0')
    {
      set_write_error (error, path, ENOENT);
      return NULL;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      set_write_error (error, path, EISDIR);
      return NULL;
    }
  /* A temporary file in the same folder: the rename at the end is then
   * atomic, and creating it proves the folder exists and is writable. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  /* Exports carry personal data: readable by the user alone. */
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_write_error (error, path, errno);
      return NULL;
    }
  output = g_new0 (TjCliOutput, 1);
  output->path = g_strdup (path);
  output->tmp_path = g_steal_pointer (&tmp_path);
  output->fd = fd;
  return output;
}

gboolean
tj_cli_output_write (TjCliOutput  *output,
                     GBytes       *bytes,
                     GError      **error)
{
  const guint8 *data;
  gsize size;

  g_return_val_if_fail (output != NULL && output->fd >= 0, FALSE);

  data = g_bytes_get_data (bytes, &size);
  while (size > 0)
    {
      gssize n = write (output->fd, data, size);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          set_write_error (error, output->path, errno);
          return FALSE;
        }
      data += n;
      size -= (gsize) n;
    }
  /* On disk before the rename, so a crash leaves the old file or the
   * whole new one. */
  if (g_fsync (output->fd) != 0 || !g_close (output->fd, NULL))
    {
      int saved = errno;
      output->fd = -1;
      set_write_error (error, output->path, saved);
      return FALSE;
    }
  output->fd = -1;
  return TRUE;
}

gboolean
tj_cli_output_finish (TjCliOutput  *output,
                      GError      **error)
{
  g_return_val_if_fail (output != NULL && output->tmp_path != NULL && output->fd < 0, FALSE);

  if (g_rename (output->tmp_path, output->path) != 0)
    {
      set_write_error (error, output->path, errno);
      return FALSE;
    }
  g_clear_pointer (&output->tmp_path, g_free);
  return TRUE;
}

void
tj_cli_output_free (TjCliOutput *output)
{
  if (output == NULL)
    return;
  if (output->fd >= 0)
    g_close (output->fd, NULL);
  if (output->tmp_path)
    g_unlink (output->tmp_path);
  g_free (output->tmp_path);
  g_free (output->path);
  g_free (output);
}
