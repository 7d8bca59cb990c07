/* check.c — `glossary-ls check [--format text|json|sarif] [--config FILE] [PATH...]`: finds each
 * PATH's workspace, indexes it whole (so links resolve), reports the findings of the articles under
 * the PATHs, and exits 0 (no errors), 1 (errors found) or 2 (usage or I/O error).
 * Must never write anywhere but stdout (the report) and stderr (what went wrong). */
#include "check.h"

#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine.h"
#include "indexer.h"
#include "report.h"
#include "uri.h"
#include "xalloc.h"

enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF };

struct target {
    char *abs;     /* absolute path given */
    int is_dir;
    char *root;    /* the workspace it belongs to */
    int matched;   /* a file target found among the workspace's articles */
};

static void usage(FILE *out)
{
    fputs("usage: glossary-ls check [--format text|json|sarif] [--config FILE] [--threads N] "
          "[PATH...]\n"
          "  Checks the glossary articles under each PATH (default: the current folder).\n"
          "  Exit status: 0 no errors, 1 errors found, 2 usage or I/O error.\n",
          out);
}

static char *parent_of(const char *abs)
{
    const char *slash = strrchr(abs, '/');
    if (!slash || slash == abs) return xstrdup("/");
    return xstrndup(abs, (size_t)(slash - abs));
}

/* The path as people want to read it: relative to cwd when inside it. */
static char *display_path(const char *cwd, const char *abs)
{
    size_t n = strlen(cwd);
    if (strcmp(cwd, "/") != 0 && strncmp(abs, cwd, n) == 0 && abs[n] == '/')
        return xstrdup(abs + n + 1);
    return xstrdup(abs);
}

static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *s = xmalloc(la + lb + 2);
    memcpy(s, a, la);
    size_t o = la;
    if (!la || a[la - 1] != '/') s[o++] = '/';
    memcpy(s + o, b, lb + 1);
    return s;
}

static int in_scope(const struct target *t, const char *abs)
{
    if (!t->is_dir) return strcmp(t->abs, abs) == 0;
    size_t n = strlen(t->abs);
    return strcmp(t->abs, "/") == 0 || (strncmp(abs, t->abs, n) == 0 && abs[n] == '/');
}

/* Copies the findings of all whose severity is not off into shown, with their severities (new,
 * in *severity); all is emptied. */
static void keep_shown(struct finding_list *all, const struct config *cfg,
                       struct finding_list *shown, enum severity **severity)
{
    memset(shown, 0, sizeof *shown);
    *severity = xcalloc(all->count + 1, sizeof **severity);
    for (size_t i = 0; i < all->count; i++) {
        enum severity s = config_severity(cfg, all->items[i].code);
        if (s == SEVERITY_OFF) continue;
        struct finding_list one = {all->items + i, 1, 1};
        finding_list_append_copy(shown, &one);
        (*severity)[shown->count - 1] = s;
    }
    finding_list_clear(all);
}

/* Reads another article of the workspace for report_places. */
struct other_reader {
    struct engine *e;
    const int *base_fds; /* may be NULL */
};

static int read_other(void *ctx, const char *rel, char **text, size_t *len)
{
    struct other_reader *o = ctx;
    char err[300];
    return engine_read_at(o->e, o->base_fds, rel, text, len, err, sizeof err) == 0 ? 0 : -1;
}

/* One file's shown findings, ready for the report: what a worker made of it. */
struct shown {
    struct finding_list findings;
    enum severity *severity;
    struct report_place *places;
};

/* Fills out with the shown findings of all (emptied) and their places in text[0..len) (NULL: at
 * 0:0). */
static void show(struct engine *e, const int *base_fds, struct finding_list *all,
                 const char *text, size_t len, struct shown *out)
{
    memset(out, 0, sizeof *out);
    if (!all->count) { /* most articles */
        finding_list_clear(all);
        return;
    }
    keep_shown(all, &e->cfg, &out->findings, &out->severity);
    struct other_reader reader = {e, base_fds};
    out->places = report_places(&out->findings, text, len, read_other, &reader);
}

