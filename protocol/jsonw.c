/* jsonw.c — the JSON text writer. Must never leave the text invalid: every value is preceded by
 * the comma or colon its place needs, and every string is escaped and made valid UTF-8. */
#include "jsonw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

void jsonw_init(struct jsonw *w)
{
    jsonw_init_buffer(w, NULL, 0);
}

void jsonw_init_buffer(struct jsonw *w, char *buf, size_t cap)
{
    memset(w, 0, sizeof *w);
    w->cap = buf ? cap : 4096;
    w->p = buf ? buf : xmalloc(w->cap);
    w->first[0] = 1;
}

void jsonw_init_indented(struct jsonw *w, int indent)
{
    jsonw_init(w);
    if (indent < 1 || indent > 31) abort(); /* jansson's JSON_INDENT range: a caller's bug */
    w->indent = indent;
}

void jsonw_clear_text(struct jsonw *w)
{
    w->len = 0;
    if (w->depth == 0) w->first[0] = 1;
}

void jsonw_free(struct jsonw *w)
{
    free(w->p);
    w->p = NULL;
    w->len = w->cap = 0;
}

char *jsonw_release(struct jsonw *w, size_t *cap)
{
    char *p = w->p;
    *cap = w->cap;
    w->p = NULL;
    w->len = w->cap = 0;
    return p;
}

static void reserve(struct jsonw *w, size_t n)
{
    if (w->len + n <= w->cap) return;
    while (w->len + n > w->cap) w->cap *= 2;
    w->p = xrealloc(w->p, w->cap);
}

static void put(struct jsonw *w, const char *s, size_t n)
{
    reserve(w, n);
    memcpy(w->p + w->len, s, n);
    w->len += n;
}

/* A line break and the spaces of depth levels, in an indented layout. */
static void new_line(struct jsonw *w, int depth)
{
    size_t n = (size_t)depth * (size_t)w->indent;
    reserve(w, n + 1);
    w->p[w->len++] = '\n';
    memset(w->p + w->len, ' ', n);
    w->len += n;
}

/* The separator before a value (or a key) at the current depth. */
static void before_value(struct jsonw *w)
{
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (!w->first[w->depth]) put(w, ",", 1);
    w->first[w->depth] = 0;
    if (w->indent && w->depth) new_line(w, w->depth);
}

static void open_container(struct jsonw *w, char c, int object)
{
    before_value(w);
    if (w->depth == JSONW_MAX_DEPTH) abort(); /* a caller's bug, not input */
    put(w, &c, 1);
    w->depth++;
    w->first[w->depth] = 1;
    w->in_object[w->depth] = (unsigned char)object;
}

static void close_container(struct jsonw *w, char c)
{
    if (w->depth == 0 || w->after_key) abort();
    w->depth--;
    if (w->indent && !w->first[w->depth + 1]) new_line(w, w->depth);
    put(w, &c, 1);
}

void jsonw_begin_object(struct jsonw *w) { open_container(w, '{', 1); }
void jsonw_end_object(struct jsonw *w) { close_container(w, '}'); }
void jsonw_begin_array(struct jsonw *w) { open_container(w, '[', 0); }
void jsonw_end_array(struct jsonw *w) { close_container(w, ']'); }

/* The length of the valid UTF-8 sequence at s (1..4), or 0 when the bytes there are not one. */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t len;
    unsigned lo = 0x80, hi = 0xBF; /* the allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;      /* no overlong forms */
        else if (c == 0xED) hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        else if (c == 0xF4) hi = 0x8F; /* nothing past U+10FFFF */
    } else
        return 0;
    if (n < len || s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    return len;
}

/* The bytes a string keeps as they are without a look at their neighbours: printable ASCII but
 * '"' and '\\', as a bitmap of 4 x 64. */
static const unsigned long long plain[4] = {0xFFFFFFFB00000000ULL, 0xFFFFFFFFEFFFFFFFULL, 0, 0};

/* The length of the run of plain ASCII at s (no '"', '\\', control character or byte >= 0x80),
 * 16 bytes at a time where SSE2 is there. */
