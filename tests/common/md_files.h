/* md_files.h — every Markdown file of the repository's tests (tests/fixtures, tests/sample,
 * tests/lsp), read whole and handed to a callback: the corpus on which the unit tests hold the
 * fast readers to cmark and libyaml. Header-only (static functions). Must never follow a symbolic
 * link (the fixtures hold loops on purpose). */
#ifndef GLOSSARY_MD_FILES_H
#define GLOSSARY_MD_FILES_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Called with a file's path and its text (NUL-terminated, len bytes). */
typedef void (*md_file_fn)(const char *path, const char *text, size_t len, void *ctx);

static void md_files_walk(const char *dir, md_file_fn fn, void *ctx)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            md_files_walk(path, fn, ctx);
            continue;
        }
        size_t n = strlen(path);
        if (!S_ISREG(st.st_mode) || n < 3 || strcmp(path + n - 3, ".md") != 0) continue;
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        char *buf = malloc((size_t)st.st_size + 1);
        size_t len = fread(buf, 1, (size_t)st.st_size, f);
        fclose(f);
        buf[len] = '\0';
        fn(path, buf, len, ctx);
        free(buf);
    }
    closedir(d);
}

/* Every .md file under the test folders of the source tree at root. */
static void md_files_each(const char *root, md_file_fn fn, void *ctx)
{
    const char *dirs[] = {"tests/fixtures", "tests/sample", "tests/lsp"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/%s", root, dirs[i]);
        md_files_walk(dir, fn, ctx);
    }
}

#endif
