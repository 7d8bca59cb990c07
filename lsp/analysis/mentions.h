/* mentions.h — unlinked mentions: running text that names another term (its title, any case, whole
 * words), found for every term at once with one Aho–Corasick pass over the case-folded text, the
 * longest match first and no two overlapping. Must never search term by term: 15,000 titles are
 * one automaton. */
#ifndef GLOSSARY_MENTIONS_H
#define GLOSSARY_MENTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "span.h"

struct mentions;

struct mention {
    struct span span; /* the mention in the scanned text */
    uint32_t id;      /* the term it names (as given to mentions_add) */
};

/** Returns a new, empty automaton (mentions_free). */
struct mentions *mentions_new(void);

/** Adds phrase (NUL-terminated, any case; folded here) for term id. Phrases under 3 characters are
 *  ignored. Call before mentions_build. */
void mentions_add(struct mentions *m, const char *phrase, uint32_t id);

/** Computes the failure links; after this, the automaton is read-only (several threads may scan). */
void mentions_build(struct mentions *m);

/** Frees m. NULL is a no-op. */
void mentions_free(struct mentions *m);

/** Scans text[0..len) and returns the new array (caller frees) of non-overlapping whole-word
 *  mentions, in text order, longest first where they compete; *n gets their count. Matches that
 *  overlap any of the `skip` spans (links, code, front matter) or name term `self` are left out. */
struct mention *mentions_scan(const struct mentions *m, const char *text, size_t len,
                              const struct span *skip, size_t nskip, uint32_t self, size_t *n);

#endif
