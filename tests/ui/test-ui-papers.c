/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Issue 6 as a mediator meets it: from a case with an agreed settlement,
 * open the case's papers, generate the mediation agreement, preview it,
 * save it as PDF and DOCX, print it (exported to a PDF, which proves the
 * printer gets the same pages) and attach the signed scan.
 *
 * With TIAOJIE_SCREENSHOT_DIR set, the preview and the papers window are
 * saved there as PNG files. */

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "tj-case-page.h"
#include "tj-arrears-notifier.h"
#include "tj-audit.h"
#include "tj-json.h"
#include "tj-paper-list.h"
#include "tj-papers-view.h"
#include "tj-papers.h"
#include "tj-print-preview-window.h"
#include "tj-settlement.h"
#include "tj-test-store.h"
#include "tj-ui-test.h"

#define SECRET "SENTINEL-CAUCUS-4410"

static char *case_id;

/* A tool's output, or NULL (and the check skipped) without the tool. */
static char *
run_tool (const char *tool,
          const char *file)
{
  g_autofree char *prog = g_find_program_in_path (tool);
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  if (prog == NULL)
    return NULL;
  if (g_str_equal (tool, "pdftotext"))
    {
      const char *argv[] = { prog, "-enc", "UTF-8", file, "-", NULL };
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
    }
  else
    {
      const char *argv[] = { prog, file, NULL };
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, &error);
    }
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static int
pdf_pages (const char *file)
{
  g_autofree char *info = run_tool ("pdfinfo", file);
  const char *p;

  if (info == NULL || (p = strstr (info, "Pages:")) == NULL)
    return -1;
  return atoi (p + strlen ("Pages:"));
}

/* The text with white space removed (line breaks follow the layout). */
static char *
squeezed_text (const char *file)
{
  g_autofree char *text = run_tool ("pdftotext", file);
  GString *s;

  if (text == NULL)
    return NULL;
  s = g_string_new (NULL);
  for (const char *c = text; *c; c++)
    if (!g_ascii_isspace (*c) && *c != '\f')
      g_string_append_c (s, *c);
  return g_string_free (s, FALSE);
}

static int
compare_unichar (gconstpointer a,
                 gconstpointer b)
{
  gunichar x = *(const gunichar *) a, y = *(const gunichar *) b;
  return x < y ? -1 : x > y;
}

/* The characters of @text in code point order. pdftotext reads a line
 * that ends in a blank to fill in, above a row of signature blocks, in
 * an order that shifts with the page's offset: what must agree is what
 * is printed, not the order pdftotext reads it in. */
static char *
sorted_text (const char *text)
{
  glong n = 0;
  g_autofree gunichar *chars = g_utf8_to_ucs4_fast (text, -1, &n);

  qsort (chars, n, sizeof (gunichar), compare_unichar);
  return g_ucs4_to_utf8 (chars, n, NULL, NULL, NULL);
}

static TjPapersView *
find_view (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      GtkWidget *view;

      if (!gtk_widget_get_visible (GTK_WIDGET (window)))
        continue;
      view = tj_test_find (GTK_WIDGET (window), TJ_TYPE_PAPERS_VIEW);
      if (view)
        return TJ_PAPERS_VIEW (view);
    }
  return NULL;
}

static gboolean
view_shown (gpointer data)
{
  return find_view () != NULL;
}

static TjCasePage *
find_case_page (void)
{
  GtkWindow *window = tj_test_find_toplevel (TJ_TYPE_WINDOW);
  GtkWidget *page = window ? tj_test_find (GTK_WIDGET (window), TJ_TYPE_CASE_PAGE) : NULL;

  return page && gtk_widget_is_drawable (page) ? TJ_CASE_PAGE (page) : NULL;
}

static gboolean
case_page_shown (gpointer data)
{
  return find_case_page () != NULL && !tj_case_page_get_loading (find_case_page ());
}

/* (transfer full): the paper the view lists at @position. */
static TjPaper *
paper_at (TjPapersView *view,
          guint         position)
{
  return g_list_model_get_item (tj_papers_view_get_papers (view), position);
}

static guint
n_papers (TjPapersView *view)
{
  return g_list_model_get_n_items (tj_papers_view_get_papers (view));
}

static gboolean
view_idle (gpointer data)
{
  return !tj_papers_view_get_busy (data);
}

static gboolean
file_written (gpointer data)
{
  GStatBuf st;
  return g_stat (data, &st) == 0 && st.st_size > 0;
}

