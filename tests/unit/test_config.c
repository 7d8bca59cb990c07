/* test_config.c — unit tests of lsp/config.c: defaults, every setting, and a finding (at the
 * right node) for every mistake while the rest still applies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "config.h"
#include "json_value.h"

static struct value *json(const char *text)
{
    char err[200];
    struct value *v = json_value_parse(text, strlen(text), err, sizeof err);
    if (!v) fail_msg("bad test JSON: %s", err);
    return v;
}

static void test_defaults(void **state)
{
    (void)state;
    struct config c;
    config_init(&c);
    assert_int_equal(c.nglossaries, 0);
    assert_string_equal(c.link_prefix, "/");
    assert_int_equal(c.slug_source, SLUG_FROM_FILENAME);
    assert_int_equal(c.highlights_min_items, 1);
    assert_true(c.highlights_required);
    assert_true(c.nhighlight_headings > 20);
    assert_string_equal(c.highlight_headings[0], "Highlights");
    assert_int_equal(config_severity(&c, FINDING_LINK_BROKEN), SEVERITY_ERROR);
    assert_int_equal(config_severity(&c, FINDING_LINK_FRAGMENT), SEVERITY_WARNING);
    assert_int_equal(config_severity(&c, FINDING_FRONTMATTER_UNKNOWN_KEY), SEVERITY_INFO);
    assert_null(c.schema_path);
    config_free(&c);
}

static void test_everything(void **state)
{
    (void)state;
    struct config c;
    config_init(&c);
    struct value *v = json(
        "{\"glossaries\": [\"Texts/*\", {\"path\": \"content/de\", \"link_prefix\": \"/de/\","
        " \"name\": \"Deutsch\"}],"
        " \"exclude\": [\"**/drafts/**\"], \"slug\": \"frontmatter:id\", \"slug_case\": "
        "\"insensitive\", \"link_prefix\": \"/g/\","
        " \"link_patterns\": [\"\\\\{\\\\{< glossary_tooltip term_id=\\\"([^\\\"]+)\\\"\"],"
        " \"highlights\": {\"headings\": [\"Summary\"], \"min_items\": 3, \"required\": false},"
        " \"schema\": \"schema.json\", \"severity\": {\"link.broken\": \"warning\","
        " \"list.dash-bullet\": \"off\", \"frontmatter.schema.unknown-key\": \"error\"},"
        " \"debounce\": 0}");
    struct finding_list f = {0};
    config_apply(&c, v, &f);
    assert_int_equal(f.count, 0);
    assert_int_equal(c.nglossaries, 2);
    assert_string_equal(c.glossaries[0].path, "Texts/*");
    assert_null(c.glossaries[0].link_prefix);
    assert_string_equal(c.glossaries[1].link_prefix, "/de/");
    assert_string_equal(c.glossaries[1].name, "Deutsch");
    assert_int_equal(c.nexclude, 1);
    assert_int_equal(c.slug_source, SLUG_FROM_FRONTMATTER);
    assert_string_equal(c.slug_field, "id");
    assert_true(c.slug_case_insensitive);
    assert_string_equal(c.link_prefix, "/g/");
    assert_int_equal(c.nlink_patterns, 1);
    assert_int_equal(c.nhighlight_headings, 1);
    assert_int_equal(c.highlights_min_items, 3);
    assert_false(c.highlights_required);
    assert_string_equal(c.schema_path, "schema.json");
    assert_int_equal(config_severity(&c, FINDING_LINK_BROKEN), SEVERITY_WARNING);
    assert_int_equal(config_severity(&c, FINDING_LIST_DASH_BULLET), SEVERITY_OFF);
    assert_int_equal(config_severity(&c, FINDING_FRONTMATTER_UNKNOWN_KEY), SEVERITY_ERROR);
    assert_int_equal(config_severity(&c, FINDING_FRONTMATTER_SCHEMA), SEVERITY_ERROR);
    assert_int_equal(c.debounce_ms, 0);
    value_free(v);
    config_free(&c);
}

static void test_mistakes(void **state)
{
    (void)state;
    struct config c;
    config_init(&c);
    struct value *v = json(
        "{\"glossaries\": 3, \"slug\": \"title\", \"slug_case\": \"maybe\", \"link_prefix\": [],"
        " \"link_patterns\": [\"(unclosed\", \"no-group\", 7],"
        " \"highlights\": {\"headings\": [], \"min_items\": -1, \"required\": \"yes\", \"x\": 1},"
        " \"severity\": {\"link.broken\": \"fatal\", \"no.such\": \"off\"}, \"debounce\": \"1s\","
        " \"colour\": \"blue\"}");
    struct finding_list f = {0};
    config_apply(&c, v, &f);
    /* glossaries, slug, slug_case, link_prefix, 3 patterns, headings, min_items, required, x,
       link.broken, no.such, debounce, colour */
    assert_int_equal(f.count, 15);
    for (size_t i = 0; i < f.count; i++) assert_int_equal(f.items[i].code, FINDING_CONFIG_INVALID);
    /* defaults kept */
    assert_int_equal(c.nglossaries, 0);
    assert_int_equal(c.slug_source, SLUG_FROM_FILENAME);
    assert_string_equal(c.link_prefix, "/");
    assert_int_equal(c.nlink_patterns, 0);
    assert_true(c.nhighlight_headings > 20);
    assert_int_equal(c.highlights_min_items, 1);
    assert_int_equal(config_severity(&c, FINDING_LINK_BROKEN), SEVERITY_ERROR);
    assert_int_equal(c.debounce_ms, 100);
    finding_list_clear(&f);
    value_free(v);
    config_free(&c);
}

static void test_positions(void **state)
{
    (void)state;
    /* A hand-built tree with positions, as the YAML reader gives: the finding sits on the key
     * for unknown settings and on the value for bad values. */
    struct value *root = value_new_object();
    struct value *bad_value = value_new_string("sometimes", 9);
    bad_value->off = 11;
    bad_value->len = 9;
    value_object_add(root, "slug_case", 9, 0, 9, bad_value);
    struct value *x = value_new_int(1);
    x->off = 30;
    x->len = 1;
    value_object_add(root, "colour", 6, 22, 6, x);
    struct config c;
    config_init(&c);
    struct finding_list f = {0};
    config_apply(&c, root, &f);
    assert_int_equal(f.count, 2);
    assert_int_equal(f.items[0].span.off, 11);
    assert_int_equal(f.items[0].span.len, 9);
    assert_int_equal(f.items[1].span.off, 22);
    assert_int_equal(f.items[1].span.len, 6);
    assert_non_null(strstr(f.items[1].message, "Unknown setting 'colour'"));
    finding_list_clear(&f);
    config_free(&c);
    value_free(root);
    /* not a mapping */
    struct value *list = value_new_array();
    config_init(&c);
    config_apply(&c, list, &f);
    assert_int_equal(f.count, 1);
    finding_list_clear(&f);
    config_apply(&c, NULL, &f);
    assert_int_equal(f.count, 0);
    config_free(&c);
    value_free(list);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_everything),
        cmocka_unit_test(test_mistakes),
        cmocka_unit_test(test_positions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
