/* test_jsonrpc.c — unit tests of protocol/jsonrpc.c and params.c: message classification, ids kept
 * as sent, every invalid-message case, reply shapes, and path-addressed params with their errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "jsonrpc.h"
#include "params.h"

static int decode(const char *text, struct rpc_message *m, json_t **bad_id)
{
    char err[256];
    return rpc_decode(text, strlen(text), m, bad_id, err, sizeof err);
}

static void test_classify(void **state)
{
    (void)state;
    struct rpc_message m;
    json_t *bad;
    assert_int_equal(decode("{\"jsonrpc\":\"2.0\",\"id\":\"a1\",\"method\":\"x\",\"params\":{}}", &m, &bad), 0);
    assert_int_equal(m.kind, RPC_REQUEST);
    assert_string_equal(json_string_value(m.id), "a1");
    json_t *reply = rpc_result(m.id, json_integer(3));
    char *s = json_dumps(reply, JSON_SORT_KEYS | JSON_COMPACT);
    assert_string_equal(s, "{\"id\":\"a1\",\"jsonrpc\":\"2.0\",\"result\":3}");
    free(s);
    json_decref(reply);
    rpc_message_free(&m);
    assert_int_equal(decode("{\"jsonrpc\":\"2.0\",\"method\":\"n\"}", &m, &bad), 0);
    assert_int_equal(m.kind, RPC_NOTIFICATION);
    assert_null(m.id);
    rpc_message_free(&m);
    assert_int_equal(decode("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":null}", &m, &bad), 0);
    assert_int_equal(m.kind, RPC_RESPONSE);
    rpc_message_free(&m);
    assert_int_equal(decode("{\"jsonrpc\":\"2.0\",\"id\":9007199254740993,\"method\":\"big\"}", &m, &bad), 0);
    assert_int_equal(json_integer_value(m.id), 9007199254740993LL);
    rpc_message_free(&m);
}

static void test_invalid(void **state)
{
    (void)state;
    struct rpc_message m;
    json_t *bad;
    const struct {
        const char *text;
        int code;
        int has_id;
    } cases[] = {
        {"{not json", RPC_PARSE_ERROR, 0},
        {"\"\xFF\"", RPC_PARSE_ERROR, 0},
        {"[{\"jsonrpc\":\"2.0\",\"method\":\"a\"}]", RPC_INVALID_REQUEST, 0},
        {"42", RPC_INVALID_REQUEST, 0},
        {"{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"a\"}", RPC_INVALID_REQUEST, 1},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":3}", RPC_INVALID_REQUEST, 1},
        {"{\"jsonrpc\":\"2.0\",\"id\":1.5,\"method\":\"a\"}", RPC_INVALID_REQUEST, 0},
        {"{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"a\",\"params\":7}", RPC_INVALID_REQUEST, 1},
        {"{\"jsonrpc\":\"2.0\",\"id\":3}", RPC_INVALID_REQUEST, 1},
        {"{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"exit\\u0000x\"}", RPC_INVALID_REQUEST, 1},
        {"{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"a\",\"params\":{\"t\":\"\x01\"}}",
         RPC_PARSE_ERROR, 0}, /* a raw control character is not JSON */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int rc = decode(cases[i].text, &m, &bad);
        if (rc != cases[i].code) fail_msg("case %zu: %d", i, rc);
        if ((bad != NULL) != cases[i].has_id) fail_msg("case %zu: id %p", i, (void *)bad);
        json_decref(bad);
    }
    /* 200,000 nested arrays: jansson's depth limit makes it a parse error, not a crash */
    size_t n = 200000;
    char *deep = malloc(2 * n + 1);
    memset(deep, '[', n);
    memset(deep + n, ']', n);
    deep[2 * n] = '\0';
    assert_int_equal(decode(deep, &m, &bad), RPC_PARSE_ERROR);
    free(deep);
    json_t *e = rpc_error_reply(NULL, RPC_PARSE_ERROR, "bad", NULL);
    char *s = json_dumps(e, JSON_SORT_KEYS | JSON_COMPACT);
    assert_string_equal(s, "{\"error\":{\"code\":-32700,\"message\":\"bad\"},\"id\":null,\"jsonrpc\":\"2.0\"}");
    free(s);
    json_decref(e);
}

