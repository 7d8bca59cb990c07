/* test_suggest.c — unit tests of lsp/analysis/suggest.c: bounded edit distance and the
 * "did you mean" ranking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "suggest.h"

static void test_distance(void **state)
{
    (void)state;
    assert_int_equal(suggest_distance("kitten", 6, "sitting", 7, 5), 3);
    assert_int_equal(suggest_distance("abcd", 4, "abdc", 4, 3), 1); /* transposition */
    assert_int_equal(suggest_distance("", 0, "abc", 3, 5), 3);
    assert_int_equal(suggest_distance("abc", 3, "xyz", 3, 1), 2);  /* limit + 1 */
    assert_int_equal(suggest_distance("a", 1, "abcdef", 6, 2), 3); /* length filter */
}

static void test_closest(void **state)
{
    (void)state;
    struct suggester *s = suggester_new();
    const char *words[] = {"returnoninvestment", "return-on-investment", "net-present-value",
                           "account-manager", "accounts-manager", "roi", "Account-Manager"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) suggester_add(s, words[i]);
    const char *out[3];
    size_t n = suggester_closest(s, "returnoninvestmnt", out, 3);
    assert_int_equal(n, 2);
    assert_string_equal(out[0], "returnoninvestment");   /* distance 1 */
    assert_string_equal(out[1], "return-on-investment"); /* distance 3 */
    n = suggester_closest(s, "account-manager", out, 3);
    assert_int_equal(n, 2); /* never itself; the case-variant first */
    assert_string_equal(out[0], "Account-Manager");
    assert_string_equal(out[1], "accounts-manager");
    n = suggester_closest(s, "net-present-valeu", out, 3);
    assert_int_equal(n, 1);
    assert_string_equal(out[0], "net-present-value");
    assert_int_equal(suggester_closest(s, "zzzzzzzzzz", out, 3), 0);
    assert_int_equal(suggester_closest(s, "rio", out, 3), 1); /* short word: distance 1 */
    suggester_free(s);
    suggester_free(NULL);
}

static void test_many(void **state)
{
    (void)state;
    struct suggester *s = suggester_new();
    char buf[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(buf, sizeof buf, "term-%05d", i);
        suggester_add(s, buf);
    }
    const char *out[3];
    size_t n = suggester_closest(s, "term-1234x", out, 3);
    assert_int_equal(n, 3);
    /* ten candidates at distance 1 (term-12340..9): the first three alphabetically */
    assert_string_equal(out[0], "term-12340");
    assert_string_equal(out[1], "term-12341");
    assert_string_equal(out[2], "term-12342");
    suggester_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_closest),
        cmocka_unit_test(test_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
