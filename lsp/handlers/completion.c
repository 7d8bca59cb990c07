/* completion.c — textDocument/completion: term slugs inside a link destination (`](/ret|`,
 * `[x]: /|`), heading ids after `/slug#`, "link to term" items after `[` in running text, and
 * front-matter keys and enum values from the schema. Ranked on the server (terms.c), at most
 * MAX_ITEMS with isIncomplete when there are more; a term's definition is sent only when the
 * client resolves the item (completionItem/resolve), so a keystroke's answer stays small.
 * Must never answer with every term of a 15,000-term glossary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "lookup.h"
#include "xalloc.h"

#define MAX_ITEMS 100

struct ctx {
    struct server *s;
    struct lookup lk;
    int markdown; /* documentation as Markdown */
    struct jsonw *items; /* the answer's items array, open; NULL when not answering */
    int incomplete;
    int edit_range_default; /* the client takes itemDefaults.editRange (LSP 3.17) */
    json_t *edit_range;     /* the shared range of slug items, when it does */
};

static json_t *doc_string(struct ctx *c, const char *text)
{
    if (!text) return NULL;
    if (!c->markdown) return json_string(text);
    return json_pack("{s:s,s:s}", "kind", "markdown", "value", text);
}

static void add_item(struct ctx *c, json_t *item)
{
    if (!item) return;
    jsonw_json(c->items, item);
    json_decref(item);
}

static json_t *edit(struct ctx *c, uint32_t start, uint32_t end, const char *text)
{
    return json_pack("{s:o,s:s}", "range", lookup_doc_range(c->s, c->lk.doc, span_make(start, end - start)),
                     "newText", text);
}

/* The position of the document's folder among the server's (the first half of an item's data). */
static size_t folder_index(const struct ctx *c)
{
    size_t fi = 0;
    while (fi < c->s->nfolders && c->s->folders[fi] != c->lk.doc->folder) fi++;
    return fi;
}

/* What completionItem/resolve needs to find the term again: [folder, article id]. Ids are reused
 * after removals, so resolve also checks the label against the article it finds. */
static json_t *term_data(struct ctx *c, uint32_t id)
{
    return json_pack("[I,I]", (json_int_t)folder_index(c), (json_int_t)id);
}

static int is_slug_char(char ch)
{
    return ch && ch != ' ' && ch != '\t' && ch != ')' && ch != '(' && ch != '<' && ch != '>' &&
           ch != '"' && ch != '\'' && ch != '\n' && ch != '\r';
}

/* Slug items for what was typed after the link prefix (from `start` to the cursor), written
 * straight into the answer: a hundred jansson objects built, dumped and freed per keystroke were
 * half of a completion's cost. */
static void slug_items(struct ctx *c, size_t g, const char *typed, uint32_t start,
                       const char *insert_prefix)
{
    struct engine *e = c->lk.engine;
    if (!e->terms) e->terms = terms_new();
    struct terms_hit hits[MAX_ITEMS];
    size_t matched = 0;
    size_t n = terms_rank(e->terms, e->idx, g, typed, hits, MAX_ITEMS, &matched);
    c->incomplete = matched > n;
    struct span range = span_make(start, c->lk.off - start);
    char *range_text = NULL; /* every item's textEdit has the same range: written once */
    if (c->edit_range_default) {
        if (!c->edit_range) c->edit_range = lookup_doc_range(c->s, c->lk.doc, range);
    } else {
        json_t *r = lookup_doc_range(c->s, c->lk.doc, range);
        range_text = json_dumps(r, JSON_COMPACT);
        json_decref(r);
    }
    size_t fi = folder_index(c), pl = strlen(insert_prefix);
    struct jsonw *w = c->items;
    for (size_t i = 0; i < n; i++) {
        const struct summary *a = index_get(e->idx, hits[i].id);
        const char *title = a->title ? a->title : "";
        size_t sl = strlen(a->slug), tl = strlen(title);
        /* a name that is not UTF-8 (a file name's bytes) is left out, as jansson would */
        if (!text_utf8_valid(a->slug, sl, NULL) || !text_utf8_valid(title, tl, NULL)) continue;
        char sort[5] = {(char)('0' + i / 1000 % 10), (char)('0' + i / 100 % 10),
                        (char)('0' + i / 10 % 10), (char)('0' + i % 10), '\0'};
        char *filter = xmalloc(sl + tl + 2), *text = xmalloc(pl + sl + 1);
        memcpy(filter, a->slug, sl);
        filter[sl] = ' ';
        memcpy(filter + sl + 1, title, tl + 1);
        memcpy(text, insert_prefix, pl);
        memcpy(text + pl, a->slug, sl + 1);
        jsonw_begin_object(w);
        jsonw_key(w, "label");
        jsonw_string_n(w, a->slug, sl);
        jsonw_key(w, "kind");
        jsonw_int(w, 18);
        jsonw_key(w, "sortText");
        jsonw_string_n(w, sort, 4);
        jsonw_key(w, "filterText");
        jsonw_string_n(w, filter, sl + 1 + tl);
        if (c->edit_range_default) {
            /* the shared range: only the text when it is not the label ("/slug" after "](") */
            if (pl) {
                jsonw_key(w, "textEditText");
                jsonw_string_n(w, text, pl + sl);
            }
        } else {
            jsonw_key(w, "textEdit");
            jsonw_begin_object(w);
            jsonw_key(w, "range");
            jsonw_raw(w, range_text, strlen(range_text));
            jsonw_key(w, "newText");
            jsonw_string_n(w, text, pl + sl);
            jsonw_end_object(w);
        }
        if (a->title) {
            jsonw_key(w, "detail");
            jsonw_string_n(w, title, tl);
        }
        if (a->description) { /* what completionItem/resolve needs: see term_data */
            jsonw_key(w, "data");
            jsonw_begin_array(w);
            jsonw_int(w, (long long)fi);
            jsonw_int(w, (long long)hits[i].id);
            jsonw_end_array(w);
        }
        jsonw_end_object(w);
        free(filter);
        free(text);
    }
    free(range_text);
}

