/* rename.c — renaming a term's slug (textDocument/prepareRename, textDocument/rename): every link
 * to it in its glossary is rewritten, and the file (or folder, or slug field) renamed, in one
 * WorkspaceEdit; and workspace/willRenameFiles: when the writer renames or moves an article file,
 * the links to it follow. Must never write a file: the editor applies the edit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "lookup.h"
#include "params.h"
#include "slugify.h"
#include "uri.h"
#include "xalloc.h"

/* The edits of one WorkspaceEdit, before they are grouped by document. */
struct edit {
    char *uri;  /* owned */
    const char *key; /* the part of uri the sort compares */
    struct summary_range range;
    char *text; /* owned */
    size_t seq; /* order of addition: a document's edits keep it */
};

struct edits {
    struct server *s;
    struct edit *v;
    size_t n;
};

static void add_edit(struct edits *x, const char *uri, const struct summary_range *range,
                     const char *text)
{
    x->v = xgrow(x->v, x->n, sizeof *x->v);
    x->v[x->n] = (struct edit){xstrdup(uri), NULL, *range, xstrdup(text), x->n};
    x->n++;
}

static void edits_free(struct edits *x)
{
    for (size_t i = 0; i < x->n; i++) {
        free(x->v[i].uri);
        free(x->v[i].text);
    }
    free(x->v);
}

