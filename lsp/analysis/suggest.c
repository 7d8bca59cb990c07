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
    struct word *words;
    size_t count, cap;
};

static uint64_t char_mask(const char *s, size_t n)
{
    uint64_t m = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
        m |= UINT64_C(1) << (c & 63);
    }
    return m;
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
}

void suggester_free(struct suggester *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->count; i++) free(s->words[i].text);
    free(s->words);
    free(s);
}

size_t suggest_distance(const char *a, size_t alen, const char *b, size_t blen, size_t limit)
{
    if ((alen > blen ? alen - blen : blen - alen) > limit) return limit + 1;
    if (blen > 254 || alen > 254) return limit + 1; /* slugs are short; keep rows on the stack */
    size_t rows[3][256];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= blen; j++) prev[j] = j;
    for (size_t i = 1; i <= alen; i++) {
        cur[0] = i;
        size_t best = cur[0];
        for (size_t j = 1; j <= blen; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = prev[j] + 1;
            if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
            if (prev[j - 1] + cost < v) v = prev[j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
            if (v < best) best = v;
        }
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

size_t suggester_closest(const struct suggester *s, const char *word, const char **out, size_t max)
{
    if (!s || !max) return 0;
    size_t len = strlen(word);
    size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    uint64_t mask = char_mask(word, len);
    size_t n = 0;
    size_t dist[16];
    if (max > 16) max = 16;
    for (size_t i = 0; i < s->count; i++) {
        const struct word *w = &s->words[i];
        size_t diff = w->len > len ? w->len - len : len - w->len;
        if (diff > limit) continue;
        if ((size_t)__builtin_popcountll(w->mask ^ mask) > 2 * limit) continue;
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
