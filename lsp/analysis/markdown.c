/* markdown.c — the outline of an article body from cmark's tree: block positions from cmark's
 * sourcepos (reliable for blocks), link positions found again in the source by mdlink.c (cmark's
 * inline positions are not), reference definitions recovered from the lines cmark consumed.
 * Must never report a link range it has not matched against cmark's own destination. */
#include "markdown_int.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "cmark_arena.h"
#include "mdlink.h"
#include "text.h"
#include "xalloc.h"

/* A reference definition: its normalised label and its place in out->links. */
struct def {
    char *label;
    size_t index;
    uint32_t off; /* where it starts: the first in the source wins */
};

struct ctx {
    const char *src; /* the blanked copy cmark parsed: same offsets as the text */
    size_t len;
    uint32_t body_off;
    struct text_lines lines;
    struct md_outline *out;
    char *covered; /* per line: 1 when a leaf block covers it */
    struct def *defs; /* sorted by label once find_defs is done, one per label */
    size_t ndefs;
};

/* ---- positions ----------------------------------------------------------------------------- */

static size_t off_at(const struct ctx *c, int line, int col)
{
    if (line < 1) return 0;
    if ((uint32_t)line > c->lines.count) return c->len;
    size_t start = c->lines.starts[line - 1];
    size_t off = start + (size_t)(col > 1 ? col - 1 : 0);
    return off > c->len ? c->len : off;
}

/* [start, end) of a block from its sourcepos, without trailing blanks and line breaks. */
static struct span block_span(const struct ctx *c, cmark_node *n)
{
    size_t s = off_at(c, cmark_node_get_start_line(n), cmark_node_get_start_column(n));
    int el = cmark_node_get_end_line(n), ec = cmark_node_get_end_column(n);
    size_t e = el < 1 ? s : off_at(c, el, 1) + (size_t)(ec > 0 ? ec : 0);
    if (e > c->len) e = c->len;
    while (e > s && (c->src[e - 1] == '\n' || c->src[e - 1] == '\r' || c->src[e - 1] == ' ' ||
                     c->src[e - 1] == '\t'))
        e--;
    if (e < s) e = s;
    return span_make((uint32_t)s, (uint32_t)(e - s));
}

/* Where the line holding off ends, before its line break (from the line table). */
static size_t line_end_at(const struct ctx *c, size_t off)
{
    if (off >= c->len) return c->len;
    uint32_t l = text_line_of(&c->lines, (uint32_t)off);
    size_t e = l + 1 < c->lines.count ? c->lines.starts[l + 1] : c->len;
    if (e > off && c->src[e - 1] == '\n') e--;
    if (e > off && c->src[e - 1] == '\r') e--;
    return e;
}

/* ---- inline text --------------------------------------------------------------------------- */

/* The flattened plain text of a node's inline content, trimmed. */
static char *plain_text(cmark_node *node)
{
    size_t cap = 64, n = 0;
    char *buf = xmalloc(cap);
    cmark_iter *it = cmark_iter_new(node);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node *x = cmark_iter_get_node(it);
        const char *piece = NULL;
        switch (cmark_node_get_type(x)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            piece = cmark_node_get_literal(x);
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            piece = " ";
            break;
        default:
            break;
        }
        if (!piece) continue;
        size_t pl = strlen(piece);
        while (n + pl + 1 > cap) buf = xrealloc(buf, cap *= 2);
        memcpy(buf + n, piece, pl);
        n += pl;
    }
    cmark_iter_free(it);
    size_t s = 0;
    while (s < n && (buf[s] == ' ' || buf[s] == '\t')) s++;
    while (n > s && (buf[n - 1] == ' ' || buf[n - 1] == '\t')) n--;
    char *out = xstrndup(buf + s, n - s);
    free(buf);
    return out;
}

/* ---- links --------------------------------------------------------------------------------- */

static int url_matches(const struct ctx *c, size_t ds, size_t de, const char *url, int loose)
{
    int complete;
    char *decoded = mdlink_decode(c->src + ds, de - ds, &complete);
    int ok = strcmp(decoded, url) == 0 || (loose && !complete);
    free(decoded);
    return ok;
}

static int compare_def_label(const void *key, const void *elem)
{
    return strcmp(key, ((const struct def *)elem)->label);
}

