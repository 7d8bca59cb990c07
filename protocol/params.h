/* params.h — reading request parameters by path ("textDocument.uri", "contentChanges[2].range")
 * with a -32602 message that names exactly what is wrong ("params.position.line must be a
 * non-negative integer"). Must never crash on any JSON: every access checks the type first. */
#ifndef GLOSSARY_PARAMS_H
#define GLOSSARY_PARAMS_H

#include <jansson.h>
#include <stdint.h>

/* A reader over one message's params. The first failure is kept in error; later reads after a
 * failure keep failing, so a handler may read everything and check once. */
struct params {
    json_t *root;      /* borrowed */
    int failed;
    char error[256];   /* "params.textDocument.uri must be a string" */
};

/** Starts reading root (may be NULL: every required read then fails). */
void params_init(struct params *p, json_t *root);

/** Returns the value at path (dots for members, [n] for array items), or NULL when absent or when
 *  an intermediate value has the wrong type. Never fails the reader. */
json_t *params_get(json_t *root, const char *path);

/** Required reads: return 0 and store, or -1 (and fail the reader with a message naming
 *  "params.<path>"). Strings are borrowed from root and hold no NUL character (one that does
 *  fails: it would be cut short as a C string); ints must fit the target. */
int params_string(struct params *p, const char *path, const char **out);
/** A required string that may hold NUL characters (a document's text): its bytes and, in *len,
 *  its length. */
int params_text(struct params *p, const char *path, const char **out, size_t *len);
int params_object(struct params *p, const char *path, json_t **out);
int params_array(struct params *p, const char *path, json_t **out);
int params_int(struct params *p, const char *path, long long min, long long max, long long *out);
int params_uint32(struct params *p, const char *path, uint32_t *out);

/** Optional reads: absent (or null) leaves *out untouched and returns 1; a wrong type fails the
 *  reader and returns -1; present and right returns 0. */
int params_opt_string(struct params *p, const char *path, const char **out);
int params_opt_int(struct params *p, const char *path, long long min, long long max,
                   long long *out);
int params_opt_bool(struct params *p, const char *path, int *out);

/** Returns v's text when v is a JSON string without NUL characters, else NULL (for optional
 *  strings read outside a reader, such as the uris of a list). Borrowed from v. */
const char *params_cstring(json_t *v);

/** Fails the reader with "params.<path> <problem>" unless it already failed. Returns -1. */
int params_fail(struct params *p, const char *path, const char *problem);

#endif
