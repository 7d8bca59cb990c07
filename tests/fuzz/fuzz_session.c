/* fuzz_session.c — libFuzzer target for the whole language server: framing, JSON-RPC decode, the
 * lifecycle gate, dispatch and every handler, driven through server_run's descriptors from a byte
 * string, against a copy of tests/sample (plus `debounce: 0`) in a temporary folder that
 * server_options.jail keeps the server inside. Input: one message body per line, framed here;
 * an empty line waits until the server has indexed and answered what came before (a
 * workspace/symbol request, answered once every folder is indexed); "${rootUri}" and "${root}"
 * name the copy. Requests from the server are answered null, as a plain client would.
 * $FUZZ_SESSION_ECHO=1 prints the server's messages (to see what an input does).
 * Must never see the server crash, leak, hang, write a broken frame or invalid JSON, or answer
 * an id more often than the client sent it. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frame.h"
#include "fuzz_check.h"
#include "server.h"
#include "xalloc.h"

#ifndef FUZZ_SAMPLE
#define FUZZ_SAMPLE "tests/sample"
#endif

static char root[64];      /* the temporary copy of the sample glossary */
static char root_uri[80];
static int echo;           /* $FUZZ_SESSION_ECHO set: print what the server sends, to stderr */

/* ---- the temporary glossary ---------------------------------------------------------------- */

static void copy_tree(const char *from, const char *to)
{
    FUZZ_CHECK(mkdir(to, 0755) == 0 || errno == EEXIST);
    DIR *d = opendir(from);
    FUZZ_CHECK(d != NULL);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char src[4096], dst[4096];
        snprintf(src, sizeof src, "%s/%s", from, e->d_name);
        snprintf(dst, sizeof dst, "%s/%s", to, e->d_name);
        struct stat st;
        FUZZ_CHECK(stat(src, &st) == 0);
        if (S_ISDIR(st.st_mode)) {
            copy_tree(src, dst);
            continue;
        }
        FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
        FUZZ_CHECK(in && out);
        char buf[8192];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, in)) > 0) FUZZ_CHECK(fwrite(buf, 1, n, out) == n);
        fclose(in);
        FUZZ_CHECK(fclose(out) == 0);
    }
    closedir(d);
}

static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        unlink(path);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        char child[4096];
        snprintf(child, sizeof child, "%s/%s", path, e->d_name);
        remove_tree(child);
    }
    closedir(d);
    rmdir(path);
}

