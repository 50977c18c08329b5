/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The inside of TjCasePage, shared by the files of its tabs (see the
 * comment atop tj-case-page.c). Only they include it. */

#include "tj-case-page.h"
#include "tj-validate.h"
#include "tj-case.h"
#include "tj-chain.h"
#include "tj-field-labels.h"
#include "tj-form-dialog.h"
#include "tj-json.h"
#include "tj-money.h"
#include "tj-papers-view.h"
#include "tj-settlement.h"
#include "tj-consent.h"
#include "tj-reveal-dialog.h"
#include "tj-reveal.h"
#include "tj-status-dialog.h"
#include "tj-ui-format.h"
#include "tj-ui-work.h"
#include "tj-window.h"

G_BEGIN_DECLS

/* Everything shown comes from tj_case_show(), tj_case_timeline_full(),
 * tj_case_list_evidence() and tj_settlement_get(), read together on the
 * repository's worker; every change goes through the core's write
 * functions (the same ones the CLI calls) and then reloads the page. The
 * workers' ID numbers and phones are masked here too, and shown one at a
 * time, with a reason, through tj-reveal-dialog.h. */
struct _TjCasePage
{
  GtkBox          parent_instance;

  /* "PARTY_ID/FIELD" -> the value shown in full for the moment: the
   * reveal's own audit record reloads the page, which must not hide it. */
  GHashTable     *revealed;

  GtkLabel       *title_label;
  GtkLabel       *number_label;
  GtkLabel       *flag_label;
  GtkWidget      *status_pill;
  GtkWidget      *status_button;
  GtkWidget      *mediation_button;
  GtkMenuButton  *arrears_button;
  GtkWidget      *back_button;
  GtkWidget      *mediation_button_short;
  GtkMenuButton  *more_button;
  GtkMenuButton  *more_button_short;
  GtkDropDown    *tab_dropdown;
  AdwViewStack   *view_stack;
  GBinding       *folded_binding;  /* the window's leaflet folded: no back button here */
  GtkBox         *overview_box;
  GtkBox         *parties_box;
  GtkBox         *claims_box;
  GtkBox         *evidence_box;
  GtkBox         *timeline_box;

  TjApplication  *application;
  char           *case_id;
  GtkFileChooserNative *chooser;

  /* What the last read on the repository's worker brought (see
   * tj_case_page_reload()): the case, its settlement (NULL: none), its
   * evidence and timeline (NULL with the error that kept them). */
  GCancellable   *cancellable;
  gboolean        loading;
  JsonObject     *doc;
  JsonObject     *settlement;
  JsonArray      *evidence;
  GError         *evidence_error;
  JsonArray      *timeline;
  GError         *timeline_error;
};

/* tj-case-page.c */
extern const char * const _tj_case_page_kind_ids[];
extern const char * const _tj_case_page_chain_roles[];
const char * const *_tj_case_page_kind_labels (void);
void _tj_case_page_clear_box (GtkBox *box);
GtkWidget *_tj_case_page_add_group (GtkBox *box, const char *title, const char *description);
GtkWidget *_tj_case_page_add_row (GtkWidget *group, const char *title, const char *subtitle);
GtkWidget *_tj_case_page_add_value_row (GtkWidget *group, const char *title, const char *value);
GtkWidget *_tj_case_page_header_button (GtkWidget *group, const char *icon_name, const char *label);
GtkWidget *_tj_case_page_countdown_label (JsonObject *deadline);
GtkWindow *_tj_case_page_parent_window (TjCasePage *self);
void _tj_case_page_toast (TjCasePage *self, const char *text);
void _tj_case_page_run_async (TjCasePage *self, TjUiWorkFunc func, gpointer data,
                              GDestroyNotify destroy, GAsyncReadyCallback callback);
/* The members of @values (a form's) that differ from @before (the document
 * as the form opened on it), copied into a new patch. */
JsonObject *_tj_case_page_changed_members (JsonObject *values, JsonObject *before);

/* tj-case-page-overview.c */
char *_tj_case_page_link_label (JsonObject *link);
void _tj_case_page_fill_overview (TjCasePage *self);

/* tj-case-page-party-editor.c */
void _tj_case_page_drop_nulls (JsonObject *values);
void _tj_case_page_edit_party_clicked_cb (GtkButton *button, TjCasePage *self);
GtkWidget *_tj_case_page_party_button (TjCasePage *self, const char *icon_name,
                                       const char *tooltip, const char *role, JsonObject *party);
void _tj_case_page_refused (TjCasePage *self, const char *heading, const char *message);
void _tj_case_page_delete_party_action (GtkWidget *widget, const char *action_name,
                                        GVariant *parameter);
void _tj_case_page_change_role_action (GtkWidget *widget, const char *action_name,
                                       GVariant *parameter);
GtkWidget *_tj_case_page_party_menu_button (TjCasePage *self, JsonObject *party, const char *role);
void _tj_case_page_add_link_activated (GtkWidget *widget, const char *action_name,
                                       GVariant *parameter);
void _tj_case_page_remove_link_activated (GtkWidget *widget, const char *action_name,
                                          GVariant *parameter);

/* tj-case-page-parties.c */
void _tj_case_page_fill_parties (TjCasePage *self);

/* tj-case-page-claims.c */
void _tj_case_page_edit_claim_action (GtkWidget *widget, const char *action_name,
                                      GVariant *parameter);
void _tj_case_page_delete_claim_action (GtkWidget *widget, const char *action_name,
                                        GVariant *parameter);
void _tj_case_page_fill_claims (TjCasePage *self);

/* tj-case-page-evidence.c */
void _tj_case_page_fill_evidence (TjCasePage *self);

/* tj-case-page-timeline.c */
void _tj_case_page_fill_timeline (TjCasePage *self);

G_END_DECLS
