/* fuzz_edits.c — libFuzzer target for incremental edits: ranges converted by lsp/analysis/text.c
 * (UTF-8, UTF-16 or UTF-32) and applied by doc_edit in lsp/documents.c, the way textDocument/
 * didChange applies them. Every conversion is compared with a slow reference written from the
 * contracts in text.h (lines end at LF, CRLF or a lone CR; positions clamp to the line's end and
 * to a character's start; an invalid byte is one character).
 * Input: byte 0 the encoding, bytes 1-2 the first text's length, that text, then edits of
 * [flags, start line, start char, end line, end char, n, n bytes] (flags & 1: whole text).
 * Must never let an offset leave the text, an edit land inside a character or a line break,
 * valid UTF-8 become invalid, or a position and its offset disagree. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "server_int.h"
#include "text.h"
#include "xalloc.h"

/* ---- the reference: plain loops over the bytes, from the contracts -------------------------- */

/* Length of the character at s[0..n): a valid UTF-8 sequence (no overlong form, surrogate or
 * value past U+10FFFF), else 1 byte. *wide: a code point past U+FFFF (two UTF-16 units). */
static uint32_t ref_char(const unsigned char *s, size_t n, int *wide)
{
    *wide = 0;
    unsigned c = s[0];
    uint32_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (c < 0x80 || (c >= 0x80 && c < 0xC0) || c > 0xF4 || len > n) return 1;
    uint32_t cp = c & (0x7F >> len);
    for (uint32_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 1;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 1;
    *wide = cp > 0xFFFF;
    return len;
}

static uint32_t ref_units(uint32_t bytes, int wide, enum text_encoding enc)
{
    return enc == TEXT_UTF8 ? bytes : enc == TEXT_UTF16 ? (wide ? 2u : 1u) : 1u;
}

/* The line table, built the slow way: each line's start and the end of its content. */
struct ref_lines {
    uint32_t *start, *end;
    uint32_t count;
};

static void ref_lines_build(struct ref_lines *r, const char *t, uint32_t len)
{
    r->start = xmalloc(((size_t)len + 1) * sizeof *r->start);
    r->end = xmalloc(((size_t)len + 1) * sizeof *r->end);
    r->count = 0;
    uint32_t s = 0;
    for (;;) {
        uint32_t e = s;
        while (e < len && t[e] != '\n' && t[e] != '\r') e++;
        r->start[r->count] = s;
        r->end[r->count++] = e;
        if (e == len) break;
        s = e + (t[e] == '\r' && e + 1 < len && t[e + 1] == '\n' ? 2 : 1);
    }
}

static void ref_lines_free(struct ref_lines *r)
{
    free(r->start);
    free(r->end);
}

static struct text_pos ref_pos(const struct ref_lines *r, const char *t, uint32_t len,
                               uint32_t off, enum text_encoding enc)
{
    if (off > len) off = len;
    uint32_t line = 0, hi = r->count; /* the last line starting at or before off */
    while (hi - line > 1) {
        uint32_t mid = line + (hi - line) / 2;
        if (r->start[mid] <= off)
            line = mid;
        else
            hi = mid;
    }
    if (off > r->end[line]) off = r->end[line];
    const unsigned char *u = (const unsigned char *)t;
    uint32_t units = 0;
    for (uint32_t i = r->start[line]; i < off;) {
        int wide;
        uint32_t l = ref_char(u + i, r->end[line] - i, &wide);
        if (i + l > off) break;
        units += ref_units(l, wide, enc);
        i += l;
    }
    struct text_pos p = {line, units};
    return p;
}

static uint32_t ref_offset(const struct ref_lines *r, const char *t, uint32_t len,
                           struct text_pos p, enum text_encoding enc)
{
    if (p.line >= r->count) return len;
    const unsigned char *u = (const unsigned char *)t;
    uint32_t i = r->start[p.line], units = 0;
    while (i < r->end[p.line]) {
        int wide;
        uint32_t l = ref_char(u + i, r->end[p.line] - i, &wide);
        uint32_t w = ref_units(l, wide, enc);
        if (units + w > p.character) break;
        units += w;
        i += l;
    }
    return i;
}

/* ---- checks of text.c against the reference ------------------------------------------------ */

/* Offsets and positions of the document's current text, all of them for short texts, else a
 * spread of 256, compared both ways; the cursor is walked forward over the same offsets. */
static void check_text(const struct doc *d, enum text_encoding enc)
{
    const struct text_lines *lines = &d->lines;
    uint32_t len = (uint32_t)d->len;
    FUZZ_CHECK(lines->text == d->text && lines->len == len);
    struct ref_lines r;
    ref_lines_build(&r, d->text, len);
    FUZZ_CHECK(lines->count == r.count);
    for (uint32_t i = 0; i < r.count; i++) {
        FUZZ_CHECK(lines->starts[i] == r.start[i]);
        FUZZ_CHECK(text_line_end(lines, i) == r.end[i]);
    }
    uint32_t step = len <= 256 ? 1 : len / 256;
    struct text_cursor c;
    text_cursor_init(&c, lines);
    for (uint32_t off = 0; off <= len + 1; off += step) {
        struct text_pos want = ref_pos(&r, d->text, len, off, enc);
        struct text_pos got = text_pos_at(lines, off, enc);
        FUZZ_CHECK(got.line == want.line && got.character == want.character);
        FUZZ_CHECK(text_line_of(lines, off) == want.line);
        text_cursor_seek(&c, off);
        uint32_t cc = enc == TEXT_UTF8 ? c.c8 : enc == TEXT_UTF16 ? c.c16 : c.c32;
        FUZZ_CHECK(c.line == want.line && cc == want.character);
        /* back: the offset of that position is the start of the character (or the line end) */
        uint32_t back = text_offset_at(lines, got, enc);
        FUZZ_CHECK(back == ref_offset(&r, d->text, len, got, enc));
        FUZZ_CHECK(back <= (off < len ? off : len));
        struct text_pos again = text_pos_at(lines, back, enc);
        FUZZ_CHECK(again.line == got.line && again.character == got.character);
    }
    /* positions, also past the line's end and past the last line */
    for (uint32_t line = 0; line <= r.count && line < 64; line++)
        for (uint32_t ch = 0; ch < 40; ch += 1 + ch / 4) {
            struct text_pos p = {line, ch};
            uint32_t got = text_offset_at(lines, p, enc);
            FUZZ_CHECK(got == ref_offset(&r, d->text, len, p, enc));
            FUZZ_CHECK(got <= len);
        }
    ref_lines_free(&r);
}

/* ---- the edits ----------------------------------------------------------------------------- */

static struct doc *doc_with(const char *text, size_t len)
{
    struct doc *d = xcalloc(1, sizeof *d);
    d->text = xstrndup(text, len);
    d->len = len;
    FUZZ_CHECK(text_lines_init(&d->lines, d->text, d->len) == 0);
    return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3) return 0;
    static const enum text_encoding encs[] = {TEXT_UTF8, TEXT_UTF16, TEXT_UTF32};
    enum text_encoding enc = encs[data[0] % 3];
    size_t first = (size_t)(data[1] | data[2] << 8) % (size - 2);
    const char *p = (const char *)data + 3, *end = (const char *)data + size;
    if (first > (size_t)(end - p)) first = (size_t)(end - p);
    struct doc *d = doc_with(p, first);
    p += first;
    check_text(d, enc);
    for (int edits = 0; end - p >= 6 && edits < 64; edits++) {
        const unsigned char *e = (const unsigned char *)p;
        size_t n = e[5];
        p += 6;
        if (n > (size_t)(end - p)) n = (size_t)(end - p);
        const char *repl = p;
        p += n;
        int valid = text_utf8_valid(d->text, d->len, NULL) && text_utf8_valid(repl, n, NULL);
        char *want;
        size_t want_len;
        if (e[0] & 1) { /* no range: the whole text */
            want = xstrndup(repl, n);
            want_len = n;
            doc_edit(d, 0, (uint32_t)d->len, repl, n);
        } else {
            struct text_pos a = {e[1], e[2]}, b = {e[3], e[4]};
            uint32_t start = text_offset_at(&d->lines, a, enc);
            uint32_t stop = text_offset_at(&d->lines, b, enc);
            FUZZ_CHECK(start <= d->len && stop <= d->len);
            if (stop < start) { /* reversed: taken the other way round, as textsync.c does */
                uint32_t t = start;
                start = stop;
                stop = t;
            }
            /* never inside a UTF-8 sequence of a valid text, never between CR and LF */
            const unsigned char *u = (const unsigned char *)d->text;
            if (valid) {
                FUZZ_CHECK(start == d->len || (u[start] & 0xC0) != 0x80);
                FUZZ_CHECK(stop == d->len || (u[stop] & 0xC0) != 0x80);
            }
            FUZZ_CHECK(!(start > 0 && start < d->len && u[start - 1] == '\r' && u[start] == '\n'));
            FUZZ_CHECK(!(stop > 0 && stop < d->len && u[stop - 1] == '\r' && u[stop] == '\n'));
            want_len = d->len - (stop - start) + n;
            want = xmalloc(want_len + 1);
            memcpy(want, d->text, start);
            memcpy(want + start, repl, n);
            memcpy(want + start + n, d->text + stop, d->len - stop);
            doc_edit(d, start, stop, repl, n);
        }
        FUZZ_CHECK(d->len == want_len && memcmp(d->text, want, want_len) == 0);
        FUZZ_CHECK(d->text[d->len] == '\0');
        if (valid) FUZZ_CHECK(text_utf8_valid(d->text, d->len, NULL));
        free(want);
        check_text(d, enc);
    }
    doc_free(d);
    return 0;
}
