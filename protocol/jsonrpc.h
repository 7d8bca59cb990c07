/* jsonrpc.h — JSON-RPC 2.0 messages: decoding a frame body into a request, notification or
 * response (ids kept exactly as sent), and building replies, notifications and requests.
 * Must never know what a method means: dispatch is the server's business. */
#ifndef GLOSSARY_JSONRPC_H
#define GLOSSARY_JSONRPC_H

#include <jansson.h>
#include <stddef.h>

/* JSON-RPC and LSP error codes. */
enum rpc_error {
    RPC_PARSE_ERROR = -32700,
    RPC_INVALID_REQUEST = -32600,
    RPC_METHOD_NOT_FOUND = -32601,
    RPC_INVALID_PARAMS = -32602,
    RPC_INTERNAL_ERROR = -32603,
    RPC_SERVER_NOT_INITIALIZED = -32002,
    RPC_REQUEST_FAILED = -32803,
    RPC_SERVER_CANCELLED = -32802,
    RPC_CONTENT_MODIFIED = -32801,
    RPC_REQUEST_CANCELLED = -32800,
};

enum rpc_kind {
    RPC_REQUEST,      /* method + id */
    RPC_NOTIFICATION, /* method, no id */
    RPC_RESPONSE,     /* id + result or error */
};

struct rpc_message {
    enum rpc_kind kind;
    json_t *root;       /* owned: the whole decoded message */
    json_t *id;         /* borrowed from root: integer or string (NULL for notifications) */
    const char *method; /* borrowed from root (NULL for responses) */
    json_t *params;     /* borrowed: object or array, or NULL when absent */
    json_t *result;     /* responses: borrowed result, or NULL */
    json_t *error;      /* responses: borrowed error object, or NULL */
};

/** Decodes a frame body. Returns 0 and fills *out (free with rpc_message_free); or a negative
 *  enum rpc_error with a sentence in err: RPC_PARSE_ERROR for invalid JSON (or not UTF-8),
 *  RPC_INVALID_REQUEST for a batch (JSON array), a non-object, a wrong "jsonrpc", an id that is
 *  not an integer or string, a method that is not a string (or holds a NUL), params that are not
 *  structured. Strings may hold NUL characters ("\u0000"): read them through params.h. When the
 *  message had a usable id, *bad_id gets a new reference to it (else NULL) for the error reply. */
int rpc_decode(const char *body, size_t len, struct rpc_message *out, json_t **bad_id, char *err,
               size_t err_size);

/** Frees what rpc_decode gave. */
void rpc_message_free(struct rpc_message *m);

/** Returns a new response {jsonrpc, id, result}; takes result_own (NULL means JSON null). id is
 *  borrowed (copied). */
json_t *rpc_result(json_t *id, json_t *result_own);

/** Returns a new error response {jsonrpc, id (null when NULL), error: {code, message, data?}};
 *  takes data_own (may be NULL). */
json_t *rpc_error_reply(json_t *id, int code, const char *message, json_t *data_own);

/** Returns a new notification {jsonrpc, method, params?}; takes params_own (may be NULL). */
json_t *rpc_notification(const char *method, json_t *params_own);

/** Returns a new request {jsonrpc, id, method, params?} with an integer id; takes params_own. */
json_t *rpc_request(long long id, const char *method, json_t *params_own);

#endif
