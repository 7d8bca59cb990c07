/* markdown.h — reads the Markdown body of an article with cmark and returns its outline: headings,
 * link destinations, reference definitions, top-level lists, code regions, and the two defects
 * cmark hides inside paragraphs ("##Text" lines and en/em-dash bullets). Every range is a byte
 * offset verified against the source text. Must never interpret destinations as slugs (summary.c
 * does) and never fail: any input gives an outline. */
#ifndef GLOSSARY_MARKDOWN_H
#define GLOSSARY_MARKDOWN_H

#include <stddef.h>
#include <stdint.h>

#include "span.h"

struct md_heading {
    uint8_t level;     /* 1..6 */
    uint8_t setext;    /* 1 for underlined headings */
    struct span span;  /* the whole heading: "## Text ##" line(s), without the final line break */
    struct span text;  /* the heading's content as written (after "## ", before closing #s) */
    char *plain;       /* owned: the rendered text, inlines flattened ("Key *takeaways*" ->
                          "Key takeaways"), entities and escapes resolved */
};

enum md_link_kind {
    MD_LINK_INLINE, /* [text](dest "title") — also [text](<dest>) */
    MD_LINK_REFDEF, /* [label]: dest "title" — a link reference definition */
};

struct md_link {
    enum md_link_kind kind;
    struct span span;   /* INLINE: "[" through ")"; REFDEF: "[" through the end of dest/title */
    struct span dest;   /* the destination as written, without <> ; len 0 for "[x]()" */
    char *url;          /* owned: the destination as cmark decodes it (escapes and entities
                           resolved, percent-escapes kept) */
    char *label;        /* owned: REFDEF only, the label as written; NULL for INLINE */
    uint32_t uses;      /* REFDEF only: how many reference links ([x][label], [label]) use it */
};

/* A list that sits directly in the document (not inside another list or a block quote). */
struct md_list {
    struct span span;       /* the whole list */
    uint32_t items;         /* number of its items (nested lists not counted) */
    struct span *item_spans;/* owned, items entries: each item without its trailing line break */
};

/* A paragraph line that looks like a heading without the space: "##Høydepunkter". */
struct md_nospace {
    struct span span;       /* from the first '#' to the end of the line (no line break) */
    uint8_t hashes;         /* number of leading '#' (1..6) */
    struct span text;       /* the text after the hashes, trimmed */
};

/* A paragraph line that starts with an en dash (U+2013) or em dash (U+2014) and a space. */
struct md_dash {
    struct span dash;       /* the dash character itself (3 bytes) */
    struct span line;       /* the whole line from the dash, without the line break */
};

struct md_outline {
    struct md_heading *headings; size_t nheadings;
    struct md_link *links;       size_t nlinks;     /* in source order */
    struct md_list *lists;       size_t nlists;     /* document-level lists, in source order */
    struct md_nospace *nospace;  size_t nnospace;
    struct md_dash *dashes;      size_t ndashes;
    struct span *code;           size_t ncode;      /* code blocks, HTML blocks and code spans:
                                                       regions where link patterns do not apply */
};

/** Reads text[0..len) as CommonMark (cmark 0.30) and fills *out. Bytes before body_off (the front
 *  matter) are treated as blank, keeping line numbers and offsets unchanged. text need not be
 *  NUL-terminated and may contain NULs or invalid UTF-8; text_valid = 1 says the caller has
 *  checked that it holds neither, which saves a pass. A body in the plain subset of
 *  markdown_fast.c is read without cmark, with the same result. Caller frees with
 *  md_outline_clear. */
void md_outline_read(const char *text, size_t len, uint32_t body_off, int text_valid,
                     struct md_outline *out);

/** md_outline_read of a text that may hold anything (text_valid = 0). */
void md_outline_parse(const char *text, size_t len, uint32_t body_off, struct md_outline *out);

/** Frees everything owned by out and zeroes it. */
void md_outline_clear(struct md_outline *out);

#endif
