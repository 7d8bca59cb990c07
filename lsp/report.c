/* report.c — positions a check report's findings as they are collected (report_places), and
 * renders the report as text, JSON or SARIF from those places. Must never convert a position
 * except through text.c and diagnostic.c. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "diagnostic.h"
#include "uri.h"
#include "xalloc.h"

#ifndef GLOSSARY_VERSION
#define GLOSSARY_VERSION "0.0.0"
#endif
#define INFO_URL "https://github.com/glossary-ls/glossary-ls"

void report_text(FILE *out, const struct report *r)
{
    size_t files_with = 0;
    for (size_t i = 0; i < r->nfiles; i++) {
        const struct report_file *f = &r->files[i];
        if (f->findings.count) files_with++;
        const struct report_place *at = f->places;
        for (size_t k = 0; k < f->findings.count; k++) {
            const struct finding *x = &f->findings.items[k];
            fprintf(out, "%s:%u:%u: %s: %s [%s]\n", f->display, at->range.start.line + 1,
                    at->column + 1, severity_name(f->severity[k]), x->message,
                    finding_code_name(x->code));
            at += 1 + x->nrelated;
        }
    }
    const size_t *c = r->counts;
    size_t total = c[SEVERITY_ERROR] + c[SEVERITY_WARNING] + c[SEVERITY_INFO] + c[SEVERITY_HINT];
    if (!total) {
        fprintf(out, "No problems in %zu article%s.\n", r->articles, r->articles == 1 ? "" : "s");
        return;
    }
    fprintf(out, "%zu error%s, %zu warning%s, %zu info, %zu hint%s in %zu file%s (%zu article%s "
                 "checked).\n",
            c[SEVERITY_ERROR], c[SEVERITY_ERROR] == 1 ? "" : "s", c[SEVERITY_WARNING],
            c[SEVERITY_WARNING] == 1 ? "" : "s", c[SEVERITY_INFO], c[SEVERITY_HINT],
            c[SEVERITY_HINT] == 1 ? "" : "s", files_with, files_with == 1 ? "" : "s", r->articles,
            r->articles == 1 ? "" : "s");
}

static struct report_place place_in(const struct text_lines *lines, struct span span)
{
    struct report_place p = {diagnostic_range_at(lines, span, TEXT_UTF16),
                             text_pos_at(lines, span.off, TEXT_UTF32).character, 1};
    return p;
}

struct report_place *report_places(const struct finding_list *findings, const char *text,
                                   size_t len, report_read_fn read, void *ctx)
{
    size_t n = 0;
    for (size_t k = 0; k < findings->count; k++) n += 1 + findings->items[k].nrelated;
    if (!n) return NULL;
    struct report_place *places = xcalloc(n, sizeof *places), *at = places;
    struct text_lines lines;
    text_lines_init(&lines, text ? text : "", text ? len : 0);
    for (size_t k = 0; k < findings->count; k++) {
        const struct finding *x = &findings->items[k];
        *at++ = place_in(&lines, x->span);
        for (size_t j = 0; j < x->nrelated; j++, at++) {
            const struct finding_related *rel = &x->related[j];
            if (!rel->path) {
                *at = place_in(&lines, rel->span);
                continue;
            }
            char *other = NULL; /* another document: rare (a slug two articles declare) */
            size_t olen = 0;
            if (!read || read(ctx, rel->path, &other, &olen) != 0) continue; /* unknown */
            struct text_lines olines;
            text_lines_init(&olines, other, olen);
            *at = place_in(&olines, rel->span);
            text_lines_free(&olines);
            free(other);
        }
    }
    text_lines_free(&lines);
    return places;
}

/* The file of the report whose findings are in workspace-relative path, in f's workspace; NULL
 * when it has none shown (its places are then left out, as an editor shows no file it cannot
 * open). */
static const struct report_file *other_file(const struct report *r, const struct report_file *f,
                                            const char *path)
{
    for (size_t i = 0; i < r->nfiles; i++) {
        const struct report_file *o = &r->files[i];
        if (o->engine == f->engine && strcmp(o->rel, path) == 0) return o;
    }
    return NULL;
}

