/* test_jsonw.c — unit tests of protocol/jsonw.c: for random JSON values, the writer's text is
 * byte-identical to jansson's compact dump of the same value; any bytes at all give a string that
 * parses, with malformed UTF-8 as U+FFFD; commas and colons in nested and empty containers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

/* Pieces strings are made of: every kind of character jansson escapes or passes through. */
static const char *const pieces[] = {"a", "Z", " ", "/", "\"", "\\", "\n", "\t", "\r", "\b", "\f",
                                     "\x01", "\x1f", "\x7f", "æ", "ø", "å", "€", "\xF0\x9F\x99\x82",
                                     "\xEF\xBF\xBF", "slug-1", "%2F", "\xE2\x80\xA8"};

static json_t *random_string(int allow_nul)
{
    char buf[256];
    size_t n = 0, parts = next() % 12;
    for (size_t i = 0; i < parts; i++) {
        const char *p = pieces[next() % (sizeof pieces / sizeof *pieces)];
        size_t len = strlen(p);
        if (allow_nul && next() % 16 == 0) p = "\0", len = 1;
        memcpy(buf + n, p, len);
        n += len;
    }
    return json_stringn(buf, n);
}

static json_t *random_value(int depth)
{
    switch (next() % (depth < 4 ? 8 : 5)) {
    case 0: return json_null();
    case 1: return json_boolean(next() % 2);
    case 2: {
        static const json_int_t edge[] = {0, -1, 1, 9, 10, -10, LLONG_MIN, LLONG_MAX, 1234567};
        return json_integer(next() % 2 ? edge[next() % 9] : (json_int_t)next() - (1 << 30));
    }
    case 3:
    case 4: return random_string(1);
    case 5:
    case 6: {
        json_t *a = json_array();
        for (uint32_t i = 0, n = next() % 5; i < n; i++)
            json_array_append_new(a, random_value(depth + 1));
        return a;
    }
    default: {
        json_t *o = json_object();
        for (uint32_t i = 0, n = next() % 5; i < n; i++) {
            json_t *k = random_string(0);
            json_object_set_new(o, json_string_value(k), random_value(depth + 1));
            json_decref(k);
        }
        return o;
    }
    }
}

/* Writes v with the writer, member by member. */
static void write_value(struct jsonw *w, json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        jsonw_begin_object(w);
        const char *k;
        json_t *x;
        json_object_foreach(v, k, x)
        {
            jsonw_key(w, k);
            write_value(w, x);
        }
        jsonw_end_object(w);
        break;
    }
    case JSON_ARRAY: {
        jsonw_begin_array(w);
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) write_value(w, x);
        jsonw_end_array(w);
        break;
    }
    case JSON_STRING: jsonw_string_n(w, json_string_value(v), json_string_length(v)); break;
    case JSON_INTEGER: jsonw_int(w, json_integer_value(v)); break;
    case JSON_TRUE: jsonw_bool(w, 1); break;
    case JSON_FALSE: jsonw_bool(w, 0); break;
    default: jsonw_null(w);
    }
}

static void test_same_as_jansson(void **state)
{
    (void)state;
    for (int round = 0; round < 3000; round++) {
        json_t *v = random_value(0);
        char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        struct jsonw w;
        jsonw_init(&w);
        write_value(&w, v);
        if (w.len != strlen(want) || memcmp(w.p, want, w.len) != 0)
            fail_msg("round %d: jansson %s, writer %.*s", round, want, (int)w.len, w.p);
        /* and through jsonw_json, embedded in an array after a written value */
        jsonw_free(&w);
        jsonw_init(&w);
        jsonw_begin_array(&w);
        jsonw_int(&w, 1);
        jsonw_json(&w, v);
        jsonw_end_array(&w);
        char *arr = malloc(strlen(want) + 5);
        snprintf(arr, strlen(want) + 5, "[1,%s]", want);
        assert_int_equal(w.len, strlen(arr));
        assert_memory_equal(w.p, arr, w.len);
        free(arr);
        jsonw_free(&w);
        free(want);
        json_decref(v);
    }
}

