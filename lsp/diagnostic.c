/* diagnostic.c — finding -> LSP Diagnostic. Must never decide whether a finding is shown:
 * callers drop findings whose severity is off. */
#include "diagnostic.h"

#include <stdlib.h>

#define DOCS_URL "https://github.com/glossary-ls/glossary-ls/blob/main/README.md"

int diagnostic_lsp_severity(enum severity s)
{
    switch (s) {
    case SEVERITY_ERROR:
        return 1;
    case SEVERITY_WARNING:
        return 2;
    case SEVERITY_INFO:
        return 3;
    case SEVERITY_HINT:
        return 4;
    default:
        return 0;
    }
}

const char *diagnostic_code_url(enum finding_code code)
{
    /* GitHub's ids for the README's "#### `link.broken`" headings drop the dots. */
    static const char *const urls[FINDING_CODE_COUNT] = {
        [FINDING_FRONTMATTER_MISSING] = DOCS_URL "#frontmattermissing",
        [FINDING_FRONTMATTER_SYNTAX] = DOCS_URL "#frontmattersyntax",
        [FINDING_FRONTMATTER_DUPLICATE_KEY] = DOCS_URL "#frontmatterduplicate-key",
        [FINDING_FRONTMATTER_SCHEMA] = DOCS_URL "#frontmatterschema",
        [FINDING_FRONTMATTER_UNKNOWN_KEY] = DOCS_URL "#frontmatterschema",
        [FINDING_LINK_BROKEN] = DOCS_URL "#linkbroken",
        [FINDING_LINK_FRAGMENT] = DOCS_URL "#linkfragment",
        [FINDING_LINK_SELF] = DOCS_URL "#linkself",
        [FINDING_HIGHLIGHTS_MISSING] = DOCS_URL "#highlightsmissing",
        [FINDING_HIGHLIGHTS_EMPTY] = DOCS_URL "#highlightsempty",
        [FINDING_HEADING_NO_SPACE] = DOCS_URL "#headingno-space",
        [FINDING_LIST_DASH_BULLET] = DOCS_URL "#listdash-bullet",
        [FINDING_SLUG_DUPLICATE] = DOCS_URL "#slugduplicate",
        [FINDING_FILE_UNREADABLE] = DOCS_URL "#fileunreadable",
        [FINDING_FILE_ENCODING] = DOCS_URL "#fileencoding",
        [FINDING_CONFIG_INVALID] = DOCS_URL "#configinvalid",
        [FINDING_MENTION_UNLINKED] = DOCS_URL "#mentionunlinked",
    };
    return (unsigned)code < FINDING_CODE_COUNT ? urls[code] : DOCS_URL;
}

static void write_position(struct jsonw *w, struct text_pos p)
{
    jsonw_begin_object(w);
    jsonw_key(w, "line");
    jsonw_int(w, (long long)p.line);
    jsonw_key(w, "character");
    jsonw_int(w, (long long)p.character);
    jsonw_end_object(w);
}

static void write_range(struct jsonw *w, struct diagnostic_range r)
{
    jsonw_begin_object(w);
    jsonw_key(w, "start");
    write_position(w, r.start);
    jsonw_key(w, "end");
    write_position(w, r.end);
    jsonw_end_object(w);
}

struct diagnostic_range diagnostic_range_at(const struct text_lines *lines, struct span span,
                                            enum text_encoding enc)
{
    struct diagnostic_range r = {text_pos_at(lines, span.off, enc),
                                 text_pos_at(lines, span_end(span), enc)};
    return r;
}

json_t *diagnostic_range(const struct text_lines *lines, struct span span, enum text_encoding enc)
{
    struct diagnostic_range r = diagnostic_range_at(lines, span, enc);
    return json_pack("{s:{s:I,s:I},s:{s:I,s:I}}", "start", "line", (json_int_t)r.start.line,
                     "character", (json_int_t)r.start.character, "end", "line",
                     (json_int_t)r.end.line, "character", (json_int_t)r.end.character);
}

