/* test_frontmatter.c — unit tests of lsp/analysis/frontmatter.c and yamltree.c: splitting the
 * block, byte ranges of keys and values (non-ASCII, CRLF, CR, BOM), YAML 1.2 core scalars,
 * duplicate keys, libyaml errors at exact bytes, and hostile YAML (alias bombs, deep nesting). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "frontmatter.h"
#include "xalloc.h"

/* The byte range [off, off+len) of text equals want. */
static void assert_range(const char *text, uint32_t off, uint32_t len, const char *want)
{
    if (len != strlen(want) || memcmp(text + off, want, len) != 0)
        fail_msg("range %u+%u is '%.*s', want '%s'", off, len, (int)len, text + off, want);
}

static size_t count_code(const struct finding_list *f, enum finding_code code)
{
    size_t n = 0;
    for (size_t i = 0; i < f->count; i++) n += f->items[i].code == code;
    return n;
}

static void test_seed(void **state)
{
    (void)state;
    const char *text = "---\nkeywords: Careers\ntitle: kontoansvarlig\ndescription: En "
                       "kontoansvarlig er en ansatt på inngangsnivå.\n---\n\n# kontoansvarlig\n";
    struct frontmatter fm;
    struct finding_list f = {0};
    frontmatter_parse(text, strlen(text), &fm, &f);
    assert_int_equal(f.count, 0);
    assert_true(fm.present);
    assert_true(fm.closed);
    assert_range(text, fm.open.off, fm.open.len, "---");
    assert_int_equal(fm.body_off, (uint32_t)(strstr(text, "\n\n# ") - text + 1));
    assert_non_null(fm.tree);
    assert_int_equal(fm.tree->kind, VALUE_OBJECT);
    assert_int_equal(fm.tree->u.object.count, 3);
    const struct value_member *t = value_object_member(fm.tree, "title");
    assert_range(text, t->key_off, t->key_src_len, "title");
    assert_range(text, t->value->off, t->value->len, "kontoansvarlig");
    const struct value *d = value_object_get(fm.tree, "description");
    assert_range(text, d->off, d->len, "En kontoansvarlig er en ansatt på inngangsnivå.");
    const struct value *k = value_object_get(fm.tree, "keywords");
    assert_int_equal(k->kind, VALUE_STRING);
    assert_string_equal(k->u.string.ptr, "Careers");
    frontmatter_clear(&fm);
}

struct split_case {
    const char *name;
    const char *text;
    int present, closed;
    const char *body; /* the text at body_off */
    enum finding_code code; /* expected finding, or FINDING_CODE_COUNT for none */
};

static const struct split_case split_cases[] = {
    {"bom", "\xEF\xBB\xBF---\ntitle: x\n---\nbody", 1, 1, "body", FINDING_CODE_COUNT},
    {"crlf", "---\r\ntitle: x\r\n---\r\nbody", 1, 1, "body", FINDING_CODE_COUNT},
    {"lone cr", "---\rtitle: x\r---\rbody", 1, 1, "body", FINDING_CODE_COUNT},
    {"dots closer", "---\ntitle: x\n...\nbody", 1, 1, "body", FINDING_CODE_COUNT},
    {"trailing blanks", "--- \t\ntitle: x\n---  \nbody", 1, 1, "body", FINDING_CODE_COUNT},
    {"at end of file", "---\ntitle: x\n---", 1, 1, "", FINDING_CODE_COUNT},
    {"empty block", "---\n---\nbody", 1, 1, "body", FINDING_CODE_COUNT},
    {"none", "# Title\n", 0, 0, "# Title\n", FINDING_FRONTMATTER_MISSING},
    {"none with bom", "\xEF\xBB\xBF# Title\n", 0, 0, "# Title\n", FINDING_FRONTMATTER_MISSING},
    {"not on line 1", "\n---\ntitle: x\n---\n", 0, 0, "\n---\ntitle: x\n---\n",
     FINDING_FRONTMATTER_MISSING},
    {"four dashes", "----\ntitle: x\n----\n", 0, 0, "----\ntitle: x\n----\n",
     FINDING_FRONTMATTER_MISSING},
    {"unclosed", "---\ntitle: x\n# Body\n", 1, 0, "title: x\n# Body\n", FINDING_FRONTMATTER_SYNTAX},
    {"empty input", "", 0, 0, "", FINDING_FRONTMATTER_MISSING},
};

