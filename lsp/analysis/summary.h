/* summary.h — the immutable summary of one article: slug, title, description, keywords, headings
 * (with ids), internal links (slug, fragment, exact byte ranges), the highlights section, and the
 * findings that need nothing but the article itself. Built from text in one call that never fails.
 * Must never keep pointers into the text or into cmark/libyaml trees: everything is copied out. */
#ifndef GLOSSARY_SUMMARY_H
#define GLOSSARY_SUMMARY_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#include "finding.h"
#include "schema.h"
#include "span.h"

enum slug_source {
    SLUG_FROM_FILENAME,    /* returnoninvestment.md -> returnoninvestment */
    SLUG_FROM_FOLDER,      /* abstraction/index.md -> abstraction (else as filename) */
    SLUG_FROM_FRONTMATTER, /* the front-matter field opts->slug_field (else as filename) */
};

/* What an article's analysis depends on besides its text. Borrowed by summary_new for the call
 * only; shared read-only by every thread. */
struct analysis_opts {
    const char *const *prefixes; /* every glossary's link prefix, distinct, LONGEST FIRST */
    size_t nprefixes;
    enum slug_source slug_source;
    const char *slug_field;        /* for SLUG_FROM_FRONTMATTER, e.g. "id" */
    const char *const *highlight_names;  /* highlights headings, already case-folded */
    const char *const *highlight_labels; /* the same headings as configured, for messages */
    size_t nhighlight_names;
    uint32_t highlights_min_items;
    int highlights_required;
    const struct schema *schema;   /* may be NULL: no schema check */
    const regex_t *patterns;       /* extra link syntaxes (REG_EXTENDED); group 1 is the slug */
    size_t npatterns;
    int ranges;                    /* fill the summary_range fields (the language server answers
                                      references and renames from them; `check` keeps texts) */
    int range_encoding;            /* enum text_encoding of their characters */
    uint64_t memo_key;             /* nonzero and unique to these options (summary_memo_key):
                                      summary_new_memo may reuse a summary_memo made with them;
                                      0: it never does */
};

/* A position precomputed in the session's encoding (opts->range_encoding), so ranges in articles
 * that are not open can be given without reading them again. */
struct summary_pos {
    uint32_t line;      /* 0-based */
    uint32_t character; /* in opts->range_encoding units: UTF-8 bytes, UTF-16 units or
                           code points */
};

struct summary_range {
    struct summary_pos start, end;
};

enum link_target {
    LINK_TO_SLUG, /* resolve `slug` in the glossary chosen by `prefix` */
    LINK_TO_PATH, /* a relative *.md link: `slug` holds the workspace-relative target path */
    LINK_TO_SELF, /* "#fragment" only: a heading of this article */
};

enum link_syntax {
    LINK_SYNTAX_INLINE,  /* [text](dest) */
    LINK_SYNTAX_REFDEF,  /* [label]: dest */
    LINK_SYNTAX_PATTERN, /* a configured link pattern */
};

struct summary_link {
    struct span span;      /* the whole link as written */
    struct span dest;      /* the destination as written */
    struct span slug_span; /* the slug (or relative path) inside dest, for replacing it */
    struct span frag_span; /* "#fragment" inside dest, including '#'; len 0 when none */
    char *slug;            /* owned: percent-decoded slug as written, or the resolved path;
                              NULL for LINK_TO_SELF and for a relative path leaving the workspace */
    char *fragment;        /* owned: percent-decoded fragment without '#', or NULL */
    int prefix;            /* LINK_TO_SLUG with a prefix: index into opts->prefixes;
                              -1 for pattern links (resolve in the article's own glossary) */
    enum link_target target;
    enum link_syntax syntax;
    struct summary_range span_range; /* span (with opts->ranges) */
    struct summary_range slug_range; /* slug_span (with opts->ranges) */
};

