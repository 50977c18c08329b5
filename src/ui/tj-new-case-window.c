/* SPDX-License-Identifier: GPL-3.0-or-later */
/* About 1,700 lines, and why: the intake form, its worker rows, the
 * search for earlier cases and the jobs that take the case in on the
 * repository's worker all read one table of fields and the worker
 * columns (whose count sizes a WorkerRow), and collect() walks every one
 * of them to build the case. The next split is the worker rows
 * and the related-case search (sections "Worker rows" and "Earlier cases"
 * below) into tj-new-case-window-workers.c behind a private header, once
 * the column table has a named type there. */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-consent.h"
#include "tj-case.h"
#include "tj-centre.h"
#include "tj-chain.h"
#include "tj-consultation.h"
#include "tj-error.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-new-case-window.h"
#include "tj-ui-format.h"
#include "tj-ui-work.h"
#include "tj-window.h"

/* What each source asks first. Everything else is on the case page. */
typedef struct {
  const char *id;
  const char *icon_name;
  const char *description;
  gboolean    dispatch;      /* the hotline's dispatch number */
  gboolean    referral;      /* who referred it, their reference */
  gboolean    full_workers;  /* ID, job, start date, wage columns */
  gboolean    full_employer; /* credit code, representative, address… */
  gboolean    dates;         /* when the worker knew, employment ended */
} Source;

static const Source sources[] = {
  { "hotline", "call-start-symbolic",
    N_("A case dispatched by the 12351 hotline: dispatch number, caller, employer, problem."),
    TRUE, FALSE, FALSE, FALSE, FALSE },
  { "walk_in", "system-users-symbolic",
    N_("A worker at the rights centre’s desk: workers, employer, kind and facts."),
    FALSE, FALSE, TRUE, TRUE, TRUE },
  { "night_clinic", "weather-clear-night-symbolic",
    N_("From the evening legal clinic: who came, the employer and the problem."),
    FALSE, FALSE, FALSE, FALSE, FALSE },
  { "station", "go-home-symbolic",
    N_("From a worker station inside an enterprise: workers, employer and problem."),
    FALSE, FALSE, TRUE, TRUE, FALSE },
  { "court", "emblem-documents-symbolic",
    N_("Referred by a court (诉调对接): the court, its referral number, parties and facts."),
    FALSE, TRUE, TRUE, TRUE, TRUE },
  { "referral", "mail-forward-symbolic",
    N_("Referred by another body (labour inspection, arbitration, a district union)."),
    FALSE, TRUE, TRUE, TRUE, TRUE },
};

static const char * const kind_ids[] = {
  "wage_arrears", "compensation", "termination", "overtime", "social_insurance",
  "work_injury", "other", NULL
};
/* The links intake asks for, top-down: the key of each in the form
 * ("chain.KEY.name") and its role. Up to three tiers of subcontractors;
 * more are added on the case page. */
static const struct {
  const char *key;
  const char *role;
} chain_links[] = {
  { "project_owner", "project_owner" },
  { "general_contractor", "general_contractor" },
  { "subcontractor", "subcontractor" },
  { "subcontractor.2", "subcontractor" },
  { "subcontractor.3", "subcontractor" },
  { "team_leader", "team_leader" },
};

/* The columns of a worker row; the members of the interchange JSON. */
static const struct {
  const char *member;
  const char *title;
  int         width;
  gboolean    full_only;
} worker_columns[] = {
  { "name", N_("Name"), 6, FALSE },
  { "id_number", N_("ID number"), 18, FALSE },
  { "phone", N_("Phone"), 11, FALSE },
  { "job", N_("Job"), 6, TRUE },
  { "start_date", N_("Started work"), 10, TRUE },
  { "monthly_wage_fen", N_("Monthly wage (¥)"), 10, TRUE },
  { "owed_fen", N_("Owed (¥)"), 8, FALSE },
};
#define N_WORKER_COLUMNS G_N_ELEMENTS (worker_columns)

typedef struct {
  GtkWidget *box;
  GtkWidget *entries[N_WORKER_COLUMNS];
  GtkWidget *error_label;
} WorkerRow;

typedef struct {
  GtkWidget *editable;
  GtkWidget *error_row;   /* may be NULL: then error_label stands alone */
  GtkWidget *error_label;
} Field;

struct _TjNewCaseWindow
{
  AdwWindow         parent_instance;

  AdwWindowTitle   *window_title;
  GtkWidget        *back_button;
  GtkWidget        *save_button;
  GtkStack         *stack;
  AdwPreferencesGroup *source_group;
  GtkLabel         *error_label;
  GtkLabel         *related_label;
  GtkBox           *form_box;

  TjApplication    *application;
  const Source     *source;
  GHashTable       *fields;        /* name → Field */
  GPtrArray        *worker_rows;   /* WorkerRow */
  GtkBox           *workers_box;
  GtkSizeGroup     *columns[N_WORKER_COLUMNS];
  GtkWidget        *chain_expander;
  GtkWidget        *ongoing_switch;
  GtkWidget        *consent_switch;   /* the worker agreed to the use of their data */
  GArray           *worker_map;    /* JSON index → row */
  GArray           *chain_map;     /* JSON index → index in chain_links */
  GtkWidget        *more_subs_button;
  guint             subs_shown;    /* tiers of subcontractors offered */
  guint             related_timeout;
  gboolean          closing;       /* saved, or the user chose to discard */
  gboolean          saving;        /* the case is being written on the worker */
  GCancellable     *cancellable;   /* reads on the worker; cancelled on dispose */
  GCancellable     *related_cancellable;
};

G_DEFINE_FINAL_TYPE (TjNewCaseWindow, tj_new_case_window, ADW_TYPE_WINDOW)

static void schedule_related (TjNewCaseWindow *self);

/* ------------------------------------------------------------------ */
/* Fields                                                               */

static void
field_free (Field *field)
{
  g_free (field);
}

static GtkWidget *
error_row_new (GtkWidget **out_label)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_visible (row, FALSE);
  *out_label = label;
  return row;
}

static GtkWidget *
add_group (TjNewCaseWindow *self,
           const char      *title,
           const char      *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  gtk_box_append (self->form_box, group);
  return group;
}

/* An entry row named by its path in the interchange JSON, with a hidden
 * row under it for the core's message. @parent is a group or an expander. */
static GtkWidget *
add_entry (TjNewCaseWindow *self,
           GtkWidget       *parent,
           const char      *name,
           const char      *title,
           const char      *value)
{
  GtkWidget *row = adw_entry_row_new ();
  Field *field = g_new0 (Field, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
  gtk_widget_set_name (row, name);
  field->editable = row;
  field->error_row = error_row_new (&field->error_label);
  if (ADW_IS_EXPANDER_ROW (parent))
    {
      adw_expander_row_add_row (ADW_EXPANDER_ROW (parent), row);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (parent), field->error_row);
    }
  else
    {
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (parent), row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (parent), field->error_row);
    }
  g_hash_table_insert (self->fields, g_strdup (name), field);
  return row;
}

