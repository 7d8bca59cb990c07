/* schema.c — compiles a JSON Schema document (a value tree) once into linked nodes: `$ref`s
 * resolved to node pointers (cycles allowed), regexes compiled, keywords typed; and answers what
 * the schema says about a property. Must never fail: a malformed keyword is a problem, skipped. */
#include "schema_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ere.h"
#include "xalloc.h"

#define MAX_COMPILE_DEPTH 128

struct compiler {
    struct schema *s;
    struct schema_problems *problems;
    const struct value **seen_docs; /* schema objects already compiled, parallel to s->nodes */
};

static void problem(struct compiler *c, const struct value *at, const char *fmt, const char *arg)
{
    if (!c->problems) return;
    char msg[400];
    snprintf(msg, sizeof msg, fmt, arg);
    c->problems->items = xgrow(c->problems->items, c->problems->count, sizeof *c->problems->items);
    struct schema_problem *p = &c->problems->items[c->problems->count++];
    p->message = xstrdup(msg);
    p->off = at ? at->off : 0;
    p->len = at ? at->len : 0;
}

static struct snode *new_node(struct compiler *c, const struct value *doc)
{
    struct snode *n = xcalloc(1, sizeof *n);
    n->id = c->s->nnodes;
    n->doc = doc;
    n->boolean = -1;
    n->min_length = n->max_length = n->min_items = n->max_items = -1;
    n->min_props = n->max_props = -1;
    c->s->nodes = xgrow(c->s->nodes, c->s->nnodes, sizeof *c->s->nodes);
    c->seen_docs = xgrow(c->seen_docs, c->s->nnodes, sizeof *c->seen_docs);
    c->s->nodes[c->s->nnodes] = n;
    c->seen_docs[c->s->nnodes] = doc;
    c->s->nnodes++;
    return n;
}

/* ---- $ref ---------------------------------------------------------------------------------- */

/* Follows a JSON pointer ("/$defs/x", with ~0 ~1 and %-escapes) from the document root. */
static const struct value *pointer(const struct value *root, const char *p)
{
    const struct value *v = root;
    while (*p == '/') {
        p++;
        char seg[256];
        size_t n = 0;
        while (*p && *p != '/' && n + 1 < sizeof seg) {
            if (p[0] == '~' && p[1] == '0') {
                seg[n++] = '~';
                p += 2;
            } else if (p[0] == '~' && p[1] == '1') {
                seg[n++] = '/';
                p += 2;
            } else {
                seg[n++] = *p++;
            }
        }
        seg[n] = '\0';
        if (v->kind == VALUE_OBJECT) {
            v = value_object_get(v, seg);
        } else if (v->kind == VALUE_ARRAY) {
            char *end;
            unsigned long i = strtoul(seg, &end, 10);
            v = (*seg && !*end && i < v->u.array.count) ? v->u.array.items[i] : NULL;
        } else {
            v = NULL;
        }
        if (!v) return NULL;
    }
    return *p ? NULL : v;
}

/* Finds the schema object with "$anchor": name anywhere in the document (bounded depth). */
static const struct value *anchor(const struct value *v, const char *name, int depth)
{
    if (depth > MAX_COMPILE_DEPTH) return NULL;
    if (v->kind == VALUE_OBJECT) {
        const struct value *a = value_object_get(v, "$anchor");
        if (a && a->kind == VALUE_STRING && strcmp(a->u.string.ptr, name) == 0) return v;
        for (size_t i = 0; i < v->u.object.count; i++) {
            const struct value *f = anchor(v->u.object.members[i].value, name, depth + 1);
            if (f) return f;
        }
    } else if (v->kind == VALUE_ARRAY) {
        for (size_t i = 0; i < v->u.array.count; i++) {
            const struct value *f = anchor(v->u.array.items[i], name, depth + 1);
            if (f) return f;
        }
    }
    return NULL;
}

/* ---- compiling ----------------------------------------------------------------------------- */

static struct snode *compile(struct compiler *c, const struct value *doc, int depth);

/* 1 when d is a whole number (JSON Schema's integer), converting to int64_t only in its range. */
static int is_whole(double d)
{
    if (d != d || d - d != 0) return 0; /* NaN, infinities */
    if (d >= 9007199254740992.0 || d <= -9007199254740992.0) return 1; /* 2^53: no fractions */
    return d == (double)(int64_t)d;
}

