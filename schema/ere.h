/* ere.h — what a POSIX extended regex costs to compile and to match, checked before regcomp: glibc
 * copies the subexpression of every repetition, so "a++++..." doubles per '+', "(a{200}){200}"
 * makes 40,000 copies and a{1,10000} takes seconds; a repetition of varying length inside another
 * counted one ("(a{1,100}){1,100}") takes seconds to match 100 characters, and a back-reference
 * exponential time. Used for schema patterns and configured link patterns.
 * Must never compile or match: it reads the pattern's text only. */
#ifndef GLOSSARY_ERE_H
#define GLOSSARY_ERE_H

#include <stddef.h>

#define ERE_MAX_BOUND 255     /* largest {n,m} bound (POSIX's RE_DUP_MAX minimum) */
#define ERE_MAX_COPIES 100000 /* largest number of atoms after expanding the repetitions */
#define ERE_MAX_VARYING 1000  /* largest product of the bounds of nested counted repetitions
                                 around one of varying length ({1,30} in {1,30}: 900) */

/** Checks the POSIX extended regex ere (NUL-terminated) before it is given to regcomp. Returns 0
 *  when it may be compiled (a malformed pattern too: regcomp reports those), or -1 with the end
 *  of a sentence in why (e.g. "has a repetition of a repetition ...") when it has a
 *  repetition of a repetition, a bound past ERE_MAX_BOUND, more than ERE_MAX_COPIES atoms once
 *  its repetitions are expanded, a back-reference (\1 to \9), or counted repetitions nested around
 *  one of varying length whose bounds multiply past ERE_MAX_VARYING. */
int ere_check(const char *ere, char *why, size_t why_size);

#endif
