/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-case.h"
#include "tj-conflicts-window.h"
#include "tj-field-labels.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-reveal.h"
#include "tj-reveal-dialog.h"
#include "tj-ui-format.h"
#include "tj-ui-work.h"

/* The Conflicts view. Two stations edited the same document before they
 * synced; the store keeps every version (CouchDB semantics) and picks a
 * provisional winner by a rule the mediator never sees. Here the versions
 * stand side by side, field by field, with the differences highlighted;
 * the mediator keeps one version or picks per field, and only an explicit
 * "Resolve" writes — tj_store_resolve_conflict(): the chosen values extend
 * one leaf and every other leaf is deleted in the same write, with
 * deterministic revision ids, so two stations resolving alike converge.
 * Personal numbers (tj_reveal_field_known()) are masked here as in every
 * list, inside records too; where they differ between versions the
 * mediator may see them in full for a moment, for a reason that is
 * recorded (tj_reveal_record()): the versions are values this window holds,
 * which tj_reveal() — it reads the current version — could not give.
 * Masking is display only: the choice and the write use the raw values.
 * Everything read and written here runs on the repository's worker (the
 * *_in_worker jobs); widgets are filled when it answers. */

struct _TjConflictsWindow
{
  AdwWindow        parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  GtkListBox      *doc_list;
  GtkLabel        *doc_title;
  GtkLabel        *doc_subtitle;
  GtkGrid         *compare_grid;
  GtkLabel        *summary_label;
  GtkButton       *resolve_button;

  TjApplication   *application;
  GCancellable    *cancellable;      /* the list's read; cancelled on dispose */
  GCancellable    *doc_cancellable;  /* the versions of the document selected */
  gboolean         resolving;

  /* The document shown. */
  char            *id;
  GPtrArray       *revs;      /* char*, the current winner first */
  GPtrArray       *bodies;    /* JsonObject*, parallel to revs */
  GPtrArray       *fields;    /* char*, the fields shown */
  GPtrArray       *choices;   /* per field: GPtrArray of GtkCheckButton*, one per version */
  GPtrArray       *personal;  /* per field: GHashTable of the personal fields that differ in it, or NULL */
  GPtrArray       *reveal_buttons; /* per field: its "Show in Full" button, or NULL */
  GArray          *reveal_timers;  /* per field: the source masking it again while shown, or 0 */
  guint            generation;     /* counts the documents shown, for replies of the worker */
};

G_DEFINE_FINAL_TYPE (TjConflictsWindow, tj_conflicts_window, ADW_TYPE_WINDOW)

enum {
  RESOLVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Members that are bookkeeping, not content the mediator decides on. */
static gboolean
is_hidden_field (const char *name)
{
  return name[0] == '_' || g_str_equal (name, "type") || g_str_equal (name, "case_id");
}

/* Labels of members, roles and document types come from core's one table
 * (tj-field-labels), shared with the timeline and the CLI. */
#define field_label(name) tj_field_label (name)
#define type_label(type) tj_document_type_label (type)

/* A value as a mediator reads it: labels for codes, dates and times as
 * dates and times, money as money, a record inside a record by its
 * labelled members — never a member name or a raw timestamp. */
static char *
format_value (const char *field,
              JsonNode   *node,
              GHashTable *revealed)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("(empty)"));
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (o);
      g_autoptr(GString) text = g_string_new (NULL);

      for (GList *l = members; l; l = l->next)
        {
          g_autofree char *value = NULL;

          /* Links to other records mean nothing to a reader. */
          if (g_str_has_suffix (l->data, "_id") || ((char *) l->data)[0] == '_')
            continue;
          value = format_value (l->data, json_object_get_member (o, l->data), revealed);
          if (text->len)
            g_string_append (text, "; ");
          /* Translators: a labelled value inside a record, "Name: 华建劳务有限公司". */
          g_string_append_printf (text, _("%s: %s"), field_label (l->data), value);
        }
      return text->len ? g_string_free (g_steal_pointer (&text), FALSE) : g_strdup (_("(empty)"));
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);
      guint n = json_array_get_length (a);
      g_autoptr(GString) text = g_string_new (NULL);

      if (n == 0)
        return g_strdup (_("(empty)"));
      for (guint i = 0; i < n; i++)
        {
          JsonNode *e = json_array_get_element (a, i);
          if (!JSON_NODE_HOLDS_VALUE (e))
            return g_strdup_printf (ngettext ("%u entry", "%u entries", n), n);
        }
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *value = format_value (field, json_array_get_element (a, i), revealed);
          if (text->len)
            g_string_append (text, _(", "));
          g_string_append (text, value);
        }
      return g_string_free (g_steal_pointer (&text), FALSE);
    }
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (node);
          if (*text == '\0')
            return g_strdup (_("(empty)"));
          /* Masked as in every list, unless shown in full on request. */
          if (tj_reveal_field_known (field) && (revealed == NULL || !g_hash_table_contains (revealed, field)))
            return tj_reveal_mask (field, text);
          if (tj_field_is_timestamp (field))
            return tj_ui_format_timestamp (text);
          if (tj_field_is_date (field))
            return tj_ui_format_date (text);
          if (g_str_equal (field, "status"))
            return g_strdup (tj_case_status_label (text));
          if (g_str_equal (field, "kind"))
            return g_strdup (tj_case_kind_label (text));
          if (g_str_equal (field, "source"))
            return g_strdup (tj_case_source_label (text));
          if (g_str_equal (field, "role"))
            return g_strdup (tj_party_role_label (text));
          return g_strdup (text);
        }
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? _("Yes") : _("No"));
      if (type == G_TYPE_INT64 && g_str_has_suffix (field, "_fen"))
        return tj_money_format (json_node_get_int (node));
    }
  {
    g_autofree char *text = tj_json_to_string (node, FALSE);
    if (g_utf8_strlen (text, -1) > 300)
      {
        g_autofree char *cut = g_utf8_substring (text, 0, 300);
        return g_strconcat (cut, "…", NULL);
      }
    return g_steal_pointer (&text);
  }
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  g_autofree char *ta = NULL;
  g_autofree char *tb = NULL;

  if (a == NULL || b == NULL)
    return a == b;
  ta = tj_json_to_string (a, FALSE);
  tb = tj_json_to_string (b, FALSE);
  return g_strcmp0 (ta, tb) == 0;
}