static GtkWidget *
add_long_text (TjNewCaseWindow *self,
               GtkWidget       *group,
               const char      *name,
               const char      *placeholder)
{
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *frame = gtk_frame_new (NULL);
  Field *field = g_new0 (Field, 1);

  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 8);
  gtk_widget_set_size_request (view, -1, 100);
  gtk_widget_set_name (view, name);
  gtk_widget_set_tooltip_text (view, placeholder);
  gtk_frame_set_child (GTK_FRAME (frame), view);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), frame);

  field->editable = view;
  field->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (field->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (field->error_label), 0);
  gtk_widget_add_css_class (field->error_label, "error");
  gtk_widget_set_visible (field->error_label, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), field->error_label);
  g_hash_table_insert (self->fields, g_strdup (name), field);
  return view;
}

static char *
editable_text (GtkWidget *editable)
{
  /* Switches and choices are read where they are used. */
  if (!GTK_IS_TEXT_VIEW (editable) && !GTK_IS_EDITABLE (editable))
    return g_strdup ("");
  if (GTK_IS_TEXT_VIEW (editable))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (editable));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
    }
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static char *
field_text (TjNewCaseWindow *self,
            const char      *name)
{
  Field *field = g_hash_table_lookup (self->fields, name);

  return field ? editable_text (field->editable) : g_strdup ("");
}

/* Sets @member of @obj from the field @name when it is filled in. */
static void
take_text (TjNewCaseWindow *self,
           JsonObject      *obj,
           const char      *member,
           const char      *name)
{
  g_autofree char *text = field_text (self, name);

  if (*text)
    json_object_set_string_member (obj, member, text);
}

static void
clear_errors (TjNewCaseWindow *self)
{
  GHashTableIter iter;
  Field *field;

  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &field))
    {
      gtk_widget_remove_css_class (field->editable, "error");
      gtk_widget_set_visible (field->error_row ? field->error_row : field->error_label, FALSE);
    }
  for (guint i = 0; i < self->worker_rows->len; i++)
    {
      WorkerRow *row = g_ptr_array_index (self->worker_rows, i);
      for (guint c = 0; c < N_WORKER_COLUMNS; c++)
        if (row->entries[c])
          gtk_widget_remove_css_class (row->entries[c], "error");
      gtk_label_set_text (GTK_LABEL (row->error_label), "");
      gtk_widget_set_visible (row->error_label, FALSE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
append_line (GtkWidget  *label,
             const char *text)
{
  const char *old = gtk_label_get_text (GTK_LABEL (label));

  if (gtk_widget_get_visible (label) && old && *old)
    {
      g_autofree char *joined = g_strconcat (old, "\n", text, NULL);
      gtk_label_set_text (GTK_LABEL (label), joined);
    }
  else
    gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_visible (label, TRUE);
}

/* Marks the worker cell for "workers[3].id_number" (3 is the JSON index). */
static GtkWidget *
mark_worker (TjNewCaseWindow *self,
             guint            index,
             const char      *member,
             const char      *text)
{
  WorkerRow *row;
  GtkWidget *entry = NULL;

  if (index >= self->worker_map->len)
    return NULL;
  row = g_ptr_array_index (self->worker_rows, g_array_index (self->worker_map, guint, index));
  for (guint c = 0; c < N_WORKER_COLUMNS; c++)
    if (member && g_strcmp0 (worker_columns[c].member, member) == 0 && row->entries[c])
      {
        entry = row->entries[c];
        gtk_widget_add_css_class (entry, "error");
      }
  append_line (row->error_label, text);
  return entry ? entry : row->entries[0];
}

static void
show_error (TjNewCaseWindow *self,
            const GError    *error)
{
  g_auto(GStrv) parts = tj_ui_split_error (error);
  g_autoptr(GString) general = g_string_new (NULL);
  GtkWidget *first = NULL;

  for (guint i = 0; parts[i] && parts[i + 1]; i += 2)
    {
      const char *name = parts[i];
      const char *text = parts[i + 1];
      GtkWidget *marked = NULL;
      guint index;
      const char *member = NULL;

      if (tj_field_path_element (name, "workers", &index, &member))
        marked = mark_worker (self, index, *member ? member : NULL, text);
      else
        {
          g_autofree char *key = NULL;
          Field *field;

          /* chain[1].name: the JSON index is the n-th link filled in. */
          if (tj_field_path_element (name, "chain", &index, &member) && *member && index < self->chain_map->len)
            {
              key = g_strdup_printf ("chain.%s.%s",
                                     chain_links[g_array_index (self->chain_map, guint, index)].key, member);
              /* A fact with no field of its own (a tier, a role) marks the name. */
              if (!g_hash_table_contains (self->fields, key))
                {
                  g_free (key);
                  key = g_strdup_printf ("chain.%s.name",
                                         chain_links[g_array_index (self->chain_map, guint, index)].key);
                }
            }
          else
            key = g_strdup (name);
          field = g_hash_table_lookup (self->fields, key);
          if (field)
            {
              gtk_widget_add_css_class (field->editable, "error");
              append_line (field->error_label, text);
              if (field->error_row)
                gtk_widget_set_visible (field->error_row, TRUE);
              marked = field->editable;
              if (g_str_has_prefix (key, "chain."))
                adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self->chain_expander), TRUE);
            }
        }
      if (marked == NULL)
        {
          if (general->len)
            g_string_append_c (general, '\n');
          g_string_append (general, *name ? error->message : text);
          if (*name)
            break;
        }
      else if (first == NULL)
        first = marked;
    }
  if (general->len)
    {
      gtk_label_set_text (self->error_label, general->str);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  if (first)
    gtk_widget_grab_focus (first);
}

/* ------------------------------------------------------------------ */
/* Worker rows                                                          */

static void add_worker_row (TjNewCaseWindow *self);

static guint
row_index_of (TjNewCaseWindow *self,
              GtkWidget       *entry)
{
  for (guint i = 0; i < self->worker_rows->len; i++)
    {
      WorkerRow *row = g_ptr_array_index (self->worker_rows, i);
      for (guint c = 0; c < N_WORKER_COLUMNS; c++)
        if (row->entries[c] == entry)
          return i;
    }
  return G_MAXUINT;
}

/* Enter in a worker row goes to the next row, adding one at the end, so
 * that a 30-worker roster is typed without the mouse. */
static void
worker_entry_activate_cb (GtkEntry        *entry,
                          TjNewCaseWindow *self)
{
  guint i = row_index_of (self, GTK_WIDGET (entry));
  WorkerRow *next;

  if (i == G_MAXUINT)
    return;
  if (i + 1 >= self->worker_rows->len)
    add_worker_row (self);
  next = g_ptr_array_index (self->worker_rows, i + 1);
  gtk_widget_grab_focus (next->entries[0]);
}

static void
worker_id_changed_cb (GtkEditable     *editable,
                      TjNewCaseWindow *self)
{
  /* A full ID number is worth a look for earlier cases of the worker. */
  if (g_utf8_strlen (gtk_editable_get_text (editable), -1) == 18)
    schedule_related (self);
}

static void
remove_worker_cb (GtkButton       *button,
                  TjNewCaseWindow *self)
{
  WorkerRow *row = g_object_get_data (G_OBJECT (button), "row");

  if (self->worker_rows->len <= 1)
    {
      for (guint c = 0; c < N_WORKER_COLUMNS; c++)
        if (row->entries[c])
          gtk_editable_set_text (GTK_EDITABLE (row->entries[c]), "");
      return;
    }
  gtk_box_remove (self->workers_box, row->box);
  g_ptr_array_remove (self->worker_rows, row);
  /* Names follow positions. */
  for (guint i = 0; i < self->worker_rows->len; i++)
    {
      WorkerRow *r = g_ptr_array_index (self->worker_rows, i);
      for (guint c = 0; c < N_WORKER_COLUMNS; c++)
        if (r->entries[c])
          {
            g_autofree char *name = g_strdup_printf ("worker-row-%u.%s", i, worker_columns[c].member);
            gtk_widget_set_name (r->entries[c], name);
          }
    }
}

static void
worker_row_free (WorkerRow *row)
{
  g_free (row);
}

static void
add_worker_row (TjNewCaseWindow *self)
{
  WorkerRow *row = g_new0 (WorkerRow, 1);
  guint index = self->worker_rows->len;
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *number = gtk_label_new (NULL);
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  g_autofree char *n = g_strdup_printf ("%u", index + 1);

  row->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_label_set_text (GTK_LABEL (number), n);
  gtk_label_set_width_chars (GTK_LABEL (number), 3);
  gtk_label_set_xalign (GTK_LABEL (number), 1);
  gtk_widget_add_css_class (number, "dim-label");
  gtk_widget_add_css_class (number, "numeric");
  gtk_box_append (GTK_BOX (line), number);

  for (guint c = 0; c < N_WORKER_COLUMNS; c++)
    {
      GtkWidget *entry;
      g_autofree char *name = NULL;

      if (worker_columns[c].full_only && !self->source->full_workers)
        continue;
      entry = gtk_entry_new ();
      name = g_strdup_printf ("worker-row-%u.%s", index, worker_columns[c].member);
      gtk_widget_set_name (entry, name);
      gtk_editable_set_width_chars (GTK_EDITABLE (entry), worker_columns[c].width);
      gtk_widget_set_hexpand (entry, c == 0 || c == 1);
      /* The header names the column; only the date needs its format. */
      if (g_str_equal (worker_columns[c].member, "start_date"))
        gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("YYYY-MM-DD"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(worker_columns[c].title), -1);
      g_signal_connect (entry, "activate", G_CALLBACK (worker_entry_activate_cb), self);
      if (g_str_equal (worker_columns[c].member, "id_number"))
        g_signal_connect (entry, "changed", G_CALLBACK (worker_id_changed_cb), self);
      gtk_size_group_add_widget (self->columns[c], entry);
      gtk_box_append (GTK_BOX (line), entry);
      row->entries[c] = entry;
    }

  gtk_widget_set_tooltip_text (remove, _("Remove This Worker"));
  gtk_widget_add_css_class (remove, "flat");
  g_object_set_data (G_OBJECT (remove), "row", row);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_worker_cb), self);
  gtk_box_append (GTK_BOX (line), remove);

  row->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (row->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (row->error_label), 0);
  gtk_widget_set_margin_start (row->error_label, 36);
  gtk_widget_add_css_class (row->error_label, "error");
  gtk_widget_set_visible (row->error_label, FALSE);

  gtk_box_append (GTK_BOX (row->box), line);
  gtk_box_append (GTK_BOX (row->box), row->error_label);
  gtk_box_append (self->workers_box, row->box);
  g_ptr_array_add (self->worker_rows, row);
}

