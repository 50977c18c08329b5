/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "Tiaojie-UI"

#include <glib/gi18n.h>

#include "tj-application.h"
#include "tj-audit.h"
#include "tj-docgen.h"
#include "tj-json.h"
#include "tj-paper-list.h"
#include "tj-papers-view.h"
#include "tj-ui-format.h"
#include "tj-papers.h"
#include "tj-print-preview-window.h"
#include "tj-ui-work.h"

/* A thin list over tj-papers: the core generates, stores and lays out,
 * and lists the case's papers (TjPaperList, read on the repository's
 * worker and again when a paper of the case changes); this widget shows
 * them in a GtkListView, asks, shows a spinner while the repository's
 * worker reads, renders or writes (each step a *_in_worker job with the
 * worker's connection: the main thread never touches the database), and
 * hands the laid-out pages to the preview window or the printer. */
struct _TjPapersView
{
  AdwBin          parent_instance;

  AdwToastOverlay *toasts;
  GtkWidget      *spinner;
  GtkWidget      *generate_button;
  GtkStack       *stack;
  GtkListView    *list_view;

  TjApplication  *application;
  char           *case_id;
  TjPaperList    *papers;
  GCancellable   *cancellable;
  guint           busy;
  AdwToast       *shown_toast;  /* (weak) what the last step said */
  gboolean        shown_failure;
};

