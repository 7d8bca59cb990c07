/* test_indexer.c — unit tests of lsp/indexer.c: every file's result comes out once and in list
 * order (æøå and emoji in paths and texts, one file missing), and workers are added when reads
 * wait for the disk (simulated by the test-only delay) unless a number of threads was asked for. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "indexer.h"

#define NFILES 48

static char root[64];
static char *paths[NFILES];

static int make_tree(void **state)
{
    (void)state;
    strcpy(root, "/tmp/glossary-indexer-XXXXXX");
    if (!mkdtemp(root)) return -1;
    for (int i = 0; i < NFILES; i++) {
        char name[64], full[160];
        snprintf(name, sizeof name, "term-%02d-æøå😀.md", i);
        paths[i] = strdup(name);
        if (i == 7) continue; /* listed, but gone before it is read */
        snprintf(full, sizeof full, "%s/%s", root, name);
        FILE *f = fopen(full, "w");
        if (!f) return -1;
        fprintf(f, "---\ntitle: Term %d æøå\n---\n\n# Term %d 😀\n\n[neste](/term-%02d)\n", i, i,
                i + 1);
        fclose(f);
    }
    return 0;
}

static int remove_tree(void **state)
{
    (void)state;
    for (int i = 0; i < NFILES; i++) {
        char full[160];
        snprintf(full, sizeof full, "%s/%s", root, paths[i]);
        unlink(full);
        free(paths[i]);
    }
    rmdir(root);
    return 0;
}

/* Takes every result, checking order and content; returns the number of workers used. */
static unsigned run(unsigned threads, unsigned delay_ms)
{
    struct analysis_opts opts = {0};
    const char *bases[NFILES]; /* every file in the one glossary at the root */
    for (int i = 0; i < NFILES; i++) bases[i] = "";
    struct indexer *ix = indexer_start(root, (const char *const *)paths, bases, NFILES, &opts,
                                       threads, 0, delay_ms);
    size_t next = 0;
    struct indexer_result batch[8];
    do {
        size_t n;
        while ((n = indexer_take(ix, batch, 8)) > 0) {
            for (size_t k = 0; k < n; k++, next++) {
                assert_int_equal(batch[k].index, next);
                if (next == 7) {
                    assert_null(batch[k].summary);
                    assert_non_null(batch[k].problem);
                } else {
                    assert_non_null(batch[k].summary);
                    assert_string_equal(batch[k].summary->path, paths[next]);
                }
                summary_free(batch[k].summary);
                free(batch[k].problem);
            }
        }
    } while (indexer_wait(ix) == 0);
    assert_int_equal(next, NFILES);
    assert_int_equal(indexer_taken(ix), NFILES);
    unsigned used = indexer_threads(ix);
    indexer_free(ix);
    return used;
}

static void test_in_order(void **state)
{
    (void)state;
    unsigned used = run(0, 0);
    assert_true(used >= indexer_cpus()); /* more only if this machine's reads were slow */
    assert_int_equal(run(3, 0), 3);
}

static void test_more_workers_when_reads_wait(void **state)
{
    (void)state;
    unsigned cpus = indexer_cpus(); /* 48 files x 5 ms: the disk is slow, 4 per CPU read at once */
    unsigned want = cpus * 4 < 16 ? cpus * 4 : 16;
    assert_int_equal(run(0, 5), want > cpus ? want : cpus);
    assert_int_equal(run(1, 5), 1);  /* a number asked for is kept */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_in_order),
        cmocka_unit_test(test_more_workers_when_reads_wait),
    };
    return cmocka_run_group_tests(tests, make_tree, remove_tree);
}
