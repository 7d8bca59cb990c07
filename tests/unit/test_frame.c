/* test_frame.c — unit tests of protocol/frame.c: frames fed whole, byte by byte and several per
 * read; header spelling; and every way a header can be wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "frame.h"

static void test_byte_by_byte_and_batched(void **state)
{
    (void)state;
    const char *stream = "Content-Length: 2\r\n\r\n{}content-length:3\r\nContent-Type: "
                         "application/vscode-jsonrpc; charset=utf-8\r\n\r\n[1]CONTENT-LENGTH: 0\n\n";
    /* byte by byte */
    struct frame_reader r = {0};
    const char *body;
    size_t len;
    char err[128];
    int got = 0;
    const char *want[] = {"{}", "[1]", ""};
    for (size_t i = 0; i < strlen(stream); i++) {
        frame_feed(&r, stream + i, 1);
        enum frame_status st;
        while ((st = frame_next(&r, &body, &len, err, sizeof err)) == FRAME_OK) {
            assert_int_equal(len, strlen(want[got]));
            assert_memory_equal(body, want[got], len);
            got++;
        }
        assert_int_equal(st, FRAME_PARTIAL);
    }
    assert_int_equal(got, 3);
    frame_reader_free(&r);
    /* all at once */
    frame_feed(&r, stream, strlen(stream));
    got = 0;
    while (frame_next(&r, &body, &len, err, sizeof err) == FRAME_OK) got++;
    assert_int_equal(got, 3);
    frame_reader_free(&r);
}

static const struct {
    const char *input;
    const char *error;
} bad[] = {
    {"Content-Type: x\r\n\r\n{}", "without a Content-Length"},
    {"Content-Length: -2\r\n\r\n{}", "not a non-negative number"},
    {"Content-Length: abc\r\n\r\n", "not a non-negative number"},
    {"Content-Length:\r\n\r\n", "has no value"},
    {"Content-Length: 99999999999999999999\r\n\r\n", "exceeds"},
    {"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", "two different"},
    {"garbage line\r\n\r\n", "malformed header"},
};

static void test_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct frame_reader r = {0};
        frame_feed(&r, bad[i].input, strlen(bad[i].input));
        const char *body;
        size_t len;
        char err[128];
        if (frame_next(&r, &body, &len, err, sizeof err) != FRAME_ERROR || !strstr(err, bad[i].error))
            fail_msg("case %zu: not the error '%s' (got '%s')", i, bad[i].error, err);
        frame_reader_free(&r);
    }
    /* the same Content-Length twice is fine */
    struct frame_reader r = {0};
    const char *ok = "Content-Length: 2\r\ncontent-length: 2\r\n\r\n{}";
    frame_feed(&r, ok, strlen(ok));
    const char *body;
    size_t len;
    char err[128];
    assert_int_equal(frame_next(&r, &body, &len, err, sizeof err), FRAME_OK);
    frame_reader_free(&r);
    /* a 64 KB header line never ends a header section within the cap */
    char big[70000];
    memset(big, 'x', sizeof big);
    memcpy(big, "X-Long: ", 8);
    frame_feed(&r, big, sizeof big);
    assert_int_equal(frame_next(&r, &body, &len, err, sizeof err), FRAME_ERROR);
    assert_non_null(strstr(err, "longer than"));
    frame_reader_free(&r);
    /* a partial body stays partial */
    const char *part = "Content-Length: 10\r\n\r\n{\"a\":";
    frame_feed(&r, part, strlen(part));
    assert_int_equal(frame_next(&r, &body, &len, err, sizeof err), FRAME_PARTIAL);
    frame_feed(&r, "1234}", 5);
    assert_int_equal(frame_next(&r, &body, &len, err, sizeof err), FRAME_OK);
    assert_memory_equal(body, "{\"a\":1234}", 10);
    frame_reader_free(&r);
}

/* Found by tests/fuzz/fuzz_frame: a reader that holds nothing yet (its buffer still NULL) did
 * pointer arithmetic on NULL when fed zero bytes or asked for a frame (UBSan: "applying zero
 * offset to null pointer"). */
static void test_empty_reader(void **state)
{
    (void)state;
    struct frame_reader r = {0};
    const char *body;
    size_t len;
    char err[128];
    assert_int_equal(frame_next(&r, &body, &len, err, sizeof err), FRAME_PARTIAL);
    frame_feed(&r, "", 0);
    assert_int_equal(frame_next(&r, &body, &len, err, sizeof err), FRAME_PARTIAL);
    frame_feed(&r, "Content-Length: 0\r\n\r\n", 21);
    assert_int_equal(frame_next(&r, &body, &len, err, sizeof err), FRAME_OK);
    assert_int_equal(len, 0);
    frame_feed(&r, "", 0);
    assert_int_equal(frame_next(&r, &body, &len, err, sizeof err), FRAME_PARTIAL);
    frame_reader_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_byte_by_byte_and_batched),
                                       cmocka_unit_test(test_errors),
                                       cmocka_unit_test(test_empty_reader)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
