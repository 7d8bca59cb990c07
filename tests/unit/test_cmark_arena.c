/* test_cmark_arena.c — unit tests of lsp/analysis/cmark_arena.c: alignment, zeroed calloc, the
 * newest block growing in place, older blocks copied when they grow, blocks larger than a chunk,
 * and a whole cmark parse (with its iterators) served by the arena and released at once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "cmark_arena.h"

static void test_alignment_and_zeroing(void **state)
{
    (void)state;
    struct cmark_arena a;
    cmark_mem *mem = cmark_arena_begin(&a);
    for (size_t n = 0; n < 200; n++) {
        unsigned char *p = mem->calloc(1, n + 1);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (size_t i = 0; i <= n; i++) assert_int_equal(p[i], 0);
        memset(p, 0xAB, n + 1); /* the next calloc must not see this */
    }
    cmark_arena_end(&a);
    assert_null(a.head);
}

static void test_grow_in_place_or_copy(void **state)
{
    (void)state;
    struct cmark_arena a;
    cmark_mem *mem = cmark_arena_begin(&a);
    char *s = mem->realloc(NULL, 8);
    memcpy(s, "abcdefgh", 8);
    char *t = mem->realloc(s, 100); /* the newest block grows where it is */
    assert_ptr_equal(s, t);
    assert_memory_equal(t, "abcdefgh", 8);
    char *u = mem->calloc(1, 16);
    char *v = mem->realloc(t, 200); /* no longer the newest: copied */
    assert_ptr_not_equal(v, t);
    assert_memory_equal(v, "abcdefgh", 8);
    assert_int_equal(u[0], 0);
    char *big = mem->realloc(v, 1000000); /* larger than a chunk */
    assert_memory_equal(big, "abcdefgh", 8);
    memset(big, 'x', 1000000);
    char *w = mem->calloc(3, 5);
    mem->free(w); /* the newest: given back, so the next block takes its place */
    char *w2 = mem->calloc(1, 8);
    assert_ptr_equal(w, w2);
    mem->free(u); /* not the newest: kept until the end */
    assert_true(a.bytes >= 1000000);
    cmark_arena_end(&a);
    assert_int_equal(a.bytes, 0);
}

static void test_parse(void **state)
{
    (void)state;
    static const char doc[] = "# Tittel æøå 😀\n\nEn [lenke](/avkastning) og `kode`.\n\n"
                              "- punkt [en](/en)\n- punkt to\n\n[ref]: /ref\n";
    for (int round = 0; round < 3; round++) { /* arenas come and go on the same thread */
        struct cmark_arena a;
        cmark_parser *p = cmark_parser_new_with_mem(CMARK_OPT_SOURCEPOS, cmark_arena_begin(&a));
        cmark_parser_feed(p, doc, sizeof doc - 1);
        cmark_node *root = cmark_parser_finish(p);
        cmark_parser_free(p);
        int links = 0;
        cmark_iter *it = cmark_iter_new(root);
        cmark_event_type ev;
        while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
            cmark_node *n = cmark_iter_get_node(it);
            if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_LINK) {
                links++;
                assert_true(cmark_node_get_url(n)[0] == '/');
            }
        }
        cmark_iter_free(it);
        assert_int_equal(links, 2);
        assert_non_null(a.head);
        cmark_arena_end(&a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alignment_and_zeroing),
        cmocka_unit_test(test_grow_in_place_or_copy),
        cmocka_unit_test(test_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
