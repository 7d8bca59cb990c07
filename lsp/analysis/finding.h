/* finding.h — what the checks report: a stable code, a byte range, a message, related places.
 * The code table (names, default severities) lives here and nowhere else. Must never convert
 * positions or know LSP: lsp/diagnostic.c turns findings into protocol objects. */
#ifndef GLOSSARY_FINDING_H
#define GLOSSARY_FINDING_H

#include <stdarg.h>
#include <stddef.h>

#include "span.h"

/* Stable codes. Order is the order of the README table; append, never renumber in place. */
enum finding_code {
    FINDING_FRONTMATTER_MISSING,
    FINDING_FRONTMATTER_SYNTAX,
    FINDING_FRONTMATTER_DUPLICATE_KEY,
    FINDING_FRONTMATTER_SCHEMA,
    FINDING_FRONTMATTER_UNKNOWN_KEY, /* reported with code "frontmatter.schema", own severity knob */
    FINDING_LINK_BROKEN,
    FINDING_LINK_FRAGMENT,
    FINDING_LINK_SELF,
    FINDING_HIGHLIGHTS_MISSING,
    FINDING_HIGHLIGHTS_EMPTY,
    FINDING_HEADING_NO_SPACE,
    FINDING_LIST_DASH_BULLET,
    FINDING_SLUG_DUPLICATE,
    FINDING_FILE_UNREADABLE,
    FINDING_FILE_ENCODING,
    FINDING_CONFIG_INVALID,
    FINDING_MENTION_UNLINKED,
    FINDING_CODE_COUNT
};

enum severity {
    SEVERITY_OFF = 0,
    SEVERITY_HINT,
    SEVERITY_INFO,
    SEVERITY_WARNING,
    SEVERITY_ERROR,
};

/* A second place that explains a finding (the other article of a duplicate slug, the first of
 * two duplicate keys). path NULL means the same document. */
struct finding_related {
    char *path;    /* owned; workspace-relative path of the other document, or NULL */
    struct span span;
    char *message; /* owned */
};

struct finding {
    enum finding_code code;
    struct span span;
    char *message; /* owned, one sentence naming the thing and the fix */
    struct finding_related *related; /* owned array */
    size_t nrelated;
    char **suggestions; /* owned NULL-terminated list (closest slugs, allowed values) or NULL */
};

struct finding_list {
    struct finding *items;
    size_t count;
    size_t cap;
};

/** Returns the code's stable public name, e.g. "link.broken" (static). Both schema codes return
 *  "frontmatter.schema". */
const char *finding_code_name(enum finding_code code);

/** Returns the name of the code's severity setting in the configuration, e.g. "link.broken", or
 *  "frontmatter.schema.unknown-key" for FINDING_FRONTMATTER_UNKNOWN_KEY (static). */
const char *finding_severity_key(enum finding_code code);

/** Returns the code for a severity setting name (as finding_severity_key gives), or -1. */
int finding_code_from_key(const char *key);

/** Returns the default severity of code. */
enum severity finding_default_severity(enum finding_code code);

/** Returns a one-line English description of code for rule tables (static). */
const char *finding_code_summary(enum finding_code code);

/** Parses "error|warning|info|hint|off" into *out. Returns 0, or -1 when s is none of them. */
int severity_parse(const char *s, enum severity *out);

/** Returns "error", "warning", "info", "hint" or "off" (static). */
const char *severity_name(enum severity s);

/** Appends a finding with a printf-formatted message and returns it (valid until the next add).
 *  Out of memory aborts. */
struct finding *finding_add(struct finding_list *list, enum finding_code code, struct span span,
                            const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/** Adds a related place to f; copies path (may be NULL) and formats the message. */
void finding_add_related(struct finding *f, const char *path, struct span span, const char *fmt,
                         ...) __attribute__((format(printf, 4, 5)));

/** Sets f's suggestions to copies of the n strings in list. */
void finding_set_suggestions(struct finding *f, const char *const *list, size_t n);

/** Frees the contents of every finding and the array; leaves an empty list. NULL is a no-op. */
void finding_list_clear(struct finding_list *list);

/** Appends deep copies of src's findings to dst. */
void finding_list_append_copy(struct finding_list *dst, const struct finding_list *src);

/** Moves all findings of src to the end of dst; src is left empty. */
void finding_list_move(struct finding_list *dst, struct finding_list *src);

/** Sorts findings by span offset, then code (stable order for output and tests). */
void finding_list_sort(struct finding_list *list);

#endif
