/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Sync under faults: two stations edit, delete and attach to the same
 * documents for many rounds and sync after each round through a proxy
 * that spoils requests at random (tj-test-proxy.c: dropped before or
 * after the server saw them, late, 500/502, cut short, invalid JSON,
 * protocol members renamed) in front of a real PouchDB Server. Then one
 * clean sync of each, and every replica is compared: no revision either
 * station wrote is missing anywhere, no document is there twice, the
 * stations and the server agree on every winner and its content, and on
 * the leaves of every document (conflicts are kept, not lost).
 *
 * TJ_FAULT_SEED, TJ_FAULT_ROUNDS and TJ_FAULT_PROBABILITY change the
 * campaign (the seed is printed; by default it comes from GTest's seed,
 * so --seed repeats a run). */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Test"

#include <stdlib.h>
#include <string.h>

#include "tj-json.h"
#include "tj-replicator.h"
#include "tj-store.h"
#include "tj-test-proxy.h"
#include "tj-test-sync.h"

#define N_DOCS           12
#define OPS_PER_ROUND    3
#define DEFAULT_ROUNDS   60
#define DEFAULT_PROBABILITY 0.2

typedef struct
{
  const char   *name;
  TjStore      *store;
  TjReplicator *replicator;
} Station;

typedef struct
{
  Fixture    *f;
  GRand      *rand;
  GHashTable *written;     /* id -> GPtrArray of revs written by a station */
  guint       writes;
  guint       syncs;
  guint       failed_syncs;
  guint       refused_revisions;
  guint       pulled;
  guint       pushed;
} Campaign;

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *text = g_getenv (name);
  guint64 value;

  if (text && g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &value, NULL))
    return (guint) value;
  return fallback;
}

static void
note_written (Campaign   *c,
              const char *id,
              const char *rev)
{
  GPtrArray *revs = g_hash_table_lookup (c->written, id);

  g_assert_nonnull (rev);
  if (revs == NULL)
    {
      revs = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (c->written, g_strdup (id), revs);
    }
  g_ptr_array_add (revs, g_strdup (rev));
  c->writes++;
}

static char *
random_text (Campaign *c)
{
  static const char *const words[] = { "欠薪", "调解", "工伤", "加班费", "经济补偿", "劳动合同", "仲裁", "分期" };

  return g_strdup_printf ("%s %s %u", words[g_rand_int_range (c->rand, 0, G_N_ELEMENTS (words))],
                          words[g_rand_int_range (c->rand, 0, G_N_ELEMENTS (words))],
                          g_rand_int_range (c->rand, 0, 100000));
}

static char *
put (Campaign   *c,
     Station    *s,
     JsonObject *doc)
{
  g_autoptr(GError) error = NULL;
  char *rev = tj_store_put (s->store, doc, NULL, &error);

  g_assert_no_error (error);
  note_written (c, tj_json_get_string (doc, "_id", NULL), rev);
  return rev;
}

/* One random edit on @s: create, edit, revive, delete, attach, or
 * resolve a conflict. */
