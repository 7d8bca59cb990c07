/* checks.h — the findings that need the whole index: broken links (with the closest slugs),
 * fragments that name no heading, self-links, duplicate slugs.
 * Must never modify the index: checks of different articles run on several threads at once. */
#ifndef GLOSSARY_CHECKS_H
#define GLOSSARY_CHECKS_H

#include "finding.h"
#include "index.h"
#include "suggest.h"

/** Builds the "did you mean" candidates of glossary g: every slug it has. Caller frees with
 *  suggester_free. Rebuild after slugs appear or disappear. */
struct suggester *checks_suggester_new(const struct index *idx, size_t g);

/** Returns the article a link of article `from` leads to, or INDEX_NONE when it leads nowhere
 *  (LINK_TO_SELF: from itself). Stores the glossary the link resolves in through *glossary (may be
 *  NULL; for path links the target's glossary, or from's). With a duplicate slug: from itself if
 *  it is one of them, else one that has the link's fragment, else the first by path. */
uint32_t checks_resolve(const struct index *idx, uint32_t from, const struct summary_link *l,
                        size_t *glossary);

/** Returns 1 when link l of article `from` leads to article t, or (t == INDEX_NONE) to the term
 *  not written yet whose slug is `slug` in glossary g; else 0. slug is t's slug when t is given;
 *  ci: slugs are compared ignoring case. A written slug that differs is rejected before any
 *  lookup: most links of a linking article lead elsewhere. */
int checks_leads_to(const struct index *idx, uint32_t from, const struct summary_link *l, size_t g,
                    const char *slug, uint32_t t, int ci);

/** Appends to out the cross-article findings of live article id: FINDING_LINK_BROKEN,
 *  FINDING_LINK_FRAGMENT, FINDING_LINK_SELF, FINDING_SLUG_DUPLICATE. suggesters[g] (or NULL, or
 *  suggesters itself NULL) gives suggestions for glossary g. Positions are byte spans in id's text;
 *  related places name the other article's path. */
void checks_run(const struct index *idx, struct suggester *const *suggesters, uint32_t id,
                struct finding_list *out);

/* Gives glossary g's suggester (or NULL: no suggestions), asked only for a glossary a broken link
 * points into, so a caller can build suggesters on first need. */
typedef struct suggester *(*checks_suggester_fn)(void *ctx, size_t g);

/** checks_run with the suggesters asked for through get(ctx, g) (get may be NULL). */
void checks_run_with(const struct index *idx, checks_suggester_fn get, void *ctx, uint32_t id,
                     struct finding_list *out);

#endif
