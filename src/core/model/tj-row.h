/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * TjRow:
 *
 * The base of the rows of core's lists (a case, an arrears case, an
 * agenda item, a consultation…): read-only properties a view binds to,
 * and "loaded", %FALSE while the row is a placeholder whose page is
 * still being read on the repository's worker. A placeholder is filled in
 * place when its page arrives, every property notified, so that a bound
 * row widget updates without the list changing under it.
 */
#define TJ_TYPE_ROW (tj_row_get_type ())
G_DECLARE_DERIVABLE_TYPE (TjRow, tj_row, TJ, ROW, GObject)

struct _TjRowClass
{
  GObjectClass parent_class;

  /*< private >*/
  gpointer padding[4];
};

gboolean tj_row_get_loaded (TjRow *self);

G_END_DECLS
