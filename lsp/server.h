/* server.h — the language server over stdio: `glossary-ls` or `glossary-ls --stdio`.
 * Must never write to stdout except through protocol/transport.c. */
#ifndef GLOSSARY_SERVER_H
#define GLOSSARY_SERVER_H

struct server_options {
    int in_fd;        /* where framed messages arrive (0) */
    int out_fd;       /* where framed messages go (1) */
    unsigned threads; /* indexing threads (0: one per online CPU) */
    int paranoid;     /* rebuild every index from scratch after each update and compare */
    unsigned index_delay_ms; /* tests: make indexing take this long per file */
    const char *jail;        /* tests (tests/fuzz/fuzz_session.c): an absolute folder; workspace
                                folders outside it (or naming "..") are refused like URIs that
                                are not file:// URIs. NULL: every folder is served */
};

/** Serves one client until `exit` or the end of input. Returns the process exit status: 0 after
 *  `shutdown` + `exit`, 1 for `exit` without `shutdown`, the input ending, or a framing error. */
int server_run(const struct server_options *opt);

#endif