/* The file of related place j of finding x of file f, whose places begin at at, when the place
 * is given: its file is in the report and could be read. Else NULL. */
static const struct report_file *related_file(const struct report *r, const struct report_file *f,
                                              const struct finding *x, size_t j,
                                              const struct report_place *at)
{
    if (!at[1 + j].known) return NULL;
    return x->related[j].path ? other_file(r, f, x->related[j].path) : f;
}

/* The related places of finding x of file f, whose places begin at at (for diagnostic_write_at). */
struct related_places {
    const struct report *r;
    const struct report_file *f;
    const struct finding *x;
    const struct report_place *at;
};

static int related_place(void *ctx, size_t i, const char **uri, struct diagnostic_range *range)
{
    struct related_places *c = ctx;
    const struct report_file *of = related_file(c->r, c->f, c->x, i, c->at);
    if (!of) return -1;
    *uri = of->uri;
    *range = c->at[1 + i].range;
    return 0;
}

/* The JSON and SARIF texts are passed on a file or a result at a time and gathered in 64 KB
 * pieces, one fwrite each: memory stays flat however long the report. */
struct piece {
    FILE *out;
    size_t n;
    int failed;
    char buf[64 * 1024];
};

static int flush_piece(struct piece *p)
{
    if (p->n && fwrite(p->buf, 1, p->n, p->out) != p->n) p->failed = 1;
    p->n = 0;
    return p->failed ? -1 : 0;
}

static struct piece *piece_new(FILE *out)
{
    struct piece *p = xmalloc(sizeof *p);
    p->out = out;
    p->n = 0;
    p->failed = 0;
    return p;
}

/* Writes what is left and frees p. Returns rc, or -1 when the last write failed. */
static int piece_finish(struct piece *p, int rc)
{
    if (flush_piece(p) != 0) rc = -1;
    free(p);
    return rc;
}

static int add_piece(const char *s, size_t n, void *data)
{
    struct piece *p = data;
    if (p->n + n > sizeof p->buf && flush_piece(p) != 0) return -1;
    if (n > sizeof p->buf) return fwrite(s, 1, n, p->out) == n ? 0 : -1;
    memcpy(p->buf + p->n, s, n);
    p->n += n;
    return 0;
}

/* Passes the text w has written so far on to p; w continues the same value. Returns 0 or -1. */
static int pass_on(struct piece *p, struct jsonw *w)
{
    int rc = add_piece(w->p, w->len, p);
    jsonw_clear_text(w);
    return rc;
}

/* Passes on the rest of the document w wrote (complete now) and its final newline, unless rc
 * says an earlier write failed; frees w and p. Returns rc, or -1 when a write failed. */
static int finish(struct piece *p, struct jsonw *w, int rc)
{
    if (rc == 0) rc = pass_on(p, w);
    if (rc == 0) rc = add_piece("\n", 1, p);
    jsonw_free(w);
    return piece_finish(p, rc);
}

/* The report is written file by file: one file's diagnostics are written as text and passed on,
 * so memory does not grow with the number of findings (at 429,000 articles a whole jansson tree
 * took 2.6 GB). The text is the same as a JSON_INDENT(2) dump of the whole array. */
int report_json(FILE *out, const struct report *r)
{
    struct piece *p = piece_new(out);
    struct jsonw w;
    jsonw_init_indented(&w, 2);
    jsonw_begin_array(&w);
    int rc = 0;
    for (size_t i = 0; i < r->nfiles && rc == 0; i++) {
        const struct report_file *f = &r->files[i];
        if (!f->findings.count) continue;
        jsonw_begin_object(&w);
        jsonw_key(&w, "uri");
        jsonw_string(&w, f->uri);
        jsonw_key(&w, "path");
        jsonw_string(&w, f->display);
        jsonw_key(&w, "diagnostics");
        jsonw_begin_array(&w);
        struct related_places c = {r, f, NULL, NULL};
        c.at = f->places;
        for (size_t k = 0; k < f->findings.count; k++) {
            c.x = &f->findings.items[k];
            diagnostic_write_at(&w, c.x, f->severity[k], c.at->range, related_place, &c);
            c.at += 1 + c.x->nrelated;
        }
        jsonw_end_array(&w);
        jsonw_end_object(&w);
        rc = pass_on(p, &w);
    }
    jsonw_end_array(&w);
    return finish(p, &w, rc);
}

