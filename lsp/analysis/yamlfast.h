/* yamlfast.h — the libyaml events of front matter written in plain YAML, produced in one pass
 * without libyaml: a mapping of simple keys to plain or quoted one-line scalars, one-line flow
 * sequences of plain scalars, and block sequences of such scalars. yamltree.c feeds them to the
 * same builder as libyaml's. Must never accept a text on which libyaml would give other events
 * (types, marks, values, styles) or an error: anything else is declined and libyaml reads it. */
#ifndef GLOSSARY_YAMLFAST_H
#define GLOSSARY_YAMLFAST_H

#include <stddef.h>
#include <yaml.h>

struct yamlfast {
    yaml_event_t *events; /* from the mapping's start to its end: no stream or document events */
    size_t count;
    char *values;         /* owned: the scalars' NUL-terminated texts the events point into */
};

/** Reads s[0..len), which must be valid UTF-8 (yamltree.c checks it first). Returns 1 and fills
 *  *out (free with yamlfast_free) when it is in the plain subset; returns 0 with *out empty
 *  otherwise. Marks are character indexes, as libyaml's; only their index is set. */
int yamlfast_parse(const char *s, size_t len, struct yamlfast *out);

/** Frees what out owns and empties it. */
void yamlfast_free(struct yamlfast *out);

#endif