/* qsort's order of edits: by URI, then in order of addition. */
static int by_uri(const void *a, const void *b)
{
    const struct edit *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Sorts the edits by URI, compared past the prefix they all share (the workspace's root:
 * comparing it again and again was most of the sort's time). */
static void sort_by_uri(struct edits *x)
{
    size_t common = x->n ? strlen(x->v[0].uri) : 0;
    for (size_t i = 1; i < x->n && common; i++) {
        size_t k = 0;
        while (k < common && x->v[i].uri[k] == x->v[0].uri[k]) k++;
        common = k;
    }
    for (size_t i = 0; i < x->n; i++) x->v[i].key = x->v[i].uri + common;
    qsort(x->v, x->n, sizeof *x->v, by_uri);
}

static void write_text_edits(struct edits *x, struct jsonw *w, size_t from, size_t to)
{
    jsonw_begin_array(w);
    for (size_t i = from; i < to; i++) {
        jsonw_begin_object(w);
        jsonw_key(w, "range");
        lookup_write_range(x->s, w, &x->v[i].range);
        jsonw_key(w, "newText");
        jsonw_string(w, x->v[i].text);
        jsonw_end_object(w);
    }
    jsonw_end_array(w);
}

/* Replies to request id with the WorkspaceEdit: documentChanges (with versions of open
 * documents, then the resource operations) when the client takes them, else changes. Documents
 * come in URI order, so the edit does not depend on the order articles were filed in. Frees x;
 * resources_own may be NULL. */
static void reply_workspace_edit(struct edits *x, json_t *id, json_t *resources_own)
{
    int doc_changes = json_is_true(params_get(x->s->client_caps,
                                              "workspace.workspaceEdit.documentChanges"));
    sort_by_uri(x);
    struct jsonw w;
    server_reply_begin(x->s, id, &w);
    jsonw_begin_object(&w);
    jsonw_key(&w, doc_changes ? "documentChanges" : "changes");
    if (doc_changes) jsonw_begin_array(&w);
    else jsonw_begin_object(&w);
    for (size_t i = 0, end; i < x->n; i = end) {
        for (end = i + 1; end < x->n && strcmp(x->v[end].key, x->v[i].key) == 0;) end++;
        const char *uri = x->v[i].uri;
        if (doc_changes) {
            struct doc *d = doc_find(x->s, uri);
            jsonw_begin_object(&w);
            jsonw_key(&w, "textDocument");
            jsonw_begin_object(&w);
            lookup_write_document(&w, uri, d);
            jsonw_end_object(&w);
            jsonw_key(&w, "edits");
            write_text_edits(x, &w, i, end);
            jsonw_end_object(&w);
        } else {
            jsonw_key(&w, uri);
            write_text_edits(x, &w, i, end);
        }
    }
    if (doc_changes) {
        size_t i;
        json_t *op;
        json_array_foreach(resources_own, i, op) jsonw_json(&w, op);
        jsonw_end_array(&w);
    } else {
        jsonw_end_object(&w);
    }
    jsonw_end_object(&w);
    server_reply_end(x->s, &w);
    json_decref(resources_own);
    edits_free(x);
}

int rename_can(const struct server *s, const char *operation);
int rename_can(const struct server *s, const char *operation)
{
    if (!json_is_true(params_get(s->client_caps, "workspace.workspaceEdit.documentChanges")))
        return 0;
    json_t *ops = params_get(s->client_caps, "workspace.workspaceEdit.resourceOperations");
    size_t i;
    json_t *v;
    json_array_foreach(ops, i, v) if (json_is_string(v) && strcmp(json_string_value(v), operation) == 0) return 1;
    return 0;
}

/* The path of `to` relative to the folder of `from` (both workspace-relative). */
static char *relative_path(const char *from, const char *to)
{
    const char *slash = strrchr(from, '/');
    size_t dir = slash ? (size_t)(slash - from) + 1 : 0; /* "a/b/" */
    size_t common = 0;
    for (size_t i = 0; i < dir && from[i] == to[i]; i++)
        if (from[i] == '/') common = i + 1;
    size_t ups = 0;
    for (size_t i = common; i < dir; i++) ups += from[i] == '/';
    char *out = xmalloc(ups * 3 + strlen(to + common) + 1);
    char *o = out;
    for (size_t k = 0; k < ups; k++) o += sprintf(o, "../");
    strcpy(o, to + common);
    return out;
}

/* Edits of every link to article t (slug links to old_slug in glossary g, and relative links
 * to its path), pointing them at new_slug and new_path. */
static void link_edits(struct edits *x, struct engine *e, uint32_t t, size_t g, const char *new_slug,
                       const char *new_path)
{
    const struct summary *target = index_get(e->idx, t);
    const uint32_t *ids;
    size_t n = index_backlinks(e->idx, g, target->slug, &ids);
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < n; k++) {
            const struct summary *a = index_get(e->idx, ids[k]);
            char *uri = lookup_uri(e, a->path);
            for (size_t i = 0; i < a->nlinks; i++) {
                const struct summary_link *l = &a->links[i];
                if (!checks_leads_to(e->idx, ids[k], l, g, target->slug, t,
                                     e->cfg.slug_case_insensitive))
                    continue;
                if ((l->target == LINK_TO_PATH) != (pass == 1)) continue;
                if (l->target == LINK_TO_PATH) {
                    char *rel = relative_path(a->path, new_path);
                    add_edit(x, uri, &l->slug_range, rel);
                    free(rel);
                } else if (new_slug) {
                    add_edit(x, uri, &l->slug_range, new_slug);
                }
            }
            free(uri);
        }
        n = index_path_backlinks(e->idx, target->path, &ids);
    }
}

static int valid_slug(const char *s)
{
    if (!*s || strlen(s) > 200 || strcmp(s, ".") == 0 || strcmp(s, "..") == 0) return 0;
    for (const char *p = s; *p; p++)
        if (*p == '/' || *p == '#' || *p == '?' || *p == ' ' || *p == '\t' || *p == '(' ||
            *p == ')' || *p == '[' || *p == ']' || (unsigned char)*p < 0x20)
            return 0;
    return 1;
}

/* The article a rename at this position renames: the link's target, or the document itself when
 * the position is on its title or slug field. Sets *range to what prepareRename shows. */
