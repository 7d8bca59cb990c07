/* checks.c — resolves each internal link of an article against the index and reports what does
 * not resolve, plus slugs claimed twice. Must never write to the index or to shared state. */
#include "checks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slugify.h"
#include "xalloc.h"

static void add_slug(void *ctx, const char *slug)
{
    suggester_add(ctx, slug);
}

struct suggester *checks_suggester_new(const struct index *idx, size_t g)
{
    struct suggester *s = suggester_new();
    index_each_slug(idx, g, add_slug, s);
    suggester_ready(s);
    return s;
}

/* "; did you mean 'a', 'b' or 'c'?" into buf (empty when n == 0). */
static void did_you_mean(char *buf, size_t size, const char *const *list, size_t n)
{
    buf[0] = '\0';
    if (!n) return;
    size_t used = (size_t)snprintf(buf, size, "; did you mean ");
    for (size_t i = 0; i < n && used < size; i++) {
        const char *sep = i == 0 ? "" : (i + 1 == n ? " or " : ", ");
        int w = snprintf(buf + used, size - used, "%s'%s'", sep, list[i]);
        if (w < 0) return;
        used += (size_t)w;
    }
    if (used < size) snprintf(buf + used, size - used, "?");
}

/* Another glossary sharing the link's prefix that has the slug, for a hint; or NULL. */
static const char *found_elsewhere(const struct index *idx, size_t g, const char *slug)
{
    const char *prefix = index_glossary_prefix(idx, g);
    for (size_t o = 0; o < index_glossary_count(idx); o++) {
        const uint32_t *ids;
        if (o == g || strcmp(index_glossary_prefix(idx, o), prefix) != 0) continue;
        if (index_lookup(idx, o, slug, &ids)) return index_glossary_name(idx, o);
    }
    return NULL;
}

static void report_broken(const struct index *idx, checks_suggester_fn get, void *ctx,
                          const struct summary_link *l, size_t g, struct finding_list *out)
{
    const char *best[3];
    size_t n = 0;
    struct suggester *sg = get ? get(ctx, g) : NULL;
    if (sg) n = suggester_closest(sg, l->slug, best, 3);
    char hint[400];
    did_you_mean(hint, sizeof hint, best, n);
    const char *other = found_elsewhere(idx, g, l->slug);
    struct finding *f;
    if (other)
        f = finding_add(out, FINDING_LINK_BROKEN, l->dest,
                        "No article with slug '%s' in %s%s (it exists in %s, but links do not "
                        "cross glossaries)",
                        l->slug, index_glossary_name(idx, g), hint, other);
    else
        f = finding_add(out, FINDING_LINK_BROKEN, l->dest, "No article with slug '%s' in %s%s",
                        l->slug, index_glossary_name(idx, g), hint);
    finding_set_suggestions(f, best, n);
}

static void check_fragment(const struct summary_link *l, const struct summary *target,
                           struct finding_list *out)
{
    if (!l->fragment || summary_heading_by_id(target, l->fragment)) return;
    struct suggester *ids = suggester_new();
    for (size_t i = 0; i < target->nheadings; i++) suggester_add(ids, target->headings[i].id);
    const char *best[3];
    size_t n = suggester_closest(ids, l->fragment, best, 3);
    char hint[400];
    did_you_mean(hint, sizeof hint, best, n);
    struct finding *f = finding_add(out, FINDING_LINK_FRAGMENT,
                                    l->frag_span.len ? l->frag_span : l->dest,
                                    "The article '%s' has no heading with id '%s'%s",
                                    target->slug, l->fragment, hint);
    finding_set_suggestions(f, best, n);
    suggester_free(ids);
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp((*(const struct summary *const *)a)->path, (*(const struct summary *const *)b)->path);
}

static struct span slug_location(const struct summary *s)
{
    if (s->slug_span.len) return s->slug_span;
    if (s->title_span.len) return s->title_span;
    if (s->frontmatter.len) return span_make(s->frontmatter.off, 3);
    return span_make(0, 0);
}