/* Heading ids of the article slug names, for what was typed after '#'. */
static void fragment_items(struct ctx *c, const struct summary_link *probe, const char *typed,
                           uint32_t start)
{
    uint32_t t = checks_resolve(c->lk.engine->idx, c->lk.id, probe, NULL);
    if (t == INDEX_NONE) return;
    const struct summary *a = index_get(c->lk.engine->idx, t);
    size_t n = strlen(typed);
    for (size_t i = 0; i < a->nheadings; i++) {
        const struct summary_heading *h = &a->headings[i];
        if (n && strncmp(h->id, typed, n) != 0 && !strstr(h->id, typed)) continue;
        add_item(c, json_pack("{s:s,s:i,s:s,s:o}", "label", h->id, "kind", 18, "detail", h->text,
                              "textEdit", edit(c, start, c->lk.off, h->id)));
    }
}

/* Inside a link destination: `](dest|` or `[label]: dest|`. Returns 1 when handled. */
static int destination(struct ctx *c, uint32_t line_start)
{
    const char *text = c->lk.doc->text;
    uint32_t off = c->lk.off, d = off;
    while (d > line_start && is_slug_char(text[d - 1])) d--;
    int inline_link = d >= line_start + 2 && text[d - 1] == '(' && text[d - 2] == ']';
    int refdef = 0;
    if (!inline_link) { /* "[label]: " then the destination */
        uint32_t p = d;
        while (p > line_start && (text[p - 1] == ' ' || text[p - 1] == '\t')) p--;
        if (p > line_start && text[p - 1] == ':' && p >= line_start + 2 && text[p - 2] == ']') {
            uint32_t q = line_start;
            while (q < p && (text[q] == ' ' || text[q] == '\t')) q++;
            refdef = text[q] == '[';
        }
    }
    if (!inline_link && !refdef) return 0;
    char *typed = xstrndup(text + d, off - d);
    const struct engine *e = c->lk.engine;
    size_t own = index_glossary_of(e->idx, c->lk.id);
    /* the longest link prefix the destination starts with; else offer prefix + slug */
    int p = -1;
    for (size_t i = 0; i < e->nprefixes && p < 0; i++)
        if (strncmp(typed, e->prefixes[i], strlen(e->prefixes[i])) == 0) p = (int)i;
    if (p < 0) {
        const char *prefix = e->cfg.link_prefix;
        if (strncmp(prefix, typed, strlen(typed)) == 0) /* "" or a part of the prefix */
            slug_items(c, own, "", d, prefix);
        free(typed);
        return 1;
    }
    struct summary_link probe = {0};
    probe.target = LINK_TO_SLUG;
    probe.prefix = p;
    size_t g = index_link_glossary(e->idx, c->lk.id, &probe);
    const char *rest = typed + strlen(e->prefixes[p]);
    const char *hash = strchr(rest, '#');
    if (hash) {
        probe.slug = xstrndup(rest, (size_t)(hash - rest));
        fragment_items(c, &probe, hash + 1, d + (uint32_t)(hash + 1 - typed));
        free(probe.slug);
    } else {
        slug_items(c, g, rest, d + (uint32_t)(rest - typed), "");
    }
    free(typed);
    return 1;
}

