/* summary_compare.h — compares two article summaries field by field (every string, span,
 * precomputed range, link and finding with its related places and suggestions), for the tests
 * and the fuzz target that hold a packed summary, or one built with a summary_memo, to what
 * summary_new gives. Header-only (static functions). Must never report two summaries as equal
 * when any field differs. */
#ifndef GLOSSARY_SUMMARY_COMPARE_H
#define GLOSSARY_SUMMARY_COMPARE_H

#include <stdio.h>
#include <string.h>

#include "summary.h"

static int sc_str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int sc_span_eq(struct span a, struct span b)
{
    return a.off == b.off && a.len == b.len;
}

static int sc_range_eq(struct summary_range a, struct summary_range b)
{
    return a.start.line == b.start.line && a.start.character == b.start.character &&
           a.end.line == b.end.line && a.end.character == b.end.character;
}

static int sc_findings_eq(const struct finding_list *a, const struct finding_list *b)
{
    if (a->count != b->count) return 0;
    for (size_t i = 0; i < a->count; i++) {
        const struct finding *x = &a->items[i], *y = &b->items[i];
        if (x->code != y->code || !sc_span_eq(x->span, y->span) ||
            !sc_str_eq(x->message, y->message) || x->nrelated != y->nrelated ||
            !x->suggestions != !y->suggestions)
            return 0;
        for (size_t k = 0; k < x->nrelated; k++)
            if (!sc_str_eq(x->related[k].path, y->related[k].path) ||
                !sc_span_eq(x->related[k].span, y->related[k].span) ||
                !sc_str_eq(x->related[k].message, y->related[k].message))
                return 0;
        for (size_t k = 0; x->suggestions && (x->suggestions[k] || y->suggestions[k]); k++)
            if (!sc_str_eq(x->suggestions[k], y->suggestions[k])) return 0;
    }
    return 1;
}

/* Returns NULL when a and b are equal, else the name of the first field that differs. */
static const char *summary_difference(const struct summary *a, const struct summary *b)
{
    if (!sc_str_eq(a->path, b->path)) return "path";
    if (!sc_str_eq(a->slug, b->slug) || !sc_span_eq(a->slug_span, b->slug_span) ||
        !sc_range_eq(a->slug_range, b->slug_range))
        return "slug";
    if (!sc_str_eq(a->title, b->title) || !sc_span_eq(a->title_span, b->title_span) ||
        !sc_range_eq(a->title_range, b->title_range))
        return "title";
    if (!sc_str_eq(a->description, b->description)) return "description";
    if (a->nkeywords != b->nkeywords) return "keywords";
    for (size_t i = 0; i < a->nkeywords; i++)
        if (!sc_str_eq(a->keywords[i], b->keywords[i])) return "keywords";
    if (a->nheadings != b->nheadings) return "headings";
    for (size_t i = 0; i < a->nheadings; i++) {
        const struct summary_heading *x = &a->headings[i], *y = &b->headings[i];
        if (x->level != y->level || !sc_span_eq(x->span, y->span) ||
            !sc_range_eq(x->range, y->range) || !sc_str_eq(x->text, y->text) ||
            !sc_str_eq(x->id, y->id))
            return "headings";
    }
    if (a->nlinks != b->nlinks) return "links";
    for (size_t i = 0; i < a->nlinks; i++) {
        const struct summary_link *x = &a->links[i], *y = &b->links[i];
        if (!sc_span_eq(x->span, y->span) || !sc_span_eq(x->dest, y->dest) ||
            !sc_span_eq(x->slug_span, y->slug_span) || !sc_span_eq(x->frag_span, y->frag_span) ||
            !sc_str_eq(x->slug, y->slug) || !sc_str_eq(x->fragment, y->fragment) ||
            x->prefix != y->prefix || x->target != y->target || x->syntax != y->syntax ||
            !sc_range_eq(x->span_range, y->span_range) ||
            !sc_range_eq(x->slug_range, y->slug_range))
            return "links";
    }
    if (a->highlights_heading != b->highlights_heading ||
        a->highlights_items != b->highlights_items || a->nhighlights != b->nhighlights)
        return "highlights";
    for (size_t i = 0; i < a->nhighlights; i++)
        if (!sc_str_eq(a->highlights[i], b->highlights[i])) return "highlights";
    if (!sc_span_eq(a->frontmatter, b->frontmatter)) return "frontmatter";
    if (a->ncode != b->ncode) return "code";
    for (size_t i = 0; i < a->ncode; i++)
        if (!sc_span_eq(a->code[i], b->code[i])) return "code";
    if (a->text_len != b->text_len) return "text_len";
    if (!sc_findings_eq(&a->findings, &b->findings)) return "findings";
    return NULL;
}

#endif