static uint32_t rename_target(struct server *s, struct lookup *lk, json_t **range)
{
    if (lk->link) {
        if (lk->link->target == LINK_TO_SELF || lk->link->target == LINK_TO_PATH) return INDEX_NONE;
        uint32_t t = checks_resolve(lk->engine->idx, lk->id, lk->link, NULL);
        if (t != INDEX_NONE) *range = lookup_doc_range(s, lk->doc, lk->link->slug_span);
        return t;
    }
    const struct summary *a = lk->sum;
    struct span own[2] = {a->slug_span, a->title_span};
    for (int i = 0; i < 2; i++)
        if (own[i].len && lk->off >= own[i].off && lk->off <= span_end(own[i])) {
            *range = lookup_doc_range(s, lk->doc, own[i]);
            return lk->id;
        }
    for (size_t i = 0; i < a->nheadings; i++) /* the H1 title line */
        if (a->headings[i].level == 1 && lk->off >= a->headings[i].span.off &&
            lk->off <= span_end(a->headings[i].span)) {
            *range = lookup_doc_range(s, lk->doc, a->headings[i].span);
            return lk->id;
        }
    return INDEX_NONE;
}

void handle_prepare_rename(struct server *s, struct rpc_message *m)
{
    struct lookup lk;
    int rc = lookup_position(s, m, &lk);
    if (rc < 0) return;
    json_t *range = NULL;
    uint32_t t = rc == 0 && !lk.engine->loose ? rename_target(s, &lk, &range) : INDEX_NONE;
    if (t == INDEX_NONE) {
        server_reply(s, m->id, NULL);
        return;
    }
    server_reply(s, m->id, json_pack("{s:o,s:s}", "range", range, "placeholder",
                                     index_get(lk.engine->idx, t)->slug));
}

/* The new path of an article whose slug becomes new_slug (file or folder name). */
static char *renamed_path(const char *path, enum slug_source src, const char *new_slug)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t dir = (size_t)(base - path);
    if (src == SLUG_FROM_FOLDER && dir && (strcmp(base, "index.md") == 0 ||
                                           strcmp(base, "_index.md") == 0 ||
                                           strcmp(base, "README.md") == 0)) {
        size_t parent = dir - 1; /* the folder is named by the slug */
        while (parent > 0 && path[parent - 1] != '/') parent--;
        char *out = xmalloc(parent + strlen(new_slug) + strlen(base) + 2);
        sprintf(out, "%.*s%s/%s", (int)parent, path, new_slug, base);
        return out;
    }
    char *out = xmalloc(dir + strlen(new_slug) + 4);
    sprintf(out, "%.*s%s.md", (int)dir, path, new_slug);
    return out;
}

