/* schema_validate.c — validates an instance tree against a compiled schema, collecting violations
 * with readable messages ("'title' must be a string, not an integer") and the node they are about.
 * Must never recurse without bound: `$ref` cycles stop at MAX_DEPTH with a violation; nor work
 * without bound: past MAX_STEPS (anyOf branching at every level, uniqueItems over a huge list)
 * validation stops with one violation saying so. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema_internal.h"
#include "xalloc.h"

#define MAX_DEPTH 64
#define MAX_STEPS 1000000 /* schema nodes visited plus values compared */

struct viol {
    const char *keyword;
    char *message;
    const struct value *at;
    const struct value_member *member;
    char *path;
    const char *missing_key;
    const struct value *allowed;
};

struct vlist {
    struct viol *items;
    size_t count, cap;
};

struct seg {
    const char *key; /* NULL for an array index */
    size_t index;
};

struct vctx {
    struct seg path[MAX_DEPTH + 8];
    size_t depth;
    size_t steps;
    int quiet; /* only whether there are violations matters (an alternative, 'not', 'if'):
                  they are counted, not worded (message and path stay NULL) */
};

/* Counts n steps of work; returns 1 once the budget is spent (then everything returns early). */
static int spend(struct vctx *c, size_t n)
{
    c->steps = c->steps + n < c->steps ? (size_t)-1 : c->steps + n;
    return c->steps > MAX_STEPS;
}

static void vlist_free(struct vlist *l)
{
    for (size_t i = 0; i < l->count; i++) {
        free(l->items[i].message);
        free(l->items[i].path);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* ---- names for messages -------------------------------------------------------------------- */

static void pointer_path(const struct vctx *c, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < c->depth && n < size; i++) {
        int w = c->path[i].key ? snprintf(buf + n, size - n, "/%s", c->path[i].key)
                               : snprintf(buf + n, size - n, "/%zu", c->path[i].index);
        if (w < 0) break;
        n += (size_t)w;
    }
}

/* "'keywords[2]'", "'author.name'", or "The front matter" for the root. */
static void subject(const struct vctx *c, char *buf, size_t size)
{
    if (c->depth == 0) {
        snprintf(buf, size, "The front matter");
        return;
    }
    size_t n = (size_t)snprintf(buf, size, "'");
    for (size_t i = 0; i < c->depth && n < size; i++) {
        int w = c->path[i].key ? snprintf(buf + n, size - n, "%s%s", i ? "." : "", c->path[i].key)
                               : snprintf(buf + n, size - n, "[%zu]", c->path[i].index);
        if (w < 0) break;
        n += (size_t)w;
    }
    if (n < size) snprintf(buf + n, size - n, "'");
}

/* subject(), computed on first use: most values pass, and their names are never needed. buf must
 * start out empty. Returns buf. */
static const char *who_of(const struct vctx *c, char *buf, size_t size)
{
    if (!buf[0]) subject(c, buf, size);
    return buf;
}

/* The subject in a check function whose local `char who[300]` starts empty. */
#define WHO who_of(c, who, sizeof who)

static const char *a_kind(const struct value *v)
{
    switch (v->kind) {
    case VALUE_NULL: return "null (an empty value)";
    case VALUE_BOOL: return "a boolean";
    case VALUE_INT: return "an integer";
    case VALUE_REAL: return "a number";
    case VALUE_STRING: return "a string";
    case VALUE_ARRAY: return "a list";
    case VALUE_OBJECT: return "a mapping";
    }
    return "a value";
}

/* A short rendering of a scalar for messages: 'text', 12, true, null, [...]. */
static void render(const struct value *v, char *buf, size_t size)
{
    switch (v->kind) {
    case VALUE_STRING:
        snprintf(buf, size, "'%.*s'", (int)(v->u.string.len > 60 ? 60 : v->u.string.len),
                 v->u.string.ptr);
        break;
    case VALUE_INT: snprintf(buf, size, "%lld", (long long)v->u.integer); break;
    case VALUE_REAL: snprintf(buf, size, "%g", v->u.real); break;
    case VALUE_BOOL: snprintf(buf, size, "%s", v->u.boolean ? "true" : "false"); break;
    case VALUE_NULL: snprintf(buf, size, "null"); break;
    case VALUE_ARRAY: snprintf(buf, size, "[...]"); break;
    case VALUE_OBJECT: snprintf(buf, size, "{...}"); break;
    }
}

static void add(struct vlist *out, const struct vctx *c, const char *keyword,
                const struct value *at, const struct value_member *member, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void add(struct vlist *out, const struct vctx *c, const char *keyword,
                const struct value *at, const struct value_member *member, const char *fmt, ...)
{
    if (out->count == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 8;
        out->items = xrealloc(out->items, out->cap * sizeof *out->items);
    }
    struct viol *v = &out->items[out->count++];
    v->keyword = keyword;
    v->message = NULL;
    v->path = NULL;
    if (!c->quiet) {
        char msg[1024], path[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        pointer_path(c, path, sizeof path);
        v->message = xstrdup(msg);
        v->path = xstrdup(path);
    }
    v->at = at;
    v->member = member;
    v->missing_key = NULL;
    v->allowed = NULL;
}

static size_t utf8_chars(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) count += ((unsigned char)s[i] & 0xC0) != 0x80;
    return count;
}

/* Edit distance up to 2 (else 3) for "did you mean" on unknown keys. */
static size_t near(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64 || (la > lb ? la - lb : lb - la) > 2) return 3;
    size_t d[65][65];
    for (size_t i = 0; i <= la; i++) d[i][0] = i;
    for (size_t j = 0; j <= lb; j++) d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t x = d[i - 1][j] + 1, y = d[i][j - 1] + 1, z = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            d[i][j] = x < y ? (x < z ? x : z) : (y < z ? y : z);
        }
    return d[la][lb];
}

