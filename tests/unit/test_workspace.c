/* test_workspace.c — unit tests of lsp/workspace.c and engine.c on real temporary folders:
 * configuration discovery, glossary roots from globs, the article walk (nesting, exclusions,
 * hidden folders, node_modules, symlinks), hostile trees (symlink loops and escapes, FIFOs,
 * names that are not UTF-8), reading files only from inside the workspace, and opening an
 * engine. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine.h"
#include "frontmatter.h"
#include "workspace.h"

static char root[PATH_MAX];

static void put(const char *rel, const char *text)
{
    char path[PATH_MAX * 2], dir[PATH_MAX * 2];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    for (char *p = path + strlen(root) + 1; *p; p++) {
        if (*p != '/') continue;
        snprintf(dir, sizeof dir, "%.*s", (int)(p - path), path);
        mkdir(dir, 0755);
    }
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    strcpy(root, "/tmp/glossary-ws-XXXXXX");
    if (!mkdtemp(root)) return -1;
    put(".glossary.yaml", "glossaries: [\"Texts/*\", {path: Texts/English/nested, name: N}]\n"
                          "exclude: [\"**/drafts/**\", \"*.tmp.md\"]\n");
    put("Texts/Norwegian/a.md", "x");
    put("Texts/Norwegian/sub/b.md", "x");
    put("Texts/Norwegian/drafts/c.md", "x");
    put("Texts/Norwegian/d.tmp.md", "x");
    put("Texts/Norwegian/.hidden/e.md", "x");
    put("Texts/Norwegian/node_modules/f.md", "x");
    put("Texts/Norwegian/notes.txt", "x");
    put("Texts/English/g.md", "x");
    put("Texts/English/nested/h.md", "x");
    put("README.md", "outside every glossary");
    char link[PATH_MAX * 2], target[PATH_MAX * 2];
    snprintf(link, sizeof link, "%s/Texts/English/loop", root);
    symlink("..", link);
    snprintf(link, sizeof link, "%s/Texts/English/alias.md", root);
    snprintf(target, sizeof target, "%s/Texts/Norwegian/a.md", root);
    symlink(target, link);
    snprintf(link, sizeof link, "%s/Texts/English/escape.md", root);
    symlink("/etc/hostname", link);
    snprintf(link, sizeof link, "%s/Texts/Norwegian/same.md", root);
    symlink("a.md", link); /* inside its own glossary: followed */
    snprintf(link, sizeof link, "%s/Texts/Linked", root);
    symlink("/etc", link); /* a glob of roots matches it: not followed */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd);
}

static void test_list(void **state)
{
    (void)state;
    struct config cfg;
    config_init(&cfg);
    struct finding_list f = {0};
    char *cfgpath = workspace_find_config(root);
    assert_non_null(cfgpath);
    size_t len;
    char *text, err[200];
    assert_int_equal(workspace_read("/", cfgpath, &text, &len, err, sizeof err), 0);
    struct value *tree = yaml_tree_parse(text, len, &f);
    config_apply(&cfg, tree, &f);
    assert_int_equal(f.count, 0);
    struct workspace ws;
    assert_int_equal(workspace_list(&ws, root, &cfg, &f), 0);
    assert_int_equal(f.count, 0);
    assert_int_equal(ws.nglossaries, 3);
    assert_string_equal(ws.glossaries[0].name, "English");
    assert_string_equal(ws.glossaries[1].name, "Norwegian");
    assert_string_equal(ws.glossaries[2].name, "N");
    const char *want[] = {"Texts/English/g.md", "Texts/English/nested/h.md",
                          "Texts/Norwegian/a.md", "Texts/Norwegian/same.md",
                          "Texts/Norwegian/sub/b.md"};
    const uint32_t want_g[] = {0, 2, 1, 1, 1};
    assert_int_equal(ws.nfiles, 5);
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(ws.files[i].path, want[i]);
        assert_int_equal(ws.files[i].glossary, want_g[i]);
    }
    /* links out of a glossary's folder are not followed: into another glossary, out of all */
    assert_int_equal(ws.nproblems, 2); /* in the order the folder lists them */
    int alias = strcmp(ws.problems[0].path, "Texts/English/alias.md") == 0 ? 0 : 1;
    assert_string_equal(ws.problems[alias].path, "Texts/English/alias.md");
    assert_non_null(
        strstr(ws.problems[alias].message, "outside the glossary folder 'Texts/English'"));
    assert_string_equal(ws.problems[1 - alias].path, "Texts/English/escape.md");
    assert_int_equal(ws.nnotes, 2); /* Texts/Linked (a glob matched it), Texts/English/loop */
    assert_string_equal(ws.notes[0].path, "Texts/Linked");
    assert_string_equal(ws.notes[1].path, "Texts/English/loop");
    char *text2 = NULL, err2[300];
    size_t len2;
    assert_int_equal(workspace_read_article(root, "Texts/English", "Texts/English/alias.md",
                                            &text2, &len2, err2, sizeof err2), -1);
    assert_string_equal(err2, "A symbolic link leads out of the glossary folder 'Texts/English': "
                              "not followed");
    assert_int_equal(workspace_read_article(root, "Texts/English", "Texts/Norwegian/a.md", &text2,
                                            &len2, err2, sizeof err2), -1);
    assert_int_equal(workspace_read_article(root, "Texts/Norwegian", "Texts/Norwegian/same.md",
                                            &text2, &len2, err2, sizeof err2), 0);
    free(text2);
    assert_int_equal(workspace_glossary_of(&ws, "Texts/English/nested/x.md"), 2);
    assert_int_equal(workspace_glossary_of(&ws, "Texts/English/x.md"), 0);
    assert_int_equal(workspace_glossary_of(&ws, "README.md"), -1);
    workspace_free(&ws);
    value_free(tree);
    free(text);
    free(cfgpath);
    config_free(&cfg);
}

