/* index.h — the glossary index: every article's summary, per glossary a slug -> articles map and
 * the reverse map slug -> articles linking to it, and a path -> article map for relative links.
 * An update costs O(the article's links + changed slugs) and names the articles whose link
 * findings may change. Must never parse text or touch files: it only files summaries. */
#ifndef GLOSSARY_INDEX_H
#define GLOSSARY_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "summary.h"

#define INDEX_NONE UINT32_MAX

struct index;

/* One glossary of the workspace. */
struct index_glossary {
    const char *name;   /* shown in messages, e.g. "Norwegian" */
    const char *prefix; /* its link prefix, e.g. "/" or "/de/"; must be one of the prefixes */
};

/** Creates an empty index of n glossaries (strings copied). prefixes are the distinct link prefixes
 *  in the order the analysis options list them (longest first): a link's `prefix` field indexes this
 *  array. case_insensitive makes slug lookups ignore case. Returns a new index (index_free). */
struct index *index_new(const struct index_glossary *glossaries, size_t n,
                        const char *const *prefixes, size_t nprefixes, int case_insensitive);

/** Makes room for `articles` more articles at once (their slots, and the table of their slugs and
 *  paths), so that filing a first index of that size never stops to grow and rehash a table of a
 *  million entries (tens of milliseconds a request would wait for). Changes nothing else. */
void index_reserve(struct index *idx, size_t articles);

/** Writes every page of the hash table index_reserve sized once, so the kernel maps them now, on
 *  the calling thread, and not one page fault at a time while the first index is filed on the
 *  thread that answers requests (at 429,000 articles: 16 MB whose faults came in the first
 *  second of filing, tens of milliseconds). Changes nothing that can be read. */
void index_touch(struct index *idx);

/** Frees the index and every summary in it. NULL is a no-op. */
void index_free(struct index *idx);

/* Ids whose link findings may have changed because of an update. */
struct index_affected {
    uint32_t *ids;
    size_t count;
    size_t cap;
};

/** Files summary_own (taken) as an article of glossary g. Returns its id (stable until removed;
 *  ids of removed articles are reused). Appends to affected (may be NULL) the articles whose
 *  findings may change: those linking to its slug or path, and those sharing its slug. */
uint32_t index_add(struct index *idx, size_t g, struct summary *summary_own,
                   struct index_affected *affected);

/** Replaces article id's summary with summary_own (taken; NULL removes the article). Appends to
 *  affected (may be NULL) the ids, other than id itself, whose findings may change: articles
 *  linking to a slug or path that appeared or disappeared, articles sharing the old or new slug
 *  (duplicate status), and articles linking with a fragment when the headings changed. Ids may
 *  repeat. A removed id is freed for reuse. */
void index_replace(struct index *idx, uint32_t id, struct summary *summary_own,
                   struct index_affected *affected);

/** Frees affected's array and zeroes it. */
void index_affected_clear(struct index_affected *affected);

/** Returns the summary of id, or NULL when id is not a live article. Borrowed until id is
 *  replaced or removed. */
const struct summary *index_get(const struct index *idx, uint32_t id);

/** Returns the glossary of live article id. */
size_t index_glossary_of(const struct index *idx, uint32_t id);

/** Returns the number of glossaries, and glossary g's name / prefix (borrowed). */
size_t index_glossary_count(const struct index *idx);
const char *index_glossary_name(const struct index *idx, size_t g);
const char *index_glossary_prefix(const struct index *idx, size_t g);

/** Returns one past the highest id ever handed out: iterate ids below it with index_get. */
uint32_t index_capacity(const struct index *idx);

/** Returns how many live articles glossary g has, and their ids through *ids (in no particular
 *  order; borrowed, valid until the index changes). Costs nothing: kept up to date by every
 *  change, so a request about one glossary need not walk the others. */
size_t index_members(const struct index *idx, size_t g, const uint32_t **ids);

/** Returns the number of live articles. */
size_t index_count(const struct index *idx);

/** Returns how many articles of glossary g have slug (NUL-terminated) and, through *ids, their ids
 *  (borrowed until the next update). */
size_t index_lookup(const struct index *idx, size_t g, const char *slug, const uint32_t **ids);

/** Returns how many articles of glossary g link to slug, and their ids through *ids (each article
 *  once, borrowed until the next update). */
size_t index_backlinks(const struct index *idx, size_t g, const char *slug, const uint32_t **ids);

/** Returns how many articles link to the workspace-relative path with a relative link, and their
 *  ids through *ids (each once, borrowed until the next update). */
size_t index_path_backlinks(const struct index *idx, const char *path, const uint32_t **ids);

/** Returns the id of the article at workspace-relative path, or INDEX_NONE. */
uint32_t index_find_path(const struct index *idx, const char *path);

/** Returns the glossary a LINK_TO_SLUG link of article `from` resolves in: among the glossaries
 *  whose prefix is the link's prefix, from's own glossary when it is one of them, else the first. */
size_t index_link_glossary(const struct index *idx, uint32_t from, const struct summary_link *link);

/** Calls fn(ctx, slug) for every slug that has at least one article in glossary g, in an
 *  unspecified but deterministic order; the slug is the key (case-folded when case-insensitive). */
void index_each_slug(const struct index *idx, size_t g, void (*fn)(void *ctx, const char *slug),
                     void *ctx);

#endif
