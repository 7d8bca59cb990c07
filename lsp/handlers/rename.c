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

/* The edits of one WorkspaceEdit, grouped by document (in first-seen order). */
struct edits {
    struct server *s;
    json_t *by_uri; /* uri -> array of TextEdit */
    json_t *order;  /* uris in order */
};

static void add_edit(struct edits *x, const char *uri, json_t *range, const char *text)
{
    json_t *list = json_object_get(x->by_uri, uri);
    if (!list) {
        list = json_array();
        json_object_set_new(x->by_uri, uri, list);
        json_array_append_new(x->order, json_string(uri));
    }
    json_array_append_new(list, json_pack("{s:o,s:s}", "range", range, "newText", text));
}

/* The WorkspaceEdit: documentChanges (with versions of open documents, then the resource
 * operations) when the client takes them, else changes. resources_own may be NULL. */
static json_t *workspace_edit(struct edits *x, json_t *resources_own)
{
    int doc_changes = json_is_true(params_get(x->s->client_caps,
                                              "workspace.workspaceEdit.documentChanges"));
    /* documents by URI, so the edit does not depend on the order articles were filed in */
    size_t n = json_array_size(x->order);
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && strcmp(json_string_value(json_array_get(x->order, k - 1)),
                                           json_string_value(json_array_get(x->order, k))) > 0;
             k--) {
            json_t *a = json_incref(json_array_get(x->order, k - 1));
            json_array_set(x->order, k - 1, json_array_get(x->order, k));
            json_array_set_new(x->order, k, a);
        }
    json_t *result;
    if (doc_changes) {
        json_t *changes = json_array();
        size_t i;
        json_t *u;
        json_array_foreach(x->order, i, u)
        {
            const char *uri = json_string_value(u);
            struct doc *d = doc_find(x->s, uri);
            json_t *version = d ? json_integer((json_int_t)d->version) : json_null();
            json_array_append_new(changes,
                                  json_pack("{s:{s:s,s:o},s:O}", "textDocument", "uri", uri,
                                            "version", version, "edits",
                                            json_object_get(x->by_uri, uri)));
        }
        if (resources_own) json_array_extend(changes, resources_own);
        result = json_pack("{s:o}", "documentChanges", changes);
    } else {
        result = json_pack("{s:O}", "changes", x->by_uri);
    }
    json_decref(resources_own);
    json_decref(x->by_uri);
    json_decref(x->order);
    return result;
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
                if (l->target == LINK_TO_SELF || checks_resolve(e->idx, ids[k], l, NULL) != t) continue;
                if ((l->target == LINK_TO_PATH) != (pass == 1)) continue;
                if (l->target == LINK_TO_PATH) {
                    char *rel = relative_path(a->path, new_path);
                    add_edit(x, uri, lookup_range(x->s, &l->slug_range), rel);
                    free(rel);
                } else if (new_slug) {
                    add_edit(x, uri, lookup_range(x->s, &l->slug_range), new_slug);
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
    struct edits x = {s, json_object(), json_array()};
    json_t *resources = NULL;
    char *new_path = NULL;
    if (e->cfg.slug_source == SLUG_FROM_FRONTMATTER && target->slug_span.len) {
        new_path = xstrdup(target->path); /* the file keeps its name: edit the slug field */
        char *uri = lookup_uri(e, target->path);
        add_edit(&x, uri, lookup_range(s, &target->slug_range), new_slug);
        free(uri);
    } else {
        if (!rename_can(s, "rename")) {
            json_decref(x.by_uri);
            json_decref(x.order);
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
    server_reply(s, m->id, workspace_edit(&x, resources));
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
    struct edits x = {s, json_object(), json_array()};
    size_t i;
    json_t *f;
    json_array_foreach(files, i, f)
    {
        json_t *o = json_object_get(f, "oldUri"), *n = json_object_get(f, "newUri");
        if (!json_is_string(o) || !json_is_string(n)) continue;
        char *old_path = uri_to_path(json_string_value(o));
        char *new_abs = uri_to_path(json_string_value(n));
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
    if (!json_array_size(x.order)) {
        json_decref(x.by_uri);
        json_decref(x.order);
        server_reply(s, m->id, NULL);
        return;
    }
    server_reply(s, m->id, workspace_edit(&x, NULL));
}