static const struct md_link *find_def(const struct ctx *c, const char *s, size_t n)
{
    char *label = mdlink_normalize_label(s, n);
    const struct def *d = c->ndefs ? bsearch(label, c->defs, c->ndefs, sizeof *c->defs,
                                             compare_def_label)
                                   : NULL;
    free(label);
    return d ? &c->out->links[d->index] : NULL;
}

/* Records an inline link or autolink found at m, with cmark's url. */
static void emit_inline(struct ctx *c, const struct mdlink *m, const char *url)
{
    struct md_link l = {0};
    l.kind = MD_LINK_INLINE;
    l.span = span_make((uint32_t)m->start, (uint32_t)(m->end - m->start));
    l.dest = span_make((uint32_t)m->dest_start, (uint32_t)(m->dest_end - m->dest_start));
    l.url = xstrdup(url);
    PUSH(c->out->links, c->out->nlinks, l);
}

/* Locates the next link of the block at or after *cursor whose destination is url. Emits it (or
 * counts a reference use) and advances *cursor. Returns 1 when found. */
/* The bytes locate_link stops at: everything else is skipped by one table lookup. */
static const unsigned char link_stop[256] = {['\\'] = 1, ['`'] = 1, ['<'] = 1, ['['] = 1};

static int locate_link(struct ctx *c, size_t *cursor, size_t end, const char *url, int loose)
{
    for (size_t i = *cursor; i < end; i++) {
        while (i < end && !link_stop[(unsigned char)c->src[i]]) i++;
        if (i == end) break;
        char ch = c->src[i];
        if (ch == '\\') {
            i++;
            continue;
        }
        if (ch == '`') {
            i = mdlink_skip_code(c->src, i, end) - 1;
            continue;
        }
        struct mdlink m;
        if (ch == '<' && mdlink_scan_autolink(c->src, i, end, &m)) {
            int ok = url_matches(c, m.dest_start, m.dest_end, url, 0);
            if (!ok && strncmp(url, "mailto:", 7) == 0) {
                size_t n = m.dest_end - m.dest_start;
                ok = strlen(url + 7) == n && memcmp(url + 7, c->src + m.dest_start, n) == 0;
            }
            if (!ok) continue;
            emit_inline(c, &m, url);
            *cursor = m.end;
            return 1;
        }
        if (ch != '[' || !mdlink_scan(c->src, i, end, &m)) continue;
        if (m.kind == MDLINK_INLINE) {
            if (!url_matches(c, m.dest_start, m.dest_end, url, loose)) continue;
            emit_inline(c, &m, url);
            *cursor = m.end;
            return 1;
        }
        const struct md_link *def = find_def(c, c->src + m.label_start, m.label_end - m.label_start);
        if (!def || strcmp(def->url, url) != 0) continue;
        ((struct md_link *)def)->uses++;
        *cursor = m.end;
        return 1;
    }
    return 0;
}

/* Walks the LINK nodes of one inline block in order and locates each in the block's source. */
static void block_links(struct ctx *c, cmark_node *block, struct span where)
{
    size_t cursor = where.off, end = span_end(where);
    cmark_iter *it = cmark_iter_new(block);
    cmark_event_type ev;
    int in_image = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *x = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(x);
        if (t == CMARK_NODE_IMAGE) {
            in_image += ev == CMARK_EVENT_ENTER ? 1 : -1;
            continue;
        }
        if (t != CMARK_NODE_LINK || ev != CMARK_EVENT_ENTER || in_image) continue;
        const char *url = cmark_node_get_url(x);
        if (!url) url = "";
        size_t before = cursor;
        if (!locate_link(c, &cursor, end, url, 0)) {
            cursor = before;
            locate_link(c, &cursor, end, url, 1); /* an entity we do not know blocked a match */
        }
    }
    cmark_iter_free(it);
}

/* Code spans of an inline block, found with the same backtick rule mdlink.c uses. */
static void block_code_spans(struct ctx *c, struct span where)
{
    size_t end = span_end(where), from = where.off;
    while (from < end) {
        const char *tick = memchr(c->src + from, '`', end - from);
        if (!tick) return;
        size_t i = (size_t)(tick - c->src);
        /* escaped by an odd run of backslashes since the last place scanned */
        size_t bs = 0;
        while (i - bs > from && c->src[i - bs - 1] == '\\') bs++;
        if (bs % 2) {
            from = i + 1;
            continue;
        }
        size_t after = mdlink_skip_code(c->src, i, end);
        size_t run = 0;
        while (i + run < end && c->src[i + run] == '`') run++;
        if (after > i + run) {
            PUSH(c->out->code, c->out->ncode, span_make((uint32_t)i, (uint32_t)(after - i)));
        }
        from = after > i ? after : i + 1;
    }
}