G_DEFINE_FINAL_TYPE (TjPapersView, tj_papers_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a step of the view needs on the main thread around its job. */
typedef struct {
  TjPapersView *self;
  char         *paper_id;
  char         *title;
  GFile        *file;
  int           what;
} Job;

enum { JOB_PREVIEW, JOB_PRINT };

static Job *
job_new (TjPapersView *self,
         const char   *paper_id,
         GFile        *file)
{
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->paper_id = g_strdup (paper_id);
  job->file = file ? g_object_ref (file) : NULL;
  return job;
}

static void
job_free (Job *job)
{
  g_object_unref (job->self);
  g_free (job->paper_id);
  g_free (job->title);
  g_clear_object (&job->file);
  g_free (job);
}

/* The data of a job on the repository's worker: what it reads and what
 * it returns, copied on the main thread and not touched there until the
 * callback. No widget. */
typedef struct {
  char         *case_id;
  char         *paper_id;
  char         *template_name;  /* generate */
  char         *format;         /* export */
  const char   *action;         /* record an output: TJ_AUDIT_* */
  JsonObject   *organisation;   /* generate */
  GBytes       *scan;           /* attach */
  char         *scan_name;
  char         *scan_type;
  GCancellable *cancellable;    /* checked inside paginate and export */

  JsonObject   *paper;          /* generated or signed */
  TjPages      *pages;
  GBytes       *bytes;
} Work;

static Work *
work_new (const char   *paper_id,
          GCancellable *cancellable)
{
  Work *w = g_new0 (Work, 1);

  w->paper_id = g_strdup (paper_id);
  w->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  return w;
}

static void
work_free (Work *w)
{
  g_free (w->case_id);
  g_free (w->paper_id);
  g_free (w->template_name);
  g_free (w->format);
  g_clear_pointer (&w->organisation, json_object_unref);
  g_clear_pointer (&w->scan, g_bytes_unref);
  g_free (w->scan_name);
  g_free (w->scan_type);
  g_clear_object (&w->cancellable);
  g_clear_pointer (&w->paper, json_object_unref);
  g_clear_pointer (&w->pages, tj_pages_free);
  g_clear_pointer (&w->bytes, g_bytes_unref);
  g_free (w);
}

/* The view's step in @job, done on the worker by @func with @work. */
static void
start_work (Job                 *job,
            TjUiWorkFunc         func,
            Work                *work,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback)
{
  tj_ui_work_run_async (job->self->application, func, work, (GDestroyNotify) work_free, cancellable, callback, job);
}

static gboolean
generate_in_worker (TjStore              *store,
                    const TjCaseContext  *ctx,
                    gpointer              data,
                    GError              **error)
{
  Work *w = data;

  /* Read, rendered and stored in one job: for a 72-worker agreement
   * tens of milliseconds (tests/bench/bench-docgen). */
  w->paper = tj_papers_generate (store, ctx, w->organisation, w->case_id, w->template_name, "pdf", error);
  return w->paper != NULL;
}

static gboolean
paginate_in_worker (TjStore              *store,
                    const TjCaseContext  *ctx,
                    gpointer              data,
                    GError              **error)
{
  Work *w = data;

  w->pages = tj_papers_paginate (store, w->paper_id, w->cancellable, error);
  return w->pages != NULL;
}

static gboolean
export_in_worker (TjStore              *store,
                  const TjCaseContext  *ctx,
                  gpointer              data,
                  GError              **error)
{
  Work *w = data;

  w->bytes = tj_papers_export (store, w->paper_id, w->format, w->cancellable, error);
  return w->bytes != NULL;
}

static gboolean
record_output_in_worker (TjStore              *store,
                         const TjCaseContext  *ctx,
                         gpointer              data,
                         GError              **error)
{
  Work *w = data;

  return tj_papers_record_output (store, ctx, w->paper_id, w->action, error);
}

static gboolean
attach_signed_in_worker (TjStore              *store,
                         const TjCaseContext  *ctx,
                         gpointer              data,
                         GError              **error)
{
  Work *w = data;

  w->paper = tj_papers_attach_signed (store, ctx, w->paper_id, w->scan, w->scan_name, w->scan_type, error);
  return w->paper != NULL;
}

/* Busy: a job of this view, or the list being read (after a paper was
 * made or signed, the view is busy until the list shows it). */
static gboolean
is_busy (TjPapersView *self)
{
  return self->busy > 0 || (self->papers && tj_paper_list_get_loading (self->papers));
}

static void
set_busy (TjPapersView *self,
          gboolean      busy)
{
  gboolean was = is_busy (self);

  /* A new step: the failure of the last one is old news. */
  if (busy && self->shown_toast && self->shown_failure)
    adw_toast_dismiss (self->shown_toast);
  if (busy)
    self->busy++;
  else if (self->busy > 0)
    self->busy--;
  gtk_widget_set_visible (self->spinner, is_busy (self));
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), is_busy (self));
  gtk_widget_set_sensitive (self->generate_button, self->busy == 0);
  if (was != is_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* The outcome of the latest step replaces what an earlier one said:
 * queued behind each other, "Saved" would come seconds after the save
 * and a failure after messages that no longer matter. */
static void
show_toast (TjPapersView *self,
            const char   *text,
            gboolean      failure)
{
  AdwToast *t = adw_toast_new (text);

  if (self->shown_toast)
    adw_toast_dismiss (self->shown_toast);
  adw_toast_set_timeout (t, failure ? 6 : 4);
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  g_set_weak_pointer (&self->shown_toast, t);
  self->shown_failure = failure;
  adw_toast_overlay_add_toast (self->toasts, t);
}

static void
toast (TjPapersView *self,
       const char   *text)
{
  show_toast (self, text, FALSE);
}

static void
toast_error (TjPapersView *self,
             const char   *text)
{
  show_toast (self, text, TRUE);
}

static GtkWindow *
parent_window (TjPapersView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static TjPaper *
find_paper (TjPapersView *self,
            const char   *paper_id)
{
  return self->papers ? tj_paper_list_find (self->papers, paper_id) : NULL;
}

/* "调解协议书-第2版.pdf": the paper's title in the document's language. */
static char *
suggested_name (TjPaper    *paper,
                const char *format)
{
  const char *title = tj_paper_get_title (paper);

  return g_strdup_printf ("%s-第%d版.%s", title && *title ? title : "paper", tj_paper_get_version (paper), format);
}

/* ---- the list (the factory's handlers, declared in tj-papers-view.ui) ---- */

/* A row is made once and shows whichever paper it is bound to. */
static void
setup_paper_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                TjPapersView             *self)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *badge = gtk_label_new (_("Signed"));
  GtkWidget *preview = gtk_button_new_with_mnemonic (_("Pre_view"));
  GtkWidget *print = gtk_button_new_from_icon_name ("document-print-symbolic");
  GtkWidget *more = gtk_menu_button_new ();

  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
  gtk_widget_set_focusable (row, FALSE);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);

  gtk_widget_add_css_class (badge, "success");
  gtk_widget_add_css_class (badge, "caption-heading");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (badge, _("A scan of the signed paper is attached; this version is kept as it is"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);

  /* The target first: an action of a paper id without one is refused. */
  gtk_widget_set_valign (preview, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (preview), "s", "");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (preview), "papers.preview");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), preview);

  gtk_widget_set_tooltip_text (print, _("Print"));
  gtk_widget_set_valign (print, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (print), "s", "");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (print), "papers.print");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), print);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (more), "view-more-symbolic");
  gtk_widget_set_tooltip_text (more, _("Save or Attach"));
  gtk_widget_set_valign (more, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (more, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), more);

  g_object_set_data (G_OBJECT (row), "badge", badge);
  g_object_set_data (G_OBJECT (row), "preview", preview);
  g_object_set_data (G_OBJECT (row), "print", print);
  g_object_set_data (G_OBJECT (row), "more", more);
  gtk_list_item_set_child (item, row);
}

