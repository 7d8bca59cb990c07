/* globmatch.c — a small backtracking glob matcher with '**'. Must never recurse deeper than the
 * number of '**' in the pattern (bounded input from configuration, not from documents). */
#include "globmatch.h"

#include <string.h>

/* Matches a bracket class at *pp against c; advances *pp past ']'. Returns 1/0, or -1 when the
 * class is unterminated (then '[' is literal). */
static int match_class(const char **pp, char c)
{
    const char *p = *pp + 1;
    int negate = 0, matched = 0;
    if (*p == '!' || *p == '^') {
        negate = 1;
        p++;
    }
    const char *first = p;
    while (*p && (*p != ']' || p == first)) {
        char lo = *p, hi = *p;
        if (p[1] == '-' && p[2] && p[2] != ']') {
            hi = p[2];
            p += 3;
        } else {
            p++;
        }
        if (c >= lo && c <= hi) matched = 1;
    }
    if (*p != ']') return -1;
    *pp = p + 1;
    return matched != negate;
}

/* Matches pattern p against string s, both up to their NULs; '*' does not cross '/'. A single
 * '*' is matched iteratively (remember the last star, retry one character further on a
 * mismatch), so plain patterns cost O(|p| * |s|); only '**' recurses. */
static int match(const char *p, const char *s)
{
    const char *star_p = NULL, *star_s = NULL;
    while (*s || *p) {
        if (p[0] == '*' && p[1] == '*') {
            const char *rest = p + 2;
            if (*rest == '/') {
                rest++;
                /* "**" + "/x" matches "x" and "a/b/x" */
                if (match(rest, s)) return 1;
                for (const char *q = s; *q; q++)
                    if (*q == '/' && match(rest, q + 1)) return 1;
            } else {
                for (const char *q = s;; q++) {
                    if (match(rest, q)) return 1;
                    if (!*q) break;
                }
            }
            goto backtrack;
        }
        if (*p == '*') {
            star_p = ++p;
            star_s = s;
            continue;
        }
        if (*s) {
            if (*p == '?' && *s != '/') {
                p++;
                s++;
                continue;
            }
            if (*p == '[') {
                const char *q = p;
                int r = match_class(&q, *s);
                if (r > 0 && *s != '/') {
                    p = q;
                    s++;
                    continue;
                }
                if (r == 0) goto backtrack;
            }
            if (*p == '?') goto backtrack; /* '?' never matches '/' */
            const char *lit = (*p == '\\' && p[1]) ? p + 1 : p;
            if (*p && *lit == *s) {
                p = lit + 1;
                s++;
                continue;
            }
        }
    backtrack:
        if (star_p && star_s && *star_s && *star_s != '/') {
            s = ++star_s;
            p = star_p;
            continue;
        }
        return 0;
    }
    return 1;
}

int glob_match(const char *pattern, const char *path)
{
    if (!strchr(pattern, '/')) {
        const char *base = strrchr(path, '/');
        return match(pattern, base ? base + 1 : path);
    }
    if (*pattern == '/') pattern++;
    if (match(pattern, path)) return 1;
    size_t n = strlen(pattern);
    if (n >= 3 && strcmp(pattern + n - 3, "/**") == 0) {
        /* "dir/" + "**" also names "dir" itself */
        char buf[1024];
        if (n - 3 < sizeof buf) {
            memcpy(buf, pattern, n - 3);
            buf[n - 3] = '\0';
            return match(buf, path);
        }
    }
    return 0;
}

int glob_has_magic(const char *pattern)
{
    return strpbrk(pattern, "*?[") != NULL;
}
