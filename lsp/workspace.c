/* workspace.c — configuration discovery, glossary roots, the article walk and file reading.
 * Must never write to the file system or follow a symlinked folder (no loops, no escapes). */
#include "workspace.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "globmatch.h"
#include "xalloc.h"

#define MAX_DEPTH 64

static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (!lb) return xstrdup(a);
    if (!la) return xstrdup(b);
    char *s = xmalloc(la + lb + 2);
    memcpy(s, a, la);
    size_t o = la;
    if (a[la - 1] != '/') s[o++] = '/';
    memcpy(s + o, b, lb + 1);
    return s;
}

char *workspace_absolute(const char *path)
{
    char *full;
    if (path[0] == '/') {
        full = xstrdup(path);
    } else {
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof cwd)) strcpy(cwd, "/");
        full = join(cwd, path);
    }
    /* Normalise in place: drop "." and empty segments, resolve "..". */
    size_t n = strlen(full), o = 0;
    char *out = xmalloc(n + 2);
    for (size_t i = 0; i < n;) {
        while (i < n && full[i] == '/') i++;
        size_t j = i;
        while (j < n && full[j] != '/') j++;
        size_t seg = j - i;
        if (seg == 0 || (seg == 1 && full[i] == '.')) {
            /* skip */
        } else if (seg == 2 && full[i] == '.' && full[i + 1] == '.') {
            while (o > 0 && out[o - 1] != '/') o--;
            if (o > 0) o--;
        } else {
            out[o++] = '/';
            memcpy(out + o, full + i, seg);
            o += seg;
        }
        i = j;
    }
    if (o == 0) out[o++] = '/';
    out[o] = '\0';
    free(full);
    return out;
}

char *workspace_find_config(const char *dir)
{
    char *d = workspace_absolute(dir);
    for (;;) {
        char *candidate = join(d, ".glossary.yaml");
        struct stat st;
        if (stat(candidate, &st) == 0 && S_ISREG(st.st_mode)) {
            free(d);
            return candidate;
        }
        free(candidate);
        char *slash = strrchr(d, '/');
        if (!slash || slash == d) {
            if (strcmp(d, "/") == 0) break;
            d[1] = '\0'; /* try "/" last */
            continue;
        }
        *slash = '\0';
    }
    free(d);
    return NULL;
}

