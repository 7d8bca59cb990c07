/* navigation.c — textDocument/definition (a link -> the term's title line, or the heading its
 * fragment names), textDocument/references (every link to a term in its glossary: its backlinks),
 * textDocument/documentLink, textDocument/documentSymbol (the heading outline) and
 * workspace/symbol (terms by title or slug). Must never read a file: ranges of articles that are
 * not open come from their summaries. */
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "lookup.h"
#include "params.h"
#include "slugify.h"
#include "xalloc.h"

static json_t *location(struct server *s, const struct engine *e, const struct summary *a,
                        const struct summary_range *r)
{
    char *uri = lookup_uri(e, a->path);
    json_t *loc = json_pack("{s:s,s:o}", "uri", uri, "range", lookup_range(s, r));
    free(uri);
    return loc;
}

void handle_definition(struct server *s, struct rpc_message *m)
{
    struct lookup lk;
    int rc = lookup_position(s, m, &lk);
    if (rc < 0) return;
    uint32_t t = rc == 0 && lk.link && !lk.engine->loose
                     ? checks_resolve(lk.engine->idx, lk.id, lk.link, NULL)
                     : INDEX_NONE;
    if (t == INDEX_NONE) {
        server_reply(s, m->id, NULL);
        return;
    }
    const struct summary *a = index_get(lk.engine->idx, t);
    const struct summary_heading *h = lk.link->fragment ? summary_heading_by_id(a, lk.link->fragment) : NULL;
    server_reply(s, m->id, location(s, lk.engine, a, h ? &h->range : &a->title_range));
}

struct by_path {
    const char *path;
    uint32_t id;
};

static int compare_by_path(const void *a, const void *b)
{
    return strcmp(((const struct by_path *)a)->path, ((const struct by_path *)b)->path);
}

void handle_references(struct server *s, struct rpc_message *m)
{
    int declaration = 0;
    struct params p;
    params_init(&p, m->params);
    if (params_opt_bool(&p, "context.includeDeclaration", &declaration) < 0) {
        server_reply_error(s, m->id, RPC_INVALID_PARAMS, p.error);
        return;
    }
    struct lookup lk;
    int rc = lookup_position(s, m, &lk);
    if (rc < 0) return;
    if (rc > 0 || lk.engine->loose) {
        server_reply(s, m->id, NULL);
        return;
    }
    struct engine *e = lk.engine;
    size_t g = index_glossary_of(e->idx, lk.id);
    const char *slug = lk.sum->slug;
    uint32_t t = lk.id;
    if (lk.link) { /* the term the link leads to (or the missing one it names) */
        t = checks_resolve(e->idx, lk.id, lk.link, &g);
        slug = t != INDEX_NONE ? index_get(e->idx, t)->slug : lk.link->slug;
        if (!slug) {
            server_reply(s, m->id, json_array());
            return;
        }
    }
    /* the linking articles (by slug, and by relative path), each once, in path order */
    const uint32_t *by_slug, *by_path = NULL;
    size_t ns = index_backlinks(e->idx, g, slug, &by_slug), np = 0;
    if (t != INDEX_NONE) np = index_path_backlinks(e->idx, index_get(e->idx, t)->path, &by_path);
    struct by_path *ids = xmalloc((ns + np + 2) * sizeof *ids);
    size_t n = 0;
    for (size_t i = 0; i < ns; i++) ids[n++] = (struct by_path){NULL, by_slug[i]};
    for (size_t i = 0; i < np; i++) ids[n++] = (struct by_path){NULL, by_path[i]};
    if (declaration && t != INDEX_NONE) ids[n++] = (struct by_path){NULL, t};
    for (size_t i = 0; i < n; i++) ids[i].path = index_get(e->idx, ids[i].id)->path;
    qsort(ids, n, sizeof *ids, compare_by_path);
    struct jsonw w;
    server_reply_begin(s, m->id, &w);
    jsonw_begin_array(&w);
    for (size_t k = 0; k < n; k++) {
        if (k && ids[k].id == ids[k - 1].id) continue;
        const struct summary *a = index_get(e->idx, ids[k].id);
        char *uri = lookup_uri(e, a->path);
        if (declaration && ids[k].id == t) lookup_write_location(s, &w, uri, &a->title_range);
        for (size_t i = 0; i < a->nlinks; i++)
            if (checks_leads_to(e->idx, ids[k].id, &a->links[i], g, slug, t,
                                e->cfg.slug_case_insensitive))
                lookup_write_location(s, &w, uri, &a->links[i].span_range);
        free(uri);
    }
    jsonw_end_array(&w);
    free(ids);
    server_reply_end(s, &w);
}

