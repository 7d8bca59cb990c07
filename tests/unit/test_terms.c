/* test_terms.c — unit tests of lsp/analysis/terms.c: ranking terms by slug prefix, title word
 * starts, substrings and letters in order; top-k; glossary filtering; refresh after an edit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "terms.h"
#include "xalloc.h"

static const char *const prefixes[] = {"/"};

static struct summary *make(const char *slug, const char *title)
{
    struct summary *s = xcalloc(1, sizeof *s);
    char path[128];
    snprintf(path, sizeof path, "%s.md", slug);
    s->path = xstrdup(path);
    s->slug = xstrdup(slug);
    s->title = title ? xstrdup(title) : NULL;
    s->highlights_heading = -1;
    return s;
}

static const char *slug_of(const struct index *idx, const struct terms_hit *h)
{
    return index_get(idx, h->id)->slug;
}

static void test_rank(void **state)
{
    (void)state;
    struct index_glossary g[] = {{"Norwegian", "/"}, {"English", "/"}};
    struct index *idx = index_new(g, 2, prefixes, 1, 0);
    index_add(idx, 0, make("returnoninvestment", "Avkastning på investeringen"), NULL);
    index_add(idx, 0, make("return-on-equity", "Egenkapitalavkastning"), NULL);
    index_add(idx, 0, make("net-present-value", "Netto nåverdi"), NULL);
    index_add(idx, 0, make("retur", "Retur"), NULL);
    index_add(idx, 1, make("returnoninvestment", "Return on Investment"), NULL);
    struct terms *t = terms_new();
    struct terms_hit hits[10];
    size_t matched;
    size_t n = terms_rank(t, idx, 0, "avkast", hits, 10, &matched);
    assert_int_equal(n, 2);
    assert_string_equal(slug_of(idx, &hits[0]), "returnoninvestment"); /* title prefix */
    assert_string_equal(slug_of(idx, &hits[1]), "return-on-equity");   /* substring of title */
    n = terms_rank(t, idx, 0, "ret", hits, 10, &matched);
    assert_int_equal(n, 4);
    assert_string_equal(slug_of(idx, &hits[0]), "retur");              /* shortest prefix first */
    assert_string_equal(slug_of(idx, &hits[3]), "net-present-value");  /* r-e-t in order: last */
    n = terms_rank(t, idx, 0, "NÅVERDI", hits, 10, NULL);             /* any case, æøå */
    assert_int_equal(n, 1);
    assert_string_equal(slug_of(idx, &hits[0]), "net-present-value");
    n = terms_rank(t, idx, 0, "npv", hits, 10, NULL);                  /* letters in order */
    assert_int_equal(n, 1);
    n = terms_rank(t, idx, 0, "", hits, 2, &matched);                  /* everything, capped */
    assert_int_equal(n, 2);
    assert_int_equal(matched, 4);
    assert_string_equal(slug_of(idx, &hits[0]), "net-present-value");  /* alphabetical */
    n = terms_rank(t, idx, SIZE_MAX, "returnon", hits, 10, NULL);      /* every glossary */
    assert_int_equal(n, 3); /* two prefixes, and return-on-equity with the letters in order */
    assert_int_equal(index_glossary_of(idx, hits[0].id) + index_glossary_of(idx, hits[1].id), 1);
    /* an edit replaces the summary: the cache folds the new title */
    uint32_t id = index_find_path(idx, "retur.md");
    index_replace(idx, id, make("retur", "Tilbakelevering"), NULL);
    n = terms_rank(t, idx, 0, "tilbake", hits, 10, NULL);
    assert_int_equal(n, 1);
    terms_free(t);
    index_free(idx);
}

static void test_many(void **state)
{
    (void)state;
    struct index_glossary g[] = {{"English", "/"}};
    struct index *idx = index_new(g, 1, prefixes, 1, 0);
    char slug[32];
    for (int i = 0; i < 15000; i++) {
        snprintf(slug, sizeof slug, "term-%05d", i);
        index_add(idx, 0, make(slug, "A term"), NULL);
    }
    struct terms *t = terms_new();
    struct terms_hit hits[100];
    size_t matched;
    size_t n = terms_rank(t, idx, 0, "term-0", hits, 100, &matched);
    assert_int_equal(n, 100);
    assert_true(matched > 100); /* more than the list holds (counted exactly up to 101) */
    assert_string_equal(slug_of(idx, &hits[0]), "term-00000");
    assert_string_equal(slug_of(idx, &hits[99]), "term-00099");
    terms_free(t);
    index_free(idx);
}

/* A short list is the head of the long one: the slower matches skipped once the list is full
 * (scores too low to enter it) never change which terms it holds, nor their order. */
static void test_short_list_is_head_of_long(void **state)
{
    (void)state;
    struct index_glossary g[] = {{"Norwegian", "/"}};
    struct index *idx = index_new(g, 1, prefixes, 1, 0);
    const char *words[] = {"rate", "return", "tax", "value", "market", "cap", "bond", "invest",
                           "asset", "net", "ratio", "yield"};
    char slug[64], title[96];
    for (int i = 0; i < 3000; i++) {
        /* four words start slugs, all twelve follow: some queries match only inside */
        const char *a = words[i % 4], *b = words[(i / 4) % 12], *c = words[(i * 7) % 12];
        snprintf(slug, sizeof slug, "%s-%s-%d", a, b, i % 97);
        snprintf(title, sizeof title, "the %s %s", c, b);
        index_add(idx, 0, make(slug, title), NULL);
    }
    /* every query of one to three letters of "aeiorty-", and lists of 1 to 20: the worst kept
     * hit then lands in every tier (prefix, word start, substring, letters in order) */
    const char letters[] = "aeiorty-";
    struct terms *t = terms_new();
    static struct terms_hit all[3000], some[20];
    const size_t sizes[] = {1, 3, 7, 20};
    for (size_t q = 0; q < 8 + 64 + 512; q++) {
        char query[4] = {0};
        size_t v = q;
        if (v < 8) {
            query[0] = letters[v];
        } else if ((v -= 8) < 64) {
            query[0] = letters[v / 8], query[1] = letters[v % 8];
        } else {
            v -= 64;
            query[0] = letters[v / 64], query[1] = letters[(v / 8) % 8], query[2] = letters[v % 8];
        }
        size_t total;
        size_t n = terms_rank(t, idx, 0, query, all, 3000, &total);
        for (size_t z = 0; z < 4; z++) {
            size_t matched, max = sizes[z];
            size_t k = terms_rank(t, idx, 0, query, some, max, &matched);
            assert_int_equal(k, n < max ? n : max);
            assert_int_equal(matched > k, total > k);
            for (size_t i = 0; i < k; i++) {
                if (some[i].id != all[i].id || some[i].score != all[i].score)
                    fail_msg("'%s', %zu: hit %zu is %u (%d), want %u (%d)", query, max, i,
                             some[i].id, some[i].score, all[i].id, all[i].score);
            }
        }
    }
    terms_free(t);
    index_free(idx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_rank), cmocka_unit_test(test_many),
                                       cmocka_unit_test(test_short_list_is_head_of_long)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