/* ---- validation ---------------------------------------------------------------------------- */

static void validate(const struct snode *n, const struct value *v, struct vctx *c,
                     struct vlist *out, int depth);

static void type_mismatch(const struct snode *n, const struct value *v, struct vctx *c,
                          struct vlist *out, const char *keyword)
{
    char who[300] = "", want[300] = "";
    if (c->quiet) {
        add(out, c, keyword, v, NULL, "%s", "");
        return;
    }
    subject(c, who, sizeof who);
    schema_describe(n, want, sizeof want);
    if (c->depth == 0 && (n->types & T_OBJECT))
        snprintf(want, sizeof want, "an object (a YAML mapping of keys)");
    add(out, c, keyword, v, NULL, "%s must be %s, not %s", who, want, a_kind(v));
}

static void check_string(const struct snode *n, const struct value *v, struct vctx *c,
                         struct vlist *out)
{
    char who[300] = "";
    size_t chars = utf8_chars(v->u.string.ptr, v->u.string.len);
    if (n->min_length >= 0 && (int64_t)chars < n->min_length) {
        if (n->min_length == 1)
            add(out, c, "minLength", v, NULL, "%s must not be empty", WHO);
        else
            add(out, c, "minLength", v, NULL, "%s must be at least %lld characters long (it has %zu)",
                WHO, (long long)n->min_length, chars);
    }
    if (n->max_length >= 0 && (int64_t)chars > n->max_length)
        add(out, c, "maxLength", v, NULL, "%s must be at most %lld characters long (it has %zu)",
            WHO, (long long)n->max_length, chars);
    if (n->pattern && regexec(&n->pattern->re, v->u.string.ptr, 0, NULL, 0) != 0)
        add(out, c, "pattern", v, NULL, "%s must match the pattern %s", WHO, n->pattern->source);
}

