/* test_summary.c — unit tests of lsp/analysis/summary.c: what an article's summary holds (slug by
 * each source, title fallback, keywords, heading ids, links, highlights bullets) and its own
 * findings (highlights rules, no-space headings, dash bullets, schema violations, encoding). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>

#include "json_value.h"
#include "slab.h"
#include "slugify.h"
#include "summary.h"
#include "summary_compare.h"
#include "text.h"

static const char *const prefixes[] = {"/"};
static char *names[3];
static const char *const labels[] = {"Highlights", "Key Takeaways", "Høydepunkter"};
static struct schema *schema;

static int setup(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++) names[i] = slugify_fold(labels[i], strlen(labels[i]), NULL);
    char err[200];
    struct value *doc = json_value_parse(schema_default_json, schema_default_json_len, err,
                                         sizeof err);
    schema = schema_compile(doc, NULL);
    value_free(doc);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (int i = 0; i < 3; i++) free(names[i]);
    schema_free(schema);
    return 0;
}

static struct analysis_opts opts(void)
{
    struct analysis_opts o = {0};
    o.prefixes = prefixes;
    o.nprefixes = 1;
    o.highlight_names = (const char *const *)names;
    o.highlight_labels = labels;
    o.nhighlight_names = 3;
    o.highlights_min_items = 1;
    o.highlights_required = 1;
    o.schema = schema;
    return o;
}

static size_t count_code(const struct summary *s, enum finding_code code)
{
    size_t n = 0;
    for (size_t i = 0; i < s->findings.count; i++) n += s->findings.items[i].code == code;
    return n;
}

static struct summary *build(const char *text, const char *path, const struct analysis_opts *o)
{
    return summary_new(text, strlen(text), path, o);
}

static void test_complete_article(void **state)
{
    (void)state;
    const char *t = "---\nkeywords: Investing, Financial Ratios ,\ntitle: Return on Investment\n"
                    "description: ROI measures profit.\n---\n\n# Return on Investment\n\n"
                    "## What Is ROI?\n\nSee [NPV](/net-present-value#hva-er-npv) and "
                    "[me](/roi).\n\n## What Is ROI?\n\n## Key Takeaways:\n\n- First *point*.\n"
                    "- Second point\n  over two lines.\n";
    struct analysis_opts o = opts();
    struct summary *s = build(t, "Texts/English/roi.md", &o);
    assert_int_equal(s->findings.count, 0);
    assert_string_equal(s->slug, "roi");
    assert_string_equal(s->title, "Return on Investment");
    assert_string_equal(s->description, "ROI measures profit.");
    assert_int_equal(s->nkeywords, 2);
    assert_string_equal(s->keywords[1], "Financial Ratios");
    assert_int_equal(s->nheadings, 4);
    assert_string_equal(s->headings[1].id, "what-is-roi");
    assert_string_equal(s->headings[2].id, "what-is-roi-1");
    assert_int_equal(s->nlinks, 2);
    assert_string_equal(s->links[0].slug, "net-present-value");
    assert_string_equal(s->links[0].fragment, "hva-er-npv");
    assert_int_equal(s->highlights_heading, 3);
    assert_int_equal(s->highlights_items, 2);
    assert_int_equal(s->nhighlights, 2);
    assert_string_equal(s->highlights[0], "First *point*.");
    assert_string_equal(s->highlights[1], "Second point");
    assert_non_null(summary_heading_by_id(s, "what-is-roi-1"));
    assert_null(summary_heading_by_id(s, "nope"));
    summary_free(s);
}

struct rule_case {
    const char *name;
    const char *body; /* after a valid front matter */
    enum finding_code code;
    size_t count;
};

