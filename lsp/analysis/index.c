/* index.c — hash maps from (glossary, slug) and from path to the articles that have it and the
 * articles that link to it; articles live in a slot array with reusable ids.
 * Must never hold a pointer into a summary it no longer owns: keys are its own copies. */
#include "index.h"

#include <stdlib.h>
#include <string.h>

#include "slugify.h"
#include "xalloc.h"

#define PATH_SPACE UINT32_MAX /* the "glossary" of path entries */

struct idvec {
    uint32_t *v;
    uint32_t n, cap;
};

struct entry {
    char *key;
    uint32_t hash;
    uint32_t space; /* glossary index, or PATH_SPACE */
    struct idvec articles; /* articles with this slug / at this path */
    struct idvec linkers;  /* articles linking to it (each once) */
};

/* A slot of the hash table: the entry's hash is kept beside its index, so a probe compares it
 * without touching the entry (a cache miss each, when the index is large). */
struct slot {
    uint32_t hash;
    uint32_t e1; /* entry index + 1; 0 = empty */
};

struct article {
    struct summary *s; /* NULL when the slot is free */
    uint32_t glossary;
    uint32_t member_pos; /* where its id is in its glossary's members */
};

struct glossary_rec {
    char *name;
    char *prefix;
    struct idvec entries; /* entries created in this glossary's space */
    struct idvec members; /* its live articles' ids, in no order */
};

struct index {
    struct glossary_rec *gl;
    size_t ng;
    struct idvec *by_prefix; /* prefix index -> glossaries using it */
    size_t nprefixes;
    int ci;
    struct entry *entries;
    uint32_t nentries, capentries;
    struct slot *table; /* open addressing over entries, linear probing */
    uint32_t tcap;      /* power of two */
    struct article *arts;
    uint32_t narts, capart;
    struct idvec free_ids;
    size_t live;
};

static void idvec_push(struct idvec *v, uint32_t x)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 2;
        v->v = xrealloc(v->v, v->cap * sizeof *v->v);
    }
    v->v[v->n++] = x;
}

static void idvec_remove(struct idvec *v, uint32_t x)
{
    for (uint32_t i = 0; i < v->n; i++) {
        if (v->v[i] == x) {
            memmove(v->v + i, v->v + i + 1, (v->n - i - 1) * sizeof *v->v);
            v->n--;
            return;
        }
    }
}

static uint32_t hash_key(uint32_t space, const char *key)
{
    uint32_t h = 2166136261u ^ (space * 0x9E3779B1u);
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h ^= *p;
        h *= 16777619u;
    }
    return h;
}

static void table_insert(struct index *idx, uint32_t e)
{
    uint32_t h = idx->entries[e].hash, mask = idx->tcap - 1, i = h & mask;
    while (idx->table[i].e1) i = (i + 1) & mask;
    idx->table[i] = (struct slot){h, e + 1};
}

/* Rehashes into a table of at least `want` slots (a power of two, at least twice the last). */
static void table_resize(struct index *idx, uint32_t want)
{
    uint32_t cap = idx->tcap ? idx->tcap * 2 : 1024;
    while (cap < want && cap < (1u << 31)) cap *= 2;
    free(idx->table);
    idx->tcap = cap;
    idx->table = xcalloc(idx->tcap, sizeof *idx->table);
    for (uint32_t e = 0; e < idx->nentries; e++) table_insert(idx, e);
}

static void table_grow(struct index *idx)
{
    table_resize(idx, 0);
}

void index_reserve(struct index *idx, size_t articles)
{
    if (articles > UINT32_MAX / 8) articles = UINT32_MAX / 8;
    uint32_t n = (uint32_t)articles;
    if (idx->narts + n > idx->capart) {
        idx->capart = idx->narts + n;
        idx->arts = xrealloc(idx->arts, idx->capart * sizeof *idx->arts);
    }
    uint32_t entries = idx->nentries + 2 * n; /* a slug and a path each; links mostly reuse them */
    if (entries > idx->capentries) {
        idx->capentries = entries;
        idx->entries = xrealloc(idx->entries, idx->capentries * sizeof *idx->entries);
    }
    if ((uint64_t)entries * 4 > (uint64_t)idx->tcap * 3) table_resize(idx, entries / 3 * 4 + 4);
}

