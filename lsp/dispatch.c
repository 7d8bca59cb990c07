/* dispatch.c — the method table (sorted, binary-searched) and the lifecycle gate: -32002 before
 * `initialize`, only `exit` after `shutdown`, -32601 for unknown requests, unknown notifications
 * ignored, and exactly one reply to every request. Must never run a handler the gate refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server_int.h"

typedef void (*handler_fn)(struct server *s, struct rpc_message *m);

struct method {
    const char *name;
    handler_fn fn;
    int request; /* 1: a request (must be answered), 0: a notification */
};

/* Sorted by name (strcmp order): dispatch_message uses bsearch. */
static const struct method methods[] = {
    {"$/setTrace", handle_set_trace, 0},
    {"exit", handle_exit, 0},
    {"initialize", handle_initialize, 1},
    {"initialized", handle_initialized, 0},
    {"shutdown", handle_shutdown, 1},
    {"textDocument/diagnostic", publish_document_diagnostic, 1},
    {"textDocument/didChange", handle_did_change, 0},
    {"textDocument/didClose", handle_did_close, 0},
    {"textDocument/didOpen", handle_did_open, 0},
    {"textDocument/didSave", handle_did_save, 0},
    {"workspace/diagnostic", publish_workspace_diagnostic, 1},
    {"workspace/didChangeConfiguration", handle_did_change_configuration, 0},
    {"workspace/didChangeWatchedFiles", handle_did_change_watched, 0},
    {"workspace/didChangeWorkspaceFolders", handle_did_change_folders, 0},
};

static int compare(const void *key, const void *elem)
{
    return strcmp(key, ((const struct method *)elem)->name);
}

void dispatch_message(struct server *s, struct rpc_message *m)
{
    if (m->kind == RPC_RESPONSE) {
        handle_response(s, m);
        return;
    }
    const struct method *h = bsearch(m->method, methods, sizeof methods / sizeof *methods,
                                     sizeof *methods, compare);
    int is_request = m->kind == RPC_REQUEST;
    if (strcmp(m->method, "exit") == 0) {
        handle_exit(s, m);
        return;
    }
    if (s->state == STATE_UNINITIALIZED && !(h && h->fn == handle_initialize)) {
        if (is_request)
            server_send(s, rpc_error_reply(m->id, RPC_SERVER_NOT_INITIALIZED,
                                           "the server is not initialized: send 'initialize' "
                                           "first",
                                           NULL));
        return; /* notifications before initialize are dropped */
    }
    if (s->state == STATE_SHUTDOWN) {
        if (is_request)
            server_send(s, rpc_error_reply(m->id, RPC_INVALID_REQUEST,
                                           "the server is shutting down: only 'exit' is accepted",
                                           NULL));
        return;
    }
    if (!h || h->request != is_request) {
        if (is_request) {
            char msg[300];
            snprintf(msg, sizeof msg, "unknown method '%.200s'", m->method);
            server_send(s, rpc_error_reply(m->id, RPC_METHOD_NOT_FOUND, msg, NULL));
        }
        return; /* unknown notifications (and $/ ones) are ignored */
    }
    if (s->state != STATE_UNINITIALIZED && h->fn == handle_initialize) {
        server_send(s, rpc_error_reply(m->id, RPC_INVALID_REQUEST, "'initialize' was already sent",
                                       NULL));
        return;
    }
    s->replied = 0;
    h->fn(s, m);
    if (is_request && !s->replied)
        server_send(s, rpc_error_reply(m->id, RPC_INTERNAL_ERROR, "the request was not answered",
                                       NULL));
}
