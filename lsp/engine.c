/* engine.c — loads a workspace (configuration, schema, files), analyses every article on all
 * cores, files the summaries in the index and answers "what is wrong with this file".
 * Must never let one bad file, setting or schema stop the others from being checked. */
#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks.h"
#include "frontmatter.h"
#include "globmatch.h"
#include "json_value.h"
#include "slugify.h"
#include "text.h"
#include "xalloc.h"

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return xstrdup(".");
    if (slash == path) return xstrdup("/");
    return xstrndup(path, (size_t)(slash - path));
}

static char *join(const char *dir, const char *rel)
{
    if (rel[0] == '/') return xstrdup(rel);
    size_t a = strlen(dir), b = strlen(rel);
    char *s = xmalloc(a + b + 2);
    memcpy(s, dir, a);
    s[a] = '/';
    memcpy(s + a + 1, rel, b + 1);
    return s;
}

/* Re-codes the YAML findings of a configuration or schema file as configuration findings. */
static void recode_yaml(struct finding_list *from, struct finding_list *to, const char *what)
{
    for (size_t i = 0; i < from->count; i++) {
        struct finding *f = &from->items[i];
        struct finding *c =
            finding_add(to, FINDING_CONFIG_INVALID, f->span, "%s: %s", what, f->message);
        for (size_t k = 0; k < f->nrelated; k++)
            finding_add_related(c, f->related[k].path, f->related[k].span, "%s",
                                f->related[k].message);
    }
    finding_list_clear(from);
}

static struct schema *compile_embedded(void)
{
    char err[200];
    struct value *doc = json_value_parse(schema_default_json, schema_default_json_len, err,
                                         sizeof err);
    struct schema *s = schema_compile(doc, NULL);
    value_free(doc);
    return s;
}

/* Loads the configured schema file; on any problem reports it and falls back to the embedded one. */
static void load_schema(struct engine *e)
{
    if (!e->cfg.schema_path) {
        e->schema = compile_embedded();
        return;
    }
    char *base = e->config_path ? dir_of(e->config_path) : xstrdup(e->root);
    e->schema_path = join(base, e->cfg.schema_path);
    free(base);
    char *text = NULL, err[300];
    size_t len = 0;
    struct value *doc = NULL;
    if (workspace_read("/", e->schema_path, &text, &len, err, sizeof err) != 0) {
        finding_add(&e->config_findings, FINDING_CONFIG_INVALID, e->cfg.schema_span,
                    "Schema '%s': %s; the built-in schema is used", e->cfg.schema_path, err);
    } else {
        size_t n = strlen(e->schema_path);
        if (n > 5 && strcmp(e->schema_path + n - 5, ".json") == 0) {
            char jerr[300];
            doc = json_value_parse(text, len, jerr, sizeof jerr);
            if (!doc)
                finding_add(&e->config_findings, FINDING_CONFIG_INVALID, e->cfg.schema_span,
                            "Schema '%s' is not valid JSON: %s; the built-in schema is used",
                            e->cfg.schema_path, jerr);
        } else {
            struct finding_list yf = {0};
            doc = yaml_tree_parse(text, len, &yf);
            if (yf.count) {
                finding_add(&e->config_findings, FINDING_CONFIG_INVALID, e->cfg.schema_span,
                            "Schema '%s' is not valid YAML: %s; the built-in schema is used",
                            e->cfg.schema_path, yf.items[0].message);
                value_free(doc);
                doc = NULL;
            }
            finding_list_clear(&yf);
        }
    }
    free(text);
    if (!doc) {
        e->schema = compile_embedded();
        return;
    }
    struct schema_problems problems = {0};
    e->schema = schema_compile(doc, &problems);
    for (size_t i = 0; i < problems.count; i++)
        finding_add(&e->config_findings, FINDING_CONFIG_INVALID, e->cfg.schema_span,
                    "Schema '%s': %s", e->cfg.schema_path, problems.items[i].message);
    schema_problems_clear(&problems);
    value_free(doc);
}

