/* slab.h — blocks for data that lives as long as the index (packed article summaries), cut from
 * 2 MiB chunks the kernel may back with transparent huge pages: one page fault per chunk instead
 * of one per 4 KiB page as the heap grows (on the 2-core VM of the benchmarks, faulting in 64 MiB
 * takes 300 ms in 4 KiB pages and 50 ms in huge pages). Only threads that opt in (the indexer's
 * workers) cut from chunks; everywhere else, and in sanitizer builds, blocks are malloc's.
 * Must never hand out memory twice, and never return a chunk to the kernel while a block in it
 * lives or a thread still cuts from it. */
#ifndef GLOSSARY_SLAB_H
#define GLOSSARY_SLAB_H

#include <stddef.h>

/** The calling thread cuts blocks from chunks until slab_thread_end, from the same chunk as every
 *  other thread cutting then (the indexer's workers end with one partly cut chunk, not one each).
 *  Calling it again before slab_thread_end changes nothing. */
void slab_thread_begin(void);

/** The calling thread stops cutting; when no thread cuts any more, the last chunk is returned
 *  once its blocks are freed. A thread that does not cut: no-op. */
void slab_thread_end(void);

/** Returns a block of n bytes, 16-byte aligned, uninitialised; from the shared chunk when the
 *  thread opted in and n is small, else from malloc. Aborts on out of memory. Free with
 *  slab_free. */
void *slab_alloc(size_t n);

/** Frees a block of slab_alloc (any thread). NULL is a no-op. */
void slab_free(void *p);

#endif
