/* yamltree.h — YAML text to a positioned value tree, through libyaml's event API: byte ranges for
 * every key and value, YAML 1.2 core-schema scalars, duplicate keys, bounded alias expansion.
 * Must never recurse on document structure or grow without bound: hostile YAML is a finding. */
#ifndef GLOSSARY_YAMLTREE_H
#define GLOSSARY_YAMLTREE_H

#include <stddef.h>
#include <stdint.h>

#include "finding.h"
#include "value.h"

#define YAMLTREE_MAX_NODES 100000u /* nodes per document, aliases expanded */
#define YAMLTREE_MAX_DEPTH 1000u   /* nesting of collections */

/** Parses the first YAML document of yaml[0..len), a slice that starts at byte offset base of its
 *  document (every range in the tree and the findings is base + offset in the slice). Appends
 *  FINDING_FRONTMATTER_SYNTAX findings (libyaml's errors at their byte, invalid UTF-8, budgets)
 *  and FINDING_FRONTMATTER_DUPLICATE_KEY findings (on the second key, related to the first).
 *  Returns the owned tree, or NULL when the slice holds no document or parsing failed. */
struct value *yamltree_parse(const char *yaml, size_t len, uint32_t base,
                             struct finding_list *findings);

#endif