static void
bind_paper_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               TjPapersView             *self)
{
  TjPaper *paper = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  const char *id = tj_paper_get_id (paper);
  g_autofree char *when = tj_ui_format_timestamp (tj_paper_get_generated_at (paper));
  g_autofree char *subtitle = NULL;
  g_autoptr(GMenu) menu = g_menu_new ();
  static const struct { const char *label; const char *action; } items[] = {
    { N_("Save as _PDF…"), "papers.save-pdf" },
    { N_("Save as _Word Document…"), "papers.save-docx" },
    { N_("_Attach Signed Scan…"), "papers.attach-scan" },
  };

  /* Translators: a paper's version, its file format (PDF, DOCX) and when it was made. */
  subtitle = g_strdup_printf (_("Version %d · %s · %s"), tj_paper_get_version (paper),
                              g_strcmp0 (tj_paper_get_format (paper), "docx") == 0 ? "DOCX" : "PDF", when);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tj_paper_get_title (paper));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, id);
  gtk_widget_set_visible (g_object_get_data (G_OBJECT (row), "badge"), tj_paper_get_signed (paper));
  gtk_actionable_set_action_target (g_object_get_data (G_OBJECT (row), "preview"), "s", id);
  gtk_actionable_set_action_target (g_object_get_data (G_OBJECT (row), "print"), "s", id);
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) entry = g_menu_item_new (_(items[i].label), NULL);
      g_menu_item_set_action_and_target_value (entry, items[i].action, g_variant_new_string (id));
      g_menu_append_item (menu, entry);
    }
  gtk_menu_button_set_menu_model (g_object_get_data (G_OBJECT (row), "more"), G_MENU_MODEL (menu));
}

/* The status page until the case has a paper. */
static void
show_page (TjPapersView *self)
{
  gboolean some = self->papers && g_list_model_get_n_items (G_LIST_MODEL (self->papers)) > 0;

  gtk_stack_set_visible_child_name (self->stack, some ? "list" : "empty");
}

static void
loading_changed_cb (TjPapersView *self)
{
  gtk_widget_set_visible (self->spinner, is_busy (self));
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), is_busy (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
reloaded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TjPapersView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!tj_paper_list_reload_finish (TJ_PAPER_LIST (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast_error (self, error->message);
}

void
tj_papers_view_reload (TjPapersView *self)
{
  g_return_if_fail (TJ_IS_PAPERS_VIEW (self));

  if (self->papers)
    tj_paper_list_reload_async (self->papers, self->cancellable, reloaded_cb, g_object_ref (self));
}

static void
build_generate_menu (TjPapersView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) templates = tj_docgen_list_templates (&error);
  g_autoptr(GMenu) menu = g_menu_new ();

  for (guint i = 0; templates && i < json_array_get_length (templates); i++)
    {
      JsonObject *t = json_array_get_object_element (templates, i);
      g_autoptr(GMenuItem) item = NULL;

      /* A broken custom template is listed with its error and no title. */
      if (tj_json_get_string (t, "title", NULL) == NULL)
        continue;
      item = g_menu_item_new (tj_json_get_string (t, "title", ""), NULL);
      g_menu_item_set_action_and_target_value (item, "papers.generate",
                                               g_variant_new_string (tj_json_get_string (t, "name", "")));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->generate_button), G_MENU_MODEL (menu));
}

/* ---- generating ------------------------------------------------------------- */

static void
generated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Job *job = user_data;
  TjPapersView *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  Work *w = NULL;
  JsonObject *paper;

  if (!tj_ui_work_run_finish (result, (gpointer *) &w, &error))
    {
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast_error (self, error->message);
      job_free (job);
      return;
    }
  paper = w->paper;
  if (tj_json_get_bool (paper, "reused", FALSE))
    text = g_strdup_printf (_("Nothing changed: version %d of %s is current"),
                            (int) tj_json_get_int (paper, "version", 1), tj_json_get_string (paper, "title", ""));
  else
    text = g_strdup_printf (_("Made version %d of %s"),
                            (int) tj_json_get_int (paper, "version", 1), tj_json_get_string (paper, "title", ""));
  /* Read again before the job ends, so the view stays busy until the
   * list shows the new version. */
  tj_papers_view_reload (self);
  set_busy (self, FALSE);
  toast (self, text);
  job_free (job);
}