static void test_params(void **state)
{
    (void)state;
    json_error_t jerr;
    json_t *root = json_loads("{\"textDocument\":{\"uri\":\"file:///a\",\"version\":3},"
                              "\"position\":{\"line\":-1,\"character\":\"x\"},"
                              "\"changes\":[{\"text\":\"a\"},{\"text\":5}],\"flag\":true}",
                              0, &jerr);
    struct params p;
    params_init(&p, root);
    const char *uri;
    long long version;
    assert_int_equal(params_string(&p, "textDocument.uri", &uri), 0);
    assert_string_equal(uri, "file:///a");
    assert_int_equal(params_int(&p, "textDocument.version", INT32_MIN, INT32_MAX, &version), 0);
    assert_int_equal(version, 3);
    json_t *changes;
    assert_int_equal(params_array(&p, "changes", &changes), 0);
    const char *text;
    assert_int_equal(params_string(&p, "changes[0].text", &text), 0);
    assert_false(p.failed);
    uint32_t line;
    assert_int_equal(params_uint32(&p, "position.line", &line), -1);
    assert_string_equal(p.error, "params.position.line must be between 0 and 4294967295, not -1");
    assert_int_equal(params_string(&p, "changes[1].text", &text), -1); /* stays failed */
    assert_string_equal(p.error, "params.position.line must be between 0 and 4294967295, not -1");
    params_init(&p, root);
    assert_int_equal(params_string(&p, "changes[1].text", &text), -1);
    assert_string_equal(p.error, "params.changes[1].text must be a string");
    params_init(&p, root);
    assert_int_equal(params_string(&p, "textDocument.missing", &text), -1);
    assert_string_equal(p.error, "params.textDocument.missing is missing");
    params_init(&p, root);
    int flag = 0;
    assert_int_equal(params_opt_bool(&p, "flag", &flag), 0);
    assert_true(flag);
    assert_int_equal(params_opt_string(&p, "nothing.here", &text), 1);
    params_init(&p, NULL);
    assert_int_equal(params_string(&p, "textDocument.uri", &uri), -1);
    json_decref(root);
}

/* "\u0000" is legal JSON: a document's text may hold NULs, strings read as C strings may not. */
static void test_nul_characters(void **state)
{
    (void)state;
    struct rpc_message m;
    json_t *bad;
    const char *msg = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"textDocument/didOpen\","
                      "\"params\":{\"uri\":\"file:///a\\u0000b\",\"text\":\"x\\u0000y\","
                      "\"list\":[\"ok\",\"n\\u0000o\"]}}";
    assert_int_equal(decode(msg, &m, &bad), 0);
    struct params p;
    params_init(&p, m.params);
    const char *text;
    size_t len = 0;
    assert_int_equal(params_text(&p, "text", &text, &len), 0);
    assert_int_equal(len, 3);
    assert_memory_equal(text, "x\0y", 3);
    const char *uri;
    assert_int_equal(params_string(&p, "uri", &uri), -1);
    assert_string_equal(p.error, "params.uri must not contain NUL characters");
    params_init(&p, m.params);
    assert_int_equal(params_opt_string(&p, "text", &text), -1);
    assert_string_equal(p.error, "params.text must not contain NUL characters");
    assert_string_equal(params_cstring(params_get(m.params, "list[0]")), "ok");
    assert_null(params_cstring(params_get(m.params, "list[1]")));
    assert_null(params_cstring(params_get(m.params, "list")));
    rpc_message_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_classify),
                                       cmocka_unit_test(test_invalid),
                                       cmocka_unit_test(test_params),
                                       cmocka_unit_test(test_nul_characters)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
