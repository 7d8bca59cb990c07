/* publish.c — diagnostics for the editor: pushed (textDocument/publishDiagnostics, debounced, only
 * when they changed, with the document version) or pulled (textDocument/diagnostic and
 * workspace/diagnostic with result ids), and workspace/diagnostic/refresh after cross-file changes.
 * Must never publish for a folder whose index is incomplete: a half index reports false breaks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnostic.h"
#include "lookup.h"
#include "params.h"
#include "server_int.h"
#include "uri.h"
#include "xalloc.h"

/* Other documents named by related information: open ones give their own lines; closed ones are
 * read from disk once per computation. */
struct related_cache {
    struct server *s;
    struct folder *folder;
    struct engine *engine;
    struct {
        char *rel, *uri, *text;
        struct text_lines lines;
    } items[8];
    size_t n;
};

static int resolve(void *ctx_, const char *rel, const char **uri, const struct text_lines **lines)
{
    struct related_cache *c = ctx_;
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->items[i].rel, rel) == 0) {
            *uri = c->items[i].uri;
            *lines = &c->items[i].lines;
            return 0;
        }
    if (c->n == 8 || !c->engine) return -1;
    char *text = NULL, err[300];
    size_t len = 0;
    struct doc *d = c->folder ? doc_find_rel(c->s, c->folder, rel) : NULL;
    if (d) {
        text = xstrndup(d->text, d->len);
        len = d->len;
    } else if (engine_read(c->engine, rel, &text, &len, err, sizeof err)) {
        return -1;
    }
    size_t rl = strlen(c->engine->root);
    char *abs = xmalloc(rl + strlen(rel) + 2);
    sprintf(abs, "%s/%s", strcmp(c->engine->root, "/") == 0 ? "" : c->engine->root, rel);
    c->items[c->n].rel = xstrdup(rel);
    c->items[c->n].uri = uri_from_path(abs);
    c->items[c->n].text = text;
    text_lines_init(&c->items[c->n].lines, text, len);
    free(abs);
    *uri = c->items[c->n].uri;
    *lines = &c->items[c->n].lines;
    c->n++;
    return 0;
}

static void cache_free(struct related_cache *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->items[i].rel);
        free(c->items[i].uri);
        free(c->items[i].text);
        text_lines_free(&c->items[i].lines);
    }
}

/* Writes the diagnostics (a JSON array) of the article key in engine e, positioned in lines, as
 * the next value of w; local_only: its own findings only. */
static void diagnostics(struct server *s, struct folder *f, struct engine *e, const char *key,
                        const struct text_lines *lines, const char *uri, int local_only,
                        struct jsonw *w)
{
    jsonw_begin_array(w);
    uint32_t id = e && e->idx ? index_find_path(e->idx, key) : INDEX_NONE;
    struct finding_list all = {0};
    if (id == INDEX_NONE && local_only && e && lines->text) {
        /* not indexed yet: analyse the text we have, for its own findings */
        struct summary *sum = summary_new(lines->text, lines->len, key, &e->opts);
        finding_list_append_copy(&all, &sum->findings);
        summary_free(sum);
    } else if (id == INDEX_NONE) {
        jsonw_end_array(w);
        return;
    } else if (local_only) {
        engine_local_findings(e, id, &all);
    } else {
        engine_article_findings(e, id, &all);
        engine_mention_findings(e, id, lines->text, lines->len, &all);
    }
    struct related_cache cache = {s, f, e, {{0}}, 0};
    for (size_t i = 0; i < all.count; i++) {
        enum severity sev = config_severity(&e->cfg, all.items[i].code);
        if (sev == SEVERITY_OFF) continue;
        diagnostic_write(w, &all.items[i], sev, lines, uri, s->enc, resolve, &cache);
    }
    cache_free(&cache);
    finding_list_clear(&all);
    jsonw_end_array(w);
}

void publish_diagnostics_of(struct server *s, struct doc *d, int local_only, struct jsonw *w)
{
    struct engine *e = d->folder ? d->folder->engine : s->loose;
    const char *key = d->rel ? d->rel : d->path ? d->path + 1 : d->uri;
    diagnostics(s, d->folder, e, key, &d->lines, d->uri, local_only, w);
}

double publish_pending(struct server *s)
{
    double now = server_now(), next = -1;
    for (size_t i = 0; i < s->ndocs; i++) {
        struct doc *d = s->docs[i];
        if (!d->dirty) continue;
        if (s->cap_pull) { /* the client pulls what it shows */
            d->dirty = 0;
            continue;
        }
        int partial;
        double wait = d->due - now;
        if (!folder_answerable(doc_folder(s, d), PARTIAL_AFTER, &partial, &wait) || d->due > now) {
            if (wait < d->due - now) wait = d->due - now;
            if (next < 0 || wait < next) next = wait;
            continue;
        }
        d->dirty = 0; /* a partial report is completed when the folder's index is */
        /* written as text first, to be compared with what was published last */
        struct jsonw diags;
        server_jsonw_init(s, &diags);
        publish_diagnostics_of(s, d, partial, &diags);
        if (d->published && strlen(d->published) == diags.len &&
            memcmp(d->published, diags.p, diags.len) == 0) {
            server_jsonw_done(s, &diags);
            continue;
        }
        free(d->published);
        d->published = xstrndup(diags.p, diags.len);
        struct jsonw w;
        server_notify_begin(s, "textDocument/publishDiagnostics", &w);
        jsonw_begin_object(&w);
        jsonw_key(&w, "uri");
        jsonw_string(&w, d->uri);
        jsonw_key(&w, "version");
        jsonw_int(&w, (long long)d->version);
        jsonw_key(&w, "diagnostics");
        jsonw_raw(&w, diags.p, diags.len);
        jsonw_end_object(&w);
        server_notify_end(s, &w);
        server_jsonw_done(s, &diags);
    }
    if (s->refresh_wanted && folders_ready(s) && s->state == STATE_RUNNING) {
        s->refresh_wanted = 0;
        if (s->cap_pull && s->cap_refresh)
            server_request(s, "workspace/diagnostic/refresh", NULL, OUT_REFRESH, NULL);
    }
    return next;
}