static const struct rule_case rules[] = {
    {"missing", "# T\n\n## Summary\n\n- x\n", FINDING_HIGHLIGHTS_MISSING, 1},
    {"present", "# T\n\n## Highlights\n\n- x\n", FINDING_HIGHLIGHTS_MISSING, 0},
    {"empty", "# T\n\n## Highlights\n\nProse.\n\n## Next\n\n- x\n", FINDING_HIGHLIGHTS_EMPTY, 1},
    {"subheading inside the section counts its list", "## Highlights\n\n### Sub\n\n- x\n",
     FINDING_HIGHLIGHTS_EMPTY, 0},
    {"no-space explains the missing section", "# T\n\n##Høydepunkter\n\n- x\n",
     FINDING_HIGHLIGHTS_MISSING, 0},
    {"no-space is reported", "# T\n\n##Høydepunkter\n\n- x\n", FINDING_HEADING_NO_SPACE, 1},
    {"single hash for a highlights name", "# T\n\n#Highlights\n\n- x\n",
     FINDING_HEADING_NO_SPACE, 1},
    {"hashtag is left alone", "# T\n\n#hashtag here\n\n## Highlights\n\n- x\n",
     FINDING_HEADING_NO_SPACE, 0},
    {"dash bullets fill the section", "## Highlights\n\n– a\n\n— b\n", FINDING_HIGHLIGHTS_EMPTY,
     0},
    {"dash bullets are reported", "## Highlights\n\n– a\n\n— b\n", FINDING_LIST_DASH_BULLET, 2},
    {"en dash inside a sentence is fine", "## Highlights\n\n- a – b\n", FINDING_LIST_DASH_BULLET,
     0},
    {"setext highlights", "Highlights\n==========\n\n* x\n", FINDING_HIGHLIGHTS_MISSING, 0},
};

static void test_structure_rules(void **state)
{
    (void)state;
    struct analysis_opts o = opts();
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++) {
        char text[512];
        snprintf(text, sizeof text, "---\ntitle: T\ndescription: D\n---\n\n%s", rules[i].body);
        struct summary *s = build(text, "a.md", &o);
        if (count_code(s, rules[i].code) != rules[i].count)
            fail_msg("%s: %zu of code %d, want %zu", rules[i].name, count_code(s, rules[i].code),
                     rules[i].code, rules[i].count);
        summary_free(s);
    }
    /* required: false and min_items */
    o.highlights_required = 0;
    struct summary *s = build("---\ntitle: T\ndescription: D\n---\n# T\n", "a.md", &o);
    assert_int_equal(s->findings.count, 0);
    summary_free(s);
    o.highlights_min_items = 3;
    s = build("---\ntitle: T\ndescription: D\n---\n## Highlights\n- a\n- b\n", "a.md", &o);
    assert_int_equal(count_code(s, FINDING_HIGHLIGHTS_EMPTY), 1);
    assert_non_null(strstr(s->findings.items[0].message, "has 2 list items; at least 3 are needed"));
    summary_free(s);
}

static void test_slug_sources(void **state)
{
    (void)state;
    struct analysis_opts o = opts();
    const char *t = "---\nid: \"pod\"\ntitle: Pod\ndescription: D\n---\n## Highlights\n- x\n";
    struct summary *s = build(t, "content/en/pod/index.md", &o);
    assert_string_equal(s->slug, "index");
    summary_free(s);
    o.slug_source = SLUG_FROM_FOLDER;
    s = build(t, "content/en/pod/index.md", &o);
    assert_string_equal(s->slug, "pod");
    summary_free(s);
    s = build(t, "content/en/pod/other.md", &o);
    assert_string_equal(s->slug, "other");
    summary_free(s);
    o.slug_source = SLUG_FROM_FRONTMATTER;
    o.slug_field = "id";
    o.schema = NULL;
    s = build(t, "x/whatever.md", &o);
    assert_string_equal(s->slug, "pod");
    assert_int_equal(s->slug_span.len, 3); /* inside the quotes */
    assert_memory_equal(t + s->slug_span.off, "pod", 3);
    summary_free(s);
    s = build("---\ntitle: T\n---\n", "x/fallback.md", &o); /* no id: the file name */
    assert_string_equal(s->slug, "fallback");
    summary_free(s);
    char *p = summary_slug_from_path("README.md", SLUG_FROM_FOLDER);
    assert_string_equal(p, "README"); /* a README at the root has no folder to name it */
    free(p);
}

