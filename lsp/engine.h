/* engine.h — one workspace's glossary engine: its configuration (with findings on the config
 * file), compiled schema and analysis options, the article files, the index, and the findings of
 * any article. `glossary-ls check` and the language server both drive this.
 * Must never print or speak a protocol: callers report what it returns. */
#ifndef GLOSSARY_ENGINE_H
#define GLOSSARY_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "index.h"
#include "mentions.h"
#include "indexer.h"
#include "suggest.h"
#include "terms.h"
#include "summary.h"
#include "workspace.h"

/* One article file of the workspace. */
struct engine_file {
    char *path;        /* workspace-relative */
    uint32_t glossary;
    uint32_t id;       /* index id, or INDEX_NONE when the file could not be read */
    char *problem;     /* why it could not be read, or NULL */
    char *text;        /* the text analysed, when the engine keeps texts; else NULL */
    size_t len;
};

struct engine {
    char *root;          /* absolute workspace root */
    char *config_path;   /* absolute path of .glossary.yaml, or NULL */
    char *config_text;   /* its text (for positions), or NULL */
    size_t config_len;
    struct finding_list config_findings; /* problems of the configuration file */
    struct finding_list settings_findings; /* problems of the editor's settings (no positions) */
    char *schema_path;   /* absolute path of a configured schema, or NULL (embedded) */
    struct config cfg;
    struct schema *schema;
    char **prefixes;     /* distinct link prefixes, longest first */
    size_t nprefixes;
    char **highlight_names; /* folded */
    regex_t *patterns;
    size_t npatterns;
    struct analysis_opts opts;
    struct workspace ws;
    struct engine_file *files; /* parallel to ws.files */
    size_t nfiles;
    struct index *idx;
    struct suggester **suggesters; /* per glossary, built when first needed (fresh_suggester) */
    unsigned char *suggester_stale; /* per glossary: rebuild before use */
    int slugs_changed;             /* a slug appeared or disappeared: every suggester is stale */
    const char **paths;            /* the listed files' paths, for the indexer */
    const char **bases;            /* and their glossaries' folders */
    size_t npaths;                 /* how many files paths and bases were made for */
    int paths_prepared;            /* engine_prepare_index made them for the next index */
    int loose;                     /* documents outside every workspace: no link checks */
    struct terms *terms;           /* folded slugs and titles for completion (lazily) */
    struct mentions **mentions;    /* per glossary: the titles automaton (lazily), or NULL */
    int titles_changed;            /* a title or slug changed since the automata were built */
};

/** Opens the workspace at root: reads config_path when given (else finds .glossary.yaml in root or
 *  its nearest ancestor; a found file's folder becomes the root), applies the editor's settings
 *  (may be NULL) on top of it, loads the schema it names, and lists the article files. Mistakes in
 *  the configuration or schema become config_findings, mistakes in the settings
 *  settings_findings, and defaults are used. Returns 0 and a new engine (engine_free), or -1 with
 *  a sentence in err when root is not a folder or an explicitly given config file cannot be read. */
int engine_open(struct engine **out, const char *root, const char *config_path,
                const struct value *settings, char *err, size_t err_size);

/** Returns a new engine for documents outside every workspace: the default configuration with
 *  settings applied, the embedded schema, one glossary that takes any path, no files. Its articles
 *  get their own findings only (no link checks: their glossary is unknown). */
struct engine *engine_new_loose(const struct value *settings);

/** Makes summaries carry every link's and heading's range, with characters counted in encoding
 *  (enum text_encoding: the session's), for the language server, which answers references and
 *  renames without reading files. Call before indexing. */
void engine_keep_ranges(struct engine *e, int encoding);

/** Applies new editor settings that change only what is shown (severities, debounce): the
 *  configuration file is read again from memory and settings applied on top. */
void engine_apply_shown_settings(struct engine *e, const struct value *settings);

/** Frees the engine. NULL is a no-op. */
void engine_free(struct engine *e);

/** Reads and analyses every listed file on `threads` threads (0: one per online CPU), then files
 *  the summaries in the index and builds the suggesters. keep_text keeps each file's text in its
 *  engine_file (for position conversion). Blocks until done. Returns 0. */
int engine_index(struct engine *e, unsigned threads, int keep_text);

