/* terms.c — the term cache (case-folded slug and title per article id, refreshed when an article's
 * summary changes) and the ranking: exact slug, slug prefix, title prefix, word start, substring,
 * letters in order; a bounded min-heap keeps the best k. Must never allocate per candidate. */
#include "terms.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "slugify.h"
#include "xalloc.h"

struct entry {
    const struct summary *seen; /* the summary folded last time (compared by address) */
    char *slug;                 /* folded */
    char *title;                /* folded, or "" */
    size_t slug_len, title_len;
    uint64_t mask;              /* the bytes of slug and title (see byte_mask) */
};

struct terms {
    struct entry *entries; /* by index id */
    uint32_t n;
};

struct terms *terms_new(void)
{
    return xcalloc(1, sizeof(struct terms));
}

void terms_free(struct terms *t)
{
    if (!t) return;
    for (uint32_t i = 0; i < t->n; i++) {
        free(t->entries[i].slug);
        free(t->entries[i].title);
    }
    free(t->entries);
    free(t);
}

static void reserve(struct terms *t, uint32_t count)
{
    if (count <= t->n) return;
    uint32_t n = t->n ? t->n : 1024;
    while (n < count) n *= 2;
    t->entries = xrealloc(t->entries, n * sizeof *t->entries);
    memset(t->entries + t->n, 0, (n - t->n) * sizeof *t->entries);
    t->n = n;
}

/* One bit per byte value class: a-z, 0-9 and '-' each their own, the rest shared by residue. A
 * query can match an entry only if every bit of its mask is in the entry's. */
static uint64_t byte_mask(const char *s, size_t n)
{
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned bit = c >= 'a' && c <= 'z'   ? (unsigned)(c - 'a')
                       : c >= '0' && c <= '9' ? 26u + (unsigned)(c - '0')
                       : c == '-'             ? 36u
                                              : 37u + c % 27u;
        m |= 1ull << bit;
    }
    return m;
}

static struct entry *refresh(struct terms *t, uint32_t id, const struct summary *s)
{
    struct entry *e = &t->entries[id];
    if (e->seen == s) return e;
    free(e->slug);
    free(e->title);
    e->slug = slugify_fold(s->slug, strlen(s->slug), &e->slug_len);
    e->title = s->title ? slugify_fold(s->title, strlen(s->title), &e->title_len) : xstrdup("");
    if (!s->title) e->title_len = 0;
    e->mask = byte_mask(e->slug, e->slug_len) | byte_mask(e->title, e->title_len);
    e->seen = s;
    return e;
}

/* Position of q at the start of a word of s (after the start, '-', '_', ' ', '/'), or -1. */
static long word_start(const char *s, const char *q)
{
    for (const char *p = s; (p = strstr(p, q)); p++) {
        if (p == s || p[-1] == '-' || p[-1] == ' ' || p[-1] == '_' || p[-1] == '/' ||
            p[-1] == '(')
            return p - s;
        if (!*p) break;
    }
    return -1;
}

/* Letters of q in order in s: returns the number of gaps (lower is closer) or -1. */
static long in_order(const char *s, const char *q)
{
    long gaps = 0;
    const char *p = s;
    for (; *q; q++) {
        const char *hit = strchr(p, *q);
        if (!hit) return -1;
        if (hit != p) gaps++;
        p = hit + 1;
    }
    return gaps;
}

/* The entry's score for q, or 0 when it does not match. Tiers are tried best first; once the
 * best a tier can give is below floor (the worst hit kept when the list is full), nothing after
 * it could enter, and 0 is returned without the slower matches. */
