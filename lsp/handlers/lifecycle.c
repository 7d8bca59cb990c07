/* lifecycle.c — initialize (capability negotiation, position encoding, settings, folders),
 * initialized (file watchers, configuration, indexing), shutdown, exit, $/setTrace, and the
 * client's answers to the server's own requests. Must never advertise a capability the server
 * does not implement. */
#include <stdlib.h>
#include <string.h>

#include "json_value.h"
#include "params.h"
#include "server_int.h"
#include "uri.h"
#include "xalloc.h"

#ifndef GLOSSARY_VERSION
#define GLOSSARY_VERSION "0.0.0"
#endif

static int has_string(json_t *array, const char *s)
{
    size_t i;
    json_t *v;
    json_array_foreach(array, i, v) if (json_is_string(v) && strcmp(json_string_value(v), s) == 0) return 1;
    return 0;
}

static int truthy(json_t *root, const char *path)
{
    return json_is_true(params_get(root, path));
}

/* The client's `glossary` settings: {"glossary": {...}} or the object itself. New reference. */
static json_t *settings_from(json_t *v)
{
    if (!json_is_object(v)) return NULL;
    json_t *inner = json_object_get(v, "glossary");
    return json_incref(json_is_object(inner) ? inner : v);
}

static enum trace_level trace_from(const char *s)
{
    if (!s) return TRACE_OFF;
    if (strcmp(s, "messages") == 0) return TRACE_MESSAGES;
    if (strcmp(s, "verbose") == 0) return TRACE_VERBOSE;
    return TRACE_OFF;
}

