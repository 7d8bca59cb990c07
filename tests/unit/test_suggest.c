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

/* The plain, unbanded optimal-string-alignment distance, to check the banded one against. */
static size_t full_distance(const char *a, size_t n, const char *b, size_t m)
{
    size_t d[40][40];
    for (size_t i = 0; i <= n; i++) d[i][0] = i;
    for (size_t j = 0; j <= m; j++) d[0][j] = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            size_t v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + (a[i - 1] != b[j - 1]) < v) v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    return d[n][m];
}

static void test_banded_matches_full(void **state)
{
    (void)state;
    unsigned seed = 12345;
    char a[32], b[32];
    for (int round = 0; round < 20000; round++) {
        size_t n = (seed = seed * 1103515245u + 12345u) % 12, m = (seed = seed * 1103515245u + 12345u) % 12;
        for (size_t i = 0; i < n; i++) a[i] = (char)('a' + (seed = seed * 1103515245u + 12345u) / 65536 % 3);
        for (size_t i = 0; i < m; i++) b[i] = (char)('a' + (seed = seed * 1103515245u + 12345u) / 65536 % 3);
        for (size_t limit = 0; limit <= 4; limit++) {
            size_t want = full_distance(a, n, b, m);
            if (want > limit) want = limit + 1;
            size_t got = suggest_distance(a, n, b, m, limit);
            if (got != want)
                fail_msg("'%.*s' vs '%.*s' limit %zu: %zu, want %zu", (int)n, a, (int)m, b, limit, got, want);
        }
    }
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
        cmocka_unit_test(test_banded_matches_full),
        cmocka_unit_test(test_closest),
        cmocka_unit_test(test_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