static void
add_worker_clicked_cb (TjNewCaseWindow *self)
{
  WorkerRow *row;

  add_worker_row (self);
  row = g_ptr_array_index (self->worker_rows, self->worker_rows->len - 1);
  gtk_widget_grab_focus (row->entries[0]);
}

static GtkWidget *
workers_header (TjNewCaseWindow *self)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *spacer = gtk_label_new (NULL);
  GtkWidget *end = gtk_label_new (NULL);

  gtk_label_set_width_chars (GTK_LABEL (spacer), 3);
  gtk_box_append (GTK_BOX (line), spacer);
  for (guint c = 0; c < N_WORKER_COLUMNS; c++)
    {
      GtkWidget *label;

      if (worker_columns[c].full_only && !self->source->full_workers)
        continue;
      label = gtk_label_new (_(worker_columns[c].title));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_set_hexpand (label, c == 0 || c == 1);
      gtk_size_group_add_widget (self->columns[c], label);
      gtk_box_append (GTK_BOX (line), label);
    }
  gtk_widget_set_size_request (end, 34, -1);
  gtk_box_append (GTK_BOX (line), end);
  return line;
}

/* ------------------------------------------------------------------ */
/* Earlier cases with the same employer or worker                       */

static JsonObject *
related_input (TjNewCaseWindow *self)
{
  JsonObject *input = json_object_new ();
  JsonObject *employer = json_object_new ();
  JsonArray *workers = json_array_new ();

  take_text (self, employer, "name", "employer.name");
  take_text (self, employer, "credit_code", "employer.credit_code");
  json_object_set_object_member (input, "employer", employer);
  for (guint i = 0; i < self->worker_rows->len; i++)
    {
      WorkerRow *row = g_ptr_array_index (self->worker_rows, i);
      g_autofree char *id = editable_text (row->entries[1]);

      if (strlen (id) == 18)
        {
          JsonObject *w = json_object_new ();
          json_object_set_string_member (w, "id_number", id);
          json_array_add_object_element (workers, w);
        }
    }
  json_object_set_array_member (input, "workers", workers);
  return input;
}

/* The search for earlier cases runs on the repository's worker with a
 * copy of what was typed; a newer search cancels the one before. */
typedef struct {
  JsonObject *input;
  char       *employer;
  JsonArray  *related;
  JsonArray  *consultations;
} RelatedJob;

static void
related_job_free (RelatedJob *job)
{
  g_clear_pointer (&job->input, json_object_unref);
  g_free (job->employer);
  g_clear_pointer (&job->related, json_array_unref);
  g_clear_pointer (&job->consultations, json_array_unref);
  g_free (job);
}

static gboolean
find_related_in_worker (TjStore              *store,
                        const TjCaseContext  *ctx,
                        gpointer              data,
                        GError              **error)
{
  RelatedJob *job = data;
  g_autoptr(GError) local_error = NULL;

  job->related = tj_case_find_related (store, job->input, NULL, &local_error);
  if (job->related == NULL)
    g_debug ("Could not look for related cases: %s", local_error->message);
  /* Consultations: matched on the exact employer name the user typed. */
  if (*job->employer)
    job->consultations = tj_consultation_list (store, job->employer, 200, NULL);
  return TRUE;
}