static int compare_links(const void *a, const void *b)
{
    const struct md_link *x = a, *y = b;
    return x->span.off < y->span.off ? -1 : x->span.off > y->span.off;
}

void md_sort_links(struct md_outline *out)
{
    if (out->nlinks > 1) qsort(out->links, out->nlinks, sizeof *out->links, compare_links);
}

/* ---- reference definitions ----------------------------------------------------------------- */

void md_add_def_link(const char *src, const struct mdlink *m, struct md_outline *out)
{
    int complete;
    struct md_link l = {0};
    l.kind = MD_LINK_REFDEF;
    l.span = span_make((uint32_t)m->start, (uint32_t)(m->end - m->start));
    l.dest = span_make((uint32_t)m->dest_start, (uint32_t)(m->dest_end - m->dest_start));
    l.url = mdlink_decode(src + m->dest_start, m->dest_end - m->dest_start, &complete);
    l.label = xstrndup(src + m->label_start, m->label_end - m->label_start);
    PUSH(out->links, out->nlinks, l);
}

static void add_def(struct ctx *c, const struct mdlink *m)
{
    md_add_def_link(c->src, m, c->out);
    char *norm = mdlink_normalize_label(c->src + m->label_start, m->label_end - m->label_start);
    PUSH(c->defs, c->ndefs, ((struct def){norm, c->out->nlinks - 1, (uint32_t)m->start}));
}

/* By label, then in source order (they are found in two passes, not in source order). */
static int compare_defs(const void *a, const void *b)
{
    const struct def *x = a, *y = b;
    int d = strcmp(x->label, y->label);
    return d ? d : x->off < y->off ? -1 : x->off > y->off;
}

/* Sorts the definitions for bsearch and keeps the first one found of each label. */
static void sort_defs(struct ctx *c)
{
    if (c->ndefs > 1) qsort(c->defs, c->ndefs, sizeof *c->defs, compare_defs);
    size_t k = 0;
    for (size_t i = 0; i < c->ndefs; i++) {
        if (k && strcmp(c->defs[k - 1].label, c->defs[i].label) == 0) {
            free(c->defs[i].label); /* the first definition wins */
            continue;
        }
        c->defs[k++] = c->defs[i];
    }
    c->ndefs = k;
}

/* Skips a line's container prefix: indentation, block-quote markers, list markers. */
static size_t skip_prefix(const struct ctx *c, size_t i, size_t end)
{
    for (;;) {
        while (i < end && (c->src[i] == ' ' || c->src[i] == '\t')) i++;
        if (i < end && c->src[i] == '>') {
            i++;
            continue;
        }
        if (i + 1 < end && (c->src[i] == '-' || c->src[i] == '*' || c->src[i] == '+') &&
            (c->src[i + 1] == ' ' || c->src[i + 1] == '\t')) {
            i += 2;
            continue;
        }
        size_t d = i;
        while (d < end && d - i < 9 && c->src[d] >= '0' && c->src[d] <= '9') d++;
        if (d > i && d + 1 < end && (c->src[d] == '.' || c->src[d] == ')') &&
            (c->src[d + 1] == ' ' || c->src[d + 1] == '\t')) {
            i = d + 2;
            continue;
        }
        return i;
    }
}

/* Parses the definitions that start at `at` (one after another, each on its own lines) and
 * returns the offset after the last one, or at when there is none. */
static size_t parse_defs(struct ctx *c, size_t at, size_t limit, int add)
{
    size_t pos = at;
    for (;;) {
        size_t start = pos == at ? at : skip_prefix(c, pos, limit);
        struct mdlink m;
        if (start >= limit || !mdlink_scan_def(c->src, start, limit, &m)) return pos;
        if (add) add_def(c, &m);
        pos = m.end;
        if (pos < limit && c->src[pos] == '\r') pos++;
        if (pos < limit && c->src[pos] == '\n') pos++;
    }
}

