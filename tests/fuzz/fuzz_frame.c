/* fuzz_frame.c — libFuzzer target for protocol/frame.c, the Content-Length framer. The input's
 * first byte seeds how the rest is cut into reads; the frames taken read by read must be exactly
 * those taken from the whole stream fed at once, and end the same way.
 * Must never accept a body outside what was fed, nor let the cut of the reads change a frame. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "frame.h"
#include "fuzz_check.h"

/* What a reading gave: its bodies (concatenated), their count and the last status. */
struct outcome {
    char *bodies;
    size_t len, cap, frames;
    enum frame_status last;
};

static void keep(struct outcome *o, const struct frame_reader *r, const char *body, size_t len)
{
    FUZZ_CHECK(body >= r->buf && len <= r->len && (size_t)(body - r->buf) <= r->len - len);
    FUZZ_CHECK(len <= FRAME_MAX_BODY);
    if (o->len + len + sizeof len > o->cap) {
        while (o->len + len + sizeof len > o->cap) o->cap = o->cap ? o->cap * 2 : 256;
        o->bodies = realloc(o->bodies, o->cap);
        FUZZ_CHECK(o->bodies != NULL);
    }
    memcpy(o->bodies + o->len, &len, sizeof len); /* the length too: "ab"+"c" is not "a"+"bc" */
    memcpy(o->bodies + o->len + sizeof len, body, len);
    o->len += sizeof len + len;
    o->frames++;
}

/* Takes every frame the reader holds; returns 0, or -1 once the stream is broken. */
static int drain(struct frame_reader *r, struct outcome *o)
{
    for (;;) {
        const char *body;
        size_t len;
        char err[300] = "";
        enum frame_status st = frame_next(r, &body, &len, err, sizeof err);
        o->last = st;
        if (st == FRAME_OK) {
            keep(o, r, body, len);
            continue;
        }
        if (st == FRAME_ERROR) FUZZ_CHECK(err[0] != '\0');
        return st == FRAME_ERROR ? -1 : 0;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    uint32_t seed = data[0] * 2654435761u + 1;
    const char *stream = (const char *)data + 1;
    size_t n = size - 1;

    struct outcome whole = {0}, cut = {0};
    struct frame_reader r = {0};
    frame_feed(&r, stream, n);
    drain(&r, &whole);
    frame_reader_free(&r);

    for (size_t at = 0; at < n;) {
        seed ^= seed << 13; /* xorshift32: chunks of 1 to 64 bytes, now and then 4 KiB */
        seed ^= seed >> 17;
        seed ^= seed << 5;
        size_t chunk = seed % 16 == 0 ? 4096 : 1 + seed % 64;
        if (chunk > n - at) chunk = n - at;
        frame_feed(&r, stream + at, chunk);
        at += chunk;
        if (drain(&r, &cut) != 0) break;
    }
    if (n == 0) cut.last = FRAME_PARTIAL;
    frame_reader_free(&r);

    FUZZ_CHECK(whole.last == cut.last);
    FUZZ_CHECK(whole.frames == cut.frames);
    FUZZ_CHECK(whole.len == cut.len &&
               (whole.len == 0 || memcmp(whole.bodies, cut.bodies, whole.len) == 0));
    free(whole.bodies);
    free(cut.bodies);
    return 0;
}