static int compare_prefixes(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    size_t lx = strlen(x), ly = strlen(y);
    if (lx != ly) return lx > ly ? -1 : 1;
    return strcmp(x, y);
}

static void build_opts(struct engine *e)
{
    for (size_t g = 0; g < e->ws.nglossaries; g++) {
        const char *p = e->ws.glossaries[g].prefix;
        size_t k = 0;
        while (k < e->nprefixes && strcmp(e->prefixes[k], p) != 0) k++;
        if (k < e->nprefixes) continue;
        e->prefixes = xrealloc(e->prefixes, (e->nprefixes + 1) * sizeof *e->prefixes);
        e->prefixes[e->nprefixes++] = xstrdup(p);
    }
    if (e->nprefixes > 1) qsort(e->prefixes, e->nprefixes, sizeof *e->prefixes, compare_prefixes);
    e->highlight_names = xcalloc(e->cfg.nhighlight_headings + 1, sizeof *e->highlight_names);
    for (size_t i = 0; i < e->cfg.nhighlight_headings; i++)
        e->highlight_names[i] = slugify_fold(e->cfg.highlight_headings[i],
                                             strlen(e->cfg.highlight_headings[i]), NULL);
    e->patterns = xcalloc(e->cfg.nlink_patterns + 1, sizeof *e->patterns);
    for (size_t i = 0; i < e->cfg.nlink_patterns; i++)
        if (regcomp(&e->patterns[e->npatterns], e->cfg.link_patterns[i],
                    REG_EXTENDED | REG_NEWLINE) == 0)
            e->npatterns++;
    e->opts.prefixes = (const char *const *)e->prefixes;
    e->opts.nprefixes = e->nprefixes;
    e->opts.slug_source = e->cfg.slug_source;
    e->opts.slug_field = e->cfg.slug_field;
    e->opts.highlight_names = (const char *const *)e->highlight_names;
    e->opts.highlight_labels = (const char *const *)e->cfg.highlight_headings;
    e->opts.nhighlight_names = e->cfg.nhighlight_headings;
    e->opts.highlights_min_items = e->cfg.highlights_min_items;
    e->opts.highlights_required = e->cfg.highlights_required;
    e->opts.schema = e->schema;
    e->opts.patterns = e->patterns;
    e->opts.npatterns = e->npatterns;
    e->opts.memo_key = summary_memo_key(); /* an open document's memo of other options is stale */
}

/* Reads the configuration text (if any) into cfg, then the settings on top. */
static void read_config(struct engine *e, struct config *cfg, const struct value *settings,
                        struct finding_list *file_findings, struct finding_list *settings_findings)
{
    if (e->config_text) {
        struct finding_list yf = {0};
        struct value *tree = yaml_tree_parse(e->config_text, e->config_len, &yf);
        recode_yaml(&yf, file_findings, "YAML");
        config_apply(cfg, tree, file_findings);
        value_free(tree);
    }
    if (settings) config_apply(cfg, settings, settings_findings);
}

void engine_apply_shown_settings(struct engine *e, const struct value *settings)
{
    struct config fresh;
    config_init(&fresh);
    struct finding_list ignored = {0};
    finding_list_clear(&e->settings_findings);
    read_config(e, &fresh, settings, &ignored, &e->settings_findings);
    finding_list_clear(&ignored);
    memcpy(e->cfg.severity, fresh.severity, sizeof fresh.severity);
    e->cfg.debounce_ms = fresh.debounce_ms;
    config_free(&fresh);
}

