/* test_schema.c — unit tests of schema/schema.c and schema_validate.c: every keyword, the default
 * schema, messages that name the key and what was expected, violations located at the right node,
 * compile problems instead of failures, and bounded recursion. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json_value.h"
#include "schema.h"

static struct value *json(const char *text)
{
    char err[200];
    struct value *v = json_value_parse(text, strlen(text), err, sizeof err);
    if (!v) fail_msg("bad test JSON %s: %s", text, err);
    return v;
}

struct seen {
    char lines[16][400]; /* "keyword path | message" */
    size_t n;
    const struct value *at[16];
    const struct value_member *member[16];
};

static void collect(void *ctx, const struct schema_violation *v)
{
    struct seen *s = ctx;
    if (s->n >= 16) return;
    snprintf(s->lines[s->n], sizeof s->lines[s->n], "%s %s | %s", v->keyword, v->path, v->message);
    s->at[s->n] = v->at;
    s->member[s->n] = v->member;
    s->n++;
}

struct vcase {
    const char *schema;
    const char *instance;
    const char *want[4]; /* substrings of "keyword path | message", in order; NULL-terminated */
};

static const struct vcase cases[] = {
    {"{\"type\":\"string\"}", "\"x\"", {NULL}},
    {"{\"type\":\"object\"}", "\"x\"",
     {"type  | The front matter must be an object (a YAML mapping of keys), not a string", NULL}},
    {"{\"properties\":{\"title\":{\"type\":\"string\"}}}", "{\"title\":1984}",
     {"type /title | 'title' must be a string, not an integer", NULL}},
    {"{\"type\":[\"string\",\"null\"]}", "3", {"must be null or a string, not an integer", NULL}},
    {"{\"type\":\"integer\"}", "3.0", {NULL}},
    {"{\"type\":\"integer\"}", "3.5", {"must be an integer, not a number", NULL}},
    /* found by tests/fuzz/fuzz_schema: numbers past int64_t were converted to it (undefined) */
    {"{\"type\":\"integer\"}", "1e30", {NULL}},
    {"{\"type\":\"integer\"}", "-1e300", {NULL}},
    {"{\"minLength\":1.3e40}", "\"abc\"", {"minLength  | ", NULL}},
    {"{\"maxItems\":1e300}", "[1,2]", {NULL}},
    {"{\"required\":[\"title\",\"description\"]}", "{\"title\":\"x\"}",
     {"required  | Missing required key 'description'", NULL}},
    {"{\"properties\":{\"a\":{\"required\":[\"b\"]}}}", "{\"a\":{}}",
     {"required /a | 'a' is missing the required key 'b'", NULL}},
    {"{\"properties\":{\"author\":{}},\"additionalProperties\":false}", "{\"auther\":1,\"zzz\":2}",
     {"additionalProperties /auther | Unknown key 'auther'; did you mean 'author'?",
      "additionalProperties /zzz | Unknown key 'zzz': the schema does not declare it", NULL}},
    {"{\"patternProperties\":{\"^x-\":{\"type\":\"string\"}},\"additionalProperties\":false}",
     "{\"x-a\":\"ok\",\"x-b\":1}", {"type /x-b | 'x-b' must be a string", NULL}},
    {"{\"additionalProperties\":{\"type\":\"integer\"}}", "{\"a\":1,\"b\":\"2\"}",
     {"type /b | 'b' must be an integer, not a string", NULL}},
    {"{\"propertyNames\":{\"pattern\":\"^[a-z]+$\"}}", "{\"ok\":1,\"Bad\":2}",
     {"propertyNames /Bad | The key 'Bad' is not an allowed name", NULL}},
    {"{\"properties\":{\"status\":{\"enum\":[\"draft\",\"review\",\"published\"]}}}",
     "{\"status\":\"publsihed\"}",
     {"enum /status | 'status' must be one of 'draft', 'review', 'published', not 'publsihed'",
      NULL}},
    {"{\"const\":\"x\"}", "\"y\"", {"const  | The front matter must be 'x'", NULL}},
    {"{\"pattern\":\"^\\\\d{4}-\\\\d{2}$\"}", "\"2024-1\"", {"pattern  | ", NULL}},
    {"{\"pattern\":\"^\\\\d{4}-\\\\d{2}$\"}", "\"2024-01\"", {NULL}},
    {"{\"pattern\":\"[\\\\w-]+\"}", "\"æø\"", {"must match the pattern", NULL}},
    {"{\"minLength\":1}", "\"\"", {"minLength  | The front matter must not be empty", NULL}},
    {"{\"minLength\":4}", "\"æøå😀\"", {NULL}},
    {"{\"maxLength\":3}", "\"æøå😀\"", {"at most 3 characters long (it has 4)", NULL}},
    {"{\"minItems\":2,\"maxItems\":3}", "[1]", {"minItems  | ", NULL}},
    {"{\"maxItems\":1}", "[1,2]", {"must have at most 1 item", NULL}},
    {"{\"uniqueItems\":true}", "[1,2,1]", {"item 2 repeats item 0", NULL}},
    {"{\"items\":{\"type\":\"string\"}}", "[\"a\",3]", {"type /1 | '[1]' must be a string", NULL}},
    {"{\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}", "[\"a\",\"b\"]",
     {"type /1 |", NULL}},
    {"{\"minimum\":1,\"exclusiveMaximum\":10}", "10", {"must be less than 10", NULL}},
    {"{\"minimum\":1}", "0.5", {"must be at least 1", NULL}},
    {"{\"minProperties\":1}", "{}", {"at least 1 keys", NULL}},
    {"{\"not\":{\"type\":\"string\"}}", "\"x\"", {"not  |", NULL}},
    {"{\"allOf\":[{\"type\":\"string\"},{\"minLength\":2}]}", "\"x\"", {"minLength", NULL}},
    {"{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"array\",\"items\":{\"type\":\"string\"}}]}",
     "3", {"anyOf  | The front matter must be a string or an array of strings, not an integer",
           NULL}},
    {"{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"array\",\"items\":{\"type\":\"string\"}}]}",
     "[\"a\",3]", {"type /1 | '[1]' must be a string, not an integer", NULL}},
    /* alternatives are first tried without wording their messages; the messages come from the
     * one alternative of the value's type, nested too, with the path of the failing item */
    {"{\"properties\":{\"k\":{\"anyOf\":[{\"type\":\"null\"},{\"type\":\"array\",\"items\":"
     "{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"string\",\"minLength\":2}]}}]}}}",
     "{\"k\":[1,\"ab\",\"x\"]}",
     {"minLength /k/2 | 'k[2]' must be at least 2 characters long (it has 1)", NULL}},
    {"{\"anyOf\":[{\"not\":{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}},"
     "{\"type\":\"string\",\"maxLength\":1}]}",
     "\"xy\"", {"anyOf  | The front matter must be something else or a string, not a string", NULL}},
    {"{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"number\"}]}", "1",
     {"oneOf  | The front matter matches more than one alternative", NULL}},
    {"{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}]}", "\"x\"", {NULL}},
    {"{\"if\":{\"properties\":{\"kind\":{\"const\":\"a\"}}},\"then\":{\"required\":[\"x\"]},"
     "\"else\":{\"required\":[\"y\"]}}",
     "{\"kind\":\"b\"}", {"Missing required key 'y'", NULL}},
    {"{\"$defs\":{\"s\":{\"type\":\"string\"}},\"properties\":{\"a\":{\"$ref\":\"#/$defs/s\"}}}",
     "{\"a\":1}", {"type /a | 'a' must be a string", NULL}},
    {"{\"definitions\":{\"a~b\":{\"type\":\"string\"}},\"$ref\":\"#/definitions/a~0b\"}", "1",
     {"must be a string", NULL}},
    {"{\"$defs\":{\"x\":{\"$anchor\":\"str\",\"type\":\"string\"}},\"$ref\":\"#str\"}", "1",
     {"must be a string", NULL}},
    {"false", "1", {"false  | The front matter is not allowed here", NULL}},
    {"true", "1", {NULL}},
};

