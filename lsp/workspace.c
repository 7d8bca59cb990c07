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
#ifdef __linux__
#include <linux/openat2.h>
#include <sys/syscall.h>
#endif

#include "globmatch.h"
#include "text.h"
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

static void add_to(struct workspace_problem **list, size_t *n, const char *path,
                   enum finding_code code, const char *fmt, const char *why)
{
    *list = xgrow(*list, *n, sizeof **list);
    struct workspace_problem *p = &(*list)[(*n)++];
    p->path = xstrdup(path);
    size_t len = strlen(fmt) + strlen(why) + 1;
    p->message = xmalloc(len);
    snprintf(p->message, len, fmt, why);
    p->code = code;
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
                struct stat st;
                if (lstat(m, &st) == 0 && S_ISLNK(st.st_mode)) { /* a glob names no link */
                    add_to(&ws->notes, &ws->nnotes, r, FINDING_FILE_UNREADABLE, "%s",
                           "A symbolic link to a folder: not followed (its articles are not "
                           "read)");
                    continue;
                }
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
    char *root_real; /* realpath of the glossary root being walked, for symlinked files */
    uint32_t glossary;
};

static void add_problem(struct workspace *ws, const char *path, const char *fmt, const char *why)
{
    add_to(&ws->problems, &ws->nproblems, path, FINDING_FILE_UNREADABLE, fmt, why);
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

/* What a folder entry is, without following a symlink; abs is needed for DT_UNKNOWN and DT_LNK. */
enum entry { ENTRY_GONE, ENTRY_DIR, ENTRY_FILE, ENTRY_LINK, ENTRY_OTHER };

static enum entry entry_kind(unsigned char type, const char *abs)
{
    if (type == DT_DIR) return ENTRY_DIR;
    if (type == DT_REG) return ENTRY_FILE;
    if (type != DT_UNKNOWN && type != DT_LNK) return ENTRY_OTHER;
    struct stat st;
    if (lstat(abs, &st) != 0) return ENTRY_GONE; /* vanished since it was listed */
    return S_ISLNK(st.st_mode)   ? ENTRY_LINK
           : S_ISDIR(st.st_mode) ? ENTRY_DIR
           : S_ISREG(st.st_mode) ? ENTRY_FILE
                                 : ENTRY_OTHER;
}

/* "the workspace" or "the glossary folder 'Texts/English'", for messages. */
static void folder_name(char *buf, size_t size, const char *glossary_root)
{
    if (*glossary_root)
        snprintf(buf, size, "the glossary folder '%s'", glossary_root);
    else
        snprintf(buf, size, "the workspace");
}

/* A symlinked *.md file is listed when it leads to a regular file inside its glossary's folder;
 * otherwise it is reported, with where it leads. */
static void walk_link(struct walk *w, const char *child, const char *child_abs)
{
    char real[PATH_MAX], where[PATH_MAX + 64], msg[2 * PATH_MAX + 128];
    struct stat st;
    size_t rl = strlen(w->root_real);
    if (!realpath(child_abs, real)) {
        add_problem(w->ws, child, "A symbolic link that leads nowhere (%s): not read",
                    strerror(errno));
    } else if (strncmp(real, w->root_real, rl) != 0 || (real[rl] != '/' && rl != 1)) {
        folder_name(where, sizeof where, w->ws->glossaries[w->glossary].root);
        snprintf(msg, sizeof msg, "A symbolic link to %s, outside %s: not followed", real, where);
        add_problem(w->ws, child, "%s", msg);
    } else if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
        add_problem(w->ws, child, "A symbolic link to %s, which is not a file: not read", real);
    } else {
        add_file(w->ws, child, w->glossary);
    }
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
        char *child_abs = NULL; /* only for entries readdir could not type, and symlinks */
        if (de->d_type == DT_UNKNOWN || de->d_type == DT_LNK)
            child_abs = join(w->ws->root, child);
        enum entry kind = entry_kind(de->d_type, child_abs);
        int md = has_md_suffix(name);
        struct stat st;
        if (kind == ENTRY_GONE) {
            /* vanished since the folder was listed: nothing to say */
        } else if (kind == ENTRY_DIR) {
            if (depth >= MAX_DEPTH)
                add_problem(w->ws, child, "%s", "Folders nest too deeply here; not read further");
            else if (!is_other_root(w, child))
                walk_dir(w, child, depth + 1);
        } else if (!md) {
            if (kind == ENTRY_LINK && stat(child_abs, &st) == 0 && S_ISDIR(st.st_mode))
                add_to(&w->ws->notes, &w->ws->nnotes, child, FINDING_FILE_UNREADABLE, "%s",
                       "A symbolic link to a folder: not followed (its articles are not read)");
        } else if (!text_utf8_valid(child, strlen(child), NULL)) {
            add_to(&w->ws->problems, &w->ws->nproblems, child, FINDING_FILE_ENCODING,
                   "The name of %s is not valid UTF-8: rename it in UTF-8 to have it checked",
                   text_utf8_valid(name, strlen(name), NULL) ? "a folder above this file"
                                                             : "this file");
        } else if (kind == ENTRY_FILE) {
            add_file(w->ws, child, w->glossary);
        } else if (kind == ENTRY_LINK) {
            walk_link(w, child, child_abs);
        } else if (kind == ENTRY_OTHER) {
            add_problem(w->ws, child, "%s",
                        "Not a regular file (a FIFO, socket or device): not read");
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
    struct walk w = {ws, cfg, NULL, 0};
    for (size_t g = 0; g < ws->nglossaries; g++) {
        char *groot = join(abs, ws->glossaries[g].root);
        w.glossary = (uint32_t)g;
        w.root_real = xstrdup(realpath(groot, real) ? real : groot);
        walk_dir(&w, ws->glossaries[g].root, 0);
        free(w.root_real);
        free(groot);
    }
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
    for (size_t i = 0; i < ws->nnotes; i++) {
        free(ws->notes[i].path);
        free(ws->notes[i].message);
    }
    free(ws->notes);
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

/* Reads the open regular file fd (closed here) into *text. */
static int read_fd(int fd, char **text, size_t *len, char *err, size_t err_size)
{
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
    if (!S_ISREG(st.st_mode)) { /* a FIFO would block every read for ever */
        snprintf(err, err_size, "Not a regular file (a FIFO, socket or device): not read");
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
        size_t want = cap - n;
        ssize_t r = read(fd, buf + n, want);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            snprintf(err, err_size, "Cannot read this file: %s", strerror(errno));
            free(buf);
            close(fd);
            return -1;
        }
        if (r == 0) break;
        n += (size_t)r;
        /* Asked for one byte more than its size and got exactly its size: the end, without
         * another read (one system call less per article). */
        if ((size_t)r < want && n == (size_t)st.st_size) break;
    }
    close(fd);
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return 0;
}

int workspace_read(const char *root, const char *path, char **text, size_t *len, char *err,
                   size_t err_size)
{
    char *abs = join(root, path);
    /* O_NONBLOCK: opening a FIFO must not wait for a writer (read_fd then refuses it) */
    int fd = open(abs, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    free(abs);
    if (fd < 0) {
        snprintf(err, err_size, "Cannot read this file: %s", strerror(errno));
        return -1;
    }
    return read_fd(fd, text, len, err, err_size);
}

/* A workspace-relative path without "", "." or ".." segments and not absolute. */
static int plain_relative(const char *rel)
{
    if (!*rel || rel[0] == '/') return 0;
    for (const char *p = rel; *p;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return 0;
        p += n + (e ? 1 : 0);
    }
    return 1;
}

/* Opens root/rel, following symlinks only while they stay inside root (the kernel checks it when it
 * can, else realpath); -1 with errno EXDEV when one leads out. root_fd is root opened as a folder,
 * or -1 to open it here. */
static int open_inside(int root_fd, const char *root, const char *rel)
{
    int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK;
#if defined(__linux__) && defined(SYS_openat2)
    int dir = root_fd >= 0 ? root_fd : open(root, O_RDONLY | O_CLOEXEC | O_DIRECTORY);
    if (dir < 0) return -1;
    struct open_how how = {.flags = (uint64_t)flags, .resolve = RESOLVE_BENEATH};
    int fd = (int)syscall(SYS_openat2, dir, rel, &how, sizeof how);
    int saved = errno;
    if (dir != root_fd) close(dir);
    /* EXDEV: a link out, or an absolute link (which may lead back in); ENOSYS, EPERM (a seccomp
     * filter): no openat2. realpath decides then. */
    if (fd >= 0 || (saved != EXDEV && saved != ENOSYS && saved != EPERM)) {
        errno = saved;
        return fd;
    }
#else
    (void)root_fd;
#endif
    char root_real[PATH_MAX], real[PATH_MAX];
    char *abs = join(root, rel);
    int ok = realpath(root, root_real) && realpath(abs, real);
    free(abs);
    if (!ok) return -1;
    size_t rl = strlen(root_real);
    if (strncmp(real, root_real, rl) != 0 || (real[rl] != '/' && rl != 1)) {
        errno = EXDEV;
        return -1;
    }
    return open(real, flags);
}

int workspace_open_base(const char *root, const char *base)
{
    char *dir = join(root, base);
    int fd = open(dir, O_RDONLY | O_CLOEXEC | O_DIRECTORY);
    free(dir);
    return fd;
}

int workspace_read_article_at(int base_fd, const char *root, const char *base, const char *rel,
                              char **text, size_t *len, char *err, size_t err_size)
{
    size_t bl = strlen(base);
    if (!plain_relative(rel) || (bl && (strncmp(rel, base, bl) != 0 || rel[bl] != '/'))) {
        snprintf(err, err_size, "Not a path inside the workspace: not read");
        return -1;
    }
    char *dir = join(root, base);
    int fd = open_inside(base_fd, dir, rel + (bl ? bl + 1 : 0));
    free(dir);
    if (fd < 0) {
        int why = errno;
        char where[PATH_MAX + 64];
        folder_name(where, sizeof where, base);
        if (why == EXDEV)
            snprintf(err, err_size, "A symbolic link leads out of %s: not followed", where);
        else
            snprintf(err, err_size, "Cannot read this file: %s", strerror(why));
        return -1;
    }
    return read_fd(fd, text, len, err, err_size);
}

int workspace_read_article(const char *root, const char *base, const char *rel, char **text,
                           size_t *len, char *err, size_t err_size)
{
    return workspace_read_article_at(-1, root, base, rel, text, len, err, err_size);
}
