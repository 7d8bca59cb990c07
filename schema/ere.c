/* ere.c — the cost of a POSIX extended regex, from its text: each atom counts one, a repetition
 * multiplies what it repeats by the copies glibc's regcomp makes of it (2 for '+', m for {n,m},
 * n + 1 for {n,}), alternatives and sequences add up. Must never accept a pattern whose copies
 * grow past ERE_MAX_COPIES, nor fail on a malformed one (regcomp judges those). */
#include "ere.h"

#include <stdio.h>
#include <stdlib.h>

#define MAX_GROUPS 256 /* nesting of parentheses followed */

/* One open group: the cost of its finished alternatives and items, and of its last item (which
 * a repetition may still multiply). */
struct group {
    double done;
    double last;
};

/* Parses "{n}", "{n,}" or "{n,m}" at p. Returns the length of the bound, or 0 when p is not one
 * (glibc then takes '{' as a character). *copies gets what regcomp makes of the repeated item. */
static size_t read_bound(const char *p, double *copies, unsigned long *largest)
{
    const char *q = p + 1;
    if (*q < '0' || *q > '9') return 0;
    char *end;
    unsigned long n = strtoul(q, &end, 10), m = n;
    int open = 0;
    q = end;
    if (*q == ',') {
        q++;
        if (*q >= '0' && *q <= '9') {
            m = strtoul(q, &end, 10);
            q = end;
        } else {
            open = 1;
        }
    }
    if (*q != '}') return 0;
    *largest = m > n ? m : n;
    *copies = open ? (double)n + 1 : (double)(m > 1 ? m : 1);
    return (size_t)(q + 1 - p);
}

/* Skips a bracket expression starting at p ('['); returns the position after its ']', or the
 * end of the pattern when it is unterminated. */
static const char *skip_bracket(const char *p)
{
    p++;
    if (*p == '^') p++;
    if (*p == ']') p++;
    while (*p && *p != ']') {
        if (*p == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
            char kind = p[1];
            p += 2;
            while (*p && !(*p == kind && p[1] == ']')) p++;
            if (*p) p += 2;
            continue;
        }
        p++;
    }
    return *p ? p + 1 : p;
}

int ere_check(const char *ere, char *why, size_t why_size)
{
    struct group groups[MAX_GROUPS + 1] = {{0, 0}};
    size_t depth = 0;
    int repeated = 0; /* the last item already carries a repetition */
    for (const char *p = ere; *p;) {
        struct group *g = &groups[depth];
        double copies = 0;
        unsigned long largest = 0;
        size_t len = 0;
        if (*p == '*' || *p == '?') {
            copies = 1;
            len = 1;
        } else if (*p == '+') {
            copies = 2;
            len = 1;
        } else if (*p == '{') {
            len = read_bound(p, &copies, &largest);
        }
        if (len) {
            if (largest > ERE_MAX_BOUND) {
                snprintf(why, why_size, "has the bound %lu, larger than %d", largest,
                         ERE_MAX_BOUND);
                return -1;
            }
            if (repeated) {
                snprintf(why, why_size, "has a repetition of a repetition ('%.*s' right after "
                                        "another), which regcomp expands exponentially",
                         (int)len, p);
                return -1;
            }
            g->last *= copies;
            repeated = 1;
            p += len;
        } else {
            repeated = 0;
            if (*p == '(' && depth < MAX_GROUPS) {
                depth++;
                groups[depth] = (struct group){0, 0};
                p++;
                continue; /* the group's cost becomes its parent's last item at ')' */
            }
            if (*p == ')' && depth > 0) {
                double inner = g->done + g->last;
                depth--;
                g = &groups[depth];
                g->done += g->last;
                g->last = inner;
                p++;
            } else if (*p == '|') {
                g->done += g->last;
                g->last = 0;
                p++;
            } else {
                g->done += g->last;
                g->last = 1;
                p = *p == '[' ? skip_bracket(p) : p + (*p == '\\' && p[1] ? 2 : 1);
            }
        }
        double total = 0;
        for (size_t i = 0; i <= depth; i++) total += groups[i].done + groups[i].last;
        if (total > ERE_MAX_COPIES) {
            snprintf(why, why_size, "is too large once its repetitions are expanded (more than "
                                    "%d copies)", ERE_MAX_COPIES);
            return -1;
        }
    }
    return 0;
}