static void test_find_config_upwards(void **state)
{
    (void)state;
    char dir[PATH_MAX * 2];
    snprintf(dir, sizeof dir, "%s/Texts/Norwegian/sub", root);
    char *found = workspace_find_config(dir);
    char want[PATH_MAX * 2];
    snprintf(want, sizeof want, "%s/.glossary.yaml", root);
    assert_string_equal(found, want);
    free(found);
}

static void test_read_errors(void **state)
{
    (void)state;
    char *text = NULL, err[200];
    size_t len;
    assert_int_equal(workspace_read(root, "missing.md", &text, &len, err, sizeof err), -1);
    assert_non_null(strstr(err, "No such file"));
    assert_int_equal(workspace_read(root, "Texts", &text, &len, err, sizeof err), -1);
    assert_string_equal(err, "This is a folder, not a file");
    assert_null(text);
    assert_int_equal(workspace_read(root, "README.md", &text, &len, err, sizeof err), 0);
    assert_int_equal(len, 22);
    assert_int_equal(text[len], '\0');
    free(text);
}

static void link_at(const char *base, const char *rel, const char *target)
{
    char path[PATH_MAX * 2];
    snprintf(path, sizeof path, "%s/%s", base, rel);
    assert_int_equal(symlink(target, path), 0);
}

static const struct workspace_problem *problem_at(const struct workspace_problem *list, size_t n,
                                                  const char *path)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].path, path) == 0) return &list[i];
    fail_msg("no problem or note at %s", path);
    return NULL;
}

static void expect_problem(const struct workspace *ws, const char *path, enum finding_code code,
                           const char *words)
{
    const struct workspace_problem *p = problem_at(ws->problems, ws->nproblems, path);
    assert_int_equal(p->code, code);
    if (!strstr(p->message, words)) fail_msg("%s: '%s' does not say '%s'", path, p->message, words);
}

static void on_alarm(int sig)
{
    (void)sig;
    fputs("blocked on a FIFO\n", stderr);
    _exit(1);
}

/* A tree no glossary should have: every oddity is listed as a problem (or a note), never followed
 * out of the workspace, never blocking, and the good articles are still listed. */
