/* frontmatter.h — finds the YAML front-matter block at the top of an article and parses it with
 * libyaml into a value tree whose every key and value carries its exact byte range.
 * Must never fail on any input: problems (no block, YAML errors, duplicate keys) become findings. */
#ifndef GLOSSARY_FRONTMATTER_H
#define GLOSSARY_FRONTMATTER_H

#include <stddef.h>

#include "finding.h"
#include "span.h"
#include "value.h"

struct frontmatter {
    int present;          /* 1 when an opening delimiter line was found at the top */
    int closed;           /* 1 when its closing line (--- or ...) was found */
    struct span block;    /* opening delimiter through the closing line's line break */
    struct span open;     /* the opening delimiter itself ("---"), without the line break */
    struct span yaml;     /* the YAML text between the delimiter lines */
    uint32_t body_off;    /* first byte of the Markdown body (== BOM length when !present) */
    struct value *tree;   /* owned: the first YAML document, NULL when the block is empty or the
                             YAML could not be parsed at all; may be any kind (not only a mapping) */
};

/** Splits and parses the front matter of text (len bytes; may hold NULs, need not be
 *  NUL-terminated). Rules: an optional UTF-8 BOM, then a line that is exactly "---" (trailing
 *  spaces/tabs allowed, LF or CRLF or CR), then YAML, then a line that is "---" or "...".
 *  Appends to findings: FINDING_FRONTMATTER_MISSING (no block; span = 0-length at body start),
 *  FINDING_FRONTMATTER_SYNTAX (unclosed block, libyaml errors with libyaml's message at the exact
 *  byte, invalid UTF-8 in the YAML), FINDING_FRONTMATTER_DUPLICATE_KEY (span = the second key,
 *  related = the first key). Values: YAML 1.2 core schema for plain scalars (null, bool, int,
 *  float), every quoted or block scalar is a string; aliases are expanded (with a size budget that
 *  stops "billion laughs" with a finding); tags !!str !!int !!float !!bool !!null are honoured.
 *  Byte ranges are offsets into text (not into the YAML slice). Fills *out (caller frees with
 *  frontmatter_clear). */
void frontmatter_parse(const char *text, size_t len, struct frontmatter *out,
                       struct finding_list *findings);

/** Frees out's tree and zeroes it. */
void frontmatter_clear(struct frontmatter *fm);

/** Parses a whole YAML file (such as .glossary.yaml) into a value tree with byte ranges, with the
 *  same rules and findings as the front matter (FINDING_FRONTMATTER_SYNTAX and _DUPLICATE_KEY are
 *  used; callers may re-code them). Returns the owned tree or NULL (empty file or fatal error). */
struct value *yaml_tree_parse(const char *text, size_t len, struct finding_list *findings);

#endif
