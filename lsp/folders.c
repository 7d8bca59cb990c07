/* folders.c — workspace folders and their engines: opening them (configuration + settings), the
 * initial index in the background with work-done progress, files changing on disk, reloads, which
 * open documents an update affects, and the paranoid rebuild-and-compare check.
 * Must never let an indexer's disk copy replace a document the editor has open. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "json_value.h"
#include "server_int.h"
#include "uri.h"
#include "xalloc.h"

static void folder_stop(struct folder *f)
{
    opener_free(f->op);
    f->op = NULL;
    indexer_free(f->ix);
    f->ix = NULL;
    engine_free(f->engine);
    f->engine = NULL;
    f->ready = 0;
}

static void log_config_problems(struct server *s, struct folder *f)
{
    struct engine *e = f->engine;
    for (size_t i = 0; i < e->config_findings.count; i++)
        server_log(s, 2, "%s: %s", e->config_path ? e->config_path : ".glossary.yaml",
                   e->config_findings.items[i].message);
    for (size_t i = 0; i < e->settings_findings.count; i++)
        server_log(s, 2, "settings: %s", e->settings_findings.items[i].message);
}

#define LOG_FILES_MAX 20 /* per kind and folder: a broken tree must not flood the editor's log */

/* root/rel as a new string the log can carry: the path, or its URI when it is not UTF-8. */
static char *loggable(const char *root, const char *rel)
{
    size_t n = strlen(root) + strlen(rel) + 2;
    char *abs = xmalloc(n);
    snprintf(abs, n, "%s/%s", strcmp(root, "/") == 0 ? "" : root, rel);
    if (text_utf8_valid(abs, strlen(abs), NULL)) return abs;
    char *uri = uri_from_path(abs);
    free(abs);
    return uri;
}

/* Logs what the walk could not list or did not follow (level 2) and skipped by design (3). */
static void log_walk_problems(struct server *s, struct folder *f)
{
    const struct workspace *ws = &f->engine->ws;
    for (size_t i = 0; i < ws->nproblems && i < LOG_FILES_MAX; i++) {
        char *where = loggable(f->engine->root, ws->problems[i].path);
        server_log(s, 2, "%s: %s", where, ws->problems[i].message);
        free(where);
    }
    if (ws->nproblems > LOG_FILES_MAX)
        server_log(s, 2, "%s: %zu more files or folders not read (glossary-ls check lists them)",
                   f->engine->root, ws->nproblems - LOG_FILES_MAX);
    for (size_t i = 0; i < ws->nnotes && i < LOG_FILES_MAX; i++)
        server_log(s, 3, "%s/%s: %s", f->engine->root, ws->notes[i].path, ws->notes[i].message);
}

/* Logs the listed files that could not be read when they were indexed (vanished, unreadable). */
static void log_read_problems(struct server *s, struct folder *f)
{
    const struct engine *e = f->engine;
    size_t n = 0;
    for (size_t i = 0; i < e->nfiles; i++) {
        if (!e->files[i].problem) continue;
        if (n++ < LOG_FILES_MAX)
            server_log(s, 2, "%s/%s: %s", e->root, e->files[i].path, e->files[i].problem);
    }
    if (n > LOG_FILES_MAX)
        server_log(s, 2, "%s: %zu more articles could not be read (glossary-ls check lists them)",
                   e->root, n - LOG_FILES_MAX);
}

/* With the folder's engine open (rc 0): files the open documents that belong to it, starts
 * indexing. */