static void
random_edit (Campaign *c,
             Station  *s)
{
  g_autofree char *id = g_strdup_printf ("doc-%02d", g_rand_int_range (c->rand, 0, N_DOCS));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = tj_store_get (s->store, id, NULL, TJ_GET_DELETED, &error);
  g_autofree char *text = random_text (c);
  guint dice = g_rand_int_range (c->rand, 0, 100);

  if (doc == NULL)
    {
      /* New here: create it. */
      g_autoptr(JsonObject) fresh = json_object_new ();

      g_assert_error (error, TJ_ERROR, TJ_ERROR_NOT_FOUND);
      json_object_set_string_member (fresh, "_id", id);
      json_object_set_string_member (fresh, "type", "case");
      json_object_set_string_member (fresh, "title", text);
      json_object_set_int_member (fresh, "n", 0);
      json_object_set_string_member (fresh, "station", s->name);
      g_free (put (c, s, fresh));
      return;
    }

  if (tj_json_get_bool (doc, "_deleted", FALSE))
    {
      /* Deleted here: bring it back with new content. */
      g_autoptr(JsonObject) revived = json_object_new ();

      json_object_set_string_member (revived, "_id", id);
      json_object_set_string_member (revived, "_rev", tj_json_get_string (doc, "_rev", NULL));
      json_object_set_string_member (revived, "type", "case");
      json_object_set_string_member (revived, "title", text);
      json_object_set_int_member (revived, "n", 0);
      json_object_set_string_member (revived, "station", s->name);
      g_free (put (c, s, revived));
      return;
    }

  if (dice < 15)
    {
      g_autofree char *rev = tj_store_delete (s->store, id, tj_json_get_string (doc, "_rev", NULL), &error);
      g_assert_no_error (error);
      note_written (c, id, rev);
    }
  else if (dice < 35)
    {
      /* A scan: a new attachment, the others kept as stubs. */
      JsonObject *atts = tj_json_get_object (doc, "_attachments");
      JsonObject *copy = atts ? tj_json_object_copy (atts) : json_object_new ();
      JsonObject *att = json_object_new ();
      gsize size = g_rand_int_range (c->rand, 100, 3000);
      g_autofree guint8 *bytes = g_malloc (size);
      g_autofree char *b64 = NULL;
      g_autofree char *name = g_strdup_printf ("scan-%u.bin", g_rand_int_range (c->rand, 0, 4));

      for (gsize i = 0; i < size; i++)
        bytes[i] = (guint8) g_rand_int (c->rand);
      b64 = g_base64_encode (bytes, size);
      json_object_set_string_member (att, "content_type", "application/octet-stream");
      json_object_set_string_member (att, "data", b64);
      json_object_set_object_member (copy, name, att);
      json_object_set_object_member (doc, "_attachments", copy);
      g_free (put (c, s, doc));
    }
  else if (dice < 42)
    {
      /* Resolve the document's conflict, if it has one, by picking a
       * leaf at random. */
      g_autoptr(JsonArray) leaves = tj_store_get_leaves (s->store, id, &error);
      g_autoptr(GPtrArray) live = g_ptr_array_new ();

      g_assert_no_error (error);
      for (guint i = 0; i < json_array_get_length (leaves); i++)
        if (!json_object_get_boolean_member (json_array_get_object_element (leaves, i), "deleted"))
          g_ptr_array_add (live, (gpointer) json_object_get_string_member (json_array_get_object_element (leaves, i), "rev"));
      if (live->len > 1)
        {
          const char *pick = g_ptr_array_index (live, g_rand_int_range (c->rand, 0, live->len));
          g_autoptr(JsonObject) winner = tj_store_get (s->store, id, pick, TJ_GET_NONE, &error);
          g_autofree char *rev = NULL;

          g_assert_no_error (error);
          rev = tj_store_resolve_conflict (s->store, winner, &error);
          g_assert_no_error (error);
          note_written (c, id, rev);
        }
    }
  else
    {
      json_object_set_string_member (doc, "title", text);
      json_object_set_int_member (doc, "n", tj_json_get_int (doc, "n", 0) + 1);
      json_object_set_string_member (doc, "station", s->name);
      g_free (put (c, s, doc));
    }
}

/* A document of its own, written once: a revision that a fault made a
 * station skip would never be replaced by a later one. */
static void
new_document (Campaign *c,
              Station  *s,
              guint     round)
{
  g_autoptr(JsonObject) doc = json_object_new ();
  g_autofree char *id = g_strdup_printf ("%s-%03u", s->name, round);
  g_autofree char *text = random_text (c);

  json_object_set_string_member (doc, "_id", id);
  json_object_set_string_member (doc, "type", "note");
  json_object_set_string_member (doc, "title", text);
  json_object_set_string_member (doc, "station", s->name);
  g_free (put (c, s, doc));
}

/* A sync through the faulty proxy: it may fail, but only as a network
 * error; a revision it could not take is only one the faults damaged. */
