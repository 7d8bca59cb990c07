/* check.h — the batch command `glossary-ls check`. Must never leave the process in a state other
 * than "report written, exit status returned". */
#ifndef GLOSSARY_CHECK_H
#define GLOSSARY_CHECK_H

/** Runs `check` with argv[0] = "check" and its arguments. Writes the report to stdout and problems
 *  to stderr. Returns the exit status: 0 no errors, 1 errors found, 2 usage or I/O error. */
int check_main(int argc, char **argv);

#endif
