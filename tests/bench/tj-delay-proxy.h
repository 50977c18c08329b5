/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A link-delay proxy for the sync benchmark: a TCP relay on a loopback
 * port in a thread of its own that holds every chunk of bytes for half a
 * round trip in each direction, so that a request and its answer cost
 * one round trip and a new connection one more (its handshake), as on a
 * station's 4G link. Bandwidth is not limited: what it shows is how many
 * round trips a replication waits for.
 *
 * Bounded: at most TJ_DELAY_PROXY_MAX_QUEUED bytes wait per direction of
 * a connection (reading stops until they have gone) and at most
 * TJ_DELAY_PROXY_MAX_CONNECTIONS connections are open. It stops by
 * itself when it has been idle (no connection, no byte) for
 * TJ_DELAY_PROXY_IDLE_SECONDS, so a benchmark that dies never leaves it
 * listening; tj_delay_proxy_free() stops it at once. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TJ_DELAY_PROXY_MAX_QUEUED      (4 * 1024 * 1024)
#define TJ_DELAY_PROXY_MAX_CONNECTIONS 64
#define TJ_DELAY_PROXY_IDLE_SECONDS    300

typedef struct _TjDelayProxy TjDelayProxy;

/* A proxy to 127.0.0.1:@upstream_port with round trips of @rtt_ms. */
TjDelayProxy *tj_delay_proxy_new      (guint          upstream_port,
                                       guint          rtt_ms,
                                       GError       **error);
/* "http://127.0.0.1:PORT" */
const char   *tj_delay_proxy_get_url  (TjDelayProxy  *self);
/* Connections accepted so far (each paid a handshake). */
guint         tj_delay_proxy_get_connections (TjDelayProxy *self);
void          tj_delay_proxy_free     (TjDelayProxy  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjDelayProxy, tj_delay_proxy_free)

G_END_DECLS
