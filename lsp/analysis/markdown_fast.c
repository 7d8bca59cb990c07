/* markdown_fast.c — the outline of an article body written in plain Markdown, read line by line
 * without building a tree: most glossary articles are ATX headings, paragraphs, "- " bullet
 * lists, inline links "[text](/slug)", references "[text][label]" and "[label]", and one-line
 * reference definitions. For those it gives exactly what markdown.c's cmark walk gives, at a
 * fraction of the cost. The subset (every rule below keeps a construct whose meaning could depend
 * on CommonMark's finer rules out of it):
 *   - no tab, CR, control character, backslash, backtick, '<', '&' or "![" anywhere in the body,
 *     and no line that starts with a space;
 *   - a line starting with '>', '+', '=', '~', "* ", "_ ", a run of '*' or '_' alone, or a number
 *     followed by '.' or ')' is outside it, as is '-' not followed by one space and a word;
 *   - headings: "#".."######", a space, text without '#', '[', ']', '*' or '_';
 *   - "[" opens a link whose text, label and destination end on the same line, whose destination
 *     has no space or bracket, and whose label is defined (reference) — or a shortcut reference
 *     that is resolved or literal; labels are ASCII;
 *   - a reference definition stands at the start of a paragraph, alone on its line with its
 *     title if it has one; without one, the next line does not start with a quote or '('.
 * Must never guess: anything else returns 0 and cmark reads the article. */
#include "markdown_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "text.h"

/* Bytes that put a body outside the subset wherever they are (1), and '[' / '!' / non-ASCII,
 * which need a closer look (2, 3, 4). */
static const unsigned char byte_class[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1,
    [0x07] = 1, [0x08] = 1, ['\t'] = 1, [0x0B] = 1, [0x0C] = 1, ['\r'] = 1, [0x0E] = 1,
    [0x0F] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1,
    [0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1A] = 1, [0x1B] = 1, [0x1C] = 1,
    [0x1D] = 1, [0x1E] = 1, [0x1F] = 1, [0x7F] = 1, ['\\'] = 1, ['`'] = 1, ['<'] = 1,
    ['&'] = 1, ['['] = 2, ['!'] = 3,
    [0x80] = 4, [0x81] = 4, [0x82] = 4, [0x83] = 4, [0x84] = 4, [0x85] = 4, [0x86] = 4,
    [0x87] = 4, [0x88] = 4, [0x89] = 4, [0x8A] = 4, [0x8B] = 4, [0x8C] = 4, [0x8D] = 4,
    [0x8E] = 4, [0x8F] = 4, [0x90] = 4, [0x91] = 4, [0x92] = 4, [0x93] = 4, [0x94] = 4,
    [0x95] = 4, [0x96] = 4, [0x97] = 4, [0x98] = 4, [0x99] = 4, [0x9A] = 4, [0x9B] = 4,
    [0x9C] = 4, [0x9D] = 4, [0x9E] = 4, [0x9F] = 4, [0xA0] = 4, [0xA1] = 4, [0xA2] = 4,
    [0xA3] = 4, [0xA4] = 4, [0xA5] = 4, [0xA6] = 4, [0xA7] = 4, [0xA8] = 4, [0xA9] = 4,
    [0xAA] = 4, [0xAB] = 4, [0xAC] = 4, [0xAD] = 4, [0xAE] = 4, [0xAF] = 4, [0xB0] = 4,
    [0xB1] = 4, [0xB2] = 4, [0xB3] = 4, [0xB4] = 4, [0xB5] = 4, [0xB6] = 4, [0xB7] = 4,
    [0xB8] = 4, [0xB9] = 4, [0xBA] = 4, [0xBB] = 4, [0xBC] = 4, [0xBD] = 4, [0xBE] = 4,
    [0xBF] = 4, [0xC0] = 4, [0xC1] = 4, [0xC2] = 4, [0xC3] = 4, [0xC4] = 4, [0xC5] = 4,
    [0xC6] = 4, [0xC7] = 4, [0xC8] = 4, [0xC9] = 4, [0xCA] = 4, [0xCB] = 4, [0xCC] = 4,
    [0xCD] = 4, [0xCE] = 4, [0xCF] = 4, [0xD0] = 4, [0xD1] = 4, [0xD2] = 4, [0xD3] = 4,
    [0xD4] = 4, [0xD5] = 4, [0xD6] = 4, [0xD7] = 4, [0xD8] = 4, [0xD9] = 4, [0xDA] = 4,
    [0xDB] = 4, [0xDC] = 4, [0xDD] = 4, [0xDE] = 4, [0xDF] = 4, [0xE0] = 4, [0xE1] = 4,
    [0xE2] = 4, [0xE3] = 4, [0xE4] = 4, [0xE5] = 4, [0xE6] = 4, [0xE7] = 4, [0xE8] = 4,
    [0xE9] = 4, [0xEA] = 4, [0xEB] = 4, [0xEC] = 4, [0xED] = 4, [0xEE] = 4, [0xEF] = 4,
    [0xF0] = 4, [0xF1] = 4, [0xF2] = 4, [0xF3] = 4, [0xF4] = 4, [0xF5] = 4, [0xF6] = 4,
    [0xF7] = 4, [0xF8] = 4, [0xF9] = 4, [0xFA] = 4, [0xFB] = 4, [0xFC] = 4, [0xFD] = 4,
    [0xFE] = 4, [0xFF] = 4,
};

