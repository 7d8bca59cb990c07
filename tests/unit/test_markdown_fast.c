/* test_markdown_fast.c — unit tests of lsp/analysis/markdown_fast.c: for every article it accepts,
 * its outline must equal the cmark walk's (markdown.c) field by field; articles with constructs
 * outside its subset must be declined. Also holds it to cmark over every Markdown file of the
 * repository's fixtures and sample glossary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu_limit.h"
#include "markdown_int.h"
#include "md_files.h"
#include "outline_compare.h"

static const char *source_root = ".";

/* Reads text both ways; returns whether the fast reader accepted it, failing on any difference. */
static int same_as_cmark(const char *name, const char *text, size_t len, uint32_t body_off)
{
    struct md_outline fast, slow;
    int accepted = md_outline_fast(text, len, body_off, 0, &fast);
    md_outline_cmark(text, len, body_off, 0, &slow);
    if (accepted) {
        char why[512];
        if (!outline_equal(&fast, &slow, why, sizeof why))
            fail_msg("%s: the fast reader differs from cmark: %s", name, why);
        /* and what md_outline_read gives (it picks the fast reader) is the same too */
        struct md_outline read;
        md_outline_read(text, len, body_off, 0, &read);
        assert_true(outline_equal(&read, &slow, why, sizeof why));
        md_outline_clear(&read);
    } else {
        assert_int_equal(fast.nlinks + fast.nheadings + fast.nlists + fast.nnospace, 0);
    }
    md_outline_clear(&fast);
    md_outline_clear(&slow);
    return accepted;
}

static const char *const accepted[] = {
    "# Title\n\nText with [a link](/slug) and æøå 😀.\n",
    "# Title\n## Second\n\nPara one\ncontinues [x](/a#frag) here.\n\nPara two.",
    "Text [a][ref] and [ref] and [Ref] and [other].\n\n[ref]: /target\n",
    "[ref]: /first\n[ref]: /second\n[b]: /b 'title'\n\nUse [ref] and [x][B].\n",
    "## Høydepunkter\n\n- One [link](/one).\n- Two\nlazy line [l](/lazy)\n\n- Three after a blank\n",
    "- item one  \n- item two   \n\nAfter the list.\n\n- a new list\n",
    "Paragraph\n- interrupts with a list\n# and a heading\n- list again\n",
    "##Høydepunkter\n– en dash line\n— em dash line\nText\n##NoSpace again\n",
    "- – a dash in an item\n- ##x in an item is text\n",
    "*Emphasis* with [a *link*](/e) and _under_ [x](/y)*z\n",
    "**Bold start** of a line, and __this__.\n",
    "[a] [b] [a][b] [a](/inline)\n\n[a]: /a\n[b]: /b\n",
    "Literal [brackets] and ] alone and ( parens ) [x](/a_b-c%20d?e=1)\n",
    "# Trailing spaces   \n\nText   \n",
    "#NoSpace\n####### seven hashes\n2020 was a year\n",
    "Heading next\n## Heading\n[def]: /after-heading\nText [def].\n",
    "[def]: /d\nText right after a definition.\n",
    "Text [mid]: not a definition\n\n[mid]: /m\n",
    "[a]: /first\n\n[a]: /second\ntext\n\n[a]\n", /* the first in the source wins */
    "[b]: /x\ntext [a]\n\n[a]: /x\n", /* the use is a's, not the leading definition's */
    "No final newline [x](/y)",
    "",
    "\n\n\n",
    "- [link at item start](/x) text\n- [shortcut] in an item\n\n[shortcut]: /s\n",
    "Emoji 😀 [😀 text](/emoji-😀) and [æøå](/æøå)\n",
    "A | table | row\n|---|---|\n| a | b |\n",
};

