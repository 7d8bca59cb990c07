/* codeaction.c — textDocument/codeAction: quick fixes that carry the diagnostics they fix (the
 * closest slug for a broken link, creating the missing article, the space of "##Text", "- " for a
 * dash bullet, a highlights skeleton, a missing required key, an allowed enum value, unlinking a
 * self-link), "Link to /slug" for unlinked mentions, and source.fixAll.glossary-ls. Must never
 * offer an edit whose range it has not taken from the document's current text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "diagnostic.h"
#include "lookup.h"
#include "params.h"
#include "xalloc.h"

int rename_can(const struct server *s, const char *operation);

struct actions {
    struct server *s;
    struct lookup lk;
    json_t *out;
    uint32_t from, to; /* the requested range, as byte offsets */
    int quickfix, source, refactor; /* kinds the client asked for */
};

static json_t *text_edit(struct actions *a, struct span span, const char *text)
{
    return json_pack("{s:o,s:s}", "range", lookup_doc_range(a->s, a->lk.doc, span), "newText",
                     text);
}

/* A WorkspaceEdit of edits (taken) on this document. */
static json_t *action_edit(struct actions *a, json_t *edits_own)
{
    if (json_is_true(params_get(a->s->client_caps, "workspace.workspaceEdit.documentChanges")))
        return json_pack("{s:[{s:{s:s,s:I},s:o}]}", "documentChanges", "textDocument", "uri",
                         a->lk.doc->uri, "version", (json_int_t)a->lk.doc->version, "edits",
                         edits_own);
    json_t *changes = json_object();
    json_object_set_new(changes, a->lk.doc->uri, edits_own);
    return json_pack("{s:o}", "changes", changes);
}

static void add(struct actions *a, const char *title, const char *kind, const struct finding *f,
                int preferred, json_t *edit_own)
{
    json_t *action = json_pack("{s:s,s:s,s:o}", "title", title, "kind", kind, "edit", edit_own);
    if (!action) return; /* a title with invalid UTF-8 from a broken file */
    if (f) {
        enum severity sev = config_severity(&a->lk.engine->cfg, f->code);
        json_object_set_new(action, "diagnostics",
                            json_pack("[o]", diagnostic_to_json(f, sev ? sev : SEVERITY_HINT,
                                                                &a->lk.doc->lines, a->lk.doc->uri,
                                                                a->s->enc, NULL, NULL)));
    }
    if (preferred) json_object_set_new(action, "isPreferred", json_true());
    json_array_append_new(a->out, action);
}

static void single(struct actions *a, const char *title, const struct finding *f, int preferred,
                   struct span span, const char *text)
{
    add(a, title, "quickfix", f, preferred, action_edit(a, json_pack("[o]", text_edit(a, span, text))));
}

static const struct summary_link *link_with_dest(const struct summary *sum, struct span dest)
{
    for (size_t i = 0; i < sum->nlinks; i++)
        if (sum->links[i].dest.off == dest.off) return &sum->links[i];
    return NULL;
}

static const struct summary_link *link_with_span(const struct summary *sum, struct span span)
{
    for (size_t i = 0; i < sum->nlinks; i++)
        if (sum->links[i].span.off == span.off) return &sum->links[i];
    return NULL;
}

/* The text of an inline link "[text](dest)": what unlinking leaves. */
static char *link_text(const char *text, const struct summary_link *l)
{
    if (l->syntax != LINK_SYNTAX_INLINE || text[l->span.off] != '[') return NULL;
    uint32_t close = l->dest.off;
    while (close > l->span.off && text[close] != ']') close--;
    if (close <= l->span.off) return NULL;
    return xstrndup(text + l->span.off + 1, close - l->span.off - 1);
}

/* The heading of highlights sections in this glossary: the one its articles use, else the first
 * configured. */
static const char *highlights_heading(struct actions *a)
{
    const struct engine *e = a->lk.engine;
    size_t g = index_glossary_of(e->idx, a->lk.id);
    for (uint32_t id = 0; id < index_capacity(e->idx); id++) {
        const struct summary *x = index_get(e->idx, id);
        if (x && x->highlights_heading >= 0 && index_glossary_of(e->idx, id) == g)
            return x->headings[x->highlights_heading].text;
    }
    return e->cfg.nhighlight_headings ? e->cfg.highlight_headings[0] : "Highlights";
}

