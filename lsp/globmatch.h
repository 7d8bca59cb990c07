/* globmatch.h — matching workspace-relative paths against glob patterns: '*' and '?' within one path
 * segment, '[...]' classes, '**' across segments; the dialect of .glossary.yaml `exclude` and of
 * LSP file watchers. Must never touch the file system (workspace.c expands root globs). */
#ifndef GLOSSARY_GLOBMATCH_H
#define GLOSSARY_GLOBMATCH_H

/** Returns 1 when path (e.g. "Texts/English/draft.md") matches pattern, else 0. A pattern without
 *  '/' matches any path whose LAST segment matches it ("*.tmp.md", "drafts"); a pattern with '/'
 *  matches the whole path ("Texts/<star>/archive", "<star><star>/old/<star><star>", where <star> is '*'). A trailing "/" + "**" also
 *  matches the folder itself. Both strings are NUL-terminated and '/'-separated. */
int glob_match(const char *pattern, const char *path);

/** Returns 1 when pattern contains glob syntax (* ? [), else 0. */
int glob_has_magic(const char *pattern);

#endif
