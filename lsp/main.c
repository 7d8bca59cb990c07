/* main.c — the glossary-ls command line: the language server (no arguments, or --stdio), `check`
 * (batch), --version, --help. Must never do work itself: it only dispatches. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "server.h"

#ifndef GLOSSARY_VERSION
#define GLOSSARY_VERSION "0.0.0"
#endif

static void usage(FILE *out)
{
    fputs("usage: glossary-ls [--stdio] [--threads N]     the language server, over stdin/stdout\n"
          "       glossary-ls check [--format text|json|sarif] [--config FILE] [--threads N] "
          "[PATH...]\n"
          "       glossary-ls --version\n"
          "Checks glossaries of Markdown articles: front matter against a JSON Schema, internal\n"
          "links, highlights sections. See README.md for the configuration (.glossary.yaml).\n",
          out);
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "check") == 0) return check_main(argc - 1, argv + 1);
    struct server_options opt = {0, 1, 0, 0, 0, NULL};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--version") == 0 || strcmp(a, "-v") == 0) {
            printf("glossary-ls %s\n", GLOSSARY_VERSION);
            return 0;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(a, "--stdio") == 0) continue;
        if (strcmp(a, "--paranoid") == 0) { /* tests: rebuild and compare after every update */
            opt.paranoid = 1;
            continue;
        }
        if (strcmp(a, "--index-delay") == 0 && i + 1 < argc) { /* tests: a slow index */
            opt.index_delay_ms = (unsigned)atoi(argv[++i]);
            continue;
        }
        if (strcmp(a, "--threads") == 0 && i + 1 < argc) {
            int n = atoi(argv[++i]);
            if (n < 1 || n > 64) {
                fputs("glossary-ls: --threads needs a number from 1 to 64\n", stderr);
                return 2;
            }
            opt.threads = (unsigned)n;
            continue;
        }
        fprintf(stderr, "glossary-ls: unknown argument '%s'\n", a);
        usage(stderr);
        return 2;
    }
    return server_run(&opt);
}