static void
related_found_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TjNewCaseWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) workers = g_string_new (NULL);
  RelatedJob *job = NULL;
  guint by_employer = 0, n_consultations = 0;

  if (!tj_ui_work_run_finish (result, (gpointer *) &job, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not look for related cases: %s", error->message);
      return;
    }
  for (guint i = 0; job->related && i < json_array_get_length (job->related); i++)
    {
      JsonObject *r = json_array_get_object_element (job->related, i);
      if (g_strcmp0 (tj_json_get_string (r, "match", NULL), "employer") == 0)
        by_employer++;
      else
        {
          if (workers->len)
            g_string_append (workers, _(", "));
          /* Translators: a worker's name and the number of their earlier case. */
          g_string_append_printf (workers, _("%s (%s)"), tj_json_get_string (r, "name", ""),
                                  tj_json_get_string (r, "number", ""));
        }
    }

  for (guint i = 0; job->consultations && i < json_array_get_length (job->consultations); i++)
    {
      JsonObject *c = json_array_get_object_element (job->consultations, i);
      JsonObject *e = tj_json_get_object (c, "employer");
      if (e && g_strcmp0 (tj_json_get_string (e, "name", NULL), job->employer) == 0)
        n_consultations++;
    }

  if (by_employer > 0)
    g_string_append_printf (text, ngettext ("This employer already has %u case.",
                                            "This employer already has %u cases.", by_employer),
                            by_employer);
  if (n_consultations > 0)
    {
      if (text->len)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, ngettext ("It came up in %u consultation.",
                                              "It came up in %u consultations.", n_consultations),
                              n_consultations);
    }
  if (workers->len)
    {
      if (text->len)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Workers with an earlier case: %s"), workers->str);
    }
  gtk_label_set_text (self->related_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->related_label), text->len > 0);
}

static gboolean
update_related (gpointer data)
{
  TjNewCaseWindow *self = data;
  RelatedJob *job;

  self->related_timeout = 0;
  if (tj_application_get_repository (self->application) == NULL)
    return G_SOURCE_REMOVE;

  g_cancellable_cancel (self->related_cancellable);
  g_clear_object (&self->related_cancellable);
  self->related_cancellable = g_cancellable_new ();
  job = g_new0 (RelatedJob, 1);
  job->input = related_input (self);
  job->employer = field_text (self, "employer.name");
  tj_ui_work_run_async (self->application, find_related_in_worker, job, (GDestroyNotify) related_job_free,
                        self->related_cancellable, related_found_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
schedule_related (TjNewCaseWindow *self)
{
  g_clear_handle_id (&self->related_timeout, g_source_remove);
  self->related_timeout = g_timeout_add (300, update_related, self);
}

/* ------------------------------------------------------------------ */
/* The form                                                             */

/* A switch row named by its path, with the core's message under it. */
static GtkWidget *
add_switch (TjNewCaseWindow *self,
            GtkWidget       *expander,
            const char      *name,
            const char      *title,
            const char      *subtitle,
            gboolean         active)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();
  Field *field = g_new0 (Field, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_switch_set_active (GTK_SWITCH (sw), active);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_widget_set_name (sw, name);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  field->editable = sw;
  field->error_row = error_row_new (&field->error_label);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), field->error_row);
  g_hash_table_insert (self->fields, g_strdup (name), field);
  return row;
}

/* A choice among @ids (NULL-terminated) shown by their labels. */
static GtkWidget *
add_choice (TjNewCaseWindow    *self,
            GtkWidget          *expander,
            const char         *name,
            const char         *title,
            const char * const *ids)
{
  GtkWidget *row = adw_combo_row_new ();
  GtkStringList *labels = gtk_string_list_new (NULL);
  Field *field = g_new0 (Field, 1);

  for (guint i = 0; ids[i]; i++)
    gtk_string_list_append (labels, tj_chain_relation_label (ids[i]));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  g_object_unref (labels);
  g_object_set_data (G_OBJECT (row), "ids", (gpointer) ids);
  gtk_widget_set_name (row, name);
  field->editable = row;
  field->error_row = error_row_new (&field->error_label);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), field->error_row);
  g_hash_table_insert (self->fields, g_strdup (name), field);
  return row;
}

/* The rows of one subcontractor tier, hidden until asked for. */
static void
set_link_visible (TjNewCaseWindow *self,
                  const char      *key,
                  gboolean         visible)
{
  static const char * const members[] = { "name", "relation", "qualified", NULL };

  for (guint i = 0; members[i]; i++)
    {
      g_autofree char *name = g_strdup_printf ("chain.%s.%s", key, members[i]);
      Field *field = g_hash_table_lookup (self->fields, name);
      GtkWidget *row;

      if (field == NULL)
        continue;
      /* The switch sits in its action row. */
      row = GTK_IS_SWITCH (field->editable)
            ? gtk_widget_get_ancestor (field->editable, ADW_TYPE_ACTION_ROW) : field->editable;
      gtk_widget_set_visible (row, visible);
    }
}

static void
more_subs_clicked_cb (TjNewCaseWindow *self)
{
  g_autofree char *key = NULL;

  if (self->subs_shown >= 3)
    return;
  self->subs_shown++;
  key = g_strdup_printf ("subcontractor.%u", self->subs_shown);
  set_link_visible (self, key, TRUE);
  gtk_widget_set_visible (self->more_subs_button, self->subs_shown < 3);
  {
    g_autofree char *name = g_strdup_printf ("chain.%s.name", key);
    Field *field = g_hash_table_lookup (self->fields, name);
    if (field)
      gtk_widget_grab_focus (field->editable);
  }
}

/* The contractor chain, top-down, with the facts that decide who pays
 * (保障农民工工资支付条例 §29, §30, §36, §37): what the owner has not paid,
 * an illegal project, a contractor lending its name, how each
 * subcontractor got the work, whether the team leader took it himself or
 * leads the subcontractor's own team. */
