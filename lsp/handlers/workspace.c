/* workspace.c — workspace/didChangeWorkspaceFolders, didChangeWatchedFiles and
 * didChangeConfiguration. Must never re-index more than the change requires: a file event
 * touches one article, a configuration change its folders. */
#include <stdio.h>
#include <string.h>

#include "params.h"
#include "server_int.h"

void handle_did_change_folders(struct server *s, struct rpc_message *m)
{
    struct params p;
    params_init(&p, m->params);
    json_t *added, *removed;
    params_array(&p, "event.added", &added);
    params_array(&p, "event.removed", &removed);
    if (p.failed) {
        server_log(s, 2, "workspace/didChangeWorkspaceFolders ignored: %s", p.error);
        return;
    }
    size_t i;
    json_t *f;
    json_array_foreach(removed, i, f)
    {
        const char *uri = params_cstring(json_object_get(f, "uri"));
        if (uri) folder_remove(s, uri);
    }
    json_array_foreach(added, i, f)
    {
        const char *uri = params_cstring(json_object_get(f, "uri"));
        if (uri) folder_add(s, uri);
    }
}

void handle_did_change_watched(struct server *s, struct rpc_message *m)
{
    struct params p;
    params_init(&p, m->params);
    json_t *changes;
    if (params_array(&p, "changes", &changes) != 0) {
        server_log(s, 2, "workspace/didChangeWatchedFiles ignored: %s", p.error);
        return;
    }
    size_t i;
    json_t *c;
    json_array_foreach(changes, i, c)
    {
        const char *uri = params_cstring(json_object_get(c, "uri"));
        json_t *type = json_object_get(c, "type");
        if (!uri || !json_is_integer(type)) {
            server_log(s, 2, "workspace/didChangeWatchedFiles: params.changes[%zu] is malformed", i);
            continue;
        }
        folders_file_event(s, uri, (int)json_integer_value(type));
    }
}

void handle_did_change_configuration(struct server *s, struct rpc_message *m)
{
    if (s->cap_configuration) { /* the pull model: ask for the current settings */
        server_request(s, "workspace/configuration",
                       json_pack("{s:[{s:s}]}", "items", "section", "glossary"), OUT_CONFIGURATION,
                       NULL);
        return;
    }
    json_t *settings = params_get(m->params, "settings");
    json_t *inner = json_is_object(settings) ? json_object_get(settings, "glossary") : NULL;
    json_t *use = json_is_object(inner) ? inner : json_is_object(settings) ? settings : NULL;
    server_apply_settings(s, use ? json_incref(use) : NULL);
}
