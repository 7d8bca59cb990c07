/* jsonrpc.c — JSON-RPC 2.0 envelopes over jansson. Must never reply to a notification or lose the
 * exact type and value of a request id. */
#include "jsonrpc.h"

#include <stdio.h>
#include <string.h>

int rpc_decode(const char *body, size_t len, struct rpc_message *out, json_t **bad_id, char *err,
               size_t err_size)
{
    *bad_id = NULL;
    json_error_t jerr;
    /* "\u0000" is legal JSON (a document may hold NULs); params.c refuses it where a C string
     * is read */
    json_t *root = json_loadb(body, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (!root) {
        snprintf(err, err_size, "invalid JSON: %s (line %d, column %d)", jerr.text, jerr.line,
                 jerr.column);
        return RPC_PARSE_ERROR;
    }
    int rc = RPC_INVALID_REQUEST;
    if (json_is_array(root)) {
        snprintf(err, err_size, "batch messages are not supported by the Language Server Protocol");
        goto fail;
    }
    if (!json_is_object(root)) {
        snprintf(err, err_size, "a message must be a JSON object");
        goto fail;
    }
    json_t *id = json_object_get(root, "id");
    if (id && (json_is_integer(id) || json_is_string(id))) *bad_id = json_incref(id);
    json_t *version = json_object_get(root, "jsonrpc");
    if (!json_is_string(version) || strcmp(json_string_value(version), "2.0") != 0) {
        snprintf(err, err_size, "'jsonrpc' must be \"2.0\"");
        goto fail;
    }
    if (id && !json_is_integer(id) && !json_is_string(id) && !json_is_null(id)) {
        snprintf(err, err_size, "'id' must be an integer or a string");
        goto fail;
    }
    json_t *method = json_object_get(root, "method");
    json_t *params = json_object_get(root, "params");
    memset(out, 0, sizeof *out);
    if (method) {
        if (!json_is_string(method)) {
            snprintf(err, err_size, "'method' must be a string");
            goto fail;
        }
        if (strlen(json_string_value(method)) != json_string_length(method)) {
            snprintf(err, err_size, "'method' must not contain NUL characters");
            goto fail;
        }
        if (params && !json_is_object(params) && !json_is_array(params)) {
            snprintf(err, err_size, "'params' must be an object or an array");
            goto fail;
        }
        if (id && json_is_null(id)) {
            snprintf(err, err_size, "a request 'id' must not be null");
            goto fail;
        }
        out->kind = id ? RPC_REQUEST : RPC_NOTIFICATION;
        out->method = json_string_value(method);
        out->params = params;
    } else if (id && (json_object_get(root, "result") || json_object_get(root, "error"))) {
        out->kind = RPC_RESPONSE;
        out->result = json_object_get(root, "result");
        out->error = json_object_get(root, "error");
    } else {
        snprintf(err, err_size, "a message needs a 'method' (request or notification) or a "
                                "'result'/'error' (response)");
        goto fail;
    }
    out->root = root;
    out->id = id;
    json_decref(*bad_id);
    *bad_id = NULL;
    return 0;
fail:
    json_decref(root);
    return rc;
}

void rpc_message_free(struct rpc_message *m)
{
    json_decref(m->root);
    memset(m, 0, sizeof *m);
}

json_t *rpc_result(json_t *id, json_t *result_own)
{
    return json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id, "result",
                     result_own ? result_own : json_null());
}

json_t *rpc_error_reply(json_t *id, int code, const char *message, json_t *data_own)
{
    json_t *error = json_pack("{s:i,s:s%}", "code", code, "message", message, strlen(message));
    if (!error) error = json_pack("{s:i,s:s}", "code", code, "message", "(unprintable message)");
    if (data_own) json_object_set_new(error, "data", data_own);
    return json_pack("{s:s,s:O,s:o}", "jsonrpc", "2.0", "id", id ? id : json_null(), "error",
                     error);
}

json_t *rpc_notification(const char *method, json_t *params_own)
{
    json_t *m = json_pack("{s:s,s:s}", "jsonrpc", "2.0", "method", method);
    if (params_own) json_object_set_new(m, "params", params_own);
    return m;
}

json_t *rpc_request(long long id, const char *method, json_t *params_own)
{
    json_t *m = json_pack("{s:s,s:I,s:s}", "jsonrpc", "2.0", "id", (json_int_t)id, "method", method);
    if (params_own) json_object_set_new(m, "params", params_own);
    return m;
}
