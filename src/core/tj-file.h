/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes @bytes to @path as a file readable by the user alone (papers and
 * exports name the parties): written whole to a temporary file, then
 * renamed into place, so a failure never leaves half a file or harms the
 * one there. TJ_ERROR_FAILED with the system's message. */
gboolean tj_file_write_private (const char  *path,
                                GBytes      *bytes,
                                GError     **error);

G_END_DECLS