static void test_front_matter_findings(void **state)
{
    (void)state;
    struct analysis_opts o = opts();
    /* a YAML error: only the syntax finding, no schema noise */
    struct summary *s = build("---\ntitle: [\n---\n## Highlights\n- x\n", "a.md", &o);
    assert_int_equal(s->findings.count, 1);
    assert_int_equal(s->findings.items[0].code, FINDING_FRONTMATTER_SYNTAX);
    summary_free(s);
    /* an empty block: the schema's required keys, on the opening --- */
    s = build("---\n---\n## Highlights\n- x\n", "a.md", &o);
    assert_int_equal(count_code(s, FINDING_FRONTMATTER_SCHEMA), 2);
    assert_int_equal(s->findings.items[0].span.off, 0);
    assert_int_equal(s->findings.items[0].span.len, 3);
    summary_free(s);
    /* unknown keys have their own code (same public name) */
    s = build("---\ntitle: T\ndescription: D\nauthor: A\n---\n## Highlights\n- x\n", "a.md", &o);
    assert_int_equal(count_code(s, FINDING_FRONTMATTER_UNKNOWN_KEY), 1);
    assert_string_equal(finding_code_name(FINDING_FRONTMATTER_UNKNOWN_KEY), "frontmatter.schema");
    summary_free(s);
    /* the title falls back to the first H1 */
    s = build("---\ndescription: D\n---\n# Fra overskriften\n## Highlights\n- x\n", "a.md", &o);
    assert_string_equal(s->title, "Fra overskriften");
    summary_free(s);
}

static void test_link_patterns(void **state)
{
    (void)state;
    struct analysis_opts o = opts();
    regex_t re;
    assert_int_equal(regcomp(&re, "\\{\\{< *term id=\"([^\"]+)\"", REG_EXTENDED | REG_NEWLINE), 0);
    o.patterns = &re;
    o.npatterns = 1;
    const char *t = "---\ntitle: T\ndescription: D\n---\nSee {{< term id=\"pod\" >}} and "
                    "[x](/node).\n\n    {{< term id=\"in-code\" >}}\n\n## Highlights\n- "
                    "{{< term id=\"æøå\" >}}\n";
    struct summary *s = build(t, "a.md", &o);
    assert_int_equal(s->nlinks, 3);
    assert_string_equal(s->links[0].slug, "pod");
    assert_int_equal(s->links[0].syntax, LINK_SYNTAX_PATTERN);
    assert_int_equal(s->links[0].prefix, -1);
    assert_memory_equal(t + s->links[0].slug_span.off, "pod", 3);
    assert_string_equal(s->links[1].slug, "node"); /* sorted by position */
    assert_string_equal(s->links[2].slug, "æøå");
    summary_free(s);
    regfree(&re);
}

