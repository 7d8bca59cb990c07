/* transport.h — writes framed messages to the client. The ONE function that writes to the
 * server's output: everything the client receives goes through transport_send.
 * Must never write a partial frame on success, nor write anything else to that descriptor. */
#ifndef GLOSSARY_TRANSPORT_H
#define GLOSSARY_TRANSPORT_H

#include <jansson.h>
#include <stddef.h>

struct transport {
    int fd;            /* where frames go (1 for stdio) */
    int broken;        /* set once a write failed: the client is gone */
    size_t bytes_sent; /* statistics */
};

/** Serialises msg_own (taken, freed) compactly, prefixes "Content-Length: N\r\n\r\n" and writes the
 *  whole frame to t->fd, retrying partial writes and EINTR. Returns 0, or -1 when the descriptor
 *  is broken (then t->broken is set and later calls return -1 at once). */
int transport_send(struct transport *t, json_t *msg_own);

/** Writes body (n bytes: one complete JSON message, borrowed) framed like transport_send, with one
 *  call. Returns 0, or -1 when the descriptor is broken (as transport_send). */
int transport_send_text(struct transport *t, const char *body, size_t n);

#endif
