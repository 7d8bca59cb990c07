/* server_int.h — the language server's state and the helpers its parts share: replies, logging,
 * outgoing requests, documents, folders, publishing. Private to lsp/server*.c, lsp/handlers/ and
 * the modules they call; the program's other parts see only server.h.
 * Must never be used to write to the client except through server_send (transport.c). */
#ifndef GLOSSARY_SERVER_INT_H
#define GLOSSARY_SERVER_INT_H

#include <jansson.h>
#include <stdint.h>

#include "engine.h"
#include "opener.h"
#include "frame.h"
#include "jsonrpc.h"
#include "jsonw.h"
#include "server.h"
#include "text.h"
#include "transport.h"

enum server_state {
    STATE_UNINITIALIZED, /* before `initialize` */
    STATE_INITIALIZING,  /* `initialize` answered, `initialized` not yet received */
    STATE_RUNNING,
    STATE_SHUTDOWN,      /* `shutdown` answered: only `exit` counts */
};

enum trace_level { TRACE_OFF, TRACE_MESSAGES, TRACE_VERBOSE };

/* One workspace folder and the engine that indexes it. */
struct folder {
    char *uri;              /* as the client named it */
    char *path;             /* absolute path the client named */
    struct engine *engine;  /* NULL while it is being opened, or when it could not be */
    struct opener *op;      /* non-NULL while the engine is being opened (the walk) */
    struct indexer *ix;     /* non-NULL while the initial index is being built */
    int ready;              /* the index is complete */
    char *progress_token;   /* workDoneProgress token while indexing, or NULL */
    int progress_begun;     /* the client accepted the token and got "begin" */
    char *progress_end;     /* indexing ended before the client accepted the token: the "end"
                               message to send once it does */
    int progress_percent;
    double started;         /* when indexing started (monotonic seconds) */
};

/* One document the editor has open. */
struct doc {
    char *uri;
    char *path;             /* absolute path, or NULL for non-file URIs */
    char *text;             /* len bytes and a NUL, in cap bytes */
    size_t len, cap;
    struct text_lines lines;
    int64_t version;
    struct folder *folder;  /* the folder whose glossary it belongs to, or NULL */
    char *rel;              /* its path inside that folder's workspace */
    char *published;        /* the diagnostics last pushed (JSON), or NULL */
    struct summary_memo *memo; /* owned: its front matter's analysis, kept between edits */
    int dirty;              /* diagnostics must be recomputed and pushed */
    double due;             /* monotonic seconds when a dirty document is published */
};

/* Until the first index of a folder is this old (seconds), diagnostics of its documents wait for
 * it; after that they are given with the article's own findings only, and completed when the
 * index is (so a small glossary never shows half results, a huge one answers at once). */
#define PARTIAL_AFTER 0.25

/* Requests about an open document (hover, completion, definition, ...) wait for a folder's first
 * index only this long (seconds): a writer typing while a 430,000-file workspace indexes is
 * answered at once from what is indexed so far. */
#define REQUEST_PATIENCE 0.04


/* A request whose answer waits for the index (pull diagnostics while indexing). */
struct deferred {
    struct rpc_message m;   /* the whole request (owns its JSON) */
    double since;           /* when it was deferred */
    int64_t version;        /* textDocument/diagnostic: the document's version then, or -1 */
};

/* A request the server sent to the client, waiting for its response. */
struct outgoing {
    long long id;
    int kind;               /* OUT_* */
    void *ctx;
};

enum { OUT_CONFIGURATION, OUT_REGISTER, OUT_PROGRESS_CREATE, OUT_REFRESH };

struct server {
    struct server_options opt;
    struct transport out;
    struct frame_reader in;
    enum server_state state;
    int exit_requested, exit_code;
    enum text_encoding enc;
    enum trace_level trace;
    /* what the client can do */
    int cap_pull, cap_refresh, cap_progress, cap_watch, cap_configuration, cap_folders;
    json_t *settings;       /* the client's `glossary` settings (owned), or NULL */
    json_t *client_caps;    /* the client's capabilities from initialize (owned) */
    struct folder **folders;
    size_t nfolders;
    struct engine *loose;   /* for open documents outside every folder: their own findings */
    struct doc **docs;
    size_t ndocs;
    struct deferred *deferred;
    size_t ndeferred;
    struct outgoing *outgoing;
    size_t noutgoing;
    long long next_id;
    json_t *cancelled;      /* ids cancelled before they were handled (array, owned) */
    int replied;            /* the request being handled got its reply (or was deferred) */
    int refresh_wanted;     /* workspace/diagnostic/refresh once the current batch is done */
    size_t pump_turn;       /* folders_pump: turns taken, to rotate the folder served first */
    char *spare[2];         /* writers' buffers kept for the next messages (owned, or NULL) */
    size_t spare_cap[2];    /* their sizes in bytes */
};

