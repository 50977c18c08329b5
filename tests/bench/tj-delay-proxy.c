/* SPDX-License-Identifier: GPL-3.0-or-later */
/* See tj-delay-proxy.h. One thread, poll(2) over the listening socket,
 * a wake-up pipe and both ends of every connection; each direction of a
 * connection is a queue of chunks stamped with the time they may go. */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "Tiaojie-Bench"

#include "tj-delay-proxy.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHUNK_BYTES 65536

typedef struct
{
  gint64  due;      /* monotonic µs */
  gsize   len;
  gsize   sent;
  guint8  data[];
} Chunk;

typedef struct
{
  int     from;
  int     to;
  GQueue  chunks;   /* Chunk */
  gsize   queued;
  gint64  not_before; /* the handshake: nothing is delivered earlier */
  gboolean eof;     /* @from has closed: shut @to down once the queue is empty */
  gboolean done;
} Direction;

typedef struct
{
  Direction up;     /* client -> server */
  Direction down;   /* server -> client */
} Link;

struct _TjDelayProxy
{
  GThread   *thread;
  int        listener;
  int        wake[2];
  gint64     half_rtt;  /* µs */
  gint64     rtt;
  guint      upstream_port;
  char      *url;
  GPtrArray *links;     /* Link */
  gint       connections; /* atomic */
};

static void
set_options (int fd)
{
  int one = 1;

  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) | O_NONBLOCK);
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static void
direction_clear (Direction *d)
{
  Chunk *chunk;

  while ((chunk = g_queue_pop_head (&d->chunks)))
    g_free (chunk);
  d->queued = 0;
}

static void
link_free (Link *link)
{
  direction_clear (&link->up);
  direction_clear (&link->down);
  close (link->up.from);
  close (link->up.to);
  g_free (link);
}

