/* diagnostic.h — findings as LSP 3.17 Diagnostic objects, the one place where a finding gets its
 * protocol shape: range in the negotiated encoding, numeric severity, code, codeDescription,
 * source, relatedInformation, data. Written as text (jsonw) for the diagnostics lists sent on
 * every keystroke and in reports; a jansson value of the same text for a code action. Must never
 * compute positions itself: text.c does. */
#ifndef GLOSSARY_DIAGNOSTIC_H
#define GLOSSARY_DIAGNOSTIC_H

#include <jansson.h>

#include "finding.h"
#include "jsonw.h"
#include "text.h"

/* Looks up another document for relatedInformation: its URI and line table (borrowed). Returns 0,
 * or -1 when unknown (the related place is then left out). */
typedef int (*diagnostic_resolve_fn)(void *ctx, const char *path, const char **uri,
                                     const struct text_lines **lines);

/** Returns the LSP severity number (1 error, 2 warning, 3 information, 4 hint) of s; 0 for off. */
int diagnostic_lsp_severity(enum severity s);

/** Returns the URL of the README section that explains code (static). */
const char *diagnostic_code_url(enum finding_code code);

/** Returns a new LSP Range object for span in the document with line table lines. */
json_t *diagnostic_range(const struct text_lines *lines, struct span span, enum text_encoding enc);

/* A range already positioned: lines and characters in the session's (or report's) encoding. */
struct diagnostic_range {
    struct text_pos start, end;
};

/* Gives related place i of a finding: its document's URI (borrowed until the call returns to
 * diagnostic_write_at's caller) and range. Returns 0, or -1 to leave the place out. */
typedef int (*diagnostic_related_fn)(void *ctx, size_t i, const char **uri,
                                     struct diagnostic_range *range);

/** Writes the LSP Diagnostic for f at severity sev (not off) from places already positioned, as
 *  the next value of w: range is f->span's, and related (may be NULL when f has no related
 *  places) gives each related place's. For a caller that no longer holds the texts (`check`
 *  positions its findings as it collects them). */
void diagnostic_write_at(struct jsonw *w, const struct finding *f, enum severity sev,
                         struct diagnostic_range range, diagnostic_related_fn related, void *ctx);

/** Returns the range of span in the document with line table lines, in enc. */
struct diagnostic_range diagnostic_range_at(const struct text_lines *lines, struct span span,
                                            enum text_encoding enc);

/** Writes the LSP Diagnostic for f at severity sev (not off) in the document whose line table is
 *  lines and whose URI is uri, as the next value of w; related places in other documents are
 *  resolved through resolve (may be NULL; a place it cannot resolve is left out). data carries
 *  {"code", "suggestions"} for quick fixes. Members in the order range, severity, code,
 *  codeDescription, source, message, relatedInformation (only with related places), data. */
void diagnostic_write(struct jsonw *w, const struct finding *f, enum severity sev,
                      const struct text_lines *lines, const char *uri, enum text_encoding enc,
                      diagnostic_resolve_fn resolve, void *ctx);

/** Returns a new jansson value of the Diagnostic diagnostic_write writes (same arguments). */
json_t *diagnostic_to_json(const struct finding *f, enum severity sev,
                           const struct text_lines *lines, const char *uri,
                           enum text_encoding enc, diagnostic_resolve_fn resolve, void *ctx);

#endif
