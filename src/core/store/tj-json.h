/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * TJ_JSON_MAX_DEPTH:
 *
 * The deepest nesting of objects and arrays a document may have, the
 * document itself being level 1 (`{"a": [1]}` is 2 deep; Tiaojie's own
 * documents are at most 4 or 5). Every write path of the store refuses a
 * deeper document with TJ_ERROR_INVALID naming it — tj_store_put(),
 * tj_store_put_replicated() (`new_edits=false`, what sync pulls) and
 * tj_store_put_local() — so that a document one station accepts is one
 * every other station can read and replicate.
 */
#define TJ_JSON_MAX_DEPTH 64

/**
 * TJ_JSON_MAX_TEXT_DEPTH:
 *
 * The deepest nesting tj_json_parse() accepts in a text: a document plus
 * the envelope a batch or a server's reply wraps it in (`{"docs": [doc]}`,
 * `{"results": [{"docs": [{"ok": doc}]}]}`). Deeper text is refused before
 * json-glib, whose parser recurses, ever sees it.
 */
#define TJ_JSON_MAX_TEXT_DEPTH (TJ_JSON_MAX_DEPTH + 16)

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

/* Parse @text (RFC 8259, strictly); TJ_ERROR_INVALID naming the line,
 * the column and, inside an object, the member ("workers[0].name") on bad
 * input. Besides syntax errors this refuses what json-glib would take in
 * silently and get wrong: text that is not UTF-8, a NUL character
 * (\u0000, which would cut a string short), a lone surrogate, raw control
 * characters in strings, integers beyond 64 bits (json-glib wraps them
 * around), numbers too large for a double, and nesting deeper than
 * TJ_JSON_MAX_TEXT_DEPTH. The _object variant also requires a JSON
 * object at the top. */
JsonNode   *tj_json_parse             (const char  *text,
                                       gssize       length,
                                       GError     **error);
JsonObject *tj_json_parse_object      (const char  *text,
                                       gssize       length,
                                       GError     **error);

/* Checks a document before it is stored: nesting at most
 * TJ_JSON_MAX_DEPTH deep, every string and member name valid UTF-8
 * (strings built in code or parsed by another parser may not be), every
 * number finite. TJ_ERROR_INVALID naming @what (the document) and the
 * member. */
gboolean    tj_json_check_document    (JsonObject  *object,
                                       const char  *what,
                                       GError     **error);

/* Deep copy of an object: nested objects and arrays are copied too. */
JsonObject *tj_json_object_copy       (JsonObject  *object);

/* Typed member access that tolerates absence and wrong types (returns the
 * default) — for reading documents that came from elsewhere. A double is
 * read as an integer (truncated) only when it is within the range of one. */
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

/* The value of the four hexadecimal digits at @text (those of a \uXXXX
 * escape), or -1 when one is not a digit. For the JSON scanners here and
 * in tj-sync-tape.c. */
int         tj_json_hex4              (const char  *text);

/* The objects of @array (nullable; elements that are not objects are
 * skipped), each wrapped in a new GObject by @wrap: the items of a list
 * model made from a JSON list. */
typedef gpointer (*TjJsonWrapFunc) (JsonObject *object);
GPtrArray  *tj_json_wrap_objects      (JsonArray      *array,
                                       TjJsonWrapFunc  wrap);

G_END_DECLS
