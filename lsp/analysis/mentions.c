/* mentions.c — an Aho–Corasick automaton over case-folded UTF-8 bytes (a trie with first-child /
 * next-sibling edges, failure and dictionary links by breadth-first search), fed the text folded
 * one character at a time, with a ring of original offsets to map matches back. Must never hold a
 * pointer into the text it scans. */
#include "mentions.h"

#include <stdlib.h>
#include <string.h>

#include "slugify.h"
#include "text.h"
#include "xalloc.h"

#define NONE UINT32_MAX
#define RING 512 /* longest phrase kept, in folded bytes */

struct node {
    uint32_t child, sibling; /* first child, next sibling */
    uint32_t fail;           /* longest proper suffix that is a trie node */
    uint32_t dict;           /* nearest node on the fail chain that ends a phrase */
    uint32_t phrase;         /* phrase ending here, or NONE */
    uint8_t byte;
};

struct phrase {
    uint32_t id;
    uint32_t len; /* folded bytes */
};

struct mentions {
    struct node *nodes;
    uint32_t nnodes, cap;
    struct phrase *phrases;
    uint32_t nphrases, pcap;
};

static uint32_t new_node(struct mentions *m, uint8_t byte)
{
    if (m->nnodes == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 1024;
        m->nodes = xrealloc(m->nodes, m->cap * sizeof *m->nodes);
    }
    struct node *n = &m->nodes[m->nnodes];
    n->child = n->sibling = NONE;
    n->fail = n->dict = 0;
    n->phrase = NONE;
    n->byte = byte;
    return m->nnodes++;
}

static uint32_t child(const struct mentions *m, uint32_t node, uint8_t byte)
{
    for (uint32_t c = m->nodes[node].child; c != NONE; c = m->nodes[c].sibling)
        if (m->nodes[c].byte == byte) return c;
    return NONE;
}

struct mentions *mentions_new(void)
{
    struct mentions *m = xcalloc(1, sizeof *m);
    new_node(m, 0); /* the root */
    return m;
}

void mentions_free(struct mentions *m)
{
    if (!m) return;
    free(m->nodes);
    free(m->phrases);
    free(m);
}

void mentions_add(struct mentions *m, const char *phrase, uint32_t id)
{
    size_t n;
    char *f = slugify_fold(phrase, strlen(phrase), &n);
    if (text_utf8_length(f, n) < 3 || n >= RING) {
        free(f);
        return;
    }
    uint32_t node = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = child(m, node, (uint8_t)f[i]);
        if (c == NONE) {
            c = new_node(m, (uint8_t)f[i]);
            m->nodes[c].sibling = m->nodes[node].child;
            m->nodes[node].child = c;
        }
        node = c;
    }
    free(f);
    if (m->nodes[node].phrase != NONE) return; /* the same phrase twice: the first term keeps it */
    if (m->nphrases == m->pcap) {
        m->pcap = m->pcap ? m->pcap * 2 : 256;
        m->phrases = xrealloc(m->phrases, m->pcap * sizeof *m->phrases);
    }
    m->phrases[m->nphrases] = (struct phrase){id, (uint32_t)n};
    m->nodes[node].phrase = m->nphrases++;
}

void mentions_build(struct mentions *m)
{
    uint32_t *queue = xmalloc((m->nnodes + 1) * sizeof *queue);
    size_t head = 0, tail = 0;
    for (uint32_t c = m->nodes[0].child; c != NONE; c = m->nodes[c].sibling) {
        m->nodes[c].fail = 0;
        m->nodes[c].dict = 0;
        queue[tail++] = c;
    }
    while (head < tail) {
        uint32_t u = queue[head++];
        for (uint32_t c = m->nodes[u].child; c != NONE; c = m->nodes[c].sibling) {
            uint32_t f = m->nodes[u].fail, t;
            while ((t = child(m, f, m->nodes[c].byte)) == NONE && f != 0) f = m->nodes[f].fail;
            t = child(m, f, m->nodes[c].byte);
            m->nodes[c].fail = (t != NONE && t != c) ? t : 0;
            uint32_t fl = m->nodes[c].fail;
            m->nodes[c].dict = m->nodes[fl].phrase != NONE ? fl : m->nodes[fl].dict;
            queue[tail++] = c;
        }
    }
    free(queue);
}

