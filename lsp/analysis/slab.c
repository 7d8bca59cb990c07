/* slab.c — long-lived blocks cut from 2 MiB chunks (see slab.h). Chunks are 2 MiB-aligned pieces
 * (so that the kernel can back each with one huge page) of regions of 1 GiB of address space,
 * each mapped once and advised MADV_HUGEPAGE. The threads that cut share one chunk, cut front to
 * back under a lock: a chunk of its own per thread left one partly cut chunk per indexer worker
 * when the index was done, each a whole 2 MiB huge page (15-18 chunks for 15 chunks of summaries
 * at 15,000 articles, up to 6 MB more peak RSS). Every block carries its chunk in a 16-byte
 * header, and the chunk counts its live blocks plus one while it is the one cut from: the last
 * release gives its memory back (MADV_DONTNEED) and keeps the chunk for reuse. Blocks are never
 * reused inside a chunk (what they hold lives as long as the index; a chunk whose summaries were
 * all replaced goes back whole).
 * Why regions and not one mapping per chunk: mmap and munmap take the process's mmap lock for
 * writing, and the first fault in a new mapping takes it for reading while it zeroes 2 MiB in a
 * worker at nice 10, which other threads may preempt; the thread that answers the editor then
 * waited in brk for that lock, up to 87 ms at 429,000 articles. In a region that has been touched
 * once, faults take only the region's own lock.
 * Under valgrind, chunks are memcheck mempools, so a block used after slab_free is still
 * reported. Must never give back a chunk with a live block. */
#define _GNU_SOURCE
#include "slab.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "xalloc.h"

#if defined(__has_include)
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define SLAB_VALGRIND 1
#endif
#endif
#ifndef SLAB_VALGRIND
#define VALGRIND_CREATE_MEMPOOL(pool, rz, zeroed) ((void)0)
#define VALGRIND_DESTROY_MEMPOOL(pool) ((void)0)
#define VALGRIND_MEMPOOL_ALLOC(pool, addr, size) ((void)0)
#define VALGRIND_MEMPOOL_FREE(pool, addr) ((void)0)
#define VALGRIND_MAKE_MEM_NOACCESS(addr, len) ((void)0)
#define VALGRIND_MAKE_MEM_DEFINED(addr, len) ((void)0)
#endif

/* AddressSanitizer sees only malloc's blocks: in its builds every block is malloc's. */
#if defined(__SANITIZE_ADDRESS__)
#define SLAB_OFF 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLAB_OFF 1
#endif
#endif

#define CHUNK ((size_t)2 << 20)
#define HEADER 16
#define FIRST 64             /* the chunk's own header */
#define BIG (CHUNK / 8)      /* larger blocks come from malloc */

#define REGION ((size_t)1 << 30)

struct chunk {
    atomic_size_t live; /* live blocks, plus one while it is the chunk cut from */
    size_t used;        /* bytes cut, from the chunk's start (under cut_lock) */
};

/* The chunk the cutting threads cut from, and how many threads cut. Taken before chunks_lock. */
static pthread_mutex_t cut_lock = PTHREAD_MUTEX_INITIALIZER;
static struct chunk *current;
static unsigned ncutting;
static _Thread_local int cutting;

/* Chunks not yet handed out: the rest of the last region, and those given back. */
static pthread_mutex_t chunks_lock = PTHREAD_MUTEX_INITIALIZER;
static char **spare; /* chunks given back (untouched since), for reuse */
static size_t nspare, spare_cap;

#ifndef SLAB_OFF
static char *region_next, *region_end;