static void
build_chain (TjNewCaseWindow *self,
             GtkWidget       *group)
{
  static const char * const sub_relations[] = {
    "contract", "labour_subcontract", "illegal_subcontract", "whole", NULL
  };
  static const char * const leader_relations[] = { "illegal_subcontract", "team", "whole", NULL };
  GtkWidget *expander, *row;

  expander = self->chain_expander = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _("Contractor chain"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                 _("Who passed the work to whom, from the project owner down; decides who pays first"));
  adw_expander_row_set_show_enable_switch (ADW_EXPANDER_ROW (expander), TRUE);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (expander), FALSE);
  gtk_widget_set_name (expander, "chain");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), expander);

  add_entry (self, expander, "chain.project_owner.name", _("Project owner (建设单位)"), NULL);
  add_entry (self, expander, "chain.project_owner.unpaid_price_fen",
             _("Construction price the owner has not paid (¥, optional)"), NULL);
  add_switch (self, expander, "chain.project_owner.illegal_project", _("Illegal project (违法建设)"),
              _("The project breaches planning or construction law: the owner pays (Art. 37)"), FALSE);
  add_entry (self, expander, "chain.general_contractor.name", _("General contractor (总承包)"), NULL);
  add_switch (self, expander, "chain.general_contractor.name_lent", _("Lent its name (挂靠)"),
              _("Let the one below take the work in its name: it pays (Art. 36 ¶2)"), FALSE);
  for (guint tier = 1; tier <= 3; tier++)
    {
      g_autofree char *key = tier == 1 ? g_strdup ("subcontractor") : g_strdup_printf ("subcontractor.%u", tier);
      g_autofree char *name = g_strdup_printf ("chain.%s.name", key);
      g_autofree char *relation = g_strdup_printf ("chain.%s.relation", key);
      g_autofree char *qualified = g_strdup_printf ("chain.%s.qualified", key);
      g_autofree char *title = tier == 1 ? g_strdup (_("Subcontractor (分包)"))
                                         : g_strdup_printf (_("Subcontractor, tier %u"), tier);
      add_entry (self, expander, name, title, NULL);
      add_choice (self, expander, relation, _("How it got the work"), sub_relations);
      add_switch (self, expander, qualified, _("Holds the qualification"),
                  _("A business licence and the construction qualification for this work"), TRUE);
      if (tier > 1)
        set_link_visible (self, key, FALSE);
    }
  self->subs_shown = 1;
  row = adw_action_row_new ();
  self->more_subs_button = gtk_button_new_with_mnemonic (_("Add a _Lower Subcontractor"));
  gtk_widget_set_name (self->more_subs_button, "chain.more-subcontractors");
  gtk_widget_set_valign (self->more_subs_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->more_subs_button, "flat");
  g_signal_connect_swapped (self->more_subs_button, "clicked", G_CALLBACK (more_subs_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->more_subs_button);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Passed on further down?"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
  add_entry (self, expander, "chain.team_leader.name", _("Team leader (包工头)"), NULL);
  add_entry (self, expander, "chain.team_leader.phone", _("Team leader’s phone"), NULL);
  add_choice (self, expander, "chain.team_leader.relation", _("The team leader"), leader_relations);
}

/* At a centre (tj-centre.h) a hotline case may be dispatched (派单) to a
 * station: the code chosen, or NULL to keep it at the centre. */
static const char *
dispatch_code (TjNewCaseWindow *self)
{
  Field *field = g_hash_table_lookup (self->fields, "dispatch_to");
  GStrv codes = field ? g_object_get_data (G_OBJECT (field->editable), "codes") : NULL;
  guint selected = field ? adw_combo_row_get_selected (ADW_COMBO_ROW (field->editable)) : 0;

  if (codes == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION ||
      selected > g_strv_length (codes))
    return NULL;
  return codes[selected - 1];
}

/* The station accepts a dispatched case itself: no acceptance date here. */
static void
dispatch_changed_cb (TjNewCaseWindow *self)
{
  Field *accepted = g_hash_table_lookup (self->fields, "accepted_on");

  if (accepted)
    gtk_widget_set_visible (accepted->editable, dispatch_code (self) == NULL);
  gtk_button_set_label (GTK_BUTTON (self->save_button), dispatch_code (self) ? _("_Dispatch") : _("_Take In"));
}

/* At a centre, the stations a case may be dispatched to, read on the
 * repository's worker; the row stays hidden elsewhere or until then. */
static gboolean
read_stations_in_worker (TjStore              *store,
                         const TjCaseContext  *ctx,
                         gpointer              data,
                         GError              **error)
{
  JsonArray **stations = data;

  if (tj_centre_is_centre (store))
    *stations = tj_centre_list_stations (store, NULL);
  return TRUE;
}

static void
free_stations (gpointer data)
{
  JsonArray **stations = data;

  g_clear_pointer (stations, json_array_unref);
  g_free (stations);
}

static void
stations_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TjNewCaseWindow) self = user_data;
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray **stations = NULL;
  GtkStringList *labels;
  Field *field;

  if (!tj_ui_work_run_finish (result, (gpointer *) &stations, &error) || *stations == NULL ||
      json_array_get_length (*stations) == 0)
    return;
  /* A form built since for another source has no picker. */
  field = self->fields ? g_hash_table_lookup (self->fields, "dispatch_to") : NULL;
  if (field == NULL)
    return;
  labels = gtk_string_list_new (NULL);
  codes = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (labels, _("Keep at the centre"));
  for (guint i = 0; i < json_array_get_length (*stations); i++)
    {
      JsonObject *s = json_array_get_object_element (*stations, i);
      g_autofree char *label = g_strdup_printf ("%s (%s)", tj_json_get_string (s, "name", ""),
                                                tj_json_get_string (s, "code", ""));
      gtk_string_list_append (labels, label);
      g_ptr_array_add (codes, g_strdup (tj_json_get_string (s, "code", "")));
    }
  g_ptr_array_add (codes, NULL);
  g_object_set_data_full (G_OBJECT (field->editable), "codes",
                          g_ptr_array_free (g_steal_pointer (&codes), FALSE), (GDestroyNotify) g_strfreev);
  adw_combo_row_set_model (ADW_COMBO_ROW (field->editable), G_LIST_MODEL (labels));
  g_object_unref (labels);
  gtk_widget_set_visible (field->editable, TRUE);
}

static void
add_station_picker (TjNewCaseWindow *self,
                    GtkWidget       *group)
{
  GtkWidget *row;
  Field *field;

  if (tj_application_get_repository (self->application) == NULL)
    return;
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Dispatch to station"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("The case reaches that station alone at the next centre sync"));
  gtk_widget_set_visible (row, FALSE);
  gtk_widget_set_name (row, "dispatch_to");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  field = g_new0 (Field, 1);
  field->editable = row;
  field->error_row = error_row_new (&field->error_label);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), field->error_row);
  g_hash_table_insert (self->fields, g_strdup ("dispatch_to"), field);
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (dispatch_changed_cb), self);
  tj_ui_work_run_async (self->application, read_stations_in_worker, g_new0 (JsonArray *, 1), free_stations,
                        self->cancellable, stations_read_cb, g_object_ref (self));
}

