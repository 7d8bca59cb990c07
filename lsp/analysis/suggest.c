/* suggest.c — bounded edit distance with two cheap filters in front (length difference and a
 * 64-bit character-presence mask: one edit changes at most two bits), so most candidates cost a
 * few instructions. Must never allocate per candidate. */
#include "suggest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

struct word {
    char *text;
    size_t len;
    uint64_t mask;
};

struct suggester {
    struct word *words; /* sorted by length once queried (see sort_by_length) */
    size_t count, cap;
    size_t *by_len;     /* by_len[n] = index of the first word of length >= n, n <= MAX_LEN + 1 */
    int sorted;
};

#define MAX_LEN 254

/* One bit per letter, digit and '-'; everything else shares the high bits. */
static uint64_t char_mask(const char *s, size_t n)
{
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        unsigned bit;
        if (c >= 'a' && c <= 'z')
            bit = c - 'a';
        else if (c >= 'A' && c <= 'Z')
            bit = c - 'A';
        else if (c >= '0' && c <= '9')
            bit = 26 + (c - '0');
        else if (c == '-')
            bit = 36;
        else
            bit = 37 + c % 27;
        m |= UINT64_C(1) << bit;
    }
    return m;
}

static unsigned popcount64(uint64_t x)
{
    x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
    x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
    x = (x + (x >> 4)) & UINT64_C(0x0F0F0F0F0F0F0F0F);
    return (unsigned)((x * UINT64_C(0x0101010101010101)) >> 56);
}

struct suggester *suggester_new(void)
{
    return xcalloc(1, sizeof(struct suggester));
}

void suggester_add(struct suggester *s, const char *word)
{
    if (s->count == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->words = xrealloc(s->words, s->cap * sizeof *s->words);
    }
    struct word *w = &s->words[s->count++];
    w->len = strlen(word);
    w->text = xstrndup(word, w->len);
    w->mask = char_mask(word, w->len);
    s->sorted = 0;
}

void suggester_free(struct suggester *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->count; i++) free(s->words[i].text);
    free(s->words);
    free(s->by_len);
    free(s);
}

size_t suggest_distance(const char *a, size_t alen, const char *b, size_t blen, size_t limit)
{
    if ((alen > blen ? alen - blen : blen - alen) > limit) return limit + 1;
    if (blen > MAX_LEN || alen > MAX_LEN) return limit + 1;
    /* Optimal string alignment, only within the band |i - j| <= limit (cells outside it are
     * already past the limit), stopping as soon as a whole row is. */
    const size_t big = limit + 1;
    size_t rows[3][MAX_LEN + 2];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= blen; j++) prev[j] = j <= limit ? j : big;
    for (size_t i = 1; i <= alen; i++) {
        size_t lo = i > limit ? i - limit : 1, hi = i + limit < blen ? i + limit : blen;
        cur[0] = i <= limit ? i : big;
        if (lo > 1) cur[lo - 1] = big;
        size_t best = big;
        for (size_t j = lo; j <= hi; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = prev[j] + 1;
            if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
            if (prev[j - 1] + cost < v) v = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            if (v > big) v = big;
            cur[j] = v;
            if (v < best) best = v;
        }
        if (hi < blen) cur[hi + 1] = big;
        if (best > limit) return limit + 1;
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[blen] <= limit ? prev[blen] : limit + 1;
}

static int ascii_case_equal(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z') y = (unsigned char)(y + 32);
        if (x != y) return 0;
    }
    return 1;
}

static int compare_len(const void *a, const void *b)
{
    const struct word *x = a, *y = b;
    if (x->len != y->len) return x->len < y->len ? -1 : 1;
    return strcmp(x->text, y->text);
}

/* Sorts the words by length once, so a query visits only lengths within its limit. */
static void sort_by_length(struct suggester *s)
{
    if (s->count > 1) qsort(s->words, s->count, sizeof *s->words, compare_len);
    free(s->by_len);
    s->by_len = xmalloc((MAX_LEN + 2) * sizeof *s->by_len);
    size_t w = 0;
    for (size_t n = 0; n <= MAX_LEN + 1; n++) {
        while (w < s->count && s->words[w].len < n) w++;
        s->by_len[n] = w;
    }
    s->sorted = 1;
}

size_t suggester_closest(const struct suggester *s, const char *word, const char **out, size_t max)
{
    if (!s || !max || !s->count) return 0;
    if (!s->sorted) sort_by_length((struct suggester *)s); /* before sharing: see suggester_ready */
    size_t len = strlen(word);
    if (len > MAX_LEN) return 0;
    size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    uint64_t mask = char_mask(word, len);
    size_t n = 0;
    size_t dist[16];
    if (max > 16) max = 16;
    size_t from = s->by_len[len > limit ? len - limit : 0];
    size_t to = s->by_len[len + limit + 1 <= MAX_LEN + 1 ? len + limit + 1 : MAX_LEN + 1];
    if (len + limit + 1 > MAX_LEN + 1) to = s->count;
    for (size_t i = from; i < to; i++) {
        const struct word *w = &s->words[i];
        if (popcount64(w->mask ^ mask) > 2 * limit) continue;
        size_t d;
        if (w->len == len && ascii_case_equal(w->text, word, len)) {
            if (memcmp(w->text, word, len) == 0) continue;
            d = 0;
        } else {
            d = suggest_distance(word, len, w->text, w->len, limit);
            if (d > limit) continue;
        }
        /* insertion into the sorted top list */
        size_t k = n;
        while (k > 0 && (dist[k - 1] > d || (dist[k - 1] == d && strcmp(out[k - 1], w->text) > 0)))
            k--;
        if (k >= max) continue;
        size_t last = n < max ? n : max - 1;
        for (size_t m = last; m > k; m--) {
            out[m] = out[m - 1];
            dist[m] = dist[m - 1];
        }
        out[k] = w->text;
        dist[k] = d;
        if (n < max) n++;
    }
    return n;
}

void suggester_ready(struct suggester *s)
{
    if (s && !s->sorted) sort_by_length(s);
}
