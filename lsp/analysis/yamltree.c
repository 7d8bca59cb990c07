/* yamltree.c — builds a value tree from libyaml events with an explicit stack (no recursion on
 * the document), converting libyaml's character marks into byte offsets with a moving cursor.
 * Plain front matter gets the same events from yamlfast.c, without libyaml.
 * Must never trust libyaml's marks to be bytes: they count code points. */
#include "yamltree.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "text.h"
#include "xalloc.h"
#include "yamlfast.h"

#define TAG_PREFIX "tag:yaml.org,2002:"

/* One open collection. For a mapping, `key` holds the pending key between its key and value. */
struct frame {
    struct value *node;
    int is_map;
    int have_key;
    char *key;
    size_t key_len;
    uint32_t key_off, key_src_len;
    char *anchor; /* to register when the collection completes */
    int as_key;   /* this collection is itself a mapping key (complex key) */
    size_t regs_at; /* registrations before it began (those after are inside it) */
    uint32_t *hash; /* member-index + 1 hash table of a large mapping, or NULL */
    uint32_t hcap;
};

struct anchor {
    char *name;
    const struct value *node; /* borrowed from the tree being built */
};

struct builder {
    const char *src;
    size_t len;
    uint32_t base;
    size_t cur_char, cur_byte; /* the cursor of mark -> byte conversion */
    struct frame *stack;
    size_t depth, cap;
    struct anchor *anchors; /* one per name: a redefinition replaces the node */
    size_t nanchors;
    size_t *regs;           /* the anchor index of every registration, in order (redefinitions
                               too), so a dropped complex key can forget what was marked inside */
    size_t nregs;
    uint32_t *anchor_hash; /* anchor index + 1 by name, open addressing, or NULL */
    uint32_t anchor_hcap;  /* a power of two, more than twice nanchors */
    size_t nodes;
    struct value *root;
    int failed;
    struct finding_list *findings;
};

/* ---- positions ----------------------------------------------------------------------------- */

/* Byte offset in the slice of the mark's character index (code points, as libyaml counts). */
static size_t byte_at(struct builder *b, size_t char_index)
{
    const unsigned char *u = (const unsigned char *)b->src;
    if (char_index < b->cur_char) { /* rare: walk back from the start */
        b->cur_char = 0;
        b->cur_byte = 0;
    }
    while (b->cur_char < char_index && b->cur_byte < b->len) {
        uint64_t eight; /* a run of ASCII, 8 characters at a time */
        if (char_index - b->cur_char >= 8 && b->len - b->cur_byte >= 8 &&
            (memcpy(&eight, u + b->cur_byte, 8), (eight & 0x8080808080808080u) == 0)) {
            b->cur_byte += 8;
            b->cur_char += 8;
            continue;
        }
        uint32_t cp;
        b->cur_byte += (size_t)text_utf8_decode(u + b->cur_byte, b->len - b->cur_byte, &cp);
        b->cur_char++;
    }
    return b->cur_byte;
}

static void set_span(struct builder *b, struct value *v, const yaml_mark_t *start,
                     const yaml_mark_t *end)
{
    size_t s = byte_at(b, start->index);
    size_t e = byte_at(b, end->index);
    v->off = b->base + (uint32_t)s;
    v->len = (uint32_t)(e > s ? e - s : 0);
}

/* ---- scalars ------------------------------------------------------------------------------- */

static int all_digits(const char *s, const char *set)
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!strchr(set, *s)) return 0;
    return 1;
}

static int is_float_text(const char *s)
{
    /* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
    const char *p = s;
    if (*p == '-' || *p == '+') p++;
    int digits = 0;
    while (*p >= '0' && *p <= '9') p++, digits++;
    if (*p == '.') {
        p++;
        int frac = 0;
        while (*p >= '0' && *p <= '9') p++, frac++;
        if (!digits && !frac) return 0;
    } else if (!digits) {
        return 0;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '-' || *p == '+') p++;
        if (!(*p >= '0' && *p <= '9')) return 0;
        while (*p >= '0' && *p <= '9') p++;
    }
    return *p == '\0';
}

static int one_of(const char *s, const char *const *list)
{
    for (; *list; list++) /* the first byte first: most scalars are plain text */
        if (s[0] == (*list)[0] && strcmp(s, *list) == 0) return 1;
    return 0;
}