static void
build_form (TjNewCaseWindow *self)
{
  const Source *source = self->source;
  GtkWidget *child;
  GtkWidget *group;
  GtkWidget *row;
  GtkWidget *button;
  GtkStringList *kinds;
  const char *today;
  TjCaseContext ctx;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->form_box))))
    gtk_box_remove (self->form_box, child);
  g_hash_table_remove_all (self->fields);
  g_ptr_array_set_size (self->worker_rows, 0);
  for (guint c = 0; c < N_WORKER_COLUMNS; c++)
    {
      g_clear_object (&self->columns[c]);
      self->columns[c] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
    }

  tj_context_fill_case_context (tj_application_get_context (self->application), &ctx);
  today = ctx.today;

  /* The case */
  group = add_group (self, _("Case"), NULL);
  if (source->dispatch)
    {
      add_entry (self, group, "hotline_ref", _("Dispatch number"), NULL);
      add_station_picker (self, group);
    }
  if (source->referral)
    {
      add_entry (self, group, "referral.by",
                 g_str_equal (source->id, "court") ? _("Referring court") : _("Referred by"), NULL);
      add_entry (self, group, "referral.ref", _("Their reference number"), NULL);
    }
  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Kind of dispute"));
  kinds = gtk_string_list_new (NULL);
  for (guint i = 0; kind_ids[i]; i++)
    gtk_string_list_append (kinds, tj_case_kind_label (kind_ids[i]));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (kinds));
  g_object_unref (kinds);
  gtk_widget_set_name (row, "kind");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  {
    Field *field = g_new0 (Field, 1);
    field->editable = row;
    field->error_row = error_row_new (&field->error_label);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), field->error_row);
    g_hash_table_insert (self->fields, g_strdup ("kind"), field);
  }
  row = add_entry (self, group, "title", _("Title (optional: employer and kind when empty)"), NULL);
  add_entry (self, group, "received_on", _("Received (YYYY-MM-DD)"), today);
  add_entry (self, group, "accepted_on", _("Accepted for mediation (YYYY-MM-DD, empty if not yet)"), today);
  if (source->dates)
    {
      add_entry (self, group, "knew_on", _("Worker knew of the infringement (YYYY-MM-DD)"), NULL);
      add_entry (self, group, "employment_ended_on", _("Employment ended (YYYY-MM-DD)"), NULL);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Employment continues"));
      self->ongoing_switch = gtk_switch_new ();
      gtk_widget_set_valign (self->ongoing_switch, GTK_ALIGN_CENTER);
      gtk_widget_set_name (self->ongoing_switch, "employment_ongoing");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->ongoing_switch);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), self->ongoing_switch);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
  else
    self->ongoing_switch = NULL;

  /* Workers */
  group = add_group (self, _("Worker List"),
                     _("One line per worker; Enter goes to the next line and adds one at the end. "
                       "Amounts in yuan (3000, 1.2万)."));
  button = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_set_tooltip_text (button, _("Add a Worker"));
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (add_worker_clicked_cb), self);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), button);
  self->workers_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 4));
  gtk_box_append (self->workers_box, workers_header (self));
  /* A row of seven entries is wider than a phone: the rows scroll
   * sideways rather than widen the window. */
  {
    GtkWidget *scroller = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
    gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->workers_box));
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), scroller);
  }
  add_worker_row (self);

  /* Employer */
  group = add_group (self, _("Employer"), NULL);
  row = add_entry (self, group, "employer.name", _("Organisation name"), NULL);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (schedule_related), self);
  if (source->full_employer)
    {
      row = add_entry (self, group, "employer.credit_code", _("Unified social credit code"), NULL);
      g_signal_connect_swapped (row, "changed", G_CALLBACK (schedule_related), self);
      add_entry (self, group, "employer.representative", _("Legal representative"), NULL);
      add_entry (self, group, "employer.address", _("Address"), NULL);
      add_entry (self, group, "employer.contact", _("Contact person"), NULL);
    }
  add_entry (self, group, "employer.phone", _("Phone"), NULL);

  /* Contractor chain */
  build_chain (self, add_group (self, _("Construction Project"), NULL));

  /* What happened */
  group = add_group (self, g_str_equal (source->id, "hotline") || g_str_equal (source->id, "night_clinic")
                           ? _("Problem") : _("Facts"),
                     _("In the worker’s words: what is owed, since when, what was tried."));
  add_long_text (self, group, "facts", NULL);

  /* Consent (PIPL §29): the preferences' wording, read to the worker. */
  {
    GSettings *settings = tj_application_get_settings (self->application);
    g_autofree char *wording = settings ? g_settings_get_string (settings, "consent-wording") : NULL;

    group = add_group (self, _("Consent to the Use of Personal Data"),
                       wording && *wording ? wording : tj_consent_default_wording ());
    row = adw_action_row_new ();
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("The worker was told this and agreed"));
    self->consent_switch = gtk_switch_new ();
    gtk_widget_set_valign (self->consent_switch, GTK_ALIGN_CENTER);
    gtk_widget_set_name (self->consent_switch, "consent");
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), self->consent_switch);
    adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), self->consent_switch);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  }
}

