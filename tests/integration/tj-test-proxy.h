/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A fault-injecting HTTP proxy for the sync tests: an in-process
 * SoupServer in a thread of its own on a loopback port, forwarding to the
 * real PouchDB Server and spoiling the requests a test names. */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef enum {
  FAULT_NONE,
  FAULT_STATUS,    /* answer with a status, never forward */
  FAULT_DROP,      /* close the connection without an answer */
  FAULT_CUT,       /* declare the full length, send half, close */
  FAULT_TRUNCATE,  /* send half the body with a matching length */
  FAULT_REPLACE,   /* send another body */
  FAULT_SUBST,     /* replace a string in the body */
  FAULT_DELAY,     /* answer late */
  /* Only drawn by proxy_randomize(): */
  FAULT_DROP_AFTER,   /* forward, then close without the answer */
  FAULT_STATUS_AFTER, /* forward, then answer 502 */
  FAULT_CORRUPT,      /* one structural character of the JSON made '#' */
  FAULT_RENAME,       /* one protocol member renamed ("missing" -> "xmissing") */
  N_FAULT_KINDS
} FaultKind;

typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  char         *upstream;
  char         *url;
  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  GHashTable   *counts;       /* "METHOD /path" -> count */
  FaultKind     kind;
  char         *match;        /* substring of "METHOD /path"; "=" prefix: exact */
  int           remaining;    /* -1: always */
  guint         status;
  char         *text;
  char         *subst_from;
  GTlsCertificate *certificate; /* serve https with it */
  char         *last_bulk_docs; /* the last _bulk_docs request body */
  GRand        *rand;         /* proxy_randomize(): draws faults */
  double        probability;
  guint         injected[N_FAULT_KINDS];
  guint         requests;
} Proxy;

Proxy *
proxy_new_full (const char      *upstream,
                GTlsCertificate *certificate);

Proxy *
proxy_new (const char *upstream);

void
proxy_free (Proxy *p);

void
proxy_fault (Proxy      *p,
             FaultKind   kind,
             const char *match,
             int         times,
             guint       status,
             const char *text,
             const char *subst_from);

guint
proxy_count (Proxy      *p,
             const char *match);

/* Every request, with @probability, suffers a fault drawn at random
 * (seeded): dropped before or after the server saw it, answered late,
 * 500 or 502, cut short, its JSON made invalid or one of its protocol
 * members renamed. 0 turns it off. The proxy's counts of requests and of
 * each kind injected are in @p. */
void
proxy_randomize (Proxy  *p,
                 guint32 seed,
                 double  probability);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Proxy, proxy_free)

G_END_DECLS
