/* frame.h — LSP base protocol framing: `Content-Length: N\r\n\r\n` + N bytes of JSON, read
 * incrementally from whatever chunks arrive. Tri-state: a whole frame, not yet, or a stream that
 * can never be in sync again. Must never read past the buffer or trust a header it did not check. */
#ifndef GLOSSARY_FRAME_H
#define GLOSSARY_FRAME_H

#include <stddef.h>

#define FRAME_MAX_BODY (64u * 1024 * 1024) /* bytes */
#define FRAME_MAX_HEADER (8u * 1024)      /* bytes of the header section */

enum frame_status {
    FRAME_OK,      /* *body holds one whole message body */
    FRAME_PARTIAL, /* more bytes are needed */
    FRAME_ERROR,   /* the stream is broken; err says why; give up the connection */
};

struct frame_reader {
    char *buf;
    size_t len;   /* bytes held */
    size_t cap;
    size_t start; /* first byte not yet consumed */
};

/** Appends n bytes to the reader's buffer. */
void frame_feed(struct frame_reader *r, const char *data, size_t n);

/** Takes the next complete frame. On FRAME_OK, *body and *len point into the reader's buffer and
 *  stay valid until the next frame_feed or frame_next. Header names are case-insensitive;
 *  Content-Type and unknown headers are accepted; lines may end in CRLF or LF. Content-Length must
 *  be present once (or repeated with the same value), decimal, at most FRAME_MAX_BODY, and the
 *  header section at most FRAME_MAX_HEADER bytes. On FRAME_ERROR writes a sentence into err. */
enum frame_status frame_next(struct frame_reader *r, const char **body, size_t *len, char *err,
                             size_t err_size);

/** Frees the buffer and zeroes the reader. */
void frame_reader_free(struct frame_reader *r);

#endif