/* ---- pull ---------------------------------------------------------------------------------- */

/* A result id: a hash of the report's items (their JSON text), so an unchanged report is
 * recognised. */
static void result_id(const char *items, size_t n, char out[17])
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)items[i]) * 1099511628211ULL;
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* Writes the members of {kind: full, resultId, items} or {kind: unchanged, resultId} for one
 * document, whose items are the JSON text items[0..n), into the open object of w. */
static void write_report(struct jsonw *w, const char *items, size_t n, const char *previous)
{
    char id[17];
    result_id(items, n, id);
    int same = previous && strcmp(previous, id) == 0;
    jsonw_key(w, "kind");
    jsonw_string(w, same ? "unchanged" : "full");
    jsonw_key(w, "resultId");
    jsonw_string(w, id);
    if (same) return;
    jsonw_key(w, "items");
    jsonw_raw(w, items, n);
}

void publish_document_diagnostic(struct server *s, struct rpc_message *m)
{
    struct params p;
    params_init(&p, m->params);
    const char *uri, *previous = NULL;
    params_string(&p, "textDocument.uri", &uri);
    params_opt_string(&p, "previousResultId", &previous);
    if (p.failed) {
        server_reply_error(s, m->id, RPC_INVALID_PARAMS, p.error);
        return;
    }
    struct doc *d = doc_find(s, uri);
    char *path = d ? NULL : uri_to_path(uri), *rel = NULL;
    struct folder *f = d ? doc_folder(s, d) : path ? folder_of_path(s, path, &rel) : NULL;
    int partial; /* dispatch.c made it wait until the folder is answerable */
    folder_answerable(f, PARTIAL_AFTER, &partial, NULL);
    struct jsonw items;
    server_jsonw_init(s, &items);
    if (d) {
        publish_diagnostics_of(s, d, partial, &items);
    } else {
        char *text = NULL, err[300];
        size_t len = 0;
        if (f && !engine_read(f->engine, rel, &text, &len, err, sizeof err)) {
            struct text_lines lines;
            text_lines_init(&lines, text, len);
            diagnostics(s, f, f->engine, rel, &lines, uri, partial, &items);
            text_lines_free(&lines);
        } else {
            jsonw_raw(&items, "[]", 2); /* not an article of any glossary */
        }
        free(text);
    }
    free(rel);
    free(path);
    if (partial) s->refresh_wanted = 1; /* completed when the index is */
    struct jsonw w;
    server_reply_begin(s, m->id, &w);
    jsonw_begin_object(&w);
    write_report(&w, items.p, items.len, previous);
    jsonw_end_object(&w);
    server_reply_end(s, &w);
    server_jsonw_done(s, &items);
}

static const char *previous_of(json_t *previous, const char *uri)
{
    size_t i;
    json_t *v;
    json_array_foreach(previous, i, v)
    {
        json_t *u = json_object_get(v, "uri"), *val = json_object_get(v, "value");
        if (json_is_string(u) && json_is_string(val) && strcmp(json_string_value(u), uri) == 0)
            return json_string_value(val);
    }
    return NULL;
}

void publish_workspace_diagnostic(struct server *s, struct rpc_message *m)
{
    struct params p;
    params_init(&p, m->params);
    json_t *previous = NULL;
    params_array(&p, "previousResultIds", &previous);
    if (p.failed) {
        server_reply_error(s, m->id, RPC_INVALID_PARAMS, p.error);
        return;
    }
    struct jsonw w, diags;
    server_reply_begin(s, m->id, &w); /* dispatch.c made it wait for every index */
    jsonw_begin_object(&w);
    jsonw_key(&w, "items");
    jsonw_begin_array(&w);
    server_jsonw_init(s, &diags);
    for (size_t i = 0; i < s->nfolders; i++) {
        struct folder *f = s->folders[i];
        struct engine *e = f->engine;
        if (!e || !e->idx) continue;
        size_t rl = strcmp(e->root, "/") == 0 ? 0 : strlen(e->root);
        for (uint32_t id = 0; id < index_capacity(e->idx); id++) {
            const struct summary *a = index_get(e->idx, id);
            if (!a) continue;
            char *abs = xmalloc(rl + strlen(a->path) + 2);
            sprintf(abs, "%.*s/%s", (int)rl, e->root, a->path);
            char *uri = uri_from_path(abs);
            free(abs);
            struct doc *d = doc_find_rel(s, f, a->path);
            jsonw_clear_text(&diags);
            if (d) {
                publish_diagnostics_of(s, d, 0, &diags);
            } else {
                char *text = NULL, err[300];
                size_t len = 0;
                if (engine_read(e, a->path, &text, &len, err, sizeof err)) {
                    free(uri);
                    continue; /* vanished since it was indexed: the watcher will tell */
                }
                struct text_lines lines;
                text_lines_init(&lines, text, len);
                diagnostics(s, f, e, a->path, &lines, uri, 0, &diags);
                text_lines_free(&lines);
                free(text);
            }
            jsonw_begin_object(&w);
            write_report(&w, diags.p, diags.len, previous_of(previous, uri));
            lookup_write_document(&w, uri, d);
            jsonw_end_object(&w);
            free(uri);
        }
    }
    server_jsonw_done(s, &diags);
    jsonw_end_array(&w);
    jsonw_end_object(&w);
    server_reply_end(s, &w);
}
