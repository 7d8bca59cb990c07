/* jsonw.h — a JSON text writer: appends compact JSON to a growing buffer, value by value, for the
 * answers too large to build as a jansson tree first (references, rename edits, completion lists:
 * thousands of small objects that jansson would allocate, dump once and free one by one).
 * Commas and colons are placed by the writer; strings are escaped as jansson escapes them.
 * Must never emit invalid JSON or invalid UTF-8 for any input bytes: a string's malformed UTF-8
 * becomes U+FFFD. Nesting deeper than JSONW_MAX_DEPTH, or a key outside an object, is a bug of
 * the caller and aborts. */
#ifndef GLOSSARY_JSONW_H
#define GLOSSARY_JSONW_H

#include <jansson.h>
#include <stddef.h>

#define JSONW_MAX_DEPTH 32

struct jsonw {
    char *p;           /* owned: the text so far (not NUL-terminated) */
    size_t len, cap;   /* bytes */
    int depth;         /* open containers */
    unsigned char first[JSONW_MAX_DEPTH + 1]; /* per depth: no value written in it yet */
    unsigned char in_object[JSONW_MAX_DEPTH + 1];
    int after_key;     /* a key was written: the next value follows its colon */
    int indent;        /* spaces per level of an indented layout; 0: compact */
};

/** Starts an empty writer of compact JSON (jansson's JSON_COMPACT). Free it with jsonw_free. */
void jsonw_init(struct jsonw *w);

/** Starts an empty writer laid out as jansson's JSON_INDENT(indent) dump (1..31): each member or
 *  item on a line of its own, indent spaces deeper per level, ": " after keys, and empty
 *  containers as "{}" and "[]". jsonw_json and jsonw_raw put their text compact as it is. */
void jsonw_init_indented(struct jsonw *w, int indent);

/** Drops the text written so far (w->p[0..w->len)) but keeps the open containers, for a caller
 *  that has sent that text on and continues the same value: a long report written part by part.
 *  With no container open, the writer is as new for the next value, its buffer kept. */
void jsonw_clear_text(struct jsonw *w);

/** Frees the buffer; w may be initialised again. */
void jsonw_free(struct jsonw *w);

/** As jsonw_init, but writes into buf (cap bytes from malloc, cap >= 1; ownership passes to w),
 *  for a caller that keeps a buffer from message to message instead of a malloc of 4 KiB each.
 *  buf NULL: as jsonw_init. */
void jsonw_init_buffer(struct jsonw *w, char *buf, size_t cap);

/** Ends w like jsonw_free but hands its buffer to the caller instead of freeing it: returns it
 *  (owned, to be freed or given to jsonw_init_buffer) and its capacity in *cap, in bytes. */
char *jsonw_release(struct jsonw *w, size_t *cap);

void jsonw_begin_object(struct jsonw *w);
void jsonw_end_object(struct jsonw *w);
void jsonw_begin_array(struct jsonw *w);
void jsonw_end_array(struct jsonw *w);

/** Writes an object member's key (NUL-terminated, escaped like any string). */
void jsonw_key(struct jsonw *w, const char *key);

/** Writes a string of n bytes (may hold NUL, which becomes \u0000). */
void jsonw_string_n(struct jsonw *w, const char *s, size_t n);

/** Writes a NUL-terminated string; NULL writes null. */
void jsonw_string(struct jsonw *w, const char *s);

void jsonw_int(struct jsonw *w, long long v);

/** Writes v in decimal at out (room for JSONW_INT_MAX bytes, no NUL); returns the length. For a
 *  caller that formats a whole small value at once (an LSP range) and writes it with jsonw_raw. */
#define JSONW_INT_MAX 20
size_t jsonw_format_int(char *out, long long v);
void jsonw_bool(struct jsonw *w, int v);
void jsonw_null(struct jsonw *w);

/** Writes a jansson value (borrowed; NULL writes null) as compact JSON, for the small parts of a
 *  large answer that are already jansson values (a request id, a resource operation). */
void jsonw_json(struct jsonw *w, const json_t *v);

/** Writes text that is already one complete JSON value (the caller vouches for it). */
void jsonw_raw(struct jsonw *w, const char *text, size_t n);

#endif
