/* test_xalloc.c — unit tests of schema/xalloc.c: xgrow's implied capacity (XGROW_FIRST elements,
 * then doubling) always holds one more element, as an array grows, shrinks and grows again; the
 * sanitizer and memcheck runs catch a write past it. */
#include <malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "xalloc.h"

/* Appends to an array of elem-byte items up to n, checking the room before each write, then
 * takes items off down to 1 and appends again (count goes down and up, as a list of open
 * documents does). */
static void grow_to(size_t elem, size_t n)
{
    unsigned char *a = NULL;
    size_t count = 0, mallocs = 0;
    void *before = NULL;
    for (int pass = 0; pass < 2; pass++) {
        for (; count < n; count++) {
            before = a;
            a = xgrow(a, count, elem);
            if (a != before || count == 0) mallocs++;
            assert_true(malloc_usable_size(a) >= (count + 1) * elem);
            memset(a + count * elem, (int)count, elem); /* the whole new item */
        }
        for (size_t i = 0; i < n; i++) assert_int_equal(a[i * elem], (unsigned char)i);
        count = 1; /* take all but one off */
    }
    if (n <= XGROW_FIRST) assert_true(mallocs <= 2); /* one malloc, and at most a move */
    free(a);
}

static void test_grow(void **state)
{
    (void)state;
    size_t elems[] = {1, 8, 24, 100};
    size_t counts[] = {1, 2, 3, 7, 8, 9, 16, 17, 1000};
    for (size_t e = 0; e < sizeof elems / sizeof *elems; e++)
        for (size_t c = 0; c < sizeof counts / sizeof *counts; c++) grow_to(elems[e], counts[c]);
}

/* The first append of an array takes room for XGROW_FIRST items; until then there is no
 * other allocation. */
static void test_first(void **state)
{
    (void)state;
    int *a = xgrow(NULL, 0, sizeof *a);
    assert_true(malloc_usable_size(a) >= XGROW_FIRST * sizeof *a);
    for (size_t i = 1; i < XGROW_FIRST; i++) assert_ptr_equal(xgrow(a, i, sizeof *a), a);
    a = xgrow(a, XGROW_FIRST, sizeof *a);
    assert_true(malloc_usable_size(a) >= 2 * XGROW_FIRST * sizeof *a);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_first), cmocka_unit_test(test_grow)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