/* A 2 MiB-aligned chunk of address space (untouched or given back), or NULL. Under chunks_lock. */
static char *chunk_space(void)
{
    if (nspare) return spare[--nspare];
    if (region_next == region_end) {
        size_t map = REGION + CHUNK;
        char *p = mmap(NULL, map, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) return NULL; /* malloc then */
        uintptr_t a = ((uintptr_t)p + CHUNK - 1) & ~(uintptr_t)(CHUNK - 1);
        if (a > (uintptr_t)p) munmap(p, a - (uintptr_t)p);
        size_t tail = (size_t)((uintptr_t)p + map - (a + REGION));
        if (tail) munmap((char *)a + REGION, tail);
#ifdef MADV_HUGEPAGE
        madvise((void *)a, REGION, MADV_HUGEPAGE); /* a hint: without it, 4 KiB pages */
#endif
        region_next = (char *)a;
        region_end = region_next + REGION;
    }
    char *p = region_next;
    region_next += CHUNK;
    return p;
}
#endif

static struct chunk *chunk_new(void)
{
#ifdef SLAB_OFF
    return NULL;
#else
    pthread_mutex_lock(&chunks_lock);
    char *a = chunk_space();
    pthread_mutex_unlock(&chunks_lock);
    if (!a) return NULL;
    struct chunk *c = (struct chunk *)a;
    atomic_init(&c->live, 1);
    c->used = FIRST;
    VALGRIND_CREATE_MEMPOOL(c, 0, 0);
    VALGRIND_MAKE_MEM_NOACCESS((char *)c + FIRST, CHUNK - FIRST);
    return c;
#endif
}

static void chunk_release(struct chunk *c)
{
    if (atomic_fetch_sub_explicit(&c->live, 1, memory_order_acq_rel) != 1) return;
    VALGRIND_DESTROY_MEMPOOL(c);
    /* the memory goes back to the kernel (the next touch finds zeroes); the address space stays,
     * listed outside the chunk so that nothing touches it until it is reused */
    madvise(c, CHUNK, MADV_DONTNEED);
    pthread_mutex_lock(&chunks_lock);
    if (nspare == spare_cap) {
        spare_cap = spare_cap ? spare_cap * 2 : 64;
        spare = xrealloc(spare, spare_cap * sizeof *spare);
    }
    spare[nspare++] = (char *)c;
    pthread_mutex_unlock(&chunks_lock);
}

void slab_thread_begin(void)
{
    if (cutting) return;
    pthread_mutex_lock(&cut_lock);
    cutting = 1;
    ncutting++;
    pthread_mutex_unlock(&cut_lock);
}

void slab_thread_end(void)
{
    if (!cutting) return;
    pthread_mutex_lock(&cut_lock);
    cutting = 0;
    if (--ncutting == 0 && current) { /* the last thread to cut: the chunk is not cut from */
        chunk_release(current);
        current = NULL;
    }
    pthread_mutex_unlock(&cut_lock);
}

void *slab_alloc(size_t n)
{
    if (n > SIZE_MAX - 2 * HEADER) xalloc_die();
    size_t need = HEADER + ((n + 15) & ~(size_t)15);
    if (cutting && need <= BIG) {
        pthread_mutex_lock(&cut_lock);
        if (!current || CHUNK - current->used < need) {
            struct chunk *c = chunk_new();
            if (c) {
                if (current) chunk_release(current);
                current = c;
            }
        }
        if (current && CHUNK - current->used >= need) {
            char *b = (char *)current + current->used;
            current->used += need;
            atomic_fetch_add_explicit(&current->live, 1, memory_order_relaxed);
            VALGRIND_MAKE_MEM_DEFINED(b, HEADER);
            *(struct chunk **)b = current;
            VALGRIND_MEMPOOL_ALLOC(current, b + HEADER, n);
            pthread_mutex_unlock(&cut_lock);
            return b + HEADER;
        }
        pthread_mutex_unlock(&cut_lock);
    }
    char *b = xmalloc(HEADER + n);
    *(struct chunk **)b = NULL;
    return b + HEADER;
}

void slab_free(void *p)
{
    if (!p) return;
    char *b = (char *)p - HEADER;
    struct chunk *c = *(struct chunk **)b;
    if (!c) {
        free(b);
        return;
    }
    VALGRIND_MEMPOOL_FREE(c, p);
    chunk_release(c);
}