static int64_t read_count(struct compiler *c, const struct value *doc, const char *key)
{
    const struct value *v = value_object_get(doc, key);
    if (!v) return -1;
    if (v->kind == VALUE_INT && v->u.integer >= 0) return v->u.integer;
    if (v->kind == VALUE_REAL && v->u.real >= 0 && is_whole(v->u.real))
        return v->u.real >= 9223372036854775808.0 ? INT64_MAX : (int64_t)v->u.real;
    problem(c, v, "'%s' must be a non-negative integer; it is ignored", key);
    return -1;
}

static int read_number(const struct value *doc, const char *key, double *out)
{
    const struct value *v = value_object_get(doc, key);
    if (!v) return 0;
    if (v->kind == VALUE_INT) *out = (double)v->u.integer;
    else if (v->kind == VALUE_REAL) *out = v->u.real;
    else return 0;
    return 1;
}

static unsigned type_bit(const char *name)
{
    static const char *const names[] = {"null",   "boolean", "object", "array",
                                        "number", "string",  "integer"};
    for (unsigned i = 0; i < 7; i++)
        if (strcmp(name, names[i]) == 0) return 1u << i;
    return 0;
}

static void read_types(struct compiler *c, struct snode *n, const struct value *t)
{
    if (t->kind == VALUE_STRING) {
        n->types = type_bit(t->u.string.ptr);
        if (!n->types) problem(c, t, "Unknown type '%s' in 'type'; it is ignored", t->u.string.ptr);
        return;
    }
    if (t->kind == VALUE_ARRAY) {
        for (size_t i = 0; i < t->u.array.count; i++) {
            const struct value *x = t->u.array.items[i];
            unsigned b = x->kind == VALUE_STRING ? type_bit(x->u.string.ptr) : 0;
            if (!b) problem(c, x, "%s", "An entry of 'type' is not a JSON Schema type name");
            n->types |= b;
        }
        return;
    }
    problem(c, t, "%s", "'type' must be a type name or a list of them; it is ignored");
}

/* Translates ECMA-262 escapes into POSIX ERE and compiles. Returns 0 or -1 (problem recorded). */
static int compile_regex(struct compiler *c, const struct value *src, regex_t *re)
{
    const char *p = src->u.string.ptr;
    size_t n = src->u.string.len;
    char *out = xmalloc(n * 14 + 1);
    size_t o = 0;
    int in_class = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = p[i];
        if (ch == '\\' && i + 1 < n) {
            char e = p[++i];
            const char *rep = NULL;
            switch (e) {
            case 'd': rep = in_class ? "0-9" : "[0-9]"; break;
            case 'w': rep = in_class ? "A-Za-z0-9_" : "[A-Za-z0-9_]"; break;
            case 's': rep = in_class ? "[:space:]" : "[[:space:]]"; break;
            case 'D': rep = in_class ? NULL : "[^0-9]"; break;
            case 'W': rep = in_class ? NULL : "[^A-Za-z0-9_]"; break;
            case 'S': rep = in_class ? NULL : "[^[:space:]]"; break;
            case 'n': rep = "\n"; break;
            case 't': rep = "\t"; break;
            case '/': rep = "/"; break;
            case '-': rep = in_class ? "-" : "\\-"; break;
            default: break;
            }
            if (!rep && (e == 'D' || e == 'W' || e == 'S')) {
                free(out);
                problem(c, src, "The pattern '%s' uses a negated class escape inside [...], "
                                "which POSIX regexes cannot express; it is ignored",
                        p);
                return -1;
            }
            if (rep) {
                memcpy(out + o, rep, strlen(rep));
                o += strlen(rep);
            } else if (in_class) {
                out[o++] = e; /* POSIX brackets have no escapes: the character itself */
            } else {
                out[o++] = '\\';
                out[o++] = e;
            }
            continue;
        }
        if (ch == '[' && !in_class) in_class = 1;
        else if (ch == ']' && in_class) in_class = 0;
        out[o++] = ch;
    }
    out[o] = '\0';
    char why[160], msg[400];
    if (ere_check(out, why, sizeof why) != 0) {
        free(out);
        snprintf(msg, sizeof msg, "The pattern '%.200s' %s; it is ignored", p, why);
        problem(c, src, "%s", msg);
        return -1;
    }
    int rc = regcomp(re, out, REG_EXTENDED | REG_NOSUB);
    free(out);
    if (rc != 0) {
        problem(c, src, "The pattern '%s' is not a valid POSIX extended regex; it is ignored", p);
        return -1;
    }
    return 0;
}

