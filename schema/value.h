/* value.h — a JSON-shaped value tree that remembers where each key and value sits in its source.
 * It is the common currency of YAML front matter, .glossary.yaml and JSON Schemas, so the validator
 * and the config reader need not know which parser produced a tree.
 * Must never do I/O or depend on any parser: it is plain data with constructors. */
#ifndef GLOSSARY_VALUE_H
#define GLOSSARY_VALUE_H

#include <stddef.h>
#include <stdint.h>

enum value_kind {
    VALUE_NULL,
    VALUE_BOOL,
    VALUE_INT,
    VALUE_REAL,
    VALUE_STRING,
    VALUE_ARRAY,
    VALUE_OBJECT,
};

struct value;

/* One key of an object, in source order. Duplicate keys are kept (the parser reports them). */
struct value_member {
    char *key;          /* NUL-terminated UTF-8, owned by the tree */
    size_t key_len;     /* bytes, without the NUL */
    uint32_t key_off;   /* byte range of the key as written in the source */
    uint32_t key_src_len;
    struct value *value; /* owned by the tree, never NULL */
};

struct value {
    enum value_kind kind;
    uint32_t off; /* byte range of the value as written in the source; 0,0 when unknown */
    uint32_t len;
    union {
        int boolean;
        int64_t integer;
        double real;
        struct {
            char *ptr; /* NUL-terminated UTF-8, may hold embedded NULs (see len) */
            size_t len;
        } string;
        struct {
            struct value **items;
            size_t count;
            size_t cap;
        } array;
        struct {
            struct value_member *members;
            size_t count;
            size_t cap;
        } object;
    } u;
};

/** Constructors. Each returns a new node the caller owns (free with value_free), with off = len = 0.
 *  value_new_string copies len bytes from s and adds a NUL. Out of memory aborts the program. */
struct value *value_new_null(void);
struct value *value_new_bool(int b);
struct value *value_new_int(int64_t i);
struct value *value_new_real(double d);
struct value *value_new_string(const char *s, size_t len);
struct value *value_new_array(void);
struct value *value_new_object(void);

/** Frees v and everything below it. value_free(NULL) is a no-op. */
void value_free(struct value *v);

/** Appends item_own to the array arr (arr must be VALUE_ARRAY). Takes ownership of item_own. */
void value_array_append(struct value *arr, struct value *item_own);

/** Appends a member to the object obj (must be VALUE_OBJECT): copies key (key_len bytes), takes
 *  ownership of value_own. key_off/key_src_len locate the key in the source. Returns the member,
 *  valid until the next append to obj. Duplicate keys are appended, not merged. */
struct value_member *value_object_add(struct value *obj, const char *key, size_t key_len,
                                      uint32_t key_off, uint32_t key_src_len,
                                      struct value *value_own);

/** Returns the value of the FIRST member named key (NUL-terminated) of obj, or NULL when obj is not
 *  an object or has no such key. Borrowed: lives as long as obj. */
const struct value *value_object_get(const struct value *obj, const char *key);

/** Same as value_object_get but returns the member (for its key position). */
const struct value_member *value_object_member(const struct value *obj, const char *key);

/** Returns a static English name of the kind for messages: "null", "boolean", "integer",
 *  "number", "string", "array", "object". */
const char *value_kind_name(enum value_kind kind);

/** Deep structural equality as JSON sees it (object member order ignored; 1 == 1.0).
 *  Returns 1 when equal, 0 otherwise. Positions are ignored. */
int value_equal(const struct value *a, const struct value *b);

/** Returns a deep copy of v (positions kept). The caller owns it. value_dup(NULL) is NULL. */
struct value *value_dup(const struct value *v);

#endif