/* After an unclosed '[' in running text: "link to term" items that insert [Title](/slug). */
static int link_to_term(struct ctx *c, uint32_t line_start)
{
    const char *text = c->lk.doc->text;
    uint32_t off = c->lk.off, b = off;
    while (b > line_start && text[b - 1] != '[' && text[b - 1] != ']' && off - b < 60) b--;
    if (b == line_start || text[b - 1] != '[') return 0;
    b--; /* the '[' */
    uint32_t end = off < c->lk.doc->len && text[off] == ']' ? off + 1 : off; /* auto-paired */
    char *typed = xstrndup(text + b + 1, off - b - 1);
    struct engine *e = c->lk.engine;
    if (!e->terms) e->terms = terms_new();
    struct terms_hit hits[MAX_ITEMS];
    size_t matched = 0;
    size_t own = index_glossary_of(e->idx, c->lk.id);
    size_t n = terms_rank(e->terms, e->idx, own, typed, hits, MAX_ITEMS, &matched);
    c->incomplete = matched > n;
    const char *prefix = index_glossary_prefix(e->idx, own);
    for (size_t i = 0; i < n; i++) {
        const struct summary *a = index_get(e->idx, hits[i].id);
        if (hits[i].id == c->lk.id) continue; /* not a link to itself */
        const char *title = a->title ? a->title : a->slug;
        size_t len = strlen(title) + strlen(prefix) + strlen(a->slug) + 8;
        char *insert = xmalloc(len), *detail = xmalloc(len), sort[24];
        snprintf(insert, len, "[%s](%s%s)", title, prefix, a->slug);
        snprintf(detail, len, "%s%s", prefix, a->slug);
        snprintf(sort, sizeof sort, "%04zu", i);
        c->lk.off = end; /* the edit covers an auto-inserted ']' too */
        json_t *item = json_pack("{s:s,s:i,s:s,s:s,s:s,s:o}", "label", title, "kind", 18, "detail",
                                 detail, "sortText", sort, "filterText", title, "textEdit",
                                 edit(c, b, end, insert));
        c->lk.off = off;
        free(insert);
        free(detail);
        if (!item) continue;
        if (a->description) json_object_set_new(item, "data", term_data(c, hits[i].id));
        add_item(c, item);
    }
    free(typed);
    return 1;
}

/* Is key given at the start of a line of the front matter (which may not parse while typed)? */
static int key_given(const char *text, struct span fm, const char *key, uint32_t except_line_start)
{
    size_t n = strlen(key);
    for (uint32_t i = fm.off; i < span_end(fm); i++) {
        if (i != fm.off && text[i - 1] != '\n' && text[i - 1] != '\r') continue;
        if (i == except_line_start) continue;
        if (strncmp(text + i, key, n) == 0) {
            uint32_t j = i + (uint32_t)n;
            while (j < span_end(fm) && (text[j] == ' ' || text[j] == '\t')) j++;
            if (text[j] == ':') return 1;
        }
    }
    return 0;
}

