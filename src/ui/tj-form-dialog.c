/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-form-dialog.h"
#include "tj-money.h"
#include "tj-ui-format.h"
#include "tj-ui-work.h"

typedef enum {
  FIELD_TEXT,
  FIELD_MASKED,   /* empty: the stored value is kept */
  FIELD_LONG_TEXT,
  FIELD_DATE,
  FIELD_MONEY,
  FIELD_CHOICE,
  FIELD_SWITCH,
} FieldType;

typedef struct {
  char       *member;
  FieldType   type;
  GtkWidget  *row;        /* the list row */
  GtkWidget  *editable;   /* entry row, text view, combo row or switch */
  GtkWidget  *error_row;  /* hidden until the core names this field */
  GtkWidget  *error_label;
  GStrv       ids;        /* FIELD_CHOICE */
} Field;

struct _TjFormDialog
{
  AdwWindow       parent_instance;

  GtkWidget      *save_button;
  GtkWidget      *list;
  GtkWidget      *error_label;
  GPtrArray      *fields;

  TjFormSaveFunc  save_func;
  gpointer        save_data;
  GDestroyNotify  save_destroy;

  TjApplication  *application;   /* with a work function */
  TjFormWorkFunc  work_func;
  gpointer        work_data;
  GDestroyNotify  work_destroy;
  char           *save_label;    /* the button's, while it says "Saving…" */
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (TjFormDialog, tj_form_dialog, ADW_TYPE_WINDOW)

static void
field_free (Field *field)
{
  g_free (field->member);
  g_strfreev (field->ids);
  g_free (field);
}

static Field *
find_field (TjFormDialog *self,
            const char   *member)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      if (g_strcmp0 (field->member, member) == 0)
        return field;
    }
  return NULL;
}

static void
clear_errors (TjFormDialog *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      gtk_widget_remove_css_class (field->editable, "error");
      gtk_widget_set_visible (field->error_row, FALSE);
    }
  gtk_widget_set_visible (self->error_label, FALSE);
}

static void
show_field_error (Field      *field,
                  const char *text)
{
  const char *old = gtk_label_get_text (GTK_LABEL (field->error_label));

  /* Several problems with one field read as one paragraph. */
  if (gtk_widget_get_visible (field->error_row) && old && *old)
    {
      g_autofree char *joined = g_strconcat (old, "\n", text, NULL);
      gtk_label_set_text (GTK_LABEL (field->error_label), joined);
    }
  else
    gtk_label_set_text (GTK_LABEL (field->error_label), text);
  gtk_widget_add_css_class (field->editable, "error");
  gtk_widget_set_visible (field->error_row, TRUE);
}

static void
show_error (TjFormDialog *self,
            const GError *error)
{
  g_auto(GStrv) parts = tj_ui_split_error (error);
  g_autoptr(GString) general = g_string_new (NULL);
  gboolean focused = FALSE;

  for (guint i = 0; parts[i] && parts[i + 1]; i += 2)
    {
      /* "worker.id_number", "claims[0].amount_fen": the last part names the row. */
      const char *dot = strrchr (parts[i], '.');
      Field *field = find_field (self, dot ? dot + 1 : parts[i]);

      if (field != NULL)
        {
          show_field_error (field, parts[i + 1]);
          if (!focused)
            focused = gtk_widget_grab_focus (field->editable);
        }
      else
        {
          if (general->len > 0)
            g_string_append_c (general, '\n');
          g_string_append (general, *parts[i] ? error->message : parts[i + 1]);
          if (*parts[i])
            break;
        }
    }
  if (general->len > 0)
    {
      gtk_label_set_text (GTK_LABEL (self->error_label), general->str);
      gtk_widget_set_visible (self->error_label, TRUE);
    }
}

static char *
field_text (Field *field)
{
  if (field->type == FIELD_LONG_TEXT)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (field->editable));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
    }
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->editable))));
}

/* Reads the fields; FALSE (with the messages shown) when an amount cannot
 * be read at all. */