void handle_initialize(struct server *s, struct rpc_message *m)
{
    struct params p;
    params_init(&p, m->params);
    json_t *caps = NULL;
    const char *trace = NULL, *root_uri = NULL, *root_path = NULL;
    params_object(&p, "capabilities", &caps);
    params_opt_string(&p, "trace", &trace);
    params_opt_string(&p, "rootUri", &root_uri);
    params_opt_string(&p, "rootPath", &root_path);
    json_t *folders = params_get(m->params, "workspaceFolders");
    if (folders && !json_is_null(folders) && !json_is_array(folders))
        params_fail(&p, "workspaceFolders", "must be an array or null");
    size_t i;
    json_t *f;
    json_array_foreach(folders, i, f)
    {
        char path[64];
        snprintf(path, sizeof path, "workspaceFolders[%zu].uri", i);
        const char *u;
        params_string(&p, path, &u);
    }
    if (p.failed) {
        server_reply_error(s, m->id, RPC_INVALID_PARAMS, p.error);
        return;
    }
    json_t *encodings = params_get(caps, "general.positionEncodings");
    /* Neovim 0.7 and clangd-style clients name encodings in capabilities.offsetEncoding and read
     * the choice back from the result's offsetEncoding. */
    int clangd_style = !encodings && json_is_array(params_get(caps, "offsetEncoding"));
    if (clangd_style) encodings = params_get(caps, "offsetEncoding");
    if (has_string(encodings, "utf-8"))
        s->enc = TEXT_UTF8;
    else if (!encodings || has_string(encodings, "utf-16") || !json_array_size(encodings))
        s->enc = TEXT_UTF16;
    else if (has_string(encodings, "utf-32"))
        s->enc = TEXT_UTF32;
    s->cap_pull = json_is_object(params_get(caps, "textDocument.diagnostic"));
    s->cap_refresh = truthy(caps, "workspace.diagnostics.refreshSupport");
    s->cap_progress = truthy(caps, "window.workDoneProgress");
    s->cap_watch = truthy(caps, "workspace.didChangeWatchedFiles.dynamicRegistration");
    s->cap_configuration = truthy(caps, "workspace.configuration");
    s->cap_folders = truthy(caps, "workspace.workspaceFolders");
    s->trace = trace_from(trace);
    json_decref(s->client_caps);
    s->client_caps = json_incref(caps);
    json_decref(s->settings);
    s->settings = settings_from(params_get(m->params, "initializationOptions"));

    if (json_array_size(folders)) {
        json_array_foreach(folders, i, f) folder_add(s, json_string_value(json_object_get(f, "uri")));
    } else if (root_uri) {
        folder_add(s, root_uri);
    } else if (root_path) {
        char *u = uri_from_path(root_path);
        folder_add(s, u);
        free(u);
    }

    static const char *const enc_names[] = {"utf-8", "utf-16", "utf-32"};
    json_t *capabilities = json_pack(
        "{s:s,s:{s:b,s:i,s:{s:b}},s:{s:{s:b,s:b}}}", "positionEncoding", enc_names[s->enc],
        "textDocumentSync", "openClose", 1, "change", 2, "save", "includeText", 0, "workspace",
        "workspaceFolders", "supported", 1, "changeNotifications", 1);
    json_object_set_new(capabilities, "hoverProvider", json_true());
    json_object_set_new(capabilities, "completionProvider",
                        json_pack("{s:[s,s,s,s],s:b}", "triggerCharacters", "(", "/", "#", "[",
                                  "resolveProvider", 1));
    json_object_set_new(capabilities, "definitionProvider", json_true());
    json_object_set_new(capabilities, "referencesProvider", json_true());
    json_object_set_new(capabilities, "documentLinkProvider", json_pack("{s:b}", "resolveProvider", 0));
    json_object_set_new(capabilities, "documentSymbolProvider", json_true());
    json_object_set_new(capabilities, "workspaceSymbolProvider", json_true());
    json_object_set_new(capabilities, "renameProvider", json_pack("{s:b}", "prepareProvider", 1));
    json_object_set_new(capabilities, "codeActionProvider",
                        json_pack("{s:[s,s,s]}", "codeActionKinds", "quickfix", "refactor.rewrite",
                                  "source.fixAll.glossary-ls"));
    json_object_set_new(json_object_get(capabilities, "workspace"), "fileOperations",
                        json_pack("{s:{s:[{s:{s:s}}]}}", "willRename", "filters", "pattern",
                                  "glob", "**/*.md"));
    if (s->cap_pull)
        json_object_set_new(capabilities, "diagnosticProvider",
                            json_pack("{s:s,s:b,s:b}", "identifier", "glossary-ls",
                                      "interFileDependencies", 1, "workspaceDiagnostics", 1));
    s->state = STATE_INITIALIZING;
    json_t *result = json_pack("{s:o,s:{s:s,s:s}}", "capabilities", capabilities, "serverInfo",
                               "name", "glossary-ls", "version", GLOSSARY_VERSION);
    if (clangd_style) json_object_set_new(result, "offsetEncoding", json_string(enc_names[s->enc]));
    server_reply(s, m->id, result);
}

void handle_initialized(struct server *s, struct rpc_message *m)
{
    (void)m;
    if (s->state != STATE_INITIALIZING) return;
    s->state = STATE_RUNNING;
    if (s->cap_watch) {
        json_t *watchers = json_pack("[{s:s},{s:s}]", "globPattern", "**/*.md", "globPattern",
                                     "**/.glossary.yaml");
        server_request(s, "client/registerCapability",
                       json_pack("{s:[{s:s,s:s,s:{s:o}}]}", "registrations", "id",
                                 "glossary-ls-watch", "method", "workspace/didChangeWatchedFiles",
                                 "registerOptions", "watchers", watchers),
                       OUT_REGISTER, NULL);
    }
    if (s->cap_configuration)
        server_request(s, "workspace/configuration",
                       json_pack("{s:[{s:s}]}", "items", "section", "glossary"), OUT_CONFIGURATION,
                       NULL);
    folders_start(s);
}

void handle_shutdown(struct server *s, struct rpc_message *m)
{
    s->state = STATE_SHUTDOWN;
    server_reply(s, m->id, NULL);
}

void handle_exit(struct server *s, struct rpc_message *m)
{
    (void)m;
    s->exit_requested = 1;
    s->exit_code = s->state == STATE_SHUTDOWN ? 0 : 1;
}

