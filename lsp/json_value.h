/* json_value.h — turns JSON text (schemas, settings) into the positioned value tree the schema
 * validator and the config reader share. jansson does the parsing; it reports no per-node
 * positions, so nodes carry off = len = 0. Must never be used by lsp/analysis (no jansson there). */
#ifndef GLOSSARY_JSON_VALUE_H
#define GLOSSARY_JSON_VALUE_H

#include <jansson.h>
#include <stddef.h>

#include "value.h"

/** Converts a jansson value into a new value tree (caller owns; free with value_free). Integers
 *  stay integers, reals stay reals; object member order is jansson's insertion order. */
struct value *json_value_from_jansson(const json_t *json);

/** Parses JSON text[0..len) into a new value tree. Returns NULL on a syntax error and then, when
 *  err is not NULL, writes jansson's message with its line and column into err (size err_size). */
struct value *json_value_parse(const char *text, size_t len, char *err, size_t err_size);

#endif
