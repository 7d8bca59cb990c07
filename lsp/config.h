/* config.h — the glossary configuration (.glossary.yaml and editor settings): its defaults, and
 * reading it from a value tree with a finding, at the exact key or value, for everything wrong.
 * Must never fail or do I/O: a bad setting is reported and its default kept. */
#ifndef GLOSSARY_CONFIG_H
#define GLOSSARY_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "finding.h"
#include "summary.h"
#include "value.h"

/* One `glossaries:` entry. A plain string is a glob of root folders; each match is a glossary. */
struct config_glossary {
    char *path;        /* folder or glob, relative to the configuration's folder */
    char *link_prefix; /* NULL: the configuration's link_prefix */
    char *name;        /* NULL: the matched folder's name */
    struct span span;  /* where the entry is written, for findings */
};

struct config {
    struct config_glossary *glossaries; /* none: one glossary at the root */
    size_t nglossaries;
    char **exclude; /* globs of workspace-relative paths never read */
    size_t nexclude;
    enum slug_source slug_source;
    char *slug_field; /* for SLUG_FROM_FRONTMATTER */
    int slug_case_insensitive;
    char *link_prefix; /* default "/" */
    char **link_patterns; /* POSIX extended regexes, group 1 = slug; each compiles (checked) */
    size_t nlink_patterns;
    char **highlight_headings; /* as configured (not folded) */
    size_t nhighlight_headings;
    uint32_t highlights_min_items;
    int highlights_required;
    char *schema_path;       /* relative to the configuration file; NULL: the embedded schema */
    struct span schema_span; /* where schema_path is written, for findings about the file */
    enum severity severity[FINDING_CODE_COUNT];
    uint32_t debounce_ms; /* language server: delay before diagnostics are published */
};

/** Fills c with the defaults: one glossary at the root, slugs from file names, case-sensitive,
 *  link prefix "/", the multilingual highlights headings with min_items 1 and required, the
 *  embedded schema, every code at its default severity, debounce 100 ms. Free with config_free. */
void config_init(struct config *c);

/** Frees everything c owns and zeroes it. */
void config_free(struct config *c);

/** Applies the settings in tree (the parsed .glossary.yaml, or editor settings; may be NULL) on top
 *  of c. Appends a FINDING_CONFIG_INVALID to findings, at the offending key or value, for each
 *  unknown key, wrong type, bad value or regex that does not compile; the setting keeps its
 *  previous value. Positions are byte offsets in the text the tree came from. */
void config_apply(struct config *c, const struct value *tree, struct finding_list *findings);

/** Returns the severity c gives code. */
enum severity config_severity(const struct config *c, enum finding_code code);

/** Returns the built-in highlights headings (static, NULL-terminated). */
const char *const *config_default_highlights(void);

#endif
