/* pattern.h — the cost check every regular expression from a user's file passes before regcomp
 * (schema `pattern`s and `patternProperties`, `link_patterns` of .glossary.yaml): glibc's
 * matcher takes exponential time on back-references and builds one copy of an atom per count of
 * a repetition ({1,100} inside {1,100} is 10,000 copies). Must never let through a pattern whose
 * matching it cannot bound. */
#ifndef GLOSSARY_PATTERN_H
#define GLOSSARY_PATTERN_H

#include <stddef.h>

/* The most atom copies counted repetitions may add to a pattern (`.{1,160}` adds 159). Matching
 * costs about the pattern's expanded size times the length of the text. */
#define PATTERN_MAX_COPIES 1000

/** Checks the POSIX extended regex ere (NUL-terminated). Returns 0 when it may be compiled, or
 *  -1 with a sentence in why ("uses a back-reference (\1), which can take exponential time")
 *  when it has a back-reference or its counted repetitions add more than PATTERN_MAX_COPIES
 *  copies. A malformed pattern passes: regcomp reports it. Allocates nothing. */
int pattern_check(const char *ere, char *why, size_t why_size);

#endif
