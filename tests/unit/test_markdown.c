/* test_markdown.c — unit tests of lsp/analysis/markdown.c and mdlink.c: every link found at its
 * exact bytes where cmark's own positions are wrong (lazy lines, multi-line text, definitions),
 * reference definitions and their uses, headings, lists, and the "##X" / "– x" defects. The cmark
 * walk is called directly; test_markdown_fast.c holds the one-pass reader to it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "markdown_int.h"

static void assert_range(const char *text, struct span s, const char *want)
{
    if (s.len != strlen(want) || memcmp(text + s.off, want, s.len) != 0)
        fail_msg("range %u+%u is '%.*s', want '%s'", s.off, s.len, (int)s.len, text + s.off, want);
}

static struct md_outline parse(const char *text, uint32_t body_off)
{
    struct md_outline md;
    md_outline_cmark(text, strlen(text), body_off, 0, &md); /* the walk, whatever the text */
    return md;
}

/* Every link's destination, and whole span, must be what the table says, in order. */
struct link_want {
    const char *dest; /* text of the dest span */
    const char *url;  /* cmark's decoded url */
    const char *span; /* text of the whole span */
    enum md_link_kind kind;
};

static void check_links(const char *name, const char *text, const struct link_want *want, size_t n)
{
    struct md_outline md = parse(text, 0);
    if (md.nlinks != n) fail_msg("%s: %zu links, want %zu", name, md.nlinks, n);
    for (size_t i = 0; i < n; i++) {
        assert_range(text, md.links[i].dest, want[i].dest);
        assert_string_equal(md.links[i].url, want[i].url);
        if (want[i].span) assert_range(text, md.links[i].span, want[i].span);
        assert_int_equal(md.links[i].kind, want[i].kind);
    }
    md_outline_clear(&md);
}

static void test_inline_links(void **state)
{
    (void)state;
    const char *t1 = "På norsk 😀 [avkastning på investeringen](/returnoninvestment) og "
                     "[b](</med mellomrom> \"tittel\") [c](/a\\_b&amp;c 'x') [d](/x(y)z).\n";
    const struct link_want w1[] = {
        {"/returnoninvestment", "/returnoninvestment",
         "[avkastning på investeringen](/returnoninvestment)", MD_LINK_INLINE},
        {"/med mellomrom", "/med mellomrom", "[b](</med mellomrom> \"tittel\")", MD_LINK_INLINE},
        {"/a\\_b&amp;c", "/a_b&c", "[c](/a\\_b&amp;c 'x')", MD_LINK_INLINE},
        {"/x(y)z", "/x(y)z", "[d](/x(y)z)", MD_LINK_INLINE},
    };
    check_links("inline", t1, w1, 4);

    /* text across lines; lazy continuation in a block quote (cmark misplaces both) */
    const char *t2 = "> q [w](/w)\nlazy [v](/v)\n\n- item\n  [u](/u)\n  [multi\n  line](/m)\n";
    const struct link_want w2[] = {
        {"/w", "/w", "[w](/w)", MD_LINK_INLINE},
        {"/v", "/v", "[v](/v)", MD_LINK_INLINE},
        {"/u", "/u", "[u](/u)", MD_LINK_INLINE},
        {"/m", "/m", "[multi\n  line](/m)", MD_LINK_INLINE},
    };
    check_links("lazy and multi-line", t2, w2, 4);

    /* same destination twice, code spans with brackets, images skipped, autolinks */
    const char *t3 = "`[x](/no)` [a](/s) [a](/s) ![img](/i.png) ![alt [in](/in)](/p.png) "
                     "<https://example.com/x> <ola@example.com> [b `]` c](/t)\n";
    const struct link_want w3[] = {
        {"/s", "/s", NULL, MD_LINK_INLINE},
        {"/s", "/s", NULL, MD_LINK_INLINE},
        {"https://example.com/x", "https://example.com/x", "<https://example.com/x>",
         MD_LINK_INLINE},
        {"ola@example.com", "mailto:ola@example.com", "<ola@example.com>", MD_LINK_INLINE},
        {"/t", "/t", "[b `]` c](/t)", MD_LINK_INLINE},
    };
    check_links("code, images, autolinks", t3, w3, 5);
    struct md_outline md = parse(t3, 0);
    assert_int_equal(md.links[1].span.off, strstr(strstr(t3, "[a](/s)") + 1, "[a](/s)") - t3);
    md_outline_clear(&md);
}

