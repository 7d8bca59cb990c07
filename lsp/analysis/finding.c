/* finding.c — the code table (public names, severity knobs, defaults, summaries) and finding
 * lists. Must never decide severities from configuration: config.c and the reporters do that. */
#include "finding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xalloc.h"

struct code_info {
    const char *name;
    const char *key;
    enum severity severity;
    const char *summary;
};

static const struct code_info codes[FINDING_CODE_COUNT] = {
    [FINDING_FRONTMATTER_MISSING] = {"frontmatter.missing", "frontmatter.missing", SEVERITY_ERROR,
                                     "The article has no front matter block."},
    [FINDING_FRONTMATTER_SYNTAX] = {"frontmatter.syntax", "frontmatter.syntax", SEVERITY_ERROR,
                                    "The front matter is not valid YAML."},
    [FINDING_FRONTMATTER_DUPLICATE_KEY] = {"frontmatter.duplicate-key",
                                           "frontmatter.duplicate-key", SEVERITY_ERROR,
                                           "A front-matter key is given twice."},
    [FINDING_FRONTMATTER_SCHEMA] = {"frontmatter.schema", "frontmatter.schema", SEVERITY_ERROR,
                                    "The front matter violates the glossary's schema."},
    [FINDING_FRONTMATTER_UNKNOWN_KEY] = {"frontmatter.schema", "frontmatter.schema.unknown-key",
                                         SEVERITY_INFO,
                                         "The front matter has a key the schema does not declare."},
    [FINDING_LINK_BROKEN] = {"link.broken", "link.broken", SEVERITY_ERROR,
                             "No article with the linked slug in this glossary."},
    [FINDING_LINK_FRAGMENT] = {"link.fragment", "link.fragment", SEVERITY_WARNING,
                               "The linked article has no heading with that id."},
    [FINDING_LINK_SELF] = {"link.self", "link.self", SEVERITY_INFO,
                           "The article links to itself."},
    [FINDING_HIGHLIGHTS_MISSING] = {"highlights.missing", "highlights.missing", SEVERITY_WARNING,
                                    "The article has no highlights section."},
    [FINDING_HIGHLIGHTS_EMPTY] = {"highlights.empty", "highlights.empty", SEVERITY_WARNING,
                                  "The highlights section has too few list items."},
    [FINDING_HEADING_NO_SPACE] = {"heading.no-space", "heading.no-space", SEVERITY_WARNING,
                                  "'##Text' is not a heading: a space must follow the '#'s."},
    [FINDING_LIST_DASH_BULLET] = {"list.dash-bullet", "list.dash-bullet", SEVERITY_WARNING,
                                  "A line starts with an en or em dash used as a bullet."},
    [FINDING_SLUG_DUPLICATE] = {"slug.duplicate", "slug.duplicate", SEVERITY_ERROR,
                                "Two articles of one glossary share a slug."},
    [FINDING_FILE_UNREADABLE] = {"file.unreadable", "file.unreadable", SEVERITY_ERROR,
                                 "The article could not be read."},
    [FINDING_FILE_ENCODING] = {"file.encoding", "file.encoding", SEVERITY_ERROR,
                               "The article is not UTF-8 text."},
    [FINDING_CONFIG_INVALID] = {"config.invalid", "config.invalid", SEVERITY_ERROR,
                                "The .glossary.yaml configuration has a mistake."},
    [FINDING_MENTION_UNLINKED] = {"mention.unlinked", "mention.unlinked", SEVERITY_OFF,
                                  "Running text names another term without linking it."},
};

