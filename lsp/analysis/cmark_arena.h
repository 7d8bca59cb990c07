/* cmark_arena.h — a bump allocator that cmark allocates one parse's tree from, released at once
 * when the parse has been read. cmark otherwise makes some 100 small callocs and frees per article,
 * and walks the whole tree again to free it (an eighth of all the time an article takes).
 * Must never outlive the parse it was begun for, and never serve two threads: the allocator cmark
 * calls has no context argument, so the arena in use is found through a thread-local pointer. */
#ifndef GLOSSARY_CMARK_ARENA_H
#define GLOSSARY_CMARK_ARENA_H

#include <cmark.h>
#include <stddef.h>

struct cmark_arena_chunk;

struct cmark_arena {
    struct cmark_arena_chunk *head; /* the chunk allocated from; older chunks follow */
    char *last;                     /* the most recent allocation (grown or given back in place) */
    size_t bytes;                   /* all bytes held, for tests */
};

/** Makes a the calling thread's arena and returns the allocator to hand to cmark
 *  (cmark_parser_new_with_mem). a is zeroed here; the returned pointer is static. Every node,
 *  iterator and string cmark makes from it stays valid until cmark_arena_end(a). Nests: no. */
cmark_mem *cmark_arena_begin(struct cmark_arena *a);

/** Releases everything allocated from a and detaches it from the thread. Nothing from cmark's tree
 *  may be used afterwards (do not call cmark_node_free on it either: it is already gone). */
void cmark_arena_end(struct cmark_arena *a);

#endif
