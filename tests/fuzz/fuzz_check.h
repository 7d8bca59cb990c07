/* fuzz_check.h — what the fuzz targets of tests/fuzz share: an invariant check that aborts with
 * the place and the condition (libFuzzer then keeps the input), and checks that a finding list and
 * a value tree stay inside the text they came from. Header-only, for the fuzz targets alone.
 * Must never be used by the program: it aborts on purpose. */
#ifndef GLOSSARY_FUZZ_CHECK_H
#define GLOSSARY_FUZZ_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "finding.h"
#include "value.h"

/* Aborts (a crash libFuzzer records with its input) when cond is false. */
#define FUZZ_CHECK(cond)                                                                         \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);        \
            abort();                                                                             \
        }                                                                                        \
    } while (0)

/* 1 when the byte range [off, off + len) lies inside n bytes. */
static inline int fuzz_span_inside(uint32_t off, uint32_t len, size_t n)
{
    return (size_t)off <= n && (size_t)len <= n - (size_t)off;
}

/* Every finding has a known code and a message, and its range (and its same-document related
 * ranges) inside n bytes. */
static inline void fuzz_check_findings(const struct finding_list *l, size_t n)
{
    for (size_t i = 0; i < l->count; i++) {
        const struct finding *f = &l->items[i];
        FUZZ_CHECK((unsigned)f->code < FINDING_CODE_COUNT);
        FUZZ_CHECK(f->message != NULL);
        FUZZ_CHECK(fuzz_span_inside(f->span.off, f->span.len, n));
        for (size_t k = 0; k < f->nrelated; k++)
            if (!f->related[k].path)
                FUZZ_CHECK(fuzz_span_inside(f->related[k].span.off, f->related[k].span.len, n));
    }
}

/* Every key and value of the tree lies inside n bytes of its source, every string is
 * NUL-terminated. Iterative (an explicit stack), since trees may be deep. */
static inline void fuzz_check_tree(const struct value *root, size_t n)
{
    if (!root) return;
    size_t cap = 64, top = 0;
    const struct value **stack = malloc(cap * sizeof *stack);
    FUZZ_CHECK(stack != NULL);
    stack[top++] = root;
    while (top) {
        const struct value *v = stack[--top];
        FUZZ_CHECK(fuzz_span_inside(v->off, v->len, n));
        size_t kids = v->kind == VALUE_ARRAY ? v->u.array.count
                      : v->kind == VALUE_OBJECT ? v->u.object.count
                                                : 0;
        if (top + kids > cap) {
            while (top + kids > cap) cap *= 2;
            stack = realloc(stack, cap * sizeof *stack);
            FUZZ_CHECK(stack != NULL);
        }
        if (v->kind == VALUE_STRING) FUZZ_CHECK(v->u.string.ptr[v->u.string.len] == '\0');
        for (size_t i = 0; i < kids; i++) {
            if (v->kind == VALUE_ARRAY) {
                stack[top++] = v->u.array.items[i];
            } else {
                const struct value_member *m = &v->u.object.members[i];
                FUZZ_CHECK(m->key[m->key_len] == '\0');
                FUZZ_CHECK(fuzz_span_inside(m->key_off, m->key_src_len, n));
                stack[top++] = m->value;
            }
        }
    }
    free(stack);
}

#endif