/* The personal numbers in @node by where they are ("worker/phone",
 * "phone", "agents[0]/id_number": the name of the field last, before an
 * index) → their value. */
static void
collect_personal (const char *path,
                  const char *field,
                  JsonNode   *node,
                  GHashTable *out)
{
  if (node == NULL)
    return;
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (o);

      for (GList *l = members; l; l = l->next)
        {
          g_autofree char *inner = g_strconcat (path, "/", l->data, NULL);
          collect_personal (inner, l->data, json_object_get_member (o, l->data), out);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          g_autofree char *inner = g_strdup_printf ("%s[%u]", path, i);
          collect_personal (inner, field, json_array_get_element (a, i), out);
        }
    }
  else if (tj_reveal_field_known (field) && JSON_NODE_HOLDS_VALUE (node) &&
           json_node_get_value_type (node) == G_TYPE_STRING && *json_node_get_string (node) != '\0')
    g_hash_table_insert (out, g_strdup (path), g_strdup (json_node_get_string (node)));
}

/* The personal fields ("phone"…) of member @field whose values are not the
 * same in every version: what the mediator may need to see in full to
 * choose. NULL when there are none. */
static GHashTable *
differing_personal (GPtrArray  *bodies,
                    const char *field)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr(GHashTable) paths = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTable *names = NULL;
  GHashTableIter iter;
  gpointer path;

  for (guint v = 0; v < bodies->len; v++)
    {
      GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

      collect_personal (field, field, json_object_get_member (g_ptr_array_index (bodies, v), field), values);
      g_hash_table_iter_init (&iter, values);
      while (g_hash_table_iter_next (&iter, &path, NULL))
        g_hash_table_add (paths, path);
      g_ptr_array_add (tables, values);
    }
  g_hash_table_iter_init (&iter, paths);
  while (g_hash_table_iter_next (&iter, &path, NULL))
    {
      const char *first = g_hash_table_lookup (g_ptr_array_index (tables, 0), path);

      for (guint v = 1; v < tables->len; v++)
        if (g_strcmp0 (first, g_hash_table_lookup (g_ptr_array_index (tables, v), path)) != 0)
          {
            const char *slash = strrchr (path, '/');
            const char *last = slash ? slash + 1 : path;
            g_autofree char *name = g_strndup (last, strcspn (last, "["));

            if (names == NULL)
              names = g_hash_table_new (g_str_hash, g_str_equal);
            g_hash_table_add (names, (gpointer) g_intern_string (name));
            break;
          }
    }
  return names;
}

/* Title and subtitle of a document in the list: what it is to the
 * mediator (the case title, the party's name, the note's words), never
 * its id. */