static void test_keywords(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct vcase *c = &cases[i];
        struct value *sdoc = json(c->schema), *inst = json(c->instance);
        struct schema_problems problems = {0};
        struct schema *s = schema_compile(sdoc, &problems);
        if (problems.count) fail_msg("case %zu: compile problem %s", i, problems.items[0].message);
        struct seen seen = {0};
        size_t n = schema_validate(s, inst, collect, &seen);
        size_t want = 0;
        while (want < 4 && c->want[want]) want++;
        if (n != want || seen.n != want) {
            for (size_t k = 0; k < seen.n; k++) fprintf(stderr, "  got: %s\n", seen.lines[k]);
            fail_msg("case %zu (%s on %s): %zu violations, want %zu", i, c->schema, c->instance, n,
                     want);
        }
        for (size_t k = 0; k < want; k++)
            if (!strstr(seen.lines[k], c->want[k]))
                fail_msg("case %zu: '%s' lacks '%s'", i, seen.lines[k], c->want[k]);
        schema_free(s);
        value_free(sdoc);
        value_free(inst);
    }
}

static void test_default_schema(void **state)
{
    (void)state;
    struct value *doc = json(schema_default_json);
    struct schema_problems problems = {0};
    struct schema *s = schema_compile(doc, &problems);
    assert_int_equal(problems.count, 0);
    struct value *ok = json("{\"keywords\":\"Careers\",\"title\":\"kontoansvarlig\","
                            "\"description\":\"En kontoansvarlig er ...\"}");
    assert_int_equal(schema_validate(s, ok, NULL, NULL), 0);
    struct value *list = json("{\"keywords\":[\"a\",\"b\"],\"title\":\"t\",\"description\":\"d\"}");
    assert_int_equal(schema_validate(s, list, NULL, NULL), 0);
    struct value *bad = json("{\"title\":\"\",\"author\":\"x\"}");
    struct seen seen = {0};
    assert_int_equal(schema_validate(s, bad, collect, &seen), 3);
    struct schema_info info;
    assert_int_equal(schema_property_info(s, "keywords", &info), 0);
    assert_string_equal(info.type, "a string or an array of strings");
    assert_string_equal(info.title, "Keywords");
    assert_non_null(info.examples);
    assert_false(info.required);
    assert_int_equal(schema_property_info(s, "title", &info), 0);
    assert_true(info.required);
    assert_string_equal(info.type, "a string");
    assert_int_equal(schema_property_info(s, "nope", &info), -1);
    assert_int_equal(schema_property_count(s), 3);
    size_t n;
    const char *const *req = schema_required(s, &n);
    assert_int_equal(n, 2);
    assert_string_equal(req[0], "title");
    value_free(ok);
    value_free(list);
    value_free(bad);
    value_free(doc);
    schema_free(s);
}