/** Starts indexing in the background: returns the indexer whose results the caller files with
 *  engine_file_result (on the thread that owns the engine) and finishes with engine_index_done.
 *  The engine's index exists (empty) from this call on. delay_ms: see indexer_start. */
struct indexer *engine_index_start(struct engine *e, unsigned threads, int keep_text,
                                   unsigned delay_ms);

/** Does ahead the part of engine_index_start that grows with the workspace: the empty index
 *  sized for the listed files, its memory mapped (index_touch). For the thread that opened the
 *  engine, so that the thread answering requests does not stop for it. Optional. */
void engine_prepare_index(struct engine *e);

/** Files one indexer result for listed file r->index (takes its summary, problem and text). With
 *  skip set (the editor has that document open and has filed its own text) the summary is
 *  dropped. */
void engine_file_result(struct engine *e, struct indexer_result *r, int skip);

/** Builds the "did you mean" tables once every result is filed. */
void engine_index_done(struct engine *e);

/** Reads the article at the workspace-relative path (an article of the workspace: see
 *  engine_glossary_of) only from inside its glossary's folder (workspace_read_article): for the
 *  files read after the first index (watched files, closed documents, pulled reports). Returns 0
 *  and a new NUL-terminated *text, or -1 with a sentence in err. */
int engine_read(const struct engine *e, const char *path, char **text, size_t *len, char *err,
                size_t err_size);

/** engine_read with the glossaries' folders already open: base_fds[g] is glossary g's folder
 *  (workspace_open_base, or -1 to open it for this call), for a caller that reads many articles
 *  (`check`); base_fds may be NULL. Borrowed; never closed here. */
int engine_read_at(const struct engine *e, const int *base_fds, const char *path, char **text,
                   size_t *len, char *err, size_t err_size);

/** Returns the glossary of the workspace-relative path, or -1 when the path is no article of the
 *  workspace (outside every glossary root, not *.md, excluded, with a "", "." or ".." segment,
 *  or not valid UTF-8). */
int engine_glossary_of(const struct engine *e, const char *path);

/** Analyses text as the article at the workspace-relative path (copied) with the engine's
 *  options, and files it, replacing the article already at that path. memo (may be NULL) is an
 *  open document's summary_memo: its front matter is then not read again while unchanged.
 *  Appends to affected (may be NULL) the other articles whose findings may change. Returns the
 *  article's index id, or INDEX_NONE when the path is no article of the workspace. */
uint32_t engine_put(struct engine *e, const char *path, const char *text, size_t len,
                    struct summary_memo *memo, struct index_affected *affected);

/** Removes the article at path, if any, appending the affected articles. */
void engine_remove(struct engine *e, const char *path, struct index_affected *affected);

/** Appends to out every finding of live article id at any severity: its own findings and those
 *  that need the index. */
void engine_article_findings(struct engine *e, uint32_t id, struct finding_list *out);

/** Writes up to max slugs of glossary g closest to word (borrowed until the next update) to out;
 *  returns how many. */
size_t engine_suggest(struct engine *e, size_t g, const char *word, const char **out, size_t max);

/** Returns the unlinked mentions (new array, caller frees; count in *n) in text[0..len), the
 *  current text of live article id: running text naming another term of its glossary by title,
 *  outside links, code, headings and front matter. */
struct mention *engine_mentions(struct engine *e, uint32_t id, const char *text, size_t len,
                                size_t *n);

/** Appends a FINDING_MENTION_UNLINKED to out for each unlinked mention in the text of article id,
 *  when that code's severity is not off. */
void engine_mention_findings(struct engine *e, uint32_t id, const char *text, size_t len,
                             struct finding_list *out);

/** Appends to out only the article's own findings (front matter, structure): what is known
 *  before the index is complete. */
void engine_local_findings(struct engine *e, uint32_t id, struct finding_list *out);

/** Appends to out every finding of file i at any severity: its read problem, its own findings and
 *  those that need the index (for check). */
void engine_findings(struct engine *e, size_t i, struct finding_list *out);

/** Builds now what engine_findings would otherwise build on first need (every glossary's "did you
 *  mean" suggester, and its titles automaton when unlinked mentions are reported), so that
 *  engine_findings can then run for different files on several threads at once, until the next
 *  change to e. */
void engine_findings_prepare(struct engine *e);

/** Returns the index of the file at the workspace-relative path, or -1. */
long engine_file_index(const struct engine *e, const char *path);

#endif