static struct snode **compile_list(struct compiler *c, const struct value *v, const char *key,
                                   size_t *n, int depth)
{
    *n = 0;
    if (!v) return NULL;
    if (v->kind != VALUE_ARRAY || !v->u.array.count) {
        problem(c, v, "'%s' must be a non-empty list of schemas; it is ignored", key);
        return NULL;
    }
    struct snode **out = xcalloc(v->u.array.count, sizeof *out);
    for (size_t i = 0; i < v->u.array.count; i++) out[(*n)++] = compile(c, v->u.array.items[i], depth + 1);
    return out;
}

static void compile_ref(struct compiler *c, struct snode *n, const struct value *ref, int depth)
{
    if (ref->kind != VALUE_STRING) {
        problem(c, ref, "%s", "'$ref' must be a string; it is ignored");
        return;
    }
    const char *r = ref->u.string.ptr;
    const struct value *target = NULL;
    if (r[0] == '#' && (r[1] == '\0' || r[1] == '/'))
        target = pointer(c->s->doc, r + 1);
    else if (r[0] == '#')
        target = anchor(c->s->doc, r + 1, 0);
    if (!target) {
        problem(c, ref, "'$ref' '%s' does not point into this schema; it is ignored", r);
        return;
    }
    n->ref = compile(c, target, depth + 1);
}