/* ---- server.c: replies, logging, requests to the client ------------------------------------- */

/** Starts w (uninitialised) as jsonw_init does, but with a buffer kept from an earlier writer
 *  when one is spare: a keystroke's messages then take no malloc of 4 KiB each. */
void server_jsonw_init(struct server *s, struct jsonw *w);

/** Ends w (as jsonw_free): its buffer is kept for server_jsonw_init when a place is free and it
 *  is at most 64 KiB, else freed. */
void server_jsonw_done(struct server *s, struct jsonw *w);

/** Sends msg_own to the client (the only way anything reaches it). */
void server_send(struct server *s, json_t *msg_own);

/** Replies to request id with result_own (NULL: null) / with an error. Marks the request answered. */
void server_reply(struct server *s, json_t *id, json_t *result_own);
void server_reply_error(struct server *s, json_t *id, int code, const char *message);

/** A reply written as text, for large results: server_reply_begin starts w (uninitialised) with
 *  the envelope of the reply to id, the caller writes exactly one value (the result) into w, and
 *  server_reply_end closes the envelope, sends it, frees w and marks the request answered. */
void server_reply_begin(struct server *s, json_t *id, struct jsonw *w);
void server_reply_end(struct server *s, struct jsonw *w);

/** A notification written as text: server_notify_begin starts w (uninitialised) with the
 *  envelope of method, the caller writes exactly one value (the params), and server_notify_end
 *  closes, sends and frees it. */
void server_notify_begin(struct server *s, const char *method, struct jsonw *w);
void server_notify_end(struct server *s, struct jsonw *w);

/** Sends a notification. */
void server_notify(struct server *s, const char *method, json_t *params_own);

/** Sends a request to the client and remembers it (kind OUT_*, ctx handed back with the answer). */
void server_request(struct server *s, const char *method, json_t *params_own, int kind, void *ctx);

/** Logs to stderr, and to the client: warnings and errors as window/logMessage; everything as
 *  $/logTrace when the client's trace level is on. level: 1 error, 2 warning, 3 info, 4 log. */