/* A reference definition: its normalised label and its index in out->links. */
struct fdef {
    char *label;
    size_t link;
};

/* A line (or the rest of one) of paragraph text, where links are looked for once every
 * definition is known. */
struct fline {
    size_t s, e;
};

struct fast {
    const char *t;
    size_t len;
    int text_valid;
    struct md_outline *out;
    struct fdef *defs;
    size_t ndefs;
    uint32_t *slots; /* defs index + 1 by label, open addressing; a power of two, over 2 ndefs */
    size_t nslots;
    struct fline *lines;
    size_t nlines;
    long list;       /* index of the open list in out->lists, or -1 */
    size_t list_end; /* end of its last item so far */
};

static size_t trim_end(const char *t, size_t s, size_t e)
{
    while (e > s && t[e - 1] == ' ') e--;
    return e;
}

/* Where the line starting at s ends (its '\n', or len), or SIZE_MAX when one of its bytes is
 * outside the subset. Sets *bracket when the line holds a '['. Sixteen bytes at a time where the
 * machine has SSE2: most chunks of prose hold nothing to look at. */
static size_t scan_line(const struct fast *f, size_t s, int *bracket)
{
    const unsigned char *u = (const unsigned char *)f->t;
    size_t i = s, n = f->len;
    *bracket = 0;
    for (;;) {
#if defined(__SSE2__)
        const __m128i ctl = _mm_set1_epi8(0x1F), hi = _mm_set1_epi8((char)0x80);
        while (i + 16 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(u + i));
            __m128i m = _mm_cmpeq_epi8(_mm_max_epu8(v, ctl), ctl); /* <= 0x1F, '\n' too */
            m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
            m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
            m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('`')));
            m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('<')));
            m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('&')));
            m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('[')));
            m = _mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('!')));
            if (!f->text_valid) m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_and_si128(v, hi), hi));
            if (_mm_movemask_epi8(m)) break;
            i += 16;
        }
#endif
        if (i >= n) return n;
        unsigned char c = u[i];
        if (c == '\n') return i;
        switch (byte_class[c]) {
        case 0:
            break;
        case 1:
            return SIZE_MAX;
        case 2:
            *bracket = 1;
            break;
        case 3:
            if (i + 1 < n && u[i + 1] == '[') return SIZE_MAX; /* an image */
            break;
        default:
            if (!f->text_valid) {
                uint32_t cp;
                int l = text_utf8_decode(u + i, n - i, &cp);
                if (cp == 0xFFFD && l == 1) return SIZE_MAX;
                i += (size_t)l - 1;
            }
        }
        i++;
    }
}

static int has_any(const char *t, size_t s, size_t e, const char *set)
{
    for (size_t i = s; i < e; i++)
        if (strchr(set, t[i])) return 1;
    return 0;
}

static int ascii_only(const char *t, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        if ((unsigned char)t[i] >= 0x80) return 0;
    return 1;
}

/* "[...]:" — the shape of a reference definition's start. */
static int looks_like_def(const char *t, size_t s, size_t e)
{
    if (s >= e || t[s] != '[') return 0;
    const char *close = memchr(t + s + 1, ']', e - s - 1);
    return close && (size_t)(close - t) + 1 < e && close[1] == ':';
}

static void close_list(struct fast *f)
{
    if (f->list < 0) return;
    struct md_list *l = &f->out->lists[f->list];
    l->span.len = (uint32_t)(f->list_end - l->span.off);
    f->list = -1;
}

static int heading(struct fast *f, size_t s, size_t e, size_t hashes)
{
    const char *t = f->t;
    size_t p = s + hashes;
    while (p < e && t[p] == ' ') p++;
    size_t q = trim_end(t, p, e);
    if (p == q || has_any(t, p, q, "#[]*_")) return 0;
    struct md_heading h = {0};
    h.level = (uint8_t)hashes;
    h.span = span_make((uint32_t)s, (uint32_t)(q - s));
    h.text = span_make((uint32_t)p, (uint32_t)(q - p));
    h.plain = xstrndup(t + p, q - p);
    PUSH(f->out->headings, f->out->nheadings, h);
    return 1;
}