/* Whether the paragraph para (at sp) starts with definitions cmark took from it. */
static int took_defs(const struct ctx *c, cmark_node *para, struct span sp)
{
    if (c->src[sp.off] != '[') return 0;
    /* Only when cmark took them: the paragraph's own text then no longer starts with '['. */
    cmark_node *first = cmark_node_first_child(para);
    const char *lit = first ? cmark_node_get_literal(first) : NULL;
    struct mdlink m;
    if (!mdlink_scan_def(c->src, sp.off, span_end(sp), &m)) return 0;
    size_t llen = m.label_end - m.label_start;
    return !(lit && lit[0] == '[' && strncmp(lit + 1, c->src + m.label_start, llen) == 0 &&
             lit[1 + llen] == ']');
}

/* Definitions in the lines no leaf block covers: cmark consumed them (the paragraph they formed
 * was removed) — and at the start of paragraphs that begin with definitions. */
static void find_defs(struct ctx *c, cmark_node *doc)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node *x = cmark_iter_get_node(it);
        if (cmark_node_get_type(x) != CMARK_NODE_PARAGRAPH) continue;
        struct span sp = block_span(c, x);
        if (took_defs(c, x, sp)) parse_defs(c, sp.off, span_end(sp), 1);
    }
    cmark_iter_free(it);
    for (uint32_t line = 0; line < c->lines.count; line++) {
        if (c->covered[line]) continue;
        size_t s = c->lines.starts[line];
        if (s < c->body_off) continue;
        size_t e = line_end_at(c, s);
        size_t p = skip_prefix(c, s, e);
        if (p >= e || c->src[p] != '[') continue;
        /* a definition may continue on uncovered lines below; bound it by the next covered one */
        uint32_t last = line;
        while (last + 1 < c->lines.count && !c->covered[last + 1]) last++;
        size_t limit = line_end_at(c, c->lines.starts[last]);
        size_t after = parse_defs(c, p, limit, 1);
        while (line + 1 < c->lines.count && c->lines.starts[line + 1] < after) line++;
    }
    sort_defs(c);
}

/* ---- paragraph lines ----------------------------------------------------------------------- */

static int quote_depth(cmark_node *n)
{
    int q = 0;
    for (cmark_node *p = cmark_node_parent(n); p; p = cmark_node_parent(p))
        if (cmark_node_get_type(p) == CMARK_NODE_BLOCK_QUOTE) q++;
    return q;
}

static void scan_paragraph_lines(struct ctx *c, cmark_node *para, struct span sp)
{
    int q = quote_depth(para);
    uint32_t first = text_line_of(&c->lines, sp.off), last = text_line_of(&c->lines, span_end(sp));
    for (uint32_t line = first; line <= last; line++) {
        size_t i = line == first ? sp.off : c->lines.starts[line];
        size_t e = line_end_at(c, i);
        if (line != first) {
            for (int k = 0; k < q; k++) {
                size_t j = i;
                while (j < e && j - i < 3 && c->src[j] == ' ') j++;
                if (j < e && c->src[j] == '>') {
                    i = j + 1;
                    if (i < e && c->src[i] == ' ') i++;
                }
            }
            while (i < e && (c->src[i] == ' ' || c->src[i] == '\t')) i++;
        }
        md_line_defects(c->src, i, e, c->out);
    }
}

void md_line_defects(const char *src, size_t i, size_t e, struct md_outline *out)
{
    if (i >= e) return;
    size_t h = i;
    while (h < e && src[h] == '#') h++;
    if (h > i && h - i <= 6 && h < e && src[h] != ' ' && src[h] != '\t') {
        size_t ts = h, te = e;
        while (te > ts && (src[te - 1] == ' ' || src[te - 1] == '\t')) te--;
        struct md_nospace ns = {span_make((uint32_t)i, (uint32_t)(te - i)), (uint8_t)(h - i),
                                span_make((uint32_t)ts, (uint32_t)(te - ts))};
        PUSH(out->nospace, out->nnospace, ns);
    }
    if (e - i >= 4 && (unsigned char)src[i] == 0xE2 && (unsigned char)src[i + 1] == 0x80 &&
        ((unsigned char)src[i + 2] == 0x93 || (unsigned char)src[i + 2] == 0x94) &&
        (src[i + 3] == ' ' || src[i + 3] == '\t')) {
        size_t te = e;
        while (te > i && (src[te - 1] == ' ' || src[te - 1] == '\t')) te--;
        struct md_dash d = {span_make((uint32_t)i, 3), span_make((uint32_t)i, (uint32_t)(te - i))};
        PUSH(out->dashes, out->ndashes, d);
    }
}