static void test_locations(void **state)
{
    (void)state;
    /* A positioned instance, as the YAML reader builds: the violation points at the node. */
    struct value *obj = value_new_object();
    struct value *title = value_new_int(1984);
    title->off = 11;
    title->len = 4;
    value_object_add(obj, "title", 5, 4, 5, title);
    struct value *extra = value_new_string("x", 1);
    value_object_add(obj, "extra", 5, 20, 5, extra);
    struct value *sdoc = json("{\"properties\":{\"title\":{\"type\":\"string\"}},"
                              "\"additionalProperties\":false}");
    struct schema *s = schema_compile(sdoc, NULL);
    struct seen seen = {0};
    assert_int_equal(schema_validate(s, obj, collect, &seen), 2);
    assert_ptr_equal(seen.at[0], title);
    assert_null(seen.member[0]);
    assert_ptr_equal(seen.member[1], &obj->u.object.members[1]);
    assert_int_equal(seen.member[1]->key_off, 20);
    schema_free(s);
    value_free(sdoc);
    value_free(obj);
}

/* Found by tests/fuzz/fuzz_schema: glibc's regcomp copies the subexpression of every repetition,
 * so a repetition of a repetition ("e++++...", 30 of them) took all memory, a bound of 10,000
 * optional copies took seconds. Such patterns are problems, not compiled; usual ones compile. */
