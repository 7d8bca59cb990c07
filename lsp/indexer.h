/* indexer.h — reads and analyses a list of article files on worker threads and hands the finished
 * summaries to the one thread that owns the index, in list order, through a pipe it can poll.
 * Must never touch the index itself: only the owning thread files what it takes. */
#ifndef GLOSSARY_INDEXER_H
#define GLOSSARY_INDEXER_H

#include <stddef.h>

#include "summary.h"

struct indexer;

/* One finished file, in list order. */
struct indexer_result {
    size_t index;              /* position in the list given to indexer_start */
    struct summary *summary;   /* owned by the taker, or NULL when the file could not be read */
    char *problem;             /* owned: why it could not be read, or NULL */
    char *text;                /* owned: the text analysed, when keep_text; else NULL */
    size_t len;
};

/** Starts `threads` workers (0: one per online CPU, and up to 4 per CPU once reads are seen coming
 *  from the disk, added by indexer_take/indexer_wait) over paths[0..n) (workspace-relative, under
 *  root, each read only from inside its glossary's folder bases[i]: see workspace_read_article;
 *  all borrowed until indexer_free), analysing with opts (borrowed likewise). keep_text hands each
 *  text over with its summary. delay_ms (tests only: 0) makes each file take at least that long,
 *  as a slow disk would, to exercise what happens while an index is being built. Returns a new
 *  indexer (indexer_free). */
struct indexer *indexer_start(const char *root, const char *const *paths,
                              const char *const *bases, size_t n,
                              const struct analysis_opts *opts, unsigned threads, int keep_text,
                              unsigned delay_ms);

/** Returns a file descriptor that becomes readable whenever results may be ready (for poll). */
int indexer_fd(const struct indexer *ix);

/** Moves up to max finished results into out, strictly in list order (a result waits for the ones
 *  before it). Never blocks. Returns how many were moved. */
size_t indexer_take(struct indexer *ix, struct indexer_result *out, size_t max);

/** Blocks until at least one more result can be taken or all have been; returns 0, or -1 when all
 *  results have been taken already. */
int indexer_wait(struct indexer *ix);

/** Returns the number of workers started so far. */
unsigned indexer_threads(const struct indexer *ix);

/** Returns the number of results taken so far, and the total. */
size_t indexer_taken(const struct indexer *ix);
size_t indexer_total(const struct indexer *ix);

/** Stops the workers (unstarted files are dropped), joins them, frees what was not taken. */
void indexer_free(struct indexer *ix);

/** Returns the number of online CPUs (1..64). */
unsigned indexer_cpus(void);

#endif
