/* summary.c — builds an article summary: front matter (frontmatter.c) checked against the schema,
 * the Markdown outline (markdown.c) turned into headings with ids, internal links and the
 * highlights section, plus the article's own findings. Must never look at other articles: links
 * are resolved by the index (checks.c). */
#include "summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frontmatter.h"
#include "linkdest.h"
#include "markdown.h"
#include "slab.h"
#include "slugify.h"
#include "text.h"
#include "xalloc.h"

/* ---- front matter -------------------------------------------------------------------------- */

struct schema_ctx {
    struct finding_list *findings;
    const struct frontmatter *fm;
};

static void on_violation(void *ctx_, const struct schema_violation *v)
{
    struct schema_ctx *ctx = ctx_;
    struct span span;
    if (v->member)
        span = span_make(v->member->key_off, v->member->key_src_len);
    else if (v->at == ctx->fm->tree && strcmp(v->keyword, "required") == 0)
        span = ctx->fm->open; /* a key missing from the whole block: point at its opening --- */
    else if (v->at && v->at->len)
        span = span_make(v->at->off, v->at->len);
    else
        span = ctx->fm->open; /* the root object, or an empty block: point at the opening --- */
    enum finding_code code = strcmp(v->keyword, "additionalProperties") == 0
                                 ? FINDING_FRONTMATTER_UNKNOWN_KEY
                                 : FINDING_FRONTMATTER_SCHEMA;
    struct finding *f = finding_add(ctx->findings, code, span, "%s", v->message);
    /* what a quick fix needs: the key to add, or the values to choose from */
    if (v->missing_key && !v->path[0]) {
        finding_set_suggestions(f, &v->missing_key, 1);
    } else if (v->allowed) {
        const char *values[32];
        size_t n = 0;
        for (size_t i = 0; i < v->allowed->u.array.count && n < 32; i++)
            if (v->allowed->u.array.items[i]->kind == VALUE_STRING)
                values[n++] = v->allowed->u.array.items[i]->u.string.ptr;
        finding_set_suggestions(f, values, n);
    }
}

/* The text of a scalar as the summary keeps it: strings as they are, other scalars as written. */
static char *scalar_text(const struct value *v, const char *text)
{
    if (!v) return NULL;
    if (v->kind == VALUE_STRING) return xstrndup(v->u.string.ptr, v->u.string.len);
    if (v->kind == VALUE_ARRAY || v->kind == VALUE_OBJECT || v->kind == VALUE_NULL) return NULL;
    return xstrndup(text + v->off, v->len);
}

static void push_keyword(struct summary *s, const char *k, size_t n)
{
    while (n && (*k == ' ' || *k == '\t')) k++, n--;
    while (n && (k[n - 1] == ' ' || k[n - 1] == '\t')) n--;
    if (!n) return;
    s->keywords = xgrow(s->keywords, s->nkeywords, sizeof *s->keywords);
    s->keywords[s->nkeywords++] = xstrndup(k, n);
}

static void read_frontmatter(struct summary *s, const char *text, const struct frontmatter *fm,
                             const struct analysis_opts *opts)
{
    const struct value *tree = fm->tree;
    const struct value *v = value_object_get(tree, "title");
    s->title = scalar_text(v, text);
    if (s->title) s->title_span = span_make(v->off, v->len);
    s->description = scalar_text(value_object_get(tree, "description"), text);
    const struct value *kw = value_object_get(tree, "keywords");
    if (kw && kw->kind == VALUE_STRING) {
        const char *p = kw->u.string.ptr, *end = p + kw->u.string.len;
        while (p < end) {
            const char *comma = memchr(p, ',', (size_t)(end - p));
            const char *stop = comma ? comma : end;
            push_keyword(s, p, (size_t)(stop - p));
            p = comma ? comma + 1 : end;
        }
    } else if (kw && kw->kind == VALUE_ARRAY) {
        for (size_t i = 0; i < kw->u.array.count; i++) {
            const struct value *item = kw->u.array.items[i];
            if (item->kind == VALUE_STRING) push_keyword(s, item->u.string.ptr, item->u.string.len);
        }
    }
    if (opts->slug_source == SLUG_FROM_FRONTMATTER && opts->slug_field) {
        const struct value *sv = value_object_get(tree, opts->slug_field);
        char *slug = scalar_text(sv, text);
        if (slug && *slug) {
            s->slug = slug;
            s->slug_span = span_make(sv->off, sv->len);
            /* A quoted value's span includes its quotes; the slug itself sits inside them. */
            if (sv->len >= 2 && (text[sv->off] == '"' || text[sv->off] == '\''))
                s->slug_span = span_make(sv->off + 1, sv->len - 2);
        } else {
            free(slug);
        }
    }
}

