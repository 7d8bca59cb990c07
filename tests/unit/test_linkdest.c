/* test_linkdest.c — unit tests of lsp/analysis/linkdest.c: which destinations are article links,
 * their slug/fragment/path, and the byte spans of slug and fragment inside the destination. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linkdest.h"

static const char *const prefixes[] = {"/de/", "/"};

struct case_ {
    const char *url; /* also used as the raw text unless raw is set */
    const char *raw;
    int internal;
    enum link_target target;
    const char *slug;
    const char *fragment;
    int prefix;
    uint32_t slug_off, slug_len, frag_off, frag_len; /* relative to the destination */
};

static const struct case_ cases[] = {
    {"/returnoninvestment", NULL, 1, LINK_TO_SLUG, "returnoninvestment", NULL, 1, 1, 18, 19, 0},
    {"/slug/", NULL, 1, LINK_TO_SLUG, "slug", NULL, 1, 1, 4, 6, 0},
    {"/slug#Section-2", NULL, 1, LINK_TO_SLUG, "slug", "Section-2", 1, 1, 4, 5, 10},
    {"/slug/#x", NULL, 1, LINK_TO_SLUG, "slug", "x", 1, 1, 4, 6, 2},
    {"/slug?utm=1#x", NULL, 1, LINK_TO_SLUG, "slug", "x", 1, 1, 4, 11, 2},
    {"/de/slug/", NULL, 1, LINK_TO_SLUG, "slug", NULL, 0, 4, 4, 9, 0},
    {"/de/", NULL, 0, 0, NULL, NULL, 0, 0, 0, 0, 0},
    {"/%C3%A6ble", NULL, 1, LINK_TO_SLUG, "æble", NULL, 1, 1, 9, 10, 0},
    {"/x.md", NULL, 1, LINK_TO_SLUG, "x", NULL, 1, 1, 1, 5, 0},
    {"/images/logo.png", NULL, 0, 0, NULL, NULL, 0, 0, 0, 0, 0},
    {"/logo.png", NULL, 0, 0, NULL, NULL, 0, 0, 0, 0, 0},
    {"/web-2.0", NULL, 1, LINK_TO_SLUG, "web-2.0", NULL, 1, 1, 7, 8, 0},
    {"https://example.com/slug", NULL, 0, 0, NULL, NULL, 0, 0, 0, 0, 0},
    {"mailto:a@b.c", NULL, 0, 0, NULL, NULL, 0, 0, 0, 0, 0},
    {"//cdn.example.com/x", NULL, 0, 0, NULL, NULL, 0, 0, 0, 0, 0},
    {"#hva-er-det", NULL, 1, LINK_TO_SELF, NULL, "hva-er-det", -1, 0, 0, 0, 11},
    {"#", NULL, 0, 0, NULL, NULL, 0, 0, 0, 0, 0},
    {"other.md", NULL, 1, LINK_TO_PATH, "Texts/English/other.md", NULL, -1, 0, 8, 8, 0},
    {"../Norwegian/x.md#a", NULL, 1, LINK_TO_PATH, "Texts/Norwegian/x.md", "a", -1, 0, 17, 17, 2},
    {"../../../x.md", NULL, 1, LINK_TO_PATH, NULL, NULL, -1, 0, 13, 13, 0},
    {"./sub/./y.md", NULL, 1, LINK_TO_PATH, "Texts/English/sub/y.md", NULL, -1, 0, 12, 12, 0},
    {"..%2F..%2F..%2Fx.md", NULL, 1, LINK_TO_PATH, NULL, NULL, -1, 0, 19, 19, 0},
    {"sub/..%2f..%2F..%2f../etc/x.md", NULL, 1, LINK_TO_PATH, NULL, NULL, -1, 0, 30, 30, 0},
    /* a slug never names a folder or climbs out of its glossary, however it is escaped */
    {"/%2e%2e%2fsecret", NULL, 0, 0, NULL, NULL, 0, 0, 0, 0, 0},
    {"/..%2F..%2Fetc%2Fpasswd", NULL, 0, 0, NULL, NULL, 0, 0, 0, 0, 0},
    {"/a%2Fb", NULL, 0, 0, NULL, NULL, 0, 0, 0, 0, 0},
    {"/..", NULL, 0, 0, NULL, NULL, 0, 0, 0, 0, 0},
    {"/../", NULL, 0, 0, NULL, NULL, 0, 0, 0, 0, 0},
    {"/.", NULL, 0, 0, NULL, NULL, 0, 0, 0, 0, 0},
    {"/%2E%2E", NULL, 0, 0, NULL, NULL, 0, 0, 0, 0, 0},
    {"/de/..", NULL, 0, 0, NULL, NULL, 0, 0, 0, 0, 0},
    {"/...", NULL, 1, LINK_TO_SLUG, "...", NULL, 1, 1, 3, 4, 0},
    {"notes.txt", NULL, 0, 0, NULL, NULL, 0, 0, 0, 0, 0},
    {"", NULL, 0, 0, NULL, NULL, 0, 0, 0, 0, 0},
    /* written with an escape: the span is found in the raw text */
    {"/a_b", "/a\\_b", 1, LINK_TO_SLUG, "a_b", NULL, 1, 1, 4, 5, 0},
};

static void test_cases(void **state)
{
    (void)state;
    struct analysis_opts opts = {0};
    opts.prefixes = prefixes;
    opts.nprefixes = 2;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct case_ *c = &cases[i];
        const char *raw = c->raw ? c->raw : c->url;
        char text[128];
        snprintf(text, sizeof text, "[x](%s)", raw);
        struct span dest = span_make(4, (uint32_t)strlen(raw));
        struct summary_link l = {0};
        int rc = linkdest_interpret(c->url, text, dest, "Texts/English/a.md", &opts, &l);
        if ((rc == 0) != c->internal) fail_msg("%s: internal %d, want %d", c->url, rc == 0, c->internal);
        if (rc != 0) continue;
        if (l.target != c->target) fail_msg("%s: target %d", c->url, l.target);
        if ((l.slug == NULL) != (c->slug == NULL) || (l.slug && strcmp(l.slug, c->slug) != 0))
            fail_msg("%s: slug '%s', want '%s'", c->url, l.slug ? l.slug : "(null)",
                     c->slug ? c->slug : "(null)");
        if ((l.fragment == NULL) != (c->fragment == NULL) ||
            (l.fragment && strcmp(l.fragment, c->fragment) != 0))
            fail_msg("%s: fragment '%s'", c->url, l.fragment ? l.fragment : "(null)");
        if (l.prefix != c->prefix) fail_msg("%s: prefix %d", c->url, l.prefix);
        if (l.slug_span.off != 4 + c->slug_off || l.slug_span.len != c->slug_len)
            fail_msg("%s: slug span %u+%u, want %u+%u", c->url, l.slug_span.off - 4,
                     l.slug_span.len, c->slug_off, c->slug_len);
        if (l.frag_span.off != 4 + c->frag_off || l.frag_span.len != c->frag_len)
            fail_msg("%s: frag span %u+%u, want %u+%u", c->url, l.frag_span.off - 4,
                     l.frag_span.len, c->frag_off, c->frag_len);
        free(l.slug);
        free(l.fragment);
    }
}

static void test_percent_decode(void **state)
{
    (void)state;
    char *s = linkdest_percent_decode("a%20b%zz%C3", 11);
    assert_string_equal(s, "a%20b%zz%C3"); /* decoding gives invalid UTF-8: kept as written */
    free(s);
    s = linkdest_percent_decode("a%20b%zz", 8);
    assert_string_equal(s, "a b%zz");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_percent_decode),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
