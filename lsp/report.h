/* report.h — what `glossary-ls check` found, and its three renderings: text for people
 * (path:line:col: severity: message [code]), JSON (LSP Diagnostic objects per file) and SARIF
 * 2.1.0 for GitHub code scanning. Must never decide what is reported: check.c collects. */
#ifndef GLOSSARY_REPORT_H
#define GLOSSARY_REPORT_H

#include <stdio.h>

#include "engine.h"
#include "finding.h"
#include "text.h"

struct report_file {
    char *display;             /* path as shown: relative to the current folder when inside it */
    char *uri;                 /* file:// URI */
    struct engine *engine;     /* the workspace it belongs to (borrowed) */
    char *rel;                 /* workspace-relative path */
    struct text_lines lines;   /* of the text the findings refer to (may be empty) */
    char *text_own;            /* text owned by the report (config files), else NULL */
    struct finding_list findings; /* shown findings, sorted by position */
    enum severity *severity;   /* parallel to findings */
};

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