static void check_frontmatter(struct summary *s, const char *text, size_t len,
                              const struct analysis_opts *opts, struct frontmatter *fm)
{
    size_t before = s->findings.count;
    frontmatter_parse(text, len, fm, &s->findings);
    if (fm->present) s->frontmatter = fm->block;
    int syntax_error = 0;
    for (size_t i = before; i < s->findings.count; i++)
        if (s->findings.items[i].code == FINDING_FRONTMATTER_SYNTAX) syntax_error = 1;
    read_frontmatter(s, text, fm, opts);
    if (!opts->schema || !fm->present || !fm->closed || syntax_error) return;
    struct schema_ctx ctx = {&s->findings, fm};
    if (fm->tree) {
        schema_validate(opts->schema, fm->tree, on_violation, &ctx);
    } else {
        struct value *empty = value_new_object();
        schema_validate(opts->schema, empty, on_violation, &ctx);
        value_free(empty);
    }
}

/* ---- headings and highlights --------------------------------------------------------------- */

static void read_headings(struct summary *s, const struct md_outline *md)
{
    if (!md->nheadings) return;
    struct slugify_ids ids = {0};
    s->headings = xcalloc(md->nheadings, sizeof *s->headings);
    s->nheadings = md->nheadings;
    for (size_t i = 0; i < md->nheadings; i++) {
        const struct md_heading *h = &md->headings[i];
        struct summary_heading *out = &s->headings[i];
        out->level = h->level;
        out->span = h->span;
        out->text = xstrdup(h->plain ? h->plain : "");
        out->id = slugify_unique_id(&ids, out->text);
    }
    slugify_ids_clear(&ids);
    if (!s->title) {
        for (size_t i = 0; i < md->nheadings; i++) {
            if (md->headings[i].level == 1) {
                s->title = xstrdup(s->headings[i].text);
                s->title_span = md->headings[i].text;
                break;
            }
        }
    }
}

/* Is the heading text one of the configured highlights names (which are stored case-folded)?
 * Trailing ':' and spaces ignored. The text is folded once, then compared with each name. */
static int is_highlights_name(const char *t, size_t n, const struct analysis_opts *opts)
{
    while (n && (t[n - 1] == ':' || t[n - 1] == ' ' || t[n - 1] == '\t')) n--;
    while (n && (*t == ' ' || *t == '\t')) t++, n--;
    if (!n || !opts->nhighlight_names) return 0;
    unsigned char first = (unsigned char)t[0]; /* an ASCII letter folds to itself, lowercased */
    if (first < 0x80) {
        if (first >= 'A' && first <= 'Z') first = (unsigned char)(first + 32);
        size_t k = 0;
        while (k < opts->nhighlight_names && (unsigned char)opts->highlight_names[k][0] != first)
            k++;
        if (k == opts->nhighlight_names) return 0;
    }
    char small[256];
    char *folded = n < sizeof small ? small : xmalloc(n + 1);
    size_t flen = slugify_fold_into(t, n, folded);
    int found = 0;
    for (size_t i = 0; i < opts->nhighlight_names && !found; i++) {
        const char *name = opts->highlight_names[i];
        found = name[0] == folded[0] && strlen(name) == flen && memcmp(name, folded, flen) == 0;
    }
    if (folded != small) free(folded);
    return found;
}

/* The names a writer may use, for messages: "'Highlights', 'Key Takeaways' or 'Høydepunkter'". */
static void names_hint(char *buf, size_t size, const struct analysis_opts *opts)
{
    size_t n = opts->nhighlight_names < 3 ? opts->nhighlight_names : 3, used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        const char *sep = i == 0 ? "" : (i + 1 == n ? " or " : ", ");
        int w = snprintf(buf + used, size - used, "%s'## %s'", sep, opts->highlight_labels[i]);
        if (w < 0) break;
        used += (size_t)w;
    }
}

static char *bullet_text(const char *text, struct span item)
{
    const char *p = text + item.off, *end = p + item.len;
    const char *nl = p;
    while (nl < end && *nl != '\n' && *nl != '\r') nl++;
    end = nl;
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    if (p < end && (*p == '-' || *p == '*' || *p == '+')) {
        p++;
    } else {
        while (p < end && *p >= '0' && *p <= '9') p++;
        if (p < end && (*p == '.' || *p == ')')) p++;
    }
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t')) end--;
    return xstrndup(p, (size_t)(end - p));
}

