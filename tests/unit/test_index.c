/* test_index.c — unit tests of lsp/analysis/index.c and checks.c on hand-made summaries: slug and
 * path maps, backlinks, the affected sets of updates, and the cross-article findings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "checks.h"
#include "index.h"
#include "xalloc.h"

static const char *const prefixes[] = {"/de/", "/"};

/* A summary at path with slug and links "slug" or "slug#frag" (prefix index 1 = "/"),
 * "de:slug" (prefix 0), "path:Texts/x.md", "#frag" (self). Headings are given as ids. */
static struct summary *make(const char *path, const char *slug, const char *const *links,
                            const char *const *heading_ids)
{
    struct summary *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    s->slug = xstrdup(slug);
    s->highlights_heading = -1;
    s->title_span = span_make(4, 5);
    for (size_t i = 0; links && links[i]; i++) {
        s->links = xrealloc(s->links, (s->nlinks + 1) * sizeof *s->links);
        struct summary_link *l = &s->links[s->nlinks++];
        memset(l, 0, sizeof *l);
        l->span = span_make((uint32_t)(100 + i * 10), 8);
        l->dest = span_make((uint32_t)(104 + i * 10), 4);
        const char *x = links[i];
        const char *hash = strchr(x, '#');
        if (hash) l->fragment = xstrdup(hash + 1);
        size_t n = hash ? (size_t)(hash - x) : strlen(x);
        l->frag_span = hash ? span_make(l->dest.off + 2, 2) : span_make(l->dest.off + 4, 0);
        if (n == 0) {
            l->target = LINK_TO_SELF;
            l->prefix = -1;
        } else if (strncmp(x, "path:", 5) == 0) {
            l->target = LINK_TO_PATH;
            l->prefix = -1;
            l->slug = xstrndup(x + 5, n - 5);
        } else if (strncmp(x, "de:", 3) == 0) {
            l->target = LINK_TO_SLUG;
            l->prefix = 0;
            l->slug = xstrndup(x + 3, n - 3);
        } else {
            l->target = LINK_TO_SLUG;
            l->prefix = 1;
            l->slug = xstrndup(x, n);
        }
    }
    for (size_t i = 0; heading_ids && heading_ids[i]; i++) {
        s->headings = xrealloc(s->headings, (s->nheadings + 1) * sizeof *s->headings);
        struct summary_heading *h = &s->headings[s->nheadings++];
        memset(h, 0, sizeof *h);
        h->text = xstrdup(heading_ids[i]);
        h->id = xstrdup(heading_ids[i]);
    }
    return s;
}

static struct index *two_languages(void)
{
    struct index_glossary g[] = {{"Norwegian", "/"}, {"English", "/"}, {"German", "/de/"}};
    return index_new(g, 3, prefixes, 2, 0);
}

static int contains(const struct index_affected *a, uint32_t id)
{
    for (size_t i = 0; i < a->count; i++)
        if (a->ids[i] == id) return 1;
    return 0;
}

static size_t count_code(const struct finding_list *f, enum finding_code code)
{
    size_t n = 0;
    for (size_t i = 0; i < f->count; i++) n += f->items[i].code == code;
    return n;
}

static void test_lookup_and_backlinks(void **state)
{
    (void)state;
    struct index *idx = two_languages();
    const char *l1[] = {"roi", "roi", "npv", NULL};
    uint32_t a = index_add(idx, 0, make("no/a.md", "a", l1, NULL), NULL);
    uint32_t roi = index_add(idx, 0, make("no/roi.md", "roi", NULL, NULL), NULL);
    uint32_t en_roi = index_add(idx, 1, make("en/roi.md", "roi", NULL, NULL), NULL);
    const uint32_t *ids;
    assert_int_equal(index_lookup(idx, 0, "roi", &ids), 1);
    assert_int_equal(ids[0], roi);
    assert_int_equal(index_lookup(idx, 1, "roi", &ids), 1);
    assert_int_equal(ids[0], en_roi);
    assert_int_equal(index_lookup(idx, 0, "ROI", &ids), 0); /* case-sensitive */
    assert_int_equal(index_backlinks(idx, 0, "roi", &ids), 1); /* a, once */
    assert_int_equal(ids[0], a);
    assert_int_equal(index_backlinks(idx, 1, "roi", &ids), 0); /* no crossing */
    assert_int_equal(index_find_path(idx, "en/roi.md"), en_roi);
    assert_int_equal(index_find_path(idx, "missing.md"), INDEX_NONE);
    assert_int_equal(index_count(idx), 3);
    index_free(idx);
}