static void
faulty_sync (Campaign *c,
             Station  *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) result = tj_replicator_run (s->replicator, NULL, &error);

  c->syncs++;
  if (result == NULL)
    {
      if (!g_error_matches (error, TJ_ERROR, TJ_ERROR_NETWORK))
        g_error ("%s: a sync failed with an error the faults cannot explain: %s (%s %d)", s->name,
                 error->message, g_quark_to_string (error->domain), error->code);
      c->failed_syncs++;
      return;
    }
  c->pulled += json_object_get_int_member (result, "pulled");
  c->pushed += json_object_get_int_member (result, "pushed");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "denied")), ==, 0);
  {
    JsonArray *errors = json_object_get_array_member (result, "errors");

    for (guint i = 0; i < json_array_get_length (errors); i++)
      {
        JsonObject *entry = json_array_get_object_element (errors, i);
        if (g_strcmp0 (json_object_get_string_member (entry, "error"), "bad_revision") != 0)
          {
            g_autofree char *text = tj_json_object_to_string (entry, FALSE);
            g_error ("%s: a revision was refused for a reason the faults cannot explain: %s", s->name, text);
          }
        c->refused_revisions++;
      }
  }
}

/* A clean sync: nothing may be refused. Returns what it moved. */
static guint
clean_sync (Campaign *c,
            Station  *s)
{
  g_autoptr(JsonObject) result = sync_ok (s->replicator);

  c->syncs++;
  return json_object_get_int_member (result, "pulled") + json_object_get_int_member (result, "pushed");
}

/* ------------------------------------------------------------------ */
/* Comparing the replicas                                               */
/* ------------------------------------------------------------------ */

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char **) a, *(char **) b);
}

/* "rev" or "rev (deleted)" of every leaf, sorted. */
static char *
leaf_set (JsonArray *leaves)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (leaves); i++)
    {
      JsonObject *leaf = json_array_get_object_element (leaves, i);
      g_ptr_array_add (items, g_strdup_printf ("%s%s", json_object_get_string_member (leaf, "rev"),
                                               json_object_get_boolean_member (leaf, "deleted") ? " (deleted)" : ""));
    }
  g_ptr_array_sort (items, compare_strings);
  for (guint i = 0; i < items->len; i++)
    g_string_append_printf (out, "%s%s", i ? ", " : "", (char *) g_ptr_array_index (items, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gint64
generation (const char *rev)
{
  return g_ascii_strtoll (rev, NULL, 10);
}

/* CouchDB's winner: not deleted first, then the highest generation, then
 * the highest hash as a string. */
static gboolean
beats (JsonObject *a,
       JsonObject *b)
{
  const char *ra = json_object_get_string_member (a, "rev");
  const char *rb = json_object_get_string_member (b, "rev");
  gboolean da = json_object_get_boolean_member (a, "deleted");
  gboolean db = json_object_get_boolean_member (b, "deleted");

  if (da != db)
    return !da;
  if (generation (ra) != generation (rb))
    return generation (ra) > generation (rb);
  return strcmp (strchr (ra, '-'), strchr (rb, '-')) > 0;
}

/* What a revision says: its members without "_" and its attachments'
 * data, canonical. */
static char *
content_of (JsonObject *doc)
{
  g_autoptr(JsonObject) content = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (doc);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *atts = tj_json_get_object (doc, "_attachments");

  for (GList *l = members; l; l = l->next)
    if (((char *) l->data)[0] != '_')
      json_object_set_member (content, l->data, json_node_copy (json_object_get_member (doc, l->data)));
  if (atts)
    {
      g_autoptr(GList) names = json_object_get_members (atts);
      JsonObject *data = json_object_new ();
      for (GList *l = names; l; l = l->next)
        json_object_set_string_member (data, l->data,
                                       tj_json_get_string (tj_json_get_object (atts, l->data), "data", ""));
      json_object_set_object_member (content, "_attachments", data);
    }
  node = json_node_init_object (json_node_alloc (), content);
  return tj_json_canonical (node);
}

/* The server's leaves of @id as [{rev, deleted}], winner first, and each
 * live leaf's content in @contents (rev -> content). */
static JsonArray *
server_leaves (Fixture     *f,
               const char  *id,
               GHashTable  *contents)
{
  g_autofree char *path = g_strdup_printf ("/station/%s?open_revs=all&attachments=true", id);
  guint status = 0;
  g_autoptr(JsonNode) reply = http (f, "GET", path, NULL, &status);
  JsonArray *leaves = json_array_new ();
  JsonObject *winner = NULL;
  JsonArray *items;

  g_assert_cmpuint (status, ==, 200);
  items = json_node_get_array (reply);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *doc = json_object_get_object_member (json_array_get_object_element (items, i), "ok");
      JsonObject *leaf = json_object_new ();

      g_assert_nonnull (doc);
      json_object_set_string_member (leaf, "rev", json_object_get_string_member (doc, "_rev"));
      json_object_set_boolean_member (leaf, "deleted", tj_json_get_bool (doc, "_deleted", FALSE));
      if (!tj_json_get_bool (doc, "_deleted", FALSE))
        g_hash_table_insert (contents, g_strdup (json_object_get_string_member (doc, "_rev")), content_of (doc));
      if (winner == NULL || beats (leaf, winner))
        winner = leaf;
      json_array_add_object_element (leaves, leaf);
    }
  g_assert_nonnull (winner);
  /* Winner first. */
  {
    JsonArray *sorted = json_array_new ();
    json_array_add_object_element (sorted, json_object_ref (winner));
    for (guint i = 0; i < json_array_get_length (leaves); i++)
      if (json_array_get_object_element (leaves, i) != winner)
        json_array_add_object_element (sorted, json_object_ref (json_array_get_object_element (leaves, i)));
    json_array_unref (leaves);
    leaves = sorted;
  }
  return leaves;
}

/* The content of revision @rev of @id on a station. */
static char *
station_content (Station    *s,
                 const char *id,
                 const char *rev)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = tj_store_get (s->store, id, rev, TJ_GET_DELETED | TJ_GET_ATTACHMENTS, &error);

  g_assert_no_error (error);
  return content_of (doc);
}