static void test_costly_patterns(void **state)
{
    (void)state;
    static const struct {
        const char *pattern; /* as written in JSON */
        const char *problem; /* substring of the problem, or NULL: none */
    } cases[] = {
        {"e+++", "repetition of a repetition"},
        {"a*{2}", "repetition of a repetition"},
        {"a{1,1000}", "255"},
        {"((a{100}){100}){20}", "too large"},
        {"(a{100}){200}", NULL}, /* 20,000 copies: a few milliseconds */
        {"^[a-z0-9]{2,64}(-[a-z0-9]{1,64}){0,10}$", NULL},
        {"^\\\\d{4}-\\\\d{2}(\\\\+[0-9]+)?$", NULL},
        {"^(a+)+$", NULL},
        {"[+*]{1,3}\\\\{x", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[200];
        snprintf(text, sizeof text, "{\"pattern\":\"%s\"}", cases[i].pattern);
        struct value *sdoc = json(text);
        struct schema_problems problems = {0};
        struct schema *s = schema_compile(sdoc, &problems);
        if (!cases[i].problem && problems.count)
            fail_msg("%s: unexpected problem %s", cases[i].pattern, problems.items[0].message);
        if (cases[i].problem &&
            (problems.count != 1 || !strstr(problems.items[0].message, cases[i].problem)))
            fail_msg("%s: want one problem with '%s', got %zu", cases[i].pattern,
                     cases[i].problem, problems.count);
        schema_problems_clear(&problems);
        schema_free(s);
        value_free(sdoc);
    }
}

static void test_problems_and_cycles(void **state)
{
    (void)state;
    struct value *sdoc = json("{\"type\":\"strng\",\"pattern\":\"(unclosed\",\"minLength\":-1,"
                              "\"$ref\":\"#/nowhere\",\"required\":3,\"anyOf\":[]}");
    struct schema_problems problems = {0};
    struct schema *s = schema_compile(sdoc, &problems);
    assert_int_equal(problems.count, 6);
    struct value *inst = json("\"anything\"");
    assert_int_equal(schema_validate(s, inst, NULL, NULL), 0); /* skipped keywords accept */
    schema_problems_clear(&problems);
    schema_free(s);
    value_free(sdoc);
    /* a $ref cycle that never consumes the instance: a problem, and the reference is ignored */
    sdoc = json("{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":{\"$ref\":\"#/$defs/a\"}},"
                "\"$ref\":\"#/$defs/a\"}");
    s = schema_compile(sdoc, &problems);
    assert_int_equal(problems.count, 1);
    assert_non_null(strstr(problems.items[0].message, "recurse forever"));
    schema_problems_clear(&problems);
    assert_int_equal(schema_validate(s, inst, NULL, NULL), 0);
    schema_free(s);
    value_free(sdoc);
    /* a recursive schema that does consume the instance is fine */
    sdoc = json("{\"$defs\":{\"node\":{\"type\":\"object\",\"properties\":{\"next\":"
                "{\"$ref\":\"#/$defs/node\"}}}},\"$ref\":\"#/$defs/node\"}");
    s = schema_compile(sdoc, NULL);
    struct value *chain = json("{\"next\":{\"next\":{\"next\":{}}}}");
    assert_int_equal(schema_validate(s, chain, NULL, NULL), 0);
    struct value *broken = json("{\"next\":{\"next\":3}}");
    assert_int_equal(schema_validate(s, broken, NULL, NULL), 1);
    value_free(chain);
    value_free(broken);
    schema_free(s);
    value_free(sdoc);
    value_free(inst);
    schema_free(NULL);
    s = schema_compile(NULL, NULL); /* no schema: accepts everything */
    inst = json("[1]");
    assert_int_equal(schema_validate(s, inst, NULL, NULL), 0);
    value_free(inst);
    schema_free(s);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Schemas that would make validation exponential or regexec explode: compile problems, or one
 * violation saying validation stopped, each in milliseconds. */
static void test_hostile(void **state)
{
    (void)state;
    double t0 = now();
    struct schema_problems problems = {0};
    /* a cycle through anyOf, allOf and items of lists: 2^64 paths before */
    const char *cycles[] = {
        "{\"$defs\":{\"a\":{\"anyOf\":[{\"$ref\":\"#/$defs/a\"},{\"$ref\":\"#/$defs/a\"}]}},"
        "\"$ref\":\"#/$defs/a\"}",
        "{\"allOf\":[{\"$ref\":\"#\"},{\"$ref\":\"#\"}]}",
        "{\"properties\":{\"p\":{\"$ref\":\"#/$defs/x/allOf/0\"}},"
        "\"$defs\":{\"x\":{\"allOf\":[{\"$ref\":\"#/$defs/x\"},{\"$ref\":\"#/$defs/x\"}]}}}",
        "{\"not\":{\"$ref\":\"#\"},\"if\":{\"$ref\":\"#\"},\"then\":{\"$ref\":\"#\"}}",
    };
    struct value *inst = json("{\"p\":[\"x\",{\"y\":1}]}");
    for (size_t i = 0; i < sizeof cycles / sizeof *cycles; i++) {
        struct value *sdoc = json(cycles[i]);
        struct schema *s = schema_compile(sdoc, &problems);
        if (!problems.count || !strstr(problems.items[0].message, "recurse forever"))
            fail_msg("cycle %zu: no problem reported", i);
        schema_problems_clear(&problems);
        schema_validate(s, inst, NULL, NULL);
        schema_free(s);
        value_free(sdoc);
    }
    value_free(inst);
    /* legitimate recursion, but two ways down at each level of a 40-deep instance: stopped */
    struct value *sdoc = json("{\"$defs\":{\"t\":{\"type\":\"object\",\"properties\":{\"c\":"
                              "{\"anyOf\":[{\"$ref\":\"#/$defs/t\"},{\"$ref\":\"#/$defs/t\"}]}}}},"
                              "\"$ref\":\"#/$defs/t\"}");
    struct schema *s = schema_compile(sdoc, &problems);
    assert_int_equal(problems.count, 0);
    char deep[600] = "";
    for (int i = 0; i < 40; i++) strcat(deep, "{\"c\":");
    strcat(deep, "3");
    for (int i = 0; i < 40; i++) strcat(deep, "}");
    inst = json(deep);
    struct seen seen = {0};
    assert_int_equal(schema_validate(s, inst, collect, &seen), 1);
    assert_non_null(strstr(seen.lines[0], "too complex"));
    value_free(inst);
    inst = json("{\"c\":{\"c\":{}}}"); /* a shallow instance is still checked */
    assert_int_equal(schema_validate(s, inst, NULL, NULL), 0);
    value_free(inst);
    schema_free(s);
    value_free(sdoc);
    /* uniqueItems over 100,000 items would compare 5 billion pairs */
    sdoc = json("{\"uniqueItems\":true}");
    s = schema_compile(sdoc, NULL);
    struct value *big = value_new_array();
    for (int i = 0; i < 100000; i++) value_array_append(big, value_new_int(i));
    memset(&seen, 0, sizeof seen);
    assert_int_equal(schema_validate(s, big, collect, &seen), 1);
    assert_non_null(strstr(seen.lines[0], "too complex"));
    value_free(big);
    schema_free(s);
    value_free(sdoc);
    /* patterns: back-references (exponential in glibc) and nested counted repetitions (a huge
     * automaton) are refused; an ordinary bounded pattern still works */
    const char *bad_patterns[] = {"{\"pattern\":\"(a*)*\\\\1b\"}",
                                  "{\"patternProperties\":{\"^(x|y)\\\\1$\":{}}}",
                                  "{\"pattern\":\"(a{1,100}){1,100}c\"}",
                                  "{\"pattern\":\"a{1,600}b{1,600}\"}",
                                  "{\"pattern\":\"((a{2,11}){2,11}){2,11}\"}"};
    for (size_t i = 0; i < sizeof bad_patterns / sizeof *bad_patterns; i++) {
        sdoc = json(bad_patterns[i]);
        s = schema_compile(sdoc, &problems);
        if (problems.count != 1) fail_msg("pattern %zu: %zu problems", i, problems.count);
        schema_problems_clear(&problems);
        inst = value_new_string("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 59);
        schema_validate(s, inst, NULL, NULL);
        value_free(inst);
        schema_free(s);
        value_free(sdoc);
    }
    sdoc = json("{\"pattern\":\"^.{1,160}$\"}");
    s = schema_compile(sdoc, &problems);
    assert_int_equal(problems.count, 0);
    inst = json("\"fine\"");
    assert_int_equal(schema_validate(s, inst, NULL, NULL), 0);
    value_free(inst);
    inst = json("\"\"");
    assert_int_equal(schema_validate(s, inst, NULL, NULL), 1);
    value_free(inst);
    schema_free(s);
    value_free(sdoc);
    /* about a second natively (two budgets of a million steps), half a minute under memcheck: the
     * limit only has to stop a blowup, which would take hours */
    if (now() - t0 > 120.0) fail_msg("hostile schemas took %.1f s", now() - t0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keywords),
        cmocka_unit_test(test_default_schema),
        cmocka_unit_test(test_locations),
        cmocka_unit_test(test_problems_and_cycles),
        cmocka_unit_test(test_costly_patterns),
        cmocka_unit_test(test_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
