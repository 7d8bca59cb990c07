/* pattern.c — refuses regular expressions whose matching glibc cannot do in bounded time:
 * back-references, and counted repetitions that expand into too many copies. A single pass over
 * the pattern with a stack of groups. Must never read past the pattern's NUL. */
#include "pattern.h"

#include <stdio.h>

#define MAX_GROUPS 256

/* A pattern's size in atoms, with and without its counted repetitions expanded; capped so that
 * nested repetitions cannot overflow. */
#define CAP 100000000ull

struct group {
    unsigned long long expanded, plain; /* of what the group holds so far */
    unsigned long long last_expanded, last_plain; /* of its last atom, for a quantifier */
};

/* Past the bracket expression that starts at p ('['): its ']' + 1, or the NUL. */
static const char *skip_bracket(const char *p)
{
    p++;
    if (*p == '^') p++;
    if (*p == ']') p++; /* a ']' first is a literal */
    while (*p && *p != ']') {
        if (p[0] == '[' && (p[1] == ':' || p[1] == '.' || p[1] == '=')) {
            char kind = p[1];
            p += 2;
            while (*p && !(p[0] == kind && p[1] == ']')) p++;
            if (*p) p += 2;
            continue;
        }
        p++;
    }
    return *p ? p + 1 : p;
}

/* Reads "{m}", "{m,}" or "{m,n}" at p. Returns the characters read and the largest count in
 * *bound, or 0 when it is not an interval (glibc then takes the brace literally). */
static size_t interval(const char *p, unsigned long long *bound)
{
    const char *q = p + 1;
    unsigned long long m = 0, n = 0;
    int digits = 0, comma = 0, ndigits = 0;
    while (*q >= '0' && *q <= '9') {
        if (m < CAP) m = m * 10 + (unsigned long long)(*q - '0');
        q++;
        digits = 1;
    }
    if (*q == ',') {
        comma = 1;
        q++;
        while (*q >= '0' && *q <= '9') {
            if (n < CAP) n = n * 10 + (unsigned long long)(*q - '0');
            q++;
            ndigits = 1;
        }
    }
    if (!digits || *q != '}') return 0;
    *bound = comma && ndigits ? n : comma ? m + 1 : m; /* {m,} is m copies and a star */
    if (*bound == 0) *bound = 1;
    return (size_t)(q - p) + 1;
}

static unsigned long long capped(unsigned long long x)
{
    return x > CAP ? CAP : x;
}

/* Adds an atom of the given sizes to group g. */
static void atom(struct group *g, unsigned long long expanded, unsigned long long plain)
{
    g->expanded = capped(g->expanded + expanded);
    g->plain = capped(g->plain + plain);
    g->last_expanded = expanded;
    g->last_plain = plain;
}

int pattern_check(const char *ere, char *why, size_t why_size)
{
    struct group stack[MAX_GROUPS];
    size_t depth = 0;
    stack[0] = (struct group){0, 0, 0, 0};
    const char *p = ere;
    while (*p) {
        struct group *g = &stack[depth];
        unsigned long long bound;
        size_t n;
        if (*p == '\\' && p[1] >= '1' && p[1] <= '9') {
            snprintf(why, why_size, "uses a back-reference (\\%c), which can take exponential "
                                    "time to match",
                     p[1]);
            return -1;
        }
        if (*p == '\\') {
            atom(g, 1, 1);
            p += p[1] ? 2 : 1;
        } else if (*p == '[') {
            atom(g, 1, 1);
            p = skip_bracket(p);
        } else if (*p == '(' && depth + 1 < MAX_GROUPS) {
            stack[++depth] = (struct group){0, 0, 0, 0};
            p++;
        } else if (*p == ')' && depth > 0) {
            struct group inner = stack[depth--];
            atom(&stack[depth], inner.expanded ? inner.expanded : 1, inner.plain ? inner.plain : 1);
            p++;
        } else if (*p == '{' && (n = interval(p, &bound)) > 0) {
            /* the last atom is repeated: bound copies of it instead of one */
            g->expanded = capped(g->expanded + capped(g->last_expanded * (bound - 1)));
            g->last_expanded = capped(g->last_expanded * bound);
            p += n;
        } else if (*p == '*' || *p == '+' || *p == '?' || *p == '|' || *p == '^' || *p == '$') {
            p++; /* no copies */
        } else {
            atom(g, 1, 1);
            p++;
        }
    }
    while (depth > 0) { /* unclosed groups: regcomp refuses them; count them anyway */
        struct group inner = stack[depth--];
        atom(&stack[depth], inner.expanded, inner.plain);
    }
    unsigned long long added = stack[0].expanded - stack[0].plain;
    if (added > PATTERN_MAX_COPIES) {
        snprintf(why, why_size, "repeats so much that it expands to %llu%s copies of its parts "
                                "(at most %d are allowed), which makes matching slow",
                 stack[0].expanded, stack[0].expanded >= CAP ? " or more" : "",
                 PATTERN_MAX_COPIES);
        return -1;
    }
    return 0;
}