void handle_set_trace(struct server *s, struct rpc_message *m)
{
    struct params p;
    params_init(&p, m->params);
    const char *value;
    if (params_string(&p, "value", &value) == 0) s->trace = trace_from(value);
}

/* Which settings change what the analysis produces (as opposed to severity and debounce, which
 * only change what is shown and when). */
static int analysis_settings_differ(json_t *a, json_t *b)
{
    json_t *x = a ? json_deep_copy(a) : json_object();
    json_t *y = b ? json_deep_copy(b) : json_object();
    const char *const shown_only[] = {"severity", "debounce", "debounce_ms", "trace"};
    for (size_t i = 0; i < sizeof shown_only / sizeof *shown_only; i++) {
        json_object_del(x, shown_only[i]);
        json_object_del(y, shown_only[i]);
    }
    int differ = !json_equal(x, y);
    json_decref(x);
    json_decref(y);
    return differ;
}

void server_apply_settings(struct server *s, json_t *settings_own)
{
    json_t *old = s->settings;
    if ((!old && !settings_own) || (old && settings_own && json_equal(old, settings_own))) {
        json_decref(settings_own);
        return;
    }
    s->settings = settings_own;
    int reload = analysis_settings_differ(old, settings_own);
    json_decref(old);
    if (reload) {
        folders_reload(s);
        return;
    }
    /* severities or debounce only: the same findings, shown differently */
    struct value *v = settings_own ? json_value_from_jansson(settings_own) : NULL;
    for (size_t i = 0; i < s->nfolders; i++)
        if (s->folders[i]->engine) engine_apply_shown_settings(s->folders[i]->engine, v);
    if (s->loose) engine_apply_shown_settings(s->loose, v);
    value_free(v);
    for (size_t i = 0; i < s->ndocs; i++) {
        s->docs[i]->dirty = 1;
        s->docs[i]->due = server_now();
    }
    s->refresh_wanted = 1;
}

void handle_response(struct server *s, struct rpc_message *m)
{
    if (!json_is_integer(m->id)) return;
    long long id = (long long)json_integer_value(m->id);
    size_t k = 0;
    while (k < s->noutgoing && s->outgoing[k].id != id) k++;
    if (k == s->noutgoing) return; /* not ours, or answered twice */
    struct outgoing o = s->outgoing[k];
    memmove(s->outgoing + k, s->outgoing + k + 1, (s->noutgoing - k - 1) * sizeof *s->outgoing);
    s->noutgoing--;
    if (m->error) {
        json_t *msg = json_object_get(m->error, "message");
        server_log(s, 2, "the client refused a request: %s",
                   json_is_string(msg) ? json_string_value(msg) : "(no message)");
        return;
    }
    if (o.kind == OUT_CONFIGURATION) {
        json_t *first = json_array_get(m->result, 0);
        server_apply_settings(s, json_is_object(first) ? json_incref(first) : NULL);
    } else if (o.kind == OUT_PROGRESS_CREATE) {
        for (size_t i = 0; i < s->nfolders; i++) {
            struct folder *f = s->folders[i];
            if (f != o.ctx || !f->progress_token || f->progress_begun) continue;
            f->progress_begun = 1;
            server_notify(s, "$/progress",
                          json_pack("{s:s,s:{s:s,s:s,s:b,s:i}}", "token", f->progress_token,
                                    "value", "kind", "begin", "title", "Indexing glossary",
                                    "cancellable", 0, "percentage", 0));
            if (f->progress_end) { /* it finished while the client was answering */
                server_notify(s, "$/progress",
                              json_pack("{s:s,s:{s:s,s:s}}", "token", f->progress_token, "value",
                                        "kind", "end", "message", f->progress_end));
                free(f->progress_end);
                f->progress_end = NULL;
                free(f->progress_token);
                f->progress_token = NULL;
                f->progress_begun = 0;
            }
        }
    }
}
