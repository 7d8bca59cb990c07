/* suggest.h — "did you mean": the closest words to a misspelt one (slugs, heading ids, keys), by
 * edit distance with transpositions, fast enough to ask for every broken link of 15,000 articles.
 * Must never change after it is built while readers use it: it is shared read-only by threads. */
#ifndef GLOSSARY_SUGGEST_H
#define GLOSSARY_SUGGEST_H

#include <stddef.h>

struct suggester;

/** Returns a new, empty suggester (free with suggester_free). */
struct suggester *suggester_new(void);

/** Adds a copy of word (NUL-terminated) to the candidates. */
void suggester_add(struct suggester *s, const char *word);

/** Prepares s for queries (sorts the words by length). Call it after the last suggester_add and
 *  before several threads query s at once; suggester_closest does it itself otherwise. */
void suggester_ready(struct suggester *s);

/** Frees s and its words. NULL is a no-op. */
void suggester_free(struct suggester *s);

/** Writes to out up to max candidates closest to word, best first (smaller distance, then
 *  alphabetical), and returns how many. A candidate qualifies when its distance is at most 1 for
 *  words of up to 4 bytes, 2 up to 8, 3 beyond; a candidate equal to word ignoring ASCII case is
 *  always first. word itself (exactly equal) is never suggested. The strings are borrowed from s. */
size_t suggester_closest(const struct suggester *s, const char *word, const char **out, size_t max);

/** Returns the optimal-string-alignment distance between a[0..alen) and b[0..blen) if it is at
 *  most limit, else limit + 1. Bytes are compared as they are. */
size_t suggest_distance(const char *a, size_t alen, const char *b, size_t blen, size_t limit);

#endif