static void folder_opened(struct server *s, struct folder *f, int rc, const char *err)
{
    if (rc != 0) {
        server_log(s, 1, "cannot open the workspace folder %s: %s", f->uri,
                   f->path ? err : "not a file:// URI");
        f->engine = NULL;
        f->ready = 1;
        return;
    }
    if (s->settings) { /* severities or debounce that arrived while it was being opened */
        struct value *v = json_value_from_jansson(s->settings);
        engine_apply_shown_settings(f->engine, v);
        value_free(v);
    }
    log_config_problems(s, f);
    log_walk_problems(s, f);
    engine_keep_ranges(f->engine, (int)s->enc);
    for (size_t i = 0; i < s->ndocs; i++) {
        struct doc *d = s->docs[i];
        if (!d->path) continue;
        if (d->folder == f) {
            free(d->rel);
            d->rel = NULL;
            d->folder = NULL;
        } else if (d->folder) {
            continue;
        }
        char *rel = NULL;
        if (folder_of_path(s, d->path, &rel) != f) {
            free(rel);
            continue;
        }
        if (s->loose) engine_remove(s->loose, d->path + 1, NULL);
        d->folder = f;
        d->rel = rel;
        engine_put(f->engine, d->rel, d->text, d->len, d->memo, NULL);
    }
    f->ready = 0;
    f->progress_percent = 0;
    f->ix = engine_index_start(f->engine, s->opt.threads, 0, s->opt.index_delay_ms);
    if (s->cap_progress) {
        char token[64];
        snprintf(token, sizeof token, "glossary-ls/index/%lld", s->next_id + 1);
        free(f->progress_token);
        f->progress_token = xstrdup(token);
        free(f->progress_end);
        f->progress_end = NULL;
        f->progress_begun = 0;
        server_request(s, "window/workDoneProgress/create", json_pack("{s:s}", "token", token),
                       OUT_PROGRESS_CREATE, f);
    }
}

/* Opens the folder's engine on a thread of its own (the walk over a huge workspace must not stop
 * the server); folders_pump takes it over when it is open. Until then the folder is not ready and
 * its documents are served by the loose engine. */
static void folder_start(struct server *s, struct folder *f)
{
    f->ready = 0;
    f->started = server_now();
    if (!f->path) {
        folder_opened(s, f, -1, "not a file:// URI");
        return;
    }
    struct value *settings = s->settings ? json_value_from_jansson(s->settings) : NULL;
    f->op = opener_start(f->path, settings);
    if (!f->op) { /* no thread: open it here */
        char err[1200];
        int rc = engine_open(&f->engine, f->path, NULL, settings, err, sizeof err);
        value_free(settings);
        folder_opened(s, f, rc, err);
    }
}

/* 1 when path may be served: inside the jail of the options (the fuzzer's), or there is none. */
static int inside_jail(const struct server *s, const char *path)
{
    const char *jail = s->opt.jail;
    if (!jail) return 1;
    size_t n = strlen(jail);
    return strncmp(path, jail, n) == 0 && (path[n] == '\0' || path[n] == '/') &&
           !strstr(path + n, "/..");
}

void folder_add(struct server *s, const char *uri)
{
    for (size_t i = 0; i < s->nfolders; i++)
        if (strcmp(s->folders[i]->uri, uri) == 0) return;
    struct folder *f = xcalloc(1, sizeof *f);
    f->uri = xstrdup(uri);
    f->path = uri_to_path(uri);
    if (f->path && !inside_jail(s, f->path)) {
        free(f->path);
        f->path = NULL;
    }
    s->folders = xgrow(s->folders, s->nfolders, sizeof *s->folders);
    s->folders[s->nfolders++] = f;
    if (s->state == STATE_RUNNING) folder_start(s, f);
}

void folder_remove(struct server *s, const char *uri)
{
    for (size_t i = 0; i < s->nfolders; i++) {
        struct folder *f = s->folders[i];
        if (strcmp(f->uri, uri) != 0) continue;
        memmove(s->folders + i, s->folders + i + 1, (s->nfolders - i - 1) * sizeof *s->folders);
        s->nfolders--;
        for (size_t k = 0; k < s->ndocs; k++) {
            struct doc *d = s->docs[k];
            if (d->folder != f) continue;
            d->folder = NULL;
            free(d->rel);
            d->rel = NULL;
            if (s->state != STATE_SHUTDOWN && !s->exit_requested) doc_reanalyse(s, d);
        }
        folder_stop(f);
        free(f->progress_token);
        free(f->progress_end);
        free(f->uri);
        free(f->path);
        free(f);
        return;
    }
}

void folders_start(struct server *s)
{
    for (size_t i = 0; i < s->nfolders; i++)
        if (!s->folders[i]->engine && !s->folders[i]->op && !s->folders[i]->ready)
            folder_start(s, s->folders[i]);
}

