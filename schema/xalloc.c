/* xalloc.c — the single out-of-memory policy: log and abort. Must never be bypassed by a local
 * malloc wrapper elsewhere. */
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void xalloc_die(void)
{
    fputs("glossary-ls: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) xalloc_die();
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) xalloc_die();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) xalloc_die();
    return q;
}

void *xgrow(void *p, size_t count, size_t elem)
{
    /* capacity: XGROW_FIRST, else the power of two count last reached */
    if (count && (count < XGROW_FIRST || (count & (count - 1)))) return p;
    return xrealloc(p, (count ? 2 * count : XGROW_FIRST) * elem);
}

char *xstrndup(const char *s, size_t n)
{
    char *d = xmalloc(n + 1);
    if (n) memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}