static void
wait_idle (TjPapersView *view)
{
  tj_test_drain ();
  g_assert_true (tj_test_wait (view_idle, view));
}

/* The visible labels under @widget, joined. */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_labels (c, out);
}

/* Whether a label under the view (a toast) says @data. */
static gboolean
view_says (gpointer data)
{
  TjPapersView *view = find_view ();
  g_autoptr(GString) labels = g_string_new (NULL);

  if (view == NULL)
    return FALSE;
  collect_labels (GTK_WIDGET (view), labels);
  return strstr (labels->str, data) != NULL;
}

/* The failure shown earlier is gone (after its animation). */
static gboolean
view_does_not_say (gpointer data)
{
  return !view_says (data);
}

/* The access log's entries of @action for the case's papers. */
static guint
n_logged (const char *action)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) log = tj_audit_list (tj_application_get_store (app), case_id, NULL, NULL, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (log); i++)
    {
      JsonObject *e = json_array_get_object_element (log, i);
      if (g_strcmp0 (tj_json_get_string (e, "action", NULL), action) == 0 &&
          g_strcmp0 (tj_json_get_string (e, "field", NULL), "agreement") == 0)
        {
          /* The agreement identifies the parties by ID number. */
          g_assert_true (tj_json_get_bool (e, "full", FALSE));
          n++;
        }
    }
  return n;
}

/* The one overdue installment (2026-12-01, ¥11,000.00) became exactly one
 * notification naming the case, whose click and button open it. */
static TjTestNotification *
assert_overdue_notification (void)
{
  static GPtrArray *list;
  g_autoptr(JsonObject) shown = tj_case_show (tj_application_get_store (app), NULL, case_id, NULL);
  g_autofree char *title = g_strdup_printf (_("Installment overdue: %s"), tj_json_get_string (shown, "number", "?"));
  g_autofree char *open_case = g_action_print_detailed_name ("app.show-case", g_variant_new_string (case_id));
  TjTestNotification *n;

  if (!tj_test_require_notifications ())
    return NULL;
  g_clear_pointer (&list, g_ptr_array_unref);
  list = tj_test_take_notifications (1);
  g_assert_cmpuint (list->len, ==, 1);
  n = g_ptr_array_index (list, 0);
  g_assert_cmpstr (n->title, ==, title);
  g_assert_nonnull (strstr (n->body, "城南工地农民工欠薪"));
  /* The words in the C locale the suite runs in; in another (for the
   * screenshots) the names and amounts above and below are enough. */
  if (g_str_equal (_("Signed"), "Signed"))
    {
      g_assert_nonnull (strstr (n->body, "installment 1 "));
      g_assert_nonnull (strstr (n->body, "(9 days ago)"));
    }
  g_assert_nonnull (strstr (n->body, "¥11,000.00"));
  /* A click opens the case ("default"); so does the button. */
  g_assert_cmpstr (n->actions[0], ==, "default");
  g_assert_cmpstr (tj_test_notification_action (n, _("Open Case")), ==, open_case);
  {
    const char *entry = NULL;
    g_assert_true (g_variant_lookup (n->hints, "desktop-entry", "&s", &entry));
    g_assert_cmpstr (entry, ==, APP_ID);
  }
  return n;
}

static gboolean
case_page_of (gpointer data)
{
  TjCasePage *page = find_case_page ();

  return page != NULL && !tj_case_page_get_loading (page) && g_strcmp0 (tj_case_page_get_case_id (page), data) == 0;
}

static void
test_overdue_notification (void)
{
  TjTestNotification *n = assert_overdue_notification ();
  TjWindow *window = tj_test_main_window ();

  if (n == NULL)
    return;
  /* The mediator is elsewhere when the notification is clicked. */
  g_assert_true (tj_window_set_section (window, "reports"));
  g_assert_null (find_case_page ());
  tj_test_notification_invoke (n, "default");
  g_assert_true (tj_test_wait (case_page_of, case_id));
  g_assert_cmpstr (tj_window_get_section (window), ==, "cases");

  /* Checked again (the next check of the day): nothing new to say. */
  g_assert_cmpuint (tj_arrears_notifier_check (tj_application_get_arrears_notifier (app)), ==, 0);
}