/* The slot that holds label, or the empty one where it would go. */
static uint32_t *slot_of(struct fast *f, const char *label)
{
    if (!f->nslots) {
        f->nslots = 16;
        f->slots = xcalloc(f->nslots, sizeof *f->slots);
    }
    size_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)label; *p; p++) h = (h ^ *p) * 16777619u;
    size_t mask = f->nslots - 1, i = h & mask;
    while (f->slots[i] && strcmp(f->defs[f->slots[i] - 1].label, label) != 0) i = (i + 1) & mask;
    return &f->slots[i];
}

/* Doubles the table and puts every definition back. */
static void rehash(struct fast *f)
{
    free(f->slots);
    f->nslots *= 2;
    f->slots = xcalloc(f->nslots, sizeof *f->slots);
    for (size_t i = 0; i < f->ndefs; i++) *slot_of(f, f->defs[i].label) = (uint32_t)(i + 1);
}

static int definition(struct fast *f, size_t s, size_t e)
{
    const char *t = f->t;
    struct mdlink m;
    if (!mdlink_scan_def(t, s, e, &m)) return 0;
    if (!ascii_only(t, m.label_start, m.label_end) || m.dest_end == m.dest_start) return 0;
    /* Without a title on its line, a line below starting like a title could be one. */
    if (trim_end(t, m.dest_end, e) == m.dest_end && e + 1 < f->len && strchr("\"'(", t[e + 1]))
        return 0;
    md_add_def_link(t, &m, f->out);
    char *norm = mdlink_normalize_label(t + m.label_start, m.label_end - m.label_start);
    uint32_t *slot = slot_of(f, norm);
    if (*slot) { /* the first definition of a label wins */
        free(norm);
        return 1;
    }
    PUSH(f->defs, f->ndefs, ((struct fdef){norm, f->out->nlinks - 1}));
    *slot = (uint32_t)f->ndefs;
    if (f->ndefs * 2 >= f->nslots) rehash(f);
    return 1;
}

/* The definition whose label is t[s..e), or NULL. */
static struct md_link *find_def(struct fast *f, size_t s, size_t e)
{
    if (!f->ndefs) return NULL;
    char *norm = mdlink_normalize_label(f->t + s, e - s);
    uint32_t at = *slot_of(f, norm);
    free(norm);
    return at ? &f->out->links[f->defs[at - 1].link] : NULL;
}

/* The links of one line of paragraph text. Returns 0 when one of them is outside the subset. */
static int line_links(struct fast *f, size_t s, size_t e)
{
    const char *t = f->t;
    size_t i = s;
    for (;;) {
        const char *open = memchr(t + i, '[', e - i);
        if (!open) return 1;
        i = (size_t)(open - t);
        const char *cl = memchr(t + i + 1, ']', e - i - 1);
        if (!cl) return 0;
        size_t close = (size_t)(cl - t);
        if (close == i + 1 || memchr(t + i + 1, '[', close - i - 1)) return 0;
        size_t n = close + 1;
        if (n < e && t[n] == '(') {
            size_t j = n + 1;
            while (j < e && t[j] != ')') {
                if (t[j] == ' ' || t[j] == '(' || t[j] == '[' || t[j] == ']') return 0;
                j++;
            }
            if (j >= e || j == n + 1) return 0;
            int complete;
            struct md_link l = {0};
            l.kind = MD_LINK_INLINE;
            l.span = span_make((uint32_t)i, (uint32_t)(j + 1 - i));
            l.dest = span_make((uint32_t)(n + 1), (uint32_t)(j - n - 1));
            l.url = mdlink_decode(t + n + 1, j - n - 1, &complete);
            PUSH(f->out->links, f->out->nlinks, l);
            i = j + 1;
        } else if (n < e && t[n] == '[') {
            const char *lc = memchr(t + n + 1, ']', e - n - 1);
            if (!lc) return 0;
            size_t lclose = (size_t)(lc - t);
            if (lclose == n + 1 || memchr(t + n + 1, '[', lclose - n - 1)) return 0;
            if (!ascii_only(t, n + 1, lclose)) return 0;
            struct md_link *def = find_def(f, n + 1, lclose);
            if (!def) return 0;
            def->uses++;
            i = lclose + 1;
        } else {
            if (f->ndefs && !ascii_only(t, i + 1, close)) return 0;
            struct md_link *def = find_def(f, i + 1, close);
            if (def) def->uses++;
            i = close + 1;
        }
    }
}

