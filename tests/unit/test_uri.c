/* test_uri.c — unit tests of lsp/uri.c: file URIs with non-ASCII and reserved characters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
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

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_round_trip)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