static const char *const declined[] = {
    "Text with `code` in it\n",
    "Text with a <https://autolink.example>\n",
    "An &amp; entity\n",
    "A back\\slash\n",
    "Tab\there\n",
    "CRLF line\r\n",
    "    indented code\n",
    "> a quote\n",
    "1. ordered\n",
    "* star item\n",
    "+ plus item\n",
    "Setext\n===\n",
    "Setext\n---\n",
    "***\n",
    "~~~\ncode\n~~~\n",
    "![image](/img.png)\n",
    "[text\nacross lines](/x)\n",
    "[dest with space](/a b)\n",
    "[title](/a \"t\")\n",
    "[](/empty-text)\n",
    "[x]()\n",
    "[x][undefined]\n",
    "[x][]\n",
    "[nested [brackets]](/x)\n",
    "# Heading with *emphasis*\n",
    "# Heading with [link](/x)\n",
    "# Heading #\n",
    "#\n",
    "Para\n[def]: /lazy-definition\n",
    "- item\n[def]: /lazy-in-item\n",
    "[def]:\n/dest-on-next-line\n",
    "[def]: /d\n\"title on the next line\"\n",
    "[def]: /d junk\n",
    "[æøå]: /non-ascii-label\n",
    "[ok]: /d\n\n[æøå] is a shortcut that may fold\n",
    "-no-space item\n",
    "-  two spaces\n",
    "- - nested\n",
    "- # heading in item\n",
    "- [def]: /in-item\n",
    "A NUL \x01 control\n",
    "Invalid \xC3 UTF-8\n",
    "\xEF\xBB\xBF# BOM\n",
};

static void test_accepted_equal_cmark(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof accepted / sizeof *accepted; i++) {
        if (!same_as_cmark(accepted[i], accepted[i], strlen(accepted[i]), 0))
            fail_msg("declined: '%s'", accepted[i]);
    }
}

static void test_declined(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof declined / sizeof *declined; i++) {
        if (same_as_cmark(declined[i], declined[i], strlen(declined[i]), 0))
            fail_msg("accepted: '%s'", declined[i]);
    }
}

static void test_front_matter(void **state)
{
    (void)state;
    const char *t = "---\ntitle: x\n- not a list: [x](/y)\n---\n# Title\n\n[a](/b)\n";
    uint32_t body = (uint32_t)(strstr(t, "# Title") - t);
    assert_true(same_as_cmark("front matter", t, strlen(t), body));
    struct md_outline md;
    assert_true(md_outline_fast(t, strlen(t), body, 0, &md));
    assert_int_equal(md.nlinks, 1);
    assert_int_equal(md.nlists, 0);
    md_outline_clear(&md);
    /* a body that does not start a line is left to cmark */
    assert_false(same_as_cmark("mid-line body", t, strlen(t), body - 2));
}

/* Found by the hostile test: 100,000 definitions and as many uses took 17 s (each definition and
 * each use was looked up among all the definitions). */
static void test_many_definitions(void **state)
{
    (void)state;
    const size_t n = 100000;
    size_t cap = n * 40 + 64, len = 0;
    char *t = malloc(cap);
    for (size_t i = 0; i < n; i++) len += (size_t)snprintf(t + len, cap - len, "[d%zu]: /s%zu\n", i, i);
    len += (size_t)snprintf(t + len, cap - len, "\n");
    for (size_t i = 0; i < n; i++) len += (size_t)snprintf(t + len, cap - len, "[x][D%zu] ", i);
    double start = cpu_seconds();
    struct md_outline md;
    assert_true(md_outline_fast(t, len, 0, 1, &md));
    double s = cpu_seconds() - start;
    assert_int_equal(md.nlinks, n);
    for (size_t i = 0; i < n; i++) assert_int_equal(md.links[i].uses, 1);
    md_outline_clear(&md);
    free(t);
    if (s > cpu_limit(2.0)) fail_msg("100,000 definitions and uses took %.1f s of CPU", s);
}

struct tally {
    size_t files, taken;
};

/* One article of the repository read both ways, its body after a closing "---" line. */
static void one_article(const char *path, const char *text, size_t len, void *ctx)
{
    struct tally *t = ctx;
    uint32_t body = 0;
    if (len > 4 && memcmp(text, "---\n", 4) == 0) {
        const char *close = strstr(text + 3, "\n---\n");
        if (close) body = (uint32_t)(close - text) + 5;
    }
    t->files++;
    t->taken += (size_t)same_as_cmark(path, text, len, body);
}

static void test_repository_articles(void **state)
{
    (void)state;
    struct tally t = {0, 0};
    md_files_each(source_root, one_article, &t);
    print_message("%zu articles, %zu read by the fast reader\n", t.files, t.taken);
    assert_true(t.files > 50);
    assert_true(t.taken > t.files / 2); /* the subset covers the common article */
}

int main(int argc, char **argv)
{
    if (argc > 1) source_root = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted_equal_cmark),
        cmocka_unit_test(test_declined),
        cmocka_unit_test(test_front_matter),
        cmocka_unit_test(test_many_definitions),
        cmocka_unit_test(test_repository_articles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
