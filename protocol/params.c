/* params.c — typed, path-addressed reads of JSON params. Must never dereference a JSON value of
 * the wrong type. */
#include "params.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void params_init(struct params *p, json_t *root)
{
    p->root = root;
    p->failed = 0;
    p->error[0] = '\0';
}

json_t *params_get(json_t *root, const char *path)
{
    json_t *v = root;
    const char *s = path;
    while (v && *s) {
        if (*s == '[') {
            char *end;
            unsigned long i = strtoul(s + 1, &end, 10);
            if (*end != ']' || !json_is_array(v)) return NULL;
            v = json_array_get(v, i);
            s = end + 1;
        } else {
            if (*s == '.') s++;
            size_t n = strcspn(s, ".[");
            char key[128];
            if (n >= sizeof key || !json_is_object(v)) return NULL;
            memcpy(key, s, n);
            key[n] = '\0';
            v = json_object_get(v, key);
            s += n;
        }
    }
    return v;
}

int params_fail(struct params *p, const char *path, const char *problem)
{
    if (!p->failed)
        snprintf(p->error, sizeof p->error, "params%s%s %s", *path == '[' ? "" : ".", path,
                 problem);
    p->failed = 1;
    return -1;
}

static json_t *required(struct params *p, const char *path)
{
    if (p->failed) return NULL;
    json_t *v = params_get(p->root, path);
    if (!v || json_is_null(v)) params_fail(p, path, "is missing");
    return v && !json_is_null(v) ? v : NULL;
}

const char *params_cstring(json_t *v)
{
    if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v)) return NULL;
    return json_string_value(v);
}

int params_text(struct params *p, const char *path, const char **out, size_t *len)
{
    json_t *v = required(p, path);
    if (!v) return -1;
    if (!json_is_string(v)) return params_fail(p, path, "must be a string");
    *out = json_string_value(v);
    *len = json_string_length(v);
    return 0;
}

int params_string(struct params *p, const char *path, const char **out)
{
    const char *s;
    size_t len;
    if (params_text(p, path, &s, &len) != 0) return -1;
    if (strlen(s) != len) return params_fail(p, path, "must not contain NUL characters");
    *out = s;
    return 0;
}

int params_object(struct params *p, const char *path, json_t **out)
{
    json_t *v = required(p, path);
    if (!v) return -1;
    if (!json_is_object(v)) return params_fail(p, path, "must be an object");
    *out = v;
    return 0;
}

int params_array(struct params *p, const char *path, json_t **out)
{
    json_t *v = required(p, path);
    if (!v) return -1;
    if (!json_is_array(v)) return params_fail(p, path, "must be an array");
    *out = v;
    return 0;
}

static int check_int(struct params *p, const char *path, json_t *v, long long min, long long max,
                     long long *out)
{
    if (!json_is_integer(v)) {
        char msg[96];
        snprintf(msg, sizeof msg, "must be an integer between %lld and %lld", min, max);
        return params_fail(p, path, msg);
    }
    long long x = (long long)json_integer_value(v);
    if (x < min || x > max) {
        char msg[96];
        snprintf(msg, sizeof msg, "must be between %lld and %lld, not %lld", min, max, x);
        return params_fail(p, path, msg);
    }
    *out = x;
    return 0;
}

int params_int(struct params *p, const char *path, long long min, long long max, long long *out)
{
    json_t *v = required(p, path);
    if (!v) return -1;
    return check_int(p, path, v, min, max, out);
}

int params_uint32(struct params *p, const char *path, uint32_t *out)
{
    long long x;
    if (params_int(p, path, 0, UINT32_MAX, &x) != 0) return -1;
    *out = (uint32_t)x;
    return 0;
}

int params_opt_string(struct params *p, const char *path, const char **out)
{
    if (p->failed) return -1;
    json_t *v = params_get(p->root, path);
    if (!v || json_is_null(v)) return 1;
    if (!json_is_string(v)) return params_fail(p, path, "must be a string");
    if (!params_cstring(v)) return params_fail(p, path, "must not contain NUL characters");
    *out = json_string_value(v);
    return 0;
}

int params_opt_int(struct params *p, const char *path, long long min, long long max,
                   long long *out)
{
    if (p->failed) return -1;
    json_t *v = params_get(p->root, path);
    if (!v || json_is_null(v)) return 1;
    return check_int(p, path, v, min, max, out);
}

int params_opt_bool(struct params *p, const char *path, int *out)
{
    if (p->failed) return -1;
    json_t *v = params_get(p->root, path);
    if (!v || json_is_null(v)) return 1;
    if (!json_is_boolean(v)) return params_fail(p, path, "must be true or false");
    *out = json_is_true(v);
    return 0;
}
