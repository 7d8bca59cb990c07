/* outline_compare.h — compares two Markdown outlines field by field, for the tests and the fuzz
 * target that hold markdown_fast.c to exactly what the cmark walk gives. Header-only (static
 * functions) so both the unit tests and the fuzz targets can include it. Must never report two
 * outlines as equal when any field, string or byte range differs. */
#ifndef GLOSSARY_OUTLINE_COMPARE_H
#define GLOSSARY_OUTLINE_COMPARE_H

#include <stdio.h>
#include <string.h>

#include "markdown.h"

static int oc_span_eq(struct span a, struct span b)
{
    return a.off == b.off && a.len == b.len;
}

static int oc_str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Returns 1 when a and b are equal; else 0, with the first difference described in why. */
static int outline_equal(const struct md_outline *a, const struct md_outline *b, char *why,
                         size_t n)
{
#define OC_DIFF(...)                                                                               \
    do {                                                                                           \
        snprintf(why, n, __VA_ARGS__);                                                             \
        return 0;                                                                                  \
    } while (0)
    if (a->nheadings != b->nheadings) OC_DIFF("%zu headings vs %zu", a->nheadings, b->nheadings);
    for (size_t i = 0; i < a->nheadings; i++) {
        const struct md_heading *x = &a->headings[i], *y = &b->headings[i];
        if (x->level != y->level || x->setext != y->setext || !oc_span_eq(x->span, y->span) ||
            !oc_span_eq(x->text, y->text) || !oc_str_eq(x->plain, y->plain))
            OC_DIFF("heading %zu: level %u/%u, span %u+%u/%u+%u, text %u+%u/%u+%u, '%s'/'%s'", i,
                    x->level, y->level, x->span.off, x->span.len, y->span.off, y->span.len,
                    x->text.off, x->text.len, y->text.off, y->text.len, x->plain, y->plain);
    }
    if (a->nlinks != b->nlinks) OC_DIFF("%zu links vs %zu", a->nlinks, b->nlinks);
    for (size_t i = 0; i < a->nlinks; i++) {
        const struct md_link *x = &a->links[i], *y = &b->links[i];
        if (x->kind != y->kind || !oc_span_eq(x->span, y->span) || !oc_span_eq(x->dest, y->dest) ||
            !oc_str_eq(x->url, y->url) || !oc_str_eq(x->label, y->label) || x->uses != y->uses)
            OC_DIFF("link %zu: kind %d/%d, span %u+%u/%u+%u, dest %u+%u/%u+%u, url '%s'/'%s', "
                    "label '%s'/'%s', uses %u/%u",
                    i, x->kind, y->kind, x->span.off, x->span.len, y->span.off, y->span.len,
                    x->dest.off, x->dest.len, y->dest.off, y->dest.len, x->url, y->url,
                    x->label ? x->label : "(null)", y->label ? y->label : "(null)", x->uses,
                    y->uses);
    }
    if (a->nlists != b->nlists) OC_DIFF("%zu lists vs %zu", a->nlists, b->nlists);
    for (size_t i = 0; i < a->nlists; i++) {
        const struct md_list *x = &a->lists[i], *y = &b->lists[i];
        if (!oc_span_eq(x->span, y->span) || x->items != y->items)
            OC_DIFF("list %zu: span %u+%u/%u+%u, items %u/%u", i, x->span.off, x->span.len,
                    y->span.off, y->span.len, x->items, y->items);
        for (uint32_t k = 0; k < x->items; k++)
            if (!oc_span_eq(x->item_spans[k], y->item_spans[k]))
                OC_DIFF("list %zu item %u: %u+%u/%u+%u", i, k, x->item_spans[k].off,
                        x->item_spans[k].len, y->item_spans[k].off, y->item_spans[k].len);
    }
    if (a->nnospace != b->nnospace) OC_DIFF("%zu ##X lines vs %zu", a->nnospace, b->nnospace);
    for (size_t i = 0; i < a->nnospace; i++) {
        const struct md_nospace *x = &a->nospace[i], *y = &b->nospace[i];
        if (!oc_span_eq(x->span, y->span) || x->hashes != y->hashes ||
            !oc_span_eq(x->text, y->text))
            OC_DIFF("##X line %zu: %u+%u/%u+%u", i, x->span.off, x->span.len, y->span.off,
                    y->span.len);
    }
    if (a->ndashes != b->ndashes) OC_DIFF("%zu dash lines vs %zu", a->ndashes, b->ndashes);
    for (size_t i = 0; i < a->ndashes; i++)
        if (!oc_span_eq(a->dashes[i].dash, b->dashes[i].dash) ||
            !oc_span_eq(a->dashes[i].line, b->dashes[i].line))
            OC_DIFF("dash line %zu: %u+%u/%u+%u", i, a->dashes[i].line.off, a->dashes[i].line.len,
                    b->dashes[i].line.off, b->dashes[i].line.len);
    if (a->ncode != b->ncode) OC_DIFF("%zu code regions vs %zu", a->ncode, b->ncode);
    for (size_t i = 0; i < a->ncode; i++)
        if (!oc_span_eq(a->code[i], b->code[i]))
            OC_DIFF("code region %zu: %u+%u/%u+%u", i, a->code[i].off, a->code[i].len,
                    b->code[i].off, b->code[i].len);
    return 1;
#undef OC_DIFF
}

#endif