/* ---- glossary roots ------------------------------------------------------------------------ */

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *basename_of(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static void add_glossary(struct workspace *ws, const char *rel, const char *name, const char *prefix)
{
    for (size_t i = 0; i < ws->nglossaries; i++)
        if (strcmp(ws->glossaries[i].root, rel) == 0) return; /* listed twice: keep the first */
    ws->glossaries = xrealloc(ws->glossaries, (ws->nglossaries + 1) * sizeof *ws->glossaries);
    struct workspace_glossary *g = &ws->glossaries[ws->nglossaries++];
    g->root = xstrdup(rel);
    g->name = xstrdup(name);
    g->prefix = xstrdup(prefix);
}

/* Strips "./", leading and trailing '/' from a configured folder. */
static char *clean_rel(const char *p)
{
    while (p[0] == '.' && p[1] == '/') p += 2;
    while (*p == '/') p++;
    if (strcmp(p, ".") == 0) p = "";
    size_t n = strlen(p);
    while (n && p[n - 1] == '/') n--;
    return xstrndup(p, n);
}

static void expand_roots(struct workspace *ws, const struct config *cfg, struct finding_list *cf)
{
    if (!cfg->nglossaries) {
        const char *name = basename_of(ws->root);
        add_glossary(ws, "", *name ? name : "glossary", cfg->link_prefix);
        return;
    }
    size_t rootlen = strlen(ws->root);
    for (size_t i = 0; i < cfg->nglossaries; i++) {
        const struct config_glossary *e = &cfg->glossaries[i];
        const char *prefix = e->link_prefix ? e->link_prefix : cfg->link_prefix;
        char *rel = clean_rel(e->path);
        if (!glob_has_magic(rel)) {
            char *abs = join(ws->root, rel);
            if (is_dir(abs))
                add_glossary(ws, rel, e->name ? e->name : (*rel ? basename_of(rel) : basename_of(ws->root)), prefix);
            else
                finding_add(cf, FINDING_CONFIG_INVALID, e->span,
                            "The glossary folder '%s' does not exist; it is skipped", e->path);
            free(abs);
            free(rel);
            continue;
        }
        char *pattern = join(ws->root, rel);
        glob_t g;
        size_t found = 0;
        if (glob(pattern, 0, NULL, &g) == 0) {
            for (size_t k = 0; k < g.gl_pathc; k++) {
                const char *m = g.gl_pathv[k];
                if (!is_dir(m) || strncmp(m, ws->root, rootlen) != 0) continue;
                const char *r = m + rootlen;
                while (*r == '/') r++;
                add_glossary(ws, r, basename_of(m), prefix);
                found++;
            }
            globfree(&g);
        }
        if (!found)
            finding_add(cf, FINDING_CONFIG_INVALID, e->span,
                        "The glossary glob '%s' matches no folder; nothing is checked for it",
                        e->path);
        free(pattern);
        free(rel);
    }
}

/* ---- the walk ------------------------------------------------------------------------------ */

struct walk {
    struct workspace *ws;
    const struct config *cfg;
    char *root_real; /* realpath of the workspace root, for symlinked files */
    uint32_t glossary;
};

static void add_problem(struct workspace *ws, const char *path, const char *fmt, const char *why)
{
    ws->problems = xgrow(ws->problems, ws->nproblems, sizeof *ws->problems);
    struct workspace_problem *p = &ws->problems[ws->nproblems++];
    p->path = xstrdup(path);
    size_t n = strlen(fmt) + strlen(why) + 1;
    p->message = xmalloc(n);
    snprintf(p->message, n, fmt, why);
}

static void add_file(struct workspace *ws, const char *rel, uint32_t glossary)
{
    ws->files = xgrow(ws->files, ws->nfiles, sizeof *ws->files);
    ws->files[ws->nfiles].path = xstrdup(rel);
    ws->files[ws->nfiles].glossary = glossary;
    ws->nfiles++;
}

static int excluded(const struct config *cfg, const char *rel)
{
    for (size_t i = 0; i < cfg->nexclude; i++)
        if (glob_match(cfg->exclude[i], rel)) return 1;
    return 0;
}

static int is_other_root(const struct walk *w, const char *rel)
{
    for (size_t i = 0; i < w->ws->nglossaries; i++)
        if (i != w->glossary && strcmp(w->ws->glossaries[i].root, rel) == 0) return 1;
    return 0;
}

static int has_md_suffix(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".md") == 0;
}

static void walk_dir(struct walk *w, const char *rel, int depth)
{
    char *abs = join(w->ws->root, rel);
    DIR *d = opendir(abs);
    if (!d) {
        add_problem(w->ws, *rel ? rel : ".", "Cannot read this folder: %s", strerror(errno));
        free(abs);
        return;
    }
    struct dirent *de;
    while ((de = readdir(d))) {
        const char *name = de->d_name;
        if (name[0] == '.' || strcmp(name, "node_modules") == 0) continue;
        char *child = join(rel, name);
        if (excluded(w->cfg, child)) {
            free(child);
            continue;
        }
        unsigned char type = de->d_type;
        char *child_abs = NULL;
        if (type == DT_UNKNOWN || type == DT_LNK) {
            child_abs = join(w->ws->root, child);
            struct stat st;
            if (lstat(child_abs, &st) != 0) {
                type = DT_UNKNOWN;
            } else if (S_ISLNK(st.st_mode)) {
                type = DT_LNK;
            } else {
                type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
            }
        }
        if (type == DT_DIR) {
            if (depth >= MAX_DEPTH)
                add_problem(w->ws, child, "%s", "Folders nest too deeply here; not read further");
            else if (!is_other_root(w, child))
                walk_dir(w, child, depth + 1);
        } else if (type == DT_REG && has_md_suffix(name)) {
            add_file(w->ws, child, w->glossary);
        } else if (type == DT_LNK && has_md_suffix(name)) {
            char real[PATH_MAX];
            struct stat st;
            size_t rl = strlen(w->root_real);
            if (realpath(child_abs, real) && stat(real, &st) == 0 && S_ISREG(st.st_mode) &&
                strncmp(real, w->root_real, rl) == 0 && (real[rl] == '/' || rl == 1))
                add_file(w->ws, child, w->glossary);
        }
        free(child_abs);
        free(child);
    }
    closedir(d);
    free(abs);
}