/* Writes one byte of every 4 KiB of [p, p + n) with its own value. */
static void touch(void *p, size_t n)
{
    volatile unsigned char *b = p;
    for (size_t i = 0; i < n; i += 4096) b[i] = b[i];
}

void index_touch(struct index *idx)
{
    /* the table only: its slots are hit at random, so its faults crowd into the first moments
     * of filing; entries and slots fill front to back, a page now and then */
    touch(idx->table, (size_t)idx->tcap * sizeof *idx->table);
}

/* Finds the entry for (space, key) whose hash is h; creates it when create is set. Returns its
 * index or INDEX_NONE. */
static uint32_t entry_find_hashed(struct index *idx, uint32_t space, const char *key, uint32_t h,
                                  int create)
{
    if (idx->tcap) {
        uint32_t mask = idx->tcap - 1;
        for (uint32_t i = h & mask; idx->table[i].e1; i = (i + 1) & mask) {
            if (idx->table[i].hash != h) continue;
            struct entry *e = &idx->entries[idx->table[i].e1 - 1];
            if (e->space == space && strcmp(e->key, key) == 0) return idx->table[i].e1 - 1;
        }
    }
    if (!create) return INDEX_NONE;
    if ((idx->nentries + 1) * 4 > idx->tcap * 3) table_grow(idx);
    if (idx->nentries == idx->capentries) {
        idx->capentries = idx->capentries ? idx->capentries * 2 : 256;
        idx->entries = xrealloc(idx->entries, idx->capentries * sizeof *idx->entries);
    }
    uint32_t e = idx->nentries++;
    memset(&idx->entries[e], 0, sizeof idx->entries[e]);
    idx->entries[e].key = xstrdup(key);
    idx->entries[e].hash = h;
    idx->entries[e].space = space;
    table_insert(idx, e);
    if (space != PATH_SPACE) idvec_push(&idx->gl[space].entries, e);
    return e;
}

/* Finds the entry for (space, key); creates it when create is set. Returns its index or
 * INDEX_NONE. */
static uint32_t entry_find(struct index *idx, uint32_t space, const char *key, int create)
{
    return entry_find_hashed(idx, space, key, hash_key(space, key), create);
}

/* Asks the processor to fetch the table slot of hash h (entries are looked up in batches: the
 * misses of a large table then overlap instead of following one another). */
static void prefetch_slot(const struct index *idx, uint32_t h)
{
    if (idx->tcap) __builtin_prefetch(&idx->table[h & (idx->tcap - 1)]);
}

/* The lookup key of a slug: folded when the glossary ignores case. Returns key or *tmp. */
static const char *slug_key(const struct index *idx, const char *slug, char **tmp)
{
    *tmp = NULL;
    if (!idx->ci) return slug;
    *tmp = slugify_fold(slug, strlen(slug), NULL);
    return *tmp;
}

static uint32_t slug_entry(struct index *idx, uint32_t g, const char *slug, int create)
{
    char *tmp;
    uint32_t e = entry_find(idx, g, slug_key(idx, slug, &tmp), create);
    free(tmp);
    return e;
}

struct index *index_new(const struct index_glossary *glossaries, size_t n,
                        const char *const *prefixes, size_t nprefixes, int case_insensitive)
{
    struct index *idx = xcalloc(1, sizeof *idx);
    idx->ng = n;
    idx->gl = xcalloc(n ? n : 1, sizeof *idx->gl);
    idx->nprefixes = nprefixes;
    idx->by_prefix = xcalloc(nprefixes ? nprefixes : 1, sizeof *idx->by_prefix);
    idx->ci = case_insensitive;
    for (size_t g = 0; g < n; g++) {
        idx->gl[g].name = xstrdup(glossaries[g].name);
        idx->gl[g].prefix = xstrdup(glossaries[g].prefix);
        for (size_t p = 0; p < nprefixes; p++)
            if (strcmp(prefixes[p], glossaries[g].prefix) == 0)
                idvec_push(&idx->by_prefix[p], (uint32_t)g);
    }
    return idx;
}