/* In the front matter: keys the schema declares (not yet given), or a key's allowed values. */
static void frontmatter(struct ctx *c, uint32_t line_start)
{
    const struct schema *schema = c->lk.engine->schema;
    if (!schema) return;
    const char *text = c->lk.doc->text;
    uint32_t off = c->lk.off;
    const char *colon = memchr(text + line_start, ':', off - line_start);
    if (!colon) { /* a key */
        uint32_t k = line_start;
        while (k < off && (text[k] == ' ' || text[k] == '\t')) k++;
        for (size_t i = 0; i < schema_property_count(schema); i++) {
            const char *key = schema_property_name(schema, i);
            if (key_given(text, c->lk.sum->frontmatter, key, line_start)) continue;
            struct schema_info info;
            schema_property_info(schema, key, &info);
            char insert[256];
            snprintf(insert, sizeof insert, "%s: ", key);
            json_t *item = json_pack("{s:s,s:i,s:s,s:o}", "label", key, "kind", 10, "detail",
                                     info.type, "textEdit", edit(c, k, off, insert));
            json_t *doc = doc_string(c, info.description);
            if (doc) json_object_set_new(item, "documentation", doc);
            add_item(c, item);
        }
        return;
    }
    char *key = xstrndup(text + line_start, (size_t)(colon - (text + line_start)));
    struct schema_info info;
    uint32_t v = (uint32_t)(colon - text) + 1;
    while (v < off && (text[v] == ' ' || text[v] == '\t')) v++;
    if (schema_property_info(schema, key, &info) == 0 && info.enum_values) { /* a value */
        for (size_t i = 0; i < info.enum_values->u.array.count; i++) {
            const struct value *ev = info.enum_values->u.array.items[i];
            if (ev->kind != VALUE_STRING) continue;
            add_item(c, json_pack("{s:s,s:i,s:o}", "label", ev->u.string.ptr, "kind", 12,
                                  "textEdit", edit(c, v, off, ev->u.string.ptr)));
        }
    }
    free(key);
}

void handle_completion(struct server *s, struct rpc_message *m)
{
    struct ctx c = {s, {0}, 0, NULL, 0, 0, NULL};
    int rc = lookup_position(s, m, &c.lk);
    if (rc < 0) return;
    struct jsonw w;
    server_reply_begin(s, m->id, &w);
    jsonw_begin_object(&w);
    jsonw_key(&w, "items");
    jsonw_begin_array(&w);
    c.items = &w;
    c.edit_range_default =
        lookup_client_lists(s, "textDocument.completion.completionList.itemDefaults", "editRange");
    if (rc == 0 && !c.lk.engine->loose) {
        c.markdown = lookup_markdown(s, "textDocument.completion.completionItem.documentationFormat");
        uint32_t line = text_line_of(&c.lk.doc->lines, c.lk.off);
        uint32_t line_start = c.lk.doc->lines.starts[line];
        const struct summary *sum = c.lk.sum;
        const char *t = c.lk.doc->text + line_start;
        int delimiter = strncmp(t, "---", 3) == 0 || strncmp(t, "...", 3) == 0;
        if (sum->frontmatter.len && line_start > sum->frontmatter.off &&
            line_start < span_end(sum->frontmatter) && !delimiter)
            frontmatter(&c, line_start);
        else if (!destination(&c, line_start))
            link_to_term(&c, line_start);
    }
    jsonw_end_array(&w);
    jsonw_key(&w, "isIncomplete");
    jsonw_bool(&w, c.incomplete);
    if (c.edit_range) {
        jsonw_key(&w, "itemDefaults");
        jsonw_begin_object(&w);
        jsonw_key(&w, "editRange");
        jsonw_json(&w, c.edit_range);
        jsonw_end_object(&w);
        json_decref(c.edit_range);
    }
    jsonw_end_object(&w);
    server_reply_end(s, &w);
}

void handle_completion_resolve(struct server *s, struct rpc_message *m)
{
    if (!json_is_object(m->params)) {
        server_reply_error(s, m->id, -32602, "params must be a CompletionItem object");
        return;
    }
    json_t *item = json_deep_copy(m->params);
    json_t *data = json_object_get(item, "data");
    json_t *label = json_object_get(item, "label");
    json_int_t fi = json_integer_value(json_array_get(data, 0));
    json_int_t id = json_integer_value(json_array_get(data, 1));
    const struct summary *a = NULL;
    if (json_is_string(label) && json_is_integer(json_array_get(data, 0)) &&
        json_is_integer(json_array_get(data, 1)) && fi >= 0 && (size_t)fi < s->nfolders &&
        id >= 0 && id < UINT32_MAX) {
        struct engine *e = s->folders[fi]->engine;
        a = e && e->idx ? index_get(e->idx, (uint32_t)id) : NULL;
        const char *l = json_string_value(label);
        if (a && strcmp(a->slug, l) != 0 && !(a->title && strcmp(a->title, l) == 0))
            a = NULL; /* the id was reused by another article since */
    }
    if (a && a->description && !json_object_get(item, "documentation")) {
        struct ctx c = {s, {0}, 0, NULL, 0, 0, NULL};
        c.markdown =
            lookup_markdown(s, "textDocument.completion.completionItem.documentationFormat");
        json_object_set_new(item, "documentation", doc_string(&c, a->description));
    }
    server_reply(s, m->id, item);
}
