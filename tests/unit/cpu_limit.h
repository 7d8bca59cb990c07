/* cpu_limit.h — for the unit tests that guard against quadratic blowups (a 1 MB line, 200,000
 * headings): the process's CPU time, not the wall clock (a busy machine is not a slow algorithm),
 * and the limit stretched by GLOSSARY_TIME_SCALE, which the valgrind test setup sets (memcheck
 * runs some fifty times slower). Must never be used to measure speed: that is tests/bench's job. */
#ifndef GLOSSARY_CPU_LIMIT_H
#define GLOSSARY_CPU_LIMIT_H

#include <stdlib.h>
#include <time.h>

/* Returns the CPU seconds this process has used. */
static inline double cpu_seconds(void)
{
    return (double)clock() / CLOCKS_PER_SEC;
}

/* Returns limit (seconds) times GLOSSARY_TIME_SCALE when that is set and above 1. */
static inline double cpu_limit(double limit)
{
    const char *e = getenv("GLOSSARY_TIME_SCALE");
    double k = e ? atof(e) : 1.0;
    return k > 1.0 ? limit * k : limit;
}

#endif