static int score_of(const struct entry *e, const char *q, size_t qn, int floor)
{
    if (!qn) return 1;
    if (e->slug_len == qn && memcmp(e->slug, q, qn) == 0) return 10000;
    if (floor > 9000) return 0;
    if (e->slug_len > qn && memcmp(e->slug, q, qn) == 0) return 9000 - (int)(e->slug_len - qn);
    if (floor > 8500) return 0;
    if (e->title_len >= qn && memcmp(e->title, q, qn) == 0) return 8500 - (int)(e->title_len - qn);
    if (floor > 8000) return 0;
    long w = word_start(e->slug, q);
    if (w >= 0) return 8000 - (int)w;
    if (floor > 7500) return 0;
    w = word_start(e->title, q);
    if (w >= 0) return 7500 - (int)w;
    if (floor > 7000) return 0;
    const char *sub = strstr(e->slug, q);
    if (sub) return 7000 - (int)(sub - e->slug);
    if (floor > 6500) return 0;
    sub = strstr(e->title, q);
    if (sub) return 6500 - (int)(sub - e->title);
    if (qn >= 2 && floor <= 4000) {
        long gaps = in_order(e->slug, q);
        if (gaps >= 0 && gaps <= (long)qn) return 4000 - (int)gaps * 10 - (int)e->slug_len;
    }
    return 0;
}

/* min-heap on (score, then reverse slug order): the worst kept hit is at the top */
struct heap {
    struct terms_hit *h;
    size_t n, max;
};

static int worse(const struct heap *hp, const struct terms_hit *a, const struct terms_hit *b)
{
    (void)hp;
    if (a->score != b->score) return a->score < b->score;
    return strcmp(a->key, b->key) > 0;
}

static void sift_down(struct heap *hp, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < hp->n && worse(hp, &hp->h[l], &hp->h[m])) m = l;
        if (r < hp->n && worse(hp, &hp->h[r], &hp->h[m])) m = r;
        if (m == i) return;
        struct terms_hit x = hp->h[i];
        hp->h[i] = hp->h[m];
        hp->h[m] = x;
        i = m;
    }
}

static void push(struct heap *hp, struct terms_hit hit)
{
    if (hp->n < hp->max) {
        size_t i = hp->n++;
        hp->h[i] = hit;
        while (i > 0) {
            size_t p = (i - 1) / 2;
            if (!worse(hp, &hp->h[i], &hp->h[p])) break;
            struct terms_hit x = hp->h[i];
            hp->h[i] = hp->h[p];
            hp->h[p] = x;
            i = p;
        }
        return;
    }
    if (!worse(hp, &hp->h[0], &hit)) return; /* not better than the worst kept */
    hp->h[0] = hit;
    sift_down(hp, 0);
}

static int compare_hits(const void *a, const void *b)
{
    const struct terms_hit *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    return strcmp(x->key, y->key);
}

/* Scores article id against the query and keeps it in the heap when it is among the best. */
static void consider(struct terms *t, const struct index *idx, uint32_t id, const char *q,
                     size_t qn, uint64_t qmask, struct heap *hp, size_t *count)
{
    const struct summary *s = index_get(idx, id);
    if (!s) return;
    struct entry *e = refresh(t, id, s);
    if (qmask & ~e->mask) return; /* a byte of the query is in neither slug nor title */
    /* Once the list is full and more matched than it holds, only what can enter it counts. */
    int floor = hp->max && hp->n == hp->max && *count > hp->max ? hp->h[0].score : INT_MIN;
    int score = score_of(e, q, qn, floor);
    if (score <= 0) return;
    (*count)++;
    if (hp->max) push(hp, (struct terms_hit){id, score, e->slug});
}

size_t terms_rank(struct terms *t, const struct index *idx, size_t g, const char *query,
                  struct terms_hit *out, size_t max, size_t *matched)
{
    size_t qn;
    char *q = slugify_fold(query, strlen(query), &qn);
    uint64_t qmask = byte_mask(q, qn);
    struct heap hp = {out, 0, max};
    size_t count = 0;
    reserve(t, index_capacity(idx));
    if (g != SIZE_MAX) { /* only that glossary's articles: the others cost nothing */
        const uint32_t *ids;
        size_t n = index_members(idx, g, &ids);
        for (size_t i = 0; i < n; i++) consider(t, idx, ids[i], q, qn, qmask, &hp, &count);
    } else {
        uint32_t cap = index_capacity(idx);
        for (uint32_t id = 0; id < cap; id++) consider(t, idx, id, q, qn, qmask, &hp, &count);
    }
    free(q);
    if (hp.n > 1) qsort(out, hp.n, sizeof *out, compare_hits);
    if (matched) *matched = count;
    return hp.n;
}