static void test_split(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof split_cases / sizeof *split_cases; i++) {
        const struct split_case *c = &split_cases[i];
        struct frontmatter fm;
        struct finding_list f = {0};
        frontmatter_parse(c->text, strlen(c->text), &fm, &f);
        if (fm.present != c->present || fm.closed != c->closed)
            fail_msg("%s: present %d closed %d", c->name, fm.present, fm.closed);
        if (strcmp(c->text + fm.body_off, c->body) != 0)
            fail_msg("%s: body starts '%s'", c->name, c->text + fm.body_off);
        if (c->code == FINDING_CODE_COUNT ? f.count != 0 : (f.count != 1 || f.items[0].code != c->code))
            fail_msg("%s: %zu findings", c->name, f.count);
        if (c->present && c->closed && strstr(c->text, "title")) {
            const struct value *t = value_object_get(fm.tree, "title");
            if (!t || t->kind != VALUE_STRING || strcmp(t->u.string.ptr, "x") != 0)
                fail_msg("%s: no title", c->name);
            assert_range(c->text, t->off, t->len, "x");
        }
        if (c->code == FINDING_FRONTMATTER_MISSING) /* 0-length, after the BOM */
            assert_int_equal(f.items[0].span.len, 0);
        finding_list_clear(&f);
        frontmatter_clear(&fm);
    }
}

static void test_non_ascii_ranges(void **state)
{
    (void)state;
    const char *text = "---\r\ntø😀: \"værdi 😀\"\r\nblokk: |\r\n  linje én\r\n  to\r\n"
                       "liste: [a, 'æ', {x: 1}]\r\n---\r\n";
    struct frontmatter fm;
    struct finding_list f = {0};
    frontmatter_parse(text, strlen(text), &fm, &f);
    assert_int_equal(f.count, 0);
    const struct value_member *m = value_object_member(fm.tree, "tø😀");
    assert_non_null(m);
    assert_range(text, m->key_off, m->key_src_len, "tø😀");
    assert_range(text, m->value->off, m->value->len, "\"værdi 😀\""); /* quotes included */
    assert_string_equal(m->value->u.string.ptr, "værdi 😀");
    const struct value *b = value_object_get(fm.tree, "blokk");
    assert_string_equal(b->u.string.ptr, "linje én\nto\n");
    const struct value *l = value_object_get(fm.tree, "liste");
    assert_int_equal(l->kind, VALUE_ARRAY);
    assert_int_equal(l->u.array.count, 3);
    assert_range(text, l->off, l->len, "[a, 'æ', {x: 1}]");
    assert_range(text, l->u.array.items[1]->off, l->u.array.items[1]->len, "'æ'");
    assert_int_equal(l->u.array.items[2]->kind, VALUE_OBJECT);
    frontmatter_clear(&fm);
}

/* Ranges after ASCII runs of every length from 0 to 24 before and inside non-ASCII keys and
 * values: yamltree.c steps over ASCII 8 bytes at a time when it turns libyaml's character marks
 * into bytes, and must land on the same byte as one character at a time. Both the plain subset
 * (yamlfast) and libyaml's own parser (a flow mapping) are read. */
static void test_ranges_after_ascii_runs(void **state)
{
    (void)state;
    for (int k = 0; k <= 24; k++) {
        for (int flow = 0; flow < 2; flow++) {
            char run[32], key[64], value[64], text[512];
            memset(run, 'a', (size_t)k);
            run[k] = '\0';
            snprintf(key, sizeof key, "%.*sø😀%s", k / 2, run, run);
            snprintf(value, sizeof value, "%sæ%.*s😀", run, k % 7, run);
            if (flow)
                snprintf(text, sizeof text, "---\n{first: %s€, %s: %s}\n---\n", run, key, value);
            else
                snprintf(text, sizeof text, "---\nfirst: %s€\n%s: %s\n---\n", run, key, value);
            struct frontmatter fm;
            struct finding_list f = {0};
            frontmatter_parse(text, strlen(text), &fm, &f);
            if (f.count) fail_msg("run %d, flow %d: %s", k, flow, f.items[0].message);
            const struct value_member *m = value_object_member(fm.tree, key);
            assert_non_null(m);
            assert_range(text, m->key_off, m->key_src_len, key);
            assert_range(text, m->value->off, m->value->len, value);
            frontmatter_clear(&fm);
            finding_list_clear(&f);
        }
    }
}

