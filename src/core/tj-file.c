/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Files the core writes for the user: generated papers, report exports. */

#include "tj-error.h"
#include "tj-file.h"

gboolean
tj_file_write_private (const char  *path,
                       GBytes      *bytes,
                       GError     **error)
{
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);

  if (!g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local))
    {
      g_set_error (error, TJ_ERROR, TJ_ERROR_FAILED, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}