int engine_open(struct engine **out, const char *root, const char *config_path,
                const struct value *settings, char *err, size_t err_size)
{
    struct engine *e = xcalloc(1, sizeof *e);
    config_init(&e->cfg);
    if (config_path) {
        e->config_path = workspace_absolute(config_path);
    } else {
        e->config_path = workspace_find_config(root);
    }
    e->root = e->config_path ? dir_of(e->config_path) : workspace_absolute(root);
    if (e->config_path) {
        char rerr[300];
        if (workspace_read("/", e->config_path, &e->config_text, &e->config_len, rerr,
                           sizeof rerr) != 0) {
            if (config_path) {
                snprintf(err, err_size, "%s: %s", config_path, rerr);
                engine_free(e);
                return -1;
            }
            finding_add(&e->config_findings, FINDING_CONFIG_INVALID, span_make(0, 0), "%s",
                        rerr);
        }
    }
    read_config(e, &e->cfg, settings, &e->config_findings, &e->settings_findings);
    load_schema(e);
    if (workspace_list(&e->ws, e->root, &e->cfg, &e->config_findings) != 0) {
        snprintf(err, err_size, "%s: not a folder that can be read", e->root);
        engine_free(e);
        return -1;
    }
    finding_list_sort(&e->config_findings);
    build_opts(e);
    e->nfiles = e->ws.nfiles;
    e->files = xcalloc(e->nfiles + 1, sizeof *e->files);
    for (size_t i = 0; i < e->nfiles; i++) {
        e->files[i].path = e->ws.files[i].path;
        e->files[i].glossary = e->ws.files[i].glossary;
        e->files[i].id = INDEX_NONE;
    }
    *out = e;
    return 0;
}

void engine_keep_ranges(struct engine *e, int encoding)
{
    e->opts.ranges = 1;
    e->opts.range_encoding = encoding;
    e->opts.memo_key = summary_memo_key(); /* other options: memos of the old ones are stale */
}

struct engine *engine_new_loose(const struct value *settings)
{
    struct engine *e = xcalloc(1, sizeof *e);
    config_init(&e->cfg);
    e->loose = 1;
    e->root = xstrdup("/");
    read_config(e, &e->cfg, settings, &e->config_findings, &e->settings_findings);
    e->schema = compile_embedded();
    e->ws.root = xstrdup("/");
    e->ws.glossaries = xcalloc(1, sizeof *e->ws.glossaries);
    e->ws.glossaries[0].root = xstrdup("");
    e->ws.glossaries[0].name = xstrdup("(no workspace)");
    e->ws.glossaries[0].prefix = xstrdup(e->cfg.link_prefix);
    e->ws.nglossaries = 1;
    build_opts(e);
    e->files = xcalloc(1, sizeof *e->files);
    return e;
}

static void free_mentions(struct engine *e)
{
    if (!e->mentions) return;
    for (size_t g = 0; g < e->ws.nglossaries; g++) mentions_free(e->mentions[g]);
    free(e->mentions);
    e->mentions = NULL;
}

void engine_free(struct engine *e)
{
    if (!e) return;
    if (e->idx && e->suggesters)
        for (size_t g = 0; g < index_glossary_count(e->idx); g++) suggester_free(e->suggesters[g]);
    free(e->suggesters);
    free(e->suggester_stale);
    terms_free(e->terms);
    free_mentions(e);
    index_free(e->idx);
    for (size_t i = 0; i < e->nfiles; i++) {
        free(e->files[i].problem);
        free(e->files[i].text);
    }
    free(e->files);
    free(e->paths);
    free(e->bases);
    workspace_free(&e->ws);
    for (size_t i = 0; i < e->npatterns; i++) regfree(&e->patterns[i]);
    free(e->patterns);
    for (size_t i = 0; i < e->cfg.nhighlight_headings && e->highlight_names; i++)
        free(e->highlight_names[i]);
    free(e->highlight_names);
    for (size_t i = 0; i < e->nprefixes; i++) free(e->prefixes[i]);
    free(e->prefixes);
    schema_free(e->schema);
    config_free(&e->cfg);
    finding_list_clear(&e->config_findings);
    finding_list_clear(&e->settings_findings);
    free(e->config_text);
    free(e->config_path);
    free(e->schema_path);
    free(e->root);
    free(e);
}

/* ---- indexing ------------------------------------------------------------------------------ */