struct scalar_case {
    const char *yaml;
    enum value_kind kind;
    const char *text; /* for strings */
    int64_t i;
    double d;
};

static const struct scalar_case scalars[] = {
    {"v:", VALUE_NULL, NULL, 0, 0},
    {"v: ~", VALUE_NULL, NULL, 0, 0},
    {"v: Null", VALUE_NULL, NULL, 0, 0},
    {"v: true", VALUE_BOOL, NULL, 1, 0},
    {"v: FALSE", VALUE_BOOL, NULL, 0, 0},
    {"v: yes", VALUE_STRING, "yes", 0, 0},
    {"v: on", VALUE_STRING, "on", 0, 0},
    {"v: 1984", VALUE_INT, NULL, 1984, 0},
    {"v: -12", VALUE_INT, NULL, -12, 0},
    {"v: 0x1F", VALUE_INT, NULL, 31, 0},
    {"v: 0o17", VALUE_INT, NULL, 15, 0},
    {"v: 1.5e3", VALUE_REAL, NULL, 0, 1500.0},
    {"v: .5", VALUE_REAL, NULL, 0, 0.5},
    {"v: 99999999999999999999", VALUE_REAL, NULL, 0, 1e20},
    {"v: \"1984\"", VALUE_STRING, "1984", 0, 0},
    {"v: '~'", VALUE_STRING, "~", 0, 0},
    {"v: !!str 12", VALUE_STRING, "12", 0, 0},
    {"v: !!int \"12\"", VALUE_INT, NULL, 12, 0},
    {"v: 2024-01-02", VALUE_STRING, "2024-01-02", 0, 0},
    {"v: 12 monkeys", VALUE_STRING, "12 monkeys", 0, 0},
    {"v: ! 12", VALUE_STRING, "12", 0, 0},
};

static void test_scalars(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof scalars / sizeof *scalars; i++) {
        const struct scalar_case *c = &scalars[i];
        struct finding_list f = {0};
        struct value *tree = yaml_tree_parse(c->yaml, strlen(c->yaml), &f);
        const struct value *v = value_object_get(tree, "v");
        if (!v || v->kind != c->kind) fail_msg("%s: kind %d", c->yaml, v ? (int)v->kind : -1);
        if (c->kind == VALUE_STRING && strcmp(v->u.string.ptr, c->text) != 0)
            fail_msg("%s: '%s'", c->yaml, v->u.string.ptr);
        if ((c->kind == VALUE_INT && v->u.integer != c->i) ||
            (c->kind == VALUE_BOOL && v->u.boolean != c->i) ||
            (c->kind == VALUE_REAL && v->u.real != c->d))
            fail_msg("%s: wrong value", c->yaml);
        assert_int_equal(f.count, 0);
        value_free(tree);
    }
    struct finding_list f = {0};
    struct value *t = yaml_tree_parse("v: !!int twelve", 15, &f);
    assert_int_equal(count_code(&f, FINDING_FRONTMATTER_SYNTAX), 1);
    finding_list_clear(&f);
    value_free(t);
}

