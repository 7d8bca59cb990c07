/* text.c — line tables and the one place where byte offsets become (line, character) positions
 * and back, in UTF-8, UTF-16 or UTF-32 units. Must never allocate per conversion: conversions run
 * on every request and every diagnostic. */
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include "xalloc.h"

/* Appends a line start, growing the table by doubling. */
static uint32_t *push_start(uint32_t *starts, size_t *cap, size_t *count, uint32_t at)
{
    if (*count == *cap) {
        *cap *= 2;
        starts = xrealloc(starts, *cap * sizeof *starts);
    }
    starts[(*count)++] = at;
    return starts;
}

/* The character at byte i (the same decoding everywhere): its length; its code point in *cp. */
static int char_at(const unsigned char *u, uint32_t i, uint32_t len, uint32_t *cp)
{
    if (u[i] < 0x80) {
        *cp = u[i];
        return 1;
    }
    return text_utf8_decode(u + i, len - i, cp);
}

/* Decodes the long line [start, end) once and records a mark every TEXT_MARK_BYTES bytes. */
static void add_marks(struct text_lines *lines, uint32_t start, uint32_t end, size_t *cap)
{
    const unsigned char *u = (const unsigned char *)lines->text;
    uint32_t i = start, c16 = 0, c32 = 0, next = start + TEXT_MARK_BYTES;
    uint64_t w;
    while (i < end) {
        if (i >= next) {
            if (lines->nmarks == *cap) {
                *cap = *cap ? *cap * 2 : 64;
                lines->marks = xrealloc(lines->marks, *cap * sizeof *lines->marks);
            }
            lines->marks[lines->nmarks++] = (struct text_mark){i, c16, c32};
            while (next <= i) next += TEXT_MARK_BYTES;
        }
        if (i + 8 <= end && i + 8 <= next &&
            (memcpy(&w, u + i, 8), (w & 0x8080808080808080ull) == 0)) {
            i += 8; /* eight ASCII characters */
            c16 += 8;
            c32 += 8;
            continue;
        }
        uint32_t cp;
        i += (uint32_t)char_at(u, i, lines->len, &cp);
        c16 += cp >= 0x10000 ? 2 : 1;
        c32 += 1;
    }
}