static void check_number(const struct snode *n, const struct value *v, struct vctx *c,
                         struct vlist *out)
{
    char who[300] = "";
    double x = v->kind == VALUE_INT ? (double)v->u.integer : v->u.real;
    if (n->has_min && x < n->minimum)
        add(out, c, "minimum", v, NULL, "%s must be at least %g", WHO, n->minimum);
    if (n->has_max && x > n->maximum)
        add(out, c, "maximum", v, NULL, "%s must be at most %g", WHO, n->maximum);
    if (n->has_xmin && x <= n->xminimum)
        add(out, c, "exclusiveMinimum", v, NULL, "%s must be greater than %g", WHO, n->xminimum);
    if (n->has_xmax && x >= n->xmaximum)
        add(out, c, "exclusiveMaximum", v, NULL, "%s must be less than %g", WHO, n->xmaximum);
}

static void check_array(const struct snode *n, const struct value *v, struct vctx *c,
                        struct vlist *out, int depth)
{
    char who[300] = "";
    size_t count = v->u.array.count;
    if (n->min_items >= 0 && (int64_t)count < n->min_items)
        add(out, c, "minItems", v, NULL, "%s must have at least %lld item%s", WHO,
            (long long)n->min_items, n->min_items == 1 ? "" : "s");
    if (n->max_items >= 0 && (int64_t)count > n->max_items)
        add(out, c, "maxItems", v, NULL, "%s must have at most %lld item%s", WHO,
            (long long)n->max_items, n->max_items == 1 ? "" : "s");
    if (n->unique_items) {
        for (size_t i = 1; i < count && !spend(c, i); i++)
            for (size_t k = 0; k < i; k++)
                if (value_equal(v->u.array.items[i], v->u.array.items[k])) {
                    add(out, c, "uniqueItems", v->u.array.items[i], NULL,
                        "%s must not repeat items: item %zu repeats item %zu", WHO, i, k);
                    k = i;
                }
    }
    if (c->depth >= MAX_DEPTH) return;
    for (size_t i = 0; i < count; i++) {
        const struct snode *item = i < n->nprefix_items ? n->prefix_items[i] : n->items;
        if (!item) continue;
        c->path[c->depth++] = (struct seg){NULL, i};
        validate(item, v->u.array.items[i], c, out, depth + 1);
        c->depth--;
    }
}

static void check_object(const struct snode *n, const struct value *v, struct vctx *c,
                         struct vlist *out, int depth)
{
    char who[300] = "";
    for (size_t i = 0; i < n->nrequired; i++) {
        if (value_object_get(v, n->required[i])) continue;
        if (c->depth == 0)
            add(out, c, "required", v, NULL, "Missing required key '%s'", n->required[i]);
        else
            add(out, c, "required", v, NULL, "%s is missing the required key '%s'", WHO,
                n->required[i]);
        out->items[out->count - 1].missing_key = n->required[i];
    }
    size_t count = v->u.object.count;
    if (n->min_props >= 0 && (int64_t)count < n->min_props)
        add(out, c, "minProperties", v, NULL, "%s must have at least %lld keys", WHO,
            (long long)n->min_props);
    if (n->max_props >= 0 && (int64_t)count > n->max_props)
        add(out, c, "maxProperties", v, NULL, "%s must have at most %lld keys", WHO,
            (long long)n->max_props);
    if (c->depth >= MAX_DEPTH) return;
    for (size_t i = 0; i < count; i++) {
        const struct value_member *m = &v->u.object.members[i];
        int matched = 0;
        if (spend(c, 1 + n->nprops + n->npattern_props)) return;
        c->path[c->depth++] = (struct seg){m->key, 0};
        for (size_t k = 0; k < n->nprops; k++) {
            if (strcmp(n->props[k].name, m->key) != 0) continue;
            matched = 1;
            validate(n->props[k].schema, m->value, c, out, depth + 1);
        }
        for (size_t k = 0; k < n->npattern_props; k++) {
            if (regexec(&n->pattern_props[k].re, m->key, 0, NULL, 0) != 0) continue;
            matched = 1;
            validate(n->pattern_props[k].schema, m->value, c, out, depth + 1);
        }
        c->depth--;
        if (n->property_names) {
            struct value key = {0};
            key.kind = VALUE_STRING;
            key.u.string.ptr = m->key;
            key.u.string.len = m->key_len;
            struct vlist tmp = {0};
            c->path[c->depth++] = (struct seg){m->key, 0};
            validate(n->property_names, &key, c, &tmp, depth + 1);
            if (tmp.count)
                add(out, c, "propertyNames", m->value, m, "The key '%s' is not an allowed name: %s",
                    m->key, tmp.items[0].message);
            c->depth--;
            vlist_free(&tmp);
        }
        if (matched || !n->additional) continue;
        if (n->additional->boolean == 0) {
            const char *best = NULL;
            size_t best_d = 3;
            spend(c, 16 * n->nprops); /* an edit distance is worth about 16 comparisons */
            for (size_t k = 0; k < n->nprops; k++) {
                size_t d = near(m->key, n->props[k].name);
                if (d < best_d) {
                    best_d = d;
                    best = n->props[k].name;
                }
            }
            char where[320] = "";
            if (c->depth) snprintf(where, sizeof where, " in %s", WHO);
            c->path[c->depth++] = (struct seg){m->key, 0}; /* the path names the key itself */
            if (best)
                add(out, c, "additionalProperties", m->value, m,
                    "Unknown key '%s'%s; did you mean '%s'?", m->key, where, best);
            else
                add(out, c, "additionalProperties", m->value, m,
                    "Unknown key '%s'%s: the schema does not declare it", m->key, where);
            c->depth--;
            continue;
        }
        c->path[c->depth++] = (struct seg){m->key, 0};
        validate(n->additional, m->value, c, out, depth + 1);
        c->depth--;
    }
}