/* Reserving room (before any article, and again with some filed) and touching its pages
 * (index_touch) change no answer: 5,000 articles with æøå slugs, each linking to the next, are
 * all found with their backlinks. */
static void test_reserve(void **state)
{
    (void)state;
    struct index *idx = two_languages();
    index_reserve(idx, 3000);
    index_touch(idx);
    char path[64], slug[64], next[64];
    for (int i = 0; i < 5000; i++) {
        if (i == 1000) index_reserve(idx, 4000);
        if (i == 1500) index_touch(idx); /* with entries in the table: they stay */
        snprintf(path, sizeof path, "no/ærø-%d.md", i);
        snprintf(slug, sizeof slug, "ærø-%d", i);
        snprintf(next, sizeof next, "ærø-%d", (i + 1) % 5000);
        const char *links[] = {next, NULL};
        assert_int_equal(index_add(idx, 0, make(path, slug, links, NULL), NULL), (uint32_t)i);
    }
    const uint32_t *ids;
    for (int i = 0; i < 5000; i += 7) {
        snprintf(slug, sizeof slug, "ærø-%d", i);
        assert_int_equal(index_lookup(idx, 0, slug, &ids), 1);
        assert_int_equal(ids[0], (uint32_t)i);
        assert_int_equal(index_backlinks(idx, 0, slug, &ids), 1);
        assert_int_equal(ids[0], (uint32_t)((i + 4999) % 5000));
        snprintf(path, sizeof path, "no/ærø-%d.md", i);
        assert_int_equal(index_find_path(idx, path), (uint32_t)i);
    }
    assert_int_equal(index_count(idx), 5000);
    index_free(idx);
}

static void test_affected(void **state)
{
    (void)state;
    struct index *idx = two_languages();
    const char *l1[] = {"npv", NULL};
    const char *l2[] = {"path:no/npv.md", NULL};
    uint32_t a = index_add(idx, 0, make("no/a.md", "a", l1, NULL), NULL);
    uint32_t b = index_add(idx, 0, make("no/b.md", "b", l2, NULL), NULL);
    struct index_affected aff = {0};
    /* creating the missing article affects both linkers */
    uint32_t npv = index_add(idx, 0, make("no/npv.md", "npv", NULL, NULL), &aff);
    assert_true(contains(&aff, a));
    assert_true(contains(&aff, b));
    index_affected_clear(&aff);
    /* an edit that changes nothing others see affects nobody */
    index_replace(idx, npv, make("no/npv.md", "npv", NULL, NULL), &aff);
    assert_int_equal(aff.count, 0);
    /* new headings affect the linkers (fragments may now resolve) */
    const char *h[] = {"intro", NULL};
    index_replace(idx, npv, make("no/npv.md", "npv", NULL, h), &aff);
    assert_true(contains(&aff, a));
    index_affected_clear(&aff);
    /* a changed slug affects the old linkers */
    index_replace(idx, npv, make("no/npv.md", "npv2", NULL, NULL), &aff);
    assert_true(contains(&aff, a));
    assert_false(contains(&aff, npv));
    index_affected_clear(&aff);
    /* removal frees the id for reuse */
    index_replace(idx, npv, NULL, &aff);
    assert_true(contains(&aff, b));
    index_affected_clear(&aff);
    assert_null(index_get(idx, npv));
    uint32_t again = index_add(idx, 1, make("en/x.md", "x", NULL, NULL), NULL);
    assert_int_equal(again, npv);
    assert_int_equal(index_glossary_of(idx, again), 1);
    index_free(idx);
}

