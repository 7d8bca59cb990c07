/* schema_internal.h — the compiled form of a JSON Schema, shared by schema.c (compile, info) and
 * schema_validate.c (validation). Private to schema/. Must never be included outside schema/. */
#ifndef GLOSSARY_SCHEMA_INTERNAL_H
#define GLOSSARY_SCHEMA_INTERNAL_H

#include <regex.h>
#include <stdint.h>

#include "schema.h"

enum {
    T_NULL = 1 << 0,
    T_BOOLEAN = 1 << 1,
    T_OBJECT = 1 << 2,
    T_ARRAY = 1 << 3,
    T_NUMBER = 1 << 4,
    T_STRING = 1 << 5,
    T_INTEGER = 1 << 6,
};

struct snode;

struct sprop {
    const char *name; /* borrowed from the schema document */
    struct snode *schema;
};

struct spattern {
    regex_t re;
    const char *source; /* borrowed */
    struct snode *schema; /* NULL for the `pattern` keyword itself */
};

struct snode {
    size_t id;          /* its index in schema.nodes */
    int boolean;        /* 1: true schema, 0: false schema, -1: an object schema */
    const struct value *doc; /* the schema object (borrowed from the schema's copy) */
    struct snode *ref;  /* $ref target, validated in addition to the siblings */
    unsigned types;     /* allowed types, 0 = any */
    struct sprop *props;
    size_t nprops;
    struct spattern *pattern_props;
    size_t npattern_props;
    struct snode *additional; /* NULL when absent */
    struct snode *property_names;
    const char **required;
    size_t nrequired;
    const struct value *enum_values; /* VALUE_ARRAY or NULL */
    const struct value *const_value; /* or NULL */
    struct spattern *pattern;        /* or NULL */
    int64_t min_length, max_length, min_items, max_items, min_props, max_props; /* -1: none */
    int unique_items;
    struct snode *items;
    struct snode **prefix_items;
    size_t nprefix_items;
    int has_min, has_max, has_xmin, has_xmax;
    double minimum, maximum, xminimum, xmaximum;
    struct snode *not_;
    struct snode **all_of, **any_of, **one_of;
    size_t nall_of, nany_of, none_of;
    struct snode *if_, *then_, *else_;
    const char *title, *description;
    const struct value *default_value, *examples;
};

struct schema {
    struct value *doc;      /* the schema's own copy of its document */
    struct snode *root;
    struct snode **nodes;   /* every compiled node, for freeing */
    size_t nnodes;
    const char **required;  /* root required keys (borrowed) */
    size_t nrequired;
    char **prop_types;      /* "a string or an array of strings" per root property (owned) */
    size_t nprop_types;
};

/** The type bit of an instance value (T_INTEGER also set for integral numbers). */
unsigned schema_type_bits(const struct value *v);

/** Human-readable "a string", "an array of strings", "a string or an array of strings" for what
 *  node accepts, written into buf. */
void schema_describe(const struct snode *node, char *buf, size_t size);

#endif
