/* indexer.c — a pool of worker threads, each claiming the next file with an atomic counter, and a
 * completion table the owner drains in order. A byte on a pipe wakes the owner's poll.
 * Must never let a worker block on the pipe: it is non-blocking and a full pipe is fine. */
#include "indexer.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#endif

#include "workspace.h"
#include "xalloc.h"

struct slot {
    struct summary *summary;
    char *problem;
    char *text;
    size_t len;
    atomic_int ready;
};

struct indexer {
    const char *root;
    const char *const *paths;
    const char *const *bases;
    size_t n;
    const struct analysis_opts *opts;
    int keep_text;
    unsigned delay_ms;
    struct slot *slots;
    atomic_size_t next;
    atomic_int stop;
    size_t taken;
    int pipe[2];
    pthread_t threads[64];
    unsigned nthreads;
};

unsigned indexer_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

static void wake(struct indexer *ix)
{
    char b = 1;
    ssize_t w;
    do {
        w = write(ix->pipe[1], &b, 1);
    } while (w < 0 && errno == EINTR); /* EAGAIN: the owner has wake-ups pending anyway */
}

/* Workers yield to the thread that answers the editor: on Linux a thread has its own nice value,
 * and a slightly lower priority lets a request preempt indexing on a busy machine. Best effort. */
static void lower_priority(void)
{
#ifdef __linux__
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 5);
#endif
}

static void *worker(void *arg)
{
    struct indexer *ix = arg;
    size_t since_wake = 0;
    lower_priority();
    while (!atomic_load(&ix->stop)) {
        size_t i = atomic_fetch_add(&ix->next, 1);
        if (i >= ix->n) break;
        struct slot *s = &ix->slots[i];
        if (ix->delay_ms) {
            struct timespec ts = {ix->delay_ms / 1000, (long)(ix->delay_ms % 1000) * 1000000L};
            nanosleep(&ts, NULL);
        }
        char *text = NULL, err[300];
        size_t len = 0;
        if (workspace_read_article(ix->root, ix->bases[i], ix->paths[i], &text, &len, err,
                                   sizeof err)) {
            s->problem = xstrdup(err);
        } else {
            s->summary = summary_new(text, len, ix->paths[i], ix->opts);
            if (ix->keep_text) {
                s->text = text;
                s->len = len;
            } else {
                free(text);
            }
        }
        atomic_store_explicit(&s->ready, 1, memory_order_release);
        if (++since_wake >= 64 || i + 1 >= ix->n) { /* wake the owner now and then, not per file */
            wake(ix);
            since_wake = 0;
        }
    }
    wake(ix);
    return NULL;
}

struct indexer *indexer_start(const char *root, const char *const *paths,
                              const char *const *bases, size_t n,
                              const struct analysis_opts *opts, unsigned threads, int keep_text,
                              unsigned delay_ms)
{
    struct indexer *ix = xcalloc(1, sizeof *ix);
    ix->root = root;
    ix->paths = paths;
    ix->bases = bases;
    ix->n = n;
    ix->opts = opts;
    ix->keep_text = keep_text;
    ix->delay_ms = delay_ms;
    ix->slots = xcalloc(n + 1, sizeof *ix->slots);
    if (pipe(ix->pipe) != 0) xalloc_die();
    for (int k = 0; k < 2; k++) {
        fcntl(ix->pipe[k], F_SETFL, fcntl(ix->pipe[k], F_GETFL) | O_NONBLOCK);
        fcntl(ix->pipe[k], F_SETFD, FD_CLOEXEC);
    }
    if (!threads) threads = indexer_cpus();
    if (threads > 64) threads = 64;
    for (unsigned t = 0; t < threads && n; t++)
        if (pthread_create(&ix->threads[ix->nthreads], NULL, worker, ix) == 0) ix->nthreads++;
    if (!ix->nthreads && n) worker(ix); /* no thread could start: do it here */
    return ix;
}

int indexer_fd(const struct indexer *ix)
{
    return ix->pipe[0];
}

size_t indexer_take(struct indexer *ix, struct indexer_result *out, size_t max)
{
    char drain[256];
    while (read(ix->pipe[0], drain, sizeof drain) > 0) {
    }
    size_t k = 0;
    while (k < max && ix->taken < ix->n &&
           atomic_load_explicit(&ix->slots[ix->taken].ready, memory_order_acquire)) {
        struct slot *s = &ix->slots[ix->taken];
        out[k].index = ix->taken;
        out[k].summary = s->summary;
        out[k].problem = s->problem;
        out[k].text = s->text;
        out[k].len = s->len;
        memset(s, 0, sizeof *s);
        ix->taken++;
        k++;
    }
    return k;
}

int indexer_wait(struct indexer *ix)
{
    if (ix->taken >= ix->n) return -1;
    while (!atomic_load_explicit(&ix->slots[ix->taken].ready, memory_order_acquire)) {
        struct pollfd p = {ix->pipe[0], POLLIN, 0};
        poll(&p, 1, 50);
        char drain[256];
        while (read(ix->pipe[0], drain, sizeof drain) > 0) {
        }
    }
    return 0;
}

size_t indexer_taken(const struct indexer *ix)
{
    return ix->taken;
}

size_t indexer_total(const struct indexer *ix)
{
    return ix->n;
}

void indexer_free(struct indexer *ix)
{
    if (!ix) return;
    atomic_store(&ix->stop, 1);
    for (unsigned t = 0; t < ix->nthreads; t++) pthread_join(ix->threads[t], NULL);
    for (size_t i = ix->taken; i < ix->n; i++) {
        summary_free(ix->slots[i].summary);
        free(ix->slots[i].problem);
        free(ix->slots[i].text);
    }
    free(ix->slots);
    close(ix->pipe[0]);
    close(ix->pipe[1]);
    free(ix);
}
