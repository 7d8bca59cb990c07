/* server.c — the server's main loop: poll stdin and the indexers, frame and decode every complete
 * message, handle them in order (cancelled ones answered -32800 without work), publish diagnostics
 * when their debounce expires. Also replies, logging and requests to the client.
 * Must never block on anything but poll, nor answer a request twice. */
#include "server_int.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xalloc.h"

double server_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void server_send(struct server *s, json_t *msg_own)
{
    transport_send(&s->out, msg_own);
}

#define SPARE_MAX ((size_t)64 << 10) /* a larger buffer (a long answer) is not kept */

void server_jsonw_init(struct server *s, struct jsonw *w)
{
    for (int i = 0; i < 2; i++) {
        if (s->spare[i]) {
            jsonw_init_buffer(w, s->spare[i], s->spare_cap[i]);
            s->spare[i] = NULL;
            return;
        }
    }
    jsonw_init(w);
}

void server_jsonw_done(struct server *s, struct jsonw *w)
{
    for (int i = 0; i < 2; i++) {
        if (!s->spare[i] && w->p && w->cap <= SPARE_MAX) {
            s->spare[i] = jsonw_release(w, &s->spare_cap[i]);
            return;
        }
    }
    jsonw_free(w);
}

/* Sends the complete message written in w and ends w. */
static void send_text(struct server *s, struct jsonw *w)
{
    transport_send_text(&s->out, w->p, w->len);
    server_jsonw_done(s, w);
}

void server_reply(struct server *s, json_t *id, json_t *result_own)
{
    s->replied = 1;
    server_send(s, rpc_result(id, result_own));
}

/* Starts w with a JSON-RPC message's opening: {"jsonrpc":"2.0", */
static void begin_message(struct server *s, struct jsonw *w)
{
    server_jsonw_init(s, w);
    jsonw_begin_object(w);
    jsonw_key(w, "jsonrpc");
    jsonw_string_n(w, "2.0", 3);
}

void server_reply_begin(struct server *s, json_t *id, struct jsonw *w)
{
    begin_message(s, w);
    jsonw_key(w, "id");
    jsonw_json(w, id);
    jsonw_key(w, "result");
}

void server_reply_end(struct server *s, struct jsonw *w)
{
    jsonw_end_object(w);
    s->replied = 1;
    send_text(s, w);
}

void server_notify_begin(struct server *s, const char *method, struct jsonw *w)
{
    begin_message(s, w);
    jsonw_key(w, "method");
    jsonw_string(w, method);
    jsonw_key(w, "params");
}

void server_notify_end(struct server *s, struct jsonw *w)
{
    jsonw_end_object(w);
    send_text(s, w);
}

void server_reply_error(struct server *s, json_t *id, int code, const char *message)
{
    s->replied = 1;
    server_send(s, rpc_error_reply(id, code, message, NULL));
}

void server_notify(struct server *s, const char *method, json_t *params_own)
{
    server_send(s, rpc_notification(method, params_own));
}

void server_request(struct server *s, const char *method, json_t *params_own, int kind, void *ctx)
{
    long long id = ++s->next_id;
    s->outgoing = xgrow(s->outgoing, s->noutgoing, sizeof *s->outgoing);
    s->outgoing[s->noutgoing++] = (struct outgoing){id, kind, ctx};
    server_send(s, rpc_request(id, method, params_own));
}

void server_log(struct server *s, int level, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    static const char *const names[] = {"", "error", "warning", "info", "log"};
    fprintf(stderr, "glossary-ls: %s: %s\n", names[level >= 1 && level <= 4 ? level : 4], msg);
    if (s->state == STATE_UNINITIALIZED) return;
    json_t *text = json_string(msg);
    if (!text) return; /* not UTF-8: stderr only */
    if (level <= 2)
        server_notify(s, "window/logMessage", json_pack("{s:i,s:O}", "type", level, "message", text));
    if (s->trace != TRACE_OFF) server_notify(s, "$/logTrace", json_pack("{s:O}", "message", text));
    json_decref(text);
}