static int compare_files(const void *a, const void *b)
{
    return strcmp(((const struct workspace_file *)a)->path,
                  ((const struct workspace_file *)b)->path);
}

int workspace_list(struct workspace *ws, const char *root, const struct config *cfg,
                   struct finding_list *config_findings)
{
    char *abs = workspace_absolute(root);
    if (!is_dir(abs)) {
        free(abs);
        return -1;
    }
    memset(ws, 0, sizeof *ws);
    ws->root = abs;
    expand_roots(ws, cfg, config_findings);
    char real[PATH_MAX];
    struct walk w = {ws, cfg, xstrdup(realpath(abs, real) ? real : abs), 0};
    for (size_t g = 0; g < ws->nglossaries; g++) {
        w.glossary = (uint32_t)g;
        walk_dir(&w, ws->glossaries[g].root, 0);
    }
    free(w.root_real);
    if (ws->nfiles > 1) qsort(ws->files, ws->nfiles, sizeof *ws->files, compare_files);
    return 0;
}

void workspace_free(struct workspace *ws)
{
    free(ws->root);
    for (size_t i = 0; i < ws->nglossaries; i++) {
        free(ws->glossaries[i].root);
        free(ws->glossaries[i].name);
        free(ws->glossaries[i].prefix);
    }
    free(ws->glossaries);
    for (size_t i = 0; i < ws->nfiles; i++) free(ws->files[i].path);
    free(ws->files);
    for (size_t i = 0; i < ws->nproblems; i++) {
        free(ws->problems[i].path);
        free(ws->problems[i].message);
    }
    free(ws->problems);
    memset(ws, 0, sizeof *ws);
}

int workspace_glossary_of(const struct workspace *ws, const char *path)
{
    int best = -1;
    size_t best_len = 0;
    for (size_t i = 0; i < ws->nglossaries; i++) {
        const char *r = ws->glossaries[i].root;
        size_t n = strlen(r);
        int inside = n == 0 || (strncmp(path, r, n) == 0 && path[n] == '/');
        if (inside && (best < 0 || n > best_len)) {
            best = (int)i;
            best_len = n;
        }
    }
    return best;
}

int workspace_read(const char *root, const char *path, char **text, size_t *len, char *err,
                   size_t err_size)
{
    char *abs = join(root, path);
    int fd = open(abs, O_RDONLY | O_CLOEXEC);
    free(abs);
    if (fd < 0) {
        snprintf(err, err_size, "Cannot read this file: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(err, err_size, "Cannot read this file: %s", strerror(errno));
        close(fd);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(err, err_size, "This is a folder, not a file");
        close(fd);
        return -1;
    }
    if (st.st_size > (off_t)WORKSPACE_MAX_FILE) {
        snprintf(err, err_size, "The file is larger than %u MiB; it is not read",
                 WORKSPACE_MAX_FILE / (1024 * 1024));
        close(fd);
        return -1;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *buf = xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (cap > WORKSPACE_MAX_FILE) {
                snprintf(err, err_size, "The file is larger than %u MiB; it is not read",
                         WORKSPACE_MAX_FILE / (1024 * 1024));
                free(buf);
                close(fd);
                return -1;
            }
            cap *= 2;
            buf = xrealloc(buf, cap + 1);
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            snprintf(err, err_size, "Cannot read this file: %s", strerror(errno));
            free(buf);
            close(fd);
            return -1;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 0;
}