void index_free(struct index *idx)
{
    if (!idx) return;
    for (uint32_t i = 0; i < idx->narts; i++) summary_free(idx->arts[i].s);
    free(idx->arts);
    for (uint32_t e = 0; e < idx->nentries; e++) {
        free(idx->entries[e].key);
        free(idx->entries[e].articles.v);
        free(idx->entries[e].linkers.v);
    }
    free(idx->entries);
    free(idx->table);
    for (size_t g = 0; g < idx->ng; g++) {
        free(idx->gl[g].name);
        free(idx->gl[g].prefix);
        free(idx->gl[g].entries.v);
        free(idx->gl[g].members.v);
    }
    free(idx->gl);
    for (size_t p = 0; p < idx->nprefixes; p++) free(idx->by_prefix[p].v);
    free(idx->by_prefix);
    free(idx->free_ids.v);
    free(idx);
}

static size_t link_glossary(const struct index *idx, uint32_t own, const struct summary_link *l)
{
    if (l->prefix < 0 || (size_t)l->prefix >= idx->nprefixes) return own;
    const struct idvec *gs = &idx->by_prefix[l->prefix];
    for (uint32_t i = 0; i < gs->n; i++)
        if (gs->v[i] == own) return own;
    return gs->n ? gs->v[0] : own;
}

size_t index_link_glossary(const struct index *idx, uint32_t from, const struct summary_link *link)
{
    return link_glossary(idx, idx->arts[from].glossary, link);
}

/* The entries article id links to, each once. Returns how many were written to out (sized by
 * the number of links). The keys are hashed and their slots fetched first, then looked up. */
static size_t link_entries(struct index *idx, uint32_t id, uint32_t *out)
{
    const struct summary *s = idx->arts[id].s;
    enum { BATCH = 16 };
    size_t n = 0;
    for (size_t first = 0; first < s->nlinks; first += BATCH) {
        size_t count = s->nlinks - first < BATCH ? s->nlinks - first : BATCH;
        uint32_t space[BATCH], hash[BATCH];
        const char *key[BATCH];
        char *tmp[BATCH];
        for (size_t k = 0; k < count; k++) {
            const struct summary_link *l = &s->links[first + k];
            tmp[k] = NULL;
            key[k] = NULL;
            if (!l->slug || (l->target != LINK_TO_SLUG && l->target != LINK_TO_PATH)) continue;
            if (l->target == LINK_TO_SLUG) {
                space[k] = (uint32_t)link_glossary(idx, idx->arts[id].glossary, l);
                key[k] = slug_key(idx, l->slug, &tmp[k]);
            } else {
                space[k] = PATH_SPACE;
                key[k] = l->slug;
            }
            hash[k] = hash_key(space[k], key[k]);
            prefetch_slot(idx, hash[k]);
        }
        for (size_t k = 0; k < count; k++) {
            if (!key[k]) continue;
            uint32_t e = entry_find_hashed(idx, space[k], key[k], hash[k], 1);
            free(tmp[k]);
            size_t j = 0;
            while (j < n && out[j] != e) j++;
            if (j == n) out[n++] = e;
        }
    }
    return n;
}

static void affected_push(struct index_affected *a, uint32_t id)
{
    if (!a) return;
    if (a->count == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 16;
        a->ids = xrealloc(a->ids, a->cap * sizeof *a->ids);
    }
    a->ids[a->count++] = id;
}

