/* fuzz_summary.c — libFuzzer target for the article summary (summary_new in
 * lsp/analysis/summary.c: front matter against the real schema/glossary.schema.json, the cmark
 * outline, links, highlights) with the options a real engine builds. The first input byte picks
 * the position encoding, slug source, link prefixes and link patterns; the rest is the article.
 * Must never crash, leak or hang; every range must lie inside the text, and every precomputed
 * position must be the one lsp/analysis/text.c gives for its offset. The same article is also
 * summarised with a summary_memo that the inputs before left (one memo for the whole run, a key
 * per choice of options), which must give exactly summary_new's summary. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "engine.h"
#include "fuzz_check.h"
#include "json_value.h"
#include "summary_compare.h"
#include "text.h"

static struct engine *engine; /* the default configuration plus a Hugo shortcode link pattern */
static struct summary_memo *memo; /* left by the inputs before */
static uint64_t memo_keys[256];   /* one per first byte: the options it picks */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    static const char settings[] =
        "{\"link_patterns\": [\"\\\\{\\\\{< *glossary_tooltip +term_id=\\\"([^\\\"]+)\\\"\"]}";
    struct value *v = json_value_parse(settings, sizeof settings - 1, NULL, 0);
    FUZZ_CHECK(v != NULL);
    engine = engine_new_loose(v);
    memo = summary_memo_new();
    for (int i = 0; i < 256; i++) memo_keys[i] = summary_memo_key();
    FUZZ_CHECK(engine->npatterns == 1 && engine->opts.schema != NULL);
    value_free(v);
    return 0;
}

static void check_pos(const struct text_lines *lines, struct summary_pos p, uint32_t off,
                      enum text_encoding enc)
{
    struct text_pos want = text_pos_at(lines, off, enc);
    FUZZ_CHECK(p.line == want.line && p.character == want.character);
}

static void check_range(const struct text_lines *lines, struct summary_range r, struct span s,
                        enum text_encoding enc)
{
    check_pos(lines, r.start, s.off, enc);
    check_pos(lines, r.end, span_end(s), enc);
}

static void check_summary(const struct summary *s, const char *text, size_t n,
                          const struct analysis_opts *opts)
{
    FUZZ_CHECK(s->text_len == n && s->slug != NULL && s->path != NULL);
    fuzz_check_findings(&s->findings, n);
    FUZZ_CHECK(fuzz_span_inside(s->slug_span.off, s->slug_span.len, n));
    FUZZ_CHECK(fuzz_span_inside(s->title_span.off, s->title_span.len, n));
    FUZZ_CHECK(fuzz_span_inside(s->frontmatter.off, s->frontmatter.len, n));
    for (size_t i = 0; i < s->ncode; i++)
        FUZZ_CHECK(fuzz_span_inside(s->code[i].off, s->code[i].len, n));
    FUZZ_CHECK(s->highlights_heading < (int32_t)s->nheadings);
    enum text_encoding enc = (enum text_encoding)opts->range_encoding;
    int binary = memchr(text, '\0', n) != NULL;
    struct text_lines lines;
    FUZZ_CHECK(text_lines_init(&lines, text, n) == 0);
    for (size_t i = 0; i < s->nheadings; i++) {
        const struct summary_heading *h = &s->headings[i];
        FUZZ_CHECK(h->level >= 1 && h->level <= 6 && h->text && h->id);
        FUZZ_CHECK(fuzz_span_inside(h->span.off, h->span.len, n));
        FUZZ_CHECK(summary_heading_by_id(s, h->id) == h); /* ids are unique */
        if (i) FUZZ_CHECK(s->headings[i - 1].span.off <= h->span.off);
        if (!binary) check_range(&lines, h->range, h->span, enc);
    }
    for (size_t i = 0; i < s->nlinks; i++) {
        const struct summary_link *l = &s->links[i];
        FUZZ_CHECK(fuzz_span_inside(l->span.off, l->span.len, n));
        FUZZ_CHECK(fuzz_span_inside(l->dest.off, l->dest.len, n));
        FUZZ_CHECK(fuzz_span_inside(l->slug_span.off, l->slug_span.len, n));
        FUZZ_CHECK(fuzz_span_inside(l->frag_span.off, l->frag_span.len, n));
        if (i) FUZZ_CHECK(s->links[i - 1].span.off <= l->span.off);
        if (l->target == LINK_TO_SELF) FUZZ_CHECK(l->slug == NULL);
        if (l->target == LINK_TO_SLUG && l->prefix >= 0)
            FUZZ_CHECK((size_t)l->prefix < opts->nprefixes);
        check_pos(&lines, l->span_range.start, l->span.off, enc);
        check_pos(&lines, l->span_range.end, span_end(l->span), enc);
        check_range(&lines, l->slug_range, l->slug_span, enc);
    }
    if (!binary) check_range(&lines, s->slug_range, s->slug_span, enc);
    text_lines_free(&lines);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    uint8_t pick = data[0];
    const char *text = (const char *)data + 1;
    size_t n = size - 1;
    static const char *const two[] = {"/de/", "/"}; /* a Hugo site: longest first */
    static const char *const paths[] = {"Texts/English/account-manager.md", "abstraction/index.md"};
    static const enum text_encoding encs[] = {TEXT_UTF16, TEXT_UTF8, TEXT_UTF32, TEXT_UTF16};
    struct analysis_opts opts = engine->opts;
    opts.ranges = 1;
    opts.range_encoding = encs[pick & 3];
    opts.slug_source = (pick >> 2 & 3) == 1   ? SLUG_FROM_FOLDER
                       : (pick >> 2 & 3) == 2 ? SLUG_FROM_FRONTMATTER
                                              : SLUG_FROM_FILENAME;
    opts.slug_field = "id";
    if (pick & 0x10) {
        opts.prefixes = two;
        opts.nprefixes = 2;
    }
    if (pick & 0x20) opts.npatterns = 0;
    opts.highlights_required = !(pick & 0x40);
    opts.memo_key = memo_keys[pick];
    struct summary *s = summary_new(text, n, paths[pick >> 7], &opts);
    check_summary(s, text, n, &opts);
    struct summary *m = summary_new_memo(text, n, paths[pick >> 7], &opts, memo);
    FUZZ_CHECK(summary_difference(s, m) == NULL);
    summary_free(m);
    summary_free(s);
    return 0;
}
