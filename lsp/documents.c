/* documents.c — the documents the editor has open: their text (which overrides the disk copy in
 * the index while open), version, line table, and which folder's glossary they belong to.
 * Must never read a position without the line table of the text it refers to. */
#include <stdlib.h>
#include <string.h>

#include "json_value.h"
#include "server_int.h"
#include "uri.h"
#include "xalloc.h"

struct doc *doc_find(struct server *s, const char *uri)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (strcmp(s->docs[i]->uri, uri) == 0) return s->docs[i];
    return NULL;
}

struct doc *doc_find_rel(struct server *s, const struct folder *f, const char *rel)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (s->docs[i]->folder == f && s->docs[i]->rel && strcmp(s->docs[i]->rel, rel) == 0)
            return s->docs[i];
    return NULL;
}

struct folder *folder_of_path(struct server *s, const char *path, char **rel)
{
    struct folder *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < s->nfolders; i++) {
        struct folder *f = s->folders[i];
        if (!f->engine) continue;
        const char *root = f->engine->root;
        size_t n = strlen(root);
        if (strcmp(root, "/") == 0) n = 0;
        if (strncmp(path, root, n) != 0 || path[n] != '/') continue;
        if (engine_glossary_of(f->engine, path + n + 1) < 0) continue;
        if (!best || n > best_len) {
            best = f;
            best_len = n;
        }
    }
    if (best) *rel = xstrdup(path + best_len + 1);
    return best;
}

static struct engine *engine_of(struct server *s, struct doc *d)
{
    if (d->folder) return d->folder->engine;
    if (!s->loose) {
        struct value *v = s->settings ? json_value_from_jansson(s->settings) : NULL;
        s->loose = engine_new_loose(v);
        engine_keep_ranges(s->loose, (int)s->enc);
        value_free(v);
    }
    return s->loose;
}

/* The key a document has in its engine: its workspace path, or (outside every workspace) its
 * absolute path or URI. */
static const char *doc_key(const struct doc *d)
{
    return d->rel ? d->rel : d->path ? d->path + 1 : d->uri;
}

void doc_reanalyse(struct server *s, struct doc *d)
{
    struct engine *e = engine_of(s, d);
    if (!e) return;
    struct index_affected affected = {0};
    engine_put(e, doc_key(d), d->text, d->len, d->memo, &affected);
    if (d->folder) folders_affected(s, d->folder, &affected);
    index_affected_clear(&affected);
    d->dirty = 1;
    d->due = server_now() + server_debounce(s);
    if (s->opt.paranoid) folders_paranoid_check(s);
}

static void set_text(struct doc *d, const char *text, size_t len)
{
    free(d->text);
    d->text = xstrndup(text, len);
    d->cap = len + 1;
    d->len = len;
    text_lines_free(&d->lines);
    text_lines_init(&d->lines, d->text, d->len);
}

struct doc *doc_open(struct server *s, const char *uri, const char *text, size_t len,
                     int64_t version)
{
    struct doc *d = doc_find(s, uri);
    if (!d) {
        d = xcalloc(1, sizeof *d);
        d->memo = summary_memo_new();
        d->uri = xstrdup(uri);
        d->path = uri_to_path(uri);
        if (d->path) d->folder = folder_of_path(s, d->path, &d->rel);
        s->docs = xgrow(s->docs, s->ndocs, sizeof *s->docs);
        s->docs[s->ndocs++] = d;
    }
    if (len > UINT32_MAX - 1) len = UINT32_MAX - 1;
    set_text(d, text, len);
    d->version = version;
    doc_reanalyse(s, d);
    return d;
}

void doc_edit(struct doc *d, uint32_t start, uint32_t end, const char *repl, size_t n)
{
    if (end > d->len) end = (uint32_t)d->len;
    if (start > end) start = end;
    size_t len = d->len - (end - start) + n;
    if (len > UINT32_MAX - 1) return; /* a document past 4 GiB: refuse the edit */
    if (len + 1 > d->cap) { /* room for the longest text so far and a quarter: a keystroke that
                               adds a character then allocates nothing */
        size_t cap = len + 1 + len / 4;
        char *text = xmalloc(cap);
        memcpy(text, d->text, start);
        memcpy(text + start, repl, n);
        memcpy(text + start + n, d->text + end, d->len - end);
        free(d->text);
        d->text = text;
        d->cap = cap;
    } else { /* in place: the tail moves, then the replacement goes in (repl is the client's) */
        memmove(d->text + start + n, d->text + end, d->len - end);
        memcpy(d->text + start, repl, n);
    }
    d->text[len] = '\0';
    d->len = len;
    text_lines_free(&d->lines);
    text_lines_init(&d->lines, d->text, d->len);
}

void doc_close(struct server *s, struct doc *d)
{
    for (size_t i = 0; i < s->ndocs; i++) {
        if (s->docs[i] != d) continue;
        memmove(s->docs + i, s->docs + i + 1, (s->ndocs - i - 1) * sizeof *s->docs);
        s->ndocs--;
        break;
    }
    struct engine *e = engine_of(s, d);
    struct index_affected affected = {0};
    char *text = NULL, err[300];
    size_t len = 0;
    if (d->folder && e && !engine_read(e, d->rel, &text, &len, err, sizeof err))
        engine_put(e, d->rel, text, len, NULL, &affected); /* the disk copy counts again */
    else if (e)
        engine_remove(e, doc_key(d), &affected);
    free(text);
    if (d->folder) {
        folders_affected(s, d->folder, &affected);
        s->refresh_wanted = 1; /* its own pulled diagnostics now come from the disk copy */
    }
    index_affected_clear(&affected);
    if (!s->cap_pull && d->published && strcmp(d->published, "[]") != 0)
        server_notify(s, "textDocument/publishDiagnostics",
                      json_pack("{s:s,s:[]}", "uri", d->uri, "diagnostics"));
    doc_free(d);
    if (s->opt.paranoid) folders_paranoid_check(s);
}

void doc_free(struct doc *d)
{
    free(d->uri);
    free(d->path);
    free(d->text);
    text_lines_free(&d->lines);
    free(d->rel);
    free(d->published);
    summary_memo_free(d->memo);
    free(d);
}
