/* test_diagnostic.c — unit tests of lsp/diagnostic.c: the LSP Diagnostic shape, ranges in each
 * encoding, related places, and messages quoting invalid UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "diagnostic.h"

static const struct text_lines *other_lines;

static int resolve(void *ctx, const char *path, const char **uri, const struct text_lines **lines)
{
    (void)ctx;
    if (strcmp(path, "b.md") != 0) return -1;
    *uri = "file:///w/b.md";
    *lines = other_lines;
    return 0;
}

static void test_shape(void **state)
{
    (void)state;
    const char *text = "x\n😀 [a](/bad)\n";
    struct text_lines lines, other;
    text_lines_init(&lines, text, strlen(text));
    text_lines_init(&other, "ab\ncd", 5);
    other_lines = &other;
    struct finding_list f = {0};
    uint32_t off = (uint32_t)(strstr(text, "/bad") - text);
    struct finding *x = finding_add(&f, FINDING_SLUG_DUPLICATE, span_make(off, 4), "dup \xFF byte");
    finding_add_related(x, "b.md", span_make(3, 2), "there");
    finding_add_related(x, "unknown.md", span_make(0, 1), "skipped");
    finding_add_related(x, NULL, span_make(0, 1), "here");
    const char *s[] = {"a"};
    finding_set_suggestions(x, s, 1);
    json_t *d = diagnostic_to_json(x, SEVERITY_WARNING, &lines, "file:///w/a.md", TEXT_UTF16,
                                   resolve, NULL);
    char *dump = json_dumps(d, JSON_SORT_KEYS | JSON_COMPACT);
    assert_string_equal(
        dump,
        "{\"code\":\"slug.duplicate\",\"codeDescription\":{\"href\":\"https://github.com/"
        "glossary-ls/glossary-ls/blob/main/README.md#slugduplicate\"},\"data\":{\"code\":"
        "\"slug.duplicate\",\"suggestions\":[\"a\"]},\"message\":\"dup \xEF\xBF\xBD byte\","
        "\"range\":{\"end\":{\"character\":11,\"line\":1},\"start\":{\"character\":7,\"line\":1}},"
        "\"relatedInformation\":[{\"location\":{\"range\":{\"end\":{\"character\":2,\"line\":1},"
        "\"start\":{\"character\":0,\"line\":1}},\"uri\":\"file:///w/b.md\"},\"message\":"
        "\"there\"},{\"location\":{\"range\":{\"end\":{\"character\":1,\"line\":0},\"start\":"
        "{\"character\":0,\"line\":0}},\"uri\":\"file:///w/a.md\"},\"message\":\"here\"}],"
        "\"severity\":2,\"source\":\"glossary-ls\"}");
    free(dump);
    json_decref(d);
    /* written as text: the members in the order editors have always received them, compact, and
     * in an indented writer as jansson's JSON_INDENT dump of the same value */
    struct jsonw w;
    jsonw_init(&w);
    diagnostic_write(&w, x, SEVERITY_WARNING, &lines, "file:///w/a.md", TEXT_UTF16, resolve, NULL);
    const char *want =
        "{\"range\":{\"start\":{\"line\":1,\"character\":7},\"end\":{\"line\":1,"
        "\"character\":11}},\"severity\":2,\"code\":\"slug.duplicate\",\"codeDescription\":"
        "{\"href\":\"https://github.com/glossary-ls/glossary-ls/blob/main/README.md"
        "#slugduplicate\"},"
        "\"source\":\"glossary-ls\",\"message\":\"dup \xEF\xBF\xBD byte\",\"relatedInformation\":"
        "[{\"location\":{\"uri\":\"file:///w/b.md\",\"range\":{\"start\":{\"line\":1,"
        "\"character\":0},\"end\":{\"line\":1,\"character\":2}}},\"message\":\"there\"},"
        "{\"location\":{\"uri\":\"file:///w/a.md\",\"range\":{\"start\":{\"line\":0,"
        "\"character\":0},\"end\":{\"line\":0,\"character\":1}}},\"message\":\"here\"}],"
        "\"data\":{\"code\":\"slug.duplicate\",\"suggestions\":[\"a\"]}}";
    assert_int_equal(w.len, strlen(want));
    assert_memory_equal(w.p, want, w.len);
    jsonw_free(&w);
    d = json_loads(want, 0, NULL);
    dump = json_dumps(d, JSON_INDENT(2));
    jsonw_init_indented(&w, 2);
    diagnostic_write(&w, x, SEVERITY_WARNING, &lines, "file:///w/a.md", TEXT_UTF16, resolve, NULL);
    assert_int_equal(w.len, strlen(dump));
    assert_memory_equal(w.p, dump, w.len);
    jsonw_free(&w);
    free(dump);
    json_decref(d);
    json_t *r = diagnostic_range(&lines, span_make(off, 4), TEXT_UTF8);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "start"), "character")), 9);
    json_decref(r);
    r = diagnostic_range(&lines, span_make(off, 4), TEXT_UTF32);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(r, "start"), "character")), 6);
    json_decref(r);
    assert_int_equal(diagnostic_lsp_severity(SEVERITY_ERROR), 1);
    assert_int_equal(diagnostic_lsp_severity(SEVERITY_HINT), 4);
    assert_int_equal(diagnostic_lsp_severity(SEVERITY_OFF), 0);
    finding_list_clear(&f);
    text_lines_free(&lines);
    text_lines_free(&other);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_shape)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
