/* slugify.h — the text normalisations the glossary compares by: simple Unicode case folding
 * (slugs, highlights headings, titles) and GitHub-style heading ids (link fragments).
 * Must never depend on the C locale: results are the same on every machine and thread. */
#ifndef GLOSSARY_SLUGIFY_H
#define GLOSSARY_SLUGIFY_H

#include <stddef.h>
#include <stdint.h>

/** Returns the simple lowercase of code point cp for Latin (incl. Latin-1, Extended-A and
 *  Extended Additional), Greek, Cyrillic and Armenian letters; any other cp unchanged. */
uint32_t slugify_lower_cp(uint32_t cp);

/** Case-folds s[0..len) into a new NUL-terminated string (caller frees); *out_len (may be NULL)
 *  gets its length in bytes. Invalid UTF-8 bytes are copied unchanged. */
char *slugify_fold(const char *s, size_t len, size_t *out_len);

/** The same into out, which has room for len + 1 bytes (folding never grows the text). Returns
 *  the folded length in bytes; out is NUL-terminated. Allocates nothing. */
size_t slugify_fold_into(const char *s, size_t len, char *out);

/** Compares a[0..alen) and b[0..blen) case-insensitively (as slugify_fold would). Returns 1 when
 *  equal, 0 otherwise. Allocates nothing. */
int slugify_equal_folded(const char *a, size_t alen, const char *b, size_t blen);

/** Returns the GitHub-style id of a heading whose plain text is s (NUL-terminated): lowercased,
 *  punctuation and symbols removed (hyphen and underscore kept), each space turned into '-'.
 *  Letters, digits and marks of any script are kept. Caller frees. */
char *slugify_heading_id(const char *s);

/* Assigns unique ids to the headings of one document the way GitHub does: the second "Intro"
 * becomes "intro-1", the third "intro-2". A hash set keeps it linear in the headings (a 50 MB
 * article has hundreds of thousands). */
struct slugify_ids {
    char **ids;    /* every id handed out so far (owned) */
    size_t *seen;  /* per original id: how many times it was asked for again */
    size_t count;
    size_t cap;
    size_t *slots; /* open addressing: index + 1 into ids, 0 when empty */
    size_t nslots; /* a power of two, more than twice count */
};

/** Returns the unique id for a heading with plain text s, recording it in ids. The returned
 *  string is a new copy the caller owns. */
char *slugify_unique_id(struct slugify_ids *ids, const char *s);

/** Frees everything ids owns and zeroes it. */
void slugify_ids_clear(struct slugify_ids *ids);

#endif