static void test_hostile_tree(void **state)
{
    (void)state;
    char base[PATH_MAX], path[PATH_MAX * 2];
    strcpy(base, "/tmp/glossary-hostile-XXXXXX");
    assert_non_null(mkdtemp(base));
    const char *saved = root;
    char keep[PATH_MAX];
    strcpy(keep, saved);
    strcpy(root, base);
    put("ok.md", "---\ntitle: ok\n---\n");
    put("sub/x.md", "x");
    put("caf\xe9.md", "x");
    put("dir\xff/inner.md", "x");
    link_at(base, "alias.md", "ok.md");
    snprintf(path, sizeof path, "%s/ok.md", base);
    link_at(base, "abs.md", path); /* absolute, but inside */
    link_at(base, "out.md", "/etc/hostname");
    link_at(base, "dangling.md", "missing.md");
    link_at(base, "self.md", "self.md");
    link_at(base, "folder.md", "sub");
    link_at(base, "loop", ".");
    link_at(base, "outside", "/etc");
    snprintf(path, sizeof path, "%s/fifo.md", base);
    assert_int_equal(mkfifo(path, 0644), 0);
    strcpy(root, keep);

    struct config cfg;
    config_init(&cfg);
    struct finding_list f = {0};
    struct workspace ws;
    signal(SIGALRM, on_alarm);
    alarm(10);
    assert_int_equal(workspace_list(&ws, base, &cfg, &f), 0);
    const char *want[] = {"abs.md", "alias.md", "ok.md", "sub/x.md"};
    for (size_t i = 0; i < ws.nfiles && i < 4; i++) assert_string_equal(ws.files[i].path, want[i]);
    assert_int_equal(ws.nfiles, 4);
    expect_problem(&ws, "caf\xe9.md", FINDING_FILE_ENCODING, "this file is not valid UTF-8");
    expect_problem(&ws, "dir\xff/inner.md", FINDING_FILE_ENCODING, "a folder above this file");
    expect_problem(&ws, "out.md", FINDING_FILE_UNREADABLE, "outside the workspace: not followed");
    expect_problem(&ws, "dangling.md", FINDING_FILE_UNREADABLE, "leads nowhere");
    expect_problem(&ws, "self.md", FINDING_FILE_UNREADABLE, "leads nowhere");
    expect_problem(&ws, "folder.md", FINDING_FILE_UNREADABLE, "not a file");
    expect_problem(&ws, "fifo.md", FINDING_FILE_UNREADABLE, "Not a regular file");
    assert_int_equal(ws.nproblems, 7);
    assert_int_equal(ws.nnotes, 2);
    assert_non_null(strstr(problem_at(ws.notes, ws.nnotes, "loop")->message, "not followed"));
    assert_non_null(strstr(problem_at(ws.notes, ws.nnotes, "outside")->message, "not followed"));

    /* reading: only from inside, never blocking */
    char *text = NULL, err[300];
    size_t len;
    assert_int_equal(workspace_read_article(base, "", "ok.md", &text, &len, err, sizeof err), 0);
    free(text);
    assert_int_equal(workspace_read_article(base, "", "alias.md", &text, &len, err, sizeof err), 0);
    free(text);
    assert_int_equal(workspace_read_article(base, "", "abs.md", &text, &len, err, sizeof err), 0);
    free(text);
    const char *refused[] = {"out.md", "outside/hostname", "self.md", "fifo.md", "../ok.md",
                             "sub/../ok.md", "./ok.md", "sub//x.md", "/etc/hostname", "sub",
                             "dangling.md", ""};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        text = NULL;
        if (workspace_read_article(base, "", refused[i], &text, &len, err, sizeof err) != -1)
            fail_msg("%s was read", refused[i]);
        assert_null(text);
    }
    assert_int_equal(workspace_read_article(base, "", "out.md", &text, &len, err, sizeof err), -1);
    assert_string_equal(err, "A symbolic link leads out of the workspace: not followed");
    assert_int_equal(workspace_read(base, "fifo.md", &text, &len, err, sizeof err), -1);
    assert_non_null(strstr(err, "Not a regular file"));
    alarm(0);

    /* the engine takes no path the walk could not have listed */
    struct engine *e;
    assert_int_equal(engine_open(&e, base, NULL, NULL, err, sizeof err), 0);
    assert_int_equal(engine_glossary_of(e, "sub/x.md"), 0);
    const char *not_articles[] = {"sub/../x.md", "../x.md", "./x.md", "sub//x.md", "caf\xe9.md",
                                  "/x.md", "x.txt"};
    for (size_t i = 0; i < sizeof not_articles / sizeof *not_articles; i++)
        if (engine_glossary_of(e, not_articles[i]) != -1) fail_msg("%s taken", not_articles[i]);
    engine_free(e);
    workspace_free(&ws);
    config_free(&cfg);
    finding_list_clear(&f);
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
    assert_int_equal(system(cmd), 0);
}

static void test_absolute(void **state)
{
    (void)state;
    char *a = workspace_absolute("/a/./b//c/../d/");
    assert_string_equal(a, "/a/b/d");
    free(a);
    a = workspace_absolute("/..");
    assert_string_equal(a, "/");
    free(a);
    char cwd[PATH_MAX];
    assert_non_null(getcwd(cwd, sizeof cwd));
    a = workspace_absolute("x/y");
    assert_int_equal(strncmp(a, cwd, strlen(cwd)), 0);
    free(a);
}

static void test_engine(void **state)
{
    (void)state;
    struct engine *e;
    char err[PATH_MAX * 2], dir[PATH_MAX * 2];
    snprintf(dir, sizeof dir, "%s/Texts", root);
    assert_int_equal(engine_open(&e, dir, NULL, NULL, err, sizeof err), 0);
    assert_string_equal(e->root, root); /* the config's folder is the root */
    assert_int_equal(e->nfiles, 5);
    engine_index(e, 2, 0);
    assert_int_equal(index_count(e->idx), 5);
    assert_true(engine_file_index(e, "Texts/English/g.md") >= 0);
    assert_int_equal(engine_file_index(e, "nope.md"), -1);
    engine_free(e);
    assert_int_equal(engine_open(&e, root, "/nonexistent/.glossary.yaml", NULL, err, sizeof err), -1);
    assert_non_null(strstr(err, "No such file"));
    assert_int_equal(engine_open(&e, "/nonexistent-dir", NULL, NULL, err, sizeof err), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list),        cmocka_unit_test(test_find_config_upwards),
        cmocka_unit_test(test_read_errors), cmocka_unit_test(test_absolute),
        cmocka_unit_test(test_engine),      cmocka_unit_test(test_hostile_tree),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
