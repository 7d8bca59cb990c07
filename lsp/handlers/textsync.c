/* textsync.c — textDocument/didOpen, didChange (full and incremental, several changes applied in
 * order, ranges in the negotiated encoding), didClose and didSave. Must never apply part of a
 * change list it has not validated: a malformed notification changes nothing. */
#include <stdio.h>
#include <string.h>

#include "params.h"
#include "server_int.h"

void handle_did_open(struct server *s, struct rpc_message *m)
{
    struct params p;
    params_init(&p, m->params);
    const char *uri, *text;
    size_t len = 0;
    long long version = 0;
    params_string(&p, "textDocument.uri", &uri);
    params_text(&p, "textDocument.text", &text, &len);
    params_int(&p, "textDocument.version", INT32_MIN, INT32_MAX, &version);
    if (p.failed) {
        server_log(s, 2, "textDocument/didOpen ignored: %s", p.error);
        return;
    }
    doc_open(s, uri, text, len, version); /* NULs and all: a NUL is a file.encoding finding */
}

/* "contentChanges[i]" and then suffix (at most 32 bytes), written at path (96 bytes); returns
 * path. Six of them a keystroke: not worth an snprintf each. */
static const char *change_path(char *path, size_t i, const char *suffix)
{
    static const char head[] = "contentChanges[";
    memcpy(path, head, sizeof head - 1);
    size_t n = sizeof head - 1;
    n += jsonw_format_int(path + n, (long long)i);
    path[n++] = ']';
    size_t sl = strlen(suffix);
    memcpy(path + n, suffix, sl + 1);
    return path;
}

/* Are a change's range's four numbers all there, and integers from 0 to UINT32_MAX (what
 * params_uint32 accepts)? */
static int range_ok(json_t *range)
{
    static const char *const ends[] = {"start", "end"}, *const fields[] = {"line", "character"};
    for (int e = 0; e < 2; e++) {
        json_t *pos = json_object_get(range, ends[e]);
        for (int k = 0; k < 2; k++) {
            json_t *v = json_object_get(pos, fields[k]);
            if (!json_is_integer(v) || json_integer_value(v) < 0 ||
                json_integer_value(v) > (json_int_t)UINT32_MAX)
                return 0;
        }
    }
    return 1;
}

/* The position of a validated range's end ("start" or "end"). */
static struct text_pos range_end(json_t *range, const char *end)
{
    json_t *pos = json_object_get(range, end);
    struct text_pos at = {(uint32_t)json_integer_value(json_object_get(pos, "line")),
                          (uint32_t)json_integer_value(json_object_get(pos, "character"))};
    return at;
}

void handle_did_change(struct server *s, struct rpc_message *m)
{
    struct params p;
    params_init(&p, m->params);
    const char *uri;
    long long version = 0;
    json_t *changes = NULL; /* stays NULL when an earlier param failed */
    params_string(&p, "textDocument.uri", &uri);
    params_int(&p, "textDocument.version", INT32_MIN, INT32_MAX, &version);
    params_array(&p, "contentChanges", &changes);
    size_t n = changes ? json_array_size(changes) : 0;
    for (size_t i = 0; i < n && !p.failed; i++) { /* validate everything before applying */
        json_t *c = json_array_get(changes, i), *range = json_object_get(c, "range");
        if (json_is_string(json_object_get(c, "text")) && (!range || range_ok(range)))
            continue; /* the common case, read without a path per field */
        char path[96]; /* else the reader names what is wrong */
        const char *text;
        size_t len;
        params_text(&p, change_path(path, i, ".text"), &text, &len);
        if (!params_get(m->params, change_path(path, i, ".range"))) continue;
        const char *fields[] = {".range.start.line", ".range.start.character", ".range.end.line",
                                ".range.end.character"};
        for (int k = 0; k < 4; k++) {
            uint32_t v;
            params_uint32(&p, change_path(path, i, fields[k]), &v);
        }
    }
    if (p.failed) {
        server_log(s, 2, "textDocument/didChange ignored: %s", p.error);
        return;
    }
    struct doc *d = doc_find(s, uri);
    if (!d) {
        server_log(s, 2, "textDocument/didChange for %s, which is not open: ignored", uri);
        return;
    }
    if (version <= d->version)
        server_log(s, 4, "%s: version %lld after %lld", uri, version, (long long)d->version);
    for (size_t i = 0; i < n; i++) {
        json_t *c = json_array_get(changes, i);
        json_t *text = json_object_get(c, "text");
        json_t *range = json_object_get(c, "range");
        if (!range || json_is_null(range)) {
            doc_edit(d, 0, (uint32_t)d->len, json_string_value(text), json_string_length(text));
            continue;
        }
        uint32_t start = text_offset_at(&d->lines, range_end(range, "start"), s->enc);
        uint32_t end = text_offset_at(&d->lines, range_end(range, "end"), s->enc);
        if (end < start) { /* a reversed range: take it as written, the other way round */
            uint32_t t = start;
            start = end;
            end = t;
        }
        doc_edit(d, start, end, json_string_value(text), json_string_length(text));
    }
    d->version = version;
    doc_reanalyse(s, d);
}

void handle_did_close(struct server *s, struct rpc_message *m)
{
    struct params p;
    params_init(&p, m->params);
    const char *uri;
    if (params_string(&p, "textDocument.uri", &uri) != 0) {
        server_log(s, 2, "textDocument/didClose ignored: %s", p.error);
        return;
    }
    struct doc *d = doc_find(s, uri);
    if (d) doc_close(s, d);
}

void handle_did_save(struct server *s, struct rpc_message *m)
{
    (void)s;
    (void)m; /* the text is already in sync through didChange; nothing to do */
}
