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

/* A file or folder that could not be listed or is not read, with why; reported as a finding
 * with its code. Also a note on what was skipped by design (a symlinked folder). */
struct workspace_problem {
    char *path;    /* workspace-relative */
    char *message; /* e.g. "Cannot read this folder: Permission denied" */
    enum finding_code code; /* FINDING_FILE_UNREADABLE, or FINDING_FILE_ENCODING (file name) */
};

struct workspace {
    char *root; /* absolute, no trailing '/' (except for "/") */
    struct workspace_glossary *glossaries;
    size_t nglossaries;
    struct workspace_file *files; /* sorted by path */
    size_t nfiles;
    struct workspace_problem *problems;
    size_t nproblems;
    struct workspace_problem *notes; /* skipped by design, not errors: symlinked folders */
    size_t nnotes;
};

/** Returns the absolute path of the .glossary.yaml in dir or its nearest ancestor (new string), or
 *  NULL when there is none. dir must exist. */
char *workspace_find_config(const char *dir);

/** Lists the workspace at root (absolute or relative; made absolute) as cfg describes it: expands
 *  the glossary roots (globs against folders), then lists every *.md file below each root; a file
 *  belongs to the deepest root that contains it. Excluded paths (cfg->exclude), hidden folders
 *  and node_modules are skipped silently; symlinked folders, also those a glob of roots matches,
 *  are not followed (ws->notes says which). Symlinked files are listed only when they resolve to a
 *  regular file inside their glossary root's folder; other symlinked *.md files, *.md FIFOs,
 *  sockets and devices, *.md files whose path is not valid UTF-8 and folders that cannot be read
 *  become ws->problems. A glossary entry that matches no folder is appended to config_findings
 *  (at its span in the configuration) and skipped. Returns 0, or -1 when root is not a readable
 *  folder (ws untouched). Free with workspace_free. */
int workspace_list(struct workspace *ws, const char *root, const struct config *cfg,
                   struct finding_list *config_findings);

/** Frees everything ws owns and zeroes it. */
void workspace_free(struct workspace *ws);

/** Reads the file at root/path into a new buffer (*text, caller frees; NUL-terminated for
 *  convenience, *len excludes the NUL). Returns 0, or -1 with a sentence in err (e.g. "Cannot read
 *  this file: Permission denied", "This is a folder, not a file", "The file is larger than 64 MiB",
 *  "Not a regular file": a FIFO is refused, never waited on) and *text untouched. */
int workspace_read(const char *root, const char *path, char **text, size_t *len, char *err,
                   size_t err_size);

/** Reads the article at the workspace-relative path rel below root as workspace_read does, but
 *  only from inside its glossary's folder base (workspace-relative, "" for the workspace): rel
 *  must lie below base and have no "", "." or ".." segment, and a symbolic link on the way (file
 *  or folder) is followed only while it stays inside root/base (a loop or a link out fails: "A
 *  symbolic link leads out of the glossary folder 'Texts/English': not followed"). FIFOs,
 *  sockets and devices are refused without blocking. Returns 0, or -1 with a sentence in err and
 *  *text untouched. */
int workspace_read_article(const char *root, const char *base, const char *rel, char **text,
                           size_t *len, char *err, size_t err_size);

/** Opens the folder root/base for workspace_read_article_at. Returns a file descriptor (the
 *  caller closes it) or -1 (errno set). */
int workspace_open_base(const char *root, const char *base);

/** workspace_read_article with base already opened as base_fd (workspace_open_base; -1: open it
 *  here): what the indexer calls for every file, one folder opening fewer each. */
int workspace_read_article_at(int base_fd, const char *root, const char *base, const char *rel,
                              char **text, size_t *len, char *err, size_t err_size);

/** Returns a new string: the absolute, normalised form of path (which need not exist) against the
 *  current directory. */
char *workspace_absolute(const char *path);

/** Returns the glossary index whose root contains the workspace-relative path (deepest root), or
 *  -1 when none does. */
int workspace_glossary_of(const struct workspace *ws, const char *path);

#endif