static JsonObject *
collect_values (TjFormDialog *self)
{
  g_autoptr(JsonObject) values = json_object_new ();
  gboolean ok = TRUE;

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      switch (field->type)
        {
        case FIELD_CHOICE:
          {
            guint n = adw_combo_row_get_selected (ADW_COMBO_ROW (field->editable));
            if (n < g_strv_length (field->ids))
              json_object_set_string_member (values, field->member, field->ids[n]);
          }
          break;
        case FIELD_SWITCH:
          json_object_set_boolean_member (values, field->member,
                                          gtk_switch_get_active (GTK_SWITCH (field->editable)));
          break;
        case FIELD_MONEY:
          {
            g_autofree char *text = field_text (field);
            g_autoptr(GError) error = NULL;
            gint64 fen;

            if (*text == '\0')
              json_object_set_null_member (values, field->member);
            else if (tj_money_parse (text, &fen, &error))
              json_object_set_int_member (values, field->member, fen);
            else
              {
                show_field_error (field, error->message);
                ok = FALSE;
              }
          }
          break;
        case FIELD_MASKED:
          {
            g_autofree char *text = field_text (field);

            /* Left empty, the member is not sent: the value stays. */
            if (*text != '\0')
              json_object_set_string_member (values, field->member, text);
          }
          break;
        default:
          {
            g_autofree char *text = field_text (field);

            if (*text == '\0')
              json_object_set_null_member (values, field->member);
            else
              json_object_set_string_member (values, field->member, text);
          }
          break;
        }
    }
  return ok ? g_steal_pointer (&values) : NULL;
}

/* What the worker gets: the values and the dialog's work function. */
typedef struct {
  TjFormWorkFunc  func;
  gpointer        user_data;
  JsonObject     *values;
} FormWork;

static void
form_work_free (FormWork *work)
{
  json_object_unref (work->values);
  g_free (work);
}

static gboolean
form_work_in_worker (TjStore              *store,
                     const TjCaseContext  *ctx,
                     gpointer              data,
                     GError              **error)
{
  FormWork *work = data;

  return work->func (store, ctx, work->values, work->user_data, error);
}

static void
set_busy (TjFormDialog *self,
          gboolean      busy)
{
  /* Only the button: making the fields insensitive would take the focus
   * from the one being typed in. What is typed meanwhile stays. */
  self->busy = busy;
  gtk_widget_set_sensitive (self->save_button, !busy);
  if (busy)
    {
      g_free (self->save_label);
      self->save_label = g_strdup (gtk_button_get_label (GTK_BUTTON (self->save_button)));
      gtk_button_set_label (GTK_BUTTON (self->save_button), _("Saving…"));
    }
  else if (self->save_label)
    {
      gtk_button_set_label (GTK_BUTTON (self->save_button), self->save_label);
      g_clear_pointer (&self->save_label, g_free);
    }
}

