/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tj-repository.h"
#include "tj-row.h"

G_BEGIN_DECLS

/**
 * TjPagedList:
 *
 * A #GListModel of #TjRow over a query that can match 100,000 rows, read
 * on the repository's worker and never on the caller's thread: a reload
 * counts the rows in SQL (and reads again the pages in view, so that what
 * is shown does not blink), and a row asked for outside the pages held is
 * given at once as a placeholder ("loaded" %FALSE) that is filled in place
 * when its page, read on the worker, arrives. At most a few pages are held.
 *
 * Subclasses (the case list, the wage arrears, the agenda lists…) set the
 * row type and the two queries in class_init, and the query with
 * _tj_paged_list_set_query().
 *
 * Properties: "repository" (construct-only), "n-items", "loading" (a
 * reload is under way).
 */
#define TJ_TYPE_PAGED_LIST (tj_paged_list_get_type ())
G_DECLARE_DERIVABLE_TYPE (TjPagedList, tj_paged_list, TJ, PAGED_LIST, GObject)

struct _TjPagedListClass
{
  GObjectClass parent_class;

  /* The type of the rows, a #TjRow. */
  GType        item_type;
  /* Rows per page read at a time (100 when 0). */
  guint        page_size;

  /* On the worker, with its connection and an immutable @query: how many
   * rows, and optionally figures about them all (totals) for counted(). */
  gboolean   (*count)   (TjStore       *store,
                         gconstpointer  query,
                         guint         *n_items,
                         JsonObject   **summary,
                         GError       **error);
  /* On the worker: the rows @offset… as JSON objects, one per row. */
  JsonArray *(*fetch)   (TjStore       *store,
                         gconstpointer  query,
                         guint          offset,
                         guint          limit,
                         GError       **error);
  /* On the main thread after a reload, with what count() gave. */
  void       (*counted) (TjPagedList   *self,
                         JsonObject    *summary);

  /*< private >*/
  gpointer padding[4];
};

TjRepository *tj_paged_list_get_repository (TjPagedList         *self);
gboolean      tj_paged_list_get_loading    (TjPagedList         *self);
/* Counts again on the worker with the current query; a later reload
 * makes an earlier one end with G_IO_ERROR_CANCELLED, changing nothing. */
void          tj_paged_list_reload_async   (TjPagedList         *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean      tj_paged_list_reload_finish  (TjPagedList         *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* For subclasses: @query is a g_atomic_rc_box (so that jobs under way keep
 * theirs), its one reference taken over; @clear frees what it holds. Takes
 * effect at the next reload. */
void          _tj_paged_list_set_query     (TjPagedList         *self,
                                            gpointer             query,
                                            GDestroyNotify       clear);
gconstpointer _tj_paged_list_get_query     (TjPagedList         *self);

G_END_DECLS