/* Does branch n accept v's type at all (following $ref)? */
static int accepts_type(const struct snode *n, const struct value *v)
{
    for (int i = 0; i < 16 && n->ref && !n->types && n->boolean < 0; i++) n = n->ref;
    if (n->boolean == 0) return 0;
    return !n->types || (n->types & schema_type_bits(v));
}

static void check_alternatives(const struct snode *n, struct snode *const *alts, size_t nalts,
                               int one, const struct value *v, struct vctx *c, struct vlist *out,
                               int depth)
{
    size_t matches = 0, typed = 0, last_typed = 0;
    int quiet = c->quiet;
    c->quiet = 1; /* which alternatives match: their messages are wanted only below */
    for (size_t i = 0; i < nalts; i++) {
        struct vlist t = {0};
        validate(alts[i], v, c, &t, depth + 1);
        if (!t.count) matches++;
        vlist_free(&t);
        if (accepts_type(alts[i], v)) {
            typed++;
            last_typed = i;
        }
    }
    c->quiet = quiet;
    char who[300] = "", want[400];
    const char *kw = one ? "oneOf" : "anyOf";
    if (matches == 0) {
        if (typed == 1) { /* the one alternative of the value's type says what is wrong */
            validate(alts[last_typed], v, c, out, depth + 1);
        } else if (c->quiet) {
            add(out, c, kw, v, NULL, "%s", "");
        } else {
            want[0] = '\0';
            struct snode alt = *n; /* describe the alternatives, not the whole node */
            alt.types = 0;
            alt.ref = NULL;
            alt.any_of = one ? NULL : (struct snode **)alts;
            alt.nany_of = one ? 0 : nalts;
            alt.one_of = one ? (struct snode **)alts : NULL;
            alt.none_of = one ? nalts : 0;
            schema_describe(&alt, want, sizeof want);
            add(out, c, kw, v, NULL, "%s must be %s, not %s", WHO, want, a_kind(v));
        }
    } else if (one && matches > 1) {
        add(out, c, kw, v, NULL, "%s matches more than one alternative of 'oneOf'", WHO);
    }
}