static void
describe_in_worker (TjStore     *store,
                    JsonObject  *doc,
                    char       **out_title,
                    char       **out_subtitle)
{
  const char *type = tj_json_get_string (doc, "type", NULL);
  const char *case_id = tj_json_get_string (doc, "case_id", NULL);
  g_autofree char *case_title = NULL;
  const char *own = NULL;

  if (case_id)
    {
      g_autoptr(JsonObject) c = tj_store_get (store, case_id, NULL, TJ_GET_NONE, NULL);
      if (c)
        case_title = g_strdup (tj_json_get_string (c, "title", tj_json_get_string (c, "number", "")));
    }

  if (g_strcmp0 (type, "case") == 0)
    own = tj_json_get_string (doc, "title", tj_json_get_string (doc, "number", NULL));
  else
    own = tj_json_get_string (doc, "name", tj_json_get_string (doc, "title", tj_json_get_string (doc, "text", NULL)));

  if (own && *own)
    {
      g_autofree char *cut = g_utf8_substring (own, 0, MIN (g_utf8_strlen (own, -1), 60));
      *out_title = g_strdup (cut);
    }
  else
    *out_title = g_strdup (type_label (type));

  if (g_strcmp0 (type, "case") == 0)
    {
      const char *number = tj_json_get_string (doc, "number", "");
      *out_subtitle = *number ? g_strdup_printf (_("Case %s"), number) : g_strdup (_("Case"));
    }
  else if (case_title && *case_title)
    /* Translators: "Party in case “Unpaid wages at …”". */
    *out_subtitle = g_strdup_printf (_("%s in case “%s”"), type_label (type), case_title);
  else
    *out_subtitle = g_strdup (type_label (type));
}

static void
clear_grid (TjConflictsWindow *self)
{
  GtkWidget *child;

  /* A value shown in full goes back under its mask with the document. */
  for (guint f = 0; self->reveal_timers && f < self->reveal_timers->len; f++)
    g_clear_handle_id (&g_array_index (self->reveal_timers, guint, f), g_source_remove);
  g_clear_pointer (&self->reveal_timers, g_array_unref);
  g_clear_pointer (&self->reveal_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->personal, g_ptr_array_unref);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->compare_grid))))
    gtk_grid_remove (self->compare_grid, child);
  g_clear_pointer (&self->choices, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->bodies, g_ptr_array_unref);
  g_clear_pointer (&self->revs, g_ptr_array_unref);
  g_clear_pointer (&self->id, g_free);
}

/* Which version each field comes from. */
static guint
chosen_version (TjConflictsWindow *self,
                guint              field)
{
  GPtrArray *buttons = g_ptr_array_index (self->choices, field);

  for (guint v = 0; v < buttons->len; v++)
    if (gtk_check_button_get_active (g_ptr_array_index (buttons, v)))
      return v;
  return 0;
}

static void
update_summary (TjConflictsWindow *self)
{
  g_autofree char *text = NULL;
  guint from_other = 0;
  guint differing = 0;

  if (self->choices == NULL)
    return;
  for (guint f = 0; f < self->fields->len; f++)
    {
      GPtrArray *buttons = g_ptr_array_index (self->choices, f);
      if (gtk_widget_has_css_class (g_ptr_array_index (buttons, 0), "tj-differs"))
        differing++;
      if (chosen_version (self, f) != 0)
        from_other++;
    }
  if (from_other == 0)
    text = g_strdup_printf (ngettext ("%u field differs. Keeping version 1.",
                                      "%u fields differ. Keeping version 1.", differing), differing);
  else
    text = g_strdup_printf (ngettext ("%u field differs. %u value comes from another version.",
                                      "%u fields differ. %u values come from other versions.", from_other),
                            differing, from_other);
  gtk_label_set_text (self->summary_label, text);
}

static void
use_version_clicked_cb (GtkButton         *button,
                        TjConflictsWindow *self)
{
  guint version = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "version"));

  for (guint f = 0; self->choices && f < self->choices->len; f++)
    {
      GPtrArray *buttons = g_ptr_array_index (self->choices, f);
      gtk_check_button_set_active (g_ptr_array_index (buttons, version), TRUE);
    }
  update_summary (self);
}

static void
choice_toggled_cb (GtkCheckButton    *button,
                   TjConflictsWindow *self)
{
  if (gtk_check_button_get_active (button))
    update_summary (self);
}

static GtkWidget *
header_cell (const char *title,
             const char *subtitle)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  if (subtitle)
    {
      label = gtk_label_new (subtitle);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), label);
    }
  return box;
}

/* The versions of one document, read on the worker. */
typedef struct {
  char      *id;
  GPtrArray *revs;
  GPtrArray *bodies;
  char      *title;
  char      *subtitle;
} DocJob;