static void make_index(struct engine *e)
{
    struct index_glossary *gl = xcalloc(e->ws.nglossaries + 1, sizeof *gl);
    for (size_t g = 0; g < e->ws.nglossaries; g++) {
        gl[g].name = e->ws.glossaries[g].name;
        gl[g].prefix = e->ws.glossaries[g].prefix;
    }
    e->idx = index_new(gl, e->ws.nglossaries, (const char *const *)e->prefixes, e->nprefixes,
                       e->cfg.slug_case_insensitive);
    free(gl);
    e->suggesters = xcalloc(e->ws.nglossaries + 1, sizeof *e->suggesters);
    e->suggester_stale = xcalloc(e->ws.nglossaries + 1, 1);
    e->slugs_changed = 1;
}

/* The listed files' paths and glossary folders, as the indexer takes them. */
static void list_for_indexer(struct engine *e)
{
    free(e->paths);
    free(e->bases);
    e->paths = xcalloc(e->nfiles + 1, sizeof *e->paths);
    e->bases = xcalloc(e->nfiles + 1, sizeof *e->bases);
    for (size_t i = 0; i < e->nfiles; i++) {
        e->paths[i] = e->files[i].path;
        e->bases[i] = e->ws.glossaries[e->files[i].glossary].root;
    }
    e->npaths = e->nfiles;
}

void engine_prepare_index(struct engine *e)
{
    if (!e->idx) make_index(e);
    index_reserve(e->idx, e->nfiles);
    index_touch(e->idx);
    list_for_indexer(e);
    e->paths_prepared = 1;
}

struct indexer *engine_index_start(struct engine *e, unsigned threads, int keep_text,
                                   unsigned delay_ms)
{
    if (!e->idx) make_index(e);
    if (!e->paths_prepared || e->npaths != e->nfiles) {
        /* no table growth while requests wait between shares */
        index_reserve(e->idx, e->nfiles);
        list_for_indexer(e);
    } /* else the room was made for every listed file, the open documents' among them: made
         again here, for those few more, it copied the article slots (10 MB at 429,000) */
    e->paths_prepared = 0; /* a later index lists again */
    return indexer_start(e->root, e->paths, e->bases, e->nfiles, &e->opts, threads, keep_text,
                         delay_ms);
}

void engine_file_result(struct engine *e, struct indexer_result *r, int skip)
{
    struct engine_file *f = &e->files[r->index];
    f->problem = r->problem;
    f->text = r->text;
    f->len = r->len;
    if (r->summary && !skip) {
        f->id = index_add(e->idx, f->glossary, r->summary, NULL);
        e->slugs_changed = e->titles_changed = 1;
    } else {
        summary_free(r->summary);
    }
    r->summary = NULL;
    r->problem = r->text = NULL;
}

/* Makes glossary g's "did you mean" suggester current. Built on first need, one glossary at a
 * time: after the first index of 30 languages, a writer's first diagnostics build one, not 30. */
static void fresh_suggester(struct engine *e, size_t g)
{
    if (e->slugs_changed) { /* a slug appeared or disappeared somewhere: all are stale */
        memset(e->suggester_stale, 1, e->ws.nglossaries);
        e->slugs_changed = 0;
    }
    if (g >= e->ws.nglossaries || !e->suggester_stale[g]) return;
    suggester_free(e->suggesters[g]);
    e->suggesters[g] = checks_suggester_new(e->idx, g);
    e->suggester_stale[g] = 0;
}

static struct suggester *suggester_of(void *ctx, size_t g)
{
    struct engine *e = ctx;
    fresh_suggester(e, g);
    return g < e->ws.nglossaries ? e->suggesters[g] : NULL;
}

void engine_index_done(struct engine *e)
{
    free(e->paths);
    e->paths = NULL;
    free(e->bases);
    e->bases = NULL;
}

int engine_read(const struct engine *e, const char *path, char **text, size_t *len, char *err,
                size_t err_size)
{
    return engine_read_at(e, NULL, path, text, len, err, err_size);
}

int engine_read_at(const struct engine *e, const int *base_fds, const char *path, char **text,
                   size_t *len, char *err, size_t err_size)
{
    int g = engine_glossary_of(e, path);
    if (g < 0) {
        snprintf(err, err_size, "Not an article of the workspace: not read");
        return -1;
    }
    return workspace_read_article_at(base_fds ? base_fds[g] : -1, e->root,
                                     e->ws.glossaries[g].root, path, text, len, err, err_size);
}

