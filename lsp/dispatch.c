/* dispatch.c — the method table (sorted, binary-searched) and the lifecycle gate: -32002 before
 * `initialize`, only `exit` after `shutdown`, -32601 for unknown requests, unknown notifications
 * ignored, and exactly one reply to every request. Must never run a handler the gate refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server_int.h"

typedef void (*handler_fn)(struct server *s, struct rpc_message *m);

enum wait {
    NO_WAIT,
    WAIT_DOCUMENT, /* answer once the document's folder is indexed, or has indexed PARTIAL_AFTER */
    WAIT_ALL,      /* answer once every folder is indexed */
};

struct method {
    const char *name;
    handler_fn fn;
    int request; /* 1: a request (must be answered), 0: a notification */
    enum wait wait;
};

/* Sorted by name (strcmp order): dispatch_message uses bsearch. */
static const struct method methods[] = {
    {"$/setTrace", handle_set_trace, 0, NO_WAIT},
    {"completionItem/resolve", handle_completion_resolve, 1, NO_WAIT},
    {"exit", handle_exit, 0, NO_WAIT},
    {"initialize", handle_initialize, 1, NO_WAIT},
    {"initialized", handle_initialized, 0, NO_WAIT},
    {"shutdown", handle_shutdown, 1, NO_WAIT},
    {"textDocument/codeAction", handle_code_action, 1, WAIT_DOCUMENT},
    {"textDocument/completion", handle_completion, 1, WAIT_DOCUMENT},
    {"textDocument/definition", handle_definition, 1, WAIT_DOCUMENT},
    {"textDocument/diagnostic", publish_document_diagnostic, 1, WAIT_DOCUMENT},
    {"textDocument/didChange", handle_did_change, 0, NO_WAIT},
    {"textDocument/didClose", handle_did_close, 0, NO_WAIT},
    {"textDocument/didOpen", handle_did_open, 0, NO_WAIT},
    {"textDocument/didSave", handle_did_save, 0, NO_WAIT},
    {"textDocument/documentLink", handle_document_link, 1, WAIT_DOCUMENT},
    {"textDocument/documentSymbol", handle_document_symbol, 1, NO_WAIT},
    {"textDocument/hover", handle_hover, 1, WAIT_DOCUMENT},
    {"textDocument/prepareRename", handle_prepare_rename, 1, WAIT_DOCUMENT},
    {"textDocument/references", handle_references, 1, WAIT_DOCUMENT},
    {"textDocument/rename", handle_rename, 1, WAIT_DOCUMENT},
    {"workspace/diagnostic", publish_workspace_diagnostic, 1, WAIT_ALL},
    {"workspace/didChangeConfiguration", handle_did_change_configuration, 0, NO_WAIT},
    {"workspace/didChangeWatchedFiles", handle_did_change_watched, 0, NO_WAIT},
    {"workspace/didChangeWorkspaceFolders", handle_did_change_folders, 0, NO_WAIT},
    {"workspace/symbol", handle_workspace_symbol, 1, WAIT_ALL},
    {"workspace/willRenameFiles", handle_will_rename_files, 1, WAIT_ALL},
};

static int compare(const void *key, const void *elem)
{
    return strcmp(key, ((const struct method *)elem)->name);
}

/* bsearch needs the table sorted; a method added out of order would silently vanish. */
static void check_sorted(void)
{
    static int checked;
    if (checked) return;
    checked = 1;
    for (size_t i = 1; i < sizeof methods / sizeof *methods; i++)
        if (strcmp(methods[i - 1].name, methods[i].name) >= 0) {
            fprintf(stderr, "glossary-ls: the method table is not sorted at %s\n", methods[i].name);
            abort();
        }
}

void dispatch_message(struct server *s, struct rpc_message *m)
{
    if (m->kind == RPC_RESPONSE) {
        handle_response(s, m);
        return;
    }
    check_sorted();
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
    if (h->wait != NO_WAIT && s->state == STATE_RUNNING) {
        struct doc *d = NULL;
        int partial;
        int wait = h->wait == WAIT_ALL ? !folders_ready(s)
                                       : !folder_answerable(folder_of_request(s, m, &d),
                                                            folder_patience(m->method), &partial,
                                                            NULL);
        if (wait) { /* answered from server.c's deferred queue (or cancelled) */
            server_defer(s, m, d ? d->version : -1);
            return;
        }
    }
    s->replied = 0;
    h->fn(s, m);
    if (is_request && !s->replied)
        server_send(s, rpc_error_reply(m->id, RPC_INTERNAL_ERROR, "the request was not answered",
                                       NULL));
}