static void
show_form (TjNewCaseWindow *self,
           const Source    *source)
{
  self->source = source;
  build_form (self);
  adw_window_title_set_subtitle (self->window_title, tj_case_source_label (source->id));
  gtk_widget_set_visible (self->back_button, TRUE);
  gtk_widget_set_visible (self->save_button, TRUE);
  gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Take In"));
  gtk_stack_set_visible_child_name (self->stack, "form");
  gtk_widget_set_visible (GTK_WIDGET (self->related_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_window_set_default_widget (GTK_WINDOW (self), NULL);
  {
    Field *first = g_hash_table_lookup (self->fields, source->dispatch ? "hotline_ref" :
                                        source->referral ? "referral.by" : "title");
    WorkerRow *row = g_ptr_array_index (self->worker_rows, 0);
    gtk_widget_grab_focus (first && (source->dispatch || source->referral) ? first->editable : row->entries[0]);
  }
}

static void
source_activated_cb (AdwActionRow    *row,
                     TjNewCaseWindow *self)
{
  const char *id = gtk_widget_get_name (GTK_WIDGET (row));

  tj_new_case_window_choose_source (self, id);
}

static void
back_clicked_cb (TjNewCaseWindow *self)
{
  adw_window_title_set_subtitle (self->window_title, NULL);
  gtk_widget_set_visible (self->back_button, FALSE);
  gtk_widget_set_visible (self->save_button, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "source");
}

/* ------------------------------------------------------------------ */
/* Saving                                                               */

/* Reads the form into the interchange JSON; FALSE (messages shown) when
 * an amount cannot be read. */
static JsonObject *
collect (TjNewCaseWindow *self)
{
  g_autoptr(JsonObject) input = json_object_new ();
  JsonObject *employer = json_object_new ();
  JsonArray *workers = json_array_new ();
  JsonArray *chain = json_array_new ();
  g_autofree char *title = field_text (self, "title");
  g_autofree char *facts = field_text (self, "facts");
  g_autofree char *by = field_text (self, "referral.by");
  g_autofree char *ref = field_text (self, "referral.ref");
  Field *kind_field = g_hash_table_lookup (self->fields, "kind");
  const char *kind = kind_ids[adw_combo_row_get_selected (ADW_COMBO_ROW (kind_field->editable))];
  gboolean ok = TRUE;

  json_object_set_string_member (input, "source", self->source->id);
  if (self->consent_switch && gtk_switch_get_active (GTK_SWITCH (self->consent_switch)))
    {
      GSettings *settings = tj_application_get_settings (self->application);
      g_autofree char *wording = settings ? g_settings_get_string (settings, "consent-wording") : NULL;
      JsonObject *consent = json_object_new ();

      json_object_set_string_member (consent, "wording",
                                     wording && *wording ? wording : tj_consent_default_wording ());
      json_object_set_object_member (input, "consent", consent);
    }
  json_object_set_string_member (input, "kind", kind ? kind : "other");
  take_text (self, input, "hotline_ref", "hotline_ref");
  take_text (self, input, "received_on", "received_on");
  take_text (self, input, "accepted_on", "accepted_on");
  take_text (self, input, "knew_on", "knew_on");
  take_text (self, input, "employment_ended_on", "employment_ended_on");
  if (self->ongoing_switch && gtk_switch_get_active (GTK_SWITCH (self->ongoing_switch)))
    json_object_set_boolean_member (input, "employment_ongoing", TRUE);

  /* A referral's origin and number are fields of their own: shown on the
   * case page and reported back to the court under its number. */
  if (*by)
    json_object_set_string_member (input, "referred_by", by);
  if (*ref)
    json_object_set_string_member (input, "referral_ref", ref);
  if (*facts)
    json_object_set_string_member (input, "facts", facts);

  take_text (self, employer, "name", "employer.name");
  take_text (self, employer, "credit_code", "employer.credit_code");
  take_text (self, employer, "representative", "employer.representative");
  take_text (self, employer, "address", "employer.address");
  take_text (self, employer, "contact", "employer.contact");
  take_text (self, employer, "phone", "employer.phone");
  if (json_object_get_size (employer) > 0)
    json_object_set_object_member (input, "employer", employer);
  else
    json_object_unref (employer);

  /* Without one, the core titles the case from employer and kind. */
  if (*title)
    json_object_set_string_member (input, "title", title);

  g_array_set_size (self->worker_map, 0);
  for (guint i = 0; i < self->worker_rows->len; i++)
    {
      WorkerRow *row = g_ptr_array_index (self->worker_rows, i);
      JsonObject *w = json_object_new ();

      for (guint c = 0; c < N_WORKER_COLUMNS; c++)
        {
          g_autofree char *text = NULL;

          if (row->entries[c] == NULL)
            continue;
          text = editable_text (row->entries[c]);
          if (*text == '\0')
            continue;
          if (g_str_has_suffix (worker_columns[c].member, "_fen"))
            {
              g_autoptr(GError) error = NULL;
              gint64 fen;

              if (tj_money_parse (text, &fen, &error))
                json_object_set_int_member (w, worker_columns[c].member, fen);
              else
                {
                  g_autofree char *line = g_strdup_printf ("%s: %s", _(worker_columns[c].title), error->message);
                  gtk_widget_add_css_class (row->entries[c], "error");
                  append_line (row->error_label, line);
                  ok = FALSE;
                }
            }
          else
            json_object_set_string_member (w, worker_columns[c].member, text);
        }
      /* Empty lines (the one Enter added last) are not workers. */
      if (json_object_get_size (w) == 0)
        {
          json_object_unref (w);
          continue;
        }
      g_array_append_val (self->worker_map, i);
      json_array_add_object_element (workers, w);
    }
  json_object_set_array_member (input, "workers", workers);

  g_array_set_size (self->chain_map, 0);
  if (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (self->chain_expander)))
    for (guint r = 0; r < G_N_ELEMENTS (chain_links); r++)
      {
        const char *key = chain_links[r].key;
        const char *role = chain_links[r].role;
        g_autofree char *name_key = g_strdup_printf ("chain.%s.name", key);
        g_autofree char *phone_key = g_strdup_printf ("chain.%s.phone", key);
        g_autofree char *name = field_text (self, name_key);
        g_autofree char *phone = field_text (self, phone_key);
        JsonObject *c;

        if (*name == '\0' && *phone == '\0')
          continue;
        c = json_object_new ();
        json_object_set_string_member (c, "role", role);
        if (*name)
          json_object_set_string_member (c, "name", name);
        if (*phone)
          json_object_set_string_member (c, "phone", phone);
        /* The facts: only what differs from the defaults, so that the
         * chain reads as typed. */
        {
          static const char * const facts[] = { "relation", "qualified", "name_lent", "illegal_project",
                                                 "unpaid_price_fen", NULL };
          for (guint k = 0; facts[k]; k++)
            {
              g_autofree char *fkey = g_strdup_printf ("chain.%s.%s", key, facts[k]);
              Field *field = g_hash_table_lookup (self->fields, fkey);

              if (field == NULL)
                continue;
              if (ADW_IS_COMBO_ROW (field->editable))
                {
                  const char * const *ids = g_object_get_data (G_OBJECT (field->editable), "ids");
                  guint sel = adw_combo_row_get_selected (ADW_COMBO_ROW (field->editable));
                  if (sel > 0 && sel < g_strv_length ((char **) ids))
                    json_object_set_string_member (c, facts[k], ids[sel]);
                }
              else if (GTK_IS_SWITCH (field->editable))
                {
                  gboolean on = gtk_switch_get_active (GTK_SWITCH (field->editable));
                  gboolean by_default = g_str_equal (facts[k], "qualified");
                  if (on != by_default)
                    json_object_set_boolean_member (c, facts[k], on);
                }
              else
                {
                  g_autofree char *text = editable_text (field->editable);
                  g_autoptr(GError) error = NULL;
                  gint64 fen;

                  if (*text == '\0')
                    continue;
                  if (tj_money_parse (text, &fen, &error))
                    json_object_set_int_member (c, facts[k], fen);
                  else
                    {
                      gtk_widget_add_css_class (field->editable, "error");
                      append_line (field->error_label, error->message);
                      gtk_widget_set_visible (field->error_row, TRUE);
                      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self->chain_expander), TRUE);
                      ok = FALSE;
                    }
                }
            }
        }
        json_array_add_object_element (chain, c);
        g_array_append_val (self->chain_map, r);
      }
  json_object_set_array_member (input, "chain", chain);

  return ok ? g_steal_pointer (&input) : NULL;
}

/* The case is written on the repository's worker: taken in here, or
 * dispatched to a station at a centre (the intake's two writes). */
typedef struct {
  JsonObject *input;
  char       *dispatch_to;  /* NULL: taken in here */
  JsonObject *result;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  json_object_unref (job->input);
  g_free (job->dispatch_to);
  g_clear_pointer (&job->result, json_object_unref);
  g_free (job);
}

static gboolean
save_in_worker (TjStore              *store,
                const TjCaseContext  *ctx,
                gpointer              data,
                GError              **error)
{
  SaveJob *job = data;

  if (job->dispatch_to)
    job->result = tj_centre_dispatch (store, ctx, job->dispatch_to, job->input, error);
  else
    job->result = tj_case_add (store, ctx, job->input, error);
  return job->result != NULL;
}

