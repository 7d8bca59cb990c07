/* summary_pack.c — moves an article summary and everything it owns (strings, arrays, findings
 * with their related information and suggestions) into one block of slab.c: one allocation
 * instead of dozens, laid out together, freed at once. Two walks over the same code: the first
 * only measures, the second copies. Must never leave a pointer into the unpacked summary. */
#include <stdint.h>
#include <string.h>

#include "slab.h"
#include "summary.h"

struct packer {
    char *base;  /* NULL while measuring */
    size_t used; /* bytes so far */
};

static void *take(struct packer *p, size_t n, size_t align)
{
    p->used = (p->used + align - 1) & ~(align - 1);
    void *at = p->base ? p->base + p->used : NULL;
    p->used += n;
    return at;
}

static char *str(struct packer *p, const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = take(p, n, 1);
    if (d) memcpy(d, s, n);
    return d;
}

/* A copy of the array src of n items of size bytes (NULL when empty). */
static void *arr(struct packer *p, const void *src, size_t n, size_t size)
{
    if (!n || !src) return NULL;
    void *d = take(p, n * size, 16);
    if (d) memcpy(d, src, n * size);
    return d;
}

static char **strings(struct packer *p, char *const *src, size_t n)
{
    char **d = arr(p, src, n, sizeof *src);
    for (size_t i = 0; i < n; i++) {
        char *s = str(p, src[i]);
        if (d) d[i] = s;
    }
    return d;
}

static void findings(struct packer *p, struct finding_list *d, const struct finding_list *s)
{
    struct finding *items = arr(p, s->items, s->count, sizeof *s->items);
    for (size_t i = 0; i < s->count; i++) {
        const struct finding *f = &s->items[i];
        char *message = str(p, f->message);
        struct finding_related *rel = arr(p, f->related, f->nrelated, sizeof *f->related);
        for (size_t k = 0; k < f->nrelated; k++) {
            char *path = str(p, f->related[k].path), *m = str(p, f->related[k].message);
            if (rel) {
                rel[k].path = path;
                rel[k].message = m;
            }
        }
        size_t ns = 0;
        while (f->suggestions && f->suggestions[ns]) ns++;
        char **sugg = f->suggestions ? strings(p, f->suggestions, ns + 1) : NULL;
        if (items) {
            items[i].message = message;
            items[i].related = rel;
            items[i].suggestions = sugg;
        }
    }
    if (d) {
        d->items = items;
        d->count = s->count;
        d->cap = s->count;
    }
}

/* Copies s into p (or measures it); returns the copy (NULL while measuring). */
static struct summary *walk(struct packer *p, const struct summary *s)
{
    struct summary *d = take(p, sizeof *d, 16);
    if (d) *d = *s;
    char *path = str(p, s->path), *slug = str(p, s->slug), *title = str(p, s->title),
         *description = str(p, s->description);
    char **keywords = strings(p, s->keywords, s->nkeywords);
    struct summary_heading *headings = arr(p, s->headings, s->nheadings, sizeof *s->headings);
    for (size_t i = 0; i < s->nheadings; i++) {
        char *text = str(p, s->headings[i].text), *id = str(p, s->headings[i].id);
        if (headings) {
            headings[i].text = text;
            headings[i].id = id;
        }
    }
    struct summary_link *links = arr(p, s->links, s->nlinks, sizeof *s->links);
    for (size_t i = 0; i < s->nlinks; i++) {
        char *ls = str(p, s->links[i].slug), *fragment = str(p, s->links[i].fragment);
        if (links) {
            links[i].slug = ls;
            links[i].fragment = fragment;
        }
    }
    char **highlights = strings(p, s->highlights, s->nhighlights);
    struct span *code = arr(p, s->code, s->ncode, sizeof *s->code);
    findings(p, d ? &d->findings : NULL, &s->findings);
    if (!d) return NULL;
    d->path = path;
    d->slug = slug;
    d->title = title;
    d->description = description;
    d->keywords = keywords;
    d->headings = headings;
    d->links = links;
    d->highlights = highlights;
    d->code = code;
    d->packed = 1;
    return d;
}

struct summary *summary_pack(struct summary *s)
{
    if (!s || s->packed) return s;
    struct packer p = {NULL, 0};
    walk(&p, s);
    p.base = slab_alloc(p.used);
    p.used = 0;
    struct summary *d = walk(&p, s);
    summary_free(s);
    return d;
}