static void
generate_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  TjPapersView *self = TJ_PAPERS_VIEW (widget);
  Work *w = work_new (NULL, NULL);

  w->case_id = g_strdup (self->case_id);
  w->template_name = g_strdup (g_variant_get_string (parameter, NULL));
  w->organisation = tj_context_dup_organisation (tj_application_get_context (self->application));
  set_busy (self, TRUE);
  start_work (job_new (self, NULL, NULL), generate_in_worker, w, self->cancellable, generated_cb);
}

/* A paper left the program (printed or saved): the access log says so.
 * Not cancelled with the view: the file is out whatever happens to it. */
static void
recorded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;

  set_busy (job->self, FALSE);
  if (!tj_ui_work_run_finish (result, NULL, &error))
    toast_error (job->self, error->message);
  job_free (job);
}

static void
record_output (TjPapersView *self,
               const char   *paper_id,
               const char   *action)
{
  Work *w = work_new (paper_id, NULL);

  w->action = action;
  set_busy (self, TRUE);
  start_work (job_new (self, paper_id, NULL), record_output_in_worker, w, NULL, recorded_cb);
}

/* ---- preview and print --------------------------------------------------------- */

static void
paginated_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Job *job = user_data;
  TjPapersView *self = job->self;
  g_autoptr(GError) error = NULL;
  Work *w = NULL;
  TjPages *pages = NULL;

  if (tj_ui_work_run_finish (result, (gpointer *) &w, &error))
    pages = g_steal_pointer (&w->pages);
  set_busy (self, FALSE);
  if (pages == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast_error (self, error->message);
    }
  else if (job->what == JOB_PREVIEW)
    {
      TjPrintPreviewWindow *preview = tj_print_preview_window_new (parent_window (self), pages, job->title);
      gtk_window_present (GTK_WINDOW (preview));
    }
  else
    {
      g_autoptr(GError) print_error = NULL;
      GtkPrintOperationResult printed = tj_print_pages (parent_window (self), pages, job->title,
                                                        GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, NULL, &print_error);
      if (printed == GTK_PRINT_OPERATION_RESULT_ERROR)
        toast_error (self, print_error->message);
      else if (printed == GTK_PRINT_OPERATION_RESULT_APPLY)
        record_output (self, job->paper_id, TJ_AUDIT_PRINT);
      tj_pages_free (pages);
    }
  job_free (job);
}

static void
lay_out (TjPapersView *self,
         const char   *paper_id,
         int           what)
{
  TjPaper *paper = find_paper (self, paper_id);
  Job *job = job_new (self, paper_id, NULL);

  job->what = what;
  if (paper)
    job->title = g_strdup_printf ("%s（第%d版）", tj_paper_get_title (paper), tj_paper_get_version (paper));
  set_busy (self, TRUE);
  start_work (job, paginate_in_worker, work_new (paper_id, self->cancellable), self->cancellable, paginated_cb);
}

static void
preview_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  lay_out (TJ_PAPERS_VIEW (widget), g_variant_get_string (parameter, NULL), JOB_PREVIEW);
}

static void
print_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  lay_out (TJ_PAPERS_VIEW (widget), g_variant_get_string (parameter, NULL), JOB_PRINT);
}

/* ---- saving ----------------------------------------------------------------------- */

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    toast_error (job->self, error->message);
  else
    {
      g_autofree char *name = g_file_get_basename (job->file);
      g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);
      record_output (job->self, job->paper_id, TJ_AUDIT_EXPORT);
      toast (job->self, text);
    }
  /* After record_output(): the view stays busy until the log has it. */
  set_busy (job->self, FALSE);
  job_free (job);
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(GError) error = NULL;
  Work *w = NULL;
  GBytes *bytes = NULL;

  if (tj_ui_work_run_finish (result, (gpointer *) &w, &error))
    bytes = w->bytes;
  if (bytes == NULL)
    {
      set_busy (job->self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast_error (job->self, error->message);
      job_free (job);
      return;
    }
  /* Still busy: the write finishes the job. */
  g_file_replace_contents_bytes_async (job->file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION | G_FILE_CREATE_PRIVATE,
                                       job->self->cancellable, written_cb, job);
}