static size_t plain_run(const unsigned char *s, size_t n)
{
    size_t i = 0;
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(s + i));
        /* signed: bytes >= 0x80 are negative, so "< 0x20" catches them with the controls */
        __m128i bad = _mm_or_si128(_mm_cmplt_epi8(x, space),
                                   _mm_or_si128(_mm_cmpeq_epi8(x, quote),
                                                _mm_cmpeq_epi8(x, backslash)));
        int mask = _mm_movemask_epi8(bad);
        if (mask) return i + (size_t)__builtin_ctz((unsigned)mask);
    }
    if (i < n) { /* the last 1..15 bytes, in one window too: most strings end in them */
        size_t rest = n - i;
        unsigned char tail[16];
        const unsigned char *at = s + n - 16; /* the window ends at the string's end */
        if (n < 16) {
            memset(tail, 'a', sizeof tail);
            memcpy(tail + 16 - n, s, n);
            at = tail;
        }
        __m128i x = _mm_loadu_si128((const __m128i *)at);
        __m128i bad = _mm_or_si128(_mm_cmplt_epi8(x, space),
                                   _mm_or_si128(_mm_cmpeq_epi8(x, quote),
                                                _mm_cmpeq_epi8(x, backslash)));
        unsigned mask = (unsigned)_mm_movemask_epi8(bad) >> (16 - rest);
        return mask ? i + (size_t)__builtin_ctz(mask) : n;
    }
#endif
    while (i < n && ((plain[s[i] >> 6] >> (s[i] & 63)) & 1)) i++;
    return i;
}

/* Writes s as the body of a JSON string (no quotes), escaping as jansson does with its default
 * flags: '"', '\\' and control characters; everything else as it is. */
static void put_escaped(struct jsonw *w, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0; /* start of the bytes not yet copied */
    for (size_t i = 0; i < n;) {
        i += plain_run(u + i, n - i);
        if (i == n) break;
        unsigned char c = u[i]; /* not plain */
        if (c >= 0x80) {
            size_t len = utf8_sequence(u + i, n - i);
            if (len) {
                i += len;
                continue;
            }
        }
        put(w, s + run, i - run);
        char esc[8];
        const char *e = esc;
        size_t elen = 2;
        switch (c) {
        case '"': e = "\\\""; break;
        case '\\': e = "\\\\"; break;
        case '\b': e = "\\b"; break;
        case '\f': e = "\\f"; break;
        case '\n': e = "\\n"; break;
        case '\r': e = "\\r"; break;
        case '\t': e = "\\t"; break;
        default:
            if (c < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04X", c);
                elen = 6;
            } else { /* a byte that starts no valid UTF-8 sequence */
                e = "\xEF\xBF\xBD";
                elen = 3;
            }
        }
        put(w, e, elen);
        i++;
        run = i;
    }
    put(w, s + run, n - run);
}

void jsonw_key(struct jsonw *w, const char *key)
{
    if (!w->in_object[w->depth] || w->after_key) abort(); /* a caller's bug */
    before_value(w);
    size_t n = strlen(key);
    reserve(w, n + 3);
    put(w, "\"", 1);
    put_escaped(w, key, n);
    put(w, "\": ", w->indent ? 3 : 2);
    w->after_key = 1;
}

void jsonw_string_n(struct jsonw *w, const char *s, size_t n)
{
    before_value(w);
    reserve(w, n + 2);
    put(w, "\"", 1);
    put_escaped(w, s, n);
    put(w, "\"", 1);
}

void jsonw_string(struct jsonw *w, const char *s)
{
    if (!s) jsonw_null(w);
    else jsonw_string_n(w, s, strlen(s));
}

size_t jsonw_format_int(char *out, long long v)
{
    char digits[JSONW_INT_MAX];
    size_t n = 0, len = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) out[len++] = '-';
    while (n) out[len++] = digits[--n];
    return len;
}

void jsonw_int(struct jsonw *w, long long v)
{
    char buf[JSONW_INT_MAX];
    size_t n = jsonw_format_int(buf, v);
    before_value(w);
    put(w, buf, n);
}

void jsonw_bool(struct jsonw *w, int v)
{
    before_value(w);
    if (v) put(w, "true", 4);
    else put(w, "false", 5);
}

void jsonw_null(struct jsonw *w)
{
    before_value(w);
    put(w, "null", 4);
}

void jsonw_json(struct jsonw *w, const json_t *v)
{
    before_value(w);
    char *text = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
    if (text) put(w, text, strlen(text));
    else put(w, "null", 4); /* nothing, or a value jansson cannot write */
    free(text);
}

void jsonw_raw(struct jsonw *w, const char *text, size_t n)
{
    before_value(w);
    put(w, text, n);
}