static void test_duplicates_and_aliases(void **state)
{
    (void)state;
    const char *text = "title: A\nbase: &b {x: 1}\ncopy: *b\ntitle: B\n[a, b]: complex\n";
    struct finding_list f = {0};
    struct value *tree = yaml_tree_parse(text, strlen(text), &f);
    assert_int_equal(f.count, 1);
    assert_int_equal(f.items[0].code, FINDING_FRONTMATTER_DUPLICATE_KEY);
    assert_int_equal(f.items[0].span.off, (uint32_t)(strstr(text, "title: B") - text));
    assert_int_equal(f.items[0].span.len, 5);
    assert_int_equal(f.items[0].nrelated, 1);
    assert_int_equal(f.items[0].related[0].span.off, 0);
    const struct value *copy = value_object_get(tree, "copy");
    assert_int_equal(copy->kind, VALUE_OBJECT);
    assert_range(text, copy->off, copy->len, "*b"); /* the alias's own position */
    assert_non_null(value_object_get(tree, "[a, b]"));
    finding_list_clear(&f);
    value_free(tree);

    /* Found by tests/fuzz/fuzz_frontmatter: an anchor inside a complex key (a mapping used as a
     * key, which is dropped and freed) was still found by a later alias, which copied freed
     * memory. Such an alias is now what an alias to an unknown anchor is: a syntax finding. The
     * same for an anchor defined before and redefined inside the key (the merge of the fuzz
     * branch's fix with the anchors' hash table missed that one, and kept stale slots). */
    const char *dropped[] = {
        "? {a: &x [1, 2], b: &y 3}\n: v\nlater: *x\nother: *y\n",
        "first: &x 1\n? {a: &x [1, 2]}\n: v\nlater: *x\n",
        "? [&a 1, &b 2, &c 3, &d 4, &e 5, &f 6, &g 7, &h 8, &i 9]\n: v\nn: &j 10\nlater: *i\n",
    };
    for (size_t i = 0; i < sizeof dropped / sizeof *dropped; i++) {
        tree = yaml_tree_parse(dropped[i], strlen(dropped[i]), &f);
        assert_int_equal(f.count, 1);
        assert_int_equal(f.items[0].code, FINDING_FRONTMATTER_SYNTAX);
        assert_int_equal(f.items[0].span.off, (uint32_t)(strstr(dropped[i], "later: *") -
                                                         dropped[i]) + 7);
        finding_list_clear(&f);
        value_free(tree);
    }
    /* Anchors outside the dropped key still resolve. */
    text = "keep: &k [1]\n? {a: &x 2}\n: v\nlater: *k\n";
    tree = yaml_tree_parse(text, strlen(text), &f);
    assert_int_equal(f.count, 0);
    assert_int_equal(value_object_get(tree, "later")->kind, VALUE_ARRAY);
    finding_list_clear(&f);
    value_free(tree);
}

struct error_case {
    const char *name;
    const char *text;
    const char *at;      /* the text at the finding's offset */
    const char *message; /* substring */
};

static const struct error_case errors[] = {
    {"unterminated quote after æøå", "---\ntitle: \"æøå\ndescription: x\n---\n", "\"æøå",
     "while scanning a quoted scalar"},
    {"unterminated flow", "---\nkey: [a, b\nother: c\n---\n", NULL, "YAML:"},
    {"tab indentation", "---\na:\n\tb: 1\n---\n", "\tb: 1", "cannot start any token"},
    {"sequence after a mapping, after an emoji", "---\nk😀: v\n- x\n---\n", "- x",
     "did not find expected key"},
    {"invalid utf-8", "---\ntitle: caf\xE9\n---\n", "\xE9", "not valid UTF-8"},
};

