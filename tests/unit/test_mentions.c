/* test_mentions.c — unit tests of lsp/analysis/mentions.c: whole-word, case-insensitive mentions of
 * many titles at once, the longest first, none overlapping, skipped spans and the article itself. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mentions.h"

static void assert_mention(const char *text, const struct mention *m, const char *want, uint32_t id)
{
    if (m->span.len != strlen(want) || memcmp(text + m->span.off, want, m->span.len) != 0 ||
        m->id != id)
        fail_msg("mention '%.*s' (term %u), want '%s' (term %u)", (int)m->span.len,
                 text + m->span.off, m->id, want, id);
}

static void test_scan(void **state)
{
    (void)state;
    struct mentions *m = mentions_new();
    mentions_add(m, "Net present value", 0);
    mentions_add(m, "Return on Investment", 1);
    mentions_add(m, "Investment", 2);
    mentions_add(m, "Bank", 3);
    mentions_add(m, "Æble-konto", 4);
    mentions_add(m, "ab", 5); /* too short: ignored */
    mentions_build(m);
    const char *text = "The NET PRESENT VALUE and the return on investment; investments, a Bank. "
                       "ÆBLE-KONTO 😀 ab bank";
    size_t n;
    struct mention *found = mentions_scan(m, text, strlen(text), NULL, 0, UINT32_MAX, &n);
    assert_int_equal(n, 5);
    assert_mention(text, &found[0], "NET PRESENT VALUE", 0);
    assert_mention(text, &found[1], "return on investment", 1); /* not "investment" alone */
    assert_mention(text, &found[2], "Bank", 3);                 /* "investments" is another word */
    assert_mention(text, &found[3], "ÆBLE-KONTO", 4);
    assert_mention(text, &found[4], "bank", 3);
    free(found);
    /* skipped spans and the article itself */
    struct span skip = {4, 17};
    found = mentions_scan(m, text, strlen(text), &skip, 1, 3, &n);
    assert_int_equal(n, 2);
    assert_mention(text, &found[0], "return on investment", 1);
    free(found);
    found = mentions_scan(m, "", 0, NULL, 0, 0, &n);
    assert_int_equal(n, 0);
    free(found);
    mentions_free(m);
    mentions_free(NULL);
}

static void test_many(void **state)
{
    (void)state;
    struct mentions *m = mentions_new();
    char title[64];
    for (uint32_t i = 0; i < 15000; i++) {
        snprintf(title, sizeof title, "term number %u", i);
        mentions_add(m, title, i);
    }
    mentions_build(m);
    const char *text = "See term number 12345 and Term Number 7, not term number 150001.";
    size_t n;
    struct mention *found = mentions_scan(m, text, strlen(text), NULL, 0, UINT32_MAX, &n);
    assert_int_equal(n, 2);
    assert_int_equal(found[0].id, 12345);
    assert_int_equal(found[1].id, 7);
    free(found);
    mentions_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_scan), cmocka_unit_test(test_many)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
