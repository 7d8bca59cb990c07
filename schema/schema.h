/* schema.h — a JSON Schema (2020-12 subset) compiled once and validated against value trees.
 * Pure: takes trees in, gives violations out, never reads files, never prints, never knows LSP.
 * Regular expressions (`pattern`) are POSIX extended regexes (regcomp REG_EXTENDED) after
 * translating the ECMA-262 escapes \d \D \w \W \s \S; see README "Front-matter schema". */
#ifndef GLOSSARY_SCHEMA_H
#define GLOSSARY_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "value.h"

struct schema;

/* The default front-matter schema, schema/glossary.schema.json, embedded at build time: JSON text,
 * NUL-terminated, schema_default_json_len bytes. */
extern const char schema_default_json[];
extern const size_t schema_default_json_len;

/* One problem in a schema document, located in the schema's own source. */
struct schema_problem {
    char *message; /* owned by the problem list */
    uint32_t off;  /* byte range in the schema source (0,0 when unknown) */
    uint32_t len;
};

struct schema_problems {
    struct schema_problem *items;
    size_t count;
};

/** Compiles the schema document doc (a tree, typically from JSON). Keywords that are not
 *  understood are ignored, as JSON Schema requires; malformed keywords (`type: 3`, a bad regex,
 *  a regex pattern_check refuses, an unresolvable `$ref`, a `$ref` cycle that never goes into a
 *  property or an item) are recorded in *problems and the keyword is skipped.
 *  Returns a new schema (never NULL; an empty schema accepts everything) that the caller frees with
 *  schema_free. doc is borrowed and may be freed afterwards. problems may be NULL; otherwise the
 *  caller frees its contents with schema_problems_clear. A compiled schema is immutable and may be
 *  used by several threads at once. */
struct schema *schema_compile(const struct value *doc, struct schema_problems *problems);

/** Frees s. schema_free(NULL) is a no-op. */
void schema_free(struct schema *s);

/** Frees the problems' contents and zeroes the struct. */
void schema_problems_clear(struct schema_problems *p);

/* One violation of the schema by an instance. */
struct schema_violation {
    const char *keyword;               /* static: "type", "required", "additionalProperties", ...,
                                          "complexity" when validation stopped */
    const char *message;               /* valid during the callback only; names what was expected,
                                          e.g. "'title' must be a string, not an integer" */
    const struct value *at;            /* instance node the violation is about (borrowed) */
    const struct value_member *member; /* the object member whose KEY is at fault
                                          (additionalProperties, propertyNames), else NULL */
    const char *path;                  /* JSON-pointer-like instance path, e.g. "/keywords/2";
                                          valid during the callback only */
    const char *missing_key;           /* required: the key that is missing, else NULL */
    const struct value *allowed;       /* enum: the allowed values (VALUE_ARRAY), else NULL */
};

typedef void (*schema_report_fn)(void *ctx, const struct schema_violation *v);

/** Validates instance against s and calls report once per violation, in document order as far as
 *  the schema allows. For oneOf/anyOf, when no branch matches, it reports one violation that names
 *  the alternatives ("expected a string or an array of strings"), unless exactly one branch has the
 *  right type, in which case that branch's own violations are reported. Recursion through `$ref`
 *  cycles is bounded, and so is the work: past a million steps the only violation reported is
 *  one with keyword "complexity" saying that validation stopped. Returns the number of
 *  violations reported. */
size_t schema_validate(const struct schema *s, const struct value *instance,
                       schema_report_fn report, void *ctx);

/* What the schema says about one property, for hover and completion. All pointers borrowed from
 * the schema and valid until schema_free. */
struct schema_info {
    const char *title;             /* NULL when absent */
    const char *description;       /* NULL when absent */
    const char *type;              /* human-readable, e.g. "string", "string or array of strings" */
    const struct value *enum_values; /* VALUE_ARRAY of allowed values, or NULL */
    const struct value *default_value; /* or NULL */
    const struct value *examples;  /* VALUE_ARRAY, or NULL */
    int required;                  /* 1 when the parent object requires this key */
};

/** Looks up what the schema says about the top-level property key (NUL-terminated), following
 *  `$ref`. Returns 0 and fills *out, or -1 when the schema says nothing about key. */
int schema_property_info(const struct schema *s, const char *key, struct schema_info *out);

/** Returns the number of top-level properties the schema declares, and with i < count their names
 *  through schema_property_name (borrowed, valid until schema_free). For key completion. */
size_t schema_property_count(const struct schema *s);
const char *schema_property_name(const struct schema *s, size_t i);

/** Returns the NUL-terminated names of the top-level required keys, count in *n (borrowed). */
const char *const *schema_required(const struct schema *s, size_t *n);

#endif