static char *vformat(const char *fmt, va_list ap)
{
    /* formatted once into room on the stack (messages are a sentence), twice only when longer */
    char room[256];
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(room, sizeof room, fmt, copy);
    va_end(copy);
    if (n < 0) n = 0;
    char *s = xrealloc(NULL, (size_t)n + 1);
    if ((size_t)n < sizeof room) memcpy(s, room, (size_t)n + 1);
    else vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

const char *finding_code_name(enum finding_code code)
{
    return (unsigned)code < FINDING_CODE_COUNT ? codes[code].name : "unknown";
}

const char *finding_severity_key(enum finding_code code)
{
    return (unsigned)code < FINDING_CODE_COUNT ? codes[code].key : "unknown";
}

int finding_code_from_key(const char *key)
{
    for (int i = 0; i < FINDING_CODE_COUNT; i++)
        if (strcmp(codes[i].key, key) == 0) return i;
    return -1;
}

enum severity finding_default_severity(enum finding_code code)
{
    return (unsigned)code < FINDING_CODE_COUNT ? codes[code].severity : SEVERITY_ERROR;
}

const char *finding_code_summary(enum finding_code code)
{
    return (unsigned)code < FINDING_CODE_COUNT ? codes[code].summary : "";
}

static const char *const severity_names[] = {"off", "hint", "info", "warning", "error"};

int severity_parse(const char *s, enum severity *out)
{
    for (int i = 0; i <= SEVERITY_ERROR; i++) {
        if (strcmp(s, severity_names[i]) == 0) {
            *out = (enum severity)i;
            return 0;
        }
    }
    return -1;
}

const char *severity_name(enum severity s)
{
    return (unsigned)s <= SEVERITY_ERROR ? severity_names[s] : "error";
}

struct finding *finding_add(struct finding_list *list, enum finding_code code, struct span span,
                            const char *fmt, ...)
{
    if (list->count == list->cap) {
        list->cap = list->cap ? list->cap * 2 : 4;
        list->items = xrealloc(list->items, list->cap * sizeof *list->items);
    }
    struct finding *f = &list->items[list->count++];
    memset(f, 0, sizeof *f);
    f->code = code;
    f->span = span;
    va_list ap;
    va_start(ap, fmt);
    f->message = vformat(fmt, ap);
    va_end(ap);
    return f;
}

void finding_add_related(struct finding *f, const char *path, struct span span, const char *fmt,
                         ...)
{
    f->related = xrealloc(f->related, (f->nrelated + 1) * sizeof *f->related);
    struct finding_related *r = &f->related[f->nrelated++];
    r->path = path ? xstrdup(path) : NULL;
    r->span = span;
    va_list ap;
    va_start(ap, fmt);
    r->message = vformat(fmt, ap);
    va_end(ap);
}

void finding_set_suggestions(struct finding *f, const char *const *list, size_t n)
{
    if (f->suggestions) {
        for (char **s = f->suggestions; *s; s++) free(*s);
        free(f->suggestions);
    }
    f->suggestions = NULL;
    if (!n) return;
    f->suggestions = xrealloc(NULL, (n + 1) * sizeof *f->suggestions);
    for (size_t i = 0; i < n; i++) f->suggestions[i] = xstrdup(list[i]);
    f->suggestions[n] = NULL;
}

static void finding_clear(struct finding *f)
{
    free(f->message);
    for (size_t i = 0; i < f->nrelated; i++) {
        free(f->related[i].path);
        free(f->related[i].message);
    }
    free(f->related);
    finding_set_suggestions(f, NULL, 0);
}

void finding_list_clear(struct finding_list *list)
{
    if (!list) return;
    for (size_t i = 0; i < list->count; i++) finding_clear(&list->items[i]);
    free(list->items);
    list->items = NULL;
    list->count = list->cap = 0;
}

void finding_list_move(struct finding_list *dst, struct finding_list *src)
{
    if (!src->count) return;
    if (dst->count + src->count > dst->cap) {
        dst->cap = dst->count + src->count;
        dst->items = xrealloc(dst->items, dst->cap * sizeof *dst->items);
    }
    memcpy(dst->items + dst->count, src->items, src->count * sizeof *src->items);
    dst->count += src->count;
    free(src->items);
    src->items = NULL;
    src->count = src->cap = 0;
}

void finding_list_append_copy(struct finding_list *dst, const struct finding_list *src)
{
    for (size_t i = 0; i < src->count; i++) {
        const struct finding *f = &src->items[i];
        struct finding *c = finding_add(dst, f->code, f->span, "%s", f->message);
        for (size_t k = 0; k < f->nrelated; k++)
            finding_add_related(c, f->related[k].path, f->related[k].span, "%s",
                                f->related[k].message);
        if (f->suggestions) {
            size_t n = 0;
            while (f->suggestions[n]) n++;
            finding_set_suggestions(c, (const char *const *)f->suggestions, n);
        }
    }
}

static int compare_findings(const void *a, const void *b)
{
    const struct finding *x = a, *y = b;
    if (x->span.off != y->span.off) return x->span.off < y->span.off ? -1 : 1;
    if (x->code != y->code) return x->code < y->code ? -1 : 1;
    if (x->span.len != y->span.len) return x->span.len < y->span.len ? -1 : 1;
    return strcmp(x->message, y->message);
}

void finding_list_sort(struct finding_list *list)
{
    if (list->count > 1) qsort(list->items, list->count, sizeof *list->items, compare_findings);
}