static void
doc_job_free (DocJob *job)
{
  g_free (job->id);
  g_clear_pointer (&job->revs, g_ptr_array_unref);
  g_clear_pointer (&job->bodies, g_ptr_array_unref);
  g_free (job->title);
  g_free (job->subtitle);
  g_free (job);
}

static gboolean
read_versions_in_worker (TjStore              *store,
                         const TjCaseContext  *ctx,
                         gpointer              data,
                         GError              **error)
{
  DocJob *job = data;
  g_autoptr(JsonArray) leaves = NULL;

  leaves = tj_store_get_leaves (store, job->id, error);
  if (leaves == NULL)
    return FALSE;
  job->revs = g_ptr_array_new_with_free_func (g_free);
  job->bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (guint i = 0; i < json_array_get_length (leaves); i++)
    {
      JsonObject *leaf = json_array_get_object_element (leaves, i);
      const char *rev = tj_json_get_string (leaf, "rev", NULL);
      g_autoptr(GError) local_error = NULL;
      JsonObject *body;

      /* Deleted leaves are not versions to choose from. */
      if (rev == NULL || tj_json_get_bool (leaf, "deleted", FALSE))
        continue;
      body = tj_store_get (store, job->id, rev, TJ_GET_NONE, &local_error);
      if (body == NULL)
        {
          g_warning ("Could not read a revision of a document in conflict: %s", local_error->message);
          continue;
        }
      g_ptr_array_add (job->revs, g_strdup (rev));
      g_ptr_array_add (job->bodies, body);
    }
  if (job->bodies->len > 0)
    describe_in_worker (store, g_ptr_array_index (job->bodies, 0), &job->title, &job->subtitle);
  return TRUE;
}

static void fill_document (TjConflictsWindow *self, DocJob *job);

