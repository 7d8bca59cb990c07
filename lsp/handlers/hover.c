/* hover.c — textDocument/hover: on an internal link, the linked term's definition (title,
 * description, highlights, glossary and file) or, for a broken link, the closest slugs; on a
 * front-matter key, what the schema says of it; on a value the schema rejects, what was expected.
 * Must never read a file: everything comes from the index and the open document. */
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "frontmatter.h"
#include "lookup.h"
#include "xalloc.h"

struct buf {
    char *p;
    size_t n, cap;
};

static void put(struct buf *b, const char *s)
{
    size_t k = strlen(s);
    if (b->n + k + 1 > b->cap) {
        b->cap = (b->n + k + 1) * 2;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->n, s, k + 1);
    b->n += k;
}

static void putf(struct buf *b, const char *a, const char *x, const char *c)
{
    put(b, a);
    put(b, x);
    put(b, c);
}

static void term_definition(struct buf *b, const struct engine *e, const struct summary *t,
                            size_t g, const char *fragment, int md)
{
    putf(b, md ? "### " : "", t->title ? t->title : t->slug, "\n\n");
    if (t->description) putf(b, "", t->description, "\n\n");
    if (t->highlights_heading >= 0 && t->nhighlights) {
        putf(b, md ? "**" : "", t->headings[t->highlights_heading].text, md ? "**\n\n" : "\n");
        for (size_t i = 0; i < t->nhighlights; i++) putf(b, "- ", t->highlights[i], "\n");
        put(b, "\n");
    }
    if (fragment) {
        const struct summary_heading *h = summary_heading_by_id(t, fragment);
        if (h) putf(b, md ? "Section: **" : "Section: ", h->text, md ? "**\n\n" : "\n\n");
    }
    putf(b, md ? "*" : "", index_glossary_name(e->idx, g), md ? "* · `" : " · ");
    putf(b, "", t->path, md ? "`" : "");
}

static void broken_link(struct buf *b, struct engine *e, const struct summary_link *l, size_t g,
                        int md)
{
    if (l->target == LINK_TO_PATH) {
        putf(b, md ? "**No article at** `" : "No article at ", l->slug ? l->slug : "(outside)",
             md ? "`" : "");
        return;
    }
    if (l->target == LINK_TO_SELF) return;
    putf(b, md ? "**No article** `" : "No article '", l->slug, md ? "`" : "'");
    putf(b, " in ", index_glossary_name(e->idx, g), ".");
    const char *best[5];
    size_t n = engine_suggest(e, g, l->slug, best, 5);
    if (n) put(b, " Closest:");
    for (size_t i = 0; i < n; i++) {
        put(b, i ? ", " : " ");
        putf(b, md ? "`" : "", best[i], md ? "`" : "");
    }
}

/* The front-matter member (top-level) whose key or value holds off, from a fresh parse. */
static void frontmatter_hover(struct buf *b, const struct lookup *lk, int md)
{
    struct frontmatter fm;
    struct finding_list ignored = {0};
    frontmatter_parse(lk->doc->text, lk->doc->len, &fm, &ignored);
    finding_list_clear(&ignored);
    const struct value *tree = fm.tree;
    for (size_t i = 0; tree && tree->kind == VALUE_OBJECT && i < tree->u.object.count; i++) {
        const struct value_member *mb = &tree->u.object.members[i];
        int on_key = lk->off >= mb->key_off && lk->off <= mb->key_off + mb->key_src_len;
        int on_value = lk->off >= mb->value->off && lk->off <= mb->value->off + mb->value->len;
        if (!on_key && !on_value) continue;
        struct schema_info info;
        if (lk->engine->schema && schema_property_info(lk->engine->schema, mb->key, &info) == 0) {
            putf(b, md ? "**" : "", mb->key, md ? "**" : "");
            if (info.title) putf(b, " — ", info.title, "");
            putf(b, info.required ? " (required): " : ": ", info.type, "\n\n");
            if (info.description) putf(b, "", info.description, "\n\n");
            if (info.enum_values) {
                put(b, "Allowed values:");
                for (size_t k = 0; k < info.enum_values->u.array.count; k++) {
                    const struct value *v = info.enum_values->u.array.items[k];
                    if (v->kind == VALUE_STRING) putf(b, md ? " `" : " ", v->u.string.ptr, md ? "`" : "");
                }
                put(b, "\n\n");
            }
        } else {
            putf(b, md ? "**" : "", mb->key, md ? "** is not declared by the schema.\n\n"
                                              : " is not declared by the schema.\n\n");
        }
        for (size_t k = 0; k < lk->sum->findings.count; k++) { /* what is wrong here */
            const struct finding *f = &lk->sum->findings.items[k];
            if (f->code != FINDING_FRONTMATTER_SCHEMA && f->code != FINDING_FRONTMATTER_UNKNOWN_KEY &&
                f->code != FINDING_FRONTMATTER_DUPLICATE_KEY)
                continue;
            if (lk->off < f->span.off || lk->off > span_end(f->span)) continue;
            putf(b, md ? "⚠ " : "! ", f->message, "\n\n");
        }
        break;
    }
    frontmatter_clear(&fm);
}

void handle_hover(struct server *s, struct rpc_message *m)
{
    struct lookup lk;
    int rc = lookup_position(s, m, &lk);
    if (rc < 0) return;
    if (rc > 0) {
        server_reply(s, m->id, NULL);
        return;
    }
    int md = lookup_markdown(s, "textDocument.hover.contentFormat");
    struct buf b = {0};
    json_t *range = NULL;
    if (lk.link) {
        size_t g;
        uint32_t t = checks_resolve(lk.engine->idx, lk.id, lk.link, &g);
        if (t != INDEX_NONE && !lk.engine->loose)
            term_definition(&b, lk.engine, index_get(lk.engine->idx, t), g, lk.link->fragment, md);
        else if (!lk.engine->loose)
            broken_link(&b, lk.engine, lk.link, g, md);
        range = lookup_doc_range(s, lk.doc, lk.link->span);
    } else if (lk.sum->frontmatter.len && lk.off >= lk.sum->frontmatter.off &&
               lk.off < span_end(lk.sum->frontmatter)) {
        frontmatter_hover(&b, &lk, md);
    }
    if (!b.n) {
        json_decref(range);
        free(b.p);
        server_reply(s, m->id, NULL);
        return;
    }
    while (b.n && b.p[b.n - 1] == '\n') b.p[--b.n] = '\0';
    json_t *contents = json_pack("{s:s,s:s}", "kind", md ? "markdown" : "plaintext", "value", b.p);
    free(b.p);
    if (!contents) { /* invalid UTF-8 from a broken file */
        json_decref(range);
        server_reply(s, m->id, NULL);
        return;
    }
    json_t *result = json_pack("{s:o}", "contents", contents);
    if (range) json_object_set_new(result, "range", range);
    server_reply(s, m->id, result);
}