/* The last mark at or before off on the line that starts at start, or NULL. */
static const struct text_mark *mark_before(const struct text_lines *lines, uint32_t start,
                                           uint32_t off)
{
    uint32_t lo = 0, hi = lines->nmarks; /* first mark past off */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (lines->marks[mid].off <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo && lines->marks[lo - 1].off > start ? &lines->marks[lo - 1] : NULL;
}

/* The column of mark m in enc units, on the line that starts at start. */
static uint32_t mark_units(const struct text_mark *m, uint32_t start, enum text_encoding enc)
{
    return enc == TEXT_UTF8 ? m->off - start : enc == TEXT_UTF16 ? m->c16 : m->c32;
}

/* The last mark of the line [start, end) whose column in enc units is at most character, or
 * NULL. */
static const struct text_mark *mark_at_units(const struct text_lines *lines, uint32_t start,
                                             uint32_t end, enum text_encoding enc,
                                             uint32_t character)
{
    uint32_t lo = 0, hi = lines->nmarks; /* the line's marks: [first, last) */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (lines->marks[mid].off < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t first = lo;
    hi = lines->nmarks;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (lines->marks[mid].off < end && mark_units(&lines->marks[mid], start, enc) <= character)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > first ? &lines->marks[lo - 1] : NULL;
}

int text_lines_init(struct text_lines *lines, const char *text, size_t len)
{
    if (len > UINT32_MAX - 1) return -1;
    size_t cap = 64, count = 1;
    uint32_t *starts = xrealloc(NULL, cap * sizeof *starts);
    starts[0] = 0;
    if (!memchr(text, '\r', len)) {
        /* no CR anywhere (nearly every file): memchr finds the line feeds a vector at a time */
        const char *p = text, *end = text + len;
        while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
            p++;
            starts = push_start(starts, &cap, &count, (uint32_t)(p - text));
        }
    } else {
        for (size_t i = 0; i < len; i++) {
            char c = text[i];
            if (c != '\n' && c != '\r') continue;
            if (c == '\r' && i + 1 < len && text[i + 1] == '\n') i++;
            starts = push_start(starts, &cap, &count, (uint32_t)(i + 1));
        }
    }
    lines->text = text;
    lines->len = (uint32_t)len;
    lines->starts = starts;
    lines->count = (uint32_t)count;
    lines->marks = NULL;
    lines->nmarks = 0;
    lines->valid_utf8 = 0;
    size_t mcap = 0;
    for (uint32_t i = 0; i < lines->count; i++) {
        uint32_t end = text_line_end(lines, i);
        if (end - starts[i] > TEXT_MARK_LINE) add_marks(lines, starts[i], end, &mcap);
    }
    return 0;
}

void text_lines_free(struct text_lines *lines)
{
    free(lines->starts);
    free(lines->marks);
    lines->marks = NULL;
    lines->nmarks = 0;
    lines->starts = NULL;
    lines->count = 0;
    lines->text = NULL;
    lines->len = 0;
}

uint32_t text_line_of(const struct text_lines *lines, uint32_t off)
{
    if (off > lines->len) off = lines->len;
    /* Last line whose start is <= off. */
    uint32_t lo = 0, hi = lines->count;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (lines->starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

uint32_t text_line_end(const struct text_lines *lines, uint32_t line)
{
    if (line >= lines->count) line = lines->count - 1;
    uint32_t end = line + 1 < lines->count ? lines->starts[line + 1] : lines->len;
    uint32_t start = lines->starts[line];
    if (end > start && lines->text[end - 1] == '\n') end--;
    if (end > start && lines->text[end - 1] == '\r') end--;
    return end;
}

int text_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if ((size_t)len > n) {
        *cp = 0xFFFD;
        return 1;
    }
    for (int i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return len;
}

size_t text_utf8_encode(uint32_t cp, char *out)
{
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int text_utf8_valid(const char *s, size_t n, size_t *bad_off)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (u[i] < 0x80) {
            /* ASCII runs: sixteen bytes at a time where the machine has SSE2, else eight */
#if defined(__SSE2__)
            while (i + 16 <= n) {
                unsigned m = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(u + i)));
                if (m) {
                    i += (size_t)__builtin_ctz(m); /* the first byte of 0x80 or more */
                    break;
                }
                i += 16;
            }
            if (i < n && u[i] >= 0x80) continue;
#endif
            uint64_t w;
            while (i + 8 <= n && (memcpy(&w, u + i, 8), (w & 0x8080808080808080ull) == 0)) i += 8;
            while (i < n && u[i] < 0x80) i++;
            continue;
        }
        if (u[i] >= 0xC2 && u[i] <= 0xDF && i + 1 < n && (u[i + 1] & 0xC0) == 0x80) {
            i += 2; /* two bytes (æøå): always valid */
            continue;
        }
        uint32_t cp;
        int l = text_utf8_decode(u + i, n - i, &cp);
        if (cp == 0xFFFD && l == 1) {
            /* A literal U+FFFD is 3 bytes long, so length 1 means an invalid byte. */
            if (bad_off) *bad_off = i;
            return 0;
        }
        i += (size_t)l;
    }
    return 1;
}

size_t text_utf8_length(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t count = 0;
    for (size_t i = 0; i < n; count++) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        i += (size_t)text_utf8_decode(u + i, n - i, &cp);
    }
    return count;
}

