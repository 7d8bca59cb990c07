/* lookup.h — what a request's position points at: the open document, its article summary in its
 * engine, the byte offset, the link under the cursor and where it leads; plus URIs and ranges of
 * other articles, answered from the index without reading files.
 * Must never convert a position except through text.c (open documents) or summary ranges. */
#ifndef GLOSSARY_LOOKUP_H
#define GLOSSARY_LOOKUP_H

#include <jansson.h>

#include "server_int.h"

struct lookup {
    struct doc *doc;
    struct engine *engine;          /* the document's engine (its folder's, or the loose one) */
    uint32_t id;                    /* the document's index id, or INDEX_NONE */
    const struct summary *sum;      /* its summary (borrowed), or NULL */
    uint32_t off;                   /* byte offset of the position */
    const struct summary_link *link; /* the internal link under the position, or NULL */
};

/** Reads params.textDocument.uri and params.position. Returns 0 and fills *out; 1 when the
 *  document is not open (or not an article): the caller answers null; -1 after replying -32602 to
 *  bad params. */
int lookup_position(struct server *s, struct rpc_message *m, struct lookup *out);

/** Reads params.textDocument.uri and fills *out for that open document (no position). Returns 0,
 *  1 when it is not open (or not an article), -1 after replying -32602 to bad params. */
int lookup_open_document(struct server *s, struct rpc_message *m, struct lookup *out);

/** Fills *out for the open document d without a position (off = 0, link = NULL). Returns 0, or 1
 *  when d has no summary. */
int lookup_document(struct server *s, struct doc *d, struct lookup *out);

/** Returns the new file:// URI of the article at workspace-relative rel in e. */
char *lookup_uri(const struct engine *e, const char *rel);

/** Returns a new LSP Range of a precomputed summary range in the session's encoding. */
json_t *lookup_range(const struct server *s, const struct summary_range *r);

/** Writes the LSP Range of a precomputed summary range into w (as lookup_range, as text). */
void lookup_write_range(const struct server *s, struct jsonw *w, const struct summary_range *r);

/** Writes an LSP Location {uri, range} into w. */
void lookup_write_location(const struct server *s, struct jsonw *w, const char *uri,
                           const struct summary_range *r);

/** Writes the members "uri" (uri) and "version" (the open document d's version; null when d is
 *  NULL, a document the client has not opened) into the open object of w: the identifier of a
 *  document version, as in a rename's documentChanges or a workspace diagnostic report. */
void lookup_write_document(struct jsonw *w, const char *uri, const struct doc *d);

/** Returns a new LSP Range of span in the open document d. */
json_t *lookup_doc_range(const struct server *s, const struct doc *d, struct span span);

/** Returns 1 when the client capability at `path` (dotted, to an array of strings) lists `name`. */
int lookup_client_lists(const struct server *s, const char *path, const char *name);

/** Returns 1 when the client accepts Markdown in `kinds` (a capability path to an array of
 *  MarkupKind, e.g. "textDocument.hover.contentFormat"). */
int lookup_markdown(const struct server *s, const char *kinds);

#endif