/* ---- headings and lists -------------------------------------------------------------------- */

static struct span heading_text(const struct ctx *c, struct span sp)
{
    size_t s = sp.off, e = line_end_at(c, sp.off);
    if (e > span_end(sp)) e = span_end(sp);
    if (c->src[s] == '#') { /* ATX: after the opening #s, before an optional closing run */
        while (s < e && c->src[s] == '#') s++;
        while (s < e && (c->src[s] == ' ' || c->src[s] == '\t')) s++;
        while (e > s && (c->src[e - 1] == ' ' || c->src[e - 1] == '\t')) e--;
        size_t k = e;
        while (k > s && c->src[k - 1] == '#') k--;
        if (k == s || c->src[k - 1] == ' ' || c->src[k - 1] == '\t') {
            e = k;
            while (e > s && (c->src[e - 1] == ' ' || c->src[e - 1] == '\t')) e--;
        }
        if (e < s) e = s;
    } else { /* setext: every line but the underline */
        uint32_t last = text_line_of(&c->lines, span_end(sp));
        e = last > 0 ? line_end_at(c, c->lines.starts[last - 1]) : e;
        if (e < s) e = s;
        while (e > s && (c->src[e - 1] == ' ' || c->src[e - 1] == '\t')) e--;
    }
    return span_make((uint32_t)s, (uint32_t)(e - s));
}

static void add_heading(struct ctx *c, cmark_node *h, struct span sp)
{
    struct md_heading x = {0};
    x.level = (uint8_t)cmark_node_get_heading_level(h);
    x.setext = c->src[sp.off] != '#';
    x.span = sp;
    x.text = heading_text(c, sp);
    x.plain = plain_text(h);
    PUSH(c->out->headings, c->out->nheadings, x);
}

static void add_list(struct ctx *c, cmark_node *list, struct span sp)
{
    struct md_list l = {0};
    l.span = sp;
    for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
        PUSH(l.item_spans, l.items, block_span(c, item));
    }
    PUSH(c->out->lists, c->out->nlists, l);
}

static void mark_covered(struct ctx *c, struct span sp)
{
    uint32_t a = text_line_of(&c->lines, sp.off), b = text_line_of(&c->lines, span_end(sp));
    for (uint32_t l = a; l <= b && l < c->lines.count; l++) c->covered[l] = 1;
}

/* ---- the walk ------------------------------------------------------------------------------ */

