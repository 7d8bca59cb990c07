/* transport.c — frame writer over a file descriptor. Must never interleave two frames: the server
 * is single-threaded on its output, and each frame is written in full before the next. */
#include "transport.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "xalloc.h"

/* A message's body as jansson writes it, before it is framed. */
struct frame_buf {
    char *p;
    size_t len, cap;
};

static int append(const char *chunk, size_t n, void *data)
{
    struct frame_buf *b = data;
    if (b->len + n > b->cap) {
        while (b->len + n > b->cap) b->cap *= 2;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, chunk, n);
    b->len += n;
    return 0;
}

int transport_send(struct transport *t, json_t *msg_own)
{
    if (t->broken) {
        json_decref(msg_own);
        return -1;
    }
    struct frame_buf b = {xmalloc(4096), 0, 4096};
    int dumped = json_dump_callback(msg_own, append, &b, JSON_COMPACT);
    json_decref(msg_own);
    int rc = -1;
    if (dumped == 0) rc = transport_send_text(t, b.p, b.len);
    else t->broken = 1; /* as a failed write: nothing of the frame was sent */
    free(b.p);
    return rc;
}

/* The header and the body go out in one writev, retried on partial writes and EINTR. */
int transport_send_text(struct transport *t, const char *body, size_t n)
{
    if (t->broken) return -1;
    char head[48];
    int h = snprintf(head, sizeof head, "Content-Length: %zu\r\n\r\n", n);
    struct iovec parts[2] = {{head, (size_t)h}, {(void *)body, n}}, *v = parts;
    int left = 2;
    while (left) {
        ssize_t w = writev(t->fd, v, left);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            t->broken = 1;
            return -1;
        }
        while (left && (size_t)w >= v->iov_len) {
            w -= (ssize_t)v->iov_len;
            v++;
            left--;
        }
        if (left) {
            v->iov_base = (char *)v->iov_base + w;
            v->iov_len -= (size_t)w;
        }
    }
    t->bytes_sent += (size_t)h + n;
    return 0;
}