static void affected_entry(const struct index *idx, uint32_t e, uint32_t self,
                           struct index_affected *a)
{
    if (!a || e == INDEX_NONE) return;
    const struct entry *en = &idx->entries[e];
    for (uint32_t i = 0; i < en->articles.n; i++)
        if (en->articles.v[i] != self) affected_push(a, en->articles.v[i]);
    for (uint32_t i = 0; i < en->linkers.n; i++)
        if (en->linkers.v[i] != self) affected_push(a, en->linkers.v[i]);
}

/* Files article id (its summary already set) under its slug, path and link targets. Stores the
 * entries of its slug and path through *slug_e and *path_e (may be NULL). */
static void file_article(struct index *idx, uint32_t id, uint32_t *slug_e, uint32_t *path_e)
{
    const struct summary *s = idx->arts[id].s;
    /* Look entries up before indexing the array: a lookup that creates one may move it. */
    uint32_t slug = slug_entry(idx, idx->arts[id].glossary, s->slug, 1);
    idvec_push(&idx->entries[slug].articles, id);
    uint32_t path = entry_find(idx, PATH_SPACE, s->path, 1);
    idvec_push(&idx->entries[path].articles, id);
    uint32_t *targets = xmalloc((s->nlinks ? s->nlinks : 1) * sizeof *targets);
    size_t n = link_entries(idx, id, targets);
    for (size_t i = 0; i < n; i++) idvec_push(&idx->entries[targets[i]].linkers, id);
    free(targets);
    if (slug_e) *slug_e = slug;
    if (path_e) *path_e = path;
}

static void unfile_article(struct index *idx, uint32_t id)
{
    const struct summary *s = idx->arts[id].s;
    uint32_t slug = slug_entry(idx, idx->arts[id].glossary, s->slug, 1);
    idvec_remove(&idx->entries[slug].articles, id);
    uint32_t path = entry_find(idx, PATH_SPACE, s->path, 1);
    idvec_remove(&idx->entries[path].articles, id);
    uint32_t *targets = xmalloc((s->nlinks ? s->nlinks : 1) * sizeof *targets);
    size_t n = link_entries(idx, id, targets);
    for (size_t i = 0; i < n; i++) idvec_remove(&idx->entries[targets[i]].linkers, id);
    free(targets);
}

uint32_t index_add(struct index *idx, size_t g, struct summary *summary_own,
                   struct index_affected *affected)
{
    uint32_t id;
    if (idx->free_ids.n) {
        id = idx->free_ids.v[--idx->free_ids.n];
    } else {
        if (idx->narts == idx->capart) {
            idx->capart = idx->capart ? idx->capart * 2 : 1024;
            idx->arts = xrealloc(idx->arts, idx->capart * sizeof *idx->arts);
        }
        id = idx->narts++;
    }
    idx->arts[id].s = summary_own;
    idx->arts[id].glossary = (uint32_t)g;
    idx->arts[id].member_pos = idx->gl[g].members.n;
    idvec_push(&idx->gl[g].members, id);
    idx->live++;
    uint32_t slug_e, path_e;
    file_article(idx, id, &slug_e, &path_e);
    affected_entry(idx, slug_e, id, affected);
    affected_entry(idx, path_e, id, affected);
    return id;
}

static int same_headings(const struct summary *a, const struct summary *b)
{
    if (a->nheadings != b->nheadings) return 0;
    for (size_t i = 0; i < a->nheadings; i++)
        if (strcmp(a->headings[i].id, b->headings[i].id) != 0) return 0;
    return 1;
}

