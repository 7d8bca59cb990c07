/* lookup.c — positions to articles and links; articles to URIs and ranges. Must never read a file:
 * requests are answered from the index and the open documents. */
#include "lookup.h"

#include <stdlib.h>
#include <string.h>

#include "diagnostic.h"
#include "params.h"
#include "uri.h"
#include "xalloc.h"

int lookup_document(struct server *s, struct doc *d, struct lookup *out)
{
    memset(out, 0, sizeof *out);
    out->doc = d;
    out->id = INDEX_NONE;
    out->engine = d->folder ? d->folder->engine : s->loose;
    if (!out->engine || !out->engine->idx) return 1;
    const char *key = d->rel ? d->rel : d->path ? d->path + 1 : d->uri;
    out->id = index_find_path(out->engine->idx, key);
    out->sum = out->id == INDEX_NONE ? NULL : index_get(out->engine->idx, out->id);
    return out->sum ? 0 : 1;
}

int lookup_open_document(struct server *s, struct rpc_message *m, struct lookup *out)
{
    struct params p;
    params_init(&p, m->params);
    const char *uri;
    if (params_string(&p, "textDocument.uri", &uri) != 0) {
        server_reply_error(s, m->id, RPC_INVALID_PARAMS, p.error);
        return -1;
    }
    struct doc *d = doc_find(s, uri);
    return d ? lookup_document(s, d, out) : 1;
}

int lookup_position(struct server *s, struct rpc_message *m, struct lookup *out)
{
    struct params p;
    params_init(&p, m->params);
    const char *uri;
    uint32_t line, character;
    params_string(&p, "textDocument.uri", &uri);
    params_uint32(&p, "position.line", &line);
    params_uint32(&p, "position.character", &character);
    if (p.failed) {
        server_reply_error(s, m->id, RPC_INVALID_PARAMS, p.error);
        return -1;
    }
    struct doc *d = doc_find(s, uri);
    if (!d || lookup_document(s, d, out) != 0) return 1;
    struct text_pos pos = {line, character};
    out->off = text_offset_at(&d->lines, pos, s->enc);
    for (size_t i = 0; i < out->sum->nlinks; i++) {
        const struct summary_link *l = &out->sum->links[i];
        if (out->off >= l->span.off && out->off <= span_end(l->span)) {
            out->link = l;
            break;
        }
    }
    return 0;
}

char *lookup_uri(const struct engine *e, const char *rel)
{
    if (e->loose) { /* loose documents are keyed by their absolute path without its '/' */
        char *abs = xmalloc(strlen(rel) + 2);
        abs[0] = '/';
        strcpy(abs + 1, rel);
        char *u = uri_from_path(abs);
        free(abs);
        return u;
    }
    size_t rl = strcmp(e->root, "/") == 0 ? 0 : strlen(e->root);
    char *abs = xmalloc(rl + strlen(rel) + 2);
    memcpy(abs, e->root, rl);
    abs[rl] = '/';
    strcpy(abs + rl + 1, rel);
    char *u = uri_from_path(abs);
    free(abs);
    return u;
}

json_t *lookup_range(const struct server *s, const struct summary_range *r)
{
    (void)s; /* the summaries were built in the session's encoding (engine_keep_ranges) */
    return json_pack("{s:{s:I,s:I},s:{s:I,s:I}}", "start", "line", (json_int_t)r->start.line,
                     "character", (json_int_t)r->start.character, "end", "line",
                     (json_int_t)r->end.line, "character", (json_int_t)r->end.character);
}

static char *put_uint(char *o, uint32_t v)
{
    return o + jsonw_format_int(o, (long long)v);
}

static char *put_text(char *o, const char *text)
{
    size_t n = strlen(text);
    memcpy(o, text, n);
    return o + n;
}

void lookup_write_range(const struct server *s, struct jsonw *w, const struct summary_range *r)
{
    (void)s; /* as lookup_range */
    /* formatted whole: a reference or rename answer holds thousands of ranges */
    char buf[128], *o = buf;
    o = put_uint(put_text(o, "{\"start\":{\"line\":"), r->start.line);
    o = put_uint(put_text(o, ",\"character\":"), r->start.character);
    o = put_uint(put_text(o, "},\"end\":{\"line\":"), r->end.line);
    o = put_uint(put_text(o, ",\"character\":"), r->end.character);
    o = put_text(o, "}}");
    jsonw_raw(w, buf, (size_t)(o - buf));
}

void lookup_write_location(const struct server *s, struct jsonw *w, const char *uri,
                           const struct summary_range *r)
{
    jsonw_begin_object(w);
    jsonw_key(w, "uri");
    jsonw_string(w, uri);
    jsonw_key(w, "range");
    lookup_write_range(s, w, r);
    jsonw_end_object(w);
}

void lookup_write_document(struct jsonw *w, const char *uri, const struct doc *d)
{
    jsonw_key(w, "uri");
    jsonw_string(w, uri);
    jsonw_key(w, "version");
    if (d) jsonw_int(w, (long long)d->version);
    else jsonw_null(w);
}

json_t *lookup_doc_range(const struct server *s, const struct doc *d, struct span span)
{
    return diagnostic_range(&d->lines, span, s->enc);
}

int lookup_client_lists(const struct server *s, const char *path, const char *name)
{
    json_t *list = params_get(s->client_caps, path);
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), name) == 0) return 1;
    }
    return 0;
}

int lookup_markdown(const struct server *s, const char *kinds)
{
    return lookup_client_lists(s, kinds, "markdown");
}