static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
static const char *const trues[] = {"true", "True", "TRUE", NULL};
static const char *const falses[] = {"false", "False", "FALSE", NULL};
static const char *const infs[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", NULL};
static const char *const ninfs[] = {"-.inf", "-.Inf", "-.INF", NULL};
static const char *const nans[] = {".nan", ".NaN", ".NAN", NULL};

/* Resolves s as an integer; returns 1 and sets *out, or 0 (not an integer or out of range). */
static int parse_int(const char *s, int64_t *out)
{
    const char *p = s;
    int base = 10;
    if (p[0] == '0' && p[1] == 'o' && all_digits(p + 2, "01234567")) {
        base = 8;
        p += 2;
    } else if (p[0] == '0' && p[1] == 'x' && all_digits(p + 2, "0123456789abcdefABCDEF")) {
        base = 16;
        p += 2;
    } else {
        const char *d = (*p == '-' || *p == '+') ? p + 1 : p;
        if (!all_digits(d, "0123456789")) return 0;
    }
    errno = 0;
    char *end;
    long long v = strtoll(p, &end, base);
    if (errno == ERANGE || *end) return 0;
    *out = (int64_t)v;
    return 1;
}

/* Builds a scalar node as the YAML 1.2 core schema reads it, honouring !!str/!!int/... tags.
 * Returns NULL (with a finding) when an explicit tag does not fit the text. */
static struct value *make_scalar(struct builder *b, const yaml_event_t *ev)
{
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    const char *tag = (const char *)ev->data.scalar.tag;
    const char *kind = NULL; /* explicit core tag: "str", "int", "float", "bool", "null" */
    if (tag && strncmp(tag, TAG_PREFIX, strlen(TAG_PREFIX)) == 0) kind = tag + strlen(TAG_PREFIX);
    int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (kind && strcmp(kind, "str") == 0) return value_new_string(s, n);
    if (!kind && (!plain || (tag && strcmp(tag, "!") == 0))) return value_new_string(s, n);
    if (strlen(s) != n) return value_new_string(s, n); /* holds a NUL: only a string can */
    int64_t i;
    if ((!kind || strcmp(kind, "null") == 0) && one_of(s, nulls)) return value_new_null();
    if (!kind || strcmp(kind, "bool") == 0) {
        if (one_of(s, trues)) return value_new_bool(1);
        if (one_of(s, falses)) return value_new_bool(0);
    }
    if ((!kind || strcmp(kind, "int") == 0) && parse_int(s, &i)) return value_new_int(i);
    if (!kind || strcmp(kind, "float") == 0 || strcmp(kind, "int") == 0) {
        if (one_of(s, infs)) return value_new_real(INFINITY);
        if (one_of(s, ninfs)) return value_new_real(-INFINITY);
        if (one_of(s, nans)) return value_new_real(NAN);
        if (is_float_text(s)) return value_new_real(strtod(s, NULL));
    }
    if (!kind) return value_new_string(s, n);
    if (strcmp(kind, "int") != 0 && strcmp(kind, "float") != 0 && strcmp(kind, "bool") != 0 &&
        strcmp(kind, "null") != 0)
        return value_new_string(s, n); /* another yaml.org tag (!!timestamp, ...): keep the text */
    size_t off = byte_at(b, ev->start_mark.index);
    finding_add(b->findings, FINDING_FRONTMATTER_SYNTAX,
                span_make(b->base + (uint32_t)off,
                          (uint32_t)(byte_at(b, ev->end_mark.index) - off)),
                "YAML: '%.*s' is not a valid !!%s", (int)(n > 60 ? 60 : n), s, kind);
    return value_new_string(s, n);
}

/* ---- tree building ------------------------------------------------------------------------- */

static void fail(struct builder *b, uint32_t off, const char *message)
{
    if (b->failed) return;
    b->failed = 1;
    finding_add(b->findings, FINDING_FRONTMATTER_SYNTAX, span_make(off, 0), "%s", message);
}

static uint32_t hash_str(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

/* Finds an earlier member with the same key; keeps a hash table once a mapping grows large. */
static const struct value_member *find_duplicate(struct frame *f, const char *key, size_t n)
{
    const struct value *obj = f->node;
    size_t count = obj->u.object.count;
    if (count < 32) {
        for (size_t i = 0; i < count; i++) {
            const struct value_member *m = &obj->u.object.members[i];
            if (m->key_len == n && memcmp(m->key, key, n) == 0) return m;
        }
        return NULL;
    }
    if (!f->hash || (count + 1) * 2 > f->hcap) { /* (re)build at half load */
        free(f->hash);
        f->hcap = 64;
        while (f->hcap < (count + 1) * 4) f->hcap *= 2;
        f->hash = xcalloc(f->hcap, sizeof *f->hash);
        for (size_t i = 0; i < count; i++) {
            const struct value_member *m = &obj->u.object.members[i];
            uint32_t k = hash_str(m->key, m->key_len) & (f->hcap - 1);
            while (f->hash[k]) k = (k + 1) & (f->hcap - 1);
            f->hash[k] = (uint32_t)i + 1;
        }
    }
    for (uint32_t k = hash_str(key, n) & (f->hcap - 1); f->hash[k]; k = (k + 1) & (f->hcap - 1)) {
        const struct value_member *m = &obj->u.object.members[f->hash[k] - 1];
        if (m->key_len == n && memcmp(m->key, key, n) == 0) return m;
    }
    return NULL;
}

static void remember_member(struct frame *f)
{
    if (!f->hash) return;
    size_t i = f->node->u.object.count - 1;
    const struct value_member *m = &f->node->u.object.members[i];
    if ((i + 1) * 2 > f->hcap) { /* rebuilt on the next lookup */
        free(f->hash);
        f->hash = NULL;
        return;
    }
    uint32_t k = hash_str(m->key, m->key_len) & (f->hcap - 1);
    while (f->hash[k]) k = (k + 1) & (f->hcap - 1);
    f->hash[k] = (uint32_t)i + 1;
}

/* The source text of a node, for keys that are not plain strings. */
static char *source_text(struct builder *b, const struct value *v, size_t *n)
{
    *n = v->len;
    return xstrndup(b->src + (v->off - b->base), v->len);
}

/* Places a finished node: as the root, an array item, a mapping key or a mapping value. */
static void attach(struct builder *b, struct value *node)
{
    if (b->depth == 0) {
        if (!b->root)
            b->root = node;
        else
            value_free(node);
        return;
    }
    struct frame *f = &b->stack[b->depth - 1];
    if (!f->is_map) {
        value_array_append(f->node, node);
        return;
    }
    if (!f->have_key) {
        if (node->kind == VALUE_STRING) {
            f->key = xstrndup(node->u.string.ptr, node->u.string.len);
            f->key_len = node->u.string.len;
        } else {
            f->key = source_text(b, node, &f->key_len);
        }
        f->key_off = node->off;
        f->key_src_len = node->len;
        f->have_key = 1;
        value_free(node);
        return;
    }
    const struct value_member *dup = find_duplicate(f, f->key, f->key_len);
    if (dup) {
        struct finding *x = finding_add(
            b->findings, FINDING_FRONTMATTER_DUPLICATE_KEY, span_make(f->key_off, f->key_src_len),
            "Duplicate key '%.*s': YAML keeps only one of them; remove or rename this one",
            (int)(f->key_len > 80 ? 80 : f->key_len), f->key);
        finding_add_related(x, NULL, span_make(dup->key_off, dup->key_src_len),
                            "'%.*s' is first given here", (int)(f->key_len > 80 ? 80 : f->key_len),
                            f->key);
    }
    value_object_add(f->node, f->key, f->key_len, f->key_off, f->key_src_len, node);
    remember_member(f);
    free(f->key);
    f->key = NULL;
    f->have_key = 0;
}

/* The hash slot of anchor name: the one holding it, or the empty one where it would go. */
static uint32_t *anchor_slot(const struct builder *b, const char *name)
{
    uint32_t mask = b->anchor_hcap - 1, i = hash_str(name, strlen(name)) & mask;
    while (b->anchor_hash[i] && strcmp(b->anchors[b->anchor_hash[i] - 1].name, name) != 0)
        i = (i + 1) & mask;
    return &b->anchor_hash[i];
}

/* The node the latest anchor called name marks, or NULL. */
static const struct value *find_anchor(const struct builder *b, const char *name)
{
    if (!b->anchor_hcap) return NULL;
    uint32_t at = *anchor_slot(b, name);
    return at ? b->anchors[at - 1].node : NULL;
}

static void register_anchor(struct builder *b, const char *name, const struct value *node)
{
    if (!name) return;
    b->regs = xgrow(b->regs, b->nregs, sizeof *b->regs);
    if (b->anchor_hcap && *anchor_slot(b, name)) { /* redefined: later aliases mean this node */
        b->regs[b->nregs++] = *anchor_slot(b, name) - 1;
        b->anchors[*anchor_slot(b, name) - 1].node = node;
        return;
    }
    b->regs[b->nregs++] = b->nanchors;
    b->anchors = xgrow(b->anchors, b->nanchors, sizeof *b->anchors);
    b->anchors[b->nanchors].name = xstrdup(name);
    b->anchors[b->nanchors].node = node;
    b->nanchors++;
    if (b->nanchors * 2 >= b->anchor_hcap) { /* grow and re-insert every name */
        free(b->anchor_hash);
        b->anchor_hcap = b->anchor_hcap ? b->anchor_hcap * 2 : 16;
        b->anchor_hash = xcalloc(b->anchor_hcap, sizeof *b->anchor_hash);
        for (size_t i = 0; i < b->nanchors; i++)
            *anchor_slot(b, b->anchors[i].name) = (uint32_t)i + 1;
    } else {
        *anchor_slot(b, name) = (uint32_t)b->nanchors;
    }
}

/* Counts nodes of v, stopping early past limit (bounded depth: trees are depth-limited). */
static size_t count_nodes(const struct value *v, size_t limit)
{
    size_t n = 1;
    if (v->kind == VALUE_ARRAY)
        for (size_t i = 0; i < v->u.array.count && n <= limit; i++)
            n += count_nodes(v->u.array.items[i], limit - n);
    else if (v->kind == VALUE_OBJECT)
        for (size_t i = 0; i < v->u.object.count && n <= limit; i++)
            n += count_nodes(v->u.object.members[i].value, limit - n);
    return n;
}

static void push(struct builder *b, struct value *node, int is_map, const char *anchor)
{
    if (b->depth == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 16;
        b->stack = xrealloc(b->stack, b->cap * sizeof *b->stack);
    }
    struct frame *f = &b->stack[b->depth++];
    memset(f, 0, sizeof *f);
    f->node = node;
    f->is_map = is_map;
    f->anchor = anchor ? xstrdup(anchor) : NULL;
    f->regs_at = b->nregs;
    if (b->depth >= 2) {
        struct frame *parent = &b->stack[b->depth - 2];
        f->as_key = parent->is_map && !parent->have_key;
    }
}

static void handle(struct builder *b, yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT: {
        struct value *v = make_scalar(b, ev);
        set_span(b, v, &ev->start_mark, &ev->end_mark);
        b->nodes++;
        attach(b, v);
        /* attach may have consumed v as a key; register anchors on values only */
        if (ev->data.scalar.anchor && b->depth && b->stack[b->depth - 1].is_map &&
            !b->stack[b->depth - 1].have_key) {
            const struct value *obj = b->stack[b->depth - 1].node;
            register_anchor(b, (const char *)ev->data.scalar.anchor,
                            obj->u.object.members[obj->u.object.count - 1].value);
        } else if (ev->data.scalar.anchor && b->depth && !b->stack[b->depth - 1].is_map) {
            const struct value *arr = b->stack[b->depth - 1].node;
            register_anchor(b, (const char *)ev->data.scalar.anchor,
                            arr->u.array.items[arr->u.array.count - 1]);
        }
        break;
    }
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT: {
        if (b->depth >= YAMLTREE_MAX_DEPTH) {
            fail(b, b->base + (uint32_t)byte_at(b, ev->start_mark.index),
                 "YAML is too deeply nested (more than 1000 levels)");
            break;
        }
        int is_map = ev->type == YAML_MAPPING_START_EVENT;
        struct value *v = is_map ? value_new_object() : value_new_array();
        set_span(b, v, &ev->start_mark, &ev->start_mark);
        b->nodes++;
        const char *anchor = (const char *)(is_map ? ev->data.mapping_start.anchor
                                                   : ev->data.sequence_start.anchor);
        push(b, v, is_map, anchor);
        break;
    }
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: {
        if (!b->depth) break;
        struct frame f = b->stack[--b->depth];
        size_t end = byte_at(b, ev->end_mark.index);
        if (b->base + end > f.node->off) f.node->len = b->base + (uint32_t)end - f.node->off;
        free(f.key);
        free(f.hash);
        struct value *node = f.node;
        attach(b, node);
        if (f.anchor && !f.as_key) register_anchor(b, f.anchor, node);
        free(f.anchor);
        if (f.as_key) { /* attach freed the key: what was marked inside it is gone, and an
                           alias to it names no anchor (also one defined before, redefined in it) */
            for (size_t k = f.regs_at; k < b->nregs; k++) b->anchors[b->regs[k]].node = NULL;
            b->nregs = f.regs_at;
        }
        break;
    }
    case YAML_ALIAS_EVENT: {
        const char *name = (const char *)ev->data.alias.anchor;
        const struct value *target = find_anchor(b, name);
        struct value *v;
        if (!target) {
            char msg[160];
            snprintf(msg, sizeof msg, "The alias '*%.60s' names no anchor defined before it",
                     name);
            fail(b, b->base + (uint32_t)byte_at(b, ev->start_mark.index), msg);
            break;
        } else {
            size_t n = count_nodes(target, YAMLTREE_MAX_NODES);
            if (b->nodes + n > YAMLTREE_MAX_NODES) {
                fail(b, b->base + (uint32_t)byte_at(b, ev->start_mark.index),
                     "YAML is too large after expanding aliases (more than 100,000 nodes)");
                break;
            }
            b->nodes += n;
            v = value_dup(target);
        }
        set_span(b, v, &ev->start_mark, &ev->end_mark);
        attach(b, v);
        break;
    }
    default:
        break;
    }
    if (b->nodes > YAMLTREE_MAX_NODES)
        fail(b, b->base + (uint32_t)byte_at(b, ev->start_mark.index),
             "YAML is too large (more than 100,000 nodes)");
}

static void report_error(struct builder *b, const yaml_parser_t *p)
{
    size_t off;
    if (p->error == YAML_READER_ERROR || (p->problem_mark.index == 0 && p->problem_offset > 0))
        off = p->problem_offset; /* bytes; the marks are meaningless here */
    else
        off = byte_at(b, p->problem_mark.index);
    if (off > b->len) off = b->len;
    /* "found unexpected end of stream while scanning a quoted scalar": the end of the block says
     * little; the scalar that never ends is where the writer must look. */
    if (off >= b->len && p->context && p->error != YAML_READER_ERROR) {
        size_t c = byte_at(b, p->context_mark.index);
        if (c < b->len) off = c;
    }
    uint32_t len = 0;
    if (off < b->len && b->src[off] != '\n' && b->src[off] != '\r') {
        uint32_t cp;
        len = (uint32_t)text_utf8_decode((const unsigned char *)b->src + off, b->len - off, &cp);
    }
    const char *problem = p->problem ? p->problem : "cannot parse this";
    struct finding *f;
    if (p->context)
        f = finding_add(b->findings, FINDING_FRONTMATTER_SYNTAX,
                        span_make(b->base + (uint32_t)off, len), "YAML: %s %s", problem,
                        p->context);
    else
        f = finding_add(b->findings, FINDING_FRONTMATTER_SYNTAX,
                        span_make(b->base + (uint32_t)off, len), "YAML: %s", problem);
    if (p->context && p->error != YAML_READER_ERROR) {
        size_t c = byte_at(b, p->context_mark.index);
        if (c < off) {
            uint32_t cp;
            uint32_t clen = c < b->len ? (uint32_t)text_utf8_decode(
                                             (const unsigned char *)b->src + c, b->len - c, &cp)
                                       : 0;
            finding_add_related(f, NULL, span_make(b->base + (uint32_t)c, clen), "%s, started here",
                                p->context);
        }
    }
}

static struct value *finish(struct builder *b);

struct value *yamltree_parse(const char *yaml, size_t len, uint32_t base,
                             struct finding_list *findings)
{
    size_t bad;
    if (!text_utf8_valid(yaml, len, &bad)) {
        finding_add(findings, FINDING_FRONTMATTER_SYNTAX, span_make(base + (uint32_t)bad, 1),
                    "The YAML is not valid UTF-8 (byte 0x%02X): save the file as UTF-8",
                    (unsigned char)yaml[bad]);
        return NULL;
    }
    struct builder b = {0};
    b.src = yaml;
    b.len = len;
    b.base = base;
    b.findings = findings;
    struct yamlfast fast;
    if (yamlfast_parse(yaml, len, &fast)) { /* plain front matter: the same events, cheaper */
        for (size_t i = 0; i < fast.count && !b.failed; i++) handle(&b, &fast.events[i]);
        yamlfast_free(&fast);
        return finish(&b);
    }
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) xalloc_die();
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            report_error(&b, &parser);
            b.failed = 1;
            break;
        }
        int type = ev.type;
        if (type == YAML_DOCUMENT_END_EVENT || type == YAML_STREAM_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        handle(&b, &ev);
        yaml_event_delete(&ev);
        if (b.failed) break;
    }
    yaml_parser_delete(&parser);
    return finish(&b);
}

/* Frees what the builder holds besides the tree; returns the tree, or NULL when it failed. */
static struct value *finish(struct builder *b)
{
    while (b->depth) { /* an error left collections open: free them */
        struct frame *f = &b->stack[--b->depth];
        free(f->key);
        free(f->hash);
        free(f->anchor);
        value_free(f->node);
    }
    free(b->stack);
    for (size_t i = 0; i < b->nanchors; i++) free(b->anchors[i].name);
    free(b->anchors);
    free(b->anchor_hash);
    free(b->regs);
    if (b->failed) {
        value_free(b->root);
        return NULL;
    }
    return b->root;
}