/* Adds a file to the report when it has shown findings (taken from sh), and counts them. */
static void add_file(struct report *r, struct engine *e, const char *cwd, const char *rel,
                     struct shown *sh)
{
    if (!sh->findings.count) {
        finding_list_clear(&sh->findings);
        free(sh->severity);
        free(sh->places);
        return;
    }
    struct report_file f = {0};
    f.findings = sh->findings;
    f.severity = sh->severity;
    f.places = sh->places;
    for (size_t i = 0; i < f.findings.count; i++) r->counts[f.severity[i]]++;
    char *abs = join(e->root, rel);
    f.display = display_path(cwd, abs);
    f.uri = uri_from_path(abs);
    free(abs);
    f.engine = e;
    f.rel = xstrdup(rel);
    r->files = xgrow(r->files, r->nfiles, sizeof *r->files);
    r->files[r->nfiles++] = f;
}

/* One article: its shown findings, positioned by a worker. */
struct pending {
    struct shown shown;
    int wanted;   /* under one of the targets */
};

struct finder {
    struct engine *e;
    struct pending *p;
    const int *base_fds; /* each glossary's folder, opened once for the reads again */
    atomic_size_t next;
};

/* Fills p[i] for the wanted files, claiming them a block at a time (several threads at once:
 * engine_findings_prepare has built everything engine_findings needs). An article with findings
 * is read again for their positions (texts are not kept through the index), and its text is let
 * go as soon as they are positioned. */
static void *find_all(void *arg)
{
    struct finder *fd = arg;
    struct engine *e = fd->e;
    for (;;) {
        size_t start = atomic_fetch_add(&fd->next, 64);
        if (start >= e->nfiles) break;
        size_t end = start + 64 < e->nfiles ? start + 64 : e->nfiles;
        for (size_t i = start; i < end; i++) {
            struct pending *p = &fd->p[i];
            if (!p->wanted) continue;
            struct finding_list all = {0};
            engine_findings(e, i, &all);
            const char *text = e->files[i].text;
            size_t len = e->files[i].len;
            char *read = NULL;
            if (all.count && !text && e->files[i].id != INDEX_NONE) {
                char err[300];
                const struct summary *s = index_get(e->idx, e->files[i].id);
                if (engine_read_at(e, fd->base_fds, e->files[i].path, &read, &len, err,
                                   sizeof err) != 0 ||
                    len != s->text_len) {
                    finding_list_clear(&all);
                    finding_add(&all, FINDING_FILE_UNREADABLE, span_make(0, 0), "%s",
                                "The file changed or vanished while it was being checked; "
                                "check again");
                    free(read);
                    read = NULL;
                    len = 0;
                }
                text = read;
            }
            show(e, fd->base_fds, &all, text, len, &p->shown);
            free(read);
        }
    }
    return NULL;
}

static void collect(struct report *r, struct engine *e, struct target *targets, size_t ntargets,
                    const char *cwd, unsigned threads)
{
    /* The configuration file's own problems come first. */
    if (e->config_findings.count && e->config_path) {
        const char *rel = e->config_path + strlen(e->root);
        while (*rel == '/') rel++;
        struct shown sh;
        show(e, NULL, &e->config_findings, e->config_text, e->config_len, &sh);
        add_file(r, e, cwd, rel, &sh);
    } else {
        finding_list_clear(&e->config_findings);
    }
    for (size_t i = 0; i < e->ws.nproblems; i++) {
        struct finding_list one = {0};
        finding_add(&one, e->ws.problems[i].code, span_make(0, 0), "%s",
                    e->ws.problems[i].message);
        struct shown sh;
        show(e, NULL, &one, NULL, 0, &sh);
        add_file(r, e, cwd, e->ws.problems[i].path, &sh);
    }
    struct pending *p = xcalloc(e->nfiles + 1, sizeof *p);
    for (size_t i = 0; i < e->nfiles; i++) {
        char *abs = join(e->root, e->files[i].path);
        for (size_t t = 0; t < ntargets; t++) {
            if (strcmp(targets[t].root, e->root) != 0 || !in_scope(&targets[t], abs)) continue;
            p[i].wanted = 1;
            if (!targets[t].is_dir) targets[t].matched = 1;
        }
        free(abs);
        r->articles += (size_t)p[i].wanted;
    }
    /* Findings on every core: resolving links and reading texts again is a third of the time. */
    engine_findings_prepare(e);
    int *base_fds = xmalloc((e->ws.nglossaries + 1) * sizeof *base_fds);
    for (size_t g = 0; g < e->ws.nglossaries; g++)
        base_fds[g] = workspace_open_base(e->root, e->ws.glossaries[g].root);
    struct finder fd = {e, p, base_fds, 0};
    unsigned n = threads ? threads : indexer_cpus();
    if (n > 16) n = 16;
    pthread_t helpers[16];
    unsigned started = 0;
    while (started + 1 < n && e->nfiles > 256 &&
           pthread_create(&helpers[started], NULL, find_all, &fd) == 0)
        started++;
    find_all(&fd);
    for (unsigned k = 0; k < started; k++) pthread_join(helpers[k], NULL);
    for (size_t g = 0; g < e->ws.nglossaries; g++)
        if (base_fds[g] >= 0) close(base_fds[g]);
    free(base_fds);
    for (size_t i = 0; i < e->nfiles; i++)
        if (p[i].wanted) add_file(r, e, cwd, e->files[i].path, &p[i].shown);
    free(p);
}