uint32_t checks_resolve(const struct index *idx, uint32_t from, const struct summary_link *l,
                        size_t *glossary)
{
    size_t own = index_glossary_of(idx, from);
    if (glossary) *glossary = own;
    if (l->target == LINK_TO_SELF) return from;
    if (l->target == LINK_TO_PATH) {
        uint32_t t = l->slug ? index_find_path(idx, l->slug) : INDEX_NONE;
        if (t != INDEX_NONE && glossary) *glossary = index_glossary_of(idx, t);
        return t;
    }
    size_t g = index_link_glossary(idx, from, l);
    if (glossary) *glossary = g;
    const uint32_t *ids;
    size_t n = index_lookup(idx, g, l->slug, &ids);
    if (!n) return INDEX_NONE;
    uint32_t best = ids[0];
    for (size_t k = 0; k < n; k++) {
        if (ids[k] == from) return from;
        if (k == 0) continue;
        const struct summary *c = index_get(idx, ids[k]), *b = index_get(idx, best);
        int has = l->fragment && summary_heading_by_id(c, l->fragment);
        int best_has = l->fragment && summary_heading_by_id(b, l->fragment);
        if ((has && !best_has) || (has == best_has && strcmp(c->path, b->path) < 0)) best = ids[k];
    }
    return best;
}

int checks_leads_to(const struct index *idx, uint32_t from, const struct summary_link *l, size_t g,
                    const char *slug, uint32_t t, int ci)
{
    if (l->target == LINK_TO_SELF) return 0;
    if (l->target == LINK_TO_SLUG) {
        if (!l->slug) return 0;
        int same = ci ? slugify_equal_folded(l->slug, strlen(l->slug), slug, strlen(slug))
                      : strcmp(l->slug, slug) == 0;
        if (!same) return 0;
    }
    size_t lg;
    uint32_t r = checks_resolve(idx, from, l, &lg);
    if (t != INDEX_NONE) return r == t;
    return r == INDEX_NONE && l->target == LINK_TO_SLUG && lg == g; /* a term not written yet */
}

static struct suggester *from_array(void *ctx, size_t g)
{
    return ((struct suggester *const *)ctx)[g];
}

void checks_run(const struct index *idx, struct suggester *const *suggesters, uint32_t id,
                struct finding_list *out)
{
    checks_run_with(idx, suggesters ? from_array : NULL, (void *)suggesters, id, out);
}

void checks_run_with(const struct index *idx, checks_suggester_fn get, void *ctx, uint32_t id,
                     struct finding_list *out)
{
    const struct summary *s = index_get(idx, id);
    if (!s) return;
    size_t own = index_glossary_of(idx, id);
    for (size_t i = 0; i < s->nlinks; i++) {
        const struct summary_link *l = &s->links[i];
        size_t g;
        uint32_t t = checks_resolve(idx, id, l, &g);
        if (t == INDEX_NONE) {
            if (l->target == LINK_TO_PATH && l->slug)
                finding_add(out, FINDING_LINK_BROKEN, l->dest, "No article at '%s'", l->slug);
            else if (l->target == LINK_TO_PATH)
                finding_add(out, FINDING_LINK_BROKEN, l->dest,
                            "This link leaves the workspace: no article can be there");
            else
                report_broken(idx, get, ctx, l, g, out);
            continue;
        }
        const struct summary *target = index_get(idx, t);
        if (t == id && l->target != LINK_TO_SELF && !l->fragment) {
            finding_add(out, FINDING_LINK_SELF, l->span,
                        "This article links to itself ('%s'): unlink the text or link another "
                        "term",
                        s->slug);
            continue;
        }
        check_fragment(l, target, out);
    }

    const uint32_t *same;
    size_t n = index_lookup(idx, own, s->slug, &same);
    if (n > 1) {
        /* the others, by path, so the message does not depend on filing order */
        const struct summary **others = xcalloc(n, sizeof *others);
        size_t m = 0;
        for (size_t k = 0; k < n; k++)
            if (same[k] != id) others[m++] = index_get(idx, same[k]);
        qsort(others, m, sizeof *others, compare_paths);
        struct finding *f = finding_add(out, FINDING_SLUG_DUPLICATE, slug_location(s),
                                        "Slug '%s' is also used by %s%s: links to it are "
                                        "ambiguous; give one of them another slug",
                                        s->slug, others[0]->path, m > 1 ? " and others" : "");
        for (size_t k = 0; k < m; k++)
            finding_add_related(f, others[k]->path, slug_location(others[k]),
                                "Also has slug '%s'", others[k]->slug);
        free(others);
    }
}