double server_debounce(const struct server *s)
{
    json_t *d = s->settings ? json_object_get(s->settings, "debounce") : NULL;
    if (json_is_integer(d) && json_integer_value(d) >= 0 && json_integer_value(d) <= 10000)
        return (double)json_integer_value(d) / 1000.0;
    for (size_t i = 0; i < s->nfolders; i++)
        if (s->folders[i]->engine) return s->folders[i]->engine->cfg.debounce_ms / 1000.0;
    return 0.1;
}

/* ---- the message queue --------------------------------------------------------------------- */

static int id_equal(json_t *a, json_t *b)
{
    return a && b && json_equal(a, b);
}

/* Ids of requests in this batch that a later $/cancelRequest in the same batch cancels. */
static void note_cancellations(struct server *s, struct rpc_message *msgs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (msgs[i].kind != RPC_NOTIFICATION || strcmp(msgs[i].method, "$/cancelRequest") != 0)
            continue;
        json_t *id = msgs[i].params ? json_object_get(msgs[i].params, "id") : NULL;
        if (id && (json_is_integer(id) || json_is_string(id)))
            json_array_append(s->cancelled, id);
    }
}

static int take_cancelled(struct server *s, json_t *id)
{
    for (size_t i = 0; i < json_array_size(s->cancelled); i++) {
        if (id_equal(json_array_get(s->cancelled, i), id)) {
            json_array_remove(s->cancelled, i);
            return 1;
        }
    }
    return 0;
}

/* A cancel for a deferred request answers it now. */
static void cancel_deferred(struct server *s)
{
    for (size_t i = 0; i < s->ndeferred;) {
        json_t *id = s->deferred[i].m.id;
        if (!take_cancelled(s, id)) {
            i++;
            continue;
        }
        server_send(s, rpc_error_reply(id, RPC_REQUEST_CANCELLED, "request cancelled", NULL));
        rpc_message_free(&s->deferred[i].m);
        memmove(s->deferred + i, s->deferred + i + 1, (s->ndeferred - i - 1) * sizeof *s->deferred);
        s->ndeferred--;
    }
}

void server_defer(struct server *s, struct rpc_message *m, int64_t version)
{
    s->deferred = xgrow(s->deferred, s->ndeferred, sizeof *s->deferred);
    struct deferred *d = &s->deferred[s->ndeferred++];
    d->m = *m;
    d->since = server_now();
    d->version = version;
    memset(m, 0, sizeof *m);
    s->replied = 1;
}

static void handle_batch(struct server *s, struct rpc_message *msgs, size_t n)
{
    note_cancellations(s, msgs, n);
    for (size_t i = 0; i < n && !s->exit_requested; i++) {
        struct rpc_message *m = &msgs[i];
        if (m->kind == RPC_REQUEST && take_cancelled(s, m->id)) {
            server_send(s, rpc_error_reply(m->id, RPC_REQUEST_CANCELLED, "request cancelled", NULL));
            continue;
        }
        dispatch_message(s, m);
    }
    cancel_deferred(s);
    /* ids cancelled for requests we never saw (already answered) are forgotten */
    json_array_clear(s->cancelled);
}

/* Reads what stdin has, decodes every complete frame, handles them. Returns 0, or -1 when the
 * input ended or the stream broke. */
static int read_input(struct server *s)
{
    char buf[65536];
    ssize_t r = read(s->opt.in_fd, buf, sizeof buf);
    if (r < 0 && (errno == EINTR || errno == EAGAIN)) return 0;
    if (r <= 0) {
        if (s->state != STATE_SHUTDOWN) server_log(s, 2, "the client closed the input without exit");
        return -1;
    }
    frame_feed(&s->in, buf, (size_t)r);
    struct rpc_message *msgs = NULL;
    size_t n = 0;
    int rc = 0;
    for (;;) {
        const char *body;
        size_t len;
        char err[300];
        enum frame_status st = frame_next(&s->in, &body, &len, err, sizeof err);
        if (st == FRAME_PARTIAL) break;
        if (st == FRAME_ERROR) {
            fprintf(stderr, "glossary-ls: error: broken input stream: %s\n", err);
            rc = -1;
            break;
        }
        struct rpc_message m;
        json_t *bad_id = NULL;
        int code = rpc_decode(body, len, &m, &bad_id, err, sizeof err);
        if (code != 0) {
            server_log(s, 2, "%s", err);
            server_send(s, rpc_error_reply(bad_id, code, err, NULL));
            json_decref(bad_id);
            continue;
        }
        msgs = xgrow(msgs, n, sizeof *msgs);
        msgs[n++] = m;
    }
    handle_batch(s, msgs, n);
    for (size_t i = 0; i < n; i++) rpc_message_free(&msgs[i]);
    free(msgs);
    return rc;
}