static void
versions_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TjConflictsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  DocJob *job = NULL;

  if (!tj_ui_work_run_finish (result, (gpointer *) &job, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  fill_document (self, job);
}

static void
show_document (TjConflictsWindow *self,
               const char        *id)
{
  DocJob *job;

  g_cancellable_cancel (self->doc_cancellable);
  g_clear_object (&self->doc_cancellable);
  self->doc_cancellable = g_cancellable_new ();
  job = g_new0 (DocJob, 1);
  job->id = g_strdup (id);
  tj_ui_work_run_async (self->application, read_versions_in_worker, job, (GDestroyNotify) doc_job_free,
                        self->doc_cancellable, versions_read_cb, g_object_ref (self));
}

static void
personal_free (gpointer data)
{
  if (data)
    g_hash_table_unref (data);
}

/* The values of field @f in every version: masked, or with its differing
 * personal numbers in full while a reveal lasts. */
static void
show_values (TjConflictsWindow *self,
             guint              f,
             gboolean           in_full)
{
  const char *field = g_ptr_array_index (self->fields, f);
  GPtrArray *buttons = g_ptr_array_index (self->choices, f);
  GHashTable *personal = in_full ? g_ptr_array_index (self->personal, f) : NULL;

  for (guint v = 0; v < buttons->len; v++)
    {
      JsonNode *node = json_object_get_member (g_ptr_array_index (self->bodies, v), field);
      g_autofree char *text = format_value (field, node, personal);
      GtkWidget *label = gtk_check_button_get_child (g_ptr_array_index (buttons, v));

      gtk_label_set_text (GTK_LABEL (label), text);
    }
}

typedef struct {
  TjConflictsWindow *self;  /* the timer is removed with the document */
  guint              field;
} RevealMoment;

static gboolean
mask_again_cb (gpointer data)
{
  RevealMoment *m = data;
  TjConflictsWindow *self = m->self;

  g_array_index (self->reveal_timers, guint, m->field) = 0;
  show_values (self, m->field, FALSE);
  gtk_widget_set_sensitive (g_ptr_array_index (self->reveal_buttons, m->field), TRUE);
  return G_SOURCE_REMOVE;
}

/* The reveal of field @field of the document @generation counted, recorded
 * on the worker: one audit document per personal field that differs. */
typedef struct {
  char   *id;
  char  **names;
  char   *reason;
  guint   field;
  guint   generation;
} RevealJob;

static void
reveal_job_free (RevealJob *job)
{
  g_free (job->id);
  g_free (job->names);  /* interned strings */
  g_free (job->reason);
  g_free (job);
}

static gboolean
record_reveal_in_worker (TjStore              *store,
                         const TjCaseContext  *ctx,
                         gpointer              data,
                         GError              **error)
{
  RevealJob *job = data;

  for (guint i = 0; job->names[i]; i++)
    if (!tj_reveal_record (store, ctx, job->id, job->names[i], job->reason, error))
      return FALSE;
  return TRUE;
}

static void
reveal_recorded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(TjConflictsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  RevealJob *job = NULL;
  RevealMoment *m;

  /* No value is shown without its record. */
  if (!tj_ui_work_run_finish (result, (gpointer *) &job, &error))
    {
      if (self->application != NULL)
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  /* Closed, or another document shown meanwhile: nothing to show. */
  if (self->application == NULL || job->generation != self->generation || self->reveal_timers == NULL)
    return;
  m = g_new0 (RevealMoment, 1);
  m->self = self;
  m->field = job->field;
  g_clear_handle_id (&g_array_index (self->reveal_timers, guint, job->field), g_source_remove);
  show_values (self, job->field, TRUE);
  /* Kept in its place (insensitive) so that the columns do not move. */
  gtk_widget_set_sensitive (g_ptr_array_index (self->reveal_buttons, job->field), FALSE);
  g_array_index (self->reveal_timers, guint, job->field) =
    g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, TJ_REVEAL_SECONDS, mask_again_cb, m, g_free);
}

typedef struct {
  TjConflictsWindow *self;  /* a reference */
  guint              field;
  guint              generation;
} RevealAsk;

static void
reveal_ask_free (RevealAsk *ask)
{
  g_object_unref (ask->self);
  g_free (ask);
}

static void
reason_given_cb (const char *reason,
                 gpointer    user_data)
{
  RevealAsk *ask = user_data;
  TjConflictsWindow *self = ask->self;
  RevealJob *job;

  if (self->application == NULL || ask->generation != self->generation || self->personal == NULL)
    return;
  job = g_new0 (RevealJob, 1);
  job->id = g_strdup (self->id);
  job->names = (char **) g_hash_table_get_keys_as_array (g_ptr_array_index (self->personal, ask->field), NULL);
  job->reason = g_strdup (reason);
  job->field = ask->field;
  job->generation = ask->generation;
  tj_ui_work_run_async (self->application, record_reveal_in_worker, job, (GDestroyNotify) reveal_job_free,
                        NULL, reveal_recorded_cb, g_object_ref (self));
}

static void
reveal_clicked_cb (GtkButton         *button,
                   TjConflictsWindow *self)
{
  guint f = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "field"));
  const char *field = g_ptr_array_index (self->fields, f);
  GHashTable *personal = g_ptr_array_index (self->personal, f);
  RevealAsk *ask;

  /* The question names the number: the field itself, or for a record the
   * (first) number inside it that differs. */
  if (!tj_reveal_field_known (field))
    {
      GHashTableIter iter;
      gpointer name;

      g_hash_table_iter_init (&iter, personal);
      if (g_hash_table_iter_next (&iter, &name, NULL))
        field = name;
    }
  ask = g_new0 (RevealAsk, 1);
  ask->self = g_object_ref (self);
  ask->field = f;
  ask->generation = self->generation;
  tj_reveal_dialog_ask_reason (GTK_WIDGET (self), field, reason_given_cb, ask, (GDestroyNotify) reveal_ask_free);
}