static void test_reference_definitions(void **state)
{
    (void)state;
    const char *t = "para [roi] and [Return][ROI] and [npv][] [nope]\n\n"
                    "[roi]: /returnoninvestment \"Return\"\n[npv]:\n  /net-present-value\n"
                    "[dup]: /first\n[dup]: /second\n[titled]: /t\n  'on the next line'\n\n"
                    "text\n[notdef]: /mid-paragraph\n\n```\n[code]: /in-code\n```\n"
                    "> [quoted]: /q\n\n[ROI] again [dup]\n";
    struct md_outline md = parse(t, 0);
    size_t defs = 0;
    for (size_t i = 0; i < md.nlinks; i++) defs += md.links[i].kind == MD_LINK_REFDEF;
    assert_int_equal(defs, 6); /* roi, npv, dup, dup, titled, quoted */
    assert_int_equal(md.nlinks, 6);
    const struct md_link *roi = &md.links[0];
    assert_int_equal(roi->kind, MD_LINK_REFDEF);
    assert_range(t, roi->dest, "/returnoninvestment");
    assert_range(t, roi->span, "[roi]: /returnoninvestment \"Return\"");
    assert_string_equal(roi->label, "roi");
    assert_int_equal(roi->uses, 3); /* [roi], [Return][ROI], [ROI] */
    assert_range(t, md.links[1].dest, "/net-present-value");
    assert_int_equal(md.links[1].uses, 1);
    assert_range(t, md.links[2].dest, "/first");
    assert_int_equal(md.links[2].uses, 1); /* the first definition wins */
    assert_int_equal(md.links[3].uses, 0);
    assert_range(t, md.links[4].span, "[titled]: /t\n  'on the next line'");
    assert_range(t, md.links[5].dest, "/q");
    md_outline_clear(&md);

    /* Found by tests/fuzz/fuzz_summary: definitions only (no inline link), one found in a
     * paragraph cmark kept and one on a line it took, came out of source order. */
    const char *two = "[o]:/\"\n\n[w]:/s\n-";
    md = parse(two, 0);
    assert_int_equal(md.nlinks, 2);
    assert_range(two, md.links[0].dest, "/\"");
    assert_range(two, md.links[1].dest, "/s");
    md_outline_clear(&md);

    /* Found by tests/fuzz/fuzz_outline: a label defined twice, first in a paragraph of
     * definitions only (cmark took its lines) and then at the start of a paragraph cmark kept.
     * The first in the source wins, so the use counts for it, not for the one found first. */
    const char *twice = "[a]: /first\n\n[a]: /second\ntext\n\n[a]\n";
    md = parse(twice, 0);
    assert_int_equal(md.nlinks, 2);
    assert_range(twice, md.links[0].dest, "/first");
    assert_int_equal(md.links[0].uses, 1);
    assert_range(twice, md.links[1].dest, "/second");
    assert_int_equal(md.links[1].uses, 0);
    md_outline_clear(&md);

    /* Found by tests/fuzz/fuzz_outline: a paragraph that starts with a definition cmark took is
     * not searched from that definition, whose label would pass for a use of it when another
     * label has the same destination. */
    const char *lead = "[b]: /x\ntext [a]\n\n[a]: /x\n";
    md = parse(lead, 0);
    assert_int_equal(md.nlinks, 2);
    assert_string_equal(md.links[0].label, "b");
    assert_int_equal(md.links[0].uses, 0);
    assert_string_equal(md.links[1].label, "a");
    assert_int_equal(md.links[1].uses, 1);
    md_outline_clear(&md);
}

static void test_headings(void **state)
{
    (void)state;
    const char *t = "# Tittel med *vekt* og `kode` #\n\nKey Takeaways:\n--------------\n\n"
                    "- ## Inne i liste\n\n##Høydepunkter\n\n  ### Innrykket ###   \n";
    struct md_outline md = parse(t, 0);
    assert_int_equal(md.nheadings, 4); /* "## Inne i liste" inside the list item counts */
    assert_int_equal(md.headings[0].level, 1);
    assert_range(t, md.headings[0].span, "# Tittel med *vekt* og `kode` #");
    assert_range(t, md.headings[0].text, "Tittel med *vekt* og `kode`");
    assert_string_equal(md.headings[0].plain, "Tittel med vekt og kode");
    assert_true(md.headings[1].setext);
    assert_int_equal(md.headings[1].level, 2);
    assert_range(t, md.headings[1].text, "Key Takeaways:");
    assert_range(t, md.headings[2].text, "Inne i liste");
    assert_range(t, md.headings[3].text, "Innrykket");
    assert_range(t, md.headings[3].span, "### Innrykket ###");
    assert_int_equal(md.nlists, 1);
    assert_int_equal(md.nnospace, 1);
    md_outline_clear(&md);
    const char *t2 = "- ## Inne i liste\n";
    md = parse(t2, 0);
    assert_int_equal(md.nheadings, 1);
    assert_range(t2, md.headings[0].text, "Inne i liste");
    md_outline_clear(&md);
}