static void
work_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TjFormDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  tj_ui_work_run_finish (result, NULL, &error);
  if (self->fields == NULL)
    return;  /* destroyed with its parent meanwhile */
  set_busy (self, FALSE);
  if (error != NULL)
    {
      /* What was typed stays, with the refusal next to its field. */
      show_error (self, error);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

gboolean
tj_form_dialog_save (TjFormDialog *self)
{
  g_autoptr(JsonObject) values = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (TJ_IS_FORM_DIALOG (self), FALSE);

  if (self->busy)
    return TRUE;
  clear_errors (self);
  values = collect_values (self);
  if (values == NULL)
    return FALSE;
  if (self->save_func != NULL && !self->save_func (self, values, self->save_data, &error))
    {
      show_error (self, error);
      return FALSE;
    }
  if (self->work_func != NULL)
    {
      FormWork *work = g_new0 (FormWork, 1);

      work->func = self->work_func;
      work->user_data = self->work_data;
      work->values = g_steal_pointer (&values);
      set_busy (self, TRUE);
      tj_ui_work_run_async (self->application, form_work_in_worker, work, (GDestroyNotify) form_work_free,
                            NULL, work_done_cb, g_object_ref (self));
      return TRUE;
    }
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

gboolean
tj_form_dialog_get_busy (TjFormDialog *self)
{
  g_return_val_if_fail (TJ_IS_FORM_DIALOG (self), FALSE);

  return self->busy;
}

static void
save_clicked_cb (TjFormDialog *self)
{
  tj_form_dialog_save (self);
}

static void
add_row (TjFormDialog *self,
         const char   *member,
         FieldType     type,
         GtkWidget    *row,
         GtkWidget    *editable)
{
  Field *field = g_new0 (Field, 1);

  field->member = g_strdup (member);
  field->type = type;
  field->row = row;
  field->editable = editable;
  gtk_widget_set_name (editable, member);

  field->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (field->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (field->error_label), 0);
  gtk_widget_add_css_class (field->error_label, "error");
  gtk_widget_set_margin_start (field->error_label, 12);
  gtk_widget_set_margin_end (field->error_label, 12);
  gtk_widget_set_margin_top (field->error_label, 6);
  gtk_widget_set_margin_bottom (field->error_label, 6);
  field->error_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (field->error_row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (field->error_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (field->error_row), field->error_label);
  gtk_widget_set_visible (field->error_row, FALSE);

  gtk_list_box_append (GTK_LIST_BOX (self->list), row);
  gtk_list_box_append (GTK_LIST_BOX (self->list), field->error_row);
  g_ptr_array_add (self->fields, field);
}

static GtkWidget *
entry_row (const char *label,
           const char *value)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
  /* Enter in any field saves, as in GNOME's dialogs. */
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
  return row;
}

void
tj_form_dialog_add_text (TjFormDialog *self,
                         const char   *member,
                         const char   *label,
                         const char   *value)
{
  GtkWidget *row = entry_row (label, value);

  g_return_if_fail (TJ_IS_FORM_DIALOG (self));
  add_row (self, member, FIELD_TEXT, row, row);
}

/* A personal number the form must not show (an ID number, a phone): the
 * entry starts empty, its title shows the masked value, and the stored
 * value is kept unless something is typed. Seeing the whole number goes
 * through a reveal with a reason, which is logged. */
void
tj_form_dialog_add_masked (TjFormDialog *self,
                           const char   *member,
                           const char   *label,
                           const char   *masked)
{
  g_autofree char *title = NULL;
  GtkWidget *row;

  g_return_if_fail (TJ_IS_FORM_DIALOG (self));
  if (masked && *masked)
    /* Translators: "ID number (110***********0012: type to replace)" */
    title = g_strdup_printf (_("%s (%s: type to replace)"), label, masked);
  row = entry_row (title ? title : label, NULL);
  add_row (self, member, FIELD_MASKED, row, row);
}

void
tj_form_dialog_add_date (TjFormDialog *self,
                         const char   *member,
                         const char   *label,
                         const char   *value)
{
  g_autofree char *title = g_strdup_printf (_("%s (YYYY-MM-DD)"), label);
  GtkWidget *row = entry_row (title, value);

  g_return_if_fail (TJ_IS_FORM_DIALOG (self));
  add_row (self, member, FIELD_DATE, row, row);
}

void
tj_form_dialog_add_money (TjFormDialog *self,
                          const char   *member,
                          const char   *label,
                          JsonObject   *from)
{
  g_autofree char *text = NULL;
  g_autofree char *title = g_strdup_printf (_("%s (yuan)"), label);
  GtkWidget *row;

  g_return_if_fail (TJ_IS_FORM_DIALOG (self));

  /* Money as money (¥5,424.00); tj_money_parse() reads it back unchanged. */
  if (from && json_object_has_member (from, member) &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (from, member)))
    text = tj_money_format (json_object_get_int_member (from, member));
  row = entry_row (title, text);
  add_row (self, member, FIELD_MONEY, row, row);
}

void
tj_form_dialog_add_long_text (TjFormDialog *self,
                              const char   *member,
                              const char   *label,
                              const char   *value)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (label);
  GtkWidget *view = gtk_text_view_new ();

  g_return_if_fail (TJ_IS_FORM_DIALOG (self));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "dim-label");
  gtk_widget_add_css_class (title, "caption");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_widget_set_size_request (view, -1, 96);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), value ? value : "", -1);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), view);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  add_row (self, member, FIELD_LONG_TEXT, row, view);
}