static void create_article(struct actions *a, const struct finding *f, const struct summary_link *l)
{
    if (!rename_can(a->s, "create") || l->target != LINK_TO_SLUG || !l->slug) return;
    struct engine *e = a->lk.engine;
    size_t g;
    checks_resolve(e->idx, a->lk.id, l, &g);
    const char *root = e->ws.glossaries[g].root;
    int folder = e->cfg.slug_source == SLUG_FROM_FOLDER;
    size_t n = strlen(root) + strlen(l->slug) + 16;
    char *rel = xmalloc(n);
    snprintf(rel, n, "%s%s%s%s", root, *root ? "/" : "", l->slug, folder ? "/index.md" : ".md");
    char *uri = lookup_uri(e, rel);
    char *title = xstrdup(l->slug);
    for (char *p = title; *p; p++)
        if (*p == '-' || *p == '_') *p = ' ';
    const char *hl = highlights_heading(a);
    size_t tl = strlen(title) * 2 + strlen(hl) + 128;
    char *text = xmalloc(tl);
    if (e->cfg.slug_source == SLUG_FROM_FRONTMATTER && e->cfg.slug_field)
        snprintf(text, tl, "---\n%s: %s\ntitle: %s\ndescription: \n---\n\n# %s\n\n## %s\n\n- \n",
                 e->cfg.slug_field, l->slug, title, title, hl);
    else
        snprintf(text, tl, "---\ntitle: %s\ndescription: \n---\n\n# %s\n\n## %s\n\n- \n", title,
                 title, hl);
    char label[300];
    snprintf(label, sizeof label, "Create the article '%s' (%s)", l->slug, rel);
    json_t *edit = json_pack(
        "{s:[{s:s,s:s,s:{s:b}},{s:{s:s,s:n},s:[{s:{s:{s:i,s:i},s:{s:i,s:i}},s:s}]}]}",
        "documentChanges", "kind", "create", "uri", uri, "options", "ignoreIfExists", 1,
        "textDocument", "uri", uri, "version", "edits", "range", "start", "line", 0, "character", 0,
        "end", "line", 0, "character", 0, "newText", text);
    add(a, label, "quickfix", f, 0, edit);
    free(text);
    free(title);
    free(uri);
    free(rel);
}

/* The offset where a key can be added: the start of the front matter's closing line. */
static uint32_t closing_line(const struct doc *d, struct span fm)
{
    uint32_t end = span_end(fm);
    uint32_t k = end;
    while (k > fm.off && (d->text[k - 1] == '\n' || d->text[k - 1] == '\r')) k--;
    while (k > fm.off && d->text[k - 1] != '\n' && d->text[k - 1] != '\r') k--;
    return k;
}

static void fixes_for(struct actions *a, const struct finding *f, json_t *fixall)
{
    const struct summary *sum = a->lk.sum;
    const char *text = a->lk.doc->text;
    char title[400];
    switch (f->code) {
    case FINDING_LINK_BROKEN: {
        const struct summary_link *l = link_with_dest(sum, f->span);
        if (!l) break;
        for (size_t i = 0; f->suggestions && f->suggestions[i]; i++) {
            snprintf(title, sizeof title, "Change to '%s'", f->suggestions[i]);
            single(a, title, f, i == 0, l->slug_span, f->suggestions[i]);
        }
        if (f->suggestions && f->suggestions[0] && !f->suggestions[1])
            json_array_append_new(fixall, text_edit(a, l->slug_span, f->suggestions[0]));
        create_article(a, f, l);
        break;
    }
    case FINDING_LINK_FRAGMENT: {
        for (size_t i = 0; f->suggestions && f->suggestions[i]; i++) {
            char frag[300];
            snprintf(frag, sizeof frag, "#%s", f->suggestions[i]);
            snprintf(title, sizeof title, "Change to '%s'", frag);
            single(a, title, f, i == 0, f->span, frag);
        }
        break;
    }
    case FINDING_HEADING_NO_SPACE: {
        uint32_t h = f->span.off;
        while (h < span_end(f->span) && text[h] == '#') h++;
        single(a, "Add the space after the '#'", f, 1, span_make(h, 0), " ");
        json_array_append_new(fixall, text_edit(a, span_make(h, 0), " "));
        break;
    }
    case FINDING_LIST_DASH_BULLET:
        single(a, "Use '- ' for this bullet", f, 1, f->span, "-");
        json_array_append_new(fixall, text_edit(a, f->span, "-"));
        break;
    case FINDING_HIGHLIGHTS_MISSING: {
        const char *hl = highlights_heading(a);
        size_t n = strlen(hl) + 32;
        char *skeleton = xmalloc(n);
        int nl = a->lk.doc->len && text[a->lk.doc->len - 1] != '\n';
        snprintf(skeleton, n, "%s\n## %s\n\n- \n", nl ? "\n" : "", hl);
        snprintf(title, sizeof title, "Add a '## %s' section", hl);
        single(a, title, f, 1, span_make((uint32_t)a->lk.doc->len, 0), skeleton);
        free(skeleton);
        break;
    }
    case FINDING_HIGHLIGHTS_EMPTY:
        single(a, "Add a bullet under the heading", f, 1, span_make(span_end(f->span), 0),
               "\n\n- ");
        break;
    case FINDING_FRONTMATTER_SCHEMA: {
        if (!f->suggestions || !sum->frontmatter.len) break;
        if (strncmp(f->message, "Missing required key", 20) == 0) {
            char line[300];
            snprintf(line, sizeof line, "%s: \n", f->suggestions[0]);
            snprintf(title, sizeof title, "Add the key '%s'", f->suggestions[0]);
            single(a, title, f, 1, span_make(closing_line(a->lk.doc, sum->frontmatter), 0), line);
            break;
        }
        for (size_t i = 0; f->suggestions[i]; i++) { /* an enum: each allowed value */
            snprintf(title, sizeof title, "Change to '%s'", f->suggestions[i]);
            single(a, title, f, 0, f->span, f->suggestions[i]);
        }
        break;
    }
    case FINDING_LINK_SELF: {
        const struct summary_link *l = link_with_span(sum, f->span);
        char *t = l ? link_text(text, l) : NULL;
        if (!t) break;
        single(a, "Unlink (the article links to itself)", f, 1, l->span, t);
        json_array_append_new(fixall, text_edit(a, l->span, t));
        free(t);
        break;
    }
    default:
        break;
    }
}