/* Letters and digits of any script count as word characters; punctuation and symbols do not. */
static int word_cp(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
               cp == '_';
    if ((cp >= 0x80 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7) return 0;
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) || cp == 0xFFFD) return 0;
    if (cp >= 0x1F000 && cp <= 0x1FAFF) return 0; /* emoji */
    return 1;
}

/* Is there a word character just before off (before) or at off (!before)? */
static int is_word_char(const char *text, size_t len, size_t off, int before)
{
    const unsigned char *u = (const unsigned char *)text;
    if (before) {
        if (off == 0) return 0;
        size_t k = off - 1;
        while (k > 0 && off - k < 4 && (u[k] & 0xC0) == 0x80) k--;
        off = k;
    } else if (off >= len) {
        return 0;
    }
    uint32_t cp;
    text_utf8_decode(u + off, len - off, &cp);
    return word_cp(cp);
}

static int compare_mentions(const void *a, const void *b)
{
    const struct mention *x = a, *y = b;
    if (x->span.off != y->span.off) return x->span.off < y->span.off ? -1 : 1;
    return x->span.len > y->span.len ? -1 : x->span.len < y->span.len;
}

static int skipped(const struct span *skip, size_t nskip, uint32_t off, uint32_t end)
{
    for (size_t i = 0; i < nskip; i++)
        if (off < span_end(skip[i]) && end > skip[i].off) return 1;
    return 0;
}

struct mention *mentions_scan(const struct mentions *m, const char *text, size_t len,
                              const struct span *skip, size_t nskip, uint32_t self, size_t *n)
{
    struct mention *found = NULL;
    size_t count = 0;
    uint32_t ring[RING]; /* original offset of each of the last folded bytes */
    size_t fed = 0;      /* folded bytes fed so far */
    uint32_t state = 0;
    const unsigned char *u = (const unsigned char *)text;
    for (size_t i = 0; i < len && m->nphrases;) {
        uint32_t cp;
        int l = u[i] < 0x80 ? (cp = u[i], 1) : text_utf8_decode(u + i, len - i, &cp);
        char folded[4];
        size_t fl = text_utf8_encode(slugify_lower_cp(cp), folded);
        if (cp == 0xFFFD && l == 1) fl = 0, state = 0; /* an invalid byte breaks any match */
        for (size_t k = 0; k < fl; k++) {
            ring[fed % RING] = (uint32_t)i;
            fed++;
            uint8_t b = (uint8_t)folded[k];
            uint32_t t;
            while ((t = child(m, state, b)) == NONE && state != 0) state = m->nodes[state].fail;
            state = t == NONE ? 0 : t;
            if (k + 1 < fl) continue; /* matches end on whole characters */
            for (uint32_t o = m->nodes[state].phrase != NONE ? state : m->nodes[state].dict; o;
                 o = m->nodes[o].dict) {
                const struct phrase *ph = &m->phrases[m->nodes[o].phrase];
                uint32_t start = ring[(fed - ph->len) % RING], end = (uint32_t)(i + (size_t)l);
                if (ph->id == self || is_word_char(text, len, start, 1) ||
                    is_word_char(text, len, end, 0) || skipped(skip, nskip, start, end))
                    continue;
                found = xgrow(found, count, sizeof *found);
                found[count++] = (struct mention){span_make(start, end - start), ph->id};
            }
        }
        i += (size_t)l;
    }
    if (count > 1) qsort(found, count, sizeof *found, compare_mentions);
    size_t kept = 0; /* longest first where they compete, none overlapping */
    uint32_t covered = 0;
    for (size_t i = 0; i < count; i++) {
        if (kept && found[i].span.off < covered) continue;
        found[kept++] = found[i];
        covered = span_end(found[i].span);
    }
    *n = kept;
    return found;
}