void handle_document_link(struct server *s, struct rpc_message *m)
{
    struct lookup lk;
    int rc = lookup_open_document(s, m, &lk);
    if (rc < 0) return;
    if (rc > 0 || lk.engine->loose) {
        server_reply(s, m->id, json_array());
        return;
    }
    struct doc *d = lk.doc;
    json_t *out = json_array();
    for (size_t i = 0; i < lk.sum->nlinks; i++) {
        const struct summary_link *l = &lk.sum->links[i];
        if (l->target == LINK_TO_SELF) continue;
        uint32_t t = checks_resolve(lk.engine->idx, lk.id, l, NULL);
        if (t == INDEX_NONE) continue;
        char *target = lookup_uri(lk.engine, index_get(lk.engine->idx, t)->path);
        json_array_append_new(out, json_pack("{s:o,s:s,s:s}", "range",
                                             lookup_doc_range(s, d, l->dest), "target", target,
                                             "tooltip", "Open the linked term"));
        free(target);
    }
    server_reply(s, m->id, out);
}

/* The heading outline as nested DocumentSymbols (or flat SymbolInformation). */
void handle_document_symbol(struct server *s, struct rpc_message *m)
{
    struct lookup lk;
    int rc = lookup_open_document(s, m, &lk);
    if (rc < 0) return;
    if (rc > 0) {
        server_reply(s, m->id, json_array());
        return;
    }
    struct doc *d = lk.doc;
    const char *uri = d->uri;
    int nested = json_is_true(params_get(s->client_caps,
                                         "textDocument.documentSymbol.hierarchicalDocumentSymbolSupport"));
    const struct summary *a = lk.sum;
    json_t *root = json_array();
    json_t *stack[7] = {root}; /* children arrays by depth */
    int levels[7] = {0};
    int depth = 0;
    for (size_t i = 0; i < a->nheadings; i++) {
        const struct summary_heading *h = &a->headings[i];
        uint32_t end = (uint32_t)d->len; /* the section runs to the next heading at its level */
        for (size_t k = i + 1; k < a->nheadings; k++)
            if (a->headings[k].level <= h->level) {
                end = a->headings[k].span.off;
                break;
            }
        while (end > h->span.off && (d->text[end - 1] == '\n' || d->text[end - 1] == '\r')) end--;
        const char *name = *h->text ? h->text : "(empty heading)";
        if (!nested) {
            json_t *sym = json_pack("{s:s,s:i,s:{s:s,s:o}}", "name", name, "kind", 15, "location",
                                    "uri", uri, "range", lookup_doc_range(s, d, h->span));
            if (sym) json_array_append_new(root, sym);
            continue;
        }
        while (depth > 0 && levels[depth] >= h->level) depth--;
        json_t *children = json_array();
        json_t *sym = json_pack("{s:s,s:i,s:o,s:o,s:o}", "name", name, "kind", 15, "range",
                                lookup_doc_range(s, d, span_make(h->span.off, end - h->span.off)),
                                "selectionRange", lookup_doc_range(s, d, h->span), "children",
                                json_incref(children));
        if (sym) json_array_append_new(stack[depth], sym);
        if (depth < 6) {
            depth++;
            stack[depth] = children;
            levels[depth] = h->level;
        }
        json_decref(children);
    }
    server_reply(s, m->id, root);
}

void handle_workspace_symbol(struct server *s, struct rpc_message *m)
{
    struct params p;
    params_init(&p, m->params);
    const char *query = "";
    if (params_opt_string(&p, "query", &query) < 0) {
        server_reply_error(s, m->id, RPC_INVALID_PARAMS, p.error);
        return;
    }
    enum { MAX = 100 };
    json_t *out = json_array();
    for (size_t i = 0; i < s->nfolders && json_array_size(out) < MAX; i++) {
        struct engine *e = s->folders[i]->engine;
        if (!e || !e->idx) continue;
        if (!e->terms) e->terms = terms_new();
        struct terms_hit hits[MAX];
        size_t n = terms_rank(e->terms, e->idx, SIZE_MAX, query, hits, MAX, NULL);
        for (size_t k = 0; k < n && json_array_size(out) < MAX; k++) {
            const struct summary *a = index_get(e->idx, hits[k].id);
            size_t g = index_glossary_of(e->idx, hits[k].id);
            json_t *sym = json_pack("{s:s,s:i,s:o,s:s}", "name", a->title ? a->title : a->slug,
                                    "kind", 20, "location", location(s, e, a, &a->title_range),
                                    "containerName", index_glossary_name(e->idx, g));
            if (sym) json_array_append_new(out, sym);
        }
    }
    server_reply(s, m->id, out);
}
