/* frame.c — the incremental Content-Length framer. Must never allocate the announced length
 * before checking it, or scan more than FRAME_MAX_HEADER bytes for a header's end. */
#include "frame.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void frame_feed(struct frame_reader *r, const char *data, size_t n)
{
    if (n == 0) return; /* nothing to append (and a new reader has no buffer yet) */
    if (r->start > 0 && (r->start == r->len || r->start > r->cap / 2)) {
        memmove(r->buf, r->buf + r->start, r->len - r->start);
        r->len -= r->start;
        r->start = 0;
    }
    if (r->len + n > r->cap) {
        size_t cap = r->cap ? r->cap : 4096;
        while (cap < r->len + n) cap *= 2;
        r->buf = xrealloc(r->buf, cap);
        r->cap = cap;
    }
    memcpy(r->buf + r->len, data, n);
    r->len += n;
}

static int name_is(const char *line, size_t n, const char *name)
{
    size_t k = strlen(name);
    if (n < k) return 0;
    for (size_t i = 0; i < k; i++) {
        char c = line[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if (c != name[i]) return 0;
    }
    return 1;
}

enum frame_status frame_next(struct frame_reader *r, const char **body, size_t *len, char *err,
                             size_t err_size)
{
    if (r->start == r->len) return FRAME_PARTIAL; /* nothing held (the buffer may be NULL) */
    const char *p = r->buf + r->start;
    size_t avail = r->len - r->start;
    size_t i = 0, length = 0;
    int have_length = 0;
    for (;;) {
        /* one header line */
        size_t e = i;
        while (e < avail && p[e] != '\n') e++;
        if (e >= avail) {
            if (avail > FRAME_MAX_HEADER) {
                snprintf(err, err_size, "header section longer than %u bytes", FRAME_MAX_HEADER);
                return FRAME_ERROR;
            }
            return FRAME_PARTIAL;
        }
        size_t line_len = e - i;
        if (line_len && p[e - 1] == '\r') line_len--;
        const char *line = p + i;
        i = e + 1;
        if (i > FRAME_MAX_HEADER) {
            snprintf(err, err_size, "header section longer than %u bytes", FRAME_MAX_HEADER);
            return FRAME_ERROR;
        }
        if (line_len == 0) break; /* end of headers */
        const char *colon = memchr(line, ':', line_len);
        if (!colon) {
            snprintf(err, err_size, "malformed header line '%.*s'", (int)(line_len > 60 ? 60 : line_len),
                     line);
            return FRAME_ERROR;
        }
        if (!name_is(line, (size_t)(colon - line), "content-length") ||
            (size_t)(colon - line) != 14)
            continue; /* Content-Type and anything else: accepted, ignored */
        const char *v = colon + 1, *end = line + line_len;
        while (v < end && (*v == ' ' || *v == '\t')) v++;
        while (end > v && (end[-1] == ' ' || end[-1] == '\t')) end--;
        if (v == end) {
            snprintf(err, err_size, "Content-Length has no value");
            return FRAME_ERROR;
        }
        size_t value = 0;
        for (const char *q = v; q < end; q++) {
            if (*q < '0' || *q > '9') {
                snprintf(err, err_size, "Content-Length '%.*s' is not a non-negative number",
                         (int)(end - v > 40 ? 40 : end - v), v);
                return FRAME_ERROR;
            }
            value = value * 10 + (size_t)(*q - '0');
            if (value > FRAME_MAX_BODY) {
                snprintf(err, err_size, "Content-Length exceeds the %u MiB limit",
                         FRAME_MAX_BODY / (1024 * 1024));
                return FRAME_ERROR;
            }
        }
        if (have_length && value != length) {
            snprintf(err, err_size, "two different Content-Length headers");
            return FRAME_ERROR;
        }
        length = value;
        have_length = 1;
    }
    if (!have_length) {
        snprintf(err, err_size, "message without a Content-Length header");
        return FRAME_ERROR;
    }
    if (avail - i < length) return FRAME_PARTIAL;
    *body = p + i;
    *len = length;
    r->start += i + length;
    return FRAME_OK;
}

void frame_reader_free(struct frame_reader *r)
{
    free(r->buf);
    memset(r, 0, sizeof *r);
}
