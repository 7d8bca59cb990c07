/* workspace.h — the file system side of a glossary workspace: finding .glossary.yaml, expanding
 * the configured glossary roots, listing every article (*.md) with its glossary, reading files.
 * Must never write a file, follow a symlink out of the workspace, or descend into hidden folders
 * and node_modules. */
#ifndef GLOSSARY_WORKSPACE_H
#define GLOSSARY_WORKSPACE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "finding.h"

#define WORKSPACE_MAX_FILE (64u * 1024 * 1024) /* larger files are reported, not read */

struct workspace_glossary {
    char *root; /* workspace-relative folder ("" for the workspace root) */
    char *name; /* e.g. "Norwegian" */
    char *prefix; /* its link prefix */
};

struct workspace_file {
    char *path;        /* workspace-relative, '/'-separated */
    uint32_t glossary; /* index into glossaries */
};

/* A file or folder that could not be listed, with why; reported as FINDING_FILE_UNREADABLE. */
struct workspace_problem {
    char *path;    /* workspace-relative */
    char *message; /* e.g. "Cannot read this folder: Permission denied" */
};

struct workspace {
    char *root; /* absolute, no trailing '/' (except for "/") */
    struct workspace_glossary *glossaries;
    size_t nglossaries;
    struct workspace_file *files; /* sorted by path */
    size_t nfiles;
    struct workspace_problem *problems;
    size_t nproblems;
};

/** Returns the absolute path of the .glossary.yaml in dir or its nearest ancestor (new string), or
 *  NULL when there is none. dir must exist. */
char *workspace_find_config(const char *dir);

/** Lists the workspace at root (absolute or relative; made absolute) as cfg describes it: expands
 *  the glossary roots (globs against folders), then lists every *.md file below each root; a file
 *  belongs to the deepest root that contains it. Excluded paths (cfg->exclude), hidden folders,
 *  node_modules and symlinked folders are skipped; symlinked files are listed only when they
 *  resolve inside root. A glossary entry that matches no folder is appended to config_findings
 *  (at its span in the configuration) and skipped. Returns 0, or -1 when root is not a readable
 *  folder (ws untouched). Free with workspace_free. */
int workspace_list(struct workspace *ws, const char *root, const struct config *cfg,
                   struct finding_list *config_findings);

/** Frees everything ws owns and zeroes it. */
void workspace_free(struct workspace *ws);

/** Reads the file at root/path into a new buffer (*text, caller frees; NUL-terminated for
 *  convenience, *len excludes the NUL). Returns 0, or -1 with a sentence in err (e.g. "Cannot read
 *  this file: Permission denied", "This is a folder, not a file", "The file is larger than 64 MiB")
 *  and *text untouched. */
int workspace_read(const char *root, const char *path, char **text, size_t *len, char *err,
                   size_t err_size);

/** Returns a new string: the absolute, normalised form of path (which need not exist) against the
 *  current directory. */
char *workspace_absolute(const char *path);

/** Returns the glossary index whose root contains the workspace-relative path (deepest root), or
 *  -1 when none does. */
int workspace_glossary_of(const struct workspace *ws, const char *path);

#endif