static void check_structure(struct summary *s, const char *text, const struct md_outline *md,
                            const struct analysis_opts *opts, const struct frontmatter *fm)
{
    int nospace_highlights = 0;
    for (size_t i = 0; i < md->nnospace; i++) {
        const struct md_nospace *ns = &md->nospace[i];
        int named = is_highlights_name(text + ns->text.off, ns->text.len, opts);
        if (ns->hashes < 2 && !named) continue; /* "#tag" in running text is not a heading */
        nospace_highlights |= named;
        int tl = (int)ns->text.len;
        finding_add(&s->findings, FINDING_HEADING_NO_SPACE, ns->span,
                    "'%.*s%.*s' is not a heading: CommonMark needs a space after the '#'. Write "
                    "'%.*s %.*s'%s",
                    ns->hashes, "######", tl, text + ns->text.off, ns->hashes, "######", tl,
                    text + ns->text.off,
                    named ? ", or the highlights section will not be found." : ".");
    }
    for (size_t i = 0; i < md->ndashes; i++) {
        const struct md_dash *d = &md->dashes[i];
        int em = (unsigned char)text[d->dash.off + 2] == 0x94;
        finding_add(&s->findings, FINDING_LIST_DASH_BULLET, d->dash,
                    "This line starts with an %s ('%s'), which Markdown does not read as a list "
                    "item: use '- ' for a bullet.",
                    em ? "em dash" : "en dash", em ? "\xE2\x80\x94" : "\xE2\x80\x93");
    }

    s->highlights_heading = -1;
    for (size_t i = 0; i < md->nheadings; i++) {
        const struct md_heading *h = &md->headings[i];
        size_t pl = strlen(h->plain); /* the rendered text, when it differs from the source */
        if (is_highlights_name(text + h->text.off, h->text.len, opts) ||
            ((pl != h->text.len || memcmp(h->plain, text + h->text.off, pl) != 0) &&
             is_highlights_name(h->plain, pl, opts))) {
            s->highlights_heading = (int32_t)i;
            break;
        }
    }
    if (s->highlights_heading < 0) {
        if (!opts->highlights_required || nospace_highlights) return;
        char hint[160];
        names_hint(hint, sizeof hint, opts);
        struct span at = fm->present ? fm->open : span_make(fm->body_off, 0);
        for (size_t i = 0; i < md->nheadings; i++) {
            if (md->headings[i].level == 1) {
                at = md->headings[i].span;
                break;
            }
        }
        finding_add(&s->findings, FINDING_HIGHLIGHTS_MISSING, at,
                    "No highlights section: add a heading such as %s followed by a '- ' list of "
                    "the key points.",
                    hint);
        return;
    }
    const struct md_heading *h = &md->headings[s->highlights_heading];
    uint32_t start = span_end(h->span), end = s->text_len;
    for (size_t i = (size_t)s->highlights_heading + 1; i < md->nheadings; i++) {
        if (md->headings[i].level <= h->level) {
            end = md->headings[i].span.off;
            break;
        }
    }
    for (size_t i = 0; i < md->nlists; i++) {
        const struct md_list *l = &md->lists[i];
        if (l->span.off < start || l->span.off >= end) continue;
        s->highlights_items += l->items;
        for (uint32_t k = 0; k < l->items; k++) {
            s->highlights = xgrow(s->highlights, s->nhighlights, sizeof *s->highlights);
            s->highlights[s->nhighlights++] = bullet_text(text, l->item_spans[k]);
        }
    }
    if (s->highlights_items >= opts->highlights_min_items) return;
    uint32_t dashes = 0;
    for (size_t i = 0; i < md->ndashes; i++)
        if (md->dashes[i].dash.off >= start && md->dashes[i].dash.off < end) dashes++;
    if (s->highlights_items + dashes >= opts->highlights_min_items) return; /* dashes reported */
    finding_add(&s->findings, FINDING_HIGHLIGHTS_EMPTY, h->span,
                "The highlights section has %u list item%s; at least %u %s needed. Write each "
                "key point as a '- ' bullet under the heading.",
                s->highlights_items, s->highlights_items == 1 ? "" : "s",
                opts->highlights_min_items, opts->highlights_min_items == 1 ? "is" : "are");
}