/* "Link to /slug" for the unlinked mentions the range touches. */
static void mention_actions(struct actions *a, const struct finding_list *findings)
{
    size_t n;
    struct mention *found = engine_mentions(a->lk.engine, a->lk.id, a->lk.doc->text,
                                            a->lk.doc->len, &n);
    const struct index *idx = a->lk.engine->idx;
    for (size_t i = 0; i < n; i++) {
        struct span sp = found[i].span;
        if (sp.off > a->to || span_end(sp) < a->from) continue;
        const struct summary *t = index_get(idx, found[i].id);
        const char *prefix = index_glossary_prefix(idx, index_glossary_of(idx, found[i].id));
        size_t len = sp.len + strlen(prefix) + strlen(t->slug) + 8;
        char *link = xmalloc(len), title[400];
        snprintf(link, len, "[%.*s](%s%s)", (int)sp.len, a->lk.doc->text + sp.off, prefix, t->slug);
        snprintf(title, sizeof title, "Link to %s%s", prefix, t->slug);
        const struct finding *f = NULL;
        for (size_t k = 0; k < findings->count; k++)
            if (findings->items[k].code == FINDING_MENTION_UNLINKED &&
                findings->items[k].span.off == sp.off)
                f = &findings->items[k];
        add(a, title, f ? "quickfix" : "refactor.rewrite", f, 0,
            action_edit(a, json_pack("[o]", text_edit(a, sp, link))));
        free(link);
    }
    free(found);
}

static int kind_wanted(json_t *only, const char *kind)
{
    if (!json_is_array(only)) return 1;
    size_t i;
    json_t *v;
    json_array_foreach(only, i, v)
    {
        const char *k = json_string_value(v);
        if (k && strncmp(kind, k, strlen(k)) == 0) return 1;
    }
    return 0;
}

void handle_code_action(struct server *s, struct rpc_message *m)
{
    struct params p;
    params_init(&p, m->params);
    const char *uri;
    uint32_t l0, c0, l1, c1;
    params_string(&p, "textDocument.uri", &uri);
    params_uint32(&p, "range.start.line", &l0);
    params_uint32(&p, "range.start.character", &c0);
    params_uint32(&p, "range.end.line", &l1);
    params_uint32(&p, "range.end.character", &c1);
    if (p.failed) {
        server_reply_error(s, m->id, RPC_INVALID_PARAMS, p.error);
        return;
    }
    struct actions a = {s, {0}, json_array(), 0, 0, 0, 0, 0};
    struct doc *d = doc_find(s, uri);
    if (!d || lookup_document(s, d, &a.lk) != 0 || a.lk.engine->loose) {
        server_reply(s, m->id, a.out);
        return;
    }
    a.from = text_offset_at(&d->lines, (struct text_pos){l0, c0}, s->enc);
    a.to = text_offset_at(&d->lines, (struct text_pos){l1, c1}, s->enc);
    json_t *only = params_get(m->params, "context.only");
    a.quickfix = kind_wanted(only, "quickfix");
    a.source = json_is_array(only) ? kind_wanted(only, "source.fixAll.glossary-ls") : 1;
    a.refactor = kind_wanted(only, "refactor.rewrite");
    struct finding_list findings = {0};
    engine_article_findings(a.lk.engine, a.lk.id, &findings);
    engine_mention_findings(a.lk.engine, a.lk.id, d->text, d->len, &findings);
    json_t *fixall = json_array();
    for (size_t i = 0; i < findings.count; i++) {
        const struct finding *f = &findings.items[i];
        if (config_severity(&a.lk.engine->cfg, f->code) == SEVERITY_OFF &&
            f->code != FINDING_MENTION_UNLINKED)
            continue;
        int touches = f->span.off <= a.to && span_end(f->span) >= a.from;
        size_t before = json_array_size(a.out);
        fixes_for(&a, f, fixall);
        if (!touches || !a.quickfix) /* keep the fix-all edits, drop actions out of range */
            while (json_array_size(a.out) > before) json_array_remove(a.out, before);
    }
    if (a.quickfix || a.refactor) mention_actions(&a, &findings);
    if (a.source && json_array_size(fixall))
        json_array_append_new(a.out,
                              json_pack("{s:s,s:s,s:o}", "title",
                                        "Fix all auto-fixable glossary problems", "kind",
                                        "source.fixAll.glossary-ls", "edit", action_edit(&a, fixall)));
    else
        json_decref(fixall);
    finding_list_clear(&findings);
    server_reply(s, m->id, a.out);
}
