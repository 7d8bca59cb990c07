/* json_value.c — jansson -> value tree. One direction only; never writes JSON. */
#include "json_value.h"

#include <stdio.h>
#include <string.h>

struct value *json_value_from_jansson(const json_t *json)
{
    switch (json_typeof(json)) {
    case JSON_OBJECT: {
        struct value *o = value_new_object();
        const char *key;
        json_t *member;
        json_object_foreach((json_t *)json, key, member)
        {
            value_object_add(o, key, strlen(key), 0, 0, json_value_from_jansson(member));
        }
        return o;
    }
    case JSON_ARRAY: {
        struct value *a = value_new_array();
        for (size_t i = 0; i < json_array_size(json); i++)
            value_array_append(a, json_value_from_jansson(json_array_get(json, i)));
        return a;
    }
    case JSON_STRING:
        return value_new_string(json_string_value(json), json_string_length(json));
    case JSON_INTEGER:
        return value_new_int((int64_t)json_integer_value(json));
    case JSON_REAL:
        return value_new_real(json_real_value(json));
    case JSON_TRUE:
        return value_new_bool(1);
    case JSON_FALSE:
        return value_new_bool(0);
    case JSON_NULL:
    default:
        return value_new_null();
    }
}

struct value *json_value_parse(const char *text, size_t len, char *err, size_t err_size)
{
    json_error_t jerr;
    json_t *json = json_loadb(text, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
    if (!json) {
        if (err && err_size)
            snprintf(err, err_size, "%s (line %d, column %d)", jerr.text, jerr.line, jerr.column);
        return NULL;
    }
    struct value *v = json_value_from_jansson(json);
    json_decref(json);
    return v;
}
