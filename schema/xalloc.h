/* xalloc.h — allocation that cannot fail: out of memory is logged once and aborts, in this one
 * place, for every layer (schema/, lsp/analysis/, lsp/). Lives in schema/ because that is the
 * bottom layer everything else may depend on. Must never return NULL. */
#ifndef GLOSSARY_XALLOC_H
#define GLOSSARY_XALLOC_H

#include <stddef.h>

/** Like malloc/calloc/realloc but abort with "glossary-ls: out of memory" instead of returning
 *  NULL; a zero size still returns a unique pointer. The caller frees with free(). */
void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);

/** Makes room for one more element in an array of count elements of elem bytes whose capacity is
 *  implied by count: XGROW_FIRST elements first, then doubling when count is a power of two, so
 *  appending n elements costs O(n) and a short array one malloc. Returns the possibly moved
 *  array. Only for arrays grown solely by it (count may go down and up again). */
#define XGROW_FIRST 8
void *xgrow(void *p, size_t count, size_t elem);

/** Returns a new NUL-terminated copy of s / of the first n bytes of s (which need not be
 *  NUL-terminated and may hold NULs). The caller frees. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/** Logs "glossary-ls: out of memory" to stderr and aborts. */
void xalloc_die(void) __attribute__((noreturn));

#endif