static void
test_papers (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-ui-papers-XXXXXX", &error);
  g_autofree char *saved_pdf = g_build_filename (dir, "调解协议书.pdf", NULL);
  g_autofree char *saved_docx = g_build_filename (dir, "调解协议书.docx", NULL);
  g_autofree char *printed_pdf = g_build_filename (dir, "printed.pdf", NULL);
  g_autofree char *scan_path = g_build_filename (dir, "签字页.png", NULL);
  g_autoptr(GFile) saved_file = g_file_new_for_path (saved_pdf);
  g_autoptr(GFile) docx_file = g_file_new_for_path (saved_docx);
  g_autoptr(GFile) scan_file = g_file_new_for_path (scan_path);
  g_autofree char *docx_bytes = NULL;
  g_autofree char *saved_text = NULL;
  g_autofree char *printed_text = NULL;
  g_autoptr(GString) labels = g_string_new (NULL);
  TjPrintPreviewWindow *preview;
  TjPapersView *view;
  g_autoptr(TjPaper) paper = NULL;
  g_autofree char *paper_id = NULL;
  gsize docx_len = 0;
  guint n_pages;
  int saved_pages;

  g_assert_no_error (error);
  /* The installment overdue on this day was notified as the database
   * opened (see test_overdue_notification()). */
  assert_overdue_notification ();

  /* The case's papers, reachable without the case page. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "case-papers", g_variant_new_string (case_id));
  g_assert_true (tj_test_wait (view_shown, NULL));
  view = find_view ();
  wait_idle (view);
  g_assert_cmpuint (n_papers (view), ==, 0);

  /* Generate the agreement: rendered off the main thread, then listed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "papers.generate", "s", "agreement"));
  g_assert_true (tj_papers_view_get_busy (view));
  wait_idle (view);
  g_assert_cmpuint (n_papers (view), ==, 1);
  paper = paper_at (view, 0);
  paper_id = g_strdup (tj_paper_get_id (paper));
  g_assert_cmpstr (tj_paper_get_title (paper), ==, "调解协议书");
  g_assert_cmpint (tj_paper_get_version (paper), ==, 1);
  g_clear_object (&paper);

  /* Save it as PDF, as the file chooser would: read and written on the
   * repository's worker, the main loop free meanwhile; the access log
   * has it before the view is idle again. */
  g_assert_cmpuint (n_logged (TJ_AUDIT_EXPORT), ==, 0);
  tj_papers_view_save (view, paper_id, "pdf", saved_file);
  g_assert_true (tj_papers_view_get_busy (view));
  wait_idle (view);
  g_assert_true (tj_test_wait (file_written, saved_pdf));
  g_assert_cmpuint (n_logged (TJ_AUDIT_EXPORT), ==, 1);
  saved_text = squeezed_text (saved_pdf);
  if (saved_text)
    {
      g_assert_nonnull (strstr (saved_text, "调解协议书"));
      g_assert_nonnull (strstr (saved_text, "张三"));
      g_assert_nonnull (strstr (saved_text, "王伟"));
      g_assert_null (strstr (saved_text, SECRET));
    }
  else
    g_test_message ("pdftotext is not installed: the saved PDF's text was not checked");

  /* And as DOCX: a Word document made from the same version. */
  tj_papers_view_save (view, paper_id, "docx", docx_file);
  g_assert_true (tj_papers_view_get_busy (view));
  wait_idle (view);
  g_assert_cmpuint (n_logged (TJ_AUDIT_EXPORT), ==, 2);
  g_assert_true (g_file_get_contents (saved_docx, &docx_bytes, &docx_len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (docx_len, >, 4);
  g_assert_true (memcmp (docx_bytes, "PK", 2) == 0);

  /* The preview shows every page of the stored file. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "papers.preview", "s", paper_id));
  g_assert_true (tj_papers_view_get_busy (view));
  preview = TJ_PRINT_PREVIEW_WINDOW (tj_test_wait_for_toplevel (TJ_TYPE_PRINT_PREVIEW_WINDOW));
  wait_idle (view);
  n_pages = tj_print_preview_window_get_n_pages (preview);
  g_assert_cmpuint (n_pages, >=, 2);
  saved_pages = pdf_pages (saved_pdf);
  if (saved_pages >= 0)
    g_assert_cmpint (saved_pages, ==, (int) n_pages);
  gtk_window_set_default_size (GTK_WINDOW (preview), 760, 980);
  tj_test_screenshot (GTK_WIDGET (preview), "papers-preview-zh_CN.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preview), "preview.next-page", NULL));
  g_assert_cmpuint (tj_print_preview_window_get_page (preview), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preview), "preview.zoom-in", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preview), "preview.zoom-fit", NULL));
  tj_print_preview_window_set_page (preview, 99);
  g_assert_cmpuint (tj_print_preview_window_get_page (preview), ==, n_pages - 1);
  tj_test_screenshot (GTK_WIDGET (preview), "papers-preview-last-zh_CN.png");

  /* Print through GtkPrintOperation, exported to a PDF: the same pages. */
  g_assert_cmpint (tj_print_pages (GTK_WINDOW (preview), tj_print_preview_window_get_pages (preview), "调解协议书",
                                   GTK_PRINT_OPERATION_ACTION_EXPORT, printed_pdf, &error),
                   ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  g_assert_true (file_written (printed_pdf));
  if (pdf_pages (printed_pdf) >= 0)
    g_assert_cmpint (pdf_pages (printed_pdf), ==, (int) n_pages);
  printed_text = squeezed_text (printed_pdf);
  if (printed_text)
    {
      g_assert_nonnull (strstr (printed_text, "调解协议书"));
      g_assert_nonnull (strstr (printed_text, "张三"));
      g_autofree char *printed_sorted = sorted_text (printed_text);
      g_autofree char *saved_sorted = sorted_text (saved_text);
      g_assert_cmpstr (printed_sorted, ==, saved_sorted);
    }
  if (g_getenv ("TIAOJIE_SCREENSHOT_DIR"))
    {
      /* Kept to be looked at (pdftoppm -png). */
      g_autofree char *kept = g_build_filename (g_getenv ("TIAOJIE_SCREENSHOT_DIR"), "papers-printed.pdf", NULL);
      g_autoptr(GFile) from = g_file_new_for_path (printed_pdf);
      g_autoptr(GFile) to = g_file_new_for_path (kept);
      g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
    }
  gtk_window_destroy (GTK_WINDOW (preview));

  /* An empty file is refused with the core's reason; nothing is signed. */
  g_assert_true (g_file_set_contents (scan_path, "", 0, &error));
  g_assert_no_error (error);
  tj_papers_view_attach_scan (view, paper_id, scan_file);
  g_assert_true (tj_papers_view_get_busy (view));
  wait_idle (view);
  g_assert_true (tj_test_wait (view_says, (gpointer) _("The signed scan is an empty file")));
  paper = paper_at (view, 0);
  g_assert_false (tj_paper_get_signed (paper));
  g_clear_object (&paper);

  /* Attach the signed scan: the version is marked signed in the list. */
  {
    static const guchar png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
    g_assert_true (g_file_set_contents (scan_path, (const char *) png, sizeof png, &error));
    g_assert_no_error (error);
  }
  tj_papers_view_attach_scan (view, paper_id, scan_file);
  g_assert_true (tj_papers_view_get_busy (view));
  wait_idle (view);
  paper = paper_at (view, 0);
  g_assert_true (tj_paper_get_signed (paper));
  g_clear_object (&paper);
  /* Said at once, in place of the failure before it. */
  {
    g_autofree char *said = g_strdup_printf (_("Version %d of %s is signed"), 1, "调解协议书");
    g_assert_true (tj_test_wait (view_says, said));
    g_assert_true (tj_test_wait (view_does_not_say, (gpointer) _("The signed scan is an empty file")));
  }
  tj_test_drain ();
  collect_labels (GTK_WIDGET (view), labels);
  g_assert_nonnull (strstr (labels->str, _("Signed")));
  tj_test_screenshot (GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (view))), "papers-list-zh_CN.png");

  /* Regenerating now makes version 2; the signed version 1 stays. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "papers.generate", "s", "agreement"));
  wait_idle (view);
  g_assert_cmpuint (n_papers (view), ==, 2);
  paper = paper_at (view, 0);
  g_assert_cmpint (tj_paper_get_version (paper), ==, 2);
  g_clear_object (&paper);
  paper = paper_at (view, 1);
  g_assert_true (tj_paper_get_signed (paper));
  g_clear_object (&paper);

  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (view))));

  /* The same papers in the Documents tab of the case page. */
  tj_application_show_case (app, case_id);
  g_assert_true (tj_test_wait (case_page_shown, NULL));
  {
    TjCasePage *page = find_case_page ();
    AdwViewStack *stack = ADW_VIEW_STACK (tj_test_find (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK));
    TjPapersView *tab;

    g_assert_nonnull (adw_view_stack_get_child_by_name (stack, "documents"));
    adw_view_stack_set_visible_child_name (stack, "documents");
    tj_test_drain ();
    tab = TJ_PAPERS_VIEW (adw_view_stack_get_child_by_name (stack, "documents"));
    wait_idle (tab);
    g_assert_cmpuint (n_papers (tab), ==, 2);
    tj_test_screenshot (GTK_WIDGET (tj_test_find_toplevel (TJ_TYPE_WINDOW)), "case-documents-zh_CN.png");
  }
  g_unlink (saved_pdf);
  g_unlink (saved_docx);
  g_unlink (printed_pdf);
  g_unlink (scan_path);
  g_rmdir (dir);
}

/* A case of two workers with an agreed settlement and a caucus note. */
static void
seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (db_path, &error);
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(JsonObject) settlement = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autofree char *json = NULL;
  JsonArray *workers;
  TjCaseContext ctx;

  g_assert_no_error (error);
  tj_case_context_init_defaults (&ctx);
  ctx.actor = "李调解";
  case_id = tj_test_add_case (store, &ctx,
                              "{\"title\":\"城南工地农民工欠薪\",\"kind\":\"wage_arrears\",\"source\":\"hotline\","
                              "\"received_on\":\"2026-11-16\",\"accepted_on\":\"2026-11-16\",\"employment_ended_on\":\"2026-10-31\","
                              "\"facts\":\"两名工人2026年8月至10月的工资共计人民币贰万壹仟元未发放。\","
                              "\"employer\":{\"name\":\"华建劳务有限公司\",\"representative\":\"赵建国\",\"phone\":\"13800138000\"},"
                              "\"workers\":[{\"name\":\"张三\",\"id_number\":\"11010519491231002X\",\"phone\":\"13900139000\",\"owed_fen\":1200000},"
                              "             {\"name\":\"王伟\",\"id_number\":\"110105198503120012\",\"owed_fen\":900000}]}");
  shown = tj_case_show (store, &ctx, case_id, &error);
  g_assert_no_error (error);
  workers = tj_json_get_array (shown, "workers");

  tj_test_add_caucus_note (store, &ctx, case_id, NULL, "底线 " SECRET);
  g_assert_true (tj_case_set_status (store, &ctx, case_id, "agreed", "达成协议", NULL, &error));
  g_assert_no_error (error);

  json = g_strdup_printf (
    "{\"status\":\"agreed\",\"total_fen\":2100000,\"method\":\"bank_transfer\","
    "\"payer\":{\"role\":\"employer\",\"name\":\"华建劳务有限公司\"},"
    "\"installments\":[{\"due_on\":\"2026-12-01\",\"amount_fen\":1100000,"
    "  \"allocations\":[{\"worker_id\":\"%s\",\"amount_fen\":600000},{\"worker_id\":\"%s\",\"amount_fen\":500000}]},"
    " {\"due_on\":\"2027-01-10\",\"amount_fen\":1000000,"
    "  \"allocations\":[{\"worker_id\":\"%s\",\"amount_fen\":600000},{\"worker_id\":\"%s\",\"amount_fen\":400000}]}],"
    "\"terms\":[\"用人单位按期支付后，双方再无其他劳动争议。\"]}",
    tj_json_get_string (json_array_get_object_element (workers, 0), "id", ""),
    tj_json_get_string (json_array_get_object_element (workers, 1), "id", ""),
    tj_json_get_string (json_array_get_object_element (workers, 0), "id", ""),
    tj_json_get_string (json_array_get_object_element (workers, 1), "id", ""));
  settlement = tj_json_parse_object (json, -1, &error);
  g_assert_no_error (error);
  result = tj_settlement_set (store, &ctx, case_id, settlement, &error);
  g_assert_no_error (error);

  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);
    g_settings_set_string (settings, "organisation-name", "城南职工维权服务中心");
    g_settings_set_string (settings, "mediator-name", "李调解");
  }
}

/* The first installment (due 2026-12-01) is overdue on this day. */
#define TODAY "2026-12-10"

int
main (int   argc,
      char *argv[])
{
  tj_test_init (&argc, &argv, TODAY, TJ_TEST_FLAGS_NONE);

  tj_test_add ("/ui/papers/generate-preview-print", test_papers);
  tj_test_add ("/ui/papers/overdue-notification", test_overdue_notification);

  return tj_test_run (seed);
}