int engine_index(struct engine *e, unsigned threads, int keep_text)
{
    struct indexer *ix = engine_index_start(e, threads, keep_text, 0);
    struct indexer_result batch[64];
    do {
        size_t n;
        while ((n = indexer_take(ix, batch, 64)) > 0)
            for (size_t k = 0; k < n; k++) engine_file_result(e, &batch[k], 0);
    } while (indexer_wait(ix) == 0);
    indexer_free(ix);
    engine_index_done(e);
    return 0;
}

/* ---- incremental updates ------------------------------------------------------------------- */

/* A path the walk could have listed: no "", "." or ".." segment (nothing outside the glossary
 * roots), valid UTF-8 (its slug goes into JSON). */
static int listable(const char *path, size_t n)
{
    if (path[0] == '/' || !text_utf8_valid(path, n, NULL)) return 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && path[j] != '/') j++;
        if (j == i || (j - i == 1 && path[i] == '.') ||
            (j - i == 2 && path[i] == '.' && path[i + 1] == '.'))
            return 0;
        i = j + 1;
    }
    return 1;
}

int engine_glossary_of(const struct engine *e, const char *path)
{
    size_t n = strlen(path);
    if (n < 4 || strcmp(path + n - 3, ".md") != 0 || !listable(path, n)) return -1;
    for (size_t i = 0; i < e->cfg.nexclude; i++)
        if (glob_match(e->cfg.exclude[i], path)) return -1;
    return workspace_glossary_of(&e->ws, path);
}

uint32_t engine_put(struct engine *e, const char *path, const char *text, size_t len,
                    struct summary_memo *memo, struct index_affected *affected)
{
    int g = engine_glossary_of(e, path);
    if (g < 0) return INDEX_NONE;
    if (!e->idx) make_index(e);
    struct summary *s = summary_new_memo(text, len, path, &e->opts, memo);
    uint32_t id = index_find_path(e->idx, path);
    if (id == INDEX_NONE) {
        e->slugs_changed = e->titles_changed = 1;
        return index_add(e->idx, (size_t)g, s, affected);
    }
    const struct summary *old = index_get(e->idx, id);
    if (strcmp(old->slug, s->slug) != 0) e->slugs_changed = e->titles_changed = 1;
    if ((old->title == NULL) != (s->title == NULL) ||
        (old->title && strcmp(old->title, s->title) != 0))
        e->titles_changed = 1;
    index_replace(e->idx, id, s, affected);
    return id;
}

void engine_remove(struct engine *e, const char *path, struct index_affected *affected)
{
    if (!e->idx) return;
    uint32_t id = index_find_path(e->idx, path);
    if (id == INDEX_NONE) return;
    index_replace(e->idx, id, NULL, affected);
    e->slugs_changed = e->titles_changed = 1;
}

void engine_article_findings(struct engine *e, uint32_t id, struct finding_list *out)
{
    const struct summary *s = index_get(e->idx, id);
    if (!s) return;
    finding_list_append_copy(out, &s->findings);
    if (!e->loose) checks_run_with(e->idx, suggester_of, e, id, out);
    finding_list_sort(out);
}

size_t engine_suggest(struct engine *e, size_t g, const char *word, const char **out, size_t max)
{
    if (!e->idx || g >= e->ws.nglossaries) return 0;
    fresh_suggester(e, g);
    return suggester_closest(e->suggesters[g], word, out, max);
}

