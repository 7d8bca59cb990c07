/* span.h — a byte range in a document's current text: the only kind of position the analysis
 * core knows. Must never hold lines or characters: lsp/analysis/text.c converts at the edge. */
#ifndef GLOSSARY_SPAN_H
#define GLOSSARY_SPAN_H

#include <stdint.h>

/* Documents are capped well below 4 GiB (see workspace and transport limits), so 32 bits do. */
struct span {
    uint32_t off; /* first byte */
    uint32_t len; /* length in bytes */
};

static inline struct span span_make(uint32_t off, uint32_t len)
{
    struct span s = {off, len};
    return s;
}

static inline uint32_t span_end(struct span s)
{
    return s.off + s.len;
}

#endif