static void remove_root(void)
{
    remove_tree(root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    strcpy(root, "/tmp/glossary-fuzz-XXXXXX");
    FUZZ_CHECK(mkdtemp(root) != NULL);
    snprintf(root_uri, sizeof root_uri, "file://%s", root);
    const char *sample = getenv("GLOSSARY_FUZZ_SAMPLE");
    copy_tree(sample ? sample : FUZZ_SAMPLE, root);
    char config[128];
    snprintf(config, sizeof config, "%s/.glossary.yaml", root);
    FILE *f = fopen(config, "a"); /* diagnostics at once, so that a session sees them */
    FUZZ_CHECK(f && fputs("debounce: 0\n", f) >= 0 && fclose(f) == 0);
    atexit(remove_root);
    echo = getenv("FUZZ_SESSION_ECHO") != NULL;
    return 0;
}

/* ---- one session --------------------------------------------------------------------------- */

/* How often a request id was sent and answered (ids as compact JSON). */
struct id_count {
    char *id;
    int sent, answered;
};

struct session {
    int in[2], out[2]; /* client -> server, server -> client */
    pthread_mutex_t lock;
    pthread_cond_t changed;
    int done;          /* server_run returned */
    int reader_done;   /* the reader saw the end of the output */
    struct id_count *ids;
    size_t nids;
    char **replies;    /* frames answering the server's requests, for the main thread to send */
    size_t nreplies;
    int waits;         /* wait requests sent */
};

/* The counts of id (compact JSON); call with the lock held. */
static struct id_count *id_slot(struct session *ss, const char *id)
{
    for (size_t i = 0; i < ss->nids; i++)
        if (strcmp(ss->ids[i].id, id) == 0) return &ss->ids[i];
    ss->ids = xgrow(ss->ids, ss->nids, sizeof *ss->ids);
    ss->ids[ss->nids] = (struct id_count){xstrdup(id), 0, 0};
    return &ss->ids[ss->nids++];
}

/* The frame of body (NUL-terminated after its length, for the replies queued as strings). */
static char *frame_of(const char *body, size_t len, size_t *out_len)
{
    char *f = xmalloc(len + 64);
    int h = snprintf(f, 64, "Content-Length: %zu\r\n\r\n", len);
    memcpy(f + h, body, len);
    f[(size_t)h + len] = '\0';
    *out_len = (size_t)h + len;
    return f;
}

/* Takes one message from the server: checks it, counts replies, queues answers to requests. */
static void take(struct session *ss, const char *body, size_t len)
{
    if (echo) fprintf(stderr, "<- %.*s\n", (int)len, body);
    json_error_t err;
    json_t *m = json_loadb(body, len, 0, &err);
    FUZZ_CHECK(json_is_object(m)); /* the server writes valid JSON objects only */
    json_t *v = json_object_get(m, "jsonrpc");
    FUZZ_CHECK(json_is_string(v) && strcmp(json_string_value(v), "2.0") == 0);
    json_t *id = json_object_get(m, "id"), *method = json_object_get(m, "method");
    if (method) {
        FUZZ_CHECK(json_is_string(method));
        if (id) { /* a request to the client: answer null */
            json_t *reply = json_pack("{s:s,s:O,s:n}", "jsonrpc", "2.0", "id", id, "result");
            char *text = json_dumps(reply, JSON_COMPACT);
            size_t n;
            char *frame = frame_of(text, strlen(text), &n);
            free(text);
            json_decref(reply);
            pthread_mutex_lock(&ss->lock);
            ss->replies = xgrow(ss->replies, ss->nreplies, sizeof *ss->replies);
            ss->replies[ss->nreplies++] = frame;
            pthread_cond_broadcast(&ss->changed);
            pthread_mutex_unlock(&ss->lock);
        }
    } else {
        FUZZ_CHECK(id != NULL);
        FUZZ_CHECK(!json_object_get(m, "result") != !json_object_get(m, "error"));
        if (!json_is_null(id)) {
            char *key = json_dumps(id, JSON_COMPACT | JSON_ENCODE_ANY);
            pthread_mutex_lock(&ss->lock);
            struct id_count *c = id_slot(ss, key);
            c->answered++;
            FUZZ_CHECK(c->answered <= c->sent); /* never answered more often than asked */
            pthread_cond_broadcast(&ss->changed);
            pthread_mutex_unlock(&ss->lock);
            free(key);
        }
    }
    json_decref(m);
}

static void *reader_main(void *arg)
{
    struct session *ss = arg;
    struct frame_reader r = {0};
    char buf[65536];
    ssize_t n;
    while ((n = read(ss->out[0], buf, sizeof buf)) != 0) {
        if (n < 0 && errno == EINTR) continue;
        FUZZ_CHECK(n > 0);
        frame_feed(&r, buf, (size_t)n);
        const char *body;
        size_t len;
        char err[300];
        enum frame_status st;
        while ((st = frame_next(&r, &body, &len, err, sizeof err)) == FRAME_OK)
            take(ss, body, len);
        FUZZ_CHECK(st == FRAME_PARTIAL); /* the server writes whole, well-formed frames */
    }
    FUZZ_CHECK(r.start == r.len); /* nothing half-written */
    frame_reader_free(&r);
    pthread_mutex_lock(&ss->lock);
    ss->reader_done = 1;
    pthread_cond_broadcast(&ss->changed);
    pthread_mutex_unlock(&ss->lock);
    return NULL;
}

static void *server_main(void *arg)
{
    struct session *ss = arg;
    struct server_options opt = {ss->in[0], ss->out[1], 1, 0, 0, root};
    server_run(&opt);
    pthread_mutex_lock(&ss->lock);
    ss->done = 1;
    pthread_cond_broadcast(&ss->changed);
    pthread_mutex_unlock(&ss->lock);
    return NULL;
}

static int server_done(struct session *ss)
{
    pthread_mutex_lock(&ss->lock);
    int done = ss->done;
    pthread_mutex_unlock(&ss->lock);
    return done;
}

/* Writes all of p to the server unless it has stopped reading (exit). Returns 0, or -1 then. */
static int send_bytes(struct session *ss, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(ss->in[1], p, n);
        if (w > 0) {
            p += w;
            n -= (size_t)w;
            continue;
        }
        FUZZ_CHECK(w < 0 && (errno == EAGAIN || errno == EINTR));
        if (server_done(ss)) return -1;
        struct pollfd pfd = {ss->in[1], POLLOUT, 0};
        poll(&pfd, 1, 10);
    }
    return 0;
}

/* Sends the queued answers to the server's requests. */
static void send_replies(struct session *ss)
{
    for (;;) {
        pthread_mutex_lock(&ss->lock);
        char *frame = NULL;
        if (ss->nreplies) {
            frame = ss->replies[0];
            memmove(ss->replies, ss->replies + 1, (ss->nreplies - 1) * sizeof *ss->replies);
            ss->nreplies--;
        }
        pthread_mutex_unlock(&ss->lock);
        if (!frame) return;
        send_bytes(ss, frame, strlen(frame));
        free(frame);
    }
}

