/* transport.c — frame writer over a file descriptor. Must never interleave two frames: the server
 * is single-threaded on its output, and each frame is written in full before the next. */
#include "transport.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "xalloc.h"

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int transport_send(struct transport *t, json_t *msg_own)
{
    if (t->broken) {
        json_decref(msg_own);
        return -1;
    }
    size_t n = json_dumpb(msg_own, NULL, 0, JSON_COMPACT);
    char *buf = xmalloc(n + 64);
    int h = snprintf(buf, 64, "Content-Length: %zu\r\n\r\n", n);
    size_t body = json_dumpb(msg_own, buf + h, n, JSON_COMPACT); /* not NUL-terminated */
    json_decref(msg_own);
    int rc = body == n ? write_all(t->fd, buf, (size_t)h + n) : -1;
    free(buf);
    if (rc != 0) {
        t->broken = 1;
        return -1;
    }
    t->bytes_sent += (size_t)h + n;
    return 0;
}
