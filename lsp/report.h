/* report.h — what `glossary-ls check` found, and its three renderings: text for people
 * (path:line:col: severity: message [code]), JSON (LSP Diagnostic objects per file) and SARIF
 * 2.1.0 for GitHub code scanning. Must never decide what is reported: check.c collects. */
#ifndef GLOSSARY_REPORT_H
#define GLOSSARY_REPORT_H

#include <stdio.h>

#include "diagnostic.h"
#include "engine.h"
#include "finding.h"
#include "text.h"

/* A place of a finding, positioned when the findings were collected: the report keeps no texts
 * (at 429,000 articles those of the articles with findings took 0.8 GB until it was written). */
struct report_place {
    struct diagnostic_range range; /* in UTF-16 code units (JSON, SARIF) */
    uint32_t column;               /* the start's character counted in Unicode characters (text) */
    int known;                     /* 0: in another document that could not be read */
};

struct report_file {
    char *display;             /* path as shown: relative to the current folder when inside it */
    char *uri;                 /* file:// URI */
    struct engine *engine;     /* the workspace it belongs to (borrowed) */
    char *rel;                 /* workspace-relative path */
    struct finding_list findings; /* shown findings, sorted by position */
    enum severity *severity;   /* parallel to findings */
    struct report_place *places; /* for each finding in turn: its own place, then one for each
                                    of its related places */
};

/* Reads another document of the workspace (workspace-relative rel) for report_places: its text
 * (new, NUL-terminated) in *text and *len. Returns 0, or -1 when it cannot be read. */
typedef int (*report_read_fn)(void *ctx, const char *rel, char **text, size_t *len);

/** Positions the places of findings in the text text[0..len) (NULL: every place at 0:0) and, for
 *  related places in other documents, in the texts read through read (may be NULL: such places
 *  are unknown). Returns a new array laid out as report_file.places (NULL when there are no
 *  findings). Thread-safe when read is. */
struct report_place *report_places(const struct finding_list *findings, const char *text,
                                   size_t len, report_read_fn read, void *ctx);

struct report {
    struct report_file *files; /* sorted by display path */
    size_t nfiles;
    size_t articles;           /* articles checked */
    size_t counts[SEVERITY_ERROR + 1];
};

/** Writes the text rendering to out: one line per finding (1-based line, 1-based column counted
 *  in Unicode characters), then a summary line. */
void report_text(FILE *out, const struct report *r);

/** Writes the JSON rendering: [{ "uri", "path", "diagnostics": [LSP Diagnostic] }] with 0-based
 *  lines and UTF-16 characters, for files with at least one finding. Returns 0, -1 on a write error. */
int report_json(FILE *out, const struct report *r);

/** Writes a SARIF 2.1.0 log (one run, rules = finding codes, results with 1-based UTF-16 regions;
 *  artifact URIs relative to %SRCROOT% = the current folder where possible). Returns 0 or -1. */
int report_sarif(FILE *out, const struct report *r, const char *cwd);

/** Frees everything r owns. */
void report_free(struct report *r);

#endif
