/* indexer.c — a pool of worker threads, each claiming the next file with an atomic counter, and a
 * completion table the owner drains in order. A byte on a pipe wakes the owner's poll. When reads
 * turn out to wait for the disk (a first start after a reboot), the owner adds workers, so that
 * more reads are in flight at once: they wait, they do not compute.
 * Must never let a worker block on the pipe: it is non-blocking and a full pipe is fine. */
#ifdef __linux__
#define _GNU_SOURCE /* RUSAGE_THREAD: whether this thread's reads came from the disk */
#endif
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

#include "slab.h"
#include "workspace.h"
#include "xalloc.h"

struct slot {
    struct summary *summary;
    char *problem;
    char *text;
    size_t len;
    atomic_int ready;
};

/* A glossary folder opened once, so that each file is opened beneath it in one call. */
struct base_dir {
    const char *base;
    int fd; /* -1: could not be opened; each read then says why */
};

struct indexer {
    const char *root;
    struct base_dir *dirs; /* one per distinct base */
    size_t ndirs;
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
    unsigned max_threads;   /* workers the owner may add while reads wait for the disk */
    atomic_uint disk_reads; /* samples in which a worker's reads came from the disk */
};

/* Each worker asks the kernel every DISK_SAMPLE files whether its reads fetched blocks from the
 * disk (its own ru_inblock: time would mislead, a read from the page cache is slow too when the
 * machine is busy). After DISK_SAMPLES_TO_GROW such answers the owner starts the extra workers:
 * DISK_WORKERS_PER_CPU per CPU, at most DISK_WORKERS_MAX (glibc has 8 malloc arenas per CPU;
 * more threads than that would queue on the allocator's locks). */
#define DISK_SAMPLE 8
#define DISK_SAMPLES_TO_GROW 2
#define DISK_WORKERS_PER_CPU 4
#define DISK_WORKERS_MAX 16

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

/* Workers yield to the thread that answers the editor: on Linux a thread has its own nice value.
 * At nice 10 (a tenth of the weight of nice 0) the owner keeps most of a core even when the
 * indexer has grown to eight workers for a disk: at 429,000 articles, nice 5 let a hover wait up
 * to 183 ms behind them. Best effort. */
static void lower_priority(void)
{
#ifdef __linux__
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
#endif
}

/* Returns 1 when this thread has read blocks from storage since the last call (*blocks: the count
 * then). Linux only; elsewhere 0, and the indexer keeps its first workers. */
static int read_from_disk(long *blocks)
{
#if defined(__linux__) && defined(RUSAGE_THREAD)
    struct rusage ru;
    if (getrusage(RUSAGE_THREAD, &ru) != 0) return 0;
    int more = ru.ru_inblock > *blocks;
    *blocks = ru.ru_inblock;
    return more;
#else
    (void)blocks;
    return 0;
#endif
}

/* The index of base among ix->dirs, or -1. */
static long find_dir(const struct indexer *ix, const char *base)
{
    for (size_t k = 0; k < ix->ndirs; k++)
        if (ix->dirs[k].base == base || strcmp(ix->dirs[k].base, base) == 0) return (long)k;
    return -1;
}

/* The opened folder of base, or -1 (workers: read only). */
static int base_fd(const struct indexer *ix, const char *base)
{
    long k = find_dir(ix, base);
    return k < 0 ? -1 : ix->dirs[k].fd;
}

static void *worker(void *arg)
{
    struct indexer *ix = arg;
    size_t since_wake = 0, done = 0;
    long blocks = 0;
    const char *last_base = NULL;
    int dir = -1;
    lower_priority();
    slab_thread_begin(); /* the summaries go into huge-page chunks of this thread */
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
        if (ix->bases[i] != last_base) {
            last_base = ix->bases[i];
            dir = base_fd(ix, last_base);
        }
        int rc = workspace_read_article_at(dir, ix->root, ix->bases[i], ix->paths[i], &text, &len,
                                           err, sizeof err);
        if (++done % DISK_SAMPLE == 0 && (read_from_disk(&blocks) || ix->delay_ms))
            atomic_fetch_add(&ix->disk_reads, 1);
        if (rc != 0) {
            s->problem = xstrdup(err);
        } else {
            /* packed: it lives as long as the index, in this thread's huge-page chunks */
            s->summary = summary_pack(summary_new(text, len, ix->paths[i], ix->opts));
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
    slab_thread_end();
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
    for (size_t i = 0; i < n; i++) {
        if ((i && bases[i] == bases[i - 1]) || find_dir(ix, bases[i]) >= 0) continue;
        ix->dirs = xgrow(ix->dirs, ix->ndirs, sizeof *ix->dirs);
        ix->dirs[ix->ndirs].base = bases[i];
        ix->dirs[ix->ndirs++].fd = workspace_open_base(root, bases[i]);
    }
    if (pipe(ix->pipe) != 0) xalloc_die();
    for (int k = 0; k < 2; k++) {
        fcntl(ix->pipe[k], F_SETFL, fcntl(ix->pipe[k], F_GETFL) | O_NONBLOCK);
        fcntl(ix->pipe[k], F_SETFD, FD_CLOEXEC);
    }
    if (!threads) { /* a number asked for is kept */
        unsigned cpus = indexer_cpus();
        ix->max_threads = cpus * DISK_WORKERS_PER_CPU < DISK_WORKERS_MAX
                              ? cpus * DISK_WORKERS_PER_CPU : DISK_WORKERS_MAX;
    }
    if (!threads) threads = indexer_cpus();
    if (threads > 64) threads = 64;
    if (ix->max_threads < threads) ix->max_threads = threads;
    for (unsigned t = 0; t < threads && n; t++)
        if (pthread_create(&ix->threads[ix->nthreads], NULL, worker, ix) == 0) ix->nthreads++;
    if (!ix->nthreads && n) worker(ix); /* no thread could start: do it here */
    return ix;
}

int indexer_fd(const struct indexer *ix)
{
    return ix->pipe[0];
}

/* Owner only: adds workers up to max_threads once reads have been seen coming from the disk. */
static void grow_if_reads_wait(struct indexer *ix)
{
    if (ix->nthreads >= ix->max_threads || atomic_load(&ix->next) >= ix->n ||
        atomic_load(&ix->disk_reads) < DISK_SAMPLES_TO_GROW)
        return;
    while (ix->nthreads < ix->max_threads &&
           pthread_create(&ix->threads[ix->nthreads], NULL, worker, ix) == 0)
        ix->nthreads++;
    ix->max_threads = ix->nthreads; /* once */
}

unsigned indexer_threads(const struct indexer *ix)
{
    return ix->nthreads;
}

size_t indexer_take(struct indexer *ix, struct indexer_result *out, size_t max)
{
    grow_if_reads_wait(ix);
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
        grow_if_reads_wait(ix);
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
    for (size_t k = 0; k < ix->ndirs; k++)
        if (ix->dirs[k].fd >= 0) close(ix->dirs[k].fd);
    free(ix->dirs);
    close(ix->pipe[0]);
    close(ix->pipe[1]);
    free(ix);
}