void folders_reload(struct server *s)
{
    if (s->state != STATE_RUNNING) return;
    for (size_t i = 0; i < s->nfolders; i++) {
        folder_stop(s->folders[i]);
        folder_start(s, s->folders[i]);
    }
    if (s->loose) {
        engine_free(s->loose);
        s->loose = NULL;
        for (size_t i = 0; i < s->ndocs; i++)
            if (!s->docs[i]->folder) doc_reanalyse(s, s->docs[i]);
    }
}

/* The folder still being opened whose tree holds the absolute path, or NULL. */
static struct folder *opening_folder_of(struct server *s, const char *path)
{
    for (size_t i = 0; i < s->nfolders; i++) {
        const struct folder *f = s->folders[i];
        size_t n = f->op && f->path ? strlen(f->path) : 0;
        if (n && strncmp(path, f->path, n) == 0 && (path[n] == '/' || f->path[n - 1] == '/'))
            return s->folders[i];
    }
    return NULL;
}

struct folder *doc_folder(struct server *s, const struct doc *d)
{
    if (d->folder || !d->path) return d->folder;
    return opening_folder_of(s, d->path);
}

struct folder *folder_of_request(struct server *s, struct rpc_message *m, struct doc **doc)
{
    json_t *uri = json_object_get(json_object_get(m->params, "textDocument"), "uri");
    *doc = json_is_string(uri) ? doc_find(s, json_string_value(uri)) : NULL;
    if (*doc) return doc_folder(s, *doc);
    char *path = json_is_string(uri) ? uri_to_path(json_string_value(uri)) : NULL, *rel = NULL;
    struct folder *f = path ? folder_of_path(s, path, &rel) : NULL;
    if (!f && path) f = opening_folder_of(s, path);
    free(rel);
    free(path);
    return f;
}

double folder_patience(const char *method)
{
    return strcmp(method, "textDocument/diagnostic") == 0 ? PARTIAL_AFTER : REQUEST_PATIENCE;
}

int folder_answerable(const struct folder *f, double patience, int *partial, double *wait)
{
    *partial = 0;
    if (!f || f->ready || (!f->engine && !f->op)) return 1;
    double elapsed = server_now() - f->started;
    if (elapsed >= patience) {
        *partial = 1;
        return 1;
    }
    if (wait) *wait = patience - elapsed;
    return 0;
}

int folders_ready(const struct server *s)
{
    for (size_t i = 0; i < s->nfolders; i++)
        if (!s->folders[i]->ready) return 0;
    return 1;
}

static void progress(struct server *s, struct folder *f, const char *kind, int percent,
                     const char *message)
{
    if (!f->progress_token || !f->progress_begun) return;
    json_t *value = json_pack("{s:s,s:s}", "kind", kind, "message", message);
    if (percent >= 0) json_object_set_new(value, "percentage", json_integer(percent));
    server_notify(s, "$/progress", json_pack("{s:s,s:o}", "token", f->progress_token, "value", value));
}

static void folder_finished(struct server *s, struct folder *f)
{
    size_t n = indexer_total(f->ix);
    indexer_free(f->ix);
    f->ix = NULL;
    engine_index_done(f->engine);
    log_read_problems(s, f);
    f->ready = 1;
    char msg[128];
    snprintf(msg, sizeof msg, "%zu articles indexed in %.0f ms", n,
             (server_now() - f->started) * 1000.0);
    if (f->progress_begun) {
        progress(s, f, "end", -1, msg);
        free(f->progress_token);
        f->progress_token = NULL;
        f->progress_begun = 0;
    } else if (f->progress_token) { /* the client has not accepted the token yet */
        free(f->progress_end);
        f->progress_end = xstrdup(msg);
    }
    server_log(s, 3, "%s: %s", f->uri, msg);
    for (size_t i = 0; i < s->ndocs; i++)
        if (s->docs[i]->folder == f) {
            s->docs[i]->dirty = 1;
            s->docs[i]->due = server_now();
        }
    s->refresh_wanted = 1;
}