/* Units one character takes in enc. */
static uint32_t units_of(uint32_t cp, int bytes, enum text_encoding enc)
{
    switch (enc) {
    case TEXT_UTF8:
        return (uint32_t)bytes;
    case TEXT_UTF16:
        return cp >= 0x10000 ? 2 : 1;
    case TEXT_UTF32:
    default:
        return 1;
    }
}

void text_cursor_init(struct text_cursor *c, const struct text_lines *lines)
{
    c->lines = lines;
    c->off = c->line = c->c8 = c->c16 = c->c32 = 0;
}

void text_cursor_seek(struct text_cursor *c, uint32_t off)
{
    const struct text_lines *lines = c->lines;
    if (off > lines->len) off = lines->len;
    uint32_t line = c->line;
    if (off < c->off || (line + 1 < lines->count && off >= lines->starts[line + 1])) {
        /* another line, or backwards: start from the target line's beginning */
        line = text_line_of(lines, off);
        c->line = line;
        c->off = lines->starts[line];
        c->c8 = c->c16 = c->c32 = 0;
    }
    uint32_t end = text_line_end(lines, line);
    if (off > end) off = end; /* inside the line break */
    const struct text_mark *m = mark_before(lines, lines->starts[line], off);
    if (m && m->off > c->off) { /* a long line: jump to the last mark before off */
        c->off = m->off;
        c->c8 = m->off - lines->starts[line];
        c->c16 = m->c16;
        c->c32 = m->c32;
    }
    const unsigned char *u = (const unsigned char *)lines->text;
#if defined(__SSE2__)
    if (lines->valid_utf8) {
        /* Valid UTF-8, 16 bytes at a time: a character counts at its lead byte (every byte but
         * 10xxxxxx), and a 4-byte one (lead 11110xxx) is two UTF-16 units. off is first moved to
         * the start of the character it is in, so every character led before it ends by it; the
         * last block counts only the bytes before off, and after a full block the continuation
         * bytes of a character that crosses its end are skipped. */
        while (off > c->off && off < lines->len && (u[off] & 0xC0) == 0x80) off--;
        const __m128i top2 = _mm_set1_epi8((char)0xC0), cont = _mm_set1_epi8((char)0x80);
        const __m128i top4 = _mm_set1_epi8((char)0xF0), one = _mm_set1_epi8(1);
        const __m128i zero = _mm_setzero_si128();
        const __m128i index = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        while (c->off < off) {
            uint32_t k = off - c->off; /* bytes left to count */
            __m128i x;
            if (lines->len - c->off >= 16) {
                x = _mm_loadu_si128((const __m128i *)(u + c->off));
            } else { /* the text's last bytes: never read past its end */
                unsigned char tail[16] = {0};
                memcpy(tail, u + c->off, lines->len - c->off);
                x = _mm_loadu_si128((const __m128i *)tail);
            }
            /* per byte: 1 for a character's lead, and 1 more for a 4-byte lead; summed by SAD
             * (a popcount is a libgcc call on baseline x86-64) */
            __m128i lead = _mm_andnot_si128(_mm_cmpeq_epi8(_mm_and_si128(x, top2), cont), one);
            __m128i four = _mm_and_si128(_mm_cmpeq_epi8(_mm_and_si128(x, top4), top4), one);
            if (k < 16) {
                __m128i keep = _mm_cmplt_epi8(index, _mm_set1_epi8((char)k));
                lead = _mm_and_si128(lead, keep);
                four = _mm_and_si128(four, keep);
            }
            __m128i s32 = _mm_sad_epu8(lead, zero);
            __m128i s16 = _mm_sad_epu8(_mm_add_epi8(lead, four), zero);
            uint32_t step = k < 16 ? k : 16;
            c->off += step;
            c->c8 += step;
            c->c16 += (uint32_t)(_mm_cvtsi128_si32(s16) + _mm_extract_epi16(s16, 4));
            c->c32 += (uint32_t)(_mm_cvtsi128_si32(s32) + _mm_extract_epi16(s32, 4));
            while (c->off < off && (u[c->off] & 0xC0) == 0x80) {
                c->off++;
                c->c8++;
            }
        }
        return;
    }
#endif
    while (c->off < off) {
        if (off - c->off >= 8) { /* eight ASCII bytes are eight characters in every unit */
            uint64_t w;
            memcpy(&w, u + c->off, 8);
            if (!(w & 0x8080808080808080ull)) {
                c->off += 8;
                c->c8 += 8;
                c->c16 += 8;
                c->c32 += 8;
                continue;
            }
        }
        uint32_t cp;
        int l;
        unsigned char b = u[c->off];
        if (b < 0x80) {
            cp = b;
            l = 1;
        } else if (b >= 0xC2 && b <= 0xDF && c->off + 1 < lines->len &&
                   (u[c->off + 1] & 0xC0) == 0x80) { /* æ, ø, å and the like: one UTF-16 unit */
            cp = 0x80;
            l = 2;
        } else {
            l = text_utf8_decode(u + c->off, lines->len - c->off, &cp);
        }
        if (c->off + (uint32_t)l > off) break; /* off is inside this character */
        c->off += (uint32_t)l;
        c->c8 += (uint32_t)l;
        c->c16 += cp >= 0x10000 ? 2 : 1;
        c->c32 += 1;
    }
}