static char *blanked_copy(const char *text, size_t len, uint32_t body_off, int text_valid)
{
    char *buf = xmalloc(len + 1);
    memcpy(buf, text, len);
    buf[len] = '\0';
    size_t blank = body_off;
    if (blank == 0 && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) blank = 3;
    for (size_t i = 0; i < blank && i < len; i++)
        if (buf[i] != '\n' && buf[i] != '\r') buf[i] = ' ';
    /* cmark rewrites NULs and invalid UTF-8 as U+FFFD (3 bytes), which would shift columns:
     * give it one neutral byte instead, so every offset stays the text's. */
    if (text_valid) return buf;
    const unsigned char *u = (const unsigned char *)buf;
    for (size_t i = blank; i < len;) {
        if (u[i] == 0) {
            buf[i++] = 0x1A;
            continue;
        }
        if (u[i] < 0x80) { /* ASCII runs without NUL, eight bytes at a time */
            uint64_t w;
            size_t j = i;
            while (j + 8 <= len && (memcpy(&w, u + j, 8),
                                    ((w & 0x8080808080808080ull) |
                                     ((w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull)) ==
                                        0))
                j += 8;
            i = j > i ? j : i + 1;
            continue;
        }
        uint32_t cp;
        int l = text_utf8_decode(u + i, len - i, &cp);
        if (cp == 0xFFFD && l == 1)
            buf[i] = 0x1A;
        i += (size_t)l;
    }
    return buf;
}

void md_outline_read(const char *text, size_t len, uint32_t body_off, int text_valid,
                     struct md_outline *out)
{
    if (!md_outline_fast(text, len, body_off, text_valid, out))
        md_outline_cmark(text, len, body_off, text_valid, out);
}

void md_outline_parse(const char *text, size_t len, uint32_t body_off, struct md_outline *out)
{
    md_outline_read(text, len, body_off, 0, out);
}

void md_outline_cmark(const char *text, size_t len, uint32_t body_off, int text_valid,
                      struct md_outline *out)
{
    memset(out, 0, sizeof *out);
    if (body_off > len) body_off = (uint32_t)len;
    struct ctx c = {0};
    char *buf = blanked_copy(text, len, body_off, text_valid);
    c.src = buf;
    c.len = len;
    c.body_off = body_off;
    c.out = out;
    text_lines_init(&c.lines, buf, len);
    c.covered = xcalloc(c.lines.count, 1);
    struct cmark_arena arena;
    cmark_parser *parser = cmark_parser_new_with_mem(CMARK_OPT_SOURCEPOS,
                                                     cmark_arena_begin(&arena));
    cmark_parser_feed(parser, buf, len);
    cmark_node *doc = cmark_parser_finish(parser);
    cmark_parser_free(parser);

    /* Pass 1: leaf blocks (coverage, headings, lists, code, paragraph defects). */
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node *x = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(x);
        switch (t) {
        case CMARK_NODE_HEADING: {
            struct span sp = block_span(&c, x);
            if (c.src[sp.off] == '#') { /* ATX: cmark's end stops before a closing "#" run */
                size_t e = line_end_at(&c, sp.off);
                while (e > sp.off && (c.src[e - 1] == ' ' || c.src[e - 1] == '\t')) e--;
                sp.len = (uint32_t)(e - sp.off);
            }
            mark_covered(&c, sp);
            add_heading(&c, x, sp);
            block_code_spans(&c, sp);
            break;
        }
        case CMARK_NODE_PARAGRAPH: {
            struct span sp = block_span(&c, x);
            mark_covered(&c, sp);
            scan_paragraph_lines(&c, x, sp);
            block_code_spans(&c, sp);
            break;
        }
        case CMARK_NODE_CODE_BLOCK:
        case CMARK_NODE_HTML_BLOCK: {
            struct span sp = block_span(&c, x);
            mark_covered(&c, sp);
            PUSH(out->code, out->ncode, sp);
            break;
        }
        case CMARK_NODE_THEMATIC_BREAK:
            mark_covered(&c, block_span(&c, x));
            break;
        case CMARK_NODE_LIST:
            if (cmark_node_parent(x) == doc) add_list(&c, x, block_span(&c, x));
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);

    /* Pass 2: definitions first (reference links need them), then links block by block. */
    find_defs(&c, doc);
    it = cmark_iter_new(doc);
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        if (ev != CMARK_EVENT_ENTER) continue;
        cmark_node *x = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(x);
        if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING) {
            struct span sp = block_span(&c, x);
            if (t == CMARK_NODE_PARAGRAPH && took_defs(&c, x, sp)) {
                /* its text starts after the definitions cmark took: their labels are no uses */
                size_t after = parse_defs(&c, sp.off, span_end(sp), 0);
                sp = span_make((uint32_t)after, (uint32_t)(span_end(sp) - after));
            }
            /* a heading's sourcepos ends at its text; a setext underline is not inline content */
            block_links(&c, x, sp);
        }
    }
    cmark_iter_free(it);
    cmark_arena_end(&arena); /* the whole tree at once */

    /* Definitions were found first (in two passes: paragraphs, then lines cmark took), links
     * then; the outline lists every link in source order (no two start at the same byte). */
    md_sort_links(out);
    for (size_t i = 0; i < c.ndefs; i++) free(c.defs[i].label);
    free(c.defs);
    free(c.covered);
    text_lines_free(&c.lines);
    free(buf);
}

void md_outline_clear(struct md_outline *out)
{
    for (size_t i = 0; i < out->nheadings; i++) free(out->headings[i].plain);
    free(out->headings);
    for (size_t i = 0; i < out->nlinks; i++) {
        free(out->links[i].url);
        free(out->links[i].label);
    }
    free(out->links);
    for (size_t i = 0; i < out->nlists; i++) free(out->lists[i].item_spans);
    free(out->lists);
    free(out->nospace);
    free(out->dashes);
    free(out->code);
    memset(out, 0, sizeof *out);
}
