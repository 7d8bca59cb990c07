/* cmark_arena.c — a bump allocator for one cmark parse (see cmark_arena.h). Every block carries its
 * size in a 16-byte header so realloc can copy; the most recent block grows and shrinks in place,
 * which is how cmark's buffers grow. Must never hand out memory that is not 16-byte aligned, and
 * never return NULL (out of memory aborts through xalloc). */
#include "cmark_arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define ALIGN 16
#define HEADER 16
#define FIRST_CHUNK (64 * 1024)

struct cmark_arena_chunk {
    struct cmark_arena_chunk *next;
    size_t cap;  /* bytes in data */
    size_t used; /* bytes of data handed out */
    _Alignas(ALIGN) char data[];
};

static _Thread_local struct cmark_arena *current;

static size_t round_up(size_t n)
{
    if (n > SIZE_MAX - 2 * ALIGN) xalloc_die();
    return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

static size_t size_of(const char *p)
{
    size_t n;
    memcpy(&n, p - HEADER, sizeof n);
    return n;
}

static void set_size(char *p, size_t n)
{
    memcpy(p - HEADER, &n, sizeof n);
}

/* n usable bytes, uninitialised. */
static void *take(size_t n)
{
    struct cmark_arena *a = current;
    if (!a) xalloc_die(); /* cmark called outside a begin/end pair: a bug, never a silent leak */
    size_t need = HEADER + round_up(n);
    struct cmark_arena_chunk *c = a->head;
    if (!c || c->cap - c->used < need) {
        size_t cap = c ? c->cap * 2 : FIRST_CHUNK;
        if (cap < need) cap = round_up(need);
        c = xmalloc(sizeof *c + cap);
        c->next = a->head;
        c->cap = cap;
        c->used = 0;
        a->head = c;
        a->bytes += cap;
    }
    char *p = c->data + c->used + HEADER;
    c->used += need;
    set_size(p, n);
    a->last = p;
    return p;
}

static void *arena_calloc(size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size) xalloc_die();
    void *p = take(count * size);
    memset(p, 0, count * size);
    return p;
}

static void *arena_realloc(void *ptr, size_t n)
{
    if (!ptr) return take(n);
    struct cmark_arena *a = current;
    char *p = ptr;
    size_t old = size_of(p);
    if (p == a->last) { /* the newest block: grow or shrink it where it is when the chunk allows */
        struct cmark_arena_chunk *c = a->head;
        size_t start = (size_t)(p - c->data) - HEADER;
        size_t need = HEADER + round_up(n);
        if (c->cap - start >= need) {
            c->used = start + need;
            set_size(p, n);
            return p;
        }
    }
    void *q = take(n);
    memcpy(q, p, old < n ? old : n);
    return q;
}

static void arena_free(void *ptr)
{
    struct cmark_arena *a = current;
    char *p = ptr;
    if (!p || !a || p != a->last) return; /* the rest goes with the arena */
    struct cmark_arena_chunk *c = a->head;
    c->used = (size_t)(p - c->data) - HEADER;
    a->last = NULL;
}

static cmark_mem arena_mem = {arena_calloc, arena_realloc, arena_free};

cmark_mem *cmark_arena_begin(struct cmark_arena *a)
{
    memset(a, 0, sizeof *a);
    current = a;
    return &arena_mem;
}

void cmark_arena_end(struct cmark_arena *a)
{
    struct cmark_arena_chunk *c = a->head;
    while (c) {
        struct cmark_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    memset(a, 0, sizeof *a);
    if (current == a) current = NULL;
}
