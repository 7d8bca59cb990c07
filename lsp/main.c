/* main.c — the glossary-ls command line: `check` (batch), `--version`, `--help`.
 * Must never do work itself: it only dispatches to check.c (and, with the server issue, server.c). */
#include <stdio.h>
#include <string.h>

#include "check.h"

#ifndef GLOSSARY_VERSION
#define GLOSSARY_VERSION "0.0.0"
#endif

static void usage(FILE *out)
{
    fputs("usage: glossary-ls check [--format text|json|sarif] [--config FILE] [PATH...]\n"
          "       glossary-ls --version\n"
          "Checks glossaries of Markdown articles: front matter against a JSON Schema, internal\n"
          "links, highlights sections. See README.md for the configuration (.glossary.yaml).\n",
          out);
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "check") == 0) return check_main(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-v") == 0)) {
        printf("glossary-ls %s\n", GLOSSARY_VERSION);
        return 0;
    }
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "glossary-ls: the language server mode is not available in this version; "
                    "use 'glossary-ls check'\n");
    usage(stderr);
    return 2;
}