static void compile_object(struct compiler *c, struct snode *n, const struct value *d, int depth)
{
    const struct value *v;
    if ((v = value_object_get(d, "$ref"))) compile_ref(c, n, v, depth);
    if ((v = value_object_get(d, "type"))) read_types(c, n, v);
    if ((v = value_object_get(d, "properties"))) {
        if (v->kind != VALUE_OBJECT) {
            problem(c, v, "%s", "'properties' must be an object; it is ignored");
        } else {
            n->props = xcalloc(v->u.object.count + 1, sizeof *n->props);
            for (size_t i = 0; i < v->u.object.count; i++) {
                n->props[i].name = v->u.object.members[i].key;
                n->props[i].schema = compile(c, v->u.object.members[i].value, depth + 1);
            }
            n->nprops = v->u.object.count;
        }
    }
    if ((v = value_object_get(d, "patternProperties")) && v->kind == VALUE_OBJECT) {
        n->pattern_props = xcalloc(v->u.object.count + 1, sizeof *n->pattern_props);
        for (size_t i = 0; i < v->u.object.count; i++) {
            const struct value_member *m = &v->u.object.members[i];
            struct value key = {0};
            key.kind = VALUE_STRING;
            key.u.string.ptr = m->key;
            key.u.string.len = m->key_len;
            key.off = m->key_off;
            key.len = m->key_src_len;
            struct spattern *pp = &n->pattern_props[n->npattern_props];
            if (compile_regex(c, &key, &pp->re) != 0) continue;
            pp->source = m->key;
            pp->schema = compile(c, m->value, depth + 1);
            n->npattern_props++;
        }
    }
    if ((v = value_object_get(d, "additionalProperties"))) n->additional = compile(c, v, depth + 1);
    if ((v = value_object_get(d, "propertyNames"))) n->property_names = compile(c, v, depth + 1);
    if ((v = value_object_get(d, "required"))) {
        if (v->kind != VALUE_ARRAY) {
            problem(c, v, "%s", "'required' must be a list of key names; it is ignored");
        } else {
            n->required = xcalloc(v->u.array.count + 1, sizeof *n->required);
            for (size_t i = 0; i < v->u.array.count; i++)
                if (v->u.array.items[i]->kind == VALUE_STRING)
                    n->required[n->nrequired++] = v->u.array.items[i]->u.string.ptr;
        }
    }
    if ((v = value_object_get(d, "enum"))) {
        if (v->kind == VALUE_ARRAY)
            n->enum_values = v;
        else
            problem(c, v, "%s", "'enum' must be a list; it is ignored");
    }
    n->const_value = value_object_get(d, "const");
    if ((v = value_object_get(d, "pattern"))) {
        if (v->kind != VALUE_STRING) {
            problem(c, v, "%s", "'pattern' must be a string; it is ignored");
        } else {
            n->pattern = xcalloc(1, sizeof *n->pattern);
            n->pattern->source = v->u.string.ptr;
            if (compile_regex(c, v, &n->pattern->re) != 0) {
                free(n->pattern);
                n->pattern = NULL;
            }
        }
    }
    n->min_length = read_count(c, d, "minLength");
    n->max_length = read_count(c, d, "maxLength");
    n->min_items = read_count(c, d, "minItems");
    n->max_items = read_count(c, d, "maxItems");
    n->min_props = read_count(c, d, "minProperties");
    n->max_props = read_count(c, d, "maxProperties");
    v = value_object_get(d, "uniqueItems");
    n->unique_items = v && v->kind == VALUE_BOOL && v->u.boolean;
    if ((v = value_object_get(d, "items"))) {
        if (v->kind == VALUE_ARRAY) /* draft-07 tuple form */
            n->prefix_items = compile_list(c, v, "items", &n->nprefix_items, depth);
        else
            n->items = compile(c, v, depth + 1);
    }
    if ((v = value_object_get(d, "prefixItems")))
        n->prefix_items = compile_list(c, v, "prefixItems", &n->nprefix_items, depth);
    n->has_min = read_number(d, "minimum", &n->minimum);
    n->has_max = read_number(d, "maximum", &n->maximum);
    n->has_xmin = read_number(d, "exclusiveMinimum", &n->xminimum);
    n->has_xmax = read_number(d, "exclusiveMaximum", &n->xmaximum);
    if ((v = value_object_get(d, "not"))) n->not_ = compile(c, v, depth + 1);
    n->all_of = compile_list(c, value_object_get(d, "allOf"), "allOf", &n->nall_of, depth);
    n->any_of = compile_list(c, value_object_get(d, "anyOf"), "anyOf", &n->nany_of, depth);
    n->one_of = compile_list(c, value_object_get(d, "oneOf"), "oneOf", &n->none_of, depth);
    if ((v = value_object_get(d, "if"))) {
        n->if_ = compile(c, v, depth + 1);
        if ((v = value_object_get(d, "then"))) n->then_ = compile(c, v, depth + 1);
        if ((v = value_object_get(d, "else"))) n->else_ = compile(c, v, depth + 1);
    }
    v = value_object_get(d, "title");
    n->title = v && v->kind == VALUE_STRING ? v->u.string.ptr : NULL;
    v = value_object_get(d, "description");
    n->description = v && v->kind == VALUE_STRING ? v->u.string.ptr : NULL;
    n->default_value = value_object_get(d, "default");
    v = value_object_get(d, "examples");
    n->examples = v && v->kind == VALUE_ARRAY ? v : NULL;
}

static struct snode *compile(struct compiler *c, const struct value *doc, int depth)
{
    for (size_t i = 0; i < c->s->nnodes; i++) /* shared and cyclic $refs */
        if (c->seen_docs[i] == doc) return c->s->nodes[i];
    struct snode *n = new_node(c, doc);
    if (doc->kind == VALUE_BOOL) {
        n->boolean = doc->u.boolean;
        return n;
    }
    if (doc->kind != VALUE_OBJECT) {
        problem(c, doc, "%s", "A schema must be an object or a boolean; this one accepts anything");
        n->boolean = 1;
        return n;
    }
    if (depth > MAX_COMPILE_DEPTH) {
        problem(c, doc, "%s", "The schema nests too deeply; the part below is ignored");
        n->boolean = 1;
        return n;
    }
    compile_object(c, n, doc, depth);
    return n;
}

/* ---- cycles -------------------------------------------------------------------------------- */

/* The k-th in-place applicator slot of n (those that validate the same instance again: $ref,
 * not, if/then/else, allOf, anyOf, oneOf), or NULL past the last. */
static struct snode **in_place(struct snode *n, size_t k)
{
    struct snode **fixed[] = {&n->ref, &n->not_, &n->if_, &n->then_, &n->else_};
    if (k < 5) return fixed[k];
    k -= 5;
    if (k < n->nall_of) return &n->all_of[k];
    k -= n->nall_of;
    if (k < n->nany_of) return &n->any_of[k];
    k -= n->nany_of;
    return k < n->none_of ? &n->one_of[k] : NULL;
}