/* The string the writer makes of n bytes, parsed back with jansson (which must accept it). */
static json_t *written(const char *s, size_t n)
{
    struct jsonw w;
    jsonw_init(&w);
    jsonw_begin_array(&w);
    jsonw_string_n(&w, s, n);
    jsonw_end_array(&w);
    json_error_t err;
    json_t *v = json_loadb(w.p, w.len, JSON_ALLOW_NUL, &err);
    if (!v) fail_msg("not JSON: %.*s (%s)", (int)w.len, w.p, err.text);
    jsonw_free(&w);
    return v;
}

static void test_malformed_utf8(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"a\x80z", "a\xEF\xBF\xBDz"},                                  /* lone continuation */
        {"\xC0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD"},                      /* overlong NUL */
        {"\xC1\xBF", "\xEF\xBF\xBD\xEF\xBF\xBD"},                      /* overlong */
        {"\xE0\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},      /* overlong 3 */
        {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},      /* a surrogate */
        {"\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* > U+10FFFF */
        {"\xF5", "\xEF\xBF\xBD"},
        {"\xFF", "\xEF\xBF\xBD"},
        {"\xE2\x82", "\xEF\xBF\xBD\xEF\xBF\xBD"}, /* cut short at the end */
        {"\xE2\x82x", "\xEF\xBF\xBD\xEF\xBF\xBDx"},
        {"\xF0\x9F\x99", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
        {"\xE2\x82\xAC\xF0\x9F\x99\x82", "\xE2\x82\xAC\xF0\x9F\x99\x82"}, /* valid: kept */
        {"\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF"},                          /* U+10FFFF */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        json_t *v = written(cases[i].in, strlen(cases[i].in));
        assert_string_equal(json_string_value(json_array_get(v, 0)), cases[i].out);
        json_decref(v);
    }
    /* any bytes: the text parses, and valid input comes back unchanged */
    for (int round = 0; round < 20000; round++) {
        unsigned char buf[40]; /* past 16 and 32: the 16-byte windows and their tails */
        size_t n = next() % sizeof buf;
        for (size_t i = 0; i < n; i++) {
            uint32_t r = next();
            buf[i] = (unsigned char)(r % 3 == 0 ? 0x80 | (r >> 8) % 64 : r >> 8);
        }
        json_t *v = written((const char *)buf, n);
        json_t *direct = json_stringn((const char *)buf, n); /* NULL when not valid UTF-8 */
        if (direct) {
            assert_int_equal(json_string_length(json_array_get(v, 0)), n);
            assert_memory_equal(json_string_value(json_array_get(v, 0)), buf, n);
        }
        json_decref(direct);
        json_decref(v);
    }
}

/* An indented writer against jansson's JSON_INDENT(n) dump of the same values; written part by
 * part (each top-level item's text taken out with jsonw_clear_text), the parts make the whole. */
static void test_indented_same_as_jansson(void **state)
{
    (void)state;
    for (int round = 0; round < 3000; round++) {
        int indent = 1 + round % 4;
        json_t *v = random_value(0);
        char *want = json_dumps(v, JSON_INDENT(indent) | JSON_ENCODE_ANY);
        struct jsonw w;
        jsonw_init_indented(&w, indent);
        write_value(&w, v);
        if (w.len != strlen(want) || memcmp(w.p, want, w.len) != 0)
            fail_msg("round %d, indent %d: jansson\n%s\nwriter\n%.*s", round, indent, want,
                     (int)w.len, w.p);
        jsonw_free(&w);
        free(want);
        json_t *arr = json_pack("[o,o,[]]", v, json_pack("{s:[i]}", "k", round));
        want = json_dumps(arr, JSON_INDENT(indent));
        jsonw_init_indented(&w, indent);
        jsonw_begin_array(&w);
        size_t i, got = 0;
        json_t *x;
        char *parts = malloc(strlen(want) + 1);
        json_array_foreach(arr, i, x)
        {
            write_value(&w, x);
            memcpy(parts + got, w.p, w.len);
            got += w.len;
            jsonw_clear_text(&w);
        }
        jsonw_end_array(&w);
        memcpy(parts + got, w.p, w.len);
        got += w.len;
        assert_int_equal(got, strlen(want));
        assert_memory_equal(parts, want, got);
        free(parts);
        jsonw_free(&w);
        free(want);
        json_decref(arr);
    }
}

/* A writer on a buffer handed from writer to writer (the server's spare buffers) writes what a
 * new one writes: from a 1-byte buffer that must grow, and again on the buffer it gave back,
 * whatever the previous writer left in it. */
static void test_handed_buffer(void **state)
{
    (void)state;
    char *buf = malloc(1);
    size_t cap = 1;
    for (int round = 0; round < 500; round++) {
        json_t *v = random_value(0);
        char *want = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        struct jsonw w;
        jsonw_init_buffer(&w, buf, cap);
        assert_ptr_equal(w.p, buf);
        write_value(&w, v);
        if (w.len != strlen(want) || memcmp(w.p, want, w.len) != 0)
            fail_msg("round %d: jansson\n%s\nwriter\n%.*s", round, want, (int)w.len, w.p);
        size_t len = w.len;
        buf = jsonw_release(&w, &cap);
        assert_null(w.p);
        assert_true(cap >= len);
        assert_memory_equal(buf, want, len); /* released with its text, not freed */
        free(want);
        json_decref(v);
    }
    free(buf);
    struct jsonw w; /* NULL: as jsonw_init */
    jsonw_init_buffer(&w, NULL, 0);
    jsonw_int(&w, 7);
    assert_int_equal(w.len, 1);
    jsonw_free(&w);
}

static void test_structure(void **state)
{
    (void)state;
    struct jsonw w;
    jsonw_init(&w);
    jsonw_begin_object(&w);
    jsonw_key(&w, "a");
    jsonw_begin_array(&w);
    jsonw_begin_array(&w);
    jsonw_end_array(&w);
    jsonw_begin_object(&w);
    jsonw_end_object(&w);
    jsonw_string(&w, NULL);
    jsonw_json(&w, NULL);
    jsonw_raw(&w, "{\"x\":1}", 7);
    jsonw_end_array(&w);
    jsonw_key(&w, "b\"");
    jsonw_bool(&w, 0);
    jsonw_end_object(&w);
    const char *want = "{\"a\":[[],{},null,null,{\"x\":1}],\"b\\\"\":false}";
    assert_int_equal(w.len, strlen(want));
    assert_memory_equal(w.p, want, w.len);
    jsonw_free(&w);
    /* a complete value's text taken out: the next value starts as in a new writer */
    jsonw_init(&w);
    jsonw_int(&w, 7);
    jsonw_clear_text(&w);
    jsonw_begin_array(&w);
    jsonw_end_array(&w);
    assert_int_equal(w.len, 2);
    assert_memory_equal(w.p, "[]", 2);
    jsonw_free(&w);
    /* a long answer grows the buffer past its first 4 KiB */
    jsonw_init(&w);
    jsonw_begin_array(&w);
    for (int i = 0; i < 100000; i++) jsonw_int(&w, i);
    jsonw_end_array(&w);
    json_t *v = json_loadb(w.p, w.len, 0, NULL);
    assert_int_equal(json_array_size(v), 100000);
    assert_int_equal(json_integer_value(json_array_get(v, 99999)), 99999);
    json_decref(v);
    jsonw_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_same_as_jansson),
                                       cmocka_unit_test(test_indented_same_as_jansson),
                                       cmocka_unit_test(test_malformed_utf8),
                                       cmocka_unit_test(test_handed_buffer),
                                       cmocka_unit_test(test_structure)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
