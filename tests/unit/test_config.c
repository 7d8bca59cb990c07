/* test_config.c — unit tests of lsp/config.c: defaults, every setting, and a finding (at the
 * right node) for every mistake while the rest still applies; and that the published JSON Schema
 * of .glossary.yaml (schema/glossary-config.schema.json, used by editors) agrees with config.c.
 * Run with the source root as argument. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "frontmatter.h"
#include "json_value.h"
#include "schema.h"

static const char *source_root = ".";

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
        " \"link_patterns\": [\"(unclosed\", \"no-group\", 7, \"(x)++\"],"
        " \"highlights\": {\"headings\": [], \"min_items\": -1, \"required\": \"yes\", \"x\": 1},"
        " \"severity\": {\"link.broken\": \"fatal\", \"no.such\": \"off\"}, \"debounce\": \"1s\","
        " \"colour\": \"blue\"}");
    struct finding_list f = {0};
    config_apply(&c, v, &f);
    /* glossaries, slug, slug_case, link_prefix, 4 patterns (one a repetition of a repetition,
       which glibc's regcomp expands exponentially), headings, min_items, required, x,
       link.broken, no.such, debounce, colour */
    assert_int_equal(f.count, 16);
    int stacked = 0;
    for (size_t i = 0; i < f.count; i++)
        stacked += strstr(f.items[i].message, "repetition of a repetition") != NULL;
    assert_int_equal(stacked, 1);
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

static char *slurp(const char *rel, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", source_root, rel);
    FILE *fp = fopen(path, "rb");
    if (!fp) fail_msg("cannot read %s", path);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, fp) != (size_t)n) fail_msg("short read of %s", path);
    buf[n] = 0;
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

struct spans {
    uint32_t off[32], len[32];
    size_t n;
};

static void collect(void *ctx, const struct schema_violation *v)
{
    struct spans *sp = ctx;
    assert_true(sp->n < 32);
    sp->off[sp->n] = v->member ? v->member->key_off : v->at->off;
    sp->len[sp->n] = v->member ? (uint32_t)v->member->key_src_len : v->at->len;
    sp->n++;
}

static struct schema *config_schema(void)
{
    size_t len;
    char *text = slurp("schema/glossary-config.schema.json", &len);
    struct value *doc = json(text);
    struct schema_problems problems = {0};
    struct schema *s = schema_compile(doc, &problems);
    assert_int_equal(problems.count, 0);
    value_free(doc);
    free(text);
    return s;
}

/* What config.c accepts, the schema accepts, and where config.c finds a mistake, the schema does
 * too, at the same bytes. */
static void test_schema_agrees(void **state)
{
    (void)state;
    struct schema *s = config_schema();
    struct spans sp = {0};
    struct value *v = json(
        "{\"glossaries\": [\"Texts/*\", {\"path\": \"content/de\", \"link_prefix\": \"/de/\","
        " \"name\": \"Deutsch\"}], \"exclude\": \"**/drafts/**\", \"slug\": \"folder\","
        " \"slug_case\": \"insensitive\", \"link_prefix\": \"/g/\", \"link_patterns\": [\"x(y)\"],"
        " \"highlights\": {\"headings\": [\"Summary\"], \"min_items\": 3, \"required\": false},"
        " \"schema\": null, \"severity\": {\"link.broken\": \"warning\"}, \"debounce\": 0,"
        " \"debounce_ms\": 10000}");
    assert_int_equal(schema_validate(s, v, collect, &sp), 0);
    struct config c;
    struct finding_list f = {0};
    config_init(&c);
    config_apply(&c, v, &f);
    assert_int_equal(f.count, 0);
    config_free(&c);
    value_free(v);

    /* every finding code can be given a severity */
    for (int code = 0; code < FINDING_CODE_COUNT; code++) {
        char text[200];
        snprintf(text, sizeof text, "{\"severity\": {\"%s\": \"off\"}}",
                 finding_severity_key((enum finding_code)code));
        v = json(text);
        sp.n = 0;
        if (schema_validate(s, v, collect, &sp) != 0)
            fail_msg("the schema does not know the code %s", finding_severity_key(code));
        value_free(v);
    }

    /* the configurations in the repository */
    const char *good[] = {"tests/sample/.glossary.yaml", "tests/fixtures/hugo/.glossary.yaml",
                          "tests/fixtures/frontmatter-slug/.glossary.yaml"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        size_t len;
        char *text = slurp(good[i], &len);
        struct value *tree = yaml_tree_parse(text, len, &f);
        assert_int_equal(f.count, 0);
        sp.n = 0;
        if (schema_validate(s, tree, collect, &sp) != 0) fail_msg("%s fails the schema", good[i]);
        config_init(&c);
        config_apply(&c, tree, &f);
        assert_int_equal(f.count, 0);
        config_free(&c);
        value_free(tree);
        free(text);
    }

    /* a bad one: the same places */
    size_t len;
    char *text = slurp("tests/fixtures/bad-config/.glossary.yaml", &len);
    struct value *tree = yaml_tree_parse(text, len, &f);
    sp.n = 0;
    schema_validate(s, tree, collect, &sp);
    config_init(&c);
    config_apply(&c, tree, &f);
    assert_int_equal(f.count, 5); /* slug, min_items, fatal, no.such-code, colour */
    assert_int_equal(sp.n, f.count);
    for (size_t i = 0; i < f.count; i++) {
        size_t k = 0;
        while (k < sp.n && !(sp.off[k] == f.items[i].span.off && sp.len[k] == f.items[i].span.len))
            k++;
        if (k == sp.n)
            fail_msg("the schema misses config.c's finding at %u: %s", f.items[i].span.off,
                     f.items[i].message);
    }
    finding_list_clear(&f);
    config_free(&c);
    value_free(tree);
    free(text);
    schema_free(s);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_everything),
        cmocka_unit_test(test_mistakes),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_schema_agrees),
    };
    if (argc > 1) source_root = argv[1];
    return cmocka_run_group_tests(tests, NULL, NULL);
}
