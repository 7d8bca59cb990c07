/* test_finding.c — unit tests of lsp/analysis/finding.c: the code table, severities, and finding
 * lists (formatting, related places, suggestions, copies, moves, sorting). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "finding.h"

static void test_code_table(void **state)
{
    (void)state;
    for (int c = 0; c < FINDING_CODE_COUNT; c++) {
        const char *name = finding_code_name((enum finding_code)c);
        const char *key = finding_severity_key((enum finding_code)c);
        assert_non_null(strchr(name, '.'));
        assert_int_equal(finding_code_from_key(key), c); /* keys are unique */
        assert_true(strlen(finding_code_summary((enum finding_code)c)) > 10);
    }
    assert_string_equal(finding_code_name(FINDING_LINK_BROKEN), "link.broken");
    assert_int_equal(finding_default_severity(FINDING_LINK_BROKEN), SEVERITY_ERROR);
    assert_int_equal(finding_default_severity(FINDING_LINK_SELF), SEVERITY_INFO);
    assert_int_equal(finding_default_severity(FINDING_FRONTMATTER_UNKNOWN_KEY), SEVERITY_INFO);
    assert_int_equal(finding_code_from_key("frontmatter.schema.unknown-key"),
                     FINDING_FRONTMATTER_UNKNOWN_KEY);
    assert_int_equal(finding_code_from_key("nope"), -1);
    enum severity s;
    assert_int_equal(severity_parse("hint", &s), 0);
    assert_int_equal(s, SEVERITY_HINT);
    assert_int_equal(severity_parse("fatal", &s), -1);
    assert_string_equal(severity_name(SEVERITY_OFF), "off");
}

static void test_lists(void **state)
{
    (void)state;
    struct finding_list a = {0}, b = {0};
    struct finding *f = finding_add(&a, FINDING_LINK_BROKEN, span_make(30, 5), "No '%s' (%d)", "x", 7);
    assert_string_equal(f->message, "No 'x' (7)");
    const char *sugg[] = {"æble", "b"};
    finding_set_suggestions(f, sugg, 2);
    finding_add_related(f, "other.md", span_make(1, 2), "there %s", "too");
    finding_add(&a, FINDING_HEADING_NO_SPACE, span_make(10, 3), "first");
    finding_add(&a, FINDING_LINK_SELF, span_make(30, 5), "same place");
    finding_list_append_copy(&b, &a);
    assert_int_equal(b.count, 3);
    assert_string_equal(b.items[0].suggestions[0], "æble");
    assert_null(b.items[0].suggestions[2]);
    assert_string_equal(b.items[0].related[0].path, "other.md");
    assert_string_equal(b.items[0].related[0].message, "there too");
    finding_list_sort(&b);
    assert_int_equal(b.items[0].code, FINDING_HEADING_NO_SPACE);
    assert_int_equal(b.items[1].code, FINDING_LINK_BROKEN); /* same offset: by code */
    /* messages at the edge of the room they are first formatted in, and past it */
    char long_slug[600];
    for (size_t n = 240; n < 600; n += 7) {
        memset(long_slug, 'z', n);
        long_slug[n] = '\0';
        struct finding_list c = {0};
        struct finding *g = finding_add(&c, FINDING_LINK_BROKEN, span_make(0, 1), "No '%s' (%zu)",
                                        long_slug, n);
        assert_int_equal(strlen(g->message), n + strlen("No '' ()") + (n < 1000 ? 3 : 4));
        assert_memory_equal(g->message + 4, long_slug, n);
        finding_list_clear(&c);
    }
    finding_list_move(&a, &b);
    assert_int_equal(a.count, 6);
    assert_int_equal(b.count, 0);
    finding_list_clear(&a);
    finding_list_clear(&a);
    finding_list_clear(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_code_table), cmocka_unit_test(test_lists)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