void handle_rename(struct server *s, struct rpc_message *m)
{
    struct params p;
    params_init(&p, m->params);
    const char *new_slug;
    if (params_string(&p, "newName", &new_slug) != 0) {
        server_reply_error(s, m->id, RPC_INVALID_PARAMS, p.error);
        return;
    }
    struct lookup lk;
    int rc = lookup_position(s, m, &lk);
    if (rc < 0) return;
    json_t *range = NULL;
    uint32_t t = rc == 0 && !lk.engine->loose ? rename_target(s, &lk, &range) : INDEX_NONE;
    json_decref(range);
    if (t == INDEX_NONE) {
        server_reply_error(s, m->id, RPC_REQUEST_FAILED, "There is no term to rename here");
        return;
    }
    struct engine *e = lk.engine;
    const struct summary *target = index_get(e->idx, t);
    size_t g = index_glossary_of(e->idx, t);
    char msg[512];
    if (!valid_slug(new_slug)) {
        snprintf(msg, sizeof msg, "'%.200s' cannot be a slug: no spaces, '/', '#', '?', brackets, "
                                  "parentheses, and not '.' or '..'",
                 new_slug);
        server_reply_error(s, m->id, RPC_REQUEST_FAILED, msg);
        return;
    }
    const uint32_t *same;
    int taken = index_lookup(e->idx, g, new_slug, &same) > 0;
    if (taken && !(e->cfg.slug_case_insensitive &&
                   slugify_equal_folded(new_slug, strlen(new_slug), target->slug,
                                        strlen(target->slug)))) {
        snprintf(msg, sizeof msg, "The slug '%.200s' is already used by %s", new_slug,
                 index_get(e->idx, same[0])->path);
        server_reply_error(s, m->id, RPC_REQUEST_FAILED, msg);
        return;
    }
    struct edits x = {s, NULL, 0};
    json_t *resources = NULL;
    char *new_path = NULL;
    if (e->cfg.slug_source == SLUG_FROM_FRONTMATTER && target->slug_span.len) {
        new_path = xstrdup(target->path); /* the file keeps its name: edit the slug field */
        char *uri = lookup_uri(e, target->path);
        add_edit(&x, uri, &target->slug_range, new_slug);
        free(uri);
    } else {
        if (!rename_can(s, "rename")) {
            server_reply_error(s, m->id, RPC_REQUEST_FAILED,
                               "This editor cannot rename files through the language server: "
                               "rename the file itself, and the links follow");
            return;
        }
        new_path = renamed_path(target->path, e->cfg.slug_source, new_slug);
        int folder = strcmp(strrchr(new_path, '/') ? strrchr(new_path, '/') + 1 : new_path,
                            strrchr(target->path, '/') ? strrchr(target->path, '/') + 1
                                                       : target->path) == 0;
        char *old_uri = lookup_uri(e, target->path), *new_uri = lookup_uri(e, new_path);
        if (folder) { /* <slug>/index.md: the folder is renamed */
            *strrchr(old_uri, '/') = '\0';
            *strrchr(new_uri, '/') = '\0';
        }
        resources = json_pack("[{s:s,s:s,s:s}]", "kind", "rename", "oldUri", old_uri, "newUri",
                              new_uri);
        free(old_uri);
        free(new_uri);
    }
    link_edits(&x, e, t, g, new_slug, new_path);
    free(new_path);
    reply_workspace_edit(&x, m->id, resources);
}

void handle_will_rename_files(struct server *s, struct rpc_message *m)
{
    struct params p;
    params_init(&p, m->params);
    json_t *files;
    if (params_array(&p, "files", &files) != 0) {
        server_reply_error(s, m->id, RPC_INVALID_PARAMS, p.error);
        return;
    }
    struct edits x = {s, NULL, 0};
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f)
    {
        const char *o = params_cstring(json_object_get(f, "oldUri"));
        const char *n = params_cstring(json_object_get(f, "newUri"));
        if (!o || !n) continue;
        char *old_path = uri_to_path(o);
        char *new_abs = uri_to_path(n);
        char *rel = NULL;
        struct folder *fo = old_path ? folder_of_path(s, old_path, &rel) : NULL;
        struct engine *e = fo ? fo->engine : NULL;
        uint32_t t = e && e->idx ? index_find_path(e->idx, rel) : INDEX_NONE;
        size_t rl = e ? strlen(e->root) : 0;
        if (t != INDEX_NONE && new_abs && strncmp(new_abs, e->root, rl) == 0 && new_abs[rl] == '/') {
            const char *new_rel = new_abs + rl + 1;
            const struct summary *a = index_get(e->idx, t);
            char *slug = e->cfg.slug_source == SLUG_FROM_FRONTMATTER && a->slug_span.len
                             ? NULL
                             : summary_slug_from_path(new_rel, e->cfg.slug_source);
            int same = slug && strcmp(slug, a->slug) == 0;
            link_edits(&x, e, t, index_glossary_of(e->idx, t), same ? NULL : slug, new_rel);
            free(slug);
        }
        free(rel);
        free(old_path);
        free(new_abs);
    }
    if (!x.n) {
        server_reply(s, m->id, NULL);
        return;
    }
    reply_workspace_edit(&x, m->id, NULL);
}