static void test_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof errors / sizeof *errors; i++) {
        const struct error_case *c = &errors[i];
        struct frontmatter fm;
        struct finding_list f = {0};
        frontmatter_parse(c->text, strlen(c->text), &fm, &f);
        if (count_code(&f, FINDING_FRONTMATTER_SYNTAX) != 1) fail_msg("%s: %zu findings", c->name, f.count);
        const struct finding *x = &f.items[0];
        if (!strstr(x->message, c->message)) fail_msg("%s: message '%s'", c->name, x->message);
        if (c->at && strncmp(c->text + x->span.off, c->at, strlen(c->at)) != 0)
            fail_msg("%s: at '%s'", c->name, c->text + x->span.off);
        if (x->span.off < 4 || x->span.off > strlen(c->text)) fail_msg("%s: offset %u", c->name, x->span.off);
        assert_null(fm.tree);
        finding_list_clear(&f);
        frontmatter_clear(&fm);
    }
    /* A NUL byte: libyaml stops with a reader error at the byte. */
    const char nul[] = "---\ntitle: a\0b\n---\n";
    struct frontmatter fm;
    struct finding_list f = {0};
    frontmatter_parse(nul, sizeof nul - 1, &fm, &f);
    assert_int_equal(count_code(&f, FINDING_FRONTMATTER_SYNTAX), 1);
    assert_int_equal(f.items[0].span.off, 12);
    finding_list_clear(&f);
    frontmatter_clear(&fm);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_hostile(void **state)
{
    (void)state;
    /* billion laughs: 9 levels of 10 aliases each would be 10^9 nodes */
    const char *bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
                       "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                       "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
                       "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
                       "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
    double t0 = now();
    struct finding_list f = {0};
    struct value *tree = yaml_tree_parse(bomb, strlen(bomb), &f);
    assert_null(tree);
    assert_int_equal(count_code(&f, FINDING_FRONTMATTER_SYNTAX), 1);
    assert_non_null(strstr(f.items[0].message, "aliases"));
    finding_list_clear(&f);

    /* 50,000-deep nesting */
    size_t depth = 50000;
    char *deep = xmalloc(depth * 2 + 8);
    memcpy(deep, "k: ", 3);
    for (size_t i = 0; i < depth; i++) deep[3 + i] = '[';
    for (size_t i = 0; i < depth; i++) deep[3 + depth + i] = ']';
    deep[3 + 2 * depth] = '\0';
    tree = yaml_tree_parse(deep, strlen(deep), &f);
    assert_null(tree);
    assert_int_equal(count_code(&f, FINDING_FRONTMATTER_SYNTAX), 1);
    finding_list_clear(&f);
    free(deep);

    /* 10,000 keys, the last one a duplicate of the first: found through the hash table */
    size_t n = 10000, cap = n * 16 + 32, used = 0;
    char *many = xmalloc(cap);
    for (size_t i = 0; i < n; i++) used += (size_t)snprintf(many + used, cap - used, "key%zu: %zu\n", i, i);
    used += (size_t)snprintf(many + used, cap - used, "key0: again\n");
    tree = yaml_tree_parse(many, used, &f);
    assert_non_null(tree);
    assert_int_equal(tree->u.object.count, n + 1);
    assert_int_equal(count_code(&f, FINDING_FRONTMATTER_DUPLICATE_KEY), 1);
    finding_list_clear(&f);
    value_free(tree);
    free(many);

    /* 40,000 anchors, then 40,000 aliases of the first: anchors are found by hash */
    n = 40000;
    cap = n * 16 + 32;
    used = 0;
    many = xmalloc(cap);
    used += (size_t)snprintf(many + used, cap - used, "l: [");
    for (size_t i = 0; i < n; i++) used += (size_t)snprintf(many + used, cap - used, "&x%zu v,", i);
    used += (size_t)snprintf(many + used, cap - used, "]\nm: [");
    for (size_t i = 0; i < n; i++) used += (size_t)snprintf(many + used, cap - used, "*x0,");
    used += (size_t)snprintf(many + used, cap - used, "]\n");
    tree = yaml_tree_parse(many, used, &f);
    assert_non_null(tree);
    assert_int_equal(f.count, 0);
    value_free(tree);
    free(many);

    /* an alias to no anchor (or to one defined later) is an error, not a silent null */
    const char *undefined = "a: *later\nb: &later 1\n";
    tree = yaml_tree_parse(undefined, strlen(undefined), &f);
    assert_null(tree);
    assert_int_equal(count_code(&f, FINDING_FRONTMATTER_SYNTAX), 1);
    assert_non_null(strstr(f.items[0].message, "'*later' names no anchor"));
    assert_int_equal(f.items[0].span.off, 3);
    finding_list_clear(&f);
    if (now() - t0 > 5.0) fail_msg("hostile YAML took %.1f s", now() - t0);
}

static void test_config_file(void **state)
{
    (void)state;
    const char *text = "\xEF\xBB\xBF# config\nglossaries:\n  - \"Texts/*\"\nseverity: {link.broken: warning}\n";
    struct finding_list f = {0};
    struct value *tree = yaml_tree_parse(text, strlen(text), &f);
    assert_int_equal(f.count, 0);
    const struct value *g = value_object_get(tree, "glossaries");
    assert_int_equal(g->kind, VALUE_ARRAY);
    assert_range(text, g->u.array.items[0]->off, g->u.array.items[0]->len, "\"Texts/*\"");
    value_free(tree);
    assert_null(yaml_tree_parse("# only a comment\n", 17, &f));
    assert_int_equal(f.count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed),          cmocka_unit_test(test_split),
        cmocka_unit_test(test_non_ascii_ranges),
        cmocka_unit_test(test_ranges_after_ascii_runs), cmocka_unit_test(test_scalars),
        cmocka_unit_test(test_duplicates_and_aliases), cmocka_unit_test(test_errors),
        cmocka_unit_test(test_hostile),       cmocka_unit_test(test_config_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