static void test_encoding(void **state)
{
    (void)state;
    struct analysis_opts o = opts();
    const char bin[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    struct summary *s = summary_new(bin, sizeof bin - 1, "img.md", &o);
    assert_int_equal(s->findings.count, 1);
    assert_int_equal(s->findings.items[0].code, FINDING_FILE_ENCODING);
    assert_int_equal(s->findings.items[0].span.off, 8);
    assert_string_equal(s->slug, "img");
    summary_free(s);
    s = summary_new("", 0, "empty.md", &o);
    assert_int_equal(count_code(s, FINDING_FRONTMATTER_MISSING), 1);
    summary_free(s);
}

/* With ranges, positions are kept in the session's encoding only: on a line with an emoji and
 * 'æ' before the link, the character differs per encoding. */
static void test_ranges_in_encoding(void **state)
{
    (void)state;
    const char *text = "---\ntitle: T\n---\n# T\n\xF0\x9F\x98\x80 \xC3\xA6 [x](/roi)\n";
    const uint32_t want[3] = {8, 5, 4}; /* "😀 æ " in UTF-8 bytes, UTF-16 units, code points */
    for (int enc = TEXT_UTF8; enc <= TEXT_UTF32; enc++) {
        struct analysis_opts o = opts();
        o.ranges = 1;
        o.range_encoding = enc;
        struct summary *s = build(text, "no/t.md", &o);
        assert_int_equal(s->nlinks, 1);
        assert_int_equal(s->links[0].span_range.start.line, 4);
        assert_int_equal(s->links[0].span_range.start.character, want[enc]);
        assert_int_equal(s->links[0].span_range.end.character, want[enc] + 9);
        assert_int_equal(s->links[0].slug_range.start.character, want[enc] + 5);
        assert_int_equal(s->title_range.start.line, 3);
        summary_free(s);
    }
}

/* ---- summary_pack --------------------------------------------------------------------------- */

/* A packed summary holds exactly what the unpacked one did, in its own block. */
static void assert_same_summary(const struct summary *a, const struct summary *b)
{
    const char *differs = summary_difference(a, b);
    if (differs) fail_msg("the summaries differ in %s", differs);
}

static const char *const pack_cases[] = {
    /* keywords, headings, links with fragments, highlights, a code span, ranges */
    "---\nkeywords: Investing, Ratios\ntitle: Return on Investment\ndescription: ROI.\n---\n\n"
    "# Return on Investment\n\n## What Is ROI? 😀\n\nSee `code` [NPV](/npv#hva-er-npv) and "
    "[æøå](/æøå).\n\n## Key Takeaways\n\n- First\n- Second\n",
    /* findings with related information (a duplicate key) and suggestions (a schema enum) */
    "---\ntitle: A\ntitle: B\nstatus: nope\n---\n\n# A\n\n##Highlights\n– dash\n",
    /* nothing but a NUL: one finding, no front matter */
    "bin\0ary",
    "",
};

static void pack_all(void)
{
    struct analysis_opts o = opts();
    o.ranges = 1;
    o.range_encoding = TEXT_UTF16;
    for (size_t i = 0; i < sizeof pack_cases / sizeof *pack_cases; i++) {
        size_t len = i == 2 ? 7 : strlen(pack_cases[i]);
        struct summary *plain = summary_new(pack_cases[i], len, "Texts/English/x.md", &o);
        struct summary *packed =
            summary_pack(summary_new(pack_cases[i], len, "Texts/English/x.md", &o));
        assert_false(plain->packed);
        assert_true(packed->packed);
        assert_same_summary(plain, packed);
        assert_ptr_equal(summary_pack(packed), packed); /* packing twice changes nothing */
        summary_free(plain);
        summary_free(packed);
    }
}

static void *pack_in_chunks(void *arg)
{
    (void)arg;
    slab_thread_begin();
    pack_all();
    /* blocks outlive the thread's cutting: freed after slab_thread_end, from another thread */
    struct analysis_opts o = opts();
    struct summary **kept = malloc(2000 * sizeof *kept);
    for (int i = 0; i < 2000; i++) /* more than one 2 MiB chunk */
        kept[i] = summary_pack(summary_new(pack_cases[0], strlen(pack_cases[0]), "x.md", &o));
    slab_thread_end();
    return kept;
}

/* A document typed in, as the server analyses it again after every change: summary_new_memo
 * gives what summary_new gives, below the front matter (where the memo is used) and in it, with
 * it removed, unclosed, closed at the text's very end and then written on, with CRLF and CR line
 * ends, after a BOM, with schema findings that carry suggestions and a duplicate key with its
 * related place, with invalid UTF-8 in the block and a NUL in the text. */
static const char *const memo_texts[] = {
    "---\ntitle: A\ndescription: D\nstatus: nope\n---\n\n# A\n\n## Highlights\n\n- x\n",
    "---\ntitle: A\ndescription: D\nstatus: nope\n---\n\n# A\n\n## Highlights\n\n- x\n- y\n",
    "---\ntitle: A\ndescription: D\nstatus: nope\n---\n\n# B [l](/x)\n",
    "---\ntitle: A\ndescription: D\nstatus: draft\n---\n\n# B [l](/x)\n",
    "---\ntitle: A\ntitle: B\nkeywords: a, b ,c\n---\n\n# B [l](/x)\n",
    "---\ntitle: A\ntitle: B\nkeywords: a, b ,c\n---\n\n# B [l](/x) more\n",
    "---\ntitle: A\ntitle: B\nkeywords: a, b ,c\n---", /* closed at the end, no line feed */
    "---\ntitle: A\ntitle: B\nkeywords: a, b ,c\n---x\n# Now unclosed\n",
    "---\ntitle: A\ntitle: B\nkeywords: a, b ,c\n---\n# Closed again\n",
    "---\r\ntitle: Æ\r\ndescription: 😀\r\n---\r\n# Æ\r\n",
    "---\r\ntitle: Æ\r\ndescription: 😀\r\n---\r\n# Æ [ø](/ø)\r\n",
    "---\rtitle: C\rdescription: D\r---\r# C\r", /* CR: not kept, read again */
    "---\rtitle: C\rdescription: D\r---\r\n# C\r\n",
    "\xEF\xBB\xBF---\ntitle: BOM\ndescription: D\n---\n# BOM\n",
    "\xEF\xBB\xBF---\ntitle: BOM\ndescription: D\n---\n# BOM, edited\n",
    "---\ntitle: \xFF\ndescription: D\n---\n# Bad byte\n",
    "---\ntitle: \xFF\ndescription: D\n---\n# Bad byte, edited\n",
    "# No front matter\n",
    "---\ntitle: A\ndescription: D\nstatus: nope\n---\n\n# A\n",
};

static size_t schema_findings(const struct summary *s)
{
    return count_code(s, FINDING_FRONTMATTER_SCHEMA) +
           count_code(s, FINDING_FRONTMATTER_UNKNOWN_KEY);
}

static void compare_memo_run(struct summary_memo *m, const struct analysis_opts *o)
{
    for (size_t i = 0; i < sizeof memo_texts / sizeof *memo_texts; i++) {
        const char *text = memo_texts[i];
        struct summary *want = summary_new(text, strlen(text), "Texts/English/a.md", o);
        struct summary *got = summary_new_memo(text, strlen(text), "Texts/English/a.md", o, m);
        const char *differs = summary_difference(want, got);
        if (differs) fail_msg("text %zu: the summaries differ in %s", i, differs);
        summary_free(want);
        summary_free(got);
    }
    /* with a NUL: nothing of the front matter is read */
    static const char nul[] = "---\ntitle: A\ndescription: D\n---\n\0";
    struct summary *want = summary_new(nul, sizeof nul - 1, "Texts/English/a.md", o);
    struct summary *got = summary_new_memo(nul, sizeof nul - 1, "Texts/English/a.md", o, m);
    assert_null(summary_difference(want, got));
    summary_free(want);
    summary_free(got);
}

static void test_memo(void **state)
{
    (void)state;
    struct analysis_opts o = opts();
    o.ranges = 1;
    o.range_encoding = TEXT_UTF16;
    o.slug_source = SLUG_FROM_FRONTMATTER;
    o.slug_field = "title";
    o.memo_key = summary_memo_key();
    assert_true(o.memo_key != 0 && summary_memo_key() != o.memo_key);
    struct summary_memo *m = summary_memo_new();
    compare_memo_run(m, &o);
    compare_memo_run(m, &o); /* the memo of the last text of one run, at the first of the next */
    /* The key decides: the same key with another schema (a caller's error, on purpose) reuses
     * the findings of the first, which shows the memo was used; a new key reads it again. */
    const char *a = memo_texts[0], *b = memo_texts[1];
    summary_free(summary_new_memo(a, strlen(a), "Texts/English/a.md", &o, m));
    struct analysis_opts none = o;
    none.schema = NULL;
    struct summary *stale = summary_new_memo(b, strlen(b), "Texts/English/a.md", &none, m);
    assert_true(schema_findings(stale) > 0);
    summary_free(stale);
    none.memo_key = summary_memo_key();
    struct summary *fresh = summary_new_memo(b, strlen(b), "Texts/English/a.md", &none, m);
    assert_int_equal(schema_findings(fresh), 0);
    summary_free(fresh);
    none.memo_key = 0; /* never memoised */
    compare_memo_run(m, &none);
    summary_memo_free(m);
    summary_memo_free(NULL);
}

/* Two threads cutting at the same time: each packs one summary between two barriers. */
static pthread_barrier_t both;

static void *pack_one_while_other_cuts(void *arg)
{
    (void)arg;
    slab_thread_begin();
    pthread_barrier_wait(&both);
    struct analysis_opts o = opts();
    struct summary *s = summary_pack(summary_new(pack_cases[0], strlen(pack_cases[0]), "x.md", &o));
    pthread_barrier_wait(&both);
    slab_thread_end();
    return s;
}

/* Threads that cut at the same time cut from one chunk: the indexer's workers must not end with
 * a partly cut 2 MiB huge page each. */
static void test_pack_shared_chunk(void **state)
{
    (void)state;
    pthread_barrier_init(&both, NULL, 2);
    pthread_t t[2];
    void *s[2];
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&t[i], NULL, pack_one_while_other_cuts, NULL), 0);
    for (int i = 0; i < 2; i++) pthread_join(t[i], &s[i]);
    pthread_barrier_destroy(&both);
    struct analysis_opts o = opts();
    struct summary *want = summary_new(pack_cases[0], strlen(pack_cases[0]), "x.md", &o);
    for (int i = 0; i < 2; i++) assert_same_summary(want, s[i]);
