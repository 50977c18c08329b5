/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The replicator's reading of large replies (_changes pages, _bulk_get,
 * open_revs): one pass over the text that checks it is JSON (RFC 8259,
 * strictly) and records every value as a node — its kind, where its text
 * is, where its subtree ends — in one array. Nothing is copied or
 * allocated per value: a document in a reply is a range of that text, and
 * what pull writes is its text as the server sent it, without the "_"
 * members (tj-sync-pull.c). json-glib builds a hash table per object and
 * a node per value, which made parsing most of a pull's time.
 *
 * Text a store may not keep does not fail the reply: a string whose
 * escapes are not text (\u0000, a lone surrogate) and a number no store
 * keeps (an integer beyond 64 bits, a double beyond range) are marked,
 * and so is every container around them, so that only the document
 * holding them is refused (_tj_sync_tape_check_body()). */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  TJ_TAPE_NULL,
  TJ_TAPE_FALSE,
  TJ_TAPE_TRUE,
  TJ_TAPE_NUMBER,
  TJ_TAPE_STRING,
  TJ_TAPE_ARRAY,
  TJ_TAPE_OBJECT,
} TjTapeType;

enum {
  TJ_TAPE_ESCAPED   = 1 << 0,  /* string: holds escapes, decode it to use it */
  TJ_TAPE_NOT_TEXT  = 1 << 1,  /* string: an escape that is not text */
  TJ_TAPE_INTEGER   = 1 << 2,  /* number: no fraction, no exponent */
  TJ_TAPE_TOO_LARGE = 1 << 3,  /* number: beyond what a store keeps */
  TJ_TAPE_SPOILT    = 1 << 4,  /* container: holds a NOT_TEXT or TOO_LARGE value */
};

typedef struct
{
  guint8  type;     /* TjTapeType */
  guint8  flags;
  guint16 height;   /* container: levels of nesting, itself included */
  guint32 start;    /* offset of its first byte (a string's opening quote) */
  guint32 end;      /* offset after its last byte */
  guint32 skip;     /* the index after its subtree: its next sibling */
} TjTapeNode;

/* Node 0 is unused: index 0 means "none"; the root is node 1. */
typedef struct
{
  GBytes     *bytes;
  const char *text;
  gsize       len;
  TjTapeNode *nodes;
  guint       n_nodes;
} TjSyncTape;

#define TJ_TAPE_ROOT 1

/* Parses @bytes (kept by the tape). FALSE when it is not JSON (*@out_line
 * and *@out_column say where, counting from 1) or, with *@out_too_deep,
 * when it nests deeper than @max_depth. */
TjSyncTape   *_tj_sync_tape_parse        (GBytes      *bytes,
                                          guint        max_depth,
                                          guint       *out_line,
                                          guint       *out_column,
                                          gboolean    *out_too_deep);
void          _tj_sync_tape_free         (TjSyncTape  *tape);

static inline TjTapeType
_tj_sync_tape_type (TjSyncTape *tape,
                    guint       i)
{
  return i ? (TjTapeType) tape->nodes[i].type : TJ_TAPE_NULL;
}

static inline gboolean
_tj_sync_tape_is (TjSyncTape *tape,
                  guint       i,
                  TjTapeType  type)
{
  return i != 0 && tape->nodes[i].type == type;
}

/* The children of container @i: for (c = first; c; c = next). In an
 * object they come in pairs: the name (a string), then the value. */
static inline guint
_tj_sync_tape_first (TjSyncTape *tape,
                     guint       i)
{
  return i != 0 && tape->nodes[i].skip > i + 1 ? i + 1 : 0;
}

static inline guint
_tj_sync_tape_next (TjSyncTape *tape,
                    guint       parent,
                    guint       child)
{
  guint next = tape->nodes[child].skip;
  return next < tape->nodes[parent].skip ? next : 0;
}

guint         _tj_sync_tape_length       (TjSyncTape  *tape,
                                          guint        i);
/* The value of member @name of object @i, 0 when there is none. */
guint         _tj_sync_tape_member       (TjSyncTape  *tape,
                                          guint        i,
                                          const char  *name);
/* Whether string @i is exactly @s. */
gboolean      _tj_sync_tape_string_is    (TjSyncTape  *tape,
                                          guint        i,
                                          const char  *s);
/* String @i decoded (UTF-8; an escape that is not text becomes U+FDD0,
 * as _tj_sync_parse_reply() does), NULL when @i is not a string. */
char         *_tj_sync_tape_dup_string   (TjSyncTape  *tape,
                                          guint        i);
/* Member @name of object @i as a string, decoded into @buf (reused), or
 * NULL: for the short strings of the protocol (ids, revisions). */
const char   *_tj_sync_tape_get_string   (TjSyncTape  *tape,
                                          guint        i,
                                          const char  *name,
                                          GString     *buf);
/* Number @i as an integer: FALSE when it is none (a fraction, out of
 * range, not a number). */
gboolean      _tj_sync_tape_get_int      (TjSyncTape  *tape,
                                          guint        i,
                                          gint64      *out_value);
/* Value @i as a json-glib node, for the small parts the rest of the
 * replicator keeps (sequences, attachments, errors). */
JsonNode     *_tj_sync_tape_to_node      (TjSyncTape  *tape,
                                          guint        i);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjSyncTape, _tj_sync_tape_free)

G_END_DECLS