/* Sends one message (a body) counting its id, if it has one: a request, or a message the server
 * may answer with an error (a malformed request or response keeps its id for that). */
static void send_message(struct session *ss, const char *body, size_t len)
{
    json_error_t err;
    json_t *m = json_loadb(body, len, 0, &err);
    json_t *id = json_object_get(m, "id");
    if (json_is_integer(id) || json_is_string(id)) {
        char *key = json_dumps(id, JSON_COMPACT | JSON_ENCODE_ANY);
        pthread_mutex_lock(&ss->lock);
        id_slot(ss, key)->sent++;
        pthread_mutex_unlock(&ss->lock);
        free(key);
    }
    json_decref(m);
    size_t n;
    char *frame = frame_of(body, len, &n);
    send_bytes(ss, frame, n);
    free(frame);
}

/* Waits until the server has answered a workspace/symbol request sent now (or has stopped). */
static void wait_idle(struct session *ss)
{
    char body[160], key[64];
    int k = ++ss->waits;
    snprintf(key, sizeof key, "\"fuzz-wait-%d\"", k);
    snprintf(body, sizeof body,
             "{\"jsonrpc\":\"2.0\",\"id\":%s,\"method\":\"workspace/symbol\","
             "\"params\":{\"query\":\"\"}}",
             key);
    send_message(ss, body, strlen(body));
    for (;;) {
        send_replies(ss);
        pthread_mutex_lock(&ss->lock);
        while (!ss->done && !ss->nreplies && id_slot(ss, key)->answered == 0)
            pthread_cond_wait(&ss->changed, &ss->lock);
        int over = ss->done || id_slot(ss, key)->answered > 0;
        pthread_mutex_unlock(&ss->lock);
        if (over) return;
    }
}

/* The line with ${rootUri} and ${root} replaced; a new string. */
static char *substitute(const char *line, size_t len, size_t *out_len)
{
    size_t cap = len + 1, n = 0;
    char *out = xmalloc(cap);
    for (size_t i = 0; i < len;) {
        const char *with = NULL;
        size_t skip = 0;
        if (len - i >= 10 && memcmp(line + i, "${rootUri}", 10) == 0) {
            with = root_uri;
            skip = 10;
        } else if (len - i >= 7 && memcmp(line + i, "${root}", 7) == 0) {
            with = root;
            skip = 7;
        }
        size_t add = with ? strlen(with) : 1;
        if (n + add + 1 > cap) {
            while (n + add + 1 > cap) cap *= 2;
            out = xrealloc(out, cap);
        }
        if (with) {
            memcpy(out + n, with, add);
            i += skip;
        } else {
            out[n] = line[i++];
        }
        n += add;
    }
    *out_len = n;
    return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct session ss;
    memset(&ss, 0, sizeof ss);
    FUZZ_CHECK(pipe(ss.in) == 0 && pipe(ss.out) == 0);
    FUZZ_CHECK(fcntl(ss.in[1], F_SETFL, O_NONBLOCK) == 0);
    pthread_mutex_init(&ss.lock, NULL);
    pthread_cond_init(&ss.changed, NULL);
    pthread_t server, reader;
    FUZZ_CHECK(pthread_create(&reader, NULL, reader_main, &ss) == 0);
    FUZZ_CHECK(pthread_create(&server, NULL, server_main, &ss) == 0);

    const char *p = (const char *)data, *end = p + size;
    while (p < end && !server_done(&ss)) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        send_replies(&ss);
        if (len == 0) {
            wait_idle(&ss);
        } else {
            size_t n;
            char *body = substitute(p, len, &n);
            send_message(&ss, body, n);
            free(body);
        }
        p += len + (nl ? 1 : 0);
    }
    wait_idle(&ss);
    close(ss.in[1]); /* the end of input: the server returns */
    FUZZ_CHECK(pthread_join(server, NULL) == 0);
    close(ss.out[1]);
    FUZZ_CHECK(pthread_join(reader, NULL) == 0);
    close(ss.in[0]);
    close(ss.out[0]);

    for (size_t i = 0; i < ss.nids; i++) free(ss.ids[i].id);
    free(ss.ids);
    for (size_t i = 0; i < ss.nreplies; i++) free(ss.replies[i]);
    free(ss.replies);
    pthread_mutex_destroy(&ss.lock);
    pthread_cond_destroy(&ss.changed);
    return 0;
}
