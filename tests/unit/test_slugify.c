/* test_slugify.c — unit tests of lsp/analysis/slugify.c: locale-free case folding and
 * GitHub-compatible heading ids (github-slugger's behaviour on the cases glossaries meet). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cpu_limit.h"
#include "slugify.h"

static const struct {
    const char *in, *out;
} fold_cases[] = {
    {"Høydepunkter", "høydepunkter"},
    {"HØYDEPUNKTER", "høydepunkter"},
    {"ÆØÅ", "æøå"},
    {"KEY TAKEAWAYS", "key takeaways"},
    {"ÜBERBLICK", "überblick"},
    {"ОСНОВНЫЕ МОМЕНТЫ", "основные моменты"},
    {"ΒΑΣΙΚΆ ΣΗΜΕΊΑ", "βασικά σημεία"},
    {"ŁÓDŹ", "łódź"},
    {"İstanbul", "istanbul"},
    {"要点 😀", "要点 😀"},
    {"bad\xFF" "BYTE", "bad\xFF" "byte"},
};

static void test_fold(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof fold_cases / sizeof *fold_cases; i++) {
        size_t n;
        char *f = slugify_fold(fold_cases[i].in, strlen(fold_cases[i].in), &n);
        if (strcmp(f, fold_cases[i].out) != 0)
            fail_msg("fold(%s) = %s, want %s", fold_cases[i].in, f, fold_cases[i].out);
        assert_int_equal(n, strlen(f));
        assert_true(slugify_equal_folded(fold_cases[i].in, strlen(fold_cases[i].in),
                                         fold_cases[i].out, strlen(fold_cases[i].out)));
        free(f);
    }
    assert_false(slugify_equal_folded("abc", 3, "abd", 3));
    assert_false(slugify_equal_folded("abc", 3, "ab", 2));
}

static const struct {
    const char *in, *out;
} id_cases[] = {
    {"Hva er en kontoadministrator?", "hva-er-en-kontoadministrator"},
    {"Forstå hva en kontoadministrator gjør", "forstå-hva-en-kontoadministrator-gjør"},
    {"Eksempler på Account Manager-roller", "eksempler-på-account-manager-roller"},
    {"Return on Investment (ROI)", "return-on-investment-roi"},
    {"What's new: v2.0 & more!", "whats-new-v20--more"},
    {"snake_case stays", "snake_case-stays"},
    {"Emoji 😀 here", "emoji--here"},
    {"Über – Größe", "über--größe"},
    {"  two  spaces", "--two--spaces"},
    {"ÆØÅ", "æøå"},
};

static void test_fold_into(void **state)
{
    (void)state;
    /* the same bytes as slugify_fold, into the caller's buffer, never longer than the input */
    const char *cases[] = {"Høydepunkter", "KEY TAKEAWAYS:", "\xC3\x86\xC3\x98\xC3\x85 \xF0\x9F\x98\x80",
                           "\xC4\xB0stanbul", "bad \xC3( byte", "\xE1\xBA\x9E", "", "ΣΟΦΊΑ"};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n = strlen(cases[i]), want_len;
        char *want = slugify_fold(cases[i], n, &want_len);
        char out[64];
        memset(out, 'x', sizeof out);
        size_t got = slugify_fold_into(cases[i], n, out);
        assert_int_equal(got, want_len);
        assert_true(got <= n);
        assert_memory_equal(out, want, got + 1);
        free(want);
    }
    char out[32];
    assert_int_equal(slugify_fold_into("ABC\xC3\x85", 5, out), 5);
    assert_string_equal(out, "abc\xC3\xA5");
}

static void test_heading_id(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof id_cases / sizeof *id_cases; i++) {
        char *id = slugify_heading_id(id_cases[i].in);
        if (strcmp(id, id_cases[i].out) != 0)
            fail_msg("id(%s) = '%s', want '%s'", id_cases[i].in, id, id_cases[i].out);
        free(id);
    }
}

static void test_unique_ids(void **state)
{
    (void)state;
    struct slugify_ids ids = {0};
    const char *in[] = {"Intro", "Intro", "Intro-1", "Intro", "Other"};
    const char *want[] = {"intro", "intro-1", "intro-1-1", "intro-2", "other"};
    for (size_t i = 0; i < 5; i++) {
        char *id = slugify_unique_id(&ids, in[i]);
        if (strcmp(id, want[i]) != 0) fail_msg("#%zu: '%s', want '%s'", i, id, want[i]);
        free(id);
    }
    slugify_ids_clear(&ids);
}

/* A 50 MB article has hundreds of thousands of headings: ids stay unique, in linear time. */
static void test_many_ids(void **state)
{
    (void)state;
    double t0 = cpu_seconds();
    struct slugify_ids ids = {0};
    char heading[64], want[64];
    for (size_t i = 0; i < 200000; i++) {
        if (i % 2)
            snprintf(heading, sizeof heading, "Section %zu", i);
        else
            snprintf(heading, sizeof heading, "Intro");
        char *id = slugify_unique_id(&ids, heading);
        if (i % 2)
            snprintf(want, sizeof want, "section-%zu", i);
        else if (i)
            snprintf(want, sizeof want, "intro-%zu", i / 2);
        else
            snprintf(want, sizeof want, "intro");
        if (strcmp(id, want) != 0) fail_msg("#%zu: '%s', want '%s'", i, id, want);
        free(id);
    }
    slugify_ids_clear(&ids);
    double s = cpu_seconds() - t0;
    if (s > cpu_limit(5.0)) fail_msg("200,000 heading ids took %.1f s of CPU", s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_fold_into),
        cmocka_unit_test(test_heading_id),
        cmocka_unit_test(test_unique_ids),
        cmocka_unit_test(test_many_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