void index_replace(struct index *idx, uint32_t id, struct summary *summary_own,
                   struct index_affected *affected)
{
    if (id >= idx->narts || !idx->arts[id].s) {
        summary_free(summary_own);
        return;
    }
    struct summary *old = idx->arts[id].s;
    uint32_t g = idx->arts[id].glossary;
    uint32_t old_slug = slug_entry(idx, g, old->slug, 1);
    uint32_t old_path = entry_find(idx, PATH_SPACE, old->path, 1);
    unfile_article(idx, id);
    if (!summary_own) {
        affected_entry(idx, old_slug, id, affected);
        affected_entry(idx, old_path, id, affected);
        summary_free(old);
        idx->arts[id].s = NULL;
        struct idvec *members = &idx->gl[g].members; /* swap-remove */
        uint32_t last = members->v[--members->n];
        members->v[idx->arts[id].member_pos] = last;
        idx->arts[last].member_pos = idx->arts[id].member_pos;
        idvec_push(&idx->free_ids, id);
        idx->live--;
        return;
    }
    idx->arts[id].s = summary_own;
    uint32_t new_slug, new_path;
    file_article(idx, id, &new_slug, &new_path);
    if (new_slug != old_slug || new_path != old_path) {
        affected_entry(idx, old_slug, id, affected);
        affected_entry(idx, new_slug, id, affected);
        affected_entry(idx, old_path, id, affected);
        affected_entry(idx, new_path, id, affected);
    } else if (!same_headings(old, summary_own)) {
        affected_entry(idx, new_slug, id, affected);
        affected_entry(idx, new_path, id, affected);
    }
    summary_free(old);
}

void index_affected_clear(struct index_affected *affected)
{
    free(affected->ids);
    memset(affected, 0, sizeof *affected);
}

const struct summary *index_get(const struct index *idx, uint32_t id)
{
    return id < idx->narts ? idx->arts[id].s : NULL;
}

size_t index_glossary_of(const struct index *idx, uint32_t id)
{
    return idx->arts[id].glossary;
}

size_t index_glossary_count(const struct index *idx)
{
    return idx->ng;
}

const char *index_glossary_name(const struct index *idx, size_t g)
{
    return idx->gl[g].name;
}

const char *index_glossary_prefix(const struct index *idx, size_t g)
{
    return idx->gl[g].prefix;
}

uint32_t index_capacity(const struct index *idx)
{
    return idx->narts;
}

size_t index_members(const struct index *idx, size_t g, const uint32_t **ids)
{
    if (g >= idx->ng) {
        *ids = NULL;
        return 0;
    }
    *ids = idx->gl[g].members.v;
    return idx->gl[g].members.n;
}

size_t index_count(const struct index *idx)
{
    return idx->live;
}

size_t index_lookup(const struct index *idx, size_t g, const char *slug, const uint32_t **ids)
{
    uint32_t e = slug_entry((struct index *)idx, (uint32_t)g, slug, 0);
    if (e == INDEX_NONE) return 0;
    *ids = idx->entries[e].articles.v;
    return idx->entries[e].articles.n;
}

size_t index_backlinks(const struct index *idx, size_t g, const char *slug, const uint32_t **ids)
{
    uint32_t e = slug_entry((struct index *)idx, (uint32_t)g, slug, 0);
    if (e == INDEX_NONE) return 0;
    *ids = idx->entries[e].linkers.v;
    return idx->entries[e].linkers.n;
}

size_t index_path_backlinks(const struct index *idx, const char *path, const uint32_t **ids)
{
    uint32_t e = entry_find((struct index *)idx, PATH_SPACE, path, 0);
    if (e == INDEX_NONE) return 0;
    *ids = idx->entries[e].linkers.v;
    return idx->entries[e].linkers.n;
}

uint32_t index_find_path(const struct index *idx, const char *path)
{
    uint32_t e = entry_find((struct index *)idx, PATH_SPACE, path, 0);
    if (e == INDEX_NONE || !idx->entries[e].articles.n) return INDEX_NONE;
    return idx->entries[e].articles.v[0];
}

void index_each_slug(const struct index *idx, size_t g, void (*fn)(void *ctx, const char *slug),
                     void *ctx)
{
    const struct idvec *es = &idx->gl[g].entries;
    for (uint32_t i = 0; i < es->n; i++) {
        const struct entry *e = &idx->entries[es->v[i]];
        if (e->articles.n) fn(ctx, e->key);
    }
}