/* ---- links --------------------------------------------------------------------------------- */

static void push_link(struct summary *s, const struct summary_link *l)
{
    s->links = xgrow(s->links, s->nlinks, sizeof *s->links);
    s->links[s->nlinks++] = *l;
}

static int in_code(const struct md_outline *md, uint32_t off, uint32_t end)
{
    for (size_t i = 0; i < md->ncode; i++)
        if (off < span_end(md->code[i]) && end > md->code[i].off) return 1;
    return 0;
}

static void read_pattern_links(struct summary *s, const char *text, uint32_t body_off,
                               const struct md_outline *md, const struct analysis_opts *opts)
{
    if (!opts->npatterns || body_off >= s->text_len) return;
    char *body = xstrndup(text + body_off, s->text_len - body_off); /* regexec wants a C string */
    size_t blen = strlen(body);
    for (size_t p = 0; p < opts->npatterns; p++) {
        size_t at = 0;
        regmatch_t m[2];
        while (at <= blen) {
            int flags = (at > 0 && body[at - 1] != '\n') ? REG_NOTBOL : 0;
            if (regexec(&opts->patterns[p], body + at, 2, m, flags) != 0) break;
            size_t mstart = at + (size_t)m[0].rm_so, mend = at + (size_t)m[0].rm_eo;
            if (m[1].rm_so >= 0 && m[1].rm_eo > m[1].rm_so &&
                !in_code(md, body_off + (uint32_t)mstart, body_off + (uint32_t)mend)) {
                struct summary_link l = {0};
                l.syntax = LINK_SYNTAX_PATTERN;
                l.target = LINK_TO_SLUG;
                l.prefix = -1;
                l.span = span_make(body_off + (uint32_t)mstart, (uint32_t)(mend - mstart));
                uint32_t so = body_off + (uint32_t)(at + (size_t)m[1].rm_so);
                uint32_t sl = (uint32_t)(m[1].rm_eo - m[1].rm_so);
                l.dest = l.slug_span = span_make(so, sl);
                l.slug = xstrndup(text + so, sl);
                push_link(s, &l);
            }
            at = mend > at ? mend : at + 1;
        }
    }
    free(body);
}

static int compare_links(const void *a, const void *b)
{
    const struct summary_link *x = a, *y = b;
    return x->span.off < y->span.off ? -1 : x->span.off > y->span.off;
}

static void read_links(struct summary *s, const char *text, uint32_t body_off,
                       const struct md_outline *md, const struct analysis_opts *opts)
{
    for (size_t i = 0; i < md->nlinks; i++) {
        const struct md_link *ml = &md->links[i];
        struct summary_link l = {0};
        if (linkdest_interpret(ml->url, text, ml->dest, s->path, opts, &l) != 0) continue;
        l.span = ml->span;
        l.dest = ml->dest;
        l.syntax = ml->kind == MD_LINK_REFDEF ? LINK_SYNTAX_REFDEF : LINK_SYNTAX_INLINE;
        push_link(s, &l);
    }
    size_t before = s->nlinks;
    read_pattern_links(s, text, body_off, md, opts);
    if (s->nlinks != before) qsort(s->links, s->nlinks, sizeof *s->links, compare_links);
}

/* ---- positions ----------------------------------------------------------------------------- */

static struct summary_pos pos_of(struct text_cursor *c, uint32_t off, int enc)
{
    text_cursor_seek(c, off);
    uint32_t ch = enc == TEXT_UTF8 ? c->c8 : enc == TEXT_UTF32 ? c->c32 : c->c16;
    struct summary_pos p = {c->line, ch};
    return p;
}

static struct summary_range range_of(struct text_cursor *c, struct span span, int enc)
{
    struct summary_range r;
    r.start = pos_of(c, span.off, enc);
    r.end = pos_of(c, span_end(span), enc);
    return r;
}