static void test_checks(void **state)
{
    (void)state;
    struct index *idx = two_languages();
    const char *links[] = {"roi", "npv#missing-id", "npv#intro", "a", "a#intro", "#nowhere",
                           "path:no/npv.md", "path:no/gone.md", "de:roi", NULL};
    const char *h_a[] = {"intro", NULL};
    uint32_t a = index_add(idx, 0, make("no/a.md", "a", links, h_a), NULL);
    const char *h[] = {"intro", "missing-ld", NULL};
    index_add(idx, 0, make("no/npv.md", "npv", NULL, h), NULL);
    index_add(idx, 1, make("en/roi.md", "roi", NULL, NULL), NULL);
    index_add(idx, 0, make("no/rio.md", "rio", NULL, NULL), NULL);
    struct suggester *sugg[3] = {checks_suggester_new(idx, 0), checks_suggester_new(idx, 1),
                                 checks_suggester_new(idx, 2)};
    struct finding_list f = {0};
    checks_run(idx, sugg, a, &f);
    /* roi (missing in Norwegian, exists in English), no/gone.md, de:roi (German is empty) */
    assert_int_equal(count_code(&f, FINDING_LINK_BROKEN), 3);
    assert_int_equal(count_code(&f, FINDING_LINK_FRAGMENT), 2); /* npv#missing-id, #nowhere */
    assert_int_equal(count_code(&f, FINDING_LINK_SELF), 1);     /* "a"; "a#intro" is fine */
    const struct finding *roi = &f.items[0];
    assert_int_equal(roi->code, FINDING_LINK_BROKEN);
    assert_non_null(strstr(roi->message, "'roi' in Norwegian"));
    assert_non_null(strstr(roi->message, "did you mean 'rio'"));
    assert_non_null(strstr(roi->message, "exists in English"));
    assert_string_equal(roi->suggestions[0], "rio");
    for (size_t i = 0; i < f.count; i++)
        if (f.items[i].code == FINDING_LINK_FRAGMENT && strstr(f.items[i].message, "missing-id"))
            assert_non_null(strstr(f.items[i].message, "did you mean 'missing-ld'"));
    finding_list_clear(&f);
    for (int g = 0; g < 3; g++) suggester_free(sugg[g]);
    index_free(idx);
}

static void test_duplicates_and_case(void **state)
{
    (void)state;
    struct index_glossary g[] = {{"English", "/"}};
    struct index *idx = index_new(g, 1, prefixes + 1, 1, 1);
    uint32_t x = index_add(idx, 0, make("en/ROI.md", "ROI", NULL, NULL), NULL);
    uint32_t y = index_add(idx, 0, make("en/sub/roi.md", "roi", NULL, NULL), NULL);
    const char *l[] = {"Roi", NULL};
    uint32_t z = index_add(idx, 0, make("en/z.md", "z", l, NULL), NULL);
    struct finding_list f = {0};
    checks_run(idx, NULL, x, &f);
    assert_int_equal(f.count, 1);
    assert_int_equal(f.items[0].code, FINDING_SLUG_DUPLICATE);
    assert_int_equal(f.items[0].nrelated, 1);
    assert_string_equal(f.items[0].related[0].path, "en/sub/roi.md");
    finding_list_clear(&f);
    checks_run(idx, NULL, y, &f);
    assert_int_equal(count_code(&f, FINDING_SLUG_DUPLICATE), 1);
    finding_list_clear(&f);
    checks_run(idx, NULL, z, &f); /* "Roi" resolves case-insensitively */
    assert_int_equal(f.count, 0);
    finding_list_clear(&f);
    index_free(idx);
}

/* An article with more links than one lookup batch (16): slug links in both cases, to other
 * glossaries, relative paths, fragments and repeats; each target gets it as a backlink once, in a
 * case-insensitive index and a case-sensitive one, and after an update that drops half. */