void
tj_form_dialog_add_choice (TjFormDialog       *self,
                           const char         *member,
                           const char         *label,
                           const char * const *ids,
                           const char * const *labels,
                           const char         *value)
{
  GtkWidget *row = adw_combo_row_new ();
  GtkStringList *model = gtk_string_list_new (NULL);
  guint selected = 0;
  Field *field;

  g_return_if_fail (TJ_IS_FORM_DIALOG (self));

  for (guint i = 0; ids[i]; i++)
    {
      gtk_string_list_append (model, labels[i]);
      if (g_strcmp0 (ids[i], value) == 0)
        selected = i;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_object_unref (model);
  add_row (self, member, FIELD_CHOICE, row, row);
  field = find_field (self, member);
  field->ids = g_strdupv ((char **) ids);
}

void
tj_form_dialog_add_switch (TjFormDialog *self,
                           const char   *member,
                           const char   *label,
                           gboolean      value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  g_return_if_fail (TJ_IS_FORM_DIALOG (self));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_switch_set_active (GTK_SWITCH (sw), value);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  add_row (self, member, FIELD_SWITCH, row, sw);
}

GtkWidget *
tj_form_dialog_get_field (TjFormDialog *self,
                          const char   *member)
{
  Field *field;

  g_return_val_if_fail (TJ_IS_FORM_DIALOG (self), NULL);

  field = find_field (self, member);
  return field ? field->editable : NULL;
}

void
tj_form_dialog_set_save_func (TjFormDialog  *self,
                              TjFormSaveFunc func,
                              gpointer       user_data,
                              GDestroyNotify destroy)
{
  g_return_if_fail (TJ_IS_FORM_DIALOG (self));

  if (self->save_destroy)
    self->save_destroy (self->save_data);
  self->save_func = func;
  self->save_data = user_data;
  self->save_destroy = destroy;
}

void
tj_form_dialog_set_work_func (TjFormDialog   *self,
                              TjApplication  *application,
                              TjFormWorkFunc  func,
                              gpointer        user_data,
                              GDestroyNotify  destroy)
{
  g_return_if_fail (TJ_IS_FORM_DIALOG (self));
  g_return_if_fail (application == NULL || TJ_IS_APPLICATION (application));
  g_return_if_fail (!self->busy);

  if (self->work_destroy)
    self->work_destroy (self->work_data);
  g_set_object (&self->application, application);
  self->work_func = func;
  self->work_data = user_data;
  self->work_destroy = destroy;
}

/* Closing while the worker writes would hide whether it was saved. */
static gboolean
tj_form_dialog_close_request (GtkWindow *window)
{
  TjFormDialog *self = TJ_FORM_DIALOG (window);

  if (self->busy)
    return TRUE;
  return GTK_WINDOW_CLASS (tj_form_dialog_parent_class)->close_request (window);
}

static void
tj_form_dialog_dispose (GObject *object)
{
  TjFormDialog *self = TJ_FORM_DIALOG (object);

  tj_form_dialog_set_save_func (self, NULL, NULL, NULL);
  g_clear_pointer (&self->fields, g_ptr_array_unref);

  G_OBJECT_CLASS (tj_form_dialog_parent_class)->dispose (object);
}

/* The work data goes last: a save on the worker holds the dialog, and
 * reads that data, until it answers. */
static void
tj_form_dialog_finalize (GObject *object)
{
  TjFormDialog *self = TJ_FORM_DIALOG (object);

  if (self->work_destroy)
    self->work_destroy (self->work_data);
  g_clear_object (&self->application);
  g_free (self->save_label);

  G_OBJECT_CLASS (tj_form_dialog_parent_class)->finalize (object);
}

/* Typing starts in the first text field, not on Cancel. */
static void
tj_form_dialog_show (GtkWidget *widget)
{
  TjFormDialog *self = TJ_FORM_DIALOG (widget);

  GTK_WIDGET_CLASS (tj_form_dialog_parent_class)->show (widget);
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      if (field->type != FIELD_CHOICE && field->type != FIELD_SWITCH)
        {
          gtk_widget_grab_focus (field->editable);
          break;
        }
    }
}

static void
tj_form_dialog_class_init (TjFormDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = tj_form_dialog_dispose;
  object_class->finalize = tj_form_dialog_finalize;
  widget_class->show = tj_form_dialog_show;
  window_class->close_request = tj_form_dialog_close_request;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tj_form_dialog_init (TjFormDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_swapped (self->save_button, "clicked", G_CALLBACK (save_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->save_button);

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");

  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_box_append (GTK_BOX (content), self->error_label);
  gtk_box_append (GTK_BOX (content), self->list);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 560);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 600);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_widget_set_vexpand (scrolled, TRUE);

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);
  gtk_window_set_default_size (GTK_WINDOW (self), 520, -1);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
}

TjFormDialog *
tj_form_dialog_new (GtkWindow  *parent,
                    const char *title,
                    const char *save_label)
{
  TjFormDialog *self = g_object_new (TJ_TYPE_FORM_DIALOG,
                                     "transient-for", parent,
                                     "title", title,
                                     NULL);
  if (save_label)
    gtk_button_set_label (GTK_BUTTON (self->save_button), save_label);
  return self;
}