struct summary_heading {
    uint8_t level;
    struct span span;  /* the heading line(s) */
    struct summary_range range; /* span (with opts->ranges) */
    char *text;        /* owned: plain text */
    char *id;          /* owned: unique GitHub-style id within the article */
};

struct summary {
    char *path;        /* owned: workspace-relative path, '/'-separated */
    char *slug;        /* owned: the article's slug as declared (never NULL; may be "") */
    struct span slug_span; /* where the slug is written (front-matter value), else len 0 */
    struct summary_range slug_range; /* slug_span (with opts->ranges) */
    char *title;       /* owned: front-matter title, else the first H1, else NULL */
    struct span title_span; /* where the title is written */
    struct summary_range title_range; /* the first H1 heading, else the title value, else 0:0 */
    char *description; /* owned or NULL */
    char **keywords;   /* owned: split on commas when given as a string */
    size_t nkeywords;
    struct summary_heading *headings;
    size_t nheadings;
    struct summary_link *links; /* internal links, in source order */
    size_t nlinks;
    int32_t highlights_heading; /* index into headings, or -1 */
    uint32_t highlights_items;
    char **highlights;          /* owned: the bullets' text (first line, trimmed) */
    size_t nhighlights;
    struct span frontmatter;    /* the front-matter block, len 0 when absent */
    struct span *code;          /* owned: code blocks, HTML blocks and code spans */
    size_t ncode;
    uint32_t text_len;          /* length of the text the summary was built from */
    struct finding_list findings; /* the article's own findings (front matter, highlights,
                                     headings, bullets, encoding), sorted by position */
    int packed;                   /* everything above is in one block (summary_pack) */
};

/** Builds the summary of the article text[0..len) at workspace-relative path (copied). Never
 *  fails: any problem becomes a finding. Texts of 4 GiB or more are cut to their first
 *  4 GiB - 1 bytes. Thread-safe for distinct calls. Returns a new summary (free with summary_free). */
struct summary *summary_new(const char *text, size_t len, const char *path,
                            const struct analysis_opts *opts);

/* What summary_new_memo keeps between two analyses of one open document: what its front matter
 * gave (fields, findings) and the bytes it was read from. Opaque (summary.c). */
struct summary_memo;

/** Returns a key no other call returns (thread-safe, never 0), for analysis_opts.memo_key. */
uint64_t summary_memo_key(void);

/** Returns a new, empty memo. Free with summary_memo_free (NULL is a no-op). */
struct summary_memo *summary_memo_new(void);
void summary_memo_free(struct summary_memo *m);

/** summary_new, equal to it field by field, for a text analysed again and again (a document
 *  being typed in): when memo holds the front matter of a text that starts with the same bytes,
 *  through the closing delimiter's line feed, made with the same opts->memo_key (nonzero), the
 *  front matter is not parsed nor checked again. memo then holds this text's. memo NULL:
 *  summary_new. Borrows memo for the call (one thread at a time). */
struct summary *summary_new_memo(const char *text, size_t len, const char *path,
                                 const struct analysis_opts *opts, struct summary_memo *memo);

/** Moves s and everything it owns into one block (lsp/analysis/slab.c: cut from huge-page chunks
 *  in a thread that opted in, such as an indexer worker), frees the pieces and returns the packed
 *  summary, equal to s field by field. For summaries that live as long as the index. */
struct summary *summary_pack(struct summary *s);

/** Frees s and everything it owns (packed or not). summary_free(NULL) is a no-op. */
void summary_free(struct summary *s);

/** Returns the heading of s whose id equals id (NUL-terminated), or NULL. Borrowed from s. */
const struct summary_heading *summary_heading_by_id(const struct summary *s, const char *id);

/** Computes the slug the configuration gives a file at path (workspace-relative) when the slug does
 *  not come from front matter: the file name without ".md", or for SLUG_FROM_FOLDER and an
 *  "index.md"/"_index.md"/"README.md" file, its folder's name. Returns a new string. */
char *summary_slug_from_path(const char *path, enum slug_source source);

#endif