/* Answers the requests that waited for the index: all of them once it is complete; requests about
 * a document once its folder has indexed for their patience (folder_patience). Returns seconds
 * until the next one may be answered, or -1. */
static double run_deferred(struct server *s)
{
    double next = -1;
    int all = folders_ready(s);
    for (size_t i = 0; i < s->ndeferred;) {
        struct deferred *d = &s->deferred[i];
        int document = strncmp(d->m.method, "textDocument/", 13) == 0;
        struct doc *doc = NULL;
        struct folder *f = document ? folder_of_request(s, &d->m, &doc) : NULL;
        int partial;
        double wait = -1;
        int go = all || (document &&
                         folder_answerable(f, folder_patience(d->m.method), &partial, &wait));
        if (!go) {
            if (wait >= 0 && (next < 0 || wait < next)) next = wait;
            i++;
            continue;
        }
        struct deferred one = *d;
        memmove(s->deferred + i, s->deferred + i + 1, (s->ndeferred - i - 1) * sizeof *s->deferred);
        s->ndeferred--;
        if (document && one.version >= 0 && (!doc || doc->version != one.version))
            server_send(s, rpc_error_reply(one.m.id, RPC_CONTENT_MODIFIED,
                                           "the document changed while the request waited",
                                           NULL));
        else
            dispatch_message(s, &one.m);
        rpc_message_free(&one.m);
    }
    return next;
}

static void server_free(struct server *s)
{
    for (size_t i = 0; i < s->ndocs; i++) doc_free(s->docs[i]);
    free(s->docs);
    s->docs = NULL;
    s->ndocs = 0;
    while (s->nfolders) folder_remove(s, s->folders[0]->uri);
    free(s->folders);
    engine_free(s->loose);
    for (size_t i = 0; i < s->ndeferred; i++) rpc_message_free(&s->deferred[i].m);
    free(s->deferred);
    free(s->outgoing);
    json_decref(s->cancelled);
    json_decref(s->settings);
    json_decref(s->client_caps);
    frame_reader_free(&s->in);
    for (int i = 0; i < 2; i++) free(s->spare[i]);
}

int server_run(const struct server_options *opt)
{
    signal(SIGPIPE, SIG_IGN);
    struct server s;
    memset(&s, 0, sizeof s);
    s.opt = *opt;
    s.out.fd = opt->out_fd;
    s.enc = TEXT_UTF16;
    s.exit_code = 1;
    s.cancelled = json_array();
    int pending = 0; /* indexing results left for the next turn of the loop */
    while (!s.exit_requested) {
        struct pollfd fds[65];
        size_t nfds = 0;
        fds[nfds++] = (struct pollfd){s.opt.in_fd, POLLIN, 0};
        for (size_t i = 0; i < s.nfolders && nfds < 65; i++) {
            if (s.folders[i]->op)
                fds[nfds++] = (struct pollfd){opener_fd(s.folders[i]->op), POLLIN, 0};
            else if (s.folders[i]->ix)
                fds[nfds++] = (struct pollfd){indexer_fd(s.folders[i]->ix), POLLIN, 0};
        }
        double wait = publish_pending(&s), deferred = run_deferred(&s);
        if (deferred >= 0 && (wait < 0 || deferred < wait)) wait = deferred;
        int timeout = pending ? 0 : wait < 0 ? -1 : (int)(wait * 1000.0 + 0.999);
        int r = poll(fds, (nfds_t)nfds, timeout);
        if (r < 0 && errno != EINTR) break;
        /* the editor's messages first: a request waits for at most one share of filing */
        if (r > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
            if (read_input(&s) != 0) break;
        }
        pending = nfds > 1 ? folders_pump(&s) : 0;
        if (s.out.broken) {
            fprintf(stderr, "glossary-ls: error: the client stopped reading\n");
            break;
        }
    }
    int code = s.exit_requested ? s.exit_code : 1;
    server_free(&s);
    return code;
}