static const char *sarif_level(enum severity s)
{
    return s == SEVERITY_ERROR ? "error" : s == SEVERITY_WARNING ? "warning" : "note";
}

/* SARIF wants one rule per distinct code name; two internal codes share "frontmatter.schema". */
static int rule_index(enum finding_code code)
{
    int idx = 0;
    for (int c = 0; c < FINDING_CODE_COUNT; c++) {
        int first = 1;
        for (int d = 0; d < c; d++)
            if (strcmp(finding_code_name((enum finding_code)d),
                       finding_code_name((enum finding_code)c)) == 0)
                first = 0;
        if (strcmp(finding_code_name((enum finding_code)c), finding_code_name(code)) == 0)
            return idx;
        if (first) idx++;
    }
    return 0;
}

static void write_text(struct jsonw *w, const char *key, const char *text)
{
    jsonw_key(w, key);
    jsonw_begin_object(w);
    jsonw_key(w, "text");
    jsonw_string(w, text);
    jsonw_end_object(w);
}

static void sarif_rules(struct jsonw *w)
{
    jsonw_begin_array(w);
    int written = 0;
    for (int c = 0; c < FINDING_CODE_COUNT; c++) {
        enum finding_code code = (enum finding_code)c;
        if (rule_index(code) != written) continue; /* a name shared with an earlier code */
        jsonw_begin_object(w);
        jsonw_key(w, "id");
        jsonw_string(w, finding_code_name(code));
        write_text(w, "shortDescription", finding_code_summary(code));
        jsonw_key(w, "helpUri");
        jsonw_string(w, diagnostic_code_url(code));
        jsonw_key(w, "defaultConfiguration");
        jsonw_begin_object(w);
        jsonw_key(w, "level");
        jsonw_string(w, sarif_level(finding_default_severity(code)));
        jsonw_end_object(w);
        jsonw_end_object(w);
        written++;
    }
    jsonw_end_array(w);
}

/* The members of a location in f at place, into the open object of w. */
static void sarif_location(struct jsonw *w, const struct report_file *f,
                           const struct report_place *place)
{
    jsonw_key(w, "physicalLocation");
    jsonw_begin_object(w);
    jsonw_key(w, "artifactLocation");
    jsonw_begin_object(w);
    jsonw_key(w, "uri");
    if (f->display[0] != '/') {
        jsonw_string(w, f->display);
        jsonw_key(w, "uriBaseId");
        jsonw_string(w, "%SRCROOT%");
    } else {
        jsonw_string(w, f->uri);
    }
    jsonw_end_object(w);
    jsonw_key(w, "region");
    jsonw_begin_object(w);
    jsonw_key(w, "startLine");
    jsonw_int(w, (long long)place->range.start.line + 1);
    jsonw_key(w, "startColumn");
    jsonw_int(w, (long long)place->range.start.character + 1);
    jsonw_key(w, "endLine");
    jsonw_int(w, (long long)place->range.end.line + 1);
    jsonw_key(w, "endColumn");
    jsonw_int(w, (long long)place->range.end.character + 1);
    jsonw_end_object(w);
    jsonw_end_object(w);
}

