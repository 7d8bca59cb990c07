/* mdlink.h — a small scanner for CommonMark link syntax in source bytes: link text with nested
 * brackets and code spans, inline destinations and titles, autolinks, reference definitions, and
 * the decoding of escapes and entities. markdown.c uses it to find, byte for byte, the links
 * cmark reports. Must never decide what is a link on its own: cmark has the last word. */
#ifndef GLOSSARY_MDLINK_H
#define GLOSSARY_MDLINK_H

#include <stddef.h>

/* A scanned link or definition; offsets are into the scanned buffer. */
struct mdlink {
    size_t start, end;           /* '[' (or '<') .. one past ')' / ']' / '>' / definition end */
    size_t text_start, text_end; /* link text between the brackets (label for definitions) */
    size_t dest_start, dest_end; /* destination without <>; empty for reference links */
    size_t label_start, label_end; /* [text][label]: the label (may be empty); else = text */
    int kind;                    /* MDLINK_INLINE, MDLINK_REFERENCE, MDLINK_AUTOLINK, MDLINK_DEF */
};

enum { MDLINK_INLINE, MDLINK_REFERENCE, MDLINK_AUTOLINK, MDLINK_DEF };

/** Scans a link starting at s[pos] == '[' within s[0..end): its text up to the matching ']'
 *  (escapes and code spans respected), then an inline tail "(dest title)" or a reference tail
 *  "[label]", "[]" or nothing (shortcut). Returns 1 and fills *out, or 0 when the brackets do not
 *  close. */
int mdlink_scan(const char *s, size_t pos, size_t end, struct mdlink *out);

/** Scans an autolink at s[pos] == '<': "<scheme:...>" or "<user@host>". Returns 1 or 0. */
int mdlink_scan_autolink(const char *s, size_t pos, size_t end, struct mdlink *out);

/** Scans link reference definitions at s[pos] (after the line's container prefix):
 *  "[label]: dest 'title'", the destination or title possibly on the next line. Returns 1 and
 *  fills *out (out->end is the end of the definition's last line, before its line break), or 0. */
int mdlink_scan_def(const char *s, size_t pos, size_t end, struct mdlink *out);

/** Returns the new NUL-terminated decoding of s[0..n): backslash escapes of ASCII punctuation and
 *  HTML entity references (numeric ones and the common named ones) resolved, as cmark does for
 *  destinations. Sets *complete to 0 when an entity was not recognised (kept as written). */
char *mdlink_decode(const char *s, size_t n, int *complete);

/** Returns the new normalised form of a link label s[0..n) for matching: case-folded, inner
 *  whitespace runs collapsed to one space, trimmed, escapes kept. */
char *mdlink_normalize_label(const char *s, size_t n);

/** Returns the end of the code span starting at s[pos] == '`' (one past its closing backtick run)
 *  or pos + the length of the opening run when it never closes. */
size_t mdlink_skip_code(const char *s, size_t pos, size_t end);

#endif
