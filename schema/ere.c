/* ere.c — the cost of a POSIX extended regex, from its text: each atom counts one, a repetition
 * multiplies what it repeats by the copies glibc's regcomp makes of it (2 for '+', m for {n,m},
 * n + 1 for {n,}), alternatives and sequences add up; counted repetitions around one of varying
 * length multiply their bounds (what makes matching slow); back-references are refused. Must
 * never accept a pattern whose copies grow past ERE_MAX_COPIES, nor fail on a malformed one
 * (regcomp judges those). */
#include "ere.h"

#include <stdio.h>
#include <stdlib.h>

#define MAX_GROUPS 256 /* nesting of parentheses followed */

/* One open group: the cost of its finished alternatives and items, and of its last item (which
 * a repetition may still multiply); the same for the product of the bounds of nested counted
 * repetitions around one of varying length (0: none), the largest along any nesting. */
struct group {
    double done;
    double last;
    double varying_done;
    double varying_last;
};

static double max2(double a, double b)
{
    return a > b ? a : b;
}

/* Parses "{n}", "{n,}" or "{n,m}" at p. Returns the length of the bound, or 0 when p is not one
 * (glibc then takes '{' as a character). *copies gets what regcomp makes of the repeated item,
 * *varies whether the count varies ({n,m} with m > n, or {n,}). */
static size_t read_bound(const char *p, double *copies, unsigned long *largest, int *varies)
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
    *varies = open || m > n;
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
    struct group groups[MAX_GROUPS + 1] = {{0, 0, 0, 0}};
    size_t depth = 0;
    int repeated = 0; /* the last item already carries a repetition */
    for (const char *p = ere; *p;) {
        struct group *g = &groups[depth];
        double copies = 0;
        unsigned long largest = 0;
        int varies = 0, counted = 0;
        size_t len = 0;
        if (*p == '\\' && p[1] >= '1' && p[1] <= '9') {
            snprintf(why, why_size, "has a back-reference (\\%c), which can take exponential "
                                    "time to match",
                     p[1]);
            return -1;
        }
        if (*p == '*' || *p == '?') {
            copies = 1;
            len = 1;
        } else if (*p == '+') {
            copies = 2;
            len = 1;
        } else if (*p == '{') {
            len = read_bound(p, &copies, &largest, &varies);
            counted = 1;
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
            if (counted && g->varying_last > 0)
                g->varying_last *= copies; /* around a repetition of varying length */
            else if (counted && varies)
                g->varying_last = copies;
            if (g->varying_last > ERE_MAX_VARYING) {
                snprintf(why, why_size, "nests a repetition of varying length in counted "
                                        "repetitions whose bounds multiply past %d ('%.*s' "
                                        "around one), which makes matching slow",
                         ERE_MAX_VARYING, (int)len, p);
                return -1;
            }
            repeated = 1;
            p += len;
        } else {
            repeated = 0;
            if (*p == '(' && depth < MAX_GROUPS) {
                depth++;
                groups[depth] = (struct group){0, 0, 0, 0};
                p++;
                continue; /* the group's cost becomes its parent's last item at ')' */
            }
            if (*p == ')' && depth > 0) {
                double inner = g->done + g->last;
                double inner_varying = max2(g->varying_done, g->varying_last);
                depth--;
                g = &groups[depth];
                g->done += g->last;
                g->last = inner;
                g->varying_done = max2(g->varying_done, g->varying_last);
                g->varying_last = inner_varying;
                p++;
            } else if (*p == '|') {
                g->done += g->last;
                g->last = 0;
                g->varying_done = max2(g->varying_done, g->varying_last);
                g->varying_last = 0;
                p++;
            } else {
                g->done += g->last;
                g->last = 1;
                g->varying_done = max2(g->varying_done, g->varying_last);
                g->varying_last = 0;
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
