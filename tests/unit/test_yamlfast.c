/* test_yamlfast.c — unit tests of lsp/analysis/yamlfast.c: for every front matter it accepts, its
 * events must be libyaml's (type, marks, value, style), and YAML outside its subset must be
 * declined. Also holds it to libyaml over the front matter of every article of the repository. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md_files.h"
#include "yaml_events_compare.h"
#include "yamlfast.h"

static const char *source_root = ".";

/* Returns whether the fast reader accepted yaml, failing when its events are not libyaml's. */
static int same_as_libyaml(const char *name, const char *yaml, size_t len)
{
    struct yamlfast y;
    int accepted = yamlfast_parse(yaml, len, &y);
    if (accepted) {
        char why[512];
        if (!yaml_events_equal(yaml, len, &y, why, sizeof why))
            fail_msg("%s: the fast reader differs from libyaml: %s", name, why);
    } else {
        assert_int_equal(y.count, 0);
        assert_null(y.events);
    }
    yamlfast_free(&y);
    return accepted;
}

static const char *const accepted[] = {
    "title: Return on investment\ndescription: ROI measures æøå 😀 gain.\nkeywords: a, b\n",
    "title: x\n\n\ndescription: blank lines between\n",
    "\n\ntitle: blank lines before\n",
    "keywords: [Corporate Finance, Investing,æøå]\n",
    "keywords: []\ntags: [ a ]\n",
    "keywords:\n  - Testing\n  - Links\ntitle: after\n",
    "keywords:\n- indentless\n- sequence\n",
    "keywords:\n\n  - after a blank\n\n  - and between\n",
    "title: \"Quoted: with a colon # and hash\"\ndescription: 'single'\n",
    "title:\nnext: the empty value is null\n",
    "title:   \ndescription: spaces after the colon\n",
    "n: 42\nf: 1.5\nb: true\nz: null\nt: ~\nneg_key-x: value\n",
    "title: C# and a:b ratio, [brackets] {braces} it's \"fine\"\n",
    "title: trailing spaces   \n",
    "title: no final newline",
    "dup: one\ndup: two\n",
    "keywords:\n  - 'quoted item'\n  - \"double\"\n",
};

static const char *const declined[] = {
    "",
    "\n\n",
    "# a comment\ntitle: x\n",
    "title: x # a comment\n",
    "title: a: b\n",
    "title: ends with a colon:\n",
    "title: multi\n  line plain\n",
    "title: x\n  indented: mapping\n",
    "nested:\n  key: value\n",
    "title: \"escape \\\" inside\"\n",
    "title: 'it''s'\n",
    "title: \"unclosed\n",
    "title: &anchor x\n",
    "title: *alias\n",
    "title: !!str 1\n",
    "title: |\n  block\n",
    "title: >\n  folded\n",
    "title: -1\n",
    "keywords: [a, [nested]]\n",
    "keywords: [a, ]\n",
    "keywords: [a,\n  b]\n",
    "keywords: [\"quoted\"]\n",
    "keywords: [a: b]\n",
    "keywords: {a: b}\n",
    "keywords:\n  - a\n - b\n",
    "keywords:\n  -\n",
    "keywords:\n  - a\n    b\n",
    "keywords:\n- a\n  - b\n",
    "title:x\n",
    "title : x\n",
    "- a\n- b\n",
    "---\ntitle: x\n",
    "title: x\n...\n",
    "%YAML 1.2\n---\ntitle: x\n",
    "title: tab\there\n",
    "title: cr\r\n",
    "title: nel \xC2\x85 x\n",
    "title: ls \xE2\x80\xA8 x\n",
    "title: bom \xEF\xBB\xBF x\n",
    "title: c1 \xC2\x90 x\n",
    "\xC3\xA6\xC3\xB8: non-ASCII key\n",
    "? complex\n: key\n",
};

static void test_accepted(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof accepted / sizeof *accepted; i++)
        if (!same_as_libyaml(accepted[i], accepted[i], strlen(accepted[i])))
            fail_msg("declined: '%s'", accepted[i]);
}

static void test_declined(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof declined / sizeof *declined; i++)
        if (same_as_libyaml(declined[i], declined[i], strlen(declined[i])))
            fail_msg("accepted: '%s'", declined[i]);
}

struct tally {
    size_t files, taken;
};

/* The front matter of one article of the repository, when it has one. */
static void one_front_matter(const char *path, const char *text, size_t len, void *ctx)
{
    struct tally *t = ctx;
    const char *close =
        len > 4 && memcmp(text, "---\n", 4) == 0 ? strstr(text + 3, "\n---\n") : NULL;
    if (!close) return;
    t->files++;
    t->taken += (size_t)same_as_libyaml(path, text + 4, (size_t)(close + 1 - (text + 4)));
}

static void test_repository_front_matter(void **state)
{
    (void)state;
    struct tally t = {0, 0};
    md_files_each(source_root, one_front_matter, &t);
    print_message("%zu front matters, %zu read by the fast reader\n", t.files, t.taken);
    assert_true(t.files > 40);
    assert_true(t.taken > t.files / 2);
}

int main(int argc, char **argv)
{
    if (argc > 1) source_root = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepted),
        cmocka_unit_test(test_declined),
        cmocka_unit_test(test_repository_front_matter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