/* One SARIF result for finding k of file f, whose places begin at at. */
static void sarif_result(struct jsonw *w, const struct report *r, const struct report_file *f,
                         size_t k, const struct report_place *at)
{
    const struct finding *x = &f->findings.items[k];
    jsonw_begin_object(w);
    jsonw_key(w, "ruleId");
    jsonw_string(w, finding_code_name(x->code));
    jsonw_key(w, "ruleIndex");
    jsonw_int(w, rule_index(x->code));
    jsonw_key(w, "level");
    jsonw_string(w, sarif_level(f->severity[k]));
    write_text(w, "message", x->message);
    jsonw_key(w, "locations");
    jsonw_begin_array(w);
    jsonw_begin_object(w);
    sarif_location(w, f, at);
    jsonw_end_object(w);
    jsonw_end_array(w);
    if (x->nrelated) {
        jsonw_key(w, "relatedLocations");
        jsonw_begin_array(w);
        for (size_t j = 0; j < x->nrelated; j++) {
            const struct report_file *of = related_file(r, f, x, j, at);
            if (!of) continue;
            jsonw_begin_object(w);
            sarif_location(w, of, &at[1 + j]);
            jsonw_key(w, "id");
            jsonw_int(w, (long long)j);
            write_text(w, "message", x->related[j].message);
            jsonw_end_object(w);
        }
        jsonw_end_array(w);
    }
    jsonw_end_object(w);
}

/* The log is written around its results, which are written one at a time and passed on (as the
 * JSON report's files are). The text is the same as a JSON_INDENT(2) dump of the whole log. */
int report_sarif(FILE *out, const struct report *r, const char *cwd)
{
    size_t n = strlen(cwd);
    char *base = xmalloc(n + 2);
    memcpy(base, cwd, n + 1);
    if (n == 0 || base[n - 1] != '/') strcat(base, "/");
    char *base_uri = uri_from_path(base);
    free(base);
    struct piece *p = piece_new(out);
    struct jsonw w;
    jsonw_init_indented(&w, 2);
    jsonw_begin_object(&w);
    jsonw_key(&w, "$schema");
    jsonw_string(&w, "https://json.schemastore.org/sarif-2.1.0.json");
    jsonw_key(&w, "version");
    jsonw_string(&w, "2.1.0");
    jsonw_key(&w, "runs");
    jsonw_begin_array(&w);
    jsonw_begin_object(&w);
    jsonw_key(&w, "tool");
    jsonw_begin_object(&w);
    jsonw_key(&w, "driver");
    jsonw_begin_object(&w);
    jsonw_key(&w, "name");
    jsonw_string(&w, "glossary-ls");
    jsonw_key(&w, "version");
    jsonw_string(&w, GLOSSARY_VERSION);
    jsonw_key(&w, "informationUri");
    jsonw_string(&w, INFO_URL);
    jsonw_key(&w, "rules");
    sarif_rules(&w);
    jsonw_end_object(&w);
    jsonw_end_object(&w);
    jsonw_key(&w, "originalUriBaseIds");
    jsonw_begin_object(&w);
    jsonw_key(&w, "%SRCROOT%");
    jsonw_begin_object(&w);
    jsonw_key(&w, "uri");
    jsonw_string(&w, base_uri);
    jsonw_end_object(&w);
    jsonw_end_object(&w);
    jsonw_key(&w, "columnKind");
    jsonw_string(&w, "utf16CodeUnits");
    jsonw_key(&w, "results");
    jsonw_begin_array(&w);
    free(base_uri);
    int rc = 0;
    for (size_t i = 0; i < r->nfiles && rc == 0; i++) {
        const struct report_file *f = &r->files[i];
        const struct report_place *at = f->places;
        for (size_t k = 0; k < f->findings.count && rc == 0; k++) {
            sarif_result(&w, r, f, k, at);
            at += 1 + f->findings.items[k].nrelated;
            rc = pass_on(p, &w);
        }
    }
    jsonw_end_array(&w);
    jsonw_end_object(&w);
    jsonw_end_array(&w);
    jsonw_end_object(&w);
    return finish(p, &w, rc);
}

void report_free(struct report *r)
{
    for (size_t i = 0; i < r->nfiles; i++) {
        struct report_file *f = &r->files[i];
        free(f->display);
        free(f->uri);
        free(f->rel);
        finding_list_clear(&f->findings);
        free(f->severity);
        free(f->places);
    }
    free(r->files);
    memset(r, 0, sizeof *r);
}
