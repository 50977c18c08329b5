/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Canonical JSON: object members sorted by name (bytewise), no white space.
 * Equal documents give equal strings, which makes revision ids
 * deterministic across stations. */
char       *tj_json_canonical          (JsonNode    *node);
char       *tj_json_canonical_object   (JsonObject  *object);

/* Compact or pretty serialisation (member order kept). */
char       *tj_json_to_string         (JsonNode    *node,
                                       gboolean     pretty);
char       *tj_json_object_to_string  (JsonObject  *object,
                                       gboolean     pretty);

/* Parse @text; TJ_ERROR_INVALID naming the line and column on bad input.
 * The _object variant also requires a JSON object at the top. */
JsonNode   *tj_json_parse             (const char  *text,
                                       gssize       length,
                                       GError     **error);
JsonObject *tj_json_parse_object      (const char  *text,
                                       gssize       length,
                                       GError     **error);

/* Deep copy of an object: nested objects and arrays are copied too. */
JsonObject *tj_json_object_copy       (JsonObject  *object);

/* Typed member access that tolerates absence and wrong types (returns the
 * default) — for reading documents that came from elsewhere. */
const char *tj_json_get_string        (JsonObject  *object,
                                       const char  *member,
                                       const char  *default_value);
gint64      tj_json_get_int           (JsonObject  *object,
                                       const char  *member,
                                       gint64       default_value);
gboolean    tj_json_get_bool          (JsonObject  *object,
                                       const char  *member,
                                       gboolean     default_value);
JsonObject *tj_json_get_object        (JsonObject  *object,
                                       const char  *member);
JsonArray  *tj_json_get_array         (JsonObject  *object,
                                       const char  *member);

G_END_DECLS
