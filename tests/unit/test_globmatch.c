/* test_globmatch.c — unit tests of lsp/globmatch.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "globmatch.h"

static const struct {
    const char *pattern, *path;
    int match;
} cases[] = {
    {"*.md", "Texts/English/a.md", 1},
    {"drafts", "Texts/drafts", 1},
    {"drafts", "Texts/drafts2", 0},
    {"Texts/*", "Texts/English", 1},
    {"Texts/*", "Texts/English/a.md", 0},
    {"Texts/*/archive", "Texts/English/archive", 1},
    {"**/archive/**", "Texts/English/archive/x.md", 1},
    {"**/archive/**", "archive/x.md", 1},
    {"**/archive/**", "Texts/archive", 1},
    {"Texts/**", "Texts", 1},
    {"Texts/**/*.md", "Texts/a/b/c.md", 1},
    {"Texts/**/*.md", "Texts/c.md", 1},
    {"a?c", "abc", 1},
    {"a?c", "a/c", 0},
    {"[abc]x", "bx", 1},
    {"[!abc]x", "bx", 0},
    {"[a-c]x", "cx", 1},
    {"[unterminated", "[unterminated", 1},
    {"*a*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0},
    {"/Texts/*", "Texts/x", 1},
    {"*", "", 1},
    {"", "x", 0},
    {"\\*x", "*x", 1},
};

static void test_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (glob_match(cases[i].pattern, cases[i].path) != cases[i].match)
            fail_msg("glob_match(%s, %s) != %d", cases[i].pattern, cases[i].path, cases[i].match);
    assert_true(glob_has_magic("Texts/*"));
    assert_false(glob_has_magic("Texts/English"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_cases)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