/* The automaton of glossary g's titles (and titles without a trailing "(ABBR)"). */
static const struct mentions *mentions_of(struct engine *e, size_t g)
{
    if (e->titles_changed) { /* only then: check reads this from several threads */
        free_mentions(e);
        e->titles_changed = 0;
    }
    if (!e->mentions) e->mentions = xcalloc(e->ws.nglossaries + 1, sizeof *e->mentions);
    if (e->mentions[g]) return e->mentions[g];
    struct mentions *m = mentions_new();
    for (uint32_t id = 0; id < index_capacity(e->idx); id++) {
        const struct summary *a = index_get(e->idx, id);
        if (!a || !a->title || index_glossary_of(e->idx, id) != g) continue;
        mentions_add(m, a->title, id);
        const char *paren = strrchr(a->title, '(');
        size_t n = strlen(a->title);
        if (paren && paren > a->title && a->title[n - 1] == ')') {
            char *short_title = xstrndup(a->title, (size_t)(paren - a->title));
            size_t k = strlen(short_title);
            while (k && short_title[k - 1] == ' ') short_title[--k] = '\0';
            mentions_add(m, short_title, id);
            free(short_title);
        }
    }
    mentions_build(m);
    e->mentions[g] = m;
    return m;
}

struct mention *engine_mentions(struct engine *e, uint32_t id, const char *text, size_t len,
                                size_t *n)
{
    *n = 0;
    const struct summary *s = e->idx ? index_get(e->idx, id) : NULL;
    if (!s || e->loose) return NULL;
    size_t nskip = 1 + s->nlinks + s->ncode + s->nheadings;
    struct span *skip = xmalloc(nskip * sizeof *skip);
    size_t k = 0;
    skip[k++] = s->frontmatter;
    for (size_t i = 0; i < s->nlinks; i++) skip[k++] = s->links[i].span;
    for (size_t i = 0; i < s->ncode; i++) skip[k++] = s->code[i];
    for (size_t i = 0; i < s->nheadings; i++) skip[k++] = s->headings[i].span;
    const struct mentions *m = mentions_of(e, index_glossary_of(e->idx, id));
    struct mention *found = mentions_scan(m, text, len, skip, k, id, n);
    free(skip);
    return found;
}

void engine_mention_findings(struct engine *e, uint32_t id, const char *text, size_t len,
                             struct finding_list *out)
{
    if (config_severity(&e->cfg, FINDING_MENTION_UNLINKED) == SEVERITY_OFF) return;
    size_t n;
    struct mention *found = engine_mentions(e, id, text, len, &n);
    for (size_t i = 0; i < n; i++) {
        const struct summary *t = index_get(e->idx, found[i].id);
        int tl = (int)found[i].span.len;
        struct finding *f = finding_add(out, FINDING_MENTION_UNLINKED, found[i].span,
                                        "'%.*s' names the term '%s': link it to %s%s", tl,
                                        text + found[i].span.off, t->title,
                                        index_glossary_prefix(e->idx, index_glossary_of(e->idx, found[i].id)),
                                        t->slug);
        const char *slug = t->slug;
        finding_set_suggestions(f, &slug, 1);
    }
    free(found);
    if (n) finding_list_sort(out);
}

void engine_local_findings(struct engine *e, uint32_t id, struct finding_list *out)
{
    const struct summary *s = e->idx ? index_get(e->idx, id) : NULL;
    if (s) finding_list_append_copy(out, &s->findings);
}

void engine_findings(struct engine *e, size_t i, struct finding_list *out)
{
    const struct engine_file *f = &e->files[i];
    if (f->problem) {
        finding_add(out, FINDING_FILE_UNREADABLE, span_make(0, 0), "%s", f->problem);
        return;
    }
    if (f->id == INDEX_NONE) return;
    engine_article_findings(e, f->id, out);
    if (f->text) engine_mention_findings(e, f->id, f->text, f->len, out);
}

void engine_findings_prepare(struct engine *e)
{
    if (!e->idx || e->loose) return;
    int mentions = config_severity(&e->cfg, FINDING_MENTION_UNLINKED) != SEVERITY_OFF;
    for (size_t g = 0; g < e->ws.nglossaries; g++) {
        fresh_suggester(e, g);
        if (mentions) mentions_of(e, g);
    }
}

long engine_file_index(const struct engine *e, const char *path)
{
    size_t lo = 0, hi = e->nfiles;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(e->files[mid].path, path);
        if (c == 0) return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}