static void
set_saving (TjNewCaseWindow *self,
            gboolean         saving)
{
  self->saving = saving;
  gtk_widget_set_sensitive (self->save_button, !saving);
  gtk_widget_set_sensitive (self->back_button, !saving);
  if (saving)
    gtk_button_set_label (GTK_BUTTON (self->save_button), _("Saving…"));
  else
    dispatch_changed_cb (self);
}

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(TjNewCaseWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  SaveJob *job = NULL;
  GtkWindow *parent;

  tj_ui_work_run_finish (result, (gpointer *) &job, &error);
  if (self->fields == NULL)
    return;  /* destroyed with its parent meanwhile */
  set_saving (self, FALSE);
  if (error != NULL)
    {
      /* The window stays, with everything typed and the core's reasons. */
      show_error (self, error);
      return;
    }

  if (job->dispatch_to)
    /* Translators: a toast: case %1$s dispatched to station %2$s. */
    text = g_strdup_printf (_("Case %1$s dispatched to %2$s"), tj_json_get_string (job->result, "number", ""),
                            job->dispatch_to);
  else
    text = g_strdup_printf (_("Case %s taken in"), tj_json_get_string (job->result, "number", ""));
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (TJ_IS_WINDOW (parent))
    tj_window_add_toast (TJ_WINDOW (parent), adw_toast_new (text));
  tj_application_show_case (self->application, tj_json_get_string (job->result, "id", NULL));
  self->closing = TRUE;
  gtk_window_destroy (GTK_WINDOW (self));
}

gboolean
tj_new_case_window_save (TjNewCaseWindow *self)
{
  g_autoptr(JsonObject) input = NULL;
  SaveJob *job;

  g_return_val_if_fail (TJ_IS_NEW_CASE_WINDOW (self), FALSE);

  if (self->saving)
    return TRUE;
  if (self->source == NULL)
    return FALSE;
  clear_errors (self);
  input = collect (self);
  if (input == NULL)
    return FALSE;

  job = g_new0 (SaveJob, 1);
  job->dispatch_to = g_strdup (dispatch_code (self));
  if (job->dispatch_to)
    json_object_remove_member (input, "accepted_on");
  job->input = g_steal_pointer (&input);
  set_saving (self, TRUE);
  tj_ui_work_run_async (self->application, save_in_worker, job, (GDestroyNotify) save_job_free, NULL,
                        saved_cb, g_object_ref (self));
  return TRUE;
}

gboolean
tj_new_case_window_get_busy (TjNewCaseWindow *self)
{
  g_return_val_if_fail (TJ_IS_NEW_CASE_WINDOW (self), FALSE);

  return self->saving;
}

/* Whether anything was typed (the prefilled dates do not count). */
static gboolean
has_input (TjNewCaseWindow *self)
{
  GHashTableIter iter;
  const char *name;
  Field *field;

  if (self->source == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, self->fields);
  while (g_hash_table_iter_next (&iter, (gpointer *) &name, (gpointer *) &field))
    {
      g_autofree char *text = NULL;

      if (g_str_equal (name, "received_on") || g_str_equal (name, "accepted_on") ||
          g_str_equal (name, "kind"))
        continue;
      text = editable_text (field->editable);
      if (*text)
        return TRUE;
    }
  for (guint i = 0; i < self->worker_rows->len; i++)
    {
      WorkerRow *row = g_ptr_array_index (self->worker_rows, i);
      for (guint c = 0; c < N_WORKER_COLUMNS; c++)
        if (row->entries[c] && *gtk_editable_get_text (GTK_EDITABLE (row->entries[c])))
          return TRUE;
    }
  return FALSE;
}

static gboolean
close_idle_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
discard_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     TjNewCaseWindow  *self)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;
  self->closing = TRUE;
  /* Not from inside the response: the dialog, transient for this window,
   * closes itself after it. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_idle_cb, g_object_ref (self), g_object_unref);
}

/* Thirty typed worker rows must not vanish with a stray Escape. */
static gboolean
tj_new_case_window_close_request (GtkWindow *window)
{
  TjNewCaseWindow *self = TJ_NEW_CASE_WINDOW (window);
  GtkWidget *dialog;

  /* Closing while the worker writes would hide whether it was taken in. */
  if (self->saving)
    return TRUE;
  if (self->closing || !has_input (self))
    return GTK_WINDOW_CLASS (tj_new_case_window_parent_class)->close_request (window);

  dialog = adw_message_dialog_new (window, _("Discard This Case?"),
                                   _("What you typed has not been saved. Take the case in to keep it."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static void
save_clicked_cb (TjNewCaseWindow *self)
{
  tj_new_case_window_save (self);
}

static gboolean
save_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  tj_new_case_window_save (TJ_NEW_CASE_WINDOW (widget));
  return TRUE;
}

/* ------------------------------------------------------------------ */

static void
tj_new_case_window_dispose (GObject *object)
{
  TjNewCaseWindow *self = TJ_NEW_CASE_WINDOW (object);

  g_clear_handle_id (&self->related_timeout, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->related_cancellable);
  g_clear_object (&self->related_cancellable);
  g_clear_object (&self->application);
  g_clear_pointer (&self->fields, g_hash_table_unref);
  g_clear_pointer (&self->worker_rows, g_ptr_array_unref);
  g_clear_pointer (&self->worker_map, g_array_unref);
  g_clear_pointer (&self->chain_map, g_array_unref);
  for (guint c = 0; c < N_WORKER_COLUMNS; c++)
    g_clear_object (&self->columns[c]);

  G_OBJECT_CLASS (tj_new_case_window_parent_class)->dispose (object);
}

static void
tj_new_case_window_class_init (TjNewCaseWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_new_case_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = tj_new_case_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/ui/tj-new-case-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TjNewCaseWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TjNewCaseWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, TjNewCaseWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, TjNewCaseWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TjNewCaseWindow, source_group);
  gtk_widget_class_bind_template_child (widget_class, TjNewCaseWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, TjNewCaseWindow, related_label);
  gtk_widget_class_bind_template_child (widget_class, TjNewCaseWindow, form_box);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, save_shortcut_cb, NULL);
}

static void
tj_new_case_window_init (TjNewCaseWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) field_free);
  self->worker_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) worker_row_free);
  self->worker_map = g_array_new (FALSE, FALSE, sizeof (guint));
  self->chain_map = g_array_new (FALSE, FALSE, sizeof (guint));
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tj_case_source_label (sources[i].id));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(sources[i].description));
      adw_action_row_set_icon_name (ADW_ACTION_ROW (row), sources[i].icon_name);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_widget_set_name (row, sources[i].id);
      g_signal_connect (row, "activated", G_CALLBACK (source_activated_cb), self);
      adw_preferences_group_add (self->source_group, row);
    }
}

GtkWidget *
tj_new_case_window_new (GtkWindow     *parent,
                        TjApplication *application)
{
  TjNewCaseWindow *self;

  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);

  self = g_object_new (TJ_TYPE_NEW_CASE_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->application = g_object_ref (application);
  return GTK_WIDGET (self);
}

void
tj_new_case_window_choose_source (TjNewCaseWindow *self,
                                  const char      *source)
{
  g_return_if_fail (TJ_IS_NEW_CASE_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    if (g_strcmp0 (sources[i].id, source) == 0)
      {
        show_form (self, &sources[i]);
        return;
      }
  g_warning ("Unknown case source %s", source);
}

guint
tj_new_case_window_get_n_worker_rows (TjNewCaseWindow *self)
{
  g_return_val_if_fail (TJ_IS_NEW_CASE_WINDOW (self), 0);

  return self->worker_rows->len;
}