/* A cycle through in-place applicators only validates the same instance forever (and doubles
 * the work at each anyOf): every edge that closes one is reported and cut, a $ref ignored,
 * another applicator replaced by the accept-all schema. Cycles through properties or items go
 * down the instance and are fine. An iterative depth-first search over every node. */
static void cut_cycles(struct compiler *c)
{
    struct snode *accept = new_node(c, NULL); /* what a cut applicator becomes */
    accept->boolean = 1;
    size_t n = c->s->nnodes;
    unsigned char *state = xcalloc(n, 1); /* 0 not seen, 1 on the current path, 2 done */
    struct {
        struct snode *node;
        size_t next;
    } *path = xmalloc(n * sizeof *path);
    for (size_t start = 0; start < n; start++) {
        if (state[start]) continue;
        size_t depth = 0;
        path[depth++].node = c->s->nodes[start];
        path[0].next = 0;
        state[start] = 1;
        while (depth) {
            struct snode *at = path[depth - 1].node;
            size_t k = path[depth - 1].next++;
            struct snode **slot = in_place(at, k);
            if (!slot) {
                state[at->id] = 2;
                depth--;
            } else if (*slot && state[(*slot)->id] == 1) {
                const struct value *ref = k == 0 ? value_object_get(at->doc, "$ref") : NULL;
                if (ref)
                    problem(c, ref, "'$ref' '%.100s' leads back to a schema that contains it "
                                    "without going into a property or an item: validation "
                                    "would recurse forever; it is ignored",
                            ref->u.string.ptr);
                else
                    problem(c, at->doc, "%s", "This schema contains itself through '$ref' "
                                              "without going into a property or an item: "
                                              "validation would recurse forever; it is ignored");
                *slot = k == 0 ? NULL : accept;
            } else if (*slot && state[(*slot)->id] == 0) {
                state[(*slot)->id] = 1;
                path[depth].node = *slot;
                path[depth++].next = 0;
            }
        }
    }
    free(path);
    free(state);
}

struct schema *schema_compile(const struct value *doc, struct schema_problems *problems)
{
    struct schema *s = xcalloc(1, sizeof *s);
    s->doc = doc ? value_dup(doc) : value_new_bool(1);
    struct compiler c = {s, problems, NULL};
    s->root = compile(&c, s->doc, 0);
    cut_cycles(&c);
    free(c.seen_docs);
    const struct snode *r = s->root->ref && !s->root->nrequired ? s->root->ref : s->root;
    s->required = r->required;
    s->nrequired = r->nrequired;
    const struct snode *obj = r;
    for (int i = 0; i < 16 && obj->ref && !obj->nprops; i++) obj = obj->ref;
    s->prop_types = xcalloc(obj->nprops + 1, sizeof *s->prop_types);
    for (size_t i = 0; i < obj->nprops; i++) {
        char buf[200];
        schema_describe(obj->props[i].schema, buf, sizeof buf);
        s->prop_types[i] = xstrdup(buf);
    }
    s->nprop_types = obj->nprops;
    return s;
}

void schema_free(struct schema *s)
{
    if (!s) return;
    for (size_t i = 0; i < s->nnodes; i++) {
        struct snode *n = s->nodes[i];
        free(n->props);
        for (size_t k = 0; k < n->npattern_props; k++) regfree(&n->pattern_props[k].re);
        free(n->pattern_props);
        free(n->required);
        if (n->pattern) regfree(&n->pattern->re);
        free(n->pattern);
        free(n->prefix_items);
        free(n->all_of);
        free(n->any_of);
        free(n->one_of);
        free(n);
    }
    free(s->nodes);
    for (size_t i = 0; i < s->nprop_types; i++) free(s->prop_types[i]);
    free(s->prop_types);
    value_free(s->doc);
    free(s);
}

void schema_problems_clear(struct schema_problems *p)
{
    for (size_t i = 0; i < p->count; i++) free(p->items[i].message);
    free(p->items);
    p->items = NULL;
    p->count = 0;
}

/* ---- describing and looking up ------------------------------------------------------------- */