#if !defined(__SANITIZE_ADDRESS__) /* there, every block is malloc's */
    uintptr_t chunk_mask = ~(uintptr_t)((2u << 20) - 1);
    assert_true(((uintptr_t)s[0] & chunk_mask) == ((uintptr_t)s[1] & chunk_mask));
#endif
    for (int i = 0; i < 2; i++) summary_free(s[i]);
    summary_free(want);
}

static void test_pack(void **state)
{
    (void)state;
    pack_all(); /* blocks from malloc */
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, pack_in_chunks, NULL), 0);
    void *kept;
    pthread_join(t, &kept);
    struct analysis_opts o = opts();
    struct summary *want = summary_new(pack_cases[0], strlen(pack_cases[0]), "x.md", &o);
    struct summary **k = kept;
    uintptr_t chunk_mask = ~(uintptr_t)((2u << 20) - 1);
    uintptr_t *chunks = malloc(2000 * sizeof *chunks);
    for (int i = 0; i < 2000; i++) {
        assert_same_summary(want, k[i]);
        chunks[i] = (uintptr_t)k[i] & chunk_mask;
        summary_free(k[i]);
    }
    free(kept);
    /* every chunk went back to the kernel: packing again reuses them, and what is packed there
     * is whole */
    assert_int_equal(pthread_create(&t, NULL, pack_in_chunks, NULL), 0);
    pthread_join(t, &kept);
    k = kept;
    int reused = 0;
    for (int i = 0; i < 2000; i++) {
        assert_same_summary(want, k[i]);
        for (int j = 0; j < 2000 && !reused; j++)
            reused = ((uintptr_t)k[i] & chunk_mask) == chunks[j];
        summary_free(k[i]);
    }
#if !defined(__SANITIZE_ADDRESS__) /* there, every block is malloc's */
    assert_true(reused);
#endif
    free(chunks);
    free(kept);
    summary_free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_complete_article), cmocka_unit_test(test_structure_rules),
        cmocka_unit_test(test_slug_sources),     cmocka_unit_test(test_front_matter_findings),
        cmocka_unit_test(test_link_patterns),    cmocka_unit_test(test_encoding),
        cmocka_unit_test(test_ranges_in_encoding), cmocka_unit_test(test_pack),
        cmocka_unit_test(test_pack_shared_chunk), cmocka_unit_test(test_memo),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
