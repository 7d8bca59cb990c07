/* terms.h — finding terms by what a writer types: a slug prefix, the start of a word of the title
 * ("avkast" finds returnoninvestment, titled "Avkastning på investeringen"), a substring, or the
 * letters in order. Ranked on the server, top-k without sorting every candidate, for completion
 * and workspace symbols. Must never rescan an article that has not changed since the last query. */
#ifndef GLOSSARY_TERMS_H
#define GLOSSARY_TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "index.h"

struct terms;

/* One ranked term. */
struct terms_hit {
    uint32_t id;      /* index id of the article */
    int score;        /* higher is better */
    const char *key;  /* its folded slug, for ties (borrowed from the cache until the next call) */
};

/** Returns a new, empty cache of folded slugs and titles (terms_free). */
struct terms *terms_new(void);

/** Frees t. NULL is a no-op. */
void terms_free(struct terms *t);

/** Ranks the live articles of idx (only glossary g, or every glossary when g is SIZE_MAX) against
 *  query (NUL-terminated, any case; "" matches everything, alphabetically by slug). Writes the best
 *  max hits to out, best first (ties by slug), and returns how many; *matched (may be NULL) gets how
 *  many articles matched, counted exactly up to max + 1 (enough to tell whether out holds every
 *  match): past that, articles that could not enter out are not scored to the end. Articles whose summary changed since the last call are folded
 *  again; the others are reused from t. */
size_t terms_rank(struct terms *t, const struct index *idx, size_t g, const char *query,
                  struct terms_hit *out, size_t max, size_t *matched);

#endif
