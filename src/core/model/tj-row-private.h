/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the row classes of core and the lists that fill them: a row keeps
 * what its query read as one JSON object, and its subclass's getters read
 * members of it. Views never see the object, only properties. */

#include <json-glib/json-glib.h>

#include "tj-row.h"

G_BEGIN_DECLS

/* (transfer none): the row's values; empty while not loaded. */
JsonObject *_tj_row_get_data   (TjRow      *self);
/* Fills the row (takes a reference on @data) and notifies every property
 * of its class, "loaded" last. */
void        _tj_row_set_data   (TjRow      *self,
                                JsonObject *data);
/* A new row of @type, filled with @data (a reference is taken). */
gpointer    _tj_row_new        (GType       type,
                                JsonObject *data);

/* Members of the data; "" / @fallback when missing. */
const char *_tj_row_string     (gpointer    self,
                                const char *member);
gint64      _tj_row_int        (gpointer    self,
                                const char *member,
                                gint64      fallback);
gboolean    _tj_row_bool       (gpointer    self,
                                const char *member);

G_END_DECLS