/* Results are filed in shares of PUMP_BATCH, until PUMP_BUDGET seconds have passed in the call,
 * so that requests waiting in the main loop are answered between shares even when the workers
 * run ahead. At 429,000 articles a fixed share of 256 results sometimes took 9-18 ms (four of
 * them made a request wait up to 150 ms). */
#define PUMP_BATCH 32
#define PUMP_BUDGET 0.002

int folders_pump(struct server *s)
{
    int more = 0;
    double start = server_now();
    /* the folder that starts the turn rotates: one folder's share cannot starve the others */
    size_t first = s->nfolders ? s->pump_turn++ % s->nfolders : 0;
    for (size_t k = 0; k < s->nfolders; k++) {
        size_t i = (first + k) % s->nfolders;
        struct folder *f = s->folders[i];
        if (f->op && opener_done(f->op)) {
            char err[1200];
            struct opener *op = f->op;
            f->op = NULL;
            int rc = opener_finish(op, &f->engine, err, sizeof err);
            folder_opened(s, f, rc, err);
        }
        if (!f->ix) continue;
        struct indexer_result batch[PUMP_BATCH];
        size_t n;
        int out_of_time = 0;
        while (!(out_of_time = server_now() - start >= PUMP_BUDGET) &&
               (n = indexer_take(f->ix, batch, PUMP_BATCH)) > 0) {
            for (size_t r = 0; r < n; r++) {
                const char *rel = f->engine->files[batch[r].index].path;
                engine_file_result(f->engine, &batch[r], doc_find_rel(s, f, rel) != NULL);
            }
        }
        if (out_of_time) more = 1;
        size_t total = indexer_total(f->ix), taken = indexer_taken(f->ix);
        if (taken >= total) {
            folder_finished(s, f);
            if (s->opt.paranoid) folders_paranoid_check(s);
            continue;
        }
        int percent = (int)(taken * 100 / (total ? total : 1));
        if (percent >= f->progress_percent + 5) {
            f->progress_percent = percent;
            char msg[64];
            snprintf(msg, sizeof msg, "%zu/%zu articles", taken, total);
            progress(s, f, "report", percent, msg);
        }
    }
    return more;
}

void folders_affected(struct server *s, struct folder *f, const struct index_affected *affected)
{
    if (!f->engine || !f->engine->idx) return;
    double due = server_now() + server_debounce(s);
    for (size_t i = 0; i < affected->count; i++) {
        const struct summary *a = index_get(f->engine->idx, affected->ids[i]);
        if (!a) continue;
        struct doc *d = doc_find_rel(s, f, a->path);
        if (d) {
            if (!d->dirty) d->due = due;
            d->dirty = 1;
        } else {
            s->refresh_wanted = 1;
        }
    }
}

void folders_file_event(struct server *s, const char *uri, int type)
{
    char *path = uri_to_path(uri);
    if (!path) return;
    const char *base = strrchr(path, '/');
    if (base && strcmp(base + 1, ".glossary.yaml") == 0) {
        server_log(s, 3, "%s changed: re-reading the configuration and re-indexing", path);
        folders_reload(s);
        free(path);
        return;
    }
    char *rel = NULL;
    struct folder *f = folder_of_path(s, path, &rel);
    size_t n = strlen(path);
    if (!f && type != 3 && n > 3 && strcmp(path + n - 3, ".md") == 0 &&
        !text_utf8_valid(path, n, NULL))
        server_log(s, 2, "%s: the file name is not valid UTF-8: rename it in UTF-8 to have it "
                         "checked", uri);
    if (!f || !f->engine || doc_find_rel(s, f, rel)) { /* not an article, or the editor owns it */
        free(rel);
        free(path);
        return;
    }
    struct index_affected affected = {0};
    char *text = NULL, err[300];
    size_t len = 0;
    if (type != 3 &&
        !engine_read(f->engine, rel, &text, &len, err, sizeof err)) {
        uint32_t id = engine_put(f->engine, rel, text, len, NULL, &affected);
        if (id != INDEX_NONE && affected.count == 0) s->refresh_wanted = 1; /* its own report */
    } else {
        if (type != 3) server_log(s, 2, "%s: %s", path, err);
        engine_remove(f->engine, rel, &affected);
        s->refresh_wanted = 1;
    }
    free(text);
    folders_affected(s, f, &affected);
    index_affected_clear(&affected);
    free(rel);
    free(path);
    if (s->opt.paranoid) folders_paranoid_check(s);
}