/* Fills the precomputed ranges of the links and the title, in one forward pass over the text. */
static void compute_ranges(struct summary *s, const char *text, const struct md_outline *md,
                           int enc, int valid)
{
    struct text_lines lines;
    if (text_lines_init(&lines, text, s->text_len) != 0) return;
    lines.valid_utf8 = valid; /* checked by check_encoding */
    struct text_cursor c;
    text_cursor_init(&c, &lines);
    struct span title = s->title_span;
    for (size_t i = 0; i < md->nheadings; i++) {
        if (md->headings[i].level == 1) {
            title = md->headings[i].span;
            break;
        }
    }
    s->slug_range = range_of(&c, s->slug_span, enc);
    s->title_range = range_of(&c, title, enc);
    /* headings and links interleave in the text: merge the two ordered lists for the cursor */
    size_t h = 0;
    for (size_t i = 0; i <= s->nlinks; i++) {
        while (h < s->nheadings && (i == s->nlinks || s->headings[h].span.off <= s->links[i].span.off)) {
            s->headings[h].range = range_of(&c, s->headings[h].span, enc);
            h++;
        }
        if (i == s->nlinks) break;
        struct summary_link *l = &s->links[i];
        l->span_range.start = pos_of(&c, l->span.off, enc);
        l->slug_range = range_of(&c, l->slug_span, enc);
        l->span_range.end = pos_of(&c, span_end(l->span), enc);
    }
    text_lines_free(&lines);
}

/* ---- the summary --------------------------------------------------------------------------- */

/* Returns 1 when the text is binary (a NUL byte): then nothing else about it is worth saying.
 * Sets *valid to whether it is valid UTF-8. */
static int check_encoding(struct summary *s, const char *text, size_t len, int *valid)
{
    *valid = 0;
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        finding_add(&s->findings, FINDING_FILE_ENCODING, span_make((uint32_t)(nul - text), 1),
                    "The file contains a NUL byte: it looks like a binary file, not a Markdown "
                    "article.");
        return 1;
    }
    size_t bad;
    *valid = text_utf8_valid(text, len, &bad);
    if (!*valid)
        finding_add(&s->findings, FINDING_FILE_ENCODING, span_make((uint32_t)bad, 1),
                    "The file is not valid UTF-8 (byte 0x%02X at offset %zu): save it as UTF-8.",
                    (unsigned char)text[bad], bad);
    return 0;
}

/* ---- the front matter's memo ---------------------------------------------------------------- */

struct summary_memo {
    uint64_t key;          /* opts->memo_key it was made with; 0: empty */
    char *bytes;           /* owned: the text from its start through the block's closing line */
    size_t nbytes;
    struct frontmatter fm; /* its spans (tree NULL: nothing after check_frontmatter reads it) */
    struct summary *head;  /* owned: what check_frontmatter set (copy_frontmatter_fields), and
                              the findings it added; NULL when empty */
};

uint64_t summary_memo_key(void)
{
    static _Atomic uint64_t next = 1;
    return next++;
}

struct summary_memo *summary_memo_new(void)
{
    return xcalloc(1, sizeof(struct summary_memo));
}

static void memo_empty(struct summary_memo *m)
{
    free(m->bytes);
    summary_free(m->head);
    memset(m, 0, sizeof *m);
}

void summary_memo_free(struct summary_memo *m)
{
    if (!m) return;
    memo_empty(m);
    free(m);
}

static char *dup_or_null(const char *s)
{
    return s ? xstrdup(s) : NULL;
}

/* Copies into d (fields unset) what check_frontmatter sets in a summary besides its findings:
 * the block, slug, title, description and keywords, strings duplicated. */
static void copy_frontmatter_fields(struct summary *d, const struct summary *s)
{
    d->frontmatter = s->frontmatter;
    d->slug = dup_or_null(s->slug);
    d->slug_span = s->slug_span;
    d->title = dup_or_null(s->title);
    d->title_span = s->title_span;
    d->description = dup_or_null(s->description);
    if (s->nkeywords) {
        d->keywords = xmalloc(s->nkeywords * sizeof *d->keywords);
        for (size_t i = 0; i < s->nkeywords; i++) d->keywords[i] = xstrdup(s->keywords[i]);
    }
    d->nkeywords = s->nkeywords;
}

/* Fills what check_frontmatter would into s and fm from m, when m was made from the same bytes
 * with the same options. Returns 1 then, else 0 (nothing touched). */
static int memo_use(const struct summary_memo *m, struct summary *s, const char *text,
                    size_t len, const struct analysis_opts *opts, struct frontmatter *fm)
{
    if (!m || !m->key || m->key != opts->memo_key || m->nbytes > len ||
        memcmp(m->bytes, text, m->nbytes) != 0)
        return 0;
    *fm = m->fm;
    copy_frontmatter_fields(s, m->head);
    finding_list_append_copy(&s->findings, &m->head->findings);
    return 1;
}

/* Keeps in m what check_frontmatter gave s (its findings from index `before` on) for text, when
 * the block is closed by a line that ends in a line feed: no byte after it can change how it
 * reads. Else m is emptied. */