static void validate(const struct snode *n, const struct value *v, struct vctx *c,
                     struct vlist *out, int depth)
{
    char who[300];
    if (n->boolean == 1 || spend(c, 1)) return;
    if (n->boolean == 0) {
        subject(c, who, sizeof who);
        add(out, c, "false", v, NULL, "%s is not allowed here", who);
        return;
    }
    if (depth > MAX_DEPTH) {
        subject(c, who, sizeof who);
        add(out, c, "$ref", v, NULL, "%s: schema recursion too deep", who);
        return;
    }
    if (n->ref) validate(n->ref, v, c, out, depth + 1);
    unsigned bits = schema_type_bits(v);
    if (n->types && !(n->types & bits)) type_mismatch(n, v, c, out, "type");
    if (n->enum_values && !spend(c, n->enum_values->u.array.count)) {
        int found = 0;
        for (size_t i = 0; i < n->enum_values->u.array.count && !found; i++)
            found = value_equal(n->enum_values->u.array.items[i], v);
        if (!found) {
            char list[600] = "", one[100];
            size_t shown = n->enum_values->u.array.count < 10 ? n->enum_values->u.array.count : 10;
            for (size_t i = 0; i < shown; i++) {
                render(n->enum_values->u.array.items[i], one, sizeof one);
                size_t l = strlen(list);
                snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "", one);
            }
            if (shown < n->enum_values->u.array.count)
                strncat(list, ", ...", sizeof list - strlen(list) - 1);
            render(v, one, sizeof one);
            subject(c, who, sizeof who);
            add(out, c, "enum", v, NULL, "%s must be one of %s, not %s", who, list, one);
            out->items[out->count - 1].allowed = n->enum_values;
        }
    }
    if (n->const_value && !value_equal(n->const_value, v)) {
        char want[100];
        render(n->const_value, want, sizeof want);
        subject(c, who, sizeof who);
        add(out, c, "const", v, NULL, "%s must be %s", who, want);
    }
    if (v->kind == VALUE_STRING) check_string(n, v, c, out);
    if (v->kind == VALUE_INT || v->kind == VALUE_REAL) check_number(n, v, c, out);
    if (v->kind == VALUE_ARRAY) check_array(n, v, c, out, depth);
    if (v->kind == VALUE_OBJECT) check_object(n, v, c, out, depth);
    for (size_t i = 0; i < n->nall_of; i++) validate(n->all_of[i], v, c, out, depth + 1);
    if (n->nany_of) check_alternatives(n, n->any_of, n->nany_of, 0, v, c, out, depth);
    if (n->none_of) check_alternatives(n, n->one_of, n->none_of, 1, v, c, out, depth);
    if (n->not_) {
        struct vlist tmp = {0};
        int quiet = c->quiet;
        c->quiet = 1; /* only whether it matches */
        validate(n->not_, v, c, &tmp, depth + 1);
        c->quiet = quiet;
        if (!tmp.count) {
            subject(c, who, sizeof who);
            add(out, c, "not", v, NULL, "%s must not match the schema given in 'not'", who);
        }
        vlist_free(&tmp);
    }
    if (n->if_) {
        struct vlist tmp = {0};
        int quiet = c->quiet;
        c->quiet = 1; /* only whether it matches */
        validate(n->if_, v, c, &tmp, depth + 1);
        c->quiet = quiet;
        const struct snode *branch = tmp.count ? n->else_ : n->then_;
        vlist_free(&tmp);
        if (branch) validate(branch, v, c, out, depth + 1);
    }
}

size_t schema_validate(const struct schema *s, const struct value *instance,
                       schema_report_fn report, void *ctx)
{
    struct vctx c;
    c.depth = 0;
    c.steps = 0;
    c.quiet = 0;
    struct vlist out = {0};
    validate(s->root, instance, &c, &out, 0);
    if (c.steps > MAX_STEPS) { /* what was found so far may be wrong: say only that it stopped */
        vlist_free(&out);
        c.depth = 0;
        add(&out, &c, "complexity", instance, NULL,
            "The front matter is too complex to check against this schema (more than %d million "
            "steps); simplify the schema (anyOf and $ref at every level) or the front matter",
            MAX_STEPS / 1000000);
    }
    for (size_t i = 0; i < out.count; i++) {
        struct schema_violation sv = {out.items[i].keyword, out.items[i].message,
                                      out.items[i].at,      out.items[i].member,
                                      out.items[i].path,    out.items[i].missing_key,
                                      out.items[i].allowed};
        if (report) report(ctx, &sv);
    }
    size_t n = out.count;
    vlist_free(&out);
    return n;
}