struct text_pos text_pos_at(const struct text_lines *lines, uint32_t off, enum text_encoding enc)
{
    struct text_pos pos;
    if (off > lines->len) off = lines->len;
    pos.line = text_line_of(lines, off);
    uint32_t start = lines->starts[pos.line];
    uint32_t end = text_line_end(lines, pos.line);
    if (off > end) off = end; /* inside the line break: count as its start */
    if (enc == TEXT_UTF8) {
        /* Back up to the start of a UTF-8 sequence, so an offset inside one names its char (the
         * text's end is inside none, and the byte there is not the text's to read). */
        const unsigned char *u = (const unsigned char *)lines->text;
        uint32_t o = off;
        while (o > start && o < lines->len && (u[o] & 0xC0) == 0x80 && off - o < 3) o--;
        if (o != off) {
            uint32_t cp;
            int l = text_utf8_decode(u + o, lines->len - o, &cp);
            if (o + (uint32_t)l > off) off = o;
        }
        pos.character = off - start;
        return pos;
    }
    const unsigned char *u = (const unsigned char *)lines->text;
    uint32_t units = 0, i = start;
    const struct text_mark *m = mark_before(lines, start, off);
    if (m) { /* a long line: count from the last mark before off */
        i = m->off;
        units = mark_units(m, start, enc);
    }
    while (i < off) {
        uint32_t cp;
        int l = char_at(u, i, lines->len, &cp);
        if (i + (uint32_t)l > off) break; /* off is inside this character */
        units += units_of(cp, l, enc);
        i += (uint32_t)l;
    }
    pos.character = units;
    return pos;
}

uint32_t text_offset_at(const struct text_lines *lines, struct text_pos pos,
                        enum text_encoding enc)
{
    if (pos.line >= lines->count) return lines->len;
    uint32_t start = lines->starts[pos.line];
    uint32_t end = text_line_end(lines, pos.line);
    const unsigned char *u = (const unsigned char *)lines->text;
    uint32_t units = 0, i = start;
    const struct text_mark *m = mark_at_units(lines, start, end, enc, pos.character);
    if (m) { /* a long line: count from the last mark before the position */
        i = m->off;
        units = mark_units(m, start, enc);
    }
    while (i < end && units < pos.character) {
        uint32_t cp;
        int l = u[i] < 0x80 ? (cp = u[i], 1) : text_utf8_decode(u + i, end - i, &cp);
        uint32_t w = units_of(cp, l, enc);
        if (units + w > pos.character) break; /* inside this character: give its start */
        units += w;
        i += (uint32_t)l;
    }
    return i;
}