static void test_many_links(void **state)
{
    (void)state;
    for (int ci = 0; ci < 2; ci++) {
        struct index_glossary g[] = {{"Norwegian", "/"}, {"German", "/de/"}};
        struct index *idx = index_new(g, 2, prefixes, 2, ci);
        char names[40][32];
        const char *links[41];
        for (int i = 0; i < 40; i++) {
            int t = i % 20; /* each target twice */
            if (t % 5 == 4) snprintf(names[i], sizeof names[i], "path:no/t%d.md", t);
            else if (t % 5 == 3) snprintf(names[i], sizeof names[i], "de:T%d#x", t);
            else snprintf(names[i], sizeof names[i], i < 20 ? "t%d" : "T%d#h", t);
            links[i] = names[i];
        }
        links[40] = NULL;
        uint32_t src = index_add(idx, 0, make("no/src.md", "src", links, NULL), NULL);
        for (int t = 0; t < 20; t++) {
            char path[32], slug[16];
            snprintf(path, sizeof path, t % 5 == 3 ? "de/t%d.md" : "no/t%d.md", t);
            snprintf(slug, sizeof slug, t % 5 == 3 ? "T%d" : "t%d", t);
            index_add(idx, t % 5 == 3 ? 1 : 0, make(path, slug, NULL, NULL), NULL);
        }
        for (int t = 0; t < 20; t++) {
            const uint32_t *ids;
            char slug[16], path[32];
            snprintf(slug, sizeof slug, t % 5 == 3 ? "T%d" : "t%d", t);
            snprintf(path, sizeof path, "no/t%d.md", t);
            size_t n = t % 5 == 4 ? index_path_backlinks(idx, path, &ids)
                                  : index_backlinks(idx, t % 5 == 3 ? 1 : 0, slug, &ids);
            assert_int_equal(n, 1); /* twice linked, once a backlink */
            assert_int_equal(ids[0], src);
            if (!ci && t % 5 < 3) { /* case-sensitive: "T0" is a term of its own */
                char upper[16];
                snprintf(upper, sizeof upper, "T%d", t);
                assert_int_equal(index_backlinks(idx, 0, upper, &ids), 1);
            }
        }
        links[20] = NULL; /* the update keeps the first 20 links */
        index_replace(idx, src, make("no/src.md", "src", links, NULL), NULL);
        const uint32_t *ids;
        assert_int_equal(index_backlinks(idx, 0, "t0", &ids), 1);
        assert_int_equal(index_backlinks(idx, 0, "T0", &ids), ci ? 1 : 0);
        index_free(idx);
    }
}

/* Each glossary's member list follows adds, removals (swap-remove) and id reuse exactly. */
static int has_member(const struct index *idx, size_t g, uint32_t id)
{
    const uint32_t *ids;
    size_t n = index_members(idx, g, &ids);
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id) return 1;
    return 0;
}

static void test_members(void **state)
{
    (void)state;
    struct index *idx = two_languages();
    uint32_t ids[40];
    char path[32], slug[16];
    for (int i = 0; i < 40; i++) {
        snprintf(path, sizeof path, "%s/t%d.md", i % 2 ? "en" : "no", i);
        snprintf(slug, sizeof slug, "t%d", i);
        ids[i] = index_add(idx, (size_t)(i % 2), make(path, slug, NULL, NULL), NULL);
    }
    const uint32_t *m;
    assert_int_equal(index_members(idx, 0, &m), 20);
    assert_int_equal(index_members(idx, 1, &m), 20);
    assert_int_equal(index_members(idx, 2, &m), 0);
    assert_int_equal(index_members(idx, 9, &m), 0);
    for (int i = 0; i < 40; i += 3) index_replace(idx, ids[i], NULL, NULL); /* remove some */
    size_t live0 = 0, live1 = 0;
    for (int i = 0; i < 40; i++) {
        int alive = i % 3 != 0;
        assert_int_equal(has_member(idx, (size_t)(i % 2), ids[i]), alive);
        assert_false(has_member(idx, (size_t)(1 - i % 2), ids[i]));
        if (alive) *(i % 2 ? &live1 : &live0) += 1;
    }
    assert_int_equal(index_members(idx, 0, &m), live0);
    assert_int_equal(index_members(idx, 1, &m), live1);
    /* a freed id comes back in another glossary */
    uint32_t again = index_add(idx, 1, make("en/new.md", "new", NULL, NULL), NULL);
    assert_true(has_member(idx, 1, again));
    assert_false(has_member(idx, 0, again));
    assert_int_equal(index_members(idx, 1, &m), live1 + 1);
    assert_int_equal(index_members(idx, 0, &m) + index_members(idx, 1, &m), index_count(idx));
    index_free(idx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup_and_backlinks),
        cmocka_unit_test(test_reserve),
        cmocka_unit_test(test_affected),
        cmocka_unit_test(test_checks),
        cmocka_unit_test(test_duplicates_and_case),
        cmocka_unit_test(test_members),
        cmocka_unit_test(test_many_links),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