void diagnostic_write_at(struct jsonw *w, const struct finding *f, enum severity sev,
                         struct diagnostic_range range, diagnostic_related_fn related, void *ctx)
{
    jsonw_begin_object(w);
    jsonw_key(w, "range");
    write_range(w, range);
    jsonw_key(w, "severity");
    jsonw_int(w, diagnostic_lsp_severity(sev));
    jsonw_key(w, "code");
    jsonw_string(w, finding_code_name(f->code));
    jsonw_key(w, "codeDescription");
    jsonw_begin_object(w);
    jsonw_key(w, "href");
    jsonw_string(w, diagnostic_code_url(f->code));
    jsonw_end_object(w);
    jsonw_key(w, "source");
    jsonw_string(w, "glossary-ls");
    jsonw_key(w, "message");
    jsonw_string(w, f->message);
    if (f->nrelated) {
        jsonw_key(w, "relatedInformation");
        jsonw_begin_array(w);
        for (size_t i = 0; i < f->nrelated; i++) {
            const char *uri;
            struct diagnostic_range r;
            if (!related || related(ctx, i, &uri, &r) != 0) continue;
            jsonw_begin_object(w);
            jsonw_key(w, "location");
            jsonw_begin_object(w);
            jsonw_key(w, "uri");
            jsonw_string(w, uri);
            jsonw_key(w, "range");
            write_range(w, r);
            jsonw_end_object(w);
            jsonw_key(w, "message");
            jsonw_string(w, f->related[i].message);
            jsonw_end_object(w);
        }
        jsonw_end_array(w);
    }
    jsonw_key(w, "data");
    jsonw_begin_object(w);
    jsonw_key(w, "code");
    jsonw_string(w, finding_severity_key(f->code));
    if (f->suggestions) {
        jsonw_key(w, "suggestions");
        jsonw_begin_array(w);
        for (char **s = f->suggestions; *s; s++) jsonw_string(w, *s);
        jsonw_end_array(w);
    }
    jsonw_end_object(w);
    jsonw_end_object(w);
}

/* The related places of a finding in a document whose lines the caller holds. */
struct related_in_lines {
    const struct finding *f;
    const struct text_lines *lines;
    const char *uri;
    enum text_encoding enc;
    diagnostic_resolve_fn resolve;
    void *ctx;
};

static int related_in_lines(void *ctx_, size_t i, const char **uri,
                            struct diagnostic_range *range)
{
    struct related_in_lines *c = ctx_;
    const struct finding_related *r = &c->f->related[i];
    const struct text_lines *lines = c->lines;
    *uri = c->uri;
    if (r->path && (!c->resolve || c->resolve(c->ctx, r->path, uri, &lines) != 0)) return -1;
    *range = diagnostic_range_at(lines, r->span, c->enc);
    return 0;
}

void diagnostic_write(struct jsonw *w, const struct finding *f, enum severity sev,
                      const struct text_lines *lines, const char *uri, enum text_encoding enc,
                      diagnostic_resolve_fn resolve, void *ctx)
{
    struct related_in_lines c = {f, lines, uri, enc, resolve, ctx};
    diagnostic_write_at(w, f, sev, diagnostic_range_at(lines, f->span, enc), related_in_lines,
                        &c);
}

json_t *diagnostic_to_json(const struct finding *f, enum severity sev,
                           const struct text_lines *lines, const char *uri,
                           enum text_encoding enc, diagnostic_resolve_fn resolve, void *ctx)
{
    struct jsonw w;
    jsonw_init(&w);
    diagnostic_write(&w, f, sev, lines, uri, enc, resolve, ctx);
    json_t *d = json_loadb(w.p, w.len, 0, NULL); /* jsonw writes valid JSON */
    jsonw_free(&w);
    return d;
}
