/* opener.c — one thread per folder being opened; the result waits in the opener until the server
 * takes it. Must never leave a thread running past opener_finish or opener_free. */
#include "opener.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xalloc.h"

struct opener {
    char *path;
    struct value *settings;
    pthread_t thread;
    int pipe[2];
    atomic_int done;
    int rc;
    struct engine *engine;
    char err[1200];
};

static void *run(void *arg)
{
    struct opener *o = arg;
    o->rc = engine_open(&o->engine, o->path, NULL, o->settings, o->err, sizeof o->err);
    if (o->rc == 0) engine_prepare_index(o->engine); /* its page faults here, not on the server */
    atomic_store(&o->done, 1);
    ssize_t w = write(o->pipe[1], "", 1); /* wake the server; a full pipe is fine */
    (void)w;
    return NULL;
}

struct opener *opener_start(const char *path, struct value *settings)
{
    struct opener *o = xcalloc(1, sizeof *o);
    if (pipe(o->pipe) != 0) {
        free(o);
        return NULL;
    }
    o->path = xstrdup(path);
    o->settings = settings;
    fcntl(o->pipe[0], F_SETFL, O_NONBLOCK);
    fcntl(o->pipe[1], F_SETFL, O_NONBLOCK);
    if (pthread_create(&o->thread, NULL, run, o) != 0) {
        close(o->pipe[0]);
        close(o->pipe[1]);
        free(o->path);
        free(o);
        return NULL;
    }
    return o;
}

int opener_fd(const struct opener *o)
{
    return o->pipe[0];
}

int opener_done(struct opener *o)
{
    return atomic_load(&o->done);
}

static void release(struct opener *o)
{
    pthread_join(o->thread, NULL);
    close(o->pipe[0]);
    close(o->pipe[1]);
    value_free(o->settings);
    free(o->path);
}

int opener_finish(struct opener *o, struct engine **out, char *err, size_t err_size)
{
    release(o);
    int rc = o->rc;
    *out = rc == 0 ? o->engine : NULL;
    if (rc != 0 && err_size) {
        strncpy(err, o->err, err_size - 1);
        err[err_size - 1] = '\0';
    }
    free(o);
    return rc;
}

void opener_free(struct opener *o)
{
    if (!o) return;
    release(o);
    if (o->rc == 0) engine_free(o->engine);
    free(o);
}