static void
fill_document (TjConflictsWindow *self,
               DocJob            *job)
{
  guint n;

  clear_grid (self);
  self->id = g_strdup (job->id);
  self->revs = g_steal_pointer (&job->revs);
  self->bodies = g_steal_pointer (&job->bodies);
  self->fields = g_ptr_array_new_with_free_func (g_free);
  self->choices = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->personal = g_ptr_array_new_with_free_func (personal_free);
  self->reveal_buttons = g_ptr_array_new ();
  self->reveal_timers = g_array_new (FALSE, TRUE, sizeof (guint));
  self->generation++;
  n = self->bodies->len;
  if (n == 0)
    return;

  gtk_label_set_text (self->doc_title, job->title);
  gtk_label_set_text (self->doc_subtitle, job->subtitle);

  /* Fields in the order of the current version, then the others'. */
  {
    g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
    for (guint v = 0; v < n; v++)
      {
        g_autoptr(GList) members = json_object_get_members (g_ptr_array_index (self->bodies, v));
        for (GList *l = members; l; l = l->next)
          if (!is_hidden_field (l->data) && !g_hash_table_contains (seen, l->data))
            {
              g_hash_table_add (seen, l->data);
              g_ptr_array_add (self->fields, g_strdup (l->data));
            }
      }
  }

  /* Header row. */
  gtk_grid_attach (self->compare_grid, header_cell (_("Field"), NULL), 0, 0, 1, 1);
  for (guint v = 0; v < n; v++)
    {
      g_autofree char *name = g_strdup_printf (_("Version %u"), v + 1);
      const char *rev = g_ptr_array_index (self->revs, v);
      g_autofree char *note = v == 0 ? g_strdup (_("Shown now until resolved"))
                                     : g_strdup (_("Kept aside as a conflict"));
      GtkWidget *cell = header_cell (name, note);
      GtkWidget *button = gtk_button_new_with_label (_("Use This Version"));

      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_widget_set_margin_top (button, 6);
      g_object_set_data (G_OBJECT (button), "version", GUINT_TO_POINTER (v));
      gtk_widget_set_tooltip_text (button, rev);
      g_signal_connect (button, "clicked", G_CALLBACK (use_version_clicked_cb), self);
      gtk_box_append (GTK_BOX (cell), button);
      gtk_widget_set_hexpand (cell, TRUE);
      gtk_grid_attach (self->compare_grid, cell, (int) v + 1, 0, 1, 1);
    }

  for (guint f = 0; f < self->fields->len; f++)
    {
      const char *field = g_ptr_array_index (self->fields, f);
      GPtrArray *buttons = g_ptr_array_new ();
      GtkWidget *name = gtk_label_new (field_label (field));
      JsonNode *first = json_object_get_member (g_ptr_array_index (self->bodies, 0), field);
      gboolean differs = FALSE;
      GtkCheckButton *group = NULL;
      GHashTable *personal = NULL;
      GtkWidget *reveal = NULL;
      guint no_timer = 0;

      for (guint v = 1; v < n; v++)
        if (!nodes_equal (first, json_object_get_member (g_ptr_array_index (self->bodies, v), field)))
          differs = TRUE;
      /* Only numbers the mediator must choose between can be shown. */
      if (differs)
        personal = differing_personal (self->bodies, field);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_set_valign (name, GTK_ALIGN_START);
      gtk_widget_set_margin_top (name, 4);
      gtk_widget_add_css_class (name, differs ? "heading" : "dim-label");
      if (personal)
        {
          GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

          reveal = gtk_button_new_with_label (_("Show in Full…"));
          gtk_widget_set_tooltip_text (reveal, _("Show the values of every version in full for a moment; "
                                                 "the reason is recorded in the access log"));
          gtk_widget_set_halign (reveal, GTK_ALIGN_START);
          gtk_widget_add_css_class (reveal, "flat");
          gtk_widget_add_css_class (reveal, "caption");
          g_object_set_data (G_OBJECT (reveal), "field", GUINT_TO_POINTER (f));
          g_signal_connect (reveal, "clicked", G_CALLBACK (reveal_clicked_cb), self);
          gtk_box_append (GTK_BOX (box), name);
          gtk_box_append (GTK_BOX (box), reveal);
          gtk_widget_set_valign (box, GTK_ALIGN_START);
          gtk_grid_attach (self->compare_grid, box, 0, (int) f + 1, 1, 1);
        }
      else
        gtk_grid_attach (self->compare_grid, name, 0, (int) f + 1, 1, 1);
      g_ptr_array_add (self->personal, personal);
      g_ptr_array_add (self->reveal_buttons, reveal);
      g_array_append_val (self->reveal_timers, no_timer);

      for (guint v = 0; v < n; v++)
        {
          JsonNode *node = json_object_get_member (g_ptr_array_index (self->bodies, v), field);
          g_autofree char *text = format_value (field, node, NULL);
          GtkWidget *check = gtk_check_button_new ();
          GtkWidget *label = gtk_label_new (text);

          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
          gtk_label_set_selectable (GTK_LABEL (label), FALSE);
          gtk_check_button_set_child (GTK_CHECK_BUTTON (check), label);
          if (group)
            gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
          else
            group = GTK_CHECK_BUTTON (check);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), v == 0);
          /* Only a differing field is a choice; equal values need none. */
          gtk_widget_set_sensitive (check, differs);
          if (differs)
            gtk_widget_add_css_class (check, "tj-differs");
          gtk_widget_set_valign (check, GTK_ALIGN_START);
          g_signal_connect (check, "toggled", G_CALLBACK (choice_toggled_cb), self);
          gtk_grid_attach (self->compare_grid, check, (int) v + 1, (int) f + 1, 1, 1);
          g_ptr_array_add (buttons, check);
        }
      g_ptr_array_add (self->choices, buttons);
    }
  update_summary (self);
}

