/* fuzz_outline.c — libFuzzer target that holds the one-pass reader of plain articles
 * (lsp/analysis/markdown_fast.c) to the cmark walk (markdown.c): whenever the fast reader accepts
 * an input, both outlines must be equal field by field (tests/common/outline_compare.h). A body
 * after a "---" front matter block starts where the block closes, as in a real article.
 * Must never accept an input on which the two readers disagree. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "markdown_int.h"
#include "outline_compare.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    uint32_t body = 0;
    if (size > 4 && memcmp(text, "---\n", 4) == 0) {
        for (size_t i = 3; i + 5 <= size; i++)
            if (memcmp(text + i, "\n---\n", 5) == 0) {
                body = (uint32_t)(i + 5);
                break;
            }
    }
    struct md_outline fast, slow;
    if (!md_outline_fast(text, size, body, 0, &fast)) return 0;
    md_outline_cmark(text, size, body, 0, &slow);
    char why[512];
    if (!outline_equal(&fast, &slow, why, sizeof why)) {
        fprintf(stderr, "the fast reader differs from cmark: %s\n", why);
        FUZZ_CHECK(0);
    }
    md_outline_clear(&fast);
    md_outline_clear(&slow);
    return 0;
}