static GPtrArray *
changes_ids (JsonArray *rows)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    g_ptr_array_add (ids, g_strdup (json_object_get_string_member (json_array_get_object_element (rows, i), "id")));
  g_ptr_array_sort (ids, compare_strings);
  for (guint i = 1; i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i - 1), g_ptr_array_index (ids, i)) == 0)
      g_error ("document %s is in a changes feed twice", (char *) g_ptr_array_index (ids, i));
  return ids;
}

static char *
join_ids (GPtrArray *ids)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (out, "%s%s", i ? " " : "", (char *) g_ptr_array_index (ids, i));
  return g_string_free (out, FALSE);
}

static void
compare_replicas (Campaign *c,
                  Station  *stations,
                  guint     n_stations)
{
  Fixture *f = c->f;
  g_autoptr(JsonObject) asked = json_object_new ();
  g_autoptr(GPtrArray) server_ids = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint revisions = 0;

  /* Nothing lost: every revision written anywhere is on every replica. */
  g_hash_table_iter_init (&iter, c->written);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *revs = value;
      JsonArray *list = json_array_new ();
      for (guint i = 0; i < revs->len; i++)
        json_array_add_string_element (list, g_ptr_array_index (revs, i));
      json_object_set_array_member (asked, key, list);
      revisions += revs->len;
    }
  for (guint s = 0; s < n_stations; s++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) diff = tj_store_revs_diff (stations[s].store, asked, &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = tj_json_object_to_string (diff, FALSE);
      if (json_object_get_size (diff) != 0)
        g_error ("station %s lost revisions: %s", stations[s].name, text);
    }
  /* On the server, as PouchDB keeps only the leaves' bodies (a revision
   * replaced before it was pushed only ever travels as an id in its
   * successor's history, and PouchDB's _revs_diff calls such a body
   * missing): every revision is a leaf or in a leaf's history. */
  g_hash_table_iter_init (&iter, c->written);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *revs = value;
      g_autofree char *path = g_strdup_printf ("/station/%s?open_revs=all&revs=true", (char *) key);
      guint status = 0;
      g_autoptr(JsonNode) reply = http (f, "GET", path, NULL, &status);
      g_autoptr(GHashTable) known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      JsonArray *items;

      g_assert_cmpuint (status, ==, 200);
      items = json_node_get_array (reply);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          JsonObject *doc = json_object_get_object_member (json_array_get_object_element (items, i), "ok");
          JsonObject *revisions = json_object_get_object_member (doc, "_revisions");
          JsonArray *ids = json_object_get_array_member (revisions, "ids");
          gint64 start = json_object_get_int_member (revisions, "start");

          for (guint j = 0; j < json_array_get_length (ids); j++)
            g_hash_table_add (known, g_strdup_printf ("%" G_GINT64_FORMAT "-%s", start - j,
                                                      json_array_get_string_element (ids, j)));
        }
      for (guint i = 0; i < revs->len; i++)
        if (!g_hash_table_contains (known, g_ptr_array_index (revs, i)))
          g_error ("the server lost revision %s of %s", (char *) g_ptr_array_index (revs, i), (char *) key);
    }

  /* Nothing twice: each document once in every changes feed, and the
   * same documents everywhere. */
  {
    g_autoptr(JsonObject) feed = http_object (f, "GET", "/station/_changes?style=all_docs", NULL, 200);
    server_ids = changes_ids (json_object_get_array_member (feed, "results"));
  }
  g_assert_cmpuint (server_ids->len, ==, g_hash_table_size (c->written));
  for (guint s = 0; s < n_stations; s++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonObject) feed = tj_store_changes (stations[s].store, 0, 0, &error);
      g_autoptr(GPtrArray) ids = NULL;

      g_assert_no_error (error);
      ids = changes_ids (json_object_get_array_member (feed, "results"));
      for (guint i = 0; i < MAX (ids->len, server_ids->len); i++)
        if (i >= ids->len || i >= server_ids->len ||
            g_strcmp0 (g_ptr_array_index (ids, i), g_ptr_array_index (server_ids, i)) != 0)
          {
            g_autofree char *mine = join_ids (ids);
            g_autofree char *theirs = join_ids (server_ids);
            g_error ("station %s has the documents %s; the server %s", stations[s].name, mine, theirs);
          }
    }

  /* The same winner, content and leaves everywhere. */
  for (guint i = 0; i < server_ids->len; i++)
    {
      const char *id = g_ptr_array_index (server_ids, i);
      g_autoptr(GHashTable) contents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_autoptr(JsonArray) theirs = server_leaves (f, id, contents);
      g_autofree char *their_set = leaf_set (theirs);
      const char *their_winner = json_object_get_string_member (json_array_get_object_element (theirs, 0), "rev");

      for (guint s = 0; s < n_stations; s++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonArray) mine = tj_store_get_leaves (stations[s].store, id, &error);
          g_autofree char *my_set = NULL;

          g_assert_no_error (error);
          my_set = leaf_set (mine);
          if (g_strcmp0 (my_set, their_set) != 0)
            g_error ("%s: station %s has leaves [%s], the server [%s]", id, stations[s].name, my_set, their_set);
          g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (mine, 0), "rev"), ==,
                           their_winner);
          /* The winner and every conflicting leaf say the same. */
          for (guint l = 0; l < json_array_get_length (mine); l++)
            {
              JsonObject *leaf = json_array_get_object_element (mine, l);
              const char *rev = json_object_get_string_member (leaf, "rev");
              g_autofree char *my_content = NULL;

              if (json_object_get_boolean_member (leaf, "deleted"))
                continue;
              my_content = station_content (&stations[s], id, rev);
              if (g_strcmp0 (my_content, g_hash_table_lookup (contents, rev)) != 0)
                g_error ("%s %s differs on station %s:\n%s\nserver:\n%s", id, rev, stations[s].name,
                         my_content, (char *) g_hash_table_lookup (contents, rev));
            }
        }
    }
  g_test_message ("compared %u documents, %u revisions written by the stations: none lost",
                  server_ids->len, revisions);
}