unsigned schema_type_bits(const struct value *v)
{
    switch (v->kind) {
    case VALUE_NULL: return T_NULL;
    case VALUE_BOOL: return T_BOOLEAN;
    case VALUE_OBJECT: return T_OBJECT;
    case VALUE_ARRAY: return T_ARRAY;
    case VALUE_STRING: return T_STRING;
    case VALUE_INT: return T_INTEGER | T_NUMBER;
    case VALUE_REAL: return T_NUMBER | (is_whole(v->u.real) ? T_INTEGER : 0);
    }
    return 0;
}

static const char *type_phrase(unsigned bit, int plural)
{
    switch (bit) {
    case T_NULL: return plural ? "nulls" : "null";
    case T_BOOLEAN: return plural ? "booleans" : "a boolean (true or false)";
    case T_OBJECT: return plural ? "objects" : "an object";
    case T_ARRAY: return plural ? "arrays" : "an array";
    case T_NUMBER: return plural ? "numbers" : "a number";
    case T_STRING: return plural ? "strings" : "a string";
    case T_INTEGER: return plural ? "integers" : "an integer";
    }
    return plural ? "values" : "a value";
}

static void append(char *buf, size_t size, const char *s)
{
    size_t n = strlen(buf);
    if (n < size) snprintf(buf + n, size - n, "%s", s);
}

static const struct snode *effective(const struct snode *n)
{
    for (int i = 0; i < 16 && n->ref && !n->types; i++) n = n->ref;
    return n;
}

/* "a string" / "an array of strings" / "a string or an array of strings". */
static void describe(const struct snode *node, char *buf, size_t size, int depth)
{
    const struct snode *n = effective(node);
    if (n->types) {
        int first = 1;
        for (unsigned bit = 1; bit <= T_INTEGER; bit <<= 1) {
            if (!(n->types & bit)) continue;
            if (bit == T_NUMBER && (n->types & T_INTEGER)) continue;
            if (!first) append(buf, size, " or ");
            first = 0;
            if (bit == T_ARRAY && n->items && depth < 3) {
                const struct snode *it = effective(n->items);
                if (it->types && !(it->types & (it->types - 1))) {
                    append(buf, size, "an array of ");
                    append(buf, size, type_phrase(it->types, 1));
                    continue;
                }
            }
            append(buf, size, type_phrase(bit, 0));
        }
        return;
    }
    struct snode **alts = n->any_of ? n->any_of : n->one_of;
    size_t nalts = n->any_of ? n->nany_of : n->none_of;
    if (alts && depth < 3) {
        for (size_t i = 0; i < nalts; i++) {
            if (i) append(buf, size, i + 1 == nalts ? " or " : ", ");
            describe(alts[i], buf, size, depth + 1);
        }
        return;
    }
    if (n->enum_values) {
        append(buf, size, "one of the allowed values");
        return;
    }
    append(buf, size, n->title ? n->title : "something else");
}

void schema_describe(const struct snode *node, char *buf, size_t size)
{
    if (size) buf[0] = '\0';
    describe(node, buf, size, 0);
}

static const struct snode *root_object(const struct schema *s)
{
    const struct snode *r = s->root;
    for (int i = 0; i < 16 && r->ref && !r->nprops; i++) r = r->ref;
    return r;
}

int schema_property_info(const struct schema *s, const char *key, struct schema_info *out)
{
    const struct snode *r = root_object(s);
    for (size_t i = 0; i < r->nprops; i++) {
        if (strcmp(r->props[i].name, key) != 0) continue;
        const struct snode *p = r->props[i].schema;
        const struct snode *e = effective(p);
        memset(out, 0, sizeof *out);
        out->title = p->title ? p->title : e->title;
        out->description = p->description ? p->description : e->description;
        out->type = s->prop_types[i];
        out->enum_values = p->enum_values ? p->enum_values : e->enum_values;
        out->default_value = p->default_value ? p->default_value : e->default_value;
        out->examples = p->examples ? p->examples : e->examples;
        for (size_t k = 0; k < r->nrequired; k++)
            if (strcmp(r->required[k], key) == 0) out->required = 1;
        return 0;
    }
    return -1;
}

size_t schema_property_count(const struct schema *s)
{
    return root_object(s)->nprops;
}

const char *schema_property_name(const struct schema *s, size_t i)
{
    const struct snode *r = root_object(s);
    return i < r->nprops ? r->props[i].name : NULL;
}

const char *const *schema_required(const struct schema *s, size_t *n)
{
    *n = s->nrequired;
    return s->required;
}
