/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tj-enum-types.h"
#include "tj-types.h"

G_BEGIN_DECLS

/**
 * TjEnumItem:
 *
 * One value of a registered enum (tj-types.h) with its stored "nick" and
 * its translated "label", as a combo row or a drop-down shows it.
 */
#define TJ_TYPE_ENUM_ITEM (tj_enum_item_get_type ())
G_DECLARE_FINAL_TYPE (TjEnumItem, tj_enum_item, TJ, ENUM_ITEM, GObject)

int         tj_enum_item_get_value (TjEnumItem *self);
const char *tj_enum_item_get_nick  (TjEnumItem *self);
const char *tj_enum_item_get_label (TjEnumItem *self);

/**
 * TjEnumList:
 *
 * A #GListModel of #TjEnumItem: the choices of an enum (or of some of its
 * values) in order, for a combo row that declares its expression on the
 * item's "label".
 */
#define TJ_TYPE_ENUM_LIST (tj_enum_list_get_type ())
G_DECLARE_FINAL_TYPE (TjEnumList, tj_enum_list, TJ, ENUM_LIST, GObject)

/* Every value of @enum_type. */
TjEnumList *tj_enum_list_new           (GType               enum_type);
/* The values named by @nicks, in that order (unknown nicks are skipped). */
TjEnumList *tj_enum_list_new_for_nicks (GType               enum_type,
                                        const char * const *nicks);
GType       tj_enum_list_get_enum_type (TjEnumList         *self);
/* The position of @nick, or G_MAXUINT (GTK_INVALID_LIST_POSITION). */
guint       tj_enum_list_find          (TjEnumList         *self,
                                        const char         *nick);
/* The nick at @position, or NULL. */
const char *tj_enum_list_get_nick      (TjEnumList         *self,
                                        guint               position);

G_END_DECLS