static void
test_campaign (Fixture       *f,
               gconstpointer  data)
{
  guint32 seed = env_uint ("TJ_FAULT_SEED", g_test_rand_int ());
  guint rounds = env_uint ("TJ_FAULT_ROUNDS", DEFAULT_ROUNDS);
  double probability = g_getenv ("TJ_FAULT_PROBABILITY") ? g_ascii_strtod (g_getenv ("TJ_FAULT_PROBABILITY"), NULL)
                                                          : DEFAULT_PROBABILITY;
  g_autoptr(Proxy) proxy = NULL;
  Station stations[2] = { { "A", NULL, NULL }, { "B", NULL, NULL } };
  Campaign c = { 0 };
  guint conflicts = 0;
  guint injected = 0;
  guint quiet = 0;
  gint64 start = g_get_monotonic_time ();

  SKIP_IF_FAILED (f);
  g_test_message ("fault campaign: seed %u, %u rounds, fault probability %.2f per request "
                  "(TJ_FAULT_SEED, TJ_FAULT_ROUNDS, TJ_FAULT_PROBABILITY)", seed, rounds, probability);
  c.f = f;
  c.rand = g_rand_new_with_seed (seed);
  c.written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  create_db (f, "station");
  proxy = proxy_new (f->server.url);
  for (guint s = 0; s < G_N_ELEMENTS (stations); s++)
    {
      g_autofree char *name = g_strdup_printf ("%s.db", stations[s].name);
      stations[s].store = open_store (f, name);
      stations[s].replicator = replicator_for (f, stations[s].store, proxy->url, "station");
      /* Small batches: many checkpoints, pages in flight, refused lists. */
      tj_replicator_set_batch_size (stations[s].replicator, 4);
    }

  proxy_randomize (proxy, seed ^ 0x5eed, probability);
  for (guint round = 0; round < rounds; round++)
    {
      for (guint s = 0; s < G_N_ELEMENTS (stations); s++)
        {
          for (guint op = 0; op < OPS_PER_ROUND; op++)
            random_edit (&c, &stations[s]);
          new_document (&c, &stations[s], round);
        }
      if (g_rand_boolean (c.rand))
        {
          faulty_sync (&c, &stations[0]);
          faulty_sync (&c, &stations[1]);
        }
      else
        {
          faulty_sync (&c, &stations[1]);
          faulty_sync (&c, &stations[0]);
        }
    }
  for (guint k = 0; k < N_FAULT_KINDS; k++)
    injected += proxy->injected[k];
  g_test_message ("%u syncs under faults (%u failed, %u revisions refused on the way), %u requests, "
                  "%u faults injected: drop %u, drop after %u, 500 %u, 502 after %u, delay %u, "
                  "truncate %u, cut %u, corrupt %u, rename %u",
                  c.syncs, c.failed_syncs, c.refused_revisions, proxy->requests, injected,
                  proxy->injected[FAULT_DROP], proxy->injected[FAULT_DROP_AFTER], proxy->injected[FAULT_STATUS],
                  proxy->injected[FAULT_STATUS_AFTER], proxy->injected[FAULT_DELAY],
                  proxy->injected[FAULT_TRUNCATE], proxy->injected[FAULT_CUT], proxy->injected[FAULT_CORRUPT],
                  proxy->injected[FAULT_RENAME]);

  /* The network heals: sync until a whole round moves nothing. */
  proxy_randomize (proxy, 0, 0);
  for (guint i = 0; i < 8 && quiet < 2; i++)
    {
      guint moved = clean_sync (&c, &stations[i % 2]);
      quiet = moved == 0 ? quiet + 1 : 0;
    }
  g_assert_cmpuint (quiet, ==, 2);

  compare_replicas (&c, stations, G_N_ELEMENTS (stations));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonArray) list = tj_store_list_conflicts (stations[0].store, &error);
    g_assert_no_error (error);
    conflicts = json_array_get_length (list);
  }
  g_test_message ("%u syncs in all, %u revisions written by the stations, %u pulled, %u pushed, "
                  "%u documents in conflict kept, %.1f s; lost 0",
                  c.syncs, c.writes, c.pulled, c.pushed, conflicts, (g_get_monotonic_time () - start) / 1e6);

  for (guint s = 0; s < G_N_ELEMENTS (stations); s++)
    {
      g_clear_object (&stations[s].replicator);
      g_clear_object (&stations[s].store);
    }
  g_hash_table_unref (c.written);
  g_rand_free (c.rand);
}

int
main (int    argc,
      char **argv)
{
  g_log_writer_default_set_use_stderr (TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync-faults/campaign", Fixture, NULL, fixture_setup, test_campaign, fixture_teardown);

  return g_test_run ();
}
