/* test_uri.c — unit tests of lsp/uri.c: file URIs with non-ASCII and reserved characters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uri.h"

static void test_round_trip(void **state)
{
    (void)state;
    const char *paths[] = {"/work/Texts/Norwegian/høydepunkter.md", "/a b/c#d?e.md", "/x/😀.md",
                           "/plain/path.md", "/"};
    const char *uris[] = {"file:///work/Texts/Norwegian/h%C3%B8ydepunkter.md",
                          "file:///a%20b/c%23d%3Fe.md", "file:///x/%F0%9F%98%80.md",
                          "file:///plain/path.md", "file:///"};
    for (size_t i = 0; i < 5; i++) {
        char *u = uri_from_path(paths[i]);
        assert_string_equal(u, uris[i]);
        char *p = uri_to_path(u);
        assert_string_equal(p, paths[i]);
        free(u);
        free(p);
    }
    char *p = uri_to_path("file://localhost/tmp/a%c3%a6.md");
    assert_string_equal(p, "/tmp/aæ.md");
    free(p);
    assert_null(uri_to_path("https://example.com/x"));
    assert_null(uri_to_path("file:///a%00b"));
    p = uri_to_path("file:///bad%zz%4");
    assert_string_equal(p, "/bad%zz%4");
    free(p);
}

/* Every byte: kept as it is exactly when RFC 3986 calls it unreserved (or it is '/'), else
 * percent-encoded in upper case; and it comes back through uri_to_path. */
static void test_every_byte(void **state)
{
    (void)state;
    for (int c = 1; c < 256; c++) {
        char path[8] = {'/', 'a', (char)c, 'b', '\0'};
        int kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
        char want[32];
        if (kept) snprintf(want, sizeof want, "file:///a%cb", c);
        else snprintf(want, sizeof want, "file:///a%%%02Xb", c);
        char *u = uri_from_path(path);
        assert_string_equal(u, want);
        char *back = uri_to_path(u);
        assert_string_equal(back, path);
        free(u);
        free(back);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_round_trip),
                                       cmocka_unit_test(test_every_byte)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