static void
doc_selected_cb (TjConflictsWindow *self,
                 GtkListBoxRow     *row)
{
  const char *id = row ? g_object_get_data (G_OBJECT (row), "doc-id") : NULL;

  if (id)
    show_document (self, id);
}

/* The body to write: the fields picked, on top of the leaf that most of
 * them come from (the current version on a tie), so that the result is
 * the same whichever station resolves it the same way. */
static JsonObject *
build_winner (TjConflictsWindow *self)
{
  guint n = self->bodies->len;
  g_autofree guint *votes = g_new0 (guint, n);
  JsonObject *winner;
  guint base = 0;

  for (guint f = 0; f < self->fields->len; f++)
    votes[chosen_version (self, f)]++;
  for (guint v = 1; v < n; v++)
    if (votes[v] > votes[base])
      base = v;

  winner = tj_json_object_copy (g_ptr_array_index (self->bodies, base));
  json_object_set_string_member (winner, "_id", self->id);
  json_object_set_string_member (winner, "_rev", g_ptr_array_index (self->revs, base));
  for (guint f = 0; f < self->fields->len; f++)
    {
      const char *field = g_ptr_array_index (self->fields, f);
      JsonNode *node = json_object_get_member (g_ptr_array_index (self->bodies, chosen_version (self, f)), field);

      if (node)
        json_object_set_member (winner, field, json_node_copy (node));
      else if (json_object_has_member (winner, field))
        json_object_remove_member (winner, field);
    }
  return winner;
}

typedef struct {
  JsonObject *winner;
  char       *rev;
} ResolveJob;

static void
resolve_job_free (ResolveJob *job)
{
  json_object_unref (job->winner);
  g_free (job->rev);
  g_free (job);
}

static gboolean
resolve_in_worker (TjStore              *store,
                   const TjCaseContext  *ctx,
                   gpointer              data,
                   GError              **error)
{
  ResolveJob *job = data;

  job->rev = tj_store_resolve_conflict (store, job->winner, error);
  return job->rev != NULL;
}

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TjConflictsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  ResolveJob *job = NULL;
  const char *id;

  tj_ui_work_run_finish (result, (gpointer *) &job, &error);
  if (self->application == NULL)
    return;  /* closed meanwhile: the store has it, the sync page hears it */
  self->resolving = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->resolve_button), TRUE);
  if (error != NULL)
    {
      /* The choices stay as they were, to try again. */
      g_autofree char *text = g_strdup_printf (_("The conflict could not be resolved: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
      return;
    }
  id = json_object_get_string_member (job->winner, "_id");
  g_debug ("Resolved a conflict as %s", job->rev);
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (_("Resolved. Other stations get this version at their next sync.")));
  tj_conflicts_window_reload (self);
  g_signal_emit (self, signals[RESOLVED], 0, id);
}

static void
resolve_clicked_cb (TjConflictsWindow *self)
{
  ResolveJob *job;

  if (self->resolving || self->id == NULL || self->bodies == NULL || self->bodies->len == 0)
    return;
  job = g_new0 (ResolveJob, 1);
  job->winner = build_winner (self);
  self->resolving = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->resolve_button), FALSE);
  tj_ui_work_run_async (self->application, resolve_in_worker, job, (GDestroyNotify) resolve_job_free, NULL,
                        resolved_cb, g_object_ref (self));
}

static void
tj_conflicts_window_dispose (GObject *object)
{
  TjConflictsWindow *self = TJ_CONFLICTS_WINDOW (object);

  clear_grid (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->doc_cancellable);
  g_clear_object (&self->doc_cancellable);
  g_clear_object (&self->application);
  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_CONFLICTS_WINDOW);

  G_OBJECT_CLASS (tj_conflicts_window_parent_class)->dispose (object);
}