void server_log(struct server *s, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/** Current monotonic time in seconds. */
double server_now(void);

/** Debounce delay in seconds: the settings' `debounce`, else the first folder's configuration. */
double server_debounce(const struct server *s);

/* ---- dispatch.c ------------------------------------------------------------------------------ */

/** Handles one decoded message: lifecycle gate, method table, exactly one reply per request. */
void dispatch_message(struct server *s, struct rpc_message *m);

/** Keeps request m (taken: m is zeroed) to be handled again once every index is complete, or
 *  (textDocument/diagnostic) once indexing has run PARTIAL_AFTER. version: the document's version
 *  now (-1 when not open); a document changed meanwhile gets -32801 content modified. */
void server_defer(struct server *s, struct rpc_message *m, int64_t version);

/** Returns 1 when diagnostics or answers may be given for documents of f (NULL: outside every
 *  folder) now: its index is complete, or has been running `patience` seconds (PARTIAL_AFTER for
 *  diagnostics, REQUEST_PATIENCE for other requests). *partial says which; *wait (may be NULL)
 *  gets the seconds until they may, when not yet. */
int folder_answerable(const struct folder *f, double patience, int *partial, double *wait);

/** How long (seconds) a request with this method may wait for a folder's first index:
 *  PARTIAL_AFTER for textDocument/diagnostic, REQUEST_PATIENCE for the others. */
double folder_patience(const char *method);

/** The folder document d waits for: its own, or (while it is served by the loose engine) the
 *  folder still being opened that will take it. NULL when neither. */
struct folder *doc_folder(struct server *s, const struct doc *d);

/* ---- documents.c ---------------------------------------------------------------------------- */

/** Returns the open document with uri, or NULL. */
struct doc *doc_find(struct server *s, const char *uri);

/** Returns the open document of folder f at workspace-relative path rel, or NULL. */
struct doc *doc_find_rel(struct server *s, const struct folder *f, const char *rel);

/** Opens (or reopens) a document with text; files it in its folder's index. */
struct doc *doc_open(struct server *s, const char *uri, const char *text, size_t len,
                     int64_t version);

/** Replaces [start, end) of the document's text with repl; updates the line table. */
void doc_edit(struct doc *d, uint32_t start, uint32_t end, const char *repl, size_t n);

/** Files the document's current text in its folder's index and marks what it affects dirty. */
void doc_reanalyse(struct server *s, struct doc *d);

/** Frees a document's memory (nothing else: see doc_close). */
void doc_free(struct doc *d);

/** Closes a document: the disk copy counts again; its pushed diagnostics are cleared. */
void doc_close(struct server *s, struct doc *d);

/** Finds which folder's glossary holds the absolute path; sets *rel (new string). */
struct folder *folder_of_path(struct server *s, const char *path, char **rel);

/* ---- folders.c ------------------------------------------------------------------------------ */

/** Adds a workspace folder (uri, name) and starts indexing it (when the server is running). */
void folder_add(struct server *s, const char *uri);

/** Removes the folder with uri. */
void folder_remove(struct server *s, const char *uri);

/** Starts the initial index of every folder that has none yet. */
void folders_start(struct server *s);

/** Reopens every folder's engine (configuration or settings changed) and re-indexes. */
void folders_reload(struct server *s);

/** Files what the indexers have finished, a bounded share per call; finishes folders that are
 *  complete. Returns 1 when finished results are still waiting (call again soon), else 0. */
int folders_pump(struct server *s);

/** Returns the folder of the document a request's params.textDocument.uri names (NULL when none),
 *  and that document through *doc when it is open (else NULL). */
struct folder *folder_of_request(struct server *s, struct rpc_message *m, struct doc **doc);

/** Returns 1 when every folder's index is complete. */
int folders_ready(const struct server *s);

/** A file changed on disk (type 1 created, 2 changed, 3 deleted). */
void folders_file_event(struct server *s, const char *uri, int type);

/** Marks the open documents among affected (ids of folder f) dirty; notes when closed documents
 *  were affected (for workspace/diagnostic/refresh). */
void folders_affected(struct server *s, struct folder *f, const struct index_affected *affected);

/** Paranoid mode: rebuilds every index from scratch and aborts when a finding differs. */
void folders_paranoid_check(struct server *s);

/* ---- publish.c ------------------------------------------------------------------------------ */

/** Writes the document's diagnostics (a JSON array; severity from its configuration) as the next
 *  value of w; with local_only, its own findings only (no link checks: the index is incomplete). */
void publish_diagnostics_of(struct server *s, struct doc *d, int local_only, struct jsonw *w);

/** Pushes the diagnostics of every dirty document that is due (push mode), and sends
 *  workspace/diagnostic/refresh when wanted (pull mode). Returns seconds until the next is due,
 *  or -1 when none is pending. */
double publish_pending(struct server *s);

/** Handlers of textDocument/diagnostic and workspace/diagnostic. */
void publish_document_diagnostic(struct server *s, struct rpc_message *m);
void publish_workspace_diagnostic(struct server *s, struct rpc_message *m);

/* ---- handlers/ ------------------------------------------------------------------------------ */

void handle_initialize(struct server *s, struct rpc_message *m);
void handle_initialized(struct server *s, struct rpc_message *m);
void handle_shutdown(struct server *s, struct rpc_message *m);
void handle_exit(struct server *s, struct rpc_message *m);
void handle_set_trace(struct server *s, struct rpc_message *m);
void handle_did_open(struct server *s, struct rpc_message *m);
void handle_did_change(struct server *s, struct rpc_message *m);
void handle_did_close(struct server *s, struct rpc_message *m);
void handle_did_save(struct server *s, struct rpc_message *m);
void handle_did_change_folders(struct server *s, struct rpc_message *m);
void handle_did_change_watched(struct server *s, struct rpc_message *m);
void handle_did_change_configuration(struct server *s, struct rpc_message *m);

void handle_hover(struct server *s, struct rpc_message *m);
void handle_completion(struct server *s, struct rpc_message *m);
void handle_completion_resolve(struct server *s, struct rpc_message *m);
void handle_code_action(struct server *s, struct rpc_message *m);
void handle_prepare_rename(struct server *s, struct rpc_message *m);
void handle_rename(struct server *s, struct rpc_message *m);
void handle_will_rename_files(struct server *s, struct rpc_message *m);
void handle_definition(struct server *s, struct rpc_message *m);
void handle_references(struct server *s, struct rpc_message *m);
void handle_document_link(struct server *s, struct rpc_message *m);
void handle_document_symbol(struct server *s, struct rpc_message *m);
void handle_workspace_symbol(struct server *s, struct rpc_message *m);

/** Takes new client settings (settings_own, may be NULL): severities and debounce apply at once;
 *  anything else re-opens the folders and re-indexes. */
void server_apply_settings(struct server *s, json_t *settings_own);

/** Handles the client's answer to one of our requests. */
void handle_response(struct server *s, struct rpc_message *m);

#endif