static void
accept_one (TjDelayProxy *self)
{
  struct sockaddr_in addr = { 0 };
  int client = accept (self->listener, NULL, NULL);
  int server;
  Link *link;

  if (client < 0)
    return;
  if (self->links->len >= TJ_DELAY_PROXY_MAX_CONNECTIONS)
    {
      close (client);
      return;
    }
  server = socket (AF_INET, SOCK_STREAM, 0);
  addr.sin_family = AF_INET;
  addr.sin_port = htons (self->upstream_port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (server < 0 || connect (server, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      if (server >= 0)
        close (server);
      close (client);
      return;
    }
  set_options (client);
  set_options (server);
  link = g_new0 (Link, 1);
  link->up.from = link->down.to = client;
  link->up.to = link->down.from = server;
  /* The client believes it is connected at once; on a real link its
   * first bytes leave after the handshake's round trip. */
  link->up.not_before = g_get_monotonic_time () + self->rtt;
  g_queue_init (&link->up.chunks);
  g_queue_init (&link->down.chunks);
  g_ptr_array_add (self->links, link);
  g_atomic_int_inc (&self->connections);
}

/* Reads what @d's source has, stamped to go half a round trip later. */
static gboolean
direction_read (TjDelayProxy *self,
                Direction    *d)
{
  Chunk *chunk = g_malloc (sizeof (Chunk) + CHUNK_BYTES);
  gssize n = read (d->from, chunk->data, CHUNK_BYTES);
  gint64 now = g_get_monotonic_time ();

  if (n <= 0)
    {
      g_free (chunk);
      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        return TRUE;
      d->eof = TRUE;
      return n == 0;
    }
  chunk = g_realloc (chunk, sizeof (Chunk) + n);
  chunk->len = n;
  chunk->sent = 0;
  chunk->due = MAX (now, d->not_before) + self->half_rtt;
  g_queue_push_tail (&d->chunks, chunk);
  d->queued += n;
  return TRUE;
}

/* Writes the chunks that are due. */
static gboolean
direction_write (Direction *d,
                 gint64     now)
{
  Chunk *chunk;

  while ((chunk = g_queue_peek_head (&d->chunks)) && chunk->due <= now)
    {
      gssize n = send (d->to, chunk->data + chunk->sent, chunk->len - chunk->sent, MSG_NOSIGNAL);

      if (n < 0)
        return errno == EAGAIN || errno == EINTR;
      chunk->sent += n;
      d->queued -= n;
      if (chunk->sent < chunk->len)
        return TRUE;
      g_free (g_queue_pop_head (&d->chunks));
    }
  if (d->eof && g_queue_is_empty (&d->chunks) && !d->done)
    {
      shutdown (d->to, SHUT_WR);
      d->done = TRUE;
    }
  return TRUE;
}

static gint64
direction_next_due (Direction *d)
{
  Chunk *chunk = g_queue_peek_head (&d->chunks);

  return chunk ? chunk->due : G_MAXINT64;
}

static gpointer
proxy_thread (gpointer data)
{
  TjDelayProxy *self = data;
  g_autoptr(GArray) fds = g_array_new (FALSE, FALSE, sizeof (struct pollfd));
  gint64 idle_since = g_get_monotonic_time ();

  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 next = G_MAXINT64;
      struct pollfd pfd;
      int timeout;
      guint i;

      g_array_set_size (fds, 0);
      pfd = (struct pollfd) { self->wake[0], POLLIN, 0 };
      g_array_append_val (fds, pfd);
      pfd = (struct pollfd) { self->listener, POLLIN, 0 };
      g_array_append_val (fds, pfd);
      for (i = 0; i < self->links->len; i++)
        {
          Link *link = g_ptr_array_index (self->links, i);
          Direction *dirs[2] = { &link->up, &link->down };

          for (guint k = 0; k < 2; k++)
            {
              Direction *d = dirs[k];
              short events = 0;

              /* Bounded: a full queue stops reading, which the sender
               * feels as a full TCP window. */
              if (d->queued < TJ_DELAY_PROXY_MAX_QUEUED)
                events |= POLLIN;
              /* A closed source is not asked again (poll would report its
               * hang-up at once, every turn). */
              pfd = (struct pollfd) { d->eof || events == 0 ? -1 : d->from, events, 0 };
              g_array_append_val (fds, pfd);
              next = MIN (next, direction_next_due (d));
            }
        }
      if (self->links->len > 0 || next != G_MAXINT64)
        idle_since = now;
      else if (now - idle_since > (gint64) TJ_DELAY_PROXY_IDLE_SECONDS * G_USEC_PER_SEC)
        {
          g_message ("delay proxy: idle for %u s, stopping", TJ_DELAY_PROXY_IDLE_SECONDS);
          break;
        }
      timeout = next == G_MAXINT64 ? 1000 : (int) CLAMP ((next - now + 999) / 1000, 0, 1000);
      if (poll ((struct pollfd *) fds->data, fds->len, timeout) < 0 && errno != EINTR)
        break;

      if (g_array_index (fds, struct pollfd, 0).revents)
        break;
      if (g_array_index (fds, struct pollfd, 1).revents & POLLIN)
        accept_one (self);

      now = g_get_monotonic_time ();
      for (i = 0; i < self->links->len;)
        {
          Link *link = g_ptr_array_index (self->links, i);
          struct pollfd *up = &g_array_index (fds, struct pollfd, 2 + 2 * i);
          struct pollfd *down = &g_array_index (fds, struct pollfd, 3 + 2 * i);
          gboolean ok = TRUE;

          /* fds has no entries for a link accepted in this turn. */
          if (2 + 2 * i + 1 < fds->len)
            {
              if (up->revents & (POLLIN | POLLHUP | POLLERR))
                ok &= direction_read (self, &link->up);
              if (down->revents & (POLLIN | POLLHUP | POLLERR))
                ok &= direction_read (self, &link->down);
            }
          ok = ok && direction_write (&link->up, now) && direction_write (&link->down, now);
          if (!ok || (link->up.done && link->down.done))
            {
              g_ptr_array_remove_index (self->links, i); /* frees it */
              continue;
            }
          i++;
        }
    }
  g_ptr_array_set_size (self->links, 0);
  return NULL;
}

TjDelayProxy *
tj_delay_proxy_new (guint    upstream_port,
                    guint    rtt_ms,
                    GError **error)
{
  g_autoptr(TjDelayProxy) self = g_new0 (TjDelayProxy, 1);
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;

  self->listener = -1;
  self->wake[0] = self->wake[1] = -1;
  self->links = g_ptr_array_new_with_free_func ((GDestroyNotify) link_free);
  self->upstream_port = upstream_port;
  self->rtt = (gint64) rtt_ms * 1000;
  self->half_rtt = self->rtt / 2;

  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (pipe (self->wake) != 0 ||
      (self->listener = socket (AF_INET, SOCK_STREAM, 0)) < 0 ||
      bind (self->listener, (struct sockaddr *) &addr, sizeof addr) != 0 ||
      listen (self->listener, 16) != 0 ||
      getsockname (self->listener, (struct sockaddr *) &addr, &len) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "delay proxy: %s", g_strerror (saved));
      return NULL;
    }
  fcntl (self->listener, F_SETFL, fcntl (self->listener, F_GETFL) | O_NONBLOCK);
  self->url = g_strdup_printf ("http://127.0.0.1:%u", ntohs (addr.sin_port));
  self->thread = g_thread_new ("delay-proxy", proxy_thread, self);
  return g_steal_pointer (&self);
}

const char *
tj_delay_proxy_get_url (TjDelayProxy *self)
{
  return self->url;
}

guint
tj_delay_proxy_get_connections (TjDelayProxy *self)
{
  return g_atomic_int_get (&self->connections);
}

void
tj_delay_proxy_free (TjDelayProxy *self)
{
  if (self->thread)
    {
      G_GNUC_UNUSED gssize n = write (self->wake[1], "x", 1);
      g_thread_join (self->thread);
    }
  g_ptr_array_unref (self->links);
  if (self->listener >= 0)
    close (self->listener);
  if (self->wake[0] >= 0)
    close (self->wake[0]);
  if (self->wake[1] >= 0)
    close (self->wake[1]);
  g_free (self->url);
  g_free (self);
}