void
tj_papers_view_save (TjPapersView *self,
                     const char   *paper_id,
                     const char   *format,
                     GFile        *file)
{
  Work *work;

  g_return_if_fail (TJ_IS_PAPERS_VIEW (self));
  g_return_if_fail (paper_id != NULL);
  g_return_if_fail (G_IS_FILE (file));

  work = work_new (paper_id, self->cancellable);
  work->format = g_strdup (format);
  set_busy (self, TRUE);
  start_work (job_new (self, paper_id, file), export_in_worker, work, self->cancellable, exported_cb);
}

typedef struct {
  TjPapersView *self;
  char         *paper_id;
  char         *format;
} ChooserData;

static void
chooser_data_free (ChooserData *data)
{
  g_object_unref (data->self);
  g_free (data->paper_id);
  g_free (data->format);
  g_free (data);
}

static void
save_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  ChooserData *data = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (file)
        tj_papers_view_save (data->self, data->paper_id, data->format, file);
    }
  chooser_data_free (data);
  g_object_unref (dialog);
}

static void
choose_save (TjPapersView *self,
             const char   *paper_id,
             const char   *format)
{
  TjPaper *paper = find_paper (self, paper_id);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  ChooserData *data;

  if (paper == NULL)
    return;
  chooser = gtk_file_chooser_native_new (g_str_equal (format, "pdf") ? _("Save as PDF") : _("Save as Word Document"),
                                         parent_window (self), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = suggested_name (paper, format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  if (g_str_equal (format, "pdf"))
    {
      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("Word documents"));
      gtk_file_filter_add_suffix (filter, "docx");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  data = g_new0 (ChooserData, 1);
  data->self = g_object_ref (self);
  data->paper_id = g_strdup (paper_id);
  data->format = g_strdup (format);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_pdf_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  choose_save (TJ_PAPERS_VIEW (widget), g_variant_get_string (parameter, NULL), "pdf");
}

static void
save_docx_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  choose_save (TJ_PAPERS_VIEW (widget), g_variant_get_string (parameter, NULL), "docx");
}

/* ---- the signed scan ------------------------------------------------------------- */

static void
signed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Job *job = user_data;
  TjPapersView *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  Work *w = NULL;

  if (!tj_ui_work_run_finish (result, (gpointer *) &w, &error))
    {
      set_busy (self, FALSE);
      toast_error (self, error->message);
      job_free (job);
      return;
    }
  text = g_strdup_printf (_("Version %d of %s is signed"), (int) tj_json_get_int (w->paper, "version", 1),
                          tj_json_get_string (w->paper, "title", ""));
  tj_papers_view_reload (self);
  set_busy (self, FALSE);
  toast (self, text);
  job_free (job);
}

static void
scan_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Job *job = user_data;
  TjPapersView *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *guessed = NULL;
  gsize length = 0;
  Work *w;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      set_busy (self, FALSE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast_error (self, error->message);
      job_free (job);
      return;
    }
  w = work_new (job->paper_id, NULL);
  w->scan_name = g_file_get_basename (G_FILE (source));
  guessed = g_content_type_guess (w->scan_name, (const guchar *) contents, length, NULL);
  w->scan_type = g_content_type_get_mime_type (guessed);
  w->scan = g_bytes_new_take (g_steal_pointer (&contents), length);
  /* Still busy. Once read, the scan is attached even if the view closes
   * meanwhile: the mediator chose it. */
  start_work (job, attach_signed_in_worker, w, NULL, signed_cb);
}

void
tj_papers_view_attach_scan (TjPapersView *self,
                            const char   *paper_id,
                            GFile        *file)
{
  g_return_if_fail (TJ_IS_PAPERS_VIEW (self));
  g_return_if_fail (paper_id != NULL);
  g_return_if_fail (G_IS_FILE (file));

  set_busy (self, TRUE);
  g_file_load_contents_async (file, self->cancellable, scan_loaded_cb, job_new (self, paper_id, file));
}

static void
scan_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  ChooserData *data = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (file)
        tj_papers_view_attach_scan (data->self, data->paper_id, file);
    }
  chooser_data_free (data);
  g_object_unref (dialog);
}

