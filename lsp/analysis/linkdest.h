/* linkdest.h — decides whether a link destination names a glossary article and which: prefix +
 * slug (+ trailing '/', '#fragment', '?query'), a relative *.md path, or "#fragment" on the same
 * page. Must never consult the index: resolution across articles happens in checks.c. */
#ifndef GLOSSARY_LINKDEST_H
#define GLOSSARY_LINKDEST_H

#include "span.h"
#include "summary.h"

/** Interprets the destination url (NUL-terminated, as cmark decoded it: escapes and entities
 *  resolved, percent-escapes kept) of a link written at dest in text, in the article at path
 *  (workspace-relative). On an internal link returns 0 and fills out's target, slug, fragment,
 *  prefix, slug_span and frag_span (the strings are new copies the caller owns); the other fields
 *  are left alone. Returns -1 for anything else (external URLs, mailto:, images and other assets,
 *  paths that are not articles), leaving out untouched.
 *  Rules: a scheme ("https:") or "//" is external. "#x" is LINK_TO_SELF. Otherwise the LONGEST of
 *  opts->prefixes that starts url is taken; the rest, without "#fragment", "?query", one trailing
 *  '/' and a trailing ".md", must be a non-empty percent-decoded slug without '/' (none decoded
 *  from "%2F" either), other than "." and "..", and without an asset extension (.png, .pdf, ...).
 *  With no prefix match, a path ending in ".md" is resolved against path's folder ("." and ".."
 *  segments, also percent-encoded; leaving the workspace gives slug NULL). */
int linkdest_interpret(const char *url, const char *text, struct span dest, const char *path,
                       const struct analysis_opts *opts, struct summary_link *out);

/** Percent-decodes s[0..n) into a new string (caller frees). Malformed escapes are kept as
 *  written; a decoding that is not valid UTF-8 gives the undecoded text. */
char *linkdest_percent_decode(const char *s, size_t n);

#endif