static void
tj_conflicts_window_class_init (TjConflictsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_conflicts_window_dispose;

  /**
   * TjConflictsWindow::resolved:
   * @id: the document resolved
   */
  signals[RESOLVED] = g_signal_new ("resolved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-conflicts-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TjConflictsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TjConflictsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TjConflictsWindow, doc_list);
  gtk_widget_class_bind_template_child (widget_class, TjConflictsWindow, doc_title);
  gtk_widget_class_bind_template_child (widget_class, TjConflictsWindow, doc_subtitle);
  gtk_widget_class_bind_template_child (widget_class, TjConflictsWindow, compare_grid);
  gtk_widget_class_bind_template_child (widget_class, TjConflictsWindow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TjConflictsWindow, resolve_button);
  gtk_widget_class_bind_template_callback (widget_class, doc_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, resolve_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tj_conflicts_window_init (TjConflictsWindow *self)
{
  static gsize css_loaded = 0;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The highlight of differing values; kept with the window that uses it. */
  if (g_once_init_enter (&css_loaded))
    {
      GtkCssProvider *provider = gtk_css_provider_new ();
      gtk_css_provider_load_from_data (provider,
                                       "checkbutton.tj-differs { background-color: alpha(@warning_color, 0.18);"
                                       " border-radius: 6px; padding: 4px 8px; }"
                                       "checkbutton.tj-differs:checked { background-color: alpha(@accent_bg_color, 0.22); }"
                                       "checkbutton:disabled label { color: inherit; }",
                                       -1);
      gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
      g_object_unref (provider);
      g_once_init_leave (&css_loaded, 1);
    }
}

TjConflictsWindow *
tj_conflicts_window_new (GtkWindow     *parent,
                         TjApplication *application)
{
  TjConflictsWindow *self;

  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);

  self = g_object_new (TJ_TYPE_CONFLICTS_WINDOW, "transient-for", parent, NULL);
  self->application = g_object_ref (application);
  tj_conflicts_window_reload (self);
  return self;
}

/* The documents in conflict, each as the mediator knows it. */
typedef struct {
  JsonArray *rows;   /* {"id", "title", "subtitle"} */
} ListJob;

static void
list_job_free (ListJob *job)
{
  g_clear_pointer (&job->rows, json_array_unref);
  g_free (job);
}

static gboolean
list_conflicts_in_worker (TjStore              *store,
                          const TjCaseContext  *ctx,
                          gpointer              data,
                          GError              **error)
{
  ListJob *job = data;
  g_autoptr(JsonArray) conflicts = tj_store_list_conflicts (store, error);

  if (conflicts == NULL)
    return FALSE;
  job->rows = json_array_new ();
  for (guint i = 0; i < json_array_get_length (conflicts); i++)
    {
      const char *id = tj_json_get_string (json_array_get_object_element (conflicts, i), "id", NULL);
      g_autoptr(JsonObject) doc = NULL;
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      JsonObject *row;

      if (id == NULL || (doc = tj_store_get (store, id, NULL, TJ_GET_NONE, NULL)) == NULL)
        continue;
      describe_in_worker (store, doc, &title, &subtitle);
      row = json_object_new ();
      json_object_set_string_member (row, "id", id);
      json_object_set_string_member (row, "title", title);
      json_object_set_string_member (row, "subtitle", subtitle);
      json_array_add_object_element (job->rows, row);
    }
  return TRUE;
}

static void
conflicts_listed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(TjConflictsWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *keep = NULL;
  ListJob *job = NULL;
  GtkWidget *child;
  GtkListBoxRow *select = NULL;

  if (!tj_ui_work_run_finish (result, (gpointer *) &job, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
    }

  keep = g_strdup (self->id);
  clear_grid (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->doc_list))))
    gtk_list_box_remove (self->doc_list, child);

  for (guint i = 0; job && job->rows && i < json_array_get_length (job->rows); i++)
    {
      JsonObject *r = json_array_get_object_element (job->rows, i);
      const char *id = tj_json_get_string (r, "id", NULL);
      GtkWidget *row, *box, *label;

      row = gtk_list_box_row_new ();
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      label = gtk_label_new (tj_json_get_string (r, "title", ""));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (box), label);
      label = gtk_label_new (tj_json_get_string (r, "subtitle", ""));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      g_object_set_data_full (G_OBJECT (row), "doc-id", g_strdup (id), g_free);
      gtk_list_box_append (self->doc_list, row);
      if (select == NULL || g_strcmp0 (id, keep) == 0)
        select = GTK_LIST_BOX_ROW (row);
    }

  gtk_stack_set_visible_child_name (self->stack, select ? "main" : "empty");
  if (select)
    gtk_list_box_select_row (self->doc_list, select);
}

void
tj_conflicts_window_reload (TjConflictsWindow *self)
{
  g_return_if_fail (TJ_IS_CONFLICTS_WINDOW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  tj_ui_work_run_async (self->application, list_conflicts_in_worker, g_new0 (ListJob, 1),
                        (GDestroyNotify) list_job_free, self->cancellable, conflicts_listed_cb,
                        g_object_ref (self));
}

gboolean
tj_conflicts_window_select (TjConflictsWindow *self,
                            const char        *id)
{
  g_return_val_if_fail (TJ_IS_CONFLICTS_WINDOW (self), FALSE);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->doc_list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "doc-id"), id) == 0)
      {
        gtk_list_box_select_row (self->doc_list, GTK_LIST_BOX_ROW (row));
        return TRUE;
      }
  return FALSE;
}