static void memo_keep(struct summary_memo *m, const struct summary *s, const char *text,
                      const struct analysis_opts *opts, const struct frontmatter *fm,
                      size_t before)
{
    if (!m) return;
    memo_empty(m);
    size_t end = span_end(fm->block);
    if (!opts->memo_key || !fm->present || !fm->closed || !end || text[end - 1] != '\n') return;
    m->key = opts->memo_key;
    m->bytes = xmalloc(end);
    memcpy(m->bytes, text, end);
    m->nbytes = end;
    m->fm = *fm;
    m->fm.tree = NULL;
    m->head = xcalloc(1, sizeof *m->head);
    copy_frontmatter_fields(m->head, s);
    struct finding_list added = {0}; /* a view of them (no offset on a NULL array) */
    if (s->findings.count > before) {
        added.items = s->findings.items + before;
        added.count = s->findings.count - before;
    }
    finding_list_append_copy(&m->head->findings, &added);
}

struct summary *summary_new(const char *text, size_t len, const char *path,
                            const struct analysis_opts *opts)
{
    return summary_new_memo(text, len, path, opts, NULL);
}

struct summary *summary_new_memo(const char *text, size_t len, const char *path,
                                 const struct analysis_opts *opts, struct summary_memo *memo)
{
    if (len > UINT32_MAX - 1) len = UINT32_MAX - 1;
    struct summary *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    s->text_len = (uint32_t)len;
    s->highlights_heading = -1;
    int valid;
    if (check_encoding(s, text, len, &valid)) {
        s->slug = summary_slug_from_path(path, opts->slug_source);
        return s;
    }

    struct frontmatter fm;
    if (!memo_use(memo, s, text, len, opts, &fm)) {
        size_t before = s->findings.count;
        check_frontmatter(s, text, len, opts, &fm);
        memo_keep(memo, s, text, opts, &fm, before);
    }
    if (!s->slug) s->slug = summary_slug_from_path(path, opts->slug_source);

    struct md_outline md;
    md_outline_read(text, len, fm.body_off, valid, &md);
    read_headings(s, &md);
    check_structure(s, text, &md, opts, &fm);
    read_links(s, text, fm.body_off, &md, opts);
    if (md.ncode) { /* kept for unlinked mentions, which must not look inside code */
        s->code = xmalloc(md.ncode * sizeof *s->code);
        memcpy(s->code, md.code, md.ncode * sizeof *s->code);
        s->ncode = md.ncode;
    }
    if (opts->ranges) compute_ranges(s, text, &md, opts->range_encoding, valid);
    md_outline_clear(&md);
    frontmatter_clear(&fm);
    finding_list_sort(&s->findings);
    return s;
}

void summary_free(struct summary *s)
{
    if (!s) return;
    if (s->packed) {
        slab_free(s);
        return;
    }
    free(s->path);
    free(s->slug);
    free(s->title);
    free(s->description);
    for (size_t i = 0; i < s->nkeywords; i++) free(s->keywords[i]);
    free(s->keywords);
    for (size_t i = 0; i < s->nheadings; i++) {
        free(s->headings[i].text);
        free(s->headings[i].id);
    }
    free(s->headings);
    for (size_t i = 0; i < s->nlinks; i++) {
        free(s->links[i].slug);
        free(s->links[i].fragment);
    }
    free(s->links);
    for (size_t i = 0; i < s->nhighlights; i++) free(s->highlights[i]);
    free(s->highlights);
    finding_list_clear(&s->findings);
    free(s->code);
    free(s);
}

const struct summary_heading *summary_heading_by_id(const struct summary *s, const char *id)
{
    for (size_t i = 0; i < s->nheadings; i++)
        if (strcmp(s->headings[i].id, id) == 0) return &s->headings[i];
    return NULL;
}

char *summary_slug_from_path(const char *path, enum slug_source source)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n >= 3 && strcmp(base + n - 3, ".md") == 0) n -= 3;
    if (source == SLUG_FROM_FOLDER && base != path &&
        ((n == 5 && memcmp(base, "index", 5) == 0) || (n == 6 && memcmp(base, "_index", 6) == 0) ||
         (n == 6 && memcmp(base, "README", 6) == 0))) {
        const char *dir_end = base - 1, *dir = dir_end;
        while (dir > path && dir[-1] != '/') dir--;
        return xstrndup(dir, (size_t)(dir_end - dir));
    }
    return xstrndup(base, n);
}