static void
attach_scan_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TjPapersView *self = TJ_PAPERS_VIEW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  ChooserData *data;

  chooser = gtk_file_chooser_native_new (_("Attach Signed Scan"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Scans and photos"));
  gtk_file_filter_add_mime_type (filter, "image/*");
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);

  data = g_new0 (ChooserData, 1);
  data->self = g_object_ref (self);
  data->paper_id = g_strdup (g_variant_get_string (parameter, NULL));
  g_signal_connect (chooser, "response", G_CALLBACK (scan_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- the object ------------------------------------------------------------------- */

static void
tj_papers_view_dispose (GObject *object)
{
  TjPapersView *self = TJ_PAPERS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->application);
  g_clear_weak_pointer (&self->shown_toast);
  if (self->papers)
    g_signal_handlers_disconnect_by_data (self->papers, self);
  g_clear_object (&self->papers);

  G_OBJECT_CLASS (tj_papers_view_parent_class)->dispose (object);
}

static void
tj_papers_view_finalize (GObject *object)
{
  TjPapersView *self = TJ_PAPERS_VIEW (object);

  g_free (self->case_id);

  G_OBJECT_CLASS (tj_papers_view_parent_class)->finalize (object);
}

static void
tj_papers_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TjPapersView *self = TJ_PAPERS_VIEW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, is_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_papers_view_class_init (TjPapersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_papers_view_dispose;
  object_class->finalize = tj_papers_view_finalize;
  object_class->get_property = tj_papers_view_get_property;

  /**
   * TjPapersView:busy:
   *
   * Whether a paper is being generated, laid out, saved (until the access
   * log has it) or signed, or the list is being read.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tiaojie/Tiaojie/ui/tj-papers-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TjPapersView, toasts);
  gtk_widget_class_bind_template_child (widget_class, TjPapersView, spinner);
  gtk_widget_class_bind_template_child (widget_class, TjPapersView, generate_button);
  gtk_widget_class_bind_template_child (widget_class, TjPapersView, stack);
  gtk_widget_class_bind_template_child (widget_class, TjPapersView, list_view);
  gtk_widget_class_bind_template_callback (widget_class, setup_paper_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_paper_cb);

  gtk_widget_class_install_action (widget_class, "papers.generate", "s", generate_activated);
  gtk_widget_class_install_action (widget_class, "papers.preview", "s", preview_activated);
  gtk_widget_class_install_action (widget_class, "papers.print", "s", print_activated);
  gtk_widget_class_install_action (widget_class, "papers.save-pdf", "s", save_pdf_activated);
  gtk_widget_class_install_action (widget_class, "papers.save-docx", "s", save_docx_activated);
  gtk_widget_class_install_action (widget_class, "papers.attach-scan", "s", attach_scan_activated);
}

static void
tj_papers_view_init (TjPapersView *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  build_generate_menu (self);
}

/**
 * tj_papers_view_new:
 * @application: the application, whose repository the view reads and
 *   writes through (on its worker)
 * @case_id: the case whose papers to show
 */
GtkWidget *
tj_papers_view_new (TjApplication *application,
                    const char    *case_id)
{
  TjPapersView *self;
  TjRepository *repository;

  g_return_val_if_fail (TJ_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_new (TJ_TYPE_PAPERS_VIEW, NULL);
  self->application = g_object_ref (application);
  self->case_id = g_strdup (case_id);
  /* The list reads on the repository's worker and follows its "changed"
   * (a paper signed or made elsewhere: another window, the CLI, a sync). */
  if ((repository = tj_application_get_repository (application)) != NULL)
    {
      g_autoptr(GtkNoSelection) selection = NULL;

      self->papers = tj_paper_list_new (repository, case_id);
      g_signal_connect_swapped (self->papers, "notify::n-items", G_CALLBACK (show_page), self);
      g_signal_connect_swapped (self->papers, "notify::loading", G_CALLBACK (loading_changed_cb), self);
      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->papers)));
      gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
    }
  else
    g_warning ("The papers of case %s cannot be listed without the application's repository", case_id);
  show_page (self);
  tj_papers_view_reload (self);
  return GTK_WIDGET (self);
}

const char *
tj_papers_view_get_case_id (TjPapersView *self)
{
  g_return_val_if_fail (TJ_IS_PAPERS_VIEW (self), NULL);

  return self->case_id;
}

GListModel *
tj_papers_view_get_papers (TjPapersView *self)
{
  g_return_val_if_fail (TJ_IS_PAPERS_VIEW (self), NULL);

  return self->papers ? G_LIST_MODEL (self->papers) : NULL;
}

gboolean
tj_papers_view_get_busy (TjPapersView *self)
{
  g_return_val_if_fail (TJ_IS_PAPERS_VIEW (self), FALSE);

  return is_busy (self);
}