static void test_defects(void **state)
{
    (void)state;
    const char *t = "##Høydepunkter\n\n– første\n— andre\n\n> ###Sitat\n> – i sitat\n\n"
                    "```\n##IkkeHeading\n– ikke\n```\n\n#hashtag og ## ekte\n\n- liste\n";
    struct md_outline md = parse(t, 0);
    assert_int_equal(md.nnospace, 3);
    assert_range(t, md.nospace[0].span, "##Høydepunkter");
    assert_int_equal(md.nospace[0].hashes, 2);
    assert_range(t, md.nospace[0].text, "Høydepunkter");
    assert_range(t, md.nospace[1].span, "###Sitat");
    assert_range(t, md.nospace[2].span, "#hashtag og ## ekte");
    assert_int_equal(md.nospace[2].hashes, 1);
    assert_int_equal(md.ndashes, 3);
    assert_range(t, md.dashes[0].dash, "–");
    assert_range(t, md.dashes[0].line, "– første");
    assert_range(t, md.dashes[1].dash, "—");
    assert_range(t, md.dashes[2].line, "– i sitat");
    assert_int_equal(md.ncode, 1);
    assert_range(t, md.code[0], "```\n##IkkeHeading\n– ikke\n```");
    assert_int_equal(md.nlists, 1);
    assert_int_equal(md.lists[0].items, 1);
    assert_range(t, md.lists[0].item_spans[0], "- liste");
    md_outline_clear(&md);
}

static void test_line_ends_and_bytes(void **state)
{
    (void)state;
    const char *crlf = "# T\r\n\r\nSe [a](/a)\r\nog [b](/b)\r\n\r\n- x\r\n- y\r\n";
    struct md_outline md = parse(crlf, 0);
    assert_int_equal(md.nlinks, 2);
    assert_range(crlf, md.links[1].span, "[b](/b)");
    assert_range(crlf, md.headings[0].span, "# T");
    assert_int_equal(md.lists[0].items, 2);
    assert_range(crlf, md.lists[0].item_spans[1], "- y");
    md_outline_clear(&md);

    const char *cr = "# T\r\rSe [a](/a)\rog [b](/b)\r";
    md = parse(cr, 0);
    assert_int_equal(md.nlinks, 2);
    assert_range(cr, md.links[1].dest, "/b");
    md_outline_clear(&md);

    /* a NUL and an invalid byte before links on the same line keep offsets true */
    const char bytes[] = "x\0y [a](/a) caf\xE9 [b](/b)\n";
    md_outline_parse(bytes, sizeof bytes - 1, 0, &md);
    assert_int_equal(md.nlinks, 2);
    assert_range(bytes, md.links[0].dest, "/a");
    assert_range(bytes, md.links[1].dest, "/b");
    md_outline_clear(&md);

    /* the same after ASCII runs longer than a word (the scan goes eight bytes at a time),
     * at every alignment */
    for (size_t pad = 0; pad < 9; pad++) {
        char buf[96];
        int n = snprintf(buf, sizeof buf, "%.*sabcdefghijklmnop", (int)pad, "xxxxxxxx");
        static const char tail[] = "\0q\xFF [a](/a) caf\xE9 [b](/b)\n";
        memcpy(buf + n, tail, sizeof tail);
        md_outline_parse(buf, (size_t)n + sizeof tail - 1, 0, &md);
        assert_int_equal(md.nlinks, 2);
        assert_range(buf, md.links[0].dest, "/a");
        assert_range(buf, md.links[1].dest, "/b");
        md_outline_clear(&md);
        n = snprintf(buf, sizeof buf, "%.*sabcdefghijklmnop\n\xE2\x80\x93 item\n", (int)pad,
                     "xxxxxxxx");
        md = parse(buf, 0);
        assert_int_equal(md.ndashes, 1);
        md_outline_clear(&md);
    }

    /* code spans: escaped backticks open none, an even run of backslashes does not escape */
    const char *code = "# H\n\nx \\`[a](/a)\\` y \\\\`[b](/b)` z `unclosed [c](/c)\n";
    md = parse(code, 0);
    assert_int_equal(md.ncode, 1);
    assert_range(code, md.code[0], "`[b](/b)`");
    md_outline_clear(&md);

    /* a BOM without front matter */
    const char *bom = "\xEF\xBB\xBF# Tittel\n[a](/a)\n";
    md = parse(bom, 0);
    assert_int_equal(md.nheadings, 1);
    assert_range(bom, md.headings[0].text, "Tittel");
    assert_range(bom, md.links[0].dest, "/a");
    md_outline_clear(&md);

    md = parse("", 0);
    assert_int_equal(md.nlinks + md.nheadings + md.nlists, 0);
    md_outline_clear(&md);
}

static void test_front_matter_blanked(void **state)
{
    (void)state;
    const char *t = "---\ntitle: x\n# not a heading\n[l]: /not-a-def\n---\n\n# Heading\n[a](/a)\n";
    uint32_t body = (uint32_t)(strstr(t, "\n\n# Heading") - t + 1);
    struct md_outline md = parse(t, body);
    assert_int_equal(md.nheadings, 1);
    assert_range(t, md.headings[0].text, "Heading");
    assert_int_equal(md.nlinks, 1);
    assert_range(t, md.links[0].dest, "/a");
    md_outline_clear(&md);
    md = parse(t, (uint32_t)strlen(t)); /* body_off at the end: nothing */
    assert_int_equal(md.nlinks + md.nheadings, 0);
    md_outline_clear(&md);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_inline_links),      cmocka_unit_test(test_reference_definitions),
        cmocka_unit_test(test_headings),          cmocka_unit_test(test_defects),
        cmocka_unit_test(test_line_ends_and_bytes), cmocka_unit_test(test_front_matter_blanked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
