/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-application.h"
#include "tj-form-dialog.h"

G_BEGIN_DECLS

/* The change-of-status window of a case: only the moves the workflow
 * allows from @status (tj_case_status_allowed()), the reason, and the
 * destination for a referral. NULL when no move is possible (closed). */
TjFormDialog *tj_status_dialog_new (GtkWindow     *parent,
                                    TjApplication *application,
                                    const char    *case_id,
                                    const char    *status);

G_END_DECLS
