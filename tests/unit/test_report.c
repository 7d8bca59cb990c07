/* test_report.c — unit tests of report_places (lsp/report.c): a check report's findings are
 * positioned as they are collected, in UTF-16 and in Unicode characters, with related places in
 * other documents read through the caller and left unknown when they cannot be. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "xalloc.h"

static int reads;

static int read_other(void *ctx, const char *rel, char **text, size_t *len)
{
    (void)ctx;
    reads++;
    if (strcmp(rel, "other.md") != 0) return -1;
    *text = xstrdup("ab\nø😀cd\n");
    *len = strlen(*text);
    return 0;
}

static void test_places(void **state)
{
    (void)state;
    const char *text = "# T\næ😀 [x](/y)\n";
    struct finding_list f = {0};
    uint32_t at = (uint32_t)(strstr(text, "/y") - text);
    finding_add(&f, FINDING_LINK_BROKEN, span_make(at, 2), "broken");
    struct finding *dup = finding_add(&f, FINDING_SLUG_DUPLICATE, span_make(0, 3), "dup");
    uint32_t c = (uint32_t)(strstr("ab\nø😀cd\n", "cd") - "ab\nø😀cd\n");
    finding_add_related(dup, "other.md", span_make(c, 2), "there");
    finding_add_related(dup, "gone.md", span_make(0, 1), "vanished");
    finding_add_related(dup, NULL, span_make(at, 1), "here");
    struct report_place *p = report_places(&f, text, strlen(text), read_other, NULL);
    /* "æ😀 [x](" before the destination: 8 UTF-16 units, 7 characters */
    assert_int_equal(p[0].range.start.line, 1);
    assert_int_equal(p[0].range.start.character, 8);
    assert_int_equal(p[0].range.end.character, 10);
    assert_int_equal(p[0].column, 7);
    assert_true(p[0].known);
    assert_int_equal(p[1].range.start.line, 0); /* the duplicate itself */
    assert_int_equal(p[1].range.end.character, 3);
    assert_true(p[2].known); /* in other.md, after "ø😀": 3 UTF-16 units, 2 characters */
    assert_int_equal(p[2].range.start.line, 1);
    assert_int_equal(p[2].range.start.character, 3);
    assert_int_equal(p[2].column, 2);
    assert_false(p[3].known); /* gone.md cannot be read */
    assert_true(p[4].known);  /* the same document */
    assert_int_equal(p[4].range.start.character, 8);
    assert_int_equal(reads, 2);
    free(p);
    /* without a text (a file that could not be read) every place is at 0:0 */
    p = report_places(&f, NULL, 0, NULL, NULL);
    assert_int_equal(p[0].range.start.line, 0);
    assert_int_equal(p[0].range.end.character, 0);
    assert_false(p[2].known); /* no reader */
    free(p);
    finding_list_clear(&f);
    assert_null(report_places(&f, text, strlen(text), NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_places)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