/* Tests (--step): says on stderr which stage is done and waits for a line on stdin, so that a test
 * can change the workspace between listing and reading, or between reading and reporting. */
static void step(int on, const char *done)
{
    if (!on) return;
    fprintf(stderr, "glossary-ls check: step: %s\n", done);
    fflush(stderr);
    char line[64];
    if (!fgets(line, sizeof line, stdin)) return;
}

/* What was skipped by design (symlinked folders), on stderr: not findings, not errors. */
static void print_notes(const struct engine *e, const char *cwd)
{
    for (size_t i = 0; i < e->ws.nnotes; i++) {
        char *abs = join(e->root, e->ws.notes[i].path);
        char *shown = display_path(cwd, abs);
        fprintf(stderr, "glossary-ls check: note: %s: %s\n", shown, e->ws.notes[i].message);
        free(shown);
        free(abs);
    }
}

static int compare_report_files(const void *a, const void *b)
{
    return strcmp(((const struct report_file *)a)->display,
                  ((const struct report_file *)b)->display);
}

int check_main(int argc, char **argv)
{
    enum format format = FORMAT_TEXT;
    const char *config = NULL;
    unsigned threads = 0;
    int status = 0, steps = 0;
    char **paths = xcalloc((size_t)argc + 1, sizeof *paths);
    size_t npaths = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (strcmp(a, "--") == 0) {
            while (++i < argc) paths[npaths++] = argv[i];
            break;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            free(paths);
            return 0;
        }
        if (strcmp(a, "--step") == 0) { /* tests: pause after listing and after indexing */
            steps = 1;
            continue;
        }
        if (strncmp(a, "--format", 8) == 0 || strncmp(a, "--config", 8) == 0 ||
            strncmp(a, "--threads", 9) == 0) {
            const char *eq = strchr(a, '=');
            if (eq) {
                val = eq + 1;
            } else if (i + 1 < argc) {
                val = argv[++i];
            } else {
                fprintf(stderr, "glossary-ls check: %s needs a value\n", a);
                usage(stderr);
                free(paths);
                return 2;
            }
            if (strncmp(a, "--format", 8) == 0) {
                if (strcmp(val, "text") == 0) {
                    format = FORMAT_TEXT;
                } else if (strcmp(val, "json") == 0) {
                    format = FORMAT_JSON;
                } else if (strcmp(val, "sarif") == 0) {
                    format = FORMAT_SARIF;
                } else {
                    fprintf(stderr, "glossary-ls check: unknown format '%s' (text, json, sarif)\n",
                            val);
                    free(paths);
                    return 2;
                }
            } else if (strncmp(a, "--config", 8) == 0) {
                config = val;
            } else {
                char *end;
                long n = strtol(val, &end, 10);
                if (*end || n < 1 || n > 64) {
                    fprintf(stderr, "glossary-ls check: --threads needs a number from 1 to 64\n");
                    free(paths);
                    return 2;
                }
                threads = (unsigned)n;
            }
            continue;
        }
        if (a[0] == '-' && a[1]) {
            fprintf(stderr, "glossary-ls check: unknown option '%s'\n", a);
            usage(stderr);
            free(paths);
            return 2;
        }
        paths[npaths++] = argv[i];
    }
    if (!npaths) paths[npaths++] = ".";

    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "/");
    struct target *targets = xcalloc(npaths, sizeof *targets);
    char *config_root = NULL;
    if (config) {
        struct stat st;
        if (stat(config, &st) != 0 || !S_ISREG(st.st_mode)) {
            fprintf(stderr, "glossary-ls check: %s: no such configuration file\n", config);
            status = 2;
            goto out;
        }
        char *abs = workspace_absolute(config);
        config_root = parent_of(abs);
        free(abs);
    }
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            fprintf(stderr, "glossary-ls check: %s: no such file or folder\n", paths[i]);
            status = 2;
            goto out;
        }
        targets[i].abs = workspace_absolute(paths[i]);
        targets[i].is_dir = S_ISDIR(st.st_mode);
        if (config_root) {
            targets[i].root = xstrdup(config_root);
            continue;
        }
        char *start = targets[i].is_dir ? xstrdup(targets[i].abs) : parent_of(targets[i].abs);
        char *found = workspace_find_config(start);
        targets[i].root = found ? parent_of(found) : xstrdup(start);
        free(found);
        free(start);
    }

    struct report report = {0};
    struct engine **engines = xcalloc(npaths, sizeof *engines);
    size_t nengines = 0;
    for (size_t i = 0; i < npaths && status == 0; i++) {
        int seen = 0;
        for (size_t k = 0; k < i; k++)
            if (strcmp(targets[k].root, targets[i].root) == 0) seen = 1;
        if (seen) continue;
        char err[PATH_MAX + 200];
        struct engine *e;
        char *cfg = config ? xstrdup(config) : NULL;
        if (engine_open(&e, targets[i].root, cfg, NULL, err, sizeof err) != 0) {
            fprintf(stderr, "glossary-ls check: %s\n", err);
            free(cfg);
            status = 2;
            break;
        }
        free(cfg);
        print_notes(e, cwd);
        step(steps, "listed");
        /* Texts are kept through the index only when unlinked mentions need them; otherwise the
         * few articles with findings are read again for their positions (4 GB less at 429,000). */
        int mentions = config_severity(&e->cfg, FINDING_MENTION_UNLINKED) != SEVERITY_OFF;
        engine_index(e, threads, mentions);
        step(steps, "indexed");
        engines[nengines++] = e;
        collect(&report, e, targets, npaths, cwd, threads);
    }
    for (size_t i = 0; i < npaths && status == 0; i++) {
        if (!targets[i].is_dir && !targets[i].matched) {
            fprintf(stderr,
                    "glossary-ls check: %s is not an article of the glossary at %s (see "
                    "'glossaries' and 'exclude' in .glossary.yaml)\n",
                    paths[i], targets[i].root);
            status = 2;
        }
    }
    if (status == 0) {
        if (report.nfiles > 1)
            qsort(report.files, report.nfiles, sizeof *report.files, compare_report_files);
        int rc = 0;
        if (format == FORMAT_TEXT)
            report_text(stdout, &report);
        else if (format == FORMAT_JSON)
            rc = report_json(stdout, &report);
        else
            rc = report_sarif(stdout, &report, cwd);
        if (rc != 0 || fflush(stdout) != 0) {
            fprintf(stderr, "glossary-ls check: cannot write the report\n");
            status = 2;
        } else {
            status = report.counts[SEVERITY_ERROR] ? 1 : 0;
        }
    }
    report_free(&report);
    for (size_t i = 0; i < nengines; i++) engine_free(engines[i]);
    free(engines);
out:
    for (size_t i = 0; i < npaths; i++) {
        free(targets[i].abs);
        free(targets[i].root);
    }
    free(targets);
    free(config_root);
    free(paths);
    return status;
}