/* ---- paranoid mode ------------------------------------------------------------------------- */

static int same_findings(const struct finding_list *a, const struct finding_list *b)
{
    if (a->count != b->count) return 0;
    for (size_t i = 0; i < a->count; i++) {
        const struct finding *x = &a->items[i], *y = &b->items[i];
        if (x->code != y->code || x->span.off != y->span.off || x->span.len != y->span.len ||
            strcmp(x->message, y->message) != 0)
            return 0;
    }
    return 1;
}

/* Rebuilds folder f's index from the current texts (open documents, else disk) and compares every
 * article's findings with the incrementally maintained index. */
static void paranoid_folder(struct server *s, struct folder *f)
{
    struct engine *e = f->engine;
    struct index_glossary *gl = xcalloc(e->ws.nglossaries + 1, sizeof *gl);
    for (size_t g = 0; g < e->ws.nglossaries; g++) {
        gl[g].name = e->ws.glossaries[g].name;
        gl[g].prefix = e->ws.glossaries[g].prefix;
    }
    struct index *fresh = index_new(gl, e->ws.nglossaries, (const char *const *)e->prefixes,
                                    e->nprefixes, e->cfg.slug_case_insensitive);
    free(gl);
    uint32_t cap = index_capacity(e->idx);
    uint32_t *map = xcalloc(cap + 1, sizeof *map);
    for (uint32_t id = 0; id < cap; id++) {
        const struct summary *a = index_get(e->idx, id);
        map[id] = INDEX_NONE;
        if (!a) continue;
        struct doc *d = doc_find_rel(s, f, a->path);
        char *text = NULL, err[300];
        size_t len = 0;
        if (d) {
            text = xstrndup(d->text, d->len);
            len = d->len;
        } else if (engine_read(e, a->path, &text, &len, err, sizeof err)) {
            fprintf(stderr, "glossary-ls: paranoid: %s is indexed but unreadable: %s\n", a->path,
                    err);
            abort();
        }
        struct summary *b = summary_new(text, len, a->path, &e->opts);
        free(text);
        map[id] = index_add(fresh, index_glossary_of(e->idx, id), b, NULL);
    }
    struct suggester **sugg = xcalloc(e->ws.nglossaries + 1, sizeof *sugg);
    for (size_t g = 0; g < e->ws.nglossaries; g++) sugg[g] = checks_suggester_new(fresh, g);
    if (index_count(fresh) != index_count(e->idx)) {
        fprintf(stderr, "glossary-ls: paranoid: %zu articles indexed, %zu after a rebuild\n",
                index_count(e->idx), index_count(fresh));
        abort();
    }
    for (uint32_t id = 0; id < cap; id++) {
        if (map[id] == INDEX_NONE) continue;
        struct finding_list a = {0}, b = {0};
        engine_article_findings(e, id, &a);
        finding_list_append_copy(&b, &index_get(fresh, map[id])->findings);
        checks_run(fresh, sugg, map[id], &b);
        finding_list_sort(&b);
        if (!same_findings(&a, &b)) {
            fprintf(stderr, "glossary-ls: paranoid: %s has %zu findings incrementally, %zu after "
                            "a rebuild\n",
                    index_get(e->idx, id)->path, a.count, b.count);
            abort();
        }
        finding_list_clear(&a);
        finding_list_clear(&b);
    }
    for (size_t g = 0; g < e->ws.nglossaries; g++) suggester_free(sugg[g]);
    free(sugg);
    free(map);
    index_free(fresh);
}

void folders_paranoid_check(struct server *s)
{
    for (size_t i = 0; i < s->nfolders; i++)
        if (s->folders[i]->engine && s->folders[i]->ready) paranoid_folder(s, s->folders[i]);
}
