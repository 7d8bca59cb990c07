/* fuzz_yamlfast.c — libFuzzer target that holds the fast front-matter reader
 * (lsp/analysis/yamlfast.c) to libyaml: whenever it accepts an input (valid UTF-8, as yamltree.c
 * passes it), libyaml must parse the same input without error into the same events
 * (tests/common/yaml_events_compare.h). Must never accept an input libyaml reads otherwise. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fuzz_check.h"
#include "text.h"
#include "yaml_events_compare.h"
#include "yamlfast.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    if (!text_utf8_valid(text, size, NULL)) return 0;
    struct yamlfast y;
    if (!yamlfast_parse(text, size, &y)) return 0;
    char why[512];
    if (!yaml_events_equal(text, size, &y, why, sizeof why)) {
        fprintf(stderr, "the fast reader differs from libyaml: %s\n", why);
        FUZZ_CHECK(0);
    }
    yamlfast_free(&y);
    return 0;
}
