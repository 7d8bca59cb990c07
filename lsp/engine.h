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
#include "suggest.h"
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
    struct suggester **suggesters; /* per glossary; built by engine_index */
};

/** Opens the workspace at root: reads config_path when given (else finds .glossary.yaml in root or
 *  its nearest ancestor; a found file's folder becomes the root), loads the schema it names, and
 *  lists the article files. Mistakes in the configuration or schema become config_findings and
 *  defaults are used. Returns 0 and a new engine (engine_free), or -1 with a sentence in err when
 *  root is not a folder or an explicitly given config file cannot be read. */
int engine_open(struct engine **out, const char *root, const char *config_path, char *err,
                size_t err_size);

/** Frees the engine. NULL is a no-op. */
void engine_free(struct engine *e);

/** Reads and analyses every listed file on `threads` threads (0: one per online CPU), then files
 *  the summaries in the index and builds the suggesters. keep_text keeps each file's text in its
 *  engine_file (for position conversion). Returns 0. */
int engine_index(struct engine *e, unsigned threads, int keep_text);

/** Appends to out every finding of file i at any severity: its read problem, its own findings and
 *  those that need the index. Thread-safe for distinct outs once indexing is done. */
void engine_findings(const struct engine *e, size_t i, struct finding_list *out);

/** Returns the index of the file at the workspace-relative path, or -1. */
long engine_file_index(const struct engine *e, const char *path);

#endif
