/* value.c — constructors, lookup and comparison for the source-positioned value tree.
 * Must never parse text: parsers build trees through these constructors. */
#include "value.h"

#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *grow_cap(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return p;
    size_t n = *cap ? *cap * 2 : 4;
    while (n < need) n *= 2;
    *cap = n;
    return xrealloc(p, n * elem);
}

static struct value *new_kind(enum value_kind kind)
{
    struct value *v = xcalloc(1, sizeof *v);
    v->kind = kind;
    return v;
}

struct value *value_new_null(void)
{
    return new_kind(VALUE_NULL);
}

struct value *value_new_bool(int b)
{
    struct value *v = new_kind(VALUE_BOOL);
    v->u.boolean = b != 0;
    return v;
}

struct value *value_new_int(int64_t i)
{
    struct value *v = new_kind(VALUE_INT);
    v->u.integer = i;
    return v;
}

struct value *value_new_real(double d)
{
    struct value *v = new_kind(VALUE_REAL);
    v->u.real = d;
    return v;
}

struct value *value_new_string(const char *s, size_t len)
{
    struct value *v = new_kind(VALUE_STRING);
    v->u.string.ptr = xstrndup(s, len);
    v->u.string.len = len;
    return v;
}

struct value *value_new_array(void)
{
    return new_kind(VALUE_ARRAY);
}

struct value *value_new_object(void)
{
    return new_kind(VALUE_OBJECT);
}

void value_free(struct value *v)
{
    if (!v) return;
    switch (v->kind) {
    case VALUE_STRING:
        free(v->u.string.ptr);
        break;
    case VALUE_ARRAY:
        for (size_t i = 0; i < v->u.array.count; i++) value_free(v->u.array.items[i]);
        free(v->u.array.items);
        break;
    case VALUE_OBJECT:
        for (size_t i = 0; i < v->u.object.count; i++) {
            free(v->u.object.members[i].key);
            value_free(v->u.object.members[i].value);
        }
        free(v->u.object.members);
        break;
    default:
        break;
    }
    free(v);
}

void value_array_append(struct value *arr, struct value *item_own)
{
    arr->u.array.items = grow_cap(arr->u.array.items, &arr->u.array.cap, arr->u.array.count + 1,
                               sizeof *arr->u.array.items);
    arr->u.array.items[arr->u.array.count++] = item_own;
}

struct value_member *value_object_add(struct value *obj, const char *key, size_t key_len,
                                      uint32_t key_off, uint32_t key_src_len,
                                      struct value *value_own)
{
    obj->u.object.members = grow_cap(obj->u.object.members, &obj->u.object.cap,
                                  obj->u.object.count + 1, sizeof *obj->u.object.members);
    struct value_member *m = &obj->u.object.members[obj->u.object.count++];
    m->key = xstrndup(key, key_len);
    m->key_len = key_len;
    m->key_off = key_off;
    m->key_src_len = key_src_len;
    m->value = value_own;
    return m;
}

const struct value_member *value_object_member(const struct value *obj, const char *key)
{
    if (!obj || obj->kind != VALUE_OBJECT) return NULL;
    size_t n = strlen(key);
    for (size_t i = 0; i < obj->u.object.count; i++) {
        const struct value_member *m = &obj->u.object.members[i];
        if (m->key_len == n && memcmp(m->key, key, n) == 0) return m;
    }
    return NULL;
}

const struct value *value_object_get(const struct value *obj, const char *key)
{
    const struct value_member *m = value_object_member(obj, key);
    return m ? m->value : NULL;
}

const char *value_kind_name(enum value_kind kind)
{
    switch (kind) {
    case VALUE_NULL:
        return "null";
    case VALUE_BOOL:
        return "boolean";
    case VALUE_INT:
        return "integer";
    case VALUE_REAL:
        return "number";
    case VALUE_STRING:
        return "string";
    case VALUE_ARRAY:
        return "array";
    case VALUE_OBJECT:
        return "object";
    }
    return "value";
}

static int is_number(const struct value *v)
{
    return v->kind == VALUE_INT || v->kind == VALUE_REAL;
}

static double as_real(const struct value *v)
{
    return v->kind == VALUE_INT ? (double)v->u.integer : v->u.real;
}

int value_equal(const struct value *a, const struct value *b)
{
    if (is_number(a) && is_number(b)) {
        if (a->kind == VALUE_INT && b->kind == VALUE_INT) return a->u.integer == b->u.integer;
        return as_real(a) == as_real(b);
    }
    if (a->kind != b->kind) return 0;
    switch (a->kind) {
    case VALUE_NULL:
        return 1;
    case VALUE_BOOL:
        return a->u.boolean == b->u.boolean;
    case VALUE_STRING:
        return a->u.string.len == b->u.string.len &&
               memcmp(a->u.string.ptr, b->u.string.ptr, a->u.string.len) == 0;
    case VALUE_ARRAY:
        if (a->u.array.count != b->u.array.count) return 0;
        for (size_t i = 0; i < a->u.array.count; i++)
            if (!value_equal(a->u.array.items[i], b->u.array.items[i])) return 0;
        return 1;
    case VALUE_OBJECT:
        if (a->u.object.count != b->u.object.count) return 0;
        for (size_t i = 0; i < a->u.object.count; i++) {
            const struct value_member *m = &a->u.object.members[i];
            const struct value_member *n = &b->u.object.members[i];
            /* Same key at the same place (the common case, and the only sane reading of
             * duplicate keys); otherwise look the key up. */
            const struct value *other =
                (m->key_len == n->key_len && memcmp(m->key, n->key, m->key_len) == 0)
                    ? n->value
                    : value_object_get(b, m->key);
            if (!other || !value_equal(m->value, other)) return 0;
        }
        return 1;
    default:
        return 0;
    }
}

struct value *value_dup(const struct value *v)
{
    if (!v) return NULL;
    struct value *c;
    switch (v->kind) {
    case VALUE_STRING:
        c = value_new_string(v->u.string.ptr, v->u.string.len);
        break;
    case VALUE_ARRAY:
        c = value_new_array();
        for (size_t i = 0; i < v->u.array.count; i++)
            value_array_append(c, value_dup(v->u.array.items[i]));
        break;
    case VALUE_OBJECT:
        c = value_new_object();
        for (size_t i = 0; i < v->u.object.count; i++) {
            const struct value_member *m = &v->u.object.members[i];
            value_object_add(c, m->key, m->key_len, m->key_off, m->key_src_len,
                             value_dup(m->value));
        }
        break;
    default:
        c = new_kind(v->kind);
        c->u = v->u;
        break;
    }
    c->off = v->off;
    c->len = v->len;
    return c;
}
