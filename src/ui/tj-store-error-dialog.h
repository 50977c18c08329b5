/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Response ids of the dialog. */
#define TJ_STORE_ERROR_RESPONSE_QUIT      "quit"
#define TJ_STORE_ERROR_RESPONSE_RETRY     "retry"
#define TJ_STORE_ERROR_RESPONSE_SET_ASIDE "set-aside"

GtkWidget *tj_store_error_dialog_new (GtkWindow    *parent,
                                      const char   *path,
                                      const GError *error);

char      *tj_store_error_dialog_set_aside (const char   *path,
                                            GError      **error);

G_END_DECLS
