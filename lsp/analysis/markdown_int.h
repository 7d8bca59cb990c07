/* markdown_int.h — what markdown.c (the cmark walk) and markdown_fast.c (the one-pass reader of
 * plain articles) share, and the two readers themselves for the test that compares them. Not for
 * the rest of the server: summary.c calls md_outline_read. Must never declare anything that keeps
 * state between calls. */
#ifndef GLOSSARY_MARKDOWN_INT_H
#define GLOSSARY_MARKDOWN_INT_H

#include <stddef.h>
#include <stdint.h>

#include "markdown.h"
#include "mdlink.h"
#include "xalloc.h"

/* Appends item to the array arr of n items (grown by xgrow). */
#define PUSH(arr, n, item)                                                                         \
    do {                                                                                           \
        (arr) = xgrow((arr), (n), sizeof *(arr));                                                  \
        (arr)[(n)++] = (item);                                                                     \
    } while (0)

/** Appends to out->links the reference definition m scanned in src (mdlink_scan_def): its span,
 *  destination, decoded url and label as written, with no uses yet. */
void md_add_def_link(const char *src, const struct mdlink *m, struct md_outline *out);

/** Sorts out->links into source order (no two start at the same byte). */
void md_sort_links(struct md_outline *out);

/** Appends to out the "##Text" and "– text" defects of one paragraph line src[i..e) (i is where
 *  the paragraph's text starts on that line, e is before its line break). */
void md_line_defects(const char *src, size_t i, size_t e, struct md_outline *out);

/** Reads text[0..len) with the one-pass reader when the body (from body_off) is written in the
 *  plain subset markdown_fast.c describes. Returns 1 and fills *out exactly as md_outline_cmark
 *  would; returns 0 and leaves *out empty (nothing to free) for any other body. text_valid as for
 *  md_outline_read. */
int md_outline_fast(const char *text, size_t len, uint32_t body_off, int text_valid,
                    struct md_outline *out);

/** Reads text[0..len) with cmark, whatever it holds. Same contract as md_outline_read. */
void md_outline_cmark(const char *text, size_t len, uint32_t body_off, int text_valid,
                      struct md_outline *out);

#endif