/* A line of paragraph text: its defects now, its links once every definition is known. */
static void add_line(struct fast *f, size_t s, size_t e, int bracket)
{
    if (bracket) PUSH(f->lines, f->nlines, ((struct fline){s, e}));
    md_line_defects(f->t, s, e, f->out);
}

/* Whether a line starting with '*' or '_' is only that character and spaces (a break). */
static int only_marks(const char *t, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        if (t[i] != t[s] && t[i] != ' ') return 0;
    return 1;
}

/* Reads the body line by line. Returns 0 as soon as a line is outside the subset. */
static int read_lines(struct fast *f, size_t body)
{
    const char *t = f->t;
    enum { NONE, PARA, ITEM } open = NONE; /* the paragraph being continued */
    int prev_blank = 1;
    for (size_t s = body; s < f->len;) {
        int bracket;
        size_t e = scan_line(f, s, &bracket);
        if (e == SIZE_MAX) return 0;
        size_t next = e < f->len ? e + 1 : e;
        if (s == e) {
            open = NONE;
            prev_blank = 1;
            s = next;
            continue;
        }
        char c = t[s];
        size_t hashes = 0;
        while (c == '#' && s + hashes < e && hashes < 7 && t[s + hashes] == '#') hashes++;
        if (c == ' ' || c == '>' || c == '+' || c == '=' || c == '~') return 0;
        if ((c == '*' || c == '_') && (s + 1 == e || t[s + 1] == ' ' || only_marks(t, s, e)))
            return 0;
        if (c >= '0' && c <= '9') {
            size_t d = s;
            while (d < e && t[d] >= '0' && t[d] <= '9') d++;
            if (d < e && (t[d] == '.' || t[d] == ')')) return 0;
        }
        if (hashes >= 1 && hashes <= 6 && (s + hashes == e || t[s + hashes] == ' ')) {
            close_list(f);
            if (!heading(f, s, e, hashes)) return 0;
            open = NONE;
        } else if (c == '-') {
            if (e - s < 3 || t[s + 1] != ' ' || strchr(" -*+>=~_", t[s + 2])) return 0;
            if (t[s + 2] >= '0' && t[s + 2] <= '9') return 0;
            size_t h = 0; /* "- ## x" holds a heading; "- ##x" is text */
            while (s + 2 + h < e && h < 7 && t[s + 2 + h] == '#') h++;
            if (h >= 1 && h <= 6 && (s + 2 + h == e || t[s + 2 + h] == ' ')) return 0;
            if (looks_like_def(t, s + 2, e)) return 0;
            if (f->list < 0) {
                struct md_list l = {0};
                l.span = span_make((uint32_t)s, 0);
                PUSH(f->out->lists, f->out->nlists, l);
                f->list = (long)f->out->nlists - 1;
            }
            struct md_list *l = &f->out->lists[f->list];
            size_t end = trim_end(t, s, e);
            PUSH(l->item_spans, l->items, span_make((uint32_t)s, (uint32_t)(end - s)));
            f->list_end = end;
            add_line(f, s + 2, e, bracket);
            open = ITEM;
        } else if (open == NONE && looks_like_def(t, s, e)) {
            close_list(f);
            if (!definition(f, s, e)) return 0;
        } else {
            if (open != NONE && looks_like_def(t, s, e)) return 0;
            if (open == ITEM && !prev_blank) { /* a lazy line of the item's paragraph */
                struct md_list *l = &f->out->lists[f->list];
                struct span *item = &l->item_spans[l->items - 1];
                size_t end = trim_end(t, s, e);
                item->len = (uint32_t)(end - item->off);
                f->list_end = end;
            } else if (open == NONE) {
                close_list(f);
                open = PARA;
            }
            add_line(f, s, e, bracket);
        }
        prev_blank = 0;
        s = next;
    }
    close_list(f);
    return 1;
}

int md_outline_fast(const char *text, size_t len, uint32_t body_off, int text_valid,
                    struct md_outline *out)
{
    memset(out, 0, sizeof *out);
    if (body_off > len) body_off = (uint32_t)len;
    if (body_off > 0 && text[body_off - 1] != '\n') return 0;
    if (body_off == 0 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) return 0;
    struct fast f = {.t = text, .len = len, .text_valid = text_valid, .out = out, .list = -1};
    int ok = read_lines(&f, body_off);
    for (size_t i = 0; ok && i < f.nlines; i++) ok = line_links(&f, f.lines[i].s, f.lines[i].e);
    for (size_t i = 0; i < f.ndefs; i++) free(f.defs[i].label);
    free(f.defs);
    free(f.slots);
    free(f.lines);
    if (!ok) {
        md_outline_clear(out);
        return 0;
    }
    md_sort_links(out);
    return 1;
}
